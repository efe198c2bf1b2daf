/* render: synth -> timeline -> (resample) -> music -> limiter -> sink,
 * streaming.
 *
 * Every voice (speaker x language) is calibrated first, so all gains are
 * known before the episode starts. The output opens under a temporary
 * name with its chapter structures in place (offsets zero), and clips
 * flow into the encoder in plan order as the workers finish them, several
 * at once, cache hits at no cost. Each clip's length in samples extends
 * the timeline, so chapter offsets are exact sample counts (nothing is
 * re-probed); they are patched into the file at the end, and the file is
 * renamed into place. Memory holds a window of clips, never the episode. */
#include "internal.h"
#include "sink.h"

#include <ebur128.h>
#include <soxr.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_FRAMES 2048 /* 93 ms: Ctrl-C stops playback within one */
#define TARGET_LUFS (-19.0)  /* spoken word, mono */
#define TARGET_LUFS_STEREO (-16.0)
#define CEILING_DBFS (-1.5)  /* sample peaks; leaves room for inter-sample peaks under -1 dBTP */
#define MAX_GAIN_DB 20.0

struct pcast_timeline {
    unsigned rate;
    uint64_t total;
    pcast_timeline_entry *entries;
    size_t count;
    uint64_t *chapters;
    size_t chapter_count;
};

pcast_render_config pcast_render_config_init(void)
{
    pcast_render_config c;
    memset(&c, 0, sizeof c);
    c.pauses.run_ms = c.pauses.sentence_ms = c.pauses.paragraph_ms = c.pauses.turn_ms = -1;
    c.pauses.section_before_ms = c.pauses.section_after_ms = -1;
    c.music = pcast_music_default();
    return c;
}

void pcast_timeline_free(pcast_timeline *t)
{
    if (!t)
        return;
    free(t->entries);
    free(t->chapters);
    free(t);
}
unsigned pcast_timeline_sample_rate(const pcast_timeline *t) { return t->rate; }
uint64_t pcast_timeline_total_frames(const pcast_timeline *t) { return t->total; }
size_t pcast_timeline_count(const pcast_timeline *t) { return t->count; }
const pcast_timeline_entry *pcast_timeline_get(const pcast_timeline *t, size_t i)
{
    return i < t->count ? &t->entries[i] : NULL;
}
uint64_t pcast_timeline_chapter_frames(const pcast_timeline *t, size_t s)
{
    return s < t->chapter_count ? t->chapters[s] : t->total;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool cancelled(const pcast_render_config *cfg) { return cfg->cancel && *cfg->cancel; }

/* ---------- the clip runner ---------- */

#define MAX_JOBS 64

typedef struct clip_src {
    pcast_voice_settings settings;
    const char *language;
    const char *text;
} clip_src;

typedef struct runner {
    const pcast_render_config *cfg;
    pc_cache *cache;
    size_t jobs;
    /* the i-th clip to speak */
    void (*get)(void *user, size_t i, clip_src *out);
    /* the i-th clip's samples, called in order */
    pcast_status (*done)(void *user, size_t i, const int16_t *pcm, size_t frames,
                         pcast_error *err);
    void *user;
} runner;

typedef struct slot {
    pc_synth_job job;
    char key[33];
    bool cached;      /* samples came from the cache */
    bool retried;
    int16_t *pcm;
    size_t frames;
} slot;

static pcast_status slot_start(runner *r, slot *s, size_t i, pcast_error *err)
{
    clip_src c;
    r->get(r->user, i, &c);
    s->cached = false;
    s->pcm = NULL;
    s->frames = 0;
    memset(&s->job, 0, sizeof s->job);
    s->job.fd = -1;
    if (r->cache) {
        pc_clip_key(&c.settings, c.language, c.text, s->key);
        if (pc_cache_get(r->cache, s->key, &s->pcm, &s->frames)) {
            s->cached = true;
            return PCAST_OK;
        }
    }
    return pc_synth_start(&s->job, &c.settings, c.language, c.text, err);
}

/* Speaks clips 0..n-1, up to r->jobs at once (cache hits cost nothing),
 * and hands them to r->done in order. A worker killed by a signal gets
 * one more try. */
static pcast_status run_clips(runner *r, size_t n, pcast_error *err)
{
    /* `jobs` children speak at once; finished clips wait in a window up
     * to 4x that for the one ahead of them, so a long clip at the head
     * does not leave a core idle */
    size_t jobs = r->jobs < 1 ? 1 : r->jobs > MAX_JOBS ? MAX_JOBS : r->jobs;
    size_t wsize = jobs * 4;
    slot *win = calloc(wsize, sizeof *win);
    pc_synth_job *live = calloc(wsize, sizeof *live);
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
        if (cancelled(r->cfg)) {
            st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            break;
        }
        slot *head = &win[done % wsize];
        if (!head->cached && head->job.running) {
            size_t k = 0;
            for (size_t i = done; i < started; i++)
                if (!win[i % wsize].cached && win[i % wsize].job.running) {
                    live_at[k] = i % wsize;
                    live[k++] = win[i % wsize].job;
                }
            pc_synth_pump(live, k, 100);
            for (size_t m = 0; m < k; m++)
                win[live_at[m]].job = live[m];
        }
        while (done < started && !st) {
            slot *s = &win[done % wsize];
            if (!s->cached) {
                if (s->job.running)
                    break;
                st = pc_synth_finish(&s->job, &s->pcm, &s->frames, err);
                if (st && s->job.killed && !s->retried) {
                    s->retried = true;
                    st = slot_start(r, s, done, err);
                    break; /* wait for the retry */
                }
                if (st && s->job.killed)
                    st = pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                      "a speech worker was killed twice on the same clip (%s); "
                                      "giving up", err ? err->message : "signal");
                if (!st && r->cache)
                    st = pc_cache_put(r->cache, s->key, s->pcm, s->frames, err);
            }
            if (!st)
                st = r->done(r->user, done, s->pcm, s->frames, err);
            free(s->pcm);
            s->pcm = NULL;
            s->cached = false;
            if (!st)
                done++;
        }
    }
    for (size_t i = done; i < started; i++) {
        pc_synth_cancel(&win[i % wsize].job);
        free(win[i % wsize].pcm);
    }
    free(win);
    free(live);
    free(live_at);
    return st;
}

/* ---------- voice calibration ---------- */

/* Each voice (a speaker in one language) is measured once on a fixed
 * passage, and its clips get the gain that brings that passage to the
 * target. Gains are thus known before the episode is spoken (it can
 * stream into the encoder), do not depend on the rest of the post (a
 * previewed section sounds exactly like the same span of the episode),
 * and do not pump from sentence to sentence. */
static const char *calibration_text(const char *language)
{
    if (!strncmp(language, "cmn", 3) || !strncmp(language, "yue", 3))
        return "北風跟太陽在那兒爭論誰的本事大。這時候路上來了個走道兒的，他身上穿著件厚大衣。";
    return "The North Wind and the Sun were disputing which was the stronger, when a traveler "
           "came along wrapped in a warm cloak.";
}

typedef struct voice_key {
    size_t speaker;
    const char *language;
    pcast_voice_settings settings;
    double gain;
} voice_key;

typedef struct calibration {
    voice_key *voices;
    size_t count, cap;
    unsigned rate;
    double target_lufs;
    unsigned channels;
} calibration;

static void calib_get(void *user, size_t i, clip_src *out)
{
    calibration *c = user;
    out->settings = c->voices[i].settings;
    out->language = c->voices[i].language;
    out->text = calibration_text(c->voices[i].language);
}

/* Equal-power channel gains for a pan (-1 .. 1); centre is -3 dB a side. */
static void pan_gains(double pan, double out[2])
{
    double angle = (pan + 1.0) * 3.14159265358979323846 / 4.0;
    out[0] = cos(angle);
    out[1] = sin(angle);
}

/* Loudness of pcm at gain after the limiter, as the episode will have it
 * (mono, or panned to stereo); -HUGE_VAL when it cannot be told. */
static double limited_lufs(const calibration *c, const voice_key *v, const int16_t *pcm,
                           size_t frames, double gain)
{
    pc_limiter *l = pc_limiter_new(c->rate, 32767.0 * pow(10.0, CEILING_DBFS / 20.0), 5.0, 80.0,
                                   c->channels);
    ebur128_state *m = ebur128_init(c->channels, c->rate, EBUR128_MODE_I);
    int16_t *out = malloc((frames + 4096) * c->channels * sizeof *out);
    double lufs = -HUGE_VAL, pan[2];
    pan_gains(v->settings.pan, pan);
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

static pcast_status calib_done(void *user, size_t i, const int16_t *pcm, size_t frames,
                               pcast_error *err)
{
    calibration *c = user;
    voice_key *v = &c->voices[i];
    v->gain = 1.0;
    if (!frames)
        return PCAST_OK;
    ebur128_state *m = ebur128_init(1, c->rate, EBUR128_MODE_I);
    if (!m)
        return pc_error_nomem(err);
    double lufs;
    if (ebur128_add_frames_short(m, pcm, frames) == EBUR128_SUCCESS &&
        ebur128_loudness_global(m, &lufs) == EBUR128_SUCCESS && isfinite(lufs)) {
        /* to the target, then once more for what the limiter takes off
         * the peaks of this voice */
        double db = c->target_lufs - lufs;
        db = db < MAX_GAIN_DB ? db : MAX_GAIN_DB;
        double after = limited_lufs(c, v, pcm, frames, pow(10.0, db / 20.0));
        if (isfinite(after))
            db += c->target_lufs - after;
        v->gain = pow(10.0, (db < MAX_GAIN_DB ? db : MAX_GAIN_DB) / 20.0);
    }
    ebur128_destroy(&m);
    return PCAST_OK;
}

/* The voice of each clip: an index into c->voices for every clip. */
static pcast_status find_voices(calibration *c, const pcast_plan *plan, size_t first, size_t n,
                                const pcast_cast *cast, size_t nspeakers, size_t *clip_voice,
                                pcast_error *err)
{
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
        voice_key *v = &c->voices[c->count];
        v->speaker = k->speaker_index;
        v->language = k->language;
        v->settings = pc_voice_for(who->voice, &who->settings, k->language);
        v->gain = 1.0;
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
    return st;
}

/* ---------- the episode ---------- */

/* The runner's stream: each voice's calibration goes just before that
 * voice's first clip, so the first clip is spoken alongside the first
 * calibration instead of after all of them (a preview starts sooner), and
 * every gain is known before its voice is written. */
typedef struct item {
    bool calibrate;  /* a voice's calibration, else a clip */
    size_t index;    /* into cal->voices, or the span's clip number */
} item;

typedef struct episode {
    const pcast_render_config *cfg;
    const pcast_plan *plan;
    size_t first;          /* the span's first clip in the plan */
    calibration *cal;
    const size_t *clip_voice;
    item *items;
    const pcast_post *post;
    pc_sink *sink;
    pc_limiter *limiter;   /* at the file's rate */
    pc_music *music;       /* or NULL */
    soxr_t soxr;           /* to the file's rate, or NULL */
    double ratio;          /* file rate / engine rate */
    uint64_t fed, written; /* frames into and out of the resampler */
    double *rs_out;
    size_t rs_cap;         /* frames rs_out holds */
    unsigned channels;
    double voice[CHUNK_FRAMES * 2];  /* a chunk of voice frames */
    pcast_timeline *tl;
    uint64_t cursor;
    size_t next_chapter;
    int16_t buf[CHUNK_FRAMES * 2];   /* limited frames for the sink */
    pcast_progress pr;
    size_t last_section, last_turn;
    double t0;
} episode;

static void episode_get(void *user, size_t i, clip_src *out)
{
    episode *e = user;
    const item *it = &e->items[i];
    if (it->calibrate) {
        calib_get(e->cal, it->index, out);
        return;
    }
    const pcast_clip *c = pcast_plan_clip(e->plan, e->first + it->index);
    out->settings = e->cal->voices[e->clip_voice[e->first + it->index]].settings;
    out->language = c->language;
    out->text = c->text;
}

/* Frames at the file's rate: the music joins them, the limiter holds the
 * peaks of the sum under the ceiling, and the sink takes them. */
static pcast_status to_limiter(episode *e, double *frames, size_t k, pcast_error *err)
{
    if (e->music && frames)
        pc_music_mix(e->music, frames, k);
    size_t ch = e->channels;
    pcast_status st = PCAST_OK;
    for (size_t at = 0; at < k && !st; at += CHUNK_FRAMES) {
        size_t n = k - at < CHUNK_FRAMES ? k - at : CHUNK_FRAMES;
        size_t out = pc_limiter_frames(e->limiter, frames ? frames + at * ch : NULL, n, e->buf);
        if (out)
            st = pc_sink_write(e->sink, e->buf, out, err);
    }
    return st;
}

/* Voice frames at the engine's rate on to the file's, through the
 * resampler when the file has another rate. Its output is capped at the
 * exact length (round(fed x ratio)): libsoxr is time-aligned but flushes
 * a filter tail. */
static pcast_status to_rate(episode *e, double *frames, size_t k, bool flush, pcast_error *err)
{
    if (!e->soxr)
        return k ? to_limiter(e, frames, k, err) : PCAST_OK;
    e->fed += k;
    uint64_t want = (uint64_t)llround((double)e->fed * e->ratio);
    size_t done = 0;
    soxr_error_t se = flush ? soxr_process(e->soxr, NULL, 0, NULL, e->rs_out, e->rs_cap, &done)
                            : soxr_process(e->soxr, frames, k, NULL, e->rs_out, e->rs_cap, &done);
    if (se)
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "resampling failed: %s", se);
    if (e->written + done > want)
        done = (size_t)(want - e->written);
    e->written += done;
    return to_limiter(e, e->rs_out, done, err);
}

/* Sends n samples times gain (in NULL: silence), placed by pan in
 * stereo, on to the mix. */
static pcast_status emit(episode *e, const int16_t *in, double gain, const double *pan, size_t n,
                         pcast_error *err)
{
    pc_place(in, gain, pan, n, e->channels, e->voice);
    return to_rate(e, e->voice, n, false, err);
}

static pcast_status write_silence(episode *e, uint64_t frames, pcast_error *err)
{
    while (frames) {
        size_t n = frames < CHUNK_FRAMES ? (size_t)frames : CHUNK_FRAMES;
        pcast_status st = emit(e, NULL, 1.0, NULL, n, err);
        if (st)
            return st;
        frames -= n;
    }
    return PCAST_OK;
}

/* A clip joins the episode: its pause, its samples at its voice's gain
 * (held under the ceiling), its place in the timeline. */
static pcast_status clip_done(episode *e, size_t i, const int16_t *pcm, size_t frames,
                              pcast_error *err)
{
    const pcast_clip *c = pcast_plan_clip(e->plan, e->first + i);
    pcast_timeline *tl = e->tl;
    pcast_timeline_entry *t = &tl->entries[i];
    t->clip_index = e->first + i;
    t->pause_frames = i == 0 && e->first > 0 ? 0 : (uint64_t)c->pause_before_ms * tl->rate / 1000;
    if (i == 0)
        t->pause_frames += pc_music_lead(e->music, t->pause_frames); /* the intro */
    t->start_frames = e->cursor + t->pause_frames;
    t->clip_frames = frames;
    uint64_t before = e->cursor;
    e->cursor = t->start_frames + frames;
    tl->count = i + 1;
    for (; e->next_chapter <= c->section_index && e->next_chapter < tl->chapter_count;
         e->next_chapter++)
        tl->chapters[e->next_chapter] = e->next_chapter == 0 ? 0 : t->start_frames;

    pcast_status st = PCAST_OK;
    if (e->music) {
        /* the music hears of the words before it reaches their pause */
        const pcast_speaker *who = pcast_post_speaker(e->post, c->speaker_index);
        st = pc_music_speech(e->music, t->start_frames, e->cursor, who && who->narrator,
                             i + 1 == e->pr.clip_count, before, err);
    }
    if (!st)
        st = write_silence(e, t->pause_frames, err);
    const voice_key *v = &e->cal->voices[e->clip_voice[e->first + i]];
    double g = v->gain;
    double pan[2];
    pan_gains(v->settings.pan, pan);
    for (size_t at = 0; at < frames && !st; at += CHUNK_FRAMES) {
        if (cancelled(e->cfg))
            return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
        size_t n = frames - at < CHUNK_FRAMES ? frames - at : CHUNK_FRAMES;
        st = emit(e, pcm + at, g, e->cfg->stereo ? pan : NULL, n, err);
    }
    if (st && cancelled(e->cfg))
        return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
    if (st)
        return st;

    pcast_progress *pr = &e->pr;
    if (c->section_index != e->last_section)
        pr->sections_done = c->section_index;
    if (c->turn_index != SIZE_MAX &&
        (c->section_index != e->last_section || c->turn_index != e->last_turn))
        pr->turns_done++;
    e->last_section = c->section_index;
    e->last_turn = c->turn_index;
    pr->clips_done = i + 1;
    pr->audio_seconds = (double)e->cursor / tl->rate;
    pr->elapsed_seconds = now() - e->t0;
    if (e->cfg->progress)
        e->cfg->progress(e->cfg->user, pr);
    return PCAST_OK;
}

static pcast_status episode_done(void *user, size_t i, const int16_t *pcm, size_t frames,
                                 pcast_error *err)
{
    episode *e = user;
    const item *it = &e->items[i];
    if (it->calibrate)
        return calib_done(e->cal, it->index, pcm, frames, err);
    return clip_done(e, it->index, pcm, frames, err);
}

static char *join_artists(const pcast_post *post)
{
    pc_buf b = {0};
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_speaker *s = pcast_post_speaker(post, i);
        if (s->narrator)
            continue;
        if ((b.len && !pc_buf_puts(&b, ", ")) || !pc_buf_puts(&b, s->name)) {
            pc_buf_free(&b);
            return NULL;
        }
    }
    return b.data;
}

pcast_status pc_render_plan(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                            size_t nspeakers, const pcast_render_config *cfg,
                            pcast_timeline **timeline, pcast_error *err)
{
    if (timeline)
        *timeline = NULL;
    if (!cfg)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no render configuration");
    pcast_status st = pc_sink_check(cfg, post ? pcast_post_path(post) : NULL, err);
    if (st)
        return st;
    size_t total = pcast_plan_clip_count(plan);
    size_t first = cfg->first_clip;
    if (first > total || cfg->clip_count > total - first)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "the span is outside the plan");
    size_t nclips = cfg->clip_count ? cfg->clip_count : total - first;
    bool whole = first == 0 && nclips == total;
    unsigned rate;
    if ((st = pc_synth_init(&rate, err)))
        return st;
    if (cfg->rate && (cfg->rate < 8000 || cfg->rate > 192000))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "a sample rate from 8000 to 192000, not %u", cfg->rate);
    unsigned out_rate = cfg->rate ? cfg->rate : rate;
    unsigned channels = cfg->stereo ? 2 : 1;

    size_t nsections = post && whole ? pcast_post_section_count(post) : 0;
    pc_cache *cache = NULL;
    /* an equal-power pan keeps a voice's loudness, so stereo's target
     * applies to the mono measurement as it is */
    calibration cal = {.rate = rate,
                       .target_lufs = cfg->loudness_lufs ? cfg->loudness_lufs
                                      : cfg->stereo      ? TARGET_LUFS_STEREO
                                                         : TARGET_LUFS,
                       .channels = channels};
    size_t *clip_voice = calloc(total ? total : 1, sizeof *clip_voice);
    pcast_timeline *tl = calloc(1, sizeof *tl);
    const char **titles = calloc(nsections ? nsections : 1, sizeof *titles);
    char *artist = NULL;
    episode *ep = calloc(1, sizeof *ep);
    if (!clip_voice || !tl || !titles || !ep ||
        !(tl->entries = calloc(nclips ? nclips : 1, sizeof *tl->entries)) ||
        !(tl->chapters = calloc(nsections ? nsections : 1, sizeof *tl->chapters))) {
        st = pc_error_nomem(err);
        goto done;
    }
    tl->rate = rate;
    tl->chapter_count = nsections;
    if (!cfg->no_cache &&
        (st = pc_cache_open(cfg->cache_dir, cfg->cache_max_bytes ? cfg->cache_max_bytes
                                                                 : (uint64_t)2 << 30,
                            &cache, err)))
        goto done;

    if (post && whole &&
        (st = pc_music_open(&cfg->music, rate, out_rate, channels, cal.target_lufs,
                            &ep->music, err)))
        goto done;

    runner r = {.cfg = cfg, .cache = cache,
                .jobs = cfg->jobs ? cfg->jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN)};
    if ((st = find_voices(&cal, plan, first, nclips, cast, nspeakers, clip_voice, err)))
        goto done;
    size_t nitems = 0;
    if (!(ep->items = calloc(nclips + cal.count + 1, sizeof *ep->items))) {
        st = pc_error_nomem(err);
        goto done;
    }
    for (size_t i = 0, next_voice = 0; i < nclips; i++) {
        /* find_voices numbered the voices in order of first use */
        if (clip_voice[first + i] == next_voice)
            ep->items[nitems++] = (item){true, next_voice++};
        ep->items[nitems++] = (item){false, i};
    }

    for (size_t s = 0; s < nsections; s++)
        titles[s] = pcast_post_section(post, s)->title;
    artist = post ? join_artists(post) : NULL;
    pc_sink_meta meta = {
        .title = post ? pcast_post_title(post) : NULL,
        .artist = artist,
        .album = post && pcast_post_tag_count(post) ? pcast_post_tag(post, 0) : NULL,
        .date = post ? pcast_post_date(post) : NULL,
        .genre = post ? "Podcast" : NULL,
        .comment = post ? pcast_post_description(post) : NULL,
        .chapter_titles = titles,
        .chapter_count = nsections,
        .rate = out_rate,
        .channels = channels,
        .source_path = post ? pcast_post_path(post) : NULL,
    };
    if ((st = pc_sink_create(&ep->sink, cfg, &meta, err)))
        goto done;

    if (!(ep->limiter = pc_limiter_new(out_rate, 32767.0 * pow(10.0, CEILING_DBFS / 20.0), 5.0,
                                       80.0, channels))) {
        st = pc_error_nomem(err);
        goto done;
    }
    ep->channels = channels;
    if (out_rate != rate) {
        soxr_error_t se;
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT64_I, SOXR_FLOAT64_I);
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        ep->ratio = (double)out_rate / rate;
        ep->rs_cap = (size_t)(CHUNK_FRAMES * ep->ratio) + 4096;
        ep->soxr = soxr_create(rate, out_rate, ep->channels, &se, &io, &q, NULL);
        ep->rs_out = malloc(sizeof *ep->rs_out * ep->rs_cap * ep->channels);
        if (!ep->soxr || !ep->rs_out) {
            st = se ? pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "cannot resample: %s", se)
                    : pc_error_nomem(err);
            goto done;
        }
    }
    ep->cfg = cfg;
    ep->post = post;
    ep->plan = plan;
    ep->first = first;
    ep->cal = &cal;
    ep->clip_voice = clip_voice;
    ep->tl = tl;
    ep->last_section = ep->last_turn = SIZE_MAX;
    ep->t0 = now();
    ep->pr.clip_count = nclips;
    ep->pr.section_count = nsections;
    r.get = episode_get;
    r.done = episode_done;
    r.user = ep;
    if ((st = run_clips(&r, nitems, err)))
        goto done;
    if (ep->music) {
        /* the outro (or the intro, or the bed's fade) may outlast the words */
        uint64_t end = pc_music_finish(ep->music, ep->cursor);
        if (end > ep->cursor && (st = write_silence(ep, end - ep->cursor, err)))
            goto done;
        ep->cursor = end > ep->cursor ? end : ep->cursor;
    }
    /* the resampler still holds its filter's tail, and the limiter's
     * look-ahead the last frames */
    if ((ep->soxr && (st = to_rate(ep, NULL, 0, true, err))) ||
        (st = to_limiter(ep, NULL, pc_limiter_latency(ep->limiter), err)))
        goto done;
    if (ep->soxr && ep->written != (uint64_t)llround((double)ep->fed * ep->ratio)) {
        st = pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "the resampler fell short");
        goto done;
    }
    tl->total = ep->cursor;
    for (; ep->next_chapter < nsections; ep->next_chapter++)
        tl->chapters[ep->next_chapter] = ep->next_chapter == 0 ? 0 : tl->total;

    /* chapters at the file's rate */
    uint64_t *at = tl->chapters, total_out = tl->total;
    if (ep->soxr) {
        if (!(at = malloc(sizeof *at * (nsections ? nsections : 1)))) {
            st = pc_error_nomem(err);
            goto done;
        }
        for (size_t i = 0; i < nsections; i++)
            at[i] = (uint64_t)llround((double)tl->chapters[i] * ep->ratio);
        total_out = ep->written;
    }
    st = pc_sink_finish(ep->sink, at, nsections, total_out, err);
    ep->sink = NULL;
    if (at != tl->chapters)
        free(at);
    if (!st && cache)
        pc_cache_trim(cache);
done:
    if (ep && ep->sink)
        pc_sink_abort(ep->sink);
    pc_cache_free(cache);
    free(cal.voices);
    free(clip_voice);
    free(titles);
    free(artist);
    if (ep) {
        free(ep->items);
        pc_limiter_free(ep->limiter);
        if (ep->soxr)
            soxr_delete(ep->soxr);
        free(ep->rs_out);
        pc_music_free(ep->music);
    }
    free(ep);
    if (st || !timeline)
        pcast_timeline_free(tl);
    else
        *timeline = tl;
    return st;
}

pcast_status pcast_render(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                          const pcast_render_config *cfg, pcast_timeline **timeline,
                          pcast_error *err)
{
    if (!post || !cast || !plan)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to render");
    return pc_render_plan(post, cast, plan, pcast_post_speaker_count(post), cfg, timeline, err);
}

pcast_status pcast_say(const pcast_voice *voice, const char *text, const char *lang,
                       const char *output_path, pcast_error *err)
{
    if (!voice || !text || !output_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to say");
    pcast_plan *plan;
    pcast_cast *cast;
    pcast_status st = pc_plan_text(text, lang, &plan, err);
    if (st)
        return st;
    if ((st = pc_cast_single(voice, &cast, err))) {
        pcast_plan_free(plan);
        return st;
    }
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = output_path;
    st = pc_render_plan(NULL, cast, plan, 1, &cfg, NULL, err);
    pcast_cast_free(cast);
    pcast_plan_free(plan);
    return st;
}
