/* doc: the intermediate between readers and the turn builder. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

void pc_doc_init(pc_doc *d, pc_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
}

void pc_doc_free(pc_doc *d)
{
    free(d->blocks);
    free(d->pending);
    d->blocks = NULL;
    d->pending = NULL;
    d->block_count = d->block_cap = d->pending_count = d->pending_cap = 0;
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

bool pc_doc_line(pc_doc *d, const char *text, size_t n, const char *label, unsigned long line,
                 unsigned long column, double time_s)
{
    if (!pc_grow((void **)&d->pending, &d->pending_cap, d->pending_count, sizeof *d->pending))
        return false;
    char *t = pc_arena_strndup(d->arena, text, n);
    if (!t)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] < 0x20 || t[i] == 0x7F)
            t[i] = ' ';
    pc_text_squeeze(t, n);
    pc_line *l = &d->pending[d->pending_count++];
    l->text = t;
    l->label = label;
    l->line = line;
    l->column = column;
    l->time_s = time_s;
    return true;
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
