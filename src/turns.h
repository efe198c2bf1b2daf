/* turns: sections, turns and speakers from the blocks of doc.h, by the
 * label rules of DESIGN.md, whatever the input format. Private. */
#ifndef POSTCAST_TURNS_H
#define POSTCAST_TURNS_H

#include "doc.h"
#include "post.h"

/* Fills post's sections, turns and speakers (strings in post's arena)
 * from doc, with post->front (title, cast) and post->file_cast read
 * already (doc's language becomes the post's when front matter gives
 * none); opt may be NULL. On failure post keeps what was built, freed
 * by pcast_post_free. */
pcast_status pc_turns_build(pcast_post *post, const pc_doc *doc, const pcast_parse_options *opt,
                            pcast_error *err);

#endif
