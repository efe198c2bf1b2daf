/* normalize: numbers and symbols written out in the run's language.
 *
 * Input is NFKC-normalized text of one language run (full-width digits and
 * letters already ASCII). Mandarin: integers with 萬/億 grouping and 兩
 * before measure words, decimals (三點七), percent (百分之九十五), years
 * read digit by digit (二零二四年), dates (2025-03-04 → 2025年3月4日),
 * times (9:30 → 九點三十分), ranges (2-3 → 二到三), fractions (1/3 →
 * 三分之一), currency ($20 → 二十美元, ¥150 → 一百五十元), degrees (-5°C →
 * 零下五度), currency codes (NT$1,200 → 新台幣一千兩百元, US$5 → 五美元), metric units
 * after a number (300km → 三百公里; mainland forms when mainland: 5g → 五克,
 * Taiwan 五公克), versions (3.2.1 → 三點二點一), phone numbers and codes digit
 * by digit (0800-123-456; mainland 1 as 幺).
 * English: years (2024 → twenty twenty-four), currency ($20 →
 * 20 dollars), ranges (2-3 → 2 to 3), capital-letter acronyms spelled
 * (IDE → I D E), URLs, host names and e-mail addresses shortened (anthropic
 * dot com, dot TW), phone numbers digit by digit (555-1234), and the forms
 * normalize_en_dates.h reads: dates, ordinals, fractions, Roman numerals. */
#ifndef POSTCAST_NORMALIZE_H
#define POSTCAST_NORMALIZE_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include "lexicon.h"

/* Append the normalized form of s[0..n) to out; false when out of memory
 * (out then holds a prefix). lex (may be NULL) entries for "en" are used
 * word for word before the acronym rule; an entry in espeak-ng phonemes
 * ([[...]]) only when phonemes is true (else the word stays as written). */
bool pc_normalize_zh(const char *s, size_t n, bool mainland, struct pc_buf *out);
bool pc_normalize_en(const pc_lexicon *lex, bool phonemes, const char *s, size_t n,
                     struct pc_buf *out);

/* Many posts set numbers apart from Han or kana text with blanks (在 2024
 * 年, 有 2 個人, 12 月 31 日, 10 %, 3 ~ 5 天); a number's rules read the word
 * after it (年: a year, 個: 兩, 月 and 日: a date), so such blanks go first.
 * A malloc'd copy of s[0..n) without them in *copy (its length in *len)
 * when there were any, else *copy NULL; false when out of memory. */
bool pc_text_number_blanks(const char *s, size_t n, char **copy, size_t *len);

/* A weekday in brackets at s[i] ("(五)", after NFKC also "（五）"), said
 * after a date: its length and *day ("星期五"); 0 when there is none. The
 * caller knows a date's 日 comes before it. Borrows s; *day is static. */
size_t pc_zh_weekday(const char *s, size_t n, size_t i, const char **day);

/* English words for vulgar fraction cp (½ ¼ ¾ ⅓ ⅔ ⅕-⅘ ⅙ ⅚ ⅛-⅞), blank
 * on each side, appended to out (*ok false when out of memory): "one
 * half", "three quarters", after a digit "and a half" (1½ hours). false
 * (out untouched) when cp is none of them: NFKC would make ½ "1⁄2", which
 * en-us reads "one two". */
bool pc_en_vulgar_fraction(unsigned cp, bool after_digit, struct pc_buf *out, bool *ok);

/* Writes the Mandarin reading of the decimal integer digits[0..n) (no
 * separators) to out: 10000 → 一萬, 2000 → 兩千 when liang. */
bool pc_zh_integer(const char *digits, size_t n, bool liang, struct pc_buf *out);

#endif
