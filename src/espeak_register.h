/* espeak_register: the pitch setting that keeps a speaker's register in
 * another language (see espeak_register.c for the model). */
#ifndef POSTCAST_ESPEAK_REGISTER_H
#define POSTCAST_ESPEAK_REGISTER_H

#include "postcast/postcast.h"

/* The "pitch A B" line of espeak-ng's variant file voices/!v/VARIANT (A
 * the base, B the top, Hz), or espeak-ng's default (80, 118) when variant
 * is NULL, not a plain name, or its file has no such line. Finds
 * espeak-ng's data folder as espeak-ng would when it is not started. */
void pc_espeak_variant_pitch(const char *variant, double *low_hz, double *high_hz);

/* The median pitch (Hz) of s speaking English, by the model. */
double pc_espeak_median_hz(const pcast_voice_settings *s);

/* The pitch setting (0-99) at which s, speaking in tag, has the median
 * pitch home has speaking in home_tag; the ends of the scale when it
 * cannot reach it. */
int pc_espeak_register_pitch(const pcast_voice_settings *home, const char *home_tag,
                             const pcast_voice_settings *s, const char *tag);

#endif
