/* flac: FLAC files through libFLAC's encoder (not libsndfile, which
 * writes neither a CUESHEET nor a PADDING block). The chapters go in a
 * non-CD CUESHEET (track n at chapter n, lead-out 255 at the end) and in
 * CHAPTERnnn Vorbis comments, CUESHEET first (the order ffmpeg needs to
 * show the titles), all written up front with zero times and the right
 * shape; patch_chapters rewrites their values in place through libFLAC's
 * metadata chain once the offsets are known. The encoder writes through
 * callbacks into the sink's fd, so the file is always ours to close. The
 * reader prefers the comments (999 chapters, in milliseconds) and takes
 * the exact sample offsets from the CUESHEET where it has them. */
#include "internal.h"
#include "container.h"
#include "io.h"
#include "vorbis.h"
#include "artwork.h"

#include <FLAC/metadata.h>
#include <FLAC/stream_encoder.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLAC_TRACKS 254 /* numbered CUESHEET tracks (255 is the lead-out) */
/* libFLAC hands over each frame (about 2 kB at level 1) and asks where
 * it is before each: written one by one that was four system calls a
 * frame (the write, a tell, SIGPIPE held and let go); gathered here, one
 * per this many bytes */
#define OUT_BUF_BYTES ((size_t)1 << 17)

typedef struct flac_writer {
    FLAC__StreamEncoder *enc;
    FLAC__StreamMetadata *meta[4];  /* CUESHEET, VORBIS_COMMENT, PADDING, PICTURE */
    FLAC__StreamMetadata *order[4]; /* the blocks written, in file order */
    int fd;
    int write_errno;
    /* bytes not yet written, and the file offset they start at (the fd's
     * own offset: every write goes through the buffer) */
    unsigned char *out;
    size_t out_len;
    uint64_t out_at;
    const char *name;
    int32_t *wide; /* FLAC wants int32 samples */
    size_t wide_cap;
    unsigned channels;
} flac_writer;

/* Writes the buffered bytes out; false (write_errno set) when that fails. */
static bool out_flush(flac_writer *w)
{
    if (!w->out_len)
        return true;
    w->write_errno = pc_io_write_all(w->fd, w->out, w->out_len, NULL);
    if (w->write_errno)
        return false;
    w->out_at += w->out_len;
    w->out_len = 0;
    return true;
}

static FLAC__StreamEncoderWriteStatus on_write(const FLAC__StreamEncoder *enc,
                                               const FLAC__byte buffer[], size_t bytes,
                                               uint32_t samples, uint32_t frame, void *user)
{
    (void)enc, (void)samples, (void)frame;
    flac_writer *w = user;
    bool ok = true;
    if (bytes > OUT_BUF_BYTES - w->out_len)
        ok = out_flush(w);
    if (ok && bytes >= OUT_BUF_BYTES) {
        w->write_errno = pc_io_write_all(w->fd, buffer, bytes, NULL);
        ok = !w->write_errno;
        w->out_at += ok ? bytes : 0;
    } else if (ok) {
        memcpy(w->out + w->out_len, buffer, bytes);
        w->out_len += bytes;
    }
    return ok ? FLAC__STREAM_ENCODER_WRITE_STATUS_OK : FLAC__STREAM_ENCODER_WRITE_STATUS_FATAL_ERROR;
}

static FLAC__StreamEncoderSeekStatus on_seek(const FLAC__StreamEncoder *enc, FLAC__uint64 at,
                                             void *user)
{
    (void)enc;
    flac_writer *w = user;
    if (!out_flush(w) || at > INT64_MAX || lseek(w->fd, (off_t)at, SEEK_SET) < 0)
        return FLAC__STREAM_ENCODER_SEEK_STATUS_ERROR;
    w->out_at = at;
    return FLAC__STREAM_ENCODER_SEEK_STATUS_OK;
}

static FLAC__StreamEncoderTellStatus on_tell(const FLAC__StreamEncoder *enc, FLAC__uint64 *at,
                                             void *user)
{
    (void)enc;
    flac_writer *w = user;
    *at = w->out_at + w->out_len;
    return FLAC__STREAM_ENCODER_TELL_STATUS_OK;
}

/* KEY=value, the value on one line (vorbis.h) and cut to max bytes at a
 * character boundary. */
static bool add_comment(FLAC__StreamMetadata *vc, const char *key, const char *value, size_t max)
{
    if (!value || !*value)
        return true;
    char *clean = pc_vorbis_clean(value);
    if (!clean)
        return false;
    size_t n = strlen(clean);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)clean[n] & 0xC0) == 0x80)
            n--;
        clean[n] = '\0';
    }
    FLAC__StreamMetadata_VorbisComment_Entry e;
    bool ok = FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, key, clean) &&
              FLAC__metadata_object_vorbiscomment_append_comment(vc, e, false);
    free(clean);
    return ok;
}

/* CUESHEET: a non-CD sheet, track n at chapter n, lead-out 255 at the
 * end; its track numbers are a byte, so it holds 254 chapters, and the
 * CHAPTERnnn comments (which readers prefer) 999. */
static bool build_cuesheet(FLAC__StreamMetadata *cs, size_t n)
{
    cs->data.cue_sheet.is_cd = false;
    cs->data.cue_sheet.lead_in = 0;
    bool ok = true;
    for (size_t i = 0; i <= n && ok; i++) {
        ok = FLAC__metadata_object_cuesheet_insert_blank_track(cs, (unsigned)i);
        if (!ok)
            break;
        FLAC__StreamMetadata_CueSheet_Track *t = &cs->data.cue_sheet.tracks[i];
        t->offset = 0;
        t->number = (FLAC__byte)(i < n ? i + 1 : 255);
        t->type = 0;
        t->pre_emphasis = 0;
        if (i < n) {
            FLAC__StreamMetadata_CueSheet_Index idx = {0, 1};
            ok = FLAC__metadata_object_cuesheet_track_insert_index(cs, (unsigned)i, 0, idx);
        }
    }
    return ok;
}

typedef struct comment_sink {
    FLAC__StreamMetadata *vc;
    size_t comment_max; /* the description's bytes */
} comment_sink;

static bool add_tag(void *user, const char *key, const char *value)
{
    comment_sink *s = user;
    return add_comment(s->vc, key, value, strcmp(key, "COMMENT") ? SIZE_MAX : s->comment_max);
}

static bool build_comments(FLAC__StreamMetadata *vc, const pc_sink_meta *m, size_t comment_max)
{
    comment_sink sink = {vc, comment_max};
    bool ok = pc_vorbis_tags(m, add_tag, &sink) &&
              add_comment(vc, "ENCODER", "postcast " POSTCAST_VERSION, SIZE_MAX);
    size_t named = m->chapter_count < PC_VORBIS_CHAPTERS ? m->chapter_count : PC_VORBIS_CHAPTERS;
    for (size_t i = 0; i < named && ok; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, 0, m->rate);
        ok = add_comment(vc, key, when, SIZE_MAX);
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        ok = ok && add_comment(vc, key, m->chapter_titles[i], SIZE_MAX);
    }
    return ok;
}

/* The comments in *vc, within a FLAC metadata block's 24-bit length: a
 * description too long for it is cut to fit (a block over it stops
 * libFLAC's encoder from starting); titles and tags too long for it even
 * so are an error. */
static pcast_status fit_comments(FLAC__StreamMetadata **vc, const pc_sink_meta *m,
                                 const char *name, pcast_error *err)
{
    const uint32_t limit = (1u << 24) - 1 - 256; /* room for libFLAC's vendor string */
    if (!build_comments(*vc, m, SIZE_MAX))
        return pc_error_nomem(err);
    if ((*vc)->length <= limit)
        return PCAST_OK;
    size_t over = (*vc)->length - limit, have = m->comment ? strlen(m->comment) : 0;
    FLAC__metadata_object_delete(*vc);
    if (!(*vc = FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT)) ||
        !build_comments(*vc, m, have > over ? have - over : 0))
        return pc_error_nomem(err);
    if ((*vc)->length > limit)
        return pc_error_set(err, PCAST_ERR_INPUT, name, 0, 0,
                            "the tags and chapter titles take more than the 16 MiB a FLAC "
                            "comment block holds");
    return PCAST_OK;
}

static void flac_abort(void *state)
{
    flac_writer *w = state;
    if (!w)
        return;
    if (w->enc) {
        if (FLAC__stream_encoder_get_state(w->enc) == FLAC__STREAM_ENCODER_OK)
            FLAC__stream_encoder_finish(w->enc);
        FLAC__stream_encoder_delete(w->enc);
    }
    for (int i = 0; i < 4; i++)
        if (w->meta[i])
            FLAC__metadata_object_delete(w->meta[i]);
    if (w->fd >= 0)
        close(w->fd);
    free(w->out);
    free(w->wide);
    free(w);
}

/* The cover as a PICTURE block (front cover), NULL when out of memory. */
static FLAC__StreamMetadata *picture_block(const pc_artwork *a)
{
    FLAC__StreamMetadata *p = FLAC__metadata_object_new(FLAC__METADATA_TYPE_PICTURE);
    if (!p || a->size > UINT32_MAX ||
        !FLAC__metadata_object_picture_set_mime_type(p, (char *)a->mime, true) ||
        !FLAC__metadata_object_picture_set_data(p, a->bytes, (FLAC__uint32)a->size, true)) {
        if (p)
            FLAC__metadata_object_delete(p);
        return NULL;
    }
    p->data.picture.type = FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER;
    p->data.picture.width = a->width_px;
    p->data.picture.height = a->height_px;
    p->data.picture.depth = a->alpha ? 32 : 24;
    return p;
}

static pcast_status flac_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                              pcast_error *err)
{
    *state = NULL;
    flac_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->fd = out->fd;
    w->name = out->name;
    w->channels = m->channels;
    off_t at = lseek(out->fd, 0, SEEK_CUR);
    w->out_at = at > 0 ? (uint64_t)at : 0;
    w->out = malloc(OUT_BUF_BYTES);
    w->enc = FLAC__stream_encoder_new();
    FLAC__StreamMetadata *cs = w->meta[0] = FLAC__metadata_object_new(FLAC__METADATA_TYPE_CUESHEET);
    FLAC__StreamMetadata *vc = w->meta[1] =
        FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT);
    FLAC__StreamMetadata *pad = w->meta[2] = FLAC__metadata_object_new(FLAC__METADATA_TYPE_PADDING);
    pcast_status st = PCAST_OK;
    size_t n = m->chapter_count < FLAC_TRACKS ? m->chapter_count : FLAC_TRACKS;
    const char *why = NULL;
    if (!w->out || !w->enc || !cs || !vc || !pad || !build_cuesheet(cs, n))
        st = pc_error_nomem(err);
    if (!st)
        st = fit_comments(&w->meta[1], m, out->name, err);
    if (!st && !FLAC__metadata_object_cuesheet_is_legal(cs, false, &why))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "bad FLAC cue sheet: %s", why);
    if (st) {
        flac_abort(w);
        return st;
    }
    pad->length = 4096; /* room to edit tags later without a rewrite */
    if (m->artwork && !(w->meta[3] = picture_block(m->artwork))) {
        flac_abort(w);
        return pc_error_nomem(err);
    }

    FLAC__stream_encoder_set_channels(w->enc, m->channels);
    FLAC__stream_encoder_set_bits_per_sample(w->enc, 16);
    FLAC__stream_encoder_set_sample_rate(w->enc, m->rate);
    /* level 1: on the 90-minute corpus episode, a warm render 1.35x
     * faster than at level 3 for 2.4% more bytes (level 3 was 25% faster
     * than 5 for 4.6% more); re-renders are bound by this encoder. Speech
     * at 22 kHz gains little from LPC. */
    FLAC__stream_encoder_set_compression_level(w->enc, 1);
    FLAC__stream_encoder_set_total_samples_estimate(w->enc, 0);
    /* CUESHEET before VORBIS_COMMENT (ffmpeg's order for titles), then the cover */
    unsigned blocks = 0;
    if (n)
        w->order[blocks++] = w->meta[0];
    w->order[blocks++] = w->meta[1];
    if (w->meta[3])
        w->order[blocks++] = w->meta[3];
    w->order[blocks++] = w->meta[2];
    FLAC__stream_encoder_set_metadata(w->enc, w->order, blocks);
    FLAC__StreamEncoderInitStatus is = FLAC__stream_encoder_init_stream(
        w->enc, on_write, on_seek, on_tell, NULL, w);
    if (is != FLAC__STREAM_ENCODER_INIT_STATUS_OK) {
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot start the FLAC encoder: %s",
                          FLAC__StreamEncoderInitStatusString[is]);
        flac_abort(w);
        return st;
    }
    *state = w;
    return PCAST_OK;
}

static pcast_status flac_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    flac_writer *w = state;
    size_t samples = n * w->channels;
    if (!pc_grow((void **)&w->wide, &w->wide_cap, samples, sizeof *w->wide))
        return pc_error_nomem(err);
    /* one plane per channel: libFLAC copies planes with memcpy, where its
     * interleaved call copies sample by sample (the same samples either
     * way, so the same bytes) */
    const FLAC__int32 *planes[FLAC__MAX_CHANNELS];
    for (unsigned c = 0; c < w->channels && c < FLAC__MAX_CHANNELS; c++) {
        int32_t *to = w->wide + (size_t)c * n;
        const int16_t *from = frames + c;
        if (w->channels == 1) /* a loop the compiler vectorizes */
            for (size_t i = 0; i < n; i++)
                to[i] = from[i];
        else
            for (size_t i = 0; i < n; i++)
                to[i] = from[i * w->channels];
        planes[c] = to;
    }
    if (!FLAC__stream_encoder_process(w->enc, planes, (unsigned)n))
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s",
                            w->write_errno ? strerror(w->write_errno)
                            : FLAC__stream_encoder_get_resolved_state_string(w->enc));
    return PCAST_OK;
}

static pcast_status flac_close(void *state, pcast_error *err)
{
    flac_writer *w = state;
    pcast_status st = PCAST_OK;
    if (!FLAC__stream_encoder_finish(w->enc) || !out_flush(w))
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s",
                          w->write_errno ? strerror(w->write_errno)
                          : FLAC__stream_encoder_get_resolved_state_string(w->enc));
    if (close(w->fd) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(errno));
    w->fd = -1;
    flac_abort(w);
    return st;
}

/* The CUESHEET and CHAPTERnnn comments were written with the right shape
 * and zero times; the values change, the sizes do not, so libFLAC's chain
 * rewrites the metadata in place. */
static pcast_status flac_patch(const pc_container_out *out, const pc_sink_meta *m,
                               const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    if (!n)
        return PCAST_OK;
    FLAC__Metadata_Chain *chain = FLAC__metadata_chain_new();
    FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
    pcast_status st = PCAST_OK;
    if (!chain || !it) {
        st = pc_error_nomem(err);
        goto done;
    }
    if (!FLAC__metadata_chain_read(chain, out->path)) {
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot reopen: %s",
                          FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)]);
        goto done;
    }
    FLAC__metadata_iterator_init(it, chain);
    bool ok = true;
    size_t tracks = n < FLAC_TRACKS ? n : FLAC_TRACKS;
    size_t named = n < PC_VORBIS_CHAPTERS ? n : PC_VORBIS_CHAPTERS;
    do {
        FLAC__StreamMetadata *b = FLAC__metadata_iterator_get_block(it);
        if (b->type == FLAC__METADATA_TYPE_CUESHEET) {
            FLAC__StreamMetadata_CueSheet *cs = &b->data.cue_sheet;
            for (uint32_t i = 0; i < cs->num_tracks; i++)
                cs->tracks[i].offset = i < tracks ? frames[i] : total;
        } else if (b->type == FLAC__METADATA_TYPE_VORBIS_COMMENT) {
            for (size_t i = 0; i < named && ok; i++) {
                char key[32], when[32];
                pc_vorbis_chapter_key(key, sizeof key, i, false);
                pc_vorbis_time(when, sizeof when, frames[i], m->rate);
                FLAC__StreamMetadata_VorbisComment_Entry e;
                ok = FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, key, when) &&
                     FLAC__metadata_object_vorbiscomment_replace_comment(b, e, true, false);
            }
        }
    } while (ok && FLAC__metadata_iterator_next(it));
    if (!ok)
        st = pc_error_nomem(err);
    else if (!FLAC__metadata_chain_write(chain, true, false))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the chapters: %s",
                          FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)]);
done:
    if (it)
        FLAC__metadata_iterator_delete(it);
    if (chain)
        FLAC__metadata_chain_delete(chain);
    return st;
}

/* ---------- reader ---------- */

static bool flac_probe(const unsigned char *h, size_t n)
{
    /* an ID3v2 tag may front a FLAC file too */
    return n >= 4 && (!memcmp(h, "fLaC", 4) || !memcmp(h, "ID3", 3));
}

/* Chapters from the CUESHEET: all of them when no comment named any, else
 * the exact offsets of the first 254. */
static pcast_status read_cuesheet(pcast_media *m, const FLAC__StreamMetadata_CueSheet *c,
                                  pcast_error *err)
{
    size_t tracks = c->num_tracks ? c->num_tracks - 1 : 0; /* less the lead-out */
    size_t have = pcast_media_chapter_count(m);
    if (have == 0) {
        for (size_t i = 0; i < tracks; i++) {
            pcast_chapter *ch = pc_media_add_chapter(m);
            if (!ch)
                return pc_error_nomem(err);
            ch->start_frames = c->tracks[i].offset;
            char name[32];
            snprintf(name, sizeof name, "Track %u", c->tracks[i].number);
            if (!(ch->title = pc_media_strndup(m, name, strlen(name))))
                return pc_error_nomem(err);
        }
    } else if (tracks <= have) {
        for (size_t i = 0; i < tracks; i++)
            if (c->tracks[i].number == i + 1)
                pc_media_chapter_at(m, i)->start_frames = c->tracks[i].offset;
    }
    return PCAST_OK;
}

static pcast_status flac_read(pcast_media *m, FILE *f, const char *path, uint64_t size,
                              pcast_error *err)
{
    (void)f, (void)size;
    FLAC__StreamMetadata si;
    if (!FLAC__metadata_get_streaminfo(path, &si))
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a FLAC file");
    uint64_t frames = si.data.stream_info.total_samples;
    pc_media_set_format(m, "FLAC", si.data.stream_info.sample_rate,
                        si.data.stream_info.channels, frames);
    FLAC__StreamMetadata *vc = NULL, *cs = NULL;
    FLAC__metadata_get_tags(path, &vc);
    FLAC__metadata_get_cuesheet(path, &cs);
    pcast_status st = PCAST_OK;
    if (vc) {
        const FLAC__StreamMetadata_VorbisComment *v = &vc->data.vorbis_comment;
        for (uint32_t i = 0; i < v->num_comments && !st; i++)
            if (!pc_vorbis_read_comment(m, (const char *)v->comments[i].entry,
                                        v->comments[i].length, frames))
                st = pc_error_nomem(err);
    }
    if (cs && !st)
        st = read_cuesheet(m, &cs->data.cue_sheet, err);
    FLAC__StreamMetadata *pic = NULL; /* the cover, as M4A's covr and MP3's APIC show */
    if (!st && FLAC__metadata_get_picture(path, &pic, FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER, NULL,
                                          NULL, (unsigned)-1, (unsigned)-1, (unsigned)-1, (unsigned)-1)) {
        char said[96];
        snprintf(said, sizeof said, "%.40s, %u bytes", pic->data.picture.mime_type,
                 (unsigned)pic->data.picture.data_length);
        if (!pc_media_add_tag(m, "COVER", said, strlen(said)))
            st = pc_error_nomem(err);
        FLAC__metadata_object_delete(pic);
    }
    if (vc)
        FLAC__metadata_object_delete(vc);
    if (cs)
        FLAC__metadata_object_delete(cs);
    return st;
}

static const char *const flac_extensions[] = {"flac", NULL};

const pc_container pc_container_flac = {
    .name = "flac",
    .label = "FLAC",
    .extensions = flac_extensions,
    .cue_type = "FLAC",
    .open = flac_open,
    .write = flac_write,
    .close = flac_close,
    .abort = flac_abort,
    .patch_chapters = flac_patch,
    .probe = flac_probe,
    .read = flac_read,
};
