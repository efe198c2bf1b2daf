/* media: what a container's reader finds in a file (format, layout,
 * chapters, tags), behind the public pcast_media handle. The readers
 * (one per container, see container.h) fill it; media.c holds it. */
#ifndef POSTCAST_MEDIA_H
#define POSTCAST_MEDIA_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#define PC_MEDIA_MAX_META (16u << 20) /* metadata a reader takes into memory */

/* A new empty record (NULL on ENOMEM); free with pcast_media_free. */
pcast_media *pc_media_new(void);
/* Fills in the file's layout; format is a static string ("WAV"). */
void pc_media_set_format(pcast_media *m, const char *format, unsigned rate_hz,
                         unsigned channels, uint64_t frames);
unsigned pc_media_rate(const pcast_media *m);
/* A tag from v[0..n) (cut at a NUL, trailing blanks and NULs dropped);
 * key and value are copied. false on ENOMEM (m unchanged). */
bool pc_media_add_tag(pcast_media *m, const char *key, const char *v, size_t n);
/* Appends an empty chapter (start 0, title "") and returns it; NULL on
 * ENOMEM. The pointer is good until the next add. */
pcast_chapter *pc_media_add_chapter(pcast_media *m);
/* The i-th chapter added (i < count), to fill in. */
pcast_chapter *pc_media_chapter_at(pcast_media *m, size_t i);
/* Copies s[0..n) into m's arena; NULL on ENOMEM. */
char *pc_media_strndup(pcast_media *m, const char *s, size_t n);
/* Sorts the chapters by start and fills in start_seconds; called once a
 * reader is done. */
void pc_media_finish(pcast_media *m);

#endif
