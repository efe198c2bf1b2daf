/* container: one output/input file format per file (wav.c, flac.c,
 * mp3.c, opus.c, m4a.c, live.c), each filling one row of function pointers;
 * containers.c lists the rows. Adding a container is a file and a row.
 * Private to the library. */
#ifndef POSTCAST_CONTAINER_H
#define POSTCAST_CONTAINER_H

#include "media.h"
#include "sink.h"

#include <stdio.h>

enum {
    PC_CONTAINER_LIVE = 1,   /* no file: plays or streams as it comes */
    PC_CONTAINER_STREAM = 2, /* writes into any fd as it comes (no seek) */
};

/* Where a writer writes. */
typedef struct pc_container_out {
    int fd;                  /* the (temporary) file, or a stream; -1: a device */
    const char *path;        /* that file's path, NULL for a stream or device */
    const char *name;        /* for messages: the target as the user named it */
    const char *device;      /* a libao driver name, NULL: the default */
    volatile const int *cancel; /* stops a long finish (may be NULL) */
} pc_container_out;

typedef struct pc_container {
    const char *name;              /* --format name: "wav" */
    const char *label;             /* what pcast_media_format says: "WAV" */
    const char *const *extensions; /* lower case, without the dot; NULL-ended */
    unsigned flags;                /* PC_CONTAINER_* */
    /* How much further under its ceiling the mix holds its peaks for
     * this container: a lossy codec's decoded peaks overshoot the
     * samples it was given (AAC at 64 kbit/s by up to 1.1 dB on the
     * corpus). 0: none. */
    double headroom_db;
    /* The most audio bytes the container can hold (a WAV's 4 GiB less its
     * header), 0: no limit. A render whose pauses alone pass it is refused
     * before it starts. */
    uint64_t max_audio_bytes;
    const char *cue_type;          /* a .cue sheet's FILE type: "WAVE", "MP3" */

    /* Writer. open takes out->fd (closed on failure too) and gives a
     * state; meta is borrowed until close or abort. write takes n
     * interleaved frames. close ends the audio and frees the state,
     * whatever the result. abort frees it without finishing. */
    pcast_status (*open)(void **state, const pc_container_out *out, const pc_sink_meta *meta,
                         pcast_error *err);
    pcast_status (*write)(void *state, const int16_t *frames, size_t n, pcast_error *err);
    pcast_status (*close)(void *state, pcast_error *err);
    void (*abort)(void *state);
    /* Writes the chapter offsets (frames[0..n) at meta->rate) and the
     * total into the closed file at out->path (NULL: nothing to patch).
     * May rewrite the file; on failure it is to be discarded. */
    pcast_status (*patch_chapters)(const pc_container_out *out, const pc_sink_meta *meta,
                                   const uint64_t *frames, size_t n, uint64_t total,
                                   pcast_error *err);
    /* For a writer that needs the chapter offsets to end its file (M4A
     * writes its index, chapters included, last): called instead of close
     * and patch_chapters, it ends the audio with them and frees the state,
     * whatever the result. NULL: close, then patch_chapters. */
    pcast_status (*finish)(void *state, const uint64_t *frames, size_t n, uint64_t total,
                           pcast_error *err);

    /* Reader. probe: whether the first bytes (n of them, n may be < 16)
     * look like this container. read fills m from f (at offset 0) of size
     * bytes; PCAST_ERR_FORMAT when it is not this container after all (m
     * is then thrown away and the next row that probes tries). NULL:
     * cannot be read. */
    bool (*probe)(const unsigned char *head, size_t n);
    pcast_status (*read)(pcast_media *m, FILE *f, const char *path, uint64_t size,
                         pcast_error *err);
} pc_container;

extern const pc_container pc_container_wav, pc_container_flac, pc_container_mp3,
    pc_container_opus, pc_container_m4a, pc_container_wav_stream, pc_container_device;

/* The row whose name or extension is ext (any case), NULL if none. */
const pc_container *pc_container_for_name(const char *ext);
/* The row for a path's extension, NULL if none. */
const pc_container *pc_container_for_path(const char *path);
/* "wav, flac, mp3, opus or m4a": the file containers, for messages. */
const char *pc_container_names(void);

#endif
