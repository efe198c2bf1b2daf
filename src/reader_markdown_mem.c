/* reader_markdown_mem: cmark's parse under a memory budget. */
#include "reader_markdown_mem.h"

#include "buf.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* Every allocation cmark makes carries this header: the allocator it
 * counts against (NULL: made outside a parse, by an iterator, and not
 * counted) and its neighbours, so a parse cut short frees all it had. */
typedef struct pc_md_block {
    pc_markdown_mem *owner;
    struct pc_md_block *prev, *next;
    size_t size;
} pc_md_block;

typedef union md_header {
    pc_md_block b;
    max_align_t align;
} md_header;

/* The parse under way on this thread: cmark's allocator calls carry no
 * context, and a new allocation must know whose budget it counts
 * against. Set and cleared by pc_markdown_parse only. */
static _Thread_local pc_markdown_mem *md_current;

/* What a block costs beyond its size: the header and malloc's own. */
#define MD_OVERHEAD (sizeof(md_header) + 16)

static void md_link(pc_markdown_mem *m, pc_md_block *b)
{
    b->owner = m;
    b->prev = NULL;
    b->next = NULL;
    if (!m)
        return;
    b->next = m->head;
    if (m->head)
        m->head->prev = b;
    m->head = b;
    m->used_bytes += b->size + MD_OVERHEAD;
}

static void md_unlink(pc_md_block *b)
{
    pc_markdown_mem *m = b->owner;
    if (!m)
        return;
    if (b->prev)
        b->prev->next = b->next;
    else
        m->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    m->used_bytes -= b->size + MD_OVERHEAD;
}

/* Past the budget, or out of memory, inside a parse: back to it (it
 * frees all). Outside one (an iterator after the parse): NULL, which
 * cmark's own allocator would have met too. */
static void md_fail(pc_markdown_mem *m, int why)
{
    if (m && m->armed)
        longjmp(*(jmp_buf *)m->jump, why);
}

enum { MD_OVER = 1, MD_NOMEM = 2 };

static void *md_realloc(void *p, size_t n)
{
    pc_markdown_mem *m = p ? ((md_header *)p - 1)->b.owner : md_current;
    size_t total;
    if (!pc_size_add(n, sizeof(md_header), &total)) {
        md_fail(m, MD_NOMEM);
        return NULL;
    }
    size_t old = p ? ((md_header *)p - 1)->b.size : 0;
    if (m && m->armed && n > old && m->used_bytes - old + n + MD_OVERHEAD > m->budget_bytes)
        md_fail(m, MD_OVER);
    md_header *h = p ? (md_header *)p - 1 : NULL;
    if (h)
        md_unlink(&h->b);
    md_header *nh = realloc(h, total);
    if (!nh) {
        if (h)
            md_link(m, &h->b); /* still held */
        md_fail(m, MD_NOMEM);
        return NULL;
    }
    nh->b.size = n;
    md_link(m, &nh->b);
    return nh + 1;
}

static void *md_calloc(size_t count, size_t size)
{
    size_t n;
    if (!pc_size_mul(count, size, &n)) {
        md_fail(md_current, MD_NOMEM);
        return NULL;
    }
    void *p = md_realloc(NULL, n);
    if (p)
        memset(p, 0, n);
    return p;
}

static void md_free(void *p)
{
    if (!p)
        return;
    md_header *h = (md_header *)p - 1;
    md_unlink(&h->b);
    free(h);
}

void pc_markdown_mem_free(pc_markdown_mem *m)
{
    while (m->head) {
        pc_md_block *b = m->head;
        md_unlink(b);
        free(b);
    }
}

/* Feeds body line by line (so a budget passed while reading blocks has
 * its line) and finishes. Jumps out past the budget. */
static cmark_node *md_feed(pc_markdown_mem *m, cmark_parser *parser, const char *body,
                           size_t n)
{
    m->line = 1;
    for (size_t at = 0; at < n; m->line++) {
        const char *nl = memchr(body + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - body) + 1 : n;
        cmark_parser_feed(parser, body + at, end - at);
        at = end;
    }
    m->line = 0;
    return cmark_parser_finish(parser);
}

cmark_node *pc_markdown_parse(pc_markdown_mem *m, const char *body, size_t n, int options,
                              size_t budget_bytes, unsigned long *over_line, bool *nomem)
{
    jmp_buf jump;
    m->mem = (cmark_mem){md_calloc, md_realloc, md_free};
    m->budget_bytes = budget_bytes;
    m->jump = &jump;
    *over_line = 0;
    *nomem = false;
    md_current = m;
    int why = setjmp(jump);
    if (why) {
        m->armed = false;
        md_current = NULL;
        pc_markdown_mem_free(m);
        if (why == MD_OVER)
            *over_line = m->line;
        *nomem = why == MD_NOMEM;
        return NULL;
    }
    m->armed = true;
    cmark_parser *parser = cmark_parser_new_with_mem(options, &m->mem);
    cmark_node *root = md_feed(m, parser, body, n);
    cmark_parser_free(parser);
    m->armed = false;
    md_current = NULL;
    return root;
}
