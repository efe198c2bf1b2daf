/* normalize_en_money: currencies, scales and tags in English runs. Private;
 * used by normalize_en.c. espeak-ng's en-us voice spells a currency code
 * before a sign (US$ 5 'U S$ 5', HK$88 'H K 88 dollars'), reads ISO codes
 * as letters beside an amount (20 CHF), and says '#' 'number' and '@' 'at'
 * without telling a tag's words apart (#100DaysOfCode). */
#ifndef POSTCAST_NORMALIZE_EN_MONEY_H
#define POSTCAST_NORMALIZE_EN_MONEY_H

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* A currency sign at s[i] ($ £ € ¥), a code and a dollar sign (US$, HK$,
 * A$, C$, NZ$, S$, NT$, R$, MX$) or an ISO code (USD, EUR, CHF, RMB...),
 * with one blank after it when a digit follows the blank. Returns its
 * length and sets *one and *many to the unit's name ("Hong Kong dollar",
 * "Hong Kong dollars"); 0 when there is none (an ISO code counts only with
 * its blank and a digit after it, and only at a word's start). Borrows s. */
size_t pc_en_currency(const char *s, size_t n, size_t i, const char **one, const char **many);

/* An ISO currency code after an amount at s[e] ("20 CHF", "5 USD"; one
 * blank between allowed, nothing alphabetic after it): its length with the
 * blank, and its names as pc_en_currency; 0 when none. */
size_t pc_en_code_after(const char *s, size_t n, size_t e, const char **one, const char **many);

/* The scale after an amount at s[e] ($5.2M, £300k, €1.5bn): its length
 * and *word ("million"); 0 when none, or when a letter follows. */
size_t pc_en_scale(const char *s, size_t n, size_t e, const char **word);

/* M after a number with no sign at s[e] before a counted noun ("1M
 * downloads", "2.5M users": pc_en_counted): 1 and *word "million"; 0
 * otherwise (3M makes tape, a size M). b is the number's start. */
size_t pc_en_bare_millions(const char *s, size_t n, size_t b, size_t e, const char **word);

/* A hashtag or handle token at s[i..e) ("#100DaysOfCode", "@postcast_fm";
 * not "#42", which is a number, nor an e-mail address): appends its
 * words to words ("hashtag 100 Days Of Code", "at postcast fm": a blank
 * between a lowercase letter and a capital, between letters and digits,
 * for '_') for the caller to read as English, and returns true; false
 * and words untouched when it is none. *ok false when out of memory. */
bool pc_en_tag_words(const char *s, size_t i, size_t e, struct pc_buf *words, bool *ok);

#endif
