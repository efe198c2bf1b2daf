/* yamldoc: one YAML document loaded with libyaml, errors with positions. */
#include "yamldoc.h"

#include "error.h"

#include <stdbool.h>
#include <string.h>
#include <yaml.h>

/* How deep [ and { may nest. libyaml looks at every open flow level for
 * each token (its simple keys), so 200,000 levels took 172 s; no front
 * matter, cast or preset nests more than a few. */
#define FLOW_DEPTH_MAX 64

/* Where text[0..n) opens its flow level FLOW_DEPTH_MAX + 1 (a [ or {
 * outside quoted scalars and comments; line and column 0-based), or
 * false. A quote opens a quoted scalar only where a scalar may start
 * (don't, 5'11" and a "b" in a plain scalar do not), as libyaml reads
 * them, so that no quote libyaml does not see hides brackets it does. */
/* Can a quoted scalar start at text[i] (its line starting at line_at)?
 * After the line's indentation, or blanks after a mapping's :, a
 * sequence's -, a ? or a flow bracket or comma; not inside a plain
 * scalar ("x: a \"b" is the plain scalar a "b). */
static bool scalar_starts(const char *text, size_t line_at, size_t i)
{
    while (i > line_at && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        i--;
    return i == line_at || strchr(":-?[{,", text[i - 1]);
}

static bool too_deep(const char *text, size_t n, size_t *line, size_t *col)
{
    size_t depth = 0, l = 0, line_at = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i], before = i > line_at ? text[i - 1] : ' ';
        if (c == '\n') {
            l++;
            line_at = i + 1;
            if (quote == '#')
                quote = 0;
        } else if (quote) {
            if ((quote == '\'' && c == '\'' && i + 1 < n && text[i + 1] == '\'') ||
                (quote == '"' && c == '\\' && i + 1 < n && text[i + 1] != '\n'))
                i++; /* '' in a single-quoted scalar, \x in a double-quoted one */
            else if (c == quote && quote != '#')
                quote = 0;
        } else if (c == '#' && (before == ' ' || before == '\t')) {
            quote = '#';
        } else if ((c == '"' || c == '\'') && scalar_starts(text, line_at, i)) {
            quote = c;
        } else if ((c == '[' || c == '{') && ++depth > FLOW_DEPTH_MAX) {
            *line = l;
            *col = i - line_at;
            return true;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return false;
}

pcast_status pc_yaml_load(yaml_document_t *doc, const char *file, const char *text, size_t n,
                          unsigned long first_line, pcast_status status, const char *what,
                          pcast_error *err)
{
    size_t line, col;
    if (too_deep(text, n, &line, &col))
        return pc_error_set(err, status, file, first_line + line, col + 1,
                            "%s nests [ and { more than %d deep", what, FLOW_DEPTH_MAX);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return pc_error_nomem(err);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    pcast_status st = PCAST_OK;
    if (!yaml_parser_load(&parser, doc)) {
        const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
        st = parser.error == YAML_MEMORY_ERROR
                 ? pc_error_nomem(err)
                 : pc_error_set(err, status, file, first_line + m->line, m->column + 1,
                                "%s is not valid YAML: %s%s%s", what,
                                parser.problem ? parser.problem : "syntax error",
                                parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return st;
}
