/* postcast site: a folder of posts (Jekyll, Hugo, or plain Markdown)
 * becomes a podcast: an episode per post, feed.xml and HTML pages. With
 * --jobs / --jobs-json it only lists the stale renders as commands for
 * GNU parallel, a job array or a CI matrix; --episode runs one of them;
 * --no-render assembles the site from what they rendered. */
#include "args.h"
#include "cli.h"
#include "cmd_render.h"
#include "term.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The options only site takes; render's (render_option_table) follow. */
typedef struct site_options {
    const char *output, *formats, *base_url, *episode, *program;
    bool list_jobs, jobs_json, no_render, force;
} site_options;

#define S(field) offsetof(site_options, field)
/* Listed before render's table, so that a bare --jobs is this flag and
 * -j N (or --jobs=N) the render's worker count. */
static const cli_option site_option_table[] = {
    {"--output", "-o", CLI_STRING, S(output), NULL, NULL},
    {"--formats", NULL, CLI_STRING, S(formats), NULL, NULL},
    {"--base-url", NULL, CLI_STRING, S(base_url), NULL, NULL},
    {"--episode", NULL, CLI_STRING, S(episode), NULL, NULL},
    {"--program", NULL, CLI_STRING, S(program), NULL, NULL},
    {"--jobs", NULL, CLI_FLAG, S(list_jobs), NULL, NULL},
    {"--jobs-json", NULL, CLI_FLAG, S(jobs_json), NULL, NULL},
    {"--no-render", NULL, CLI_FLAG, S(no_render), NULL, NULL},
    {"--force", NULL, CLI_FLAG, S(force), NULL, NULL},
};
#undef S

typedef struct site_args {
    site_options site;
    render_options render;
    pcast_site_config cfg;
    const char *source;
    /* the arguments a job repeats: all but the site-level ones */
    char **pass;
    size_t pass_count;
} site_args;

/* A site-level option that a job does not repeat (with its value when
 * takes_value). */
static bool site_level(const char *arg, bool *takes_value)
{
    static const char *const valued[] = {"--output", "-o", "--episode", "--program"};
    static const char *const flags[] = {"--jobs", "--jobs-json", "--no-render"};
    *takes_value = false;
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(valued[i]);
        if (!strcmp(arg, valued[i]))
            return (*takes_value = true);
        if (!strncmp(arg, valued[i], n) && arg[n] == '=')
            return true;
    }
    return !strcmp(arg, flags[0]) || !strcmp(arg, flags[1]) || !strcmp(arg, flags[2]);
}

/* Whether arg is an option (site's first, then render's) that takes
 * the next argument. */
static bool takes_value(const char *arg)
{
    const size_t nsite = sizeof site_option_table / sizeof *site_option_table;
    for (size_t i = 0; i < nsite + render_option_count; i++) {
        const cli_option *o = i < nsite ? &site_option_table[i] : &render_option_table[i - nsite];
        if (!strcmp(arg, o->name) || (o->alias && !strcmp(arg, o->alias)))
            return o->kind != CLI_FLAG;
    }
    return false;
}

/* Keeps the arguments (argv, already checked by cli_parse) that a job
 * repeats: every option but the site-level ones, not the operand. */
static bool collect_pass(site_args *a, int argc, char **argv)
{
    a->pass = calloc((size_t)argc + 1, sizeof *a->pass);
    if (!a->pass)
        return false;
    bool opts_on = true;
    for (int i = 1; i < argc; i++) {
        bool value;
        if (opts_on && !strcmp(argv[i], "--")) {
            opts_on = false;
        } else if (!opts_on || argv[i][0] != '-' || !argv[i][1]) {
            continue; /* the operand */
        } else if (site_level(argv[i], &value)) {
            i += value;
        } else {
            a->pass[a->pass_count++] = argv[i];
            if (takes_value(argv[i]) && i + 1 < argc)
                a->pass[a->pass_count++] = argv[++i];
        }
    }
    return true;
}

/* The modes the synopsis keeps apart ([--jobs | --jobs-json [--program
 * PATH] | --episode POST | --no-render]) and a --base-url a feed can use;
 * 0 or the usage error's status (one of them was silently chosen, an
 * option silently ignored, a URL written into every link). */
static int check_modes(const site_options *o)
{
    const char *names[] = {"--jobs", "--jobs-json", "--episode", "--no-render"};
    const bool given[] = {o->list_jobs, o->jobs_json, o->episode != NULL, o->no_render};
    const char *first = NULL;
    for (size_t i = 0; i < 4; i++) {
        if (given[i] && first)
            return cli_usage_error("site: %s and %s: give one", first, names[i]);
        if (given[i])
            first = names[i];
    }
    if (o->program && !o->list_jobs && !o->jobs_json)
        return cli_usage_error("site: --program names the postcast the jobs run: it goes with "
                               "--jobs or --jobs-json");
    if (o->force && o->no_render)
        return cli_usage_error("site: --force renders every episode; --no-render none: give one");
    const char *u = o->base_url;
    size_t scheme = !u ? 0 : !strncmp(u, "https://", 8) ? 8 : !strncmp(u, "http://", 7) ? 7 : 0;
    if (u && (!scheme || !u[scheme] || u[scheme] == '/' || strpbrk(u, " \t\n\"<>")))
        return cli_usage_error("site: bad --base-url '%s' (the site's public address: "
                               "https://host/path)", u);
    return 0;
}

/* The site's folder is there and is a folder (a post given instead
 * would be opened as one), and -o is none of it or a folder not its own:
 * 0, or the error's exit status, printed. */
static int check_folders(const char *source, const char *output)
{
    struct stat src, out;
    errno = 0;
    bool is_dir = !stat(source, &src) && S_ISDIR(src.st_mode);
    int e = errno;
    if (is_dir && stat(output, &out))
        return 0;
    if (is_dir && S_ISDIR(out.st_mode) && (src.st_dev != out.st_dev || src.st_ino != out.st_ino))
        return 0;
    if (is_dir)
        return cli_usage_error("site: -o %s: is %s; write the podcast to a folder of its own "
                               "(-o public)", output, S_ISDIR(out.st_mode) ? "the site's own "
                               "folder" : "not a folder");
    fputs("postcast: error: ", stderr);
    term_put(stderr, source);
    if (!e) {
        fputs(": is not a folder; site takes a blog's folder of posts (one post: postcast "
              "render POST)\n", stderr);
        return EXIT_USAGE;
    }
    fprintf(stderr, ": cannot open: %s\n", strerror(e));
    return EXIT_INPUT;
}

static int parse(site_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->render = render_options_init();
    cli_group groups[] = {CLI_GROUP(site_option_table, &a->site),
                          {render_option_table, render_option_count, &a->render}};
    int rc = cli_parse("site", groups, 2, argc, argv, &a->source);
    if (!rc)
        rc = cli_need_operand("site", a->source, "site folder");
    if (!rc && !a->site.output)
        rc = cli_usage_error("site: no output folder given (-o DIR)");
    if (!rc)
        rc = cli_one_of("site", "--format", a->render.format, "--formats", a->site.formats);
    if (!rc)
        rc = cli_one_of("site", "-q", a->render.quiet, "-v", a->render.verbose);
    if (!rc)
        rc = check_modes(&a->site);
    if (!rc)
        rc = check_folders(a->source, a->site.output);
    if (rc)
        return rc;
    if (!collect_pass(a, argc, argv))
        return cli_out_of_memory();
    a->cfg = pcast_site_config_init();
    a->cfg.source_dir = a->source;
    a->cfg.output_dir = a->site.output;
    a->cfg.formats = a->site.formats ? a->site.formats : a->render.format;
    a->cfg.base_url = a->site.base_url;
    a->cfg.cast_path = a->render.cast;
    a->cfg.voice_dirs = a->render.voice_dirs.items;
    a->cfg.voice_dir_count = a->render.voice_dirs.count;
    a->cfg.render = render_config_from(&a->render);
    a->cfg.render.format = NULL;
    a->cfg.force = a->site.force;
    return 0;
}

/* C0 controls, DEL, and C1 controls as UTF-8 (C2 80..C2 9F) at p. */
static bool is_control(const unsigned char *p)
{
    return *p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
}

/* Writes s to f quoted for a shell: bare when it is plain, else in single
 * quotes, else, when it holds a control byte (a newline would split the
 * job list and an escape would reach the terminal), as bash's $'...' with
 * every such byte as \xHH. */
static void put_quoted(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (n && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") == n) {
        fputs(s, f);
        return;
    }
    bool control = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        control |= is_control(p);
    fputs(control ? "$'" : "'", f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (control && is_control(p)) {
            fprintf(f, "\\x%02x", *p);
            if (*p == 0xc2)
                fprintf(f, "\\x%02x", *++p);
        } else if (control && (*p == '\\' || *p == '\''))
            fprintf(f, "\\%c", *p);
        else if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    fputc('\'', f);
}

/* The command that renders post i on its own (SRC: src), as argv (NULL-ended). */
static const char **job_argv(const site_args *a, const char *src, const pcast_site_post *p,
                             size_t *n)
{
    const char **v = calloc(a->pass_count + 9, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    v[k++] = a->site.program ? a->site.program : "postcast";
    v[k++] = "site";
    v[k++] = src;
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
    json_t *list = a->site.jobs_json ? json_array() : NULL;
    char src[4096]; /* a SRC such as -blog would be read as an option by the job */
    snprintf(src, sizeof src, "%s%s", *a->cfg.source_dir == '-' ? "./" : "", a->cfg.source_dir);
    for (size_t i = 0; i < pcast_site_post_count(site); i++) {
        const pcast_site_post *p = pcast_site_post_get(site, i);
        if (p->state != PCAST_SITE_STALE)
            continue;
        size_t n;
        const char **v = job_argv(a, src, p, &n);
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
        term_put_json(stdout, text);
        free(text);
    }
    return 0;
}

static void on_log(void *user, const char *slug, const char *what)
{
    const site_args *a = user;
    if (!a->render.quiet && (a->render.verbose || strcmp(what, "fresh"))) {
        if (slug)
            term_printf(stderr, "postcast: site: %s: %s", slug, what);
        else
            term_printf(stderr, "postcast: site: %s", what);
        fputs("\n", stderr);
    }
}

static int render_one(pcast_site *site, const site_args *a)
{
    size_t i = pcast_site_find(site, a->site.episode);
    const pcast_site_post *p = i == SIZE_MAX ? NULL : pcast_site_post_get(site, i);
    if (!p)
        return cli_usage_error("site: --episode: '%s' is not a post of the site", a->site.episode);
    if (p->state == PCAST_SITE_SKIPPED) {
        on_log((void *)a, p->slug, p->skip_reason);
        return 0;
    }
    pcast_error err;
    if (p->state == PCAST_SITE_STALE && pcast_site_render(site, i, &err))
        return cli_report_render(&err);
    return 0;
}

/* Renders the stale episodes (unless --no-render) and assembles the
 * site; 0 or an exit status. */
static int build(pcast_site *site, site_args *a)
{
    pcast_error err;
    for (size_t i = 0; i < pcast_site_post_count(site); i++) {
        const pcast_site_post *p = pcast_site_post_get(site, i);
        if (p->state == PCAST_SITE_SKIPPED)
            on_log(a, p->slug, p->skip_reason);
        else if (p->state == PCAST_SITE_STALE && !a->site.no_render &&
                 pcast_site_render(site, i, &err))
            return cli_report_render(&err);
    }
    if (pcast_site_assemble(site, &err))
        return cli_report(&err);
    pcast_site_stats st = pcast_site_get_stats(site);
    if (!a->render.quiet)
        fprintf(stderr, "postcast: site: %zu episode%s, %zu rendered, %zu in the feed, %zu removed\n",
                st.episodes, st.episodes == 1 ? "" : "s", st.rendered, st.in_feed, st.removed);
    return 0;
}

static int run_site(int argc, char **argv)
{
    site_args a;
    int rc = parse(&a, argc, argv);
    if (rc) {
        free(a.pass);
        return rc;
    }
    cli_install_signals();
    a.cfg.log = on_log;
    a.cfg.user = &a;
    pcast_error err;
    pcast_site *site = NULL;
    if (pcast_site_open(&a.cfg, &site, &err)) {
        free(a.pass);
        return cli_report(&err);
    }
    if (a.site.list_jobs || a.site.jobs_json)
        rc = list_jobs(&a, site);
    else if (a.site.episode)
        rc = render_one(site, &a);
    else
        rc = build(site, &a);
    pcast_site_free(site);
    free(a.pass);
    return rc;
}

const cli_command cli_site = {
    "site",
    "postcast site SRC -o OUT [--formats mp3,opus] [--base-url URL] [--force]\n"
    "                  [--jobs | --jobs-json [--program PATH] | --episode POST | --no-render]\n"
    "                  [--cast CAST.yaml] [--voices DIR] [--pause KIND=SECS] [-j N] [-q|-v]\n"
    "                  [--loudness L] [--stereo] [--rate HZ] [--cache-dir DIR] [--no-cache]",
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
    "  --program P   the postcast the job commands run (default: postcast)\n"
    "  --formats     the episode's formats, of wav, flac, mp3 or opus, comma-separated;\n"
    "                the first the enclosure (default mp3,opus)\n"
    "  --base-url    the site's public URL (default: the site's config)\n"
    "  --force       render every episode again\n"
    "The render options are render's; -j N is its worker count (--jobs alone lists jobs).\n",
    run_site,
};
