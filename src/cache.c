/* cache: synthesized clips stored by a content hash of everything that
 * shapes their samples (see pc_clip_key in synth.c).
 *
 * An entry is one file, CACHE/ab/abcdef...clip: a header (magic, frame
 * count, XXH64 of the samples) and the samples. It is written to a
 * temporary name in the same directory and renamed, so a reader sees a
 * whole entry or none; a torn or corrupt entry fails its size or checksum
 * and is removed and rendered again. Hits refresh the file's mtime, which
 * is the LRU order used to keep the cache under its bound. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define MAGIC "PCCLIP1\n"

struct pc_cache {
    char *dir;
    uint64_t max_bytes;
};

const char *pcast_cache_default_dir(void)
{
    static char buf[1024];
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(buf, sizeof buf, "%s/postcast", xdg);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.cache/postcast", home);
    else
        snprintf(buf, sizeof buf, "/tmp/postcast-cache-%lu", (unsigned long)getuid());
    return buf;
}

/* mkdir -p, the last component 0700. */
static int make_dirs(const char *path, mode_t last_mode)
{
    char tmp[1024];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof tmp)
        return ENAMETOOLONG;
    memcpy(tmp, path, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return errno;
        *p = '/';
    }
    if (mkdir(tmp, last_mode) != 0 && errno != EEXIST)
        return errno;
    struct stat st;
    if (stat(tmp, &st) != 0)
        return errno;
    return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

pcast_status pc_cache_open(const char *dir, uint64_t max_bytes, pc_cache **out, pcast_error *err)
{
    *out = NULL;
    if (!dir)
        dir = pcast_cache_default_dir();
    int e = make_dirs(dir, 0700);
    if (!e && access(dir, W_OK | X_OK) != 0)
        e = errno;
    if (e)
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0,
                            "cannot use the cache directory: %s (try --no-cache or --cache-dir)",
                            strerror(e));
    pc_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->dir = strdup(dir))) {
        free(c);
        return pc_error_nomem(err);
    }
    c->max_bytes = max_bytes;
    *out = c;
    return PCAST_OK;
}

static void entry_path(const pc_cache *c, const char *key, char *out, size_t size)
{
    snprintf(out, size, "%s/%.2s/%s.clip", c->dir, key, key + 2);
}

bool pc_cache_get(pc_cache *c, const char *key, int16_t **samples, size_t *frames)
{
    *samples = NULL;
    *frames = 0;
    char path[1200];
    entry_path(c, key, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    unsigned char h[24];
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && read(fd, h, sizeof h) == (ssize_t)sizeof h &&
              memcmp(h, MAGIC, 8) == 0;
    uint64_t n = 0, sum = 0;
    if (ok) {
        memcpy(&n, h + 8, 8);
        memcpy(&sum, h + 16, 8);
        ok = n <= (uint64_t)(st.st_size - 24) / 2 && (uint64_t)st.st_size == 24 + n * 2;
    }
    int16_t *pcm = ok ? malloc(n ? n * 2 : 1) : NULL;
    ok = ok && pcm && (n == 0 || read(fd, pcm, n * 2) == (ssize_t)(n * 2)) &&
         XXH64(pcm, n * 2, 0) == sum;
    close(fd);
    if (!ok) {
        free(pcm);
        unlink(path); /* torn or corrupt: render it again */
        return false;
    }
    utimensat(AT_FDCWD, path, NULL, 0); /* most recently used */
    if (n == 0) {
        free(pcm);
        pcm = NULL;
    }
    *samples = pcm;
    *frames = (size_t)n;
    return true;
}

/* write() until done: a short write is retried, so a full disk ends in -1
 * with errno set (EFBIG, ENOSPC), not a silent short count. */
static bool write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

pcast_status pc_cache_put(pc_cache *c, const char *key, const int16_t *samples, size_t frames,
                          pcast_error *err)
{
    char path[1200], tmp[1250], sub[1100];
    snprintf(sub, sizeof sub, "%s/%.2s", c->dir, key);
    if (mkdir(sub, 0700) != 0 && errno != EEXIST)
        return pc_error_set(err, PCAST_ERR_IO, sub, 0, 0, "cannot write to the cache: %s",
                            strerror(errno));
    entry_path(c, key, path, sizeof path);
    snprintf(tmp, sizeof tmp, "%s/.tmp.XXXXXX", sub);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, sub, 0, 0, "cannot write to the cache: %s",
                            strerror(errno));
    unsigned char h[24];
    uint64_t n = frames, sum = XXH64(samples, frames * 2, 0);
    memcpy(h, MAGIC, 8);
    memcpy(h + 8, &n, 8);
    memcpy(h + 16, &sum, 8);
    bool ok = write_all(fd, h, sizeof h) && write_all(fd, samples, frames * 2);
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok || rename(tmp, path) != 0) {
        if (ok)
            e = errno;
        unlink(tmp);
        return pc_error_set(err, PCAST_ERR_IO, sub, 0, 0, "cannot write to the cache: %s",
                            strerror(e));
    }
    return PCAST_OK;
}

typedef struct entry {
    char *path;
    time_t mtime;
    uint64_t size;
} entry;

/* Every entry (and stale temporary file) under dir. */
static bool list_entries(const char *dir, entry **out, size_t *count, uint64_t *total)
{
    *out = NULL;
    *count = 0;
    *total = 0;
    size_t cap = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d)) != NULL) {
        if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
            continue;
        char sub[1100];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        DIR *s = opendir(sub);
        if (!s)
            continue;
        struct dirent *f;
        while (ok && (f = readdir(s)) != NULL) {
            size_t len = strlen(f->d_name);
            bool clip = len > 5 && !strcmp(f->d_name + len - 5, ".clip");
            bool stale_tmp = !strncmp(f->d_name, ".tmp.", 5);
            if (!clip && !stale_tmp)
                continue;
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
            struct stat st;
            if (stat(path, &st) != 0)
                continue;
            if (stale_tmp) {
                /* a render killed mid-write: older than an hour is junk */
                if (time(NULL) - st.st_mtime > 3600)
                    unlink(path);
                continue;
            }
            if (!pc_grow((void **)out, &cap, *count, sizeof **out) ||
                !((*out)[*count].path = strdup(path))) {
                ok = false;
                break;
            }
            (*out)[*count].mtime = st.st_mtime;
            (*out)[*count].size = (uint64_t)st.st_size;
            *total += (uint64_t)st.st_size;
            (*count)++;
        }
        closedir(s);
    }
    closedir(d);
    return ok;
}

static void free_entries(entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].path);
    free(e);
}

static int by_age(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

void pc_cache_trim(pc_cache *c)
{
    if (!c->max_bytes)
        return;
    entry *e;
    size_t n;
    uint64_t total;
    if (!list_entries(c->dir, &e, &n, &total))
        return;
    if (total > c->max_bytes) {
        qsort(e, n, sizeof *e, by_age);
        uint64_t goal = c->max_bytes / 10 * 9; /* some room, so not every render trims */
        for (size_t i = 0; i < n && total > goal; i++)
            if (unlink(e[i].path) == 0)
                total -= e[i].size;
    }
    free_entries(e, n);
}

void pc_cache_free(pc_cache *c)
{
    if (!c)
        return;
    free(c->dir);
    free(c);
}

pcast_status pcast_cache_stats(const char *dir, size_t *entries, uint64_t *bytes, pcast_error *err)
{
    if (!dir)
        dir = pcast_cache_default_dir();
    entry *e;
    size_t n;
    uint64_t total;
    if (!list_entries(dir, &e, &n, &total))
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0, "cannot read the cache: %s",
                            strerror(errno));
    free_entries(e, n);
    *entries = n;
    *bytes = total;
    return PCAST_OK;
}

pcast_status pcast_cache_clear(const char *dir, pcast_error *err)
{
    if (!dir)
        dir = pcast_cache_default_dir();
    entry *e;
    size_t n;
    uint64_t total;
    if (!list_entries(dir, &e, &n, &total))
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0, "cannot read the cache: %s",
                            strerror(errno));
    pcast_status st = PCAST_OK;
    for (size_t i = 0; i < n; i++)
        if (unlink(e[i].path) != 0 && errno != ENOENT && !st)
            st = pc_error_set(err, PCAST_ERR_IO, e[i].path, 0, 0, "cannot remove: %s",
                              strerror(errno));
    free_entries(e, n);
    return st;
}
