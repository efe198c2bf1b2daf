/* encoder_thread: frames handed to the sink (the encoder) on a thread of
 * their own, so encoding overlaps synthesis and mixing.
 *
 * The thread makes exactly the calls write(user, frames, n) the caller
 * would have made, in the same order and with the same n: the output is
 * byte for byte what a direct call gives. The queue is bounded (a fixed
 * number of chunks), so memory does not grow with the episode. */
#ifndef POSTCAST_ENCODER_THREAD_H
#define POSTCAST_ENCODER_THREAD_H

#include "mixer.h"

#include <pthread.h>

typedef struct pc_encoder_thread pc_encoder_thread;

/* True when RLIMIT_NPROC is tight (under 256): a thread counts against
 * it, and the speech workers need every process there is, so encoders
 * then run on the caller's thread. */
bool pc_threads_tight(void);

/* How many threads a segmented encoder gets: the environment variable
 * env's number (1 to max) when it is set; 0 (the caller's thread) when
 * pc_threads_tight(); else the CPUs, at most default_max. */
unsigned pc_encoder_threads(const char *env, unsigned max, unsigned default_max);

/* Worker threads over one lock, as the segmented encoders keep them:
 * work wakes the workers (something to do, or stop), ready the producer
 * (something done). */
#define PC_POOL_MAX_THREADS 16
typedef struct pc_pool {
    pthread_mutex_t lock;
    pthread_cond_t work, ready;
    pthread_t tid[PC_POOL_MAX_THREADS];
    unsigned nthreads; /* started; 0: the producer does the work */
    bool stop;         /* the workers leave */
} pc_pool;

/* Makes the lock and the conditions, then starts up to n (at most
 * PC_POOL_MAX_THREADS) threads of fn(arg); fewer when the system gives
 * fewer (nthreads says how many). */
void pc_pool_start(pc_pool *p, unsigned n, void *(*fn)(void *), void *arg);
/* Sets stop, wakes the workers, joins them and destroys the lock and the
 * conditions. */
void pc_pool_stop(pc_pool *p);

/* Starts a thread calling write(user, ...) for chunks of up to
 * max_frames frames of channels int16 samples. NULL when no thread or
 * memory could be had, or when pc_threads_tight(): the caller then
 * writes directly. */
pc_encoder_thread *pc_encoder_thread_new(pc_mixer_write_fn write, void *user, size_t max_frames,
                                         unsigned channels);
/* Queues a copy of n (<= max_frames) frames, waiting while the queue is
 * full. Returns the first failure of an earlier write (err filled from
 * it) and then queues nothing more. */
pcast_status pc_encoder_thread_push(pc_encoder_thread *t, const int16_t *frames, size_t n,
                                    pcast_error *err);
/* Waits until every queued chunk is written. Returns PCAST_OK, or the
 * first write's failure (err filled). The thread goes on for more. */
pcast_status pc_encoder_thread_drain(pc_encoder_thread *t, pcast_error *err);
/* Stops the thread (chunks not yet written are dropped; a write under
 * way finishes first) and frees it. NULL is a no-op. */
void pc_encoder_thread_free(pc_encoder_thread *t);

#endif
