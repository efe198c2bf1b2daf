/* castfile: `cast:` mappings (speaker: voice) from front matter or a
 * --cast file, and the preset-name alphabet. Private; not installed. */
#ifndef POSTCAST_CASTFILE_H
#define POSTCAST_CASTFILE_H

#include "buf.h"
#include "yamldoc.h"

/* Preset and variant names: letters, digits, - and _ only (so no name
 * can reach a path outside the voices directories). */
bool pc_preset_name_ok(const char *s);

/* Parses a `cast:` mapping at node map of doc into *out (grown with
 * realloc: the caller frees it; strings in arena), *count entries.
 * line_offset is added to libyaml's 0-based lines. On failure the
 * entries read so far stay in *out and *count and err says FILE:LINE:COL. */
pcast_status pc_cast_parse_yaml(struct yaml_document_s *doc, struct yaml_node_s *map,
                                pc_arena *arena, const char *file, unsigned long line_offset,
                                pcast_cast_entry **out, size_t *count, pcast_error *err);

/* Reads a cast file at path: a mapping of speaker: voice, or one with a
 * `cast:` key. Same contract as pc_cast_parse_yaml; the file name is
 * copied into arena. */
pcast_status pc_cast_file_load(const char *path, pc_arena *arena, pcast_cast_entry **out,
                               size_t *count, pcast_error *err);

#endif
