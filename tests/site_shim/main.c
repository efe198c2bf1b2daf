/* A stand-in main for `postcast site` and `postcast feed` until the CLI
 * split (issue 11) lands and they become rows of its command table. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

volatile int cli_stop_signal;

int cli_report(const pcast_error *e)
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

int cli_report_render(const pcast_error *e)
{
    if (e->status == PCAST_ERR_INTERRUPTED) {
        fputs("\npostcast: interrupted; no episode written\n", stderr);
        return 128 + (cli_stop_signal ? cli_stop_signal : SIGINT);
    }
    return cli_report(e);
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
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

int main(int argc, char **argv)
{
    const cli_command *cmds[] = {&cli_site, &cli_feed};
    for (size_t i = 0; argc > 1 && i < 2; i++) {
        if (strcmp(argv[1], cmds[i]->name))
            continue;
        for (int k = 2; k < argc; k++)
            if (!strcmp(argv[k], "--help")) {
                printf("Usage: %s\n\n%s", cmds[i]->synopsis, cmds[i]->help);
                return 0;
            }
        return cmds[i]->run(argc - 1, argv + 1);
    }
    fputs("usage: postcast-site site|feed ...\n", stderr);
    return EXIT_USAGE;
}
