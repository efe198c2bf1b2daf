/* plan: what the library's other stages ask of a plan beyond the public
 * pcast_plan_* functions. Private; not installed. */
#ifndef POSTCAST_PLAN_H
#define POSTCAST_PLAN_H

#include "postcast/postcast.h"
#include "reading.h"

#include <stdbool.h>
#include <stddef.h>

/* The language most of post is read in when it names none (no lang:):
 * "zh" (Mandarin) when its Han ideographs outnumber its Latin words,
 * else "en" when it has any, else NULL. A static string. */
const char *pc_plan_spoken_language(const pcast_post *post);

/* The text that stood between clip i and the one before it and is not
 * said (a "，" between two English words in Mandarin text, where the
 * plan pauses instead), with a blank before it where one stood; "" when
 * none. Captions show it. */
const char *pc_plan_gap_before(const pcast_plan *pl, size_t i);

/* Marks in starts[0..n) (caller's, n bytes) where the words of s[0..n)
 * (valid UTF-8) start, by the segmentation the plan cut its breaths by
 * (the reading front end's, with the post's `pronounce:` words): 1 where
 * byte i opens a word (see pc_zh_word_starts), else 0. Loads the word
 * table on first use, so it is not thread-safe with other calls on pl;
 * without a table every Han character starts a word. Returns false when
 * out of memory (starts is then as pc_zh_word_starts leaves it). */
bool pc_plan_word_starts(const pcast_plan *pl, const char *s, size_t n, unsigned char *starts);

/* The front end pl segments with (borrowed; lives as long as pl), for
 * pc_reading_borrow_table: its word table is loaded only if a breath cut
 * or pc_plan_word_starts needed it. */
const pc_reading *pc_plan_reading(const pcast_plan *pl);

#endif
