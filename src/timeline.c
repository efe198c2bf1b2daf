/* timeline: the episode's sample-exact offsets and their public accessors. */
#include "timeline.h"

#include <stdlib.h>

pcast_timeline *pc_timeline_new(unsigned rate_hz, size_t nclips, size_t nsections)
{
    pcast_timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    tl->entries = calloc(nclips ? nclips : 1, sizeof *tl->entries);
    tl->chapters = calloc(nsections ? nsections : 1, sizeof *tl->chapters);
    if (!tl->entries || !tl->chapters) {
        pcast_timeline_free(tl);
        return NULL;
    }
    tl->rate = rate_hz;
    tl->chapter_count = nsections;
    return tl;
}

void pcast_timeline_free(pcast_timeline *t)
{
    if (!t)
        return;
    free(t->entries);
    free(t->chapters);
    free(t);
}

unsigned pcast_timeline_sample_rate(const pcast_timeline *t) { return t->rate; }
uint64_t pcast_timeline_total_frames(const pcast_timeline *t) { return t->total; }
size_t pcast_timeline_count(const pcast_timeline *t) { return t->count; }

const pcast_timeline_entry *pcast_timeline_get(const pcast_timeline *t, size_t i)
{
    return i < t->count ? &t->entries[i] : NULL;
}

uint64_t pcast_timeline_chapter_frames(const pcast_timeline *t, size_t s)
{
    return s < t->chapter_count ? t->chapters[s] : t->total;
}
