/* sitebuild: renders a site's stale episodes and assembles the site from
 * the episodes' records (see site.c for how staleness is decided). */
#include "site.h"
#include "io.h"
#include "labels.h"
#include "sidecars.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pcast_status make_dirs(const char *path, pcast_error *err)
{
    char *p = strdup(path);
    if (!p)
        return pc_error_nomem(err);
    for (char *c = p + 1;; c++) {
        if (*c == '/' || !*c) {
            char was = *c;
            *c = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                pcast_status st = pc_error_set(err, PCAST_ERR_IO, p, 0, 0, "cannot create: %s",
                                               strerror(errno));
                free(p);
                return st;
            }
            *c = was;
            if (!was)
                break;
        }
    }
    free(p);
    return PCAST_OK;
}

static const char *mime_of(const char *format)
{
    static const char *const map[][2] = {
        {"mp3", "audio/mpeg"}, {"opus", "audio/ogg"}, {"flac", "audio/flac"}, {"wav", "audio/wav"}};
    for (size_t i = 0; i < 4; i++)
        if (!strcmp(map[i][0], format))
            return map[i][1];
    return "application/octet-stream";
}

/* An episode or season number: 1 to 999999, as a render tags it (the
 * render warns of any other), else -1 (left out; 'episode: 1e30' was
 * LONG_MAX in the feed). */
static long kv_long(const pc_kv *kv, const char *key)
{
    const char *v = pc_kv_get(kv, key);
    char *end;
    long n = v && v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : -1;
    return n > 0 && n < 1000000 && !*end ? n : -1;
}

/* The date: front matter's, else a Jekyll file name's YYYY-MM-DD. */
static char *post_date(const pc_site_post *p)
{
    const char *d = pcast_post_date(p->post);
    if (d)
        return strdup(d);
    const char *base = strrchr(p->path, '/');
    base = base ? base + 1 : p->path;
    int y, m, day;
    if (strlen(base) > 11 && sscanf(base, "%4d-%2d-%2d-", &y, &m, &day) == 3)
        return strndup(base, 10);
    return NULL;
}

/* Fills the record's text fields, people and chapters from the post. */
static bool describe(pc_episode *ep, const pc_site_post *p, const pcast_timeline *t)
{
    const char *desc = pcast_post_description(p->post);
    const char *lang = pcast_post_lang(p->post);
    const char *guid = pc_kv_get(&p->front, "guid");
    const char *type = pc_kv_get(&p->front, "episodeType");
    ep->slug = strdup(p->slug);
    ep->hash = strdup(p->hash);
    ep->title = strdup(pcast_post_title(p->post));
    if (!desc) /* the post's first paragraph, as Jekyll's excerpt */
        for (size_t i = 0; !desc && i < pcast_post_section_count(p->post); i++) {
            const pcast_section *sec = pcast_post_section(p->post, i);
            for (size_t k = 0; !desc && k < sec->turn_count; k++)
                for (size_t j = 0; !desc && j < sec->turns[k].paragraph_count; j++)
                    if (strcmp(sec->turns[k].paragraphs[j], sec->title))
                        desc = sec->turns[k].paragraphs[j];
        }
    ep->description = desc ? strdup(desc) : NULL;
    /* what a page's lang and the feed's episodeType cannot carry goes
     * without (the render warns of such a lang): lang="en&quot;&gt;..." */
    ep->lang = lang ? strdup(lang) : NULL;
    if (ep->lang && !pc_language_tag(ep->lang)) {
        free(ep->lang);
        ep->lang = NULL;
    }
    if (type && strcmp(type, "full") && strcmp(type, "trailer") && strcmp(type, "bonus"))
        type = NULL;
    ep->guid = guid ? strdup(guid) : NULL;
    ep->episode_type = type ? strdup(type) : NULL;
    ep->date = post_date(p);
    ep->episode = kv_long(&p->front, "episode");
    ep->season = kv_long(&p->front, "season");
    ep->explicit_content = pc_kv_bool(&p->front, "explicit", -1);
    unsigned rate = pcast_timeline_sample_rate(t);
    ep->duration_s = rate ? (double)pcast_timeline_total_frames(t) / rate : 0;
    size_t ns = pcast_post_speaker_count(p->post), nc = pcast_post_section_count(p->post);
    ep->people = calloc(ns + 1, sizeof *ep->people);
    ep->chapters = calloc(nc + 1, sizeof *ep->chapters);
    if (!ep->slug || !ep->hash || !ep->title || !ep->people || !ep->chapters)
        return false;
    for (size_t i = 0; i < ns; i++) {
        const pcast_speaker *sp = pcast_post_speaker(p->post, i);
        if (sp->narrator)
            continue; /* the site's own voice: its author, added as host later */
        if (pc_label_placeholder(sp->name))
            continue; /* "Speaker 2": a voice, but no person to list */
        pc_episode_person *d = &ep->people[ep->person_count];
        if (!(d->name = strdup(sp->name)))
            return false;
        ep->person_count++;
        for (size_t k = 0; k < p->front.count; k++)
            d->host |= !strcmp(p->front.keys[k], "hosts") && !strcmp(p->front.values[k], sp->name);
    }
    for (size_t i = 0; i < nc; i++) {
        pc_episode_chapter *c = &ep->chapters[ep->chapter_count];
        c->start_s = rate ? (double)pcast_timeline_chapter_frames(t, i) / rate : 0;
        if (!(c->title = strdup(pcast_post_section(p->post, i)->title)))
            return false;
        ep->chapter_count++;
    }
    return true;
}

/* Records the episode's media (each format's file and size) and the
 * sidecars pcast_sidecars_write left beside the primary file, named
 * after it (EPISODE.mp3.cue) or after the episode (EPISODE.cue). */
static pcast_status add_files(pcast_site *s, pc_episode *ep, pcast_error *err)
{
    static const char *const sidecars[] = {".chapters.json", ".vtt", ".srt", ".transcript.json",
                                           ".cue"};
    const size_t nside = sizeof sidecars / sizeof *sidecars;
    ep->media = calloc(s->format_count, sizeof *ep->media);
    /* and each chapter's image (ep.chapter-N.png or .jpg) */
    ep->sidecars = calloc(nside + ep->chapter_count, sizeof *ep->sidecars);
    if (!ep->media || !ep->sidecars)
        return pc_error_nomem(err);
    pc_buf name = {0};
    pcast_status st = PCAST_OK;
    for (size_t i = 0; !st && i < s->format_count + 2 * nside; i++) {
        pc_buf_clear(&name);
        bool media = i < s->format_count;
        size_t k = media ? 0 : (i - s->format_count) / 2;
        bool by_file = !media && (i - s->format_count) % 2 == 0;
        if (!media && ep->sidecar_count && pc_episode_sidecar(ep, sidecars[k]))
            continue; /* found under the primary file's name */
        if (!(media ? pc_buf_printf(&name, "%s.%s", ep->slug, s->formats[i])
                    : pc_buf_printf(&name, "%s%s", by_file ? ep->media[0].file : ep->slug,
                                    sidecars[k]))) {
            st = pc_error_nomem(err);
            break;
        }
        char *path = pc_site_episode_path(s, ep->slug, name.data);
        struct stat sb;
        bool found = path && stat(path, &sb) == 0;
        free(path);
        if (media && !found) {
            st = pc_error_set(err, PCAST_ERR_IO, name.data, 0, 0, "not written");
        } else if (media) {
            pc_episode_media *m = &ep->media[ep->media_count++];
            m->bytes = (uint64_t)sb.st_size;
            m->format = strdup(s->formats[i]);
            m->type = strdup(mime_of(s->formats[i]));
            m->file = pc_buf_take(&name);
            if (!m->format || !m->type || !m->file)
                st = pc_error_nomem(err);
        } else if (found && !(ep->sidecars[ep->sidecar_count++] = pc_buf_take(&name))) {
            st = pc_error_nomem(err);
        }
    }
    for (size_t k = 1; !st && k <= ep->chapter_count; k++) {
        for (int png = 0; png < 2 && !st; png++) {
            pc_buf_clear(&name);
            if (!pc_sidecars_image_name(&name, ep->slug, strlen(ep->slug), k,
                                        png ? "image/png" : "image/jpeg")) {
                st = pc_error_nomem(err);
                break;
            }
            char *path = pc_site_episode_path(s, ep->slug, name.data);
            struct stat sb;
            if (path && stat(path, &sb) == 0 &&
                !(ep->sidecars[ep->sidecar_count++] = pc_buf_take(&name)))
                st = pc_error_nomem(err);
            free(path);
        }
    }
    pc_buf_free(&name);
    return st;
}

pcast_status pcast_site_render(pcast_site *s, size_t i, pcast_error *err)
{
    if (i >= s->count || s->posts[i].skip)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "not an episode");
    pc_site_post *p = &s->posts[i];
    char *dir = pc_site_episode_path(s, p->slug, "");
    pcast_plan *plan = NULL;
    pcast_timeline *timeline = NULL;
    pc_episode ep;
    memset(&ep, 0, sizeof ep);
    pc_episode_clear(&ep);
    pc_buf out = {0};
    if (s->cfg.log)
        s->cfg.log(s->cfg.user, p->slug, "render");
    pcast_status st = dir ? make_dirs(dir, err) : pc_error_nomem(err);
    if (!st)
        st = pcast_plan_new_lexicon(p->post, &s->cfg.render.pauses, s->cfg.render.lexicon, &plan, err);
    for (size_t f = 0; !st && f < s->format_count; f++) {
        pcast_render_config cfg = s->cfg.render;
        pc_buf_clear(&out);
        if (!pc_buf_printf(&out, "%s%s.%s", dir, p->slug, s->formats[f])) {
            st = pc_error_nomem(err);
            break;
        }
        cfg.output_path = out.data;
        cfg.format = s->formats[f];
        cfg.first_clip = cfg.clip_count = 0;
        cfg.device = NULL;
        st = pcast_render(p->post, p->cast, plan, &cfg, f == 0 ? &timeline : NULL, err);
        if (!st && f == 0) {
            /* chapter images are named by their URL on the site */
            pc_episode at = {.slug = p->slug};
            char *base = pc_episode_url(&s->channel, &at, "");
            st = base ? pc_sidecars_write(p->post, plan, timeline, out.data, base, true, err)
                      : pc_error_nomem(err);
            free(base);
        }
    }
    if (!st)
        st = describe(&ep, p, timeline) ? add_files(s, &ep, err) : pc_error_nomem(err);
    if (!st) {
        char *rec = pc_site_episode_path(s, p->slug, "episode.json");
        st = rec ? pc_episode_save(&ep, rec, err) : pc_error_nomem(err);
        free(rec);
    }
    if (!st) {
        p->pub.state = PCAST_SITE_FRESH;
        s->stats.rendered++;
    }
    pc_episode_clear(&ep);
    pc_buf_free(&out);
    pcast_timeline_free(timeline);
    pcast_plan_free(plan);
    free(dir);
    return st;
}

/* Whether f names a file in the episode folder of slug, as every name a
 * build records does ("episodes/SLUG/FILE"): a manifest restored from
 * elsewhere listing "CNAME" or "index.html" removed the site's own. */
static bool in_episode_dir(const char *f, const char *slug)
{
    size_t n = strlen(slug);
    if (strncmp(f, "episodes/", 9) || strncmp(f + 9, slug, n) || f[9 + n] != '/')
        return false;
    const char *name = f + 10 + n;
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* Removes the files an old manifest entry lists (in its episode's folder
 * in OUT only, through no link leading out: a manifest naming
 * episodes/x/f where episodes/x was a link elsewhere removed a file
 * there), then its episode directory if that is left empty. */
static void remove_entry(pcast_site *s, const pc_manifest_entry *e)
{
    char *root = pc_path_join(s->cfg.output_dir, "");
    for (size_t k = 0; root && k < e->file_count; k++) {
        const char *f = e->files[k];
        if (!in_episode_dir(f, e->slug) || strstr(e->slug, ".."))
            continue;
        char *path = pc_path_join(root, f);
        if (path && pc_io_path_inside(path, root, strlen(root)))
            unlink(path);
        free(path);
    }
    free(root);
    char *dir = pc_site_episode_path(s, e->slug, "");
    if (dir && !strstr(e->slug, ".."))
        rmdir(dir);
    free(dir);
    s->stats.removed++;
    if (s->cfg.log)
        s->cfg.log(s->cfg.user, e->slug, "removed");
}

static bool is_episode(const pcast_site *s, const char *slug)
{
    for (size_t i = 0; i < s->count; i++)
        if (!s->posts[i].skip && !strcmp(s->posts[i].slug, slug))
            return true;
    return false;
}

static int cmp_newest(const void *a, const void *b)
{
    const pc_episode *x = *(pc_episode *const *)a, *y = *(pc_episode *const *)b;
    int c = strcmp(y->date ? y->date : "", x->date ? x->date : "");
    return c ? c : strcmp(x->slug, y->slug);
}

/* A host: in the post's hosts: or the site's podcast.hosts; an episode
 * without one is hosted by the site's author (whose voice the narrator
 * is). False when out of memory. */
static bool resolve_hosts(const pc_channel *ch, pc_episode *ep)
{
    bool any = false;
    for (size_t i = 0; i < ep->person_count; i++) {
        for (size_t k = 0; k < ch->host_count; k++)
            ep->people[i].host |= !strcmp(ch->hosts[k], ep->people[i].name);
        any |= ep->people[i].host;
    }
    if (any || !ch->author)
        return true;
    pc_episode_person *grown = realloc(ep->people, (ep->person_count + 1) * sizeof *grown);
    if (!grown)
        return false;
    ep->people = grown;
    memmove(grown + 1, grown, ep->person_count * sizeof *grown);
    grown[0].host = 1;
    ep->person_count++;
    return (grown[0].name = strdup(ch->author)) != NULL;
}

static pcast_status copy_artwork(pcast_site *s, pcast_error *err)
{
    if (!s->channel.image_src)
        return PCAST_OK;
    char *src = pc_path_join(s->cfg.source_dir, s->channel.image_src);
    char *dst = pc_path_join(s->cfg.output_dir, s->channel.image_file);
    char *data = NULL, *old = NULL;
    size_t n = 0, on = 0;
    pcast_status st = src && dst ? pc_file_read(src, &data, &n, err) : pc_error_nomem(err);
    if (!st && (pc_file_read(dst, &old, &on, NULL) || on != n || memcmp(old, data, n)))
        st = pc_file_write(dst, data, n, err);
    free(old);
    free(data);
    free(src);
    free(dst);
    return st;
}

static bool manifest_add(pc_manifest *m, const pc_episode *ep)
{
    pc_manifest_entry *e = &m->entries[m->count];
    memset(e, 0, sizeof *e);
    size_t n = ep->media_count + ep->sidecar_count + 2;
    if (!(e->files = calloc(n, sizeof *e->files)) || !(e->slug = strdup(ep->slug)) ||
        !(e->hash = strdup(ep->hash))) {
        m->count++;
        return false;
    }
    m->count++;
    for (size_t i = 0; i < n; i++) {
        const char *f = i < ep->media_count ? ep->media[i].file
                        : i < n - 2         ? ep->sidecars[i - ep->media_count]
                        : i == n - 2        ? "episode.json" : "index.html";
        pc_buf b = {0};
        if (!pc_buf_printf(&b, "episodes/%s/%s", ep->slug, f))
            return false;
        e->files[e->file_count++] = pc_buf_take(&b);
    }
    return true;
}

static bool in_feed(pc_episode *const *eps, size_t n, const char *slug)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(eps[i]->slug, slug))
            return true;
    return false;
}

/* An episode not rendered now keeps its old entry, so that its files are
 * still removed if its post goes. Moves e's contents into m. */
static void manifest_keep(pc_manifest *m, pc_manifest_entry *e)
{
    m->entries[m->count++] = *e;
    memset(e, 0, sizeof *e);
}

/* Loads the record of every episode that is fresh into eps (newest
 * first); *n is their count. */
static pcast_status load_records(pcast_site *s, pc_episode **eps, size_t *n, pcast_error *err)
{
    *n = 0;
    for (size_t i = 0; i < s->count; i++) {
        pc_site_post *p = &s->posts[i];
        if (p->skip)
            continue;
        if (p->pub.state != PCAST_SITE_FRESH) {
            if (s->cfg.log)
                s->cfg.log(s->cfg.user, p->slug, "not rendered: left out of the feed");
            continue;
        }
        char *rec = pc_site_episode_path(s, p->slug, "episode.json");
        pcast_status st = rec ? pc_episode_load(eps[*n], rec, err) : pc_error_nomem(err);
        free(rec);
        if (st)
            return st;
        if (!resolve_hosts(&s->channel, eps[*n]))
            return pc_error_nomem(err);
        ++*n;
    }
    qsort(eps, *n, sizeof *eps, cmp_newest);
    return PCAST_OK;
}

static pcast_status write_site(pcast_site *s, pc_episode **eps, size_t n, pcast_error *err)
{
    char *feed = pc_path_join(s->cfg.output_dir, "feed.xml");
    char *index = pc_path_join(s->cfg.output_dir, "index.html");
    pcast_status st = feed && index ? copy_artwork(s, err) : pc_error_nomem(err);
    if (!st)
        st = pc_feed_write(&s->channel, eps, n, feed, err);
    if (!st)
        st = pc_pages_write_index(&s->channel, eps, n, index, err);
    for (size_t i = 0; !st && i < n; i++) {
        char *dir = pc_site_episode_path(s, eps[i]->slug, "");
        st = dir ? pc_pages_write_episode(&s->channel, eps[i], dir, err) : pc_error_nomem(err);
        free(dir);
    }
    free(feed);
    free(index);
    return st;
}

pcast_status pcast_site_assemble(pcast_site *s, pcast_error *err)
{
    char *mpath = pc_path_join(s->cfg.output_dir, "manifest.json");
    pc_manifest old = {0}, now = {0};
    pc_episode *store = calloc(s->count + 1, sizeof *store);
    pc_episode **eps = calloc(s->count + 1, sizeof *eps);
    now.entries = calloc(s->count + 1, sizeof *now.entries);
    pcast_status st = mpath && store && eps && now.entries ? make_dirs(s->cfg.output_dir, err)
                                                           : pc_error_nomem(err);
    if (!st)
        st = pc_manifest_load(&old, mpath, err);
    for (size_t i = 0; !st && i < old.count; i++)
        if (!is_episode(s, old.entries[i].slug))
            remove_entry(s, &old.entries[i]);
    size_t n = 0;
    for (size_t i = 0; store && eps && i <= s->count; i++) {
        eps[i] = &store[i];
        pc_episode_clear(eps[i]);
    }
    if (!st)
        st = load_records(s, eps, &n, err);
    if (!st)
        st = write_site(s, eps, n, err);
    for (size_t i = 0; !st && i < n; i++)
        if (!manifest_add(&now, eps[i]))
            st = pc_error_nomem(err);
    for (size_t i = 0; !st && i < old.count; i++)
        if (is_episode(s, old.entries[i].slug) && !in_feed(eps, n, old.entries[i].slug))
            manifest_keep(&now, &old.entries[i]);
    if (!st)
        st = pc_manifest_save(&now, mpath, err);
    s->stats.in_feed = st ? 0 : n;
    for (size_t i = 0; store && i <= s->count; i++)
        pc_episode_clear(&store[i]);
    free(store);
    free(eps);
    pc_manifest_free(&old);
    pc_manifest_free(&now);
    free(mpath);
    return st;
}
