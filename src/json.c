/* The script as JSON, through jansson (no hand-written escaping). */
#include "postcast/postcast.h"

#include <jansson.h>

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

char *pcast_post_to_json(const pcast_post *p, int flags)
{
    json_t *root = json_object();
    json_t *speakers = json_array(), *sections = json_array(), *tags = json_array();
    if (!root || !speakers || !sections || !tags) {
        json_decref(root);
        json_decref(speakers);
        json_decref(sections);
        json_decref(tags);
        return NULL;
    }
    json_object_set_new(root, "title", str_or_null(pcast_post_title(p)));
    json_object_set_new(root, "date", str_or_null(pcast_post_date(p)));
    json_object_set_new(root, "lang", str_or_null(pcast_post_lang(p)));
    json_object_set_new(root, "description", str_or_null(pcast_post_description(p)));
    for (size_t i = 0; i < pcast_post_tag_count(p); i++)
        json_array_append_new(tags, json_string(pcast_post_tag(p, i)));
    json_object_set_new(root, "categories", tags);
    for (size_t i = 0; i < pcast_post_speaker_count(p); i++) {
        const pcast_speaker *s = pcast_post_speaker(p, i);
        json_array_append_new(speakers, json_pack("{s:s, s:b, s:I}", "name", s->name, "narrator",
                                                  s->narrator, "turns", (json_int_t)s->turns));
    }
    json_object_set_new(root, "speakers", speakers);
    for (size_t i = 0; i < pcast_post_section_count(p); i++) {
        const pcast_section *s = pcast_post_section(p, i);
        json_t *turns = json_array();
        for (size_t j = 0; j < s->turn_count; j++) {
            const pcast_turn *t = &s->turns[j];
            json_t *paras = json_array();
            for (size_t k = 0; k < t->paragraph_count; k++)
                json_array_append_new(paras, json_string(t->paragraphs[k]));
            json_t *turn = json_pack("{s:s, s:o, s:I, s:b}", "speaker", t->speaker, "paragraphs",
                                     paras, "line", (json_int_t)t->line, "labeled", t->labeled);
            /* a transcript's time for the turn, when it gives one */
            if (turn && t->source_time_s >= 0)
                json_object_set_new(turn, "source_time_s", json_real(t->source_time_s));
            json_array_append_new(turns, turn);
        }
        json_array_append_new(sections, json_pack("{s:s, s:I, s:o}", "title", s->title, "line",
                                                  (json_int_t)s->line, "turns", turns));
    }
    json_object_set_new(root, "sections", sections);
    char *out = json_dumps(root, JSON_PRESERVE_ORDER |
                                     ((flags & PCAST_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
    json_decref(root);
    return out;
}
