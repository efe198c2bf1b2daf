/* mp4box: the last touches to an MP4 file libavformat has just written
 * (ftyp, mdat, then moov at the end): iTunes atoms its muxer has no key
 * for (rtng, pcst) go into moov/udta/meta/ilst, the chapter (text)
 * track gets the sound track's language, and the index can be
 * moved in front of the media data ("fast start": a player streaming
 * the file can begin before the download ends) with every chunk offset
 * (stco/co64) moved along. libavformat can move the index itself, but
 * it then prints a line on standard error, which a library must not.
 * Private to the library. */
#ifndef POSTCAST_MP4BOX_H
#define POSTCAST_MP4BOX_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Rewrites the index of the MP4 file open on fd (read and write; moov
 * must be its last box): extra[0..n) (whole atoms) is appended to the
 * ilst, which must exist when n > 0; every text track takes the first
 * sound track's language; with faststart the index moves in
 * front of the media data (left at the end if an offset would pass 32
 * bits in a stco). name is for messages. On failure the file is to be
 * discarded. */
pcast_status pc_mp4_finish_index(int fd, const unsigned char *extra, size_t n, bool faststart,
                                 const char *name, pcast_error *err);

/* v as 4 big-endian bytes at p: a box's size or a field, as MP4 stores
 * them (for writers that build boxes of their own, m4a.c's ilst atoms). */
void pc_mp4_put_be32(unsigned char *p, uint32_t v);

#endif
