/* opus_tags: OpusHead and OpusTags (RFC 7845 section 5), and the chapter
 * times patched into a closed file's comment header. */
#include "opus_tags.h"

#include "artwork.h"
#include "error.h"
#include "vorbis.h"

#include <errno.h>
#include <fcntl.h>
#include <ogg/ogg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libopusenc's default (and opusenc's): room to add a tag or two. */
#define OPUS_TAGS_PADDING_BYTES 512

static void put_le16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void pc_opus_head(unsigned char out[PC_OPUS_HEAD_BYTES], unsigned channels, unsigned pre_skip_48k,
                  unsigned input_rate_hz)
{
    memcpy(out, "OpusHead", 8);
    out[8] = 1;
    out[9] = (unsigned char)channels;
    put_le16(out + 10, pre_skip_48k);
    put_le32(out + 12, input_rate_hz);
    put_le16(out + 16, 0);
    out[18] = 0;
}

static bool buf_le32(pc_buf *b, size_t v)
{
    unsigned char p[4];
    if (v > UINT32_MAX)
        return false;
    put_le32(p, (uint32_t)v);
    return pc_buf_append(b, (const char *)p, 4);
}

static bool buf_be32(pc_buf *b, size_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    return v <= UINT32_MAX && pc_buf_append(b, (const char *)p, 4);
}

typedef struct tags_builder {
    pc_buf *b;
    size_t count;
} tags_builder;

/* KEY=value, the value on one line (vorbis.h). */
static bool add_comment(void *user, const char *key, const char *value)
{
    tags_builder *t = user;
    char *clean = pc_vorbis_clean(value);
    size_t k = strlen(key), len = 0;
    bool ok = clean && pc_size_add(k + 1, strlen(clean), &len) && buf_le32(t->b, len) &&
              pc_buf_append(t->b, key, k) && pc_buf_putc(t->b, '=') &&
              pc_buf_append(t->b, clean, len - k - 1);
    free(clean);
    t->count++;
    return ok;
}

static const char BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static bool append_base64(pc_buf *b, const unsigned char *s, size_t n)
{
    size_t out = 0;
    if (!pc_size_mul((n + 2) / 3, 4, &out) || !pc_buf_reserve(b, out))
        return false;
    char *d = b->data + b->len;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        *d++ = BASE64[v >> 18];
        *d++ = BASE64[v >> 12 & 63];
        *d++ = i + 1 < n ? BASE64[v >> 6 & 63] : '=';
        *d++ = i + 2 < n ? BASE64[v & 63] : '=';
    }
    b->len += out;
    b->data[b->len] = '\0';
    return true;
}

/* METADATA_BLOCK_PICTURE=base64 of a FLAC PICTURE block: front cover (3),
 * the MIME type, no description, width, height, colour depth (as flac.c
 * gives it), no palette, the file's bytes. */
static bool add_picture(tags_builder *t, const pc_artwork *a)
{
    static const char key[] = "METADATA_BLOCK_PICTURE=";
    pc_buf block = {0};
    size_t mime = strlen(a->mime), b64 = 0, len = 0;
    bool ok = buf_be32(&block, 3) && buf_be32(&block, mime) &&
              pc_buf_append(&block, a->mime, mime) && buf_be32(&block, 0) &&
              buf_be32(&block, a->width_px) && buf_be32(&block, a->height_px) &&
              buf_be32(&block, a->alpha ? 32 : 24) && buf_be32(&block, 0) &&
              buf_be32(&block, a->size) && pc_buf_append(&block, (const char *)a->bytes, a->size) &&
              pc_size_mul((block.len + 2) / 3, 4, &b64) && pc_size_add(b64, sizeof key - 1, &len) &&
              buf_le32(t->b, len) && pc_buf_append(t->b, key, sizeof key - 1) &&
              append_base64(t->b, (const unsigned char *)block.data, block.len);
    pc_buf_free(&block);
    t->count++;
    return ok;
}

bool pc_opus_tags_packet(pc_buf *out, const pc_sink_meta *m, const char *vendor)
{
    tags_builder t = {out, 0};
    size_t vlen = strlen(vendor);
    if (!pc_buf_append(out, "OpusTags", 8) || !buf_le32(out, vlen) ||
        !pc_buf_append(out, vendor, vlen))
        return false;
    size_t count_at = out->len;
    if (!buf_le32(out, 0) || !pc_vorbis_tags(m, add_comment, &t))
        return false;
    for (size_t i = 0; i < m->chapter_count && i < PC_VORBIS_CHAPTERS; i++) {
        char key[32], when[32];
        pc_vorbis_chapter_key(key, sizeof key, i, false);
        pc_vorbis_time(when, sizeof when, 0, m->rate);
        if (!add_comment(&t, key, when))
            return false;
        pc_vorbis_chapter_key(key, sizeof key, i, true);
        if (!add_comment(&t, key, m->chapter_titles[i]))
            return false;
    }
    /* the cover after the chapters, so their times stay on the header's
     * first page */
    if (m->artwork && !add_picture(&t, m->artwork))
        return false;
    put_le32((unsigned char *)out->data + count_at, (uint32_t)t.count);
    size_t padded = 0;
    if (!pc_size_add(out->len, OPUS_TAGS_PADDING_BYTES + 255, &padded) ||
        !pc_buf_reserve(out, padded / 255 * 255 - 1 - out->len))
        return false;
    padded = padded / 255 * 255 - 1;
    memset(out->data + out->len, 0, padded - out->len);
    out->len = padded;
    out->data[out->len] = '\0';
    return true;
}

/* Overwrites the CHAPTERnnn times in the OpusTags packet body[0..n). */
static bool patch_tags(unsigned char *body, size_t n, const pc_sink_meta *m,
                       const uint64_t *frames, size_t count)
{
    if (n < 16 || memcmp(body, "OpusTags", 8))
        return false;
    size_t at = 8 + 4 + (size_t)le32(body + 8);
    if (at > n - 4)
        return false;
    uint32_t comments = le32(body + at);
    at += 4;
    size_t done = 0;
    for (uint32_t c = 0; c < comments && at <= n - 4; c++) {
        size_t len = le32(body + at);
        at += 4;
        if (len > n - at)
            return false;
        for (size_t i = 0; i < count && i < PC_VORBIS_CHAPTERS; i++) {
            char key[32], when[32];
            pc_vorbis_chapter_key(key, sizeof key, i, false);
            size_t k = strlen(key);
            pc_vorbis_time(when, sizeof when, frames[i], m->rate);
            if (len == k + 1 + strlen(when) && !memcmp(body + at, key, k) && body[at + k] == '=') {
                memcpy(body + at + k + 1, when, strlen(when));
                done++;
            }
        }
        at += len;
    }
    return done == (count < PC_VORBIS_CHAPTERS ? count : PC_VORBIS_CHAPTERS);
}

/* Pages a comment header may span here: 64 MB at 255 x 255 bytes a page,
 * more than the largest cover and 999 chapters take. */
#define PC_OPUS_TAGS_PAGES 1024

/* The pages holding the comment header (OpusTags, the second packet,
 * from the second page on: a big cover and many chapters span several),
 * read whole, each with its place in the file. */
typedef struct tags_pages {
    size_t count;
    unsigned char *page[PC_OPUS_TAGS_PAGES]; /* header, lacing values, body */
    size_t size[PC_OPUS_TAGS_PAGES];
    off_t at[PC_OPUS_TAGS_PAGES];
    pc_buf packet; /* the bodies joined */
} tags_pages;

static void tags_pages_free(tags_pages *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->page[i]);
    pc_buf_free(&t->packet);
}

/* Reads them; false when the file is not as this writer made it (the
 * packet is not whole within PC_OPUS_TAGS_PAGES pages) or on ENOMEM. */
static bool read_tags_pages(int fd, tags_pages *t)
{
    unsigned char head[27 + 255];
    off_t at = 0;
    for (size_t k = 0; k < PC_OPUS_TAGS_PAGES + 1; k++) {
        if (pread(fd, head, 27, at) != 27 || memcmp(head, "OggS", 4))
            return false;
        size_t segs = head[26], body = 0;
        if (pread(fd, head + 27, segs, at + 27) != (ssize_t)segs)
            return false;
        for (size_t i = 0; i < segs; i++)
            body += head[27 + i];
        size_t size = 27 + segs + body;
        if (k > 0) {
            unsigned char *p = malloc(size);
            if (!p)
                return false;
            t->page[t->count] = p;
            t->size[t->count] = size;
            t->at[t->count++] = at;
            if (pread(fd, p, size, at) != (ssize_t)size ||
                !pc_buf_append(&t->packet, (const char *)p + 27 + segs, body))
                return false;
            if (segs && head[27 + segs - 1] < 255)
                return true; /* the packet ends on this page */
        }
        at += (off_t)size;
    }
    return false;
}

/* Puts the patched packet back into the pages' bodies, sets each page's
 * checksum (libogg) and writes the pages in place. */
static bool write_tags_pages(int fd, tags_pages *t)
{
    size_t from = 0;
    for (size_t i = 0; i < t->count; i++) {
        unsigned char *p = t->page[i];
        size_t header = 27 + (size_t)p[26], body = t->size[i] - header;
        memcpy(p + header, t->packet.data + from, body);
        from += body;
        ogg_page og = {p, (long)header, p + header, (long)body};
        ogg_page_checksum_set(&og);
        if (pwrite(fd, p, t->size[i], t->at[i]) != (ssize_t)t->size[i])
            return false;
    }
    return true;
}

pcast_status pc_opus_tags_patch(const pc_container_out *out, const pc_sink_meta *m,
                                const uint64_t *frames, size_t n, pcast_error *err)
{
    if (!n)
        return PCAST_OK;
    int fd = open(out->path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot read back: %s",
                            strerror(errno));
    tags_pages t = {0};
    pcast_status st = PCAST_OK;
    if (!read_tags_pages(fd, &t) ||
        !patch_tags((unsigned char *)t.packet.data, t.packet.len, m, frames, n))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0,
                          "cannot write the chapters into the Opus comment header");
    else if (!write_tags_pages(fd, &t))
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "write failed: %s", strerror(errno));
    tags_pages_free(&t);
    close(fd);
    return st;
}
