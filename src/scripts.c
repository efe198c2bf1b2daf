/* scripts: writing systems and the languages that read them (see
 * scripts.h). */
#include "internal.h"
#include "scripts.h"

#include "normalize_en_abbr.h"
#include "reading_ja_numbers.h"

#include <string.h>
#include <strings.h>
#include <unictype.h>

/* The alphabets espeak-ng 1.51 reads, each with the language a run of it
 * is read in, and the languages (espeak-ng has a voice for each) written
 * in it, one of which a post's lang may name. */
static const struct alphabet {
    const char *script, *tag, *langs;
} alphabets[] = {
    {"Cyrillic", "ru", " ru uk be bg mk sr kk ky ba cv tt "},
    {"Greek", "el", " el grc "},
    {"Arabic", "ar", " ar fa ur sd ug "},
    {"Hebrew", "he", " he "},
    {"Thai", "th", " th "},
    {"Devanagari", "hi", " hi mr ne kok "},
    {"Bengali", "bn", " bn as bpy "},
    {"Gurmukhi", "pa", " pa "},
    {"Gujarati", "gu", " gu "},
    {"Oriya", "or", " or "},
    {"Tamil", "ta", " ta "},
    {"Telugu", "te", " te "},
    {"Kannada", "kn", " kn "},
    {"Malayalam", "ml", " ml "},
    {"Sinhala", "si", " si "},
    {"Myanmar", "my", " my "},
    {"Georgian", "ka", " ka "},
    {"Armenian", "hy", " hy hyw "},
    {"Ethiopic", "am", " am "},
};
#define ALPHABETS (sizeof alphabets / sizeof *alphabets)

int pc_script_of(unsigned cp)
{
    if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return PC_SCRIPT_LATIN; /* full-width Latin letters: ５Ｇ's Ｇ is read as G */
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? PC_SCRIPT_LATIN : PC_SCRIPT_NEUTRAL;
    if ((cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0xFF66 && cp <= 0xFF9F))
        return PC_SCRIPT_KANA; /* (not ・, which stays with the run before) */
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3131 && cp <= 0x318E) || (cp >= 0xA960 && cp <= 0xA97F) ||
        (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xFFA0 && cp <= 0xFFDC))
        return PC_SCRIPT_HANGUL;
    if (cp == 0x30FB)
        return PC_SCRIPT_NEUTRAL;
    if (pc_cp_is_cjk(cp))
        return PC_SCRIPT_HAN;
    if (cp >= 0x2160 && cp <= 0x217F)
        return PC_SCRIPT_NEUTRAL; /* a Roman numeral sign is a number: 第Ⅱ階段 stays Mandarin */
    if (!uc_is_property_alphabetic(cp))
        return PC_SCRIPT_NEUTRAL;
    const uc_script_t *s = uc_script(cp);
    for (size_t k = 0; s && s->name && k < ALPHABETS; k++)
        if (!strcmp(s->name, alphabets[k].script))
            return PC_SCRIPT_ALPHABET + (int)k;
    return PC_SCRIPT_LATIN;
}

bool pc_script_greek(int script) { return script == PC_SCRIPT_ALPHABET + 1; }

bool pc_script_primary_is(const char *lang, const char *p)
{
    size_t n = strlen(p);
    return lang && !strncasecmp(lang, p, n) && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

/* Is lang's primary subtag one of langs (" ru uk ")? */
static bool listed(const char *lang, const char *langs)
{
    size_t n = strcspn(lang, "-_");
    for (const char *l = strstr(langs, " "); l && l[1]; l = strchr(l + 1, ' '))
        if (!strncasecmp(l + 1, lang, n) && l[1 + n] == ' ')
            return true;
    return false;
}

/* Does lang say it is written in Latin letters (sr-Latn)? */
static bool latin_subtag(const char *lang)
{
    for (const char *p = lang; *p; p++)
        if ((*p == '-' || *p == '_') && !strncasecmp(p + 1, "latn", 4))
            return true;
    return false;
}

const char *pc_script_tag(int script, const char *lang)
{
    if (script == PC_SCRIPT_KANA)
        return "ja";
    if (script == PC_SCRIPT_HANGUL)
        return "ko";
    size_t k = (size_t)(script - PC_SCRIPT_ALPHABET);
    if (script < PC_SCRIPT_ALPHABET || k >= ALPHABETS)
        return "en";
    return pc_script_of_lang(lang) == script ? lang : alphabets[k].tag;
}

int pc_script_of_lang(const char *lang)
{
    if (!lang)
        return PC_SCRIPT_LATIN;
    if (pc_script_primary_is(lang, "zh") || pc_script_primary_is(lang, "cmn") || pc_script_primary_is(lang, "yue"))
        return PC_SCRIPT_HAN;
    if (pc_script_primary_is(lang, "ja"))
        return PC_SCRIPT_KANA;
    if (pc_script_primary_is(lang, "ko"))
        return PC_SCRIPT_HANGUL;
    if (latin_subtag(lang))
        return PC_SCRIPT_LATIN;
    for (size_t k = 0; k < ALPHABETS; k++)
        if (listed(lang, alphabets[k].langs))
            return PC_SCRIPT_ALPHABET + (int)k;
    return PC_SCRIPT_LATIN;
}

const char *pc_script_name(int script)
{
    size_t k = (size_t)(script - PC_SCRIPT_ALPHABET);
    return script >= PC_SCRIPT_ALPHABET && k < ALPHABETS ? alphabets[k].script : NULL;
}


void pc_scripts_count(const char *t, pc_scripts *sc)
{
    size_t n = strlen(t);
    bool in_word = false;
    int prev = PC_SCRIPT_NEUTRAL;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(t + i, n - i, &cp);
        int k = pc_script_of(cp);
        sc->han += cp >= 0x3400 && k == PC_SCRIPT_HAN;
        sc->kana += k == PC_SCRIPT_KANA;
        sc->hangul += k == PC_SCRIPT_HANGUL;
        /* a Greek letter counts in a Greek word only (π and β are symbols) */
        sc->other += k >= PC_SCRIPT_ALPHABET && (!pc_script_greek(k) || prev == k);
        bool letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
        sc->latin += letter && !in_word;
        in_word = letter;
        prev = k;
    }
}

bool pc_scripts_japanese(const char *lang, const pc_scripts *sc)
{
    return lang ? pc_script_primary_is(lang, "ja") : sc->kana && sc->kana * 2 >= sc->han;
}

bool pc_scripts_korean(const char *lang, const pc_scripts *sc)
{
    return lang ? pc_script_primary_is(lang, "ko") : sc->hangul && sc->hangul * 2 >= sc->hangul + sc->han + sc->kana;
}

/* Whether the number that ends at s[b] follows a currency sign ($2.5,
 * NT$300, €4, £1, ¥5). */
static bool money_before(const char *s, size_t b)
{
    while (b && ((s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == ',' || s[b - 1] == '.'))
        b--;
    return (b && s[b - 1] == '$') || (b >= 2 && (!memcmp(s + b - 2, "\xc2\xa3", 2) || !memcmp(s + b - 2, "\xc2\xa5", 2))) ||
           (b >= 3 && !memcmp(s + b - 3, "\xe2\x82\xac", 3));
}

size_t pc_scripts_number_letters(const char *s, size_t n, size_t i, bool ja)
{
    static const char *const units[] = {"km/h", "km", "kg", "mg", "g", "cm", "mm", "ml", "mL", "L"};
    static const char *const money[] = {"NT$", "US$", "HK$", "RMB"};
    size_t b = i;
    if (b && s[b - 1] == ' ')
        b--;
    bool after_digit = b && s[b - 1] >= '0' && s[b - 1] <= '9';
    bool after_degree = i >= 2 && (unsigned char)s[i - 2] == 0xC2 && (unsigned char)s[i - 1] == 0xB0;
    if (after_degree && (s[i] == 'C' || s[i] == 'F'))
        return i + 1 == n || !((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') ? 1 : 0;
    for (size_t k = 0; after_digit && k < sizeof units / sizeof *units; k++) {
        size_t l = strlen(units[k]);
        if (i + l <= n && !memcmp(s + i, units[k], l) &&
            (i + l == n || !(((s[i + l] | 0x20) >= 'a' && (s[i + l] | 0x20) <= 'z') ||
                             (s[i + l] >= '0' && s[i + l] <= '9'))))
            return l;
    }
    /* a scale word (2.5 million, $3B): the Mandarin normalizer reads it
     * with its number */
    unsigned pow10;
    size_t scale = !ja && after_digit ? pc_number_scale(s + i, n - i, money_before(s, b), &pow10) : 0;
    if (scale)
        return scale;
    /* Japanese reads more of them itself (500cc シーシー, 16GB ギガバイト,
     * 100m メートル): whatever its reader reads after a number */
    size_t ja_unit = ja && after_digit ? pc_ja_unit(s + i, n - i) : 0;
    if (ja_unit)
        return ja_unit;
    for (size_t k = 0; k < sizeof money / sizeof *money; k++) {
        size_t l = strlen(money[k]), e = i + l;
        if (e < n && s[e] == ' ')
            e++;
        if ((!i || !((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')) && i + l <= n &&
            !memcmp(s + i, money[k], l) && e < n && s[e] >= '0' && s[e] <= '9')
            return l;
    }
    return 0;
}

/* Characters only Cantonese writes (我哋, 冇, 嚟, 咗, 咩, 嘅, 喺, 嘢, 佢, 啲,
 * 唔, 嗰). */
static bool cantonese_only(unsigned cp)
{
    static const unsigned yue[] = {0x54CB, 0x5187, 0x569F, 0x5497, 0x54A9, 0x5605, 0x55BA,
                                   0x5622, 0x4F62, 0x5572, 0x5514, 0x55F0};
    for (size_t i = 0; i < sizeof yue / sizeof *yue; i++)
        if (cp == yue[i])
            return true;
    return false;
}

const char *pc_scripts_sentence(const char *s, size_t n, const char *han_tag, bool *ja)
{
    size_t kana = 0, han = 0;
    bool yue = false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        int k = pc_script_of(cp);
        kana += k == PC_SCRIPT_KANA;
        han += k == PC_SCRIPT_HAN && cp >= 0x3400;
        yue = yue || cantonese_only(cp);
    }
    const char *tag = han_tag;
    if (kana && kana * 2 >= han) /* (我很喜歡ソニー的相機 is Mandarin) */
        tag = "ja";
    else if (yue && strcmp(han_tag, "yue"))
        tag = "yue";
    *ja = !strcmp(tag, "ja") && kana + han;
    return tag == han_tag || !strcmp(tag, han_tag) ? han_tag : tag;
}

bool pc_scripts_beside_cjk(const char *s, size_t n, size_t a, size_t b)
{
    while (a > 0 && s[a - 1] == ' ')
        a--;
    while (b < n && s[b] == ' ')
        b++;
    unsigned x = 0, y = 0;
    size_t k = a;
    while (k > 0 && ((unsigned char)s[--k] & 0xC0) == 0x80)
        ;
    if (a > 0)
        pc_utf8_decode(s + k, a - k, &x);
    if (b < n)
        pc_utf8_decode(s + b, n - b, &y);
    return (a == 0 && b == n) || (x >= 0x3000 && pc_script_of(x) != PC_SCRIPT_LATIN) ||
           (y >= 0x3000 && pc_script_of(y) != PC_SCRIPT_LATIN);
}
