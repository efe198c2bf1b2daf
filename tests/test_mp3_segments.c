/* The segmented MP3 encoder (src/mp3_segments.c) against one LAME over
 * the whole signal, on a speech-like signal with pauses of exact zeros,
 * some long enough to cut in; VBR mono at 22.05 kHz (MPEG-2, 576-frame
 * frames) and CBR stereo at 44.1 kHz (MPEG-1, 1152):
 * - the same bytes on the caller's thread, one thread and three threads,
 *   fed in odd-sized pieces, fast and slow; the cuts where the rule in
 *   mp3_segments.h puts them;
 * - the tag frame: as many frames as one LAME makes, its delay and
 *   padding, the file's byte count, the music CRC of the frames after it
 *   and its own CRC;
 * - every segment's first frame starts a fresh bit reservoir
 *   (main_data_begin 0);
 * - decoded by LAME's own decoder and trimmed by the tag's delay and
 *   padding: exactly the input's length, the audio in place (closest to
 *   the source at no offset, as close as one LAME's), and exact zeros
 *   around every cut;
 * - with no pause long enough, one LAME's very bytes, its tag included;
 * - a failing byte callback fails the write, and freeing then leaves no
 *   thread running. */
#include "check.h"
#include "segments_check.h"

#include "error.h"
#include "mp3_segments.h"

#include <lame/lame.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define SECONDS 75
#define MAX_CUTS 16
#define DECODER_DELAY 529 /* LAME's decoder (mpglib) */

typedef struct config {
    unsigned rate_hz, channels, kbps; /* kbps 0: VBR */
} config;

static config cfg;
static seg_signal input; /* cfg's signal */

typedef struct stream {
    unsigned char *data;
    size_t len, cap;
    size_t fail_at; /* emit fails once the stream would pass this (0: never) */
} stream;

static void put(stream *s, const unsigned char *b, size_t n)
{
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->data = realloc(s->data, s->cap);
    }
    memcpy(s->data + s->len, b, n);
    s->len += n;
}

static pcast_status keep(void *user, const unsigned char *b, size_t n, pcast_error *err)
{
    stream *s = user;
    if (s->fail_at && s->len + n > s->fail_at)
        return pc_error_set(err, PCAST_ERR_IO, "test", 0, 0, "no room");
    put(s, b, n);
    return PCAST_OK;
}

static pcast_status make(void *user, bool tag, lame_t *out, pcast_error *err)
{
    (void)user;
    lame_t l = *out = lame_init();
    lame_set_in_samplerate(l, (int)cfg.rate_hz);
    lame_set_out_samplerate(l, (int)cfg.rate_hz);
    lame_set_num_channels(l, (int)cfg.channels);
    lame_set_write_id3tag_automatic(l, 0);
    lame_set_bWriteVbrTag(l, tag);
    lame_set_quality(l, 7);
    if (cfg.kbps) {
        lame_set_VBR(l, vbr_off);
        lame_set_brate(l, (int)cfg.kbps);
    } else {
        lame_set_VBR(l, vbr_mtrh);
        lame_set_VBR_quality(l, 2.0f);
    }
    if (lame_init_params(l) < 0) {
        lame_close(l);
        *out = NULL;
        return pc_error_set(err, PCAST_ERR_ARGUMENT, "test", 0, 0, "LAME refused");
    }
    return PCAST_OK;
}

static unsigned grid(void)
{
    return cfg.rate_hz >= 32000 ? 1152 : 576;
}

/* cfg's signal: pauses of exact zeros, 0.12 s (too short to cut) at the
 * end of every 7.3 s phrase, and 1 s (long enough) at 29 s and 52 s,
 * neither on the grid. */
static seg_signal signal_of(config c)
{
    return (seg_signal){c.rate_hz, c.channels, (size_t)c.rate_hz * SECONDS, 7.18,
                        {(size_t)c.rate_hz * 29 + 333, (size_t)c.rate_hz * 52 + 1001},
                        {c.rate_hz, c.rate_hz}};
}

/* The cuts mp3_segments.h describes, found here independently. */
static size_t expected_cuts(const int16_t *s, uint64_t *cuts)
{
    const unsigned fs = grid(), drop = 576 + 576;
    const seg_cut_rule r = {fs, MP3_AFTER_BLOCKS + (drop + fs - 1) / fs + MP3_GUARD_BLOCKS,
                            MP3_AFTER_BLOCKS, MP3_MIN_SEGMENT_S};
    return seg_expected_cuts(&input, s, &r, cuts, MAX_CUTS);
}

/* One LAME over s; its tag frame over the first frame. */
static void encode_whole(const int16_t *s, stream *out)
{
    lame_t l;
    pcast_error err;
    if (make(NULL, true, &l, &err))
        abort();
    size_t n = input.frames, room = n + n / 4 + 7200;
    unsigned char *b = malloc(room);
    int got = cfg.channels == 1
                  ? lame_encode_buffer(l, (short *)s, NULL, (int)n, b, (int)room)
                  : lame_encode_buffer_interleaved(l, (short *)s, (int)n, b, (int)room);
    got += lame_encode_flush(l, b + got, (int)room - got);
    put(out, b, (size_t)got);
    size_t tag = lame_get_lametag_frame(l, b, room);
    memcpy(out->data, b, tag);
    free(b);
    lame_close(l);
}

static pcast_status write_mp3(void *m, const int16_t *pcm, size_t n, pcast_error *err)
{
    return pc_mp3_segments_write(m, pcm, n, err);
}

/* Feeds s (seg_feed, slow or not); returns the first failure; the tag
 * frame goes over the first frame. */
static pcast_status encode_segmented(const int16_t *s, unsigned threads, bool slow, stream *out,
                                     size_t *cuts)
{
    pc_mp3_segments *m;
    pcast_error err;
    pc_mp3_params p = {cfg.channels, make, NULL, keep, out, "test"};
    pcast_status st = pc_mp3_segments_new(&m, &p, threads, &err);
    if (st)
        return st;
    st = seg_feed(&input, s, slow, write_mp3, m, &err);
    unsigned char tag[MP3_TAG_MAX_BYTES];
    size_t tag_bytes = 0;
    if (!st && !(st = pc_mp3_segments_finish(m, tag, &tag_bytes, &err))) {
        CHECK(tag_bytes > 0 && tag_bytes <= out->len);
        memcpy(out->data, tag, tag_bytes);
    }
    *cuts = pc_mp3_segments_cuts(m);
    pc_mp3_segments_free(m);
    return st;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t crc16(const unsigned char *b, size_t n)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= b[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (uint16_t)(crc >> 1 ^ 0xA001) : (uint16_t)(crc >> 1);
    }
    return crc;
}

/* A frame's size in bytes from its header (Layer III, no checks). */
static size_t frame_bytes(const unsigned char *h)
{
    static const int v1[15] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int v2[15] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    bool mpeg1 = (h[1] >> 3 & 3) == 3;
    int kbps = (mpeg1 ? v1 : v2)[h[2] >> 4];
    return (size_t)((mpeg1 ? 144000 : 72000) * kbps / (int)cfg.rate_hz + (h[2] >> 1 & 1));
}

typedef struct tag_info {
    size_t tag_bytes;
    uint32_t frames, bytes, music_length;
    int delay, padding;
    bool crcs_ok;
} tag_info;

static tag_info read_tag(const stream *s)
{
    tag_info t = {0};
    size_t x = 4;
    while (x < 40 && memcmp(s->data + x, cfg.kbps ? "Info" : "Xing", 4))
        x++;
    if (x == 40)
        return t;
    const unsigned char *p = s->data + x;
    t.tag_bytes = frame_bytes(s->data);
    t.frames = be32(p + 8);
    t.bytes = be32(p + 12);
    t.delay = p[141] << 4 | p[142] >> 4;
    t.padding = (p[142] & 15) << 8 | p[143];
    t.music_length = be32(p + 148);
    t.crcs_ok = crc16(s->data + t.tag_bytes, s->len - t.tag_bytes) == (p[152] << 8 | p[153]) &&
                crc16(s->data, x + 154) == (p[154] << 8 | p[155]);
    return t;
}

/* main_data_begin of the frame at byte offset at (no CRC protection). */
static unsigned main_data_begin(const unsigned char *f)
{
    return (cfg.rate_hz >= 32000) ? (unsigned)(f[4] << 1 | f[5] >> 7) : f[4];
}

/* Decodes s by LAME's decoder, trimmed by its tag; *n frames, channel
 * 0 only, in [-1, 1]. */
static float *decode(const stream *s, size_t *n)
{
    tag_info t = read_tag(s);
    hip_t h = hip_decode_init();
    size_t cap = ((size_t)t.frames + 2) * grid(), got = 0;
    float *out = malloc(cap * sizeof *out);
    short l[1152 * 2], r[1152 * 2];
    unsigned char *rest = s->data + t.tag_bytes;
    size_t left = s->len - t.tag_bytes;
    /* hip_decode1 gives at most one frame a call, 0 when it has none
     * ready (or made none of one): drained until it stays 0 */
    for (int idle = 0; idle < 64;) {
        size_t give = left < 4096 ? left : 4096;
        int k = hip_decode1(h, rest, give, l, r);
        rest += give;
        left -= give;
        if (k < 0)
            break;
        for (int i = 0; i < k && got < cap; i++)
            out[got++] = (float)l[i] / 32768.0f;
        idle = k || give ? 0 : idle + 1;
    }
    hip_decode_exit(h);
    size_t skip = (size_t)t.delay + DECODER_DELAY, len = (size_t)t.frames * grid();
    len = len > (size_t)t.delay + (size_t)t.padding ? len - (size_t)t.delay - (size_t)t.padding : 0;
    CHECK(got >= skip + len - DECODER_DELAY);
    *n = got > skip ? (got - skip < len ? got - skip : len) : 0;
    memmove(out, out + skip, *n * sizeof *out);
    return out;
}

/* SNR (dB) of decoded d against channel 0 of s, d read `off` frames late. */
static double snr_db(const int16_t *s, const float *d, size_t n, long off)
{
    double sig = 0, noise = 0;
    for (size_t i = 2000; i + 2000 < n; i++) {
        double x = s[i * cfg.channels] / 32768.0, e = x - d[(long)i + off];
        sig += x * x;
        noise += e * e;
    }
    return 10 * log10(sig / noise);
}

static stream whole, seg, other;

static void stream_clear(stream *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

/* Every segment's first frame: main_data_begin 0. */
static bool fresh_reservoirs(const stream *s, const uint64_t *cuts, size_t ncuts)
{
    size_t at = frame_bytes(s->data), frame = 0, c = 0;
    bool ok = main_data_begin(s->data + at) == 0;
    while (at + 6 < s->len && c < ncuts) {
        if ((uint64_t)frame * grid() == cuts[c]) {
            ok = ok && main_data_begin(s->data + at) == 0;
            c++;
        }
        at += frame_bytes(s->data + at);
        frame++;
    }
    return ok && c == ncuts;
}

static void run(config c, size_t want_cuts)
{
    cfg = c;
    input = signal_of(c);
    printf("%u Hz, %u channel(s), %s\n", c.rate_hz, c.channels, c.kbps ? "CBR" : "VBR");
    int16_t *s = seg_make_signal(&input, true);
    uint64_t cuts[MAX_CUTS];
    size_t ncuts = expected_cuts(s, cuts), made = 0;
    CHECK_INT(ncuts, want_cuts);
    encode_whole(s, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_OK);
    CHECK_INT(made, ncuts);
    for (size_t r = 0; r < sizeof seg_runs / sizeof *seg_runs; r++) {
        CHECK_INT(encode_segmented(s, seg_runs[r].threads, seg_runs[r].slow, &other, &made), PCAST_OK);
        CHECK(other.len == seg.len && !memcmp(other.data, seg.data, seg.len));
        stream_clear(&other);
    }
    tag_info tw = read_tag(&whole), ts = read_tag(&seg);
    CHECK(tw.crcs_ok && ts.crcs_ok);
    CHECK_INT(ts.frames, tw.frames);
    CHECK_INT(ts.delay, tw.delay);
    CHECK_INT(ts.padding, tw.padding);
    CHECK_INT(ts.bytes, seg.len);
    CHECK_INT(ts.music_length, seg.len);
    CHECK_INT((uint64_t)ts.frames * grid() - (uint64_t)ts.delay - (uint64_t)ts.padding,
              input.frames);
    CHECK(fresh_reservoirs(&seg, cuts, ncuts));

    size_t nw, ns;
    float *dw = decode(&whole, &nw), *ds = decode(&seg, &ns);
    CHECK_INT(nw, input.frames);
    CHECK_INT(ns, input.frames);
    double sw = snr_db(s, dw, nw, 0), ss = snr_db(s, ds, ns, 0);
    double ss_early = snr_db(s, ds, ns, -1), ss_late = snr_db(s, ds, ns, 1);
    /* the seam, where one encoder's padding meets the next one's delay,
     * is at cut - 576: a frame either side of it */
    double at_cuts = 0;
    for (size_t k = 0; k < ncuts; k++)
        for (uint64_t i = cuts[k] - 576 - grid(); i < cuts[k] - 576 + grid(); i++)
            at_cuts = fmax(at_cuts, fabs(ds[i]));
    printf("%zu cuts; SNR %.2f dB (one LAME %.2f dB; a frame early %.2f, late %.2f); "
           "max |decoded| around the cuts %.3g\n",
           ncuts, ss, sw, ss_early, ss_late, at_cuts);
    CHECK(ss > sw - 1 && ss > ss_early + 3 && ss > ss_late + 3);
    CHECK(at_cuts == 0);
    free(dw);
    free(ds);
    stream_clear(&whole);
    stream_clear(&seg);

    /* no pause to cut in: one LAME's bytes, the tag too */
    free(s);
    s = seg_make_signal(&input, false);
    CHECK_INT(expected_cuts(s, cuts), 0);
    encode_whole(s, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_OK);
    CHECK_INT(made, 0);
    CHECK(seg.len == whole.len && !memcmp(seg.data, whole.data, whole.len));
    stream_clear(&whole);
    stream_clear(&seg);
    free(s);
}

int main(void)
{
    run((config){22050, 1, 0}, 2);
    run((config){44100, 2, 128}, 2);

    /* a failing callback mid-stream */
    cfg = (config){22050, 1, 0};
    input = signal_of(cfg);
    int16_t *s = seg_make_signal(&input, true);
    size_t made;
    seg.fail_at = 200000;
    CHECK_INT(encode_segmented(s, 3, false, &seg, &made), PCAST_ERR_IO);
    CHECK(seg.len <= 200000);
    CHECK_INT(check_thread_count(), 1); /* every encoder thread joined */
    stream_clear(&seg);
    free(s);
    return CHECK_RESULT();
}
