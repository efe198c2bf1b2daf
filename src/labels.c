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

#define FW_COLON "\xEF\xBC\x9A"

static bool is_colon(const char *s, size_t *len)
{
    if (*s == ':') {
        *len = 1;
        return true;
    }
    if (!strncmp(s, FW_COLON, 3)) {
        *len = 3;
        return true;
    }
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t pc_label_time(const char *s, double *time_s)
{
    unsigned long part[3] = {0, 0, 0};
    size_t i = 0, parts = 0;
    for (; parts < 3; parts++) {
        size_t start = i;
        while (is_digit(s[i]) && i - start < 3)
            part[parts] = part[parts] * 10 + (unsigned long)(s[i++] - '0');
        size_t digits = i - start;
        if (digits == 0 || (parts > 0 && digits != 2) || (parts == 0 && digits > 3))
            return 0;
        if (parts > 0 && part[parts] > 59)
            return 0;
        if (s[i] != ':' || parts == 2 || !is_digit(s[i + 1]))
            break;
        i++;
    }
    if (parts == 0)
        return 0; /* one number is no time */
    double t = 0;
    for (size_t k = 0; k <= parts; k++)
        t = t * 60 + (double)part[k];
    if ((s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
        double scale = 0.1;
        for (i++; is_digit(s[i]); i++, scale /= 10)
            t += (s[i] - '0') * scale;
    }
    if (is_digit(s[i]) || s[i] == ':')
        return 0;
    *time_s = t;
    return i;
}

size_t pc_label_time_range(const char *s, double *start_s)
{
    size_t k = pc_label_time(s, start_s), j = k;
    if (!k)
        return 0;
    while (s[j] == ' ')
        j++;
    static const char *const dashes[] = {"-->", "-", "\xe2\x80\x93", "\xe2\x80\x94"};
    size_t d = 0;
    for (size_t i = 0; i < sizeof dashes / sizeof *dashes && !d; i++)
        if (!strncmp(s + j, dashes[i], strlen(dashes[i])))
            d = strlen(dashes[i]);
    if (!d)
        return k;
    for (j += d; s[j] == ' ';)
        j++;
    double end_s;
    size_t e = s[j] >= '0' && s[j] <= '9' ? pc_label_time(s + j, &end_s) : 0;
    return e ? j + e : k;
}

size_t pc_label_stamp(const char *s, bool parens, double *time_s)
{
    char close = s[0] == '[' ? ']' : s[0] == '(' && parens ? ')' : '\0';
    if (!close)
        return 0;
    size_t i = 1;
    while (s[i] == ' ')
        i++;
    size_t n = pc_label_time_range(s + i, time_s);
    if (!n)
        return 0;
    i += n;
    while (s[i] == ' ')
        i++;
    return s[i] == close ? i + 1 : 0;
}

/* A "(...)" or "[...]" group at s: its length, 0 if unclosed. */
static size_t group_len(const char *s)
{
    const char *e = strchr(s + 1, s[0] == '(' ? ')' : ']');
    return e ? (size_t)(e - s) + 1 : 0;
}

/* Is name[0..n) a tool's speaker id with a letter in it (spk_0, written
 * in lower case as AWS does; a bare "1" opening a line is no name)? */
static bool tool_id(const char *name, size_t n)
{
    char id[32];
    if (n >= sizeof id || !n || (name[0] >= '0' && name[0] <= '9'))
        return false;
    memcpy(id, name, n);
    id[n] = '\0';
    return pc_label_machine_id(id);
}

/* name[0..n) without a role after a comma ("MARY LOUISE KELLY, HOST",
 * "DANA WU, BYLINE", as NPR writes its transcripts): one or two words,
 * each opening with a capital, at most 24 bytes. */
static size_t without_role(const char *name, size_t n)
{
    const char *c = memchr(name, ',', n);
    if (!c || c == name || (size_t)(c - name) + 2 >= n || c[1] != ' ' || n - (size_t)(c - name) > 26)
        return n;
    size_t words = 0;
    for (const char *w = c + 2; w < name + n; w++) {
        if (w[-1] == ' ' && !(*w >= 'A' && *w <= 'Z'))
            return n;
        words += w[-1] == ' ';
        if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == ' '))
            return n;
    }
    return words <= 2 ? (size_t)(c - name) : n;
}

bool pc_label_parse(const char *s, pc_label *l)
{
    memset(l, 0, sizeof *l);
    l->time_s = -1;
    const char *p = s;
    if (p[0] == '>' && p[1] == '>') {
        l->marked = true;
        for (p += 2; *p == ' ';)
            p++;
    }
    const char *group = NULL, *c = NULL;
    size_t clen = 0;
    for (const char *q = p; *q;) {
        if (*q == '(' || *q == '[') {
            size_t g = group_len(q);
            if (!g)
                return false;
            const char *after = q + g;
            while (*after == ' ')
                after++;
            if (is_colon(after, &clen)) {
                group = q;
                c = after;
                break;
            }
            q += g; /* a group inside the name: its colons do not count */
            continue;
        }
        if (is_colon(q, &clen)) {
            c = q;
            break;
        }
        q++;
    }
    if (!c || c == p)
        return false;
    const char *after = c + clen;
    if (clen == 1 && *after && *after != ' ')
        return false; /* 10:30, https://... */
    size_t n = (size_t)((group ? group : c) - p);
    if (group == p && *p == '[') { /* WhisperX: "[SPEAKER_00]: text" */
        n = group_len(p) - 2;
        group = NULL;
        for (p++; n && *p == ' '; n--)
            p++;
    }
    while (n && p[n - 1] == ' ')
        n--;
    n = without_role(p, n);
    if (!pc_label_name_shape(p, n, true) && !tool_id(p, n))
        return false;
    if (group) /* a time is kept as a hint; a role (Host) is dropped */
        pc_label_stamp(group, true, &l->time_s);
    while (*after == ' ')
        after++;
    double t;
    size_t k = pc_label_stamp(after, true, &t);
    if (k) { /* Rev: "Name: (00:05)"; the time is a hint, not words */
        if (l->time_s < 0)
            l->time_s = t;
        for (after += k; *after == ' ';)
            after++;
    }
    l->name = p;
    l->name_len = n;
    l->rest = after;
    return true;
}

void pc_label_trim_group(const char *name, size_t *n, double *time_s)
{
    if (*n < 3 || (name[*n - 1] != ')' && name[*n - 1] != ']'))
        return;
    char open = name[*n - 1] == ')' ? '(' : '[';
    size_t i = *n - 1;
    while (i > 0 && name[i - 1] != open)
        i--;
    if (i == 0)
        return;
    size_t start = i - 1, keep = start;
    while (keep && name[keep - 1] == ' ')
        keep--;
    if (!keep)
        return; /* nothing but the group: it is the name */
    double t;
    if (pc_label_stamp(name + start, true, &t) == *n - start)
        *time_s = t;
    *n = keep;
}

/* Does name[0..n) number itself as no person and no tool's speaker
 * does: a word of digits with a leading zero ("INDEX 01 00:00:00" in a
 * cue sheet, "TRACK 02", "Part 03")? Tools number "Speaker 1"; a
 * "Speaker 01" stays a name. */
static bool padded_number(const char *name, size_t n)
{
    if (n > 8 && !strncmp(name, "Speaker ", 8))
        return false;
    for (size_t i = 0; i < n; i++) {
        bool start = i == 0 || name[i - 1] == ' ';
        if (!start || name[i] != '0' || i + 1 >= n || !is_digit(name[i + 1]))
            continue;
        size_t j = i;
        while (j < n && is_digit(name[j]))
            j++;
        if (j == n || name[j] == ' ')
            return true;
    }
    return false;
}

bool pc_label_name_time_line(const char *s, size_t n, size_t *name_len, double *time_s)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    size_t i = n;
    bool group = false;
    if (n && (s[n - 1] == ')' || s[n - 1] == ']')) { /* a group: a time range has blanks in it */
        char open = s[n - 1] == ')' ? '(' : '[';
        size_t o = n - 1;
        while (o && s[o - 1] != open && n - o < 40)
            o--;
        if ((group = o && s[o - 1] == open))
            i = o - 1;
    }
    while (!group && i && s[i - 1] != ' ' && s[i - 1] != '\t')
        i--;
    size_t gap = i;
    while (gap && (s[gap - 1] == ' ' || s[gap - 1] == '\t'))
        gap--;
    if (i == gap)
        return false;
    bool wide = i - gap >= 2 || s[gap] == '\t';
    /* "Dana Wu - 00:01:02", an en or em dash: a dash between (the time
     * with hours or in brackets still) */
    size_t dash = gap >= 2 && s[gap - 1] == '-' ? 1
                : gap >= 4 && (!memcmp(s + gap - 3, "\xe2\x80\x93", 3) || !memcmp(s + gap - 3, "\xe2\x80\x94", 3)) ? 3 : 0;
    if (dash && (s[gap - dash - 1] == ' ' || s[gap - dash - 1] == '\t')) {
        for (gap -= dash; gap && (s[gap - 1] == ' ' || s[gap - 1] == '\t');)
            gap--;
        wide = false;
    }
    double t;
    size_t k = s[i] == '(' || s[i] == '[' ? pc_label_stamp(s + i, true, &t) : pc_label_time(s + i, &t);
    /* the name and the time are two blanks apart (Otter), or the time is
     * in brackets (Riverside, Descript), or it has hours (Rev): "Monday
     * 10:30" is no label */
    size_t colons = 0;
    for (size_t c = i; c < n; c++)
        colons += s[c] == ':';
    if (k != n - i || (!wide && s[i] != '(' && s[i] != '[' && colons < 2))
        return false;
    if (!pc_label_name_shape(s, gap, true) || !pc_label_title_case(s, gap) || padded_number(s, gap))
        return false; /* "we met at  10:30" is a sentence */
    *name_len = gap;
    *time_s = t;
    return true;
}

bool pc_label_time_name_line(const char *s, size_t n, size_t *name_off, size_t *name_len,
                             double *time_s)
{
    char buf[128]; /* NUL-terminated: the time parsers read to a non-digit */
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    double t;
    bool bracketed = buf[0] == '(' || buf[0] == '[';
    size_t k = bracketed ? pc_label_stamp(buf, true, &t) : pc_label_time(buf, &t), colons = 0;
    for (size_t c = 0; c < k; c++)
        colons += buf[c] == ':';
    /* "10:30 Team meeting" is no label: the time is in brackets or has hours */
    if (!k || (!bracketed && colons < 2) || (buf[k] != ' ' && buf[k] != '\t'))
        return false;
    size_t i = k;
    while (buf[i] == ' ' || buf[i] == '\t')
        i++;
    if (buf[i] == '-' && (buf[i + 1] == ' ' || buf[i + 1] == '\t')) /* "[00:00:03.00] - Name" */
        for (i++; buf[i] == ' ' || buf[i] == '\t';)
            i++;
    if (i >= n || !pc_label_name_shape(buf + i, n - i, true) || !pc_label_title_case(buf + i, n - i) ||
        padded_number(buf + i, n - i))
        return false;
    *name_off = i;
    *name_len = n - i;
    *time_s = t;
    return true;
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

size_t pc_label_leading_colon(const char *s, double *time_s)
{
    size_t i = 0, clen;
    while (s[i] == ' ')
        i++;
    if (s[i] == '(' || s[i] == '[') {
        size_t g = group_len(s + i);
        size_t j = i + g;
        while (g && s[j] == ' ')
            j++;
        if (!g || !is_colon(s + j, &clen))
            return 0;
        pc_label_stamp(s + i, true, time_s);
        return j + clen;
    }
    return is_colon(s + i, &clen) ? i + clen : 0;
}

bool pc_label_title_case(const char *name, size_t n)
{
    bool word_start = true;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(name + i, n - i, &cp);
        if (cp == ' ') {
            word_start = true;
            continue;
        }
        if (word_start && uc_is_property_lowercase(cp))
            return false;
        word_start = false;
    }
    return n > 0;
}

bool pc_label_certain(const pc_label *l, bool stamped)
{
    if (stamped)
        return true;
    const char *n = l->name;
    size_t k = l->name_len, d = 8;
    char id[32];
    if (k < sizeof id) {
        memcpy(id, n, k);
        id[k] = '\0';
        if (pc_label_machine_id(id))
            return true;
    }
    if (k < 9 || strncmp(n, "Speaker ", 8))
        return false;
    if (k == 9 && n[8] >= 'A' && n[8] <= 'Z')
        return true;
    while (d < k && n[d] >= '0' && n[d] <= '9')
        d++;
    return d == k && k <= 12;
}

/* Length of 1-9 ASCII digits at s (an id's number, PC_LABEL_ID_MAX), 0
 * if none or more. */
static size_t id_number(const char *s)
{
    size_t i = 0;
    while (is_digit(s[i]))
        i++;
    return i <= 9 ? i : 0;
}

bool pc_label_machine_id(const char *name)
{
    static const struct {
        const char *word;
        bool bare; /* the number may follow with no '_' or '-' (spk0) */
    } prefixes[] = {{"speaker", true}, {"spk", true}, {"channel", false}, {"ch", false}};
    const char *p = name;
    if (name[0] == 'S' && id_number(name + 1) && !name[1 + id_number(name + 1)])
        return true; /* Speechmatics: S1, S2 */
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i].word);
        if (!strncasecmp(name, prefixes[i].word, n)) {
            p = name + n;
            if (*p == '_' || *p == '-')
                p++;
            else if (!prefixes[i].bare)
                return false;
            break;
        }
    }
    size_t k = id_number(p);
    if (!k)
        return false;
    p += k;
    if ((*p == '_' || *p == '-') && (k = id_number(p + 1)) > 0)
        p += k + 1;
    return !*p;
}

bool pc_label_placeholder(const char *name)
{
    if (!strcasecmp(name, "unknown speaker") || !strcasecmp(name, "unknown") || pc_label_machine_id(name))
        return true;
    if (strncasecmp(name, "speaker ", 8))
        return false;
    const char *p = name + 8;
    if (((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) && !p[1])
        return true;
    return id_number(p) && !p[id_number(p)];
}

/* Generational suffixes and letters after a name: "Smith, Jr." is no
 * surname and given name. */
static const char *const suffixes[] = {"jr", "sr", "esq", "phd", "md", "dds", "rn", "cpa", "mba", "obe",
                                       "mbe", "cbe", "qc", "kc", "dr", "mr", "mrs", "ms", "prof"};

/* Is the word w[0..n) a suffix, a title or a roman numeral (II, IV)? */
static bool suffix_word(const char *w, size_t n)
{
    while (n && w[n - 1] == '.')
        n--;
    bool roman = n > 0;
    for (size_t i = 0; i < n; i++)
        roman = roman && strchr("IVX", w[i]);
    for (size_t i = 0; !roman && i < sizeof suffixes / sizeof *suffixes; i++)
        roman = strlen(suffixes[i]) == n && !strncasecmp(w, suffixes[i], n);
    return roman;
}

/* Is s[0..n) one to max_words words, each a capital letter then letters,
 * apostrophes, hyphens or dots, none a suffix? */
static bool name_words(const char *s, size_t n, size_t max_words)
{
    size_t words = 0, i = 0;
    while (i < n) {
        size_t start = i;
        bool first = true;
        while (i < n && s[i] != ' ') {
            unsigned cp;
            size_t k = pc_utf8_decode(s + i, n - i, &cp);
            if (!k || (first ? !uc_is_property_uppercase(cp) && !uc_is_property_titlecase(cp)
                             : !uc_is_property_alphabetic(cp) && !strchr("'.-", (int)cp) && cp != 0x2019))
                return false;
            first = false;
            i += k;
        }
        if (i == start || suffix_word(s + start, i - start) || ++words > max_words)
            return false;
        i += i < n; /* the blank between words */
    }
    return words > 0;
}

size_t pc_label_last_first(const char *name, size_t n)
{
    const char *comma = memchr(name, ',', n);
    if (!comma || memchr(comma + 1, ',', n - (size_t)(comma - name) - 1))
        return 0;
    size_t last = (size_t)(comma - name), first = last + 1;
    while (first < n && name[first] == ' ')
        first++;
    return first > last + 1 && first < n && name_words(name, last, 2) &&
           name_words(name + first, n - first, 3) ? last : 0;
}
