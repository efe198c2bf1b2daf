/* speakers: who is who. One speaker per person however the labels write
 * the name: `JOHN SMITH` and `John Smith` are one (case folded; the mixed
 * case spelling is shown), and a later `John` (or `SMITH`) joins `John
 * Smith` when no other noted name starts (or ends) with that word and no
 * cast pins it on its own.
 * Private; not installed. */
#ifndef POSTCAST_SPEAKERS_H
#define POSTCAST_SPEAKERS_H

#include "post.h"

typedef struct pc_speakers {
    pcast_post *post;      /* borrowed; its speakers array grows */
    pc_strmap by_fold;     /* folded name -> speaker index */
    pc_strmap owner;       /* folded first or last word -> index in multi, or SIZE_MAX: ambiguous */
    pc_strmap noted;       /* folded multi-word name -> its index in multi */
    pc_strmap pinned;      /* folded name -> index in pins */
    const char **multi;    /* folded multi-word names noted (malloc'd) */
    size_t multi_count, multi_cap;
    const char **pins;     /* the cast's own spellings (malloc'd) */
    size_t pin_count, pin_cap;
} pc_speakers;

/* Start from {.post = post}. Each returns false on ENOMEM (s is then
 * still to be freed with pc_speakers_free). */
/* A name the cast pins (shown as the cast spells it, never folded into
 * another). name must outlive s. */
bool pc_speakers_pin(pc_speakers *s, const char *name);
/* A name seen in label position anywhere in the post (before any
 * pc_speakers_index), so `John` or `Smith` knows whether it is
 * ambiguous. */
bool pc_speakers_note(pc_speakers *s, const char *name);
/* The index of name's speaker in post->speakers, added if new. */
bool pc_speakers_index(pc_speakers *s, const char *name, size_t *out);
void pc_speakers_free(pc_speakers *s);
/* name in the order people say it: "Dana Wu" for "Wu, Dana" (surname
 * first, pc_label_last_first) in arena, else name itself; NULL on ENOMEM. */
const char *pc_speakers_spoken_order(pc_arena *arena, const char *name);
/* pc_speakers_fold of name in spoken order: the key of a cast's rename. */
const char *pc_speakers_fold_spoken(pc_arena *arena, const char *name);
/* name case-folded (libunistring), in arena; NULL on ENOMEM. */
const char *pc_speakers_fold(pc_arena *arena, const char *name);
/* For a folded one-word name that no cast pins: the one folded
 * multi-word name noted that starts or ends with it, else NULL. */
const char *pc_speakers_owner(const pc_speakers *s, const char *folded);

#endif
