/* reader_json: a Podcasting 2.0 JSON transcript:
 *   {"version": "1.0.0", "segments": [{"speaker": "Dana Wu",
 *     "startTime": 0.5, "endTime": 2.0, "body": "Hello"}, ...]}
 * or Whisper's (WhisperX's) segments: {"start", "end", "text"[, "speaker"]}
 * read with jansson; segments go through the caption sink (a speaker
 * is a label where it changes). JSON that does not parse, or is not a
 * transcript, is an error at FILE:LINE:COL. */
#include "reader.h"

#include "captions.h"
#include "error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Byte offsets of the elements of the top-level "segments" array, found
 * in one pass over the text (jansson keeps no positions). Sets *count;
 * the array is malloc'd, NULL when out of memory or not found. */
static size_t *segment_offsets(const char *s, size_t n, size_t *count)
{
    size_t *offs = NULL, cap = 0;
    int depth = 0, seg_depth = -1;
    bool want = false, key_segments = false, elem_next = false;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (elem_next && !(c == ']' && depth == seg_depth)) {
            if (!pc_grow((void **)&offs, &cap, *count, sizeof *offs)) {
                free(offs);
                return NULL;
            }
            offs[(*count)++] = i;
        }
        elem_next = false;
        if (c == '"') {
            size_t start = ++i;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' ? 2 : 1;
            key_segments = depth == 1 && i - start == 8 && !memcmp(s + start, "segments", 8);
            continue;
        }
        if (c == ':') {
            want = key_segments;
            continue;
        }
        if (c == '[' || c == '{') {
            depth++;
            if (c == '[' && want && seg_depth < 0) {
                seg_depth = depth;
                elem_next = true;
            }
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == ',' && depth == seg_depth) {
            elem_next = true;
        }
        want = false;
        key_segments = false;
    }
    return offs;
}

static pcast_status at(const pc_source *src, pcast_error *err, size_t off, const char *fmt,
                       size_t index)
{
    unsigned long line, col;
    pc_body_position(src, off, &line, &col);
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, fmt, index);
}

static double number_or(json_t *v, double dflt)
{
    return json_is_number(v) && json_number_value(v) >= 0 ? json_number_value(v) : dflt;
}

static pcast_status read_segments(pc_doc *doc, const pc_source *src, json_t *segs,
                                  pcast_error *err)
{
    size_t count = 0;
    size_t *offs = segment_offsets(src->body, src->body_size, &count);
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pcast_status st = PCAST_OK;
    unsigned long line = src->body_line;
    size_t counted = 0; /* newlines counted up to here */
    for (size_t i = 0; i < json_array_size(segs) && st == PCAST_OK; i++) {
        size_t off = offs && i < count ? offs[i] : 0;
        for (; counted < off; counted++)
            line += src->body[counted] == '\n';
        json_t *seg = json_array_get(segs, i);
        json_t *body = json_object_get(seg, "body");
        bool whisper = !body; /* Whisper: "text", "start", "end" */
        if (whisper)
            body = json_object_get(seg, "text");
        json_t *speaker = json_object_get(seg, "speaker");
        if (!json_is_object(seg) || !json_is_string(body) || (speaker && !json_is_string(speaker) && !json_is_null(speaker))) {
            st = at(src, err, off,
                    "segment %zu is not a transcript segment ({\"speaker\", \"startTime\", "
                    "\"endTime\", \"body\"} with a string body, or Whisper's \"text\")", i + 1);
            break;
        }
        const char *who = json_is_string(speaker) && *json_string_value(speaker) ? json_string_value(speaker) : NULL;
        const char *text = json_string_value(body);
        if (!pc_cues_add(&cues, who, text, json_string_length(body),
                         number_or(json_object_get(seg, whisper ? "start" : "startTime"), -1),
                         number_or(json_object_get(seg, whisper ? "end" : "endTime"), -1), line, 0))
            st = pc_error_nomem(err);
    }
    if (!pc_cues_finish(&cues) && st == PCAST_OK)
        st = pc_error_nomem(err);
    free(offs);
    return st;
}

static pcast_status read_json(pc_doc *doc, const pc_source *src, pcast_error *err)
{
    json_error_t jerr;
    /* NUL bytes were refused with the UTF-8 check; no depth bomb: jansson
     * limits nesting (JSON_PARSER_MAX_DEPTH) */
    json_t *root = json_loadb(src->body, src->body_size, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return pc_error_set(err, PCAST_ERR_INPUT, src->name,
                            jerr.line > 0 ? (unsigned long)jerr.line + src->body_line - 1 : src->body_line,
                            jerr.column > 0 ? (unsigned long)jerr.column : 1,
                            "not valid JSON: %s", jerr.text);
    json_t *segs = json_object_get(root, "segments");
    pcast_status st;
    if (!json_is_array(segs))
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                          "not a transcript: expected {\"version\": ..., \"segments\": [...]}");
    else
        st = read_segments(doc, src, segs, err);
    json_decref(root);
    return st;
}

static int sniff_json(const char *body, size_t n)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", body[i]))
        i++;
    if (i >= n || body[i] != '{')
        return 0;
    size_t look = n - i < 4096 ? n - i : 4096;
    for (size_t k = i; k + 10 <= i + look; k++)
        if (!memcmp(body + k, "\"segments\"", 10))
            return 90;
    return 20;
}

static const char *const json_extensions[] = {".json", NULL};

const pc_reader pc_reader_json = {
    .name = "json",
    .extensions = json_extensions,
    .sniff = sniff_json,
    .read = read_json,
};
