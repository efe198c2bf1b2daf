/* postcast plan: every clip as the engine is handed it (source line,
 * speaker, language, the pause before it, the text sent, the engine's
 * phonemes), so a misreading can be found and fixed. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct plan_options {
    bool json, no_phonemes;
    const char *cast, *engine, *from, *lexicon;
    unsigned long section; /* from 1; 0: all */
    cli_list voice_dirs;
    pcast_pauses pauses;
} plan_options;

static bool parse_section(const char *value, void *slot) { return cli_parse_count(value, slot); }

#define P(f) offsetof(plan_options, f)
static const cli_option plan_table[] = {
    {"--json", NULL, CLI_FLAG, P(json), NULL, NULL},
    {"--no-phonemes", NULL, CLI_FLAG, P(no_phonemes), NULL, NULL},
    {"--section", NULL, CLI_PARSE, P(section), parse_section, "a section number from 1"},
    {"--cast", NULL, CLI_STRING, P(cast), NULL, NULL},
    {"--from", NULL, CLI_STRING, P(from), NULL, NULL},
    {"--lexicon", NULL, CLI_STRING, P(lexicon), NULL, NULL},
    {"--voices", NULL, CLI_LIST, P(voice_dirs), NULL, NULL},
    {"--engine", NULL, CLI_STRING, P(engine), NULL, NULL},
    {"--pause", NULL, CLI_PARSE, P(pauses), cli_parse_pause, CLI_PAUSE_HINT},
};

/* What one clip is, as JSON (phonemes: NULL for null). */
static json_t *clip_json(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                         size_t i, const char *text, const char *phonemes)
{
    const pcast_clip *c = pcast_plan_clip(plan, i);
    const pcast_casting *k = pcast_cast_get(cast, c->speaker_index);
    char *src = term_valid_utf8(c->text);
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:b, s:s, s:s, s:o}",
        "index", (json_int_t)i, "line", (json_int_t)c->line, "section",
        (json_int_t)c->section_index + 1, "speaker", pcast_post_speaker(post, c->speaker_index)->name,
        "voice", k->preset, "language", c->language, "before", pcast_boundary_name(c->before),
        "pause_ms", c->pause_before_ms, "title", c->is_title != 0, "text", src ? src : "",
        "engine_text", text, "phonemes", phonemes ? json_string(phonemes) : json_null());
    free(src);
    return j;
}

static void print_clip(const pcast_post *post, const pcast_plan *plan, size_t i,
                       const char *text, const char *phonemes)
{
    const pcast_clip *c = pcast_plan_clip(plan, i);
    printf("%5zu  line %-5lu ", i, c->line);
    term_put_padded(stdout, pcast_post_speaker(post, c->speaker_index)->name, 16);
    printf(" %-6s +%.2fs %s%s\n", c->language, c->pause_before_ms / 1000.0,
           pcast_boundary_name(c->before), c->is_title ? " (title)" : "");
    fputs("       text: ", stdout);
    term_put(stdout, text);
    if (phonemes) {
        fputs("\n       phonemes: ", stdout);
        term_put(stdout, phonemes);
    }
    putchar('\n');
}

/* Prints the clips of section (from 1; 0: all). Returns the exit status. */
static int print_plan(const plan_options *o, const pcast_post *post, const pcast_cast *cast,
                      const pcast_plan *plan, pcast_speech *sp)
{
    json_t *arr = o->json ? json_array() : NULL;
    int rc = 0;
    for (size_t i = 0; i < pcast_plan_clip_count(plan) && !rc; i++) {
        const pcast_clip *c = pcast_plan_clip(plan, i);
        if (o->section && c->section_index + 1 != o->section)
            continue;
        pcast_error err;
        char *text = NULL, *ph = NULL;
        if (pcast_speech_clip_text(sp, i, &text, &err) ||
            (!o->no_phonemes && pcast_speech_clip_phonemes(sp, cast, i, o->engine, &ph, &err)))
            rc = cli_report(&err);
        else if (arr)
            json_array_append_new(arr, clip_json(post, cast, plan, i, text, ph));
        else
            print_clip(post, plan, i, text, ph);
        free(text);
        free(ph);
    }
    if (arr && !rc) {
        pcast_pauses p = pcast_plan_pauses(plan);
        json_t *root = json_pack("{s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:o}", "pauses_ms",
                                 "run", p.run_ms, "breath", p.breath_ms, "comma", p.comma_ms,
                                 "sentence", p.sentence_ms, "paragraph", p.paragraph_ms, "turn",
                                 p.turn_ms, "section_before", p.section_before_ms,
                                 "section_after", p.section_after_ms, "clips", arr);
        rc = cli_print_json(root);
    } else {
        json_decref(arr);
    }
    return rc;
}

static int run_plan(int argc, char **argv)
{
    plan_options o = {0};
    o.pauses = cli_pauses_unset();
    cli_group groups[] = {CLI_GROUP(plan_table, &o)};
    const char *path;
    int rc = cli_parse("plan", groups, 1, argc, argv, &path);
    if (rc || (rc = cli_need_operand("plan", path, "post")))
        return rc;
    pcast_error err;
    pcast_post *post = cli_load_post(path, o.from, o.cast, NULL, &err);
    pcast_voices *voices = post ? cli_load_voices(o.voice_dirs.items, o.voice_dirs.count, &err)
                                : NULL;
    pcast_cast *cast = NULL;
    pcast_plan *plan = NULL;
    pcast_speech *sp = NULL;
    if (!post || !voices || pcast_cast_new(post, voices, &cast, &err) ||
        pcast_plan_new_lexicon(post, &o.pauses, o.lexicon, &plan, &err) ||
        pcast_speech_new(post, plan, o.lexicon, &sp, &err))
        rc = cli_report(&err);
    else if (o.section > pcast_post_section_count(post))
        rc = cli_usage_error("plan: no section %lu (the post has %zu)", o.section,
                             pcast_post_section_count(post));
    else
        rc = print_plan(&o, post, cast, plan, sp);
    pcast_speech_free(sp);
    pcast_plan_free(plan);
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(post);
    return rc;
}

const cli_command cli_plan = {
    "plan", "postcast plan POST.md [--json] [--section N] [--no-phonemes] [--engine NAME]\n"
            "                [--cast CAST.yaml] [--voices DIR] [--pause KIND=SECS] [--from FORMAT]\n"
            "                [--lexicon FILE]",
    "Prints every clip as it is handed to the speech engine: its index, source\n"
    "line, speaker, language tag, the pause before it (and the boundary that\n"
    "gives it), the text sent (cleaned, then read by the reading front end: words,\n"
    "numbers, lexicon) and the engine's own phonemes (espeak-ng: as\n"
    "`espeak-ng -x`), so a misreading can be found and fixed.\n"
    "  --json          one JSON object (the schema is in the README)\n"
    "  --section N     only the clips of section N (1: the opening)\n"
    "  --no-phonemes   skip asking the engine for phonemes (faster)\n"
    "  --engine NAME   espeak-ng (default) or fake (which has no phonemes)\n"
    "  --cast FILE     pin voices, as render's --cast\n"
    "  --voices DIR    more presets (a built-in's name replaces it); repeatable\n"
    "  --pause KIND=SECS  a pause length, as render's; repeatable\n"
    "  --lexicon FILE  a pronunciation lexicon, as render's\n"
    "  --from FORMAT   read the post as markdown, vtt, srt, sbv, json, ttml, html, timedtext,\n"
    "                  ass, text or table\n",
    run_plan,
};
