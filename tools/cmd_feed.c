/* postcast feed --check FEED.xml: the checks podcast directories apply,
 * as far as the feed and the files beside it show. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <stddef.h>

#include <stdio.h>
#include <string.h>

static void on_problem(void *user, const pcast_feed_problem *p)
{
    term_printf(stdout, "%s: %s: [%s] %s", (const char *)user, p->item, p->rule, p->detail);
    putchar('\n');
}

typedef struct feed_options {
    bool check;
} feed_options;

static const cli_option feed_option_table[] = {
    {"--check", NULL, CLI_FLAG, offsetof(feed_options, check), NULL, NULL},
};

static int run_feed(int argc, char **argv)
{
    feed_options o = {false};
    const char *path = NULL;
    cli_group group = CLI_GROUP(feed_option_table, &o);
    int rc = cli_parse("feed", &group, 1, argc, argv, &path);
    if (!rc && !o.check)
        rc = cli_usage_error("feed: what to do? (--check)");
    if (!rc)
        rc = cli_need_operand("feed", path, "feed");
    if (rc)
        return rc;
    pcast_error err;
    size_t problems = 0;
    if (pcast_feed_check(path, on_problem, (void *)path, &problems, &err))
        return cli_report(&err);
    if (problems) {
        term_printf(stderr, "postcast: feed: %zu problem%s in %s", problems,
                    problems == 1 ? "" : "s", path);
        fputs("\n", stderr);
        return EXIT_INPUT;
    }
    term_put(stdout, path);
    fputs(": ok\n", stdout);
    return 0;
}

const cli_command cli_feed = {
    "feed",
    "postcast feed --check FEED.xml",
    "Checks a podcast feed as Apple Podcasts and Podcast Index would, as far as the\n"
    "feed and the files beside it show: well-formed XML, the required channel and item\n"
    "tags, unique guids and enclosure URLs, each enclosure's length equal to its file's\n"
    "size, the artwork (square PNG or JPEG, RGB, 1400-3000 px), itunes:duration within\n"
    "1 s of the audio, and the chapters and transcripts named. URLs under the feed's own\n"
    "URL (atom:link rel=self) name files beside FEED.xml. Prints one line per failure,\n"
    "ITEM: [RULE] what, and exits 1 when there is any.\n",
    run_feed,
};
