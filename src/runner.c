/* runner: clips through the engine, up to `jobs` at once, in order. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS 64

typedef struct slot {
    pc_engine_job job;
    char key[33];
    bool cached;      /* samples came from the cache */
    bool retried;
    int16_t *pcm;
    size_t frames;
} slot;

static pcast_status slot_start(const pc_runner *r, slot *s, size_t i, pcast_error *err)
{
    pc_clip_src c;
    r->get(r->user, i, &c);
    s->cached = false;
    s->pcm = NULL;
    s->frames = 0;
    memset(&s->job, 0, sizeof s->job);
    s->job.fd = -1;
    if (r->cache) {
        pc_clip_key(r->engine, r->rate_hz, &c.settings, c.tag, c.text, s->key);
        if (pc_cache_get(r->cache, s->key, &s->pcm, &s->frames)) {
            s->cached = true;
            return PCAST_OK;
        }
    }
    return r->engine->start(&s->job, &c.settings, c.tag, c.text, err);
}

static bool cancelled(const pc_runner *r) { return r->cancel && *r->cancel; }

/* Moves the running jobs of the window along (the engine pumps arrays). */
static void pump(const pc_runner *r, slot *win, size_t wsize, size_t done, size_t started,
                 pc_engine_job *live, size_t *live_at)
{
    size_t k = 0;
    for (size_t i = done; i < started; i++)
        if (!win[i % wsize].cached && win[i % wsize].job.running) {
            live_at[k] = i % wsize;
            live[k++] = win[i % wsize].job;
        }
    r->engine->pump(live, k, 100);
    for (size_t m = 0; m < k; m++)
        win[live_at[m]].job = live[m];
}

/* Hands over the finished clips at the head of the window, in order;
 * *done advances past them. A killed worker's clip starts once more. */
static pcast_status drain_head(const pc_runner *r, slot *win, size_t wsize, size_t *done,
                               size_t started, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    while (*done < started && !st) {
        slot *s = &win[*done % wsize];
        if (!s->cached) {
            if (s->job.running)
                break;
            st = r->engine->finish(&s->job, &s->pcm, &s->frames, err);
            if (st && s->job.killed && !s->retried) {
                s->retried = true;
                return slot_start(r, s, *done, err); /* wait for the retry */
            }
            if (st && s->job.killed) {
                char why[sizeof err->message];
                snprintf(why, sizeof why, "%s", err ? err->message : "signal");
                st = pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                  "a speech worker was killed twice on the same clip (%s); "
                                  "giving up", why);
            }
            if (!st && r->cache)
                st = pc_cache_put(r->cache, s->key, s->pcm, s->frames, err);
        }
        if (!st)
            st = r->done(r->user, *done, s->pcm, s->frames, err);
        free(s->pcm);
        s->pcm = NULL;
        s->cached = false;
        if (!st)
            (*done)++;
    }
    return st;
}

pcast_status pc_run_clips(const pc_runner *r, size_t n, pcast_error *err)
{
    /* `jobs` clips are spoken at once; finished clips wait in a window
     * up to 4x that for the one ahead of them, so a long clip at the
     * head does not leave a core idle */
    size_t jobs = r->jobs < 1 ? 1 : r->jobs > MAX_JOBS ? MAX_JOBS : r->jobs;
    size_t wsize = jobs * 4;
    slot *win = calloc(wsize, sizeof *win);
    pc_engine_job *live = calloc(wsize, sizeof *live);
    size_t *live_at = calloc(wsize, sizeof *live_at);
    if (!win || !live || !live_at) {
        free(win);
        free(live);
        free(live_at);
        return pc_error_nomem(err);
    }
    size_t started = 0, done = 0;
    pcast_status st = PCAST_OK;
    while (done < n && !st) {
        size_t running = 0;
        for (size_t i = done; i < started; i++)
            running += !win[i % wsize].cached && win[i % wsize].job.running;
        while (started < n && started - done < wsize && running < jobs && !st) {
            slot *s = &win[started % wsize];
            s->retried = false;
            if (!(st = slot_start(r, s, started, err))) {
                running += !s->cached;
                started++;
            }
        }
        if (st)
            break;
        if (cancelled(r)) {
            st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            break;
        }
        slot *head = &win[done % wsize];
        if (!head->cached && head->job.running)
            pump(r, win, wsize, done, started, live, live_at);
        st = drain_head(r, win, wsize, &done, started, err);
    }
    for (size_t i = done; i < started; i++) {
        r->engine->cancel(&win[i % wsize].job);
        free(win[i % wsize].pcm);
    }
    free(win);
    free(live);
    free(live_at);
    return st;
}
