/* aac_segments: FFmpeg's native AAC encoder on several threads, with the
 * same packets for any number of threads.
 *
 * The audio is cut into segments inside runs of digital silence (exact
 * zeros): a cut is made at a frame position J on the encoder's
 * 1024-frame grid when the AAC_MARGIN_BLOCKS blocks either side of J are
 * all zero and the segment before J is at least AAC_MIN_SEGMENT_S long.
 * Each segment has its own encoder, started AAC_PREROLL_BLOCKS blocks of
 * zeros before J (inside the silence) and run on into the silence after
 * its end; of its packets only those whose decoded frames lie in its own
 * range are kept. Around a cut every packet codes zeros only (its MDCT
 * window lies in the silence), so it decodes to zeros whichever encoder
 * made it. Packet times are on the one global grid (a segment's frames
 * carry their frame position as pts), so the stream is what one encoder
 * gives apart from the encoder state (rate control, psychoacoustic
 * history) after a cut.
 *
 * The cuts depend only on the samples, never on the thread count or the
 * timing, and the packets are handed back strictly in order, so the
 * output's bytes are the same for any thread count. With no silence the
 * episode is one segment on one encoder.
 *
 * The queue, the threads and the order are the ordered-segments engine's
 * (segments.h); this file is the AAC encoder's side of it. Memory: the
 * frames taken and not yet handed out as packets stay under (threads + 1)
 * x AAC_MIN_SEGMENT_S (the producer waits). Private to the library. */
#ifndef POSTCAST_AAC_SEGMENTS_H
#define POSTCAST_AAC_SEGMENTS_H

#include "postcast/postcast.h"

#include <libavcodec/avcodec.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AAC_BLOCK_FRAMES 1024  /* the encoder's frame size */
#define AAC_MARGIN_BLOCKS 3    /* zero blocks either side of a cut */
#define AAC_PREROLL_BLOCKS 4   /* zero blocks a segment's encoder sees before the cut */
#define AAC_MIN_SEGMENT_S 20   /* a segment is at least this long */
#define AAC_MAX_THREADS 16     /* POSTCAST_AAC_THREADS above this is cut to it */
#define AAC_DEFAULT_MAX_THREADS 4

/* What every segment's encoder is. name is borrowed for the object's
 * life (messages only). */
typedef struct pc_aac_params {
    unsigned rate_hz;
    unsigned channels;   /* 1 or 2 */
    unsigned bitrate_bps; /* 0: VBR (pc_aac_encoder_open) */
    bool global_header;  /* the muxer wants AV_CODEC_FLAG_GLOBAL_HEADER */
    const char *name;
} pc_aac_params;

/* Opens one AAC encoder as every segment's is opened (fast coder,
 * bit-exact, quiet). On success *out is the caller's
 * (avcodec_free_context); on failure *out is NULL and err says why. */
pcast_status pc_aac_encoder_open(AVCodecContext **out, const pc_aac_params *p, pcast_error *err);

/* The number of encoder threads: POSTCAST_AAC_THREADS when set to a
 * number >= 1 (at most AAC_MAX_THREADS); else 0 (the caller's thread)
 * under an RLIMIT_NPROC below 256, or the online CPUs, at most
 * AAC_DEFAULT_MAX_THREADS. */
unsigned pc_aac_threads(void);

/* Receives one packet, in stream order, on the thread calling
 * pc_aac_segments_write or _finish; the packet is the callee's to unref
 * (it stays allocated by the caller). Returns PCAST_OK or a failure
 * (err filled), which ends the stream. */
typedef pcast_status (*pc_aac_packet_fn)(void *user, AVPacket *pkt, pcast_error *err);

typedef struct pc_aac_segments pc_aac_segments;

/* Starts threads encoder threads (0, or when no thread can be started:
 * the encoding runs on the caller's thread; the same bytes either way).
 * On failure *out is NULL and nothing is left running. */
pcast_status pc_aac_segments_new(pc_aac_segments **out, const pc_aac_params *p, unsigned threads,
                                 pc_aac_packet_fn emit, void *user, pcast_error *err);
/* Takes n interleaved int16 frames (copied), waiting while too much
 * input is queued, and hands the packets ready so far to emit. On failure
 * (an encoder's or emit's) the object is only to be freed. */
pcast_status pc_aac_segments_write(pc_aac_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err);
/* Ends the audio and hands every remaining packet to emit, in order.
 * *frames_out is the number of frames taken. On failure the object is
 * only to be freed. Free it after either way. */
pcast_status pc_aac_segments_finish(pc_aac_segments *s, uint64_t *frames_out, pcast_error *err);
/* Stops and joins the threads (an encoder call under way ends first),
 * drops what was not handed out, frees everything. NULL: no-op. */
void pc_aac_segments_free(pc_aac_segments *s);

#endif
