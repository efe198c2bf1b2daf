/* reading_ja: Japanese text as espeak-ng's `ja` voice reads it.
 *
 * espeak-ng 1.51's Japanese voice reads kana only: every kanji comes out
 * as the English words "Chinese letter", and a particle is read as it is
 * written (は "ha", not "wa"). MeCab with IPAdic (Debian's libmecab and
 * mecab-ipadic-utf8) cuts the text into words and gives each word its
 * pronunciation in katakana (今日は → キョーワ); a word it does not know
 * stays as written, and words IPAdic reads the other way in their context
 * (政府 セイフ → セーフ, 一人, 何本, 行って, 言う ユー) are put right. Numbers
 * are read in words (reading_ja_numbers.c), with the counter
 * after them (2024年 ニセンニジューヨネン, 5月1日 ゴガツツイタチ, 3人
 * サンニン, 1本 イッポン): IPAdic reads a counter alone (月 ツキ), and
 * espeak-ng reads 4 as "shi". The post's `pronounce:` entries for "ja"
 * (a kana respelling, or espeak-ng phonemes in [[ ]]) win over both. */
#ifndef POSTCAST_READING_JA_H
#define POSTCAST_READING_JA_H

#include "postcast/postcast.h"
#include "lexicon.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pc_buf;
typedef struct pc_ja pc_ja;

/* Starts MeCab with IPAdic into *out (free with pc_ja_free). On failure
 * *out is NULL and err says why (PCAST_ERR_IO: no MeCab dictionary; the
 * message names the Debian package). */
pcast_status pc_ja_open(pc_ja **out, pcast_error *err);
void pc_ja_free(pc_ja *ja);

/* A hash of the dictionary (its file name, version and size; 0 for
 * NULL), for cache tags. */
uint64_t pc_ja_hash(const pc_ja *ja);

/* Appends to out the reading of s[0..n) (valid UTF-8, NFKC): kana for
 * every word the dictionary knows, numbers in words, everything else as
 * written. lex (may be NULL): entries for "ja" win. Returns false when
 * out of memory (out then holds a prefix of the result). */
bool pc_ja_read(pc_ja *ja, const pc_lexicon *lex, const char *s, size_t n, struct pc_buf *out);

/* Appends the reading of the number s[0..n) (ASCII digits, at most 16,
 * maybe with one '.' and decimals) in katakana (2024 ニセンニジューヨン,
 * 300 サンビャク, 0.5 レーテンゴ). False when it is no such number or out
 * of memory. */
bool pc_ja_number(const char *s, size_t n, struct pc_buf *out);

/* An initialism at s[i] (one to six capitals, no letter on either side:
 * AI, NHK, USB, the K of 4K): its length, or 0. A Japanese post reads
 * it in Japanese letter names (エーアイ), as Japanese speakers say it. */
size_t pc_ja_initialism(const char *s, size_t n, size_t i);

#endif
