/* Terminal output shared by the commands. */
#include "term.h"

#include <uniwidth.h>

#include <string.h>

void term_put_padded(FILE *f, const char *s, int width)
{
    int w = u8_strwidth((const uint8_t *)s, "UTF-8");
    fputs(s, f);
    for (; w < width; w++)
        putc(' ', f);
}

void term_first_words(const char *s, size_t max, char *out, size_t size)
{
    size_t i = 0, chars = 0, last_space = 0;
    while (s[i] && chars < max) {
        size_t n = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0xC0)
            n = 2;
        if (c == ' ')
            last_space = i;
        i += n;
        chars++;
    }
    bool cut = s[i] != '\0';
    if (cut && last_space > i / 2)
        i = last_space;
    snprintf(out, size, "%.*s%s", (int)i, s, cut ? "…" : "");
}

void term_progress_update(void *user, const pcast_progress *p)
{
    term_progress *ps = user;
    if (!ps->tty)
        return;
    const int width = 24;
    double frac = p->clip_count ? (double)p->clips_done / (double)p->clip_count : 1.0;
    int fill = (int)(frac * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double speed = p->elapsed_seconds > 0 ? p->audio_seconds / p->elapsed_seconds : 0;
    fprintf(stderr, "\r[%s] %s section %zu/%zu  turn %zu/%zu  %5.1fs  %4.0fx real time ", bar,
            p->writing ? "writing" : "speaking", p->sections_done + (p->writing ? 0 : 1),
            ps->sections, p->writing ? ps->turns : p->turns_done, ps->turns, p->elapsed_seconds,
            speed);
    fflush(stderr);
}
