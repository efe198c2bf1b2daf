/* episode_tags: front matter and overrides to podcast tags (see
 * episode_tags.h). */
#include "episode_tags.h"

#include "buf.h"
#include "chapter_media.h"
#include "chapters.h"
#include "error.h"
#include "language.h"
#include "plan.h"
#include "post.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The last cfg->meta override of key, or NULL. */
static const char *meta_given(const pcast_render_config *cfg, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = cfg->meta_count; i-- > 0;)
        if (cfg->meta[i] && !strncmp(cfg->meta[i], key, n) && cfg->meta[i][n] == '=')
            return cfg->meta[i] + n + 1;
    return NULL;
}

/* Warns about key's value (key NULL: about the post): at FILE:LINE:COL
 * of the value in the post's front matter, or as --meta's when --meta
 * gave it (the post did not say it). */
static void warn(const pcast_render_config *cfg, const pcast_post *post, const char *key, const char *msg)
{
    unsigned long line = 0, column = 0;
    bool meta = key && meta_given(cfg, key);
    if (post && key && !meta)
        pc_front_key_at(&post->front, key, &line, &column);
    char said[240];
    snprintf(said, sizeof said, "--meta %s", msg);
    pcast_warning w = {post && !meta ? pcast_post_path(post) : NULL, line, meta ? said : msg, column};
    if (cfg->warning)
        cfg->warning(cfg->user, &w);
}

/* key's value: the last cfg->meta override, else the front matter's. */
static const char *value(const pcast_post *post, const pcast_render_config *cfg, const char *key)
{
    const char *v = meta_given(cfg, key);
    if (v)
        return v;
    v = post ? pcast_post_meta(post, key) : NULL;
    return v && *v ? v : NULL;
}

static unsigned number(const pcast_render_config *cfg, const pcast_post *post, const char *key,
                       const char *v)
{
    char *end;
    unsigned long n = v ? strtoul(v, &end, 10) : 0;
    if (!v || (v[0] >= '0' && v[0] <= '9' && !*end && n > 0 && n < 1000000))
        return (unsigned)n;
    char msg[160];
    snprintf(msg, sizeof msg, "%s: '%.40s' is not a number from 1; left out", key, v);
    warn(cfg, post, key, msg);
    return 0;
}

static int advisory(const pcast_render_config *cfg, const pcast_post *post, const char *v)
{
    static const char *const yes[] = {"true", "yes", "explicit", "1"};
    static const char *const no[] = {"false", "no", "clean", "0"};
    for (size_t i = 0; v && i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 2;
    }
    if (v)
        warn(cfg, post, "explicit", "explicit: expected true or false (yes/no, explicit/clean); left out");
    return 0;
}

/* itunes:episodeType's values, as written; NULL (with a warning) for
 * anything else. */
static const char *episode_type(const pcast_render_config *cfg, const pcast_post *post, const char *v)
{
    static const char *const types[] = {"full", "trailer", "bonus"};
    for (size_t i = 0; v && i < 3; i++)
        if (!strcasecmp(v, types[i]))
            return types[i];
    if (v)
        warn(cfg, post, "episode_type", "episode_type: expected full, trailer or bonus; left out");
    return NULL;
}

/* The episode's web page (url): an http(s) URL, else NULL with a warning
 * (a javascript: or data: URL went into WWW, WXXX and the M4A's tag,
 * which taggers and players show as a link). */
static const char *web_url(const pcast_render_config *cfg, const pcast_post *post, const char *v)
{
    if (!v || pc_chapters_web_url(v))
        return v;
    char msg[160];
    snprintf(msg, sizeof msg, "url: '%.60s' is not an http(s) URL; left out", v);
    warn(cfg, post, "url", msg);
    return NULL;
}

/* The front matter's image: by the rules for files a post names
 * (chapter_media.h), a relative path also as a site path (assets/x.png
 * in a Jekyll post means the site's). NULL with *why set, or with *why
 * NULL on ENOMEM. */
static char *find_image(const char *post_path, const char *image, bool allow_outside,
                        const char **why)
{
    char *path = pc_post_image_path(post_path, image, allow_outside, why);
    struct stat st;
    if (!path || image[0] == '/' || !stat(path, &st))
        return path;
    pc_buf site = {0}; /* missing beside the post: try it as a site path */
    const char *why_site = NULL;
    char *alt = pc_buf_printf(&site, "/%s", image)
                    ? pc_post_image_path(post_path, site.data, allow_outside, &why_site)
                    : NULL;
    pc_buf_free(&site);
    if (alt && !stat(alt, &st)) {
        free(path);
        return alt;
    }
    free(alt);
    return path;
}

static pcast_status load_artwork(pc_episode_tags *t, const pcast_post *post,
                                 const pcast_render_config *cfg, pcast_error *err)
{
    const char *file = post ? pcast_post_path(post) : NULL;
    pcast_status st = PCAST_OK;
    const char *shown = cfg->artwork;
    if (cfg->artwork) {
        st = pc_artwork_load(&t->artwork, cfg->artwork, err);
    } else if (post && (shown = pcast_post_meta(post, "image")) && *shown) {
        const char *why = "is a URL (URLs are not fetched)";
        char *path = strstr(shown, "://")
                         ? NULL
                         : find_image(file ? file : "", shown, cfg->allow_images_outside, &why);
        if (!path && !why)
            return pc_error_nomem(err);
        pcast_error e2 = {0};
        if (!path || pc_artwork_load(&t->artwork, path, &e2)) {
            pc_buf m = {0};
            pc_buf_printf(&m, "image: %s: %s; no cover art", shown, path ? e2.message : why);
            warn(cfg, post, "image", m.data ? m.data : "image: cannot be used");
            pc_buf_free(&m);
        }
        free(path);
    }
    char why[200];
    if (!st && t->artwork.size && !pc_artwork_apple_check(&t->artwork, why, sizeof why)) {
        pc_buf m = {0};
        pc_buf_printf(&m, "cover art %s %s (Apple Podcasts' rule)", shown, why);
        warn(cfg, post, cfg->artwork ? NULL : "image", m.data ? m.data : why);
        pc_buf_free(&m);
    }
    return st;
}

pcast_status pc_episode_tags_make(pc_episode_tags *t, const pcast_post *post,
                                  const pcast_render_config *cfg, pcast_error *err)
{
    memset(t, 0, sizeof *t);
    t->author = value(post, cfg, "author");
    t->show = value(post, cfg, "show");
    t->copyright = value(post, cfg, "copyright");
    t->url = web_url(cfg, post, value(post, cfg, "url"));
    t->episode_type = episode_type(cfg, post, value(post, cfg, "episode_type"));
    t->episode = number(cfg, post, "episode", value(post, cfg, "episode"));
    t->season = number(cfg, post, "season", value(post, cfg, "season"));
    t->advisory = advisory(cfg, post, value(post, cfg, "explicit"));
    const char *lang = value(post, cfg, "lang");
    if (!lang && post)
        lang = pcast_post_lang(post);
    if (!lang && post)
        lang = pc_plan_spoken_language(post); /* what it is read in */
    if (lang && !pc_language_iso639_2(lang, t->language))
        t->language[0] = '\0';
    pcast_status st = load_artwork(t, post, cfg, err);
    if (st)
        pc_episode_tags_free(t);
    return st;
}

void pc_episode_tags_free(pc_episode_tags *t)
{
    pc_artwork_free(&t->artwork);
    memset(t, 0, sizeof *t);
}
