/* reader_text: plain text. Blank lines separate paragraphs; every line
 * keeps its own label shape (`Name: text`, `[00:01:23] Speaker 0: text`,
 * `>> JOHN: text`, a bare `>>` (a new, unnamed speaker: a paragraph
 * break), `Name  0:05` then the paragraph, as transcription
 * tools export it). No markup is interpreted; sound notes ([inaudible],
 * (laughs)) are not read (pc_text_drop_sounds). */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "labels.h"

#include <string.h>

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

static pcast_status read_text(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    unsigned long line = src->body_line, block_line = 0;
    bool open = false;
    pc_buf scratch = {0}; /* the line without its sound notes */
    for (size_t off = 0; off < src->body_size; line++) {
        const char *l;
        size_t n = pc_next_line(src->body, src->body_size, &off, &l);
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
        if (!pc_doc_line(doc, scratch.data, n, NULL, line, 1, -1)) {
            pc_buf_free(&scratch);
            return pc_error_nomem(err);
        }
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
