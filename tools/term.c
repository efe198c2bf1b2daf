/* Terminal output shared by the commands. */
#include "term.h"

#include <unistr.h>
#include <uniwidth.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Code points a terminal obeys instead of showing: C0, DEL, C1, and the
 * bidi embeddings, overrides and isolates (U+202A-E, U+2066-9). */
static bool is_control(ucs4_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* The visible form of control c into out (at least 16 bytes). */
static void escape_of(ucs4_t c, char *out, size_t size)
{
    static const char names[] = {'a', 'b', 't', 'n', 'v', 'f', 'r'};
    if (c >= 0x07 && c <= 0x0D)
        snprintf(out, size, "\\%c", names[c - 0x07]);
    else if (c == 0x1B)
        snprintf(out, size, "\\e");
    else if (c < 0x80)
        snprintf(out, size, "\\x%02X", (unsigned)c);
    else
        snprintf(out, size, "\\u%04X", (unsigned)c);
}

/* Writes s cleaned; keep_lines lets newlines and tabs through. Returns
 * the columns written (on the last line, when lines are kept). */
static int put_clean(FILE *f, const char *s, bool keep_lines)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t left = strlen(s);
    int cols = 0;
    char esc[16];
    while (left) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, p, left);
        if (n < 0) { /* not UTF-8: the byte, in hex */
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned)*p);
            fputs(esc, f);
            cols += (int)strlen(esc);
            p++, left--;
            continue;
        }
        if (keep_lines && (c == '\n' || c == '\t')) {
            putc((int)c, f);
            cols = c == '\n' ? 0 : cols + 1;
        } else if (is_control(c)) {
            escape_of(c, esc, sizeof esc);
            fputs(esc, f);
            cols += (int)strlen(esc);
        } else {
            fwrite(p, 1, (size_t)n, f);
            int w = uc_width(c, "UTF-8");
            cols += w > 0 ? w : 0;
        }
        p += n, left -= (size_t)n;
    }
    return cols;
}

int term_put(FILE *f, const char *s) { return put_clean(f, s, false); }

void term_put_text(FILE *f, const char *s) { put_clean(f, s, true); }

void term_put_padded(FILE *f, const char *s, int width)
{
    for (int w = term_put(f, s); w < width; w++)
        putc(' ', f);
}

void term_vprintf(FILE *f, const char *fmt, va_list ap)
{
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            term_put(f, big);
            free(big);
            va_end(again);
            return;
        }
    }
    va_end(again);
    if (n >= 0) /* when out of memory the truncated message still says most */
        term_put(f, small);
}

void term_printf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    term_vprintf(f, fmt, ap);
    va_end(ap);
}

void term_put_json(FILE *f, const char *json)
{
    const uint8_t *p = (const uint8_t *)json;
    size_t left = strlen(json);
    while (left) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, p, left);
        if (n < 0) /* jansson writes UTF-8 only; were it not, no raw byte */
            n = 1, c = 0xFFFD;
        if (c == 0xFFFD || (c >= 0x7F && is_control(c)))
            fprintf(f, "\\u%04X", (unsigned)c);
        else
            fwrite(p, 1, (size_t)n, f);
        p += n, left -= (size_t)n;
    }
    putc('\n', f);
}

char *term_valid_utf8(const char *s)
{
    size_t left = strlen(s);
    if (left > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(left * 3 + 1), *o = out; /* each bad byte grows to 3 */
    const uint8_t *p = (const uint8_t *)s;
    if (!out)
        return NULL;
    while (left) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, p, left);
        if (n < 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3, p++, left--;
        } else {
            memcpy(o, p, (size_t)n);
            o += n, p += n, left -= (size_t)n;
        }
    }
    *o = '\0';
    return out;
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

void term_hms(char *out, size_t size, double seconds)
{
    unsigned long long ms = (unsigned long long)(seconds * 1000.0 + 0.5);
    snprintf(out, size, "%02llu:%02llu:%02llu.%03llu", ms / 3600000, ms / 60000 % 60,
             ms / 1000 % 60, ms % 1000);
}

/* Draws the bar line: at most 75 columns for a post of 99 sections and
 * 9999 turns rendered at 9999x in under 1000 s, so that it never wraps
 * on an 80-column terminal (a wrapped line is not redrawn by \r). */
void term_progress_update(void *user, const pcast_progress *p)
{
    term_progress *ps = user;
    if (!ps->tty)
        return;
    const int width = 20;
    double frac = p->clip_count ? (double)p->clips_done / (double)p->clip_count : 1.0;
    int fill = (int)(frac * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double speed = p->elapsed_seconds > 0 ? p->audio_seconds / p->elapsed_seconds : 0;
    int len;
    if (!p->writing && p->clips_done >= p->clip_count)
        len = fprintf(stderr, "\r[%s] encoding…  %zu sections  %zu turns  %.1fs", bar,
                      ps->sections, ps->turns, p->elapsed_seconds) - 2; /* … is 3 bytes */
    else
        len = fprintf(stderr, "\r[%s] %s section %zu/%zu turn %zu/%zu  %.1fs  %.0fx", bar,
                      p->writing ? "writing" : "speaking",
                      p->sections_done + (p->writing ? 0 : 1), ps->sections,
                      p->writing ? ps->turns : p->turns_done, ps->turns, p->elapsed_seconds,
                      speed);
    for (int i = len; i < ps->last_len; i++)
        putc(' ', stderr);
    ps->last_len = len;
    fflush(stderr);
}

void term_progress_clear(term_progress *ps)
{
    if (!ps || !ps->tty || ps->last_len <= 0)
        return;
    fprintf(stderr, "\r%*s\r", ps->last_len - 1, ""); /* less the \r counted */
    ps->last_len = 0;
}
