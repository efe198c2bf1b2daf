/* language: a post's `lang` (a BCP 47 tag: "en", "zh-TW", "cmn-Hant")
 * as the ISO 639-2 code containers want (M4A's track language, ID3
 * TLAN), looked up in Debian's iso-codes table (iso_639-2.json, read
 * with jansson). Private to the library. */
#ifndef POSTCAST_LANGUAGE_H
#define POSTCAST_LANGUAGE_H

#include <stdbool.h>

/* Writes the ISO 639-2/T code ("zho", "eng", "deu") of tag's primary
 * language subtag into out (NUL-terminated) and returns true; false,
 * with out = "und", when the tag names no language in ISO 639-2 or the
 * table cannot be read. A 639-2/B code ("ger", "chi") becomes its T
 * code; ISO 639-3's Chinese languages (yue, cmn, wuu...) are zho.
 * Reads the table on each call (once per render). */
bool pc_language_iso639_2(const char *tag, char out[4]);

#endif
