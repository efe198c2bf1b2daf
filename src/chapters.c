/* chapters: sections' images and links, and a Podcasting 2.0 chapters
 * file placed on a transcript's turns. */
#include "chapters.h"

#include "error.h"
#include "source.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unictype.h>

typedef struct chapter {
    double start_s;
    const char *title;
    const char *img, *url; /* NULL: none */
    size_t turn;  /* index of its first turn among all turns */
} chapter;

static int by_start(const void *a, const void *b)
{
    const chapter *x = a, *y = b;
    return x->start_s < y->start_s ? -1 : x->start_s > y->start_s;
}

bool pc_chapters_web_url(const char *url)
{
    return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

/* Has s a letter or a digit, something the voice says (plan.c's rule)? */
static bool says_something(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        if (uc_is_property_alphabetic(cp) || uc_is_property_numeric(cp))
            return true;
    }
    return false;
}

static bool section_silent(const pc_section_b *s)
{
    if (says_something(s->pub.title))
        return false;
    for (size_t j = 0; j < s->pub.turn_count; j++)
        for (size_t k = 0; k < s->turns[j].pub.paragraph_count; k++)
            if (says_something(s->turns[j].paras[k]))
                return false;
    return true;
}

/* Moves section i's turns to the end of section i - 1's and removes
 * section i. false on ENOMEM (nothing moved). */
static bool merge_back(pcast_post *post, size_t i)
{
    pc_section_b *to = &post->sections[i - 1], *from = &post->sections[i];
    size_t n = to->pub.turn_count + from->pub.turn_count, bytes;
    if (from->pub.turn_count) {
        if (!pc_size_mul(n, sizeof *to->turns, &bytes))
            return false;
        pc_turn_b *t = realloc(to->turns, bytes);
        if (!t)
            return false;
        memcpy(t + to->pub.turn_count, from->turns, from->pub.turn_count * sizeof *t);
        to->turns = t;
        to->cap = n;
        to->pub.turn_count = n;
    }
    free(from->turns);
    memmove(from, from + 1, (post->section_count - i - 1) * sizeof *from);
    post->section_count--;
    return true;
}

void pc_chapters_settle(pcast_post *post, const pc_doc *doc)
{
    for (size_t i = 1; i < post->section_count;)
        if (!section_silent(&post->sections[i]) || !merge_back(post, i))
            i++;
    pc_chapters_take_marks(post, doc);
}

void pc_chapters_take_marks(pcast_post *post, const pc_doc *doc)
{
    size_t s = 0;
    for (size_t i = 0; i < doc->mark_count && post->section_count; i++) {
        const pc_mark *m = &doc->marks[i];
        while (s + 1 < post->section_count && post->sections[s + 1].pub.line <= m->line)
            s++;
        pcast_section *sec = &post->sections[s].pub;
        if (m->kind == PC_MARK_IMAGE && !sec->image) {
            sec->image = m->url;
            sec->image_line = m->line;
            sec->image_column = m->column;
        } else if (m->kind == PC_MARK_LINK && !sec->url && pc_chapters_web_url(m->url)) {
            sec->url = m->url;
        }
    }
}

/* The non-empty string at key of object e copied into arena in *out (NULL
 * when there is none). false on ENOMEM. */
static bool optional_string(pc_arena *arena, json_t *e, const char *key, const char **out)
{
    const char *v = json_string_value(json_object_get(e, key));
    *out = v && *v ? pc_arena_strdup(arena, v) : NULL;
    return !v || !*v || *out;
}

/* The largest chapters file read: jansson holds each chapter as objects
 * (14 times the text: a 42 MB file of a million chapters took 590 MB);
 * 10,000 chapters with images and links are about 2 MB. */
#define CHAPTERS_MAX_BYTES ((size_t)8 << 20)

/* The chapters of the file, sorted by start; titles in arena. */
static pcast_status load(const char *path, pc_arena *arena, chapter **out, size_t *n,
                         pcast_error *err)
{
    char *text;
    size_t size;
    pcast_status st = pc_read_file(path, &text, &size, err);
    if (st)
        return st;
    if (size > CHAPTERS_MAX_BYTES) {
        free(text);
        return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0,
                            "a chapters file of %zu bytes is too big (at most %zu MiB)", size,
                            CHAPTERS_MAX_BYTES >> 20);
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, size, 0, &jerr);
    free(text);
    if (!root)
        return pc_error_set(err, PCAST_ERR_INPUT, path, jerr.line > 0 ? (unsigned long)jerr.line : 1,
                            jerr.column > 0 ? (unsigned long)jerr.column : 1,
                            "chapters file is not valid JSON: %s", jerr.text);
    json_t *list = json_object_get(root, "chapters");
    size_t count = json_array_size(list);
    *out = NULL;
    *n = 0;
    if (!json_is_array(list) || !count) {
        json_decref(root);
        return pc_error_set(err, PCAST_ERR_INPUT, path, 1, 1,
                            "not a chapters file: expected {\"chapters\": [{\"startTime\", \"title\"}, ...]}");
    }
    chapter *c = calloc(count, sizeof *c);
    for (size_t i = 0; c && i < count && st == PCAST_OK; i++) {
        json_t *e = json_array_get(list, i), *t = json_object_get(e, "title");
        json_t *s = json_object_get(e, "startTime");
        if (!json_is_number(s) || !(json_number_value(s) >= 0) || !json_is_string(t))
            st = pc_error_set(err, PCAST_ERR_INPUT, path, 1, 1,
                              "chapter %zu needs a startTime (seconds) and a title", i + 1);
        else if (!(c[i].title = pc_arena_strdup(arena, json_string_value(t))) ||
                 !optional_string(arena, e, "img", &c[i].img) ||
                 !optional_string(arena, e, "url", &c[i].url))
            st = pc_error_nomem(err);
        else
            c[i].start_s = json_number_value(s);
    }
    json_decref(root);
    if (!c)
        return pc_error_nomem(err);
    if (st) {
        free(c);
        return st;
    }
    qsort(c, count, sizeof *c, by_start);
    *out = c;
    *n = count;
    return PCAST_OK;
}

/* Each chapter's first turn: the timed turn (after the opening) nearest
 * its start, never before the previous chapter's. false: no timed turn. */
static bool place(chapter *c, size_t nc, const pc_turn_b *const *turns, size_t nt)
{
    size_t from = 1, timed = 0;
    for (size_t i = 1; i < nt; i++)
        timed += turns[i]->pub.source_time_s >= 0;
    if (!timed)
        return false;
    for (size_t k = 0; k < nc; k++) {
        size_t best = SIZE_MAX;
        double best_d = 0;
        for (size_t i = from; i < nt; i++) {
            double t = turns[i]->pub.source_time_s;
            if (t < 0)
                continue;
            double d = t > c[k].start_s ? t - c[k].start_s : c[k].start_s - t;
            if (best == SIZE_MAX || d < best_d) {
                best = i;
                best_d = d;
            } else if (t > c[k].start_s) {
                break; /* times only grow from here */
            }
        }
        c[k].turn = best == SIZE_MAX ? nt : best;
        from = c[k].turn < nt ? c[k].turn : nt;
    }
    return true;
}

pcast_status pc_chapters_apply(pcast_post *post, const char *path, pcast_error *err)
{
    chapter *c;
    size_t nc;
    pcast_status st = load(path, &post->arena, &c, &nc, err);
    if (st)
        return st;
    size_t nt = 0;
    for (size_t i = 0; i < post->section_count; i++)
        nt += post->sections[i].pub.turn_count;
    pc_turn_b **turns = calloc(nt ? nt : 1, sizeof *turns);
    pc_section_b *secs = calloc(nc + 1, sizeof *secs);
    if (!turns || !secs) {
        free(turns);
        free(secs);
        free(c);
        return pc_error_nomem(err);
    }
    for (size_t i = 0, k = 0; i < post->section_count; i++)
        for (size_t j = 0; j < post->sections[i].pub.turn_count; j++)
            turns[k++] = &post->sections[i].turns[j];
    if (!place(c, nc, (const pc_turn_b *const *)turns, nt)) {
        st = pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0,
                          "chapters need a transcript whose turns have times (%s has none)", post->path);
    }
    /* sections: the opening, then each chapter that starts a turn later
     * than the one before it */
    size_t ns = 0;
    secs[ns++].pub = post->sections[0].pub;
    for (size_t k = 0; k < nc && !st; k++) {
        size_t first = c[k].turn, next = k + 1 < nc ? c[k + 1].turn : nt;
        if (first >= nt || first == next)
            continue; /* nothing of its own: a later chapter takes the turn */
        secs[ns].pub.title = c[k].title;
        secs[ns].pub.line = turns[first]->pub.line;
        secs[ns].pub.image = c[k].img;
        secs[ns].pub.url = c[k].url;
        ns++;
    }
    size_t *bounds = calloc(ns + 1, sizeof *bounds);
    if (!st && !bounds)
        st = pc_error_nomem(err);
    if (!st) {
        for (size_t k = 0, s = 1; k < nc && s < ns; k++) {
            size_t first = c[k].turn, next = k + 1 < nc ? c[k + 1].turn : nt;
            if (first < nt && first != next)
                bounds[s++] = first;
        }
        bounds[ns] = nt;
        for (size_t s = 0; s < ns && !st; s++) {
            size_t count = bounds[s + 1] - bounds[s];
            secs[s].turns = calloc(count ? count : 1, sizeof *secs[s].turns);
            if (!secs[s].turns) {
                st = pc_error_nomem(err);
                break;
            }
            for (size_t i = 0; i < count; i++)
                secs[s].turns[i] = *turns[bounds[s] + i];
            secs[s].pub.turn_count = count;
            secs[s].cap = count;
        }
    }
    if (st) {
        for (size_t s = 0; s < ns; s++)
            free(secs[s].turns);
        free(secs);
    } else {
        for (size_t i = 0; i < post->section_count; i++)
            free(post->sections[i].turns); /* the turns' own arrays moved on */
        free(post->sections);
        post->sections = secs;
        post->section_count = post->section_cap = ns;
    }
    free(bounds);
    free(turns);
    free(c);
    return st;
}
