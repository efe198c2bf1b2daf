/* cache: synthesized clips stored by a content hash of everything that
 * shapes their samples (see pc_clip_key in synth.c).
 *
 * An entry is one file, CACHE/ab/cdef...clip (the key's first two hex
 * digits name the subdirectory, the other 30 the file): a header (magic,
 * the whole key, frame count, XXH64 of header and samples) and the
 * samples. It is written to a temporary name in the same directory and
 * renamed, so a reader sees a whole entry or none (a slot, on a cold
 * render: the engine's worker writes the samples into that temporary
 * file itself, and the commit adds the header, renames it and maps the
 * samples for the mix, so they never pass through the render's memory
 * on their way in); a torn or corrupt entry,
 * or one recorded for another key, is removed and rendered again. Hits
 * refresh the file's mtime, which is the LRU order used to keep the cache
 * under its bound.
 *
 * The directory (cache_dir.c: made, checked, tagged) is opened once and
 * everything inside is reached relative to it (openat and friends),
 * subdirectories and entries without following symbolic links and
 * entries without blocking: what someone swapped in between two calls
 * cannot redirect a read or a write. A lookup is two system calls (a stat
 * of the subdirectory, openat2 of the entry beneath it), a store seven
 * (a slot's ten of the render's: the subdirectory opened and checked,
 * the temporary file made; at the commit a stat, the mapping, the
 * header's write, two closes and the rename; the samples are the
 * worker's one write); the only path through a subdirectory not held open is the unlink of a
 * bad entry right after that subdirectory was checked, and only this
 * user (the cache is theirs alone) could swap it in between. */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "internal.h"
#include "cache_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define MAGIC "PCCLIP2\n"
#define KEY_LEN 32
/* magic 8, key 32, frames 8, checksum 8 */
#define HEADER_BYTES 56
#define STALE_TMP_S 3600
#ifndef MAP_POPULATE
#define MAP_POPULATE 0 /* only a hint: the pages fault in as read */
#endif

struct pc_cache {
    char *dir;
    int fd; /* the directory; -1: a cache that stores nothing */
    uint64_t max_bytes;
    bool no_puts; /* the disk is full or read-only */
    size_t trouble_count;
    char trouble[768];
};


__attribute__((format(printf, 2, 3))) static void note_trouble(pc_cache *c, const char *fmt, ...)
{
    if (c->trouble_count++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->trouble, sizeof c->trouble, fmt, ap);
        va_end(ap);
    }
}

const char *pc_cache_trouble(const pc_cache *c, size_t *count)
{
    if (count)
        *count = c ? c->trouble_count : 0;
    return c && c->trouble_count ? c->trouble : NULL;
}


static bool key_ok(const char *key)
{
    return key && strnlen(key, KEY_LEN + 1) == KEY_LEN && pc_cache_is_hex(key, KEY_LEN);
}


/* <30 hex>.clip */
static bool clip_name_ok(const char *name)
{
    return strlen(name) == KEY_LEN - 2 + 5 && pc_cache_is_hex(name, KEY_LEN - 2) &&
           !strcmp(name + KEY_LEN - 2, ".clip");
}

/* .tmp.XXXXXX, as tmp_open makes them */
static bool tmp_name_ok(const char *name)
{
    if (strlen(name) != 11 || strncmp(name, ".tmp.", 5))
        return false;
    for (const char *p = name + 5; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return false;
    return true;
}

/* Writes a (an bytes) and then b (bn) in one writev() when it can, until
 * done: a short write is retried, so a full disk ends in false with errno
 * set (EFBIG, ENOSPC), not a silent short count. */
static bool write_all(int fd, const void *a, size_t an, const void *b, size_t bn)
{
    struct iovec v[2] = {{(void *)(uintptr_t)a, an}, {(void *)(uintptr_t)b, bn}};
    struct iovec *p = v;
    int parts = bn ? 2 : 1;
    while (parts) {
        ssize_t w = writev(fd, p, parts);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return false;
        }
        size_t k = (size_t)w;
        for (; parts && k >= p->iov_len; parts--, p++)
            k -= p->iov_len;
        if (parts) {
            p->iov_base = (char *)p->iov_base + k;
            p->iov_len -= k;
        }
    }
    return true;
}









pcast_status pc_cache_open_at(const char *dir, uint64_t max_bytes, bool fall_back,
                              pc_cache **out, pcast_error *err)
{
    *out = NULL;
    pc_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->dir = strdup(dir))) {
        free(c);
        return pc_error_nomem(err);
    }
    c->max_bytes = max_bytes;
    char why[512];
    c->fd = pc_cache_open_dir(dir, why, sizeof why);
    if (c->fd < 0 && !fall_back) {
        pc_cache_free(c);
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0,
                            "cannot use the cache directory: %s (try --no-cache or --cache-dir)",
                            why);
    }
    if (c->fd < 0)
        note_trouble(c, "%s: cannot use the cache directory: %s; rendering without the cache", dir,
                     why);
    *out = c;
    return PCAST_OK;
}

pcast_status pc_cache_open(const char *dir, uint64_t max_bytes, pc_cache **out, pcast_error *err)
{
    return pc_cache_open_at(dir ? dir : pcast_cache_default_dir(), max_bytes, dir == NULL, out,
                            err);
}

/* The subdirectory for key, opened (made first when create and it is
 * missing); -1 with why when it is missing (why empty) or not safe. */
static int open_sub(pc_cache *c, const char *key, bool create, char *why, size_t size)
{
    char name[3] = {key[0], key[1], '\0'};
    why[0] = '\0';
    int fd = openat(c->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create && (mkdirat(c->fd, name, 0700) == 0 || errno == EEXIST))
        fd = openat(c->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT || create)
            snprintf(why, size, "%s", strerror(errno));
        return -1;
    }
    if (pc_cache_check_dir(fd, NULL, why, size) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* key's entry (path: "xx/<30 hex>.clip", under the cache) opened to be
 * read, in two system calls, not five: a stat of its subdirectory
 * (checked as open_sub checks it), then the path opened through it
 * without following any symbolic link (openat2; on a kernel without it,
 * openat with the subdirectory just checked). -1 with errno; why is
 * filled when the subdirectory is there but not usable. */
static int open_entry(pc_cache *c, const char *key, const char *path, char *why, size_t size)
{
    char name[3] = {key[0], key[1], '\0'};
    struct stat st;
    why[0] = '\0';
    if (fstatat(c->fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            snprintf(why, size, "%s", strerror(errno));
        return -1;
    }
    if (pc_cache_check_dir(-1, &st, why, size) != 0) {
        errno = EACCES;
        return -1;
    }
    int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    struct open_how how = {.flags = (uint64_t)flags,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
    int fd = (int)syscall(SYS_openat2, c->fd, path, &how, sizeof how);
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) /* no openat2, or a filter refuses it */
        fd = openat(c->fd, path, flags);
    return fd;
}

/* The entry's checksum: its header (up to the checksum) and samples. */
static uint64_t entry_sum(const unsigned char *header, const int16_t *pcm, size_t bytes)
{
    uint64_t seed = XXH64(header, HEADER_BYTES - 8, 0);
    return bytes ? XXH64(pcm, bytes, seed) : XXH64("", 0, seed);
}

/* Maps an open entry of key (st: its fstat) read-only and checks it:
 * its samples (inside the mapping, released by pc_cache_release), or
 * false when it is not a whole entry of that key. Mapping instead of
 * read(): no copy, and no fresh pages to fault in for every clip (the
 * entry's pages are already in the page cache). Entries are replaced by
 * rename, never rewritten in place, so the mapping holds what was
 * checked. */
static bool read_entry(int fd, const struct stat *st, const char *key, int16_t **samples,
                       size_t *frames)
{
    if (st->st_size < HEADER_BYTES || (uint64_t)st->st_size > SIZE_MAX)
        return false;
    size_t size = (size_t)st->st_size;
    unsigned char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED)
        return false;
    const unsigned char *h = map;
    uint64_t n, sum;
    memcpy(&n, h + 8 + KEY_LEN, 8);
    memcpy(&sum, h + 16 + KEY_LEN, 8);
    uint64_t body = (uint64_t)size - HEADER_BYTES;
    const int16_t *pcm = (const int16_t *)(const void *)(map + HEADER_BYTES);
    if (memcmp(h, MAGIC, 8) || memcmp(h + 8, key, KEY_LEN) || n > body / 2 || n * 2 != body ||
        entry_sum(h, pcm, (size_t)body) != sum) {
        munmap(map, size);
        return false;
    }
    if (n == 0) {
        munmap(map, size);
        pcm = NULL;
    }
    *samples = (int16_t *)(uintptr_t)pcm;
    *frames = (size_t)n;
    return true;
}

void pc_cache_release(int16_t *samples, size_t frames)
{
    if (samples) /* HEADER_BYTES into a page-aligned mapping of the whole entry */
        munmap((unsigned char *)samples - HEADER_BYTES, HEADER_BYTES + frames * 2);
}

bool pc_cache_get(pc_cache *c, const char *key, int16_t **samples, size_t *frames)
{
    *samples = NULL;
    *frames = 0;
    if (!c || c->fd < 0 || !key_ok(key))
        return false;
    char why[256], path[40];
    snprintf(path, sizeof path, "%.2s/%s.clip", key, key + 2);
    int fd = open_entry(c, key, path, why, sizeof why);
    struct stat st;
    bool hit = false;
    if (fd < 0) {
        if (*why)
            note_trouble(c, "%s/%.2s: %s; its clips are not used", c->dir, key, why);
        else if (errno != ENOENT)
            note_trouble(c, "%s/%s: %s; not used", c->dir, path, strerror(errno));
    } else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
        note_trouble(c, "%s/%s: not a file of ours; not used", c->dir, path);
    } else if ((hit = read_entry(fd, &st, key, samples, frames))) {
        futimens(fd, NULL); /* most recently used */
    } else {
        unlinkat(c->fd, path, 0); /* torn, corrupt or another key's: render it again */
    }
    if (fd >= 0)
        close(fd);
    return hit;
}

/* A new temporary file .tmp.XXXXXX in dir, its name in name[12]. */
static int tmp_open(int dir, char name[12])
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (int attempt = 0; attempt < 100; attempt++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long seed[4] = {(unsigned long long)getpid(), (unsigned long long)ts.tv_sec,
                                      (unsigned long long)ts.tv_nsec, (unsigned long long)attempt};
        uint64_t r = XXH64(seed, sizeof seed, 0);
        memcpy(name, ".tmp.", 5);
        for (int i = 0; i < 6; i++, r /= 62)
            name[5 + i] = chars[r % 62];
        name[11] = '\0';
        int fd = openat(dir, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

static bool disk_trouble(int e)
{
#ifdef EDQUOT
    if (e == EDQUOT)
        return true;
#endif
    return e == ENOSPC || e == EFBIG || e == EROFS;
}

/* Storing key's entry failed with errno value e: noted, and after a full
 * disk or a read-only file system no further clip is tried. */
static void store_failed(pc_cache *c, const char *key, int e)
{
    note_trouble(c, "%s/%.2s/%s.clip: cannot store the clip: %s; the render goes on without it",
                 c->dir, key, key + 2, strerror(e));
    c->no_puts = disk_trouble(e);
}

/* A temporary file for key's entry in its subdirectory (made when
 * missing), both opened into *s; false (trouble noted) when the cache
 * takes no clips or they cannot be had. for_later: a slot opened before
 * its clip is spoken, which may be stored later with pc_cache_put: out
 * of descriptors (the workers need them too) is no trouble yet. */
static bool slot_open(pc_cache *c, const char *key, size_t frames, bool for_later,
                      pc_cache_slot *s)
{
    memset(s, 0, sizeof *s);
    if (!c || c->fd < 0 || c->no_puts)
        return false;
    if (!key_ok(key) || frames > (SIZE_MAX - HEADER_BYTES) / 2) {
        note_trouble(c, "%s: a clip with a bad key or size was not stored", c->dir);
        return false;
    }
    char why[256];
    s->sub = open_sub(c, key, true, why, sizeof why);
    if (s->sub < 0 && for_later && (errno == EMFILE || errno == ENFILE))
        return false;
    if (s->sub < 0) {
        note_trouble(c, "%s/%.2s: %s; clips are rendered without the cache", c->dir, key, why);
        return false;
    }
    s->fd = tmp_open(s->sub, s->tmp);
    if (s->fd < 0) {
        if (!for_later || (errno != EMFILE && errno != ENFILE))
            store_failed(c, key, errno);
        close(s->sub);
        return false;
    }
    s->open = true;
    return true;
}

/* The entry's header for frames samples that sum to the checksum. */
static void make_header(unsigned char h[HEADER_BYTES], const char *key, const int16_t *samples,
                        size_t frames)
{
    uint64_t n = frames;
    memcpy(h, MAGIC, 8);
    memcpy(h + 8, key, KEY_LEN);
    memcpy(h + 8 + KEY_LEN, &n, 8);
    uint64_t sum = entry_sum(h, samples, frames * 2);
    memcpy(h + 16 + KEY_LEN, &sum, 8);
}

/* Renames the slot's file (closed here) into key's entry, or removes it
 * when written (an errno value) says its writing failed; s holds
 * nothing after it. */
static void slot_close(pc_cache *c, const char *key, pc_cache_slot *s, int written)
{
    char name[40];
    snprintf(name, sizeof name, "%s.clip", key + 2);
    int e = pc_cache_commit_tmp(s->sub, s->fd, s->tmp, name, written);
    if (e)
        store_failed(c, key, e);
    close(s->sub);
    memset(s, 0, sizeof *s);
}

pcast_status pc_cache_put(pc_cache *c, const char *key, const int16_t *samples, size_t frames,
                          pcast_error *err)
{
    (void)err;
    pc_cache_slot s;
    if (!slot_open(c, key, frames, false, &s))
        return PCAST_OK;
    unsigned char h[HEADER_BYTES];
    make_header(h, key, samples, frames);
    bool ok = write_all(s.fd, h, sizeof h, samples, frames * 2);
    slot_close(c, key, &s, ok ? 0 : errno);
    return PCAST_OK;
}

bool pc_cache_slot_open(pc_cache *c, const char *key, pc_cache_slot *s)
{
    return slot_open(c, key, 0, true, s);
}

bool pc_cache_slot_commit(pc_cache *c, const char *key, pc_cache_slot *s, size_t frames,
                          int16_t **samples)
{
    *samples = NULL;
    struct stat st;
    size_t size = HEADER_BYTES + frames * 2;
    if (!s->open || frames > (SIZE_MAX - HEADER_BYTES) / 2 || fstat(s->fd, &st) != 0 ||
        ((uint64_t)st.st_size < size && frames) || /* no samples: nothing was written */
        ((uint64_t)st.st_size > size && ftruncate(s->fd, (off_t)size))) {
        pc_cache_slot_drop(s);
        return false;
    }
    /* the samples are in the page cache (the worker wrote them there):
     * mapped, not read, as a hit's are */
    unsigned char *map = frames ? mmap(NULL, size, PROT_READ, MAP_SHARED | MAP_POPULATE, s->fd, 0)
                                : NULL;
    if (map == MAP_FAILED) {
        pc_cache_slot_drop(s);
        return false;
    }
    const int16_t *pcm = map ? (const int16_t *)(const void *)(map + HEADER_BYTES) : NULL;
    unsigned char h[HEADER_BYTES];
    make_header(h, key, pcm, frames);
    ssize_t w = pwrite(s->fd, h, sizeof h, 0);
    slot_close(c, key, s, w == (ssize_t)sizeof h ? 0 : w < 0 ? errno : ENOSPC);
    *samples = (int16_t *)(uintptr_t)pcm;
    return true;
}

void pc_cache_slot_drop(pc_cache_slot *s)
{
    if (!s->open)
        return;
    unlinkat(s->sub, s->tmp, 0);
    close(s->fd);
    close(s->sub);
    memset(s, 0, sizeof *s);
}

/* ---------- listing, trimming, clearing ---------- */

typedef struct entry {
    char sub[3];
    char name[KEY_LEN - 2 + 6];
    time_t mtime;
    uint64_t size;
} entry;

typedef enum scan_mode {
    SCAN_COUNT, /* list the entries, remove nothing */
    SCAN_TRIM,  /* list them, remove stale temporary files */
    SCAN_CLEAR  /* remove the entries and stale temporary files */
} scan_mode;

typedef struct scan {
    scan_mode mode;
    entry *list;
    size_t count, cap;
    uint64_t total;
    int unlink_errno; /* the first removal that failed */
} scan;

/* One subdirectory (an fd, closed here) of a tagged cache. */
static bool scan_sub(scan *s, int fd, const char *sub)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return true;
    }
    bool ok = true;
    struct dirent *f;
    time_t now = time(NULL);
    while (ok && (f = readdir(d)) != NULL) {
        bool clip = clip_name_ok(f->d_name);
        struct stat st;
        if ((!clip && !tmp_name_ok(f->d_name)) ||
            fstatat(fd, f->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (!clip || s->mode == SCAN_CLEAR) {
            /* a temporary file older than an hour is a render killed mid-write */
            bool go = clip || (s->mode != SCAN_COUNT && now - st.st_mtime > STALE_TMP_S);
            if (go && unlinkat(fd, f->d_name, 0) != 0 && errno != ENOENT && !s->unlink_errno)
                s->unlink_errno = errno;
            continue;
        }
        if (!pc_grow((void **)&s->list, &s->cap, s->count, sizeof *s->list)) {
            ok = false;
            break;
        }
        entry *e = &s->list[s->count++];
        memcpy(e->sub, sub, 3);
        memcpy(e->name, f->d_name, sizeof e->name); /* clip_name_ok: 35 bytes + NUL */
        e->mtime = st.st_mtime;
        e->size = (uint64_t)st.st_size;
        s->total += e->size;
    }
    closedir(d);
    return ok;
}

/* Every entry of the tagged cache at dir (a directory fd); false when
 * out of memory. */
static bool scan_cache(scan *s, int dir)
{
    DIR *d = pc_cache_open_stream(dir, ".");
    if (!d)
        return true;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (!pc_cache_sub_name_ok(e->d_name))
            continue;
        int fd = openat(dir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            ok = scan_sub(s, fd, e->d_name);
    }
    closedir(d);
    return ok;
}

static int by_age(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

void pc_cache_trim(pc_cache *c)
{
    if (!c || c->fd < 0 || pc_cache_read_tag(c->fd) != PC_CACHE_TAG_OURS)
        return;
    scan s = {.mode = SCAN_TRIM};
    if (scan_cache(&s, c->fd) && c->max_bytes && s.total > c->max_bytes) {
        qsort(s.list, s.count, sizeof *s.list, by_age);
        uint64_t goal = c->max_bytes / 10 * 9; /* some room, so not every render trims */
        for (size_t i = 0; i < s.count && s.total > goal; i++) {
            int sub = openat(c->fd, s.list[i].sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0 && unlinkat(sub, s.list[i].name, 0) == 0)
                s.total -= s.list[i].size;
            if (sub >= 0)
                close(sub);
        }
    }
    free(s.list);
}

void pc_cache_free(pc_cache *c)
{
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    free(c->dir);
    free(c);
}

/* Scans the cache at dir when it is one: a missing directory is an
 * empty cache; one without postcast's tag is refused. */
static pcast_status scan_dir(const char *dir, scan *s, pcast_error *err)
{
    struct stat lst;
    char why[256];
    if (lstat(dir, &lst) != 0 && errno == ENOENT)
        return PCAST_OK;
    int fd = pc_cache_open_top(dir, false, why, sizeof why);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0, "cannot read the cache: %s", why);
    pcast_status st = PCAST_OK;
    if (pc_cache_read_tag(fd) != PC_CACHE_TAG_OURS)
        st = pc_error_set(err, PCAST_ERR_IO, dir, 0, 0,
                          "not a postcast cache (no " PC_CACHE_TAG_NAME " written by postcast): "
                          "nothing was %s",
                          s->mode == SCAN_CLEAR ? "removed" : "counted");
    else if (!scan_cache(s, fd))
        st = pc_error_nomem(err);
    close(fd);
    return st;
}

pcast_status pcast_cache_stats(const char *dir, size_t *entries, uint64_t *bytes, pcast_error *err)
{
    scan s = {.mode = SCAN_COUNT};
    pcast_status st = scan_dir(dir ? dir : pcast_cache_default_dir(), &s, err);
    free(s.list);
    *entries = st ? 0 : s.count;
    *bytes = st ? 0 : s.total;
    return st;
}

pcast_status pcast_cache_clear(const char *dir, pcast_error *err)
{
    if (!dir)
        dir = pcast_cache_default_dir();
    scan s = {.mode = SCAN_CLEAR};
    pcast_status st = scan_dir(dir, &s, err);
    free(s.list);
    if (!st && s.unlink_errno)
        st = pc_error_set(err, PCAST_ERR_IO, dir, 0, 0, "cannot remove every clip: %s",
                          strerror(s.unlink_errno));
    return st;
}
