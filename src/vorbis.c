/* vorbis: the Vorbis comment conventions FLAC and Opus share (see
 * vorbis.h). */
#include "internal.h"
#include "vorbis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pc_vorbis_time(char *out, size_t size, uint64_t frames, unsigned rate_hz)
{
    uint64_t ms = (frames * 1000 + rate_hz / 2) / rate_hz;
    snprintf(out, size, "%02llu:%02llu:%02llu.%03llu", (unsigned long long)(ms / 3600000),
             (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
             (unsigned long long)(ms % 1000));
}

void pc_vorbis_chapter_key(char *out, size_t size, size_t i, bool name)
{
    snprintf(out, size, "CHAPTER%03zu%s", i + 1, name ? "NAME" : "");
}

char *pc_vorbis_clean(const char *value)
{
    char *s = strdup(value ? value : "");
    if (s)
        for (char *p = s; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                *p = ' ';
    return s;
}

pc_tag_numbers pc_tag_numbers_of(const pc_sink_meta *m)
{
    pc_tag_numbers t = {"", "", ""};
    if (m->episode)
        snprintf(t.episode, sizeof t.episode, "%u", m->episode);
    if (m->season)
        snprintf(t.season, sizeof t.season, "%u", m->season);
    if (m->advisory == 1 || m->advisory == 2)
        snprintf(t.advisory, sizeof t.advisory, "%d", m->advisory);
    return t;
}

bool pc_vorbis_tags(const pc_sink_meta *m, bool (*add)(void *user, const char *key,
                                                       const char *value),
                    void *user)
{
    /* TRACKNUMBER and DISCNUMBER are what ffmpeg (its "track" and
     * "disc"), VLC and taggers (Picard, Mp3tag) number by, and what ID3's
     * TRCK/TPOS carry; WWW is Mp3tag's name for ID3's WXXX, and
     * ITUNESADVISORY its name for M4A's rtng */
    pc_tag_numbers num = pc_tag_numbers_of(m);
    const struct { const char *k, *v; } tags[] = {
        {"TITLE", m->title},         {"ARTIST", m->artist},     {"ALBUM", m->album},
        {"DATE", m->date},           {"GENRE", m->genre},       {"COMMENT", m->comment},
        {"TRACKNUMBER", num.episode}, {"DISCNUMBER", num.season},    {"LANGUAGE", m->language},
        {"COPYRIGHT", m->copyright}, {"WWW", m->url},           {"EPISODETYPE", m->episode_type},
        {"ITUNESADVISORY", num.advisory}};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v && !add(user, tags[i].k, tags[i].v))
            return false;
    return true;
}

/* "HH:MM:SS.mmm" (hours optional) -> seconds, or -1. */
static double parse_time(const char *s)
{
    double parts[3] = {0, 0, 0};
    int n = 0;
    while (n < 3) {
        char *end;
        parts[n++] = strtod(s, &end);
        if (end == s)
            return -1;
        if (*end != ':')
            return *end ? -1 : (n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2]
                               : n == 2 ? parts[0] * 60 + parts[1] : parts[0]);
        s = end + 1;
    }
    return -1;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The value of base64 digit c, or -1. */
static int b64(char c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
           : c == '/'             ? 63
                                  : -1;
}

/* A METADATA_BLOCK_PICTURE (base64 of a FLAC PICTURE block: type, MIME
 * type, description, four sizes, the image) as a COVER tag ("image/png,
 * 5183 bytes"), when it is a front cover (3) or other picture and its
 * head decodes. false on ENOMEM. */
static bool picture(pcast_media *m, const char *v, size_t n)
{
    unsigned char h[1024];
    size_t k = 0;
    for (size_t i = 0; i + 4 <= n && k + 3 <= sizeof h; i += 4) {
        int a = b64(v[i]), b = b64(v[i + 1]), c = b64(v[i + 2]), d = b64(v[i + 3]);
        if (a < 0 || b < 0)
            return true;
        h[k++] = (unsigned char)(a << 2 | b >> 4);
        if (c >= 0)
            h[k++] = (unsigned char)((b & 15) << 4 | c >> 2);
        if (c >= 0 && d >= 0)
            h[k++] = (unsigned char)((c & 3) << 6 | d);
        if (c < 0 || d < 0)
            break;
    }
    if (k < 8)
        return true;
    uint32_t ml = be32(h + 4);
    if (ml == 0 || ml > 64 || 8 + (size_t)ml + 4 > k)
        return true;
    uint32_t dl = be32(h + 8 + ml);
    size_t at = 8 + (size_t)ml + 4 + dl + 16;
    if (dl > sizeof h || at + 4 > k)
        return true;
    for (uint32_t i = 0; i < ml; i++)
        if (h[8 + i] < 0x21 || h[8 + i] > 0x7E)
            return true;
    char said[96];
    snprintf(said, sizeof said, "%.*s, %lu bytes", (int)ml, (const char *)h + 8, (unsigned long)be32(h + at));
    return pc_media_add_tag(m, "COVER", said, strlen(said));
}

bool pc_vorbis_read_comment(pcast_media *m, const char *e, size_t len, uint64_t frames)
{
    const char *eq = memchr(e, '=', len);
    if (!eq)
        return true;
    char key[64];
    size_t kl = (size_t)(eq - e);
    if (kl >= sizeof key)
        return true;
    for (size_t k = 0; k < kl; k++)
        key[k] = (char)((e[k] >= 'a' && e[k] <= 'z') ? e[k] - 32 : e[k]);
    key[kl] = '\0';
    const char *val = eq + 1;
    size_t vl = len - kl - 1;
    unsigned num;
    char rest[8] = "";
    /* A cover is a picture, not text: base64 of an image, often
     * megabytes; shown as its type and size, as the other containers' */
    if (!strcmp(key, "METADATA_BLOCK_PICTURE"))
        return picture(m, val, vl);
    if (!strcmp(key, "COVERART"))
        return true;
    if (!(sscanf(key, "CHAPTER%3u%7s", &num, rest) >= 1 && num > 0 && num < 1000 &&
          strlen(key) >= 10))
        return pc_media_add_tag(m, key, val, vl);
    while (pcast_media_chapter_count(m) < num)
        if (!pc_media_add_chapter(m))
            return false;
    pcast_chapter *c = pc_media_chapter_at(m, num - 1);
    char *text = pc_media_strndup(m, val, vl);
    if (!text)
        return false;
    if (!strcmp(rest, "NAME")) {
        c->title = text;
    } else if (!rest[0]) {
        /* a time past the end (1e300, inf) is the end, not UB; nan is 0 */
        double t = parse_time(text);
        double at = t > 0 ? t * pc_media_rate(m) + 0.5 : 0;
        uint64_t cap = frames ? frames : (uint64_t)1 << 53;
        c->start_frames = at < (double)cap ? (uint64_t)at : cap;
    }
    return true;
}
