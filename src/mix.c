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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define ONE (1u << 30)
#define ONE_D 1073741824.0                      /* ONE as a double */
#define SNAP_D ((1.0 - 1e-3) * 1073741824.0)    /* the snap threshold, scaled exactly */

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
    uint32_t last_rq;  /* R of the last frame pushed, 2^30 = 1.0 */
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
    l->last_rq = ONE;
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

#define OUT_BATCH 64 /* frames whose gain is applied together */

/* nb frames of ch samples xs, each times its gain sums[j] / denom (a
 * window sum of R over its full value: exactly 1.0 at rest), rounded
 * and clamped as to_pcm() does. Apart from the frame loop, so the
 * divisions and conversions run two at a time (SSE2: the same IEEE
 * operations; clamping before converting gives what clamping lrint's
 * result gives, NaN included). */
static void put_gained(const double *xs, const uint64_t *sums, size_t nb, size_t ch, double denom,
                       int16_t *out)
{
    double g[OUT_BATCH], y[OUT_BATCH * 2];
    size_t j = 0, n = nb * ch, i = 0;
    for (size_t f = 0; f < nb; f++)
        g[f] = (double)sums[f];
#if defined(__SSE2__)
    const __m128d d = _mm_set1_pd(denom);
    for (; j + 2 <= nb; j += 2)
        _mm_storeu_pd(g + j, _mm_div_pd(_mm_loadu_pd(g + j), d));
#endif
    for (; j < nb; j++)
        g[j] = g[j] / denom;
    for (size_t f = 0; f < nb; f++)
        for (size_t c = 0; c < ch; c++)
            y[f * ch + c] = xs[f * ch + c] * g[f];
#if defined(__SSE2__)
    const __m128d lo = _mm_set1_pd(-32768.0), hi = _mm_set1_pd(32767.0);
    for (; i + 4 <= n; i += 4) {
        /* max(y, lo) is lo when y is NaN, as lrint's LONG_MIN clamps */
        __m128d a = _mm_min_pd(_mm_max_pd(_mm_loadu_pd(y + i), lo), hi);
        __m128d b = _mm_min_pd(_mm_max_pd(_mm_loadu_pd(y + i + 2), lo), hi);
        __m128i v = _mm_unpacklo_epi64(_mm_cvtpd_epi32(a), _mm_cvtpd_epi32(b));
        _mm_storel_epi64((__m128i *)(void *)(out + i), _mm_packs_epi32(v, v));
    }
#endif
    /* counted, not i < n: -O3 (a Release build) could not bound the
     * latter and failed on -Werror=aggressive-loop-optimizations */
    for (unsigned r = 0, left = (unsigned)(n - i); r < left; r++)
        out[i + r] = to_pcm(y[i + r]);
}

/* The per-frame path: frames of in (NULL: silence) from the first up to
 * n, or up to and including the first after which the limiter is at
 * rest (at_rest(): the caller then looks for a quiet run). Each frame
 * pushed; once L frames are in, one frame comes out into out (its x
 * and window sum kept, the gain applied by put_gained). Returns
 * the frames written; *taken gets the frames pushed. The state lives in
 * locals for the loop (registers, not stores and reloads through l),
 * the arithmetic is the same in the same order. ch is a constant in each
 * caller, so the channel loops unroll. */
static inline __attribute__((always_inline)) size_t limit_run(pc_limiter *l, const double *in,
                                                              size_t n, int16_t *out, size_t ch,
                                                              size_t *taken)
{
    static const double zero[2] = {0.0, 0.0};
    const size_t L = l->L, cap = L + 1;
    const double ceiling = l->ceiling, rc = l->rc, denom = (double)ONE * (double)L;
    const uint64_t full = (uint64_t)ONE * L;
    double *x = l->x, *needs = l->need;
    size_t *at = l->at;
    uint32_t *rs = l->r;
    size_t head = l->head, tail = l->tail, count = l->n, slot = l->slot, zeros = l->zeros;
    uint64_t sum = l->sum;
    uint32_t last_rq = l->last_rq;
    size_t i = 0, k = 0, nb = 0;
    double xs[OUT_BATCH * 2];
    uint64_t sums[OUT_BATCH];
    while (i < n) {
        const double *v = in ? in + i * ch : zero;
        double a = fabs(v[0]);
        if (ch == 2 && fabs(v[1]) > a)
            a = fabs(v[1]);
        double need = a > ceiling ? ceiling / a : 1.0;
        zeros = a == 0.0 ? zeros + 1 : 0;

        /* sliding minimum of need over the last L frames */
        while (head != tail && needs[dec(tail, cap)] >= need)
            tail = dec(tail, cap);
        needs[tail] = need;
        at[tail] = count;
        tail = inc(tail, cap);
        while (at[head] + L <= count)
            head = inc(head, cap);
        double m = needs[head];

        /* release, snapping home; at rest after L zeros. In units of
         * 2^-30 (see the file's comment: the same doubles, scaled) */
        double r = zeros >= L ? ONE_D : ONE_D - (double)(ONE - last_rq) * rc;
        if (r > SNAP_D) /* 0.009 dB from rest: inaudible, and rest comes sooner */
            r = ONE_D;
        if (m * ONE_D < r)
            r = m * ONE_D;
        uint32_t rq = r >= ONE_D ? ONE : (uint32_t)r;
        last_rq = rq;

        /* the window of R: this slot held R[count - L] until now */
        sum += rq;
        sum -= rs[slot];
        rs[slot] = rq;

        /* output count - L + 1 uses R[count - L + 1 .. count], the window
         * just filled, and x[count - L + 1], now the oldest in the delay
         * line (this slot held x[count - L]) */
        for (size_t c = 0; c < ch; c++)
            x[slot * ch + c] = v[c];
        slot = inc(slot, L);
        count++;
        i++;
        if (count >= L) { /* its gain is applied in put_gained */
            for (size_t c = 0; c < ch; c++)
                xs[nb * ch + c] = x[slot * ch + c];
            sums[nb++] = sum;
            if (nb == OUT_BATCH) {
                put_gained(xs, sums, nb, ch, denom, out + k * ch);
                k += nb;
                nb = 0;
            }
        }
        if (sum == full && last_rq == ONE)
            break;
    }
    put_gained(xs, sums, nb, ch, denom, out + k * ch);
    k += nb;
    l->head = head;
    l->tail = tail;
    l->n = count;
    l->slot = slot;
    l->zeros = zeros;
    l->sum = sum;
    l->last_rq = last_rq;
    *taken = i;
    return k;
}

/* n samples to int16 as (int16_t)lrint() gives them, for samples of
 * magnitude at most 32767 (a quiet run's: under the ceiling). SSE2
 * converts two at a time in the same rounding mode as lrint (the
 * current one), and packs what fits into int16 unchanged. */
static void round_samples(const double *p, size_t n, int16_t *out)
{
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 8 <= n; i += 8) {
        __m128i a = _mm_unpacklo_epi64(_mm_cvtpd_epi32(_mm_loadu_pd(p + i)),
                                       _mm_cvtpd_epi32(_mm_loadu_pd(p + i + 2)));
        __m128i b = _mm_unpacklo_epi64(_mm_cvtpd_epi32(_mm_loadu_pd(p + i + 4)),
                                       _mm_cvtpd_epi32(_mm_loadu_pd(p + i + 6)));
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packs_epi32(a, b));
    }
#endif
    for (; i < n; i++)
        out[i] = (int16_t)lrint(p[i]);
}

/* At rest (no gain reduction anywhere in the window) and with no sample of
 * the run over the ceiling, every output of the run has gain 1.0
 * exactly: the run only moves through the delay line. The same samples
 * as limit_run() would give, for a fraction of the work: frame f comes out
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
    if (in && f < last && l->ceiling <= 32767.0) {
        round_samples(in + (f - start) * ch, (last - f) * ch, out + k);
        k += (last - f) * ch;
        f = last;
    } else if (in)
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
    return l->sum == (uint64_t)ONE * l->L && l->last_rq == ONE;
}

/* The number of frames from the start of in[0 .. m frames) before the
 * first with a sample over the ceiling (m when none is). Running maxima
 * of 8 frames at a time (SSE2: two lanes, two chains; else four chains):
 * max is exact in any order. */
static size_t frames_under(const pc_limiter *l, const double *in, size_t m)
{
    if (!in)
        return m;
    size_t ch = l->ch, at = 0;
    const double c = l->ceiling;
#if defined(__SSE2__)
    const __m128d sign = _mm_set1_pd(-0.0), cv = _mm_set1_pd(c);
    for (; at + 8 <= m; at += 8) {
        const double *p = in + at * ch;
        __m128d p0 = _mm_setzero_pd(), p1 = _mm_setzero_pd();
        for (size_t i = 0; i < 8 * ch; i += 4) {
            /* max(a, p) is a > p ? a : p, as in the scalar loop */
            p0 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(p + i)), p0);
            p1 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(p + i + 2)), p1);
        }
        if (_mm_movemask_pd(_mm_or_pd(_mm_cmpgt_pd(p0, cv), _mm_cmpgt_pd(p1, cv))))
            break;
    }
#else
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
#endif
    for (; at < m; at++)
        for (size_t c2 = 0; c2 < ch; c2++)
            if (fabs(in[at * ch + c2]) > c)
                return at;
    return m;
}

size_t pc_limiter_frames(pc_limiter *l, const double *in, size_t n, int16_t *out)
{
    size_t k = 0, ch = l->ch, i = 0;
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
        const double *from = in ? in + i * ch : NULL;
        size_t taken;
        k += ch == 1 ? limit_run(l, from, n - i, out + k * ch, 1, &taken)
                     : limit_run(l, from, n - i, out + k * ch, 2, &taken);
        i += taken;
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
        size_t i = 0;
#if defined(__SSE2__)
        /* 8 samples a step: widened exactly to double, the same products */
        const __m128d g = _mm_set1_pd(gain);
        for (; i + 8 <= n; i += 8) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
            __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16);
            __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16);
            _mm_storeu_pd(out + i, _mm_mul_pd(_mm_cvtepi32_pd(lo), g));
            _mm_storeu_pd(out + i + 2, _mm_mul_pd(_mm_cvtepi32_pd(_mm_srli_si128(lo, 8)), g));
            _mm_storeu_pd(out + i + 4, _mm_mul_pd(_mm_cvtepi32_pd(hi), g));
            _mm_storeu_pd(out + i + 6, _mm_mul_pd(_mm_cvtepi32_pd(_mm_srli_si128(hi, 8)), g));
        }
#endif
        for (; i < n; i++)
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
