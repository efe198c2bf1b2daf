/* reading_ja: Japanese text as espeak-ng's `ja` voice reads it (see
 * reading_ja.h). */
#include "internal.h"
#include "reading_ja.h"
#include "reading_ja_digits.h"
#include "reading_ja_kanji.h"
#include "reading_ja_numbers.h"

#include <mecab.h>
#include <xxhash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Debian's mecab-ipadic-utf8; the system's default dictionary (mecabrc)
 * when it is not there */
#define JA_DICTIONARY "/var/lib/mecab/dic/ipadic-utf8"

struct pc_ja {
    mecab_t *tagger;
    uint64_t hash;
    pc_ja_kanji_list *kanji; /* kanjidic, loaded at the first kanji IPAdic cannot read */
    bool kanji_tried;
};

pcast_status pc_ja_open(pc_ja **out, pcast_error *err)
{
    *out = NULL;
    mecab_t *m = access(JA_DICTIONARY "/sys.dic", R_OK) ? NULL : mecab_new2("-r /dev/null -d " JA_DICTIONARY);
    if (!m)
        m = mecab_new2("");
    const mecab_dictionary_info_t *d = m ? mecab_dictionary_info(m) : NULL;
    if (!d || !d->charset || (strcasecmp(d->charset, "utf-8") && strcasecmp(d->charset, "utf8"))) {
        if (m)
            mecab_destroy(m);
        return pc_error_set(
            err, PCAST_ERR_IO, NULL, 0, 0,
            "Japanese text needs MeCab's UTF-8 dictionary (apt-get install mecab-ipadic-utf8)");
    }
    pc_ja *ja = calloc(1, sizeof *ja);
    if (!ja) {
        mecab_destroy(m);
        return pc_error_nomem(err);
    }
    ja->tagger = m;
    char id[1200];
    int idn = snprintf(id, sizeof id, "%s/%d/%u", d->filename ? d->filename : "", d->version, d->size);
    ja->hash = XXH3_64bits(id, idn < 0 ? 0 : (size_t)idn < sizeof id ? (size_t)idn : sizeof id - 1);
    *out = ja;
    return PCAST_OK;
}

void pc_ja_free(pc_ja *ja)
{
    if (!ja)
        return;
    mecab_destroy(ja->tagger);
    pc_ja_kanji_free(ja->kanji);
    free(ja);
}

uint64_t pc_ja_hash(const pc_ja *ja) { return ja ? ja->hash : 0; }

/* ---------- words ---------- */

/* Is s[0..n) katakana throughout (and ー)? */
static bool katakana(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t l = pc_utf8_decode(s + i, n - i, &cp);
        if (!l || cp < 0x30A1 || cp > 0x30FC)
            return false;
        i += l;
    }
    return true;
}

/* The pronunciation field (IPAdic's ninth) of feature, when it is
 * katakana; else NULL. Its length in *len. */
static const char *pronunciation(const char *feature, size_t *len)
{
    const char *f = feature;
    for (int k = 0; k < 8 && f; k++)
        if ((f = strchr(f, ',')))
            f++;
    if (!f)
        return NULL;
    *len = strcspn(f, ",");
    return katakana(f, *len) ? f : NULL;
}

/* Is the last character of out[from..] one of the UTF-8 characters in
 * set (three bytes each)? */
static bool last_in(const pc_buf *out, size_t from, const char *set)
{
    if (out->len < from + 3)
        return false;
    for (const char *k = set; *k; k += 3)
        if (!memcmp(out->data + out->len - 3, k, 3))
            return true;
    return false;
}

/* The kana of the エ row (a vowel e before イ is said long) and the オ
 * row (before the volitional う). */
static const char e_row[] = "エケゲセゼテデネヘベペメレェ";
static const char o_row[] = "オコゴソゾトドノホボポモヨロョォ";

/* Appends the pronunciation p[0..len) of a word, long vowels said long:
 * IPAdic writes a kanji word's e-row + イ as written (政府 セイフ, 映画
 * エイガ), which espeak-ng reads as two vowels, "e-i"; it is said セーフ
 * (NHK, UniDic). A native word (毛糸 is kanji too, but rare) keeps イ
 * only where it is written in kana. */
static bool put_word(pc_buf *out, const char *p, size_t len, bool sino)
{
    size_t from = out->len;
    for (size_t i = 0; i < len; i += 3) {
        bool lengthen = sino && i && len - i >= 3 && !memcmp(p + i, "イ", 3) && last_in(out, from, e_row);
        if (!pc_buf_append(out, lengthen ? "ー" : p + i, 3))
            return false;
    }
    return true;
}

/* Is node a word written w? */
static bool written(const mecab_node_t *node, const char *w)
{
    return node && node->stat != MECAB_BOS_NODE && node->stat != MECAB_EOS_NODE && node->length == strlen(w) &&
           !memcmp(node->surface, w, node->length);
}

/* Is node a word whose feature starts with pos ("名詞,数")? */
static bool tagged(const mecab_node_t *node, const char *pos)
{
    return node && node->stat == MECAB_NOR_NODE && node->feature && !strncmp(node->feature, pos, strlen(pos));
}

/* Is node written as one of words (blank-separated)? */
static bool written_in(const mecab_node_t *node, const char *words)
{
    for (const char *w = words; node && *w;) {
        size_t l = strcspn(w, " ");
        if (node->length == l && !memcmp(node->surface, w, l))
            return true;
        w += l + (w[l] == ' ');
    }
    return false;
}

/* Does node start with a number in kanji (一度 何回 数回)? */
static bool counted(const mecab_node_t *node)
{
    static const char numerals[] = "一二三四五六七八九十百千何数";
    if (!node || node->stat != MECAB_NOR_NODE || node->length < 3)
        return false;
    for (const char *k = numerals; *k; k += 3)
        if (!memcmp(node->surface, k, 3))
            return true;
    return false;
}

/* Is 行っ at node "conducted" (オコナッ), not "went"? Looking back in its
 * sentence: an object (を) comes before any destination (に へ), or a
 * topic that is a verbal noun (会議は 調査も). */
static bool conducted(const mecab_node_t *node)
{
    for (const mecab_node_t *p = node->prev; p && p->stat != MECAB_BOS_NODE; p = p->prev) {
        if (written_in(p, "。 ！ ？ . ! ?"))
            return false;
        if (!tagged(p, "助詞"))
            continue;
        if (written(p, "を"))
            return true;
        if (written_in(p, "に へ"))
            return false;
        if (written_in(p, "は も が") && tagged(p->prev, "名詞,サ変接続"))
            return true;
    }
    return false;
}

/* The reading of a word IPAdic reads the other way in its context, or
 * NULL; *both is set when the next word is read with it (一人).
 * before_number: a number follows the stretch (年に2回). */
static const char *in_context(const mecab_node_t *node, const char *p, size_t len, bool before_number,
                              bool *both)
{
    const mecab_node_t *prev = node->prev, *next = node->next;
    *both = false;
    /* 一人 二人 一晩 without a digit (not 十一人): native words */
    static const char *const native[][3] = {{"一", "人", "ヒトリ"}, {"二", "人", "フタリ"}, {"一", "晩", "ヒトバン"}};
    for (size_t k = 0; k < sizeof native / sizeof *native; k++)
        if (written(node, native[k][0]) && written(next, native[k][1]) && !tagged(prev, "名詞,数")) {
            *both = true;
            return native[k][2];
        }
    /* 何 is ナン before t, d and n (何て 何の 何と; 何に stays ナニ) and 曜日 */
    if (written(node, "何") && p && len == strlen("ナニ") && !memcmp(p, "ナニ", len) && next) {
        size_t l;
        const char *q = next->stat == MECAB_NOR_NODE ? pronunciation(next->feature, &l) : NULL;
        static const char tdn[] = "タチツテトダヂヅデドナヌネノ"; /* not に: 何に ナニニ */
        for (const char *k = tdn; q && l >= 3 && *k; k += 3)
            if (!memcmp(q, k, 3))
                return "ナン";
        if (written(next, "曜日") || written(next, "曜"))
            return "ナン";
    }
    /* (水) after a date is the day of the week, スイヨービ */
    static const char *const days[][2] = {{"月", "ゲツヨービ"}, {"火", "カヨービ"}, {"水", "スイヨービ"}, {"木", "モクヨービ"},
                                          {"金", "キンヨービ"}, {"土", "ドヨービ"}, {"日", "ニチヨービ"}};
    for (size_t k = 0; k < sizeof days / sizeof *days && written(prev, "(") && written(next, ")"); k++)
        if (written(node, days[k][0]))
            return days[k][1];
    /* 日本 in ordinary use (NHK: both; not the names 日本銀行 日本武道館) */
    if (written(node, "日本") && p && len == strlen("ニッポン") && !memcmp(p, "ニッポン", len) &&
        !written_in(next, "銀行 武道館 放送協会"))
        return "ニホン";
    /* 中 through a time or a place: 一日中 世界中 (会議中 stays チュー) */
    if (written(node, "中") && written_in(prev, "日 年 晩 夜 夏 冬 春 秋 国 町 家 部屋 体 今日 今年 一晩"))
        return "ジュー";
    /* 年に 2回: a year, ネン */
    if (written(node, "年") && written(next, "に") &&
        (counted(next->next) || (before_number && next->next && next->next->stat == MECAB_EOS_NODE)))
        return "ネン";
    /* 行って 行った: went, or conducted after an object (調査を行った,
     * 調査を昨日行った, 会議は昨日行った); IPAdic says either */
    if (written(node, "行っ"))
        return conducted(node) ? "オコナッ" : "イッ";
    /* marks espeak-ng's ja voice says in English ("Japanese letter" for ・,
     * "tilde") or as a long vowel (— ― 〜): ・ between names is a blank,
     * a dash a pause, 〜 between nouns カラ (東京〜大阪) */
    if (written(node, "・"))
        return " ";
    if (written_in(node, "— ― ──"))
        return "、";
    if (written_in(node, "〜 ~") && tagged(prev, "名詞") && (tagged(next, "名詞") || (before_number && next &&
                                                                                   next->stat == MECAB_EOS_NODE)))
        return "カラ";
    if (written(node, "~"))
        return "ー";
    /* 言う is said ユー (NHK, UniDic); IPAdic writes イウ or ユウ, read i-u */
    if (p && len == strlen("イウ") && (!memcmp(p, "イウ", len) || !memcmp(p, "ユウ", len)) && tagged(node, "動詞"))
        return "ユー";
    /* 走 alone is a race (100メートル走), not a verb's stem */
    if (written(node, "走") && p && len == strlen("ハシ") && !memcmp(p, "ハシ", len))
        return "ソー";
    return NULL;
}

/* A word IPAdic has no reading for, w[0..n): each kanji by its on'yomi
 * from kanjidic (nothing when it has none: espeak-ng would say "Chinese
 * letter"), the rest as written. */
static bool unknown_word(pc_ja *ja, const char *w, size_t n, pc_buf *out)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t l = pc_utf8_decode(w + i, n - i, &cp);
        if (!l)
            l = 1;
        bool kanji = pc_ja_kanji(w + i, l);
        if (kanji && !ja->kanji_tried) {
            ja->kanji = pc_ja_kanji_load();
            ja->kanji_tried = true;
        }
        const char *on = kanji ? pc_ja_kanji_on(ja->kanji, w + i, l) : NULL;
        if (on ? !put_word(out, on, strlen(on), true) : !kanji && !pc_buf_append(out, w + i, l))
            return false;
        i += l;
    }
    return true;
}

/* s[0..n) (NUL-terminated) through MeCab into out; before_number: a
 * number follows it. */
static bool read_nodes(pc_ja *ja, const char *s, size_t n, bool before_number, pc_buf *out)
{
    const mecab_node_t *node = mecab_sparse_tonode2(ja->tagger, s, n);
    if (!node) /* MeCab failed (out of memory): the text as written */
        return pc_buf_append(out, s, n);
    size_t done = 0; /* bytes of s read: what MeCab skipped (blanks) is kept */
    for (; node; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
            continue;
        size_t at = (size_t)(node->surface - s), len = 0;
        if (at > done && !pc_buf_append(out, s + done, at - done))
            return false;
        const char *p = node->stat == MECAB_NOR_NODE ? pronunciation(node->feature, &len) : NULL;
        if (p && len == 3 && !memcmp(p, "ヲ", 3))
            p = "オ"; /* the particle を is said o; espeak-ng says wo */
        if (p && len == 3 && !memcmp(p, "ウ", 3) && !strncmp(node->feature, "助動詞", strlen("助動詞")) &&
            last_in(out, 0, o_row))
            p = "ー"; /* the volitional う is a long o: シヨウ シヨー */
        bool both;
        const char *c = in_context(node, p, p ? len : 0, before_number, &both);
        if (c) {
            if (!pc_buf_puts(out, c))
                return false;
        } else if (!(p ? put_word(out, p, len, pc_ja_kanji(node->surface, node->length))
                       : unknown_word(ja, node->surface, node->length, out)))
            return false;
        done = at + node->length;
        if (both && node->next) {
            node = node->next;
            done = (size_t)(node->surface - s) + node->length;
        }
    }
    return done >= n || pc_buf_append(out, s + done, n - done);
}

/* Reads a stretch without numbers or lexicon words through MeCab. */
static bool read_words(pc_ja *ja, const char *text, size_t n, bool before_number, pc_buf *out)
{
    if (!n)
        return true;
    /* MeCab reads to a NUL whatever length it is given (its dictionary
     * lookup calls strlen): it gets a copy of the stretch alone */
    char *s = malloc(n + 1);
    if (!s)
        return false;
    memcpy(s, text, n);
    s[n] = '\0';
    bool ok = read_nodes(ja, s, n, before_number, out);
    free(s);
    return ok;
}

/* Is s[0..len) (a number in kanji and its counter) the start of a
 * longer dictionary word (三日月, 二日酔い, 五月雨), which MeCab reads
 * whole? *nomem is set when out of memory. */
static bool in_a_word(pc_ja *ja, const char *s, size_t n, size_t len, bool *nomem)
{
    size_t m = len + 24 < n ? len + 24 : n; /* the word's next few characters */
    while (m < n && ((unsigned char)s[m] & 0xC0) == 0x80)
        m--;
    char *t = malloc(m + 1);
    if (!t)
        return (*nomem = true);
    memcpy(t, s, m);
    t[m] = '\0';
    bool inside = false;
    for (const mecab_node_t *node = mecab_sparse_tonode2(ja->tagger, t, m); node; node = node->next) {
        size_t at = (size_t)(node->surface - t);
        if (node->stat == MECAB_NOR_NODE && at < len && at + node->length > len)
            inside = true;
    }
    free(t);
    return inside;
}

/* A sign before a number (- + or −, not after a digit or a letter: not
 * 03-1234 or A-1): its length, or 0. */
static size_t plus_minus(const char *s, size_t n, size_t i)
{
    size_t l = s[i] == '-' || s[i] == '+' ? 1 : i + 3 <= n && !memcmp(s + i, "−", 3) ? 3 : 0;
    if (!l || i + l >= n || s[i + l] < '0' || s[i + l] > '9')
        return 0;
    char b = i ? s[i - 1] : ' ';
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b == '-' || b == '+' ? 0 : l;
}

/* A wave dash or tilde after a number and before more (5〜6分,
 * 10時〜午後8時), or a hyphen between numbers (5-6人), is カラ: its
 * length, or 0. (espeak-ng reads 〜 as a
 * long vowel, ~ as the English word "tilde".) */
static size_t range(const char *s, size_t n, size_t i, pc_buf *out, bool *nomem)
{
    size_t l = i + 3 <= n && !memcmp(s + i, "〜", 3) ? 3 : i < n && (s[i] == '~' || s[i] == '-') ? 1 : 0;
    if (!l || i + l >= n || s[i + l] == ' ' || strchr(".,!?", s[i + l]) ||
        (i + l + 3 <= n && (!memcmp(s + i + l, "。", 3) || !memcmp(s + i + l, "、", 3))) ||
        (s[i] == '-' && (s[i + 1] < '0' || s[i + 1] > '9')))
        return 0;
    *nomem = *nomem || !pc_buf_puts(out, "カラ");
    return l;
}

static bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

size_t pc_ja_initialism(const char *s, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && s[e] >= 'A' && s[e] <= 'Z')
        e++;
    if (e == i || e - i > 6 || (i && ascii_letter(s[i - 1])) || (e < n && ascii_letter(s[e])))
        return 0;
    return e - i;
}

/* The letters s[0..n) (capitals) by their Japanese names. */
static bool letter_names(const char *s, size_t n, pc_buf *out)
{
    static const char *const names[] = {"エー", "ビー", "シー", "ディー", "イー", "エフ", "ジー", "エイチ", "アイ",
                                        "ジェー", "ケー", "エル", "エム", "エヌ", "オー", "ピー", "キュー", "アール",
                                        "エス", "ティー", "ユー", "ブイ", "ダブリュー", "エックス", "ワイ", "ゼット"};
    bool ok = true;
    for (size_t k = 0; ok && k < n; k++)
        ok = pc_buf_puts(out, names[s[k] - 'A']);
    return ok;
}

bool pc_ja_read(pc_ja *ja, const pc_lexicon *lex, const char *s, size_t n, pc_buf *out)
{
    size_t max = pc_lexicon_max_chars(lex, "ja"), start = 0;
    bool month = false, wari = false, nomem = false;
    for (size_t i = 0; i < n && !nomem;) {
        size_t taken = 0;
        const char *lr = NULL;
        for (size_t chars = max, e; chars > 0 && !lr; chars--) {
            e = i;
            for (size_t k = 0; k < chars && e < n; k++) {
                unsigned cp;
                e += pc_utf8_decode(s + e, n - e, &cp);
            }
            if ((lr = pc_lexicon_find(lex, "ja", s + i, e - i)))
                taken = e - i;
        }
        size_t pm = lr ? 0 : plus_minus(s, n, i);
        if (pm) { /* -5度 マイナスゴド, +3% プラス */
            if (!read_words(ja, s + start, i - start, true, out) ||
                !pc_buf_puts(out, s[i] == '+' ? "プラス" : "マイナス"))
                return false;
            start = i += pm;
            continue;
        }
        const char *money = NULL;
        size_t sign = lr ? 0 : pc_ja_currency(s, n, i, &money), kn = 0;
        bool digit = !lr && (sign || (s[i] >= '0' && s[i] <= '9'));
        if (!lr && !digit && (unsigned char)s[i] >= 0xE3) { /* a number in kanji: read apart */
            pc_buf said = {0};
            kn = pc_ja_kanji_number(s, n, i, i == start && i, month, wari && i == start, &said, &nomem);
            pc_buf_free(&said);
            if (kn && in_a_word(ja, s + i, n - i, kn, &nomem))
                kn = 0;
        }
        size_t ini = !lr && !digit && !kn ? pc_ja_initialism(s, n, i) : 0;
        if (ini) { /* AI エーアイ */
            if (!read_words(ja, s + start, i - start, false, out) || !letter_names(s + i, ini, out))
                return false;
            start = i += ini;
            continue;
        }
        if (!lr && !digit && !kn) {
            unsigned cp;
            i += pc_utf8_decode(s + i, n - i, &cp);
            continue;
        }
        bool adjacent = i == start; /* nothing between this and the last number */
        if (!read_words(ja, s + start, i - start, digit || kn, out))
            return false;
        if (lr) {
            if (!pc_buf_puts(out, lr))
                return false;
            month = wari = false;
        } else {
            size_t str = sign || kn ? 0 : pc_ja_digit_string(s, n, i, out, &nomem);
            taken = kn    ? pc_ja_kanji_number(s, n, i, adjacent && i, month, wari && adjacent, out, &nomem)
                    : str ? str
                          : sign + pc_ja_read_number(s, n, i + sign, month, wari && adjacent, out, &nomem);
            taken += range(s, n, i + taken, out, &nomem);
            month = taken >= 3 && !memcmp(s + i + taken - 3, "月", 3);
            wari = taken >= 3 && !memcmp(s + i + taken - 3, "割", 3);
            nomem = nomem || (money && !pc_buf_puts(out, money));
        }
        i += taken;
        start = i;
    }
    return !nomem && read_words(ja, s + start, n - start, false, out);
}
