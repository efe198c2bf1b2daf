/* opus: Ogg Opus through libopusenc, chapters as CHAPTERnnn comments.
 *
 * An Ogg Opus stream carries its comments (and so its chapters) in a
 * header before the audio. The titles are known when the file opens and
 * the times (HH:MM:SS.mmm) have a fixed width: the header is written with
 * every time at 00:00:00.000, the audio is encoded as it comes, and
 * patch_chapters overwrites the times in place and re-checksums the Ogg
 * page holding them. Nothing is spooled. */
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

typedef struct opus_sink {
    int fd;
    int write_errno;
} opus_sink;

typedef struct opus_writer {
    OggOpusEnc *enc;
    OggOpusComments *comments;
    opus_sink sink;
    const char *name;
} opus_writer;

/* Speech at 40/64 kbit/s, measured on 127 s of the example interview
 * (CPU per encode; signal-to-distortion ratio of the decoded audio):
 * complexity 10 (libopus's default), 20 ms frames: 2.07 s, 35.9 dB;
 * complexity 5, 20 ms: 0.65 s, 33.6 dB; 5 at 60 ms: 0.45 s, same; 3 at
 * 60 ms: 0.36 s, 31.1 dB. libopusenc makes two encoder ctl calls per
 * packet, each running CPUID (slow in a VM: 3.5 us here), so longer
 * packets pay; 60 ms is the longest frame every encoder writes and is
 * fine for spoken word. */
#define OPUS_COMPLEXITY 5

static void opus_abort(void *state)
{
    opus_writer *w = state;
    if (!w)
        return;
    if (w->enc)
        ope_encoder_destroy(w->enc);
    if (w->comments)
        ope_comments_destroy(w->comments);
    if (w->sink.fd >= 0)
        close(w->sink.fd);
    free(w);
}

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

static bool add_tags(OggOpusComments *c, const pc_sink_meta *m)
{
    const struct { const char *k, *v; } tags[] = {
        {"TITLE", m->title}, {"ARTIST", m->artist}, {"ALBUM", m->album}, {"DATE", m->date},
        {"GENRE", m->genre}, {"COMMENT", m->comment}};
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v)
            ok = ope_comments_add(c, tags[i].k, tags[i].v) == OPE_OK;
    for (size_t i = 0; ok && i < m->chapter_count && i < PC_VORBIS_CHAPTERS; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, 0, m->rate);
        ok = ope_comments_add(c, key, when) == OPE_OK;
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        ok = ok && ope_comments_add(c, key, m->chapter_titles[i]) == OPE_OK;
    }
    return ok;
}

static pcast_status opus_fail(opus_writer *w, int e, pcast_error *err)
{
    return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "cannot write Opus: %s",
                        w->sink.write_errno ? strerror(w->sink.write_errno) : ope_strerror(e));
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
    w->sink.fd = out->fd;
    w->name = out->name;
    w->comments = ope_comments_create();
    if (!w->comments || !add_tags(w->comments, m)) {
        opus_abort(w);
        return pc_error_nomem(err);
    }
    OpusEncCallbacks cb = {on_write, on_close};
    int e = 0;
    w->enc = ope_encoder_create_callbacks(&cb, &w->sink, w->comments, (opus_int32)m->rate,
                                          (int)m->channels, 0, &e);
    if (!w->enc) {
        pcast_status st = opus_fail(w, e, err);
        opus_abort(w);
        return st;
    }
    ope_encoder_ctl(w->enc, OPUS_SET_BITRATE(m->channels == 2 ? 64000 : 40000));
    ope_encoder_ctl(w->enc, OPUS_SET_COMPLEXITY(OPUS_COMPLEXITY));
    ope_encoder_ctl(w->enc, OPUS_SET_EXPERT_FRAME_DURATION(OPUS_FRAMESIZE_60_MS));
    *state = w;
    return PCAST_OK;
}

static pcast_status opus_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    opus_writer *w = state;
    int e = n ? ope_encoder_write(w->enc, frames, (int)n) : OPE_OK;
    return e == OPE_OK ? PCAST_OK : opus_fail(w, e, err);
}

static pcast_status opus_close(void *state, pcast_error *err)
{
    opus_writer *w = state;
    int e = ope_encoder_drain(w->enc);
    pcast_status st = e == OPE_OK ? PCAST_OK : opus_fail(w, e, err);
    if (close(w->sink.fd) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(errno));
    w->sink.fd = -1;
    opus_abort(w);
    return st;
}

/* The Ogg CRC-32 (polynomial 0x04c11db7, not reflected, from 0). */
static uint32_t ogg_crc(const unsigned char *p, size_t n)
{
    uint32_t crc = 0;
    while (n--) {
        crc ^= (uint32_t)*p++ << 24;
        for (int k = 0; k < 8; k++)
            crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u : crc << 1;
    }
    return crc;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Overwrites the CHAPTERnnn times in the OpusTags packet body[0..n). */
static bool patch_tags(unsigned char *body, size_t n, const pc_sink_meta *m,
                       const uint64_t *frames, size_t count)
{
    if (n < 16 || memcmp(body, "OpusTags", 8))
        return false;
    size_t at = 8 + 4 + (size_t)le32(body + 8);
    if (at > n - 4)
        return false;
    uint32_t comments = le32(body + at);
    at += 4;
    size_t done = 0;
    for (uint32_t c = 0; c < comments && at <= n - 4; c++) {
        size_t len = le32(body + at);
        at += 4;
        if (len > n - at)
            return false;
        for (size_t i = 0; i < count && i < PC_VORBIS_CHAPTERS; i++) {
            char key[32], when[32];
            pc_vorbis_chapter_key(key, sizeof key, i, false);
            size_t k = strlen(key);
            pc_vorbis_time(when, sizeof when, frames[i], m->rate);
            if (len == k + 1 + strlen(when) && !memcmp(body + at, key, k) && body[at + k] == '=') {
                memcpy(body + at + k + 1, when, strlen(when));
                done++;
            }
        }
        at += len;
    }
    return done == (count < PC_VORBIS_CHAPTERS ? count : PC_VORBIS_CHAPTERS);
}

/* The second Ogg page (the comment header's first) of the file: its
 * bytes in page (up to 27 + 255 + 255 x 255) and its size. */
static bool read_tags_page(int fd, unsigned char *page, size_t *size, off_t *offset)
{
    off_t at = 0;
    for (int k = 0; k < 2; k++) {
        if (pread(fd, page, 27, at) != 27 || memcmp(page, "OggS", 4))
            return false;
        size_t segs = page[26], body = 0;
        if (pread(fd, page + 27, segs, at + 27) != (ssize_t)segs)
            return false;
        for (size_t i = 0; i < segs; i++)
            body += page[27 + i];
        *size = 27 + segs + body;
        *offset = at;
        if (k == 1)
            return pread(fd, page + 27 + segs, body, at + 27 + (off_t)segs) == (ssize_t)body;
        at += (off_t)*size;
    }
    return false;
}

static pcast_status opus_patch(const pc_container_out *out, const pc_sink_meta *m,
                               const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    (void)total;
    if (!n)
        return PCAST_OK;
    int fd = open(out->path, O_RDWR | O_CLOEXEC);
    unsigned char *page = malloc(27 + 255 + 255 * 255);
    size_t size = 0;
    off_t at = 0;
    pcast_status st = PCAST_OK;
    if (fd < 0 || !page)
        st = fd < 0 ? pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot read back: %s",
                                   strerror(errno))
                    : pc_error_nomem(err);
    else if (!read_tags_page(fd, page, &size, &at) ||
             !patch_tags(page + 27 + page[26], size - 27 - page[26], m, frames, n))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0,
                          "cannot write the chapters into the Opus comment header");
    if (!st) {
        memset(page + 22, 0, 4);
        uint32_t crc = ogg_crc(page, size);
        for (int i = 0; i < 4; i++)
            page[22 + i] = (unsigned char)(crc >> (8 * i));
        if (pwrite(fd, page, size, at) != (ssize_t)size)
            st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "write failed: %s",
                              strerror(errno));
    }
    free(page);
    if (fd >= 0)
        close(fd);
    return st;
}

static const char *const opus_extensions[] = {"opus", NULL};

const pc_container pc_container_opus = {
    .name = "opus",
    .label = "Opus",
    .extensions = opus_extensions,
    .open = opus_open,
    .write = opus_write,
    .close = opus_close,
    .abort = opus_abort,
    .patch_chapters = opus_patch,
};
