/* The segmented Opus encoder (src/opus_segments.c) against one libopus
 * encoder over the whole signal (this file's, made as opus_segments.c
 * makes its own: libsoxr HQ to the Opus rate, complexity 0, 120 ms
 * packets), on a speech-like signal with pauses of exact zeros, two long
 * enough to cut in (1 s, and 130 ms with the sound close on both sides);
 * mono 22.05 kHz (to 24 kHz, 40 kbit/s), stereo 44.1 kHz (to 48 kHz,
 * 64 kbit/s) and mono 11.025 kHz (to 12 kHz, on a 40 ms grid):
 * - the same packets on the caller's thread, one thread and three
 *   threads, fed in odd-sized pieces, fast and slow; the cuts where the
 *   rule in opus_segments.h puts them;
 * - one stream: every packet CELT with the same configuration, 120 ms
 *   but for each segment's last (ending exactly at its cut), the last
 *   packet alone flagged, the packets covering the pre-skip and the
 *   input's length at 48 kHz and the last one needed for it;
 * - decoded by libopus at the Opus rate, continuously: as close to the
 *   source as one encoder's (no worse than 1 dB, over the whole and over
 *   +-0.5 s around the cuts), in place (a frame early or late is far
 *   worse), and exact zeros from 4 ms before to 13 ms after each cut;
 * - a decoder that starts fresh at a segment (given one packet of
 *   silence first, as the segment's encoder was) decodes every sample of
 *   it as the one that decoded the segments before, but the previous
 *   segment's 2.5 ms overlap tail, which it has not seen;
 * - with no pause long enough, one encoder's very packets;
 * - a failing packet callback fails the write, and freeing then leaves no
 *   thread running. */
#include "check.h"
#include "segments_check.h"

#include "error.h"
#include "opus_segments.h"

#include <math.h>
#include <opus.h>
#include <soxr.h>
#include <stdint.h>
#include <stdlib.h>

#define SECONDS 75
#define MAX_CUTS 16

typedef struct config {
    unsigned rate_hz, opus_rate_hz, channels, bps;
    unsigned grid_ms, before_blocks, after_blocks; /* the cut rule at this rate */
} config;

static config cfg;
static seg_signal input; /* cfg's signal */

typedef struct pkt {
    unsigned char *data;
    size_t n;
    unsigned samples_48k;
    bool last;
} pkt;

typedef struct stream {
    pkt *p;
    size_t count, cap;
    size_t fail_at; /* emit fails at this packet (0: never) */
} stream;

static void put(stream *s, const unsigned char *b, size_t n, unsigned samples_48k, bool last)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->p = realloc(s->p, s->cap * sizeof *s->p);
    }
    pkt *p = &s->p[s->count++];
    p->data = malloc(n);
    memcpy(p->data, b, n);
    p->n = n;
    p->samples_48k = samples_48k;
    p->last = last;
}

static void stream_clear(stream *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->p[i].data);
    free(s->p);
    memset(s, 0, sizeof *s);
}

static bool same_packets(const stream *a, const stream *b)
{
    bool same = a->count == b->count;
    for (size_t i = 0; same && i < a->count; i++)
        same = a->p[i].n == b->p[i].n && a->p[i].samples_48k == b->p[i].samples_48k &&
               a->p[i].last == b->p[i].last && !memcmp(a->p[i].data, b->p[i].data, a->p[i].n);
    return same;
}

static pcast_status keep(void *user, const unsigned char *b, size_t n, unsigned samples_48k,
                         bool last, pcast_error *err)
{
    stream *s = user;
    if (s->fail_at && s->count == s->fail_at)
        return pc_error_set(err, PCAST_ERR_IO, "test", 0, 0, "no room");
    put(s, b, n, samples_48k, last);
    return PCAST_OK;
}

/* cfg's signal: pauses of exact zeros, 80 ms (too short to cut) at the
 * end of every 7.3 s phrase, and two long enough to cut in, each off the
 * grid: 1 s at 29 s, 130 ms at 52 s. */
static seg_signal signal_of(config c)
{
    return (seg_signal){c.rate_hz, c.channels, (size_t)c.rate_hz * SECONDS, 7.22,
                        {(size_t)c.rate_hz * 29 + 333, (size_t)c.rate_hz * 52 + 1001},
                        {c.rate_hz, (size_t)c.rate_hz * 13 / 100}};
}

/* The cuts opus_segments.h describes, found here independently. */
static size_t expected_cuts(const int16_t *s, uint64_t *cuts)
{
    const seg_cut_rule r = {cfg.rate_hz * cfg.grid_ms / 1000, cfg.before_blocks + cfg.after_blocks,
                            cfg.after_blocks, OPUS_MIN_SEGMENT_S};
    return seg_expected_cuts(&input, s, &r, cuts, MAX_CUTS);
}

static OpusEncoder *encoder(void)
{
    int e;
    OpusEncoder *enc = opus_encoder_create((opus_int32)cfg.opus_rate_hz, (int)cfg.channels,
                                           OPUS_APPLICATION_AUDIO, &e);
    opus_encoder_ctl(enc, OPUS_SET_BITRATE((opus_int32)cfg.bps));
    opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(0));
    return enc;
}

static int lookahead(void)
{
    opus_int32 l = 0;
    OpusEncoder *enc = encoder();
    opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&l));
    opus_encoder_destroy(enc);
    return (int)l;
}

/* s at the Opus rate, as floats (libsoxr HQ, its length capped at round(n
 * x ratio)); *n_out frames. */
static float *resampled(const int16_t *s, size_t *n_out)
{
    size_t n = input.frames, want = (size_t)llround((double)n * cfg.opus_rate_hz / cfg.rate_hz);
    float *out = malloc((want + 8192) * cfg.channels * sizeof *out);
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    soxr_runtime_spec_t rt = soxr_runtime_spec(1);
    soxr_t x = soxr_create(cfg.rate_hz, cfg.opus_rate_hz, cfg.channels, NULL, &io, &q, &rt);
    size_t got = 0, done = 0;
    soxr_process(x, s, n, NULL, out, want + 8192, &done);
    for (got = done; done && got < want; got += done)
        soxr_process(x, NULL, 0, NULL, out + got * cfg.channels, want + 8192 - got, &done);
    soxr_delete(x);
    *n_out = want;
    return out;
}

/* One encoder over x (n frames at the Opus rate, from s): 120 ms
 * packets, the last padded until they cover the pre-skip and s's length
 * at 48 kHz. */
static void encode_whole(const float *x, size_t n, stream *out)
{
    OpusEncoder *enc = encoder();
    const size_t f = cfg.opus_rate_hz / 1000 * OPUS_FRAME_MS, per = 48000 / cfg.opus_rate_hz;
    const uint64_t end = (uint64_t)lookahead() * per +
                         ((uint64_t)input.frames * 48000 + cfg.rate_hz - 1) / cfg.rate_hz;
    float *frame = malloc(f * cfg.channels * sizeof *frame);
    unsigned char b[8000];
    for (size_t at = 0, covered = 0; covered < end; at += f) {
        size_t k = at < n ? (n - at < f ? n - at : f) : 0;
        memset(frame, 0, f * cfg.channels * sizeof *frame);
        memcpy(frame, x + at * cfg.channels, k * cfg.channels * sizeof *frame);
        opus_int32 got = opus_encode_float(enc, frame, (int)f, b, sizeof b);
        covered += f * per;
        put(out, b, (size_t)got, (unsigned)(f * per), covered >= end);
    }
    free(frame);
    opus_encoder_destroy(enc);
}

static pcast_status write_opus(void *m, const int16_t *pcm, size_t n, pcast_error *err)
{
    return pc_opus_segments_write(m, pcm, n, err);
}

/* Feeds s (seg_feed, slow or not); returns the first failure. */
static pcast_status encode_segmented(const int16_t *s, unsigned threads, bool slow, stream *out,
                                     size_t *cuts)
{
    pc_opus_segments *m;
    pcast_error err;
    pc_opus_params p = {cfg.rate_hz, cfg.channels, cfg.bps, keep, out, "test"};
    pcast_status st = pc_opus_segments_new(&m, &p, threads, &err);
    if (st)
        return st;
    CHECK_INT(pc_opus_segments_rate_hz(m), cfg.opus_rate_hz);
    CHECK_INT(pc_opus_segments_pre_skip_48k(m), lookahead() * (48000 / cfg.opus_rate_hz));
    st = seg_feed(&input, s, slow, write_opus, m, &err);
    if (!st)
        st = pc_opus_segments_finish(m, &err);
    *cuts = pc_opus_segments_cuts(m);
    pc_opus_segments_free(m);
    return st;
}

/* Decodes packets [from, to) of s on d (int16, channel 0 kept) into out
 * from out[0]; returns the frames. */
static size_t decode(OpusDecoder *d, const stream *s, size_t from, size_t to, int16_t *out)
{
    size_t got = 0;
    int16_t pcm[5760 * 2];
    for (size_t i = from; i < to; i++) {
        int k = opus_decode(d, s->p[i].data, (opus_int32)s->p[i].n, pcm, 5760, 0);
        CHECK(k > 0);
        for (int j = 0; j < k; j++)
            out[got++] = pcm[j * (int)cfg.channels];
    }
    return got;
}

/* The continuous decode of s at the Opus rate, pre-skip included. */
static int16_t *decode_all(const stream *s, size_t *n)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->count; i++)
        cap += s->p[i].samples_48k / (48000 / cfg.opus_rate_hz);
    int16_t *out = malloc(cap * sizeof *out);
    OpusDecoder *d = opus_decoder_create((opus_int32)cfg.opus_rate_hz, (int)cfg.channels, NULL);
    *n = decode(d, s, 0, s->count, out);
    opus_decoder_destroy(d);
    CHECK_INT(*n, cap);
    return out;
}

/* SNR (dB) of d (pre-skip included, read `off` frames late) against
 * channel 0 of x, over x's frames [a, b). */
static double snr_db(const float *x, const int16_t *d, size_t a, size_t b, long off)
{
    double sig = 0, noise = 0;
    const long skip = lookahead();
    for (size_t i = a; i < b; i++) {
        double v = x[i * cfg.channels], e = v - d[(long)i + skip + off] / 32768.0;
        sig += v * v;
        noise += e * e;
    }
    return 10 * log10(sig / noise);
}

/* The packet at which the stream reaches frame `at` (Opus rate); s->count
 * when none starts there. */
static size_t packet_at(const stream *s, uint64_t at)
{
    uint64_t t = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (t == at)
            return i;
        t += s->p[i].samples_48k / (48000 / cfg.opus_rate_hz);
    }
    return s->count;
}

/* The stream's shape (see the top). */
static void check_packets(const stream *s, const uint64_t *cut_out, size_t ncuts)
{
    const unsigned full = 48 * OPUS_FRAME_MS;
    uint64_t total = 0, end = (uint64_t)lookahead() * (48000 / cfg.opus_rate_hz) +
                              ((uint64_t)input.frames * 48000 + cfg.rate_hz - 1) / cfg.rate_hz;
    size_t shorter = 0, c = 0;
    bool shape = s->count > 0, configs = true;
    for (size_t i = 0; i < s->count; i++) {
        const pkt *p = &s->p[i];
        configs = configs && p->data[0] >> 3 >= 16 && (p->data[0] & ~3u) == (s->p[0].data[0] & ~3u);
        total += p->samples_48k;
        bool at_cut = c < ncuts && total == cut_out[c] * (48000 / cfg.opus_rate_hz);
        c += at_cut;
        shorter += p->samples_48k != full;
        shape = shape && p->last == (i + 1 == s->count) && p->samples_48k % 960 == 0 &&
                (p->samples_48k == full || at_cut);
    }
    CHECK(configs);
    CHECK(shape);
    CHECK_INT(c, ncuts);
    CHECK(shorter <= ncuts);
    CHECK(total >= end && total - s->p[s->count - 1].samples_48k < end);
}

/* A fresh decoder at each segment, given a packet of silence first, as
 * the continuous one: every sample but the old segment's overlap tail. */
static void check_fresh_decoders(const stream *s, const int16_t *all, const uint64_t *cut_out,
                                 size_t ncuts)
{
    OpusEncoder *enc = encoder();
    const size_t f = cfg.opus_rate_hz / 1000 * OPUS_FRAME_MS, tail = cfg.opus_rate_hz / 400;
    float *zeros = calloc(f * cfg.channels, sizeof *zeros);
    unsigned char silence[8000];
    opus_int32 sn = opus_encode_float(enc, zeros, (int)f, silence, sizeof silence);
    int16_t *fresh = malloc((size_t)(f * (s->count + 1)) * sizeof *fresh), pcm[5760 * 2];
    for (size_t k = 0; k < ncuts; k++) {
        size_t from = packet_at(s, cut_out[k]);
        size_t to = k + 1 < ncuts ? packet_at(s, cut_out[k + 1]) : s->count;
        OpusDecoder *d = opus_decoder_create((opus_int32)cfg.opus_rate_hz, (int)cfg.channels, NULL);
        CHECK(opus_decode(d, silence, sn, pcm, 5760, 0) == (int)f);
        size_t n = decode(d, s, from, to, fresh), differ = 0, nonzero_tail = 0;
        for (size_t i = 0; i < n; i++) {
            differ += i >= tail && fresh[i] != all[cut_out[k] + i];
            nonzero_tail += i < tail && fresh[i] != 0;
        }
        printf("segment %zu: %zu frames, a fresh decoder differs at %zu after the %zu-frame "
               "tail\n", k + 1, n, differ, tail);
        CHECK_INT(differ, 0);
        CHECK_INT(nonzero_tail, 0);
        opus_decoder_destroy(d);
    }
    free(fresh);
    free(zeros);
    opus_encoder_destroy(enc);
}

static stream whole, seg, other;

static void run(config c, size_t want_cuts)
{
    cfg = c;
    input = signal_of(c);
    printf("%u Hz, %u channel(s), %u bit/s\n", c.rate_hz, c.channels, c.bps);
    int16_t *s = seg_make_signal(&input, true);
    uint64_t cuts[MAX_CUTS], cut_out[MAX_CUTS];
    size_t ncuts = expected_cuts(s, cuts), made = 0, nx;
    CHECK_INT(ncuts, want_cuts);
    for (size_t k = 0; k < ncuts; k++)
        cut_out[k] = cuts[k] * cfg.opus_rate_hz / cfg.rate_hz;
    float *x = resampled(s, &nx);
    encode_whole(x, nx, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_OK);
    CHECK_INT(made, ncuts);
    for (size_t r = 0; r < sizeof seg_runs / sizeof *seg_runs; r++) {
        CHECK_INT(encode_segmented(s, seg_runs[r].threads, seg_runs[r].slow, &other, &made), PCAST_OK);
        CHECK(same_packets(&other, &seg));
        stream_clear(&other);
    }
    check_packets(&seg, cut_out, ncuts);

    size_t nw, ns;
    int16_t *dw = decode_all(&whole, &nw), *ds = decode_all(&seg, &ns);
    size_t lo = 2000, hi = nx - 2000;
    double sw = snr_db(x, dw, lo, hi, 0), ss = snr_db(x, ds, lo, hi, 0);
    double early = snr_db(x, ds, lo, hi, -1), late = snr_db(x, ds, lo, hi, 1);
    double edge_w = 0, edge_s = 0;
    int at_cuts = 0;
    const size_t half = cfg.opus_rate_hz / 2, skip = (size_t)lookahead();
    for (size_t k = 0; k < ncuts; k++) {
        edge_w += snr_db(x, dw, cut_out[k] - half, cut_out[k] + half, 0) / (double)ncuts;
        edge_s += snr_db(x, ds, cut_out[k] - half, cut_out[k] + half, 0) / (double)ncuts;
        for (size_t i = cut_out[k] - cfg.opus_rate_hz / 250; i < cut_out[k] + cfg.opus_rate_hz * 13 / 1000;
             i++)
            at_cuts = abs(ds[i + skip]) > at_cuts ? abs(ds[i + skip]) : at_cuts;
    }
    printf("%zu cuts; SNR %.2f dB (one encoder %.2f dB; a frame early %.2f, late %.2f); "
           "+-0.5 s around the cuts %.2f dB (one encoder %.2f dB); max |decoded| from 4 ms "
           "before to 13 ms after the cuts %d\n",
           ncuts, ss, sw, early, late, edge_s, edge_w, at_cuts);
    CHECK(ss > sw - 1 && ss > early + 3 && ss > late + 3);
    CHECK(edge_s > edge_w - 1);
    CHECK_INT(at_cuts, 0);
    check_fresh_decoders(&seg, ds, cut_out, ncuts);
    free(dw);
    free(ds);
    free(x);
    stream_clear(&whole);
    stream_clear(&seg);

    /* no pause to cut in: one encoder's packets */
    free(s);
    s = seg_make_signal(&input, false);
    CHECK_INT(expected_cuts(s, cuts), 0);
    x = resampled(s, &nx);
    encode_whole(x, nx, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_OK);
    CHECK_INT(made, 0);
    CHECK(same_packets(&seg, &whole));
    stream_clear(&whole);
    stream_clear(&seg);
    free(x);
    free(s);
}

int main(void)
{
    run((config){22050, 24000, 1, 40000, 20, 3, 2}, 2);
    run((config){44100, 48000, 2, 64000, 20, 3, 2}, 2);
    /* 20 ms is no whole number of frames at 11.025 kHz: a 40 ms grid, so
     * the 130 ms pause holds no cut */
    run((config){11025, 12000, 1, 40000, 40, 2, 1}, 1);

    /* a failing callback mid-stream */
    cfg = (config){22050, 24000, 1, 40000, 20, 3, 2};
    input = signal_of(cfg);
    int16_t *s = seg_make_signal(&input, true);
    size_t made;
    seg.fail_at = 300;
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_ERR_IO);
    CHECK_INT(seg.count, 300);
    CHECK_INT(check_thread_count(), 1); /* every encoder thread joined */
    stream_clear(&seg);
    free(s);
    return CHECK_RESULT();
}
