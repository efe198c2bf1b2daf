/* yamldoc: one YAML document loaded with libyaml, errors with positions. */
#include "yamldoc.h"

#include "error.h"

#include <yaml.h>

pcast_status pc_yaml_load(yaml_document_t *doc, const char *file, const char *text, size_t n,
                          unsigned long first_line, pcast_status status, const char *what,
                          pcast_error *err)
{
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
