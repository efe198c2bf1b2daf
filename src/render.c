/* render: synth -> timeline -> mix -> sink.
 *
 * Clips are synthesized in plan order into an unlinked spill file (so a
 * crash leaves nothing behind and memory does not grow with the episode),
 * each speaker's clips measured with libebur128 on the way. When every
 * clip's length is known the timeline is complete: chapter offsets are
 * exact sample counts, nothing is re-probed. Then the output is opened
 * under a temporary name, chapters and tags go in first, the spill is
 * streamed through the per-speaker gain, and the file is renamed into
 * place. */
#include "internal.h"

#include <ebur128.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_FRAMES 8192
#define TARGET_LUFS (-19.0)  /* spoken word, mono */
#define CEILING_DBFS (-1.0)

struct pcast_timeline {
    unsigned rate;
    uint64_t total;
    pcast_timeline_entry *entries;
    size_t count;
    uint64_t *chapters;
    size_t chapter_count;
};

pcast_render_config pcast_render_config_init(void)
{
    pcast_render_config c;
    memset(&c, 0, sizeof c);
    c.pauses.run_ms = c.pauses.sentence_ms = c.pauses.paragraph_ms = c.pauses.turn_ms = -1;
    c.pauses.section_before_ms = c.pauses.section_after_ms = -1;
    return c;
}

void pcast_timeline_free(pcast_timeline *t)
{
    if (!t)
        return;
    free(t->entries);
    free(t->chapters);
    free(t);
}
unsigned pcast_timeline_sample_rate(const pcast_timeline *t) { return t->rate; }
uint64_t pcast_timeline_total_frames(const pcast_timeline *t) { return t->total; }
size_t pcast_timeline_count(const pcast_timeline *t) { return t->count; }
const pcast_timeline_entry *pcast_timeline_get(const pcast_timeline *t, size_t i)
{
    return i < t->count ? &t->entries[i] : NULL;
}
uint64_t pcast_timeline_chapter_frames(const pcast_timeline *t, size_t s)
{
    return s < t->chapter_count ? t->chapters[s] : t->total;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool cancelled(const pcast_render_config *cfg) { return cfg->cancel && *cfg->cancel; }

/* ---------- output file: temporary name, then rename ---------- */

typedef struct output {
    const char *path;
    char *tmp;      /* the file being written */
    int target;     /* a pipe or device to copy into at the end, or -1 */
} output;

static pcast_status make_temp(output *o, const char *dir, const char *base, int *fd,
                              pcast_error *err)
{
    pc_buf t = {0};
    bool ok = (!dir || pc_buf_printf(&t, "%s/", dir)) && pc_buf_printf(&t, ".%s.XXXXXX", base);
    if (!ok) {
        pc_buf_free(&t);
        return pc_error_nomem(err);
    }
    *fd = mkstemp(t.data);
    if (*fd < 0) {
        int e = errno;
        pc_buf_free(&t);
        return pc_error_set(err, PCAST_ERR_IO, o->path, 0, 0, "cannot write: %s", strerror(e));
    }
    fchmod(*fd, 0644);
    o->tmp = pc_buf_take(&t);
    return PCAST_OK;
}

/* A regular file (or a new one) is written under a temporary name in its
 * directory and renamed at the end. A pipe or device cannot be renamed
 * over and libsndfile cannot write WAV into a pipe, so the file is made
 * in $TMPDIR and copied in whole at the end. */
static pcast_status output_open(output *o, const char *path, int *fd, pcast_error *err)
{
    o->path = path;
    o->tmp = NULL;
    o->target = -1;
    struct stat st;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: Is a directory");
        if (!S_ISREG(st.st_mode)) {
            o->target = open(path, O_WRONLY | O_CLOEXEC);
            if (o->target < 0)
                return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: %s",
                                    strerror(errno));
            const char *tmpdir = getenv("TMPDIR");
            pcast_status s = make_temp(o, tmpdir && *tmpdir ? tmpdir : "/tmp", "postcast", fd, err);
            if (s) {
                close(o->target);
                o->target = -1;
            }
            return s;
        }
    }
    if (!*base)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot write: Is a directory");
    pc_buf dir = {0};
    if (slash && !pc_buf_append(&dir, path, (size_t)(slash - path)))
        return pc_error_nomem(err);
    pcast_status s = make_temp(o, slash ? (dir.len ? dir.data : "/") : NULL, base, fd, err);
    pc_buf_free(&dir);
    return s;
}

static pcast_status copy_into(int from_fd, int to_fd, const char *path, pcast_error *err)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(from_fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read back: %s", strerror(errno));
        if (n == 0)
            return PCAST_OK;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(to_fd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "write failed: %s", strerror(errno));
            off += w;
        }
    }
}

static pcast_status output_commit(output *o, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    if (o->target >= 0) {
        int fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
        st = fd < 0 ? pc_error_set(err, PCAST_ERR_IO, o->path, 0, 0, "cannot read back: %s",
                                   strerror(errno))
                    : copy_into(fd, o->target, o->path, err);
        if (fd >= 0)
            close(fd);
        if (close(o->target) != 0 && !st)
            st = pc_error_set(err, PCAST_ERR_IO, o->path, 0, 0, "write failed: %s", strerror(errno));
        o->target = -1;
        unlink(o->tmp);
    } else if (rename(o->tmp, o->path) != 0) {
        st = pc_error_set(err, PCAST_ERR_IO, o->path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(o->tmp);
    }
    free(o->tmp);
    o->tmp = NULL;
    return st;
}

static void output_discard(output *o)
{
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    if (o->target >= 0) {
        close(o->target);
        o->target = -1;
    }
}

/* ---------- the render ---------- */

typedef struct speaker_level {
    ebur128_state *meter;
    double gain;
} speaker_level;

#define MAX_JOBS 64

static pcast_status start_clip(pc_synth_job *j, const pcast_plan *plan, const pcast_cast *cast,
                               size_t nspeakers, size_t i, pcast_error *err)
{
    const pcast_clip *c = pcast_plan_clip(plan, i);
    const pcast_casting *k = pcast_cast_get(cast, c->speaker_index);
    if (!k || c->speaker_index >= nspeakers)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "the cast does not fit the plan");
    pcast_voice_settings vs = pc_voice_for(k->voice, &k->settings, c->language);
    return pc_synth_start(j, &vs, c->language, c->text, err);
}

/* Adds a finished clip to the spill, the meters and the timeline. */
static pcast_status commit_clip(const pcast_clip *c, int16_t *pcm, size_t frames, FILE *spill,
                                unsigned rate, pcast_timeline *tl, size_t i, uint64_t *cursor,
                                speaker_level *lv, pcast_error *err)
{
    if (frames && !lv->meter &&
        !(lv->meter = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK)))
        return pc_error_nomem(err);
    if (frames && (ebur128_add_frames_short(lv->meter, pcm, frames) != EBUR128_SUCCESS ||
                   fwrite(pcm, sizeof *pcm, frames, spill) != frames))
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                            "cannot write the temporary clip store: %s", strerror(errno));
    pcast_timeline_entry *e = &tl->entries[i];
    e->clip_index = i;
    e->pause_frames = (uint64_t)c->pause_before_ms * rate / 1000;
    e->start_frames = *cursor + e->pause_frames;
    e->clip_frames = frames;
    *cursor = e->start_frames + frames;
    tl->count = i + 1;
    return PCAST_OK;
}

/* Synthesizes the plan's clips, up to `jobs` at once, committing them in
 * plan order. A worker killed by a signal is given one more try. */
static pcast_status synth_all(const pcast_plan *plan, const pcast_cast *cast,
                              const pcast_render_config *cfg, FILE *spill, unsigned rate,
                              pcast_timeline *tl, speaker_level *levels, size_t nspeakers,
                              double t0, pcast_error *err)
{
    size_t n = pcast_plan_clip_count(plan);
    size_t jobs = cfg->jobs ? cfg->jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    pc_synth_job win[MAX_JOBS];
    bool retried[MAX_JOBS] = {false};
    size_t started = 0, done = 0;
    uint64_t cursor = 0;
    pcast_status st = PCAST_OK;
    pcast_progress pr = {0};
    pr.clip_count = n;
    size_t last_section = SIZE_MAX, last_turn = SIZE_MAX;

    while (done < n && !st) {
        while (started < n && started - done < jobs && !st) {
            retried[started % jobs] = false;
            st = start_clip(&win[started % jobs], plan, cast, nspeakers, started, err);
            if (!st)
                started++;
        }
        if (st)
            break;
        if (cancelled(cfg)) {
            st = pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
            break;
        }
        /* the window is a ring: slots done..started-1 */
        pc_synth_job *head = &win[done % jobs];
        if (head->running) {
            pc_synth_job live[MAX_JOBS];
            size_t k = 0;
            for (size_t i = done; i < started; i++)
                live[k++] = win[i % jobs];
            pc_synth_pump(live, k, 100);
            for (size_t i = done, m = 0; i < started; i++, m++)
                win[i % jobs] = live[m];
        }
        while (done < started && !win[done % jobs].running && !st) {
            pc_synth_job *j = &win[done % jobs];
            int16_t *pcm;
            size_t frames;
            st = pc_synth_finish(j, &pcm, &frames, err);
            if (st && j->killed && !retried[done % jobs]) {
                retried[done % jobs] = true;
                st = start_clip(j, plan, cast, nspeakers, done, err);
                if (!st)
                    break; /* wait for the retry */
            }
            if (st)
                break;
            const pcast_clip *c = pcast_plan_clip(plan, done);
            st = commit_clip(c, pcm, frames, spill, rate, tl, done, &cursor,
                             &levels[c->speaker_index], err);
            free(pcm);
            if (st)
                break;
            done++;
            if (c->section_index != last_section)
                pr.sections_done = c->section_index;
            if (c->turn_index != SIZE_MAX &&
                (c->section_index != last_section || c->turn_index != last_turn))
                pr.turns_done++;
            last_section = c->section_index;
            last_turn = c->turn_index;
            pr.clips_done = done;
            pr.audio_seconds = (double)cursor / rate;
            pr.elapsed_seconds = now() - t0;
            if (cfg->progress)
                cfg->progress(cfg->user, &pr);
        }
    }
    for (size_t i = done; i < started; i++)
        pc_synth_cancel(&win[i % jobs]);
    tl->total = cursor;
    return st;
}

/* One gain per speaker: to the loudness target, but never past the
 * ceiling at that speaker's loudest sample. */
static void set_gains(speaker_level *levels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        levels[i].gain = 1.0;
        double lufs, peak;
        if (!levels[i].meter || ebur128_loudness_global(levels[i].meter, &lufs) != EBUR128_SUCCESS ||
            !isfinite(lufs) || ebur128_sample_peak(levels[i].meter, 0, &peak) != EBUR128_SUCCESS ||
            peak <= 0.0)
            continue;
        double db = TARGET_LUFS - lufs;
        double max_db = CEILING_DBFS - 20.0 * log10(peak);
        levels[i].gain = pow(10.0, (db < max_db ? db : max_db) / 20.0);
    }
}

static pcast_status write_episode(pc_sink *sink, FILE *spill, const pcast_plan *plan,
                                  const pcast_timeline *tl, const speaker_level *levels,
                                  const pcast_render_config *cfg, pcast_error *err)
{
    static const int16_t zeros[CHUNK_FRAMES];
    int16_t buf[CHUNK_FRAMES];
    if (fflush(spill) != 0 || fseek(spill, 0, SEEK_SET) != 0)
        return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "cannot read the temporary clip store");
    for (size_t i = 0; i < tl->count; i++) {
        const pcast_timeline_entry *e = &tl->entries[i];
        if (cancelled(cfg))
            return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
        for (uint64_t left = e->pause_frames; left;) {
            size_t n = left < CHUNK_FRAMES ? (size_t)left : CHUNK_FRAMES;
            pcast_status st = pc_sink_write(sink, zeros, n, err);
            if (st)
                return st;
            left -= n;
        }
        double g = levels[pcast_plan_clip(plan, e->clip_index)->speaker_index].gain;
        for (uint64_t left = e->clip_frames; left;) {
            size_t n = left < CHUNK_FRAMES ? (size_t)left : CHUNK_FRAMES;
            if (fread(buf, sizeof *buf, n, spill) != n)
                return pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0,
                                    "cannot read the temporary clip store");
            for (size_t j = 0; j < n; j++) {
                double v = lrint(buf[j] * g);
                buf[j] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
            }
            pcast_status st = pc_sink_write(sink, buf, n, err);
            if (st)
                return st;
            left -= n;
        }
    }
    return PCAST_OK;
}

/* Chapter n starts at the first sample of section n's first clip (its
 * title); a section without clips starts where the next audio would. */
static bool place_chapters(pcast_timeline *tl, const pcast_plan *plan, size_t nsections)
{
    tl->chapters = calloc(nsections ? nsections : 1, sizeof *tl->chapters);
    if (!tl->chapters)
        return false;
    tl->chapter_count = nsections;
    size_t i = 0;
    for (size_t s = 0; s < nsections; s++) {
        while (i < tl->count && pcast_plan_clip(plan, tl->entries[i].clip_index)->section_index < s)
            i++;
        tl->chapters[s] = s == 0 ? 0 : i < tl->count ? tl->entries[i].start_frames : tl->total;
    }
    return true;
}

static char *join_artists(const pcast_post *post)
{
    pc_buf b = {0};
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_speaker *s = pcast_post_speaker(post, i);
        if (s->narrator)
            continue;
        if ((b.len && !pc_buf_puts(&b, ", ")) || !pc_buf_puts(&b, s->name)) {
            pc_buf_free(&b);
            return NULL;
        }
    }
    return b.data;
}

pcast_status pc_render_plan(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                            size_t nspeakers, const pcast_render_config *cfg,
                            pcast_timeline **timeline, pcast_error *err)
{
    if (timeline)
        *timeline = NULL;
    if (!cfg || !cfg->output_path || !*cfg->output_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no output file given");
    pc_sink_format fmt = pc_sink_format_for(cfg->format ? cfg->format : cfg->output_path);
    struct stat ost;
    if (fmt == PC_SINK_NONE && !cfg->format && stat(cfg->output_path, &ost) == 0 &&
        !S_ISREG(ost.st_mode) && !S_ISDIR(ost.st_mode))
        fmt = PC_SINK_WAV;
    if (fmt == PC_SINK_NONE)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, cfg->format ? NULL : cfg->output_path, 0, 0,
                            cfg->format ? "unknown format '%s' (wav or flac)"
                                        : "the output must end in .wav or .flac (or give --format)",
                            cfg->format);
    unsigned rate;
    pcast_status st = pc_synth_init(&rate, err);
    if (st)
        return st;

    double t0 = now();
    size_t nclips = pcast_plan_clip_count(plan);
    size_t nsections = post ? pcast_post_section_count(post) : 0;
    pcast_timeline *tl = calloc(1, sizeof *tl);
    speaker_level *levels = calloc(nspeakers ? nspeakers : 1, sizeof *levels);
    FILE *spill = tmpfile();
    char *artist = NULL;
    const char **titles = calloc(nsections ? nsections : 1, sizeof *titles);
    output out = {.target = -1};
    pc_sink *sink = NULL;
    if (!tl || !levels || !titles || !(tl->entries = calloc(nclips ? nclips : 1, sizeof *tl->entries))) {
        st = pc_error_nomem(err);
        goto done;
    }
    tl->rate = rate;
    if (!spill) {
        st = pc_error_set(err, PCAST_ERR_IO, NULL, 0, 0, "cannot create a temporary clip store: %s",
                          strerror(errno));
        goto done;
    }
    if ((st = synth_all(plan, cast, cfg, spill, rate, tl, levels, nspeakers, t0, err)))
        goto done;
    if (!place_chapters(tl, plan, nsections)) {
        st = pc_error_nomem(err);
        goto done;
    }
    set_gains(levels, nspeakers);

    for (size_t s = 0; s < nsections; s++)
        titles[s] = pcast_post_section(post, s)->title;
    artist = post ? join_artists(post) : NULL;
    pc_sink_meta meta = {
        .title = post ? pcast_post_title(post) : NULL,
        .artist = artist,
        .album = post && pcast_post_tag_count(post) ? pcast_post_tag(post, 0) : NULL,
        .date = post ? pcast_post_date(post) : NULL,
        .genre = post ? "Podcast" : NULL,
        .comment = post ? pcast_post_description(post) : NULL,
        .chapter_titles = titles,
        .chapter_frames = tl->chapters,
        .chapter_count = nsections,
        .total_frames = tl->total,
        .rate = rate,
    };
    int fd = -1;
    if ((st = output_open(&out, cfg->output_path, &fd, err)))
        goto done;
    if ((st = pc_sink_open(&sink, fd, cfg->output_path, fmt, &meta, err)))
        goto done;
    if (cfg->progress) {
        pcast_progress pr = {.clips_done = nclips, .clip_count = nclips, .writing = 1,
                             .sections_done = nsections, .section_count = nsections,
                             .elapsed_seconds = now() - t0,
                             .audio_seconds = (double)tl->total / rate};
        cfg->progress(cfg->user, &pr);
    }
    st = write_episode(sink, spill, plan, tl, levels, cfg, err);
    if (st) {
        pc_sink_abort(sink);
        sink = NULL;
        goto done;
    }
    st = pc_sink_close(sink, err);
    sink = NULL;
    if (!st)
        st = output_commit(&out, err);
done:
    if (st)
        output_discard(&out);
    if (spill)
        fclose(spill);
    for (size_t i = 0; levels && i < nspeakers; i++)
        if (levels[i].meter)
            ebur128_destroy(&levels[i].meter);
    free(levels);
    free(titles);
    free(artist);
    if (st || !timeline)
        pcast_timeline_free(tl);
    else
        *timeline = tl;
    return st;
}

pcast_status pcast_render(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                          const pcast_render_config *cfg, pcast_timeline **timeline,
                          pcast_error *err)
{
    if (!post || !cast || !plan)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to render");
    return pc_render_plan(post, cast, plan, pcast_post_speaker_count(post), cfg, timeline, err);
}

pcast_status pcast_say(const pcast_voice *voice, const char *text, const char *lang,
                       const char *output_path, pcast_error *err)
{
    if (!voice || !text || !output_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to say");
    pcast_plan *plan;
    pcast_cast *cast;
    pcast_status st = pc_plan_text(text, lang, &plan, err);
    if (st)
        return st;
    if ((st = pc_cast_single(voice, &cast, err))) {
        pcast_plan_free(plan);
        return st;
    }
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = output_path;
    st = pc_render_plan(NULL, cast, plan, 1, &cfg, NULL, err);
    pcast_cast_free(cast);
    pcast_plan_free(plan);
    return st;
}
