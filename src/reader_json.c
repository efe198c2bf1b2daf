/* reader_json: a JSON transcript, read with jansson, as the services
 * and tools write it (a table of shapes, one row each):
 *   Podcasting 2.0  {"segments": [{"speaker", "startTime", "endTime", "body"}]}
 *   Whisper(X)      {"segments": [{"start", "end", "text"[, "speaker"]}]}
 *   whisper.cpp     {"transcription": [{"offsets": {"from": ms, "to": ms}, "text"[, "speaker"]
 *                    [, "speaker_turn_next": true]}]} (tinydiarize: the speaker changes after
 *                    it; two unnamed speakers take turns, "Speaker N" as ids are)
 *   AssemblyAI      {"utterances": [{"speaker": "A", "start": ms, "end": ms, "text"}]}
 *   Deepgram        {"results": {"utterances": [{"speaker": 0, "start", "end", "transcript"}]}},
 *                    else its channel's paragraphs, else its words[] with "speaker"
 *   AWS Transcribe  {"results": {"audio_segments": [{"speaker_label", "start_time": "1.5",
 *                    "end_time", "transcript"}]}}, or its word "items" grouped by
 *                    speaker_label (in older output, by the speaker_labels
 *                    segment each item's start falls in)
 *   Gladia          {"transcription": {"utterances": [{"speaker": 0, "start", "end", "text"}]}},
 *                    as the v2 API's result {"result": {"transcription": {...}}}
 *   pyannoteAI      {"output": {"turnLevelTranscription": [{"start", "end", "text", "speaker":
 *                    "SPEAKER_00"}]}} (a job with transcription), or that output alone
 *   ElevenLabs      {"words": [{"text", "start", "end", "type", "speaker_id"}]}
 *   Rev.ai          {"monologues": [{"speaker", "speaker_name", "elements": [{"value", "ts"}]}]}
 *   Speechmatics    {"results": [{"type", "start_time", "alternatives": [{"content", "speaker"}]}]}
 *   Multi-channel   AWS {"results": {"channel_labels": {"channels": [{"channel_label",
 *                    "items"}]}}}, Deepgram {"results": {"channels": [{"alternatives":
 *                    [{"words": [{"word", "punctuated_word", "start", "end"}]}]}]}}:
 *                    a speaker per channel, their words interleaved by time
 * Pieces go through the caption sink (a speaker is a label where it
 * changes; a speaker that is a letter is "Speaker A", a number an id
 * that turns.c shows as "Speaker N"). JSON
 * that does not parse, is no transcript, or gives no words at all (a
 * shape misread), is an error at FILE:LINE:COL. */
#include "reader.h"

#include "captions.h"
#include "error.h"
#include "labels.h"
#include "reader_json_words.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Byte offsets of the elements of the first array under the key name
 * in an object at depth (1: the root's), found in one pass over the text
 * (jansson keeps no positions). Sets *count; the array is malloc'd, NULL
 * when out of memory or not found. */
static size_t *element_offsets(const char *s, size_t n, const char *name, int at_depth,
                               size_t *count)
{
    size_t name_len = strlen(name);
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
            key_segments = depth == at_depth && i - start == name_len && !memcmp(s + start, name, name_len);
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

static pcast_status at(const pc_source *src, pcast_error *err, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static pcast_status at(const pc_source *src, pcast_error *err, size_t off, const char *fmt, ...)
{
    unsigned long line, col;
    pc_body_position(src, off, &line, &col);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pc_error_set(err, PCAST_ERR_INPUT, src->name, line, col, "%s", msg);
}

/* Where a service keeps its pieces of transcript and what it calls
 * their fields. */
typedef struct json_shape {
    const char *outer;   /* the object holding the array: a key of the root's, or keys
                          * down from it ("result/transcription"); NULL: the root */
    const char *array;   /* the array of pieces */
    const char *text, *speaker, *start, *end;
    double unit_s;       /* a time's unit in seconds */
    bool speaker_ids;    /* a speaker "A" or "0" is an id: "Speaker A" */
    const char *times;   /* the piece's object holding start and end, NULL: the piece */
} json_shape;

static const json_shape shapes[] = {
    {NULL, "segments", "body", "speaker", "startTime", "endTime", 1, false, NULL},    /* Podcasting 2.0 */
    {NULL, "segments", "text", "speaker", "start", "end", 1, false, NULL},        /* Whisper, WhisperX */
    {NULL, "utterances", "text", "speaker", "start", "end", 0.001, true, NULL}, /* AssemblyAI */
    {"results", "utterances", "transcript", "speaker", "start", "end", 1, false, NULL}, /* Deepgram */
    {"results", "audio_segments", "transcript", "speaker_label", "start_time", "end_time", 1, false, NULL}, /* AWS */
    {NULL, "transcription", "text", "speaker", "from", "to", 0.001, true, "offsets"}, /* whisper.cpp */
    {"transcription", "utterances", "text", "speaker", "start", "end", 1, false, NULL}, /* Gladia */
    {"result/transcription", "utterances", "text", "speaker", "start", "end", 1, false, NULL}, /* Gladia v2 GET */
    {"output", "turnLevelTranscription", "text", "speaker", "start", "end", 1, false, NULL}, /* pyannoteAI job */
    {NULL, "turnLevelTranscription", "text", "speaker", "start", "end", 1, false, NULL}, /* its output alone */
};

#define SHAPE_COUNT (sizeof shapes / sizeof *shapes)

static json_t *shape_array(json_t *root, const json_shape *sh)
{
    json_t *o = root;
    for (const char *k = sh->outer; k && o; k = strchr(k, '/') ? strchr(k, '/') + 1 : NULL) {
        size_t n = strcspn(k, "/");
        o = json_object_getn(o, k, n);
    }
    return json_object_get(o, sh->array);
}

/* How deep sh's array is: 1 in the root, one more for each key of outer. */
static int shape_depth(const json_shape *sh)
{
    int d = 1;
    for (const char *k = sh->outer; k; k = strchr(k, '/') ? strchr(k, '/') + 1 : NULL)
        d++;
    return d;
}

/* A piece's speaker as a name, in buf: a string as it is, a number (or
 * with ids, one letter or digit) as "Speaker N"; NULL for none (or one
 * of another type: *bad). */
static const char *speaker_name(json_t *v, bool ids, char *buf, size_t size, bool *bad)
{
    *bad = false;
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_integer(v)) { /* an id (Deepgram's 0, 1): turns.c numbers it from 1 */
        long long id = json_integer_value(v);
        snprintf(buf, size, id >= 0 && id <= PC_LABEL_ID_MAX ? "%lld" : "Speaker %lld", id);
        return buf;
    }
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    const char *s = json_string_value(v);
    if (!strcmp(s, "?"))
        return NULL; /* whisper.cpp's stereo diarizer could not tell */
    /* one capital letter is an id whatever the tool (OpenAI's diarized "A") */
    if (json_string_length(v) == 1 && ((*s >= 'A' && *s <= 'Z') || (ids && *s >= '0' && *s <= '9'))) {
        snprintf(buf, size, "Speaker %c", *s);
        return buf;
    }
    return *s ? s : NULL;
}

/* The line numbers of the elements of array (shape sh), one at a time. */
typedef struct element_lines {
    const pc_source *src;
    size_t *offs, count, counted;
    unsigned long line;
} element_lines;

static size_t element_at(element_lines *el, size_t i)
{
    size_t off = el->offs && i < el->count ? el->offs[i] : 0;
    for (; el->counted < off; el->counted++)
        el->line += el->src->body[el->counted] == '\n';
    return off;
}

static pcast_status read_pieces(pc_doc *doc, const pc_source *src, json_t *root,
                                const json_shape *first, pcast_error *err)
{
    json_t *arr = shape_array(root, first);
    element_lines el = {.src = src, .line = src->body_line};
    el.offs = element_offsets(src->body, src->body_size, first->array, shape_depth(first), &el.count);
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pcast_status st = PCAST_OK;
    bool turns = false, other = false; /* tinydiarize marks a turn; the other speaker's */
    for (size_t i = 0; i < json_array_size(arr) && !turns; i++)
        turns = json_is_true(json_object_get(json_array_get(arr, i), "speaker_turn_next"));
    for (size_t i = 0; i < json_array_size(arr) && st == PCAST_OK; i++) {
        size_t off = element_at(&el, i);
        json_t *seg = json_array_get(arr, i), *body = NULL;
        const json_shape *sh = first;
        for (size_t k = 0; k < SHAPE_COUNT && !body; k++) /* Whisper's among Podcasting 2.0's */
            if (shape_array(root, &shapes[k]) == arr && json_is_string(json_object_get(seg, shapes[k].text)))
                body = json_object_get(seg, (sh = &shapes[k])->text);
        char name[64];
        bool bad;
        const char *who = speaker_name(json_object_get(seg, sh->speaker), sh->speaker_ids, name, sizeof name, &bad);
        if (!body || bad) {
            if (!strcmp(first->array, "segments"))
                st = at(src, err, off,
                        "segment %zu is not a transcript segment ({\"speaker\", \"startTime\", "
                        "\"endTime\", \"body\"} with a string body, or Whisper's \"text\")", i + 1);
            else /* the speech-to-text services' shapes: say which fields */
                st = at(src, err, off,
                        "item %zu of \"%s\" is not a transcript piece (a string \"%s\", and a \"%s\" "
                        "that is a string or a number)", i + 1, first->array, first->text, first->speaker);
            break;
        }
        if (turns && !who) /* whisper.cpp -tdrz: a change of speaker, names unknown */
            who = other ? "speaker_0_2" : "speaker_0_1";
        other ^= json_is_true(json_object_get(seg, "speaker_turn_next"));
        json_t *times = sh->times ? json_object_get(seg, sh->times) : seg;
        double t0 = pc_json_time(json_object_get(times, sh->start), -1);
        double t1 = pc_json_time(json_object_get(times, sh->end), -1);
        if (!pc_cues_add(&cues, who, json_string_value(body), json_string_length(body),
                         t0 < 0 ? t0 : t0 * sh->unit_s, t1 < 0 ? t1 : t1 * sh->unit_s, el.line, 0))
            st = pc_error_nomem(err);
    }
    if (!pc_cues_finish(&cues) && st == PCAST_OK)
        st = pc_error_nomem(err);
    free(el.offs);
    return st;
}

/* Deepgram's paragraphs (speaker, start, end, sentences[].text), a piece
 * each; PCAST_ERR_ARGUMENT (err untouched) when there are none. */
static pcast_status read_paragraphs(pc_doc *doc, const pc_source *src, json_t *paras,
                                    pcast_error *err)
{
    if (!json_is_array(paras) || !json_array_size(paras))
        return PCAST_ERR_ARGUMENT;
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    pc_buf text = {0};
    bool ok = true;
    for (size_t i = 0; i < json_array_size(paras) && ok; i++) {
        json_t *p = json_array_get(paras, i), *sentences = json_object_get(p, "sentences");
        pc_buf_clear(&text);
        for (size_t k = 0; k < json_array_size(sentences) && ok; k++) {
            json_t *t = json_object_get(json_array_get(sentences, k), "text");
            if (json_is_string(t))
                ok = (!text.len || pc_buf_putc(&text, ' ')) &&
                     pc_buf_append(&text, json_string_value(t), json_string_length(t));
        }
        char name[64];
        bool bad;
        const char *who = speaker_name(json_object_get(p, "speaker"), false, name, sizeof name, &bad);
        ok = ok && (!text.len || pc_cues_add(&cues, who, text.data, text.len,
                                             pc_json_time(json_object_get(p, "start"), -1),
                                             pc_json_time(json_object_get(p, "end"), -1), src->body_line, 0));
    }
    pc_buf_free(&text);
    if (!pc_cues_finish(&cues) || !ok)
        return pc_error_nomem(err);
    return PCAST_OK;
}

/* A transcript with no pieces of its own: a service's words
 * (pc_json_read_word_lists), Deepgram's paragraphs or diarized words, else the one text a service gives (AWS's, Deepgram's,
 * AssemblyAI's) for the narrator. PCAST_ERR_ARGUMENT (err untouched)
 * when there is none of these. */
static pcast_status read_words(pc_doc *doc, const pc_source *src, json_t *root, pcast_error *err)
{
    json_t *results = json_object_get(root, "results");
    json_t *alt = json_array_get(json_object_get(json_array_get(json_object_get(results, "channels"), 0),
                                                 "alternatives"), 0);
    pcast_status st = pc_json_read_word_lists(doc, src, root, err);
    if (st == PCAST_ERR_ARGUMENT)
        st = read_paragraphs(doc, src, json_object_get(json_object_get(alt, "paragraphs"), "paragraphs"), err);
    if (st == PCAST_ERR_ARGUMENT)
        st = pc_json_read_deepgram_words(doc, src, alt, err);
    if (st != PCAST_ERR_ARGUMENT)
        return st;
    json_t *text = json_object_get(json_array_get(json_object_get(results, "transcripts"), 0), "transcript");
    if (!json_is_string(text))
        text = json_object_get(alt, "transcript");
    if (!json_is_string(text))
        text = json_object_get(root, "text");
    if (!json_is_string(text))
        return PCAST_ERR_ARGUMENT;
    pc_cues cues = {.doc = doc, .last_end_s = -1};
    if (!pc_cues_add(&cues, NULL, json_string_value(text), json_string_length(text), -1, -1,
                     src->body_line, 0) ||
        !pc_cues_finish(&cues))
        return pc_error_nomem(err);
    return PCAST_OK;
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
    const json_shape *sh = NULL;
    for (size_t k = 0; k < SHAPE_COUNT && !sh; k++)
        if (json_is_array(shape_array(root, &shapes[k])))
            sh = &shapes[k];
    /* a speaker on each channel: all channels, before the pieces that
     * read one (Deepgram's utterances in channel order) */
    pcast_status st = pc_json_read_channels(doc, src, root, err);
    if (st == PCAST_ERR_ARGUMENT && sh)
        st = read_pieces(doc, src, root, sh, err);
    else if (st == PCAST_ERR_ARGUMENT && (st = read_words(doc, src, root, err)) == PCAST_ERR_ARGUMENT)
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                          "not a transcript: expected {\"version\": ..., \"segments\": [...]}, "
                          "or a speech-to-text service's utterances");
    if (st == PCAST_OK && !doc->block_count) /* a shape misread would lose every word silently */
        st = pc_error_set(err, PCAST_ERR_INPUT, src->name, src->body_line, 1,
                          "no words: the transcript's pieces hold no text");
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
        if (!memcmp(body + k, "\"segments\"", 10) || (k + 15 <= i + look && !memcmp(body + k, "\"transcription\"", 15)))
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
