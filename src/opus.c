/* opus: Ogg Opus through libopusenc, chapters as CHAPTERnnn comments.
 *
 * An Ogg Opus stream carries its comments (and so its chapters) in a
 * header before the audio, and Ogg pages are checksummed, so they cannot
 * be patched in place. The episode is spooled as raw PCM into the sink's
 * temporary file, and patch_chapters encodes it, with the chapter times
 * then known, into a new file beside it, which replaces it. The encode
 * of a long episode takes a while: it stops when the render is
 * cancelled. The reader takes the chapters and tags from the OpusTags
 * header. */
#include "internal.h"
#include "container.h"
#include "io.h"
#include "vorbis.h"

#include <errno.h>
#include <fcntl.h>
#include <opus/opusenc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct opus_writer {
    int fd; /* the raw spool */
    const char *name;
    unsigned channels;
} opus_writer;

static void opus_abort(void *state)
{
    opus_writer *w = state;
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    free(w);
}

static pcast_status opus_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                              pcast_error *err)
{
    *state = NULL;
    opus_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->fd = out->fd;
    w->name = out->name;
    w->channels = m->channels;
    *state = w;
    return PCAST_OK;
}

static pcast_status opus_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    opus_writer *w = state;
    int e = pc_io_write_all(w->fd, frames, n * w->channels * sizeof *frames, NULL);
    if (e)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(e));
    return PCAST_OK;
}

static pcast_status opus_close(void *state, pcast_error *err)
{
    opus_writer *w = state;
    pcast_status st = PCAST_OK;
    if (close(w->fd) != 0)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(errno));
    w->fd = -1;
    opus_abort(w);
    return st;
}

typedef struct opus_sink {
    int fd;
    int write_errno;
} opus_sink;

static int on_write(void *user, const unsigned char *p, opus_int32 len)
{
    opus_sink *s = user;
    s->write_errno = pc_io_write_all(s->fd, p, (size_t)len, NULL);
    return s->write_errno != 0;
}

static int on_close(void *user)
{
    (void)user;
    return 0;
}

/* KEY=value with the value on one line (vorbis.h). */
static bool add_comment(OggOpusComments *c, const char *key, const char *value)
{
    char *clean = pc_vorbis_clean(value);
    bool ok = clean && ope_comments_add(c, key, clean) == OPE_OK;
    free(clean);
    return ok;
}

static bool add_tags(OggOpusComments *c, const pc_sink_meta *m, const uint64_t *frames, size_t n)
{
    const struct { const char *k, *v; } tags[] = {
        {"TITLE", m->title}, {"ARTIST", m->artist}, {"ALBUM", m->album}, {"DATE", m->date},
        {"GENRE", m->genre}, {"COMMENT", m->comment}};
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v)
            ok = add_comment(c, tags[i].k, tags[i].v);
    for (size_t i = 0; ok && i < n && i < PC_VORBIS_CHAPTERS; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, frames[i], m->rate);
        ok = add_comment(c, key, when);
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        ok = ok && add_comment(c, key, m->chapter_titles[i]);
    }
    return ok;
}

/* Encodes the spool (in) into out_fd. */
static pcast_status encode(int in, int out_fd, const pc_container_out *out, const pc_sink_meta *m,
                           const uint64_t *frames, size_t n, pcast_error *err)
{
    OggOpusComments *c = ope_comments_create();
    if (!c || !add_tags(c, m, frames, n)) {
        if (c)
            ope_comments_destroy(c);
        return pc_error_nomem(err);
    }
    opus_sink sink = {.fd = out_fd};
    OpusEncCallbacks cb = {on_write, on_close};
    int e = 0;
    OggOpusEnc *enc = ope_encoder_create_callbacks(&cb, &sink, c, (opus_int32)m->rate,
                                                   (int)m->channels, 0, &e);
    pcast_status st = PCAST_OK;
    if (!enc) {
        ope_comments_destroy(c);
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write Opus: %s",
                            ope_strerror(e));
    }
    ope_encoder_ctl(enc, OPUS_SET_BITRATE(m->channels == 2 ? 64000 : 40000));
    short buf[4096 * 2];
    size_t frame_bytes = sizeof *buf * m->channels, have = 0;
    while (!st) {
        if (out->cancel && *out->cancel) {
            st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            break;
        }
        ssize_t got = read(in, (char *)buf + have, sizeof buf - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot read back: %s",
                              strerror(errno));
            break;
        }
        have += (size_t)got;
        size_t whole = have / frame_bytes;
        if (whole && (e = ope_encoder_write(enc, buf, (int)whole)) != OPE_OK)
            break;
        memmove(buf, (char *)buf + whole * frame_bytes, have - whole * frame_bytes);
        have -= whole * frame_bytes;
        if (got == 0)
            break;
    }
    if (!st && !e)
        e = ope_encoder_drain(enc);
    if (!st && e)
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write Opus: %s",
                          sink.write_errno ? strerror(sink.write_errno) : ope_strerror(e));
    ope_encoder_destroy(enc);
    ope_comments_destroy(c);
    return st;
}

static pcast_status opus_patch(const pc_container_out *out, const pc_sink_meta *m,
                               const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    (void)total;
    int in = open(out->path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot read back: %s",
                            strerror(errno));
    pc_temp t;
    pcast_status st = pc_temp_beside(&t, out->path, NULL, err);
    if (!st)
        st = encode(in, t.fd, out, m, frames, n, err);
    close(in);
    if (!st)
        st = pc_temp_commit(&t, out->path, err);
    else
        pc_temp_discard(&t);
    return st;
}

/* ---------- reader: the OpusHead and OpusTags packets of the first
 * logical stream, and its length from the last page's granule position
 * (48 kHz, less the pre-skip). Pages are walked by hand, every size
 * checked; the CRC is not verified (a damaged page gives wrong tags,
 * never a wrong read). */

typedef struct ogg_reader {
    FILE *f;
    uint64_t size, pos;
    uint32_t serial;
    bool have_serial;
} ogg_reader;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* Appends the first stream's next packet to *pkt (up to PC_MEDIA_MAX_META
 * bytes); false at the end of the file or on a bad page. */
static bool next_packet(ogg_reader *r, pc_buf *pkt, bool *nomem)
{
    for (;;) {
        unsigned char h[27], lace[255];
        if (r->pos + 27 > r->size || fseeko(r->f, (off_t)r->pos, SEEK_SET) != 0 ||
            fread(h, 1, 27, r->f) != 27 || memcmp(h, "OggS", 4) || h[4] != 0 ||
            fread(lace, 1, h[26], r->f) != h[26])
            return false;
        uint64_t body = 0;
        for (unsigned i = 0; i < h[26]; i++)
            body += lace[i];
        uint64_t at = r->pos + 27 + h[26];
        r->pos = at + body;
        if (r->pos > r->size)
            return false;
        uint32_t serial = le32(h + 14);
        if (!r->have_serial)
            r->serial = serial, r->have_serial = true;
        if (serial != r->serial)
            continue;
        /* one page, one packet for the headers we want: a packet that
         * goes on (lacing 255 at the end) continues on the next page */
        for (unsigned i = 0; i < h[26]; i++) {
            if (pkt->len + lace[i] > PC_MEDIA_MAX_META || !pc_buf_reserve(pkt, lace[i])) {
                *nomem = pkt->len + lace[i] <= PC_MEDIA_MAX_META;
                return false;
            }
            if (fseeko(r->f, (off_t)at, SEEK_SET) != 0 ||
                fread(pkt->data + pkt->len, 1, lace[i], r->f) != lace[i])
                return false;
            pkt->len += lace[i];
            at += lace[i];
            if (lace[i] < 255)
                return true;
        }
    }
}

/* The granule position of the first stream's last page. */
static uint64_t last_granule(ogg_reader *r)
{
    unsigned char buf[65536];
    uint64_t from = r->size > sizeof buf ? r->size - sizeof buf : 0;
    size_t got = 0;
    if (fseeko(r->f, (off_t)from, SEEK_SET) == 0)
        got = fread(buf, 1, sizeof buf, r->f);
    for (size_t i = got >= 27 ? got - 27 + 1 : 0; i-- > 0;)
        if (!memcmp(buf + i, "OggS", 4) && buf[i + 4] == 0 && le32(buf + i + 14) == r->serial &&
            le64(buf + i + 6) != UINT64_MAX)
            return le64(buf + i + 6);
    return 0;
}

static pcast_status read_tags(pcast_media *m, const pc_buf *t, uint64_t frames, pcast_error *err)
{
    const unsigned char *d = (const unsigned char *)t->data;
    uint64_t n = t->len, p = 8;
    if (n < 16 || memcmp(d, "OpusTags", 8))
        return PCAST_OK;
    uint64_t vendor = le32(d + p);
    p += 4;
    if (vendor > n - p || n - p - vendor < 4)
        return PCAST_OK;
    p += vendor;
    uint64_t count = le32(d + p);
    p += 4;
    for (uint64_t i = 0; i < count && p + 4 <= n; i++) {
        uint64_t len = le32(d + p);
        p += 4;
        if (len > n - p)
            break;
        if (!pc_vorbis_read_comment(m, (const char *)d + p, (size_t)len, frames))
            return pc_error_nomem(err);
        p += len;
    }
    return PCAST_OK;
}

static bool opus_probe(const unsigned char *h, size_t n)
{
    return n >= 4 && !memcmp(h, "OggS", 4);
}

static pcast_status opus_read(pcast_media *m, FILE *f, const char *path, uint64_t size,
                              pcast_error *err)
{
    ogg_reader r = {.f = f, .size = size};
    pc_buf head = {0}, tags = {0};
    bool nomem = false;
    pcast_status st = PCAST_OK;
    if (!next_packet(&r, &head, &nomem) || head.len < 19 || memcmp(head.data, "OpusHead", 8)) {
        st = nomem ? pc_error_nomem(err)
                   : pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not an Ogg Opus file");
    } else {
        const unsigned char *h = (const unsigned char *)head.data;
        unsigned pre_skip = (unsigned)(h[10] | h[11] << 8);
        uint64_t granule = last_granule(&r);
        uint64_t frames = granule > pre_skip ? granule - pre_skip : 0;
        pc_media_set_format(m, "Opus", 48000, h[9], frames);
        if (next_packet(&r, &tags, &nomem))
            st = read_tags(m, &tags, frames, err);
        else if (nomem)
            st = pc_error_nomem(err);
    }
    pc_buf_free(&head);
    pc_buf_free(&tags);
    return st;
}

static const char *const opus_extensions[] = {"opus", NULL};

const pc_container pc_container_opus = {
    .name = "opus",
    .label = "Opus",
    .extensions = opus_extensions,
    .cue_type = "WAVE",
    .open = opus_open,
    .write = opus_write,
    .close = opus_close,
    .abort = opus_abort,
    .patch_chapters = opus_patch,
    .probe = opus_probe,
    .read = opus_read,
};
