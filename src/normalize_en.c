/* normalize_en: English runs (see normalize.h). espeak-ng's English voice
 * already reads plain numbers, ordinals and percent; what it gets wrong is
 * years (2024 → "two thousand and twenty four"), capital acronyms read as
 * words (IDE → "ide"), and URLs spelled character by character. */
#include "internal.h"
#include "normalize.h"
#include "normalize_en_abbr.h"
#include "normalize_en_dates.h"
#include "normalize_en_money.h"
#include "normalize_en_terms.h"

#include <string.h>
#include <strings.h>

/* Acronyms read as words, not spelled. */
static const char *const AS_WORDS[] = {"OK", "NASA", "NATO", "JSON", "YAML", "GIF", "SIM", "RAM",
                                       "ROM", "LAN", "PIN", "UNESCO", "OPEC", "FAQ", "CAPTCHA",
                                       "ASCII", "SCUBA", "LASER", "RADAR", "RAG"};

/* Words espeak-ng 1.51 misreads, as respellings (a user lexicon wins). */
static const char *const BUILTIN[][2] = {
    {"SaaS", "sass"},   {"PaaS", "pass"},      {"Krieger", "Kreeger"}, {"GitHub", "git hub"},
    {"iOS", "eye O S"}, {"macOS", "mac O S"},  {"LaTeX", "lah tech"},  {"PyTorch", "pie torch"},
    {"OAuth", "oh auth"},   {"Airbnb", "air B N B"}, {"Kubernetes", "kooberneteez"},
    {"Huawei", "wah-way"},  {"Xiaomi", "shao mee"},  {"Ozempic", "oh zempic"},
    {"Lol", "L O L"},       {"lol", "L O L"},        {"Lmao", "L M eh O"}, {"lmao", "L M eh O"},
};

/* Capitals of four or more letters that read as a word: a vowel, no three
 * consonants or three vowels in a row (LLAMA, GROK, CUDA, NVIDIA; but
 * HTTP, WWDC, RLHF, IEEE are spelled). */
static bool sayable(const char *w, size_t n)
{
    size_t cons = 0, vow = 0, vowels = 0;
    for (size_t i = 0; i < n; i++) {
        bool v = strchr("AEIOU", w[i]) != NULL;
        vowels += v;
        cons = v ? 0 : cons + 1;
        vow = v ? vow + 1 : 0;
        if (cons >= 3 || vow >= 3)
            return false;
    }
    return n >= 4 && vowels > 0;
}

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* w[0..n) letter by letter; an A among other letters is written "eh"
 * (espeak-ng reads "A P I", "A I" and "C I A" with the article: 'uh P I'). */
static bool spell(const char *w, size_t n, pc_buf *out)
{
    for (size_t i = 0; i < n; i++)
        if ((i && !pc_buf_putc(out, ' ')) ||
            !(w[i] == 'A' && n > 1 ? pc_buf_puts(out, "eh") : pc_buf_putc(out, w[i])))
            return false;
    return true;
}

/* One alphabetic word w[0..n). */
static bool en_word(const pc_lexicon *lex, bool phonemes, const char *w, size_t n, pc_buf *out)
{
    const char *r = lex ? pc_lexicon_find(lex, "en", w, n) : NULL;
    if (r && !phonemes && !strncmp(r, "[[", 2))
        r = NULL; /* the engine takes no phonemes: the word as written */
    for (size_t k = 0; !r && k < sizeof BUILTIN / sizeof *BUILTIN; k++)
        if (strlen(BUILTIN[k][0]) == n && !memcmp(BUILTIN[k][0], w, n))
            r = BUILTIN[k][1];
    if (r)
        return pc_buf_puts(out, r);
    size_t caps = 0;
    while (caps < n && is_upper(w[caps]))
        caps++;
    bool plural = caps == n - 1 && w[n - 1] == 's';
    if (caps >= 2 && caps <= 6 && (caps == n || plural)) {
        for (size_t k = 0; k < sizeof AS_WORDS / sizeof *AS_WORDS; k++)
            if (strlen(AS_WORDS[k]) == caps && !memcmp(AS_WORDS[k], w, caps))
                return pc_buf_append(out, w, n);
        if (!plural && sayable(w, caps))
            return pc_buf_append(out, w, n);
        return spell(w, caps, out) && (!plural || pc_buf_puts(out, "'s"));
    }
    return pc_buf_append(out, w, n);
}

/* A host name without scheme or www. (docs.example.io, example.com.tw):
 * lower-case labels of letters, digits and '-', the first starting with
 * a letter, the last a common top-level domain; no path. */
static bool bare_domain(const char *tok, size_t n)
{
    static const char *const tlds[] = {"com", "org", "net", "io", "ai", "dev", "app", "edu",
                                       "gov", "co", "me", "tw", "cn", "hk", "jp", "uk", "us",
                                       "de", "fr", "ca", "au", "sg", "in", "info", "xyz", "tv"};
    size_t dots = 0, last = 0;
    if (!n || tok[0] < 'a' || tok[0] > 'z')
        return false;
    for (size_t k = 0; k < n; k++) {
        char c = tok[k];
        if (c == '.') {
            if (k == 0 || tok[k - 1] == '.' || k + 1 == n)
                return false;
            dots++;
            last = k + 1;
        } else if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) {
            return false;
        }
    }
    for (size_t k = 0; dots && k < sizeof tlds / sizeof *tlds; k++)
        if (strlen(tlds[k]) == n - last && !memcmp(tlds[k], tok + last, n - last))
            return true;
    return false;
}

/* A URL or e-mail address in tok[0..n): the host without www. and the
 * user name, dots read as "dot". Returns false when tok is neither (out
 * untouched) or out of memory (*ok false). */
static bool en_address(const char *tok, size_t n, pc_buf *out, bool *ok)
{
    size_t i = 0;
    const char *at = memchr(tok, '@', n);
    if (n > 8 && !memcmp(tok, "https://", 8))
        i = 8;
    else if (n > 7 && !memcmp(tok, "http://", 7))
        i = 7;
    else if (!(n > 4 && !memcmp(tok, "www.", 4)) && !(at && at > tok && memchr(at, '.', (size_t)(tok + n - at))) &&
             !bare_domain(tok, n))
        return false;
    if (n - i > 4 && !memcmp(tok + i, "www.", 4))
        i += 4;
    size_t end = i;
    while (end < n && tok[end] != '/' && tok[end] != '?' && tok[end] != ':' && tok[end] != '#')
        end++;
    while (end > i && tok[end - 1] == '.')
        end--;
    size_t tld = end;
    while (tld > i && tok[tld - 1] != '.')
        tld--;
    bool country = end - tld == 2 && tld > i && is_alpha(tok[tld]) && is_alpha(tok[tld + 1]);
    if (country) /* a country's two letters are spelled: dot TW */
        end -= 2;
    for (size_t k = i; *ok && k < end; k++) {
        char c = tok[k];
        *ok = c == '.' ? pc_buf_puts(out, " dot ")
            : c == '@' ? pc_buf_puts(out, " at ")
            : c == '-' || c == '_' ? pc_buf_putc(out, ' ')
                                   : pc_buf_putc(out, c);
    }
    if (*ok && country)
        *ok = pc_buf_printf(out, "%c%c", tok[tld] & ~0x20, tok[tld + 1] & ~0x20);
    return true;
}

/* A number at s[i]: years, amounts of money (with a scale: $5.2M is 5.2
 * million dollars) and ranges. Returns the end. */
/* Whether the word before s[b] (a space between) is capitalised. */
static bool after_name(const char *s, size_t b)
{
    if (b < 2 || s[b - 1] != ' ')
        return false;
    size_t w = b - 1;
    while (w > 0 && is_alpha(s[w - 1]))
        w--;
    return w < b - 1 && is_upper(s[w]);
}

/* A height after the digit s[b..e) already written: 5'11" (or 5′11″, 6')
 * is "5 foot 11", 6' "6 feet". Returns the end, or 0 (nothing written). */
static size_t en_height(const char *s, size_t n, size_t b, size_t e, pc_buf *out, bool *ok)
{
    size_t q = e < n && s[e] == '\'' ? 1 : e + 2 < n && !memcmp(s + e, "\xe2\x80\xb2", 3) ? 3 : 0;
    if (!q || e - b != 1 || s[b] < '1' || s[b] > '8')
        return 0;
    size_t d = e + q, f = d;
    while (f < n && f - d < 3 && is_digit(s[f]))
        f++;
    unsigned in = f - d == 1   ? (unsigned)(s[d] - '0')
                  : f - d == 2 ? (unsigned)((s[d] - '0') * 10 + s[f - 1] - '0')
                               : 99;
    if (f == d) /* 6' tall: a lone foot mark before a blank or the end */
        return (d == n || s[d] == ' ') && (*ok = pc_buf_puts(out, " feet")) ? d : 0;
    if (in > 11 || (f < n && (is_alpha(s[f]) || is_digit(s[f]))))
        return 0;
    *ok = pc_buf_puts(out, " foot ") && pc_buf_append(out, s + d, f - d);
    if (f < n && s[f] == '"')
        f++;
    else if (f + 2 < n && (!memcmp(s + f, "\xe2\x80\xb3", 3) || !memcmp(s + f, "\xe2\x80\x9d", 3)))
        f += 3; /* ″ or ” */
    return f;
}

/* Whether "a", "an" or "the" stands before s[b] (one blank between). */
static bool after_article(const char *s, size_t b)
{
    static const char *const art[] = {"a", "an", "the", "A", "An", "The"};
    for (size_t k = 0; k < sizeof art / sizeof *art; k++) {
        size_t l = strlen(art[k]);
        if (b >= l + 1 && s[b - 1] == ' ' && !memcmp(s + b - 1 - l, art[k], l) &&
            (b == l + 1 || !is_alpha(s[b - 2 - l])))
            return true;
    }
    return false;
}

/* Is the amount s[i..e) (its sign at s[i]) a measure before a noun, said
 * singular: "a $3 fee", "a $2 million deal" (a/an before it, a lowercase
 * word after it that is no preposition or conjunction: not "a $5 per
 * month")? */
static bool money_before_noun(const char *s, size_t n, size_t i, size_t e)
{
    static const char *const not_noun[] = {"per", "a", "an", "each", "or", "and", "to", "for", "in", "on", "at", "of"};
    bool article = (i >= 2 && s[i - 1] == ' ' && (s[i - 2] | 0x20) == 'a' && (i == 2 || !is_alpha(s[i - 3]))) ||
                   (i >= 3 && s[i - 1] == ' ' && s[i - 2] == 'n' && (s[i - 3] | 0x20) == 'a' &&
                    (i == 3 || !is_alpha(s[i - 4])));
    if (!article || e + 1 >= n || s[e] != ' ' || s[e + 1] < 'a' || s[e + 1] > 'z')
        return false;
    size_t l = 0;
    while (e + 1 + l < n && is_alpha(s[e + 1 + l]))
        l++;
    for (size_t k = 0; k < sizeof not_noun / sizeof *not_noun; k++)
        if (strlen(not_noun[k]) == l && !memcmp(s + e + 1, not_noun[k], l))
            return false;
    return true;
}

/* Is s[b..e) a web status code (100-599 after HTTP, error, status or
 * code, or before error, page, status, response or code: "HTTP 404", "a
 * 503 error")? They are said in digits: four oh four, five hundred. */
static bool status_code(const char *s, size_t n, size_t b, size_t e)
{
    static const char *const before[] = {"HTTP ", "HTTPS ", "error ", "Error ", "status ", "Status ", "code "};
    static const char *const after[] = {" error", " page", " status", " response", " code", " Error"};
    if (e - b != 3 || s[b] < '1' || s[b] > '5' || (e < n && is_alpha(s[e])))
        return false;
    for (size_t k = 0; k < sizeof before / sizeof *before; k++) {
        size_t l = strlen(before[k]);
        if (b >= l && !memcmp(s + b - l, before[k], l) && (b == l || !is_alpha(s[b - l - 1])))
            return true;
    }
    for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
        size_t l = strlen(after[k]);
        if (e + l <= n && !memcmp(s + e, after[k], l) && (e + l == n || !is_alpha(s[e + l])))
            return true;
    }
    return false;
}

static size_t en_number(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    const char *one = NULL, *many = NULL, *scale = NULL;
    size_t tall, cur = is_digit(s[i]) ? 0 : pc_en_currency(s, n, i, &one, &many), b = i + cur, e = b;
    while (e < n && (is_digit(s[e]) || (s[e] == ',' && e + 1 < n && is_digit(s[e + 1])) ||
                     (s[e] == '.' && e + 1 < n && is_digit(s[e + 1]))))
        e++;
    size_t scale_len = cur ? pc_en_scale(s, n, e, &scale) : pc_en_bare_thousands(s, n, b, e, &scale);
    if (!cur && !scale_len)
        scale_len = pc_en_bare_millions(s, n, b, e, &scale); /* 1M downloads */
    static const char *const words[] = {"thousand", "million", "billion", "trillion"};
    for (size_t k = 0; cur && !scale_len && k < 4 && e + 1 < n && s[e] == ' '; k++) {
        size_t l = strlen(words[k]); /* $4.2 billion: 4.2 billion dollars */
        if (e + 1 + l <= n && !memcmp(s + e + 1, words[k], l) && (e + 1 + l == n || !is_alpha(s[e + 1 + l])))
            scale = words[k], scale_len = 1 + l;
    }
    const char *unit_one = NULL, *unit_many = NULL;
    size_t unit_len = cur ? 0 : pc_en_unit(s, n, e, &unit_one, &unit_many);
    bool plus = !cur && !unit_len && e + 1 < n && s[e] == '+' && (unit_len = pc_en_unit(s, n, e + 1, &unit_one, &unit_many));
    if (!cur && !unit_len) /* 20 CHF: 20 Swiss francs, said as a unit */
        unit_len = pc_en_code_after(s, n, e, &unit_one, &unit_many);
    bool alone = (i == 0 || !is_alpha(s[i - 1])) && (e >= n || !is_alpha(s[e]) || s[e] == 's');
    unsigned v = 0;
    for (size_t k = b; k < e && k - b < 9; k++)
        v = is_digit(s[k]) ? v * 10 + (unsigned)(s[k] - '0') : 1000000000u;
    const char *dot = cur ? memchr(s + b, '.', e - b) : NULL;
    bool cents = dot && s + e - dot == 3 && !scale; /* $4.50 → 4 dollars 50 */
    bool decade = !cur && alone && e - b == 2 && v % 10 == 0 && v >= 10 && e < n && s[e] == 's' &&
                  (e + 1 >= n || !is_alpha(s[e + 1]));
    if (!cur && status_code(s, n, b, e)) /* HTTP 404: four oh four; 500: five hundred; 418: four eighteen */
        return (*ok = s[b + 1] != '0' ? pc_buf_printf(out, "%c %.2s", s[b], s + b + 1)
                      : s[b + 2] != '0' ? pc_buf_printf(out, "%c oh %c", s[b], s[b + 2])
                                        : pc_buf_printf(out, "%c hundred", s[b])), e;
    if (!cur && e - b == 3 && s[b + 1] == '0' && e + 2 < n && s[e] == '(' && is_alpha(s[e + 1]) && s[e + 2] == ')')
        return (*ok = pc_buf_printf(out, "%c oh %c %c", s[b], s[b + 2], s[e + 1] & ~0x20)), e + 3; /* 401(k) */
    bool ers = !cur && e - b <= 2 && v && (i == 0 || !is_alpha(s[i - 1])) && e + 3 <= n &&
               !memcmp(s + e, "ers", 3) && (e + 3 == n || !is_alpha(s[e + 3]));
    if (ers) /* the 49ers, the 76ers: forty-niners, seventy-sixers */
        return (*ok = pc_en_below_100(v, out) && pc_buf_puts(out, out->len && out->data[out->len - 1] == 'e'
                                                                       ? "rs" : "ers")), e + 3;
    if (!cur && alone && e - b == 4 && v >= 1100 && v <= 2099)
        *ok = pc_en_year(v, out);
    else if (decade) /* the 80s: the eighties */
        *ok = pc_en_below_100(v, out);
    else if (cents)
        *ok = pc_buf_append(out, s + b, (size_t)(dot - s - b)) && pc_buf_printf(out, " %s ", many) &&
              pc_buf_append(out, dot + 1, 2);
    else
        *ok = pc_buf_append(out, s + b, e - b);
    if (*ok && scale)
        *ok = pc_buf_printf(out, " %s", scale);
    if (*ok && cur && !cents)
        *ok = pc_buf_printf(out, " %s", (v == 1 && !scale) || money_before_noun(s, n, i, e + scale_len) ? one : many);
    if (*ok && unit_len) {
        /* "a 5 km loop", "a 65 W charger": a measure before a noun is singular */
        bool article = (b >= 2 && s[b - 1] == ' ' && (s[b - 2] | 0x20) == 'a' && (b == 2 || !is_alpha(s[b - 3]))) ||
                       (b >= 3 && s[b - 1] == ' ' && s[b - 2] == 'n' && (s[b - 3] | 0x20) == 'a' &&
                        (b == 3 || !is_alpha(s[b - 4])));
        bool single = (e - b == 1 && s[b] == '1') || article || s[e] == '-'; /* a 15-min walk */
        if (plus) /* 120+ hrs: 120 plus hours */
            *ok = pc_buf_puts(out, " plus"), e++;
        *ok = pc_buf_printf(out, "%c%s", s[e] == '-' ? '-' : ' ', single ? unit_one : unit_many);
        size_t per = e + unit_len, per_len; /* 0.5 mg/kg: milligrams per kilogram */
        if (*ok && per + 1 < n && s[per] == '/' && s[per + 1] != ' ' &&
            (per_len = pc_en_unit(s, n, per + 1, &unit_one, &unit_many)))
            return *ok = pc_buf_printf(out, " per %s", unit_one), per + 1 + per_len;
        return per;
    }
    if (*ok && !cur && (tall = en_height(s, n, b, e, out, ok)))
        return tall;
    /* "the 400m hurdles", "a 10m fall": m after a number before a noun is
     * meters (elsewhere, "100m users", it may be millions: left as it is) */
    if (*ok && !cur && e < n && s[e] == 'm' && (e + 1 == n || !is_alpha(s[e + 1])) && e + 1 < n &&
        s[e + 1] == ' ' && after_article(s, b))
        return *ok = pc_buf_puts(out, " meter"), e + 1;
    bool many_m;
    size_t m_len = *ok && !cur ? pc_en_bare_meters(s, n, e, &many_m) : 0;
    if (m_len)
        return *ok = pc_buf_puts(out, many_m ? " meters" : " meter"), e + m_len;
    e += scale_len;
    if (*ok && (decade || (e - b == 4 && !cur && alone)) && e < n && s[e] == 's' && out->len &&
        out->data[out->len - 1] == 'y' && (e + 1 >= n || !is_alpha(s[e + 1]))) {
        out->len--; /* the 1990s: nineteen nineties, not "ninetys" */
        *ok = pc_buf_puts(out, "ies");
        e++;
    }
    if (*ok && !cur && e - b <= 2 && e + 2 < n && s[e] == ':' && s[e + 1] == '0' && s[e + 2] == '0' &&
        (e + 3 == n || !is_digit(s[e + 3]))) {
        size_t m = e + 3 + (e + 3 < n && s[e + 3] == ' '); /* 9:00 a.m.: 9 a.m.; 9:00 nine o'clock */
        bool meridiem = m + 1 < n && (s[m] == 'a' || s[m] == 'p') && (s[m + 1] == 'm' || s[m + 1] == '.');
        *ok = meridiem || pc_buf_puts(out, " o'clock");
        e += 3;
    }
    if (*ok && !cur && e - b <= 2 && e + 2 < n && s[e] == ':' && s[e + 1] == '0' && s[e + 2] >= '1' &&
        s[e + 2] <= '9' && (e + 3 == n || !is_digit(s[e + 3]))) {
        *ok = pc_buf_printf(out, " oh %c", s[e + 2]); /* 6:05: six oh five, not "six zero five" */
        e += 3;
    }
    if (*ok && !cur && e + 1 < n && (s[e] == 'a' || s[e] == 'p') && s[e + 1] == 'm' &&
        (e + 2 == n || !is_alpha(s[e + 2]))) { /* 9am: 9 a.m. */
        *ok = pc_buf_puts(out, s[e] == 'a' ? " a.m." : " p.m.");
        e += 2;
    }
    if (*ok && e + 1 < n && (s[e] == '-' || s[e] == '~') && is_digit(s[e + 1])) {
        *ok = pc_buf_puts(out, " to ");
        return e + 1;
    }
    if (*ok && e + 3 < n && !memcmp(s + e, "\xe2\x80\x93", 3) && is_digit(s[e + 3])) {
        *ok = pc_buf_puts(out, " to "); /* 55–65: an en dash between numbers */
        return e + 3;
    }
    /* a ratio, 3:1 or 16:9 (one digit after the colon, so no time, 9:30);
     * after a capitalised word a verse or a score, John 3:5, Arsenal 3:1:
     * "three five", not "three colon five" */
    if (*ok && !cur && e - b <= 2 && e + 1 < n && s[e] == ':' && is_digit(s[e + 1]) &&
        (e + 2 == n || !is_digit(s[e + 2]))) {
        *ok = pc_buf_puts(out, after_name(s, b) ? " " : " to ");
        return e + 1;
    }
    return e;
}

/* A sign before a number that espeak-ng reads as a symbol ("tilde") or
 * not at all (">"): its length at s[i] (the number follows), the words
 * said instead in *say; 0 when s[i] is no such sign. */
static size_t en_sign(const char *s, size_t n, size_t i, const char **say)
{
    static const struct {
        const char *sign, *say;
    } signs[] = {{"~", "roughly "}, {"\xe2\x89\x88", "roughly "}, {">", "over "}, {"<", "under "},
                 {"\xe2\x89\xa5", "at least "}, {"\xe2\x89\xa4", "at most "},
                 {"\xc2\xb1", "plus or minus "}};
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        size_t l = strlen(signs[k].sign);
        if (i + l < n && !memcmp(s + i, signs[k].sign, l) &&
            (is_digit(s[i + l]) || (s[i + l] == '$' && i + l + 1 < n && is_digit(s[i + l + 1])))) {
            *say = signs[k].say;
            /* "about ~50%": the word already says it */
            static const char *const hedges[] = {"about", "around", "roughly", "approximately",
                                                 "nearly", "almost", "some", "circa"};
            size_t w = i > 0 && s[i - 1] == ' ' ? i - 1 : i;
            while (w > 0 && is_alpha(s[w - 1]))
                w--;
            for (size_t h = 0; k < 2 && w < i && h < sizeof hedges / sizeof *hedges; h++)
                if (strlen(hedges[h]) == i - 1 - w && !strncasecmp(s + w, hedges[h], i - 1 - w))
                    *say = "";
            return l;
        }
    }
    return 0;
}

/* A whole token tok[0..n) that espeak-ng reads by its symbols ("C hash",
 * "twenty four slash seven"): what is said instead, or NULL. */
/* A split of a hundred ("60/40", "70/30"): "sixty forty" in *out; false
 * when tok[0..n) is not one. */
static bool en_split(const char *tok, size_t n, pc_buf *out, bool *ok)
{
    if (n != 5 || tok[2] != '/' || !is_digit(tok[0]) || !is_digit(tok[1]) || !is_digit(tok[3]) ||
        !is_digit(tok[4]))
        return false;
    unsigned a = (unsigned)((tok[0] - '0') * 10 + tok[1] - '0'), b = (unsigned)((tok[3] - '0') * 10 + tok[4] - '0');
    if (a + b != 100 || a == b)
        return false;
    *ok = pc_en_below_100(a, out) && pc_buf_putc(out, ' ') && pc_en_below_100(b, out);
    return true;
}

/* Capitals tok[0..n) of a pair: a lone A is "eh", as spell() writes it. */
static bool pair_part(const pc_lexicon *lex, bool phonemes, const char *tok, size_t n, pc_buf *out)
{
    return n == 1 && tok[0] == 'A' ? pc_buf_puts(out, "eh") : en_word(lex, phonemes, tok, n, out);
}

/* Two capitalised words joined by '/' (CI/CD, TCP/IP, I/O, A/B) are said
 * without the slash, by '&' with "and" (S&P, AT&T, R&D, Q&A: en-us pauses
 * at the sign), by '-' as one initialism (CR-V, USB-C; not A-Z); a
 * capital, 2 and a capital (B2B, P2P) is "B to B". False when tok[0..n)
 * is none of these. */
static bool en_pair(const pc_lexicon *lex, bool phonemes, const char *tok, size_t n, pc_buf *out, bool *ok)
{
    if (n == 3 && is_upper(tok[0]) && tok[1] == '2' && is_upper(tok[2])) {
        *ok = pc_buf_putc(out, tok[0]) && pc_buf_puts(out, " to ") && pc_buf_putc(out, tok[2]);
        return true;
    }
    size_t a = 0;
    while (a < n && is_upper(tok[a]))
        a++;
    size_t b = a < n ? n - a - 1 : 0;
    char sep = a < n ? tok[a] : 0;
    if ((sep != '/' && sep != '&' && sep != '-') || a < 1 || a > 5 || b < 1 || b > 5 ||
        (sep == '-' && a + b < 3))
        return false;
    for (size_t k = a + 1; k < n; k++)
        if (!is_upper(tok[k]))
            return false;
    *ok = pair_part(lex, phonemes, tok, a, out) && pc_buf_puts(out, sep == '&' ? " and " : " ") &&
          pair_part(lex, phonemes, tok + a + 1, b, out);
    return true;
}

static const char *en_token(const char *tok, size_t n)
{
    static const char *const tokens[][2] = {
        {"C#", "C sharp"}, {"F#", "F sharp"}, {".NET", "dot net"}, {"ASP.NET", "eh S P dot net"},
        {"24/7", "twenty-four seven"}, {"50/50", "fifty-fifty"}, {"WWII", "World War two"},
        {"WWI", "World War one"}, {"YoY", "year over year"}, {"QoQ", "quarter over quarter"},
        {"Ph.D", "P H D"}, {"PhD", "P H D"}};
    for (size_t k = 0; k < sizeof tokens / sizeof *tokens; k++)
        if (strlen(tokens[k][0]) == n && !memcmp(tokens[k][0], tok, n))
            return tokens[k][1];
    return NULL;
}

/* Says the digits of s[i..i+len) one by one, a comma (a short pause)
 * where a group of them ends; a leading '+' is "plus". */
static void say_digit_groups(const char *s, size_t i, size_t len, pc_buf *out, bool *ok)
{
    bool first = true;
    for (size_t j = 0; j < len && *ok; j++) {
        char c = s[i + j];
        if (c == '+') {
            *ok = pc_buf_puts(out, "plus");
            first = false;
        } else if (is_digit(c)) {
            *ok = (first || pc_buf_putc(out, ' ')) && pc_buf_putc(out, c);
            first = false;
        } else if (j > 0 && is_digit(s[i + j - 1])) {
            *ok = pc_buf_putc(out, ','); /* a group ends */
        }
    }
}

/* An international number at s[i]: '+', a country code of 1 to 3
 * digits, then groups of digits each after one blank, '-' or '.'
 * (+44 20 7946 0958, +1-555-123-4567, +33 1 23 45 67 89), 8 to 15
 * digits in all (E.164's longest), nothing alphanumeric right after.
 * Its length, or 0. */
static size_t en_intl_phone(const char *s, size_t n, size_t i)
{
    if (s[i] != '+' || (i > 0 && (is_digit(s[i - 1]) || is_alpha(s[i - 1]))))
        return 0;
    size_t j = i + 1, digits = 0, groups = 0, end = 0;
    while (j < n && is_digit(s[j])) {
        size_t g = j;
        while (j < n && is_digit(s[j]))
            j++;
        if (groups == 0 && j - g > 3)
            return 0; /* a country code is 1 to 3 digits */
        digits += j - g;
        groups++;
        end = j;
        if (j + 1 < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && is_digit(s[j + 1]))
            j++;
        else
            break;
    }
    if (groups < 2 || digits < 8 || digits > 15 || (end < n && is_alpha(s[end])))
        return 0;
    return end - i;
}

/* A phone number at s[i]: (555) 123-4567, 555-123-4567, 555.123.4567,
 * 1-800-555-1234, 555-1234 (not 250-1000: a range), or an international
 * one (en_intl_phone); not a digit
 * before or after it. Said digit by digit, the groups apart. Returns its
 * length, 0 when there is none (out untouched). */
static size_t en_phone(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    static const char *const shapes[] = {"(ddd) ddd-dddd", "d-ddd-ddd-dddd", "ddd-ddd-dddd",
                                         "ddd.ddd.dddd", "ddd-dddd"};
    if (i > 0 && is_digit(s[i - 1]))
        return 0;
    size_t len = en_intl_phone(s, n, i);
    for (size_t k = 0; !len && k < sizeof shapes / sizeof *shapes; k++) {
        const char *p = shapes[k];
        size_t l = strlen(p), j = 0;
        while (j < l && i + j < n && (p[j] == 'd' ? is_digit(s[i + j]) : s[i + j] == p[j]))
            j++;
        /* 555-1234, but a range such as 250-1000 ends in 00 */
        bool range = j == l && l == 8 && s[i + 6] == '0' && s[i + 7] == '0';
        if (j == l && !range && !(i + l < n && (is_digit(s[i + l]) || (s[i + l] == '.' && i + l + 1 < n &&
                                                                      is_digit(s[i + l + 1])))))
            len = l;
    }
    if (len)
        say_digit_groups(s, i, len, out, ok);
    return len;
}

/* A month's abbreviation at s[i..e) before a day or a year ("Jan 5",
 * "Sept. 2024"): the month's name, and *end past the word and its
 * period; NULL otherwise. */
static const char *en_month(const char *s, size_t n, size_t i, size_t e, size_t *end)
{
    static const char *const months[][2] = {
        {"Jan", "January"}, {"Feb", "February"}, {"Mar", "March"}, {"Apr", "April"},
        {"Jun", "June"}, {"Jul", "July"}, {"Aug", "August"}, {"Sep", "September"},
        {"Sept", "September"}, {"Oct", "October"}, {"Nov", "November"}, {"Dec", "December"}};
    size_t k = e + (e < n && s[e] == '.');
    if (k + 1 >= n || s[k] != ' ' || !is_digit(s[k + 1]))
        return NULL;
    for (size_t m = 0; m < sizeof months / sizeof *months; m++)
        if (strlen(months[m][0]) == e - i && !memcmp(months[m][0], s + i, e - i)) {
            *end = k;
            return months[m][1];
        }
    return NULL;
}

/* "v3.2.1", "v2" at s[i] (a token's start): "version 3 point 2 point 1";
 * not a capital V (V8 engine, V1版本). Its length, or 0. */
static size_t en_version(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    if (s[i] != 'v' || i + 1 >= n || !is_digit(s[i + 1]))
        return 0;
    size_t e = i + 1;
    while (e < n && (is_digit(s[e]) || (s[e] == '.' && e + 1 < n && is_digit(s[e + 1]))))
        e++;
    if (e < n && is_alpha(s[e]))
        return 0;
    *ok = pc_buf_puts(out, "version ");
    for (size_t k = i + 1; *ok && k < e; k++)
        *ok = s[k] == '.' ? pc_buf_puts(out, " point ") : pc_buf_putc(out, s[k]);
    return e - i;
}

/* The alphabetic run s[i..e): a month's name (its day as an ordinal: Jan.
 * 9 → January ninth), a Roman numeral (Henry VIII, World War II), or a
 * word. Returns where reading goes on. */
static size_t en_alpha(const pc_lexicon *lex, bool phonemes, const char *s, size_t n, size_t i,
                       size_t e, pc_buf *out, bool *ok)
{
    size_t past = e, k;
    bool own = lex && pc_lexicon_find(lex, "en", s + i, e - i);
    bool tok = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(';
    if (!own && tok && ((k = en_version(s, n, i, out, ok)) || (k = pc_en_day_range(s, n, i, out, ok))))
        return i + k;
    const char *month = own ? NULL : en_month(s, n, i, e, &past);
    if (!own && !month && (month = pc_en_month_name(s + i, e - i)))
        past = e;
    if (month) {
        *ok = pc_buf_puts(out, month);
        k = *ok ? pc_en_month_day(s, n, past, out, ok) : 0;
        return past + k;
    }
    if (!own && (e >= n || !is_alpha(s[e])) && pc_en_roman(s, i, e, out, ok))
        return e;
    *ok = en_word(lex, phonemes, s + i, e - i, out);
    return e;
}

bool pc_normalize_en(const pc_lexicon *lex, bool phonemes, const char *s, size_t n, pc_buf *out)
{
    bool ok = true;
    size_t k;
    const char *one, *many;
    for (size_t i = 0; ok && i < n;) {
        bool tok_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '<';
        if (tok_start && s[i] != ' ') {
            size_t e = i;
            while (e < n && s[e] != ' ' && s[e] != ')' && s[e] != '>')
                e++;
            while (e > i && strchr(",.;:!?\"'", s[e - 1]))
                e--;
            size_t mark = out->len;
            if (en_address(s + i, e - i, out, &ok)) {
                i = e;
                continue;
            }
            out->len = mark;
            if (en_split(s + i, e - i, out, &ok) || en_pair(lex, phonemes, s + i, e - i, out, &ok)) {
                i = e;
                continue;
            }
            const char *said = en_token(s + i, e - i);
            if (said || pc_en_term(s, i, e, out, &ok)) { /* 9 am PT, FY2025 */
                ok = ok && (!said || pc_buf_puts(out, said));
                i = e;
                continue;
            }
            if ((k = pc_en_abbreviation(s, n, i, e, out, &ok))) { /* Prof. Garcia: Professor Garcia */
                i = k;
                continue;
            }
            pc_buf tag = {0};
            bool is_tag = pc_en_tag_words(s, i, e, &tag, &ok); /* #100DaysOfCode, @postcast_fm */
            ok = ok && (!is_tag || pc_normalize_en(lex, phonemes, tag.data, tag.len, out));
            pc_buf_free(&tag);
            if (is_tag) {
                i = e;
                continue;
            }
            if (s[i] == '#' && i + 1 < n && is_digit(s[i + 1])) { /* #1: number one */
                ok = pc_buf_puts(out, "number ");
                i++;
                continue;
            }
            const char *say;
            if ((k = en_sign(s, n, i, &say))) { /* ~50%: about 50% */
                ok = pc_buf_puts(out, say);
                i += k;
                continue;
            }
        }
        if (s[i] == 'x' && (k = pc_en_times(s, n, i, out, &ok))) {
            i += k;
        } else if (is_upper(s[i]) && (k = pc_en_currency(s, n, i, &one, &many)) && i + k < n && is_digit(s[i + k])) {
            i = en_number(s, n, i, out, &ok); /* US$ 5, HK$88, CHF 20 */
        } else if (is_alpha(s[i])) {
            size_t e = i;
            while (e < n && is_alpha(s[e]))
                e++;
            i = en_alpha(lex, phonemes, s, n, i, e, out, &ok);
        } else if (is_digit(s[i]) && ((k = pc_en_dimensions(s, n, i, out, &ok)) ||
                                      (k = pc_en_numeric_date(s, n, i, out, &ok)) ||
                                      (k = pc_en_fraction(s, n, i, out, &ok)) || (k = pc_en_over(s, n, i, out, &ok)) ||
                                      (k = pc_en_model_number(s, n, i, out, &ok)) ||
                                      (k = pc_en_resolution(s, n, i, out, &ok)) ||
                                      (k = pc_en_point_release(s, n, i, out, &ok)))) {
            i += k;
        } else if ((s[i] == '(' || s[i] == '+' || is_digit(s[i])) && (k = en_phone(s, n, i, out, &ok))) {
            i += k;
        } else if (is_digit(s[i]) || ((k = pc_en_currency(s, n, i, &one, &many)) && i + k < n &&
                                      is_digit(s[i + k]))) {
            i = en_number(s, n, i, out, &ok);
        } else if (s[i] == '/' && (k = pc_en_per(s, n, i, out, &ok))) {
            i += k;
        } else if ((k = pc_en_mark_word(s, n, i, out, &ok))) { /* § 230; $2.10–$2.25 */
            i += k;
        } else if (s[i] == '~') { /* Mon~Fri: to; a drawn-out "so good~": nothing (not "tilde") */
            bool range = i > 0 && i + 1 < n && (is_alpha(s[i - 1]) || is_digit(s[i - 1])) &&
                         (is_alpha(s[i + 1]) || is_digit(s[i + 1]));
            ok = pc_buf_puts(out, range ? " to " : " ");
            i++;
        } else {
            ok = pc_buf_putc(out, s[i]);
            i++;
        }
    }
    return ok;
}
