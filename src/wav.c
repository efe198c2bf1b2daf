/* wav: WAV files. Written through libsndfile with the chapters as a cue
 * chunk (positions in frames) plus a LIST/adtl chunk of labl titles, the
 * tags as LIST/INFO; read back chunk by chunk with every size checked
 * against the file.
 *
 * libsndfile takes cue points and extra chunks only before the first
 * audio frame, when the offsets are not known yet: the cue chunk is
 * written with zero offsets and its fixed-size records are overwritten in
 * place at the end (patch_chapters). A RIFF file counts its size in 32
 * bits: an episode that would pass 4 GiB is refused as it gets there,
 * never written with a wrapped header. */
#define _GNU_SOURCE /* sync_file_range */
#include "internal.h"
#include "container.h"
#include "sndio.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RIFF_MAX 0xFFFFFFFFull
#define HEADER_SLACK 65536u /* fmt, data and libsndfile's own chunks */
/* Audio goes to the file in blocks of this many bytes: libsndfile makes
 * one write() per call, and the mixer's chunks of 4 KiB cost the kernel
 * four times the CPU per byte that blocks of 512 KiB do. */
#define WRITE_BLOCK_BYTES (512u * 1024u)
/* After this many bytes the kernel is asked to start writing them to the
 * disk, so the fsync at the end waits for the last few, not the episode. */
#define WRITEBACK_BYTES (8u * 1024u * 1024u)

typedef struct wav_writer {
    SNDFILE *snd;
    const char *name;
    unsigned channels, rate;
    uint64_t bytes, max_bytes; /* audio bytes taken and allowed */
    int fd;                    /* the file (libsndfile's), for early writeback */
    uint64_t unsynced;         /* bytes handed over since the last writeback */
    int16_t *block;            /* frames not yet handed to libsndfile */
    size_t block_frames, block_cap; /* held, and room for (frames) */
} wav_writer;

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* A cue point per chapter, all at 0 until patch_chapters. */
static pcast_status set_cues(wav_writer *w, const pc_sink_meta *m, pcast_error *err)
{
    size_t bytes;
    if (!pc_size_mul(m->chapter_count, sizeof(SF_CUE_POINT), &bytes) ||
        !pc_size_add(bytes, sizeof(uint32_t) * 2, &bytes) || bytes > INT32_MAX)
        return pc_error_nomem(err);
    struct { uint32_t cue_count; SF_CUE_POINT cue_points[]; } *cues = calloc(1, bytes);
    if (!cues)
        return pc_error_nomem(err);
    cues->cue_count = (uint32_t)m->chapter_count;
    for (size_t i = 0; i < m->chapter_count; i++) {
        SF_CUE_POINT *c = &cues->cue_points[i];
        c->indx = (int32_t)(i + 1);
        c->fcc_chunk = 0x61746164; /* "data" */
    }
    int ok = sf_command(w->snd, SFC_SET_CUE, cues, (int)bytes);
    free(cues);
    if (ok != SF_TRUE)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "cannot write WAV cue points");
    return PCAST_OK;
}

/* A LIST/adtl chunk with a labl (cue id + title) per chapter: libsndfile
 * writes cue points but never their labels. Each labl is exact (title,
 * one NUL, an even pad): ffmpeg stops reading a label at its NUL. And the
 * whole list is a multiple of 4 bytes, closed with a small JUNK filler
 * when needed: sf_set_chunk rounds a chunk up to 4 with bytes of its own,
 * which its own reader then misparses ("No 'data' chunk marker"). ffmpeg
 * stops at the filler, after every label. */
static pcast_status set_labels(wav_writer *w, const pc_sink_meta *m, uint64_t *size,
                               pcast_error *err)
{
    pc_buf adtl = {0};
    bool good = pc_buf_append(&adtl, "adtl", 4);
    for (size_t i = 0; i < m->chapter_count && good; i++) {
        const char *t = m->chapter_titles[i];
        size_t tl = strlen(t);
        if (tl > 65536)
            tl = 65536;
        unsigned char hdr[12];
        memcpy(hdr, "labl", 4);
        put_le32(hdr + 4, (uint32_t)(4 + tl + 1));
        put_le32(hdr + 8, (uint32_t)(i + 1));
        good = pc_buf_append(&adtl, (const char *)hdr, 12) && pc_buf_append(&adtl, t, tl) &&
               pc_buf_putc(&adtl, '\0') && ((tl + 1) % 2 == 0 || pc_buf_putc(&adtl, '\0'));
    }
    if (good && adtl.len % 4 == 2)
        good = pc_buf_append(&adtl, "JUNK\2\0\0\0\0\0", 10);
    SF_CHUNK_INFO chunk;
    memset(&chunk, 0, sizeof chunk);
    memcpy(chunk.id, "LIST", 4);
    chunk.id_size = 4;
    chunk.datalen = (unsigned)adtl.len;
    chunk.data = adtl.data;
    *size = adtl.len;
    int rc = good ? sf_set_chunk(w->snd, &chunk) : SF_ERR_MALFORMED_FILE;
    pc_buf_free(&adtl);
    if (!good)
        return pc_error_nomem(err);
    if (rc != SF_ERR_NO_ERROR)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "cannot write WAV chapter labels: %s",
                            sf_error_number(rc));
    return PCAST_OK;
}

static void wav_abort(void *state)
{
    wav_writer *w = state;
    if (!w)
        return;
    if (w->snd)
        sf_close(w->snd);
    free(w->block);
    free(w);
}

static pcast_status wav_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                             pcast_error *err)
{
    *state = NULL;
    wav_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->name = out->name;
    w->channels = m->channels ? m->channels : 1;
    w->rate = m->rate;
    w->block_cap = WRITE_BLOCK_BYTES / (2u * w->channels);
    w->fd = out->fd;
    if (!(w->block = malloc(WRITE_BLOCK_BYTES))) {
        close(out->fd);
        free(w);
        return pc_error_nomem(err);
    }
    pcast_status st = pc_sndio_open(&w->snd, out->fd, m->rate, m->channels,
                                    SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV", out->name, err);
    if (st) {
        free(w->block);
        free(w);
        return st;
    }
    /* tags -> LIST/INFO */
    const struct { int id; const char *v; } tags[] = {
        {SF_STR_TITLE, m->title},   {SF_STR_ARTIST, m->artist}, {SF_STR_ALBUM, m->album},
        {SF_STR_DATE, m->date},     {SF_STR_GENRE, m->genre},   {SF_STR_COMMENT, m->comment},
        {SF_STR_SOFTWARE, "postcast " POSTCAST_VERSION}};
    uint64_t meta_bytes = HEADER_SLACK, labels = 0;
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v) {
            sf_set_string(w->snd, tags[i].id, tags[i].v);
            meta_bytes += strlen(tags[i].v) + 16;
        }
    if (m->chapter_count && !(st = set_cues(w, m, err)))
        st = set_labels(w, m, &labels, err);
    if (st) {
        wav_abort(w);
        return st;
    }
    meta_bytes += labels + 24 * (uint64_t)m->chapter_count;
    w->max_bytes = m->max_bytes ? m->max_bytes : RIFF_MAX - meta_bytes;
    *state = w;
    return PCAST_OK;
}

/* libsndfile's reason for w's failure, as the other writers say it:
 * "No space left on device", not "System error : No space left on
 * device." (copied into buf). */
static const char *snd_reason(wav_writer *w, char *buf, size_t size)
{
    const char *r = sf_strerror(w->snd), *sys = "System error : ";
    if (!strncmp(r, sys, strlen(sys)))
        r += strlen(sys);
    size_t n = strlen(r);
    if (n && r[n - 1] == '.')
        n--;
    snprintf(buf, size, "%.*s", (int)n, r);
    return buf;
}

/* Hands the held frames to libsndfile (one write()), and every
 * WRITEBACK_BYTES has the kernel start writing the file out (it goes on
 * while we mix; Linux only, elsewhere the fsync at the end does it all). */
static pcast_status flush_block(wav_writer *w, pcast_error *err)
{
    size_t n = w->block_frames;
    w->block_frames = 0;
    if (n && sf_writef_short(w->snd, w->block, (sf_count_t)n) != (sf_count_t)n)
    {
        char why[256];
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", snd_reason(w, why, sizeof why));
    }
    w->unsynced += (uint64_t)n * w->channels * 2;
    if (w->unsynced >= WRITEBACK_BYTES) {
        w->unsynced = 0;
#ifdef SYNC_FILE_RANGE_WRITE
        sync_file_range(w->fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: errors come at fsync */
#endif
    }
    return PCAST_OK;
}

static pcast_status wav_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    wav_writer *w = state;
    uint64_t bytes = (uint64_t)n * w->channels * 2;
    if (w->bytes + bytes > w->max_bytes) {
        double hours = (double)w->max_bytes / (2.0 * w->channels * w->rate) / 3600.0;
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0,
                            "the episode is longer than a WAV file can hold (4 GiB, %.1f hours "
                            "at %u Hz %s); write FLAC, MP3 or Opus instead",
                            hours, w->rate, w->channels == 2 ? "stereo" : "mono");
    }
    w->bytes += bytes;
    while (n) {
        size_t k = w->block_cap - w->block_frames;
        if (k > n)
            k = n;
        memcpy(w->block + w->block_frames * w->channels, frames, k * w->channels * sizeof *frames);
        w->block_frames += k;
        frames += k * w->channels;
        n -= k;
        pcast_status st = w->block_frames == w->block_cap ? flush_block(w, err) : PCAST_OK;
        if (st)
            return st;
    }
    return PCAST_OK;
}

static pcast_status wav_close(void *state, pcast_error *err)
{
    wav_writer *w = state;
    pcast_status st = flush_block(w, err);
    sf_write_sync(w->snd);
    char why[256];
    if (!st && sf_error(w->snd) != SF_ERR_NO_ERROR)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", snd_reason(w, why, sizeof why));
    if (sf_close(w->snd) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed on close");
    free(w->block);
    free(w);
    return st;
}

/* The cue chunk has one fixed-size record per cue point; its dwPosition
 * and dwSampleOffset are overwritten where they stand. */
static pcast_status wav_patch(const pc_container_out *out, const pc_sink_meta *m,
                              const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    (void)m, (void)total;
    if (!n)
        return PCAST_OK;
    FILE *f = fopen(out->path, "r+b");
    if (!f)
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot reopen: %s",
                            strerror(errno));
    unsigned char h[12];
    bool done = false, ok = fread(h, 1, 12, f) == 12 && !memcmp(h, "RIFF", 4);
    while (ok && !done) {
        unsigned char ch[8];
        if (fread(ch, 1, 8, f) != 8)
            break;
        uint32_t size = le32(ch + 4);
        if (memcmp(ch, "cue ", 4) != 0) {
            ok = fseeko(f, (off_t)size + (size & 1), SEEK_CUR) == 0;
            continue;
        }
        unsigned char cnt[4];
        ok = fread(cnt, 1, 4, f) == 4 && le32(cnt) == n;
        for (size_t i = 0; ok && i < n; i++) {
            unsigned char v[4];
            put_le32(v, (uint32_t)frames[i]);
            /* record: id, position, fcc, chunk start, block start, offset */
            ok = fseeko(f, 4, SEEK_CUR) == 0 && fwrite(v, 1, 4, f) == 4 &&
                 fseeko(f, 12, SEEK_CUR) == 0 && fwrite(v, 1, 4, f) == 4;
        }
        done = ok;
    }
    if (fclose(f) != 0)
        ok = false;
    if (!done || !ok)
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the chapter offsets");
    return PCAST_OK;
}

/* ---------- reader ---------- */

typedef struct wav_cue { uint32_t id; uint32_t offset; } wav_cue;
typedef struct wav_label { uint32_t id; size_t order; const char *text; } wav_label;

typedef struct wav_read {
    pcast_media *m;
    wav_cue *cues;
    size_t ncues;
    wav_label *labels;
    size_t nlabels, label_cap;
    unsigned rate, channels, block_align;
    uint64_t frames;
} wav_read;

static bool wav_probe(const unsigned char *h, size_t n)
{
    return n >= 4 && !memcmp(h, "RIFF", 4);
}

static pcast_status read_cues(wav_read *r, const unsigned char *d, uint64_t size, pcast_error *err)
{
    uint64_t count = le32(d);
    if (count > (size - 4) / 24)
        count = (size - 4) / 24;
    free(r->cues);
    r->cues = calloc(count ? count : 1, sizeof *r->cues);
    r->ncues = 0;
    if (!r->cues)
        return pc_error_nomem(err);
    for (size_t i = 0; i < count; i++) {
        r->cues[i].id = le32(d + 4 + 24 * i);
        r->cues[i].offset = le32(d + 4 + 24 * i + 20);
    }
    r->ncues = (size_t)count;
    return PCAST_OK;
}

static pcast_status read_list(wav_read *r, const unsigned char *d, uint64_t size, pcast_error *err)
{
    static const char *const info_keys[][2] = {
        {"INAM", "TITLE"}, {"IART", "ARTIST"}, {"IPRD", "ALBUM"}, {"ICRD", "DATE"},
        {"IGNR", "GENRE"}, {"ICMT", "COMMENT"}, {"ISFT", "ENCODER"}};
    bool adtl = !memcmp(d, "adtl", 4), info = !memcmp(d, "INFO", 4);
    for (uint64_t p = 4; p + 8 <= size && (adtl || info);) {
        uint64_t sz = le32(d + p + 4);
        if (sz > size - p - 8)
            sz = size - p - 8;
        const unsigned char *sub = d + p + 8;
        if (adtl && !memcmp(d + p, "labl", 4) && sz >= 4) {
            if (!pc_grow((void **)&r->labels, &r->label_cap, r->nlabels, sizeof *r->labels))
                return pc_error_nomem(err);
            wav_label *l = &r->labels[r->nlabels];
            l->id = le32(sub);
            l->order = r->nlabels;
            l->text = pc_media_strndup(r->m, (const char *)sub + 4,
                                       strnlen((const char *)sub + 4, sz - 4));
            if (!l->text)
                return pc_error_nomem(err);
            r->nlabels++;
        } else if (info) {
            for (size_t k = 0; k < sizeof info_keys / sizeof *info_keys; k++)
                if (!memcmp(d + p, info_keys[k][0], 4) &&
                    !pc_media_add_tag(r->m, info_keys[k][1], (const char *)sub, sz))
                    return pc_error_nomem(err);
        }
        p += 8 + sz + (sz & 1);
    }
    return PCAST_OK;
}

static int cmp_label(const void *a, const void *b)
{
    const wav_label *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Each cue with the last label of its id: labels sorted by (id, order),
 * then a binary search per cue, so crafted files with millions of cues
 * and labels cost n log n, not cues x labels. */
static pcast_status match_labels(wav_read *r, pcast_error *err)
{
    if (r->nlabels)
        qsort(r->labels, r->nlabels, sizeof *r->labels, cmp_label);
    for (size_t i = 0; i < r->ncues; i++) {
        pcast_chapter *c = pc_media_add_chapter(r->m);
        if (!c)
            return pc_error_nomem(err);
        c->start_frames = r->cues[i].offset;
        size_t lo = 0, hi = r->nlabels; /* first label with id > cue's */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r->labels[mid].id <= r->cues[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo && r->labels[lo - 1].id == r->cues[i].id)
            c->title = r->labels[lo - 1].text;
    }
    return PCAST_OK;
}

static pcast_status read_chunks(wav_read *r, FILE *f, uint64_t fsize, pcast_error *err)
{
    uint64_t pos = 12;
    pcast_status st = PCAST_OK;
    while (pos + 8 <= fsize && !st) {
        unsigned char ch[8];
        if (fseeko(f, (off_t)pos, SEEK_SET) != 0 || fread(ch, 1, 8, f) != 8)
            break;
        uint64_t size = le32(ch + 4);
        uint64_t body = pos + 8;
        if (body + size > fsize)
            size = fsize - body; /* a truncated last chunk */
        pos = body + size + (size & 1);
        if (!memcmp(ch, "data", 4)) {
            if (r->block_align)
                r->frames = size / r->block_align;
            continue;
        }
        bool want = !memcmp(ch, "fmt ", 4) || !memcmp(ch, "cue ", 4) || !memcmp(ch, "LIST", 4);
        if (!want || size > PC_MEDIA_MAX_META)
            continue;
        unsigned char *d = malloc(size ? size : 1);
        if (!d)
            return pc_error_nomem(err);
        if (fread(d, 1, size, f) != size) {
            free(d);
            break;
        }
        if (!memcmp(ch, "fmt ", 4) && size >= 16) {
            r->channels = le16(d + 2);
            r->rate = le32(d + 4);
            r->block_align = le16(d + 12);
        } else if (!memcmp(ch, "cue ", 4) && size >= 4) {
            st = read_cues(r, d, size, err);
        } else if (!memcmp(ch, "LIST", 4) && size >= 4) {
            st = read_list(r, d, size, err);
        }
        free(d);
    }
    return st;
}

static pcast_status wav_read_file(pcast_media *m, FILE *f, const char *path, uint64_t fsize,
                                  pcast_error *err)
{
    unsigned char h[12];
    if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4))
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a WAV file");
    wav_read r = {.m = m};
    pcast_status st = read_chunks(&r, f, fsize, err);
    pc_media_set_format(m, "WAV", r.rate, r.channels, r.frames);
    if (!st)
        st = match_labels(&r, err);
    free(r.cues);
    free(r.labels);
    if (!st && !r.rate)
        st = pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "WAV file without a format chunk");
    return st;
}

static const char *const wav_extensions[] = {"wav", NULL};

const pc_container pc_container_wav = {
    .name = "wav",
    .label = "WAV",
    .extensions = wav_extensions,
    .max_audio_bytes = RIFF_MAX - HEADER_SLACK,
    .cue_type = "WAVE",
    .open = wav_open,
    .write = wav_write,
    .close = wav_close,
    .abort = wav_abort,
    .patch_chapters = wav_patch,
    .probe = wav_probe,
    .read = wav_read_file,
};
