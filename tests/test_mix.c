/* The look-ahead limiter (src/mix.c): no sample past the ceiling, nothing
 * lost or shifted in time, quiet passages untouched, and the same samples
 * whatever came long before (what makes previews exact). */
#include "check.h"

#include "internal.h"
#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The one cleaning step before any engine (issue 12): controls of every
 * kind become spaces, noncharacters go, spaces collapse. */
static void test_clean(void)
{
    pc_buf b = {0};
    const char *cases[][2] = {
        {"Loud\x01" "200A title", "Loud 200A title"},
        {"\x01" "80S fast\x7f", "80S fast"},
        {"C1\xc2\x85next\xc2\x9b" "31m", "C1 next 31m"},
        {"  many   spaces\t\nand\rlines  ", "many spaces and lines"},
        {"bidi \xe2\x80\xae" "evil\xe2\x80\xac ok", "bidi evil ok"},
        {"bom\xef\xbb\xbf and \xef\xbf\xbe gone", "bom and gone"},
        {"我們用 Claude 寫程式，很好。", "我們用 Claude 寫程式，很好。"},
        {"\x01\x02", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK(pc_speech_clean(cases[i][0], &b));
        CHECK_STR(b.data, cases[i][1]);
    }
    CHECK(pc_speech_safe_pieces("a s's's's's's's's's' b", 6, &b));
    CHECK_STR(b.data, "a s's's' s's's' s's's' b");
    CHECK(pc_speech_safe_pieces("寫程式很好", 6, &b));
    CHECK_STR(b.data, "寫程 式很 好");
    pc_buf_free(&b);
}

/* The clip key hashes every byte of what it is given, however long (it
 * read past a stack buffer at 256 bytes), and tells the engines apart. */
static void test_clip_key(void)
{
    pcast_voice_settings s = {"m3", 50, 50, 175, 0.0, 0};
    size_t n = 2u << 20;
    char *lang = malloc(n + 1), *lang2 = malloc(n + 1);
    CHECK(lang && lang2);
    if (!lang || !lang2)
        return;
    memset(lang, 'x', n);
    memcpy(lang2, lang, n);
    lang[n] = lang2[n] = '\0';
    lang2[n - 1] = 'y'; /* past any fixed buffer */
    char a[33], b[33], c[33], d[33];
    pc_clip_key(&pc_engine_fake, 22050, &s, lang, "text", a);
    pc_clip_key(&pc_engine_fake, 22050, &s, lang, "text", b);
    pc_clip_key(&pc_engine_fake, 22050, &s, lang2, "text", c);
    CHECK_STR(a, b);
    CHECK(strcmp(a, c) != 0);
    pc_clip_key(&pc_engine_fake, 22050, &s, "en", "text", a);
    pc_clip_key(&pc_engine_espeak, 22050, &s, "en", "text", d);
    CHECK(strcmp(a, d) != 0);
    CHECK_INT(strlen(a), 32);
    free(lang);
    free(lang2);
}

/* The limiter's formulas (mix.c's header) sample by sample, the plain
 * way: what every path of pc_limiter_frames must give, bit for bit. */
static void reference(const int16_t *src, size_t n, int16_t *dst)
{
    const size_t L = (size_t)(RATE * 5.0 / 1000.0);
    const double ceiling = 20000.0, rc = exp(-1.0 / (RATE * 80.0 / 1000.0));
    const uint32_t one = 1u << 30;
    static double need[N + 4096];
    static uint32_t rq[N + 4096];
    double last_r = 1.0;
    size_t zeros = 0;
    for (size_t j = 0; j < n + L - 1; j++) {
        double v = j < n ? (double)src[j] : 0.0, a = fabs(v);
        need[j] = a > ceiling ? ceiling / a : 1.0;
        zeros = a == 0.0 ? zeros + 1 : 0;
        double m = 1.0;
        for (size_t i = j + 1 > L ? j + 1 - L : 0; i <= j; i++)
            m = need[i] < m ? need[i] : m;
        double r = zeros >= L ? 1.0 : 1.0 - (1.0 - last_r) * rc;
        if (r > 1.0 - 1e-3)
            r = 1.0;
        if (m < r)
            r = m;
        rq[j] = r >= 1.0 ? one : (uint32_t)(r * one);
        last_r = rq[j] == one ? 1.0 : (double)rq[j] / one;
        if (j + 1 < L)
            continue;
        uint64_t sum = 0;
        for (size_t i = j + 1 - L; i <= j; i++)
            sum += rq[i];
        sum += (uint64_t)one * (L > j + 1 ? L - j - 1 : 0);
        double g = sum == (uint64_t)one * L ? 1.0 : (double)sum / ((double)one * (double)L);
        size_t k = j + 1 - L;
        long y = lrint((k < n ? (double)src[k] : 0.0) * g);
        dst[k] = (int16_t)(y > 32767 ? 32767 : y < -32768 ? -32768 : y);
    }
}

/* Lone peaks inside quiet blocks: the pass-through stops at the peak and
 * starts again once the release is at rest, at any chunk size, and
 * gives the reference's samples. */
static void test_lone_peaks(void)
{
    static int16_t sig[N], want[N + 4096], got[N + 4096];
    uint32_t seed = 12345;
    size_t next = 1000;
    for (size_t i = 0; i < N; i++) {
        double t = (double)i / RATE;
        sig[i] = t > 2.5 && t < 2.7 ? 0 : (int16_t)lrint(8000 * sin(2 * 3.14159265358979 * 180 * t));
        if (i == next) {
            sig[i] = (int16_t)(seed & 1 ? 30000 : -31000);
            seed = seed * 1103515245u + 12345u;
            next += 300 + (seed >> 16) % 6000;
        }
    }
    reference(sig, N, want);
    const size_t chunks[] = {2048, 1, 7, 256, N};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        CHECK_INT(run(sig, N, 1.0, chunks[c], got), N);
        CHECK(memcmp(got, want, N * sizeof *got) == 0);
    }
}

int main(void)
{
    test_clean();
    test_clip_key();
    test_lone_peaks();
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
