/* pages: the site's HTML, written through libxml2's xmlTextWriter (it
 * escapes every text and attribute; the fixed style and script go in raw).
 * index.html lists the episodes; each episode's page has an <audio>
 * player over its own files, the chapter list (a click seeks) and the
 * transcript read from the episode's WebVTT sidecar, each cue marked as
 * playback reaches it. Nothing is loaded from the network. */
#include "site.h"

#include "doc.h"
#include "io.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char style_css[] =
    "body{font:17px/1.55 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "color:#1d1d1f;background:#fbfaf7}a{color:#0b5cad}h1{line-height:1.2}"
    "audio{width:100%;margin:1rem 0}.meta{color:#666}.time{font-variant-numeric:tabular-nums;"
    "color:#666;margin-right:.6em}#chapters a{text-decoration:none;display:block;padding:.15em .4em;"
    "border-radius:4px}#chapters a.current{background:#fde9a9}"
    "#transcript{max-height:24rem;overflow:auto;border-top:1px solid #ddd;padding-top:.5rem}"
    "#transcript .cue{cursor:pointer;border-radius:3px}#transcript .cue.current{background:#fde9a9}"
    ".speaker{font-weight:600;margin-right:.4em}.episodes li{margin:.8rem 0}"
    ".art{width:160px;height:160px;float:right;margin:0 0 1rem 1rem;border-radius:8px}";

static const char player_js[] =
    "(function(){var a=document.getElementById('player');if(!a)return;"
    "var chaps=[].slice.call(document.querySelectorAll('#chapters [data-start]'));"
    "var cues=[].slice.call(document.querySelectorAll('#transcript [data-start]'));"
    "var lastCue=null;chaps.concat(cues).forEach(function(el){el.addEventListener('click',function(e){"
    "e.preventDefault();a.currentTime=parseFloat(el.getAttribute('data-start'));mark();"
    "var p=a.play();if(p&&p.catch)p.catch(function(){});});});"
    "function mark(){var t=a.currentTime,cur=null;"
    "chaps.forEach(function(el){if(parseFloat(el.getAttribute('data-start'))<=t+0.001)cur=el;});"
    "chaps.forEach(function(el){el.classList.toggle('current',el===cur);});cur=null;"
    "cues.forEach(function(el){if(parseFloat(el.getAttribute('data-start'))<=t+0.001&&"
    "t<parseFloat(el.getAttribute('data-end')))cur=el;});"
    "cues.forEach(function(el){el.classList.toggle('current',el===cur);});"
    "if(cur&&cur!==lastCue&&!a.paused){var box=document.getElementById('transcript');"
    "box.scrollTop=cur.offsetTop-box.offsetTop-box.clientHeight/3;}lastCue=cur;}"
    "a.addEventListener('timeupdate',mark);a.addEventListener('seeked',mark);mark();})();";

typedef xmlTextWriterPtr W;

static int start(W w, const char *name) { return xmlTextWriterStartElement(w, BAD_CAST name) < 0; }
static int end(W w) { return xmlTextWriterFullEndElement(w) < 0; }
/* Attributes and text go through pc_xml_text: no control or bidi
 * override of a title reaches the page. */
static int attr(W w, const char *k, const char *v)
{
    char *t = v ? pc_xml_text(v) : NULL;
    int r = v ? !t || xmlTextWriterWriteAttribute(w, BAD_CAST k, BAD_CAST t) < 0 : 0;
    free(t);
    return r;
}
/* attr of the href before + part (percent-encoded) + after. */
static int url_attr(W w, const char *k, const char *before, const char *part, const char *after)
{
    char *url = pc_url_relative(before, part, after);
    int r = !url || attr(w, k, url);
    free(url);
    return r;
}
static int text(W w, const char *s)
{
    char *t = s ? pc_xml_text(s) : NULL;
    int r = s ? !t || xmlTextWriterWriteString(w, BAD_CAST t) < 0 : 0;
    free(t);
    return r;
}
static int el(W w, const char *name, const char *cls, const char *s)
{
    return start(w, name) | attr(w, "class", cls) | text(w, s) | end(w);
}

/* s seconds as [H:]MM:SS: a length rounded, a moment (at) cut to its
 * second, as players count (a chapter at 10.508 s shows 0:10). */
static void clock_text(double s, bool at, char *out, size_t size)
{
    long t = (long)(at ? floor(s) : s + 0.5);
    if (t >= 3600)
        snprintf(out, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, size, "%ld:%02ld", t / 60, t % 60);
}

/* The day of a front-matter date ("2026-01-19 09:00:00 +0000" shows as
 * "2026-01-19"); other dates as they are. */
static const char *day_of(const char *date, char *out, size_t size)
{
    int y, m, d;
    if (!date)
        return NULL;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        snprintf(out, size, "%04d-%02d-%02d", y, m, d);
        return out;
    }
    return date;
}

static int head(W w, const char *lang, const char *title)
{
    int r = xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL) < 0;
    r |= xmlTextWriterWriteRaw(w, BAD_CAST "\n") < 0;
    r |= start(w, "html") | attr(w, "lang", lang ? lang : "en") | start(w, "head");
    r |= start(w, "meta") | attr(w, "charset", "utf-8") | (xmlTextWriterEndElement(w) < 0);
    r |= start(w, "meta") | attr(w, "name", "viewport") |
         attr(w, "content", "width=device-width, initial-scale=1") | (xmlTextWriterEndElement(w) < 0);
    r |= el(w, "title", NULL, title);
    r |= start(w, "style") | (xmlTextWriterWriteRaw(w, BAD_CAST style_css) < 0) | end(w);
    return r | end(w);
}

static pcast_status finish(W w, xmlBufferPtr buf, int r, const char *path, pcast_error *err)
{
    r |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    pcast_status s = r ? pc_error_set(err, PCAST_ERR_NOMEM, path, 0, 0, "cannot write the page")
                       : pc_file_write(path, (const char *)xmlBufferContent(buf),
                                       (size_t)xmlBufferLength(buf), err);
    xmlBufferFree(buf);
    return s;
}

static W open_writer(xmlBufferPtr *buf)
{
    *buf = xmlBufferCreate();
    W w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
    if (!w)
        xmlBufferFree(*buf);
    return w;
}

pcast_status pc_pages_write_index(const pc_channel *ch, pc_episode *const *eps, size_t n,
                                  const char *path, pcast_error *err)
{
    xmlBufferPtr buf;
    W w = open_writer(&buf);
    if (!w)
        return pc_error_nomem(err);
    int r = head(w, ch->language, ch->title) | start(w, "body") | start(w, "header");
    if (ch->image_file)
        r |= start(w, "img") | attr(w, "class", "art") | attr(w, "src", ch->image_file) |
             attr(w, "alt", "") | (xmlTextWriterEndElement(w) < 0);
    r |= el(w, "h1", NULL, ch->title) | el(w, "p", NULL, ch->description);
    r |= start(w, "p") | start(w, "a") | attr(w, "href", "feed.xml") | text(w, "Podcast feed (RSS)") |
         end(w) | end(w) | end(w);
    r |= start(w, "main") | start(w, "ol") | attr(w, "class", "episodes") | attr(w, "reversed", "reversed");
    char dur[32], day[32];
    for (size_t i = 0; i < n && !r; i++) {
        clock_text(eps[i]->duration_s, false, dur, sizeof dur);
        r |= start(w, "li") | start(w, "a") |
             url_attr(w, "href", "episodes/", eps[i]->slug, "/index.html") |
             text(w, eps[i]->title) | end(w);
        r |= start(w, "div") | attr(w, "class", "meta") | text(w, day_of(eps[i]->date, day, sizeof day)) |
             text(w, eps[i]->date ? " · " : "") | text(w, dur) | end(w);
        r |= el(w, "div", NULL, eps[i]->description) | end(w);
    }
    r |= end(w) | end(w) | end(w) | end(w);
    return finish(w, buf, r, path, err);
}

/* The transcript's cues from the WebVTT sidecar: one <p> per run of one
 * speaker's cues, each cue a span that seeks when clicked. */
static int write_transcript(W w, const char *vtt)
{
    int r = start(w, "div") | attr(w, "id", "transcript");
    const char *prev = NULL;
    size_t prev_len = 0;
    for (const char *p = vtt; p && *p && !r;) {
        const char *nl = strchr(p, '\n');
        unsigned h1, m1, s1, ms1, h2, m2, s2, ms2;
        if (sscanf(p, "%u:%u:%u.%u --> %u:%u:%u.%u", &h1, &m1, &s1, &ms1, &h2, &m2, &s2, &ms2) != 8 ||
            !nl) {
            p = nl ? nl + 1 : NULL;
            continue;
        }
        /* the cue's text runs to the blank line that ends it */
        const char *t = nl + 1, *te = strstr(t, "\n\n");
        size_t tn = te ? (size_t)(te - t) : strlen(t);
        while (tn && (t[tn - 1] == '\n' || t[tn - 1] == '\r'))
            tn--;
        const char *who = NULL;
        size_t who_len = 0;
        if (tn > 3 && !strncmp(t, "<v ", 3)) {
            const char *gt = memchr(t, '>', tn);
            if (gt) {
                who = t + 3;
                who_len = (size_t)(gt - who);
                tn -= (size_t)(gt + 1 - t);
                t = gt + 1;
            }
        }
        if (tn >= 4 && !strncmp(t + tn - 4, "</v>", 4))
            tn -= 4;
        bool same = who && prev && who_len == prev_len && !strncmp(who, prev, who_len);
        if (!same) {
            if (prev)
                r |= end(w);
            r |= start(w, "p");
            if (who) {
                char *name = pc_text_decode_refs(who, who_len);
                r |= name ? el(w, "span", "speaker", name) : 1;
                free(name);
            }
        }
        prev = who ? who : "";
        prev_len = who ? who_len : 0;
        char a[32], b[32];
        snprintf(a, sizeof a, "%.3f", h1 * 3600.0 + m1 * 60.0 + s1 + ms1 / 1000.0);
        snprintf(b, sizeof b, "%.3f", h2 * 3600.0 + m2 * 60.0 + s2 + ms2 / 1000.0);
        char *words = pc_text_decode_refs(t, tn);
        r |= words ? start(w, "span") | attr(w, "class", "cue") | attr(w, "data-start", a) |
                         attr(w, "data-end", b) | text(w, words) | end(w) | text(w, " ")
                   : 1;
        free(words);
        p = te ? te + 1 : NULL;
    }
    if (prev)
        r |= end(w);
    return r | end(w);
}

static int write_player(W w, const pc_episode *ep)
{
    int r = start(w, "audio") | attr(w, "id", "player") | attr(w, "controls", "controls") |
            attr(w, "preload", "metadata");
    for (size_t i = 0; i < ep->media_count; i++)
        r |= start(w, "source") | url_attr(w, "src", "", ep->media[i].file, "") |
             attr(w, "type", ep->media[i].type) | (xmlTextWriterEndElement(w) < 0);
    r |= end(w) | start(w, "p") | attr(w, "class", "meta") | text(w, "Download: ");
    for (size_t i = 0; i < ep->media_count + ep->sidecar_count; i++) {
        const char *f = i < ep->media_count ? ep->media[i].file : ep->sidecars[i - ep->media_count];
        const char *dot = strchr(f + strlen(ep->slug), '.');
        r |= text(w, i ? " · " : "") | start(w, "a") | url_attr(w, "href", "", f, "") |
             text(w, dot ? dot + 1 : f) | end(w);
    }
    return r | end(w);
}

pcast_status pc_pages_write_episode(const pc_channel *ch, const pc_episode *ep, const char *dir,
                                    pcast_error *err)
{
    char *path = pc_path_join(dir, "index.html");
    const char *vtt_name = pc_episode_sidecar(ep, ".vtt");
    char *vtt_path = vtt_name ? pc_path_join(dir, vtt_name) : NULL, *vtt = NULL;
    if (!path || (vtt_name && !vtt_path)) {
        free(path);
        free(vtt_path);
        return pc_error_nomem(err);
    }
    /* the captions are copied into the page: never through a link out */
    pcast_status st = !vtt_path ? PCAST_OK
                      : !pc_io_path_inside(vtt_path, dir, strlen(dir))
                          ? pc_error_set(err, PCAST_ERR_INPUT, vtt_path, 0, 0,
                                         "leads out of the episode's folder")
                          : pc_file_read(vtt_path, &vtt, NULL, err);
    free(vtt_path);
    xmlBufferPtr buf;
    W w = st ? NULL : open_writer(&buf);
    if (!w) {
        free(path);
        free(vtt);
        return st ? st : pc_error_nomem(err);
    }
    char title[1024], dur[32], at[32], day[32];
    snprintf(title, sizeof title, "%s — %s", ep->title, ch->title);
    clock_text(ep->duration_s, false, dur, sizeof dur);
    int r = head(w, ep->lang ? ep->lang : ch->language, title) | start(w, "body");
    r |= start(w, "p") | start(w, "a") | attr(w, "href", "../../index.html") | text(w, ch->title) |
         end(w) | end(w);
    r |= start(w, "main") | el(w, "h1", NULL, ep->title);
    r |= start(w, "p") | attr(w, "class", "meta") | text(w, day_of(ep->date, day, sizeof day)) | text(w, ep->date ? " · " : "") |
         text(w, dur) | end(w);
    r |= el(w, "p", NULL, ep->description) | write_player(w, ep);
    r |= el(w, "h2", NULL, "Chapters") | start(w, "ol") | attr(w, "id", "chapters");
    for (size_t i = 0; i < ep->chapter_count && !r; i++) {
        snprintf(at, sizeof at, "%.3f", ep->chapters[i].start_s);
        clock_text(ep->chapters[i].start_s, true, dur, sizeof dur);
        char href[48];
        snprintf(href, sizeof href, "#t=%s", at);
        r |= start(w, "li") | start(w, "a") | attr(w, "href", href) | attr(w, "data-start", at) |
             el(w, "span", "time", dur) | text(w, ep->chapters[i].title) | end(w) | end(w);
    }
    r |= end(w) | el(w, "h2", NULL, "Transcript") | write_transcript(w, vtt) | end(w);
    r |= start(w, "script") | (xmlTextWriterWriteRaw(w, BAD_CAST player_js) < 0) | end(w);
    r |= end(w) | end(w);
    free(vtt);
    pcast_status s = finish(w, buf, r, path, err);
    free(path);
    return s;
}
