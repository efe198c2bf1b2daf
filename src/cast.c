/* cast: which speaker speaks with which voice (the `cast:` mappings are
 * read in castfile.c). */
#include "cast.h"

#include "buf.h"
#include "error.h"
#include "espeak_register.h"
#include "names.h"
#include "post.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- a host's role label ---------- */

/* Labels that name the host's role, not a person ("Host:", "主持人："). */
static const char *const host_roles[] = {"host", "the host", "co-host", "interviewer", "moderator",
                                         "presenter", "主持人", "主持", "主播", "採訪者", "采访者",
                                         "訪問者", "访问者", "司會", "司会", "진행자", NULL};

static bool host_role(const char *name)
{
    for (size_t i = 0; host_roles[i]; i++)
        if (!strcasecmp(name, host_roles[i]))
            return true;
    return false;
}

/* Whether text names speaker as host: a role word just before the name
 * ("與主持人 Tom Reyes 聊", "host: Tom Reyes", "hosted by Tom Reyes") or
 * in brackets after it ("Tom Reyes (host)"). */
static bool named_host(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *at = text ? strstr(text, name) : NULL; n && at; at = strstr(at + 1, name)) {
        char after = at[n];
        if ((after | 0x20) >= 'a' && (after | 0x20) <= 'z')
            continue; /* "Tom" in "Tommy" */
        const char *e = at;
        while (e > text && (e[-1] == ' ' || e[-1] == ':'))
            e--;
        if (e - text >= 3 && !strncmp(e - 3, "\xef\xbc\x9a", 3)) /* ： */
            e -= 3;
        if (e - text >= 9 && !strncasecmp(e - 9, "hosted by", 9))
            return true;
        for (size_t i = 0; host_roles[i]; i++) {
            size_t k = strlen(host_roles[i]);
            if ((size_t)(e - text) >= k && !strncasecmp(e - k, host_roles[i], k))
                return true;
        }
        const char *a = at + n;
        while (*a == ' ')
            a++;
        bool open = *a == '(' || !strncmp(a, "\xef\xbc\x88", 3); /* （ */
        a += *a == '(' ? 1 : open ? 3 : 0;
        for (size_t i = 0; open && host_roles[i]; i++)
            if (!strncasecmp(a, host_roles[i], strlen(host_roles[i])))
                return true;
    }
    return false;
}

/* For each speaker, whose voice it takes (same[i] = i: its own). A host
 * role label the cast does not give a voice takes the host's, the
 * speaker the front matter's host:/interviewer: or the description
 * names as host; with none, the first such label's: the bundled example's
 * "主持人:" spoke in clara's voice and "Host:" in dev's, for Tom Reyes,
 * whom its description names as host. */
static void same_voices(const pcast_post *post, const pcast_cast_entry *const *entries,
                        size_t *same, size_t n)
{
    size_t host = SIZE_MAX;
    const char *front = post->front.interviewer, *desc = pcast_post_description(post);
    for (size_t i = 0; i < n; i++) {
        const pcast_speaker *sp = pcast_post_speaker(post, i);
        same[i] = i;
        if (sp->narrator || host_role(sp->name))
            continue;
        if (host == SIZE_MAX && ((front && !strcmp(front, sp->name)) || named_host(desc, sp->name)))
            host = i;
    }
    for (size_t i = 0; i < n; i++) {
        const pcast_speaker *sp = pcast_post_speaker(post, i);
        if (sp->narrator || !host_role(sp->name) || (entries[i] && entries[i]->preset))
            continue;
        if (host == SIZE_MAX)
            host = i;
        same[i] = host;
    }
}

/* ---------- assignment ---------- */

struct pcast_cast {
    pcast_casting *items;
    size_t count;
};

const char *pcast_cast_source_name(pcast_cast_source s)
{
    switch (s) {
    case PCAST_CAST_FILE: return "cast file";
    case PCAST_CAST_FRONT_MATTER: return "front matter";
    case PCAST_CAST_AUTOMATIC: return "automatic";
    }
    return "?";
}

/* A cast list indexed by speaker name, so matching is one lookup per
 * speaker, not a scan of the list (a post can name many speakers). */
typedef struct entry_index {
    const pcast_cast_entry *e;
    size_t narrator;  /* the first entry named narrator (any case), or SIZE_MAX */
    pc_strmap by_name; /* speaker -> its first entry */
} entry_index;

/* The name shown for the tool's speaker id that speaker names
 * (SPEAKER_00: "Speaker 1"; ids are ASCII, matched in any case), or
 * NULL. ids maps a folded id to its index in post->aliases. */
static const char *shown_for(const pcast_post *post, const pc_strmap *ids, const char *speaker)
{
    char f[64];
    size_t i = 0, v;
    for (; speaker[i] && i + 1 < sizeof f; i++)
        f[i] = speaker[i] >= 'A' && speaker[i] <= 'Z' ? (char)(speaker[i] - 'A' + 'a') : speaker[i];
    f[i] = '\0';
    return !speaker[i] && pc_strmap_get(ids, f, &v) ? post->aliases[v].shown : NULL;
}

/* false on ENOMEM; x is then to be freed with pc_strmap_free all the same. */
static bool index_entries(entry_index *x, const pcast_post *post, const pc_strmap *ids,
                          const pcast_cast_entry *e, size_t n)
{
    x->e = e;
    x->narrator = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t v;
        if (!pc_strmap_get(&x->by_name, e[i].speaker, &v) && !pc_strmap_put(&x->by_name, e[i].speaker, i))
            return false;
        /* an entry for a tool's id (SPEAKER_00) casts the name shown for it */
        const char *shown = shown_for(post, ids, e[i].speaker);
        if (shown && !pc_strmap_get(&x->by_name, shown, &v) && !pc_strmap_put(&x->by_name, shown, i))
            return false;
        /* an entry that renames its speaker casts the new name too */
        if (e[i].name && !pc_strmap_get(&x->by_name, e[i].name, &v) &&
            !pc_strmap_put(&x->by_name, e[i].name, i))
            return false;
        if (x->narrator == SIZE_MAX && !strcasecmp(e[i].speaker, "narrator"))
            x->narrator = i;
    }
    return true;
}

/* The first entry for sp: by name, or for the narrator also "narrator". */
static const pcast_cast_entry *find_entry(const entry_index *x, const pcast_speaker *sp)
{
    size_t v = SIZE_MAX;
    if (!pc_strmap_get(&x->by_name, sp->name, &v))
        v = SIZE_MAX;
    if (sp->narrator && x->narrator < v)
        v = x->narrator;
    return v == SIZE_MAX ? NULL : &x->e[v];
}

static void apply(pcast_voice_settings *s, const pcast_cast_entry *e)
{
    if (!e)
        return;
    if (e->variant)
        s->variant = e->variant;
    if (e->pitch >= 0)
        s->pitch = e->pitch;
    if (e->range >= 0)
        s->range = e->range;
    if (e->rate >= 0)
        s->rate = e->rate;
}

/* The distinct median pitches (log2 Hz, sorted) of the voices cast so
 * far: a few presets at a few pitch steps, however many speakers. */
typedef struct pitches {
    double *v;
    size_t n, cap;
} pitches;

/* Where x goes in p (the first not below it). */
static size_t pitches_at(const pitches *p, double x)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool pitches_add(pitches *p, const pcast_voice_settings *s)
{
    double x = log2(pc_espeak_median_hz(s));
    size_t at = pitches_at(p, x);
    if (at < p->n && p->v[at] == x)
        return true;
    if (!pc_grow((void **)&p->v, &p->cap, p->n, sizeof *p->v))
        return false;
    memmove(p->v + at + 1, p->v + at, (p->n - at) * sizeof *p->v);
    p->v[at] = x;
    p->n++;
    return true;
}

/* How far (octaves) log2 pitch x lies from the nearest of p's. */
static double pitches_apart(const pitches *p, double x)
{
    size_t lo = pitches_at(p, x);
    double d = HUGE_VAL;
    if (lo < p->n)
        d = fmin(d, p->v[lo] - x);
    if (lo > 0)
        d = fmin(d, x - p->v[lo - 1]);
    return d;
}

/* A retuned voice stays in its gender's span: the median pitches of the
 * presets of that gender, widened by this much (octaves) on each side. */
#define SPAN_WIDEN_OCT (3.0 / 12)
/* A retune changes a voice's pace by at most this much (words a minute):
 * clara moved 84 steps down spoke 245 words a minute. */
#define RETUNE_PACE_MAX 30
/* A name's guessed gender keeps its voice's gender when a retune puts it
 * this far (octaves) from every voice cast; else the voice nobody has. */
#define GUESS_KEEPS_OCT (1.0 / 12)

/* log2 Hz of the lowest and highest median pitch of gender's presets,
 * widened by SPAN_WIDEN_OCT; the whole line when it has none. */
static void gender_span(const pcast_voices *voices, const char *gender, double span[2])
{
    span[0] = HUGE_VAL;
    span[1] = -HUGE_VAL;
    for (size_t j = 0; j < pcast_voices_count(voices); j++) {
        const pcast_voice *v = pcast_voices_get(voices, j);
        if (gender && v->gender && !strcmp(v->gender, gender)) {
            double x = log2(pc_espeak_median_hz(&v->settings));
            span[0] = fmin(span[0], x - SPAN_WIDEN_OCT);
            span[1] = fmax(span[1], x + SPAN_WIDEN_OCT);
        }
    }
    if (span[0] > span[1]) {
        span[0] = -HUGE_VAL;
        span[1] = HUGE_VAL;
    }
}

/* A voice given automatically to one more speaker once every preset
 * has one (a panel of ten) is moved away from the speakers who have it:
 * of the pitches 14, -14, 28, -28... steps (of espeak-ng's 0-99) from
 * its own that stay in range and whose median pitch (by
 * espeak_register's model) stays in span (its gender's: a retuned ben
 * went up to a slow 92, a man speaking at a woman's pitch), the one that
 * lies farthest from every voice already cast (cast: pinned ones
 * included; the first such on a tie), and its pace 10 words a minute
 * the other way for each 14 steps (RETUNE_PACE_MAX at most). Taking the again-th of them instead
 * put a second ava at 76 on clara's 284 Hz. Returns how far (octaves)
 * the voice then lies from the nearest cast; with no step in span, the
 * voice stays where it is. */
static double retune(pcast_voice_settings *s, const pitches *cast, const double span[2])
{
    int best = 0;
    double best_apart = -1.0;
    for (int k = 1; k <= 14; k++) {
        int step = (k + 1) / 2 * 14 * (k % 2 ? 1 : -1);
        if (s->pitch + step < 0 || s->pitch + step > 99)
            continue;
        pcast_voice_settings c = *s;
        c.pitch += step;
        double x = log2(pc_espeak_median_hz(&c)), apart = pitches_apart(cast, x);
        if (x >= span[0] && x <= span[1] && apart > best_apart + 1e-9) {
            best_apart = apart;
            best = step;
        }
    }
    if (best_apart < 0)
        return pitches_apart(cast, log2(pc_espeak_median_hz(s)));
    s->pitch += best;
    int shift = -best * 10 / 14;
    shift = shift < -RETUNE_PACE_MAX ? -RETUNE_PACE_MAX : shift > RETUNE_PACE_MAX ? RETUNE_PACE_MAX : shift;
    int rate = s->rate + shift;
    s->rate = rate < 80 ? 80 : rate > 450 ? 450 : rate;
    return best_apart;
}

/* The pitches of the voices cast before speaker i, and of the pinned
 * ones after it (only they have a voice yet; a label that takes
 * another's voice has none until the end). false on ENOMEM. */
static bool pitches_so_far(const pcast_cast *c, size_t i, pitches *p)
{
    for (size_t j = 0; j < c->count; j++)
        if ((j < i ? c->items[j].preset != NULL : c->items[j].voice != NULL) && j != i &&
            !pitches_add(p, j < i ? &c->items[j].settings : &c->items[j].voice->settings))
            return false;
    return true;
}

/* The preset (index in voices) an automatic speaker i gets: the least
 * used of gender's (of all when NULL or it has none), the first in name
 * order on a tie, never the narrator's. A guessed gender gives way to a
 * voice nobody has yet, unless a retune (in its gender's span) puts the
 * voice GUESS_KEEPS_OCT from every voice cast: five men gave the fifth a
 * woman's voice. cast: the pitches cast so far, made here when needed.
 * false on ENOMEM. */
static bool pick_preset(const pcast_cast *c, size_t i, const pcast_voices *voices,
                        const size_t *uses, const char *gender, bool guessed, pitches *cast,
                        size_t *out)
{
    size_t nv = pcast_voices_count(voices), best = SIZE_MAX, any = SIZE_MAX;
    for (int pass = 0; pass < 2 && best == SIZE_MAX; pass++) {
        for (size_t j = 0; j < nv; j++) {
            const pcast_voice *v = pcast_voices_get(voices, j);
            if (!strcmp(v->name, "narrator"))
                continue;
            if (any == SIZE_MAX || uses[j] < uses[any])
                any = j;
            if (pass == 0 && gender && strcmp(v->gender, gender))
                continue;
            if (best == SIZE_MAX || uses[j] < uses[best])
                best = j;
        }
    }
    if (guessed && best != SIZE_MAX && uses[any] < uses[best]) {
        if (!cast->v && !pitches_so_far(c, i, cast))
            return false;
        const pcast_voice *v = pcast_voices_get(voices, best);
        pcast_voice_settings trial = v->settings;
        double span[2];
        gender_span(voices, v->gender, span);
        if (retune(&trial, cast, span) < GUESS_KEEPS_OCT)
            best = any;
    }
    if (best == SIZE_MAX)
        best = (size_t)(pcast_voices_find(voices, "narrator") - pcast_voices_get(voices, 0));
    *out = best;
    return true;
}

pcast_status pcast_cast_new(const pcast_post *post, const pcast_voices *voices, pcast_cast **out,
                            pcast_error *err)
{
    *out = NULL;
    size_t n = pcast_post_speaker_count(post), nv = pcast_voices_count(voices);
    pcast_cast *c = calloc(1, sizeof *c);
    size_t *uses = calloc(nv ? nv : 1, sizeof *uses);
    const pcast_cast_entry **entries = calloc(n ? n : 1, sizeof *entries);
    size_t *same = calloc(n ? n : 1, sizeof *same);
    entry_index from_file = {0}, from_front = {0};
    pc_strmap ids = {0};
    size_t nfile = pcast_post_file_cast_count(post), nfront = pcast_post_cast_count(post);
    bool ok = true;
    for (size_t i = 0; i < post->alias_count && ok; i++)
        ok = pc_strmap_put(&ids, post->aliases[i].id, i);
    if (!ok || !c || !uses || !entries || !same || !(c->items = calloc(n ? n : 1, sizeof *c->items)) ||
        !index_entries(&from_file, post, &ids, nfile ? pcast_post_file_cast(post, 0) : NULL, nfile) ||
        !index_entries(&from_front, post, &ids, nfront ? pcast_post_cast(post, 0) : NULL, nfront)) {
        pc_strmap_free(&ids);
        pc_strmap_free(&from_file.by_name);
        pc_strmap_free(&from_front.by_name);
        free(uses);
        free(entries);
        free(same);
        pcast_cast_free(c);
        return pc_error_nomem(err);
    }
    c->count = n;
    pcast_status st = PCAST_OK;
    /* pinned voices first, so automatic ones avoid them */
    for (size_t i = 0; i < n && !st; i++) {
        const pcast_speaker *sp = pcast_post_speaker(post, i);
        pcast_casting *k = &c->items[i];
        k->speaker = sp->name;
        const pcast_cast_entry *e = find_entry(&from_file, sp);
        k->source = PCAST_CAST_FILE;
        if (!e) {
            e = find_entry(&from_front, sp);
            k->source = PCAST_CAST_FRONT_MATTER;
        }
        if (!e)
            k->source = PCAST_CAST_AUTOMATIC;
        entries[i] = e;
        const char *want = e && e->preset ? e->preset : sp->narrator ? "narrator" : NULL;
        if (!want)
            continue;
        k->voice = pcast_voices_find(voices, want);
        if (!k->voice) {
            st = pc_error_set(err, PCAST_ERR_VOICE, e ? e->file : NULL, e ? e->preset_line : 0,
                              e ? e->preset_column : 0,
                              "no voice preset named '%s' (see postcast voices)", want);
            break;
        }
        uses[k->voice - pcast_voices_get(voices, 0)]++;
    }
    /* the palette: every preset but the narrator's, in name order; a
     * gender asked for in the cast, or told by a common first name,
     * narrows the choice; past it, retune() places the voice by pitch */
    pitches cast = {0};
    if (!st)
        same_voices(post, entries, same, n);
    for (size_t i = 0; i < n && !st; i++) {
        pcast_casting *k = &c->items[i];
        if (same[i] != i)
            continue;
        size_t again = 0; /* speakers the automatic voice had already */
        bool automatic = !k->voice;
        if (automatic) {
            const char *gender = entries[i] ? entries[i]->gender : NULL;
            bool guessed = !gender;
            if (!gender)
                gender = pc_guess_gender(k->speaker);
            size_t best;
            if (!pick_preset(c, i, voices, uses, gender, guessed, &cast, &best)) {
                st = pc_error_nomem(err);
                break;
            }
            k->voice = pcast_voices_get(voices, best);
            again = uses[best]++;
        }
        k->preset = k->voice->name;
        k->settings = k->voice->settings;
        if (again && !cast.v && !pitches_so_far(c, i, &cast))
            st = pc_error_nomem(err);
        if (again && !st) {
            double span[2];
            gender_span(voices, k->voice->gender, span);
            retune(&k->settings, &cast, span);
        }
        apply(&k->settings, entries[i]);
        if (!st && cast.v && automatic && !pitches_add(&cast, &k->settings))
            st = pc_error_nomem(err);
    }
    for (size_t i = 0; i < n && !st; i++) {
        if (same[i] == i)
            continue;
        pcast_casting *k = &c->items[i];
        k->voice = c->items[same[i]].voice;
        k->preset = c->items[same[i]].preset;
        k->settings = c->items[same[i]].settings;
        apply(&k->settings, entries[i]);
    }
    free(same);
    free(cast.v);
    pc_strmap_free(&ids);
    pc_strmap_free(&from_file.by_name);
    pc_strmap_free(&from_front.by_name);
    free(uses);
    free(entries);
    if (st) {
        pcast_cast_free(c);
        return st;
    }
    *out = c;
    return PCAST_OK;
}

void pcast_cast_free(pcast_cast *c)
{
    if (!c)
        return;
    free(c->items);
    free(c);
}

const pcast_casting *pcast_cast_get(const pcast_cast *c, size_t i)
{
    return i < c->count ? &c->items[i] : NULL;
}

pcast_status pc_cast_single(const pcast_voice *voice, pcast_cast **out, pcast_error *err)
{
    *out = NULL;
    pcast_cast *c = calloc(1, sizeof *c);
    if (!c || !(c->items = calloc(1, sizeof *c->items))) {
        free(c);
        return pc_error_nomem(err);
    }
    c->count = 1;
    c->items[0].speaker = voice->name;
    c->items[0].preset = voice->name;
    c->items[0].source = PCAST_CAST_AUTOMATIC;
    c->items[0].voice = voice;
    c->items[0].settings = voice->settings;
    *out = c;
    return PCAST_OK;
}
