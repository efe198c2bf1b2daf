/* Prosody, measured on what espeak-ng renders (issue 14): Mandarin's pace
 * in syllables a second, breath groups, pauses at language switches,
 * questions. Durations come from the PCM: 10 ms frames, silent when
 * their peak is under SILENT; the edges are trimmed and silent stretches
 * of PAUSE_MS or more inside a clip are pauses, not speech.
 * usage: test_prosody SOURCE_DIR */
#include "check.h"

#include "internal.h"
#include "engine.h"

#include <math.h>
#include <stdlib.h>

#define SILENT 200
#define PAUSE_MS 80

static const pcast_voices *voices;

/* Speech time of pcm in seconds: edges trimmed, pauses left out. */
static double speech_s(const int16_t *pcm, size_t n, unsigned rate_hz)
{
    size_t f = rate_hz / 100, frames = n / f, first = SIZE_MAX, last = 0, silent = 0, speech = 0;
    for (size_t i = 0; i < frames; i++) {
        int peak = 0;
        for (size_t k = 0; k < f; k++)
            peak = abs(pcm[i * f + k]) > peak ? abs(pcm[i * f + k]) : peak;
        if (peak < SILENT)
            continue;
        if (first == SIZE_MAX)
            first = i;
        last = i;
    }
    if (first == SIZE_MAX)
        return 0;
    for (size_t i = first; i <= last + 1; i++) {
        int peak = 0;
        for (size_t k = 0; i <= last && k < f; k++)
            peak = abs(pcm[i * f + k]) > peak ? abs(pcm[i * f + k]) : peak;
        if (i <= last && peak < SILENT) {
            silent++;
            continue;
        }
        speech += silent * 10 < PAUSE_MS ? silent + 1 : 1;
        silent = 0;
    }
    return speech / 100.0 - 0.01;
}

/* Han ideographs in s: Mandarin syllables. */
static size_t han_count(const char *s)
{
    size_t n = strlen(s), c = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        c += cp >= 0x3400 && pc_cp_is_cjk(cp);
    }
    return c;
}

/* Speaks text in tag with s through espeak-ng; *n frames, malloc'd. */
static int16_t *speak(const pcast_voice_settings *s, const char *tag, const char *text, size_t *n,
                      unsigned *rate_hz)
{
    pcast_error err;
    pc_engine_job j;
    int16_t *pcm = NULL;
    *n = 0;
    if (pc_engine_espeak.open(rate_hz, &err) || pc_engine_espeak.start(&j, s, tag, text, &err) ||
        pc_engine_espeak.finish(&j, &pcm, n, &err))
        return NULL;
    return pcm;
}

static const char *const mandarin =
    "我們今天要談的是一個很重要的問題。現在的軟體開發和十年前已經完全不一樣了，"
    "很多工程師每天都會使用人工智慧的工具來寫程式。這些工具可以幫助他們更快地完成工作，"
    "但是也帶來了新的挑戰。我們應該怎麼看待這樣的變化？有人認為這會讓很多人失去工作，"
    "也有人認為這會創造更多新的機會。我自己的看法是，技術的進步總是會改變我們工作的方式，"
    "重要的是我們要不斷地學習新的東西。";

/* Mandarin at the presets' own settings lands at 4.0-5.0 syllables a
 * second (espeak-ng's words a minute gave 2.9-3.4 before). */
static void test_mandarin_rate(void)
{
    pcast_plan *pl;
    pcast_error err;
    if (pc_plan_text(mandarin, "zh-TW", &pl, &err)) {
        CHECK(!"plan");
        return;
    }
    for (size_t v = 0; v < pcast_voices_count(voices); v++) {
        const pcast_voice *p = pcast_voices_get(voices, v);
        pcast_voice_settings s = pc_voice_for(p, &p->settings, "zh");
        pcast_voice_settings old = p->settings; /* words a minute, as before */
        double t = 0, t_old = 0;
        size_t syl = 0;
        for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
            const pcast_clip *c = pcast_plan_clip(pl, i);
            size_t n;
            unsigned rate;
            int16_t *pcm = speak(&s, c->language, c->text, &n, &rate);
            CHECK(pcm != NULL);
            t += pcm ? speech_s(pcm, n, rate) : 0;
            free(pcm);
            pcm = speak(&old, c->language, c->text, &n, &rate);
            t_old += pcm ? speech_s(pcm, n, rate) : 0;
            free(pcm);
            syl += han_count(c->text);
        }
        double sps = t > 0 ? syl / t : 0;
        printf("%-10s %zu syllables: %.2f syllables/s (%.2f at %d words a minute)\n", p->name, syl,
               sps, t_old > 0 ? syl / t_old : 0, old.rate);
        CHECK(sps >= 4.0 && sps <= 5.0);
    }
    pcast_plan_free(pl);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_prosody SOURCE_DIR\n");
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/voices", argv[1]);
    setenv("POSTCAST_VOICES_DIR", dir, 1);
    pcast_voices *v;
    pcast_error err;
    if (pcast_voices_load(NULL, 0, &v, &err)) {
        fprintf(stderr, "voices: %s\n", err.message);
        return 1;
    }
    voices = v;
    test_mandarin_rate();
    pcast_voices_free(v);
    return CHECK_RESULT();
}
