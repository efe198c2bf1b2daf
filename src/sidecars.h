/* sidecars: the files beside an episode (pcast_sidecars_write), with
 * what the site builder needs besides. Private to the library. */
#ifndef POSTCAST_SIDECARS_H
#define POSTCAST_SIDECARS_H

#include "buf.h"
#include "postcast/postcast.h"

/* pcast_sidecars_write, with the chapters' "img" of the images it
 * publishes beside the episode as url_base + their file name (url_base
 * ends with '/'; NULL: the bare file name, relative to the chapters
 * file). Same contract otherwise. */
pcast_status pc_sidecars_write(const pcast_post *post, const pcast_plan *plan,
                               const pcast_timeline *tl, const char *episode_path,
                               const char *url_base, bool own_dir, pcast_error *err);
/* pcast_sidecars_check, which also refuses an episode whose name a cue
 * sheet's FILE line cannot carry (pc_cue_can_name); own_dir: the folder
 * is the caller's own (a site build's), where captions are replaced
 * whoever wrote them and such an episode gets no cue sheet instead. */
pcast_status pc_sidecars_check(const char *episode, const char *const *inputs, bool own_dir,
                               pcast_error *err);

/* Appends to b the file name of chapter's image (chapter counts from 1)
 * beside an episode whose name less its extension is stem[0..n):
 * STEM.chapter-N.png, or .jpg for any other mime. false on ENOMEM. */
bool pc_sidecars_image_name(pc_buf *b, const char *stem, size_t n, size_t chapter,
                            const char *mime);

#endif
