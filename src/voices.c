/* voices: presets in voices/NAME.yaml. Names come from file names, which
 * are checked against a safe alphabet; a preset is only ever looked up by
 * name among the loaded ones, never opened by a path from a post. */
#include "buf.h"
#include "castfile.h"
#include "error.h"
#include "source.h"
#include "yamldoc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct pcast_voices {
    pc_arena arena;
    pcast_voice *items;
    size_t count, cap;
};

const char *pcast_voices_builtin_dir(void)
{
    const char *env = getenv("POSTCAST_VOICES_DIR");
    struct stat st;
    if (env && *env)
        return env;
    if (stat(POSTCAST_VOICES_DIR, &st) == 0 && S_ISDIR(st.st_mode))
        return POSTCAST_VOICES_DIR;
    return POSTCAST_SOURCE_VOICES_DIR;
}

static pcast_status bad(pcast_error *err, const char *file, const yaml_node_t *n, const char *fmt,
                        const char *key)
{
    return pc_error_set(err, PCAST_ERR_VOICE, file, n ? n->start_mark.line + 1 : 0,
                        n ? n->start_mark.column + 1 : 0, fmt, key);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool int_in(const char *s, int lo, int hi, int *out)
{
    if (!s || !*s)
        return false;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* Reads variant/pitch/range/rate keys; other keys are left to the caller
 * (returns 1 for "not mine"). */
static int settings_key(pcast_voices *v, const char *file, const char *k, yaml_node_t *vn,
                        pcast_voice_settings *s, pcast_error *err, pcast_status *st)
{
    const char *val = scalar(vn);
    if (!strcmp(k, "variant")) {
        if (!val || !pc_preset_name_ok(val)) {
            *st = bad(err, file, vn, "bad value for key '%s' (an espeak-ng variant such as m3 or f2)", k);
            return 0;
        }
        if (!(s->variant = pc_arena_strdup(&v->arena, val)))
            *st = pc_error_nomem(err);
        return 0;
    }
    if (!strcmp(k, "syllables_per_second")) {
        char *end;
        double sps = val ? strtod(val, &end) : 0;
        if (!val || !*val || *end || !(sps >= 2.0 && sps <= 8.0))
            *st = bad(err, file, vn, "bad value for key '%s' (2-8 Mandarin syllables a second)", k);
        else
            s->syllables_per_second = sps;
        return 0;
    }
    if (!strcmp(k, "pan")) {
        char *end;
        double pan = val ? strtod(val, &end) : 0;
        if (!val || !*val || *end || !(pan >= -1.0 && pan <= 1.0))
            *st = bad(err, file, vn, "bad value for key '%s' (-1 left .. 1 right)", k);
        else
            s->pan = pan;
        return 0;
    }
    int *slot = !strcmp(k, "pitch") ? &s->pitch : !strcmp(k, "range") ? &s->range
              : !strcmp(k, "rate") ? &s->rate : NULL;
    if (!slot)
        return 1;
    bool rate = slot == &s->rate;
    if (!int_in(val, rate ? 80 : 0, rate ? 450 : 100, slot))
        *st = bad(err, file, vn, rate ? "bad value for key '%s' (80-450 words a minute)"
                                      : "bad value for key '%s' (0-100)", k);
    return 0;
}

/* The `languages:` mapping (language code: settings) at vn, appended to
 * *langs (malloc'd, grown; the caller frees it). */
static pcast_status read_languages(pcast_voices *v, yaml_document_t *doc, const char *path,
                                   const char *k, yaml_node_t *vn, pcast_voice_lang **langs,
                                   size_t *nlang, size_t *lang_cap, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    for (yaml_node_pair_t *q = vn->data.mapping.pairs.start; q < vn->data.mapping.pairs.top && !st;
         q++) {
        yaml_node_t *ln = yaml_document_get_node(doc, q->key);
        yaml_node_t *sn = yaml_document_get_node(doc, q->value);
        if (!scalar(ln) || !pc_preset_name_ok(scalar(ln)) || sn->type != YAML_MAPPING_NODE) {
            st = bad(err, path, ln, "key '%s' must map a language code to settings", k);
            break;
        }
        if (!pc_grow((void **)langs, lang_cap, *nlang, sizeof **langs)) {
            st = pc_error_nomem(err);
            break;
        }
        pcast_voice_lang *l = &(*langs)[(*nlang)++];
        l->lang = pc_arena_strdup(&v->arena, scalar(ln));
        if (!l->lang) {
            st = pc_error_nomem(err);
            break;
        }
        l->settings.variant = NULL;
        l->settings.syllables_per_second = 0;
        l->settings.pitch = l->settings.range = l->settings.rate = -1;
        for (yaml_node_pair_t *r = sn->data.mapping.pairs.start; r < sn->data.mapping.pairs.top && !st;
             r++) {
            yaml_node_t *k3 = yaml_document_get_node(doc, r->key);
            const char *kk = scalar(k3) ? scalar(k3) : "";
            if (settings_key(v, path, kk, yaml_document_get_node(doc, r->value), &l->settings,
                             err, &st))
                st = bad(err, path, k3, "unknown key '%s' in languages (expected variant, pitch, range, rate, syllables_per_second)", kk);
        }
    }
    return st;
}

static pcast_status load_file(pcast_voices *v, const char *path, const char *name, pcast_error *err)
{
    char *text;
    size_t size;
    pcast_error read_err;
    pcast_status st = pc_read_file(path, &text, &size, &read_err);
    if (st) /* as a voice error; the message is copied, not formatted into itself */
        return pc_error_set(err, PCAST_ERR_VOICE, path, 0, 0, "%s", read_err.message);
    yaml_document_t doc;
    st = pc_yaml_load(&doc, path, text, size, 1, PCAST_ERR_VOICE, "voice preset", err);
    free(text);
    if (st)
        return st;

    pcast_voice p;
    memset(&p, 0, sizeof p);
    p.settings.pitch = p.settings.range = p.settings.rate = -1;
    pcast_voice_lang *langs = NULL;
    size_t nlang = 0, lang_cap = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        st = bad(err, path, root, "a preset must be a mapping of keys (variant, pitch, ...)%s", "");
        goto done;
    }
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top && !st;
         pr++) {
        yaml_node_t *kn = yaml_document_get_node(&doc, pr->key);
        yaml_node_t *vn = yaml_document_get_node(&doc, pr->value);
        const char *k = scalar(kn) ? scalar(kn) : "";
        const char *val = scalar(vn);
        if (!settings_key(v, path, k, vn, &p.settings, err, &st))
            continue;
        if (!strcmp(k, "name")) {
            if (!val || strcmp(val, name))
                st = bad(err, path, vn, "key '%s' must match the file name", k);
        } else if (!strcmp(k, "description")) {
            if (!val || !(p.description = pc_arena_strdup(&v->arena, val)))
                st = val ? pc_error_nomem(err) : bad(err, path, vn, "bad value for key '%s' (a string)", k);
        } else if (!strcmp(k, "gender")) {
            if (!val || (strcmp(val, "male") && strcmp(val, "female")))
                st = bad(err, path, vn, "bad value for key '%s' (male or female)", k);
            else
                p.gender = !strcmp(val, "male") ? "male" : "female";
        } else if (!strcmp(k, "languages")) {
            if (vn->type != YAML_MAPPING_NODE) {
                st = bad(err, path, vn, "key '%s' must map a language to settings", k);
                continue;
            }
            st = read_languages(v, &doc, path, k, vn, &langs, &nlang, &lang_cap, err);
        } else {
            st = bad(err, path, kn,
                     "unknown key '%s' (expected name, description, gender, variant, pitch, range, rate, pan, languages)", k);
        }
    }
    if (st)
        goto done;
    static const char *const required[] = {"variant", "pitch", "range", "rate"};
    const bool have[] = {p.settings.variant != NULL, p.settings.pitch >= 0, p.settings.range >= 0,
                         p.settings.rate >= 0};
    for (size_t i = 0; i < 4; i++)
        if (!have[i]) {
            st = bad(err, path, root, "missing key '%s'", required[i]);
            goto done;
        }
    p.name = pc_arena_strdup(&v->arena, name);
    p.file = pc_arena_strdup(&v->arena, path);
    if (!p.description)
        p.description = "";
    if (!p.gender)
        p.gender = p.settings.variant[0] == 'f' ? "female" : "male";
    if (nlang) {
        size_t bytes = nlang * sizeof *langs;
        pcast_voice_lang *copy = pc_arena_alloc(&v->arena, bytes);
        if (copy)
            memcpy(copy, langs, bytes);
        p.languages = copy;
        p.language_count = nlang;
    }
    if (!p.name || !p.file || (nlang && !p.languages)) {
        st = pc_error_nomem(err);
        goto done;
    }
    /* replace a preset of the same name, else insert in name order */
    size_t i = 0;
    while (i < v->count && strcmp(v->items[i].name, name) < 0)
        i++;
    if (i < v->count && !strcmp(v->items[i].name, name)) {
        v->items[i] = p;
    } else {
        if (!pc_grow((void **)&v->items, &v->cap, v->count, sizeof *v->items)) {
            st = pc_error_nomem(err);
            goto done;
        }
        memmove(&v->items[i + 1], &v->items[i], (v->count - i) * sizeof *v->items);
        v->items[i] = p;
        v->count++;
    }
done:
    free(langs);
    yaml_document_delete(&doc);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static pcast_status load_dir(pcast_voices *v, const char *dir, pcast_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return pc_error_set(err, PCAST_ERR_VOICE, dir, 0, 0,
                            "cannot open the voices directory: %s (--voices takes a folder of "
                            "NAME.yaml presets)", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    pcast_status st = PCAST_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0 || e->d_name[0] == '.')
            continue;
        if (!pc_grow((void **)&names, &cap, n, sizeof *names) || !(names[n] = strdup(e->d_name))) {
            st = pc_error_nomem(err);
            break;
        }
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !st; i++) {
        char stem[128];
        size_t len = strlen(names[i]) - 5;
        if (len >= sizeof stem)
            len = sizeof stem - 1;
        memcpy(stem, names[i], len);
        stem[len] = '\0';
        pc_buf path = {0};
        if (!pc_buf_printf(&path, "%s/%s", dir, names[i])) {
            st = pc_error_nomem(err);
        } else if (!pc_preset_name_ok(stem)) {
            st = pc_error_set(err, PCAST_ERR_VOICE, path.data, 0, 0,
                              "a preset's file name must use letters, digits, - and _");
        } else {
            st = load_file(v, path.data, stem, err);
        }
        pc_buf_free(&path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

pcast_status pcast_voices_load(const char *const *dirs, size_t ndirs, pcast_voices **out,
                               pcast_error *err)
{
    *out = NULL;
    pcast_voices *v = calloc(1, sizeof *v);
    if (!v)
        return pc_error_nomem(err);
    pcast_status st = load_dir(v, pcast_voices_builtin_dir(), err);
    for (size_t i = 0; i < ndirs && !st; i++)
        st = load_dir(v, dirs[i], err);
    if (!st && !pcast_voices_find(v, "narrator"))
        st = pc_error_set(err, PCAST_ERR_VOICE, pcast_voices_builtin_dir(), 0, 0,
                          "no 'narrator' preset found");
    if (st) {
        pcast_voices_free(v);
        return st;
    }
    *out = v;
    return PCAST_OK;
}

void pcast_voices_free(pcast_voices *v)
{
    if (!v)
        return;
    free(v->items);
    pc_arena_free(&v->arena);
    free(v);
}

size_t pcast_voices_count(const pcast_voices *v) { return v->count; }

const pcast_voice *pcast_voices_get(const pcast_voices *v, size_t i)
{
    return i < v->count ? &v->items[i] : NULL;
}

const pcast_voice *pcast_voices_find(const pcast_voices *v, const char *name)
{
    for (size_t i = 0; i < v->count; i++)
        if (!strcmp(v->items[i].name, name))
            return &v->items[i];
    return NULL;
}
