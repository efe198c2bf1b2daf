/* workers: long-lived helper processes (see workers.h).
 *
 * Requests go down a stream socket (so a send to a dead worker is EPIPE,
 * not SIGPIPE): a 24-byte header (length, file offset, whether a file
 * descriptor rides along with it, SCM_RIGHTS), then the payload. Answers
 * come up a pipe made large, so a worker seldom waits for the caller: a
 * 16-byte header (status, last, in the file or not, byte count) and then
 * the bytes, unless they went into the request's file. */
#define _GNU_SOURCE /* F_SETPIPE_SZ, close_range */
#include "workers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define REQ_FD 3
#define ANS_FD 4
#define ANSWER_PIPE_BYTES (1 << 20)
#define ANSWER_RESERVE_MAX ((uint64_t)256 << 20) /* larger answers grow as they come */

typedef struct request_header {
    uint64_t len;
    uint64_t file_offset;
    uint32_t has_file;
    uint32_t unused;
} request_header;

typedef struct answer_header {
    int32_t status;
    uint16_t last;
    uint16_t in_file; /* the bytes went into the request's file */
    uint64_t bytes;
} answer_header;

struct pc_worker {
    pid_t pid;
    int req;             /* the request socket (ours) */
    int ans;             /* the answer pipe's read end, non-blocking */
    answer_header hdr;
    size_t hdr_got;      /* header bytes read of the answer under way */
    uint64_t body_left;  /* its bytes still to come once the header is in */
    bool filed;          /* the last whole answer's bytes went into its file */
};

static int full_io(int fd, void *buf, size_t n, int reading)
{
    char *p = buf;
    while (n) {
        ssize_t k = reading ? read(fd, p, n) : write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* In a new worker: req and ans become REQ_FD and ANS_FD, every other
 * descriptor above 2 is closed first (so that, at a file limit, there
 * is room to move them). */
static void worker_fds(int req, int ans)
{
    int lo = 3, keep[2] = {req < ans ? req : ans, req < ans ? ans : req};
    for (int i = 0; i < 2; i++) {
        if (keep[i] > lo)
            close_range((unsigned)lo, (unsigned)keep[i] - 1, 0);
        lo = keep[i] + 1;
    }
    close_range((unsigned)lo, ~0U, 0);
    if (ans == REQ_FD && (ans = dup(ans)) < 0)
        _exit(1);
    if (req == ANS_FD && (req = dup(req)) < 0)
        _exit(1);
    if ((req != REQ_FD && dup2(req, REQ_FD) < 0) || (ans != ANS_FD && dup2(ans, ANS_FD) < 0))
        _exit(1);
    close_range(ANS_FD + 1, ~0U, 0);
}

static void worker_io(void)
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

/* In a worker: reads a request's header, and the file descriptor that
 * came with it into *file (-1 when none did). 0, or -1 at the end of the
 * requests (the caller is gone or done) or a broken one. */
static int read_request_header(request_header *h, int *file)
{
    char *p = (char *)h;
    size_t got = 0;
    *file = -1;
    while (got < sizeof *h) {
        union {
            struct cmsghdr align;
            char bytes[CMSG_SPACE(sizeof(int))];
        } control;
        struct iovec v = {p + got, sizeof *h - got};
        struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1, .msg_control = control.bytes,
                           .msg_controllen = sizeof control.bytes};
        ssize_t k = recvmsg(REQ_FD, &m, MSG_CMSG_CLOEXEC);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
            c->cmsg_len == CMSG_LEN(sizeof(int)) && *file < 0)
            memcpy(file, CMSG_DATA(c), sizeof(int));
        got += (size_t)k;
    }
    return h->has_file && *file < 0 ? -1 : 0;
}

/* In a worker: n bytes at offset into file, whole; false with errno. */
static bool write_at(int file, const char *p, size_t n, uint64_t offset)
{
    while (n) {
        ssize_t k = pwrite(file, p, n, (off_t)offset);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
        offset += (uint64_t)k;
    }
    return true;
}

static void worker_main(pc_worker_setup_fn setup, pc_worker_serve_fn serve, void *arg)
{
    int st = setup(arg);
    if (st)
        _exit(st);
    pc_buf payload = {0}, out = {0};
    for (;;) {
        request_header r;
        int file;
        if (read_request_header(&r, &file))
            _exit(0);
        pc_buf_clear(&payload);
        if (r.len >= SIZE_MAX || r.file_offset > INT64_MAX ||
            !pc_buf_reserve(&payload, (size_t)r.len + 1) ||
            full_io(REQ_FD, payload.data, (size_t)r.len, 1))
            _exit(1);
        payload.len = (size_t)r.len;
        payload.data[r.len] = '\0';
        pc_buf_clear(&out);
        bool last = false;
        answer_header h = {serve(payload.data, payload.len, &out, &last, arg) & 0xff, 0, 0, 0};
        h.last = last;
        h.bytes = out.len;
        /* the file is the caller's way to spare the pipe's copies; when it
         * cannot take the bytes (a full disk), the pipe still can */
        h.in_file = file >= 0 && (uint64_t)out.len <= INT64_MAX - r.file_offset &&
                    write_at(file, out.data, out.len, r.file_offset);
        if (file >= 0)
            close(file);
        if (full_io(ANS_FD, &h, sizeof h, 0) ||
            (out.len && !h.in_file && full_io(ANS_FD, out.data, out.len, 0)))
            _exit(1);
        if (last)
            _exit(0);
    }
}

pc_worker *pc_worker_new(pc_worker_setup_fn setup, pc_worker_serve_fn serve, void *arg)
{
    pc_worker *w = calloc(1, sizeof *w);
    int sv[2] = {-1, -1}, pv[2] = {-1, -1};
    if (!w || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) ||
        pipe2(pv, O_CLOEXEC))
        goto fail;
    fcntl(pv[1], F_SETPIPE_SZ, ANSWER_PIPE_BYTES); /* a failure costs wakeups only */
    pid_t pid = fork();
    if (pid < 0)
        goto fail;
    if (pid == 0) {
        worker_fds(sv[1], pv[1]);
        worker_io();
        worker_main(setup, serve, arg);
    }
    close(sv[1]);
    close(pv[1]);
    fcntl(pv[0], F_SETFL, O_NONBLOCK);
    w->pid = pid;
    w->req = sv[0];
    w->ans = pv[0];
    return w;
fail:;
    int e = errno;
    for (int i = 0; i < 2; i++) {
        if (sv[i] >= 0)
            close(sv[i]);
        if (pv[i] >= 0)
            close(pv[i]);
    }
    free(w);
    errno = e;
    return NULL;
}

/* Sends the request header h and then payload (len bytes) down w's
 * request socket, in one sendmsg when the socket takes it all, with file
 * (unless -1) riding along with the header's first byte; 0, or -1 with
 * errno. */
static int send_request(pc_worker *w, request_header *h, const void *payload, size_t len, int file)
{
    struct iovec v[2] = {{h, sizeof *h}, {(void *)(uintptr_t)payload, len}};
    struct iovec *p = v;
    int parts = len ? 2 : 1;
    bool fd_sent = file < 0;
    while (parts) {
        union {
            struct cmsghdr align;
            char bytes[CMSG_SPACE(sizeof(int))];
        } control;
        struct msghdr m = {.msg_iov = p, .msg_iovlen = (size_t)parts};
        if (!fd_sent) {
            memset(&control, 0, sizeof control);
            m.msg_control = control.bytes;
            m.msg_controllen = sizeof control.bytes;
            struct cmsghdr *c = CMSG_FIRSTHDR(&m);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int));
            memcpy(CMSG_DATA(c), &file, sizeof(int));
        }
        ssize_t k = sendmsg(w->req, &m, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            errno = k < 0 && errno != ECONNRESET ? errno : EPIPE;
            return -1;
        }
        fd_sent = true;
        size_t done = (size_t)k;
        for (; parts && done >= p->iov_len; parts--, p++)
            done -= p->iov_len;
        if (parts) {
            p->iov_base = (char *)p->iov_base + done;
            p->iov_len -= done;
        }
    }
    return 0;
}

int pc_worker_send_to(pc_worker *w, const void *payload, size_t len, int file,
                      uint64_t file_offset)
{
    request_header h = {len, file_offset, file >= 0, 0};
    if (send_request(w, &h, payload, len, file))
        return -1;
    w->hdr_got = 0;
    w->body_left = 0;
    w->filed = false;
    return 0;
}

int pc_worker_send(pc_worker *w, const void *payload, size_t len)
{
    return pc_worker_send_to(w, payload, len, -1, 0);
}

bool pc_worker_answer_filed(const pc_worker *w, uint64_t *bytes)
{
    *bytes = w->filed ? w->hdr.bytes : 0;
    return w->filed;
}

int pc_worker_fd(const pc_worker *w) { return w->ans; }
pid_t pc_worker_pid(const pc_worker *w) { return w->pid; }

int pc_worker_read(pc_worker *w, pc_buf *out, int *status, bool *last)
{
    for (;;) {
        bool in_header = w->hdr_got < sizeof w->hdr;
        if (!in_header && !w->body_left) {
            *status = w->hdr.status;
            *last = w->hdr.last != 0;
            w->filed = w->hdr.in_file != 0;
            w->hdr_got = 0;
            return 1;
        }
        char *dst;
        size_t want;
        if (in_header) {
            dst = (char *)&w->hdr + w->hdr_got;
            want = sizeof w->hdr - w->hdr_got;
        } else {
            want = w->body_left < (1u << 20) ? (size_t)w->body_left : (1u << 20);
            if (!pc_buf_reserve(out, want)) {
                errno = ENOMEM;
                return -1;
            }
            dst = out->data + out->len;
        }
        ssize_t k = read(w->ans, dst, want);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (k <= 0) {
            errno = EPIPE;
            return -1; /* gone before the end of its answer */
        }
        if (in_header) {
            w->hdr_got += (size_t)k;
            if (w->hdr_got == sizeof w->hdr)
                w->body_left = w->hdr.in_file ? 0 : w->hdr.bytes;
            /* room for the whole answer at once: no doubling reallocs,
             * each moving what came and faulting in fresh pages */
            if (w->hdr_got == sizeof w->hdr && w->body_left && w->body_left <= ANSWER_RESERVE_MAX &&
                !pc_buf_reserve(out, (size_t)w->body_left)) {
                errno = ENOMEM;
                return -1;
            }
        } else {
            out->len += (size_t)k;
            w->body_left -= (uint64_t)k;
        }
    }
}

int pc_worker_stop(pc_worker *w, bool graceful)
{
    if (!w)
        return 0;
    close(w->req);
    close(w->ans);
    if (!graceful)
        kill(w->pid, SIGKILL); /* it holds nothing worth a goodbye */
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    free(w);
    return status;
}
