/* doc: the input-independent intermediate every reader produces and the
 * turn builder (turns.h) consumes: blocks (headings and paragraphs), each
 * a list of lines of plain text with an optional explicit label and the
 * line's source position. A reader knows its format's syntax; the label
 * rules that need the whole post (`NAME:` counts once it labels two
 * paragraphs, continuation, the narrator) belong to the builder.
 * Private; not installed. */
#ifndef POSTCAST_DOC_H
#define POSTCAST_DOC_H

#include "buf.h"

typedef enum pc_block_kind {
    PC_BLOCK_HEADING,    /* level 1-2 opens a section, deeper is read aloud */
    PC_BLOCK_PARA        /* a paragraph, list item, quote, table, cue, ... */
} pc_block_kind;

typedef struct pc_line {
    const char *text;    /* plain text (after any label), white space
                            squeezed, control characters gone; arena */
    const char *label;   /* a label the format marks explicitly (**Name**:,
                            <v Name>, a JSON speaker), or NULL; arena */
    unsigned long line;  /* where the line starts in the source file */
    unsigned long column;/* 1-based code points; 0 when not known */
    double time_s;       /* a time the source gives for it; < 0: none */
    bool stamped;        /* the text opened with a time stamp ("[00:01:23] ...") */
    const char *candidate; /* a name the format may mean as the label ("[SAM] text"
                            in a caption), or NULL; arena */
    size_t candidate_len; /* bytes of text the candidate's label takes ("sam lee: "),
                            0: it is not in text */
    const char *timed;   /* the line as written (squeezed) when a name and a time
                            alone on it made its label ("Dana Wu  0:05"), else
                            NULL; arena. Two such lines in a row are a list
                            (a tracklist, chapter times), not labels: their
                            label goes and this is their text */
} pc_line;

typedef struct pc_block {
    pc_block_kind kind;
    int level;           /* heading level (1-6); 0 for a paragraph */
    bool list_item;      /* a paragraph inside a list item */
    bool quote;          /* a paragraph inside a block quote */
    pc_line *lines;      /* line_count lines, in the arena */
    size_t line_count;
    unsigned long line;  /* where the block starts */
} pc_block;

/* Something a section may carry besides its words: an image it shows or
 * a page it links to, where the source names it. The turn builder's
 * sections take the first of each kind at or after their heading's line
 * (chapters.h). */
typedef enum pc_mark_kind {
    PC_MARK_IMAGE,       /* ![alt](path): a chapter image */
    PC_MARK_LINK         /* [text](url) or <url>: a chapter URL */
} pc_mark_kind;

typedef struct pc_mark {
    pc_mark_kind kind;
    const char *url;     /* as the source writes it; arena */
    unsigned long line;  /* source position (column: 1-based code points) */
    unsigned long column;
} pc_mark;

typedef struct pc_doc {
    pc_arena *arena;     /* borrowed (the post's); holds lines and strings */
    pc_mark *marks;      /* in source order, malloc'd; pc_doc_free */
    size_t mark_count, mark_cap;
    pc_block *blocks;    /* malloc'd; pc_doc_free */
    size_t block_count, block_cap;
    pc_line *pending;    /* lines of the block being built (malloc'd) */
    size_t pending_count, pending_cap;
    const char *lang;    /* the language the source declares (TTML's xml:lang), or
                            NULL; arena. The post's when front matter gives none */
    double stamp_last_s; /* the latest time stamp read from the text ("[00:01:23]"
                            opening a line, or one mid-line taken as a marker); < 0:
                            none yet. Decides whether "[10:30]" mid-line is a marker */
    bool stamp_hours;    /* that stamp was written with hours (H:MM:SS) */
} pc_doc;

/* An empty doc whose strings will live in arena. */
void pc_doc_init(pc_doc *d, pc_arena *arena);
/* Frees the block and pending arrays (not the arena's strings). */
void pc_doc_free(pc_doc *d);

/* Adds a line to the block being built: text[0..n) is copied into the
 * arena with control characters as spaces and white space squeezed,
 * without its time stamps: one opening the line or beside a label's
 * colon (the line's time), and a tool's marker inside the words ("so
 * [00:12:31] anyway": a stamp with hours, or one written as the doc's
 * stamps are that does not go back in time); "We met at [10:30] today"
 * keeps its time;
 * label (may be NULL) must live in the arena already. time_s < 0: no
 * time. false on ENOMEM (the doc is unchanged). */
bool pc_doc_line(pc_doc *d, const char *text, size_t n, const char *label, unsigned long line,
                 unsigned long column, double time_s);
/* Marks the line added last as opened by a time stamp at time_s (a
 * tool's, on a line of its own before it): its time when it has none. */
void pc_doc_line_stamp(pc_doc *d, double time_s);
/* Marks the line added last as opened by name (in the arena), which
 * may be a speaker's or not: the turn builder takes it as the label
 * where the name opens two lines or the cast names it. in_text false:
 * the name is not in the line's text ("[SAM] Thanks." or "[THUNDER]
 * Run!", read as "Thanks." or "Run!" either way); true: the text opens
 * with it and a colon ("sam lee: Thanks."), which a label takes. */
void pc_doc_line_candidate(pc_doc *d, const char *name, bool in_text);
/* Closes the block being built: blank unlabeled lines are dropped; a
 * paragraph left with no lines is not added, a heading keeps one (an
 * empty heading still opens a section). false on ENOMEM. */
bool pc_doc_end_block(pc_doc *d, pc_block_kind kind, int level, bool list_item, bool quote,
                      unsigned long line);
/* Notes an image or link at line:column; url[0..n) is copied into the
 * arena. false on ENOMEM (the doc is unchanged). */
bool pc_doc_mark(pc_doc *d, pc_mark_kind kind, const char *url, size_t n, unsigned long line,
                 unsigned long column);
/* Is the time stamp s[0..k) at ts (its text: "[00:12:31]", "12:31"),
 * found inside a line's words, a tool's marker to drop rather than
 * words ("We met at [10:30] today")? One with hours is; one without is
 * when the doc's stamps so far are written without hours too and it
 * comes at most 5 minutes after the latest. */
bool pc_doc_stamp_is_marker(const pc_doc *d, const char *s, size_t k, double ts);
/* Notes a stamp s[0..k) at ts a reader took from the source (one
 * opening a line, or a marker): the latest decides what a later one
 * inside the words is (pc_doc_stamp_is_marker). */
void pc_doc_note_stamp(pc_doc *d, const char *s, size_t k, double ts);
/* Drops the lines of the block being built. */
void pc_doc_discard(pc_doc *d);

/* Collapses runs of white space in s[0..n) to one space and trims, in
 * place; NUL-terminates and returns the new length. */
size_t pc_text_squeeze(char *s, size_t n);

/* Takes the sound and music notes of captions, transcripts and posts
 * out of s[0..n), in place: a (note) or, when any_bracket (captions and
 * transcripts), a [note] whose first word is a sound's (laughs, LAUGHING,
 * sighs, music, applause, crosstalk, inaudible, ...; "(I think)" stays),
 * any [bracketed note] when any_bracket ([MUSIC PLAYING]; not a time
 * stamp such as [00:01:23], nor \[...\], nor a name before a colon,
 * [SPEAKER_00]:), a Han one （笑） 【掌聲】, and the music signs
 * U+266A/U+266B. Returns the new length; s is NUL-terminated there. */
size_t pc_text_drop_notes(char *s, size_t n, bool any_bracket);
/* Whether the word w[0..n) names a sound (laughs, Applause, music...). */
bool pc_text_sound_word(const char *w, size_t n);

/* An HTML character reference at s (&amp; &#233; &#x2014; and a few
 * named ones): its length through the ';' (0: none) and the code point
 * (control characters as a space, surrogates as U+FFFD). */
size_t pc_text_entity(const char *s, unsigned *cp);
/* s[0..n) with its character references decoded (a WebVTT cue's text, a
 * front-matter title written as HTML): malloc'd; NULL on ENOMEM. */
char *pc_text_decode_refs(const char *s, size_t n);

#endif
