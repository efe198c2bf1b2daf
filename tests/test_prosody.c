/* Prosody, measured on what espeak-ng renders (issue 14): Mandarin's pace
 * in syllables a second, breath groups, pauses at language switches,
 * questions. Durations come from the PCM: 10 ms frames, silent when
 * their peak is under SILENT; the edges are trimmed and silent stretches
 * of PAUSE_MS or more inside a clip are pauses, not speech.
 * usage: test_prosody SOURCE_DIR [CORPUS_POST] */
#include "check.h"

#include "internal.h"
#include "breath.h"
#include "engine.h"
#include "espeak_prosody.h"

#include <sndfile.h>

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define SILENT 200
#define PAUSE_MS 80

static const pcast_voices *voices;

/* Speech time of pcm in seconds: edges trimmed, pauses left out. */
static double speech_s(const int16_t *pcm, size_t n, unsigned rate_hz)
{
    size_t f = rate_hz / 100, frames = n / f, first = SIZE_MAX, last = 0, silent = 0, speech = 0;
    for (size_t i = 0; i < frames; i++) {
        int peak = 0;
        for (size_t k = 0; k < f; k++)
            peak = abs(pcm[i * f + k]) > peak ? abs(pcm[i * f + k]) : peak;
        if (peak < SILENT)
            continue;
        if (first == SIZE_MAX)
            first = i;
        last = i;
    }
    if (first == SIZE_MAX)
        return 0;
    for (size_t i = first; i <= last + 1; i++) {
        int peak = 0;
        for (size_t k = 0; i <= last && k < f; k++)
            peak = abs(pcm[i * f + k]) > peak ? abs(pcm[i * f + k]) : peak;
        if (i <= last && peak < SILENT) {
            silent++;
            continue;
        }
        speech += silent * 10 < PAUSE_MS ? silent + 1 : 1;
        silent = 0;
    }
    return speech / 100.0 - 0.01;
}

/* Han ideographs in s: Mandarin syllables. */
static size_t han_count(const char *s)
{
    size_t n = strlen(s), c = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += pc_utf8_decode(s + i, n - i, &cp);
        c += cp >= 0x3400 && pc_cp_is_cjk(cp);
    }
    return c;
}

/* Speaks text in tag with s through espeak-ng; *n frames, malloc'd. */
static int16_t *speak(const pcast_voice_settings *s, const char *tag, const char *text, size_t *n,
                      unsigned *rate_hz)
{
    pcast_error err;
    pc_engine_job j;
    int16_t *pcm = NULL;
    *n = 0;
    if (pc_engine_espeak.open(rate_hz, &err) || pc_engine_espeak.start(&j, s, tag, text, &err) ||
        pc_engine_espeak.finish(&j, &pcm, n, &err))
        return NULL;
    return pcm;
}

static const char *const mandarin =
    "我們今天要談的是一個很重要的問題。現在的軟體開發和十年前已經完全不一樣了，"
    "很多工程師每天都會使用人工智慧的工具來寫程式。這些工具可以幫助他們更快地完成工作，"
    "但是也帶來了新的挑戰。我們應該怎麼看待這樣的變化？有人認為這會讓很多人失去工作，"
    "也有人認為這會創造更多新的機會。我自己的看法是，技術的進步總是會改變我們工作的方式，"
    "重要的是我們要不斷地學習新的東西。";

/* Which pace a Mandarin clip gets: the preset's syllables_per_second,
 * else 4.5, scaled by a cast entry's rate; none for other languages; a
 * preset's own cmn rate: (words a minute) rules when it sets no pace. */
static void test_voice_for(void)
{
    const pcast_voice *felix = pcast_voices_find(voices, "felix");
    const pcast_voice *ava = pcast_voices_find(voices, "ava");
    if (!felix || !ava) {
        CHECK(!"presets");
        return;
    }
    pcast_voice_settings s = pc_voice_for(felix, &felix->settings, "zh");
    CHECK(fabs(s.syllables_per_second - 4.8) < 1e-9);
    s = pc_voice_for(ava, &ava->settings, "zh-TW");
    CHECK(fabs(s.syllables_per_second - 4.5) < 1e-9);
    CHECK(pc_voice_for(ava, &ava->settings, "en").syllables_per_second == 0);
    pcast_voice_settings fast = ava->settings;
    fast.rate = ava->settings.rate * 6 / 5; /* a cast entry's rate: */
    s = pc_voice_for(ava, &fast, "zh");
    CHECK(fabs(s.syllables_per_second - 4.5 * fast.rate / ava->settings.rate) < 1e-9);
    pcast_voice_lang own = {"cmn", {NULL, -1, -1, 160, 0, 0}};
    pcast_voice custom = *ava;
    custom.languages = &own;
    custom.language_count = 1;
    s = pc_voice_for(&custom, &custom.settings, "zh");
    CHECK(s.syllables_per_second == 0 && s.rate == 160);
}

/* Mandarin at the presets' own settings lands at 4.0-5.0 syllables a
 * second (espeak-ng's words a minute gave 2.9-3.4 before). */
static void test_mandarin_rate(void)
{
    pcast_plan *pl;
    pcast_error err;
    pcast_speech *sp = NULL;
    if (pc_plan_text(mandarin, "zh-TW", &pl, &err) || pcast_speech_new(NULL, pl, NULL, &sp, &err)) {
        CHECK(!"plan");
        return;
    }
    for (size_t v = 0; v < pcast_voices_count(voices); v++) {
        const pcast_voice *p = pcast_voices_get(voices, v);
        pcast_voice_settings s = pc_voice_for(p, &p->settings, "zh");
        pcast_voice_settings old = p->settings; /* words a minute, as before */
        double t = 0, t_old = 0;
        size_t syl = 0;
        for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
            const pcast_clip *c = pcast_plan_clip(pl, i);
            size_t n;
            unsigned rate;
            char *text = NULL; /* what a render hands the engine */
            CHECK_INT(pcast_speech_clip_text(sp, i, &text, &err), PCAST_OK);
            if (!text)
                continue;
            int16_t *pcm = speak(&s, c->language, text, &n, &rate);
            CHECK(pcm != NULL);
            t += pcm ? speech_s(pcm, n, rate) : 0;
            free(pcm);
            pcm = speak(&old, c->language, text, &n, &rate);
            t_old += pcm ? speech_s(pcm, n, rate) : 0;
            free(pcm);
            free(text);
            syl += han_count(c->text);
        }
        double sps = t > 0 ? syl / t : 0;
        printf("%-10s %zu syllables: %.2f syllables/s (%.2f at %d words a minute)\n", p->name, syl,
               sps, t_old > 0 ? syl / t_old : 0, old.rate);
        CHECK(sps >= 4.0 && sps <= 5.0);
    }
    pcast_speech_free(sp);
    pcast_plan_free(pl);
}

/* The median F0 (Hz) of the last syllable of pcm: autocorrelation over
 * 30 ms windows, 10 ms apart, across the last 150 ms of voice. */
static double last_f0_hz(const int16_t *pcm, size_t n, unsigned rate_hz)
{
    size_t end = n;
    while (end > 0 && abs(pcm[end - 1]) < SILENT)
        end--;
    size_t win = rate_hz * 30 / 1000, hop = rate_hz / 100, span = rate_hz * 150 / 1000;
    size_t lo = rate_hz / 400, hi = rate_hz / 50;
    double f0[32];
    size_t k = 0;
    for (size_t at = end > span + win + hi ? end - span - win - hi : 0; at + win + hi <= end && k < 32;
         at += hop) {
        double best = 0;
        size_t lag = 0;
        for (size_t l = lo; l <= hi; l++) {
            double num = 0, e1 = 0, e2 = 0;
            for (size_t i = 0; i < win; i++) {
                num += (double)pcm[at + i] * pcm[at + i + l];
                e1 += (double)pcm[at + i] * pcm[at + i];
                e2 += (double)pcm[at + i + l] * pcm[at + i + l];
            }
            double r = e1 > 0 && e2 > 0 ? num / sqrt(e1 * e2) : 0;
            if (r > best + 1e-9) {
                best = r;
                lag = l;
            }
        }
        if (best > 0.5 && lag)
            f0[k++] = (double)rate_hz / lag;
    }
    for (size_t i = 1; i < k; i++) /* insertion sort for the median */
        for (size_t j = i; j > 0 && f0[j - 1] > f0[j]; j--) {
            double t = f0[j];
            f0[j] = f0[j - 1];
            f0[j - 1] = t;
        }
    return k ? f0[k / 2] : 0;
}

/* The engine's helpers: the pace table, and where a question's rise goes. */
static void test_espeak_helpers(void)
{
    CHECK(pc_espeak_mandarin_rate(4.5) >= 195 && pc_espeak_mandarin_rate(4.5) <= 199);
    for (double s = 2.0; s < 8.0; s += 0.25)
        CHECK(pc_espeak_mandarin_rate(s) <= pc_espeak_mandarin_rate(s + 0.25));
    CHECK(pc_espeak_mandarin_rate(2.0) >= 80 && pc_espeak_mandarin_rate(8.0) <= 450);
    CHECK(pc_espeak_question_rise(40, "en-us", "Why?") == NULL);
    CHECK(pc_espeak_question_rise(40, "cmn-latn-pinyin", "你好。") == NULL);
    char *r = pc_espeak_question_rise(40, "cmn-latn-pinyin", "你好嗎？");
    CHECK_STR(r, "你\x01" "51P好\x01" "62P嗎？");
    free(r);
    r = pc_espeak_question_rise(40, "cmn-latn-pinyin", "ni3 hao3 ma5？」");
    CHECK_STR(r, "ni3 \x01" "51Phao3 \x01" "62Pma5？」");
    free(r);
    r = pc_espeak_question_rise(90, "cmn", "嗎?");
    CHECK_STR(r, "\x01" "100P嗎?");
    free(r);
}

/* A Mandarin question rises at its end (espeak-ng alone reads it as a
 * statement, bit for bit); English keeps espeak-ng's own question tune. */
static void test_question(void)
{
    const pcast_voice *p = pcast_voices_find(voices, "narrator");
    if (!p) {
        CHECK(!"narrator");
        return;
    }
    static const char *const pairs[][2] = {
        {"你今天要去學校嗎？", "你今天要去學校嗎。"},
        {"這是你的書嗎?", "這是你的書嗎."},
        {"你覺得怎麼樣？", "你覺得怎麼樣。"},
        /* as the reading front end hands it over */
        {"ni3 jin1 tian1 yao4 qu4 xue2 xiao4 ma5？", "ni3 jin1 tian1 yao4 qu4 xue2 xiao4 ma5。"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        pcast_voice_settings s = pc_voice_for(p, &p->settings, "zh");
        size_t nq, ns;
        unsigned rate;
        int16_t *q = speak(&s, "zh", pairs[i][0], &nq, &rate);
        int16_t *st = speak(&s, "zh", pairs[i][1], &ns, &rate);
        CHECK(q && st);
        if (q && st) {
            CHECK(nq != ns || memcmp(q, st, ns * sizeof *q) != 0);
            double fq = last_f0_hz(q, nq, rate), fs = last_f0_hz(st, ns, rate);
            printf("question %s: last syllable %.0f Hz, statement %.0f Hz (%+.0f%%)\n", pairs[i][0],
                   fq, fs, fs > 0 ? (fq / fs - 1) * 100 : 0);
            CHECK(fs > 0 && fq >= fs * 1.15);
        }
        free(q);
        free(st);
    }
}

/* Breath groups of a plan: syllables between pauses (pausing punctuation
 * inside a clip, or a boundary with a pause). breaths: whether a breath
 * boundary counts (false: what the plan was without them). Returns the
 * longest; *over counts groups of more than PC_BREATH_MAX_SYLLABLES. */
static size_t breath_groups(const pcast_plan *pl, bool breaths, size_t *over)
{
    size_t cur = 0, longest = 0;
    *over = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        bool pause = c->pause_before_ms > 0 && (breaths || c->before != PCAST_BOUNDARY_BREATH);
        if (pause) {
            *over += cur > PC_BREATH_MAX_SYLLABLES;
            cur = 0;
        }
        const char *t = c->text;
        size_t n = strlen(t);
        for (size_t a = 0; a < n;) {
            size_t b = a;
            unsigned cp = 0;
            while (b < n) {
                size_t len = pc_utf8_decode(t + b, n - b, &cp);
                b += len;
                if (pc_breath_pauses_at(cp))
                    break;
            }
            cur += pc_breath_syllables(t + a, b - a, false, NULL);
            longest = cur > longest ? cur : longest;
            if (pc_breath_pauses_at(cp) && b <= n) {
                *over += cur > PC_BREATH_MAX_SYLLABLES;
                cur = 0;
            }
            a = b;
        }
    }
    *over += cur > PC_BREATH_MAX_SYLLABLES;
    return longest;
}

static void test_breath_plan(const pcast_plan *pl, const char *what)
{
    size_t over, over_before;
    size_t longest = breath_groups(pl, true, &over);
    size_t before = breath_groups(pl, false, &over_before);
    size_t cuts = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(pl); i++)
        cuts += pcast_plan_clip(pl, i)->before == PCAST_BOUNDARY_BREATH;
    printf("%s: %zu breath pauses; longest breath group %zu syllables (was %zu), %zu over %d (was "
           "%zu)\n", what, cuts, longest, before, over, PC_BREATH_MAX_SYLLABLES, over_before);
    CHECK(longest <= PC_BREATH_MAX_SYLLABLES);
    CHECK_INT(over, 0);
}

/* No breath group over 20 syllables: a long phrase without punctuation
 * is cut (at a word boundary the rule can see) with a breath pause. */
static void test_breath(void)
{
    pcast_plan *pl;
    pcast_error err;
    const char *text = "我們今天要談的是一個很重要的問題就是現在的軟體開發和十年前已經完全不一樣了"
                       "很多工程師每天都會使用人工智慧的工具來寫程式。我很喜歡Claude因為它可以幫助我"
                       "在很短的時間裡面完成以前需要好幾天才能做完的工作。";
    if (pc_plan_text(text, "zh-TW", &pl, &err)) {
        CHECK(!"plan");
        return;
    }
    test_breath_plan(pl, "long phrases");
    for (size_t i = 0; i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        if (c->before == PCAST_BOUNDARY_BREATH) {
            CHECK_INT(c->pause_before_ms, 200);
            /* never before a particle that belongs to the word before */
            CHECK(strncmp(c->text, "的", 3) && strncmp(c->text, "了", 3));
        }
    }
    pcast_plan_free(pl);
}

/* A language switch at a comma, colon or dash gets a pause, measured as
 * silence in the rendered episode. */
static void test_switch_comma(void)
{
    static const char post_text[] =
        "---\ntitle: T\nlang: zh-TW\n---\n\n我很喜歡Claude，因為它很好用。我用 Claude Code: 它很快。"
        "我們用了Sonnet，效果很好。我們用了 Sonnet 3.5 效果很好。我很喜歡（Claude），因為它好用。\n";
    pcast_post *post = NULL;
    pcast_voices *v = NULL;
    pcast_cast *cast = NULL;
    pcast_plan *pl = NULL;
    pcast_timeline *tl = NULL;
    pcast_error err;
    char dir[] = "/tmp/postcast-prosody-XXXXXX", out[64];
    bool made = mkdtemp(dir) != NULL;
    snprintf(out, sizeof out, "%s/e.wav", dir);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = out;
    cfg.no_cache = 1;
    if (!made || pcast_post_parse("t.md", post_text, strlen(post_text), NULL, &post, &err) ||
        pcast_voices_load(NULL, 0, &v, &err) || pcast_cast_new(post, v, &cast, &err) ||
        pcast_plan_new(post, NULL, &pl, &err) || pcast_render(post, cast, pl, &cfg, &tl, &err)) {
        CHECK(!"render");
        goto done;
    }
    SF_INFO info = {0};
    SNDFILE *f = sf_open(out, SFM_READ, &info);
    int16_t *pcm = f ? malloc((size_t)info.frames * sizeof *pcm) : NULL;
    if (!pcm || sf_readf_short(f, pcm, info.frames) != info.frames) {
        CHECK(!"read back");
        free(pcm);
        if (f)
            sf_close(f);
        goto done;
    }
    sf_close(f);
    size_t switches = 0, commas = 0;
    for (size_t i = 0; i < pcast_timeline_count(tl); i++) {
        const pcast_timeline_entry *e = pcast_timeline_get(tl, i);
        const pcast_clip *c = pcast_plan_clip(pl, e->clip_index);
        if (c->before != PCAST_BOUNDARY_RUN && c->before != PCAST_BOUNDARY_COMMA)
            continue;
        switches++;
        if (c->before != PCAST_BOUNDARY_COMMA)
            continue;
        commas++;
        /* the silence really is there: nothing over SILENT for 200 ms+ */
        uint64_t a = e->start_frames - e->pause_frames, quiet = 0;
        for (uint64_t k = a > 50 ? a - 50 : 0; k < e->start_frames; k++)
            quiet = abs(pcm[k]) < SILENT ? quiet + 1 : 0;
        printf("switch to \"%s\": %.0f ms of silence\n", c->text,
               quiet * 1000.0 / info.samplerate);
        CHECK(quiet * 1000 >= 200ull * (uint64_t)info.samplerate);
    }
    printf("%zu switches, %zu at punctuation, each with a pause\n", switches, commas);
    CHECK_INT(commas, 4);
    free(pcm);
done:
    if (made) {
        unlink(out);
        rmdir(dir);
    }
    pcast_timeline_free(tl);
    pcast_plan_free(pl);
    pcast_cast_free(cast);
    pcast_voices_free(v);
    pcast_post_free(post);
}

/* A comma among the last (at_end) or first few characters of s that are
 * not letters, digits or Han: brackets and quotes may stand around it. */
static bool edge_comma(const char *s, bool at_end)
{
    size_t n = strlen(s), i = at_end ? n : 0;
    for (int seen = 0; seen < 4 && (at_end ? i > 0 : i < n); seen++) {
        size_t a = i;
        if (at_end)
            while (a > 0 && ((unsigned char)s[--a] & 0xC0) == 0x80)
                ;
        unsigned cp;
        size_t len = pc_utf8_decode(s + a, n - a, &cp);
        if (pc_breath_comma(cp))
            return true;
        if ((cp < 0x80 && isalnum((int)cp)) || (cp >= 0x3400 && pc_cp_is_cjk(cp) && cp < 0xF900))
            return false;
        i = at_end ? a : a + len;
    }
    return false;
}

/* Mandarin's pace on the corpus post's first `limit` Mandarin clips, each
 * in its speaker's voice, as a render hands them over. */
static void corpus_rate(const pcast_post *post, const pcast_plan *pl, size_t limit)
{
    pcast_cast *cast = NULL;
    pcast_speech *sp = NULL;
    pcast_error err;
    if (pcast_cast_new(post, voices, &cast, &err) || pcast_speech_new(post, pl, NULL, &sp, &err)) {
        CHECK(!"cast");
        pcast_cast_free(cast);
        return;
    }
    double t = 0, t_old = 0;
    size_t syl = 0, clips = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(pl) && clips < limit; i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        char *text = NULL;
        if (strcmp(c->language, "zh") || han_count(c->text) < 4 ||
            pcast_speech_clip_text(sp, i, &text, &err))
            continue;
        const pcast_casting *who = pcast_cast_get(cast, c->speaker_index);
        pcast_voice_settings s = pc_voice_for(who->voice, &who->settings, c->language);
        pcast_voice_settings old = who->settings; /* words a minute */
        size_t n;
        unsigned rate;
        int16_t *pcm = speak(&s, c->language, text, &n, &rate);
        double d = pcm ? speech_s(pcm, n, rate) : 0;
        free(pcm);
        pcm = speak(&old, c->language, text, &n, &rate);
        double d_old = pcm ? speech_s(pcm, n, rate) : 0;
        free(pcm);
        free(text);
        if (d > 0 && d_old > 0) {
            t += d;
            t_old += d_old;
            syl += han_count(c->text);
            clips++;
        }
    }
    printf("corpus: %zu Mandarin clips, %zu syllables: %.2f syllables/s (%.2f at the presets' "
           "words a minute)\n", clips, syl, t > 0 ? syl / t : 0, t_old > 0 ? syl / t_old : 0);
    CHECK(t > 0 && syl / t >= 4.0 && syl / t <= 5.0);
    pcast_speech_free(sp);
    pcast_cast_free(cast);
}

/* The corpus post: every switch at punctuation gets a pause, no breath
 * group over 20 syllables, Mandarin at 4-5 syllables a second. */
static void test_corpus(const char *path)
{
    pcast_post *post = NULL;
    pcast_plan *pl = NULL;
    pcast_error err;
    if (access(path, R_OK) != 0)
        return;
    if (pcast_post_load(path, NULL, &post, &err) || pcast_plan_new(post, NULL, &pl, &err)) {
        CHECK(!"corpus");
        pcast_post_free(post);
        return;
    }
    test_breath_plan(pl, "corpus");
    size_t switches = 0, at_punct = 0, silent = 0;
    for (size_t i = 1; i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *a = pcast_plan_clip(pl, i - 1), *b = pcast_plan_clip(pl, i);
        if (b->before > PCAST_BOUNDARY_COMMA || b->before == PCAST_BOUNDARY_BREATH ||
            !strcmp(a->language, b->language))
            continue;
        switches++;
        if (edge_comma(a->text, true) || edge_comma(b->text, false)) {
            at_punct++;
            silent += b->pause_before_ms == 0;
        }
    }
    printf("corpus: %zu language switches inside sentences, %zu at punctuation, %zu of them "
           "without a pause\n", switches, at_punct, silent);
    CHECK(at_punct > 0);
    CHECK_INT(silent, 0);
    corpus_rate(post, pl, 300);
    pcast_plan_free(pl);
    pcast_post_free(post);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_prosody SOURCE_DIR\n");
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/voices", argv[1]);
    setenv("POSTCAST_VOICES_DIR", dir, 1);
    pcast_voices *v;
    pcast_error err;
    if (pcast_voices_load(NULL, 0, &v, &err)) {
        fprintf(stderr, "voices: %s\n", err.message);
        return 1;
    }
    voices = v;
    test_voice_for();
    test_espeak_helpers();
    test_mandarin_rate();
    test_question();
    test_breath();
    test_switch_comma();
    if (argc > 2)
        test_corpus(argv[2]);
    pcast_voices_free(v);
    return CHECK_RESULT();
}
