/* plan_engine: a clip as the engine is handed it, for `postcast plan`
 * and anyone checking a reading: the text sent (cleaned, the one step
 * every engine's text goes through) and the engine's own phonemes.
 *
 * The reading front end (words, numbers, lexicon) plugs in at
 * pcast_plan_clip_engine_text: what it returns is what is spoken. */
#include "internal.h"
#include "engine.h"

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

char *pcast_plan_clip_engine_text(const pcast_plan *plan, size_t i)
{
    const pcast_clip *c = pcast_plan_clip(plan, i);
    pc_buf b = {0};
    if (!c || !pc_speech_clean(c->text, &b) || !pc_buf_reserve(&b, 1)) {
        pc_buf_free(&b);
        return NULL;
    }
    b.data[b.len] = '\0';
    return b.data;
}

pcast_status pcast_plan_clip_phonemes(const pcast_plan *plan, const pcast_cast *cast, size_t i,
                                      const char *engine, char **out, pcast_error *err)
{
    *out = NULL;
    const pc_engine_ops *e = pc_engine_find(engine);
    if (!e)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "no speech engine '%s' (there are: %s)", engine, pc_engine_names());
    const pcast_clip *c = pcast_plan_clip(plan, i);
    const pcast_casting *who = c ? pcast_cast_get(cast, c->speaker_index) : NULL;
    if (!who)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no clip %zu", i);
    if (!e->phonemes)
        return PCAST_OK;
    char *text = pcast_plan_clip_engine_text(plan, i);
    if (!text)
        return pc_error_nomem(err);
    pcast_voice_settings s = pc_voice_for(who->voice, &who->settings, c->language);
    *out = e->phonemes(&s, c->language, text);
    free(text);
    return PCAST_OK;
}
