/* source: reading an input file, checking its UTF-8 and splitting off the
 * front matter with line numbers kept. Private; not installed. */
#ifndef POSTCAST_SOURCE_H
#define POSTCAST_SOURCE_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct pc_source {
    const char *name;        /* for messages */
    const char *text;        /* the whole file, NUL-terminated */
    size_t size;
    const char *front;       /* front matter text (between the --- lines) */
    size_t front_size;
    unsigned long front_line; /* line of the first front-matter line */
    bool front_toml;         /* TOML between +++ lines (Hugo), not YAML */
    const char *body;        /* the body (Markdown or a transcript) */
    size_t body_size;
    unsigned long body_line; /* line of the body's first line */
} pc_source;

/* A file that opens with UTF-16's byte-order mark (either order, as
 * Windows tools save captions), decoded: *out a new NUL-terminated
 * UTF-8 copy of text[0..size) without the mark (*out_size bytes, free()
 * it). For any other text *out is NULL and nothing is done. A lone
 * surrogate, an odd length or a UTF-32 mark is an error at its line and
 * column (*out NULL). */
pcast_status pc_source_from_utf16(const char *name, const char *text, size_t size, char **out,
                                  size_t *out_size, pcast_error *err);

/* text[0..size) without the bidirectional embeddings, overrides and
 * isolates (U+202A-202E, U+2066-2069: invisible, soundless, and able to
 * turn a speaker's name or a caption around on a screen) and with each
 * C1 control (U+0080-009F) a blank, as C0 controls are: a malloc'd,
 * NUL-terminated copy in *out (its size in *out_size), or *out NULL when
 * the text has none of them. PCAST_ERR_NOMEM when out of memory. */
pcast_status pc_source_strip_controls(const char *text, size_t size, char **out, size_t *out_size,
                                      pcast_error *err);

/* Validates UTF-8 (no NUL bytes) and splits off front matter. text must
 * stay alive as long as src is used. On failure src holds no front
 * matter or body and err says FILE:LINE:COL. */
pcast_status pc_source_split(pc_source *src, const char *name, const char *text, size_t size,
                             pcast_error *err);

/* Reads a whole regular file or pipe (not a directory, not a device;
 * a FIFO with no writer reads as empty, never waits; at most 256 MiB)
 * into a malloc'd buffer, NUL-terminated, that the caller frees; *size
 * excludes the NUL. On failure *out is NULL, *size 0, and err names the
 * file. */
pcast_status pc_read_file(const char *path, char **out, size_t *size, pcast_error *err);

#endif
