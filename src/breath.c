/* breath: syllable counts, pausing punctuation and breath cuts (see
 * breath.h). */
#include "breath.h"

#include "internal.h"

#include <string.h>
#include <unictype.h>

bool pc_breath_comma(unsigned cp)
{
    return cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == 0xFE50 || cp == 0xFE51 ||
           cp == ';' || cp == 0xFF1B || cp == ':' || cp == 0xFF1A || cp == 0x2013 ||
           cp == 0x2014 || cp == 0x2015;
}

bool pc_breath_pauses_at(unsigned cp)
{
    return pc_breath_comma(cp) || cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 ||
           cp == 0xFF01 || cp == 0xFF1F || cp == 0x2026;
}

static bool is_syllable(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
           (cp >= 0x3400 && uc_is_property_ideographic(cp));
}

static bool is_vowel(unsigned cp)
{
    cp |= 0x20;
    return cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u' || cp == 'y';
}

size_t pc_breath_syllables(const char *s, size_t n, bool after_pause, bool *paused)
{
    size_t count = 0;
    bool vowel = false;
    if (paused)
        *paused = false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        bool v = cp < 0x80 && is_vowel(cp);
        if (after_pause && pc_breath_pauses_at(cp)) {
            count = 0;
            if (paused)
                *paused = true;
        } else if (is_syllable(cp) || (v && !vowel)) {
            count++;
        }
        vowel = v;
    }
    return count;
}

/* How good a place for a breath lies before s[at..n) (after prev):
 * 3 before a conjunction, 2 before a coverb, 1 after a particle, -3
 * before a particle or suffix that belongs to the word before, or
 * inside a common word ending in a coverb (現在, 就是). */
static int cut_score(const char *s, size_t n, size_t at, unsigned prev)
{
    static const char *const conj[] = {"但是", "因為", "因为", "所以", "而且", "並且", "并且",
                                       "可是", "如果", "雖然", "虽然", "或者", "然後", "然后",
                                       "還是", "还是", "不過", "不过", "因此", "只是", "甚至",
                                       "以及", "但", "而", "並", "并"};
    for (size_t k = 0; k < sizeof conj / sizeof *conj; k++) {
        size_t len = strlen(conj[k]);
        if (len <= n - at && !memcmp(s + at, conj[k], len))
            return prev == 0x4E0D ? 0 : 3; /* not 不但, 不過 */
    }
    unsigned cp;
    pc_utf8_decode(s + at, n - at, &cp);
    static const char enclitic[] = "的了著着們们嗎吗呢吧啊過过得地子性化者裡里上下中";
    for (size_t b = 0; enclitic[b];) {
        unsigned bc;
        b += pc_utf8_decode(enclitic + b, sizeof enclitic - 1 - b, &bc);
        if (bc == cp)
            return -3;
    }
    /* coverbs, unless they end a common word (現在, 相對, 就是, ...) */
    static const struct { unsigned cp; const char *not_after; } coverb[] = {
        {0x548C, "平溫暖緩柔調"},       /* 和 */
        {0x8DDF, "腳"},                 /* 跟 */
        {0x8207, "參給"}, {0x4E0E, "参给"}, /* 與 与 */
        {0x628A, ""},                   /* 把 */
        {0x88AB, ""},                   /* 被 */
        {0x8B93, ""}, {0x8BA9, ""},     /* 讓 让 */
        {0x5C0D, "相絕面針反應一"}, {0x5BF9, "相绝面针反应一"}, /* 對 对 */
        {0x5F9E, "服自"}, {0x4ECE, "服自"}, /* 從 从 */
        {0x5728, "現现正存實实自所內内外"}, /* 在 */
        {0x662F, "就但可還还於于總总只要若或真正也都不像即凡於"}, /* 是 */
    };
    for (size_t k = 0; k < sizeof coverb / sizeof *coverb; k++) {
        if (coverb[k].cp != cp)
            continue;
        const char *bad = coverb[k].not_after;
        for (size_t b = 0; bad[b];) {
            unsigned bc;
            b += pc_utf8_decode(bad + b, strlen(bad + b), &bc);
            if (bc == prev)
                return -3; /* inside that word */
        }
        return 2;
    }
    /* after 了 的 著 着 過 过 */
    return prev == 0x4E86 || prev == 0x7684 || prev == 0x8457 || prev == 0x7740 ||
                   prev == 0x904E || prev == 0x8FC7
               ? 1
               : 0;
}

#define MAX_STRETCH 512 /* syllables of one phrase considered for a cut */

size_t pc_breath_cut(const char *s, size_t n, size_t carry, size_t max,
                     const unsigned char *starts)
{
    size_t at[MAX_STRETCH]; /* byte offsets of the stretch's syllables */
    unsigned before[MAX_STRETCH];
    size_t count = 0, base = carry, cnt = carry, i = 0;
    unsigned prev = 0;
    bool over = false;
    if (max < 2)
        max = 2;
    /* find the first phrase that overflows, and its syllables to its end */
    while (i < n) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        if (pc_breath_pauses_at(cp)) {
            if (over)
                break;
            cnt = base = count = 0;
        } else if (is_syllable(cp)) {
            if (count < MAX_STRETCH) {
                at[count] = i;
                before[count++] = prev;
            }
            over = over || ++cnt > max;
        }
        prev = cp;
        i += len;
    }
    if (!over)
        return n;
    size_t total = base + count, pieces = (total + max - 1) / max;
    size_t target = (total + pieces - 1) / pieces;
    long best_cost = 0;
    size_t best = n;
    for (size_t k = 0; k < count; k++) {
        size_t left = base + k, right = total - left;
        if (left == 0 || (left > max && k > 0) || (starts && !starts[at[k]]))
            continue;
        long cost = (long)(left > target ? left - target : target - left) -
                    6L * cut_score(s, n, at[k], before[k]) + (right < 4 ? 6 : 0);
        if (best == n || cost < best_cost) {
            best_cost = cost;
            best = at[k];
        }
    }
    if (best == n && starts) /* no word start where a cut may fall */
        return pc_breath_cut(s, n, carry, max, NULL);
    return best == n ? at[count > max ? max : count - 1] : best;
}
