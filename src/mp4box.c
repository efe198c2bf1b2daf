/* mp4box: ilst additions and fast start on a finished MP4 file (see
 * mp4box.h). Every box size is checked against its parent before use. */
#include "mp4box.h"
#include "io.h"

#include "buf.h"
#include "error.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_INDEX_BYTES (256u << 20) /* a moov we take into memory */
#define COPY_BYTES (1u << 20)

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void pc_mp4_put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint64_t be64(const unsigned char *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

static void put_be64(unsigned char *p, uint64_t v)
{
    pc_mp4_put_be32(p, (uint32_t)(v >> 32));
    pc_mp4_put_be32(p + 4, (uint32_t)v);
}

static bool read_at(int fd, void *buf, size_t n, uint64_t off)
{
    for (size_t done = 0; done < n;) {
        ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        done += (size_t)r;
    }
    return true;
}

/* The child of type t in b[from..to) (32-bit sizes): its offset, or 0. */
static size_t child(const unsigned char *b, size_t from, size_t to, const char *t)
{
    while (from + 8 <= to) {
        uint32_t size = be32(b + from);
        if (size < 8 || size > to - from)
            return 0;
        if (!memcmp(b + from + 4, t, 4))
            return from;
        from += size;
    }
    return 0;
}

/* Calls fn on every stco/co64 in the boxes of b[from..to), descending
 * into trak/mdia/minf/stbl. false when a box is malformed or fn says so. */
static bool each_offset_table(unsigned char *b, size_t from, size_t to,
                              bool (*fn)(unsigned char *box, size_t size, void *ctx), void *ctx)
{
    while (from + 8 <= to) {
        uint32_t size = be32(b + from);
        if (size < 8 || size > to - from)
            return false;
        const unsigned char *t = b + from + 4;
        if (!memcmp(t, "trak", 4) || !memcmp(t, "mdia", 4) || !memcmp(t, "minf", 4) ||
            !memcmp(t, "stbl", 4)) {
            if (!each_offset_table(b, from + 8, from + size, fn, ctx))
                return false;
        } else if (!memcmp(t, "stco", 4) || !memcmp(t, "co64", 4)) {
            if (!fn(b + from, size, ctx))
                return false;
        }
        from += size;
    }
    return true;
}

typedef struct shift {
    uint64_t by;
    bool apply;  /* false: only check that every offset still fits */
} shift;

static bool shift_table(unsigned char *box, size_t size, void *ctx)
{
    shift *s = ctx;
    bool wide = !memcmp(box + 4, "co64", 4);
    size_t each = wide ? 8 : 4;
    if (size < 16 || be32(box + 12) > (size - 16) / each)
        return false;
    for (uint32_t i = 0, n = be32(box + 12); i < n; i++) {
        unsigned char *p = box + 16 + (size_t)i * each;
        uint64_t v = (wide ? be64(p) : be32(p)) + s->by;
        if (!wide && v > UINT32_MAX)
            return false;
        if (s->apply && wide)
            put_be64(p, v);
        else if (s->apply)
            pc_mp4_put_be32(p, (uint32_t)v);
    }
    return true;
}

/* Finds the top-level boxes: where the first box after ftyp starts, and
 * the moov, which must end the file. */
static pcast_status find_index(int fd, uint64_t *after_ftyp, uint64_t *moov_at, uint64_t *moov_size,
                               const char *name, pcast_error *err)
{
    struct stat st;
    if (fstat(fd, &st))
        return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "cannot read back: %s", strerror(errno));
    uint64_t end = (uint64_t)st.st_size, at = 0;
    *after_ftyp = *moov_at = 0;
    while (at + 8 <= end) {
        unsigned char h[16];
        if (!read_at(fd, h, 8, at))
            break;
        uint64_t size = be32(h);
        if (size == 1 && read_at(fd, h + 8, 8, at + 8))
            size = be64(h + 8);
        if (size < 8 || size > end - at)
            break;
        if (!memcmp(h + 4, "ftyp", 4) && at == 0)
            *after_ftyp = size;
        if (!memcmp(h + 4, "moov", 4)) {
            *moov_at = at;
            *moov_size = size;
        }
        at += size;
    }
    if (!*after_ftyp || !*moov_at || *moov_at + *moov_size != end || at != end ||
        *moov_size > MAX_INDEX_BYTES)
        return pc_error_set(err, PCAST_ERR_FORMAT, name, 0, 0,
                            "not the MP4 layout expected (ftyp ... moov)");
    return PCAST_OK;
}

/* A track's mdia/mdhd language field in m[trak, trak + size), or NULL;
 * *handler gets its mdia/hdlr handler type (4 bytes) or NULL. */
static unsigned char *track_language(unsigned char *m, size_t trak, size_t size,
                                     const unsigned char **handler)
{
    *handler = NULL;
    size_t mdia = child(m, trak + 8, trak + size, "mdia");
    if (!mdia)
        return NULL;
    size_t end = mdia + be32(m + mdia);
    size_t hdlr = child(m, mdia + 8, end, "hdlr"), mdhd = child(m, mdia + 8, end, "mdhd");
    /* hdlr: size, type, version and flags, pre_defined, then the handler */
    if (hdlr && be32(m + hdlr) >= 20)
        *handler = m + hdlr + 16;
    /* mdhd: version 0 has 32-bit times (language at 28), version 1 64-bit (at 40) */
    size_t at = !mdhd || be32(m + mdhd) < 12 ? 0 : m[mdhd + 8] == 0 ? 28 : m[mdhd + 8] == 1 ? 40 : 0;
    return at && be32(m + mdhd) >= at + 2 ? m + mdhd + at : NULL;
}

/* Gives every text track (libavformat's chapter track, which it always
 * marks English) the language of the sound track, so a player that picks
 * chapters by language finds them in the episode's. */
static void chapters_language(unsigned char *m, size_t len)
{
    unsigned char *sound = NULL;
    for (int pass = 0; pass < 2; pass++)
        for (size_t at = 8; at + 8 <= len;) {
            size_t size = be32(m + at);
            if (size < 8 || size > len - at)
                break;
            const unsigned char *handler;
            unsigned char *lang = !memcmp(m + at + 4, "trak", 4)
                                  ? track_language(m, at, size, &handler) : NULL;
            if (lang && handler && !pass && !memcmp(handler, "soun", 4) && !sound)
                sound = lang;
            else if (lang && handler && pass && sound && !memcmp(handler, "text", 4))
                memcpy(lang, sound, 2);
            at += size;
        }
}

/* Appends extra[0..n) to moov/udta/meta/ilst in *buf (of *len bytes),
 * growing each of those four boxes' sizes. */
static pcast_status add_to_ilst(unsigned char **buf, size_t *len, const unsigned char *extra,
                                size_t n, const char *name, pcast_error *err)
{
    unsigned char *m = *buf;
    size_t udta = child(m, 8, *len, "udta");
    size_t meta = udta ? child(m, udta + 8, udta + be32(m + udta), "meta") : 0;
    /* meta is a full box: 4 bytes of version and flags before its children */
    size_t ilst = meta ? child(m, meta + 12, meta + be32(m + meta), "ilst") : 0;
    if (!ilst)
        return pc_error_set(err, PCAST_ERR_FORMAT, name, 0, 0, "the M4A file has no ilst");
    size_t at = ilst + be32(m + ilst), grown;
    if (!pc_size_add(*len, n, &grown) || grown > MAX_INDEX_BYTES)
        return pc_error_nomem(err);
    unsigned char *g = realloc(m, grown);
    if (!g)
        return pc_error_nomem(err);
    memmove(g + at + n, g + at, *len - at);
    memcpy(g + at, extra, n);
    const size_t boxes[] = {0, udta, meta, ilst};
    for (size_t i = 0; i < 4; i++)
        pc_mp4_put_be32(g + boxes[i], be32(g + boxes[i]) + (uint32_t)n);
    *buf = g;
    *len = grown;
    return PCAST_OK;
}

/* Moves bytes [from, to) of the file up by `by`, last block first. */
static bool move_up(int fd, uint64_t from, uint64_t to, uint64_t by, unsigned char *tmp)
{
    while (to > from) {
        size_t n = to - from < COPY_BYTES ? (size_t)(to - from) : COPY_BYTES;
        to -= n;
        if (!read_at(fd, tmp, n, to) || pc_io_pwrite_all(fd, tmp, n, to + by))
            return false;
    }
    return true;
}

pcast_status pc_mp4_finish_index(int fd, const unsigned char *extra, size_t n, bool faststart,
                                 const char *name, pcast_error *err)
{
    uint64_t after_ftyp = 0, moov_at = 0, moov_size = 0;
    pcast_status st = find_index(fd, &after_ftyp, &moov_at, &moov_size, name, err);
    if (st)
        return st;
    size_t len = (size_t)moov_size;
    unsigned char *m = malloc(len);
    if (!m)
        return pc_error_nomem(err);
    if (!read_at(fd, m, len, moov_at) || be32(m) != len) {
        free(m);
        return pc_error_set(err, PCAST_ERR_FORMAT, name, 0, 0, "cannot read back the MP4 index");
    }
    if (n && (st = add_to_ilst(&m, &len, extra, n, name, err))) {
        free(m);
        return st;
    }
    chapters_language(m, len);
    shift s = {len, false};
    if (faststart && each_offset_table(m, 8, len, shift_table, &s)) {
        s.apply = true;
        each_offset_table(m, 8, len, shift_table, &s);
        unsigned char *tmp = malloc(COPY_BYTES);
        bool ok = tmp && move_up(fd, after_ftyp, moov_at, len, tmp) &&
                  !pc_io_pwrite_all(fd, m, len, after_ftyp);
        free(tmp);
        free(m);
        return ok ? PCAST_OK
                  : pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "write failed: %s", strerror(errno));
    }
    bool ok = !pc_io_pwrite_all(fd, m, len, moov_at);
    free(m);
    return ok ? PCAST_OK
              : pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "write failed: %s", strerror(errno));
}
