/* script: a post's body becomes sections of speaker turns: a reader
 * (reader.h) turns the body into blocks, the turn builder (turns.h) turns
 * the blocks into the script. Private; not installed. */
#ifndef POSTCAST_SCRIPT_H
#define POSTCAST_SCRIPT_H

#include "post.h"
#include "source.h"

/* Builds post's sections, turns and speakers from src's body (front
 * matter and file cast already read). On failure post holds what was
 * built so far, freed by pcast_post_free. */
pcast_status pc_script_build(pcast_post *post, const pc_source *src,
                             const pcast_parse_options *opt, pcast_error *err);

#endif
