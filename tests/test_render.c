/* Render tests: episodes read back from the written files (libsndfile for
 * samples, pcast_media for chapters), compared with the timeline; the run
 * splitter; casting; voices; two presets measurably different in pitch. */
#include "check.h"

#include <postcast/postcast.h>

#include <math.h>
#include <ebur128.h>
#include <jansson.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <sndfile.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *src_dir;

static char tmp_dir[256];

static char *path_in(const char *dir, const char *name)
{
    static char buf[4][1024];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static pcast_post *parse(const char *text)
{
    pcast_post *p = NULL;
    pcast_error err;
    if (pcast_post_parse("t.md", text, strlen(text), NULL, &p, &err))
        fprintf(stderr, "parse: %s:%lu:%lu: %s\n", err.file, err.line, err.column, err.message);
    return p;
}

typedef struct episode {
    pcast_post *post;
    pcast_voices *voices;
    pcast_cast *cast;
    pcast_plan *plan;
    pcast_timeline *tl;
} episode;

static void episode_free(episode *e)
{
    pcast_timeline_free(e->tl);
    pcast_plan_free(e->plan);
    pcast_cast_free(e->cast);
    pcast_voices_free(e->voices);
    pcast_post_free(e->post);
    memset(e, 0, sizeof *e);
}

/* examples/NAME.md, loaded (NULL, and a failed check, if it cannot be). */
static pcast_post *load_example(const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/examples/%s.md", src_dir, name);
    pcast_post *post = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_load(path, NULL, &post, &err), PCAST_OK);
    return post;
}

/* e takes post and gets its voices, cast and plan. */
static bool episode_setup(episode *e, pcast_post *post)
{
    pcast_error err;
    e->post = post;
    if (!post || pcast_voices_load(NULL, 0, &e->voices, &err) ||
        pcast_cast_new(post, e->voices, &e->cast, &err) ||
        pcast_plan_new(post, NULL, &e->plan, &err)) {
        fprintf(stderr, "setup: %s\n", post ? err.message : "no post");
        return false;
    }
    return true;
}

static bool render_jobs(episode *e, pcast_post *post, const char *out, unsigned jobs)
{
    pcast_error err;
    if (!episode_setup(e, post))
        return false;
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    cfg.jobs = jobs;
    if (pcast_render(post, e->cast, e->plan, &cfg, &e->tl, &err)) {
        fprintf(stderr, "render: %s: %s\n", err.file, err.message);
        return false;
    }
    return true;
}

static bool render(episode *e, pcast_post *post, const char *out)
{
    return render_jobs(e, post, out, 0);
}

static short *read_all(const char *path, SF_INFO *info)
{
    memset(info, 0, sizeof *info);
    SNDFILE *f = sf_open(path, SFM_READ, info);
    if (!f)
        return NULL;
    short *pcm = malloc((size_t)info->frames * (size_t)info->channels * sizeof *pcm + 1);
    sf_count_t got = sf_readf_short(f, pcm, info->frames);
    sf_close(f);
    if (got != info->frames) {
        free(pcm);
        return NULL;
    }
    return pcm;
}

/* Render the bundled Chinese example to WAV and to FLAC and check the
 * files against the script and the timeline. */
static void test_example_episode(void)
{
    const char *wav = path_in(tmp_dir, "zh.wav"), *flac = path_in(tmp_dir, "zh.flac");
    pcast_post *post = load_example("interview-zh-tw");
    pcast_error err;
    episode e = {0};
    CHECK(render(&e, post, wav));
    pcast_post *post2 = load_example("interview-zh-tw");
    episode e2 = {0};
    CHECK(render_jobs(&e2, post2, flac, 1));
    if (!e.tl || !e2.tl) {
        episode_free(&e);
        episode_free(&e2);
        return;
    }
    const pcast_timeline *tl = e.tl;
    unsigned rate = pcast_timeline_sample_rate(tl);
    size_t nsec = pcast_post_section_count(post);
    CHECK_INT(nsec, 4);

    /* total length = the sum of clips and pauses */
    uint64_t sum = 0;
    for (size_t i = 0; i < pcast_timeline_count(tl); i++) {
        const pcast_timeline_entry *t = pcast_timeline_get(tl, i);
        CHECK_INT(t->start_frames, sum + t->pause_frames);
        CHECK(t->clip_frames > 0);
        sum += t->pause_frames + t->clip_frames;
    }
    CHECK_INT(sum, pcast_timeline_total_frames(tl));
    CHECK_INT(pcast_timeline_count(tl), pcast_plan_clip_count(e.plan));
    /* the same render twice is the same timeline */
    CHECK_INT(pcast_timeline_total_frames(e2.tl), pcast_timeline_total_frames(tl));

    const char *files[2] = {wav, flac};
    short *pcm[2] = {NULL, NULL};
    for (int f = 0; f < 2; f++) {
        pcast_media *m = NULL;
        CHECK_INT(pcast_media_open(files[f], &m, &err), PCAST_OK);
        if (!m)
            continue;
        CHECK_STR(pcast_media_format(m), f ? "FLAC" : "WAV");
        CHECK_INT(pcast_media_sample_rate(m), rate);
        CHECK_INT(pcast_media_frames(m), pcast_timeline_total_frames(tl));
        CHECK_INT(pcast_media_chapter_count(m), nsec);
        for (size_t i = 0; i < nsec && i < pcast_media_chapter_count(m); i++) {
            const pcast_chapter *c = pcast_media_chapter(m, i);
            CHECK_STR(c->title, pcast_post_section(post, i)->title);
            CHECK_INT(c->start_frames, pcast_timeline_chapter_frames(tl, i));
        }
        bool title = false, date = false;
        for (size_t i = 0; i < pcast_media_tag_count(m); i++) {
            const pcast_tag *t = pcast_media_tag(m, i);
            if (!strcmp(t->key, "TITLE"))
                title = !strcmp(t->value, pcast_post_title(post));
            if (!strcmp(t->key, "DATE"))
                date = !strcmp(t->value, "2026-02-14");
        }
        CHECK(title && date);
        pcast_media_free(m);

        SF_INFO info;
        pcm[f] = read_all(files[f], &info);
        CHECK(pcm[f] != NULL);
        CHECK_INT(info.frames, pcast_timeline_total_frames(tl));
        CHECK_INT(info.samplerate, rate);
        CHECK_INT(info.channels, 1);
    }
    if (pcm[0] && pcm[1]) {
        /* both containers hold the same samples */
        CHECK(memcmp(pcm[0], pcm[1], pcast_timeline_total_frames(tl) * sizeof(short)) == 0);
        /* pauses are silent, clips are sound, chapters start on a clip */
        size_t loud = 0;
        for (size_t i = 0; i < pcast_timeline_count(tl); i++) {
            const pcast_timeline_entry *t = pcast_timeline_get(tl, i);
            bool silent = true;
            for (uint64_t s = t->start_frames - t->pause_frames; s < t->start_frames; s++)
                silent = silent && pcm[0][s] == 0;
            CHECK(silent);
            double energy = 0;
            for (uint64_t s = t->start_frames; s < t->start_frames + t->clip_frames; s++)
                energy += (double)pcm[0][s] * pcm[0][s];
            if (sqrt(energy / (double)t->clip_frames) > 300)
                loud++;
        }
        CHECK(loud > pcast_timeline_count(tl) * 9 / 10);
        for (size_t i = 1; i < nsec; i++) {
            uint64_t at = pcast_timeline_chapter_frames(tl, i);
            /* silence right before a chapter, speech within 50 ms after */
            CHECK(pcm[0][at - 1] == 0 && pcm[0][at - rate / 10] == 0);
            int peak = 0;
            for (uint64_t s = at; s < at + rate / 20; s++)
                peak = abs(pcm[0][s]) > peak ? abs(pcm[0][s]) : peak;
            CHECK(peak > 100);
        }
        /* nothing clips: the mix keeps a -1 dBFS ceiling */
        int max = 0;
        for (uint64_t s = 0; s < pcast_timeline_total_frames(tl); s++)
            max = abs(pcm[0][s]) > max ? abs(pcm[0][s]) : max;
        CHECK(max <= 29205 && max > 8000);
    }
    free(pcm[0]);
    free(pcm[1]);
    episode_free(&e);
    episode_free(&e2);
}

static bool same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    while (same) {
        int x = fgetc(fa), y = fgetc(fb);
        same = x == y;
        if (x == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* The same episode with 1 and 3 workers, byte for byte. */
static void test_jobs_identical(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    episode e = {0};
    CHECK(render_jobs(&e, post, path_in(tmp_dir, "zh3.flac"), 3));
    CHECK(same_file(path_in(tmp_dir, "zh3.flac"), path_in(tmp_dir, "zh.flac")));
    episode_free(&e);
}

/* One .clip file of the cache at dir (its first in directory order). */
static bool some_entry(const char *dir, char *out, size_t size)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "find '%s' -name '*.clip' | sort | head -n 1", dir);
    FILE *p = popen(cmd, "r");
    bool ok = p && fgets(out, (int)size, p) != NULL;
    if (p)
        pclose(p);
    if (ok)
        out[strcspn(out, "\n")] = '\0';
    return ok && *out;
}

static bool render_cached(const char *post_path, const char *out, const char *cache_dir,
                          uint64_t max, pcast_status *status)
{
    pcast_post *post = NULL;
    pcast_voices *v = NULL;
    pcast_cast *c = NULL;
    pcast_plan *pl = NULL;
    pcast_error err;
    bool ok = pcast_post_load(post_path, NULL, &post, &err) == PCAST_OK &&
              pcast_voices_load(NULL, 0, &v, &err) == PCAST_OK &&
              pcast_cast_new(post, v, &c, &err) == PCAST_OK &&
              pcast_plan_new(post, NULL, &pl, &err) == PCAST_OK;
    if (ok) {
        pcast_render_config cfg = pcast_render_config_init();
        cfg.output_path = out;
        cfg.cache_dir = cache_dir;
        cfg.no_cache = cache_dir == NULL;
        cfg.cache_max_bytes = max;
        *status = pcast_render(post, c, pl, &cfg, NULL, &err);
        if (*status)
            fprintf(stderr, "render: %s: %s\n", err.file, err.message);
    }
    pcast_plan_free(pl);
    pcast_cast_free(c);
    pcast_voices_free(v);
    pcast_post_free(post);
    return ok;
}

static void test_cache(void)
{
    const char *post = path_in(src_dir, "examples/interview-en.md");
    char dir[600], ref[600], out[600], entry[1200];
    snprintf(dir, sizeof dir, "%s/cache-a", tmp_dir);
    snprintf(ref, sizeof ref, "%s/ref.wav", tmp_dir);
    snprintf(out, sizeof out, "%s/out.wav", tmp_dir);
    pcast_status st;
    CHECK(render_cached(post, ref, NULL, 0, &st) && st == PCAST_OK);
    /* cold, then warm: both the same as without a cache */
    CHECK(render_cached(post, out, dir, 0, &st) && st == PCAST_OK);
    CHECK(same_file(ref, out));
    struct stat sb;
    CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
    size_t entries = 0;
    uint64_t bytes = 0;
    pcast_error err;
    CHECK_INT(pcast_cache_stats(dir, &entries, &bytes, &err), PCAST_OK);
    CHECK(entries > 10 && bytes > 100000);
    CHECK(render_cached(post, out, dir, 0, &st) && st == PCAST_OK);
    CHECK(same_file(ref, out));

    /* a corrupt entry (a flipped byte) and a torn one (cut short) are
     * found out, rendered again and rewritten whole */
    CHECK(some_entry(dir, entry, sizeof entry));
    FILE *f = fopen(entry, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 100, SEEK_SET);
        int c = fgetc(f);
        fseek(f, 100, SEEK_SET);
        fputc(c ^ 0x55, f);
        fclose(f);
    }
    struct stat before;
    stat(entry, &before);
    CHECK(render_cached(post, out, dir, 0, &st) && st == PCAST_OK);
    CHECK(same_file(ref, out));
    size_t entries2 = 0;
    pcast_cache_stats(dir, &entries2, &bytes, &err);
    CHECK_INT(entries2, entries);
    CHECK(truncate(entry, 40) == 0);
    CHECK(render_cached(post, out, dir, 0, &st) && st == PCAST_OK);
    CHECK(same_file(ref, out));
    struct stat after;
    CHECK(stat(entry, &after) == 0 && after.st_size == before.st_size);

    /* bounded: least recently used entries go */
    CHECK(render_cached(post, out, dir, 150000, &st) && st == PCAST_OK);
    CHECK(same_file(ref, out));
    pcast_cache_stats(dir, &entries2, &bytes, &err);
    CHECK(bytes <= 150000 && entries2 < entries);

    /* a cache that cannot be made: a clear error, no episode */
    char bad[700];
    snprintf(bad, sizeof bad, "%s/ref.wav/cache", tmp_dir);
    unlink(out);
    CHECK(render_cached(post, out, bad, 0, &st) && st == PCAST_ERR_IO);
    CHECK(access(out, F_OK) != 0);

    CHECK_INT(pcast_cache_clear(dir, &err), PCAST_OK);
    pcast_cache_stats(dir, &entries2, &bytes, &err);
    CHECK_INT(entries2, 0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
    CHECK(system(cmd) == 0);
    unlink(ref);
}

/* A previewed section (and a turn) has exactly the samples of the same
 * span of the whole episode. */
static void test_preview_matches_render(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    pcast_error err;
    episode e = {0};
    char whole[600];
    snprintf(whole, sizeof whole, "%s/whole.wav", tmp_dir);
    CHECK(render(&e, post, whole));
    if (!e.tl) {
        episode_free(&e);
        return;
    }
    SF_INFO info;
    short *all = read_all(whole, &info);
    struct { size_t section, turn; } spans[] = {{1, SIZE_MAX}, {2, SIZE_MAX}, {3, 1}, {0, SIZE_MAX}};
    for (size_t k = 0; k < sizeof spans / sizeof *spans && all; k++) {
        size_t first, count;
        CHECK_INT(pcast_plan_span(e.plan, spans[k].section, spans[k].turn, &first, &count), PCAST_OK);
        const pcast_timeline_entry *a = pcast_timeline_get(e.tl, first);
        const pcast_timeline_entry *b = pcast_timeline_get(e.tl, first + count - 1);
        uint64_t from = a->start_frames, to = b->start_frames + b->clip_frames;
        if (spans[k].turn == SIZE_MAX)
            CHECK_INT(from, pcast_timeline_chapter_frames(e.tl, spans[k].section));
        pcast_render_config cfg = pcast_render_config_init();
        const char *part = path_in(tmp_dir, "part.wav");
        cfg.output_path = part;
        cfg.first_clip = first;
        cfg.clip_count = count;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
        SF_INFO pinfo;
        short *pcm = read_all(part, &pinfo);
        CHECK(pcm != NULL);
        CHECK_INT(pinfo.frames, to - from);
        if (pcm && (uint64_t)pinfo.frames == to - from)
            CHECK(memcmp(pcm, all + from, (size_t)(to - from) * sizeof *pcm) == 0);
        /* a preview has no chapters */
        pcast_media *m = NULL;
        CHECK_INT(pcast_media_open(part, &m, &err), PCAST_OK);
        CHECK(m && pcast_media_chapter_count(m) == 0);
        pcast_media_free(m);
        free(pcm);
        unlink(part);
    }
    /* outside the plan: refused */
    size_t f, c;
    CHECK_INT(pcast_plan_span(e.plan, 99, SIZE_MAX, &f, &c), PCAST_ERR_ARGUMENT);
    free(all);
    unlink(whole);
    episode_free(&e);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static double hms_seconds(const char *s, char sep)
{
    unsigned h, m, sec, ms;
    char fmt[32];
    snprintf(fmt, sizeof fmt, "%%u:%%u:%%u%c%%u", sep);
    return sscanf(s, fmt, &h, &m, &sec, &ms) == 4 ? h * 3600.0 + m * 60.0 + sec + ms / 1000.0 : -1;
}

/* Every sidecar parses and agrees with the timeline. */
static void test_sidecars(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    pcast_error err;
    episode e = {0};
    char ep[600];
    snprintf(ep, sizeof ep, "%s/side.flac", tmp_dir);
    CHECK(render(&e, post, ep));
    if (!e.tl) {
        episode_free(&e);
        return;
    }
    CHECK_INT(pcast_sidecars_write(post, e.plan, e.tl, ep, &err), PCAST_OK);
    unsigned rate = pcast_timeline_sample_rate(e.tl);
    size_t nsec = pcast_post_section_count(post);
    double total = (double)pcast_timeline_total_frames(e.tl) / rate;

    /* chapters.json */
    json_error_t jerr;
    json_t *j = json_load_file(path_in(tmp_dir, "side.chapters.json"), 0, &jerr);
    CHECK(j != NULL);
    json_t *chs = json_object_get(j, "chapters");
    CHECK_STR(json_string_value(json_object_get(j, "version")), "1.2.0");
    CHECK_INT(json_array_size(chs), nsec);
    for (size_t i = 0; i < json_array_size(chs) && i < nsec; i++) {
        json_t *c = json_array_get(chs, i);
        double start = json_number_value(json_object_get(c, "startTime"));
        double want = (double)pcast_timeline_chapter_frames(e.tl, i) / rate;
        CHECK(fabs(start - want) < 0.0006);
        double end = json_number_value(json_object_get(c, "endTime"));
        CHECK(end > start && end <= total + 0.001);
        CHECK_STR(json_string_value(json_object_get(c, "title")), pcast_post_section(post, i)->title);
    }
    json_decref(j);

    /* transcript.json: segments in order, within the episode, named */
    j = json_load_file(path_in(tmp_dir, "side.transcript.json"), 0, &jerr);
    CHECK(j != NULL);
    json_t *segs = json_object_get(j, "segments");
    CHECK(json_array_size(segs) > 20);
    double last = -1;
    bool claude = false;
    for (size_t i = 0; i < json_array_size(segs); i++) {
        json_t *g = json_array_get(segs, i);
        double a = json_number_value(json_object_get(g, "startTime"));
        double b = json_number_value(json_object_get(g, "endTime"));
        CHECK(a >= last && b > a && b <= total + 0.001);
        last = b;
        const char *body = json_string_value(json_object_get(g, "body"));
        CHECK(body && *body);
        claude = claude || (body && strstr(body, "你們怎麼看待像 Claude 3.7 Sonnet 這樣的 AI 助手？"));
        CHECK(json_string_value(json_object_get(g, "speaker")) != NULL);
    }
    CHECK(claude); /* runs rejoined with the post's own spacing */
    json_decref(j);

    /* VTT: a header, monotonic cues, voice spans, every sentence start is
     * a clip start on the timeline */
    char *vtt = slurp(path_in(tmp_dir, "side.vtt"));
    CHECK(vtt && !strncmp(vtt, "WEBVTT\n", 7));
    size_t cues = 0;
    last = -1;
    for (char *q = vtt ? strstr(vtt, " --> ") : NULL; q; q = strstr(q + 5, " --> ")) {
        double a = hms_seconds(q - 12, '.'), b = hms_seconds(q + 5, '.');
        CHECK(a >= last - 1e-9 && b > a);
        last = b;
        cues++;
        bool on_clip = false;
        for (size_t i = 0; i < pcast_timeline_count(e.tl) && !on_clip; i++)
            on_clip = fabs((double)pcast_timeline_get(e.tl, i)->start_frames / rate - a) < 0.0006;
        if (!on_clip) /* a later piece of a long sentence: inside a clip */
            CHECK(a > 0);
        CHECK(!strncmp(strchr(q, '\n') + 1, "<v ", 3));
    }
    CHECK(cues > 20);
    CHECK(vtt && strstr(vtt, "<v Tom Reyes>") && strstr(vtt, "<v 主持人>"));
    free(vtt);

    /* SRT: numbered, the same count of cues */
    char *srt = slurp(path_in(tmp_dir, "side.srt"));
    size_t srt_cues = 0;
    for (char *q = srt ? strstr(srt, " --> ") : NULL; q; q = strstr(q + 5, " --> "))
        srt_cues++;
    CHECK_INT(srt_cues, cues);
    CHECK(srt && !strncmp(srt, "1\n00:00:00,000 --> ", 19));
    free(srt);

    /* .cue (named after the whole file): one track per section, INDEX 01
     * at the chapter (75 frames/s, rounded) */
    char *cue = slurp(path_in(tmp_dir, "side.flac.cue"));
    CHECK(cue && strstr(cue, "FILE \"side.flac\" FLAC"));
    size_t track = 0;
    for (char *q = cue ? strstr(cue, "INDEX 01 ") : NULL; q; q = strstr(q + 1, "INDEX 01 ")) {
        unsigned mm, ss, ff;
        CHECK(sscanf(q + 9, "%u:%u:%u", &mm, &ss, &ff) == 3 && ss < 60 && ff < 75);
        uint64_t want = (pcast_timeline_chapter_frames(e.tl, track) * 75 + rate / 2) / rate;
        CHECK_INT((uint64_t)mm * 60 * 75 + ss * 75 + ff, want);
        track++;
    }
    CHECK_INT(track, nsec);
    free(cue);

    /* the episode's loudness, measured back: near the spoken-word target */
    pcast_loudness l;
    CHECK_INT(pcast_measure_loudness(ep, &l, &err), PCAST_OK);
    fprintf(stderr, "example episode: %.2f LUFS, %.2f dBTP, %.1f LU\n", l.integrated_lufs,
            l.true_peak_dbtp, l.range_lu);
    CHECK(l.integrated_lufs > -20.0 && l.integrated_lufs < -18.0);
    CHECK(l.sample_peak_dbfs <= -0.99);
    const char *names[] = {"side.flac", "side.chapters.json", "side.transcript.json", "side.vtt",
                           "side.srt", "side.flac.cue"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(path_in(tmp_dir, names[i]));
    episode_free(&e);
}

/* ffprobe's chapters of path must be the post's sections, in order, each
 * at its timeline offset (to the millisecond), none more, none fewer.
 * False when ffprobe is not installed. */
static bool ffprobe_chapters_match(const char *path, const pcast_post *post,
                                   const pcast_timeline *tl)
{
    char cmd[1200], line[1024];
    snprintf(cmd, sizeof cmd,
             "command -v ffprobe >/dev/null || exit 77; ffprobe -v error -show_chapters "
             "-of csv=p=0 -show_entries chapter=start_time:chapter_tags=title '%s'",
             path);
    FILE *p = popen(cmd, "r");
    size_t i = 0, n = pcast_post_section_count(post);
    unsigned rate = pcast_timeline_sample_rate(tl);
    while (p && fgets(line, sizeof line, p)) {
        double a;
        char title[900];
        if (sscanf(line, "%lf,%899[^\n]", &a, title) != 2)
            continue;
        CHECK(i < n);
        if (i >= n)
            break;
        CHECK_STR(title, pcast_post_section(post, i)->title);
        CHECK(fabs(a - (double)pcast_timeline_chapter_frames(tl, i) / rate) < 0.0011);
        i++;
    }
    int rc = p ? pclose(p) : -1;
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77)
        return false;
    CHECK_INT(i, n);
    return true;
}

/* A post of 300 sections: FLAC holds every chapter (CHAPTERnnn comments
 * up to 999; the CUESHEET's byte-wide track numbers stop at 254), at the
 * timeline's offsets. */
static void test_many_chapters(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fputs("---\ntitle: Many\nlang: en\npauses: {section: 0.1, section_after: 0.1}\n---\n", f);
    for (int i = 1; i <= 300; i++)
        fprintf(f, "## Part %d\n\nOk.\n\n", i);
    fclose(f);
    pcast_post *post = parse(text);
    free(text);
    episode e = {0};
    char out[600];
    snprintf(out, sizeof out, "%s/many.flac", tmp_dir);
    CHECK(render(&e, post, out));
    pcast_media *m = NULL;
    pcast_error err;
    CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
    size_t n = pcast_post_section_count(post);
    CHECK_INT(n, 301);
    CHECK(m && pcast_media_chapter_count(m) == n);
    /* sample-exact from the cue sheet, to the millisecond after it */
    for (size_t i = 0; m && e.tl && i < pcast_media_chapter_count(m); i++) {
        uint64_t got = pcast_media_chapter(m, i)->start_frames;
        uint64_t want = pcast_timeline_chapter_frames(e.tl, i);
        if (i < 254)
            CHECK_INT(got, want);
        else
            CHECK(got + 12 >= want && got <= want + 12);
    }
    if (m && pcast_media_chapter_count(m) == n)
        CHECK_STR(pcast_media_chapter(m, 300)->title, "Part 300");
    pcast_media_free(m);
    /* the cue sheet is legal: metaflac lists 254 tracks and the lead-out */
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "command -v metaflac >/dev/null || exit 77; "
             "test \"$(metaflac --list --block-type=CUESHEET '%s' | grep -c '^    track\\[')\" = 255",
             out);
    int rc = system(cmd);
    CHECK(rc == 0 || (WIFEXITED(rc) && WEXITSTATUS(rc) == 77));
    unlink(out);

    /* MP3: a top-level CTOC over two sub-tables (255 + 46), a CHAP each */
    snprintf(out, sizeof out, "%s/many.mp3", tmp_dir);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
    CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
    CHECK(m && pcast_media_chapter_count(m) == n);
    if (m && pcast_media_chapter_count(m) == n)
        CHECK_STR(pcast_media_chapter(m, 300)->title, "Part 300");
    pcast_media_free(m);
    if (e.tl)
        ffprobe_chapters_match(out, post, e.tl);
    unlink(out);
    episode_free(&e);
}

/* Chapter titles of every length modulo 4 survive a WAV round trip, and
 * libsndfile itself can read the file back. */
static void test_wav_title_lengths(void)
{
    const char *text = "---\ntitle: A\nlang: en\n---\nHi.\n\n## Bb\n\nYo.\n\n## Ccc\n\nHo.\n\n"
                       "## Dddd\n\nHa.\n\n## Eeeee\n\nHe.\n";
    pcast_post *post = parse(text);
    episode e = {0};
    char out[600];
    snprintf(out, sizeof out, "%s/titles.wav", tmp_dir);
    CHECK(render(&e, post, out));
    SF_INFO info;
    short *pcm = read_all(out, &info);
    CHECK(pcm != NULL);
    free(pcm);
    pcast_media *m = NULL;
    pcast_error err;
    CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
    const char *want[] = {"A", "Bb", "Ccc", "Dddd", "Eeeee"};
    CHECK(m && pcast_media_chapter_count(m) == 5);
    for (size_t i = 0; m && i < 5 && i < pcast_media_chapter_count(m); i++)
        CHECK_STR(pcast_media_chapter(m, i)->title, want[i]);
    pcast_media_free(m);
    /* and ffmpeg, which reads a label only up to its NUL */
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "command -v ffprobe >/dev/null || exit 77; ffprobe -v error -show_chapters '%s' "
             "| grep '^TAG:title=' | tr '\\n' ' ' | grep -qx 'TAG:title=A TAG:title=Bb "
             "TAG:title=Ccc TAG:title=Dddd TAG:title=Eeeee '",
             out);
    int rc = system(cmd);
    CHECK(rc == 0 || (WIFEXITED(rc) && WEXITSTATUS(rc) == 77));
    unlink(out);
    episode_free(&e);
}

/* pcast_media_open on a FIFO no one writes, a folder or a device is
 * refused by name at once (fopen blocked on the FIFO forever). */
static void test_media_not_a_file(void)
{
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/media.fifo", tmp_dir);
    unlink(fifo);
    CHECK(mkfifo(fifo, 0600) == 0);
    const char *paths[] = {fifo, tmp_dir, "/dev/null"};
    const char *whys[] = {"a FIFO, not a file", "Is a directory", "not a regular file"};
    for (size_t k = 0; k < 3; k++) {
        pcast_media *m = NULL;
        pcast_error err = {0};
        CHECK_INT(pcast_media_open(paths[k], &m, &err), PCAST_ERR_IO);
        CHECK(m == NULL && strstr(err.message, whys[k]));
    }
    unlink(fifo);
}

/* Posts in other scripts land on the target too: each voice is measured
 * on a passage in its own script (on the English one, espeak-ng's ja
 * voice came out 2.2 dB under and its he voice 5.2 dB). The posts' text
 * is not the calibration passage. */
static void test_script_loudness(void)
{
    static const char *const posts[] = {
        "---\ntitle: テスト\nlang: ja\n---\n**A**: すると北風は力いっぱい吹きましたが、吹けば吹くほど旅人は"
        "マントをしっかりと体に巻きつけました。\n\n**B**: とうとう北風はあきらめました。次に太陽が暖かく照らすと、"
        "旅人はすぐにマントを脱ぎました。\n",
        "---\ntitle: בדיקה\nlang: he\n---\n**A**: רוח הצפון נשבה בכל כוחה, אבל ככל שנשבה חזק יותר, כך התעטף ההלך "
        "במעילו חזק יותר.\n\n**B**: לבסוף ויתרה רוח הצפון. אז השמש זרחה בחום, וההלך הסיר מיד את מעילו.\n",
        "---\ntitle: 시험\nlang: ko\n---\n**A**: 북풍은 힘껏 불었지만, 세게 불면 불수록 나그네는 외투를 더욱 꼭 "
        "여몄습니다.\n\n**B**: 마침내 북풍은 포기했습니다. 그러자 해님이 따뜻하게 비추자 나그네는 곧 외투를 "
        "벗었습니다.\n",
        "---\ntitle: Тест\nlang: ru\n---\n**A**: Тогда северный ветер начал дуть изо всех сил, но чем сильнее он "
        "дул, тем плотнее путешественник закутывался в плащ.\n\n**B**: Наконец ветер сдался. Тогда солнце начало "
        "пригревать, и путешественник сразу снял свой плащ.\n",
    };
    for (size_t k = 0; k < sizeof posts / sizeof *posts; k++) {
        char out[600];
        snprintf(out, sizeof out, "%s/script-loud.wav", tmp_dir);
        episode e = {0};
        pcast_loudness l = {0};
        pcast_error err;
        CHECK(render(&e, parse(posts[k]), out));
        CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
        fprintf(stderr, "%.2s: %.2f LUFS\n", strstr(posts[k], "lang: ") + 6, l.integrated_lufs);
        CHECK(fabs(l.integrated_lufs - -19.0) <= 1.0);
        unlink(out);
        episode_free(&e);
    }
}

/* Rendered episodes land on the loudness target with peaks under -1 dBTP,
 * and the speakers sit within 1 LU of each other. */
static void test_episode_loudness(void)
{
    const char *names[] = {"interview-zh-tw", "interview-en", "blog-post"};
    for (size_t k = 0; k < 3; k++) {
        char out[600];
        snprintf(out, sizeof out, "%s/loud.wav", tmp_dir);
        pcast_post *post = load_example(names[k]);
        pcast_error err;
        episode e = {0};
        CHECK(render(&e, post, out));
        pcast_loudness l;
        CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
        fprintf(stderr, "%s: %.2f LUFS, %.2f dBTP\n", names[k], l.integrated_lufs, l.true_peak_dbtp);
        CHECK(fabs(l.integrated_lufs - -19.0) <= 0.5);
        CHECK(l.true_peak_dbtp <= -1.0);
        /* each speaker's own loudness, from their clips in the file */
        SF_INFO info;
        short *pcm = read_all(out, &info);
        size_t n = pcast_post_speaker_count(post);
        double lo = 100, hi = -100;
        for (size_t sp = 0; pcm && e.tl && sp < n; sp++) {
            ebur128_state *m = ebur128_init(1, (unsigned long)info.samplerate, EBUR128_MODE_I);
            uint64_t frames = 0;
            for (size_t i = 0; i < pcast_timeline_count(e.tl); i++) {
                const pcast_timeline_entry *t = pcast_timeline_get(e.tl, i);
                if (pcast_plan_clip(e.plan, t->clip_index)->speaker_index != sp)
                    continue;
                ebur128_add_frames_short(m, pcm + t->start_frames, t->clip_frames);
                frames += t->clip_frames;
            }
            double v;
            if (frames > (uint64_t)info.samplerate * 5 &&
                ebur128_loudness_global(m, &v) == EBUR128_SUCCESS) {
                lo = lo < v ? lo : v;
                hi = hi > v ? hi : v;
            }
            ebur128_destroy(&m);
        }
        fprintf(stderr, "  speakers from %.2f to %.2f LUFS\n", lo, hi);
        CHECK(hi - lo <= 1.0);
        free(pcm);
        unlink(out);
        episode_free(&e);
    }
    /* another target: -23 LUFS (EBU R128) */
    pcast_post *post = load_example("interview-en");
    pcast_error err;
    char out[600];
    snprintf(out, sizeof out, "%s/r128.wav", tmp_dir);
    episode e = {0};
    CHECK(episode_setup(&e, post));
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    cfg.loudness_lufs = -23.0;
    CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
    pcast_loudness l;
    CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
    CHECK(fabs(l.integrated_lufs - -23.0) <= 0.5 && l.true_peak_dbtp <= -1.0);
    unlink(out);
    episode_free(&e);
}

/* --stereo: two channels at -16 LUFS, voices placed by their presets'
 * pan, the narrator centred, and previews still exact. */
static void test_stereo(void)
{
    pcast_post *post = load_example("interview-en");
    pcast_error err;
    episode e = {0};
    CHECK(episode_setup(&e, post));
    char out[600], part[600];
    snprintf(out, sizeof out, "%s/stereo.wav", tmp_dir);
    snprintf(part, sizeof part, "%s/stereo-part.wav", tmp_dir);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    cfg.stereo = 1;
    CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, &e.tl, &err), PCAST_OK);
    pcast_loudness l;
    CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
    fprintf(stderr, "stereo: %.2f LUFS, %.2f dBTP\n", l.integrated_lufs, l.true_peak_dbtp);
    CHECK(fabs(l.integrated_lufs - -16.0) <= 0.5 && l.true_peak_dbtp <= -1.0);
    SF_INFO info;
    short *pcm = read_all(out, &info);
    CHECK(pcm && info.channels == 2);
    /* per speaker: energy left and right */
    double left[8] = {0}, right[8] = {0};
    int centred = 1;
    for (size_t i = 0; pcm && e.tl && i < pcast_timeline_count(e.tl); i++) {
        const pcast_timeline_entry *t = pcast_timeline_get(e.tl, i);
        size_t sp = pcast_plan_clip(e.plan, t->clip_index)->speaker_index;
        for (uint64_t f = t->start_frames; f < t->start_frames + t->clip_frames && sp < 8; f++) {
            double a = pcm[2 * f], b = pcm[2 * f + 1];
            left[sp] += a * a;
            right[sp] += b * b;
            if (sp == 0 && fabs(a - b) > 1)
                centred = 0;
        }
    }
    const pcast_voice *maya = pcast_cast_get(e.cast, 1)->voice;
    CHECK(centred);
    CHECK(maya->settings.pan < 0 ? left[1] > right[1] * 1.3 : right[1] > left[1] * 1.3);
    /* a previewed section, in stereo, is that span of the episode */
    size_t first, count;
    CHECK_INT(pcast_plan_span(e.plan, 1, SIZE_MAX, &first, &count), PCAST_OK);
    cfg.output_path = part;
    cfg.first_clip = first;
    cfg.clip_count = count;
    CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
    SF_INFO pinfo;
    short *p2 = read_all(part, &pinfo);
    const pcast_timeline_entry *a = pcast_timeline_get(e.tl, first);
    const pcast_timeline_entry *b = pcast_timeline_get(e.tl, first + count - 1);
    uint64_t from = a->start_frames, to = b->start_frames + b->clip_frames;
    CHECK(p2 && (uint64_t)pinfo.frames == to - from);
    if (p2 && pcm && (uint64_t)pinfo.frames == to - from)
        CHECK(memcmp(p2, pcm + 2 * from, (size_t)(to - from) * 2 * sizeof *pcm) == 0);
    free(p2);
    free(pcm);
    unlink(out);
    unlink(part);
    episode_free(&e);
}

/* Opus: CHAPTERnnn comments that ffprobe lists in order, on target. */
static void test_opus(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    episode e = {0};
    char out[600], cmd[1600];
    snprintf(out, sizeof out, "%s/ep.opus", tmp_dir);
    CHECK(render(&e, post, out));
    /* the spooled WAV is gone */
    char spool[700];
    snprintf(spool, sizeof spool, "%s.wav", out);
    CHECK(access(spool, F_OK) != 0);
    if (e.tl && ffprobe_chapters_match(out, post, e.tl)) {
        snprintf(cmd, sizeof cmd,
                 "ffmpeg -hide_banner -nostats -i '%s' -af ebur128 -f null - 2>&1 | "
                 "awk '/^ +I:/ { v = $2 } END { exit !(v >= -19.5 && v <= -18.5) }'",
                 out);
        CHECK(system(cmd) == 0);
    }
    unlink(out);
    episode_free(&e);
}

/* --rate: resampled by libsoxr to an exact length, chapters converted,
 * levels kept. */
static void test_rate(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    pcast_error err;
    episode e = {0};
    CHECK(episode_setup(&e, post));
    char out[600];
    snprintf(out, sizeof out, "%s/rate.flac", tmp_dir);
    const unsigned rates[] = {44100, 48000};
    for (size_t r = 0; r < 2; r++) {
        pcast_render_config cfg = pcast_render_config_init();
        cfg.output_path = out;
        cfg.rate = rates[r];
        pcast_timeline *tl = NULL;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, &tl, &err), PCAST_OK);
        if (!tl)
            continue;
        double ratio = (double)rates[r] / pcast_timeline_sample_rate(tl);
        pcast_media *m = NULL;
        CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
        CHECK(m && pcast_media_sample_rate(m) == rates[r]);
        CHECK(m && pcast_media_frames(m) == (uint64_t)llround(pcast_timeline_total_frames(tl) * ratio));
        for (size_t i = 0; m && i < pcast_media_chapter_count(m); i++)
            CHECK_INT(pcast_media_chapter(m, i)->start_frames,
                      (uint64_t)llround(pcast_timeline_chapter_frames(tl, i) * ratio));
        CHECK(m && pcast_media_chapter_count(m) == pcast_post_section_count(post));
        pcast_media_free(m);
        pcast_loudness l;
        CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
        CHECK(fabs(l.integrated_lufs - -19.0) <= 0.5 && l.true_peak_dbtp <= -1.0);
        pcast_timeline_free(tl);
    }
    pcast_render_config bad = pcast_render_config_init();
    bad.output_path = out;
    bad.rate = 100;
    CHECK_INT(pcast_render(post, e.cast, e.plan, &bad, NULL, &err), PCAST_ERR_ARGUMENT);
    unlink(out);
    episode_free(&e);
}

/* MP3: ID3v2.3 chapters (CTOC + CHAP with TIT2) that ffprobe lists in
 * order, at the timeline's times. */
static void test_mp3(void)
{
    pcast_post *post = load_example("interview-zh-tw");
    pcast_error err;
    episode e = {0};
    char out[600];
    snprintf(out, sizeof out, "%s/ep.mp3", tmp_dir);
    CHECK(render(&e, post, out));
    FILE *f = fopen(out, "rb");
    char head[10] = {0};
    CHECK(f && fread(head, 1, 10, f) == 10 && !memcmp(head, "ID3\x03", 4));
    if (f)
        fclose(f);
    if (e.tl)
        ffprobe_chapters_match(out, post, e.tl);
    unsigned rate = e.tl ? pcast_timeline_sample_rate(e.tl) : 1;
    /* and postcast reads them back itself */
    pcast_media *m = NULL;
    CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
    CHECK(m && !strcmp(pcast_media_format(m), "MP3"));
    CHECK(m && pcast_media_chapter_count(m) == pcast_post_section_count(post));
    for (size_t c = 0; m && e.tl && c < pcast_media_chapter_count(m); c++) {
        CHECK_STR(pcast_media_chapter(m, c)->title, pcast_post_section(post, c)->title);
        double want = (double)pcast_timeline_chapter_frames(e.tl, c) / rate;
        CHECK(fabs(pcast_media_chapter(m, c)->start_seconds - want) < 0.002);
    }
    CHECK(m && e.tl && pcast_media_frames(m) == pcast_timeline_total_frames(e.tl));
    pcast_media_free(m);
    unlink(out);
    episode_free(&e);
}

/* The meter against a signal of known loudness: a 997 Hz sine at -20 dBFS
 * (mono) is -23.0 LUFS with a -20 dBTP peak. */
static void test_loudness_meter(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/sine.wav", tmp_dir);
    SF_INFO info = {.samplerate = 48000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    CHECK(f != NULL);
    if (!f)
        return;
    static float buf[48000];
    for (int sec = 0; sec < 10; sec++) {
        for (int i = 0; i < 48000; i++)
            buf[i] = (float)(0.1 * sin(2 * 3.14159265358979323846 * 997.0 * (sec * 48000 + i) / 48000.0));
        sf_writef_float(f, buf, 48000);
    }
    sf_close(f);
    pcast_loudness l;
    pcast_error err;
    CHECK_INT(pcast_measure_loudness(path, &l, &err), PCAST_OK);
    CHECK(fabs(l.integrated_lufs - -23.0) < 0.1);
    CHECK(fabs(l.true_peak_dbtp - -20.0) < 0.1);
    CHECK(fabs(l.sample_peak_dbfs - -20.0) < 0.01);
    CHECK(l.range_lu < 0.5);
    unlink(path);
    CHECK_INT(pcast_measure_loudness(path, &l, &err), PCAST_ERR_FORMAT);
}

/* "lang:text|lang:text" of a plan's clips. */
static const char *clips_of(const char *post_text)
{
    static char out[4096];
    out[0] = '\0';
    pcast_post *p = parse(post_text);
    pcast_plan *pl = NULL;
    pcast_error err;
    if (!p || pcast_plan_new(p, NULL, &pl, &err)) {
        pcast_post_free(p);
        return "(error)";
    }
    size_t n = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s:%s", i ? "|" : "",
                              c->language, c->text);
    }
    pcast_plan_free(pl);
    pcast_post_free(p);
    return out;
}

static void test_run_splitter(void)
{
    CHECK_STR(clips_of("---\ntitle: 標題\n---\n我們用 Claude 3.7 Sonnet 寫程式，Anthropic 很好。\n"),
              "zh:標題|zh:我們用|en:Claude 3.7 Sonnet|"
              "zh:寫程式，|en:Anthropic|zh:很好。");
    /* an @handle's @ and a hashtag's # go with their word into its run
     * (the @ was left in the Han run, where it is silent) */
    CHECK_STR(clips_of("---\ntitle: 標題\n---\n記得標註 @taipei_eats 和 #AI 喔。\n"),
              "zh:標題|zh:記得標註|en:@taipei_eats|zh:和|en:#AI|zh:喔。");
    /* digits inside Chinese stay Chinese; a sentence may open in English */
    CHECK_STR(clips_of("---\ntitle: 標題\n---\n準確率從95%提升到99%。Cloud3.5 Sonnet才真正成功。\n"),
              "zh:標題|zh:準確率從95%提升到99%。|en:Cloud3.5 Sonnet|"
              "zh:才真正成功。");
    /* an English post is read in English whole, a Cantonese one in yue */
    CHECK_STR(clips_of("---\ntitle: Hi\nlang: en\n---\nOne. Two!\n"), "en:Hi|en:One.|en:Two!");
    CHECK_STR(clips_of("---\ntitle: 你好\nlang: zh-HK\n---\n我哋去 Central。\n"),
              "yue:你好|yue:我哋去|en:Central。"); /* its 。 ends the English run */
    /* a period after an abbreviation, or after an initialism before a
     * lower-case word or a number, ends no sentence */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\nWe met Dr. Lee in Washington, D.C. on Jan. 5 at "
                       "3 p.m. near the U.S. border. Then it rained.\n"),
              "en:T|en:We met Dr. Lee in Washington, D.C. on Jan. 5 at 3 p.m. near the U.S. border.|"
              "en:Then it rained.");
    /* ... nor before a capital that seldom opens a sentence (a name's
     * initial, "U.S. Navy", "p.m. Monday"); before one that often does,
     * or after a lone capital that follows a lower-case word, it does */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\nJohn F. Kennedy joined the U.S. Navy at 3 p.m. "
                       "Monday. He left the U.S. Then he took vitamin C. It helped. J. R. R. Tolkien wrote.\n"),
              "en:T|en:John F. Kennedy joined the U.S. Navy at 3 p.m. Monday.|en:He left the U.S.|"
              "en:Then he took vitamin C.|en:It helped.|en:J. R. R. Tolkien wrote.");
    /* a case's v., a street's Blvd., a chapter's Ch. and incl. end no
     * sentence either (each was a clip's end and a pause) */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\nIn Smith v. Jones the court ruled on Sunset Blvd. near "
                       "Ch. 5, incl. the maps.\n"),
              "en:T|en:In Smith v. Jones the court ruled on Sunset Blvd. near Ch. 5, incl. the maps.");
    /* a heading's leading number of up to three digits is its number,
     * not a sentence ("1." [350 ms] "Getting started"); a year does end
     * one, and so does a number inside the text */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\n## 1. Getting started\n\nGo. 1999. That year.\n\n"
                       "## 12. Last\n\nBye.\n\n## 2024. A year\n\nOk.\n"),
              "en:T|en:1. Getting started|en:Go.|en:1999.|en:That year.|en:12. Last|en:Bye.|en:2024.|"
              "en:A year|en:Ok.");
    /* a street's, a firm's or a list's abbreviation closes its sentence
     * when one opens after it (Main St. The end was one sentence) */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\nI live on Main St. The rent is fine. We met at Acme Inc. "
                       "Then we left for St. Louis, fruit etc. and more.\n"),
              "en:T|en:I live on Main St.|en:The rent is fine.|en:We met at Acme Inc.|"
              "en:Then we left for St. Louis, fruit etc. and more.");
    /* markup in text is text: never SSML */
    CHECK_STR(clips_of("---\ntitle: T\nlang: en\n---\n`<audio src=\"/etc/passwd\"/>`\n"),
              "en:T|en:<audio src=\"/etc/passwd\"/>");
    /* a sentence without punctuation is cut into bounded clips */
    char big[8192] = "---\ntitle: T\nlang: en\n---\n";
    for (int i = 0; i < 400; i++)
        strcat(big, "word ");
    const char *c = clips_of(big);
    size_t clips = 1;
    for (const char *q = c; *q; q++)
        clips += *q == '|';
    CHECK(clips >= 1 + 6);
}

static void test_corpus_runs(const char *corpus)
{
    if (access(corpus, R_OK) != 0)
        return;
    pcast_post *p = NULL;
    pcast_plan *pl = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_load(corpus, NULL, &p, &err), PCAST_OK);
    if (!p || pcast_plan_new(p, NULL, &pl, &err)) {
        pcast_post_free(p);
        return;
    }
    size_t claude = 0, anthropic = 0, sonnet = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        bool en = !strcmp(c->language, "en");
        if (strstr(c->text, "Claude")) {
            claude++;
            CHECK(en);
        }
        if (strstr(c->text, "Anthropic")) {
            anthropic++;
            CHECK(en);
        }
        if (strstr(c->text, "Sonnet")) {
            sonnet++;
            CHECK(en);
        }
        /* the Mandarin voice never gets a Latin letter */
        if (!en)
            for (const char *q = c->text; *q; q++)
                CHECK(!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')));
    }
    CHECK(claude > 5 && anthropic > 5 && sonnet > 0);
    pcast_plan_free(pl);
    pcast_post_free(p);
}

static void test_pauses(void)
{
    pcast_post *p = parse("---\ntitle: T\nlang: en\npauses: {turn: 1.25}\n---\n"
                          "**A**: One. Two.\n\nThree.\n\n**B**: Four.\n\n## S\n\n**B**: Five.\n");
    pcast_plan *pl = NULL;
    pcast_error err;
    pcast_pauses over = {-1, 200, -1, -1, -1, -1, -1, -1};
    CHECK(p && pcast_plan_new(p, &over, &pl, &err) == PCAST_OK);
    if (pl) {
        struct { const char *text; pcast_boundary b; int ms; } want[] = {
            {"T", PCAST_BOUNDARY_NONE, 0},          {"One.", PCAST_BOUNDARY_TITLE, 700},
            {"Two.", PCAST_BOUNDARY_SENTENCE, 200}, {"Three.", PCAST_BOUNDARY_PARAGRAPH, 700},
            {"Four.", PCAST_BOUNDARY_TURN, 1250},   {"S", PCAST_BOUNDARY_SECTION, 1500},
            {"Five.", PCAST_BOUNDARY_TITLE, 700}};
        CHECK_INT(pcast_plan_clip_count(pl), 7);
        for (size_t i = 0; i < 7 && i < pcast_plan_clip_count(pl); i++) {
            const pcast_clip *c = pcast_plan_clip(pl, i);
            CHECK_STR(c->text, want[i].text);
            CHECK_INT(c->before, want[i].b);
            CHECK_INT(c->pause_before_ms, want[i].ms);
        }
        CHECK(pcast_plan_clip(pl, 5)->is_title && pcast_plan_clip(pl, 5)->speaker_index == 0);
    }
    pcast_plan_free(pl);
    pcast_post_free(p);
}

static void test_cast(void)
{
    pcast_voices *v = NULL;
    pcast_error err;
    CHECK_INT(pcast_voices_load(NULL, 0, &v, &err), PCAST_OK);
    if (!v)
        return;
    CHECK(pcast_voices_count(v) >= 9);
    /* automatic: distinct presets in order of first appearance */
    pcast_post *p = parse("**A**: a\n\n**B**: b\n\n**C**: c\n\n**A**: again\n");
    pcast_cast *c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (c) {
        CHECK_STR(pcast_cast_get(c, 0)->preset, "narrator");
        const char *a = pcast_cast_get(c, 1)->preset, *b = pcast_cast_get(c, 2)->preset,
                   *cc = pcast_cast_get(c, 3)->preset;
        CHECK(strcmp(a, b) && strcmp(b, cc) && strcmp(a, cc) && strcmp(a, "narrator"));
        CHECK_INT(pcast_cast_get(c, 1)->source, PCAST_CAST_AUTOMATIC);
        /* deterministic */
        pcast_cast *again = NULL;
        pcast_cast_new(p, v, &again, &err);
        CHECK(again && !strcmp(pcast_cast_get(again, 1)->preset, a));
        pcast_cast_free(again);
    }
    pcast_cast_free(c);
    pcast_post_free(p);

    /* a clear first name picks a preset of its gender, and so does a Han
     * given name's last character (陳小明, 林美玲); other names are not
     * guessed; a cast gender wins over the guess */
    p = parse("---\ncast:\n  Mike Other: {gender: female}\n---\n"
              "**Harry Stebbings**: a\n\n**Lena Hart**: b\n\n**Jordan Lee**: c\n\n"
              "**Mike Krieger**: d\n\n**Sarah Chen**: e\n\n**Mike Other**: f\n\n**陳小明**: g\n");
    c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (c) {
        const char *want[] = {NULL, "male", "female", NULL, "male", "female", "female", "male"};
        for (size_t i = 1; i < 8; i++) {
            const pcast_casting *k = pcast_cast_get(c, i);
            fprintf(stderr, "cast: %s -> %s (%s)\n", k->speaker, k->preset, k->voice->gender);
            if (want[i])
                CHECK_STR(k->voice->gender, want[i]);
        }
        /* distinct while the palette lasts */
        for (size_t i = 1; i < 8; i++)
            for (size_t j = i + 1; j < 8; j++)
                CHECK(strcmp(pcast_cast_get(c, i)->preset, pcast_cast_get(c, j)->preset));
    }
    pcast_cast_free(c);
    pcast_post_free(p);
    /* more given names (Kelvin, Ivy were a palette's order: female, male) */
    p = parse("---\ntitle: T\n---\n**Kelvin Ho**: a\n\n**Ivy Chan**: b\n\n**林美玲**: c\n\n**陳志強**: d\n\n"
              "**王小華**: e\n");
    c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (c) {
        const char *want[] = {NULL, "male", "female", "female", "male"};
        for (size_t i = 1; i < 5; i++)
            CHECK_STR(pcast_cast_get(c, i)->voice->gender, want[i]);
    }
    pcast_cast_free(c);
    pcast_post_free(p);
    /* five men: the fifth gets a man's voice, retuned away from the four
     * (it was a woman's, the one nobody had), and so does a sixth woman;
     * a name whose gender is not guessed takes the voice nobody has */
    const char *crowds[] = {
        "**John A**: a\n\n**Paul B**: b\n\n**Mark C**: c\n\n**Adam D**: d\n\n**Tom E**: e\n",
        "---\ncast:\n  Tom E: {gender: male}\n---\n**John A**: a\n\n**Paul B**: b\n\n"
        "**Mark C**: c\n\n**Adam D**: d\n\n**Tom E**: e\n",
        "**Sarah A**: a\n\n**Anna B**: b\n\n**Mary C**: c\n\n**Lucy D**: d\n\n**Emma E**: e\n\n"
        "**Kate F**: f\n",
        "**John A**: a\n\n**Paul B**: b\n\n**Mark C**: c\n\n**Adam D**: d\n\n**Kim E**: e\n"};
    for (int k = 0; k < 4; k++) {
        p = parse(crowds[k]);
        c = NULL;
        CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
        size_t last = k == 2 ? 6 : 5;
        const char *g = k == 2 ? "female" : "male";
        for (size_t i = 1; c && i < last; i++)
            CHECK_STR(pcast_cast_get(c, i)->voice->gender, g);
        if (c && k < 3) {
            const pcast_casting *x = pcast_cast_get(c, last);
            CHECK_STR(x->voice->gender, g);
            CHECK(x->settings.pitch != x->voice->settings.pitch);
            CHECK(abs(x->settings.rate - x->voice->settings.rate) <= 30);
        } else if (c) {
            CHECK_STR(pcast_cast_get(c, last)->voice->gender, "female");
        }
        pcast_cast_free(c);
        pcast_post_free(p);
    }

    /* a host's role label speaks in the host's voice: the host the
     * description names ("與主持人 Tom Reyes"), "(host)" after a name, or
     * front matter host:; with none named, the labels share one voice;
     * a cast entry's preset still wins */
    const char *hosted[] = {
        "---\ndescription: Lena Hart 與主持人 Tom Reyes 聊\n---\n**Lena Hart**: a\n\n**Tom Reyes**: b\n\n"
        "主持人:\nc\n\nHost:\nd\n",
        "---\ndescription: With Tom Reyes (host) and Lena Hart.\n---\n**Lena Hart**: a\n\n**Tom Reyes**: b\n\n"
        "Host:\nc\n\n**Lena Hart**: e\n\nHost:\nd\n",
        "---\nhost: Tom Reyes\n---\n**Lena Hart**: a\n\n**Tom Reyes**: b\n\nHost:\nc\n\n**Lena Hart**: e\n\n"
        "Host:\nd\n",
        "---\ndescription: Tommy and Tom Reyes.\n---\n**Lena Hart**: a\n\n**Tom Reyes**: b\n\n"
        "主持人:\nc\n\nHost:\nd\n",
        "---\ndescription: 與主持人 Tom Reyes 聊\ncast:\n  Host: hugo\n---\n**Lena Hart**: a\n\n"
        "**Tom Reyes**: b\n\nHost:\nc\n\n**Lena Hart**: e\n\nHost:\nd\n"};
    for (int k = 0; k < 5; k++) {
        p = parse(hosted[k]);
        c = NULL;
        CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
        for (size_t i = 1; c && i < pcast_post_speaker_count(p); i++) {
            const pcast_casting *x = pcast_cast_get(c, i), *tom = pcast_cast_get(c, 2);
            if (!strcmp(x->speaker, "Host") || !strcmp(x->speaker, "主持人")) {
                const pcast_casting *want = k == 3 ? pcast_cast_get(c, 3) : tom;
                if (k == 4)
                    CHECK_STR(x->preset, "hugo");
                else
                    CHECK(!strcmp(x->preset, want->preset) && x->settings.pitch == want->settings.pitch);
                if (k == 3)
                    CHECK(strcmp(x->preset, tom->preset));
            }
        }
        pcast_cast_free(c);
        pcast_post_free(p);
    }

    /* front matter pins and aliases; automatic voices avoid pinned ones;
     * overrides apply on top of a preset */
    p = parse("---\ncast:\n  Host: ava\n  主持人: ava\n  Guest: {preset: hugo, rate: 200}\n---\n"
              "**Host**: a\n\n**主持人**: b\n\n**Guest**: c\n\n**Other**: d\n");
    c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (c) {
        CHECK_STR(pcast_cast_get(c, 1)->preset, "ava");
        CHECK_STR(pcast_cast_get(c, 2)->preset, "ava");
        CHECK_INT(pcast_cast_get(c, 2)->source, PCAST_CAST_FRONT_MATTER);
        CHECK_STR(pcast_cast_get(c, 3)->preset, "hugo");
        CHECK_INT(pcast_cast_get(c, 3)->settings.rate, 200);
        CHECK_INT(pcast_cast_get(c, 3)->settings.pitch, pcast_voices_find(v, "hugo")->settings.pitch);
        const char *other = pcast_cast_get(c, 4)->preset;
        CHECK(strcmp(other, "ava") && strcmp(other, "hugo") && strcmp(other, "narrator"));
    }
    pcast_cast_free(c);
    pcast_post_free(p);

    /* a --cast file wins over front matter, and names speakers for the
     * NAME: rule */
    const char *cast_file = path_in(tmp_dir, "cast.yaml");
    FILE *f = fopen(cast_file, "w");
    fputs("cast:\n  Host: grace\n  Solo: dev\n", f);
    fclose(f);
    pcast_parse_options o = pcast_parse_options_init();
    o.cast_path = cast_file;
    const char *text = "---\ncast: {Host: ava}\n---\n**Host**: a\n\nSolo: only once.\n";
    CHECK_INT(pcast_post_parse("t.md", text, strlen(text), &o, &p, &err), PCAST_OK);
    c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (c) {
        CHECK_STR(pcast_cast_get(c, 1)->preset, "grace");
        CHECK_INT(pcast_cast_get(c, 1)->source, PCAST_CAST_FILE);
        CHECK_STR(pcast_post_speaker(p, 2)->name, "Solo");
        CHECK_STR(pcast_cast_get(c, 2)->preset, "dev");
    }
    pcast_cast_free(c);
    pcast_post_free(p);

    /* an unknown preset: error at the cast entry */
    p = parse("---\ntitle: x\ncast:\n  A: nosuchvoice\n---\n**A**: hi\n");
    c = NULL;
    CHECK(p && pcast_cast_new(p, v, &c, &err) == PCAST_ERR_VOICE);
    CHECK(c == NULL);
    CHECK_INT(err.line, 4);
    CHECK(strstr(err.message, "nosuchvoice") != NULL);
    pcast_post_free(p);
    pcast_voices_free(v);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_voice_files(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/voices-extra", tmp_dir);
    mkdir(dir, 0700);
    /* an override of a built-in, and a new preset */
    write_file(path_in(dir, "ava.yaml"), "name: ava\nvariant: f5\npitch: 90\nrange: 10\nrate: 300\n");
    write_file(path_in(dir, "zed.yaml"), "description: new\ngender: male\nvariant: m8\npitch: 5\n"
                                         "range: 5\nrate: 100\nlanguages:\n  cmn: {rate: 120}\n");
    const char *dirs[] = {dir};
    pcast_voices *v = NULL;
    pcast_error err;
    CHECK_INT(pcast_voices_load(dirs, 1, &v, &err), PCAST_OK);
    if (v) {
        CHECK_INT(pcast_voices_find(v, "ava")->settings.pitch, 90);
        CHECK_STR(pcast_voices_find(v, "zed")->description, "new");
        CHECK_INT(pcast_voices_find(v, "zed")->language_count, 1);
    }
    pcast_voices_free(v);
    /* a bad key: file, line and key in the error */
    write_file(path_in(dir, "bad.yaml"), "variant: m1\npitch: 40\nrange: 40\nrate: 150\ncolour: red\n");
    v = NULL;
    CHECK_INT(pcast_voices_load(dirs, 1, &v, &err), PCAST_ERR_VOICE);
    CHECK(v == NULL);
    CHECK(strstr(err.file, "bad.yaml") != NULL);
    CHECK_INT(err.line, 5);
    CHECK(strstr(err.message, "colour") != NULL);
    write_file(path_in(dir, "bad.yaml"), "variant: m1\npitch: 400\nrange: 40\nrate: 150\n");
    CHECK_INT(pcast_voices_load(dirs, 1, &v, &err), PCAST_ERR_VOICE);
    CHECK_INT(err.line, 2);
    CHECK(strstr(err.message, "pitch") != NULL);
    write_file(path_in(dir, "bad.yaml"), "variant: ../../etc\npitch: 4\nrange: 40\nrate: 150\n");
    CHECK_INT(pcast_voices_load(dirs, 1, &v, &err), PCAST_ERR_VOICE);
    CHECK(strstr(err.message, "variant") != NULL);
    unlink(path_in(dir, "bad.yaml"));
    unlink(path_in(dir, "ava.yaml"));
    unlink(path_in(dir, "zed.yaml"));
    rmdir(dir);
}

/* Median F0 (Hz) of the voiced 40 ms frames, by autocorrelation. */
static double median_f0(const short *pcm, size_t n, unsigned rate)
{
    size_t win = rate / 25, hop = win / 2, count = 0;
    double *f0 = malloc((n / hop + 1) * sizeof *f0);
    for (size_t at = 0; at + win < n; at += hop) {
        double energy = 0;
        for (size_t i = 0; i < win; i++)
            energy += (double)pcm[at + i] * pcm[at + i];
        if (sqrt(energy / (double)win) < 1000)
            continue;
        size_t lo = rate / 400, hi = rate / 60, best = 0;
        double best_r = 0;
        for (size_t lag = lo; lag <= hi; lag++) {
            double r = 0, e1 = 0, e2 = 0;
            for (size_t i = 0; i + lag < win; i++) {
                r += (double)pcm[at + i] * pcm[at + i + lag];
                e1 += (double)pcm[at + i] * pcm[at + i];
                e2 += (double)pcm[at + i + lag] * pcm[at + i + lag];
            }
            r /= sqrt(e1 * e2) + 1e-9;
            if (r > best_r) {
                best_r = r;
                best = lag;
            }
        }
        if (best && best_r > 0.6)
            f0[count++] = (double)rate / (double)best;
    }
    for (size_t i = 1; i < count; i++)
        for (size_t j = i; j > 0 && f0[j - 1] > f0[j]; j--) {
            double t = f0[j];
            f0[j] = f0[j - 1];
            f0[j - 1] = t;
        }
    double m = count ? f0[count / 2] : 0;
    free(f0);
    return m;
}

static void test_two_voices_differ(void)
{
    /* the first two automatic presets (the first two speakers of a post) */
    pcast_voices *v = NULL;
    pcast_cast *c = NULL;
    pcast_error err;
    pcast_post *p = parse("**A**: a\n\n**B**: b\n");
    CHECK(p && pcast_voices_load(NULL, 0, &v, &err) == PCAST_OK &&
          pcast_cast_new(p, v, &c, &err) == PCAST_OK);
    if (!c) {
        pcast_voices_free(v);
        pcast_post_free(p);
        return;
    }
    const char *sentence = "The quick brown fox jumps over the lazy dog, and then it rests.";
    double f0[2];
    for (int i = 0; i < 2; i++) {
        const char *out = path_in(tmp_dir, i ? "b.wav" : "a.wav");
        CHECK_INT(pcast_say(pcast_cast_get(c, (size_t)i + 1)->voice, sentence, "en", out, &err),
                  PCAST_OK);
        SF_INFO info;
        short *pcm = read_all(out, &info);
        CHECK(pcm != NULL);
        f0[i] = pcm ? median_f0(pcm, (size_t)info.frames, (unsigned)info.samplerate) : 0;
        free(pcm);
    }
    fprintf(stderr, "median F0: %s %.0f Hz, %s %.0f Hz\n", pcast_cast_get(c, 1)->preset, f0[0],
            pcast_cast_get(c, 2)->preset, f0[1]);
    double hi = f0[0] > f0[1] ? f0[0] : f0[1], lo = f0[0] > f0[1] ? f0[1] : f0[0];
    CHECK(lo > 50 && hi > lo * 1.3);
    pcast_cast_free(c);
    pcast_voices_free(v);
    pcast_post_free(p);
}

static void test_output_failures(void)
{
    pcast_post *p = parse("---\ntitle: T\nlang: en\n---\nHello.\n");
    episode e = {0};
    /* a directory that does not exist; a directory as the target; an
     * unknown extension: all fail without leaving anything */
    pcast_error err;
    pcast_voices *v = NULL;
    pcast_cast *c = NULL;
    pcast_plan *pl = NULL;
    pcast_voices_load(NULL, 0, &v, &err);
    pcast_cast_new(p, v, &c, &err);
    pcast_plan_new(p, NULL, &pl, &err);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = path_in(tmp_dir, "missing/dir/x.flac");
    CHECK_INT(pcast_render(p, c, pl, &cfg, NULL, &err), PCAST_ERR_IO);
    CHECK(strstr(err.message, "No such file") != NULL);
    cfg.output_path = tmp_dir;
    CHECK_INT(pcast_render(p, c, pl, &cfg, NULL, &err), PCAST_ERR_ARGUMENT);
    char d[512];
    snprintf(d, sizeof d, "%s/dir.flac", tmp_dir);
    mkdir(d, 0700);
    cfg.output_path = d;
    CHECK_INT(pcast_render(p, c, pl, &cfg, NULL, &err), PCAST_ERR_IO);
    CHECK(strstr(err.message, "directory") != NULL);
    rmdir(d);
    cfg.output_path = path_in(tmp_dir, "x.mp9");
    CHECK_INT(pcast_render(p, c, pl, &cfg, NULL, &err), PCAST_ERR_ARGUMENT);
    /* cancelled: nothing at the path, an old file there is untouched */
    const char *keep = path_in(tmp_dir, "keep.wav");
    write_file(keep, "old");
    volatile int stop = 1;
    cfg.output_path = keep;
    cfg.cancel = &stop;
    CHECK_INT(pcast_render(p, c, pl, &cfg, NULL, &err), PCAST_ERR_INTERRUPTED);
    struct stat st;
    CHECK(stat(keep, &st) == 0 && st.st_size == 3);
    unlink(keep);
    pcast_plan_free(pl);
    pcast_cast_free(c);
    pcast_voices_free(v);
    pcast_post_free(p);
    episode_free(&e);
}

static void test_corpus_render(const char *corpus)
{
    if (access(corpus, R_OK) != 0) {
        fprintf(stderr, "corpus absent: skipping its render\n");
        return;
    }
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_load(corpus, NULL, &p, &err), PCAST_OK);
    episode e = {0};
    const char *out = path_in(tmp_dir, "corpus.flac");
    CHECK(render(&e, p, out));
    if (e.tl) {
        /* five speakers, five different presets */
        CHECK_INT(pcast_post_speaker_count(p), 5);
        for (size_t i = 0; i < 5; i++)
            for (size_t j = i + 1; j < 5; j++)
                CHECK(strcmp(pcast_cast_get(e.cast, i)->preset, pcast_cast_get(e.cast, j)->preset));
        pcast_media *m = NULL;
        CHECK_INT(pcast_media_open(out, &m, &err), PCAST_OK);
        if (m) {
            CHECK_INT(pcast_media_chapter_count(m), 4);
            for (size_t i = 0; i < pcast_media_chapter_count(m); i++) {
                CHECK_STR(pcast_media_chapter(m, i)->title, pcast_post_section(p, i)->title);
                CHECK_INT(pcast_media_chapter(m, i)->start_frames,
                          pcast_timeline_chapter_frames(e.tl, i));
            }
            CHECK_INT(pcast_media_frames(m), pcast_timeline_total_frames(e.tl));
            double minutes = (double)pcast_media_frames(m) / pcast_media_sample_rate(m) / 60.0;
            fprintf(stderr, "corpus: %.1f minutes\n", minutes);
            CHECK(minutes > 40 && minutes < 120);
            pcast_media_free(m);
        }
        /* ffprobe, when it is installed, lists the four titled chapters */
        char cmd[2048];
        snprintf(cmd, sizeof cmd,
                 "command -v ffprobe >/dev/null || exit 77; ffprobe -v error -show_chapters '%s' "
                 "| grep -c '^TAG:title=.' | grep -qx 4",
                 out);
        int rc = system(cmd);
        CHECK(rc == 0 || (WIFEXITED(rc) && WEXITSTATUS(rc) == 77));
    }
    unlink(out);
    episode_free(&e);
}


/* ---------- music ---------- */

/* Writes text to path, loads it as a post and sets e up from it. */
static bool episode_write(episode *e, const char *path, const char *text)
{
    pcast_error err;
    pcast_post *post = NULL;
    write_file(path, text);
    if (pcast_post_load(path, NULL, &post, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return false;
    }
    return episode_setup(e, post);
}

/* A steady sound for music tests: a chord (stereo, the right channel a
 * little quieter), or silence at amp 0. */
static bool write_tone(const char *path, int format, unsigned rate, unsigned ch, double secs,
                       double amp)
{
    SF_INFO info = {.samplerate = (int)rate, .channels = (int)ch, .format = format};
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    if (!f)
        return false;
    size_t n = (size_t)(rate * secs);
    float *buf = malloc(sizeof *buf * n * ch);
    for (size_t i = 0; buf && i < n; i++) {
        double t = (double)i / rate, v = 0;
        const double hz[] = {220.0, 277.18, 329.63, 440.0, 1318.5};
        for (size_t k = 0; k < 5; k++)
            v += sin(2 * 3.14159265358979 * hz[k] * t) / 5;
        for (size_t c = 0; c < ch; c++)
            buf[i * ch + c] = (float)(amp * v * (c ? 0.8 : 1.0));
    }
    bool ok = buf && sf_writef_float(f, buf, (sf_count_t)n) == (sf_count_t)n;
    free(buf);
    return sf_close(f) == 0 && ok;
}

static double rms_db(const double *d, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += d[i] * d[i];
    return n && s > 0 ? 10 * log10(s / n) : -200;
}

static double span_lufs(const short *pcm, uint64_t from, uint64_t to, unsigned rate)
{
    ebur128_state *m = ebur128_init(1, rate, EBUR128_MODE_I);
    double v = -HUGE_VAL;
    if (to > from && ebur128_add_frames_short(m, pcm + from, (size_t)(to - from)) == EBUR128_SUCCESS)
        ebur128_loudness_global(m, &v);
    ebur128_destroy(&m);
    return v;
}

static const char *music_post =
    "---\n"
    "title: Music under words\n"
    "music:\n"
    "  intro: theme.wav\n"
    "  outro: theme.wav\n"
    "  bed: bed.flac\n"
    "  under: %s\n"
    "  duck: 12\n"
    "pauses:\n"
    "  section: 4\n"
    "---\n"
    "A word from the narrator before the talk begins, said slowly and at some length.\n"
    "\n"
    "## The talk\n"
    "\n"
    "**Ava**: Thank you for having me. I have a good deal to say about the weather, "
    "the trains and the price of bread. It takes a while to get through all of it. "
    "And then there is more to say about the sea.\n"
    "\n"
    "**Ben**: That was a lot. I will answer at the same length, so that nobody feels "
    "left out of the conversation. The trains were late again this morning.\n"
    "\n"
    "## The end\n"
    "\n"
    "That was all for today. Thank you for listening to the whole of it.\n";

/* Music from front matter: the intro opens the episode and the first
 * words come a second before it ends, the outro starts a second before
 * the last words end, the bed loops under the narrator and everything
 * dips under speech; the speech itself is the plain render's, moved by
 * the intro. Whole-episode loudness stays on target. */
static void test_music(void)
{
    pcast_error err;
    char theme[600], bed[600], post_path[600], out[600], plain[600], out1[600];
    snprintf(theme, sizeof theme, "%s/theme.wav", tmp_dir);
    snprintf(bed, sizeof bed, "%s/bed.flac", tmp_dir);
    snprintf(post_path, sizeof post_path, "%s/music.md", tmp_dir);
    snprintf(out, sizeof out, "%s/music.wav", tmp_dir);
    snprintf(out1, sizeof out1, "%s/music1.wav", tmp_dir);
    snprintf(plain, sizeof plain, "%s/plain.wav", tmp_dir);
    /* 5 s at 44.1 kHz stereo; a 3 s bed at 48 kHz mono (it must loop) */
    CHECK(write_tone(theme, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 5.0, 0.3));
    CHECK(write_tone(bed, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 3.0, 0.5));

    for (int under_all = 0; under_all < 2; under_all++) {
        char text[2048];
        snprintf(text, sizeof text, music_post, under_all ? "all" : "narrator");
        episode e = {0};
        if (!episode_write(&e, post_path, text)) {
            check_failures++;
            episode_free(&e);
            continue;
        }
        pcast_post *post = e.post;
        pcast_music mu = pcast_post_music(post);
        CHECK_STR(mu.intro, theme); /* beside the post */
        CHECK_STR(mu.bed, bed);
        CHECK_STR(mu.origin[0].file, post_path);
        CHECK_INT(mu.origin[2].line, 6);
        CHECK_INT(mu.origin[2].column, 8);
        CHECK_INT(mu.bed_under_all, under_all);
        CHECK(mu.duck_db == 12.0 && mu.bed_volume_db == -12.0 && mu.overlap_s == 1.0);

        pcast_render_config cfg = pcast_render_config_init();
        cfg.output_path = plain;
        pcast_timeline *tp = NULL, *tm = NULL;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, &tp, &err), PCAST_OK);
        cfg.music = mu;
        cfg.output_path = out;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, &tm, &err), PCAST_OK);
        cfg.output_path = out1;
        cfg.jobs = 1;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
        CHECK(same_file(out, out1)); /* -j does not change a sample */
        if (!tp || !tm) {
            pcast_timeline_free(tp);
            pcast_timeline_free(tm);
            episode_free(&e);
            continue;
        }
        unsigned rate = pcast_timeline_sample_rate(tm);
        size_t n = pcast_timeline_count(tm);
        CHECK_INT(n, pcast_timeline_count(tp));
        /* the intro (5 s) ends a second into the words */
        uint64_t speech = pcast_timeline_get(tm, 0)->start_frames;
        CHECK_INT(speech, 4 * rate);
        uint64_t shift = speech - pcast_timeline_get(tp, 0)->start_frames;
        for (size_t i = 0; i < n; i++) {
            CHECK_INT(pcast_timeline_get(tm, i)->start_frames,
                      pcast_timeline_get(tp, i)->start_frames + shift);
            CHECK_INT(pcast_timeline_get(tm, i)->clip_frames, pcast_timeline_get(tp, i)->clip_frames);
        }
        CHECK_INT(pcast_timeline_chapter_frames(tm, 0), 0);
        for (size_t s = 1; s < pcast_post_section_count(post); s++)
            CHECK_INT(pcast_timeline_chapter_frames(tm, s), pcast_timeline_chapter_frames(tp, s) + shift);
        /* the outro starts a second before the last words end and plays out */
        const pcast_timeline_entry *last = pcast_timeline_get(tm, n - 1);
        uint64_t words_end = last->start_frames + last->clip_frames;
        uint64_t total = pcast_timeline_total_frames(tm);
        CHECK_INT(total, words_end - rate + 5 * rate);

        SF_INFO mi, pi;
        short *m = read_all(out, &mi), *p = read_all(plain, &pi);
        CHECK(m && p && (uint64_t)mi.frames == total);
        if (!m || !p || (uint64_t)mi.frames != total) {
            free(m);
            free(p);
            pcast_timeline_free(tp);
            pcast_timeline_free(tm);
            episode_free(&e);
            continue;
        }
        /* chapters in the file are the timeline's */
        pcast_media *md = NULL;
        CHECK_INT(pcast_media_open(out, &md, &err), PCAST_OK);
        for (size_t s = 0; md && s < pcast_media_chapter_count(md); s++)
            CHECK_INT(pcast_media_chapter(md, s)->start_frames, pcast_timeline_chapter_frames(tm, s));
        pcast_media_free(md);

        /* the intro alone, and the outro alone after the words: at the
         * speech's loudness (music is levelled to it) */
        double intro = span_lufs(m, 0, speech - rate / 2, rate);
        double outro = span_lufs(m, words_end + rate * 2, total - rate / 10, rate);
        fprintf(stderr, "music: intro %.2f, outro %.2f LUFS\n", intro, outro);
        CHECK(fabs(intro - -19.0) <= 1.0 && fabs(outro - -19.0) <= 1.0);

        /* the music alone: the episode minus the plain render, moved */
        double *d = malloc(sizeof *d * total);
        for (uint64_t i = 0; d && i < total; i++)
            d[i] = m[i] - (i >= shift && i - shift < (uint64_t)pi.frames ? p[i - shift] : 0);
        /* where the bed should be: narrator clips (every clip, under all),
         * and the pauses between two of them */
        double under_words = -200, in_pause = -200, away = -200;
        for (size_t i = 0; d && i + 1 < n; i++) {
            const pcast_timeline_entry *a = pcast_timeline_get(tm, i), *b = pcast_timeline_get(tm, i + 1);
            bool na = pcast_post_speaker(post, pcast_plan_clip(e.plan, a->clip_index)->speaker_index)->narrator;
            uint64_t a_end = a->start_frames + a->clip_frames;
            /* the long section pause: the bed comes up between hold and attack */
            if (b->pause_frames >= 3 * rate && (under_all || na))
                in_pause = fmax(in_pause, rms_db(d + a_end + rate * 17 / 10,
                                                 b->start_frames - rate * 4 / 10 - (a_end + rate * 17 / 10)));
            /* under a long clip after the intro is over */
            if (a->clip_frames > 2 * rate && a->start_frames > 5 * rate && (under_all || na))
                under_words = fmax(under_words, rms_db(d + a->start_frames + rate / 2,
                                                       a->clip_frames - rate));
        }
        /* a guest's clip 2 s or more from any of the narrator's: no bed */
        bool found = false;
        for (size_t i = 0; d && !under_all && i < n; i++) {
            const pcast_timeline_entry *a = pcast_timeline_get(tm, i);
            uint64_t from = a->start_frames, to = from + a->clip_frames;
            bool clear = true;
            for (size_t j = 0; j < n; j++) {
                const pcast_timeline_entry *b = pcast_timeline_get(tm, j);
                if (!pcast_post_speaker(post, pcast_plan_clip(e.plan, b->clip_index)->speaker_index)->narrator)
                    continue;
                clear = clear && (b->start_frames > to + 2 * rate ||
                                  b->start_frames + b->clip_frames + 2 * rate < from);
            }
            if (clear && to < words_end - 2 * rate) {
                found = true;
                away = fmax(away, rms_db(d + from, to - from));
            }
        }
        fprintf(stderr, "music (%s): bed in a pause %.1f dB, under words %.1f dB, away %.1f dB\n",
                under_all ? "all" : "narrator", in_pause, under_words, away);
        if (under_all) {
            /* ducked 12 dB under the words; some slack for the limiter */
            CHECK(in_pause > -200 && under_words > -200);
            CHECK(fabs(in_pause - under_words - 12.0) <= 1.5);
        } else {
            /* under the narrator only: nothing under the guests' long turns */
            CHECK(found && away < 0.0);
        }
        free(d);
        pcast_loudness l;
        CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
        fprintf(stderr, "music: %.2f LUFS, %.2f dBTP\n", l.integrated_lufs, l.true_peak_dbtp);
        CHECK(fabs(l.integrated_lufs - -19.0) <= 0.5 && l.true_peak_dbtp <= -1.0);

        /* a span is spoken without music: the plain preview */
        size_t first, count;
        CHECK_INT(pcast_plan_span(e.plan, 1, SIZE_MAX, &first, &count), PCAST_OK);
        cfg.first_clip = first;
        cfg.clip_count = count;
        cfg.output_path = out1;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
        cfg.music = pcast_music_default();
        cfg.output_path = plain;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_OK);
        CHECK(same_file(out1, plain));

        /* stereo at 48 kHz: exact length, on target */
        if (under_all) {
            pcast_render_config sc = pcast_render_config_init();
            sc.music = mu;
            sc.stereo = 1;
            sc.rate = 48000;
            sc.output_path = out1;
            pcast_timeline *ts = NULL;
            CHECK_INT(pcast_render(post, e.cast, e.plan, &sc, &ts, &err), PCAST_OK);
            CHECK(ts && pcast_timeline_total_frames(ts) == total); /* whatever the rate */
            pcast_timeline_free(ts);
            SF_INFO si;
            short *sp = read_all(out1, &si);
            CHECK(sp && si.channels == 2 && si.samplerate == 48000);
            CHECK_INT(si.frames, llround(total * 48000.0 / rate));
            free(sp);
            CHECK_INT(pcast_measure_loudness(out1, &l, &err), PCAST_OK);
            fprintf(stderr, "music stereo: %.2f LUFS, %.2f dBTP\n", l.integrated_lufs, l.true_peak_dbtp);
            CHECK(fabs(l.integrated_lufs - -16.0) <= 0.5 && l.true_peak_dbtp <= -1.0);
        }
        free(m);
        free(p);
        pcast_timeline_free(tp);
        pcast_timeline_free(tm);
        episode_free(&e);
    }
    unlink(out);
    unlink(out1);
    unlink(plain);
    unlink(post_path);

    /* bad music: the post's line and column, and no file */
    const char *bad[][2] = {
        {"  intro: missing.wav\n", "missing.wav"},
        {"  intro: music.md\n", "music.md"},
        {"  bed: silent.wav\n", "silent"},
    };
    char silent[600];
    snprintf(silent, sizeof silent, "%s/silent.wav", tmp_dir);
    CHECK(write_tone(silent, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 1.0, 0.0));
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char text[300];
        snprintf(text, sizeof text, "---\ntitle: Bad\nmusic:\n%s---\nSome words.\n", bad[k][0]);
        episode e = {0};
        if (!episode_write(&e, post_path, text)) {
            check_failures++;
            episode_free(&e);
            continue;
        }
        pcast_post *post = e.post;
        pcast_render_config cfg = pcast_render_config_init();
        cfg.music = pcast_post_music(post);
        cfg.output_path = out;
        CHECK_INT(pcast_render(post, e.cast, e.plan, &cfg, NULL, &err), PCAST_ERR_INPUT);
        CHECK_STR(err.file, post_path);
        CHECK_INT(err.line, 4);
        CHECK(err.column > 3);
        CHECK(strstr(err.message, bad[k][1]) != NULL);
        fprintf(stderr, "bad music: %s:%lu:%lu: %s\n", err.file, err.line, err.column, err.message);
        CHECK(access(out, F_OK) != 0);
        episode_free(&e);
    }
    /* a 0.3 s sting: measured as if looped, the words start at once */
    char ding[600];
    snprintf(ding, sizeof ding, "%s/ding.wav", tmp_dir);
    CHECK(write_tone(ding, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 32000, 1, 0.3, 0.9));
    episode de = {0};
    CHECK(episode_write(&de, post_path, "---\nmusic:\n  intro: ding.wav\n  bed: ding.wav\n---\nSome words.\n"));
    pcast_post *dpost = de.post;
    if (de.plan) {
        pcast_render_config cfg = pcast_render_config_init();
        cfg.music = pcast_post_music(dpost);
        cfg.output_path = out;
        CHECK_INT(pcast_render(dpost, de.cast, de.plan, &cfg, &de.tl, &err), PCAST_OK);
        CHECK(de.tl && pcast_timeline_get(de.tl, 0)->start_frames ==
                           (uint64_t)pcast_plan_clip(de.plan, 0)->pause_before_ms * 22050 / 1000);
        pcast_loudness l;
        CHECK_INT(pcast_measure_loudness(out, &l, &err), PCAST_OK);
        CHECK(l.true_peak_dbtp <= -1.0);
    }
    episode_free(&de);
    unlink(out);
    unlink(ding);
    unlink(post_path);
    unlink(silent);
    unlink(theme);
    unlink(bed);

    /* front matter that is not music */
    const char *wrong[] = {"music: [a, b]\n", "music:\n  duck: loud\n", "music:\n  colour: red\n",
                           "music:\n  under: guests\n", "music:\n  fade: -1\n",
                           "music:\n  intro: {a: b}\n"};
    for (size_t k = 0; k < sizeof wrong / sizeof *wrong; k++) {
        char text[300];
        snprintf(text, sizeof text, "---\n%s---\nWords.\n", wrong[k]);
        pcast_post *post = NULL;
        CHECK_INT(pcast_post_parse("w.md", text, strlen(text), NULL, &post, &err), PCAST_ERR_INPUT);
        CHECK(err.line >= 2 && err.column >= 1 && strstr(err.message, "music"));
        pcast_post_free(post);
    }
    /* null or empty: none */
    const char *none[] = {"music: ~\n", "music: null\n", "music: {intro: '', bed: ~}\n"};
    for (size_t k = 0; k < sizeof none / sizeof *none; k++) {
        char text[300];
        snprintf(text, sizeof text, "---\n%s---\nWords.\n", none[k]);
        pcast_post *post = parse(text);
        CHECK(post != NULL);
        if (post) {
            pcast_music mu = pcast_post_music(post);
            CHECK(!mu.intro && !mu.outro && !mu.bed);
        }
        pcast_post_free(post);
    }
    /* one file for both ends */
    pcast_post *post = parse("---\nmusic: jingle.ogg\n---\nWords.\n");
    CHECK(post != NULL);
    if (post) {
        pcast_music mu = pcast_post_music(post);
        CHECK_STR(mu.intro, "jingle.ogg");
        CHECK_STR(mu.outro, "jingle.ogg");
        CHECK(mu.bed == NULL);
    }
    pcast_post_free(post);
}

/* ---------- hostile input (issue 12) ---------- */

typedef struct warnings {
    int count;
    char last[1024];
    unsigned long line;
    char file[512];
} warnings;

static void on_warning(void *user, const pcast_warning *w)
{
    warnings *ws = user;
    ws->count++;
    snprintf(ws->last, sizeof ws->last, "%s", w->message);
    snprintf(ws->file, sizeof ws->file, "%s", w->file ? w->file : "");
    ws->line = w->line;
}

/* One word espeak-ng 1.51 cannot speak (it overflows its stack: the
 * worker dies, again on the retry) costs that clip only: it is spoken
 * with its long words cut, with a warning at its line, and the rest of
 * the episode is as ever. */
static void test_unspeakable_word(void)
{
    char word[161], text[1024];
    for (int i = 0; i < 80; i++)
        memcpy(word + 2 * i, "s'", 2);
    word[160] = '\0';
    snprintf(text, sizeof text,
             "---\ntitle: Crash\nlang: en\n---\nBefore the word.\n\nSay %s now.\n\nAfter the word.\n",
             word);
    char *post_path = path_in(tmp_dir, "crash.md");
    episode e = {0};
    CHECK(episode_write(&e, post_path, text));
    warnings ws = {0};
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = path_in(tmp_dir, "crash.wav");
    cfg.no_cache = 1;
    cfg.warning = on_warning;
    cfg.user = &ws;
    pcast_error err;
    pcast_status st = e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, &e.tl, &err) : PCAST_ERR_ARGUMENT;
    CHECK_INT(st, PCAST_OK);
    if (st)
        fprintf(stderr, "unspeakable: %s\n", err.message);
    CHECK(ws.count >= 1);
    CHECK_INT(ws.line, 7);
    CHECK(strstr(ws.file, "crash.md") != NULL);
    CHECK(strstr(ws.last, "long words cut") != NULL);
    for (size_t i = 0; e.tl && i < pcast_timeline_count(e.tl); i++)
        CHECK(pcast_timeline_get(e.tl, i)->clip_frames > 0);
    unlink(cfg.output_path);
    unlink(post_path);
    episode_free(&e);
}

/* Control bytes in front matter scalars are text, never engine commands:
 * a title with \x01 + "200A" (espeak-ng: loudness 200) sounds exactly as
 * with a space there. */
static void test_control_bytes(void)
{
    const char *posts[2] = {"---\ntitle: \"Loud\\x01200A and \\x0180S fast\"\nlang: en\n---\nWords.\n",
                            "---\ntitle: \"Loud 200A and 80S fast\"\nlang: en\n---\nWords.\n"};
    short *pcm[2] = {NULL, NULL};
    SF_INFO info[2];
    for (int k = 0; k < 2; k++) {
        episode e = {0};
        char *post_path = path_in(tmp_dir, "ctl.md");
        char *out = path_in(tmp_dir, k ? "ctl1.wav" : "ctl0.wav");
        CHECK(episode_write(&e, post_path, posts[k]));
        pcast_render_config cfg = pcast_render_config_init();
        cfg.output_path = out;
        cfg.no_cache = 1;
        pcast_error err;
        CHECK_INT(e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, NULL, &err) : 1, PCAST_OK);
        pcm[k] = read_all(out, &info[k]);
        unlink(out);
        unlink(post_path);
        episode_free(&e);
    }
    CHECK(pcm[0] && pcm[1] && info[0].frames == info[1].frames &&
          !memcmp(pcm[0], pcm[1], (size_t)info[0].frames * sizeof *pcm[0]));
    free(pcm[0]);
    free(pcm[1]);
}

/* A lang of 2 MB (pcast_say, as `voices --say X --lang ...`) is hashed
 * into the clip key whole: it crashed reading past a stack buffer. */
static void test_huge_lang(void)
{
    size_t n = 2u << 20;
    char *lang = malloc(n + 1);
    if (!lang)
        return;
    memset(lang, 'x', n);
    lang[n] = '\0';
    pcast_voices *v = NULL;
    pcast_error err;
    CHECK_INT(pcast_voices_load(NULL, 0, &v, &err), PCAST_OK);
    const pcast_voice *voice = v ? pcast_voices_find(v, "narrator") : NULL;
    CHECK(voice != NULL);
    char *out = path_in(tmp_dir, "lang.wav");
    if (voice)
        CHECK_INT(pcast_say(voice, "Hello there.", lang, out, &err), PCAST_OK);
    unlink(out);
    pcast_voices_free(v);
    free(lang);
}

/* music: in front matter may not reach outside the post's folder
 * (absolute, "..", a symbolic link out) unless the caller allows it;
 * the error points at the key. */
static void test_music_outside(void)
{
    char dir[300], sub[320], cmd[800];
    snprintf(dir, sizeof dir, "%s/mo", tmp_dir);
    snprintf(sub, sizeof sub, "%s/post", dir);
    mkdir(dir, 0700);
    mkdir(sub, 0700);
    char *tone = path_in(dir, "tone.wav");
    CHECK(write_tone(tone, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 2.0, 0.3));
    CHECK(symlink("../tone.wav", path_in(sub, "link.wav")) == 0);
    CHECK(write_tone(path_in(sub, "inside.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 2.0, 0.3));
    char abs[600];
    snprintf(abs, sizeof abs, "  intro: %s\n", tone);
    const char *cases[][2] = {
        {"  intro: ../tone.wav\n", "4:10"}, {abs, "4:10"}, {"  bed: link.wav\n", "4:8"},
        {"  bed: ../post/../tone.wav\n", "4:8"}, {"  intro: inside.wav\n", NULL},
        {"  intro: sub/../inside.wav\n", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        for (int allow = 0; allow < 2; allow++) {
            char text[1024];
            snprintf(text, sizeof text, "---\ntitle: M\nmusic:\n%s---\nSome words.\n", cases[k][0]);
            episode e = {0};
            char *post_path = path_in(sub, "m.md");
            CHECK(episode_write(&e, post_path, text));
            pcast_render_config cfg = pcast_render_config_init();
            cfg.engine = "fake";
            cfg.no_cache = 1;
            cfg.output_path = path_in(dir, "m.wav");
            cfg.music = pcast_post_music(e.post);
            cfg.allow_music_outside = allow;
            pcast_error err;
            pcast_status st = e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, NULL, &err) : 1;
            bool refused = cases[k][1] && !allow;
            bool inside_missing = k == 5; /* sub/ does not exist: missing either way */
            if (refused) {
                char where[64];
                snprintf(where, sizeof where, "%lu:%lu", err.line, err.column);
                CHECK_INT(st, PCAST_ERR_INPUT);
                CHECK_STR(where, cases[k][1]);
                CHECK(strstr(err.message, "outside the post's folder") != NULL);
            } else if (inside_missing) {
                CHECK_INT(st, PCAST_ERR_INPUT);
                CHECK(strstr(err.message, "No such file") != NULL);
            } else {
                CHECK_INT(st, PCAST_OK);
                if (st)
                    fprintf(stderr, "music %zu: %s\n", k, err.message);
            }
            unlink(cfg.output_path);
            episode_free(&e);
        }
    }
    snprintf(cmd, sizeof cmd, "rm -r '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* The same with the fake engine (it fails on words over 100 bytes): no
 * espeak-ng, and the calibration too: a voice first heard in a failing
 * clip is measured on its own passage. */
static void test_unspeakable_fake(void)
{
    char word[121], text[1024];
    memset(word, 'k', 120);
    word[120] = '\0';
    snprintf(text, sizeof text, "---\ntitle: T\nlang: en\n---\nOne.\n\n**Ann**: Two %s three.\n", word);
    char *post_path = path_in(tmp_dir, "fake-crash.md");
    episode e = {0};
    CHECK(episode_write(&e, post_path, text));
    warnings ws = {0};
    pcast_render_config cfg = pcast_render_config_init();
    cfg.engine = "fake";
    cfg.output_path = path_in(tmp_dir, "fake-crash.wav");
    cfg.no_cache = 1;
    cfg.warning = on_warning;
    cfg.user = &ws;
    pcast_error err;
    CHECK_INT(e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, &e.tl, &err) : 1, PCAST_OK);
    CHECK_INT(ws.count, 2); /* the retry in pieces, then its success */
    CHECK_INT(ws.line, 7);
    CHECK_STR(ws.last, "spoken with its long words cut");
    CHECK(e.tl && pcast_timeline_count(e.tl) == 3 && pcast_timeline_get(e.tl, 2)->clip_frames > 0);
    unlink(cfg.output_path);
    unlink(post_path);
    episode_free(&e);
}

/* An unknown engine is refused by name; the fake engine needs no
 * espeak-ng and is deterministic. */
static void test_engines(void)
{
    episode e = {0};
    CHECK(episode_setup(&e, load_example("interview-en")));
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = path_in(tmp_dir, "eng.wav");
    cfg.no_cache = 1;
    cfg.engine = "festival";
    pcast_error err;
    CHECK_INT(e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, NULL, &err) : 0, PCAST_ERR_ARGUMENT);
    CHECK(strstr(err.message, "unknown engine 'festival'") != NULL);
    CHECK(access(cfg.output_path, F_OK) != 0);
    cfg.engine = "fake";
    CHECK_INT(e.plan ? pcast_render(e.post, e.cast, e.plan, &cfg, NULL, &err) : 1, PCAST_OK);
    unlink(cfg.output_path);
    episode_free(&e);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_render SOURCE_DIR CORPUS_POST\n");
        return 2;
    }
    src_dir = argv[1];
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/postcast-test-XXXXXX");
    if (!mkdtemp(tmp_dir))
        return 1;
    /* a private clip cache, removed at the end */
    char xdg[300];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp_dir);
    setenv("XDG_CACHE_HOME", xdg, 1);
    test_run_splitter();
    test_pauses();
    test_cast();
    test_voice_files();
    test_example_episode();
    test_jobs_identical();
    test_cache();
    test_preview_matches_render();
    test_sidecars();
    test_loudness_meter();
    test_episode_loudness();
    test_script_loudness();
    test_media_not_a_file();
    test_mp3();
    test_stereo();
    test_rate();
    test_opus();
    test_music();
    test_wav_title_lengths();
    test_many_chapters();
    test_two_voices_differ();
    test_output_failures();
    test_unspeakable_word();
    test_control_bytes();
    test_huge_lang();
    test_music_outside();
    test_engines();
    test_unspeakable_fake();
    test_corpus_runs(argv[2]);
    test_corpus_render(argv[2]);
    const char *names[] = {"zh.wav", "zh.flac", "zh3.flac", "a.wav", "b.wav", "cast.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(path_in(tmp_dir, names[i]));
    pcast_error err;
    CHECK_INT(pcast_cache_clear(NULL, &err), PCAST_OK);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -r '%s/xdg'", tmp_dir);
    CHECK(system(cmd) == 0);
    /* nothing else may be left: no temporary files from any render */
    if (rmdir(tmp_dir) != 0) {
        check_failures++;
        snprintf(cmd, sizeof cmd, "ls -la '%s' >&2", tmp_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot list %s\n", tmp_dir);
    }
    return CHECK_RESULT();
}
