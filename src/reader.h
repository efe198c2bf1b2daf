/* reader: one per input format, each turning a post's body into the
 * intermediate of doc.h. Adding a format is a reader_FORMAT.c that defines
 * a pc_reader and one row in readers.c's table. Private; not installed. */
#ifndef POSTCAST_READER_H
#define POSTCAST_READER_H

#include "doc.h"
#include "source.h"

typedef struct pc_reader {
    const char *name;               /* what --from names: "markdown", "vtt" */
    const char *const *extensions;  /* ".md", ...: NULL-terminated, lower case */
    /* How sure (0-100) the reader is that body[0..n) is its format; a
     * format without a signature returns 0. */
    int (*sniff)(const char *body, size_t n);
    /* Reads src's body into doc. On failure doc holds what was read (to
     * be freed with pc_doc_free) and err says FILE:LINE:COL. */
    pcast_status (*read)(pc_doc *doc, const pc_source *src, pcast_error *err);
} pc_reader;

extern const pc_reader pc_reader_markdown; /* reader_markdown.c */
extern const pc_reader pc_reader_vtt;      /* reader_vtt.c */
extern const pc_reader pc_reader_srt;      /* reader_srt.c */
extern const pc_reader pc_reader_sbv;      /* reader_sbv.c */
extern const pc_reader pc_reader_json;     /* reader_json.c */
extern const pc_reader pc_reader_html;     /* reader_html.c */
extern const pc_reader pc_reader_ttml;     /* reader_ttml.c */
extern const pc_reader pc_reader_timedtext; /* reader_timedtext.c: YouTube's XML */
extern const pc_reader pc_reader_ass;      /* reader_ass.c: SubStation Alpha */
extern const pc_reader pc_reader_table;    /* reader_table.c */
extern const pc_reader pc_reader_text;     /* reader_text.c */

/* The reader called name ("markdown", ...; any case), or NULL. */
const pc_reader *pc_reader_by_name(const char *name);
/* The reader for a file: by path's extension, else by the body's content
 * (the surest sniff), else Markdown. Never NULL. */
const pc_reader *pc_reader_detect(const char *path, const char *body, size_t n);

#endif
