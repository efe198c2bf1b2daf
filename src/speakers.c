/* speakers: one speaker per person, however the labels spell the name. */
#include "speakers.h"

#include "labels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unictype.h>

/* Code points that change nothing a listener hears in a name: zero-width
 * space, non-joiner and joiner, word joiner, BOM, soft hyphen. */
static bool invisible(unsigned cp)
{
    return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
}

/* Code points that are no part of a name and must not reach a file or a
 * terminal from one: C0 and C1 controls, DEL, and the bidi formatting
 * controls (embeddings, overrides, isolates, marks). */
static bool control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* name without its controls (each a blank, blanks squeezed, none at
 * either end): name itself when it has none, else a copy in the arena;
 * NULL on ENOMEM. */
static const char *clean_name(pc_arena *arena, const char *name)
{
    size_t len = strlen(name), i = 0;
    unsigned cp;
    for (size_t k; i < len; i += k ? k : 1)
        if ((k = pc_utf8_decode(name + i, len - i, &cp)) && control(cp))
            break;
    if (i == len)
        return name;
    char *t = pc_arena_strndup(arena, name, len);
    if (!t)
        return NULL;
    size_t o = 0;
    bool blank = false;
    for (i = 0; i < len;) {
        size_t k = pc_utf8_decode(name + i, len - i, &cp);
        k = k ? k : 1;
        if (control(cp) || cp == ' ') {
            blank = o > 0;
        } else {
            if (blank)
                t[o++] = ' ';
            blank = false;
            memcpy(t + o, name + i, k);
            o += k;
        }
        i += k;
    }
    t[o] = '\0';
    return t;
}

const char *pc_speakers_spoken_order(pc_arena *arena, const char *name)
{
    size_t n = strlen(name), comma = pc_label_last_first(name, n);
    if (!comma)
        return name;
    size_t first = comma + 1;
    while (name[first] == ' ')
        first++;
    char *t = pc_arena_strndup(arena, name, n - first + 1 + comma); /* fewer bytes than name */
    if (!t)
        return NULL;
    memcpy(t, name + first, n - first);
    t[n - first] = ' ';
    memcpy(t + n - first + 1, name, comma);
    return t;
}

/* clean_name, in the order people say it. */
static const char *spoken_name(pc_arena *arena, const char *name)
{
    name = clean_name(arena, name);
    return name ? pc_speakers_spoken_order(arena, name) : NULL;
}

const char *pc_speakers_fold(pc_arena *arena, const char *name)
{
    size_t n = 0, len = strlen(name);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)name[i] < 0x80;
    /* NFKC: Zoë precomposed or with a combining mark, full-width letters
     * (ASCII is its own NFKC: the common case stays fast) */
    uint8_t *f = u8_casefold((const uint8_t *)name, len, NULL, ascii ? NULL : UNINORM_NFKC, NULL, &n);
    if (!f)
        return NULL;
    size_t o = ascii ? n : 0;
    for (size_t i = o; i < n;) {
        unsigned cp;
        size_t k = pc_utf8_decode((const char *)f + i, n - i, &cp);
        k = k ? k : 1;
        if (!invisible(cp)) {
            memmove(f + o, f + i, k);
            o += k;
        }
        i += k;
    }
    char *s = pc_arena_strndup(arena, (const char *)f, o);
    free(f);
    return s;
}

const char *pc_speakers_fold_spoken(pc_arena *arena, const char *name)
{
    name = pc_speakers_spoken_order(arena, name);
    return name ? pc_speakers_fold(arena, name) : NULL;
}

/* Letters, none of them lower case: JOHN SMITH. */
static bool all_caps(const char *s)
{
    bool letter = false;
    for (size_t i = 0, n = strlen(s); i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        if (uc_is_property_lowercase(cp))
            return false;
        letter = letter || uc_is_property_alphabetic(cp);
    }
    return letter;
}

bool pc_speakers_pin(pc_speakers *s, const char *name)
{
    if (!(name = clean_name(&s->post->arena, name)))
        return false;
    /* keyed as it is said ("Wu, Dana" finds Dana Wu), shown as the cast spells it */
    const char *spoken = pc_speakers_spoken_order(&s->post->arena, name);
    const char *f = spoken ? pc_speakers_fold(&s->post->arena, spoken) : NULL;
    size_t v;
    if (!f)
        return false;
    if (pc_strmap_get(&s->pinned, f, &v))
        return true;
    if (!pc_grow((void **)&s->pins, &s->pin_cap, s->pin_count, sizeof *s->pins))
        return false;
    s->pins[s->pin_count] = name;
    return pc_strmap_put(&s->pinned, f, s->pin_count++);
}

bool pc_speakers_note(pc_speakers *s, const char *name)
{
    if (!(name = spoken_name(&s->post->arena, name)))
        return false;
    const char *f = pc_speakers_fold(&s->post->arena, name);
    if (!f)
        return false;
    const char *space = strchr(f, ' ');
    if (!space)
        return true;
    size_t v;
    if (!pc_strmap_get(&s->noted, f, &v)) { /* each name once in multi */
        if (!pc_grow((void **)&s->multi, &s->multi_cap, s->multi_count, sizeof *s->multi) ||
            !pc_strmap_put(&s->noted, f, s->multi_count))
            return false;
        s->multi[v = s->multi_count++] = f;
    }
    /* its first word (John for John Smith) and its last (KELLY for
     * MARY LOUISE KELLY, as NPR's transcripts name a host after the
     * first turn) stand for it, while no other noted name has them */
    const char *last = strrchr(f, ' ') + 1;
    const char *words[2] = {pc_arena_strndup(&s->post->arena, f, (size_t)(space - f)), last};
    for (int k = 0; k < 2; k++) {
        size_t o;
        if (!words[k])
            return false;
        if (pc_strmap_get(&s->owner, words[k], &o)) {
            if (o != SIZE_MAX && o != v && !pc_strmap_put(&s->owner, words[k], SIZE_MAX))
                return false;
        } else if (!pc_strmap_put(&s->owner, words[k], v)) {
            return false;
        }
    }
    return true;
}

bool pc_speakers_index(pc_speakers *s, const char *name, size_t *out)
{
    pcast_post *p = s->post;
    if (!(name = spoken_name(&p->arena, name)))
        return false;
    if (!*name && p->speaker_count) { /* a name of controls alone: nobody's; the narrator reads */
        *out = 0;
        return true;
    }
    const char *f = pc_speakers_fold(&p->arena, name);
    if (!f)
        return false;
    size_t pin;
    bool pinned = pc_strmap_get(&s->pinned, f, &pin);
    if (pc_strmap_get(&s->by_fold, f, out)) {
        /* JOHN SMITH, then John Smith: show the mixed case */
        pcast_speaker *sp = &p->speakers[*out];
        if (!pinned && !sp->narrator && all_caps(sp->name) && !all_caps(name) &&
            !(sp->name = pc_arena_strdup(&p->arena, name)))
            return false;
        return true;
    }
    const char *owner = pc_speakers_owner(s, f);
    if (owner && pc_strmap_get(&s->by_fold, owner, out))
        return pc_strmap_put(&s->by_fold, f, *out); /* John: John Smith, seen before */
    if (!pc_grow((void **)&p->speakers, &p->speaker_cap, p->speaker_count, sizeof *p->speakers))
        return false;
    pcast_speaker *sp = &p->speakers[p->speaker_count];
    sp->name = pinned ? s->pins[pin] : pc_arena_strdup(&p->arena, name);
    sp->narrator = p->speaker_count == 0;
    sp->turns = 0;
    if (!sp->name || !pc_strmap_put(&s->by_fold, f, p->speaker_count))
        return false;
    *out = p->speaker_count++;
    return true;
}

const char *pc_speakers_owner(const pc_speakers *s, const char *folded)
{
    size_t v, pin;
    if (strchr(folded, ' ') || pc_strmap_get(&s->pinned, folded, &pin) ||
        !pc_strmap_get(&s->owner, folded, &v) || v == SIZE_MAX)
        return NULL;
    return s->multi[v];
}

void pc_speakers_free(pc_speakers *s)
{
    pc_strmap_free(&s->by_fold);
    pc_strmap_free(&s->owner);
    pc_strmap_free(&s->noted);
    pc_strmap_free(&s->pinned);
    free(s->multi);
    free(s->pins);
    s->multi = s->pins = NULL;
}
