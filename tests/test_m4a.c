/* The M4A writer and reader (src/m4a.c) against a synthetic speech-like
 * signal at the podcast loudness targets, read back by independent
 * readers: ffprobe (chapters, cover, length), ffmpeg (decoded samples,
 * measured with libebur128) and mutagen (chapters, cover), for mono and
 * stereo at 22.05 and 44.1 kHz; then the same checks on episodes the CLI
 * renders to .m4a (espeak-ng; 300 chapters with the fake engine).
 * Usage: test_m4a PYTHON3-WITH-MUTAGEN [POSTCAST-CLI SOURCE-DIR] */
#include "check.h"

#include "language.h"
#include "m4a.h"
#include "mp4read.h"

#include <ebur128.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHAPTERS 300
#define SECONDS 30
#define LONG_TITLE_BYTES 250

static char dir[] = "/tmp/test_m4a.XXXXXX";
static const char *python = "/usr/bin/python3";
static char *titles[CHAPTERS];
static uint64_t starts[CHAPTERS];

static double measure_lufs(const float *f, unsigned rate, unsigned ch, size_t frames)
{
    ebur128_state *st = ebur128_init(ch, rate, EBUR128_MODE_I);
    ebur128_add_frames_float(st, f, frames);
    double lufs;
    ebur128_loudness_global(st, &lufs);
    ebur128_destroy(&st);
    return lufs;
}

/* Syllable-like bursts of a voiced harmonic tone with pauses, at
 * target_lufs (measured here with libebur128), and every 3 s a 30 ms
 * plosive-like click whose sample peak is at the mixer's ceiling, -1.5
 * dBFS: the codec must not push it past -1 dBTP. */
static int16_t *make_signal(unsigned rate, unsigned ch, size_t frames, double target_lufs)
{
    float *f = malloc(frames * ch * sizeof *f);
    int16_t *s = malloc(frames * ch * sizeof *s);
    if (!f || !s)
        abort();
    for (size_t i = 0; i < frames; i++) {
        double t = (double)i / rate;
        double f0 = 140.0 + 30.0 * sin(2 * M_PI * 0.7 * t);
        double env = fmax(0.0, sin(2 * M_PI * 3.5 * t)) * (fmod(t, 4.0) < 3.2 ? 1.0 : 0.0);
        double x = 0;
        for (int h = 1; h <= 12; h++)
            x += sin(2 * M_PI * f0 * h * t + h) / h;
        for (unsigned c = 0; c < ch; c++)
            f[i * ch + c] = (float)(x * env * (c ? 0.8 : 1.0));
    }
    const double ceiling = pow(10.0, -1.5 / 20.0);
    double gain = pow(10.0, (target_lufs - measure_lufs(f, rate, ch, frames)) / 20.0);
    size_t click = rate * 3 / 100;
    for (size_t at = rate; at + click < frames; at += 3 * (size_t)rate)
        for (size_t i = 0; i < click; i++) {
            double t = (double)i / rate;
            double w = 0.5 - 0.5 * cos(2 * M_PI * (double)i / (double)click);
            double x = w * (0.6 * sin(2 * M_PI * 180 * t) + 0.4 * sin(2 * M_PI * 2300 * t + 1));
            for (unsigned c = 0; c < ch; c++)
                f[(at + i) * ch + c] = (float)(x * ceiling / gain);
        }
    gain = pow(10.0, (target_lufs - measure_lufs(f, rate, ch, frames)) / 20.0);
    double peak = 0;
    for (size_t i = 0; i < frames * ch; i++)
        peak = fmax(peak, fabs(f[i] * gain));
    if (peak > ceiling)
        gain *= ceiling / peak;
    for (size_t i = 0; i < frames * ch; i++)
        s[i] = (int16_t)lrint(f[i] * gain * 32767.0);
    free(f);
    fprintf(stderr, "  input: %u ch %u Hz, sample peak %.2f dBFS\n", ch, rate,
            20 * log10(peak > ceiling ? ceiling : peak));
    return s;
}

static void make_titles(void)
{
    /* 83 three-byte characters and one ASCII letter: 250 bytes */
    char *t = malloc(LONG_TITLE_BYTES + 1);
    size_t n = 0;
    while (n + 3 <= LONG_TITLE_BYTES - 1) {
        memcpy(t + n, "\xe7\xab\xa0", 3); /* 章 */
        n += 3;
    }
    t[n++] = 'Z';
    t[n] = '\0';
    titles[0] = t;
    for (int i = 1; i < CHAPTERS; i++) {
        titles[i] = malloc(32);
        snprintf(titles[i], 32, "Chapter %d", i + 1);
    }
}

static pc_artwork cover;

static bool write_m4a(const char *path, unsigned rate, unsigned ch, const int16_t *pcm,
                      size_t frames)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return false;
    pc_m4a_config cfg;
    pc_m4a_config_init(&cfg);
    cfg.rate_hz = rate;
    cfg.channels = ch;
    cfg.title = "Synthetic episode";
    cfg.artist = "Ava Author";
    cfg.album = "The Show";
    cfg.date = "2026-11-29";
    cfg.description = "A test of the M4A writer.";
    cfg.copyright = "CC BY 4.0";
    cfg.language = "zho";
    cfg.episode = 7;
    cfg.season = 2;
    cfg.podcast = true;
    cfg.cover = &cover;
    cfg.advisory = 2;
    cfg.faststart = rate == 44100; /* both layouts */
    pcast_error err = {0};
    pc_m4a *w;
    if (pc_m4a_open(&w, fd, path, &cfg, &err)) {
        fprintf(stderr, "open: %s\n", err.message);
        return false;
    }
    /* odd-sized writes, as clips come */
    for (size_t at = 0; at < frames;) {
        size_t n = 777 + at % 3001;
        if (n > frames - at)
            n = frames - at;
        if (pc_m4a_write(w, pcm + at * ch, n, &err)) {
            fprintf(stderr, "write: %s\n", err.message);
            pc_m4a_abort(w);
            return false;
        }
        at += n;
    }
    if (pc_m4a_finish(w, (const char *const *)titles, starts, CHAPTERS, &err)) {
        fprintf(stderr, "finish: %s\n", err.message);
        return false;
    }
    return true;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    *size = b ? fread(b, 1, (size_t)n, f) : 0;
    fclose(f);
    return b;
}

static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    size_t r;
    while ((r = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += r;
        if (len + 1 == cap)
            out = realloc(out, cap *= 2);
    }
    out[len] = '\0';
    int status = pclose(p);
    if (status) {
        fprintf(stderr, "failed (%d): %s\n", status, cmd);
        free(out);
        return NULL;
    }
    return out;
}

/* ffprobe: every chapter title and start, the length, the cover. */
static void check_ffprobe(const char *path, unsigned rate, size_t frames)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -show_chapters -show_streams -show_format -of json '%s'", path);
    char *out = run(cmd);
    CHECK(out != NULL);
    if (!out)
        return;
    json_t *j = json_loads(out, 0, NULL);
    free(out);
    json_t *chapters = json_object_get(j, "chapters");
    CHECK_INT(json_array_size(chapters), CHAPTERS);
    size_t same = 0, near = 0;
    for (size_t i = 0; i < json_array_size(chapters) && i < CHAPTERS; i++) {
        json_t *c = json_array_get(chapters, i);
        const char *t = json_string_value(json_object_get(json_object_get(c, "tags"), "title"));
        same += t && !strcmp(t, titles[i]);
        double s = atof(json_string_value(json_object_get(c, "start_time")));
        near += fabs(s - (double)starts[i] / rate) <= 0.001;
    }
    CHECK_INT(same, CHAPTERS);
    CHECK_INT(near, CHAPTERS);
    json_t *format = json_object_get(j, "format");
    double dur = atof(json_string_value(json_object_get(format, "duration")));
    CHECK(fabs(dur - (double)frames / rate) < 0.001); /* the edit list cuts priming and padding */
    json_t *streams = json_object_get(j, "streams");
    int covers = 0, audio = 0;
    for (size_t i = 0; i < json_array_size(streams); i++) {
        json_t *s = json_array_get(streams, i);
        const char *type = json_string_value(json_object_get(s, "codec_type"));
        covers += json_integer_value(
                      json_object_get(json_object_get(s, "disposition"), "attached_pic")) == 1;
        if (type && !strcmp(type, "audio")) {
            audio++;
            CHECK_STR(json_string_value(json_object_get(s, "codec_name")), "aac");
            /* the edit list is in the movie's milliseconds: never longer,
             * at most one millisecond (of the closing pause) shorter */
            json_int_t d = json_integer_value(json_object_get(s, "duration_ts"));
            CHECK(d <= (json_int_t)frames && d + (json_int_t)(rate / 1000 + 1) >= (json_int_t)frames);
        }
    }
    CHECK_INT(covers, 1);
    CHECK_INT(audio, 1);
    json_t *tags = json_object_get(format, "tags");
    CHECK_STR(json_string_value(json_object_get(tags, "title")), "Synthetic episode");
    CHECK_STR(json_string_value(json_object_get(tags, "artist")), "Ava Author");
    CHECK_STR(json_string_value(json_object_get(tags, "album")), "The Show");
    CHECK_STR(json_string_value(json_object_get(tags, "description")), "A test of the M4A writer.");
    json_decref(j);
}

/* ffmpeg decodes; libebur128 measures the decoded samples. */
static void check_decoded(const char *path, unsigned rate, unsigned ch, uint64_t frames,
                          double target_lufs)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -f s16le -ac %u -ar %u -", path, ch, rate);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p)
        return;
    ebur128_state *st = ebur128_init(ch, rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    int16_t buf[4096];
    size_t got, decoded = 0;
    while ((got = fread(buf, sizeof *buf * ch, sizeof buf / sizeof *buf / ch, p)) > 0) {
        ebur128_add_frames_short(st, buf, got);
        decoded += got;
    }
    CHECK_INT(pclose(p), 0);
    double lufs, tp = 0, peak;
    ebur128_loudness_global(st, &lufs);
    for (unsigned c = 0; c < ch; c++) {
        ebur128_true_peak(st, c, &peak);
        tp = fmax(tp, peak);
    }
    ebur128_destroy(&st);
    double tp_db = 20 * log10(tp);
    fprintf(stderr, "  %s: %u ch %u Hz: %.2f LUFS, %.2f dBTP, %zu frames decoded of %llu\n",
            strrchr(path, '/') + 1, ch, rate, lufs, tp_db, decoded, (unsigned long long)frames);
    CHECK(fabs(lufs - target_lufs) <= 0.5);
    CHECK(tp_db <= -1.0);
    /* FFmpeg 5.1 cuts the priming but plays the last block's padding */
    CHECK(decoded >= frames && decoded < frames + 1024);
}

static void check_mutagen(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys, mutagen.mp4 as m; f = m.MP4(sys.argv[1]); "
             "print(len(f.chapters), len(f.chapters[0].title.encode()), "
             "f.chapters[1].title, len(f[\"covr\"]), f[\"\\xa9alb\"][0], f[\"tvsn\"][0], "
             "f[\"tves\"][0], f[\"stik\"][0], f[\"rtng\"][0], f[\"pcst\"])' '%s'",
             python, path);
    char *out = run(cmd);
    CHECK(out != NULL);
    if (!out)
        return;
    /* a Nero chpl holds at most 255 chapters (its count is one byte) */
    CHECK_STR(out, "255 250 Chapter 2 1 The Show 2 7 21 2 True\n");
    free(out);
}

typedef struct readback {
    unsigned rate, ch;
    uint64_t frames;
    size_t n, same, near;
    bool cover, lang, advisory, episode, season, title;
} readback;

static bool rb_layout(void *ctx, unsigned rate, unsigned ch, uint64_t frames)
{
    readback *r = ctx;
    r->rate = rate;
    r->ch = ch;
    r->frames = frames;
    return true;
}

static bool rb_tag(void *ctx, const char *key, const char *value)
{
    readback *r = ctx;
    r->cover |= !strcmp(key, "COVER") && !strncmp(value, "image/png", 9);
    r->lang |= !strcmp(key, "LANGUAGE") && !strcmp(value, "zho");
    r->advisory |= !strcmp(key, "ADVISORY") && !strcmp(value, "clean");
    r->episode |= !strcmp(key, "EPISODE") && !strcmp(value, "7");
    r->season |= !strcmp(key, "SEASON") && !strcmp(value, "2");
    r->title |= !strcmp(key, "TITLE") && !strcmp(value, "Synthetic episode");
    return true;
}

static bool rb_chapter(void *ctx, uint64_t at, const char *title)
{
    readback *r = ctx;
    if (r->n < CHAPTERS) {
        r->same += !strcmp(title, titles[r->n]);
        r->near += llabs((long long)at - (long long)starts[r->n]) <= r->rate / 1000 + 1;
    }
    r->n++;
    return true;
}

static pcast_status read_file(const char *path, readback *r, pcast_error *err)
{
    pc_mp4_visitor v = {rb_layout, rb_tag, rb_chapter};
    FILE *f = fopen(path, "rb");
    if (!f)
        return PCAST_ERR_IO;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    pcast_status st = pc_mp4_read(f, (uint64_t)size, path, &v, r, err);
    fclose(f);
    return st;
}

static void check_reader(const char *path, unsigned rate, unsigned ch, size_t frames)
{
    readback r = {0};
    pcast_error err = {0};
    CHECK_INT(read_file(path, &r, &err), PCAST_OK);
    CHECK_INT(r.rate, rate);
    CHECK_INT(r.ch, ch);
    CHECK(r.frames <= frames && r.frames + rate / 1000 + 1 >= frames); /* as above */
    CHECK_INT(r.n, CHAPTERS);
    CHECK_INT(r.same, CHAPTERS);
    CHECK_INT(r.near, CHAPTERS);
    CHECK(r.cover);
    CHECK(r.lang);
    CHECK(r.advisory);
    CHECK(r.episode);
    CHECK(r.season);
    CHECK(r.title);
}

static void one(unsigned rate, unsigned ch)
{
    size_t frames = (size_t)rate * SECONDS + 333; /* not a whole AAC block */
    double target = ch == 2 ? -16.0 : -19.0;
    for (int i = 0; i < CHAPTERS; i++)
        starts[i] = (uint64_t)i * (frames / CHAPTERS);
    int16_t *pcm = make_signal(rate, ch, frames, target);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/a-%u-%u.m4a", dir, ch, rate);
    snprintf(b, sizeof b, "%s/b-%u-%u.m4a", dir, ch, rate);
    CHECK(write_m4a(a, rate, ch, pcm, frames));
    CHECK(write_m4a(b, rate, ch, pcm, frames));
    size_t na = 0, nb = 0;
    unsigned char *ba = slurp(a, &na), *bb = slurp(b, &nb);
    CHECK(ba && bb && na > 1000 && na == nb && !memcmp(ba, bb, na));
    /* fast start: the index (moov) right after ftyp, before the audio */
    if (ba && na > 64)
        CHECK_INT(!memcmp(ba + be32(ba) + 4, "moov", 4), rate == 44100);
    free(ba);
    free(bb);
    check_ffprobe(a, rate, frames);
    check_decoded(a, rate, ch, frames, target);
    check_mutagen(a);
    check_reader(a, rate, ch, frames);
    free(pcm);
}

static void check_errors(void)
{
    pcast_error err = {0};
    pc_m4a *w = NULL;
    pc_m4a_config cfg;
    pc_m4a_config_init(&cfg);
    cfg.channels = 3;
    int fd = open("/dev/null", O_RDWR);
    CHECK_INT(pc_m4a_open(&w, fd, "x.m4a", &cfg, &err), PCAST_ERR_ARGUMENT);
    CHECK(w == NULL);
    readback r = {0};
    CHECK(read_file("/nonexistent.m4a", &r, &err) != PCAST_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/not.m4a", dir);
    FILE *f = fopen(path, "w");
    fputs("not an mp4 file at all", f);
    fclose(f);
    CHECK_INT(read_file(path, &r, &err), PCAST_ERR_FORMAT);
}

/* Image facts and Apple's rule, from images ffmpeg makes. */
static void check_artwork(void)
{
    static const struct {
        const char *name, *args;
        unsigned w, h;
        bool apple;
        const char *why;
    } cases[] = {
        {"ok.jpg", "color=c=red:s=1400x1400", 1400, 1400, true, NULL},
        {"ok.png", "color=c=red:s=3000x3000 -pix_fmt rgb24", 3000, 3000, true, NULL},
        {"small.png", "color=c=red:s=800x600 -pix_fmt rgb24", 800, 600, false,
         "is 800 x 600 pixels: it must be square, 1400 to 3000 pixels a side"},
        {"gray.png", "color=c=gray:s=1400x1400 -pix_fmt gray", 1400, 1400, false,
         "is grayscale: it must be RGB colour"},
        {"big.jpg", "color=c=red:s=3200x3200", 3200, 3200, false,
         "is 3200 x 3200 pixels: it must be square, 1400 to 3000 pixels a side"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[128], cmd[512];
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
        snprintf(cmd, sizeof cmd, "ffmpeg -v error -f lavfi -i %s -frames:v 1 '%s'", cases[i].args,
                 path);
        char *ok = run(cmd);
        free(ok);
        pc_artwork a;
        pcast_error err = {0};
        CHECK_INT(pc_artwork_load(&a, path, &err), PCAST_OK);
        CHECK_INT(a.width_px, cases[i].w);
        CHECK_INT(a.height_px, cases[i].h);
        char why[256] = "";
        CHECK_INT(pc_artwork_apple_check(&a, why, sizeof why), cases[i].apple);
        if (cases[i].why)
            CHECK_STR(why, cases[i].why);
        pc_artwork_free(&a);
    }
    pc_artwork a;
    pcast_error err = {0};
    CHECK_INT(pc_artwork_from_bytes(&a, (const unsigned char *)"GIF89a", 6, "x.gif", &err),
              PCAST_ERR_INPUT);
    CHECK(strstr(err.message, "JPEG or PNG") != NULL);
    /* a cut-off PNG is refused, not embedded */
    CHECK_INT(pc_artwork_from_bytes(&a, cover.bytes, 40, "cut.png", &err), PCAST_ERR_INPUT);
}

static void check_language(void)
{
    static const char *const cases[][2] = {
        {"en", "eng"},    {"zh-TW", "zho"}, {"zh_Hant", "zho"}, {"DE", "deu"},
        {"ger", "deu"},   {"fra", "fra"},   {"chi", "zho"},     {"", "und"},
        {"x-klingon", "und"}, {"qq", "und"}, {"english", "und"}, {"e1", "und"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char code[4];
        bool ok = pc_language_iso639_2(cases[i][0], code);
        CHECK_STR(code, cases[i][1]);
        CHECK_INT(ok, strcmp(cases[i][1], "und") != 0);
    }
    char code[4];
    CHECK(!pc_language_iso639_2(NULL, code));
}

static void render(const char *cli, const char *post, const char *args, const char *out)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' render '%s' %s -q -o '%s'", cli, post, args, out);
    char *r = run(cmd);
    CHECK(r != NULL);
    free(r);
}

/* An episode rendered twice: the same bytes, on target, every chapter
 * `postcast chapters` lists seen by ffprobe too. */
static void check_render(const char *cli, const char *src, const char *args, unsigned ch,
                         unsigned rate)
{
    char post[512], a[256], b[256];
    snprintf(post, sizeof post, "%s/examples/interview-en.md", src);
    snprintf(a, sizeof a, "%s/ra-%u-%u.m4a", dir, ch, rate);
    snprintf(b, sizeof b, "%s/rb-%u-%u.m4a", dir, ch, rate);
    render(cli, post, args, a);
    render(cli, post, args, b);
    size_t na = 0, nb = 0;
    unsigned char *ba = slurp(a, &na), *bb = slurp(b, &nb);
    CHECK(ba && bb && na > 1000 && na == nb && !memcmp(ba, bb, na));
    free(ba);
    free(bb);
    readback r = {0};
    pcast_error err = {0};
    CHECK_INT(read_file(a, &r, &err), PCAST_OK);
    CHECK_INT(r.rate, rate);
    CHECK_INT(r.ch, ch);
    CHECK_INT(r.n, 2);
    check_decoded(a, rate, ch, r.frames, ch == 2 ? -16.0 : -19.0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' chapters '%s'", cli, a);
    char *out = run(cmd);
    CHECK(out && strstr(out, "M4A") && strstr(out, "Storms"));
    free(out);
    snprintf(cmd, sizeof cmd, "ffprobe -v error -show_chapters -of csv=p=0 '%s'", a);
    out = run(cmd);
    CHECK(out && strstr(out, "Night Shift: a conversation with a lighthouse keeper") &&
          strstr(out, "Storms"));
    free(out);
}

/* 300 sections, the first titled with 250 bytes, through the fake engine. */
static void check_many_chapters(const char *cli)
{
    char post[256], m4a[256];
    snprintf(post, sizeof post, "%s/many.md", dir);
    snprintf(m4a, sizeof m4a, "%s/many.m4a", dir);
    FILE *f = fopen(post, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "---\ntitle: Many chapters\n---\n\n");
    for (int i = 0; i < CHAPTERS; i++)
        fprintf(f, "# %s\n\nWords of section %d.\n\n", titles[i], i + 1);
    fclose(f);
    render(cli, post, "--engine fake", m4a);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -show_chapters -of json '%s'", m4a);
    char *out = run(cmd);
    json_t *j = out ? json_loads(out, 0, NULL) : NULL;
    free(out);
    json_t *chapters = json_object_get(j, "chapters");
    size_t seen = 0, n = json_array_size(chapters);
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(
            json_object_get(json_object_get(json_array_get(chapters, i), "tags"), "title"));
        for (int k = 0; t && k < CHAPTERS; k++)
            if (!strcmp(t, titles[k])) {
                seen++;
                break;
            }
    }
    fprintf(stderr, "  many.m4a: ffprobe lists %zu chapters, %zu of the %d titles\n", n, seen,
            CHAPTERS);
    CHECK_INT(seen, CHAPTERS);
    json_decref(j);
}

/* Front matter podcast keys and cover art, with --meta over them, in every
 * file container: ffprobe sees each cover, mutagen the M4A's tags. */
static void check_tags(const char *cli, const char *src)
{
    char post[256], cmd[1024];
    snprintf(post, sizeof post, "%s/tagged.md", dir);
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -f lavfi -i color=c=0x224466:s=1400x1400 -frames:v 1 '%s/cover.jpg' && "
             "sed -e 's/^title: /image: cover.jpg\\nauthor: Maya Okafor\\npodcast: Night Shift\\n"
             "episode: 3\\nseason: 1\\nexplicit: no\\ntitle: /' '%s/examples/interview-en.md' > '%s'",
             dir, src, post);
    char *ok = run(cmd);
    CHECK(ok != NULL);
    free(ok);
    static const char *const exts[] = {"m4a", "mp3", "flac", "opus"};
    for (size_t i = 0; i < 4; i++) {
        char out[256];
        snprintf(out, sizeof out, "%s/tagged.%s", dir, exts[i]);
        render(cli, post, "--engine fake --meta season=2", out);
        snprintf(cmd, sizeof cmd,
                 "ffprobe -v error -show_entries stream_disposition=attached_pic -of csv=p=0 '%s'",
                 out);
        char *r = run(cmd);
        CHECK(r && strstr(r, "1"));
        if (!r || !strstr(r, "1"))
            fprintf(stderr, "  no cover seen by ffprobe in %s\n", out);
        free(r);
    }
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys, mutagen.mp4 as m; f = m.MP4(sys.argv[1]); "
             "print(f[\"\\xa9ART\"][0], f[\"\\xa9alb\"][0], f[\"tves\"][0], f[\"tvsn\"][0], "
             "f[\"rtng\"][0], len(f[\"covr\"]))' '%s/tagged.m4a'",
             python, dir);
    char *r = run(cmd);
    CHECK_STR(r, "Maya Okafor Night Shift 3 2 2 1\n");
    free(r);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        python = argv[1];
    if (!mkdtemp(dir))
        return 1;
    make_titles();
    char cmd[256], cover_path[128];
    snprintf(cover_path, sizeof cover_path, "%s/cover.png", dir);
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -f lavfi -i color=c=0x336699:s=64x64 -frames:v 1 '%s'", cover_path);
    char *ok = run(cmd);
    CHECK(ok != NULL);
    free(ok);
    pcast_error err = {0};
    CHECK_INT(pc_artwork_load(&cover, cover_path, &err), PCAST_OK);
    CHECK_STR(cover.mime, "image/png");
    CHECK_INT(cover.width_px, 64);
    CHECK_INT(cover.height_px, 64);
    check_artwork();

    one(22050, 1);
    one(44100, 1);
    one(22050, 2);
    one(44100, 2);
    check_errors();
    check_language();
    if (argc > 3) {
        check_render(argv[2], argv[3], "", 1, 22050);
        check_render(argv[2], argv[3], "--rate 44100", 1, 44100);
        check_render(argv[2], argv[3], "--stereo", 2, 22050);
        check_render(argv[2], argv[3], "--stereo --rate 44100", 2, 44100);
        check_many_chapters(argv[2]);
        check_tags(argv[2], argv[3]);
    }

    pc_artwork_free(&cover);
    for (int i = 0; i < CHAPTERS; i++)
        free(titles[i]);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd))
        return 1;
    return CHECK_RESULT();
}
