/* bench_quality: how far a decoded encode is from its source, as a
 * quality proxy for choosing encoder settings (bench/codecs.sh).
 *
 *   bench_quality SOURCE.wav DECODED.wav
 *
 * Both files mono or the first channel is used; DECODED at SOURCE's rate
 * (decode with ffmpeg -ar RATE). The decoded signal is aligned to the
 * source (the lag with the highest correlation, within +-4096 frames, on
 * the loudest 2 s) and brought to its level (the least-squares gain over
 * the overlap, printed as gain_db: the mix keeps Opus and M4A quieter),
 * then prints one line:
 *   snr_db=...  segsnr_db=...  lsd_db=...  lag=...  gain_db=...
 * snr: the whole signal; segsnr: the mean over 20 ms frames with speech
 * (source above -50 dBFS), each clamped to -10..35 dB; lsd: log-spectral
 * distance, the mean over 1024-frame windows with speech of the RMS over
 * frequency bins up to 11 kHz of the dB difference of the power spectra.
 * Higher SNR, lower LSD is closer. Not installed; not a test. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LAG 4096
#define FFT_N 1024

/* Reads channel 0 of path as doubles; NULL on failure (message printed). */
static double *read_mono(const char *path, size_t *n, int *rate_hz)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        fprintf(stderr, "bench_quality: %s: %s\n", path, sf_strerror(NULL));
        return NULL;
    }
    size_t frames = (size_t)info.frames, ch = (size_t)info.channels;
    double *all = ch && frames <= SIZE_MAX / sizeof(double) / ch ? malloc(frames * ch * sizeof *all)
                                                                 : NULL;
    double *x = malloc((frames ? frames : 1) * sizeof *x);
    if (!all || !x || sf_readf_double(f, all, (sf_count_t)frames) != (sf_count_t)frames) {
        fprintf(stderr, "bench_quality: cannot read %s\n", path);
        free(all);
        free(x);
        sf_close(f);
        return NULL;
    }
    for (size_t i = 0; i < frames; i++)
        x[i] = all[i * ch];
    free(all);
    sf_close(f);
    *n = frames;
    *rate_hz = info.samplerate;
    return x;
}

/* The lag d (dec[i + d] ~ ref[i]) with the highest correlation. */
static long best_lag(const double *ref, size_t nr, const double *dec, size_t nd, int rate_hz)
{
    size_t win = (size_t)rate_hz * 2, best_at = 0;
    double best_e = -1;
    for (size_t at = 0; at + win < nr; at += win) {
        double e = 0;
        for (size_t i = at; i < at + win; i++)
            e += ref[i] * ref[i];
        if (e > best_e) {
            best_e = e;
            best_at = at;
        }
    }
    long lag = 0;
    double best = -INFINITY;
    for (long d = -MAX_LAG; d <= MAX_LAG; d++) {
        double c = 0;
        for (size_t i = best_at; i < best_at + win && i < nr; i++) {
            long j = (long)i + d;
            if (j >= 0 && (size_t)j < nd)
                c += ref[i] * dec[j];
        }
        if (c > best) {
            best = c;
            lag = d;
        }
    }
    return lag;
}

/* In-place radix-2 FFT of re/im (n a power of two). */
static void fft(double *re, double *im, size_t n)
{
    for (size_t i = 1, j = 0; i < n; i++) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        double a = -2 * M_PI / (double)len;
        for (size_t i = 0; i < n; i += len)
            for (size_t k = 0; k < len / 2; k++) {
                double wr = cos(a * (double)k), wi = sin(a * (double)k);
                double *ur = re + i + k, *ui = im + i + k;
                double *vr = re + i + k + len / 2, *vi = im + i + k + len / 2;
                double tr = *vr * wr - *vi * wi, ti = *vr * wi + *vi * wr;
                *vr = *ur - tr;
                *vi = *ui - ti;
                *ur += tr;
                *ui += ti;
            }
    }
}

static void power_spectrum(const double *x, double *p)
{
    static double re[FFT_N], im[FFT_N];
    for (size_t i = 0; i < FFT_N; i++) {
        re[i] = x[i] * (0.5 - 0.5 * cos(2 * M_PI * (double)i / FFT_N));
        im[i] = 0;
    }
    fft(re, im, FFT_N);
    for (size_t i = 0; i <= FFT_N / 2; i++)
        p[i] = re[i] * re[i] + im[i] * im[i];
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_quality SOURCE.wav DECODED.wav\n");
        return 2;
    }
    size_t nr, nd;
    int rr, rd;
    double *ref = read_mono(argv[1], &nr, &rr);
    double *dec = ref ? read_mono(argv[2], &nd, &rd) : NULL;
    if (!dec)
        return 1;
    if (rr != rd) {
        fprintf(stderr, "bench_quality: %d Hz against %d Hz\n", rr, rd);
        return 1;
    }
    long lag = best_lag(ref, nr, dec, nd, rr);
    /* the aligned overlap: ref[i], dec[i + lag] */
    size_t from = lag < 0 ? (size_t)-lag : 0;
    size_t to = nr;
    if ((long)nd - lag < (long)to)
        to = (size_t)((long)nd - lag);
    /* the decoded signal at the source's level (the least-squares gain):
     * a mix that keeps a lossy container's peaks lower (Opus 2.5 dB, M4A
     * 2 dB) would otherwise count its level as noise */
    double cross = 0, energy = 0;
    for (size_t i = from; i < to; i++) {
        double d = dec[(size_t)((long)i + lag)];
        cross += ref[i] * d;
        energy += d * d;
    }
    double gain = energy > 0 && cross > 0 ? cross / energy : 1;
    for (size_t i = 0; i < nd; i++)
        dec[i] *= gain;
    double sig = 0, noise = 0, seg = 0;
    size_t nseg = 0, seg_frames = (size_t)rr / 50;
    for (size_t at = from; at + seg_frames <= to; at += seg_frames) {
        double s = 0, e = 0;
        for (size_t i = at; i < at + seg_frames; i++) {
            double d = ref[i] - dec[(size_t)((long)i + lag)];
            s += ref[i] * ref[i];
            e += d * d;
        }
        sig += s;
        noise += e;
        if (s / (double)seg_frames > 1e-5) { /* -50 dBFS */
            double v = 10 * log10(s / (e + 1e-20));
            seg += v < -10 ? -10 : v > 35 ? 35 : v;
            nseg++;
        }
    }
    double pr[FFT_N / 2 + 1], pd[FFT_N / 2 + 1], lsd = 0;
    size_t nlsd = 0, top = (size_t)(11000.0 * FFT_N / rr);
    if (top > FFT_N / 2)
        top = FFT_N / 2;
    for (size_t at = from; at + FFT_N <= to; at += FFT_N / 2) {
        double s = 0;
        for (size_t i = at; i < at + FFT_N; i++)
            s += ref[i] * ref[i];
        if (s / FFT_N < 1e-5)
            continue;
        power_spectrum(ref + at, pr);
        power_spectrum(dec + (long)at + lag, pd);
        double sum = 0, floor = 0;
        for (size_t k = 1; k <= top; k++)
            floor = pr[k] > floor ? pr[k] : floor;
        floor *= 1e-6; /* -60 dB under the frame's peak bin: holes below it do not count */
        for (size_t k = 1; k <= top; k++) {
            double d = 10 * log10((pr[k] + floor) / (pd[k] + floor));
            sum += d * d;
        }
        lsd += sqrt(sum / (double)top);
        nlsd++;
    }
    printf("snr_db=%.2f segsnr_db=%.2f lsd_db=%.3f lag=%ld gain_db=%.2f\n",
           10 * log10(sig / (noise + 1e-20)), nseg ? seg / (double)nseg : 0.0,
           nlsd ? lsd / (double)nlsd : 0.0, lag, 20 * log10(gain));
    free(ref);
    free(dec);
    return 0;
}
