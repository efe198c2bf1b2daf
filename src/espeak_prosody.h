/* espeak_prosody: espeak-ng's Mandarin made to keep a natural pace and to
 * mark questions. */
#ifndef POSTCAST_ESPEAK_PROSODY_H
#define POSTCAST_ESPEAK_PROSODY_H

/* espeak-ng's rate (words a minute) that speaks Mandarin at sps syllables
 * a second, pauses excluded. espeak-ng counts each syllable as a word but
 * adds time per syllable, so the relation is not proportional: measured
 * with cmn-latn-pinyin on 1,326 syllables of the corpus post (every
 * variant the presets use times the same), interpolated, extrapolated
 * along the end segments, clamped to espeak-ng's 80-450. */
int pc_espeak_mandarin_rate(double sps);

/* espeak-ng's Mandarin gives a question the falling contour of a
 * statement (its tones leave no room for clause intonation), so a text
 * for a Mandarin voice (language "cmn...") ending in a question mark gets
 * a rise: its last two syllables (Han characters or tone-numbered pinyin
 * words) are raised in steps, to pitch + 11 and pitch + 22 on espeak-ng's
 * 0-100 scale, by espeak-ng's embedded pitch commands ("\x01" N "P").
 * text must be cleaned (pc_speech_clean: no command bytes of its own).
 * Returns the new text, malloc'd (the caller frees it), or NULL when
 * nothing changes (not Mandarin, not a question) or out of memory. */
char *pc_espeak_question_rise(int pitch, const char *language, const char *text);

#endif
