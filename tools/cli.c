/* Error reports, signals and loaders every command shares. */
#include "cli.h"

#include "args.h"
#include "term.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

volatile int cli_stop_signal;

int cli_report(const pcast_error *e)
{
    fputs("postcast: error: ", stderr);
    if (e->file[0]) {
        term_put(stderr, e->file);
        if (e->line)
            fprintf(stderr, ":%lu:%lu", e->line, e->column ? e->column : 1);
        fputs(": ", stderr);
    }
    term_put(stderr, e->message[0] ? e->message : pcast_strerror(e->status));
    fputs("\n", stderr);
    return e->status == PCAST_ERR_ARGUMENT ? EXIT_USAGE : EXIT_INPUT;
}

int cli_report_render(const pcast_error *e)
{
    if (e->status == PCAST_ERR_INTERRUPTED) {
        /* on a terminal, end the line the ^C was echoed on (or the bar) */
        fprintf(stderr, "%spostcast: interrupted; no episode written\n", isatty(2) ? "\n" : "");
        return 128 + (cli_stop_signal ? cli_stop_signal : SIGINT);
    }
    return cli_report(e);
}

void cli_print_warning(void *user, const pcast_warning *w)
{
    (void)user;
    fputs("postcast: warning: ", stderr);
    if (w->file) {
        term_put(stderr, w->file);
        if (w->line)
            fprintf(stderr, ":%lu", w->line);
        if (w->line && w->column)
            fprintf(stderr, ":%lu", w->column);
        fputs(": ", stderr);
    }
    term_put(stderr, w->message);
    fputs("\n", stderr);
}

void cli_print_render_warning(void *user, const pcast_warning *w)
{
    term_progress_clear(user);
    cli_print_warning(NULL, w);
}

int cli_print_json(json_t *j)
{
    char *text = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text)
        return cli_out_of_memory();
    term_put_json(stdout, text);
    free(text);
    return 0;
}

int cli_out_of_memory(void)
{
    fputs("postcast: error: out of memory\n", stderr);
    return EXIT_INPUT;
}

static void on_signal(int sig) { cli_stop_signal = sig; }

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        struct sigaction was;
        /* one ignored when we start stays so: nohup's SIGHUP, a shell's
         * SIGINT for a job it runs in the background */
        if (sigaction(stops[i], NULL, &was) || was.sa_handler != SIG_IGN)
            sigaction(stops[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
}

/* The most cli_load_post reads from standard input, as the library reads
 * from a pipe: an endless one would otherwise fill memory. */
#define STDIN_MAX_BYTES ((size_t)256 << 20)

/* Reads standard input to its end into a malloc'd buffer (*out, *size
 * bytes; the caller frees it). Returns false with err set (and nothing
 * allocated) on a read error, more than STDIN_MAX_BYTES or ENOMEM. */
static bool read_stdin(char **out, size_t *size, pcast_error *err)
{
    size_t len = 0, cap = 0;
    char *data = NULL;
    const char *why = NULL;
    for (;;) {
        if (len == cap) {
            char *d = cap < STDIN_MAX_BYTES ? realloc(data, cap ? 2 * cap : 65536) : NULL;
            if (!d) {
                why = cap < STDIN_MAX_BYTES ? "out of memory" : "larger than 256 MiB: not a post";
                break;
            }
            data = d;
            cap = cap ? 2 * cap : 65536;
        }
        ssize_t n = read(0, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            why = strerror(errno);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    if (why) {
        free(data);
        memset(err, 0, sizeof *err);
        err->status = PCAST_ERR_INPUT;
        snprintf(err->file, sizeof err->file, "%s", CLI_STDIN_NAME);
        snprintf(err->message, sizeof err->message, "cannot read: %s", why);
        return false;
    }
    *out = data;
    *size = len;
    return true;
}

pcast_post *cli_load_post(const char *path, const char *from, const char *cast_path,
                          const char *chapters_path, pcast_error *err)
{
    pcast_parse_options o = pcast_parse_options_init();
    o.cast_path = cast_path;
    o.from = from;
    o.chapters_path = chapters_path;
    pcast_post *post = NULL;
    if (strcmp(path, "-")) {
        pcast_post_load(path, &o, &post, err);
        return post;
    }
    char *data;
    size_t size;
    if (!read_stdin(&data, &size, err))
        return NULL;
    pcast_post_parse(CLI_STDIN_NAME, data, size, &o, &post, err);
    free(data);
    return post;
}

char *cli_default_output(const char *post, const char *format)
{
    const char *base = strrchr(post, '/'), *ext = format ? format : "flac";
    for (const char *p = ext; *p; p++)
        if (!isalnum((unsigned char)*p))
            ext = "flac"; /* --format ../x: the render refuses the format itself */
    base = base ? base + 1 : post;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base), e = strlen(ext);
    char *out = malloc(n + e + 2);
    if (out) {
        memcpy(out, base, n);
        out[n] = '.';
        for (size_t i = 0; i <= e; i++)
            out[n + 1 + i] = (char)tolower((unsigned char)ext[i]);
    }
    return out;
}

int cli_stdin_needs_output(const char *cmd, const char *post, const char *output)
{
    if (output || strcmp(post, "-"))
        return 0;
    return cli_usage_error("%s: the post comes from standard input; name the episode (-o "
                           "EPISODE.flac)", cmd);
}

pcast_voices *cli_load_voices(const char *const *dirs, size_t count, pcast_error *err)
{
    pcast_voices *v = NULL;
    pcast_voices_load(dirs, count, &v, err);
    return v;
}

/* Whether output names the terminal standard output or standard error
 * is on ("-", /dev/stdout, /dev/pts/N): audio bytes would land there. */
static bool is_terminal(const char *output)
{
    if (!strcmp(output, "-"))
        return isatty(1);
    struct stat st, fd_st;
    if (stat(output, &st) || !S_ISCHR(st.st_mode))
        return false;
    for (int fd = 1; fd <= 2; fd++)
        if (isatty(fd) && !fstat(fd, &fd_st) && fd_st.st_rdev == st.st_rdev)
            return true;
    return false;
}

int cli_check_output(const char *output, const char *file_name)
{
    struct stat st;
    size_t n = strlen(output);
    if (is_terminal(output)) {
        fputs("postcast: error: ", stderr);
        term_put(stderr, strcmp(output, "-") ? output : "standard output");
        fputs(": is a terminal; pipe the audio to a player (-o - | aplay) or name a file "
              "(-o ", stderr);
        term_put(stderr, file_name);
        fputs(")\n", stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(output, "-"))
        return 0;
    if ((n && output[n - 1] == '/') || (!stat(output, &st) && S_ISDIR(st.st_mode))) {
        fputs("postcast: error: ", stderr);
        term_put(stderr, output);
        fputs(": is a folder; name the file to write in it (-o ", stderr);
        term_put(stderr, output);
        term_put(stderr, n && output[n - 1] == '/' ? "" : "/");
        term_put(stderr, file_name);
        fputs(")\n", stderr);
        return EXIT_USAGE;
    }
    const char *slash = strrchr(output, '/');
    const char *base = slash ? slash + 1 : output;
    size_t dots = strspn(base, ".");
    if (dots && base[dots] && !strchr(base + dots, '.')) {
        /* "-o .flac": a hidden file named only by its extension */
        fputs("postcast: error: ", stderr);
        term_put(stderr, output);
        fputs(": names only an extension (it would be a hidden file); name the file (-o ",
              stderr);
        term_printf(stderr, "%.*sepisode%s)", (int)(base - output), output, base + dots - 1);
        fputs("\n", stderr);
        return EXIT_USAGE;
    }
    if (!slash || slash == output)
        return 0;
    char *folder = strndup(output, (size_t)(slash - output));
    if (!folder)
        return cli_out_of_memory();
    int rc = 0;
    bool missing = false, not_folder = false;
    if (stat(folder, &st))
        missing = errno == ENOENT;
    else
        not_folder = !S_ISDIR(st.st_mode);
    if (missing || not_folder) {
        fputs("postcast: error: ", stderr);
        term_put(stderr, output);
        fputs(": ", stderr);
        term_put(stderr, missing ? "the folder " : "");
        term_put(stderr, folder);
        fputs(missing ? " does not exist; make it first (mkdir -p)\n" : " is not a folder\n",
              stderr);
        rc = EXIT_INPUT;
    }
    free(folder);
    return rc;
}

/* The format an episode is written in: format, else output's extension
 * (NULL output: FLAC, "-": WAV); NULL when it cannot be told yet. */
static const char *format_of(const char *format, const char *output)
{
    const char *dot = output ? strrchr(output, '.') : NULL;
    const char *slash = output ? strrchr(output, '/') : NULL;
    return format                                  ? format
           : !output                               ? "flac"
           : !strcmp(output, "-")                  ? "wav"
           : dot && (!slash || dot > slash + 1)    ? dot + 1
                                                   : NULL;
}

void cli_warn_chapter_limit(const char *format, const char *output, size_t chapters)
{
    const char *f = format_of(format, output);
    if (!f || chapters <= 999 || (strcasecmp(f, "flac") && strcasecmp(f, "opus")))
        return;
    term_printf(stderr, "postcast: warning: %s keeps 999 chapters (CHAPTERnnn comments); "
                "chapters 1000 to %zu are left out of it (MP3, M4A and WAV keep all)",
                strcasecmp(f, "flac") ? "Opus" : "FLAC", chapters);
    fputs("\n", stderr);
}

int cli_check_codec(const char *format, const char *output, unsigned bitrate_kbps,
                    unsigned id3_version)
{
    const char *f = format_of(format, output);
    if (!f)
        return 0; /* a device, or a name the render refuses itself */
    bool lossless = !strcasecmp(f, "wav") || !strcasecmp(f, "flac");
    if (bitrate_kbps && lossless)
        return cli_usage_error("render: --bitrate is for MP3, Opus and M4A; %s is lossless", f);
    if (id3_version && strcasecmp(f, "mp3") && (lossless || !strcasecmp(f, "opus") ||
                                                !strcasecmp(f, "m4a")))
        return cli_usage_error("render: --id3 is for MP3 (its ID3v2 tag); %s has tags of its own",
                               f);
    return 0;
}

/* Whether label names speaker: equal but for case, whole or as one of its
 * '/'-separated labels ("Host/Narrator"). */
static bool label_names(const char *label, const char *speaker)
{
    size_t n = strlen(speaker);
    for (const char *p = label; p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        while (len && p[len - 1] == ' ')
            len--;
        if (len == n && !strncasecmp(p, speaker, n))
            return true;
        p = slash ? slash + 1 : NULL;
    }
    return !strcasecmp(label, speaker);
}

/* The entry's warning when it names no speaker of post but nearly names
 * one that the cast left to the palette. */
static void warn_cast_entry(const pcast_post *post, const pcast_cast *cast,
                            const pcast_cast_entry *e)
{
    size_t count = pcast_post_speaker_count(post);
    for (size_t i = 0; i < count; i++) {
        const char *name = pcast_post_speaker(post, i)->name;
        if (label_names(e->speaker, name) || (e->name && label_names(e->name, name)))
            return;
    }
    const char *near = NULL;
    for (size_t i = 0; i < count && !near; i++) {
        const char *name = pcast_post_speaker(post, i)->name;
        if (pcast_cast_get(cast, i)->source == PCAST_CAST_AUTOMATIC)
            near = cli_nearest(e->speaker, strlen(e->speaker), &name, 1);
    }
    if (!near)
        return; /* a cast file serves a series: most of its names speak elsewhere */
    char msg[600];
    snprintf(msg, sizeof msg, "no speaker '%.200s' in this post; did you mean '%.200s'?",
             e->speaker, near);
    pcast_warning w = {.file = e->file, .line = e->line, .column = e->column, .message = msg};
    cli_print_warning(NULL, &w);
}

void cli_warn_cast_typos(const pcast_post *post, const pcast_cast *cast)
{
    for (size_t i = 0; i < pcast_post_file_cast_count(post); i++)
        warn_cast_entry(post, cast, pcast_post_file_cast(post, i));
    for (size_t i = 0; i < pcast_post_cast_count(post); i++)
        warn_cast_entry(post, cast, pcast_post_cast(post, i));
}

int cli_check_overwrite(const char *output, const char *const *inputs,
                        const char *const *names, size_t count)
{
    struct stat out, in;
    if (!output || stat(output, &out) || !S_ISREG(out.st_mode))
        return 0;
    for (size_t i = 0; i < count; i++)
        if (inputs[i] && !stat(inputs[i], &in) && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino) {
            fputs("postcast: error: ", stderr);
            term_put(stderr, output);
            fputs(": is read by this render (", stderr);
            term_put(stderr, names[i]);
            fputs("); write the episode to another file (-o)\n", stderr);
            return EXIT_USAGE;
        }
    return 0;
}
