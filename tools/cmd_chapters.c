/* postcast chapters: the chapters, tags and loudness of an audio file. */
#include "args.h"
#include "cli.h"
#include "term.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct chapters_options {
    bool json, loudness;
} chapters_options;

static const cli_option chapters_table[] = {
    {"--json", NULL, CLI_FLAG, offsetof(chapters_options, json), NULL, NULL},
    {"--loudness", NULL, CLI_FLAG, offsetof(chapters_options, loudness), NULL, NULL},
};

static double finite_or(double v, double floor) { return isfinite(v) ? v : floor; }

/* A JSON string of s, which an audio file need not have made UTF-8. */
static json_t *text_of(const char *s)
{
    char *valid = term_valid_utf8(s);
    json_t *j = valid ? json_string(valid) : NULL;
    free(valid);
    return j;
}

/* loud is NULL when not measured. */
static int print_json(const pcast_media *m, double length, const pcast_loudness *loud)
{
    json_t *root = json_pack("{s:s, s:i, s:i, s:I, s:f}", "format", pcast_media_format(m),
                             "sample_rate", (int)pcast_media_sample_rate(m), "channels",
                             (int)pcast_media_channels(m), "frames",
                             (json_int_t)pcast_media_frames(m), "seconds", length);
    json_t *tags = json_object(), *chapters = json_array();
    for (size_t i = 0; i < pcast_media_tag_count(m); i++) {
        char *key = term_valid_utf8(pcast_media_tag(m, i)->key);
        if (key)
            json_object_set_new(tags, key, text_of(pcast_media_tag(m, i)->value));
        free(key);
    }
    for (size_t i = 0; i < pcast_media_chapter_count(m); i++) {
        const pcast_chapter *c = pcast_media_chapter(m, i);
        json_t *o = json_pack("{s:I, s:f, s:o}", "start_frames", (json_int_t)c->start_frames,
                              "start", c->start_seconds, "title", text_of(c->title));
        if (o && c->url)
            json_object_set_new(o, "url", text_of(c->url));
        if (o && c->image_bytes)
            json_object_set_new(o, "image", json_pack("{s:o, s:I}", "type", text_of(c->image_mime),
                                                      "bytes", (json_int_t)c->image_bytes));
        json_array_append_new(chapters, o);
    }
    json_object_set_new(root, "tags", tags);
    json_object_set_new(root, "chapters", chapters);
    if (loud)
        json_object_set_new(root, "loudness",
                            json_pack("{s:f, s:f, s:f, s:f}", "integrated_lufs",
                                      finite_or(loud->integrated_lufs, -70.0), "true_peak_dbtp",
                                      finite_or(loud->true_peak_dbtp, -150.0), "range_lu",
                                      loud->range_lu, "sample_peak_dbfs",
                                      finite_or(loud->sample_peak_dbfs, -150.0)));
    return cli_print_json(root);
}

static void print_text(const pcast_media *m, double length, const pcast_loudness *loud)
{
    char when[32];
    term_hms(when, sizeof when, length);
    printf("%s  %u Hz  %u channel%s  %s\n", pcast_media_format(m), pcast_media_sample_rate(m),
           pcast_media_channels(m), pcast_media_channels(m) == 1 ? "" : "s", when);
    size_t width = 8; /* the keys in one column */
    for (size_t i = 0; i < pcast_media_tag_count(m); i++) {
        size_t n = strlen(pcast_media_tag(m, i)->key);
        width = n > width && n <= 24 ? n : width;
    }
    for (size_t i = 0; i < pcast_media_tag_count(m); i++) {
        term_put_padded(stdout, pcast_media_tag(m, i)->key, (int)width);
        putchar(' ');
        term_put(stdout, pcast_media_tag(m, i)->value);
        putchar('\n');
    }
    if (loud)
        printf("loudness: %.1f LUFS integrated, %.1f dBTP true peak, %.1f LU range\n",
               loud->integrated_lufs, loud->true_peak_dbtp, loud->range_lu);
    printf("chapters: %zu\n", pcast_media_chapter_count(m));
    for (size_t i = 0; i < pcast_media_chapter_count(m); i++) {
        const pcast_chapter *c = pcast_media_chapter(m, i);
        term_hms(when, sizeof when, c->start_seconds);
        printf("%3zu  %s  ", i + 1, when);
        term_put(stdout, c->title);
        putchar('\n');
        if (c->url) {
            fputs("               url: ", stdout);
            term_put(stdout, c->url);
            putchar('\n');
        }
        if (c->image_bytes) {
            fputs("               image: ", stdout);
            term_put(stdout, c->image_mime);
            printf(", %zu bytes\n", c->image_bytes);
        }
    }
}

static int run_chapters(int argc, char **argv)
{
    chapters_options o = {0};
    cli_group groups[] = {CLI_GROUP(chapters_table, &o)};
    const char *path;
    int rc = cli_parse("chapters", groups, 1, argc, argv, &path);
    if (rc || (rc = cli_need_operand("chapters", path, "file")))
        return rc;
    struct stat st;
    if (!stat(path, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode))) {
        /* a FIFO with no writer blocked the open; a pipe cannot be read
         * back, so a whole file read "not an MP3 file" */
        fputs("postcast: error: ", stderr);
        term_put(stderr, path);
        fputs(": not a file (a pipe or device); chapters reads a file: save the stream first\n",
              stderr);
        return EXIT_INPUT;
    }
    pcast_error err;
    pcast_media *m;
    if (pcast_media_open(path, &m, &err))
        return cli_report(&err);
    pcast_loudness loud;
    if (o.loudness && pcast_measure_loudness(path, &loud, &err)) {
        pcast_media_free(m);
        return cli_report(&err);
    }
    double length = pcast_media_sample_rate(m)
                        ? (double)pcast_media_frames(m) / pcast_media_sample_rate(m) : 0.0;
    if (o.json)
        rc = print_json(m, length, o.loudness ? &loud : NULL);
    else
        print_text(m, length, o.loudness ? &loud : NULL);
    pcast_media_free(m);
    return rc;
}

const cli_command cli_chapters = {
    "chapters", "postcast chapters FILE [--json] [--loudness]",
    "Lists the chapters (index, start HH:MM:SS.mmm, title) and tags of a WAV,\n"
    "FLAC, MP3 (ID3v2 CHAP), Opus or M4A file, written by postcast or anyone:\n"
    "the podcast tags as each container names them (TRACKNUMBER, DISCNUMBER,\n"
    "LANGUAGE, COPYRIGHT, WWW; M4A: EPISODE, SEASON, ADVISORY); for MP3 also\n"
    "each chapter's URL and image (CHAP's WXXX and APIC), where it has them.\n"
    "  --json       the same as one JSON object, with each chapter's exact\n"
    "               start_frames\n"
    "  --loudness   also measure integrated loudness (LUFS), true peak (dBTP)\n"
    "               and loudness range (LU), by EBU R128 (libebur128)\n",
    run_chapters,
};
