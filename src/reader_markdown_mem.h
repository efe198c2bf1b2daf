/* reader_markdown_mem: cmark's parse under a memory budget. cmark's tree
 * takes 20-40 times a post's bytes, and up to 200 times for text of
 * nothing but marks ("[[[[", "!!!!"): a 15 MB post of a million
 * headings took 1.4 GB. cmark aborts or dereferences NULL when an
 * allocation fails, so its allocator here counts every byte, and past
 * the budget jumps back out of the parse and frees what cmark held.
 * Private; not installed. */
#ifndef POSTCAST_READER_MARKDOWN_MEM_H
#define POSTCAST_READER_MARKDOWN_MEM_H

#include <cmark.h>
#include <stdbool.h>
#include <stddef.h>

/* The most cmark may hold for one post. A post of real prose takes
 * about 8 times its bytes (the corpus post 41 times over, 2.5 MB and 57
 * hours of speech, peaked at 42 MB in all), so the text of a 24-hour
 * episode takes under 20 MiB; a million headings or paragraphs (14-22
 * MB, 1.4 GB before) are refused, and a post of nothing but marks past
 * about 1.2 MB. */
#define PC_MARKDOWN_BUDGET_BYTES ((size_t)256 << 20)

/* What the parse holds; zero it before pc_markdown_parse. The tree it
 * gives lives on this allocator: free the tree (cmark_node_free), then
 * this (pc_markdown_mem_free), and never move it meanwhile. */
typedef struct pc_markdown_mem {
    cmark_mem mem;            /* first: cmark's calls find the rest from it */
    struct pc_md_block *head; /* every live allocation */
    size_t used_bytes, budget_bytes;
    bool armed;               /* past the budget jumps (only inside the parse) */
    void *jump;               /* the parse's jmp_buf */
    unsigned long line;       /* the body line being fed; 0: the inline pass */
} pc_markdown_mem;

/* Parses body[0..n) (NUL at body[n]) with cmark options, line by line.
 * Returns the document, or NULL with *over_line (1-based line of body;
 * 0 when the inline pass, which reads the whole post at once, went
 * over) when cmark would take more than budget_bytes, or NULL with
 * *over_line == 0 and *nomem on ENOMEM. Either way a NULL return leaves
 * nothing held (pc_markdown_mem_free is still safe). */
cmark_node *pc_markdown_parse(pc_markdown_mem *m, const char *body, size_t n, int options,
                              size_t budget_bytes, unsigned long *over_line, bool *nomem);
/* Frees whatever m still holds (after the tree is freed, nothing). */
void pc_markdown_mem_free(pc_markdown_mem *m);

#endif
