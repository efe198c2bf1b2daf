/* reading_ko: Korean text as espeak-ng's ko voice reads it.
 *
 * espeak-ng 1.51's Korean voice reads hangul; a hanja (漢字) in a Korean
 * post comes out as the English words "Chinese letter", and the plan used
 * to send it to Mandarin. Each Han stretch is read by longest match over
 * the hanja word list of Debian's libhangul-data (hanja.txt: about
 * 300,000 words and characters with their hangul: 大學校 대학교, 韓國
 * 한국); a character alone takes a reading the initial-sound rule allows
 * at a word's start (李 이, 女 여) and its first one elsewhere. Numbers
 * the voice reads in Sino-Korean stay so, but a count takes native
 * numerals (3시 세 시, 2개 두 개, 20살 스무 살), % is 퍼센트 and a phone
 * number (010-1234-5678) is read digit by digit (공일공 일이삼사 ...). */
#ifndef POSTCAST_READING_KO_H
#define POSTCAST_READING_KO_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pc_buf;
typedef struct pc_ko pc_ko;

/* Loads the hanja list into *out (free with pc_ko_free). On failure *out
 * is NULL and err says why (PCAST_ERR_IO: no list; the message names the
 * Debian package). */
pcast_status pc_ko_open(pc_ko **out, pcast_error *err);
void pc_ko_free(pc_ko *ko);

/* A hash of the list (0 for NULL), for cache tags. */
uint64_t pc_ko_hash(const pc_ko *ko);

/* Appends to out the reading of s[0..n) (valid UTF-8, NFKC): hanja in
 * hangul, counts, percentages and phone numbers in words, everything
 * else as written. False when out of memory (out then holds a prefix). */
bool pc_ko_read(const pc_ko *ko, const char *s, size_t n, struct pc_buf *out);

#endif
