/* engine: the speech engines behind one table of operations.
 *
 * An engine turns plain text in one language into mono int16 PCM at its
 * own rate. A clip carries a language TAG (BCP-47-ish, lowercase: "en",
 * "en-gb", "zh", "yue", "fr", ...); the engine maps it to its own voice.
 * Speaking is asynchronous (start, pump, finish or cancel) so that an
 * engine may run several clips at once in worker processes.
 *
 * Adding an engine: one file defining a `const pc_engine_ops`, and one row
 * in the `engines` table of engine.c. */
#ifndef POSTCAST_ENGINE_H
#define POSTCAST_ENGINE_H

#include "internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* A clip being spoken. Engines own its fields between start and
 * finish/cancel; callers only read `running` and may copy the struct
 * (the pump works on arrays of them). */
typedef struct pc_engine_job {
    pid_t pid;       /* a worker process, or 0 */
    int fd;          /* the pipe the samples come through, or -1 */
    pc_buf pcm;      /* what has arrived (int16 samples, native order) */
    bool running;    /* not finished yet: pump, then finish */
    bool failed;     /* out of memory while reading */
    bool killed;     /* set by finish: the engine died or gave up on this
                      * text (a signal, a watchdog, its own refusal):
                      * worth another try, then in safe pieces */
    bool busy;       /* set by a failed start: no worker could be made
                      * now (EAGAIN, EMFILE, ...): try again with fewer */
    int status;      /* the worker's wait status */
    double last_progress_s; /* monotonic time samples last arrived */
    bool sank;       /* set by finish after start_into: the samples are
                      * in the sink, not in *samples (which is NULL;
                      * *frames counts them) */
    uint64_t sink_bytes; /* the engine's: what went into the sink */
} pc_engine_job;

typedef struct pc_engine_ops {
    const char *name; /* what pcast_render_config.engine selects */
    /* Starts the engine (idempotent); *rate_hz is its sample rate. On
     * failure nothing is started. */
    pcast_status (*open)(unsigned *rate_hz, pcast_error *err);
    /* The engine's version and everything else that shapes its samples
     * besides the clip (static storage); it enters the clip cache key. */
    const char *(*version)(void);
    /* A fixed passage in tag's language that levels measure a voice on
     * (static storage). */
    const char *(*calibration_text)(const char *tag);
    /* Begins speaking text (plain text, already cleaned) with settings s
     * in language tag into j. On failure j holds nothing to cancel, and
     * j->busy tells a passing shortage (of processes, files) from a
     * lasting failure. */
    pcast_status (*start)(pc_engine_job *j, const pcast_voice_settings *s, const char *tag,
                          const char *text, pcast_error *err);
    /* Optional (NULL: the engine hands every clip over in memory): start,
     * with a file (open for reading and writing; the caller keeps and
     * closes it) the engine may write the clip's samples into at
     * sink_offset instead, sparing their copies through memory. finish
     * then tells which it did (j->sank). */
    pcast_status (*start_into)(pc_engine_job *j, const pcast_voice_settings *s, const char *tag,
                               const char *text, int sink_fd, uint64_t sink_offset,
                               pcast_error *err);
    /* Moves the running jobs along, waiting up to timeout_ms (-1: until
     * one of them progresses). A job that has not progressed for the
     * engine's watchdog time is stopped (and then finishes as killed). */
    void (*pump)(pc_engine_job *jobs, size_t n, int timeout_ms);
    /* Waits for j, then hands over its samples: *samples is malloc'd
     * (the caller frees it), NULL when silent; or, with j->sank set, the
     * *frames samples are in start_into's file at its offset and
     * *samples is NULL. j holds nothing after it, whatever the result; on a crash
     * j->killed is set (what the sink holds then is garbage). */
    pcast_status (*finish)(pc_engine_job *j, int16_t **samples, size_t *frames, pcast_error *err);
    /* Stops j if it runs and frees what it holds. */
    void (*cancel)(pc_engine_job *j);
    /* Optional (NULL: the engine cannot tell). The engine's own phonemes
     * for text (cleaned) in tag with settings s, as the engine would say
     * it: malloc'd (the caller frees it), NULL when it cannot tell or is
     * out of memory. Leaves the engine's state as it found it. */
    char *(*phonemes)(const pcast_voice_settings *s, const char *tag, const char *text);
    /* Optional (NULL: the engine keeps one pitch for every language). The
     * pitch setting at which settings s, speaking in tag, have the median
     * pitch home has speaking in home_tag: a speaker keeps one register
     * across the languages of a post. Called after open. */
    int (*register_pitch)(const pcast_voice_settings *home, const char *home_tag,
                          const pcast_voice_settings *s, const char *tag);
} pc_engine_ops;

extern const pc_engine_ops pc_engine_espeak;
extern const pc_engine_ops pc_engine_fake;

/* The engine called name (NULL: "espeak-ng"); NULL when there is none. */
const pc_engine_ops *pc_engine_find(const char *name);
/* "espeak-ng, fake": the names, for messages (static storage). */
const char *pc_engine_names(void);

/* Mandarin's default pace, in syllables a second (natural speech: 4-5). */
#define PC_MANDARIN_SYLLABLES_PER_SECOND 4.5

/* base with preset's overrides for tag's language (a preset's `languages:`
 * keys: "en", "cmn" (= "zh"), "yue", ...). preset may be NULL. For a
 * Mandarin tag syllables_per_second is the override's, else base's, else
 * PC_MANDARIN_SYLLABLES_PER_SECOND (unless the override sets a rate, which
 * then rules), scaled by base's rate against the preset's (a cast entry's
 * `rate:`); for any other tag it is 0. Engines time Mandarin by it when
 * it is set. */
pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *tag);
/* Does preset's `languages:` entry for tag set a pitch of its own? */
bool pc_voice_lang_pitch(const pcast_voice *preset, const char *tag);

/* The one cleaning step between a clip's text and any engine: C0 and C1
 * control characters, DEL, line and paragraph separators and bidi
 * controls become spaces (so no engine obeys embedded commands such as
 * espeak-ng's "\x01" + digits + letter), noncharacters and U+FEFF go,
 * runs of spaces become one and the ends are trimmed. text is valid
 * UTF-8. Appends to out (cleared first); false when out of memory. */
bool pc_speech_clean(const char *text, pc_buf *out);

/* What pc_speech_clean does with code point cp: 0 keeps it, 1 makes it
 * a blank, 2 drops it. */
int pc_speech_clean_class(unsigned cp);
/* s[0..n) (valid UTF-8, n + 1 bytes writable) in place with what
 * pc_speech_clean blanks as one blank each and what it drops gone, no
 * blanks squeezed; NUL-terminated at the length returned. */
size_t pc_speech_blank(char *s, size_t n);
/* Would pc_speech_clean change more than text's blanks? */
bool pc_speech_needs_clean(const char *text);
/* text itself when pc_speech_clean would change no more than its
 * blanks, else its cleaned copy in *tmp (tmp->data; the caller frees
 * tmp either way); NULL when text is NULL or on ENOMEM. */
const char *pc_speech_cleaned(const char *text, pc_buf *tmp);

/* text with every word longer than max_bytes cut into pieces of at most
 * that many bytes (at code point boundaries) by spaces: what an engine
 * that crashes on a long odd word may still speak. Appends to out
 * (cleared first); false when out of memory. */
bool pc_speech_safe_pieces(const char *text, size_t max_bytes, pc_buf *out);

/* The cache key (32 hex digits + NUL) of a clip: its text, settings and
 * tag, the engine's name, version and rate, and postcast's clip format.
 * Hashes every byte of its inputs, whatever their length. */
void pc_clip_key(const pc_engine_ops *e, unsigned rate_hz, const pcast_voice_settings *s,
                 const char *tag, const char *text, char out[33]);

#endif
