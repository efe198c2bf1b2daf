/* reader_markdown_tags: template tags, attribute lists and shortcodes out of a
 * post's Markdown before cmark reads it. */
#define _GNU_SOURCE /* memmem */
#include "reader_markdown_tags.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The next occurrence of needle (k bytes) in s[from..n), cached in *at:
 * a search starts where the last one found its answer, so a run of
 * openers with no closer costs one scan, not one each. n when none. */
static size_t next_of(const char *s, size_t n, size_t from, const char *needle, size_t k,
                      size_t *at)
{
    if (*at != SIZE_MAX && *at >= from)
        return *at;
    const char *p = from < n ? memmem(s + from, n - from, needle, k) : NULL;
    *at = p ? (size_t)(p - s) : n;
    return *at;
}

static void blank_out(char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (s[i] != '\n' && s[i] != '\r')
            s[i] = ' ';
}

/* Is s[from..) (blanks first) the word w? */
static bool word_at(const char *s, size_t from, size_t to, const char *w)
{
    while (from < to && (s[from] == ' ' || s[from] == '\t' || s[from] == '-'))
        from++;
    size_t k = strlen(w);
    return to - from >= k && !strncmp(s + from, w, k);
}

/* The end of the line holding s[i]: the offset of its '\n' (or n),
 * looked for in at most max bytes (i + max when it is further). */
static size_t line_end(const char *s, size_t n, size_t i, size_t max)
{
    size_t k = n - i < max ? n - i : max;
    const char *e = memchr(s + i, '\n', k);
    return e ? (size_t)(e - s) : i + k;
}

/* A kramdown attribute list at s[i] ("{: .lead}", "{:toc}",
 * "{:target="_blank"}"): its length through the '}' on its line, 0 if
 * none. A "* TOC" list item over a {:toc} goes with it (kramdown puts the
 * table of contents there). */
static size_t kramdown_ial(char *s, size_t n, size_t i)
{
    size_t e = i + 2, stop = line_end(s, n, i, 200);
    while (e < stop && s[e] != '}' && s[e] != '{')
        e++;
    if (e >= stop || s[e] != '}')
        return 0;
    size_t a = i + 2;
    while (a < e && s[a] == ' ')
        a++;
    size_t ls = i;
    while (ls > 0 && s[ls - 1] == ' ')
        ls--;
    if (e - a == 3 && !strncmp(s + a, "toc", 3) && ls > 0 && s[ls - 1] == '\n') {
        size_t ps = ls - 1; /* the line above: "* TOC" (once a line: linear) */
        while (ps > 0 && s[ps - 1] != '\n')
            ps--;
        size_t k = ps;
        while (k < ls && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k + 1 < ls && strchr("*-+", s[k]) && s[k + 1] == ' ' &&
            (word_at(s, k + 1, ls, "TOC") || word_at(s, k + 1, ls, "Table of Contents")))
            blank_out(s, ps, ls);
    }
    return e + 1 - i;
}

/* Could url be written as a Markdown image's path as it is (no blank,
 * bracket, parenthesis, angle bracket, backslash or quote)? */
static bool plain_url(const char *url, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(" \t\r\n()[]<>\\\"'`*_", url[i]))
            return false;
    return n > 0;
}

/* Hugo's figure shortcode in s[from..to) (to past its "}}", close the
 * offset of its "}}"): its caption and title values are kept where they
 * stand (what a reader sees under the picture is read, as WordPress's
 * [caption] words are; its alt is not, as an image's alt is not), its
 * src becomes a Markdown image in its own place ("src=\"x.jpg\"" ->
 * "![](x.jpg) ", one byte shorter: a chapter image, as ![alt](x.jpg) is),
 * the rest is blanked. Values in "...", '...' or `...`, or bare. */
static void hugo_figure(char *s, size_t from, size_t close, size_t to)
{
    size_t keep[2][2], kept = 0, src = SIZE_MAX, url = 0, url_len = 0;
    size_t k = from + 3;
    while (k < close && s[k] != 'f')
        k++;
    k += 6; /* "figure" */
    while (k < close) {
        while (k < close && strchr(" \t\r\n", s[k]))
            k++;
        size_t key = k;
        while (k < close && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_' || s[k] == '-'))
            k++;
        if (k == key || k >= close || s[k] != '=') {
            k++;
            continue;
        }
        size_t key_len = k - key, v = ++k, ve;
        char q = k < close && strchr("\"'`", s[k]) ? s[k] : 0;
        if (q) {
            for (v = ++k; k < close && s[k] != q; k++)
                k += q == '"' && s[k] == '\\' && k + 1 < close;
            ve = k;
            k += k < close;
        } else {
            while (k < close && !strchr(" \t\r\n", s[k]))
                k++;
            ve = k;
        }
        if (ve > close)
            ve = close;
        if (((key_len == 7 && !strncmp(s + key, "caption", 7)) || (key_len == 5 && !strncmp(s + key, "title", 5))) &&
            kept < 2) {
            keep[kept][0] = v;
            keep[kept++][1] = ve;
        } else if (key_len == 3 && !strncmp(s + key, "src", 3) && plain_url(s + v, ve - v)) {
            src = key;
            url = v;
            url_len = ve - v;
        }
    }
    size_t img_end = src;
    if (src != SIZE_MAX) { /* "src=" and a quote give the bytes "![](" and ")" need */
        memmove(s + src + 4, s + url, url_len);
        memcpy(s + src, "![](", 4);
        s[src + 4 + url_len] = ')';
        img_end = src + 5 + url_len;
    }
    for (size_t i = from; i < to; i++) {
        bool stays = src != SIZE_MAX && i >= src && i < img_end;
        for (size_t r = 0; r < kept; r++)
            stays |= i >= keep[r][0] && i < keep[r][1];
        if (!stays && s[i] != '\n' && s[i] != '\r')
            s[i] = ' ';
    }
}

/* A static-site generator's template tags, which a post's text is not:
 * Jekyll's Liquid ({% include x.html %}, {{ site.url }}, with {%- -%}
 * trimming), Hugo's shortcodes ({{< youtube id >}}, {{% note %}}) and
 * kramdown's attribute lists ({: .lead}) become blanks, and what stands
 * between {% highlight %} (or Hugo's {{< highlight >}}) and its end
 * (code) or {% comment %} and {% endcomment %} goes with them. Lines and
 * columns stay where they were (newlines are kept). A tag is at most
 * TAG_MAX_BYTES long; an opener with no closer is text. Linear in n. */
enum { TAG_MAX_BYTES = 2000 };

static void blank_template_tags(char *s, size_t n)
{
    size_t pct = SIZE_MAX, brace = SIZE_MAX, endhl = SIZE_MAX, endcm = SIZE_MAX, hugohl = SIZE_MAX;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '{' || (s[i + 1] != '%' && s[i + 1] != '{' && s[i + 1] != ':'))
            continue;
        if (s[i + 1] == ':') {
            size_t k = kramdown_ial(s, n, i);
            if (k)
                blank_out(s, i, i + k);
            i += k ? k - 1 : 0;
            continue;
        }
        bool liquid = s[i + 1] == '%';
        size_t c = liquid ? next_of(s, n, i + 2, "%}", 2, &pct) : next_of(s, n, i + 2, "}}", 2, &brace);
        if (c >= n || c - i > TAG_MAX_BYTES)
            continue;
        size_t end = c + 2, e = n;
        bool hugo = !liquid && i + 2 < c && (s[i + 2] == '<' || s[i + 2] == '%');
        if (liquid) {
            size_t w = i + 2;
            while (w < c && (s[w] == '-' || s[w] == ' ' || s[w] == '\t'))
                w++;
            bool hl = c - w >= 9 && !strncmp(s + w, "highlight", 9);
            bool cm = c - w >= 7 && !strncmp(s + w, "comment", 7);
            e = hl ? next_of(s, n, c, "endhighlight", 12, &endhl)
              : cm ? next_of(s, n, c, "endcomment", 10, &endcm) : n;
            size_t close = e < n ? next_of(s, n, e, "%}", 2, &pct) : n;
            if (close < n)
                end = close + 2;
        } else if (hugo && word_at(s, i + 3, c, "figure") && c - i > 9 && strchr(" \t\r\n%>", s[i + 3 + strspn(s + i + 3, " \t-") + 6])) {
            hugo_figure(s, i, c, end);
            i = end - 1;
            continue;
        } else if (hugo && word_at(s, i + 3, c, "highlight")) {
            e = next_of(s, n, c, "/highlight", 10, &hugohl);
            size_t close = e < n ? next_of(s, n, e, "}}", 2, &brace) : n;
            if (close < n)
                end = close + 2;
        }
        blank_out(s, i, end);
        i = end - 1;
    }
}

/* WordPress's shortcodes: [caption ...] and [/caption] (its words
 * stay), and the media ones, whose contents are a URL or nothing to read
 * ([embed]URL[/embed], [gallery ids="1,2"]). Blanked in s[0..n) as
 * template tags are. A Markdown link ([text](url), [text][ref]) is none. */
static void blank_shortcodes(char *s, size_t n)
{
    static const char *const keep[] = {"caption", "wp_caption"};
    static const char *const media[] = {"embed", "gallery", "audio", "video", "playlist", "youtube",
                                        "vimeo", "soundcloud", "spotify", "tweet", "instagram"};
    for (size_t i = 0; i + 2 < n; i++) {
        if (s[i] != '[')
            continue;
        size_t a = i + 1 + (s[i + 1] == '/'), k = a;
        while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'))
            k++;
        if (k == a || k >= n || (s[k] != ']' && s[k] != ' '))
            continue;
        bool is_media = false, known = false;
        for (size_t j = 0; j < sizeof keep / sizeof *keep; j++)
            known |= strlen(keep[j]) == k - a && !strncmp(s + a, keep[j], k - a);
        for (size_t j = 0; j < sizeof media / sizeof *media; j++)
            is_media |= strlen(media[j]) == k - a && !strncmp(s + a, media[j], k - a);
        size_t stop = line_end(s, n, i, TAG_MAX_BYTES), e = k;
        while (e < stop && s[e] != ']' && s[e] != '[')
            e++;
        if (!(known || is_media) || e >= stop || s[e] != ']' || (e + 1 < n && (s[e + 1] == '(' || s[e + 1] == '[')))
            continue;
        size_t end = e + 1;
        if (is_media && s[i + 1] != '/') { /* its contents up to [/name] on the line */
            char closer[24];
            snprintf(closer, sizeof closer, "[/%.*s]", (int)(k - a), s + a);
            const char *c = memmem(s + end, stop - end, closer, strlen(closer));
            if (c)
                end = (size_t)(c - s) + strlen(closer);
        }
        blank_out(s, i, end);
        i = end - 1;
    }
}

/* kramdown's markdown="1" (or "block", "span") on an HTML tag opening a
 * line: the tag, and the end tag of its name that opens a later line,
 * are blanked, so cmark reads what they hold as Markdown, as kramdown
 * does (raw HTML it was, its ** and [](...) read aloud). One pass: the
 * open tags wait on a small stack (the deepest 32 are kept). */
static void markdown_blocks(char *s, size_t n)
{
    enum { DEPTH = 32, NAME = 12 };
    char open[DEPTH][NAME];
    size_t depth = 0;
    for (size_t ls = 0; ls < n;) {
        size_t le = line_end(s, n, ls, n - ls), i = ls;
        while (i < le && (s[i] == ' ' || s[i] == '\t'))
            i++;
        bool closing = i + 1 < le && s[i] == '<' && s[i + 1] == '/';
        size_t a = i + 1 + closing, k = a;
        while (k < le && k - a < NAME - 1 && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9')))
            k++;
        const char *gt = i < le && s[i] == '<' && k > a ? memchr(s + k, '>', le - k) : NULL;
        if (gt && closing) {
            for (size_t d = depth; d > 0; d--)
                if (strlen(open[d - 1]) == k - a && !strncmp(open[d - 1], s + a, k - a)) {
                    blank_out(s, i, (size_t)(gt - s) + 1);
                    depth = d - 1;
                    break;
                }
        } else if (gt) {
            const char *attr = memmem(s + k, (size_t)(gt - s) - k, "markdown=", 9);
            if (attr && (attr[9] == '"' || attr[9] == '\'') && attr[10] && strchr("1bs", attr[10])) {
                if (depth == DEPTH) { /* keep the deepest */
                    memmove(open[0], open[1], sizeof open - sizeof open[0]);
                    depth--;
                }
                memcpy(open[depth], s + a, k - a);
                open[depth++][k - a] = '\0';
                blank_out(s, i, (size_t)(gt - s) + 1);
            }
        }
        ls = le + 1;
    }
}

/* A line whose tag (orig's first non-blank character, '{', '[' or '<') was
 * blanked in s, with words after it: the words move left to where the
 * tag stood, so four blanks make no indented code of them; the line
 * keeps its length (blanks at its end) and number. */
static void unindent_tag_lines(char *s, const char *orig, size_t n)
{
    for (size_t ls = 0; ls < n;) {
        size_t le = line_end(s, n, ls, n - ls), q = ls, p = ls;
        while (q < le && (orig[q] == ' ' || orig[q] == '\t'))
            q++;
        while (p < le && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (p < le && p > q && (orig[q] == '{' || orig[q] == '[' || orig[q] == '<') && p - ls >= 4 &&
            q - ls < 4) {
            memmove(s + q, s + p, le - p);
            memset(s + q + (le - p), ' ', p - q);
        }
        ls = le + 1;
    }
}

/* Pandoc's title block opening the file: "% Title" becomes the heading
 * "# Title" (the post's title where front matter gives none); the
 * author and date lines after it ("% Dana Wu", "% 2026-01-05") go. */
static void pandoc_title_block(char *s, size_t n)
{
    if (n < 2 || s[0] != '%' || s[1] != ' ')
        return;
    s[0] = '#';
    for (size_t ls = line_end(s, n, 0, n) + 1, k = 0; ls < n && k < 2 && s[ls] == '%'; k++) {
        size_t le = line_end(s, n, ls, n - ls);
        blank_out(s, ls, le);
        ls = le + 1;
    }
}

void pc_markdown_blank_tags(char *s, const char *orig, size_t n, bool file_start)
{
    if (file_start)
        pandoc_title_block(s, n);
    blank_template_tags(s, n);
    blank_shortcodes(s, n);
    markdown_blocks(s, n);
    unindent_tag_lines(s, orig, n);
}
