/* script: the Markdown body (cmark) becomes sections of speaker turns.
 *
 * Two passes. The first walks the cmark tree with an iterator (no
 * recursion, so deep nesting costs no stack) and flattens it into blocks:
 * headings and paragraphs, each paragraph a list of lines, with bold
 * labels (`**Name**:`) recognised on the tree. The second pass applies the
 * label rules that need the whole post (a plain `NAME: text` counts only
 * when that name labels two paragraphs or the cast names it) and builds
 * the sections and turns. */
#include "internal.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unictype.h>

typedef struct line {
    char *text;          /* cleaned text of the line (after any label) */
    char *label;         /* bold label's name, or NULL */
    unsigned long lineno;
} line;

enum block_kind { B_HEADING, B_PARA };

typedef struct block {
    enum block_kind kind;
    int level;           /* heading level */
    bool list_item;      /* a paragraph inside a list item */
    line *lines;
    size_t nlines;
    unsigned long lineno;
} block;

typedef struct walker {
    pcast_post *post;
    const pc_source *src;
    pcast_error *err;
    block *blocks;
    size_t nblocks, cap;
    /* the paragraph being collected */
    line *lines;
    size_t nlines, lines_cap;
    pc_buf cur;
    char *cur_label;
    unsigned long cur_lineno;
    bool strip_colon;    /* the next text starts with a label's colon */
    bool in_script;      /* between inline <script>/<style> and its end tag */
    bool nomem;
} walker;

/* ---------- text helpers ---------- */

/* Appends s, turning control characters into spaces. */
static void put_text(walker *w, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            if (!pc_buf_append(&w->cur, s + start, i - start) || !pc_buf_putc(&w->cur, ' '))
                w->nomem = true;
            start = i + 1;
        }
    }
    if (!pc_buf_append(&w->cur, s + start, n - start))
        w->nomem = true;
}

/* Collapses runs of white space to one space and trims; in place. */
static size_t squeeze(char *s, size_t n)
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

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ')
            return false;
    return true;
}

/* ---------- pass 1: flatten the tree ---------- */

static void end_line(walker *w)
{
    if (w->nomem)
        return;
    if (!w->cur.data && !pc_buf_reserve(&w->cur, 1)) {
        w->nomem = true;
        return;
    }
    w->cur.data[w->cur.len] = '\0';
    size_t n = squeeze(w->cur.data, w->cur.len);
    if (!pc_grow((void **)&w->lines, &w->lines_cap, w->nlines, sizeof *w->lines)) {
        w->nomem = true;
        return;
    }
    line *l = &w->lines[w->nlines++];
    l->text = pc_arena_strndup(&w->post->arena, w->cur.data, n);
    l->label = w->cur_label;
    l->lineno = w->cur_lineno;
    if (!l->text)
        w->nomem = true;
    pc_buf_clear(&w->cur);
    w->cur_label = NULL;
    w->cur_lineno++;
}

static void end_block(walker *w, enum block_kind kind, int level, unsigned long lineno,
                      bool list_item)
{
    end_line(w);
    if (w->nomem)
        return;
    /* drop blank lines */
    size_t o = 0;
    for (size_t i = 0; i < w->nlines; i++)
        if (w->lines[i].label || *w->lines[i].text)
            w->lines[o++] = w->lines[i];
    if (o == 0 && kind == B_HEADING && w->nlines > 0)
        o = 1; /* an empty heading still starts a section */
    w->nlines = o;
    if (o == 0)
        return;
    if (!pc_grow((void **)&w->blocks, &w->cap, w->nblocks, sizeof *w->blocks)) {
        w->nomem = true;
        return;
    }
    block *b = &w->blocks[w->nblocks++];
    b->kind = kind;
    b->level = level;
    b->list_item = list_item;
    b->lineno = lineno;
    b->nlines = o;
    size_t bytes = o * sizeof *b->lines;
    b->lines = pc_arena_alloc(&w->post->arena, bytes);
    if (!b->lines) {
        w->nomem = true;
        return;
    }
    memcpy(b->lines, w->lines, bytes);
    w->nlines = 0;
}

static void begin_block(walker *w, unsigned long lineno)
{
    w->in_script = false;
    pc_buf_clear(&w->cur);
    w->nlines = 0;
    w->cur_label = NULL;
    w->cur_lineno = lineno;
    w->strip_colon = false;
}

/* Plain text of an inline subtree (for a bold label). */
static void subtree_text(cmark_node *root, pc_buf *out, bool *nomem)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            if (!pc_buf_puts(out, cmark_node_get_literal(n)))
                *nomem = true;
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            if (!pc_buf_putc(out, '\n'))
                *nomem = true;
        }
    }
    cmark_iter_free(it);
}

/* Strips a trailing colon (ASCII or full-width) and blanks from s[0..*n);
 * true when there was a colon. */
static bool strip_trailing_colon(const char *s, size_t *n)
{
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
        (*n)--;
    if (*n && s[*n - 1] == ':') {
        (*n)--;
    } else if (*n >= 3 && !memcmp(s + *n - 3, "\xEF\xBC\x9A", 3)) {
        *n -= 3;
    } else {
        return false;
    }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
        (*n)--;
    return true;
}

/* Length in bytes of a leading colon (after blanks) in s, or 0. */
static size_t leading_colon(const char *s)
{
    size_t i = 0;
    while (s[i] == ' ')
        i++;
    if (s[i] == ':')
        return i + 1;
    if (!strncmp(s + i, "\xEF\xBC\x9A", 3))
        return i + 3;
    return 0;
}

/* Sentence punctuation never appears in a speaker's name. */
static bool name_char_ok(unsigned cp)
{
    switch (cp) {
    case ',': case ';': case '!': case '?': case '"': case ':': case '[': case ']':
    case '{': case '}': case '<': case '>': case '|': case '*': case '#': case '=':
    case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF01: case 0xFF1F: case 0x3001:
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: case 0x2026: case 0xFF1A:
        return false;
    }
    return cp >= 0x20;
}

static const char *const admonitions[] = {
    "note", "notes", "warning", "tip", "tips", "update", "edit", "important", "caution",
    "tl;dr", "tldr", "disclaimer", "source", "sources", "ps", "p.s.", "nb", "example",
    "examples", "summary", "hint", "info", "todo", "fixme", "see also", "credit", "credits",
    "photo", "image", "via", "related", "references", "quote", "transcript", "注意", "注",
    "提示", "更新", "備註", "备注", "警告", "來源", "来源", "摘要"};

static bool is_admonition(const char *name)
{
    for (size_t i = 0; i < sizeof admonitions / sizeof *admonitions; i++)
        if (!strcasecmp(name, admonitions[i]))
            return true;
    return false;
}

/* Could name[0..n) be a speaker? strict: the shape asked of plain
 * (unbolded) labels: short, a few words, starting with a capital or a
 * non-Latin letter. */
static bool name_shape(const char *name, size_t n, bool strict)
{
    if (n == 0)
        return false;
    size_t chars = 0, words = 1;
    bool letter = false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(name + i, n - i, &cp);
        if (!name_char_ok(cp))
            return false;
        if (cp == ' ')
            words++;
        if (uc_is_property_alphabetic(cp)) {
            if (!letter && strict && uc_is_property_lowercase(cp))
                return false;
            letter = true;
        } else if (!letter && strict && cp != '(') {
            return false; /* starts with a digit or a symbol */
        }
        chars++;
    }
    if (!letter)
        return false;
    return strict ? chars <= 48 && words <= 6 : chars <= 80 && words <= 10;
}

static void inline_enter(walker *w, cmark_iter *it, cmark_node *n, cmark_node *block_node)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (w->in_script && t != CMARK_NODE_HTML_INLINE)
        return; /* the body of an inline <script> or <style> is not read */
    switch (t) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: {
        const char *s = cmark_node_get_literal(n);
        if (w->strip_colon) {
            s += leading_colon(s);
            w->strip_colon = false;
        }
        put_text(w, s, strlen(s));
        break;
    }
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
        end_line(w);
        break;
    case CMARK_NODE_HTML_INLINE: {
        const char *tag = cmark_node_get_literal(n);
        if (!strncasecmp(tag, "<script", 7) || !strncasecmp(tag, "<style", 6))
            w->in_script = !strstr(tag, "/>");
        else if (!strncasecmp(tag, "</script", 8) || !strncasecmp(tag, "</style", 7))
            w->in_script = false;
        break;
    }
    case CMARK_NODE_IMAGE:
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        break;
    case CMARK_NODE_STRONG: {
        /* a bold label opens a line: **Name**: / **Name:** / **名字：** */
        if (cmark_node_parent(n) != block_node || w->cur_label ||
            !blank(w->cur.data ? w->cur.data : ""))
            break;
        pc_buf lbl = {0};
        subtree_text(n, &lbl, &w->nomem);
        size_t len = lbl.len;
        bool colon = lbl.data && strip_trailing_colon(lbl.data, &len);
        if (!colon) {
            cmark_node *next = cmark_node_next(n);
            if (next && cmark_node_get_type(next) == CMARK_NODE_TEXT &&
                leading_colon(cmark_node_get_literal(next))) {
                colon = true;
                w->strip_colon = true;
            }
        }
        if (colon && lbl.data) {
            bool one_line = !memchr(lbl.data, '\n', len);
            len = squeeze(lbl.data, len);
            if (one_line && name_shape(lbl.data, len, false)) {
                w->cur_label = pc_arena_strndup(&w->post->arena, lbl.data, len);
                if (!w->cur_label)
                    w->nomem = true;
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            } else {
                w->strip_colon = false;
            }
        }
        pc_buf_free(&lbl);
        break;
    }
    default:
        break;
    }
}

/* HTML blocks: tags dropped, their inner text kept, entities decoded;
 * comments and script/style contents skipped. */
static void html_block(walker *w, const char *s, unsigned long lineno)
{
    begin_block(w, lineno);
    const char *skip_until = NULL;
    while (*s) {
        if (skip_until) {
            const char *e = strstr(s, skip_until);
            if (!e)
                break;
            for (const char *q = s; q < e; q++)
                if (*q == '\n')
                    w->cur_lineno++;
            s = e + strlen(skip_until);
            skip_until = NULL;
            continue;
        }
        if (*s == '<') {
            if (!strncmp(s, "<!--", 4)) {
                skip_until = "-->";
                s += 4;
                continue;
            }
            if (!strncasecmp(s, "<script", 7))
                skip_until = "</script>";
            else if (!strncasecmp(s, "<style", 6))
                skip_until = "</style>";
            const char *e = strchr(s, '>');
            if (!e)
                break;
            for (const char *q = s; q < e; q++)
                if (*q == '\n')
                    w->cur_lineno++;
            if (!strncasecmp(s, "<br", 3) || !strncasecmp(s, "<p", 2) ||
                !strncasecmp(s, "</p", 3) || !strncasecmp(s, "<div", 4) ||
                !strncasecmp(s, "</div", 5) || !strncasecmp(s, "<li", 3))
                put_text(w, " ", 1);
            s = e + 1;
            continue;
        }
        if (*s == '&') {
            unsigned cp = 0;
            const char *semi = strchr(s, ';');
            size_t n = semi ? (size_t)(semi - s) : 0;
            if (semi && n <= 10) {
                if (s[1] == '#') {
                    char *end;
                    unsigned long v = (s[2] == 'x' || s[2] == 'X') ? strtoul(s + 3, &end, 16)
                                                                   : strtoul(s + 2, &end, 10);
                    if (end == semi && v > 0 && v <= 0x10FFFF)
                        cp = (unsigned)v;
                } else {
                    static const struct { const char *name; unsigned cp; } ents[] = {
                        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
                        {"nbsp", ' '}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026},
                        {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D},
                        {"ldquo", 0x201C}, {"copy", 0xA9}};
                    for (size_t i = 0; i < sizeof ents / sizeof *ents; i++)
                        if (strlen(ents[i].name) == n - 1 && !strncmp(s + 1, ents[i].name, n - 1))
                            cp = ents[i].cp;
                }
            }
            if (cp) {
                if (cp < 0x20 || cp == 0x7F)
                    cp = ' ';
                if (!pc_buf_put_cp(&w->cur, cp))
                    w->nomem = true;
                s = semi + 1;
                continue;
            }
        }
        if (*s == '\n') {
            end_line(w);
            s++;
            continue;
        }
        size_t n = strcspn(s, "<&\n");
        if (n == 0)
            n = 1;
        put_text(w, s, n);
        s += n;
    }
    end_block(w, B_PARA, 0, lineno, false);
}

static pcast_status flatten(walker *w, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    cmark_node *block_node = NULL; /* the paragraph or heading being read */
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !w->nomem) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        unsigned long lineno = (unsigned long)cmark_node_get_start_line(n) + w->src->body_line - 1;
        if (block_node) {
            if (n == block_node && ev == CMARK_EVENT_EXIT) {
                bool heading = t == CMARK_NODE_HEADING;
                cmark_node *parent = cmark_node_parent(n);
                end_block(w, heading ? B_HEADING : B_PARA,
                          heading ? cmark_node_get_heading_level(n) : 0, lineno,
                          parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM);
                block_node = NULL;
            } else if (ev == CMARK_EVENT_ENTER) {
                inline_enter(w, it, n, block_node);
            }
            continue;
        }
        if (ev != CMARK_EVENT_ENTER)
            continue;
        switch (t) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            block_node = n;
            begin_block(w, lineno);
            break;
        case CMARK_NODE_HTML_BLOCK:
            html_block(w, cmark_node_get_literal(n), lineno);
            break;
        default:
            break; /* code blocks are skipped; lists and quotes are walked */
        }
    }
    cmark_iter_free(it);
    return w->nomem ? pc_error_nomem(w->err) : PCAST_OK;
}

/* Pipe tables (core cmark reads them as paragraphs): the delimiter row
 * goes, and each row's cells are read as a list. */
static void tables(pcast_post *post, block *b)
{
    if (b->kind != B_PARA || b->nlines < 2)
        return;
    for (size_t i = 0; i < b->nlines; i++)
        if (b->lines[i].label || b->lines[i].text[0] != '|')
            return;
    const char *d = b->lines[1].text;
    if (strspn(d, "|:- ") != strlen(d))
        return;
    size_t o = 0;
    for (size_t i = 0; i < b->nlines; i++) {
        if (i == 1)
            continue;
        pc_buf row = {0};
        const char *s = b->lines[i].text;
        while (*s) {
            size_t n = strcspn(s, "|");
            char *cell = pc_arena_strndup(&post->arena, s, n);
            if (cell && squeeze(cell, n)) {
                if (row.len)
                    pc_buf_puts(&row, ", ");
                pc_buf_puts(&row, cell);
            }
            s += n;
            if (*s)
                s++;
        }
        if (row.len)
            pc_buf_putc(&row, '.');
        char *text = pc_arena_strdup(&post->arena, row.data ? row.data : "");
        pc_buf_free(&row);
        if (!text)
            return;
        b->lines[o] = b->lines[i];
        b->lines[o++].text = text;
    }
    b->nlines = o;
}

/* ---------- pass 2: turns ---------- */

typedef struct builder {
    pcast_post *post;
    pc_strmap speakers;   /* name -> index */
    pc_strmap confirmed;  /* names that are certainly speakers */
    pc_strmap prefix_count; /* `NAME: text` paragraph starts, by name */
    pc_turn_b *turn;      /* the turn being filled, or NULL */
    size_t speaker;       /* current speaker */
    pc_buf para;
    unsigned long para_line;
    bool nomem;
} builder;

static pc_section_b *cur_section(builder *b) { return &b->post->sections[b->post->section_count - 1]; }

static bool add_section(builder *b, const char *title, unsigned long lineno)
{
    pcast_post *p = b->post;
    if (!pc_grow((void **)&p->sections, &p->section_cap, p->section_count, sizeof *p->sections))
        return false;
    pc_section_b *s = &p->sections[p->section_count++];
    memset(s, 0, sizeof *s);
    s->pub.title = title;
    s->pub.line = lineno;
    b->turn = NULL;
    return true;
}

static bool speaker_index(builder *b, const char *name, size_t *out)
{
    if (pc_strmap_get(&b->speakers, name, out))
        return true;
    pcast_post *p = b->post;
    if (!pc_grow((void **)&p->speakers, &p->speaker_cap, p->speaker_count, sizeof *p->speakers))
        return false;
    pcast_speaker *sp = &p->speakers[p->speaker_count];
    sp->name = pc_arena_strdup(&p->arena, name);
    sp->narrator = p->speaker_count == 0;
    sp->turns = 0;
    if (!sp->name || !pc_strmap_put(&b->speakers, sp->name, p->speaker_count))
        return false;
    *out = p->speaker_count++;
    return true;
}

static bool flush_para(builder *b)
{
    if (!b->turn || !b->para.len)
        return true;
    pc_turn_b *t = b->turn;
    if (t->pub.paragraph_count == t->cap) {
        size_t cap = t->cap;
        if (!pc_grow((void **)&t->paras, &cap, t->pub.paragraph_count, sizeof *t->paras) ||
            !pc_grow((void **)&t->para_lines, &t->cap, t->pub.paragraph_count,
                     sizeof *t->para_lines))
            return false;
    }
    char *s = pc_arena_strndup(&b->post->arena, b->para.data, b->para.len);
    if (!s)
        return false;
    t->paras[t->pub.paragraph_count] = s;
    t->para_lines[t->pub.paragraph_count++] = b->para_line;
    pc_buf_clear(&b->para);
    return true;
}

static bool open_turn(builder *b, size_t speaker, bool labeled, unsigned long lineno)
{
    if (!flush_para(b))
        return false;
    pc_section_b *s = cur_section(b);
    size_t cap = s->cap;
    if (!pc_grow((void **)&s->turns, &cap, s->pub.turn_count, sizeof *s->turns))
        return false;
    s->cap = cap;
    pc_turn_b *t = &s->turns[s->pub.turn_count++];
    memset(t, 0, sizeof *t);
    t->pub.speaker_index = speaker;
    t->pub.line = lineno;
    t->pub.labeled = labeled;
    b->turn = t;
    b->speaker = speaker;
    if (labeled)
        b->post->speakers[speaker].turns++;
    return true;
}

static bool open_labeled(builder *b, const char *name, unsigned long lineno)
{
    size_t idx;
    if (!strcasecmp(name, "narrator"))
        idx = 0;
    else if (!speaker_index(b, name, &idx))
        return false;
    return open_turn(b, idx, true, lineno);
}

/* Adds text to the current paragraph, opening a continuation turn for the
 * current speaker when none is open. */
static bool add_text(builder *b, const char *text, unsigned long lineno)
{
    if (!*text)
        return true;
    if (!b->turn && !open_turn(b, b->speaker, false, lineno))
        return false;
    if (b->para.len) {
        unsigned last = 0, first = 0;
        size_t i = b->para.len;
        while (i > 0 && ((unsigned char)b->para.data[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0)
            i--;
        pc_utf8_decode(b->para.data + i, b->para.len - i, &last);
        pc_utf8_decode(text, strlen(text), &first);
        if (!(pc_cp_is_cjk(last) && pc_cp_is_cjk(first)) && !pc_buf_putc(&b->para, ' '))
            return false;
    } else {
        b->para_line = lineno;
    }
    return pc_buf_puts(&b->para, text);
}

/* A plain `Name:` / `Name: text` at the start of s: returns the length of
 * the name (0 if none) and where the text after the colon starts. */
static size_t plain_label(const char *s, const char **rest)
{
    const char *c1 = strchr(s, ':');
    const char *c2 = strstr(s, "\xEF\xBC\x9A");
    const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
    if (!c || c == s)
        return 0;
    size_t clen = *c == ':' ? 1 : 3;
    const char *after = c + clen;
    if (*c == ':' && *after && *after != ' ')
        return 0; /* 10:30, https://... */
    size_t n = (size_t)(c - s);
    while (n && s[n - 1] == ' ')
        n--;
    if (!name_shape(s, n, true))
        return 0;
    while (*after == ' ')
        after++;
    *rest = after;
    return n;
}

/* Is line j of block i followed by text it can introduce: more lines of
 * its paragraph, or a paragraph (not a list, not a heading) after it? */
static bool followed_by_text(block *blocks, size_t nblocks, size_t i, size_t j)
{
    return j + 1 < blocks[i].nlines ||
           (i + 1 < nblocks && blocks[i + 1].kind == B_PARA && !blocks[i + 1].list_item);
}

static bool is_confirmed(builder *b, const char *name)
{
    size_t v;
    return pc_strmap_get(&b->confirmed, name, &v);
}

/* Records names that are certainly speakers, and counts `NAME: text`
 * paragraph starts. Names go into the arena so the maps can borrow them. */
static bool prescan(builder *b, block *blocks, size_t nblocks, const pcast_parse_options *opt)
{
    pcast_post *p = b->post;
    for (size_t i = 0; i < p->front.cast_count; i++)
        if (!pc_strmap_put(&b->confirmed, p->front.cast[i].speaker, 1))
            return false;
    for (size_t i = 0; i < p->file_cast_count; i++)
        if (!pc_strmap_put(&b->confirmed, p->file_cast[i].speaker, 1))
            return false;
    for (size_t i = 0; opt && i < opt->known_speaker_count; i++) {
        char *s = pc_arena_strdup(&p->arena, opt->known_speakers[i]);
        if (!s || !pc_strmap_put(&b->confirmed, s, 1))
            return false;
    }
    for (size_t i = 0; i < nblocks; i++) {
        block *bl = &blocks[i];
        if (bl->kind != B_PARA)
            continue;
        for (size_t j = 0; j < bl->nlines; j++) {
            line *l = &bl->lines[j];
            if (l->label) {
                if (!is_admonition(l->label) && !pc_strmap_put(&b->confirmed, l->label, 1))
                    return false;
                continue;
            }
            const char *rest;
            size_t n = plain_label(l->text, &rest);
            if (!n)
                continue;
            char *name = pc_arena_strndup(&p->arena, l->text, n);
            if (!name)
                return false;
            if (!*rest) {
                /* a line that is only `Name:` and text follows it */
                if (followed_by_text(blocks, nblocks, i, j) && !is_admonition(name) && !pc_strmap_put(&b->confirmed, name, 1))
                    return false;
            } else if (j == 0) {
                size_t c = 0;
                pc_strmap_get(&b->prefix_count, name, &c);
                if (!pc_strmap_put(&b->prefix_count, name, c + 1))
                    return false;
            }
        }
    }
    return true;
}

/* The label that opens line j of block i, if any, per the rules in
 * DESIGN.md; *rest is the text after it. */
static const char *line_label(builder *b, block *blocks, size_t nblocks, size_t i, size_t j,
                              const char **rest)
{
    line *l = &blocks[i].lines[j];
    *rest = l->text;
    if (l->label) {
        if (is_admonition(l->label) && !is_confirmed(b, l->label)) {
            *rest = NULL; /* not a label: the caller re-reads the line as text */
            return NULL;
        }
        return l->label;
    }
    const char *after;
    size_t n = plain_label(l->text, &after);
    if (!n)
        return NULL;
    char *name = pc_arena_strndup(&b->post->arena, l->text, n);
    if (!name) {
        b->nomem = true;
        return NULL;
    }
    size_t count = 0;
    pc_strmap_get(&b->prefix_count, name, &count);
    bool ok;
    if (!*after)
        ok = is_confirmed(b, name) && followed_by_text(blocks, nblocks, i, j);
    else
        ok = is_confirmed(b, name) || (j == 0 && count >= 2);
    if (!ok)
        return NULL;
    *rest = after;
    return name;
}

static const char *base_title(pcast_post *p, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return pc_arena_strndup(&p->arena, base, n);
}

static const char *heading_text(pcast_post *p, block *bl)
{
    pc_buf t = {0};
    for (size_t j = 0; j < bl->nlines; j++) {
        if (t.len)
            pc_buf_putc(&t, ' ');
        pc_buf_puts(&t, bl->lines[j].text);
    }
    const char *s = pc_arena_strdup(&p->arena, t.data ? t.data : "");
    pc_buf_free(&t);
    return s;
}

static pcast_status build(builder *b, block *blocks, size_t nblocks, const pcast_parse_options *opt,
                          pcast_error *err)
{
    pcast_post *p = b->post;
    size_t first = 0;
    const char *title = p->front.title;
    size_t narrator;

    if (!speaker_index(b, "Narrator", &narrator))
        return pc_error_nomem(err);
    /* the first heading gives the title when front matter does not; a
     * leading heading equal to the title is the opening's own heading */
    for (size_t i = 0; i < nblocks; i++) {
        if (blocks[i].kind != B_HEADING)
            continue;
        const char *h = heading_text(p, &blocks[i]);
        if (!h)
            return pc_error_nomem(err);
        if (!*h)
            continue;
        if (!title)
            title = h;
        if (i == 0 && blocks[i].level <= 2 && !strcmp(h, title))
            first = 1;
        break;
    }
    if (!title && !(title = base_title(p, p->path)))
        return pc_error_nomem(err);
    p->front.title = (char *)title;

    if (!prescan(b, blocks, nblocks, opt) || !add_section(b, title, 1) ||
        !open_turn(b, narrator, true, 1) || !add_text(b, title, 1) || !flush_para(b))
        return pc_error_nomem(err);

    for (size_t i = first; i < nblocks && !b->nomem; i++) {
        block *bl = &blocks[i];
        tables(p, bl);
        if (bl->kind == B_HEADING && bl->level <= 2) {
            const char *h = heading_text(p, bl);
            if (h && !*h) { /* an empty heading still starts a chapter */
                char name[48];
                snprintf(name, sizeof name, "Section %zu", p->section_count + 1);
                h = pc_arena_strdup(&p->arena, name);
            }
            if (!h || !flush_para(b) || !add_section(b, h, bl->lineno))
                return pc_error_nomem(err);
            continue;
        }
        for (size_t j = 0; j < bl->nlines; j++) {
            const char *rest;
            const char *label = line_label(b, blocks, nblocks, i, j, &rest);
            if (label) {
                if (!open_labeled(b, label, bl->lines[j].lineno))
                    return pc_error_nomem(err);
            } else if (!rest) {
                /* a bold admonition (**Note:**): read it as text */
                pc_buf t = {0};
                bool ok = pc_buf_puts(&t, bl->lines[j].label) && pc_buf_puts(&t, ": ") &&
                          pc_buf_puts(&t, bl->lines[j].text);
                ok = ok && add_text(b, t.data, bl->lines[j].lineno);
                pc_buf_free(&t);
                if (!ok)
                    return pc_error_nomem(err);
                continue;
            }
            if (!add_text(b, rest, bl->lines[j].lineno))
                return pc_error_nomem(err);
        }
        if (!flush_para(b))
            return pc_error_nomem(err);
    }
    if (b->nomem || !flush_para(b))
        return pc_error_nomem(err);
    return PCAST_OK;
}

/* Public views of the turns, filled once everything has its final place. */
static bool finish(pcast_post *p)
{
    for (size_t i = 0; i < p->section_count; i++) {
        pc_section_b *s = &p->sections[i];
        if (!s->pub.turn_count)
            continue;
        s->turn_views = calloc(s->pub.turn_count, sizeof *s->turn_views);
        if (!s->turn_views)
            return false;
        for (size_t j = 0; j < s->pub.turn_count; j++) {
            pc_turn_b *t = &s->turns[j];
            t->pub.speaker = p->speakers[t->pub.speaker_index].name;
            t->pub.paragraphs = (const char *const *)t->paras;
            t->pub.paragraph_lines = t->para_lines;
            s->turn_views[j] = t->pub;
        }
        s->pub.turns = s->turn_views;
    }
    return true;
}

pcast_status pc_script_build(pcast_post *post, const pc_source *src,
                             const pcast_parse_options *opt, pcast_error *err)
{
    cmark_node *doc = cmark_parse_document(src->body, src->body_size, CMARK_OPT_DEFAULT);
    if (!doc)
        return pc_error_nomem(err);
    walker w = {.post = post, .src = src, .err = err};
    pcast_status st = flatten(&w, doc);
    cmark_node_free(doc);
    pc_buf_free(&w.cur);
    free(w.lines);
    if (st == PCAST_OK) {
        builder b = {.post = post};
        st = build(&b, w.blocks, w.nblocks, opt, err);
        if (st == PCAST_OK && (b.nomem || !finish(post)))
            st = pc_error_nomem(err);
        pc_strmap_free(&b.speakers);
        pc_strmap_free(&b.confirmed);
        pc_strmap_free(&b.prefix_count);
        pc_buf_free(&b.para);
    }
    free(w.blocks);
    return st;
}
