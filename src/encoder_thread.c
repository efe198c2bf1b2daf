/* encoder_thread: a bounded ring of chunks between the mixer and the
 * sink, written by one thread. The producer and the consumer signal each
 * other only when the other waits, and each is woken for half a ring at
 * a time (or when the ring is empty: a drain), so a chunk costs a lock,
 * not a system call and a context switch. */
#include "encoder_thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define RING_CHUNKS 32  /* 32 x 93 ms of audio in flight at most */
#define WAKE_CHUNKS 16  /* either side is woken for this many at once */
#define TIGHT_NPROC 256 /* a process limit below this is tight */

struct pc_encoder_thread {
    pc_mixer_write_fn write;
    void *user;
    size_t chunk_samples; /* max_frames x channels */
    unsigned channels;
    int16_t *data;        /* RING_CHUNKS chunks */
    size_t frames[RING_CHUNKS];
    size_t head, tail;    /* chunks pushed, chunks written (ever) */
    bool stop;            /* free: leave now */
    bool producer_waits, consumer_waits;
    pcast_status status;  /* the first failed write's */
    pcast_error err;
    pthread_mutex_t lock;
    pthread_cond_t room, work;
    pthread_t thread;
};

static void *encoder_main(void *arg)
{
    pc_encoder_thread *t = arg;
    pthread_mutex_lock(&t->lock);
    for (;;) {
        while (t->head == t->tail && !t->stop) {
            t->consumer_waits = true;
            pthread_cond_wait(&t->work, &t->lock);
            t->consumer_waits = false;
        }
        if (t->stop)
            break;
        size_t slot = t->tail % RING_CHUNKS;
        pthread_mutex_unlock(&t->lock);
        pcast_error e;
        pcast_status st = PCAST_OK;
        if (!t->status) /* only this thread sets it */
            st = t->write(t->user, t->data + slot * t->chunk_samples, t->frames[slot], &e);
        pthread_mutex_lock(&t->lock);
        if (st && !t->status) {
            t->err = e;
            t->status = st;
        }
        t->tail++;
        size_t pending = t->head - t->tail;
        if (t->producer_waits && (pending == 0 || RING_CHUNKS - pending >= WAKE_CHUNKS))
            pthread_cond_signal(&t->room);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

bool pc_threads_tight(void)
{
    struct rlimit lim;
    return getrlimit(RLIMIT_NPROC, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
           lim.rlim_cur < TIGHT_NPROC;
}

unsigned pc_encoder_threads(const char *env, unsigned max, unsigned default_max)
{
    const char *v = getenv(env);
    if (v && *v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (!*end && n >= 1)
            return n > (long)max ? max : (unsigned)n;
    }
    if (pc_threads_tight())
        return 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        return 1;
    return cpus > (long)default_max ? default_max : (unsigned)cpus;
}

void pc_pool_start(pc_pool *p, unsigned n, void *(*fn)(void *), void *arg)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->ready, NULL);
    p->stop = false;
    p->nthreads = 0;
    for (unsigned i = 0; i < n && i < PC_POOL_MAX_THREADS; i++) {
        if (pthread_create(&p->tid[i], NULL, fn, arg))
            break; /* fewer threads: the same bytes, later */
        p->nthreads++;
    }
}

void pc_pool_stop(pc_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->tid[i], NULL);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->ready);
    pthread_mutex_destroy(&p->lock);
}

pc_encoder_thread *pc_encoder_thread_new(pc_mixer_write_fn write, void *user, size_t max_frames,
                                         unsigned channels)
{
    if (pc_threads_tight())
        return NULL;
    size_t samples, total;
    if (!pc_size_mul(max_frames, channels, &samples) || !pc_size_mul(samples, RING_CHUNKS, &total))
        return NULL;
    pc_encoder_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->write = write;
    t->user = user;
    t->chunk_samples = samples;
    t->channels = channels;
    t->data = calloc(total, sizeof *t->data);
    if (!t->data)
        goto fail_data;
    if (pthread_mutex_init(&t->lock, NULL))
        goto fail_data;
    if (pthread_cond_init(&t->room, NULL))
        goto fail_lock;
    if (pthread_cond_init(&t->work, NULL))
        goto fail_room;
    if (pthread_create(&t->thread, NULL, encoder_main, t))
        goto fail_work;
    return t;
fail_work:
    pthread_cond_destroy(&t->work);
fail_room:
    pthread_cond_destroy(&t->room);
fail_lock:
    pthread_mutex_destroy(&t->lock);
fail_data:
    free(t->data);
    free(t);
    return NULL;
}

/* The first failure, copied out; the lock is held. */
static pcast_status failed(pc_encoder_thread *t, pcast_error *err)
{
    if (t->status && err)
        *err = t->err;
    return t->status;
}

pcast_status pc_encoder_thread_push(pc_encoder_thread *t, const int16_t *frames, size_t n,
                                    pcast_error *err)
{
    pthread_mutex_lock(&t->lock);
    while (t->head - t->tail == RING_CHUNKS && !t->status) {
        t->producer_waits = true;
        pthread_cond_wait(&t->room, &t->lock);
        t->producer_waits = false;
    }
    pcast_status st = failed(t, err);
    pthread_mutex_unlock(&t->lock);
    if (st)
        return st;
    /* the slot at head is the producer's alone until head moves */
    size_t slot = t->head % RING_CHUNKS;
    memcpy(t->data + slot * t->chunk_samples, frames, n * t->channels * sizeof *frames);
    t->frames[slot] = n;
    pthread_mutex_lock(&t->lock);
    t->head++;
    if (t->consumer_waits && t->head - t->tail >= WAKE_CHUNKS)
        pthread_cond_signal(&t->work);
    pthread_mutex_unlock(&t->lock);
    return PCAST_OK;
}

pcast_status pc_encoder_thread_drain(pc_encoder_thread *t, pcast_error *err)
{
    pthread_mutex_lock(&t->lock);
    if (t->consumer_waits)
        pthread_cond_signal(&t->work);
    while (t->tail != t->head) {
        t->producer_waits = true;
        pthread_cond_wait(&t->room, &t->lock);
        t->producer_waits = false;
    }
    pcast_status st = failed(t, err);
    pthread_mutex_unlock(&t->lock);
    return st;
}

void pc_encoder_thread_free(pc_encoder_thread *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->work);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->work);
    pthread_cond_destroy(&t->room);
    pthread_mutex_destroy(&t->lock);
    free(t->data);
    free(t);
}
