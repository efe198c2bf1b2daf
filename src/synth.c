/* synth: clips through libespeak-ng.
 *
 * espeak-ng keeps global state and is not thread-safe, so this stage is
 * one engine per process; parallel synthesis means worker processes.
 * Text always goes in as plain UTF-8: never espeakSSML (markup would be
 * obeyed) and never espeakPHONEMES ([[...]] would be read as phonemes). */
#include "internal.h"

#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

static int engine_rate; /* 0 until espeak-ng is up; the engine is global */

typedef struct collect {
    pc_buf pcm; /* int16 samples, native endian */
} collect;

static int on_samples(short *wav, int n, espeak_EVENT *ev)
{
    collect *c = NULL;
    for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++)
        if (ev->user_data)
            c = ev->user_data;
    if (c && wav && n > 0 && !pc_buf_append(&c->pcm, (const char *)wav, (size_t)n * sizeof *wav))
        return 1; /* abort synthesis: out of memory */
    return 0;
}

pcast_status pc_synth_init(unsigned *rate, pcast_error *err)
{
    if (!engine_rate) {
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
        if (r <= 0)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng could not start (is espeak-ng-data installed?)");
        espeak_SetSynthCallback(on_samples);
        engine_rate = r;
    }
    *rate = (unsigned)engine_rate;
    return PCAST_OK;
}

/* The preset's settings for one language, with its overrides. */
pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *language)
{
    pcast_voice_settings s = *base;
    size_t n = strcspn(language, "-");
    for (size_t i = 0; preset && i < preset->language_count; i++) {
        const pcast_voice_lang *l = &preset->languages[i];
        if (strlen(l->lang) != n || strncmp(l->lang, language, n))
            continue;
        if (l->settings.variant)
            s.variant = l->settings.variant;
        if (l->settings.pitch >= 0)
            s.pitch = l->settings.pitch;
        if (l->settings.range >= 0)
            s.range = l->settings.range;
        if (l->settings.rate >= 0)
            s.rate = l->settings.rate;
    }
    return s;
}

static bool set_voice(const char *language, const char *variant)
{
    char name[128];
    snprintf(name, sizeof name, "%s+%s", language, variant);
    return espeak_SetVoiceByName(name) == EE_OK;
}

pcast_status pc_synth_clip(const pcast_voice_settings *s, const char *language, const char *text,
                           int16_t **samples, size_t *frames, pcast_error *err)
{
    *samples = NULL;
    *frames = 0;
    unsigned rate;
    pcast_status st = pc_synth_init(&rate, err);
    if (st)
        return st;
    /* an unknown language falls back to its primary subtag, then English */
    if (!set_voice(language, s->variant)) {
        char primary[32];
        size_t n = strcspn(language, "-");
        snprintf(primary, sizeof primary, "%.*s", (int)(n < 31 ? n : 31), language);
        if (!set_voice(primary, s->variant) && !set_voice("en-us", s->variant))
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng has no voice '%s+%s'", language, s->variant);
    }
    espeak_SetParameter(espeakRATE, s->rate, 0);
    espeak_SetParameter(espeakPITCH, s->pitch, 0);
    espeak_SetParameter(espeakRANGE, s->range, 0);
    /* headroom: at 100 espeak-ng clips; the mix brings the level back */
    espeak_SetParameter(espeakVOLUME, 60, 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);

    collect c = {{0}};
    size_t len = strlen(text);
    espeak_ERROR e = espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, &c);
    if (e != EE_OK) {
        pc_buf_free(&c.pcm);
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "espeak-ng failed on a clip");
    }
    espeak_Synchronize();
    size_t n = c.pcm.len / sizeof(int16_t);
    int16_t *pcm = (int16_t *)c.pcm.data;
    /* trim espeak-ng's own leading and trailing silence: the plan's pauses
     * decide the gaps. 5 ms stay on each side so nothing clicks. */
    size_t a = 0, b = n, keep = rate / 200;
    while (a < n && abs(pcm[a]) < 64)
        a++;
    while (b > a && abs(pcm[b - 1]) < 64)
        b--;
    a = a > keep ? a - keep : 0;
    b = b + keep < n ? b + keep : n;
    if (a > 0 && b > a)
        memmove(pcm, pcm + a, (b - a) * sizeof *pcm);
    *frames = b > a ? b - a : 0;
    *samples = pcm ? pcm : NULL;
    if (!*frames) {
        free(pcm);
        *samples = NULL;
    }
    return PCAST_OK;
}
