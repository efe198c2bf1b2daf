/* reader_markdown: a Markdown body (cmark) becomes the blocks of doc.h.
 *
 * The cmark tree is walked with an iterator (no recursion, so deep nesting
 * costs no stack) and flattened into headings and paragraphs, each
 * paragraph a list of lines, with bold labels (`**Name**:`) recognised on
 * the tree. Read: text, emphasis, link text, code spans, list items,
 * quotes, table cells; skipped: HTML tags (their inner text is kept),
 * images, fenced code, template tags (Liquid, Hugo shortcodes). Images
 * and links are noted where they stand (pc_doc_mark): a section's first
 * of each are its chapter image and URL. */
#define _GNU_SOURCE /* memmem */
#include "reader.h"

#include "error.h"
#include "labels.h"
#include "reader_markdown_mem.h"
#include "reader_markdown_tags.h"

#include <cmark.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct walker {
    pc_doc *doc;
    const pc_source *src;
    pcast_error *err;
    /* the line being collected */
    pc_buf cur;
    char *cur_label;
    unsigned long cur_lineno;
    unsigned long cur_column; /* known for a block's first line only */
    double cur_time;     /* a time stamp in the line's label, or -1 */
    bool strip_colon;    /* the next text starts with a label's colon */
    bool in_script;      /* between inline <script>/<style> and its end tag */
    bool nomem;
    /* the start of body line seen_line (1-based), for mark columns */
    unsigned long seen_line;
    size_t seen_at;
    size_t seen_byte;          /* a byte of that line already counted (from seen_at) */
    unsigned long seen_column; /* its column in code points */
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

/* Only blanks, or a time stamp ("[00:01:23] **Name**:"), so far. */
static bool blank_or_stamp(const char *s)
{
    double t;
    while (*s == ' ')
        s++;
    if (*s == '[')
        s += pc_label_stamp(s, false, &t);
    for (; *s; s++)
        if (*s != ' ')
            return false;
    return true;
}

/* Notes an image's or link's URL at its source position, with its cmark
 * byte column turned into code points. Marks come in source order, so
 * the line search, and the column count on a line, go on from the last
 * one. */
static void mark(walker *w, pc_mark_kind kind, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
    if (!url || !*url || line < 1)
        return;
    const char *body = w->src->body;
    size_t size = w->src->body_size;
    if ((unsigned long)line < w->seen_line || !w->seen_line) {
        w->seen_line = 1;
        w->seen_at = 0;
        w->seen_byte = 0;
        w->seen_column = 1;
    }
    while (w->seen_line < (unsigned long)line && w->seen_at < size) {
        const char *nl = memchr(body + w->seen_at, '\n', size - w->seen_at);
        w->seen_at = nl ? (size_t)(nl - body) + 1 : size;
        w->seen_line++;
        w->seen_byte = 0;
        w->seen_column = 1;
    }
    /* on from the last mark of this line (many on one line: linear) */
    size_t to = col > 1 ? (size_t)(col - 1) : 0;
    if (to < w->seen_byte) {
        w->seen_byte = 0;
        w->seen_column = 1;
    }
    for (; w->seen_byte < to && w->seen_at + w->seen_byte < size; w->seen_byte++)
        w->seen_column += ((unsigned char)body[w->seen_at + w->seen_byte] & 0xC0) != 0x80;
    unsigned long column = w->seen_column;
    if (!pc_doc_mark(w->doc, kind, url, strlen(url), (unsigned long)line + w->src->body_line - 1,
                     column))
        w->nomem = true;
}

/* ---------- pass 1: flatten the tree ---------- */

static void end_line(walker *w)
{
    if (w->nomem)
        return;
    if (!pc_doc_line(w->doc, w->cur.data ? w->cur.data : "", w->cur.len, w->cur_label,
                     w->cur_lineno, w->cur_column, w->cur_time))
        w->nomem = true;
    pc_buf_clear(&w->cur);
    w->cur_label = NULL;
    w->cur_time = -1;
    w->cur_lineno++;
    w->cur_column = 0;
}

static void end_block(walker *w, pc_block_kind kind, int level, unsigned long lineno,
                      bool list_item, bool quote)
{
    end_line(w);
    if (!w->nomem && !pc_doc_end_block(w->doc, kind, level, list_item, quote, lineno))
        w->nomem = true;
}

static void begin_block(walker *w, unsigned long lineno, unsigned long column)
{
    w->in_script = false;
    pc_buf_clear(&w->cur);
    pc_doc_discard(w->doc);
    w->cur_label = NULL;
    w->cur_lineno = lineno;
    w->cur_column = column;
    w->cur_time = -1;
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

/* Whether the paragraph holding image img has words of its own outside
 * pictures ("See my ![route map](map.png) for details."): then the
 * picture stands in a sentence and its alt text is read with it. A
 * heading's picture is the chapter's image, and a picture that is a link ([![build passing](badge.svg)](url)) is a
 * button or a badge, never read. */
static bool words_beside(cmark_node *img)
{
    cmark_node *block = cmark_node_parent(img);
    if (block && cmark_node_get_type(block) == CMARK_NODE_LINK)
        return false;
    while (block && cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH &&
           cmark_node_get_type(block) != CMARK_NODE_HEADING)
        block = cmark_node_parent(block);
    if (!block || cmark_node_get_type(block) == CMARK_NODE_HEADING)
        return false; /* a heading's picture is the chapter's (## ![icon](i.png) Title) */
    bool words = false;
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;
    while (!words && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_IMAGE && ev == CMARK_EVENT_ENTER)
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            const char *l = cmark_node_get_literal(n);
            words = l && l[strspn(l, " \t")];
        }
    }
    cmark_iter_free(it);
    return words;
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
            s += pc_label_leading_colon(s, &w->cur_time);
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
        mark(w, PC_MARK_IMAGE, n);
        if (!words_beside(n)) /* a picture of its own: its alt text is not read */
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        break;
    case CMARK_NODE_LINK:
        mark(w, PC_MARK_LINK, n);
        break;
    case CMARK_NODE_STRONG: {
        /* a bold label opens a line: **Name**: / **Name:** / **名字：** / **Q.** */
        if (cmark_node_parent(n) != block_node || w->cur_label ||
            !blank_or_stamp(w->cur.data ? w->cur.data : ""))
            break;
        double probe_s = -1;
        pc_buf lbl = {0};
        subtree_text(n, &lbl, &w->nomem);
        size_t len = lbl.len;
        bool colon = lbl.data && pc_label_strip_trailing_colon(lbl.data, &len);
        if (!colon && len == 2 && (lbl.data[0] == 'Q' || lbl.data[0] == 'A') && lbl.data[1] == '.') {
            colon = true; /* an interview's **Q.** and **A.** */
            len = 1;
        } else if (!colon) {
            cmark_node *next = cmark_node_next(n);
            if (next && cmark_node_get_type(next) == CMARK_NODE_TEXT &&
                pc_label_leading_colon(cmark_node_get_literal(next), &probe_s)) {
                colon = true;
                w->strip_colon = true;
            }
        }
        if (colon && lbl.data) {
            bool one_line = !memchr(lbl.data, '\n', len);
            len = pc_text_squeeze(lbl.data, len);
            pc_label_trim_group(lbl.data, &len, &w->cur_time);
            if (one_line && pc_label_name_shape(lbl.data, len, false)) {
                w->cur_label = pc_arena_strndup(w->doc->arena, lbl.data, len);
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

/* Is the tag at s (after its '<') one that sits inside a word's line
 * (<b>, <a>, </span>), so no blank stands for it? Block elements
 * (<p>, <td>, <summary>, <br>) part the words around them. */
static bool inline_tag(const char *s)
{
    static const char *const names[] = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data",
                                        "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
                                        "q", "s", "samp", "small", "span", "strong", "sub",
                                        "sup", "time", "u", "var", "wbr"};
    s += s[1] == '/' ? 2 : 1;
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9'))
        n++;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
            return true;
    return false;
}

/* HTML blocks: tags dropped, their inner text kept, entities decoded;
 * comments and script/style contents skipped. */
static void html_block(walker *w, const char *s, unsigned long lineno)
{
    begin_block(w, lineno, 1);
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
            if (!inline_tag(s))
                put_text(w, " ", 1); /* <summary>Show</summary>Hidden: two words */
            s = e + 1;
            continue;
        }
        unsigned cp;
        size_t elen = *s == '&' ? pc_text_entity(s, &cp) : 0;
        if (elen) {
            if (!pc_buf_put_cp(&w->cur, cp))
                w->nomem = true;
            s += elen;
            continue;
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
    end_block(w, PC_BLOCK_PARA, 0, lineno, false, false);
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
                cmark_node_type pt = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
                end_block(w, heading ? PC_BLOCK_HEADING : PC_BLOCK_PARA,
                          heading ? cmark_node_get_heading_level(n) : 0, lineno,
                          pt == CMARK_NODE_ITEM, pt == CMARK_NODE_BLOCK_QUOTE);
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
            begin_block(w, lineno, (unsigned long)cmark_node_get_start_column(n));
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
static void table(pc_arena *arena, pc_block *b)
{
    if (b->kind != PC_BLOCK_PARA || b->line_count < 2)
        return;
    for (size_t i = 0; i < b->line_count; i++)
        if (b->lines[i].label || b->lines[i].text[0] != '|')
            return;
    const char *d = b->lines[1].text;
    if (strspn(d, "|:- ") != strlen(d))
        return;
    size_t o = 0;
    for (size_t i = 0; i < b->line_count; i++) {
        if (i == 1)
            continue;
        pc_buf row = {0};
        const char *s = b->lines[i].text;
        while (*s) {
            size_t n = strcspn(s, "|");
            char *cell = pc_arena_strndup(arena, s, n);
            if (cell && pc_text_squeeze(cell, n)) {
                if (row.len)
                    pc_buf_puts(&row, ", ");
                pc_buf_puts(&row, cell);
            }
            s += n;
            if (*s)
                s++;
        }
        if (row.len && !strchr(".!?", row.data[row.len - 1]) &&
            !(row.len >= 3 && (!memcmp(row.data + row.len - 3, "\u3002", 3) ||
                               !memcmp(row.data + row.len - 3, "\uff01", 3) ||
                               !memcmp(row.data + row.len - 3, "\uff1f", 3))))
            pc_buf_putc(&row, '.'); /* a row is a sentence; one stop */
        char *text = pc_arena_strdup(arena, row.data ? row.data : "");
        pc_buf_free(&row);
        if (!text)
            return;
        b->lines[o] = b->lines[i];
        b->lines[o++].text = text;
    }
    b->line_count = o;
}

/* The length of a footnote reference [^label] at s (no blank or bracket
 * in the label), 0 when there is none. */
static size_t footnote_ref(const char *s)
{
    if (s[0] != '[' || s[1] != '^')
        return 0;
    size_t n = strcspn(s + 2, "] \t[");
    return n && s[2 + n] == ']' ? n + 3 : 0;
}

/* Footnotes and display math, which core cmark leaves as text: a
 * reference [^1] is not read, a definition "[^1]: words" (at a line's
 * start) is read as its words, and a paragraph that is $$...$$ (TeX, not speech) is skipped as
 * code blocks are. In place, in the arena. */
static void notes_and_math(pc_arena *arena, pc_block *b)
{
    if (b->kind != PC_BLOCK_PARA || !b->line_count)
        return;
    const char *first = b->lines[0].text, *last = b->lines[b->line_count - 1].text;
    size_t ln = strlen(last);
    if (!strncmp(first, "$$", 2) && ln >= 2 && !strcmp(last + ln - 2, "$$") &&
        (b->line_count > 1 || ln >= 4)) {
        b->line_count = 0;
        return;
    }
    for (size_t i = 0; i < b->line_count; i++) {
        const char *t = b->lines[i].text;
        if (!strstr(t, "[^"))
            continue;
        pc_buf out = {0};
        size_t def = footnote_ref(t);
        if (def && t[def] == ':')
            t += def + 1 + strspn(t + def + 1, " \t");
        for (size_t k; *t; t += k ? k : 1)
            if (!(k = footnote_ref(t)))
                pc_buf_putc(&out, *t);
        char *text = pc_arena_strdup(arena, out.data ? out.data : "");
        pc_buf_free(&out);
        if (text)
            b->lines[i].text = text;
    }
}

/* An emoji shortcode at s[i] (":smile:", ":+1:", ":thumbs_up:"): 1 to
 * 40 of [a-z0-9_+-] with a letter among them (or opening with + or -:
 * :+1:) between colons, no letter
 * or digit on either side (so 10:30:45 and a:b:c stay). Its length, or
 * 0. */
static size_t shortcode(const char *s, size_t i)
{
    if (s[i] != ':' || (i > 0 && isalnum((unsigned char)s[i - 1])))
        return 0;
    size_t k = i + 1;
    bool letter = false;
    while (k - i <= 40 && (islower((unsigned char)s[k]) || isdigit((unsigned char)s[k]) ||
                           s[k] == '_' || s[k] == '+' || s[k] == '-'))
        letter |= islower((unsigned char)s[k++]) != 0;
    if (!(letter || s[i + 1] == '+' || s[i + 1] == '-') || k == i + 1 || s[k] != ':' ||
        isalnum((unsigned char)s[k + 1]))
        return 0;
    return k + 1 - i;
}

/* Inline TeX at s[i] by Pandoc's rule ($ then a non-blank, a closing $
 * after a non-blank and before no digit, on the line): its length, or 0,
 * so "$E = mc^2$" is math and "$5 and $10" money. Money wins where the
 * rule alone would eat words: a $ after a currency code's letter opens no
 * math (NT$1,200元，或 NT$ 500: both amounts and the words between were
 * dropped), and math holds no Han text. */
static size_t inline_math(const char *s, size_t i)
{
    if (s[i] != '$' || !s[i + 1] || s[i + 1] == ' ' || s[i + 1] == '$' ||
        (i > 0 && isupper((unsigned char)s[i - 1])))
        return 0;
    for (size_t k = i + 2; s[k]; k++) {
        if ((unsigned char)s[k] >= 0xE3 && (unsigned char)s[k] <= 0xE9)
            return 0; /* a Han character (U+3000-U+9FFF) */
        if (s[k] == '$' && s[k - 1] != ' ' && !isdigit((unsigned char)s[k + 1]))
            return k + 1 - i;
    }
    return 0;
}

/* What core cmark leaves as text and no listener wants read: GFM
 * strikethrough's ~~ (the words stay), emoji shortcodes, inline TeX,
 * and a heading's attribute block ("## Title {#id .class}", kramdown's,
 * Pandoc's and Hugo's). In place, in the arena. */
static void inline_marks(pc_arena *arena, pc_block *b)
{
    for (size_t i = 0; i < b->line_count; i++) {
        const char *t = b->lines[i].text;
        size_t n = strlen(t);
        bool attributes = false; /* the heading's {#id .class} cut off at n */
        if (b->kind == PC_BLOCK_HEADING && i + 1 == b->line_count && n && t[n - 1] == '}') {
            const char *open = strrchr(t, '{');
            if (open && open > t && open[-1] == ' ' && (open[1] == '#' || open[1] == '.')) {
                while (open > t && open[-1] == ' ')
                    open--;
                n = (size_t)(open - t);
                attributes = true;
            }
        }
        if (!attributes && !strstr(t, "~~") && !memchr(t, ':', n) && !memchr(t, '$', n))
            continue;
        pc_buf out = {0};
        bool ok = true;
        for (size_t k = 0, m; k < n && ok; k += m) {
            if (t[k] == '~' && t[k + 1] == '~')
                m = 2;
            else if (!(m = shortcode(t, k)) && !(m = inline_math(t, k)))
                ok = pc_buf_putc(&out, t[(m = 1, k)]);
            else if (t[k + m] == ' ' && (!out.len || out.data[out.len - 1] == ' '))
                m++; /* one blank where the mark and its blanks were */
        }
        char *text = ok ? pc_arena_strdup(arena, out.data ? out.data : "") : NULL;
        pc_buf_free(&out);
        if (text)
            b->lines[i].text = text;
    }
}

static pcast_status read_markdown(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    char *body = malloc(src->body_size + 1);
    if (!body)
        return pc_error_nomem(err);
    memcpy(body, src->body, src->body_size);
    body[src->body_size] = '\0';
    pc_markdown_blank_tags(body, src->body, src->body_size, !src->front);
    pc_markdown_mem mem = {0};
    unsigned long over;
    bool nomem;
    cmark_node *root = pc_markdown_parse(&mem, body, src->body_size, CMARK_OPT_DEFAULT,
                                         PC_MARKDOWN_BUDGET_BYTES, &over, &nomem);
    free(body);
    if (!root && nomem)
        return pc_error_nomem(err);
    if (!root)
        return pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line + (over ? over - 1 : 0), 1,
                            "the post is too big to read: its Markdown%s takes more than %zu MiB "
                            "(the text of a 24-hour episode takes under 20); split it",
                            over ? " up to this line" : "", PC_MARKDOWN_BUDGET_BYTES >> 20);
    walker w = {.doc = doc, .src = src, .err = err};
    pcast_status st = flatten(&w, root);
    cmark_node_free(root);
    pc_markdown_mem_free(&mem);
    pc_buf_free(&w.cur);
    for (size_t i = 0; st == PCAST_OK && i < doc->block_count; i++) {
        notes_and_math(doc->arena, &doc->blocks[i]);
        inline_marks(doc->arena, &doc->blocks[i]);
        table(doc->arena, &doc->blocks[i]);
    }
    return st;
}

static const char *const markdown_extensions[] = {".md", ".markdown", ".mdown", ".mkd", NULL};

const pc_reader pc_reader_markdown = {
    .name = "markdown",
    .extensions = markdown_extensions,
    .sniff = NULL,
    .read = read_markdown,
};
