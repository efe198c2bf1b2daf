/* reader_timedtext: YouTube's own caption XML ("timedtext"), as its
 * player fetches it and yt-dlp saves it (--sub-format srv1, srv2, srv3):
 *   srv1  <transcript><text start="1.2" dur="2.5">words</text></transcript>
 *         (seconds; the words escaped once more than XML needs: &amp;#39;)
 *   srv2  <timedtext><text t="1200" d="2500">words</text></timedtext> (ms)
 *   srv3  <timedtext format="3"><body><p t="1200" d="2500"><s>word</s>
 *         <s t="400"> word</s></p></body></timedtext> (ms; auto-captions'
 *         word spans join, <br/> breaks a line)
 * Each cue is a caption piece (captions.h), as a WebVTT cue is: ">>" and
 * dialogue dashes change the speaker, sound notes go, a silence of 2 s
 * ends a paragraph. Parsed as TTML is (reader_xml.h: nothing fetched,
 * no DOCTYPE); a time that is no number is an error at its element. */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "reader_xml.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

typedef struct timedtext {
    const pc_source *src;
    pc_cues cues;
    pc_buf text;
    pcast_error *err;
    pcast_status bad;  /* PCAST_OK, or the error err holds */
    bool seconds;      /* srv1: start and dur in seconds */
    bool nomem;
    size_t cue_count;  /* cues with words */
} timedtext;

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* Appends the words under n (text, and each <br/> as a line break) to
 * t->text; libxml2 bounds the depth. */
static void gather(timedtext *t, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !t->nomem; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content)
            t->nomem = !pc_buf_puts(&t->text, (const char *)c->content);
        else if (named(c, "br"))
            t->nomem = !pc_buf_putc(&t->text, '\n');
        else if (c->type == XML_ELEMENT_NODE)
            gather(t, c);
    }
}

/* Attribute name of cue as seconds (its unit: 1 or 0.001); -1 when it
 * is absent, and an error (t->bad) when it is no time. */
static double time_attr(timedtext *t, const xmlNode *cue, const char *name, double unit_s)
{
    xmlChar *v = xmlGetProp(cue, (const xmlChar *)name);
    if (!v)
        return -1;
    char *end;
    double x = strtod((const char *)v, &end);
    bool ok = end != (char *)v && !*end && x >= 0 && x < 1e12;
    if (!ok && t->bad == PCAST_OK)
        t->bad = pc_error_set(t->err, PCAST_ERR_INPUT, t->src->name, pc_xml_line(t->src, cue), 1,
                              "<%s %s=\"%.40s\">: not a time (%s)", (const char *)cue->name, name,
                              (const char *)v, unit_s == 1 ? "seconds, as 1.25" : "milliseconds, as 1250");
    xmlFree(v);
    return ok ? x * unit_s : -1;
}

/* A cue (<text> or <p>): its words as a piece from its start to its end. */
static void read_cue(timedtext *t, const xmlNode *cue)
{
    double unit_s = t->seconds ? 1 : 0.001;
    double t0 = time_attr(t, cue, t->seconds ? "start" : "t", unit_s);
    double d = time_attr(t, cue, t->seconds ? "dur" : "d", unit_s);
    pc_buf_clear(&t->text);
    gather(t, cue);
    size_t a = 0, n = t->text.len;
    while (a < n && strchr(" \t\r\n", t->text.data[a]))
        a++;
    if (t->nomem || t->bad != PCAST_OK || a == n)
        return;
    t->cue_count++;
    t->nomem = !pc_cues_add(&t->cues, NULL, t->text.data + a, n - a, t0, t0 >= 0 && d >= 0 ? t0 + d : -1,
                            pc_xml_line(t->src, cue), 0);
}

static pcast_status read_timedtext(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    xmlDoc *x;
    pcast_status st = pc_xml_read(src, "timedtext", &x, err);
    if (st != PCAST_OK)
        return st;
    const xmlNode *root = xmlDocGetRootElement(x);
    timedtext t = {.src = src, .cues = {.doc = doc, .last_end_s = -1}, .err = err,
                   .seconds = root && named(root, "transcript")};
    if (!root || (!named(root, "timedtext") && !t.seconds)) {
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, root ? pc_xml_line(src, root) : src->body_line, 1,
                          "not YouTube timedtext: the root element is <%.40s>, not <timedtext> or <transcript>",
                          root ? (const char *)root->name : "");
        xmlFreeDoc(x);
        return st;
    }
    /* srv1 and srv2: <text> under the root; srv3: <p> under <body> */
    for (const xmlNode *c = root->children; c && !t.nomem && t.bad == PCAST_OK; c = c->next)
        if (named(c, "text"))
            read_cue(&t, c);
        else if (named(c, "body"))
            for (const xmlNode *p = c->children; p && !t.nomem && t.bad == PCAST_OK; p = p->next)
                if (named(p, "p") || named(p, "text"))
                    read_cue(&t, p);
    t.nomem = !pc_cues_finish(&t.cues) || t.nomem;
    st = t.bad != PCAST_OK ? t.bad : t.nomem ? pc_error_nomem(err) : PCAST_OK;
    if (st == PCAST_OK && !t.cue_count)
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, pc_xml_line(src, root), 1,
                          "no words: no caption in <%s> holds text", (const char *)root->name);
    pc_buf_free(&t.text);
    xmlFreeDoc(x);
    return st;
}

/* A document whose root (past the prolog, within the first 4 KiB) is
 * <timedtext>, or srv1's <transcript> with a <text start=...> in it. */
static int sniff_timedtext(const char *body, size_t n)
{
    size_t look = n < 4096 ? n : 4096, i = pc_xml_prolog_end(body, look);
    if (look - i >= 11 && !memcmp(body + i, "<timedtext", 10) && strchr(" \t\r\n>", body[i + 10]))
        return 95;
    if (look - i >= 12 && !memcmp(body + i, "<transcript", 11) && strchr(" \t\r\n>", body[i + 11]) &&
        pc_xml_find(body + i, look - i, "<text start=", 12))
        return 95;
    return 0;
}

static const char *const timedtext_extensions[] = {".srv1", ".srv2", ".srv3", NULL};

const pc_reader pc_reader_timedtext = {
    .name = "timedtext",
    .extensions = timedtext_extensions,
    .sniff = sniff_timedtext,
    .read = read_timedtext,
};
