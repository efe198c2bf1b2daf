/* siteconf: the settings a site build reads besides the posts' text: the
 * site's _config.yml (Jekyll), hugo.toml / config.toml (Hugo), and the
 * front-matter keys that only matter to a site (podcast:, draft:,
 * published:, guid:, episode:, season:, ...), flattened to key/value
 * pairs by libyaml. Also the small file helpers the site stages share. */
#include "site.h"

#include "artwork.h"
#include "io.h"
#include "source.h"
#include "toml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "yamldoc.h"

void pc_kv_free(pc_kv *kv)
{
    for (size_t i = 0; i < kv->count; i++) {
        free(kv->keys[i]);
        free(kv->values[i]);
    }
    free(kv->keys);
    free(kv->values);
    free(kv->where);
    memset(kv, 0, sizeof *kv);
}

static bool kv_add(pc_kv *kv, const char *key, const char *value, size_t value_len,
                   const yaml_mark_t *at)
{
    if (kv->count == kv->cap) {
        size_t cap = kv->cap ? kv->cap * 2 : 16;
        char **k = realloc(kv->keys, cap * sizeof *k);
        if (!k)
            return false;
        kv->keys = k;
        char **v = realloc(kv->values, cap * sizeof *v);
        if (!v)
            return false;
        kv->values = v;
        unsigned long(*w)[2] = realloc(kv->where, cap * sizeof *w);
        if (!w)
            return false;
        kv->where = w;
        kv->cap = cap;
    }
    kv->where[kv->count][0] = (unsigned long)at->line + 1;
    kv->where[kv->count][1] = (unsigned long)at->column + 1;
    char *ks = strdup(key), *vs = strndup(value, value_len);
    if (!ks || !vs) {
        free(ks);
        free(vs);
        return false;
    }
    kv->keys[kv->count] = ks;
    kv->values[kv->count++] = vs;
    return true;
}

const char *pc_kv_get(const pc_kv *kv, const char *key)
{
    for (size_t i = 0; i < kv->count; i++)
        if (!strcmp(kv->keys[i], key))
            return kv->values[i];
    return NULL;
}

void pc_kv_where(const pc_kv *kv, const char *key, unsigned long *line, unsigned long *column)
{
    *line = *column = 0;
    for (size_t i = 0; i < kv->count; i++)
        if (!strcmp(kv->keys[i], key)) {
            *line = kv->where[i][0];
            *column = kv->where[i][1];
            return;
        }
}

int pc_kv_bool(const pc_kv *kv, const char *key, int dflt)
{
    const char *v = pc_kv_get(kv, key);
    if (!v)
        return dflt;
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
        return 1;
    if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
        return 0;
    return dflt;
}

static bool flatten(pc_kv *kv, yaml_document_t *doc, yaml_node_t *n, const char *prefix,
                    int depth)
{
    if (!n || depth > 8)
        return true;
    if (n->type == YAML_SCALAR_NODE)
        return !prefix[0] ||
               kv_add(kv, prefix, (const char *)n->data.scalar.value, n->data.scalar.length,
                      &n->start_mark);
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            if (!flatten(kv, doc, yaml_document_get_node(doc, *it), prefix, depth + 1))
                return false;
        return true;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            continue;
        char key[256];
        int len = snprintf(key, sizeof key, "%s%s%s", prefix, prefix[0] ? "." : "",
                           (const char *)k->data.scalar.value);
        if (len < 0 || (size_t)len >= sizeof key)
            continue;
        if (!flatten(kv, doc, yaml_document_get_node(doc, p->value), key, depth + 1))
            return false;
    }
    return true;
}

pcast_status pc_kv_parse_yaml(pc_kv *kv, const char *file, const char *text, size_t n,
                              pcast_error *err)
{
    yaml_document_t doc;
    pcast_status st = pc_yaml_load(&doc, file, text, n, 1, PCAST_ERR_INPUT, "the site config", err);
    if (st)
        return st;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE && !flatten(kv, &doc, root, "", 0))
        st = pc_error_nomem(err);
    yaml_document_delete(&doc);
    return st;
}

pcast_status pc_kv_parse_toml(pc_kv *kv, const char *file, const char *text, size_t n,
                              pcast_error *err)
{
    yaml_document_t doc;
    pcast_status st = pc_toml_load(&doc, file, text, n, 1, file ? "the site config" : NULL, err);
    if (st)
        return st;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !flatten(kv, &doc, root, "", 0))
        st = pc_error_nomem(err);
    yaml_document_delete(&doc);
    return st;
}

bool pc_kv_parse_front_matter(pc_kv *kv, const char *name, const char *text, size_t n)
{
    pc_source src;
    if (pc_source_split(&src, name, text, n, NULL) || !src.front)
        return true; /* none, or the post's own parse reports it */
    if (src.front_toml)
        return !pc_kv_parse_toml(kv, NULL, src.front, src.front_size, NULL);
    return !pc_kv_parse_yaml(kv, NULL, src.front, src.front_size, NULL);
}

/* Past this a site's file is no config, record, caption or cover (a
 * post is refused at the same size). */
#define FILE_MAX_BYTES ((size_t)256 << 20)

pcast_status pc_file_read(const char *path, char **out, size_t *size, pcast_error *err)
{
    *out = NULL;
    /* without blocking: a FIFO no one writes held the open for ever */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    const char *why = fstat(fd, &sb) != 0 ? strerror(errno)
                      : S_ISDIR(sb.st_mode) ? strerror(EISDIR)
                      : !S_ISREG(sb.st_mode) ? "not a regular file (a FIFO or a device?)"
                                            : NULL;
    pc_buf b = {0};
    bool nomem = false;
    while (!why && !nomem) {
        if (b.len > FILE_MAX_BYTES) {
            why = "larger than 256 MiB";
            break;
        }
        if (!pc_buf_reserve(&b, 65536)) {
            nomem = true;
            break;
        }
        ssize_t got = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            why = got < 0 ? strerror(errno) : NULL;
            break;
        }
        b.len += (size_t)got;
        b.data[b.len] = '\0';
    }
    close(fd);
    if (why || nomem) {
        pc_buf_free(&b);
        return nomem ? pc_error_nomem(err)
                     : pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", why);
    }
    if (size)
        *size = b.len;
    *out = b.data ? pc_buf_take(&b) : strdup("");
    return *out ? PCAST_OK : pc_error_nomem(err);
}

pcast_status pc_file_write(const char *path, const char *data, size_t size, pcast_error *err)
{
    return pc_io_write_file(path, data, size, err);
}

char *pc_path_join(const char *a, const char *b)
{
    pc_buf p = {0};
    size_t n = strlen(a);
    if (!pc_buf_append(&p, a, n) || (n && a[n - 1] != '/' && !pc_buf_putc(&p, '/')) ||
        !pc_buf_puts(&p, b)) {
        pc_buf_free(&p);
        return NULL;
    }
    return pc_buf_take(&p);
}

static char *dup_or_null(const char *s) { return s && *s ? strdup(s) : NULL; }

/* The first of keys that kv has a value for, and that value. */
static const char *first_of_key(const pc_kv *kv, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *v = pc_kv_get(kv, *keys);
        if (v && *v)
            return *keys;
    }
    return NULL;
}

static const char *first_of(const pc_kv *kv, const char *const *keys)
{
    const char *key = first_of_key(kv, keys);
    return key ? pc_kv_get(kv, key) : NULL;
}

static const char *const language_keys[] = {"podcast.language", "lang", "language",
                                            "languageCode", "locale", NULL};

/* Reads the site's config file into kv, Hugo's "params." prefix
 * removed; *which is its name (static), or NULL when there is none. */
static pcast_status read_config(pc_kv *kv, const char *dir, const char **which, pcast_error *err)
{
    *which = NULL;
    static const char *const names[] = {"_config.yml", "_config.yaml", "hugo.toml",
                                        "config.toml", "hugo.yaml", "config.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *path = pc_path_join(dir, names[i]);
        if (!path)
            return pc_error_nomem(err);
        char *text = NULL;
        size_t n = 0;
        pcast_status s = access(path, F_OK) == 0 ? pc_file_read(path, &text, &n, err)
                                                 : PCAST_ERR_IO;
        if (s == PCAST_ERR_IO && access(path, F_OK) != 0) {
            free(path);
            continue;
        }
        if (!s && strstr(names[i], ".toml"))
            s = pc_kv_parse_toml(kv, path, text, n, err);
        else if (!s)
            s = pc_kv_parse_yaml(kv, path, text, n, err);
        free(text);
        free(path);
        if (s)
            return s;
        for (size_t k = 0; k < kv->count; k++)
            if (!strncmp(kv->keys[k], "params.", 7))
                memmove(kv->keys[k], kv->keys[k] + 7, strlen(kv->keys[k] + 7) + 1);
        *which = names[i];
        return PCAST_OK;
    }
    return PCAST_OK;
}

static char *site_url(const pc_kv *kv, const char *base_url)
{
    pc_buf b = {0};
    const char *url = base_url ? base_url : first_of(kv, (const char *const[]){"url", "baseURL", NULL});
    const char *sub = base_url ? NULL : pc_kv_get(kv, "baseurl");
    if (!url) { /* Jekyll's baseurl alone (url: "" too; it was doubled) */
        url = sub && *sub ? sub : NULL;
        sub = NULL;
    }
    /* Hugo's baseURL = "/" (a site served from anywhere): no host, as no url */
    if ((!url || url[0] == '/') && !pc_buf_puts(&b, "http://localhost"))
        return NULL;
    if (url && !pc_buf_puts(&b, url))
        return NULL;
    while (b.len && b.data[b.len - 1] == '/')
        b.data[--b.len] = '\0';
    if (sub && *sub) {
        if (sub[0] != '/' && !pc_buf_putc(&b, '/'))
            return NULL;
        if (!pc_buf_puts(&b, sub))
            return NULL;
        while (b.len && b.data[b.len - 1] == '/')
            b.data[--b.len] = '\0';
    }
    return pc_buf_take(&b);
}

/* Whether url is an http(s) URL with a host that a feed and an app can
 * carry as it is: no blank, control, quote or angle bracket in it. */
static bool url_usable(const char *url)
{
    size_t scheme = !strncasecmp(url, "https://", 8) ? 8 : !strncasecmp(url, "http://", 7) ? 7 : 0;
    if (!scheme || !url[scheme] || url[scheme] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("\"<>\\^`{|}?#", *p))
            return false; /* ? and #: every path joined after them was query or fragment */
    return true;
}

bool pc_language_tag(char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    if (n < 2 || n > 8)
        return false;
    for (char *p = s + n; *p; p += n) {
        if (*p != '-' && *p != '_')
            return false;
        *p++ = '-';
        n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        if (n < 1 || n > 8)
            return false;
    }
    return true;
}

/* The channel's values a feed reader checks against a list (its language
 * tag, its type: episodic or serial), each from kv and reported at its
 * place in the config file config in dir; PCAST_ERR_INPUT for the first
 * that is none of them. */
static pcast_status values_check(pc_channel *ch, const pc_kv *kv, const char *dir,
                                 const char *config, pcast_error *err)
{
    const char *key = NULL, *what = NULL;
    if (ch->language && !pc_language_tag(ch->language)) {
        key = first_of_key(kv, language_keys);
        what = "is not a language tag (en, en-US, zh-Hant-TW)";
    } else if (strcmp(ch->type, "episodic") && strcmp(ch->type, "serial")) {
        key = "podcast.type";
        what = "is not episodic or serial";
    }
    if (!key)
        return PCAST_OK;
    unsigned long line, column;
    pc_kv_where(kv, key, &line, &column);
    char *file = pc_path_join(dir, config ? config : "");
    if (!file)
        return pc_error_nomem(err);
    pc_error_set(err, PCAST_ERR_INPUT, file, line, column, "%s '%s' %s", key,
                 pc_kv_get(kv, key), what);
    free(file);
    return PCAST_ERR_INPUT;
}

/* PCAST_ERR_ARGUMENT for a --base-url (base_url), else PCAST_ERR_INPUT
 * naming the config file in dir at at[0]:at[1] (its url value), when the
 * site's URL (link) is not url_usable: a javascript: or data: URL went
 * into every link of the feed and the pages. */
static pcast_status url_check(const char *link, const char *base_url, const char *dir,
                              const char *config, const unsigned long at[2], pcast_error *err)
{
    if (url_usable(link))
        return PCAST_OK;
    if (base_url)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "site: --base-url '%s': not an http(s) URL (https://example.com/podcast)",
                            base_url);
    char *file = pc_path_join(dir, config ? config : "");
    if (!file)
        return pc_error_nomem(err);
    pc_error_set(err, PCAST_ERR_INPUT, file, at[0], at[1],
                 "the site's url '%s' is not an http(s) URL (url: https://example.com, "
                 "no blank, quote, ? or #; or --base-url)", link);
    free(file);
    return PCAST_ERR_INPUT;
}

/* The podcast's artwork (ch->image_src, from the config file config in
 * dir, whose value stands at at[0]:at[1]) must be in the site's folder
 * and a whole JPEG or PNG image: it is copied into the public output,
 * and "../../etc/passwd" was, and so was a ".env" inside the folder.
 * Sets ch->image_file by what the image is. PCAST_ERR_INPUT naming the
 * config when it is not. */
static pcast_status artwork_check(pc_channel *ch, const char *dir, const char *config,
                                  const unsigned long at[2], pcast_error *err)
{
    if (!ch->image_src)
        return PCAST_OK;
    char *root = pc_path_join(dir, ""), *path = pc_path_join(dir, ch->image_src);
    char *file = config ? pc_path_join(dir, config) : NULL;
    char *bytes = NULL;
    size_t n = 0;
    pc_artwork art = {0};
    pcast_error why = {0};
    pcast_status st = PCAST_OK;
    if (!root || !path || (config && !file))
        st = pc_error_nomem(err);
    else if (!pc_io_path_inside(path, root, strlen(root)))
        st = pc_error_set(err, PCAST_ERR_INPUT, file, at[0], at[1],
                          "podcast image '%s': is outside the site's folder", ch->image_src);
    else if (pc_file_read(path, &bytes, &n, &why) ||
             pc_artwork_from_bytes(&art, (const unsigned char *)bytes, n, path, &why))
        st = why.status == PCAST_ERR_NOMEM
                 ? pc_error_nomem(err)
                 : pc_error_set(err, PCAST_ERR_INPUT, file, at[0], at[1], "podcast image '%s': %s",
                                ch->image_src, why.message);
    else if (!(ch->image_file = strdup(strcmp(art.mime, "image/png") ? "artwork.jpg"
                                                                      : "artwork.png")))
        st = pc_error_nomem(err);
    pc_artwork_free(&art);
    free(bytes);
    free(root);
    free(path);
    free(file);
    return st;
}

pcast_status pc_channel_load(pc_channel *ch, const char *dir, const char *base_url,
                             pcast_error *err)
{
    memset(ch, 0, sizeof *ch);
    pc_kv kv = {0};
    const char *config;
    pcast_status s = read_config(&kv, dir, &config, err);
    if (s) {
        pc_kv_free(&kv);
        return s;
    }
    const char *base = strrchr(dir, '/');
    base = base && base[1] ? base + 1 : dir;
    const char *title = first_of(&kv, (const char *const[]){"podcast.title", "title", NULL});
    ch->title = strdup(title ? title : base);
    ch->link = site_url(&kv, base_url);
    unsigned long url_at[2] = {0, 0}; /* the value a bad URL is reported at */
    static const char *const url_keys[] = {"url", "baseURL", "baseurl"};
    for (size_t i = 0; i < 3 && !url_at[0]; i++) {
        const char *v = pc_kv_get(&kv, url_keys[i]);
        if (v && *v && (i == 2 || (v[0] != '/' && !url_usable(v))))
            pc_kv_where(&kv, url_keys[i], &url_at[0], &url_at[1]);
    }
    ch->description = dup_or_null(first_of(&kv, (const char *const[]){"podcast.description", "description", "tagline", NULL}));
    ch->language = dup_or_null(first_of(&kv, language_keys));
    ch->author = dup_or_null(first_of(&kv, (const char *const[]){"podcast.author", "author.name", "author", NULL}));
    ch->email = dup_or_null(first_of(&kv, (const char *const[]){"podcast.email", "author.email", "email", NULL}));
    ch->image_src = dup_or_null(first_of(&kv, (const char *const[]){"podcast.image", "podcast.artwork", NULL}));
    ch->category = dup_or_null(first_of(&kv, (const char *const[]){"podcast.category", NULL}));
    ch->subcategory = dup_or_null(first_of(&kv, (const char *const[]){"podcast.subcategory", NULL}));
    ch->type = strdup(first_of(&kv, (const char *const[]){"podcast.type", NULL}) ? pc_kv_get(&kv, "podcast.type") : "episodic");
    ch->copyright = dup_or_null(first_of(&kv, (const char *const[]){"podcast.copyright", "copyright", NULL}));
    ch->explicit_content = pc_kv_bool(&kv, "podcast.explicit", 0);
    ch->locked = pc_kv_bool(&kv, "podcast.locked", 1);
    for (size_t i = 0; i < kv.count; i++)
        if (!strcmp(kv.keys[i], "podcast.hosts")) {
            char **h = realloc(ch->hosts, (ch->host_count + 1) * sizeof *h);
            if (!h)
                break;
            ch->hosts = h;
            if ((h[ch->host_count] = strdup(kv.values[i])))
                ch->host_count++;
        }
    unsigned long image_at[2];
    pc_kv_where(&kv, pc_kv_get(&kv, "podcast.image") ? "podcast.image" : "podcast.artwork",
                &image_at[0], &image_at[1]);
    ch->feed_url = ch->link ? pc_path_join(ch->link, "feed.xml") : NULL;
    if (!ch->title || !ch->link || !ch->type || !ch->feed_url)
        s = pc_error_nomem(err);
    else if (!(s = url_check(ch->link, base_url, dir, config, url_at, err)) &&
             !(s = values_check(ch, &kv, dir, config, err)))
        s = artwork_check(ch, dir, config, image_at, err);
    pc_kv_free(&kv);
    if (s) {
        pc_channel_free(ch);
        return s;
    }
    pcast_podcast_guid(ch->feed_url, ch->guid);
    return PCAST_OK;
}

void pc_channel_free(pc_channel *ch)
{
    char **strs[] = {&ch->title, &ch->link, &ch->description, &ch->language, &ch->author,
                     &ch->email, &ch->image_src, &ch->image_file, &ch->category,
                     &ch->subcategory, &ch->type, &ch->copyright, &ch->feed_url};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        free(*strs[i]);
    for (size_t i = 0; i < ch->host_count; i++)
        free(ch->hosts[i]);
    free(ch->hosts);
    memset(ch, 0, sizeof *ch);
}
