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
 * word (starts, of p's bytes: where words start; NULL: any character)
 * and never before closing punctuation. */
static size_t cue_cut(const char *p, const unsigned char *starts, size_t *chars)
{
    size_t len = strlen(p), i = 0, k = 0, w = 0;
    size_t strong = 0, strong_k = 0, strong_w = 0, weak = 0, weak_k = 0, weak_w = 0;
    unsigned prev = 0;
    while (i < len) {
        unsigned cp;
        size_t step = pc_utf8_decode(p + i, len - i, &cp);
        if (k) {
            int s = break_score(prev, cp);
            if (s == 1 && starts && !starts[i])
                s = 0;
            if (w > CUE_WIDTH && (strong || weak))
                break;
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
        i += step ? step : 1;
        k++;
        w += units_of(cp);
        prev = cp;
    }
    if (i >= len) {
        *chars = k;
        return len;
    }
    bool use_strong = strong && (!weak || strong_w * 2 >= CUE_WIDTH || strong_w >= weak_w);
    *chars = use_strong ? strong_k : weak_k;
    return use_strong ? strong : weak;
}

/* Cuts a sentence into cues (cue_cut) at plan's words and shares
 * [start, end] out by characters. false on ENOMEM; the cues added so far
 * stay. */
static bool add_sentence(pc_cues *c, const pcast_plan *plan, double start, double end,
                         size_t speaker, size_t section, const char *text)
{
    size_t len = strlen(text), total = pc_utf8_count(text, len), done = 0;
    if (!total)
        return true;
    if (punct_only(text, len))
        return attach(c, end, speaker, text, len);
    bool cut = text_units(text, len) > CUE_WIDTH;
    unsigned char *starts = cut ? malloc(len) : NULL;
    if (cut && (!starts || !pc_plan_word_starts(plan, text, len, starts))) {
        free(starts);
        return false;
    }
    const char *p = text;
    bool ok = true;
    while (*p && ok) {
        size_t chars = 0, i = cue_cut(p, starts ? starts + (p - text) : NULL, &chars);
        size_t n = i;
        while (n && p[n - 1] == ' ')
            n--;
        double a = start + (end - start) * (double)done / (double)total;
        double b = start + (end - start) * (double)(done + chars) / (double)total;
        ok = !n || cues_add(c, a, p[i] ? b : end, speaker, section, p, n);
        done += chars;
        p += i;
        while (*p == ' ') {
            p++;
            done++;
        }
    }
    free(starts);
    return ok;
}

bool pc_cues_build(const pcast_plan *plan, const pcast_timeline *tl, pc_cues *out)
{
    unsigned rate = pcast_timeline_sample_rate(tl);
    pc_buf text = {0};
    double start = 0, end = 0;
    size_t speaker = 0, section = 0;
    bool open = false, ok = true;
    for (size_t i = 0; i < pcast_timeline_count(tl) && ok; i++) {
        const pcast_timeline_entry *e = pcast_timeline_get(tl, i);
        const pcast_clip *c = pcast_plan_clip(plan, e->clip_index);
        bool joins = open && c->before >= PCAST_BOUNDARY_RUN && c->before < PCAST_BOUNDARY_SENTENCE && c->speaker_index == speaker &&
                     c->section_index == section;
        if (open && !joins) {
            ok = add_sentence(out, plan, start, end, speaker, section, text.data);
            pc_buf_clear(&text);
            open = false;
        }
        if (!open) {
            start = (double)e->start_frames / rate;
            speaker = c->speaker_index;
            section = c->section_index;
            open = true;
        } else if (c->space_before) {
            ok = ok && pc_buf_putc(&text, ' ');
        }
        ok = ok && pc_buf_puts(&text, c->text);
        end = (double)(e->start_frames + e->clip_frames) / rate;
    }
    if (open && ok)
        ok = add_sentence(out, plan, start, end, speaker, section, text.data);
    pc_buf_free(&text);
    return ok;
}

