/* mixer: placement, resampling, music, limiter, chunked writes. */
#include "mixer.h"

#include "encoder_thread.h"

#include <math.h>
#include <soxr.h>
#include <stdlib.h>

struct pc_mixer {
    pc_mixer_write_fn write;
    void *user;
    pc_encoder_thread *encoder; /* writes for us, or NULL: we write */
    pc_limiter *limiter;   /* at the file's rate */
    pc_music *music;       /* borrowed, or NULL */
    soxr_t soxr;           /* to the file's rate, or NULL */
    double ratio;          /* file rate / engine rate */
    uint64_t fed, written; /* frames into and out of the resampler */
    double *rs_out;
    size_t rs_cap;         /* frames rs_out holds */
    unsigned channels;
    double voice[PC_CHUNK_FRAMES * 2]; /* a chunk of voice frames */
    int16_t buf[PC_CHUNK_FRAMES * 2];  /* limited frames for the sink */
};

void pc_pan_gains(double pan, double out[2])
{
    double angle = (pan + 1.0) * 3.14159265358979323846 / 4.0;
    out[0] = cos(angle);
    out[1] = sin(angle);
}

pcast_status pc_mixer_new(unsigned in_rate_hz, unsigned out_rate_hz, unsigned channels,
                          double ceiling_dbfs,
                          pc_music *music, pc_mixer_write_fn write, void *user, pc_mixer **out,
                          pcast_error *err)
{
    *out = NULL;
    pc_mixer *m = calloc(1, sizeof *m);
    if (!m)
        return pc_error_nomem(err);
    m->write = write;
    m->user = user;
    m->music = music;
    m->channels = channels;
    m->ratio = 1.0;
    m->limiter = pc_limiter_new(out_rate_hz, 32767.0 * pow(10.0, ceiling_dbfs / 20.0),
                                PC_LIMIT_LOOKAHEAD_MS, PC_LIMIT_RELEASE_MS, channels);
    if (!m->limiter) {
        pc_mixer_free(m);
        return pc_error_nomem(err);
    }
    if (out_rate_hz != in_rate_hz) {
        soxr_error_t se;
        soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT64_I, SOXR_FLOAT64_I);
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        m->ratio = (double)out_rate_hz / in_rate_hz;
        m->rs_cap = (size_t)(PC_CHUNK_FRAMES * m->ratio) + 4096;
        m->soxr = soxr_create(in_rate_hz, out_rate_hz, channels, &se, &io, &q, NULL);
        m->rs_out = malloc(sizeof *m->rs_out * m->rs_cap * channels);
        if (!m->soxr || !m->rs_out) {
            pcast_status st = se ? pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                                                "cannot resample: %s", se)
                                 : pc_error_nomem(err);
            pc_mixer_free(m);
            return st;
        }
    }
    *out = m;
    return PCAST_OK;
}

void pc_mixer_encode_on_thread(pc_mixer *m)
{
    if (!m->encoder)
        m->encoder = pc_encoder_thread_new(m->write, m->user, PC_CHUNK_FRAMES, m->channels);
}

void pc_mixer_free(pc_mixer *m)
{
    if (!m)
        return;
    pc_encoder_thread_free(m->encoder);
    pc_limiter_free(m->limiter);
    if (m->soxr)
        soxr_delete(m->soxr);
    free(m->rs_out);
    free(m);
}

/* Frames at the file's rate: the music joins them, the limiter holds the
 * peaks of the sum under the ceiling, and the sink takes them. */
static pcast_status to_limiter(pc_mixer *m, double *frames, size_t k, pcast_error *err)
{
    if (m->music && frames)
        pc_music_mix(m->music, frames, k);
    size_t ch = m->channels;
    pcast_status st = PCAST_OK;
    for (size_t at = 0; at < k && !st; at += PC_CHUNK_FRAMES) {
        size_t n = k - at < PC_CHUNK_FRAMES ? k - at : PC_CHUNK_FRAMES;
        size_t out = pc_limiter_frames(m->limiter, frames ? frames + at * ch : NULL, n, m->buf);
        if (out)
            st = m->encoder ? pc_encoder_thread_push(m->encoder, m->buf, out, err)
                            : m->write(m->user, m->buf, out, err);
    }
    return st;
}

/* Voice frames at the engine's rate on to the file's, through the
 * resampler when the file has another rate. Its output is capped at the
 * exact length (round(fed x ratio)): libsoxr is time-aligned but flushes
 * a filter tail. */
static pcast_status to_rate(pc_mixer *m, double *frames, size_t k, bool flush, pcast_error *err)
{
    if (!m->soxr) {
        m->fed += k;
        m->written += k;
        return k ? to_limiter(m, frames, k, err) : PCAST_OK;
    }
    m->fed += k;
    uint64_t want = (uint64_t)llround((double)m->fed * m->ratio);
    size_t done = 0;
    soxr_error_t se = flush ? soxr_process(m->soxr, NULL, 0, NULL, m->rs_out, m->rs_cap, &done)
                            : soxr_process(m->soxr, frames, k, NULL, m->rs_out, m->rs_cap, &done);
    if (se)
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "resampling failed: %s", se);
    if (m->written + done > want)
        done = (size_t)(want - m->written);
    m->written += done;
    return to_limiter(m, m->rs_out, done, err);
}

/* n samples times gain (in NULL: silence), placed by pan in stereo. */
static pcast_status emit(pc_mixer *m, const int16_t *in, double gain, const double *pan,
                         size_t n, pcast_error *err)
{
    pc_place(in, gain, pan, n, m->channels, m->voice);
    return to_rate(m, m->voice, n, false, err);
}

pcast_status pc_mixer_silence(pc_mixer *m, uint64_t frames, pcast_error *err)
{
    while (frames) {
        size_t n = frames < PC_CHUNK_FRAMES ? (size_t)frames : PC_CHUNK_FRAMES;
        pcast_status st = emit(m, NULL, 1.0, NULL, n, err);
        if (st)
            return st;
        frames -= n;
    }
    return PCAST_OK;
}

pcast_status pc_mixer_voice(pc_mixer *m, const int16_t *pcm, size_t frames, double gain,
                            const double *pan, volatile const int *cancel, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    for (size_t at = 0; at < frames && !st; at += PC_CHUNK_FRAMES) {
        if (cancel && *cancel)
            return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
        size_t n = frames - at < PC_CHUNK_FRAMES ? frames - at : PC_CHUNK_FRAMES;
        st = emit(m, pcm + at, gain, pan, n, err);
    }
    if (st && cancel && *cancel)
        return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
    return st;
}

pcast_status pc_mixer_flush(pc_mixer *m, pcast_error *err)
{
    pcast_status st;
    if ((m->soxr && (st = to_rate(m, NULL, 0, true, err))) ||
        (st = to_limiter(m, NULL, pc_limiter_latency(m->limiter), err)))
        return st;
    if (m->encoder && (st = pc_encoder_thread_drain(m->encoder, err)))
        return st;
    if (m->soxr && m->written != (uint64_t)llround((double)m->fed * m->ratio))
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "the resampler fell short");
    return PCAST_OK;
}

uint64_t pc_mixer_file_frames(const pc_mixer *m, uint64_t engine_frames)
{
    return m->soxr ? (uint64_t)llround((double)engine_frames * m->ratio) : engine_frames;
}

uint64_t pc_mixer_written(const pc_mixer *m) { return m->written; }
