/* scripts: the writing system of each code point of a post, and the
 * language that reads a run of it.
 *
 * espeak-ng reads only its own language's script: its English voice
 * spells a Russian word letter by letter ("Cyrillic P, E, R..."), an
 * Arabic or Hebrew one by the letters' names, a Greek word as "gamma
 * epsilon iota"; its Mandarin voice says "Japanese" for every kana. So a
 * sentence is cut where the script changes and each run goes to a voice
 * that reads its script: Han to Mandarin (or Cantonese, or Japanese in a
 * Japanese post), kana to Japanese, hangul to Korean, Cyrillic to Russian,
 * Greek to Greek, Arabic to Arabic, and so on; the post's own language
 * reads its own script (Cyrillic in a `lang: uk` post is Ukrainian, Arabic
 * in a `lang: fa` post Persian). Latin letters are English, or the
 * post's language when it is written in them. A lone Greek letter among
 * other text (β-blocker, π, Ω) is a symbol the sentence's voice names. */
#ifndef POSTCAST_SCRIPTS_H
#define POSTCAST_SCRIPTS_H

#include <stdbool.h>
#include <stddef.h>

/* A code point's class: neutral (digits, blanks, symbols, marks), Han
 * (ideographs and CJK punctuation), a Latin letter, kana, hangul, or a
 * letter of another alphabet espeak-ng reads (PC_SCRIPT_ALPHABET + k, one
 * value per alphabet). Letters of alphabets espeak-ng has no voice for
 * count as Latin letters. */
enum {
    PC_SCRIPT_NEUTRAL,
    PC_SCRIPT_HAN,
    PC_SCRIPT_LATIN,
    PC_SCRIPT_KANA,
    PC_SCRIPT_HANGUL,
    PC_SCRIPT_ALPHABET
};

int pc_script_of(unsigned cp);

/* Is script Greek (whose single letters are symbols)? */
bool pc_script_greek(int script);

/* The language tag a run of script (kana, hangul or an alphabet) is read
 * in, in a post whose language is lang (may be NULL). */
const char *pc_script_tag(int script, const char *lang);

/* The script lang (a tag) is written in: PC_SCRIPT_HAN (zh, cmn, yue),
 * KANA (ja), HANGUL (ko), an alphabet (ru: Cyrillic...), else LATIN
 * (also for NULL and a tag saying -Latn, sr-Latn). */
int pc_script_of_lang(const char *lang);

/* An alphabet's Unicode script name ("Cyrillic"), or NULL for any other
 * class. */
const char *pc_script_name(int script);

/* Is lang's primary subtag p (case-insensitive)? */
bool pc_script_primary_is(const char *lang, const char *p);

/* Counts of a text's scripts: Han ideographs (not CJK punctuation),
 * kana, hangul, Latin words, and letters of other alphabets (not a lone
 * Greek letter). */
typedef struct pc_scripts {
    size_t han, kana, hangul, latin, other;
} pc_scripts;

/* Adds t's (NUL-terminated UTF-8) counts to *sc. */
void pc_scripts_count(const char *t, pc_scripts *sc);

/* Is a text with these counts (and lang, or NULL) Japanese? Japanese
 * prose is mostly kana; Chinese quotes a kana name now and then. */
bool pc_scripts_japanese(const char *lang, const pc_scripts *sc);
/* The Han tag the sentence s[0..n) reads in, for a post whose Han text
 * is han_tag's: a sentence with as much kana as half its kanji is
 * Japanese ("ja") and one that
 * writes Cantonese's own characters (冇, 我哋, 嚟...) Cantonese ("yue"),
 * whatever most of the post is; others keep han_tag (returned as that
 * pointer). *ja: Japanese, with kana or kanji: they are one run. An
 * English post quoting one Japanese sentence was read as a Japanese post
 * ("I" as アイ), and its Cantonese by the Japanese voice. */
const char *pc_scripts_sentence(const char *s, size_t n, const char *han_tag, bool *ja);
/* Whether the nearest character before s[a] or from s[b], past blanks,
 * is CJK (AIは, 「AI」を), or s[a..b) is all of s: where a Japanese
 * initialism is read in Japanese ("when I tried" keeps English's I). */
bool pc_scripts_beside_cjk(const char *s, size_t n, size_t a, size_t b);


/* Letters that belong to a number and are read with it in the run the
 * number stands in: a unit right after it ("300km", "35°C", "2 kg") or a
 * currency before it ("NT$1,200", "US$5", "RMB 100"). Their length at
 * s[i] (a letter), or 0. ja: a Japanese run, which reads more units
 * after a number itself (500cc, 16GB). */
size_t pc_scripts_number_letters(const char *s, size_t n, size_t i, bool ja);

/* Whether a post is Korean: its lang is ko, or it has none and hangul is
 * at least half its CJK text (its hanja are then read in Korean). */
bool pc_scripts_korean(const char *lang, const pc_scripts *sc);

#endif
