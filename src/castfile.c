/* castfile: `cast:` mappings (speaker: voice), from front matter or a
 * --cast file. */
#include "castfile.h"

#include "engine.h"
#include "error.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The first control character, DEL or bidi control in s (what speaker
 * names lose where the post's labels become speakers), or 0: an entry
 * naming "Ann\e[31m" matched no speaker and its voice was not given. */
static unsigned control_in(const char *s)
{
    for (size_t i = 0, n = strlen(s), k; i < n; i += k ? k : 1) {
        unsigned cp;
        if ((k = pc_utf8_decode(s + i, n - i, &cp)) && pc_speech_clean_class(cp) == 1)
            return cp;
    }
    return 0;
}

static pcast_status control_at(pcast_error *err, const char *file, unsigned long off,
                               const yaml_node_t *n, unsigned cp)
{
    char what[80];
    snprintf(what, sizeof what, "cast: a speaker's name holds a control character (U+%04X)", cp);
    return at(err, file, off, n, "%s", what);
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
        if (control_in((const char *)kn->data.scalar.value))
            return control_at(err, file, off, kn, control_in((const char *)kn->data.scalar.value));
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
            e->preset_line = off + vn->start_mark.line;
            e->preset_column = vn->start_mark.column + 1;
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
                    e->preset_line = off + v2->start_mark.line;
                    e->preset_column = v2->start_mark.column + 1;
                } else if (!strcmp(k, "name")) {
                    if (!sv || !*sv || strlen(sv) > 200)
                        return at(err, file, off, v2, "cast: bad value for key '%s' (the speaker's name)", k);
                    if (control_in(sv))
                        return control_at(err, file, off, v2, control_in(sv));
                    if (!(e->name = pc_arena_strdup(a, sv)))
                        return pc_error_nomem(err);
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
                              "cast: unknown key '%s' (expected preset, variant, gender, pitch, range, rate, name)", k);
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

pcast_status pc_cast_file_load(const char *path, pc_arena *arena, pcast_cast_entry **out,
                               size_t *count, pcast_error *err)
{
    char *text;
    size_t size;
    pcast_status st = pc_read_file(path, &text, &size, err);
    if (st)
        return st;
    const char *file = pc_arena_strdup(arena, path);
    yaml_document_t doc;
    st = file ? pc_yaml_load(&doc, path, text, size, 1, PCAST_ERR_VOICE, "cast file", err)
              : pc_error_nomem(err);
    free(text);
    if (st)
        return st;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top; q++) {
            yaml_node_t *k = yaml_document_get_node(&doc, q->key);
            if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, "cast")) {
                root = yaml_document_get_node(&doc, q->value);
                break;
            }
        }
    }
    if (root)
        st = pc_cast_parse_yaml(&doc, root, arena, file, 1, out, count, err);
    else /* nothing, or comments: a FIFO no one writes to reads so too */
        st = pc_error_set(err, PCAST_ERR_VOICE, file, 1, 1,
                          "the cast file is empty (expected a mapping of speaker: voice)");
    yaml_document_delete(&doc);
    return st;
}

