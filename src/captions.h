/* captions: what the caption and transcript readers (WebVTT, SRT,
 * Podcasting 2.0 JSON) share: cue times, cue text free of markup, and a
 * sink that turns timed, voiced pieces of text into the paragraphs and
 * labels of doc.h. Private; not installed. */
#ifndef POSTCAST_CAPTIONS_H
#define POSTCAST_CAPTIONS_H

#include "doc.h"
#include "source.h"

/* A cue time at s: "00:01:02.500", "01:02.500" (WebVTT) or
 * "00:01:02,500" (SRT); hours may have one digit or more. Returns its length
 * (0: not a cue time) and sets *time_s. */
size_t pc_cue_time(const char *s, double *time_s);

/* A timing line "START --> END[ settings]" in line[0..n): false with
 * *bad (the byte offset of the trouble) and *why when it is not one, or
 * when the cue ends before it starts. */
bool pc_cue_timing(const char *line, size_t n, double *start_s, double *end_s, size_t *bad,
                   const char **why);

/* Paragraphs from timed pieces of text: a piece opens a new paragraph
 * when its voice changes, when it starts with a label (`Name:`, `>>`),
 * after a silence of 2 s or more, and at a caption's dialogue line
 * ("- text": the dash is not read; one that names no one is said by
 * the other of two unnamed speakers, "Speaker N" apart from the
 * names given, as subtitles mark a change of speaker); a voice is given as a label only
 * where it changes, and a `Name:` naming who speaks already is dropped
 * (the words go on in the same paragraph). A "[NAME] text" piece (SDH
 * captions) offers NAME to the turn builder (pc_doc_line_candidate),
 * once while it goes on. Sound notes go (pc_text_drop_notes). Start from
 * {.doc = doc}. */
typedef struct pc_cues {
    pc_doc *doc;
    const char *voice;       /* who speaks: the last voice or label given (arena), or NULL */
    const char *candidate;   /* the last "[NAME]" opening a piece since (arena), or NULL */
    double last_end_s;       /* < 0 before the first piece */
    bool open;               /* a paragraph is being built */
    unsigned long block_line;
    pc_buf text;             /* scratch */
    size_t unnamed;          /* pieces that opened with no name at all */
    bool typed;              /* a piece opened with a typed "name: " (Zoom) */
    unsigned dash_voice;     /* the last unnamed dialogue line's speaker: 0 none yet, 1 or 2 */
} pc_cues;

/* Adds a piece: text[0..n) said by voice (NULL: not given) from start_s
 * to end_s (< 0: unknown), read at line (column col). VTT/SRT markup
 * (<v Name>, <i>, {\an8}, entities) is taken apart here: a <v> span
 * inside the text gives its own voice when voice is NULL (a voice given
 * wins: a JSON body cannot speak for another). false on ENOMEM. */
bool pc_cues_add(pc_cues *c, const char *voice, const char *text, size_t n, double start_s,
                 double end_s, unsigned long line, unsigned long col);
/* Closes the last paragraph and frees the scratch; false on ENOMEM.
 * Where every piece opened with a name and some with a typed one
 * ("sam lee: words", as Zoom writes every cue), each typed name becomes
 * its line's label: a name typed once is a speaker too. */
bool pc_cues_finish(pc_cues *c);

/* Line number (in the file) and column (code points) of byte off of
 * src's body. */
void pc_body_position(const pc_source *src, size_t off, unsigned long *line, unsigned long *col);

#endif
