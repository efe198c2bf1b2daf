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
 * (Mandarin: one token per syllable) or at blanks (English: one per word).
 * The error rate is the edit distance between the token sequences over the
 * expected token count. */
#include "internal.h"
#include "lexicon.h"
#include "normalize.h"
#include "reading.h"
#include "reading_zh.h"

#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Phonemes of text in voice, stress marks and separators dropped, one
 * blank between tokens. Caller frees. */
static char *phonemes(const char *voice, const char *text)
{
    static char current[32];
    if (strcmp(current, voice)) {
        espeak_SetVoiceByName(voice);
        snprintf(current, sizeof current, "%s", voice);
    }
    bool zh = !strncmp(voice, "cmn", 3);
    pc_buf out = {0};
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        for (; ph && *ph; ph++) {
            char c = *ph;
            if (c == '\'' || c == ',' || c == '_' || c == '|' || c == '\n' || (zh && c == ' '))
                continue;
            if (c == ' ' && (!out.len || out.data[out.len - 1] == ' '))
                continue;
            pc_buf_putc(&out, c);
            if (zh && c >= '0' && c <= '9' && !(ph[1] >= '0' && ph[1] <= '9'))
                pc_buf_putc(&out, ' ');
        }
        if (!zh && out.len && out.data[out.len - 1] != ' ')
            pc_buf_putc(&out, ' ');
    }
    return pc_buf_take(&out);
}

static size_t tokens(char *s, char **tok, size_t max)
{
    size_t n = 0;
    for (char *p = s; *p && n < max;) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        tok[n++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return n;
}

/* Edit distance between the token sequences of a and b; *len gets b's
 * token count. */
static size_t distance(const char *a, const char *b, size_t *len)
{
    char *x = strdup(a), *y = strdup(b);
    char *ta[512], *tb[512];
    size_t na = tokens(x, ta, 512), nb = tokens(y, tb, 512);
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

typedef struct tally {
    size_t tokens, before, after, lines, lines_wrong;
} tally;

static void run_set(pc_reading *r, const char *path, const char *lang, tally *t, bool verbose)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    const char *voice = pc_reading_kind(lang) == 'z' ? "cmn-latn-pinyin" : "en-us";
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        char *got = apply(r, lang, line);
        char *pe = phonemes(voice, tab + 1), *pa = phonemes(voice, got), *pb = phonemes(voice, line);
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
    expect(r, "zh-TW", "95%", "jiu3 shi2 wu3");
    (void)r;
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
                                          : phonemes(pc_reading_kind(argv[2]) == 'z' ? "cmn-latn-pinyin" : "en-us", line);
            puts(got);
            free(got);
        }
        pc_reading_free(r);
        return 0;
    }
    unit_checks(r);
    static const char *const sets[][2] = {{"zh-tw.tsv", "zh-TW"}, {"zh-cn.tsv", "zh-CN"}, {"en.tsv", "en-US"}};
    bool verbose = getenv("READING_VERBOSE") != NULL;
    for (size_t i = 0; i < 3; i++) {
        tally t = {0};
        snprintf(line, sizeof line, "%s/tests/reading/%s", argv[1], sets[i][0]);
        run_set(r, line, sets[i][1], &t, verbose);
        double before = t.tokens ? 100.0 * (double)t.before / (double)t.tokens : 0;
        double after = t.tokens ? 100.0 * (double)t.after / (double)t.tokens : 0;
        printf("%-10s %4zu lines %5zu tokens: errors before %5.2f%%, after %5.2f%% (%zu lines wrong)\n",
               sets[i][0], t.lines, t.tokens, before, after, t.lines_wrong);
        CHECK(t.lines >= 50, "%s: only %zu lines", sets[i][0], t.lines);
        CHECK(after < before / 4 && after <= 2.0, "%s: after %.2f%% (before %.2f%%)", sets[i][0], after, before);
    }
    pc_reading_free(r);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
