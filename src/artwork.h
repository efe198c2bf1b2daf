/* artwork: an episode's cover image (front matter `image:` or
 * --artwork), read once and embedded by each container as it is (M4A
 * covr, ID3 APIC, FLAC PICTURE, Opus METADATA_BLOCK_PICTURE). Its facts
 * (format, width, height, colour model) come from decoding it with
 * libavcodec's PNG or JPEG decoder, so a file that is not a whole image
 * is refused before any audio is rendered. Private to the library. */
#ifndef POSTCAST_ARTWORK_H
#define POSTCAST_ARTWORK_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PC_ARTWORK_RGB,       /* colour: RGB or a JPEG's YCbCr */
    PC_ARTWORK_GRAY,      /* grayscale */
    PC_ARTWORK_PALETTE,   /* indexed colour (a PNG palette) */
    PC_ARTWORK_OTHER      /* CMYK or anything else */
} pc_artwork_colour;

typedef struct pc_artwork {
    unsigned char *bytes;  /* the file as it is (malloc'd) */
    size_t size;
    const char *mime;      /* "image/jpeg" or "image/png" (static) */
    unsigned width_px, height_px;
    pc_artwork_colour colour;
    bool alpha;            /* has an alpha channel */
} pc_artwork;

/* Reads and decodes the image at path into *a (which the caller frees
 * with pc_artwork_free). PCAST_ERR_IO when it cannot be read,
 * PCAST_ERR_INPUT when it is not a whole JPEG or PNG image (the message
 * says which). On failure *a is empty. */
pcast_status pc_artwork_load(pc_artwork *a, const char *path, pcast_error *err);
/* The same from bytes[0..size), which are copied. name is for messages. */
pcast_status pc_artwork_from_bytes(pc_artwork *a, const unsigned char *bytes, size_t size,
                                   const char *name, pcast_error *err);
void pc_artwork_free(pc_artwork *a);

/* Apple Podcasts' rule for show and episode art: a square JPEG or PNG in
 * RGB colour, 1400 to 3000 pixels a side. Returns true when a meets it;
 * otherwise writes what is wrong ("is 800 x 600 pixels: it must be
 * square, 1400 to 3000 pixels a side") into why[0..n) and returns false. */
bool pc_artwork_apple_check(const pc_artwork *a, char *why, size_t n);

#endif
