/* reading_ja_kanji: kanjidic's on'yomi (see header). */
#include "internal.h"
#include "reading_ja_kanji.h"

#include "reading_words.h"
#include "source.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#ifndef POSTCAST_KANJIDIC
#define POSTCAST_KANJIDIC "/usr/share/edict/kanjidic"
#endif

struct pc_ja_kanji_list {
    char *text; /* kanjidic in UTF-8, cut in place */
    pc_words words;
};

/* kanjidic (EUC-JP) as UTF-8 in a malloc'd NUL-terminated string, or
 * NULL. */
static char *utf8_of(const char *euc, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", "EUC-JP");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n > SIZE_MAX / 2 - 1 ? 0 : n * 2 + 1, left = cap ? cap - 1 : 0;
    char *out = cap ? malloc(cap) : NULL, *w = out, *r = (char *)euc;
    size_t in_left = n;
    /* a character it cannot convert is skipped, byte by byte */
    while (out && in_left && iconv(cd, &r, &in_left, &w, &left) == (size_t)-1 && left)
        r++, in_left--;
    iconv_close(cd);
    if (out)
        *w = '\0';
    return out;
}

/* Is the token t (NUL-terminated) katakana throughout, with '-' and '.'
 * (kanjidic's affix marks) allowed? */
static bool katakana_token(const char *t)
{
    bool any = false;
    for (size_t i = 0; t[i];) {
        unsigned cp;
        size_t l = pc_utf8_decode(t + i, strlen(t + i), &cp);
        if (!l)
            return false;
        if (cp != '-' && cp != '.' && (cp < 0x30A1 || cp > 0x30FC))
            return false;
        any = any || cp != '-';
        i += l;
    }
    return any;
}

/* Each line: KANJI CODES... READINGS... {MEANINGS}: the first katakana
 * token is the on'yomi kept (its marks dropped in place). */
static void parse(pc_ja_kanji_list *k)
{
    for (char *line = k->text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        char *kanji = line, *sp = strchr(line, ' ');
        line = end ? end + 1 : NULL;
        if (kanji[0] == '#' || !sp)
            continue;
        *sp = '\0';
        for (char *t = sp + 1; t && *t && *t != '{';) {
            char *next = strchr(t, ' ');
            if (next)
                *next++ = '\0';
            if (katakana_token(t)) {
                char *w = t;
                for (char *c = t; *c; c++)
                    if (*c != '-' && *c != '.')
                        *w++ = *c;
                *w = '\0';
                pc_words_add(&k->words, kanji, t, 0);
                break;
            }
            t = next;
        }
    }
}

pc_ja_kanji_list *pc_ja_kanji_load(void)
{
    char *euc = NULL;
    size_t n = 0;
    pcast_error err;
    if (pc_read_file(POSTCAST_KANJIDIC, &euc, &n, &err) != PCAST_OK)
        return NULL;
    pc_ja_kanji_list *k = calloc(1, sizeof *k);
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += euc[i] == '\n';
    if (k)
        k->text = utf8_of(euc, n);
    free(euc);
    if (!k || !k->text || !pc_words_init(&k->words, lines)) {
        pc_ja_kanji_free(k);
        return NULL;
    }
    parse(k);
    return k;
}

void pc_ja_kanji_free(pc_ja_kanji_list *k)
{
    if (!k)
        return;
    pc_words_free(&k->words);
    free(k->text);
    free(k);
}

const char *pc_ja_kanji_on(const pc_ja_kanji_list *k, const char *c, size_t n)
{
    const pc_word_entry *e = k ? pc_words_find(&k->words, c, n) : NULL;
    return e ? e->reading : NULL;
}
