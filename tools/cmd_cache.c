/* postcast cache: the clip cache's size, or empty it. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <jansson.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct cache_options {
    bool json, no_cache;
    const char *dir;
    uint64_t max_bytes; /* taken and ignored, as render's */
} cache_options;

static const cli_option cache_table[] = {
    {"--cache-dir", NULL, CLI_STRING, offsetof(cache_options, dir), NULL, NULL},
    {"--no-cache", NULL, CLI_FLAG, offsetof(cache_options, no_cache), NULL, NULL},
    {"--cache-max", NULL, CLI_PARSE, offsetof(cache_options, max_bytes), cli_parse_size,
     "e.g. 500M, 2G"},
    {"--json", NULL, CLI_FLAG, offsetof(cache_options, json), NULL, NULL},
};

/* --json: {"dir", "entries", "bytes"}, and for clear "cleared" (false
 * where there was no cache). Returns the exit status. */
static int print_json(const char *dir, size_t entries, uint64_t bytes, int cleared)
{
    char *name = term_valid_utf8(dir); /* a path is bytes */
    json_t *j = name ? json_pack("{s:s, s:I, s:I}", "dir", name, "entries", (json_int_t)entries,
                                 "bytes", (json_int_t)bytes)
                     : NULL;
    if (j && cleared >= 0)
        json_object_set_new(j, "cleared", json_boolean(cleared));
    free(name);
    return cli_print_json(j);
}

static int run_cache(int argc, char **argv)
{
    cache_options o = {0};
    cli_group groups[] = {CLI_GROUP(cache_table, &o)};
    const char *action;
    int rc = cli_parse("cache", groups, 1, argc, argv, &action);
    if (rc)
        return rc;
    if (!action)
        return cli_usage_error("cache: no action given (stats or clear)");
    if (strcmp(action, "stats") && strcmp(action, "clear"))
        return cli_usage_error("cache: unknown action '%s' (stats or clear)", action);
    bool clear = !strcmp(action, "clear");
    const char *dir = o.dir ? o.dir : pcast_cache_default_dir();
    struct stat st;
    bool absent = lstat(dir, &st) && errno == ENOENT;
    pcast_error err;
    size_t entries = 0;
    uint64_t bytes = 0;
    if (!absent && pcast_cache_stats(dir, &entries, &bytes, &err))
        return cli_report(&err);
    if (clear && !absent && pcast_cache_clear(dir, &err))
        return cli_report(&err);
    if (o.json)
        return print_json(dir, entries, bytes, clear ? !absent : -1);
    if (clear && absent) {
        term_put(stdout, dir);
        fputs(": no cache there; nothing to clear\n", stdout);
    } else if (clear) {
        fputs("cleared ", stdout);
        term_put(stdout, dir);
        printf(" (%zu clips, %.1f MiB)\n", entries, (double)bytes / (1 << 20));
    } else {
        term_put(stdout, dir);
        printf(": %zu clips, %.1f MiB%s\n", entries, (double)bytes / (1 << 20),
               absent ? " (no cache there yet)" : "");
    }
    return 0;
}

const cli_command cli_cache = {
    "cache", "postcast cache stats|clear [--cache-dir DIR] [--json]",
    "Shows the clip cache's size, or empties it. Rendered clips are kept by a\n"
    "hash of everything that shapes their samples, so a re-render speaks only\n"
    "what changed.\n"
    "\n"
    "  --cache-dir DIR  the cache (default $XDG_CACHE_HOME/postcast, else\n"
    "                   ~/.cache/postcast)\n"
    "  --json           {\"dir\", \"entries\", \"bytes\"}, and for clear \"cleared\"\n",
    run_cache,
};
