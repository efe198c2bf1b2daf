/* captions: cue times, cue markup and the timed-pieces-to-paragraphs sink
 * the caption readers share. */
#include "captions.h"

#include "error.h"
#include "labels.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* n digits at s (exactly) into *v; false if not. */
static bool digits(const char *s, size_t n, unsigned long *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!digit(s[i]))
            return false;
        *v = *v * 10 + (unsigned long)(s[i] - '0');
    }
    return true;
}

size_t pc_cue_time(const char *s, double *time_s)
{
    size_t lead = 0;
    while (digit(s[lead]) && lead < 9)
        lead++;
    if (lead < 1 || s[lead] != ':')
        return 0;
    unsigned long a, b, c = 0, ms;
    size_t i = lead + 1;
    digits(s, lead, &a);
    if (!digits(s + i, 2, &b))
        return 0;
    i += 2;
    bool hours = s[i] == ':';
    if (hours) {
        if (!digits(s + i + 1, 2, &c))
            return 0;
        i += 3;
    } else if (lead != 2) {
        return 0; /* minutes are two digits */
    }
    if ((s[i] != '.' && s[i] != ',') || !digits(s + i + 1, 3, &ms) || digit(s[i + 4]))
        return 0;
    unsigned long mm = hours ? b : a, ss = hours ? c : b;
    if (mm > 59 || ss > 59)
        return 0;
    *time_s = (hours ? (double)a * 3600 : 0) + (double)mm * 60 + (double)ss + (double)ms / 1000;
    return i + 4;
}

bool pc_cue_timing(const char *line, size_t n, double *start_s, double *end_s, size_t *bad,
                   const char **why)
{
    size_t i = 0, k;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    *why = "a cue time is HH:MM:SS.mmm or MM:SS.mmm";
    if (!(k = pc_cue_time(line + i, start_s)) || i + k > n) {
        *bad = i;
        return false;
    }
    i += k;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (n - i < 3 || memcmp(line + i, "-->", 3)) {
        *bad = i;
        *why = "expected '-->' between the cue's start and end";
        return false;
    }
    i += 3;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (!(k = pc_cue_time(line + i, end_s)) || i + k > n) {
        *bad = i;
        return false;
    }
    if (*end_s < *start_s) {
        *bad = i;
        *why = "the cue ends before it starts";
        return false;
    }
    return true;
}

void pc_body_position(const pc_source *src, size_t off, unsigned long *line, unsigned long *col)
{
    unsigned long l = src->body_line;
    size_t start = 0;
    for (size_t i = 0; i < off && i < src->body_size; i++)
        if (src->body[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = pc_utf8_count(src->body + start, off - start) + 1;
}

static bool end_paragraph(pc_cues *c)
{
    if (!c->open)
        return true;
    c->open = false;
    return pc_doc_end_block(c->doc, PC_BLOCK_PARA, 0, false, false, c->block_line);
}

/* The length of "[NAME] " and the blanks after it opening s[0..n),
 * with words after them, where NAME (*name_len bytes at s + 1) is
 * written as names are and none of its words is a sound's ("[DRAMATIC
 * MUSIC]"); 0 if none. */
static size_t bracket_name(const char *s, size_t n, size_t *name_len)
{
    if (!n || s[0] != '[')
        return 0;
    size_t e = 1;
    while (e < n && e <= 40 && s[e] != ']' && s[e] != '[' && s[e] != '\n')
        e++;
    size_t after = e + 1;
    while (after < n && (s[after] == ' ' || s[after] == '\t' || s[after] == '\n'))
        after++;
    if (e >= n || s[e] != ']' || after == e + 1 || after >= n || s[after] == ':')
        return 0;
    if (!pc_label_name_shape(s + 1, e - 1, true) || !pc_label_title_case(s + 1, e - 1))
        return 0;
    for (size_t w = 1, k; w < e; w = k + 1) {
        for (k = w; k < e && s[k] != ' '; k++)
            ;
        if (pc_text_sound_word(s + w, k - w))
            return 0;
    }
    *name_len = e - 1;
    return after;
}

/* "sam lee: " opening s[0..n) (Zoom writes names as they were typed):
 * one to three words of lower-case letters, digits, '.', '\'', '-' or
 * '_' (at most 40 bytes), a colon, a blank and words; the name's length,
 * 0 if none. Capitalised names are pc_label_parse's. */
static size_t lower_name(const char *s, size_t n)
{
    size_t i = 0, words = 1;
    if (!n || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (; i < n && i <= 40 && s[i] != ':'; i++) {
        char ch = s[i];
        if (ch == ' ' && s[i - 1] != ' ')
            words++;
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || strchr(".'-_ ", ch)))
            return 0;
    }
    if (i >= n || i > 40 || words > 3 || s[i - 1] == ' ' || i + 2 >= n || s[i + 1] != ' ')
        return 0;
    return i;
}

/* whisper.cpp's diarized "(speaker 1) " or "(speaker ?) " opening
 * s[0..n): its length with the blanks after it (0: none), and in id
 * (size >= 24) "speaker_1" (an id turns.c shows as "Speaker N"), or ""
 * for "?" (it could not tell). */
static size_t speaker_paren(const char *s, size_t n, char *id)
{
    if (n < 11 || strncmp(s, "(speaker ", 9))
        return 0;
    size_t i = 9;
    while (i < n && i < 13 && s[i] >= '0' && s[i] <= '9')
        i++;
    bool unsure = i == 9 && s[i] == '?';
    if ((i == 9 && !unsure) || s[i + unsure] != ')')
        return 0;
    snprintf(id, 24, "%s%.*s", unsure ? "" : "speaker_", (int)(i - 9), s + 9);
    for (i += 1 + unsure; i < n && s[i] == ' ';)
        i++;
    return i;
}

/* The voice of a caption's dialogue line ("- Yes.") that names no
 * one: subtitles write a dash where the speaker changes, so such lines
 * alternate between two unnamed speakers, ids ("speaker_0_1") turns.c
 * shows as "Speaker N" apart from every name the file gives. */
static const char *dash_voice(pc_cues *c)
{
    c->dash_voice = c->dash_voice == 1 ? 2 : 1;
    return c->dash_voice == 1 ? "speaker_0_1" : "speaker_0_2";
}

/* One piece of plain text (markup gone) said by voice; dash: it is a
 * dialogue line's ("- Yes."), whose dash is gone. */
static bool piece(pc_cues *c, const char *voice, const char *text, size_t n, double start_s,
                  unsigned long line, unsigned long col, bool dash)
{
    char *t = pc_arena_strndup(c->doc->arena, text, n);
    if (!t)
        return false;
    char id[24];
    size_t p = voice ? 0 : speaker_paren(t, n, id);
    if (p) { /* whisper.cpp: "(speaker 1) words" */
        t += p;
        n -= p;
        if (*id && !(voice = pc_arena_strdup(c->doc->arena, id)))
            return false;
    }
    size_t name_len, k = voice ? 0 : bracket_name(t, n, &name_len);
    const char *candidate = NULL;
    if (k) { /* "[SAM] Thanks.": SAM speaks, or a sound does */
        t[1 + name_len] = '\0';
        candidate = t + 1;
        t += k;
        n -= k;
        if (c->candidate && !strcmp(candidate, c->candidate))
            candidate = NULL; /* said again while SAM goes on */
        else
            c->candidate = candidate;
    }
    n = pc_text_squeeze(t, pc_text_drop_notes(t, n, true));
    if (!n)
        return true;
    text = t;
    pc_label lb;
    bool labeled = pc_label_parse(text, &lb);
    size_t lower = !voice && !labeled ? lower_name(text, n) : 0;
    const char *in_text = NULL; /* "sam lee" of "sam lee: words", a speaker perhaps */
    if (lower) {
        if (!(in_text = pc_arena_strndup(c->doc->arena, text, lower)))
            return false;
        if (c->candidate && !strcmp(in_text, c->candidate)) {
            /* said again while sam lee goes on: no more words of hers */
            for (text += lower + 1, n -= lower + 1; *text == ' '; text++, n--)
                ;
            in_text = NULL;
        } else {
            c->candidate = in_text;
        }
    }
    c->unnamed += !voice && !k && !labeled && !lower;
    if (dash && !voice && !p && !k && !labeled && !lower)
        voice = dash_voice(c);
    c->typed = c->typed || in_text;
    bool chevrons = !labeled && text[0] == '>' && text[1] == '>';
    if (chevrons) { /* ">> words": someone new speaks, unnamed */
        for (text += 2, n -= 2; *text == ' '; text++, n--)
            ;
        if (!n)
            return true;
    }
    bool change = voice && (!c->voice || strcmp(voice, c->voice));
    /* `Name:` opening a cue, written as names are: captions write it
     * where the speaker changes, often once per speaker, so it is taken
     * as given (the builder still reads `Note:` and the like as text;
     * `So we water in shifts:` waits for the usual rules) */
    bool named = labeled && !change && (lb.marked || pc_label_title_case(lb.name, lb.name_len));
    const char *speaking = voice ? voice : c->voice;
    if ((named || (labeled && change)) && speaking && strlen(speaking) == lb.name_len &&
        !strncasecmp(speaking, lb.name, lb.name_len)) {
        /* the one speaking, named again (Zoom names every cue; an
         * edited transcript's captions type the <v> span's name, in
         * capitals too): the words go on, as an unlabeled cue's do */
        n -= (size_t)(lb.rest - text);
        text = lb.rest;
        named = labeled = false;
    }
    bool gap = start_s >= 0 && c->last_end_s >= 0 && start_s - c->last_end_s >= 2.0;
    if ((change || labeled || gap || chevrons) && !end_paragraph(c))
        return false;
    if (!c->open) {
        c->open = true;
        c->block_line = line;
    }
    const char *label = NULL;
    if (change) {
        if (!(label = pc_arena_strdup(c->doc->arena, voice)))
            return false;
    } else if (named) {
        if (!(label = pc_arena_strndup(c->doc->arena, lb.name, lb.name_len)))
            return false;
        if (lb.time_s >= 0)
            start_s = lb.time_s;
        n -= (size_t)(lb.rest - text);
        text = lb.rest;
    }
    if (label) {
        c->voice = label;
        c->candidate = NULL;
    }
    if (!pc_doc_line(c->doc, text, n, label, line, col, start_s))
        return false;
    if (candidate || in_text) {
        /* someone else may speak now: a label after is given again */
        c->voice = NULL;
        pc_doc_line_candidate(c->doc, in_text ? in_text : candidate, in_text != NULL);
    }
    return true;
}

/* The first "</rt>" in [from, end), or NULL. */
static const char *next_rt_close(const char *from, const char *end)
{
    for (const char *q = from; q && end - q >= 5; q++) {
        q = memchr(q, '<', (size_t)(end - q));
        if (q && end - q >= 5 && !memcmp(q, "</rt>", 5))
            return q;
        if (!q)
            break;
    }
    return NULL;
}

/* Takes the markup out of a cue's text and hands each voiced stretch to
 * piece(): <v Name> / <v.loud Name> spans give a voice; other tags, SRT's
 * {\an8} and time tags go; entities are decoded. */
bool pc_cues_add(pc_cues *c, const char *voice, const char *text, size_t n, double start_s,
                 double end_s, unsigned long line, unsigned long col)
{
    const char *cur_voice = voice;
    const char *span_voice = NULL;
    bool ok = true;
    /* the next '>' and '}' at or after the last search: every '<' of
     * "<<<<...>" finds the same one, so the text is scanned once */
    const char *gt = NULL, *brace = NULL, *rt_end = NULL;
    bool gt_none = false, brace_none = false, rt_none = false;
    bool dash = false; /* the text gathered is a dialogue line's */
    bool fresh = true; /* no words yet on this line (tags perhaps: "<v Ann>- Hi") */
    pc_buf_clear(&c->text);
    for (size_t i = 0; i < n && ok;) {
        const char *s = text + i;
        if (*s == '>' && (i == 0 || s[-1] == '\n') && i + 1 < n && s[1] == '>' && c->text.len) {
            /* ">>" opens a new speaker's words: what came before is said */
            ok = piece(c, cur_voice, c->text.data, c->text.len, start_s, line, col, dash);
            pc_buf_clear(&c->text);
            dash = false;
        }
        if (*s == '-' && fresh && i + 1 < n &&
            (s[1] == ' ' || (s[1] >= 'A' && s[1] <= 'Z'))) {
            /* "- How are you?\n- Fine.": a dialogue line, a paragraph of its own */
            if (c->text.len)
                ok = piece(c, cur_voice, c->text.data, c->text.len, start_s, line, col, dash);
            pc_buf_clear(&c->text);
            ok = ok && end_paragraph(c);
            dash = true;
            i++;
            continue;
        }
        if (*s == '<') {
            if (!gt_none && (!gt || gt < s))
                gt_none = !(gt = memchr(s, '>', n - i));
            const char *e = gt;
            if (!e) { /* a lone '<' is text */
                ok = pc_buf_putc(&c->text, '<');
                fresh = false;
                i++;
                continue;
            }
            size_t tl = (size_t)(e - s) + 1;
            const char *lt = memchr(s + 1, '<', tl - 1);
            if (lt) { /* "<v Ann <i>": the first tag is broken; drop it */
                i += (size_t)(lt - s);
                continue;
            }
            if (tl >= 4 && !strncmp(s, "<rt", 3) && (s[3] == '>' || s[3] == ' ' || s[3] == '.')) {
                /* <ruby>漢<rt>kan</rt></ruby>: the annotation is not read */
                if (!rt_none && (!rt_end || rt_end < s))
                    rt_none = !(rt_end = next_rt_close(e, text + n));
                if (rt_end) {
                    i = (size_t)(rt_end - text) + 5;
                    continue;
                }
            }
            if (tl > 3 && s[1] == 'v' && (s[2] == ' ' || s[2] == '.' || s[2] == '\t')) {
                const char *name = s + 2;
                while (name < e && *name != ' ' && *name != '\t')
                    name++; /* past the classes */
                while (name < e && (*name == ' ' || *name == '\t'))
                    name++;
                size_t nl = (size_t)(e - name);
                while (nl && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
                    nl--;
                if (c->text.len) /* what came before is the previous voice's */
                    ok = piece(c, cur_voice, c->text.data, c->text.len, start_s, line, col, dash);
                pc_buf_clear(&c->text);
                dash = false;
                span_voice = nl ? pc_arena_strndup(c->doc->arena, name, nl) : NULL;
                ok = ok && (!nl || span_voice);
                if (span_voice && !voice) { /* a speaker given is who speaks */
                    pc_text_squeeze((char *)span_voice, nl);
                    cur_voice = span_voice;
                }
            } else if (!strncmp(s, "</v>", 4) && c->text.len) {
                ok = piece(c, cur_voice, c->text.data, c->text.len, start_s, line, col, dash);
                pc_buf_clear(&c->text);
                dash = false;
            }
            i += tl;
            continue;
        }
        if (*s == '{' && i + 1 < n && s[1] == '\\') { /* SRT/ASS override: {\an8} */
            if (!brace_none && (!brace || brace < s))
                brace_none = !(brace = memchr(s, '}', n - i));
            const char *e = brace;
            if (e) {
                i += (size_t)(e - s) + 1;
                continue;
            }
        }
        unsigned cp;
        size_t el = *s == '&' ? pc_text_entity(s, &cp) : 0;
        if (el && el <= n - i) {
            ok = pc_buf_put_cp(&c->text, cp);
            fresh = false;
            i += el;
            continue;
        }
        ok = pc_buf_putc(&c->text, *s);
        fresh = *s == '\n';
        i++;
    }
    if (ok && c->text.len)
        ok = piece(c, cur_voice, c->text.data, c->text.len, start_s, line, col, dash);
    pc_buf_clear(&c->text);
    if (end_s >= 0)
        c->last_end_s = end_s;
    else if (start_s >= 0)
        c->last_end_s = start_s;
    return ok;
}

bool pc_cues_finish(pc_cues *c)
{
    bool ok = end_paragraph(c);
    for (size_t i = 0; c->typed && !c->unnamed && i < c->doc->block_count; i++)
        for (size_t j = 0; j < c->doc->blocks[i].line_count; j++) {
            pc_line *l = &c->doc->blocks[i].lines[j];
            if (l->label || !l->candidate || !l->candidate_len || pc_label_is_admonition(l->candidate))
                continue;
            l->label = l->candidate; /* "sam: Thanks!" in a file of named cues */
            l->text += l->candidate_len;
            l->candidate = NULL;
            l->candidate_len = 0;
        }
    pc_buf_free(&c->text);
    return ok;
}
