/* segments: an encoder cut into segments in digital silence, each
 * segment on an encoder of its own on a worker thread, the output handed
 * back strictly in order: the ordered-segments engine under
 * mp3_segments.c (LAME) and aac_segments.c (FFmpeg's AAC).
 *
 * The engine takes the frames, watches the runs of exact zeros on the
 * codec's grid, and at the end of every grid block asks the codec
 * whether to cut there (pc_seg_ops.cut: where a cut may fall is the
 * codec's rule). It queues the input in chunks on the segment being
 * filled, holding the last hold_frames frames back until a cut in them
 * is decided; workers each take the oldest segment nobody encodes and
 * keep it to its end (its encoder sees its input in order, on one
 * thread); the caller's thread hands out the oldest segment's output
 * through pc_seg_ops.emit as it comes. With no worker thread the caller's
 * thread encodes as well. The cuts depend on the samples only and the
 * output goes out in order, so it is the same for any thread count.
 *
 * Memory: the frames taken and not yet handed out (queued, or encoded and
 * waiting behind an older segment) stay under the budget, (threads + 1)
 * x min_segment_frames (2 x with no thread): the caller waits. Private to
 * the library. */
#ifndef POSTCAST_SEGMENTS_H
#define POSTCAST_SEGMENTS_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC_SEG_OPEN_END UINT64_MAX /* a range's end while it has none (the last) */

/* A segment's place in the stream, in frames taken. */
typedef struct pc_seg_range {
    uint64_t first_frames; /* its own output starts here (its cut; 0 for the first) */
    uint64_t input_frames; /* its input starts here (the codec's pc_seg_cut) */
    uint64_t end_frames;   /* the next one's first_frames; PC_SEG_OPEN_END: none yet */
} pc_seg_range;

/* A cut the codec asks for: all three within the frames held back, and
 * at_frames past the filling segment's first frame. */
typedef struct pc_seg_cut {
    uint64_t at_frames;        /* the new segment's first_frames */
    uint64_t old_end_frames;   /* the old segment's input ends here */
    uint64_t new_input_frames; /* the new segment's input starts here */
} pc_seg_cut;

/* The codec: what a segment's encoder is. user is the codec's object,
 * handed to every call. Output goes out in batches, one per encode call
 * at most, each the codec's own until emit or discard takes it. */
typedef struct pc_seg_ops {
    /* On the caller's thread, at the end of each grid block (pos_frames
     * taken, the last zero_blocks whole blocks all zeros, the filling
     * segment's own output from seg_first_frames): true to cut, *cut
     * filled. Depends on its arguments only. */
    bool (*cut)(void *user, uint64_t pos_frames, unsigned zero_blocks, uint64_t seg_first_frames,
                pc_seg_cut *cut);
    /* On the encoding thread, before a segment's first input: its
     * encoder in *enc (the codec's; close frees it). On failure *enc is
     * NULL and err says why. */
    pcast_status (*open)(void *user, const pc_seg_range *r, void **enc, pcast_error *err);
    /* On the encoding thread: n frames of the segment's input (frames
     * NULL: the end; r->end_frames is then final), its output so far in
     * *batch (NULL: none yet). On failure *batch is NULL and the encoder
     * is only to be closed. */
    pcast_status (*encode)(void *user, void *enc, const pc_seg_range *r, const int16_t *frames,
                           size_t n, void **batch, pcast_error *err);
    /* On the caller's thread, in stream order: hands a batch on and frees
     * it, whatever the result. A failure (err filled) ends the stream. */
    pcast_status (*emit)(void *user, void *batch, pcast_error *err);
    /* Frees a batch never emitted. */
    void (*discard)(void *user, void *batch);
    /* Frees a segment's encoder; NULL: no-op. */
    void (*close)(void *user, void *enc);
} pc_seg_ops;

/* One engine's shape. ops and user are borrowed for the engine's life;
 * name and kind too (messages only: the file, "MP3"). */
typedef struct pc_seg_config {
    const pc_seg_ops *ops;
    void *user;
    unsigned channels;           /* 1 or 2 */
    unsigned grid_frames;        /* the zero scan's block */
    size_t hold_frames;          /* frames a cut can still take back */
    uint64_t min_segment_frames; /* the budget's unit */
    const char *name, *kind;
} pc_seg_config;

typedef struct pc_segments pc_segments;

/* Starts threads worker threads (0, or none could be started: the
 * caller's thread encodes; the same output either way). On failure *out
 * is NULL and nothing is left running. */
pcast_status pc_segments_new(pc_segments **out, const pc_seg_config *c, unsigned threads,
                             pcast_error *err);
/* Takes n interleaved int16 frames (copied), waiting while the budget is
 * full, and hands out the output ready so far. On failure (an encoder's
 * or emit's) the engine is only to be freed. */
pcast_status pc_segments_write(pc_segments *s, const int16_t *frames, size_t n, pcast_error *err);
/* Ends the input and hands out every remaining batch, in order. On
 * failure the engine is only to be freed. Free it after either way. */
pcast_status pc_segments_finish(pc_segments *s, pcast_error *err);
/* The frames taken so far. */
uint64_t pc_segments_frames(const pc_segments *s);
/* The cuts made so far (segments - 1). */
size_t pc_segments_cuts(const pc_segments *s);
/* Stops and joins the threads (an encoder call under way ends first),
 * discards what was not handed out, closes the encoders, frees the
 * engine. NULL: no-op. */
void pc_segments_free(pc_segments *s);

#endif
