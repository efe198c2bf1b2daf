/* sidecars: files beside the episode, all from the one timeline (nothing
 * re-probes the audio): Podcasting 2.0 chapters and transcript JSON
 * (jansson), WebVTT with voice spans, SRT, and a CD-style cue sheet.
 *
 * Names: the chapters, transcript and captions describe the episode (its
 * times and words are the same in every container of one render), so
 * they take the episode's name less its extension: ep.chapters.json,
 * ep.transcript.json, ep.vtt, ep.srt. The cue sheet names one audio file,
 * so it takes the whole name: ep.flac.cue, ep.mp3.cue, one per container.
 * A chapter's image (a checked file the post names, chapter_media.h) is
 * published beside them as ep.chapter-N.png (or .jpg), N its chapter
 * number, which the chapters' "img" names: relative to the chapters file,
 * or under a base URL the site gives; an image the post gives as an
 * http(s) URL is named as it is. An image from outside the post's
 * folders is never copied there, whatever the render allowed.
 * No sidecar is named after standard output or a device, none may be a
 * file the render reads (the post, its chapters file), and none replaces
 * captions (.vtt, and the .srt beside one) that postcast did not write:
 * its WebVTT opens with a NOTE saying so (a site build's own folder
 * excepted). Front matter cannot add lines: control characters in
 * titles, names and dates become spaces.
 *
 * The captions' cues are made in caption_cues.c. */
#include "internal.h"
#include "chapter_media.h"
#include "container.h"
#include "engine.h"
#include "io.h"
#include "plan.h"
#include "sidecars.h"
#include "sidecars_cue.h"
#include "caption_cues.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- writing, each file whole or not at all ---------- */

/* A Podcasting 2.0 document {"version", key: items} at path; takes items.
 * path NULL: out of memory making it. */
static pcast_status write_doc(const char *path, const char *version, const char *key,
                              json_t *items, pcast_error *err)
{
    if (!path) {
        json_decref(items);
        return pc_error_nomem(err);
    }
    json_t *root = items ? json_pack("{s:s, s:o}", "version", version, key, items) : NULL;
    if (!root)
        return pc_error_nomem(err);
    char *text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text)
        return pc_error_nomem(err);
    pcast_status st = pc_io_write_file(path, text, strlen(text), err);
    free(text);
    return st;
}

static double ms(double seconds) { return (double)(long long)(seconds * 1000.0 + 0.5) / 1000.0; }

static void stamp(char *out, size_t size, double seconds, char sep)
{
    unsigned long long t = (unsigned long long)(seconds * 1000.0 + 0.5);
    snprintf(out, size, "%02llu:%02llu:%02llu%c%03llu", t / 3600000, t / 60000 % 60,
             t / 1000 % 60, sep, t % 1000);
}

/* WebVTT: "-->" and "&", "<", ">" may not appear raw in cue text. */
static bool vtt_escape(pc_buf *b, const char *s)
{
    bool ok = true;
    for (size_t i = 0, n = strlen(s); i < n && ok;) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        int k = pc_speech_clean_class(cp); /* 1 a blank, 2 dropped */
        switch (k ? 0 : s[i]) {
        case 0: ok = k == 2 || pc_buf_putc(b, ' '); break;
        case '&': ok = pc_buf_puts(b, "&amp;"); break;
        case '<': ok = pc_buf_puts(b, "&lt;"); break;
        case '>': ok = pc_buf_puts(b, "&gt;"); break;
        default: ok = pc_buf_append(b, s + i, len);
        }
        i += len;
    }
    return ok;
}

/* SRT has no escapes, and its readers find a cue by its "-->" line:
 * ffmpeg dropped a cue whose text was "00:00:01.000 --> 00:00:05.000".
 * The arrow is written as one (U+2192), which no reader takes for a
 * timing. */
static bool srt_text(pc_buf *b, const char *s)
{
    bool ok = true;
    for (const char *arrow; ok && (arrow = strstr(s, "-->")); s = arrow + 3)
        ok = pc_buf_append(b, s, (size_t)(arrow - s)) && pc_buf_puts(b, "\xe2\x86\x92");
    return ok && pc_buf_puts(b, s);
}

/* What every sidecar writer needs. */
typedef struct side {
    const pcast_post *post;
    const pcast_timeline *tl;
    const char *episode;  /* the episode's path */
    size_t stem;          /* its length less the extension */
    unsigned rate;
    const pc_cues *cs;
    const char *url_base; /* where the episode's folder is published, or NULL */
    pc_buf path, body;
} side;

/* The sidecars' names: the episode's name less its extension plus ext,
 * or (full) the whole name plus ext. The check and the writers both
 * name them from here. */
enum side_kind { SIDE_CHAPTERS, SIDE_TRANSCRIPT, SIDE_VTT, SIDE_SRT, SIDE_CUE };
static const struct {
    const char *ext;
    bool full;
} sidecar_names[] = {[SIDE_CHAPTERS] = {".chapters.json", false},
                     [SIDE_TRANSCRIPT] = {".transcript.json", false},
                     [SIDE_VTT] = {".vtt", false},
                     [SIDE_SRT] = {".srt", false},
                     [SIDE_CUE] = {".cue", true}};

/* The captions postcast writes open so: a user's own WebVTT (or one from
 * a postcast that did not mark them) does not. */
#define VTT_OPENING "WEBVTT\n\nNOTE written by postcast\n"

static size_t stem_of(const char *episode)
{
    const char *slash = strrchr(episode, '/'), *dot = strrchr(episode, '.');
    return dot && (!slash || dot > slash) && dot != (slash ? slash + 1 : episode)
               ? (size_t)(dot - episode) : strlen(episode);
}

static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return !strcmp(a, b) || (stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
                             x.st_ino == y.st_ino);
}

/* path is captions this program wrote (false: absent, unreadable, or
 * anyone else's). */
static bool our_captions(const char *path)
{
    char head[sizeof VTT_OPENING - 1];
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n == (ssize_t)sizeof head && !memcmp(head, VTT_OPENING, sizeof head);
}

pcast_status pc_sidecars_check(const char *episode, const char *const *inputs, bool own_dir,
                               pcast_error *err)
{
    struct stat st_ep;
    if (!strcmp(episode, "-") || pc_io_in_dev(episode) ||
        (stat(episode, &st_ep) == 0 && !S_ISREG(st_ep.st_mode)))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "sidecars are named after the episode file: not for standard output "
                            "or a device (-o FILE)");
    if (!own_dir && !pc_cue_can_name(episode))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, episode, 0, 0, PC_CUE_NAME_ERROR);
    pc_buf path = {0};
    size_t stem = stem_of(episode);
    pcast_status st = PCAST_OK;
    bool captions_ours = true;
    for (size_t i = 0; i < sizeof sidecar_names / sizeof *sidecar_names && !st; i++) {
        pc_buf_clear(&path);
        if (!pc_buf_append(&path, episode, sidecar_names[i].full ? strlen(episode) : stem) ||
            !pc_buf_puts(&path, sidecar_names[i].ext)) {
            st = pc_error_nomem(err);
            break;
        }
        for (size_t k = 0; inputs && inputs[k] && !st; k++)
            if (same_file(inputs[k], path.data))
                st = pc_error_set(err, PCAST_ERR_ARGUMENT, inputs[k], 0, 0,
                                  "is read by this render; its sidecar would replace it: name the "
                                  "episode otherwise (-o)");
        /* the captions: a .vtt that is not ours, or an .srt beside one */
        bool vtt = i == SIDE_VTT, srt = i == SIDE_SRT;
        if (vtt)
            captions_ours = our_captions(path.data);
        if (!st && !own_dir && (vtt || srt) && !captions_ours && access(path.data, F_OK) == 0)
            st = pc_error_set(err, PCAST_ERR_ARGUMENT, path.data, 0, 0,
                              "is not captions postcast wrote; --sidecars would replace it: move "
                              "it, or name the episode otherwise (-o)");
    }
    pc_buf_free(&path);
    return st;
}

/* The path of the sidecar of that kind (sidecar_names), which
 * pc_sidecars_check has said may be written. NULL on ENOMEM. */
static const char *side_path(side *s, enum side_kind kind, pcast_error *err, pcast_status *st)
{
    pc_buf_clear(&s->path);
    if (!pc_buf_append(&s->path, s->episode,
                       sidecar_names[kind].full ? strlen(s->episode) : s->stem) ||
        !pc_buf_puts(&s->path, sidecar_names[kind].ext)) {
        *st = pc_error_nomem(err);
        return NULL;
    }
    return s->path.data;
}

bool pc_sidecars_image_name(pc_buf *b, const char *stem, size_t n, size_t chapter,
                            const char *mime)
{
    return pc_buf_append(b, stem, n) &&
           pc_buf_printf(b, ".chapter-%zu.%s", chapter, strcmp(mime, "image/png") ? "jpg" : "png");
}

/* A JSON string of t with its controls blanked (pc_speech_clean), as
 * every other sidecar writes text; NULL on ENOMEM. */
static json_t *clean_json_string(const char *t)
{
    pc_buf b = {0};
    const char *c = pc_speech_cleaned(t, &b);
    json_t *j = c ? json_string(c) : NULL;
    pc_buf_free(&b);
    return j;
}

/* Chapter i's image (written beside the episode) and URL into the
 * chapter object c. */
static pcast_status chapter_media(side *s, const pc_chapter_media *cm, size_t i, json_t *c,
                                  pcast_error *err)
{
    const char *img = cm->image_urls[i];
    pc_buf name = {0};
    pcast_status st = PCAST_OK;
    const char *slash = strrchr(s->episode, '/');
    size_t dir = slash ? (size_t)(slash - s->episode) + 1 : 0;
    /* an image an earlier render left for this chapter goes */
    for (int png = 0; png < 2 && !st; png++) {
        const char *mime = png ? "image/png" : "image/jpeg";
        if (cm->images[i] && !strcmp(cm->images[i]->mime, mime))
            continue;
        pc_buf_clear(&s->path);
        if (!pc_buf_append(&s->path, s->episode, dir) ||
            !pc_sidecars_image_name(&s->path, s->episode + dir, s->stem - dir, i + 1, mime))
            st = pc_error_nomem(err);
        else
            unlink(s->path.data);
    }
    if (cm->images[i] && !st) {
        pc_buf_clear(&s->path);
        if (!pc_buf_append(&s->path, s->episode, dir) ||
            !pc_sidecars_image_name(&name, s->episode + dir, s->stem - dir, i + 1,
                                    cm->images[i]->mime) ||
            !pc_buf_append(&s->path, name.data, name.len))
            st = pc_error_nomem(err);
        if (!st)
            st = pc_io_write_file(s->path.data, cm->images[i]->bytes, cm->images[i]->size, err);
        pc_buf_clear(&s->path);
        if (!st && s->url_base &&
            !(pc_buf_puts(&s->path, s->url_base) && pc_buf_append(&s->path, name.data, name.len)))
            st = pc_error_nomem(err);
        img = s->url_base ? s->path.data : name.data;
    }
    if (!st && ((img && json_object_set_new(c, "img", clean_json_string(img))) ||
                (cm->urls[i] && json_object_set_new(c, "url", clean_json_string(cm->urls[i])))))
        st = pc_error_nomem(err);
    pc_buf_free(&name);
    return st;
}

/* Podcasting 2.0 chapters and transcript (a segment per cue). */
static pcast_status write_json(side *s, pcast_error *err)
{
    size_t nsec = pcast_post_section_count(s->post);
    double total = (double)pcast_timeline_total_frames(s->tl) / s->rate;
    pc_chapter_media cm;
    pcast_status st = pc_chapter_media_load(&cm, s->post, false, NULL, NULL, err);
    json_t *chapters = st ? NULL : json_array();
    for (size_t i = 0; i < nsec && chapters && !st; i++) {
        double a = (double)pcast_timeline_chapter_frames(s->tl, i) / s->rate;
        double b = i + 1 < nsec ? (double)pcast_timeline_chapter_frames(s->tl, i + 1) / s->rate
                                : total;
        json_t *c = json_pack("{s:f, s:f, s:o}", "startTime", ms(a), "endTime", ms(b), "title",
                              clean_json_string(pcast_post_section(s->post, i)->title));
        if (c && i < cm.count)
            st = chapter_media(s, &cm, i, c, err);
        json_array_append_new(chapters, c);
    }
    pc_chapter_media_free(&cm);
    if (st) {
        json_decref(chapters);
        return st;
    }
    const char *path = side_path(s, SIDE_CHAPTERS, err, &st);
    if (!path) {
        json_decref(chapters);
        return st;
    }
    if ((st = write_doc(path, "1.2.0", "chapters", chapters, err)))
        return st;
    json_t *segments = json_array();
    for (size_t i = 0; i < s->cs->count && segments; i++) {
        const pc_cue *c = &s->cs->items[i];
        json_array_append_new(segments,
                              json_pack("{s:s, s:f, s:f, s:s}", "speaker",
                                        pcast_post_speaker(s->post, c->speaker)->name,
                                        "startTime", ms(c->start), "endTime", ms(c->end), "body",
                                        c->text));
    }
    if (!(path = side_path(s, SIDE_TRANSCRIPT, err, &st))) {
        json_decref(segments);
        return st;
    }
    return write_doc(path, "1.0.0", "segments", segments, err);
}

/* WebVTT with voice spans, and SRT. */
static pcast_status write_captions(side *s, pcast_error *err)
{
    char a[32], b[32];
    pc_buf_clear(&s->body);
    bool ok = pc_buf_puts(&s->body, VTT_OPENING);
    for (size_t i = 0; i < s->cs->count && ok; i++) {
        const pc_cue *c = &s->cs->items[i];
        stamp(a, sizeof a, c->start, '.');
        stamp(b, sizeof b, c->end, '.');
        ok = pc_buf_printf(&s->body, "\n%zu\n%s --> %s\n<v ", i + 1, a, b) &&
             vtt_escape(&s->body, pcast_post_speaker(s->post, c->speaker)->name) &&
             pc_buf_putc(&s->body, '>') && vtt_escape(&s->body, c->text) &&
             pc_buf_puts(&s->body, "</v>\n");
    }
    pcast_status st = PCAST_OK;
    const char *path = ok ? side_path(s, SIDE_VTT, err, &st) : NULL;
    if (!ok)
        return pc_error_nomem(err);
    if (!path || (st = pc_io_write_file(path, s->body.data, s->body.len, err)))
        return st;
    pc_buf_clear(&s->body);
    for (size_t i = 0; i < s->cs->count && ok; i++) {
        const pc_cue *c = &s->cs->items[i];
        stamp(a, sizeof a, c->start, ',');
        stamp(b, sizeof b, c->end, ',');
        ok = pc_buf_printf(&s->body, "%zu\n%s --> %s\n", i + 1, a, b) &&
             srt_text(&s->body, c->text) && pc_buf_puts(&s->body, "\n\n");
    }
    if (!ok)
        return pc_error_nomem(err);
    if (!(path = side_path(s, SIDE_SRT, err, &st)))
        return st;
    return pc_io_write_file(path, s->body.len ? s->body.data : "", s->body.len, err);
}

/* A CD-style cue sheet, INDEX 01 at mm:ss:ff (75 frames a second,
 * rounded). It names one file, so it is named after it: EPISODE.flac.cue,
 * and each container of an episode has its own. */
static pcast_status write_cue(side *s, pcast_error *err)
{
    const pc_container *c = pc_container_for_path(s->episode);
    const char *slash = strrchr(s->episode, '/');
    const pcast_post *post = s->post;
    if (!pc_cue_can_name(s->episode))
        return PCAST_OK; /* a site's episode named so goes without (the check refuses others) */
    pc_buf_clear(&s->body);
    pc_buf *body = &s->body;
    /* the post's author performs the episode, and reads what the
     * narrator reads (the tags' ARTIST; the cue said "Narrator") */
    const char *author = pcast_post_meta(post, "author");
    author = author && *author ? author : NULL;
    bool ok = pc_buf_puts(body, "REM GENRE Podcast\n") &&
              (!pcast_post_date(post) || (pc_buf_puts(body, "REM DATE ") &&
                                          pc_cue_text(body, pcast_post_date(post), false) &&
                                          pc_buf_putc(body, '\n'))) &&
              pc_buf_puts(body, "TITLE ") && pc_cue_string(body, pcast_post_title(post)) &&
              (!author || (pc_buf_puts(body, "\nPERFORMER ") && pc_cue_string(body, author))) &&
              pc_buf_puts(body, "\nFILE ") && pc_cue_string(body, slash ? slash + 1 : s->episode) &&
              pc_buf_printf(body, " %s\n", c && c->cue_type ? c->cue_type : "WAVE");
    for (size_t i = 0; i < pcast_post_section_count(post) && i < 99 && ok; i++) {
        uint64_t f = (pcast_timeline_chapter_frames(s->tl, i) * 75 + s->rate / 2) / s->rate;
        pc_buf who = {0};
        const pcast_section *sec = pcast_post_section(post, i);
        ok = pc_cue_performers(post, sec, author, &who) &&
             pc_buf_printf(body, "  TRACK %02zu AUDIO\n    TITLE ", i + 1) &&
             pc_cue_string(body, sec->title) && pc_buf_puts(body, "\n    PERFORMER ") &&
             pc_cue_string(body, who.len ? who.data : author ? author : "Narrator") &&
             pc_buf_printf(body, "\n    INDEX 01 %02llu:%02llu:%02llu\n",
                           (unsigned long long)(f / 75 / 60), (unsigned long long)(f / 75 % 60),
                           (unsigned long long)(f % 75));
        pc_buf_free(&who);
    }
    if (!ok)
        return pc_error_nomem(err);
    pcast_status st = PCAST_OK;
    const char *path = side_path(s, SIDE_CUE, err, &st);
    return path ? pc_io_write_file(path, body->data, body->len, err) : st;
}

pcast_status pcast_sidecars_write(const pcast_post *post, const pcast_plan *plan,
                                  const pcast_timeline *tl, const char *episode_path,
                                  pcast_error *err)
{
    return pc_sidecars_write(post, plan, tl, episode_path, NULL, false, err);
}

pcast_status pcast_sidecars_check(const char *episode_path, const char *const *inputs,
                                  pcast_error *err)
{
    return pc_sidecars_check(episode_path, inputs, false, err);
}

pcast_status pc_sidecars_write(const pcast_post *post, const pcast_plan *plan,
                               const pcast_timeline *tl, const char *episode_path,
                               const char *url_base, bool own_dir, pcast_error *err)
{
    if (!post || !plan || !tl || !episode_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to write sidecars for");
    const char *inputs[] = {pcast_post_path(post), NULL};
    pcast_status st = pc_sidecars_check(episode_path, inputs, own_dir, err);
    if (st)
        return st;
    side s = {.post = post, .tl = tl, .episode = episode_path, .url_base = url_base,
              .rate = pcast_timeline_sample_rate(tl), .stem = stem_of(episode_path)};
    pc_cues cs = {0};
    s.cs = &cs;
    st = pc_cues_build(plan, tl, &cs) ? PCAST_OK : pc_error_nomem(err);
    if (!st)
        st = write_json(&s, err);
    if (!st)
        st = write_captions(&s, err);
    if (!st)
        st = write_cue(&s, err);
    pc_cues_free(&cs);
    pc_buf_free(&s.path);
    pc_buf_free(&s.body);
    return st;
}
