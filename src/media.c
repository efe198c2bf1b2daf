/* media: the record of what a container's reader found in a file
 * (format, layout, chapters, tags) behind the public pcast_media handle,
 * and loudness measured through libsndfile. Each container's reader
 * lives with its writer (wav.c, flac.c, mp3.c, opus.c); containers.c
 * picks the reader for a file (pcast_media_open). */
#include "internal.h"
#include "media.h"

#include <ebur128.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

struct pcast_media {
    pc_arena arena;
    const char *format;
    unsigned rate, channels;
    uint64_t frames;
    pcast_chapter *chapters;
    size_t nchap, chap_cap;
    pcast_tag *tags;
    size_t ntags, tag_cap;
};

pcast_media *pc_media_new(void) { return calloc(1, sizeof(pcast_media)); }

void pc_media_set_format(pcast_media *m, const char *format, unsigned rate_hz,
                         unsigned channels, uint64_t frames)
{
    m->format = format;
    m->rate = rate_hz;
    m->channels = channels;
    m->frames = frames;
}

unsigned pc_media_rate(const pcast_media *m) { return m->rate; }

bool pc_media_add_tag(pcast_media *m, const char *key, const char *v, size_t n)
{
    n = strnlen(v, n);
    while (n && v[n - 1] == ' ')
        n--;
    if (!pc_grow((void **)&m->tags, &m->tag_cap, m->ntags, sizeof *m->tags))
        return false;
    pcast_tag *t = &m->tags[m->ntags];
    t->key = pc_arena_strdup(&m->arena, key);
    t->value = pc_arena_strndup(&m->arena, v, n);
    if (!t->key || !t->value)
        return false;
    m->ntags++;
    return true;
}

pcast_chapter *pc_media_add_chapter(pcast_media *m)
{
    if (!pc_grow((void **)&m->chapters, &m->chap_cap, m->nchap, sizeof *m->chapters))
        return NULL;
    pcast_chapter *c = &m->chapters[m->nchap++];
    memset(c, 0, sizeof *c);
    c->title = "";
    return c;
}

pcast_chapter *pc_media_chapter_at(pcast_media *m, size_t i) { return &m->chapters[i]; }

char *pc_media_strndup(pcast_media *m, const char *s, size_t n)
{
    return pc_arena_strndup(&m->arena, s, n);
}

static int cmp_chapter(const void *a, const void *b)
{
    const pcast_chapter *x = a, *y = b;
    return x->start_frames < y->start_frames ? -1 : x->start_frames > y->start_frames;
}

void pc_media_finish(pcast_media *m)
{
    if (m->nchap)
        qsort(m->chapters, m->nchap, sizeof *m->chapters, cmp_chapter);
    for (size_t i = 0; i < m->nchap; i++)
        if (m->rate)
            m->chapters[i].start_seconds = (double)m->chapters[i].start_frames / m->rate;
}

void pcast_media_free(pcast_media *m)
{
    if (!m)
        return;
    free(m->chapters);
    free(m->tags);
    pc_arena_free(&m->arena);
    free(m);
}

unsigned pcast_media_sample_rate(const pcast_media *m) { return m->rate; }
unsigned pcast_media_channels(const pcast_media *m) { return m->channels; }
uint64_t pcast_media_frames(const pcast_media *m) { return m->frames; }
const char *pcast_media_format(const pcast_media *m) { return m->format; }
size_t pcast_media_chapter_count(const pcast_media *m) { return m->nchap; }
const pcast_chapter *pcast_media_chapter(const pcast_media *m, size_t i)
{
    return i < m->nchap ? &m->chapters[i] : NULL;
}
size_t pcast_media_tag_count(const pcast_media *m) { return m->ntags; }
const pcast_tag *pcast_media_tag(const pcast_media *m, size_t i)
{
    return i < m->ntags ? &m->tags[i] : NULL;
}

pcast_status pcast_measure_loudness(const char *path, pcast_loudness *out, pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "cannot read audio: %s",
                            sf_strerror(NULL));
    if (info.channels < 1 || info.channels > 64 || info.samplerate < 8000) {
        sf_close(f);
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "unsupported audio layout");
    }
    ebur128_state *m = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate,
                                    EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                                        EBUR128_MODE_SAMPLE_PEAK);
    float *buf = malloc(sizeof *buf * 4096 * (size_t)info.channels);
    pcast_status st = PCAST_OK;
    if (!m || !buf) {
        st = pc_error_nomem(err);
    } else {
        sf_count_t n;
        while ((n = sf_readf_float(f, buf, 4096)) > 0)
            if (ebur128_add_frames_float(m, buf, (size_t)n) != EBUR128_SUCCESS) {
                st = pc_error_nomem(err);
                break;
            }
    }
    if (!st) {
        double v, tp = 0, sp = 0;
        out->integrated_lufs = ebur128_loudness_global(m, &v) == EBUR128_SUCCESS ? v : -HUGE_VAL;
        out->range_lu = ebur128_loudness_range(m, &v) == EBUR128_SUCCESS ? v : 0;
        for (unsigned c = 0; c < (unsigned)info.channels; c++) {
            if (ebur128_true_peak(m, c, &v) == EBUR128_SUCCESS && v > tp)
                tp = v;
            if (ebur128_sample_peak(m, c, &v) == EBUR128_SUCCESS && v > sp)
                sp = v;
        }
        out->true_peak_dbtp = tp > 0 ? 20 * log10(tp) : -HUGE_VAL;
        out->sample_peak_dbfs = sp > 0 ? 20 * log10(sp) : -HUGE_VAL;
    }
    free(buf);
    if (m)
        ebur128_destroy(&m);
    sf_close(f);
    return st;
}
