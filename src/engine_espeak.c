/* engine_espeak: the espeak-ng engine, in long-lived worker processes.
 *
 * espeak-ng keeps global state and is not thread-safe, and that state
 * leaks into the audio: its wave generator carries phase, flutter and
 * gain from one utterance to the next (and draws noise from rand()), so
 * the same text spoken twice in one process gives different samples, and
 * nothing in its API resets that. So this process initialises the engine
 * once and never speaks; clips are spoken by workers (workers.h), one per
 * voice and clip at once, each of which loads its voice once, saves
 * espeak-ng's state (espeak_state.h) and puts it back before every clip:
 * every clip then starts from the same state, the one a fresh process
 * with the voice loaded starts from, whatever was spoken before it (the
 * cache and --jobs rely on that). Several clips run at once on several
 * cores, and a crash in the engine costs one worker and its clip, not the
 * render.
 *
 * Text always goes in as plain UTF-8: never espeakSSML (markup would be
 * obeyed) and never espeakPHONEMES ([[...]] would be read as phonemes).
 *
 * Everything espeak-specific lives here: its voice names for language
 * tags, the calibration passages, the pool of workers; what a worker
 * runs is espeak_worker.c. */
#define _GNU_SOURCE
#include "engine.h"
#include "espeak_register.h"
#include "espeak_worker.h"
#include "scripts.h"
#include "workers.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX 80  /* workers at most: more than clips at once (64) */
#define POOL_KEEP 24 /* workers kept for later clips (5 voices x 2 languages x 2) */

static void pool_free(void);
static int engine_rate; /* 0 until espeak-ng is up; the engine is global */

static void *no_op(void *arg) { return arg; }

/* espeak-ng's initialisation starts a thread and asserts (aborting the
 * process) when it cannot: at a process limit, see first whether one can
 * be made. */
static int thread_ok(void)
{
    pthread_t t;
    int e = pthread_create(&t, NULL, no_op, NULL);
    if (!e)
        pthread_join(t, NULL);
    return e;
}

/* espeak_Initialize with stderr (fd 2) pointed at /dev/null meanwhile,
 * and put back. espeak-ng 1.51 opens an audio device even for
 * AUDIO_OUTPUT_SYNCHRONOUS, which never plays: pcaudiolib tries
 * PulseAudio, whose client prints "Failed to create secure directory
 * (~/.config/pulse)" wherever $HOME is not writable (another user, a
 * container, a service). What espeak-ng itself would print then is its
 * data missing, which the caller says in its own words. No thread of
 * this library writes to stderr meanwhile: the render has not started. */
static int initialize_quietly(void)
{
    fflush(stderr);
    int saved = fcntl(2, F_DUPFD_CLOEXEC, 3), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    bool quiet = saved >= 0 && null >= 0 && dup2(null, 2) == 2;
    int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    if (quiet)
        dup2(saved, 2);
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    return r;
}

static pcast_status espeak_open(unsigned *rate, pcast_error *err)
{
    if (!engine_rate) {
        int e = thread_ok();
        if (e)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng cannot start: %s (a process limit?)", strerror(e));
        int r = initialize_quietly();
        if (r <= 0)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng could not start (is espeak-ng-data installed?)");
        engine_rate = r;
        /* espeak-ng's list of voices, built here once: every worker
         * inherits it instead of reading the voices directory itself */
        espeak_ListVoices(NULL);
        atexit(pool_free); /* the engine is global: so are its workers */
    }
    *rate = (unsigned)engine_rate;
    return PCAST_OK;
}

/* espeak-ng's voice for a language tag. */
static const char *voice_name(const char *tag)
{
    size_t n = strcspn(tag, "-");
    if ((n == 2 && !strncmp(tag, "zh", 2)) || (n == 3 && !strncmp(tag, "cmn", 3)))
        return "cmn-latn-pinyin"; /* cmn misreads many Han characters (DESIGN.md) */
    if (n == 3 && !strncmp(tag, "yue", 3))
        return "yue-Latn-jyutping"; /* reads the front end's Jyutping, Han as yue */
    if (!strcmp(tag, "en") || !strcmp(tag, "en-us"))
        return "en-us";
    return tag; /* "yue", "en-gb", "fr", ...: espeak-ng's names are tags */
}

static const char *espeak_version(void)
{
    static char v[128];
    if (!v[0])
        snprintf(v, sizeof v, "%s volume %d", espeak_Info(NULL), PC_ESPEAK_VOLUME);
    return v;
}

/* Each voice (a speaker in one language) is measured on this passage:
 * the start of "The North Wind and the Sun", in its language's script
 * (espeak-ng reads another script by switching to English or naming the
 * letters, whose loudness is not the voice's own: measured on the English
 * passage, Japanese came out 2.2 dB under the target and Hebrew 5.2 dB).
 * A script without a passage here is measured on the English one. */
static const char *espeak_calibration_text(const char *tag)
{
    static const struct {
        const char *script, *text;
    } passages[] = {
        {"Cyrillic", "Северный ветер и солнце спорили, кто из них сильнее. В это время они увидели "
                     "путешественника, который шёл по дороге в тёплом плаще."},
        {"Greek", "Ο βοριάς και ο ήλιος μάλωναν για το ποιος είναι ο πιο δυνατός, όταν πέρασε από "
                  "μπροστά τους ένας ταξιδιώτης τυλιγμένος σε μια ζεστή κάπα."},
        {"Arabic", "كانت ريح الشمال والشمس تتجادلان أيهما أقوى، حين مر بهما مسافر ملتف بعباءة دافئة."},
        {"Hebrew", "רוח הצפון והשמש התווכחו מי מהן חזקה יותר, כאשר עבר שם הלך עטוף במעיל חם."},
        {"Devanagari", "उत्तरी हवा और सूरज में बहस हो रही थी कि दोनों में से कौन ज़्यादा ताक़तवर है, तभी "
                       "गरम लबादा ओढ़े एक मुसाफ़िर वहाँ से गुज़रा।"},
        {"Thai", "ลมเหนือกับดวงอาทิตย์กำลังเถียงกันว่าใครแข็งแรงกว่ากัน ขณะนั้นมีนักเดินทางคนหนึ่งเดินผ่านมา "
                 "สวมเสื้อคลุมหนาอุ่น"},
    };
    int script = pc_script_of_lang(tag);
    if (script == PC_SCRIPT_HAN)
        return "北風跟太陽在那兒爭論誰的本事大。這時候路上來了個走道兒的，他身上穿著件厚大衣。";
    if (script == PC_SCRIPT_KANA)
        return "北風と太陽が、どちらが強いかで言い争っていました。そこへ、暖かいマントを着た旅人がやって来ました。";
    if (script == PC_SCRIPT_HANGUL)
        return "북풍과 해님이 서로 힘이 더 세다고 다투고 있었습니다. 그때 한 나그네가 따뜻한 외투를 입고 길을 "
               "걸어가고 있었습니다.";
    const char *name = pc_script_name(script);
    for (size_t k = 0; name && k < sizeof passages / sizeof *passages; k++)
        if (!strcmp(name, passages[k].script))
            return passages[k].text;
    return "The North Wind and the Sun were disputing which was the stronger, when a traveler "
           "came along wrapped in a warm cloak.";
}

/* ---------- the parent ---------- */
static unsigned alive; /* clips being spoken */

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A number from the environment, or def. */
static long env_long(const char *name, long def, bool *plus)
{
    const char *v = getenv(name);
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : def;
    if (plus)
        *plus = end && *end == '+';
    return n;
}

/* The watchdog: a worker that sends nothing for this long (stopped, or
 * stuck) is killed. $POSTCAST_WORKER_TIMEOUT_MS overrides it (tests). */
static double watchdog_s(void)
{
    static double s = -1;
    if (s < 0) {
        long ms = env_long("POSTCAST_WORKER_TIMEOUT_MS", 30000, NULL);
        s = (ms > 0 ? ms : 30000) / 1000.0;
    }
    return s;
}

/* Fault injection for the tests, each costing a getenv when unset:
 * POSTCAST_FAULT_KILL_WORKER=N kills the worker speaking the N-th clip
 * this process starts (counting from 1) as soon as it has it, "N+" that
 * one and every later one's; POSTCAST_FAULT_STOP_WORKER=N stops the N-th
 * clip's (SIGSTOP) instead; POSTCAST_FAULT_WORKER_LIMIT=K fails the making
 * of a worker as fork() does at a process limit (EAGAIN) while K workers
 * exist. */
static void maybe_fault(pid_t pid)
{
    static unsigned long started;
    static long kill_from = -1, stop_at;
    static bool and_later;
    if (kill_from == -1) {
        kill_from = env_long("POSTCAST_FAULT_KILL_WORKER", 0, &and_later);
        stop_at = env_long("POSTCAST_FAULT_STOP_WORKER", 0, NULL);
    }
    started++;
    if (kill_from > 0 && (started == (unsigned long)kill_from ||
                          (and_later && started > (unsigned long)kill_from)))
        kill(pid, SIGKILL);
    if (stop_at > 0 && started == (unsigned long)stop_at)
        kill(pid, SIGSTOP);
}

static bool fault_limit(size_t workers)
{
    static long limit = -2;
    if (limit == -2)
        limit = env_long("POSTCAST_FAULT_WORKER_LIMIT", -1, NULL);
    return limit >= 0 && workers >= (unsigned long)limit;
}

/* A start that failed for want of processes or files may work later. */
static pcast_status start_failed(pc_engine_job *j, int e, pcast_error *err)
{
    j->busy = e == EAGAIN || e == EMFILE || e == ENFILE || e == ENOMEM;
    return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "cannot start a speech worker: %s",
                        strerror(e));
}

/* ---------- the pool: long-lived workers, each for one voice ----------
 *
 * A clip goes to an idle worker of its voice, or to a new one (forked
 * from this process, which never speaks: it loads the voice once). Idle
 * workers stay for the next clips; past POOL_KEEP workers the least
 * recently used idle one makes room. A worker that dies takes only the
 * clip it was speaking with it. */

typedef struct pool_entry {
    pc_espeak_voice_key key;
    pc_worker *w;
    bool busy;
    unsigned long used; /* when last given a clip, for making room */
} pool_entry;

static pool_entry pool[POOL_MAX];
static unsigned long pool_clock;

static size_t pool_count(void)
{
    size_t k = 0;
    for (size_t i = 0; i < POOL_MAX; i++)
        k += pool[i].w != NULL;
    return k;
}

static pool_entry *pool_find_pid(pid_t pid)
{
    for (size_t i = 0; i < POOL_MAX; i++)
        if (pool[i].w && pc_worker_pid(pool[i].w) == pid)
            return &pool[i];
    return NULL;
}

/* Stops e's worker (killed unless it is exiting on its own); its wait
 * status. */
static int pool_drop(pool_entry *e, bool graceful)
{
    int status = pc_worker_stop(e->w, graceful);
    e->w = NULL;
    e->busy = false;
    return status;
}

/* At a process or file limit: every idle worker goes, to make room. */
static void pool_drop_idle(void)
{
    for (size_t i = 0; i < POOL_MAX; i++)
        if (pool[i].w && !pool[i].busy)
            pool_drop(&pool[i], false);
}

static void pool_free(void)
{
    for (size_t i = 0; i < POOL_MAX; i++)
        pc_worker_stop(pool[i].w, false); /* NULL: a no-op */
}

/* k for a clip in language with s. A name too long for k is cut: no
 * espeak-ng voice has such a name, so the worker falls back as it would
 * for the whole name (load_voice: the primary subtag, then English). */
static void make_key(pc_espeak_voice_key *k, const char *language, const pcast_voice_settings *s)
{
    memset(k, 0, sizeof *k);
    k->rate_hz = (unsigned)engine_rate;
    size_t n = strlen(language);
    if (n >= sizeof k->language)
        n = strcspn(language, "-");
    memcpy(k->language, language, n < sizeof k->language ? n : sizeof k->language - 1);
    if (s->variant)
        memcpy(k->variant, s->variant, strnlen(s->variant, sizeof k->variant - 1));
    k->no_variant = !s->variant;
}

/* A new worker for k in a free entry (the least recently used idle worker
 * making room when POOL_KEEP are there); NULL with errno. */
static pool_entry *pool_new(const pc_espeak_voice_key *k)
{
    pool_entry *slot = NULL, *oldest = NULL;
    for (size_t i = 0; i < POOL_MAX; i++) {
        pool_entry *e = &pool[i];
        if (!e->w && !slot)
            slot = e;
        if (e->w && !e->busy && (!oldest || e->used < oldest->used))
            oldest = e;
    }
    if (oldest && (pool_count() >= POOL_KEEP || !slot)) {
        pool_drop(oldest, false);
        slot = oldest;
    }
    if (!slot) {
        errno = EAGAIN;
        return NULL;
    }
    slot->key = *k;
    slot->w = NULL;
    for (int attempt = 0; attempt < 2 && !slot->w; attempt++) {
        if (fault_limit(pool_count()))
            errno = EAGAIN;
        else
            slot->w = pc_worker_new(pc_espeak_worker_setup, pc_espeak_worker_serve, &slot->key);
        if (slot->w || attempt || !(errno == EAGAIN || errno == EMFILE || errno == ENFILE ||
                                    errno == ENOMEM))
            break;
        pool_drop_idle(); /* their processes and pipes for this one */
    }
    return slot->w ? slot : NULL;
}

/* Sends the clip to an idle worker of its voice (made when there is none;
 * one found gone is replaced once): its entry, or NULL with errno. */
static pool_entry *pool_speak(const pcast_voice_settings *s, const char *language,
                              const char *text, int sink_fd, uint64_t sink_offset)
{
    pc_espeak_voice_key k;
    make_key(&k, language, s);
    size_t n = strlen(text);
    char *payload = n < SIZE_MAX - sizeof *s - 1 ? malloc(sizeof *s + n + 1) : NULL;
    if (!payload)
        return NULL;
    memcpy(payload, s, sizeof *s);
    memcpy(payload + sizeof *s, text, n + 1);
    pool_entry *e = NULL;
    for (int attempt = 0; attempt < 2 && !e; attempt++) {
        for (size_t i = 0; i < POOL_MAX && !e; i++)
            if (pool[i].w && !pool[i].busy && !memcmp(&pool[i].key, &k, sizeof k))
                e = &pool[i];
        if (!e && !(e = pool_new(&k)))
            break;
        if (pc_worker_send_to(e->w, payload, sizeof *s + n, sink_fd, sink_offset)) {
            pool_drop(e, false); /* gone while idle */
            e = NULL;
        }
    }
    free(payload);
    if (e) {
        e->busy = true;
        e->used = ++pool_clock;
    }
    return e;
}

static pcast_status espeak_start_into(pc_engine_job *j, const pcast_voice_settings *s,
                                      const char *tag, const char *text, int sink_fd,
                                      uint64_t sink_offset, pcast_error *err)
{
    unsigned rate;
    const char *language = voice_name(tag);
    pcast_status st = espeak_open(&rate, err);
    if (st)
        return st;
    memset(j, 0, sizeof *j);
    j->fd = -1;
    pool_entry *e = pool_speak(s, language, text, sink_fd, sink_offset);
    if (!e)
        return start_failed(j, errno, err);
    alive++;
    j->pid = pc_worker_pid(e->w);
    j->fd = pc_worker_fd(e->w);
    j->running = true;
    j->last_progress_s = mono_s();
    maybe_fault(j->pid);
    return PCAST_OK;
}

static pcast_status espeak_start(pc_engine_job *j, const pcast_voice_settings *s, const char *tag,
                                 const char *text, pcast_error *err)
{
    return espeak_start_into(j, s, tag, text, -1, 0, err);
}

/* The job's clip is over: done (status: an exit status) or its worker
 * gone (graceful: it exits on its own; else it is killed and reaped). */
static void job_over(pc_engine_job *j, pool_entry *e, bool answered, int status, bool last)
{
    j->running = false;
    alive--;
    if (answered)
        j->status = W_EXITCODE(status, 0);
    if (e && (!answered || last)) {
        int ws = pool_drop(e, answered);
        if (!answered)
            j->status = ws;
    } else if (e) {
        e->busy = false;
    }
}

/* Reads what j's worker has sent; ends the job when its answer is whole or
 * the worker is gone. */
static void drain(pc_engine_job *j)
{
    pool_entry *e = pool_find_pid(j->pid);
    int status = 0;
    bool last = false;
    int r = e ? pc_worker_read(e->w, &j->pcm, &status, &last) : -1;
    if (r == 0) {
        j->last_progress_s = mono_s();
        return;
    }
    if (r < 0 && errno == ENOMEM)
        j->failed = true;
    /* the samples went into the sink (pc_worker_send_to) */
    j->sank = r > 0 && pc_worker_answer_filed(e->w, &j->sink_bytes);
    job_over(j, e, r > 0, status, last);
}

static void espeak_pump(pc_engine_job *jobs, size_t n, int timeout_ms)
{
    struct pollfd fds[64];
    size_t map[64], k = 0;
    double t = mono_s(), limit = watchdog_s(), wait_s = limit;
    for (size_t i = 0; i < n && k < 64; i++) {
        if (!jobs[i].running)
            continue;
        double idle = t - jobs[i].last_progress_s;
        if (idle >= limit) {
            kill(jobs[i].pid, SIGKILL); /* the pipe closes: ended below */
            jobs[i].last_progress_s = t;
        } else if (limit - idle < wait_s) {
            wait_s = limit - idle;
        }
        fds[k].fd = jobs[i].fd;
        fds[k].events = POLLIN;
        map[k++] = i;
    }
    int wait_ms = (int)(wait_s * 1000) + 1;
    if (!k || poll(fds, k, timeout_ms >= 0 && timeout_ms < wait_ms ? timeout_ms : wait_ms) <= 0)
        return;
    for (size_t i = 0; i < k; i++)
        if (fds[i].revents)
            drain(&jobs[map[i]]);
}

static pcast_status espeak_finish(pc_engine_job *j, int16_t **samples, size_t *frames, pcast_error *err)
{
    *samples = NULL;
    *frames = 0;
    while (j->running)
        espeak_pump(j, 1, -1);
    int st = j->status;
    bool ok = !j->failed && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) {
        j->sank = false;
        pc_buf_free(&j->pcm);
        if (j->failed)
            return pc_error_nomem(err);
        if (WIFEXITED(st) && WEXITSTATUS(st) == PC_ESPEAK_EXIT_NO_VOICE)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "espeak-ng has no such voice");
        j->killed = true; /* a signal, the watchdog, or espeak_Synth's refusal */
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "a speech worker %s %d",
                            WIFSIGNALED(st) ? "was killed by signal" : "failed with status",
                            WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    }
    if (j->sank) {
        pc_buf_free(&j->pcm);
        *frames = (size_t)(j->sink_bytes / sizeof(int16_t));
        return PCAST_OK;
    }
    /* the worker trimmed espeak-ng's silence (worker_samples) */
    *frames = j->pcm.len / sizeof(int16_t);
    *samples = *frames ? (int16_t *)j->pcm.data : NULL;
    if (!*frames)
        free(j->pcm.data);
    j->pcm.data = NULL;
    j->pcm.len = j->pcm.cap = 0;
    return PCAST_OK;
}

/* espeak-ng's phonemes (as `espeak-ng -x`), clause by clause, from a child
 * forked from the pristine engine like a speaking worker (so nothing in
 * this process's espeak-ng state changes), through a pipe. */
static char *espeak_phonemes(const pcast_voice_settings *s, const char *tag, const char *text)
{
    unsigned rate;
    const char *language = voice_name(tag);
    if (espeak_open(&rate, NULL))
        return NULL;
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        close(fds[0]);
        signal(SIGINT, SIG_IGN);
        if (!pc_espeak_child_voice(s, language))
            _exit(PC_ESPEAK_EXIT_NO_VOICE);
        const void *at = text;
        FILE *out = fdopen(fds[1], "w");
        for (bool first = true; out && at; first = false) {
            const char *ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
            if (ph && *ph)
                fprintf(out, "%s%s", first ? "" : " ", ph);
        }
        _exit(out && fclose(out) == 0 ? 0 : PC_ESPEAK_EXIT_SYNTH);
    }
    close(fds[1]);
    pc_buf b = {0};
    bool ok = true;
    for (;;) {
        if (!pc_buf_reserve(&b, 4096)) {
            ok = false;
            break;
        }
        ssize_t n = read(fds[0], b.data + b.len, 4096);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        b.len += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !pc_buf_reserve(&b, 1)) {
        pc_buf_free(&b);
        return NULL;
    }
    b.data[b.len] = '\0';
    return b.data;
}

static void espeak_cancel(pc_engine_job *j)
{
    if (j->running) /* its worker is mid-answer: it goes */
        job_over(j, pool_find_pid(j->pid), false, 0, false);
    pc_buf_free(&j->pcm);
}

const pc_engine_ops pc_engine_espeak = {
    .name = "espeak-ng",
    .open = espeak_open,
    .version = espeak_version,
    .calibration_text = espeak_calibration_text,
    .start = espeak_start,
    .start_into = espeak_start_into,
    .pump = espeak_pump,
    .finish = espeak_finish,
    .cancel = espeak_cancel,
    .phonemes = espeak_phonemes,
    .register_pitch = pc_espeak_register_pitch,
};
