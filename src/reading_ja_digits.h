/* reading_ja_digits: strings of digits in Japanese text that are no
 * amount (dates, times, scores, phone numbers, postal codes, addresses,
 * versions), read in katakana. */
#ifndef POSTCAST_READING_JA_DIGITS_H
#define POSTCAST_READING_JA_DIGITS_H

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* A string of digits at s[i] that is no amount: a date (2024-05-01,
 * 2024/5/1, 2024.5.1: ニセンニジューヨネンゴガツツイタチ), a time or
 * a score (10:30 ジュージサンジュップン, 3:2 サンタイニ), a phone
 * number (03-1234-5678, digit by digit with ノ between the groups) or a
 * version (2.3.1 ニテンサンテンイチ), numbers joined by hyphens that are no
 * range (a postal code, an address 1-2-3 イチノニノサン, a score 2-1で
 * ニタイイチ), read into out; its length, or 0
 * (out untouched). *nomem is set when out of memory. */
size_t pc_ja_digit_string(const char *s, size_t n, size_t i, struct pc_buf *out, bool *nomem);

#endif
