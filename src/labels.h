/* labels: what a speaker label looks like, whatever the input format.
 * Private; not installed. */
#ifndef POSTCAST_LABELS_H
#define POSTCAST_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* Could name[0..n) be a speaker? strict: the shape asked of plain
 * (unbolded) labels: short, a few words, starting with a capital or a
 * non-Latin letter; not strict: a bold label (up to 80 characters, 10
 * words). Sentence punctuation never appears in a name. */
bool pc_label_name_shape(const char *name, size_t n, bool strict);
/* "Note", "Update", "注意", ...: words that end in a colon but name no one. */
bool pc_label_is_admonition(const char *name);
/* A plain `Name:` / `Name: text` (ASCII or full-width colon) at the start
 * of s: returns the length of the name (0 if none) and sets *rest to the
 * text after the colon and its blanks. `10:30` and `https://` are not
 * labels. */
size_t pc_label_plain(const char *s, const char **rest);
/* Strips a trailing colon (ASCII or full-width) and blanks from s[0..*n);
 * true when there was a colon (*n is then the name's length). */
bool pc_label_strip_trailing_colon(const char *s, size_t *n);
/* Length in bytes of a leading colon (after blanks) in s, or 0. */
size_t pc_label_leading_colon(const char *s);

#endif
