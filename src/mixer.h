/* mixer: voice frames at the engine's rate become the file's frames:
 * placed (mono, or panned to stereo), resampled to the file's rate
 * (libsoxr), joined by the music, held under the ceiling by the
 * look-ahead limiter, and written out in chunks. */
#ifndef POSTCAST_MIXER_H
#define POSTCAST_MIXER_H

#include "internal.h"

#define PC_CHUNK_FRAMES 2048       /* 93 ms: Ctrl-C stops playback within one */
#define PC_CEILING_DBFS (-1.5)     /* sample peaks; room for inter-sample peaks under -1 dBTP */
#define PC_LIMIT_LOOKAHEAD_MS 5.0
#define PC_LIMIT_RELEASE_MS 80.0

/* Where the mixed frames go: n interleaved int16 frames, borrowed. After
 * pc_mixer_encode_on_thread, called on the mixer's encoder thread, one
 * call at a time, until the end of pc_mixer_flush or pc_mixer_free: free
 * the mixer before what write writes to. */
typedef pcast_status (*pc_mixer_write_fn)(void *user, const int16_t *frames, size_t n,
                                          pcast_error *err);

typedef struct pc_mixer pc_mixer;

/* A mixer from in_rate_hz to out_rate_hz with channels (1 or 2), its
 * peaks held under ceiling_dbfs (PC_CEILING_DBFS, less a container's
 * headroom); music (borrowed, may be NULL) is mixed in at the file's
 * rate. On failure *out is NULL and nothing is held. */
pcast_status pc_mixer_new(unsigned in_rate_hz, unsigned out_rate_hz, unsigned channels,
                          double ceiling_dbfs,
                          pc_music *music, pc_mixer_write_fn write, void *user, pc_mixer **out,
                          pcast_error *err);
/* From now on write is called on a thread of its own (encoder_thread.h),
 * overlapping encoding with synthesis and mixing; the same calls, so the
 * same bytes. For writes that cannot block for long (a file): a signal
 * would not interrupt a write stalled on that thread. When no thread can
 * be had (or the process limit is tight: workers need it more), write
 * stays on the caller's thread. */
void pc_mixer_encode_on_thread(pc_mixer *m);
/* Stops the encoder thread (frames not yet written are dropped) and frees
 * m. NULL is a no-op. */
void pc_mixer_free(pc_mixer *m);
/* frames mono samples of pcm times gain, placed by pan (channel gains
 * left, right; NULL: centre) in stereo. Stops with PCAST_ERR_INTERRUPTED
 * between chunks when *cancel becomes non-zero (cancel may be NULL). */
pcast_status pc_mixer_voice(pc_mixer *m, const int16_t *pcm, size_t frames, double gain,
                            const double *pan, volatile const int *cancel, pcast_error *err);
/* frames of silence (at the engine's rate). */
pcast_status pc_mixer_silence(pc_mixer *m, uint64_t frames, pcast_error *err);
/* Flushes the resampler's and the limiter's tails and waits until write
 * has taken every frame: after it, the file has exactly round(frames in
 * x ratio) frames, and a failed write's error is returned. */
pcast_status pc_mixer_flush(pc_mixer *m, pcast_error *err);
/* A frame offset at the engine's rate at the file's rate (rounded). */
uint64_t pc_mixer_file_frames(const pc_mixer *m, uint64_t engine_frames);
/* Frames written to the file so far. */
uint64_t pc_mixer_written(const pc_mixer *m);

/* Equal-power channel gains for a pan (-1 .. 1); centre is -3 dB a side. */
void pc_pan_gains(double pan, double out[2]);

#endif
