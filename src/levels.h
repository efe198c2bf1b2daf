/* levels: one gain per voice (a speaker in one language), measured on the
 * engine's calibration passage before the episode is spoken.
 *
 * Gains are thus known before the episode streams into the encoder, do
 * not depend on the rest of the post (a previewed section sounds exactly
 * like the same span of the episode), and do not pump from sentence to
 * sentence. */
#ifndef POSTCAST_LEVELS_H
#define POSTCAST_LEVELS_H

#include "runner.h"

#define PC_TARGET_LUFS (-19.0)        /* spoken word, mono */
#define PC_TARGET_LUFS_STEREO (-16.0)

typedef struct pc_voice_level {
    size_t speaker;
    const char *tag;               /* borrowed from the plan */
    pcast_voice_settings settings; /* the speaker's, for tag */
    double gain;                   /* linear; 1 until measured */
    unsigned long line;            /* of the voice's first clip, for messages */
} pc_voice_level;

typedef struct pc_levels {
    const pc_engine_ops *engine;
    unsigned rate;        /* the engine's, Hz */
    double target_lufs;
    unsigned channels;    /* of the episode: the limiter measured is */
    double ceiling_dbfs;  /* that limiter's (the mixer's) */
    const char *file;     /* the post, for messages (or NULL) */
    pc_voice_level *voices;
    size_t count, cap;
} pc_levels;

/* Numbers the voices of clips first..first+n-1 of plan in order of first
 * use into l->voices, and each clip's voice into clip_voice[clip]. On
 * failure (a cast that does not fit, ENOMEM) l keeps what it found;
 * pc_levels_free releases it either way. */
pcast_status pc_levels_find_voices(pc_levels *l, const pcast_plan *plan, size_t first, size_t n,
                                   const pcast_cast *cast, size_t nspeakers, size_t *clip_voice,
                                   pcast_error *err);
/* Voice i's calibration clip, for the runner. */
void pc_levels_clip(const pc_levels *l, size_t i, pc_clip_src *out);
/* Sets voice i's gain from its calibration clip pcm (engine rate, mono). */
pcast_status pc_levels_measured(pc_levels *l, size_t i, const int16_t *pcm, size_t frames,
                                pcast_error *err);
/* How much lower than PC_CEILING_DBFS the limiter's ceiling must be for
 * target_lufs to keep true peaks under -1 dBTP: 0 up to -16 LUFS. */
double pc_levels_loud_headroom_db(double target_lufs);
void pc_levels_free(pc_levels *l);

#endif
