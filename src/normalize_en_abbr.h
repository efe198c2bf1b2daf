/* normalize_en_abbr: English abbreviations and units said as their words. Private;
 * used by normalize_en.c, and for scale words after a number
 * (pc_number_scale) by normalize.c and the plan's scripts.c. espeak-ng's en-us voice reads many of them
 * letter by letter or as a syllable (Prof. 'prof', vs. 'V S', Ms. 'M S',
 * No. 1 'no one', Capt., Sgt. 'S G T', Blvd.), and takes their '.' for a
 * sentence's end, with its pause (Prof. | Garcia). */
#ifndef POSTCAST_NORMALIZE_EN_ABBR_H
#define POSTCAST_NORMALIZE_EN_ABBR_H

#include <stdbool.h>
#include <stddef.h>

struct pc_buf;

/* The token s[i..e) (letters; s[e] its '.' or what follows it) as an
 * abbreviation where its neighbours say it is one: a title before a
 * capitalised word (Prof. Garcia → Professor Garcia, Mt. Fuji, Ms. Lee),
 * a street type or Jr./Sr. after one (5th Ave., Smith Jr.), No./Fig./
 * Vol./Ch./Ep. before a number, vs. and v. (after a capitalised word)
 * versus, approx. incl. esp. i.e. Appends the words to out and returns
 * where reading goes on (past the '.'; a '.' that also ends the sentence,
 * before a capital after a street type or at the end, is kept); returns 0
 * and leaves out alone when it is none. *ok is set false when out of
 * memory (out then holds a prefix). */
size_t pc_en_abbreviation(const char *s, size_t n, size_t i, size_t e, struct pc_buf *out, bool *ok);

/* A unit after an amount at s[e] (a blank between allowed: 5 km, 16GB,
 * 2 tbsp, 72°F): its length, 0 when none; *one and *many get its words
 * (static strings). */
size_t pc_en_unit(const char *s, size_t n, size_t e, const char **one, const char **many);

/* m after a number at s[e] with no article before it (100m, 8,849 m):
 * its length, 0 when it may be millions (100m users); *many says meters
 * (8,849 m tall) or a measure before a noun, meter (a 100m time). */
/* Whether w[0..l) is a noun counted in thousands or millions (users,
 * downloads, people...): 100m users, 1M downloads are millions. */
bool pc_en_counted(const char *w, size_t l);

size_t pc_en_bare_meters(const char *s, size_t n, size_t e, bool *many);

/* A '/' at s[i] after an amount (7:55/mi, $5k/yr, $12/month, 30/hr)
 * before a unit or a span of time: " per mile" appended, the length
 * read (the '/' and the word); 0 when none. */
size_t pc_en_per(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* An x at s[i] right after a number that says how many times (3x
 * faster, 2x the price, grew 10x.): " times" appended, 1 returned; 0 when
 * it is none (a 10x engineer, 1920x1080, 4x4). */
size_t pc_en_times(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* A k after the number s[b..e) with no currency sign (10k users, 20K
 * followers): "thousand" in *word and its length 1; 0 when none, after
 * an article (a 5k, the 10K: a race), or as one digit's capital K (4K,
 * 8K: a picture). */
size_t pc_en_bare_thousands(const char *s, size_t n, size_t b, size_t e, const char **word);

/* A video resolution at s[i] (720p, 1080p, 4320p): said as people say
 * it ("10 80 p", not "one thousand eighty p") into out; its length, 0
 * when none. */
size_t pc_en_resolution(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok);

/* An English scale word at s[0..n) right after a number ("million",
 * "billion", "trillion", "thousand"; when money, also the abbreviations
 * of an amount: k, M, mn, B, bn, T, tn), not followed by a letter: its
 * length, and its power of ten in *pow10; 0 when there is none. Han text
 * reads it with its number (2.5 million 兩百五十萬); the plan keeps it in
 * the number's run for that. */
size_t pc_number_scale(const char *s, size_t n, bool money, unsigned *pow10);

#endif
