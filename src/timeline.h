/* timeline: where every clip, pause and chapter of an episode landed, in
 * sample frames at the engine's rate. The one source of chapter and
 * caption times (nothing re-probes an audio file). */
#ifndef POSTCAST_TIMELINE_H
#define POSTCAST_TIMELINE_H

#include "internal.h"

struct pcast_timeline {
    unsigned rate;                 /* Hz: the engine's */
    uint64_t total;                /* frames */
    pcast_timeline_entry *entries; /* count of them filled, in plan order */
    size_t count;
    uint64_t *chapters;            /* each section's first frame */
    size_t chapter_count;
};

/* An empty timeline with room for nclips entries and nsections chapters
 * (all offsets zero). NULL when out of memory. Free with
 * pcast_timeline_free. */
pcast_timeline *pc_timeline_new(unsigned rate_hz, size_t nclips, size_t nsections);

#endif
