/* reading: the front end between plan and engine.
 *
 * One language run's plain text in, the text to hand the speech engine
 * out: NFKC first (full-width digits and letters become ASCII), then
 * numbers and symbols written out in the run's language (normalize.h),
 * then for Mandarin every Han word read from the word table with 一/不
 * sandhi as tone-numbered pinyin (reading_zh.h), for English acronyms,
 * years, URLs (normalize.h), with the user's lexicon (lexicon.h) winning
 * everywhere. Other languages get NFKC only. In every run but Mandarin
 * an ideographic full stop (。, which the plan leaves at the end of a Latin
 * run that closes a Chinese sentence) becomes '.'; NFKC already makes ？
 * and ！ '?' and '!'.
 *
 * A pc_reading is not thread-safe (the word table is loaded on the first
 * Mandarin run); use one per thread or load it first with
 * pc_reading_prepare. */
#ifndef POSTCAST_READING_H
#define POSTCAST_READING_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include "lexicon.h"

#include <stdint.h>

/* Bumped whenever a rule here changes what is handed to the engine. */
#define PC_READING_VERSION "reading-3"

typedef struct pc_reading pc_reading;

/* A new front end. table_path: the Mandarin word table (NULL: the build
 * tree's, else the installed one, POSTCAST_READING_TABLE). lex: borrowed,
 * may be NULL, must outlive the front end. NULL when out of memory. */
pc_reading *pc_reading_new(const char *table_path, const pc_lexicon *lex);
void pc_reading_free(pc_reading *r);

/* Whether the engine reads [[...]] in its text as espeak-ng phonemes
 * (espeakPHONEMES; off by default, and synth.c keeps it off). When on, the
 * lexicon's phoneme entries are handed over as [[...]] and any [[ or ]] in
 * the post's own text is broken up first; when off, a word whose entry is
 * phonemes is read as written. */
void pc_reading_set_phoneme_input(pc_reading *r, bool on);

/* The post's lang (front matter; may be NULL): a run tagged just "zh"
 * is read the way that lang's region reads (zh-CN: mainland readings). */
void pc_reading_set_lang(pc_reading *r, const char *post_lang);

/* Lets r read with the word table from has loaded, borrowed (from must
 * outlive r), instead of loading one of its own: a render reads with the
 * table its plan cut breaths by, loaded once. Nothing happens when from
 * is NULL or has no table loaded, or r has one. */
void pc_reading_borrow_table(pc_reading *r, const pc_reading *from);

/* Loads the word table now (else on the first Mandarin run). On failure
 * err says why (PCAST_ERR_IO: the table is missing) and Mandarin runs
 * will fail the same way. */
pcast_status pc_reading_prepare(pc_reading *r, pcast_error *err);

/* Appends to out what the engine is to read for text[0..n) in the
 * language lang_tag (a BCP 47 tag or an espeak-ng voice name: "zh-TW",
 * "cmn", "cmn-latn-pinyin", "en-us"). On failure out holds a prefix and
 * err says why. */
pcast_status pc_reading_apply(pc_reading *r, const char *lang_tag, const char *text, size_t n,
                              struct pc_buf *out, pcast_error *err);

/* Marks in starts[0..n) (caller's, n bytes) where the words of s[0..n)
 * start, by the segmentation Mandarin runs are read with (see
 * pc_zh_word_starts; the lexicon's words count). Loads the table when s
 * holds Han text. On failure (no table: err says why, as
 * pc_reading_prepare; or out of memory) starts marks every code point's
 * first byte, Han characters each a word. */
pcast_status pc_reading_word_starts(pc_reading *r, const char *s, size_t n, unsigned char *starts,
                                    pcast_error *err);

/* What a clip's cache key must include for lang_tag: the front end's
 * version, the word table's hash (Mandarin only) and the lexicon's hash,
 * as a string in out (at least 64 bytes). Loads the table for Mandarin;
 * on failure as pc_reading_prepare. */
pcast_status pc_reading_cache_tag(pc_reading *r, const char *lang_tag, char *out, size_t size,
                                  pcast_error *err);

/* Which reader a tag gets: 'z' Mandarin, 'e' English, 'j' Japanese, 'y'
 * Cantonese (yue, zh-HK, zh-MO), 'k' Korean, 0 other. */
int pc_reading_kind(const char *lang_tag);

#endif
