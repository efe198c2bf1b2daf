/* reading: the per-run entry point of the front end (see reading.h). */
#include "internal.h"
#include "reading.h"

#include "normalize.h"
#include "normalize_en_abbr.h"
#include "normalize_en_terms.h"
#include "reading_ja.h"
#include "reading_ko.h"
#include "reading_yue.h"
#include "reading_zh.h"
#include "scripts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uninorm.h>
#include <stdio.h>
#include <unistd.h>

#ifndef POSTCAST_READING_TABLE
#define POSTCAST_READING_TABLE "/usr/local/share/postcast/zh-readings.tsv"
#endif

struct pc_reading {
    char *table_path;      /* NULL: the defaults */
    const pc_lexicon *lex;
    pc_zh_table *zh;
    bool zh_borrowed;       /* zh is another front end's */
    pcast_status zh_status; /* of a failed load, PCAST_OK before any */
    pcast_error zh_err;
    bool phonemes;          /* the engine reads [[...]] as phonemes */
    bool mainland;          /* the post is zh-CN, zh-Hans, zh-SG */
    pc_ja *ja;              /* Japanese: MeCab, started on first use */
    pcast_status ja_status; /* of a failed start, PCAST_OK before any */
    pcast_error ja_err;
    pc_yue *yue;            /* Cantonese: its word list, loaded on first use */
    pcast_status yue_status;
    pcast_error yue_err;
    pc_ko *ko;              /* Korean: the hanja list, loaded on first use */
    pcast_status ko_status;
    pcast_error ko_err;
};

pc_reading *pc_reading_new(const char *table_path, const pc_lexicon *lex)
{
    pc_reading *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->lex = lex;
    if (table_path && !(r->table_path = strdup(table_path))) {
        free(r);
        return NULL;
    }
    return r;
}

void pc_reading_free(pc_reading *r)
{
    if (!r)
        return;
    if (!r->zh_borrowed)
        pc_zh_table_free(r->zh);
    pc_ja_free(r->ja);
    pc_yue_free(r->yue);
    pc_ko_free(r->ko);
    free(r->table_path);
    free(r);
}

void pc_reading_borrow_table(pc_reading *r, const pc_reading *from)
{
    if (r->zh || !from || !from->zh)
        return;
    r->zh = from->zh;
    r->zh_borrowed = true;
}

pcast_status pc_reading_prepare(pc_reading *r, pcast_error *err)
{
    if (r->zh)
        return PCAST_OK;
    if (r->zh_status == PCAST_OK) {
        const char *path = r->table_path;
#ifdef POSTCAST_BUILD_READING_TABLE
        if (!path && !access(POSTCAST_BUILD_READING_TABLE, R_OK))
            path = POSTCAST_BUILD_READING_TABLE;
#endif
        r->zh_status = pc_zh_table_load(path ? path : POSTCAST_READING_TABLE, &r->zh, &r->zh_err);
    }
    if (r->zh_status != PCAST_OK && err)
        *err = r->zh_err;
    return r->zh_status;
}

/* Starts MeCab for Japanese runs, once (a failure is kept and told
 * again). */
static pcast_status prepare_ja(pc_reading *r, pcast_error *err)
{
    if (!r->ja && r->ja_status == PCAST_OK)
        r->ja_status = pc_ja_open(&r->ja, &r->ja_err);
    if (r->ja_status != PCAST_OK && err)
        *err = r->ja_err;
    return r->ja_status;
}

/* Loads the Cantonese word list, once (as prepare_ja). */
static pcast_status prepare_yue(pc_reading *r, pcast_error *err)
{
    if (!r->yue && r->yue_status == PCAST_OK)
        r->yue_status = pc_yue_open(&r->yue, &r->yue_err);
    if (r->yue_status != PCAST_OK && err)
        *err = r->yue_err;
    return r->yue_status;
}

/* Loads the hanja list, once (as prepare_ja). */
static pcast_status prepare_ko(pc_reading *r, pcast_error *err)
{
    if (!r->ko && r->ko_status == PCAST_OK)
        r->ko_status = pc_ko_open(&r->ko, &r->ko_err);
    if (r->ko_status != PCAST_OK && err)
        *err = r->ko_err;
    return r->ko_status;
}

void pc_reading_set_phoneme_input(pc_reading *r, bool on) { r->phonemes = on; }

int pc_reading_kind(const char *tag)
{
    if (!tag)
        return 0;
    if (!strncasecmp(tag, "zh-hk", 5) || !strncasecmp(tag, "zh-mo", 5) || !strncasecmp(tag, "yue", 3) ||
        !strncasecmp(tag, "zh-hant-hk", 10))
        return 'y';
    if (!strncasecmp(tag, "zh", 2) || !strncasecmp(tag, "cmn", 3))
        return 'z';
    if (pc_script_primary_is(tag, "en"))
        return 'e';
    if (pc_script_primary_is(tag, "ja"))
        return 'j';
    if (pc_script_primary_is(tag, "ko"))
        return 'k';
    return 0;
}

/* zh-CN, zh-Hans, zh-SG, cmn-Hans... (Simplified: mainland readings) */
static bool mainland_tag(const char *tag)
{
    for (const char *p = tag; p && *p; p++)
        if ((*p == '-' || *p == '_') &&
            (!strncasecmp(p + 1, "cn", 2) || !strncasecmp(p + 1, "hans", 4) || !strncasecmp(p + 1, "sg", 2)))
            return true;
    return false;
}

void pc_reading_set_lang(pc_reading *r, const char *post_lang)
{
    r->mainland = post_lang && pc_reading_kind(post_lang) == 'z' && mainland_tag(post_lang);
}

/* Replaces every 。 (U+3002) in s[0..n) by '.'; returns the new length. */
static size_t ideographic_stops(uint8_t *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) {
            s[w++] = '.';
            i += 2;
        } else {
            s[w++] = s[i];
        }
    }
    return w;
}

/* An emoji or pictograph (🎉 😂 👍 ☀ ✅, a flag, and the joiners that
 * build them): espeak-ng's English voice says its name ("party popper",
 * "face with tears of joy"); its Mandarin voice says nothing. */
static bool pictograph(unsigned cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x2775) ||
           (cp >= 0x2794 && cp <= 0x27BF) || cp == 0xFE0F || cp == 0x200D || cp == 0x2B50;
}

/* Marks before NFKC makes them digits and letters. In Han text (zh) a
 * circled number (① ❶ ➀ ➊, up to 20) opening a list item is its number
 * and a pause ("1、", so 一 keeps yi1: ①遠端 not yi4 yuan3; after 第 just
 * the number, 第①步), and a Roman numeral sign (Ⅱ ⅱ, up to 12) its number
 * in digits (第Ⅱ階段 第二, not the letters II); in English, an emoji is
 * not read and a vulgar fraction is words (pc_en_vulgar_fraction).
 * Returns a malloc'd copy of text[0..n) and its length in *len, or NULL
 * when out of memory. */
static char *marks(const char *text, size_t n, bool zh, size_t *len)
{
    pc_buf b = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < n;) {
        unsigned cp;
        size_t l = pc_utf8_decode(text + i, n - i, &cp);
        unsigned v = cp >= 0x2460 && cp <= 0x2473   ? cp - 0x2460 + 1
                     : cp >= 0x2776 && cp <= 0x2793 ? (cp - 0x2776) % 10 + 1
                     : 0;
        unsigned roman = cp >= 0x2160 && cp <= 0x216B   ? cp - 0x2160 + 1
                         : cp >= 0x2170 && cp <= 0x217B ? cp - 0x2170 + 1
                                                        : 0;
        char num[8];
        snprintf(num, sizeof num, "%u", v ? v : roman);
        bool after_di = i >= 3 && !memcmp(text + i - 3, "\xe7\xac\xac", 3); /* 第 */
        bool spaced = !zh && i >= 2 && text[i - 1] == ' ' && text[i - 2] >= '0' && text[i - 2] <= '9'; /* 1 ½ */
        size_t formula = zh ? 0 : pc_en_formula(text, n, i, &b, &ok); /* H₂O, m² */
        if (formula) {
            i += formula;
            continue;
        }
        if (!zh && pictograph(cp))
            ok = true;
        else if (!zh && pc_en_vulgar_fraction(cp, spaced || (i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9'), &b, &ok)) {
            const char *one, *many; /* ¼ tsp: one quarter teaspoon */
            size_t u = pc_en_unit(text, n, i + l, &one, &many);
            if (u && text[i + l] == ' ')
                ok = ok && pc_buf_puts(&b, spaced || i == 0 || text[i - 1] != ' ' ? many : one), i += u;
        }
        else if (zh && (v || roman))
            ok = pc_buf_puts(&b, num) && (!v || after_di || pc_buf_puts(&b, "\xe3\x80\x81")); /* 、 */
        else
            ok = pc_buf_append(&b, text + i, l);
        i += l ? l : 1;
    }
    if (!ok || !pc_buf_putc(&b, '\0')) {
        pc_buf_free(&b);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}

pcast_status pc_reading_apply(pc_reading *r, const char *lang_tag, const char *text, size_t n,
                              pc_buf *out, pcast_error *err)
{
    int kind = pc_reading_kind(lang_tag);
    if (kind == 'z' || kind == 'j' || kind == 'y' || kind == 'k') {
        pcast_status st = kind == 'z'   ? pc_reading_prepare(r, err)
                          : kind == 'j' ? prepare_ja(r, err)
                          : kind == 'y' ? prepare_yue(r, err)
                                        : prepare_ko(r, err);
        if (st != PCAST_OK)
            return st;
    }
    size_t nfkc_len = 0, marked_len = n;
    char *marked = kind == 'z' || kind == 'e' ? marks(text, n, kind == 'z', &marked_len) : NULL;
    if ((kind == 'z' || kind == 'e') && !marked)
        return pc_error_nomem(err);
    uint8_t *nfkc = u8_normalize(UNINORM_NFKC, (const uint8_t *)(marked ? marked : text), marked_len, NULL,
                                 &nfkc_len);
    free(marked);
    if (!nfkc)
        return pc_error_nomem(err);
    for (size_t i = 0; r->phonemes && i + 1 < nfkc_len; i++)
        if ((nfkc[i] == '[' && nfkc[i + 1] == '[') || (nfkc[i] == ']' && nfkc[i + 1] == ']'))
            nfkc[i + 1] = ' '; /* the post's own text never becomes phonemes */
    if (kind != 'z' && kind != 'y') /* a Latin run's 。 (it ends a Chinese sentence) is its full stop */
        nfkc_len = ideographic_stops(nfkc, nfkc_len);
    pc_buf mid = {0};
    bool ok;
    bool cn = kind == 'z' && (mainland_tag(lang_tag) || (r->mainland && !strchr(lang_tag, '-')));
    if (kind == 'z')
        ok = pc_normalize_zh((const char *)nfkc, nfkc_len, cn, &mid) &&
             pc_zh_read(r->zh, r->lex, cn, mid.data ? mid.data : "", mid.len, out);
    else if (kind == 'e')
        ok = pc_normalize_en(r->lex, r->phonemes, (const char *)nfkc, nfkc_len, out);
    else if (kind == 'y')
        ok = pc_yue_read(r->yue, r->lex, (const char *)nfkc, nfkc_len, out);
    else if (kind == 'k')
        ok = pc_ko_read(r->ko, (const char *)nfkc, nfkc_len, out);
    else if (kind == 'j') { /* 2024 年に 3 人: read as 2024年に3人 */
        char *tight;
        size_t tight_len;
        ok = pc_text_number_blanks((const char *)nfkc, nfkc_len, &tight, &tight_len) &&
             pc_ja_read(r->ja, r->lex, tight ? tight : (const char *)nfkc, tight ? tight_len : nfkc_len, out);
        free(tight);
    }
    else
        ok = pc_buf_append(out, (const char *)nfkc, nfkc_len);
    free(nfkc);
    pc_buf_free(&mid);
    return ok ? PCAST_OK : pc_error_nomem(err);
}

pcast_status pc_reading_word_starts(pc_reading *r, const char *s, size_t n, unsigned char *starts,
                                    pcast_error *err)
{
    pcast_status st = pc_zh_has_han(s, n) ? pc_reading_prepare(r, err) : PCAST_OK;
    if (!pc_zh_word_starts(st == PCAST_OK ? r->zh : NULL, r->lex, s, n, starts) && st == PCAST_OK)
        st = pc_error_nomem(err);
    return st;
}

pcast_status pc_reading_cache_tag(pc_reading *r, const char *lang_tag, char *out, size_t size,
                                  pcast_error *err)
{
    uint64_t table = 0;
    if (pc_reading_kind(lang_tag) == 'z') {
        pcast_status st = pc_reading_prepare(r, err);
        if (st != PCAST_OK)
            return st;
        table = pc_zh_table_hash(r->zh);
    } else if (pc_reading_kind(lang_tag) == 'j') {
        pcast_status st = prepare_ja(r, err);
        if (st != PCAST_OK)
            return st;
        table = pc_ja_hash(r->ja);
    } else if (pc_reading_kind(lang_tag) == 'y') {
        pcast_status st = prepare_yue(r, err);
        if (st != PCAST_OK)
            return st;
        table = pc_yue_hash(r->yue);
    } else if (pc_reading_kind(lang_tag) == 'k') {
        pcast_status st = prepare_ko(r, err);
        if (st != PCAST_OK)
            return st;
        table = pc_ko_hash(r->ko);
    }
    snprintf(out, size, "%s/%016llx/%016llx", PC_READING_VERSION, (unsigned long long)table,
             (unsigned long long)pc_lexicon_hash(r->lex));
    return PCAST_OK;
}
