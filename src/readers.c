/* readers: the table of input formats, and the formats known only to
 * be refused with the way to convert them. */
#include "reader.h"

#include "error.h"

#include <string.h>
#include <strings.h>

/* Scenarist SCC: broadcast captions as CEA-608 byte pairs in hex, whose
 * words were read aloud as hex ("9420 9420 94f4"). */
static pcast_status read_scc(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    (void)doc;
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                        "Scenarist SCC captions (CEA-608 codes) are not read: convert them first, "
                        "e.g. ffmpeg -i FILE.scc FILE.srt");
}

static int sniff_scc(const char *body, size_t n)
{
    size_t i = n >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3) ? 3 : 0;
    return n - i >= 13 && !memcmp(body + i, "Scenarist_SCC", 13) ? 100 : 0;
}

static const char *const scc_extensions[] = {".scc", NULL};

static const pc_reader reader_scc = {
    .name = "scc",
    .extensions = scc_extensions,
    .sniff = sniff_scc,
    .read = read_scc,
};

static const pc_reader *const readers[] = {
    &pc_reader_markdown,
    &pc_reader_vtt,
    &pc_reader_srt,
    &pc_reader_sbv,
    &pc_reader_json,
    &pc_reader_ttml,
    &pc_reader_timedtext,
    &pc_reader_ass,
    &pc_reader_table,
    &pc_reader_html,
    &pc_reader_text,
    &reader_scc,
};

#define READER_COUNT (sizeof readers / sizeof *readers)

/* A reader by its name or one of its extensions without the dot
 * (--from md, webvtt, txt, htm: what a user calls the format). */
const pc_reader *pc_reader_by_name(const char *name)
{
    for (size_t i = 0; name && i < READER_COUNT; i++) {
        if (!strcasecmp(readers[i]->name, name))
            return readers[i];
        for (size_t k = 0; readers[i]->extensions && readers[i]->extensions[k]; k++)
            if (!strcasecmp(readers[i]->extensions[k] + 1, name))
                return readers[i];
    }
    return NULL;
}

static bool has_extension(const char *path, const char *const *exts)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    for (size_t i = 0; exts[i]; i++)
        if (!strcasecmp(dot, exts[i]))
            return true;
    return false;
}

/* The reader whose sniff scores body highest, and that score; markdown
 * and 0 when none does. */
static const pc_reader *sniffed(const char *body, size_t n, int *score)
{
    const pc_reader *best = &pc_reader_markdown;
    *score = 0;
    for (size_t i = 0; i < READER_COUNT; i++) {
        int s = readers[i]->sniff ? readers[i]->sniff(body, n) : 0;
        if (s > *score) {
            best = readers[i];
            *score = s;
        }
    }
    return best;
}

/* A sniff this sure is a format's own signature (WEBVTT, an SRT or SBV
 * timing line, a JSON transcript's segments) */
#define SURE_SCORE 90

const pc_reader *pc_reader_detect(const char *path, const char *body, size_t n)
{
    int score;
    for (size_t i = 0; path && i < READER_COUNT; i++) {
        if (!has_extension(path, readers[i]->extensions))
            continue;
        /* captions saved as .txt (a download's usual name) are captions:
         * their timing lines are not to be read aloud */
        const pc_reader *s = readers[i] == &pc_reader_text ? sniffed(body, n, &score) : NULL;
        return s && score >= SURE_SCORE ? s : readers[i];
    }
    return sniffed(body, n, &score);
}
