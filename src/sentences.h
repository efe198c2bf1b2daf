/* sentences: the end of a sentence in a paragraph's text: a stop (. ! ?
 * … and the full-width 。！？．) with the stops and closing quotes or
 * brackets after it, unless the stop belongs to an abbreviation (Mr. Dr.
 * St.), an initialism before a word no sentence opens with (the U.S.
 * border), a name's initial (John F. Kennedy), a number inside a word
 * (3.7) or a heading's leading number ("1. Getting started"). */
#ifndef POSTCAST_SENTENCES_H
#define POSTCAST_SENTENCES_H

#include <stdbool.h>
#include <stddef.h>

/* Does a sentence of s[0..n) (UTF-8) end at the stop at s[i]? Then *end
 * is where the next one starts (after the closers). */
bool pc_sentence_end(const char *s, size_t n, size_t i, size_t *end);

/* The bytes of a bar that separates two phrases at s[i] ("標題 | 副標",
 * "A｜B": a title's parts), 0 if none: espeak-ng reads on through it
 * without a pause. A bar inside a Latin token ("a|b") is not one. */
size_t pc_sentence_separator(const char *s, size_t n, size_t i);

#endif
