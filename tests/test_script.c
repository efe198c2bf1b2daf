/* Unit tests for reading posts: source checks, front matter, and every
 * speaker-turn rule of DESIGN.md. */
#include "check.h"

#include <postcast/postcast.h>

#include <jansson.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* The crafted posts must parse in under 2 s (more under the sanitizers)
 * of CPU time: a machine busy with other work must not fail them. */
#if defined(__SANITIZE_ADDRESS__)
#define FLOOD_LIMIT_S 10.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FLOOD_LIMIT_S 10.0
#endif
#endif
#ifndef FLOOD_LIMIT_S
#define FLOOD_LIMIT_S 2.0
#endif

typedef struct pc_test_buf {
    char *data;
    size_t len, cap;
} pc_test_buf;

/* Appends to b; exits on ENOMEM (a test). */
static void pc_test_printf(pc_test_buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            abort();
        if (b->data && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            abort();
        b->data = d;
        b->cap = cap;
    }
}

/* The script as a compact text: "# title" per section, then one line per
 * turn, "Speaker: para / para" ("Speaker+:" for a continuation turn). */
static char *describe(const pcast_post *p)
{
    static char out[1 << 16];
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < pcast_post_section_count(p); i++) {
        const pcast_section *s = pcast_post_section(p, i);
        n += (size_t)snprintf(out + n, sizeof out - n, "# %s\n", s->title);
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s:", t->speaker,
                                  t->labeled ? "" : "+");
            for (size_t k = 0; k < t->paragraph_count; k++)
                n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k ? " / " : " ",
                                      t->paragraphs[k]);
            n += (size_t)snprintf(out + n, sizeof out - n, "\n");
        }
    }
    return out;
}

static pcast_post *parse(const char *text)
{
    pcast_post *p = NULL;
    pcast_error err;
    if (pcast_post_parse("t.md", text, strlen(text), NULL, &p, &err) != PCAST_OK) {
        fprintf(stderr, "unexpected parse error: %s:%lu:%lu: %s\n", err.file, err.line,
                err.column, err.message);
        return NULL;
    }
    return p;
}

#define CHECK_SCRIPT(text, want)                       \
    do {                                               \
        pcast_post *p_ = parse(text);                  \
        CHECK(p_ != NULL);                             \
        if (p_)                                        \
            CHECK_STR(describe(p_), want);             \
        pcast_post_free(p_);                           \
    } while (0)

static void check_error(const char *text, size_t size, pcast_status status, unsigned long line,
                        unsigned long col, const char *needle)
{
    pcast_post *p = (pcast_post *)1;
    pcast_error err;
    memset(&err, 0, sizeof err);
    pcast_status st = pcast_post_parse("bad.md", text, size, NULL, &p, &err);
    CHECK_INT(st, status);
    CHECK(p == NULL);
    CHECK_STR(err.file, "bad.md");
    CHECK_INT(err.line, line);
    CHECK_INT(err.column, col);
    if (!strstr(err.message, needle)) {
        check_failures++;
        fprintf(stderr, "message '%s' lacks '%s'\n", err.message, needle);
    }
}

static void test_bold_labels(void)
{
    /* colon outside, inside, full-width outside, full-width inside */
    CHECK_SCRIPT("---\ntitle: T\n---\n"
                 "**Ann Lee**: Hello there.\n\n"
                 "**Bo Chen:** Hi.\n\n"
                 "**Ann Lee**：Again.\n\n"
                 "**陳博：** 你好。\n",
                 "# T\nNarrator: T\nAnn Lee: Hello there.\nBo Chen: Hi.\nAnn Lee: Again.\n"
                 "陳博: 你好。\n");
    /* the words on the next line; a space before the colon */
    CHECK_SCRIPT("**Ann** :\nWords on the next line.\n",
                 "# t\nNarrator: t\nAnn: Words on the next line.\n");
    /* bold that is not a label */
    CHECK_SCRIPT("**Bold** words: not a label.\n",
                 "# t\nNarrator: t / Bold words: not a label.\n");
    /* a bold admonition stays text unless the cast names it */
    CHECK_SCRIPT("**Ann**: Hi.\n\n**Note:** this is text.\n",
                 "# t\nNarrator: t\nAnn: Hi. / Note: this is text.\n");
}

static void test_soft_break_turns(void)
{
    /* several turns in one paragraph, separated by soft breaks, and two
     * labels of the same speaker in a row stay two turns */
    CHECK_SCRIPT("**A**:\none\n**B**:\ntwo\n**B**:\nthree\n",
                 "# t\nNarrator: t\nA: one\nB: two\nB: three\n");
}

static void test_plain_name_lines(void)
{
    /* a line that is only Name: opens a turn, also inside a paragraph */
    CHECK_SCRIPT("**A**:\none\n主持人/旁白:\ntwo\nUnknown Host/Narrator:\nthree\n",
                 "# t\nNarrator: t\nA: one\n主持人/旁白: two\nUnknown Host/Narrator: three\n");
    /* as its own paragraph, followed by text */
    CHECK_SCRIPT("**A**: one\n\nHost:\n\nthree\n", "# t\nNarrator: t\nA: one\nHost: three\n");
    /* not before a list, not a sentence, not lowercase */
    CHECK_SCRIPT("You will need:\n\n- flour\n", "# t\nNarrator: t / You will need: / flour\n");
    CHECK_SCRIPT("Well, then:\nwe start.\n", "# t\nNarrator: t / Well, then: we start.\n");
    CHECK_SCRIPT("the list:\nitems.\n", "# t\nNarrator: t / the list: items.\n");
}

static void test_plain_prefix_labels(void)
{
    /* NAME: text opens a turn when the name labels two paragraphs */
    CHECK_SCRIPT("Intro text.\n\nMAYA: Hi.\n\nED: Hello.\n\nMAYA: Bye.\n\nED: Bye now.\n",
                 "# t\nNarrator: t / Intro text.\nMAYA: Hi.\nED: Hello.\nMAYA: Bye.\n"
                 "ED: Bye now.\n");
    /* a lone Note: stays text */
    CHECK_SCRIPT("MAYA: Hi.\n\nMAYA: Again.\n\nNote: this is a note.\n",
                 "# t\nNarrator: t\nMAYA: Hi.\nMAYA: Again. / Note: this is a note.\n");
    /* or when the cast names it */
    CHECK_SCRIPT("---\ncast:\n  Zed: adam\n---\nZed: only once.\n",
                 "# t\nNarrator: t\nZed: only once.\n");
    /* URLs and times are not labels */
    CHECK_SCRIPT("At 10:30 we met.\n\nhttps://example.com\n",
                 "# t\nNarrator: t / At 10:30 we met. / https://example.com\n");
}

static void test_continuation_and_narrator(void)
{
    /* text before the first label is the narrator's; unlabeled paragraphs
     * continue the current speaker within a section; a section heading
     * gives the voice back to the narrator ("## About the guest" after an
     * interview is the author's) */
    CHECK_SCRIPT("---\ntitle: Show\n---\nWelcome.\n\n**Ann**: One.\n\nTwo.\n\n## Part two\n\n"
                 "Three.\n\n**Ann**: Back to me.\n",
                 "# Show\nNarrator: Show / Welcome.\nAnn: One. / Two.\n# Part two\nNarrator+: Three.\n"
                 "Ann: Back to me.\n");
    /* no labels at all: the narrator reads everything */
    CHECK_SCRIPT("Just text.\n\nMore text.\n", "# t\nNarrator: t / Just text. / More text.\n");
    /* without a front-matter title, the first heading (wherever it is) */
    CHECK_SCRIPT("Just text.\n\n## Next\n\nMore.\n",
                 "# Next\nNarrator: Next / Just text.\n# Next\nNarrator+: More.\n");
}

static void test_titles_and_sections(void)
{
    /* the first heading gives the title and is the opening's own */
    CHECK_SCRIPT("# My Post\n\nHello.\n\n## A\n\nx\n\n### deeper\n\ny\n",
                 "# My Post\nNarrator: My Post / Hello.\n# A\nNarrator+: x / deeper / y\n");
    /* front matter title wins; the file name is the last resort */
    CHECK_SCRIPT("---\ntitle: FM\n---\n# Other\n\nz\n", "# FM\nNarrator: FM\n# Other\nNarrator+: z\n");
    CHECK_SCRIPT("plain\n", "# t\nNarrator: t / plain\n");
    /* empty headings (found by fuzzing: a post that is only "#") */
    CHECK_SCRIPT("#\n", "# t\nNarrator: t\n# Section 2\n");
    CHECK_SCRIPT("text\n\n##\n\nmore\n", "# t\nNarrator: t / text\n# Section 2\nNarrator+: more\n");
    /* an empty section keeps its chapter */
    CHECK_SCRIPT("## A\n## B\n\ntext\n", "# A\nNarrator: A\n# B\nNarrator+: text\n");
}

static void test_text_cleanup(void)
{
    CHECK_SCRIPT("<span class=\"x\">kept <b>inner</b></span> &amp; [link text](http://u) "
                 "![img](i.png) `code` *em*\n\n```\nskipped\n```\n\n- item one\n- item two\n\n"
                 "> quoted\n\n<div>\nblock &lt;html&gt; &#x4F60;\n<!-- gone -->\n</div>\n",
                 "# t\nNarrator: t / kept inner & link text img code em / item one / item two / "
                 "quoted / block <html> 你\n");
    /* inline script and style bodies are not read */
    CHECK_SCRIPT("a <script>alert(1)</script> b <style>p{}</style> c <b>d</b>\n",
                 "# t\nNarrator: t / a b c d\n");
    /* SSML-looking text in a code span is kept as words */
    CHECK_SCRIPT("`<audio src=\"/etc/passwd\"/>`\n", "# t\nNarrator: t / <audio src=\"/etc/passwd\"/>\n");
}

static void test_front_matter(void)
{
    pcast_post *p = parse("\xEF\xBB\xBF---\r\ntitle: \"A: B\"\r\ndate: 2025-03-04\r\nlang: zh-TW\r\n"
                          "description: d\r\ncategories: [x, \"y z\"]\r\ntoc: true  # comment\r\n"
                          "unknown: {deep: [1, 2]}\r\n"
                          "cast:\r\n  A: adam\r\n  B: {preset: ben, pitch: 40, rate: 170}\r\n"
                          "pauses: {sentence: 0.5, turn: 1}\r\n---\r\nbody\r\n");
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK_STR(pcast_post_title(p), "A: B");
    CHECK_STR(pcast_post_date(p), "2025-03-04");
    CHECK_STR(pcast_post_lang(p), "zh-TW");
    CHECK_STR(pcast_post_description(p), "d");
    CHECK_INT(pcast_post_tag_count(p), 2);
    CHECK_STR(pcast_post_tag(p, 1), "y z");
    CHECK_INT(pcast_post_cast_count(p), 2);
    CHECK_STR(pcast_post_cast(p, 0)->preset, "adam");
    CHECK_STR(pcast_post_cast(p, 1)->preset, "ben");
    CHECK_INT(pcast_post_cast(p, 1)->pitch, 40);
    CHECK_INT(pcast_post_cast(p, 1)->rate, 170);
    CHECK_INT(pcast_post_cast(p, 1)->range, -1);
    CHECK_INT(pcast_post_cast(p, 1)->line, 11);
    CHECK_INT(pcast_post_pauses(p).sentence_ms, 500);
    CHECK_INT(pcast_post_pauses(p).turn_ms, 1000);
    CHECK_INT(pcast_post_pauses(p).paragraph_ms, -1);
    CHECK_STR(describe(p), "# A: B\nNarrator: A: B / body\n");
    pcast_post_free(p);

    /* categories as a string (Jekyll splits on blanks) */
    p = parse("---\ncategories: alpha beta\ntags: a, b c\n---\nx\n");
    CHECK(p && pcast_post_tag_count(p) == 4);
    if (p)
        CHECK_STR(pcast_post_tag(p, 3), "b c");
    pcast_post_free(p);

    /* a post that is only front matter */
    CHECK_SCRIPT("---\ntitle: Only\n---\n", "# Only\nNarrator: Only\n");
}

static void test_bad_input(void)
{
    check_error("ok\nab\xC3(\n", 9, PCAST_ERR_INPUT, 2, 3, "invalid UTF-8");
    check_error("ok\n你好\xE4\xBD\n", 11, PCAST_ERR_INPUT, 2, 3, "invalid UTF-8");
    check_error("line\nx\0y\n", 9, PCAST_ERR_INPUT, 2, 2, "NUL");
    check_error("", 0, PCAST_ERR_INPUT, 1, 1, "empty");
    check_error(" \n\n", 3, PCAST_ERR_INPUT, 1, 1, "empty");
    check_error("---\ntitle: x\nbody\n", 17, PCAST_ERR_INPUT, 1, 1, "never closed");
    const char *bad_yaml = "---\ntitle: ok\ndate: [1, 2\n---\nbody\n";
    check_error(bad_yaml, strlen(bad_yaml), PCAST_ERR_INPUT, 4, 1, "not valid YAML");
    const char *bad_map = "---\ntitle: ok\n  : : x\n---\n";
    check_error(bad_map, strlen(bad_map), PCAST_ERR_INPUT, 3, 3, "YAML");
    const char *list_root = "---\n- a\n- b\n---\nx\n";
    check_error(list_root, strlen(list_root), PCAST_ERR_INPUT, 2, 1, "mapping");
    const char *bad_title = "---\ntitle: [a]\n---\nx\n";
    check_error(bad_title, strlen(bad_title), PCAST_ERR_INPUT, 2, 8, "plain string");
    const char *bad_cast = "---\ncast:\n  A: {pitch: 900}\n---\nx\n";
    check_error(bad_cast, strlen(bad_cast), PCAST_ERR_VOICE, 3, 14, "pitch");
    const char *evil_cast = "---\ncast:\n  A: ../../etc/passwd\n---\nx\n";
    check_error(evil_cast, strlen(evil_cast), PCAST_ERR_VOICE, 3, 6, "preset name");
    const char *bad_pause = "---\npauses: {turn: -1}\n---\nx\n";
    check_error(bad_pause, strlen(bad_pause), PCAST_ERR_INPUT, 2, 16, "seconds");

    pcast_post *p = (pcast_post *)1;
    pcast_error err;
    CHECK_INT(pcast_post_load("/nonexistent/post.md", NULL, &p, &err), PCAST_ERR_IO);
    CHECK(p == NULL);
    CHECK(strstr(err.message, "No such file") != NULL);
    CHECK_INT(pcast_post_load(".", NULL, &p, &err), PCAST_ERR_IO);
    CHECK(strstr(err.message, "directory") != NULL);
}

static void test_alias_bomb(void)
{
    /* a billion-laughs document: loading it must stay small and fast */
    char doc[4096];
    size_t n = (size_t)snprintf(doc, sizeof doc, "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 12; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c]\n",
                              'a' + i, 'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
                              'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
    n += (size_t)snprintf(doc + n, sizeof doc - n, "categories: *l\ncast: *l\n---\nx\n");
    pcast_post *p = NULL;
    pcast_error err;
    pcast_status st = pcast_post_parse("bomb.md", doc, n, NULL, &p, &err);
    /* categories must hold strings: the aliased nested lists are refused */
    CHECK_INT(st, PCAST_ERR_INPUT);
    pcast_post_free(p);
}

/* Front matter scalars are kept as given, but the script's JSON carries
 * control characters only as escapes (\u001b, \n), never raw. */
static void test_json_control_characters(void)
{
    const char *text = "---\ntitle: \"a\\x01b\\nc\\e[31m\"\ndescription: \"\\x07\\x7f\"\n"
                       "categories: [\"\\x1b]0;x\\x07\"]\n---\n**Ann:** hi\n";
    pcast_post *p = parse(text);
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK_STR(pcast_post_title(p), "a\x01" "b\nc\x1b[31m");
    char *json = pcast_post_to_json(p, 0);
    CHECK(json != NULL);
    for (const char *s = json; s && *s; s++)
        if ((unsigned char)*s < 0x20) {
            CHECK(!"raw control character in the script JSON");
            break;
        }
    json_error_t jerr;
    json_t *root = json ? json_loads(json, 0, &jerr) : NULL;
    CHECK(root != NULL);
    CHECK_STR(json_string_value(json_object_get(root, "title")), "a\x01" "b\nc\x1b[31m");
    json_decref(root);
    free(json);
    pcast_post_free(p);
}

/* Casting many speakers against a long `cast:` list is one lookup per
 * speaker (it was a scan of the list per speaker). */
static void test_cast_many_speakers(void)
{
    size_t n = getenv("POSTCAST_QUICK") ? 5000 : 40000;
    pc_test_buf doc = {0};
    pc_test_printf(&doc, "---\ntitle: many\ncast:\n");
    for (size_t i = n; i-- > 0;)
        pc_test_printf(&doc, "  Guest number %zu: {gender: %s}\n", i, i % 2 ? "male" : "female");
    pc_test_printf(&doc, "---\n");
    for (size_t i = 0; i < n; i++)
        pc_test_printf(&doc, "Guest number %zu: hello.\n\n", i);
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_parse("many.md", doc.data, doc.len, NULL, &p, &err), PCAST_OK);
    pcast_voices *voices = NULL;
    CHECK_INT(pcast_voices_load(NULL, 0, &voices, &err), PCAST_OK);
    if (p && voices) {
        CHECK_INT(pcast_post_speaker_count(p), n + 1);
        struct timespec a, b;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
        pcast_cast *cast = NULL;
        CHECK_INT(pcast_cast_new(p, voices, &cast, &err), PCAST_OK);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
        double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        fprintf(stderr, "cast of %zu speakers against %zu entries: %.3f s\n", n, n, s);
        CHECK(s < FLOOD_LIMIT_S / 4 * (getenv("POSTCAST_QUICK") ? 5 : 1));
        if (cast) {
            const pcast_casting *k = pcast_cast_get(cast, 1);
            CHECK_INT(k->source, PCAST_CAST_FRONT_MATTER);
            CHECK_STR(k->voice->gender, "female");
        }
        pcast_cast_free(cast);
    }
    pcast_voices_free(voices);
    pcast_post_free(p);
    free(doc.data);
}

/* A panel larger than the palette: a preset given to more than one
 * speaker is moved in pitch and pace for each, so no two speakers have
 * the same voice (Ines and Anna both had ava, pitch 62, rate 170). */
static void test_cast_panel(void)
{
    pc_test_buf doc = {0};
    pc_test_printf(&doc, "---\ntitle: panel\n---\n");
    for (int r = 0; r < 2; r++)
        for (size_t i = 0; i < 25; i++)
            pc_test_printf(&doc, "Panelist %zu: hello.\n\n", i);
    pcast_post *p = NULL;
    pcast_voices *voices = NULL;
    pcast_cast *cast = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_parse("panel.md", doc.data, doc.len, NULL, &p, &err), PCAST_OK);
    CHECK_INT(pcast_voices_load(NULL, 0, &voices, &err), PCAST_OK);
    if (p && voices)
        CHECK_INT(pcast_cast_new(p, voices, &cast, &err), PCAST_OK);
    size_t n = p ? pcast_post_speaker_count(p) : 0, same = 0;
    CHECK_INT(n, 26);
    for (size_t i = 0; cast && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const pcast_casting *a = pcast_cast_get(cast, i), *b = pcast_cast_get(cast, j);
            same += !strcmp(a->preset, b->preset) && a->settings.pitch == b->settings.pitch &&
                    a->settings.rate == b->settings.rate;
            CHECK(a->settings.pitch >= 0 && a->settings.pitch <= 99);
        }
    CHECK_INT(same, 0);
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(p);
    free(doc.data);
}

/* The input format: by extension, by content, or named in the options. */
static void test_readers(void)
{
    const char *vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.\n";
    pcast_post *p = NULL;
    pcast_error err;
    /* a .md name, but WEBVTT inside: the extension decides */
    CHECK_INT(pcast_post_parse("t.md", vtt, strlen(vtt), NULL, &p, &err), PCAST_OK);
    if (p)
        CHECK_STR(pcast_post_reader(p), "markdown");
    pcast_post_free(p);
    /* no known extension: the content decides */
    CHECK_INT(pcast_post_parse("captions", vtt, strlen(vtt), NULL, &p, &err), PCAST_OK);
    if (p) {
        CHECK_STR(pcast_post_reader(p), "vtt");
        CHECK_INT(pcast_post_speaker_count(p), 2);
        CHECK(pcast_post_section(p, 0)->turns[1].source_time_s == 1.0);
    }
    pcast_post_free(p);
    /* the options decide over both */
    pcast_parse_options o = pcast_parse_options_init();
    o.from = "VTT";
    CHECK_INT(pcast_post_parse("t.md", vtt, strlen(vtt), &o, &p, &err), PCAST_OK);
    if (p)
        CHECK_STR(pcast_post_reader(p), "vtt");
    pcast_post_free(p);
    o.from = "docx";
    CHECK_INT(pcast_post_parse("t.md", vtt, strlen(vtt), &o, &p, &err), PCAST_ERR_ARGUMENT);
    CHECK(p == NULL);
    CHECK(strstr(err.message, "unknown input format 'docx'") != NULL);
    /* a broken cue timing: FILE:LINE:COL */
    const char *bad = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA.\n\n00:00:03.000 --> 00:00:0x.000\nB.\n";
    o.from = NULL;
    CHECK_INT(pcast_post_parse("bad.vtt", bad, strlen(bad), &o, &p, &err), PCAST_ERR_INPUT);
    CHECK_STR(err.file, "bad.vtt");
    CHECK_INT(err.line, 6);
    CHECK_INT(err.column, 18);
    /* JSON that is not a transcript */
    CHECK_INT(pcast_post_parse("x.json", "[1, 2]", 6, NULL, &p, &err), PCAST_ERR_INPUT);
    CHECK(strstr(err.message, "not a transcript") != NULL);
    /* the bytes given need not end with a NUL (the readers get a copy that does) */
    char html[] = "<p>x &amp";
    CHECK_INT(pcast_post_parse("p.html", html, 9, NULL, &p, &err), PCAST_OK);
    pcast_post_free(p);
}

/* A chapters file (Podcasting 2.0) places sections at the turns nearest
 * its start times. */
static void test_chapters_file(void)
{
    const char *vtt = "WEBVTT\n\n"
                      "00:00:01.000 --> 00:00:02.000\n<v Ann>One.\n\n"
                      "00:00:09.000 --> 00:00:10.000\n<v Bo>Two.\n\n"
                      "00:00:21.000 --> 00:00:22.000\n<v Ann>Three.\n\n"
                      "00:00:30.000 --> 00:00:31.000\n<v Bo>Four.\n";
    char path[] = "/tmp/postcast-chapters-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    const char *json = "{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 20, \"title\": \"Middle\"},"
                       " {\"startTime\": 0, \"title\": \"Start\"}, {\"startTime\": 8, \"title\": \"Gone\"},"
                       " {\"startTime\": 10.5, \"title\": \"Also two\"}]}";
    CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
    close(fd);
    pcast_parse_options o = pcast_parse_options_init();
    o.chapters_path = path;
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_parse("talk.vtt", vtt, strlen(vtt), &o, &p, &err), PCAST_OK);
    /* Start: Ann@1; Gone (8) and Also two (10.5) are both nearest Bo@9:
     * the later keeps it; Middle (20): Ann@21 and Bo@30 */
    if (p)
        CHECK_STR(describe(p), "# talk\nNarrator: talk\n# Start\nAnn: One.\n# Also two\nBo: Two.\n"
                               "# Middle\nAnn: Three.\nBo: Four.\n");
    pcast_post_free(p);
    /* not a chapters file; a post without times */
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("{\"chapters\": 3}", f);
        fclose(f);
    }
    CHECK_INT(pcast_post_parse("talk.vtt", vtt, strlen(vtt), &o, &p, &err), PCAST_ERR_INPUT);
    CHECK(strstr(err.message, "not a chapters file") != NULL);
    f = fopen(path, "w");
    if (f) {
        fputs("{\"chapters\": [{\"startTime\": 1, \"title\": \"x\"}]}", f);
        fclose(f);
    }
    CHECK_INT(pcast_post_parse("t.md", "**Ann**: hi\n", 12, &o, &p, &err), PCAST_ERR_INPUT);
    CHECK(strstr(err.message, "have times") != NULL);
    unlink(path);
}

/* ---------- hash flooding ---------- */

/* FNV-1a 64, the string map's hash before it was keyed: the flood below
 * is built against it. */
static uint64_t fnv1a_step(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* 5 letters a block: 15 stages make names of 75 characters (a bold
 * label may have 80). */
enum { BLOCK = 5 };

typedef struct cand {
    uint32_t low;
    uint32_t idx;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->low < y->low ? -1 : x->low > y->low ? 1 : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Candidate block idx: letters from a splitmix64 of idx (consecutive
 * counters make blocks whose low hash bits never meet). */
static void block_of(uint32_t idx, char out[BLOCK])
{
    uint64_t z = (uint64_t)idx * 0x9E3779B97F4A7C15u + 0x9E3779B97F4A7C15u;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    for (int i = 0; i < BLOCK; i++) {
        out[i] = (char)('a' + z % 26);
        z /= 26;
    }
}

/* Joux-style multicollision: from the running state, two 5-letter blocks
 * whose FNV-1a states agree in the low 24 bits (a map's slot is the
 * hash's low bits, and those depend only on the low bits before them);
 * k stages of such pairs give 2^k names in one probe cluster. */
static void flood_blocks(int k, char pairs[][2][BLOCK])
{
    enum { TRIES = 40000 };
    cand *c = malloc(TRIES * sizeof *c);
    uint64_t h = 1469598103934665603u;
    for (int st = 0; st < k; st++) {
        for (uint32_t i = 0; i < TRIES; i++) {
            char b[BLOCK];
            block_of(i + (uint32_t)st * 7919u, b);
            c[i].low = (uint32_t)(fnv1a_step(h, b, BLOCK) & 0xFFFFFF);
            c[i].idx = i + (uint32_t)st * 7919u;
        }
        qsort(c, TRIES, sizeof *c, cand_cmp);
        size_t i = 0;
        for (; i + 1 < TRIES; i++) {
            if (c[i].low != c[i + 1].low)
                continue;
            block_of(c[i].idx, pairs[st][0]);
            block_of(c[i + 1].idx, pairs[st][1]);
            if (memcmp(pairs[st][0], pairs[st][1], BLOCK))
                break; /* two different blocks, not one drawn twice */
        }
        CHECK(i + 1 < TRIES);
        h = fnv1a_step(h, pairs[st][0], BLOCK);
    }
    free(c);
}

static void test_hash_flood(void)
{
    enum { STAGES = 15, REPEAT = 3 };
    static char pairs[STAGES][2][BLOCK];
    flood_blocks(STAGES, pairs);
    /* POSTCAST_QUICK (valgrind): an eighth of the names */
    size_t names = (size_t)1 << (getenv("POSTCAST_QUICK") ? STAGES - 3 : STAGES);
    pc_test_buf doc = {0};
    for (int r = 0; r < REPEAT; r++)
        for (size_t i = 0; i < names; i++) {
            char name[STAGES * BLOCK + 1];
            for (int st = 0; st < STAGES; st++)
                memcpy(name + st * BLOCK, pairs[st][(i >> st) & 1], BLOCK);
            name[STAGES * BLOCK] = '\0';
            pc_test_printf(&doc, "**%s**: words, words and more words of turn %d.\n\n", name, r);
        }
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    pcast_post *p = NULL;
    pcast_error err;
    pcast_status st = pcast_post_parse("flood.md", doc.data, doc.len, NULL, &p, &err);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    fprintf(stderr, "crafted %zu KB, %zu colliding names: %.3f s\n", doc.len >> 10, names, s);
    CHECK_INT(st, PCAST_OK);
    if (p)
        CHECK_INT(pcast_post_speaker_count(p), names + 1);
    /* POSTCAST_QUICK runs under valgrind: 20-50 times slower */
    CHECK(s < FLOOD_LIMIT_S * (getenv("POSTCAST_QUICK") ? 5 : 1));
    pcast_post_free(p);
    free(doc.data);
}

static double parse_seconds(size_t bytes)
{
    const char *unit = "**Host**: A question about the thing, with **bold** and a [link](u).\n"
                       "**Guest**: 一個回答，裡面有 English words 和標點。\n\n";
    size_t ul = strlen(unit), n = 0;
    char *text = malloc(bytes + ul + 1);
    while (n + ul <= bytes) {
        memcpy(text + n, unit, ul);
        n += ul;
    }
    text[n] = '\0';
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    pcast_post *p = NULL;
    pcast_error err;
    pcast_status st = pcast_post_parse("big.md", text, n, NULL, &p, &err);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK_INT(st, PCAST_OK);
    if (p)
        CHECK_INT(pcast_post_speaker(p, 1)->turns, n / ul);
    pcast_post_free(p);
    free(text);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* A post whose Markdown tree would pass 256 MiB is refused where the
 * parse passed it, and memory stays bounded (1.4 GB for a million
 * headings before): the line by line block pass gives its line, the
 * inline pass the body's first. */
static void test_too_big(void)
{
    pc_test_buf doc = {0};
    pcast_post *p = NULL;
    pcast_error err;
    /* POSTCAST_QUICK (valgrind): the shorter of the two */
    int headings = getenv("POSTCAST_QUICK") ? 0 : 1000000;
    pc_test_printf(&doc, "---\ntitle: big\n---\n");
    for (int i = 1; i <= headings; i++)
        pc_test_printf(&doc, "## H %d\n\nt %d\n\n", i, i);
    if (headings) {
        CHECK_INT(pcast_post_parse("big.md", doc.data, doc.len, NULL, &p, &err), PCAST_ERR_INPUT);
        CHECK(p == NULL);
        CHECK(err.line > 2000000 && err.line < 4000000);
        CHECK_INT(err.column, 1);
        CHECK(strstr(err.message, "too big to read: its Markdown up to this line takes more than 256 MiB"));
    }
    doc.len = 0;
    pc_test_printf(&doc, "---\ntitle: big\n---\n");
    for (int i = 0; i < 20000; i++)
        pc_test_printf(&doc, "%s", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    CHECK_INT(pcast_post_parse("big.md", doc.data, doc.len, NULL, &p, &err), PCAST_ERR_INPUT);
    CHECK_INT(err.line, 4);
    CHECK(strstr(err.message, "its Markdown takes more than 256 MiB"));
    free(doc.data);
}

static void test_linear_time(void)
{
    /* a 10 MB post against a 1 MB one: linear means about 10x the time;
     * quadratic would be 100x. The bound leaves room for a busy machine. */
    /* POSTCAST_QUICK (valgrind): the same ratio at a tenth of the size */
    size_t unit = getenv("POSTCAST_QUICK") ? 100u << 10 : 1u << 20;
    double small = parse_seconds(unit);
    double big = parse_seconds(unit * 10);
    fprintf(stderr, "parse %zu KB: %.3f s, %zu KB: %.3f s (x%.1f)\n", unit >> 10, small,
            unit * 10 >> 10, big, big / small);
    CHECK(big < small * 30.0);
}

int main(void)
{
    test_bold_labels();
    test_soft_break_turns();
    test_plain_name_lines();
    test_plain_prefix_labels();
    test_continuation_and_narrator();
    test_titles_and_sections();
    test_text_cleanup();
    test_front_matter();
    test_bad_input();
    test_alias_bomb();
    test_linear_time();
    test_too_big();
    test_readers();
    test_chapters_file();
    test_hash_flood();
    test_json_control_characters();
    test_cast_many_speakers();
    test_cast_panel();
    return CHECK_RESULT();
}
