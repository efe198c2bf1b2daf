/* segments: the ordered-segments engine (see segments.h). One lock
 * guards the queue: the segments in order, each with its input chunks
 * not yet encoded and its batches not yet handed out. Only the caller's
 * thread (the producer) cuts, queues and emits; a segment's encoder is
 * opened, fed and closed on the one thread that took the segment. */
#include "segments.h"

#include "buf.h"
#include "encoder_thread.h"
#include "error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_FRAMES 16384 /* input is queued in chunks of this many frames */

typedef struct chunk {
    struct chunk *next;
    size_t frames;
    int16_t data[]; /* stage_frames x channels */
} chunk;

typedef struct bnode {
    struct bnode *next;
    void *batch;
    uint64_t frames; /* input frames it accounts for in the budget */
} bnode;

typedef struct segment {
    struct segment *next;
    pc_seg_range range;     /* end_frames set by the producer at the cut */
    chunk *in, *in_last;    /* input not yet encoded */
    bnode *out, *out_last;  /* batches not yet handed out */
    uint64_t owed_frames;   /* encoded, in no batch yet */
    void *enc;              /* its encoder, while encoding */
    bool closed;            /* no more input comes */
    bool done;              /* its encoder is closed */
} segment;

struct pc_segments {
    pc_seg_config c;
    pc_pool pool;             /* work: a segment or input came, or stop;
                                 ready: output, a segment done */
    segment *head, *tail;     /* head: oldest not handed out; tail: filling */
    segment *unassigned;      /* oldest segment no encoder has taken */
    uint64_t pending_frames;  /* taken, not yet handed out */
    uint64_t budget_frames;
    pcast_status status;      /* an encoder's or emit's first failure */
    pcast_error err;
    /* the producer's own */
    chunk *stage;             /* input gathered for tail, the last hold_frames held */
    size_t stage_frames;      /* a stage's room */
    uint64_t pos_frames;      /* frames taken */
    uint64_t tail_first_frames; /* the filling segment's first_frames */
    unsigned block_fill;      /* frames into the current grid block */
    bool block_zero;          /* every sample of it so far is 0 */
    unsigned zero_blocks;     /* whole zero blocks just before it */
    size_t cuts;
};

/* Frees seg with its queued input, its batches and its encoder. */
static void free_segment(const pc_segments *s, segment *seg)
{
    while (seg->in) {
        chunk *c = seg->in;
        seg->in = c->next;
        free(c);
    }
    while (seg->out) {
        bnode *n = seg->out;
        seg->out = n->next;
        s->c.ops->discard(s->c.user, n->batch);
        free(n);
    }
    s->c.ops->close(s->c.user, seg->enc);
    free(seg);
}

/* Records the first failure. Lock held. */
static void fail(pc_segments *s, pcast_status st, const pcast_error *err)
{
    if (st && !s->status) {
        s->status = st;
        s->err = *err;
    }
}

/* --- a segment's encoder --- */

/* Encodes c (NULL: the end) on seg's encoder, opening it first; *batch:
 * the output, or NULL. Without the lock. */
static pcast_status seg_encode(pc_segments *s, segment *seg, const pc_seg_range *r, const chunk *c,
                               void **batch, pcast_error *err)
{
    const pc_seg_ops *ops = s->c.ops;
    *batch = NULL;
    if (!seg->enc) {
        pcast_status st = ops->open(s->c.user, r, &seg->enc, err);
        if (st)
            return st;
    }
    return ops->encode(s->c.user, seg->enc, r, c ? c->data : NULL, c ? c->frames : 0, batch, err);
}

/* Runs seg's encoder on its queued input; called and returning with the
 * lock held, dropping it while encoding. blocking: waits for more input
 * until the segment is closed; otherwise returns when the queue is
 * empty. Returns true once the segment is done (its encoder closed). */
static bool seg_run(pc_segments *s, segment *seg, bool blocking)
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
        pc_seg_range r = seg->range; /* end_frames is set with the input past it */
        pthread_mutex_unlock(&s->pool.lock);
        void *batch = NULL;
        bnode *node = NULL;
        pcast_error e;
        pcast_status st = failed ? PCAST_OK : seg_encode(s, seg, &r, c, &batch, &e);
        if (batch && !(node = malloc(sizeof *node))) {
            s->c.ops->discard(s->c.user, batch);
            st = pc_error_nomem(&e);
        }
        uint64_t frames = c ? c->frames : 0;
        free(c);
        pthread_mutex_lock(&s->pool.lock);
        seg->owed_frames += frames;
        if (node) {
            *node = (bnode){NULL, batch, seg->owed_frames};
            seg->owed_frames = 0;
            if (seg->out_last)
                seg->out_last->next = node;
            else
                seg->out = node;
            seg->out_last = node;
        }
        fail(s, st, &e);
        pthread_cond_signal(&s->pool.ready);
        if (!c || st || failed) {
            s->c.ops->close(s->c.user, seg->enc);
            seg->enc = NULL;
            seg->done = true;
            return true;
        }
    }
}

/* A worker thread: takes the oldest segment nobody has, until stop. */
static void *worker_main(void *arg)
{
    pc_segments *s = arg;
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
static bool work_inline(pc_segments *s)
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

/* Hands out list's batches in order (after a failure: discards them);
 * returns the first failure, *frames the frames they account for.
 * Without the lock. */
static pcast_status emit_list(pc_segments *s, bnode *list, uint64_t *frames, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    *frames = 0;
    while (list) {
        bnode *n = list;
        list = n->next;
        *frames += n->frames;
        if (!st)
            st = s->c.ops->emit(s->c.user, n->batch, err);
        else
            s->c.ops->discard(s->c.user, n->batch);
        free(n);
    }
    return st;
}

enum pump_until { PUMP_READY, PUMP_ROOM, PUMP_ALL };

/* Hands out the oldest segments' batches in order; PUMP_ROOM waits until
 * the frames not handed out are under budget, PUMP_ALL until every
 * segment is done. Lock held (dropped while emitting). */
static pcast_status pump(pc_segments *s, enum pump_until until, pcast_error *err)
{
    for (;;) {
        if (s->status) {
            *err = s->err;
            return s->status;
        }
        segment *h = s->head;
        if (h && h->out) {
            bnode *list = h->out;
            h->out = h->out_last = NULL;
            pthread_mutex_unlock(&s->pool.lock);
            uint64_t frames;
            pcast_status st = emit_list(s, list, &frames, err);
            pthread_mutex_lock(&s->pool.lock);
            s->pending_frames -= frames;
            if (st) {
                fail(s, st, err);
                return st;
            }
            continue;
        }
        if (h && h->done) {
            s->pending_frames -= h->owed_frames;
            s->head = h->next;
            if (!s->head)
                s->tail = NULL;
            free_segment(s, h);
            continue;
        }
        if (until == PUMP_READY || (until == PUMP_ROOM && s->pending_frames < s->budget_frames) ||
            (until == PUMP_ALL && !h))
            return PCAST_OK;
        if (s->pool.nthreads)
            pthread_cond_wait(&s->pool.ready, &s->pool.lock);
        else if (!work_inline(s))
            return pc_error_set(err, PCAST_ERR_IO, s->c.name, 0, 0, "%s segments stalled",
                                s->c.kind);
    }
}

/* A segment from first_frames, its input from input_frames; NULL on
 * ENOMEM. */
static segment *segment_new(uint64_t first_frames, uint64_t input_frames)
{
    segment *seg = calloc(1, sizeof *seg);
    if (seg)
        seg->range = (pc_seg_range){first_frames, input_frames, PC_SEG_OPEN_END};
    return seg;
}

/* Appends seg to the queue. Lock held. */
static void queue_segment(pc_segments *s, segment *seg)
{
    if (s->tail)
        s->tail->next = seg;
    else
        s->head = seg;
    s->tail = seg;
    if (!s->unassigned)
        s->unassigned = seg;
}

/* Queues c (may be NULL or empty) on the filling segment, waiting for
 * room; next (not NULL): then closes that segment at next's first frame
 * and queues next, in the same locked step, so an encoder never takes
 * input past a cut without knowing the cut. c and next are queued or
 * freed. */
static pcast_status push(pc_segments *s, chunk *c, segment *next, pcast_error *err)
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
            t->range.end_frames = next->range.first_frames;
            t->closed = true;
            queue_segment(s, next);
            next = NULL;
        }
        pthread_cond_broadcast(&s->pool.work);
    }
    pthread_mutex_unlock(&s->pool.lock);
    free(c);
    if (next)
        free_segment(s, next);
    return st;
}

/* An empty chunk with a stage's room (the caller's to free); NULL on
 * ENOMEM. */
static chunk *chunk_new(const pc_segments *s)
{
    chunk *c = malloc(sizeof *c + s->stage_frames * s->c.channels * sizeof(int16_t));
    if (c)
        *c = (chunk){NULL, 0};
    return c;
}

/* Moves the stage's frames from `from` on into a new stage; the stage
 * keeps the `keep` frames before them and is queued (with next, as
 * push). next is queued or freed. */
static pcast_status split_stage(pc_segments *s, size_t keep, size_t from, segment *next,
                                pcast_error *err)
{
    const size_t ch = s->c.channels;
    chunk *rest = chunk_new(s), *c = s->stage;
    if (!rest) {
        if (next)
            free_segment(s, next);
        return pc_error_nomem(err);
    }
    rest->frames = c->frames - from;
    memcpy(rest->data, c->data + from * ch, rest->frames * ch * sizeof(int16_t));
    c->frames = keep;
    s->stage = rest;
    return push(s, c, next, err);
}

/* At the end of a grid block: a cut where the codec asks for one. */
static pcast_status maybe_cut(pc_segments *s, pcast_error *err)
{
    pc_seg_cut cut;
    uint64_t first = s->tail_first_frames;
    if (!s->c.ops->cut(s->c.user, s->pos_frames, s->zero_blocks, first, &cut))
        return PCAST_OK;
    uint64_t stage_start = s->pos_frames - s->stage->frames;
    if (cut.at_frames <= first || cut.old_end_frames < stage_start ||
        cut.old_end_frames > s->pos_frames || cut.new_input_frames < stage_start ||
        cut.new_input_frames > s->pos_frames)
        return pc_error_set(err, PCAST_ERR_IO, s->c.name, 0, 0, "%s: a cut outside the held input",
                            s->c.kind);
    segment *next = segment_new(cut.at_frames, cut.new_input_frames);
    if (!next)
        return pc_error_nomem(err);
    s->tail_first_frames = cut.at_frames;
    s->zero_blocks = 0;
    s->cuts++;
    return split_stage(s, (size_t)(cut.old_end_frames - stage_start),
                       (size_t)(cut.new_input_frames - stage_start), next, err);
}

pcast_status pc_segments_write(pc_segments *s, const int16_t *frames, size_t n, pcast_error *err)
{
    const unsigned ch = s->c.channels, grid = s->c.grid_frames;
    const size_t hold = s->c.hold_frames;
    while (n) {
        size_t take = grid - s->block_fill;
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
            st = split_stage(s, s->stage_frames - hold, s->stage_frames - hold, NULL, err);
        if (!st && s->block_fill == grid) {
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

pcast_status pc_segments_finish(pc_segments *s, pcast_error *err)
{
    chunk *c = s->stage;
    s->stage = NULL;
    pcast_status st = push(s, c, NULL, err);
    if (st)
        return st;
    pthread_mutex_lock(&s->pool.lock);
    s->tail->closed = true;
    pthread_cond_broadcast(&s->pool.work);
    st = pump(s, PUMP_ALL, err);
    pthread_mutex_unlock(&s->pool.lock);
    return st;
}

uint64_t pc_segments_frames(const pc_segments *s)
{
    return s->pos_frames;
}

size_t pc_segments_cuts(const pc_segments *s)
{
    return s->cuts;
}

pcast_status pc_segments_new(pc_segments **out, const pc_seg_config *c, unsigned threads,
                             pcast_error *err)
{
    *out = NULL;
    pc_segments *s = calloc(1, sizeof *s);
    segment *first = segment_new(0, 0);
    size_t stage_frames, stage_bytes;
    if (!s || !first || !c->grid_frames ||
        !pc_size_add(CHUNK_FRAMES, c->hold_frames, &stage_frames) ||
        !pc_size_mul(stage_frames, c->channels * sizeof(int16_t), &stage_bytes)) {
        free(s);
        free(first);
        return pc_error_nomem(err);
    }
    s->c = *c;
    s->stage_frames = stage_frames;
    s->block_zero = true;
    s->stage = chunk_new(s);
    if (!s->stage) {
        free(s);
        free(first);
        return pc_error_nomem(err);
    }
    if (threads > PC_POOL_MAX_THREADS)
        threads = PC_POOL_MAX_THREADS;
    s->budget_frames = (uint64_t)(threads ? threads + 1 : 2) * c->min_segment_frames;
    queue_segment(s, first);
    pc_pool_start(&s->pool, threads, worker_main, s);
    *out = s;
    return PCAST_OK;
}

void pc_segments_free(pc_segments *s)
{
    if (!s)
        return;
    pc_pool_stop(&s->pool);
    while (s->head) {
        segment *seg = s->head;
        s->head = seg->next;
        free_segment(s, seg);
    }
    free(s->stage);
    free(s);
}
