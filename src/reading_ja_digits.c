/* reading_ja_digits: digit strings that are no amount (see header). */
#include "internal.h"
#include "reading_ja_digits.h"

#include "reading_ja.h"
#include "reading_ja_numbers.h"

#include <stdio.h>
#include <string.h>

static const char *const phone_digit[] = {"ゼロ", "イチ", "ニー", "サン", "ヨン", "ゴー", "ロク", "ナナ", "ハチ", "キュー"};

/* Groups of digits from s[i] joined by sep: their count, the digits in
 * *digits, the longest group in *longest, the end in *end. */
static size_t digit_groups(const char *s, size_t n, size_t i, char sep, size_t *digits, size_t *longest,
                           size_t *end)
{
    size_t groups = 0, j = i;
    *digits = *longest = 0;
    for (;;) {
        size_t g = 0;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++, g++;
        *digits += g;
        *longest = g > *longest ? g : *longest;
        groups++;
        if (!(j + 1 < n && s[j] == sep && s[j + 1] >= '0' && s[j + 1] <= '9'))
            break;
        j++;
    }
    *end = j;
    return groups;
}

/* The value of the digits s[b..e) (at most 9). */
static unsigned long value_of(const char *s, size_t b, size_t e)
{
    unsigned long v = 0;
    for (size_t k = b; k < e && k < b + 9; k++)
        v = v * 10 + (unsigned long)(s[k] - '0');
    return v;
}

/* A date 2024-05-01, 2024/5/1 or 2024.5.1 at s[i] read as 2024年5月1日
 * into out; its length, or 0. */
static size_t date(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    static const char seps[] = "-/.";
    size_t digits, longest, e;
    for (const char *sep = seps; *sep; sep++) {
        if (digit_groups(s, n, i, *sep, &digits, &longest, &e) != 3 || i + 4 >= e || s[i + 4] != *sep ||
            s[i + 3] < '0' || s[i + 3] > '9')
            continue; /* a year of four digits first */
        size_t m = i + 5, d = m;
        while (d < e && s[d] != *sep)
            d++;
        if (d >= e)
            continue;
        unsigned long y = value_of(s, i, i + 4), mo = value_of(s, m, d), day = value_of(s, d + 1, e);
        if (y < 1900 || y > 2099 || d - m > 2 || e - d - 1 > 2 || !mo || mo > 12 || !day || day > 31)
            continue;
        char t[64];
        int l = snprintf(t, sizeof t, "%lu年%lu月%lu日", y, mo, day);
        if (l <= 0 || (size_t)l >= sizeof t)
            return 0;
        size_t a = pc_ja_read_number(t, (size_t)l, 0, false, false, out, nomem);
        size_t b = pc_ja_read_number(t, (size_t)l, a, false, false, out, nomem);
        pc_ja_read_number(t, (size_t)l, a + b, true, false, out, nomem);
        return e - i;
    }
    return 0;
}

/* A time 10:30 (10時30分; 10:00 10時) or a score 3:2 (3対2) at s[i]
 * read into out; its length, or 0. */
static size_t clock_or_score(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    size_t digits, longest, e;
    if (digit_groups(s, n, i, ':', &digits, &longest, &e) != 2 || longest > 3)
        return 0;
    size_t colon = i;
    while (s[colon] != ':')
        colon++;
    unsigned long h = value_of(s, i, colon), m = value_of(s, colon + 1, e);
    char t[48];
    int l = colon - i <= 2 && e - colon == 3 && h <= 24 && m < 60
                ? snprintf(t, sizeof t, m ? "%lu時%lu分" : "%lu時", h, m)
                : snprintf(t, sizeof t, "%lu対%lu", h, m);
    if (l <= 0 || (size_t)l >= sizeof t)
        return 0;
    for (size_t k = 0; k < (size_t)l && !*nomem;) {
        if (!memcmp(t + k, "対", 3)) {
            *nomem = !pc_buf_puts(out, "タイ");
            k += 3;
        } else
            k += pc_ja_read_number(t, (size_t)l, k, false, false, out, nomem);
    }
    return e - i;
}

/* N/M at s[i]: a fraction when N < M <= 10 (1/2カップ ニブンノイチ), else a
 * date when it can be one (5/1 ゴガツツイタチ, 3/4(金)); its length, or 0. */
static size_t slash(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    size_t digits, longest, e;
    if (digit_groups(s, n, i, '/', &digits, &longest, &e) != 2 || longest > 2)
        return 0;
    size_t sl = i;
    while (s[sl] != '/')
        sl++;
    unsigned long a = value_of(s, i, sl), b = value_of(s, sl + 1, e);
    bool weekday = e < n && s[e] == '(';
    if (!weekday && a && a < b && b <= 10) {
        *nomem = *nomem || !pc_ja_number(s + sl + 1, e - sl - 1, out) || !pc_buf_puts(out, "ブンノ") ||
                 !pc_ja_number(s + i, sl - i, out);
        return e - i;
    }
    char t[48];
    int l = a >= 1 && a <= 12 && b >= 1 && b <= 31 ? snprintf(t, sizeof t, "%lu月%lu日", a, b) : 0;
    if (l <= 0 || (size_t)l >= sizeof t)
        return 0;
    size_t k = pc_ja_read_number(t, (size_t)l, 0, false, false, out, nomem);
    pc_ja_read_number(t, (size_t)l, k, true, false, out, nomem);
    return e - i;
}

/* Is a game's result said at s[e] (で, or の and 勝 引 敗: 3-2で勝った,
 * 1-1の引き分け)? */
static bool score_after(const char *s, size_t n, size_t e)
{
    if (e + 3 <= n && !memcmp(s + e, "で", 3))
        return true;
    if (e + 6 > n || memcmp(s + e, "の", 3))
        return false;
    return !memcmp(s + e + 3, "勝", 3) || !memcmp(s + e + 3, "引", 3) || !memcmp(s + e + 3, "敗", 3);
}

/* Numbers joined by hyphens that are no range (see range() in
 * reading_ja.c) at s[i], read into out: a postal code 100-0001 digit by
 * digit (イチゼロゼロノゼロゼロゼロイチ), an address or a code of three or
 * more groups with ノ (1-2-3 イチノニノサン), a score 3-2で (サンタイニ).
 * Its length, or 0. */
static size_t hyphens(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    size_t digits, longest, e, groups = digit_groups(s, n, i, '-', &digits, &longest, &e);
    if (groups < 2 || (e + 1 < n && (s[e] == '-' || s[e] == '.') && s[e + 1] >= '0' && s[e + 1] <= '9'))
        return 0;
    bool postal = groups == 2 && digits == 7 && s[i + 3] == '-';
    bool score = groups == 2 && longest <= 2 && score_after(s, n, e);
    if (!postal && !score && groups < 3)
        return 0;
    for (size_t k = i, b = i; k <= e && !*nomem; k++) {
        if (k < e && s[k] != '-')
            continue;
        if (postal || s[b] == '0')
            for (size_t d = b; d < k && !*nomem; d++)
                *nomem = !pc_buf_puts(out, phone_digit[s[d] - '0']);
        else
            *nomem = !pc_ja_number(s + b, k - b, out);
        *nomem = *nomem || (k < e && !pc_buf_puts(out, score ? "タイ" : "ノ"));
        b = k + 1;
    }
    return e - i;
}

size_t pc_ja_digit_string(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    bool digit_before = i >= 2 && s[i - 2] >= '0' && s[i - 2] <= '9'; /* 1.2.3, 1-2: inside a number */
    if (i && ((s[i - 1] >= '0' && s[i - 1] <= '9') || ((s[i - 1] == '-' || s[i - 1] == '.') && digit_before)))
        return 0;
    size_t digits, longest, e, taken = date(s, n, i, out, nomem);
    if (!taken)
        taken = clock_or_score(s, n, i, out, nomem);
    if (!taken)
        taken = slash(s, n, i, out, nomem);
    if (taken)
        return taken;
    size_t groups = digit_groups(s, n, i, '-', &digits, &longest, &e);
    if (s[i] == '0' && groups >= 2 && groups <= 3 && longest <= 5 && digits >= 10 && digits <= 11) {
        for (size_t k = i; k < e && !*nomem; k++) /* 03-1234-5678: ゼロサンノイチニーサンヨンノ… */
            *nomem = !pc_buf_puts(out, s[k] == '-' ? "ノ" : phone_digit[s[k] - '0']);
        return e - i;
    }
    if ((taken = hyphens(s, n, i, out, nomem)))
        return taken;
    groups = digit_groups(s, n, i, '.', &digits, &longest, &e);
    if (groups < 3 || longest > 4)
        return 0;
    for (size_t k = i, b = i; k <= e && !*nomem; k++) /* a version, 2.3.1: ニテンサンテンイチ */
        if (k == e || s[k] == '.') {
            *nomem = !pc_ja_number(s + b, k - b, out) || (k < e && !pc_buf_puts(out, "テン"));
            b = k + 1;
        }
    return e - i;
}

