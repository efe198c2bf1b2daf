/* opus: Ogg Opus through libopusenc, chapters as CHAPTERnnn comments.
 *
 * An Ogg Opus stream carries its comments (and so its chapters) in a
 * header before the audio, and Ogg pages are checksummed, so they cannot
 * be patched in place. The episode is spooled as raw PCM into the sink's
 * temporary file, and patch_chapters encodes it, with the chapter times
 * then known, into a new file beside it, which replaces it. The encode
 * of a long episode takes a while: it stops when the render is
 * cancelled. */
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

static bool add_tags(OggOpusComments *c, const pc_sink_meta *m, const uint64_t *frames, size_t n)
{
    const struct { const char *k, *v; } tags[] = {
        {"TITLE", m->title}, {"ARTIST", m->artist}, {"ALBUM", m->album}, {"DATE", m->date},
        {"GENRE", m->genre}, {"COMMENT", m->comment}};
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v)
            ok = ope_comments_add(c, tags[i].k, tags[i].v) == OPE_OK;
    for (size_t i = 0; ok && i < n && i < PC_VORBIS_CHAPTERS; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, frames[i], m->rate);
        ok = ope_comments_add(c, key, when) == OPE_OK;
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        ok = ok && ope_comments_add(c, key, m->chapter_titles[i]) == OPE_OK;
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
