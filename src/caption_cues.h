/* caption_cues: the captions' cues (sidecars.c writes them as WebVTT,
 * SRT and transcript JSON), from the plan's text and the timeline's
 * sample offsets. Private; not installed. */
#ifndef POSTCAST_CAPTION_CUES_H
#define POSTCAST_CAPTION_CUES_H

#include "postcast/postcast.h"
#include "timeline.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct pc_cue {
    double start, end;   /* seconds */
    size_t speaker;
    size_t section;
    char *text;
} pc_cue;

typedef struct pc_cues {
    pc_cue *items;
    size_t count, cap;
} pc_cues;

/* The cues of plan's clips on tl: sentences (clips a run boundary
 * joins) cut at most about 65 columns wide. false on ENOMEM (out then
 * holds what was made: free it all the same). */
bool pc_cues_build(const pcast_plan *plan, const pcast_timeline *tl, pc_cues *out);
void pc_cues_free(pc_cues *c);

#endif
