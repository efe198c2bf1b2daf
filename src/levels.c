/* levels: voice calibration against the loudness target. */
#include "levels.h"

#include "mixer.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GAIN_DB 20.0
#define MAX_PASSES 8
#define TOLERANCE_LU 0.02
#define LOUD_HEADROOM_DB_PER_LU 0.8

/* Whether a voice's gain is corrected until its limited calibration
 * passage measures within TOLERANCE_LU of the target, or only once.
 * A voice panned in stereo meets the ceiling in its louder channel up to
 * 2.3 dB sooner than centred (cos/sin of the pan against 1/sqrt 2 each),
 * and a container's headroom lowers the ceiling 2.5 dB: the limiter then
 * takes enough that one correction (two with headroom) left a voice 0.2
 * to 0.4 LU short (the corpus's voices panned 0.3 at -16.34 and -16.24;
 * stereo Opus of interview-en at -16.6, blog-post at -16.64 LUFS).
 * Mono at the full ceiling keeps its single correction, and so the bytes
 * recorded for it (its voices end within 0.12 LU of the target with
 * espeak-ng, 0.65 with the fake engine's tones). Any other target (the
 * Apple preset's -16, --loudness) limits more and converges: one
 * correction left interview-en 1.2 LU short of -14. What stays is the post's
 * own: its pauses inside the loudness gate and its sentences against the
 * passage (interview-en 0.2 LU under, the corpus 0.1-0.2 over). */
static bool converges(const pc_levels *c)
{
    return c->channels == 2 || c->ceiling_dbfs < PC_CEILING_DBFS || c->target_lufs != PC_TARGET_LUFS;
}

void pc_levels_clip(const pc_levels *l, size_t i, pc_clip_src *out)
{
    out->settings = l->voices[i].settings;
    out->tag = l->voices[i].tag;
    out->text = l->engine->calibration_text(l->voices[i].tag);
    out->file = l->file;
    out->line = l->voices[i].line;
    out->calibration = true;
}

/* Loudness of pcm at gain after the limiter, as the episode will have it
 * (mono, or panned to stereo); -HUGE_VAL when it cannot be told. */
static double limited_lufs(const pc_levels *c, const pc_voice_level *v, const int16_t *pcm,
                           size_t frames, double gain)
{
    pc_limiter *l = pc_limiter_new(c->rate, 32767.0 * pow(10.0, c->ceiling_dbfs / 20.0),
                                   PC_LIMIT_LOOKAHEAD_MS, PC_LIMIT_RELEASE_MS, c->channels);
    ebur128_state *m = ebur128_init(c->channels, c->rate, EBUR128_MODE_I);
    int16_t *out = malloc((frames + 4096) * c->channels * sizeof *out);
    double lufs = -HUGE_VAL, pan[2];
    pc_pan_gains(v->settings.pan, pan);
    if (l && m && out) {
        size_t k = pc_limiter_run(l, pcm, gain, c->channels == 2 ? pan : NULL, frames, out);
        k += pc_limiter_run(l, NULL, 1.0, NULL, pc_limiter_latency(l), out + k * c->channels);
        if (ebur128_add_frames_short(m, out, k) != EBUR128_SUCCESS ||
            ebur128_loudness_global(m, &lufs) != EBUR128_SUCCESS)
            lufs = -HUGE_VAL;
    }
    free(out);
    if (m)
        ebur128_destroy(&m);
    pc_limiter_free(l);
    return lufs;
}

pcast_status pc_levels_measured(pc_levels *c, size_t i, const int16_t *pcm, size_t frames,
                                pcast_error *err)
{
    pc_voice_level *v = &c->voices[i];
    v->gain = 1.0;
    if (!frames)
        return PCAST_OK;
    ebur128_state *m = ebur128_init(1, c->rate, EBUR128_MODE_I);
    if (!m)
        return pc_error_nomem(err);
    double lufs;
    if (ebur128_add_frames_short(m, pcm, frames) == EBUR128_SUCCESS &&
        ebur128_loudness_global(m, &lufs) == EBUR128_SUCCESS && isfinite(lufs)) {
        /* to the target, then corrected for what the limiter takes off
         * this voice's peaks; see converges() for how often */
        double db = c->target_lufs - lufs;
        db = db < MAX_GAIN_DB ? db : MAX_GAIN_DB;
        int passes = converges(c) ? MAX_PASSES : 1;
        for (int k = 0; k < passes && db < MAX_GAIN_DB; k++) {
            double after = limited_lufs(c, v, pcm, frames, pow(10.0, db / 20.0));
            if (!isfinite(after))
                break;
            if (k > 0 && fabs(c->target_lufs - after) <= TOLERANCE_LU)
                break;
            db += c->target_lufs - after;
        }
        v->gain = pow(10.0, (db < MAX_GAIN_DB ? db : MAX_GAIN_DB) / 20.0);
    }
    ebur128_destroy(&m);
    return PCAST_OK;
}

/* Each speaker's home language (home[speaker]: the tag of a clip of
 * theirs, or NULL when they have none) over the whole plan, so that a
 * previewed section sounds as it does in the episode: the language most
 * of their words are in. A clip's UTF-8 bytes measure its length: a Han
 * character (3 bytes) is a syllable of about a fifth of a second, a Latin
 * letter (1 byte) about a fifteenth. Ties go to the language spoken
 * first. false when out of memory. */
static bool find_homes(const pcast_plan *plan, size_t nspeakers, const char **home)
{
    typedef struct {
        const char *tag;
        size_t bytes, next; /* next: the speaker's next share, SIZE_MAX at the end */
    } share;
    share *sh = NULL;
    size_t count = 0, cap = 0, total = pcast_plan_clip_count(plan);
    size_t *first = malloc((nspeakers ? nspeakers : 1) * sizeof *first);
    bool ok = first != NULL;
    for (size_t s = 0; ok && s < nspeakers; s++)
        first[s] = SIZE_MAX;
    for (size_t i = 0; ok && i < total; i++) {
        const pcast_clip *k = pcast_plan_clip(plan, i);
        if (k->speaker_index >= nspeakers)
            continue;
        size_t j = first[k->speaker_index], last = SIZE_MAX;
        for (; j != SIZE_MAX && strcmp(sh[j].tag, k->language); j = sh[j].next)
            last = j;
        if (j == SIZE_MAX) {
            if (!(ok = pc_grow((void **)&sh, &cap, count, sizeof *sh)))
                break;
            sh[count] = (share){k->language, 0, SIZE_MAX};
            *(last == SIZE_MAX ? &first[k->speaker_index] : &sh[last].next) = j = count++;
        }
        sh[j].bytes += strlen(k->text);
    }
    for (size_t s = 0; ok && s < nspeakers; s++)
        for (size_t j = first[s], most = 0; j != SIZE_MAX; j = sh[j].next)
            if (!home[s] || sh[j].bytes > most) {
                home[s] = sh[j].tag;
                most = sh[j].bytes;
            }
    free(first);
    free(sh);
    return ok;
}

/* v's pitch moved to its speaker's register at home (unless the preset
 * sets this language's pitch itself). */
static void keep_register(const pc_levels *c, pc_voice_level *v, const pcast_casting *who,
                          const char *home)
{
    if (!c->engine->register_pitch || !home || !strcmp(home, v->tag) ||
        pc_voice_lang_pitch(who->voice, v->tag))
        return;
    pcast_voice_settings h = pc_voice_for(who->voice, &who->settings, home);
    v->settings.pitch = c->engine->register_pitch(&h, home, &v->settings, v->tag);
}

pcast_status pc_levels_find_voices(pc_levels *c, const pcast_plan *plan, size_t first, size_t n,
                                   const pcast_cast *cast, size_t nspeakers, size_t *clip_voice,
                                   pcast_error *err)
{
    const char **home = calloc(nspeakers ? nspeakers : 1, sizeof *home);
    if (!home || !find_homes(plan, nspeakers, home)) {
        free(home);
        return pc_error_nomem(err);
    }
    pc_strmap seen = {0};
    pc_buf keys = {0}; /* "speaker\x1flanguage" strings, NUL-separated */
    pcast_status st = PCAST_OK;
    char **owned = NULL;
    size_t nowned = 0, owned_cap = 0;
    for (size_t i = first; i < first + n && !st; i++) {
        const pcast_clip *k = pcast_plan_clip(plan, i);
        const pcast_casting *who = pcast_cast_get(cast, k->speaker_index);
        if (!who || k->speaker_index >= nspeakers) {
            st = pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "the cast does not fit the plan");
            break;
        }
        pc_buf_clear(&keys);
        if (!pc_buf_printf(&keys, "%zu\x1f%s", k->speaker_index, k->language)) {
            st = pc_error_nomem(err);
            break;
        }
        size_t idx;
        if (pc_strmap_get(&seen, keys.data, &idx)) {
            clip_voice[i] = idx;
            continue;
        }
        char *key = strdup(keys.data);
        if (!key || !pc_grow((void **)&owned, &owned_cap, nowned, sizeof *owned) ||
            !pc_grow((void **)&c->voices, &c->cap, c->count, sizeof *c->voices)) {
            free(key);
            st = pc_error_nomem(err);
            break;
        }
        owned[nowned++] = key;
        pc_voice_level *v = &c->voices[c->count];
        v->speaker = k->speaker_index;
        v->tag = k->language;
        v->settings = pc_voice_for(who->voice, &who->settings, k->language);
        keep_register(c, v, who, home[k->speaker_index]);
        v->gain = 1.0;
        v->line = k->line;
        if (!pc_strmap_put(&seen, key, c->count)) {
            st = pc_error_nomem(err);
            break;
        }
        clip_voice[i] = c->count++;
    }
    pc_strmap_free(&seen);
    pc_buf_free(&keys);
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(owned);
    free(home);
    return st;
}

double pc_levels_loud_headroom_db(double target_lufs)
{
    return target_lufs > -16.0 ? LOUD_HEADROOM_DB_PER_LU * (target_lufs + 16.0) : 0.0;
}

void pc_levels_free(pc_levels *l)
{
    free(l->voices);
    l->voices = NULL;
    l->count = l->cap = 0;
}
