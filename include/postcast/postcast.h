/*
 * postcast: Markdown posts and podcast transcripts to chapter-marked
 * podcast episodes.
 *
 * The one public header of libpostcast. Conventions:
 * - Every function that can fail returns a pcast_status; PCAST_OK is 0.
 * - Details of a failure (file, line, column, message) go into the
 *   caller's pcast_error, when one is passed. The library never prints.
 * - Handles are opaque and come in _new/_free (or _load/_free) pairs;
 *   _free(NULL) is a no-op.
 * - Strings are UTF-8 and NUL-terminated. Pointers returned by accessors
 *   are owned by the handle and live as long as it does.
 */
#ifndef POSTCAST_POSTCAST_H
#define POSTCAST_POSTCAST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PCAST_API __attribute__((visibility("default")))
#else
#define PCAST_API
#endif

typedef enum pcast_status {
    PCAST_OK = 0,
    PCAST_ERR_NOMEM,       /* out of memory */
    PCAST_ERR_IO,          /* a file could not be read or written */
    PCAST_ERR_INPUT,       /* the post is malformed (UTF-8, YAML, ...) */
    PCAST_ERR_VOICE,       /* a voice preset or cast file is bad */
    PCAST_ERR_SYNTH,       /* the speech engine failed */
    PCAST_ERR_FORMAT,      /* an audio file could not be understood */
    PCAST_ERR_INTERRUPTED, /* cancelled by the caller (e.g. SIGINT) */
    PCAST_ERR_ARGUMENT     /* a bad argument from the caller */
} pcast_status;

/* A short English description of a status. Never NULL; static storage. */
PCAST_API const char *pcast_strerror(pcast_status status);

/* Where and why something failed. line and column count from 1; 0 means
 * "not known" (e.g. a missing file has no line). column counts Unicode
 * code points, not bytes. */
typedef struct pcast_error {
    pcast_status status;
    char file[1024];
    unsigned long line;
    unsigned long column;
    char message[512];
} pcast_error;

/* "0.1.0" */
PCAST_API const char *pcast_version(void);

/* ------------------------------------------------------------------ */
/* Posts: source + front matter + script                              */
/* ------------------------------------------------------------------ */

typedef struct pcast_post pcast_post;

/* Options that shape how a post is read. Initialise with
 * pcast_parse_options_init() and then set fields. */
typedef struct pcast_parse_options {
    /* Speaker names known from outside the post (a --cast file). A plain
     * `NAME: text` paragraph opens a turn when NAME is listed here. */
    const char *const *known_speakers;
    size_t known_speaker_count;
    /* A cast file (YAML, the shape of front matter `cast:`), or NULL. Its
     * entries pin voices ahead of the post's own `cast:`, and its names
     * count as known speakers. */
    const char *cast_path;
    /* The input format: "markdown", "vtt", "srt", "json" (Podcasting 2.0
     * transcript), "html", "text"; NULL (the default) detects it from the
     * file name's extension, then from the content, else Markdown. An
     * unknown name fails the parse with PCAST_ERR_ARGUMENT. */
    const char *from;
    /* A Podcasting 2.0 chapters file (JSON: {"chapters": [{"startTime",
     * "title"}]}), e.g. the one the original episode published, or NULL.
     * Its chapters become the sections after the opening, each starting
     * at the turn whose source time is nearest its startTime; the input's
     * own headings then give no sections. The input's turns need times. */
    const char *chapters_path;
} pcast_parse_options;

PCAST_API pcast_parse_options pcast_parse_options_init(void);

/* A turn: one speaker's stretch of speech inside a section.
 * paragraphs are plain text, cleaned of Markdown and HTML. */
typedef struct pcast_turn {
    const char *speaker;       /* the speaker's display name */
    size_t speaker_index;      /* index into pcast_post_speaker() */
    const char *const *paragraphs;
    const unsigned long *paragraph_lines; /* source line of each paragraph */
    size_t paragraph_count;
    unsigned long line;        /* source line where the turn starts */
    int labeled;               /* 1: opened by a label; 0: a continuation */
    double source_time_s;      /* the time the source gives for the turn
                                  (a transcript's stamp or cue start), in
                                  seconds; < 0 when it gives none. A hint
                                  only: it is never read aloud */
} pcast_turn;

/* A section: a chapter of the episode. Section 0 is the opening, whose
 * title is the episode title; every level 1-2 heading starts another. */
typedef struct pcast_section {
    const char *title;
    unsigned long line;        /* source line of the heading (opening: 1) */
    const pcast_turn *turns;
    size_t turn_count;
    /* The chapter's image as the post names it (the section's first
     * Markdown image ![alt](path), or a chapters file's "img"): a path
     * beside the post or a URL; NULL: none. image_line and image_column
     * (1-based code points) say where (0: not known, as for a chapters
     * file). Read and checked when the episode is rendered. */
    const char *image;
    unsigned long image_line, image_column;
    /* The chapter's web page: the section's first link with an absolute
     * http(s) URL, or a chapters file's "url"; NULL: none. */
    const char *url;
} pcast_section;

typedef struct pcast_speaker {
    const char *name;
    int narrator;              /* 1 for the narrator */
    size_t turns;              /* labeled turns; the narrator's opening is 1 */
} pcast_speaker;

/* A `cast:` entry: a speaker pinned to a preset and/or voice settings.
 * Unset strings are NULL, unset numbers are -1. */
typedef struct pcast_cast_entry {
    const char *speaker;
    const char *preset;        /* a preset name, or NULL */
    const char *variant;       /* espeak-ng variant, e.g. "m3", or NULL */
    const char *gender;        /* "male"/"female", or NULL */
    int pitch;                 /* 0-100 */
    int range;                 /* 0-100 */
    int rate;                  /* words per minute, 80-450 */
    const char *name;          /* the name to show and cast instead of
                                  speaker (renames a transcript's
                                  "Speaker 1"), or NULL */
    const char *file;          /* where it was given (for messages) */
    unsigned long line;        /* of the speaker's name */
    unsigned long column;
    unsigned long preset_line; /* of the preset's name (0 without one) */
    unsigned long preset_column;
} pcast_cast_entry;

/* Pause lengths in milliseconds; -1 means "use the default". */
typedef struct pcast_pauses {
    int run_ms;        /* between language runs of one sentence */
    int sentence_ms;   /* between sentences */
    int paragraph_ms;  /* between paragraphs of one speaker */
    int turn_ms;       /* between speakers */
    int section_before_ms; /* before a section title */
    int section_after_ms;  /* after a section title */
    int breath_ms;     /* where a long phrase without punctuation is cut */
    int comma_ms;      /* punctuation where the language switches */
} pcast_pauses;

/* Where a setting was given, for messages (file NULL: not from a file). */
typedef struct pcast_music_origin {
    const char *file;
    unsigned long line, column;
} pcast_music_origin;

/* Music under and around the speech, from any files libsndfile reads,
 * each levelled by its measured loudness against the speech's target. */
typedef struct pcast_music {
    /* Paths, NULL for none. The intro opens the episode, the first words
     * coming overlap_s before it ends; the outro starts overlap_s before
     * the last words end; the bed loops under the narrator (under every
     * voice with bed_under_all), fading in and out around them. */
    const char *intro, *outro, *bed;
    pcast_music_origin origin[3]; /* of intro, outro, bed */
    int bed_under_all;
    double volume_db;     /* intro and outro against the speech (0) */
    double bed_volume_db; /* the bed against the speech (-12) */
    double duck_db;       /* how far all music dips under speech (10) */
    double fade_s;        /* fades at the music's edges (1.5) */
    double overlap_s;     /* speech over the intro and outro (1) */
} pcast_music;

/* No files, and the defaults above. */
PCAST_API pcast_music pcast_music_default(void);

/* Reads and parses the post at path. On success *out owns a new post
 * (free with pcast_post_free). On failure *out is NULL and err, if not
 * NULL, says where and why. options may be NULL for the defaults. */
PCAST_API pcast_status pcast_post_load(const char *path,
                                       const pcast_parse_options *options,
                                       pcast_post **out, pcast_error *err);

/* Parses a post held in memory; name is used in error messages. data
 * need not be NUL-terminated. Same contract as pcast_post_load. */
PCAST_API pcast_status pcast_post_parse(const char *name, const char *data,
                                        size_t size,
                                        const pcast_parse_options *options,
                                        pcast_post **out, pcast_error *err);

PCAST_API void pcast_post_free(pcast_post *post);

/* Front matter. Missing strings are NULL (the title never is: it falls
 * back to the first heading, then the file name). */
PCAST_API const char *pcast_post_title(const pcast_post *post);
PCAST_API const char *pcast_post_date(const pcast_post *post);
PCAST_API const char *pcast_post_lang(const pcast_post *post);
PCAST_API const char *pcast_post_description(const pcast_post *post);
/* A podcast key of the front matter as written, NULL when absent: "image"
 * (the cover), "author", "show" (podcast: or show:), "episode", "season",
 * "episode_type", "explicit", "copyright", "url". Owned by the post. */
PCAST_API const char *pcast_post_meta(const pcast_post *post, const char *key);
PCAST_API const char *pcast_post_path(const pcast_post *post);
/* The reader that read the body: "markdown", "vtt", "srt", "json",
 * "html" or "text" (static storage). */
PCAST_API const char *pcast_post_reader(const pcast_post *post);
PCAST_API size_t pcast_post_tag_count(const pcast_post *post);
/* categories and tags, in order. */
PCAST_API const char *pcast_post_tag(const pcast_post *post, size_t i);
PCAST_API size_t pcast_post_cast_count(const pcast_post *post);
PCAST_API const pcast_cast_entry *pcast_post_cast(const pcast_post *post,
                                                  size_t i);
/* Entries of the --cast file given in the parse options (same shape). */
PCAST_API size_t pcast_post_file_cast_count(const pcast_post *post);
PCAST_API const pcast_cast_entry *pcast_post_file_cast(const pcast_post *post,
                                                       size_t i);
/* Pauses from front matter `pauses:` (unset fields are -1). */
PCAST_API pcast_pauses pcast_post_pauses(const pcast_post *post);
/* Music from front matter `music:`, paths relative to the post's
 * directory; pcast_music_default() when there is none. */
PCAST_API pcast_music pcast_post_music(const pcast_post *post);

/* The script. Indices out of range return NULL. */
PCAST_API size_t pcast_post_section_count(const pcast_post *post);
PCAST_API const pcast_section *pcast_post_section(const pcast_post *post,
                                                  size_t i);
/* Speakers in order of first appearance; the narrator is always index 0. */
PCAST_API size_t pcast_post_speaker_count(const pcast_post *post);
PCAST_API const pcast_speaker *pcast_post_speaker(const pcast_post *post,
                                                  size_t i);

/* The script as JSON (see README for the shape). flags: 0 compact,
 * PCAST_JSON_PRETTY indented. Returns a malloc'd string the caller must
 * free(), or NULL when out of memory. */
#define PCAST_JSON_PRETTY 1
PCAST_API char *pcast_post_to_json(const pcast_post *post, int flags);

/* ------------------------------------------------------------------ */
/* Voices: presets in voices/NAME.yaml                                 */
/* ------------------------------------------------------------------ */

/* Voice settings. pitch and range are espeak-ng's 0-100 scales; rate is
 * words per minute. Mandarin is timed in syllables instead (espeak-ng
 * counts each syllable as a word, so words a minute read it far too
 * slowly): syllables_per_second, 0 for unset (Mandarin clips then get
 * 4.5, unless the preset's `languages: cmn:` sets a rate of its own). */
typedef struct pcast_voice_settings {
    const char *variant;       /* espeak-ng variant ("m3", "f2", ...) */
    int pitch;
    int range;
    int rate;
    double pan;                /* -1 (left) .. 1 (right); used in stereo */
    double syllables_per_second; /* Mandarin only; 0: unset */
} pcast_voice_settings;

/* Per-language overrides of a preset; unset numbers are -1, unset
 * variant NULL. lang is a primary language subtag ("en", "cmn" (which
 * also matches clips tagged "zh"), "yue", "fr"): the overrides apply to
 * clips whose language tag has that primary subtag. */
typedef struct pcast_voice_lang {
    const char *lang;
    pcast_voice_settings settings;
} pcast_voice_lang;

typedef struct pcast_voice {
    const char *name;          /* the file's name without .yaml */
    const char *description;
    const char *gender;        /* "male" or "female" */
    const char *file;          /* where it was read from */
    pcast_voice_settings settings;
    const pcast_voice_lang *languages;
    size_t language_count;
} pcast_voice;

typedef struct pcast_voices pcast_voices;

/* The directory holding the built-in presets (installed, or the source
 * tree's voices/ when running from a build). $POSTCAST_VOICES_DIR wins. */
PCAST_API const char *pcast_voices_builtin_dir(void);

/* Loads the built-in presets, then each of extra_dirs in order; a preset
 * of the same name in a later directory replaces an earlier one. A bad
 * preset file fails the load with its file, line and key in err.
 * On success *out owns the set (free with pcast_voices_free). */
PCAST_API pcast_status pcast_voices_load(const char *const *extra_dirs,
                                         size_t extra_dir_count,
                                         pcast_voices **out, pcast_error *err);
PCAST_API void pcast_voices_free(pcast_voices *voices);
/* Presets sorted by name. */
PCAST_API size_t pcast_voices_count(const pcast_voices *voices);
PCAST_API const pcast_voice *pcast_voices_get(const pcast_voices *voices,
                                              size_t i);
/* NULL when there is no preset of that name. */
PCAST_API const pcast_voice *pcast_voices_find(const pcast_voices *voices,
                                               const char *name);

/* ------------------------------------------------------------------ */
/* Cast: a voice for every speaker                                    */
/* ------------------------------------------------------------------ */

typedef enum pcast_cast_source {
    PCAST_CAST_FILE,        /* the --cast file */
    PCAST_CAST_FRONT_MATTER,/* the post's `cast:` */
    PCAST_CAST_AUTOMATIC    /* the palette, in order of first appearance */
} pcast_cast_source;

typedef struct pcast_casting {
    const char *speaker;
    const char *preset;          /* the preset the voice starts from */
    pcast_cast_source source;
    const pcast_voice *voice;    /* that preset */
    pcast_voice_settings settings; /* the preset with the cast's overrides */
} pcast_casting;

typedef struct pcast_cast pcast_cast;

/* Gives every speaker of post a voice: the --cast file first, then front
 * matter, then automatic assignment (the narrator gets "narrator"; others
 * take unused palette presets in order of first appearance, sharing only
 * when all are used). Deterministic. A cast naming an unknown preset fails
 * with the entry's line. *out owns the result (pcast_cast_free). */
PCAST_API pcast_status pcast_cast_new(const pcast_post *post,
                                      const pcast_voices *voices,
                                      pcast_cast **out, pcast_error *err);
PCAST_API void pcast_cast_free(pcast_cast *cast);
/* One casting per speaker, indexed like pcast_post_speaker(). */
PCAST_API const pcast_casting *pcast_cast_get(const pcast_cast *cast,
                                              size_t speaker_index);
PCAST_API const char *pcast_cast_source_name(pcast_cast_source source);

/* ------------------------------------------------------------------ */
/* Plan: the clips to synthesize and the pauses between them           */
/* ------------------------------------------------------------------ */

typedef enum pcast_boundary {
    PCAST_BOUNDARY_NONE,       /* the first clip */
    PCAST_BOUNDARY_RUN,        /* language switch inside a sentence */
    PCAST_BOUNDARY_BREATH,     /* a long phrase cut at a word boundary */
    PCAST_BOUNDARY_COMMA,      /* a language switch at a comma, colon, dash */
    PCAST_BOUNDARY_SENTENCE,
    PCAST_BOUNDARY_PARAGRAPH,
    PCAST_BOUNDARY_TURN,
    PCAST_BOUNDARY_SECTION,    /* before a section's title */
    PCAST_BOUNDARY_TITLE       /* after a section's title */
} pcast_boundary;

typedef struct pcast_clip {
    const char *text;          /* plain text, never markup */
    /* The clip's language as a lowercase BCP-47-style tag: "en",
     * "en-gb", "zh" (Mandarin), "yue" (Cantonese), or the post's own
     * lang for other languages ("fr", "de-at"). The engine maps it to
     * one of its voices; it is never an engine's voice name. */
    const char *language;
    size_t speaker_index;
    size_t section_index;
    size_t turn_index;         /* within the section; SIZE_MAX for a title */
    pcast_boundary before;     /* what separates it from the clip before */
    int pause_before_ms;       /* the silence that boundary gets */
    int is_title;              /* a section title read by the narrator */
    int space_before;          /* white space stood before it in the text */
    unsigned long line;        /* source line of its paragraph or title (0: none) */
} pcast_clip;

typedef struct pcast_plan pcast_plan;

/* Default pause lengths (ms): run 0, sentence 350, paragraph 700, turn 900,
 * section before 1500, section after 700. */
PCAST_API pcast_pauses pcast_pauses_default(void);

/* Splits the post into clips: sentences, then language runs (Han text to
 * Mandarin, Latin words to English, per the post's lang). pauses: the
 * caller's overrides (fields -1 fall back to front matter, then the
 * defaults); may be NULL. *out owns the plan (pcast_plan_free). */
PCAST_API pcast_status pcast_plan_new(const pcast_post *post,
                                      const pcast_pauses *pauses,
                                      pcast_plan **out, pcast_error *err);
/* As pcast_plan_new, with a pronunciation lexicon file (YAML or PLS; the
 * post's own `pronounce:` over it; NULL: none), as pcast_render_config's
 * lexicon: its words are words where a long phrase is cut for breath and
 * a caption line is broken. A bad lexicon file fails with FILE:LINE:COL. */
PCAST_API pcast_status pcast_plan_new_lexicon(const pcast_post *post,
                                              const pcast_pauses *pauses,
                                              const char *lexicon,
                                              pcast_plan **out, pcast_error *err);
PCAST_API void pcast_plan_free(pcast_plan *plan);
PCAST_API size_t pcast_plan_clip_count(const pcast_plan *plan);
PCAST_API const pcast_clip *pcast_plan_clip(const pcast_plan *plan, size_t i);
/* The pauses in force (overrides, front matter and defaults merged). */
PCAST_API pcast_pauses pcast_plan_pauses(const pcast_plan *plan);
/* "none", "run", "breath", "comma", "sentence", "paragraph", "turn",
 * "section", "title" (static storage). */
PCAST_API const char *pcast_boundary_name(pcast_boundary b);

/* What the engine is handed for each clip of a plan, the way a render
 * hands it: the clip's text cleaned, then read by the reading front end
 * (words, numbers, lexicon) with the post's lang. */
typedef struct pcast_speech pcast_speech;
/* post and plan are borrowed and must outlive *out; lexicon is a
 * --lexicon file (as pcast_render_config.lexicon; NULL: none). A bad
 * lexicon fails with PCAST_ERR_INPUT; nothing is allocated then. */
PCAST_API pcast_status pcast_speech_new(const pcast_post *post, const pcast_plan *plan,
                                        const char *lexicon, pcast_speech **out,
                                        pcast_error *err);
PCAST_API void pcast_speech_free(pcast_speech *speech);
/* The text the engine is handed for clip i: *text is malloc'd (the
 * caller frees it). On failure (no clip i, no word table, out of memory)
 * *text is NULL. */
PCAST_API pcast_status pcast_speech_clip_text(pcast_speech *speech, size_t i, char **text,
                                              pcast_error *err);
/* The phonemes engine (NULL: espeak-ng) would say for clip i's text
 * (pcast_speech_clip_text) in the voice cast gives its speaker, in the
 * engine's own notation (espeak-ng: as `espeak-ng -x`). *phonemes is
 * malloc'd (the caller frees it), or NULL when the engine cannot tell
 * (the fake engine) or failed. Fails on an unknown engine or clip, or as
 * pcast_speech_clip_text (nothing allocated). */
PCAST_API pcast_status pcast_speech_clip_phonemes(pcast_speech *speech, const pcast_cast *cast,
                                                  size_t i, const char *engine,
                                                  char **phonemes, pcast_error *err);

/* ------------------------------------------------------------------ */
/* Render                                                              */
/* ------------------------------------------------------------------ */

typedef struct pcast_progress {
    size_t clips_done, clip_count;
    size_t sections_done, section_count;
    size_t turns_done, turn_count;
    double elapsed_seconds;
    double audio_seconds;      /* rendered so far */
    int writing;               /* 1 once the episode is being written */
} pcast_progress;

/* Something the render worked around, for the caller to show: e.g. a
 * clip the speech engine could not speak, skipped. Strings live only
 * during the callback. */
typedef struct pcast_warning {
    const char *file;          /* the post, or NULL */
    unsigned long line;        /* source line (0: not known) */
    const char *message;       /* one line, no trailing newline */
    unsigned long column;      /* 1-based code points (0: not known) */
} pcast_warning;

typedef struct pcast_render_config {
    /* .wav or .flac; "-" streams WAV to standard output as it is spoken */
    const char *output_path;
    /* "wav" or "flac"; NULL: from the extension, and WAV for a pipe or
     * device without one. */
    const char *format;
    pcast_pauses pauses;       /* overrides; -1 fields are unset */
    /* Called now and then from the rendering thread; may be NULL. */
    void (*progress)(void *user, const pcast_progress *progress);
    void *user;
    /* Only clips first_clip .. first_clip + clip_count - 1 of the plan
     * (clip_count 0: to the end), without chapters and without the pause
     * before the first: a preview. Its samples equal that span of the
     * whole episode. */
    size_t first_clip, clip_count;
    /* Play through libao instead of writing a file (output_path is then
     * ignored): "" for the default device, or a driver name ("null",
     * "pulse", "alsa"). */
    const char *device;
    /* Integrated loudness target in LUFS; 0: -19 (spoken word, mono) or
     * -16 in stereo. E.g. -23 for EBU R128. */
    double loudness_lufs;
    /* Two channels, each voice at its preset's pan (the narrator
     * centred), equal-power. */
    int stereo;
    /* The file's sample rate (e.g. 44100, 48000), resampled with libsoxr;
     * 0: espeak-ng's own (22050). The timeline stays in espeak-ng's rate;
     * chapter offsets in the file are converted (rounded). */
    unsigned rate;
    /* Clips synthesized at once (worker processes); 0: one per online
     * CPU. The output is the same whatever the number. */
    unsigned jobs;
    /* The clip cache: cache_dir NULL means $XDG_CACHE_HOME/postcast (or
     * ~/.cache/postcast); no_cache bypasses it; cache_max_bytes bounds it
     * (0: the default, 2 GiB), least recently used clips going first. */
    const char *cache_dir;
    int no_cache;
    uint64_t cache_max_bytes;
    /* Intro, outro and bed (see pcast_music). Whole episodes only: a
     * span (first_clip/clip_count) is spoken without music. */
    pcast_music music;
    /* When it becomes non-zero the render stops with
     * PCAST_ERR_INTERRUPTED (set it from a signal handler). */
    volatile const int *cancel;
    /* The speech engine by name: NULL or "espeak-ng" (the default), or
     * "fake" (a deterministic tone per syllable, no espeak-ng, at
     * 22050 Hz, failing on words over 100 bytes as espeak-ng 1.51 does
     * on some: for tests). An unknown name fails the render with
     * PCAST_ERR_ARGUMENT. */
    const char *engine;
    /* Called (with user) for each warning; may be NULL. The render goes
     * on: a clip the engine cannot speak, even in pieces, is skipped with
     * a warning naming its FILE:LINE instead of failing the episode. */
    void (*warning)(void *user, const pcast_warning *warning);
    /* Music files named in a post's front matter must lie in the post's
     * folder (no absolute paths, no "..", no symbolic link leading out);
     * non-zero lifts that (the CLI's --allow-music-outside). Files given
     * by the caller (origin.file NULL) are never restricted. */
    int allow_music_outside;
    /* Chapter images a post names (pcast_section.image) must lie in the
     * post's folder, or for a site path (/assets/x.png) in the folder
     * above it, also through symbolic links; non-zero lifts that (the
     * CLI's --allow-images-outside). Sidecars never copy an image from
     * outside those folders next to the episode. */
    int allow_images_outside;
    /* A pronunciation lexicon (--lexicon FILE): YAML (per language, word
     * → respelling, pinyin or [[phonemes]]) or a W3C PLS document; NULL
     * for none. A bad file fails the render with PCAST_ERR_INPUT. */
    const char *lexicon;
    /* The episode's metadata over the front matter's: "key=value"
     * strings with the keys of pcast_post_meta ("show=Night Shift",
     * "episode=7", "explicit=no"), meta_count of them. */
    const char *const *meta;
    size_t meta_count;
    /* The cover image (JPEG or PNG) over the front matter's image:;
     * NULL: that one. A file that is not a whole image fails the render;
     * one that breaks Apple's rule (square, RGB, 1400-3000 px) gives a
     * warning saying what is wrong. */
    const char *artwork;
    /* kbit/s for the lossy containers that take one (M4A); 0: theirs */
    unsigned bitrate_kbps;
    /* The MP3's ID3v2 version: 3 (0 means 3; read by every player) or 4
     * (UTF-8 text, TDRC); any other value fails an MP3 render. */
    unsigned id3_version;
} pcast_render_config;

PCAST_API pcast_render_config pcast_render_config_init(void);

/* Where each clip and pause landed, in sample frames. */
typedef struct pcast_timeline_entry {
    uint64_t start_frames;
    uint64_t clip_frames;      /* the clip's samples */
    uint64_t pause_frames;     /* the silence before the clip */
    size_t clip_index;         /* into the plan */
} pcast_timeline_entry;

typedef struct pcast_timeline pcast_timeline;

PCAST_API void pcast_timeline_free(pcast_timeline *timeline);
PCAST_API unsigned pcast_timeline_sample_rate(const pcast_timeline *t);
PCAST_API uint64_t pcast_timeline_total_frames(const pcast_timeline *t);
PCAST_API size_t pcast_timeline_count(const pcast_timeline *t);
PCAST_API const pcast_timeline_entry *pcast_timeline_get(const pcast_timeline *t,
                                                         size_t i);
/* First frame of section i's title (its chapter start). */
PCAST_API uint64_t pcast_timeline_chapter_frames(const pcast_timeline *t,
                                                 size_t section);

/* Synthesizes the plan with the cast's voices and writes the episode to
 * cfg->output_path (format from its extension), with chapters at every
 * section and tags from the front matter. The file is written under a
 * temporary name beside the target and renamed when complete; a target
 * that exists and is not a regular file (a pipe, /dev/stdout) is written
 * in place. On failure nothing is left at the output path (an existing
 * file there is untouched). timeline may be NULL; on success *timeline
 * owns the episode's timeline. */
PCAST_API pcast_status pcast_render(const pcast_post *post,
                                    const pcast_cast *cast,
                                    const pcast_plan *plan,
                                    const pcast_render_config *cfg,
                                    pcast_timeline **timeline,
                                    pcast_error *err);

/* The default cache directory (static storage). */
PCAST_API const char *pcast_cache_default_dir(void);
/* Counts the cache's entries and bytes (dir NULL: the default). */
PCAST_API pcast_status pcast_cache_stats(const char *dir, size_t *entries,
                                         uint64_t *bytes, pcast_error *err);
/* Removes every entry. */
PCAST_API pcast_status pcast_cache_clear(const char *dir, pcast_error *err);

/* The clips of section (and of its turn-th turn, unless turn is
 * SIZE_MAX): *first and *count for pcast_render_config. A section title
 * belongs to its section. Returns PCAST_ERR_ARGUMENT when out of range. */
PCAST_API pcast_status pcast_plan_span(const pcast_plan *plan, size_t section,
                                       size_t turn, size_t *first,
                                       size_t *count);

/* Speaks text with one preset (lang as in front matter, NULL: from the
 * text) into a WAV or FLAC file. */
PCAST_API pcast_status pcast_say(const pcast_voice *voice, const char *text,
                                 const char *lang, const char *output_path,
                                 pcast_error *err);
/* pcast_say with a render configuration: cfg->output_path is the file,
 * and its warning callback hears what the render's would (a lang that
 * names no language), its cancel flag stops it. */
PCAST_API pcast_status pcast_say_with(const pcast_voice *voice, const char *text,
                                      const char *lang, const pcast_render_config *cfg,
                                      pcast_error *err);

/* Writes the sidecar files beside episode_path (EPISODE.ext):
 * EPISODE.chapters.json (Podcasting 2.0 chapters, version 1.2.0, with
 * startTime, endTime, title), EPISODE.transcript.json (Podcasting 2.0
 * JSON transcript: segments with speaker, startTime, endTime, body),
 * EPISODE.vtt (WebVTT, a cue per sentence or 65-character piece, with
 * <v Speaker> spans), EPISODE.srt and EPISODE.cue (TRACK/TITLE/PERFORMER/
 * INDEX 01 mm:ss:ff). All times come from the timeline of the render of
 * post and plan. Each file is written whole (temporary name, rename).
 * Fails, writing nothing, where pcast_sidecars_check does (with the post's
 * path as the one input). */
PCAST_API pcast_status pcast_sidecars_write(const pcast_post *post,
                                            const pcast_plan *plan,
                                            const pcast_timeline *timeline,
                                            const char *episode_path,
                                            pcast_error *err);
/* May the sidecars of episode_path be written? Not for standard output
 * ("-") or a device, not when one would be a file the render reads
 * (inputs: NULL-terminated paths, e.g. the post and its chapters file;
 * may be NULL), and not over a .vtt that postcast did not write (the
 * captions it writes open with a NOTE saying so) or the .srt beside one,
 * and not when the episode's file name has what a cue sheet's FILE line
 * cannot carry (a '"', a '\\', a control). Ask before rendering:
 * PCAST_ERR_ARGUMENT naming the file. */
PCAST_API pcast_status pcast_sidecars_check(const char *episode_path,
                                            const char *const *inputs,
                                            pcast_error *err);

/* ------------------------------------------------------------------ */
/* Reading chapters back                                               */
/* ------------------------------------------------------------------ */

typedef struct pcast_chapter {
    uint64_t start_frames;
    double start_seconds;
    const char *title;
    const char *url;           /* the chapter's URL (ID3 WXXX), or NULL */
    size_t image_bytes;        /* its embedded image's size (APIC); 0: none */
    const char *image_mime;    /* that image's MIME type, or NULL */
} pcast_chapter;

typedef struct pcast_tag {
    const char *key;           /* TITLE, ARTIST, DATE, ... */
    const char *value;
} pcast_tag;

typedef struct pcast_media pcast_media;

/* Reads the chapters and tags of a WAV (cue + LIST/adtl labl, LIST/INFO)
 * or FLAC (CHAPTERnnn comments, else CUESHEET) file. */
PCAST_API pcast_status pcast_media_open(const char *path, pcast_media **out,
                                        pcast_error *err);
PCAST_API void pcast_media_free(pcast_media *media);
PCAST_API unsigned pcast_media_sample_rate(const pcast_media *m);
PCAST_API unsigned pcast_media_channels(const pcast_media *m);
PCAST_API uint64_t pcast_media_frames(const pcast_media *m);
PCAST_API const char *pcast_media_format(const pcast_media *m); /* "WAV" */
PCAST_API size_t pcast_media_chapter_count(const pcast_media *m);
PCAST_API const pcast_chapter *pcast_media_chapter(const pcast_media *m,
                                                   size_t i);
PCAST_API size_t pcast_media_tag_count(const pcast_media *m);

/* Loudness of an audio file (anything libsndfile reads), by libebur128. */
typedef struct pcast_loudness {
    double integrated_lufs;   /* -HUGE_VAL for silence */
    double range_lu;          /* loudness range */
    double true_peak_dbtp;    /* the highest channel */
    double sample_peak_dbfs;
} pcast_loudness;

PCAST_API pcast_status pcast_measure_loudness(const char *path,
                                              pcast_loudness *out,
                                              pcast_error *err);
PCAST_API const pcast_tag *pcast_media_tag(const pcast_media *m, size_t i);

/* ------------------------------------------------------------------ */
/* Site: a folder of posts becomes a podcast (feed, pages, episodes)    */
/* ------------------------------------------------------------------ */

/* Writes the name-based UUID (version 5, SHA-1) of name_len bytes of name
 * in namespace ns into out as 36 lowercase characters and a NUL.
 * PCAST_ERR_ARGUMENT when a pointer is NULL; out is then untouched. */
PCAST_API pcast_status pcast_uuid_v5(const uint8_t ns[16], const char *name,
                                     size_t name_len, char out[37]);

/* The Podcasting 2.0 podcast:guid of a feed: the UUIDv5 of its URL
 * without the scheme and trailing slashes, in namespace
 * ead4c236-bf58-58c6-a2c6-a6b28d128cb6. Same failure contract. */
PCAST_API pcast_status pcast_podcast_guid(const char *feed_url, char out[37]);

/* Logged as the site is built: slug names the post (NULL for the site),
 * what is a short line ("render", "fresh", "skip: draft", "removed"). */
typedef void (*pcast_site_log_fn)(void *user, const char *slug, const char *what);

typedef struct pcast_site_config {
    /* A Jekyll site (_posts/, _config.yml), a Hugo site (content/,
     * hugo.toml or config.toml) or any folder of .md files. */
    const char *source_dir;
    const char *output_dir;
    /* The episode's formats, comma-separated, the first one the feed's
     * enclosure and the others podcast:alternateEnclosure: NULL means
     * "mp3,opus". Each of wav, flac, mp3, opus. */
    const char *formats;
    /* The site's public URL (the feed is base_url/feed.xml); NULL: the
     * site's config (url + baseurl, or baseURL), else "http://localhost". */
    const char *base_url;
    const char *cast_path;              /* a --cast file for every post, or NULL */
    const char *const *voice_dirs;      /* more presets (pcast_voices_load) */
    size_t voice_dir_count;
    /* Pauses, loudness, stereo, rate, jobs and cache settings for every
     * episode; output_path, format, span and device are ignored. */
    pcast_render_config render;
    int force;                          /* re-render even what is fresh */
    pcast_site_log_fn log;              /* may be NULL */
    void *user;
} pcast_site_config;

/* No source or output, formats "mp3,opus", render from
 * pcast_render_config_init(). */
PCAST_API pcast_site_config pcast_site_config_init(void);

typedef enum pcast_site_state {
    PCAST_SITE_FRESH,    /* rendered, and nothing it depends on changed */
    PCAST_SITE_STALE,    /* needs a render (new, changed, or files missing) */
    PCAST_SITE_SKIPPED   /* not an episode: a draft, or podcast: false */
} pcast_site_state;

typedef struct pcast_site_post {
    const char *slug;        /* the episode's name: its directory and files */
    const char *path;        /* the post file, as found under source_dir */
    pcast_site_state state;
    const char *skip_reason; /* "draft", "unpublished", "podcast: false" */
    /* SHA-256 (hex) of all it depends on: post bytes, cast file,
     * lexicon, voice presets and settings, music files, engine and
     * library version, formats and render options. */
    const char *hash;
} pcast_site_post;

typedef struct pcast_site pcast_site;

/* Reads the site's config and every post under cfg->source_dir, and the
 * previous build's manifest in cfg->output_dir, and decides which posts
 * are stale. Writes nothing. cfg's strings must outlive the site. A post
 * that does not parse fails the open with its FILE:LINE:COL in err; on
 * failure *out is NULL. */
PCAST_API pcast_status pcast_site_open(const pcast_site_config *cfg,
                                       pcast_site **out, pcast_error *err);
PCAST_API void pcast_site_free(pcast_site *site);
/* Posts sorted by path; skipped ones included. */
PCAST_API size_t pcast_site_post_count(const pcast_site *site);
PCAST_API const pcast_site_post *pcast_site_post_get(const pcast_site *site,
                                                     size_t i);
/* The index of the post whose path (as given, or relative to the
 * source) is path; SIZE_MAX when there is none. */
PCAST_API size_t pcast_site_find(const pcast_site *site, const char *path);

/* Renders post i into OUT/episodes/SLUG/: SLUG.FORMAT for every format,
 * the sidecars (pcast_sidecars_write) and episode.json (what the feed
 * and pages need, with the hash). Each file is written whole; on failure
 * the episode's previous files stay as they were, except for a format
 * already replaced. The post becomes FRESH on success. */
PCAST_API pcast_status pcast_site_render(pcast_site *site, size_t i,
                                         pcast_error *err);

/* Writes the site from what is rendered: removes the episodes of posts
 * that are gone (or now drafts), then OUT/feed.xml, OUT/index.html, a
 * page per episode and OUT/manifest.json, each written whole. A post
 * still STALE is left out of the feed (and logged). */
PCAST_API pcast_status pcast_site_assemble(pcast_site *site, pcast_error *err);

/* Statistics of the last open/render/assemble. */
typedef struct pcast_site_stats {
    size_t episodes;    /* posts that are episodes (not skipped) */
    size_t rendered;    /* episodes rendered by this handle */
    size_t in_feed;     /* items written to the feed */
    size_t removed;     /* episodes removed */
} pcast_site_stats;
PCAST_API pcast_site_stats pcast_site_get_stats(const pcast_site *site);

/* A failure pcast_feed_check found: item is the item's title (or guid),
 * or "channel"; rule names the rule ("enclosure-length", "unique-guid",
 * ...); detail says what was found. Strings live for the call only. */
typedef struct pcast_feed_problem {
    const char *item;
    const char *rule;
    const char *detail;
} pcast_feed_problem;

typedef void (*pcast_feed_problem_fn)(void *user, const pcast_feed_problem *p);

/* Checks the RSS feed at path as Apple and Podcast Index would, as far
 * as local files show: well-formed XML; the channel's and items' required
 * tags; unique enclosure URLs and guids; each enclosure's length equal to
 * its file's size; the artwork square, PNG or JPEG, RGB, 1400-3000 px;
 * itunes:duration within 1 s of the audio. URLs under the feed's own
 * directory URL (atom:link rel=self, else channel link) name files beside
 * path. Calls report for each failure and sets *problems to their count.
 * Returns PCAST_OK when the check ran (whatever it found); PCAST_ERR_IO
 * when path cannot be read. */
PCAST_API pcast_status pcast_feed_check(const char *path,
                                        pcast_feed_problem_fn report,
                                        void *user, size_t *problems,
                                        pcast_error *err);

#ifdef __cplusplus
}
#endif
#endif
