/* mp3_segments: LAME on several threads, with the same bytes for any
 * number of threads.
 *
 * The audio is cut into segments inside runs of digital silence (exact
 * zeros), each encoded by its own LAME on a worker thread; the segments'
 * frames are handed out in order, one MPEG stream. The cut rule, on
 * LAME's frame grid (fs = 576 frames below 32 kHz, 1152 from 32 kHz):
 * a cut at J = P - MP3_AFTER_BLOCKS x fs when the grid blocks before P
 * are all zero for the cut's delay + 576 dropped frames (below) rounded
 * up to blocks, plus MP3_AFTER_BLOCKS and MP3_GUARD_BLOCKS blocks (6
 * blocks, 157 ms, at 22.05 kHz; 5, 131 ms, at 44.1 kHz), and the
 * segment before J is at least MP3_MIN_SEGMENT_S long. It depends on
 * the samples only, never on the thread count or the timing.
 *
 * Where the audio stays put: LAME codes a segment of L input frames
 * to delay (lame_get_encoder_delay, 576) frames, the L frames, and its
 * padding (LAME: fs - (delay + L) mod fs, plus fs when under 576). A
 * segment from a (a cut, or 0) to the next cut J is given the input
 * a..J - delay - 576, so its padding is exactly 576 and its frames span
 * exactly J - a: the delay + 576 zeros before J are not dropped but
 * replaced by the segment's padding and the next one's delay, which code
 * zeros. The stream thus decodes, after the one LAME tag's delay and
 * padding (the first segment's delay, the last one's padding), to the
 * input's exact length with every sample at its time. Each segment's
 * first frame starts a fresh bit reservoir (main_data_begin 0).
 *
 * The first segment's encoder writes LAME's empty tag frame at the
 * stream's start; pc_mp3_segments_finish returns the Xing/LAME tag frame
 * for the whole stream (LAME's own, its frame count, byte count, seek
 * table, padding, music length and both CRCs recomputed) to write over
 * it. With no cut the tag and every byte are one LAME's.
 *
 * The queue, the threads and the order are the ordered-segments engine's
 * (segments.h); this file is LAME's side of it. Memory: the frames taken
 * and not yet handed out as MP3 (queued, or encoded ahead of the oldest
 * segment) stay under (threads + 1) x MP3_MIN_SEGMENT_S (the producer
 * waits). Private to the library. */
#ifndef POSTCAST_MP3_SEGMENTS_H
#define POSTCAST_MP3_SEGMENTS_H

#include "postcast/postcast.h"

#include <lame/lame.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MP3_AFTER_BLOCKS 2   /* zero grid blocks after a cut */
#define MP3_GUARD_BLOCKS 2   /* zero grid blocks before the dropped zeros */
#define MP3_MIN_SEGMENT_S 20 /* a segment is at least this long */
#define MP3_MAX_THREADS 16   /* POSTCAST_MP3_THREADS above this is cut to it */
#define MP3_DEFAULT_MAX_THREADS 4
#define MP3_TAG_MAX_BYTES 2880 /* LAME's largest tag frame */

/* Makes one segment's encoder: LAME set up as every segment's is and
 * lame_init_params done, with LAME's tag frame when tag (the first
 * segment's) and without otherwise. On success *out is the caller's
 * (lame_close); on failure *out is NULL and err says why. Called on the
 * thread calling pc_mp3_segments_new for the first, on an encoder thread
 * for the others; never while any LAME of the process encodes through
 * pc_mp3_segments (lame_init_params rewrites LAME's global tables). */
typedef pcast_status (*pc_mp3_lame_fn)(void *user, bool tag, lame_t *out, pcast_error *err);

/* Receives n bytes of the stream, in order, on the thread calling
 * pc_mp3_segments_write or _finish (borrowed for the call). Returns
 * PCAST_OK or a failure (err filled), which ends the stream. */
typedef pcast_status (*pc_mp3_bytes_fn)(void *user, const unsigned char *bytes, size_t n,
                                        pcast_error *err);

typedef struct pc_mp3_params {
    unsigned channels;     /* 1 or 2, as make's encoders take them */
    pc_mp3_lame_fn make;
    void *make_user;
    pc_mp3_bytes_fn emit;
    void *emit_user;
    const char *name;      /* borrowed for the object's life (messages only) */
} pc_mp3_params;

typedef struct pc_mp3_segments pc_mp3_segments;

/* The number of encoder threads: POSTCAST_MP3_THREADS when set to a
 * number >= 1 (at most MP3_MAX_THREADS); else 0 (the caller's thread)
 * under pc_threads_tight(), or the online CPUs, at most
 * MP3_DEFAULT_MAX_THREADS. */
unsigned pc_mp3_threads(void);

/* Makes the first segment's encoder and starts threads encoder threads
 * (0, or when no thread can be started: the encoding runs on the caller's
 * thread; the same bytes either way). On failure (make's included) *out
 * is NULL and nothing is left running. */
pcast_status pc_mp3_segments_new(pc_mp3_segments **out, const pc_mp3_params *p,
                                 unsigned threads, pcast_error *err);
/* Takes n interleaved int16 frames (copied), waiting while too much
 * input is queued, and hands the bytes ready so far to emit. On failure
 * (an encoder's, make's or emit's) the object is only to be freed. */
pcast_status pc_mp3_segments_write(pc_mp3_segments *s, const int16_t *frames, size_t n,
                                   pcast_error *err);
/* Ends the audio, hands every remaining byte to emit, and puts the
 * whole stream's tag frame in tag (room for MP3_TAG_MAX_BYTES), its size
 * in *tag_bytes (0: LAME wrote no tag frame). On failure the object is
 * only to be freed. Free it after either way. */
pcast_status pc_mp3_segments_finish(pc_mp3_segments *s, unsigned char *tag, size_t *tag_bytes,
                                    pcast_error *err);
/* The number of cuts made so far (segments - 1). */
size_t pc_mp3_segments_cuts(const pc_mp3_segments *s);
/* Stops and joins the threads (an encoder call under way ends first),
 * drops what was not handed out, frees everything. NULL: no-op. */
void pc_mp3_segments_free(pc_mp3_segments *s);

#endif
