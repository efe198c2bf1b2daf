/* The reading front end on the corpus post: the share of Mandarin
 * syllables espeak-ng reads differently from a dictionary-and-hand-checked
 * reading, before (the clip text as the plan makes it) and after (what the
 * front end hands espeak-ng).
 *
 *   test_reading_corpus SRC_DIR CORPUS             measure; exit 1 if after >= 1%
 *   test_reading_corpus SRC_DIR CORPUS --contested list syllables where the
 *                                                 front end and espeak-ng differ
 *   test_reading_corpus SRC_DIR CORPUS --dump      every clip (both scripts):
 *                                                 LANG TAB TEXT TAB what the
 *                                                 front end hands espeak-ng
 *
 * The reference reading is the front end's reading of each clip with the
 * hand-checked corrections (tests/reading/corpus-checked.yaml, a lexicon:
 * word → pinyin) loaded as a lexicon, so it is the dictionary reading
 * wherever the hand check found it right. The hand check went through every
 * syllable the front end reads differently from raw espeak-ng (the
 * --contested list, grouped by character and readings) and wrote down the
 * words where the front end is wrong. Syllables where both agree are taken
 * as right unchecked. Both sides and the reference go through espeak-ng's
 * phonemes; the count is the token edit distance (as in test_reading) over
 * the reference's syllable count. Exit 77 when the corpus is absent. */
#include "internal.h"
#include "lexicon.h"
#include "reading.h"
#include "phoneme_tokens.h"

#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOK 2048

static char *apply(pc_reading *r, const char *text)
{
    pc_buf out = {0};
    pcast_error err = {0};
    if (pc_reading_apply(r, "zh-TW", text, strlen(text), &out, &err) != PCAST_OK) {
        fprintf(stderr, "reading failed: %s\n", err.message);
        exit(1);
    }
    return pc_buf_take(&out);
}

/* Mandarin phoneme tokens of text, one per syllable, blank-separated. */
static char *phonemes(const char *text)
{
    pc_buf out = {0};
    const void *p = text;
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        for (; ph && *ph; ph++) {
            char c = *ph;
            if (c == '\'' || c == ',' || c == '_' || c == '|' || c == '\n' || c == ' ')
                continue;
            pc_buf_putc(&out, c);
            if (c >= '0' && c <= '9' && !(ph[1] >= '0' && ph[1] <= '9'))
                pc_buf_putc(&out, ' ');
        }
    }
    return pc_buf_take(&out);
}

/* Edit distance of token lists a, b; with pairs != NULL, fills
 * pairs[j] = the index in a aligned to b[j] by substitution or match
 * (SIZE_MAX when b[j] was inserted). */
static size_t distance(char **a, size_t na, char **b, size_t nb, size_t *pairs)
{
    size_t w = nb + 1, cells;
    if (!pc_size_mul(na + 1, w, &cells))
        return SIZE_MAX;
    size_t *d = malloc(cells * sizeof *d);
    if (!d)
        return SIZE_MAX;
    for (size_t i = 0; i <= na; i++)
        for (size_t j = 0; j <= nb; j++) {
            if (!i || !j) {
                d[i * w + j] = i + j;
                continue;
            }
            size_t best = d[(i - 1) * w + j - 1] + (strcmp(a[i - 1], b[j - 1]) != 0);
            if (d[(i - 1) * w + j] + 1 < best)
                best = d[(i - 1) * w + j] + 1;
            if (d[i * w + j - 1] + 1 < best)
                best = d[i * w + j - 1] + 1;
            d[i * w + j] = best;
        }
    size_t dist = d[na * w + nb];
    for (size_t i = na, j = nb; pairs && j > 0;) {
        if (i && d[i * w + j] == d[(i - 1) * w + j - 1] + (strcmp(a[i - 1], b[j - 1]) != 0)) {
            pairs[j - 1] = i - 1;
            i--, j--;
        } else if (i && d[i * w + j] == d[(i - 1) * w + j] + 1) {
            i--;
        } else {
            pairs[j - 1] = SIZE_MAX;
            j--;
        }
    }
    free(d);
    return dist;
}

/* The Han characters of s, one string each (pointers into chars[]). */
static size_t han_chars(const char *s, char chars[][8], size_t max)
{
    size_t n = 0;
    for (size_t i = 0, len = strlen(s); i < len && n < max;) {
        unsigned cp;
        size_t l = pc_utf8_decode(s + i, len - i, &cp);
        if ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)) {
            memcpy(chars[n], s + i, l);
            chars[n++][l] = '\0';
        }
        i += l;
    }
    return n;
}

/* Prints: han char, context, fe pinyin, raw phoneme, fe phoneme, for
 * each fe syllable whose raw token differs (pure-Han clips only). */
static void contested(const char *text, const char *fe, char **tr, size_t nr, char **tf, size_t nf)
{
    static char chars[MAX_TOK][8];
    size_t nh = han_chars(text, chars, MAX_TOK);
    char *copy = strdup(fe), *syl[MAX_TOK];
    size_t ns = 0;
    for (char *p = copy; *p;) {
        while (*p && !((*p >= 'a' && *p <= 'z')))
            *p++ = '\0';
        if (!*p)
            break;
        if (ns < MAX_TOK)
            syl[ns++] = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            p++;
    }
    size_t *pairs = malloc((nf + 1) * sizeof *pairs);
    if (ns == nh && ns == nf && pairs && distance(tr, nr, tf, nf, pairs) != SIZE_MAX)
        for (size_t j = 0; j < nf; j++) {
            const char *raw = pairs[j] == SIZE_MAX ? "-" : tr[pairs[j]];
            if (!strcmp(raw, tf[j]))
                continue;
            pc_buf ctx = {0};
            for (size_t k = j >= 3 ? j - 3 : 0; k < nh && k <= j + 3; k++)
                pc_buf_puts(&ctx, chars[k]);
            printf("%s\t%s\t%s\t%s\t%s\n", chars[j], syl[j], raw, tf[j], ctx.data ? ctx.data : "");
            pc_buf_free(&ctx);
        }
    free(pairs);
    free(copy);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    FILE *probe = fopen(argv[2], "r");
    if (!probe) {
        printf("corpus %s absent: skipped\n", argv[2]);
        return 77;
    }
    fclose(probe);
    bool list = argc > 3 && !strcmp(argv[3], "--contested");
    if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT) < 0 ||
        espeak_SetVoiceByName("cmn-latn-pinyin") != EE_OK)
        return 1;
    pcast_post *post = NULL;
    pcast_plan *plan = NULL;
    pcast_error err = {0};
    char checked[4096];
    snprintf(checked, sizeof checked, "%s/tests/reading/corpus-checked.yaml", argv[1]);
    pc_lexicon *lex = pc_lexicon_new();
    if (pcast_post_load(argv[2], NULL, &post, &err) != PCAST_OK ||
        pcast_plan_new(post, NULL, &plan, &err) != PCAST_OK || !lex ||
        pc_lexicon_load_file(lex, checked, &err) != PCAST_OK) {
        fprintf(stderr, "%s:%lu: %s\n", err.file, err.line, err.message);
        return 1;
    }
    pc_reading *fe = pc_reading_new(NULL, NULL), *ref = pc_reading_new(NULL, lex);
    if (argc > 3 && !strcmp(argv[3], "--dump")) {
        pc_reading_set_lang(fe, pcast_post_lang(post));
        for (size_t i = 0; i < pcast_plan_clip_count(plan); i++) {
            const pcast_clip *c = pcast_plan_clip(plan, i);
            pc_buf out = {0};
            if (pc_reading_apply(fe, c->language, c->text, strlen(c->text), &out, &err) != PCAST_OK)
                return 1;
            printf("%s\t%s\t%.*s\n", c->language, c->text, (int)out.len, out.data ? out.data : "");
            pc_buf_free(&out);
        }
        return 0;
    }
    size_t total = 0, before = 0, after = 0, clips = 0;
    static char *tr[MAX_TOK], *tf[MAX_TOK], *tref[MAX_TOK];
    for (size_t i = 0; i < pcast_plan_clip_count(plan); i++) {
        const pcast_clip *c = pcast_plan_clip(plan, i);
        if (strncmp(c->language, "cmn", 3) && strncmp(c->language, "zh", 2))
            continue;
        clips++;
        char *out = apply(fe, c->text), *rout = apply(ref, c->text);
        char *pr = phonemes(c->text), *pf = phonemes(out), *pref = phonemes(rout);
        size_t nr = phoneme_tokens(pr, tr, MAX_TOK), nf = phoneme_tokens(pf, tf, MAX_TOK), nref = phoneme_tokens(pref, tref, MAX_TOK);
        if (list)
            contested(c->text, out, tr, nr, tf, nf);
        total += nref;
        before += distance(tr, nr, tref, nref, NULL);
        after += distance(tf, nf, tref, nref, NULL);
        free(out);
        free(rout);
        free(pr);
        free(pf);
        free(pref);
    }
    double b = total ? 100.0 * (double)before / (double)total : 0;
    double a = total ? 100.0 * (double)after / (double)total : 0;
    fprintf(list ? stderr : stdout,
            "corpus: %zu Mandarin clips, %zu syllables, %zu hand-checked words: read differently "
            "from the checked reading before %.2f%% (%zu), after %.2f%% (%zu)\n",
            clips, total, pc_lexicon_count(lex), b, before, a, after);
    pc_reading_free(fe);
    pc_reading_free(ref);
    pc_lexicon_free(lex);
    pcast_plan_free(plan);
    pcast_post_free(post);
    espeak_Terminate();
    return list || (a < 1.0 && a < b) ? 0 : 1;
}
