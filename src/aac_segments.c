/* aac_segments: segments of the audio on AAC encoders on worker threads
 * (see aac_segments.h).
 *
 * One lock guards the queue: the segments in order, each with its input
 * chunks not yet encoded and its packets not yet handed out. A worker
 * takes the oldest segment nobody encodes and keeps it to its end, so a
 * segment's encoder sees its input in order on one thread. Only the
 * producer (the caller's thread) touches the emit callback: it hands out
 * the oldest segment's packets as they come and drops a segment once it
 * is done and empty. The budget counts the frames taken and not yet
 * handed out, queued or encoded: a worker running ahead of a long oldest
 * segment holds its packets within it too. */
#include "aac_segments.h"

#include "encoder_thread.h"
#include "error.h"

#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_FRAMES 16384 /* input is queued in chunks of this many frames */
/* The last frames taken are held back until a cut in them is decided (at
 * most AAC_MARGIN_BLOCKS blocks later): a worker never encodes input
 * that could decide a packet before it knows whether the packet is its
 * segment's. */
#define HOLD_FRAMES (AAC_MARGIN_BLOCKS * AAC_BLOCK_FRAMES)
#define STAGE_FRAMES (CHUNK_FRAMES + HOLD_FRAMES)
/* VBR's quality, as ffmpeg's -q:a (pc_aac_encoder_open) */
#define AAC_VBR_QUALITY 1.5

typedef struct chunk {
    struct chunk *next;
    size_t frames;
    int16_t data[]; /* STAGE_FRAMES x channels */
} chunk;

typedef struct pnode {
    struct pnode *next;
    AVPacket *pkt;
} pnode;

typedef struct segment {
    struct segment *next;
    int64_t first_frames;   /* its own range starts here (a cut, or 0) */
    int64_t end_frames;     /* its own range ends here (INT64_MAX: the last) */
    int64_t keep_end_frames; /* the worker's copy of end_frames */
    int64_t pts_frames;     /* the next block's first frame (the encoder's input) */
    int64_t input_frames;   /* where its queued input starts; zeros before */
    chunk *in, *in_last;    /* input not yet encoded */
    pnode *out, *out_last;  /* packets not yet handed out */
    bool closed;            /* no more input comes */
    bool done;              /* its worker is finished with it */
    AVCodecContext *enc;    /* while encoding */
    AVFrame *block;
    AVPacket *pkt;
    int fill_frames;        /* frames in block */
} segment;

struct pc_aac_segments {
    pc_aac_params p;
    pc_aac_packet_fn emit;
    void *user;
    pc_pool pool;              /* work: a segment or input came, or stop;
                                  ready: output, a segment done, room */
    segment *head, *tail;   /* head: oldest not handed out; tail: filling */
    segment *unassigned;    /* oldest segment no worker has taken */
    uint64_t pending_frames; /* taken, not yet handed out as packets */
    uint64_t budget_frames;
    pcast_status status;    /* a worker's first failure */
    pcast_error err;
    /* the producer's own */
    chunk *stage;           /* input being gathered for tail */
    uint64_t pos_frames;    /* frames taken */
    uint64_t min_frames;    /* AAC_MIN_SEGMENT_S at the rate */
    unsigned block_fill;    /* frames into the current grid block */
    bool block_zero;        /* every sample of it so far is 0 */
    unsigned zero_blocks;   /* whole zero blocks just before it */
};

static pcast_status av_fail(pcast_error *err, const char *name, const char *what, int averr)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(averr, msg, sizeof msg);
    return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "%s: %s", what, msg);
}

pcast_status pc_aac_encoder_open(AVCodecContext **out, const pc_aac_params *p, pcast_error *err)
{
    *out = NULL;
    const AVCodec *codec = avcodec_find_encoder_by_name("aac");
    if (!codec)
        return pc_error_set(err, PCAST_ERR_IO, p->name, 0, 0, "this FFmpeg has no AAC encoder");
    AVCodecContext *e = avcodec_alloc_context3(codec);
    if (!e)
        return pc_error_nomem(err);
    e->sample_fmt = AV_SAMPLE_FMT_FLTP;
    e->sample_rate = (int)p->rate_hz;
    av_channel_layout_default(&e->ch_layout, (int)p->channels);
    e->time_base = (AVRational){1, (int)p->rate_hz};
    e->flags |= AV_CODEC_FLAG_BITEXACT;
    e->log_level_offset = AV_LOG_DEBUG; /* its "Qavg" line: a library does not print */
    if (p->global_header)
        e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    /* Measured on the corpus (79 min, 22.05 kHz mono) with FFmpeg 5.1:
     * the encoder's CPU on one thread; the size; decoded against the
     * source by bench_quality (SNR, segmental SNR, log-spectral distance):
     *   fast coder, 80 kbit/s, TNS (until now) 19.9 s  53.3 MB  38.0  33.0 dB  1.00 dB
     *   fast coder, 80 kbit/s, no TNS          19.3 s  53.7 MB  39.4  33.2 dB  0.83 dB
     *   fast coder, VBR q 1.5, no TNS (this)   12.1 s  51.6 MB  40.5  33.1 dB  0.86 dB
     *   fast coder, VBR q 1.4, no TNS          11.9 s  48.5 MB  38.9  32.7 dB  1.00 dB
     * (the default "twoloop" coder took 7x the fast one's CPU and was
     * further from the source: SNR 28.4 against 37.8 dB on 300 s).
     * VBR (a fixed lambda, FF_QP2LAMBDA x AAC_VBR_QUALITY) codes each
     * frame once; at a bit rate a frame over or under its share of bits
     * is coded again at another lambda. q 1.5 is the lowest quality as
     * close to the source as 80 kbit/s was by all three measures; below
     * it the CPU hardly falls (the codebook search per band dominates).
     * Stereo at 44.1 kHz (300 s of the corpus, --stereo): q 1.5 against
     * 128 kbit/s, 23% less CPU, 147 against 140 kbit/s, SNR 39.7 against
     * 38.6 dB, LSD 1.33 against 1.40 dB. TNS (temporal noise shaping)
     * costs 4-7% and takes the decoded speech further from the source at
     * a bit rate and in VBR. PNS stays on (off: the same CPU and
     * figures); intensity and mid/side stereo are FFmpeg's defaults (not
     * measured; mono has neither). A bit rate given (bitrate_bps) is
     * kept: CBR. */
    int r = av_opt_set(e->priv_data, "aac_coder", "fast", 0);
    if (r >= 0)
        r = av_opt_set_int(e->priv_data, "aac_tns", 0, 0);
    if (p->bitrate_bps) {
        e->bit_rate = (int64_t)p->bitrate_bps;
    } else {
        e->flags |= AV_CODEC_FLAG_QSCALE;
        e->global_quality = (int)(FF_QP2LAMBDA * AAC_VBR_QUALITY + 0.5);
    }
    pcast_status st = PCAST_OK;
    if (r < 0)
        st = av_fail(err, p->name, "cannot set the AAC coder's options", r);
    else if ((r = avcodec_open2(e, codec, NULL)) < 0)
        st = av_fail(err, p->name, "cannot start the AAC encoder", r);
    else if (e->frame_size != AAC_BLOCK_FRAMES)
        st = pc_error_set(err, PCAST_ERR_IO, p->name, 0, 0, "the AAC encoder codes %d-frame blocks",
                          e->frame_size);
    if (st)
        avcodec_free_context(&e);
    *out = e;
    return st;
}

unsigned pc_aac_threads(void)
{
    return pc_encoder_threads("POSTCAST_AAC_THREADS", AAC_MAX_THREADS, AAC_DEFAULT_MAX_THREADS);
}

static void free_segment(segment *seg)
{
    while (seg->in) {
        chunk *c = seg->in;
        seg->in = c->next;
        free(c);
    }
    while (seg->out) {
        pnode *n = seg->out;
        seg->out = n->next;
        av_packet_free(&n->pkt);
        free(n);
    }
    avcodec_free_context(&seg->enc);
    av_frame_free(&seg->block);
    av_packet_free(&seg->pkt);
    free(seg);
}

/* --- a segment's encoder (its worker's thread, without the lock) --- */

static pcast_status seg_start(const pc_aac_segments *s, segment *seg, pcast_error *err)
{
    pcast_status st = pc_aac_encoder_open(&seg->enc, &s->p, err);
    if (st)
        return st;
    seg->block = av_frame_alloc();
    seg->pkt = av_packet_alloc();
    if (!seg->block || !seg->pkt)
        return pc_error_nomem(err);
    seg->block->format = AV_SAMPLE_FMT_FLTP;
    seg->block->sample_rate = (int)s->p.rate_hz;
    seg->block->nb_samples = AAC_BLOCK_FRAMES;
    if (av_channel_layout_copy(&seg->block->ch_layout, &seg->enc->ch_layout) < 0 ||
        av_frame_get_buffer(seg->block, 0) < 0)
        return pc_error_nomem(err);
    return PCAST_OK;
}

/* Sends the block (NULL: the end) and keeps, on *got, each packet whose
 * decoded frames lie in the segment's own range: a packet at pts t
 * decodes to frames t..t+1023 (the encoder's 1024 frames of priming put
 * the first at -1024). */
static pcast_status seg_send(const pc_aac_segments *s, segment *seg, AVFrame *frame, pnode ***got,
                             pcast_error *err)
{
    int r = avcodec_send_frame(seg->enc, frame);
    if (r < 0)
        return av_fail(err, s->p.name, "AAC encoding", r);
    for (;;) {
        r = avcodec_receive_packet(seg->enc, seg->pkt);
        if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
            return PCAST_OK;
        if (r < 0)
            return av_fail(err, s->p.name, "AAC encoding", r);
        int64_t t = seg->pkt->pts + AAC_BLOCK_FRAMES;
        if (t < seg->first_frames || t >= seg->keep_end_frames) {
            av_packet_unref(seg->pkt);
            continue;
        }
        pnode *n = malloc(sizeof *n);
        if (!n || !(n->pkt = av_packet_alloc())) {
            free(n);
            av_packet_unref(seg->pkt);
            return pc_error_nomem(err);
        }
        av_packet_move_ref(n->pkt, seg->pkt);
        n->next = NULL;
        **got = n;
        *got = &n->next;
    }
}

/* Encodes n frames (NULL: zeros), a block at a time. */
static pcast_status seg_encode(const pc_aac_segments *s, segment *seg, const int16_t *frames,
                               size_t n, pnode ***got, pcast_error *err)
{
    const unsigned ch = s->p.channels;
    while (n) {
        if (!seg->fill_frames && av_frame_make_writable(seg->block) < 0)
            return pc_error_nomem(err);
        size_t take = (size_t)(AAC_BLOCK_FRAMES - seg->fill_frames);
        if (take > n)
            take = n;
        for (unsigned c = 0; c < ch; c++) {
            float *dst = (float *)seg->block->data[c] + seg->fill_frames;
            if (!frames) {
                memset(dst, 0, take * sizeof *dst);
                continue;
            }
            const int16_t *src = frames + c;
            for (size_t i = 0; i < take; i++)
                dst[i] = (float)src[i * ch] * (1.0f / 32768.0f);
        }
        seg->fill_frames += (int)take;
        if (frames)
            frames += take * ch;
        n -= take;
        if (seg->fill_frames == AAC_BLOCK_FRAMES) {
            seg->block->nb_samples = AAC_BLOCK_FRAMES;
            seg->block->pts = seg->pts_frames;
            seg->pts_frames += AAC_BLOCK_FRAMES;
            seg->fill_frames = 0;
            pcast_status st = seg_send(s, seg, seg->block, got, err);
            if (st)
                return st;
        }
    }
    return PCAST_OK;
}

/* The last segment's end: the partial block, then the encoder's flush.
 * A cut segment needs neither: its input runs AAC_MARGIN_BLOCKS blocks
 * past its end, so its last packet came out already. */
static pcast_status seg_end(const pc_aac_segments *s, segment *seg, pnode ***got,
                            pcast_error *err)
{
    if (seg->keep_end_frames != INT64_MAX)
        return PCAST_OK;
    if (seg->fill_frames) {
        if (av_frame_make_writable(seg->block) < 0)
            return pc_error_nomem(err);
        seg->block->nb_samples = seg->fill_frames;
        seg->block->pts = seg->pts_frames;
        seg->pts_frames += seg->fill_frames;
        seg->fill_frames = 0;
        pcast_status st = seg_send(s, seg, seg->block, got, err);
        if (st)
            return st;
    }
    return seg_send(s, seg, NULL, got, err);
}

/* Runs seg's encoder on its queued input; called and returning with the
 * lock held, dropping it while encoding. blocking: waits for more input
 * until the segment is closed; otherwise returns when the queue is
 * empty. Returns true once the segment is done (its encoder freed). */
static bool seg_run(pc_aac_segments *s, segment *seg, bool blocking)
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
        bool failed = s->status != PCAST_OK;
        seg->keep_end_frames = seg->end_frames; /* set with the input past it */
        pthread_mutex_unlock(&s->pool.lock);
        pnode *list = NULL, **got = &list;
        pcast_error e;
        pcast_status st = PCAST_OK;
        if (!failed && !seg->enc)
            st = seg_start(s, seg, &e);
        if (!st && !failed && seg->pts_frames < seg->input_frames)
            st = seg_encode(s, seg, NULL, (size_t)(seg->input_frames - seg->pts_frames), &got, &e);
        if (!st && !failed)
            st = c ? seg_encode(s, seg, c->data, c->frames, &got, &e) : seg_end(s, seg, &got, &e);
        free(c);
        pthread_mutex_lock(&s->pool.lock);
        if (list) {
            if (seg->out_last)
                seg->out_last->next = list;
            else
                seg->out = list;
            for (pnode *n = list; n; n = n->next)
                seg->out_last = n;
        }
        if (st && !s->status) {
            s->status = st;
            s->err = e;
        }
        pthread_cond_signal(&s->pool.ready);
        if (!c || st || failed) {
            avcodec_free_context(&seg->enc);
            seg->done = true;
            return true;
        }
    }
}

static void *worker_main(void *arg)
{
    pc_aac_segments *s = arg;
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

/* --- the producer --- */

/* With no worker thread: encodes what can be encoded now, in order.
 * Lock held. Returns whether anything was done. */
static bool work_inline(pc_aac_segments *s)
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

enum pump_until { PUMP_READY, PUMP_ROOM, PUMP_ALL };

/* Hands out the packets of the oldest segments in order; PUMP_ROOM waits
 * until the queued input is under budget, PUMP_ALL until every segment is
 * done. Lock held (dropped while emitting). */
static pcast_status pump(pc_aac_segments *s, enum pump_until until, pcast_error *err)
{
    for (;;) {
        if (s->status) {
            *err = s->err;
            return s->status;
        }
        segment *h = s->head;
        if (h && h->out) {
            pnode *list = h->out;
            h->out = h->out_last = NULL;
            pthread_mutex_unlock(&s->pool.lock);
            pcast_status st = PCAST_OK;
            uint64_t out_frames = 0;
            while (list) {
                pnode *n = list;
                list = n->next;
                out_frames += n->pkt->duration > 0 ? (uint64_t)n->pkt->duration : 0;
                if (!st)
                    st = s->emit(s->user, n->pkt, err);
                av_packet_free(&n->pkt);
                free(n);
            }
            pthread_mutex_lock(&s->pool.lock);
            s->pending_frames -= out_frames < s->pending_frames ? out_frames : s->pending_frames;
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
            s->head = h->next;
            if (!s->head)
                s->tail = NULL;
            free_segment(h);
            continue;
        }
        if (until == PUMP_READY || (until == PUMP_ROOM && s->pending_frames < s->budget_frames) ||
            (until == PUMP_ALL && !h))
            return PCAST_OK;
        if (s->pool.nthreads)
            pthread_cond_wait(&s->pool.ready, &s->pool.lock);
        else if (!work_inline(s))
            return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "AAC segments stalled");
    }
}

static segment *segment_new(int64_t first_frames, int64_t start_frames, int64_t input_frames)
{
    segment *seg = calloc(1, sizeof *seg);
    if (seg) {
        seg->first_frames = first_frames;
        seg->end_frames = INT64_MAX;
        seg->pts_frames = start_frames;
        seg->input_frames = input_frames;
    }
    return seg;
}

/* Appends seg to the queue. Lock held. */
static void queue_segment(pc_aac_segments *s, segment *seg)
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

/* Queues the gathered input on the filling segment, waiting for room;
 * next (not NULL): then ends that segment at next's first frame and
 * queues next, in the same locked step, so a worker never encodes input
 * past a cut without knowing the cut. next is queued or freed. */
static pcast_status push_stage(pc_aac_segments *s, segment *next, pcast_error *err)
{
    chunk *c = s->stage;
    s->stage = NULL;
    pthread_mutex_lock(&s->pool.lock);
    pcast_status st = pump(s, PUMP_ROOM, err);
    if (!st) {
        segment *t = s->tail;
        if (c) {
            if (t->in_last)
                t->in_last->next = c;
            else
                t->in = c;
            t->in_last = c;
            s->pending_frames += c->frames;
            c = NULL;
        }
        if (next) {
            t->end_frames = next->first_frames;
            t->closed = true;
            queue_segment(s, next);
            next = NULL;
        }
        pthread_cond_broadcast(&s->pool.work);
    }
    pthread_mutex_unlock(&s->pool.lock);
    free(c);
    free(next);
    return st;
}

/* Queues the gathered input but the last HOLD_FRAMES frames. */
static pcast_status push_held(pc_aac_segments *s, pcast_error *err)
{
    const size_t ch = s->p.channels;
    chunk *keep = malloc(sizeof *keep + (size_t)STAGE_FRAMES * ch * sizeof(int16_t));
    if (!keep)
        return pc_error_nomem(err);
    keep->next = NULL;
    keep->frames = HOLD_FRAMES;
    s->stage->frames -= HOLD_FRAMES;
    memcpy(keep->data, s->stage->data + s->stage->frames * ch, HOLD_FRAMES * ch * sizeof(int16_t));
    pcast_status st = push_stage(s, NULL, err);
    s->stage = keep;
    return st;
}

/* At the end of a zero run long enough: cuts AAC_MARGIN_BLOCKS blocks
 * back, when the segment is long enough. Depends on the samples only. */
static pcast_status maybe_cut(pc_aac_segments *s, pcast_error *err)
{
    const uint64_t margin = (uint64_t)AAC_MARGIN_BLOCKS * AAC_BLOCK_FRAMES;
    uint64_t cut = s->pos_frames - margin;
    if (s->zero_blocks < 2 * AAC_MARGIN_BLOCKS || cut - (uint64_t)s->tail->first_frames < s->min_frames)
        return PCAST_OK;
    segment *seg = segment_new((int64_t)cut, (int64_t)(cut - AAC_PREROLL_BLOCKS * AAC_BLOCK_FRAMES),
                               (int64_t)s->pos_frames);
    if (!seg)
        return pc_error_nomem(err);
    s->zero_blocks = 0;
    return push_stage(s, seg, err);
}

pcast_status pc_aac_segments_write(pc_aac_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err)
{
    const unsigned ch = s->p.channels;
    while (n) {
        if (!s->stage) {
            s->stage = malloc(sizeof *s->stage + (size_t)STAGE_FRAMES * ch * sizeof(int16_t));
            if (!s->stage)
                return pc_error_nomem(err);
            s->stage->next = NULL;
            s->stage->frames = 0;
        }
        size_t take = AAC_BLOCK_FRAMES - s->block_fill;
        if (take > STAGE_FRAMES - s->stage->frames)
            take = STAGE_FRAMES - s->stage->frames;
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
        if (s->stage->frames == STAGE_FRAMES)
            st = push_held(s, err);
        if (!st && s->block_fill == AAC_BLOCK_FRAMES) {
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

pcast_status pc_aac_segments_finish(pc_aac_segments *s, uint64_t *frames_out, pcast_error *err)
{
    *frames_out = s->pos_frames;
    pcast_status st = push_stage(s, NULL, err);
    if (st)
        return st;
    pthread_mutex_lock(&s->pool.lock);
    s->tail->closed = true;
    pthread_cond_broadcast(&s->pool.work);
    st = pump(s, PUMP_ALL, err);
    pthread_mutex_unlock(&s->pool.lock);
    return st;
}

pcast_status pc_aac_segments_new(pc_aac_segments **out, const pc_aac_params *p, unsigned threads,
                                 pc_aac_packet_fn emit, void *user, pcast_error *err)
{
    *out = NULL;
    pc_aac_segments *s = calloc(1, sizeof *s);
    segment *first = segment_new(0, 0, 0);
    if (!s || !first) {
        free(s);
        free(first);
        return pc_error_nomem(err);
    }
    s->p = *p;
    s->emit = emit;
    s->user = user;
    s->block_zero = true;
    s->min_frames = (uint64_t)AAC_MIN_SEGMENT_S * p->rate_hz;
    if (threads > AAC_MAX_THREADS)
        threads = AAC_MAX_THREADS;
    s->budget_frames = (uint64_t)(threads ? threads + 1 : 2) * s->min_frames;
    queue_segment(s, first);
    pc_pool_start(&s->pool, threads, worker_main, s);
    *out = s;
    return PCAST_OK;
}

void pc_aac_segments_free(pc_aac_segments *s)
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
