/* postcast voices: the voice presets, or a sample spoken by one. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct voices_options {
    bool json;
    cli_list dirs;
    const char *say, *output, *text, *lang;
} voices_options;

#define V(field) offsetof(voices_options, field)
static const cli_option voices_table[] = {
    {"--voices", NULL, CLI_LIST, V(dirs), NULL, NULL},
    {"--say", NULL, CLI_STRING, V(say), NULL, NULL},
    {"--output", "-o", CLI_STRING, V(output), NULL, NULL},
    {"--text", NULL, CLI_STRING, V(text), NULL, NULL},
    {"--lang", NULL, CLI_STRING, V(lang), NULL, NULL},
    {"--json", NULL, CLI_FLAG, V(json), NULL, NULL},
};
#undef V

/* --say NAME: a sample sentence in that preset, to -o FILE or
 * voice-NAME.wav (whose name is then printed); with --json, the voice and
 * the file as one JSON object on stdout. Returns the exit status; a
 * failed sample leaves no file (pcast_say writes under a temporary name). */
static int say(const pcast_voices *v, const voices_options *o)
{
    const pcast_voice *voice = pcast_voices_find(v, o->say);
    if (!voice) {
        const char *near = NULL;
        for (size_t i = 0; i < pcast_voices_count(v) && !near; i++)
            near = cli_nearest(o->say, strlen(o->say), &pcast_voices_get(v, i)->name, 1);
        term_printf(stderr, "postcast: error: no voice preset named '%s'%s%s%s; the presets are:",
                    o->say, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        for (size_t i = 0; i < pcast_voices_count(v); i++) {
            putc(' ', stderr);
            term_put(stderr, pcast_voices_get(v, i)->name);
        }
        fputs("\n", stderr);
        return EXIT_INPUT;
    }
    char path[512];
    snprintf(path, sizeof path, "voice-%s.wav", voice->name);
    int rc = o->output ? cli_check_output(o->output, path) : 0;
    if (rc)
        return rc;
    const char *text = o->text ? o->text : "Hello, this is postcast. 你好，我是 postcast 的聲音。";
    cli_install_signals();
    pcast_error err;
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = o->output ? o->output : path;
    cfg.warning = cli_print_warning; /* a lang that names no language, as render says it */
    cfg.cancel = &cli_stop_signal;
    if (pcast_say_with(voice, text, o->lang, &cfg, &err))
        return cli_report(&err);
    if (o->json) {
        char *file = term_valid_utf8(o->output ? o->output : path); /* a path is bytes */
        json_t *said = file ? json_pack("{s:s, s:s}", "voice", voice->name, "file", file) : NULL;
        free(file);
        return cli_print_json(said);
    } else if (!o->output) {
        term_put(stdout, path);
        fputs("\n", stdout);
    }
    return 0;
}

static int print_json(const pcast_voices *v)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < pcast_voices_count(v); i++) {
        const pcast_voice *p = pcast_voices_get(v, i);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "name",
            p->name, "description", p->description, "gender", p->gender, "variant",
            p->settings.variant, "pitch", p->settings.pitch, "range", p->settings.range, "rate",
            p->settings.rate, "file", p->file));
    }
    return cli_print_json(arr);
}

static void print_table(const pcast_voices *v)
{
    for (size_t i = 0; i < pcast_voices_count(v); i++) {
        const pcast_voice *p = pcast_voices_get(v, i);
        term_put_padded(stdout, p->name, 10);
        putchar(' ');
        term_put_padded(stdout, p->gender, 6);
        putchar(' ');
        term_put_padded(stdout, p->settings.variant, 3);
        printf(" pitch %3d range %3d rate %3d pan %+.2f  ", p->settings.pitch,
               p->settings.range, p->settings.rate, p->settings.pan);
        term_put(stdout, p->description);
        putchar('\n');
    }
}

/* Whether text holds something to speak: a byte that is no blank or
 * control (an empty sample was written for --text ""). */
static bool has_words(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p > ' ' && *p != 0x7f)
            return true;
    return false;
}

static int run_voices(int argc, char **argv)
{
    voices_options o = {0};
    cli_group groups[] = {CLI_GROUP(voices_table, &o)};
    const char *operand;
    int rc = cli_parse("voices", groups, 1, argc, argv, &operand);
    if (rc)
        return rc;
    if (operand)
        return cli_usage_error("voices: unexpected argument '%s'", operand);
    if (!o.say && (o.output || o.text || o.lang))
        return cli_usage_error("voices: -o, --text and --lang go with --say NAME");
    if (o.text && !has_words(o.text))
        return cli_usage_error("voices: --text '%s' has nothing to say", o.text);
    pcast_error err;
    pcast_voices *v = cli_load_voices(o.dirs.items, o.dirs.count, &err);
    if (!v)
        return cli_report(&err);
    if (o.say)
        rc = say(v, &o);
    else if (o.json)
        rc = print_json(v);
    else
        print_table(v);
    pcast_voices_free(v);
    return rc;
}

const cli_command cli_voices = {
    "voices", "postcast voices [--json] [--voices DIR] [--say NAME [-o FILE] [--text T] [--lang L]]",
    "Lists the voice presets with a one-line description. --say NAME renders a\n"
    "sample sentence with that preset to FILE (default voice-NAME.wav).\n"
    "\n"
    "  --say NAME    speak a sample with that preset\n"
    "  -o FILE       where: .wav, .flac, .mp3, .opus or .m4a (default voice-NAME.wav)\n"
    "  --text T      what it says (default: a line in English and one in Mandarin)\n"
    "  --lang L      the text's language, as front matter lang: (en, zh-TW, fr, ...);\n"
    "                default: Han text in Mandarin, the rest in English\n"
    "  --voices DIR  more presets (a built-in's name replaces it); repeatable\n"
    "  --json        the list as JSON; with --say, what was written:\n"
    "                {\"voice\": NAME, \"file\": FILE}\n",
    run_voices,
};
