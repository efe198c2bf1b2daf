/* sink: the episode file. WAV through libsndfile, FLAC through libFLAC's
 * encoder.
 *
 * Both containers want their chapters before the audio: libsndfile takes
 * cue points and extra chunks only before the first frame, and a FLAC
 * CUESHEET needs the total length. The chapter count and titles are known
 * from the script before synthesis, the offsets only after. So the sink
 * writes every chapter structure up front in its final size with zero
 * offsets, the audio streams in as clips are spoken, and
 * pc_sink_patch_chapters() overwrites the offsets in place at the end:
 * no stage waits for the whole episode. FLAC is driven through libFLAC
 * directly (not libsndfile) because libsndfile writes neither a CUESHEET
 * nor a PADDING block; with the encoder, CUESHEET goes before
 * VORBIS_COMMENT, the order ffmpeg needs to show chapter titles. */
#include "internal.h"

#include <FLAC/metadata.h>
#include <dlfcn.h>
#include <errno.h>
#include <FLAC/stream_encoder.h>
#include <ao/ao.h>
#include <opus/opusenc.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define FLAC_TRACKS 254    /* numbered CUESHEET tracks (255 is the lead-out) */
#define FLAC_CHAPTERS 999  /* CHAPTERnnn comments */

struct pc_sink {
    pc_sink_format format;
    ao_device *ao;
    int fd;             /* a WAV stream */
    SNDFILE *snd;
    FLAC__StreamEncoder *enc;
    FILE *fp;
    FLAC__StreamMetadata *meta[3];
    int32_t *wide;      /* FLAC wants int32 samples */
    size_t wide_cap;
    unsigned channels;
    const char *name;
    const char *path;   /* the file being written (Opus spools beside it) */
    char *spool;        /* Opus: the WAV spooled until the chapters are known */
};

pc_sink_format pc_sink_format_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    const char *ext = !dot || (slash && dot < slash) ? path : dot + 1;
    if (!strcasecmp(ext, "wav"))
        return PC_SINK_WAV;
    if (!strcasecmp(ext, "flac"))
        return PC_SINK_FLAC;
    if (!strcasecmp(ext, "mp3"))
        return PC_SINK_MP3;
    if (!strcasecmp(ext, "opus"))
        return PC_SINK_OPUS;
    return PC_SINK_NONE;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* Opus: an Ogg Opus stream carries its comments (and so its chapters)
 * in a header before the audio, and Ogg pages are checksummed, so they
 * cannot be patched in place. The episode streams into a WAV beside the
 * target (the same temporary name plus .wav) and is encoded with libopusenc
 * at the end, when the chapter times are known (patch_opus). */
static pcast_status open_opus(pc_sink *s, int fd, const pc_sink_meta *m, pcast_error *err)
{
    close(fd);
    pc_buf wav = {0};
    if (!pc_buf_printf(&wav, "%s.wav", s->path))
        return pc_error_nomem(err);
    s->spool = pc_buf_take(&wav);
    if (!s->spool)
        return pc_error_nomem(err);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)m->rate;
    info.channels = (int)m->channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    s->snd = sf_open(s->spool, SFM_WRITE, &info);
    if (!s->snd)
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot write: %s", sf_strerror(NULL));
    return PCAST_OK;
}

/* MP3: libsndfile with LAME; the tags and chapters go in an ID3v2 tag
 * put in front at the end (pc_sink_patch_chapters), when their times are
 * known. */
static pcast_status open_mp3(pc_sink *s, int fd, const pc_sink_meta *m, pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)m->rate;
    info.channels = (int)m->channels;
    info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    s->snd = sf_open_fd(fd, SFM_WRITE, &info, 1);
    if (!s->snd) {
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0,
                            "cannot write MP3 (libsndfile without LAME?): %s", sf_strerror(NULL));
    }
    double quality = 0.4; /* VBR, about 56 kbit/s for mono speech */
    sf_command(s->snd, SFC_SET_COMPRESSION_LEVEL, &quality, sizeof quality);
    return PCAST_OK;
}

static pcast_status open_wav(pc_sink *s, int fd, const pc_sink_meta *m, pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)m->rate;
    info.channels = (int)m->channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    s->snd = sf_open_fd(fd, SFM_WRITE, &info, 1);
    if (!s->snd) {
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot write WAV: %s",
                            sf_strerror(NULL));
    }
    /* tags -> LIST/INFO */
    const struct { int id; const char *v; } tags[] = {
        {SF_STR_TITLE, m->title},   {SF_STR_ARTIST, m->artist}, {SF_STR_ALBUM, m->album},
        {SF_STR_DATE, m->date},     {SF_STR_GENRE, m->genre},   {SF_STR_COMMENT, m->comment},
        {SF_STR_SOFTWARE, "postcast " POSTCAST_VERSION}};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v)
            sf_set_string(s->snd, tags[i].id, tags[i].v);
    if (!m->chapter_count)
        return PCAST_OK;

    /* chapters: a cue point per chapter ... */
    size_t bytes;
    if (!pc_size_mul(m->chapter_count, sizeof(SF_CUE_POINT), &bytes) ||
        !pc_size_add(bytes, sizeof(uint32_t) * 2, &bytes))
        return pc_error_nomem(err);
    struct { uint32_t cue_count; SF_CUE_POINT cue_points[]; } *cues = calloc(1, bytes);
    if (!cues)
        return pc_error_nomem(err);
    cues->cue_count = (uint32_t)m->chapter_count;
    for (size_t i = 0; i < m->chapter_count; i++) {
        SF_CUE_POINT *c = &cues->cue_points[i];
        c->indx = (int32_t)(i + 1);
        c->position = (uint32_t)m->chapter_frames[i];
        c->fcc_chunk = 0x61746164; /* "data" */
        c->sample_offset = (uint32_t)m->chapter_frames[i];
    }
    int ok = sf_command(s->snd, SFC_SET_CUE, cues, (int)bytes);
    free(cues);
    if (ok != SF_TRUE)
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot write WAV cue points");

    /* ... and a LIST/adtl chunk with a labl (cue id + title) for each:
     * libsndfile writes cue points but never their labels. Each labl is
     * exact (title, one NUL, an even pad): ffmpeg stops reading a label at
     * its NUL. And the whole list is a multiple of 4 bytes, closed with a
     * small JUNK filler when needed: sf_set_chunk rounds a chunk up to 4
     * with bytes of its own, which its own reader then misparses ("No
     * 'data' chunk marker"). ffmpeg stops at the filler, after every
     * label. */
    pc_buf adtl = {0};
    bool good = pc_buf_append(&adtl, "adtl", 4);
    for (size_t i = 0; i < m->chapter_count && good; i++) {
        const char *t = m->chapter_titles[i];
        size_t tl = strlen(t);
        if (tl > 65536)
            tl = 65536;
        unsigned char hdr[12];
        memcpy(hdr, "labl", 4);
        put_le32(hdr + 4, (uint32_t)(4 + tl + 1));
        put_le32(hdr + 8, (uint32_t)(i + 1));
        good = pc_buf_append(&adtl, (const char *)hdr, 12) && pc_buf_append(&adtl, t, tl) &&
               pc_buf_putc(&adtl, '\0') && ((tl + 1) % 2 == 0 || pc_buf_putc(&adtl, '\0'));
    }
    if (good && adtl.len % 4 == 2)
        good = pc_buf_append(&adtl, "JUNK\2\0\0\0\0\0", 10);
    SF_CHUNK_INFO chunk;
    memset(&chunk, 0, sizeof chunk);
    memcpy(chunk.id, "LIST", 4);
    chunk.id_size = 4;
    chunk.datalen = (unsigned)adtl.len;
    chunk.data = adtl.data;
    int rc = good ? sf_set_chunk(s->snd, &chunk) : SF_ERR_MALFORMED_FILE;
    pc_buf_free(&adtl);
    if (!good)
        return pc_error_nomem(err);
    if (rc != SF_ERR_NO_ERROR)
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot write WAV chapter labels: %s",
                            sf_error_number(rc));
    return PCAST_OK;
}

static bool add_comment(FLAC__StreamMetadata *vc, const char *key, const char *value)
{
    if (!value || !*value)
        return true;
    FLAC__StreamMetadata_VorbisComment_Entry e;
    if (!FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, key, value))
        return false;
    return FLAC__metadata_object_vorbiscomment_append_comment(vc, e, false);
}

static void hms(char *out, size_t size, uint64_t frames, unsigned rate)
{
    uint64_t ms = (frames * 1000 + rate / 2) / rate;
    snprintf(out, size, "%02llu:%02llu:%02llu.%03llu", (unsigned long long)(ms / 3600000),
             (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
             (unsigned long long)(ms % 1000));
}

static pcast_status open_flac(pc_sink *s, int fd, const pc_sink_meta *m, pcast_error *err)
{
    s->fp = fdopen(fd, "wb");
    if (!s->fp) {
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot write FLAC");
    }
    s->enc = FLAC__stream_encoder_new();
    FLAC__StreamMetadata *cs = FLAC__metadata_object_new(FLAC__METADATA_TYPE_CUESHEET);
    FLAC__StreamMetadata *vc = FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT);
    FLAC__StreamMetadata *pad = FLAC__metadata_object_new(FLAC__METADATA_TYPE_PADDING);
    s->meta[0] = cs;
    s->meta[1] = vc;
    s->meta[2] = pad;
    if (!s->enc || !cs || !vc || !pad)
        return pc_error_nomem(err);
    pad->length = 4096; /* room to edit tags later without a rewrite */

    /* CUESHEET: a non-CD sheet, track n at chapter n, lead-out 255 at the
     * end; its track numbers are a byte, so it holds 254 chapters, and the
     * CHAPTERnnn comments (which readers prefer) 999 */
    size_t n = m->chapter_count < FLAC_TRACKS ? m->chapter_count : FLAC_TRACKS;
    size_t named = m->chapter_count < FLAC_CHAPTERS ? m->chapter_count : FLAC_CHAPTERS;
    cs->data.cue_sheet.is_cd = false;
    cs->data.cue_sheet.lead_in = 0;
    bool ok = true;
    for (size_t i = 0; i <= n && ok; i++) {
        ok = FLAC__metadata_object_cuesheet_insert_blank_track(cs, (unsigned)i);
        if (!ok)
            break;
        FLAC__StreamMetadata_CueSheet_Track *t = &cs->data.cue_sheet.tracks[i];
        t->offset = i < n ? m->chapter_frames[i] : m->total_frames;
        t->number = (FLAC__byte)(i < n ? i + 1 : 255);
        t->type = 0;
        t->pre_emphasis = 0;
        if (i < n) {
            FLAC__StreamMetadata_CueSheet_Index idx = {0, 1};
            ok = FLAC__metadata_object_cuesheet_track_insert_index(cs, (unsigned)i, 0, idx);
        }
    }
    const char *why = NULL;
    if (ok && !FLAC__metadata_object_cuesheet_is_legal(cs, false, &why))
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "bad FLAC cue sheet: %s", why);

    ok = ok && add_comment(vc, "TITLE", m->title) && add_comment(vc, "ARTIST", m->artist) &&
         add_comment(vc, "ALBUM", m->album) && add_comment(vc, "DATE", m->date) &&
         add_comment(vc, "GENRE", m->genre) && add_comment(vc, "COMMENT", m->comment) &&
         add_comment(vc, "ENCODER", "postcast " POSTCAST_VERSION);
    for (size_t i = 0; i < named && ok; i++) {
        char key[32], when[32];
        snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
        hms(when, sizeof when, m->chapter_frames[i], m->rate);
        ok = add_comment(vc, key, when);
        snprintf(key, sizeof key, "CHAPTER%03zuNAME", i + 1);
        ok = ok && add_comment(vc, key, m->chapter_titles[i]);
    }
    if (!ok)
        return pc_error_nomem(err);

    FLAC__stream_encoder_set_channels(s->enc, m->channels);
    FLAC__stream_encoder_set_bits_per_sample(s->enc, 16);
    FLAC__stream_encoder_set_sample_rate(s->enc, m->rate);
    /* level 1: on the 90-minute corpus episode, a warm render 1.35x
     * faster than at level 3 for 2.4% more bytes (level 3 was 25% faster
     * than 5 for 4.6% more); re-renders are bound by this encoder. Speech
     * at 22 kHz gains little from LPC. */
    FLAC__stream_encoder_set_compression_level(s->enc, 1);
    FLAC__stream_encoder_set_total_samples_estimate(s->enc, m->total_frames);
    FLAC__stream_encoder_set_metadata(s->enc, n ? s->meta : s->meta + 1, n ? 3 : 2);
    FLAC__StreamEncoderInitStatus is = FLAC__stream_encoder_init_FILE(s->enc, s->fp, NULL, NULL);
    if (is != FLAC__STREAM_ENCODER_INIT_STATUS_OK)
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "cannot start the FLAC encoder: %s",
                            FLAC__StreamEncoderInitStatusString[is]);
    s->fp = NULL; /* the encoder owns it now */
    return PCAST_OK;
}

/* A signal (EINTR) ends the write too: a reader that stalls must not keep
 * Ctrl-C from stopping a stream. */
static bool write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* A WAV stream: the canonical 44-byte header with the sizes open-ended
 * (0xFFFFFFFF), as players reading a pipe expect; libsndfile cannot
 * write WAV into a pipe. */
static pcast_status open_stream(pc_sink *s, int fd, const pc_sink_meta *m, pcast_error *err)
{
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
    h[34] = 16, h[35] = 0; /* bits */
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, 0xFFFFFFFFu - 36);
    s->fd = fd;
    if (!write_all(fd, h, sizeof h))
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s", strerror(errno));
    return PCAST_OK;
}

static int ao_users; /* libao is initialised once per process */

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

static pcast_status open_device(pc_sink *s, const char *driver, const pc_sink_meta *m,
                                pcast_error *err)
{
    if (ao_users++ == 0) {
        ao_initialize();
        quiet_alsa();
    }
    int id = driver ? ao_driver_id(driver) : ao_default_driver_id();
    if (id < 0)
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                            driver ? "no audio driver named '%s'"
                                   : "no audio device found%s (write a file with -o FILE, or "
                                     "stream with -o - | aplay)",
                            driver ? driver : "");
    ao_sample_format f;
    memset(&f, 0, sizeof f);
    f.bits = 16;
    f.channels = (int)m->channels;
    f.rate = (int)m->rate;
    f.byte_format = AO_FMT_NATIVE;
    s->ao = ao_open_live(id, &f, NULL);
    if (!s->ao)
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                            "cannot open the audio device: %s; write a file with -o FILE, "
                            "or stream with -o - | aplay", ao_reason(errno));
    return PCAST_OK;
}

pcast_status pc_sink_open(pc_sink **out, int fd, const char *name, pc_sink_format format,
                          const pc_sink_meta *m, pcast_error *err)
{
    *out = NULL;
    pc_sink *s = calloc(1, sizeof *s);
    if (!s) {
        if (fd >= 0)
            close(fd);
        return pc_error_nomem(err);
    }
    s->format = format;
    s->name = name;
    s->fd = -1;
    s->channels = m->channels ? m->channels : 1;
    s->path = m->path;
    pcast_status st;
    switch (format) {
    case PC_SINK_WAV: st = open_wav(s, fd, m, err); break;
    case PC_SINK_FLAC: st = open_flac(s, fd, m, err); break;
    case PC_SINK_MP3: st = open_mp3(s, fd, m, err); break;
    case PC_SINK_OPUS: st = open_opus(s, fd, m, err); break;
    case PC_SINK_WAV_STREAM: st = open_stream(s, fd, m, err); break;
    case PC_SINK_DEVICE: st = open_device(s, name, m, err); break;
    default: st = pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no such output format");
    }
    if (st) {
        pc_sink_abort(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

pcast_status pc_sink_write(pc_sink *s, const int16_t *frames, size_t n, pcast_error *err)
{
    size_t samples = n * s->channels;
    if (s->ao) {
        if (!ao_play(s->ao, (char *)frames, (uint_32)(samples * sizeof *frames)))
            return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "the audio device failed");
        return PCAST_OK;
    }
    if (s->fd >= 0) {
        if (!write_all(s->fd, frames, samples * sizeof *frames))
            return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s",
                                strerror(errno));
        return PCAST_OK;
    }
    if (s->snd) {
        sf_count_t w = sf_writef_short(s->snd, frames, (sf_count_t)n);
        if (w != (sf_count_t)n)
            return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s",
                                sf_strerror(s->snd));
        return PCAST_OK;
    }
    if (!pc_grow((void **)&s->wide, &s->wide_cap, samples, sizeof *s->wide))
        return pc_error_nomem(err);
    for (size_t i = 0; i < samples; i++)
        s->wide[i] = frames[i];
    if (!FLAC__stream_encoder_process_interleaved(s->enc, s->wide, (unsigned)n))
        return pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s",
                            FLAC__stream_encoder_get_resolved_state_string(s->enc));
    return PCAST_OK;
}

static void release(pc_sink *s)
{
    if (s->spool) {
        unlink(s->spool);
        free(s->spool);
    }
    if (s->ao) {
        ao_close(s->ao);
        if (--ao_users == 0)
            ao_shutdown();
    } else if (s->format == PC_SINK_DEVICE && --ao_users == 0) {
        ao_shutdown();
    }
    if (s->fd >= 0)
        close(s->fd);
    if (s->enc)
        FLAC__stream_encoder_delete(s->enc);
    if (s->fp)
        fclose(s->fp);
    for (int i = 0; i < 3; i++)
        if (s->meta[i])
            FLAC__metadata_object_delete(s->meta[i]);
    free(s->wide);
    free(s);
}

pcast_status pc_sink_close(pc_sink *s, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    char *spool = s->spool; /* Opus: left for patch_opus, which removes it */
    s->spool = NULL;
    if (s->snd) {
        sf_write_sync(s->snd);
        if (sf_error(s->snd) != SF_ERR_NO_ERROR)
            st = pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s",
                              sf_strerror(s->snd));
        if (sf_close(s->snd) != 0 && !st)
            st = pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed on close");
        s->snd = NULL;
    } else if (s->enc) {
        if (!FLAC__stream_encoder_finish(s->enc))
            st = pc_error_set(err, PCAST_ERR_IO, s->name, 0, 0, "write failed: %s",
                              FLAC__stream_encoder_get_resolved_state_string(s->enc));
    }
    if (spool && st)
        unlink(spool);
    free(spool);
    release(s);
    return st;
}

void pc_sink_abort(pc_sink *s)
{
    if (!s)
        return;
    if (s->snd)
        sf_close(s->snd);
    else if (s->enc && FLAC__stream_encoder_get_state(s->enc) == FLAC__STREAM_ENCODER_OK)
        FLAC__stream_encoder_finish(s->enc);
    release(s);
}

/* ---------- chapters filled in after the audio ---------- */

/* WAV: the cue chunk has one fixed-size record per cue point; its
 * dwPosition and dwSampleOffset are overwritten where they stand. */
static pcast_status patch_wav(const char *path, const uint64_t *frames, size_t n, pcast_error *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot reopen: %s", strerror(errno));
    unsigned char h[12];
    bool done = false, ok = fread(h, 1, 12, f) == 12 && !memcmp(h, "RIFF", 4);
    while (ok && !done) {
        unsigned char ch[8];
        if (fread(ch, 1, 8, f) != 8)
            break;
        uint32_t size = (uint32_t)ch[4] | (uint32_t)ch[5] << 8 | (uint32_t)ch[6] << 16 |
                        (uint32_t)ch[7] << 24;
        if (memcmp(ch, "cue ", 4) != 0) {
            ok = fseeko(f, (off_t)size + (size & 1), SEEK_CUR) == 0;
            continue;
        }
        unsigned char cnt[4];
        ok = fread(cnt, 1, 4, f) == 4 && (cnt[0] | cnt[1] << 8 | cnt[2] << 16) == (int)n;
        for (size_t i = 0; ok && i < n; i++) {
            unsigned char v[4];
            put_le32(v, (uint32_t)frames[i]);
            /* record: id, position, fcc, chunk start, block start, offset */
            ok = fseeko(f, 4, SEEK_CUR) == 0 && fwrite(v, 1, 4, f) == 4 &&
                 fseeko(f, 12, SEEK_CUR) == 0 && fwrite(v, 1, 4, f) == 4;
        }
        done = ok;
    }
    if (fclose(f) != 0)
        ok = false;
    if (!done || !ok)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write the chapter offsets");
    return PCAST_OK;
}

/* FLAC: the CUESHEET and CHAPTERnnn comments were written with the right
 * shape and zero times; the values change, the sizes do not, so libFLAC's
 * chain rewrites the metadata in place. */
static pcast_status patch_flac(const char *path, const uint64_t *frames, size_t n, uint64_t total,
                               unsigned rate, pcast_error *err)
{
    FLAC__Metadata_Chain *chain = FLAC__metadata_chain_new();
    if (!chain)
        return pc_error_nomem(err);
    pcast_status st = PCAST_OK;
    if (!FLAC__metadata_chain_read(chain, path)) {
        st = pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot reopen: %s",
                          FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)]);
        FLAC__metadata_chain_delete(chain);
        return st;
    }
    FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
    if (!it) {
        FLAC__metadata_chain_delete(chain);
        return pc_error_nomem(err);
    }
    FLAC__metadata_iterator_init(it, chain);
    bool ok = true;
    size_t tracks = n < FLAC_TRACKS ? n : FLAC_TRACKS, named = n < FLAC_CHAPTERS ? n : FLAC_CHAPTERS;
    do {
        FLAC__StreamMetadata *b = FLAC__metadata_iterator_get_block(it);
        if (b->type == FLAC__METADATA_TYPE_CUESHEET) {
            FLAC__StreamMetadata_CueSheet *cs = &b->data.cue_sheet;
            for (uint32_t i = 0; i < cs->num_tracks; i++)
                cs->tracks[i].offset = i < tracks ? frames[i] : total;
        } else if (b->type == FLAC__METADATA_TYPE_VORBIS_COMMENT) {
            for (size_t i = 0; i < named && ok; i++) {
                char key[32], when[32];
                snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
                hms(when, sizeof when, frames[i], rate);
                FLAC__StreamMetadata_VorbisComment_Entry e;
                ok = FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, key, when) &&
                     FLAC__metadata_object_vorbiscomment_replace_comment(b, e, true, false);
            }
        }
    } while (ok && FLAC__metadata_iterator_next(it));
    FLAC__metadata_iterator_delete(it);
    if (ok && !FLAC__metadata_chain_write(chain, true, false))
        st = pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write the chapters: %s",
                          FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)]);
    else if (!ok)
        st = pc_error_nomem(err);
    FLAC__metadata_chain_delete(chain);
    return st;
}

/* ---------- ID3v2.4 for MP3 ---------- */

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

/* A frame: id, syncsafe size, no flags, then body. */
static bool put_frame(pc_buf *b, const char *id, const pc_buf *body)
{
    return pc_buf_append(b, id, 4) && put_syncsafe(b, (uint32_t)body->len) &&
           pc_buf_append(b, "\0\0", 2) && pc_buf_append(b, body->data ? body->data : "", body->len);
}

/* A UTF-8 text frame (encoding 3). */
static bool put_text(pc_buf *b, const char *id, const char *text)
{
    if (!text || !*text)
        return true;
    pc_buf body = {0};
    bool ok = pc_buf_putc(&body, 3) && pc_buf_puts(&body, text) && put_frame(b, id, &body);
    pc_buf_free(&body);
    return ok;
}

static uint32_t to_ms(uint64_t frames, unsigned rate)
{
    uint64_t ms = (frames * 1000 + rate / 2) / rate;
    return ms > 0xFFFFFFFEu ? 0xFFFFFFFEu : (uint32_t)ms;
}

/* TIT2/TPE1/TALB/TDRC/TCON/COMM, then a CTOC (top-level, ordered), and a
 * CHAP per chapter with its TIT2, start and end in milliseconds. */
static bool id3_tag(pc_buf *tag, const pc_sink_meta *m, const uint64_t *frames, size_t n,
                    uint64_t total)
{
    pc_buf f = {0}, body = {0};
    bool ok = put_text(&f, "TIT2", m->title) && put_text(&f, "TPE1", m->artist) &&
              put_text(&f, "TALB", m->album) && put_text(&f, "TDRC", m->date) &&
              put_text(&f, "TCON", m->genre) && put_text(&f, "TSSE", "postcast " POSTCAST_VERSION);
    if (ok && m->comment && *m->comment) {
        ok = pc_buf_putc(&body, 3) && pc_buf_append(&body, "eng", 3) && pc_buf_putc(&body, 0) &&
             pc_buf_puts(&body, m->comment) && put_frame(&f, "COMM", &body);
        pc_buf_clear(&body);
    }
    /* A CTOC counts its entries in a byte: up to 255 chapters hang from
     * the top-level one; more go in ordered sub-tables of 255 under it. */
    if (n > 255 * 255)
        n = 255 * 255;
    size_t subs = n > 255 ? (n + 254) / 255 : 0;
    if (ok && n) {
        size_t kids = subs ? subs : n;
        ok = pc_buf_append(&body, "toc", 4) && pc_buf_putc(&body, 0x03) &&
             pc_buf_putc(&body, (char)kids);
        for (size_t i = 0; i < kids && ok; i++)
            ok = pc_buf_printf(&body, subs ? "toc%zu" : "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(&f, "CTOC", &body);
        pc_buf_clear(&body);
    }
    for (size_t t = 0; t < subs && ok; t++) {
        size_t from = t * 255, to = from + 255 < n ? from + 255 : n;
        ok = pc_buf_printf(&body, "toc%zu", t + 1) && pc_buf_putc(&body, 0) &&
             pc_buf_putc(&body, 0x01) && pc_buf_putc(&body, (char)(to - from));
        for (size_t i = from; i < to && ok; i++)
            ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0);
        ok = ok && put_frame(&f, "CTOC", &body);
        pc_buf_clear(&body);
    }
    for (size_t i = 0; i < n && ok; i++) {
        pc_buf sub = {0};
        ok = pc_buf_printf(&body, "chp%zu", i + 1) && pc_buf_putc(&body, 0) &&
             put_be32(&body, to_ms(frames[i], m->rate)) &&
             put_be32(&body, to_ms(i + 1 < n ? frames[i + 1] : total, m->rate)) &&
             put_be32(&body, 0xFFFFFFFFu) && put_be32(&body, 0xFFFFFFFFu) &&
             put_text(&sub, "TIT2", m->chapter_titles[i]) &&
             pc_buf_append(&body, sub.data ? sub.data : "", sub.len) && put_frame(&f, "CHAP", &body);
        pc_buf_free(&sub);
        pc_buf_clear(&body);
    }
    /* header: ID3 2.4.0, no flags, syncsafe size of the frames + padding */
    size_t padding = 1024;
    ok = ok && pc_buf_append(tag, "ID3\x04\0\0", 6) && put_syncsafe(tag, (uint32_t)(f.len + padding)) &&
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
static pcast_status patch_mp3(const char *path, const pc_sink_meta *m, const uint64_t *frames,
                              size_t n, uint64_t total, pcast_error *err)
{
    pc_buf tag = {0}, tmp = {0};
    if (!id3_tag(&tag, m, frames, n, total) || !pc_buf_printf(&tmp, "%s.XXXXXX", path)) {
        pc_buf_free(&tag);
        pc_buf_free(&tmp);
        return pc_error_nomem(err);
    }
    pcast_status st = PCAST_OK;
    int out = mkstemp(tmp.data);
    FILE *in = fopen(path, "rb");
    if (out < 0 || !in) {
        st = pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write the ID3 tag: %s",
                          strerror(errno));
    } else {
        fchmod(out, 0644);
        bool ok = write_all(out, tag.data, tag.len);
        char buf[65536];
        size_t got;
        while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
            ok = write_all(out, buf, got);
        ok = ok && !ferror(in);
        if (close(out) != 0)
            ok = false;
        out = -1;
        if (!ok || rename(tmp.data, path) != 0)
            st = pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write the ID3 tag: %s",
                              strerror(errno ? errno : EIO));
    }
    if (out >= 0)
        close(out);
    if (in)
        fclose(in);
    if (st)
        unlink(tmp.data);
    pc_buf_free(&tag);
    pc_buf_free(&tmp);
    return st;
}

static pcast_status patch_opus(const char *path, const pc_sink_meta *m, const uint64_t *frames,
                               size_t n, pcast_error *err)
{
    pc_buf spool = {0};
    if (!pc_buf_printf(&spool, "%s.wav", path))
        return pc_error_nomem(err);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *in = sf_open(spool.data, SFM_READ, &info);
    OggOpusComments *c = ope_comments_create();
    OggOpusEnc *enc = NULL;
    pcast_status st = PCAST_OK;
    bool ok = in && c;
    const struct { const char *k, *v; } tags[] = {
        {"TITLE", m->title}, {"ARTIST", m->artist}, {"ALBUM", m->album}, {"DATE", m->date},
        {"GENRE", m->genre}, {"COMMENT", m->comment}};
    for (size_t i = 0; ok && i < sizeof tags / sizeof *tags; i++)
        if (tags[i].v && *tags[i].v)
            ok = ope_comments_add(c, tags[i].k, tags[i].v) == OPE_OK;
    for (size_t i = 0; ok && i < n && i < 999; i++) {
        char key[32], when[32];
        snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
        hms(when, sizeof when, frames[i], m->rate);
        ok = ope_comments_add(c, key, when) == OPE_OK;
        snprintf(key, sizeof key, "CHAPTER%03zuNAME", i + 1);
        ok = ok && ope_comments_add(c, key, m->chapter_titles[i]) == OPE_OK;
    }
    int e = 0;
    if (ok)
        enc = ope_encoder_create_file(path, c, info.samplerate, info.channels, 0, &e);
    if (enc) {
        ope_encoder_ctl(enc, OPUS_SET_BITRATE(info.channels == 2 ? 64000 : 40000));
        short buf[4096 * 2];
        sf_count_t got;
        while (ok && (got = sf_readf_short(in, buf, 4096)) > 0)
            ok = ope_encoder_write(enc, buf, (int)got) == OPE_OK;
        ok = ok && ope_encoder_drain(enc) == OPE_OK;
        ope_encoder_destroy(enc);
    }
    if (!ok || !enc)
        st = pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write Opus: %s",
                          enc || !e ? "encoding failed" : ope_strerror(e));
    if (c)
        ope_comments_destroy(c);
    if (in)
        sf_close(in);
    unlink(spool.data);
    pc_buf_free(&spool);
    return st;
}

pcast_status pc_sink_patch_chapters(const char *path, pc_sink_format format, const pc_sink_meta *m,
                                    const uint64_t *frames, size_t n, uint64_t total,
                                    pcast_error *err)
{
    if (format == PC_SINK_OPUS)
        return patch_opus(path, m, frames, n, err);
    if (format == PC_SINK_MP3)
        return patch_mp3(path, m, frames, n, total, err);
    if (!n)
        return PCAST_OK;
    return format == PC_SINK_WAV ? patch_wav(path, frames, n, err)
                                 : patch_flac(path, frames, n, total, m->rate, err);
}
