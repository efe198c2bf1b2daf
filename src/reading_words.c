/* reading_words: the readers' word table (see header). */
#include "internal.h"
#include "reading_words.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

bool pc_words_init(pc_words *w, size_t max)
{
    *w = (pc_words){0};
    w->cap = 1;
    while (w->cap < max * 2)
        w->cap <<= 1;
    w->max = max;
    w->slots = calloc(w->cap, sizeof *w->slots);
    w->entries = calloc(max ? max : 1, sizeof *w->entries);
    if (!w->slots || !w->entries) {
        pc_words_free(w);
        return false;
    }
    return true;
}

void pc_words_free(pc_words *w)
{
    free(w->slots);
    free(w->entries);
    *w = (pc_words){0};
}

static size_t slot_of(const pc_words *w, const char *s, size_t n)
{
    return (size_t)XXH64(s, n, 0) & (w->cap - 1);
}

pc_word_entry *pc_words_find(const pc_words *w, const char *s, size_t n)
{
    if (!w->cap || !w->slots)
        return NULL;
    for (size_t i = slot_of(w, s, n);; i = (i + 1) & (w->cap - 1)) {
        uint32_t v = w->slots[i];
        if (!v)
            return NULL;
        pc_word_entry *e = &w->entries[v - 1];
        if (e->word_len == n && !memcmp(e->word, s, n))
            return e;
    }
}

void pc_words_add(pc_words *w, const char *word, const char *reading, int weight)
{
    size_t n = strlen(word);
    pc_word_entry *old = pc_words_find(w, word, n);
    if (old) {
        old->tied = old->tied || (weight == old->weight && strcmp(reading, old->reading));
        if (weight > old->weight)
            old->reading = reading, old->weight = weight, old->tied = false;
        return;
    }
    if (w->count >= w->max || n > UINT32_MAX)
        return;
    pc_word_entry *e = &w->entries[w->count++];
    *e = (pc_word_entry){word, reading, (uint32_t)n, weight, false};
    size_t i = slot_of(w, word, n);
    while (w->slots[i])
        i = (i + 1) & (w->cap - 1);
    w->slots[i] = (uint32_t)w->count;
}

size_t pc_words_ends(const char *s, size_t n, size_t i, size_t *ends, size_t max)
{
    size_t k = 0;
    while (k < max && i < n) {
        unsigned cp;
        size_t l = pc_utf8_decode(s + i, n - i, &cp);
        i += l ? l : 1;
        ends[++k] = i;
    }
    return k;
}

bool pc_words_han(unsigned cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF);
}
