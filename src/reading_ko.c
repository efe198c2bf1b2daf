/* reading_ko: hanja in hangul, Korean counts and phone numbers (see
 * header). */
#include "internal.h"
#include "reading_ko.h"

#include "reading_words.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#ifndef POSTCAST_HANJA_LIST
#define POSTCAST_HANJA_LIST "/usr/share/libhangul/hanja/hanja.txt"
#endif
#define MAX_WORD_CHARS 8

struct pc_ko {
    char *text;  /* the list, cut in place */
    char *keys;  /* "字\x02": a character's reading at a word's start */
    size_t keys_len, keys_cap;
    pc_words words;
    uint64_t hash;
};

/* Whether the hangul syllable at s may open a word by the initial-sound
 * rule (두음법칙): no ㄹ, no ㄴ before ㅣ or a y-vowel (리 녀 are 이 여
 * there). */
static bool opens_word(const char *s)
{
    unsigned cp;
    if (!pc_utf8_decode(s, strlen(s), &cp) || cp < 0xAC00 || cp > 0xD7A3)
        return true;
    unsigned idx = cp - 0xAC00, initial = idx / 588, medial = (idx % 588) / 28;
    bool y_vowel = medial == 2 || medial == 6 || medial == 7 || medial == 12 || medial == 17 || medial == 20;
    return initial != 5 && !(initial == 2 && y_vowel);
}

/* Reads HANGUL:HANJA:COMMENT lines, cutting the text in place. */
static void parse(pc_ko *ko)
{
    for (char *line = ko->text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *hangul = line, *c1 = strchr(line, ':');
        line = end ? end + 1 : NULL;
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (hangul[0] == '#' || !c1 || !c2 || c1 == hangul || c2 == c1 + 1)
            continue;
        *c1 = *c2 = '\0';
        char *hanja = c1 + 1;
        pc_words_add(&ko->words, hanja, hangul, opens_word(hangul)); /* 女性 여성 over 녀성 */
        unsigned cp;
        size_t l = pc_utf8_decode(hanja, strlen(hanja), &cp);
        if (l && !hanja[l] && opens_word(hangul) && ko->keys_len + l + 2 <= ko->keys_cap) {
            char *key = ko->keys + ko->keys_len;
            memcpy(key, hanja, l);
            memcpy(key + l, "\x02", 2);
            ko->keys_len += l + 2;
            pc_words_add(&ko->words, key, hangul, 0);
        }
    }
}

pcast_status pc_ko_open(pc_ko **out, pcast_error *err)
{
    *out = NULL;
    pc_ko *ko = calloc(1, sizeof *ko);
    if (!ko)
        return pc_error_nomem(err);
    size_t len = 0, lines = 1;
    if (pc_read_file(POSTCAST_HANJA_LIST, &ko->text, &len, err) != PCAST_OK) {
        pc_ko_free(ko);
        return pc_error_set(err, PCAST_ERR_IO, POSTCAST_HANJA_LIST, 0, 0,
                            "cannot read the hanja list (install the Debian package 'libhangul-data')");
    }
    for (size_t i = 0; i < len; i++)
        lines += ko->text[i] == '\n';
    ko->hash = XXH64(ko->text, len, 0);
    ko->keys_cap = len + 1; /* a key is never longer than its line */
    ko->keys = malloc(ko->keys_cap);
    if (!ko->keys || !pc_words_init(&ko->words, lines * 2)) {
        pc_ko_free(ko);
        return pc_error_nomem(err);
    }
    parse(ko);
    *out = ko;
    return PCAST_OK;
}

void pc_ko_free(pc_ko *ko)
{
    if (!ko)
        return;
    pc_words_free(&ko->words);
    free(ko->keys);
    free(ko->text);
    free(ko);
}

uint64_t pc_ko_hash(const pc_ko *ko) { return ko ? ko->hash : 0; }

/* Reads the Han stretch s[0..n) by longest match; a character the list
 * does not know stays as written. */
static bool read_hanja(const pc_ko *ko, const char *s, size_t n, pc_buf *out)
{
    for (size_t i = 0; i < n;) {
        size_t ends[MAX_WORD_CHARS + 1], k = pc_words_ends(s, n, i, ends, MAX_WORD_CHARS);
        const pc_word_entry *e = NULL;
        for (; k > 1 && !(e = pc_words_find(&ko->words, s + i, ends[k] - i)); k--)
            ;
        if (k == 1 && i == 0) { /* a word's start: the initial-sound rule */
            char key[8];
            memcpy(key, s, ends[1]);
            key[ends[1]] = '\x02';
            e = ends[1] < 7 ? pc_words_find(&ko->words, key, ends[1] + 1) : NULL;
        }
        if (k == 1 && !e)
            e = pc_words_find(&ko->words, s + i, ends[1] - i);
        if (!(e ? pc_buf_puts(out, e->reading) : pc_buf_append(out, s + i, ends[1] - i)))
            return false;
        i = ends[k];
    }
    return true;
}

/* The counter (a native-numeral noun) at s[0..n) after a number: its
 * length, 0 when none. 시 (o'clock) only up to twelve (max_hour). */
static size_t counter_len(const char *s, size_t n, unsigned value)
{
    static const char *const counters[] = {"시간", "시", "개", "명", "살", "마리", "잔", "권", "병",
                                           "사람", "가지", "달", "곳", "군데"};
    for (size_t i = 0; i < sizeof counters / sizeof *counters; i++) {
        size_t l = strlen(counters[i]);
        if (n >= l && !memcmp(s, counters[i], l))
            return i == 1 && value > 12 ? 0 : l;
    }
    return 0;
}

/* Appends value (1-99) in native Korean numerals before a counter (두
 * 개, 스무 살, 열한 시). */
static bool native(pc_buf *out, unsigned value)
{
    static const char *const ones[] = {"", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"};
    static const char *const tens[] = {"", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"};
    if (value == 20)
        return pc_buf_puts(out, "스무 ");
    return pc_buf_puts(out, tens[value / 10]) && pc_buf_puts(out, ones[value % 10]) && pc_buf_putc(out, ' ');
}

/* A phone number at s[0..n): 0, then 1-3 digits, '-', 3-4 digits, '-', 4
 * digits, nothing digit-like after. Returns its length, 0 when none. */
static size_t phone_len(const char *s, size_t n)
{
    static const size_t min[] = {2, 3, 4}, max[] = {4, 4, 4};
    size_t i = 0;
    if (!n || s[0] != '0')
        return 0;
    for (size_t g = 0; g < 3; g++) {
        size_t d = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, d++;
        if (d < min[g] || d > max[g] || (g < 2 && (i >= n || s[i++] != '-')))
            return 0;
    }
    return i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '-') ? 0 : i;
}

static bool put_phone(pc_buf *out, const char *s, size_t n)
{
    static const char *const digits[] = {"공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"};
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = s[i] == '-' ? pc_buf_putc(out, ' ') : pc_buf_puts(out, digits[s[i] - '0']);
    return ok;
}

/* Numbers at s[i] (a digit, nothing digit-like before it): a phone
 * number, or a count before a counter. Returns the bytes read, 0 when
 * neither (the voice reads the rest itself). */
static size_t number(const char *s, size_t n, pc_buf *out, bool *ok)
{
    size_t p = phone_len(s, n);
    if (p) {
        *ok = put_phone(out, s, p);
        return p;
    }
    unsigned value = 0;
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
        value = value * 10 + (unsigned)(s[d++] - '0');
    if (!d || d > 2 || (d < n && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.' || s[d] == ',')) || !value)
        return 0;
    size_t gap = d < n && s[d] == ' ';
    if (!counter_len(s + d + gap, n - d - gap, value))
        return 0;
    *ok = native(out, value);
    return d + gap;
}

/* Is the number at s[i] a temperature (a degree sign or 도 after it)? */
static bool below_zero(const char *s, size_t n, size_t i)
{
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    return (i + 3 <= n && !memcmp(s + i, "도", 3)) || (i + 2 <= n && !memcmp(s + i, "\xc2\xb0", 2));
}

bool pc_ko_read(const pc_ko *ko, const char *s, size_t n, pc_buf *out)
{
    bool ok = true;
    for (size_t i = 0; ok && i < n;) {
        unsigned cp;
        size_t l = pc_utf8_decode(s + i, n - i, &cp), j = i;
        if (!l)
            l = 1;
        bool after_digit = i && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.' || s[i - 1] == ',');
        size_t used = cp >= '0' && cp <= '9' && !after_digit ? number(s + i, n - i, out, &ok) : 0;
        if (used) {
            i += used;
            continue;
        }
        if (cp == '%') {
            ok = pc_buf_puts(out, " 퍼센트");
            i += l;
            continue;
        }
        bool digit_after = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9';
        if (cp == '.' && after_digit && digit_after && !(i >= 2 && s[i - 2] == '.')) {
            ok = pc_buf_puts(out, "점"); /* 3.5 삼점오 (the voice says 삼오) */
            i += l;
            continue;
        }
        if (cp == '-' && !after_digit && digit_after && below_zero(s, n, i + 1)) {
            ok = pc_buf_puts(out, "영하 "); /* -5도 */
            i += l;
            continue;
        }
        if (!pc_words_han(cp)) {
            ok = pc_buf_append(out, s + i, l);
            i += l;
            continue;
        }
        while (j < n && (l = pc_utf8_decode(s + j, n - j, &cp)) && pc_words_han(cp))
            j += l;
        ok = read_hanja(ko, s + i, j - i, out);
        i = j;
    }
    return ok;
}
