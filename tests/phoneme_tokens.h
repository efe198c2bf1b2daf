/* The reading tests' tokenizer (test_reading.c, test_reading_corpus.c):
 * cuts a space-separated phoneme string in place into tokens. A coda n/N
 * that espeak-ng attaches to either of two syllables is left out of the
 * token it opens, so where it lands is no difference; the pause marks
 * (':') espeak-ng writes for 《 and —— are left out. */
#ifndef POSTCAST_TEST_PHONEME_TOKENS_H
#define POSTCAST_TEST_PHONEME_TOKENS_H

#include <stddef.h>

/* Writes up to max token starts into tok (s is cut with NULs); returns
 * how many. */
static inline size_t phoneme_tokens(char *s, char **tok, size_t max)
{
    size_t n = 0;
    for (char *p = s; *p && n < max;) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        while (*p == ':')
            p++; /* a pause (《, ——) is no syllable */
        char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p > start) {
            char *t = start + (*start == 'n' || *start == 'N'); /* a coda n/N lands here */
            while (*t == ':' && t + 1 < p)
                t++; /* and a pause after it (N::li214 after 》) */
            tok[n++] = t;
        }
    }
    return n;
}

#endif
