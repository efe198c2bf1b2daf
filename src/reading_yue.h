/* reading_yue: Cantonese text as espeak-ng's yue voice reads it.
 *
 * espeak-ng 1.51's yue dictionary reads one syllable per character with
 * no sense of the word around it: 哋 dei2 (我哋 is ngo5 dei6), 吓 haak3
 * (睇吓 tai2 haa5), 生 saang in 學生 and 生活 alike, 唔 ng4, 屋 nguk1,
 * HK$8,999 as the English letters H K and a bare number, a phone number
 * as an amount. Its yue-Latn-jyutping voice reads Jyutping as written
 * (and Han as the yue voice does), so this front end cuts each Han
 * stretch into words by longest match over the word list of Debian's
 * rime-data-jyut6ping3 (jyut6ping3.words.dict.yaml, about 100,000 words
 * with tone-numbered readings; jyut6ping3.chars.dict.yaml for single
 * characters, its unmarked reading first) and hands every syllable over
 * as Jyutping, after reading numbers in words (reading_yue_numbers.c).
 * A syllabic nasal (m4 ng5) goes over as a character the yue dictionary
 * reads with its tone (Jyutping m4 would be toneless). */
#ifndef POSTCAST_READING_YUE_H
#define POSTCAST_READING_YUE_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pc_buf;
struct pc_lexicon;
typedef struct pc_yue pc_yue;

/* Loads the Jyutping word list into *out (free with pc_yue_free). On
 * failure *out is NULL and err says why (PCAST_ERR_IO: no word list; the
 * message names the Debian package). */
pcast_status pc_yue_open(pc_yue **out, pcast_error *err);
void pc_yue_free(pc_yue *y);

/* A hash of the word list's files (0 for NULL), for cache tags. */
uint64_t pc_yue_hash(const pc_yue *y);

/* Appends to out the reading of s[0..n) (valid UTF-8, NFKC): numbers,
 * money, dates and times in words, every Han character the list knows as
 * a Jyutping syllable (blank-separated), everything else as written. A
 * word of lex (may be NULL) under yue (or zh-HK) is read as its entry's
 * Jyutping ("張相: zoeng1 soeng2"), the longest first, before the list.
 * Borrows y and lex. Returns false when out of memory (out then holds a
 * prefix). */
bool pc_yue_read(const pc_yue *y, const struct pc_lexicon *lex, const char *s, size_t n, struct pc_buf *out);

/* Appends the Cantonese words for what Hong Kong posts write in figures
 * and Mandarin's normalizer reads otherwise: HK$8,999 港幣8,999元, $38
 * 38蚊, US$5 5美元, and a phone number (2345 6789, +852 2345-6789) digit
 * by digit in Han numerals. The rest of s[0..n) is copied. False when
 * out of memory. */
bool pc_yue_numbers(const char *s, size_t n, struct pc_buf *out);

#endif
