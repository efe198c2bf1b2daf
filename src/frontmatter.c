/* frontmatter: the YAML between the --- lines, read with libyaml's
 * document loader. Aliases stay references in the node graph (nothing is
 * expanded), and only the keys we know are visited, each to a fixed
 * depth, so alias bombs cost neither time nor memory. */
#include "frontmatter.h"
#include "toml.h"

#include "castfile.h"
#include "doc.h"
#include "error.h"
#include "lexicon.h"
#include "yamldoc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static pcast_status yaml_error_at(pcast_error *err, const pc_source *src, const yaml_node_t *node,
                                  const char *what)
{
    return pc_error_set(err, PCAST_ERR_INPUT, src->name,
                        src->front_line + node->start_mark.line, node->start_mark.column + 1,
                        "front matter: %s", what);
}

static const char *scalar(const yaml_node_t *node)
{
    return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* Trimmed copy of a scalar into the arena; NULL for an empty value. */
static char *scalar_dup(pc_arena *a, const char *s, bool *nomem)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    char *p = pc_arena_strndup(a, s, n);
    if (!p)
        *nomem = true;
    return p;
}

static bool add_tag(pc_front *f, pc_arena *a, const char *s, size_t n, size_t *cap)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return true;
    if (!pc_grow((void **)&f->tags, cap, f->tag_count, sizeof *f->tags))
        return false;
    f->tags[f->tag_count] = pc_arena_strndup(a, s, n);
    return f->tags[f->tag_count++] != NULL;
}

/* categories/tags: a list of scalars (or of mappings with a name, as
 * Ghost writes them), or one string split on commas (or on blanks when
 * it has no comma, as Jekyll does). */
static pcast_status read_tags(pc_front *f, pc_arena *a, yaml_document_t *doc, yaml_node_t *v,
                              const pc_source *src, size_t *cap, pcast_error *err)
{
    if (v->type == YAML_SCALAR_NODE) {
        const char *s = scalar(v);
        bool comma = strchr(s, ',') != NULL;
        while (*s) {
            size_t n = comma ? strcspn(s, ",") : strcspn(s, " \t");
            if (!add_tag(f, a, s, n, cap))
                return pc_error_nomem(err);
            s += n;
            if (*s)
                s++;
        }
        return PCAST_OK;
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return yaml_error_at(err, src, v, "categories/tags must be a list or a string");
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        const char *s = scalar(item);
        yaml_node_pair_t *p = item && item->type == YAML_MAPPING_NODE ? item->data.mapping.pairs.start : NULL;
        for (; p && !s && p < item->data.mapping.pairs.top; p++) { /* Ghost: {name, slug} */
            const char *k = scalar(yaml_document_get_node(doc, p->key));
            if (k && !strcmp(k, "name"))
                s = scalar(yaml_document_get_node(doc, p->value));
        }
        if (!s)
            return yaml_error_at(err, src, item, "each category/tag must be a string, or a mapping with a name");
        if (!add_tag(f, a, s, strlen(s), cap))
            return pc_error_nomem(err);
    }
    return PCAST_OK;
}

/* Reads a number of seconds (e.g. "0.4") as milliseconds, or -1. */
static int parse_seconds_ms(const char *s)
{
    if (!s || !*s)
        return -1;
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end == 's')
        end++;
    if (*end || !(v >= 0.0) || v > 600.0)
        return -1;
    return (int)(v * 1000.0 + 0.5);
}

static pcast_status read_pauses(pc_front *f, yaml_document_t *doc, yaml_node_t *v,
                                const pc_source *src, pcast_error *err)
{
    if (v->type != YAML_MAPPING_NODE)
        return yaml_error_at(err, src, v, "pauses must be a mapping of boundary: seconds");
    f->pauses_at.line = src->front_line + v->start_mark.line;
    f->pauses_at.column = v->start_mark.column + 1;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(doc, p->key);
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        const char *k = scalar(kn);
        if (!k)
            continue;
        int ms = parse_seconds_ms(scalar(vn));
        int *slot = NULL;
        if (!strcmp(k, "run"))
            slot = &f->pauses.run_ms;
        else if (!strcmp(k, "sentence"))
            slot = &f->pauses.sentence_ms;
        else if (!strcmp(k, "paragraph"))
            slot = &f->pauses.paragraph_ms;
        else if (!strcmp(k, "turn"))
            slot = &f->pauses.turn_ms;
        else if (!strcmp(k, "section_before") || !strcmp(k, "section"))
            slot = &f->pauses.section_before_ms;
        else if (!strcmp(k, "section_after"))
            slot = &f->pauses.section_after_ms;
        else if (!strcmp(k, "breath"))
            slot = &f->pauses.breath_ms;
        else if (!strcmp(k, "comma"))
            slot = &f->pauses.comma_ms;
        else
            return yaml_error_at(err, src, kn,
                                 "unknown pause (expected run, sentence, paragraph, turn, "
                                 "section, section_before, section_after, breath or comma)");
        if (ms < 0)
            return yaml_error_at(err, src, vn, "a pause must be a number of seconds (0-600)");
        *slot = ms;
    }
    return PCAST_OK;
}

/* A number, optionally followed by unit ("dB", "s"). */
static bool parse_number(const char *s, const char *unit, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return false;
    while (*end == ' ')
        end++;
    if (unit && !strncasecmp(end, unit, strlen(unit)))
        end += strlen(unit);
    *out = v;
    return !*end && isfinite(v);
}

/* A music file: relative to the post's directory; where it was given. */
static pcast_status music_path(pc_front *f, pc_arena *a, const pc_source *src, yaml_node_t *vn,
                               int which, pcast_error *err)
{
    const char *s = scalar(vn);
    if (!s)
        return yaml_error_at(err, src, vn, "a music file must be a path");
    /* "", ~ and null: no music there */
    if (!*s || (vn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                (!strcmp(s, "~") || !strcasecmp(s, "null"))))
        return PCAST_OK;
    const char *slash = strrchr(src->name, '/');
    pc_buf b = {0};
    bool ok = s[0] == '/' || !slash ? pc_buf_puts(&b, s)
                                    : pc_buf_append(&b, src->name, (size_t)(slash - src->name + 1)) &&
                                          pc_buf_puts(&b, s);
    char *path = ok ? pc_arena_strdup(a, b.data) : NULL;
    pc_buf_free(&b);
    if (!path)
        return pc_error_nomem(err);
    const char **slot = which == 0 ? &f->music.intro : which == 1 ? &f->music.outro : &f->music.bed;
    *slot = path;
    f->music.origin[which] = (pcast_music_origin){src->name, src->front_line + vn->start_mark.line,
                                                  vn->start_mark.column + 1};
    return PCAST_OK;
}

/* music: a file for intro and outro, or a mapping of intro, outro, bed,
 * under, volume, bed_volume, duck, fade and overlap. */
static pcast_status read_music(pc_front *f, pc_arena *a, yaml_document_t *doc, yaml_node_t *v,
                               const pc_source *src, pcast_error *err)
{
    pcast_status st;
    if (v->type == YAML_SCALAR_NODE) {
        if ((st = music_path(f, a, src, v, 0, err)))
            return st;
        return music_path(f, a, src, v, 1, err);
    }
    if (v->type != YAML_MAPPING_NODE)
        return yaml_error_at(err, src, v, "music must be a file or a mapping (intro, outro, bed, ...)");
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(doc, p->key);
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        const char *k = scalar(kn), *val = scalar(vn);
        if (!k || !vn)
            continue;
        double *num = NULL, lo = 0, hi = 60;
        const char *unit = "s";
        if (!strcmp(k, "intro") || !strcmp(k, "outro") || !strcmp(k, "bed")) {
            if ((st = music_path(f, a, src, vn, k[0] == 'i' ? 0 : k[0] == 'o' ? 1 : 2, err)))
                return st;
            continue;
        }
        if (!strcmp(k, "under")) {
            if (!val || (strcmp(val, "narrator") && strcmp(val, "all")))
                return yaml_error_at(err, src, vn, "music under: narrator or all");
            f->music.bed_under_all = !strcmp(val, "all");
            continue;
        }
        if (!strcmp(k, "volume") || !strcmp(k, "bed_volume")) {
            num = k[0] == 'v' ? &f->music.volume_db : &f->music.bed_volume_db;
            lo = -60, hi = 20, unit = "dB";
        } else if (!strcmp(k, "duck")) {
            num = &f->music.duck_db;
            unit = "dB";
        } else if (!strcmp(k, "fade")) {
            num = &f->music.fade_s;
        } else if (!strcmp(k, "overlap")) {
            num = &f->music.overlap_s;
        } else {
            return yaml_error_at(err, src, kn,
                                 "unknown music key (expected intro, outro, bed, under, volume, "
                                 "bed_volume, duck, fade or overlap)");
        }
        double x;
        if (!parse_number(val, unit, &x) || x < lo || x > hi) {
            char msg[96];
            snprintf(msg, sizeof msg, "music %s must be a number from %g to %g%s%s", k, lo, hi,
                     *unit == 's' ? " seconds" : " ", *unit == 's' ? "" : unit);
            return yaml_error_at(err, src, vn, msg);
        }
        *num = x;
    }
    return PCAST_OK;
}

static void pauses_unset(pcast_pauses *p)
{
    p->run_ms = p->sentence_ms = p->paragraph_ms = p->turn_ms = -1;
    p->section_before_ms = p->section_after_ms = -1;
    p->breath_ms = p->comma_ms = -1;
}

/* The podcast keys' slots (a value that is not a plain string is left
 * out, not refused: themes give author and image other shapes). */
static char **podcast_key(pc_front *f, const char *k, size_t *at)
{
    static const char *const keys[] = {"image", "author", "podcast", "show", "episode", "season",
                                       "episode_type", "explicit", "copyright", "url"};
    static const size_t ats[] = {0, 1, 2, 2, 3, 4, 5, 6, 7, 8}; /* podcast: and show: are one */
    char **slots[] = {&f->image, &f->author, &f->show, &f->show, &f->episode, &f->season,
                      &f->episode_type, &f->advisory, &f->copyright, &f->url};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(k, keys[i])) {
            *at = ats[i];
            return slots[i];
        }
    return NULL;
}

bool pc_front_key_at(const pc_front *f, const char *key, unsigned long *line, unsigned long *column)
{
    static const char *const keys[] = PC_FRONT_PODCAST_KEYS;
    *line = *column = 0;
    for (size_t i = 0; key && i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(key, keys[i])) {
            *line = f->podcast_at[i].line;
            *column = f->podcast_at[i].column;
        }
    if (key && !strcmp(key, "pauses"))
        *line = f->pauses_at.line, *column = f->pauses_at.column;
    return *line != 0;
}

pcast_status pc_front_parse(pc_front *f, pc_arena *a, const pc_source *src, pcast_error *err)
{
    memset(f, 0, sizeof *f);
    pauses_unset(&f->pauses);
    f->music = pcast_music_default();
    if (!src->front || !src->front_size)
        return PCAST_OK;

    yaml_document_t doc;
    pcast_status st =
        src->front_toml
            ? pc_toml_load(&doc, src->name, src->front, src->front_size, src->front_line, NULL, err)
            : pc_yaml_load(&doc, src->name, src->front, src->front_size, src->front_line,
                           PCAST_ERR_INPUT, "front matter", err);
    if (st)
        return st;
    bool nomem = false;
    size_t tag_cap = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || (root->type == YAML_SCALAR_NODE && !*scalar(root)))
        goto done;
    if (root->type != YAML_MAPPING_NODE) {
        st = yaml_error_at(err, src, root, "expected a mapping of keys (title: ..., date: ...)");
        goto done;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = yaml_document_get_node(&doc, p->key);
        yaml_node_t *vn = yaml_document_get_node(&doc, p->value);
        const char *k = scalar(kn);
        if (!k || !vn)
            continue;
        char **slot = NULL;
        if (!strcmp(k, "title"))
            slot = &f->title;
        else if (!strcmp(k, "date"))
            slot = &f->date;
        else if (!strcmp(k, "lang") || !strcmp(k, "language"))
            slot = &f->lang;
        else if (!strcmp(k, "description"))
            slot = &f->description;
        else if (!strcmp(k, "interviewer") || !strcmp(k, "host"))
            slot = &f->interviewer;
        else if (!strcmp(k, "guest"))
            slot = &f->guest;
        size_t at;
        char **soft = podcast_key(f, k, &at);
        if (soft) {
            const char *s = scalar(vn);
            if (s) {
                *soft = scalar_dup(a, s, &nomem);
                f->podcast_at[at].line = src->front_line + vn->start_mark.line;
                f->podcast_at[at].column = vn->start_mark.column + 1;
            }
        } else if (slot) {
            const char *s = scalar(vn);
            if (!s) {
                st = yaml_error_at(err, src, vn, "expected a plain string value");
                goto done;
            }
            *slot = scalar_dup(a, s, &nomem);
            /* a title or description exported from WordPress, or written
             * for Jekyll, which puts it into HTML as it is, is HTML text
             * ("Don&#8217;t Stop: Q&amp;A" shows as Don’t Stop: Q&A): the
             * episode's speech, tags, chapters, feed and pages want its
             * characters */
            if (*slot && (slot == &f->title || slot == &f->description)) {
                char *text = pc_text_decode_refs(*slot, strlen(*slot));
                *slot = text ? pc_arena_strdup(a, text) : NULL;
                nomem |= !*slot;
                free(text);
            }
        } else if (!strcmp(k, "categories") || !strcmp(k, "tags")) {
            if ((st = read_tags(f, a, &doc, vn, src, &tag_cap, err)))
                goto done;
        } else if (!strcmp(k, "cast")) {
            if ((st = pc_cast_parse_yaml(&doc, vn, a, src->name, src->front_line, &f->cast,
                                         &f->cast_count, err)))
                goto done;
        } else if (!strcmp(k, "pauses")) {
            if ((st = read_pauses(f, &doc, vn, src, err)))
                goto done;
        } else if (!strcmp(k, "music")) {
            if ((st = read_music(f, a, &doc, vn, src, err)))
                goto done;
        } else if (!strcmp(k, "pronounce")) {
            if (!f->pronounce && !(f->pronounce = pc_lexicon_new())) {
                st = pc_error_nomem(err);
                goto done;
            }
            if ((st = pc_lexicon_load_yaml_node(f->pronounce, &doc, vn, src->name,
                                                src->front_line - 1, err)))
                goto done;
        }
        if (nomem) {
            st = pc_error_nomem(err);
            goto done;
        }
    }
done:
    yaml_document_delete(&doc);
    return st;
}

void pc_front_free(pc_front *f)
{
    free(f->tags);
    free(f->cast);
    pc_lexicon_free(f->pronounce);
    memset(f, 0, sizeof *f);
}
