/* Private helpers shared by the library's stages. Not installed. */
#ifndef POSTCAST_INTERNAL_H
#define POSTCAST_INTERNAL_H

#include "postcast/postcast.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* --- growable byte buffer (always NUL-terminated once used) --- */
typedef struct pc_buf {
    char *data;
    size_t len;
    size_t cap;
} pc_buf;

/* Each returns false when out of memory; the buffer is then unchanged. */
bool pc_buf_reserve(pc_buf *b, size_t extra);
bool pc_buf_append(pc_buf *b, const char *s, size_t n);
bool pc_buf_puts(pc_buf *b, const char *s);
bool pc_buf_putc(pc_buf *b, char c);
bool pc_buf_printf(pc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pc_buf_clear(pc_buf *b);
void pc_buf_free(pc_buf *b);
/* Hands over the (NUL-terminated) data; the buffer becomes empty.
 * Never NULL: an empty buffer yields a fresh "" (NULL only on ENOMEM). */
char *pc_buf_take(pc_buf *b);

/* Overflow-checked size arithmetic: false when a*b or a+b overflows. */
bool pc_size_mul(size_t a, size_t b, size_t *out);
bool pc_size_add(size_t a, size_t b, size_t *out);

/* Grows *arr (of elements of size elem) so index n fits; doubles. */
bool pc_grow(void **arr, size_t *cap, size_t n, size_t elem);

/* --- arena: many small strings freed together --- */
typedef struct pc_arena_chunk pc_arena_chunk;
typedef struct pc_arena {
    pc_arena_chunk *head;
} pc_arena;

void *pc_arena_alloc(pc_arena *a, size_t n);
char *pc_arena_strndup(pc_arena *a, const char *s, size_t n);
char *pc_arena_strdup(pc_arena *a, const char *s);
void pc_arena_free(pc_arena *a);

/* --- errors --- */
/* Fills err (if not NULL) and returns status. file may be NULL. */
pcast_status pc_error_set(pcast_error *err, pcast_status status,
                          const char *file, unsigned long line,
                          unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
pcast_status pc_error_nomem(pcast_error *err);

/* --- UTF-8 --- */
/* Decodes one code point from s (len bytes left, valid UTF-8 assumed);
 * returns its byte length (>= 1). */
size_t pc_utf8_decode(const char *s, size_t len, unsigned *cp);
/* Code points in s[0..n). */
size_t pc_utf8_count(const char *s, size_t n);
/* Appends the UTF-8 encoding of cp. */
bool pc_buf_put_cp(pc_buf *b, unsigned cp);
/* Han, kana, hangul, bopomofo and CJK punctuation / full-width forms. */
bool pc_cp_is_cjk(unsigned cp);

/* --- source --- */
typedef struct pc_source {
    const char *name;        /* for messages */
    const char *text;        /* the whole file, NUL-terminated */
    size_t size;
    const char *front;       /* front matter text (between the --- lines) */
    size_t front_size;
    unsigned long front_line; /* line of the first front-matter line */
    const char *body;        /* Markdown body */
    size_t body_size;
    unsigned long body_line; /* line of the body's first line */
} pc_source;

/* Validates UTF-8 (no NUL bytes) and splits off front matter. text must
 * stay alive as long as src is used. */
pcast_status pc_source_split(pc_source *src, const char *name,
                             const char *text, size_t size, pcast_error *err);

/* --- front matter --- */
typedef struct pc_front {
    char *title, *date, *lang, *description;
    char **tags;
    size_t tag_count;
    pcast_cast_entry *cast;
    size_t cast_count;
    pcast_pauses pauses;
    pcast_music music;
} pc_front;

/* Parses YAML front matter into f (strings in arena). */
pcast_status pc_front_parse(pc_front *f, pc_arena *arena,
                            const pc_source *src, pcast_error *err);
void pc_front_free(pc_front *f);

/* Parses a `cast:` mapping (from front matter or a cast file) at node.
 * The yaml types are opaque here to keep libyaml out of other stages. */
struct yaml_document_s;
struct yaml_node_s;
pcast_status pc_cast_parse_yaml(struct yaml_document_s *doc,
                                struct yaml_node_s *map, pc_arena *arena,
                                const char *file, unsigned long line_offset,
                                pcast_cast_entry **out, size_t *count,
                                pcast_error *err);
/* Loads the YAML document in text[0..n) into *doc (delete it with
 * yaml_document_delete). On a syntax error: status, with file, the line
 * (first_line is the line of text's first line) and column, and "<what>
 * is not valid YAML: <problem>"; *doc is then not to be deleted. */
pcast_status pc_yaml_load(struct yaml_document_s *doc, const char *file, const char *text,
                          size_t n, unsigned long first_line, pcast_status status,
                          const char *what, pcast_error *err);
/* Reads a number of seconds (e.g. "0.4") as milliseconds, or -1. */
int pc_parse_seconds_ms(const char *s);

/* --- script --- */
typedef struct pc_turn_b {
    pcast_turn pub;
    char **paras;
    unsigned long *para_lines;
    size_t cap;
} pc_turn_b;

typedef struct pc_section_b {
    pcast_section pub;
    pcast_turn *turn_views; /* built at the end */
    pc_turn_b *turns;
    size_t cap;
} pc_section_b;

struct pcast_post {
    pc_arena arena;
    char *path;
    pc_front front;
    pcast_cast_entry *file_cast; /* from the --cast file */
    size_t file_cast_count;
    pc_section_b *sections;
    size_t section_count, section_cap;
    pcast_speaker *speakers;
    size_t speaker_count, speaker_cap;
};

/* Builds the script (sections, turns, speakers) from the Markdown body. */
pcast_status pc_script_build(pcast_post *post, const pc_source *src,
                             const pcast_parse_options *opt,
                             pcast_error *err);

#endif

/* --- string -> index map (open addressing; keys are borrowed) --- */
typedef struct pc_strmap {
    const char **keys;
    size_t *vals;
    size_t cap, count;
} pc_strmap;

/* Returns true and sets *val when key is present. */
bool pc_strmap_get(const pc_strmap *m, const char *key, size_t *val);
/* Inserts or replaces; key must outlive the map. false on ENOMEM. */
bool pc_strmap_put(pc_strmap *m, const char *key, size_t val);
void pc_strmap_free(pc_strmap *m);

/* Reads a whole regular file (not a directory) into a malloc'd buffer,
 * NUL-terminated; *size excludes the NUL. */
pcast_status pc_read_file(const char *path, char **out, size_t *size, pcast_error *err);

/* Preset and variant names: letters, digits, - and _ only (so no name
 * can reach a path outside the voices directories). */
bool pc_preset_name_ok(const char *s);

/* --- synth: one child process per clip --- */
#include <stdint.h>
#include <sys/types.h>
/* Starts espeak-ng once in this process; *rate is its sample rate (Hz). */
pcast_status pc_synth_init(unsigned *rate, pcast_error *err);
/* base with the preset's overrides for language ("cmn-latn-pinyin" ->
 * "cmn"). preset may be NULL. */
pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *language);

/* A clip being spoken by a child process. */
typedef struct pc_synth_job {
    pid_t pid;
    int fd;          /* the pipe the samples come through */
    pc_buf pcm;      /* what has arrived */
    bool running;    /* the child has not been reaped */
    bool failed;     /* out of memory while reading */
    bool killed;     /* set by finish: the child died of a signal */
    int status;
} pc_synth_job;

/* Forks a child that speaks text (plain text only) into j's pipe. */
pcast_status pc_synth_start(pc_synth_job *j, const pcast_voice_settings *s, const char *language,
                            const char *text, pcast_error *err);
/* Reads whatever the running jobs have written, waiting up to timeout_ms
 * (-1: until something arrives); reaps the children that are done. */
void pc_synth_pump(pc_synth_job *jobs, size_t n, int timeout_ms);
/* Waits for j, then hands over its samples: *samples is malloc'd mono
 * int16 at the engine's rate with the edges trimmed, NULL when silent. */
pcast_status pc_synth_finish(pc_synth_job *j, int16_t **samples, size_t *frames, pcast_error *err);
/* Kills j's child if it runs and frees what j holds. */
void pc_synth_cancel(pc_synth_job *j);

/* --- cache: clips by content hash --- */
typedef struct pc_cache pc_cache;
/* Creates dir (0700) if needed (NULL: the default). Fails when it cannot
 * be written. max_bytes 0: unbounded. */
pcast_status pc_cache_open(const char *dir, uint64_t max_bytes, pc_cache **out, pcast_error *err);
/* A hit hands over malloc'd samples (NULL for a silent clip); a corrupt
 * entry is removed and reported as a miss. */
bool pc_cache_get(pc_cache *c, const char *key, int16_t **samples, size_t *frames);
/* Stores atomically (temp + rename). */
pcast_status pc_cache_put(pc_cache *c, const char *key, const int16_t *samples, size_t frames,
                          pcast_error *err);
/* Evicts least recently used entries when over the bound. */
void pc_cache_trim(pc_cache *c);
void pc_cache_free(pc_cache *c);
/* The cache key (32 hex digits + NUL) of a clip: its text, voice,
 * language, the engine's version and rate, and postcast's clip format. */
void pc_clip_key(const pcast_voice_settings *s, const char *language, const char *text,
                 char out[33]);

/* A plan for one paragraph of text read by speaker 0 (no sections). */
pcast_status pc_plan_text(const char *text, const char *lang, pcast_plan **out, pcast_error *err);
/* "male" or "female" when name starts with a given name that is clearly
 * one or the other (names.c), else NULL. */
const char *pc_guess_gender(const char *name);
/* A cast of one speaker with voice. */
pcast_status pc_cast_single(const pcast_voice *voice, pcast_cast **out, pcast_error *err);
/* pcast_render for any plan; post may be NULL (no chapters or tags). */
pcast_status pc_render_plan(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                            size_t nspeakers, const pcast_render_config *cfg,
                            pcast_timeline **timeline, pcast_error *err);

/* --- mix: the look-ahead peak limiter (see mix.c) --- */
typedef struct pc_limiter pc_limiter;
/* ceiling in the units of the samples it will get. NULL on ENOMEM. */
pc_limiter *pc_limiter_new(unsigned rate, double ceiling, double lookahead_ms, double release_ms,
                           unsigned channels);
void pc_limiter_free(pc_limiter *l);
/* Writes n frames of channels (1 or 2) samples: in times gain (in NULL:
 * zeros), placed in stereo with the channel gains pan[0] (left) and
 * pan[1] (right), equal-power centre when pan is NULL. */
void pc_place(const int16_t *in, double gain, const double *pan, size_t n, unsigned channels,
              double *out);
/* Feeds n samples, placed as pc_place() does, and writes the frames that
 * come out, rounded (two interleaved samples each in stereo), returning
 * how many: the output runs pc_limiter_latency() behind. The ceiling holds for every channel.
 * A limiter is mono or stereo for its whole life (pc_limiter_new). */
size_t pc_limiter_run(pc_limiter *l, const int16_t *in, double gain, const double *pan, size_t n,
                      int16_t *out);
/* The same for frames already mixed: n frames of the limiter's channels,
 * interleaved, in int16 units (in NULL: n silent frames). */
size_t pc_limiter_frames(pc_limiter *l, const double *in, size_t n, int16_t *out);
size_t pc_limiter_latency(const pc_limiter *l);

/* --- music: intro, outro and a ducked bed (see music.c) --- */
typedef struct pc_music pc_music;
/* Opens and measures cfg's files for an episode of ch channels at rate,
 * levelled against target_lufs; tl_rate is the timeline's rate. *out is
 * NULL when cfg names no file. */
pcast_status pc_music_open(const pcast_music *cfg, unsigned tl_rate, unsigned rate, unsigned ch,
                           double target_lufs, pc_music **out, pcast_error *err);
void pc_music_free(pc_music *m);
/* Timeline frames of intro before the first clip's pause of first_pause
 * frames (0 without an intro). */
uint64_t pc_music_lead(const pc_music *m, uint64_t first_pause);
/* A clip at [start, end) of the timeline, reported in order before its
 * pause is mixed; last: no more will come (the outro is placed, no
 * earlier than now, the timeline frame mixed up to). */
pcast_status pc_music_speech(pc_music *m, uint64_t start, uint64_t end, bool narrator, bool last,
                             uint64_t now, pcast_error *err);
/* No more speech (now: the timeline's end so far; the outro starts there
 * if no clip placed it). Returns the timeline frame the episode must last
 * to for the music to end. */
uint64_t pc_music_finish(pc_music *m, uint64_t now);
/* Adds the music of the next n episode frames to frames (interleaved,
 * int16 units). */
void pc_music_mix(pc_music *m, double *frames, size_t n);
