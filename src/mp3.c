/* mp3: MP3 through libsndfile (LAME). The tags and chapters go in an
 * ID3v2.4 tag (TIT2..., a CTOC and a CHAP per chapter) put in front once
 * the chapter times are known: patch_chapters writes the tag and the MP3
 * after it into a new file beside it, which replaces it. The reader walks
 * an ID3v2 tag (2.3 or 2.4) frame by frame, every size checked, and
 * libsndfile gives the length. */
#include "internal.h"
#include "container.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

typedef struct mp3_writer {
    SNDFILE *snd;
    const char *name;
} mp3_writer;

static void mp3_abort(void *state)
{
    mp3_writer *w = state;
    if (!w)
        return;
    if (w->snd)
        sf_close(w->snd);
    free(w);
}

static pcast_status mp3_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                             pcast_error *err)
{
    *state = NULL;
    mp3_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->name = out->name;
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)m->rate;
    info.channels = (int)m->channels;
    info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    w->snd = sf_open_fd(out->fd, SFM_WRITE, &info, 1);
    if (!w->snd) {
        close(out->fd);
        free(w);
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0,
                            "cannot write MP3 (libsndfile without LAME?): %s", sf_strerror(NULL));
    }
    double quality = 0.4; /* VBR, about 56 kbit/s for mono speech */
    sf_command(w->snd, SFC_SET_COMPRESSION_LEVEL, &quality, sizeof quality);
    *state = w;
    return PCAST_OK;
}

static pcast_status mp3_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    mp3_writer *w = state;
    sf_count_t got = sf_writef_short(w->snd, frames, (sf_count_t)n);
    if (got != (sf_count_t)n)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s",
                            sf_strerror(w->snd));
    return PCAST_OK;
}

static pcast_status mp3_close(void *state, pcast_error *err)
{
    mp3_writer *w = state;
    pcast_status st = PCAST_OK;
    sf_write_sync(w->snd);
    if (sf_error(w->snd) != SF_ERR_NO_ERROR)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", sf_strerror(w->snd));
    if (sf_close(w->snd) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed on close");
    free(w);
    return st;
}

/* ---------- ID3v2.4 ---------- */

static bool put_syncsafe(pc_buf *b, uint32_t v)
{
    char x[4] = {(char)((v >> 21) & 0x7F), (char)((v >> 14) & 0x7F), (char)((v >> 7) & 0x7F),
                 (char)(v & 0x7F)};
    return pc_buf_append(b, x, 4);
}

static bool put_be32(pc_buf *b, uint32_t v)
{
    char x[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    return pc_buf_append(b, x, 4);
}

/* A frame: id, syncsafe size, no flags, then body. */
static bool put_frame(pc_buf *b, const char *id, const pc_buf *body)
{
    return pc_buf_append(b, id, 4) && put_syncsafe(b, (uint32_t)body->len) &&
           pc_buf_append(b, "\0\0", 2) && pc_buf_append(b, body->data ? body->data : "", body->len);
}

/* A UTF-8 text frame (encoding 3). */
static bool put_text(pc_buf *b, const char *id, const char *text)
{
    if (!text || !*text)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, 3) && pc_buf_puts(&body, text) && put_frame(b, id, &body);
    pc_buf_free(&body);
    return ok;
}

static uint32_t to_ms(uint64_t frames, unsigned rate)
{
    uint64_t ms = (frames * 1000 + rate / 2) / rate;
    return ms > 0xFFFFFFFEu ? 0xFFFFFFFEu : (uint32_t)ms;
}

/* A CTOC counts its entries in a byte: up to 255 chapters hang from the
 * top-level one; more go in ordered sub-tables of 255 under it. */
static bool put_tocs(pc_buf *f, size_t n)
{
    pc_buf body = {0};
    size_t subs = n > 255 ? (n + 254) / 255 : 0;
    bool ok = true;
    if (n) {
        size_t kids = subs ? subs : n;
        ok = pc_buf_append(&body, "toc", 4) && pc_buf_putc(&body, 0x03) &&
             pc_buf_putc(&body, (char)kids);
        for (size_t i = 0; i < kids && ok; i++)
            ok = pc_buf_printf(&body, subs ? "toc%zu" : "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(f, "CTOC", &body);
        pc_buf_clear(&body);
    }
    for (size_t t = 0; t < subs && ok; t++) {
        size_t from = t * 255, to = from + 255 < n ? from + 255 : n;
        ok = pc_buf_printf(&body, "toc%zu", t + 1) && pc_buf_putc(&body, 0) &&
             pc_buf_putc(&body, 0x01) && pc_buf_putc(&body, (char)(to - from));
        for (size_t i = from; i < to && ok; i++)
            ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(f, "CTOC", &body);
        pc_buf_clear(&body);
    }
    pc_buf_free(&body);
    return ok;
}

/* TIT2/TPE1/TALB/TDRC/TCON/COMM, then the CTOCs, and a CHAP per chapter
 * with its TIT2, start and end in milliseconds. */
static bool id3_tag(pc_buf *tag, const pc_sink_meta *m, const uint64_t *frames, size_t n,
                    uint64_t total)
{
    pc_buf f = {0}, body = {0};
    bool ok = put_text(&f, "TIT2", m->title) && put_text(&f, "TPE1", m->artist) &&
              put_text(&f, "TALB", m->album) && put_text(&f, "TDRC", m->date) &&
              put_text(&f, "TCON", m->genre) && put_text(&f, "TSSE", "postcast " POSTCAST_VERSION);
    if (ok && m->comment && *m->comment) {
        ok = pc_buf_putc(&body, 3) && pc_buf_append(&body, "eng", 3) && pc_buf_putc(&body, 0) &&
             pc_buf_puts(&body, m->comment) && put_frame(&f, "COMM", &body);
        pc_buf_clear(&body);
    }
    if (n > 255 * 255)
        n = 255 * 255;
    ok = ok && put_tocs(&f, n);
    for (size_t i = 0; i < n && ok; i++) {
        pc_buf sub = {0};
        ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0) &&
             put_be32(&body, to_ms(frames[i], m->rate)) &&
             put_be32(&body, to_ms(i + 1 < n ? frames[i + 1] : total, m->rate)) &&
             put_be32(&body, 0xFFFFFFFFu) && put_be32(&body, 0xFFFFFFFFu) &&
             put_text(&sub, "TIT2", m->chapter_titles[i]) &&
             pc_buf_append(&body, sub.data ? sub.data : "", sub.len) && put_frame(&f, "CHAP", &body);
        pc_buf_free(&sub);
        pc_buf_clear(&body);
    }
    /* header: ID3 2.4.0, no flags, syncsafe size of the frames + padding */
    size_t padding = 1024;
    ok = ok && pc_buf_append(tag, "ID3\x04\0\0", 6) && put_syncsafe(tag, (uint32_t)(f.len + padding)) &&
         pc_buf_append(tag, f.data ? f.data : "", f.len) && pc_buf_reserve(tag, padding);
    if (ok) {
        memset(tag->data + tag->len, 0, padding);
        tag->len += padding;
    }
    pc_buf_free(&f);
    pc_buf_free(&body);
    return ok;
}

/* The tag goes in front: written with the MP3 after it to a new file
 * beside it, which replaces it. */
static pcast_status mp3_patch(const pc_container_out *out, const pc_sink_meta *m,
                              const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    pc_buf tag = {0};
    if (!id3_tag(&tag, m, frames, n, total)) {
        pc_buf_free(&tag);
        return pc_error_nomem(err);
    }
    pc_temp t;
    pcast_status st = pc_temp_beside(&t, out->path, NULL, err);
    int in = st ? -1 : open(out->path, O_RDONLY | O_CLOEXEC);
    if (!st && in < 0)
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the ID3 tag: %s",
                          strerror(errno));
    int e = st ? 0 : pc_io_write_all(t.fd, tag.data, tag.len, NULL);
    if (e)
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the ID3 tag: %s",
                          strerror(e));
    if (!st)
        st = pc_io_copy(in, t.fd, out->name, NULL, err);
    if (!st)
        st = pc_temp_commit(&t, out->path, err);
    else
        pc_temp_discard(&t);
    if (in >= 0)
        close(in);
    pc_buf_free(&tag);
    return st;
}

/* ---------- reader ---------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t syncsafe(const unsigned char *p)
{
    return (uint32_t)(p[0] & 0x7F) << 21 | (uint32_t)(p[1] & 0x7F) << 14 |
           (uint32_t)(p[2] & 0x7F) << 7 | (p[3] & 0x7F);
}

/* A text frame's body as UTF-8 (encodings 0 Latin-1 and 3 UTF-8 are kept
 * as they are if valid, 1/2 UTF-16 are reduced to code points); NULL if
 * empty or on ENOMEM. */
static char *id3_text(pcast_media *m, const unsigned char *b, size_t n)
{
    if (n < 2)
        return NULL;
    unsigned enc = b[0];
    pc_buf t = {0};
    bool ok = true;
    if (enc == 1 || enc == 2) {
        size_t i = 1;
        bool le = enc == 1 && n >= 3 && b[1] == 0xFF && b[2] == 0xFE;
        if (enc == 1 && n >= 3 && (b[1] == 0xFF || b[1] == 0xFE))
            i = 3;
        for (; i + 1 < n && ok; i += 2) {
            unsigned cu = le ? (unsigned)(b[i] | b[i + 1] << 8) : (unsigned)(b[i] << 8 | b[i + 1]);
            if (!cu)
                break;
            ok = pc_buf_put_cp(&t, cu >= 0xD800 && cu <= 0xDFFF ? 0xFFFD : cu);
        }
    } else {
        size_t len = strnlen((const char *)b + 1, n - 1);
        ok = pc_buf_append(&t, (const char *)b + 1, len);
    }
    char *s = ok && t.len && !u8_check((const uint8_t *)t.data, t.len)
                  ? pc_media_strndup(m, t.data, t.len) : NULL;
    pc_buf_free(&t);
    return s;
}

/* A CHAP frame's body: element id, start ms, end ms, offsets, then
 * sub-frames, whose first TIT2 is the title. */
static bool read_chap(pcast_media *m, const unsigned char *body, uint64_t fs, unsigned version)
{
    size_t id = strnlen((const char *)body, fs);
    if (id + 17 > fs)
        return true;
    pcast_chapter *c = pc_media_add_chapter(m);
    if (!c)
        return false;
    uint32_t ms = be32(body + id + 1);
    c->start_frames = (uint64_t)ms * pc_media_rate(m) / 1000;
    for (uint64_t q = id + 17; q + 10 <= fs;) {
        uint64_t ss = version == 4 ? syncsafe(body + q + 4) : be32(body + q + 4);
        if (ss > fs - q - 10)
            break;
        if (!memcmp(body + q, "TIT2", 4)) {
            char *t = id3_text(m, body + q + 10, ss);
            if (t)
                c->title = t;
            break;
        }
        q += 10 + ss;
    }
    return true;
}

static pcast_status read_frames(pcast_media *m, const unsigned char *d, uint64_t size,
                                unsigned version, pcast_error *err)
{
    static const char *const keys[][2] = {{"TIT2", "TITLE"}, {"TPE1", "ARTIST"},
                                          {"TALB", "ALBUM"}, {"TDRC", "DATE"},
                                          {"TYER", "DATE"},  {"TCON", "GENRE"},
                                          {"TSSE", "ENCODER"}};
    for (uint64_t p = 0; p + 10 <= size && d[p];) {
        uint64_t fs = version == 4 ? syncsafe(d + p + 4) : be32(d + p + 4);
        if (fs > size - p - 10)
            break;
        const unsigned char *body = d + p + 10;
        if (!memcmp(d + p, "CHAP", 4)) {
            if (!read_chap(m, body, fs, version))
                return pc_error_nomem(err);
        } else if (d[p] == 'T') {
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                if (!memcmp(d + p, keys[k][0], 4)) {
                    char *t = id3_text(m, body, fs);
                    if (t && !pc_media_add_tag(m, keys[k][1], t, strlen(t)))
                        return pc_error_nomem(err);
                }
        }
        p += 10 + fs;
    }
    return PCAST_OK;
}

static bool mp3_probe(const unsigned char *h, size_t n)
{
    return (n >= 3 && !memcmp(h, "ID3", 3)) || (n >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0);
}

static pcast_status mp3_read(pcast_media *m, FILE *f, const char *path, uint64_t fsize,
                             pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *snd = sf_open(path, SFM_READ, &info);
    if (!snd)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not an MP3 file");
    sf_close(snd);
    pc_media_set_format(m, "MP3", (unsigned)info.samplerate, (unsigned)info.channels,
                        info.frames > 0 ? (uint64_t)info.frames : 0);

    unsigned char h[10];
    if (fread(h, 1, 10, f) != 10 || memcmp(h, "ID3", 3) || (h[3] != 3 && h[3] != 4))
        return PCAST_OK; /* no ID3v2 tag we read: no chapters, no tags */
    uint64_t size = syncsafe(h + 6);
    if (size > fsize - 10 || size > PC_MEDIA_MAX_META)
        size = fsize - 10 < PC_MEDIA_MAX_META ? fsize - 10 : PC_MEDIA_MAX_META;
    unsigned char *d = malloc(size ? size : 1);
    if (!d)
        return pc_error_nomem(err);
    size = fread(d, 1, size, f);
    pcast_status st = read_frames(m, d, size, h[3], err);
    free(d);
    return st;
}

static const char *const mp3_extensions[] = {"mp3", NULL};

const pc_container pc_container_mp3 = {
    .name = "mp3",
    .label = "MP3",
    .extensions = mp3_extensions,
    .open = mp3_open,
    .write = mp3_write,
    .close = mp3_close,
    .abort = mp3_abort,
    .patch_chapters = mp3_patch,
    .probe = mp3_probe,
    .read = mp3_read,
};
