/* aac_segments: AAC on FFmpeg's encoders, one a segment, on the
 * ordered-segments engine (segments.c; see aac_segments.h). Here: where
 * a cut may fall on the 1024-frame grid, each segment's encoder primed
 * in the silence before its cut and run on into the silence after its
 * end, and which of its packets it keeps. */
#include "aac_segments.h"

#include "encoder_thread.h"
#include "error.h"
#include "segments.h"

#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>

#include <stdlib.h>
#include <string.h>

/* The last frames taken are held back until a cut in them is decided (at
 * most AAC_MARGIN_BLOCKS blocks later): an encoder never takes input
 * that could decide a packet before it knows whether the packet is its
 * segment's. */
#define HOLD_FRAMES (AAC_MARGIN_BLOCKS * AAC_BLOCK_FRAMES)
/* VBR's quality, as ffmpeg's -q:a (pc_aac_encoder_open) */
#define AAC_VBR_QUALITY 1.5

/* A batch: packets in stream order (pc_seg_ops). */
typedef struct pnode {
    struct pnode *next;
    AVPacket *pkt;
} pnode;

/* A segment's encoder. */
typedef struct aac_enc {
    AVCodecContext *ctx;
    AVFrame *block;
    AVPacket *pkt;
    int fill_frames;      /* frames in block */
    int64_t pts_frames;   /* the next block's first frame */
    int64_t input_frames; /* where its input starts; zeros before */
} aac_enc;

struct pc_aac_segments {
    pc_aac_params p;
    pc_aac_packet_fn emit;
    void *user;
    pc_segments *engine;
    uint64_t min_frames; /* AAC_MIN_SEGMENT_S at the rate */
};

static pcast_status av_fail(pcast_error *err, const char *name, const char *what, int averr)
{
    char msg[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(averr, msg, sizeof msg);
    return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "%s: %s", what, msg);
}

pcast_status pc_aac_encoder_open(AVCodecContext **out, const pc_aac_params *p, pcast_error *err)
{
    *out = NULL;
    const AVCodec *codec = avcodec_find_encoder_by_name("aac");
    if (!codec)
        return pc_error_set(err, PCAST_ERR_IO, p->name, 0, 0, "this FFmpeg has no AAC encoder");
    AVCodecContext *e = avcodec_alloc_context3(codec);
    if (!e)
        return pc_error_nomem(err);
    e->sample_fmt = AV_SAMPLE_FMT_FLTP;
    e->sample_rate = (int)p->rate_hz;
    av_channel_layout_default(&e->ch_layout, (int)p->channels);
    e->time_base = (AVRational){1, (int)p->rate_hz};
    e->flags |= AV_CODEC_FLAG_BITEXACT;
    e->log_level_offset = AV_LOG_DEBUG; /* its "Qavg" line: a library does not print */
    if (p->global_header)
        e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    /* Measured on the corpus (79 min, 22.05 kHz mono) with FFmpeg 5.1:
     * the encoder's CPU on one thread; the size; decoded against the
     * source by bench_quality (SNR, segmental SNR, log-spectral distance):
     *   fast coder, 80 kbit/s, TNS (until now) 19.9 s  53.3 MB  38.0  33.0 dB  1.00 dB
     *   fast coder, 80 kbit/s, no TNS          19.3 s  53.7 MB  39.4  33.2 dB  0.83 dB
     *   fast coder, VBR q 1.5, no TNS (this)   12.1 s  51.6 MB  40.5  33.1 dB  0.86 dB
     *   fast coder, VBR q 1.4, no TNS          11.9 s  48.5 MB  38.9  32.7 dB  1.00 dB
     * (the default "twoloop" coder took 7x the fast one's CPU and was
     * further from the source: SNR 28.4 against 37.8 dB on 300 s).
     * VBR (a fixed lambda, FF_QP2LAMBDA x AAC_VBR_QUALITY) codes each
     * frame once; at a bit rate a frame over or under its share of bits
     * is coded again at another lambda. q 1.5 is the lowest quality as
     * close to the source as 80 kbit/s was by all three measures; below
     * it the CPU hardly falls (the codebook search per band dominates).
     * Stereo at 44.1 kHz (300 s of the corpus, --stereo): q 1.5 against
     * 128 kbit/s, 23% less CPU, 147 against 140 kbit/s, SNR 39.7 against
     * 38.6 dB, LSD 1.33 against 1.40 dB. TNS (temporal noise shaping)
     * costs 4-7% and takes the decoded speech further from the source at
     * a bit rate and in VBR. PNS stays on (off: the same CPU and
     * figures); intensity and mid/side stereo are FFmpeg's defaults (not
     * measured; mono has neither). A bit rate given (bitrate_bps) is
     * kept: CBR. */
    int r = av_opt_set(e->priv_data, "aac_coder", "fast", 0);
    if (r >= 0)
        r = av_opt_set_int(e->priv_data, "aac_tns", 0, 0);
    if (p->bitrate_bps) {
        e->bit_rate = (int64_t)p->bitrate_bps;
    } else {
        e->flags |= AV_CODEC_FLAG_QSCALE;
        e->global_quality = (int)(FF_QP2LAMBDA * AAC_VBR_QUALITY + 0.5);
    }
    pcast_status st = PCAST_OK;
    if (r < 0)
        st = av_fail(err, p->name, "cannot set the AAC coder's options", r);
    else if ((r = avcodec_open2(e, codec, NULL)) < 0)
        st = av_fail(err, p->name, "cannot start the AAC encoder", r);
    else if (e->frame_size != AAC_BLOCK_FRAMES)
        st = pc_error_set(err, PCAST_ERR_IO, p->name, 0, 0, "the AAC encoder codes %d-frame blocks",
                          e->frame_size);
    if (st)
        avcodec_free_context(&e);
    *out = e;
    return st;
}

unsigned pc_aac_threads(void)
{
    return pc_encoder_threads("POSTCAST_AAC_THREADS", AAC_MAX_THREADS, AAC_DEFAULT_MAX_THREADS);
}

/* Frees a batch's packets. */
static void aac_discard(void *user, void *batch)
{
    (void)user;
    for (pnode *n = batch; n;) {
        pnode *next = n->next;
        av_packet_free(&n->pkt);
        free(n);
        n = next;
    }
}

static void aac_close(void *user, void *enc)
{
    (void)user;
    aac_enc *e = enc;
    if (!e)
        return;
    avcodec_free_context(&e->ctx);
    av_frame_free(&e->block);
    av_packet_free(&e->pkt);
    free(e);
}

/* At the end of a zero run long enough: a cut AAC_MARGIN_BLOCKS blocks
 * back, when the segment is long enough. The old segment takes the input
 * up to here (its encoder runs on past its end, in zeros); the new one's
 * input starts here, after AAC_PREROLL_BLOCKS blocks of zeros before the
 * cut (aac_open). */
static bool aac_cut(void *user, uint64_t pos_frames, unsigned zero_blocks,
                    uint64_t seg_first_frames, pc_seg_cut *cut)
{
    const pc_aac_segments *s = user;
    uint64_t at = pos_frames - (uint64_t)AAC_MARGIN_BLOCKS * AAC_BLOCK_FRAMES;
    if (zero_blocks < 2 * AAC_MARGIN_BLOCKS || at - seg_first_frames < s->min_frames)
        return false;
    *cut = (pc_seg_cut){at, pos_frames, pos_frames};
    return true;
}

static pcast_status aac_open(void *user, const pc_seg_range *r, void **enc, pcast_error *err)
{
    const pc_aac_segments *s = user;
    aac_enc *e = *enc = calloc(1, sizeof *e);
    if (!e)
        return pc_error_nomem(err);
    pcast_status st = pc_aac_encoder_open(&e->ctx, &s->p, err);
    if (!st && (!(e->block = av_frame_alloc()) || !(e->pkt = av_packet_alloc())))
        st = pc_error_nomem(err);
    if (!st) {
        e->block->format = AV_SAMPLE_FMT_FLTP;
        e->block->sample_rate = (int)s->p.rate_hz;
        e->block->nb_samples = AAC_BLOCK_FRAMES;
        if (av_channel_layout_copy(&e->block->ch_layout, &e->ctx->ch_layout) < 0 ||
            av_frame_get_buffer(e->block, 0) < 0)
            st = pc_error_nomem(err);
    }
    if (st) {
        aac_close(user, e);
        *enc = NULL;
        return st;
    }
    e->pts_frames = r->first_frames
                        ? (int64_t)r->first_frames - AAC_PREROLL_BLOCKS * AAC_BLOCK_FRAMES
                        : 0;
    e->input_frames = (int64_t)r->input_frames;
    return PCAST_OK;
}

/* Sends the block (NULL: the end) and keeps, on *got, each packet whose
 * decoded frames lie in the segment's own range: a packet at pts t
 * decodes to frames t..t+1023 (the encoder's 1024 frames of priming put
 * the first at -1024). */
static pcast_status aac_send(const pc_aac_segments *s, aac_enc *e, const pc_seg_range *r,
                             AVFrame *frame, pnode ***got, pcast_error *err)
{
    int res = avcodec_send_frame(e->ctx, frame);
    if (res < 0)
        return av_fail(err, s->p.name, "AAC encoding", res);
    for (;;) {
        res = avcodec_receive_packet(e->ctx, e->pkt);
        if (res == AVERROR(EAGAIN) || res == AVERROR_EOF)
            return PCAST_OK;
        if (res < 0)
            return av_fail(err, s->p.name, "AAC encoding", res);
        int64_t t = e->pkt->pts + AAC_BLOCK_FRAMES;
        if (t < (int64_t)r->first_frames ||
            (r->end_frames != PC_SEG_OPEN_END && t >= (int64_t)r->end_frames)) {
            av_packet_unref(e->pkt);
            continue;
        }
        pnode *n = malloc(sizeof *n);
        if (!n || !(n->pkt = av_packet_alloc())) {
            free(n);
            av_packet_unref(e->pkt);
            return pc_error_nomem(err);
        }
        av_packet_move_ref(n->pkt, e->pkt);
        n->next = NULL;
        **got = n;
        *got = &n->next;
    }
}

/* Feeds n frames (NULL: zeros), a block at a time. */
static pcast_status aac_feed(const pc_aac_segments *s, aac_enc *e, const pc_seg_range *r,
                             const int16_t *frames, size_t n, pnode ***got, pcast_error *err)
{
    const unsigned ch = s->p.channels;
    while (n) {
        if (!e->fill_frames && av_frame_make_writable(e->block) < 0)
            return pc_error_nomem(err);
        size_t take = (size_t)(AAC_BLOCK_FRAMES - e->fill_frames);
        if (take > n)
            take = n;
        for (unsigned c = 0; c < ch; c++) {
            float *dst = (float *)e->block->data[c] + e->fill_frames;
            if (!frames) {
                memset(dst, 0, take * sizeof *dst);
                continue;
            }
            const int16_t *src = frames + c;
            for (size_t i = 0; i < take; i++)
                dst[i] = (float)src[i * ch] * (1.0f / 32768.0f);
        }
        e->fill_frames += (int)take;
        if (frames)
            frames += take * ch;
        n -= take;
        if (e->fill_frames == AAC_BLOCK_FRAMES) {
            e->block->nb_samples = AAC_BLOCK_FRAMES;
            e->block->pts = e->pts_frames;
            e->pts_frames += AAC_BLOCK_FRAMES;
            e->fill_frames = 0;
            pcast_status st = aac_send(s, e, r, e->block, got, err);
            if (st)
                return st;
        }
    }
    return PCAST_OK;
}

/* The last segment's end: the partial block, then the encoder's flush.
 * A cut segment needs neither: its input runs AAC_MARGIN_BLOCKS blocks
 * past its end, so its last packet came out already. */
static pcast_status aac_end(const pc_aac_segments *s, aac_enc *e, const pc_seg_range *r,
                            pnode ***got, pcast_error *err)
{
    if (r->end_frames != PC_SEG_OPEN_END)
        return PCAST_OK;
    if (e->fill_frames) {
        if (av_frame_make_writable(e->block) < 0)
            return pc_error_nomem(err);
        e->block->nb_samples = e->fill_frames;
        e->block->pts = e->pts_frames;
        e->pts_frames += e->fill_frames;
        e->fill_frames = 0;
        pcast_status st = aac_send(s, e, r, e->block, got, err);
        if (st)
            return st;
    }
    return aac_send(s, e, r, NULL, got, err);
}

/* The zeros before the segment's input, then n frames (NULL: the end). */
static pcast_status aac_encode(void *user, void *enc, const pc_seg_range *r,
                               const int16_t *frames, size_t n, void **batch, pcast_error *err)
{
    const pc_aac_segments *s = user;
    aac_enc *e = enc;
    pnode *list = NULL, **got = &list;
    pcast_status st = PCAST_OK;
    int64_t at = e->pts_frames + e->fill_frames;
    if (at < e->input_frames)
        st = aac_feed(s, e, r, NULL, (size_t)(e->input_frames - at), &got, err);
    if (!st)
        st = frames ? aac_feed(s, e, r, frames, n, &got, err) : aac_end(s, e, r, &got, err);
    if (st) {
        aac_discard(user, list);
        return st;
    }
    *batch = list;
    return PCAST_OK;
}

/* Hands the packets to emit in order and frees them. */
static pcast_status aac_emit(void *user, void *batch, pcast_error *err)
{
    const pc_aac_segments *s = user;
    pcast_status st = PCAST_OK;
    for (pnode *n = batch; n;) {
        pnode *next = n->next;
        if (!st)
            st = s->emit(s->user, n->pkt, err);
        av_packet_free(&n->pkt);
        free(n);
        n = next;
    }
    return st;
}

static const pc_seg_ops aac_ops = {aac_cut, aac_open, aac_encode, aac_emit, aac_discard,
                                   aac_close};

pcast_status pc_aac_segments_new(pc_aac_segments **out, const pc_aac_params *p, unsigned threads,
                                 pc_aac_packet_fn emit, void *user, pcast_error *err)
{
    *out = NULL;
    pc_aac_segments *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->p = *p;
    s->emit = emit;
    s->user = user;
    s->min_frames = (uint64_t)AAC_MIN_SEGMENT_S * p->rate_hz;
    pc_seg_config c = {&aac_ops,      s,       p->channels, AAC_BLOCK_FRAMES, HOLD_FRAMES,
                       s->min_frames, p->name, "AAC"};
    pcast_status st = pc_segments_new(&s->engine, &c, threads, err);
    if (st) {
        free(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

pcast_status pc_aac_segments_write(pc_aac_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err)
{
    return pc_segments_write(s->engine, frames, n, err);
}

pcast_status pc_aac_segments_finish(pc_aac_segments *s, uint64_t *frames_out, pcast_error *err)
{
    *frames_out = pc_segments_frames(s->engine);
    return pc_segments_finish(s->engine, err);
}

void pc_aac_segments_free(pc_aac_segments *s)
{
    if (!s)
        return;
    pc_segments_free(s->engine);
    free(s);
}
