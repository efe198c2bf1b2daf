/* zygote: template processes that make workers by copy-on-write.
 *
 * Protocol on a stream socket pair: the caller sends the payload's
 * length (8 bytes, with the descriptor attached as SCM_RIGHTS) and the
 * payload; the template answers with 4 bytes: the worker's pid, or
 * -errno. The worker is made with a raw clone(CLONE_PARENT): a plain
 * fork() in the template would make it the template's child, and the
 * caller could not wait for it. The template is single-threaded (a fresh
 * fork), so skipping glibc's fork handlers costs nothing it relies on. */
#define _GNU_SOURCE
#include "zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct pc_zygote {
    pid_t pid;
    int sock;
};

#define TEMPLATE_SOCK 3

static int full_io(int fd, void *buf, size_t n, int reading)
{
    char *p = buf;
    while (n) {
        ssize_t k = reading ? read(fd, p, n) : send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* One request's length and descriptor; -1 at EOF or on error. */
static int recv_request(int sock, uint64_t *len, int *fd)
{
    char ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {len, sizeof *len};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                       .msg_controllen = sizeof ctl};
    ssize_t k;
    while ((k = recvmsg(sock, &m, 0)) < 0 && errno == EINTR)
        ;
    if (k <= 0)
        return -1;
    *fd = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(c), sizeof *fd);
    if ((size_t)k < sizeof *len && full_io(sock, (char *)len + k, sizeof *len - (size_t)k, 1))
        return -1;
    return 0;
}

static void template_io(void)
{
    int null = open("/dev/null", O_RDWR);
    for (int i = 0; i < 3 && null >= 0; i++)
        if (null != i)
            dup2(null, i);
    if (null > 2)
        close(null);
    signal(SIGINT, SIG_IGN); /* Ctrl-C is the caller's to handle */
    signal(SIGPIPE, SIG_DFL);
}

static void template_serve(pc_zygote_setup_fn setup, pc_zygote_work_fn work, void *arg)
{
    int refuse = setup(arg) ? ECHILD : 0;
    char *payload = NULL;
    for (;;) {
        uint64_t len;
        int fd = -1;
        if (recv_request(TEMPLATE_SOCK, &len, &fd))
            _exit(0); /* the caller is gone or done */
        char *p = len < SIZE_MAX ? realloc(payload, (size_t)len + 1) : NULL;
        if (!p || full_io(TEMPLATE_SOCK, p, (size_t)len, 1))
            _exit(1);
        payload = p;
        payload[len] = '\0';
        int32_t reply = -refuse;
        if (!refuse) {
            long pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), NULL, NULL,
                               NULL, 0UL);
            if (pid == 0) {
                close(TEMPLATE_SOCK);
                work(fd, payload, (size_t)len, arg);
                _exit(127);
            }
            reply = pid < 0 ? -errno : (int32_t)pid;
        }
        if (fd >= 0)
            close(fd);
        if (full_io(TEMPLATE_SOCK, &reply, sizeof reply, 0))
            _exit(1);
    }
}

pc_zygote *pc_zygote_new(pc_zygote_setup_fn setup, pc_zygote_work_fn work, void *arg)
{
    pc_zygote *z = malloc(sizeof *z);
    int sv[2];
    if (!z)
        return NULL;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
        free(z);
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        free(z);
        errno = e;
        return NULL;
    }
    if (pid == 0) {
        if (sv[1] != TEMPLATE_SOCK && dup2(sv[1], TEMPLATE_SOCK) < 0)
            _exit(1);
        close_range(TEMPLATE_SOCK + 1, ~0U, 0);
        fcntl(TEMPLATE_SOCK, F_SETFD, 0);
        template_io();
        template_serve(setup, work, arg);
    }
    close(sv[1]);
    z->pid = pid;
    z->sock = sv[0];
    return z;
}

pid_t pc_zygote_spawn(pc_zygote *z, int fd, const void *payload, size_t len)
{
    uint64_t n = len;
    char ctl[CMSG_SPACE(sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = {&n, sizeof n};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                       .msg_controllen = sizeof ctl};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    ssize_t k;
    while ((k = sendmsg(z->sock, &m, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    int32_t reply;
    if (k < 0 || (size_t)k < sizeof n ||
        full_io(z->sock, (void *)payload, len, 0) || full_io(z->sock, &reply, sizeof reply, 1)) {
        errno = EPIPE;
        return -1;
    }
    if (reply < 0) {
        errno = -reply;
        return -1;
    }
    return (pid_t)reply;
}

void pc_zygote_free(pc_zygote *z)
{
    if (!z)
        return;
    close(z->sock);
    kill(z->pid, SIGKILL); /* it holds nothing worth a goodbye */
    while (waitpid(z->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    free(z);
}
