/* mp3_segments: segments of the audio on LAME encoders on worker threads
 * (see mp3_segments.h). One lock guards the queue: the segments in order,
 * each with its input chunks not yet encoded and its bytes not yet handed
 * out. A worker takes the oldest segment nobody encodes and keeps it to
 * its end (its encoder sees its input in order on one thread). Only the
 * producer (the caller's thread) calls emit: it hands out the oldest
 * segment's bytes as they come, reading the frame headers for the tag
 * (frame count, seek table, CRC). Two budgets bound the memory: frames
 * taken and not yet encoded, and bytes encoded and not yet handed out
 * (a worker may run ahead of a slow oldest segment). */
#include "mp3_segments.h"

#include "buf.h"
#include "encoder_thread.h"
#include "error.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_FRAMES 16384    /* input is queued in chunks of this many frames */
#define LAME_CUT_PADDING 576  /* a cut segment's padding (see the header) */
#define TOC_SLOTS 400         /* LAME's seek-table samples (VbrTag.c) */

typedef struct chunk {
    struct chunk *next;
    size_t frames;
    int16_t data[]; /* stage_frames x channels */
} chunk;

typedef struct segment {
    struct segment *next;
    lame_t lame;               /* made by the producer, used by one worker */
    uint64_t span_frames;      /* a cut segment's J - a; 0: the last */
    chunk *in, *in_last;       /* input not yet encoded */
    pc_buf out;                /* bytes not yet handed out */
    int padding_frames;        /* LAME's, once done */
    bool first;                /* writes LAME's tag frame */
    bool closed;               /* no more input comes */
    bool done;                 /* its worker is finished with it */
} segment;

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
    unsigned fs;               /* LAME's frame: 576 or 1152 frames */
    unsigned delay_frames;     /* lame_get_encoder_delay */
    pc_pool pool;              /* work: a segment or input came, or stop;
                                  ready: output, a segment done, room */
    segment *head, *tail;      /* head: oldest not handed out; tail: filling */
    segment *unassigned;       /* oldest segment no worker has taken */
    uint64_t pending_frames;   /* taken, not yet encoded */
    uint64_t budget_frames;
    size_t held_bytes;         /* encoded, not yet handed out */
    size_t budget_bytes;
    pcast_status status;       /* a worker's first failure */
    pcast_error err;
    unsigned char tag[MP3_TAG_MAX_BYTES]; /* the first encoder's tag frame */
    size_t tag_bytes;
    /* the producer's own */
    chunk *stage;              /* input gathered for tail, the last hold_frames held */
    size_t stage_frames;       /* a stage's room */
    size_t hold_frames;        /* frames a cut can still take back */
    uint64_t pos_frames;       /* frames taken */
    uint64_t seg_start_frames; /* the filling segment's a */
    uint64_t min_frames;       /* MP3_MIN_SEGMENT_S at the rate */
    unsigned need_blocks;      /* zero blocks a cut needs */
    unsigned block_fill;       /* frames into the current grid block */
    bool block_zero;           /* every sample of it so far is 0 */
    unsigned zero_blocks;      /* whole zero blocks just before it */
    size_t cuts;
    int last_padding_frames;   /* the last segment handed out */
    stream_stats stats;
};

unsigned pc_mp3_threads(void)
{
    return pc_encoder_threads("POSTCAST_MP3_THREADS", MP3_MAX_THREADS, MP3_DEFAULT_MAX_THREADS);
}

/* Frees seg with its queued input, its bytes and its encoder. */
static void free_segment(segment *seg)
{
    while (seg->in) {
        chunk *c = seg->in;
        seg->in = c->next;
        free(c);
    }
    pc_buf_free(&seg->out);
    if (seg->lame)
        lame_close(seg->lame);
    free(seg);
}

/* --- a segment's encoder (its worker's thread, without the lock) --- */

/* After LAME's flush: a cut segment must span exactly its J - a (else
 * the audio after it would move), and the first leaves its tag frame. */
static pcast_status seg_ended(pc_mp3_segments *s, segment *seg, pcast_error *err)
{
    seg->padding_frames = lame_get_encoder_padding(seg->lame);
    if (seg->span_frames &&
        ((uint64_t)lame_get_frameNum(seg->lame) * s->fs != seg->span_frames ||
         seg->padding_frames != LAME_CUT_PADDING))
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0,
                            "LAME made %d frames padded by %d, not %llu padded by %d",
                            lame_get_frameNum(seg->lame), seg->padding_frames,
                            (unsigned long long)(seg->span_frames / s->fs), LAME_CUT_PADDING);
    if (seg->first) {
        size_t n = lame_get_lametag_frame(seg->lame, s->tag, sizeof s->tag);
        s->tag_bytes = n <= sizeof s->tag ? n : 0;
    }
    return PCAST_OK;
}

/* Encodes c (NULL: the end, LAME's flush), appending LAME's bytes to
 * bytes. */
static pcast_status seg_encode(pc_mp3_segments *s, segment *seg, const chunk *c, pc_buf *bytes,
                               pcast_error *err)
{
    size_t frames = c ? c->frames : 0;
    size_t room = frames + frames / 4 + 7200; /* LAME's bound: 1.25 n + 7200 */
    if (!pc_buf_reserve(bytes, room))
        return pc_error_nomem(err);
    unsigned char *dst = (unsigned char *)bytes->data + bytes->len;
    /* LAME takes non-const pointers and only reads them */
    short *pcm = c ? (short *)c->data : NULL;
    int got = !c                  ? lame_encode_flush(seg->lame, dst, (int)room)
              : s->p.channels == 1 ? lame_encode_buffer(seg->lame, pcm, NULL, (int)frames, dst,
                                                        (int)room)
                                   : lame_encode_buffer_interleaved(seg->lame, pcm, (int)frames,
                                                                    dst, (int)room);
    if (got < 0)
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "LAME failed (%d)", got);
    bytes->len += (size_t)got;
    return c ? PCAST_OK : seg_ended(s, seg, err);
}

/* Runs seg's encoder on its queued input; called and returning with the
 * lock held, dropping it while encoding. blocking: waits for more input
 * until the segment is closed; otherwise returns when the queue is
 * empty. Returns true once the segment is done (its encoder closed). */
static bool seg_run(pc_mp3_segments *s, segment *seg, bool blocking)
{
    for (;;) {
        if (s->pool.stop)
            return false;
        chunk *c = seg->in;
        if (c) {
            seg->in = c->next;
            if (!seg->in)
                seg->in_last = NULL;
        } else if (!seg->closed) {
            if (!blocking)
                return false;
            pthread_cond_wait(&s->pool.work, &s->pool.lock);
            continue;
        }
        bool failed = s->status != PCAST_OK, end = !c;
        pthread_mutex_unlock(&s->pool.lock);
        pc_buf bytes = {0};
        pcast_error e;
        pcast_status st = failed ? PCAST_OK : seg_encode(s, seg, c, &bytes, &e);
        size_t frames = c ? c->frames : 0;
        free(c);
        pthread_mutex_lock(&s->pool.lock);
        s->held_bytes += bytes.len;
        if (!seg->out.len) { /* the bytes handed over, not copied */
            pc_buf empty = seg->out;
            seg->out = bytes;
            bytes = empty;
        } else if (!st && bytes.len && !pc_buf_append(&seg->out, bytes.data, bytes.len)) {
            st = pc_error_nomem(&e);
        }
        pc_buf_free(&bytes);
        s->pending_frames -= frames;
        if (st && !s->status) {
            s->status = st;
            s->err = e;
        }
        pthread_cond_signal(&s->pool.ready);
        if (end || st || failed) {
            lame_close(seg->lame);
            seg->lame = NULL;
            seg->done = true;
            return true;
        }
    }
}

/* A worker thread: takes the oldest segment nobody has, until stop. */
static void *worker_main(void *arg)
{
    pc_mp3_segments *s = arg;
    pthread_mutex_lock(&s->pool.lock);
    for (;;) {
        while (!s->pool.stop && !s->unassigned)
            pthread_cond_wait(&s->pool.work, &s->pool.lock);
        if (s->pool.stop)
            break;
        segment *seg = s->unassigned;
        s->unassigned = seg->next;
        if (!seg_run(s, seg, true))
            break;
    }
    pthread_mutex_unlock(&s->pool.lock);
    return NULL;
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

/* --- the producer --- */

/* With no worker thread: encodes what can be encoded now, in order.
 * Lock held. Returns whether anything was done. */
static bool work_inline(pc_mp3_segments *s)
{
    bool progress = false;
    while (s->unassigned && (s->unassigned->in || s->unassigned->closed)) {
        progress = true;
        if (!seg_run(s, s->unassigned, false))
            break;
        s->unassigned = s->unassigned->next;
    }
    return progress;
}

/* Hands bytes to emit and to the tag's count. Without the lock. */
static pcast_status emit_bytes(pc_mp3_segments *s, const pc_buf *b, pcast_error *err)
{
    if (!stats_add(&s->stats, (const unsigned char *)b->data, b->len))
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "LAME wrote no MPEG frames");
    return s->p.emit(s->p.emit_user, (const unsigned char *)b->data, b->len, err);
}

enum pump_until { PUMP_READY, PUMP_ROOM, PUMP_ALL };

/* Hands out the oldest segments' bytes in order; PUMP_ROOM waits until
 * the queued input is under budget, PUMP_ALL until every segment is
 * done. Lock held (dropped while emitting). */
static pcast_status pump(pc_mp3_segments *s, enum pump_until until, pcast_error *err)
{
    for (;;) {
        if (s->status) {
            *err = s->err;
            return s->status;
        }
        segment *h = s->head;
        if (h && h->out.len) {
            pc_buf out = h->out;
            memset(&h->out, 0, sizeof h->out);
            s->held_bytes -= out.len;
            pthread_mutex_unlock(&s->pool.lock);
            pcast_status st = emit_bytes(s, &out, err);
            pc_buf_free(&out);
            pthread_mutex_lock(&s->pool.lock);
            if (st) {
                if (!s->status) {
                    s->status = st;
                    s->err = *err;
                }
                return st;
            }
            continue;
        }
        if (h && h->done) {
            s->last_padding_frames = h->padding_frames;
            s->head = h->next;
            if (!s->head)
                s->tail = NULL;
            free_segment(h);
            continue;
        }
        bool room = s->pending_frames < s->budget_frames && s->held_bytes < s->budget_bytes;
        if (until == PUMP_READY || (until == PUMP_ROOM && room) ||
            (until == PUMP_ALL && !h))
            return PCAST_OK;
        if (s->pool.nthreads)
            pthread_cond_wait(&s->pool.ready, &s->pool.lock);
        else if (!work_inline(s))
            return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "MP3 segments stalled");
    }
}

/* A segment with its encoder (make's) in *out; NULL on failure. */
static pcast_status segment_new(const pc_mp3_segments *s, bool first, segment **out,
                                pcast_error *err)
{
    segment *seg = *out = calloc(1, sizeof *seg);
    if (!seg)
        return pc_error_nomem(err);
    seg->first = first;
    pcast_status st = s->p.make(s->p.make_user, first, &seg->lame, err);
    if (st) {
        free(seg);
        *out = NULL;
    }
    return st;
}

/* Appends seg to the queue. Lock held. */
static void queue_segment(pc_mp3_segments *s, segment *seg)
{
    if (s->tail)
        s->tail->next = seg;
    else
        s->head = seg;
    s->tail = seg;
    if (!s->unassigned)
        s->unassigned = seg;
    pthread_cond_broadcast(&s->pool.work);
}

/* Queues c (may be NULL) on the filling segment, waiting for room; next
 * (not NULL): then closes that segment, spanning span_frames, and queues
 * next, in the same locked step. c and next are queued or freed. */
static pcast_status push(pc_mp3_segments *s, chunk *c, segment *next, uint64_t span_frames,
                         pcast_error *err)
{
    pthread_mutex_lock(&s->pool.lock);
    pcast_status st = pump(s, PUMP_ROOM, err);
    if (!st) {
        segment *t = s->tail;
        if (c && c->frames) {
            if (t->in_last)
                t->in_last->next = c;
            else
                t->in = c;
            t->in_last = c;
            s->pending_frames += c->frames;
            c = NULL;
        }
        if (next) {
            t->span_frames = span_frames;
            t->closed = true;
            queue_segment(s, next);
            next = NULL;
        }
        pthread_cond_broadcast(&s->pool.work);
    }
    pthread_mutex_unlock(&s->pool.lock);
    free(c);
    if (next)
        free_segment(next);
    return st;
}

/* An empty chunk with a stage's room (the caller's to free); NULL on ENOMEM. */
static chunk *chunk_new(const pc_mp3_segments *s)
{
    chunk *c = malloc(sizeof *c + s->stage_frames * s->p.channels * sizeof(int16_t));
    if (c)
        *c = (chunk){NULL, 0};
    return c;
}

/* Moves the stage's frames from `from` on into a new stage; the stage
 * keeps the `keep` frames before them and is queued. */
static pcast_status split_stage(pc_mp3_segments *s, size_t keep, size_t from, segment *next,
                                uint64_t span_frames, pcast_error *err)
{
    const size_t ch = s->p.channels;
    chunk *rest = chunk_new(s), *c = s->stage;
    if (!rest) {
        if (next)
            free_segment(next);
        return pc_error_nomem(err);
    }
    rest->frames = c->frames - from;
    memcpy(rest->data, c->data + from * ch, rest->frames * ch * sizeof(int16_t));
    c->frames = keep;
    s->stage = rest;
    return push(s, c, next, span_frames, err);
}

/* At the end of a zero run long enough: a cut MP3_AFTER_BLOCKS blocks
 * back, when the segment is long enough; the delay + 576 zeros before
 * it are not given to either encoder. Depends on the samples only. */
static pcast_status maybe_cut(pc_mp3_segments *s, pcast_error *err)
{
    uint64_t cut = s->pos_frames - (uint64_t)MP3_AFTER_BLOCKS * s->fs;
    if (s->zero_blocks < s->need_blocks || cut - s->seg_start_frames < s->min_frames)
        return PCAST_OK;
    segment *next;
    pcast_status st = segment_new(s, false, &next, err);
    if (st)
        return st;
    uint64_t span = cut - s->seg_start_frames;
    size_t in_stage = s->stage->frames;
    size_t end = in_stage - (size_t)(s->pos_frames - cut) - s->delay_frames - LAME_CUT_PADDING;
    s->seg_start_frames = cut;
    s->zero_blocks = 0;
    s->cuts++;
    return split_stage(s, end, in_stage - (size_t)(s->pos_frames - cut), next, span, err);
}

pcast_status pc_mp3_segments_write(pc_mp3_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err)
{
    const unsigned ch = s->p.channels;
    while (n) {
        size_t take = s->fs - s->block_fill;
        if (take > s->stage_frames - s->stage->frames)
            take = s->stage_frames - s->stage->frames;
        if (take > n)
            take = n;
        memcpy(s->stage->data + s->stage->frames * ch, frames, take * ch * sizeof *frames);
        for (size_t i = 0; i < take * ch && s->block_zero; i++)
            s->block_zero = frames[i] == 0;
        s->stage->frames += take;
        s->pos_frames += take;
        s->block_fill += (unsigned)take;
        frames += take * ch;
        n -= take;
        pcast_status st = PCAST_OK;
        if (s->stage->frames == s->stage_frames)
            st = split_stage(s, s->stage_frames - s->hold_frames, s->stage_frames - s->hold_frames,
                             NULL, 0, err);
        if (!st && s->block_fill == s->fs) {
            s->zero_blocks = s->block_zero ? s->zero_blocks + 1 : 0;
            s->block_fill = 0;
            s->block_zero = true;
            st = maybe_cut(s, err);
        }
        if (st)
            return st;
    }
    pthread_mutex_lock(&s->pool.lock);
    pcast_status st = pump(s, PUMP_READY, err);
    pthread_mutex_unlock(&s->pool.lock);
    return st;
}

pcast_status pc_mp3_segments_finish(pc_mp3_segments *s, unsigned char *tag, size_t *tag_bytes,
                                    pcast_error *err)
{
    *tag_bytes = 0;
    chunk *c = s->stage;
    s->stage = NULL;
    pcast_status st = push(s, c, NULL, 0, err);
    if (st)
        return st;
    pthread_mutex_lock(&s->pool.lock);
    s->tail->closed = true;
    pthread_cond_broadcast(&s->pool.work);
    st = pump(s, PUMP_ALL, err);
    pthread_mutex_unlock(&s->pool.lock);
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
    return s->cuts;
}

pcast_status pc_mp3_segments_new(pc_mp3_segments **out, const pc_mp3_params *p,
                                 unsigned threads, pcast_error *err)
{
    *out = NULL;
    pc_mp3_segments *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->p = *p;
    segment *first;
    pcast_status st = segment_new(s, true, &first, err);
    if (st) {
        free(s);
        return st;
    }
    s->fs = (unsigned)lame_get_framesize(first->lame);
    s->delay_frames = (unsigned)lame_get_encoder_delay(first->lame);
    unsigned rate = (unsigned)lame_get_out_samplerate(first->lame);
    size_t drop = s->delay_frames + LAME_CUT_PADDING;
    s->hold_frames = (size_t)MP3_AFTER_BLOCKS * s->fs + drop;
    s->stage_frames = CHUNK_FRAMES + s->hold_frames;
    s->need_blocks = MP3_AFTER_BLOCKS + (unsigned)((drop + s->fs - 1) / s->fs) + MP3_GUARD_BLOCKS;
    s->min_frames = (uint64_t)MP3_MIN_SEGMENT_S * rate;
    s->block_zero = true;
    s->stats.want = 1;
    crc_init(s->stats.crc_table);
    s->stage = chunk_new(s);
    if (!s->stage || !s->fs) {
        free_segment(first);
        free(s->stage);
        free(s);
        return pc_error_nomem(err);
    }
    if (threads > MP3_MAX_THREADS)
        threads = MP3_MAX_THREADS;
    s->budget_frames = (uint64_t)(threads ? threads + 1 : 2) * s->min_frames;
    s->budget_bytes = (size_t)s->budget_frames * p->channels * sizeof(int16_t);
    queue_segment(s, first);
    pc_pool_start(&s->pool, threads, worker_main, s);
    *out = s;
    return PCAST_OK;
}

void pc_mp3_segments_free(pc_mp3_segments *s)
{
    if (!s)
        return;
    pc_pool_stop(&s->pool);
    while (s->head) {
        segment *seg = s->head;
        s->head = seg->next;
        free_segment(seg);
    }
    free(s->stage);
    free(s);
}
