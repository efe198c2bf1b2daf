/* runner: clips through the engine, up to `jobs` at once, in order.
 *
 * Every text is cleaned (pc_speech_clean) right before the engine, so no
 * control character of any origin reaches it. A clip the engine fails
 * on costs that clip only: it is tried again as it is (a worker may die
 * for reasons of its own), then with its long words cut into pieces
 * (espeak-ng 1.51 overflows its stack on some), and then skipped with a
 * warning naming its source line. When no worker can be made (a process
 * or file limit), fewer run at once. With a reading front end, the
 * cleaned text goes through it (numbers in words, Mandarin as pinyin) and
 * the engine and the cache key get what it hands over. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_JOBS 64
#define SAFE_WORD_BYTES 24      /* espeak-ng 1.51 speaks words this long */
#define BUSY_WAIT_MS 50
#define BUSY_GIVE_UP 200        /* 10 s with no worker at all */
#define SINK_FD_HEADROOM 256    /* descriptors left for workers (2 each) and the rest */

typedef struct slot {
    pc_engine_job job;
    char key[33];
    bool cached;      /* samples came from the cache */
    bool mapped;      /* pcm is a mapping of the cache (pc_cache_release) */
    bool no_sink;     /* the engine hands the samples over in memory */
    pc_cache_slot sink; /* the cache entry the engine writes into, if open */
    bool pending;     /* to be started again (the engine was busy) */
    int attempt;      /* 0: as it is, 1: once more, 2: in safe pieces */
    pc_clip_src src;
    pc_buf text;      /* what the engine speaks: src.text, cleaned */
    pc_buf alt;
    int16_t *pcm;
    size_t frames;
} slot;

typedef struct run {
    const pc_runner *r;
    slot *win;
    size_t n;         /* clips in the stream */
    size_t wsize, jobs, started, done;
    pc_engine_job *live;
    size_t *live_at;
    unsigned busy_waits;
    bool sinks;       /* the engine may write clips into their cache entries */
} run;

static bool cancelled(const pc_runner *r) { return r->cancel && *r->cancel; }

static void warn(const pc_runner *r, const slot *s, const char *fmt, const char *why)
{
    char msg[768];
    int n = s && s->src.calibration
                ? snprintf(msg, sizeof msg, "measuring the level of the voice first heard here: ")
                : 0;
    snprintf(msg + n, sizeof msg - (size_t)n, fmt, why);
    if (r->warn)
        r->warn(r->user, s ? &s->src : NULL, msg);
}

/* (Re)starts s's engine job on s->text; a busy engine leaves s pending.
 * With a cache the engine may write the samples straight into the
 * clip's new entry (a temporary file until slot_finish commits it):
 * no copy through memory on the way there. */
static pcast_status slot_speak(const pc_runner *r, slot *s, pcast_error *err)
{
    memset(&s->job, 0, sizeof s->job);
    s->job.fd = -1;
    pcast_error e;
    pcast_status st;
    if (r->cache && r->engine->start_into && !s->no_sink &&
        (s->sink.open || pc_cache_slot_open(r->cache, s->key, &s->sink)))
        st = r->engine->start_into(&s->job, &s->src.settings, s->src.tag, s->text.data,
                                   s->sink.fd, PC_CACHE_SAMPLES_OFFSET, &e);
    else
        st = r->engine->start(&s->job, &s->src.settings, s->src.tag, s->text.data, &e);
    s->pending = st && s->job.busy;
    if (s->pending)
        return PCAST_OK;
    if (st && err)
        *err = e;
    return st;
}

static pcast_status slot_start(const pc_runner *r, slot *s, size_t i, pcast_error *err)
{
    memset(&s->src, 0, sizeof s->src);
    r->get(r->user, i, &s->src);
    s->cached = false;
    s->mapped = false;
    s->attempt = 0;
    s->pcm = NULL;
    s->frames = 0;
    memset(&s->job, 0, sizeof s->job);
    s->job.fd = -1;
    if (!pc_speech_clean(s->src.text, &s->text))
        return pc_error_nomem(err);
    char key_tag[96];
    snprintf(key_tag, sizeof key_tag, "%s", s->src.tag);
    if (r->reading) {
        /* the key holds what the engine reads, so a changed reading (rules
         * or lexicon) re-speaks the clips it changes and nothing else */
        pc_buf_clear(&s->alt);
        pcast_status st = pc_reading_apply(r->reading, s->src.tag, s->text.data, s->text.len, &s->alt, err);
        if (st)
            return st;
        pc_buf t = s->text;
        s->text = s->alt;
        s->alt = t;
        if (!s->text.data && !pc_buf_puts(&s->text, ""))
            return pc_error_nomem(err);
        snprintf(key_tag, sizeof key_tag, "%s|%s", s->src.tag, PC_READING_VERSION);
    }
    if (r->cache) {
        pc_clip_key(r->engine, r->rate_hz, &s->src.settings, key_tag, s->text.data, s->key);
        if (pc_cache_get(r->cache, s->key, &s->pcm, &s->frames)) {
            s->cached = true;
            return PCAST_OK;
        }
    }
    return slot_speak(r, s, err);
}

/* The engine failed on s (why): the next attempt, or false when there is
 * none left. */
static bool slot_next_attempt(const pc_runner *r, slot *s, const char *why, pcast_error *err,
                              pcast_status *st)
{
    if (s->attempt == 0) {
        s->attempt = 1;
    } else if (s->attempt == 1) {
        if (!pc_speech_safe_pieces(s->text.data, SAFE_WORD_BYTES, &s->alt)) {
            *st = pc_error_nomem(err);
            return true;
        }
        if (!strcmp(s->alt.data, s->text.data))
            return false; /* no long words: pieces would fail the same */
        pc_buf t = s->text;
        s->text = s->alt;
        s->alt = t;
        s->attempt = 2;
        warn(r, s, "the speech engine failed on this text twice (%s); trying it with its long "
                   "words cut", why);
    } else {
        return false;
    }
    *st = slot_speak(r, s, err);
    return true;
}

/* Finishes the head slot's job: its samples, or another attempt (*retry),
 * or (all attempts spent) silence and a warning. */
static pcast_status slot_finish(const pc_runner *r, slot *s, bool *retry, pcast_error *err)
{
    pcast_error e;
    *retry = false;
    pcast_status st = r->engine->finish(&s->job, &s->pcm, &s->frames, &e);
    if (!st && s->job.sank) {
        if (!pc_cache_slot_commit(r->cache, s->key, &s->sink, s->frames, &s->pcm)) {
            s->no_sink = true; /* its samples cannot be had: spoken again, in memory */
            *retry = true;
            return slot_speak(r, s, err);
        }
        s->mapped = true;
    } else if (!st) {
        pc_cache_slot_drop(&s->sink); /* the engine kept its samples in memory */
    }
    if (!st) {
        if (s->attempt == 2)
            warn(r, s, "%s", "spoken with its long words cut");
        return r->cache && !s->mapped ? pc_cache_put(r->cache, s->key, s->pcm, s->frames, err)
                                      : PCAST_OK;
    }
    if (!s->job.killed)
        return pc_error_set(err, st, s->src.file, s->src.line, 0, "%s", e.message);
    if (slot_next_attempt(r, s, e.message, err, &st)) {
        *retry = !st;
        return st;
    }
    pc_cache_slot_drop(&s->sink);
    warn(r, s, "the speech engine could not speak this text (%s); skipped", e.message);
    s->pcm = NULL;
    s->frames = 0;
    return PCAST_OK;
}

static size_t running(const run *w)
{
    size_t k = 0;
    for (size_t i = w->done; i < w->started; i++)
        k += !w->win[i % w->wsize].cached && w->win[i % w->wsize].job.running;
    return k;
}

/* No worker could be made: run fewer at once, or wait for one. */
static pcast_status busy(run *w, const slot *s, pcast_error *err)
{
    size_t now_running = running(w);
    if (now_running) {
        if (now_running < w->jobs) {
            char why[96];
            snprintf(why, sizeof why, "%zu", now_running);
            warn(w->r, NULL, "no more speech workers can be started; going on with %s at once",
                 why);
            w->jobs = now_running;
        }
        return PCAST_OK;
    }
    if (++w->busy_waits > BUSY_GIVE_UP)
        return pc_error_set(err, PCAST_ERR_SYNTH, s->src.file, s->src.line, 0,
                            "cannot start a speech worker (out of processes or files)");
    struct timespec ts = {0, BUSY_WAIT_MS * 1000000L};
    nanosleep(&ts, NULL);
    return PCAST_OK;
}

/* Whether clips may be written into their cache entries by the engine
 * (each such clip holds two descriptors from its start until it is
 * handed over) with a window of wsize clips: only when the descriptor
 * limit leaves room for them and the workers (which need theirs too),
 * so a tight limit costs no parallelism. */
static bool sink_fds(size_t wsize)
{
    struct rlimit l;
    return getrlimit(RLIMIT_NOFILE, &l) == 0 &&
           (l.rlim_cur == RLIM_INFINITY || l.rlim_cur >= SINK_FD_HEADROOM + 2 * (rlim_t)wsize);
}

/* Starts clips while there is room; a busy engine ends the round. */
static pcast_status start_more(run *w, pcast_error *err)
{
    size_t now_running = running(w);
    while (w->started < w->n && w->started - w->done < w->wsize && now_running < w->jobs) {
        slot *s = &w->win[w->started % w->wsize];
        s->no_sink = !w->sinks;
        pcast_status st = slot_start(w->r, s, w->started, err);
        if (st)
            return st;
        if (s->pending)
            return busy(w, s, err);
        w->busy_waits = 0;
        now_running += !s->cached;
        w->started++;
    }
    return PCAST_OK;
}

/* Moves the running jobs of the window along (the engine pumps arrays),
 * waiting up to timeout_ms for one of them. */
static void pump(run *w, int timeout_ms)
{
    size_t k = 0;
    for (size_t i = w->done; i < w->started; i++)
        if (!w->win[i % w->wsize].cached && w->win[i % w->wsize].job.running) {
            w->live_at[k] = i % w->wsize;
            w->live[k++] = w->win[i % w->wsize].job;
        }
    if (k)
        w->r->engine->pump(w->live, k, timeout_ms);
    for (size_t m = 0; m < k; m++)
        w->win[w->live_at[m]].job = w->live[m];
}

/* Hands over the finished clips at the head of the window, in order. */
static pcast_status drain_head(run *w, pcast_error *err)
{
    const pc_runner *r = w->r;
    pcast_status st = PCAST_OK;
    while (w->done < w->started && !st) {
        slot *s = &w->win[w->done % w->wsize];
        if (!s->cached) {
            if (s->job.running || s->pending)
                break;
            bool retry;
            st = slot_finish(r, s, &retry, err);
            if (retry || (!st && s->pending))
                break; /* wait for the next attempt */
        }
        if (!st)
            st = r->done(r->user, w->done, s->pcm, s->frames, err);
        if (s->cached || s->mapped)
            pc_cache_release(s->pcm, s->frames); /* a cache entry's samples are mapped */
        else
            free(s->pcm);
        s->pcm = NULL;
        s->cached = s->mapped = false;
        if (!st)
            w->done++;
        /* handing over can take a while (mixing, the encoder catching
         * up): workers that answered meanwhile get their next clips */
        if (!st && w->done < w->started) {
            pump(w, 0);
            st = start_more(w, err);
        }
    }
    return st;
}

/* The head slot waits to be started again: try, or wait for room. */
static pcast_status restart_head(run *w, slot *head, pcast_error *err)
{
    pcast_status st = slot_speak(w->r, head, err);
    if (st || !head->pending) {
        w->busy_waits = 0;
        return st;
    }
    return busy(w, head, err);
}

pcast_status pc_run_clips(const pc_runner *r, size_t n, pcast_error *err)
{
    /* `jobs` clips are spoken at once; finished clips wait in a window
     * up to 4x that for the one ahead of them, so a long clip at the
     * head does not leave a core idle */
    run w = {.r = r, .n = n};
    w.jobs = r->jobs < 1 ? 1 : r->jobs > MAX_JOBS ? MAX_JOBS : r->jobs;
    w.wsize = w.jobs * 4;
    w.win = calloc(w.wsize, sizeof *w.win);
    w.live = calloc(w.wsize, sizeof *w.live);
    w.live_at = calloc(w.wsize, sizeof *w.live_at);
    pcast_status st = w.win && w.live && w.live_at ? PCAST_OK : pc_error_nomem(err);
    w.sinks = sink_fds(w.wsize);
    while (!st && w.done < n) {
        if ((st = start_more(&w, err)))
            break;
        if (cancelled(r)) {
            st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            break;
        }
        slot *head = &w.win[w.done % w.wsize];
        if (w.done < w.started && head->pending && (st = restart_head(&w, head, err)))
            break;
        if (w.done < w.started && !head->cached && (head->job.running || head->pending)) {
            pump(&w, 100);
            /* a worker that has answered gets its next clip before the
             * answers are mixed (and the encoder perhaps waited for):
             * it speaks while this process mixes */
            if ((st = start_more(&w, err)))
                break;
        }
        st = drain_head(&w, err);
    }
    for (size_t i = w.done; w.win && i < w.started; i++) {
        slot *s = &w.win[i % w.wsize];
        r->engine->cancel(&s->job);
        pc_cache_slot_drop(&s->sink);
        if (s->cached || s->mapped)
            pc_cache_release(s->pcm, s->frames);
        else
            free(s->pcm);
    }
    for (size_t i = 0; w.win && i < w.wsize; i++) {
        pc_buf_free(&w.win[i].text);
        pc_buf_free(&w.win[i].alt);
    }
    free(w.win);
    free(w.live);
    free(w.live_at);
    return st;
}
