/* artwork: the cover image and its facts (see artwork.h). */
#include "artwork.h"

#include "buf.h"
#include "error.h"
#include "source.h"

#include <libavcodec/avcodec.h>
#include <libavutil/pixdesc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a FLAC PICTURE block's length is 24 bits; the others are wider */
#define MAX_ARTWORK_BYTES ((16u << 20) - 1024)
#define APPLE_MIN_PX 1400u
#define APPLE_MAX_PX 3000u

void pc_artwork_free(pc_artwork *a)
{
    free(a->bytes);
    memset(a, 0, sizeof *a);
}

static pc_artwork_colour colour_of(enum AVPixelFormat fmt, bool *alpha)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmt);
    *alpha = d && (d->flags & AV_PIX_FMT_FLAG_ALPHA);
    if (!d)
        return PC_ARTWORK_OTHER;
    if (d->flags & AV_PIX_FMT_FLAG_PAL)
        return PC_ARTWORK_PALETTE;
    if (d->nb_components <= 2)
        return PC_ARTWORK_GRAY;
    return d->nb_components <= 4 ? PC_ARTWORK_RGB : PC_ARTWORK_OTHER;
}

/* The most pixels a picture may have to be decoded: 40 megapixels (a
 * camera's photo; 120 MB as RGB). A 750 kB PNG of 16000 x 16000 pixels
 * took 780 MB and 2 s to decode. */
#define MAX_ARTWORK_PIXELS (40ull << 20)

/* The picture's size as its header states it (PNG's IHDR, JPEG's first
 * start-of-frame marker); false when none is found. */
static bool header_size(const unsigned char *b, size_t n, enum AVCodecID id, uint64_t *w,
                        uint64_t *h)
{
    if (id == AV_CODEC_ID_PNG) {
        if (n < 24 || memcmp(b + 12, "IHDR", 4))
            return false;
        *w = (uint64_t)b[16] << 24 | (uint64_t)b[17] << 16 | (uint64_t)b[18] << 8 | b[19];
        *h = (uint64_t)b[20] << 24 | (uint64_t)b[21] << 16 | (uint64_t)b[22] << 8 | b[23];
        return true;
    }
    for (size_t i = 2; i + 9 <= n;) {
        if (b[i] != 0xff) {
            i++;
            continue;
        }
        unsigned m = b[i + 1];
        if (m == 0xff || m == 0x01 || (m >= 0xd0 && m <= 0xd9)) {
            i += m == 0xff ? 1 : 2;
            continue;
        }
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            *h = (uint64_t)b[i + 5] << 8 | b[i + 6];
            *w = (uint64_t)b[i + 7] << 8 | b[i + 8];
            return true;
        }
        i += 2 + ((size_t)b[i + 2] << 8 | b[i + 3]);
    }
    return false;
}

/* Decodes the one picture in a->bytes for its size and colour model. */
static pcast_status decode_facts(pc_artwork *a, enum AVCodecID id, const char *name,
                                 pcast_error *err)
{
    const AVCodec *codec = avcodec_find_decoder(id);
    AVCodecContext *dec = codec ? avcodec_alloc_context3(codec) : NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    pcast_status st = PCAST_OK;
    uint64_t w, h;
    if (header_size(a->bytes, a->size, id, &w, &h) && w * h > MAX_ARTWORK_PIXELS) {
        st = pc_error_set(err, PCAST_ERR_INPUT, name, 0, 0,
                          "a picture of %llu x %llu pixels, too big to decode (at most "
                          "%llu megapixels; cover art is 1400 to 3000 pixels a side)",
                          (unsigned long long)w, (unsigned long long)h, MAX_ARTWORK_PIXELS >> 20);
        goto done;
    }
    if (!dec || !pkt || !frame || av_new_packet(pkt, (int)a->size) < 0) {
        st = pc_error_nomem(err);
        goto done;
    }
    dec->log_level_offset = AV_LOG_DEBUG; /* a library does not print */
    dec->max_pixels = MAX_ARTWORK_PIXELS;  /* a header that lies is stopped too */
    memcpy(pkt->data, a->bytes, a->size);
    pkt->flags |= AV_PKT_FLAG_KEY;
    if (avcodec_open2(dec, codec, NULL) < 0 || avcodec_send_packet(dec, pkt) < 0 ||
        avcodec_receive_frame(dec, frame) < 0 || frame->width <= 0 || frame->height <= 0) {
        st = pc_error_set(err, PCAST_ERR_INPUT, name, 0, 0, "not a whole %s image",
                          id == AV_CODEC_ID_PNG ? "PNG" : "JPEG");
        goto done;
    }
    a->width_px = (unsigned)frame->width;
    a->height_px = (unsigned)frame->height;
    a->colour = colour_of((enum AVPixelFormat)frame->format, &a->alpha);
done:
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    return st;
}

pcast_status pc_artwork_from_bytes(pc_artwork *a, const unsigned char *bytes, size_t size,
                                   const char *name, pcast_error *err)
{
    memset(a, 0, sizeof *a);
    enum AVCodecID id;
    if (size >= 8 && !memcmp(bytes, "\x89PNG\r\n\x1a\n", 8)) {
        id = AV_CODEC_ID_PNG;
        a->mime = "image/png";
    } else if (size >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8 && bytes[2] == 0xff) {
        id = AV_CODEC_ID_MJPEG;
        a->mime = "image/jpeg";
    } else {
        return pc_error_set(err, PCAST_ERR_INPUT, name, 0, 0,
                            "cover art must be a JPEG or PNG file");
    }
    if (size > MAX_ARTWORK_BYTES)
        return pc_error_set(err, PCAST_ERR_INPUT, name, 0, 0,
                            "cover art of %zu bytes is too big (at most %u)", size,
                            MAX_ARTWORK_BYTES);
    a->bytes = malloc(size);
    if (!a->bytes)
        return pc_error_nomem(err);
    memcpy(a->bytes, bytes, size);
    a->size = size;
    pcast_status st = decode_facts(a, id, name, err);
    if (st)
        pc_artwork_free(a);
    return st;
}

pcast_status pc_artwork_load(pc_artwork *a, const char *path, pcast_error *err)
{
    memset(a, 0, sizeof *a);
    char *text;
    size_t size;
    pcast_status st = pc_read_file(path, &text, &size, err);
    if (st)
        return st;
    st = pc_artwork_from_bytes(a, (const unsigned char *)text, size, path, err);
    free(text);
    return st;
}

bool pc_artwork_apple_check(const pc_artwork *a, char *why, size_t n)
{
    pc_buf b = {0};
    bool ok = true;
    if (a->width_px != a->height_px || a->width_px < APPLE_MIN_PX || a->width_px > APPLE_MAX_PX) {
        pc_buf_printf(&b, "is %u x %u pixels: it must be square, %u to %u pixels a side",
                      a->width_px, a->height_px, APPLE_MIN_PX, APPLE_MAX_PX);
        ok = false;
    }
    if (a->colour != PC_ARTWORK_RGB) {
        static const char *const names[] = {"RGB", "grayscale", "indexed (palette)", "CMYK or other"};
        pc_buf_printf(&b, "%sis %s: it must be RGB colour", ok ? "" : "; ", names[a->colour]);
        ok = false;
    }
    if (!ok && n)
        snprintf(why, n, "%s", b.data ? b.data : "out of memory");
    pc_buf_free(&b);
    return ok;
}
