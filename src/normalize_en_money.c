/* normalize_en_money: currencies, scales and tags in English runs (see header). */
#include "internal.h"
#include "normalize_en_abbr.h"
#include "normalize_en_money.h"

#include <string.h>

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

typedef struct {
    const char *code, *one, *many;
} currency;

/* Signs, then codes written before a dollar sign (the code without it). */
static const currency signs[] = {{"$", "dollar", "dollars"}, {"\xc2\xa3", "pound", "pounds"},
                                 {"\xe2\x82\xac", "euro", "euros"}, {"\xc2\xa5", "yen", "yen"}};
static const currency dollar_codes[] = {
    {"US", "U S dollar", "U S dollars"},   {"HK", "Hong Kong dollar", "Hong Kong dollars"},
    {"AU", "Australian dollar", "Australian dollars"}, {"A", "Australian dollar", "Australian dollars"},
    {"CA", "Canadian dollar", "Canadian dollars"},     {"C", "Canadian dollar", "Canadian dollars"},
    {"NZ", "New Zealand dollar", "New Zealand dollars"}, {"SG", "Singapore dollar", "Singapore dollars"},
    {"S", "Singapore dollar", "Singapore dollars"},    {"NT", "Taiwan dollar", "Taiwan dollars"},
    {"R", "real", "reais"},                            {"MX", "peso", "pesos"}};
static const currency iso_codes[] = {
    {"USD", "U S dollar", "U S dollars"}, {"EUR", "euro", "euros"}, {"GBP", "pound", "pounds"},
    {"JPY", "yen", "yen"}, {"CNY", "yuan", "yuan"}, {"RMB", "yuan", "yuan"},
    {"HKD", "Hong Kong dollar", "Hong Kong dollars"}, {"TWD", "Taiwan dollar", "Taiwan dollars"},
    {"AUD", "Australian dollar", "Australian dollars"}, {"CAD", "Canadian dollar", "Canadian dollars"},
    {"NZD", "New Zealand dollar", "New Zealand dollars"}, {"SGD", "Singapore dollar", "Singapore dollars"},
    {"CHF", "Swiss franc", "Swiss francs"}, {"KRW", "won", "won"}, {"INR", "rupee", "rupees"}};

/* The length of a blank at s[at] with a digit after it, else 0. */
static size_t blank_digit(const char *s, size_t n, size_t at)
{
    return at + 1 < n && s[at] == ' ' && is_digit(s[at + 1]) ? 1 : 0;
}

static size_t found(const currency *c, size_t len, const char **one, const char **many)
{
    *one = c->one;
    *many = c->many;
    return len;
}

size_t pc_en_currency(const char *s, size_t n, size_t i, const char **one, const char **many)
{
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        size_t len = strlen(signs[k].code);
        if (n - i >= len && !memcmp(s + i, signs[k].code, len))
            return found(&signs[k], len + blank_digit(s, n, i + len), one, many);
    }
    if (!is_upper(s[i]) || (i && is_alpha(s[i - 1])))
        return 0;
    for (size_t k = 0; k < sizeof dollar_codes / sizeof *dollar_codes; k++) {
        size_t len = strlen(dollar_codes[k].code);
        if (n - i > len && !memcmp(s + i, dollar_codes[k].code, len) && s[i + len] == '$')
            return found(&dollar_codes[k], len + 1 + blank_digit(s, n, i + len + 1), one, many);
    }
    for (size_t k = 0; k < sizeof iso_codes / sizeof *iso_codes; k++)
        if (n - i > 4 && !memcmp(s + i, iso_codes[k].code, 3) && blank_digit(s, n, i + 3))
            return found(&iso_codes[k], 4, one, many);
    return 0;
}

size_t pc_en_code_after(const char *s, size_t n, size_t e, const char **one, const char **many)
{
    size_t at = e + (e < n && s[e] == ' ');
    if (n - at < 3 || (at + 3 < n && (is_alpha(s[at + 3]) || is_digit(s[at + 3]))))
        return 0;
    for (size_t k = 0; k < sizeof iso_codes / sizeof *iso_codes; k++)
        if (!memcmp(s + at, iso_codes[k].code, 3))
            return found(&iso_codes[k], at + 3 - e, one, many);
    return 0;
}

size_t pc_en_scale(const char *s, size_t n, size_t e, const char **word)
{
    static const struct {
        const char *abbr, *word;
    } scales[] = {{"bn", "billion"}, {"mn", "million"}, {"tn", "trillion"}, {"MM", "million"},
                  {"K", "thousand"}, {"k", "thousand"}, {"M", "million"}, {"m", "million"},
                  {"B", "billion"}, {"b", "billion"}, {"T", "trillion"}};
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
        size_t len = strlen(scales[k].abbr);
        if (n - e >= len && !memcmp(s + e, scales[k].abbr, len) && (e + len >= n || !is_alpha(s[e + len]))) {
            *word = scales[k].word;
            return len;
        }
    }
    return 0;
}

size_t pc_en_bare_millions(const char *s, size_t n, size_t b, size_t e, const char **word)
{
    size_t l = 0;
    while (e + 2 + l < n && is_alpha(s[e + 2 + l]))
        l++;
    if (e + 2 >= n || s[e] != 'M' || s[e + 1] != ' ' || !pc_en_counted(s + e + 2, l) ||
        (b && (is_alpha(s[b - 1]) || s[b - 1] == '.' || s[b - 1] == ',')))
        return 0;
    *word = "million";
    return 1;
}

bool pc_en_tag_words(const char *s, size_t i, size_t e, struct pc_buf *words, bool *ok)
{
    if (e - i < 2 || (s[i] != '#' && s[i] != '@'))
        return false;
    bool letter = false;
    for (size_t k = i + 1; k < e; k++) {
        if (!is_alpha(s[k]) && !is_digit(s[k]) && s[k] != '_')
            return false; /* a@b.com, #1.5: not a tag */
        letter = letter || is_alpha(s[k]);
    }
    if (!letter)
        return false;
    *ok = pc_buf_puts(words, s[i] == '#' ? "hashtag " : "at ");
    for (size_t k = i + 1; *ok && k < e; k++) {
        char p = s[k - 1];
        bool cut = k > i + 1 && ((is_lower(p) && is_upper(s[k])) || (is_alpha(p) && is_digit(s[k])) ||
                                 (is_digit(p) && is_alpha(s[k])));
        *ok = (!cut || pc_buf_putc(words, ' ')) && pc_buf_putc(words, s[k] == '_' ? ' ' : s[k]);
    }
    return true;
}
