/* Command-line parsing shared by every command: each command describes
 * its options in a table (or several: render and preview share one) and
 * cli_parse fills the command's own options struct from argv.
 *
 * Options may come before or after the operand; "--" ends them; a lone
 * "-" is an operand. A value option takes its value from the next
 * argument, after '=' (--jobs=4) or, for a one-letter alias, right
 * after it (-j4). Every usage error is printed as
 * "postcast: CMD: what\nTry 'postcast help CMD'." and returns EXIT_USAGE;
 * an unknown option names the nearest one ("did you mean '--format'?"). */
#ifndef POSTCAST_TOOLS_ARGS_H
#define POSTCAST_TOOLS_ARGS_H

#include <postcast/postcast.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_LIST_MAX 16

/* A repeatable string option's values, in order (--voices A --voices B). */
typedef struct cli_list {
    const char *items[CLI_LIST_MAX];
    size_t count;
} cli_list;

typedef enum cli_kind {
    CLI_FLAG,   /* no value; sets a bool */
    CLI_STRING, /* a const char * pointing into argv */
    CLI_LIST,   /* appends to a cli_list; more than CLI_LIST_MAX is an error */
    CLI_PARSE   /* parse(value, slot); false prints "bad NAME 'VALUE' (HINT)" */
} cli_kind;

typedef struct cli_option {
    const char *name;  /* "--jobs" */
    const char *alias; /* "-j", or NULL */
    cli_kind kind;
    size_t offset;     /* of the slot in the group's struct */
    bool (*parse)(const char *value, void *slot); /* CLI_PARSE only */
    const char *hint;  /* CLI_PARSE only: what a good value looks like */
} cli_option;

/* A table of options and the struct their offsets point into. */
typedef struct cli_group {
    const cli_option *options;
    size_t count;
    void *target;
} cli_group;

#define CLI_GROUP(table, target) \
    ((cli_group){(table), sizeof(table) / sizeof *(table), (target)})

/* Parses argv[1..argc) for command cmd (argv[0] is the command's name)
 * into the groups' targets, which the caller has initialised with their
 * defaults. *operand gets the one operand, or NULL when there is none.
 * Returns 0, or EXIT_USAGE after printing the error (an unknown option, a
 * missing or bad value, a second operand); the targets may then be
 * partly filled. */
int cli_parse(const char *cmd, const cli_group *groups, size_t group_count, int argc,
              char **argv, const char **operand);

/* Prints "postcast: " + the formatted message + "\nTry 'postcast help
 * CMD'.\n" (CMD as set by cli_usage_set_command; "--help" before one is
 * set) to stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Names the command whose help a usage error points to (a string that
 * outlives the run, e.g. its cli_command's name); NULL: the overall help. */
void cli_usage_set_command(const char *name);

/* Of names[0..count) (NULL entries skipped), the first one nearest to the
 * word_len bytes at word, at most two edits away (an insertion, deletion,
 * substitution or swap of neighbours each) and fewer than half of
 * word_len; NULL when none is that near. Borrows; allocates nothing. */
const char *cli_nearest(const char *word, size_t word_len, const char *const *names,
                        size_t count);

/* Checks every --meta KEY=VALUE in meta: KEY (any case) one of author,
 * show (or podcast), episode, season, episode_type, explicit, copyright,
 * url, lang. Rewrites the items in place (argv strings): KEY lower-case,
 * podcast=V as show=V. Returns 0, or EXIT_USAGE after printing the first
 * bad item (with the nearest key); items before it are rewritten. */
int cli_check_meta(const char *cmd, cli_list *meta);

/* cli_usage_error("CMD: A and B: give one") when both options were
 * given (has_a, has_b), else 0. */
int cli_one_of(const char *cmd, const char *a, bool has_a, const char *b, bool has_b);

/* cli_usage_error("CMD: no WHAT given") when operand is NULL, and
 * "CMD: '-': standard input is read as a post only ..." when it is "-"
 * and WHAT is not "post" (a media file, a feed or a site folder is read
 * by its path); else 0. */
int cli_need_operand(const char *cmd, const char *operand, const char *what);

/* Value parsers for CLI_PARSE; each returns false and leaves *slot alone
 * when the value is bad. */
bool cli_parse_jobs(const char *value, void *slot);      /* unsigned, 1-64 */
bool cli_parse_rate_hz(const char *value, void *slot);   /* unsigned, 8000-192000 */
bool cli_parse_lufs(const char *value, void *slot);      /* double, -40 to -5 */
bool cli_parse_id3(const char *value, void *slot);       /* unsigned: "2.3" 3, "2.4" 4 */
bool cli_parse_size(const char *value, void *slot);      /* uint64_t: 123, 64K, 500M, 2G, 1T */
bool cli_parse_pause(const char *value, void *slot);     /* pcast_pauses: KIND=SECONDS */
/* What --pause takes, for its option's hint. */
#define CLI_PAUSE_HINT                                                                   \
    "KIND=SECONDS, 0-600; KIND is run, sentence, paragraph, turn, section_before, "      \
    "section_after, breath or comma"

/* A count from 1: digits only, not zero. */
bool cli_parse_count(const char *s, unsigned long *out);

/* pcast_pauses with every field unset (-1). */
pcast_pauses cli_pauses_unset(void);

#endif
