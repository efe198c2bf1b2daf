/* postcast script: a post's sections, turns and speakers. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct script_options {
    bool json, plain;
    const char *cast, *from, *chapters;
} script_options;

static const cli_option script_table[] = {
    {"--json", NULL, CLI_FLAG, offsetof(script_options, json), NULL, NULL},
    {"--cast", NULL, CLI_STRING, offsetof(script_options, cast), NULL, NULL},
    {"--plain", NULL, CLI_FLAG, offsetof(script_options, plain), NULL, NULL},
    {"--from", NULL, CLI_STRING, offsetof(script_options, from), NULL, NULL},
    {"--chapters", NULL, CLI_STRING, offsetof(script_options, chapters), NULL, NULL},
};

/* What is read aloud, as plain text: titles and paragraphs. */
static void print_plain(const pcast_post *post)
{
    for (size_t i = 0; i < pcast_post_section_count(post); i++) {
        const pcast_section *s = pcast_post_section(post, i);
        if (i > 0) {
            term_put(stdout, s->title);
            fputs("\n\n", stdout);
        }
        for (size_t j = 0; j < s->turn_count; j++)
            for (size_t k = 0; k < s->turns[j].paragraph_count; k++) {
                term_put_text(stdout, s->turns[j].paragraphs[k]);
                fputs("\n\n", stdout);
            }
    }
}

static void print_outline(const pcast_post *post)
{
    term_put(stdout, pcast_post_title(post));
    if (pcast_post_date(post)) {
        fputs("\ndate: ", stdout);
        term_put(stdout, pcast_post_date(post));
    }
    if (pcast_post_lang(post)) {
        fputs("\nlang: ", stdout);
        term_put(stdout, pcast_post_lang(post));
    }
    fputs("\n", stdout);
    char words[512];
    for (size_t i = 0; i < pcast_post_section_count(post); i++) {
        const pcast_section *s = pcast_post_section(post, i);
        printf("\n%zu. ", i + 1);
        term_put(stdout, s->title);
        printf("  (line %lu, %zu turn%s)\n", s->line, s->turn_count, s->turn_count == 1 ? "" : "s");
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            term_first_words(t->paragraph_count ? t->paragraphs[0] : "", 60, words, sizeof words);
            fputs("   ", stdout);
            term_put(stdout, t->speaker);
            printf("%s:%s", t->labeled ? "" : " (cont.)", words[0] ? " " : "");
            term_put(stdout, words);
            fputs("\n", stdout);
        }
    }
    printf("\nspeakers:\n");
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_speaker *s = pcast_post_speaker(post, i);
        fputs("   ", stdout);
        term_put_padded(stdout, s->name, 32);
        printf(" %4zu turn%s%s\n", s->turns, s->turns == 1 ? "" : "s",
               !s->narrator ? "" : s->turns == 1 ? "   (narrator)" : "  (narrator)");
    }
}

static int run_script(int argc, char **argv)
{
    script_options o = {0};
    cli_group groups[] = {CLI_GROUP(script_table, &o)};
    const char *path;
    int rc = cli_parse("script", groups, 1, argc, argv, &path);
    if (rc || (rc = cli_need_operand("script", path, "post")) ||
        (rc = cli_one_of("script", "--json", o.json, "--plain", o.plain)))
        return rc;
    pcast_error err;
    pcast_post *post = cli_load_post(path, o.from, o.cast, o.chapters, &err);
    if (!post)
        return cli_report(&err);
    if (o.json) {
        char *json = pcast_post_to_json(post, 0);
        if (!json) {
            pcast_post_free(post);
            return cli_out_of_memory();
        }
        term_put_json(stdout, json);
        free(json);
    } else if (o.plain) {
        print_plain(post);
    } else {
        print_outline(post);
    }
    pcast_post_free(post);
    return 0;
}

const cli_command cli_script = {
    "script", "postcast script POST.md [--json | --plain] [--cast CAST.yaml] [--from FORMAT] [--chapters FILE]",
    "Reads a post and prints its script: the sections (chapters), each speaker\n"
    "turn with its first words, and the speakers with their turn counts.\n"
    "\n"
    "  --json   print the script as JSON:\n"
    "           {\"title\", \"date\", \"lang\", \"description\", \"categories\",\n"
    "            \"speakers\": [{\"name\", \"narrator\", \"turns\"}],\n"
    "            \"sections\": [{\"title\", \"line\", \"turns\":\n"
    "                [{\"speaker\", \"paragraphs\", \"line\", \"labeled\"}]}]}\n"
    "  --plain  print only what is read aloud: titles and paragraphs\n"
    "  --cast   a cast file whose names count as speakers (NAME: labels)\n"
    "  --from FORMAT  read the post as markdown, vtt, srt, sbv (YouTube), json\n"
    "           (Podcasting 2.0, Whisper(X), AssemblyAI, Deepgram, AWS Transcribe,\n"
    "           ElevenLabs, Rev.ai, Speechmatics), ttml (Apple Podcasts, DFXP),\n"
    "           html, text (also LRC) or table (Whisper's tsv, whisper.cpp's\n"
    "           csv, an editor's Speaker/Start/End/Text export; default: by the\n"
    "           file's extension, then its content, else markdown; an extension\n"
    "           names a format too: md, webvtt, txt, lrc, htm, dfxp, csv, tsv;\n"
    "           captions saved as .txt\n"
    "           are read as captions). A tool's speaker ids (SPEAKER_00, spk_0,\n"
    "           0) are shown as Speaker 1, 2, ... in the order they are first\n"
    "           heard (a cast may name either)\n"
    "  --chapters FILE  a Podcasting 2.0 chapters file (the one the original\n"
    "           episode published): a section starts at the turn nearest each\n"
    "           chapter's startTime\n",
    run_script,
};
