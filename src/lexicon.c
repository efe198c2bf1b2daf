/* lexicon: YAML and W3C PLS pronunciation lexicons (see lexicon.h). */
#include "internal.h"
#include "engine.h"
#include "lexicon.h"
#include "source.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

typedef struct lex_entry {
    char lang[4];      /* primary subtag, lowercased: "zh", "en" */
    char *word, *reading;
    size_t word_len;
} lex_entry;

struct pc_lexicon {
    lex_entry *v;
    size_t n, cap;
};

pc_lexicon *pc_lexicon_new(void) { return calloc(1, sizeof(pc_lexicon)); }

void pc_lexicon_free(pc_lexicon *lex)
{
    if (!lex)
        return;
    for (size_t i = 0; i < lex->n; i++) {
        free(lex->v[i].word);
        free(lex->v[i].reading);
    }
    free(lex->v);
    free(lex);
}

/* "zh-TW" → "zh", "cmn" → "zh", "en_US" → "en"; Cantonese, "yue" and the
 * tags read as Cantonese (zh-HK, zh-MO, zh-Hant-HK, as pc_reading_kind), →
 * "yue": its readings are Jyutping, which Mandarin cannot use. */
static void primary(const char *tag, char out[4])
{
    size_t k = 0;
    for (; tag && tag[k] && tag[k] != '-' && tag[k] != '_' && k < 3; k++)
        out[k] = (char)((tag[k] >= 'A' && tag[k] <= 'Z') ? tag[k] - 'A' + 'a' : tag[k]);
    out[k] = '\0';
    if (!strcmp(out, "cmn"))
        memcpy(out, "zh", 3);
    else if (!strcmp(out, "zh") && (!strncasecmp(tag + 2, "-hk", 3) || !strncasecmp(tag + 2, "-mo", 3) ||
                                    !strncasecmp(tag + 2, "_hk", 3) || !strncasecmp(tag + 2, "-hant-hk", 8)))
        memcpy(out, "yue", 4);
}

static lex_entry *find(const pc_lexicon *lex, const char *lang, const char *word, size_t n)
{
    char l[4];
    primary(lang, l);
    for (size_t i = 0; lex && i < lex->n; i++)
        if (lex->v[i].word_len == n && !strcmp(lex->v[i].lang, l) && !memcmp(lex->v[i].word, word, n))
            return &lex->v[i];
    return NULL;
}

bool pc_lexicon_add(pc_lexicon *lex, const char *lang, const char *word, const char *reading)
{
    size_t wn = strlen(word);
    /* a reading goes to the engine as it is: it gets the cleaning every
     * spoken text gets (no control bytes, no embedded engine commands) */
    pc_buf clean = {0};
    if (!pc_speech_clean(reading, &clean))
        return false;
    char *r = pc_buf_take(&clean);
    if (!r)
        return false;
    lex_entry *e = find(lex, lang, word, wn);
    if (e) {
        free(e->reading);
        e->reading = r;
        return true;
    }
    char *w = strdup(word);
    if (!w || !pc_grow((void **)&lex->v, &lex->cap, lex->n, sizeof *lex->v)) {
        free(w);
        free(r);
        return false;
    }
    e = &lex->v[lex->n++];
    primary(lang, e->lang);
    e->word = w;
    e->word_len = wn;
    e->reading = r;
    return true;
}

const char *pc_lexicon_find(const pc_lexicon *lex, const char *lang, const char *word, size_t n)
{
    const lex_entry *e = find(lex, lang, word, n);
    return e ? e->reading : NULL;
}

size_t pc_lexicon_max_chars(const pc_lexicon *lex, const char *lang)
{
    char l[4];
    primary(lang, l);
    size_t max = 0;
    for (size_t i = 0; lex && i < lex->n; i++) {
        size_t c = pc_utf8_count(lex->v[i].word, lex->v[i].word_len);
        if (!strcmp(lex->v[i].lang, l) && c > max)
            max = c;
    }
    return max;
}

size_t pc_lexicon_count(const pc_lexicon *lex) { return lex ? lex->n : 0; }

bool pc_lexicon_merge(pc_lexicon *dst, const pc_lexicon *src)
{
    for (size_t i = 0; src && i < src->n; i++)
        if (!pc_lexicon_add(dst, src->v[i].lang, src->v[i].word, src->v[i].reading))
            return false;
    return true;
}

static uint64_t fnv(const char *s, uint64_t h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (h ^ 0xFF) * 1099511628211u;
}

uint64_t pc_lexicon_hash(const pc_lexicon *lex)
{
    uint64_t sum = 0;
    for (size_t i = 0; lex && i < lex->n; i++) {
        uint64_t h = fnv(lex->v[i].lang, 1469598103934665603u);
        h = fnv(lex->v[i].word, h);
        sum += fnv(lex->v[i].reading, h); /* order-independent */
    }
    return sum;
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static pcast_status yaml_fail(pcast_error *err, const char *file, yaml_node_t *n, const char *what)
{
    return pc_error_set(err, PCAST_ERR_INPUT, file, n ? (unsigned long)n->start_mark.line + 1 : 0,
                        n ? (unsigned long)n->start_mark.column + 1 : 0, "lexicon: %s", what);
}

/* One language's mapping: word → reading. */
static pcast_status load_lang(pc_lexicon *lex, yaml_document_t *doc, const char *lang,
                              yaml_node_t *map, const char *file, pcast_error *err)
{
    if (map->type == YAML_SCALAR_NODE) /* `word: reading` with no language above it */
        return pc_error_set(err, PCAST_ERR_INPUT, file, (unsigned long)map->start_mark.line + 1,
                            (unsigned long)map->start_mark.column + 1,
                            "lexicon: '%s: %s' is under no language; put it under one (en:, zh:, "
                            "...): en: {%s: %s}", lang, scalar(map), lang, scalar(map));
    if (map->type != YAML_MAPPING_NODE)
        return yaml_fail(err, file, map, "a language must map words to readings");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key), *v = yaml_document_get_node(doc, p->value);
        const char *w = scalar(k), *r = scalar(v);
        if (!w || !r || !*w)
            return yaml_fail(err, file, v ? v : k, "an entry must be `word: reading`");
        if (!pc_lexicon_add(lex, lang, w, r))
            return pc_error_nomem(err);
    }
    return PCAST_OK;
}

pcast_status pc_lexicon_load_yaml(pc_lexicon *lex, const char *file, const char *text, size_t n,
                                  pcast_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser))
        return pc_error_nomem(err);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    if (!yaml_parser_load(&parser, &doc)) {
        pcast_status st = pc_error_set(err, PCAST_ERR_INPUT, file, (unsigned long)parser.problem_mark.line + 1,
                                       (unsigned long)parser.problem_mark.column + 1,
                                       "lexicon is not valid YAML: %s",
                                       parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_parser_delete(&parser);
    pcast_status st = pc_lexicon_load_yaml_node(lex, &doc, yaml_document_get_root_node(&doc), file, 0, err);
    yaml_document_delete(&doc);
    return st;
}

pcast_status pc_lexicon_load_yaml_node(pc_lexicon *lex, yaml_document_t *doc, yaml_node_t *root,
                                       const char *file, unsigned long line_offset, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    if (root && root->type != YAML_MAPPING_NODE)
        st = yaml_fail(err, file, root, "the top level must map languages (zh, en, ...) to entries");
    for (yaml_node_pair_t *p = root && !st ? root->data.mapping.pairs.start : NULL;
         p && p < root->data.mapping.pairs.top && st == PCAST_OK; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        const char *lang = scalar(k);
        if (!lang)
            st = yaml_fail(err, file, k, "a language key must be a tag such as zh or en");
        else
            st = load_lang(lex, doc, lang, yaml_document_get_node(doc, p->value), file, err);
    }
    if (st != PCAST_OK && err && err->line)
        err->line += line_offset;
    return st;
}

/* The text of an element's first child named name, or NULL (xmlFree it). */
static xmlChar *child_text(xmlNode *n, const char *name, xmlChar **alphabet)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) {
            if (alphabet)
                *alphabet = xmlGetProp(c, (const xmlChar *)"alphabet");
            return xmlNodeGetContent(c);
        }
    return NULL;
}

/* One <lexeme>: each grapheme gets the alias (a respelling) or an x-espeak
 * phoneme string (wrapped in [[ ]]); IPA alone is skipped. */
static bool load_lexeme(pc_lexicon *lex, const char *lang, const char *doc_alpha, xmlNode *lx,
                        size_t *skipped, bool *nomem)
{
    xmlChar *alpha = NULL, *alias = child_text(lx, "alias", NULL);
    xmlChar *ph = alias ? NULL : child_text(lx, "phoneme", &alpha);
    const char *a = alpha ? (const char *)alpha : doc_alpha;
    pc_buf r = {0};
    bool usable = alias || (ph && a && (!strcasecmp(a, "x-espeak") || !strcasecmp(a, "x-espeak-ng")));
    if (usable && !(alias ? pc_buf_puts(&r, (const char *)alias)
                          : pc_buf_printf(&r, "[[%s]]", (const char *)ph)))
        *nomem = true;
    for (xmlNode *g = lx->children; usable && !*nomem && g; g = g->next) {
        if (g->type != XML_ELEMENT_NODE || strcmp((const char *)g->name, "grapheme"))
            continue;
        xmlChar *w = xmlNodeGetContent(g);
        if (w && *w && !pc_lexicon_add(lex, lang, (const char *)w, r.data))
            *nomem = true;
        xmlFree(w);
    }
    if (!usable && skipped)
        (*skipped)++;
    pc_buf_free(&r);
    xmlFree(alias);
    xmlFree(ph);
    xmlFree(alpha);
    return !*nomem;
}

pcast_status pc_lexicon_load_pls(pc_lexicon *lex, const char *file, const char *text, size_t n,
                                 size_t *skipped, pcast_error *err)
{
    if (n > INT32_MAX)
        return pc_error_set(err, PCAST_ERR_INPUT, file, 0, 0, "lexicon: too large");
    xmlDoc *doc = xmlReadMemory(text, (int)n, file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                            XML_PARSE_NOWARNING);
    if (!doc) { /* libxml2's own word and place for it (a cut-off file, a bad tag) */
        const xmlError *e = xmlGetLastError();
        const char *m = e && e->message ? e->message : "not well-formed";
        return pc_error_set(err, PCAST_ERR_INPUT, file, e && e->line > 0 ? (unsigned long)e->line : 1,
                            e && e->int2 > 0 ? (unsigned long)e->int2 : 1, "not a W3C PLS lexicon: %.*s",
                            (int)strcspn(m, "\n"), m);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "lexicon")) {
        unsigned long line = root && root->line > 0 ? (unsigned long)root->line : 1;
        xmlFreeDoc(doc);
        return pc_error_set(err, PCAST_ERR_INPUT, file, line, 1, "not a W3C PLS lexicon (<lexicon> root)");
    }
    xmlChar *lang = xmlNodeGetLang(root), *alpha = xmlGetProp(root, (const xmlChar *)"alphabet");
    bool nomem = false;
    for (xmlNode *c = root->children; c && !nomem; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "lexeme"))
            load_lexeme(lex, lang ? (const char *)lang : "en", (const char *)alpha, c, skipped, &nomem);
    xmlFree(lang);
    xmlFree(alpha);
    xmlFreeDoc(doc);
    return nomem ? pc_error_nomem(err) : PCAST_OK;
}

pcast_status pc_lexicon_for_post(const char *path, const pc_lexicon *own, pc_lexicon **out,
                                 pcast_error *err)
{
    *out = NULL;
    if (!path && !own)
        return PCAST_OK;
    pc_lexicon *lex = pc_lexicon_new();
    pcast_status st = lex ? PCAST_OK : pc_error_nomem(err);
    if (!st && path)
        st = pc_lexicon_load_file(lex, path, err);
    if (!st && !pc_lexicon_merge(lex, own))
        st = pc_error_nomem(err);
    if (st)
        pc_lexicon_free(lex);
    else
        *out = lex;
    return st;
}

pcast_status pc_lexicon_load_file(pc_lexicon *lex, const char *path, pcast_error *err)
{
    char *text;
    size_t n;
    pcast_status st = pc_read_file(path, &text, &n, err);
    if (st != PCAST_OK)
        return st;
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    bool xml = !strncmp(p, "<?xml", 5) || !strncmp(p, "<lexicon", 8);
    st = xml ? pc_lexicon_load_pls(lex, path, text, n, NULL, err)
             : pc_lexicon_load_yaml(lex, path, text, n, err);
    free(text);
    return st;
}
