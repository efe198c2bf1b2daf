/* render: the orchestration of an episode: open, run, finish.
 *
 * engine -> runner -> levels (a gain per voice) -> timeline -> mixer
 * (resample, music, limiter) -> sink, streaming.
 *
 * Every voice (speaker x language) is calibrated first, so all gains are
 * known before the episode starts. The output opens under a temporary
 * name with its chapter structures in place (offsets zero), and clips
 * flow into the encoder in plan order as the workers finish them, several
 * at once, cache hits at no cost. Each clip's length in samples extends
 * the timeline, so chapter offsets are exact sample counts (nothing is
 * re-probed); they are patched into the file at the end, and the file is
 * renamed into place. Memory holds a window of clips, never the episode. */
#include "internal.h"

#include "chapter_media.h"
#include "episode_tags.h"
#include "labels.h"
#include "language.h"
#include "levels.h"
#include "lexicon.h"
#include "mixer.h"
#include "plan.h"
#include "post.h"
#include "runner.h"
#include "sink.h"
#include "timeline.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


pcast_render_config pcast_render_config_init(void)
{
    pcast_render_config c;
    memset(&c, 0, sizeof c);
    c.pauses.run_ms = c.pauses.sentence_ms = c.pauses.paragraph_ms = c.pauses.turn_ms = -1;
    c.pauses.section_before_ms = c.pauses.section_after_ms = -1;
    c.music = pcast_music_default();
    return c;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------- the episode ---------- */

/* The runner's stream: each voice's calibration goes just before that
 * voice's first clip, so the first clip is spoken alongside the first
 * calibration instead of after all of them (a preview starts sooner), and
 * every gain is known before its voice is written. */
typedef struct item {
    bool calibrate;  /* a voice's calibration, else a clip */
    size_t index;    /* into levels.voices, or the span's clip number */
} item;

typedef struct episode {
    const pcast_render_config *cfg;
    const pcast_post *post;
    const pcast_plan *plan;
    size_t first, nclips;  /* the span of the plan */
    bool whole;            /* the whole plan */
    size_t nsections;      /* chapters: 0 for a span */
    unsigned rate;         /* the engine's */
    unsigned out_rate;     /* the file's */
    unsigned channels;
    pc_levels levels;
    size_t *clip_voice;    /* into levels.voices, per plan clip */
    item *items;
    size_t nitems;
    pc_cache *cache;
    pc_sink *sink;
    pc_mixer *mixer;
    pc_music *music;       /* or NULL */
    pcast_timeline *tl;
    uint64_t cursor;
    size_t next_chapter;
    pcast_progress pr;
    size_t last_section, last_turn;
    double t0;
    /* the output file's tags */
    const char **titles;
    char *artist;
    pc_episode_tags tags;
    pc_chapter_media chapter_media;
    pc_sink_meta meta;
} episode;

static void episode_get(void *user, size_t i, pc_clip_src *out)
{
    episode *e = user;
    const item *it = &e->items[i];
    if (it->calibrate) {
        pc_levels_clip(&e->levels, it->index, out);
        return;
    }
    const pcast_clip *c = pcast_plan_clip(e->plan, e->first + it->index);
    out->settings = e->levels.voices[e->clip_voice[e->first + it->index]].settings;
    out->tag = c->language;
    out->text = c->text;
    out->file = e->post ? pcast_post_path(e->post) : NULL;
    out->line = c->line;
}

static void episode_warn(void *user, const pc_clip_src *clip, const char *message)
{
    episode *e = user;
    pcast_warning w = {clip ? clip->file : NULL, clip ? clip->line : 0, message, 0};
    if (e->cfg->warning)
        e->cfg->warning(e->cfg->user, &w);
}

/* A language the plan reads in that names no language (a post's lang:
 * zz, or lang: english), once each: the engine reads it with its
 * default voice, which the user should know. Checked against ISO 639
 * (language.c), not by asking the engine: espeak-ng is not started in
 * this process. */
static void language_warnings(episode *e)
{
    const char *checked[8]; /* a post reads in one or two */
    size_t n = 0;
    for (size_t i = e->first; e->cfg->warning && i < e->first + e->nclips && n < 8; i++) {
        const char *tag = pcast_plan_clip(e->plan, i)->language;
        bool seen = !tag || !*tag;
        for (size_t k = 0; k < n && !seen; k++)
            seen = !strcmp(checked[k], tag);
        if (seen)
            continue;
        checked[n++] = tag;
        char code[4];
        if (pc_language_iso639_2(tag, code))
            continue;
        pc_buf b = {0};
        if (pc_buf_printf(&b, "lang '%s' names no language, so it is read with the default "
                              "(English) voice; give a language tag such as en, en-gb, zh-TW, fr",
                          tag)) {
            pcast_warning w = {e->post ? pcast_post_path(e->post) : NULL, 0, b.data, 0};
            e->cfg->warning(e->cfg->user, &w);
        }
        pc_buf_free(&b);
    }
}

/* The cache's trouble (a full disk, an unsafe directory), once: it cost
 * the render nothing but the caching. */
static void cache_warning(episode *e)
{
    size_t n = 0;
    const char *why = e->cache ? pc_cache_trouble(e->cache, &n) : NULL;
    if (!why || !e->cfg->warning)
        return;
    pc_buf b = {0};
    if (!pc_buf_printf(&b, "cache: %s", why) ||
        (n > 1 && !pc_buf_printf(&b, " (and %zu more)", n - 1))) {
        pc_buf_free(&b);
        return;
    }
    pcast_warning w = {NULL, 0, b.data, 0};
    e->cfg->warning(e->cfg->user, &w);
    pc_buf_free(&b);
}

static void progress(episode *e, const pcast_clip *c, size_t i)
{
    pcast_progress *pr = &e->pr;
    if (c->section_index != e->last_section)
        pr->sections_done = c->section_index;
    if (c->turn_index != SIZE_MAX &&
        (c->section_index != e->last_section || c->turn_index != e->last_turn))
        pr->turns_done++;
    e->last_section = c->section_index;
    e->last_turn = c->turn_index;
    pr->clips_done = i + 1;
    pr->audio_seconds = (double)e->cursor / e->tl->rate;
    pr->elapsed_seconds = now() - e->t0;
    if (e->cfg->progress)
        e->cfg->progress(e->cfg->user, pr);
}

/* A clip joins the episode: its pause, its samples at its voice's gain
 * (held under the ceiling), its place in the timeline. */
static pcast_status clip_done(episode *e, size_t i, const int16_t *pcm, size_t frames,
                              pcast_error *err)
{
    const pcast_clip *c = pcast_plan_clip(e->plan, e->first + i);
    pcast_timeline *tl = e->tl;
    pcast_timeline_entry *t = &tl->entries[i];
    t->clip_index = e->first + i;
    t->pause_frames = i == 0 && e->first > 0 ? 0 : (uint64_t)c->pause_before_ms * tl->rate / 1000;
    if (i == 0)
        t->pause_frames += pc_music_lead(e->music, t->pause_frames); /* the intro */
    t->start_frames = e->cursor + t->pause_frames;
    t->clip_frames = frames;
    uint64_t before = e->cursor;
    e->cursor = t->start_frames + frames;
    tl->count = i + 1;
    for (; e->next_chapter <= c->section_index && e->next_chapter < tl->chapter_count;
         e->next_chapter++)
        tl->chapters[e->next_chapter] = e->next_chapter == 0 ? 0 : t->start_frames;

    pcast_status st = PCAST_OK;
    if (e->music) {
        /* the music hears of the words before it reaches their pause */
        const pcast_speaker *who = pcast_post_speaker(e->post, c->speaker_index);
        st = pc_music_speech(e->music, t->start_frames, e->cursor, who && who->narrator,
                             i + 1 == e->pr.clip_count, before, err);
    }
    if (!st)
        st = pc_mixer_silence(e->mixer, t->pause_frames, err);
    const pc_voice_level *v = &e->levels.voices[e->clip_voice[e->first + i]];
    double pan[2];
    pc_pan_gains(v->settings.pan, pan);
    if (!st)
        st = pc_mixer_voice(e->mixer, pcm, frames, v->gain, e->cfg->stereo ? pan : NULL,
                            e->cfg->cancel, err);
    if (!st)
        progress(e, c, i);
    return st;
}

static pcast_status episode_done(void *user, size_t i, const int16_t *pcm, size_t frames,
                                 pcast_error *err)
{
    episode *e = user;
    const item *it = &e->items[i];
    if (it->calibrate)
        return pc_levels_measured(&e->levels, it->index, pcm, frames, err);
    return clip_done(e, it->index, pcm, frames, err);
}

static pcast_status sink_write(void *user, const int16_t *frames, size_t n, pcast_error *err)
{
    episode *e = user;
    return pc_sink_write(e->sink, frames, n, err);
}

/* The speakers' names for the ARTIST tag, ", " between them (malloc'd;
 * NULL when there is none, or on no memory). The narrator and the
 * speakers a transcript leaves unnamed ("Speaker 2", a tool's SPEAKER_00
 * shown as "Speaker 1") are no artists. */
static char *join_artists(const pcast_post *post)
{
    pc_buf b = {0};
    for (size_t i = 0; i < pcast_post_speaker_count(post); i++) {
        const pcast_speaker *s = pcast_post_speaker(post, i);
        if (s->narrator || pc_label_placeholder(s->name))
            continue;
        if ((b.len && !pc_buf_puts(&b, ", ")) || !pc_buf_puts(&b, s->name)) {
            pc_buf_free(&b);
            return NULL;
        }
    }
    return b.data;
}

/* ---------- orchestration: open, run, finish ---------- */

/* The span, the engine and the rates cfg asks for, checked; the engine
 * started. */
static pcast_status check_config(episode *e, const pc_engine_ops *eng, pcast_error *err)
{
    const pcast_render_config *cfg = e->cfg;
    size_t total = pcast_plan_clip_count(e->plan);
    e->first = cfg->first_clip;
    if (e->first > total || cfg->clip_count > total - e->first)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "the span is outside the plan");
    e->nclips = cfg->clip_count ? cfg->clip_count : total - e->first;
    e->whole = e->first == 0 && e->nclips == total;
    pcast_status st = eng->open(&e->rate, err);
    if (st)
        return st;
    if (cfg->rate && (cfg->rate < 8000 || cfg->rate > 192000))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "a sample rate from 8000 to 192000, not %u", cfg->rate);
    e->out_rate = cfg->rate ? cfg->rate : e->rate;
    e->channels = cfg->stereo ? 2 : 1;
    e->nsections = e->post && e->whole ? pcast_post_section_count(e->post) : 0;
    return PCAST_OK;
}

/* The most silence the pauses may add up to: a post's pauses (up to 600
 * s each) times its paragraphs would otherwise turn a few kilobytes of
 * someone else's post into days of audio and gigabytes of MP3. */
#define MAX_PAUSES_H 24

/* Speech, like the pauses, has a limit before any synthesis: a few
 * megabytes of someone else's text would be days of audio (a 3 MB post
 * rendered 27 hours, a 2 GB FLAC). A clip's UTF-8 bytes measure its time
 * (12-14 bytes a second for the corpus' Mandarin and for English at 170
 * words a minute); at 16 a second the estimate is short of the real time,
 * so no post under the limit is refused. */
#define MAX_SPEECH_H 24
#define SPEECH_BYTES_PER_S 16

/* A container with a size limit (a WAV's 4 GiB) refuses, before any
 * synthesis, an episode whose pauses alone would pass it: the words can
 * only make it longer. So does every container past MAX_PAUSES_H hours
 * of pauses, placed at the post's pauses: key when it has one, and past
 * MAX_SPEECH_H hours of words, at the clip where they pass it. */
static pcast_status check_length(const episode *e, pcast_error *err)
{
    uint64_t frames = 0, bytes = 0;
    for (size_t i = 0; i < e->nclips; i++) {
        const pcast_clip *c = pcast_plan_clip(e->plan, e->first + i);
        if ((i > 0 || e->first == 0) && c->pause_before_ms > 0)
            frames += (uint64_t)c->pause_before_ms * e->rate / 1000;
        bytes += strlen(c->text);
        if (bytes / SPEECH_BYTES_PER_S > MAX_SPEECH_H * 3600)
            return pc_error_set(err, PCAST_ERR_INPUT,
                                e->post ? pcast_post_path(e->post) : e->cfg->output_path, c->line,
                                c->line ? 1 : 0,
                                "by here the words would take more than %d hours to speak "
                                "(about %zu bytes of text); split the post",
                                MAX_SPEECH_H, (size_t)bytes);
    }
    uint64_t out = (uint64_t)((double)frames * e->out_rate / e->rate);
    pcast_status st = pc_sink_check_length(e->cfg, out, e->out_rate, e->channels, err);
    if (st || frames / e->rate <= MAX_PAUSES_H * 3600)
        return st;
    unsigned long line = 0, column = 0;
    if (e->post)
        pc_front_key_at(&e->post->front, "pauses", &line, &column);
    return pc_error_set(err, PCAST_ERR_INPUT, e->post ? pcast_post_path(e->post) : e->cfg->output_path, line,
                        column, "the pauses alone last %.1f hours, more than %d; make them shorter",
                        (double)frames / e->rate / 3600.0, MAX_PAUSES_H);
}

/* The timeline, the cache, the music, every voice's level to measure,
 * and the runner's stream of items. */
static pcast_status prepare(episode *e, const pc_engine_ops *eng, const pcast_cast *cast,
                            size_t nspeakers, pcast_error *err)
{
    const pcast_render_config *cfg = e->cfg;
    size_t total = pcast_plan_clip_count(e->plan);
    /* an equal-power pan keeps a voice's loudness, so stereo's target
     * applies to the mono measurement as it is */
    double target = cfg->loudness_lufs ? cfg->loudness_lufs
                    : cfg->stereo      ? PC_TARGET_LUFS_STEREO
                                       : PC_TARGET_LUFS;
    e->levels = (pc_levels){.engine = eng, .rate = e->rate, .target_lufs = target,
                            .channels = e->channels,
                            .ceiling_dbfs = PC_CEILING_DBFS - fmax(pc_sink_headroom_db(cfg),
                                                                   pc_levels_loud_headroom_db(target)),
                            .file = e->post ? pcast_post_path(e->post) : NULL};
    e->clip_voice = calloc(total ? total : 1, sizeof *e->clip_voice);
    e->tl = pc_timeline_new(e->rate, e->nclips, e->nsections);
    if (!e->clip_voice || !e->tl)
        return pc_error_nomem(err);
    pcast_status st;
    if (!cfg->no_cache &&
        (st = pc_cache_open(cfg->cache_dir, cfg->cache_max_bytes ? cfg->cache_max_bytes
                                                                 : (uint64_t)2 << 30,
                            &e->cache, err)))
        return st;
    if (e->post && e->whole &&
        (st = pc_music_open(&cfg->music, e->rate, e->out_rate, e->channels,
                            e->levels.target_lufs, cfg->allow_music_outside != 0, &e->music,
                            err)))
        return st;
    if ((st = pc_levels_find_voices(&e->levels, e->plan, e->first, e->nclips, cast, nspeakers,
                                    e->clip_voice, err)))
        return st;
    if (!(e->items = calloc(e->nclips + e->levels.count + 1, sizeof *e->items)))
        return pc_error_nomem(err);
    for (size_t i = 0, next_voice = 0; i < e->nclips; i++) {
        /* find_voices numbered the voices in order of first use */
        if (e->clip_voice[e->first + i] == next_voice)
            e->items[e->nitems++] = (item){true, next_voice++};
        e->items[e->nitems++] = (item){false, i};
    }
    return PCAST_OK;
}

/* Opens the output (file under a temporary name, stream or device) with
 * the tags and the chapter structures, offsets zero. */
static pcast_status open_output(episode *e, pcast_error *err)
{
    const pcast_render_config *cfg = e->cfg;
    const pcast_post *post = e->post;
    size_t nsections = e->nsections;
    if (!(e->titles = calloc(nsections ? nsections : 1, sizeof *e->titles)))
        return pc_error_nomem(err);
    for (size_t s = 0; s < nsections; s++)
        e->titles[s] = pcast_post_section(post, s)->title;
    pcast_status st = pc_episode_tags_make(&e->tags, post, cfg, err);
    if (!st && nsections)
        st = pc_chapter_media_load(&e->chapter_media, post, cfg->allow_images_outside,
                                   cfg->warning, cfg->user, err);
    if (st)
        return st;
    const pc_episode_tags *t = &e->tags;
    e->artist = post && !t->author ? join_artists(post) : NULL;
    e->meta = (pc_sink_meta){
        .title = post ? pcast_post_title(post) : NULL,
        .artist = t->author ? t->author : e->artist,
        .album = t->show                                   ? t->show
                 : post && pcast_post_tag_count(post) ? pcast_post_tag(post, 0)
                                                      : NULL,
        .language = t->language[0] ? t->language : NULL,
        .copyright = t->copyright,
        .url = t->url,
        .episode_type = t->episode_type,
        .id3_version = cfg->id3_version,
        .episode = t->episode,
        .season = t->season,
        .advisory = t->advisory,
        .artwork = t->artwork.size ? &t->artwork : NULL,
        .bitrate_kbps = cfg->bitrate_kbps,
        .date = post ? pcast_post_date(post) : NULL,
        .genre = post ? "Podcast" : NULL,
        .comment = post ? pcast_post_description(post) : NULL,
        .chapter_titles = e->titles,
        .chapter_count = nsections,
        .chapter_images = e->chapter_media.count ? e->chapter_media.images : NULL,
        .chapter_urls = e->chapter_media.count ? e->chapter_media.urls : NULL,
        .rate = e->out_rate,
        .channels = e->channels,
        .source_path = post ? pcast_post_path(post) : NULL,
    };
    return pc_sink_create(&e->sink, cfg, &e->meta, err);
}

/* Clips synthesized at once when cfg does not say: one per CPU and one
 * more, so that a worker is ready whenever another waits for its next
 * clip or the render and encoder threads take a core (the corpus, cold,
 * idle 2 cores, 4 interleaved runs each: 3.40 s with 2, 3.26 s with 3;
 * the bytes are the same for any number). */
static size_t default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 2 : (size_t)n + 1;
}

/* Speaks every item into the mixer, then the music's end and the tails
 * of the resampler and limiter; the timeline is then complete. */
static pcast_status run(episode *e, const pc_engine_ops *eng, pcast_error *err)
{
    const pcast_render_config *cfg = e->cfg;
    pcast_status st = pc_mixer_new(e->rate, e->out_rate, e->channels, e->levels.ceiling_dbfs,
                                   e->music, sink_write, e, &e->mixer, err);
    if (st)
        return st;
    if (!cfg->device && !(cfg->output_path && !strcmp(cfg->output_path, "-")))
        pc_mixer_encode_on_thread(e->mixer); /* a file: encoding overlaps speech */
    e->last_section = e->last_turn = SIZE_MAX;
    e->t0 = now();
    e->pr.clip_count = e->nclips;
    e->pr.section_count = e->nsections;
    /* the site-wide --lexicon, then the post's own `pronounce:` over it */
    pc_lexicon *lex;
    if ((st = pc_lexicon_for_post(cfg->lexicon, e->post ? e->post->front.pronounce : NULL, &lex, err)))
        return st;
    pc_reading *reading = pc_reading_new(NULL, lex);
    if (!reading) {
        pc_lexicon_free(lex);
        return pc_error_nomem(err);
    }
    pc_reading_set_lang(reading, e->post ? pcast_post_lang(e->post) : NULL);
    pc_reading_borrow_table(reading, pc_plan_reading(e->plan)); /* loaded once */
    pc_runner r = {.engine = eng, .rate_hz = e->rate, .cache = e->cache,
                   .jobs = cfg->jobs ? cfg->jobs : default_jobs(),
                   .reading = reading,
                   .cancel = cfg->cancel, .get = episode_get, .done = episode_done,
                   .warn = episode_warn, .user = e};
    st = pc_run_clips(&r, e->nitems, err);
    pc_reading_free(reading);
    pc_lexicon_free(lex);
    if (st)
        return st;
    if (e->music) {
        /* the outro (or the intro, or the bed's fade) may outlast the words */
        uint64_t end = pc_music_finish(e->music, e->cursor);
        if (end > e->cursor && (st = pc_mixer_silence(e->mixer, end - e->cursor, err)))
            return st;
        e->cursor = end > e->cursor ? end : e->cursor;
    }
    if ((st = pc_mixer_flush(e->mixer, err)))
        return st;
    pcast_timeline *tl = e->tl;
    tl->total = e->cursor;
    for (; e->next_chapter < e->nsections; e->next_chapter++)
        tl->chapters[e->next_chapter] = e->next_chapter == 0 ? 0 : tl->total;
    return PCAST_OK;
}

/* Closes the output, writes the real chapter offsets (at the file's
 * rate) into it and puts it in place. */
static pcast_status finish_output(episode *e, pcast_error *err)
{
    pcast_timeline *tl = e->tl;
    size_t nsections = e->nsections;
    uint64_t *at = malloc(sizeof *at * (nsections ? nsections : 1));
    if (!at)
        return pc_error_nomem(err);
    for (size_t i = 0; i < nsections; i++)
        at[i] = pc_mixer_file_frames(e->mixer, tl->chapters[i]);
    pcast_status st = pc_sink_finish(e->sink, at, nsections,
                                     pc_mixer_file_frames(e->mixer, tl->total), err);
    e->sink = NULL;
    free(at);
    return st;
}

/* Frees what e holds; an output still open (a failure) is discarded. */
static void episode_free(episode *e)
{
    pc_mixer_free(e->mixer); /* first: its encoder thread writes to the sink */
    pc_sink_abort(e->sink);
    pc_cache_free(e->cache);
    pc_levels_free(&e->levels);
    free(e->clip_voice);
    free(e->titles);
    free(e->artist);
    pc_episode_tags_free(&e->tags);
    pc_chapter_media_free(&e->chapter_media);
    free(e->items);
    pc_music_free(e->music);
}

pcast_status pc_render_plan(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                            size_t nspeakers, const pcast_render_config *cfg,
                            pcast_timeline **timeline, pcast_error *err)
{
    if (timeline)
        *timeline = NULL;
    if (!cfg)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no render configuration");
    episode *e = calloc(1, sizeof *e);
    if (!e)
        return pc_error_nomem(err);
    *e = (episode){.cfg = cfg, .post = post, .plan = plan};
    const pc_engine_ops *eng = pc_engine_find(cfg->engine);
    pcast_status st = pc_sink_check(cfg, post ? pcast_post_path(post) : NULL, err);
    if (!st && !eng)
        st = pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "unknown engine '%s' (%s)",
                          cfg->engine, pc_engine_names());
    if (!st)
        st = check_config(e, eng, err);
    if (!st)
        language_warnings(e);
    if (!st)
        st = check_length(e, err);
    if (!st)
        st = prepare(e, eng, cast, nspeakers, err);
    if (!st)
        st = open_output(e, err);
    if (!st)
        st = run(e, eng, err);
    if (!st)
        st = finish_output(e, err);
    if (!st && e->cache)
        pc_cache_trim(e->cache);
    cache_warning(e);
    episode_free(e);
    if (st || !timeline)
        pcast_timeline_free(e->tl);
    else
        *timeline = e->tl;
    free(e);
    return st;
}

pcast_status pcast_render(const pcast_post *post, const pcast_cast *cast, const pcast_plan *plan,
                          const pcast_render_config *cfg, pcast_timeline **timeline,
                          pcast_error *err)
{
    if (!post || !cast || !plan)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to render");
    return pc_render_plan(post, cast, plan, pcast_post_speaker_count(post), cfg, timeline, err);
}

pcast_status pcast_say_with(const pcast_voice *voice, const char *text, const char *lang,
                            const pcast_render_config *cfg, pcast_error *err)
{
    if (!voice || !text || !cfg || !cfg->output_path)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "nothing to say");
    pcast_plan *plan;
    pcast_cast *cast;
    pcast_status st = pc_plan_text(text, lang, &plan, err);
    if (st)
        return st;
    if ((st = pc_cast_single(voice, &cast, err))) {
        pcast_plan_free(plan);
        return st;
    }
    st = pc_render_plan(NULL, cast, plan, 1, cfg, NULL, err);
    pcast_cast_free(cast);
    pcast_plan_free(plan);
    return st;
}

pcast_status pcast_say(const pcast_voice *voice, const char *text, const char *lang,
                       const char *output_path, pcast_error *err)
{
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = output_path;
    return pcast_say_with(voice, text, lang, &cfg, err);
}
