/* sentences: where an English or Chinese sentence ends (see header). */
#include "sentences.h"

#include "buf.h"
#include "scripts.h"

#include <stdbool.h>
#include <string.h>

/* Does the word at s open sentences more often than it follows an
 * initialism inside a name (The, Then, We, But ...)? */
static bool sentence_opener(const char *s, size_t n)
{
    static const char *const openers[] = {
        "A", "Actually", "After", "Again", "All", "Also", "Although", "Always", "An", "And",
        "Any", "Are", "As", "At", "Because", "Before", "Both", "But", "By", "Did", "Do",
        "Does", "Each", "Even", "Every", "Finally", "First", "For", "From", "He", "Her",
        "Here", "His", "How", "However", "I", "If", "In", "Instead", "Is", "It", "Its",
        "It's", "Just", "Later", "Let", "Let's", "Many", "Maybe", "Meanwhile", "Most", "My",
        "Never", "Next", "No", "Not", "Now", "Of", "Oh", "On", "One", "Only", "Or", "Our",
        "Perhaps", "Please", "She", "Since", "So", "Some", "Sometimes", "Still", "Such",
        "Thanks", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those",
        "To", "Today", "Tomorrow", "Was", "We", "Well", "Were", "What", "When", "Where",
        "Which", "While", "Who", "Why", "With", "Yes", "Yesterday", "Yet", "You", "Your"};
    size_t e = 0;
    while (e < n && (((s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z') || s[e] == '\''))
        e++;
    for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
        if (strlen(openers[k]) == e && !memcmp(openers[k], s, e))
            return true;
    return false;
}

/* Is the word before s[w] (past one blank) capitalised, or an initial? */
static bool after_capitalised(const char *s, size_t w)
{
    if (w < 2 || s[w - 1] != ' ')
        return false;
    size_t v = w - 1;
    while (v > 0 && s[v - 1] != ' ')
        v--;
    return s[v] >= 'A' && s[v] <= 'Z';
}

bool pc_sentence_end(const char *s, size_t n, size_t i, size_t *end)
{
    unsigned cp;
    size_t len = pc_utf8_decode(s + i, n - i, &cp);
    bool cjk = cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E;
    bool latin = cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
    if (!cjk && !latin)
        return false;
    size_t j = i + len;
    /* runs of terminators and closing quotes/brackets stay with it */
    while (j < n) {
        unsigned c2;
        size_t l2 = pc_utf8_decode(s + j, n - j, &c2);
        if (!(c2 == '.' || c2 == '!' || c2 == '?' || c2 == 0x3002 || c2 == 0xFF01 ||
              c2 == 0xFF1F || c2 == '"' || c2 == '\'' || c2 == ')' || c2 == 0x201D ||
              c2 == 0x2019 || c2 == 0x300D || c2 == 0x300F || c2 == 0xFF09 || c2 == 0x2026))
            break;
        j += l2;
    }
    if (latin && j < n && s[j] != ' ')
        return false; /* 3.7, e.g, U.S.A */
    if (cp == '.') {
        /* abbreviations: Mr. Dr. St. vs. Jan. approx.; a leading number ("1. Getting started") */
        size_t w = i;
        while (w > 0 && s[w - 1] != ' ')
            w--;
        if (w == 0 && i > 0 && i <= 3 && strspn(s, "0123456789") == i)
            return false;
        static const char *const abbr[] = {
            "Mr", "Mrs", "Ms", "Dr", "St", "vs", "Prof", "Jr", "Sr", "Inc", "No", "etc", "e.g",
            "i.e", "Mt", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
            "Nov", "Dec", "approx", "Fig", "Vol", "Ave", "Gen", "Gov", "Sen", "Rep", "Rev", "Lt",
            "Col", "Capt", "Sgt", "Ltd", "Corp", "cf", "al", "ca", "pp", "p", "v", "Blvd", "Rd", "Ln",
            "Hwy", "Ft", "Ep", "Ch", "Pres", "Hon", "Maj", "Adm", "Cmdr", "incl", "esp"};
        /* ... which may also close a sentence when one opens after them
         * ("on Main St. The next day", "at Acme Inc. We"; not "St. Louis") */
        static const char *const closing[] = {"St", "Ave", "Rd", "Blvd", "Ln", "Hwy", "Inc",
                                              "Ltd", "Corp", "etc", "Jr", "Sr", "al"};
        size_t k = j;
        while (k < n && s[k] == ' ')
            k++;
        bool opens = k > j && sentence_opener(s + k, n - k);
        for (size_t a = 0; a < sizeof abbr / sizeof *abbr; a++) {
            if (i - w != strlen(abbr[a]) || strncmp(s + w, abbr[a], i - w))
                continue;
            bool closes = false;
            for (size_t c = 0; opens && c < sizeof closing / sizeof *closing; c++)
                closes |= !strcmp(abbr[a], closing[c]);
            if (!closes)
                return false;
            *end = j;
            return true;
        }
        bool lower_next = k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9'));
        bool upper_next = k < n && s[k] >= 'A' && s[k] <= 'Z';
        /* an initialism (U.S., D.C., p.m., Ph.D.) before a word that no
         * sentence starts with, lower case or a number ("the U.S.
         * border"), or before a capital that seldom opens one ("the U.S.
         * Army", "3 p.m. Monday"; but "in the U.S. Then we") */
        if (memchr(s + w, '.', i - w) && (lower_next || (upper_next && !sentence_opener(s + k, n - k))))
            return false;
        /* a name's initial: one capital after a capitalised word or
         * another initial, before a name ("John F. Kennedy", "J. R. R.
         * Tolkien"; but "vitamin C. Then", "Plan B. We") */
        bool initial_next = upper_next && k + 1 < n && s[k + 1] == '.';
        if (i - w == 1 && s[w] >= 'A' && s[w] <= 'Z' && upper_next && !sentence_opener(s + k, n - k) &&
            (after_capitalised(s, w) || initial_next))
            return false;
    }
    *end = j;
    return true;
}

size_t pc_sentence_separator(const char *s, size_t n, size_t i)
{
    if (n - i >= 3 && !memcmp(s + i, "\xef\xbd\x9c", 3)) /* ｜ */
        return 3;
    if (s[i] != '|')
        return 0;
    unsigned a = 0, b = 0;
    size_t k = i;
    while (k > 0 && ((unsigned char)s[--k] & 0xC0) == 0x80)
        ;
    if (i > 0)
        pc_utf8_decode(s + k, i - k, &a);
    if (i + 1 < n)
        pc_utf8_decode(s + i + 1, n - i - 1, &b);
    return a == ' ' || b == ' ' || pc_script_of(a) == PC_SCRIPT_HAN || pc_script_of(b) == PC_SCRIPT_HAN ? 1 : 0;
}

