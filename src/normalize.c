/* normalize: numbers and symbols in words (see normalize.h). */
#include "internal.h"
#include "normalize.h"
#include "normalize_en_abbr.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const ZH_DIGIT[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool digits_each(const char *d, size_t n, pc_buf *out)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(d[i]) && !pc_buf_puts(out, ZH_DIGIT[d[i] - '0']))
            return false;
    return true;
}

/* One group of up to four digits (value 1..9999). */
static bool zh_group(unsigned g, bool leading, bool liang, pc_buf *out)
{
    static const char *const unit[4] = {"千", "百", "十", ""};
    unsigned div[4] = {1000, 100, 10, 1};
    bool said = false, zero = false;
    for (int p = 0; p < 4; p++) {
        unsigned d = g / div[p] % 10;
        if (!d) {
            zero = said;
            continue;
        }
        if (zero && !pc_buf_puts(out, "零"))
            return false;
        zero = false;
        const char *dc = ZH_DIGIT[d];
        if (d == 2 && liang && p < 2)
            dc = "兩";
        if (d == 1 && p == 2 && leading && !said)
            dc = "";
        if (!pc_buf_puts(out, dc) || !pc_buf_puts(out, unit[p]))
            return false;
        said = true;
    }
    return true;
}

bool pc_zh_integer(const char *digits, size_t n, bool liang, pc_buf *out)
{
    while (n > 1 && digits[0] == '0')
        digits++, n--;
    if (n > 16)
        return digits_each(digits, n, out);
    if (n == 1 && digits[0] == '0')
        return pc_buf_puts(out, "零");
    static const char *const big[4] = {"", "萬", "億", "兆"};
    size_t groups = (n + 3) / 4;
    bool said = false, zero = false;
    for (size_t gi = 0; gi < groups; gi++) {
        size_t gend = n - 4 * (groups - 1 - gi), gstart = gend >= 4 ? gend - 4 : 0;
        if (gi == 0)
            gstart = 0;
        unsigned g = 0;
        for (size_t i = gstart; i < gend; i++)
            g = g * 10 + (unsigned)(digits[i] - '0');
        if (!g) {
            zero = said;
            continue;
        }
        if ((zero || (said && g < 1000)) && !pc_buf_puts(out, "零"))
            return false;
        zero = false;
        size_t level = groups - 1 - gi;
        bool two = g == 2 && level > 0 && liang;
        if (!(two ? pc_buf_puts(out, "兩") : zh_group(g, !said, liang, out)) ||
            !pc_buf_puts(out, big[level]))
            return false;
        said = true;
    }
    return true;
}

/* A number at s[i]: digits with optional thousands commas and a decimal
 * part. Fills the digits without commas into int_part and the fraction's
 * span; returns the end offset. */
typedef struct num {
    char int_part[48];
    size_t int_len;
    size_t frac, frac_len; /* offsets into s */
    bool grouped;
} num;

static size_t scan_number(const char *s, size_t n, size_t i, num *x)
{
    memset(x, 0, sizeof *x);
    while (i < n) {
        if (is_digit(s[i])) {
            if (x->int_len < sizeof x->int_part - 1)
                x->int_part[x->int_len++] = s[i];
            i++;
        } else if (s[i] == ',' && i + 3 < n + 0 && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
                   is_digit(s[i + 3]) && (i + 4 >= n || !is_digit(s[i + 4]))) {
            x->grouped = true;
            i++;
        } else
            break;
    }
    if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
        x->frac = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        x->frac_len = i - x->frac;
    }
    return i;
}

static bool zh_number(const char *s, const num *x, bool liang, pc_buf *out)
{
    if (!pc_zh_integer(x->int_part, x->int_len, liang, out))
        return false;
    return !x->frac_len || (pc_buf_puts(out, "點") && digits_each(s + x->frac, x->frac_len, out));
}

/* x times ten to the pow10 (2.5 million): the whole number in Han
 * numerals (兩百五十萬) when it has no fraction left and fits, else x and
 * the scale's words (1.2345千). */
static bool zh_scaled(const char *s, const num *x, unsigned pow10, pc_buf *out)
{
    char d[24];
    size_t len = 0;
    if (x->frac_len <= pow10 && x->int_len + pow10 < sizeof d) {
        for (size_t k = 0; k < x->int_len; k++)
            if (len || x->int_part[k] != '0')
                d[len++] = x->int_part[k];
        for (size_t k = 0; k < pow10; k++) {
            char c = k < x->frac_len ? s[x->frac + k] : '0';
            if (len || c != '0')
                d[len++] = c;
        }
        return len ? pc_zh_integer(d, len, true, out) : pc_buf_puts(out, "零");
    }
    const char *word = pow10 == 3 ? "千" : pow10 == 6 ? "百萬" : pow10 == 9 ? "十億" : "兆";
    return zh_number(s, x, true, out) && pc_buf_puts(out, word);
}

static bool starts(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    return i + l <= n && !memcmp(s + i, lit, l);
}

/* Measure words after which 2 reads 兩. */
static bool measure_follows(const char *s, size_t n, size_t i)
{
    static const char *const m[] = {"個", "个", "倍", "位", "種", "种", "次", "件", "本", "張",
                                    "张", "天", "年", "週", "周", "歲", "岁", "點", "点", "人",
                                    "名", "項", "项", "條", "条", "家", "句", "分鐘", "分钟",
                                    "小時", "小时", "台", "臺", "隻", "只", "塊", "块", "份",
                                    "篇", "場", "场", "輪", "轮", "層", "层", "段", "套", "款",
                                    "部", "場", "支", "群", "組", "组", "億", "亿", "萬", "万",
                                    "顆", "颗", "粒", "遍", "趟", "杯", "碗", "瓶", "盒", "包",
                                    "片", "針", "针", "堂", "節", "节", "門", "门", "局", "章",
                                    "集", "首", "道", "樣", "样", "間", "间", "所", "座", "輛",
                                    "辆", "雙", "双", "頓", "顿", "步", "盤", "盘", "斤", "根",
                                    "把", "枚", "頁", "页", "夜", "晚", "勺", "匙", "劑", "剂",
                                    "千", "百"};
    for (size_t k = 0; k < sizeof m / sizeof *m; k++)
        if (starts(s, n, i, m[k]))
            return true;
    return false;
}

/* Whether a range's other end and then a measure word follow s[i] (2到3個,
 * 2-3天, 2～3次: the 2 reads 兩 as it would alone before the word). */
static bool range_measure_follows(const char *s, size_t n, size_t i)
{
    static const char *const to[] = {"到", "至", "-", "~", "～", "–"};
    for (size_t k = 0; k < sizeof to / sizeof *to; k++)
        if (starts(s, n, i, to[k])) {
            size_t e = i + strlen(to[k]);
            if (e >= n || !is_digit(s[e]))
                return false;
            while (e < n && is_digit(s[e]))
                e++;
            return measure_follows(s, n, e);
        }
    return false;
}

/* Dates (YYYY-MM-DD, YYYY/MM/DD), times (H:MM, an hour to 24 and minutes
 * under 60) and ratios or scores (3:1 三比一, 102:98, 25:30: what cannot be
 * a time).
 * Returns the end, or 0. */
static size_t zh_date_time(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    size_t a = i;
    while (a < n && is_digit(s[a]))
        a++;
    size_t len = a - i;
    if (len == 4 && a + 1 < n && (s[a] == '-' || s[a] == '/') && is_digit(s[a + 1])) {
        size_t b = a + 1, c;
        while (b < n && is_digit(s[b]))
            b++;
        if (b - a - 1 <= 2 && b + 1 < n && s[b] == s[a] && is_digit(s[b + 1])) {
            for (c = b + 1; c < n && is_digit(s[c]);)
                c++;
            if (c - b - 1 <= 2) {
                *ok = digits_each(s + i, 4, out) && pc_buf_puts(out, "年") &&
                      pc_zh_integer(s + a + 1, b - a - 1, false, out) && pc_buf_puts(out, "月") &&
                      pc_zh_integer(s + b + 1, c - b - 1, false, out) &&
                      (starts(s, n, c, "日") || starts(s, n, c, "號") || pc_buf_puts(out, "日"));
                return c;
            }
        }
    }
    unsigned hour = len == 2 ? (unsigned)((s[i] - '0') * 10 + s[i + 1] - '0') : len ? (unsigned)(s[i] - '0') : 0;
    bool time = len <= 2 && a + 2 < n && s[a] == ':' && is_digit(s[a + 1]) && is_digit(s[a + 2]) &&
                (a + 3 >= n || !is_digit(s[a + 3])) && hour <= 24 && s[a + 1] <= '5';
    if (time) {
        bool two = len == 1 && s[i] == '2';
        *ok = (two ? pc_buf_puts(out, "兩") : pc_zh_integer(s + i, len, false, out)) &&
              pc_buf_puts(out, "點");
        if (*ok && !(s[a + 1] == '0' && s[a + 2] == '0'))
            *ok = (s[a + 1] != '0' || pc_buf_puts(out, "零")) &&
                  pc_zh_integer(s + a + 1, 2, false, out) && pc_buf_puts(out, "分");
        return a + 3;
    }
    size_t b = a + 1;
    while (b < n && is_digit(s[b]))
        b++;
    if (len && len <= 3 && b > a + 1 && b - a - 1 <= 3 && s[a] == ':' && (b == n || s[b] != ':')) {
        *ok = pc_zh_integer(s + i, len, false, out) && pc_buf_puts(out, "比") &&
              pc_zh_integer(s + a + 1, b - a - 1, false, out); /* a ratio or a score: 3:1 三比一, 16:9, 102:98 */
        return b;
    }
    return 0;
}

/* A currency sign or code at s[i] before a number ("NT$1,200" → 新台幣一千
 * 兩百元): its length (with a blank after a code), the words said before
 * and after the amount; 0 when there is none. */
static size_t zh_currency(const char *s, size_t n, size_t i, const char **before, const char **after)
{
    static const char *const signs[][3] = {{"NT$", "新台幣", "元"}, {"US$", "", "美元"},
                                           {"HK$", "", "港元"}, {"RMB", "人民幣", "元"},
                                           {"$", "", "美元"}, {"¥", "", "元"},
                                           {"€", "", "歐元"}, {"£", "", "英鎊"}};
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        size_t l = strlen(signs[k][0]), e = i + l;
        if (!starts(s, n, i, signs[k][0]))
            continue;
        if (e + 1 < n && s[e] == ' ' && is_digit(s[e + 1]))
            e++; /* a code or sign may stand apart: NT$ 1,200, RMB 50, ¥ 4,999 */
        if (e < n && (is_digit(s[e]) || (s[e] == '-' && e + 1 < n && is_digit(s[e + 1])))) {
            *before = signs[k][1];
            *after = signs[k][2];
            return e - i;
        }
    }
    return 0;
}

/* A metric unit right after a number at s[i] (one blank may come
 * first): its length, and the Mandarin word for it in *word; 0 when there
 * is none. The plan keeps these letters in the number's run. */
static size_t zh_unit(const char *s, size_t n, size_t i, bool mainland, const char **word)
{
    static const char *const units[][3] = {
        {"km/h", "公里每小時", "公里每小时"}, {"km", "公里", "公里"}, {"kg", "公斤", "公斤"},
        {"mg", "毫克", "毫克"}, {"g", "公克", "克"}, {"cm", "公分", "厘米"}, {"mm", "毫米", "毫米"},
        {"ml", "毫升", "毫升"}, {"mL", "毫升", "毫升"}, {"L", "公升", "升"}};
    size_t b = i < n && s[i] == ' ' ? i + 1 : i;
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        size_t l = strlen(units[k][0]);
        if (starts(s, n, b, units[k][0]) &&
            (b + l == n || !(is_digit(s[b + l]) || ((s[b + l] | 0x20) >= 'a' && (s[b + l] | 0x20) <= 'z')))) {
            *word = units[k][mainland ? 2 : 1];
            return b + l - i;
        }
    }
    return 0;
}

/* A number said digit by digit (phone numbers, codes): groups of digits
 * joined by '-' (three or more, or two where the first starts with 0 or
 * a 3-4 digit group comes before a 4 digit one, not a round number or a
 * span of years), or one group of 3+ digits starting with 0, or a
 * mainland mobile number (1 and ten digits), or an area code in
 * parentheses ((02) 零二, the parentheses unsaid). Mainland readings say 1 as
 * 幺. Returns the end, or 0 (nothing written). */
static size_t zh_digit_string(const char *s, size_t n, size_t i, bool mainland, pc_buf *out, bool *ok)
{
    size_t g = 0, len[8], at[8], e = i;
    if (i && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ','))
        return 0;
    size_t close = i + 1; /* (02) 2345-6789 */
    while (close < n && is_digit(s[close]))
        close++;
    if (s[i] == '(' && close - i >= 3 && close - i <= 5 && s[i + 1] == '0' && close < n && s[close] == ')') {
        size_t d = i + 1; /* the number after it too, its groups apart by '-' or a blank */
        for (e = close; *ok && d < e; d++) {
            *ok = pc_buf_puts(out, s[d] == '1' && mainland ? "幺" : ZH_DIGIT[s[d] - '0']);
            if (d + 1 == e && e + 2 < n && (s[e] == ')' || s[e] == '-' || s[e] == ' ') &&
                (is_digit(s[e + 1]) || (s[e] == ')' && s[e + 1] == ' ' && is_digit(s[e + 2])))) {
                d = e + (s[e] == ')' && s[e + 1] == ' ');
                for (e = d + 1; e < n && is_digit(s[e]);)
                    e++;
                *ok = *ok && pc_buf_puts(out, "，");
            }
        }
        return e + (e < n && s[e] == ')');
    }
    while (g < 8) {
        at[g] = e;
        while (e < n && is_digit(s[e]))
            e++;
        len[g] = e - at[g];
        g++;
        if (!(e + 1 < n && s[e] == '-' && is_digit(s[e + 1])))
            break;
        e++;
    }
    bool group = e + 3 < n && s[e] == ',' && is_digit(s[e + 1]) && is_digit(s[e + 2]) &&
                 is_digit(s[e + 3]) && (e + 4 == n || !is_digit(s[e + 4])); /* 1,234 */
    if (group || (e + 1 < n && (s[e] == '.' || s[e] == ':') && is_digit(s[e + 1])))
        return 0;
    bool years = g == 2 && len[0] == 4 && len[1] == 4 && (s[i] == '1' || s[i] == '2') &&
                 (s[at[1]] == '1' || s[at[1]] == '2');
    bool round = len[g - 1] >= 2 && s[e - 1] == '0' && s[e - 2] == '0';
    bool digits = g >= 3 || (g == 2 && len[0] >= 2 && s[i] == '0') ||
                  (g == 2 && len[0] >= 3 && len[0] <= 4 && len[1] == 4 && !years && !round) ||
                  (g == 1 && len[0] >= 3 && s[i] == '0') ||

                  (g == 1 && len[0] == 11 && s[i] == '1' && s[i + 1] >= '3');
    if (!digits)
        return 0;
    for (size_t k = 0; *ok && k < g; k++) {
        if (k)
            *ok = pc_buf_puts(out, "，");
        for (size_t d = at[k]; *ok && d < at[k] + len[k]; d++)
            *ok = pc_buf_puts(out, s[d] == '1' && mainland ? "幺" : ZH_DIGIT[s[d] - '0']);
    }
    return e;
}

/* One number at s[i] (maybe signed or with a currency sign before it) and
 * what follows it. Returns the end offset; *ok false when out of memory. */
/* Whether the post writes the amount's currency word itself after it
 * (NT$1,200元, $30 美元, ¥150 元, NT$ 4 萬元): then that word is read, not a
 * second. */
static bool written(const char *s, size_t n, size_t i)
{
    static const char *const words[] = {"元", "圓", "圆", "塊", "块", "美元", "美金", "港元", "港幣", "港币",
                                        "歐元", "欧元", "英鎊", "英镑", "日圓", "日元", "人民幣", "人民币"};
    while (i < n && s[i] == ' ')
        i++;
    if (starts(s, n, i, "萬") || starts(s, n, i, "万") || starts(s, n, i, "億") || starts(s, n, i, "亿"))
        i += 3; /* NT$ 4 萬元: 新台幣四萬元 */
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (starts(s, n, i, words[k]))
            return true;
    return false;
}

/* Whether N/M (x/y, integers) is a date: a month 1-12 and a day 1-31 that
 * make no plain fraction (3/15 三月十五日, 5/1 五月一日, 12/25; 2/3 and 3/4
 * stay 三分之二, 四分之三). */
static bool slash_date(const num *x, const num *y)
{
    unsigned m = 0, d = 0;
    for (size_t k = 0; k < x->int_len && k < 3; k++)
        m = m * 10 + (unsigned)(x->int_part[k] - '0');
    for (size_t k = 0; k < y->int_len && k < 3; k++)
        d = d * 10 + (unsigned)(y->int_part[k] - '0');
    return x->int_len <= 2 && y->int_len <= 2 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && (d >= 13 || m >= d);
}

/* The Han scale words written after an amount of money, ending in 萬 or
 * 億 (NT$1200萬, $5 萬, US$3 億, NT$30 萬元, $3千萬; not $5十分便宜): their
 * length at s[i] with one blank before them; they are said before the
 * currency word (一千兩百萬元, 五萬美元). */
static size_t money_scale(const char *s, size_t n, size_t i, size_t *blank)
{
    static const char *const words[] = {"萬", "万", "億", "亿", "十", "百", "千"};
    size_t e = *blank = i < n && s[i] == ' ' ? i + 1 : i, last = 0;
    for (size_t k = 0; k < sizeof words / sizeof *words;)
        if (starts(s, n, e, words[k])) {
            e += strlen(words[k]);
            last = k < 4 ? e : last;
            k = 0;
        } else {
            k++;
        }
    return last ? last - i : 0;
}

/* Whether x > y (integers): N/M is then no fraction a post writes (a blood
 * pressure 135/85, 24/7) and is read as two numbers. */
static bool num_above(const num *x, const num *y)
{
    size_t a = x->int_len, b = y->int_len;
    return a > b || (a == b && memcmp(x->int_part, y->int_part, a) > 0);
}

/* Is the number x at s[i..end) said digit by digit? A height's
 * centimetres after 米 (1米75 一米七五), a code with a leading zero (0050,
 * 007; 第05集 and 05月 stay numbers), a time's hundredths after 秒 (11秒23,
 * 9 秒 58). plain: no sign, currency, percent, degree or 第 with it. */
static bool zh_digitwise(const char *s, size_t n, size_t i, size_t end, const num *x, bool plain)
{
    if (x->frac_len || x->grouped || !plain)
        return false;
    bool alone = end >= n || !is_digit(s[end]);
    size_t gap = i >= 1 && s[i - 1] == ' ' ? 1 : 0;
    return (x->int_len == 2 && i >= 4 && !memcmp(s + i - 3, "米", 3) && is_digit(s[i - 4]) && alone) ||
           (x->int_len >= 3 && x->int_part[0] == '0') ||
           (x->int_len == 2 && i >= 3 + gap && !memcmp(s + i - gap - 3, "秒", 3) && alone);
}

static size_t zh_one(const char *s, size_t n, size_t i, bool mainland, pc_buf *out, bool *ok)
{
    size_t end = zh_date_time(s, n, i, out, ok);
    if (!end)
        end = zh_digit_string(s, n, i, mainland, out, ok);
    if (end)
        return end;
    const char *currency = NULL, *before = NULL;
    bool neg = false;
    size_t sign = zh_currency(s, n, i, &before, &currency);
    if (!sign)
        currency = NULL;
    i += sign;
    *ok = !before || pc_buf_puts(out, before);
    if (i < n && (s[i] == '-' || starts(s, n, i, "−")))
        neg = true, i += s[i] == '-' ? 1 : strlen("−");
    num x, y;
    end = scan_number(s, n, i, &x);
    bool deg = starts(s, n, end, "°");
    bool percent = end < n && s[end] == '%';
    *ok = *ok && (!neg || pc_buf_puts(out, deg ? "零下" : "負"));
    if (*ok && percent)
        *ok = pc_buf_puts(out, "百分之");
    if (!x.frac_len && x.int_len == 4 && starts(s, n, end, "年")) {
        *ok = *ok && digits_each(x.int_part, 4, out);
        return end;
    }
    if (!x.frac_len && end + 1 < n && s[end] == '/' && is_digit(s[end + 1])) {
        size_t e2 = scan_number(s, n, end + 1, &y);
        if (!y.frac_len && !percent && !currency && !neg && slash_date(&x, &y))
            *ok = *ok && pc_zh_integer(x.int_part, x.int_len, false, out) && pc_buf_puts(out, "月") &&
                  pc_zh_integer(y.int_part, y.int_len, false, out) && pc_buf_puts(out, "日");
        else if (!y.frac_len && !percent && !currency && !neg && num_above(&x, &y))
            *ok = *ok && pc_zh_integer(x.int_part, x.int_len, false, out) && pc_buf_puts(out, "，") &&
                  pc_zh_integer(y.int_part, y.int_len, false, out); /* 135/85, 24/7: no fraction */
        else if (!y.frac_len)
            *ok = *ok && pc_zh_integer(y.int_part, y.int_len, false, out) &&
                  pc_buf_puts(out, "分之") && pc_zh_integer(x.int_part, x.int_len, false, out);
        if (!y.frac_len)
            return e2;
    }
    bool ordinal = i >= 3 && !memcmp(s + i - 3, "第", 3); /* 第2名 第二名, never 兩 */
    bool liang = !x.frac_len && !x.grouped && x.int_len == 1 && x.int_part[0] == '2' && !ordinal &&
                 (measure_follows(s, n, end) || (!currency && !percent && range_measure_follows(s, n, end)));
    if (zh_digitwise(s, n, i, end, &x, !neg && !currency && !percent && !deg && !ordinal)) {
        *ok = *ok && digits_each(x.int_part, x.int_len, out);
        return end;
    }
    bool version = x.frac_len && end + 1 < n && s[end] == '.' && is_digit(s[end + 1]);
    size_t sb, scale;
    unsigned pow10 = 0;
    if (version) { /* 2.10.3 → 二點十點三: each part a number */
        *ok = *ok && pc_zh_integer(x.int_part, x.int_len, false, out);
        for (size_t d = x.frac; *ok; d = end + 1) {
            for (end = d; end < n && is_digit(s[end]);)
                end++;
            *ok = pc_buf_puts(out, "點") && pc_zh_integer(s + d, end - d, false, out);
            if (!(end + 1 < n && s[end] == '.' && is_digit(s[end + 1])))
                break;
        }
    } else if ((sb = end < n && s[end] == ' ' ? end + 1 : end,
                scale = percent || deg ? 0 : pc_number_scale(s + sb, n - sb, currency, &pow10))) {
        *ok = *ok && zh_scaled(s, &x, pow10, out); /* $2.5 million 兩百五十萬美元 */
        end = sb + scale;
        liang = false;
    } else {
        *ok = *ok && zh_number(s, &x, true, out);
    }
    if (liang && *ok) {
        out->len -= strlen("二");
        *ok = pc_buf_puts(out, "兩");
    }
    if (*ok && end < n &&
        (s[end] == '-' || s[end] == '~' || starts(s, n, end, "–") || starts(s, n, end, "～"))) {
        size_t skip = s[end] == '-' || s[end] == '~' ? 1 : 3;
        if (end + skip < n && is_digit(s[end + skip])) {
            *ok = pc_buf_puts(out, "到");
            if (!currency)
                return end + skip;
            end = scan_number(s, n, end + skip, &y); /* $20-30: 二十到三十美元 */
            *ok = *ok && zh_number(s, &y, true, out) && (written(s, n, end) || pc_buf_puts(out, currency));
            return end;
        }
    }
    if (*ok && percent)
        end++;
    if (*ok && deg) {
        end += strlen("°");
        if (end < n && (s[end] == 'C' || s[end] == 'F'))
            *ok = pc_buf_puts(out, s[end] == 'F' ? "華氏度" : "度"), end++;
        else
            *ok = pc_buf_puts(out, "度");
    }
    const char *unit;
    size_t ul = !percent && !deg && !currency && *ok ? zh_unit(s, n, end, mainland, &unit) : 0;
    if (ul)
        *ok = pc_buf_puts(out, unit), end += ul;
    size_t blank, ml = *ok && currency ? money_scale(s, n, end, &blank) : 0;
    if (ml)
        *ok = pc_buf_append(out, s + blank, end + ml - blank), end += ml;
    if (*ok && currency)
        *ok = written(s, n, end) || pc_buf_puts(out, currency);
    if (*ok && (percent || deg || currency || ul) && end + 1 < n && (s[end] == '-' || s[end] == '~') &&
        (is_digit(s[end + 1]) || (currency && zh_currency(s, n, end + 1, &before, &currency))))
        *ok = pc_buf_puts(out, "到"), end++; /* 50%-60%, 20°C-25°C: the range's other end follows */
    return end;
}

/* A sign before a number (~50%, >70°C, ≈NT$500; not a range's, 3~5):
 * its length at s[i], what is said for it in *say ("" after a word that
 * already hedges, 大約~50%); 0 when s[i] is none. espeak-ng's Mandarin
 * voice reads ~ and ≈ as English words and skips > and <. */
static size_t zh_sign(const char *s, size_t n, size_t i, const char **say)
{
    static const struct {
        const char *sign, *say;
    } signs[] = {{"~", "約"}, {"≈", "約"}, {">", "超過"}, {"<", "不到"},
                 {"≥", "至少"}, {"≤", "最多"}, {"±", "正負"}};
    static const char *const hedges[] = {"約", "约", "大概", "左右", "將近", "将近", "差不多", "超過",
                                         "超过", "不到", "至少", "最多"};
    const char *before, *after;
    if (i > 0 && is_digit(s[i - 1]))
        return 0;
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        size_t l = strlen(signs[k].sign);
        if (!starts(s, n, i, signs[k].sign) || i + l >= n ||
            !(is_digit(s[i + l]) || zh_currency(s, n, i + l, &before, &after)))
            continue;
        *say = signs[k].say;
        for (size_t h = 0; h < sizeof hedges / sizeof *hedges; h++) {
            size_t hl = strlen(hedges[h]);
            if (i >= hl && !memcmp(s + i - hl, hedges[h], hl))
                *say = "";
        }
        return l;
    }
    return 0;
}

/* A tilde at s[i] (after NFKC, ～ is ~) that is not before a number: 到
 * between two words (週一~週五, 北京~上海), nothing after a particle or a
 * laugh that it draws out (好喔~, 哈哈~, 好~棒) or at the end. */
static const char *zh_tilde(const char *s, size_t n, size_t i)
{
    static const char *const drawn = "喔啊啦呀耶囉嘛吧呢哦欸嗯好哈唷喲嘿哇耶啰哟";
    size_t b = i;
    while (b > 0 && ((unsigned char)s[--b] & 0xC0) == 0x80) {
    }
    unsigned pv = 0, nx = 0;
    if (b < i)
        pc_utf8_decode(s + b, i - b, &pv);
    if (i + 1 < n)
        pc_utf8_decode(s + i + 1, n - i - 1, &nx);
    char prev[5] = "";
    if (i - b < sizeof prev)
        memcpy(prev, s + b, i - b);
    bool drawn_out = i - b > 1 && i - b < sizeof prev && strstr(drawn, prev);
    return pc_cp_is_cjk(pv) && pc_cp_is_cjk(nx) && !drawn_out ? "到" : "";
}

/* A symbol in Han text that espeak-ng's Mandarin voice reads as an
 * English word ("and", "plus", "hash", "slash", "at"): its length at
 * s[i] and what is said instead in *say (a pause, or nothing, for marks
 * that are not words: #tag, @name, *); 0 when s[i] is none. Between
 * digits + = × ÷ * are arithmetic (1+1=2 一加一等於二). */
static size_t zh_symbol(const char *s, size_t n, size_t i, bool mainland, const char **say)
{
    bool digit_before = i > 0 && is_digit(s[i - 1]), digit_after = i + 1 < n && is_digit(s[i + 1]);
    switch (s[i]) {
    case '&':
        *say = "和";
        return 1;
    case '+':
        *say = "加";
        return 1;
    case '=':
        *say = mainland ? "等于" : "等於";
        return 1;
    case '*':
        *say = digit_before && digit_after ? "乘以" : "";
        return 1;
    case '/':
        *say = "、";
        return 1;
    case '#':
    case '@':
        *say = "";
        return 1;
    case '~':
        *say = zh_tilde(s, n, i);
        return 1;
    default:
        break;
    }
    if (starts(s, n, i, "×") || starts(s, n, i, "÷")) {
        *say = starts(s, n, i, "×") ? "乘以" : "除以";
        return strlen("×");
    }
    return 0;
}

bool pc_normalize_zh(const char *s, size_t n, bool mainland, pc_buf *out)
{
    char *copy;
    size_t len;
    if (!pc_text_number_blanks(s, n, &copy, &len))
        return false;
    if (copy) {
        bool ok = pc_normalize_zh(copy, len, mainland, out);
        free(copy);
        return ok;
    }
    for (size_t i = 0; i < n;) {
        const char *say;
        size_t sign_len = zh_sign(s, n, i, &say);
        if (!sign_len)
            sign_len = zh_symbol(s, n, i, mainland, &say);
        if (sign_len) {
            if (!pc_buf_puts(out, say))
                return false;
            i += sign_len;
            continue;
        }
        bool sign = (s[i] == '-' && i + 1 < n && is_digit(s[i + 1]) && (i == 0 || !is_digit(s[i - 1])));
        const char *before, *after;
        bool cur = (!i || !((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')) &&
                   zh_currency(s, n, i, &before, &after);
        const char *day;
        size_t wd = out->len >= 3 && !memcmp(out->data + out->len - 3, "日", 3) ? pc_zh_weekday(s, n, i, &day) : 0;
        if (wd) { /* 3/15(五), 12月31日（二）: 星期五, 星期二 */
            if (!pc_buf_puts(out, day))
                return false;
            i += wd;
            continue;
        }
        bool area = s[i] == '(' && i + 2 < n && s[i + 1] == '0' && is_digit(s[i + 2]);
        if (is_digit(s[i]) || sign || cur || area) {
            bool ok = true;
            size_t next = zh_one(s, n, i, mainland, out, &ok);
            if (!ok)
                return false;
            if (next > i) {
                i = next;
                continue;
            }
        }
        if (!pc_buf_putc(out, s[i]))
            return false;
        i++;
    }
    return true;
}
