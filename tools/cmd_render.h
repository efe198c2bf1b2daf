/* What render and preview share: their common options, the render
 * settings those give, and the episode (post, voices, cast, plan) both
 * speak from. */
#ifndef POSTCAST_TOOLS_CMD_RENDER_H
#define POSTCAST_TOOLS_CMD_RENDER_H

#include "args.h"

#include <postcast/postcast.h>

/* The options render and preview both take. */
typedef struct render_options {
    const char *output, *format, *cast, *engine, *from, *lexicon, *chapters;
    cli_list voice_dirs;
    pcast_pauses pauses;
    unsigned jobs, rate_hz;
    double loudness_lufs;
    bool stereo, quiet, verbose;
    const char *cache_dir;
    bool no_cache;
    uint64_t cache_max_bytes;
} render_options;

/* The table for render_options (a cli_group's options). */
extern const cli_option render_option_table[];
extern const size_t render_option_count;

/* render_options with nothing given. */
render_options render_options_init(void);

/* The render settings o gives, with cli_stop_signal as the cancel flag;
 * the strings point into o's (argv's) storage. */
pcast_render_config render_config_from(const render_options *o);

/* What render and preview speak from. */
typedef struct episode {
    pcast_post *post;
    pcast_voices *voices;
    pcast_cast *cast;
    pcast_plan *plan;
} episode;

/* Loads the post at path with o's cast file, voices and pauses, casts it
 * and plans it. Returns false with err set when any part fails; either
 * way free e with episode_free. */
bool episode_load(const char *path, const render_options *o, episode *e, pcast_error *err);
void episode_free(episode *e);

#endif
