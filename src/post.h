/* post: the pcast_post handle's insides, shared by the stages that fill
 * it (turns.c) and free it (post.c). Private; not installed. */
#ifndef POSTCAST_POST_H
#define POSTCAST_POST_H

#include "buf.h"
#include "frontmatter.h"

typedef struct pc_turn_b {
    pcast_turn pub;
    char **paras;
    unsigned long *para_lines;
    size_t cap;
} pc_turn_b;

typedef struct pc_section_b {
    pcast_section pub;
    pcast_turn *turn_views; /* built at the end */
    pc_turn_b *turns;
    size_t cap;
} pc_section_b;

/* A speech-to-text tool's id for a speaker and the name shown for it
 * (turns.c), so a cast entry naming the id finds the speaker (cast.c). */
typedef struct pc_speaker_alias {
    const char *id;              /* case-folded: "speaker_00"; arena */
    const char *shown;           /* "Speaker 1"; arena */
} pc_speaker_alias;

struct pcast_post {
    pc_arena arena;
    char *path;
    const char *reader;          /* the reader's name (static) */
    pc_front front;
    pcast_cast_entry *file_cast; /* from the --cast file */
    size_t file_cast_count;
    pc_section_b *sections;
    size_t section_count, section_cap;
    pcast_speaker *speakers;
    size_t speaker_count, speaker_cap;
    pc_speaker_alias *aliases;   /* malloc'd */
    size_t alias_count, alias_cap;
};

#endif
