/* engine: the table of speech engines, and what all of them share (the
 * preset overrides per language, the clip cache key). */
#include "engine.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

/* One row per engine; the first is the default. */
static const pc_engine_ops *const engines[] = {&pc_engine_espeak, &pc_engine_fake};

#define CLIP_FORMAT "postcast-clip-3" /* bump when trimming or the clip format changes */

const pc_engine_ops *pc_engine_find(const char *name)
{
    if (!name || !*name)
        return engines[0];
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++)
        if (!strcmp(engines[i]->name, name))
            return engines[i];
    return NULL;
}

const char *pc_engine_names(void) { return "espeak-ng, fake"; }

/* The `languages:` key of a preset that applies to tag. */
static size_t preset_key(const char *tag, const char **key)
{
    size_t n = strcspn(tag, "-");
    if ((n == 2 && !strncasecmp(tag, "zh", 2)) || (n == 3 && !strncasecmp(tag, "cmn", 3))) {
        *key = "cmn";
        return 3;
    }
    *key = tag;
    return n;
}

/* Preset's `languages:` entry i applies to tag (key, n: preset_key's)? */
static bool lang_applies(const pcast_voice *preset, size_t i, const char *key, size_t n)
{
    const pcast_voice_lang *l = &preset->languages[i];
    const char *lk;
    size_t ln = preset_key(l->lang, &lk);
    return ln == n && !strncmp(lk, key, n) && l->lang[strcspn(l->lang, "-")] == '\0';
}

bool pc_voice_lang_pitch(const pcast_voice *preset, const char *tag)
{
    const char *key;
    size_t n = preset_key(tag, &key);
    for (size_t i = 0; preset && i < preset->language_count; i++)
        if (lang_applies(preset, i, key, n) && preset->languages[i].settings.pitch >= 0)
            return true;
    return false;
}

pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *tag)
{
    pcast_voice_settings s = *base;
    const char *key;
    size_t n = preset_key(tag, &key);
    bool mandarin = n == 3 && !strncmp(key, "cmn", 3), lang_rate = false;
    for (size_t i = 0; preset && i < preset->language_count; i++) {
        if (!lang_applies(preset, i, key, n))
            continue;
        const pcast_voice_lang *l = &preset->languages[i];
        if (l->settings.variant)
            s.variant = l->settings.variant;
        if (l->settings.pitch >= 0)
            s.pitch = l->settings.pitch;
        if (l->settings.range >= 0)
            s.range = l->settings.range;
        if (l->settings.rate >= 0)
            s.rate = l->settings.rate, lang_rate = true;
        if (l->settings.syllables_per_second > 0)
            s.syllables_per_second = l->settings.syllables_per_second;
    }
    if (!mandarin) {
        s.syllables_per_second = 0;
    } else if (!lang_rate) {
        if (s.syllables_per_second <= 0)
            s.syllables_per_second = PC_MANDARIN_SYLLABLES_PER_SECOND;
        /* a cast entry's rate: (base's, not the preset's) speeds Mandarin
         * up or down as much as the speaker's other languages */
        if (preset && preset->settings.rate > 0 && base->rate > 0 &&
            base->rate != preset->settings.rate)
            s.syllables_per_second *= (double)base->rate / preset->settings.rate;
    }
    return s;
}

/* Each field is hashed with its length in front, so no two different
 * lists of fields hash the same bytes. */
static void put_field(XXH3_state_t *st, const char *s)
{
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    XXH3_128bits_update(st, &n, sizeof n);
    if (s)
        XXH3_128bits_update(st, s, (size_t)n);
}

static void put_int(XXH3_state_t *st, long long v)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", v);
    (void)n;
    put_field(st, b);
}

void pc_clip_key(const pc_engine_ops *e, unsigned rate_hz, const pcast_voice_settings *s,
                 const char *tag, const char *text, char out[33])
{
    XXH3_state_t st;
    memset(&st, 0, sizeof st);
    XXH3_128bits_reset(&st);
    put_field(&st, CLIP_FORMAT);
    put_field(&st, e->name);
    put_field(&st, e->version());
    put_int(&st, rate_hz);
    put_field(&st, tag);
    put_field(&st, s->variant);
    put_int(&st, s->pitch);
    put_int(&st, s->range);
    put_int(&st, s->rate);
    put_int(&st, (long long)(s->syllables_per_second * 1000 + 0.5));
    put_field(&st, text);
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

int pc_speech_clean_class(unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
        cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return 1;
    if (cp == 0xFEFF || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return 2;
    return 0;
}

size_t pc_speech_blank(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        int k = pc_speech_clean_class(cp);
        if (k == 1)
            s[o++] = ' ';
        else if (k == 0)
            memmove(s + o, s + i, len), o += len;
        i += len;
    }
    s[o] = '\0';
    return o;
}

bool pc_speech_needs_clean(const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(text + i, n - i, &cp);
        if (pc_speech_clean_class(cp))
            return true;
    }
    return false;
}

const char *pc_speech_cleaned(const char *text, pc_buf *tmp)
{
    if (!text || !pc_speech_needs_clean(text))
        return text;
    return pc_speech_clean(text, tmp) ? tmp->data : NULL;
}

bool pc_speech_clean(const char *text, pc_buf *out)
{
    pc_buf_clear(out);
    if (!pc_buf_reserve(out, 1))
        return false;
    out->data[0] = '\0';
    size_t n = strlen(text);
    bool space = false; /* a space is pending */
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = pc_utf8_decode(text + i, n - i, &cp);
        int k = cp == ' ' ? 1 : pc_speech_clean_class(cp);
        if (k == 1) {
            space = out->len > 0;
        } else if (k == 0) {
            if ((space && !pc_buf_putc(out, ' ')) || !pc_buf_append(out, text + i, len))
                return false;
            space = false;
        }
        i += len;
    }
    return true;
}

bool pc_speech_safe_pieces(const char *text, size_t max_bytes, pc_buf *out)
{
    pc_buf_clear(out);
    if (!pc_buf_reserve(out, 1))
        return false;
    out->data[0] = '\0';
    size_t n = strlen(text), word = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = pc_utf8_decode(text + i, n - i, &cp);
        if (cp == ' ') {
            word = 0;
        } else if (word + len > max_bytes) {
            if (!pc_buf_putc(out, ' '))
                return false;
            word = 0;
        }
        if (!pc_buf_append(out, text + i, len))
            return false;
        word += cp == ' ' ? 0 : len;
        i += len;
    }
    return true;
}
