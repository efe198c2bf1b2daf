/* buf: growable buffers, an arena of strings, UTF-8 helpers and a string
 * map, shared by every stage. Private; not installed. */
#ifndef POSTCAST_BUF_H
#define POSTCAST_BUF_H

#include "postcast/postcast.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- growable byte buffer (always NUL-terminated once used) --- */
typedef struct pc_buf {
    char *data;
    size_t len;
    size_t cap;
} pc_buf;

/* Each returns false when out of memory; the buffer is then unchanged. */
bool pc_buf_reserve(pc_buf *b, size_t extra);
bool pc_buf_append(pc_buf *b, const char *s, size_t n);
bool pc_buf_puts(pc_buf *b, const char *s);
bool pc_buf_putc(pc_buf *b, char c);
bool pc_buf_printf(pc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pc_buf_clear(pc_buf *b);
void pc_buf_free(pc_buf *b);
/* Hands over the (NUL-terminated) data; the buffer becomes empty.
 * Never NULL: an empty buffer yields a fresh "" (NULL only on ENOMEM). */
char *pc_buf_take(pc_buf *b);

/* Overflow-checked size arithmetic: false when a*b or a+b overflows. */
bool pc_size_mul(size_t a, size_t b, size_t *out);
bool pc_size_add(size_t a, size_t b, size_t *out);

/* Grows *arr (of elements of size elem) so index n fits; doubles. */
bool pc_grow(void **arr, size_t *cap, size_t n, size_t elem);

/* --- arena: many small strings freed together --- */
typedef struct pc_arena_chunk pc_arena_chunk;
typedef struct pc_arena {
    pc_arena_chunk *head;
} pc_arena;

void *pc_arena_alloc(pc_arena *a, size_t n);
char *pc_arena_strndup(pc_arena *a, const char *s, size_t n);
char *pc_arena_strdup(pc_arena *a, const char *s);
void pc_arena_free(pc_arena *a);

/* --- UTF-8 --- */
/* Decodes one code point from s (len bytes left, valid UTF-8 assumed);
 * returns its byte length (>= 1). */
size_t pc_utf8_decode(const char *s, size_t len, unsigned *cp);
/* Code points in s[0..n). */
size_t pc_utf8_count(const char *s, size_t n);
/* Appends the UTF-8 encoding of cp. */
bool pc_buf_put_cp(pc_buf *b, unsigned cp);
/* Han, kana, hangul, bopomofo and CJK punctuation / full-width forms. */
bool pc_cp_is_cjk(unsigned cp);

/* --- string -> index map (open addressing; keys are borrowed) ---
 * Start from {0}. Keys are hashed with XXH3 under a random seed per map
 * (getrandom), so crafted keys cannot be made to collide; probing is
 * bounded (see buf.c). */
typedef struct pc_strmap {
    const char **keys;
    size_t *vals;
    size_t cap, count;
    uint64_t seed;
} pc_strmap;

/* Returns true and sets *val when key is present. */
bool pc_strmap_get(const pc_strmap *m, const char *key, size_t *val);
/* Inserts or replaces; key must outlive the map. false on ENOMEM. */
bool pc_strmap_put(pc_strmap *m, const char *key, size_t val);
void pc_strmap_free(pc_strmap *m);

#endif
