/* toml: a post's TOML front matter (Hugo's, between +++ lines) read into
 * the YAML document the front-matter reader walks, so both forms mean
 * the same keys. Private to the library. */
#ifndef POSTCAST_TOML_H
#define POSTCAST_TOML_H

#include "postcast/postcast.h"

#include <stddef.h>

struct yaml_document_s;

/* Parses text[0..n) (the lines between the +++ fences; its first line is
 * first_line of file) into doc: a mapping of its keys, [tables] as
 * nested mappings, [[arrays of tables]] as sequences of them, arrays as
 * sequences, strings as quoted scalars, numbers, booleans and dates as
 * plain scalars holding their text; every node marked with its line and
 * column within text. The caller deletes doc (yaml_document_delete) on
 * success; on failure doc holds nothing and err says FILE:LINE:COL
 * (PCAST_ERR_INPUT; "WHOSE is not valid TOML: ...", whose NULL: "front
 * matter") or out of memory. */
pcast_status pc_toml_load(struct yaml_document_s *doc, const char *file, const char *text,
                          size_t n, unsigned long first_line, const char *whose,
                          pcast_error *err);

#endif
