/* frontmatter: the YAML between the --- lines. Private; not installed. */
#ifndef POSTCAST_FRONTMATTER_H
#define POSTCAST_FRONTMATTER_H

#include "buf.h"
#include "source.h"

typedef struct pc_front {
    char *title, *date, *lang, *description;
    char *interviewer, *guest; /* who `Q:` and `A:` are (interviewer: / host:, guest:) */
    char **tags;
    size_t tag_count;
    pcast_cast_entry *cast;
    size_t cast_count;
    pcast_pauses pauses;
    pcast_music music;
    struct pc_lexicon *pronounce; /* `pronounce:` (NULL: none); owned */
} pc_front;

/* Parses src's YAML front matter into f (strings in arena; f's arrays
 * freed by pc_front_free, also after a failure). Scalars are kept as
 * given. */
pcast_status pc_front_parse(pc_front *f, pc_arena *arena, const pc_source *src, pcast_error *err);
void pc_front_free(pc_front *f);

#endif
