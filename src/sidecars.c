/* sidecars: files beside the episode, all from the one timeline (nothing
 * re-probes the audio): Podcasting 2.0 chapters and transcript JSON
 * (jansson), WebVTT with voice spans, SRT, and a CD-style cue sheet.
 *
 * Cues are sentences: consecutive clips joined by a run boundary (a
 * language switch, or a long sentence cut at a comma) are one sentence,
 * whose start and end are exact sample offsets. A sentence longer than
 * 65 characters becomes several cues, its span shared out by characters. */
#include "internal.h"
#include "io.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CUE_CHARS 65

typedef struct cue {
    double start, end;   /* seconds */
    size_t speaker;
    size_t section;
    char *text;
} cue;

typedef struct cues {
    cue *items;
    size_t count, cap;
} cues;

static void cues_free(cues *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->items[i].text);
    free(c->items);
}

static bool cues_add(cues *c, double start, double end, size_t speaker, size_t section,
                     const char *text, size_t n)
{
    if (!pc_grow((void **)&c->items, &c->cap, c->count, sizeof *c->items))
        return false;
    cue *q = &c->items[c->count];
    q->text = strndup(text, n);
    if (!q->text)
        return false;
    q->start = start;
    q->end = end;
    q->speaker = speaker;
    q->section = section;
    c->count++;
    return true;
}

/* Cuts a sentence into pieces of at most CUE_CHARS code points, at a
 * blank where there is one, and shares [start, end] out by characters. */
static bool add_sentence(cues *c, double start, double end, size_t speaker, size_t section,
                         const char *text)
{
    size_t len = strlen(text), total = pc_utf8_count(text, len), done = 0;
    if (!total)
        return true;
    const char *p = text;
    while (*p) {
        size_t chars = 0, i = 0, blank = 0, blank_chars = 0;
        while (p[i] && chars < CUE_CHARS) {
            unsigned cp;
            i += pc_utf8_decode(p + i, strlen(p + i), &cp);
            chars++;
            if (cp == ' ') {
                blank = i;
                blank_chars = chars;
            }
        }
        if (p[i] && blank) {
            i = blank;
            chars = blank_chars;
        }
        size_t n = i;
        while (n && p[n - 1] == ' ')
            n--;
        double a = start + (end - start) * (double)done / (double)total;
        double b = start + (end - start) * (double)(done + chars) / (double)total;
        if (n && !cues_add(c, a, p[i] ? b : end, speaker, section, p, n))
            return false;
        done += chars;
        p += i;
        while (*p == ' ')
            p++;
    }
    return true;
}

static bool build_cues(const pcast_plan *plan, const pcast_timeline *tl, cues *out)
{
    unsigned rate = pcast_timeline_sample_rate(tl);
    pc_buf text = {0};
    double start = 0, end = 0;
    size_t speaker = 0, section = 0;
    bool open = false, ok = true;
    for (size_t i = 0; i < pcast_timeline_count(tl) && ok; i++) {
        const pcast_timeline_entry *e = pcast_timeline_get(tl, i);
        const pcast_clip *c = pcast_plan_clip(plan, e->clip_index);
        bool joins = open && c->before >= PCAST_BOUNDARY_RUN && c->before < PCAST_BOUNDARY_SENTENCE && c->speaker_index == speaker &&
                     c->section_index == section;
        if (open && !joins) {
            ok = add_sentence(out, start, end, speaker, section, text.data);
            pc_buf_clear(&text);
            open = false;
        }
        if (!open) {
            start = (double)e->start_frames / rate;
            speaker = c->speaker_index;
            section = c->section_index;
            open = true;
        } else if (c->space_before) {
            ok = ok && pc_buf_putc(&text, ' ');
        }
        ok = ok && pc_buf_puts(&text, c->text);
        end = (double)(e->start_frames + e->clip_frames) / rate;
    }
    if (open && ok)
        ok = add_sentence(out, start, end, speaker, section, text.data);
    pc_buf_free(&text);
    return ok;
}

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
    for (; *s && ok; s++) {
        switch (*s) {
        case '&': ok = pc_buf_puts(b, "&amp;"); break;
        case '<': ok = pc_buf_puts(b, "&lt;"); break;
        case '>': ok = pc_buf_puts(b, "&gt;"); break;
        default: ok = pc_buf_putc(b, *s);
        }
    }
    return ok;
}

/* A CUE sheet string: quotes cannot be escaped, so they become ' . */
static bool cue_string(pc_buf *b, const char *s)
{
    bool ok = pc_buf_putc(b, '"');
    for (; *s && ok; s++)
        ok = pc_buf_putc(b, *s == '"' ? '\'' : (*s == '\n' || *s == '\r') ? ' ' : *s);
    return ok && pc_buf_putc(b, '"');
}

pcast_status pcast_sidecars_write(const pcast_post *post, const pcast_plan *plan,
                                  const pcast_timeline *tl, const char *episode_path,
                                  pcast_error *err)
{
    if (!post || !plan || !tl || !episode_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to write sidecars for");
    const char *slash = strrchr(episode_path, '/');
    const char *dot = strrchr(episode_path, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - episode_path) : strlen(episode_path);
    const char *base = slash ? slash + 1 : episode_path;
    unsigned rate = pcast_timeline_sample_rate(tl);
    double total = (double)pcast_timeline_total_frames(tl) / rate;
    size_t nsec = pcast_post_section_count(post);

    cues cs = {0};
    pc_buf path = {0}, body = {0};
    pcast_status st = PCAST_OK;
    if (!build_cues(plan, tl, &cs)) {
        st = pc_error_nomem(err);
        goto done;
    }
#define PATH(ext)                                                                     \
    (pc_buf_clear(&path), pc_buf_append(&path, episode_path, stem) && pc_buf_puts(&path, ext))

    /* Podcasting 2.0 chapters */
    json_t *chapters = json_array();
    for (size_t i = 0; i < nsec && chapters; i++) {
        double a = (double)pcast_timeline_chapter_frames(tl, i) / rate;
        double b = i + 1 < nsec ? (double)pcast_timeline_chapter_frames(tl, i + 1) / rate : total;
        json_array_append_new(chapters, json_pack("{s:f, s:f, s:s}", "startTime", ms(a), "endTime",
                                                  ms(b), "title", pcast_post_section(post, i)->title));
    }
    if ((st = write_doc(PATH(".chapters.json") ? path.data : NULL, "1.2.0", "chapters", chapters,
                        err)))
        goto done;

    /* Podcasting 2.0 transcript: a segment per cue */
    json_t *segments = json_array();
    for (size_t i = 0; i < cs.count && segments; i++)
        json_array_append_new(segments,
                              json_pack("{s:s, s:f, s:f, s:s}", "speaker",
                                        pcast_post_speaker(post, cs.items[i].speaker)->name,
                                        "startTime", ms(cs.items[i].start), "endTime",
                                        ms(cs.items[i].end), "body", cs.items[i].text));
    if ((st = write_doc(PATH(".transcript.json") ? path.data : NULL, "1.0.0", "segments",
                        segments, err)))
        goto done;

    /* WebVTT with voice spans, and SRT */
    char a[32], b[32];
    bool ok = pc_buf_puts(&body, "WEBVTT\n");
    for (size_t i = 0; i < cs.count && ok; i++) {
        stamp(a, sizeof a, cs.items[i].start, '.');
        stamp(b, sizeof b, cs.items[i].end, '.');
        ok = pc_buf_printf(&body, "\n%zu\n%s --> %s\n<v ", i + 1, a, b) &&
             vtt_escape(&body, pcast_post_speaker(post, cs.items[i].speaker)->name) &&
             pc_buf_putc(&body, '>') && vtt_escape(&body, cs.items[i].text) &&
             pc_buf_puts(&body, "</v>\n");
    }
    if (!ok || !PATH(".vtt")) {
        st = pc_error_nomem(err);
        goto done;
    }
    if ((st = pc_io_write_file(path.data, body.data, body.len, err)))
        goto done;
    pc_buf_clear(&body);
    for (size_t i = 0; i < cs.count && ok; i++) {
        stamp(a, sizeof a, cs.items[i].start, ',');
        stamp(b, sizeof b, cs.items[i].end, ',');
        ok = pc_buf_printf(&body, "%zu\n%s --> %s\n%s\n\n", i + 1, a, b, cs.items[i].text);
    }
    if (!ok || !PATH(".srt")) {
        st = pc_error_nomem(err);
        goto done;
    }
    if ((st = pc_io_write_file(path.data, body.len ? body.data : "", body.len, err)))
        goto done;

    /* CUE sheet: INDEX 01 at mm:ss:ff, 75 frames a second */
    pc_buf_clear(&body);
    const char *type = dot && !strcasecmp(dot, ".wav") ? "WAVE" : "FLAC";
    ok = pc_buf_puts(&body, "REM GENRE Podcast\n") &&
         (!pcast_post_date(post) || pc_buf_printf(&body, "REM DATE %s\n", pcast_post_date(post))) &&
         pc_buf_puts(&body, "TITLE ") && cue_string(&body, pcast_post_title(post)) &&
         pc_buf_puts(&body, "\nFILE ") && cue_string(&body, base) &&
         pc_buf_printf(&body, " %s\n", type);
    for (size_t i = 0; i < nsec && i < 99 && ok; i++) {
        uint64_t f = pcast_timeline_chapter_frames(tl, i) * 75 / rate;
        /* the speakers of the section, in order of appearance */
        pc_buf who = {0};
        const pcast_section *s = pcast_post_section(post, i);
        for (size_t j = 0; j < s->turn_count && ok; j++) {
            const char *name = s->turns[j].speaker;
            bool seen = false;
            for (size_t k = 0; k < j; k++)
                seen = seen || !strcmp(s->turns[k].speaker, name);
            if (!seen)
                ok = (!who.len || pc_buf_puts(&who, ", ")) && pc_buf_puts(&who, name);
        }
        ok = ok && pc_buf_printf(&body, "  TRACK %02zu AUDIO\n    TITLE ", i + 1) &&
             cue_string(&body, s->title) && pc_buf_puts(&body, "\n    PERFORMER ") &&
             cue_string(&body, who.len ? who.data : "Narrator") &&
             pc_buf_printf(&body, "\n    INDEX 01 %02llu:%02llu:%02llu\n",
                           (unsigned long long)(f / 75 / 60), (unsigned long long)(f / 75 % 60),
                           (unsigned long long)(f % 75));
        pc_buf_free(&who);
    }
    if (!ok || !PATH(".cue")) {
        st = pc_error_nomem(err);
        goto done;
    }
    st = pc_io_write_file(path.data, body.data, body.len, err);
#undef PATH
done:
    cues_free(&cs);
    pc_buf_free(&path);
    pc_buf_free(&body);
    return st;
}
