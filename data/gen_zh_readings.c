/* gen_zh_readings: builds postcast's Mandarin word table at build time.
 *
 *   gen_zh_readings TERRA_DICT TERRA_TABLE OVERRIDES OUT
 *
 * TERRA_DICT is rime-data-terra-pinyin's terra_pinyin.dict.yaml (hand-kept
 * readings with tones: per-character shares such as 行 xing2 90% / hang2
 * 10%, and the words whose reading is not the characters' usual one),
 * TERRA_TABLE its compiled build/terra_pinyin.table.txt (every word of the
 * preset vocabulary with its frequency; a word whose characters have several
 * readings is listed once per combination, with equal weight). OVERRIDES is
 * postcast's own short list (data/zh-overrides.tsv) for words the rules
 * below get wrong. OUT gets one line per word: WORD TAB PINYIN TAB WEIGHT,
 * the word in OpenCC-standard Traditional, Taiwan Traditional and Simplified
 * forms (each converted with libopencc), the reading tone-numbered with
 * syllables separated by blanks.
 *
 * One reading per word: among the combinations of the highest weight, a
 * hand-kept word reading wins, then the one whose characters' own shares
 * are likeliest (a neutral tone the share table does not list counts 5%).
 * Exit status 1 with a message on stderr on any failure; OUT may then be
 * partial (CMake deletes it). */
#include <stdbool.h>
#include <math.h>
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHARS 8

typedef struct entry {
    char *word, *reading;
    double weight;
    int curated;
    char *was; /* an override's: the table's own readings of its word, '|' between (or NULL) */
} entry;

typedef struct vec {
    entry *v;
    size_t n, cap;
} vec;

/* An open-addressing string → double map (char share table). */
typedef struct map {
    char **keys;
    double *vals;
    size_t cap;
} map;

static void die(const char *what)
{
    fprintf(stderr, "gen_zh_readings: %s\n", what);
    exit(1);
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        die("out of memory");
    memcpy(d, s, n);
    return d;
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void map_init(map *m, size_t cap)
{
    m->cap = cap;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = calloc(cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
        die("out of memory");
}

static size_t map_slot(const map *m, const char *k)
{
    size_t i = hash(k) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], k))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void map_put(map *m, const char *k, double v)
{
    size_t i = map_slot(m, k);
    if (!m->keys[i])
        m->keys[i] = dup(k);
    m->vals[i] = v;
}

static int map_get(const map *m, const char *k, double *v)
{
    size_t i = map_slot(m, k);
    if (!m->keys[i])
        return 0;
    *v = m->vals[i];
    return 1;
}

static void push(vec *x, const char *w, const char *r, double weight, int curated)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 1024;
        x->v = realloc(x->v, x->cap * sizeof *x->v);
        if (!x->v)
            die("out of memory");
    }
    entry e = {dup(w), dup(r), weight, curated, NULL};
    x->v[x->n++] = e;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The i-th code point of s as a string in out (8 bytes). */
static void utf8_nth(const char *s, size_t i, char out[8])
{
    size_t k = 0;
    while (*s && k < i) {
        s++;
        while (((unsigned char)*s & 0xC0) == 0x80)
            s++;
        k++;
    }
    if (!*s) {
        out[0] = '\0';
        return;
    }
    size_t n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80 && n < 7)
        n++;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Splits a line at tabs in place; returns the field count (max 4). */
static int fields(char *line, char *f[4])
{
    line[strcspn(line, "\r\n")] = '\0';
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < 4; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static void read_dict(const char *path, map *share, map *curated)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open the terra_pinyin dictionary");
    char line[4096], key[512];
    int body = 0;
    while (fgets(line, sizeof line, f)) {
        if (!body) {
            body = !strncmp(line, "...", 3);
            continue;
        }
        char *fl[4] = {NULL, NULL, NULL, NULL};
        int nf = line[0] == '#' ? 0 : fields(line, fl);
        if (nf < 2)
            continue;
        if (utf8_len(fl[0]) == 1) {
            double pct = 100;
            snprintf(key, sizeof key, "%s\t%s", fl[0], fl[1]);
            if (nf > 2 && strchr(fl[2], '%'))
                pct = atof(fl[2]);
            map_put(share, key, pct);
            map_put(share, fl[0], 1);
        } else {
            snprintf(key, sizeof key, "%s\t%s", fl[0], fl[1]);
            map_put(curated, key, 1);
        }
    }
    fclose(f);
}

static double reading_score(const map *share, const entry *e)
{
    double score = e->curated ? 1000 : 0;
    char ch[8], key[512], syl[64];
    const char *r = e->reading;
    for (size_t i = 0; *r; i++) {
        size_t len = strcspn(r, " ");
        if (len >= sizeof syl)
            len = sizeof syl - 1;
        memcpy(syl, r, len);
        syl[len] = '\0';
        r += len;
        while (*r == ' ')
            r++;
        utf8_nth(e->word, i, ch);
        if (!strcmp(ch, "一") || !strcmp(ch, "不"))
            continue; /* sandhi is decided when reading */
        snprintf(key, sizeof key, "%s\t%s", ch, syl);
        double pct, any;
        if (!map_get(share, key, &pct))
            pct = map_get(share, ch, &any) ? (syl[len - 1] == '5' ? 5 : 0.5) : 100;
        score += log(pct > 0 ? pct : 0.01);
    }
    return score;
}

static int by_word(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

static void read_table(const char *path, const map *curated, vec *all)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open the terra_pinyin table");
    char line[4096], key[512];
    while (fgets(line, sizeof line, f)) {
        char *fl[4];
        if (line[0] == '#' || fields(line, fl) < 3)
            continue;
        if (utf8_len(fl[0]) > 8)
            continue;
        double one;
        snprintf(key, sizeof key, "%s\t%s", fl[0], fl[1]);
        push(all, fl[0], fl[1], atof(fl[2]), map_get(curated, key, &one));
    }
    fclose(f);
}

/* w with every 臺 written 台, as Taiwan mostly writes it (台灣, 平台, 台北)
 * though OpenCC's Taiwan standard keeps 臺; NULL when w has none or the
 * table has that word in its own right (台 read tāi: 天台, 台州). */
static char *tai_variant(const map *words, const char *w)
{
    if (!strstr(w, "\u81fa"))
        return NULL;
    char *v = dup(w);
    for (char *p = v; (p = strstr(p, "\u81fa"));)
        memcpy(p, "\u53f0", 3); /* both three bytes in UTF-8 */
    double unused;
    if (map_get(words, v, &unused)) {
        free(v);
        return NULL;
    }
    return v;
}

static void emit(FILE *out, opencc_t tw, opencc_t s, const map *words, const char *w,
                 const char *r, double weight)
{
    fprintf(out, "%s\t%s\t%.0f\n", w, r, weight);
    char *tai = tai_variant(words, w);
    if (tai)
        fprintf(out, "%s\t%s\t%.0f\n", tai, r, weight);
    free(tai);
    opencc_t conv[2] = {tw, s};
    for (int k = 0; k < 2; k++) {
        char *c = opencc_convert_utf8(conv[k], w, strlen(w));
        if (!c)
            die("opencc failed");
        if (strcmp(c, w) && utf8_len(c) == utf8_len(w))
            fprintf(out, "%s\t%s\t%.0f\n", c, r, weight);
        opencc_convert_utf8_free(c);
    }
}

/* The reading of a word no hand-kept entry covers, from its likeliest cut
 * into shorter words already chosen (chosen: word → index into out).
 * Returns NULL when no cut covers it. */
static char *compose(const map *chosen, const vec *out, const char *w)
{
    size_t n = utf8_len(w), off[MAX_CHARS + 1];
    if (n > MAX_CHARS)
        return NULL;
    for (size_t i = 0, b = 0; i <= n; i++) {
        off[i] = b;
        if (w[b])
            for (b++; w[b] && ((unsigned char)w[b] & 0xC0) == 0x80; b++)
                ;
    }
    double best[MAX_CHARS + 1];
    size_t from[MAX_CHARS + 1], pick[MAX_CHARS + 1];
    for (size_t i = 0; i <= n; i++)
        best[i] = i ? -1e300 : 0;
    char key[256];
    for (size_t i = 0; i < n; i++)
        for (size_t k = 1; i + k <= n && k < n && best[i] > -1e300; k++) {
            size_t len = off[i + k] - off[i];
            memcpy(key, w + off[i], len);
            key[len] = '\0';
            double idx;
            if (!map_get(chosen, key, &idx))
                continue;
            double sc = best[i] + log(out->v[(size_t)idx].weight + 1) - 30;
            if (sc > best[i + k])
                best[i + k] = sc, from[i + k] = i, pick[i + k] = (size_t)idx;
        }
    if (best[n] <= -1e300)
        return NULL;
    char buf[512] = "";
    for (size_t e = n; e > 0; e = from[e]) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s%s%s", out->v[pick[e]].reading, *buf ? " " : "", buf);
        memcpy(buf, tmp, sizeof buf);
    }
    return dup(buf);
}

/* Splits the blank-separated syllables of r into buf (size bytes) and
 * part[0..MAX_CHARS); returns their count (0 when there are too many). */
static size_t syllables(const char *r, char *buf, size_t size, char **part)
{
    snprintf(buf, size, "%s", r);
    size_t k = 0;
    for (char *p = buf; *p;) {
        if (k == MAX_CHARS)
            return 0;
        part[k++] = p;
        p += strcspn(p, " ");
        if (*p)
            *p++ = '\0';
    }
    return k;
}

/* Do the syllables part[0..m) read one of the table's readings of an
 * override's word (o->was; any, when the table lacks the word)? */
static bool reads_as_word(const entry *o, char *const *part, size_t m)
{
    if (!o->was)
        return true;
    char joined[256] = "";
    size_t len = 0;
    for (size_t j = 0; j < m && len < sizeof joined; j++)
        len += (size_t)snprintf(joined + len, sizeof joined - len, "%s%s", j ? " " : "", part[j]);
    for (const char *r = o->was; *r;) {
        size_t k = strcspn(r, "|");
        if (k == len && !strncmp(r, joined, k))
            return true;
        r += k + (r[k] == '|');
    }
    return false;
}

/* A word no hand-kept entry covers takes the overrides' readings of the
 * words of two or more characters inside it (很舒服 gets 舒服's shu1 fu5),
 * at its start or end, or in its middle where it reads those characters
 * as the table reads that word (細部分解 xi4 bu4 fen1 jie3 is 細部+分解 and
 * keeps its fen1 against 部分 bu4 fen4); e->reading is replaced when one
 * applies. */
static void patch_overrides(entry *e, const vec *extra)
{
    char buf[512], obuf[256], *part[MAX_CHARS], *opart[MAX_CHARS];
    size_t n = utf8_len(e->word);
    if (n < 3 || n > MAX_CHARS || syllables(e->reading, buf, sizeof buf, part) != n)
        return;
    char repl[MAX_CHARS][16];
    bool changed = false;
    for (size_t k = 0; k < extra->n; k++) {
        const entry *o = &extra->v[k];
        size_t m = utf8_len(o->word);
        const char *at = strstr(e->word, o->word);
        if (m < 2 || m >= n || !at || syllables(o->reading, obuf, sizeof obuf, opart) != m)
            continue;
        size_t ci = 0;
        for (const char *q = e->word; q < at; q++)
            ci += ((unsigned char)*q & 0xC0) != 0x80;
        if (ci > 0 && ci + m < n && !reads_as_word(o, part + ci, m))
            continue;
        for (size_t j = 0; j < m; j++)
            if (strcmp(part[ci + j], opart[j])) {
                snprintf(repl[ci + j], sizeof repl[ci + j], "%s", opart[j]);
                part[ci + j] = repl[ci + j];
                changed = true;
            }
    }
    if (!changed)
        return;
    char out[512] = "";
    size_t len = 0;
    for (size_t j = 0; j < n; j++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", j ? " " : "", part[j]);
    free(e->reading);
    e->reading = dup(out);
}

static int by_length(const void *a, const void *b)
{
    size_t x = utf8_len(((const entry *)a)->word), y = utf8_len(((const entry *)b)->word);
    return x < y ? -1 : x > y;
}

/* OVERRIDES lines are WORD TAB PINYIN, or CHARACTER TAB PINYIN TAB N% for a
 * character's share where the dictionary gives its readings none (任 ren2 and
 * ren4 both at 100%, so 責任 主任 上任 took ren2, the surname's). */
static void read_overrides(const char *path, map *over, vec *extra, map *share)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open the overrides");
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *fl[4];
        int nf = line[0] == '#' ? 0 : fields(line, fl);
        if (nf < 2)
            continue;
        if (nf > 2 && strchr(fl[2], '%') && utf8_len(fl[0]) == 1) {
            char key[512];
            snprintf(key, sizeof key, "%s\t%s", fl[0], fl[1]);
            map_put(share, key, atof(fl[2]));
            continue;
        }
        push(extra, fl[0], fl[1], 1000, 1);
        map_put(over, fl[0], (double)(extra->n - 1));
    }
    fclose(f);
}

/* The readings of all.v[i..j) (one word's), '|' between; owned by the
 * caller. */
static char *joined_readings(const vec *all, size_t i, size_t j)
{
    size_t len = 1;
    for (size_t k = i; k < j; k++)
        len += strlen(all->v[k].reading) + 1;
    char *r = malloc(len);
    if (!r)
        die("out of memory");
    r[0] = '\0';
    for (size_t k = i, at = 0; k < j; k++)
        at += (size_t)snprintf(r + at, len - at, "%s%s", k > i ? "|" : "", all->v[k].reading);
    return r;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        die("usage: gen_zh_readings TERRA_DICT TERRA_TABLE OVERRIDES OUT");
    map share, curated, over;
    map_init(&share, 1u << 17);
    map_init(&curated, 1u << 18);
    map_init(&over, 1u << 12);
    vec all = {0}, extra = {0};
    read_dict(argv[1], &share, &curated);
    read_table(argv[2], &curated, &all);
    read_overrides(argv[3], &over, &extra, &share);
    qsort(all.v, all.n, sizeof *all.v, by_word);
    opencc_t tw = opencc_open("t2tw.json"), s = opencc_open("t2s.json");
    if (tw == (opencc_t)-1 || s == (opencc_t)-1)
        die("cannot open the OpenCC t2tw/t2s configurations");
    FILE *out = fopen(argv[4], "w");
    if (!out)
        die("cannot write the output");
    vec chosen = {0};
    for (size_t i = 0; i < all.n;) {
        size_t j = i + 1, best = i;
        int curated = all.v[i].curated, readings = 1;
        double top = reading_score(&share, &all.v[i]);
        for (; j < all.n && !strcmp(all.v[j].word, all.v[i].word); j++) {
            curated |= all.v[j].curated;
            readings++;
            if (all.v[j].weight < all.v[i].weight)
                continue;
            double sc = reading_score(&share, &all.v[j]);
            if (sc > top)
                top = sc, best = j;
        }
        double idx;
        bool is_over = map_get(&over, all.v[i].word, &idx);
        if (is_over) {
            extra.v[(size_t)idx].curated = 2;
            extra.v[(size_t)idx].was = joined_readings(&all, i, j);
        }
        /* curated: 1 hand-kept, 0 one combination, -1 several (derived) */
        push(&chosen, all.v[i].word, is_over ? extra.v[(size_t)idx].reading : all.v[best].reading,
             all.v[i].weight + 1, is_over || curated ? 1 : readings > 1 ? -1 : 0);
        i = j;
    }
    for (size_t k = 0; k < extra.n; k++)
        if (extra.v[k].curated != 2)
            push(&chosen, extra.v[k].word, extra.v[k].reading, 1000, 1);
    qsort(chosen.v, chosen.n, sizeof *chosen.v, by_length);
    map index, words;
    map_init(&index, 1u << 20);
    map_init(&words, 1u << 20);
    for (size_t k = 0; k < chosen.n; k++)
        map_put(&words, chosen.v[k].word, 0);
    for (size_t k = 0; k < chosen.n; k++) {
        entry *e = &chosen.v[k];
        size_t len = utf8_len(e->word);
        if (e->curated < 0 && len >= 3) {
            char *r = compose(&index, &chosen, e->word);
            if (r)
                e->reading = r;
        } else if (e->curated < 0 && len == 2 && !strcmp(e->word + strlen(e->word) - 3, "得")) {
            char *sp = strrchr(e->reading, ' ');
            if (sp && !strncmp(sp + 1, "de", 2))
                memcpy(sp + 1, "de5", 4);
        }
        if (e->curated <= 0)
            patch_overrides(e, &extra);
        map_put(&index, e->word, (double)k);
        emit(out, tw, s, &words, e->word, e->reading, e->weight);
    }
    opencc_close(tw);
    opencc_close(s);
    if (fclose(out))
        die("cannot write the output");
    return 0;
}
