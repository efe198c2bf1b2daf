/* reading_ja_numbers: numbers in a Japanese run, read in katakana words
 * with the counter, unit or currency that goes with them (5月1日
 * ゴガツツイタチ, 3本 サンボン, 1.5kg イッテンゴキロ, ¥1,500
 * センゴヒャクエン). Used by reading_ja.c. */
#ifndef POSTCAST_READING_JA_NUMBERS_H
#define POSTCAST_READING_JA_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* Is s[0..n) kanji throughout (々 too; a Sino-Japanese word: 政府)? */
bool pc_ja_kanji(const char *s, size_t n);

/* Reads the number at s[i] (digits, ',' between groups of three, one '.'
 * before decimals), its multiplier (万 億 兆), counter and the words said
 * with a count (後 目 間) into out. month_before: a 月 closed the number
 * just before (5月1日 ツイタチ); wari_before: a 割 did, with nothing
 * between (3割2分 ニブ). Returns the bytes taken (> 0); *nomem is set
 * when out of memory (out then holds a prefix). */
size_t pc_ja_read_number(const char *s, size_t n, size_t i, bool month_before, bool wari_before,
                         struct pc_buf *out, bool *nomem);

/* A number in kanji at s[i] (三本, 二十歳, 四月一日, 一万二千円) read
 * as pc_ja_read_number reads digits, when a counter follows it and it
 * is not inside a word (人一倍 統一; 十分 is enough, ジューブン; after_count:
 * a count was read just before it, 一日一回); 何 with a counter is ナン
 * (何本 ナンボン, 何階 ナンガイ). Its
 * length, or 0 (out untouched). Whether a word goes on after it (三日月)
 * is the caller's to ask the dictionary. */
size_t pc_ja_kanji_number(const char *s, size_t n, size_t i, bool after_count, bool month_before, bool wari_before,
                          struct pc_buf *out, bool *nomem);


/* A currency sign at s[i] before a number (¥ $ € £, maybe a blank
 * after): its length, and the word said after the amount in *word
 * (static); else 0. */
/* The length of a unit in Latin letters at s[0..n) (km, cc, GB, m...)
 * that pc_ja_read_number reads after a number, as it matches one; else
 * 0. */
size_t pc_ja_unit(const char *s, size_t n);

size_t pc_ja_currency(const char *s, size_t n, size_t i, const char **word);

#endif
