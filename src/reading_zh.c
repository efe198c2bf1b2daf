/* reading_zh: segmentation, word readings and 一/不 sandhi (see header).
 *
 * Why every Han syllable is handed over as pinyin, not only the misread
 * ones: espeak-ng 1.51 doubles the last syllable of any word its own
 * dictionary matches (並且 → bing4 qie3 qie3), and any two Han characters
 * left side by side may form such a word; pinyin never matches it. */
#include "internal.h"
#include "reading_zh.h"
#include "reading_zh_rules.h"
#include "source.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_WORD_CHARS 8
#define INSERT_BATCH 16

/* 16 bytes: the reading is not stored, it follows the word's NUL (half a
 * million entries; 8 bytes each less keeps a long render under 64 MiB). */
typedef struct zh_entry {
    const char *word;
    uint32_t word_len, weight;
} zh_entry;

static const char *entry_reading(const zh_entry *e) { return e->word + e->word_len + 1; }

struct pc_zh_table {
    char *text;          /* the file, tabs and newlines replaced by NULs */
    zh_entry *entries;
    size_t count;
    uint32_t *slots;     /* open addressing: entry index + 1, 0 = empty */
    size_t cap;
    double log_total;
    uint64_t hash;       /* of the file */
};

static uint64_t bytes_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static const zh_entry *table_find(const pc_zh_table *t, const char *s, size_t n)
{
    for (size_t i = bytes_hash(s, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        uint32_t v = t->slots[i];
        if (!v)
            return NULL;
        const zh_entry *e = &t->entries[v - 1];
        if (e->word_len == n && !memcmp(e->word, s, n))
            return e;
    }
}

/* Inserts entry idx, whose word hashes to slot i; a word already there
 * keeps the higher weight. */
static void table_insert(pc_zh_table *t, size_t idx, size_t i)
{
    const zh_entry *e = &t->entries[idx];
    for (;; i = (i + 1) & (t->cap - 1)) {
        uint32_t v = t->slots[i];
        if (!v) {
            t->slots[i] = (uint32_t)idx + 1;
            return;
        }
        zh_entry *o = &t->entries[v - 1];
        if (o->word_len == e->word_len && !memcmp(o->word, e->word, e->word_len)) {
            if (e->weight > o->weight)
                t->slots[i] = (uint32_t)idx + 1;
            return;
        }
    }
}

static size_t count_lines(const char *s, size_t n)
{
    size_t lines = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))); p++)
        lines++;
    return lines + 1;
}

/* Splits the file into entries in place; lines without three fields are
 * skipped. */
static void parse_entries(pc_zh_table *t, size_t size, double *total)
{
    char *p = t->text, *end = t->text + size;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        *nl = '\0';
        char *tab1 = strchr(p, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (tab1 && tab2 && *p != '#') {
            *tab1 = *tab2 = '\0';
            zh_entry *e = &t->entries[t->count++];
            e->word = p;
            e->word_len = (uint32_t)(tab1 - p);
            e->weight = (uint32_t)strtoul(tab2 + 1, NULL, 10);
            *total += e->weight;
        }
        p = nl + 1;
    }
}

pcast_status pc_zh_table_load(const char *path, pc_zh_table **out, pcast_error *err)
{
    *out = NULL;
    pc_zh_table *t = calloc(1, sizeof *t);
    if (!t)
        return pc_error_nomem(err);
    size_t size = 0;
    pcast_status st = pc_read_file(path, &t->text, &size, err);
    if (st != PCAST_OK) {
        free(t);
        return st;
    }
    t->hash = XXH3_64bits(t->text, size);
    size_t lines = count_lines(t->text, size), slots;
    for (t->cap = 1024; t->cap < lines * 2; t->cap *= 2)
        ;
    if (lines >= UINT32_MAX || !pc_size_mul(lines, sizeof *t->entries, &slots) ||
        !(t->entries = malloc(slots)) || !(t->slots = calloc(t->cap, sizeof *t->slots))) {
        pc_zh_table_free(t);
        return pc_error_nomem(err);
    }
    double total = 1;
    parse_entries(t, size, &total);
    /* in order, a batch at a time: each batch's slots are hashed and
     * fetched first, so their cache misses overlap (the table is 4 MB) */
    for (size_t i = 0; i < t->count; i += INSERT_BATCH) {
        size_t n = t->count - i < INSERT_BATCH ? t->count - i : INSERT_BATCH, at[INSERT_BATCH];
        for (size_t j = 0; j < n; j++) {
            const zh_entry *e = &t->entries[i + j];
            at[j] = bytes_hash(e->word, e->word_len) & (t->cap - 1);
            __builtin_prefetch(&t->slots[at[j]]);
        }
        for (size_t j = 0; j < n; j++)
            table_insert(t, i + j, at[j]);
    }
    t->log_total = log(total);
    *out = t;
    return PCAST_OK;
}

void pc_zh_table_free(pc_zh_table *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->entries);
    free(t->slots);
    free(t);
}

size_t pc_zh_table_size(const pc_zh_table *t) { return t ? t->count : 0; }

uint64_t pc_zh_table_hash(const pc_zh_table *t) { return t ? t->hash : 0; }

static bool is_han(unsigned cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}


/* Copies the syllables of reading into chars[0..n); false when their count
 * is not n (the word is then left unread). */
static bool put_syllables(zh_char *chars, size_t n, const char *reading)
{
    size_t k = 0;
    const char *r = reading;
    while (*r) {
        while (*r == ' ')
            r++;
        size_t len = strcspn(r, " ");
        if (!len)
            break;
        if (k >= n || len >= MAX_SYL_BYTES)
            return false;
        k++;
        r += len;
    }
    if (k != n)
        return false;
    r = reading;
    for (k = 0; k < n; k++) {
        while (*r == ' ')
            r++;
        size_t len = strcspn(r, " ");
        memcpy(chars[k].syl, r, len);
        chars[k].syl[len] = '\0';
        chars[k].known = true;
        r += len;
    }
    return true;
}

static int tone_of(const zh_char *c)
{
    if (!c->known)
        return 0;
    size_t len = strlen(c->syl);
    return len && c->syl[len - 1] >= '1' && c->syl[len - 1] <= '5' ? c->syl[len - 1] - '0' : 0;
}

/* 零〇一二三四五六七八九十兩两 and 第點点 (digits and what reads them as digits) */
static bool is_digit_char(unsigned cp)
{
    static const unsigned d[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x5169, 0x4E24, 0x7B2C, 0x9EDE, 0x70B9};
    return in_set(cp, d, sizeof d / sizeof *d);
}

/* 百千萬万億亿: 一 before them takes sandhi (一百 yi4 bai3, 一萬 yi2 wan4) */
static bool is_big_unit(unsigned cp)
{
    static const unsigned u[] = {0x767E, 0x5343, 0x842C, 0x4E07, 0x5104, 0x4EBF};
    return in_set(cp, u, sizeof u / sizeof *u);
}

/* 加減减乘除: arithmetic between numbers (一加一 yi1 jia1 yi1) */
static bool is_arith(unsigned cp)
{
    static const unsigned a[] = {0x52A0, 0x6E1B, 0x51CF, 0x4E58, 0x9664};
    return in_set(cp, a, sizeof a / sizeof *a);
}

/* Is 一 at c[i] a number in a sum (一加一, 二減一, 一乘以三, 一等於一): an
 * operator (its 以, or 等's 於, after it) and then a digit after it, or a
 * digit and an operator before it? */
static bool in_sum(const zh_char *c, size_t n, size_t i)
{
    size_t j = i + 1;
    bool op = j < n && (is_arith(c[j].cp) || c[j].cp == 0x7B49); /* 等 */
    if (op && j + 1 < n && (c[j + 1].cp == 0x4EE5 || c[j + 1].cp == 0x65BC || c[j + 1].cp == 0x4E8E))
        j++; /* 以 於 于 */
    bool equals_alone = op && c[i + 1].cp == 0x7B49 && j == i + 1; /* 一等獎: not a sum */
    return (op && !equals_alone && j + 1 < n && is_digit_char(c[j + 1].cp)) ||
           (i >= 2 && is_arith(c[i - 1].cp) && is_digit_char(c[i - 2].cp)) ||
           (i >= 3 && c[i - 1].cp == 0x4EE5 && is_arith(c[i - 2].cp) && is_digit_char(c[i - 3].cp));
}

/* 的了是和與或地得: after a word-final 一 (統一的, 唯一是) it keeps yi1 */
static bool is_particle(unsigned cp)
{
    static const unsigned p[] = {0x7684, 0x4E86, 0x662F, 0x548C, 0x8207, 0x4E0E, 0x6216, 0x5730, 0x5F97};
    return in_set(cp, p, sizeof p / sizeof *p);
}

/* Is c[i] (一) the end of a word whose 一 is a number said for itself:
 * 唯一 惟一 統一 萬一 單一 之一 週一 星期一 禮拜一 初一 合一 逐一 專一 其一 劃一
 * 歸一 無一 (in either script; also inside a longer word: 統一規劃; a day's
 * name even when cut: 每週/一), unless it counts what follows (一週一次,
 * 一萬一千)? Most words the table ends in 一 (有一, 下一, 這一, 不一) are a
 * word and the start of a number, and take sandhi. (i > 0) */
static bool yi_word(const zh_char *c, size_t n, size_t i)
{
    static const unsigned w[] = {0x552F, 0x60DF, 0x7D71, 0x7EDF, 0x842C, 0x4E07, 0x55AE, 0x5355,
                                 0x4E4B, 0x9031, 0x5468, 0x671F, 0x62DC, 0x521D, 0x5408, 0x9010,
                                 0x5C08, 0x4E13, 0x5176, 0x5283, 0x5212, 0x6B78, 0x5F52, 0x7121, 0x65E0};
    /* 一 counting something after it: 一週一次, 一萬一千 */
    static const unsigned counted[] = {0x6B21, 0x56DE, 0x904D, 0x8D9F, 0x500B, 0x4E2A, 0x5929, 0x5E74};
    unsigned pv = c[i - 1].cp, nx = i + 1 < n ? c[i + 1].cp : 0;
    unsigned pv2 = i >= 2 ? c[i - 2].cp : 0; /* 週一 星期一 禮拜一 */
    bool day = pv == 0x9031 || pv == 0x5468 || (pv == 0x671F && pv2 == 0x661F) ||
               (pv == 0x62DC && (pv2 == 0x79AE || pv2 == 0x793C));
    return i > 0 && (!c[i - 1].word_end || day) && in_set(pv, w, sizeof w / sizeof *w) &&
           !is_big_unit(nx) && !in_set(nx, counted, sizeof counted / sizeof *counted);
}

static bool is_point(unsigned cp) { return cp == 0x9EDE || cp == 0x70B9; } /* 點点 */

/* Is 一 at c[i] an ordinal without 第 (一等獎 一等座 一流 一季度 一年級 一樓
 * 一線城市 一審 一把手), or one of a pair (買一送一, 買一贈一, 一對一)? */
static bool ordinal_yi(const zh_char *c, size_t n, size_t i)
{
    static const unsigned seq[][3] = {
        {0x7B49, 0x734E}, {0x7B49, 0x5956}, {0x7B49, 0x5EA7}, {0x7B49, 0x8259}, {0x7B49, 0x8231},
        {0x6D41}, {0x5B63, 0x5EA6}, {0x5E74, 0x7D1A}, {0x5E74, 0x7EA7}, {0x6A13}, {0x697C},
        {0x7DDA, 0x57CE}, {0x7EBF, 0x57CE}, {0x5BE9}, {0x5BA1}, {0x628A, 0x624B}};
    static const unsigned pair[] = {0x9001, 0x8D08, 0x8D60, 0x5C0D, 0x5BF9}; /* 送贈赠對对 */
    for (size_t k = 0; k < sizeof seq / sizeof *seq; k++) {
        size_t j = 0;
        while (j < 3 && seq[k][j] && i + 1 + j < n && c[i + 1 + j].cp == seq[k][j])
            j++;
        if (j == 3 || !seq[k][j])
            return true;
    }
    return (i + 2 < n && in_set(c[i + 1].cp, pair, 5) && c[i + 2].cp == 0x4E00) ||
           (i >= 2 && in_set(c[i - 1].cp, pair, 5) && c[i - 2].cp == 0x4E00);
}

/* Does 一 at c[i] keep yi1? After a digit (十一萬) or 第 (not before a big
 * unit: 第一百), before a digit or 十 or 月/號/号/日 (not 兩: 一兩次 yi4; not
 * 點 unless a digit follows: 一點 yi4 dian3, 1.2 一點二 yi1), at the end of
 * the words yi_word lists or a word before a particle (統一的), after a
 * score's 比 (以三比一拿下), and between
 * a big unit and a digit (一百零一, 三百一十). */
static bool keeps_yi1(const zh_char *c, size_t n, size_t i)
{
    bool last = i + 1 == n || !c[i + 1].known;
    unsigned nx = last ? 0 : c[i + 1].cp, pv = i ? c[i - 1].cp : 0;
    bool point = is_point(nx);
    /* 一點二 (1.2) but 一點點, 一點一點 (a little) */
    bool point_digit = point && i + 2 < n && is_digit_char(c[i + 2].cp) && c[i + 2].cp != 0x7B2C &&
                       !is_point(c[i + 2].cp) && !(i + 3 < n && is_point(c[i + 3].cp));
    if (is_point(pv) && point && i >= 2 && c[i - 2].cp == 0x4E00 && !(i + 2 < n && is_digit_char(c[i + 2].cp)))
        return false; /* 一點一點 */
    return last || (is_digit_char(pv) && (pv != 0x7B2C || !is_big_unit(nx))) ||
           (is_digit_char(nx) && nx != 0x7B2C && !point && nx != 0x5169 && nx != 0x4E24) || point_digit ||
           (is_big_unit(pv) && !is_big_unit(nx)) || nx == 0x6708 || nx == 0x865F || nx == 0x53F7 ||
           nx == 0x65E5 || (i >= 2 && pv == 0x6BD4 && is_digit_char(c[i - 2].cp) && !is_big_unit(nx)) ||
           (i > 0 && yi_word(c, n, i)) || in_sum(c, n, i) || ordinal_yi(c, n, i) ||
           (c[i].word_end && i > 0 && !c[i - 1].word_end && is_particle(nx));
}

/* 一 keeps yi1 where keeps_yi1 says; between a verb and itself it is
 * neutral (想一想); before 百/千/萬/億 it takes sandhi like before any
 * syllable; else yi2 before a fourth (or neutral) tone and yi4 before the
 * others. 不 is bu2 before a fourth tone. */
static void apply_sandhi(zh_char *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!c[i].known || (c[i].cp != 0x4E00 && c[i].cp != 0x4E0D))
            continue;
        bool last = i + 1 == n || !c[i + 1].known;
        int next = last ? 0 : tone_of(&c[i + 1]);
        if (c[i].cp == 0x4E0D) {
            set_syl(&c[i], next == 4 ? "bu2" : "bu4");
            continue;
        }
        if (keeps_yi1(c, n, i))
            set_syl(&c[i], "yi1");
        else if (i && !last && c[i - 1].cp == c[i + 1].cp && !is_digit_char(c[i + 1].cp))
            set_syl(&c[i], "yi5"); /* 想一想, 看一看 */
        else
            set_syl(&c[i], next == 4 || next == 5 ? "yi2" : "yi4");
    }
}

/* The likeliest segmentation of chars[0..n) (unigram word weights; a
 * lexicon word always wins), then each word's reading. */
static bool segment(const pc_zh_table *t, const pc_lexicon *lex, const char *s, zh_char *c,
                    size_t n)
{
    double *best = malloc((n + 1) * sizeof *best);
    size_t *from = malloc((n + 1) * sizeof *from);
    const char **reading = malloc((n + 1) * sizeof *reading);
    bool ok = best && from && reading;
    for (size_t i = 0; ok && i <= n; i++)
        best[i] = i ? -HUGE_VAL : 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (best[i] == -HUGE_VAL)
            continue;
        for (size_t k = 1; k <= MAX_WORD_CHARS && i + k <= n; k++) {
            size_t b = c[i].off, e = c[i + k - 1].off + c[i + k - 1].len;
            const char *lr = lex ? pc_lexicon_find(lex, "zh", s + b, e - b) : NULL;
            const zh_entry *w = lr ? NULL : table_find(t, s + b, e - b);
            double score = lr ? best[i] + 100.0 * (double)k
                          : w ? best[i] + log(w->weight + 1.0) - t->log_total
                          : k == 1 ? best[i] - t->log_total - 20 : -HUGE_VAL;
            if (score > best[i + k]) {
                best[i + k] = score;
                from[i + k] = i;
                reading[i + k] = lr ? lr : w ? entry_reading(w) : NULL;
            }
        }
    }
    for (size_t e = n; ok && e > 0; e = from[e]) {
        size_t b = from[e];
        c[e - 1].word_end = true;
        if (!reading[e] || put_syllables(c + b, e - b, reading[e]))
            continue;
        bool from_lex = lex && pc_lexicon_find(lex, "zh", s + c[b].off,
                                               c[e - 1].off + c[e - 1].len - c[b].off) == reading[e];
        for (size_t k = b; k < e; k++)
            c[k].known = false;
        if (from_lex && strncmp(reading[e], "[[", 2)) { /* pinyin only: no phonemes here */
            c[b].whole = reading[e];
            for (size_t k = b + 1; k < e; k++)
                c[k].silent = true;
        }
    }
    free(best);
    free(from);
    free(reading);
    return ok;
}

/* Reads one Han stretch s[0..n) into its characters (caller frees *out). */
static size_t read_stretch(const pc_zh_table *t, const pc_lexicon *lex, bool cn, const char *s,
                           size_t n, zh_char **out)
{
    size_t chars = pc_utf8_count(s, n), bytes;
    *out = NULL;
    if (!pc_size_mul(chars, sizeof **out, &bytes) || !(*out = calloc(chars ? chars : 1, sizeof **out)))
        return SIZE_MAX;
    zh_char *c = *out;
    for (size_t i = 0, k = 0; i < n; k++) {
        c[k].off = i;
        c[k].len = pc_utf8_decode(s + i, n - i, &c[k].cp);
        i += c[k].len;
    }
    if (!segment(t, lex, s, c, chars)) {
        free(c);
        *out = NULL;
        return SIZE_MAX;
    }
    apply_sandhi(c, chars);
    pc_zh_rules_apply(c, chars, cn);
    return chars;
}

static size_t stretch_end(const char *s, size_t n, size_t i)
{
    while (i < n) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        if (!is_han(cp))
            break;
        i += len;
    }
    return i;
}

bool pc_zh_read(const pc_zh_table *t, const pc_lexicon *lex, bool mainland_readings, const char *s,
                size_t n, pc_buf *out)
{
    bool need_blank = false;
    for (size_t i = 0; i < n;) {
        size_t end = stretch_end(s, n, i);
        if (end == i) {
            unsigned cp;
            size_t len = pc_utf8_decode(s + i, n - i, &cp);
            bool alnum = cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10);
            if ((need_blank && alnum && !pc_buf_putc(out, ' ')) || !pc_buf_append(out, s + i, len))
                return false;
            need_blank = false;
            i += len;
            continue;
        }
        zh_char *c;
        size_t chars = read_stretch(t, lex, mainland_readings, s + i, end - i, &c);
        if (chars == SIZE_MAX)
            return false;
        bool ok = true;
        for (size_t k = 0; ok && k < chars; k++) {
            if (c[k].silent)
                continue;
            if (k || (out->len && out->data[out->len - 1] != ' ' &&
                      (unsigned char)out->data[out->len - 1] < 0x80 &&
                      out->data[out->len - 1] != '\n'))
                ok = pc_buf_putc(out, ' ');
            ok = ok && (c[k].whole ? pc_buf_puts(out, c[k].whole)
                        : c[k].known ? pc_buf_puts(out, c[k].syl)
                                   : pc_buf_append(out, s + i + c[k].off, c[k].len));
        }
        free(c);
        if (!ok)
            return false;
        need_blank = true;
        i = end;
    }
    return true;
}

static bool ascii_alnum(unsigned cp)
{
    return cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10);
}

/* Marks the words of one Han stretch s[0..n) in starts[0..n) (all 0 on
 * entry); false when out of memory. */
static bool stretch_starts(const pc_zh_table *t, const pc_lexicon *lex, const char *s, size_t n,
                           unsigned char *starts)
{
    size_t chars = pc_utf8_count(s, n), bytes;
    zh_char *c = pc_size_mul(chars ? chars : 1, sizeof *c, &bytes) ? calloc(chars ? chars : 1, sizeof *c)
                                                                  : NULL;
    if (!c)
        return false;
    for (size_t i = 0, k = 0; i < n; k++) {
        c[k].off = i;
        c[k].len = pc_utf8_decode(s + i, n - i, &c[k].cp);
        i += c[k].len;
    }
    bool ok = segment(t, lex, s, c, chars);
    for (size_t k = 0; ok && k < chars; k++)
        starts[c[k].off] = k == 0 || c[k - 1].word_end;
    free(c);
    return ok;
}

bool pc_zh_word_starts(const pc_zh_table *t, const pc_lexicon *lex, const char *s, size_t n,
                       unsigned char *starts)
{
    memset(starts, 0, n);
    unsigned prev = 0, prev2 = 0;
    bool ok = true;
    for (size_t i = 0; i < n;) {
        size_t end = t ? stretch_end(s, n, i) : i;
        if (end > i) {
            if (ok)
                ok = stretch_starts(t, lex, s + i, end - i, starts + i);
            if (!ok) /* every character, as without a table */
                for (size_t k = i; k < end; k++)
                    starts[k] = ((unsigned char)s[k] & 0xC0) != 0x80;
            prev = prev2 = 0x4E00;
            i = end;
            continue;
        }
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        bool digit_glue = (cp - '0' < 10 && (prev == '.' || prev == ',' || prev == ':') &&
                           prev2 - '0' < 10) ||
                          ((cp == '.' || cp == ',' || cp == ':') && prev - '0' < 10 && i + len < n &&
                           (unsigned)s[i + len] - '0' < 10);
        starts[i] = !(ascii_alnum(cp) && ascii_alnum(prev)) && !digit_glue;
        prev2 = prev;
        prev = cp;
        i += len;
    }
    return ok;
}

bool pc_zh_has_han(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        if (is_han(cp))
            return true;
    }
    return false;
}
