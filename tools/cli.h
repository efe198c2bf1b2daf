/* What every postcast command shares: the command record the dispatch
 * table holds, exit codes, error reports, signals, and loading a post or
 * the voice presets. A thin client of <postcast/postcast.h> only. */
#ifndef POSTCAST_TOOLS_CLI_H
#define POSTCAST_TOOLS_CLI_H

#include <postcast/postcast.h>

#include <stddef.h>

#define EXIT_INPUT 1 /* bad input or a failure */
#define EXIT_USAGE 2 /* bad usage */

/* One command: a file tools/cmd_NAME.c defines it and tools/main.c lists
 * it. run gets argv with argv[0] the command's name and returns the exit
 * status; it prints its own errors. */
typedef struct cli_command {
    const char *name;
    const char *synopsis; /* one usage line (continued lines indented) */
    const char *help;     /* the paragraph(s) after "Usage: SYNOPSIS" */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_script, cli_plan, cli_render, cli_preview, cli_cast, cli_chapters,
    cli_voices, cli_cache, cli_site, cli_feed;

/* Prints "postcast: error: FILE:LINE:COL: message" for e to stderr
 * (file, line, column as far as e has them) and returns the exit status
 * for it: EXIT_USAGE for PCAST_ERR_ARGUMENT, else EXIT_INPUT. */
int cli_report(const pcast_error *e);

/* cli_report, except that an interrupted render prints one line and
 * returns 128 + the signal that stopped it. On a terminal a newline comes
 * first: it ends the line the ^C (or a progress bar) was left on, so a
 * caller leaves its bar's line open when the render was interrupted. */
int cli_report_render(const pcast_error *e);

/* For pcast_render_config.warning: "postcast: warning: FILE:LINE:
 * message" on stderr (as far as w has them), escaped; user is unused. */
void cli_print_warning(void *user, const pcast_warning *w);
/* cli_print_warning for a render drawing a progress bar (user: its
 * term_progress): the bar's line is blanked first, so the warning gets a
 * line of its own and the bar is drawn again under it. */
void cli_print_render_warning(void *user, const pcast_warning *w);

/* Looks at the path an episode or a sample is to be written to, before
 * anything is spoken: a folder (existing, or named with a trailing '/')
 * prints "postcast: error: OUTPUT: is a folder; name the file to write in
 * it (-o OUTPUT/FILE_NAME)" and returns EXIT_USAGE; a file in a folder
 * that does not exist (or is not a folder) prints so and returns
 * EXIT_INPUT; a terminal ("-" or a device standard output or error is
 * on) prints "OUTPUT: is a terminal; pipe the audio ..." and returns
 * EXIT_USAGE; a name that is only an extension (".flac", "out/.mp3": a
 * hidden file) prints "OUTPUT: names only an extension ..." and returns
 * EXIT_USAGE. Else (also for "-") returns 0; nothing is created. */
int cli_check_output(const char *output, const char *file_name);

/* A --bitrate (bitrate_kbps, 0: not given) or --id3 (id3_version, 0:
 * not given) that the output's format (format, else output's extension,
 * else FLAC; "-" is WAV) would ignore: prints the usage error ("render:
 * --bitrate is for MP3, Opus and M4A; wav is lossless") and returns
 * EXIT_USAGE; else 0 (also when the format cannot be told yet). */
int cli_check_codec(const char *format, const char *output, unsigned bitrate_kbps,
                    unsigned id3_version);

/* Prints "postcast: warning: flac keeps 999 chapters ..." when the
 * episode's format (format, else output's extension; as
 * cli_check_codec) is FLAC or Opus and it has more chapters than their
 * CHAPTERnnn comments hold (the render writes the first 999). */
void cli_warn_chapter_limit(const char *format, const char *output, size_t chapters);

/* For each cast entry (the --cast file's, then the front matter's) that
 * names no speaker of post but is at most two edits from one the cast
 * left to the palette, prints "postcast: warning: FILE:LINE:COL: no
 * speaker 'X' in this post; did you mean 'Y'?". Other entries that name
 * nobody here are silent (a cast file serves a whole series). */
void cli_warn_cast_typos(const pcast_post *post, const pcast_cast *cast);

/* When output is an existing regular file that is one of inputs[0..count)
 * (the same file, by device and inode; NULL inputs skipped), prints
 * "postcast: error: OUTPUT: is read by this render (NAME); write the
 * episode to another file (-o)" with names[i] and returns EXIT_USAGE;
 * else 0. Touches nothing. */
int cli_check_overwrite(const char *output, const char *const *inputs,
                        const char *const *names, size_t count);

/* Prints j (a jansson value; NULL: out of memory) as one line of
 * compact JSON in its keys' order on stdout (term_put_json), and drops
 * the reference. Returns 0, or cli_out_of_memory()'s status when j is
 * NULL or cannot be dumped. */
struct json_t;
int cli_print_json(struct json_t *j);

/* Prints "postcast: error: out of memory" and returns EXIT_INPUT. */
int cli_out_of_memory(void);

/* SIGINT, SIGTERM and SIGHUP set cli_stop_signal (the render polls it
 * through pcast_render_config.cancel), but for one that was ignored when
 * the process started (nohup, a background job), which stays ignored;
 * SIGXFSZ is ignored so a file size limit fails a write instead of
 * killing the process mid-file. */
void cli_install_signals(void);
extern volatile int cli_stop_signal;

/* The name a post read from standard input goes by in messages (and,
 * with no title of its own, as its title); its relative paths (images,
 * music) are taken from the current directory. */
#define CLI_STDIN_NAME "stdin"

/* Loads the post at path ("-": standard input, read to its end), read as
 * format from (NULL: detected), with
 * cast_path (may be NULL) as its --cast file and chapters_path (may be
 * NULL) as a Podcasting 2.0 chapters file that places its sections.
 * Returns the post (the caller frees it with pcast_post_free), or NULL
 * with err set. */
pcast_post *cli_load_post(const char *path, const char *from, const char *cast_path,
                          const char *chapters_path, pcast_error *err);

/* The post's base name with .FORMAT (format lower-cased; NULL: flac, the
 * default container: a bare --format mp3 named post.flac, then refused
 * it), in the current directory. malloc'd for the caller; NULL on ENOMEM. */
char *cli_default_output(const char *post, const char *format);

/* cli_usage_error("CMD: the post comes from standard input; name the
 * episode (-o EPISODE.flac)") when post is "-" and no output was given
 * (there is no name to derive one from), else 0. */
int cli_stdin_needs_output(const char *cmd, const char *post, const char *output);

/* Loads the built-in presets and those in dirs[0..count). Returns them
 * (the caller frees them with pcast_voices_free), or NULL with err set. */
pcast_voices *cli_load_voices(const char *const *dirs, size_t count, pcast_error *err);

#endif
