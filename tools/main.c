/* postcast: the command-line tool, a thin client of <postcast/postcast.h>.
 * Each command is a file (tools/cmd_NAME.c defining cli_NAME) and a row
 * of the table below. */
#include "args.h"
#include "cli.h"
#include "help.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int run_help(int argc, char **argv);

static const cli_command cli_help = {
    "help", "postcast help COMMAND", "Shows the help of a command.\n", run_help,
};

/* In the order of the usage summary. */
static const cli_command *const commands[] = {
    &cli_script, &cli_plan, &cli_render, &cli_preview, &cli_cast,
    &cli_chapters, &cli_voices, &cli_cache, &cli_site, &cli_feed, &cli_help,
};
#define COMMAND_COUNT (sizeof commands / sizeof *commands)

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (!strcmp(commands[i]->name, name))
            return commands[i];
    return NULL;
}

/* The command name nearest to a mistyped one, or NULL. */
static const char *nearest_command(const char *name)
{
    const char *names[COMMAND_COUNT];
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        names[i] = commands[i]->name;
    return cli_nearest(name, strlen(name), names, COMMAND_COUNT);
}

static int run_help(int argc, char **argv)
{
    if (argc < 2) {
        help_print_usage(stdout, commands, COMMAND_COUNT);
        return 0;
    }
    const cli_command *c = find_command(argv[1]);
    if (!c) {
        cli_usage_set_command(NULL);
        const char *near = nearest_command(argv[1]);
        if (near)
            return cli_usage_error("help: no command '%s'; did you mean '%s'?", argv[1], near);
        return cli_usage_error("help: no command '%s'", argv[1]);
    }
    help_print_command(c);
    return 0;
}

/* rc, or EXIT_INPUT when what the command printed could not all be
 * written (a full disk, a closed pipe with SIGPIPE ignored): said on
 * stderr, since the output is short of what it should be. */
static int finish_stdout(int rc)
{
    errno = 0;
    bool flushed = fflush(stdout) == 0;
    int e = errno;
    if (flushed && !ferror(stdout))
        return rc;
    fputs("postcast: error: standard output: write failed", stderr);
    if (!flushed && e)
        fprintf(stderr, ": %s", strerror(e));
    fputs("\n", stderr);
    return rc ? rc : EXIT_INPUT;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        help_print_usage(stderr, commands, COMMAND_COUNT);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        if (argc > 2) /* postcast --help render: as postcast help render */
            return run_help(argc - 1, argv + 1);
        help_print_usage(stdout, commands, COMMAND_COUNT);
        return 0;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("postcast %s\n", pcast_version());
        return 0;
    }
    const cli_command *c = find_command(name);
    if (!c) {
        static const char *const global_options[] = {"--help", "--version"};
        const char *near = name[0] == '-'
                               ? cli_nearest(name, strcspn(name, "="), global_options, 2)
                               : nearest_command(name);
        const char *what = name[0] == '-' ? "option" : "command";
        if (near)
            return cli_usage_error("unknown %s '%s'; did you mean '%s'?", what, name, near);
        return cli_usage_error("unknown %s '%s'", what, name);
    }
    cli_usage_set_command(c->name);
    for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help_print_command(c);
            return 0;
        }
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    return finish_stdout(dispatch(argc, argv));
}
