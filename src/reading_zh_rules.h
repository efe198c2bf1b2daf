/* reading_zh_rules: the sentence rules over a segmented Han stretch.
 *
 * reading_zh cuts a stretch into words and gives each character its
 * table reading and 一/不 sandhi; these rules then change the syllables a
 * sentence's shape reads otherwise than the table (得 dei3 / de5, 待 dai1,
 * 縫 feng2, 倒 dao4, sentence-final particles, 這個 ge5) and, for
 * mainland text, the characters whose mainland reading differs from the
 * Taiwan one the table keeps (期 qi1, 突 tu1, 匹 pi3). */
#ifndef POSTCAST_READING_ZH_RULES_H
#define POSTCAST_READING_ZH_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define MAX_SYL_BYTES 8

/* One character of a Han stretch and its syllable. */
typedef struct zh_char {
    size_t off, len;       /* bytes in the stretch */
    unsigned cp;
    char syl[MAX_SYL_BYTES];
    bool known;            /* has a syllable */
    const char *whole;     /* a lexicon reading for its whole word, whose
                            * syllables do not match the characters: said
                            * at the word's first character */
    bool silent;           /* in such a word after the first character */
    bool word_end;         /* last character of its word */
} zh_char;

/* Sets c's syllable to syl (cut to fit). */
static inline void set_syl(zh_char *c, const char *syl)
{
    size_t n = strlen(syl);
    if (n >= sizeof c->syl)
        n = sizeof c->syl - 1;
    memcpy(c->syl, syl, n);
    c->syl[n] = '\0';
}

/* Whether cp is one of set[0..n). */
static inline bool in_set(unsigned cp, const unsigned *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return true;
    return false;
}

/* Applies the sentence rules to c[0..n) in place (after segmentation and
 * sandhi); mainland: the stretch is zh-CN text. Allocates nothing and
 * cannot fail; characters without a syllable are left alone. */
void pc_zh_rules_apply(zh_char *c, size_t n, bool mainland);

/* The rules that read a character by the words around it (為 wei4 for,
 * 得 de5 in a verb's complement, adverbial 地): reading_zh_context.c, run
 * last by pc_zh_rules_apply. */
void pc_zh_context_apply(zh_char *c, size_t n);

#endif
