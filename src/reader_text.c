/* reader_text: plain text. Blank lines separate paragraphs; every line
 * keeps its own label shape (`Name: text`, `[00:01:23] Speaker 0: text`,
 * `>> JOHN: text`, a bare `>>` (a new, unnamed speaker: a paragraph
 * break), `Name  0:05` then the paragraph, as transcription
 * tools export it; `00:01:23 Name: text`). A time alone on a line
 * ("0:03", YouTube's transcript copied out) is not read: it times the
 * line after it. No markup is interpreted; sound notes ([inaudible],
 * (laughs)) are not read (pc_text_drop_sounds). */
#include "reader.h"

#include "captions_blocks.h"
#include "error.h"
#include "labels.h"

#include <string.h>
#include <strings.h>

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* l[0..n) opens ">> NAME:", which the turn builder reads as a label. */
static bool chevron_label(const char *l, size_t n)
{
    char buf[160];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, l, n);
    buf[n] = '\0';
    pc_label lb;
    return pc_label_parse(buf, &lb);
}

/* A time alone on l[0..n) ("0:03", "00:01:23", blanks around): its
 * length past the leading blanks, 0 if none. */
static size_t time_alone(const char *l, size_t n, double *time_s)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    size_t k = i < n && l[i] >= '0' && l[i] <= '9' ? pc_label_time(l + i, time_s) : 0;
    if (!k || i + k > n)
        return 0;
    return blank_line(l + i + k, n - i - k) ? k : 0;
}

/* A bare time or one in parentheses opening s (NUL-terminated) before
 * a label ("00:01:23 Dana Wu: words", as meeting tools write each
 * turn): the length of the time and the blanks after it, 0 if none. */
static size_t time_before_label(const char *s, double *time_s)
{
    size_t k = *s >= '0' && *s <= '9' ? pc_label_time(s, time_s) : 0;
    if (*s == '(') /* "(00:03) Dana Wu: words" ("[00:03]" is any line's, doc.c) */
        k = pc_label_stamp(s, true, time_s);
    if (!k || s[k] != ' ')
        return 0;
    while (s[k] == ' ' || s[k] == '\t')
        k++;
    pc_label lb;
    return pc_label_parse(s + k, &lb) ? k : 0;
}

/* The length of body[0..n) without a transcription service's credit as
 * its last line ("Transcribed by https://otter.ai", which Otter's free
 * exports end with): a credit is no one's words. */
static size_t without_credit(const char *body, size_t n)
{
    size_t e = n;
    while (e && strchr(" \t\r\n", body[e - 1]))
        e--;
    size_t b = e;
    while (b && body[b - 1] != '\n')
        b--;
    static const char credit[] = "Transcribed by ";
    const size_t k = sizeof credit - 1;
    if (e - b <= k || e - b > k + 80 || strncasecmp(body + b, credit, k) || memchr(body + b + k, ' ', e - b - k))
        return n;
    return b;
}

static pcast_status read_text(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    unsigned long line = src->body_line, block_line = 0;
    bool open = false;
    double stamp_s = -1; /* a time alone on the line before */
    pc_buf scratch = {0}; /* the line without its sound notes */
    size_t size = without_credit(src->body, src->body_size);
    for (size_t off = 0; off < size; line++) {
        const char *l;
        size_t n = pc_next_line(src->body, size, &off, &l);
        double t;
        size_t peek = off;
        const char *nl = "";
        size_t nn = off < size ? pc_next_line(src->body, size, &peek, &nl) : 0;
        if (time_alone(l, n, &t) && !blank_line(nl, nn)) { /* "0:03" above the words it times */
            stamp_s = t;
            continue;
        }
        if (blank_line(l, n)) {
            if (open && !pc_doc_end_block(doc, PC_BLOCK_PARA, 0, false, false, block_line)) {
                pc_buf_free(&scratch);
                return pc_error_nomem(err);
            }
            open = false;
            continue;
        }
        size_t lead = strspn(l, " \t");
        if (lead + 2 <= n && l[lead] == '>' && l[lead + 1] == '>' && !chevron_label(l + lead, n - lead)) {
            /* a bare ">>" (broadcast captions: someone new speaks,
             * unnamed) ends the paragraph and is not read */
            if (open && !pc_doc_end_block(doc, PC_BLOCK_PARA, 0, false, false, block_line)) {
                pc_buf_free(&scratch);
                return pc_error_nomem(err);
            }
            open = false;
            for (lead += 2; lead < n && (l[lead] == ' ' || l[lead] == '\t' || l[lead] == '>'); lead++)
                ;
            l += lead;
            n -= lead;
            if (!n)
                continue;
        }
        if (!open && nn && time_alone(nl, nn, &t) && pc_label_name_shape(l, n, true) && pc_label_title_case(l, n)) {
            /* "Dana Wu" above "00:01:23" above the words: a label */
            char *name = pc_arena_strndup(doc->arena, l, n);
            if (name)
                pc_text_squeeze(name, n);
            if (!name || !pc_doc_line(doc, "", 0, name, line, 1, t)) {
                pc_buf_free(&scratch);
                return pc_error_nomem(err);
            }
            pc_doc_line_stamp(doc, t);
            open = true;
            block_line = line++;
            off = peek;
            continue;
        }
        if (!open) {
            open = true;
            block_line = line;
        }
        pc_buf_clear(&scratch);
        if (!pc_buf_append(&scratch, l, n) || !pc_buf_putc(&scratch, '\0')) {
            pc_buf_free(&scratch);
            return pc_error_nomem(err);
        }
        n = pc_text_drop_sounds(scratch.data, n);
        size_t k = time_before_label(scratch.data, &t);
        if (k)
            stamp_s = t;
        if (!pc_doc_line(doc, scratch.data + k, n - k, NULL, line, 1, -1)) {
            pc_buf_free(&scratch);
            return pc_error_nomem(err);
        }
        if (stamp_s >= 0)
            pc_doc_line_stamp(doc, stamp_s);
        stamp_s = -1;
    }
    pc_buf_free(&scratch);
    if (open && !pc_doc_end_block(doc, PC_BLOCK_PARA, 0, false, false, block_line))
        return pc_error_nomem(err);
    return PCAST_OK;
}

static const char *const text_extensions[] = {".txt", ".text", NULL};

const pc_reader pc_reader_text = {
    .name = "text",
    .extensions = text_extensions,
    .sniff = NULL,
    .read = read_text,
};
