/* reader_ttml: a TTML (DFXP) transcript, as Apple Podcasts and many
 * hosts publish them:
 *   <tt xmlns="http://www.w3.org/ns/ttml" ttp:frameRate="25">
 *     <head><metadata><ttm:agent xml:id="a1" type="person">
 *       <ttm:name>Dana Wu</ttm:name></ttm:agent></metadata></head>
 *     <body><div><p begin="00:00:01.000" end="4.5s" ttm:agent="a1">
 *       Words<br/>more <span ttm:agent="a2">someone else</span></p></div></body></tt>
 * Parsed with libxml2, never from the network, entities not expanded,
 * and a file with a DTD refused (a billion-laughs file is an error at
 * once). Namespaces are matched by URI (any prefix; TTML's and the older
 * DFXP ones). Each <p> is a caption piece (captions.h) said by its
 * ttm:agent (on the p, a span, or an enclosing div), named by the
 * agent's ttm:name, else its id (a tool's id such as SPEAKER_1 shows as
 * "Speaker N", turns.c); a span with another agent is that speaker's
 * piece. Times: clock time (00:01:02.345, 00:01:02:10 frames), offsets
 * (62.3s, 1500ms, 1.5m, 1h, 90f, 1000t) with ttp:frameRate,
 * frameRateMultiplier, subFrameRate and tickRate, relative to the
 * enclosing div's and body's begin, or in a timeContainer="seq" to the
 * end of the element before; ttp:timeBase="smpte" timecodes with their
 * drop mode (reader_ttml_time.h). Times that cannot be placed (a clock
 * time base, discontinuous markers, a seq child after one with no end)
 * are errors at FILE:LINE:COL, as is a time attribute that is no time
 * (at the attribute). Apple's word spans
 * (podcasts:unit="word") join into sentences with a blank (none between
 * Han words). head, metadata and animation elements are not read; a
 * ttm:title in head titles the episode; the root's xml:lang is the
 * post's language (doc.h). */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "reader_ttml_time.h"
#include "reader_xml.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TTML's namespaces and the older DFXP drafts' */
static bool ns_is(const xmlNs *ns, const char *suffix)
{
    static const char *const bases[] = {"http://www.w3.org/ns/ttml", "http://www.w3.org/2006/10/ttaf1",
                                        "http://www.w3.org/2006/04/ttaf1"};
    if (!ns || !ns->href)
        return false;
    const char *h = (const char *)ns->href;
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        size_t k = strlen(bases[i]);
        if (!strncmp(h, bases[i], k) && !strcmp(h + k, suffix))
            return true;
    }
    return false;
}

/* An element of TTML's content namespace (or of none) called name. */
static bool is_tt(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
           (!n->ns || ns_is(n->ns, ""));
}

/* The value of n's attribute local in the namespace suffix ("#metadata",
 * "#parameter"; NULL: no namespace, "xml": xml:), or NULL; borrowed from
 * the tree. */
static const char *attr(const xmlNode *n, const char *local, const char *suffix)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local))
            continue;
        bool match = !suffix ? !a->ns
                   : !strcmp(suffix, "xml") ? a->ns && a->ns->href && !strcmp((const char *)a->ns->href,
                                                                              (const char *)XML_XML_NAMESPACE)
                                            : ns_is(a->ns, suffix);
        if (match && a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
            return (const char *)a->children->content;
    }
    return NULL;
}

/* The <tt> element's ttp: attribute local (pc_ttml_read_rates's getter). */
static const char *tt_param(const void *tt, const char *local)
{
    return attr(tt, local, "#parameter");
}

typedef struct ttml {
    pc_doc *doc;
    const pc_source *src;
    pc_ttml_rates rates;
    pc_strmap agents;       /* an agent's xml:id -> index in names */
    const char **names;     /* the agents' names (arena) */
    size_t name_count, name_cap;
    pc_cues cues;
    /* the <p> being read */
    pc_buf text;            /* its words since the last change of speaker (escaped) */
    const char *voice;      /* who says them (arena), or NULL */
    bool after_word;        /* a word span just ended: a blank before the next word */
    double start_s, end_s;
    unsigned long line;
    bool nomem;
    pcast_error *err;
    pcast_status bad;       /* PCAST_OK, or the error err holds */
} ttml;

static unsigned long line_of(const ttml *t, const xmlNode *n) { return pc_xml_line(t->src, n); }

/* The name of an agent reference (the first of an IDREFS list): its
 * ttm:name when head declares it, else the id itself; arena, NULL when
 * there is none (or no memory: t->nomem). */
static const char *agent_name(ttml *t, const char *ref)
{
    if (!ref)
        return NULL;
    ref += strspn(ref, " \t\r\n");
    size_t n = strcspn(ref, " \t\r\n");
    if (!n)
        return NULL;
    char *id = pc_arena_strndup(t->doc->arena, ref, n);
    size_t v;
    if (!id)
        t->nomem = true;
    else if (pc_strmap_get(&t->agents, id, &v))
        return t->names[v];
    return id;
}

/* Text of n's descendants (a ttm:name's), squeezed, in the arena. */
static const char *node_text(ttml *t, const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = c ? pc_arena_strdup(t->doc->arena, (const char *)c) : NULL;
    xmlFree(c);
    if (!s)
        t->nomem = true;
    else
        pc_text_squeeze(s, strlen(s));
    return s && *s ? s : NULL;
}

/* head: <ttm:agent xml:id> with <ttm:name>, and a <ttm:title> (a
 * heading, which titles the episode); depth-first, libxml2 bounds the
 * depth. */
static void read_head(ttml *t, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !t->nomem; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool meta = ns_is(c->ns, "#metadata");
        const char *id = meta && !strcmp((const char *)c->name, "agent") ? attr(c, "id", "xml") : NULL;
        if (id) {
            const char *name = NULL;
            for (const xmlNode *k = c->children; k && !name; k = k->next)
                if (k->type == XML_ELEMENT_NODE && ns_is(k->ns, "#metadata") && !strcmp((const char *)k->name, "name"))
                    name = node_text(t, k);
            char *key = pc_arena_strdup(t->doc->arena, id);
            size_t v;
            if (!key || !pc_grow((void **)&t->names, &t->name_cap, t->name_count, sizeof *t->names))
                t->nomem = true;
            else if (!pc_strmap_get(&t->agents, key, &v)) {
                t->names[t->name_count] = name ? name : key;
                if (!pc_strmap_put(&t->agents, key, t->name_count++))
                    t->nomem = true;
            }
        } else if (meta && !strcmp((const char *)c->name, "title") && !t->doc->block_count) {
            const char *title = node_text(t, c);
            if (title && (!pc_doc_line(t->doc, title, strlen(title), NULL, line_of(t, c), 0, -1) ||
                          !pc_doc_end_block(t->doc, PC_BLOCK_HEADING, 1, false, false, line_of(t, c))))
                t->nomem = true;
        } else {
            read_head(t, c);
        }
    }
}

/* The words gathered so far go to the caption sink as voice's. */
static void flush(ttml *t)
{
    size_t i = 0;
    while (i < t->text.len && strchr(" \t\r\n", t->text.data[i]))
        i++;
    if (i < t->text.len && !pc_cues_add(&t->cues, t->voice, t->text.data, t->text.len, t->start_s, t->end_s,
                                        t->line, 0))
        t->nomem = true;
    pc_buf_clear(&t->text);
    t->after_word = false;
}

/* The last code point of b, or 0. */
static unsigned last_cp(const pc_buf *b)
{
    size_t i = b->len;
    while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
        i--;
    unsigned cp = 0;
    if (i > 0)
        pc_utf8_decode(b->data + i - 1, b->len - i + 1, &cp);
    return cp;
}

/* Adds s to the words, escaped for the caption sink (which reads WebVTT
 * markup: the file's "&lt;v X&gt;", "a < b" or "{\an8}" are words
 * here; a caption's "- " dialogue lines and ">>" keep their meaning). */
static void add_text(ttml *t, const char *s)
{
    if (t->after_word && *s && !strchr(" \t\r\n.,;:!?)]}%", *s)) {
        unsigned first = 0;
        pc_utf8_decode(s, strlen(s), &first);
        if (!(pc_cp_is_cjk(first) && pc_cp_is_cjk(last_cp(&t->text))) && !pc_buf_putc(&t->text, ' '))
            t->nomem = true;
    }
    if (*s)
        t->after_word = false;
    for (; *s && !t->nomem; s++) {
        bool ok = *s == '<'   ? pc_buf_puts(&t->text, "&lt;")
                : *s == '&' ? pc_buf_puts(&t->text, "&amp;")
                : *s == '{' ? pc_buf_puts(&t->text, "&#123;")
                            : pc_buf_putc(&t->text, *s);
        if (!ok)
            t->nomem = true;
    }
}

/* A word of Apple's transcripts: <span podcasts:unit="word"> (any
 * namespace: the attribute is Apple's own). */
static bool word_span(const xmlNode *n)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, "unit") && a->children && a->children->content &&
            !strcmp((const char *)a->children->content, "word"))
            return true;
    return false;
}

/* Elements whose words are not read: TTML's metadata, animation and
 * image elements, and any element of its metadata namespace. */
static bool unread(const xmlNode *n)
{
    static const char *const skip[] = {"metadata", "set", "animate", "animation", "image", "head", "layout", "styling"};
    if (ns_is(n->ns, "#metadata"))
        return true;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (is_tt(n, skip[i]))
            return true;
    return false;
}

/* The words of a <p> (or span) n said by voice: text, <br/> as a line
 * break, spans with their own agent as that speaker's pieces. */
static void read_inline(ttml *t, const xmlNode *n, const char *voice)
{
    for (const xmlNode *c = n->children; c && !t->nomem; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            if (s[strspn(s, " \t\r\n")] && voice != t->voice) { /* blanks between spans change no one */
                if (!voice || !t->voice || strcmp(voice, t->voice))
                    flush(t);
                t->voice = voice;
            }
            add_text(t, s);
        } else if (c->type != XML_ELEMENT_NODE || unread(c)) {
            continue;
        } else if (is_tt(c, "br")) {
            if (!pc_buf_putc(&t->text, '\n'))
                t->nomem = true;
        } else {
            const char *own = agent_name(t, attr(c, "agent", "#metadata"));
            read_inline(t, c, own ? own : voice);
            t->after_word = t->after_word || word_span(c);
        }
    }
}

/* The offset in src's body of the start of its line'th line (1-based,
 * counted in the body), or the body's size. */
static size_t body_line_start(const pc_source *src, long line)
{
    size_t i = 0;
    for (long l = 1; l < line && i < src->body_size; i++)
        if (src->body[i] == '\n')
            l++;
    return i;
}

/* Is the attribute local="value" (any prefix, either quote) written at
 * body[i..n)? *named: its name and '=' are there, whatever the value. */
static bool attr_written_at(const char *body, size_t i, size_t n, const char *local, const char *value, bool *named)
{
    size_t k = strlen(local);
    *named = false;
    if (i == 0 || !strchr(" \t\r\n:", body[i - 1]) || i + k > n || memcmp(body + i, local, k))
        return false;
    for (i += k; i < n && strchr(" \t\r\n", body[i]);)
        i++;
    if (i >= n || body[i++] != '=')
        return false;
    while (i < n && strchr(" \t\r\n", body[i]))
        i++;
    if (i >= n || (body[i] != '"' && body[i] != '\''))
        return false;
    *named = true;
    size_t v = strlen(value);
    return i + 1 + v < n && !memcmp(body + i + 1, value, v) && body[i + 1 + v] == body[i];
}

/* Where n's attribute local="value" is written: libxml2 gives only the
 * line where a start tag ends, so the first such attribute from the
 * line of the element before n (its previous sibling or its parent) to
 * the end of n's line; n's line and column 1 when it is not found. */
static void attr_position(const ttml *t, const xmlNode *n, const char *local, const char *value,
                          unsigned long *line, unsigned long *col)
{
    const xmlNode *before = xmlPreviousElementSibling((xmlNode *)n);
    if (!before && n->parent && n->parent->type == XML_ELEMENT_NODE)
        before = n->parent;
    long from = before ? xmlGetLineNo(before) : 1, to = xmlGetLineNo(n);
    size_t i = body_line_start(t->src, from > 0 ? from : 1), end = body_line_start(t->src, to + 1), hit = SIZE_MAX;
    for (; i < end; i++) {
        bool named;
        if (attr_written_at(t->src->body, i, end, local, value, &named))
            break;
        if (named && hit == SIZE_MAX)
            hit = i;
    }
    if (i < end || hit != SIZE_MAX) {
        size_t at = i < end ? i : hit;
        if (t->src->body[at - 1] == ':') /* at the prefix of "ttp:timeBase" */
            for (at--; at > 0 && !strchr(" \t\r\n", t->src->body[at - 1]);)
                at--;
        pc_body_position(t->src, at, line, col);
        return;
    }
    *line = line_of(t, n);
    *col = 1;
}

/* A time attribute of n, relative to its container's begin base_s (<
 * 0: none) as TTML says, except where a container that also ends at
 * base_end_s (>= 0) holds it as a time of the whole file (Apple's
 * transcripts repeat each div's begin on its first p); -1 when absent.
 * A time that is there but no TTML time is an error where it is written. */
static double time_attr(ttml *t, const xmlNode *n, const char *name, double base_s, double base_end_s)
{
    const char *v = attr(n, name, NULL);
    double x;
    const char *why;
    if (!v)
        return -1;
    if (!pc_ttml_time(v, &t->rates, &x, &why)) {
        unsigned long line, col;
        attr_position(t, n, name, v, &line, &col);
        if (t->bad == PCAST_OK && why)
            t->bad = pc_error_set(t->err, PCAST_ERR_INPUT, t->src->name, line, col,
                                  "<%s %s=\"%.40s\">: not a timecode: %s", (const char *)n->name, name, v, why);
        else if (t->bad == PCAST_OK)
            t->bad = pc_error_set(t->err, PCAST_ERR_INPUT, t->src->name, line, col,
                                  "<%s %s=\"%.40s\">: not a TTML time (00:01:02.345, 00:01:02:10, "
                                  "62.3s, 1500ms, 90f, 1000t)", (const char *)n->name, name, v);
        return -1;
    }
    if (base_end_s >= 0 && x >= base_s && x <= base_end_s)
        return x;
    return (base_s > 0 ? base_s : 0) + x;
}

/* A <p> (or a span in a div): its words as a piece from its begin to
 * its end. Returns its end (< 0: not known). */
static double read_p(ttml *t, const xmlNode *p, double base_s, double base_end_s, const char *voice)
{
    double b = time_attr(t, p, "begin", base_s, base_end_s), e = time_attr(t, p, "end", base_s, base_end_s);
    double d = time_attr(t, p, "dur", 0, -1);
    t->start_s = b >= 0 ? b : base_s;
    t->end_s = e >= 0 ? e : d >= 0 && t->start_s >= 0 ? t->start_s + d : -1;
    t->line = line_of(t, p);
    t->voice = NULL;
    t->after_word = false;
    const char *own = agent_name(t, attr(p, "agent", "#metadata"));
    read_inline(t, p, own ? own : voice);
    double end_s = t->end_s;
    flush(t);
    return end_s;
}

/* Is n a sequential time container (timeContainer="seq": each child
 * begins where the one before it ends)? */
static bool seq_container(const xmlNode *n)
{
    const char *c = attr(n, "timeContainer", NULL);
    return c && !strcmp(c, "seq");
}

/* body and its divs: each <p> a piece, times relative to the
 * container's begin (base_s < 0: none; it ends at base_end_s, < 0:
 * not said), the agent inherited; in a seq container each child's
 * times are relative to the end of the child before it, and a child
 * after one whose end is not known is an error (its time would be a
 * guess). Returns the end of the latest child (< 0: not known). */
static double read_block(ttml *t, const xmlNode *n, double base_s, double base_end_s, const char *voice)
{
    bool seq = seq_container(n);
    double cursor_s = base_s > 0 ? base_s : 0, last_s = -1;
    const xmlNode *unended = NULL;
    for (const xmlNode *c = n->children; c && !t->nomem && t->bad == PCAST_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || unread(c))
            continue;
        if (seq && unended) {
            t->bad = pc_error_set(t->err, PCAST_ERR_INPUT, t->src->name, line_of(t, c), 1,
                                  "<%s> in a seq time container follows a <%s> with no end or dur "
                                  "(line %lu): its begin is not known",
                                  (const char *)c->name, (const char *)unended->name, line_of(t, unended));
            break;
        }
        double cb = seq ? cursor_s : base_s, ce = seq ? -1 : base_end_s, end_s;
        const char *own = agent_name(t, attr(c, "agent", "#metadata"));
        if (is_tt(c, "p") || is_tt(c, "span")) {
            end_s = read_p(t, c, cb, ce, own ? own : voice);
        } else {
            double b = time_attr(t, c, "begin", cb, ce), e = time_attr(t, c, "end", cb, ce);
            double d = time_attr(t, c, "dur", 0, -1), inner;
            if (seq && b < 0)
                b = cb;
            inner = read_block(t, c, b >= 0 ? b : cb, b >= 0 ? e : ce, own ? own : voice);
            end_s = e >= 0 ? e : d >= 0 && b >= 0 ? b + d : inner;
        }
        if (end_s >= 0)
            cursor_s = end_s;
        else
            unended = c;
        if (end_s > last_s)
            last_s = end_s;
    }
    return seq ? (unended ? -1 : cursor_s) : last_s;
}

static pcast_status read_ttml(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    xmlDoc *x;
    pcast_status st = pc_xml_read(src, "TTML", &x, err);
    if (st != PCAST_OK)
        return st;
    ttml t = {.doc = doc, .src = src, .err = err, .cues = {.doc = doc, .last_end_s = -1}};
    xmlNode *tt = xmlDocGetRootElement(x);
    if (!tt || strcmp((const char *)tt->name, "tt") || (tt->ns && !ns_is(tt->ns, "")))
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, tt ? line_of(&t, tt) : src->body_line, 1,
                          "not a TTML document: the root element is <%.40s>, not <tt xmlns=\"http://www.w3.org/ns/ttml\">",
                          tt ? (const char *)tt->name : "");
    const char *why, *bad_rate = st == PCAST_OK ? pc_ttml_read_rates(tt_param, tt, &t.rates, &why) : NULL;
    if (bad_rate) {
        unsigned long line, col;
        attr_position(&t, tt, bad_rate, attr(tt, bad_rate, "#parameter"), &line, &col);
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, "ttp:%s=\"%.40s\": %s", bad_rate,
                          attr(tt, bad_rate, "#parameter"), why);
    }
    if (st == PCAST_OK) {
        const char *lang = attr(tt, "lang", "xml");
        if (lang && *lang && strlen(lang) < 36 && !(doc->lang = pc_arena_strdup(doc->arena, lang)))
            t.nomem = true;
        for (const xmlNode *c = tt->children; c; c = c->next)
            if (is_tt(c, "head"))
                read_head(&t, c);
        for (const xmlNode *c = tt->children; c && !t.nomem; c = c->next)
            if (is_tt(c, "body")) {
                double b = time_attr(&t, c, "begin", -1, -1), e = time_attr(&t, c, "end", -1, -1);
                read_block(&t, c, b, b >= 0 ? e : -1, agent_name(&t, attr(c, "agent", "#metadata")));
            }
        if (!pc_cues_finish(&t.cues))
            t.nomem = true;
        st = t.bad != PCAST_OK ? t.bad : t.nomem ? pc_error_nomem(err) : PCAST_OK;
    } else {
        pc_cues_finish(&t.cues);
    }
    pc_buf_free(&t.text);
    pc_strmap_free(&t.agents);
    free(t.names);
    xmlFreeDoc(x);
    return st;
}

/* A document whose root (after an XML declaration, comments and
 * blanks, within the first 4 KiB) is a <tt> or <prefix:tt>, with TTML's
 * namespace named there. */
static int sniff_ttml(const char *body, size_t n)
{
    size_t look = n < 4096 ? n : 4096, i = pc_xml_prolog_end(body, look);
    if (i >= look || body[i] != '<')
        return 0;
    size_t name = ++i;
    while (name < look && !strchr(":> \t\r\n/", body[name]))
        name++;
    if (name < look && body[name] == ':')
        i = name + 1;
    if (i + 3 > look || memcmp(body + i, "tt", 2) || !strchr(" \t\r\n>", body[i + 2]))
        return 0;
    return pc_xml_find(body, look, "http://www.w3.org/ns/ttml", 25) || pc_xml_find(body, look, "/ttaf1", 6) ? 95 : 0;
}

static const char *const ttml_extensions[] = {".ttml", ".dfxp", ".ttml2", NULL};

const pc_reader pc_reader_ttml = {
    .name = "ttml",
    .extensions = ttml_extensions,
    .sniff = sniff_ttml,
    .read = read_ttml,
};
