/* reader_sbv: YouTube's SubViewer captions (.sbv, what YouTube Studio
 * downloads): blocks apart by blank lines, each a timing line
 * `0:00:01.000,0:00:03.500` and its text lines, `>> NAME:` or `Name:`
 * where the speaker changes. The text goes through the caption sink
 * (captions.h), and its blocks through the cue loop WebVTT's and SRT's
 * take (pc_read_cues). A block whose first line is no timing line is an
 * error at its FILE:LINE:COL. */
#include "reader.h"

#include "captions_blocks.h"
#include "labels.h"

#include <string.h>

static size_t blanks(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    return i;
}

static bool blank(const char *l, size_t n) { return blanks(l, n) == n; }

/* "H:MM:SS.mmm,H:MM:SS.mmm" (blanks around allowed) in l[0..n): the
 * times, or false with *bad the byte where it goes wrong and *why. */
static bool timing(const char *l, size_t n, double *t0, double *t1, size_t *bad, const char **why)
{
    char buf[64];
    size_t i = blanks(l, n);
    *bad = i;
    *why = "expected a caption's timing line (0:00:01.000,0:00:03.500)";
    if (n - i >= sizeof buf)
        return false;
    memcpy(buf, l + i, n - i);
    buf[n - i] = '\0';
    size_t k = pc_label_time(buf, t0), j;
    if (!k || buf[k] != ',') {
        *bad = i + k;
        return false;
    }
    j = k + 1;
    k = pc_label_time(buf + j, t1);
    if (!k || blanks(buf + j + k, n - i - j - k) != n - i - j - k || *t1 < *t0) {
        *bad = i + j;
        return false;
    }
    return true;
}

/* No cue identifiers: every block opens with its timing line. */
static const pc_cue_format sbv_format = {
    .timing = timing,
    .rolling = true,
};

static pcast_status read_sbv(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    return pc_read_cues(doc, src, 0, &sbv_format, err);
}

/* The first line that is not blank is a timing line. */
static int sniff_sbv(const char *body, size_t n)
{
    size_t off = 0;
    while (off < n) {
        const char *l;
        size_t k = pc_next_line(body, n, &off, &l);
        if (blank(l, k))
            continue;
        double t0, t1;
        size_t bad;
        const char *why;
        return timing(l, k, &t0, &t1, &bad, &why) ? 90 : 0;
    }
    return 0;
}

static const char *const sbv_extensions[] = {".sbv", NULL};

const pc_reader pc_reader_sbv = {
    .name = "sbv",
    .extensions = sbv_extensions,
    .sniff = sniff_sbv,
    .read = read_sbv,
};
