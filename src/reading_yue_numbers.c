/* reading_yue_numbers: Hong Kong money and phone numbers in Cantonese
 * words, before Mandarin's normalizer reads the rest (see reading_yue.h). */
#include "internal.h"
#include "reading_yue.h"

#include <string.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the amount at s[0..n): digits with ',' between groups and
 * one '.' before decimals (8,999 1.5 250), 0 when none. */
static size_t amount_len(const char *s, size_t n)
{
    size_t i = 0;
    bool point = false;
    while (i < n && (digit(s[i]) || ((s[i] == ',' || (s[i] == '.' && !point)) && i > 0 && i + 1 < n &&
                                     digit(s[i + 1]) && digit(s[i - 1])))) {
        point = point || s[i] == '.';
        i++;
    }
    return i;
}

/* A scale after an amount, said before the currency word: a Han one
 * as written (HK$1.5億 港幣1.5億元), a Latin one in Han (HK$2.5M
 * 港幣2.5百萬元; k 千, bn and B 十億). Returns its length in bytes and its
 * words in *said, 0 when none. */
static size_t scale_len(const char *s, size_t n, const char **said)
{
    static const char *const han[] = {"\xe8\x90\xac", "\xe5\x84\x84", "\xe5\x8d\x83", "\xe4\xb8\x87",
                                      "\xe4\xba\xbf"}; /* 萬 億 千 万 亿 */
    static const struct {
        const char *abbr, *words;
    } latin[] = {{"bn", "\xe5\x8d\x81\xe5\x84\x84"}, {"B", "\xe5\x8d\x81\xe5\x84\x84"},
                 {"M", "\xe7\x99\xbe\xe8\x90\xac"}, {"k", "\xe5\x8d\x83"}, {"K", "\xe5\x8d\x83"}};
    for (size_t i = 0; i < sizeof han / sizeof *han; i++)
        if (n >= 3 && !memcmp(s, han[i], 3)) {
            *said = NULL;
            return 3;
        }
    for (size_t i = 0; i < sizeof latin / sizeof *latin; i++) {
        size_t l = strlen(latin[i].abbr);
        if (n < l || memcmp(s, latin[i].abbr, l))
            continue;
        if (n == l || !((s[l] >= 'a' && s[l] <= 'z') || (s[l] >= 'A' && s[l] <= 'Z'))) {
            *said = latin[i].words;
            return l;
        }
    }
    return 0;
}

/* A Hong Kong phone number at s[0..n) with nothing digit-like before it
 * (prev): four digits, a blank or '-', four digits, not followed by a
 * digit; "+852 " may open it. Returns its length, 0 when none. */
static size_t phone_len(const char *s, size_t n, char prev)
{
    if (digit(prev) || prev == ',' || prev == '.' || prev == '$')
        return 0;
    size_t i = 0;
    if (n > 5 && !memcmp(s, "+852", 4))
        i = 4 + (s[4] == ' ' || s[4] == '-');
    for (size_t k = 0; k < 9; k++, i++)
        if (i >= n || (k == 4 ? s[i] != ' ' && s[i] != '-' : !digit(s[i])))
            return 0;
    return i < n && (digit(s[i]) || s[i] == '-' || s[i] == '.') ? 0 : i;
}

static bool put_digits(pc_buf *out, const char *s, size_t n)
{
    static const char *const han[] = {"\xe9\x9b\xb6", "\xe4\xb8\x80", "\xe4\xba\x8c", "\xe4\xb8\x89",
                                      "\xe5\x9b\x9b", "\xe4\xba\x94", "\xe5\x85\xad", "\xe4\xb8\x83",
                                      "\xe5\x85\xab", "\xe4\xb9\x9d"}; /* 零一二三四五六七八九 */
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        if (s[i] == '+')
            ok = pc_buf_puts(out, "\xe5\x8a\xa0"); /* 加 */
        else if (digit(s[i]))
            ok = pc_buf_puts(out, han[s[i] - '0']);
        else
            ok = pc_buf_putc(out, ' ');
    }
    return ok && pc_buf_putc(out, ' ');
}

/* The currency sign at s[0..n): its length, and in *before / *after the
 * words said before and after the amount. 0 when none. */
static size_t currency(const char *s, size_t n, const char **before, const char **after)
{
    static const struct {
        const char *sign, *before, *after;
    } signs[] = {
        {"HK$", "\xe6\xb8\xaf\xe5\xb9\xa3", "\xe5\x85\x83"}, /* 港幣…元 */
        {"HKD", "\xe6\xb8\xaf\xe5\xb9\xa3", "\xe5\x85\x83"},
        {"US$", "", "\xe7\xbe\x8e\xe5\x85\x83"},                     /* …美元 */
        {"NT$", "\xe6\x96\xb0\xe5\x8f\xb0\xe5\xb9\xa3", "\xe5\x85\x83"}, /* 新台幣…元 */
        {"MOP$", "\xe6\xbe\xb3\xe9\x96\x80\xe5\xb9\xa3", "\xe5\x85\x83"}, /* 澳門幣…元 */
        {"$", "", "\xe8\x9a\x8a"},                                      /* …蚊 */
    };
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++) {
        size_t l = strlen(signs[i].sign);
        if (n > l && !memcmp(s, signs[i].sign, l)) {
            *before = signs[i].before;
            *after = signs[i].after;
            return l + (s[l] == ' ' && l == 3 && s[l - 1] == 'D'); /* HKD 100 */
        }
    }
    return 0;
}

bool pc_yue_numbers(const char *s, size_t n, pc_buf *out)
{
    bool ok = true;
    for (size_t i = 0; ok && i < n;) {
        char prev = i ? s[i - 1] : ' ';
        bool letter_before = (prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z');
        const char *before = NULL, *after = NULL;
        size_t c = letter_before ? 0 : currency(s + i, n - i, &before, &after);
        size_t a = c ? amount_len(s + i + c, n - i - c) : 0;
        if (a) {
            const char *said = NULL;
            size_t sc = scale_len(s + i + c + a, n - i - c - a, &said);
            ok = pc_buf_puts(out, before) && pc_buf_append(out, s + i + c, said ? a : a + sc) &&
                 (!said || pc_buf_puts(out, said)) && pc_buf_puts(out, after);
            i += c + a + sc;
            continue;
        }
        size_t p = phone_len(s + i, n - i, prev);
        if (p) {
            ok = put_digits(out, s + i, p);
            i += p;
            continue;
        }
        ok = pc_buf_putc(out, s[i]);
        i++;
    }
    return ok;
}
