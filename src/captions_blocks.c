/* captions_blocks: a caption file's cue blocks, line by line. */
#include "captions_blocks.h"

#include "error.h"

#include <string.h>

static bool has_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
            return true;
    return false;
}

size_t pc_next_line(const char *body, size_t size, size_t *off, const char **line)
{
    const char *s = body + *off;
    const char *nl = memchr(s, '\n', size - *off);
    size_t n = nl ? (size_t)(nl - s) : size - *off;
    *off += n + (nl ? 1 : 0);
    *line = s;
    if (n && s[n - 1] == '\r')
        n--;
    return n;
}

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static bool starts_word(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && !memcmp(s, w, k) && (n == k || s[k] == ' ' || s[k] == '\t');
}

static pcast_status at(const pc_source *src, pcast_error *err, size_t off, const char *why)
{
    unsigned long line, col;
    pc_body_position(src, off, &line, &col);
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, "%s", why);
}

/* Lines of the body with their numbers. */
typedef struct lines {
    const char *body;
    size_t size, off;
    unsigned long next; /* number of the line at off */
} lines;

static size_t take(lines *r, const char **l, size_t *start, unsigned long *lineno)
{
    *start = r->off;
    *lineno = r->next++;
    return pc_next_line(r->body, r->size, &r->off, l);
}

const pc_cue_format pc_cue_format_vtt = {
    .timing = pc_cue_timing,
    .marks_timing = has_arrow,
    .identifiers = true,
    .note_blocks = true,
    .rolling = true,
};

const pc_cue_format pc_cue_format_srt = {
    .timing = pc_cue_timing,
    .marks_timing = has_arrow,
    .identifiers = true,
    .numbered = true,
};

/* Is l[0..n) meant as one of f's timing lines? */
static bool marks_timing(const pc_cue_format *f, const char *l, size_t n)
{
    double t0, t1;
    size_t bad;
    const char *why;
    return f->marks_timing ? f->marks_timing(l, n) : f->timing(l, n, &t0, &t1, &bad, &why);
}

/* ... and is it one? */
static bool is_timing(const pc_cue_format *f, const char *l, size_t n)
{
    double t0, t1;
    size_t bad;
    const char *why;
    return marks_timing(f, l, n) && f->timing(l, n, &t0, &t1, &bad, &why);
}

/* After a line of blanks inside a cue: is the next line more of its
 * text (not an empty line, a timing line, or a cue identifier before
 * one)? */
static bool text_follows(const lines *r, const pc_cue_format *f)
{
    lines peek = *r;
    const char *l;
    size_t start;
    unsigned long lineno;
    if (peek.off >= peek.size)
        return false;
    size_t n = take(&peek, &l, &start, &lineno);
    if (blank_line(l, n) || marks_timing(f, l, n))
        return false;
    if (!f->identifiers || peek.off >= peek.size)
        return true; /* the file's last line: no identifier, none follows it */
    n = take(&peek, &l, &start, &lineno);
    return !marks_timing(f, l, n);
}

/* A cue line as plain words to compare lines by: tags gone, blanks
 * squeezed, into key. false on ENOMEM. */
static bool line_key(pc_buf *key, const char *l, size_t n)
{
    pc_buf_clear(key);
    bool tag = false, space = false;
    for (size_t i = 0; i < n; i++) {
        if (l[i] == '<' || (tag && l[i] == '>')) {
            tag = l[i] == '<';
            continue;
        }
        if (tag)
            continue;
        if (l[i] == ' ' || l[i] == '\t') {
            space = key->len > 0;
            continue;
        }
        if ((space && !pc_buf_putc(key, ' ')) || !pc_buf_putc(key, l[i]))
            return false;
        space = false;
    }
    return true;
}

/* Does the line l[0..n) of a cue's text open the next cue instead: a
 * timing line, or (numbered) a cue number with a timing line after it? */
static bool cue_opens(const lines *r, const char *l, size_t n, const pc_cue_format *f)
{
    if (marks_timing(f, l, n))
        return is_timing(f, l, n);
    size_t d = 0;
    while (d < n && l[d] >= '0' && l[d] <= '9')
        d++;
    while (d && d < n && l[d] == ' ')
        d++;
    if (!f->numbered || !d || d != n)
        return false;
    lines peek = *r;
    const char *nl;
    size_t start;
    unsigned long lineno;
    size_t k = take(&peek, &nl, &start, &lineno);
    return is_timing(f, nl, k);
}

/* Does l[0..n) try to be a timing line ("00:00:01,000 -> 00:00:02,000":
 * a digit first, a colon in it)? Then what is wrong with it is clearer
 * than "expected a cue timing line" on the line after. */
static bool timing_attempt(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    return i < n && l[i] >= '0' && l[i] <= '9' && memchr(l + i, ':', n - i);
}

/* The timing line of the block that opens with l (line start of the
 * body): into *t0, *t1, l and n moved past a cue identifier. A broken
 * one is an error where it goes wrong, the identifier line's own when
 * that is a broken timing line (a WebVTT cue with no identifier). */
static pcast_status block_timing(lines *r, const pc_source *src, const pc_cue_format *f,
                                 const char **l, size_t *n, size_t *start, double *t0, double *t1,
                                 pcast_error *err)
{
    unsigned long lineno;
    size_t bad;
    const char *why;
    if (f->identifiers && !marks_timing(f, *l, *n)) { /* a cue identifier (SRT: its number) */
        const char *id = *l;
        size_t id_n = *n, id_start = *start;
        *n = take(r, l, start, &lineno);
        if (!marks_timing(f, *l, *n) && timing_attempt(id, id_n) && !f->timing(id, id_n, t0, t1, &bad, &why))
            return at(src, err, id_start + bad, why);
        if (!marks_timing(f, *l, *n) && timing_attempt(*l, *n) && !f->timing(*l, *n, t0, t1, &bad, &why))
            return at(src, err, *start + bad, why);
        if (!marks_timing(f, *l, *n))
            return at(src, err, *start, "expected a cue timing line (00:00:01.000 --> 00:00:02.000)");
    }
    if (!f->timing(*l, *n, t0, t1, &bad, &why))
        return at(src, err, *start + bad, why);
    return PCAST_OK;
}

pcast_status pc_read_cues(pc_doc *doc, const pc_source *src, size_t off,
                          const pc_cue_format *format, pcast_error *err)
{
    unsigned long first, col;
    pc_body_position(src, off, &first, &col);
    lines r = {src->body, src->body_size, off, first};
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pc_buf text = {0}, key = {0}, last_line = {0}, last_key = {0};
    double prev_end_s = -1;
    pcast_status st = PCAST_OK;
    while (r.off < r.size && st == PCAST_OK) {
        const char *l;
        size_t start;
        unsigned long lineno;
        size_t n = take(&r, &l, &start, &lineno);
        if (blank_line(l, n))
            continue;
        if (format->note_blocks && (starts_word(l, n, "NOTE") || starts_word(l, n, "STYLE") ||
                                    starts_word(l, n, "REGION"))) {
            while (r.off < r.size && (n = take(&r, &l, &start, &lineno), !blank_line(l, n)))
                ;
            continue;
        }
        double t0, t1;
        if ((st = block_timing(&r, src, format, &l, &n, &start, &t0, &t1, err)) != PCAST_OK)
            break;
        unsigned long text_line = r.next;
        pc_buf_clear(&text);
        /* rolling captions (YouTube's) repeat the last line of the cue
         * before, which they touch, at their start: said once */
        bool leading = format->rolling && prev_end_s >= 0 && t0 - prev_end_s < 0.05;
        while (r.off < r.size && st == PCAST_OK) {
            lines back = r;
            n = take(&r, &l, &start, &lineno);
            if (blank_line(l, n)) {
                /* an empty line ends the cue; YouTube writes lines of one
                 * blank inside cues: such a line ends it only where no
                 * more of its text follows */
                if (!n || !text_follows(&r, format))
                    break;
                continue;
            }
            if (cue_opens(&r, l, n, format)) { /* no blank line before the next cue */
                r = back;
                break;
            }
            if (!line_key(&key, l, n)) {
                st = pc_error_nomem(err);
                break;
            }
            bool repeat = leading && key.len && key.len == last_key.len && !memcmp(key.data, last_key.data, key.len);
            leading = leading && repeat;
            pc_buf swap = last_line;
            last_line = key;
            key = swap;
            if (repeat)
                continue;
            if ((text.len && !pc_buf_putc(&text, '\n')) || !pc_buf_append(&text, l, n))
                st = pc_error_nomem(err);
        }
        pc_buf swap = last_key;
        last_key = last_line;
        last_line = swap;
        pc_buf_clear(&last_line);
        prev_end_s = t1;
        if (st == PCAST_OK && text.len &&
            !pc_cues_add(&cues, NULL, text.data, text.len, t0, t1, text_line, 1))
            st = pc_error_nomem(err);
    }
    if (!pc_cues_finish(&cues) && st == PCAST_OK)
        st = pc_error_nomem(err);
    pc_buf_free(&text);
    pc_buf_free(&key);
    pc_buf_free(&last_line);
    pc_buf_free(&last_key);
    return st;
}
