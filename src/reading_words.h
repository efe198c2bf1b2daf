/* reading_words: a word table for the readers that load a dictionary
 * file (Cantonese, Korean hanja): word → reading, both pointing into the
 * caller's text, found by open addressing on the word's bytes. */
#ifndef POSTCAST_READING_WORDS_H
#define POSTCAST_READING_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_word_entry {
    const char *word, *reading; /* the caller's; they outlive the table */
    uint32_t word_len;
    int weight; /* the caller's ranking of readings: the highest is kept */
    bool tied;  /* another reading came with the same weight */
} pc_word_entry;

typedef struct pc_words {
    pc_word_entry *entries;
    size_t count, max;
    uint32_t *slots; /* entry index + 1, 0 = empty */
    size_t cap;
} pc_words;

/* Sizes w for at most max words; false when out of memory (w is then
 * empty, safe to free). */
bool pc_words_init(pc_words *w, size_t max);
void pc_words_free(pc_words *w);

/* The entry of s[0..n), or NULL. */
pc_word_entry *pc_words_find(const pc_words *w, const char *s, size_t n);

/* Adds word (NUL-terminated) → reading unless the word is there with a
 * weight at least as high (on a tie the first stays, marked tied when
 * the readings differ). A word past max is dropped. */
void pc_words_add(pc_words *w, const char *word, const char *reading, int weight);

/* The ends of the first one to max characters of s[i..n) (valid UTF-8),
 * for a longest match: ends[k] is the byte after the k-th character
 * (ends needs max + 1 slots; ends[0] is unused). Returns how many. */
size_t pc_words_ends(const char *s, size_t n, size_t i, size_t *ends, size_t max);

/* Is cp a Han character (CJK ideographs, their extensions and
 * compatibility forms)? */
bool pc_words_han(unsigned cp);

#endif
