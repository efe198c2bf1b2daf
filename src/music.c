/* music: an intro, an outro and a looped bed, mixed under the speech.
 *
 * Each file is read with libsndfile (any format it knows), folded to the
 * episode's channels, resampled to the file's rate with libsoxr and
 * levelled by its integrated loudness (libebur128, measured in a first
 * pass) against the speech's target, so music and voices sit together
 * whatever the files' own levels.
 *
 * Placement is keyed off the timeline, which the renderer reports clip by
 * clip before a clip's pause reaches the mix: the intro starts the
 * episode and the first words come `overlap` before it ends; the outro
 * starts `overlap` before the last words end; the bed loops under the
 * narrator (or under everyone) and fades in and out around their runs.
 *
 * Ducking: all music dips by `duck` dB while anyone speaks. It starts to
 * go down ATTACK before the words, holds for HOLD after them and comes
 * back up over RELEASE, so ordinary pauses between sentences and turns
 * stay ducked (no pumping) and the music only surfaces in longer ones,
 * such as section breaks. Gains are evaluated every BLOCK frames on a
 * fixed grid and interpolated, so the result does not depend on how the
 * audio is chunked. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "internal.h"
#include "io.h"

#include <ebur128.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BLOCK 64        /* output frames between gain evaluations */
#define READ_FRAMES 4096
#define ATTACK_S 0.3
#define HOLD_S 1.0
#define RELEASE_S 0.6
#define DECLICK_S 0.02
#define MAX_GAIN_DB 24.0
#define CYCLE_BYTES ((size_t)32 << 20) /* a bed up to this is decoded once */

pcast_music pcast_music_default(void)
{
    pcast_music m;
    memset(&m, 0, sizeof m);
    m.volume_db = 0.0;
    m.bed_volume_db = -12.0;
    m.duck_db = 10.0;
    m.fade_s = 1.5;
    m.overlap_s = 1.0;
    return m;
}

typedef struct track {
    const char *path;
    SNDFILE *sf;
    SF_INFO info;
    soxr_t rs;          /* file rate -> episode rate, or NULL */
    bool loop;
    bool ended;
    double gain;        /* to the target, in int16 units */
    uint64_t frames;    /* length at the episode's rate */
    uint64_t file_frames;
    unsigned file_rate;
    unsigned ch;        /* episode channels */
    float *raw;         /* a block as read */
    double *lay;        /* the same block in the episode's channels */
    size_t lay_n, lay_at;
    float *cycle;       /* a looping track, once round at the episode's rate */
    size_t cycle_n, cycle_at;
} track;

typedef struct span {
    uint64_t start, end;
    bool bed;           /* the bed plays under it */
} span;

struct pc_music {
    track intro, outro, bed;
    bool bed_all;
    unsigned ch;
    unsigned rate;            /* the episode's */
    double ratio;             /* episode rate / timeline rate */
    double duck_db, fade, overlap; /* fade and overlap in timeline frames */
    double attack, hold, release;  /* timeline frames */
    uint64_t intro_tl;        /* the intro's length in timeline frames */
    uint64_t outro_tl;        /* the outro's, and where it starts */
    uint64_t outro_at_tl;
    span *spans;
    size_t count, cap;
    size_t k;                 /* first span that ends after the mix's time */
    double last_bed_end;      /* end of the last bed span before that */
    uint64_t outro_at;        /* episode frame the outro starts at */
    uint64_t pos;             /* episode frames mixed */
    double g_prev[3];         /* gains at the current block's grid point */
    double *tmp;              /* a block of one track */
};

/* ---------- reading a track ---------- */

static pcast_status track_error(pcast_error *err, const pcast_music_origin *o, const char *path,
                                const char *what, const char *detail)
{
    if (o && o->file)
        return pc_error_set(err, PCAST_ERR_INPUT, o->file, o->line, o->column,
                            "music %s '%s': %s", what, path, detail);
    return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0, "music %s: %s", what, detail);
}

/* raw (n frames of the file's channels) -> lay (the episode's), [-1, 1]. */
static void fold(track *t, size_t n)
{
    size_t fc = (size_t)t->info.channels;
    for (size_t i = 0; i < n; i++) {
        const float *f = t->raw + i * fc;
        if (t->ch == 2 && fc == 2) {
            t->lay[2 * i] = isfinite(f[0]) ? f[0] : 0.0;
            t->lay[2 * i + 1] = isfinite(f[1]) ? f[1] : 0.0;
            continue;
        }
        double s = 0.0;
        for (size_t c = 0; c < fc; c++)
            s += isfinite(f[c]) ? f[c] : 0.0;
        s /= (double)fc;
        for (size_t c = 0; c < t->ch; c++)
            t->lay[i * t->ch + c] = s;
    }
}

/* The next block of the file in the episode's channels; 0 at the end (a
 * looping track starts over instead). */
static size_t read_block(track *t)
{
    sf_count_t got = sf_readf_float(t->sf, t->raw, READ_FRAMES);
    if (got <= 0 && t->loop && sf_seek(t->sf, 0, SEEK_SET) == 0)
        got = sf_readf_float(t->sf, t->raw, READ_FRAMES);
    if (got <= 0)
        return 0;
    fold(t, (size_t)got);
    return (size_t)got;
}

static size_t soxr_input(void *user, soxr_cbuf_t *data, size_t want)
{
    (void)want;
    track *t = user;
    size_t n = read_block(t);
    *data = t->lay;
    return n;
}

/* A track given and open. */
static bool has(const track *t) { return t->sf != NULL; }

static void track_close(track *t)
{
    if (t->sf)
        sf_close(t->sf);
    if (t->rs)
        soxr_delete(t->rs);
    free(t->raw);
    free(t->lay);
    free(t->cycle);
    memset(t, 0, sizeof *t);
}

/* Opens path, measures its loudness in the episode's channels and sets
 * its gain to bring it to lufs; then rewinds it for playing. */
static pcast_status track_open(track *t, const char *path, const pcast_music_origin *o,
                               const char *what, unsigned rate, unsigned ch, double lufs,
                               bool loop, bool allow_outside, pcast_error *err)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->ch = ch;
    t->loop = loop;
    const char *slash = o && o->file ? strrchr(o->file, '/') : NULL;
    if (o && o->file && !allow_outside &&
        !pc_io_path_inside(path, o->file, slash ? (size_t)(slash - o->file) + 1 : 0))
        return track_error(err, o, path, what,
                           "outside the post's folder (music from elsewhere needs "
                           "--allow-music-outside)");
    struct stat st;
    if (stat(path, &st) != 0)
        return track_error(err, o, path, what, strerror(errno));
    if (!S_ISREG(st.st_mode)) /* a FIFO would block, a device never end */
        return track_error(err, o, path, what,
                           S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file");
    t->sf = sf_open(path, SFM_READ, &t->info);
    if (!t->sf) {
        char msg[200];
        snprintf(msg, sizeof msg, "not audio that libsndfile reads (%s)", sf_strerror(NULL));
        return track_error(err, o, path, what, msg);
    }
    if (t->info.channels < 1 || t->info.channels > 64 || t->info.samplerate < 1000 ||
        t->info.samplerate > 768000)
        return track_error(err, o, path, what, "unsupported channels or sample rate");
    if (!t->info.seekable)
        return track_error(err, o, path, what, "cannot be read twice (a pipe?)");
    t->raw = malloc(sizeof *t->raw * READ_FRAMES * (size_t)t->info.channels);
    t->lay = malloc(sizeof *t->lay * READ_FRAMES * ch);
    ebur128_state *m = ebur128_init(ch, (unsigned long)t->info.samplerate, EBUR128_MODE_I);
    if (!t->raw || !t->lay || !m) {
        if (m)
            ebur128_destroy(&m);
        return pc_error_nomem(err);
    }
    uint64_t frames = 0;
    sf_count_t got;
    bool ok = true;
    /* a piece shorter than a second is measured as if looped to one (the
     * meter needs 400 ms blocks) */
    uint64_t fed = 0;
    for (int pass = 0; ok && (pass == 0 || (frames && fed < (uint64_t)t->info.samplerate)); pass++) {
        if (pass && sf_seek(t->sf, 0, SEEK_SET) != 0)
            break;
        while ((got = sf_readf_float(t->sf, t->raw, READ_FRAMES)) > 0) {
            fold(t, (size_t)got);
            ok = ok && ebur128_add_frames_double(m, t->lay, (size_t)got) == EBUR128_SUCCESS;
            fed += (uint64_t)got;
            if (!pass)
                frames += (uint64_t)got;
        }
    }
    double have = -HUGE_VAL;
    ok = ok && ebur128_loudness_global(m, &have) == EBUR128_SUCCESS;
    ebur128_destroy(&m);
    if (sf_error(t->sf))
        return track_error(err, o, path, what, sf_strerror(t->sf));
    if (!frames)
        return track_error(err, o, path, what, "has no audio");
    if (!ok || !isfinite(have))
        return track_error(err, o, path, what, "is silent (or too short to measure)");
    if (sf_seek(t->sf, 0, SEEK_SET) != 0)
        return track_error(err, o, path, what, "cannot be read twice");
    double db = lufs - have;
    t->gain = pow(10.0, (db < MAX_GAIN_DB ? db : MAX_GAIN_DB) / 20.0) * 32768.0;
    double ratio = (double)rate / t->info.samplerate;
    t->frames = (uint64_t)llround((double)frames * ratio);
    t->file_frames = frames;
    t->file_rate = (unsigned)t->info.samplerate;
    if ((unsigned)t->info.samplerate != rate) {
        soxr_error_t se = NULL;
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT64_I, SOXR_FLOAT64_I);
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        t->rs = soxr_create(t->info.samplerate, rate, ch, &se, &io, &q, NULL);
        if (!t->rs || (se = soxr_set_input_fn(t->rs, soxr_input, t, READ_FRAMES)))
            return track_error(err, o, path, what, se ? se : "cannot resample");
    }
    return PCAST_OK;
}

/* The next n frames of the file through the resampler into out (zeros
 * once it has ended). */
static void stream_pull(track *t, double *out, size_t n)
{
    size_t ch = t->ch, k = 0;
    while (k < n && !t->ended) {
        if (t->rs) {
            size_t got = soxr_output(t->rs, out + k * ch, n - k);
            if (!got)
                t->ended = true;
            k += got;
            continue;
        }
        if (t->lay_at == t->lay_n) {
            t->lay_n = read_block(t);
            t->lay_at = 0;
            if (!t->lay_n) {
                t->ended = true;
                break;
            }
        }
        size_t m = t->lay_n - t->lay_at < n - k ? t->lay_n - t->lay_at : n - k;
        memcpy(out + k * ch, t->lay + t->lay_at * ch, m * ch * sizeof *out);
        t->lay_at += m;
        k += m;
    }
    memset(out + k * ch, 0, (n - k) * ch * sizeof *out);
}

/* The next n frames of t, from its cycle in memory or from the file
 * through the resampler (zeros once it has ended). */
static void track_pull(track *t, double *out, size_t n)
{
    size_t ch = t->ch, k = 0;
    if (t->cycle) {
        for (; k < n; k++) {
            for (size_t c = 0; c < ch; c++)
                out[k * ch + c] = t->cycle[t->cycle_at * ch + c];
            t->cycle_at = t->cycle_at + 1 == t->cycle_n ? 0 : t->cycle_at + 1;
        }
        return;
    }
    stream_pull(t, out, n);
}

/* A looping track short enough is decoded and resampled once: the second
 * time round of the endless stream, so its start has the first round's
 * end in the resampler's filter and the loop has no seam. The episode
 * then loops it from memory instead of decoding the file again and again. */
static void track_cache_cycle(track *t)
{
    size_t n = (size_t)t->frames, ch = t->ch;
    if (!t->loop || !n || n > CYCLE_BYTES / (ch * sizeof *t->cycle) ||
        !(t->cycle = malloc(n * ch * sizeof *t->cycle)))
        return;
    double block[1024];
    size_t per = sizeof block / sizeof *block / ch;
    for (int round = 0; round < 2; round++)
        for (size_t at = 0; at < n; at += per) {
            size_t m = n - at < per ? n - at : per;
            stream_pull(t, block, m);
            for (size_t i = 0; round == 1 && i < m * ch; i++)
                t->cycle[at * ch + i] = (float)block[i];
        }
    t->cycle_n = n;
    t->cycle_at = 0;
}

/* ---------- the music of an episode ---------- */

void pc_music_free(pc_music *m)
{
    if (!m)
        return;
    track_close(&m->intro);
    track_close(&m->outro);
    track_close(&m->bed);
    free(m->spans);
    free(m->tmp);
    free(m);
}

/* A track's length in timeline frames, rounded up: exact integers, so the
 * timeline does not depend on the file's rate. */
static uint64_t tl_length(const track *t, unsigned tl_rate)
{
    return (t->file_frames * tl_rate + t->file_rate - 1) / t->file_rate;
}

static bool finite_in(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }

pcast_status pc_music_open(const pcast_music *cfg, unsigned tl_rate, unsigned rate, unsigned ch,
                           double target_lufs, bool allow_outside, pc_music **out,
                           pcast_error *err)
{
    *out = NULL;
    if (!cfg || (!cfg->intro && !cfg->outro && !cfg->bed))
        return PCAST_OK;
    if (!finite_in(cfg->volume_db, -60, 20) || !finite_in(cfg->bed_volume_db, -60, 20))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "music volumes are dB from -60 to 20");
    if (!finite_in(cfg->duck_db, 0, 60))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "music ducking is 0 to 60 dB");
    if (!finite_in(cfg->fade_s, 0, 60) || !finite_in(cfg->overlap_s, 0, 60))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "music fades and overlaps are 0 to 60 seconds");
    pc_music *m = calloc(1, sizeof *m);
    if (!m || !(m->tmp = malloc(sizeof *m->tmp * BLOCK * ch))) {
        free(m);
        return pc_error_nomem(err);
    }
    m->ch = ch;
    m->rate = rate;
    m->ratio = (double)rate / tl_rate;
    m->duck_db = cfg->duck_db;
    m->fade = cfg->fade_s * tl_rate;
    m->overlap = cfg->overlap_s * tl_rate;
    m->attack = ATTACK_S * tl_rate;
    m->hold = HOLD_S * tl_rate;
    m->release = RELEASE_S * tl_rate;
    m->bed_all = cfg->bed_under_all;
    m->last_bed_end = -HUGE_VAL;
    m->outro_at = UINT64_MAX;
    double music = target_lufs + cfg->volume_db, bed = target_lufs + cfg->bed_volume_db;
    pcast_status st = PCAST_OK;
    if (cfg->intro && !st) {
        st = track_open(&m->intro, cfg->intro, &cfg->origin[0], "intro", rate, ch, music, false,
                        allow_outside, err);
        m->intro_tl = st ? 0 : tl_length(&m->intro, tl_rate);
    }
    if (cfg->outro && !st) {
        st = track_open(&m->outro, cfg->outro, &cfg->origin[1], "outro", rate, ch, music, false,
                        allow_outside, err);
        m->outro_tl = st ? 0 : tl_length(&m->outro, tl_rate);
    }
    if (cfg->bed && !st) {
        st = track_open(&m->bed, cfg->bed, &cfg->origin[2], "bed", rate, ch, bed, true, allow_outside,
                       err);
        if (!st)
            track_cache_cycle(&m->bed);
    }
    if (st) {
        pc_music_free(m);
        return st;
    }
    *out = m;
    return PCAST_OK;
}

uint64_t pc_music_lead(const pc_music *m, uint64_t first_pause)
{
    if (!m || !has(&m->intro))
        return 0;
    double lead = (double)m->intro_tl - m->overlap - (double)first_pause;
    return lead > 0 ? (uint64_t)llround(lead) : 0;
}

/* The outro starts at timeline frame tl. */
static void place_outro(pc_music *m, uint64_t tl)
{
    m->outro_at_tl = tl;
    m->outro_at = (uint64_t)llround((double)tl * m->ratio);
}

pcast_status pc_music_speech(pc_music *m, uint64_t start, uint64_t end, bool narrator, bool last,
                             uint64_t now, pcast_error *err)
{
    if (!pc_grow((void **)&m->spans, &m->cap, m->count, sizeof *m->spans))
        return pc_error_nomem(err);
    m->spans[m->count++] = (span){start, end, narrator || m->bed_all};
    if (last) {
        double at = (double)end - m->overlap;
        place_outro(m, at > (double)now ? (uint64_t)llround(at) : now);
    }
    return PCAST_OK;
}

uint64_t pc_music_finish(pc_music *m, uint64_t now)
{
    if (m->outro_at == UINT64_MAX) /* no words: the outro follows at once */
        place_outro(m, now);
    uint64_t end = has(&m->intro) ? m->intro_tl : 0;
    if (has(&m->outro) && m->outro_at_tl + m->outro_tl > end)
        end = m->outro_at_tl + m->outro_tl;
    /* room for the bed to fade out after the last words under it */
    for (size_t i = m->count; has(&m->bed) && i-- > 0;)
        if (m->spans[i].bed) {
            uint64_t b = m->spans[i].end + (uint64_t)ceil(m->fade);
            end = b > end ? b : end;
            break;
        }
    return end;
}

/* 1 while speech is near time t (timeline frames), 0 well away from it. */
static double duck_amount(const pc_music *m, double t)
{
    size_t k = m->k;
    if (k < m->count && (double)m->spans[k].start <= t)
        return 1.0;
    double a = 0.0;
    if (k > 0) {
        double d = t - (double)m->spans[k - 1].end;
        a = d <= m->hold ? 1.0 : d >= m->hold + m->release ? 0.0 : 1.0 - (d - m->hold) / m->release;
    }
    if (k < m->count) {
        double d = (double)m->spans[k].start - t;
        double b = d >= m->attack ? 0.0 : 1.0 - d / m->attack;
        a = b > a ? b : a;
    }
    return a;
}

/* How much of the bed plays at t: 1 under its runs, fading at their ends. */
static double bed_amount(const pc_music *m, double t)
{
    size_t k = m->k;
    bool next = k < m->count && m->spans[k].bed;
    if (next && (double)m->spans[k].start <= t)
        return 1.0; /* under a bed span */
    bool prev = k > 0 && m->spans[k - 1].bed;
    if (prev && next)
        return 1.0; /* a pause inside a run */
    double b = 0.0;
    if (m->fade <= 0.0)
        return 0.0;
    if (isfinite(m->last_bed_end)) {
        double d = t - m->last_bed_end;
        b = d >= m->fade ? 0.0 : 1.0 - d / m->fade;
    }
    if (next && !(k < m->count && (double)m->spans[k].start <= t)) {
        double from = (double)m->spans[k].start - m->fade;
        double prev_end = k > 0 ? (double)m->spans[k - 1].end : 0.0;
        from = from > prev_end ? from : prev_end;
        double len = (double)m->spans[k].start - from;
        double in = len <= 0.0 ? 1.0 : t <= from ? 0.0 : (t - from) / len;
        b = in > b ? in : b;
    }
    return b < 0.0 ? 0.0 : b > 1.0 ? 1.0 : b;
}

/* Fade in over the first `in` and out over the last `out` frames of a
 * piece `len` frames long, at its frame i. */
static double fades(uint64_t i, uint64_t len, double in, double out)
{
    if (i >= len)
        return 0.0;
    double g = 1.0;
    if (in > 0.0 && (double)i < in)
        g = (double)i / in;
    double left = (double)(len - i);
    if (out > 0.0 && left < out)
        g = g < left / out ? g : left / out;
    return g;
}

/* The three tracks' gains at episode frame j. */
static void gains_at(pc_music *m, uint64_t j, double g[3])
{
    double t = (double)j / m->ratio;
    while (m->k < m->count && (double)m->spans[m->k].end <= t) {
        if (m->spans[m->k].bed)
            m->last_bed_end = (double)m->spans[m->k].end;
        m->k++;
    }
    double duck = pow(10.0, -m->duck_db * duck_amount(m, t) / 20.0);
    double fade = m->fade * m->ratio, click = DECLICK_S * m->rate;
    g[0] = g[1] = g[2] = 0.0;
    if (has(&m->intro)) {
        uint64_t len = m->intro.frames;
        double out = fade < (double)len / 2 ? fade : (double)len / 2;
        g[0] = m->intro.gain * duck * fades(j, len, 0.0, out > click ? out : click);
    }
    if (has(&m->outro) && j >= m->outro_at) {
        uint64_t len = m->outro.frames;
        double in = fade < (double)len / 2 ? fade : (double)len / 2;
        g[1] = m->outro.gain * duck * fades(j - m->outro_at, len, in, click);
    }
    if (has(&m->bed))
        g[2] = m->bed.gain * duck * bed_amount(m, t);
}

void pc_music_mix(pc_music *m, double *frames, size_t n)
{
    size_t ch = m->ch;
    track *tr[3] = {&m->intro, &m->outro, &m->bed};
    if (m->pos == 0) /* nothing mixed yet: the first grid point */
        gains_at(m, 0, m->g_prev);
    for (size_t done = 0; done < n;) {
        uint64_t j0 = m->pos, grid = j0 - j0 % BLOCK, next = grid + BLOCK;
        size_t len = next - j0 < n - done ? (size_t)(next - j0) : n - done;
        double g1[3];
        gains_at(m, next, g1); /* gains_at only moves forward; again is the same */
        for (int s = 0; s < 3; s++) {
            double a = m->g_prev[s], b = g1[s];
            bool playing = s == 0   ? j0 < m->intro.frames
                           : s == 1 ? m->outro_at != UINT64_MAX && j0 + len > m->outro_at
                                    : a > 0.0 || b > 0.0;
            if (!has(tr[s]) || !playing)
                continue;
            size_t skip = s == 1 && j0 < m->outro_at ? (size_t)(m->outro_at - j0) : 0;
            track_pull(tr[s], m->tmp, len - skip);
            for (size_t i = skip; i < len; i++) {
                double g = a + (b - a) * (double)(j0 + i - grid) / BLOCK;
                for (size_t c = 0; c < ch; c++)
                    frames[(done + i) * ch + c] += g * m->tmp[(i - skip) * ch + c];
            }
        }
        m->pos += len;
        done += len;
        if (m->pos == next) /* else the block goes on in the next call */
            memcpy(m->g_prev, g1, sizeof g1);
    }
}
