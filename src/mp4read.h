/* mp4read: the layout, tags, cover and chapters of an MP4/M4A file
 * (ours or anyone's), read from its boxes: the index (moov) is taken
 * into memory with every box size checked against its parent and the
 * file; chapter titles come from the QuickTime chapter track (the one
 * tref/chap names), else from a Nero chpl. Read by hand rather than
 * through libavformat, whose demuxer prints warnings on standard error
 * for ordinary files (any with cover art), which a library must not.
 * Private to the library. */
#ifndef POSTCAST_MP4READ_H
#define POSTCAST_MP4READ_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What the reader reports, in this order: the layout once, then tags,
 * then chapters in time order. Each returns false when out of memory,
 * which stops the reading with PCAST_ERR_NOMEM. */
typedef struct pc_mp4_visitor {
    /* frames: the played length (edit list applied) at rate_hz */
    bool (*layout)(void *ctx, unsigned rate_hz, unsigned channels, uint64_t frames);
    /* key: TITLE, ARTIST, ALBUM_ARTIST, ALBUM, DATE, GENRE, COMMENT,
     * DESCRIPTION, SYNOPSIS, COPYRIGHT, SHOW, EPISODE, SEASON, ADVISORY
     * ("explicit"/"clean"), ENCODER, LANGUAGE (ISO 639-2), COVER
     * ("image/png, 1234 bytes"), or a freeform (----) atom's name */
    bool (*tag)(void *ctx, const char *key, const char *value);
    bool (*chapter)(void *ctx, uint64_t start_frames, const char *title);
} pc_mp4_visitor;

/* Whether head[0..n) starts like an MP4 file (an ftyp box). */
bool pc_mp4_probe(const unsigned char *head, size_t n);

/* Reads f (at any offset; size bytes long) and hands what it finds to v.
 * path is for messages. PCAST_ERR_FORMAT when it is not an MP4 file with
 * an audio track, or a box is malformed; PCAST_ERR_IO on a read error. */
pcast_status pc_mp4_read(FILE *f, uint64_t size, const char *path, const pc_mp4_visitor *v,
                         void *ctx, pcast_error *err);

#endif
