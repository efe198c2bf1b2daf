/* cast: which speaker speaks with which voice. This file reads `cast:`
 * mappings (front matter or a --cast file); assignment lives with the
 * voices. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

static pcast_status at(pcast_error *err, const char *file, unsigned long off,
                       const yaml_node_t *n, const char *fmt, const char *arg)
{
    return pc_error_set(err, PCAST_ERR_VOICE, file, off + n->start_mark.line,
                        n->start_mark.column + 1, fmt, arg);
}

/* Preset names become file names, so they are kept to a safe alphabet:
 * nothing can reach outside the voices directories. */
bool pc_preset_name_ok(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static int read_int(const yaml_node_t *n, int lo, int hi)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return -2;
    const char *s = (const char *)n->data.scalar.value;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -2;
    return (int)v;
}

pcast_status pc_cast_parse_yaml(yaml_document_t *doc, yaml_node_t *map, pc_arena *a,
                                const char *file, unsigned long off, pcast_cast_entry **out,
                                size_t *count, pcast_error *err)
{
    if (map->type == YAML_SCALAR_NODE && !map->data.scalar.length)
        return PCAST_OK;
    if (map->type != YAML_MAPPING_NODE)
        return at(err, file, off, map, "cast: expected a mapping of speaker: voice%s", "");
    size_t cap = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(doc, p->key);
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        if (!kn || kn->type != YAML_SCALAR_NODE || !kn->data.scalar.length)
            return at(err, file, off, kn ? kn : map, "cast: a speaker name must be a string%s", "");
        if (!pc_grow((void **)out, &cap, *count, sizeof **out))
            return pc_error_nomem(err);
        pcast_cast_entry *e = &(*out)[*count];
        memset(e, 0, sizeof *e);
        e->pitch = e->range = e->rate = -1;
        e->file = file;
        e->line = off + kn->start_mark.line;
        e->column = kn->start_mark.column + 1;
        e->speaker = pc_arena_strdup(a, (const char *)kn->data.scalar.value);
        if (!e->speaker)
            return pc_error_nomem(err);
        if (vn->type == YAML_SCALAR_NODE) {
            const char *s = (const char *)vn->data.scalar.value;
            if (!pc_preset_name_ok(s))
                return at(err, file, off, vn,
                          "cast: '%s' is not a voice preset name (letters, digits, - and _)", s);
            if (!(e->preset = pc_arena_strdup(a, s)))
                return pc_error_nomem(err);
        } else if (vn->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *q = vn->data.mapping.pairs.start; q < vn->data.mapping.pairs.top;
                 q++) {
                yaml_node_t *k2 = yaml_document_get_node(doc, q->key);
                yaml_node_t *v2 = yaml_document_get_node(doc, q->value);
                const char *k = k2 && k2->type == YAML_SCALAR_NODE
                                    ? (const char *)k2->data.scalar.value : "";
                const char *sv = v2 && v2->type == YAML_SCALAR_NODE
                                     ? (const char *)v2->data.scalar.value : NULL;
                if (!strcmp(k, "preset") || !strcmp(k, "voice")) {
                    if (!sv || !pc_preset_name_ok(sv))
                        return at(err, file, off, v2, "cast: bad value for key '%s' (a preset name)", k);
                    e->preset = pc_arena_strdup(a, sv);
                } else if (!strcmp(k, "variant")) {
                    if (!sv || !pc_preset_name_ok(sv))
                        return at(err, file, off, v2, "cast: bad value for key '%s' (an espeak-ng variant)", k);
                    e->variant = pc_arena_strdup(a, sv);
                } else if (!strcmp(k, "gender")) {
                    if (!sv || (strcmp(sv, "male") && strcmp(sv, "female")))
                        return at(err, file, off, v2, "cast: bad value for key '%s' (male or female)", k);
                    e->gender = pc_arena_strdup(a, sv);
                } else if (!strcmp(k, "pitch") || !strcmp(k, "range")) {
                    int v = read_int(v2, 0, 100);
                    if (v < 0)
                        return at(err, file, off, v2, "cast: bad value for key '%s' (0-100)", k);
                    *(!strcmp(k, "pitch") ? &e->pitch : &e->range) = v;
                } else if (!strcmp(k, "rate")) {
                    int v = read_int(v2, 80, 450);
                    if (v < 0)
                        return at(err, file, off, v2, "cast: bad value for key '%s' (80-450 words a minute)", k);
                    e->rate = v;
                } else {
                    return at(err, file, off, k2 ? k2 : vn,
                              "cast: unknown key '%s' (expected preset, variant, gender, pitch, range, rate)", k);
                }
                if ((!strcmp(k, "preset") || !strcmp(k, "voice")) && !e->preset)
                    return pc_error_nomem(err);
            }
        } else {
            return at(err, file, off, vn, "cast: the voice for '%s' must be a preset name or a mapping",
                      e->speaker);
        }
        (*count)++;
    }
    return PCAST_OK;
}

/* ---------- assignment ---------- */

struct pcast_cast {
    pcast_casting *items;
    size_t count;
};

const char *pcast_cast_source_name(pcast_cast_source s)
{
    switch (s) {
    case PCAST_CAST_FILE: return "cast file";
    case PCAST_CAST_FRONT_MATTER: return "front matter";
    case PCAST_CAST_AUTOMATIC: return "automatic";
    }
    return "?";
}

static const pcast_cast_entry *find_entry(const pcast_cast_entry *e, size_t n, const pcast_speaker *sp)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].speaker, sp->name) || (sp->narrator && !strcasecmp(e[i].speaker, "narrator")))
            return &e[i];
    return NULL;
}

static void apply(pcast_voice_settings *s, const pcast_cast_entry *e)
{
    if (!e)
        return;
    if (e->variant)
        s->variant = e->variant;
    if (e->pitch >= 0)
        s->pitch = e->pitch;
    if (e->range >= 0)
        s->range = e->range;
    if (e->rate >= 0)
        s->rate = e->rate;
}

pcast_status pcast_cast_new(const pcast_post *post, const pcast_voices *voices, pcast_cast **out,
                            pcast_error *err)
{
    *out = NULL;
    size_t n = pcast_post_speaker_count(post), nv = pcast_voices_count(voices);
    pcast_cast *c = calloc(1, sizeof *c);
    size_t *uses = calloc(nv ? nv : 1, sizeof *uses);
    const pcast_cast_entry **entries = calloc(n ? n : 1, sizeof *entries);
    if (!c || !uses || !entries || !(c->items = calloc(n ? n : 1, sizeof *c->items))) {
        free(uses);
        free(entries);
        pcast_cast_free(c);
        return pc_error_nomem(err);
    }
    c->count = n;
    pcast_status st = PCAST_OK;
    /* pinned voices first, so automatic ones avoid them */
    for (size_t i = 0; i < n && !st; i++) {
        const pcast_speaker *sp = pcast_post_speaker(post, i);
        pcast_casting *k = &c->items[i];
        k->speaker = sp->name;
        const pcast_cast_entry *e =
            find_entry(post->file_cast, post->file_cast_count, sp);
        k->source = PCAST_CAST_FILE;
        if (!e) {
            e = find_entry(post->front.cast, post->front.cast_count, sp);
            k->source = PCAST_CAST_FRONT_MATTER;
        }
        if (!e)
            k->source = PCAST_CAST_AUTOMATIC;
        entries[i] = e;
        const char *want = e && e->preset ? e->preset : sp->narrator ? "narrator" : NULL;
        if (!want)
            continue;
        k->voice = pcast_voices_find(voices, want);
        if (!k->voice) {
            st = pc_error_set(err, PCAST_ERR_VOICE, e ? e->file : NULL, e ? e->line : 0,
                              e ? e->column : 0, "no voice preset named '%s' (see postcast voices)",
                              want);
            break;
        }
        uses[k->voice - pcast_voices_get(voices, 0)]++;
    }
    /* the palette: every preset but the narrator's, in name order; a
     * gender asked for in the cast, or told by a common first name,
     * narrows the choice */
    for (size_t i = 0; i < n && !st; i++) {
        pcast_casting *k = &c->items[i];
        if (!k->voice) {
            const char *gender = entries[i] ? entries[i]->gender : NULL;
            bool guessed = !gender;
            if (!gender)
                gender = pc_guess_gender(k->speaker);
            size_t best = SIZE_MAX, any = SIZE_MAX;
            for (int pass = 0; pass < 2 && best == SIZE_MAX; pass++) {
                for (size_t j = 0; j < nv; j++) {
                    const pcast_voice *v = pcast_voices_get(voices, j);
                    if (!strcmp(v->name, "narrator"))
                        continue;
                    if (any == SIZE_MAX || uses[j] < uses[any])
                        any = j;
                    if (pass == 0 && gender && strcmp(v->gender, gender))
                        continue;
                    if (best == SIZE_MAX || uses[j] < uses[best])
                        best = j;
                }
                /* a guess gives way to a voice nobody else has yet */
                if (guessed && best != SIZE_MAX && any != SIZE_MAX && uses[any] < uses[best])
                    best = any;
            }
            if (best == SIZE_MAX)
                best = (size_t)(pcast_voices_find(voices, "narrator") - pcast_voices_get(voices, 0));
            k->voice = pcast_voices_get(voices, best);
            uses[best]++;
        }
        k->preset = k->voice->name;
        k->settings = k->voice->settings;
        apply(&k->settings, entries[i]);
    }
    free(uses);
    free(entries);
    if (st) {
        pcast_cast_free(c);
        return st;
    }
    *out = c;
    return PCAST_OK;
}

void pcast_cast_free(pcast_cast *c)
{
    if (!c)
        return;
    free(c->items);
    free(c);
}

const pcast_casting *pcast_cast_get(const pcast_cast *c, size_t i)
{
    return i < c->count ? &c->items[i] : NULL;
}

pcast_status pc_cast_single(const pcast_voice *voice, pcast_cast **out, pcast_error *err)
{
    *out = NULL;
    pcast_cast *c = calloc(1, sizeof *c);
    if (!c || !(c->items = calloc(1, sizeof *c->items))) {
        free(c);
        return pc_error_nomem(err);
    }
    c->count = 1;
    c->items[0].speaker = voice->name;
    c->items[0].preset = voice->name;
    c->items[0].source = PCAST_CAST_AUTOMATIC;
    c->items[0].voice = voice;
    c->items[0].settings = voice->settings;
    *out = c;
    return PCAST_OK;
}
