/* The look-ahead limiter (src/mix.c): no sample past the ceiling, nothing
 * lost or shifted in time, quiet passages untouched, and the same samples
 * whatever came long before (what makes previews exact). */
#include "check.h"

#include "internal.h"

#include <math.h>
#include <stdlib.h>

#define RATE 22050
#define N (RATE * 4)

static int16_t in[N], out[N + 4096];

/* Runs in[0..n) through a fresh limiter in chunks of `chunk`, flushed:
 * exactly n samples come out. */
static size_t run(const int16_t *src, size_t n, double gain, size_t chunk, int16_t *dst)
{
    pc_limiter *l = pc_limiter_new(RATE, 20000.0, 5.0, 80.0, 1);
    size_t k = 0;
    for (size_t at = 0; at < n; at += chunk)
        k += pc_limiter_run(l, src + at, gain, NULL, n - at < chunk ? n - at : chunk, dst + k);
    k += pc_limiter_run(l, NULL, 1.0, NULL, pc_limiter_latency(l), dst + k);
    pc_limiter_free(l);
    return k;
}

int main(void)
{
    /* a quiet tone, a burst 6 dB over the ceiling, silence, quiet again */
    for (size_t i = 0; i < N; i++) {
        double t = (double)i / RATE, amp = t < 1 ? 8000 : t < 2 ? 32000 : t < 3 ? 0 : 8000;
        in[i] = (int16_t)lrint(amp * sin(2 * 3.14159265358979 * 220 * t));
    }
    size_t k = run(in, N, 1.0, 2048, out);
    CHECK_INT(k, N);
    int peak = 0;
    for (size_t i = 0; i < N; i++)
        peak = abs(out[i]) > peak ? abs(out[i]) : peak;
    CHECK(peak <= 20000);
    CHECK(peak > 19000); /* it limits, it does not squash */
    /* quiet passages pass unchanged, in time: the first second, and the
     * last second after the silence (the release has come to rest) */
    CHECK(memcmp(out, in, (RATE - RATE / 100) * sizeof *in) == 0);
    CHECK(memcmp(out + 3 * RATE, in + 3 * RATE, RATE * sizeof *in) == 0);
    /* the burst is reduced, not removed */
    CHECK(abs(out[RATE + RATE / 2]) > 10000 || abs(out[RATE + RATE / 2 + 25]) > 10000);

    /* gain is applied before limiting */
    static int16_t out2[N + 4096];
    run(in, N, 0.5, 2048, out2);
    for (size_t i = 0; i < RATE / 2; i++)
        CHECK(abs(out2[i] - (int)lrint(in[i] * 0.5)) <= 1);

    /* chunking does not change a sample */
    static int16_t out3[N + 4096];
    run(in, N, 1.0, 333, out3);
    CHECK(memcmp(out, out3, N * sizeof *out) == 0);

    /* history does not reach past a pause: the last second alone gives
     * what it gave at the end of the whole signal */
    run(in + 3 * RATE, RATE, 1.0, 2048, out3);
    CHECK(memcmp(out3, out + 3 * RATE, RATE * sizeof *out) == 0);
    return CHECK_RESULT();
}
