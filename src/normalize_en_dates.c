/* normalize_en_dates: English dates, ordinals, fractions and Roman
 * numerals (see normalize_en_dates.h). */
#include "internal.h"
#include "normalize_en_dates.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool pc_en_below_100(unsigned v, pc_buf *out)
{
    static const char *const ones[20] = {"zero", "one", "two", "three", "four", "five", "six",
                                         "seven", "eight", "nine", "ten", "eleven", "twelve",
                                         "thirteen", "fourteen", "fifteen", "sixteen",
                                         "seventeen", "eighteen", "nineteen"};
    static const char *const tens[10] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                         "seventy", "eighty", "ninety"};
    if (v < 20)
        return pc_buf_puts(out, ones[v]);
    return pc_buf_puts(out, tens[v / 10]) && (v % 10 == 0 || pc_buf_printf(out, "-%s", ones[v % 10]));
}

/* 1999 → nineteen ninety-nine, 2000 → two thousand, 2005 → two thousand
 * five, 2024 → twenty twenty-four, 1900 → nineteen hundred. */
bool pc_en_year(unsigned y, pc_buf *out)
{
    unsigned hi = y / 100, lo = y % 100;
    if (y >= 2000 && y < 2010)
        return pc_buf_puts(out, "two thousand") && (!lo || (pc_buf_putc(out, ' ') && pc_en_below_100(lo, out)));
    if (!pc_en_below_100(hi, out) || !pc_buf_putc(out, ' '))
        return false;
    if (!lo)
        return pc_buf_puts(out, "hundred");
    return (lo >= 10 || pc_buf_puts(out, "oh ")) && pc_en_below_100(lo, out);
}

static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

bool pc_en_ordinal(unsigned v, pc_buf *out)
{
    static const char *const first[20] = {"zeroth", "first", "second", "third", "fourth",
                                          "fifth", "sixth", "seventh", "eighth", "ninth",
                                          "tenth", "eleventh", "twelfth", "thirteenth",
                                          "fourteenth", "fifteenth", "sixteenth",
                                          "seventeenth", "eighteenth", "nineteenth"};
    static const char *const tens[10] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                         "seventy", "eighty", "ninety"};
    static const char *const tenths[10] = {"", "", "twentieth", "thirtieth", "fortieth",
                                           "fiftieth", "sixtieth", "seventieth", "eightieth",
                                           "ninetieth"};
    if (v >= 100)
        return pc_buf_printf(out, "%uth", v);
    if (v < 20)
        return pc_buf_puts(out, first[v]);
    if (v % 10 == 0)
        return pc_buf_puts(out, tenths[v / 10]);
    return pc_buf_printf(out, "%s-%s", tens[v / 10], first[v % 10]);
}

/* The digits s[i..i+len) as a number (len <= 4). */
static unsigned value(const char *s, size_t i, size_t len)
{
    unsigned v = 0;
    for (size_t k = 0; k < len; k++)
        v = v * 10 + (unsigned)(s[i + k] - '0');
    return v;
}

/* The run of digits at s[i]: its length. */
static size_t digits_at(const char *s, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && is_digit(s[e]))
        e++;
    return e - i;
}

/* Writes "Month Nth, YEAR" ("June thirtieth, twenty twenty-four"). */
static bool say_date(unsigned month, unsigned day, unsigned year, pc_buf *out)
{
    return pc_buf_printf(out, "%s ", MONTHS[month - 1]) && pc_en_ordinal(day, out) &&
           pc_buf_puts(out, ", ") && pc_en_year(year, out);
}

size_t pc_en_numeric_date(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.'))
        return 0;
    size_t a = digits_at(s, n, i), b, c, end;
    if (a == 4 && i + a < n && s[i + a] == '-') { /* ISO: 2024-06-30 */
        b = digits_at(s, n, i + 5);
        if (b < 1 || b > 2 || i + 5 + b >= n || s[i + 5 + b] != '-')
            return 0;
        c = digits_at(s, n, i + 6 + b);
        end = i + 6 + b + c;
        unsigned m = value(s, i + 5, b), d = value(s, i + 6 + b, c);
        if (c < 1 || c > 2 || m < 1 || m > 12 || d < 1 || d > 31)
            return 0;
        if (end < n && (is_digit(s[end]) || is_alpha(s[end]) || s[end] == '-' || s[end] == '/'))
            return 0;
        *ok = say_date(m, d, value(s, i, 4), out);
        return end - i;
    }
    if (a < 1 || a > 2 || i + a >= n || s[i + a] != '/') /* US: 3/14/2024, 12/25/24 */
        return 0;
    b = digits_at(s, n, i + a + 1);
    if (b < 1 || b > 2 || i + a + 1 + b >= n || s[i + a + 1 + b] != '/')
        return 0;
    c = digits_at(s, n, i + a + 2 + b);
    end = i + a + 2 + b + c;
    unsigned m = value(s, i, a), d = value(s, i + a + 1, b);
    if (m > 12 && d <= 12) { /* 14/3/2024: day first */
        unsigned t = m;
        m = d;
        d = t;
    }
    if ((c != 4 && c != 2) || m < 1 || m > 12 || d < 1 || d > 31 ||
        (end < n && (is_digit(s[end]) || is_alpha(s[end]) || s[end] == '/')))
        return 0;
    unsigned y = value(s, end - c, c); /* 12/25/24: the century guessed */
    *ok = say_date(m, d, c == 4 ? y : y < 50 ? 2000 + y : 1900 + y, out);
    return end - i;
}

size_t pc_en_fraction(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    static const char *const denom[][2] = {{"", ""},           {"", ""},
                                           {"half", "halves"}, {"third", "thirds"},
                                           {"quarter", "quarters"}, {"fifth", "fifths"},
                                           {"sixth", "sixths"}, {"seventh", "sevenths"},
                                           {"eighth", "eighths"}, {"ninth", "ninths"},
                                           {"tenth", "tenths"}};
    static const char *const num[10] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine"};
    if ((i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == ',')) ||
        i + 2 >= n || !is_digit(s[i]) || s[i + 1] != '/' || !is_digit(s[i + 2]))
        return 0;
    size_t e = i + 2 + digits_at(s, n, i + 2);
    unsigned a = (unsigned)(s[i] - '0'), b = value(s, i + 2, e - i - 2 > 2 ? 3 : e - i - 2);
    if (e - i - 2 > 2 || b < 2 || b > 10 || a < 1 || a >= b ||
        (e < n && (is_digit(s[e]) || is_alpha(s[e]) || s[e] == '/' ||
                   (s[e] == '.' && e + 1 < n && is_digit(s[e + 1])))))
        return 0;
    *ok = pc_buf_printf(out, "%s %s", num[a], denom[b][a > 1]);
    return e - i;
}

size_t pc_en_over(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == ','))
        return 0;
    size_t a = digits_at(s, n, i), b = a && i + a + 1 < n && s[i + a] == '/' ? digits_at(s, n, i + a + 1) : 0;
    size_t e = i + a + 1 + b;
    if (!b || a > 3 || b > 3 || (e < n && (is_digit(s[e]) || is_alpha(s[e]) || s[e] == '/' ||
                                           (s[e] == '.' && e + 1 < n && is_digit(s[e + 1])))))
        return 0;
    unsigned x = value(s, i, a), y = value(s, i + a + 1, b);
    if (x < 13 || y < 13 || x + y == 100 || s[i] == '0' || s[i + a + 1] == '0')
        return 0;
    bool pair = x == y || (a == 2 && b == 2 && y == x + 1); /* 20/20 vision, the 14/15 season */
    *ok = pc_buf_append(out, s + i, a) && pc_buf_puts(out, pair ? " " : " over ") &&
          pc_buf_append(out, s + i + a + 1, b);
    return e - i;
}

size_t pc_en_model_number(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    size_t w = i >= 2 && s[i - 1] == ' ' ? i - 1 : 0, caps = 0;
    while (w > 0 && s[w - 1] >= 'A' && s[w - 1] <= 'Z')
        w--, caps++;
    if (caps < 2 || caps > 4 || (w > 0 && s[w - 1] != ' ' && s[w - 1] != '(') || digits_at(s, n, i) != 4 ||
        s[i] == '0' || s[i + 2] == '0' ||
        (i + 4 < n && (is_alpha(s[i + 4]) || ((s[i + 4] == '.' || s[i + 4] == ',') && i + 5 < n && is_digit(s[i + 5])))))
        return 0;
    *ok = pc_en_below_100(value(s, i, 2), out) && pc_buf_putc(out, ' ') && pc_en_below_100(value(s, i + 2, 2), out);
    return 4;
}

/* The value of the Roman numeral w[0..n) in canonical form (IV, not
 * IIII), 0 when it is not one. */
static unsigned roman_value(const char *w, size_t n)
{
    static const char *const ones[10] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    static const char *const tens[9] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX"};
    for (unsigned v = 1; v < 90; v++) {
        const char *t = tens[v / 10], *o = ones[v % 10];
        size_t lt = strlen(t), lo = strlen(o);
        if (lt + lo == n && !memcmp(w, t, lt) && !memcmp(w + lt, o, lo))
            return v;
    }
    return 0;
}

/* Is w[0..n) one of the words ws? */
static bool one_of(const char *w, size_t n, const char *const *ws, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (strlen(ws[k]) == n && !memcmp(ws[k], w, n))
            return true;
    return false;
}

bool pc_en_roman(const char *s, size_t i, size_t e, pc_buf *out, bool *ok)
{
    /* names of monarchs and popes: Henry VIII is "Henry the eighth" */
    static const char *const rulers[] = {
        "Henry",  "Edward", "Elizabeth", "Charles",   "George",   "William",   "James",
        "Richard", "Louis", "John",      "Paul",      "Benedict", "Pius",      "Leo",
        "Gregory", "Francis", "Philip",  "Alexander", "Peter",    "Catherine", "Mary",
        "Victoria", "Frederick", "Napoleon", "Innocent", "Clement", "Urban",   "Nicholas",
        "Ivan",   "Constantine", "Otto", "Wilhelm",   "Ferdinand", "Carlos",   "Juan",
        "Felipe", "Alfonso", "Olaf",     "Harald",    "Gustav",   "Christian", "Ramesses",
        "Rama",   "Boniface", "Sixtus",  "Anne",      "David",    "Robert",    "Malcolm"};
    /* words a plain number follows: World War II, Chapter XII, Super Bowl LVIII */
    static const char *const counted[] = {"War",   "Chapter", "Part",  "Episode", "Act",
                                          "Volume", "Vol",    "Book",  "Phase",   "Stage",
                                          "Level", "Type",    "Class", "Bowl",    "Article",
                                          "Section", "Title", "Appendix", "Round", "Grade",
                                          "Schedule", "Division", "Tier", "Mark"};
    unsigned v = roman_value(s + i, e - i);
    size_t pe = i, pb;
    if (!v || pe < 2 || s[pe - 1] != ' ')
        return false;
    pe--;
    for (pb = pe; pb > 0 && is_alpha(s[pb - 1]);)
        pb--;
    if (pb == pe || s[pb] < 'A' || s[pb] > 'Z')
        return false; /* after a capitalized word only */
    bool ruler = one_of(s + pb, pe - pb, rulers, sizeof rulers / sizeof *rulers);
    bool count = one_of(s + pb, pe - pb, counted, sizeof counted / sizeof *counted);
    /* a lone I, V or X (the pronoun, Model X, OS X) and L-numerals only
     * where the word before says so; other short ones after any
     * capitalized word (Rocky III, Final Fantasy VII) */
    if (!ruler && !count && (e - i == 1 || memchr(s + i, 'L', e - i) || v > 39))
        return false;
    if (ruler) {
        *ok = pc_buf_puts(out, "the ") && pc_en_ordinal(v, out);
        return true;
    }
    *ok = pc_en_below_100(v, out);
    return true;
}

size_t pc_en_month_day(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    if (i + 1 >= n || s[i] != ' ' || !is_digit(s[i + 1]))
        return 0;
    size_t d = digits_at(s, n, i + 1), end = i + 1 + d;
    unsigned day = d <= 2 ? value(s, i + 1, d) : 0;
    if (!day || day > 31 || (end < n && (is_digit(s[end]) || is_alpha(s[end]) || s[end] == ':' ||
                                         s[end] == '/' || s[end] == '-' ||
                                         (s[end] == '.' && end + 1 < n && is_digit(s[end + 1])))))
        return 0;
    *ok = pc_buf_putc(out, ' ') && pc_en_ordinal(day, out);
    return end - i;
}

const char *pc_en_month_name(const char *w, size_t n)
{
    for (size_t m = 0; m < 12; m++)
        if (strlen(MONTHS[m]) == n && !memcmp(MONTHS[m], w, n))
            return MONTHS[m];
    return NULL;
}

size_t pc_en_day_range(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    static const char *const days[][2] = {{"Mon", "Monday"},   {"Tue", "Tuesday"},  {"Wed", "Wednesday"},
                                          {"Thu", "Thursday"}, {"Fri", "Friday"},   {"Sat", "Saturday"},
                                          {"Sun", "Sunday"}};
    if (n - i < 5) /* Mon-F at least */
        return 0;
    size_t a = 7, b = 7, at = i + 3 + (s[i + 3] == '.'), to = 0, end = 0;
    if (s[at] == '-')
        to = at + 1;
    else if (n - at >= 3 && !memcmp(s + at, "\xe2\x80\x93", 3)) /* Mon.–Wed.: an en dash */
        to = at + 3;
    for (size_t k = 0; to && k < 7; k++) {
        if (!memcmp(s + i, days[k][0], 3))
            a = k;
        if (to + 3 <= n && !memcmp(s + to, days[k][0], 3) && (to + 3 == n || !is_alpha(s[to + 3])))
            b = k, end = to + 3;
    }
    if (a == 7 || b == 7)
        return 0;
    if (at > i + 3 && end < n && s[end] == '.') /* Mon.–Wed.: the second '.' too */
        end++;
    *ok = pc_buf_printf(out, "%s to %s", days[a][1], days[b][1]);
    return end - i;
}

size_t pc_en_point_release(const char *s, size_t n, size_t i, pc_buf *out, bool *ok)
{
    static const char *const plain[] = {"In", "On", "At", "By", "About", "Only", "Just", "And", "But", "The",
                                        "Of", "To", "For", "With", "From", "Over", "Under", "Around", "Nearly",
                                        "Almost", "Roughly", "It", "That", "This", "Was", "Is", "Page", "Up"};
    size_t a = digits_at(s, n, i), w = i - 1;
    if (a < 1 || a > 2 || i < 3 || s[i - 1] != ' ' || i + a + 3 > n || s[i + a] != '.' ||
        digits_at(s, n, i + a + 1) != 2 || s[i + a + 1] == '0')
        return 0;
    size_t e = i + a + 3;
    if (e < n && (is_alpha(s[e]) || s[e] == '%' || ((s[e] == '.' || s[e] == ',') && e + 1 < n && is_digit(s[e + 1]))))
        return 0;
    static const char *const priced[] = {" a ", " an ", " per ", " each", " apiece"};
    for (size_t k = 0; k < sizeof priced / sizeof *priced; k++) /* Gas 3.49 a gallon: an amount, no version */
        if (e + strlen(priced[k]) <= n && !memcmp(s + e, priced[k], strlen(priced[k])))
            return 0;
    while (w > 0 && is_alpha(s[w - 1]))
        w--;
    bool version = i - 1 - w == 7 && !memcmp(s + w + 1, "ersion", 6) && (s[w] | 0x20) == 'v';
    if (!version && (w == i - 1 || s[w] < 'A' || s[w] > 'Z' || (w && s[w - 1] == '.')))
        return 0; /* a name before it: Python 3.12, iOS 17.10; not "Up 3.15" */
    for (size_t k = 0; !version && k < sizeof plain / sizeof *plain; k++)
        if (strlen(plain[k]) == i - 1 - w && !memcmp(s + w, plain[k], i - 1 - w))
            return 0;
    *ok = pc_buf_append(out, s + i, a) && pc_buf_puts(out, " point ") && pc_buf_append(out, s + i + a + 1, 2);
    return e - i;
}
