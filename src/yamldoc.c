/* yamldoc: one YAML document loaded with libyaml, errors with positions. */
#include "yamldoc.h"

#include "error.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* How deep [ and { may nest. libyaml looks at every open flow level for
 * each token (its simple keys), so 200,000 levels took 172 s; no front
 * matter, cast or preset nests more than a few. */
#define FLOW_DEPTH_MAX 64

/* Scans text[0..n) with libyaml's own scanner, token by token, and stops
 * at the first flow collection that opens level FLOW_DEPTH_MAX + 1:
 * true with its mark. The scanner reads ahead at most 1024 bytes or to
 * the line's end, and every token it looks at costs at most the levels
 * open, so this stays linear. A syntax error stops it (false): the load
 * reports it. */
static bool too_deep(const char *text, size_t n, yaml_mark_t *at)
{
    yaml_parser_t p;
    yaml_token_t tok;
    int depth = 0;
    bool deep = false, end = false;
    if (!yaml_parser_initialize(&p))
        return false; /* the load meets ENOMEM too */
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    while (!deep && !end && yaml_parser_scan(&p, &tok)) {
        if (tok.type == YAML_FLOW_SEQUENCE_START_TOKEN || tok.type == YAML_FLOW_MAPPING_START_TOKEN) {
            deep = ++depth > FLOW_DEPTH_MAX;
            *at = tok.start_mark;
        } else if (tok.type == YAML_FLOW_SEQUENCE_END_TOKEN || tok.type == YAML_FLOW_MAPPING_END_TOKEN) {
            depth--;
        }
        end = tok.type == YAML_STREAM_END_TOKEN;
        yaml_token_delete(&tok);
    }
    yaml_parser_delete(&p);
    return deep;
}

static int by_key(const void *a, const void *b)
{
    const yaml_node_t *x = *(yaml_node_t *const *)a, *y = *(yaml_node_t *const *)b;
    size_t n = x->data.scalar.length < y->data.scalar.length ? x->data.scalar.length
                                                             : y->data.scalar.length;
    int c = memcmp(x->data.scalar.value, y->data.scalar.value, n);
    if (!c)
        c = (x->data.scalar.length > n) - (y->data.scalar.length > n);
    return c ? c : (x->start_mark.index > y->start_mark.index) - (x->start_mark.index < y->start_mark.index);
}

/* The second of two equal scalar keys in one mapping of doc, with the
 * first in *first; NULL when every key is once (or out of memory: the
 * load goes on as libyaml gives it, the last one winning). Sorting keeps
 * a mapping of a million keys at n log n. */
static const yaml_node_t *twice(yaml_document_t *doc, const yaml_node_t **first)
{
    const yaml_node_t *dup = NULL;
    yaml_node_t **keys = NULL;
    size_t cap = 0;
    for (yaml_node_t *m = doc->nodes.start; !dup && m < doc->nodes.top; m++) {
        if (m->type != YAML_MAPPING_NODE)
            continue;
        size_t n = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start), k = 0;
        if (n < 2)
            continue;
        if (n > cap) {
            yaml_node_t **grown = realloc(keys, n * sizeof *grown);
            if (!grown)
                break;
            keys = grown;
            cap = n;
        }
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            yaml_node_t *key = yaml_document_get_node(doc, p->key);
            if (key && key->type == YAML_SCALAR_NODE && strcmp((const char *)key->data.scalar.value, "<<"))
                keys[k++] = key;
        }
        qsort(keys, k, sizeof *keys, by_key);
        for (size_t i = 1; !dup && i < k; i++)
            if (keys[i]->data.scalar.length == keys[i - 1]->data.scalar.length &&
                !memcmp(keys[i]->data.scalar.value, keys[i - 1]->data.scalar.value,
                        keys[i]->data.scalar.length)) {
                dup = keys[i];
                *first = keys[i - 1];
            }
    }
    free(keys);
    return dup;
}

pcast_status pc_yaml_load(yaml_document_t *doc, const char *file, const char *text, size_t n,
                          unsigned long first_line, pcast_status status, const char *what,
                          pcast_error *err)
{
    yaml_mark_t at;
    if (too_deep(text, n, &at))
        return pc_error_set(err, status, file, first_line + at.line, at.column + 1,
                            "%s nests [ and { more than %d deep", what, FLOW_DEPTH_MAX);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return pc_error_nomem(err);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    pcast_status st = PCAST_OK;
    if (!yaml_parser_load(&parser, doc)) {
        const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
        st = parser.error == YAML_MEMORY_ERROR
                 ? pc_error_nomem(err)
                 : pc_error_set(err, status, file, first_line + m->line, m->column + 1,
                                "%s is not valid YAML: %s%s%s", what,
                                parser.problem ? parser.problem : "syntax error",
                                parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    const yaml_node_t *first, *dup = st ? NULL : twice(doc, &first);
    if (dup) { /* libyaml keeps both; which one was meant is not known */
        char key[64];
        const char *k = (const char *)dup->data.scalar.value;
        size_t kn = strcspn(k, "\n"), cut = kn < 40 ? kn : 40;
        while (cut < kn && cut && ((unsigned char)k[cut] & 0xC0) == 0x80)
            cut--; /* not inside a character */
        snprintf(key, sizeof key, "%.*s%s", (int)cut, k, cut < kn || k[kn] ? "..." : "");
        st = pc_error_set(err, status, file, first_line + dup->start_mark.line,
                          dup->start_mark.column + 1, "%s gives '%s' twice (first at line %lu)",
                          what, key, first_line + (unsigned long)first->start_mark.line);
        yaml_document_delete(doc);
    }
    return st;
}
