/* zygote: a template process that makes workers by copy-on-write.
 *
 * pc_zygote_new forks a template that runs setup(arg) once (loading an
 * engine's voice, say) and then waits for requests. Each pc_zygote_spawn
 * makes a worker: a copy of the template (clone with CLONE_PARENT, so the
 * worker is a child of the CALLING process: it waits for it, kills it,
 * reads its status as for a fork()) that runs work(fd, payload, len, arg)
 * and exits. A worker so starts where setup left the template, without
 * paying for setup again, and whatever a worker does leaves the template
 * and the next worker untouched. Linux only (CLONE_PARENT). */
#ifndef POSTCAST_ZYGOTE_H
#define POSTCAST_ZYGOTE_H

#include <stddef.h>
#include <sys/types.h>

typedef struct pc_zygote pc_zygote;

/* In the template: runs once; returns 0, or an exit status for the
 * template (it then refuses every request with ECHILD). */
typedef int (*pc_zygote_setup_fn)(void *arg);
/* In a worker: fd is the descriptor handed to pc_zygote_spawn, payload
 * (len bytes, NUL-terminated) its bytes. Must not return (_exit). */
typedef void (*pc_zygote_work_fn)(int fd, const char *payload, size_t len, void *arg);

/* Starts a template. In the template, descriptors 0-2 read and write
 * /dev/null, every other descriptor of this process is closed, SIGINT
 * is ignored and SIGPIPE is default. arg is the caller's memory as it is
 * at this call (the template has its own copy). NULL with errno set when
 * no process or socket could be made; nothing is left behind then. */
pc_zygote *pc_zygote_new(pc_zygote_setup_fn setup, pc_zygote_work_fn work, void *arg);

/* Makes a worker running work(fd, payload, len). fd stays the caller's
 * (the worker gets a copy). Returns the worker's pid (a child of the
 * caller), or -1 with errno: EAGAIN/ENOMEM when the template could not
 * clone, ECHILD when its setup failed, EPIPE when the template is gone
 * (then free it and make another). */
pid_t pc_zygote_spawn(pc_zygote *z, int fd, const void *payload, size_t len);

/* Stops the template (workers already made go on) and waits for it. NULL
 * is a no-op. */
void pc_zygote_free(pc_zygote *z);

#endif
