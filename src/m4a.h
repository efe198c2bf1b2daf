/* m4a: an M4A episode (AAC in an MP4 file) through FFmpeg: libavcodec's
 * native AAC encoder and libavformat's "ipod" muxer (the .m4a flavour of
 * its MP4 writer). Chapters go in twice, as the QuickTime chapter track
 * (the one Apple's players read) and as a Nero `chpl` box (the one
 * mutagen and older players read; it holds at most 255 chapters and 255
 * bytes a title, FFmpeg's limits). Tags are iTunes `ilst` atoms, the cover
 * is `covr`. The AAC encoder's priming (1024 frames) and the last frame's
 * padding are cut by the edit list, so players that honour it (Apple's,
 * FFmpeg's) play exactly the frames written.
 *
 * Audio streams in as it comes: it is cut in runs of digital silence
 * into segments of 20 s or more, each encoded on a worker thread by an
 * encoder of its own (aac_segments.h), the packets written in order; a
 * bounded amount of input (about (threads + 1) x 20 s) waits for the
 * encoders. The MP4 index (`moov`), which holds the chapters and tags,
 * is written by pc_m4a_finish when the chapter offsets are known. Two
 * runs with the same input give the same bytes, for any number of
 * encoder threads (POSTCAST_AAC_THREADS; bit-exact flags, no creation
 * time, no encoder version in the file).
 * Private to the library. */
#ifndef POSTCAST_M4A_H
#define POSTCAST_M4A_H

#include "artwork.h"
#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_m4a pc_m4a;

/* What the file is and carries. Strings are borrowed until pc_m4a_open
 * returns (they are copied); NULL or "" means none. */
typedef struct pc_m4a_config {
    unsigned rate_hz;      /* one of AAC's rates: 8000 ... 96000 */
    unsigned channels;     /* 1 or 2; frames are interleaved */
    unsigned bitrate_bps;  /* CBR; 0: VBR (aac_segments.c's pc_aac_encoder_open) */
    const char *title;     /* ©nam */
    const char *artist;    /* ©ART: the author, not every speaker */
    const char *album;     /* ©alb: the show */
    const char *date;      /* ©day */
    const char *genre;     /* ©gen */
    const char *comment;   /* ©cmt */
    const char *description; /* desc */
    const char *copyright; /* cprt */
    const char *url;       /* ----:com.apple.iTunes:WWW (the episode's page) */
    const char *episode_type; /* ----:com.apple.iTunes:EPISODETYPE */
    const char *language;  /* the audio track's language, ISO 639-2 ("eng") */
    unsigned episode;      /* tves; 0: none */
    unsigned season;       /* tvsn; 0: none */
    bool podcast;          /* stik = 21 (Podcast) and pcst = 1 */
    int advisory;          /* rtng: 0 none, 1 explicit, 2 clean */
    /* the index in front of the audio, so players can start streaming
     * before the download ends (the file is moved up once at the end) */
    bool faststart;
    const pc_artwork *cover; /* covr; NULL: none. Borrowed until open returns */
} pc_m4a_config;

/* FFmpeg's AAC encoder at 64 kbit/s mono pushed decoded peaks of speech
 * up to 1.1 dB over the samples it was given (the corpus at 22.05 kHz);
 * at 80 kbit/s, the default until VBR, about 0.2 dB. The default VBR
 * (about 87 kbit/s on the corpus) peaks at -3.1 dBTP there (80 kbit/s:
 * -3.0), within the container's headroom. */

/* Fills cfg with no tags, no cover, 44.1 kHz mono at the default rate. */
void pc_m4a_config_init(pc_m4a_config *cfg);

/* Starts an M4A file on fd (a regular file open for reading and writing:
 * the index is read back and rewritten at the end). Takes ownership of fd: it is closed by finish, abort, or
 * here on failure. name is for messages. On failure *out is NULL and the
 * file holds whatever was written (the caller removes it). */
pcast_status pc_m4a_open(pc_m4a **out, int fd, const char *name, const pc_m4a_config *cfg,
                         pcast_error *err);
/* Encodes n interleaved frames of cfg->channels int16 samples. On
 * failure the writer is still to be aborted. */
pcast_status pc_m4a_write(pc_m4a *w, const int16_t *frames, size_t n, pcast_error *err);
/* Ends the audio and writes the index with chapter i starting at
 * chapter_frames[i] (ascending, at the file's rate) titled titles[i]
 * (UTF-8; NULL: ""), then frees the writer whatever the result. On
 * failure the file is incomplete (the caller removes it). */
pcast_status pc_m4a_finish(pc_m4a *w, const char *const *titles, const uint64_t *chapter_frames,
                           size_t n, pcast_error *err);
/* Frees the writer without finishing the file, its encoder threads
 * stopped and joined first (NULL: no-op). */
void pc_m4a_abort(pc_m4a *w);

#endif
