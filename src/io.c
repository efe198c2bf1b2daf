/* io: temporary files renamed into place, write loops, and the sweep of
 * what killed runs left behind.
 *
 * A temporary name never derives from the target's (a 250-byte name
 * would not fit NAME_MAX with a suffix) and carries the writer's PID, so
 * a later run can remove the files of a run that was killed (SIGKILL,
 * power loss) without touching a live one. Files are created with
 * O_EXCL | O_NOFOLLOW and mode 0666 for the umask to shape, as any other
 * program's output. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "internal.h"
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_PREFIX ".postcast-"
#define STALE_SECONDS 3600

static unsigned temp_random(void)
{
    unsigned r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        r = (unsigned)ts.tv_nsec ^ (unsigned)getpid() << 16;
    }
    return r;
}

pcast_status pc_temp_create(pc_temp *t, const char *dir, const char *suffix, bool private_,
                            const char *name, pcast_error *err)
{
    t->path = NULL;
    t->fd = -1;
    pc_buf p = {0};
    int e = EEXIST;
    for (int tries = 0; tries < 100 && e == EEXIST; tries++) {
        pc_buf_clear(&p);
        if (!((!dir || pc_buf_printf(&p, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/")) &&
              pc_buf_printf(&p, TEMP_PREFIX "%ld-%08x%s", (long)getpid(), temp_random(),
                            suffix ? suffix : ""))) {
            pc_buf_free(&p);
            return pc_error_nomem(err);
        }
        t->fd = open(p.data, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     private_ ? 0600 : 0666);
        e = t->fd < 0 ? errno : 0;
    }
    if (t->fd < 0) {
        pc_buf_free(&p);
        return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "cannot write: %s", strerror(e));
    }
    t->path = pc_buf_take(&p);
    if (!t->path) {
        close(t->fd);
        t->fd = -1;
        return pc_error_nomem(err);
    }
    return PCAST_OK;
}

char *pc_io_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

pcast_status pc_temp_beside(pc_temp *t, const char *target, const char *suffix,
                            pcast_error *err)
{
    t->path = NULL;
    t->fd = -1;
    char *dir = pc_io_dirname(target);
    if (!dir)
        return pc_error_nomem(err);
    pcast_status st = pc_temp_create(t, dir, suffix, false, target, err);
    free(dir);
    return st;
}

void pc_temp_discard(pc_temp *t)
{
    if (t->fd >= 0)
        close(t->fd);
    if (t->path)
        unlink(t->path);
    free(t->path);
    t->path = NULL;
    t->fd = -1;
}

pcast_status pc_temp_commit(pc_temp *t, const char *target, pcast_error *err)
{
    pcast_status st = PCAST_OK;
    if (t->fd >= 0 && close(t->fd) != 0)
        st = pc_error_set(err, PCAST_ERR_IO, target, 0, 0, "write failed: %s", strerror(errno));
    t->fd = -1;
    if (!st && rename(t->path, target) != 0)
        st = pc_error_set(err, PCAST_ERR_IO, target, 0, 0, "cannot write: %s", strerror(errno));
    if (st)
        pc_temp_discard(t);
    free(t->path);
    t->path = NULL;
    return st;
}

/* A write that meets a closed pipe raises SIGPIPE, which kills a process
 * that has not ignored it before anything can be cleaned up. It is held
 * off (blocked) for the write and a pending one is taken back, so the
 * write fails with EPIPE; the caller's disposition is not changed. */
int pc_io_pwrite_all(int fd, const void *data, size_t n, uint64_t off)
{
    const char *p = data;
    for (size_t done = 0; done < n;) {
        if (off + done > (uint64_t)INT64_MAX)
            return EOVERFLOW;
        ssize_t r = pwrite(fd, p + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? errno : ENOSPC;
        done += (size_t)r;
    }
    return 0;
}

int pc_io_write_all(int fd, const void *data, size_t n, volatile const int *cancel)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    bool held = pthread_sigmask(SIG_BLOCK, &pipe_set, &old) == 0;
    const char *p = data;
    int e = 0;
    while (n && !e) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR && !(cancel && *cancel))
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : ENOSPC;
            break;
        }
        p += w;
        n -= (size_t)w;
    }
    if (held) {
        if (e == EPIPE && !sigismember(&old, SIGPIPE)) {
            sigset_t pending;
            struct timespec zero = {0, 0};
            if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE))
                sigtimedwait(&pipe_set, NULL, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return e;
}

pcast_status pc_io_copy(int from_fd, int to_fd, const char *name, volatile const int *cancel,
                        pcast_error *err)
{
    char buf[65536];
    for (;;) {
        if (cancel && *cancel)
            return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
        ssize_t n = read(from_fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "cannot read back: %s",
                                strerror(errno));
        if (n == 0)
            return PCAST_OK;
        int e = pc_io_write_all(to_fd, buf, (size_t)n, cancel);
        if (e == EINTR)
            return pc_error_set(err, PCAST_ERR_INTERRUPTED, NULL, 0, 0, "interrupted");
        if (e)
            return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "write failed: %s", strerror(e));
    }
}

pcast_status pc_io_write_file(const char *path, const void *data, size_t n, pcast_error *err)
{
    pc_temp t;
    pcast_status st = pc_temp_beside(&t, path, NULL, err);
    if (st)
        return st;
    int e = pc_io_write_all(t.fd, data, n, NULL);
    if (e) {
        pc_temp_discard(&t);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "write failed: %s", strerror(e));
    }
    return pc_temp_commit(&t, path, err);
}

/* ".postcast-PID-" followed by anything: the PID, or 0. */
static long temp_pid(const char *name)
{
    size_t k = strlen(TEMP_PREFIX);
    if (strncmp(name, TEMP_PREFIX, k) != 0)
        return 0;
    char *end;
    long pid = strtol(name + k, &end, 10);
    return end != name + k && *end == '-' && pid > 0 ? pid : 0;
}

void pc_io_sweep(const char *dir)
{
    DIR *d = opendir(dir ? dir : ".");
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = temp_pid(e->d_name);
        struct stat st;
        if (!pid || pid == (long)getpid() ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid() || now - st.st_mtime < STALE_SECONDS)
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

static bool under(const char *path, const char *root)
{
    size_t k = strlen(root);
    return !strncmp(path, root, k) && (path[k] == '/' || !path[k]);
}

bool pc_io_in_dev(const char *path)
{
    char *dir = pc_io_dirname(path);
    char *real = dir ? realpath(dir, NULL) : NULL;
    bool r = under(path, "/proc") || (real && under(real, "/proc"));
    if (!r && (under(path, "/dev") || (real && under(real, "/dev")))) {
        /* /dev's own file system holds nodes; a file system mounted
         * under it (/dev/shm, a tmpfs) holds files like any folder */
        struct stat d, s;
        r = !real || !under(real, "/dev") || stat("/dev", &d) != 0 || stat(real, &s) != 0 ||
            s.st_dev == d.st_dev;
    }
    free(real);
    free(dir);
    return r;
}

bool pc_io_path_inside(const char *path, const char *dir, size_t dir_len)
{
    if (dir_len ? strncmp(path, dir, dir_len) != 0 : path[0] == '/')
        return false;
    long depth = 0;
    for (const char *p = path + dir_len; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && !strncmp(p, "..", 2))
            depth--;
        else if (n && !(n == 1 && *p == '.'))
            depth++;
        if (depth < 0)
            return false;
        p += n + (p[n] == '/');
    }
    char folder[4096];
    if (dir_len >= sizeof folder)
        return false;
    memcpy(folder, dir_len ? dir : ".", dir_len ? dir_len : 1);
    folder[dir_len ? dir_len : 1] = '\0';
    char *real_dir = realpath(folder, NULL), *real = realpath(path, NULL);
    struct stat st;
    bool ok;
    if (!real)
        ok = lstat(path, &st) != 0; /* missing: the caller says so; a dangling link: no */
    else if (!real_dir)
        ok = false;
    else {
        size_t n = strlen(real_dir);
        ok = !strncmp(real, real_dir, n) && (real[n] == '/' || (n == 1 && real_dir[0] == '/'));
    }
    free(real);
    free(real_dir);
    return ok;
}
