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

#endif

/* --- synth: one child process per clip --- */
#include <stdint.h>
#include <sys/types.h>
/* Starts espeak-ng once in this process; *rate is its sample rate (Hz). */
pcast_status pc_synth_init(unsigned *rate, pcast_error *err);
/* base with the preset's overrides for language ("cmn-latn-pinyin" ->
 * "cmn"). preset may be NULL. */
pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *language);

/* A clip being spoken by a child process. */
typedef struct pc_synth_job {
    pid_t pid;
    int fd;          /* the pipe the samples come through */
    pc_buf pcm;      /* what has arrived */
    bool running;    /* the child has not been reaped */
    bool failed;     /* out of memory while reading */
    bool killed;     /* set by finish: the child died of a signal */
    int status;
} pc_synth_job;

/* Forks a child that speaks text (plain text only) into j's pipe. */
pcast_status pc_synth_start(pc_synth_job *j, const pcast_voice_settings *s, const char *language,
                            const char *text, pcast_error *err);
/* Reads whatever the running jobs have written, waiting up to timeout_ms
 * (-1: until something arrives); reaps the children that are done. */
void pc_synth_pump(pc_synth_job *jobs, size_t n, int timeout_ms);
/* Waits for j, then hands over its samples: *samples is malloc'd mono
 * int16 at the engine's rate with the edges trimmed, NULL when silent. */
pcast_status pc_synth_finish(pc_synth_job *j, int16_t **samples, size_t *frames, pcast_error *err);
/* Kills j's child if it runs and frees what j holds. */
void pc_synth_cancel(pc_synth_job *j);

/* --- sink: the episode file --- */
typedef enum {
    PC_SINK_NONE,
    PC_SINK_WAV,        /* a WAV file, through libsndfile */
    PC_SINK_FLAC,       /* a FLAC file, through libFLAC */
    PC_SINK_MP3,        /* MP3 through libsndfile (LAME), ID3v2 chapters */
    PC_SINK_OPUS,       /* Ogg Opus (libopusenc) with CHAPTERnnn comments */
    PC_SINK_WAV_STREAM, /* WAV into a pipe as it comes: open-ended sizes */
    PC_SINK_DEVICE      /* played through libao */
} pc_sink_format;
typedef struct pc_sink pc_sink;
typedef struct pc_sink_meta {
    const char *title, *artist, *album, *date, *genre, *comment;
    const char *const *chapter_titles;
    const uint64_t *chapter_frames;
    size_t chapter_count;
    uint64_t total_frames;
    unsigned rate;
    unsigned channels;  /* 1 or 2; frames are interleaved */
    const char *path;   /* the file being written, when it is one */
} pc_sink_meta;

/* From the file name's extension (.wav, .flac; any case). */
/* From a file name's extension (.wav, .flac; any case) or a bare format
 * name ("wav", "flac"). */
pc_sink_format pc_sink_format_for(const char *path);
/* Takes ownership of fd (closed on failure too; -1 for a device, whose
 * libao driver name, or NULL for the default, is name). name is for
 * messages. */
pcast_status pc_sink_open(pc_sink **out, int fd, const char *name, pc_sink_format format,
                          const pc_sink_meta *meta, pcast_error *err);
pcast_status pc_sink_write(pc_sink *s, const int16_t *frames, size_t n, pcast_error *err);
/* Finishes the file and frees the sink, whatever the result. */
pcast_status pc_sink_close(pc_sink *s, pcast_error *err);
/* Frees the sink without finishing; the file is left to the caller. */
void pc_sink_abort(pc_sink *s);
/* Writes the real chapter offsets (and FLAC's lead-out) into a closed
 * file whose sink was opened with the same chapter count. */
pcast_status pc_sink_patch_chapters(const char *path, pc_sink_format format, const pc_sink_meta *meta,
                                    const uint64_t *frames, size_t n, uint64_t total,
                                    pcast_error *err);

/* --- cache: clips by content hash --- */
typedef struct pc_cache pc_cache;
/* Creates dir (0700) if needed (NULL: the default). Fails when it cannot
 * be written. max_bytes 0: unbounded. */
pcast_status pc_cache_open(const char *dir, uint64_t max_bytes, pc_cache **out, pcast_error *err);
/* A hit hands over malloc'd samples (NULL for a silent clip); a corrupt
 * entry is removed and reported as a miss. */
bool pc_cache_get(pc_cache *c, const char *key, int16_t **samples, size_t *frames);
/* Stores atomically (temp + rename). */
pcast_status pc_cache_put(pc_cache *c, const char *key, const int16_t *samples, size_t frames,
                          pcast_error *err);
/* Evicts least recently used entries when over the bound. */
void pc_cache_trim(pc_cache *c);
void pc_cache_free(pc_cache *c);
/* The cache key (32 hex digits + NUL) of a clip: its text, voice,
 * language, the engine's version and rate, and postcast's clip format. */
void pc_clip_key(const pcast_voice_settings *s, const char *language, const char *text,
                 char out[33]);

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
 * NULL when cfg names no file. */
pcast_status pc_music_open(const pcast_music *cfg, unsigned tl_rate, unsigned rate, unsigned ch,
                           double target_lufs, pc_music **out, pcast_error *err);
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
