/* plan: the script becomes clips (one language run of one sentence) and
 * the pauses between them.
 *
 * Runs: espeak-ng's Mandarin voice garbles Latin words and its English
 * voice cannot read Han, so a sentence is cut where the script changes.
 * Each code point is Han (CJK ideographs, CJK punctuation), kana, hangul,
 * a letter (any other alphabetic), or neutral (digits, spaces, symbols).
 * Kana is Japanese (espeak-ng's Mandarin voice says "Japanese" for each
 * one) and hangul Korean, whatever the post's language; in a Japanese
 * post (lang ja, or kana in no small part of its text) Han text is
 * Japanese too, one run with its kana.
 * Neutral stretches join the run before them ("Claude 3.7 Sonnet" stays
 * English, "從95%提升" stays Mandarin), or the run after them at the start
 * of a sentence. A full-width ？ ！ 。 that ends a sentence after a Latin
 * run belongs to that run ("為什麼選Sonnet？": the English clip is the
 * question), as its ASCII stop would.
 *
 * Breath cuts in long Mandarin phrases fall where a word starts, by the
 * reading front end's own segmentation (pc_reading_word_starts; the
 * post's `pronounce:` words count), loaded only when a phrase needs a
 * cut. */
#include "internal.h"
#include "breath.h"
#include "lexicon.h"
#include "plan.h"
#include "post.h"
#include "reading.h"
#include "reading_ja.h"
#include "reading_ja_numbers.h"
#include "scripts.h"
#include "sentences.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unictype.h>

#define MAX_CLIP_CHARS 300 /* longer sentences are cut at a comma or blank */

struct pcast_plan {
    pc_arena arena;
    pcast_clip *clips;
    size_t count, cap;
    const char **gaps; /* per clip: the unspoken text before it ("，"), or NULL */
    size_t gaps_cap;
    pcast_pauses pauses;
    const char *han_tag, *latin_tag; /* language tags of the two scripts */
    const char *lang;     /* the post's, lowered, when not written in Latin letters */
    bool single;          /* the whole text in latin_tag (no Han text) */
    pc_lexicon *lex;      /* a copy of the post's `pronounce:` (or NULL) */
    pc_reading *reading;  /* segments words; its table loads on first use */
};

pcast_pauses pcast_pauses_default(void)
{
    pcast_pauses p = {0, 350, 700, 900, 1500, 700, 200, 250};
    return p;
}

static int pick(int over, int front, int def) { return over >= 0 ? over : front >= 0 ? front : def; }

static pcast_pauses merge(const pcast_pauses *o, const pcast_pauses *f)
{
    pcast_pauses d = pcast_pauses_default(), none = {-1, -1, -1, -1, -1, -1, -1, -1};
    if (!o)
        o = &none;
    pcast_pauses r = {
        pick(o->run_ms, f->run_ms, d.run_ms),
        pick(o->sentence_ms, f->sentence_ms, d.sentence_ms),
        pick(o->paragraph_ms, f->paragraph_ms, d.paragraph_ms),
        pick(o->turn_ms, f->turn_ms, d.turn_ms),
        pick(o->section_before_ms, f->section_before_ms, d.section_before_ms),
        pick(o->section_after_ms, f->section_after_ms, d.section_after_ms),
        pick(o->breath_ms, f->breath_ms, d.breath_ms),
        pick(o->comma_ms, f->comma_ms, d.comma_ms),
    };
    return r;
}

static int boundary_ms(const pcast_pauses *p, pcast_boundary b)
{
    switch (b) {
    case PCAST_BOUNDARY_NONE: return 0;
    case PCAST_BOUNDARY_RUN: return p->run_ms;
    case PCAST_BOUNDARY_BREATH: return p->breath_ms;
    case PCAST_BOUNDARY_COMMA: return p->comma_ms;
    case PCAST_BOUNDARY_SENTENCE: return p->sentence_ms;
    case PCAST_BOUNDARY_PARAGRAPH: return p->paragraph_ms;
    case PCAST_BOUNDARY_TURN: return p->turn_ms;
    case PCAST_BOUNDARY_SECTION: return p->section_before_ms;
    case PCAST_BOUNDARY_TITLE: return p->section_after_ms;
    }
    return 0;
}

/* Is the plan's Han text Japanese (read with its kana)? */
static bool japanese(const pcast_plan *pl) { return !strcmp(pl->han_tag, "ja"); }
static bool korean(const pcast_plan *pl) { return !strcmp(pl->han_tag, "ko"); }

/* lang lowercased, '_' as '-', in the plan's arena (NULL when out of
 * memory). */
static const char *lowered(pcast_plan *pl, const char *lang)
{
    char *l = pc_arena_strdup(&pl->arena, lang);
    for (char *c = l; c && *c; c++) {
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        if (*c == '_')
            *c = '-';
    }
    return l;
}

/* The language tags of a post's Han and Latin runs, from its lang:
 * Han text is Mandarin ("zh") unless lang says Cantonese ("yue") or the
 * post is Japanese ("ja") or Korean ("ko", its hanja); Latin text is English ("en", or "en-gb")
 * unless lang names another language written in Latin letters, whose tag
 * (lowercased, '_' as '-') it keeps. The engine picks voices. */
static void choose_tags(pcast_plan *pl, const char *lang, const pc_scripts *sc)
{
    pl->han_tag = "zh";
    pl->latin_tag = "en";
    pl->lang = NULL;
    pl->single = !sc->han && !sc->kana && !sc->hangul && !sc->other;
    if (pc_scripts_japanese(lang, sc))
        pl->han_tag = "ja";
    else if (pc_scripts_korean(lang, sc))
        pl->han_tag = "ko"; /* hanja in Korean, not Mandarin */
    int script = pc_script_of_lang(lang);
    if (script != PC_SCRIPT_LATIN) {
        pl->lang = lowered(pl, lang); /* it reads its own script's runs */
        if (script != PC_SCRIPT_HAN)
            return; /* Latin words in Japanese, Korean, Russian... text are English */
    }
    if (!lang)
        return;
    if (!strncasecmp(lang, "yue", 3) || !strncasecmp(lang, "zh-hk", 5) ||
        !strncasecmp(lang, "zh-mo", 5) || !strncasecmp(lang, "zh-hant-hk", 10)) {
        pl->han_tag = "yue";
        return;
    }
    if (!strncasecmp(lang, "zh", 2) || !strncasecmp(lang, "cmn", 3))
        return;
    if (!strcasecmp(lang, "en-gb") || !strcasecmp(lang, "en-uk")) {
        pl->latin_tag = "en-gb";
        return;
    }
    if (pc_script_primary_is(lang, "en"))
        return;
    const char *l = lowered(pl, lang);
    if (l)
        pl->latin_tag = l;
}

enum { C_NEUTRAL = PC_SCRIPT_NEUTRAL, C_HAN = PC_SCRIPT_HAN, C_LETTER = PC_SCRIPT_LATIN, C_KANA = PC_SCRIPT_KANA,
       C_HANGUL = PC_SCRIPT_HANGUL };

static int classify(unsigned cp) { return pc_script_of(cp); }

static bool speakable(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x80 ? uc_is_property_alphabetic(cp) || uc_is_property_numeric(cp)
                       : ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9'))
            return true;
    }
    return false;
}

typedef struct ctx {
    pcast_plan *pl;
    size_t speaker, section, turn;
    bool title;
    unsigned long line;    /* the source line of the text being added */
    bool space;            /* white space was trimmed after the last clip */
    pcast_boundary next;   /* the boundary before the next clip */
    size_t breath;         /* syllables said since the last pause */
    bool comma;            /* a comma stood in text dropped since the last clip */
    pc_buf gap;            /* the text dropped since the last clip, as written */
    const char *han;       /* the Han runs' tag in this sentence */
    bool ja;               /* this sentence is Japanese: kana and kanji one run */
    bool nomem;
} ctx;

/* Notes a boundary before the next clip; the strongest since the last
 * clip wins (the enum is ordered by strength). */
static void boundary(ctx *c, pcast_boundary b)
{
    if (b > c->next)
        c->next = b;
}

/* Whether a comma, colon or dash stands among the characters that are
 * neither letters, digits nor Han at the start (at_end: the end) of
 * s[0..n): where two clips meet, it is a pause the engine would lose at
 * the clip's edge. */
static bool comma_at_edge(const char *s, size_t n, bool at_end)
{
    size_t i = at_end ? n : 0;
    while (at_end ? i > 0 : i < n) {
        size_t a = i;
        if (at_end)
            while (a > 0 && ((unsigned char)s[--a] & 0xC0) == 0x80)
                ;
        unsigned cp;
        size_t len = pc_utf8_decode(s + a, n - a, &cp);
        if (pc_breath_comma(cp))
            return true;
        if (classify(cp) == C_LETTER || (cp >= '0' && cp <= '9') ||
            (cp >= 0x3400 && uc_is_property_ideographic(cp)))
            return false;
        i = at_end ? a : a + len;
    }
    return false;
}

/* Whether text breaks off ("Wait—", "But I--", "I thought that-"): the
 * next speaker cuts in, after a comma's pause rather than a turn's. */
static bool cut_off(const char *text)
{
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '"' || text[n - 1] == '\'' || text[n - 1] == '*'))
        n--;
    if (n >= 3 && (!memcmp(text + n - 3, "\xe2\x80\x94", 3) || !memcmp(text + n - 3, "\xe2\x80\x93", 3)))
        return true; /* — – */
    return n >= 2 && text[n - 1] == '-' && (text[n - 2] == '-' || ((text[n - 2] | 0x20) >= 'a' && (text[n - 2] | 0x20) <= 'z'));
}

static void add_clip(ctx *c, const char *s, size_t n, const char *tag)
{
    bool lead = n && *s == ' ';
    while (n && (*s == ' '))
        s++, n--;
    bool trail = n && s[n - 1] == ' ';
    while (n && s[n - 1] == ' ')
        n--;
    if (!n || !speakable(s, n)) {
        if (n && !c->gap.len && (lead || c->space) && !pc_buf_putc(&c->gap, ' '))
            c->nomem = true;
        if (n && !pc_buf_append(&c->gap, s, n))
            c->nomem = true;
        c->space = c->space || lead || trail || !n;
        c->comma = c->comma || comma_at_edge(s, n, false);
        return;
    }
    pcast_plan *pl = c->pl;
    if (pl->count && c->next == PCAST_BOUNDARY_RUN &&
        (c->comma || comma_at_edge(pl->clips[pl->count - 1].text,
                                   strlen(pl->clips[pl->count - 1].text), true) ||
         comma_at_edge(s, n, false)))
        c->next = PCAST_BOUNDARY_COMMA;
    c->comma = false;
    if (!pc_grow((void **)&pl->clips, &pl->cap, pl->count, sizeof *pl->clips) ||
        !pc_grow((void **)&pl->gaps, &pl->gaps_cap, pl->count, sizeof *pl->gaps)) {
        c->nomem = true;
        return;
    }
    pl->gaps[pl->count] = NULL;
    if (c->gap.len && pl->count &&
        !(pl->gaps[pl->count] = pc_arena_strndup(&pl->arena, c->gap.data, c->gap.len))) {
        c->nomem = true;
        return;
    }
    pc_buf_clear(&c->gap);
    pcast_clip *k = &pl->clips[pl->count];
    k->text = pc_arena_strndup(&pl->arena, s, n);
    if (!k->text) {
        c->nomem = true;
        return;
    }
    k->language = tag;
    k->speaker_index = c->speaker;
    k->section_index = c->section;
    k->turn_index = c->turn;
    k->is_title = c->title;
    k->line = c->line;
    k->before = pl->count ? c->next : PCAST_BOUNDARY_NONE;
    k->space_before = lead || c->space;
    c->space = trail;
    k->pause_before_ms = boundary_ms(&pl->pauses, k->before);
    if (k->before == PCAST_BOUNDARY_TURN && cut_off(pl->clips[pl->count - 1].text))
        k->pause_before_ms = pl->pauses.comma_ms; /* "Wait—" and the other speaker is in */
    pl->count++;
    c->next = PCAST_BOUNDARY_RUN;
    bool paused;
    size_t said = pc_breath_syllables(s, n, true, &paused);
    c->breath = paused || k->before == PCAST_BOUNDARY_BREATH || k->pause_before_ms > 0
                    ? said
                    : c->breath + said;
}

const pc_reading *pc_plan_reading(const pcast_plan *pl) { return pl->reading; }

bool pc_plan_word_starts(const pcast_plan *pl, const char *s, size_t n, unsigned char *starts)
{
    pcast_error err;
    return pc_reading_word_starts(pl->reading, s, n, starts, &err) != PCAST_ERR_NOMEM;
}

/* Han text, cut where a phrase would run past PC_BREATH_MAX_SYLLABLES
 * since the last pause; each cut is a breath, at a word start. Other text
 * is not cut, but a breath comes before it when its first phrase would
 * run past. */
static void add_breathing(ctx *c, const char *s, size_t n, const char *tag)
{
    size_t carry = c->next > PCAST_BOUNDARY_RUN ? 0 : c->breath;
    if (tag != c->pl->han_tag && carry) {
        size_t i = 0;
        while (i < n) {
            unsigned cp;
            size_t len = pc_utf8_decode(s + i, n - i, &cp);
            if (pc_breath_pauses_at(cp))
                break;
            i += len;
        }
        if (carry + pc_breath_syllables(s, i, false, NULL) > PC_BREATH_MAX_SYLLABLES)
            boundary(c, PCAST_BOUNDARY_BREATH);
    }
    unsigned char *starts = NULL; /* of the run s[0..n), once a cut is needed */
    size_t done = 0;              /* bytes of the run already said */
    while (tag == c->pl->han_tag && !japanese(c->pl) && !korean(c->pl) && !c->nomem) {
        /* (Japanese: espeak-ng pauses at its 、; Korean has its blanks) */
        carry = c->next > PCAST_BOUNDARY_RUN ? 0 : c->breath;
        size_t cut = pc_breath_cut(s + done, n - done, carry, PC_BREATH_MAX_SYLLABLES,
                                   starts ? starts + done : NULL);
        if (cut >= n - done)
            break;
        if (!starts) {
            if (!(starts = malloc(n)) || !pc_plan_word_starts(c->pl, s, n, starts))
                c->nomem = true;
            continue; /* the same phrase again, cut at a word */
        }
        if (cut > 0)
            add_clip(c, s + done, cut, tag); /* (nothing, when unspeakable) */
        boundary(c, PCAST_BOUNDARY_BREATH);
        c->breath = 0;
        done += cut;
    }
    free(starts);
    add_clip(c, s + done, n - done, tag);
}

/* A run longer than MAX_CLIP_CHARS is cut at its last comma or blank
 * before the limit (or at the limit). */
static void add_run(ctx *c, const char *s, size_t n, const char *tag)
{
    while (pc_utf8_count(s, n) > MAX_CLIP_CHARS) {
        size_t chars = 0, i = 0, cut = 0, blank = 0;
        while (i < n && chars < MAX_CLIP_CHARS) {
            unsigned cp;
            size_t len = pc_utf8_decode(s + i, n - i, &cp);
            i += len;
            chars++;
            if (cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == ';' || cp == 0xFF1B)
                cut = i;
            else if (cp == ' ')
                blank = i;
        }
        if (!cut)
            cut = blank ? blank : i;
        add_breathing(c, s, cut, tag);
        s += cut;
        n -= cut;
    }
    add_breathing(c, s, n, tag);
}

/* The language tag of a run of class k. */
static const char *run_tag(const ctx *c, int k)
{
    const pcast_plan *pl = c->pl;
    return k == C_HAN ? c->han : k == C_LETTER ? pl->latin_tag : pc_script_tag(k, pl->lang);
}

/* How the sentence s[0..n) reads its Han text (pc_scripts_sentence). */
static void sentence_tags(ctx *c, const char *s, size_t n)
{
    const pcast_plan *pl = c->pl;
    c->han = korean(pl) ? pl->han_tag : pc_scripts_sentence(s, n, pl->han_tag, &c->ja);
    c->ja = c->ja && !strcmp(c->han, "ja");
}

/* Is s[i] a number after a blank that hangul follows at once (2024년,
 * 3개)? Then it is counted in Korean, not with the Latin word before. */
static bool korean_count(const char *s, size_t n, size_t i)
{
    if (!i || s[i - 1] != ' ' || s[i] < '0' || s[i] > '9')
        return false;
    size_t e = i;
    while (e < n && ((s[e] >= '0' && s[e] <= '9') || ((s[e] == ',' || s[e] == '.') && e + 1 < n &&
                                                      s[e + 1] >= '0' && s[e + 1] <= '9')))
        e++;
    unsigned cp;
    return e < n && pc_utf8_decode(s + e, n - e, &cp) && classify(cp) == C_HANGUL;
}

/* Is the code point at s[i] (i < n) of script k? */
static bool script_at(const char *s, size_t n, size_t i, int k)
{
    unsigned cp;
    return i < n && (pc_utf8_decode(s + i, n - i, &cp), classify(cp) == k);
}

static void add_sentence(ctx *c, const char *s, size_t n)
{
    pcast_plan *pl = c->pl;
    if (pl->single) {
        add_run(c, s, n, pl->latin_tag);
        return;
    }
    sentence_tags(c, s, n);
    int cur = C_NEUTRAL, prev = C_NEUTRAL;
    size_t start = 0;
    bool stopped = false; /* a full-width stop closed a Latin run */
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        int k = classify(cp), here = k;
        if (pc_script_greek(k) && prev != k && !script_at(s, n, i + len, k))
            k = C_NEUTRAL; /* a lone Greek letter (β-blocker, π) is a symbol its sentence names */
        prev = here;
        if ((k == C_KANA && c->ja) || (k == C_HANGUL && korean(pl)))
            k = C_HAN; /* Japanese: kanji and kana are one run; Korean: hangul and hanja */
        size_t initialism = k == C_LETTER && c->ja ? pc_ja_initialism(s, n, i) : 0;
        if (initialism && !pc_scripts_beside_cjk(s, n, i, i + initialism))
            initialism = 0; /* "when I tried": English's I */
        if (initialism) { /* AI: Japanese letter names, in the Japanese run */
            if (cur != C_HAN && cur != C_NEUTRAL) {
                add_run(c, s + start, i - start, run_tag(c, cur));
                start = i;
            }
            cur = C_HAN;
            i += initialism;
            continue;
        }
        if (k == C_HAN && (cur == C_KANA || cur == C_HANGUL) && !uc_is_property_ideographic(cp))
            k = cur; /* CJK punctuation stays with kana or hangul before it */
        if (cur == C_LETTER && korean(pl) && korean_count(s, n, i)) {
            add_run(c, s + start, i - start, run_tag(c, cur)); /* Samsung 2024년: the year is Korean */
            start = i;
            cur = C_HAN;
        }
        size_t bound = k == C_LETTER ? pc_scripts_number_letters(s, n, i, c->ja && cur != C_LETTER) : 0;
        if (bound) { /* read with its number, in the number's run */
            i += bound;
            continue;
        }
        /* the sentence's ？！。 and what closes after it stay with a Latin run
         * (pc_sentence_end: nothing but stops and closers follow a stop) */
        stopped = stopped || (cur == C_LETTER && (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
                                                  cp == 0xFF0E));
        if (stopped)
            k = C_NEUTRAL;
        if (k != C_NEUTRAL) {
            if (cur != C_NEUTRAL && k != cur) { /* the neutral stretch before stays behind, */
                size_t at = i - (k == C_LETTER && i > start && (s[i - 1] == '@' || s[i - 1] == '#'));
                add_run(c, s + start, at - start, run_tag(c, cur)); /* but @ and # go with their word */
                start = at;
            }
            cur = k;
        }
        i += len;
    }
    add_run(c, s + start, n - start, run_tag(c, cur));
}

static void add_paragraph(ctx *c, const char *s)
{
    size_t n = strlen(s), start = 0;
    for (size_t i = 0; i < n;) {
        size_t end, bar;
        if (pc_sentence_end(s, n, i, &end)) {
            add_sentence(c, s + start, end - start);
            boundary(c, PCAST_BOUNDARY_SENTENCE);
            start = i = end;
            continue;
        }
        if ((bar = pc_sentence_separator(s, n, i))) {
            /* a phrase boundary: a comma's pause; captions show the bar */
            add_sentence(c, s + start, i - start);
            boundary(c, PCAST_BOUNDARY_COMMA);
            if ((i && s[i - 1] == ' ' && !pc_buf_putc(&c->gap, ' ')) ||
                !pc_buf_append(&c->gap, s + i, bar))
                c->nomem = true;
            start = i = i + bar;
            continue;
        }
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
    }
    add_sentence(c, s + start, n - start);
}

static pc_scripts post_scripts(const pcast_post *p)
{
    pc_scripts sc = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < pcast_post_section_count(p); i++) {
        const pcast_section *s = pcast_post_section(p, i);
        pc_scripts_count(s->title, &sc);
        for (size_t j = 0; j < s->turn_count; j++)
            for (size_t k = 0; k < s->turns[j].paragraph_count; k++)
                pc_scripts_count(s->turns[j].paragraphs[k], &sc);
    }
    return sc;
}

const char *pc_plan_spoken_language(const pcast_post *post)
{
    pc_scripts sc = post_scripts(post);
    size_t cjk = sc.han + sc.kana + sc.hangul;
    if (cjk <= sc.latin)
        return sc.latin ? "en" : NULL;
    return sc.hangul * 2 >= cjk ? "ko" : pc_scripts_japanese(NULL, &sc) ? "ja" : "zh";
}

pcast_status pcast_plan_new(const pcast_post *post, const pcast_pauses *pauses, pcast_plan **out,
                            pcast_error *err)
{
    return pcast_plan_new_lexicon(post, pauses, NULL, out, err);
}

pcast_status pcast_plan_new_lexicon(const pcast_post *post, const pcast_pauses *pauses,
                                    const char *lexicon, pcast_plan **out, pcast_error *err)
{
    *out = NULL;
    pcast_plan *pl = calloc(1, sizeof *pl);
    if (!pl)
        return pc_error_nomem(err);
    pcast_pauses front = pcast_post_pauses(post);
    pl->pauses = merge(pauses, &front);
    pc_scripts sc = post_scripts(post);
    choose_tags(pl, pcast_post_lang(post), &sc);
    pcast_status st = pc_lexicon_for_post(lexicon, post->front.pronounce, &pl->lex, err);
    if (st || !(pl->reading = pc_reading_new(NULL, pl->lex))) {
        pcast_plan_free(pl);
        return st ? st : pc_error_nomem(err);
    }
    ctx c = {.pl = pl, .next = PCAST_BOUNDARY_NONE};
    size_t last_speaker = SIZE_MAX;
    for (size_t i = 0; i < pcast_post_section_count(post) && !c.nomem; i++) {
        const pcast_section *s = pcast_post_section(post, i);
        c.section = i;
        if (i > 0) {
            c.next = PCAST_BOUNDARY_SECTION;
            c.speaker = 0;
            c.turn = SIZE_MAX;
            c.title = true;
            c.line = s->line;
            add_paragraph(&c, s->title);
            c.title = false;
            c.next = PCAST_BOUNDARY_TITLE;
            last_speaker = 0;
        }
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            c.speaker = t->speaker_index;
            c.turn = j;
            boundary(&c, t->speaker_index != last_speaker ? PCAST_BOUNDARY_TURN
                                                          : PCAST_BOUNDARY_PARAGRAPH);
            last_speaker = t->speaker_index;
            for (size_t k = 0; k < t->paragraph_count; k++) {
                /* the opening's first paragraph is the episode title */
                bool title = i == 0 && j == 0 && k == 0;
                c.title = title;
                c.line = t->paragraph_lines ? t->paragraph_lines[k] : t->line;
                boundary(&c, PCAST_BOUNDARY_PARAGRAPH);
                add_paragraph(&c, t->paragraphs[k]);
                c.title = false;
                if (title)
                    c.next = PCAST_BOUNDARY_TITLE;
            }
        }
    }
    pc_buf_free(&c.gap);
    if (c.nomem) {
        pcast_plan_free(pl);
        return pc_error_nomem(err);
    }
    *out = pl;
    return PCAST_OK;
}

void pcast_plan_free(pcast_plan *pl)
{
    if (!pl)
        return;
    free(pl->clips);
    free(pl->gaps);
    pc_arena_free(&pl->arena);
    pc_reading_free(pl->reading);
    pc_lexicon_free(pl->lex);
    free(pl);
}

size_t pcast_plan_clip_count(const pcast_plan *pl) { return pl->count; }

const char *pc_plan_gap_before(const pcast_plan *pl, size_t i)
{
    return i < pl->count && pl->gaps[i] ? pl->gaps[i] : "";
}

const pcast_clip *pcast_plan_clip(const pcast_plan *pl, size_t i)
{
    return i < pl->count ? &pl->clips[i] : NULL;
}

pcast_pauses pcast_plan_pauses(const pcast_plan *pl) { return pl->pauses; }

pcast_status pc_plan_text(const char *text, const char *lang, pcast_plan **out, pcast_error *err)
{
    *out = NULL;
    pcast_plan *pl = calloc(1, sizeof *pl);
    if (!pl)
        return pc_error_nomem(err);
    pl->pauses = pcast_pauses_default();
    pc_scripts sc = {0, 0, 0, 0, 0};
    pc_scripts_count(text, &sc);
    choose_tags(pl, lang, &sc);
    if (!(pl->reading = pc_reading_new(NULL, NULL))) {
        pcast_plan_free(pl);
        return pc_error_nomem(err);
    }
    ctx c = {.pl = pl, .next = PCAST_BOUNDARY_NONE};
    add_paragraph(&c, text);
    pc_buf_free(&c.gap);
    if (c.nomem) {
        pcast_plan_free(pl);
        return pc_error_nomem(err);
    }
    *out = pl;
    return PCAST_OK;
}

pcast_status pcast_plan_span(const pcast_plan *pl, size_t section, size_t turn, size_t *first,
                             size_t *count)
{
    size_t a = SIZE_MAX, b = 0;
    for (size_t i = 0; i < pl->count; i++) {
        const pcast_clip *c = &pl->clips[i];
        if (c->section_index != section || (turn != SIZE_MAX && c->turn_index != turn))
            continue;
        if (a == SIZE_MAX)
            a = i;
        b = i + 1;
    }
    if (a == SIZE_MAX)
        return PCAST_ERR_ARGUMENT;
    *first = a;
    *count = b - a;
    return PCAST_OK;
}
