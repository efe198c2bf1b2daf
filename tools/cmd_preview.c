/* postcast preview: one section (or turn) aloud now, as the episode has it. */
#include "cmd_render.h"

#include "cli.h"
#include "term.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct preview_options {
    const char *section, *turn, *from_line, *driver;
} preview_options;

#define P(field) offsetof(preview_options, field)
static const cli_option preview_table[] = {
    {"--section", "-s", CLI_STRING, P(section), NULL, NULL},
    {"--turn", "-t", CLI_STRING, P(turn), NULL, NULL},
    {"--from-line", NULL, CLI_STRING, P(from_line), NULL, NULL},
    {"--driver", NULL, CLI_STRING, P(driver), NULL, NULL},
};
#undef P

enum { NO_NUMBER, NO_TITLE, SEVERAL };

/* Why want picks no section, then the sections. */
static int list_sections(const pcast_post *post, int why, const char *want)
{
    if (why == NO_NUMBER)
        term_printf(stderr, "postcast: preview: no section %s", want);
    else if (why == NO_TITLE)
        term_printf(stderr, "postcast: preview: no section '%s'", want);
    else
        term_printf(stderr, "postcast: preview: '%s' matches several sections", want);
    fputs("; the sections are:\n", stderr);
    for (size_t i = 0; i < pcast_post_section_count(post); i++) {
        fprintf(stderr, "  %zu. ", i + 1);
        term_put(stderr, pcast_post_section(post, i)->title);
        fputs("\n", stderr);
    }
    return EXIT_USAGE;
}

/* --section N|TITLE: a number as `postcast chapters` counts, a title
 * (case-insensitive), or a unique prefix of one. */
static int find_section(const pcast_post *post, const char *want, size_t *out)
{
    size_t n = pcast_post_section_count(post);
    unsigned long num;
    if (cli_parse_count(want, &num)) {
        if (num > n)
            return list_sections(post, NO_NUMBER, want);
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
    return list_sections(post, hits ? SEVERAL : NO_TITLE, want);
}

static int list_turns(const pcast_section *s, const char *what)
{
    term_printf(stderr, "postcast: preview: no turn %s in '%s'; its turns are:", what, s->title);
    fputs("\n", stderr);
    char words[256];
    for (size_t j = 0; j < s->turn_count; j++) {
        const pcast_turn *t = &s->turns[j];
        term_first_words(t->paragraph_count ? t->paragraphs[0] : "", 50, words, sizeof words);
        fprintf(stderr, "  %zu. ", j + 1);
        term_put(stderr, t->speaker);
        fputs(": ", stderr);
        term_put(stderr, words);
        fprintf(stderr, "  (line %lu)\n", t->line);
    }
    return EXIT_USAGE;
}

/* The turn that holds source line: the last one starting at or before it
 * (SIZE_MAX for a section's title). */
static void find_line(const pcast_post *post, unsigned long line, size_t *section, size_t *turn)
{
    for (size_t i = 0; i < pcast_post_section_count(post); i++) {
        const pcast_section *s = pcast_post_section(post, i);
        if (i > 0 && s->line <= line) {
            *section = i;
            *turn = SIZE_MAX;
        }
        for (size_t j = 0; j < s->turn_count; j++)
            if (s->turns[j].line <= line && (i > 0 || j > 0)) {
                *section = i;
                *turn = j;
            }
    }
}

/* The number of lines of the file at path (a last line without its
 * line break counts); 0 when it cannot be read. */
static unsigned long count_lines(const char *path)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return 0;
    unsigned long n = 0;
    int c, last = '\n';
    while ((c = getc(f)) != EOF) {
        n += c == '\n';
        last = c;
    }
    fclose(f);
    return n + (last != '\n');
}

/* The clips to speak: section's (or turn's, or from turn to the section's
 * end), into *first and *count. Non-zero after printing the error. */
static int clip_span(const pcast_plan *plan, size_t section, size_t turn, bool to_end,
                     size_t *first, size_t *count)
{
    size_t sfirst, scount;
    if (pcast_plan_span(plan, section, SIZE_MAX, &sfirst, &scount)) {
        fprintf(stderr, "postcast: error: section %zu has nothing to say\n", section + 1);
        return EXIT_INPUT;
    }
    *first = sfirst;
    *count = scount;
    if (turn != SIZE_MAX) {
        if (pcast_plan_span(plan, section, turn, first, count)) {
            fprintf(stderr, "postcast: error: turn %zu of section %zu has nothing to say\n",
                    turn + 1, section + 1);
            return EXIT_INPUT;
        }
        if (to_end)
            *count = sfirst + scount - *first;
    }
    return 0;
}

/* The options that go together, and the numbers in them; 0 or the
 * usage error's status. */
static int check_options(const preview_options *p, const render_options *o,
                         unsigned long *line, unsigned long *turn_no)
{
    if (!p->section && !p->from_line)
        return cli_usage_error("preview: which part? --section N|TITLE or --from-line L");
    if (p->from_line && (p->section || p->turn))
        return cli_usage_error("preview: --from-line goes alone (it picks the section and turn)");
    if (p->driver && o->output)
        return cli_usage_error("preview: --driver plays; -o writes: choose one");
    if (p->from_line && !cli_parse_count(p->from_line, line))
        return cli_usage_error("preview: bad --from-line '%s'", p->from_line);
    if (p->turn && !cli_parse_count(p->turn, turn_no))
        return cli_usage_error("preview: bad --turn '%s'", p->turn);
    return 0;
}

static int run_preview(int argc, char **argv)
{
    render_options o = render_options_init();
    preview_options p = {0};
    cli_group groups[] = {CLI_GROUP(preview_table, &p),
                          {render_option_table, render_option_count, &o}};
    const char *path;
    unsigned long line = 0, turn_no = 0;
    int rc = cli_parse("preview", groups, 2, argc, argv, &path);
    if (rc || (rc = cli_need_operand("preview", path, "post")) ||
        (rc = cli_one_of("preview", "-q", o.quiet, "-v", o.verbose)) ||
        (rc = check_options(&p, &o, &line, &turn_no)) ||
        (o.output && (rc = cli_check_output(o.output, "preview.wav"))))
        return rc;
    cli_install_signals();
    pcast_error err;
    episode ep;
    if (!episode_load(path, &o, &ep, &err)) {
        rc = cli_report(&err);
        goto done;
    }
    const char *reads[] = {o.cast, o.lexicon, o.chapters};
    static const char *const read_as[] = {"--cast", "--lexicon", "--chapters"};
    if ((rc = cli_check_overwrite(o.output, reads, read_as, 3)))
        goto done;
    size_t section = 0, turn = SIZE_MAX;
    unsigned long lines = p.from_line ? count_lines(pcast_post_path(ep.post)) : 0;
    if (p.from_line && lines && line > lines) {
        fprintf(stderr, "postcast: error: --from-line %lu: the post has %lu lines\n", line, lines);
        rc = EXIT_USAGE;
        goto done;
    }
    if (p.from_line) {
        find_line(ep.post, line, &section, &turn);
    } else if ((rc = find_section(ep.post, p.section, &section))) {
        goto done;
    } else if (p.turn) {
        const pcast_section *s = pcast_post_section(ep.post, section);
        if (turn_no > s->turn_count) {
            rc = list_turns(s, p.turn);
            goto done;
        }
        turn = turn_no - 1;
    }
    size_t first, count;
    if ((rc = clip_span(ep.plan, section, turn, p.from_line != NULL, &first, &count)))
        goto done;
    pcast_render_config cfg = render_config_from(&o);
    cfg.output_path = o.output;
    cfg.device = o.output ? NULL : p.driver ? p.driver : "";
    cfg.first_clip = first;
    cfg.clip_count = count;
    if (pcast_render(ep.post, ep.cast, ep.plan, &cfg, NULL, &err))
        rc = cli_report_render(&err);
done:
    episode_free(&ep);
    return rc;
}

const cli_command cli_preview = {
    "preview",
    "postcast preview POST.md (--section N|TITLE [--turn K] | --from-line L)\n"
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
    "  -o FILE                write it instead of playing, in any format render\n"
    "                         writes (by the extension, or --format); -o - streams\n"
    "                         WAV to standard output:  ... -o - | aplay\n"
    "  --driver NAME          a libao driver (pulse, alsa, oss, null) instead of\n"
    "                         the default device\n"
    "Also as for render: --format, --cast, --voices, --pause, --stereo, --rate,\n"
    "--loudness, --lexicon, --chapters, --from, --engine, -j, -q, -v, --cache-dir,\n"
    "--no-cache, --cache-max. A preview is spoken without music.\n"
    "Ctrl-C stops at once (exit 130).\n",
    run_preview,
};
