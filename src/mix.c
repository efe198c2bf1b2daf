/* mix: a look-ahead peak limiter, the last stage before the sink. It takes
 * frames already mixed (voices placed in the stereo field, music added) at
 * the file's rate and holds every channel under the ceiling.
 *
 * Every voice gets one gain toward the loudness target; the limiter then
 * holds the peaks under the ceiling without pumping. For each sample the
 * gain it needs is need[n] = min(1, ceiling / |x[n]|). The gain applied is
 *
 *   M[j] = min(need[j-L+1 .. j])             (a sliding minimum)
 *   R[j] = min(M[j], 1 - (1 - R[j-1]) * rc)  (a slow release)
 *   G[k] = mean(R[k .. k+L-1])               (a moving average)
 *
 * Each R[j] averaged into G[k] saw need[k] in its window, so G[k] <=
 * need[k]: no sample passes the ceiling, and the gain glides down over L
 * samples before a peak instead of stepping. Output is delayed by L
 * samples, which pc_limiter_flush() pads out, so the timeline stays exact.
 *
 * Determinism matters more than the last cycle: R snaps to exactly 1.0
 * once within 1e-3 of it and is kept in fixed point (2^30 = 1.0), so the
 * moving average is an exact integer running sum, O(1) a sample and free
 * of float drift. And L zero samples in a row put the release at rest
 * (the gain of silence is inaudible): after any pause of 2L samples the
 * state is that of a fresh limiter, so a previewed section or turn, which
 * always follows a pause, comes out with the very samples of the whole
 * episode. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ONE (1u << 30)

struct pc_limiter {
    size_t L;          /* look-ahead, frames */
    double ceiling;    /* linear, of full scale */
    double rc;         /* release coefficient per frame */
    unsigned ch;       /* channels: 1 or 2 */
    double *x;         /* the delay line: L frames of ch samples */
    uint32_t *r;       /* the last L release-smoothed gains, 2^30 = 1.0 */
    uint64_t sum;      /* their sum, exact */
    double *need;      /* the sliding-minimum deque: values ... */
    size_t *at;        /* ... and their positions */
    size_t head, tail; /* deque bounds (mod L + 1) */
    double last_r;
    size_t n;          /* frames pushed */
    size_t slot;       /* n mod L */
    size_t zeros;      /* consecutive all-zero frames pushed */
};

pc_limiter *pc_limiter_new(unsigned rate, double ceiling, double lookahead_ms, double release_ms,
                           unsigned channels)
{
    pc_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->ch = channels == 2 ? 2 : 1;
    l->L = (size_t)(rate * lookahead_ms / 1000.0);
    if (l->L < 2)
        l->L = 2;
    l->ceiling = ceiling;
    l->rc = exp(-1.0 / (rate * release_ms / 1000.0));
    l->x = calloc(l->L * l->ch, sizeof *l->x);
    l->r = calloc(l->L, sizeof *l->r);
    l->need = calloc(l->L + 1, sizeof *l->need);
    l->at = calloc(l->L + 1, sizeof *l->at);
    if (!l->x || !l->r || !l->need || !l->at) {
        pc_limiter_free(l);
        return NULL;
    }
    for (size_t i = 0; i < l->L; i++)
        l->r[i] = ONE;
    l->sum = (uint64_t)ONE * l->L;
    l->last_r = 1.0;
    return l;
}

void pc_limiter_free(pc_limiter *l)
{
    if (!l)
        return;
    free(l->x);
    free(l->r);
    free(l->need);
    free(l->at);
    free(l);
}

static inline int16_t to_pcm(double y)
{
    long v = lrint(y);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static inline size_t inc(size_t i, size_t cap) { return ++i == cap ? 0 : i; }
static inline size_t dec(size_t i, size_t cap) { return i == 0 ? cap - 1 : i - 1; }

/* Pushes one frame (ch samples); once L frames are in, one frame comes
 * out into out (returns true). */
static bool push(pc_limiter *l, const double *v, int16_t *out)
{
    size_t L = l->L, cap = L + 1, n = l->n, ch = l->ch;
    double a = fabs(v[0]);
    if (ch == 2 && fabs(v[1]) > a)
        a = fabs(v[1]);
    double need = a > l->ceiling ? l->ceiling / a : 1.0;
    l->zeros = a == 0.0 ? l->zeros + 1 : 0;

    /* sliding minimum of need over the last L frames */
    while (l->head != l->tail && l->need[dec(l->tail, cap)] >= need)
        l->tail = dec(l->tail, cap);
    l->need[l->tail] = need;
    l->at[l->tail] = n;
    l->tail = inc(l->tail, cap);
    while (l->at[l->head] + L <= n)
        l->head = inc(l->head, cap);
    double m = l->need[l->head];

    /* release, snapping home; at rest after L zeros */
    double r = l->zeros >= L ? 1.0 : 1.0 - (1.0 - l->last_r) * l->rc;
    if (r > 1.0 - 1e-3) /* 0.009 dB from rest: inaudible, and rest comes sooner */
        r = 1.0;
    if (m < r)
        r = m;
    uint32_t rq = r >= 1.0 ? ONE : (uint32_t)(r * ONE);
    l->last_r = rq == ONE ? 1.0 : (double)rq / ONE;

    /* the window of R: this slot held R[n - L] until now */
    size_t slot = l->slot;
    l->sum += rq;
    l->sum -= l->r[slot];
    l->r[slot] = rq;

    /* output k = n - L + 1 uses R[k .. n], the window just filled, and
     * x[k], now the oldest in the delay line (this slot held x[n - L]) */
    for (size_t c = 0; c < ch; c++)
        l->x[slot * ch + c] = v[c];
    l->slot = inc(slot, L);
    l->n = n + 1;
    if (n + 1 < L)
        return false;
    double g = l->sum == (uint64_t)ONE * L ? 1.0 : (double)l->sum / ((double)ONE * (double)L);
    for (size_t c = 0; c < ch; c++)
        out[c] = to_pcm(l->x[l->slot * ch + c] * g);
    return true;
}

/* At rest (no gain reduction anywhere in the window) and with no sample of
 * the run over the ceiling, every output of the run has gain 1.0
 * exactly: the run only moves through the delay line. The same samples
 * as push() would give, for a fraction of the work: frame f comes out
 * once frame f + L - 1 is in, from the delay line (f < l->n, at slot
 * f mod L) or straight from in, and only the last L frames of the run
 * are stored. ch is a constant in each caller, so the loops unroll. */
static inline __attribute__((always_inline)) size_t quiet_run(pc_limiter *l, const double *in,
                                                              size_t n, int16_t *out, size_t ch)
{
    size_t L = l->L, start = l->n, end = start + n, k = 0;
    double *x = l->x;
    /* outputs: frames first .. end - L (those with frame + L - 1 < end) */
    size_t first = start + 1 >= L ? start + 1 - L : 0;
    size_t last = end >= L ? end - L + 1 : 0; /* one past */
    size_t f = first;
    if (f < last && f < start) { /* still in the delay line */
        size_t stop = last < start ? last : start, slot = f % L;
        for (; f < stop; f++) {
            for (size_t c = 0; c < ch; c++)
                out[k++] = (int16_t)lrint(x[slot * ch + c]);
            slot = slot + 1 == L ? 0 : slot + 1;
        }
    }
    if (in)
        for (const double *p = in + (f - start) * ch; f < last; f++, p += ch)
            for (size_t c = 0; c < ch; c++)
                out[k++] = (int16_t)lrint(p[c]);
    else
        for (; f < last; f++)
            for (size_t c = 0; c < ch; c++)
                out[k++] = 0;
    /* the delay line keeps frames end - L .. end - 1, frame g at slot g mod L */
    size_t keep = n < L ? n : L, slot = (end - keep) % L;
    for (size_t g = end - keep; g < end; g++) {
        for (size_t c = 0; c < ch; c++)
            x[slot * ch + c] = in ? in[(g - start) * ch + c] : 0.0;
        slot = slot + 1 == L ? 0 : slot + 1;
    }
    /* zero frames in a row, as of the last */
    size_t z = 0;
    while (z < n && (!in || (in[(n - 1 - z) * ch] == 0.0 && in[(n - 1 - z) * ch + ch - 1] == 0.0)))
        z++;
    l->zeros = z == n ? l->zeros + n : z;
    l->slot = slot;
    l->n = end;
    if (n) { /* the sliding minimum: 1.0, as of the last frame */
        l->head = 0;
        l->tail = 1;
        l->need[0] = 1.0;
        l->at[0] = end - 1;
    }
    return k / ch;
}

static bool at_rest(const pc_limiter *l)
{
    return l->sum == (uint64_t)ONE * l->L && l->last_r == 1.0;
}

/* The number of frames from the start of in[0 .. m frames) before the
 * first with a sample over the ceiling (m when none is). Four running
 * maxima: max is exact in any order, and the chains overlap. */
static size_t frames_under(const pc_limiter *l, const double *in, size_t m)
{
    if (!in)
        return m;
    size_t ch = l->ch, at = 0;
    const double c = l->ceiling;
    for (; at + 8 <= m; at += 8) {
        const double *p = in + at * ch;
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        for (size_t i = 0; i < 8 * ch; i += 4) {
            double a0 = fabs(p[i]), a1 = fabs(p[i + 1]), a2 = fabs(p[i + 2]), a3 = fabs(p[i + 3]);
            p0 = a0 > p0 ? a0 : p0;
            p1 = a1 > p1 ? a1 : p1;
            p2 = a2 > p2 ? a2 : p2;
            p3 = a3 > p3 ? a3 : p3;
        }
        if (p0 > c || p1 > c || p2 > c || p3 > c)
            break;
    }
    for (; at < m; at++)
        for (size_t c2 = 0; c2 < ch; c2++)
            if (fabs(in[at * ch + c2]) > c)
                return at;
    return m;
}

size_t pc_limiter_frames(pc_limiter *l, const double *in, size_t n, int16_t *out)
{
    size_t k = 0, ch = l->ch, i = 0;
    static const double zero[2] = {0.0, 0.0};
    while (i < n) {
        if (at_rest(l)) {
            /* at rest, the frames under the ceiling only pass through */
            size_t m = frames_under(l, in ? in + i * ch : NULL, n - i);
            if (m) {
                const double *from = in ? in + i * ch : NULL;
                k += ch == 1 ? quiet_run(l, from, m, out + k * ch, 1)
                             : quiet_run(l, from, m, out + k * ch, 2);
                i += m;
                continue;
            }
        }
        if (push(l, in ? in + i * ch : zero, out + k * ch))
            k++;
        i++;
    }
    return k;
}

void pc_place(const int16_t *in, double gain, const double *pan, size_t n, unsigned channels,
              double *out)
{
    static const double centre[2] = {0.70710678118654752, 0.70710678118654752};
    if (!pan)
        pan = centre;
    /* one loop per case, so each vectorizes; the same products */
    if (!in) {
        for (size_t i = 0; i < n * (channels == 1 ? 1 : 2); i++)
            out[i] = channels == 1 ? 0.0 : 0.0 * pan[i & 1];
    } else if (channels == 1) {
        for (size_t i = 0; i < n; i++)
            out[i] = in[i] * gain;
    } else {
        double p0 = pan[0], p1 = pan[1];
        for (size_t i = 0; i < n; i++) {
            double s = in[i] * gain;
            out[2 * i] = s * p0;
            out[2 * i + 1] = s * p1;
        }
    }
}

size_t pc_limiter_run(pc_limiter *l, const int16_t *in, double gain, const double *pan, size_t n,
                      int16_t *out)
{
    double v[512];
    size_t ch = l->ch, block = sizeof v / sizeof *v / ch, k = 0;
    for (size_t at = 0; at < n; at += block) {
        size_t m = n - at < block ? n - at : block;
        pc_place(in ? in + at : NULL, gain, pan, m, l->ch, v);
        k += pc_limiter_frames(l, v, m, out + k * ch);
    }
    return k;
}

size_t pc_limiter_latency(const pc_limiter *l) { return l->L - 1; }
