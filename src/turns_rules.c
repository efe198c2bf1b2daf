/* turns_rules: which lines open a turn, by the label rules that need
 * the whole post (turns_rules.h). */
#include "turns_rules.h"

#include "labels.h"
#include "scripts.h"

#include <string.h>
#include <strings.h>

typedef pc_turns_builder builder;

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

/* Does name, a line's label on its own, look like a person's or a
 * role's: every Latin word capitalised (Dana Wu, HOST, Dr. Lee), or at
 * most three Han characters (主持人, 王明)? "In short", "As Martin Fowler
 * put it" and 總結來說 do not. */
static bool named_like(const char *name)
{
    size_t n = strlen(name), han = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(name + i, n - i, &cp);
        han += cp >= 0x3400 && pc_script_of(cp) == PC_SCRIPT_HAN;
    }
    return han ? han <= 3 : pc_label_title_case(name, n);
}

/* Records names that are certainly speakers, and counts `NAME: text`
 * paragraph starts. Names go into the arena so the maps can borrow them. */
bool pc_turns_prescan(pc_turns_builder *b, const pc_doc *d, const pcast_parse_options *opt)
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
                /* a line that is only `Name:` and text follows it: a
                 * speaker at once when the name looks like one; a
                 * lead-in ("In short:", "The three rules are:", "重點如下：")
                 * only when it comes back, or when its words are on the
                 * next line among other speakers' labels
                 * (pc_turns_line_label) */
                if (followed_by_text(d, i, j) && !pc_label_is_admonition(name) &&
                    !(named_like(name) ? confirm(b, name) : count_prefix(b, name)))
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
const char *pc_turns_line_label(pc_turns_builder *b, const pc_doc *d, size_t i, size_t j, const char **rest,
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
    if (!*after) /* (in a conversation, one with its words on the next line) */
        ok = (known(b, name, true) || (j + 1 < d->blocks[i].line_count && b->confirmed.count)) &&
             followed_by_text(d, i, j);
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
