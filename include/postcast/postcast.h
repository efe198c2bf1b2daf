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
} pcast_turn;

/* A section: a chapter of the episode. Section 0 is the opening, whose
 * title is the episode title; every level 1-2 heading starts another. */
typedef struct pcast_section {
    const char *title;
    unsigned long line;        /* source line of the heading (opening: 1) */
    const pcast_turn *turns;
    size_t turn_count;
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
    unsigned long line;        /* where it was given (for messages) */
    unsigned long column;
} pcast_cast_entry;

/* Pause lengths in milliseconds; -1 means "use the default". */
typedef struct pcast_pauses {
    int run_ms;        /* between language runs of one sentence */
    int sentence_ms;   /* between sentences */
    int paragraph_ms;  /* between paragraphs of one speaker */
    int turn_ms;       /* between speakers */
    int section_before_ms; /* before a section title */
    int section_after_ms;  /* after a section title */
} pcast_pauses;

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
PCAST_API const char *pcast_post_path(const pcast_post *post);
PCAST_API size_t pcast_post_tag_count(const pcast_post *post);
/* categories and tags, in order. */
PCAST_API const char *pcast_post_tag(const pcast_post *post, size_t i);
PCAST_API size_t pcast_post_cast_count(const pcast_post *post);
PCAST_API const pcast_cast_entry *pcast_post_cast(const pcast_post *post,
                                                  size_t i);
/* Pauses from front matter `pauses:` (unset fields are -1). */
PCAST_API pcast_pauses pcast_post_pauses(const pcast_post *post);

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

#ifdef __cplusplus
}
#endif
#endif
