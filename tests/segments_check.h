/* What the tests of the encoders in segments (test_opus_segments.c,
 * test_mp3_segments.c, test_aac_segments.c) share: a speech-like signal
 * with pauses of exact zeros, the cuts a rule on a grid of blocks makes
 * in it, found independently of the encoder, and a feeder that hands the
 * signal over in odd-sized pieces, fast or slow. Each test keeps its own
 * encoder, reference and checks. Include after check.h. */
#ifndef POSTCAST_TEST_SEGMENTS_CHECK_H
#define POSTCAST_TEST_SEGMENTS_CHECK_H

#include <postcast/postcast.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define SEG_PAUSES 2         /* long pauses in a signal */
#define SEG_PHRASE_S 7.3     /* a phrase's length: a short pause ends each */
#define SEG_PIECE_FRAMES 777 /* what the feeder hands over at once */

/* A signal's shape. */
typedef struct seg_signal {
    unsigned rate_hz, channels;
    size_t frames;             /* its length, per channel */
    double quiet_from_s;       /* zeros from here to each phrase's end (s into it) */
    size_t pause_at[SEG_PAUSES], pause_frames[SEG_PAUSES]; /* long pauses of zeros */
} seg_signal;

/* g's signal, interleaved (malloc'd; the caller frees it; NULL when out
 * of memory): voiced bursts and noise (the channels differ); with pauses,
 * zeros where g says; without, no sample is 0. The same samples every
 * run. */
static inline int16_t *seg_make_signal(const seg_signal *g, bool pauses)
{
    int16_t *s = malloc(g->frames * g->channels * sizeof *s);
    uint32_t rnd = 1;
    for (size_t i = 0; s && i < g->frames; i++) {
        double t = (double)i / g->rate_hz;
        bool quiet = fmod(t, SEG_PHRASE_S) > g->quiet_from_s;
        for (int k = 0; k < SEG_PAUSES; k++)
            quiet = quiet || (i >= g->pause_at[k] && i < g->pause_at[k] + g->pause_frames[k]);
        for (unsigned c = 0; c < g->channels; c++) {
            rnd = rnd * 1664525u + 1013904223u;
            double x = 0.3 * sin(2 * 3.14159265358979323846 * (150 + 40 * c + 40 * sin(t)) * t) +
                       0.05 * ((double)(rnd >> 8) / (1 << 24) - 0.5);
            x *= 0.5 + 0.5 * sin(2 * 3.14159265358979323846 * 3 * t);
            int16_t v = (int16_t)lrint(x * 32767);
            s[i * g->channels + c] = pauses && quiet ? 0 : !pauses && !v ? 1 : v;
        }
    }
    return s;
}

/* A cut rule: blocks of grid_frames; a cut at (B + 1 - after_blocks) x
 * grid_frames once the blocks up to B hold need_blocks all-zero blocks
 * in a row and the segment before the cut is at least min_segment_s
 * long; the zero run counts afresh after a cut. */
typedef struct seg_cut_rule {
    size_t grid_frames;
    unsigned need_blocks, after_blocks, min_segment_s;
} seg_cut_rule;

/* The cuts rule r makes in s (g's signal): at most max into cuts (frames
 * from the start); returns how many. */
static inline size_t seg_expected_cuts(const seg_signal *g, const int16_t *s,
                                       const seg_cut_rule *r, uint64_t *cuts, size_t max)
{
    const size_t fs = r->grid_frames;
    size_t n = 0;
    uint64_t first = 0;
    unsigned zeros = 0;
    for (size_t b = 0; (b + 1) * fs <= g->frames; b++) {
        bool zero = true;
        for (size_t i = b * fs * g->channels; i < (b + 1) * fs * g->channels; i++)
            zero = zero && !s[i];
        zeros = zero ? zeros + 1 : 0;
        uint64_t cut = (b + 1 - r->after_blocks) * fs;
        if (zeros >= r->need_blocks && cut - first >= (uint64_t)r->min_segment_s * g->rate_hz &&
            n < max) {
            cuts[n++] = first = cut;
            zeros = 0;
        }
    }
    return n;
}

/* An encoder's write: n frames of pcm (interleaved) into enc. */
typedef pcast_status (*seg_write_fn)(void *enc, const int16_t *pcm, size_t n, pcast_error *err);

/* Hands s (g's signal) to write in SEG_PIECE_FRAMES-frame pieces; slow:
 * sleeping 200 us after each, so that the encoder's threads wait for
 * input. Returns the first failure (err set by write), else PCAST_OK. */
static inline pcast_status seg_feed(const seg_signal *g, const int16_t *s, bool slow,
                                    seg_write_fn write, void *enc, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    for (size_t at = 0; at < g->frames && !st; at += SEG_PIECE_FRAMES) {
        size_t n = g->frames - at < SEG_PIECE_FRAMES ? g->frames - at : SEG_PIECE_FRAMES;
        st = write(enc, s + at * g->channels, n, err);
        if (slow)
            nanosleep(&(struct timespec){0, 200000}, NULL);
    }
    return st;
}

/* The thread counts each test encodes with, and whether it feeds them
 * slowly: the caller's thread, one thread, and three fed slower than
 * they encode. */
static const struct seg_run {
    unsigned threads;
    bool slow;
} seg_runs[] = {{0, false}, {1, false}, {3, true}};

#endif
