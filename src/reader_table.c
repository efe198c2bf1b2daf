/* reader_table: a transcript as a table, one row a piece, comma- or
 * tab-separated with a header row naming the columns, as tools export
 * them (a semicolon separates where no tab or comma does):
 *   Whisper (tsv)      start<TAB>end<TAB>text          (times in ms)
 *   whisper.cpp (csv)  start,end,text / start,end,speaker,text  (ms; "text" quoted)
 *   editors' exports   Speaker,Start Time,End Time,Text  (00:00:03.120, or seconds)
 * Columns are found by their header's name in any case (text, transcript,
 * content, ...; speaker, name, ...; start, begin, timestamp, ...; end,
 * stop, ...); fields quoted RFC 4180's way ("" inside) or whisper.cpp's
 * (\"). A time with a colon is a clock time, a number with a fraction
 * seconds, a whole number under a bare start/end (Whisper's) or a header
 * saying ms milliseconds. Every field of a row is kept: a row with more
 * fields than the header (a comma in unquoted words) gives the extras to
 * the text when it is the last column; otherwise, as a row with no text
 * field where the header has one, it is an error at FILE:LINE:COL.
 * Pieces go through the caption sink (captions.h). */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLUMNS 32

typedef enum column_role { COL_OTHER, COL_TEXT, COL_SPEAKER, COL_START, COL_END } column_role;

typedef struct field {
    size_t off, len;     /* the raw field in the body, quotes included */
} field;

/* The fields of the row at body[*pos..n), separated by sep, the row's
 * end past its newline (quoted fields may hold newlines) in *pos;
 * returns how many (up to max: the rest go into the last). */
static size_t split_row(const char *body, size_t n, size_t *pos, char sep, field *f, size_t max)
{
    size_t i = *pos, count = 0;
    for (;;) {
        size_t start = i;
        if (i < n && body[i] == '"') {
            for (i++; i < n; i++) {
                if (body[i] == '\\' && i + 1 < n && (body[i + 1] == '"' || body[i + 1] == '\\'))
                    i++;
                else if (body[i] == '"' && i + 1 < n && body[i + 1] == '"')
                    i++;
                else if (body[i] == '"')
                    break;
            }
            if (i < n)
                i++;
        }
        while (i < n && body[i] != sep && body[i] != '\n')
            i++;
        if (count < max)
            f[count++] = (field){start, i - start};
        else
            f[max - 1].len = i - f[max - 1].off;
        if (i >= n || body[i] == '\n')
            break;
        i++;
    }
    *pos = i < n ? i + 1 : n;
    return count;
}

/* The field's text in buf (cleared first): unquoted, "" and \" as ",
 * blanks and a CR around it trimmed. false on ENOMEM. */
static bool field_text(const char *body, field f, pc_buf *buf)
{
    pc_buf_clear(buf);
    const char *s = body + f.off;
    size_t n = f.len;
    while (n && strchr(" \t\r", s[n - 1]))
        n--;
    while (n && strchr(" \t", *s))
        s++, n--;
    bool quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
    if (quoted)
        s++, n -= 2;
    for (size_t i = 0; i < n; i++) {
        if (quoted && i + 1 < n && (s[i] == '\\' || s[i] == '"') && (s[i + 1] == '"' || (s[i] == '\\' && s[i + 1] == '\\')))
            i++;
        if (!pc_buf_putc(buf, s[i]))
            return false;
    }
    return buf->data || pc_buf_append(buf, "", 0);
}

/* What a header names: its letters and digits, lower case, compared;
 * *ms: it says ms ("start_ms"); *bare: it is Whisper's "start" or "end". */
static column_role role_of(const char *h, size_t n, bool *ms, bool *bare)
{
    static const struct {
        const char *name;
        column_role role;
    } names[] = {
        {"text", COL_TEXT},         {"transcript", COL_TEXT},  {"transcription", COL_TEXT},
        {"content", COL_TEXT},      {"body", COL_TEXT},        {"utterance", COL_TEXT},
        {"sentence", COL_TEXT},     {"words", COL_TEXT},       {"caption", COL_TEXT},
        {"subtitle", COL_TEXT},     {"dialogue", COL_TEXT},    {"speaker", COL_SPEAKER},
        {"speakername", COL_SPEAKER}, {"speakerlabel", COL_SPEAKER}, {"name", COL_SPEAKER},
        {"voice", COL_SPEAKER},     {"start", COL_START},      {"starttime", COL_START},
        {"begin", COL_START},       {"from", COL_START},       {"timestamp", COL_START},
        {"time", COL_START},        {"in", COL_START},         {"timecodein", COL_START},
        {"startms", COL_START},     {"startseconds", COL_START}, {"end", COL_END},
        {"endtime", COL_END},       {"stop", COL_END},         {"to", COL_END},
        {"out", COL_END},           {"timecodeout", COL_END},  {"endms", COL_END},
        {"endseconds", COL_END},
    };
    char key[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof key; i++) {
        char c = h[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[k++] = c;
    }
    key[k] = '\0';
    *ms = k > 2 && !strcmp(key + k - 2, "ms");
    *bare = !strcmp(key, "start") || !strcmp(key, "end");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(key, names[i].name))
            return names[i].role;
    return COL_OTHER;
}

/* The table's columns: where each role is (-1: none), whether whole
 * numbers are ms, and the separator. */
typedef struct table {
    char sep;
    size_t columns;
    int text, speaker, start, end;
    bool ms;
} table;

/* The header row at body[0..n): true when it names a text column and a
 * speaker or start column (a transcript, not any table). */
static bool read_header(const char *body, size_t n, table *t)
{
    size_t eol = 0;
    while (eol < n && body[eol] != '\n')
        eol++;
    t->sep = memchr(body, '\t', eol) ? '\t' : memchr(body, ',', eol) ? ',' : ';';
    field f[MAX_COLUMNS];
    size_t pos = 0;
    t->columns = split_row(body, eol, &pos, t->sep, f, MAX_COLUMNS);
    t->text = t->speaker = t->start = t->end = -1;
    t->ms = false;
    bool bare = true;
    for (size_t i = 0; i < t->columns; i++) {
        bool ms, b;
        column_role r = role_of(body + f[i].off, f[i].len, &ms, &b);
        int *slot = r == COL_TEXT ? &t->text : r == COL_SPEAKER ? &t->speaker
                  : r == COL_START ? &t->start : r == COL_END ? &t->end : NULL;
        if (slot && *slot < 0)
            *slot = (int)i;
        if (r == COL_START || r == COL_END) {
            t->ms = t->ms || ms;
            bare = bare && b;
        }
    }
    t->ms = t->ms || (bare && t->start >= 0);
    return t->text >= 0 && (t->speaker >= 0 || t->start >= 0);
}

/* A time field: a clock time, seconds with a fraction (after '.' or a
 * decimal ','), or a whole number (ms when ms); -1 when empty or none
 * of these. */
static double table_time(const char *s, bool ms)
{
    double t;
    size_t k = strchr(s, ':') ? pc_label_time(s, &t) : 0;
    if (k)
        return s[k] ? -1 : t;
    char num[32], *end;
    size_t n = strlen(s);
    if (n >= sizeof num)
        return -1;
    memcpy(num, s, n + 1);
    char *comma = strchr(num, ',');
    if (comma && !strchr(num, '.') && !strchr(comma + 1, ','))
        *comma = '.'; /* "0,5": a decimal comma (a semicolon-separated table) */
    double v = strtod(num, &end);
    if (end == num || *end || v < 0 || v > 366 * 86400e3)
        return -1;
    return ms && !strchr(num, '.') ? v / 1000 : v;
}

/* Does s name anyone: a letter or digit in it ("?" or "-" is a tool's
 * unknown speaker)? */
static bool names_someone(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80)
            return true;
    return false;
}

static pcast_status read_table(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    table t;
    const char *body = src->body;
    size_t n = src->body_size, pos = 0;
    if (!read_header(body, n, &t))
        return pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                            "not a transcript table: the first row names no text column "
                            "(text, transcript, content, ...) with a speaker or start column");
    while (pos < n && body[pos] != '\n')
        pos++;
    pos += pos < n;
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pc_buf text = {0}, who = {0}, tm = {0};
    pcast_status st = PCAST_OK;
    unsigned long line = src->body_line + 1;
    while (pos < n && st == PCAST_OK) {
        size_t row = pos;
        field f[MAX_COLUMNS];
        size_t max = (size_t)t.text == t.columns - 1 ? t.columns : MAX_COLUMNS;
        size_t count = split_row(body, n, &pos, t.sep, f, max);
        unsigned long row_line = line, col;
        for (size_t i = row; i < pos; i++)
            line += body[i] == '\n';
        if (count == 1 && !f[0].len)
            continue; /* a blank line */
        if ((size_t)t.text >= count || (count > t.columns && max != t.columns)) {
            pc_body_position(src, f[count - 1].off + f[count - 1].len, &row_line, &col);
            st = pc_error_set(err, PCAST_ERR_INPUT, src->name, row_line, col,
                              "a row of %zu fields where the header has %zu: its words would be lost "
                              "(quote a field that holds the separator)", count, t.columns);
            break;
        }
        if (!field_text(body, f[t.text], &text) ||
            (t.speaker >= 0 && (size_t)t.speaker < count && !field_text(body, f[t.speaker], &who)))
            st = pc_error_nomem(err);
        double t0 = -1, t1 = -1;
        if (st == PCAST_OK && t.start >= 0 && (size_t)t.start < count && field_text(body, f[t.start], &tm))
            t0 = table_time(tm.data ? tm.data : "", t.ms);
        if (st == PCAST_OK && t.end >= 0 && (size_t)t.end < count && field_text(body, f[t.end], &tm))
            t1 = table_time(tm.data ? tm.data : "", t.ms);
        unsigned long text_line = row_line;
        size_t line_start = row;
        for (size_t i = row; i < f[t.text].off; i++)
            if (body[i] == '\n') {
                text_line++;
                line_start = i + 1;
            }
        col = pc_utf8_count(body + line_start, f[t.text].off - line_start) + 1;
        const char *voice = t.speaker >= 0 && (size_t)t.speaker < count && who.data && names_someone(who.data) ? who.data : NULL;
        if (st == PCAST_OK && text.len && !pc_cues_add(&cues, voice, text.data, text.len, t0, t1, text_line, col))
            st = pc_error_nomem(err);
    }
    if (!pc_cues_finish(&cues) && st == PCAST_OK)
        st = pc_error_nomem(err);
    if (st == PCAST_OK && !doc->block_count)
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                          "no words: the table's text column is empty");
    pc_buf_free(&text);
    pc_buf_free(&who);
    pc_buf_free(&tm);
    return st;
}

/* A header row naming a transcript's columns, separated by a tab or a
 * comma (a .txt of Whisper's tsv is a table too). */
static int sniff_table(const char *body, size_t n)
{
    table t;
    size_t eol = 0;
    while (eol < n && eol < 1024 && body[eol] != '\n')
        eol++;
    if (eol >= n || (!memchr(body, '\t', eol) && !memchr(body, ',', eol)))
        return 0;
    return read_header(body, eol, &t) && t.columns >= 2 ? 90 : 0;
}

static const char *const table_extensions[] = {".csv", ".tsv", NULL};

const pc_reader pc_reader_table = {
    .name = "table",
    .extensions = table_extensions,
    .sniff = sniff_table,
    .read = read_table,
};
