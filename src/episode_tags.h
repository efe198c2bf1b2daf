/* episode_tags: the podcast metadata an episode file carries beyond its
 * title (show, author, numbers, explicit, language, copyright, web page,
 * cover art), from the post's front matter with the render's overrides
 * (cfg->meta, cfg->artwork) over it. Private to the library. */
#ifndef POSTCAST_EPISODE_TAGS_H
#define POSTCAST_EPISODE_TAGS_H

#include "artwork.h"
#include "postcast/postcast.h"

typedef struct pc_episode_tags {
    /* borrowed from the post or the config; NULL: not given */
    const char *author, *show, *copyright, *url, *episode_type;
    unsigned episode, season; /* 0: not given */
    int advisory;             /* 0: not given, 1: explicit, 2: clean */
    char language[4];         /* ISO 639-2 of the post's lang; "" when unknown */
    pc_artwork artwork;       /* size 0: none */
} pc_episode_tags;

/* Fills t for post (may be NULL) and cfg. A cover named by cfg->artwork
 * that cannot be read or is not a whole JPEG/PNG fails (t is then
 * empty); one from the front matter gives a warning instead; a cover
 * that breaks Apple's rule gives a warning saying what is wrong. Bad
 * numbers, explicit values or episode types (full, trailer, bonus: any
 * case, stored lower case) give a warning and are left out. Free t
 * with pc_episode_tags_free. */
pcast_status pc_episode_tags_make(pc_episode_tags *t, const pcast_post *post,
                                  const pcast_render_config *cfg, pcast_error *err);
void pc_episode_tags_free(pc_episode_tags *t);

#endif
