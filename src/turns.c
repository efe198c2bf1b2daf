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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct builder {
    pcast_post *post;
    pc_speakers who;      /* name -> speaker */
    pc_strmap confirmed;  /* names that are certainly speakers */
    pc_strmap prefix_count; /* `NAME: text` paragraph starts, by name */
    pc_strmap renames;    /* folded speaker -> entry renaming it: file cast index, then front */
    bool renames_ready;
    pc_strmap id_index;   /* folded tool's id (SPEAKER_00) -> index in post->aliases */
    pc_strmap written;    /* folded "Speaker N" names the post itself writes as labels */
    size_t id_count;      /* numbers given to ids so far */
    bool caps_labels;     /* a name in capitals labels two paragraphs (NPR's transcripts) */
    bool dialogue;        /* a conversation in plain labels: a name once is a speaker (dialogue()) */
    bool qa;              /* plain "Q." and "A." both open paragraphs: an interview's */
    pc_turn_b *turn;      /* the turn being filled, or NULL */
    size_t speaker;       /* current speaker */
    size_t narrator;      /* the narrator's index */
    pc_buf para;
    unsigned long para_line;
    bool nomem;
} builder;

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

/* Is line j of block i followed by text it can introduce: more lines of
 * its paragraph, or a paragraph (not a list, not a heading) after it,
 * and not names with times ("Chapters:" above "Intro (00:00)": a list's
 * title, doc.h's timed)? */
static bool followed_by_text(const pc_doc *d, size_t i, size_t j)
{
    const pc_block *b = d->blocks;
    const pc_line *next = j + 1 < b[i].line_count ? &b[i].lines[j + 1]
                          : i + 1 < d->block_count && b[i + 1].kind == PC_BLOCK_PARA && !b[i + 1].list_item
                              ? &b[i + 1].lines[0] : NULL;
    return next && !next->timed;
}

/* Is line j of block i a name alone on the first line of its paragraph
 * above the words (`<p><strong>Dana Wu</strong></p><p>words</p>`, as
 * blog editors set a transcript; "DANA WU" above the words, as scripts
 * are): no colon, a name's shape, title case, text after it? */
static bool name_alone(const pc_doc *d, size_t i, size_t j)
{
    const pc_line *l = &d->blocks[i].lines[j];
    size_t n = strlen(l->text);
    return d->blocks[i].kind == PC_BLOCK_PARA && j == 0 && !l->label && !l->candidate &&
           !strchr(l->text, ':') && n && pc_label_name_shape(l->text, n, true) && pc_label_title_case(l->text, n) &&
           !pc_label_is_admonition(l->text) && followed_by_text(d, i, j);
}

/* The maps of names that are certainly speakers and of `NAME: text`
 * paragraph starts are keyed by the folded name: JOHN and John count as
 * one. Each returns false on ENOMEM (b->nomem is set). */
static bool confirm(builder *b, const char *name)
{
    const char *f = pc_speakers_fold(&b->post->arena, name);
    if (!f || !pc_strmap_put(&b->confirmed, f, 1))
        return !(b->nomem = true);
    return true;
}

static bool count_prefix(builder *b, const char *name)
{
    const char *f = pc_speakers_fold(&b->post->arena, name);
    size_t c = 0;
    if (f)
        pc_strmap_get(&b->prefix_count, f, &c);
    if (!f || !pc_strmap_put(&b->prefix_count, f, c + 1))
        return !(b->nomem = true);
    return true;
}

/* Is folded name f a speaker: confirmed, or (at a paragraph's start with
 * text after it, prefix true) opening two paragraphs? */
static bool known_fold(builder *b, const char *f, bool prefix)
{
    size_t v = 0;
    if (pc_strmap_get(&b->confirmed, f, &v))
        return true;
    return prefix && pc_strmap_get(&b->prefix_count, f, &v) && v >= 2;
}

/* name is a speaker by the rules, or a first name standing for one
 * (`John` for John Smith). */
static bool known(builder *b, const char *name, bool prefix)
{
    const char *f = pc_speakers_fold(&b->post->arena, name);
    if (!f) {
        b->nomem = true;
        return false;
    }
    if (known_fold(b, f, prefix))
        return true;
    const char *owner = pc_speakers_owner(&b->who, f);
    return owner && known_fold(b, owner, true);
}

static bool is_confirmed(builder *b, const char *name) { return known(b, name, false); }

/* Notes a label the post writes as "Speaker ..." (folded), so no tool's
 * id is shown with its name; false on ENOMEM. */
static bool note_written(builder *b, const char *name)
{
    if (strncasecmp(name, "speaker ", 8))
        return true;
    const char *f = pc_speakers_fold(&b->post->arena, name);
    return f && pc_strmap_put(&b->written, f, 1);
}

/* Is name written in capitals (letters, blanks), of two words or more
 * where words is true ("UNIDENTIFIED PERSON", not "NOTE")? */
static bool capitals(const char *name, bool words)
{
    size_t blanks = 0, letters = 0;
    for (const char *c = name; *c; c++) {
        if (*c == ' ')
            blanks++;
        else if (*c >= 'A' && *c <= 'Z')
            letters++;
        else if (*c != '.' && *c != '\'' && *c != '-')
            return false;
    }
    return letters >= 2 && (!words || (blanks >= 1 && blanks <= 4));
}

/* An interview's plain "Q." / "A." / "Q:" / "A:" opening text (a blank
 * after it, then words that do not start in lower case: "A. is a
 * grade" is words): "Q" or "A", and *rest the words; else NULL. */
static const char *qa_opener(const char *text, const char **rest)
{
    if ((text[0] != 'Q' && text[0] != 'A') || (text[1] != '.' && text[1] != ':') || text[2] != ' ')
        return NULL;
    const char *r = text + 3;
    while (*r == ' ')
        r++;
    if (!*r || (*r >= 'a' && *r <= 'z'))
        return NULL;
    *rest = r;
    return text[0] == 'Q' ? "Q" : "A";
}

/* Is d a conversation in plain `Name: words` labels (a text transcript):
 * three lines or more open with a label, and two names or more speak
 * twice or more with labels opening three in four paragraphs, or one
 * does with labels opening all (Dana: / Sam: / Dana:)? There a name written as names are that opens a line once
 * is a guest who spoke once (it was merged into the previous
 * speaker's turn), not a `Note:`, once someone has spoken (a header's
 * "Episode 12: Rivers" is the narrator's); in prose with a few lines of
 * dialogue it stays words. */
static bool dialogue(builder *b, const pc_doc *d)
{
    size_t speakers = 0, labeled = 0, paragraphs = 0;
    for (size_t i = 0; i < b->prefix_count.cap; i++)
        speakers += b->prefix_count.keys && b->prefix_count.keys[i] && b->prefix_count.vals[i] >= 2;
    for (size_t i = 0; i < d->block_count; i++) {
        if (d->blocks[i].kind != PC_BLOCK_PARA)
            continue;
        paragraphs++;
        for (size_t j = 0; j < d->blocks[i].line_count; j++) {
            pc_label lb;
            labeled += !d->blocks[i].lines[j].label && pc_label_parse(d->blocks[i].lines[j].text, &lb) && *lb.rest;
        }
    }
    return labeled >= 3 && (speakers >= 2 ? labeled * 4 >= paragraphs * 3 : speakers && labeled == paragraphs);
}

/* Records names that are certainly speakers, and counts `NAME: text`
 * paragraph starts. Names go into the arena so the maps can borrow them. */
static bool prescan(builder *b, const pc_doc *d, const pcast_parse_options *opt)
{
    pcast_post *p = b->post;
    for (size_t i = 0; i < p->front.cast_count; i++)
        if (!confirm(b, p->front.cast[i].speaker) ||
            !pc_speakers_pin(&b->who, p->front.cast[i].speaker))
            return false;
    for (size_t i = 0; i < p->file_cast_count; i++)
        if (!confirm(b, p->file_cast[i].speaker) ||
            !pc_speakers_pin(&b->who, p->file_cast[i].speaker))
            return false;
    for (size_t i = 0; opt && i < opt->known_speaker_count; i++) {
        char *s = pc_arena_strdup(&p->arena, opt->known_speakers[i]);
        if (!s || !confirm(b, s) || !pc_speakers_pin(&b->who, s))
            return false;
    }
    for (size_t i = 0; i < d->block_count; i++) {
        const pc_block *bl = &d->blocks[i];
        if (bl->kind != PC_BLOCK_PARA)
            continue;
        for (size_t j = 0; j < bl->line_count; j++) {
            const pc_line *l = &bl->lines[j];
            if (l->label) {
                if (!note_written(b, l->label))
                    return false;
                if (!pc_label_is_admonition(l->label) &&
                    (!confirm(b, l->label) || !pc_speakers_note(&b->who, l->label)))
                    return false;
                continue;
            }
            if (l->candidate && !pc_label_is_admonition(l->candidate) &&
                (!count_prefix(b, l->candidate) || !pc_speakers_note(&b->who, l->candidate) ||
                 !note_written(b, l->candidate)))
                return false;
            pc_label lb;
            if (!pc_label_parse(l->text, &lb))
                continue;
            const char *rest = lb.rest;
            char *name = pc_arena_strndup(&p->arena, lb.name, lb.name_len);
            if (!name || !pc_speakers_note(&b->who, name) || !note_written(b, name))
                return false;
            if (lb.marked) {
                /* ">> NAME:" marks a change of speaker: it is one */
                if (!confirm(b, name))
                    return false;
            } else if (!*rest) {
                /* a line that is only `Name:` and text follows it */
                if (followed_by_text(d, i, j) && !pc_label_is_admonition(name) && !confirm(b, name))
                    return false;
            } else if (!pc_label_is_admonition(name)) {
                /* at any line's start: transcripts put a turn on each line
                 * (`Note:` twice is still no one), and a tool's
                 * `[00:01:23] Name:` or `Speaker 2:` is one at once */
                if (pc_label_certain(&lb, l->stamped) ? !confirm(b, name) : !count_prefix(b, name))
                    return false;
            }
        }
    }
    /* names alone above the words: labels where two names take turns,
     * each counted as a `NAME: text` start (a bold subheading once is words) */
    const char *first_alone = NULL;
    bool two = false;
    for (size_t i = 0; i < d->block_count && !two; i++)
        if (name_alone(d, i, 0)) {
            two = first_alone && strcmp(first_alone, d->blocks[i].lines[0].text);
            first_alone = first_alone ? first_alone : d->blocks[i].lines[0].text;
        }
    for (size_t i = 0; two && i < d->block_count; i++)
        if (name_alone(d, i, 0) && (!count_prefix(b, d->blocks[i].lines[0].text) ||
                                    !pc_speakers_note(&b->who, d->blocks[i].lines[0].text)))
            return false;
    /* names in capitals as the post's labels (NPR: KELLY:, DANA WU:) */
    for (size_t i = 0; i < d->block_count && !b->caps_labels; i++)
        for (size_t j = 0; j < d->blocks[i].line_count && !b->caps_labels; j++) {
            pc_label lb;
            if (!d->blocks[i].lines[j].label && pc_label_parse(d->blocks[i].lines[j].text, &lb) && *lb.rest) {
                char *name = pc_arena_strndup(&p->arena, lb.name, lb.name_len);
                if (!name)
                    return false;
                b->caps_labels = capitals(name, false) && known(b, name, true);
            }
        }
    b->dialogue = dialogue(b, d);
    /* plain Q. and A.: an interview when both open a paragraph */
    bool q = false, a = false;
    for (size_t i = 0; i < d->block_count && !(q && a); i++)
        for (size_t j = 0; d->blocks[i].kind == PC_BLOCK_PARA && j < d->blocks[i].line_count; j++) {
            const char *rest, *qa = d->blocks[i].lines[j].label ? NULL : qa_opener(d->blocks[i].lines[j].text, &rest);
            q = q || (qa && *qa == 'Q');
            a = a || (qa && *qa == 'A');
        }
    b->qa = q && a;
    return !b->nomem;
}

/* Does line j of block i open its paragraph, or follow a line that
 * ends a sentence? (A hard-wrapped "beans and\nTomatoes: they grew"
 * goes on.) */
static bool after_sentence(const pc_doc *d, size_t i, size_t j)
{
    static const char *const closers[] = {"\"", "'", ")", "]", "\xe2\x80\x9d", "\xe2\x80\x99", "\xe3\x80\x8d"};
    static const char *const ends[] = {".", "?", "!", "\xe3\x80\x82", "\xef\xbc\x9f", "\xef\xbc\x81", "\xe2\x80\xa6"};
    if (!j)
        return true;
    const char *t = d->blocks[i].lines[j - 1].text;
    size_t n = strlen(t);
    for (size_t k = 0; k < sizeof closers / sizeof *closers; k++) {
        size_t c = strlen(closers[k]);
        if (n >= c && !memcmp(t + n - c, closers[k], c)) {
            n -= c;
            break;
        }
    }
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t e = strlen(ends[k]);
        if (n >= e && !memcmp(t + n - e, ends[k], e))
            return true;
    }
    return false;
}

/* The label that opens line j of block i, if any, per the rules in
 * DESIGN.md; *rest is the text after it. */
static const char *line_label(builder *b, const pc_doc *d, size_t i, size_t j, const char **rest,
                              double *time_s)
{
    const pc_line *l = &d->blocks[i].lines[j];
    *rest = l->text;
    *time_s = l->time_s;
    if (l->label) {
        if (pc_label_is_admonition(l->label) && !is_confirmed(b, l->label)) {
            *rest = NULL; /* not a label: the caller re-reads the line as text */
            return NULL;
        }
        return l->label;
    }
    if (l->candidate && !pc_label_is_admonition(l->candidate) && known(b, l->candidate, true)) {
        *rest = l->text + l->candidate_len;
        return l->candidate;
    }
    const char *qa = b->qa && after_sentence(d, i, j) ? qa_opener(l->text, rest) : NULL;
    if (qa)
        return qa;
    if (name_alone(d, i, j) && known(b, l->text, true)) {
        *rest = l->text + strlen(l->text);
        return l->text;
    }
    pc_label lb;
    if (!pc_label_parse(l->text, &lb))
        return NULL;
    const char *after = lb.rest;
    if (lb.time_s >= 0)
        *time_s = lb.time_s;
    char *name = pc_arena_strndup(&b->post->arena, lb.name, lb.name_len);
    if (!name) {
        b->nomem = true;
        return NULL;
    }
    bool ok;
    if (!*after)
        ok = is_confirmed(b, name) && followed_by_text(d, i, j);
    else /* a name in capitals once among names in capitals (NPR), a
          * name once in a conversation */
        ok = known(b, name, true) || (b->caps_labels && capitals(name, true) && !pc_label_is_admonition(name)) ||
             (b->dialogue && b->speaker != b->narrator && after_sentence(d, i, j) &&
              pc_label_title_case(name, strlen(name)) && !pc_label_is_admonition(name));
    if (!ok)
        return NULL;
    *rest = after;
    return name;
}

static const char *base_title(pcast_post *p, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return pc_arena_strndup(&p->arena, base, n);
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

    if (!prescan(b, d, opt) || !add_section(b, title, 1) ||
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
            const char *label = line_label(b, d, i, j, &rest, &time_s);
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
