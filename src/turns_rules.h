/* turns_rules: which lines open a turn (DESIGN.md "Speaker turns"),
 * decided over the whole post before the turn builder (turns.c) walks
 * it: names certainly speakers, `NAME: text` counts, a conversation in
 * plain labels, an interview's Q. and A. Private. */
#ifndef POSTCAST_TURNS_RULES_H
#define POSTCAST_TURNS_RULES_H

#include "doc.h"
#include "post.h"
#include "speakers.h"

/* The turn builder's state (turns.c). */
typedef struct pc_turns_builder {
    pcast_post *post;
    pc_speakers who;      /* name -> speaker */
    pc_strmap confirmed;  /* names that are certainly speakers */
    pc_strmap prefix_count; /* `NAME: text` paragraph starts, by name */
    pc_strmap renames;    /* folded speaker -> entry renaming it: file cast index, then front */
    bool renames_ready;
    pc_strmap id_index;   /* folded tool's id (SPEAKER_00) -> index in post->aliases */
    pc_strmap written;    /* folded "Speaker N" names the post itself writes as labels */
    size_t id_count;      /* numbers given to ids so far */
    bool caps_labels;     /* a name in capitals labels two paragraphs (NPR's transcripts) */
    bool dialogue;        /* a conversation in plain labels: a name once is a speaker (dialogue()) */
    bool qa;              /* plain "Q." and "A." both open paragraphs: an interview's */
    pc_turn_b *turn;      /* the turn being filled, or NULL */
    size_t speaker;       /* current speaker */
    size_t narrator;      /* the narrator's index */
    pc_buf para;
    unsigned long para_line;
    bool nomem;
} pc_turns_builder;

/* Records names that are certainly speakers, and counts `NAME: text`
 * paragraph starts. Names go into the arena so the maps can borrow them.
 * false on ENOMEM. */
bool pc_turns_prescan(pc_turns_builder *b, const pc_doc *d, const pcast_parse_options *opt);
/* The label that opens line j of block i, if any, per the rules in
 * DESIGN.md; *rest is the text after it (NULL with no label: a bold
 * admonition the caller re-reads as text), *time_s the line's time. */
const char *pc_turns_line_label(pc_turns_builder *b, const pc_doc *d, size_t i, size_t j, const char **rest,
                                double *time_s);

#endif
