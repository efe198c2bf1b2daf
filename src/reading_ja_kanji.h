/* reading_ja_kanji: an on'yomi for the kanji MeCab's IPAdic has no
 * reading for (鬱 彧 燊), from Debian's kanjidic (EDRDG's KANJIDIC, about
 * 6,000 kanji, EUC-JP): espeak-ng's ja voice says "Chinese letter" for
 * any kanji it is handed. */
#ifndef POSTCAST_READING_JA_KANJI_H
#define POSTCAST_READING_JA_KANJI_H

#include <stddef.h>

typedef struct pc_ja_kanji_list pc_ja_kanji_list;

/* Loads kanjidic; NULL when it is not installed, unreadable or out of
 * memory (the caller then says nothing for such a kanji). Free with
 * pc_ja_kanji_free. */
pc_ja_kanji_list *pc_ja_kanji_load(void);
void pc_ja_kanji_free(pc_ja_kanji_list *k);

/* The first on'yomi (katakana, NUL-terminated, owned by k) of the kanji
 * c[0..n) (one UTF-8 character), or NULL. */
const char *pc_ja_kanji_on(const pc_ja_kanji_list *k, const char *c, size_t n);

#endif
