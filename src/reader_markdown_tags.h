/* reader_markdown_tags: what a static-site generator or a blog engine writes
 * into a post's Markdown that is not its text, blanked before cmark
 * parses it. Private; not installed. */
#ifndef POSTCAST_READER_MARKDOWN_TAGS_H
#define POSTCAST_READER_MARKDOWN_TAGS_H

#include <stdbool.h>
#include <stddef.h>

/* Blanks, in s[0..n) (a copy of orig[0..n), the post's body, NUL at
 * s[n]): Jekyll's Liquid ({% include x %}, {{ site.url }}, and the code
 * of {% highlight %} and {% comment %}), Hugo's shortcodes ({{< x >}},
 * {{% x %}}, the code of {{< highlight >}}), kramdown's attribute lists
 * ({: .lead}, "* TOC {:toc}"), WordPress's shortcodes ([caption],
 * [embed]URL[/embed]) and the tags of kramdown's markdown="1" HTML
 * blocks (what they hold is Markdown). Newlines stay, so every line keeps its number; the
 * words after a tag that opened a line move to where it stood (no
 * indented code of them). file_start: the text opens the file (no front
 * matter), where Pandoc's title block ("% Title", "% Author", "% Date")
 * may stand: its title becomes a heading, the rest goes. Linear in n;
 * cannot fail. */
void pc_markdown_blank_tags(char *s, const char *orig, size_t n, bool file_start);

#endif
