/* reader_ass: SubStation Alpha captions (.ass, Advanced SSA v4+, and
 * .ssa v4), as Aegisub and fansub tools write them:
 *   [Script Info] ... [V4+ Styles] ...
 *   [Events]
 *   Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
 *   Dialogue: 0,0:00:01.00,0:00:03.50,Default,Dana Wu,0,0,0,,Welcome {\i1}back{\i0}.\Nmore
 * Each Dialogue line (in the order of their starts; one repeated on
 * another layer at the same start said once) is a caption piece
 * (captions.h) said by its Name (the actor), else by whoever spoke;
 * override and comment blocks {...} go, \N and \n break a line, \h is a
 * blank. Comment lines and the other sections are not read. A Dialogue
 * line with fewer fields than its Format, or a time that is none, is an
 * error at FILE:LINE:COL. */
#include "reader.h"

#include "captions_blocks.h"
#include "error.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { F_START, F_END, F_NAME, F_TEXT, F_COUNT };

/* One Dialogue line, for sorting by start. */
typedef struct event {
    double start_s, end_s;
    size_t seq;              /* its place in the file */
    size_t name, name_len;   /* offsets in the body of its Name field */
    size_t text, text_len;   /* ... and of its Text */
    unsigned long line;
} event;

static int by_start(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->start_s != y->start_s)
        return x->start_s < y->start_s ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The index of each field this reader needs in a "Format:" line's list
 * l[0..n) (-1: absent); Text is the last field whatever its place. */
static void read_format(const char *l, size_t n, int *index, int *count)
{
    static const char *const names[F_COUNT] = {"Start", "End", "Name", "Text"};
    for (int f = 0; f < F_COUNT; f++)
        index[f] = -1;
    int k = 0;
    for (size_t i = 0; i <= n; k++) {
        size_t e = i;
        while (e < n && l[e] != ',')
            e++;
        size_t a = i, b = e;
        while (a < b && (l[a] == ' ' || l[a] == '\t'))
            a++;
        while (b > a && (l[b - 1] == ' ' || l[b - 1] == '\t'))
            b--;
        for (int f = 0; f < F_COUNT; f++)
            if (b - a == strlen(names[f]) && !strncasecmp(l + a, names[f], b - a))
                index[f] = k;
        if (b - a == 5 && !strncasecmp(l + a, "Actor", 5)) /* SSA's older name for Name */
            index[F_NAME] = k;
        i = e + 1;
    }
    *count = k;
}

/* Does l[0..n) open with word (case as written) and a colon? Its
 * length past the colon and blanks, else 0. */
static size_t line_key(const char *l, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n <= k || strncmp(l, word, k) || l[k] != ':')
        return 0;
    for (k++; k < n && (l[k] == ' ' || l[k] == '\t');)
        k++;
    return k;
}

static pcast_status at(const pc_source *src, size_t off, pcast_error *err, const char *why)
{
    unsigned long line, col;
    pc_body_position(src, off, &line, &col);
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, "%s", why);
}

/* Splits the Dialogue fields v[0..n) (at body offset off) into e by the
 * format's index and count; an error at the field that is wrong. */
static pcast_status split_event(const pc_source *src, const char *v, size_t n, size_t off,
                                const int *index, int count, event *e, pcast_error *err)
{
    size_t i = 0;
    double t;
    for (int k = 0; k < count; k++) {
        size_t end = i;
        if (k < count - 1) {
            while (end < n && v[end] != ',')
                end++;
            if (end >= n)
                return at(src, off + n, err, "a Dialogue line with fewer fields than its Format line names");
        } else {
            end = n; /* the last field (Text) holds the rest, commas and all */
        }
        size_t a = i;
        while (a < end && (v[a] == ' ' || v[a] == '\t'))
            a++;
        if (k == index[F_START] || k == index[F_END]) {
            char buf[32];
            size_t len = end - a < sizeof buf - 1 ? end - a : sizeof buf - 1, tl;
            memcpy(buf, v + a, len);
            buf[len] = '\0';
            if (!(tl = pc_label_time(buf, &t)) || (buf[tl] && buf[tl] != ' '))
                return at(src, off + a, err, "not a SubStation time (0:00:01.50)");
            *(k == index[F_START] ? &e->start_s : &e->end_s) = t;
        }
        if (k == index[F_NAME]) {
            e->name = off + a;
            e->name_len = end - a;
            while (e->name_len && strchr(" \t", v[a + e->name_len - 1]))
                e->name_len--;
        }
        if (k == count - 1) {
            e->text = off + i;
            e->text_len = n - i;
        }
        i = end + 1;
    }
    return PCAST_OK;
}

/* The Text field t[0..n) as caption text into out: {...} blocks gone,
 * \N and \n line breaks, \h a blank. false on ENOMEM. */
static bool plain_text(pc_buf *out, const char *t, size_t n)
{
    pc_buf_clear(out);
    for (size_t i = 0; i < n; i++) {
        const char *close = t[i] == '{' ? memchr(t + i, '}', n - i) : NULL;
        if (close) {
            i = (size_t)(close - t);
            continue;
        }
        if (t[i] == '\\' && i + 1 < n && (t[i + 1] == 'N' || t[i + 1] == 'n' || t[i + 1] == 'h')) {
            if (!pc_buf_putc(out, t[++i] == 'h' ? ' ' : '\n'))
                return false;
            continue;
        }
        if (!pc_buf_putc(out, t[i]))
            return false;
    }
    return true;
}

/* The Dialogue lines of the [Events] section into *out (malloc'd,
 * *count of them). */
static pcast_status read_events(const pc_source *src, event **out, size_t *count, pcast_error *err)
{
    /* before a Format line: ASS's usual one */
    int index[F_COUNT] = {1, 2, 4, 9}, fields = 10;
    bool events = false;
    size_t cap = 0;
    unsigned long line = src->body_line;
    *out = NULL;
    *count = 0;
    for (size_t off = 0; off < src->body_size; line++) {
        const char *l;
        size_t start = off, n = pc_next_line(src->body, src->body_size, &off, &l), k;
        if (n && l[0] == '[') {
            events = n >= 8 && !strncasecmp(l, "[Events]", 8);
            continue;
        }
        if (events && (k = line_key(l, n, "Format")) > 0) {
            read_format(l + k, n - k, index, &fields);
            if (index[F_START] < 0 || index[F_TEXT] < 0 || index[F_TEXT] != fields - 1)
                return at(src, start + k, err, "a Format line must name Start and end with Text");
        }
        if (!events || !(k = line_key(l, n, "Dialogue")))
            continue;
        if (!pc_grow((void **)out, &cap, *count, sizeof **out))
            return pc_error_nomem(err);
        event *e = &(*out)[*count];
        *e = (event){.end_s = -1, .seq = *count, .line = line};
        pcast_status st = split_event(src, l + k, n - k, start + k, index, fields, e, err);
        if (st != PCAST_OK)
            return st;
        (*count)++;
    }
    return PCAST_OK;
}

static pcast_status read_ass(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    event *ev;
    size_t count;
    pcast_status st = read_events(src, &ev, &count, err);
    if (st == PCAST_OK && !count)
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                          "no Dialogue lines: not SubStation captions, or none in its [Events]");
    if (st != PCAST_OK) {
        free(ev);
        return st;
    }
    qsort(ev, count, sizeof *ev, by_start);
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pc_buf text = {0}, last = {0};
    double last_start_s = -1;
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        const event *e = &ev[i];
        ok = plain_text(&text, src->body + e->text, e->text_len);
        if (!ok || (e->start_s == last_start_s && text.len == last.len && !memcmp(text.data, last.data, text.len)))
            continue; /* the same words on another layer (an outline, a shadow) */
        char *who = e->name_len ? pc_arena_strndup(doc->arena, src->body + e->name, e->name_len) : NULL;
        ok = (!e->name_len || who) &&
             pc_cues_add(&cues, who, text.data, text.len, e->start_s, e->end_s, e->line, 0);
        pc_buf_clear(&last);
        ok = ok && pc_buf_append(&last, text.data, text.len);
        last_start_s = e->start_s;
    }
    ok = pc_cues_finish(&cues) && ok;
    pc_buf_free(&text);
    pc_buf_free(&last);
    free(ev);
    return ok ? PCAST_OK : pc_error_nomem(err);
}

/* "[Script Info]" first (past a byte-order mark and blank lines). */
static int sniff_ass(const char *body, size_t n)
{
    size_t i = n >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && strchr(" \t\r\n", body[i]))
        i++;
    return n - i >= 13 && !strncasecmp(body + i, "[Script Info]", 13) ? 95 : 0;
}

static const char *const ass_extensions[] = {".ass", ".ssa", NULL};

const pc_reader pc_reader_ass = {
    .name = "ass",
    .extensions = ass_extensions,
    .sniff = sniff_ass,
    .read = read_ass,
};
