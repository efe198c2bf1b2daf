/* chapter_media: chapter images and URLs, each image file checked before
 * it is read (see chapter_media.h). */
#include "chapter_media.h"

#include "buf.h"
#include "chapters.h"
#include "error.h"
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

void pc_chapter_media_free(pc_chapter_media *m)
{
    for (size_t i = 0; i < m->store_count; i++) {
        pc_artwork_free(&m->store[i]);
        free(m->store_paths[i]);
    }
    free(m->store);
    free(m->store_paths);
    free(m->images);
    free(m->urls);
    free(m->image_urls);
    memset(m, 0, sizeof *m);
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Appends the Markdown destination's path with %XX decoded (a %00 stays
 * as it is: no NUL in a path). */
static bool put_decoded(pc_buf *b, const char *s)
{
    bool ok = true;
    for (; *s && ok; s++) {
        int h = s[0] == '%' && s[1] ? hex(s[1]) : -1, l = h >= 0 && s[2] ? hex(s[2]) : -1;
        if (h >= 0 && l >= 0 && (h || l)) {
            ok = pc_buf_putc(b, (char)(h * 16 + l));
            s += 2;
        } else {
            ok = pc_buf_putc(b, *s);
        }
    }
    return ok;
}

char *pc_post_image_path(const char *post_path, const char *image, bool allow_outside,
                     const char **why)
{
    const char *slash = strrchr(post_path, '/');
    size_t dir = slash ? (size_t)(slash - post_path) + 1 : 0;
    bool site = image[0] == '/';
    const char *rest = image + strspn(image, "/");
    int tries = site ? (allow_outside ? 3 : 2) : 1;
    *why = NULL;
    for (int k = 0; k < tries; k++) {
        pc_buf p = {0};
        size_t root = k == 1 ? dir + 3 : dir; /* the folder it must stay in */
        bool ok = k == 2 ? put_decoded(&p, image)
                         : pc_buf_append(&p, post_path, dir) && (k == 0 || pc_buf_puts(&p, "../")) &&
                               put_decoded(&p, rest);
        if (!ok) {
            pc_buf_free(&p);
            return NULL;
        }
        struct stat st;
        if (k + 1 < tries && stat(p.data, &st) != 0) {
            pc_buf_free(&p);
            continue; /* a site path not beside the post: try above */
        }
        if (allow_outside || pc_io_path_inside(p.data, p.data, root))
            return pc_buf_take(&p);
        pc_buf_free(&p);
        *why = site ? "is outside the post's folder and the site folder above it (images from "
                      "elsewhere need --allow-images-outside)"
                    : "is outside the post's folder (images from elsewhere need "
                      "--allow-images-outside)";
        return NULL;
    }
    return NULL;
}

typedef struct loader {
    pc_chapter_media *m;
    const pcast_post *post;
    void (*warn)(void *user, const pcast_warning *w);
    void *user;
    size_t total_bytes; /* embedded so far, over every chapter */
    pc_buf msg;
} loader;

static void warn(loader *l, const pcast_section *sec, const char *why)
{
    pc_buf_clear(&l->msg);
    pc_buf_printf(&l->msg, "chapter image '%.200s' %s; the chapter \"%.80s\" goes without it",
                  sec->image, why, sec->title ? sec->title : "");
    pcast_warning w = {pcast_post_path(l->post), sec->image_line,
                       l->msg.data ? l->msg.data : "chapter image left out", sec->image_column};
    if (l->warn)
        l->warn(l->user, &w);
}

/* The checked, decoded image of path: one already read, or a new one in
 * the store. NULL with *why set when it is refused, *why NULL on ENOMEM. */
static const pc_artwork *read_image(loader *l, char *path, const char **why, char *detail,
                                    size_t detail_size)
{
    pc_chapter_media *m = l->m;
    for (size_t i = 0; i < m->store_count; i++)
        if (!strcmp(m->store_paths[i], path)) {
            free(path);
            return &m->store[i];
        }
    struct stat st;
    *why = detail;
    if (pc_io_in_dev(path))
        snprintf(detail, detail_size, "is a device or process file");
    else if (stat(path, &st) != 0)
        snprintf(detail, detail_size, "cannot be read: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        snprintf(detail, detail_size, S_ISDIR(st.st_mode) ? "is a folder" : "is not a regular file");
    else if ((uint64_t)st.st_size > PC_CHAPTER_IMAGE_MAX_BYTES)
        snprintf(detail, detail_size, "is %llu bytes (a chapter image may be at most %u)",
                 (unsigned long long)st.st_size, PC_CHAPTER_IMAGE_MAX_BYTES);
    else
        *why = NULL;
    pc_artwork a;
    pcast_error e = {0};
    pcast_status st_load = *why ? PCAST_OK : pc_artwork_load(&a, path, &e);
    if (!*why && st_load == PCAST_ERR_NOMEM) {
        free(path);
        return NULL;
    }
    if (!*why && st_load) {
        bool kind = strstr(e.message, "must be a JPEG or PNG") != NULL;
        snprintf(detail, detail_size, "%s %.200s", st_load == PCAST_ERR_INPUT ? "is" : "cannot be read:",
                 kind ? "not a JPEG or PNG file" : e.message);
        *why = detail;
    } else if (!*why && a.size > PC_CHAPTER_IMAGE_MAX_BYTES) { /* it grew since stat */
        pc_artwork_free(&a);
        snprintf(detail, detail_size, "is over %u bytes", PC_CHAPTER_IMAGE_MAX_BYTES);
        *why = detail;
    }
    if (*why) {
        free(path);
        return NULL;
    }
    /* the store has a place per section: never more files than that */
    m->store[m->store_count] = a;
    m->store_paths[m->store_count] = path;
    return &m->store[m->store_count++];
}

/* Section i's image: its URL or its checked file, or a warning. false on
 * ENOMEM. */
static bool take_image(loader *l, size_t i, bool allow_outside)
{
    const pcast_section *sec = pcast_post_section(l->post, i);
    const char *image = sec->image;
    if (pc_chapters_web_url(image)) {
        l->m->image_urls[i] = image;
        return true;
    }
    if (strstr(image, "://") || !strncasecmp(image, "data:", 5)) {
        warn(l, sec, "is neither a file beside the post nor an http(s) URL");
        return true;
    }
    const char *why = NULL;
    const char *post_path = pcast_post_path(l->post) ? pcast_post_path(l->post) : "";
    char *path = pc_post_image_path(post_path, image, allow_outside, &why);
    if (!path) {
        if (why)
            warn(l, sec, why);
        return why != NULL;
    }
    char detail[300];
    const pc_artwork *a = read_image(l, path, &why, detail, sizeof detail);
    if (!a) {
        if (why)
            warn(l, sec, why);
        return why != NULL;
    }
    if (a->size > PC_CHAPTER_IMAGES_MAX_BYTES - l->total_bytes) {
        snprintf(detail, sizeof detail, "would take the episode's chapter images past %u bytes",
                 PC_CHAPTER_IMAGES_MAX_BYTES);
        warn(l, sec, detail);
        return true;
    }
    l->total_bytes += a->size;
    l->m->images[i] = a;
    return true;
}

pcast_status pc_chapter_media_load(pc_chapter_media *m, const pcast_post *post,
                                   bool allow_outside,
                                   void (*warn_fn)(void *user, const pcast_warning *w), void *user,
                                   pcast_error *err)
{
    memset(m, 0, sizeof *m);
    size_t n = post ? pcast_post_section_count(post) : 0;
    if (!n)
        return PCAST_OK;
    m->images = calloc(n, sizeof *m->images);
    m->urls = calloc(n, sizeof *m->urls);
    m->image_urls = calloc(n, sizeof *m->image_urls);
    m->store = calloc(n, sizeof *m->store);
    m->store_paths = calloc(n, sizeof *m->store_paths);
    if (!m->images || !m->urls || !m->image_urls || !m->store || !m->store_paths) {
        pc_chapter_media_free(m);
        return pc_error_nomem(err);
    }
    m->count = n;
    loader l = {.m = m, .post = post, .warn = warn_fn, .user = user};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        const pcast_section *sec = pcast_post_section(post, i);
        m->urls[i] = sec->url;
        if (sec->image && *sec->image)
            ok = take_image(&l, i, allow_outside);
    }
    pc_buf_free(&l.msg);
    if (!ok) {
        pc_chapter_media_free(m);
        return pc_error_nomem(err);
    }
    return PCAST_OK;
}
