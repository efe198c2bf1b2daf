/* post: the handle that owns a parsed post (front matter + script). */
#include "post.h"

#include "castfile.h"
#include "error.h"
#include "script.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

pcast_parse_options pcast_parse_options_init(void)
{
    pcast_parse_options o;
    memset(&o, 0, sizeof o);
    return o;
}

/* pcast_post_parse for text[0..size) followed by a NUL, which the
 * readers rely on. */
static pcast_status parse_text(const char *name, const char *text, size_t size,
                               const pcast_parse_options *options, pcast_post **out,
                               pcast_error *err)
{
    char *decoded;
    size_t decoded_size;
    pcast_status st = pc_source_from_utf16(name, text, size, &decoded, &decoded_size, err);
    if (st)
        return st;
    if (decoded) {
        text = decoded;
        size = decoded_size;
    }
    char *stripped;
    size_t stripped_size;
    if ((st = pc_source_strip_controls(text, size, &stripped, &stripped_size, err))) {
        free(decoded);
        return st;
    }
    if (stripped) {
        free(decoded);
        decoded = stripped; /* freed below as the decoded text is */
        text = stripped;
        size = stripped_size;
    }
    pcast_post *p = calloc(1, sizeof *p);
    if (!p) {
        free(decoded);
        return pc_error_nomem(err);
    }
    pc_source src;
    st = pc_source_split(&src, name, text, size, err);
    if (st == PCAST_OK && !(p->path = pc_arena_strdup(&p->arena, name)))
        st = pc_error_nomem(err);
    if (st == PCAST_OK && options && options->cast_path)
        st = pc_cast_file_load(options->cast_path, &p->arena, &p->file_cast, &p->file_cast_count, err);
    if (st == PCAST_OK)
        st = pc_front_parse(&p->front, &p->arena, &src, err);
    if (st == PCAST_OK)
        st = pc_script_build(p, &src, options, err);
    free(decoded); /* the post keeps copies */
    if (st != PCAST_OK) {
        pcast_post_free(p);
        return st;
    }
    *out = p;
    return PCAST_OK;
}

pcast_status pcast_post_parse(const char *name, const char *data, size_t size,
                              const pcast_parse_options *options, pcast_post **out,
                              pcast_error *err)
{
    *out = NULL;
    if (!name || (!data && size))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no post given");
    size_t bytes;
    char *text = pc_size_add(size, 1, &bytes) ? malloc(bytes) : NULL;
    if (!text)
        return pc_error_nomem(err);
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    pcast_status st = parse_text(name, text, size, options, out, err);
    free(text);
    return st;
}

pcast_status pcast_post_load(const char *path, const pcast_parse_options *options,
                             pcast_post **out, pcast_error *err)
{
    char *data;
    size_t size;
    *out = NULL;
    pcast_status st = pc_read_file(path, &data, &size, err);
    if (st != PCAST_OK)
        return st;
    st = parse_text(path, data, size, options, out, err); /* pc_read_file ends it with a NUL */
    free(data);
    return st;
}

void pcast_post_free(pcast_post *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->section_count; i++) {
        pc_section_b *s = &p->sections[i];
        for (size_t j = 0; j < s->pub.turn_count; j++) {
            free(s->turns[j].paras);
            free(s->turns[j].para_lines);
        }
        free(s->turns);
        free(s->turn_views);
    }
    free(p->sections);
    free(p->speakers);
    free(p->aliases);
    free(p->file_cast);
    pc_front_free(&p->front);
    pc_arena_free(&p->arena);
    free(p);
}

const char *pcast_post_title(const pcast_post *p) { return p->front.title; }
const char *pcast_post_date(const pcast_post *p) { return p->front.date; }
const char *pcast_post_lang(const pcast_post *p) { return p->front.lang; }
const char *pcast_post_description(const pcast_post *p) { return p->front.description; }
const char *pcast_post_meta(const pcast_post *p, const char *key)
{
    const pc_front *f = &p->front;
    const struct { const char *key, *value; } keys[] = {
        {"image", f->image},       {"author", f->author},   {"show", f->show},
        {"episode", f->episode},   {"season", f->season},   {"episode_type", f->episode_type},
        {"explicit", f->advisory}, {"copyright", f->copyright}, {"url", f->url}};
    for (size_t i = 0; key && i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(key, keys[i].key))
            return keys[i].value;
    return NULL;
}
const char *pcast_post_path(const pcast_post *p) { return p->path; }
const char *pcast_post_reader(const pcast_post *p) { return p->reader ? p->reader : "markdown"; }
size_t pcast_post_tag_count(const pcast_post *p) { return p->front.tag_count; }
const char *pcast_post_tag(const pcast_post *p, size_t i)
{
    return i < p->front.tag_count ? p->front.tags[i] : NULL;
}
size_t pcast_post_cast_count(const pcast_post *p) { return p->front.cast_count; }
const pcast_cast_entry *pcast_post_cast(const pcast_post *p, size_t i)
{
    return i < p->front.cast_count ? &p->front.cast[i] : NULL;
}
pcast_pauses pcast_post_pauses(const pcast_post *p) { return p->front.pauses; }
pcast_music pcast_post_music(const pcast_post *p) { return p->front.music; }
size_t pcast_post_section_count(const pcast_post *p) { return p->section_count; }
const pcast_section *pcast_post_section(const pcast_post *p, size_t i)
{
    return i < p->section_count ? &p->sections[i].pub : NULL;
}
size_t pcast_post_speaker_count(const pcast_post *p) { return p->speaker_count; }
const pcast_speaker *pcast_post_speaker(const pcast_post *p, size_t i)
{
    return i < p->speaker_count ? &p->speakers[i] : NULL;
}
size_t pcast_post_file_cast_count(const pcast_post *p) { return p->file_cast_count; }
const pcast_cast_entry *pcast_post_file_cast(const pcast_post *p, size_t i)
{
    return i < p->file_cast_count ? &p->file_cast[i] : NULL;
}
