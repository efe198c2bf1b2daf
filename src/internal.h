/* Private helpers shared by the library's stages. Not installed. */
#ifndef POSTCAST_INTERNAL_H
#define POSTCAST_INTERNAL_H

#include "postcast/postcast.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* The reading stages' helpers live in headers of their own (buf.h,
 * error.h, source.h, ...); these stay visible here for the other stages. */
#include "buf.h"
#include "cast.h"
#include "error.h"

/* --- synth: see engine.h (the engines) and runner.h --- */
#include <stdint.h>
#include <sys/types.h>

/* --- cache: clips by content hash (cache.h) --- */
#include "cache.h"
/* The cache key of a clip: pc_clip_key in engine.h. */

/* A plan for one paragraph of text read by speaker 0 (no sections). */
pcast_status pc_plan_text(const char *text, const char *lang, pcast_plan **out, pcast_error *err);
/* pcast_render for any plan; post may be NULL (no chapters or tags). */
pcast_status pc_render_plan(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                            size_t nspeakers, const pcast_render_config *cfg,
                            pcast_timeline **timeline, pcast_error *err);

/* --- mix: the look-ahead peak limiter (see mix.c) --- */
typedef struct pc_limiter pc_limiter;
/* ceiling in the units of the samples it will get. NULL on ENOMEM. */
pc_limiter *pc_limiter_new(unsigned rate, double ceiling, double lookahead_ms, double release_ms,
                           unsigned channels);
void pc_limiter_free(pc_limiter *l);
/* Writes n frames of channels (1 or 2) samples: in times gain (in NULL:
 * zeros), placed in stereo with the channel gains pan[0] (left) and
 * pan[1] (right), equal-power centre when pan is NULL. */
void pc_place(const int16_t *in, double gain, const double *pan, size_t n, unsigned channels,
              double *out);
/* Feeds n samples, placed as pc_place() does, and writes the frames that
 * come out, rounded (two interleaved samples each in stereo), returning
 * how many: the output runs pc_limiter_latency() behind. The ceiling holds for every channel.
 * A limiter is mono or stereo for its whole life (pc_limiter_new). */
size_t pc_limiter_run(pc_limiter *l, const int16_t *in, double gain, const double *pan, size_t n,
                      int16_t *out);
/* The same for frames already mixed: n frames of the limiter's channels,
 * interleaved, in int16 units (in NULL: n silent frames). */
size_t pc_limiter_frames(pc_limiter *l, const double *in, size_t n, int16_t *out);
size_t pc_limiter_latency(const pc_limiter *l);

/* --- music: intro, outro and a ducked bed (see music.c) --- */
typedef struct pc_music pc_music;
/* Opens and measures cfg's files for an episode of ch channels at rate,
 * levelled against target_lufs; tl_rate is the timeline's rate. *out is
 * NULL when cfg names no file. A file named in a post (origin.file set)
 * must lie in that post's folder unless allow_outside. On failure *out
 * is NULL and err names the file (at its front matter key). */
pcast_status pc_music_open(const pcast_music *cfg, unsigned tl_rate, unsigned rate, unsigned ch,
                           double target_lufs, bool allow_outside, pc_music **out,
                           pcast_error *err);
void pc_music_free(pc_music *m);
/* Timeline frames of intro before the first clip's pause of first_pause
 * frames (0 without an intro). */
uint64_t pc_music_lead(const pc_music *m, uint64_t first_pause);
/* A clip at [start, end) of the timeline, reported in order before its
 * pause is mixed; last: no more will come (the outro is placed, no
 * earlier than now, the timeline frame mixed up to). */
pcast_status pc_music_speech(pc_music *m, uint64_t start, uint64_t end, bool narrator, bool last,
                             uint64_t now, pcast_error *err);
/* No more speech (now: the timeline's end so far; the outro starts there
 * if no clip placed it). Returns the timeline frame the episode must last
 * to for the music to end. */
uint64_t pc_music_finish(pc_music *m, uint64_t now);
/* Adds the music of the next n episode frames to frames (interleaved,
 * int16 units). */
void pc_music_mix(pc_music *m, double *frames, size_t n);

#endif
