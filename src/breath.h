/* breath: where a reader pauses inside a sentence. Counts syllables,
 * tells the punctuation a voice pauses at, and picks where a long
 * Mandarin phrase without punctuation is cut for breath.
 *
 * A cut falls only where a word starts (the reading front end's own
 * segmentation, handed in by the caller: pc_reading_word_starts), and
 * among those preferably before a conjunction or a coverb (但是, 因為, 和,
 * 在, 把, ...) or after a clause particle (了, 的), else near the middle
 * of the phrase. */
#ifndef POSTCAST_BREATH_H
#define POSTCAST_BREATH_H

#include <stdbool.h>
#include <stddef.h>

/* The most syllables said in one breath: longer phrases are cut. */
#define PC_BREATH_MAX_SYLLABLES 20

/* Whether a voice pauses at cp inside a sentence or at its end: commas
 * (, ， 、), colons, semicolons, dashes and sentence ends. */
bool pc_breath_pauses_at(unsigned cp);

/* Whether cp marks a pause where two languages meet: the same as
 * pc_breath_pauses_at less the sentence ends. */
bool pc_breath_comma(unsigned cp);

/* The syllables of s[0..n) said since its last pausing punctuation
 * (after_pause true), or all of them: a Han character or a digit is one,
 * a Latin word one per group of vowels. s is valid UTF-8. */
size_t pc_breath_syllables(const char *s, size_t n, bool after_pause, bool *paused);

/* Where to cut s[0..n) (Han text, valid UTF-8) so that no phrase of it,
 * counting the `carry` syllables said before it since the last pause,
 * has more than max syllables: the byte offset of the first cut, or n
 * when none is needed. 0 means "pause before s" (the carry alone fills
 * the breath). starts (n bytes, may be NULL: every character) marks the
 * bytes where a word starts; the cut is one of them, unless no word
 * start lies where the phrase can be cut (a word longer than max), then
 * it is between two characters. Pure. */
size_t pc_breath_cut(const char *s, size_t n, size_t carry, size_t max,
                     const unsigned char *starts);

#endif
