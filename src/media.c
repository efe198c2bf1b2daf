/* media: chapters and tags read back from a WAV, FLAC or MP3 file, ours
 * or anyone's. WAV is walked chunk by chunk with every size checked
 * against the file (cue + LIST/adtl labl, LIST/INFO); FLAC goes through
 * libFLAC's metadata API (CHAPTERnnn comments, else the CUESHEET); MP3's
 * ID3v2 tag (2.3 or 2.4) is walked frame by frame, likewise checked, for
 * CHAP frames and text tags, and libsndfile gives its length. */
#include "internal.h"

#include <FLAC/metadata.h>
#include <ebur128.h>
#include <math.h>
#include <sndfile.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistr.h>

#define MAX_META_CHUNK (16u << 20) /* metadata chunks we read into memory */

struct pcast_media {
    pc_arena arena;
    const char *format;
    unsigned rate, channels;
    uint64_t frames;
    pcast_chapter *chapters;
    size_t nchap, chap_cap;
    pcast_tag *tags;
    size_t ntags, tag_cap;
};

static bool add_tag(pcast_media *m, const char *key, const char *v, size_t n)
{
    while (n && (v[n - 1] == '\0' || v[n - 1] == ' '))
        n--;
    if (!pc_grow((void **)&m->tags, &m->tag_cap, m->ntags, sizeof *m->tags))
        return false;
    pcast_tag *t = &m->tags[m->ntags];
    t->key = pc_arena_strdup(&m->arena, key);
    t->value = pc_arena_strndup(&m->arena, v, strnlen(v, n));
    if (!t->key || !t->value)
        return false;
    m->ntags++;
    return true;
}

static pcast_chapter *add_chapter(pcast_media *m)
{
    if (!pc_grow((void **)&m->chapters, &m->chap_cap, m->nchap, sizeof *m->chapters))
        return NULL;
    pcast_chapter *c = &m->chapters[m->nchap++];
    memset(c, 0, sizeof *c);
    c->title = "";
    return c;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static int cmp_chapter(const void *a, const void *b)
{
    const pcast_chapter *x = a, *y = b;
    return x->start_frames < y->start_frames ? -1 : x->start_frames > y->start_frames;
}

typedef struct cue { uint32_t id; uint32_t offset; } cue;

static pcast_status read_wav(pcast_media *m, FILE *f, const char *path, uint64_t fsize,
                             pcast_error *err)
{
    unsigned char h[12];
    if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4))
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a WAV file");
    m->format = "WAV";
    cue *cues = NULL;
    size_t ncues = 0;
    unsigned block_align = 0;
    pcast_status st = PCAST_OK;
    uint64_t pos = 12;
    struct { uint32_t id; char *text; } *labels = NULL;
    size_t nlabels = 0, label_cap = 0;
    static const char *const info_keys[][2] = {
        {"INAM", "TITLE"}, {"IART", "ARTIST"}, {"IPRD", "ALBUM"}, {"ICRD", "DATE"},
        {"IGNR", "GENRE"}, {"ICMT", "COMMENT"}, {"ISFT", "ENCODER"}};
    while (pos + 8 <= fsize && !st) {
        unsigned char ch[8];
        if (fseeko(f, (off_t)pos, SEEK_SET) != 0 || fread(ch, 1, 8, f) != 8)
            break;
        uint64_t size = le32(ch + 4);
        uint64_t body = pos + 8;
        if (body + size > fsize)
            size = fsize - body; /* a truncated last chunk */
        pos = body + size + (size & 1);
        if (!memcmp(ch, "data", 4)) {
            if (block_align)
                m->frames = size / block_align;
            continue;
        }
        bool want = !memcmp(ch, "fmt ", 4) || !memcmp(ch, "cue ", 4) || !memcmp(ch, "LIST", 4);
        if (!want || size > MAX_META_CHUNK)
            continue;
        unsigned char *d = malloc(size ? size : 1);
        if (!d) {
            st = pc_error_nomem(err);
            break;
        }
        if (fread(d, 1, size, f) != size) {
            free(d);
            break;
        }
        if (!memcmp(ch, "fmt ", 4) && size >= 16) {
            m->channels = le16(d + 2);
            m->rate = le32(d + 4);
            block_align = le16(d + 12);
        } else if (!memcmp(ch, "cue ", 4) && size >= 4) {
            uint64_t count = le32(d);
            if (count > (size - 4) / 24)
                count = (size - 4) / 24;
            free(cues);
            cues = calloc(count ? count : 1, sizeof *cues);
            if (!cues) {
                free(d);
                st = pc_error_nomem(err);
                break;
            }
            for (size_t i = 0; i < count; i++) {
                cues[i].id = le32(d + 4 + 24 * i);
                cues[i].offset = le32(d + 4 + 24 * i + 20);
            }
            ncues = (size_t)count;
        } else if (!memcmp(ch, "LIST", 4) && size >= 4) {
            bool adtl = !memcmp(d, "adtl", 4), info = !memcmp(d, "INFO", 4);
            for (uint64_t p = 4; p + 8 <= size && (adtl || info);) {
                uint64_t sz = le32(d + p + 4);
                if (sz > size - p - 8)
                    sz = size - p - 8;
                const unsigned char *sub = d + p + 8;
                if (adtl && !memcmp(d + p, "labl", 4) && sz >= 4) {
                    if (!pc_grow((void **)&labels, &label_cap, nlabels, sizeof *labels)) {
                        st = pc_error_nomem(err);
                        break;
                    }
                    labels[nlabels].id = le32(sub);
                    labels[nlabels].text = pc_arena_strndup(&m->arena, (const char *)sub + 4,
                                                            strnlen((const char *)sub + 4, sz - 4));
                    if (!labels[nlabels++].text) {
                        st = pc_error_nomem(err);
                        break;
                    }
                } else if (info) {
                    for (size_t k = 0; k < sizeof info_keys / sizeof *info_keys; k++)
                        if (!memcmp(d + p, info_keys[k][0], 4) &&
                            !add_tag(m, info_keys[k][1], (const char *)sub, sz))
                            st = pc_error_nomem(err);
                }
                p += 8 + sz + (sz & 1);
            }
        }
        free(d);
    }
    for (size_t i = 0; i < ncues && !st; i++) {
        pcast_chapter *c = add_chapter(m);
        if (!c) {
            st = pc_error_nomem(err);
            break;
        }
        c->start_frames = cues[i].offset;
        for (size_t j = 0; j < nlabels; j++)
            if (labels[j].id == cues[i].id)
                c->title = labels[j].text;
    }
    free(cues);
    free(labels);
    if (!st && !m->rate)
        st = pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "WAV file without a format chunk");
    return st;
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

static pcast_status read_flac(pcast_media *m, const char *path, pcast_error *err)
{
    FLAC__StreamMetadata si;
    if (!FLAC__metadata_get_streaminfo(path, &si))
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a FLAC or WAV file");
    m->format = "FLAC";
    m->rate = si.data.stream_info.sample_rate;
    m->channels = si.data.stream_info.channels;
    m->frames = si.data.stream_info.total_samples;
    FLAC__StreamMetadata *vc = NULL, *cs = NULL;
    FLAC__metadata_get_tags(path, &vc);
    FLAC__metadata_get_cuesheet(path, &cs);
    pcast_status st = PCAST_OK;
    if (vc) {
        const FLAC__StreamMetadata_VorbisComment *v = &vc->data.vorbis_comment;
        for (uint32_t i = 0; i < v->num_comments && !st; i++) {
            const char *e = (const char *)v->comments[i].entry;
            size_t len = v->comments[i].length;
            const char *eq = memchr(e, '=', len);
            if (!eq)
                continue;
            char key[64];
            size_t kl = (size_t)(eq - e);
            if (kl >= sizeof key)
                continue;
            for (size_t k = 0; k < kl; k++)
                key[k] = (char)((e[k] >= 'a' && e[k] <= 'z') ? e[k] - 32 : e[k]);
            key[kl] = '\0';
            const char *val = eq + 1;
            size_t vl = len - kl - 1;
            unsigned num;
            char rest[8] = "";
            if (sscanf(key, "CHAPTER%3u%7s", &num, rest) >= 1 && num > 0 && num < 1000 &&
                strlen(key) >= 10) {
                while (m->nchap < num && !st)
                    if (!add_chapter(m))
                        st = pc_error_nomem(err);
                if (st)
                    break;
                pcast_chapter *c = &m->chapters[num - 1];
                char *text = pc_arena_strndup(&m->arena, val, vl);
                if (!text) {
                    st = pc_error_nomem(err);
                    break;
                }
                if (!strcmp(rest, "NAME")) {
                    c->title = text;
                } else if (!rest[0]) {
                    double t = parse_time(text);
                    c->start_seconds = t > 0 ? t : 0;
                    c->start_frames = (uint64_t)(c->start_seconds * m->rate + 0.5);
                }
            } else if (!add_tag(m, key, val, vl)) {
                st = pc_error_nomem(err);
            }
        }
    }
    if (cs && !st) {
        const FLAC__StreamMetadata_CueSheet *c = &cs->data.cue_sheet;
        size_t tracks = c->num_tracks ? c->num_tracks - 1 : 0; /* less the lead-out */
        if (m->nchap == 0) {
            for (size_t i = 0; i < tracks && !st; i++) {
                pcast_chapter *ch = add_chapter(m);
                if (!ch) {
                    st = pc_error_nomem(err);
                    break;
                }
                ch->start_frames = c->tracks[i].offset;
                char name[32];
                snprintf(name, sizeof name, "Track %u", c->tracks[i].number);
                ch->title = pc_arena_strdup(&m->arena, name);
            }
        } else if (tracks <= m->nchap) {
            /* the cue sheet has the exact sample offsets of its tracks (up
             * to 254; the comments, in milliseconds, go on to 999) */
            for (size_t i = 0; i < tracks; i++)
                if (c->tracks[i].number == i + 1)
                    m->chapters[i].start_frames = c->tracks[i].offset;
        }
    }
    if (vc)
        FLAC__metadata_object_delete(vc);
    if (cs)
        FLAC__metadata_object_delete(cs);
    return st;
}

/* ---------- MP3: ID3v2 (2.3 or 2.4) text tags and CHAP frames ---------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t syncsafe(const unsigned char *p)
{
    return (uint32_t)(p[0] & 0x7F) << 21 | (uint32_t)(p[1] & 0x7F) << 14 |
           (uint32_t)(p[2] & 0x7F) << 7 | (p[3] & 0x7F);
}

/* A text frame's body as UTF-8 (encodings 0 Latin-1 and 3 UTF-8 are
 * kept as they are if valid, 1/2 UTF-16 are reduced to ASCII); NULL if
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
            ok = pc_buf_put_cp(&t, cu >= 0xD800 && cu <= 0xDFFF ? 0xFFFD : cu);
        }
    } else {
        size_t len = strnlen((const char *)b + 1, n - 1);
        ok = pc_buf_append(&t, (const char *)b + 1, len);
    }
    char *s = ok && t.len && !u8_check((const uint8_t *)t.data, t.len)
                  ? pc_arena_strndup(&m->arena, t.data, t.len) : NULL;
    pc_buf_free(&t);
    return s;
}

static pcast_status read_mp3(pcast_media *m, FILE *f, const char *path, uint64_t fsize,
                             pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *snd = sf_open(path, SFM_READ, &info);
    if (!snd)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a WAV, FLAC or MP3 file");
    sf_close(snd);
    m->format = "MP3";
    m->rate = (unsigned)info.samplerate;
    m->channels = (unsigned)info.channels;
    m->frames = info.frames > 0 ? (uint64_t)info.frames : 0;

    unsigned char h[10];
    rewind(f);
    if (fread(h, 1, 10, f) != 10 || memcmp(h, "ID3", 3) || (h[3] != 3 && h[3] != 4))
        return PCAST_OK; /* no ID3v2 tag we read: no chapters, no tags */
    unsigned version = h[3];
    uint64_t size = syncsafe(h + 6);
    if (size > fsize - 10 || size > MAX_META_CHUNK)
        size = fsize - 10 < MAX_META_CHUNK ? fsize - 10 : MAX_META_CHUNK;
    unsigned char *d = malloc(size ? size : 1);
    if (!d)
        return pc_error_nomem(err);
    size = fread(d, 1, size, f);
    static const char *const keys[][2] = {{"TIT2", "TITLE"}, {"TPE1", "ARTIST"},
                                          {"TALB", "ALBUM"}, {"TDRC", "DATE"},
                                          {"TYER", "DATE"},  {"TCON", "GENRE"},
                                          {"TSSE", "ENCODER"}};
    pcast_status st = PCAST_OK;
    for (uint64_t p = 0; p + 10 <= size && d[p] && !st;) {
        uint64_t fs = version == 4 ? syncsafe(d + p + 4) : be32(d + p + 4);
        if (fs > size - p - 10)
            break;
        const unsigned char *body = d + p + 10;
        if (!memcmp(d + p, "CHAP", 4)) {
            size_t id = strnlen((const char *)body, fs);
            if (id + 17 <= fs) {
                pcast_chapter *c = add_chapter(m);
                if (!c) {
                    st = pc_error_nomem(err);
                    break;
                }
                uint32_t ms = be32(body + id + 1);
                c->start_frames = (uint64_t)ms * m->rate / 1000;
                /* sub-frames: the first TIT2 is the title */
                for (uint64_t q = id + 17; q + 10 <= fs;) {
                    uint64_t ss = version == 4 ? syncsafe(body + q + 4) : be32(body + q + 4);
                    if (ss > fs - q - 10)
                        break;
                    if (!memcmp(body + q, "TIT2", 4)) {
                        char *t = id3_text(m, body + q + 10, ss);
                        if (t)
                            c->title = t;
                        break;
                    }
                    q += 10 + ss;
                }
            }
        } else if (d[p] == 'T') {
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                if (!memcmp(d + p, keys[k][0], 4)) {
                    char *t = id3_text(m, body, fs);
                    if (t && !add_tag(m, keys[k][1], t, strlen(t)))
                        st = pc_error_nomem(err);
                }
        }
        p += 10 + fs;
    }
    free(d);
    return st;
}

pcast_status pcast_media_open(const char *path, pcast_media **out, pcast_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: Is a directory");
    }
    unsigned char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    pcast_media *m = calloc(1, sizeof *m);
    if (!m) {
        fclose(f);
        return pc_error_nomem(err);
    }
    pcast_status s;
    if (got == 4 && !memcmp(magic, "RIFF", 4)) {
        rewind(f);
        s = read_wav(m, f, path, (uint64_t)st.st_size, err);
    } else if (got == 4 && !memcmp(magic, "fLaC", 4)) {
        s = read_flac(m, path, err);
    } else if (got == 4 && !memcmp(magic, "ID3", 3)) {
        /* an ID3v2 tag may front a FLAC file too */
        s = read_flac(m, path, err);
        if (s == PCAST_ERR_FORMAT) {
            pcast_media_free(m);
            if (!(m = calloc(1, sizeof *m))) {
                fclose(f);
                return pc_error_nomem(err);
            }
            s = read_mp3(m, f, path, (uint64_t)st.st_size, err);
        }
    } else if (got >= 2 && magic[0] == 0xFF && (magic[1] & 0xE0) == 0xE0) {
        s = read_mp3(m, f, path, (uint64_t)st.st_size, err);
    } else {
        s = pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not a WAV or FLAC file");
    }
    fclose(f);
    if (!s) {
        if (m->nchap)
            qsort(m->chapters, m->nchap, sizeof *m->chapters, cmp_chapter);
        for (size_t i = 0; i < m->nchap; i++)
            if (m->rate)
                m->chapters[i].start_seconds = (double)m->chapters[i].start_frames / m->rate;
    }
    if (s) {
        pcast_media_free(m);
        return s;
    }
    *out = m;
    return PCAST_OK;
}

void pcast_media_free(pcast_media *m)
{
    if (!m)
        return;
    free(m->chapters);
    free(m->tags);
    pc_arena_free(&m->arena);
    free(m);
}

unsigned pcast_media_sample_rate(const pcast_media *m) { return m->rate; }
unsigned pcast_media_channels(const pcast_media *m) { return m->channels; }
uint64_t pcast_media_frames(const pcast_media *m) { return m->frames; }
const char *pcast_media_format(const pcast_media *m) { return m->format; }
size_t pcast_media_chapter_count(const pcast_media *m) { return m->nchap; }
const pcast_chapter *pcast_media_chapter(const pcast_media *m, size_t i)
{
    return i < m->nchap ? &m->chapters[i] : NULL;
}
size_t pcast_media_tag_count(const pcast_media *m) { return m->ntags; }
const pcast_tag *pcast_media_tag(const pcast_media *m, size_t i)
{
    return i < m->ntags ? &m->tags[i] : NULL;
}

pcast_status pcast_measure_loudness(const char *path, pcast_loudness *out, pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "cannot read audio: %s",
                            sf_strerror(NULL));
    if (info.channels < 1 || info.channels > 64 || info.samplerate < 8000) {
        sf_close(f);
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "unsupported audio layout");
    }
    ebur128_state *m = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate,
                                    EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                                        EBUR128_MODE_SAMPLE_PEAK);
    float *buf = malloc(sizeof *buf * 4096 * (size_t)info.channels);
    pcast_status st = PCAST_OK;
    if (!m || !buf) {
        st = pc_error_nomem(err);
    } else {
        sf_count_t n;
        while ((n = sf_readf_float(f, buf, 4096)) > 0)
            if (ebur128_add_frames_float(m, buf, (size_t)n) != EBUR128_SUCCESS) {
                st = pc_error_nomem(err);
                break;
            }
    }
    if (!st) {
        double v, tp = 0, sp = 0;
        out->integrated_lufs = ebur128_loudness_global(m, &v) == EBUR128_SUCCESS ? v : -HUGE_VAL;
        out->range_lu = ebur128_loudness_range(m, &v) == EBUR128_SUCCESS ? v : 0;
        for (unsigned c = 0; c < (unsigned)info.channels; c++) {
            if (ebur128_true_peak(m, c, &v) == EBUR128_SUCCESS && v > tp)
                tp = v;
            if (ebur128_sample_peak(m, c, &v) == EBUR128_SUCCESS && v > sp)
                sp = v;
        }
        out->true_peak_dbtp = tp > 0 ? 20 * log10(tp) : -HUGE_VAL;
        out->sample_peak_dbfs = sp > 0 ? 20 * log10(sp) : -HUGE_VAL;
    }
    free(buf);
    if (m)
        ebur128_destroy(&m);
    sf_close(f);
    return st;
}
