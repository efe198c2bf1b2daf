/* opus_segments: libopus on several threads, with the same packets for
 * any number of threads: one Opus stream (one pre-skip, packets end to
 * end) made by one encoder a segment.
 *
 * The audio is cut into segments inside runs of digital silence (exact
 * zeros), on a grid of OPUS_GRID_MS at the input's rate (40 ms at
 * 11.025 kHz, where 20 ms is no whole number of frames; no cut at a rate
 * with no such multiple up to OPUS_FRAME_MS): a cut at J when
 * the blocks before J (46.5 ms: the last two 20 ms CELT frames of the old
 * encoder and its 6.5 ms look-ahead, plus the resampler's reach) and
 * after it (20 ms plus the resampler's reach) are all zero (3 + 2 blocks,
 * 100 ms, at 22.05 and 44.1 kHz) and the segment before J is at least
 * OPUS_MIN_SEGMENT_S long. It depends on the samples only, never on the
 * thread count or the timing.
 *
 * Each segment resamples on its own (libsoxr, time-aligned: output frame
 * k is input time k / ratio; a cut on the grid falls on a whole output
 * frame) and encodes OPUS_FRAME_MS packets from its cut on; its last
 * packet is shortened to end exactly at the next cut (a multiple of
 * 20 ms: a 20 to 100 ms Opus frame). A segment's encoder is first given
 * one packet of zeros, which is dropped: it starts on the same decoder
 * state as the stream has there. Why a decoder that decoded the previous
 * segment decodes the next exactly as a fresh one would: libopus codes
 * these streams in CELT only (checked when the stream starts; otherwise
 * the stream is never cut), and a CELT frame of digital silence sets
 * every band energy the decoder predicts from to -28 (encoder and
 * decoder alike), leaves no MDCT overlap behind, and the pitch
 * post-filter is off at complexity 0; the old encoder's last frames and
 * the new one's primer are both silence. Encoder-only state (rate
 * control) starts afresh at a cut, so the packets after it are not one
 * encoder's, only as close to the source.
 *
 * The queue, the threads and the order are the ordered-segments engine's
 * (segments.h). Memory: the frames taken and not yet handed out stay
 * under (threads + 1) x OPUS_MIN_SEGMENT_S (the producer waits). Private
 * to the library. */
#ifndef POSTCAST_OPUS_SEGMENTS_H
#define POSTCAST_OPUS_SEGMENTS_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPUS_FRAME_MS 120       /* a packet's length (the last may be shorter) */
#define OPUS_GRID_MS 20         /* the zero scan's block and the cut grid (or a multiple) */
#define OPUS_MIN_SEGMENT_S 20   /* a segment is at least this long */
#define OPUS_MAX_THREADS 16     /* POSTCAST_OPUS_THREADS above this is cut to it */
#define OPUS_DEFAULT_MAX_THREADS 4

/* Receives one packet in stream order on the thread calling
 * pc_opus_segments_write or _finish (packet borrowed for the call):
 * samples_48k its length at 48 kHz, last true for the stream's final
 * packet (padded with silence past the input's end). Returns PCAST_OK or
 * a failure (err filled), which ends the stream. */
typedef pcast_status (*pc_opus_packet_fn)(void *user, const unsigned char *packet, size_t n,
                                          unsigned samples_48k, bool last, pcast_error *err);

typedef struct pc_opus_params {
    unsigned rate_hz;     /* the input's; resampled to the Opus rate above it */
    unsigned channels;    /* 1 or 2 */
    unsigned bitrate_bps;
    pc_opus_packet_fn emit;
    void *emit_user;
    const char *name;     /* borrowed for the object's life (messages only) */
} pc_opus_params;

typedef struct pc_opus_segments pc_opus_segments;

/* The number of encoder threads: POSTCAST_OPUS_THREADS when set to a
 * number >= 1 (at most OPUS_MAX_THREADS); else 0 (the caller's thread)
 * under pc_threads_tight(), or the online CPUs, at most
 * OPUS_DEFAULT_MAX_THREADS. */
unsigned pc_opus_threads(void);

/* Makes the first segment's encoder and starts threads encoder threads
 * (0, or when no thread can be started: the encoding runs on the caller's
 * thread; the same packets either way). On failure *out is NULL, err says
 * why and nothing is left running. */
pcast_status pc_opus_segments_new(pc_opus_segments **out, const pc_opus_params *p,
                                  unsigned threads, pcast_error *err);
/* The encoders' rate (8, 12, 16, 24 or 48 kHz) and the stream's pre-skip
 * at 48 kHz (the encoders' look-ahead). */
unsigned pc_opus_segments_rate_hz(const pc_opus_segments *s);
unsigned pc_opus_segments_pre_skip_48k(const pc_opus_segments *s);
/* Takes n interleaved int16 frames (copied), waiting while too much
 * input is queued, and hands the packets ready so far to emit. On failure
 * (an encoder's or emit's) the object is only to be freed. */
pcast_status pc_opus_segments_write(pc_opus_segments *s, const int16_t *frames, size_t n,
                                    pcast_error *err);
/* Ends the audio and hands every remaining packet to emit, in order, the
 * last flagged. On failure the object is only to be freed. Free it after
 * either way. */
pcast_status pc_opus_segments_finish(pc_opus_segments *s, pcast_error *err);
/* The number of cuts made so far (segments - 1). */
size_t pc_opus_segments_cuts(const pc_opus_segments *s);
/* Stops and joins the threads (an encoder call under way ends first),
 * drops what was not handed out, frees everything. NULL: no-op. */
void pc_opus_segments_free(pc_opus_segments *s);

#endif
