/* yamldoc: one YAML document loaded with libyaml, errors with positions. */
#include "yamldoc.h"

#include "error.h"

#include <stdbool.h>
#include <yaml.h>

/* How deep [ and { may nest. libyaml looks at every open flow level for
 * each token (its simple keys), so 200,000 levels took 172 s; no front
 * matter, cast or preset nests more than a few. */
#define FLOW_DEPTH_MAX 64

/* Scans text[0..n) with libyaml's own scanner, token by token, and stops
 * at the first flow collection that opens level FLOW_DEPTH_MAX + 1:
 * true with its mark. The scanner reads ahead at most 1024 bytes or to
 * the line's end, and every token it looks at costs at most the levels
 * open, so this stays linear. A syntax error stops it (false): the load
 * reports it. */
static bool too_deep(const char *text, size_t n, yaml_mark_t *at)
{
    yaml_parser_t p;
    yaml_token_t tok;
    int depth = 0;
    bool deep = false, end = false;
    if (!yaml_parser_initialize(&p))
        return false; /* the load meets ENOMEM too */
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    while (!deep && !end && yaml_parser_scan(&p, &tok)) {
        if (tok.type == YAML_FLOW_SEQUENCE_START_TOKEN || tok.type == YAML_FLOW_MAPPING_START_TOKEN) {
            deep = ++depth > FLOW_DEPTH_MAX;
            *at = tok.start_mark;
        } else if (tok.type == YAML_FLOW_SEQUENCE_END_TOKEN || tok.type == YAML_FLOW_MAPPING_END_TOKEN) {
            depth--;
        }
        end = tok.type == YAML_STREAM_END_TOKEN;
        yaml_token_delete(&tok);
    }
    yaml_parser_delete(&p);
    return deep;
}

pcast_status pc_yaml_load(yaml_document_t *doc, const char *file, const char *text, size_t n,
                          unsigned long first_line, pcast_status status, const char *what,
                          pcast_error *err)
{
    yaml_mark_t at;
    if (too_deep(text, n, &at))
        return pc_error_set(err, status, file, first_line + at.line, at.column + 1,
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
