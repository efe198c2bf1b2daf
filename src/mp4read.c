/* mp4read: an MP4/M4A file's layout, tags and chapters from its boxes
 * (see mp4read.h). The index is read into memory once; the chapter
 * track's text samples are read from the file one by one. */
#include "mp4read.h"

#include "buf.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#define MAX_INDEX_BYTES (256u << 20) /* a moov we take into memory */
#define MAX_CHAPTERS 65536u
#define MAX_TITLE_BYTES 65536u

typedef struct span {
    const unsigned char *p;
    size_t n;
} span;

typedef struct track {
    uint32_t id;
    char handler[4];
    uint32_t timescale;    /* mdhd */
    uint64_t duration;     /* mdhd, in timescale */
    uint16_t language;     /* mdhd, packed ISO 639-2 */
    uint64_t edit_movie;   /* the edit list's length, in the movie's timescale */
    bool edited;
    uint32_t chapter_id;   /* tref/chap: the chapter track, 0: none */
    unsigned channels, rate_hz; /* from the first sample entry */
    span stbl;
} track;

typedef struct reader {
    FILE *f;
    uint64_t size;
    const char *path;
    const pc_mp4_visitor *v;
    void *ctx;
    pcast_error *err;
    uint32_t movie_timescale;
    track audio, chapters;
    bool have_audio, have_chapters;
} reader;

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) { return be16(p) << 16 | be16(p + 2); }
static uint64_t be64(const unsigned char *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

/* The next box of s: its type and body; s moves past it. false at the
 * end, or when the box does not fit in s (*bad is then set). */
static bool next_box(span *s, char type[4], span *body, bool *bad)
{
    if (s->n < 8) {
        *bad |= s->n != 0;
        return false;
    }
    uint64_t size = be32(s->p);
    size_t head = 8;
    if (size == 1) {
        if (s->n < 16)
            return *bad = true, false;
        size = be64(s->p + 8);
        head = 16;
    } else if (size == 0) {
        size = s->n;
    }
    if (size < head || size > s->n)
        return *bad = true, false;
    memcpy(type, s->p + 4, 4);
    body->p = s->p + head;
    body->n = (size_t)size - head;
    s->p += size;
    s->n -= (size_t)size;
    return true;
}

/* The first child of in whose type is t. */
static bool find(span in, const char *t, span *out)
{
    char type[4];
    bool bad = false;
    while (next_box(&in, type, out, &bad))
        if (!memcmp(type, t, 4))
            return true;
    return false;
}

static bool find_path(span in, const char *path, span *out)
{
    for (; *path; path += path[4] ? 5 : 4) {
        if (!find(in, path, &in))
            return false;
    }
    *out = in;
    return true;
}

static pcast_status bad(reader *r, const char *what)
{
    return pc_error_set(r->err, PCAST_ERR_FORMAT, r->path, 0, 0, "not a readable MP4 file: %s",
                        what);
}

/* mvhd and mdhd: version 0 has 32-bit times, version 1 64-bit. */
static bool header_times(span b, uint32_t *timescale, uint64_t *duration, uint16_t *lang)
{
    size_t at = b.n && b.p[0] == 1 ? 20 : 12;
    bool wide = at == 20;
    if (b.n < at + (wide ? 12 : 8) + (lang ? 2 : 0))
        return false;
    *timescale = be32(b.p + at);
    *duration = wide ? be64(b.p + at + 4) : be32(b.p + at + 4);
    if (lang)
        *lang = (uint16_t)be16(b.p + at + (wide ? 12 : 8));
    return true;
}

static void read_edits(span trak, track *t)
{
    span elst;
    if (!find_path(trak, "edts/elst", &elst) || elst.n < 8)
        return;
    bool wide = elst.p[0] == 1;
    size_t each = wide ? 20 : 12;
    uint32_t n = be32(elst.p + 4);
    if (n > (elst.n - 8) / each)
        return;
    t->edited = n > 0;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = elst.p + 8 + (size_t)i * each;
        t->edit_movie += wide ? be64(e) : be32(e);
    }
}

/* An MPEG-4 descriptor in s (a tag byte and a length of 1 to 4 bytes, 7
 * bits each): its body when the tag is tag; s moves past it. */
static bool descriptor(span *s, unsigned tag, span *body)
{
    if (s->n < 2 || s->p[0] != tag)
        return false;
    size_t at = 1, len = 0;
    for (int i = 0; i < 4 && at < s->n; i++) {
        unsigned char c = s->p[at++];
        len = len << 7 | (c & 0x7f);
        if (!(c & 0x80))
            break;
    }
    if (len > s->n - at)
        return false;
    body->p = s->p + at;
    body->n = len;
    s->p += at + len;
    s->n -= at + len;
    return true;
}

/* The AAC channel count from the esds box's AudioSpecificConfig (the
 * sample entry's own field says 2 for any AAC in an MP4 file); 0 when
 * absent. */
static unsigned esds_channels(span esds)
{
    span es, dc, asc;
    if (esds.n < 4)
        return 0;
    esds.p += 4; /* version and flags */
    esds.n -= 4;
    if (!descriptor(&esds, 3, &es) || es.n < 3)
        return 0;
    unsigned flags = es.p[2];
    size_t skip = 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x20 ? 2 : 0);
    if (flags & 0x40)
        skip += es.n > skip ? 1u + es.p[skip] : es.n;
    if (skip + 13 > es.n)
        return 0;
    es.p += skip;
    es.n -= skip;
    if (!descriptor(&es, 4, &dc) || dc.n < 13)
        return 0;
    dc.p += 13;
    dc.n -= 13;
    if (!descriptor(&dc, 5, &asc) || asc.n < 2)
        return 0;
    /* object type (5 bits, or 11 when 31), rate index (4, or 28 when 15), channels (4) */
    uint64_t bits = 0;
    for (size_t i = 0; i < 8; i++)
        bits = bits << 8 | (i < asc.n ? asc.p[i] : 0);
    unsigned at = (bits >> 59) == 31 ? 11 : 5;
    at += ((bits >> (60 - at)) & 15) == 15 ? 28 : 4;
    unsigned config = (unsigned)(bits >> (60 - at)) & 15;
    return config == 7 ? 8 : config <= 6 ? config : 0;
}

static bool read_trak(span trak, track *t)
{
    memset(t, 0, sizeof *t);
    span b;
    if (!find(trak, "tkhd", &b) || b.n < 24)
        return false;
    t->id = be32(b.p + (b.p[0] == 1 ? 20 : 12));
    if (find_path(trak, "tref/chap", &b) && b.n >= 4)
        t->chapter_id = be32(b.p);
    read_edits(trak, t);
    if (!find_path(trak, "mdia/mdhd", &b) ||
        !header_times(b, &t->timescale, &t->duration, &t->language))
        return false;
    if (!find_path(trak, "mdia/hdlr", &b) || b.n < 12)
        return false;
    memcpy(t->handler, b.p + 8, 4);
    if (!find_path(trak, "mdia/minf/stbl", &t->stbl))
        return false;
    /* the first sample entry; an audio one holds channels and rate */
    if (find(t->stbl, "stsd", &b) && b.n >= 8 + 8 + 28 && !memcmp(t->handler, "soun", 4)) {
        const unsigned char *e = b.p + 8 + 8;
        t->channels = be16(e + 16);
        t->rate_hz = be32(e + 24) >> 16;
        span children = {e + 28, be32(b.p + 8) >= 36 && be32(b.p + 8) <= b.n - 8
                                     ? be32(b.p + 8) - 36 : 0}, esds;
        unsigned aac = find(children, "esds", &esds) ? esds_channels(esds) : 0;
        if (aac)
            t->channels = aac;
    }
    if (!t->rate_hz)
        t->rate_hz = t->timescale;
    return true;
}

static uint64_t rescale(uint64_t v, uint64_t to, uint64_t from)
{
    if (!from)
        return 0;
    /* v * to / from, rounded, without overflow for any v below 2^63 / to */
    return v / from * to + ((v % from) * to + from / 2) / from;
}

static pcast_status read_tracks(reader *r, span moov)
{
    char type[4];
    span b;
    bool broken = false;
    if (!find(moov, "mvhd", &b) || !header_times(b, &r->movie_timescale, &(uint64_t){0}, NULL))
        return bad(r, "no movie header");
    track t;
    span s = moov;
    while (next_box(&s, type, &b, &broken)) {
        if (!r->have_audio && !memcmp(type, "trak", 4) && read_trak(b, &t) &&
            !memcmp(t.handler, "soun", 4)) {
            r->audio = t;
            r->have_audio = true;
        }
    }
    if (broken)
        return bad(r, "a box does not fit in its parent");
    if (!r->have_audio)
        return bad(r, "no audio track");
    s = moov;
    while (r->audio.chapter_id && next_box(&s, type, &b, &broken))
        if (!memcmp(type, "trak", 4) && read_trak(b, &t) && t.id == r->audio.chapter_id) {
            r->chapters = t;
            r->have_chapters = true;
            break;
        }
    return PCAST_OK;
}

static uint64_t audio_frames(const reader *r)
{
    const track *a = &r->audio;
    if (a->edited)
        return rescale(a->edit_movie, a->rate_hz, r->movie_timescale);
    return rescale(a->duration, a->rate_hz, a->timescale);
}

/* A title's bytes as UTF-8 in out: UTF-16 with a byte-order mark is
 * converted; anything else must be valid UTF-8, else it is left out. */
static bool put_title(pc_buf *out, const unsigned char *p, size_t n)
{
    pc_buf_clear(out);
    if (n >= 2 && ((p[0] == 0xfe && p[1] == 0xff) || (p[0] == 0xff && p[1] == 0xfe))) {
        bool le = p[0] == 0xff;
        for (size_t i = 2; i + 1 < n; i += 2) {
            unsigned cp = le ? (unsigned)(p[i] | p[i + 1] << 8) : (unsigned)(p[i] << 8 | p[i + 1]);
            if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < n) {
                unsigned lo = le ? (unsigned)(p[i + 2] | p[i + 3] << 8)
                                 : (unsigned)(p[i + 2] << 8 | p[i + 3]);
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo & 0x3ff);
                i += 2;
            }
            if (!cp)
                break;
            if (!pc_buf_put_cp(out, cp))
                return false;
        }
        return true;
    }
    size_t len = strnlen((const char *)p, n);
    return u8_check(p, len) || pc_buf_append(out, (const char *)p, len);
}

static pcast_status chapter(reader *r, uint64_t at, uint64_t timescale, pc_buf *title)
{
    uint64_t frames = rescale(at, r->audio.rate_hz, timescale);
    return r->v->chapter(r->ctx, frames, title->data ? title->data : "")
               ? PCAST_OK
               : pc_error_nomem(r->err);
}

/* The sample tables of the chapter track, checked against their boxes. */
typedef struct samples {
    span stts, stsz, stsc, stco;
    bool co64;
    uint32_t count, fixed_size;
} samples;

static bool sample_tables(const track *t, samples *s)
{
    memset(s, 0, sizeof *s);
    if (!find(t->stbl, "stts", &s->stts) || !find(t->stbl, "stsz", &s->stsz) ||
        !find(t->stbl, "stsc", &s->stsc))
        return false;
    if (!find(t->stbl, "stco", &s->stco)) {
        if (!find(t->stbl, "co64", &s->stco))
            return false;
        s->co64 = true;
    }
    if (s->stts.n < 8 || s->stsz.n < 12 || s->stsc.n < 8 || s->stco.n < 8)
        return false;
    s->fixed_size = be32(s->stsz.p + 4);
    s->count = be32(s->stsz.p + 8);
    return s->count <= MAX_CHAPTERS && be32(s->stts.p + 4) <= (s->stts.n - 8) / 8 &&
           be32(s->stsc.p + 4) <= (s->stsc.n - 8) / 12 &&
           be32(s->stco.p + 4) <= (s->stco.n - 8) / (s->co64 ? 8 : 4) &&
           (s->fixed_size || s->count <= (s->stsz.n - 12) / 4);
}

/* Steps through stts: the time of each sample in turn. */
typedef struct clock {
    span stts;
    uint32_t entries, entry, left;
    uint64_t time;
} clock;

static void clock_skip_empty(clock *c)
{
    while (c->left == 0 && ++c->entry < c->entries)
        c->left = be32(c->stts.p + 8 + c->entry * 8u);
}

static void clock_tick(clock *c)
{
    if (c->entry >= c->entries)
        return;
    c->time += be32(c->stts.p + 8 + c->entry * 8u + 4);
    c->left--;
    clock_skip_empty(c);
}

/* The QuickTime chapter track: each text sample (a 16-bit length and the
 * title) starts a chapter at its time. */
static pcast_status read_chapter_track(reader *r)
{
    samples s;
    if (!sample_tables(&r->chapters, &s))
        return bad(r, "the chapter track's sample tables");
    clock clk = {s.stts, be32(s.stts.p + 4), 0, 0, 0};
    clk.left = clk.entries ? be32(s.stts.p + 8) : 0;
    clock_skip_empty(&clk);
    uint32_t stsc_n = be32(s.stsc.p + 4), chunks = be32(s.stco.p + 4), stsc_i = 0, sample = 0;
    pc_buf title = {0};
    unsigned char *text = malloc(MAX_TITLE_BYTES + 2);
    pcast_status st = text ? PCAST_OK : pc_error_nomem(r->err);
    for (uint32_t c = 0; !st && c < chunks && sample < s.count; c++) {
        while (stsc_i + 1 < stsc_n && be32(s.stsc.p + 8 + (stsc_i + 1) * 12u) <= c + 1)
            stsc_i++;
        uint32_t per_chunk = stsc_n ? be32(s.stsc.p + 8 + stsc_i * 12u + 4) : 0;
        uint64_t at = s.co64 ? be64(s.stco.p + 8 + c * 8u) : be32(s.stco.p + 8 + c * 4u);
        for (uint32_t k = 0; !st && k < per_chunk && sample < s.count; k++, sample++) {
            uint32_t size = s.fixed_size ? s.fixed_size : be32(s.stsz.p + 12 + sample * 4u);
            if (size > MAX_TITLE_BYTES + 2 || at > r->size || size > r->size - at) {
                st = bad(r, "a chapter title outside the file");
                break;
            }
            size_t got = 0, len = 0;
            if (size >= 2 && !fseeko(r->f, (off_t)at, SEEK_SET))
                got = fread(text, 1, size, r->f);
            if (got >= 2)
                len = be16(text) < got - 2 ? be16(text) : got - 2;
            st = put_title(&title, text + 2, len) ? chapter(r, clk.time, r->chapters.timescale, &title)
                                                  : pc_error_nomem(r->err);
            at += size;
            clock_tick(&clk);
        }
    }
    free(text);
    pc_buf_free(&title);
    return st;
}

/* Nero's chpl: a count byte, then a 64-bit start in 100 ns units and a
 * length-prefixed title per chapter (version 1 has 4 more bytes first). */
static pcast_status read_chpl(reader *r, span chpl)
{
    if (chpl.n < 5)
        return PCAST_OK;
    size_t at = chpl.p[0] == 1 ? 8 : 4;
    if (at >= chpl.n)
        return PCAST_OK;
    unsigned n = chpl.p[at++];
    pc_buf title = {0};
    pcast_status st = PCAST_OK;
    for (unsigned i = 0; !st && i < n && at + 9 <= chpl.n; i++) {
        uint64_t start = be64(chpl.p + at);
        size_t len = chpl.p[at + 8];
        at += 9;
        if (len > chpl.n - at)
            break;
        st = put_title(&title, chpl.p + at, len) ? chapter(r, start, 10000000, &title)
                                                 : pc_error_nomem(r->err);
        at += len;
    }
    pc_buf_free(&title);
    return st;
}

/* iTunes item atoms and the keys postcast shows them under. */
static const char *const item_keys[][2] = {
    {"\xa9nam", "TITLE"},   {"\xa9" "ART", "ARTIST"}, {"aART", "ALBUM_ARTIST"},
    {"\xa9" "alb", "ALBUM"},  {"\xa9" "day", "DATE"},   {"\xa9gen", "GENRE"},
    {"\xa9" "cmt", "COMMENT"}, {"desc", "DESCRIPTION"}, {"ldes", "SYNOPSIS"},
    {"cprt", "COPYRIGHT"},  {"tvsh", "SHOW"},         {"tves", "EPISODE"},
    {"tvsn", "SEASON"},     {"rtng", "ADVISORY"},     {"\xa9too", "ENCODER"},
    {"covr", "COVER"},
};

/* One ilst item: its data box's type (1 UTF-8, 21 integer, 13 JPEG,
 * 14 PNG) says how to show the value. */
static bool item_value(const char *key, span data, pc_buf *out)
{
    if (data.n < 8)
        return true;
    uint32_t type = be32(data.p) & 0xffffff;
    const unsigned char *v = data.p + 8;
    size_t n = data.n - 8;
    if (!strcmp(key, "COVER"))
        return pc_buf_printf(out, "%s, %zu bytes", type == 14 ? "image/png" : "image/jpeg", n);
    if (!strcmp(key, "ADVISORY"))
        return n < 1 || !v[0] || pc_buf_puts(out, v[0] == 2 ? "clean" : "explicit");
    if (type == 21 || type == 0) {
        uint64_t x = 0;
        for (size_t i = 0; i < n && i < 8; i++)
            x = x << 8 | v[i];
        return n == 0 || n > 8 || pc_buf_printf(out, "%llu", (unsigned long long)x);
    }
    return put_title(out, v, n);
}

static pcast_status read_item(reader *r, const char type[4], span item, pc_buf *val)
{
    const char *key = NULL;
    span b;
    char name[64];
    for (size_t i = 0; i < sizeof item_keys / sizeof *item_keys; i++)
        if (!memcmp(type, item_keys[i][0], 4))
            key = item_keys[i][1];
    if (!key && !memcmp(type, "----", 4) && find(item, "name", &b) && b.n > 4) {
        size_t n = b.n - 4 < sizeof name - 1 ? b.n - 4 : sizeof name - 1;
        memcpy(name, b.p + 4, n);
        name[n] = '\0';
        for (size_t i = 0; i < n; i++)
            name[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
        key = name;
    }
    if (!key || !strcmp(key, "ITUNSMPB") || !find(item, "data", &b))
        return PCAST_OK; /* the gapless record gives the length (gapless_frames) */
    pc_buf_clear(val);
    if (!item_value(key, b, val))
        return pc_error_nomem(r->err);
    if (!val->len)
        return PCAST_OK;
    return r->v->tag(r->ctx, key, val->data) ? PCAST_OK : pc_error_nomem(r->err);
}

/* moov's item list (udta/meta/ilst), if it has one. */
static bool item_list(span moov, span *ilst)
{
    span meta;
    if (!find_path(moov, "udta/meta", &meta))
        return false;
    /* a full box in MP4, a plain one in QuickTime files */
    if (meta.n >= 8 && memcmp(meta.p + 4, "hdlr", 4)) {
        meta.p += 4;
        meta.n -= 4;
    }
    return find(meta, "ilst", ilst);
}

/* The length in frames that iTunes' gapless record (----:...:iTunSMPB,
 * " 00000000 PRIMING PADDING LENGTH ...", hexadecimal) gives, when it is
 * within a millisecond of the edit list's (frames): the sample-exact
 * length of a file whose movie timescale is coarser. Else frames. */
static uint64_t gapless_frames(span moov, uint64_t frames, unsigned rate_hz)
{
    span ilst, item, b;
    char type[4], text[160];
    bool broken = false;
    if (!item_list(moov, &ilst))
        return frames;
    while (next_box(&ilst, type, &item, &broken)) {
        if (memcmp(type, "----", 4) || !find(item, "name", &b) || b.n != 4 + 8 ||
            memcmp(b.p + 4, "iTunSMPB", 8) || !find(item, "data", &b) || b.n < 8 ||
            b.n - 8 >= sizeof text)
            continue;
        memcpy(text, b.p + 8, b.n - 8);
        text[b.n - 8] = '\0';
        unsigned long long f[4];
        if (sscanf(text, " %llx %llx %llx %llx", &f[0], &f[1], &f[2], &f[3]) != 4)
            return frames;
        uint64_t ms = rate_hz / 1000 + 1;
        return f[3] + ms >= frames && f[3] <= frames + ms ? f[3] : frames;
    }
    return frames;
}

static pcast_status read_tags(reader *r, span moov)
{
    span ilst, item;
    char type[4];
    bool broken = false;
    pc_buf val = {0};
    pcast_status st = PCAST_OK;
    if (item_list(moov, &ilst))
        while (!st && next_box(&ilst, type, &item, &broken))
            st = read_item(r, type, item, &val);
    pc_buf_free(&val);
    uint16_t l = r->audio.language;
    char lang[4] = {(char)((l >> 10 & 31) + 0x60), (char)((l >> 5 & 31) + 0x60),
                    (char)((l & 31) + 0x60), '\0'};
    bool letters = lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z' &&
                   lang[2] >= 'a' && lang[2] <= 'z';
    if (!st && letters && strcmp(lang, "und") && !r->v->tag(r->ctx, "LANGUAGE", lang))
        st = pc_error_nomem(r->err);
    return st;
}

bool pc_mp4_probe(const unsigned char *head, size_t n)
{
    return n >= 8 && !memcmp(head + 4, "ftyp", 4);
}

/* The moov box, into memory. */
static pcast_status load_index(reader *r, unsigned char **moov, size_t *n)
{
    uint64_t at = 0;
    unsigned char h[16];
    while (at + 8 <= r->size) {
        if (fseeko(r->f, (off_t)at, SEEK_SET) || fread(h, 1, 16, r->f) < 8)
            return pc_error_set(r->err, PCAST_ERR_IO, r->path, 0, 0, "cannot read");
        uint64_t size = be32(h), head = 8;
        if (size == 1) {
            size = be64(h + 8);
            head = 16;
        } else if (size == 0) {
            size = r->size - at;
        }
        if (size < head || size > r->size - at)
            return bad(r, "a box runs past the end of the file");
        if (!memcmp(h + 4, "moov", 4)) {
            if (size - head > MAX_INDEX_BYTES)
                return bad(r, "its index is too big");
            *n = (size_t)(size - head);
            *moov = malloc(*n ? *n : 1);
            if (!*moov)
                return pc_error_nomem(r->err);
            if (fseeko(r->f, (off_t)(at + head), SEEK_SET) || fread(*moov, 1, *n, r->f) != *n) {
                free(*moov);
                return pc_error_set(r->err, PCAST_ERR_IO, r->path, 0, 0, "cannot read");
            }
            return PCAST_OK;
        }
        at += size;
    }
    return bad(r, "no index (moov)");
}

pcast_status pc_mp4_read(FILE *f, uint64_t size, const char *path, const pc_mp4_visitor *v,
                         void *ctx, pcast_error *err)
{
    reader r = {.f = f, .size = size, .path = path, .v = v, .ctx = ctx, .err = err};
    unsigned char *buf = NULL;
    size_t n = 0;
    pcast_status st = load_index(&r, &buf, &n);
    if (st)
        return st;
    span moov = {buf, n}, chpl;
    st = read_tracks(&r, moov);
    if (!st && !v->layout(ctx, r.audio.rate_hz, r.audio.channels,
                          gapless_frames(moov, audio_frames(&r), r.audio.rate_hz)))
        st = pc_error_nomem(err);
    if (!st)
        st = read_tags(&r, moov);
    if (!st && r.have_chapters)
        st = read_chapter_track(&r);
    else if (!st && find_path(moov, "udta/chpl", &chpl))
        st = read_chpl(&r, chpl);
    free(buf);
    return st;
}
