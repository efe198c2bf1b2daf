#include "buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

bool pc_size_mul(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b)
        return false;
    *out = a * b;
    return true;
}

bool pc_size_add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

bool pc_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap : 8, bytes;
    while (ncap <= n) {
        if (!pc_size_mul(ncap, 2, &ncap))
            return false;
    }
    if (!pc_size_mul(ncap, elem, &bytes))
        return false;
    void *p = realloc(*arr, bytes);
    if (!p)
        return false;
    memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
    *arr = p;
    *cap = ncap;
    return true;
}

bool pc_buf_reserve(pc_buf *b, size_t extra)
{
    size_t need;
    if (!pc_size_add(b->len, extra, &need) || !pc_size_add(need, 1, &need))
        return false;
    if (need <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need) {
        if (!pc_size_mul(ncap, 2, &ncap))
            return false;
    }
    char *p = realloc(b->data, ncap);
    if (!p)
        return false;
    b->data = p;
    b->cap = ncap;
    return true;
}

bool pc_buf_append(pc_buf *b, const char *s, size_t n)
{
    if (!pc_buf_reserve(b, n))
        return false;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool pc_buf_puts(pc_buf *b, const char *s) { return pc_buf_append(b, s, strlen(s)); }

bool pc_buf_putc(pc_buf *b, char c) { return pc_buf_append(b, &c, 1); }

bool pc_buf_printf(pc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !pc_buf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void pc_buf_clear(pc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void pc_buf_free(pc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *pc_buf_take(pc_buf *b)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

/* --- arena --- */
struct pc_arena_chunk {
    pc_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

void *pc_arena_alloc(pc_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    size_t rounded;
    if (!pc_size_add(n, align - 1, &rounded))
        return NULL;
    rounded -= rounded % align;
    pc_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < rounded) {
        size_t cap = rounded > 16384 ? rounded : 16384, total;
        if (!pc_size_add(cap, sizeof(pc_arena_chunk), &total))
            return NULL;
        c = malloc(total);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        /* a big one-off block goes behind the head so the head keeps
         * serving small allocations */
        if (a->head && rounded > 16384) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += rounded;
    return p;
}

char *pc_arena_strndup(pc_arena *a, const char *s, size_t n)
{
    size_t total;
    if (!pc_size_add(n, 1, &total))
        return NULL;
    char *p = pc_arena_alloc(a, total);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pc_arena_strdup(pc_arena *a, const char *s) { return pc_arena_strndup(a, s, strlen(s)); }

void pc_arena_free(pc_arena *a)
{
    pc_arena_chunk *c = a->head;
    while (c) {
        pc_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
}

/* --- UTF-8 --- */
size_t pc_utf8_decode(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
    if (n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    switch (n) {
    case 1: *cp = u[0]; break;
    case 2: *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); break;
    case 3: *cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu); break;
    default:
        *cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
              (u[3] & 0x3Fu);
    }
    return n;
}

size_t pc_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

bool pc_buf_put_cp(pc_buf *b, unsigned cp)
{
    char out[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return pc_buf_append(b, out, n);
}

bool pc_cp_is_cjk(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) ||   /* radicals .. CJK unified */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* hangul */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFF60) ||   /* full-width forms */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* extensions B.. */
}

/* --- string map --- */

/* Keyed hashing with a random seed per map, so nobody can choose names
 * that collide (the old unkeyed FNV-1a let a crafted post pile 32768
 * speakers into one probe cluster: 37 s instead of 0.5). A key never
 * sits more than PROBE_LIMIT slots past its home: an insert that would
 * go further rebuilds the map bigger with a fresh seed, so lookups stay
 * bounded even if a seed were ever guessed. */
enum { PROBE_LIMIT = 32 };

static uint64_t fresh_seed(const void *salt)
{
    uint64_t s;
    if (getrandom(&s, sizeof s, GRND_NONBLOCK) == (ssize_t)sizeof s)
        return s;
    /* no entropy yet (early boot): collisions could then cost time,
     * never correctness */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return XXH3_64bits_withSeed(&ts, sizeof ts, (uint64_t)(uintptr_t)salt ^ (uint64_t)getpid());
}

static size_t home_slot(const pc_strmap *m, const char *key)
{
    return (size_t)XXH3_64bits_withSeed(key, strlen(key), m->seed) & (m->cap - 1);
}

bool pc_strmap_get(const pc_strmap *m, const char *key, size_t *val)
{
    if (!m->cap)
        return false;
    size_t i = home_slot(m, key);
    for (size_t d = 0; d <= PROBE_LIMIT; d++, i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return false;
        if (!strcmp(m->keys[i], key)) {
            *val = m->vals[i];
            return true;
        }
    }
    return false;
}

/* 1: put (or replaced); 0: the probe limit was reached (m unchanged). */
static int place(pc_strmap *m, const char *key, size_t val)
{
    size_t i = home_slot(m, key);
    for (size_t d = 0; d <= PROBE_LIMIT; d++, i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] && strcmp(m->keys[i], key))
            continue;
        if (!m->keys[i])
            m->count++;
        m->keys[i] = key;
        m->vals[i] = val;
        return 1;
    }
    return 0;
}

/* Moves m's entries into a table of at least ncap slots with a new seed;
 * false on ENOMEM (m unchanged). */
static bool rebuild(pc_strmap *m, size_t ncap)
{
    for (;;) {
        /* calloc checks ncap * size for overflow */
        pc_strmap n = {calloc(ncap, sizeof *n.keys), calloc(ncap, sizeof *n.vals), ncap, 0,
                       fresh_seed(m)};
        bool ok = n.keys && n.vals;
        for (size_t i = 0; ok && i < m->cap; i++)
            if (m->keys[i] && !place(&n, m->keys[i], m->vals[i]))
                ok = false;
        if (ok) {
            pc_strmap_free(m);
            *m = n;
            return true;
        }
        bool nomem = !n.keys || !n.vals;
        pc_strmap_free(&n);
        if (nomem || !pc_size_mul(ncap, 2, &ncap))
            return false;
    }
}

bool pc_strmap_put(pc_strmap *m, const char *key, size_t val)
{
    size_t want;
    if (!pc_size_add(m->count, 1, &want) || !pc_size_mul(want, 2, &want))
        return false;
    if (want > m->cap && !rebuild(m, m->cap ? m->cap * 2 : 16))
        return false;
    while (!place(m, key, val))
        if (!rebuild(m, m->cap * 2))
            return false;
    return true;
}

void pc_strmap_free(pc_strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
