/* espeak_worker: a speech worker's side (see espeak_worker.h). */
#define _GNU_SOURCE
#include "espeak_worker.h"
#include "espeak_prosody.h"
#include "espeak_state.h"

#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A worker whose heap grew this much since its start (espeak-ng leaks a
 * translator per utterance that switches language) hands over to a new
 * one. */
#define WORKER_HEAP_GROWTH_BYTES ((size_t)64 << 20)
#define SILENT_BELOW 64 /* |sample| under this is espeak-ng's silence */

static unsigned worker_rate_hz; /* the worker's key's */

/* 5 ms of espeak-ng's silence stay on each side of a clip */
static size_t keep_frames(void) { return worker_rate_hz / 200; }

/* The voice set_voice last loaded in this process: a worker finds its
 * voice loaded and does not load it again. */
static char voice_loaded[128];

static bool set_voice(const char *language, const char *variant)
{
    char name[128];
    snprintf(name, sizeof name, "%s+%s", language, variant);
    if (!strcmp(name, voice_loaded))
        return true;
    voice_loaded[0] = '\0';
    if (espeak_SetVoiceByName(name) != EE_OK)
        return false;
    memcpy(voice_loaded, name, sizeof name);
    return true;
}

/* language's voice with variant; an unknown language falls back to its
 * primary subtag, then English. False when none of them loads. */
static bool load_voice(const char *language, const char *variant)
{
    if (set_voice(language, variant))
        return true;
    char primary[32];
    size_t n = strcspn(language, "-");
    snprintf(primary, sizeof primary, "%.*s", (int)(n < 31 ? n : 31), language);
    return set_voice(primary, variant) || set_voice("en-us", variant);
}

bool pc_espeak_child_voice(const pcast_voice_settings *s, const char *language)
{
    if (!load_voice(language, s->variant))
        return false;
    bool mandarin = !strncmp(language, "cmn", 3) && s->syllables_per_second > 0;
    espeak_SetParameter(espeakRATE, mandarin ? pc_espeak_mandarin_rate(s->syllables_per_second) : s->rate, 0);
    espeak_SetParameter(espeakPITCH, s->pitch, 0);
    espeak_SetParameter(espeakRANGE, s->range, 0);
    espeak_SetParameter(espeakVOLUME, PC_ESPEAK_VOLUME, 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
    return true;
}

static pc_espeak_state *worker_state; /* NULL: one clip per worker */
/* $POSTCAST_FAULT_WORKER_NOISE set: before each clip a worker speaks
 * something else (tests: a clip is the same whatever came before it) */
static bool worker_noise;
static pc_buf *worker_out;            /* the answer being spoken into */
static bool worker_out_failed;
static bool worker_heard; /* a sample of worker_out was not silent */

/* espeak-ng's own silence around a clip goes as it comes (the plan's
 * pauses decide the gaps; 5 ms stay on each side so nothing clicks):
 * the leading silence is dropped here but for its last 5 ms, so it is
 * neither stored nor sent, and worker_trim_end cuts the trailing one. */
static int worker_samples(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    if (!worker_out || !wav || n <= 0)
        return 0;
    size_t i = 0, keep = keep_frames(), had = worker_out->len / sizeof *wav;
    if (!worker_heard) {
        while (i < (size_t)n && abs(wav[i]) < SILENT_BELOW)
            i++;
        worker_heard = i < (size_t)n;
        size_t tail = i >= keep ? 0 : keep - i < had ? keep - i : had; /* silence kept */
        if (had)
            memmove(worker_out->data, worker_out->data + (had - tail) * sizeof *wav, tail * sizeof *wav);
        worker_out->len = tail * sizeof *wav;
        i = i >= keep ? i - keep : 0;
    }
    if (!pc_buf_append(worker_out, (const char *)(wav + i), ((size_t)n - i) * sizeof *wav)) {
        worker_out_failed = true;
        return 1; /* out of memory: stop */
    }
    return 0;
}

/* The trailing silence but its first 5 ms; a clip that is silence
 * throughout is no samples at all (as when the render process trimmed). */
static void worker_trim_end(pc_buf *out)
{
    const int16_t *pcm = (const int16_t *)out->data;
    size_t n = out->len / sizeof *pcm, b = n, keep = keep_frames();
    if (!worker_heard) {
        out->len = 0;
        return;
    }
    while (b > 0 && abs(pcm[b - 1]) < SILENT_BELOW)
        b--;
    out->len = (b + keep < n ? b + keep : n) * sizeof *pcm;
}

int pc_espeak_worker_setup(void *arg)
{
    const pc_espeak_voice_key *k = arg;
    worker_rate_hz = k->rate_hz;
    /* a crash inside espeak-ng is the parent's to report (as a warning
     * with the clip's line): glibc's own message would go to a terminal */
    setenv("LIBC_FATAL_STDERR_", "1", 1);
    if (!load_voice(k->language, k->no_variant ? NULL : k->variant))
        return PC_ESPEAK_EXIT_NO_VOICE;
    espeak_SetSynthCallback(worker_samples);
    worker_out = NULL;
    worker_state = pc_espeak_state_save();
    worker_noise = getenv("POSTCAST_FAULT_WORKER_NOISE") != NULL;
    return 0;
}

int pc_espeak_worker_serve(const char *payload, size_t len, pc_buf *out, bool *last, void *arg)
{
    const pc_espeak_voice_key *k = arg;
    pcast_voice_settings s;
    if (len < sizeof s)
        return PC_ESPEAK_EXIT_SYNTH;
    memcpy(&s, payload, sizeof s);
    s.variant = k->no_variant ? NULL : k->variant;
    const char *text = payload + sizeof s;
    if (worker_state && worker_noise) {
        static const char noise_text[] = "Noise: 12 34, \xe5\x99\xaa\xe9\x9f\xb3?";
        pcast_voice_settings other = {s.variant, 100 - s.pitch, s.range, s.rate + 37, 0, 0};
        pc_buf noise = {0};
        worker_out = &noise;
        worker_heard = false;
        if (pc_espeak_child_voice(&other, k->language))
            espeak_Synth(noise_text, sizeof noise_text, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
        pc_buf_free(&noise);
    }
    if (worker_state)
        pc_espeak_state_restore(worker_state);
    worker_out = out;
    worker_out_failed = false;
    worker_heard = false;
    if (!pc_espeak_child_voice(&s, k->language))
        return PC_ESPEAK_EXIT_NO_VOICE;
    char *rise = pc_espeak_question_rise(s.pitch, k->language, text);
    srand(1);
    const char *say = rise ? rise : text;
    int st = espeak_Synth(say, strlen(say) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
                          NULL) == EE_OK ? 0 : PC_ESPEAK_EXIT_SYNTH;
    if (!st)
        espeak_Synchronize();
    free(rise);
    worker_out = NULL;
    worker_trim_end(out);
    /* no saved state (every clip must start fresh), or espeak-ng's
     * leftovers past the bound: a new worker takes over */
    *last = !worker_state || worker_out_failed ||
            pc_espeak_state_heap_grew(worker_state, WORKER_HEAP_GROWTH_BYTES);
    return worker_out_failed ? PC_ESPEAK_EXIT_SYNTH : st;
}
