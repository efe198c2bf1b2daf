/* normalize_en_terms: dimensions, zones, fiscal years, sections, formulas
 * (see header). */
#include "internal.h"
#include "normalize_en_dates.h"
#include "normalize_en_terms.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

static size_t digits(const char *s, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && is_digit(s[e]))
        e++;
    return e - i;
}

size_t pc_en_dimensions(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    if (i && (is_alpha(s[i - 1]) || is_digit(s[i - 1]) || s[i - 1] == '.'))
        return 0;
    size_t a = digits(s, n, i), x = i + a;
    size_t xl = x < n && s[x] == 'x' ? 1 : x + 1 < n && !memcmp(s + x, "\xc3\x97", 2) ? 2 : 0;
    size_t b = a && xl ? digits(s, n, x + xl) : 0, e = x + xl + b;
    if (!b || a > 5 || b > 5 ||
        (e < n && (is_alpha(s[e]) || ((s[e] == '.' || s[e] == ',') && e + 1 < n && is_digit(s[e + 1])))))
        return 0;
    *ok = pc_buf_append(out, s + i, a) && pc_buf_puts(out, " by ") && pc_buf_append(out, s + x + xl, b);
    return e - i;
}

/* Whether the word before s[i] (one blank between) is a time: am, pm,
 * a.m., p.m. or a number (9 PT, 11:05 ET). */
static bool after_time(const char *s, size_t i)
{
    if (i < 2 || s[i - 1] != ' ')
        return false;
    size_t w = i - 1;
    while (w > 0 && s[w - 1] != ' ')
        w--;
    const char *word = s + w;
    size_t l = i - 1 - w;
    while (l && (word[l - 1] == ',' || word[l - 1] == ';'))
        l--;
    static const char *const times[] = {"am", "pm", "a.m.", "p.m.", "AM", "PM", "A.M.", "P.M."};
    for (size_t k = 0; k < sizeof times / sizeof *times; k++)
        if (strlen(times[k]) == l && !memcmp(word, times[k], l))
            return true;
    return l && is_digit(word[l - 1]);
}

/* Whether the word before s[i] (one blank between) is a street type (1600
 * Pennsylvania Ave. NW, Main St SE). */
static bool after_street(const char *s, size_t i)
{
    static const char *const streets[] = {"Ave", "Avenue", "St", "Street", "Rd", "Road", "Blvd", "Boulevard",
                                          "Dr", "Drive", "Way", "Pl", "Place", "Ct", "Court", "Ln", "Lane"};
    if (i < 3 || s[i - 1] != ' ')
        return false;
    size_t l = i - 1 - (s[i - 2] == '.' || s[i - 2] == ','), w = l;
    while (w > 0 && is_alpha(s[w - 1]))
        w--;
    for (size_t k = 0; k < sizeof streets / sizeof *streets; k++)
        if (strlen(streets[k]) == l - w && !memcmp(s + w, streets[k], l - w))
            return true;
    return false;
}

bool pc_en_term(const char *s, size_t i, size_t e, struct pc_buf *out, bool *ok)
{
    static const char *const zones[][2] = {
        {"ET", "Eastern Time"}, {"PT", "Pacific Time"}, {"CT", "Central Time"}, {"MT", "Mountain Time"}};
    static const char *const quarters[][2] = {
        {"NW", "Northwest"}, {"NE", "Northeast"}, {"SW", "Southwest"}, {"SE", "Southeast"}};
    for (size_t k = 0; k < sizeof zones / sizeof *zones; k++)
        if (e - i == 2 && !memcmp(s + i, zones[k][0], 2) && after_time(s, i))
            return (*ok = pc_buf_puts(out, zones[k][1])), true;
    for (size_t k = 0; k < sizeof quarters / sizeof *quarters; k++)
        if (e - i == 2 && !memcmp(s + i, quarters[k][0], 2) && after_street(s, i))
            return (*ok = pc_buf_puts(out, quarters[k][1])), true;
    size_t d = e - i - 2;
    if (e - i < 4 || memcmp(s + i, "FY", 2) || digits(s, e, i + 2) != d || (d != 2 && d != 4))
        return false;
    unsigned y = 0;
    for (size_t k = i + 2; k < e; k++)
        y = y * 10 + (unsigned)(s[k] - '0');
    *ok = pc_buf_puts(out, "F Y ") && (d == 2 ? pc_buf_append(out, s + i + 2, 2) : pc_en_year(y, out));
    return true;
}

static bool sign_at(const char *s, size_t n, size_t i)
{
    return (i < n && s[i] == '$') || (i + 1 < n && (!memcmp(s + i, "\xc2\xa3", 2) || !memcmp(s + i, "\xc2\xa5", 2))) ||
           (i + 2 < n && !memcmp(s + i, "\xe2\x82\xac", 3));
}

size_t pc_en_mark_word(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    size_t c = i + 1; /* a clause's letter after its number: 7(b), 230(c)(1): 7 b */
    while (c < n && c < i + 4 && s[c] >= 'a' && s[c] <= 'z')
        c++;
    if (s[i] == '(' && i && is_digit(s[i - 1]) && c > i + 1 && c < n && s[c] == ')')
        return (*ok = pc_buf_putc(out, ' ') && pc_buf_append(out, s + i + 1, c - i - 1)), c + 1 - i;
    if (i + 1 < n && !memcmp(s + i, "\xc2\xa7", 2)) { /* § 230, §§ 4.2–4.5 */
        bool two = i + 3 < n && !memcmp(s + i + 2, "\xc2\xa7", 2);
        *ok = pc_buf_puts(out, two ? "sections " : "section ");
        size_t e = i + (two ? 4 : 2);
        return e < n && s[e] == ' ' ? e + 1 - i : e - i;
    }
    if (s[i] == '.' && (!i || s[i - 1] == ' ' || s[i - 1] == '(') && digits(s, n, i + 1) == 3 &&
        (i + 4 >= n || !is_alpha(s[i + 4])) && s[i + 1] != '0') { /* a batting average .312: 3 12, .305 3 oh 5 */
        bool round = s[i + 2] == '0' && s[i + 3] == '0';
        *ok = pc_buf_putc(out, s[i + 1]) && pc_buf_puts(out, round ? " hundred" : s[i + 2] == '0' ? " oh " : " ") &&
              (round || pc_buf_append(out, s + i + (s[i + 2] == '0' ? 3 : 2), s[i + 2] == '0' ? 1 : 2));
        return 4;
    }
    size_t l = i + 2 < n && !memcmp(s + i, "\xe2\x80\x93", 3) ? 3 : s[i] == '-' ? 1 : 0;
    if (!l || !i || !is_digit(s[i - 1]) || !sign_at(s, n, i + l))
        return 0;
    size_t j = i + l;
    while (j < n && !is_digit(s[j]) && j < i + l + 3)
        j++;
    if (j >= n || !is_digit(s[j]))
        return 0;
    *ok = pc_buf_puts(out, " to ");
    return l;
}

/* A subscript digit ₀-₉ (U+2080-2089) at text[i]: its value, or -1. */
static int subscript(const char *t, size_t n, size_t i)
{
    return i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x82 &&
                   (unsigned char)t[i + 2] >= 0x80 && (unsigned char)t[i + 2] <= 0x89
               ? (unsigned char)t[i + 2] - 0x80
               : -1;
}

size_t pc_en_formula(const char *t, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    static const char *const lengths[] = {"km", "cm", "mm", "ft", "mi", "in", "yd", "m"};
    if (i && is_alpha(t[i - 1]))
        return 0;
    bool counted = i && (is_digit(t[i - 1]) || (i >= 2 && t[i - 1] == ' ' && is_digit(t[i - 2])));
    size_t e = i;
    bool sub = false;
    while (e < n && e - i <= 40 && (is_alpha(t[e]) || is_digit(t[e]) || subscript(t, n, e) >= 0))
        sub |= subscript(t, n, e) >= 0, e += subscript(t, n, e) >= 0 ? 3 : 1;
    if (e - i > 40) /* no formula is longer; called at many places, each looks this far at most */
        return 0;
    if (sub && is_upper(t[i]) && !(i && is_digit(t[i - 1]))) { /* H₂O: H 2 O; CO₂: C O 2; NaCl stays */
        for (size_t k = i; *ok && k < e;) {
            int v = subscript(t, n, k);
            size_t l = v >= 0 ? 3 : 1;
            while (v < 0 && k + l < e && t[k + l] >= 'a' && t[k + l] <= 'z')
                l++;
            *ok = (k == i || pc_buf_putc(out, ' ')) && (v >= 0 ? pc_buf_putc(out, (char)('0' + v))
                                                               : pc_buf_append(out, t + k, l));
            k += l;
        }
        return e - i;
    }
    bool power = counted && e + 1 < n && (unsigned char)t[e] == 0xC2 && ((unsigned char)t[e + 1] == 0xB2 || (unsigned char)t[e + 1] == 0xB3);
    for (size_t k = 0; power && k < sizeof lengths / sizeof *lengths; k++)
        if (strlen(lengths[k]) == e - i && !memcmp(t + i, lengths[k], e - i)) /* m² m^2: square meters */
            return (*ok = pc_buf_append(out, t + i, e - i) && pc_buf_puts(out, t[e + 1] == '\xb2' ? "^2" : "^3")),
                   e + 2 - i;
    return 0;
}
