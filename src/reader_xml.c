/* reader_xml: the XML parse and prolog scan the TTML and timedtext
 * readers share. */
#include "reader_xml.h"

#include "captions.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

const char *pc_xml_find(const char *s, size_t n, const char *needle, size_t k)
{
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && !memcmp(s + i, needle, k))
            return s + i;
    return NULL;
}

size_t pc_xml_prolog_end(const char *body, size_t n)
{
    size_t i = n >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3) ? 3 : 0;
    for (;;) {
        while (i < n && strchr(" \t\r\n", body[i]))
            i++;
        if (i + 4 > n || (memcmp(body + i, "<?", 2) && memcmp(body + i, "<!--", 4)))
            return i;
        bool pi = body[i + 1] == '?';
        const char *end = pc_xml_find(body + i + 2, n - i - 2, pi ? "?>" : "-->", pi ? 2 : 3);
        if (!end)
            return n;
        i = (size_t)(end - body) + (pi ? 2 : 3);
    }
}

/* The first error libxml2 meets (the later ones follow from it: an end
 * tag that does not match is the trouble, not the "premature end" it
 * leads to); set as the parser context's own structured handler, never
 * libxml2's global one. */
typedef struct first_error {
    bool seen;
    int line, column;
    char message[200];
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e)
{
    first_error *f = ((xmlParserCtxt *)ctx)->_private;
    if (!f || f->seen || !e || e->level < XML_ERR_ERROR)
        return;
    f->seen = true;
    f->line = e->line;
    f->column = e->int2;
    size_t n = e->message ? strlen(e->message) : 0;
    while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
        n--;
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth"))
        snprintf(f->message, sizeof f->message, "elements nested more than 256 deep");
    else
        snprintf(f->message, sizeof f->message, "%.*s", (int)n, e->message ? e->message : "");
}

/* src's body as an XML tree in *out (xmlFreeDoc it), parsed from
 * memory with no network, no DTD loading and no entity substitution
 * (no XML_PARSE_NOENT, DTDLOAD or HUGE: libxml2's depth and size limits
 * stay). When it is not well-formed, *out is NULL and err says the
 * first error's FILE:LINE:COL. */
static pcast_status parse(const pc_source *src, xmlDoc **out, pcast_error *err)
{
    first_error f = {0};
    pcast_status st = PCAST_OK;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!(*out = NULL) && !ctxt)
        return pc_error_nomem(err);
    ctxt->_private = &f;
    ctxt->sax->serror = keep_first;
    xmlDoc *x = xmlCtxtReadMemory(ctxt, src->body, (int)src->body_size, src->name, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    if (!x || f.seen) {
        xmlFreeDoc(x);
        x = NULL;
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, (f.line > 0 ? (unsigned long)f.line : 1) + src->body_line - 1,
                     f.column > 0 ? (unsigned long)f.column : 1, "not well-formed XML: %s",
                     f.seen ? f.message : "libxml2 gave up");
    }
    xmlFreeParserCtxt(ctxt);
    *out = x;
    return st;
}

unsigned long pc_xml_line(const pc_source *src, const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return (l > 0 ? (unsigned long)l : 1) + src->body_line - 1;
}

pcast_status pc_xml_read(const pc_source *src, const char *what, xmlDoc **x, pcast_error *err)
{
    *x = NULL;
    if (src->body_size > INT_MAX)
        return pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1, "a %s file over 2 GiB", what);
    size_t dt = pc_xml_prolog_end(src->body, src->body_size);
    unsigned long line = src->body_line, col = 1;
    if (src->body_size - dt >= 9 && !memcmp(src->body + dt, "<!DOCTYPE", 9))
        pc_body_position(src, dt, &line, &col);
    else {
        pcast_status st = parse(src, x, err);
        if (st != PCAST_OK || !(*x)->intSubset)
            return st;
        line = pc_xml_line(src, (xmlNode *)(*x)->intSubset);
        xmlFreeDoc(*x);
        *x = NULL;
    }
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col,
                        "a %s file with a DOCTYPE is not read (its entities could expand without bound)", what);
}
