/* The usage summary and each command's help. */
#include "help.h"

void help_print_usage(FILE *f, const cli_command *const *table, size_t count)
{
    fputs("postcast turns Markdown posts and podcast transcripts into chapter-marked\n"
          "podcast episodes.\n\nUsage:\n",
          f);
    for (size_t i = 0; i < count; i++)
        fprintf(f, "  %s\n", table[i]->synopsis);
    fputs("  postcast --help | --version\n\n"
          "Run 'postcast help COMMAND' for a command's options. A POST given as '-'\n"
          "is read from standard input (render then needs -o).\n"
          "Exit status: 0 success, 1 bad input or failure, 2 bad usage.\n",
          f);
}

void help_print_command(const cli_command *c)
{
    printf("Usage: %s\n\n%s", c->synopsis, c->help);
}
