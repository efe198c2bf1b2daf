/* postcast cast: which voice preset each speaker gets, and why. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct cast_options {
    bool json;
    const char *cast, *from;
    cli_list voice_dirs;
} cast_options;

static const cli_option cast_table[] = {
    {"--json", NULL, CLI_FLAG, offsetof(cast_options, json), NULL, NULL},
    {"--cast", NULL, CLI_STRING, offsetof(cast_options, cast), NULL, NULL},
    {"--voices", NULL, CLI_LIST, offsetof(cast_options, voice_dirs), NULL, NULL},
    {"--from", NULL, CLI_STRING, offsetof(cast_options, from), NULL, NULL},
};

static int print_json(const pcast_post *post, const pcast_cast *cast)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_casting *k = pcast_cast_get(cast, i);
        json_array_append_new(arr, json_pack("{s:s, s:b, s:s, s:s, s:{s:s, s:i, s:i, s:i}}",
            "speaker", k->speaker, "narrator", pcast_post_speaker(post, i)->narrator,
            "preset", k->preset, "source", pcast_cast_source_name(k->source), "voice",
            "variant", k->settings.variant, "pitch", k->settings.pitch, "range",
            k->settings.range, "rate", k->settings.rate));
    }
    return cli_print_json(arr);
}

static void print_table(const pcast_post *post, const pcast_cast *cast)
{
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_casting *k = pcast_cast_get(cast, i);
        term_put_padded(stdout, k->speaker, 32);
        putchar(' ');
        term_put_padded(stdout, k->preset, 10);
        printf(" (%s)  ", pcast_cast_source_name(k->source));
        term_put(stdout, k->settings.variant);
        printf(" pitch %d range %d rate %d\n", k->settings.pitch, k->settings.range,
               k->settings.rate);
    }
}

static int run_cast(int argc, char **argv)
{
    cast_options o = {0};
    cli_group groups[] = {CLI_GROUP(cast_table, &o)};
    const char *path;
    int rc = cli_parse("cast", groups, 1, argc, argv, &path);
    if (rc || (rc = cli_need_operand("cast", path, "post")))
        return rc;
    pcast_error err;
    pcast_post *post = cli_load_post(path, o.from, o.cast, NULL, &err);
    pcast_voices *voices = post ? cli_load_voices(o.voice_dirs.items, o.voice_dirs.count, &err)
                                : NULL;
    pcast_cast *cast = NULL;
    if (!post || !voices || pcast_cast_new(post, voices, &cast, &err)) {
        rc = cli_report(&err);
    } else {
        cli_warn_cast_typos(post, cast);
        if (o.json)
            rc = print_json(post, cast);
        else
            print_table(post, cast);
    }
    pcast_cast_free(cast);
    pcast_voices_free(voices);
    pcast_post_free(post);
    return rc;
}

const cli_command cli_cast = {
    "cast", "postcast cast POST.md [--json] [--cast CAST.yaml] [--voices DIR] [--from FORMAT]",
    "Shows which voice preset each speaker gets and why: from the --cast file,\n"
    "the front matter, or automatic (the palette in order of first appearance),\n"
    "with the espeak-ng variant, pitch, range and rate it resolves to.\n"
    "\n"
    "  --json          [{\"speaker\", \"narrator\", \"preset\", \"source\",\n"
    "                    \"voice\": {\"variant\", \"pitch\", \"range\", \"rate\"}}]\n"
    "  --cast FILE     pin voices, as render's --cast\n"
    "  --voices DIR    more presets (a built-in's name replaces it); repeatable\n"
    "  --from FORMAT   read the post as for script\n",
    run_cast,
};
