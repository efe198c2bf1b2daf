/* sink: the episode's output, end to end. It picks the container from the
 * render configuration (device, "-", --format, the file's extension),
 * writes under a temporary name beside the target (or in $TMPDIR for a
 * pipe or device file, copied in at the end), fills in the chapters once
 * their offsets are known, and renames the file into place. A failed or
 * interrupted render leaves no partial episode and no temporary file.
 * Private to the library. */
#ifndef POSTCAST_SINK_H
#define POSTCAST_SINK_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

typedef struct pc_sink pc_sink;

/* What the file carries besides the audio. Strings and arrays are
 * borrowed: they must stay valid until pc_sink_finish or pc_sink_abort. */
typedef struct pc_sink_meta {
    const char *title, *artist, *album, *date, *genre, *comment;
    const char *const *chapter_titles; /* chapter_count of them */
    size_t chapter_count;  /* the chapters come with pc_sink_finish */
    /* each chapter's image and web page (chapter_count of each, NULL
     * entries: none; NULL arrays: none at all), for the containers with a
     * place for them (MP3: CHAP's APIC and WXXX) */
    const struct pc_artwork *const *chapter_images;
    const char *const *chapter_urls;
    unsigned rate;         /* of the file, Hz */
    unsigned channels;     /* 1 or 2; frames are interleaved */
    /* podcast tags (episode_tags.h), for the containers with a place for
     * them; NULL or 0: none */
    const char *language;  /* ISO 639-2 */
    const char *copyright, *url;
    const char *episode_type; /* full, trailer or bonus */
    unsigned episode, season;
    int advisory;          /* 1: explicit, 2: clean */
    unsigned id3_version;  /* MP3's ID3v2 tag: 3 (also for 0) or 4 */
    const struct pc_artwork *artwork;
    unsigned bitrate_kbps; /* for the lossy containers that take one */
    /* the post being rendered (NULL: none): never overwritten */
    const char *source_path;
    /* for tests: a smaller size limit for containers that have one (a
     * WAV's 4 GiB); 0: the container's own */
    uint64_t max_bytes;
} pc_sink_meta;

/* Checks, before any synthesis, that cfg names an output this build can
 * write: a known format (from --format or the extension), not the post
 * itself (source_path, may be NULL), not a directory. Errors carry the
 * messages the CLI shows ("unknown format 'x' (wav, flac, mp3 or opus)").
 * Nothing is created. */
pcast_status pc_sink_check(const pcast_render_config *cfg, const char *source_path,
                           pcast_error *err);
/* The headroom (dB, >= 0) the container cfg names wants under the mix's
 * ceiling; 0 when cfg names none (pc_sink_check says why). */
double pc_sink_headroom_db(const pcast_render_config *cfg);
/* Checks, before any synthesis, that frames (a lower bound of the
 * episode's length at the file's rate, e.g. its pauses) of channels
 * int16 samples fit the container cfg names; on failure err says how
 * long the container can be and what to write instead. */
pcast_status pc_sink_check_length(const pcast_render_config *cfg, uint64_t frames,
                                  unsigned rate_hz, unsigned channels, pcast_error *err);
/* Checks cfg as pc_sink_check does and opens the output: a temporary file
 * beside the target (or in $TMPDIR for a pipe, device or anything in /dev,
 * never written through a symlink there), standard output for "-", or
 * the libao device for cfg->device. The chapter structures are written
 * with zero offsets, to be filled in by pc_sink_finish. cfg must outlive
 * the sink (its cancel flag is read until the end). On failure *out is
 * NULL and nothing is left on disk. */
pcast_status pc_sink_create(pc_sink **out, const pcast_render_config *cfg,
                            const pc_sink_meta *meta, pcast_error *err);
/* Writes n interleaved frames of meta->channels int16 samples. On failure
 * the sink is still to be aborted. */
pcast_status pc_sink_write(pc_sink *s, const int16_t *frames, size_t n, pcast_error *err);
/* Ends the episode: closes the stream, writes the chapter offsets
 * (chapter_frames[0..n), at the file's rate; n is meta->chapter_count)
 * and the total, and puts the file in place (rename, or copy into the
 * pipe or device). Frees the sink whatever the result; on failure nothing
 * is left on disk and the target is untouched. */
pcast_status pc_sink_finish(pc_sink *s, const uint64_t *chapter_frames, size_t n,
                            uint64_t total_frames, pcast_error *err);
/* Frees the sink and removes everything it wrote (NULL: no-op). */
void pc_sink_abort(pc_sink *s);

#endif
