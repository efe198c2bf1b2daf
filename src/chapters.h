/* chapters: what a section carries as a chapter besides its title: its
 * image and URL from the doc's marks, and sections for a transcript from
 * the Podcasting 2.0 chapters file its episode published (with their
 * "img" and "url"). Private; not installed. */
#ifndef POSTCAST_CHAPTERS_H
#define POSTCAST_CHAPTERS_H

#include "doc.h"
#include "post.h"

/* Reads the chapters file at path ({"chapters": [{"startTime": 0,
 * "title": "...", "img": "...", "url": "..."}, ...]}) and makes its chapters the sections of post
 * after the opening: each starts at the turn whose source time is
 * nearest its startTime (of two chapters at one turn, the later stays),
 * with its "img" and "url" when they are strings.
 * Call before the turn views are built. On failure (a file that cannot
 * be read, is not JSON or not a chapters file: FILE:LINE:COL; a post
 * whose turns have no times) post is unchanged. */
/* Gives each of post's sections the first image and the first absolute
 * http(s) link among doc's marks from its heading's line (section 0:
 * from the start) to the next section's. Strings stay in the doc's arena
 * (the post's). Cannot fail. */
void pc_chapters_take_marks(pcast_post *post, const pc_doc *doc);
/* A chapter is never empty: a section after the opening whose title and
 * words have no letter or digit (emoji, punctuation: nothing the voice
 * says, so a chapter of no length, which players show on top of the
 * next) gives its turns to the section before it and goes. Then
 * pc_chapters_take_marks. Call before the turn views are built. On
 * ENOMEM a silent section stays as it was. Cannot fail. */
void pc_chapters_settle(pcast_post *post, const pc_doc *doc);
/* Whether url is an absolute http:// or https:// URL (any case). */
bool pc_chapters_web_url(const char *url);

pcast_status pc_chapters_apply(pcast_post *post, const char *path, pcast_error *err);

#endif
