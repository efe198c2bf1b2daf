/* postcast site: a folder of posts (Jekyll, Hugo, or plain Markdown)
 * becomes a podcast: an episode per post, feed.xml and HTML pages. With
 * --jobs / --jobs-json it only lists the stale renders as commands for
 * GNU parallel, a job array or a CI matrix; --episode runs one of them;
 * --no-render assembles the site from what they rendered. */
#include "cli.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PASS 64
#define MAX_VOICES 16

typedef struct site_args {
    pcast_site_config cfg;
    const char *voices[MAX_VOICES];
    const char *episode, *program;
    bool list_jobs, jobs_json, no_render, quiet, verbose;
    /* the options a job repeats (everything but the site-level ones) */
    const char *pass[MAX_PASS];
    size_t pass_count;
} site_args;

static int usage(const char *fmt, const char *arg)
{
    fputs("postcast: site: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'postcast help site'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_number(const char *v, double lo, double hi, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo && d <= hi))
        return false;
    *out = d;
    return true;
}

/* Takes a value option at argv[*i]; 0 or an exit status. */
static int take_value(site_args *a, int argc, char **argv, int *i, const char *name, double lo,
                      double hi)
{
    const char *opt = argv[*i];
    if (*i + 1 >= argc)
        return usage("option '%s' needs a value", opt);
    const char *v = argv[++*i];
    double d = 0;
    if (lo < hi && !parse_number(v, lo, hi, &d))
        return usage("bad value for '%s'", opt);
    pcast_render_config *r = &a->cfg.render;
    if (!strcmp(name, "output")) a->cfg.output_dir = v;
    else if (!strcmp(name, "formats")) a->cfg.formats = v;
    else if (!strcmp(name, "base-url")) a->cfg.base_url = v;
    else if (!strcmp(name, "cast")) a->cfg.cast_path = v;
    else if (!strcmp(name, "episode")) a->episode = v;
    else if (!strcmp(name, "program")) a->program = v;
    else if (!strcmp(name, "cache-dir")) r->cache_dir = v;
    else if (!strcmp(name, "jobs")) r->jobs = (unsigned)d;
    else if (!strcmp(name, "rate")) r->rate = (unsigned)d;
    else if (!strcmp(name, "loudness")) r->loudness_lufs = d;
    else if (!strcmp(name, "voices")) {
        if (a->cfg.voice_dir_count == MAX_VOICES)
            return usage("too many %s", "--voices");
        a->voices[a->cfg.voice_dir_count++] = v;
    }
    return 0;
}

static int parse(site_args *a, int argc, char **argv)
{
    static const struct { const char *name, *alias; double lo, hi; bool value, pass; } opts[] = {
        {"--output", "-o", 0, 0, true, false},   {"--formats", NULL, 0, 0, true, true},
        {"--base-url", NULL, 0, 0, true, true},  {"--cast", NULL, 0, 0, true, true},
        {"--voices", NULL, 0, 0, true, true},    {"--episode", NULL, 0, 0, true, false},
        {"--program", NULL, 0, 0, true, false},  {"--cache-dir", NULL, 0, 0, true, true},
        {"-j", NULL, 1, 64, true, true},         {"--rate", NULL, 8000, 192000, true, true},
        {"--loudness", NULL, -40, -5, true, true}, {"--stereo", NULL, 0, 0, false, true},
        {"--no-cache", NULL, 0, 0, false, true}, {"--force", NULL, 0, 0, false, true},
        {"--jobs", NULL, 0, 0, false, false},    {"--jobs-json", NULL, 0, 0, false, false},
        {"--no-render", NULL, 0, 0, false, false}, {"--quiet", "-q", 0, 0, false, true},
        {"--verbose", "-v", 0, 0, false, true}};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (s[0] != '-' || !s[1]) {
            if (a->cfg.source_dir)
                return usage("unexpected argument '%s'", s);
            a->cfg.source_dir = s;
            continue;
        }
        size_t k = 0, n = sizeof opts / sizeof *opts;
        while (k < n && strcmp(s, opts[k].name) && !(opts[k].alias && !strcmp(s, opts[k].alias)))
            k++;
        if (k == n)
            return usage("unknown option '%s'", s);
        int start = i;
        if (opts[k].value) {
            const char *name = !strcmp(opts[k].name, "-j") ? "jobs" : opts[k].name + 2;
            int rc = take_value(a, argc, argv, &i, name, opts[k].lo, opts[k].hi);
            if (rc)
                return rc;
        } else if (!strcmp(s, "--stereo")) a->cfg.render.stereo = 1;
        else if (!strcmp(s, "--no-cache")) a->cfg.render.no_cache = 1;
        else if (!strcmp(s, "--force")) a->cfg.force = 1;
        else if (!strcmp(s, "--jobs")) a->list_jobs = true;
        else if (!strcmp(s, "--jobs-json")) a->jobs_json = true;
        else if (!strcmp(s, "--no-render")) a->no_render = true;
        else if (!strcmp(opts[k].name, "--quiet")) a->quiet = true;
        else a->verbose = true;
        for (int p = start; opts[k].pass && p <= i && a->pass_count < MAX_PASS; p++)
            a->pass[a->pass_count++] = argv[p];
    }
    if (!a->cfg.source_dir)
        return usage("no %s given", "site folder");
    if (!a->cfg.output_dir)
        return usage("no output folder given (%s)", "-o DIR");
    a->cfg.voice_dirs = a->voices;
    return 0;
}

/* Appends s to b, single-quoted for a POSIX shell when it needs it. */
static void put_quoted(FILE *f, const char *s)
{
    if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
                  strlen(s)) {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    fputc('\'', f);
}

/* The command that renders post i on its own, as argv (NULL-ended). */
static const char **job_argv(const site_args *a, const pcast_site_post *p, size_t *n)
{
    const char **v = calloc(a->pass_count + 9, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    v[k++] = a->program ? a->program : "postcast";
    v[k++] = "site";
    v[k++] = a->cfg.source_dir;
    v[k++] = "-o";
    v[k++] = a->cfg.output_dir;
    v[k++] = "--episode";
    v[k++] = p->path;
    for (size_t i = 0; i < a->pass_count; i++)
        v[k++] = a->pass[i];
    *n = k;
    return v;
}

static int list_jobs(const site_args *a, const pcast_site *site)
{
    json_t *list = a->jobs_json ? json_array() : NULL;
    for (size_t i = 0; i < pcast_site_post_count(site); i++) {
        const pcast_site_post *p = pcast_site_post_get(site, i);
        if (p->state != PCAST_SITE_STALE)
            continue;
        size_t n;
        const char **v = job_argv(a, p, &n);
        if (!v)
            return cli_out_of_memory();
        if (list) {
            json_t *cmd = json_array();
            for (size_t k = 0; k < n; k++)
                json_array_append_new(cmd, json_string(v[k]));
            char out[4096];
            snprintf(out, sizeof out, "%s/episodes/%s", a->cfg.output_dir, p->slug);
            json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:o}", "slug", p->slug, "post",
                                                  p->path, "output", out, "command", cmd));
        } else {
            for (size_t k = 0; k < n; k++) {
                if (k)
                    putchar(' ');
                put_quoted(stdout, v[k]);
            }
            putchar('\n');
        }
        free(v);
    }
    if (list) {
        char *text = json_dumps(list, JSON_INDENT(2));
        json_decref(list);
        if (!text)
            return cli_out_of_memory();
        puts(text);
        free(text);
    }
    return 0;
}

static void on_log(void *user, const char *slug, const char *what)
{
    const site_args *a = user;
    if (!a->quiet && (a->verbose || strcmp(what, "fresh")))
        fprintf(stderr, "postcast: site: %s: %s\n", slug ? slug : "site", what);
}

static int render_one(pcast_site *site, const site_args *a)
{
    size_t i = pcast_site_find(site, a->episode);
    const pcast_site_post *p = i == SIZE_MAX ? NULL : pcast_site_post_get(site, i);
    if (!p)
        return usage("--episode: '%s' is not a post of the site", a->episode);
    if (p->state == PCAST_SITE_SKIPPED) {
        on_log((void *)a, p->slug, p->skip_reason);
        return 0;
    }
    pcast_error err;
    if (p->state == PCAST_SITE_STALE && pcast_site_render(site, i, &err))
        return cli_report_render(&err);
    return 0;
}

static int run_site(int argc, char **argv)
{
    site_args a;
    memset(&a, 0, sizeof a);
    a.cfg = pcast_site_config_init();
    int rc = parse(&a, argc, argv);
    if (rc)
        return rc;
    cli_install_signals();
    a.cfg.render.cancel = &cli_stop_signal;
    a.cfg.log = on_log;
    a.cfg.user = &a;
    pcast_error err;
    pcast_site *site = NULL;
    if (pcast_site_open(&a.cfg, &site, &err))
        return cli_report(&err);
    if (a.list_jobs || a.jobs_json)
        rc = list_jobs(&a, site);
    else if (a.episode)
        rc = render_one(site, &a);
    for (size_t i = 0; !rc && !a.list_jobs && !a.jobs_json && !a.episode &&
                       i < pcast_site_post_count(site); i++) {
        const pcast_site_post *p = pcast_site_post_get(site, i);
        if (p->state == PCAST_SITE_SKIPPED)
            on_log(&a, p->slug, p->skip_reason);
        else if (p->state == PCAST_SITE_STALE && !a.no_render && pcast_site_render(site, i, &err))
            rc = cli_report_render(&err);
    }
    if (!rc && !a.list_jobs && !a.jobs_json && !a.episode) {
        if (pcast_site_assemble(site, &err))
            rc = cli_report(&err);
        pcast_site_stats st = pcast_site_get_stats(site);
        if (!rc && !a.quiet)
            fprintf(stderr, "postcast: site: %zu episode%s, %zu rendered, %zu in the feed, %zu removed\n",
                    st.episodes, st.episodes == 1 ? "" : "s", st.rendered, st.in_feed, st.removed);
    }
    pcast_site_free(site);
    return rc;
}

const cli_command cli_site = {
    "site",
    "postcast site SRC -o OUT [--formats mp3,opus] [--base-url URL] [--jobs | --jobs-json |\n"
    "                --episode POST | --no-render] [--force] [--program PATH] [--cast FILE]\n"
    "                [--voices DIR] [-j N] [--loudness L] [--stereo] [--rate HZ]\n"
    "                [--cache-dir DIR] [--no-cache] [-q|-v]",
    "Turns a Jekyll site (_posts/, _config.yml), a Hugo site (content/, hugo.toml) or a\n"
    "folder of Markdown posts into a podcast in OUT: episodes/SLUG/ with the episode in\n"
    "each format (the first is the feed's enclosure), its sidecars and its page, and\n"
    "feed.xml, index.html and manifest.json. Posts with podcast: false, draft: true or\n"
    "published: false are skipped. Only what changed is rendered again; episodes of\n"
    "removed posts are removed.\n"
    "  --jobs        print one self-contained command per stale episode (for GNU parallel)\n"
    "  --jobs-json   the same as a JSON list (slug, post, output, command)\n"
    "  --episode P   render the one post P (what a job runs)\n"
    "  --no-render   assemble the feed and pages from what is rendered\n"
    "  --program P   the postcast the job commands run (default: postcast)\n",
    run_site,
};
