/* id3read: an ID3v2.3 or 2.4 tag read frame by frame, every size checked:
 * the text frames as tags, TXXX/WXXX/COMM, and CTOC/CHAP chapters with
 * their titles, URLs and images. Private to the library. */
#ifndef POSTCAST_ID3READ_H
#define POSTCAST_ID3READ_H

#include "internal.h"
#include "media.h"

#include <stdint.h>
#include <stdio.h>

/* Reads the ID3v2 tag at f's position (the file's start; fsize its
 * length) into m. A file with no 2.3/2.4 tag, or a malformed frame, is
 * not an error: what cannot be read is left out. Fails only on ENOMEM. */
pcast_status pc_id3_read(pcast_media *m, FILE *f, uint64_t fsize, pcast_error *err);

#endif
