/* The reading front end: unit checks of normalization, sandhi and the
 * lexicon, then the reading set (tests/reading/ TSV files) checked through
 * espeak-ng's own phonemes, before (the raw text handed to espeak-ng) and
 * after (what the front end hands it).
 *
 *   test_reading SRC_DIR            all checks; exit 1 on a failure
 *   test_reading --print LANG       front-end output for each stdin line
 *   test_reading --syllables LANG   espeak-ng phoneme tokens of each line
 *
 * A reading set line is TEXT TAB EXPECTED. For Mandarin files EXPECTED is
 * tone-numbered pinyin, one syllable per character read; for English it is
 * a respelling espeak-ng reads as wanted. Both sides go through
 * espeak-ng's TextToPhonemes; stress marks and word separators are
 * dropped, and the phonemes are cut into tokens after each tone number
 * (Mandarin: one token per syllable) or at blanks (English: one per word,
 * stress digits dropped).
 * The error rate is the edit distance between the token sequences over the
 * expected token count. */
#include "internal.h"
#include "lexicon.h"
#include "normalize.h"
#include "reading.h"
#include "phoneme_tokens.h"
#include "reading_zh.h"

#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                             \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
            failures++;                                                                      \
        }                                                                                    \
    } while (0)

static char *apply(pc_reading *r, const char *lang, const char *text)
{
    pc_buf out = {0};
    pcast_error err = {0};
    pcast_status st = pc_reading_apply(r, lang, text, strlen(text), &out, &err);
    if (st != PCAST_OK) {
        fprintf(stderr, "reading failed: %s\n", err.message);
        exit(1);
    }
    return pc_buf_take(&out);
}

static void expect(pc_reading *r, const char *lang, const char *text, const char *want)
{
    char *got = apply(r, lang, text);
    CHECK(!strcmp(got, want), "%s «%s» → «%s», want «%s»", lang, text, got, want);
    free(got);
}

/* The voice that reads lang's runs. */
static const char *voice_of(const char *lang)
{
    int kind = pc_reading_kind(lang);
    return kind == 'z'   ? "cmn-latn-pinyin"
           : kind == 'j' ? "ja"
           : kind == 'y' ? "yue-Latn-jyutping"
           : kind == 'k' ? "ko"
                         : "en-us";
}

/* Phonemes of text in espeak-ng's ja voice (already selected), one token
 * per mora: a token ends after a vowel (a i u e o, with its length ':' or
 * nasal '~') or the moraic N\; stress marks, separators and pauses ("_:"
 * for 、 and 。) and language switches ("(en)") are dropped. Each token starts with '.' so that the
 * tokenizer's coda n (a Mandarin rule) never eats a ja n. Caller frees. */
static char *morae(const char *text)
{
    pc_buf out = {0};
    bool fresh = true;
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        for (; ph && *ph; ph++) {
            char c = *ph;
            if (c == '_' && ph[1] == ':')
                ph++;
            if (c == '(' && strchr(ph, ')')) { /* a switch of language, (en) */
                ph = strchr(ph, ')');
                continue;
            }
            if (c == '\'' || c == ',' || c == '_' || c == '|' || c == '\n' || c == ' ')
                continue;
            if (fresh)
                pc_buf_putc(&out, '.');
            fresh = false;
            pc_buf_putc(&out, c);
            bool end = strchr("aiueo", c) != NULL;
            while (end && (ph[1] == ':' || ph[1] == '~'))
                pc_buf_putc(&out, *++ph);
            if (c == 'N' && ph[1] == '\\')
                pc_buf_putc(&out, *++ph), end = true;
            if (end)
                pc_buf_putc(&out, ' '), fresh = true;
        }
        if (!fresh)
            pc_buf_putc(&out, ' '), fresh = true;
    }
    return pc_buf_take(&out);
}

/* Appends a yue syllable's phonemes syl[0..n) as Jyutping: the tone
 * digit moved to the end (espeak-ng writes saa1m, zu1N), N as ng. */
static void jyutping_token(pc_buf *out, const char *syl, size_t n)
{
    char tone = 0;
    for (size_t i = 0; i < n; i++) {
        if (syl[i] >= '0' && syl[i] <= '9')
            tone = syl[i];
        else if (syl[i] == 'N')
            pc_buf_puts(out, "ng");
        else
            pc_buf_putc(out, syl[i]);
    }
    if (tone)
        pc_buf_putc(out, tone == '7' ? '1' : tone); /* 7: espeak-ng's high falling tone 1 */
    pc_buf_putc(out, ' ');
}

/* Text in espeak-ng's yue voice (already selected), as Jyutping, one
 * token per syllable: a syllable ends after its tone digit and the coda
 * (m n N p t k) that follows it when no vowel does; stress marks,
 * separators and language switches are dropped. Caller frees. */
static char *yue_syllables(const char *text)
{
    pc_buf out = {0}, syl = {0};
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        for (; ph && *ph; ph++) {
            char c = *ph;
            if (c == '(' && strchr(ph, ')')) { /* a switch of language, (en) */
                ph = strchr(ph, ')');
                continue;
            }
            bool sep = c == '_' || c == '|' || c == '\n' || c == ' ';
            if (sep && syl.len)
                jyutping_token(&out, syl.data, syl.len), syl.len = 0;
            if (sep || c == '\'' || c == ',')
                continue;
            pc_buf_putc(&syl, c);
            if (c < '0' || c > '9')
                continue;
            while (ph[1] && strchr("mnNptk", ph[1])) {
                const char *next = ph + 2 + (ph[2] == '\'' || ph[2] == ',');
                if (*next && strchr("aeiouy", *next))
                    break; /* it opens the next syllable */
                pc_buf_putc(&syl, *++ph);
            }
            jyutping_token(&out, syl.data, syl.len), syl.len = 0;
        }
        if (syl.len)
            jyutping_token(&out, syl.data, syl.len), syl.len = 0;
    }
    pc_buf_free(&syl);
    return pc_buf_take(&out);
}

/* Phonemes of text in voice, stress marks and separators dropped, one
 * blank between tokens (Japanese: morae, above). Caller frees. */
static char *phonemes(const char *voice, const char *text)
{
    static char current[32];
    if (strcmp(current, voice)) {
        espeak_SetVoiceByName(voice);
        snprintf(current, sizeof current, "%s", voice);
    }
    if (!strcmp(voice, "ja"))
        return morae(text);
    if (!strncmp(voice, "yue", 3))
        return yue_syllables(text);
    bool zh = !strncmp(voice, "cmn", 3), ko = !strcmp(voice, "ko"); /* ko: a token a phoneme */
    pc_buf out = {0};
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        for (; ph && *ph; ph++) {
            char c = *ph;
            if (c == '\'' || c == ',' || c == '_' || c == '|' || c == '\n' || ((zh || ko) && c == ' ') ||
                (!zh && c >= '0' && c <= '9') || (ko && (c == '!' || c == '-')))
                continue;
            if (ko && c == '(' && strchr(ph, ')')) { /* a switch of language, (en) */
                ph = strchr(ph, ')');
                continue;
            }
            if (c == ' ' && (!out.len || out.data[out.len - 1] == ' '))
                continue;
            pc_buf_putc(&out, c);
            if ((zh && c >= '0' && c <= '9' && !(ph[1] >= '0' && ph[1] <= '9')) || ko)
                pc_buf_putc(&out, ' ');
        }
        if (!zh && out.len && out.data[out.len - 1] != ' ')
            pc_buf_putc(&out, ' ');
    }
    return pc_buf_take(&out);
}

/* Edit distance between the token sequences of a and b; *len gets b's
 * token count. */
static size_t distance(const char *a, const char *b, size_t *len)
{
    char *x = strdup(a), *y = strdup(b);
    char *ta[512], *tb[512];
    size_t na = phoneme_tokens(x, ta, 512), nb = phoneme_tokens(y, tb, 512);
    size_t *row = calloc(nb + 1, sizeof *row);
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j], best = diag + (strcmp(ta[i - 1], tb[j - 1]) != 0);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    size_t d = row[nb];
    *len = nb;
    free(row);
    free(x);
    free(y);
    return d;
}

/* Phonemes of an EXPECTED column: Mandarin pinyin (voice) with English
 * stretches in braces ("wo3 yong4 {Google Maps}"), each read by its own
 * voice. Caller frees. */
static char *expected_phonemes(const char *voice, const char *text)
{
    pc_buf out = {0};
    for (const char *p = text; *p;) {
        bool en = *p == '{';
        const char *end = en ? strchr(p, '}') : strchr(p, '{');
        if (!end)
            end = p + strlen(p);
        char *part = strndup(p + en, (size_t)(end - p - en));
        char *ph = !en && !strncmp(voice, "yue", 3) ? strdup(part) /* Jyutping as written */
                                                    : phonemes(en ? "en-us" : voice, part);
        pc_buf_puts(&out, ph);
        pc_buf_putc(&out, ' ');
        free(ph);
        free(part);
        p = *end == '}' ? end + 1 : end;
    }
    return pc_buf_take(&out);
}

/* Phonemes of text as a post in lang says it: cut into clips by the plan
 * (Han and Latin runs), each clip read by its language's voice, through
 * the front end (r) or raw (r NULL). *sent gets the front end's text.
 * Caller frees both. */
static char *planned_phonemes(pc_reading *r, const char *lang, const char *text, char **sent)
{
    pcast_plan *plan = NULL;
    pcast_error err = {0};
    if (pc_plan_text(text, lang, &plan, &err) != PCAST_OK) {
        fprintf(stderr, "plan failed: %s\n", err.message);
        exit(1);
    }
    pc_buf out = {0}, said = {0};
    for (size_t i = 0; i < pcast_plan_clip_count(plan); i++) {
        const pcast_clip *c = pcast_plan_clip(plan, i);
        char *got = r ? apply(r, c->language, c->text) : strdup(c->text);
        char *ph = phonemes(voice_of(c->language), got);
        pc_buf_puts(&out, ph);
        pc_buf_putc(&out, ' ');
        pc_buf_puts(&said, got);
        pc_buf_puts(&said, " | ");
        free(ph);
        free(got);
    }
    pcast_plan_free(plan);
    *sent = pc_buf_take(&said);
    return pc_buf_take(&out);
}

typedef struct tally {
    size_t tokens, before, after, lines, lines_wrong;
} tally;

/* Reads one set; planned: its lines are read as a post says them (the
 * plan's runs, each in its own voice; EXPECTED may hold {English}). */
static void run_set(pc_reading *r, const char *path, const char *lang, bool planned, tally *t,
                    bool verbose)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    const char *voice = voice_of(lang);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        char *got, *raw, *pe, *pa, *pb;
        if (planned) {
            pe = expected_phonemes(voice, tab + 1);
            pa = planned_phonemes(r, lang, line, &got);
            pb = planned_phonemes(NULL, lang, line, &raw);
            free(raw);
        } else {
            got = apply(r, lang, line);
            pe = phonemes(voice, tab + 1), pa = phonemes(voice, got), pb = phonemes(voice, line);
        }
        size_t n, db = distance(pb, pe, &n), da = distance(pa, pe, &n);
        t->tokens += n;
        t->before += db;
        t->after += da;
        t->lines++;
        t->lines_wrong += da > 0;
        if (da && verbose)
            fprintf(stderr, "  %s\n    sent: %s\n    want: %s\n    got:  %s\n    need: %s\n", line, got,
                    tab + 1, pa, pe);
        free(got);
        free(pe);
        free(pa);
        free(pb);
    }
    fclose(f);
}

static void unit_checks(pc_reading *r)
{
    /* numbers in Mandarin runs (issue 14's list) */
    expect(r, "zh-TW", "95%", "bai3 fen1 zhi1 jiu3 shi2 wu3");
    expect(r, "zh-TW", "3.7", "san1 dian3 qi1");
    expect(r, "zh-TW", "2024年", "er4 ling2 er4 si4 nian2");
    expect(r, "zh-TW", "２０２４年", "er4 ling2 er4 si4 nian2");
    expect(r, "zh-TW", "10,000", "yi2 wan4");
    expect(r, "zh-TW", "$20", "er4 shi2 mei3 yuan2");
    expect(r, "zh-TW", "￥150", "yi4 bai3 wu3 shi2 yuan2");
    expect(r, "zh-TW", "2-3週", "liang3 dao4 san1 zhou1");
    expect(r, "zh-TW", "9:30", "jiu3 dian3 san1 shi2 fen1");
    expect(r, "zh-TW", "2025-03-04", "er4 ling2 er4 wu3 nian2 san1 yue4 si4 ri4");
    expect(r, "zh-TW", "1/3", "san1 fen1 zhi1 yi1");
    expect(r, "zh-TW", "-5°C", "ling2 xia4 wu3 du4");
    expect(r, "zh-TW", "2倍", "liang3 bei4");
    expect(r, "zh-TW", "20,000,001", "liang3 qian1 wan4 ling2 yi1");
    /* units and currency codes in a Han run, phone numbers, versions */
    expect(r, "zh-TW", "5km、NT$1,200、0800-123-456、v", "wu3 gong1 li3、xin1 tai2 bi4 yi4 qian1 liang3 bai3 yuan2、"
           "ling2 ba1 ling2 ling2，yi1 er4 san1，si4 wu3 liu4、v");
    expect(r, "zh-CN", "13912345678，3.2.1，5g", "yao1 san1 jiu3 yao1 er4 san1 si4 wu3 liu4 qi1 ba1, "
           "san1 dian3 er4 dian3 yi1, wu3 ke4");
    /* words, sandhi, the doubled syllable avoided */
    expect(r, "zh-TW", "我認為並且", "wo3 ren4 wei2 bing4 qie3");
    expect(r, "zh-CN", "一定不是第一", "yi2 ding4 bu2 shi4 di4 yi1");
    expect(r, "zh-TW", "一月十一日", "yi1 yue4 shi2 yi1 ri4");
    /* English */
    expect(r, "en-US", "The IDE in 2024", "The I D E in twenty twenty-four");
    expect(r, "en-US", "See https://www.anthropic.com/news.", "See anthropic dot com.");
    expect(r, "en-US", "ＡＢＣ", "eh B C");
    /* units after a number */
    expect(r, "en-US", "21\xc2\xb0" "C, 1 km, 5km at 60 mph, 16GB, 2.4 GHz, 5 kilos",
           "21 degrees Celsius, 1 kilometer, 5 kilometers at 60 miles per hour, 16 gigabytes, "
           "2.4 gigahertz, 5 kilos");
    /* a month's abbreviation before a day or a year */
    expect(r, "en-US", "On Jan. 5 and Sept 2024, Jan said Mar.", "On January fifth and September twenty twenty-four, Jan said Mar.");
    /* tokens espeak-ng reads by their symbols */
    /* a day's or a code's first letters at the very end (fuzz_reading read
     * past the text there once) */
    expect(r, "en-US", "Open Mon", "Open Mon");
    expect(r, "en-US", "Open Mon.-Sat.", "Open Monday to Saturday");
    expect(r, "en-US", "Paid in US$", "Paid in U S$");
    expect(r, "en-US", "C# on .NET, 24/7, a 50/50 call, our #1 fan, #hashtag.",
           "C sharp on dot net, twenty-four seven, a fifty-fifty call, our number 1 fan, hashtag hashtag.");
    /* phone numbers, digit by digit; a range stays a range */
    expect(r, "en-US", "Call (555) 123-4567 or 555-123-4567; pages 100-200.",
           "Call 5 5 5, 1 2 3, 4 5 6 7 or 5 5 5, 1 2 3, 4 5 6 7; pages 100 to 200.");
    expect(r, "en-US", "Dial +44 20 7946 0958, +1-555-123-4567, 1-800-555-0199 or 555.123.4567.",
           "Dial plus 4 4, 2 0, 7 9 4 6, 0 9 5 8, plus 1, 5 5 5, 1 2 3, 4 5 6 7, "
           "1, 8 0 0, 5 5 5, 0 1 9 9 or 5 5 5, 1 2 3, 4 5 6 7.");
    /* not a phone number: too few digits, a letter after, a version */
    expect(r, "en-US", "Up +5 and +12 3 today, +44 20abc, v1.2.3",
           "Up +5 and +12 3 today, +44 20abc, version 1 point 2 point 3");
    /* session 8's English rules, TEXT then what is handed to espeak-ng: a
     * bare seven-digit number is a phone number (a round one a range);
     * Roman numerals after a name (rulers' ordinals, else numbers; not I,
     * X or L alone); dates and fractions; versions, times, days, money in
     * words, host names */
    static const char *const en_cases[][2] = {
        {"Call 555-1234, not 250-1000.", "Call 5 5 5, 1 2 3 4, not 250 to 1000."},
        {"Henry VIII, World War II, Rocky III, Super Bowl LVIII, Model X, XL, I",
         "Henry the eighth, World War two, Rocky three, Super Bowl fifty-eight, Model X, X L, I"},
        {"On 3/14/2024, 2024-06-30 and May 3, 1990; 1/3 and 3/4 of it",
         "On March fourteenth, twenty twenty-four, June thirtieth, twenty twenty-four and May third, "
         "nineteen ninety; one third and three quarters of it"},
        {"v2.1 ships 9am-5pm, Mon-Fri, for $4.2 billion at docs.example.io",
         "version 2 point 1 ships 9 a.m. to 5 p.m., Monday to Friday, for 4.2 billion dollars at "
         "docs dot example dot IO"}};
    for (size_t i = 0; i < sizeof en_cases / sizeof *en_cases; i++)
        expect(r, "en-US", en_cases[i][0], en_cases[i][1]);
    /* decades */
    expect(r, "en-US", "the 80s, the 1990s, 2020s", "the eighties, the nineteen nineties, twenty twenties");
    /* money: the sign after the amount, a scale before the unit */
    expect(r, "en-US", "Raised $5.2M and $300k", "Raised 5.2 million dollars and 300 thousand dollars");
    expect(r, "en-US", "\xc2\xa3" "1.5bn, \xe2\x82\xac" "20, $1, $4.50",
           "1.5 billion pounds, 20 euros, 1 dollar, 4 dollars 50");
    expect(r, "en-US", "4K video, $2 Moves", "4K video, 2 dollars Moves");
    /* other languages: NFKC only */
    expect(r, "fr", "ＩＤＥ 2024", "IDE 2024");
}

/* The lexicon: YAML and PLS entries win, and change the cache tag. */
static void lexicon_checks(void)
{
    pc_lexicon *lex = pc_lexicon_new();
    pc_reading *r = pc_reading_new(NULL, lex);
    pcast_error err = {0};
    char before[64], after[64];
    CHECK(pc_reading_cache_tag(r, "en", before, sizeof before, &err) == PCAST_OK, "cache tag");
    const char *yaml = "zh:\n  重載: chong2 zai4\nen:\n  IDE: eye dee ee\n";
    CHECK(pc_lexicon_load_yaml(lex, "t.yaml", yaml, strlen(yaml), &err) == PCAST_OK, "yaml: %s", err.message);
    const char *pls = "<?xml version=\"1.0\"?>\n<lexicon version=\"1.0\" "
                      "xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" alphabet=\"ipa\" "
                      "xml:lang=\"en-US\"><lexeme><grapheme>Krieger</grapheme><alias>Kreeger</alias>"
                      "</lexeme><lexeme><grapheme>Anthropic</grapheme><phoneme>\xC3\xA6n\xCB\x88\xCE\xB8r"
                      "\xC9\x92p\xC9\xAAk</phoneme></lexeme><lexeme><grapheme>UX</grapheme>"
                      "<phoneme alphabet=\"x-espeak\">j'u:\u00a0Eks</phoneme></lexeme></lexicon>";
    size_t skipped = 0;
    CHECK(pc_lexicon_load_pls(lex, "t.pls", pls, strlen(pls), &skipped, &err) == PCAST_OK, "pls: %s",
          err.message);
    CHECK(skipped == 1 && pc_lexicon_count(lex) == 4, "pls: %zu skipped, %zu entries", skipped,
          pc_lexicon_count(lex));
    CHECK(pc_reading_cache_tag(r, "en", after, sizeof after, &err) == PCAST_OK && strcmp(before, after),
          "the lexicon must change the cache tag");
    expect(r, "en-US", "My IDE by Krieger", "My eye dee ee by Kreeger");
    expect(r, "zh-TW", "重載", "chong2 zai4");
    expect(r, "en-US", "UX", "U X"); /* a phoneme entry, and the engine takes none */
    pc_reading_set_phoneme_input(r, true);
    expect(r, "en-US", "UX [[h@]]", "[[j'u:\u00a0Eks]] [ h@] ");
    pc_reading_set_phoneme_input(r, false);
    /* Cantonese entries (yue:, or zh-HK: as a post tagged zh-HK reads) reach
     * the Cantonese front end, Jyutping and all, and not Mandarin's */
    const char *yue = "yue:\n  張相: zoeng1 soeng2\nzh-HK:\n  公園: gung1 jyun2\n";
    CHECK(pc_lexicon_load_yaml(lex, "y.yaml", yue, strlen(yue), &err) == PCAST_OK, "yue yaml: %s", err.message);
    expect(r, "zh-HK", "我哋去公園影張相", "ngo5 dei6 heoi3 gung1 jyun2 jing2 zoeng1 soeng2 ");
    expect(r, "yue", "重載", "cung5 zoi3 ");
    expect(r, "zh-TW", "張相", "zhang1 xiang1");
    const char *bad = "zh: [1, 2]\n";
    CHECK(pc_lexicon_load_yaml(lex, "bad.yaml", bad, strlen(bad), &err) == PCAST_ERR_INPUT && err.line == 1,
          "a bad lexicon is an input error with its line");
    pc_reading_free(r);
    pc_lexicon_free(lex);
}

/* Frames of the one clip of a post that reads text, rendered by the fake
 * engine (a tone per syllable) with lexicon (a file, or NULL). */
static uint64_t render_frames(const char *text, const char *lexicon)
{
    char post_text[512], dir[64] = "/tmp/postcast-reading-XXXXXX", out[96];
    snprintf(post_text, sizeof post_text, "---\ntitle: t\nlang: zh-TW\n---\n\n%s\n", text);
    if (!mkdtemp(dir))
        return 0;
    snprintf(out, sizeof out, "%s/ep.wav", dir);
    pcast_post *post = NULL;
    pcast_voices *voices = NULL;
    pcast_cast *cast = NULL;
    pcast_plan *plan = NULL;
    pcast_timeline *tl = NULL;
    pcast_error err = {0};
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    cfg.engine = "fake";
    cfg.no_cache = 1;
    cfg.lexicon = lexicon;
    uint64_t frames = 0;
    if (pcast_post_parse("t.md", post_text, strlen(post_text), NULL, &post, &err) ||
        pcast_voices_load(NULL, 0, &voices, &err) || pcast_cast_new(post, voices, &cast, &err) ||
        pcast_plan_new(post, NULL, &plan, &err) || pcast_render(post, cast, plan, &cfg, &tl, &err))
        fprintf(stderr, "render: %s\n", err.message);
    else
        frames = pcast_timeline_get(tl, pcast_timeline_count(tl) - 1)->clip_frames;
    unlink(out);
    rmdir(dir);
    pcast_timeline_free(tl);
    pcast_plan_free(plan);
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(post);
    return frames;
}

/* The render path goes through the front end: a lexicon entry that gives
 * 一定 four syllables makes its clip longer. */
static void render_checks(void)
{
    char lex[64] = "/tmp/postcast-lexicon-XXXXXX";
    int fd = mkstemp(lex);
    const char *yaml = "zh:\n  一定: yi2 ding4 ding4 ding4\n";
    CHECK(fd >= 0 && write(fd, yaml, strlen(yaml)) == (ssize_t)strlen(yaml), "lexicon file");
    close(fd);
    uint64_t plain = render_frames("一定", NULL), longer = render_frames("一定", lex);
    CHECK(plain && longer > plain, "the lexicon reaches the engine: %llu frames, with it %llu",
          (unsigned long long)plain, (unsigned long long)longer);
    CHECK(render_frames("一定", "/nonexistent/lexicon.yaml") == 0, "a missing lexicon fails the render");
    unlink(lex);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_reading SRC_DIR | --print LANG | --syllables LANG\n");
        return 2;
    }
    if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT) < 0) {
        fprintf(stderr, "espeak-ng failed to start\n");
        return 1;
    }
    pc_reading *r = pc_reading_new(NULL, NULL);
    char line[8192];
    if (!strcmp(argv[1], "--print") || !strcmp(argv[1], "--syllables")) {
        while (fgets(line, sizeof line, stdin)) {
            line[strcspn(line, "\n")] = '\0';
            char *got = argv[1][2] == 'p' ? apply(r, argv[2], line)
                                          : phonemes(voice_of(argv[2]), line);
            puts(got);
            free(got);
        }
        pc_reading_free(r);
        espeak_Terminate();
        return 0;
    }
    unit_checks(r);
    lexicon_checks();
    render_checks();
    /* the held-out sets (never tuned on) are read as a post says them; a
     * regression shows as their rate after rising over max_after (session
     * 8: 0.25%, 0.45%, 0.23% after; 4.05%, 2.81%, 18.65% before its fixes;
     * heldout2: 0.00%, 0.67%, 0.79%; 3.98%, 2.02%, 17.32% before; heldout3,
 * second round: 0.99%, 0.39%; 2.72%, 2.16% before its fixes; heldout4,
 * session 9: 0.07%, 0.10%, 1.68%; 1.17%, 1.55%, 7.14% before its fixes;
 * heldout5, session 10: 0.14%, 0.00%, 0.79%; 1.46%, 0.85%, 4.53% before
 * its fixes; heldout6, session 11: 0.25%, 0.13%, 0.48%; 4.10%, 1.64%, 8.98%
 * before its fixes; heldout7, session 12: 1.83%, 1.50%, 1.67%; 3.40%,
 * 2.88%, 10.21% before its fixes; heldout-ja, session 9: 0.82%; 8.02% before its fixes; the Japanese
 * sets are read by morae, see morae(); heldout-yue, session 10: 3.39%,
 * 19.68% before the Cantonese front end, compared as Jyutping, see
 * yue_syllables()) */
    static const struct {
        const char *file, *lang;
        bool planned;
        double max_after;
    } sets[] = {{"zh-tw.tsv", "zh-TW", false, 2.0}, {"zh-cn.tsv", "zh-CN", false, 2.0},
                {"en.tsv", "en-US", false, 2.0}, {"heldout-zh-tw.tsv", "zh-TW", true, 1.0},
                {"heldout-zh-cn.tsv", "zh-CN", true, 1.5}, {"heldout-en.tsv", "en-US", true, 1.5},
                {"heldout2-zh-tw.tsv", "zh-TW", true, 1.0}, {"heldout2-zh-cn.tsv", "zh-CN", true, 1.5},
                {"heldout2-en.tsv", "en-US", true, 2.0}, {"heldout3-zh-tw.tsv", "zh-TW", true, 2.0},
                {"heldout3-zh-cn.tsv", "zh-CN", true, 1.5}, {"heldout4-zh-tw.tsv", "zh-TW", true, 0.3},
                {"heldout4-zh-cn.tsv", "zh-CN", true, 0.3}, {"heldout4-en.tsv", "en-US", true, 2.0},
                {"heldout5-zh-tw.tsv", "zh-TW", true, 0.3}, {"heldout5-zh-cn.tsv", "zh-CN", true, 0.3},
                {"heldout5-en.tsv", "en-US", true, 1.5}, {"heldout6-zh-tw.tsv", "zh-TW", true, 0.5},
                {"heldout6-zh-cn.tsv", "zh-CN", true, 0.3}, {"heldout6-en.tsv", "en-US", true, 1.0},
                {"heldout7-zh-tw.tsv", "zh-TW", true, 2.0}, {"heldout7-zh-cn.tsv", "zh-CN", true, 1.6},
                {"heldout7-en.tsv", "en-US", true, 2.5},
                {"heldout-ja.tsv", "ja", true, 1.0}, {"ja.tsv", "ja", true, 2.0},
                {"heldout-yue.tsv", "zh-HK", true, 4.0}, {"yue.tsv", "zh-HK", true, 5.0},
                {"ko.tsv", "ko", true, 1.5}};
    bool verbose = getenv("READING_VERBOSE") != NULL;
    const char *only = getenv("READING_SET");
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        tally t = {0};
        if (only && !strstr(sets[i].file, only))
            continue;
        snprintf(line, sizeof line, "%s/tests/reading/%s", argv[1], sets[i].file);
        pc_reading_set_lang(r, sets[i].lang);
        run_set(r, line, sets[i].lang, sets[i].planned, &t, verbose);
        double before = t.tokens ? 100.0 * (double)t.before / (double)t.tokens : 0;
        double after = t.tokens ? 100.0 * (double)t.after / (double)t.tokens : 0;
        printf("%-18s %4zu lines %5zu tokens: errors before %5.2f%%, after %5.2f%% (%zu lines wrong)\n",
               sets[i].file, t.lines, t.tokens, before, after, t.lines_wrong);
        CHECK(t.lines >= 25, "%s: only %zu lines", sets[i].file, t.lines);
        CHECK(after < before / 4 && after <= sets[i].max_after, "%s: after %.2f%% (before %.2f%%, at most %.2f%%)",
              sets[i].file, after, before, sets[i].max_after);
    }
    pc_reading_free(r);
    espeak_Terminate();
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
