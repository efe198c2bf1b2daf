/* runner: speaks a stream of clips through an engine, several at once,
 * through the clip cache, and hands them over in order. */
#ifndef POSTCAST_RUNNER_H
#define POSTCAST_RUNNER_H

#include "engine.h"
#include "reading.h"

/* What to speak: the i-th clip of the stream. text and tag are borrowed
 * and must live until the run ends. */
typedef struct pc_clip_src {
    pcast_voice_settings settings;
    const char *tag;   /* language tag ("en", "zh", ...) */
    const char *text;  /* as written: the runner cleans it */
    const char *file;  /* where it comes from, for messages (or NULL) */
    unsigned long line;
    bool calibration;  /* a voice's level passage (at its first clip's line) */
} pc_clip_src;

typedef struct pc_runner {
    const pc_engine_ops *engine; /* opened */
    unsigned rate_hz;            /* the engine's */
    pc_cache *cache;             /* or NULL */
    size_t jobs;                 /* clips spoken at once (1..64) */
    /* The reading front end (reading.h) every cleaned text goes through
     * before the engine and the cache key, or NULL (the text as written).
     * Borrowed. */
    pc_reading *reading;
    volatile const int *cancel;  /* non-zero: stop with PCAST_ERR_INTERRUPTED */
    /* the i-th clip to speak */
    void (*get)(void *user, size_t i, pc_clip_src *out);
    /* the i-th clip's samples (mono int16 at rate_hz; NULL when silent),
     * called in order 0..n-1; pcm is borrowed for the call */
    pcast_status (*done)(void *user, size_t i, const int16_t *pcm, size_t frames,
                         pcast_error *err);
    /* something worked around (clip: the clip concerned, or NULL); may
     * be NULL */
    void (*warn)(void *user, const pc_clip_src *clip, const char *message);
    void *user;
} pc_runner;

/* Speaks clips 0..n-1 and hands each to r->done in order. A clip the
 * engine fails on is tried again, then in safe pieces, then skipped
 * (silent) with a warning; when no worker can be started, fewer run at
 * once. Stops at the first other failure (the engine's, the cache's or
 * r->done's), which err describes with the clip's FILE:LINE; nothing is
 * left running. */
pcast_status pc_run_clips(const pc_runner *r, size_t n, pcast_error *err);

#endif
