/* espeak_prosody: how espeak-ng is made to keep Mandarin's pace and to
 * raise a Mandarin question (see espeak_prosody.h). Pure functions: no
 * espeak-ng call, so they can run anywhere. */
#include "espeak_prosody.h"

#include "internal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

int pc_espeak_mandarin_rate(double sps)
{
    static const double table[][2] = {{3.28, 150}, {3.94, 175}, {4.31, 190}, {4.59, 200},
                                      {4.81, 210}, {5.29, 225}, {5.88, 250}};
    size_t n = sizeof table / sizeof *table, i = 1;
    while (i < n - 1 && sps > table[i][0])
        i++;
    double s0 = table[i - 1][0], r0 = table[i - 1][1], s1 = table[i][0], r1 = table[i][1];
    double r = r0 + (sps - s0) * (r1 - r0) / (s1 - s0);
    return r < 80 ? 80 : r > 450 ? 450 : (int)(r + 0.5);
}

/* The start of the last syllable of text[0..n): a Han character or a
 * word of ASCII letters and digits (tone-numbered pinyin); SIZE_MAX when
 * there is none. */
static size_t last_syllable(const char *text, size_t n)
{
    while (n > 0) {
        size_t a = n;
        while (a > 0 && ((unsigned char)text[--a] & 0xC0) == 0x80)
            ;
        unsigned cp;
        pc_utf8_decode(text + a, n - a, &cp);
        if (cp >= 0x3400 && uc_is_property_ideographic(cp))
            return a;
        if (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
            while (a > 0 && (isalnum((unsigned char)text[a - 1])))
                a--;
            return a;
        }
        n = a;
    }
    return SIZE_MAX;
}

char *pc_espeak_question_rise(int pitch, const char *language, const char *text)
{
    size_t n = strlen(text), end = n;
    if (strncmp(language, "cmn", 3))
        return NULL;
    /* closing quotes and brackets after the question mark */
    for (;;) {
        size_t a = end;
        while (a > 0 && ((unsigned char)text[--a] & 0xC0) == 0x80)
            ;
        unsigned cp = 0;
        if (end > 0)
            pc_utf8_decode(text + a, end - a, &cp);
        if (!(cp == ' ' || cp == '"' || cp == '\'' || cp == ')' || cp == 0x2019 || cp == 0x201D ||
              cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == 0x3011 || cp == 0x300B))
            break;
        end = a;
    }
    bool q = (end >= 1 && text[end - 1] == '?') ||
             (end >= 3 && !memcmp(text + end - 3, "\xEF\xBC\x9F", 3)); /* ？ */
    if (!q)
        return NULL;
    size_t at[2], k = 0;
    for (size_t m = end; k < 2 && (at[k] = last_syllable(text, m)) != SIZE_MAX; m = at[k++])
        ;
    if (k == 0)
        return NULL;
    char *out = malloc(n + 16);
    if (!out)
        return NULL;
    int p2 = pitch + 22 > 100 ? 100 : pitch + 22, p1 = (pitch + p2) / 2;
    size_t first = at[k - 1];
    int w = snprintf(out, n + 16, "%.*s", (int)first, text);
    if (k == 2)
        w += snprintf(out + w, n + 16 - (size_t)w, "\x01%dP%.*s", p1, (int)(at[0] - at[1]),
                      text + at[1]);
    snprintf(out + w, n + 16 - (size_t)w, "\x01%dP%s", p2, text + at[0]);
    return out;
}

