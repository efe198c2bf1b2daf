/* cache_dir: a clip cache's directory (see cache_dir.h). */
#include "cache_dir.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG_SIGNATURE "Signature: 8a477f597d28d172789f06886806bc55"
#define TAG_OWN_LINE "# This file is a cache directory tag created by postcast.\n"
#define TAG_TEXT                                                                          \
    TAG_SIGNATURE "\n" TAG_OWN_LINE "# For information about cache directory tags, see:\n" \
                  "#\thttps://bford.info/cachedir/\n"

const char *pcast_cache_default_dir(void)
{
    static char buf[1024];
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(buf, sizeof buf, "%s/postcast", xdg);
    else if (home && *home)
        n = snprintf(buf, sizeof buf, "%s/.cache/postcast", home);
    else
        n = snprintf(buf, sizeof buf, "/tmp/postcast-cache-%lu", (unsigned long)getuid());
    if (n < 0 || (size_t)n >= sizeof buf)
        buf[0] = '\0'; /* not a shorter path that means another directory */
    return buf;
}

bool pc_cache_is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

bool pc_cache_sub_name_ok(const char *name)
{
    return strlen(name) == 2 && pc_cache_is_hex(name, 2);
}

int pc_cache_check_dir(int fd, const struct stat *st, char *why, size_t size)
{
    struct stat own;
    if (!st && fstat(fd, &own) != 0) {
        snprintf(why, size, "%s", strerror(errno));
        return -1;
    }
    st = st ? st : &own;
    if (!S_ISDIR(st->st_mode)) {
        snprintf(why, size, "it is not a directory");
        return -1;
    }
    if (st->st_uid != geteuid()) {
        snprintf(why, size, "it belongs to uid %lu, not to uid %lu", (unsigned long)st->st_uid,
                 (unsigned long)geteuid());
        return -1;
    }
    if (st->st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, size, "others can write to it (mode %03o)", (unsigned)(st->st_mode & 0777));
        return -1;
    }
    return 0;
}

/* mkdir -p, parents 0755, the last component last_mode. */
static int make_dirs(const char *path, mode_t last_mode)
{
    char tmp[1024];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof tmp)
        return ENAMETOOLONG;
    memcpy(tmp, path, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return errno;
        *p = '/';
    }
    if (mkdir(tmp, last_mode) != 0 && errno != EEXIST)
        return errno;
    return 0;
}

/* The directory at path, opened (a symbolic link only when ours) and,
 * when safe_only, checked by check_dir; -1 with why filled. */
int pc_cache_open_top(const char *path, bool safe_only, char *why, size_t size)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && st.st_uid != geteuid()) {
        snprintf(why, size, "it is a symbolic link made by uid %lu", (unsigned long)st.st_uid);
        return -1;
    }
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, size, "%s", strerror(errno));
    } else if (safe_only && pc_cache_check_dir(fd, NULL, why, size) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}


/* Whether dir (a directory fd) holds postcast's CACHEDIR.TAG. */
pc_cache_tag pc_cache_read_tag(int dir)
{
    int fd = openat(dir, PC_CACHE_TAG_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? PC_CACHE_TAG_NONE : PC_CACHE_TAG_OTHER;
    char text[512];
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, text, sizeof text - 1) : -1;
    close(fd);
    if (n < 0)
        return PC_CACHE_TAG_OTHER;
    text[n] = '\0';
    return !strncmp(text, TAG_SIGNATURE, strlen(TAG_SIGNATURE)) &&
                   strstr(text, "\n" TAG_OWN_LINE)
               ? PC_CACHE_TAG_OURS
               : PC_CACHE_TAG_OTHER;
}

/* A directory stream over dir (a directory fd) that leaves dir open. */
DIR *pc_cache_open_stream(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (fd >= 0 && !d)
        close(fd);
    return d;
}

/* Empty, or nothing but two-hex-digit names (and a tag being written
 * by another render): an untagged cache from before the tag, or a fresh
 * one. */
static bool looks_like_cache(int dir)
{
    DIR *d = pc_cache_open_stream(dir, ".");
    if (!d)
        return false;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL)
        ok = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || pc_cache_sub_name_ok(e->d_name) ||
             !strcmp(e->d_name, PC_CACHE_TAG_NAME) || !strncmp(e->d_name, "." PC_CACHE_TAG_NAME ".", 14);
    closedir(d);
    return ok;
}

int pc_cache_commit_tmp(int dir, int fd, const char *tmp, const char *name, int written)
{
    int e = written;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && renameat(dir, tmp, dir, name) != 0)
        e = errno;
    if (e)
        unlinkat(dir, tmp, 0);
    return e;
}

/* Writes the tag whole (temporary name + rename); false with errno set. */
static bool write_tag(int dir)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".%s.%ld", PC_CACHE_TAG_NAME, (long)getpid());
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    errno = pc_cache_commit_tmp(dir, fd, tmp, PC_CACHE_TAG_NAME,
                                pc_io_write_all(fd, TAG_TEXT, strlen(TAG_TEXT), NULL));
    return errno == 0;
}

/* The opened, checked and tagged cache directory, or -1 with why. */
int pc_cache_open_dir(const char *dir, char *why, size_t size)
{
    int e = make_dirs(dir, 0700);
    struct stat st;
    if (!e && stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        e = ENOTDIR; /* a file there: mkdir said EEXIST, access would say EACCES */
    if (!e && access(dir, W_OK | X_OK) != 0)
        e = errno;
    if (e) {
        snprintf(why, size, "%s", strerror(e));
        return -1;
    }
    int fd = pc_cache_open_top(dir, true, why, size);
    if (fd < 0)
        return -1;
    pc_cache_tag t = pc_cache_read_tag(fd);
    if (t == PC_CACHE_TAG_OURS)
        return fd;
    if (t == PC_CACHE_TAG_OTHER)
        snprintf(why, size, "its " PC_CACHE_TAG_NAME " was not written by postcast");
    else if (!looks_like_cache(fd))
        snprintf(why, size, "it holds other files and no " PC_CACHE_TAG_NAME ": not a postcast cache");
    else if (!write_tag(fd))
        snprintf(why, size, "cannot write its " PC_CACHE_TAG_NAME ": %s", strerror(errno));
    else
        return fd;
    close(fd);
    return -1;
}
