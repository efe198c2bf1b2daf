/* feedcheck: a podcast feed checked as Apple Podcasts and Podcast Index
 * check it, as far as a local copy shows: the XML parsed by libxml2 (no
 * network), the tags they require, unique guids and enclosure URLs, and
 * the files the feed names (enclosure sizes, artwork, durations read by
 * libsndfile, chapters and transcripts) found beside the feed by mapping
 * the feed's own URL to its directory. */
#include "site.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>

typedef struct checker {
    pcast_feed_problem_fn report;
    void *user;
    size_t problems;
    xmlXPathContextPtr xp;
    char *base_url;   /* URLs under it name files under dir */
    char *dir;
} checker;

static void problem(checker *c, const char *item, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(checker *c, const char *item, const char *rule, const char *fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    c->problems++;
    if (c->report) {
        pcast_feed_problem p = {item, rule, detail};
        c->report(c->user, &p);
    }
}

/* The string value of expr evaluated at node, malloc'd ("" when none). */
static char *xpath_str(checker *c, xmlNodePtr node, const char *expr)
{
    c->xp->node = node;
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c->xp);
    xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
    xmlXPathFreeObject(o);
    char *r = strdup(s ? (const char *)s : "");
    xmlFree(s);
    return r;
}

static int hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                          : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* The local file a URL of the feed names, malloc'd, or NULL when the URL
 * is not under the feed's own or climbs out of its folder ("..", also
 * percent-encoded). */
static char *local_path(const checker *c, const char *url)
{
    const char *rest = NULL;
    size_t bn = c->base_url ? strlen(c->base_url) : 0;
    if (bn && !strncmp(url, c->base_url, bn))
        rest = url + bn;
    else if (!strstr(url, "://"))
        rest = url;
    if (!rest)
        return NULL;
    pc_buf b = {0};
    bool ok = pc_buf_puts(&b, c->dir) && pc_buf_putc(&b, '/');
    size_t start = b.len;
    for (const char *p = rest; *p && *p != '?' && *p != '#' && ok; p++) {
        if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            ok = pc_buf_putc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
            p += 2;
        } else {
            ok = pc_buf_putc(&b, *p);
        }
    }
    /* ".." looked for once decoded: %2e%2e/ climbs out of the folder too;
     * a decoded NUL would cut the path short */
    bool climbs = false;
    for (size_t i = start; ok && i + 1 < b.len; i++)
        climbs |= b.data[i] == '.' && b.data[i + 1] == '.';
    if (!ok || climbs || memchr(b.data + start, '\0', b.len - start)) {
        pc_buf_free(&b);
        return NULL;
    }
    return pc_buf_take(&b);
}

/* A regular file we may read: a FIFO or a device the feed names would
 * hang or never end the check. */
static bool readable_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, R_OK) == 0;
}

/* Seconds from "3600", "1:00:00" or "59:59"; -1 when unreadable. */
static double parse_duration(const char *s)
{
    double parts[3];
    int n = 0;
    const char *p = s;
    while (*p && n < 3) {
        char *end;
        parts[n++] = strtod(p, &end);
        if (end == p)
            return -1;
        p = end;
        if (*p == ':')
            p++;
        else if (*p)
            return -1;
    }
    if (*p || n == 0)
        return -1;
    double t = 0;
    for (int i = 0; i < n; i++)
        t = t * 60 + parts[i];
    return t;
}

/* Reads width, height and kind ("PNG", "JPEG") of an image; false when it
 * is neither. rgb is set when the image has red, green and blue. */
static bool image_info(const char *path, unsigned *w, unsigned *h, const char **kind, bool *rgb)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char b[32];
    size_t n = fread(b, 1, sizeof b, f);
    bool ok = false;
    if (n >= 26 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8) && !memcmp(b + 12, "IHDR", 4)) {
        *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
        *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
        *kind = "PNG";
        *rgb = b[25] == 2 || b[25] == 6;
        ok = true;
    } else if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8) {
        *kind = "JPEG";
        fseek(f, 2, SEEK_SET);
        int m;
        while (!ok && (m = fgetc(f)) != EOF) {
            if (m != 0xFF)
                continue;
            int type = fgetc(f);
            unsigned char seg[8];
            if (type == EOF || fread(seg, 1, 2, f) != 2)
                break;
            long len = seg[0] << 8 | seg[1];
            if (type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC) {
                if (fread(seg, 1, 6, f) != 6)
                    break;
                *h = (unsigned)(seg[1] << 8 | seg[2]);
                *w = (unsigned)(seg[3] << 8 | seg[4]);
                *rgb = seg[5] == 3;
                ok = true;
            } else if (len < 2 || fseek(f, len - 2, SEEK_CUR) != 0) {
                break;
            }
        }
    }
    fclose(f);
    return ok;
}

static void check_artwork(checker *c, xmlNodePtr channel)
{
    char *href = xpath_str(c, channel, "string(itunes:image/@href)");
    char *path = href && *href ? local_path(c, href) : NULL;
    unsigned w = 0, h = 0;
    const char *kind = NULL;
    bool rgb = false;
    if (!href || !*href)
        problem(c, "channel", "artwork",
                "no <itunes:image href> (a postcast site: set podcast.image in its "
                "_config.yml or hugo.toml)");
    else if (!path)
        ; /* elsewhere on the web: nothing local to check */
    else if (!readable_file(path))
        problem(c, "channel", "artwork", "%s: no such file", href);
    else if (!image_info(path, &w, &h, &kind, &rgb))
        problem(c, "channel", "artwork-format", "%s is neither PNG nor JPEG", href);
    else if (w != h || w < 1400 || w > 3000)
        problem(c, "channel", "artwork-size", "%s is %ux%u px (square, 1400-3000 px)", href, w, h);
    else if (!rgb)
        problem(c, "channel", "artwork-format", "%s is a %s without RGB colour", href, kind);
    free(href);
    free(path);
}

static void check_channel(checker *c, xmlNodePtr channel)
{
    /* the tag, its XPath, and the key of a postcast site's config that
     * fills it (siteconf.c), for the fix */
    static const char *const required[][3] = {
        {"title", "string(title)", "title"},
        {"link", "string(link)", "url"},
        {"description", "string(description)", "description"},
        {"language", "string(language)", "podcast.language"},
        {"itunes:author", "string(itunes:author)", "podcast.author"},
        {"itunes:category", "string(itunes:category/@text)", "podcast.category"},
        {"itunes:explicit", "string(itunes:explicit)", NULL},
        {"itunes:owner/itunes:email", "string(itunes:owner/itunes:email)", "podcast.email"},
        {"podcast:guid", "string(podcast:guid)", NULL},
        {"podcast:locked", "string(podcast:locked)", NULL}};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
        char *v = xpath_str(c, channel, required[i][1]);
        if (v && !*v && required[i][2])
            problem(c, "channel", "required-tag",
                    "no <%s> (a postcast site: set %s in its _config.yml or hugo.toml)",
                    required[i][0], required[i][2]);
        else if (v && !*v)
            problem(c, "channel", "required-tag", "no <%s>", required[i][0]);
        free(v);
    }
    char *ex = xpath_str(c, channel, "string(itunes:explicit)");
    if (ex && *ex && strcmp(ex, "true") && strcmp(ex, "false"))
        problem(c, "channel", "explicit", "<itunes:explicit> is '%s' (true or false)", ex);
    free(ex);
    check_artwork(c, channel);
}

/* Seconds of audio in the file (libsndfile), or -1. */
static double audio_seconds(const char *path)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return -1;
    sf_close(f);
    return info.samplerate > 0 && info.frames > 0 ? (double)info.frames / info.samplerate : -1;
}

/* Chapters must be Podcasting 2.0 chapters JSON; a VTT transcript must
 * start with WEBVTT; a JSON transcript must have segments. el is the
 * element naming the file. */
static void check_parses(checker *c, const char *label, xmlNodePtr el, const char *path,
                         const char *url)
{
    xmlChar *type = xmlGetProp(el, BAD_CAST "type");
    const char *t = type ? (const char *)type : "";
    if (!xmlStrcmp(el->name, BAD_CAST "chapters") || !strcmp(t, "application/json")) {
        bool chapters = !xmlStrcmp(el->name, BAD_CAST "chapters");
        json_t *j = json_load_file(path, 0, NULL);
        json_t *list = json_object_get(j, chapters ? "chapters" : "segments");
        if (!json_is_array(list) || (chapters && !json_is_string(json_object_get(j, "version"))))
            problem(c, label, chapters ? "chapters-json" : "transcript-json",
                    "%s is not %s JSON", url, chapters ? "Podcasting 2.0 chapters" : "a transcript");
        json_decref(j);
    } else if (!strcmp(t, "text/vtt")) {
        char head[8] = "";
        FILE *f = fopen(path, "rb");
        size_t n = f ? fread(head, 1, 6, f) : 0;
        if (f)
            fclose(f);
        if (n < 6 || (memcmp(head, "WEBVTT", 6) && memcmp(head, "\xEF\xBB\xBFWEB", 6)))
            problem(c, label, "transcript-vtt", "%s does not start with WEBVTT", url);
    }
    xmlFree(type);
}

/* Checks that each file a URL of the item names exists and parses. */
static void check_linked(checker *c, const char *label, xmlNodePtr item, const char *expr,
                         const char *rule)
{
    c->xp->node = item;
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c->xp);
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlChar *url = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        char *path = url ? local_path(c, (const char *)url) : NULL;
        if (path && !readable_file(path))
            problem(c, label, rule, "%s: no such file", (const char *)url);
        else if (path)
            check_parses(c, label, o->nodesetval->nodeTab[i]->parent, path, (const char *)url);
        free(path);
        xmlFree(url);
    }
    xmlXPathFreeObject(o);
}

static void check_enclosure(checker *c, const char *label, xmlNodePtr item)
{
    char *url = xpath_str(c, item, "string(enclosure/@url)");
    char *len = xpath_str(c, item, "string(enclosure/@length)");
    char *type = xpath_str(c, item, "string(enclosure/@type)");
    char *dur = xpath_str(c, item, "string(itunes:duration)");
    char *path = url && *url ? local_path(c, url) : NULL;
    struct stat sb;
    char *end = NULL;
    unsigned long long n = len ? strtoull(len, &end, 10) : 0;
    if (!len || !*len || *end)
        problem(c, label, "enclosure-length", "length '%s' is not a byte count", len ? len : "");
    if (!type || !*type)
        problem(c, label, "enclosure-type", "no type");
    if (url && pc_url_local(url))
        problem(c, label, "enclosure-public", "%s is on this machine: podcast apps cannot fetch it "
                "(build with --base-url)", url);
    if (!path)
        ;
    else if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        problem(c, label, "enclosure-file", "%s: no such file", url);
    else if (len && *len && (unsigned long long)sb.st_size != n)
        problem(c, label, "enclosure-length", "length %s, but the file has %lld bytes", len,
                (long long)sb.st_size);
    double want = dur && *dur ? parse_duration(dur) : -2;
    double have = path && readable_file(path) ? audio_seconds(path) : -1;
    if (want == -2)
        problem(c, label, "required-tag", "no <itunes:duration>");
    else if (want < 0)
        problem(c, label, "duration", "<itunes:duration> '%s' is not seconds or H:MM:SS", dur);
    else if (have >= 0 && fabs(have - want) > 1.0)
        problem(c, label, "duration", "<itunes:duration> %s, but the audio lasts %.2f s", dur,
                have);
    free(url);
    free(len);
    free(type);
    free(dur);
    free(path);
}

/* Strings seen so far: a seeded hash (buf.h), so a feed of many items
 * is checked in linear time; owned copies of the keys. */
typedef struct seen_set {
    pc_strmap map;
    char **owned;
    size_t count, cap;
} seen_set;

/* Adds str to seen; false when it was there already (out of memory: true,
 * so no duplicate is made up). */
static bool first_time(seen_set *seen, const char *str)
{
    size_t v;
    if (pc_strmap_get(&seen->map, str, &v))
        return false;
    char *dup = strdup(str);
    if (!dup || !pc_grow((void **)&seen->owned, &seen->cap, seen->count, sizeof *seen->owned)) {
        free(dup);
        return true;
    }
    seen->owned[seen->count++] = dup;
    pc_strmap_put(&seen->map, dup, 1);
    return true;
}

static void seen_free(seen_set *seen)
{
    pc_strmap_free(&seen->map);
    for (size_t i = 0; i < seen->count; i++)
        free(seen->owned[i]);
    free(seen->owned);
}

static void check_items(checker *c, xmlNodePtr channel)
{
    c->xp->node = channel;
    xmlXPathObjectPtr items = xmlXPathEvalExpression(BAD_CAST "item", c->xp);
    int count = items && items->nodesetval ? items->nodesetval->nodeNr : 0;
    seen_set guids = {0}, urls = {0};
    for (int i = 0; i < count; i++) {
        xmlNodePtr item = items->nodesetval->nodeTab[i];
        char *title = xpath_str(c, item, "string(title)");
        char *guid = xpath_str(c, item, "string(guid)");
        char *url = xpath_str(c, item, "string(enclosure/@url)");
        char label[512];
        snprintf(label, sizeof label, "item %d (%s)", i + 1,
                 title && *title ? title : guid && *guid ? guid : "untitled");
        if (title && !*title)
            problem(c, label, "required-tag", "no <title>");
        if (guid && !*guid)
            problem(c, label, "required-tag", "no <guid>");
        else if (guid && !first_time(&guids, guid))
            problem(c, label, "unique-guid", "guid '%s' is used by an earlier item", guid);
        if (url && !*url) {
            problem(c, label, "enclosure", "no <enclosure url>");
        } else if (url) {
            if (!first_time(&urls, url))
                problem(c, label, "unique-enclosure-url", "%s is the enclosure of an earlier item",
                        url);
            check_enclosure(c, label, item);
        }
        check_linked(c, label, item, "podcast:chapters/@url", "chapters-file");
        check_linked(c, label, item, "podcast:transcript/@url", "transcript-file");
        check_linked(c, label, item, "podcast:alternateEnclosure/podcast:source/@uri",
                     "alternate-file");
        free(title);
        free(guid);
        free(url);
    }
    if (count == 0)
        problem(c, "channel", "required-tag", "no <item>");
    seen_free(&guids);
    seen_free(&urls);
    xmlXPathFreeObject(items);
}

/* The feed's own URL's directory (with its '/'), malloc'd, or NULL. */
static char *base_of(checker *c, xmlNodePtr channel)
{
    char *self = xpath_str(c, channel, "string(atom:link[@rel='self']/@href)");
    if (self && !*self) {
        free(self);
        self = xpath_str(c, channel, "concat(string(link), '/')");
    }
    char *slash = self ? strrchr(self, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    return self;
}

static void check_guid(checker *c, xmlNodePtr channel)
{
    char *self = xpath_str(c, channel, "string(atom:link[@rel='self']/@href)");
    char *guid = xpath_str(c, channel, "string(podcast:guid)");
    char want[37];
    if (self && *self && guid && *guid && !pcast_podcast_guid(self, want) && strcmp(want, guid))
        problem(c, "channel", "podcast-guid", "podcast:guid %s, but the UUIDv5 of %s is %s", guid,
                self, want);
    free(self);
    free(guid);
}

/* Is there a directory at path? */
static bool dir_at(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

pcast_status pcast_feed_check(const char *path, pcast_feed_problem_fn report, void *user,
                              size_t *problems, pcast_error *err)
{
    checker c = {report, user, 0, NULL, NULL, NULL};
    if (problems)
        *problems = 0;
    if (!readable_file(path))
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s",
                            access(path, R_OK) ? strerror(errno) : dir_at(path) ? "Is a directory" : "not a regular file");
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *m = e && e->message ? e->message : "not XML";
        int n = (int)strcspn(m, "\n"); /* libxml2 ends its message with a line break */
        problem(&c, "feed", "well-formed", "line %d: %.*s", e ? e->line : 0, n, m);
        if (problems)
            *problems = c.problems;
        return PCAST_OK;
    }
    c.xp = xmlXPathNewContext(doc);
    const char *slash = strrchr(path, '/');
    c.dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (!c.xp || !c.dir) {
        xmlXPathFreeContext(c.xp);
        xmlFreeDoc(doc);
        free(c.dir);
        return pc_error_nomem(err);
    }
    xmlXPathRegisterNs(c.xp, BAD_CAST "itunes", BAD_CAST "http://www.itunes.com/dtds/podcast-1.0.dtd");
    xmlXPathRegisterNs(c.xp, BAD_CAST "podcast", BAD_CAST "https://podcastindex.org/namespace/1.0");
    xmlXPathRegisterNs(c.xp, BAD_CAST "atom", BAD_CAST "http://www.w3.org/2005/Atom");
    xmlNodePtr root = xmlDocGetRootElement(doc), channel = NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n && !channel; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "channel"))
            channel = n;
    if (!root || xmlStrcmp(root->name, BAD_CAST "rss") || !channel) {
        problem(&c, "feed", "rss", "the root is not <rss> with a <channel>");
    } else {
        c.base_url = base_of(&c, channel);
        check_channel(&c, channel);
        check_guid(&c, channel);
        check_items(&c, channel);
    }
    xmlXPathFreeContext(c.xp);
    xmlFreeDoc(doc);
    free(c.base_url);
    free(c.dir);
    if (problems)
        *problems = c.problems;
    return PCAST_OK;
}
