/* turns: the input-independent turn builder. It reads the blocks of
 * doc.h (whatever reader made them) and applies the label rules that
 * need the whole post (DESIGN.md "Speaker turns"): a plain `NAME: text`
 * at a line's start counts only when that name opens two lines or the
 * cast names it (never `Note:` and its kin), or when it is a tool's
 * (`[00:01:23] Name:`, `Speaker 2:`);
 * a paragraph with no label continues the current speaker; text before
 * the first label is the narrator's, who opens with the title; headings
 * of level 1-2 open sections. A heading gives the voice back to the
 * narrator: a section's words before its first label, and a deeper
 * heading and the words after it, are the narrator's, not those of
 * whoever spoke last. */
#include "turns.h"

#include "chapters.h"
#include "error.h"
#include "labels.h"
#include "speakers.h"
#include "turns_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef pc_turns_builder builder;

/* pc_grow from one element, not eight (704 bytes of turns a heading); unchanged on ENOMEM. */
static bool grow_small(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (*cap) /* n == 0 when *cap == 0: nothing was added yet */
        return pc_grow(arr, cap, n, elem);
    void *p = calloc(1, elem);
    if (!p)
        return false;
    free(*arr);
    *arr = p;
    *cap = 1;
    return true;
}

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
    return pc_speakers_index(&b->who, name, out);
}

static bool flush_para(builder *b)
{
    if (!b->turn || !b->para.len)
        return true;
    pc_turn_b *t = b->turn;
    if (t->pub.paragraph_count == t->cap) {
        size_t cap = t->cap;
        if (!grow_small((void **)&t->paras, &cap, t->pub.paragraph_count, sizeof *t->paras) ||
            !grow_small((void **)&t->para_lines, &t->cap, t->pub.paragraph_count,
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

static bool open_turn(builder *b, size_t speaker, bool labeled, unsigned long lineno,
                      double time_s)
{
    if (!flush_para(b))
        return false;
    pc_section_b *s = cur_section(b);
    size_t cap = s->cap;
    if (!grow_small((void **)&s->turns, &cap, s->pub.turn_count, sizeof *s->turns))
        return false;
    s->cap = cap;
    pc_turn_b *t = &s->turns[s->pub.turn_count++];
    memset(t, 0, sizeof *t);
    t->pub.speaker_index = speaker;
    t->pub.line = lineno;
    t->pub.labeled = labeled;
    t->pub.source_time_s = time_s;
    b->turn = t;
    b->speaker = speaker;
    if (labeled)
        b->post->speakers[speaker].turns++;
    return true;
}

/* The name a cast entry (the --cast file first, then front matter)
 * gives the speaker labeled name, or NULL. */
static const char *renamed_by_cast(builder *b, const char *name)
{
    const pcast_post *p = b->post;
    const pcast_cast_entry *lists[2] = {p->file_cast, p->front.cast};
    size_t counts[2] = {p->file_cast_count, p->front.cast_count};
    if (!b->renames_ready) {
        b->renames_ready = true;
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < counts[l]; i++) {
                const char *f = lists[l][i].name ? pc_speakers_fold_spoken(&b->post->arena, lists[l][i].speaker) : NULL;
                size_t v;
                if (lists[l][i].name && (!f || (!pc_strmap_get(&b->renames, f, &v) &&
                                                 !pc_strmap_put(&b->renames, f, (l ? counts[0] : 0) + i))))
                    b->nomem = true;
            }
    }
    const char *f = pc_speakers_fold_spoken(&b->post->arena, name);
    size_t v;
    if (!f || !pc_strmap_get(&b->renames, f, &v))
        return NULL;
    return v < counts[0] ? lists[0][v].name : lists[1][v - counts[0]].name;
}

/* The name shown for a tool's speaker id (SPEAKER_00, spk_0): "Speaker
 * N", numbered in the order the ids first open a turn, skipping any
 * "Speaker N" the post writes itself; the pair goes to post->aliases so
 * a cast entry for the id finds its speaker. NULL on ENOMEM. */
static const char *shown_for_id(builder *b, const char *id)
{
    pcast_post *p = b->post;
    const char *f = pc_speakers_fold(&p->arena, id);
    size_t v;
    if (!f)
        return NULL;
    if (pc_strmap_get(&b->id_index, f, &v))
        return p->aliases[v].shown;
    char name[48];
    const char *nf;
    do {
        snprintf(name, sizeof name, "Speaker %zu", ++b->id_count);
        if (!(nf = pc_speakers_fold(&p->arena, name)))
            return NULL;
    } while (pc_strmap_get(&b->written, nf, &v));
    const char *shown = pc_arena_strdup(&p->arena, name);
    if (!shown || !pc_grow((void **)&p->aliases, &p->alias_cap, p->alias_count, sizeof *p->aliases))
        return NULL;
    p->aliases[p->alias_count] = (pc_speaker_alias){.id = f, .shown = shown};
    return pc_strmap_put(&b->id_index, f, p->alias_count++) ? shown : NULL;
}

static bool open_labeled(builder *b, const char *name, unsigned long lineno, double time_s)
{
    size_t idx;
    /* Q and A: the interviewer and the guest, when front matter names them */
    const pc_front *f = &b->post->front;
    if ((!strcmp(name, "Q") || !strcmp(name, "q")) && f->interviewer && *f->interviewer)
        name = f->interviewer;
    else if ((!strcmp(name, "A") || !strcmp(name, "a")) && f->guest && *f->guest)
        name = f->guest;
    const char *renamed = renamed_by_cast(b, name);
    if (pc_label_machine_id(name)) {
        /* every id takes its number, renamed or not: the numbers a cast
         * names stay put */
        const char *shown = shown_for_id(b, name);
        if (!shown)
            return false;
        if (!renamed)
            renamed = renamed_by_cast(b, shown);
        if (!renamed)
            renamed = shown;
    }
    if (renamed)
        name = renamed;
    if (!strcasecmp(name, "narrator"))
        idx = 0;
    else if (!speaker_index(b, name, &idx))
        return false;
    return open_turn(b, idx, true, lineno, time_s);
}

/* Adds text to the current paragraph, opening a continuation turn for the
 * current speaker when none is open. */
static bool add_text(builder *b, const char *text, unsigned long lineno, double time_s)
{
    if (!*text)
        return true;
    if (!b->turn && !open_turn(b, b->speaker, false, lineno, time_s))
        return false;
    if (b->turn->pub.source_time_s < 0 && !b->turn->pub.paragraph_count && !b->para.len)
        b->turn->pub.source_time_s = time_s; /* the time of the turn's first words */
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

/* Is w[0..n) what an editor or a download adds to a file's name, not
 * its title: final, draft, copy, edited, v2, (1)? */
static bool name_noise(const char *w, size_t n)
{
    static const char *const words[] = {"final", "draft", "copy", "edited", "edit", "revised", "wip", "done"};
    size_t d = 0;
    if (n >= 3 && w[0] == '(' && w[n - 1] == ')') { /* a download's "(1)" */
        for (d = 1; d < n - 1 && w[d] >= '0' && w[d] <= '9'; d++)
            ;
        return d == n - 1;
    }
    if (n >= 2 && (w[0] == 'v' || w[0] == 'V')) { /* v2, v1.3 */
        for (d = 1; d < n && ((w[d] >= '0' && w[d] <= '9') || (w[d] == '.' && d > 1)); d++)
            ;
        if (d == n)
            return true;
    }
    while (n && w[n - 1] >= '0' && w[n - 1] <= '9') /* final2 */
        n--;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
            return true;
    return false;
}

/* s starts YYYY-MM-DD. */
static bool dated(const char *s)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The title a file's name gives (its base name without the extension),
 * tidied where it shows a file's marks, an underscore or what editors
 * and downloads append: then underscores and hyphens between words are
 * blanks (a date's 2024-05-01 stays) and the appended words go (Episode
 * 12_final-v2 is Episode 12; the first word stays). A name without them
 * (garden-talk) is the title as it is. NULL on ENOMEM. */
static const char *base_title(pcast_post *p, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base), o = 0;
    /* Jekyll's _posts/2025-05-01-team-sync.vtt: the date is the post's, the
     * rest its title, each word capitalised as Jekyll does ("Team Sync";
     * it was read "twenty twenty-five to 05 to 01-meeting") */
    bool jekyll = n > 11 && dated(base) && base[10] == '-';
    if (jekyll) {
        base += 11;
        n -= 11;
    }
    char *t = pc_arena_strndup(&p->arena, base, n);
    if (!t)
        return NULL;
    bool blank = false;
    for (size_t i = 0; i < n; i++) {
        bool digits = i > 0 && i + 1 < n && base[i - 1] >= '0' && base[i - 1] <= '9' && base[i + 1] >= '0' &&
                      base[i + 1] <= '9';
        if (base[i] == '_' || base[i] == ' ' || (base[i] == '-' && !digits)) {
            blank = o > 0;
            continue;
        }
        if (blank)
            t[o++] = ' ';
        bool up = jekyll && (blank || !o) && base[i] >= 'a' && base[i] <= 'z';
        t[o++] = up ? (char)(base[i] - 32) : base[i];
        blank = false;
    }
    t[o] = '\0';
    bool marked = jekyll || memchr(base, '_', n) != NULL;
    for (char *w; (w = strrchr(t, ' ')) && name_noise(w + 1, strlen(w + 1)); marked = true)
        *w = '\0';
    return o && marked ? t : pc_arena_strndup(&p->arena, base, n);
}

static const char *heading_text(pcast_post *p, const pc_block *bl)
{
    pc_buf t = {0};
    for (size_t j = 0; j < bl->line_count; j++) {
        if (t.len)
            pc_buf_putc(&t, ' ');
        pc_buf_puts(&t, bl->lines[j].text);
    }
    const char *s = pc_arena_strdup(&p->arena, t.data ? t.data : "");
    pc_buf_free(&t);
    return s;
}

static pcast_status build(builder *b, const pc_doc *d, const pcast_parse_options *opt,
                          pcast_error *err)
{
    pcast_post *p = b->post;
    size_t first = 0;
    const char *title = p->front.title;
    size_t narrator;

    if (!speaker_index(b, "Narrator", &narrator))
        return pc_error_nomem(err);
    b->narrator = narrator;
    /* the first heading gives the title when front matter does not; a
     * leading heading equal to the title is the opening's own heading */
    for (size_t i = 0; i < d->block_count; i++) {
        if (d->blocks[i].kind != PC_BLOCK_HEADING)
            continue;
        const char *h = heading_text(p, &d->blocks[i]);
        if (!h)
            return pc_error_nomem(err);
        if (!*h)
            continue;
        if (!title)
            title = h;
        if (i == 0 && d->blocks[i].level <= 2 && !strcmp(h, title))
            first = 1;
        break;
    }
    if (!title && !(title = base_title(p, p->path)))
        return pc_error_nomem(err);
    p->front.title = (char *)title;

    if (!pc_turns_prescan(b, d, opt) || !add_section(b, title, 1) ||
        !open_turn(b, narrator, true, 1, -1) || !add_text(b, title, 1, -1) || !flush_para(b))
        return pc_error_nomem(err);

    for (size_t i = first; i < d->block_count && !b->nomem; i++) {
        const pc_block *bl = &d->blocks[i];
        if (bl->kind == PC_BLOCK_HEADING && bl->level <= 2) {
            const char *h = heading_text(p, bl);
            if (h && !*h) { /* an empty heading still starts a chapter */
                char name[48];
                snprintf(name, sizeof name, "Section %zu", p->section_count + 1);
                h = pc_arena_strdup(&p->arena, name);
            }
            if (!h || !flush_para(b) || !add_section(b, h, bl->line))
                return pc_error_nomem(err);
            b->speaker = b->narrator; /* a new section's words before a label are the narrator's */
            continue;
        }
        if (bl->kind == PC_BLOCK_HEADING && b->speaker != b->narrator) {
            /* a heading inside a section is the narrator's, and so are
             * the words after it until a label */
            if (!flush_para(b))
                return pc_error_nomem(err);
            b->turn = NULL;
            b->speaker = b->narrator;
        }
        for (size_t j = 0; j < bl->line_count; j++) {
            const char *rest;
            double time_s;
            const char *label = pc_turns_line_label(b, d, i, j, &rest, &time_s);
            if (label) {
                if (!open_labeled(b, label, bl->lines[j].line, time_s))
                    return pc_error_nomem(err);
            } else if (!rest) {
                /* a bold admonition (**Note:**): read it as text */
                pc_buf t = {0};
                bool ok = pc_buf_puts(&t, bl->lines[j].label) && pc_buf_puts(&t, ": ") &&
                          pc_buf_puts(&t, bl->lines[j].text);
                ok = ok && add_text(b, t.data, bl->lines[j].line, time_s);
                pc_buf_free(&t);
                if (!ok)
                    return pc_error_nomem(err);
                continue;
            }
            if (!add_text(b, rest, bl->lines[j].line, time_s))
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

pcast_status pc_turns_build(pcast_post *post, const pc_doc *doc, const pcast_parse_options *opt,
                            pcast_error *err)
{
    builder b = {.post = post, .who = {.post = post}};
    if (!post->front.lang && doc->lang)
        post->front.lang = (char *)doc->lang; /* both in the post's arena */
    pcast_status st = build(&b, doc, opt, err);
    if (st == PCAST_OK && !b.nomem)
        pc_chapters_settle(post, doc);
    if (st == PCAST_OK && !b.nomem && opt && opt->chapters_path)
        st = pc_chapters_apply(post, opt->chapters_path, err);
    if (st == PCAST_OK && (b.nomem || !finish(post)))
        st = pc_error_nomem(err);
    pc_speakers_free(&b.who);
    pc_strmap_free(&b.confirmed);
    pc_strmap_free(&b.prefix_count);
    pc_strmap_free(&b.renames);
    pc_strmap_free(&b.id_index);
    pc_strmap_free(&b.written);
    pc_buf_free(&b.para);
    return st;
}
