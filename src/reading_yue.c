/* reading_yue: Cantonese words and their Jyutping (see header). */
#include "internal.h"
#include "reading_yue.h"

#include "lexicon.h"
#include "normalize.h"
#include "reading_words.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#ifndef POSTCAST_JYUTPING_DIR
#define POSTCAST_JYUTPING_DIR "/usr/share/rime-data"
#endif
#define MAX_WORD_CHARS 8

struct pc_yue {
    char *text[2]; /* the two files, tabs and newlines replaced by NULs */
    char *pairs;   /* "字\x01reading" keys: the readings a character has */
    size_t pair_len, pair_cap;
    pc_words words;
    uint64_t hash;
};

/* A word reading's weight: the sum of its syllables' weights as readings
 * of their characters; -1 when a syllable is none of its character's
 * readings: the list has some slang and alias readings (畀咗 bei2 saai3,
 * 十九 sap1 gau1) that are not the words' sound. A word's first plausible
 * reading is kept (the sum would put literary readings first: 成日 sing4,
 * not the spoken seng4). */
static int word_weight(const pc_yue *y, const char *w, const char *reading)
{
    int sum = 0;
    size_t n = strlen(w);
    const char *r = reading;
    for (size_t i = 0; i < n && *r;) {
        unsigned cp;
        size_t l = pc_utf8_decode(w + i, n - i, &cp), syl = strcspn(r, " ");
        char key[64];
        if (!l || l + 1 + syl >= sizeof key)
            break;
        memcpy(key, w + i, l);
        key[l] = '\x01';
        memcpy(key + l + 1, r, syl);
        const pc_word_entry *e = pc_words_find(&y->words, key, l + 1 + syl);
        if (!e)
            return -1;
        sum += e->weight;
        i += l;
        r += syl + (r[syl] == ' ');
    }
    return *r ? -1 : sum;
}

/* Reads the entries of one Rime dictionary text (after its "..." line:
 * WORD<TAB>READING[<TAB>WEIGHT%]), cutting it in place. */
static void parse(pc_yue *y, char *text, bool pairs)
{
    char *p = strstr(text, "\n...");
    char *line = p ? strchr(p + 1, '\n') : NULL;
    while (line) {
        line++;
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *this_line = line;
        line = end;
        char *tab = strchr(this_line, '\t');
        if (this_line[0] == '#' || !tab || tab == this_line)
            continue;
        *tab = '\0';
        char *reading = tab + 1, *tab2 = strchr(reading, '\t');
        int weight = 100;
        if (tab2) {
            *tab2 = '\0';
            if (tab2[1] >= '0' && tab2[1] <= '9')
                weight = atoi(tab2 + 1);
        }
        if (reading[0] < 'a' || reading[0] > 'z')
            continue;
        pc_words_add(&y->words, this_line, reading, pairs ? weight : word_weight(y, this_line, reading) < 0 ? -1 : 0);
        if (pairs && !strchr(reading, ' ')) { /* every reading of a character: 行\x01hong4 */
            char key[64];
            int k = snprintf(key, sizeof key, "%s\x01%s", this_line, reading);
            if (k > 0 && (size_t)k < sizeof key && y->pair_len + (size_t)k + 1 <= y->pair_cap) {
                char *stored = y->pairs + y->pair_len;
                memcpy(stored, key, (size_t)k + 1);
                y->pair_len += (size_t)k + 1;
                pc_words_add(&y->words, stored, "", weight);
            }
        }
    }
}

static size_t count_lines(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

pcast_status pc_yue_open(pc_yue **out, pcast_error *err)
{
    static const char *const files[] = {"jyut6ping3.chars.dict.yaml", "jyut6ping3.words.dict.yaml"};
    *out = NULL;
    pc_yue *y = calloc(1, sizeof *y);
    if (!y)
        return pc_error_nomem(err);
    size_t lines = 0, chars_len = 0;
    XXH64_hash_t h = 0;
    for (size_t i = 0; i < 2; i++) {
        char path[512];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", POSTCAST_JYUTPING_DIR, files[i]);
        pcast_status st = pc_read_file(path, &y->text[i], &len, err);
        if (st != PCAST_OK) {
            pc_yue_free(y);
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0,
                                "cannot read the Cantonese word list (install the Debian package "
                                "'rime-data-jyut6ping3')");
        }
        h = XXH64(y->text[i], len, h);
        if (i == 0)
            chars_len = len + 1;
        lines += count_lines(y->text[i]) * (i == 0 ? 2 : 1); /* a character's line adds its pair */
    }
    y->hash = h;
    y->pair_cap = chars_len; /* a key is never longer than its line */
    y->pairs = malloc(y->pair_cap ? y->pair_cap : 1);
    if (!pc_words_init(&y->words, lines) || !y->pairs) {
        pc_yue_free(y);
        return pc_error_nomem(err);
    }
    parse(y, y->text[0], true);
    parse(y, y->text[1], false);
    *out = y;
    return PCAST_OK;
}

void pc_yue_free(pc_yue *y)
{
    if (!y)
        return;
    free(y->text[0]);
    free(y->text[1]);
    free(y->pairs);
    pc_words_free(&y->words);
    free(y);
}

uint64_t pc_yue_hash(const pc_yue *y) { return y ? y->hash : 0; }

/* Appends one syllable: Jyutping, or for a syllabic nasal the character
 * the yue dictionary reads with that tone. */
static bool put_syllable(pc_buf *out, const char *syl, size_t n)
{
    static const char *const nasal[][2] = {
        {"m4", "\xe5\x94\x94"}, /* 唔 (read ng4) */
        {"ng4", "\xe5\x90\xb3"}, {"ng5", "\xe4\xba\x94"}, {"ng6", "\xe8\xaa\xa4"}}; /* 吳 五 誤 */
    if (out->len && out->data[out->len - 1] != ' ' && !pc_buf_putc(out, ' '))
        return false;
    for (size_t i = 0; i < sizeof nasal / sizeof *nasal; i++)
        if (strlen(nasal[i][0]) == n && !memcmp(syl, nasal[i][0], n))
            return pc_buf_puts(out, nasal[i][1]) && pc_buf_putc(out, ' ');
    return pc_buf_append(out, syl, n) && pc_buf_putc(out, ' ');
}

static bool put_reading(pc_buf *out, const char *reading)
{
    for (const char *p = reading; *p;) {
        size_t n = strcspn(p, " ");
        if (n && !put_syllable(out, p, n))
            return false;
        p += n + (p[n] == ' ');
    }
    return true;
}

/* A character read alone whose usual spoken reading the list does not
 * put first (會 wui5 "will", not wui2/wui6 as in 開會 會議; 到 dou3, 聽
 * teng1, 返 faan1, 呀 aa3 after a sentence), or NULL. */
static const char *alone(const char *c, size_t l, bool last)
{
    static const char *const table[][2] = {
        {"\xe6\x9c\x83", "wui5"}, {"\xe5\x88\xb0", "dou3"}, {"\xe8\x81\xbd", "teng1"},
        {"\xe8\xbf\x94", "faan1"}, {"\xe5\x91\x80", "aa3"}}; /* 會 到 聽 返 呀 */
    if (l == 3 && !memcmp(c, "\xe5\x91\xa2", 3)) /* 呢: "this" before a word, ne1 at the end */
        return last ? "ne1" : "ni1";
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (l == 3 && !memcmp(c, table[i][0], 3))
            return table[i][1];
    return NULL;
}

/* Whether c is a Han numeral (一二三四五六七八九十百千萬億零兩). */
static bool numeral(unsigned c)
{
    static const unsigned d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
                                 0x5341, 0x767E, 0x5343, 0x842C, 0x5104, 0x96F6, 0x5169};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (c == d[i])
            return true;
    return false;
}

/* The post's own Jyutping for the longest lexicon word at s[i] (ends[1..k]
 * its possible ends), or NULL; *end where it stops. A phoneme entry
 * ([[...]]) is passed over, as Mandarin passes it over. */
static const char *own_word(const pc_lexicon *lex, const char *s, size_t i, const size_t *ends, size_t k,
                            size_t *end)
{
    for (; lex && k >= 1; k--) {
        const char *r = pc_lexicon_find(lex, "yue", s + i, ends[k] - i);
        if (r && strncmp(r, "[[", 2)) {
            *end = ends[k];
            return r;
        }
    }
    return NULL;
}

/* Reads the Han stretch s[0..n) (whole characters) by longest match, the
 * post's lexicon first. */
static bool read_stretch(const pc_yue *y, const pc_lexicon *lex, const char *s, size_t n, pc_buf *out)
{
    for (size_t i = 0; i < n;) {
        size_t ends[MAX_WORD_CHARS + 1], k = pc_words_ends(s, n, i, ends, MAX_WORD_CHARS), past;
        const char *mine = own_word(lex, s, i, ends, k, &past);
        if (mine) {
            if (!put_reading(out, mine))
                return false;
            i = past;
            continue;
        }
        const pc_word_entry *e = NULL;
        for (; k > 1; k--)
            if ((e = pc_words_find(&y->words, s + i, ends[k] - i)) && e->weight >= 0)
                break;
        unsigned cp, prev = 0;
        pc_utf8_decode(s + i, n - i, &cp);
        if (i > 0) {
            size_t b = i - 1;
            while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
                b--;
            pc_utf8_decode(s + b, i - b, &prev);
        }
        if (k == 1 && cp == 0x5169 && numeral(prev)) { /* 兩 inside a number is 二: 一萬二千 */
            if (!put_syllable(out, "ji6", 3))
                return false;
            i = ends[1];
            continue;
        }
        const char *own = k == 1 ? alone(s + i, ends[1] - i, ends[1] == n) : NULL;
        if (own) {
            if (!put_syllable(out, own, strlen(own)))
                return false;
            i = ends[1];
            continue;
        }
        if (k == 1)
            e = pc_words_find(&y->words, s + i, ends[1] - i);
        bool haa5 = e && k == 1 && i > 0 && ends[1] - i == 3 && !memcmp(s + i, "\xe5\x90\x93", 3);
        if (!e || (k == 1 && e->tied && !haa5)) {
            /* unknown to the list, or two readings as likely (到 dou2
             * dou3): the voice's own reading */
            if (out->len && out->data[out->len - 1] != ' ' && !pc_buf_putc(out, ' '))
                return false;
            if (!pc_buf_append(out, s + i, ends[1] - i) || !pc_buf_putc(out, ' '))
                return false;
            i = ends[1];
            continue;
        }
        /* 吓 after a verb (haa5 above) is "a bit" (睇吓 tai2 haa5); the
         * list's own reading of the character is the interjection haa2 */
        bool ni1 = k > 1 && !memcmp(s + i, "\xe5\x91\xa2", 3); /* 呢度 呢個: the list has nei1 too */
        if (ni1 && !(put_syllable(out, "ni1", 3) && put_reading(out, e->reading + strcspn(e->reading, " "))))
            return false;
        if (!ni1 && !(haa5 ? put_syllable(out, "haa5", 4) : put_reading(out, e->reading)))
            return false;
        i = ends[k];
    }
    return true;
}

bool pc_yue_read(const pc_yue *y, const pc_lexicon *lex, const char *s, size_t n, pc_buf *out)
{
    pc_buf num = {0}, mid = {0};
    bool ok = pc_yue_numbers(s, n, &num) &&
              pc_normalize_zh(num.data ? num.data : "", num.len, false, &mid);
    const char *t = mid.data ? mid.data : "";
    for (size_t i = 0; ok && i < mid.len;) {
        unsigned cp;
        size_t l = pc_utf8_decode(t + i, mid.len - i, &cp), j = i;
        if (!pc_words_han(cp)) {
            ok = pc_buf_append(out, t + i, l ? l : 1);
            i += l ? l : 1;
            continue;
        }
        while (j < mid.len) {
            size_t m = pc_utf8_decode(t + j, mid.len - j, &cp);
            if (!m || !pc_words_han(cp))
                break;
            j += m;
        }
        ok = read_stretch(y, lex, t + i, j - i, out);
        i = j;
    }
    pc_buf_free(&num);
    pc_buf_free(&mid);
    return ok;
}
