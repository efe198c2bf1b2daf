/* The harness of the spec-style script tests (test_labels.c,
 * test_readers.c): each case is an input (with the file name that picks
 * its reader) and the script it must give, as a compact text:
 *
 *   # Section title
 *   Speaker@83: paragraph / paragraph      (@time: the turn's source time)
 *   Speaker+: ...                          (a continuation turn)
 *   = Narrator 1, Dana Wu 2                (speakers and labeled turns)
 *
 * or, for input that must be refused, "!LINE:COL: message" (the error
 * pcast_post_parse gives, and `postcast script` prints with exit 1).
 * run_specs runs every case against the library and, when the CLI is
 * given as argv[1], against `postcast script --json FILE`. */
#ifndef POSTCAST_TEST_SCRIPT_SPEC_H
#define POSTCAST_TEST_SCRIPT_SPEC_H

#include "check.h"

#include <postcast/postcast.h>

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct spec {
    const char *name;  /* the file name: its extension picks the reader */
    const char *input;
    const char *want;
} spec;

/* ---------- the compact text ---------- */

typedef struct out {
    char buf[1 << 14];
    size_t n;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->n, sizeof o->buf - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n += (size_t)k < sizeof o->buf - o->n ? (size_t)k : sizeof o->buf - o->n - 1;
}

static void put_turn(out *o, const char *speaker, int labeled, double time_s,
                     const char *const *paras, size_t n)
{
    put(o, "%s%s", speaker, labeled ? "" : "+");
    if (time_s >= 0)
        put(o, "@%g", time_s);
    put(o, ":");
    for (size_t k = 0; k < n; k++)
        put(o, "%s%s", k ? " / " : " ", paras[k]);
    put(o, "\n");
}

static const char *describe(const pcast_post *p, out *o)
{
    o->n = 0;
    o->buf[0] = '\0';
    for (size_t i = 0; i < pcast_post_section_count(p); i++) {
        const pcast_section *s = pcast_post_section(p, i);
        put(o, "# %s\n", s->title);
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            put_turn(o, t->speaker, t->labeled, t->source_time_s, t->paragraphs,
                     t->paragraph_count);
        }
    }
    put(o, "=");
    for (size_t i = 0; i < pcast_post_speaker_count(p); i++)
        put(o, "%s %s %zu", i ? "," : "", pcast_post_speaker(p, i)->name,
            pcast_post_speaker(p, i)->turns);
    put(o, "\n");
    return o->buf;
}

/* The same text from `postcast script --json`. */
static const char *describe_json(json_t *root, out *o)
{
    o->n = 0;
    o->buf[0] = '\0';
    json_t *sections = json_object_get(root, "sections"), *s, *t, *sp;
    size_t i, j;
    json_array_foreach(sections, i, s)
    {
        put(o, "# %s\n", json_string_value(json_object_get(s, "title")));
        json_array_foreach(json_object_get(s, "turns"), j, t)
        {
            json_t *paras = json_object_get(t, "paragraphs"), *tm = json_object_get(t, "source_time_s");
            const char *pv[64];
            size_t np = json_array_size(paras) < 64 ? json_array_size(paras) : 64;
            for (size_t k = 0; k < np; k++)
                pv[k] = json_string_value(json_array_get(paras, k));
            put_turn(o, json_string_value(json_object_get(t, "speaker")),
                     json_is_true(json_object_get(t, "labeled")), tm ? json_number_value(tm) : -1, pv,
                     np);
        }
    }
    put(o, "=");
    json_array_foreach(json_object_get(root, "speakers"), i, sp)
        put(o, "%s %s %lld", i ? "," : "", json_string_value(json_object_get(sp, "name")),
            (long long)json_integer_value(json_object_get(sp, "turns")));
    put(o, "\n");
    return o->buf;
}

/* got must be c's script; says which case and where when it is not. */
static void check_script(const spec *c, const char *got, const char *where)
{
    if (strcmp(got, c->want))
        fprintf(stderr, "case %s (%s):\n", c->name, where);
    CHECK_STR(got, c->want);
}

static void run_library(const spec *c, size_t size)
{
    pcast_post *p = NULL;
    pcast_error err;
    pcast_status st = pcast_post_parse(c->name, c->input, size, NULL, &p, &err);
    if (c->want[0] == '!') {
        char got[600];
        snprintf(got, sizeof got, "!%lu:%lu: %s", err.line, err.column, err.message);
        if (st != PCAST_ERR_INPUT || strcmp(got, c->want))
            fprintf(stderr, "case %s (library):\n", c->name);
        CHECK_INT(st, PCAST_ERR_INPUT);
        CHECK_STR(got, c->want);
        pcast_post_free(p);
        return;
    }
    if (st != PCAST_OK)
        fprintf(stderr, "%s: %s:%lu:%lu: %s\n", c->name, err.file, err.line, err.column, err.message);
    CHECK_INT(st, PCAST_OK);
    static out o;
    if (p)
        check_script(c, describe(p, &o), "library");
    pcast_post_free(p);
}

static void run_cli(const char *cli, const char *dir, const spec *c, size_t size)
{
    char path[512], cmd[1200];
    snprintf(path, sizeof path, "%s/%s", dir, c->name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fwrite(c->input, 1, size, f);
    fclose(f);
    bool refused = c->want[0] == '!';
    snprintf(cmd, sizeof cmd, "'%s' script --json '%s'%s", cli, path, refused ? " 2>&1" : "");
    FILE *pp = popen(cmd, "r");
    static char buf[1 << 16];
    size_t n = pp ? fread(buf, 1, sizeof buf - 1, pp) : 0;
    buf[n] = '\0';
    int rc = pp ? pclose(pp) : -1;
    if (refused) {
        char want[700];
        snprintf(want, sizeof want, "postcast: error: %s:%s\n", path, c->want + 1);
        CHECK_INT(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, 1);
        CHECK_STR(buf, want);
        unlink(path);
        return;
    }
    CHECK_INT(rc, 0);
    json_error_t jerr;
    json_t *root = json_loads(buf, 0, &jerr);
    CHECK(root != NULL);
    static out o;
    if (root)
        check_script(c, describe_json(root, &o), "postcast script");
    json_decref(root);
    unlink(path);
}

/* Runs the case c whose input is size bytes (NULs allowed: UTF-16)
 * against the library and, when cli is not NULL, `cli script --json`
 * on a file of that name in dir. */
static void run_spec(const spec *c, size_t size, const char *cli, const char *dir)
{
    run_library(c, size);
    if (cli)
        run_cli(cli, dir, c, size);
}

/* Runs every case (NUL-terminated inputs) and then more(cli, dir) if
 * not NULL; returns main's exit status. */
static int run_specs(const spec *specs, size_t count, int argc, char **argv,
                     void (*more)(const char *cli, const char *dir))
{
    const char *cli = argc > 1 ? argv[1] : NULL;
    char dir[] = "/tmp/postcast-specs-XXXXXX";
    if (cli && !mkdtemp(dir))
        cli = NULL;
    for (size_t i = 0; i < count; i++)
        run_spec(&specs[i], strlen(specs[i].input), cli, dir);
    if (more)
        more(cli, dir);
    if (cli)
        rmdir(dir);
    return CHECK_RESULT();
}

#endif
