/* reader_xml: what the XML readers (TTML, YouTube's timedtext) share: a
 * parse with libxml2 that fetches nothing and expands no entity, and a
 * look past the prolog for sniffing. Private; not installed. */
#ifndef POSTCAST_READER_XML_H
#define POSTCAST_READER_XML_H

#include "error.h"
#include "source.h"

#include <libxml/tree.h>

/* src's body as an XML tree in *x (the caller xmlFreeDoc()s it): no
 * network, no DTD loading, no entity substitution, libxml2's depth and
 * size limits kept. A file with a DOCTYPE is refused before or after
 * parsing (its entities could expand without bound), as is one over 2
 * GiB; what ("TTML") names the format in those errors. On failure *x
 * is NULL and err says FILE:LINE:COL (the first error libxml2 meets). */
pcast_status pc_xml_read(const pc_source *src, const char *what, xmlDoc **x, pcast_error *err);

/* The line of node n in src's file. */
unsigned long pc_xml_line(const pc_source *src, const xmlNode *n);

/* The offset in body[0..n) past a byte-order mark, blanks, the XML
 * declaration, processing instructions and comments; n when one of
 * those never ends. */
size_t pc_xml_prolog_end(const char *body, size_t n);

/* Where needle[0..k) first occurs in s[0..n), or NULL. */
const char *pc_xml_find(const char *s, size_t n, const char *needle, size_t k);

#endif
