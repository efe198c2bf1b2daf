/* containers: the table of file formats. A container is a file of its own
 * (wav.c, flac.c, ...) that fills one pc_container row; this list is the
 * only place that names them all, in the order readers are tried. */
#include "internal.h"
#include "container.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

/* files, in probe order (a file starting "ID3" may be FLAC or MP3) */
static const pc_container *const files[] = {
    &pc_container_wav, &pc_container_flac, &pc_container_mp3, &pc_container_opus,
    &pc_container_m4a,
};

#define NFILES (sizeof files / sizeof *files)

const pc_container *pc_container_for_name(const char *ext)
{
    for (size_t i = 0; i < NFILES; i++) {
        if (!strcasecmp(ext, files[i]->name))
            return files[i];
        for (const char *const *e = files[i]->extensions; e && *e; e++)
            if (!strcasecmp(ext, *e))
                return files[i];
    }
    return NULL;
}

const pc_container *pc_container_for_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    return pc_container_for_name(dot + 1);
}

const char *pc_container_names(void) { return "wav, flac, mp3, opus or m4a"; }

static pcast_status read_with(const pc_container *c, FILE *f, const char *path, uint64_t size,
                              pcast_media **out, pcast_error *err)
{
    pcast_media *m = pc_media_new();
    if (!m)
        return pc_error_nomem(err);
    rewind(f);
    pcast_status st = c->read(m, f, path, size, err);
    if (st) {
        pcast_media_free(m);
        return st;
    }
    pc_media_finish(m);
    *out = m;
    return PCAST_OK;
}

pcast_status pcast_media_open(const char *path, pcast_media **out, pcast_error *err)
{
    *out = NULL;
    /* opened without blocking: a FIFO no one writes would hold fopen
     * forever; what is no regular file is refused by name */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    const char *why = fstat(fd, &st) != 0   ? strerror(errno)
                      : S_ISDIR(st.st_mode) ? "Is a directory"
                      : !S_ISREG(st.st_mode) ? (S_ISFIFO(st.st_mode) ? "a FIFO, not a file" : "not a regular file")
                                             : NULL;
    int flags = why ? 0 : fcntl(fd, F_GETFL);
    FILE *f = why || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "rb");
    if (!f) {
        if (!why)
            why = strerror(errno);
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", why);
    }
    unsigned char head[16] = {0};
    size_t got = fread(head, 1, sizeof head, f);
    pcast_status s = PCAST_ERR_FORMAT;
    bool probed = false; /* a reader's own message then says why it failed */
    for (size_t i = 0; i < NFILES && s == PCAST_ERR_FORMAT; i++)
        if (files[i]->read && files[i]->probe(head, got)) {
            probed = true;
            s = read_with(files[i], f, path, (uint64_t)st.st_size, out, err);
        }
    fclose(f);
    if (s == PCAST_ERR_FORMAT && !probed)
        return pc_error_set(err, PCAST_ERR_FORMAT, path, 0, 0,
                            "not a WAV, FLAC, MP3, Opus or M4A file");
    return s;
}
