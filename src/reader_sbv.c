/* reader_sbv: YouTube's SubViewer captions (.sbv, what YouTube Studio
 * downloads): blocks apart by blank lines, each a timing line
 * `0:00:01.000,0:00:03.500` and its text lines, `>> NAME:` or `Name:`
 * where the speaker changes. The text goes through the caption sink
 * (captions.h), as WebVTT's and SRT's does. A block whose first line is
 * no timing line is an error at its FILE:LINE:COL. */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "labels.h"

#include <string.h>

/* "H:MM:SS.mmm,H:MM:SS.mmm" (blanks around allowed) in l[0..n): the
 * times, or false with *bad the byte where it goes wrong. */
static size_t blanks(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    return i;
}

static bool blank(const char *l, size_t n) { return blanks(l, n) == n; }

static bool timing(const char *l, size_t n, double *t0, double *t1, size_t *bad)
{
    char buf[64];
    size_t i = blanks(l, n);
    *bad = i;
    if (n - i >= sizeof buf)
        return false;
    memcpy(buf, l + i, n - i);
    buf[n - i] = '\0';
    size_t k = pc_label_time(buf, t0), j;
    if (!k || buf[k] != ',') {
        *bad = i + k;
        return false;
    }
    j = k + 1;
    k = pc_label_time(buf + j, t1);
    if (!k || blanks(buf + j + k, n - i - j - k) != n - i - j - k || *t1 < *t0) {
        *bad = i + j;
        return false;
    }
    return true;
}

static pcast_status read_sbv(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pc_buf text = {0};
    unsigned long next_line = src->body_line; /* the number of the line at off */
    pcast_status st = PCAST_OK;
    for (size_t off = 0; off < src->body_size && st == PCAST_OK;) {
        size_t at = off;
        const char *l;
        size_t n = pc_next_line(src->body, src->body_size, &off, &l);
        next_line++;
        if (blank(l, n))
            continue;
        double t0, t1;
        size_t bad;
        if (!timing(l, n, &t0, &t1, &bad)) {
            unsigned long ln, col;
            pc_body_position(src, at + bad, &ln, &col);
            st = pc_error_set(err, PCAST_ERR_INPUT, src->name, ln, col,
                              "expected a caption's timing line (0:00:01.000,0:00:03.500)");
            break;
        }
        unsigned long text_line = next_line;
        pc_buf_clear(&text);
        while (off < src->body_size) {
            size_t next = off;
            n = pc_next_line(src->body, src->body_size, &next, &l);
            if (blank(l, n))
                break;
            off = next;
            next_line++;
            if ((text.len && !pc_buf_putc(&text, '\n')) || !pc_buf_append(&text, l, n))
                st = pc_error_nomem(err);
        }
        if (st == PCAST_OK && text.len &&
            !pc_cues_add(&cues, NULL, text.data, text.len, t0, t1, text_line, 1))
            st = pc_error_nomem(err);
    }
    if (!pc_cues_finish(&cues) && st == PCAST_OK)
        st = pc_error_nomem(err);
    pc_buf_free(&text);
    return st;
}

/* The first line that is not blank is a timing line. */
static int sniff_sbv(const char *body, size_t n)
{
    size_t off = 0;
    while (off < n) {
        const char *l;
        size_t k = pc_next_line(body, n, &off, &l);
        if (blank(l, k))
            continue;
        double t0, t1;
        size_t bad;
        return timing(l, k, &t0, &t1, &bad) ? 90 : 0;
    }
    return 0;
}

static const char *const sbv_extensions[] = {".sbv", NULL};

const pc_reader pc_reader_sbv = {
    .name = "sbv",
    .extensions = sbv_extensions,
    .sniff = sniff_sbv,
    .read = read_sbv,
};
