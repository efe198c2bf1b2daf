/* espeak_worker: what a speech worker process runs (engine_espeak.c
 * forks them through workers.h, one per voice): it loads its voice once,
 * saves espeak-ng's state (espeak_state.h) and puts it back before every
 * clip, and answers each clip with its samples, espeak-ng's own silence
 * around them trimmed to 5 ms a side (the plan's pauses decide the gaps).
 * All of it runs in the worker: it touches espeak-ng's global state. */
#ifndef POSTCAST_ESPEAK_WORKER_H
#define POSTCAST_ESPEAK_WORKER_H

#include "buf.h"
#include "engine.h"

#include <stdbool.h>
#include <stddef.h>

#define PC_ESPEAK_VOLUME 60 /* headroom: at 100 espeak-ng clips; the mix restores level */
#define PC_ESPEAK_EXIT_NO_VOICE 3 /* a worker's status: its voice does not load */
#define PC_ESPEAK_EXIT_SYNTH 4    /* ... espeak-ng refused the text, or out of memory */

/* A worker's voice (a language + variant), and the engine's rate. */
typedef struct pc_espeak_voice_key {
    char language[32];
    char variant[64];
    bool no_variant;  /* the settings had variant NULL */
    unsigned rate_hz; /* espeak-ng's output rate (the same for every key) */
} pc_espeak_voice_key;

/* Loads the voice of one clip: language with s's variant (an unknown
 * language falls back to its primary subtag, then English), then s's
 * rate (for Mandarin, from s->syllables_per_second when set), pitch and
 * range. False when no voice loads (espeak-ng keeps what it had). */
bool pc_espeak_child_voice(const pcast_voice_settings *s, const char *language);

/* workers.h's setup for a pc_espeak_voice_key (arg, the worker's own
 * copy): loads the voice and saves espeak-ng's state; 0, or
 * PC_ESPEAK_EXIT_NO_VOICE. */
int pc_espeak_worker_setup(void *arg);

/* workers.h's serve: the payload is a pcast_voice_settings (its variant
 * pointer replaced by the key's) followed by the text; appends the
 * clip's samples (mono int16 at the key's rate, trimmed) to out and
 * returns 0 or a PC_ESPEAK_EXIT_* status. *last is set when the worker
 * must hand over (no saved state, out of memory, its heap past a bound);
 * on a failure out holds what was spoken so far. */
int pc_espeak_worker_serve(const char *payload, size_t len, pc_buf *out, bool *last, void *arg);

#endif
