/* normalize_en_terms: dimensions, time zones, fiscal years, sections,
 * chemical formulas and powers of units in English runs. Private; used by
 * normalize_en.c and reading.c. espeak-ng's en-us voice reads 9x13 'nine
 * ex thirteen', ET 'E T', FY2025 'F Y two thousand twenty-five', § as
 * nothing, H2O 'H to O' (after the front end's B2B rule) and m2 'M two'. */
#ifndef POSTCAST_NORMALIZE_EN_TERMS_H
#define POSTCAST_NORMALIZE_EN_TERMS_H

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* Two numbers joined by x or × with nothing between, at s[i] (a 9x13 pan,
 * 1920x1080, a 2x4): "9 by 13"; returns the length read, 0 when none
 * (3x alone is a multiplier: pc_en_times). */
size_t pc_en_dimensions(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* The token s[i..e) as a word that takes its context: a US time zone ET
 * PT CT MT after a time ("9 am PT": Pacific Time), a fiscal year FY2025 or
 * FY25 ("F Y twenty twenty-five"); returns true when it wrote it. */
bool pc_en_term(const char *s, size_t i, size_t e, struct pc_buf *out, bool *ok);

/* § or §§ at s[i] ("section", "sections"), an en dash between an amount
 * and a sign and its amount ($2.10–$2.25: "to"), a clause's letter after
 * its number (7(b): "7 b") or a batting average (.312: "3 12", .300 "3
 * hundred"): its length, 0 when none. */
size_t pc_en_mark_word(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* Before NFKC turns them into digits: a chemical formula with subscript
 * digits at text[i] (H₂O, CO₂, CH₄: "H 2 O", "C O 2"), or a superscript
 * ² ³ after a unit of length (m², ft², cm³: "m^2", which pc_en_unit reads
 * as square meters). Returns the length read, 0 when none. */
size_t pc_en_formula(const char *text, size_t n, size_t i, struct pc_buf *out, bool *ok);

#endif
