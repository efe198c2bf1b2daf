/* plan_engine: a clip as the engine is handed it, for `postcast plan`
 * and anyone checking a reading: the text sent (cleaned, the one step
 * every engine's text goes through) and the engine's own phonemes.
 *
 * It mirrors runner.c's slot_start (pc_speech_clean, then the reading
 * front end): what pcast_speech_clip_text returns is what is spoken. */
#include "internal.h"
#include "engine.h"
#include "lexicon.h"
#include "plan.h"
#include "post.h"
#include "reading.h"

#include <stdlib.h>
#include <string.h>

const char *pcast_boundary_name(pcast_boundary b)
{
    switch (b) {
    case PCAST_BOUNDARY_NONE: return "none";
    case PCAST_BOUNDARY_RUN: return "run";
    case PCAST_BOUNDARY_BREATH: return "breath";
    case PCAST_BOUNDARY_COMMA: return "comma";
    case PCAST_BOUNDARY_SENTENCE: return "sentence";
    case PCAST_BOUNDARY_PARAGRAPH: return "paragraph";
    case PCAST_BOUNDARY_TURN: return "turn";
    case PCAST_BOUNDARY_SECTION: return "section";
    case PCAST_BOUNDARY_TITLE: return "title";
    }
    return "?";
}

struct pcast_speech {
    const pcast_plan *plan;
    pc_lexicon *lexicon;
    pc_reading *reading;
};

pcast_status pcast_speech_new(const pcast_post *post, const pcast_plan *plan, const char *lexicon,
                              pcast_speech **out, pcast_error *err)
{
    *out = NULL;
    pcast_speech *sp = calloc(1, sizeof *sp);
    if (!sp)
        return pc_error_nomem(err);
    sp->plan = plan;
    pcast_status st = PCAST_OK;
    /* as render.c: the site-wide lexicon, then the post's pronounce: */
    if ((st = pc_lexicon_for_post(lexicon, post ? post->front.pronounce : NULL, &sp->lexicon, err))) {
        pcast_speech_free(sp);
        return st;
    }
    if (!(sp->reading = pc_reading_new(NULL, sp->lexicon))) {
        pcast_speech_free(sp);
        return pc_error_nomem(err);
    }
    pc_reading_set_lang(sp->reading, post ? pcast_post_lang(post) : NULL);
    pc_reading_borrow_table(sp->reading, plan ? pc_plan_reading(plan) : NULL);
    *out = sp;
    return PCAST_OK;
}

void pcast_speech_free(pcast_speech *sp)
{
    if (!sp)
        return;
    pc_reading_free(sp->reading);
    pc_lexicon_free(sp->lexicon);
    free(sp);
}

/* As runner.c's slot_start: cleaned, then read. */
pcast_status pcast_speech_clip_text(pcast_speech *sp, size_t i, char **text, pcast_error *err)
{
    *text = NULL;
    const pcast_clip *c = pcast_plan_clip(sp->plan, i);
    if (!c)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no clip %zu", i);
    pc_buf clean = {0}, read = {0};
    if (!pc_speech_clean(c->text, &clean)) {
        pc_buf_free(&clean);
        return pc_error_nomem(err);
    }
    pcast_status st = pc_reading_apply(sp->reading, c->language, clean.data ? clean.data : "",
                                       clean.len, &read, err);
    pc_buf_free(&clean);
    if (!st && !pc_buf_reserve(&read, 1))
        st = pc_error_nomem(err);
    if (st) {
        pc_buf_free(&read);
        return st;
    }
    read.data[read.len] = '\0';
    *text = read.data;
    return PCAST_OK;
}

pcast_status pcast_speech_clip_phonemes(pcast_speech *sp, const pcast_cast *cast, size_t i,
                                        const char *engine, char **out, pcast_error *err)
{
    *out = NULL;
    const pc_engine_ops *e = pc_engine_find(engine);
    if (!e)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "no speech engine '%s' (there are: %s)", engine, pc_engine_names());
    const pcast_clip *c = pcast_plan_clip(sp->plan, i);
    const pcast_casting *who = c ? pcast_cast_get(cast, c->speaker_index) : NULL;
    if (!who)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no clip %zu", i);
    if (!e->phonemes)
        return PCAST_OK;
    char *text;
    pcast_status st = pcast_speech_clip_text(sp, i, &text, err);
    if (st)
        return st;
    pcast_voice_settings s = pc_voice_for(who->voice, &who->settings, c->language);
    *out = e->phonemes(&s, c->language, text);
    free(text);
    return PCAST_OK;
}
