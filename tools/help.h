/* The usage summary and each command's help. */
#ifndef POSTCAST_TOOLS_HELP_H
#define POSTCAST_TOOLS_HELP_H

#include "cli.h"

#include <stdio.h>

/* The summary: one synopsis per command of table[0..count), then
 * --help/--version and the exit statuses. */
void help_print_usage(FILE *f, const cli_command *const *table, size_t count);

/* "Usage: SYNOPSIS\n\nHELP" on stdout. */
void help_print_command(const cli_command *c);

#endif
