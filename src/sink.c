/* sink: the episode's output file, end to end (see sink.h).
 *
 * Every container wants its chapters before the audio (libsndfile takes
 * cue points only before the first frame; a FLAC CUESHEET, an ID3 tag
 * and Ogg comments sit in front), while the offsets are known only at the
 * end. So the container writes its chapter structures up front in their
 * final size (or spools), the audio streams in as clips are spoken, and
 * its patch_chapters fills in the offsets once they are known: no stage
 * waits for the whole episode. The sink around it chooses the container,
 * makes the temporary file and puts the result in place. */
#include "internal.h"
#include "sink.h"
#include "container.h"
#include "engine.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct pc_sink {
    const pc_container *c;
    void *state;          /* the writer's; NULL once closed */
    pc_container_out out; /* out.path is temp.path */
    pc_temp temp;         /* the file being written, if any */
    int target;           /* a pipe or device to copy the file into, or -1 */
    const char *path;     /* the output as named */
    pc_sink_meta meta;    /* its text cleaned (clean_meta) */
    pc_arena arena;       /* the cleaned copies */
};

/* "; Ogg Opus is .opus" and the like for an extension people give a
 * format postcast writes under another name; "" for any other. */
static const char *near_miss(const char *path)
{
    static const struct { const char *ext, *hint; } misses[] = {
        {".ogg", "; Ogg Opus is .opus"}, {".oga", "; Ogg Opus is .opus"},
        {".aac", "; AAC is .m4a"},       {".m4b", "; AAC is .m4a"},
        {".mp4", "; AAC is .m4a"},       {".wave", "; WAV is .wav"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && !strchr(dot, '/') && i < sizeof misses / sizeof *misses; i++)
        if (!strcasecmp(dot, misses[i].ext))
            return misses[i].hint;
    return "";
}

/* The container cfg asks for. */
static pcast_status choose(const pcast_render_config *cfg, const pc_container **out,
                           pcast_error *err)
{
    *out = NULL;
    if (cfg->device) {
        *out = &pc_container_device;
        return PCAST_OK;
    }
    const char *path = cfg->output_path;
    if (!path || !*path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no output file given");
    if (!strcmp(path, "-")) {
        const pc_container *f = cfg->format ? pc_container_for_name(cfg->format) : NULL;
        if (cfg->format && f != &pc_container_wav)
            return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                                "only WAV streams to standard output (-o -)%s%s%s%s%s",
                                f ? "; -o /dev/stdout --format " : "", f ? f->extensions[0] : "",
                                f ? " writes the finished " : "", f ? f->label : "",
                                f ? " there" : "");
        *out = &pc_container_wav_stream;
        return PCAST_OK;
    }
    const pc_container *c = cfg->format ? pc_container_for_name(cfg->format)
                                        : pc_container_for_path(path);
    const pc_container *named = pc_container_for_path(path);
    if (c && named && named != c)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, path, 0, 0,
                            "the name says %s but --format says %s: name it .%s or drop --format",
                            named->label, c->label, c->extensions[0]);
    struct stat st;
    if (!c && !cfg->format &&
        ((stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) || pc_io_in_dev(path)))
        c = &pc_container_wav; /* a pipe or device without an extension */
    if (!c && cfg->format) {
        char ext[16] = ".";
        size_t n = strlen(cfg->format);
        if (n < sizeof ext - 1)
            memcpy(ext + 1, cfg->format, n + 1);
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "unknown format '%s' (%s)%s",
                            cfg->format, pc_container_names(), near_miss(ext));
    }
    if (!c)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, path, 0, 0,
                            "the output must end in .wav, .flac, .mp3, .opus or .m4a (or give "
                            "--format)%s", near_miss(path));
    *out = c;
    return PCAST_OK;
}

pcast_status pc_sink_check(const pcast_render_config *cfg, const char *source_path,
                           pcast_error *err)
{
    const pc_container *c;
    pcast_status st = choose(cfg, &c, err);
    if (st || (c->flags & PC_CONTAINER_LIVE) || !source_path)
        return st;
    /* the post itself (same path, or the same file by another name) */
    struct stat a, b;
    if (!strcmp(source_path, cfg->output_path) ||
        (stat(source_path, &a) == 0 && stat(cfg->output_path, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino && S_ISREG(b.st_mode)))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, cfg->output_path, 0, 0,
                            "is the post being rendered; write the episode to another file (-o)");
    return PCAST_OK;
}

/* An fd for a pipe, device or anything in /dev: the descriptor itself for
 * /dev/stdout, /dev/stderr and /dev/fd/N (its offset and append mode as
 * the shell set them up), else the node opened as it is, never created. */
static int open_target(const char *path)
{
    static const char *const fds[] = {"/dev/fd/", "/proc/self/fd/"};
    long n = -1;
    if (!strcmp(path, "/dev/stdout"))
        n = 1;
    else if (!strcmp(path, "/dev/stderr"))
        n = 2;
    for (size_t i = 0; i < 2 && n < 0; i++) {
        size_t k = strlen(fds[i]);
        char *end;
        if (!strncmp(path, fds[i], k) && path[k] >= '0' && path[k] <= '9') {
            long v = strtol(path + k, &end, 10);
            n = *end ? -1 : v;
        }
    }
    if (n >= 0 && n <= INT_MAX)
        return fcntl((int)n, F_DUPFD_CLOEXEC, 3);
    return open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

double pc_sink_headroom_db(const pcast_render_config *cfg)
{
    const pc_container *c;
    return choose(cfg, &c, NULL) ? 0.0 : c->headroom_db;
}

pcast_status pc_sink_check_length(const pcast_render_config *cfg, uint64_t frames,
                                  unsigned rate_hz, unsigned channels, pcast_error *err)
{
    const pc_container *c;
    if (choose(cfg, &c, NULL) || !c->max_audio_bytes || !rate_hz || !channels)
        return PCAST_OK;
    uint64_t per_frame = 2 * (uint64_t)channels;
    if (frames <= c->max_audio_bytes / per_frame)
        return PCAST_OK;
    return pc_error_set(err, PCAST_ERR_INPUT, cfg->output_path, 0, 0,
                        "the pauses alone last %.1f hours, longer than a %s file can hold (%.1f hours "
                        "at %u Hz %s); write FLAC, MP3 or Opus instead",
                        (double)frames / rate_hz / 3600.0, c->label,
                        (double)(c->max_audio_bytes / per_frame) / rate_hz / 3600.0, rate_hz,
                        channels == 2 ? "stereo" : "mono");
}

/* A regular file (or a new one) is written under a temporary name in its
 * directory and renamed at the end. A pipe or device cannot be renamed
 * over (and libsndfile cannot write WAV into a pipe), nor may anything be
 * created in /dev, so those are written in $TMPDIR and copied in whole at
 * the end. */
static pcast_status open_file(pc_sink *s, pcast_error *err)
{
    const char *path = s->path;
    const char *slash = strrchr(path, '/');
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: Is a directory");
    if ((exists && !S_ISREG(st.st_mode)) || pc_io_in_dev(path)) {
        s->target = open_target(path);
        if (s->target < 0)
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        const char *tmpdir = getenv("TMPDIR");
        tmpdir = tmpdir && *tmpdir ? tmpdir : "/tmp";
        pc_io_sweep(tmpdir);
        return pc_temp_create(&s->temp, tmpdir, NULL, true, path, err);
    }
    if (!*(slash ? slash + 1 : path))
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: Is a directory");
    char *dir = pc_io_dirname(path);
    if (!dir)
        return pc_error_nomem(err);
    pc_io_sweep(dir);
    free(dir);
    return pc_temp_beside(&s->temp, path, NULL, err);
}

/* t itself, or (when it holds controls: C0, C1, DEL, line separators,
 * bidi formatting) a copy in a with them as blanks, as a clip's text is
 * cleaned for the engine: text from a post never reaches a tag with an
 * escape sequence or a bidi override in it. NULL on ENOMEM. */
static const char *clean_copy(pc_arena *a, const char *t)
{
    pc_buf b = {0};
    const char *c = pc_speech_cleaned(t, &b);
    if (c && c != t)
        c = pc_arena_strdup(a, c);
    pc_buf_free(&b);
    return c;
}

/* The same for a list of n strings (NULL entries kept); NULL on ENOMEM. */
static const char *const *clean_list(pc_arena *a, const char *const *list, size_t n)
{
    if (!list || !n)
        return list;
    if (n > SIZE_MAX / sizeof(char *))
        return NULL;
    const char **c = pc_arena_alloc(a, n * sizeof *c);
    for (size_t i = 0; c && i < n; i++)
        if (!(c[i] = clean_copy(a, list[i])) && list[i])
            return NULL;
    return c;
}

/* Cleans s->meta's text in place (copies in s->arena); false on ENOMEM. */
static bool clean_meta(pc_sink *s)
{
    pc_sink_meta *m = &s->meta;
    const char **text[] = {&m->title,    &m->artist,    &m->album, &m->date,
                           &m->genre,    &m->comment,   &m->language, &m->copyright,
                           &m->url,      &m->episode_type};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (*text[i] && !(*text[i] = clean_copy(&s->arena, *text[i])))
            return false;
    const char *const *titles = m->chapter_titles, *const *urls = m->chapter_urls;
    m->chapter_titles = clean_list(&s->arena, titles, m->chapter_count);
    m->chapter_urls = clean_list(&s->arena, urls, m->chapter_count);
    return (m->chapter_titles || !titles) && (m->chapter_urls || !urls);
}

pcast_status pc_sink_create(pc_sink **out, const pcast_render_config *cfg,
                            const pc_sink_meta *meta, pcast_error *err)
{
    *out = NULL;
    const pc_container *c;
    pcast_status st = pc_sink_check(cfg, meta->source_path, err);
    if (st || (st = choose(cfg, &c, err)))
        return st;
    pc_sink *s = calloc(1, sizeof *s);
    if (!s)
        return pc_error_nomem(err);
    s->c = c;
    s->meta = *meta;
    if (!clean_meta(s)) {
        pc_arena_free(&s->arena);
        free(s);
        return pc_error_nomem(err);
    }
    s->target = -1;
    s->temp.fd = -1;
    s->path = cfg->output_path;
    s->out.fd = -1;
    s->out.name = cfg->output_path;
    s->out.cancel = cfg->cancel;
    if (c == &pc_container_device) {
        s->out.device = *cfg->device ? cfg->device : NULL;
        s->out.name = NULL;
    } else if (c->flags & PC_CONTAINER_STREAM) {
        s->out.fd = dup(STDOUT_FILENO);
        s->out.name = "standard output";
        if (s->out.fd < 0)
            st = pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "cannot write to standard output");
    } else if (!(st = open_file(s, err))) {
        s->out.fd = s->temp.fd;
        s->out.path = s->temp.path;
        s->temp.fd = -1; /* the writer's now */
    }
    if (!st)
        st = c->open(&s->state, &s->out, &s->meta, err);
    if (st) {
        pc_sink_abort(s);
        return st;
    }
    *out = s;
    return PCAST_OK;
}

pcast_status pc_sink_write(pc_sink *s, const int16_t *frames, size_t n, pcast_error *err)
{
    return s->c->write(s->state, frames, n, err);
}

/* The finished file into place: renamed over the target, or copied into
 * the pipe or device. */
static pcast_status commit(pc_sink *s, pcast_error *err)
{
    if (s->target < 0)
        return pc_temp_commit(&s->temp, s->path, err);
    int fd = open(s->temp.path, O_RDONLY | O_CLOEXEC);
    pcast_status st = fd < 0 ? pc_error_set(err, PCAST_ERR_IO, s->path, 0, 0,
                                            "cannot read back: %s", strerror(errno))
                             : pc_io_copy(fd, s->target, s->path, s->out.cancel, err);
    if (fd >= 0)
        close(fd);
    if (close(s->target) != 0 && !st)
        st = pc_error_set(err, PCAST_ERR_IO, s->path, 0, 0, "write failed: %s", strerror(errno));
    s->target = -1;
    pc_temp_discard(&s->temp);
    return st;
}

pcast_status pc_sink_finish(pc_sink *s, const uint64_t *chapter_frames, size_t n,
                            uint64_t total_frames, pcast_error *err)
{
    void *state = s->state;
    s->state = NULL;
    pcast_status st = s->c->finish ? s->c->finish(state, chapter_frames, n, total_frames, err)
                                   : s->c->close(state, err);
    if (!st && s->temp.path && s->c->patch_chapters && !s->c->finish)
        st = s->c->patch_chapters(&s->out, &s->meta, chapter_frames, n, total_frames, err);
    /* Ctrl-C while the file was being finished: it never appears */
    if (!st && s->out.cancel && *s->out.cancel)
        st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
    if (!st && s->temp.path)
        st = commit(s, err);
    pc_sink_abort(s);
    return st;
}

void pc_sink_abort(pc_sink *s)
{
    if (!s)
        return;
    if (s->state)
        s->c->abort(s->state);
    pc_temp_discard(&s->temp);
    if (s->target >= 0)
        close(s->target);
    pc_arena_free(&s->arena);
    free(s);
}
