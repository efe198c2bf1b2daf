/* Terminal output, and the one place where text from input (a post, a
 * cast or voice file, an audio file's tags, a path) is made safe to print:
 * every control character (C0, DEL, C1), every bidi embedding, override
 * or isolate and every byte that is not UTF-8 is shown as a visible
 * escape (\e, \a, \x01, \u009B, \u202E), so no escape sequence, OSC
 * hyperlink, bell or reordering from input reaches the terminal. Plain
 * text is cleaned whether or not stdout is a terminal. */
#ifndef POSTCAST_TOOLS_TERM_H
#define POSTCAST_TOOLS_TERM_H

#include <postcast/postcast.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s to f cleaned, as one line (a newline or tab in s is escaped
 * too). Returns the terminal columns written. */
int term_put(FILE *f, const char *s);

/* Writes s to f cleaned, keeping its newlines and tabs (paragraphs). */
void term_put_text(FILE *f, const char *s);

/* term_put, then spaces up to width terminal columns (a Han character
 * takes two, whatever its three bytes). */
void term_put_padded(FILE *f, const char *s, int width);

/* Formats like printf, then writes the result with term_put (one line,
 * cleaned; put the newline outside the format). */
void term_printf(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void term_vprintf(FILE *f, const char *fmt, va_list ap);

/* Writes JSON text (jansson's, which escapes C0 controls already) and a
 * newline, with DEL, C1 controls and bidi controls written as \uXXXX:
 * the same JSON value, nothing a terminal obeys. */
void term_put_json(FILE *f, const char *json);

/* A copy of s with every byte that is not UTF-8 replaced by U+FFFD (what
 * jansson and JSON readers accept); NULL when out of memory. The caller
 * frees it. */
char *term_valid_utf8(const char *s);

/* The first words of s, at most max code points, with an ellipsis when
 * cut, into out (size bytes, always NUL-terminated). Not cleaned. */
void term_first_words(const char *s, size_t max, char *out, size_t size);

/* seconds as HH:MM:SS.mmm into out (size bytes). */
void term_hms(char *out, size_t size, double seconds);

/* The render's progress bar on stderr: pass term_progress_update as
 * pcast_render_config.progress and a term_progress as its user data. It
 * draws only when tty is set; once every clip is spoken it says
 * "encoding…" (the encoder may still work: Opus encodes at the end). */
typedef struct term_progress {
    bool tty;
    size_t sections, turns; /* the post's, for "section 2/5 turn 7/40" */
    int last_len;           /* of the line drawn last, to blank its tail */
} term_progress;

void term_progress_update(void *user, const pcast_progress *p);

/* Blanks the bar's line (when one is drawn) and leaves the cursor at its
 * start, so that a message can be printed there; the next update draws
 * the bar again below it. ps may be NULL. */
void term_progress_clear(term_progress *ps);

#endif
