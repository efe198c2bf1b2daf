/* lexicon: a user's pronunciation lexicon, per language.
 *
 * Entries come from a YAML file (`--lexicon FILE`, or a front matter
 * `pronounce:` mapping handed over as YAML text):
 *
 *     zh:
 *       重載: chong2 zai4        # pinyin (tone-numbered syllables; one per
 *                                # character, or any number for the word)
 *     en:
 *       SaaS: sass               # a respelling, read as English text
 *       Krieger: "[[kr'i:g@]]"   # espeak-ng phonemes in [[ ]]
 *
 * and from W3C PLS 1.0 documents (<lexicon xml:lang="en-US"> with
 * <lexeme><grapheme>…</grapheme><alias>…</alias> or
 * <phoneme alphabet="x-espeak">…</phoneme></lexeme>; espeak-ng cannot be
 * handed IPA, so a lexeme with only an IPA phoneme is skipped and counted).
 *
 * Languages are keyed by primary subtag ("zh", "en"; "cmn" counts as
 * "zh"). The lexicon's hash changes with any entry, so a cache key that
 * includes it re-speaks clips when the lexicon changes. */
#ifndef POSTCAST_LEXICON_H
#define POSTCAST_LEXICON_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

typedef struct pc_lexicon pc_lexicon;

/* A new empty lexicon (NULL when out of memory). */
pc_lexicon *pc_lexicon_new(void);
void pc_lexicon_free(pc_lexicon *lex);

/* Adds (or replaces) one entry; lang a tag such as "zh-TW" or "en".
 * Returns false when out of memory (the lexicon is then unchanged). */
bool pc_lexicon_add(pc_lexicon *lex, const char *lang, const char *word, const char *reading);

/* Loads YAML (file name used in messages) into lex. On failure the lexicon
 * holds the entries read before the error and err says where. */
pcast_status pc_lexicon_load_yaml(pc_lexicon *lex, const char *file, const char *text, size_t n,
                                  pcast_error *err);
/* Loads a parsed mapping node (e.g. front matter's `pronounce:` value) of
 * doc; line_offset is added to error lines (the front matter's first line
 * - 1). The yaml types stay opaque to callers that do not use libyaml. */
struct yaml_document_s;
struct yaml_node_s;
pcast_status pc_lexicon_load_yaml_node(pc_lexicon *lex, struct yaml_document_s *doc,
                                       struct yaml_node_s *map, const char *file,
                                       unsigned long line_offset, pcast_error *err);
/* Loads a W3C PLS document. skipped (may be NULL) counts lexemes that had
 * nothing postcast can use. Failure as for pc_lexicon_load_yaml. */
pcast_status pc_lexicon_load_pls(pc_lexicon *lex, const char *file, const char *text, size_t n,
                                 size_t *skipped, pcast_error *err);
/* Adds every entry of src to dst (src's win where both have a word).
 * Returns false when out of memory (dst then holds part of src). */
bool pc_lexicon_merge(pc_lexicon *dst, const pc_lexicon *src);
/* Reads path and loads it as PLS when it starts with an XML declaration or
 * <lexicon, else as YAML. */
pcast_status pc_lexicon_load_file(pc_lexicon *lex, const char *path, pcast_error *err);

/* The lexicon a post is read with: the file at path (a site-wide
 * --lexicon; NULL: none), then own (the post's `pronounce:`; may be NULL)
 * over it. *out is NULL when there is neither, else the caller's
 * (pc_lexicon_free); on failure NULL, err says why (the file's
 * FILE:LINE:COL). */
pcast_status pc_lexicon_for_post(const char *path, const pc_lexicon *own, pc_lexicon **out,
                                 pcast_error *err);

/* The reading of word[0..n) in lang, or NULL. Borrowed from lex. */
const char *pc_lexicon_find(const pc_lexicon *lex, const char *lang, const char *word, size_t n);
/* The longest entry length in code points for lang (0: none). */
size_t pc_lexicon_max_chars(const pc_lexicon *lex, const char *lang);
/* Entries in lex. */
size_t pc_lexicon_count(const pc_lexicon *lex);
/* A hash of every entry, independent of insertion order; 0 for NULL or an
 * empty lexicon. */
uint64_t pc_lexicon_hash(const pc_lexicon *lex);

#endif
