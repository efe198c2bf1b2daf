/* mix: a look-ahead peak limiter, the last stage before the sink.
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
    size_t L;          /* look-ahead, samples */
    double ceiling;    /* linear, of full scale */
    double rc;         /* release coefficient per sample */
    double *x;         /* the delay line: input, L samples */
    uint32_t *r;       /* the last L release-smoothed gains, 2^30 = 1.0 */
    uint64_t sum;      /* their sum, exact */
    double *need;      /* the sliding-minimum deque: values ... */
    size_t *at;        /* ... and their positions */
    size_t head, tail; /* deque bounds (mod L + 1) */
    double last_r;
    size_t n;          /* samples pushed */
    size_t slot;       /* n mod L */
    size_t zeros;      /* consecutive zero samples pushed */
    unsigned channels; /* 1, or 2: each sample carries its pan */
    double *pan;       /* the delay line's channel gains, 2 per sample */
};

pc_limiter *pc_limiter_new(unsigned rate, double ceiling, double lookahead_ms, double release_ms,
                           unsigned channels)
{
    pc_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->channels = channels == 2 ? 2 : 1;
    l->L = (size_t)(rate * lookahead_ms / 1000.0);
    if (l->L < 2)
        l->L = 2;
    l->ceiling = ceiling;
    l->rc = exp(-1.0 / (rate * release_ms / 1000.0));
    l->x = calloc(l->L, sizeof *l->x);
    l->r = calloc(l->L, sizeof *l->r);
    l->need = calloc(l->L + 1, sizeof *l->need);
    l->at = calloc(l->L + 1, sizeof *l->at);
    l->pan = calloc(l->L * 2, sizeof *l->pan);
    if (!l->x || !l->r || !l->need || !l->at || !l->pan) {
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
    free(l->pan);
    free(l);
}

/* Pushes one input sample; once L samples are in, one output comes out
 * (returns true and sets *y). */
static inline int16_t to_pcm(double y)
{
    long v = lrint(y);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static inline size_t inc(size_t i, size_t cap) { return ++i == cap ? 0 : i; }
static inline size_t dec(size_t i, size_t cap) { return i == 0 ? cap - 1 : i - 1; }

static bool push(pc_limiter *l, double x, const double *pan, double *y)
{
    size_t L = l->L, cap = L + 1, n = l->n;
    double a = fabs(x) * (pan ? (pan[0] > pan[1] ? pan[0] : pan[1]) : 1.0);
    double need = a > l->ceiling ? l->ceiling / a : 1.0;
    l->zeros = x == 0.0 ? l->zeros + 1 : 0;

    /* sliding minimum of need over the last L samples */
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
    l->x[slot] = x;
    if (pan) {
        l->pan[2 * slot] = pan[0];
        l->pan[2 * slot + 1] = pan[1];
    }
    l->slot = inc(slot, L);
    l->n = n + 1;
    if (n + 1 < L)
        return false;
    double g = l->sum == (uint64_t)ONE * L ? 1.0 : (double)l->sum / ((double)ONE * (double)L);
    *y = l->x[l->slot] * g;
    return true;
}

/* The frame leaving the delay line with value y: mono, or panned. */
static size_t put_frame(const pc_limiter *l, double y, int16_t *out, size_t k)
{
    if (l->channels == 1) {
        out[k] = to_pcm(y);
        return k + 1;
    }
    size_t s = l->slot; /* push() has moved on: this is the leaving slot */
    out[k] = to_pcm(y * l->pan[2 * s]);
    out[k + 1] = to_pcm(y * l->pan[2 * s + 1]);
    return k + 2;
}

/* At rest (no gain reduction anywhere in the window) and with no sample
 * of the chunk over the ceiling, every output of the chunk has gain 1.0
 * exactly: the chunk only moves through the delay line. The same samples
 * as push() would give, for a fraction of the work. */
static bool quiet_chunk(const pc_limiter *l, const int16_t *in, double gain, const double *pan,
                        size_t n)
{
    if (pan)
        gain *= pan[0] > pan[1] ? pan[0] : pan[1];
    if (l->sum != (uint64_t)ONE * l->L || l->last_r != 1.0)
        return false;
    int peak = 0;
    for (size_t i = 0; in && i < n; i++) {
        int a = in[i] < 0 ? -in[i] : in[i];
        peak = a > peak ? a : peak;
    }
    return peak * gain <= l->ceiling;
}

size_t pc_limiter_run(pc_limiter *l, const int16_t *in, double gain, const double *pan, size_t n,
                      int16_t *out)
{
    size_t k = 0, L = l->L;
    static const double centre[2] = {0.70710678118654752, 0.70710678118654752};
    if (l->channels == 2 && !pan)
        pan = centre;
    if (l->channels == 1)
        pan = NULL;
    if (quiet_chunk(l, in, gain, pan, n)) {
        size_t slot = l->slot, zeros = l->zeros, pos = l->n;
        double *x = l->x, *pn = l->pan;
        for (size_t i = 0; i < n; i++) {
            double v = in ? in[i] * gain : 0.0;
            zeros = v == 0.0 ? zeros + 1 : 0;
            x[slot] = v;
            if (pan) {
                pn[2 * slot] = pan[0];
                pn[2 * slot + 1] = pan[1];
            }
            slot = inc(slot, L);
            if (++pos < L)
                continue;
            /* the leaving frame is now at slot */
            if (!pan) {
                out[k++] = to_pcm(x[slot]);
            } else {
                out[k++] = to_pcm(x[slot] * pn[2 * slot]);
                out[k++] = to_pcm(x[slot] * pn[2 * slot + 1]);
            }
        }
        l->slot = slot;
        l->zeros = zeros;
        l->n = pos;
        if (n) { /* the sliding minimum: 1.0, as of the last sample */
            l->head = 0;
            l->tail = 1;
            l->need[0] = 1.0;
            l->at[0] = pos - 1;
        }
        return k / l->channels;
    }
    for (size_t i = 0; i < n; i++) {
        double y;
        if (push(l, in ? in[i] * gain : 0.0, pan, &y))
            k = put_frame(l, y, out, k);
    }
    return k / l->channels;
}

size_t pc_limiter_latency(const pc_limiter *l) { return l->L - 1; }
