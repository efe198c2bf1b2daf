/* Option tables to options structs; value parsers; usage errors. */
#include "args.h"

#include "cli.h"
#include "term.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The command being run, for the "Try 'postcast help CMD'" line. */
static const char *usage_command;

void cli_usage_set_command(const char *name)
{
    usage_command = name;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("postcast: ", stderr);
    term_vprintf(stderr, fmt, ap);
    if (usage_command)
        fprintf(stderr, "\nTry 'postcast help %s'.\n", usage_command);
    else
        fputs("\nTry 'postcast --help'.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

#define NEAREST_MAX_LEN 64

/* Edits (insert, delete, substitute, swap two neighbours) from a to b;
 * more than NEAREST_MAX_LEN when either is longer than that. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > NEAREST_MAX_LEN || lb > NEAREST_MAX_LEN)
        return NEAREST_MAX_LEN + 1;
    size_t rows[3][NEAREST_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *cli_nearest(const char *word, size_t word_len, const char *const *names,
                        size_t count)
{
    char w[NEAREST_MAX_LEN + 1];
    if (word_len > NEAREST_MAX_LEN)
        return NULL;
    memcpy(w, word, word_len);
    w[word_len] = '\0';
    const char *best = NULL;
    size_t best_d = 3; /* at most two edits */
    for (size_t k = 0; k < count; k++) {
        size_t d = names[k] ? edit_distance(w, names[k]) : NEAREST_MAX_LEN + 1;
        if (d < best_d && 2 * d < word_len) {
            best = names[k];
            best_d = d;
        }
    }
    return best;
}

/* The long option nearest to arg (up to any '='), or NULL. */
static const char *nearest_option(const cli_group *groups, size_t group_count, const char *arg)
{
    const char *best = NULL;
    size_t len = strcspn(arg, "=");
    for (size_t g = 0; g < group_count; g++)
        for (size_t k = 0; k < groups[g].count; k++) {
            const char *name = groups[g].options[k].name;
            const char *cands[2] = {best, name};
            /* keeps the earlier one on a tie: the tables list common options first */
            const char *n = cli_nearest(arg, len, cands, 2);
            if (n)
                best = n;
        }
    return best;
}

int cli_need_operand(const char *cmd, const char *operand, const char *what)
{
    if (!operand)
        return cli_usage_error("%s: no %s given", cmd, what);
    if (strcmp(operand, "-") || !strcmp(what, "post"))
        return 0;
    return cli_usage_error("%s: '-': standard input is read as a post only (script, plan, cast, "
                           "render, preview); name the %s (./- for one named '-')", cmd, what);
}

/* The option arg names (exactly, by alias, as NAME=VALUE for a value
 * option, or as -XVALUE for a value option whose alias is -X), with
 * *inline_value set in the last two cases; NULL if none. */
static const cli_option *find_option(const cli_group *groups, size_t group_count,
                                     const char *arg, const char **inline_value,
                                     void **target)
{
    for (size_t g = 0; g < group_count; g++)
        for (size_t k = 0; k < groups[g].count; k++) {
            const cli_option *o = &groups[g].options[k];
            size_t len = strlen(o->name);
            bool exact = !strcmp(arg, o->name) || (o->alias && !strcmp(arg, o->alias));
            if (!exact && (o->kind == CLI_FLAG || strncmp(arg, o->name, len) || arg[len] != '='))
                continue;
            if (!exact)
                *inline_value = arg + len + 1;
            *target = groups[g].target;
            return o;
        }
    if (arg[0] != '-' || arg[1] == '-' || !arg[1] || !arg[2])
        return NULL;
    for (size_t g = 0; g < group_count; g++)
        for (size_t k = 0; k < groups[g].count; k++) {
            const cli_option *o = &groups[g].options[k];
            if (o->kind == CLI_FLAG || !o->alias || strlen(o->alias) != 2 ||
                strncmp(arg, o->alias, 2))
                continue;
            *inline_value = arg + 2;
            *target = groups[g].target;
            return o;
        }
    return NULL;
}

/* Whether option name is a file read by its path ("--cast -" said "-: cannot open"). */
static bool read_by_path(const char *name)
{
    static const char *const files[] = {"--cast",  "--chapters", "--lexicon", "--artwork",
                                        "--intro", "--outro",    "--bed"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (!strcmp(name, files[i]))
            return true;
    return false;
}

/* Stores value (NULL for a flag) in o's slot; EXIT_USAGE after an error. */
static int apply_option(const char *cmd, const cli_option *o, void *target, const char *value)
{
    void *slot = (char *)target + o->offset;
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)slot = true;
        return 0;
    case CLI_STRING:
        if (!strcmp(value, "-") && read_by_path(o->name))
            return cli_usage_error("%s: %s '-': standard input is read as a post only; name the "
                                   "file (./- for one named '-')", cmd, o->name);
        *(const char **)slot = value;
        return 0;
    case CLI_LIST: {
        cli_list *l = slot;
        if (l->count == CLI_LIST_MAX)
            return cli_usage_error("%s: too many %s", cmd, o->name);
        l->items[l->count++] = value;
        return 0;
    }
    case CLI_PARSE:
        if (!o->parse(value, slot))
            return cli_usage_error("%s: bad %s '%s' (%s)", cmd, o->name, value, o->hint);
        return 0;
    }
    return 0;
}

int cli_parse(const char *cmd, const cli_group *groups, size_t group_count, int argc,
              char **argv, const char **operand)
{
    bool opts_on = true;
    *operand = NULL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (opts_on && !strcmp(s, "--")) {
            opts_on = false;
            continue;
        }
        if (!opts_on || s[0] != '-' || !s[1]) {
            if (*operand)
                return cli_usage_error("%s: unexpected argument '%s'", cmd, s);
            *operand = s;
            continue;
        }
        const char *value = NULL;
        void *target = NULL;
        const cli_option *o = find_option(groups, group_count, s, &value, &target);
        if (!o) {
            const char *near = nearest_option(groups, group_count, s);
            if (near)
                return cli_usage_error("%s: unknown option '%s'; did you mean '%s'?", cmd, s,
                                       near);
            return cli_usage_error("%s: unknown option '%s'", cmd, s);
        }
        if (o->kind != CLI_FLAG && !value) {
            if (i + 1 >= argc)
                return cli_usage_error("%s: option '%s' needs a value", cmd, s);
            value = argv[++i];
        }
        int rc = apply_option(cmd, o, target, value);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---------- value parsers ---------- */

bool cli_parse_jobs(const char *value, void *slot)
{
    char *end;
    long j = strtol(value, &end, 10);
    if (*end || end == value || j < 1 || j > 64)
        return false;
    *(unsigned *)slot = (unsigned)j;
    return true;
}

bool cli_parse_rate_hz(const char *value, void *slot)
{
    char *end;
    long r = strtol(value, &end, 10);
    if (*end || end == value || r < 8000 || r > 192000)
        return false;
    *(unsigned *)slot = (unsigned)r;
    return true;
}

bool cli_parse_lufs(const char *value, void *slot)
{
    char *end;
    double t = strtod(value, &end);
    if (*end || end == value || !(t >= -40.0 && t <= -14.0))
        return false;
    *(double *)slot = t;
    return true;
}

bool cli_parse_id3(const char *value, void *slot)
{
    if (strcmp(value, "2.3") && strcmp(value, "2.4"))
        return false;
    *(unsigned *)slot = value[2] == '4' ? 4 : 3;
    return true;
}

bool cli_parse_size(const char *value, void *slot)
{
    if (!isdigit((unsigned char)value[0]))
        return false; /* strtoull takes "-5" as 2^64 - 5, and " 5" */
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno)
        return false;
    uint64_t mult = 1;
    switch (*end) {
    case 'K': case 'k': mult = 1u << 10; end++; break;
    case 'M': case 'm': mult = 1u << 20; end++; break;
    case 'G': case 'g': mult = 1u << 30; end++; break;
    case 'T': case 't': mult = 1ull << 40; end++; break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v == 0 || v > UINT64_MAX / mult)
        return false;
    *(uint64_t *)slot = v * mult;
    return true;
}

bool cli_parse_pause(const char *value, void *slot)
{
    pcast_pauses *p = slot;
    const char *eq = strchr(value, '=');
    if (!eq)
        return false;
    char *end;
    double v = strtod(eq + 1, &end);
    if (*end || end == eq + 1 || !(v >= 0.0) || v > 600.0)
        return false;
    int ms = (int)(v * 1000.0 + 0.5);
    size_t n = (size_t)(eq - value);
    struct { const char *name; int *slot; } kinds[] = {
        {"run", &p->run_ms}, {"sentence", &p->sentence_ms}, {"paragraph", &p->paragraph_ms},
        {"turn", &p->turn_ms}, {"section", &p->section_before_ms},
        {"section_before", &p->section_before_ms}, {"section_after", &p->section_after_ms},
        {"breath", &p->breath_ms}, {"comma", &p->comma_ms}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strlen(kinds[i].name) == n && !strncmp(value, kinds[i].name, n)) {
            *kinds[i].slot = ms;
            return true;
        }
    return false;
}

bool cli_parse_count(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    /* 1e23 saturated: "no section 18446744073709551615"; " 5", "+5": no */
    if (s[0] < '0' || s[0] > '9' || *end || v == 0 || errno == ERANGE)
        return false;
    *out = v;
    return true;
}

pcast_pauses cli_pauses_unset(void)
{
    pcast_pauses p;
    memset(&p, 0, sizeof p);
    p.run_ms = p.sentence_ms = p.paragraph_ms = p.turn_ms = -1;
    p.section_before_ms = p.section_after_ms = -1;
    p.breath_ms = p.comma_ms = -1;
    return p;
}

/* NULL when v is a value the tag key takes (as episode_tags.c reads
 * them), else what it takes: a --meta value the render would drop with a
 * warning blaming the post is refused here instead. */
static const char *meta_value_wrong(const char *key, const char *v)
{
    if (!strcmp(key, "episode") || !strcmp(key, "season")) {
        size_t n = strspn(v, "0123456789");
        return n && n <= 6 && !v[n] && strspn(v, "0") < n ? NULL : "a number from 1";
    }
    static const char *const explicit[] = {"true", "yes", "explicit", "1",
                                           "false", "no", "clean", "0"};
    static const char *const types[] = {"full", "trailer", "bonus"};
    const char *const *words = !strcmp(key, "explicit") ? explicit
                               : !strcmp(key, "episode_type") ? types : NULL;
    size_t count = words == explicit ? 8 : 3;
    for (size_t i = 0; words && i < count; i++)
        if (!strcasecmp(v, words[i]))
            return NULL;
    return !words ? NULL
           : words == explicit ? "true or false (yes/no, explicit/clean)"
                               : "full, trailer or bonus";
}

int cli_check_meta(const char *cmd, cli_list *meta)
{
    static const char *const keys[] = {"author", "show", "episode", "season", "episode_type",
                                       "explicit", "copyright", "url", "lang", "podcast"};
    const size_t key_count = sizeof keys / sizeof *keys;
    for (size_t i = 0; i < meta->count; i++) {
        char *item = (char *)meta->items[i]; /* an argv string: writable */
        size_t n = strcspn(item, "=");
        size_t k = 0;
        while (k < key_count && (strlen(keys[k]) != n || strncasecmp(item, keys[k], n)))
            k++;
        if (k < key_count && item[n] == '=') {
            memcpy(item, keys[k], n);
            if (!strcmp(keys[k], "podcast")) { /* the front matter's other name for show */
                memcpy(item + 3, "show", 4);
                meta->items[i] = item + 3;
            }
            const char *want = meta_value_wrong(keys[k], item + n + 1);
            if (want)
                return cli_usage_error("%s: bad --meta '%s' (%s takes %s)", cmd, item, keys[k],
                                       want);
            continue;
        }
        const char *near = item[n] == '=' ? cli_nearest(item, n, keys, key_count) : NULL;
        return cli_usage_error("%s: bad --meta '%s' (KEY=VALUE; KEY is author, show, episode, "
                               "season, episode_type, explicit, copyright, url or lang)%s%s%s",
                               cmd, item, near ? "; did you mean '" : "", near ? near : "",
                               near ? "'?" : "");
    }
    return 0;
}

int cli_one_of(const char *cmd, const char *a, bool has_a, const char *b, bool has_b)
{
    return has_a && has_b ? cli_usage_error("%s: %s and %s: give one", cmd, a, b) : 0;
}
