/* reader_json_words: speech-to-text JSON that lists words (AWS
 * Transcribe, Deepgram's channels, ElevenLabs, Rev.ai, Speechmatics),
 * gathered into turns: a run of one speaker's words is one piece for
 * the caption sink (captions.h). */
#include "reader_json_words.h"

#include "captions.h"
#include "labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double pc_json_time(json_t *v, double dflt)
{
    double t = dflt;
    if (json_is_number(v))
        t = json_number_value(v);
    else if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < 32) {
        char *end;
        t = strtod(json_string_value(v), &end);
        if (*end)
            t = dflt;
    }
    return t >= 0 && t < 1e9 ? t : dflt;
}

/* ---------- runs of one speaker's words ---------- */

typedef struct runs {
    pc_cues cues;
    pc_buf text, who; /* the run's words and speaker ("" for none) */
    double t0_s, t1_s;
    unsigned long line;
    bool ok;          /* false once out of memory */
} runs;

static runs runs_start(pc_doc *doc, const pc_source *src)
{
    return (runs){.cues = {.doc = doc, .last_end_s = -1}, .t0_s = -1, .t1_s = -1,
                  .line = src->body_line, .ok = true};
}

static void run_flush(runs *r)
{
    if (r->ok && r->text.len)
        r->ok = pc_cues_add(&r->cues, r->who.len ? r->who.data : NULL, r->text.data, r->text.len,
                            r->t0_s, r->t1_s, r->line, 0);
    pc_buf_clear(&r->text);
    r->t0_s = r->t1_s = -1;
}

/* A word text[0..n) said by who (NULL or "": whoever spoke last) from
 * t0_s to t1_s (< 0: unknown); glue: no blank before it (punctuation,
 * or text that brings its own blanks). A new speaker ends the run. */
static void run_word(runs *r, const char *who, const char *text, size_t n, double t0_s,
                     double t1_s, bool glue)
{
    if (who && *who && (r->who.len != strlen(who) || memcmp(r->who.data, who, r->who.len))) {
        run_flush(r);
        pc_buf_clear(&r->who);
        r->ok = r->ok && pc_buf_puts(&r->who, who);
    }
    if (!n)
        return;
    if (r->t0_s < 0)
        r->t0_s = t0_s;
    if (t1_s >= 0)
        r->t1_s = t1_s;
    r->ok = r->ok && (glue || !r->text.len || pc_buf_putc(&r->text, ' ')) && pc_buf_append(&r->text, text, n);
}

static pcast_status runs_finish(runs *r, pcast_error *err)
{
    run_flush(r);
    bool ok = pc_cues_finish(&r->cues) && r->ok;
    pc_buf_free(&r->text);
    pc_buf_free(&r->who);
    return ok ? PCAST_OK : pc_error_nomem(err);
}

static const char *str(json_t *v) { return json_is_string(v) ? json_string_value(v) : NULL; }

static bool is(json_t *v, const char *s) { return json_is_string(v) && !strcmp(json_string_value(v), s); }

/* A speaker given as a string, or as a number (an id): into buf. */
static const char *speaker_of(json_t *v, char *buf, size_t size)
{
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= PC_LABEL_ID_MAX) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return str(v);
}

/* ---------- channels ---------- */

/* One word of a multi-channel transcript, for sorting by time. */
typedef struct timed_word {
    double start_s, end_s;
    size_t channel, seq; /* seq: its place in its channel */
    json_t *text;        /* a string */
    long long speaker;   /* Deepgram's diarized speaker in the channel, -1: none */
    bool punct;          /* AWS punctuation: no blank before it */
} timed_word;

static int word_order(const void *a, const void *b)
{
    const timed_word *x = a, *y = b;
    if (x->start_s != y->start_s)
        return x->start_s < y->start_s ? -1 : 1;
    if (x->channel != y->channel)
        return x->channel < y->channel ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The speaker of word w in its channel: AWS's own channel_label when
 * it is a short string, else "ch_C" (an id turns.c shows as "Speaker
 * N"), or "ch_C_S" where the channel's words name two diarized speakers
 * or more (many, a bit per channel: two hosts at one microphone). */
static const char *channel_speaker(json_t *channel, const timed_word *w, const bool *many, char *buf,
                                   size_t size)
{
    json_t *label = json_object_get(channel, "channel_label");
    if (json_is_string(label) && json_string_length(label) > 0 && json_string_length(label) < 64)
        return json_string_value(label);
    if (many[w->channel] && w->speaker >= 0)
        snprintf(buf, size, "ch_%zu_%lld", w->channel, w->speaker);
    else
        snprintf(buf, size, "ch_%zu", w->channel);
    return buf;
}

/* The words of every channel, in *out (malloc'd; *count of them), each
 * with its channel's number: AWS's channel_labels.channels[].items
 * (aws true) or Deepgram's channels[].alternatives[0].words. A word with
 * no start time (AWS punctuation) takes the one of the word before it.
 * false on ENOMEM (*out freed). */
static bool channel_words(json_t *channels, bool aws, timed_word **out, size_t *count)
{
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    for (size_t c = 0; c < json_array_size(channels); c++) {
        json_t *ch = json_array_get(channels, c);
        json_t *items = aws ? json_object_get(ch, "items")
                            : json_object_get(json_array_get(json_object_get(ch, "alternatives"), 0), "words");
        double last_s = 0;
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i), *text;
            if (aws)
                text = json_object_get(json_array_get(json_object_get(it, "alternatives"), 0), "content");
            else if (!json_is_string(text = json_object_get(it, "punctuated_word")))
                text = json_object_get(it, "word");
            if (!json_is_string(text) || !json_string_length(text))
                continue;
            if (!pc_grow((void **)out, &cap, *count, sizeof **out)) {
                free(*out);
                *out = NULL;
                return false;
            }
            timed_word *w = &(*out)[(*count)++];
            w->start_s = pc_json_time(json_object_get(it, aws ? "start_time" : "start"), last_s);
            w->end_s = pc_json_time(json_object_get(it, aws ? "end_time" : "end"), w->start_s);
            w->channel = c;
            w->seq = i;
            w->text = text;
            w->punct = is(json_object_get(it, "type"), "punctuation");
            json_t *sp = json_object_get(it, "speaker");
            w->speaker = json_is_integer(sp) && json_integer_value(sp) >= 0 && json_integer_value(sp) <= PC_LABEL_ID_MAX
                             ? json_integer_value(sp) : -1;
            last_s = w->start_s;
        }
    }
    return true;
}

pcast_status pc_json_read_channels(pc_doc *doc, const pc_source *src, json_t *root,
                                   pcast_error *err)
{
    json_t *results = json_object_get(root, "results");
    json_t *channels = json_object_get(json_object_get(results, "channel_labels"), "channels");
    bool aws = json_array_size(channels) >= 2;
    if (!aws)
        channels = json_object_get(results, "channels");
    if (json_array_size(channels) < 2)
        return PCAST_ERR_ARGUMENT;
    timed_word *words;
    size_t n;
    if (!channel_words(channels, aws, &words, &n))
        return pc_error_nomem(err);
    if (!n) {
        free(words);
        return PCAST_ERR_ARGUMENT;
    }
    size_t nch = json_array_size(channels);
    bool *many = calloc(nch, sizeof *many);
    long long *first = calloc(nch, sizeof *first);
    if (!many || !first) {
        free(many);
        free(first);
        free(words);
        return pc_error_nomem(err);
    }
    for (size_t c = 0; c < nch; c++)
        first[c] = -1;
    for (size_t i = 0; i < n; i++) { /* in channel order still: one pass */
        timed_word *w = &words[i];
        if (w->speaker >= 0 && first[w->channel] < 0)
            first[w->channel] = w->speaker;
        many[w->channel] = many[w->channel] || (w->speaker >= 0 && w->speaker != first[w->channel]);
    }
    qsort(words, n, sizeof *words, word_order);
    runs r = runs_start(doc, src);
    for (size_t i = 0; i < n && r.ok; i++) {
        char name[48];
        const timed_word *w = &words[i];
        run_word(&r, channel_speaker(json_array_get(channels, w->channel), w, many, name, sizeof name),
                 json_string_value(w->text), json_string_length(w->text), w->start_s, w->end_s, w->punct);
    }
    free(many);
    free(first);
    free(words);
    return runs_finish(&r, err);
}

/* ---------- one channel's word lists ---------- */

/* The speaker of an item starting at t_s by the older AWS output's
 * speaker_labels.segments (in time order; *at, the segment the last
 * item was in, only moves forward): NULL when there are none. */
static const char *segment_speaker(json_t *segments, double t_s, size_t *at)
{
    size_t n = json_array_size(segments);
    if (!n || t_s < 0)
        return NULL;
    while (*at + 1 < n &&
           pc_json_time(json_object_get(json_array_get(segments, *at), "end_time"), -1) <= t_s)
        (*at)++;
    return str(json_object_get(json_array_get(segments, *at), "speaker_label"));
}

/* AWS Transcribe's word items: each its speaker_label, else the
 * speaker_labels segment its start falls in. */
static void aws_items(runs *r, json_t *results)
{
    json_t *items = json_object_get(results, "items");
    json_t *segments = json_object_get(json_object_get(results, "speaker_labels"), "segments");
    size_t seg = 0;
    for (size_t i = 0; i < json_array_size(items) && r->ok; i++) {
        json_t *it = json_array_get(items, i);
        json_t *word = json_object_get(json_array_get(json_object_get(it, "alternatives"), 0), "content");
        double t0 = pc_json_time(json_object_get(it, "start_time"), -1);
        const char *who = str(json_object_get(it, "speaker_label"));
        if (!who)
            who = segment_speaker(segments, t0, &seg);
        if (json_is_string(word))
            run_word(r, who, json_string_value(word), json_string_length(word), t0,
                     pc_json_time(json_object_get(it, "end_time"), -1),
                     is(json_object_get(it, "type"), "punctuation"));
    }
}

/* ElevenLabs: words carry their own blanks (type "spacing"); its sound
 * events ("(laughs)") are no words. */
static void elevenlabs_words(runs *r, json_t *words)
{
    for (size_t i = 0; i < json_array_size(words) && r->ok; i++) {
        json_t *w = json_array_get(words, i), *text = json_object_get(w, "text");
        if (!json_is_string(text) || is(json_object_get(w, "type"), "audio_event"))
            continue;
        bool word = is(json_object_get(w, "type"), "word");
        run_word(r, word ? str(json_object_get(w, "speaker_id")) : NULL, json_string_value(text),
                 json_string_length(text), pc_json_time(json_object_get(w, "start"), -1),
                 pc_json_time(json_object_get(w, "end"), -1), true);
    }
}

/* Rev.ai: a monologue is one speaker's (speaker_name, else the speaker's
 * number); its elements' values, blanks and marks among them, joined. */
static void rev_monologues(runs *r, json_t *monologues)
{
    for (size_t i = 0; i < json_array_size(monologues) && r->ok; i++) {
        json_t *m = json_array_get(monologues, i), *els = json_object_get(m, "elements");
        char id[32];
        const char *who = str(json_object_get(m, "speaker_name"));
        if (!who || !*who)
            who = speaker_of(json_object_get(m, "speaker"), id, sizeof id);
        run_flush(r); /* a monologue is a turn of its own */
        for (size_t k = 0; k < json_array_size(els) && r->ok; k++) {
            json_t *e = json_array_get(els, k), *v = json_object_get(e, "value");
            if (json_is_string(v) && !is(json_object_get(e, "type"), "unknown"))
                run_word(r, who, json_string_value(v), json_string_length(v),
                         pc_json_time(json_object_get(e, "ts"), -1),
                         pc_json_time(json_object_get(e, "end_ts"), -1), true);
        }
    }
}

/* Speechmatics: words and punctuation (attached to the word before);
 * speaker S1, S2, or UU (unknown: whoever spoke last). */
static void speechmatics_results(runs *r, json_t *results)
{
    for (size_t i = 0; i < json_array_size(results) && r->ok; i++) {
        json_t *it = json_array_get(results, i);
        json_t *alt = json_array_get(json_object_get(it, "alternatives"), 0);
        json_t *content = json_object_get(alt, "content");
        const char *who = str(json_object_get(alt, "speaker"));
        if (!json_is_string(content))
            continue;
        run_word(r, who && strcmp(who, "UU") ? who : NULL, json_string_value(content),
                 json_string_length(content), pc_json_time(json_object_get(it, "start_time"), -1),
                 pc_json_time(json_object_get(it, "end_time"), -1),
                 is(json_object_get(it, "type"), "punctuation") &&
                     !is(json_object_get(it, "attaches_to"), "next"));
    }
}

/* A duration as Google ("1.300s") or Azure ("PT1M2.5S", ISO 8601) writes
 * it, or a number of seconds; -1 when none. */
static double duration_s(json_t *v)
{
    const char *s = str(v);
    if (!s)
        return pc_json_time(v, -1);
    char *end;
    double t = 0;
    if (s[0] == 'P' && s[1] == 'T') { /* PT#H#M#S */
        for (s += 2; *s;) {
            double x = strtod(s, &end);
            if (end == s || (*end != 'H' && *end != 'M' && *end != 'S'))
                return -1;
            t += *end == 'H' ? x * 3600 : *end == 'M' ? x * 60 : x;
            s = end + 1;
        }
    } else {
        t = strtod(s, &end);
        if (end == s || (*end && strcmp(end, "s")))
            return -1;
    }
    return t >= 0 && t < 1e9 ? t : -1;
}

/* One of Google's results on a channel of its own (multi-channel
 * recognition), for sorting. */
typedef struct channel_result {
    long long tag;       /* channelTag */
    size_t seq;          /* its place in results[] */
    double start_s, end_s;
} channel_result;

static int by_channel(const void *a, const void *b)
{
    const channel_result *x = a, *y = b;
    if (x->tag != y->tag)
        return x->tag < y->tag ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* By end: a result's start is only where its channel's last one ended
 * (a silence before the words included), its end is the words' own. */
static int by_end(const void *a, const void *b)
{
    const channel_result *x = a, *y = b;
    if (x->end_s != y->end_s)
        return x->end_s < y->end_s ? -1 : 1;
    return by_channel(a, b);
}

/* Google's multi-channel results (two channelTags or more, no
 * diarization): a speaker per channel ("ch_N", an id turns.c shows as
 * "Speaker N"), each result starting where its channel's one before
 * ends, read in the order they end. false (nothing read) when the results name
 * fewer than two channels. */
static bool google_channels(runs *r, json_t *results)
{
    size_t n = json_array_size(results);
    long long first = -1;
    bool two = false;
    for (size_t i = 0; i < n && !two; i++) {
        json_t *tag = json_object_get(json_array_get(results, i), "channelTag");
        if (json_is_integer(tag) && first < 0)
            first = json_integer_value(tag);
        two = json_is_integer(tag) && json_integer_value(tag) != first;
    }
    channel_result *cr = two ? calloc(n, sizeof *cr) : NULL;
    if (!cr) {
        r->ok = !two;
        return two;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *res = json_array_get(results, i), *tag = json_object_get(res, "channelTag");
        cr[i] = (channel_result){.tag = json_is_integer(tag) ? json_integer_value(tag) : 0, .seq = i};
        if ((cr[i].end_s = duration_s(json_object_get(res, "resultEndTime"))) < 0)
            cr[i].end_s = duration_s(json_object_get(res, "resultEndOffset"));
    }
    qsort(cr, n, sizeof *cr, by_channel);
    for (size_t i = 0; i < n; i++)
        cr[i].start_s = i && cr[i - 1].tag == cr[i].tag ? cr[i - 1].end_s : 0;
    qsort(cr, n, sizeof *cr, by_end);
    for (size_t i = 0; i < n && r->ok; i++) {
        json_t *res = json_array_get(results, cr[i].seq);
        json_t *text = json_object_get(json_array_get(json_object_get(res, "alternatives"), 0), "transcript");
        char who[48];
        snprintf(who, sizeof who, "ch_%lld", cr[i].tag);
        if (json_is_string(text))
            run_word(r, who, json_string_value(text), json_string_length(text), cr[i].start_s, cr[i].end_s, false);
    }
    free(cr);
    return true;
}

/* Google Speech-to-Text: results[] each with alternatives[0].transcript;
 * with diarization the last result repeats every word with its
 * speakerTag (v1) or speakerLabel (v2), and those words are read
 * instead, a turn for each run of one speaker's. A result starts where
 * the one before ends (resultEndTime). With multi-channel recognition
 * and no diarization, each channel is a speaker (google_channels). */
static void google_results(runs *r, json_t *results)
{
    json_t *last = json_array_get(json_object_get(json_array_get(results, json_array_size(results) - 1),
                                                  "alternatives"), 0);
    json_t *words = json_object_get(last, "words"), *w0 = json_array_get(words, 0);
    if (json_object_get(w0, "speakerTag") || json_object_get(w0, "speakerLabel")) {
        for (size_t i = 0; i < json_array_size(words) && r->ok; i++) {
            json_t *w = json_array_get(words, i), *word = json_object_get(w, "word");
            char id[32];
            const char *who = speaker_of(json_object_get(w, "speakerTag"), id, sizeof id);
            if (!who)
                who = str(json_object_get(w, "speakerLabel"));
            double t0 = duration_s(json_object_get(w, "startTime"));
            if (t0 < 0)
                t0 = duration_s(json_object_get(w, "startOffset"));
            if (json_is_string(word))
                run_word(r, who, json_string_value(word), json_string_length(word), t0, -1, false);
        }
        return;
    }
    if (google_channels(r, results))
        return;
    double start_s = -1;
    for (size_t i = 0; i < json_array_size(results) && r->ok; i++) {
        json_t *res = json_array_get(results, i);
        json_t *text = json_object_get(json_array_get(json_object_get(res, "alternatives"), 0), "transcript");
        double end_s = duration_s(json_object_get(res, "resultEndTime"));
        if (end_s < 0)
            end_s = duration_s(json_object_get(res, "resultEndOffset"));
        if (json_is_string(text))
            run_word(r, NULL, json_string_value(text), json_string_length(text), start_s, end_s, false);
        start_s = end_s;
    }
}

/* Azure's batch transcription: recognizedPhrases[] with a speaker
 * number (an id), offsetInTicks (100 ns) or offset (PT1.5S), and
 * nBest[0].display; a phrase of another channel is one more speaker's
 * only through its speaker. */
static void azure_phrases(runs *r, json_t *phrases)
{
    for (size_t i = 0; i < json_array_size(phrases) && r->ok; i++) {
        json_t *p = json_array_get(phrases, i);
        json_t *text = json_object_get(json_array_get(json_object_get(p, "nBest"), 0), "display");
        char id[32];
        const char *who = speaker_of(json_object_get(p, "speaker"), id, sizeof id);
        double ticks = pc_json_time(json_object_get(p, "offsetInTicks"), -1);
        double t0 = ticks >= 0 ? ticks / 1e7 : duration_s(json_object_get(p, "offset"));
        double d = duration_s(json_object_get(p, "duration"));
        if (json_is_string(text))
            run_word(r, who, json_string_value(text), json_string_length(text), t0, t0 >= 0 && d >= 0 ? t0 + d : -1,
                     false);
    }
}

/* Do events hold YouTube's caption segments (one with segs[])? */
static bool has_segs(json_t *events)
{
    for (size_t i = 0; i < json_array_size(events); i++)
        if (json_is_array(json_object_get(json_array_get(events, i), "segs")))
            return true;
    return false;
}

/* YouTube's json3 captions (yt-dlp --sub-format json3): events[] with
 * tStartMs and segs[].utf8, joined; an event of only a line break
 * (aAppend) adds nothing. */
static void youtube_events(runs *r, json_t *events, pc_buf *line)
{
    for (size_t i = 0; i < json_array_size(events) && r->ok; i++) {
        json_t *e = json_array_get(events, i), *segs = json_object_get(e, "segs");
        pc_buf_clear(line);
        for (size_t k = 0; k < json_array_size(segs) && r->ok; k++) {
            json_t *u = json_object_get(json_array_get(segs, k), "utf8");
            if (json_is_string(u))
                r->ok = pc_buf_append(line, json_string_value(u), json_string_length(u));
        }
        size_t a = 0, n = line->len;
        while (a < n && strchr(" \t\r\n", line->data[a]))
            a++;
        while (n > a && strchr(" \t\r\n", line->data[n - 1]))
            n--;
        double t0 = pc_json_time(json_object_get(e, "tStartMs"), -1);
        double d = pc_json_time(json_object_get(e, "dDurationMs"), -1);
        if (n > a)
            run_word(r, NULL, line->data + a, n - a, t0 < 0 ? t0 : t0 / 1000, t0 < 0 || d < 0 ? -1 : (t0 + d) / 1000,
                     false);
    }
}

pcast_status pc_json_read_word_lists(pc_doc *doc, const pc_source *src, json_t *root,
                                     pcast_error *err)
{
    json_t *results = json_object_get(root, "results");
    json_t *words = json_object_get(root, "words");
    json_t *first = json_array_get(words, 0);
    runs r = runs_start(doc, src);
    if (json_array_size(json_object_get(results, "items")))
        aws_items(&r, results);
    else if (json_is_string(json_object_get(first, "type")) && json_object_get(first, "speaker_id"))
        elevenlabs_words(&r, words);
    else if (json_is_array(json_object_get(root, "monologues")))
        rev_monologues(&r, json_object_get(root, "monologues"));
    else if (json_is_string(json_object_get(json_array_get(json_object_get(json_array_get(results, 0), "alternatives"), 0),
                                            "transcript")))
        google_results(&r, results);
    else if (json_is_object(json_array_get(results, 0)) &&
             json_object_get(json_array_get(results, 0), "alternatives"))
        speechmatics_results(&r, results);
    else if (json_is_array(json_object_get(root, "recognizedPhrases")))
        azure_phrases(&r, json_object_get(root, "recognizedPhrases"));
    else if (has_segs(json_object_get(root, "events"))) {
        pc_buf line = {0};
        youtube_events(&r, json_object_get(root, "events"), &line);
        pc_buf_free(&line);
    } else
        return PCAST_ERR_ARGUMENT;
    return runs_finish(&r, err);
}

pcast_status pc_json_read_deepgram_words(pc_doc *doc, const pc_source *src, json_t *alt,
                                         pcast_error *err)
{
    json_t *words = json_object_get(alt, "words");
    bool speakers = false;
    for (size_t i = 0; i < json_array_size(words) && !speakers; i++)
        speakers = json_object_get(json_array_get(words, i), "speaker") != NULL;
    if (!speakers)
        return PCAST_ERR_ARGUMENT;
    runs r = runs_start(doc, src);
    for (size_t i = 0; i < json_array_size(words) && r.ok; i++) {
        json_t *w = json_array_get(words, i), *text = json_object_get(w, "punctuated_word");
        char id[32];
        if (!json_is_string(text))
            text = json_object_get(w, "word");
        if (json_is_string(text))
            run_word(&r, speaker_of(json_object_get(w, "speaker"), id, sizeof id), json_string_value(text),
                     json_string_length(text), pc_json_time(json_object_get(w, "start"), -1),
                     pc_json_time(json_object_get(w, "end"), -1), false);
    }
    return runs_finish(&r, err);
}
