/* The segmented AAC encoder (src/aac_segments.c) against one encoder
 * over the whole signal, on a speech-like signal with pauses of exact
 * zeros, some long enough to cut in, at a bit rate and in VBR (M4A's
 * default):
 * - the same packets (bytes, pts, durations) on the caller's thread, one
 *   thread and three threads, fed in odd-sized pieces, fast and slow;
 * - as many packets as one encoder gives, at the same times, and before
 *   the first cut the very same bytes;
 * - decoded by libavcodec, as many samples, and exact zeros for 2048
 *   frames either side of every cut;
 * - with no pause long enough, exactly one encoder's packets;
 * - without a bit rate the encoder is VBR, and never uses TNS;
 * - a failing packet callback fails the write, and freeing then leaves
 *   no thread running (and ASan/valgrind see no leak). */
#include "check.h"
#include "segments_check.h"

#include "aac_segments.h"
#include "error.h"

#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define RATE_HZ 8000
#define SECONDS 75
#define FRAMES ((size_t)RATE_HZ * SECONDS)
#define MAX_PACKETS 4096
#define MAX_CUTS 16

typedef struct packets {
    size_t n;
    int64_t pts[MAX_PACKETS], duration[MAX_PACKETS];
    int size[MAX_PACKETS];
    uint8_t *data[MAX_PACKETS];
    size_t fail_at; /* emit fails at this packet (0: never) */
} packets;

static void packets_clear(packets *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->data[i]);
    memset(p, 0, sizeof *p);
}

static pcast_status keep(void *user, AVPacket *pkt, pcast_error *err)
{
    packets *p = user;
    if (p->fail_at && p->n + 1 == p->fail_at) {
        av_packet_unref(pkt);
        return pc_error_set(err, PCAST_ERR_IO, "test", 0, 0, "no room");
    }
    if (p->n == MAX_PACKETS)
        abort();
    p->pts[p->n] = pkt->pts;
    p->duration[p->n] = pkt->duration;
    p->size[p->n] = pkt->size;
    p->data[p->n] = malloc((size_t)pkt->size);
    memcpy(p->data[p->n], pkt->data, (size_t)pkt->size);
    p->n++;
    av_packet_unref(pkt);
    return PCAST_OK;
}

/* The signal, mono: pauses of exact zeros, 0.2 s (too short to cut) at
 * the end of every 7.3 s phrase, and 1 s (long enough) twice, neither on
 * the grid. Each long pause ends 3 blocks before a grid position a
 * multiple of 16 blocks, where the encoder's input was once handed to a
 * worker before the cut in it was known (a duplicated packet when the
 * worker was quick: the slow producer below). */
static const seg_signal input = {RATE_HZ, 1, FRAMES, 7.1,
                               {299 * AAC_BLOCK_FRAMES - 500, 460 * AAC_BLOCK_FRAMES - 300},
                               {RATE_HZ, RATE_HZ}};

/* The cuts aac_segments.h describes, found here independently. */
static size_t expected_cuts(const int16_t *s, uint64_t *cuts)
{
    static const seg_cut_rule r = {AAC_BLOCK_FRAMES, 2 * AAC_MARGIN_BLOCKS, AAC_MARGIN_BLOCKS,
                                   AAC_MIN_SEGMENT_S};
    return seg_expected_cuts(&input, s, &r, cuts, MAX_CUTS);
}

static pc_aac_params params = {RATE_HZ, 1, 24000, true, "test"}; /* CBR, then VBR */

static void encode_whole(const int16_t *s, packets *out)
{
    AVCodecContext *e;
    pcast_error err;
    if (pc_aac_encoder_open(&e, &params, &err))
        abort();
    AVFrame *f = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    f->format = AV_SAMPLE_FMT_FLTP;
    f->sample_rate = RATE_HZ;
    av_channel_layout_default(&f->ch_layout, 1);
    for (size_t at = 0; at < FRAMES + AAC_BLOCK_FRAMES; at += AAC_BLOCK_FRAMES) {
        size_t n = at >= FRAMES ? 0 : FRAMES - at < AAC_BLOCK_FRAMES ? FRAMES - at : AAC_BLOCK_FRAMES;
        AVFrame *send = NULL; /* after the last frame: the flush */
        if (n) {
            f->nb_samples = (int)n;
            if (av_frame_get_buffer(f, 0) < 0)
                abort();
            for (size_t i = 0; i < n; i++)
                ((float *)f->data[0])[i] = (float)s[at + i] * (1.0f / 32768.0f);
            f->pts = (int64_t)at;
            send = f;
        }
        avcodec_send_frame(e, send);
        av_frame_unref(f);
        f->format = AV_SAMPLE_FMT_FLTP;
        f->sample_rate = RATE_HZ;
        av_channel_layout_default(&f->ch_layout, 1);
        while (avcodec_receive_packet(e, pkt) == 0)
            keep(out, pkt, &err);
    }
    av_frame_free(&f);
    av_packet_free(&pkt);
    avcodec_free_context(&e);
}

static pcast_status write_aac(void *a, const int16_t *pcm, size_t n, pcast_error *err)
{
    return pc_aac_segments_write(a, pcm, n, err);
}

/* Feeds s (seg_feed, slow or not); returns the first failure. */
static pcast_status encode_segmented(const int16_t *s, unsigned threads, bool slow, packets *out)
{
    pc_aac_segments *a;
    pcast_error err;
    pcast_status st = pc_aac_segments_new(&a, &params, threads, keep, out, &err);
    if (st)
        return st;
    st = seg_feed(&input, s, slow, write_aac, a, &err);
    uint64_t frames = 0;
    if (!st && !(st = pc_aac_segments_finish(a, &frames, &err)))
        CHECK_INT(frames, FRAMES);
    pc_aac_segments_free(a);
    return st;
}

static bool same_packets(const packets *a, const packets *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a->pts[i] != b->pts[i] || a->duration[i] != b->duration[i] ||
            a->size[i] != b->size[i] || memcmp(a->data[i], b->data[i], (size_t)a->size[i]))
            return false;
    return true;
}

/* Decodes the packets; returns the samples (priming dropped), *n set. */
static float *decode(const packets *p, size_t *n)
{
    const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
    AVCodecContext *d = avcodec_alloc_context3(codec);
    AVCodecContext *e;
    pcast_error err;
    if (pc_aac_encoder_open(&e, &params, &err))
        abort();
    d->extradata = av_mallocz((size_t)e->extradata_size + AV_INPUT_BUFFER_PADDING_SIZE);
    memcpy(d->extradata, e->extradata, (size_t)e->extradata_size);
    d->extradata_size = e->extradata_size;
    avcodec_free_context(&e);
    if (avcodec_open2(d, codec, NULL) < 0)
        abort();
    float *out = malloc((p->n + 1) * AAC_BLOCK_FRAMES * sizeof *out);
    size_t got = 0;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *f = av_frame_alloc();
    for (size_t i = 0; i <= p->n; i++) {
        if (i < p->n) {
            av_new_packet(pkt, p->size[i]);
            memcpy(pkt->data, p->data[i], (size_t)p->size[i]);
        }
        avcodec_send_packet(d, i < p->n ? pkt : NULL);
        av_packet_unref(pkt);
        while (avcodec_receive_frame(d, f) == 0) {
            memcpy(out + got, f->data[0], (size_t)f->nb_samples * sizeof *out);
            got += (size_t)f->nb_samples;
        }
    }
    av_packet_free(&pkt);
    av_frame_free(&f);
    avcodec_free_context(&d);
    *n = got > AAC_BLOCK_FRAMES ? got - AAC_BLOCK_FRAMES : 0;
    memmove(out, out + AAC_BLOCK_FRAMES, *n * sizeof *out);
    return out;
}

static packets whole, seg, other;

/* The signal with pauses, at params' rate control: the checks above. */
static void check_cuts(void)
{
    int16_t *s = seg_make_signal(&input, true);
    uint64_t cuts[MAX_CUTS];
    size_t ncuts = expected_cuts(s, cuts);
    CHECK_INT(ncuts, 2);
    CHECK_INT(cuts[0], 302 * AAC_BLOCK_FRAMES);
    CHECK_INT(cuts[1], 463 * AAC_BLOCK_FRAMES);

    encode_whole(s, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg), PCAST_OK);
    CHECK_INT(seg.n, whole.n);
    CHECK_INT(seg.n, (FRAMES + AAC_BLOCK_FRAMES - 1) / AAC_BLOCK_FRAMES + 1);
    bool times = seg.n == whole.n;
    for (size_t i = 0; times && i < seg.n; i++)
        times = seg.pts[i] == whole.pts[i] && seg.duration[i] == whole.duration[i];
    CHECK(times);
    /* before the first cut: one encoder, the same state */
    size_t before = (size_t)(cuts[0] / AAC_BLOCK_FRAMES);
    CHECK(ncuts && seg.n > before && same_packets(&seg, &whole, before));
    /* after it, a fresh encoder's state: some packets differ */
    CHECK(!same_packets(&seg, &whole, seg.n));

    /* the caller's thread, one thread, and three fed slower than they
     * encode (each worker waiting for the next piece) */
    for (size_t r = 0; r < sizeof seg_runs / sizeof *seg_runs; r++) {
        CHECK_INT(encode_segmented(s, seg_runs[r].threads, seg_runs[r].slow, &other), PCAST_OK);
        CHECK(other.n == seg.n && same_packets(&other, &seg, seg.n));
        packets_clear(&other);
    }

    size_t nw, ns;
    float *dw = decode(&whole, &nw), *ds = decode(&seg, &ns);
    /* the last packet's padding is not cut here (the MP4 edit list does) */
    CHECK(nw >= FRAMES && nw < FRAMES + AAC_BLOCK_FRAMES);
    CHECK_INT(ns, nw);
    double at_cuts = 0, elsewhere = 0;
    for (size_t c = 0; c < ncuts; c++)
        for (uint64_t i = cuts[c] - 2048; i < cuts[c] + 2048; i++)
            at_cuts = fmax(at_cuts, fmax(fabs(ds[i]), fabs(ds[i] - dw[i])));
    for (size_t i = 0; i < FRAMES && i < nw && i < ns; i++)
        elsewhere = fmax(elsewhere, fabs(ds[i] - dw[i]));
    printf("%zu cuts; max |segmented - whole| decoded: %.3g within 2048 frames of a cut, "
           "%.3g anywhere\n", ncuts, at_cuts, elsewhere);
    CHECK(at_cuts == 0);
    free(dw);
    free(ds);
    packets_clear(&whole);
    packets_clear(&seg);
    free(s);
}

int main(void)
{
    check_cuts(); /* at a bit rate */
    params.bitrate_bps = 0;
    check_cuts(); /* VBR, as M4A's default */
    /* without a bit rate: VBR (a fixed lambda); never TNS */
    AVCodecContext *e;
    pcast_error err;
    int64_t tns = -1;
    CHECK_INT(pc_aac_encoder_open(&e, &params, &err), PCAST_OK);
    CHECK((e->flags & AV_CODEC_FLAG_QSCALE) && e->global_quality > 0);
    CHECK(av_opt_get_int(e->priv_data, "aac_tns", 0, &tns) >= 0 && tns == 0);
    avcodec_free_context(&e);

    /* no pause to cut in: one encoder */
    int16_t *s = seg_make_signal(&input, false);
    uint64_t cuts[MAX_CUTS];
    CHECK_INT(expected_cuts(s, cuts), 0);
    encode_whole(s, &whole);
    CHECK_INT(encode_segmented(s, 3, false, &seg), PCAST_OK);
    CHECK(seg.n == whole.n && same_packets(&seg, &whole, whole.n));
    packets_clear(&whole);
    packets_clear(&seg);

    /* a failing callback mid-stream */
    free(s);
    s = seg_make_signal(&input, true);
    seg.fail_at = 200;
    CHECK_INT(encode_segmented(s, 3, false, &seg), PCAST_ERR_IO);
    CHECK_INT(seg.n, 199);
    CHECK_INT(check_thread_count(), 1); /* every encoder thread joined */
    packets_clear(&seg);
    free(s);
    return CHECK_RESULT();
}
