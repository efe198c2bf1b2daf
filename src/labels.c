/* labels: the shapes of speaker labels, shared by every reader and the
 * turn builder. */
#include "labels.h"

#include "buf.h"

#include <string.h>
#include <strings.h>
#include <unictype.h>

/* Sentence punctuation never appears in a speaker's name. */
static bool name_char_ok(unsigned cp)
{
    switch (cp) {
    case ',': case ';': case '!': case '?': case '"': case ':': case '[': case ']':
    case '{': case '}': case '<': case '>': case '|': case '*': case '#': case '=':
    case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF01: case 0xFF1F: case 0x3001:
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: case 0x2026: case 0xFF1A:
        return false;
    }
    return cp >= 0x20;
}

static const char *const admonitions[] = {
    "note", "notes", "warning", "tip", "tips", "update", "edit", "important", "caution",
    "tl;dr", "tldr", "disclaimer", "source", "sources", "ps", "p.s.", "nb", "example",
    "examples", "summary", "hint", "info", "todo", "fixme", "see also", "credit", "credits",
    "photo", "image", "via", "related", "references", "quote", "transcript", "注意", "注",
    "提示", "更新", "備註", "备注", "警告", "來源", "来源", "摘要"};

bool pc_label_is_admonition(const char *name)
{
    for (size_t i = 0; i < sizeof admonitions / sizeof *admonitions; i++)
        if (!strcasecmp(name, admonitions[i]))
            return true;
    return false;
}

/* Could name[0..n) be a speaker? strict: the shape asked of plain
 * (unbolded) labels: short, a few words, starting with a capital or a
 * non-Latin letter. */
bool pc_label_name_shape(const char *name, size_t n, bool strict)
{
    if (n == 0)
        return false;
    size_t chars = 0, words = 1;
    bool letter = false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(name + i, n - i, &cp);
        if (!name_char_ok(cp))
            return false;
        if (cp == ' ')
            words++;
        if (uc_is_property_alphabetic(cp)) {
            if (!letter && strict && uc_is_property_lowercase(cp))
                return false;
            letter = true;
        } else if (!letter && strict && cp != '(') {
            return false; /* starts with a digit or a symbol */
        }
        chars++;
    }
    if (!letter)
        return false;
    return strict ? chars <= 48 && words <= 6 : chars <= 80 && words <= 10;
}

/* A plain `Name:` / `Name: text` at the start of s: returns the length of
 * the name (0 if none) and where the text after the colon starts. */
size_t pc_label_plain(const char *s, const char **rest)
{
    const char *c1 = strchr(s, ':');
    const char *c2 = strstr(s, "\xEF\xBC\x9A");
    const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
    if (!c || c == s)
        return 0;
    size_t clen = *c == ':' ? 1 : 3;
    const char *after = c + clen;
    if (*c == ':' && *after && *after != ' ')
        return 0; /* 10:30, https://... */
    size_t n = (size_t)(c - s);
    while (n && s[n - 1] == ' ')
        n--;
    if (!pc_label_name_shape(s, n, true))
        return 0;
    while (*after == ' ')
        after++;
    *rest = after;
    return n;
}

/* Strips a trailing colon (ASCII or full-width) and blanks from s[0..*n);
 * true when there was a colon. */
bool pc_label_strip_trailing_colon(const char *s, size_t *n)
{
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
        (*n)--;
    if (*n && s[*n - 1] == ':') {
        (*n)--;
    } else if (*n >= 3 && !memcmp(s + *n - 3, "\xEF\xBC\x9A", 3)) {
        *n -= 3;
    } else {
        return false;
    }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
        (*n)--;
    return true;
}

/* Length in bytes of a leading colon (after blanks) in s, or 0. */
size_t pc_label_leading_colon(const char *s)
{
    size_t i = 0;
    while (s[i] == ' ')
        i++;
    if (s[i] == ':')
        return i + 1;
    if (!strncmp(s + i, "\xEF\xBC\x9A", 3))
        return i + 3;
    return 0;
}
