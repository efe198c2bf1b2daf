/* postcast feed --check FEED.xml: the checks podcast directories apply,
 * as far as the feed and the files beside it show. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void on_problem(void *user, const pcast_feed_problem *p)
{
    printf("%s: %s: [%s] %s\n", (const char *)user, p->item, p->rule, p->detail);
}

static int run_feed(int argc, char **argv)
{
    const char *path = NULL;
    int check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check")) {
            check = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "postcast: feed: unknown option '%s'\nTry 'postcast help feed'.\n",
                    argv[i]);
            return EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "postcast: feed: unexpected argument '%s'\nTry 'postcast help feed'.\n",
                    argv[i]);
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (!check || !path) {
        fprintf(stderr, "postcast: feed: %s\nTry 'postcast help feed'.\n",
                !check ? "what to do? (--check)" : "no feed given");
        return EXIT_USAGE;
    }
    pcast_error err;
    size_t problems = 0;
    if (pcast_feed_check(path, on_problem, (void *)path, &problems, &err))
        return cli_report(&err);
    if (problems) {
        fprintf(stderr, "postcast: feed: %zu problem%s in %s\n", problems, problems == 1 ? "" : "s",
                path);
        return EXIT_INPUT;
    }
    printf("%s: ok\n", path);
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
