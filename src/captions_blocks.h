/* captions_blocks: the cue blocks of WebVTT, SRT and YouTube's SBV
 * (timing lines, identifiers, NOTE blocks, rolling captions), read line
 * by line into the caption sink of captions.h. Private; not installed. */
#ifndef POSTCAST_CAPTIONS_BLOCKS_H
#define POSTCAST_CAPTIONS_BLOCKS_H

#include "captions.h"

/* The line at body[*off..size): sets *line and returns its length
 * without the '\n' and a '\r' before it; *off moves past the line. */
size_t pc_next_line(const char *body, size_t size, size_t *off, const char **line);

/* How a caption format writes its cue blocks, for pc_read_cues: the
 * parser of its timing lines and what may come around them. */
typedef struct pc_cue_format {
    /* Parses the timing line line[0..n) into the cue's start and end:
     * false with *bad (byte offset of the trouble) and *why if it is not
     * one. */
    bool (*timing)(const char *line, size_t n, double *start_s, double *end_s, size_t *bad,
                   const char **why);
    /* Is line[0..n) meant as a timing line (so a broken one is an error,
     * not a cue identifier or text)? NULL: where timing accepts it. */
    bool (*marks_timing)(const char *line, size_t n);
    bool identifiers; /* a line may come before the timing line (WebVTT, SRT's number) */
    bool numbered;    /* a number line right before a timing line opens a cue (SRT) */
    bool note_blocks; /* NOTE, STYLE and REGION blocks are skipped (WebVTT) */
    bool rolling;     /* a cue repeating the last line of the cue it touches says it once */
} pc_cue_format;

extern const pc_cue_format pc_cue_format_vtt; /* WebVTT: 00:00:01.000 --> 00:00:02.000 */
extern const pc_cue_format pc_cue_format_srt; /* SubRip: 00:00:01,000 --> 00:00:02,000 */

/* The cue blocks of src's body from byte off on, written as format says,
 * into doc. Blocks are apart by an empty line; a line of blanks inside a
 * cue ends it only where no more of its text follows; a timing line
 * with no empty line before it opens the next cue. A block with no
 * timing line or a broken one is an error at its FILE:LINE:COL; doc then
 * holds the cues before it. */
pcast_status pc_read_cues(pc_doc *doc, const pc_source *src, size_t off,
                          const pc_cue_format *format, pcast_error *err);

#endif
