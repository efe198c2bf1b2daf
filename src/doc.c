/* doc: the intermediate between readers and the turn builder. */
#include "doc.h"

#include "labels.h"

#include <stdlib.h>
#include <string.h>

void pc_doc_init(pc_doc *d, pc_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
    d->stamp_last_s = -1;
}

void pc_doc_free(pc_doc *d)
{
    free(d->blocks);
    free(d->pending);
    free(d->marks);
    d->blocks = NULL;
    d->pending = NULL;
    d->marks = NULL;
    d->mark_count = d->mark_cap = 0;
    d->block_count = d->block_cap = d->pending_count = d->pending_cap = 0;
}

bool pc_doc_mark(pc_doc *d, pc_mark_kind kind, const char *url, size_t n, unsigned long line,
                 unsigned long column)
{
    char *copy = pc_arena_strndup(d->arena, url, n);
    if (!copy || !pc_grow((void **)&d->marks, &d->mark_cap, d->mark_count, sizeof *d->marks))
        return false;
    d->marks[d->mark_count++] = (pc_mark){kind, copy, line, column};
    return true;
}

size_t pc_text_squeeze(char *s, size_t n)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = o > 0;
            continue;
        }
        if (space)
            s[o++] = ' ';
        space = false;
        s[o++] = c;
    }
    s[o] = '\0';
    return o;
}

/* A stamp at s: "[00:01:23]" or, as Markdown escapes it in a plain
 * text file, "\[00:01:23\]"; its length or 0. */
static size_t stamp_at(const char *s, double *time_s)
{
    if (s[0] != '\\')
        return pc_label_stamp(s, false, time_s);
    size_t i = 2, n;
    if (s[1] != '[' || !(n = pc_label_time(s + i, time_s)))
        return 0;
    return s[i + n] == '\\' && s[i + n + 1] == ']' ? i + n + 2 : 0;
}

/* Does the stamp s[0..k) give hours ("[1:02:03]", not "[10:30]")? A
 * range's first time decides. */
static bool stamp_has_hours(const char *s, size_t k)
{
    size_t colons = 0;
    for (size_t i = 0; i < k && colons < 2; i++) {
        if (s[i] == ':')
            colons++;
        else if (s[i] != ' ' && s[i] != '[' && s[i] != '\\' && s[i] != '.' && s[i] != ',' &&
                 (s[i] < '0' || s[i] > '9'))
            break;
    }
    return colons == 2;
}

/* How far after the doc's latest stamp one without hours inside the
 * words may be and still be a marker: a tool marks a long turn every
 * minute or so; "[10:30]" further on is a time the words give. */
#define MARKER_GAP_S 300.0

bool pc_doc_stamp_is_marker(const pc_doc *d, const char *s, size_t k, double ts)
{
    bool hours = stamp_has_hours(s, k);
    if (hours)
        return true;
    return d->stamp_last_s >= 0 && !d->stamp_hours && ts >= d->stamp_last_s &&
           ts - d->stamp_last_s <= MARKER_GAP_S;
}

void pc_doc_note_stamp(pc_doc *d, const char *s, size_t k, double ts)
{
    if (ts >= d->stamp_last_s) {
        d->stamp_last_s = ts;
        d->stamp_hours = stamp_has_hours(s, k);
    }
}

/* Is t[0..o) (blanks after it aside) a name as names are written, and
 * all there is before a stamp? */
static bool name_before(const char *t, size_t o)
{
    while (o && t[o - 1] == ' ')
        o--;
    return o && pc_label_name_shape(t, o, true) && pc_label_title_case(t, o);
}

/* Copies text[0..n) into the arena without its time stamps (the first
 * that opens the line or comes just before or after a label's colon
 * sets *stamped and goes to *time_s if that is unset; one inside the
 * words goes when it is a marker, pc_doc_stamp_is_marker; one after a
 * name that opens the line becomes a label's colon), control characters
 * as spaces, white space squeezed. NULL on ENOMEM. */
static char *clean_text(pc_doc *d, const char *text, size_t n, double *time_s, bool *stamped)
{
    char *t = pc_arena_strndup(d->arena, text, n);
    if (!t)
        return NULL;
    size_t o = 0;
    bool opening = true, seen = false; /* seen: a stamp earlier in the line */
    for (size_t i = 0; i < n;) {
        double ts;
        size_t k = (text[i] == '[' || text[i] == '\\') ? stamp_at(text + i, &ts) : 0;
        size_t c = i + k;
        while (k && c < n && text[c] == ' ')
            c++;
        bool named = k && c < n && text[c] == ':'; /* "Name [00:01:23]: words" */
        /* "Name: [00:01:23] words" */
        bool after = k && o && (t[o - 1] == ':' || (o >= 2 && t[o - 1] == ' ' && t[o - 2] == ':'));
        bool marks = opening || named || after;
        bool marker = k && !marks && pc_doc_stamp_is_marker(d, text + i, k, ts);
        if (marker && !seen && c < n && name_before(t, o)) {
            /* "Dana Wu [00:00:03] Welcome back." (Trint): a label, as
             * "Dana Wu: ..." is, counted as plain labels are */
            while (o && t[o - 1] == ' ')
                o--;
            t[o++] = ':';
            t[o++] = ' ';
            if (*time_s < 0)
                *time_s = ts;
            pc_doc_note_stamp(d, text + i, k, ts);
            seen = true;
            i += k;
            continue;
        }
        seen = seen || k;
        if (k && (marks || marker)) {
            *stamped = *stamped || marks;
            if (marks && *time_s < 0)
                *time_s = ts;
            pc_doc_note_stamp(d, text + i, k, ts);
            /* "at [1:02:03]. Fine." reads "at. Fine." */
            bool tight = named || (c < n && text[c] && strchr(".,;!?", text[c]));
            if (tight)
                while (o && t[o - 1] == ' ')
                    o--;
            else
                t[o++] = ' ';
            i += tight && !named ? c - i : k;
            continue;
        }
        unsigned char ch = (unsigned char)text[i++];
        if (ch != ' ' && ch != '\t')
            opening = false;
        t[o++] = (ch < 0x20 || ch == 0x7F) ? ' ' : (char)ch;
    }
    pc_text_squeeze(t, o);
    return t;
}

static const char *const sound_words[] = {
    "laugh", "laughs", "laughing", "laughter", "chuckle", "chuckles", "chuckling", "giggles",
    "giggling", "sigh", "sighs", "sighing", "cough", "coughs", "coughing", "applause", "music",
    "inaudible", "unintelligible", "indistinct", "crosstalk", "cross-talk", "silence", "pause",
    "clears", "sniffs", "groans", "gasps", "cheering", "cheers", "beep", "static", "noise",
    "background", "upbeat", "soft", "whispers", "whispering", "singing", "sings", "applauding",
    "claps", "clapping", "phone", "ringing", "door", "knocking", "footsteps", "audio", "video",
    "sound", "sounds", "theme", "jingle", "intro", "outro", "break", "ad", "ads", "overlapping",
    "soundbite"};

bool pc_text_sound_word(const char *w, size_t n)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof sound_words / sizeof *sound_words; i++)
        if (!strcmp(low, sound_words[i]))
            return true;
    return false;
}

/* Sound notes in Han text: （笑） 【掌聲】 (笑い). */
static const char *const han_sounds[] = {"笑", "笑聲", "笑声", "大笑", "笑い", "掌聲", "掌声", "鼓掌", "拍手",
                                         "音樂", "音乐", "停頓", "停顿", "咳嗽", "嘆氣", "叹气", "聽不清",
                                         "听不清", "靜默", "静默"};

/* A note in full-width brackets at s[0..n) that is a Han sound word
 * （笑）, or one in ASCII brackets ((笑)): its length, 0 if none. */
static size_t han_sound_note(const char *s, size_t n)
{
    static const char *const pairs[][2] = {{"（", "）"}, {"【", "】"}, {"(", ")"}, {"[", "]"}};
    for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
        size_t lo = strlen(pairs[p][0]), lc = strlen(pairs[p][1]);
        if (n < lo || memcmp(s, pairs[p][0], lo))
            continue;
        for (size_t w = 0; w < sizeof han_sounds / sizeof *han_sounds; w++) {
            size_t l = strlen(han_sounds[w]);
            if (lo + l + lc <= n && !memcmp(s + lo, han_sounds[w], l) && !memcmp(s + lo + l, pairs[p][1], lc))
                return lo + l + lc;
        }
    }
    return 0;
}

/* The length of a sound note at s[0..n): "[...]" (any, when any_bracket;
 * else as "(...)") or "(sound ...)" on one line, at most 80 bytes,
 * nothing nested, or a Han one (han_sound_note); 0 if none. */
static size_t sound_note(const char *s, size_t n, bool any_bracket)
{
    size_t han = han_sound_note(s, n);
    if (han || (s[0] != '[' && s[0] != '('))
        return han;
    char close = s[0] == '[' ? ']' : ')';
    size_t i = 1;
    for (; i < n && i <= 80 && s[i] != close; i++)
        if (s[i] == '[' || s[i] == '(' || s[i] == '\n' || s[i] == '\\')
            return 0;
    if (i >= n || i > 80 || s[i] != close || i == 1)
        return 0;
    if (close == ']') {
        double t;
        size_t k = i + 1;
        while (k < n && s[k] == ' ')
            k++;
        if (k < n && s[k] == ':')
            return 0; /* "[SPEAKER_00]: text" names who speaks */
        if (pc_label_stamp(s, false, &t))
            return 0; /* a time stamp stays */
        if (any_bracket)
            return i + 1;
    }
    size_t w = 1;
    while (w < i && s[w] == ' ')
        w++;
    size_t e = w;
    while (e < i && s[e] != ' ' && s[e] != ',' && s[e] != '.')
        e++;
    return pc_text_sound_word(s + w, e - w) ? i + 1 : 0;
}

size_t pc_text_drop_notes(char *s, size_t n, bool any_bracket)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = !(i && s[i - 1] == '\\') ? sound_note(s + i, n - i, any_bracket) : 0;
        if (!k && (unsigned char)s[i] == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x99 &&
            ((unsigned char)s[i + 2] == 0xAA || (unsigned char)s[i + 2] == 0xAB))
            k = 3; /* U+266A, U+266B */
        if (!k) {
            s[o++] = s[i++];
            continue;
        }
        i += k;
        /* "Welcome (laughs)." reads "Welcome."; 真的（笑）。 真的。: Han
         * text has no blanks between words to keep apart */
        bool wide = (o && (unsigned char)s[o - 1] >= 0x80) || (i < n && (unsigned char)s[i] >= 0x80);
        if (i < n && strchr(".,!?;:", s[i]) && s[i])
            while (o && (s[o - 1] == ' ' || s[o - 1] == '\t'))
                o--;
        else if (!wide && o && s[o - 1] != ' ' && i < n && s[i] != ' ')
            s[o++] = ' ';
    }
    s[o] = '\0';
    return o;
}

/* The line before the one being added: the block's last, or the last
 * block's last; NULL at the start. */
static pc_line *line_before(pc_doc *d)
{
    if (d->pending_count)
        return &d->pending[d->pending_count - 1];
    if (!d->block_count)
        return NULL;
    const pc_block *b = &d->blocks[d->block_count - 1];
    return b->line_count ? &b->lines[b->line_count - 1] : NULL;
}

/* A line that made its label of a name and a time alone is no label
 * after all: it is its words again. */
static void unlabel_timed(pc_line *l)
{
    l->text = l->timed;
    l->label = NULL;
    l->time_s = -1;
}

bool pc_doc_line(pc_doc *d, const char *text, size_t n, const char *label, unsigned long line,
                 unsigned long column, double time_s)
{
    if (!pc_grow((void **)&d->pending, &d->pending_cap, d->pending_count, sizeof *d->pending))
        return false;
    size_t name_len, name_off = 0;
    double t;
    char *timed = NULL;
    if (!label && (pc_label_name_time_line(text, n, &name_len, &t) ||
                   pc_label_time_name_line(text, n, &name_off, &name_len, &t))) {
        /* "Name  0:05" or "00:00:05 Name" alone on a line: a transcription
         * tool's label */
        if (!(label = pc_arena_strndup(d->arena, text + name_off, name_len)) ||
            !(timed = pc_arena_strndup(d->arena, text, n)))
            return false;
        pc_text_squeeze((char *)label, name_len);
        for (size_t i = 0; timed[i]; i++)
            if ((unsigned char)timed[i] < 0x20 || timed[i] == 0x7F)
                timed[i] = ' ';
        pc_text_squeeze(timed, n);
        pc_line *before = line_before(d);
        if (before && before->timed) { /* "Intro (00:00)" then "Rivers (04:12)": a list */
            if (before->label)
                unlabel_timed(before);
            label = NULL;
        } else {
            n = 0;
            time_s = t;
        }
    }
    bool stamped = false;
    char *clean = timed && !label ? timed : clean_text(d, text, n, &time_s, &stamped);
    if (!clean)
        return false;
    /* "So how was it? (laughs) Tell me." and （笑） are not read */
    pc_text_squeeze(clean, pc_text_drop_notes(clean, strlen(clean), false));
    pc_line *l = &d->pending[d->pending_count++];
    l->text = clean;
    l->label = label;
    l->line = line;
    l->column = column;
    l->time_s = time_s;
    l->stamped = stamped;
    l->candidate = NULL;
    l->candidate_len = 0;
    l->timed = timed;
    return true;
}

void pc_doc_line_stamp(pc_doc *d, double time_s)
{
    if (!d->pending_count)
        return;
    pc_line *l = &d->pending[d->pending_count - 1];
    l->stamped = true;
    if (l->time_s < 0)
        l->time_s = time_s;
    if (time_s >= d->stamp_last_s)
        d->stamp_last_s = time_s; /* written as it was: stamp_hours stays */
}

void pc_doc_line_candidate(pc_doc *d, const char *name, bool in_text)
{
    if (!d->pending_count)
        return;
    pc_line *l = &d->pending[d->pending_count - 1];
    const char *colon = in_text ? strchr(l->text, ':') : NULL;
    if (in_text && !colon)
        return;
    l->candidate = name;
    l->candidate_len = 0;
    if (colon) {
        for (colon++; *colon == ' ';)
            colon++;
        l->candidate_len = (size_t)(colon - l->text);
    }
}

void pc_doc_discard(pc_doc *d) { d->pending_count = 0; }

bool pc_doc_end_block(pc_doc *d, pc_block_kind kind, int level, bool list_item, bool quote,
                      unsigned long line)
{
    size_t o = 0;
    for (size_t i = 0; i < d->pending_count; i++)
        if (d->pending[i].label || *d->pending[i].text)
            d->pending[o++] = d->pending[i];
    if (o == 0 && kind == PC_BLOCK_HEADING && d->pending_count > 0)
        o = 1; /* an empty heading still starts a section */
    d->pending_count = 0;
    if (o == 0)
        return true;
    if (!pc_grow((void **)&d->blocks, &d->block_cap, d->block_count, sizeof *d->blocks))
        return false;
    size_t bytes;
    if (!pc_size_mul(o, sizeof *d->pending, &bytes))
        return false;
    pc_line *lines = pc_arena_alloc(d->arena, bytes);
    if (!lines)
        return false;
    memcpy(lines, d->pending, bytes);
    pc_block *b = &d->blocks[d->block_count++];
    b->kind = kind;
    b->level = level;
    b->list_item = list_item;
    b->quote = quote;
    b->lines = lines;
    b->line_count = o;
    b->line = line;
    return true;
}

size_t pc_text_entity(const char *s, unsigned *cp)
{
    static const struct {
        const char *name;
        unsigned cp;
    } ents[] = {{"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
                {"apos", '\''},     {"nbsp", ' '},       {"mdash", 0x2014},   {"ndash", 0x2013},
                {"hellip", 0x2026}, {"rsquo", 0x2019},   {"lsquo", 0x2018},   {"rdquo", 0x201D},
                {"ldquo", 0x201C},  {"copy", 0xA9},      {"lrm", 0x200E},     {"rlm", 0x200F}};
    /* look no further than a reference can reach: "&&&&..." stays linear */
    const char *semi = memchr(s, ';', strnlen(s, 12));
    size_t n = semi ? (size_t)(semi - s) : 0;
    unsigned v = 0;
    if (s[0] != '&' || !semi || n > 10)
        return 0;
    if (s[1] == '#') {
        char *end;
        unsigned long u = (s[2] == 'x' || s[2] == 'X') ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
        if (end == semi && u > 0 && u <= 0x10FFFF)
            v = (unsigned)u;
    } else {
        for (size_t i = 0; i < sizeof ents / sizeof *ents; i++)
            if (strlen(ents[i].name) == n - 1 && !strncmp(s + 1, ents[i].name, n - 1))
                v = ents[i].cp;
    }
    if (!v)
        return 0;
    if (v < 0x20 || v == 0x7F)
        v = ' ';
    else if (v >= 0xD800 && v <= 0xDFFF)
        v = 0xFFFD; /* a lone surrogate is no character */
    *cp = v;
    return n + 1;
}

char *pc_text_decode_refs(const char *s, size_t n)
{
    pc_buf b = {0};
    bool ok = true;
    for (size_t i = 0; i < n && ok;) {
        unsigned cp;
        size_t el = s[i] == '&' ? pc_text_entity(s + i, &cp) : 0;
        if (el && el <= n - i) {
            ok = pc_buf_put_cp(&b, cp);
            i += el;
        } else {
            ok = pc_buf_putc(&b, s[i++]);
        }
    }
    if (!ok || !pc_buf_putc(&b, '\0')) {
        pc_buf_free(&b);
        return NULL;
    }
    return pc_buf_take(&b);
}
