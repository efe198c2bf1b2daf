/* normalize_en_abbr: English abbreviations (see header). */
#include "internal.h"
#include "normalize_en_abbr.h"

#include <string.h>

enum where { TITLE, AFTER_NAME, BEFORE_NUMBER, ANYWHERE };

static const struct {
    const char *abbr, *said;
    enum where where;
    bool dot; /* the '.' is needed */
} ABBR[] = {
    {"Prof", "Professor", TITLE, true},      {"Capt", "Captain", TITLE, true},
    {"Sgt", "Sergeant", TITLE, true},        {"Lt", "Lieutenant", TITLE, true},
    {"Gov", "Governor", TITLE, true},        {"Sen", "Senator", TITLE, true},
    {"Gen", "General", TITLE, true},         {"Rev", "Reverend", TITLE, true},
    {"Hon", "Honorable", TITLE, true},       {"Pres", "President", TITLE, true},
    {"Col", "Colonel", TITLE, true},         {"Maj", "Major", TITLE, true},
    {"Adm", "Admiral", TITLE, true},         {"Cmdr", "Commander", TITLE, true},
    {"Mt", "Mount", TITLE, true},            {"Ft", "Fort", TITLE, true},
    {"Ms", "Miz", TITLE, true},              {"Ave", "Avenue", AFTER_NAME, true},
    {"Blvd", "Boulevard", AFTER_NAME, true}, {"Rd", "Road", AFTER_NAME, true},
    {"Ln", "Lane", AFTER_NAME, true},        {"Hwy", "Highway", AFTER_NAME, true},
    {"Pkwy", "Parkway", AFTER_NAME, true},   {"Jr", "Junior", AFTER_NAME, true},
    {"Sr", "Senior", AFTER_NAME, true},      {"v", "versus", AFTER_NAME, true},
    {"No", "number", BEFORE_NUMBER, true},
    {"Fig", "figure", BEFORE_NUMBER, true},  {"Vol", "volume", BEFORE_NUMBER, true},
    {"Ch", "chapter", BEFORE_NUMBER, true},  {"Ep", "episode", BEFORE_NUMBER, true},
    {"vs", "versus", ANYWHERE, false},       {"approx", "approximately", ANYWHERE, true},
    {"incl", "including", ANYWHERE, true},   {"esp", "especially", ANYWHERE, true},
};

static bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool lower(char c) { return c >= 'a' && c <= 'z'; }

/* Whether the word before s[b] (one blank between) is capitalised or
 * starts with a digit (Main St., 5th Ave.). */
static bool after_capital(const char *s, size_t b)
{
    if (b < 2 || s[b - 1] != ' ')
        return false;
    size_t w = b - 1;
    while (w > 0 && (upper(s[w - 1]) || lower(s[w - 1]) || (s[w - 1] >= '0' && s[w - 1] <= '9') ||
                     s[w - 1] == '\''))
        w--;
    return w < b - 1 && (upper(s[w]) || (s[w] >= '0' && s[w] <= '9'));
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
        if (!ABBR[a].dot && e < n && s[e] != '.' && s[e] != ' ')
            continue;
        bool fits = ABBR[a].where == ANYWHERE || (ABBR[a].where == TITLE && cap_next) ||
                    (ABBR[a].where == BEFORE_NUMBER && digit_next) ||
                    (ABBR[a].where == AFTER_NAME && after_capital(s, i));
        if (!fits)
            return 0;
        *ok = pc_buf_puts(out, ABBR[a].said);
        /* 5th Ave. The …: the '.' may end the sentence too; but a case's
         * v. stands between two names (Smith v. Jones) */
        bool ends = ABBR[a].where == AFTER_NAME && strcmp(ABBR[a].said, "versus") && (next >= n || cap_next);
        return ends && dot ? e : k;
    }
    return 0;
}
