/* workers: long-lived helper processes that answer requests in order.
 *
 * pc_worker_new forks a process that runs setup(arg) once (loading an
 * engine's voice, say) and then answers requests one at a time: each
 * request's bytes go to serve(), whose answer (a status and bytes) comes
 * back through a pipe the caller polls (the bytes may go into a file the
 * caller passes with the request instead: pc_worker_send_to). The worker is a child of the
 * caller (it reaps it with pc_worker_stop); it exits when the caller
 * closes its end (pc_worker_stop, or the caller's own exit), when setup
 * fails, or after an answer serve() marks as its last. */
#ifndef POSTCAST_WORKERS_H
#define POSTCAST_WORKERS_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct pc_worker pc_worker;

/* In the worker, once: 0, or the worker's exit status (it then exits
 * without answering anything). */
typedef int (*pc_worker_setup_fn)(void *arg);
/* In the worker, per request: payload (len bytes, NUL-terminated) in;
 * appends its answer's bytes to out (cleared before each request) and
 * returns its status (0..255). Setting *last makes the worker exit after
 * this answer. */
typedef int (*pc_worker_serve_fn)(const char *payload, size_t len, pc_buf *out, bool *last,
                                  void *arg);

/* Forks a worker. In it, descriptors 0-2 read and write /dev/null, every
 * other descriptor of this process is closed, SIGINT is ignored and
 * SIGPIPE is default; arg is the caller's memory as it is at this call
 * (the worker has its own copy). NULL with errno set when no process,
 * pipe or memory could be had; nothing is left behind then. */
pc_worker *pc_worker_new(pc_worker_setup_fn setup, pc_worker_serve_fn serve, void *arg);

/* Sends one request (the worker must have answered the previous one).
 * 0, or -1 with errno (EPIPE: the worker is gone; stop it). */
int pc_worker_send(pc_worker *w, const void *payload, size_t len);
/* pc_worker_send, with file (a descriptor open for writing; the worker
 * gets a copy of it, the caller keeps its own) to take the answer's bytes
 * at file_offset: the worker writes them there itself (pwrite) instead of
 * sending them through the pipe, sparing the pipe's two copies. When it
 * cannot (a full disk), they come through the pipe as usual; see
 * pc_worker_answer_filed. file -1: pc_worker_send. */
int pc_worker_send_to(pc_worker *w, const void *payload, size_t len, int file,
                      uint64_t file_offset);
/* After pc_worker_read returned 1: whether that answer's bytes went into
 * the request's file (none were appended to out then), and how many
 * (*bytes; 0 when they came through the pipe). What a failed answer left
 * in the file is the caller's to discard. */
bool pc_worker_answer_filed(const pc_worker *w, uint64_t *bytes);

/* The descriptor to poll for the answer (POLLIN), and the worker's pid. */
int pc_worker_fd(const pc_worker *w);
pid_t pc_worker_pid(const pc_worker *w);

/* Reads what has arrived of the answer without waiting, appending its
 * bytes to out. 1: the answer is complete (*status is serve's status,
 * *last whether the worker exits now); 0: more is to come; -1: the
 * worker is gone before the end (stop it: its wait status tells why) or
 * out of memory (errno ENOMEM; out keeps what it had). */
int pc_worker_read(pc_worker *w, pc_buf *out, int *status, bool *last);

/* Closes the worker's request channel, kills it unless it is already
 * exiting (graceful: it exits on its own), reaps it and frees w; returns
 * its wait status (0 for NULL). */
int pc_worker_stop(pc_worker *w, bool graceful);

#endif
