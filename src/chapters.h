/* chapters: sections for a transcript from the Podcasting 2.0 chapters
 * file its episode published. Private; not installed. */
#ifndef POSTCAST_CHAPTERS_H
#define POSTCAST_CHAPTERS_H

#include "post.h"

/* Reads the chapters file at path ({"chapters": [{"startTime": 0,
 * "title": "..."}, ...]}) and makes its chapters the sections of post
 * after the opening: each starts at the turn whose source time is
 * nearest its startTime (of two chapters at one turn, the later stays).
 * Call before the turn views are built. On failure (a file that cannot
 * be read, is not JSON or not a chapters file: FILE:LINE:COL; a post
 * whose turns have no times) post is unchanged. */
pcast_status pc_chapters_apply(pcast_post *post, const char *path, pcast_error *err);

#endif
