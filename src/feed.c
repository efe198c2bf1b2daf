/* feed: the podcast's RSS 2.0 feed with the iTunes and Podcasting 2.0
 * namespaces, written through libxml2's xmlTextWriter (it escapes every
 * text and attribute). Items come newest first; nothing in the feed
 * depends on the time of the build (lastBuildDate is the newest item's
 * date), so two builds of one site give the same bytes. */
#include "site.h"

#include "engine.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_ATOM "http://www.w3.org/2005/Atom"

static bool url_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

char *pc_url_relative(const char *before, const char *part, const char *after)
{
    pc_buf b = {0};
    bool ok = pc_buf_puts(&b, before);
    for (const unsigned char *p = (const unsigned char *)part; *p && ok; p++)
        ok = url_safe(*p) ? pc_buf_putc(&b, (char)*p) : pc_buf_printf(&b, "%%%02X", *p);
    if (!ok || !pc_buf_puts(&b, after)) {
        pc_buf_free(&b);
        return NULL;
    }
    return pc_buf_take(&b);
}

char *pc_episode_url(const pc_channel *ch, const pc_episode *ep, const char *file)
{
    pc_buf b = {0};
    bool ok = pc_buf_puts(&b, ch->link) && pc_buf_puts(&b, "/episodes/");
    const char *parts[] = {ep->slug, file};
    for (size_t k = 0; k < 2 && ok; k++) {
        char *part = pc_url_relative("", parts[k], k == 0 ? "/" : "");
        ok = part && pc_buf_puts(&b, part);
        free(part);
    }
    if (!ok) {
        pc_buf_free(&b);
        return NULL;
    }
    return pc_buf_take(&b);
}

const char *pc_episode_guid(const pc_channel *ch, const pc_episode *ep, char out[37])
{
    /* any length: a guid an older feed gave as its post's URL must stay
     * (one over 36 bytes was replaced, so apps listed the episode twice) */
    if (ep->guid && ep->guid[0])
        return ep->guid;
    uint8_t ns[16];
    for (size_t i = 0, k = 0; i < 16 && ch->guid[k]; k++) {
        if (ch->guid[k] == '-')
            continue;
        unsigned v;
        sscanf(ch->guid + k, "%2x", &v);
        ns[i++] = (uint8_t)v;
        k++;
    }
    pcast_uuid_v5(ns, ep->slug, strlen(ep->slug), out);
    return out;
}

/* An RFC 822 date from "YYYY-MM-DD[ T]HH:MM[:SS] [+HHMM]"; false when
 * date does not start with a calendar date. */
static bool rfc822_date(const char *date, char *out, size_t size)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d, hh = 0, mm = 0, ss = 0;
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return false;
    const char *t = date + 10;
    char zone[8] = "+0000";
    if (*t == ' ' || *t == 'T') {
        int got = sscanf(t + 1, "%2d:%2d:%2d", &hh, &mm, &ss);
        if (got < 2)
            hh = mm = ss = 0;
        const char *z = strpbrk(t + 1, "+-Z");
        if (z && z[0] != 'Z' && strlen(z) >= 5) {
            size_t k = 0;
            zone[k++] = z[0];
            for (const char *p = z + 1; *p && k < 5; p++)
                if (*p >= '0' && *p <= '9')
                    zone[k++] = *p;
            zone[k] = '\0';
            if (k != 5)
                memcpy(zone, "+0000", 6);
        }
    }
    static const int offs[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = m < 3 ? y - 1 : y;
    int wd = (yy + yy / 4 - yy / 100 + yy / 400 + offs[m - 1] + d) % 7;
    snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d %s", days[wd], d, months[m - 1], y, hh,
             mm, ss, zone);
    return true;
}

static const char *transcript_type(const char *file)
{
    const char *dot = strrchr(file, '.');
    if (!dot)
        return NULL;
    if (!strcmp(dot, ".vtt"))
        return "text/vtt";
    if (!strcmp(dot, ".srt"))
        return "application/x-subrip";
    if (strstr(file, ".transcript.json"))
        return "application/json";
    return NULL;
}

char *pc_xml_text(const char *s)
{
    size_t n = strlen(s), o = 0;
    char *t = malloc(n + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = pc_utf8_decode(s + i, n - i, &cp);
        k = k ? k : 1;
        if (cp == '\t' || cp == '\n' || cp == '\r' || !pc_speech_clean_class(cp))
            memcpy(t + o, s + i, k), o += k;
        i += k;
    }
    t[o] = '\0';
    return t;
}

/* Writes an element whose text is s, when s is set. */
static int text_el(xmlTextWriterPtr w, const char *name, const char *s)
{
    if (!s)
        return 0;
    char *t = pc_xml_text(s);
    int r = t ? xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST t) : -1;
    free(t);
    return r;
}

static int attr(xmlTextWriterPtr w, const char *name, const char *v)
{
    char *t = pc_xml_text(v);
    int r = t ? xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST t) : -1;
    free(t);
    return r;
}

static int write_channel_head(xmlTextWriterPtr w, const pc_channel *ch, const char *last_date)
{
    int r = 0;
    char buf[64];
    r |= text_el(w, "title", ch->title) < 0;
    r |= text_el(w, "link", ch->link) < 0;
    r |= text_el(w, "description", ch->description ? ch->description : ch->title) < 0;
    r |= text_el(w, "language", ch->language) < 0;
    r |= text_el(w, "copyright", ch->copyright) < 0;
    snprintf(buf, sizeof buf, "postcast %s", pcast_version());
    r |= text_el(w, "generator", buf) < 0;
    if (last_date && rfc822_date(last_date, buf, sizeof buf))
        r |= text_el(w, "lastBuildDate", buf) < 0;
    r |= xmlTextWriterStartElement(w, BAD_CAST "atom:link") < 0;
    r |= attr(w, "href", ch->feed_url) < 0 || attr(w, "rel", "self") < 0 ||
         attr(w, "type", "application/rss+xml") < 0;
    r |= xmlTextWriterEndElement(w) < 0;
    r |= text_el(w, "itunes:author", ch->author) < 0;
    r |= text_el(w, "itunes:summary", ch->description) < 0;
    if (ch->author || ch->email) {
        r |= xmlTextWriterStartElement(w, BAD_CAST "itunes:owner") < 0;
        r |= text_el(w, "itunes:name", ch->author) < 0 || text_el(w, "itunes:email", ch->email) < 0;
        r |= xmlTextWriterEndElement(w) < 0;
    }
    if (ch->image_file) {
        char *url = pc_path_join(ch->link, ch->image_file);
        if (!url)
            return 1;
        r |= xmlTextWriterStartElement(w, BAD_CAST "itunes:image") < 0 || attr(w, "href", url) < 0;
        r |= xmlTextWriterEndElement(w) < 0;
        r |= xmlTextWriterStartElement(w, BAD_CAST "image") < 0;
        r |= text_el(w, "url", url) < 0 || text_el(w, "title", ch->title) < 0 ||
             text_el(w, "link", ch->link) < 0;
        r |= xmlTextWriterEndElement(w) < 0;
        free(url);
    }
    r |= xmlTextWriterStartElement(w, BAD_CAST "itunes:category") < 0;
    r |= attr(w, "text", ch->category ? ch->category : "Technology") < 0;
    if (ch->subcategory) {
        r |= xmlTextWriterStartElement(w, BAD_CAST "itunes:category") < 0;
        r |= attr(w, "text", ch->subcategory) < 0 || xmlTextWriterEndElement(w) < 0;
    }
    r |= xmlTextWriterEndElement(w) < 0;
    r |= text_el(w, "itunes:explicit", ch->explicit_content ? "true" : "false") < 0;
    r |= text_el(w, "itunes:type", ch->type) < 0;
    r |= text_el(w, "podcast:guid", ch->guid) < 0;
    r |= xmlTextWriterStartElement(w, BAD_CAST "podcast:locked") < 0;
    if (ch->email)
        r |= attr(w, "owner", ch->email) < 0;
    r |= xmlTextWriterWriteString(w, BAD_CAST (ch->locked ? "yes" : "no")) < 0;
    r |= xmlTextWriterEndElement(w) < 0;
    return r;
}

/* An element with attributes (name, value pairs, NULL-terminated) and no
 * content, or text content when text is set. */
static int el_attrs(xmlTextWriterPtr w, const char *name, const char *text, const char *const *kv)
{
    int r = xmlTextWriterStartElement(w, BAD_CAST name) < 0;
    for (; kv[0] && !r; kv += 2)
        r |= kv[1] ? attr(w, kv[0], kv[1]) < 0 : 0;
    if (text) {
        char *t = pc_xml_text(text);
        r |= !t || xmlTextWriterWriteString(w, BAD_CAST t) < 0;
        free(t);
    }
    return r | (xmlTextWriterEndElement(w) < 0);
}

static int write_media(xmlTextWriterPtr w, const pc_channel *ch, const pc_episode *ep)
{
    int r = 0;
    char len[32];
    for (size_t i = 0; i < ep->media_count && !r; i++) {
        char *url = pc_episode_url(ch, ep, ep->media[i].file);
        if (!url)
            return 1;
        snprintf(len, sizeof len, "%llu", (unsigned long long)ep->media[i].bytes);
        if (i == 0)
            r |= el_attrs(w, "enclosure", NULL,
                          (const char *const[]){"url", url, "length", len, "type",
                                                ep->media[i].type, NULL});
        r |= xmlTextWriterStartElement(w, BAD_CAST "podcast:alternateEnclosure") < 0;
        r |= attr(w, "type", ep->media[i].type) < 0 || attr(w, "length", len) < 0;
        r |= attr(w, "title", ep->media[i].format) < 0;
        if (i == 0)
            r |= attr(w, "default", "true") < 0;
        r |= el_attrs(w, "podcast:source", NULL, (const char *const[]){"uri", url, NULL});
        r |= xmlTextWriterEndElement(w) < 0;
        free(url);
    }
    return r;
}

static int write_item(xmlTextWriterPtr w, const pc_channel *ch, const pc_episode *ep)
{
    int r = xmlTextWriterStartElement(w, BAD_CAST "item") < 0;
    char buf[64], guid[37];
    char *page = pc_episode_url(ch, ep, "");
    if (!page)
        return 1;
    r |= text_el(w, "title", ep->title) < 0;
    r |= text_el(w, "description", ep->description ? ep->description : ep->title) < 0;
    r |= text_el(w, "link", page) < 0;
    free(page);
    r |= el_attrs(w, "guid", pc_episode_guid(ch, ep, guid), (const char *const[]){"isPermaLink", "false", NULL});
    if (rfc822_date(ep->date, buf, sizeof buf))
        r |= text_el(w, "pubDate", buf) < 0;
    r |= write_media(w, ch, ep);
    snprintf(buf, sizeof buf, "%.0f", ep->duration_s);
    r |= text_el(w, "itunes:duration", buf) < 0;
    if (ep->episode >= 0) {
        snprintf(buf, sizeof buf, "%ld", ep->episode);
        r |= text_el(w, "itunes:episode", buf) < 0;
    }
    if (ep->season >= 0) {
        snprintf(buf, sizeof buf, "%ld", ep->season);
        r |= text_el(w, "itunes:season", buf) < 0;
    }
    r |= text_el(w, "itunes:episodeType", ep->episode_type ? ep->episode_type : "full") < 0;
    if (ep->explicit_content >= 0)
        r |= text_el(w, "itunes:explicit", ep->explicit_content ? "true" : "false") < 0;
    const char *chapters = pc_episode_sidecar(ep, ".chapters.json");
    for (size_t i = 0; i < ep->sidecar_count && !r; i++) {
        const char *f = ep->sidecars[i], *type = transcript_type(f);
        if (f != chapters && !type)
            continue;
        char *url = pc_episode_url(ch, ep, f);
        if (!url)
            return 1;
        if (f == chapters)
            r |= el_attrs(w, "podcast:chapters", NULL,
                          (const char *const[]){"url", url, "type", "application/json+chapters", NULL});
        else
            r |= el_attrs(w, "podcast:transcript", NULL,
                          (const char *const[]){"url", url, "type", type, "rel",
                                                !strcmp(type, "text/vtt") ? "captions" : NULL,
                                                NULL});
        free(url);
    }
    for (size_t i = 0; i < ep->person_count && !r; i++)
        r |= el_attrs(w, "podcast:person", ep->people[i].name,
                      (const char *const[]){"role", ep->people[i].host ? "host" : "guest", NULL});
    return r | (xmlTextWriterEndElement(w) < 0);
}

pcast_status pc_feed_write(const pc_channel *ch, pc_episode *const *eps, size_t n,
                           const char *path, pcast_error *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return pc_error_nomem(err);
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    int r = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    r |= xmlTextWriterStartElement(w, BAD_CAST "rss") < 0 || attr(w, "version", "2.0") < 0;
    r |= attr(w, "xmlns:itunes", NS_ITUNES) < 0 || attr(w, "xmlns:podcast", NS_PODCAST) < 0;
    r |= attr(w, "xmlns:atom", NS_ATOM) < 0;
    r |= xmlTextWriterStartElement(w, BAD_CAST "channel") < 0;
    r |= write_channel_head(w, ch, n ? eps[0]->date : NULL);
    for (size_t i = 0; i < n && !r; i++)
        r |= write_item(w, ch, eps[i]);
    r |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    pcast_status s = r ? pc_error_set(err, PCAST_ERR_NOMEM, path, 0, 0, "cannot write the feed")
                       : pc_file_write(path, (const char *)xmlBufferContent(buf),
                                       (size_t)xmlBufferLength(buf), err);
    xmlBufferFree(buf);
    return s;
}
