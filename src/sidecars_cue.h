/* sidecars_cue: the text of a CD-style cue sheet (sidecars.c writes
 * it): its strings, the FILE name it can carry, the PERFORMER list.
 * Private; not installed. */
#ifndef POSTCAST_SIDECARS_CUE_H
#define POSTCAST_SIDECARS_CUE_H

#include "buf.h"
#include "postcast/postcast.h"

#include <stdbool.h>

/* Appends s to b as text on a cue sheet line: control characters (a
 * newline would start a forged FILE or TRACK line) become spaces; when
 * quoted, " becomes ' and \ becomes / (pc_cue_string). false on ENOMEM
 * (b holds part of it). */
bool pc_cue_text(pc_buf *b, const char *s, bool quoted);
/* Appends s to b as a quoted cue sheet string. A CUE string has no
 * escapes: a quote would end it, and a backslash is an escape to libcue
 * (a title ending in one swallowed the lines after it). false on ENOMEM. */
bool pc_cue_string(pc_buf *b, const char *s);
/* Can a FILE line name the file at path (its last part) so that a cue
 * reader finds it? Not with a double quote (it ends the string), a
 * backslash (an escape to libcue, a folder to Windows readers) or a
 * control character (it breaks the line). Such a name is refused (the
 * message PC_CUE_NAME_ERROR), never changed: a changed name is another
 * file. */
bool pc_cue_can_name(const char *path);
#define PC_CUE_NAME_ERROR                                                                        \
    "a cue sheet (--sidecars) cannot name a file with a double quote, a backslash or a control " \
    "character in its name: name the episode otherwise (-o)"
/* Appends the speakers of sec to who, in order of appearance,
 * ", "-separated, post's narrator as author when there is one (may be
 * NULL). false on ENOMEM (who holds part of it). */
bool pc_cue_performers(const pcast_post *post, const pcast_section *sec, const char *author,
                       pc_buf *who);

#endif
