/* mp3_segments: MP3 on LAME encoders, one a segment, on the ordered-
 * segments engine (segments.c; see mp3_segments.h). Here: where a cut may
 * fall on LAME's grid, what a cut segment is given and must give back
 * (LAME's delay and padding), and the one Xing/LAME tag of the stream,
 * counted from the bytes as the caller's thread hands them out (frame
 * count, seek table, CRC).
 *
 * LAME's lame_init_params writes tables global to the process (pow43,
 * ipow20, the FFT's and the psychoacoustic model's, with the same values
 * every time) that every LAME reads while it encodes: an encoder is made
 * under lame_tables held for writing, and LAME encodes under it held for
 * reading, so no encoder is made while another encodes. */
#define _GNU_SOURCE /* PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP */
#include "mp3_segments.h"

#include "encoder_thread.h"
#include "error.h"
#include "segments.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LAME_CUT_PADDING 576 /* a cut segment's padding (see the header) */
#define LAME_ROOM(n) ((n) + (n) / 4 + 7200) /* LAME's output bound for n frames */
#define TOC_SLOTS 400        /* LAME's seek-table samples (VbrTag.c) */
/* Frames a LAME call takes at most: an encoder to be made waits for the
 * calls under way (lame_tables), a quarter of an engine's chunk. */
#define LAME_PIECE_FRAMES 4096

/* Held for writing while a LAME is made, for reading while one encodes;
 * one for the process, as LAME's tables are. Writers first: an encoder
 * to make waits for the encode calls under way, not for every later one. */
static pthread_rwlock_t lame_tables = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

/* A batch of the stream's bytes (pc_seg_ops). */
typedef struct mp3_batch {
    size_t len;
    int padding_frames;        /* LAME's, in a segment's last batch; else -1 */
    unsigned char bytes[];
} mp3_batch;

/* The whole stream as LAME's tag counts it (VbrTag.c: addVbr). */
typedef struct stream_stats {
    uint16_t crc_table[8][256]; /* crc_init's */
    uint64_t bytes;            /* every byte, the tag frame's too */
    uint16_t crc;              /* CRC-16 of the bytes after the tag frame */
    uint32_t frames;           /* audio frames */
    int bag[TOC_SLOTS];
    int pos, want, seen, sum;
    bool tag_passed;           /* the first frame (the tag's) went by */
    size_t frame_left;         /* bytes of the current frame still to come */
    unsigned char head[4];
    unsigned head_have;
} stream_stats;

struct pc_mp3_segments {
    pc_mp3_params p;
    pc_segments *engine;
    unsigned fs;               /* LAME's frame: 576 or 1152 frames */
    unsigned delay_frames;     /* lame_get_encoder_delay */
    unsigned need_blocks;      /* zero blocks a cut needs */
    uint64_t min_frames;       /* MP3_MIN_SEGMENT_S at the rate */
    lame_t first;              /* the first segment's, made by _new until it opens */
    /* the first segment's encoder writes them, the caller's thread reads
     * them once every segment is done */
    unsigned char tag[MP3_TAG_MAX_BYTES];
    size_t tag_bytes;
    /* the caller's thread's */
    int last_padding_frames;   /* the last segment handed out */
    stream_stats stats;
};

unsigned pc_mp3_threads(void)
{
    return pc_encoder_threads("POSTCAST_MP3_THREADS", MP3_MAX_THREADS, MP3_DEFAULT_MAX_THREADS);
}

/* make's encoder, made while no LAME encodes. */
static pcast_status make_lame(const pc_mp3_segments *s, bool tag, lame_t *out, pcast_error *err)
{
    pthread_rwlock_wrlock(&lame_tables);
    pcast_status st = s->p.make(s->p.make_user, tag, out, err);
    pthread_rwlock_unlock(&lame_tables);
    return st;
}

/* --- the stream's tag --- */

/* A Layer III frame header's size in bytes and bit rate, 0 if h is
 * none. */
static size_t frame_size(const unsigned char h[4], int *kbps)
{
    static const int mpeg1[15] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int mpeg2[15] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    static const unsigned rates[3] = {44100, 48000, 32000};
    unsigned version = (h[1] >> 3) & 3, index = h[2] >> 4, rate = (h[2] >> 2) & 3;
    if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0 || version == 1 || ((h[1] >> 1) & 3) != 1 ||
        index == 0 || index == 15 || rate == 3)
        return 0;
    bool v1 = version == 3;
    unsigned hz = rates[rate] >> (v1 ? 0 : version == 2 ? 1 : 2);
    *kbps = v1 ? mpeg1[index] : mpeg2[index];
    return (v1 ? 144000u : 72000u) * (unsigned)*kbps / hz + ((h[2] >> 1) & 1);
}

/* LAME's CRC-16 (x^16 + x^15 + x^2 + 1, reflected: VbrTag.c), eight
 * bytes at a time as LAME's: the tables for crc16. */
static void crc_init(uint16_t t[8][256])
{
    for (unsigned i = 0; i < 256; i++) {
        uint16_t crc = (uint16_t)i;
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (uint16_t)(crc >> 1 ^ 0xA001) : (uint16_t)(crc >> 1);
        t[0][i] = crc;
    }
    for (unsigned k = 1; k < 8; k++)
        for (unsigned i = 0; i < 256; i++)
            t[k][i] = (uint16_t)(t[k - 1][i] >> 8 ^ t[0][t[k - 1][i] & 0xFF]);
}

static uint16_t crc16(const uint16_t t[8][256], uint16_t crc, const unsigned char *b, size_t n)
{
    for (; n >= 8; n -= 8, b += 8) {
        crc ^= (uint16_t)(b[1] << 8 | b[0]);
        crc = t[7][crc & 0xFF] ^ t[6][crc >> 8] ^ t[5][b[2]] ^ t[4][b[3]] ^ t[3][b[4]] ^
              t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]];
    }
    for (; n; n--)
        crc = (uint16_t)(crc >> 8 ^ t[0][(crc ^ *b++) & 0xFF]);
    return crc;
}

/* One audio frame into the seek-table samples, as LAME's addVbr. */
static void stats_frame(stream_stats *v, int kbps)
{
    v->frames++;
    v->sum += kbps;
    if (++v->seen < v->want)
        return;
    if (v->pos < TOC_SLOTS) {
        v->bag[v->pos++] = v->sum;
        v->seen = 0;
    }
    if (v->pos == TOC_SLOTS) {
        for (int i = 1; i < TOC_SLOTS; i += 2)
            v->bag[i / 2] = v->bag[i];
        v->want *= 2;
        v->pos /= 2;
    }
}

/* Reads n more bytes of the stream. false: not MPEG Layer III frames. */
static bool stats_add(stream_stats *v, const unsigned char *b, size_t n)
{
    v->bytes += n;
    while (n) {
        if (v->frame_left) {
            size_t k = n < v->frame_left ? n : v->frame_left;
            if (v->tag_passed)
                v->crc = crc16(v->crc_table, v->crc, b, k);
            v->frame_left -= k;
            b += k;
            n -= k;
            if (!v->frame_left && !v->tag_passed)
                v->tag_passed = true;
            continue;
        }
        v->head[v->head_have++] = *b++;
        n--;
        if (v->head_have < 4)
            continue;
        int kbps = 0;
        size_t size = frame_size(v->head, &kbps);
        if (size < 4)
            return false;
        if (v->tag_passed) {
            v->crc = crc16(v->crc_table, v->crc, v->head, 4);
            stats_frame(v, kbps);
        }
        v->frame_left = size - 4;
        v->head_have = 0;
    }
    return true;
}

/* p[0..n) = the low n bytes of v, big-endian. */
static void put_be(unsigned char *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> 8 * (n - 1 - i));
}

/* LAME's tag frame t (n bytes) rewritten for the whole stream v ending
 * in padding frames of padding; false when t has no Xing/Info header. */
static bool tag_patch(unsigned char *t, size_t n, const stream_stats *v, int padding)
{
    size_t x = 4;
    while (x + 4 <= n && x < 40 && memcmp(t + x, "Xing", 4) && memcmp(t + x, "Info", 4))
        x++;
    if (x >= 40 || x + 156 > n || v->bytes > UINT32_MAX)
        return false;
    put_be(t + x + 8, v->frames, 4);
    put_be(t + x + 12, (uint32_t)v->bytes, 4);
    for (int i = 1; i < 100 && v->pos > 0; i++) { /* Xing_seek_table, to the float */
        float j = (float)i / 100.0f, act, sum;
        int indx = (int)floor(j * (float)v->pos);
        if (indx > v->pos - 1)
            indx = v->pos - 1;
        act = (float)v->bag[indx];
        sum = (float)v->sum;
        int point = (int)(256. * act / sum);
        t[x + 16 + i] = (unsigned char)(point > 255 ? 255 : point);
    }
    t[x + 142] = (unsigned char)((t[x + 142] & 0xF0) | ((padding >> 8) & 0x0F));
    t[x + 143] = (unsigned char)padding;
    put_be(t + x + 148, (uint32_t)v->bytes, 4);
    put_be(t + x + 152, v->crc, 2);
    put_be(t + x + 154, crc16(v->crc_table, 0, t, x + 154), 2);
    return true;
}

/* --- the codec (pc_seg_ops) --- */

/* At the end of a zero run long enough: a cut MP3_AFTER_BLOCKS blocks
 * back, when the segment is long enough; the delay + 576 zeros before
 * it are given to neither encoder. */
static bool mp3_cut(void *user, uint64_t pos_frames, unsigned zero_blocks,
                    uint64_t seg_first_frames, pc_seg_cut *cut)
{
    const pc_mp3_segments *s = user;
    uint64_t at = pos_frames - (uint64_t)MP3_AFTER_BLOCKS * s->fs;
    if (zero_blocks < s->need_blocks || at - seg_first_frames < s->min_frames)
        return false;
    *cut = (pc_seg_cut){at, at - s->delay_frames - LAME_CUT_PADDING, at};
    return true;
}

/* The first segment's encoder is _new's (with the tag frame); the others
 * are made here, without it. */
static pcast_status mp3_open(void *user, const pc_seg_range *r, void **enc, pcast_error *err)
{
    pc_mp3_segments *s = user;
    if (!r->first_frames && s->first) {
        *enc = s->first;
        s->first = NULL;
        return PCAST_OK;
    }
    lame_t lame;
    pcast_status st = make_lame(s, false, &lame, err);
    *enc = st ? NULL : lame;
    return st;
}

/* After LAME's flush: a cut segment must span exactly its range (else
 * the audio after it would move), and the first leaves its tag frame. */
static pcast_status seg_ended(pc_mp3_segments *s, lame_t lame, const pc_seg_range *r,
                              int padding, pcast_error *err)
{
    uint64_t span = r->end_frames - r->first_frames;
    if (r->end_frames != PC_SEG_OPEN_END &&
        ((uint64_t)lame_get_frameNum(lame) * s->fs != span || padding != LAME_CUT_PADDING))
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0,
                            "LAME made %d frames padded by %d, not %llu padded by %d",
                            lame_get_frameNum(lame), padding,
                            (unsigned long long)(span / s->fs), LAME_CUT_PADDING);
    if (!r->first_frames) {
        size_t n = lame_get_lametag_frame(lame, s->tag, sizeof s->tag);
        s->tag_bytes = n <= sizeof s->tag ? n : 0;
    }
    return PCAST_OK;
}

/* One LAME call for n frames (NULL: its flush) into dst (room bytes),
 * under lame_tables held for reading; LAME's result. */
static int lame_call(const pc_mp3_segments *s, lame_t lame, const int16_t *frames, size_t n,
                     unsigned char *dst, size_t room)
{
    short *pcm = (short *)frames; /* LAME takes non-const pointers and only reads them */
    pthread_rwlock_rdlock(&lame_tables);
    int got = !frames              ? lame_encode_flush(lame, dst, (int)room)
              : s->p.channels == 1 ? lame_encode_buffer(lame, pcm, NULL, (int)n, dst, (int)room)
                                   : lame_encode_buffer_interleaved(lame, pcm, (int)n, dst,
                                                                    (int)room);
    pthread_rwlock_unlock(&lame_tables);
    return got;
}

/* LAME's bytes for n frames (frames NULL: its flush, with the padding),
 * LAME_PIECE_FRAMES at a call. */
static pcast_status mp3_encode(void *user, void *enc, const pc_seg_range *r,
                               const int16_t *frames, size_t n, void **batch, pcast_error *err)
{
    pc_mp3_segments *s = user;
    lame_t lame = enc;
    size_t pieces = frames ? (n + LAME_PIECE_FRAMES - 1) / LAME_PIECE_FRAMES : 1;
    size_t room = LAME_ROOM(n) + (pieces - 1) * LAME_ROOM(0);
    mp3_batch *b = malloc(sizeof *b + room);
    if (!b)
        return pc_error_nomem(err);
    int got = 0;
    size_t done = 0;
    b->len = 0;
    do {
        size_t k = n - done < LAME_PIECE_FRAMES ? n - done : LAME_PIECE_FRAMES;
        got = lame_call(s, lame, frames ? frames + done * s->p.channels : NULL, k,
                        b->bytes + b->len, room - b->len);
        b->len += got > 0 ? (size_t)got : 0;
        done += k;
    } while (got >= 0 && done < n);
    b->padding_frames = frames ? -1 : lame_get_encoder_padding(lame);
    pcast_status st = PCAST_OK;
    if (got < 0)
        st = pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "LAME failed (%d)", got);
    else if (!frames)
        st = seg_ended(s, lame, r, b->padding_frames, err);
    if (st || (frames && !b->len)) {
        free(b);
        return st;
    }
    mp3_batch *small = realloc(b, sizeof *b + b->len); /* the room was LAME's bound */
    *batch = small ? small : b;
    return PCAST_OK;
}

/* Hands the bytes to emit and to the tag's count, and frees b. */
static pcast_status mp3_emit(void *user, void *batch, pcast_error *err)
{
    pc_mp3_segments *s = user;
    mp3_batch *b = batch;
    pcast_status st = PCAST_OK;
    if (b->padding_frames >= 0)
        s->last_padding_frames = b->padding_frames;
    if (!stats_add(&s->stats, b->bytes, b->len))
        st = pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "LAME wrote no MPEG frames");
    else if (b->len)
        st = s->p.emit(s->p.emit_user, b->bytes, b->len, err);
    free(b);
    return st;
}

static void mp3_discard(void *user, void *batch)
{
    (void)user;
    free(batch);
}

static void mp3_close(void *user, void *enc)
{
    (void)user;
    if (enc)
        lame_close(enc);
}

static const pc_seg_ops mp3_ops = {mp3_cut, mp3_open, mp3_encode, mp3_emit, mp3_discard,
                                   mp3_close};

/* --- the stream --- */

pcast_status pc_mp3_segments_new(pc_mp3_segments **out, const pc_mp3_params *p,
                                 unsigned threads, pcast_error *err)
{
    *out = NULL;
    pc_mp3_segments *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->p = *p;
    pcast_status st = make_lame(s, true, &s->first, err);
    if (st) {
        free(s);
        return st;
    }
    s->fs = (unsigned)lame_get_framesize(s->first);
    s->delay_frames = (unsigned)lame_get_encoder_delay(s->first);
    unsigned rate = (unsigned)lame_get_out_samplerate(s->first);
    size_t drop = s->delay_frames + LAME_CUT_PADDING;
    s->need_blocks = s->fs ? MP3_AFTER_BLOCKS + (unsigned)((drop + s->fs - 1) / s->fs) +
                                 MP3_GUARD_BLOCKS
                           : 0;
    s->min_frames = (uint64_t)MP3_MIN_SEGMENT_S * rate;
    s->stats.want = 1;
    crc_init(s->stats.crc_table);
    pc_seg_config c = {&mp3_ops, s, p->channels, s->fs, (size_t)MP3_AFTER_BLOCKS * s->fs + drop,
                       s->min_frames, p->name, "MP3"};
    st = pc_segments_new(&s->engine, &c, threads, err);
    if (st) {
        pc_mp3_segments_free(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

pcast_status pc_mp3_segments_write(pc_mp3_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err)
{
    return pc_segments_write(s->engine, frames, n, err);
}

pcast_status pc_mp3_segments_finish(pc_mp3_segments *s, unsigned char *tag, size_t *tag_bytes,
                                    pcast_error *err)
{
    *tag_bytes = 0;
    pcast_status st = pc_segments_finish(s->engine, err);
    if (st || !s->tag_bytes)
        return st;
    memcpy(tag, s->tag, s->tag_bytes);
    if (s->stats.frame_left || s->stats.head_have ||
        !tag_patch(tag, s->tag_bytes, &s->stats, s->last_padding_frames))
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "cannot rebuild the LAME tag");
    *tag_bytes = s->tag_bytes;
    return PCAST_OK;
}

size_t pc_mp3_segments_cuts(const pc_mp3_segments *s)
{
    return pc_segments_cuts(s->engine);
}

void pc_mp3_segments_free(pc_mp3_segments *s)
{
    if (!s)
        return;
    pc_segments_free(s->engine);
    mp3_close(s, s->first);
    free(s);
}
