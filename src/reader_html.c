/* reader_html: an HTML transcript, e.g. one turn per
 *   <cite>Name:</cite> <time>0:00</time> <p>text</p>
 * (or <strong>Name:</strong>, or <strong>Name</strong>:, opening a
 * paragraph; or <dt>Name</dt><dd>text</dd> where a name comes back; or
 * <span class="speaker">Name</span> <span class="timestamp">[0:00]</span>;
 * or a table whose header row has a Speaker column, and perhaps a Time
 * one: a turn per row). A small tag scanner,
 * not a browser: headings h1-h6, paragraph-like elements and <br> give
 * the structure, table cells are words apart; <title>, <script>, <style>
 * and comments are skipped;
 * other tags are dropped with their text kept; character references are
 * decoded. A tag or comment that never closes is an error at its
 * FILE:LINE:COL. */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "labels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum mode { M_TEXT, M_LABEL, M_TIME, M_BOLD };

typedef struct scan {
    pc_doc *doc;
    const pc_source *src;
    pc_buf text;            /* the line being read */
    bool text_blank;        /* text holds only white space (kept, not
                               recomputed: a run of blanks stays linear) */
    pc_buf aside;           /* what a <cite>, <time> or <b> holds */
    enum mode mode;
    const char *label;      /* a label waiting for its text (arena) */
    double time_s;          /* a time waiting for its text, or -1 */
    unsigned long line;     /* the current line of the file */
    unsigned long text_line;/* where the line being read started */
    unsigned long block_line;
    bool block_open;
    int heading;            /* inside <hN>: N */
    bool colon_after;       /* the bold just closed has its colon after it */
    bool dt_labels;         /* this <dl>'s <dt> hold speakers' names */
    bool inline_aside;      /* the aside opened inside the words (a <time> or
                               <cite> there is words, or a tool's marker) */
    char aside_tag[12];     /* the element whose class opened the aside
                               (<span class="speaker">): its end tag ends it */
    /* a table whose header row names a Speaker column: its rows are turns */
    int cell;               /* the cell being read in this row, -1: none yet */
    int head_speaker, head_time; /* their header cells seen in this row, -1: none */
    int speaker_col, time_col;   /* this table's, -1: not a transcript table */
    bool header_row;        /* the row being read may be the table's header */
    size_t cell_start;      /* where the cell's text starts in text */
    bool nomem;
} scan;

static void end_line(scan *s)
{
    if (s->text_blank)
        return; /* a label waits for its text */
    if (!s->block_open) {
        s->block_open = true;
        s->block_line = s->text_line;
    }
    size_t a = 0, n = s->text.len; /* the source's line breaks around the words are no words */
    while (a < n && strchr(" \t\r\n", s->text.data[a]))
        a++;
    while (n > a && strchr(" \t\r\n", s->text.data[n - 1]))
        n--;
    if (!pc_doc_line(s->doc, s->text.data + a, n - a, s->label, s->text_line, 0, s->time_s))
        s->nomem = true;
    pc_buf_clear(&s->text);
    s->text_blank = true;
    s->label = NULL;
    s->time_s = -1;
}

static void end_block(scan *s, int heading)
{
    end_line(s);
    if (s->block_open && !pc_doc_end_block(s->doc, heading ? PC_BLOCK_HEADING : PC_BLOCK_PARA,
                                           heading, false, false, s->block_line))
        s->nomem = true;
    s->block_open = false;
}

static void put(scan *s, const char *p, size_t n)
{
    pc_buf *b = s->mode == M_TEXT ? &s->text : &s->aside;
    if (b == &s->text && s->text_blank) {
        s->text_line = s->line;
        for (size_t i = 0; i < n; i++)
            if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
                s->text_blank = false;
    }
    if (!pc_buf_append(b, p, n))
        s->nomem = true;
}

/* The aside read as a label (`Name:`, colon optional in <cite>); NULL
 * when it is not one. */
static const char *aside_label(scan *s, bool need_colon)
{
    size_t n = s->aside.len;
    if (!n)
        return NULL;
    char *t = pc_arena_strndup(s->doc->arena, s->aside.data, n);
    if (!t) {
        s->nomem = true;
        return NULL;
    }
    n = pc_text_squeeze(t, n);
    if (!pc_label_strip_trailing_colon(t, &n) && need_colon)
        return NULL;
    pc_label_trim_group(t, &n, &s->time_s);
    t[n] = '\0';
    return pc_label_name_shape(t, n, false) ? t : NULL;
}

static bool is_name(const char *tag, size_t n, const char *name)
{
    return strlen(name) == n && !strncasecmp(tag, name, n);
}

/* Ends a <cite>, <time> or <b> being read: its text becomes the label,
 * the time, or (bold that is no label) text again. Also where its end
 * tag is missing and a block, a line break or the file's end comes: an
 * unclosed <cite> swallowed the rest of the file. */
static void close_aside(scan *s)
{
    enum mode m = s->mode;
    if (m == M_TEXT)
        return;
    s->mode = M_TEXT;
    if (!pc_buf_putc(&s->aside, '\0'))
        s->nomem = true;
    s->aside.len--;
    bool in_words = s->inline_aside;
    s->inline_aside = false;
    if (m == M_TIME) {
        const char *t = s->aside.data;
        while (*t == ' ' || *t == '\n' || *t == '\t')
            t++;
        double ts;
        size_t k = pc_label_time(t, &ts);
        k = k ? k : pc_label_stamp(t, true, &ts); /* "[00:00:01]" */
        bool whole = k && !t[k + strspn(t + k, " \t\r\n")];
        if (!whole || (in_words && !pc_doc_stamp_is_marker(s->doc, t, k, ts))) {
            /* "we met at <time>10:30</time>", <span class="timeline">: words */
            put(s, s->aside.data, s->aside.len);
            return;
        }
        pc_doc_note_stamp(s->doc, t, k, ts);
        if (!in_words)
            s->time_s = ts;
    } else {
        double before_s = s->time_s;
        const char *l = aside_label(s, in_words || (m == M_BOLD && !s->colon_after));
        s->colon_after = false;
        if (l && in_words) { /* "... words. <cite>Sam Lee:</cite> more": a new line */
            double label_s = s->time_s;
            s->time_s = before_s;
            end_line(s);
            s->time_s = label_s;
        }
        if (l)
            s->label = l;
        else
            put(s, s->aside.data, s->aside.len); /* bold text or a work's title, not a label */
    }
}

/* Does the class attribute cls[0..k) have a word containing w? */
static bool class_has(const char *cls, size_t k, const char *w)
{
    size_t wn = strlen(w);
    for (size_t i = 0; i + wn <= k; i++)
        if (!strncasecmp(cls + i, w, wn))
            return true;
    return false;
}

/* Is w one of the words of the class attribute cls[0..k)? */
static bool class_word(const char *cls, size_t k, const char *w)
{
    size_t wn = strlen(w);
    for (size_t i = 0; i + wn <= k; i++)
        if ((i == 0 || cls[i - 1] == ' ') && !strncasecmp(cls + i, w, wn) && (i + wn == k || cls[i + wn] == ' '))
            return true;
    return false;
}

/* Starts reading what an element holds aside: a label (M_LABEL) or a
 * time (M_TIME) that ends with the element (name[0..n)). */
static void open_aside(scan *s, enum mode m, const char *name, size_t n)
{
    close_aside(s);
    s->inline_aside = m == M_TIME && !s->text_blank;
    if (!s->inline_aside)
        end_line(s);
    pc_buf_clear(&s->aside);
    s->mode = m;
    size_t k = n < sizeof s->aside_tag - 1 ? n : sizeof s->aside_tag - 1;
    memcpy(s->aside_tag, name, k);
    s->aside_tag[k] = '\0';
}

/* A table cell's start (close false) or end: in a table whose header
 * row names a Speaker column (and a Time one), the cells of those
 * columns give each row's label and time; true when the cell was taken
 * so. */
static bool table_cell(scan *s, const char *name, size_t n, bool close)
{
    if (!close) {
        s->cell++;
        s->cell_start = s->text.len;
        if (s->cell == s->speaker_col || s->cell == s->time_col) {
            open_aside(s, s->cell == s->speaker_col ? M_LABEL : M_TIME, name, n);
            return true;
        }
        return false;
    }
    if (s->header_row && s->cell >= 0 && s->cell_start <= s->text.len) {
        char h[16];
        size_t k = s->text.len - s->cell_start, b = 0;
        while (b < k && s->text.data[s->cell_start + b] == ' ')
            b++;
        k = k - b < sizeof h - 1 ? k - b : sizeof h - 1;
        memcpy(h, s->text.data + s->cell_start + b, k);
        while (k && (h[k - 1] == ' ' || h[k - 1] == '\n'))
            k--;
        h[k] = '\0';
        if (!strcasecmp(h, "speaker") || !strcasecmp(h, "name"))
            s->head_speaker = s->cell;
        else if (!strcasecmp(h, "time") || !strcasecmp(h, "timestamp") || !strcasecmp(h, "start"))
            s->head_time = s->cell;
    }
    return false;
}

/* A <tr> (or </tr>, or the table's end): a header row naming a Speaker
 * column makes the table a transcript, and is not read. */
static void table_row(scan *s)
{
    if (s->header_row && s->head_speaker >= 0) {
        s->speaker_col = s->head_speaker;
        s->time_col = s->head_time;
        pc_buf_clear(&s->text);
        s->text_blank = true;
    }
    s->header_row = s->header_row && s->cell < 0; /* a row of no cells yet (<tr> after <table>) */
    s->cell = -1;
    s->head_speaker = s->head_time = -1;
}

/* A tag's effect; name[0..n) is its name, close a </tag>; cls[0..k) its
 * class attribute (k 0: none). */
static void tag(scan *s, const char *name, size_t n, bool close, const char *cls, size_t k)
{
    if (close && s->mode != M_TEXT && s->aside_tag[0] && is_name(name, n, s->aside_tag)) {
        close_aside(s); /* </span> of <span class="speaker">; a </p> goes on to end its block */
        s->aside_tag[0] = '\0';
    }
    if (!close && k && s->mode == M_TEXT && (class_has(cls, k, "speaker") || class_has(cls, k, "time") ||
                                             class_word(cls, k, "ts"))) {
        open_aside(s, class_has(cls, k, "speaker") ? M_LABEL : M_TIME, name, n);
        return;
    }
    if (is_name(name, n, "table")) {
        table_row(s);
        s->header_row = !close;
        s->speaker_col = s->time_col = -1;
    } else if (is_name(name, n, "tr")) {
        table_row(s);
    } else if ((is_name(name, n, "td") || is_name(name, n, "th")) && table_cell(s, name, n, close)) {
        return;
    }
    static const char *const blocks[] = {"p", "div", "li", "blockquote", "section", "article",
                                         "dd", "dt", "tr", "ul", "ol", "table", "main", "body"};
    if (n == 2 && (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6') {
        close_aside(s);
        end_block(s, close ? s->heading : 0);
        s->heading = close ? 0 : name[1] - '0';
        return;
    }
    if (is_name(name, n, "cite") || is_name(name, n, "time") ||
        ((is_name(name, n, "strong") || is_name(name, n, "b")) && (close ? s->mode == M_BOLD
                                                                          : s->text_blank && s->mode == M_TEXT))) {
        if (!close) {
            close_aside(s);
            bool bold = is_name(name, n, "strong") || is_name(name, n, "b");
            s->inline_aside = !bold && !s->text_blank; /* decided at its end */
            if (!bold && !s->inline_aside)
                end_line(s);
            pc_buf_clear(&s->aside);
            s->mode = is_name(name, n, "cite") ? M_LABEL : is_name(name, n, "time") ? M_TIME : M_BOLD;
            return;
        }
        close_aside(s);
        return;
    }
    if (s->dt_labels && is_name(name, n, "dt")) { /* <dt>Name</dt><dd>words</dd> */
        close_aside(s);
        if (!close) {
            end_block(s, 0);
            pc_buf_clear(&s->aside);
            s->mode = M_LABEL;
        }
        return;
    }
    if (is_name(name, n, "br")) {
        close_aside(s);
        end_line(s);
        return;
    }
    if (is_name(name, n, "td") || is_name(name, n, "th")) {
        close_aside(s);
        put(s, " ", 1); /* cells are words apart */
        return;
    }
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (is_name(name, n, blocks[i])) {
            close_aside(s);
            end_block(s, 0);
            return;
        }
}

/* After a bold's end tag at p: "<b>Name</b>: " or "<b>Name</b>
 * (00:01:05): ", the colon outside the bold, as many transcripts set
 * it. Returns the bytes up to and past the colon (0: none); a time group
 * on the way joins the aside, where aside_label takes it. */
static size_t colon_after(scan *s, const char *p, const char *end)
{
    const char *q = p;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    const char *group = q;
    if (q < end && (*q == '(' || *q == '[')) {
        const char *shut = memchr(q, *q == '(' ? ')' : ']', (size_t)(end - q) < 32 ? (size_t)(end - q) : 32);
        char time[32];
        double t;
        if (!shut || (size_t)(shut - q) >= sizeof time)
            return 0;
        memcpy(time, q + 1, (size_t)(shut - q - 1));
        time[shut - q - 1] = '\0';
        if (pc_label_time(time, &t) != (size_t)(shut - q - 1))
            return 0;
        for (q = shut + 1; q < end && (*q == ' ' || *q == '\t'); q++)
            ;
    }
    size_t colon = q < end && *q == ':' ? 1 : end - q >= 3 && !memcmp(q, "\xef\xbc\x9a", 3) ? 3 : 0;
    if (!colon)
        return 0;
    if (group < q && (!pc_buf_putc(&s->aside, ' ') || !pc_buf_append(&s->aside, group, (size_t)(q - group))))
        s->nomem = true;
    return (size_t)(q + colon - p);
}

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Case-insensitive search for needle in [p, end). */
static const char *find_ci(const char *p, const char *end, const char *needle)
{
    size_t k = strlen(needle);
    for (; p + k <= end; p++)
        if (!strncasecmp(p, needle, k))
            return p;
    return NULL;
}

/* The <dl> that hold a conversation, <dt> the speaker's name and <dd>
 * the words: those where some <dt>'s text comes back (a glossary's
 * terms do not). One pass over body[0..n), linear whatever it holds:
 * each <dt>'s text (outside tags, blanks and colons left out) is
 * hashed up to its </dt>, <dd> or the next <dt>/<dl>, and compared with
 * the list's first DT_NAMES. Sets *out (malloc'd, the caller frees) to
 * the offsets of those lists' '<', in order; false on ENOMEM. */
enum { DT_NAMES = 64 };

typedef struct dl_scan {
    uint64_t names[DT_NAMES];
    size_t count;
    bool again;         /* a name came back */
    bool in_dt;
    uint64_t hash;      /* of the <dt> being read */
    size_t start;       /* the list's '<' */
} dl_scan;

static void dt_end(dl_scan *d)
{
    if (!d->in_dt)
        return;
    d->in_dt = false;
    if (d->hash == 14695981039346656037u)
        return; /* no text */
    for (size_t i = 0; i < d->count && !d->again; i++)
        d->again = d->names[i] == d->hash;
    if (d->count < DT_NAMES)
        d->names[d->count++] = d->hash;
}

static bool dl_end(dl_scan *d, size_t **out, size_t *count, size_t *cap)
{
    dt_end(d);
    bool ok = !d->again || pc_grow((void **)out, cap, *count, sizeof **out);
    if (ok && d->again)
        (*out)[(*count)++] = d->start;
    d->count = 0;
    d->again = false;
    d->start = SIZE_MAX;
    return ok;
}

static bool conversation_lists(const char *body, size_t n, size_t **out, size_t *count)
{
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    dl_scan d = {.start = SIZE_MAX};
    for (size_t i = 0; i < n; i++) {
        char c = body[i];
        if (c != '<') {
            if (d.in_dt && !strchr(" \t\r\n:", c))
                d.hash = (d.hash ^ (unsigned char)c) * 1099511628211u;
            continue;
        }
        bool close = i + 1 < n && body[i + 1] == '/';
        size_t k = i + 1 + close;
        bool dl = k + 2 <= n && !strncasecmp(body + k, "dl", 2) && (k + 2 == n || !is_alpha(body[k + 2]));
        bool dt = k + 2 <= n && !strncasecmp(body + k, "dt", 2) && (k + 2 == n || !is_alpha(body[k + 2]));
        bool dd = k + 2 <= n && !strncasecmp(body + k, "dd", 2) && (k + 2 == n || !is_alpha(body[k + 2]));
        if (dl || dt || dd)
            dt_end(&d);
        if (dl && d.start != SIZE_MAX && !dl_end(&d, out, count, &cap))
            return false;
        if (dl && !close)
            d.start = i;
        if (dt && !close && d.start != SIZE_MAX) {
            d.in_dt = true;
            d.hash = 14695981039346656037u;
        }
        /* the tag itself is no text: to its '>' (a '<' in it starts over) */
        while (i + 1 < n && body[i + 1] != '>' && body[i + 1] != '<')
            i++;
        if (i + 1 < n && body[i + 1] == '>')
            i++;
    }
    return d.start == SIZE_MAX || dl_end(&d, out, count, &cap);
}

static void count_lines(scan *s, const char *p, const char *e)
{
    for (; p < e; p++)
        s->line += *p == '\n';
}

static pcast_status read_html(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    scan s = {.doc = doc, .src = src, .line = src->body_line, .time_s = -1, .text_blank = true,
              .cell = -1, .head_speaker = -1, .head_time = -1, .speaker_col = -1, .time_col = -1};
    const char *p = src->body, *end = src->body + src->body_size;
    const char *bad = NULL, *why = NULL;
    size_t *dl_at, dl_count, next_dl = 0;
    if (!conversation_lists(src->body, src->body_size, &dl_at, &dl_count)) {
        free(dl_at);
        return pc_error_nomem(err);
    }
    while (p < end && !s.nomem && !bad) {
        if (*p == '<' && p + 1 < end && (p[1] == '!' || p[1] == '/' || is_alpha(p[1]))) {
            const char *skip_to = NULL;
            if (!strncmp(p, "<!--", 4))
                skip_to = "-->";
            const char *q = p + 1 + (p[1] == '/');
            const char *name = q;
            while (q < end && (is_alpha(*q) || (*q >= '0' && *q <= '9')))
                q++;
            size_t n = (size_t)(q - name);
            char quote = 0;
            for (; q < end && (quote || *q != '>'); q++)
                quote = quote ? (*q == quote ? 0 : quote) : (*q == '"' || *q == '\'') ? *q : 0;
            if (!skip_to && q >= end) {
                bad = p;
                why = "a tag opened here is never closed ('>')";
                break;
            }
            bool close = p[1] == '/';
            /* not <head> as a whole: HTML lets its end tag go unwritten,
             * and what it holds that has text is skipped here anyway */
            if (!close && (is_name(name, n, "script") || is_name(name, n, "style") ||
                           is_name(name, n, "title")))
                skip_to = is_name(name, n, "script") ? "</script" : is_name(name, n, "style") ? "</style"
                                                                                          : "</title";
            if (skip_to) {
                const char *e = find_ci(p + 1, end, skip_to);
                if (!e && !strcmp(skip_to, "-->")) {
                    bad = p;
                    why = "a comment opened here is never closed ('-->')";
                    break;
                }
                e = e ? e : end;
                count_lines(&s, p, e);
                p = e + (!strcmp(skip_to, "-->") ? 3 : 0);
                continue;
            }
            count_lines(&s, p, q);
            if (is_name(name, n, "dl")) { /* each list decides for itself */
                size_t at = (size_t)(p - src->body);
                while (next_dl < dl_count && dl_at[next_dl] < at)
                    next_dl++;
                s.dt_labels = !close && next_dl < dl_count && dl_at[next_dl] == at;
            }
            size_t skip = 0;
            /* the colon after a bold, a <cite> or a speaker's span: "<span
             * class="speaker">Name</span>: words" */
            bool label_end = s.mode == M_LABEL && (is_name(name, n, "cite") || (s.aside_tag[0] && is_name(name, n, s.aside_tag)));
            if (close && ((s.mode == M_BOLD && (is_name(name, n, "strong") || is_name(name, n, "b"))) || label_end) &&
                (skip = colon_after(&s, q + 1, end)))
                s.colon_after = true;
            const char *cls = NULL;
            size_t cls_len = 0;
            for (const char *c = name + n; !close && c + 7 < q && !cls; c++)
                if ((c[-1] == ' ' || c[-1] == '\t' || c[-1] == '\n') && !strncasecmp(c, "class=", 6) &&
                    (c[6] == '"' || c[6] == '\'')) {
                    const char *e = memchr(c + 7, c[6], (size_t)(q - c - 7));
                    cls = c + 7;
                    cls_len = e ? (size_t)(e - cls) : 0;
                }
            if (n)
                tag(&s, name, n, close, cls, cls_len);
            p = q + 1 + skip;
            continue;
        }
        unsigned cp;
        size_t el = *p == '&' ? pc_text_entity(p, &cp) : 0;
        if (el) {
            pc_buf b = {0};
            if (!pc_buf_put_cp(&b, cp))
                s.nomem = true;
            else
                put(&s, b.data, b.len);
            pc_buf_free(&b);
            p += el;
            continue;
        }
        if (*p == '\n')
            s.line++;
        put(&s, p, 1);
        p++;
    }
    pcast_status st = PCAST_OK;
    if (bad) {
        unsigned long line, col;
        pc_body_position(src, (size_t)(bad - src->body), &line, &col);
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, "%s", why);
    } else {
        close_aside(&s);
        end_block(&s, s.heading);
    }
    if (s.nomem && st == PCAST_OK)
        st = pc_error_nomem(err);
    pc_buf_free(&s.text);
    pc_buf_free(&s.aside);
    free(dl_at);
    return st;
}

static int sniff_html(const char *body, size_t n)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", body[i]))
        i++;
    const char *p = body + i;
    size_t left = n - i;
    if ((left >= 9 && !strncasecmp(p, "<!doctype", 9)) || (left >= 5 && !strncasecmp(p, "<html", 5)))
        return 80;
    return left >= 6 && !strncasecmp(p, "<cite>", 6) ? 60 : 0;
}

static const char *const html_extensions[] = {".html", ".htm", ".xhtml", NULL};

const pc_reader pc_reader_html = {
    .name = "html",
    .extensions = html_extensions,
    .sniff = sniff_html,
    .read = read_html,
};
