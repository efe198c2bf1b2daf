/* post: the handle that owns a parsed post (front matter + script). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

pcast_parse_options pcast_parse_options_init(void)
{
    pcast_parse_options o;
    memset(&o, 0, sizeof o);
    return o;
}

/* Reads a whole regular file into a malloc'd, NUL-terminated buffer. */
pcast_status pc_read_file(const char *path, char **out, size_t *size, pcast_error *err)
{
    *out = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    pc_buf b = {0};
    for (;;) {
        if (!pc_buf_reserve(&b, 65536)) {
            close(fd);
            pc_buf_free(&b);
            return pc_error_nomem(err);
        }
        ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            pc_buf_free(&b);
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        b.data[b.len] = '\0';
    }
    close(fd);
    *size = b.len;
    *out = pc_buf_take(&b);
    return *out ? PCAST_OK : pc_error_nomem(err);
}

/* A cast file: a mapping of speaker: voice, or one with a `cast:` key. */
static pcast_status load_cast_file(pcast_post *p, const char *path, pcast_error *err)
{
    char *text;
    size_t size;
    pcast_status st = pc_read_file(path, &text, &size, err);
    if (st)
        return st;
    const char *file = pc_arena_strdup(&p->arena, path);
    yaml_document_t doc;
    st = file ? pc_yaml_load(&doc, path, text, size, 1, PCAST_ERR_VOICE, "cast file", err)
              : pc_error_nomem(err);
    free(text);
    if (st)
        return st;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top; q++) {
            yaml_node_t *k = yaml_document_get_node(&doc, q->key);
            if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, "cast")) {
                root = yaml_document_get_node(&doc, q->value);
                break;
            }
        }
    }
    if (root)
        st = pc_cast_parse_yaml(&doc, root, &p->arena, file, 1, &p->file_cast, &p->file_cast_count, err);
    yaml_document_delete(&doc);
    return st;
}

pcast_status pcast_post_parse(const char *name, const char *data, size_t size,
                              const pcast_parse_options *options, pcast_post **out,
                              pcast_error *err)
{
    *out = NULL;
    if (!name || (!data && size))
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0, "no post given");
    pcast_post *p = calloc(1, sizeof *p);
    if (!p)
        return pc_error_nomem(err);
    pc_source src;
    pcast_status st = pc_source_split(&src, name, data ? data : "", size, err);
    if (st == PCAST_OK && !(p->path = pc_arena_strdup(&p->arena, name)))
        st = pc_error_nomem(err);
    if (st == PCAST_OK && options && options->cast_path)
        st = load_cast_file(p, options->cast_path, err);
    if (st == PCAST_OK)
        st = pc_front_parse(&p->front, &p->arena, &src, err);
    if (st == PCAST_OK)
        st = pc_script_build(p, &src, options, err);
    if (st != PCAST_OK) {
        pcast_post_free(p);
        return st;
    }
    *out = p;
    return PCAST_OK;
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
    st = pcast_post_parse(path, data, size, options, out, err);
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
    free(p->file_cast);
    pc_front_free(&p->front);
    pc_arena_free(&p->arena);
    free(p);
}

const char *pcast_post_title(const pcast_post *p) { return p->front.title; }
const char *pcast_post_date(const pcast_post *p) { return p->front.date; }
const char *pcast_post_lang(const pcast_post *p) { return p->front.lang; }
const char *pcast_post_description(const pcast_post *p) { return p->front.description; }
const char *pcast_post_path(const pcast_post *p) { return p->path; }
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
