/* cache: synthesized clips stored under their key (pc_clip_key), private
 * to the library.
 *
 * A cache is a directory the user owns and nobody else can write (mode
 * without group/other write, not a symbolic link someone else made),
 * tagged with a CACHEDIR.TAG file that postcast wrote: only a directory
 * with that tag is ever trimmed or cleared, and only names of the cache's
 * own pattern (DIR/xx/<30 hex>.clip, DIR/xx/.tmp.XXXXXX) are removed.
 *
 * Trouble with the cache never fails a render: pc_cache_get reads anything
 * odd as a miss, pc_cache_put gives up on that clip, and both note the
 * first problem for the caller to show (pc_cache_trouble). */
#ifndef POSTCAST_CACHE_H
#define POSTCAST_CACHE_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_cache pc_cache;

/* Opens (creating 0700 when missing) the cache at dir and returns it in
 * *out; max_bytes bounds it for pc_cache_trim (0: unbounded). An existing
 * directory without the tag is taken over (and tagged) only when it is
 * empty or holds nothing but two-hex-digit subdirectories.
 * fall_back false: a directory that cannot be made or used, or is not
 * safe, fails with PCAST_ERR_IO, *out NULL and err naming dir.
 * fall_back true: the same cases return PCAST_OK and a cache that stores
 * nothing, with the reason in pc_cache_trouble.
 * PCAST_ERR_NOMEM leaves *out NULL. The caller frees *out. */
pcast_status pc_cache_open_at(const char *dir, uint64_t max_bytes, bool fall_back,
                              pc_cache **out, pcast_error *err);
/* pc_cache_open_at(dir, ...) with fall_back false; dir NULL means the
 * default directory (pcast_cache_default_dir) with fall_back true: a
 * directory the user did not choose (say /tmp/postcast-cache-UID made by
 * someone else) never stops a render. */
pcast_status pc_cache_open(const char *dir, uint64_t max_bytes, pc_cache **out, pcast_error *err);
/* key: 32 lowercase hex digits. A hit hands over the samples (NULL for a
 * silent clip), read-only and mapped from the entry, and their count and
 * returns true: give them back with pc_cache_release (not free), which
 * may come after pc_cache_free. Anything else is a miss (false, *samples
 * NULL, *frames 0): no entry, a bad key, an entry recorded for another
 * key, torn or corrupt (removed), or not a regular file of ours (left
 * alone, noted as trouble). Never blocks on a FIFO. */
bool pc_cache_get(pc_cache *c, const char *key, int16_t **samples, size_t *frames);
/* Gives back what a hit of pc_cache_get handed over (samples NULL: no-op). */
void pc_cache_release(int16_t *samples, size_t frames);
/* Stores the clip under key atomically (temporary file + rename). Returns
 * PCAST_OK always (err is not touched): when the clip cannot be stored
 * (full disk, a directory at the entry's path, an unsafe subdirectory)
 * nothing is left behind, the trouble is noted, and after a full disk or
 * read-only file system no further clip is tried. */
pcast_status pc_cache_put(pc_cache *c, const char *key, const int16_t *samples, size_t frames,
                          pcast_error *err);
/* A clip's entry being written by someone else (an engine's worker):
 * a temporary file in the entry's subdirectory, whose samples go at
 * PC_CACHE_SAMPLES_OFFSET; the header is written at the commit. */
typedef struct pc_cache_slot {
    bool open;    /* false (as zeroed): no slot */
    int sub;      /* the subdirectory */
    int fd;       /* the temporary file, open for reading and writing */
    char tmp[12]; /* its name */
} pc_cache_slot;
#define PC_CACHE_SAMPLES_OFFSET 56
/* Opens a slot for key's entry in *s: true, or false with *s holding
 * nothing (no cache, a full disk, a bad key, no file to be had: store
 * the clip with pc_cache_put instead; trouble is noted as there, but for
 * a want of descriptors, which that put may no longer meet). */
bool pc_cache_slot_open(pc_cache *c, const char *key, pc_cache_slot *s);
/* The slot's file holds frames samples at PC_CACHE_SAMPLES_OFFSET
 * (anything past them is cut): the header goes in, the entry is renamed
 * into place, and the samples are handed over as a hit's are (mapped,
 * read-only; NULL when frames is 0; give them back with
 * pc_cache_release) and true returned. s holds nothing after it. False
 * when the samples cannot be had (the file is shorter, no mapping): then
 * nothing is stored or left behind, *samples is NULL, and the clip must
 * be had some other way. A failed rename costs the entry only (noted as
 * trouble): the samples are still handed over. */
bool pc_cache_slot_commit(pc_cache *c, const char *key, pc_cache_slot *s, size_t frames,
                          int16_t **samples);
/* Gives a slot up: its file is removed and closed. s holds nothing after
 * it (a slot holding nothing is fine). */
void pc_cache_slot_drop(pc_cache_slot *s);

/* The first trouble the cache met ("PATH: what happened; ..."), NULL when
 * none; *count (if not NULL) gets how many times it met trouble. The text
 * lives as long as c. */
const char *pc_cache_trouble(const pc_cache *c, size_t *count);
/* Evicts least recently used entries when over the bound, and temporary
 * files older than an hour (a render killed mid-write). */
void pc_cache_trim(pc_cache *c);
/* Frees c (NULL is fine); entries stay on disk. */
void pc_cache_free(pc_cache *c);

#endif
