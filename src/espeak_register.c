/* espeak_register: one speaker, one register, in every language.
 *
 * espeak-ng places a syllable's pitch at base + level * range, and the
 * level a language's syllables sit at differs: Mandarin's tones sit lower
 * in the range than English intonation does, so the same preset spoke
 * English 2-3.5 semitones above its Mandarin (ava: 223 Hz against 182)
 * and every English name in a Mandarin interview jumped up. The pitch
 * setting of a clip in another language than the speaker's own is moved
 * so its median pitch is the one the speaker has at home.
 *
 * The model is espeak-ng's SetPitch2 (wavegen.c): for a variant whose
 * voice file says "pitch A B", pitch setting p (0-99) and range setting R
 * (0-100), in Hz,
 *     base  = (A - 9) * 2^((p - 50) / 50) - 18 * (r - r0) / 4096
 *     F0    = base + level * r / 4096,  r = (B - A) * 108 * R / 50,
 *                                       r0 = (B - A) * 108
 * and the median level of each language was measured (aubio's YIN on
 * two passages each, variants f1, f3 and m7, range 30 and 70): English
 * 30 (the model then predicts its medians within 1%), Mandarin 19 (17-21),
 * Cantonese 13.5 (12 and 15 on its two passages), Japanese 25, and
 * Korean, French, German, Spanish and Russian 27-33 (taken as English's).
 * tests/register.sh measures the result on rendered episodes. */
#include "espeak_register.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* espeak-ng's pitch line when a voice gives none (voices.c VoiceReset) */
#define DEFAULT_LOW_HZ 80.0
#define DEFAULT_HIGH_HZ 118.0

/* The median level (see above) of tag's syllables. */
static double level_of(const char *tag)
{
    size_t n = strcspn(tag, "-");
    if ((n == 2 && !strncasecmp(tag, "zh", 2)) || (n == 3 && !strncasecmp(tag, "cmn", 3)))
        return 19.0;
    if (n == 3 && !strncasecmp(tag, "yue", 3))
        return 13.5;
    if (n == 2 && !strncasecmp(tag, "ja", 2))
        return 25.0;
    return 30.0;
}

/* Is name a plain variant name (letters, digits, '-', '_'), one that
 * names a file in espeak-ng's variant folder and nothing else? */
static bool plain_name(const char *name)
{
    size_t n = strlen(name);
    if (!n || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '_'))
            return false;
    return true;
}

/* Variants read so far (casting a crowd asks for the same few again and
 * again): name, base and top. */
static struct {
    char name[44];
    double low, high;
} seen[32];
static size_t seen_count;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

/* variant's pitch line from its file (variant is a plain name), or the
 * default. */
static void read_variant(const char *variant, double *low_hz, double *high_hz);

void pc_espeak_variant_pitch(const char *variant, double *low_hz, double *high_hz)
{
    if (!variant || !plain_name(variant)) {
        *low_hz = DEFAULT_LOW_HZ;
        *high_hz = DEFAULT_HIGH_HZ;
        return;
    }
    pthread_mutex_lock(&seen_lock);
    for (size_t i = 0; i < seen_count; i++)
        if (!strcmp(seen[i].name, variant)) {
            *low_hz = seen[i].low;
            *high_hz = seen[i].high;
            pthread_mutex_unlock(&seen_lock);
            return;
        }
    read_variant(variant, low_hz, high_hz);
    if (seen_count < sizeof seen / sizeof *seen) {
        snprintf(seen[seen_count].name, sizeof seen[seen_count].name, "%s", variant);
        seen[seen_count].low = *low_hz;
        seen[seen_count].high = *high_hz;
        seen_count++;
    }
    pthread_mutex_unlock(&seen_lock);
}

static void read_variant(const char *variant, double *low_hz, double *high_hz)
{
    *low_hz = DEFAULT_LOW_HZ;
    *high_hz = DEFAULT_HIGH_HZ;
    const char *data = NULL;
    espeak_Info(&data);
    if (data && !*data) { /* espeak-ng not started yet (casting): find its data as it would */
        espeak_ng_InitializePath(NULL);
        espeak_Info(&data);
    }
    if (!data || !*data)
        return;
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/voices/!v/%s", data, variant);
    if (w < 0 || (size_t)w >= sizeof path)
        return;
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        const char *p = line + strspn(line, " \t");
        int a, b;
        if (!strncmp(p, "pitch", 5) && (p[5] == ' ' || p[5] == '\t') &&
            sscanf(p + 5, "%d %d", &a, &b) == 2 && a > 9 && b >= a && b < 1000) {
            *low_hz = a;
            *high_hz = b;
        }
    }
    fclose(f);
}

/* What lifts s's median above its scaled base, in Hz, for a language at
 * level (the range's compensation and the level's share of the range),
 * and the base itself at pitch 50 (*base_hz, A - 9). */
static double above_base(const pcast_voice_settings *s, double level, double *base_hz)
{
    double a, b;
    pc_espeak_variant_pitch(s->variant, &a, &b);
    double r0 = (b - a) * 108.0, r = r0 * s->range / 50.0;
    *base_hz = a - 9.0;
    return -18.0 * (r - r0) / 4096.0 + level * r / 4096.0;
}

/* The median pitch (Hz) of s speaking a language at level. */
static double median_hz(const pcast_voice_settings *s, double level)
{
    double base, above = above_base(s, level, &base);
    return base * pow(2.0, (s->pitch - 50) / 50.0) + above;
}

double pc_espeak_median_hz(const pcast_voice_settings *s) { return median_hz(s, level_of("en")); }

int pc_espeak_register_pitch(const pcast_voice_settings *home, const char *home_tag,
                             const pcast_voice_settings *s, const char *tag)
{
    /* the scale of the base (p's term) that puts s's median at home's */
    double base, above = above_base(s, level_of(tag), &base);
    double scaled = (median_hz(home, level_of(home_tag)) - above) / base;
    if (!(scaled > 0.0))
        return 0;
    double p = 50.0 + 50.0 * log2(scaled);
    return p < 0.0 ? 0 : p > 99.0 ? 99 : (int)lrint(p);
}
