/* yamldoc: loading one YAML document with libyaml, errors as FILE:LINE:COL.
 * (Not named yaml.h so that it can never shadow libyaml's <yaml.h>.)
 * Private; not installed. */
#ifndef POSTCAST_YAMLDOC_H
#define POSTCAST_YAMLDOC_H

#include "postcast/postcast.h"

#include <stddef.h>

/* libyaml's types stay opaque here to keep it out of other stages. */
struct yaml_document_s;
struct yaml_node_s;

/* Loads the YAML document in text[0..n) into *doc (delete it with
 * yaml_document_delete). On a syntax error: status, with file, the line
 * (first_line is the line of text's first line) and column, and "<what>
 * is not valid YAML: <problem>"; *doc is then not to be deleted. */
pcast_status pc_yaml_load(struct yaml_document_s *doc, const char *file, const char *text,
                          size_t n, unsigned long first_line, pcast_status status,
                          const char *what, pcast_error *err);

#endif
