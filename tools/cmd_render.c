/* postcast render: a post to one episode. Also the options, settings and
 * episode loading that preview shares. */
#include "cmd_render.h"

#include "cli.h"
#include "term.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------- shared with preview ---------- */

#define R(field) offsetof(render_options, field)
const cli_option render_option_table[] = {
    {"--output", "-o", CLI_STRING, R(output), NULL, NULL},
    {"--format", NULL, CLI_STRING, R(format), NULL, NULL},
    {"--cast", NULL, CLI_STRING, R(cast), NULL, NULL},
    {"--voices", NULL, CLI_LIST, R(voice_dirs), NULL, NULL},
    {"--pause", NULL, CLI_PARSE, R(pauses), cli_parse_pause, CLI_PAUSE_HINT},
    {"--quiet", "-q", CLI_FLAG, R(quiet), NULL, NULL},
    {"--verbose", "-v", CLI_FLAG, R(verbose), NULL, NULL},
    {"--jobs", "-j", CLI_PARSE, R(jobs), cli_parse_jobs, "1-64"},
    {"--cache-dir", NULL, CLI_STRING, R(cache_dir), NULL, NULL},
    {"--no-cache", NULL, CLI_FLAG, R(no_cache), NULL, NULL},
    {"--cache-max", NULL, CLI_PARSE, R(cache_max_bytes), cli_parse_size, "e.g. 500M, 2G"},
    {"--loudness", NULL, CLI_PARSE, R(loudness_lufs), cli_parse_lufs, "LUFS, -40 to -14"},
    {"--stereo", NULL, CLI_FLAG, R(stereo), NULL, NULL},
    {"--rate", NULL, CLI_PARSE, R(rate_hz), cli_parse_rate_hz, "e.g. 44100 or 48000"},
    {"--engine", NULL, CLI_STRING, R(engine), NULL, NULL},
    {"--from", NULL, CLI_STRING, R(from), NULL, NULL},
    {"--lexicon", NULL, CLI_STRING, R(lexicon), NULL, NULL},
    {"--chapters", NULL, CLI_STRING, R(chapters), NULL, NULL},
};
#undef R
const size_t render_option_count = sizeof render_option_table / sizeof *render_option_table;

render_options render_options_init(void)
{
    render_options o;
    memset(&o, 0, sizeof o);
    o.pauses = cli_pauses_unset();
    return o;
}

pcast_render_config render_config_from(const render_options *o)
{
    pcast_render_config cfg = pcast_render_config_init();
    cfg.format = o->format;
    cfg.pauses = o->pauses;
    cfg.jobs = o->jobs;
    cfg.loudness_lufs = o->loudness_lufs;
    cfg.stereo = o->stereo;
    cfg.rate = o->rate_hz;
    cfg.cache_dir = o->cache_dir;
    cfg.no_cache = o->no_cache;
    cfg.cache_max_bytes = o->cache_max_bytes;
    cfg.cancel = &cli_stop_signal;
    cfg.warning = cli_print_warning;
    cfg.engine = o->engine;
    cfg.lexicon = o->lexicon;
    return cfg;
}

bool episode_load(const char *path, const render_options *o, episode *e, pcast_error *err)
{
    memset(e, 0, sizeof *e);
    if (!(e->post = cli_load_post(path, o->from, o->cast, o->chapters, err)) ||
        !(e->voices = cli_load_voices(o->voice_dirs.items, o->voice_dirs.count, err)) ||
        pcast_cast_new(e->post, e->voices, &e->cast, err))
        return false;
    cli_warn_cast_typos(e->post, e->cast);
    return !pcast_plan_new_lexicon(e->post, &o->pauses, o->lexicon, &e->plan, err);
}

void episode_free(episode *e)
{
    pcast_plan_free(e->plan);
    pcast_cast_free(e->cast);
    pcast_voices_free(e->voices);
    pcast_post_free(e->post);
}

/* ---------- render ---------- */

typedef struct music_options {
    const char *intro, *outro, *bed;
    int bed_under; /* -1: as the front matter says; 0: narrator; 1: all */
    bool none, allow_outside;
    bool sidecars, allow_images_outside;
} music_options;

static bool parse_bed_under(const char *value, void *slot)
{
    if (strcmp(value, "all") && strcmp(value, "narrator"))
        return false;
    *(int *)slot = !strcmp(value, "all");
    return true;
}

#define M(field) offsetof(music_options, field)
static const cli_option music_table[] = {
    {"--intro", NULL, CLI_STRING, M(intro), NULL, NULL},
    {"--outro", NULL, CLI_STRING, M(outro), NULL, NULL},
    {"--bed", NULL, CLI_STRING, M(bed), NULL, NULL},
    {"--bed-under", NULL, CLI_PARSE, M(bed_under), parse_bed_under, "narrator or all"},
    {"--no-music", NULL, CLI_FLAG, M(none), NULL, NULL},
    {"--allow-music-outside", NULL, CLI_FLAG, M(allow_outside), NULL, NULL},
    {"--sidecars", NULL, CLI_FLAG, M(sidecars), NULL, NULL},
    {"--allow-images-outside", NULL, CLI_FLAG, M(allow_images_outside), NULL, NULL},
};
#undef M

/* The front matter's music with the flags over it. */
static pcast_music music_from(const music_options *m, const pcast_post *post)
{
    pcast_music_origin flag = {0};
    pcast_music music = m->none ? pcast_music_default() : pcast_post_music(post);
    if (m->intro)
        music.intro = m->intro, music.origin[0] = flag;
    if (m->outro)
        music.outro = m->outro, music.origin[1] = flag;
    if (m->bed)
        music.bed = m->bed, music.origin[2] = flag;
    if (m->bed_under >= 0)
        music.bed_under_all = m->bed_under;
    return music;
}

/* The episode's tags and encoding (render only). */
typedef struct tag_options {
    const char *artwork, *preset;
    unsigned bitrate_kbps, id3_version;
    cli_list meta;
} tag_options;

static bool parse_kbps(const char *value, void *slot)
{
    char *end;
    long k = strtol(value, &end, 10);
    if (*end || end == value || k < 16 || k > 320)
        return false;
    *(unsigned *)slot = (unsigned)k;
    return true;
}

static bool parse_preset(const char *value, void *slot)
{
    if (strcmp(value, "apple") && strcmp(value, "spoken-mono"))
        return false;
    *(const char **)slot = value;
    return true;
}

#define T(field) offsetof(tag_options, field)
static const cli_option tag_table[] = {
    {"--artwork", NULL, CLI_STRING, T(artwork), NULL, NULL},
    {"--bitrate", NULL, CLI_PARSE, T(bitrate_kbps), parse_kbps, "kbit/s, 16-320"},
    {"--id3", NULL, CLI_PARSE, T(id3_version), cli_parse_id3, "2.3 or 2.4"},
    {"--meta", NULL, CLI_LIST, T(meta), NULL, NULL},
    {"--preset", NULL, CLI_PARSE, T(preset), parse_preset, "apple or spoken-mono"},
};
#undef T

/* A preset's settings, under the flags given with it. */
static void apply_preset(tag_options *t, render_options *o)
{
    if (!t->preset)
        return;
    bool apple = !strcmp(t->preset, "apple");
    if (apple) {
        o->stereo = true;
        if (!o->rate_hz)
            o->rate_hz = 44100;
        if (!t->bitrate_kbps)
            t->bitrate_kbps = 128;
    }
    if (!o->loudness_lufs)
        o->loudness_lufs = apple ? -16.0 : -19.0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* After a render: on a terminal (or with -v) the timing summary; else,
 * unless -q, one line saying what was written. */
static void report_written(const render_options *o, const term_progress *ps, const char *output,
                           const episode *ep, const pcast_timeline *tl, bool sidecars,
                           double secs)
{
    double audio = (double)pcast_timeline_total_frames(tl) / pcast_timeline_sample_rate(tl);
    size_t chapters = pcast_post_section_count(ep->post);
    const char *name = strcmp(output, "-") ? output : "standard output";
    const char *plural = chapters == 1 ? "" : "s";
    if (o->verbose || ps->tty) {
        term_printf(stderr, "%s: %zu chapter%s, %zu clips, %.1f min of audio in %.1f s (%.0fx real time)",
                    name, chapters, plural, pcast_plan_clip_count(ep->plan), audio / 60.0, secs,
                    secs > 0 ? audio / secs : 0.0);
        fputs("\n", stderr);
    } else if (!o->quiet) {
        char when[32];
        term_hms(when, sizeof when, audio);
        term_printf(stderr, "postcast: wrote %s (%s, %zu chapter%s)%s", name, when, chapters,
                    plural, sidecars ? " and its sidecars" : "");
        fputs("\n", stderr);
    }
}

static int run_render(int argc, char **argv)
{
    render_options o = render_options_init();
    music_options m = {.bed_under = -1};
    tag_options t = {0};
    cli_group groups[] = {CLI_GROUP(music_table, &m), CLI_GROUP(tag_table, &t),
                          {render_option_table, render_option_count, &o}};
    const char *path;
    int rc = cli_parse("render", groups, 3, argc, argv, &path);
    if (rc || (rc = cli_need_operand("render", path, "post")) ||
        (rc = cli_one_of("render", "-q", o.quiet, "-v", o.verbose)) ||
        (rc = cli_check_meta("render", &t.meta)) ||
        (rc = cli_check_codec(o.format, o.output, t.bitrate_kbps, t.id3_version)) ||
        (rc = cli_stdin_needs_output("render", path, o.output)))
        return rc;
    apply_preset(&t, &o);
    char *def = cli_default_output(path, o.format);
    const char *output = o.output ? o.output : def;
    if (!def)
        return cli_out_of_memory();
    if ((rc = cli_check_output(output, def))) {
        free(def);
        return rc;
    }
    /* asked before anything is spoken: found while writing the sidecars,
     * the episode would already be there */
    const char *inputs[5] = {0}, *also[] = {path, o.chapters, o.cast, o.lexicon};
    for (size_t i = 0, k = 0; i < sizeof also / sizeof *also; i++)
        if (also[i] && strcmp(also[i], "-"))
            inputs[k++] = also[i];
    pcast_error e;
    if (m.sidecars && pcast_sidecars_check(output, inputs, &e)) {
        free(def);
        return cli_report(&e);
    }
    cli_install_signals();
    double t0 = now_seconds();
    pcast_error err;
    episode ep;
    pcast_timeline *tl = NULL;
    if (!episode_load(path, &o, &ep, &err)) {
        rc = cli_report(&err);
        goto done;
    }
    term_progress ps = {.tty = !o.quiet && isatty(2),
                        .sections = pcast_post_section_count(ep.post)};
    cli_warn_chapter_limit(o.format, output, ps.sections);
    for (size_t i = 0; i < ps.sections; i++)
        ps.turns += pcast_post_section(ep.post, i)->turn_count;
    pcast_render_config cfg = render_config_from(&o);
    cfg.output_path = output;
    cfg.music = music_from(&m, ep.post);
    const char *reads[] = {o.cast, o.lexicon, o.chapters, t.artwork,
                           cfg.music.intro, cfg.music.outro, cfg.music.bed};
    static const char *const read_as[] = {"--cast", "--lexicon", "--chapters", "--artwork",
                                          "music intro", "music outro", "music bed"};
    if ((rc = cli_check_overwrite(output, reads, read_as, sizeof reads / sizeof *reads)))
        goto done;
    cfg.allow_music_outside = m.allow_outside;
    cfg.allow_images_outside = m.allow_images_outside;
    cfg.artwork = t.artwork;
    cfg.bitrate_kbps = t.bitrate_kbps;
    cfg.id3_version = t.id3_version;
    cfg.meta = t.meta.items;
    cfg.meta_count = t.meta.count;
    cfg.progress = term_progress_update;
    cfg.warning = cli_print_render_warning;
    cfg.user = &ps;
    pcast_status st = pcast_render(ep.post, ep.cast, ep.plan, &cfg, &tl, &err);
    if (ps.tty && st != PCAST_ERR_INTERRUPTED)
        fputs("\n", stderr);
    if (st) {
        rc = cli_report_render(&err);
        goto done;
    }
    if (m.sidecars && pcast_sidecars_write(ep.post, ep.plan, tl, output, &err)) {
        rc = cli_report(&err); /* each sidecar is whole or absent; the episode is there */
        term_printf(stderr, "postcast: the episode %s is written; not all of its sidecars are",
                    output);
        fputs("\n", stderr);
        goto done;
    }
    report_written(&o, &ps, output, &ep, tl, m.sidecars, now_seconds() - t0);
done:
    pcast_timeline_free(tl);
    episode_free(&ep);
    free(def);
    return rc;
}

const cli_command cli_render = {
    "render",
    "postcast render POST.md [-o EPISODE.flac|.wav|.mp3|.opus|.m4a] [--format wav|flac|mp3|opus|m4a]\n"
    "                  [--cast CAST.yaml] [--voices DIR] [--pause KIND=SECS] [-j N] [-q|-v] [--sidecars] [--loudness L]\n"
    "                  [--stereo] [--rate HZ] [--preset apple|spoken-mono] [--artwork FILE] [--meta KEY=VALUE]\n"
    "                  [--bitrate KBPS] [--id3 2.3|2.4]\n"
    "                  [--intro FILE] [--outro FILE] [--bed FILE] [--bed-under narrator|all] [--no-music]\n"
    "                  [--allow-music-outside] [--allow-images-outside] [--cache-dir DIR] [--no-cache] [--cache-max SIZE] [--engine NAME]\n"
    "                  [--from FORMAT] [--chapters FILE] [--lexicon FILE]",
    "Renders the post to one episode: a voice per speaker, Mandarin and English runs\n"
    "in one sentence, a chapter per section, tags from the front matter.\n"
    "\n"
    "  -o, --output FILE   .flac, .wav, .mp3, .opus or .m4a (default: the post's name\n"
    "                      with .flac, or --format's, here); MP3 gets ID3v2 chapters\n"
    "                      (CTOC + CHAP), Opus CHAPTERnnn comments, M4A (AAC) a\n"
    "                      QuickTime chapter track and a Nero chpl;\n"
    "                      a pipe or device (/dev/stdout) gets the whole file at the end\n"
    "  --format wav|flac|mp3|opus|m4a  the format, whatever the name (default: the\n"
    "                      extension; WAV for a pipe or device without one)\n"
    "  --preset NAME       apple: 44.1 kHz stereo, -16 LUFS, 128 kbit/s (AAC);\n"
    "                      spoken-mono: mono, -19 LUFS; flags given with it win\n"
    "  --artwork FILE      the cover (JPEG or PNG) over front matter `image:`; one\n"
    "                      that is not square, RGB and 1400-3000 px gets a warning\n"
    "  --meta KEY=VALUE    a tag over the front matter's: author, show (podcast),\n"
    "                      episode, season, episode_type, explicit, copyright, url,\n"
    "                      lang; repeatable\n"
    "  --bitrate KBPS      bit rate: AAC and MP3 (CBR; default VBR), Opus; not\n"
    "                      for WAV or FLAC\n"
    "  --id3 2.3|2.4       the MP3's ID3v2 version (default 2.3, which every\n"
    "                      player reads; 2.4 has UTF-8 text)\n"
    "  --cast FILE         pin voices: YAML mapping speaker -> preset or settings\n"
    "                      (the shape of front matter `cast:`)\n"
    "  --voices DIR        more presets (same name overrides a built-in); repeatable\n"
    "  --pause KIND=SECS   a pause length; KIND: run, sentence, paragraph, turn,\n"
    "                      section_before, section_after, breath, comma; repeatable\n"
    "  -j, --jobs N        clips synthesized at once (default: one per CPU + 1); the\n"
    "                      output is the same whatever N is\n"
    "  --cache-dir DIR     the clip cache (default $XDG_CACHE_HOME/postcast)\n"
    "  --no-cache          neither read nor write the cache\n"
    "  --cache-max SIZE    bound the cache (default 2G); least recently used go\n"
    "  --loudness L        the integrated loudness target in LUFS (default -19,\n"
    "                      spoken word mono, or -16 in stereo; -23 for EBU R128;\n"
    "                      -40 to -14); peaks stay under -1 dBTP\n"
    "  --rate HZ           the file's sample rate (e.g. 44100, 48000), by libsoxr;\n"
    "                      default espeak-ng's 22050\n"
    "  --stereo            two channels, each voice at its preset's pan: (the\n"
    "                      narrator centred); Apple rejects mono lossless files\n"
    "  --intro FILE        music that opens the episode; the first words come 1 s\n"
    "                      before it ends (any file libsndfile reads)\n"
    "  --outro FILE        music that starts 1 s before the last words end\n"
    "  --bed FILE          music looped under the narrator, fading in and out\n"
    "  --bed-under narrator|all  the bed under the narrator (default) or everyone\n"
    "  --no-music          leave out the front matter's `music:` (flags still add)\n"
    "  --allow-music-outside  let the front matter's `music:` name files outside\n"
    "                      the post's folder (absolute, .., or a link leading out)\n"
    "  --allow-images-outside  the same for the cover (`image:`) and chapter images\n"
    "                      (a section's first ![alt](file)); they go in MP3 CHAP frames, and --sidecars\n"
    "                      publishes those from the post's folder as EPISODE.chapter-N.png\n"
    "                      Music is levelled to the speech by its loudness and\n"
    "                      dips 10 dB under the words; front matter `music:` also\n"
    "                      sets volume, bed_volume, duck, fade and overlap\n"
    "  --from FORMAT       read the post as markdown, vtt, srt, sbv, json, ttml, html, timedtext,\n"
    "                      ass, text or table\n"
    "                      (default: by its extension, then its content)\n"
    "  --chapters FILE     a Podcasting 2.0 chapters file that places a transcript's\n"
    "                      sections (at the turn nearest each startTime)\n"
    "  --lexicon FILE      a pronunciation lexicon: YAML (per language, word ->\n"
    "                      respelling or pinyin) or W3C PLS; changed entries\n"
    "                      re-speak only the clips that hold them\n"
    "  --engine NAME       the speech engine: espeak-ng (default), or fake (a tone\n"
    "                      per syllable, no espeak-ng: for tests)\n"
    "  --sidecars          also write EPISODE.chapters.json (Podcasting 2.0),\n"
    "                      .transcript.json, .vtt, .srt and .cue beside it\n"
    "  -q, --quiet         no progress bar, no line saying what was written\n"
    "  -v, --verbose       the timing summary even when stderr is not a terminal\n"
    "\n"
    "The file appears only when complete: it is written under a temporary name\n"
    "beside the target and renamed. Ctrl-C stops cleanly (exit 130).\n",
    run_render,
};
