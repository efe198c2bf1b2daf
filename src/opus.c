/* opus: Ogg Opus through libopusenc, chapters as CHAPTERnnn comments.
 *
 * An Ogg Opus stream carries its comments (and so its chapters) in a
 * header before the audio. The titles are known when the file opens and
 * the times (HH:MM:SS.mmm) have a fixed width: the header is written with
 * every time at 00:00:00.000, the audio is encoded as it comes, and
 * patch_chapters overwrites the times in place and re-checksums the Ogg
 * page holding them. Nothing is spooled. The reader takes the chapters
 * and tags from the OpusTags header. */
#include "internal.h"
#include "container.h"
#include "io.h"
#include "vorbis.h"
#include "artwork.h"

#include <errno.h>
#include <fcntl.h>
#include <ogg/ogg.h>
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
 * packets pay. Then on 300 s of the corpus (mono, 40 kbit/s; decoded
 * against the source, bench/codecs.sh: SNR, log-spectral distance):
 * complexity 5 at 60 ms 1.12 s, 17.3 dB, 4.00 dB; 1 to 4 at 60 ms
 * 0.83-0.88 s, 16.1 dB, 4.03 dB; 0 at 60 ms 0.68 s, 17.1 dB, 3.86 dB;
 * 0 at 120 ms 0.57 s, the same. libopus picks CELT for this signal at
 * these rates, and complexity 0 only drops CELT's searches (pitch
 * pre-filter, TF and spreading analysis), which these measures do not
 * miss; 120 ms packets (every decoder takes them) halve the ctl calls. */
#define OPUS_COMPLEXITY 0

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

/* KEY=value with the value on one line (vorbis.h). */
static bool add_comment(OggOpusComments *c, const char *key, const char *value)
{
    char *clean = pc_vorbis_clean(value);
    bool ok = clean && ope_comments_add(c, key, clean) == OPE_OK;
    free(clean);
    return ok;
}

static bool add_tag(void *c, const char *key, const char *value)
{
    return add_comment(c, key, value);
}

static bool add_tags(OggOpusComments *c, const pc_sink_meta *m)
{
    bool ok = pc_vorbis_tags(m, add_tag, c);
    for (size_t i = 0; ok && i < m->chapter_count && i < PC_VORBIS_CHAPTERS; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, 0, m->rate);
        ok = add_comment(c, key, when);
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        ok = ok && add_comment(c, key, m->chapter_titles[i]);
    }
    return ok;
}

static pcast_status opus_fail(opus_writer *w, int e, pcast_error *err)
{
    return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "cannot write Opus: %s",
                        w->sink.write_errno ? strerror(w->sink.write_errno) : ope_strerror(e));
}

/* FNV-1a over the title and the chapter titles: a serial number that
 * differs between episodes and never between two renders of one. */
static uint32_t serial_for(const pc_sink_meta *m)
{
    uint32_t h = 2166136261u;
    const char *s = m->title ? m->title : "";
    for (size_t i = 0;; i++) {
        for (; *s; s++)
            h = (h ^ (unsigned char)*s) * 16777619u;
        h = (h ^ 0xff) * 16777619u;
        if (i >= m->chapter_count)
            break;
        s = m->chapter_titles[i] ? m->chapter_titles[i] : "";
    }
    return h;
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
    /* the cover: a METADATA_BLOCK_PICTURE comment, front cover (3), after
     * the chapters (so their times stay on the header's first page) */
    if (!w->comments || !add_tags(w->comments, m) ||
        (m->artwork && ope_comments_add_picture_from_memory(w->comments, (const char *)m->artwork->bytes,
                                                            m->artwork->size, 3, NULL) != OPE_OK)) {
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
    /* libopusenc draws the stream's serial number from rand(): one from
     * the episode's tags instead, so the same episode is the same bytes
     * however many were written before it in this process */
    ope_encoder_ctl(w->enc, OPE_SET_SERIALNO((int)(serial_for(m) & 0x7fffffff)));
    ope_encoder_ctl(w->enc, OPUS_SET_BITRATE(m->bitrate_kbps ? (opus_int32)m->bitrate_kbps * 1000
                                                             : m->channels == 2 ? 64000 : 40000));
    ope_encoder_ctl(w->enc, OPUS_SET_COMPLEXITY(OPUS_COMPLEXITY));
    ope_encoder_ctl(w->enc, OPUS_SET_EXPERT_FRAME_DURATION(OPUS_FRAMESIZE_120_MS));
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

/* Pages a comment header may span here: 64 MB at 255 x 255 bytes a page,
 * more than the largest cover and 999 chapters take. */
#define PC_OPUS_TAGS_PAGES 1024

/* The pages holding the comment header (OpusTags, the second packet,
 * from the second page on: a big cover and many chapters span several),
 * read whole, each with its place in the file. */
typedef struct tags_pages {
    size_t count;
    unsigned char *page[PC_OPUS_TAGS_PAGES]; /* header, lacing values, body */
    size_t size[PC_OPUS_TAGS_PAGES];
    off_t at[PC_OPUS_TAGS_PAGES];
    pc_buf packet; /* the bodies joined */
} tags_pages;

static void tags_pages_free(tags_pages *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->page[i]);
    pc_buf_free(&t->packet);
}

/* Reads them; false when the file is not as this writer made it (the
 * packet is not whole within PC_OPUS_TAGS_PAGES pages) or on ENOMEM. */
static bool read_tags_pages(int fd, tags_pages *t)
{
    unsigned char head[27 + 255];
    off_t at = 0;
    for (size_t k = 0; k < PC_OPUS_TAGS_PAGES + 1; k++) {
        if (pread(fd, head, 27, at) != 27 || memcmp(head, "OggS", 4))
            return false;
        size_t segs = head[26], body = 0;
        if (pread(fd, head + 27, segs, at + 27) != (ssize_t)segs)
            return false;
        for (size_t i = 0; i < segs; i++)
            body += head[27 + i];
        size_t size = 27 + segs + body;
        if (k > 0) {
            unsigned char *p = malloc(size);
            if (!p)
                return false;
            t->page[t->count] = p;
            t->size[t->count] = size;
            t->at[t->count++] = at;
            if (pread(fd, p, size, at) != (ssize_t)size ||
                !pc_buf_append(&t->packet, (const char *)p + 27 + segs, body))
                return false;
            if (segs && head[27 + segs - 1] < 255)
                return true; /* the packet ends on this page */
        }
        at += (off_t)size;
    }
    return false;
}

/* Puts the patched packet back into the pages' bodies, sets each page's
 * checksum (libogg) and writes the pages in place. */
static bool write_tags_pages(int fd, tags_pages *t)
{
    size_t from = 0;
    for (size_t i = 0; i < t->count; i++) {
        unsigned char *p = t->page[i];
        size_t header = 27 + (size_t)p[26], body = t->size[i] - header;
        memcpy(p + header, t->packet.data + from, body);
        from += body;
        ogg_page og = {p, (long)header, p + header, (long)body};
        ogg_page_checksum_set(&og);
        if (pwrite(fd, p, t->size[i], t->at[i]) != (ssize_t)t->size[i])
            return false;
    }
    return true;
}

static pcast_status opus_patch(const pc_container_out *out, const pc_sink_meta *m,
                               const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    (void)total;
    if (!n)
        return PCAST_OK;
    int fd = open(out->path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot read back: %s",
                            strerror(errno));
    tags_pages t = {0};
    pcast_status st = PCAST_OK;
    if (!read_tags_pages(fd, &t) ||
        !patch_tags((unsigned char *)t.packet.data, t.packet.len, m, frames, n))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0,
                          "cannot write the chapters into the Opus comment header");
    else if (!write_tags_pages(fd, &t))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "write failed: %s", strerror(errno));
    tags_pages_free(&t);
    close(fd);
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
    /* decoded Opus (64 kbit/s stereo, 40 mono) overshoots the samples it
     * was given by up to 2.8 dB on the corpus stereo; 2.5 dB under the mix's
     * -1.5 dBFS keeps it under -1 dBTP (tests/containers.py) */
    .headroom_db = 2.5,
    .cue_type = "WAVE",
    .open = opus_open,
    .write = opus_write,
    .close = opus_close,
    .abort = opus_abort,
    .patch_chapters = opus_patch,
    .probe = opus_probe,
    .read = opus_read,
};
