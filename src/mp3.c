/* mp3: MP3 by LAME (libmp3lame; see mp3_settings). The tags and
 * chapters go in an ID3v2.3 tag (or 2.4 on request: TIT2..., a CTOC and a CHAP per chapter)
 * put in front once the chapter times are known: patch_chapters writes the
 * tag and the MP3 after it into a new file beside it, which replaces it.
 * The reader: id3read.c for the tag, libsndfile for the length. */
#include "internal.h"
#include "container.h"
#include "vorbis.h"
#include "io.h"
#include "artwork.h"
#include "id3read.h"
#include "mp3_segments.h"

#include <errno.h>
#include <fcntl.h>
#include <lame/lame.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MP3_FLUSH_BYTES 65536 /* LAME's output gathered per write (as opus.c) */

typedef struct mp3_writer {
    pc_mp3_segments *segs; /* the encoders (mp3_segments.c) */
    const pc_sink_meta *meta;
    int fd;
    const char *name;
    pc_buf pending;       /* LAME's output not yet written: one write per
                           * MP3_FLUSH_BYTES, not per frame of ~200 bytes */
    bool wrote;           /* audio went in: close ends the stream */
} mp3_writer;

/* Frees w with its encoders and closes its fd (if still open). */
static void mp3_free(mp3_writer *w)
{
    pc_mp3_segments_free(w->segs);
    if (w->fd >= 0)
        close(w->fd);
    pc_buf_free(&w->pending);
    free(w);
}

static void mp3_abort(void *state)
{
    if (state)
        mp3_free(state);
}

/* LAME's bit rates (kbit/s) at a sample rate: MPEG-1 from 32 kHz, MPEG-2
 * from 16 kHz, MPEG-2.5 below. */
static unsigned cbr_max_kbps(unsigned rate)
{
    return rate >= 32000 ? 320 : rate >= 16000 ? 160 : 64;
}

static unsigned cbr_min_kbps(unsigned rate)
{
    return rate >= 32000 ? 32 : 8;
}

/* LAME's settings: no ID3 tag of LAME's (mp3_patch writes ours), the
 * Xing/LAME info frame (length, seek table, gapless delay and padding)
 * when tag (the first segment's encoder; mp3_segments.c rebuilds it for
 * the whole stream), and VBR (vbr_mtrh) at V2, about 73 kbit/s for mono
 * speech at 22.05 kHz, or, with m->bitrate_kbps, CBR at that rate; both
 * at algorithm quality 7 (-q 7: no noise shaping). Against libsndfile's
 * V4 at LAME's default (-q 3, which VBR runs as 0) on the corpus: 36%
 * less CPU, a 9% smaller file, SNR +0.4 dB, segmental SNR -0.3 dB,
 * log-spectral distance +0.06 dB (the commit that chose it has the
 * table); CBR at -q 7 takes half the CPU of -q 3. false when LAME
 * refuses the sample rate. */
static bool mp3_settings(lame_t lame, const pc_sink_meta *m, bool tag)
{
    lame_set_in_samplerate(lame, (int)m->rate);
    lame_set_num_channels(lame, (int)m->channels);
    lame_set_write_id3tag_automatic(lame, 0);
    lame_set_bWriteVbrTag(lame, tag);
    if (lame_set_out_samplerate(lame, (int)m->rate) < 0 || lame_set_quality(lame, 7) != 0)
        return false;
    if (!m->bitrate_kbps)
        return lame_set_VBR(lame, vbr_mtrh) == 0 && lame_set_VBR_quality(lame, 2.0f) == 0;
    return lame_set_VBR(lame, vbr_off) == 0 && lame_set_brate(lame, (int)m->bitrate_kbps) == 0;
}

/* A segment's encoder (pc_mp3_lame_fn): user is the mp3_writer. */
static pcast_status mp3_make(void *user, bool tag, lame_t *out, pcast_error *err)
{
    const mp3_writer *w = user;
    const pc_sink_meta *m = w->meta;
    lame_t lame = *out = lame_init();
    if (!lame)
        return pc_error_nomem(err);
    pcast_status st = PCAST_OK;
    if (!mp3_settings(lame, m, tag))
        st = pc_error_set(err, PCAST_ERR_ARGUMENT, w->name, 0, 0,
                          "MP3 is mono or stereo at 8000, 11025, 12000, 16000, 22050, 24000, "
                          "32000, 44100 or 48000 Hz, not %u channel(s) at %u Hz",
                          m->channels, m->rate);
    else if (lame_init_params(lame) < 0)
        st = pc_error_set(err, PCAST_ERR_ARGUMENT, w->name, 0, 0,
                          "LAME refused MP3 at %u Hz, %u channels", m->rate, m->channels);
    if (st) {
        lame_close(lame);
        *out = NULL;
    }
    return st;
}

/* Writes the gathered bytes out and empties the buffer. */
static pcast_status mp3_flush(mp3_writer *w, pcast_error *err)
{
    int e = pc_io_write_all(w->fd, w->pending.data, w->pending.len, NULL);
    pc_buf_clear(&w->pending);
    if (e)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(e));
    return PCAST_OK;
}

/* Takes the stream's next bytes (pc_mp3_bytes_fn), writing once
 * MP3_FLUSH_BYTES have gathered. */
static pcast_status mp3_put(void *user, const unsigned char *bytes, size_t n, pcast_error *err)
{
    mp3_writer *w = user;
    if (!pc_buf_append(&w->pending, (const char *)bytes, n))
        return pc_error_nomem(err);
    return w->pending.len >= MP3_FLUSH_BYTES ? mp3_flush(w, err) : PCAST_OK;
}

/* A writer on out->fd (taken over; closed on failure too, when *state
 * is NULL and nothing has been written). */
static pcast_status mp3_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                             pcast_error *err)
{
    *state = NULL;
    if (m->id3_version && m->id3_version != 3 && m->id3_version != 4) {
        close(out->fd);
        return pc_error_set(err, PCAST_ERR_ARGUMENT, out->name, 0, 0,
                            "ID3v2 version 3 or 4, not %u", m->id3_version);
    }
    unsigned min = cbr_min_kbps(m->rate), max = cbr_max_kbps(m->rate);
    if (m->bitrate_kbps && (m->bitrate_kbps < min || m->bitrate_kbps > max)) {
        close(out->fd);
        return pc_error_set(err, PCAST_ERR_ARGUMENT, out->name, 0, 0,
                            "MP3 at %u Hz takes %u to %u kbit/s, not %u", m->rate, min, max,
                            m->bitrate_kbps);
    }
    if (m->channels < 1 || m->channels > 2) {
        close(out->fd);
        return pc_error_set(err, PCAST_ERR_ARGUMENT, out->name, 0, 0,
                            "MP3 is mono or stereo, not %u channels", m->channels);
    }
    mp3_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->fd = out->fd;
    w->name = out->name;
    w->meta = m;
    pc_mp3_params p = {m->channels, mp3_make, w, mp3_put, w, out->name};
    pcast_status st = pc_mp3_segments_new(&w->segs, &p, pc_mp3_threads(), err);
    if (st) {
        mp3_free(w);
        return st;
    }
    *state = w;
    return PCAST_OK;
}

/* n frames in; on failure the file is to be discarded (abort). */
static pcast_status mp3_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    mp3_writer *w = state;
    w->wrote = w->wrote || n;
    return pc_mp3_segments_write(w->segs, frames, n, err);
}

/* The last frames, then the stream's Xing/LAME info frame over the empty
 * one LAME began the stream with. A writer that never got audio leaves an
 * empty file. w is freed and its fd closed whatever the result. */
static pcast_status mp3_close(void *state, pcast_error *err)
{
    mp3_writer *w = state;
    pcast_status st = PCAST_OK;
    if (w->wrote) {
        unsigned char tag[MP3_TAG_MAX_BYTES];
        size_t tag_bytes = 0;
        st = pc_mp3_segments_finish(w->segs, tag, &tag_bytes, err);
        if (!st)
            st = mp3_flush(w, err);
        int e = st || !tag_bytes ? 0 : pc_io_pwrite_all(w->fd, tag, tag_bytes, 0);
        if (e)
            st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(e));
    }
    int fd = w->fd;
    w->fd = -1;
    if (close(fd) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed on close: %s",
                          strerror(errno));
    mp3_free(w);
    return st;
}

/* ---------- ID3v2.3 (or 2.4) ----------
 *
 * Version 2.3 by default: ffmpeg 5.1 (so ffprobe and mpv on Debian 12)
 * drops an ID3v2.4 CHAP whose title is over 127 bytes, while 2.3 is read
 * by every player. 2.3 counts frame sizes in plain 32 bits (2.4:
 * syncsafe) and has no UTF-8: text is UTF-16 with a byte-order mark. */

typedef struct id3 {
    pc_buf *b;
    unsigned version; /* 3 or 4 */
} id3;

static bool put_syncsafe(pc_buf *b, uint32_t v)
{
    char x[4] = {(char)((v >> 21) & 0x7F), (char)((v >> 14) & 0x7F), (char)((v >> 7) & 0x7F),
                 (char)(v & 0x7F)};
    return pc_buf_append(b, x, 4);
}

static bool put_be32(pc_buf *b, uint32_t v)
{
    char x[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    return pc_buf_append(b, x, 4);
}

/* A frame into t->b: id, size, no flags, then body. */
static bool put_frame(const id3 *t, const char *id, const pc_buf *body)
{
    return pc_buf_append(t->b, id, 4) &&
           (t->version == 4 ? put_syncsafe(t->b, (uint32_t)body->len)
                            : put_be32(t->b, (uint32_t)body->len)) &&
           pc_buf_append(t->b, "\0\0", 2) &&
           pc_buf_append(t->b, body->data ? body->data : "", body->len);
}

/* The encoding byte and text as the version has them: UTF-8 (3) in 2.4,
 * UTF-16LE with a BOM (1) in 2.3; terminated (one NUL unit) if term. */
static bool put_string(pc_buf *b, unsigned version, const char *text, bool term)
{
    if (version == 4)
        return pc_buf_puts(b, text) && (!term || pc_buf_putc(b, 0));
    bool ok = pc_buf_append(b, "\xFF\xFE", 2);
    for (size_t i = 0, n = strlen(text); i < n && ok;) {
        unsigned cp;
        i += pc_utf8_decode(text + i, n - i, &cp);
        unsigned units[2] = {cp, 0};
        size_t k = 1;
        if (cp > 0xFFFF) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            k = 2;
        }
        for (size_t j = 0; j < k && ok; j++)
            ok = pc_buf_putc(b, (char)(units[j] & 0xFF)) && pc_buf_putc(b, (char)(units[j] >> 8));
    }
    return ok && (!term || pc_buf_append(b, "\0", 2));
}

/* A text frame. */
static bool put_text(const id3 *t, const char *id, const char *text)
{
    if (!text || !*text)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, t->version == 4 ? 3 : 1) &&
              put_string(&body, t->version, text, false) && put_frame(t, id, &body);
    pc_buf_free(&body);
    return ok;
}

/* A TXXX frame: a description and a value. */
static bool put_txxx(const id3 *t, const char *desc, const char *value)
{
    if (!value || !*value)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, t->version == 4 ? 3 : 1) &&
              put_string(&body, t->version, desc, true) &&
              put_string(&body, t->version, value, false) && put_frame(t, "TXXX", &body);
    pc_buf_free(&body);
    return ok;
}

/* A WXXX frame (no description): the URL is Latin-1 whatever the
 * encoding byte says, so bytes outside printable ASCII are
 * percent-encoded (an IRI's UTF-8 becomes its URI). */
static bool put_wxxx(const id3 *t, const char *url)
{
    if (!url || !*url)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, 0) && pc_buf_putc(&body, 0);
    for (const unsigned char *p = (const unsigned char *)url; *p && ok; p++)
        ok = *p > 0x20 && *p < 0x7F ? pc_buf_putc(&body, (char)*p)
                                    : pc_buf_printf(&body, "%%%02X", *p);
    ok = ok && put_frame(t, "WXXX", &body);
    pc_buf_free(&body);
    return ok;
}

/* The podcast frames: TRCK (episode), TPOS (season), TLAN, TCOP, WXXX
 * (the episode's page), TXXX EPISODETYPE and ITUNESADVISORY (Mp3tag's
 * names; 1 explicit, 2 clean). */
static bool put_podcast(const id3 *t, const pc_sink_meta *m)
{
    pc_tag_numbers num = pc_tag_numbers_of(m);
    return put_text(t, "TRCK", num.episode) && put_text(t, "TPOS", num.season) &&
           put_text(t, "TLAN", m->language) && put_text(t, "TCOP", m->copyright) &&
           put_wxxx(t, m->url) && put_txxx(t, "EPISODETYPE", m->episode_type) &&
           put_txxx(t, "ITUNESADVISORY", num.advisory);
}

/* The date: TDRC in 2.4; in 2.3 TYER (YYYY) and TDAT (DDMM) from a date
 * that starts YYYY-MM-DD. */
static bool put_date(const id3 *t, const char *date)
{
    if (!date || !*date)
        return true;
    if (t->version == 4)
        return put_text(t, "TDRC", date);
    char year[5] = "", ddmm[5] = "";
    bool digits = strlen(date) >= 4;
    for (size_t i = 0; i < 4 && digits; i++)
        digits = date[i] >= '0' && date[i] <= '9';
    if (!digits)
        return true;
    memcpy(year, date, 4);
    if (strlen(date) >= 10 && date[4] == '-' && date[7] == '-') {
        char d[5] = {date[8], date[9], date[5], date[6], 0};
        bool ok = true;
        for (size_t i = 0; i < 4; i++)
            ok = ok && d[i] >= '0' && d[i] <= '9';
        if (ok)
            memcpy(ddmm, d, 5);
    }
    return put_text(t, "TYER", year) && put_text(t, "TDAT", ddmm);
}

static uint32_t to_ms(uint64_t frames, unsigned rate)
{
    uint64_t ms = (frames * 1000 + rate / 2) / rate;
    return ms > 0xFFFFFFFEu ? 0xFFFFFFFEu : (uint32_t)ms;
}

/* A CTOC counts its entries in a byte: up to 255 chapters hang from the
 * top-level one; more go in ordered sub-tables of 255 under it. */
static bool put_tocs(const id3 *t, size_t n)
{
    pc_buf body = {0};
    size_t subs = n > 255 ? (n + 254) / 255 : 0;
    bool ok = true;
    if (n) {
        size_t kids = subs ? subs : n;
        ok = pc_buf_append(&body, "toc", 4) && pc_buf_putc(&body, 0x03) &&
             pc_buf_putc(&body, (char)kids);
        for (size_t i = 0; i < kids && ok; i++)
            ok = pc_buf_printf(&body, subs ? "toc%zu" : "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(t, "CTOC", &body);
        pc_buf_clear(&body);
    }
    for (size_t k = 0; k < subs && ok; k++) {
        size_t from = k * 255, to = from + 255 < n ? from + 255 : n;
        ok = pc_buf_printf(&body, "toc%zu", k + 1) && pc_buf_putc(&body, 0) &&
             pc_buf_putc(&body, 0x01) && pc_buf_putc(&body, (char)(to - from));
        for (size_t i = from; i < to && ok; i++)
            ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(t, "CTOC", &body);
        pc_buf_clear(&body);
    }
    pc_buf_free(&body);
    return ok;
}

/* ffmpeg 5.1 (ffprobe, mpv on Debian 12) reads a CHAP's sub-frame sizes
 * as plain 32-bit numbers even in ID3v2.4, where they are syncsafe: from
 * 128 bytes on it reads a larger size r than the real s, and drops the
 * chapter when r passes the CHAP's end. So, in 2.4, the sub-frames in
 * sub are rewritten for both readings: a text frame ends in a NUL (ffmpeg
 * then stops reading it at its real end) and the CHAP gets r - s zero
 * bytes of padding at its end for ffmpeg to count; any other frame is
 * followed by a PRIV frame r - s bytes long, which ffmpeg skips with it
 * and other readers ignore. false on ENOMEM (sub is then unchanged). */
static bool chap_subframes_24(pc_buf *sub)
{
    pc_buf out = {0};
    uint64_t padding = 0;
    bool ok = true;
    for (size_t p = 0; ok && p + 10 <= sub->len && sub->data[p];) {
        const unsigned char *h = (const unsigned char *)sub->data + p;
        uint32_t s = (uint32_t)(h[4] & 0x7F) << 21 | (uint32_t)(h[5] & 0x7F) << 14 |
                     (uint32_t)(h[6] & 0x7F) << 7 | (h[7] & 0x7F);
        if (s > sub->len - p - 10)
            break;
        const char *body = sub->data + p + 10;
        bool text = h[0] == 'T' && s > 0;
        size_t nul = text && (body[0] == 1 || body[0] == 2) ? 2 : 1;
        bool ended = s > nul && !body[s - 1] && !body[s - nul];
        uint32_t add = text && !ended ? (uint32_t)nul : 0, size = s + add;
        pc_buf f = {0};
        ok = pc_buf_append(&f, body, s) && pc_buf_append(&f, "\0\0", add);
        id3 t = {&out, 4};
        ok = ok && put_frame(&t, (const char *)h, &f);
        pc_buf_free(&f);
        uint32_t read_as = (size >> 21 & 0x7F) << 24 | (size >> 14 & 0x7F) << 16 |
                           (size >> 7 & 0x7F) << 8 | (size & 0x7F);
        if (ok && read_as > size && text) {
            padding += read_as - size;
        } else if (ok && read_as > size) {
            pc_buf priv = {0};
            ok = pc_buf_puts(&priv, "postcast") && pc_buf_putc(&priv, 0) &&
                 pc_buf_reserve(&priv, read_as - size - 10 - priv.len);
            if (ok) {
                memset(priv.data + priv.len, 0, read_as - size - 10 - priv.len);
                priv.len = read_as - size - 10;
            }
            ok = ok && put_frame(&t, "PRIV", &priv);
            pc_buf_free(&priv);
        }
        p += 10 + s;
    }
    ok = ok && padding < UINT32_MAX && pc_buf_reserve(&out, (size_t)padding);
    if (ok) {
        memset(out.data + out.len, 0, (size_t)padding);
        out.len += (size_t)padding;
        pc_buf_free(sub);
        *sub = out;
    } else {
        pc_buf_free(&out);
    }
    return ok;
}

/* An APIC frame for a (none when NULL): Latin-1 text, the MIME type,
 * the picture type, no description, the file's bytes. */
static bool put_apic(const id3 *t, const pc_artwork *a, char type)
{
    if (!a)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, 0) && pc_buf_puts(&body, a->mime) && pc_buf_putc(&body, 0) &&
              pc_buf_putc(&body, type) && pc_buf_putc(&body, 0) &&
              pc_buf_append(&body, (const char *)a->bytes, a->size) && put_frame(t, "APIC", &body);
    pc_buf_free(&body);
    return ok;
}

/* A chapter's image and web page as CHAP sub-frames: APIC (picture type
 * 0 "other") and WXXX. */
static bool put_chapter_media(const id3 *t, const pc_sink_meta *m, size_t i)
{
    const pc_artwork *a = m->chapter_images ? m->chapter_images[i] : NULL;
    const char *url = m->chapter_urls ? m->chapter_urls[i] : NULL;
    return put_apic(t, a, 0) && put_wxxx(t, url);
}

/* A CHAP per chapter: its element id, start and end in milliseconds, no
 * byte offsets, a TIT2 sub-frame, and its image and URL if it has them. */
static bool put_chapters(const id3 *t, const pc_sink_meta *m, const uint64_t *frames, size_t n,
                         uint64_t total)
{
    pc_buf body = {0}, sub = {0};
    id3 inner = {&sub, t->version};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0) &&
             put_be32(&body, to_ms(frames[i], m->rate)) &&
             put_be32(&body, to_ms(i + 1 < n ? frames[i + 1] : total, m->rate)) &&
             put_be32(&body, 0xFFFFFFFFu) && put_be32(&body, 0xFFFFFFFFu) &&
             put_text(&inner, "TIT2", m->chapter_titles[i]) && put_chapter_media(&inner, m, i) &&
             (t->version != 4 || chap_subframes_24(&sub)) &&
             pc_buf_append(&body, sub.data ? sub.data : "", sub.len) && put_frame(t, "CHAP", &body);
        pc_buf_clear(&sub);
        pc_buf_clear(&body);
    }
    pc_buf_free(&sub);
    pc_buf_free(&body);
    return ok;
}

/* TIT2/TPE1/TALB/date/TCON/TSSE, the podcast frames, COMM, APIC, then
 * the CTOCs and the CHAPs, and 1 KiB of padding. */
static bool id3_tag(pc_buf *tag, const pc_sink_meta *m, const uint64_t *frames, size_t n,
                    uint64_t total)
{
    unsigned version = m->id3_version == 4 ? 4 : 3;
    pc_buf f = {0}, body = {0};
    id3 t = {&f, version};
    bool ok = put_text(&t, "TIT2", m->title) && put_text(&t, "TPE1", m->artist) &&
              put_text(&t, "TALB", m->album) && put_date(&t, m->date) &&
              put_text(&t, "TCON", m->genre) && put_text(&t, "TSSE", "postcast " POSTCAST_VERSION) &&
              put_podcast(&t, m);
    if (ok && m->comment && *m->comment) {
        /* the comment's language is the episode's (TLAN): a Chinese
         * description was marked English */
        const char *l = m->language;
        bool iso = l && strlen(l) == 3 && l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z' &&
                   l[2] >= 'a' && l[2] <= 'z';
        ok = pc_buf_putc(&body, version == 4 ? 3 : 1) && pc_buf_append(&body, iso ? l : "eng", 3) &&
             put_string(&body, version, "", true) && put_string(&body, version, m->comment, false) &&
             put_frame(&t, "COMM", &body);
        pc_buf_clear(&body);
    }
    ok = ok && put_apic(&t, m->artwork, 3); /* 3: front cover */
    if (n > 255 * 255)
        n = 255 * 255;
    ok = ok && put_tocs(&t, n) && put_chapters(&t, m, frames, n, total);
    /* header: ID3 2.v.0, no flags, syncsafe size of the frames + padding */
    size_t padding = 1024;
    ok = ok && pc_buf_append(tag, "ID3", 3) && pc_buf_putc(tag, (char)version) &&
         pc_buf_append(tag, "\0\0", 2) && put_syncsafe(tag, (uint32_t)(f.len + padding)) &&
         pc_buf_append(tag, f.data ? f.data : "", f.len) && pc_buf_reserve(tag, padding);
    if (ok) {
        memset(tag->data + tag->len, 0, padding);
        tag->len += padding;
    }
    pc_buf_free(&f);
    pc_buf_free(&body);
    return ok;
}

/* The tag goes in front: written with the MP3 after it to a new file
 * beside it, which replaces it. */
static pcast_status mp3_patch(const pc_container_out *out, const pc_sink_meta *m,
                              const uint64_t *frames, size_t n, uint64_t total, pcast_error *err)
{
    pc_buf tag = {0};
    if (!id3_tag(&tag, m, frames, n, total)) {
        pc_buf_free(&tag);
        return pc_error_nomem(err);
    }
    pc_temp t;
    pcast_status st = pc_temp_beside(&t, out->path, NULL, err);
    int in = st ? -1 : open(out->path, O_RDONLY | O_CLOEXEC);
    if (!st && in < 0)
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the ID3 tag: %s",
                          strerror(errno));
    int e = st ? 0 : pc_io_write_all(t.fd, tag.data, tag.len, NULL);
    if (e)
        st = pc_error_set(err, PCAST_ERR_IO, out->name, 0, 0, "cannot write the ID3 tag: %s",
                          strerror(e));
    if (!st)
        st = pc_io_copy(in, t.fd, out->name, NULL, err);
    if (!st)
        st = pc_temp_commit(&t, out->path, err);
    else
        pc_temp_discard(&t);
    if (in >= 0)
        close(in);
    pc_buf_free(&tag);
    return st;
}

static bool mp3_probe(const unsigned char *h, size_t n)
{
    return (n >= 3 && !memcmp(h, "ID3", 3)) || (n >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0);
}

static pcast_status mp3_read(pcast_media *m, FILE *f, const char *path, uint64_t fsize,
                             pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *snd = sf_open(path, SFM_READ, &info);
    if (!snd)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0, "not an MP3 file");
    sf_close(snd);
    pc_media_set_format(m, "MP3", (unsigned)info.samplerate, (unsigned)info.channels,
                        info.frames > 0 ? (uint64_t)info.frames : 0);
    return pc_id3_read(m, f, fsize, err);
}

static const char *const mp3_extensions[] = {"mp3", NULL};

const pc_container pc_container_mp3 = {
    .name = "mp3",
    .label = "MP3",
    .extensions = mp3_extensions,
    .cue_type = "MP3",
    .open = mp3_open,
    .write = mp3_write,
    .close = mp3_close,
    .abort = mp3_abort,
    .patch_chapters = mp3_patch,
    .probe = mp3_probe,
    .read = mp3_read,
};
