/* Terminal output: the render's progress bar, names padded to a width in
 * terminal columns, a paragraph's first words. */
#ifndef POSTCAST_TOOLS_TERM_H
#define POSTCAST_TOOLS_TERM_H

#include <postcast/postcast.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s to f followed by spaces up to width terminal columns (a Han
 * character takes two, whatever its three bytes). */
void term_put_padded(FILE *f, const char *s, int width);

/* The first words of s, at most max code points, with an ellipsis when
 * cut, into out (size bytes, always NUL-terminated). */
void term_first_words(const char *s, size_t max, char *out, size_t size);

/* The render's progress bar on stderr: pass term_progress_update as
 * pcast_render_config.progress and a term_progress as its user data. It
 * draws only when tty is set. */
typedef struct term_progress {
    bool tty;
    size_t sections, turns; /* the post's, for "section 2/5 turn 7/40" */
} term_progress;

void term_progress_update(void *user, const pcast_progress *p);

#endif
