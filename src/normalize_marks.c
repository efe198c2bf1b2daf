/* normalize_marks: blanks and marks around numbers (see normalize.h):
 * the blanks many posts set between figures and Han words, a weekday in
 * brackets after a date, and English words for a vulgar fraction. */
#include "internal.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool starts(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    return i + l <= n && !memcmp(s + i, lit, l);
}

/* The length of a range sign at s[i] (- ~ – ～) or a score's or time's
 * colon, 0 if none. */
static size_t range_sign(const char *s, size_t n, size_t i)
{
    if (i < n && (s[i] == '-' || s[i] == '~' || s[i] == ':'))
        return 1;
    return starts(s, n, i, "–") ? strlen("–") : starts(s, n, i, "～") ? strlen("～") : 0;
}

/* Whether the blanks s[a..b) stand between a number and what it reads
 * with: Han text either way round ("在 2024 年", "有 2 個", "第 3 名"), a
 * percent or degree sign after it ("10 %", "12 °C"), or a range sign or
 * colon between two numbers ("3 ~ 5 天", "2 - 3 週", "3 : 2"). */
static bool blank_by_number(const char *s, size_t n, size_t a, size_t b)
{
    if (a == 0 || b >= n)
        return false;
    size_t p = a - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    unsigned before, after;
    pc_utf8_decode(s + p, a - p, &before);
    pc_utf8_decode(s + b, n - b, &after);
    bool digit_before = is_digit(s[a - 1]), digit_after = is_digit(s[b]);
    bool degree = starts(s, n, b, "°") || starts(s, n, b, "℃");
    if ((digit_before && ((after >= 0x80 && pc_cp_is_cjk(after)) || s[b] == '%' || degree)) ||
        (digit_after && before >= 0x80 && pc_cp_is_cjk(before)))
        return true;
    /* 3 ~ 5: a digit, the blanks, a sign, blanks and a digit (either blank run) */
    size_t r = range_sign(s, n, b);
    if (digit_before && r) {
        size_t e = b + r;
        while (e < n && s[e] == ' ')
            e++;
        return e < n && is_digit(s[e]);
    }
    size_t q = p, k = digit_after ? range_sign(s, n, p) : 0;
    if (!k || p + k != a)
        return false;
    while (q > 0 && s[q - 1] == ' ')
        q--;
    return q > 0 && is_digit(s[q - 1]);
}

bool pc_text_number_blanks(const char *s, size_t n, char **copy, size_t *len)
{
    *copy = NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) { /* a run of blanks at a time: linear */
        size_t e = i;
        while (e < n && s[e] == ' ')
            e++;
        bool drop = e > i && blank_by_number(s, n, i, e);
        if (drop && !*copy) {
            if (!(*copy = malloc(n + 1)))
                return false;
            memcpy(*copy, s, i);
            o = i;
        }
        size_t next = e > i ? e : i + 1;
        if (*copy && !drop) {
            memcpy(*copy + o, s + i, next - i);
            o += next - i;
        }
        i = next;
    }
    if (*copy) {
        (*copy)[o] = '\0';
        *len = o;
    }
    return true;
}

size_t pc_zh_weekday(const char *s, size_t n, size_t i, const char **day)
{
    static const char *const days[][2] = {{"一", "星期一"}, {"二", "星期二"}, {"三", "星期三"}, {"四", "星期四"},
                                          {"五", "星期五"}, {"六", "星期六"}, {"日", "星期日"}, {"天", "星期天"}};
    if (i >= n || s[i] != '(')
        return 0;
    for (size_t k = 0; k < sizeof days / sizeof *days; k++)
        if (starts(s, n, i + 1, days[k][0]) && starts(s, n, i + 1 + strlen(days[k][0]), ")")) {
            *day = days[k][1];
            return strlen(days[k][0]) + 2;
        }
    return 0;
}

bool pc_en_vulgar_fraction(unsigned cp, bool after_digit, struct pc_buf *out, bool *ok)
{
    static const struct {
        unsigned cp;
        const char *num, *den; /* the denominator's name for one */
    } f[] = {{0xBD, "one", "half"},       {0xBC, "one", "quarter"},     {0xBE, "three", "quarter"},
             {0x2153, "one", "third"},    {0x2154, "two", "third"},     {0x2155, "one", "fifth"},
             {0x2156, "two", "fifth"},    {0x2157, "three", "fifth"},   {0x2158, "four", "fifth"},
             {0x2159, "one", "sixth"},    {0x215A, "five", "sixth"},    {0x215B, "one", "eighth"},
             {0x215C, "three", "eighth"}, {0x215D, "five", "eighth"},   {0x215E, "seven", "eighth"}};
    for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
        if (f[k].cp != cp)
            continue;
        bool one = !strcmp(f[k].num, "one");
        const char *many = !strcmp(f[k].den, "half") ? "halves" : NULL;
        /* 1½ one and a half; ¾ three quarters; ½ one half */
        const char *num = one && after_digit ? (f[k].den[0] == 'e' ? "an" : "a") : f[k].num;
        *ok = pc_buf_printf(out, " %s%s %s%s ", after_digit ? "and " : "", num,
                            one || !many ? f[k].den : many, one ? "" : "s");
        return true;
    }
    return false;
}
