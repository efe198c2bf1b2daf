/* normalize_en_dates: the parts of English normalization that say numbers
 * as words: years, ordinals, dates, fractions and Roman numerals. Private;
 * used by normalize_en.c. Each writer appends to out and sets *ok false
 * (or returns false) when out of memory, out then holding a prefix; a
 * function that finds nothing returns 0 / false and leaves out as it was. */
#ifndef POSTCAST_NORMALIZE_EN_DATES_H
#define POSTCAST_NORMALIZE_EN_DATES_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* 0..99 in words: 42 → forty-two. */
bool pc_en_below_100(unsigned v, struct pc_buf *out);

/* A year: 1999 → nineteen ninety-nine, 2005 → two thousand five, 2024 →
 * twenty twenty-four, 1900 → nineteen hundred. */
bool pc_en_year(unsigned y, struct pc_buf *out);

/* An ordinal in words below 100 (21 → twenty-first), else 105th. */
bool pc_en_ordinal(unsigned v, struct pc_buf *out);

/* A numeric date at s[i]: ISO 2024-06-30, or US 3/14/2024 and 12/25/24
 * (day first when the first number is over 12) → "June thirtieth, twenty
 * twenty-four". Its length, or 0. */
size_t pc_en_numeric_date(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* A simple fraction at s[i] (1/3, 3/4; numerator 1-9 under a denominator
 * of 2-10) → "one third", "three quarters". Its length, or 0. */
size_t pc_en_fraction(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* Two numbers of 13 to 999 joined by '/' at s[i], no date, fraction or
 * split of a hundred (a blood pressure 120/80, a score 45/60) → "120 over
 * 80"; the same number twice or two years' ends (20/20, 14/15) → "20 20".
 * Its length, or 0. */
size_t pc_en_over(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* A model number at s[i]: four digits after a word of 2 to 4 capitals
 * (RTX 4090, GTX 1660) are said in pairs like a year, "forty ninety";
 * not when the first or third digit is 0 (RX 7900, ISO 9001, SQL 2008:
 * "oh" pairs are nobody's reading). Its length, or 0. */
size_t pc_en_model_number(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* The Roman numeral s[i..e) after a capitalized word: a ruler's ordinal
 * (Henry VIII → the eighth), else a number (World War II → 2, Super Bowl
 * LVIII → 58); false (nothing written) when it is not read so. */
bool pc_en_roman(const char *s, size_t i, size_t e, struct pc_buf *out, bool *ok);

/* The day after a month's name (" 9" in "Jan. 9", "May 3, 1990") at s[i]
 * (a blank): the blank and the day as an ordinal ("ninth"). Its length,
 * or 0 when no day 1-31 follows. */
size_t pc_en_month_day(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* w[0..n) when it is a month's full name ("May"), else NULL. */
const char *pc_en_month_name(const char *w, size_t n);

/* A range of days at s[i] (a token's start): Mon-Fri, Mon.–Wed. (a '.'
 * after each, a hyphen or an en dash) → "Monday to Wednesday". Its length,
 * or 0 and out untouched. *ok false when out of memory. */
size_t pc_en_day_range(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* A two-part version number after a name or "version" at s[i]: Python
 * 3.12, version 3.10 → "3 point 12" (en-us said "three point one two");
 * two digits after the point, the first not 0, a capitalised word before
 * it that is no sentence's plain first word (In 3.15 seconds, About 2.25).
 * Its length, or 0 and out untouched. *ok false when out of memory. */
size_t pc_en_point_release(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

#endif
