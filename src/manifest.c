/* manifest: the records a site build keeps. episode.json, beside each
 * episode's audio, says what the feed and pages need (title, duration,
 * files and their sizes, chapters, people) and the hash of everything the
 * audio came from; manifest.json, at the output's top, lists the files
 * each episode owns so that a removed post's files can be removed. Both
 * are JSON through jansson; the hash is SHA-256 by nettle. */
#include "site.h"

#include <jansson.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pc_hasher {
    struct sha256_ctx ctx;
};

pc_hasher *pc_hasher_new(void)
{
    pc_hasher *h = malloc(sizeof *h);
    if (h)
        sha256_init(&h->ctx);
    return h;
}

void pc_hasher_add(pc_hasher *h, const void *data, size_t n)
{
    sha256_update(&h->ctx, n, data);
}

void pc_hasher_add_str(pc_hasher *h, const char *label, const char *s)
{
    char head[64];
    size_t n = s ? strlen(s) : 0;
    int len = snprintf(head, sizeof head, "%s:%zu%s:", label, n, s ? "" : "null");
    if (len > 0)
        pc_hasher_add(h, head, (size_t)len < sizeof head ? (size_t)len : sizeof head - 1);
    if (s)
        pc_hasher_add(h, s, n);
}

void pc_hasher_finish(pc_hasher *h, char out[65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof d, d);
    free(h);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

void pc_episode_clear(pc_episode *ep)
{
    char **strs[] = {&ep->slug, &ep->hash, &ep->title, &ep->description, &ep->date,
                     &ep->lang, &ep->guid, &ep->episode_type};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        free(*strs[i]);
    for (size_t i = 0; i < ep->media_count; i++) {
        free(ep->media[i].file);
        free(ep->media[i].type);
        free(ep->media[i].format);
    }
    free(ep->media);
    for (size_t i = 0; i < ep->sidecar_count; i++)
        free(ep->sidecars[i]);
    free(ep->sidecars);
    for (size_t i = 0; i < ep->person_count; i++)
        free(ep->people[i].name);
    free(ep->people);
    for (size_t i = 0; i < ep->chapter_count; i++)
        free(ep->chapters[i].title);
    free(ep->chapters);
    memset(ep, 0, sizeof *ep);
    ep->episode = ep->season = -1;
    ep->explicit_content = -1;
}

const char *pc_episode_sidecar(const pc_episode *ep, const char *suffix)
{
    size_t sn = strlen(suffix);
    for (size_t i = 0; i < ep->sidecar_count; i++) {
        size_t n = strlen(ep->sidecars[i]);
        if (n >= sn && !strcmp(ep->sidecars[i] + n - sn, suffix))
            return ep->sidecars[i];
    }
    return NULL;
}

static int set_str(json_t *o, const char *key, const char *v)
{
    return v ? json_object_set_new(o, key, json_string(v)) : 0;
}

static json_t *episode_json(const pc_episode *ep)
{
    json_t *o = json_object(), *media = json_array(), *side = json_array(),
           *people = json_array(), *chapters = json_array();
    int bad = !o || !media || !side || !people || !chapters;
    bad |= json_object_set_new(o, "postcast_episode", json_integer(1));
    bad |= set_str(o, "slug", ep->slug) | set_str(o, "hash", ep->hash);
    bad |= set_str(o, "title", ep->title) | set_str(o, "description", ep->description);
    bad |= set_str(o, "date", ep->date) | set_str(o, "lang", ep->lang);
    bad |= set_str(o, "guid", ep->guid) | set_str(o, "episode_type", ep->episode_type);
    if (ep->episode >= 0)
        bad |= json_object_set_new(o, "episode", json_integer(ep->episode));
    if (ep->season >= 0)
        bad |= json_object_set_new(o, "season", json_integer(ep->season));
    if (ep->explicit_content >= 0)
        bad |= json_object_set_new(o, "explicit", json_boolean(ep->explicit_content));
    bad |= json_object_set_new(o, "duration_s", json_real(ep->duration_s));
    for (size_t i = 0; i < ep->media_count && !bad; i++)
        bad |= json_array_append_new(
            media, json_pack("{s:s,s:s,s:s,s:I}", "file", ep->media[i].file, "type",
                             ep->media[i].type, "format", ep->media[i].format, "bytes",
                             (json_int_t)ep->media[i].bytes));
    for (size_t i = 0; i < ep->sidecar_count && !bad; i++)
        bad |= json_array_append_new(side, json_string(ep->sidecars[i]));
    for (size_t i = 0; i < ep->person_count && !bad; i++)
        bad |= json_array_append_new(people, json_pack("{s:s,s:s}", "name", ep->people[i].name,
                                                       "role", ep->people[i].host ? "host" : "guest"));
    for (size_t i = 0; i < ep->chapter_count && !bad; i++)
        bad |= json_array_append_new(chapters, json_pack("{s:f,s:s}", "start_s",
                                                         ep->chapters[i].start_s, "title",
                                                         ep->chapters[i].title));
    if (!bad) {
        bad |= json_object_set(o, "media", media) | json_object_set(o, "sidecars", side);
        bad |= json_object_set(o, "people", people) | json_object_set(o, "chapters", chapters);
    }
    json_decref(media);
    json_decref(side);
    json_decref(people);
    json_decref(chapters);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static pcast_status save_json(json_t *o, const char *path, pcast_error *err)
{
    char *text = o ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!text)
        return pc_error_nomem(err);
    size_t n = strlen(text);
    char *nl = realloc(text, n + 2);
    if (!nl) {
        free(text);
        return pc_error_nomem(err);
    }
    nl[n] = '\n';
    nl[n + 1] = '\0';
    pcast_status s = pc_file_write(path, nl, n + 1, err);
    free(nl);
    return s;
}

pcast_status pc_episode_save(const pc_episode *ep, const char *path, pcast_error *err)
{
    return save_json(episode_json(ep), path, err);
}

static char *get_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? strdup(s) : NULL;
}

/* Whether s names a file in the episode's folder: no '/', not "." or
 * "..". A record comes back from a job's host; one naming
 * "../../x.vtt" had its pages read a file outside OUT. */
static bool plain_name(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static bool load_arrays(pc_episode *ep, json_t *o)
{
    json_t *media = json_object_get(o, "media"), *side = json_object_get(o, "sidecars"),
           *people = json_object_get(o, "people"), *chap = json_object_get(o, "chapters");
    size_t nm = json_array_size(media), ns = json_array_size(side), np = json_array_size(people),
           nc = json_array_size(chap);
    ep->media = calloc(nm + 1, sizeof *ep->media);
    ep->sidecars = calloc(ns + 1, sizeof *ep->sidecars);
    ep->people = calloc(np + 1, sizeof *ep->people);
    ep->chapters = calloc(nc + 1, sizeof *ep->chapters);
    if (!ep->media || !ep->sidecars || !ep->people || !ep->chapters)
        return false;
    for (size_t i = 0; i < nm; i++) {
        json_t *m = json_array_get(media, i);
        pc_episode_media *d = &ep->media[ep->media_count++];
        d->file = get_str(m, "file");
        d->type = get_str(m, "type");
        d->format = get_str(m, "format");
        d->bytes = (uint64_t)json_integer_value(json_object_get(m, "bytes"));
        if (!plain_name(d->file) || !d->type || !d->format)
            return false;
    }
    for (size_t i = 0; i < ns; i++) {
        const char *f = json_string_value(json_array_get(side, i));
        if (!plain_name(f) || !(ep->sidecars[ep->sidecar_count++] = strdup(f)))
            return false;
    }
    for (size_t i = 0; i < np; i++) {
        json_t *p = json_array_get(people, i);
        pc_episode_person *d = &ep->people[ep->person_count++];
        d->name = get_str(p, "name");
        const char *role = json_string_value(json_object_get(p, "role"));
        d->host = role && !strcmp(role, "host");
        if (!d->name)
            return false;
    }
    for (size_t i = 0; i < nc; i++) {
        json_t *c = json_array_get(chap, i);
        pc_episode_chapter *d = &ep->chapters[ep->chapter_count++];
        d->title = get_str(c, "title");
        d->start_s = json_number_value(json_object_get(c, "start_s"));
        if (!d->title)
            return false;
    }
    return true;
}

pcast_status pc_episode_load(pc_episode *ep, const char *path, pcast_error *err)
{
    memset(ep, 0, sizeof *ep);
    pc_episode_clear(ep);
    json_error_t je;
    json_t *o = json_load_file(path, 0, &je);
    if (!o)
        return pc_error_set(err, access(path, F_OK) == 0 ? PCAST_ERR_INPUT : PCAST_ERR_IO, path,
                            (unsigned long)(je.line > 0 ? je.line : 0), 0, "%s", je.text);
    if (json_integer_value(json_object_get(o, "postcast_episode")) != 1) {
        json_decref(o);
        return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0, "not a postcast episode record");
    }
    ep->slug = get_str(o, "slug");
    ep->hash = get_str(o, "hash");
    ep->title = get_str(o, "title");
    ep->description = get_str(o, "description");
    ep->date = get_str(o, "date");
    ep->lang = get_str(o, "lang");
    ep->guid = get_str(o, "guid");
    ep->episode_type = get_str(o, "episode_type");
    json_t *v;
    if ((v = json_object_get(o, "episode")))
        ep->episode = (long)json_integer_value(v);
    if ((v = json_object_get(o, "season")))
        ep->season = (long)json_integer_value(v);
    if ((v = json_object_get(o, "explicit")))
        ep->explicit_content = json_is_true(v);
    ep->duration_s = json_number_value(json_object_get(o, "duration_s"));
    bool ok = plain_name(ep->slug) && ep->hash && ep->title && load_arrays(ep, o) &&
              ep->media_count;
    json_decref(o);
    if (!ok) {
        pc_episode_clear(ep);
        return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0, "an incomplete episode record");
    }
    return PCAST_OK;
}

void pc_manifest_free(pc_manifest *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->entries[i].slug);
        free(m->entries[i].hash);
        for (size_t k = 0; k < m->entries[i].file_count; k++)
            free(m->entries[i].files[k]);
        free(m->entries[i].files);
    }
    free(m->entries);
    memset(m, 0, sizeof *m);
}

pcast_status pc_manifest_load(pc_manifest *m, const char *path, pcast_error *err)
{
    memset(m, 0, sizeof *m);
    if (access(path, F_OK) != 0)
        return PCAST_OK;
    json_error_t je;
    json_t *o = json_load_file(path, 0, &je);
    json_t *eps = json_object_get(o, "episodes");
    if (!o || !json_is_array(eps)) {
        json_decref(o);
        return pc_error_set(err, PCAST_ERR_INPUT, path, (unsigned long)(je.line > 0 ? je.line : 0),
                            0, "not a postcast manifest");
    }
    size_t n = json_array_size(eps);
    m->entries = calloc(n + 1, sizeof *m->entries);
    bool ok = m->entries != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        json_t *e = json_array_get(eps, i), *files = json_object_get(e, "files");
        pc_manifest_entry *d = &m->entries[m->count++];
        d->slug = get_str(e, "slug");
        d->hash = get_str(e, "hash");
        d->files = calloc(json_array_size(files) + 1, sizeof *d->files);
        ok = d->slug && d->files;
        for (size_t k = 0; ok && k < json_array_size(files); k++) {
            const char *f = json_string_value(json_array_get(files, k));
            ok = f && (d->files[d->file_count++] = strdup(f)) != NULL;
        }
    }
    json_decref(o);
    if (!ok) {
        pc_manifest_free(m);
        return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0, "a bad manifest entry");
    }
    return PCAST_OK;
}

pcast_status pc_manifest_save(const pc_manifest *m, const char *path, pcast_error *err)
{
    json_t *o = json_object(), *eps = json_array();
    int bad = !o || !eps || json_object_set_new(o, "postcast_manifest", json_integer(1));
    for (size_t i = 0; i < m->count && !bad; i++) {
        const pc_manifest_entry *e = &m->entries[i];
        json_t *files = json_array(), *je = json_object();
        bad = !files || !je;
        for (size_t k = 0; k < e->file_count && !bad; k++)
            bad |= json_array_append_new(files, json_string(e->files[k]));
        bad |= set_str(je, "slug", e->slug) | set_str(je, "hash", e->hash);
        bad |= json_object_set(je, "files", files) | json_array_append(eps, je);
        json_decref(files);
        json_decref(je);
    }
    bad |= json_object_set(o, "episodes", eps);
    json_decref(eps);
    if (bad) {
        json_decref(o);
        return pc_error_nomem(err);
    }
    return save_json(o, path, err);
}
