/* engine_fake: a deterministic stand-in for a speech engine, for golden
 * tests. No espeak-ng: each syllable is a tone.
 *
 * The text is cut into syllables: a CJK character is one, a Latin word
 * has one per vowel group, a digit is one. Each syllable is a triangle
 * wave whose pitch follows the voice's pitch, range and variant and a
 * hash of the syllable, whose length follows the voice's rate (words a
 * minute; for Mandarin its syllables a second, when set), with a short noise burst where a word opens on a consonant
 * (peaks for the limiter, highs for the resampler). Words are apart by a
 * short gap, commas and sentence ends inside a clip by longer ones.
 * Integer arithmetic only: the same samples on every machine. Like
 * espeak-ng 1.51 it fails on a word over FAKE_MAX_WORD bytes, so tests
 * see a clip the engine cannot speak. */
#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAKE_RATE_HZ 22050
#define FAKE_MAX_WORD 100 /* bytes: a longer word fails the clip */
#define WORD_GAP_FRAMES (FAKE_RATE_HZ * 60 / 1000)
#define CJK_GAP_FRAMES (FAKE_RATE_HZ * 20 / 1000)
#define COMMA_FRAMES (FAKE_RATE_HZ * 150 / 1000)
#define STOP_FRAMES (FAKE_RATE_HZ * 250 / 1000)
#define BURST_FRAMES (FAKE_RATE_HZ * 4 / 1000)
#define ATTACK_FRAMES (FAKE_RATE_HZ * 10 / 1000)
#define RELEASE_FRAMES (FAKE_RATE_HZ * 20 / 1000)

static pcast_status fake_open(unsigned *rate_hz, pcast_error *err)
{
    (void)err;
    *rate_hz = FAKE_RATE_HZ;
    return PCAST_OK;
}

static const char *fake_version(void) { return "fake 1 (triangle syllables)"; }

static const char *fake_calibration_text(const char *tag)
{
    size_t n = strcspn(tag, "-");
    if ((n == 2 && !strncmp(tag, "zh", 2)) || (n == 3 && !strncmp(tag, "yue", 3)))
        return "北風跟太陽在那兒爭論誰的本事大。";
    return "The North Wind and the Sun were disputing which was the stronger.";
}

static uint32_t fnv(const char *s, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

typedef struct tone_out {
    pc_buf *pcm;
    bool nomem;
} tone_out;

static void put(tone_out *o, int v)
{
    int16_t x = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    if (!o->nomem && !pc_buf_append(o->pcm, (const char *)&x, sizeof x))
        o->nomem = true;
}

static void silence(tone_out *o, size_t frames)
{
    for (size_t i = 0; i < frames; i++)
        put(o, 0);
}

/* One syllable: s[0..n) picks its pitch and loudness. */
static void syllable(tone_out *o, const pcast_voice_settings *v, const char *s, size_t n,
                     bool burst)
{
    uint32_t h = fnv(s, n, fnv(v->variant ? v->variant : "", v->variant ? strlen(v->variant) : 0,
                               2166136261u));
    int pitch = v->pitch < 0 ? 50 : v->pitch > 100 ? 100 : v->pitch;
    int range = v->range < 0 ? 50 : v->range > 100 ? 100 : v->range;
    int wpm = v->rate < 40 ? 40 : v->rate > 900 ? 900 : v->rate;
    long base = 80 + 2L * pitch + (long)(h % 40);
    long hz = base + base * range * ((long)(h >> 8) % 21 - 10) / 4000;
    long amp = 2000 + (long)((h >> 16) % 4000);
    size_t frames = (size_t)(FAKE_RATE_HZ * 40L / wpm); /* 2/3 of a word */
    if (v->syllables_per_second > 0) { /* Mandarin: 2/3 of a syllable's time */
        long msps = lround(v->syllables_per_second * 1000);
        msps = msps < 500 ? 500 : msps > 20000 ? 20000 : msps;
        frames = (size_t)(FAKE_RATE_HZ * 2000L / (3 * msps));
    }
    uint64_t step = ((uint64_t)hz << 32) / FAKE_RATE_HZ;
    uint64_t phase = 0;
    uint32_t noise = h | 1;
    for (size_t i = 0; i < frames; i++) {
        long x = (long)(phase >> 16 & 0xffff);
        long tri = (x < 32768 ? 2 * x - 32768 : 98303 - 2 * x); /* -32768 .. 32767 */
        long env = 256;
        if (i < ATTACK_FRAMES)
            env = (long)(256 * i / ATTACK_FRAMES);
        else if (frames - i < RELEASE_FRAMES)
            env = (long)(256 * (frames - i) / RELEASE_FRAMES);
        long y = tri * amp / 32768 * env / 256;
        if (burst && i < BURST_FRAMES) {
            noise = noise * 1664525u + 1013904223u;
            y += (noise >> 31 ? 6 : -6) * amp * (long)(noise >> 24) / 255; /* a click */
        }
        put(o, (int)y);
        phase = (phase + step) & 0xffffffffu;
    }
}

static bool is_vowel(unsigned char c)
{
    c = (unsigned char)(c | 0x20);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* A Latin word w[0..n): a syllable per vowel group (at least one), cut
 * into that many even pieces. */
static void word(tone_out *o, const pcast_voice_settings *v, const char *w, size_t n)
{
    size_t groups = 0;
    for (size_t i = 0; i < n; i++)
        groups += is_vowel((unsigned char)w[i]) && (i == 0 || !is_vowel((unsigned char)w[i - 1]));
    if (!groups)
        groups = 1;
    for (size_t k = 0; k < groups; k++) {
        size_t a = n * k / groups, b = n * (k + 1) / groups;
        syllable(o, v, w + a, b - a, k == 0 && !is_vowel((unsigned char)w[0]));
    }
}

static void speak(tone_out *o, const pcast_voice_settings *v, const char *t)
{
    size_t n = strlen(t);
    size_t wstart = SIZE_MAX;
    size_t gap = 0;
    for (size_t i = 0; i <= n;) {
        unsigned cp = 0;
        size_t len = i < n ? pc_utf8_decode(t + i, n - i, &cp) : 1;
        bool letter = i < n && cp < 0x80 && (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || cp == '\'');
        if (letter) {
            if (wstart == SIZE_MAX) {
                silence(o, gap);
                gap = 0;
                wstart = i;
            }
            i += len;
            continue;
        }
        if (wstart != SIZE_MAX) {
            word(o, v, t + wstart, i - wstart);
            wstart = SIZE_MAX;
            gap = WORD_GAP_FRAMES;
        }
        if (i >= n)
            break;
        if ((cp >= '0' && cp <= '9') || (cp >= 0x80 && pc_cp_is_cjk(cp) && cp >= 0x3400) ||
            (cp >= 0x80 && !pc_cp_is_cjk(cp) && cp != 0x2019 && cp != 0x2014)) {
            silence(o, gap);
            syllable(o, v, t + i, len, cp >= '0' && cp <= '9');
            gap = cp < 0x80 ? WORD_GAP_FRAMES : CJK_GAP_FRAMES;
        } else if (cp == ',' || cp == ';' || cp == ':' || cp == 0xFF0C || cp == 0x3001) {
            gap = COMMA_FRAMES;
        } else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
                   cp == 0xFF1F) {
            gap = STOP_FRAMES;
        }
        i += len;
    }
}

static pcast_status fake_start(pc_engine_job *j, const pcast_voice_settings *s, const char *tag,
                               const char *text, pcast_error *err)
{
    (void)tag;
    memset(j, 0, sizeof *j);
    j->fd = -1;
    tone_out o = {.pcm = &j->pcm};
    /* like espeak-ng 1.51, it fails on a very long word (so the tests
     * can see a failing clip cost that clip only) */
    size_t run = 0;
    for (const char *p = text; *p && run <= FAKE_MAX_WORD; p++)
        run = *p == ' ' ? 0 : run + 1;
    if (run > FAKE_MAX_WORD) {
        j->killed = true;
        return PCAST_OK;
    }
    speak(&o, s, text);
    if (o.nomem) {
        pc_buf_free(&j->pcm);
        return pc_error_nomem(err);
    }
    return PCAST_OK;
}

static void fake_pump(pc_engine_job *jobs, size_t n, int timeout_ms)
{
    (void)jobs;
    (void)n;
    (void)timeout_ms;
}

static pcast_status fake_finish(pc_engine_job *j, int16_t **samples, size_t *frames,
                                pcast_error *err)
{
    if (j->killed) {
        pc_buf_free(&j->pcm);
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "the fake engine fails on long words");
    }
    *frames = j->pcm.len / sizeof(int16_t);
    *samples = *frames ? (int16_t *)j->pcm.data : NULL;
    if (!*frames)
        pc_buf_free(&j->pcm);
    memset(&j->pcm, 0, sizeof j->pcm);
    return PCAST_OK;
}

static void fake_cancel(pc_engine_job *j) { pc_buf_free(&j->pcm); }

const pc_engine_ops pc_engine_fake = {
    .name = "fake",
    .open = fake_open,
    .version = fake_version,
    .calibration_text = fake_calibration_text,
    .start = fake_start,
    .pump = fake_pump,
    .finish = fake_finish,
    .cancel = fake_cancel,
};
