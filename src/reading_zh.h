/* reading_zh: Mandarin words and their readings.
 *
 * Han text is cut into words by the likeliest segmentation over a word
 * table (data/zh-readings.tsv, generated at build time from the Debian
 * package rime-data-terra-pinyin: tone-numbered readings, Traditional,
 * Taiwan and Simplified forms), each word gets its table reading, 一 and 不
 * get their tone sandhi, and the result is tone-numbered pinyin, one
 * syllable per character, which espeak-ng's cmn-latn-pinyin voice reads
 * as written. */
#ifndef POSTCAST_READING_ZH_H
#define POSTCAST_READING_ZH_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include "lexicon.h"

#include <stdint.h>

typedef struct pc_zh_table pc_zh_table;

/* Loads the word table at path into *out (free with pc_zh_table_free).
 * On failure *out is NULL and err says why (PCAST_ERR_IO: unreadable). */
pcast_status pc_zh_table_load(const char *path, pc_zh_table **out, pcast_error *err);
void pc_zh_table_free(pc_zh_table *t);
/* Words in the table. */
size_t pc_zh_table_size(const pc_zh_table *t);
/* A hash of the table file's bytes (0 for NULL). */
uint64_t pc_zh_table_hash(const pc_zh_table *t);

/* Appends to out the reading of s[0..n): every run of Han characters
 * becomes tone-numbered pinyin syllables separated by blanks (a character
 * the table does not know stays as it is); everything else is copied.
 * lex (may be NULL) entries for "zh" win over the table. mainland: the
 * run is zh-CN/zh-Hans/zh-SG (期 qi1, 績 ji4, not Taiwan's qi2, ji1). Returns false
 * when out of memory (out then holds a prefix of the result). */
bool pc_zh_read(const pc_zh_table *t, const pc_lexicon *lex, bool mainland, const char *s, size_t n,
                struct pc_buf *out);

/* Marks where the words of s[0..n) (valid UTF-8) start, by the same
 * segmentation pc_zh_read reads with (t and lex as there): starts[i]
 * (n bytes, caller's) becomes 1 where byte i opens a word, else 0. A Han
 * stretch is cut into its words; a run of ASCII letters and digits (with
 * '.', ',' or ':' between digits: 3.7, 10,000, 9:30) is one word; any
 * other code point is a word of its own. t NULL: every Han character is
 * a word. Returns false when out of memory (the Han stretches it could
 * not segment then have every character a word). */
bool pc_zh_word_starts(const pc_zh_table *t, const pc_lexicon *lex, const char *s, size_t n,
                       unsigned char *starts);

/* Whether s[0..n) (valid UTF-8) holds a Han character, as the reading
 * counts them (a stretch pc_zh_read and pc_zh_word_starts segment). */
bool pc_zh_has_han(const char *s, size_t n);

#endif
