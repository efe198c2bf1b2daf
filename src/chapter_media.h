/* chapter_media: the images and URLs of an episode's chapters, read for
 * the containers (ID3 CHAP: APIC, WXXX) and the sidecars (chapters JSON
 * "img", "url") from what the post's sections name (pcast_section.image,
 * .url).
 *
 * An image the post names is a local file, held to the rules for files
 * a post may name: a relative path must stay inside the post's folder
 * and a site path (/assets/x.png, as Jekyll writes them) inside the
 * folder above it, also through symbolic links, unless allow_outside;
 * nothing in /dev or /proc; a regular file; at most
 * PC_CHAPTER_IMAGE_MAX_BYTES; a whole JPEG or PNG (artwork.h decodes it);
 * all of an episode's chapter images together at most
 * PC_CHAPTER_IMAGES_MAX_BYTES. An image that breaks a rule gives a
 * warning at the post's FILE:LINE:COL and its chapter goes without it; an
 * http(s) URL is carried to the sidecar as it is and never fetched.
 *
 * Only MP3 carries them in the file (ID3 CHAP sub-frames, read by
 * Overcast, Pocket Casts, Podcast Addict and mutagen). M4A does not: its
 * per-chapter images exist only as a QuickTime video track of JPEG
 * frames tied to the chapter track (GarageBand's "enhanced podcasts"),
 * which libavformat's muxer cannot write and ffprobe and mutagen do not
 * read; likewise its chapter URLs (an "href" text track). The feed's
 * podcast:chapters (the chapters JSON, img and url) serves them to apps
 * whatever the enclosure. FLAC, Opus
 * and WAV have no chapter image. Private to the library. */
#ifndef POSTCAST_CHAPTER_MEDIA_H
#define POSTCAST_CHAPTER_MEDIA_H

#include "artwork.h"
#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

#define PC_CHAPTER_IMAGE_MAX_BYTES (4u << 20)
#define PC_CHAPTER_IMAGES_MAX_BYTES (64u << 20)

typedef struct pc_chapter_media {
    size_t count;               /* the post's sections */
    /* per section, NULL: none. images point into the owned store (one
     * decoded copy per file, shared by the chapters that name it); urls
     * and image_urls are borrowed from the post. */
    const pc_artwork **images;
    const char **urls;          /* the chapter's web page */
    const char **image_urls;    /* an image given as an http(s) URL */
    pc_artwork *store;          /* store_count images, owned */
    char **store_paths;         /* the file each was read from, owned */
    size_t store_count;
} pc_chapter_media;

/* Fills *m for post's sections (post may be NULL: nothing). Bad images
 * are reported through warn (with user; may be NULL) and left out.
 * Fails only with PCAST_ERR_NOMEM, and *m is then empty. Free with
 * pc_chapter_media_free, also after a failure. */
pcast_status pc_chapter_media_load(pc_chapter_media *m, const pcast_post *post,
                                   bool allow_outside,
                                   void (*warn)(void *user, const pcast_warning *w), void *user,
                                   pcast_error *err);
void pc_chapter_media_free(pc_chapter_media *m);

/* The file an image named by the post at post_path is, checked against
 * the folder rules above (also used for the front matter's cover art): a
 * relative path in the post's folder; a site path (/x) there, else in the
 * folder above (with allow_outside, else the path as it is); %XX decoded.
 * malloc'd (a missing file counts as inside: opening it says so); NULL
 * with *why set (static text) when it breaks them, or with *why NULL on
 * ENOMEM. */
char *pc_post_image_path(const char *post_path, const char *image, bool allow_outside,
                         const char **why);

#endif
