/* postcast: the command-line tool, a thin client of <postcast/postcast.h>. */
#include <postcast/postcast.h>

#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uniwidth.h>

#define EXIT_INPUT 1
#define EXIT_USAGE 2

typedef struct command {
    const char *name;
    const char *synopsis;
    const char *help;
    int (*run)(int argc, char **argv);
} command;

static const command *find_command(const char *name);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("postcast: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'postcast --help'.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static int report(const pcast_error *e)
{
    fputs("postcast: error: ", stderr);
    if (e->file[0]) {
        fputs(e->file, stderr);
        if (e->line)
            fprintf(stderr, ":%lu:%lu", e->line, e->column ? e->column : 1);
        fputs(": ", stderr);
    }
    fprintf(stderr, "%s\n", e->message[0] ? e->message : pcast_strerror(e->status));
    return e->status == PCAST_ERR_ARGUMENT ? EXIT_USAGE : EXIT_INPUT;
}

/* Options: flags may come before or after the operand; "--" ends them.
 * Each command names the options it takes. */
/* Prints s left-aligned in width terminal columns: a Han character takes
 * two, whatever its three bytes. */
static void print_padded(const char *s, int width)
{
    int w = u8_strwidth((const uint8_t *)s, "UTF-8");
    fputs(s, stdout);
    for (; w < width; w++)
        putchar(' ');
}

enum {
    O_JSON = 1 << 0, O_OUTPUT = 1 << 1, O_CAST = 1 << 2, O_VOICES = 1 << 3,
    O_PAUSE = 1 << 4, O_QUIET = 1 << 5, O_SAY = 1 << 6, O_TEXT = 1 << 7, O_LANG = 1 << 8, O_FORMAT = 1 << 9, O_JOBS = 1 << 10, O_CACHE = 1 << 11, O_TEXT_OUT = 1 << 12, O_PREVIEW = 1 << 13, O_SIDECARS = 1 << 14, O_LOUDNESS = 1 << 15, O_TARGET = 1 << 16, O_STEREO = 1 << 17, O_RATE = 1 << 18, O_MUSIC = 1 << 19
};

#define MAX_VOICE_DIRS 16

typedef struct args {
    const char *operand;
    bool json, quiet, verbose, text_out, sidecars, loudness, stereo;
    const char *output, *cast, *say, *text, *lang, *format;
    const char *voice_dirs[MAX_VOICE_DIRS];
    size_t voice_dir_count;
    pcast_pauses pauses;
    unsigned jobs;
    double target_lufs;
    unsigned rate;
    const char *cache_dir;
    bool no_cache;
    const char *section, *turn, *from_line, *driver;
    uint64_t cache_max;
    const char *intro, *outro, *bed;
    bool no_music;
    int bed_under; /* -1: as the front matter says; 0: narrator; 1: all */
} args;

static bool set_pause(pcast_pauses *p, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return false;
    char *end;
    double v = strtod(eq + 1, &end);
    if (*end || end == eq + 1 || !(v >= 0.0) || v > 600.0)
        return false;
    int ms = (int)(v * 1000.0 + 0.5);
    size_t n = (size_t)(eq - spec);
    struct { const char *name; int *slot; } kinds[] = {
        {"run", &p->run_ms}, {"sentence", &p->sentence_ms}, {"paragraph", &p->paragraph_ms},
        {"turn", &p->turn_ms}, {"section", &p->section_before_ms},
        {"section_before", &p->section_before_ms}, {"section_after", &p->section_after_ms}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strlen(kinds[i].name) == n && !strncmp(spec, kinds[i].name, n)) {
            *kinds[i].slot = ms;
            return true;
        }
    return false;
}

/* "2G", "500M", "64K", "123" (bytes) */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return false;
    uint64_t mult = 1;
    switch (*end) {
    case 'K': case 'k': mult = 1u << 10; end++; break;
    case 'M': case 'm': mult = 1u << 20; end++; break;
    case 'G': case 'g': mult = 1u << 30; end++; break;
    case 'T': case 't': mult = 1ull << 40; end++; break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v == 0 || v > UINT64_MAX / mult)
        return false;
    *out = v * mult;
    return true;
}

static int parse_args(const char *cmd, unsigned allowed, bool operand_required, int argc,
                      char **argv, args *a)
{
    static const struct { const char *name; const char *alias; unsigned flag; bool value; } opts[] = {
        {"--json", NULL, O_JSON, false},     {"--output", "-o", O_OUTPUT, true},
        {"--cast", NULL, O_CAST, true},      {"--voices", NULL, O_VOICES, true},
        {"--pause", NULL, O_PAUSE, true},    {"--quiet", "-q", O_QUIET, false},
        {"--verbose", "-v", O_QUIET, false}, {"--say", NULL, O_SAY, true},
        {"--text", NULL, O_TEXT, true},      {"--lang", NULL, O_LANG, true},
        {"--format", NULL, O_FORMAT, true},  {"--jobs", "-j", O_JOBS, true},
        {"--cache-dir", NULL, O_CACHE, true}, {"--no-cache", NULL, O_CACHE, false},
        {"--cache-max", NULL, O_CACHE, true}, {"--plain", NULL, O_TEXT_OUT, false},
        {"--section", "-s", O_PREVIEW, true}, {"--turn", "-t", O_PREVIEW, true},
        {"--from-line", NULL, O_PREVIEW, true}, {"--driver", NULL, O_PREVIEW, true},
        {"--sidecars", NULL, O_SIDECARS, false}, {"--loudness", NULL, O_LOUDNESS, false},
        {"--loudness", NULL, O_TARGET, true}, {"--stereo", NULL, O_STEREO, false},
        {"--rate", NULL, O_RATE, true},      {"--intro", NULL, O_MUSIC, true},
        {"--outro", NULL, O_MUSIC, true},    {"--bed", NULL, O_MUSIC, true},
        {"--bed-under", NULL, O_MUSIC, true}, {"--no-music", NULL, O_MUSIC, false}};
    memset(a, 0, sizeof *a);
    a->pauses.run_ms = a->pauses.sentence_ms = a->pauses.paragraph_ms = a->pauses.turn_ms = -1;
    a->pauses.section_before_ms = a->pauses.section_after_ms = -1;
    a->bed_under = -1;
    bool opts_on = true;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (opts_on && !strcmp(s, "--")) {
            opts_on = false;
            continue;
        }
        if (!opts_on || s[0] != '-' || !s[1]) {
            if (a->operand)
                return usage_error("%s: unexpected argument '%s'", cmd, s);
            a->operand = s;
            continue;
        }
        size_t k = 0, nopts = sizeof opts / sizeof *opts;
        const char *inline_value = NULL;
        for (; k < nopts; k++) {
            size_t len = strlen(opts[k].name);
            if (!(allowed & opts[k].flag))
                continue; /* one name may mean different things to two commands */
            if (!strcmp(s, opts[k].name) || (opts[k].alias && !strcmp(s, opts[k].alias)))
                break;
            if (opts[k].value && !strncmp(s, opts[k].name, len) && s[len] == '=') {
                inline_value = s + len + 1;
                break;
            }
        }
        if (k == nopts || !(allowed & opts[k].flag))
            return usage_error("%s: unknown option '%s'", cmd, s);
        const char *v = NULL;
        if (opts[k].value) {
            v = inline_value;
            if (!v && (v = (i + 1 < argc) ? argv[++i] : NULL) == NULL)
                return usage_error("%s: option '%s' needs a value", cmd, s);
        }
        switch (opts[k].flag) {
        case O_JSON: a->json = true; break;
        case O_TEXT_OUT: a->text_out = true; break;
        case O_SIDECARS: a->sidecars = true; break;
        case O_STEREO: a->stereo = true; break;
        case O_RATE: {
            char *end;
            long r = strtol(v, &end, 10);
            if (*end || end == v || r < 8000 || r > 192000)
                return usage_error("%s: bad --rate '%s' (e.g. 44100 or 48000)", cmd, v);
            a->rate = (unsigned)r;
            break;
        }
        case O_LOUDNESS: a->loudness = true; break;
        case O_TARGET: {
            char *end;
            double t = strtod(v, &end);
            if (*end || end == v || !(t >= -40.0 && t <= -5.0))
                return usage_error("%s: bad --loudness '%s' (LUFS, -40 to -5)", cmd, v);
            a->target_lufs = t;
            break;
        }
        case O_PREVIEW:
            if (!strcmp(opts[k].name, "--section"))
                a->section = v;
            else if (!strcmp(opts[k].name, "--turn"))
                a->turn = v;
            else if (!strcmp(opts[k].name, "--from-line"))
                a->from_line = v;
            else
                a->driver = v;
            break;
        case O_MUSIC:
            if (!strcmp(opts[k].name, "--intro")) {
                a->intro = v;
            } else if (!strcmp(opts[k].name, "--outro")) {
                a->outro = v;
            } else if (!strcmp(opts[k].name, "--bed")) {
                a->bed = v;
            } else if (!strcmp(opts[k].name, "--no-music")) {
                a->no_music = true;
            } else if (!strcmp(v, "all") || !strcmp(v, "narrator")) {
                a->bed_under = !strcmp(v, "all");
            } else {
                return usage_error("%s: bad --bed-under '%s' (narrator or all)", cmd, v);
            }
            break;
        case O_OUTPUT: a->output = v; break;
        case O_CAST: a->cast = v; break;
        case O_SAY: a->say = v; break;
        case O_TEXT: a->text = v; break;
        case O_LANG: a->lang = v; break;
        case O_FORMAT: a->format = v; break;
        case O_CACHE:
            if (!strcmp(opts[k].name, "--no-cache")) {
                a->no_cache = true;
            } else if (!strcmp(opts[k].name, "--cache-dir")) {
                a->cache_dir = v;
            } else if (!parse_size(v, &a->cache_max)) {
                return usage_error("%s: bad --cache-max '%s' (e.g. 500M, 2G)", cmd, v);
            }
            break;
        case O_JOBS: {
            char *end;
            long j = strtol(v, &end, 10);
            if (*end || end == v || j < 1 || j > 64)
                return usage_error("%s: bad --jobs '%s' (1-64)", cmd, v);
            a->jobs = (unsigned)j;
            break;
        }
        case O_QUIET:
            if (!strcmp(opts[k].name, "--quiet"))
                a->quiet = true;
            else
                a->verbose = true;
            break;
        case O_VOICES:
            if (a->voice_dir_count == MAX_VOICE_DIRS)
                return usage_error("%s: too many --voices", cmd);
            a->voice_dirs[a->voice_dir_count++] = v;
            break;
        case O_PAUSE:
            if (!set_pause(&a->pauses, v))
                return usage_error("%s: bad --pause '%s' (KIND=SECONDS; KIND is run, sentence, "
                                   "paragraph, turn, section_before or section_after)", cmd, v);
            break;
        }
    }
    if (operand_required && !a->operand)
        return usage_error("%s: no %s given", cmd, !strcmp(cmd, "chapters") ? "file" : "post");
    return 0;
}

static pcast_post *load_post(const args *a, pcast_error *err)
{
    pcast_parse_options o = pcast_parse_options_init();
    o.cast_path = a->cast;
    pcast_post *post = NULL;
    pcast_post_load(a->operand, &o, &post, err);
    return post;
}

/* The first words of s, at most max code points, with an ellipsis when
 * cut. Writes into out (size bytes). */
static void first_words(const char *s, size_t max, char *out, size_t size)
{
    size_t i = 0, chars = 0, last_space = 0;
    while (s[i] && chars < max) {
        size_t n = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0xC0)
            n = 2;
        if (c == ' ')
            last_space = i;
        i += n;
        chars++;
    }
    bool cut = s[i] != '\0';
    if (cut && last_space > i / 2)
        i = last_space;
    snprintf(out, size, "%.*s%s", (int)i, s, cut ? "…" : "");
}

static int cmd_script(int argc, char **argv)
{
    args a;
    int rc = parse_args("script", O_JSON | O_CAST | O_TEXT_OUT, true, argc, argv, &a);
    if (rc)
        return rc;
    pcast_error err;
    pcast_post *post = load_post(&a, &err);
    if (!post)
        return report(&err);
    if (a.json) {
        char *json = pcast_post_to_json(post, 0);
        if (!json) {
            pcast_post_free(post);
            fputs("postcast: error: out of memory\n", stderr);
            return EXIT_INPUT;
        }
        puts(json);
        free(json);
        pcast_post_free(post);
        return 0;
    }
    if (a.text_out) {
        /* what is read aloud, as plain text: titles and paragraphs */
        for (size_t i = 0; i < pcast_post_section_count(post); i++) {
            const pcast_section *s = pcast_post_section(post, i);
            if (i > 0)
                printf("%s\n\n", s->title);
            for (size_t j = 0; j < s->turn_count; j++)
                for (size_t k = 0; k < s->turns[j].paragraph_count; k++)
                    printf("%s\n\n", s->turns[j].paragraphs[k]);
        }
        pcast_post_free(post);
        return 0;
    }
    printf("%s\n", pcast_post_title(post));
    if (pcast_post_date(post))
        printf("date: %s\n", pcast_post_date(post));
    if (pcast_post_lang(post))
        printf("lang: %s\n", pcast_post_lang(post));
    char words[512];
    for (size_t i = 0; i < pcast_post_section_count(post); i++) {
        const pcast_section *s = pcast_post_section(post, i);
        printf("\n%zu. %s  (line %lu, %zu turn%s)\n", i + 1, s->title, s->line, s->turn_count,
               s->turn_count == 1 ? "" : "s");
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            first_words(t->paragraph_count ? t->paragraphs[0] : "", 60, words, sizeof words);
            printf("   %s%s: %s\n", t->speaker, t->labeled ? "" : " (cont.)", words);
        }
    }
    printf("\nspeakers:\n");
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_speaker *s = pcast_post_speaker(post, i);
        fputs("   ", stdout);
        print_padded(s->name, 32);
        printf(" %4zu turn%s%s\n", s->turns, s->turns == 1 ? " " : "s",
               s->narrator ? "  (narrator)" : "");
    }
    pcast_post_free(post);
    return 0;
}


/* ---------- signals ---------- */

static volatile int stop_signal; /* the signal that asked us to stop */

static void on_signal(int sig) { stop_signal = sig; }

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* a file size limit must fail a write, not kill us mid-file */
    signal(SIGXFSZ, SIG_IGN);
}

static int report_render(const pcast_error *e)
{
    if (e->status == PCAST_ERR_INTERRUPTED) {
        fprintf(stderr, "\npostcast: interrupted; no episode written\n");
        return 128 + (stop_signal ? stop_signal : SIGINT);
    }
    return report(e);
}

/* "postcast: warning: FILE:LINE: message" on stderr. */
static void print_warning(void *user, const pcast_warning *w)
{
    (void)user;
    fputs("postcast: warning: ", stderr);
    if (w->file) {
        fputs(w->file, stderr);
        if (w->line)
            fprintf(stderr, ":%lu", w->line);
        fputs(": ", stderr);
    }
    fprintf(stderr, "%s\n", w->message);
}

/* The render settings the command line gives (render and preview). */
static pcast_render_config render_config_from(const args *a)
{
    pcast_render_config cfg = pcast_render_config_init();
    cfg.format = a->format;
    cfg.pauses = a->pauses;
    cfg.jobs = a->jobs;
    cfg.loudness_lufs = a->target_lufs;
    cfg.stereo = a->stereo;
    cfg.rate = a->rate;
    cfg.cache_dir = a->cache_dir;
    cfg.no_cache = a->no_cache;
    cfg.cache_max_bytes = a->cache_max;
    cfg.cancel = &stop_signal;
    cfg.warning = print_warning;
    return cfg;
}

/* ---------- voices and casting, shared by render/cast/voices ---------- */

static pcast_voices *load_voices(const args *a, pcast_error *err)
{
    pcast_voices *v = NULL;
    pcast_voices_load(a->voice_dirs, a->voice_dir_count, &v, err);
    return v;
}

/* What render and preview speak from: the post, its voices, cast, plan. */
typedef struct episode {
    pcast_post *post;
    pcast_voices *voices;
    pcast_cast *cast;
    pcast_plan *plan;
} episode;

static void episode_free(episode *e)
{
    pcast_plan_free(e->plan);
    pcast_cast_free(e->cast);
    pcast_voices_free(e->voices);
    pcast_post_free(e->post);
}

/* false with err set when any part fails; free with episode_free. */
static bool episode_load(const args *a, episode *e, pcast_error *err)
{
    memset(e, 0, sizeof *e);
    return (e->post = load_post(a, err)) && (e->voices = load_voices(a, err)) &&
           !pcast_cast_new(e->post, e->voices, &e->cast, err) &&
           !pcast_plan_new(e->post, &a->pauses, &e->plan, err);
}

/* ---------- render ---------- */

typedef struct progress_state {
    bool tty;
    size_t sections, turns;
} progress_state;

static void on_progress(void *user, const pcast_progress *p)
{
    progress_state *ps = user;
    if (!ps->tty)
        return;
    const int width = 24;
    double frac = p->clip_count ? (double)p->clips_done / (double)p->clip_count : 1.0;
    int fill = (int)(frac * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double speed = p->elapsed_seconds > 0 ? p->audio_seconds / p->elapsed_seconds : 0;
    fprintf(stderr, "\r[%s] %s section %zu/%zu  turn %zu/%zu  %5.1fs  %4.0fx real time ", bar,
            p->writing ? "writing" : "speaking", p->sections_done + (p->writing ? 0 : 1),
            ps->sections, p->writing ? ps->turns : p->turns_done, ps->turns, p->elapsed_seconds,
            speed);
    fflush(stderr);
}

static char *default_output(const char *post)
{
    const char *base = strrchr(post, '/');
    base = base ? base + 1 : post;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *out = malloc(n + 6);
    if (out) {
        memcpy(out, base, n);
        memcpy(out + n, ".flac", 6);
    }
    return out;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_render(int argc, char **argv)
{
    args a;
    int rc = parse_args("render", O_MUSIC | O_RATE | O_STEREO | O_TARGET | O_SIDECARS | O_CACHE | O_JOBS | O_FORMAT | O_OUTPUT | O_CAST | O_VOICES | O_PAUSE | O_QUIET, true, argc, argv,
                        &a);
    if (rc)
        return rc;
    char *def = a.output ? NULL : default_output(a.operand);
    const char *output = a.output ? a.output : def;
    if (!output)
        return report(&(pcast_error){.status = PCAST_ERR_NOMEM, .message = "out of memory"});
    install_signals();
    double t0 = now_seconds();
    pcast_error err;
    episode ep;
    pcast_timeline *tl = NULL;
    rc = 0;
    if (!episode_load(&a, &ep, &err)) {
        rc = report(&err);
        goto done;
    }
    pcast_post *post = ep.post;
    pcast_plan *plan = ep.plan;
    progress_state ps = {.tty = !a.quiet && isatty(2), .sections = pcast_post_section_count(post)};
    for (size_t i = 0; i < ps.sections; i++)
        ps.turns += pcast_post_section(post, i)->turn_count;
    pcast_render_config cfg = render_config_from(&a);
    cfg.output_path = output;
    /* music: the front matter's, flags over it */
    pcast_music_origin flag = {0};
    cfg.music = a.no_music ? pcast_music_default() : pcast_post_music(post);
    if (a.intro)
        cfg.music.intro = a.intro, cfg.music.origin[0] = flag;
    if (a.outro)
        cfg.music.outro = a.outro, cfg.music.origin[1] = flag;
    if (a.bed)
        cfg.music.bed = a.bed, cfg.music.origin[2] = flag;
    if (a.bed_under >= 0)
        cfg.music.bed_under_all = a.bed_under;
    cfg.progress = on_progress;
    cfg.user = &ps;
    pcast_status st = pcast_render(post, ep.cast, plan, &cfg, &tl, &err);
    if (ps.tty)
        fputs("\n", stderr);
    if (st) {
        rc = report_render(&err);
        goto done;
    }
    if (a.sidecars && pcast_sidecars_write(post, plan, tl, output, &err)) {
        rc = report(&err);
        goto done;
    }
    double secs = now_seconds() - t0;
    double audio = (double)pcast_timeline_total_frames(tl) / pcast_timeline_sample_rate(tl);
    if (a.verbose || ps.tty)
        fprintf(stderr, "%s: %zu chapters, %zu clips, %.1f min of audio in %.1f s (%.0fx real time)\n",
                output, pcast_post_section_count(post), pcast_plan_clip_count(plan), audio / 60.0,
                secs, secs > 0 ? audio / secs : 0.0);
done:
    pcast_timeline_free(tl);
    episode_free(&ep);
    free(def);
    return rc;
}


/* ---------- preview ---------- */

static bool parse_count(const char *s, unsigned long *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v == 0 || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static int list_sections(const pcast_post *post, const char *fmt, const char *what)
{
    fprintf(stderr, "postcast: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "; the sections are:\n");
    for (size_t i = 0; i < pcast_post_section_count(post); i++)
        fprintf(stderr, "  %zu. %s\n", i + 1, pcast_post_section(post, i)->title);
    return EXIT_USAGE;
}

/* --section N|TITLE: a number as `postcast chapters` counts, a title
 * (case-insensitive), or a unique prefix of one. */
static int find_section(const pcast_post *post, const char *want, size_t *out)
{
    size_t n = pcast_post_section_count(post);
    unsigned long num;
    if (parse_count(want, &num)) {
        if (num > n)
            return list_sections(post, "preview: no section %s", want);
        *out = num - 1;
        return 0;
    }
    size_t len = strlen(want), hits = 0, hit = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(pcast_post_section(post, i)->title, want)) {
            *out = i;
            return 0;
        }
    for (size_t i = 0; i < n; i++)
        if (len && !strncasecmp(pcast_post_section(post, i)->title, want, len)) {
            hits++;
            hit = i;
        }
    if (hits == 1) {
        *out = hit;
        return 0;
    }
    return list_sections(post, hits ? "preview: '%s' matches several sections"
                                    : "preview: no section '%s'", want);
}

static int list_turns(const pcast_section *s, const char *what)
{
    fprintf(stderr, "postcast: preview: no turn %s in '%s'; its turns are:\n", what, s->title);
    char words[256];
    for (size_t j = 0; j < s->turn_count; j++) {
        const pcast_turn *t = &s->turns[j];
        first_words(t->paragraph_count ? t->paragraphs[0] : "", 50, words, sizeof words);
        fprintf(stderr, "  %zu. %s: %s  (line %lu)\n", j + 1, t->speaker, words, t->line);
    }
    return EXIT_USAGE;
}

static int cmd_preview(int argc, char **argv)
{
    args a;
    int rc = parse_args("preview", O_RATE | O_STEREO | O_TARGET | O_PREVIEW | O_OUTPUT | O_FORMAT | O_CAST | O_VOICES | O_PAUSE |
                                       O_JOBS | O_CACHE | O_QUIET,
                        true, argc, argv, &a);
    if (rc)
        return rc;
    if (!a.section && !a.from_line)
        return usage_error("preview: which part? --section N|TITLE or --from-line L");
    if (a.from_line && (a.section || a.turn))
        return usage_error("preview: --from-line goes alone (it picks the section and turn)");
    if (a.driver && a.output)
        return usage_error("preview: --driver plays; -o writes: choose one");
    unsigned long line = 0, turn_no = 0;
    if (a.from_line && !parse_count(a.from_line, &line))
        return usage_error("preview: bad --from-line '%s'", a.from_line);
    if (a.turn && !parse_count(a.turn, &turn_no))
        return usage_error("preview: bad --turn '%s'", a.turn);
    install_signals();
    pcast_error err;
    episode ep;
    rc = 0;
    if (!episode_load(&a, &ep, &err)) {
        rc = report(&err);
        goto done;
    }
    pcast_post *post = ep.post;
    pcast_plan *plan = ep.plan;
    size_t section = 0, turn = SIZE_MAX;
    if (a.from_line) {
        /* the turn that holds the line: the last one starting at or before it */
        for (size_t i = 0; i < pcast_post_section_count(post); i++) {
            const pcast_section *s = pcast_post_section(post, i);
            if (i > 0 && s->line <= line) {
                section = i;
                turn = SIZE_MAX;
            }
            for (size_t j = 0; j < s->turn_count; j++)
                if (s->turns[j].line <= line && (i > 0 || j > 0)) {
                    section = i;
                    turn = j;
                }
        }
    } else if ((rc = find_section(post, a.section, &section))) {
        goto done;
    } else if (a.turn) {
        const pcast_section *s = pcast_post_section(post, section);
        if (turn_no > s->turn_count) {
            rc = list_turns(s, a.turn);
            goto done;
        }
        turn = turn_no - 1;
    }
    size_t first, count, sfirst, scount;
    if (pcast_plan_span(plan, section, SIZE_MAX, &sfirst, &scount)) {
        fprintf(stderr, "postcast: error: section %zu has nothing to say\n", section + 1);
        rc = 1;
        goto done;
    }
    first = sfirst;
    count = scount;
    if (turn != SIZE_MAX) {
        if (pcast_plan_span(plan, section, turn, &first, &count)) {
            fprintf(stderr, "postcast: error: turn %zu of section %zu has nothing to say\n",
                    turn + 1, section + 1);
            rc = 1;
            goto done;
        }
        if (a.from_line) /* from that turn to the end of its section */
            count = sfirst + scount - first;
    }
    pcast_render_config cfg = render_config_from(&a);
    cfg.output_path = a.output;
    cfg.device = a.output ? NULL : a.driver ? a.driver : "";
    cfg.first_clip = first;
    cfg.clip_count = count;
    if (pcast_render(post, ep.cast, plan, &cfg, NULL, &err))
        rc = report_render(&err);
done:
    episode_free(&ep);
    return rc;
}

/* ---------- cast ---------- */

static int cmd_cast(int argc, char **argv)
{
    args a;
    int rc = parse_args("cast", O_JSON | O_CAST | O_VOICES, true, argc, argv, &a);
    if (rc)
        return rc;
    pcast_error err;
    pcast_post *post = load_post(&a, &err);
    pcast_voices *voices = post ? load_voices(&a, &err) : NULL;
    pcast_cast *cast = NULL;
    if (!post || !voices || pcast_cast_new(post, voices, &cast, &err)) {
        rc = report(&err);
        goto done;
    }
    if (a.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
            const pcast_casting *k = pcast_cast_get(cast, i);
            json_array_append_new(arr, json_pack("{s:s, s:b, s:s, s:s, s:{s:s, s:i, s:i, s:i}}",
                "speaker", k->speaker, "narrator", pcast_post_speaker(post, i)->narrator,
                "preset", k->preset, "source", pcast_cast_source_name(k->source), "voice",
                "variant", k->settings.variant, "pitch", k->settings.pitch, "range",
                k->settings.range, "rate", k->settings.rate));
        }
        char *text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_COMPACT);
        if (text)
            puts(text);
        free(text);
        json_decref(arr);
    } else {
        for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
            const pcast_casting *k = pcast_cast_get(cast, i);
            print_padded(k->speaker, 32);
            printf(" %-10s (%s)  %s pitch %d range %d rate %d\n", k->preset,
                   pcast_cast_source_name(k->source), k->settings.variant, k->settings.pitch,
                   k->settings.range, k->settings.rate);
        }
    }
done:
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(post);
    return rc;
}

/* ---------- chapters ---------- */

static void hms(char *out, size_t size, double seconds)
{
    unsigned long long ms = (unsigned long long)(seconds * 1000.0 + 0.5);
    snprintf(out, size, "%02llu:%02llu:%02llu.%03llu", ms / 3600000, ms / 60000 % 60,
             ms / 1000 % 60, ms % 1000);
}

static int cmd_chapters(int argc, char **argv)
{
    args a;
    int rc = parse_args("chapters", O_JSON | O_LOUDNESS, true, argc, argv, &a);
    if (rc)
        return rc;
    pcast_error err;
    pcast_media *m;
    if (pcast_media_open(a.operand, &m, &err))
        return report(&err);
    pcast_loudness loud;
    if (a.loudness && pcast_measure_loudness(a.operand, &loud, &err)) {
        pcast_media_free(m);
        return report(&err);
    }
    double length = pcast_media_sample_rate(m)
                        ? (double)pcast_media_frames(m) / pcast_media_sample_rate(m) : 0.0;
    char when[32];
    if (a.json) {
        json_t *root = json_pack("{s:s, s:i, s:i, s:I, s:f}", "format", pcast_media_format(m),
                                 "sample_rate", (int)pcast_media_sample_rate(m), "channels",
                                 (int)pcast_media_channels(m), "frames",
                                 (json_int_t)pcast_media_frames(m), "seconds", length);
        json_t *tags = json_object(), *chapters = json_array();
        for (size_t i = 0; i < pcast_media_tag_count(m); i++)
            json_object_set_new(tags, pcast_media_tag(m, i)->key,
                                json_string(pcast_media_tag(m, i)->value));
        for (size_t i = 0; i < pcast_media_chapter_count(m); i++) {
            const pcast_chapter *c = pcast_media_chapter(m, i);
            json_array_append_new(chapters, json_pack("{s:I, s:f, s:s}", "start_frames",
                                                      (json_int_t)c->start_frames, "start",
                                                      c->start_seconds, "title", c->title));
        }
        json_object_set_new(root, "tags", tags);
        json_object_set_new(root, "chapters", chapters);
        if (a.loudness)
            json_object_set_new(root, "loudness",
                                json_pack("{s:f, s:f, s:f, s:f}", "integrated_lufs",
                                          isfinite(loud.integrated_lufs) ? loud.integrated_lufs : -70.0,
                                          "true_peak_dbtp",
                                          isfinite(loud.true_peak_dbtp) ? loud.true_peak_dbtp : -150.0,
                                          "range_lu", loud.range_lu, "sample_peak_dbfs",
                                          isfinite(loud.sample_peak_dbfs) ? loud.sample_peak_dbfs : -150.0));
        char *text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_COMPACT);
        if (text)
            puts(text);
        free(text);
        json_decref(root);
    } else {
        hms(when, sizeof when, length);
        printf("%s  %u Hz  %u channel%s  %s\n", pcast_media_format(m), pcast_media_sample_rate(m),
               pcast_media_channels(m), pcast_media_channels(m) == 1 ? "" : "s", when);
        for (size_t i = 0; i < pcast_media_tag_count(m); i++)
            printf("%-8s %s\n", pcast_media_tag(m, i)->key, pcast_media_tag(m, i)->value);
        if (a.loudness)
            printf("loudness: %.1f LUFS integrated, %.1f dBTP true peak, %.1f LU range\n",
                   loud.integrated_lufs, loud.true_peak_dbtp, loud.range_lu);
        printf("chapters: %zu\n", pcast_media_chapter_count(m));
        for (size_t i = 0; i < pcast_media_chapter_count(m); i++) {
            const pcast_chapter *c = pcast_media_chapter(m, i);
            hms(when, sizeof when, c->start_seconds);
            printf("%3zu  %s  %s\n", i + 1, when, c->title);
        }
    }
    pcast_media_free(m);
    return 0;
}

/* ---------- voices ---------- */

static int cmd_voices(int argc, char **argv)
{
    args a;
    int rc = parse_args("voices", O_VOICES | O_SAY | O_OUTPUT | O_TEXT | O_LANG | O_JSON, false,
                        argc, argv, &a);
    if (rc)
        return rc;
    if (a.operand)
        return usage_error("voices: unexpected argument '%s'", a.operand);
    if (!a.say && (a.output || a.text || a.lang))
        return usage_error("voices: -o, --text and --lang go with --say NAME");
    pcast_error err;
    pcast_voices *v = load_voices(&a, &err);
    if (!v)
        return report(&err);
    if (a.say) {
        const pcast_voice *voice = pcast_voices_find(v, a.say);
        if (!voice) {
            fprintf(stderr, "postcast: error: no voice preset named '%s'; the presets are:", a.say);
            for (size_t i = 0; i < pcast_voices_count(v); i++)
                fprintf(stderr, " %s", pcast_voices_get(v, i)->name);
            fputs("\n", stderr);
            pcast_voices_free(v);
            return 1;
        }
        char path[512];
        if (!a.output)
            snprintf(path, sizeof path, "voice-%s.wav", voice->name);
        const char *text = a.text ? a.text
                                  : "Hello, this is postcast. 你好，我是 postcast 的聲音。";
        install_signals();
        rc = 0;
        if (pcast_say(voice, text, a.lang, a.output ? a.output : path, &err))
            rc = report(&err);
        else if (!a.output)
            printf("%s\n", path);
        pcast_voices_free(v);
        return rc;
    }
    if (a.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < pcast_voices_count(v); i++) {
            const pcast_voice *p = pcast_voices_get(v, i);
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "name",
                p->name, "description", p->description, "gender", p->gender, "variant",
                p->settings.variant, "pitch", p->settings.pitch, "range", p->settings.range, "rate",
                p->settings.rate, "file", p->file));
        }
        char *text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_COMPACT);
        if (text)
            puts(text);
        free(text);
        json_decref(arr);
    } else {
        for (size_t i = 0; i < pcast_voices_count(v); i++) {
            const pcast_voice *p = pcast_voices_get(v, i);
            printf("%-10s %-6s %-3s pitch %3d range %3d rate %3d pan %+.2f  %s\n", p->name,
                   p->gender, p->settings.variant, p->settings.pitch, p->settings.range,
                   p->settings.rate, p->settings.pan, p->description);
        }
    }
    pcast_voices_free(v);
    return 0;
}

/* ---------- cache ---------- */

static int cmd_cache(int argc, char **argv)
{
    args a;
    int rc = parse_args("cache", O_CACHE | O_JSON, true, argc, argv, &a);
    if (rc)
        return rc;
    if (strcmp(a.operand, "stats") && strcmp(a.operand, "clear"))
        return usage_error("cache: unknown action '%s' (stats or clear)", a.operand);
    const char *dir = a.cache_dir ? a.cache_dir : pcast_cache_default_dir();
    pcast_error err;
    size_t entries;
    uint64_t bytes;
    if (!strcmp(a.operand, "clear")) {
        if (pcast_cache_clear(dir, &err))
            return report(&err);
        printf("cleared %s\n", dir);
        return 0;
    }
    if (pcast_cache_stats(dir, &entries, &bytes, &err))
        return report(&err);
    if (a.json) {
        json_t *o = json_pack("{s:s, s:I, s:I}", "dir", dir, "entries", (json_int_t)entries,
                              "bytes", (json_int_t)bytes);
        char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
        if (text)
            puts(text);
        free(text);
        json_decref(o);
        return 0;
    }
    printf("%s: %zu clips, %.1f MiB\n", dir, entries, (double)bytes / (1 << 20));
    return 0;
}

static int cmd_help(int argc, char **argv);

static const command commands[] = {
    {"script", "postcast script POST.md [--json | --plain] [--cast CAST.yaml]",
     "Reads a post and prints its script: the sections (chapters), each speaker\n"
     "turn with its first words, and the speakers with their turn counts.\n"
     "\n"
     "  --json   print the script as JSON:\n"
     "           {\"title\", \"date\", \"lang\", \"description\", \"categories\",\n"
     "            \"speakers\": [{\"name\", \"narrator\", \"turns\"}],\n"
     "            \"sections\": [{\"title\", \"line\", \"turns\":\n"
     "                [{\"speaker\", \"paragraphs\", \"line\", \"labeled\"}]}]}\n"
     "  --plain  print only what is read aloud: titles and paragraphs\n"
     "  --cast   a cast file whose names count as speakers (NAME: labels)\n",
     cmd_script},
    {"render", "postcast render POST.md [-o EPISODE.flac|.wav|.mp3|.opus] [--format wav|flac|mp3|opus] [--cast CAST.yaml]\n"
     "                  [--voices DIR] [--pause KIND=SECS] [-j N] [-q|-v] [--sidecars] [--loudness L] [--stereo] [--rate HZ]\n"
     "                  [--intro FILE] [--outro FILE] [--bed FILE] [--bed-under narrator|all] [--no-music]\n"
     "                  [--cache-dir DIR] [--no-cache] [--cache-max SIZE]",
     "Renders the post to one episode: a voice per speaker, Mandarin and English runs\n"
     "in one sentence, a chapter per section, tags from the front matter.\n"
     "\n"
     "  -o, --output FILE   .flac, .wav, .mp3 or .opus (default: the post's name with\n"
     "                      .flac, here); MP3 gets ID3v2 chapters (CTOC + CHAP),\n"
     "                      Opus CHAPTERnnn comments;\n"
     "                      a pipe or device (/dev/stdout) gets the whole file at the end\n"
     "  --format wav|flac|mp3|opus  the format, whatever the name (default: the extension;\n"
     "                      WAV for a pipe or device without one)\n"
     "  --cast FILE         pin voices: YAML mapping speaker -> preset or settings\n"
     "                      (the shape of front matter `cast:`)\n"
     "  --voices DIR        more presets (same name overrides a built-in); repeatable\n"
     "  --pause KIND=SECS   a pause length; KIND: run, sentence, paragraph, turn,\n"
     "                      section_before, section_after; repeatable\n"
     "  -j, --jobs N        clips synthesized at once (default: one per CPU); the\n"
     "                      output is the same whatever N is\n"
     "  --cache-dir DIR     the clip cache (default $XDG_CACHE_HOME/postcast)\n"
     "  --no-cache          neither read nor write the cache\n"
     "  --cache-max SIZE    bound the cache (default 2G); least recently used go\n"
     "  --loudness L        the integrated loudness target in LUFS (default -19,\n"
     "                      spoken word mono, or -16 in stereo; -23 for EBU R128);\n"
     "                      peaks stay under -1 dBTP\n"
     "  --rate HZ           the file's sample rate (e.g. 44100, 48000), by libsoxr;\n"
     "                      default espeak-ng's 22050\n"
     "  --stereo            two channels, each voice at its preset's pan: (the\n"
     "                      narrator centred); Apple rejects mono lossless files\n"
     "  --intro FILE        music that opens the episode; the first words come 1 s\n"
     "                      before it ends (any file libsndfile reads)\n"
     "  --outro FILE        music that starts 1 s before the last words end\n"
     "  --bed FILE          music looped under the narrator, fading in and out\n"
     "  --bed-under narrator|all  the bed under the narrator (default) or everyone\n"
     "  --no-music          leave out the front matter's `music:` (flags still add)\n"
     "                      Music is levelled to the speech by its loudness and\n"
     "                      dips 10 dB under the words; front matter `music:` also\n"
     "                      sets volume, bed_volume, duck, fade and overlap\n"
     "  --sidecars          also write EPISODE.chapters.json (Podcasting 2.0),\n"
     "                      .transcript.json, .vtt, .srt and .cue beside it\n"
     "  -q, --quiet         no progress bar\n"
     "  -v, --verbose       a summary line even when stderr is not a terminal\n"
     "\n"
     "The file appears only when complete: it is written under a temporary name\n"
     "beside the target and renamed. Ctrl-C stops cleanly (exit 130).\n",
     cmd_render},
    {"preview", "postcast preview POST.md (--section N|TITLE [--turn K] | --from-line L)\n"
     "                  [-o FILE|-] [--driver NAME] [render options]",
     "Plays one section aloud now, as it sounds in the rendered episode (same\n"
     "voices, pauses and levels), starting as soon as the first clip is spoken.\n"
     "\n"
     "  -s, --section N|TITLE  N counts from 1 as 'postcast chapters' shows; TITLE\n"
     "                         matches a heading case-insensitively, or a unique\n"
     "                         prefix of one\n"
     "  -t, --turn K           only the K-th turn of that section\n"
     "  --from-line L          from the turn holding source line L to the end of\n"
     "                         its section (for editors)\n"
     "  -o FILE                write WAV/FLAC instead of playing; -o - streams WAV\n"
     "                         to standard output:  ... -o - | aplay\n"
     "  --driver NAME          a libao driver (pulse, alsa, oss, null) instead of\n"
     "                         the default device\n"
     "Also: --cast, --voices, --pause, -j, --cache-dir, --no-cache as for render.\n"
     "Ctrl-C stops at once (exit 130).\n",
     cmd_preview},
    {"cast", "postcast cast POST.md [--json] [--cast CAST.yaml] [--voices DIR]",
     "Shows which voice preset each speaker gets and why: from the --cast file,\n"
     "the front matter, or automatic (the palette in order of first appearance).\n",
     cmd_cast},
    {"chapters", "postcast chapters FILE [--json] [--loudness]",
     "Lists the chapters (index, start HH:MM:SS.mmm, title) and tags of a WAV,\n"
     "FLAC or MP3 (ID3v2 CHAP) file, written by postcast or anyone.\n"
     "  --loudness   also measure integrated loudness (LUFS), true peak (dBTP)\n"
     "               and loudness range (LU), by EBU R128 (libebur128)\n",
     cmd_chapters},
    {"voices", "postcast voices [--json] [--voices DIR] [--say NAME [-o FILE] [--text T] [--lang L]]",
     "Lists the voice presets with a one-line description. --say NAME renders a\n"
     "sample sentence with that preset to FILE (default voice-NAME.wav).\n",
     cmd_voices},
    {"cache", "postcast cache stats|clear [--cache-dir DIR] [--json]",
     "Shows the clip cache's size, or empties it. Rendered clips are kept by a\n"
     "hash of everything that shapes their samples, so a re-render speaks only\n"
     "what changed.\n",
     cmd_cache},
    {"help", "postcast help COMMAND", "Shows the help of a command.\n", cmd_help},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    fputs("postcast turns Markdown posts and podcast transcripts into chapter-marked\n"
          "podcast episodes.\n\nUsage:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %s\n", commands[i].synopsis);
    fputs("  postcast --help | --version\n\n"
          "Run 'postcast help COMMAND' for a command's options.\n"
          "Exit status: 0 success, 1 bad input or failure, 2 bad usage.\n",
          f);
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stdout);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c)
        return usage_error("help: no command '%s'", argv[1]);
    printf("Usage: %s\n\n%s", c->synopsis, c->help);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        print_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("postcast %s\n", pcast_version());
        return 0;
    }
    const command *c = find_command(cmd);
    if (!c) {
        if (cmd[0] == '-')
            return usage_error("unknown option '%s'", cmd);
        return usage_error("unknown command '%s'", cmd);
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("Usage: %s\n\n%s", c->synopsis, c->help);
            return 0;
        }
    return c->run(argc - 1, argv + 1);
}
