/* reader_ttml_time: TTML time expressions (TTML 1 §10.3.1, ttp: §6.2). */
#include "reader_ttml_time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *pc_ttml_read_rates(const char *(*get)(const void *ctx, const char *local), const void *ctx,
                               pc_ttml_rates *r, const char **why)
{
    const char *fr = get(ctx, "frameRate"), *mul = get(ctx, "frameRateMultiplier");
    const char *sub = get(ctx, "subFrameRate"), *tick = get(ctx, "tickRate");
    const char *base = get(ctx, "timeBase"), *drop = get(ctx, "dropMode"), *marker = get(ctx, "markerMode");
    double f = fr ? strtod(fr, NULL) : 30, s = sub ? strtod(sub, NULL) : 1;
    r->frame_hz = r->nominal_hz = f >= 1 && f <= 1000 ? f : 30;
    r->sub_frames = s >= 1 && s <= 1000 ? s : 1;
    double num = 0, den = 0;
    char *e;
    if (mul && (num = strtod(mul, &e)) > 0 && (den = strtod(e, NULL)) > 0 && num / den > 0.01 && num / den < 100)
        r->frame_hz *= num / den;
    double t = tick ? strtod(tick, NULL) : 0;
    r->tick_hz = t >= 1 && t <= 1e9 ? t : fr ? r->frame_hz * r->sub_frames : 1;
    r->smpte = base && !strcmp(base, "smpte");
    r->drop = PC_TTML_NON_DROP;
    if (base && !r->smpte && strcmp(base, "media")) {
        *why = "only media and smpte time bases give times in the recording "
               "(clock times are times of day)";
        return "timeBase";
    }
    if (r->smpte && marker && !strcmp(marker, "discontinuous")) {
        *why = "discontinuous SMPTE markers are labels, not times in the recording";
        return "markerMode";
    }
    if (!r->smpte || !drop || !strcmp(drop, "nonDrop"))
        return NULL;
    r->drop = !strcmp(drop, "dropNTSC") ? PC_TTML_DROP_NTSC : !strcmp(drop, "dropPAL") ? PC_TTML_DROP_PAL : r->drop;
    if (r->drop == PC_TTML_NON_DROP) {
        *why = "not a drop mode (nonDrop, dropNTSC, dropPAL)";
        return "dropMode";
    }
    if (r->nominal_hz != 30) {
        *why = "a drop-frame timecode counts 30 frames a second (ttp:frameRate=\"30\")";
        return "dropMode";
    }
    return NULL;
}

/* Digits at *s as a number (a fraction after '.' when frac), advancing
 * *s; false when there are none. */
static bool number(const char **s, bool frac, double *v)
{
    const char *p = *s;
    double x = 0;
    while (*p >= '0' && *p <= '9' && x < 1e12)
        x = x * 10 + (*p++ - '0');
    if (p == *s)
        return false;
    if (frac && *p == '.') {
        double scale = 0.1;
        for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
            x += (*p - '0') * scale;
    }
    *s = p;
    *v = x;
    return true;
}

/* A timecode label h:m:s:f(.sub) under r's smpte time base: the frames
 * it counts (those its drop mode skips taken off) in seconds. */
static double timecode_s(double h, double m, double s, double f, double sub, const pc_ttml_rates *r)
{
    double minutes = floor(h) * 60 + floor(m);
    double frames = (floor(h) * 3600 + floor(m) * 60 + s) * r->nominal_hz + f;
    if (r->drop == PC_TTML_DROP_NTSC)
        frames -= 2 * (minutes - floor(minutes / 10));
    else if (r->drop == PC_TTML_DROP_PAL)
        frames -= 4 * (floor(minutes / 2) - floor(minutes / 20));
    return frames / r->frame_hz + sub / (r->frame_hz * r->sub_frames);
}

/* Is frame label f of h:m:s one r's timecode never shows: a frame past
 * the second's count, or one its drop mode skips (TTML 2,
 * #parameter-attribute-dropMode: dropNTSC skips 00-01 at second 00 of each minute but
 * every tenth, dropPAL 00-03 at second 00 of each even minute but 00,
 * 20 and 40)? */
static bool frame_skipped(double m, double s, double f, const pc_ttml_rates *r)
{
    if (f >= r->nominal_hz)
        return true;
    if (floor(s) != 0)
        return false;
    long long mm = (long long)floor(m);
    if (r->drop == PC_TTML_DROP_NTSC)
        return f < 2 && mm % 10 != 0;
    if (r->drop == PC_TTML_DROP_PAL)
        return f < 4 && mm % 2 == 0 && mm % 20 != 0;
    return false;
}

bool pc_ttml_time(const char *s, const pc_ttml_rates *r, double *time_s, const char **why)
{
    double a, b, c, f = 0, sub = 0;
    bool frames = false;
    *why = NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!number(&s, true, &a))
        return false;
    if (*s == ':') {
        s++;
        if (!number(&s, true, &b))
            return false;
        if (*s == ':') {
            s++;
            if (!number(&s, true, &c))
                return false;
            if (*s == ':') {
                s++;
                if (!number(&s, false, &f) || (*s == '.' && (s++, !number(&s, false, &sub))))
                    return false;
                frames = true;
            }
            if (frames && r->smpte && frame_skipped(b, c, f, r)) {
                *why = r->drop == PC_TTML_NON_DROP ? "a frame past the second's last (ttp:frameRate)"
                                                   : "a frame label the drop mode skips (ttp:dropMode)";
                return false;
            }
            a = r->smpte ? timecode_s(a, b, c, f, sub, r)
                         : a * 3600 + b * 60 + c + f / r->frame_hz + sub / (r->frame_hz * r->sub_frames);
        } else {
            a = a * 60 + b;
        }
    } else if (!strncmp(s, "ms", 2)) {
        a /= 1000, s += 2;
    } else if (*s == 'h' || *s == 'm' || *s == 's' || *s == 'f' || *s == 't') {
        a = *s == 'h' ? a * 3600 : *s == 'm' ? a * 60 : *s == 'f' ? a / r->frame_hz : *s == 't' ? a / r->tick_hz : a;
        s++;
    }
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s || !isfinite(a) || a < 0 || a > 366 * 86400.0)
        return false;
    *time_s = a;
    return true;
}
