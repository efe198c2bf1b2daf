/* id3read: an ID3v2 tag, frame by frame (see id3read.h). */
#include "id3read.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t syncsafe(const unsigned char *p)
{
    return (uint32_t)(p[0] & 0x7F) << 21 | (uint32_t)(p[1] & 0x7F) << 14 |
           (uint32_t)(p[2] & 0x7F) << 7 | (p[3] & 0x7F);
}

/* A text frame's body as UTF-8 (encodings 0 Latin-1 and 3 UTF-8 are kept
 * as they are if valid, 1/2 UTF-16 decoded, pairs too); NULL if
 * empty or on ENOMEM. */
static char *id3_text(pcast_media *m, const unsigned char *b, size_t n)
{
    if (n < 2)
        return NULL;
    unsigned enc = b[0];
    pc_buf t = {0};
    bool ok = true;
    if (enc == 1 || enc == 2) {
        size_t i = 1;
        bool le = enc == 1 && n >= 3 && b[1] == 0xFF && b[2] == 0xFE;
        if (enc == 1 && n >= 3 && (b[1] == 0xFF || b[1] == 0xFE))
            i = 3;
        for (; i + 1 < n && ok; i += 2) {
            unsigned cu = le ? (unsigned)(b[i] | b[i + 1] << 8) : (unsigned)(b[i] << 8 | b[i + 1]);
            if (!cu)
                break;
            unsigned lo = i + 3 < n ? (le ? (unsigned)(b[i + 2] | b[i + 3] << 8)
                                          : (unsigned)(b[i + 2] << 8 | b[i + 3]))
                                    : 0;
            if (cu >= 0xD800 && cu <= 0xDBFF && lo >= 0xDC00 && lo <= 0xDFFF) {
                cu = 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00); /* a pair */
                i += 2;
            } else if (cu >= 0xD800 && cu <= 0xDFFF) {
                cu = 0xFFFD;
            }
            ok = pc_buf_put_cp(&t, cu);
        }
    } else {
        size_t len = strnlen((const char *)b + 1, n - 1);
        ok = pc_buf_append(&t, (const char *)b + 1, len);
    }
    char *s = ok && t.len && !u8_check((const uint8_t *)t.data, t.len)
                  ? pc_media_strndup(m, t.data, t.len) : NULL;
    pc_buf_free(&t);
    return s;
}

/* The bytes of b[0..n) that the string at its start takes in encoding
 * enc, its terminator (one NUL, or two aligned for UTF-16) included. */
static size_t id3_string_size(unsigned enc, const unsigned char *b, size_t n)
{
    if (enc != 1 && enc != 2) {
        size_t k = strnlen((const char *)b, n);
        return k < n ? k + 1 : n;
    }
    for (size_t i = 0; i + 1 < n; i += 2)
        if (!b[i] && !b[i + 1])
            return i + 2;
    return n;
}

/* A TXXX, WXXX or COMM frame's body (enc, [language,] description,
 * value) as the tag "KEY" and its value: TXXX gives its description as
 * the key, WXXX gives WWW (the URL, Latin-1), COMM COMMENT. false on
 * ENOMEM; a malformed frame is left out. */
static bool id3_described(pcast_media *m, const char *id, const unsigned char *b, size_t n)
{
    size_t lang = !strcmp(id, "COMM") ? 3 : 0;
    if (n < 2 + lang)
        return true;
    size_t d = id3_string_size(b[0], b + 1 + lang, n - 1 - lang);
    size_t at = 1 + lang + d;
    if (at >= n)
        return true;
    unsigned char *desc = malloc(d + 1);
    if (!desc)
        return false;
    desc[0] = b[0];
    memcpy(desc + 1, b + 1 + lang, d);
    const char *key = !strcmp(id, "TXXX") ? id3_text(m, desc, d + 1)
                      : !strcmp(id, "WXXX") ? "WWW" : "COMMENT";
    free(desc);
    char *value;
    if (!strcmp(id, "WXXX")) {
        size_t k = strnlen((const char *)b + at, n - at);
        value = k && !u8_check(b + at, k) ? pc_media_strndup(m, (const char *)b + at, k) : NULL;
    } else {
        unsigned char *v = malloc(n - at + 1);
        if (!v)
            return false;
        v[0] = b[0];
        memcpy(v + 1, b + at, n - at);
        value = id3_text(m, v, n - at + 1);
        free(v);
    }
    return !key || !*key || !value || pc_media_add_tag(m, key, value, strlen(value));
}

/* The end of a terminated string in an ID3 frame body b[at..n) of text
 * encoding enc (one NUL byte, or an aligned NUL pair in UTF-16): the
 * offset after its terminator, n when there is none. */
static size_t past_string(const unsigned char *b, size_t at, size_t n, unsigned enc)
{
    return at < n ? at + id3_string_size(enc, b + at, n - at) : n;
}

/* A CHAP's APIC (MIME type and picture size) and WXXX (URL) sub-frames
 * into c. false on ENOMEM. */
static bool read_chap_media(pcast_media *m, pcast_chapter *c, const unsigned char *id,
                            const unsigned char *b, size_t n)
{
    if (n < 2)
        return true;
    if (!memcmp(id, "APIC", 4) && !c->image_bytes) {
        size_t mime_end = past_string(b, 1, n, 0), end = mime_end + 1 <= n
                                                             ? past_string(b, mime_end + 1, n, b[0])
                                                             : n;
        if (end >= n || mime_end < 2)
            return true;
        char *mime = pc_media_strndup(m, (const char *)b + 1, mime_end - 2);
        c->image_mime = mime;
        c->image_bytes = n - end;
        return mime != NULL;
    }
    if (!memcmp(id, "WXXX", 4) && !c->url) {
        size_t at = past_string(b, 1, n, b[0]);
        size_t len = at < n ? strnlen((const char *)b + at, n - at) : 0;
        if (!len)
            return true;
        for (size_t i = at; i < at + len; i++)
            if (b[i] < 0x20 || b[i] >= 0x7F)
                return true; /* not a URL as written here: not shown */
        return (c->url = pc_media_strndup(m, (const char *)b + at, len)) != NULL;
    }
    return true;
}

/* A CHAP frame's body: element id, start ms, end ms, offsets, then
 * sub-frames: the first TIT2 is the title, then an image and a URL. */
static bool read_chap(pcast_media *m, const unsigned char *body, uint64_t fs, unsigned version)
{
    size_t id = strnlen((const char *)body, fs);
    if (id + 17 > fs)
        return true;
    pcast_chapter *c = pc_media_add_chapter(m);
    if (!c)
        return false;
    uint32_t ms = be32(body + id + 1);
    c->start_frames = (uint64_t)ms * pc_media_rate(m) / 1000;
    for (uint64_t q = id + 17; q + 10 <= fs;) {
        uint64_t ss = version == 4 ? syncsafe(body + q + 4) : be32(body + q + 4);
        if (ss > fs - q - 10)
            break;
        if (!memcmp(body + q, "TIT2", 4) && !*c->title) {
            char *t = id3_text(m, body + q + 10, ss);
            if (t)
                c->title = t;
        } else if (!read_chap_media(m, c, body + q, body + q + 10, ss)) {
            return false;
        }
        q += 10 + ss;
    }
    return true;
}

static pcast_status read_frames(pcast_media *m, const unsigned char *d, uint64_t size,
                                unsigned version, pcast_error *err)
{
    static const char *const keys[][2] = {
        {"TIT2", "TITLE"},       {"TPE1", "ARTIST"},     {"TALB", "ALBUM"},
        {"TDRC", "DATE"},        {"TCON", "GENRE"},      {"TSSE", "ENCODER"},
        {"TRCK", "TRACKNUMBER"}, {"TPOS", "DISCNUMBER"}, {"TLAN", "LANGUAGE"},
        {"TCOP", "COPYRIGHT"}};
    const char *year = NULL, *ddmm = NULL; /* 2.3's TYER and TDAT */
    bool cover = false;
    for (uint64_t p = 0; p + 10 <= size && d[p];) {
        uint64_t fs = version == 4 ? syncsafe(d + p + 4) : be32(d + p + 4);
        if (fs > size - p - 10)
            break;
        const unsigned char *body = d + p + 10;
        if (!memcmp(d + p, "CHAP", 4)) {
            if (!read_chap(m, body, fs, version))
                return pc_error_nomem(err);
        } else if (!memcmp(d + p, "APIC", 4) && fs >= 2 && !cover) {
            /* the cover (the first picture), as M4A's covr shows: its
             * MIME type (printable ASCII, or it is not shown) and size */
            size_t mime_end = past_string(body, 1, fs, 0);
            size_t end = mime_end + 1 <= fs ? past_string(body, mime_end + 1, fs, body[0]) : fs;
            size_t ml = mime_end >= 2 ? mime_end - 2 : 0;
            for (size_t k = 0; k < ml; k++)
                ml = body[1 + k] < 0x21 || body[1 + k] > 0x7E ? 0 : ml;
            char said[96];
            snprintf(said, sizeof said, "%.*s, %llu bytes", (int)(ml < 40 ? ml : 40), (const char *)body + 1,
                     (unsigned long long)(fs - end));
            if (end < fs && ml && !(cover = pc_media_add_tag(m, "COVER", said, strlen(said))))
                return pc_error_nomem(err);
        } else if (!memcmp(d + p, "TYER", 4)) {
            year = id3_text(m, body, fs);
        } else if (!memcmp(d + p, "TDAT", 4)) {
            ddmm = id3_text(m, body, fs);
        } else if (!memcmp(d + p, "TXXX", 4) || !memcmp(d + p, "WXXX", 4) ||
                   !memcmp(d + p, "COMM", 4)) {
            char id[5] = {(char)d[p], (char)d[p + 1], (char)d[p + 2], (char)d[p + 3], 0};
            if (!id3_described(m, id, body, fs))
                return pc_error_nomem(err);
        } else if (d[p] == 'T') {
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                if (!memcmp(d + p, keys[k][0], 4)) {
                    char *t = id3_text(m, body, fs);
                    if (t && !pc_media_add_tag(m, keys[k][1], t, strlen(t)))
                        return pc_error_nomem(err);
                }
        }
        p += 10 + fs;
    }
    if (year) {
        char date[16];
        if (ddmm && strlen(year) == 4 && strlen(ddmm) == 4)
            snprintf(date, sizeof date, "%s-%.2s-%.2s", year, ddmm + 2, ddmm);
        else
            snprintf(date, sizeof date, "%.15s", year);
        if (!pc_media_add_tag(m, "DATE", date, strlen(date)))
            return pc_error_nomem(err);
    }
    return PCAST_OK;
}

pcast_status pc_id3_read(pcast_media *m, FILE *f, uint64_t fsize, pcast_error *err)
{
    unsigned char h[10];
    if (fsize < 10 || fread(h, 1, 10, f) != 10 || memcmp(h, "ID3", 3) || (h[3] != 3 && h[3] != 4))
        return PCAST_OK; /* no ID3v2 tag we read: no chapters, no tags */
    uint64_t size = syncsafe(h + 6);
    if (size > fsize - 10 || size > PC_MEDIA_MAX_META)
        size = fsize - 10 < PC_MEDIA_MAX_META ? fsize - 10 : PC_MEDIA_MAX_META;
    unsigned char *d = malloc(size ? size : 1);
    if (!d)
        return pc_error_nomem(err);
    size = fread(d, 1, size, f);
    pcast_status st = read_frames(m, d, size, h[3], err);
    free(d);
    return st;
}
