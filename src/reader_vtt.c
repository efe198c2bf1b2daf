/* reader_vtt: WebVTT captions. Each cue's text (with <v Name> voice
 * spans, or `Name: text` as conference exports write it) goes through
 * the caption sink (captions.h); NOTE, STYLE and REGION blocks are
 * skipped. A cue with broken timing is an error at its FILE:LINE:COL. */
#include "reader.h"

#include "captions_blocks.h"
#include "error.h"

#include <string.h>

static pcast_status read_vtt(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    const char *l;
    size_t off = 0, n = pc_next_line(src->body, src->body_size, &off, &l);
    if (n < 6 || memcmp(l, "WEBVTT", 6) || (n > 6 && l[6] != ' ' && l[6] != '\t'))
        return pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                            "not a WebVTT file: the first line must be WEBVTT");
    while (off < src->body_size && (n = pc_next_line(src->body, src->body_size, &off, &l)) > 0)
        ; /* the header, up to a blank line */
    return pc_read_cues(doc, src, off, &pc_cue_format_vtt, err);
}

static int sniff_vtt(const char *body, size_t n)
{
    return n >= 6 && !memcmp(body, "WEBVTT", 6) && (n == 6 || strchr(" \t\r\n", body[6])) ? 100 : 0;
}

static const char *const vtt_extensions[] = {".vtt", ".webvtt", NULL};

const pc_reader pc_reader_vtt = {
    .name = "vtt",
    .extensions = vtt_extensions,
    .sniff = sniff_vtt,
    .read = read_vtt,
};
