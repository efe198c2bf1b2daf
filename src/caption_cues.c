/* caption_cues: the captions' cues (see caption_cues.h).
 *
 * Cues are sentences: consecutive clips joined by a run boundary (a
 * language switch, or a long sentence cut at a comma) are one sentence,
 * whose start and end are exact sample offsets. A sentence longer than
 * 65 characters becomes several cues, its span shared out by characters,
 * cut at blanks and punctuation, else between Han words (the plan's
 * segmentation, the reading's), never inside a Latin word or a Han word
 * or before closing punctuation; punctuation said alone joins the cue
 * before it. */
#include "caption_cues.h"

#include "engine.h"
#include "internal.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

/* A cue's width: 65 columns of Latin text, and a wide character (Han,
 * kana, hangul) takes three, so a Chinese cue holds about 21 (readers
 * take in 16-20 at a glance; at two columns each, 65 were 130 wide). */
#define CUE_WIDTH 65
#define WIDE_UNITS 3

static size_t units_of(unsigned cp) { return uc_width(cp, "UTF-8") == 2 ? WIDE_UNITS : 1; }

static size_t text_units(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t step = pc_utf8_decode(s + i, n - i, &cp);
        w += units_of(cp);
        i += step ? step : 1;
    }
    return w;
}

void pc_cues_free(pc_cues *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->items[i].text);
    free(c->items);
}

static bool cues_add(pc_cues *c, double start, double end, size_t speaker, size_t section,
                     const char *text, size_t n)
{
    if (!pc_grow((void **)&c->items, &c->cap, c->count, sizeof *c->items))
        return false;
    pc_cue *q = &c->items[c->count];
    q->text = strndup(text, n);
    if (!q->text)
        return false;
    /* a cue is one line: a blank line would end it and start a forged
     * one; no escape sequence or bidi override reaches a player */
    pc_speech_blank(q->text, strlen(q->text));
    q->start = start;
    q->end = end;
    q->speaker = speaker;
    q->section = section;
    c->count++;
    return true;
}

/* What cutting a cue needs to know of a code point. */
static bool is_word(unsigned cp)
{
    return (cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10)) ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static bool is_opening(unsigned cp)
{
    static const unsigned open[] = {'(', '[', '{', 0x2018, 0x201C, 0x3008, 0x300A, 0x300C,
                                    0x300E, 0x3010, 0x3014, 0xFF08, 0xFF3B, 0xFF5B};
    for (size_t i = 0; i < sizeof open / sizeof *open; i++)
        if (cp == open[i])
            return true;
    return false;
}

static bool is_punct(unsigned cp)
{
    return (cp < 0x80 && cp > ' ' && !is_word(cp) && cp != 0x7F) ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp > 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xB7;
}

/* How good a cue boundary between code points a and b is: 0 never (it
 * would split a Latin word or number, or leave punctuation to open a
 * cue), 1 between Han characters or at a script change, 2 after a blank
 * or a punctuation mark. */
static int break_score(unsigned a, unsigned b)
{
    if (a == ' ')
        return 2;
    if (b == ' ' || (is_punct(b) && !is_opening(b)) || is_opening(a))
        return 0;
    if (is_punct(a))
        return a < 0x80 && is_word(b) ? 0 : 2;
    if (is_word(b))
        return a >= 0x80 && !is_word(a) ? 1 : 0;
    return 1;
}

/* text[0..n) is nothing but punctuation and blanks. */
static bool punct_only(const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(text + i, n - i, &cp);
        if (cp != ' ' && !is_punct(cp))
            return false;
    }
    return true;
}

/* Punctuation said alone (a "。" of its own) joins the cue before it,
 * which then ends at end; with no cue before of that speaker it is
 * dropped. false on ENOMEM. */
static bool attach(pc_cues *c, double end, size_t speaker, const char *text, size_t n)
{
    pc_cue *q = c->count ? &c->items[c->count - 1] : NULL;
    if (!q || q->speaker != speaker)
        return true;
    size_t had = strlen(q->text);
    char *t = realloc(q->text, had + n + 1);
    if (!t)
        return false;
    memcpy(t + had, text, n);
    t[had + n] = '\0';
    pc_speech_blank(t + had, n);
    q->text = t;
    q->end = end;
    return true;
}

/* Where the cue starting at p ends: its byte length, *chars its code
 * points. At most CUE_WIDTH wide (units_of), cut after a blank or a
 * punctuation mark where one lies past half of that, else between Han
 * characters or where the script changes; never inside a Latin word or
 * number (a word longer than a cue stays whole), never inside a Han
 * word (starts, of p's bytes: where words start; NULL: any character),
 * never between a number and the Han character after it, and never
 * before closing punctuation. Where the voice pauses (pauses, of p's
 * bytes; NULL: nowhere) is as good as a punctuation mark. A blank between capitalised words (a
 * name) is a cut only where no other lies past half the width. */
static size_t cue_cut(const char *p, const unsigned char *starts, const unsigned char *pauses,
                      size_t *chars)
{
    size_t len = strlen(p), i = 0, k = 0, w = 0;
    size_t strong = 0, strong_k = 0, strong_w = 0, weak = 0, weak_k = 0, weak_w = 0, name = 0,
           name_k = 0;
    unsigned prev = 0, last = 0; /* last: the code point before any blank */
    bool cap = false;            /* the last Latin word began with a capital */
    while (i < len) {
        unsigned cp;
        size_t step = pc_utf8_decode(p + i, len - i, &cp);
        if (k) {
            int s = break_score(prev, cp);
            if (s == 1 && starts && !starts[i])
                s = 0;
            if (pauses && pauses[i] && !(is_punct(cp) && !is_opening(cp)))
                s = 2; /* the voice pauses there (a breath); never before "，" */
            if (s && last - '0' < 10 && units_of(cp) == WIDE_UNITS && !is_punct(cp))
                s = 0; /* "135 | 亿元", "2025 | 年": a number keeps its unit */
            else if (s == 2 && prev == ' ' && cap && (cp - 'A' < 26 || cp - '0' < 10))
                s = 3; /* "Hacker | News", "Claude | 3.5": a name, cut last */
            if (w > CUE_WIDTH && (strong || weak || name))
                break;
            if (s == 3) {
                name = i;
                name_k = k;
            }
            if (s == 2) {
                strong = i;
                strong_k = k;
                strong_w = w;
            } else if (s == 1) {
                weak = i;
                weak_k = k;
                weak_w = w;
            }
        }
        if (is_word(cp) && !is_word(prev) && prev != '.')
            cap = cp - 'A' < 26;
        else if (!is_word(cp) && cp != ' ' && cp != '.')
            cap = false;
        i += step ? step : 1;
        k++;
        w += units_of(cp);
        prev = cp;
        if (cp != ' ')
            last = cp;
    }
    if (i >= len) {
        *chars = k;
        return len;
    }
    if (!strong && !weak) {
        *chars = name_k;
        return name;
    }
    bool use_strong = strong && (!weak || strong_w * 2 >= CUE_WIDTH || strong_w >= weak_w);
    *chars = use_strong ? strong_k : weak_k;
    return use_strong ? strong : weak;
}

/* A clip's place in its sentence: code points [c0, c1) of the text,
 * said from t0 to t1 (seconds). */
typedef struct span {
    size_t c0, c1;
    size_t b0;   /* the byte c0 is at */
    bool paused; /* silence before it */
    double t0, t1;
} span;

typedef struct sentence {
    pc_buf text;
    span *spans;
    size_t count, cap;
    size_t chars; /* code points in text */
} sentence;

/* When code point pos of the sentence is said: a cue starting there
 * (at_end false) starts where the clip holding it is at pos, or where the
 * next clip starts when pos lies between clips (a blank, a pause's
 * comma); a cue ending before it (at_end) ends at that point of the clip
 * before, or where that clip ends. Within a clip, shared out by
 * characters. */
static double time_at(const sentence *st, size_t pos, bool at_end)
{
    const span *v = st->spans;
    size_t lo = 0, hi = st->count;
    if (!at_end) { /* the first clip not ended by pos */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid].c1 <= pos)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == st->count)
            return v[st->count - 1].t1;
    } else { /* the last clip begun before pos */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid].c0 < pos)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            return v[0].t0;
        lo--;
    }
    const span *x = &v[lo];
    if (pos <= x->c0)
        return x->t0;
    if (pos >= x->c1)
        return x->t1;
    return x->t0 + (x->t1 - x->t0) * (double)(pos - x->c0) / (double)(x->c1 - x->c0);
}

/* Cuts a sentence into cues (cue_cut) at plan's words, each timed by the
 * clips its first and last characters are in (time_at): a long
 * sentence's breath cuts and language switches are exact sample offsets.
 * false on ENOMEM; the cues added so far stay. */
static bool add_sentence(pc_cues *c, const pcast_plan *plan, const sentence *st, size_t speaker,
                         size_t section)
{
    const char *text = st->text.data;
    size_t len = st->text.len, done = 0;
    if (!st->chars)
        return true;
    double end = st->spans[st->count - 1].t1;
    if (punct_only(text, len))
        return attach(c, end, speaker, text, len);
    bool cut = text_units(text, len) > CUE_WIDTH;
    unsigned char *starts = cut ? malloc(len) : NULL, *pauses = cut ? calloc(len, 1) : NULL;
    if (cut && (!starts || !pauses || !pc_plan_word_starts(plan, text, len, starts))) {
        free(starts);
        free(pauses);
        return false;
    }
    for (size_t j = 1; pauses && j < st->count; j++)
        pauses[st->spans[j].b0] = st->spans[j].paused;
    const char *p = text;
    bool ok = true;
    while (*p && ok) {
        size_t at = (size_t)(p - text), chars = 0;
        size_t i = cue_cut(p, starts ? starts + at : NULL, pauses ? pauses + at : NULL, &chars);
        size_t n = i;
        while (n && p[n - 1] == ' ')
            n--;
        double a = done ? time_at(st, done, false) : st->spans[0].t0;
        double b = p[i] ? time_at(st, done + chars, true) : end;
        ok = !n || cues_add(c, a, b > a ? b : a, speaker, section, p, n);
        done += chars;
        p += i;
        while (*p == ' ') {
            p++;
            done++;
        }
    }
    free(starts);
    free(pauses);
    return ok;
}

/* Appends s to the sentence's text. false on ENOMEM. */
static bool sentence_put(sentence *st, const char *s)
{
    st->chars += pc_utf8_count(s, strlen(s));
    return pc_buf_puts(&st->text, s);
}

bool pc_cues_build(const pcast_plan *plan, const pcast_timeline *tl, pc_cues *out)
{
    unsigned rate = pcast_timeline_sample_rate(tl);
    sentence st = {0};
    size_t speaker = 0, section = 0;
    bool open = false, ok = true;
    for (size_t i = 0; i < pcast_timeline_count(tl) && ok; i++) {
        const pcast_timeline_entry *e = pcast_timeline_get(tl, i);
        const pcast_clip *c = pcast_plan_clip(plan, e->clip_index);
        bool joins = open && c->before >= PCAST_BOUNDARY_RUN && c->before < PCAST_BOUNDARY_SENTENCE && c->speaker_index == speaker &&
                     c->section_index == section;
        if (open && !joins) {
            ok = add_sentence(out, plan, &st, speaker, section);
            pc_buf_clear(&st.text);
            st.count = st.chars = 0;
            open = false;
        }
        if (!open) {
            speaker = c->speaker_index;
            section = c->section_index;
            open = true;
        } else {
            /* what the plan paused at instead of saying ("，") is shown */
            ok = ok && sentence_put(&st, pc_plan_gap_before(plan, e->clip_index)) &&
                 (!c->space_before || sentence_put(&st, " "));
        }
        if (!ok || !pc_grow((void **)&st.spans, &st.cap, st.count, sizeof *st.spans)) {
            ok = false;
            break;
        }
        span *x = &st.spans[st.count++];
        x->c0 = st.chars;
        x->b0 = st.text.len;
        x->paused = c->pause_before_ms > 0;
        ok = sentence_put(&st, c->text);
        x->c1 = st.chars;
        x->t0 = (double)e->start_frames / rate;
        x->t1 = (double)(e->start_frames + e->clip_frames) / rate;
    }
    if (open && ok)
        ok = add_sentence(out, plan, &st, speaker, section);
    pc_buf_free(&st.text);
    free(st.spans);
    return ok;
}
