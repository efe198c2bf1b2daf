/* toml: Hugo's front matter (TOML between +++ lines) as the YAML
 * document the front-matter reader walks (see toml.h).
 *
 * The subset a post's front matter uses: key = value lines with bare,
 * quoted or dotted keys; [table] and [[array of tables]] headers; basic
 * and literal strings, one-line or multi-line; integers, floats,
 * booleans and dates (kept as their text, a plain scalar, as YAML would
 * give them); arrays (over several lines too) and inline tables. Each
 * node carries the line and column of its value, so the front-matter
 * reader's messages point into the post. One pass, linear in the text;
 * nesting is bounded. */
#include "toml.h"

#include "buf.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 32
/* keys in all (each is looked up among its table's: quadratic in a
 * table's size, so bounded; a post's front matter has a few dozen) */
#define MAX_KEYS 4096

typedef struct parser {
    yaml_document_t *doc;
    const char *file, *end, *line_start;
    const char *p;
    const char *whose; /* for messages: "front matter", "the site config" */
    unsigned long line, first_line; /* line: 0-based within the text */
    pcast_error *err;
    pcast_status st;
    pc_buf text; /* a string's value being built */
    size_t keys; /* made so far */
} parser;

static bool fail(parser *ps, const char *at, const char *what)
{
    if (!ps->st) {
        unsigned long col = 1;
        for (const char *c = ps->line_start; c < at && c < ps->end; c++)
            col += ((unsigned char)*c & 0xC0) != 0x80;
        ps->st = pc_error_set(ps->err, PCAST_ERR_INPUT, ps->file, ps->first_line + ps->line, col,
                              "%s is not valid TOML: %s", ps->whose, what);
    }
    return false;
}

static bool nomem(parser *ps)
{
    if (!ps->st)
        ps->st = pc_error_nomem(ps->err);
    return false;
}

static void mark(parser *ps, int node, const char *at)
{
    yaml_node_t *n = yaml_document_get_node(ps->doc, node);
    if (n) {
        n->start_mark.line = n->end_mark.line = ps->line;
        n->start_mark.column = n->end_mark.column = (size_t)(at - ps->line_start);
    }
}

static void newline(parser *ps, const char *nl)
{
    ps->line++;
    ps->line_start = nl + 1;
}

/* Past blanks, and (when lines) newlines and comments. */
static void skip(parser *ps, bool lines)
{
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == ' ' || c == '\t' || c == '\r') {
            ps->p++;
        } else if (c == '#') {
            while (ps->p < ps->end && *ps->p != '\n')
                ps->p++;
        } else if (c == '\n' && lines) {
            newline(ps, ps->p);
            ps->p++;
        } else {
            break;
        }
    }
}

static bool bare_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

static bool put_code_point(parser *ps, const char *at, unsigned long cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return fail(ps, at, "an escape that is no Unicode scalar value");
    return pc_buf_put_cp(&ps->text, (unsigned)cp) || nomem(ps);
}

/* A backslash escape at ps->p (past the backslash) into ps->text. */
static bool escape(parser *ps)
{
    const char *at = ps->p - 1;
    if (ps->p >= ps->end)
        return fail(ps, at, "a string ends in a backslash");
    char c = *ps->p++;
    static const char from[] = "btnfr\"\\e", to[] = "\b\t\n\f\r\"\\\x1b";
    const char *k = strchr(from, c);
    if (k && c)
        return pc_buf_putc(&ps->text, to[k - from]) || nomem(ps);
    if (c != 'u' && c != 'U')
        return fail(ps, at, "an unknown escape in a string");
    int digits = c == 'u' ? 4 : 8;
    unsigned long cp = 0;
    for (int i = 0; i < digits; i++, ps->p++) {
        char h = ps->p < ps->end ? *ps->p : 0;
        int v = h >= '0' && h <= '9' ? h - '0' : (h | 0x20) >= 'a' && (h | 0x20) <= 'f' ? (h | 0x20) - 'a' + 10 : -1;
        if (v < 0)
            return fail(ps, at, "a \\u escape needs hexadecimal digits");
        cp = cp << 4 | (unsigned long)v;
    }
    return put_code_point(ps, at, cp);
}

/* A string at ps->p (its opening quote) into ps->text. */
static bool string(parser *ps)
{
    const char *at = ps->p;
    char q = *ps->p;
    bool multi = ps->end - ps->p >= 3 && ps->p[1] == q && ps->p[2] == q;
    ps->p += multi ? 3 : 1;
    pc_buf_clear(&ps->text);
    if (!pc_buf_reserve(&ps->text, 1))
        return nomem(ps);
    ps->text.data[0] = '\0';
    if (multi && ps->p < ps->end && *ps->p == '\n') { /* a newline right after the quotes goes */
        newline(ps, ps->p);
        ps->p++;
    } else if (multi && ps->end - ps->p >= 2 && ps->p[0] == '\r' && ps->p[1] == '\n') {
        newline(ps, ps->p + 1);
        ps->p += 2;
    }
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == q && (!multi || (ps->end - ps->p >= 3 && ps->p[1] == q && ps->p[2] == q))) {
            ps->p += multi ? 3 : 1;
            return true;
        }
        if (c == '\n') {
            if (!multi)
                return fail(ps, at, "a string that does not end on its line");
            newline(ps, ps->p);
        }
        ps->p++;
        if (c == '\\' && q == '"') {
            if (multi && ps->p < ps->end && (*ps->p == '\n' || *ps->p == ' ' || *ps->p == '\r')) {
                skip(ps, true); /* a line-ending backslash trims to the next text */
                continue;
            }
            if (!escape(ps))
                return false;
        } else if (!pc_buf_putc(&ps->text, c)) {
            return nomem(ps);
        }
    }
    return fail(ps, at, "a string that is never closed");
}

static int value(parser *ps, int depth);

/* A key (bare or quoted) into ps->text. */
static bool key_part(parser *ps)
{
    if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\''))
        return string(ps);
    const char *k = ps->p;
    while (ps->p < ps->end && bare_char(*ps->p))
        ps->p++;
    if (ps->p == k)
        return fail(ps, k, "expected a key");
    pc_buf_clear(&ps->text);
    return pc_buf_append(&ps->text, k, (size_t)(ps->p - k)) || nomem(ps);
}

/* The node of key in mapping (0: none). */
static int lookup(parser *ps, int mapping, const char *key)
{
    yaml_node_t *m = yaml_document_get_node(ps->doc, mapping);
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(ps->doc, pr->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
            !memcmp(k->data.scalar.value, key, k->data.scalar.length))
            return pr->value;
    }
    return 0;
}

static int add_pair(parser *ps, int mapping, const char *key, int v, const char *at)
{
    if (++ps->keys > MAX_KEYS)
        return fail(ps, at, "more than 4096 keys"), 0;
    int k = yaml_document_add_scalar(ps->doc, NULL, (yaml_char_t *)key, -1, YAML_PLAIN_SCALAR_STYLE);
    if (!k || !v || !yaml_document_append_mapping_pair(ps->doc, mapping, k, v))
        return nomem(ps), 0;
    mark(ps, k, at);
    return v;
}

static int new_mapping(parser *ps, const char *at)
{
    int m = yaml_document_add_mapping(ps->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
    if (!m)
        return nomem(ps), 0;
    mark(ps, m, at);
    return m;
}

/* Walks a dotted key from mapping: every part but the last is a table
 * (made when missing; last_array: a [[header]]'s last element); returns
 * the mapping the last part goes in, its name in ps->text. */
static int dotted(parser *ps, int mapping, int depth)
{
    for (;;) {
        const char *at = ps->p;
        if (!key_part(ps))
            return 0;
        skip(ps, false);
        if (ps->p >= ps->end || *ps->p != '.')
            return mapping;
        ps->p++;
        skip(ps, false);
        if (++depth > MAX_DEPTH)
            return fail(ps, at, "tables nested too deep"), 0;
        int next = lookup(ps, mapping, ps->text.data);
        yaml_node_t *n = next ? yaml_document_get_node(ps->doc, next) : NULL;
        if (n && n->type == YAML_SEQUENCE_NODE && n->data.sequence.items.top > n->data.sequence.items.start)
            next = n->data.sequence.items.top[-1];
        else if (n && n->type != YAML_MAPPING_NODE)
            return fail(ps, at, "a key is a value and a table"), 0;
        else if (!n && !(next = add_pair(ps, mapping, ps->text.data, new_mapping(ps, at), at)))
            return 0;
        mapping = next;
    }
}

/* An array at ps->p ('['), over lines. */
static int array(parser *ps, int depth)
{
    const char *at = ps->p++;
    int seq = yaml_document_add_sequence(ps->doc, NULL, YAML_FLOW_SEQUENCE_STYLE);
    if (!seq)
        return nomem(ps), 0;
    mark(ps, seq, at);
    for (;;) {
        skip(ps, true);
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            return seq;
        }
        int v = value(ps, depth + 1);
        if (!v)
            return 0;
        if (!yaml_document_append_sequence_item(ps->doc, seq, v))
            return nomem(ps), 0;
        skip(ps, true);
        if (ps->p < ps->end && *ps->p == ',')
            ps->p++;
        else if (ps->p >= ps->end || *ps->p != ']')
            return fail(ps, ps->p, "expected ',' or ']' in an array"), 0;
    }
}

static bool assignment(parser *ps, int mapping, int depth);

/* An inline table at ps->p ('{'), on one line. */
static int inline_table(parser *ps, int depth)
{
    const char *at = ps->p++;
    int m = new_mapping(ps, at);
    skip(ps, false);
    if (m && ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return m;
    }
    while (m) {
        skip(ps, false);
        if (!assignment(ps, m, depth + 1))
            return 0;
        skip(ps, false);
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            return m;
        }
        if (ps->p >= ps->end || *ps->p != ',')
            return fail(ps, ps->p, "expected ',' or '}' in an inline table"), 0;
        ps->p++;
    }
    return 0;
}

static int value(parser *ps, int depth)
{
    const char *at = ps->p;
    if (depth > MAX_DEPTH)
        return fail(ps, at, "values nested too deep"), 0;
    if (ps->p >= ps->end || *ps->p == '\n' || *ps->p == '#')
        return fail(ps, at, "expected a value"), 0;
    if (*ps->p == '[')
        return array(ps, depth);
    if (*ps->p == '{')
        return inline_table(ps, depth);
    int v;
    if (*ps->p == '"' || *ps->p == '\'') {
        if (!string(ps))
            return 0;
        v = yaml_document_add_scalar(ps->doc, NULL, (yaml_char_t *)ps->text.data, (int)ps->text.len,
                                     YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    } else {
        /* a number, boolean or date: its text (a date may hold one blank) */
        const char *e = ps->p;
        while (e < ps->end && (bare_char(*e) || strchr("+.:", *e) ||
                               (*e == ' ' && e + 1 < ps->end && e[1] >= '0' && e[1] <= '9' &&
                                e - ps->p == 10)))
            e++;
        if (e == ps->p)
            return fail(ps, at, "expected a value (a quoted string, a number, true/false or a date)"), 0;
        v = yaml_document_add_scalar(ps->doc, NULL, (yaml_char_t *)ps->p, (int)(e - ps->p),
                                     YAML_PLAIN_SCALAR_STYLE);
        ps->p = e;
    }
    if (!v)
        return nomem(ps), 0;
    mark(ps, v, at);
    return v;
}

/* key = value into mapping. */
static bool assignment(parser *ps, int mapping, int depth)
{
    const char *at = ps->p;
    int m = dotted(ps, mapping, depth);
    if (!m)
        return false;
    char *key = pc_buf_take(&ps->text);
    if (!key)
        return nomem(ps);
    bool ok = false;
    skip(ps, false);
    if (ps->p >= ps->end || *ps->p != '=') {
        fail(ps, ps->p, "expected '=' after a key");
    } else if (lookup(ps, m, key)) {
        fail(ps, at, "a key given twice");
    } else {
        ps->p++;
        skip(ps, false);
        int v = value(ps, depth);
        ok = v && add_pair(ps, m, key, v, at);
    }
    free(key);
    return ok;
}

/* A [table] or [[array of tables]] header at ps->p: the mapping the
 * lines below it fill. */
static int header(parser *ps, int root)
{
    const char *at = ps->p;
    bool aot = ps->end - ps->p >= 2 && ps->p[1] == '[';
    ps->p += aot ? 2 : 1;
    skip(ps, false);
    int m = dotted(ps, root, 0);
    if (!m)
        return 0;
    char *key = pc_buf_take(&ps->text);
    if (!key)
        return nomem(ps), 0;
    skip(ps, false);
    int out = 0;
    if (ps->end - ps->p < (aot ? 2 : 1) || ps->p[0] != ']' || (aot && ps->p[1] != ']')) {
        fail(ps, ps->p, aot ? "expected ']]' after a table's name" : "expected ']' after a table's name");
    } else {
        ps->p += aot ? 2 : 1;
        int old = lookup(ps, m, key);
        yaml_node_t *n = old ? yaml_document_get_node(ps->doc, old) : NULL;
        if (!aot && n) {
            fail(ps, at, "a table given twice");
        } else if (!aot) {
            out = add_pair(ps, m, key, new_mapping(ps, at), at);
        } else if (n && n->type != YAML_SEQUENCE_NODE) {
            fail(ps, at, "an array of tables that is already a value");
        } else {
            int seq = old ? old : yaml_document_add_sequence(ps->doc, NULL, YAML_BLOCK_SEQUENCE_STYLE);
            if (!seq || (!old && !add_pair(ps, m, key, seq, at)) || !(out = new_mapping(ps, at)) ||
                !yaml_document_append_sequence_item(ps->doc, seq, out)) {
                nomem(ps);
                out = 0;
            }
        }
    }
    free(key);
    return out;
}

pcast_status pc_toml_load(yaml_document_t *doc, const char *file, const char *text, size_t n,
                          unsigned long first_line, const char *whose, pcast_error *err)
{
    memset(doc, 0, sizeof *doc);
    if (!yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1))
        return pc_error_nomem(err);
    parser ps = {.doc = doc, .file = file, .end = text + n, .line_start = text,
                 .p = text, .first_line = first_line, .err = err,
                 .whose = whose ? whose : "front matter"};
    int root = new_mapping(&ps, text), table = root;
    while (!ps.st && ps.p < ps.end) {
        skip(&ps, true);
        if (ps.p >= ps.end)
            break;
        if (*ps.p == '[')
            table = header(&ps, root);
        else
            assignment(&ps, table, 0);
        if (ps.st)
            break;
        skip(&ps, false);
        if (ps.p < ps.end && *ps.p != '\n')
            fail(&ps, ps.p, "more after a value on its line");
    }
    pc_buf_free(&ps.text);
    if (ps.st)
        yaml_document_delete(doc);
    return ps.st;
}
