/* readers: the table of input formats. */
#include "reader.h"

#include <string.h>
#include <strings.h>

static const pc_reader *const readers[] = {
    &pc_reader_markdown,
    &pc_reader_vtt,
    &pc_reader_srt,
    &pc_reader_sbv,
    &pc_reader_json,
    &pc_reader_html,
    &pc_reader_text,
};

#define READER_COUNT (sizeof readers / sizeof *readers)

const pc_reader *pc_reader_by_name(const char *name)
{
    for (size_t i = 0; name && i < READER_COUNT; i++)
        if (!strcasecmp(readers[i]->name, name))
            return readers[i];
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

const pc_reader *pc_reader_detect(const char *path, const char *body, size_t n)
{
    for (size_t i = 0; path && i < READER_COUNT; i++)
        if (has_extension(path, readers[i]->extensions))
            return readers[i];
    const pc_reader *best = &pc_reader_markdown;
    int best_score = 0;
    for (size_t i = 0; i < READER_COUNT; i++) {
        int s = readers[i]->sniff ? readers[i]->sniff(body, n) : 0;
        if (s > best_score) {
            best = readers[i];
            best_score = s;
        }
    }
    return best;
}
