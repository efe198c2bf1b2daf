/* frontmatter: the YAML between the --- lines. Private; not installed. */
#ifndef POSTCAST_FRONTMATTER_H
#define POSTCAST_FRONTMATTER_H

#include "buf.h"
#include "source.h"

typedef struct pc_front {
    char *title, *date, *lang, *description;
    char *interviewer, *guest; /* who `Q:` and `A:` are (interviewer: / host:, guest:) */
    /* the podcast keys, as written (a plain string each; other shapes,
     * such as Jekyll's author mapping, are ignored): the cover image, the
     * author (the file's artist), the show (podcast: or show:), episode
     * and season numbers, episode_type (full, trailer, bonus), explicit,
     * copyright, the episode's web page (url:) */
    char *image, *author, *show, *episode, *season, *episode_type, *advisory, *copyright, *url;
    char **tags;
    size_t tag_count;
    pcast_cast_entry *cast;
    size_t cast_count;
    pcast_pauses pauses;
    pcast_music music;
    struct pc_lexicon *pronounce; /* `pronounce:` (NULL: none); owned */
    /* where each podcast key's value stands (line 0: not given), in the
     * order of PC_FRONT_PODCAST_KEYS */
    struct {
        unsigned long line, column;
    } podcast_at[9], pauses_at; /* pauses_at: the pauses: mapping's */
} pc_front;

/* The podcast keys as pcast_post_meta names them, in podcast_at's order. */
#define PC_FRONT_PODCAST_KEYS                                                                        \
    {"image", "author", "show", "episode", "season", "episode_type", "explicit", "copyright", "url"}

/* Where key's value (a podcast key, as pcast_post_meta names it, or
 * "pauses") stands in f's file: false (line and column 0) when it was not
 * given. */
bool pc_front_key_at(const pc_front *f, const char *key, unsigned long *line, unsigned long *column);

/* Parses src's YAML front matter into f (strings in arena; f's arrays
 * freed by pc_front_free, also after a failure). Scalars are kept as
 * given. */
pcast_status pc_front_parse(pc_front *f, pc_arena *arena, const pc_source *src, pcast_error *err);
void pc_front_free(pc_front *f);

#endif
