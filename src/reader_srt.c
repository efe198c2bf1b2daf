/* reader_srt: SubRip captions: numbered cues, `00:00:01,000 -->
 * 00:00:02,000`, text lines broken anywhere, `Name:` where the speaker
 * changes. Cue blocks are read as WebVTT's are (reader_vtt.c). */
#include "reader.h"

#include "captions_blocks.h"

#include <string.h>

static pcast_status read_srt(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    return pc_read_cues(doc, src, 0, &pc_cue_format_srt, err);
}

/* A cue number, then a timing line. */
static int sniff_srt(const char *body, size_t n)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", body[i]))
        i++;
    size_t d = i;
    while (i < n && body[i] >= '0' && body[i] <= '9')
        i++;
    if (i == d)
        return 0;
    while (i < n && (body[i] == '\r' || body[i] == ' '))
        i++;
    if (i >= n || body[i] != '\n')
        return 0;
    double t0, t1;
    size_t bad, end = i + 1;
    const char *why;
    while (end < n && body[end] != '\n')
        end++;
    return pc_cue_timing(body + i + 1, end - i - 1, &t0, &t1, &bad, &why) ? 90 : 0;
}

static const char *const srt_extensions[] = {".srt", NULL};

const pc_reader pc_reader_srt = {
    .name = "srt",
    .extensions = srt_extensions,
    .sniff = sniff_srt,
    .read = read_srt,
};
