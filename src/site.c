/* site: a folder of posts becomes a podcast. Finds the posts of a Jekyll
 * site (_posts/), a Hugo site (content/) or any folder of Markdown files,
 * decides from each episode's record (episode.json) and the hash of all
 * its audio depends on which are stale, renders those (every format, the
 * sidecars), and assembles feed.xml, the pages and manifest.json from the
 * records. Rendering and assembling are separate calls so that the
 * renders can run elsewhere (GNU parallel, a CI matrix) in between. */
#include "site.h"

#include "chapter_media.h"
#include "engine.h"
#include "episode_tags.h"
#include "reading.h"

#include <dirent.h>
#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

pcast_site_config pcast_site_config_init(void)
{
    pcast_site_config c;
    memset(&c, 0, sizeof c);
    c.render = pcast_render_config_init();
    return c;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

/* Markdown posts and the transcripts a reader takes without guessing
 * (a .json or .html in a blog is more often something else). */
static bool is_post(const char *path)
{
    static const char *const ext[] = {".md", ".markdown", ".vtt", ".srt", ".sbv"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (has_suffix(path, ext[i]))
            return true;
    return false;
}

static bool add_post(pcast_site *s, const char *path)
{
    if (!pc_grow((void **)&s->posts, &s->cap, s->count, sizeof *s->posts))
        return false;
    pc_site_post *p = &s->posts[s->count];
    memset(p, 0, sizeof *p);
    if (!(p->path = strdup(path)))
        return false;
    s->count++;
    return true;
}

/* Whether dir is a site postcast built (its manifest.json and feed.xml):
 * an earlier build's output left inside the source, whose sidecars
 * (.vtt, .srt, .transcript.json) would be read as posts. */
static bool built_site(const char *dir)
{
    char *m = pc_path_join(dir, "manifest.json"), *f = pc_path_join(dir, "feed.xml");
    bool built = false;
    char *text = NULL; /* pc_file_read: a FIFO named manifest.json held fopen */
    if (m && f && access(f, F_OK) == 0 && !pc_file_read(m, &text, NULL, NULL))
        built = strstr(text, "\"postcast_manifest\"") != NULL;
    free(text);
    free(m);
    free(f);
    return built;
}

/* Collects the posts (is_post) under dir (recursively, skipping names that
 * start with '.' or '_' below the top, the output directory and any other
 * site postcast built). */
static pcast_status walk(pcast_site *s, const char *dir, int depth, pcast_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return pc_error_set(err, PCAST_ERR_IO, dir, 0, 0, "cannot open: %s", strerror(errno));
    pcast_status st = PCAST_OK;
    struct dirent *e;
    while (!st && (e = readdir(d))) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_' || depth > 16)
            continue;
        char *path = pc_path_join(dir, e->d_name);
        if (!path) {
            st = pc_error_nomem(err);
            break;
        }
        struct stat sb, ob;
        if (stat(path, &sb) == 0 &&
            !(stat(s->cfg.output_dir, &ob) == 0 && ob.st_dev == sb.st_dev && ob.st_ino == sb.st_ino)) {
            if (S_ISDIR(sb.st_mode) && !built_site(path))
                st = walk(s, path, depth + 1, err);
            else if (S_ISREG(sb.st_mode) && is_post(path))
                st = add_post(s, path) ? PCAST_OK : pc_error_nomem(err);
        }
        free(path);
    }
    closedir(d);
    return st;
}

static int cmp_post(const void *a, const void *b)
{
    return strcmp(((const pc_site_post *)a)->path, ((const pc_site_post *)b)->path);
}

/* The longest episode name (slug) a site takes, in bytes. */
#define SLUG_MAX_BYTES 200

/* The episode's name: the file's name without extension (a Hugo page
 * bundle's index.md: its folder's name); blanks, '/', '\\', '?', '#',
 * what a URL, a feed or a cue sheet must escape or cannot carry ('"' '<'
 * '>' '&' '%') or a Windows folder cannot hold ('|' '*' ':'), and
 * controls are '-'. malloc'd; NULL on ENOMEM. */
static char *slug_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n == 5 && !strncmp(base, "index", 5) && base != path) {
        const char *end = base - 1, *start = end;
        while (start > path && start[-1] != '/')
            start--;
        base = start;
        n = (size_t)(end - start);
    }
    char *slug = malloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; slug && i < n;) {
        ucs4_t cp;
        int len = u8_mbtoucr(&cp, (const uint8_t *)base + i, n - i);
        /* a control, a bidi override or a byte of no UTF-8 in a file's
         * name must not name a folder, a file or a URL: each is a '-' */
        bool bad = len < 1 || pc_speech_clean_class(cp);
        size_t k = len < 1 ? 1 : (size_t)len;
        if (bad || strchr(" /\\?#\"<>&%|*:", base[i]))
            slug[o++] = '-';
        else
            memcpy(slug + o, base + i, k), o += k;
        i += k;
    }
    if (slug)
        slug[o] = '\0';
    return slug;
}

static pcast_status find_posts(pcast_site *s, pcast_error *err)
{
    static const char *const roots[] = {"_posts", "content"};
    pcast_status st = PCAST_ERR_IO;
    for (size_t i = 0; i < 2 && st == PCAST_ERR_IO; i++) {
        char *root = pc_path_join(s->cfg.source_dir, roots[i]);
        if (!root)
            return pc_error_nomem(err);
        struct stat sb;
        if (stat(root, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = walk(s, root, 1, err);
        free(root);
    }
    if (st == PCAST_ERR_IO)
        st = walk(s, s->cfg.source_dir, 0, err);
    if (st)
        return st;
    qsort(s->posts, s->count, sizeof *s->posts, cmp_post);
    for (size_t i = 0; i < s->count; i++) {
        if (!(s->posts[i].slug = slug_of(s->posts[i].path)))
            return pc_error_nomem(err);
        /* its longest file, SLUG.transcript.json, must fit a file name
         * (255 bytes): one that did not failed after the render */
        if (strlen(s->posts[i].slug) > SLUG_MAX_BYTES)
            return pc_error_set(err, PCAST_ERR_INPUT, s->posts[i].path, 0, 0,
                                "the episode's name (the file's, %zu bytes) is longer than %d "
                                "bytes, too long for its files' names: shorten the file's name",
                                strlen(s->posts[i].slug), SLUG_MAX_BYTES);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(s->posts[k].slug, s->posts[i].slug))
                return pc_error_set(err, PCAST_ERR_INPUT, s->posts[i].path, 0, 0,
                                    "two posts make the episode '%s' (also %s)",
                                    s->posts[i].slug, s->posts[k].path);
    }
    return PCAST_OK;
}

static void hash_file(pc_hasher *h, const char *label, const char *path)
{
    char *data = NULL;
    size_t n = 0;
    pc_hasher_add_str(h, label, path);
    if (path && !pc_file_read(path, &data, &n, NULL))
        pc_hasher_add(h, data, n);
    free(data);
}

/* What the episode file carries beside the audio: the render's tag
 * overrides and bit rate, the cover art's bytes (from --artwork or the
 * front matter), the chapter images' bytes, and the Mandarin reading table (a rebuilt table with
 * other readings re-renders every post). */
static void hash_tags(pc_hasher *h, pcast_site *s, pc_site_post *p)
{
    const pcast_render_config *r = &s->cfg.render;
    char buf[64];
    snprintf(buf, sizeof buf, "%u %u", r->bitrate_kbps, r->id3_version);
    pc_hasher_add_str(h, "encoding", buf);
    for (size_t i = 0; i < r->meta_count; i++)
        pc_hasher_add_str(h, "meta", r->meta[i]);
    pcast_render_config quiet = *r;
    quiet.warning = NULL;
    pc_episode_tags t = {0};
    pcast_error err = {0};
    if (pc_episode_tags_make(&t, p->post, &quiet, &err) == PCAST_OK)
        pc_hasher_add(h, t.artwork.bytes, t.artwork.size);
    pc_episode_tags_free(&t);
    pc_chapter_media cm = {0};
    if (pc_chapter_media_load(&cm, p->post, r->allow_images_outside, NULL, NULL, &err) == PCAST_OK)
        for (size_t i = 0; i < cm.store_count; i++)
            pc_hasher_add(h, cm.store[i].bytes, cm.store[i].size);
    pc_chapter_media_free(&cm);
    if (!s->reading_tag[0]) {
        pc_reading *rd = pc_reading_new(NULL, NULL);
        if (!rd || pc_reading_cache_tag(rd, "zh", s->reading_tag, sizeof s->reading_tag, &err))
            snprintf(s->reading_tag, sizeof s->reading_tag, "%s", "unknown");
        pc_reading_free(rd);
    }
    pc_hasher_add_str(h, "reading", s->reading_tag);
}

/* The hash of everything the post's audio comes from. */
static void hash_post(pcast_site *s, pc_site_post *p)
{
    pc_hasher *h = pc_hasher_new();
    if (!h)
        return;
    const pcast_render_config *r = &s->cfg.render;
    char buf[256];
    snprintf(buf, sizeof buf, "postcast-site-1 %s espeak-ng %s engine %s", pcast_version(),
             espeak_Info(NULL), r->engine ? r->engine : "espeak-ng");
    pc_hasher_add_str(h, "engine", buf);
    pc_hasher_add_str(h, "post", p->data);
    hash_file(h, "cast-file", s->cfg.cast_path);
    hash_file(h, "lexicon", r->lexicon);
    pc_hasher_add_str(h, "formats", s->cfg.formats);
    const pcast_pauses *pz = &r->pauses;
    snprintf(buf, sizeof buf, "%d %d %d %d %d %d|%.3f %d %u", pz->run_ms, pz->sentence_ms,
             pz->paragraph_ms, pz->turn_ms, pz->section_before_ms, pz->section_after_ms,
             r->loudness_lufs, r->stereo, r->rate);
    pc_hasher_add_str(h, "options", buf);
    for (size_t i = 0; i < pcast_post_speaker_count(p->post); i++) {
        const pcast_casting *c = pcast_cast_get(p->cast, i);
        snprintf(buf, sizeof buf, "%s %d %d %d %.3f", c->settings.variant, c->settings.pitch,
                 c->settings.range, c->settings.rate, c->settings.pan);
        pc_hasher_add_str(h, "speaker", c->speaker);
        pc_hasher_add_str(h, "voice", buf);
        hash_file(h, "preset", c->voice ? c->voice->file : NULL);
    }
    pcast_music m = pcast_post_music(p->post);
    const char *music[] = {r->music.intro, r->music.outro, r->music.bed, m.intro, m.outro, m.bed};
    for (size_t i = 0; i < 6; i++)
        hash_file(h, "music", music[i]);
    const pcast_music *ms[] = {&r->music, &m};
    for (size_t i = 0; i < 2; i++) {
        snprintf(buf, sizeof buf, "%d %.3f %.3f %.3f %.3f %.3f", ms[i]->bed_under_all,
                 ms[i]->volume_db, ms[i]->bed_volume_db, ms[i]->duck_db, ms[i]->fade_s,
                 ms[i]->overlap_s);
        pc_hasher_add_str(h, "music-settings", buf);
    }
    hash_tags(h, s, p);
    pc_hasher_finish(h, p->hash);
}

char *pc_site_episode_path(const pcast_site *s, const char *slug, const char *file)
{
    pc_buf b = {0};
    if (!pc_buf_printf(&b, "%s/episodes/%s/%s", s->cfg.output_dir, slug, file)) {
        pc_buf_free(&b);
        return NULL;
    }
    return pc_buf_take(&b);
}

/* FRESH when the episode's record has this hash and its files are there
 * at the sizes recorded. */
static pcast_site_state state_of(const pcast_site *s, const pc_site_post *p)
{
    char *rec = pc_site_episode_path(s, p->slug, "episode.json");
    pc_episode ep;
    bool fresh = rec && !pc_episode_load(&ep, rec, NULL);
    free(rec);
    if (!fresh)
        return PCAST_SITE_STALE;
    fresh = !s->cfg.force && !strcmp(ep.hash, p->hash) && ep.media_count == s->format_count;
    for (size_t i = 0; fresh && i < ep.media_count + ep.sidecar_count; i++) {
        const char *f = i < ep.media_count ? ep.media[i].file : ep.sidecars[i - ep.media_count];
        char *path = pc_site_episode_path(s, p->slug, f);
        struct stat sb;
        fresh = path && stat(path, &sb) == 0 &&
                (i >= ep.media_count || (uint64_t)sb.st_size == ep.media[i].bytes);
        free(path);
    }
    pc_episode_clear(&ep);
    return fresh ? PCAST_SITE_FRESH : PCAST_SITE_STALE;
}

/* Reads, filters and parses post p, and sets its hash and state. */
static pcast_status load_post(pcast_site *s, pc_site_post *p, pcast_error *err)
{
    pcast_status st = pc_file_read(p->path, &p->data, &p->size, err);
    if (st)
        return st;
    if (!pc_kv_parse_front_matter(&p->front, p->path, p->data, p->size))
        pc_kv_free(&p->front); /* the post's own parse reports it */
    if (!pc_kv_bool(&p->front, "podcast", 1))
        p->skip = "podcast: false";
    else if (pc_kv_bool(&p->front, "draft", 0))
        p->skip = "draft";
    else if (!pc_kv_bool(&p->front, "published", 1))
        p->skip = "unpublished";
    if (!p->skip) {
        pcast_parse_options o = pcast_parse_options_init();
        o.cast_path = s->cfg.cast_path;
        st = pcast_post_parse(p->path, p->data, p->size, &o, &p->post, err);
        if (!st)
            st = pcast_cast_new(p->post, s->voices, &p->cast, err);
        if (st)
            return st;
        hash_post(s, p);
    }
    p->pub.slug = p->slug;
    p->pub.path = p->path;
    p->pub.skip_reason = p->skip;
    p->pub.hash = p->skip ? NULL : p->hash;
    p->pub.state = p->skip ? PCAST_SITE_SKIPPED : state_of(s, p);
    return PCAST_OK;
}

static pcast_status parse_formats(pcast_site *s, pcast_error *err)
{
    const char *f = s->cfg.formats ? s->cfg.formats : "mp3,opus";
    s->cfg.formats = f;
    while (*f) {
        size_t n = strcspn(f, ",");
        static const char *const known[] = {"wav", "flac", "mp3", "opus"};
        bool ok = false, again = false;
        for (size_t k = 0; k < 4; k++)
            ok |= strlen(known[k]) == n && !strncmp(known[k], f, n);
        for (size_t k = 0; ok && k < s->format_count; k++)
            again |= strlen(s->formats[k]) == n && !strncmp(s->formats[k], f, n);
        if (!ok || again) {
            const char *why = again ? "format '%.*s' is named twice"
                              : n == 3 && !strncasecmp(f, "m4a", 3)
                                  ? "a site has no M4A episodes yet ('%.*s'; it has wav, flac, mp3, opus)"
                              : n ? "unknown format '%.*s' (a site has wav, flac, mp3, opus)"
                                  : "an empty format in the list%.*s (a site has wav, flac, mp3, opus)";
            return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, why, (int)n, f);
        }
        char **nf = realloc(s->formats, (s->format_count + 1) * sizeof *nf);
        if (!nf)
            return pc_error_nomem(err);
        s->formats = nf;
        if (!(nf[s->format_count] = strndup(f, n)))
            return pc_error_nomem(err);
        s->format_count++;
        f += n + (f[n] == ',');
    }
    return s->format_count ? PCAST_OK
                           : pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no formats given");
}

bool pc_url_local(const char *link)
{
    const char *h = link ? strstr(link, "://") : NULL;
    if (!h)
        return false;
    h += 3;
    size_t n = strcspn(h, ":/");
    return (n == 9 && !strncasecmp(h, "localhost", 9)) || !strncmp(h, "127.", 4) ||
           !strncmp(h, "[::1]", 5) || (n == 7 && !strncmp(h, "0.0.0.0", 7));
}

pcast_status pcast_site_open(const pcast_site_config *cfg, pcast_site **out, pcast_error *err)
{
    *out = NULL;
    if (!cfg || !cfg->source_dir || !cfg->output_dir)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no source or output directory");
    pcast_site *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->cfg = *cfg;
    pcast_status st = parse_formats(s, err);
    if (!st)
        st = pc_channel_load(&s->channel, cfg->source_dir, cfg->base_url, err);
    if (!st && cfg->log && pc_url_local(s->channel.link))
        cfg->log(cfg->user, NULL,
                 "warning: the feed's links point at this machine (no url or baseURL in the "
                 "site's config, or a local one): podcast apps cannot fetch them; give "
                 "--base-url https://... or set url in the config");
    if (!st)
        st = pcast_voices_load(cfg->voice_dirs, cfg->voice_dir_count, &s->voices, err);
    if (!st)
        st = find_posts(s, err);
    for (size_t i = 0; !st && i < s->count; i++) {
        st = load_post(s, &s->posts[i], err);
        s->stats.episodes += !st && !s->posts[i].skip;
    }
    if (st) {
        pcast_site_free(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

void pcast_site_free(pcast_site *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        pc_site_post *p = &s->posts[i];
        free(p->path);
        free(p->slug);
        free(p->data);
        pc_kv_free(&p->front);
        pcast_cast_free(p->cast);
        pcast_post_free(p->post);
    }
    free(s->posts);
    for (size_t i = 0; i < s->format_count; i++)
        free(s->formats[i]);
    free(s->formats);
    pcast_voices_free(s->voices);
    pc_channel_free(&s->channel);
    free(s);
}

size_t pcast_site_post_count(const pcast_site *s) { return s->count; }

const pcast_site_post *pcast_site_post_get(const pcast_site *s, size_t i)
{
    return i < s->count ? &s->posts[i].pub : NULL;
}

pcast_site_stats pcast_site_get_stats(const pcast_site *s) { return s->stats; }

size_t pcast_site_find(const pcast_site *s, const char *path)
{
    struct stat want, have;
    bool known = stat(path, &want) == 0;
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->posts[i].path, path) ||
            (known && stat(s->posts[i].path, &have) == 0 && have.st_dev == want.st_dev &&
             have.st_ino == want.st_ino))
            return i;
    return SIZE_MAX;
}
