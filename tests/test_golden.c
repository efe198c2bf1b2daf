/* Golden renders with the fake engine (pcast_render_config.engine =
 * "fake": a tone per syllable, no espeak-ng, the same samples on every
 * machine). Each example post is rendered as
 *   mono.wav         mono WAV at the engine's 22050 Hz,
 *   stereo44k.flac   stereo FLAC resampled to 44100 Hz,
 *   section1.wav     a preview of section 1 (a span: no chapters),
 *   mono48k.wav      mono resampled to 48000 Hz (offsets that round),
 * with the post's own music (blog-post.md has an intro, outro and bed),
 * and every outcome that timing, pauses, gains, limiting, resampling or a
 * writer decide is compared with tests/golden/POST.VARIANT.txt: the
 * xxh64 of the file's bytes and of its decoded PCM, its rate, channels
 * and frames, the timeline's total and chapter offsets, and the chapters
 * read back from the file. Any difference fails.
 *
 * usage: test_golden SOURCE_DIR POST.md
 * To re-record after a change that means to alter the sound (say so in
 * the commit): POSTCAST_GOLDEN_RECORD=1 ctest -R golden
 * (or run test_golden with that variable set); it rewrites the .txt files
 * in the source tree. */
#include "check.h"

#include <postcast/postcast.h>

#include <sndfile.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

typedef struct variant {
    const char *name;   /* also the file's extension */
    int stereo;
    unsigned rate;
    int span;           /* section 1 only */
} variant;

static const variant variants[] = {
    {"mono.wav", 0, 0, 0},
    {"stereo44k.flac", 1, 44100, 0},
    {"section1.wav", 0, 0, 1},
    {"mono48k.wav", 0, 48000, 0}, /* a ratio that rounds */
};

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[2048];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t k = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (t->len + k + 1 > t->cap) {
        t->cap = (t->len + k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->len, line, k + 1);
    t->len += k;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *b = malloc(cap + 1);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(b, cap + 1);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    *size = n;
    return b;
}

/* What the file holds: bytes, PCM, chapters. */
static void describe_file(text *t, const char *path)
{
    size_t size = 0;
    char *bytes = slurp(path, &size);
    CHECK(bytes != NULL);
    add(t, "file_bytes %zu\nfile_xxh64 %016llx\n", size,
        (unsigned long long)XXH64(bytes ? bytes : "", size, 0));
    free(bytes);

    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    if (sf) {
        XXH64_state_t *h = XXH64_createState();
        XXH64_reset(h, 0);
        short buf[4096];
        sf_count_t got, frames = 0;
        int peak = 0;
        while ((got = sf_readf_short(sf, buf, (sf_count_t)(4096 / info.channels))) > 0) {
            XXH64_update(h, buf, (size_t)got * (size_t)info.channels * sizeof *buf);
            for (sf_count_t i = 0; i < got * info.channels; i++)
                peak = abs(buf[i]) > peak ? abs(buf[i]) : peak;
            frames += got;
        }
        add(t, "rate %d\nchannels %d\nframes %lld\npeak %d\npcm_xxh64 %016llx\n", info.samplerate,
            info.channels, (long long)frames, peak, (unsigned long long)XXH64_digest(h));
        XXH64_freeState(h);
        sf_close(sf);
    }
    pcast_media *m = NULL;
    pcast_error err;
    CHECK_INT(pcast_media_open(path, &m, &err), PCAST_OK);
    for (size_t i = 0; m && i < pcast_media_chapter_count(m); i++) {
        const pcast_chapter *c = pcast_media_chapter(m, i);
        add(t, "file_chapter %zu %llu %s\n", i, (unsigned long long)c->start_frames, c->title);
    }
    pcast_media_free(m);
}

/* Renders post as v into dir and describes the outcome. */
static double render(text *t, const char *post_path, const variant *v, const char *dir)
{
    pcast_error err;
    pcast_post *post = NULL;
    pcast_voices *voices = NULL;
    pcast_cast *cast = NULL;
    pcast_plan *plan = NULL;
    pcast_timeline *tl = NULL;
    char out[4096];
    snprintf(out, sizeof out, "%s/episode.%s", dir, strchr(v->name, '.') + 1);
    CHECK_INT(pcast_post_load(post_path, NULL, &post, &err), PCAST_OK);
    CHECK_INT(pcast_voices_load(NULL, 0, &voices, &err), PCAST_OK);
    if (!post || !voices || pcast_cast_new(post, voices, &cast, &err) ||
        pcast_plan_new(post, NULL, &plan, &err)) {
        CHECK(!"the post loads");
        goto done;
    }
    pcast_render_config cfg = pcast_render_config_init();
    cfg.engine = "fake";
    cfg.output_path = out;
    cfg.stereo = v->stereo;
    cfg.rate = v->rate;
    cfg.no_cache = 1;
    cfg.jobs = 1;
    cfg.music = pcast_post_music(post);
    if (v->span)
        CHECK_INT(pcast_plan_span(plan, 1, SIZE_MAX, &cfg.first_clip, &cfg.clip_count), PCAST_OK);
    pcast_status st = pcast_render(post, cast, plan, &cfg, &tl, &err);
    CHECK_INT(st, PCAST_OK);
    if (st) {
        fprintf(stderr, "%s: %s:%lu: %s\n", v->name, err.file, err.line, err.message);
        goto done;
    }
    add(t, "timeline_rate %u\ntimeline_total %llu\ntimeline_clips %zu\n",
        pcast_timeline_sample_rate(tl), (unsigned long long)pcast_timeline_total_frames(tl),
        pcast_timeline_count(tl));
    XXH64_state_t *h = XXH64_createState();
    XXH64_reset(h, 0);
    for (size_t i = 0; i < pcast_timeline_count(tl); i++)
        XXH64_update(h, pcast_timeline_get(tl, i), sizeof(pcast_timeline_entry));
    add(t, "timeline_xxh64 %016llx\n", (unsigned long long)XXH64_digest(h));
    XXH64_freeState(h);
    for (size_t s = 0; !v->span && s < pcast_post_section_count(post); s++)
        add(t, "chapter %zu %llu\n", s, (unsigned long long)pcast_timeline_chapter_frames(tl, s));
    describe_file(t, out);
done:
    unlink(out);
    pcast_timeline_free(tl);
    pcast_plan_free(plan);
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(post);
    return 0;
}

/* The lines of want and got that differ, side by side. */
static void show_diff(const char *name, const char *want, const char *got)
{
    fprintf(stderr, "%s differs from this render:\n", name);
    while (*want || *got) {
        size_t a = strcspn(want, "\n"), b = strcspn(got, "\n");
        if (a != b || strncmp(want, got, a))
            fprintf(stderr, "  want: %.*s\n  got:  %.*s\n", (int)a, want, (int)b, got);
        want += a + (want[a] == '\n');
        got += b + (got[b] == '\n');
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_golden SOURCE_DIR POST.md\n");
        return 2;
    }
    const char *src = argv[1], *post = argv[2];
    bool record = getenv("POSTCAST_GOLDEN_RECORD") && *getenv("POSTCAST_GOLDEN_RECORD");
    char voices[4096];
    snprintf(voices, sizeof voices, "%s/voices", src);
    setenv("POSTCAST_VOICES_DIR", voices, 1);
    char dir[] = "/tmp/postcast-golden.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    const char *slash = strrchr(post, '/');
    char base[256];
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : post);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        text t = {0};
        add(&t, "%s", "");
        render(&t, post, &variants[i], dir);
        char golden[4096];
        snprintf(golden, sizeof golden, "%s/tests/golden/%s.%s.txt", src, base, variants[i].name);
        if (record) {
            FILE *f = fopen(golden, "w");
            CHECK(f != NULL);
            if (f) {
                fputs(t.s, f);
                fclose(f);
            }
            fprintf(stderr, "recorded %s\n", golden);
        } else {
            size_t n = 0;
            char *want = slurp(golden, &n);
            if (!want)
                fprintf(stderr, "%s: missing (record with POSTCAST_GOLDEN_RECORD=1)\n", golden);
            else if (strcmp(want, t.s))
                show_diff(golden, want, t.s);
            CHECK(want && !strcmp(want, t.s));
            free(want);
        }
        free(t.s);
    }
    rmdir(dir);
    return CHECK_RESULT();
}
