/* opus_segments: Opus packets from libopus encoders, one a segment, on
 * the ordered-segments engine (segments.c; see opus_segments.h). Here:
 * where a cut may fall on the 20 ms grid, each segment's resampler and
 * encoder, its primer, its shortened last packet, and the stream's last
 * packet, padded with silence. */
#include "opus_segments.h"

#include "buf.h"
#include "encoder_thread.h"
#include "error.h"
#include "segments.h"

#include <math.h>
#include <opus.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>

/* Speech at 40/64 kbit/s, measured on 127 s of the example interview
 * (CPU per encode; signal-to-distortion ratio of the decoded audio):
 * complexity 10 (libopus's default), 20 ms frames: 2.07 s, 35.9 dB;
 * complexity 5, 20 ms: 0.65 s, 33.6 dB; 5 at 60 ms: 0.45 s, same; 3 at
 * 60 ms: 0.36 s, 31.1 dB. Then on 300 s of the corpus (mono, 40 kbit/s;
 * decoded against the source, bench/codecs.sh: SNR, log-spectral
 * distance): complexity 5 at 60 ms 1.12 s, 17.3 dB, 4.00 dB; 1 to 4 at
 * 60 ms 0.83-0.88 s, 16.1 dB, 4.03 dB; 0 at 60 ms 0.68 s, 17.1 dB,
 * 3.86 dB; 0 at 120 ms 0.57 s, the same (all through libopusenc).
 * libopus picks CELT for this signal at these rates, and complexity 0
 * only drops CELT's searches (pitch pre-filter, TF and spreading
 * analysis), which these measures do not miss. */
#define OPUS_COMPLEXITY 0
#define OPUS_MAX_PACKET_BYTES (1276 * 6 + 7) /* six 20 ms frames, code 3 */
#define OPUS_IN_PIECE_FRAMES 4096            /* resampled per soxr call */
#define CELT_FRAME_MS 20
/* The old encoder's last CELT frames that must code silence: two, so
 * the decoder's previous two frames' energies (anti-collapse) are
 * silence's too. */
#define SILENT_CELT_FRAMES 2
/* libsoxr's HQ filter: an impulse's response stays above 1e-7 of it for
 * +-108 output frames at 24 kHz from 22.05 kHz (+-4.5 ms; +-91 frames at
 * 48 kHz from 96 kHz): its reach in input frames, times the decimation
 * when it goes down. */
#define RESAMPLER_REACH_FRAMES 128

/* A batch (pc_seg_ops) is a pc_buf of packets, each after its head. */
typedef struct pkt_head {
    uint32_t bytes, samples_48k, last;
} pkt_head;

/* A segment's encoder, from its cut on (the first: from 0). */
typedef struct seg_enc {
    OpusEncoder *enc;
    soxr_t soxr;           /* the input's rate to the Opus rate, or NULL */
    float *frame;          /* frame_frames x channels */
    size_t filled;         /* frames in frame */
    float *rs_out;         /* the resampler's output */
    size_t rs_cap;         /* frames rs_out holds */
    uint64_t in_frames;    /* input frames taken (input rate) */
    uint64_t out_frames;   /* frames into frame (Opus rate) */
    uint64_t kept_frames;  /* frames in the packets kept (Opus rate) */
    bool priming;          /* the next packet is the primer: dropped */
    unsigned char packet[OPUS_MAX_PACKET_BYTES];
} seg_enc;

struct pc_opus_segments {
    pc_opus_params p;
    pc_segments *engine;
    unsigned opus_rate_hz;
    unsigned lookahead_frames;   /* the encoders' (Opus rate) */
    size_t frame_frames;         /* OPUS_FRAME_MS at the Opus rate */
    unsigned grid_frames;        /* OPUS_GRID_MS at the input rate */
    unsigned before_blocks, after_blocks; /* zero blocks a cut needs */
    bool can_cut;                /* CELT only, and the grid is whole */
    uint64_t min_frames;         /* OPUS_MIN_SEGMENT_S at the input rate */
    OpusEncoder *first;          /* the first segment's, made by _new until it opens */
};

unsigned pc_opus_threads(void)
{
    return pc_encoder_threads("POSTCAST_OPUS_THREADS", OPUS_MAX_THREADS,
                              OPUS_DEFAULT_MAX_THREADS);
}

/* The smallest rate libopus encodes at that is not below rate_hz. */
static unsigned opus_rate_for(unsigned rate_hz)
{
    static const unsigned rates[] = {8000, 12000, 16000, 24000};
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++)
        if (rate_hz <= rates[i])
            return rates[i];
    return 48000;
}

/* round(in_frames x the Opus rate / the input rate): exact on the grid. */
static uint64_t out_frames_for(const pc_opus_segments *s, uint64_t in_frames)
{
    return (uint64_t)llround((double)in_frames * s->opus_rate_hz / s->p.rate_hz);
}

/* An encoder as every segment's is made. On failure *out is NULL. */
static pcast_status make_encoder(const pc_opus_segments *s, OpusEncoder **out, pcast_error *err)
{
    int e = OPUS_OK;
    OpusEncoder *enc = *out = opus_encoder_create((opus_int32)s->opus_rate_hz,
                                                  (int)s->p.channels, OPUS_APPLICATION_AUDIO, &e);
    if (!enc)
        return e == OPUS_ALLOC_FAIL ? pc_error_nomem(err)
                                    : pc_error_set(err, PCAST_ERR_ARGUMENT, s->p.name, 0, 0,
                                                   "cannot encode Opus: %s", opus_strerror(e));
    if (s->p.bitrate_bps > INT32_MAX ||
        opus_encoder_ctl(enc, OPUS_SET_BITRATE((opus_int32)s->p.bitrate_bps)) != OPUS_OK ||
        opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(OPUS_COMPLEXITY)) != OPUS_OK) {
        opus_encoder_destroy(enc);
        *out = NULL;
        return pc_error_set(err, PCAST_ERR_ARGUMENT, s->p.name, 0, 0,
                            "cannot encode Opus at %u kbit/s", s->p.bitrate_bps / 1000);
    }
    return PCAST_OK;
}

/* Whether a fresh encoder codes a packet of silence in CELT only (TOC
 * configurations 16-31): it then does every packet (libopus's mode
 * choice at complexity 0 depends on the bit rate and the frame size, not
 * on the signal, and leans to the mode it is in). */
static bool celt_only(const pc_opus_segments *s)
{
    OpusEncoder *probe;
    pcast_error err;
    float *zeros = calloc(s->frame_frames * s->p.channels, sizeof *zeros);
    unsigned char packet[OPUS_MAX_PACKET_BYTES];
    bool celt = false;
    if (zeros && !make_encoder(s, &probe, &err)) {
        celt = opus_encode_float(probe, zeros, (int)s->frame_frames, packet, sizeof packet) > 0 &&
               packet[0] >> 3 >= 16;
        opus_encoder_destroy(probe);
    }
    free(zeros);
    return celt;
}

/* The cut grid: the shortest multiple of OPUS_GRID_MS that is a whole
 * number of frames at the input's rate (a cut then falls on a whole frame
 * at the Opus rate too, and a segment's last packet is a valid Opus
 * frame); no cut when none up to OPUS_FRAME_MS is. The cut rule's zero
 * blocks: before a cut, the old encoder's last SILENT_CELT_FRAMES frames
 * with its look-ahead; after it, the new encoder's first CELT frame; each
 * with the resampler's reach. */
static void cut_rule(pc_opus_segments *s)
{
    unsigned rate = s->p.rate_hz, orate = s->opus_rate_hz, ms = 0;
    for (unsigned k = OPUS_GRID_MS; k <= OPUS_FRAME_MS && !ms; k += OPUS_GRID_MS)
        ms = (uint64_t)rate * k % 1000 ? 0 : k;
    s->can_cut = s->can_cut && ms;
    s->grid_frames = ms ? (unsigned)((uint64_t)rate * ms / 1000) : rate / 50 ? rate / 50 : 1;
    uint64_t reach = rate == orate ? 0
                     : rate > orate ? ((uint64_t)RESAMPLER_REACH_FRAMES * rate + orate - 1) / orate
                                    : RESAMPLER_REACH_FRAMES;
    uint64_t celt = (uint64_t)orate / (1000 / CELT_FRAME_MS);
    uint64_t before = SILENT_CELT_FRAMES * celt + s->lookahead_frames, after = celt;
    before = (before * rate + orate - 1) / orate + reach; /* to input frames */
    after = (after * rate + orate - 1) / orate + reach;
    s->before_blocks = (unsigned)((before + s->grid_frames - 1) / s->grid_frames);
    s->after_blocks = (unsigned)((after + s->grid_frames - 1) / s->grid_frames);
}

/* --- a segment's encoder --- */

/* Encodes the e->filled frames (a whole packet, or a cut segment's last:
 * a multiple of 20 ms) into b, flagged last; the primer's packet is
 * dropped. */
static pcast_status encode_packet(const pc_opus_segments *s, seg_enc *e, pc_buf *b, bool last,
                                  pcast_error *err)
{
    opus_int32 n = opus_encode_float(e->enc, e->frame, (int)e->filled, e->packet,
                                     (opus_int32)sizeof e->packet);
    if (n < 0)
        return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "cannot encode Opus: %s",
                            opus_strerror(n));
    size_t frames = e->filled;
    e->filled = 0;
    if (e->priming) {
        e->priming = false;
        return PCAST_OK;
    }
    e->kept_frames += frames;
    pkt_head h = {(uint32_t)n, (uint32_t)(frames * (48000 / s->opus_rate_hz)), last};
    if (!pc_buf_append(b, (const char *)&h, sizeof h) ||
        !pc_buf_append(b, (const char *)e->packet, (size_t)n))
        return pc_error_nomem(err);
    return PCAST_OK;
}

/* k frames at the Opus rate (in NULL: silence) into the frame being
 * filled, each full frame encoded. */
static pcast_status feed(const pc_opus_segments *s, seg_enc *e, const float *in, size_t k,
                         pc_buf *b, pcast_error *err)
{
    size_t ch = s->p.channels;
    while (k) {
        size_t n = s->frame_frames - e->filled;
        if (n > k)
            n = k;
        float *to = e->frame + e->filled * ch;
        if (in) {
            memcpy(to, in, n * ch * sizeof *to);
            in += n * ch;
        } else {
            memset(to, 0, n * ch * sizeof *to);
        }
        e->filled += n;
        e->out_frames += n;
        k -= n;
        pcast_status st = e->filled == s->frame_frames ? encode_packet(s, e, b, false, err)
                                                       : PCAST_OK;
        if (st)
            return st;
    }
    return PCAST_OK;
}

/* What the resampler gives, capped at the exact length round(frames in
 * x ratio): libsoxr is time-aligned but flushes a filter tail. in NULL:
 * the flush. */
static pcast_status resample(const pc_opus_segments *s, seg_enc *e, const int16_t *in, size_t n,
                             pc_buf *b, pcast_error *err)
{
    uint64_t want = out_frames_for(s, e->in_frames);
    for (;;) {
        size_t done = 0;
        soxr_error_t se = soxr_process(e->soxr, in, n, NULL, e->rs_out, e->rs_cap, &done);
        if (se)
            return pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "resampling failed: %s", se);
        if (e->out_frames + done > want)
            done = (size_t)(want - e->out_frames);
        pcast_status st = feed(s, e, e->rs_out, done, b, err);
        if (st || in || !done || e->out_frames == want)
            return st;
    }
}

/* n input frames, OPUS_IN_PIECE_FRAMES at a time, resampled or made
 * floats (as opus_encode would). */
static pcast_status take_input(const pc_opus_segments *s, seg_enc *e, const int16_t *frames,
                               size_t n, pc_buf *b, pcast_error *err)
{
    size_t ch = s->p.channels;
    pcast_status st = PCAST_OK;
    for (size_t at = 0; at < n && !st; at += OPUS_IN_PIECE_FRAMES) {
        size_t k = n - at < OPUS_IN_PIECE_FRAMES ? n - at : OPUS_IN_PIECE_FRAMES;
        const int16_t *in = frames + at * ch;
        e->in_frames += k;
        if (e->soxr) {
            st = resample(s, e, in, k, b, err);
            continue;
        }
        for (size_t i = 0; i < k * ch; i++)
            e->rs_out[i] = (1.0f / 32768) * in[i];
        st = feed(s, e, e->rs_out, k, b, err);
    }
    return st;
}

/* A segment's end, after the resampler's tail. A cut segment: its last
 * packet ends exactly at the cut (shorter than the others when the span
 * is not a whole number of them). The stream's last: the last frame
 * padded with silence until the packets cover the pre-skip and every
 * input frame at 48 kHz (rounded up, as a decoder rounds down), the last
 * packet flagged. */
static pcast_status end_segment(const pc_opus_segments *s, seg_enc *e, const pc_seg_range *r,
                                pc_buf *b, pcast_error *err)
{
    pcast_status st = e->soxr ? resample(s, e, NULL, 0, b, err) : PCAST_OK;
    if (!st && r->end_frames != PC_SEG_OPEN_END) {
        uint64_t span = out_frames_for(s, r->end_frames - r->first_frames);
        if (e->out_frames <= span)
            st = feed(s, e, NULL, (size_t)(span - e->out_frames), b, err);
        if (!st && e->filled)
            st = encode_packet(s, e, b, false, err);
        if (!st && e->kept_frames != span)
            st = pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0,
                              "an Opus segment spans %llu frames, not %llu",
                              (unsigned long long)e->kept_frames, (unsigned long long)span);
        return st;
    }
    unsigned per = 48000 / s->opus_rate_hz;
    uint64_t total = r->input_frames + e->in_frames;
    uint64_t end = (uint64_t)s->lookahead_frames * per +
                   (total * 48000 + s->p.rate_hz - 1) / s->p.rate_hz;
    uint64_t from = out_frames_for(s, r->first_frames) * per;
    bool last = false;
    while (!st && !last) {
        size_t pad = s->frame_frames - e->filled;
        memset(e->frame + e->filled * s->p.channels, 0, pad * s->p.channels * sizeof *e->frame);
        e->filled = s->frame_frames;
        last = from + (e->kept_frames + s->frame_frames) * per >= end;
        st = encode_packet(s, e, b, last, err);
    }
    return st;
}

/* --- the codec (pc_seg_ops) --- */

/* At the end of a zero run long enough: a cut after_blocks blocks back,
 * when the segment is long enough; both segments' input meets there. */
static bool opus_cut(void *user, uint64_t pos_frames, unsigned zero_blocks,
                     uint64_t seg_first_frames, pc_seg_cut *cut)
{
    const pc_opus_segments *s = user;
    if (!s->can_cut || zero_blocks < s->before_blocks + s->after_blocks)
        return false;
    uint64_t at = pos_frames - (uint64_t)s->after_blocks * s->grid_frames;
    if (at - seg_first_frames < s->min_frames)
        return false;
    *cut = (pc_seg_cut){at, at, at};
    return true;
}

/* Frees a segment's encoder, its resampler and buffers; NULL: no-op. */
static void opus_close_enc(void *user, void *enc)
{
    (void)user;
    seg_enc *e = enc;
    if (!e)
        return;
    if (e->enc)
        opus_encoder_destroy(e->enc);
    if (e->soxr)
        soxr_delete(e->soxr);
    free(e->frame);
    free(e->rs_out);
    free(e);
}

/* e's resampler (when the rates differ) and buffers. On failure what
 * was made stays on e for opus_close_enc. */
static pcast_status make_buffers(const pc_opus_segments *s, seg_enc *e, pcast_error *err)
{
    e->frame = malloc(sizeof *e->frame * s->frame_frames * s->p.channels);
    if (!e->frame)
        return pc_error_nomem(err);
    e->rs_cap = OPUS_IN_PIECE_FRAMES;
    if (s->opus_rate_hz != s->p.rate_hz) {
        soxr_error_t se = NULL;
        soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        soxr_runtime_spec_t rt = soxr_runtime_spec(1);
        e->soxr = soxr_create(s->p.rate_hz, s->opus_rate_hz, s->p.channels, &se, &io, &q, &rt);
        if (!e->soxr)
            return pc_error_set(err, PCAST_ERR_ARGUMENT, s->p.name, 0, 0, "cannot resample: %s",
                                se ? se : "out of memory");
        double ratio = (double)s->opus_rate_hz / s->p.rate_hz;
        e->rs_cap = (size_t)ceil(OPUS_IN_PIECE_FRAMES * ratio) + 4096;
    }
    e->rs_out = malloc(sizeof *e->rs_out * e->rs_cap * s->p.channels);
    return e->rs_out ? PCAST_OK : pc_error_nomem(err);
}

/* The first segment's encoder is _new's; the others are made here and
 * given their primer, a packet of zeros. */
static pcast_status opus_open_enc(void *user, const pc_seg_range *r, void **enc, pcast_error *err)
{
    pc_opus_segments *s = user;
    *enc = NULL;
    seg_enc *e = calloc(1, sizeof *e);
    if (!e)
        return pc_error_nomem(err);
    pcast_status st = PCAST_OK;
    if (r->input_frames != r->first_frames) {
        st = pc_error_set(err, PCAST_ERR_IO, s->p.name, 0, 0, "an Opus segment's input is off");
    } else if (!r->first_frames && s->first) {
        e->enc = s->first;
        s->first = NULL;
    } else {
        st = make_encoder(s, &e->enc, err);
        e->priming = true;
    }
    if (!st)
        st = make_buffers(s, e, err);
    if (!st && e->priming) {
        memset(e->frame, 0, sizeof *e->frame * s->frame_frames * s->p.channels);
        e->filled = s->frame_frames;
        st = encode_packet(s, e, NULL, false, err);
    }
    if (st) {
        opus_close_enc(user, e);
        return st;
    }
    *enc = e;
    return PCAST_OK;
}

/* The packets for n more input frames (NULL: the segment's end). */
static pcast_status opus_encode_seg(void *user, void *enc, const pc_seg_range *r,
                                    const int16_t *frames, size_t n, void **batch,
                                    pcast_error *err)
{
    const pc_opus_segments *s = user;
    pc_buf *b = calloc(1, sizeof *b);
    if (!b)
        return pc_error_nomem(err);
    pcast_status st = frames ? take_input(s, enc, frames, n, b, err)
                             : end_segment(s, enc, r, b, err);
    if (st || !b->len) {
        pc_buf_free(b);
        free(b);
        return st;
    }
    *batch = b;
    return PCAST_OK;
}

/* Frees a batch never handed out. */
static void opus_discard(void *user, void *batch)
{
    (void)user;
    pc_buf_free(batch);
    free(batch);
}

/* Hands the packets to emit in order and frees the batch. */
static pcast_status opus_emit(void *user, void *batch, pcast_error *err)
{
    const pc_opus_segments *s = user;
    const pc_buf *b = batch;
    pcast_status st = PCAST_OK;
    for (size_t at = 0; !st && at + sizeof(pkt_head) <= b->len;) {
        pkt_head h;
        memcpy(&h, b->data + at, sizeof h);
        at += sizeof h;
        st = s->p.emit(s->p.emit_user, (const unsigned char *)b->data + at, h.bytes,
                       h.samples_48k, h.last != 0, err);
        at += h.bytes;
    }
    opus_discard(user, batch);
    return st;
}

static const pc_seg_ops opus_ops = {opus_cut,     opus_open_enc, opus_encode_seg,
                                    opus_emit,    opus_discard,  opus_close_enc};

/* --- the stream --- */

pcast_status pc_opus_segments_new(pc_opus_segments **out, const pc_opus_params *p,
                                  unsigned threads, pcast_error *err)
{
    *out = NULL;
    pc_opus_segments *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->p = *p;
    s->opus_rate_hz = opus_rate_for(p->rate_hz);
    s->frame_frames = s->opus_rate_hz / 1000 * OPUS_FRAME_MS;
    opus_int32 lookahead = 0;
    pcast_status st = make_encoder(s, &s->first, err);
    if (!st && (opus_encoder_ctl(s->first, OPUS_GET_LOOKAHEAD(&lookahead)) != OPUS_OK ||
                lookahead < 0))
        st = pc_error_set(err, PCAST_ERR_ARGUMENT, p->name, 0, 0, "cannot encode Opus");
    if (st) {
        pc_opus_segments_free(s);
        return st;
    }
    s->lookahead_frames = (unsigned)lookahead;
    s->can_cut = celt_only(s);
    cut_rule(s);
    s->min_frames = (uint64_t)OPUS_MIN_SEGMENT_S * p->rate_hz;
    pc_seg_config c = {&opus_ops,     s,       p->channels, s->grid_frames,
                       (size_t)s->after_blocks * s->grid_frames,
                       s->min_frames, p->name, "Opus"};
    st = pc_segments_new(&s->engine, &c, threads, err);
    if (st) {
        pc_opus_segments_free(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

unsigned pc_opus_segments_rate_hz(const pc_opus_segments *s)
{
    return s->opus_rate_hz;
}

unsigned pc_opus_segments_pre_skip_48k(const pc_opus_segments *s)
{
    return s->lookahead_frames * (48000 / s->opus_rate_hz);
}

pcast_status pc_opus_segments_write(pc_opus_segments *s, const int16_t *frames, size_t n,
                                    pcast_error *err)
{
    return pc_segments_write(s->engine, frames, n, err);
}

pcast_status pc_opus_segments_finish(pc_opus_segments *s, pcast_error *err)
{
    return pc_segments_finish(s->engine, err);
}

size_t pc_opus_segments_cuts(const pc_opus_segments *s)
{
    return pc_segments_cuts(s->engine);
}

void pc_opus_segments_free(pc_opus_segments *s)
{
    if (!s)
        return;
    pc_segments_free(s->engine);
    if (s->first)
        opus_encoder_destroy(s->first);
    free(s);
}
