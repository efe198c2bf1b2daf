/* live: outputs with no file to finish. A WAV stream into a pipe as it is
 * spoken (the canonical 44-byte header with open-ended sizes, as players
 * reading a pipe expect; libsndfile cannot write WAV into a pipe), and
 * playback through libao. Neither has chapters. */
#include "internal.h"
#include "container.h"
#include "io.h"

#include <ao/ao.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------- WAV into a pipe ---------- */

typedef struct stream_writer {
    int fd;
    const char *name;
    unsigned channels;
    volatile const int *cancel;
} stream_writer;

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void stream_abort(void *state)
{
    stream_writer *w = state;
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    free(w);
}

static pcast_status stream_send(stream_writer *w, const void *p, size_t n, pcast_error *err)
{
    /* a signal (EINTR) with the cancel flag set ends the write: a reader
     * that stalls must not keep Ctrl-C from stopping a stream */
    int e = pc_io_write_all(w->fd, p, n, w->cancel);
    if (e)
        return pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(e));
    return PCAST_OK;
}

static pcast_status stream_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                                pcast_error *err)
{
    *state = NULL;
    stream_writer *w = calloc(1, sizeof *w);
    if (!w) {
        close(out->fd);
        return pc_error_nomem(err);
    }
    w->fd = out->fd;
    w->name = out->name;
    w->channels = m->channels;
    w->cancel = out->cancel;
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put_le32(h + 4, 0xFFFFFFFFu);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le32(h + 16, 16);
    h[20] = 1, h[21] = 0; /* PCM */
    h[22] = (unsigned char)m->channels, h[23] = 0;
    put_le32(h + 24, m->rate);
    put_le32(h + 28, m->rate * 2 * m->channels);
    h[32] = (unsigned char)(2 * m->channels), h[33] = 0; /* block align */
    h[34] = 16, h[35] = 0;                               /* bits */
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, 0xFFFFFFFFu - 36);
    pcast_status st = stream_send(w, h, sizeof h, err);
    if (st) {
        stream_abort(w);
        return st;
    }
    *state = w;
    return PCAST_OK;
}

static pcast_status stream_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    stream_writer *w = state;
    return stream_send(w, frames, n * w->channels * sizeof *frames, err);
}

static pcast_status stream_close(void *state, pcast_error *err)
{
    stream_writer *w = state;
    pcast_status st = PCAST_OK;
    if (close(w->fd) != 0 && errno != EINTR)
        st = pc_error_set(err, PCAST_ERR_IO, w->name, 0, 0, "write failed: %s", strerror(errno));
    w->fd = -1;
    stream_abort(w);
    return st;
}

const pc_container pc_container_wav_stream = {
    .name = "wav",
    .label = "WAV",
    .flags = PC_CONTAINER_LIVE | PC_CONTAINER_STREAM,
    .open = stream_open,
    .write = stream_write,
    .close = stream_close,
    .abort = stream_abort,
};

/* ---------- libao ---------- */

static int ao_users; /* libao is initialised once per process */

typedef struct device_writer {
    ao_device *ao;
    unsigned channels;
} device_writer;

static void alsa_quiet(const char *file, int line, const char *function, int error,
                       const char *fmt, ...)
{
    (void)file, (void)line, (void)function, (void)error, (void)fmt;
}

/* libasound prints its configuration errors to stderr (a machine with no
 * sound card gets eight lines of them before our one). Its error handler
 * is process-wide, and libao's ALSA plugin has loaded it by now: silence
 * it, without linking libasound ourselves. */
static void quiet_alsa(void)
{
    void *h = dlopen("libasound.so.2", RTLD_LAZY | RTLD_NOLOAD);
    if (!h)
        return;
    typedef void (*handler)(const char *, int, const char *, int, const char *, ...);
    int (*set)(handler);
    *(void **)&set = dlsym(h, "snd_lib_error_set_handler");
    if (set)
        set(alsa_quiet);
    dlclose(h);
}

/* libao's errno after a failed ao_open_live */
static const char *ao_reason(int e)
{
    switch (e) {
    case AO_ENODRIVER: return "no such driver";
    case AO_ENOTLIVE: return "not a live output";
    case AO_EBADOPTION: return "a bad option";
    case AO_EOPENDEVICE: return "no device to open (no sound card?)";
    case AO_EBADFORMAT: return "the format is not supported";
    default: return "unknown reason";
    }
}

static void device_abort(void *state)
{
    device_writer *w = state;
    if (!w)
        return;
    if (w->ao)
        ao_close(w->ao);
    if (--ao_users == 0)
        ao_shutdown();
    free(w);
}

static pcast_status device_open(void **state, const pc_container_out *out, const pc_sink_meta *m,
                                pcast_error *err)
{
    *state = NULL;
    device_writer *w = calloc(1, sizeof *w);
    if (!w)
        return pc_error_nomem(err);
    w->channels = m->channels;
    if (ao_users++ == 0) {
        ao_initialize();
        quiet_alsa();
    }
    const char *driver = out->device;
    int id = driver ? ao_driver_id(driver) : ao_default_driver_id();
    if (id < 0) {
        device_abort(w);
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                            driver ? "no audio driver named '%s'"
                                   : "no audio device found%s (write a file with -o FILE, or "
                                     "stream with -o - | aplay)",
                            driver ? driver : "");
    }
    ao_sample_format f;
    memset(&f, 0, sizeof f);
    f.bits = 16;
    f.channels = (int)m->channels;
    f.rate = (int)m->rate;
    f.byte_format = AO_FMT_NATIVE;
    w->ao = ao_open_live(id, &f, NULL);
    if (!w->ao) {
        int e = errno;
        device_abort(w);
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                            "cannot open the audio device: %s; write a file with -o FILE, "
                            "or stream with -o - | aplay", ao_reason(e));
    }
    *state = w;
    return PCAST_OK;
}

static pcast_status device_write(void *state, const int16_t *frames, size_t n, pcast_error *err)
{
    device_writer *w = state;
    if (!ao_play(w->ao, (char *)frames, (uint_32)(n * w->channels * sizeof *frames)))
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "the audio device failed");
    return PCAST_OK;
}

static pcast_status device_close(void *state, pcast_error *err)
{
    (void)err;
    device_abort(state);
    return PCAST_OK;
}

const pc_container pc_container_device = {
    .name = "device",
    .label = "device",
    .flags = PC_CONTAINER_LIVE,
    .open = device_open,
    .write = device_write,
    .close = device_close,
    .abort = device_abort,
};
