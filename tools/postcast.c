/* postcast: the command-line tool, a thin client of <postcast/postcast.h>. */
#include <postcast/postcast.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Options: flags may come before or after the post; "--" ends them. */
typedef struct args {
    const char *post;
    bool json;
} args;

static int parse_args(const char *cmd, int argc, char **argv, args *a)
{
    bool opts = true;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (opts && !strcmp(s, "--")) {
            opts = false;
        } else if (opts && !strcmp(s, "--json")) {
            a->json = true;
        } else if (opts && s[0] == '-' && s[1]) {
            return usage_error("%s: unknown option '%s'", cmd, s);
        } else if (!a->post) {
            a->post = s;
        } else {
            return usage_error("%s: unexpected argument '%s'", cmd, s);
        }
    }
    if (!a->post)
        return usage_error("%s: no post given", cmd);
    return 0;
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
    args a = {0};
    int rc = parse_args("script", argc, argv, &a);
    if (rc)
        return rc;
    pcast_post *post;
    pcast_error err;
    if (pcast_post_load(a.post, NULL, &post, &err) != PCAST_OK)
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
        printf("   %-32s %4zu turn%s%s\n", s->name, s->turns, s->turns == 1 ? " " : "s",
               s->narrator ? "  (narrator)" : "");
    }
    pcast_post_free(post);
    return 0;
}

static int cmd_help(int argc, char **argv);

static const command commands[] = {
    {"script", "postcast script POST.md [--json]",
     "Reads a post and prints its script: the sections (chapters), each speaker\n"
     "turn with its first words, and the speakers with their turn counts.\n"
     "\n"
     "  --json   print the script as JSON:\n"
     "           {\"title\", \"date\", \"lang\", \"description\", \"categories\",\n"
     "            \"speakers\": [{\"name\", \"narrator\", \"turns\"}],\n"
     "            \"sections\": [{\"title\", \"line\", \"turns\":\n"
     "                [{\"speaker\", \"paragraphs\", \"line\", \"labeled\"}]}]}\n",
     cmd_script},
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
