/* A stand-in for tools/cli.h until the CLI split (issue 11) lands: just
 * what tools/cmd_site.c and tools/cmd_feed.c use. Removed then. */
#ifndef POSTCAST_TOOLS_CLI_H
#define POSTCAST_TOOLS_CLI_H

#include <postcast/postcast.h>

#define EXIT_INPUT 1
#define EXIT_USAGE 2

typedef struct cli_command {
    const char *name;
    const char *synopsis;
    const char *help;
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_site, cli_feed;
int cli_report(const pcast_error *e);
int cli_report_render(const pcast_error *e);
int cli_out_of_memory(void);
void cli_install_signals(void);
extern volatile int cli_stop_signal;

#endif
