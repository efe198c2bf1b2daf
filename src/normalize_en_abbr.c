/* normalize_en_abbr: English abbreviations (see header). */
#include "internal.h"
#include "normalize_en_abbr.h"

#include <string.h>
#include <strings.h>

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

enum where { TITLE, AFTER_NAME, STREET, BEFORE_NUMBER, ANYWHERE };

static const struct {
    const char *abbr, *said;
    enum where where;
    bool dot; /* the '.' is needed */
} ABBR[] = {
    {"Prof", "Professor", TITLE, true},      {"Capt", "Captain", TITLE, true},
    {"Sgt", "Sergeant", TITLE, true},        {"Lt", "Lieutenant", TITLE, true},
    {"Gov", "Governor", TITLE, true},        {"Sen", "Senator", TITLE, true},
    {"Rep", "Representative", TITLE, true},
    {"Gen", "General", TITLE, true},         {"Rev", "Reverend", TITLE, true},
    {"Hon", "Honorable", TITLE, true},       {"Pres", "President", TITLE, true},
    {"Col", "Colonel", TITLE, true},         {"Maj", "Major", TITLE, true},
    {"Adm", "Admiral", TITLE, true},         {"Cmdr", "Commander", TITLE, true},
    {"Mt", "Mount", TITLE, true},            {"Ft", "Fort", TITLE, true},
    {"Ms", "Miz", TITLE, true},              {"Ave", "Avenue", STREET, false},
    {"St", "Street", STREET, false},
    {"Blvd", "Boulevard", STREET, false},    {"Rd", "Road", STREET, false},
    {"Ln", "Lane", AFTER_NAME, true},        {"Hwy", "Highway", AFTER_NAME, true},
    {"Pkwy", "Parkway", AFTER_NAME, true},   {"Jr", "Junior", AFTER_NAME, true},
    {"Sr", "Senior", AFTER_NAME, true},      {"v", "versus", AFTER_NAME, true},
    {"No", "number", BEFORE_NUMBER, true},
    {"Fig", "figure", BEFORE_NUMBER, true},  {"Vol", "volume", BEFORE_NUMBER, true},
    {"Ch", "chapter", BEFORE_NUMBER, true},  {"Ep", "episode", BEFORE_NUMBER, true},
    {"pp", "pages", BEFORE_NUMBER, true},    {"p", "page", BEFORE_NUMBER, true},
    {"vs", "versus", ANYWHERE, false},       {"approx", "approximately", ANYWHERE, true},
    {"incl", "including", ANYWHERE, true},   {"esp", "especially", ANYWHERE, true},
};

static bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool lower(char c) { return c >= 'a' && c <= 'z'; }

/* Where the word before s[b] (one blank between) starts; b when there
 * is none. */
static size_t word_before(const char *s, size_t b)
{
    if (b < 2 || s[b - 1] != ' ')
        return b;
    size_t w = b - 1;
    while (w > 0 && (upper(s[w - 1]) || lower(s[w - 1]) || (s[w - 1] >= '0' && s[w - 1] <= '9') ||
                     s[w - 1] == '\''))
        w--;
    return w < b - 1 ? w : b;
}

/* Whether the word before s[b] (one blank between) is capitalised or
 * starts with a digit (Main St., 5th Ave.). */
static bool after_capital(const char *s, size_t b)
{
    size_t w = word_before(s, b);
    return w < b && (upper(s[w]) || (s[w] >= '0' && s[w] <= '9'));
}

size_t pc_en_abbreviation(const char *s, size_t n, size_t i, size_t e, struct pc_buf *out, bool *ok)
{
    bool dot = e < n && s[e] == '.';
    size_t k = e + dot, next = k;
    while (next < n && s[next] == ' ')
        next++;
    bool cap_next = next > k && next < n && upper(s[next]);
    bool digit_next = next > k && next < n && s[next] >= '0' && s[next] <= '9';
    if (e - i == 3 && !memcmp(s + i, "i.e", 3) && dot) {
        *ok = pc_buf_puts(out, "that is");
        return k;
    }
    for (size_t a = 0; a < sizeof ABBR / sizeof *ABBR; a++) {
        size_t l = strlen(ABBR[a].abbr);
        if (l != e - i || memcmp(s + i, ABBR[a].abbr, l) || (ABBR[a].dot && !dot))
            continue;
        if (!ABBR[a].dot && e < n && (is_alpha(s[e]) || is_digit(s[e]) || s[e] == '\''))
            continue;
        /* a street type after its name (Oak Rd, 2nd Ave); St. after a
         * number (3rd St. It…: en-us says "saint" there), at the end or
         * before a word that is not a name (Baker St. with: "saint" too); en-us
         * reads Main St. (as one word) and St. Louis itself */
        bool street = ABBR[a].where == STREET && after_capital(s, i) &&
                      (strcmp(ABBR[a].abbr, "St") || is_digit(s[word_before(s, i)]) ||
                       ((next >= n || (next > k && lower(s[next]))) &&
                        strncmp(s + word_before(s, i), "Main ", 5)));
        bool fits = ABBR[a].where == ANYWHERE || (ABBR[a].where == TITLE && cap_next) ||
                    (ABBR[a].where == BEFORE_NUMBER && digit_next) ||
                    (ABBR[a].where == AFTER_NAME && after_capital(s, i)) || street;
        if (!fits)
            continue;
        *ok = pc_buf_puts(out, ABBR[a].said);
        /* 5th Ave. The …: the '.' may end the sentence too; but a case's
         * v. stands between two names (Smith v. Jones) */
        bool ends = (ABBR[a].where == AFTER_NAME || street) && strcmp(ABBR[a].said, "versus") && (next >= n || cap_next);
        return ends && dot ? e : k;
    }
    return 0;
}

/* A unit after an amount at s[e] (a blank between allowed, or a hyphen
 * before a unit said as an adjective: a 15-min walk): 5 km, 16GB, 250 g,
 * 2.4 GHz, 21°C. Its length (the blank included) and its name for one and
 * for many; 0 when none, or when a letter follows. */
size_t pc_en_unit(const char *s, size_t n, size_t e, const char **one, const char **many)
{
    static const struct {
        const char *abbr, *one, *many;
    } units[] = {
        {"m^2", "square meter", "square meters"}, {"km^2", "square kilometer", "square kilometers"},
        {"cm^2", "square centimeter", "square centimeters"}, {"ft^2", "square foot", "square feet"},
        {"mi^2", "square mile", "square miles"}, {"m^3", "cubic meter", "cubic meters"},
        {"cm^3", "cubic centimeter", "cubic centimeters"}, {"ft^3", "cubic foot", "cubic feet"},
        {"km/h", "kilometer per hour", "kilometers per hour"}, {"km", "kilometer", "kilometers"},
        {"kg", "kilogram", "kilograms"}, {"cm", "centimeter", "centimeters"},
        {"mm", "millimeter", "millimeters"}, {"mph", "mile per hour", "miles per hour"},
        {"mpg", "mile per gallon", "miles per gallon"},
        {"lbs", "pounds", "pounds"}, {"lb", "pound", "pounds"}, {"oz", "ounce", "ounces"},
        {"mg", "milligram", "milligrams"}, {"mcg", "microgram", "micrograms"},
        {"ml", "milliliter", "milliliters"}, {"mL", "milliliter", "milliliters"},
        {"tbsp", "tablespoon", "tablespoons"}, {"tsp", "teaspoon", "teaspoons"},
        {"ft", "foot", "feet"}, {"mi", "mile", "miles"}, {"yds", "yards", "yards"}, {"yd", "yard", "yards"},
        {"mins", "minutes", "minutes"}, {"min", "minute", "minutes"}, {"hrs", "hours", "hours"},
        {"hr", "hour", "hours"}, {"secs", "seconds", "seconds"}, {"sec", "second", "seconds"},
        {"fps", "frame per second", "frames per second"}, {"bpm", "beat per minute", "beats per minute"},
        {"qt", "quart", "quarts"}, {"gal", "gallon", "gallons"},
        {"TB", "terabyte", "terabytes"}, {"GB", "gigabyte", "gigabytes"},
        {"MB", "megabyte", "megabytes"}, {"KB", "kilobyte", "kilobytes"},
        {"kB", "kilobyte", "kilobytes"}, {"ms", "millisecond", "milliseconds"},
        {"nm", "nanometer", "nanometers"}, {"kWh", "kilowatt hour", "kilowatt hours"},
        {"kW", "kilowatt", "kilowatts"}, {"mAh", "milliamp hour", "milliamp hours"},
        {"W", "watt", "watts"}, {"g", "gram", "grams"}, {"GHz", "gigahertz", "gigahertz"}, {"MHz", "megahertz", "megahertz"},
        {"kHz", "kilohertz", "kilohertz"}, {"Hz", "hertz", "hertz"}, {"ppm", "part per million", "parts per million"},
        {"ppb", "part per billion", "parts per billion"}, {"dL", "deciliter", "deciliters"},
        {"mmol", "millimole", "millimoles"}, {"L", "liter", "liters"},
        {"\xc2\xb0" "C", "degree Celsius", "degrees Celsius"},
        {"\xc2\xb0" "F", "degree Fahrenheit", "degrees Fahrenheit"}};
    size_t gap = e + 1 < n && (s[e] == ' ' || (s[e] == '-' && is_alpha(s[e + 1]))) ? 1 : 0;
    bool network = !gap && e >= 1 && s[e - 1] >= '3' && s[e - 1] <= '5' && (e == 1 || !is_digit(s[e - 2]));
    size_t d = 0; /* 25 bps, 50bps: basis points; 9600 bps: bits per second */
    while (d < e && d < 5 && s[e - 1 - d] >= '0' && s[e - 1 - d] <= '9')
        d++;
    if (d && e + gap + 3 <= n && !memcmp(s + e + gap, "bps", 3) && (e + gap + 3 == n || !is_alpha(s[e + gap + 3]))) {
        *one = d <= 3 ? "basis point" : "bit per second";
        *many = d <= 3 ? "basis points" : "bits per second";
        return gap + 3;
    }
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        size_t len = strlen(units[k].abbr), at = e + gap;
        if (network && !strcmp(units[k].abbr, "g")) /* 5g, 4g: a network, not grams */
            continue;
        size_t after = at + len + 1; /* 2 W 3rd St, 100 W Main St: a street, not watts */
        bool street = len == 1 && after < n && s[after - 1] == ' ' &&
                      (is_digit(s[after]) || (is_upper(s[after]) && after + 1 < n && s[after + 1] >= 'a' && s[after + 1] <= 'z'));
        if (n - at >= len && !memcmp(s + at, units[k].abbr, len) && !street &&
            (at + len >= n || !is_alpha(s[at + len]))) {
            *one = units[k].one;
            *many = units[k].many;
            return gap + len;
        }
    }
    return 0;
}

bool pc_en_counted(const char *w, size_t l)
{
    static const char *const counted[] = {"users", "people", "views", "downloads", "subscribers",
                                          "customers", "viewers", "listeners", "units", "copies",
                                          "dollars", "euros", "shares", "visitors", "players",
                                          "members", "votes", "requests", "parameters", "tokens",
                                          "followers", "streams", "installs", "readers", "students"};
    for (size_t k = 0; k < sizeof counted / sizeof *counted; k++)
        if (strlen(counted[k]) == l && !memcmp(w, counted[k], l))
            return true;
    return false;
}

/* m after a number at s[e] ("100m", "8,849 m") with no article before it
 * (after_article has those): its length with the blank before it, 0 when it
 * may be millions (100m users, raised 100m.). A word of size or place after
 * it says meters (8,849 m tall), a noun after it a measure, meter (her best
 * 100m time). */
size_t pc_en_bare_meters(const char *s, size_t n, size_t e, bool *many)
{
    static const char *const sized[] = {"tall", "high", "long", "deep", "wide", "away", "above", "below",
                                        "up", "down", "under", "from", "of", "in", "to", "and", "or"};
    size_t at = e + (e + 1 < n && s[e] == ' '), w = at + 2, l = 0;
    if (at >= n || s[at] != 'm' || at + 1 >= n || s[at + 1] != ' ' || w >= n || s[w] < 'a' || s[w] > 'z')
        return 0;
    while (w + l < n && is_alpha(s[w + l]))
        l++;
    if (pc_en_counted(s + w, l))
        return 0;
    *many = false;
    for (size_t k = 0; k < sizeof sized / sizeof *sized; k++)
        if (strlen(sized[k]) == l && !memcmp(s + w, sized[k], l))
            *many = true;
    return at + 1 - e;
}

size_t pc_en_per(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    static const char *const spans[][2] = {
        {"yr", "year"},   {"year", "year"},   {"mo", "month"}, {"month", "month"},   {"wk", "week"},
        {"week", "week"}, {"day", "day"},     {"night", "night"}, {"hour", "hour"}, {"h", "hour"},
        {"person", "person"}, {"user", "user"}, {"seat", "seat"}, {"head", "head"}};
    size_t a = i;
    while (a > 0 && (s[a - 1] == 'k' || s[a - 1] == 'K' || s[a - 1] == 'M' || s[a - 1] == 'B' || s[a - 1] == '%'))
        a--;
    if (s[i] != '/' || a == 0 || a + 1 < i || !is_digit(s[a - 1]) || i + 1 >= n || !is_alpha(s[i + 1]))
        return 0;
    const char *one, *many;
    size_t l = pc_en_unit(s, n, i + 1, &one, &many);
    if (l && s[i + 1] != ' ')
        return (*ok = pc_buf_printf(out, " per %s", one)), 1 + l;
    for (size_t k = 0; k < sizeof spans / sizeof *spans; k++) {
        l = strlen(spans[k][0]);
        if (i + 1 + l <= n && !memcmp(s + i + 1, spans[k][0], l) && (i + 1 + l == n || !is_alpha(s[i + 1 + l])))
            return (*ok = pc_buf_printf(out, " per %s", spans[k][1])), 1 + l;
    }
    return 0;
}

size_t pc_en_times(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    static const char *const before[] = {"the", "as", "more", "less", "over", "that", "what", "a", "an", "per",
                                         "faster", "slower", "bigger", "smaller", "cheaper", "better",
                                         "larger", "higher", "lower", "longer", "shorter", "greater",
                                         "improvement", "increase", "growth", "speedup", "boost", "gain",
                                         "jump", "rise", "return", "returns", "reduction", "drop", "decrease",
                                         "difference", "multiple", "leverage", "zoom", "magnification"};
    if (s[i] != 'x' || i == 0 || !is_digit(s[i - 1]) || (i + 1 < n && (is_alpha(s[i + 1]) || is_digit(s[i + 1]))))
        return 0;
    size_t w = i + 1;
    bool fits = w >= n || (s[w] != ' ' && s[w] != '-');
    if (!fits && s[w] == ' ') {
        size_t e = ++w;
        while (e < n && is_alpha(s[e]))
            e++;
        for (size_t k = 0; !fits && k < sizeof before / sizeof *before; k++)
            fits = e - w == strlen(before[k]) && !memcmp(s + w, before[k], e - w);
    }
    if (!fits)
        return 0;
    *ok = pc_buf_puts(out, " times");
    return 1;
}

size_t pc_number_scale(const char *s, size_t n, bool money, unsigned *pow10)
{
    static const struct {
        const char *word;
        unsigned pow10;
        bool abbr;
    } scales[] = {{"thousand", 3, false}, {"million", 6, false}, {"billion", 9, false},
                  {"trillion", 12, false}, {"k", 3, true}, {"K", 3, true}, {"mn", 6, true},
                  {"M", 6, true}, {"bn", 9, true}, {"B", 9, true}, {"tn", 12, true}, {"T", 12, true}};
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
        size_t l = strlen(scales[k].word);
        if ((scales[k].abbr && !money) || n < l ||
            (scales[k].abbr ? memcmp(s, scales[k].word, l) : strncasecmp(s, scales[k].word, l)) ||
            (n > l && ((s[l] | 0x20) >= 'a' && (s[l] | 0x20) <= 'z')))
            continue;
        *pow10 = scales[k].pow10;
        return l;
    }
    return 0;
}

size_t pc_en_bare_thousands(const char *s, size_t n, size_t b, size_t e, const char **word)
{
    if (e >= n || (s[e] != 'k' && s[e] != 'K') || (s[e] == 'K' && e - b < 2) || /* 4K, 8K: a picture */ (e + 1 < n && (is_alpha(s[e + 1]) || is_digit(s[e + 1]))) ||
        (b && (is_alpha(s[b - 1]) || s[b - 1] == '.' || s[b - 1] == ',')))
        return 0;
    size_t w = word_before(s, b);
    if (w < b && ((b - w == 2 && (s[w] | 0x20) == 'a') || (b - w == 4 && !memcmp(s + w, "the", 3)) ||
                  (b - w == 4 && !memcmp(s + w, "The", 3))))
        return 0;
    *word = "thousand";
    return 1;
}

size_t pc_en_resolution(const char *s, size_t n, size_t i, struct pc_buf *out, bool *ok)
{
    static const char *const lines[] = {"360", "480", "540", "720", "1080", "1440", "2160", "4320"};
    if (i && (is_alpha(s[i - 1]) || is_digit(s[i - 1])))
        return 0;
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        size_t l = strlen(lines[k]);
        if (i + l < n && !memcmp(s + i, lines[k], l) && s[i + l] == 'p' &&
            (i + l + 1 == n || !(is_alpha(s[i + l + 1]) || is_digit(s[i + l + 1])))) {
            *ok = pc_buf_printf(out, "%.*s %s p", (int)(l - 2), lines[k], lines[k] + l - 2);
            return l + 1;
        }
    }
    return 0;
}
