/* reading_ja_numbers: numbers in a Japanese run read in words with their
 * counters (see reading_ja.h, which declares pc_ja_number here too). */
#include "internal.h"
#include "reading_ja.h"
#include "reading_ja_numbers.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define JA_MAX_DIGITS 16 /* up to 9999兆 */

static const char *const ja_digit[] = {"ゼロ", "イチ", "ニ",   "サン", "ヨン",
                                       "ゴ",   "ロク", "ナナ", "ハチ", "キュー"};

/* One group of four digits (1..9999) before unit ("", マン, オク, チョウ). */
static bool group(unsigned g, const char *unit, pc_buf *out)
{
    unsigned t = g / 1000, h = g / 100 % 10, te = g / 10 % 10, o = g % 10;
    bool ok = true;
    if (t)
        ok = t == 3   ? pc_buf_puts(out, "サンゼン")
             : t == 8 ? pc_buf_puts(out, "ハッセン")
             : t == 1 ? pc_buf_puts(out, *unit && g == 1000 ? "イッセン" : "セン")
                      : pc_buf_puts(out, ja_digit[t]) && pc_buf_puts(out, "セン");
    if (ok && h)
        ok = h == 3   ? pc_buf_puts(out, "サンビャク")
             : h == 6 ? pc_buf_puts(out, "ロッピャク")
             : h == 8 ? pc_buf_puts(out, "ハッピャク")
             : h == 1 ? pc_buf_puts(out, "ヒャク")
                      : pc_buf_puts(out, ja_digit[h]) && pc_buf_puts(out, "ヒャク");
    if (ok && te)
        ok = (te == 1 || pc_buf_puts(out, ja_digit[te])) && pc_buf_puts(out, "ジュー");
    if (ok && o)
        ok = pc_buf_puts(out, o == 1 && !strcmp(unit, "チョウ") ? "イッ" : ja_digit[o]);
    return ok && pc_buf_puts(out, unit);
}

/* Cuts out back to len bytes (len <= out->len), NUL-terminated. */
static void cut_to(pc_buf *out, size_t len)
{
    out->len = len;
    if (out->data)
        out->data[len] = '\0';
}

static bool ends_with(const pc_buf *b, size_t from, const char *s)
{
    size_t l = strlen(s);
    return b->len - from >= l && !memcmp(b->data + b->len - l, s, l);
}

/* Replaces the tail old of the number's reading (out[from..]) by repl
 * (never longer, so nothing can fail); false when it does not end so. */
static bool swap_tail(pc_buf *out, size_t from, const char *old, const char *repl)
{
    size_t lo = strlen(old), lr = strlen(repl);
    if (!ends_with(out, from, old) || lr > lo)
        return false;
    memcpy(out->data + out->len - lo, repl, lr);
    cut_to(out, out->len - lo + lr);
    return true;
}

bool pc_ja_number(const char *s, size_t n, pc_buf *out)
{
    size_t dot = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' && dot == n && i > 0 && i + 1 < n)
            dot = i;
        else if (s[i] < '0' || s[i] > '9')
            return false;
    size_t i = 0;
    while (i + 1 < dot && s[i] == '0')
        i++; /* 007 is 7 */
    if (!dot || dot - i > JA_MAX_DIGITS)
        return false;
    static const char *const units[] = {"", "マン", "オク", "チョウ"};
    size_t from = out->len;
    for (size_t u = (dot - i + 3) / 4; u-- > 0;) {
        size_t e = dot - 4 * u, b = e - i > 4 ? e - 4 : i;
        unsigned g = 0;
        for (size_t k = b; k < e; k++)
            g = g * 10 + (unsigned)(s[k] - '0');
        if (g && !group(g, units[u], out)) {
            cut_to(out, from);
            return false;
        }
    }
    bool ok = out->len > from || pc_buf_puts(out, dot < n ? "レー" : "ゼロ");
    if (ok && dot < n) /* the point is テン, and 1 8 10 stop before it: イッテンゴ */
        ok = (swap_tail(out, from, "イチ", "イッ") || swap_tail(out, from, "ハチ", "ハッ") ||
              swap_tail(out, from, "ジュー", "ジュッ") || true) &&
             pc_buf_puts(out, "テン");
    for (size_t k = dot + 1; ok && k < n; k++)
        ok = pc_buf_puts(out, ja_digit[s[k] - '0']);
    if (!ok)
        cut_to(out, from);
    return ok;
}

bool pc_ja_kanji(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t l = pc_utf8_decode(s + i, n - i, &cp);
        if (!l || !(cp == 0x3005 || (cp >= 0x3400 && pc_cp_is_cjk(cp))))
            return false;
        i += l;
    }
    return n > 0;
}

/* ---------- counters ---------- */

/* How a counter joins its number: K (カイ, コ, サイ: イチ ロク ハチ ジュー
 * ヒャク end in a glottal stop, イッカイ), H (ホン, フン, ハイ: the same, and
 * the counter's ハ行 becomes パ行, イッポン; after サン or ヨン its ハ行
 * is voiced or made パ行 as the counter says), Y (ネン, エン, ジ, ニン: 4 is
 * ヨ), M (ガツ: 4 シ, 7 シチ, 9 ク), T (ジ, ジカン: 4 ヨ, 7 シチ, 9 ク), P
 * (パーセント: 10 stops, ジュッパーセント as NHK has it), PLAIN. */
enum join { J_PLAIN, J_K, J_H, J_Y, J_M, J_T, J_P };

typedef struct counter {
    const char *written, *read;
    enum join join;
    const char *after_san; /* H: the counter after サン (ボン), or NULL */
    const char *before;    /* said before the number (時速100キロ), or NULL */
} counter;

static const counter counters[] = {
    {"年生", "ネンセー", J_Y, NULL, NULL},
    {"年目", "ネンメ", J_Y, NULL, NULL},
    {"番目", "バンメ", J_PLAIN, NULL, NULL},
    {"度目", "ドメ", J_PLAIN, NULL, NULL},
    {"回目", "カイメ", J_K, NULL, NULL},
    {"人目", "ニンメ", J_Y, NULL, NULL},
    {"円高", "エンダカ", J_Y, NULL, NULL},
    {"円安", "エンヤス", J_Y, NULL, NULL},
    {"泊", "ハク", J_H, "パク", NULL},
    {"割", "ワリ", J_PLAIN, NULL, NULL},
    {"合", "ゴー", J_PLAIN, NULL, NULL},
    {"km/h", "キロ", J_K, NULL, "ジソク"},
    {"km/時", "キロ", J_K, NULL, "ジソク"},
    {"m/s", "メートル", J_PLAIN, NULL, "ビョーソク"},
    {"km", "キロ", J_PLAIN, NULL, NULL},
    {"kg", "キロ", J_PLAIN, NULL, NULL},
    {"mg", "ミリグラム", J_PLAIN, NULL, NULL},
    {"g", "グラム", J_PLAIN, NULL, NULL},
    {"cm", "センチ", J_K, NULL, NULL},
    {"mm", "ミリ", J_PLAIN, NULL, NULL},
    {"ml", "ミリリットル", J_PLAIN, NULL, NULL},
    {"mL", "ミリリットル", J_PLAIN, NULL, NULL},
    {"L", "リットル", J_PLAIN, NULL, NULL},
    {"m", "メートル", J_PLAIN, NULL, NULL},
    {"cc", "シーシー", J_PLAIN, NULL, NULL},
    {"GB", "ギガバイト", J_PLAIN, NULL, NULL},
    {"MB", "メガバイト", J_PLAIN, NULL, NULL},
    {"TB", "テラバイト", J_PLAIN, NULL, NULL},
    {"KB", "キロバイト", J_PLAIN, NULL, NULL},
    {"\u00b0C", "ド", J_PLAIN, NULL, NULL},
    {"ヶ月", "カゲツ", J_K, NULL, NULL},
    {"つ", "ツ", J_PLAIN, NULL, NULL},
    {"ヶ所", "カショ", J_K, NULL, NULL},
    {"か所", "カショ", J_K, NULL, NULL},
    {"カ所", "カショ", J_K, NULL, NULL},
    {"ヵ所", "カショ", J_K, NULL, NULL},
    {"箇所", "カショ", J_K, NULL, NULL},
    {"か月", "カゲツ", J_K, NULL, NULL},
    {"カ月", "カゲツ", J_K, NULL, NULL},
    {"ヵ月", "カゲツ", J_K, NULL, NULL},
    {"箇月", "カゲツ", J_K, NULL, NULL},
    {"時間", "ジカン", J_T, NULL, NULL},
    {"週間", "シューカン", J_K, NULL, NULL},
    {"年間", "ネンカン", J_Y, NULL, NULL},
    {"年", "ネン", J_Y, NULL, NULL},
    {"月", "ガツ", J_M, NULL, NULL},
    {"時", "ジ", J_T, NULL, NULL},
    {"分", "フン", J_H, "プン", NULL},
    {"秒", "ビョー", J_PLAIN, NULL, NULL},
    {"人", "ニン", J_Y, NULL, NULL},
    {"円", "エン", J_Y, NULL, NULL},
    {"歳", "サイ", J_K, NULL, NULL},
    {"才", "サイ", J_K, NULL, NULL},
    {"回", "カイ", J_K, NULL, NULL},
    {"個", "コ", J_K, NULL, NULL},
    {"件", "ケン", J_K, NULL, NULL},
    {"階", "カイ", J_K, "ガイ", NULL},
    {"本", "ホン", J_H, "ボン", NULL},
    {"杯", "ハイ", J_H, "バイ", NULL},
    {"匹", "ヒキ", J_H, "ビキ", NULL},
    {"冊", "サツ", J_K, NULL, NULL},
    {"枚", "マイ", J_PLAIN, NULL, NULL},
    {"台", "ダイ", J_PLAIN, NULL, NULL},
    {"度", "ド", J_PLAIN, NULL, NULL},
    {"番", "バン", J_PLAIN, NULL, NULL},
    {"号", "ゴー", J_PLAIN, NULL, NULL},
    {"位", "イ", J_PLAIN, NULL, NULL},
    {"倍", "バイ", J_PLAIN, NULL, NULL},
    {"点", "テン", J_K, NULL, NULL},
    {"週", "シュー", J_K, NULL, NULL},
    {"%", "パーセント", J_P, NULL, NULL},
    {"パーセント", "パーセント", J_P, NULL, NULL},
    {"キロ", "キロ", J_PLAIN, NULL, NULL},
};

/* The 日 of a date or a count of days: 1..10, 14, 20 and 24 have their own
 * words (1日 after 月 is ツイタチ, else イチニチ). */
static const char *day_word(unsigned long v, bool after_month)
{
    static const char *const w[] = {NULL,     "ツイタチ", "フツカ", "ミッカ",   "ヨッカ", "イツカ",
                                    "ムイカ", "ナノカ",   "ヨーカ", "ココノカ", "トーカ"};
    if (v == 1 && !after_month)
        return "イチニチ";
    if (v >= 1 && v <= 10)
        return w[v];
    return v == 14 ? "ジューヨッカ" : v == 20 ? "ハツカ" : v == 24 ? "ニジューヨッカ" : NULL;
}

/* Appends counter c after the number just read into out[from..] (value v,
 * or ULONG_MAX when it is no whole number under 2^32); said_before: the
 * text already says c's word before the number (時速100km/h). */
static bool add_counter(pc_buf *out, size_t from, unsigned long v, const counter *c, bool said_before)
{
    bool ok = true;
    const char *read = c->read;
    if (c->before && !said_before) { /* 100km/h: ジソクヒャッキロ */
        pc_buf said = {0};
        ok = pc_buf_append(&said, out->data + from, out->len - from);
        cut_to(out, from);
        ok = ok && pc_buf_puts(out, c->before) && pc_buf_append(out, said.data ? said.data : "", said.len);
        pc_buf_free(&said);
        if (!ok)
            return false;
    }
    if (!strncmp(c->written, "人", strlen("人")) && (v == 1 || v == 2)) { /* 人, 人目 */
        cut_to(out, from);
        return pc_buf_puts(out, v == 1 ? "ヒトリ" : "フタリ") && pc_buf_puts(out, c->read + strlen("ニン"));
    }
    if (!strcmp(c->written, "つ") && v >= 1 && v <= 10) { /* native numbers: 1つ ヒトツ */
        static const char *const tsu[] = {"ヒトツ", "フタツ", "ミッツ", "ヨッツ", "イツツ",
                                          "ムッツ", "ナナツ", "ヤッツ", "ココノツ", "トオ"};
        cut_to(out, from);
        return pc_buf_puts(out, tsu[v - 1]);
    }
    if (!strcmp(c->written, "歳") && v == 20) {
        cut_to(out, from);
        return pc_buf_puts(out, "ハタチ");
    }
    switch (c->join) {
    case J_K:
    case J_H: {
        /* 6 and 100 stop before a k (and the p of a ハ行 counter) only:
         * ロッカイ ヒャッコ, but ロクサイ ヒャクテン */
        bool k_row = c->join == J_H;
        for (const char *k = "カキクケコ"; *k && !k_row; k += 3)
            k_row = !strncmp(read, k, 3);
        bool stop = swap_tail(out, from, "イチ", "イッ") || (k_row && swap_tail(out, from, "ロク", "ロッ")) ||
                    swap_tail(out, from, "ハチ", "ハッ") || swap_tail(out, from, "ジュー", "ジュッ") ||
                    (k_row && (swap_tail(out, from, "ヒャク", "ヒャッ") || swap_tail(out, from, "ビャク", "ビャッ") ||
                               swap_tail(out, from, "ピャク", "ピャッ")));
        if (c->join == J_H && stop) {
            static const char *const hp[][2] = {{"ホ", "ポ"}, {"フ", "プ"}, {"ハ", "パ"}, {"ヒ", "ピ"}};
            for (size_t k = 0; k < sizeof hp / sizeof *hp; k++)
                if (!strncmp(read, hp[k][0], strlen(hp[k][0]))) {
                    ok = pc_buf_puts(out, hp[k][1]);
                    read += strlen(hp[k][0]);
                    break;
                }
        } else if (c->after_san && (ends_with(out, from, "サン") ||
                                    (!strcmp(c->written, "分") && ends_with(out, from, "ヨン")))) {
            read = c->after_san;
        }
        break;
    }
    case J_Y:
        swap_tail(out, from, "ヨン", "ヨ");
        break;
    case J_M:
        (void)(swap_tail(out, from, "ヨン", "シ") || swap_tail(out, from, "ナナ", "シチ") ||
               swap_tail(out, from, "キュー", "ク"));
        break;
    case J_T:
        (void)(swap_tail(out, from, "ヨン", "ヨ") || swap_tail(out, from, "ナナ", "シチ") ||
               swap_tail(out, from, "キュー", "ク"));
        break;
    case J_P:
        swap_tail(out, from, "ジュー", "ジュッ");
        break;
    case J_PLAIN:
        break;
    }
    return ok && pc_buf_puts(out, read);
}

/* Is s[j] a ',' between groups of three digits (1,500)? */
static bool group_comma(const char *s, size_t n, size_t j)
{
    if (s[j] != ',' || !j || s[j - 1] < '0' || s[j - 1] > '9' || j + 3 >= n)
        return false;
    for (size_t k = j + 1; k <= j + 3; k++)
        if (k >= n || s[k] < '0' || s[k] > '9')
            return false;
    return j + 4 >= n || s[j + 4] < '0' || s[j + 4] > '9';
}

/* Does counter c, matched up to s[e], end there? A unit in letters (g,
 * km) is not the start of a word (5gallons), and 円高 円安 are not the
 * adjectives 高い 安く (100円高い). */
static bool counter_ends(const char *s, size_t n, size_t e, const counter *c)
{
    if ((c->written[0] | 0x20) >= 'a' && (c->written[0] | 0x20) <= 'z')
        return e == n || !(((s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z') || (s[e] >= '0' && s[e] <= '9'));
    size_t l = strlen(c->written);
    if (l >= 3 && !strcmp(c->written + l - 3, "目") && e < n && pc_ja_kanji(s + e, n - e < 3 ? n - e : 3))
        return false; /* 2人目標 is 2人 目標 */
    if (!strcmp(c->written, "円高") || !strcmp(c->written, "円安")) {
        static const char *const tails[] = {"い", "く", "か", "け", "さ", "す"};
        for (size_t k = 0; k < sizeof tails / sizeof *tails; k++)
            if (e + 3 <= n && !memcmp(s + e, tails[k], 3))
                return false;
    }
    return true;
}

size_t pc_ja_unit(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof counters / sizeof *counters; k++) {
        const counter *c = &counters[k];
        size_t l = strlen(c->written);
        if ((c->written[0] | 0x20) >= 'a' && (c->written[0] | 0x20) <= 'z' && l <= n && !memcmp(s, c->written, l) &&
            counter_ends(s, n, l, c))
            return l;
    }
    return 0;
}

/* The words said after a count that MeCab reads alone the other way
 * (2分後 ニフンノチ, 3日目 モク). */
static const char *const count_words[][2] = {{"前後", "ゼンゴ"}, {"後", "ゴ"}, {"目", "メ"}, {"間", "カン"},
                                             {"台", "ダイ"}, {"半", "ハン"}};

/* Which of count_words is at s[e] and ends a word there (台湾 is no 台
 * after a count; 2時間半後 chains them)? Index, or -1. */
static int count_word(const char *s, size_t n, size_t e)
{
    for (size_t k = 0; k < sizeof count_words / sizeof *count_words; k++) {
        size_t l = strlen(count_words[k][0]);
        if (e + l > n || memcmp(s + e, count_words[k][0], l))
            continue;
        size_t rest = n - e - l;
        if (!rest || !pc_ja_kanji(s + e + l, rest < 3 ? rest : 3) || count_word(s, n, e + l) >= 0)
            return (int)k;
    }
    return -1;
}

/* The count_words after a count at s[e], read into out; their length.
 * through: the count is of days or years (中 is ジュー after it). */
static size_t count_suffix(const char *s, size_t n, size_t e, bool through, pc_buf *out, bool *nomem)
{
    size_t start = e;
    if (through && e + 3 <= n && !memcmp(s + e, "中", 3) &&
        (e + 3 == n || !pc_ja_kanji(s + e + 3, n - e - 3 < 3 ? n - e - 3 : 3))) {
        *nomem = *nomem || !pc_buf_puts(out, "ジュー"); /* through days or years: 一日中 3年中 */
        return 3;
    }
    for (int k; (k = count_word(s, n, e)) >= 0;) {
        *nomem = *nomem || !pc_buf_puts(out, count_words[k][1]);
        e += strlen(count_words[k][0]);
    }
    return e - start;
}

/* The number at s[i] (digits, with ',' between groups of three and one
 * '.' before decimals) and the multiplier (万 億 兆) and counter after it,
 * read into out. Returns the bytes taken (> 0); *nomem is set when out
 * of memory. month_before: a 月 closed the number before (5月1日);
 * wari_before: a 割 did (3割2分). */
size_t pc_ja_read_number(const char *s, size_t n, size_t i, bool month_before, bool wari_before, pc_buf *out,
                         bool *nomem)
{
    char d[64] = {0};
    size_t dn = 0, j = i;
    bool dot = false;
    while (j < n && dn < sizeof d) {
        if (s[j] >= '0' && s[j] <= '9')
            d[dn++] = s[j++];
        else if (group_comma(s, n, j))
            j++;
        else if (s[j] == '.' && !dot && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')
            d[dn++] = s[j++], dot = true;
        else
            break;
    }
    size_t from = out->len;
    if (!pc_ja_number(d, dn, out)) /* too long for words: digit by digit */
        for (size_t k = 0; k < dn && !*nomem; k++)
            *nomem = !pc_buf_puts(out, d[k] == '.' ? "テン" : ja_digit[d[k] - '0']);
    unsigned long v = ULONG_MAX;
    if (!dot && dn <= 9) {
        v = 0;
        for (size_t k = 0; k < dn; k++)
            v = v * 10 + (unsigned long)(d[k] - '0');
    }
    static const char *const mult[][2] = {{"兆", "チョー"}, {"億", "オク"}, {"万", "マン"}};
    for (size_t k = 0; k < sizeof mult / sizeof *mult; k++)
        if (j + strlen(mult[k][0]) <= n && !memcmp(s + j, mult[k][0], strlen(mult[k][0]))) {
            /* 1000万 イッセンマン; 1兆 8兆 10兆 イッチョー ハッチョー ジュッチョー */
            if (out->len - from == strlen("セン") && ends_with(out, from, "セン")) {
                cut_to(out, from);
                *nomem = *nomem || !pc_buf_puts(out, "イッセン");
            }
            if (k == 0)
                (void)(swap_tail(out, from, "イチ", "イッ") || swap_tail(out, from, "ハチ", "ハッ") ||
                       swap_tail(out, from, "ジュー", "ジュッ"));
            *nomem = *nomem || !pc_buf_puts(out, mult[k][1]);
            j += strlen(mult[k][0]);
            v = ULONG_MAX;
            from = out->len;
            break;
        }
    if (j + 3 <= n && !memcmp(s + j, "日", 3)) {
        const char *w = v != ULONG_MAX ? day_word(v, month_before) : NULL;
        if (w)
            cut_to(out, from);
        else if (!swap_tail(out, from, "ナナ", "シチ"))
            swap_tail(out, from, "キュー", "ク");
        *nomem = *nomem || !pc_buf_puts(out, w ? w : "ニチ");
        return j + 3 + count_suffix(s, n, j + 3, true, out, nomem) - i;
    }
    if (wari_before && j + 3 <= n && (!memcmp(s + j, "分", 3) || !memcmp(s + j, "厘", 3))) {
        /* 3割2分5厘: a tenth and a hundredth of a 割, ブ and リン */
        *nomem = *nomem || !pc_buf_puts(out, !memcmp(s + j, "分", 3) ? "ブ" : "リン");
        return j + 3 - i;
    }
    for (size_t k = 0; k < sizeof counters / sizeof *counters; k++) {
        size_t l = strlen(counters[k].written);
        if (j + l <= n && !memcmp(s + j, counters[k].written, l) && counter_ends(s, n, j + l, &counters[k])) {
            bool said = i >= 6 && (!memcmp(s + i - 6, "時速", 6) || !memcmp(s + i - 6, "秒速", 6));
            *nomem = *nomem || !add_counter(out, from, v, &counters[k], said);
            return j + l + count_suffix(s, n, j + l, !strcmp(counters[k].written, "年"), out, nomem) - i;
        }
    }
    /* no counter: 1, 8 and 10 stop before a word of the k, s, t rows
     * (第1セット ダイイッセット, 8チーム ハッチーム) */
    static const char voiceless[] = "カキクケコサシスセソタチツテト";
    for (const char *k = voiceless; j + 3 <= n && *k; k += 3)
        if (!memcmp(s + j, k, 3)) {
            (void)(swap_tail(out, from, "イチ", "イッ") || swap_tail(out, from, "ハチ", "ハッ") ||
                   swap_tail(out, from, "ジュー", "ジュッ"));
            break;
        }
    return j - i;
}

/* A currency sign at s[i] before a number (¥1,500 センゴヒャクエン): its
 * length (with a blank after it), and its word in *word; else 0. */
size_t pc_ja_currency(const char *s, size_t n, size_t i, const char **word)
{
    static const char *const signs[][2] = {{"¥", "エン"}, {"$", "ドル"}, {"€", "ユーロ"}, {"£", "ポンド"}};
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        size_t l = strlen(signs[k][0]), e = i + l;
        if (e < n && s[e] == ' ')
            e++;
        if (i + l <= n && !memcmp(s + i, signs[k][0], l) && e < n && s[e] >= '0' && s[e] <= '9') {
            *word = signs[k][1];
            return e - i;
        }
    }
    return 0;
}

/* How a phone number's digits are said: a lone 2 and 5 long (ニー ゴー),
 * 4 ヨン, 7 ナナ, 9 キュー. */
/* Kanji numerals: their values (〇 is 0), and the units after them. */
static const char numerals[] = "〇一二三四五六七八九";
static const struct {
    const char *w;
    unsigned long long unit;
    bool big;
} kanji_units[] = {{"十", 10, false},   {"百", 100, false},         {"千", 1000, false},
                   {"万", 10000, true}, {"億", 100000000ULL, true}, {"兆", 1000000000000ULL, true}};

/* Is s[i] a kanji numeral (a digit or 十 百 千)? Its value or unit. */
static bool numeral_at(const char *s, size_t n, size_t i, int *digit, int *unit)
{
    *digit = *unit = -1;
    for (int k = 0; i + 3 <= n && k < 10; k++)
        if (!memcmp(s + i, numerals + 3 * k, 3))
            return (*digit = k), true;
    for (int k = 0; i + 3 <= n && k < 6; k++)
        if (!memcmp(s + i, kanji_units[k].w, 3))
            return (*unit = k), true;
    return false;
}

/* The kanji number at s[i] as ASCII digits in d (at most 17 digits),
 * its end in *end; false when there is none. 二〇二四 is read digit by
 * digit, 三十五 and 一万二千 by their units. */
static bool kanji_value(const char *s, size_t n, size_t i, char *d, size_t dsize, size_t *end)
{
    unsigned long long total = 0, section = 0, cur = 0;
    size_t j = i;
    int digit, unit;
    while (numeral_at(s, n, j, &digit, &unit) && (digit < 0 || j == i || cur < 100000000000ULL)) {
        if (digit >= 0)
            cur = cur * 10 + (unsigned long long)digit;
        else if (kanji_units[unit].big) {
            if (j == i || (!section && !cur))
                break;
            total += (section + cur) * kanji_units[unit].unit, section = cur = 0;
        } else
            section += (cur ? cur : 1) * kanji_units[unit].unit, cur = 0;
        j += 3;
    }
    if (j == i || total + section + cur >= 10000000000000000ULL)
        return false;
    int l = snprintf(d, dsize, "%llu", total + section + cur);
    *end = j;
    return l > 0 && (size_t)l < dsize;
}

size_t pc_ja_kanji_number(const char *s, size_t n, size_t i, bool after_count, bool month_before, bool wari_before,
                          pc_buf *out, bool *nomem)
{
    /* a numeral inside a word (統一, 人一倍, 唯一) is MeCab's; 月 割 (四月一日), 第 約 計 毎
     * 各 全 and 満 come before a count, and so does a count (一日一回) */
    if (!after_count && i >= 3 && pc_ja_kanji(s + i - 3, 3) &&
        !strstr("第約計毎各全満月割", (char[4]){s[i - 3], s[i - 2], s[i - 1], 0}))
        return 0;
    int digit, unit;
    if (i >= 3 && numeral_at(s, n, i - 3, &digit, &unit))
        return 0;
    char t[96];
    size_t e, dn;
    /* 何 before a counter is ナン, voicing it as サン does (何本 ナンボン
     * as 三本 サンボン): read as 3; 何日 何つ are MeCab's */
    bool nani = i + 3 <= n && !memcmp(s + i, "何", 3);
    if (nani && i + 6 <= n && (!memcmp(s + i + 3, "日", 3) || !memcmp(s + i + 3, "つ", 3)))
        return 0;
    if (nani)
        memcpy(t, "3", 2), e = i + 3;
    else if (!kanji_value(s, n, i, t, 20, &e) || (e == i + 3 && e + 3 <= n && !memcmp(s + i, "十分", 6)))
        return 0; /* 十分 is enough, ジューブン */
    dn = strlen(t);
    /* the number in digits, then what follows it (whole characters) */
    size_t rest = n - e < sizeof t - dn - 1 ? n - e : sizeof t - dn - 1;
    while (rest && e + rest < n && ((unsigned char)s[e + rest] & 0xC0) == 0x80)
        rest--;
    memcpy(t + dn, s + e, rest);
    pc_buf said = {0};
    bool nm = false;
    size_t taken = pc_ja_read_number(t, dn + rest, 0, month_before, wari_before, &said, &nm);
    size_t stop = e + (taken - dn);
    bool ok = !nm && taken > dn && (!nani || (said.len >= 6 && !memcmp(said.data, "サン", 6)));
    if (ok && nani)
        memcpy(said.data, "ナン", 6);
    if (ok)
        *nomem = *nomem || !pc_buf_append(out, said.data, said.len);
    else
        *nomem = *nomem || nm;
    pc_buf_free(&said);
    return ok ? stop - i : 0;
}
