/* reader_ttml_time: TTML's time expressions and the ttp: parameters
 * they are counted in (reader_ttml.c). Private; not installed. */
#ifndef POSTCAST_READER_TTML_TIME_H
#define POSTCAST_READER_TTML_TIME_H

#include <stdbool.h>

typedef enum pc_ttml_drop {
    PC_TTML_NON_DROP,    /* every frame label counts (the default) */
    PC_TTML_DROP_NTSC,   /* labels :00 and :01 skipped each minute but every tenth */
    PC_TTML_DROP_PAL     /* labels :00 to :03 skipped each even minute but every twentieth */
} pc_ttml_drop;

/* What TTML's time expressions count in (ttp: parameters on <tt>). */
typedef struct pc_ttml_rates {
    double frame_hz;     /* effective frame rate (frameRate x multiplier) */
    double nominal_hz;   /* frames per second a timecode label counts (frameRate) */
    double sub_frames;   /* sub-frames per frame */
    double tick_hz;
    bool smpte;          /* ttp:timeBase="smpte": a clock time is a timecode label */
    pc_ttml_drop drop;   /* ttp:dropMode, with smpte */
} pc_ttml_rates;

/* The rates from the <tt> element's ttp: attributes, each given by
 * get(ctx, local name) (the value or NULL). Out-of-range numbers fall
 * back to TTML's defaults (30 frames, 1 sub-frame). Returns NULL, or the
 * local name of an attribute whose value cannot give true times: a
 * timeBase other than media or smpte ("clock": wall-clock times), a
 * markerMode="discontinuous" (timecodes that are labels, not a
 * timeline), an unknown dropMode, or a drop mode whose frame rate is
 * not 30 (nor 30 x 1000/1001); *why then says why (static). */
const char *pc_ttml_read_rates(const char *(*get)(const void *ctx, const char *local), const void *ctx,
                               pc_ttml_rates *r, const char **why);

/* A TTML time expression s under r: clock time "hh:mm:ss(.fff |
 * :ff(.sub))" (also "mm:ss.fff"; with smpte a timecode, its drop mode
 * applied as TTML 2 counts it (#time-expression-semantics-smpte:
 * droppedFrames = (hours * 54 + minutes - floor(minutes / 10)) * 2 for
 * dropNTSC, (hours * 27 + floor(minutes / 2) - floor(minutes / 20)) * 4
 * for dropPAL), or an
 * offset "N(.N)(h|m|s|ms|f|t)" (a bare number: seconds). false for
 * anything else, or a time past a year (*time_s untouched); *why is
 * then NULL, or says why a timecode that reads is none (static): a
 * frame label past the second's frames, or one the drop mode skips,
 * which TTML calls invalid. */
bool pc_ttml_time(const char *s, const pc_ttml_rates *r, double *time_s, const char **why);

#endif
