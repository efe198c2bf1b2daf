/* engine_espeak: the espeak-ng engine, one child process per clip.
 *
 * espeak-ng keeps global state and is not thread-safe, and that state
 * leaks into the audio: its wave generator carries phase and flutter
 * counters from one utterance to the next (and draws noise from rand()),
 * so the same text spoken twice in one process gives different samples.
 * Nothing in its API resets that. So this process initialises the engine
 * once and never speaks; each clip is spoken by a child started from that
 * pristine state with the clip's voice loaded (a clone of the voice's
 * template process, below), which writes its samples into a pipe and
 * exits.
 * Every clip is then the same whatever came before it (the cache and
 * --jobs rely on that), several clips run at once on several cores, and
 * a crash in the engine kills one child, not the render.
 *
 * Text always goes in as plain UTF-8: never espeakSSML (markup would be
 * obeyed) and never espeakPHONEMES ([[...]] would be read as phonemes).
 *
 * Everything espeak-specific lives here: its voice names for language
 * tags, the volume it speaks at, the calibration passages, the workers. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "engine.h"
#include "espeak_prosody.h"
#include "zygote.h"

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

#define EXIT_NO_VOICE 3
#define EXIT_SYNTH 4
#define PIPE_BYTES (1 << 20) /* most clips fit: the worker seldom waits */

static void templates_free(void);
static int engine_rate; /* 0 until espeak-ng is up; the engine is global */

/* Languages whose dictionaries the parent has loaded, so children start
 * with them in memory instead of reading them again. */
static char preloaded[16][32];
static size_t preloaded_count;

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

static pcast_status espeak_open(unsigned *rate, pcast_error *err)
{
    if (!engine_rate) {
        int e = thread_ok();
        if (e)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng cannot start: %s (a process limit?)", strerror(e));
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
        if (r <= 0)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng could not start (is espeak-ng-data installed?)");
        engine_rate = r;
        atexit(templates_free); /* the engine is global: so are its templates */
    }
    *rate = (unsigned)engine_rate;
    return PCAST_OK;
}

static void preload(const char *language)
{
    for (size_t i = 0; i < preloaded_count; i++)
        if (!strcmp(preloaded[i], language))
            return;
    size_t n = strlen(language);
    if (preloaded_count < sizeof preloaded / sizeof *preloaded && n < 32) {
        espeak_SetVoiceByName(language);
        memcpy(preloaded[preloaded_count++], language, n + 1);
    }
}

#define VOLUME 60 /* headroom: at 100 espeak-ng clips; the mix restores level */
/* espeak-ng's voice for a language tag. */
static const char *voice_name(const char *tag)
{
    size_t n = strcspn(tag, "-");
    if ((n == 2 && !strncmp(tag, "zh", 2)) || (n == 3 && !strncmp(tag, "cmn", 3)))
        return "cmn-latn-pinyin"; /* cmn misreads many Han characters (DESIGN.md) */
    if (!strcmp(tag, "en") || !strcmp(tag, "en-us"))
        return "en-us";
    return tag; /* "yue", "en-gb", "fr", ...: espeak-ng's names are tags */
}

static const char *espeak_version(void)
{
    static char v[128];
    if (!v[0])
        snprintf(v, sizeof v, "%s volume %d", espeak_Info(NULL), VOLUME);
    return v;
}

static bool espeak_speaks(const char *tag)
{
    const char *want = voice_name(tag);
    const espeak_VOICE **voices = espeak_ListVoices(NULL);
    for (size_t i = 0; voices && voices[i]; i++)
        /* languages: a priority byte, then a name, repeated; "" ends */
        for (const char *l = voices[i]->languages; l && *l; l += strlen(l + 1) + 2)
            if (!strcmp(l + 1, want))
                return true;
    return false;
}

/* Each voice (a speaker in one language) is measured on this passage:
 * "The North Wind and the Sun", in English or Chinese. */
static const char *espeak_calibration_text(const char *tag)
{
    const char *v = voice_name(tag);
    if (!strncmp(v, "cmn", 3) || !strncmp(v, "yue", 3))
        return "北風跟太陽在那兒爭論誰的本事大。這時候路上來了個走道兒的，他身上穿著件厚大衣。";
    return "The North Wind and the Sun were disputing which was the stronger, when a traveler "
           "came along wrapped in a warm cloak.";
}

/* ---------- the child ---------- */

static int child_fd = -1;
/* Samples go out in blocks of this size, not per callback (8.8 kB): the
 * render process then wakes up about 30 times less often. */
#define CHILD_BLOCK_BYTES 65536
static char child_block[CHILD_BLOCK_BYTES];
static size_t child_block_len;

/* Writes out the block; false when the parent is gone. */
static bool child_flush(void)
{
    const char *p = child_block;
    size_t left = child_block_len;
    child_block_len = 0;
    while (left) {
        ssize_t w = write(child_fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        left -= (size_t)w;
    }
    return true;
}

static int child_samples(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    const char *p = (const char *)wav;
    size_t left = wav && n > 0 ? (size_t)n * sizeof *wav : 0;
    while (left) {
        size_t k = CHILD_BLOCK_BYTES - child_block_len;
        k = k < left ? k : left;
        memcpy(child_block + child_block_len, p, k);
        child_block_len += k;
        p += k;
        left -= k;
        if (child_block_len == CHILD_BLOCK_BYTES && !child_flush())
            return 1; /* the parent is gone: stop */
    }
    return 0;
}

/* The voice set_voice last loaded in this process: a worker made from a
 * template (below) finds its voice loaded and does not load it again. */
static char voice_loaded[128];

static bool set_voice(const char *language, const char *variant)
{
    char name[128];
    snprintf(name, sizeof name, "%s+%s", language, variant);
    if (!strcmp(name, voice_loaded))
        return true;
    voice_loaded[0] = '\0';
    if (espeak_SetVoiceByName(name) != EE_OK)
        return false;
    memcpy(voice_loaded, name, sizeof name);
    return true;
}

/* language's voice with variant; an unknown language falls back to its
 * primary subtag, then English. False when none of them loads. */
static bool load_voice(const char *language, const char *variant)
{
    if (set_voice(language, variant))
        return true;
    char primary[32];
    size_t n = strcspn(language, "-");
    snprintf(primary, sizeof primary, "%.*s", (int)(n < 31 ? n : 31), language);
    return set_voice(primary, variant) || set_voice("en-us", variant);
}

/* The voice of one clip: language with s's variant, then s's rate (for
 * Mandarin, from s->syllables_per_second when set), pitch and range. */
static bool child_voice(const pcast_voice_settings *s, const char *language)
{
    if (!load_voice(language, s->variant))
        return false;
    bool mandarin = !strncmp(language, "cmn", 3) && s->syllables_per_second > 0;
    espeak_SetParameter(espeakRATE, mandarin ? pc_espeak_mandarin_rate(s->syllables_per_second) : s->rate, 0);
    espeak_SetParameter(espeakPITCH, s->pitch, 0);
    espeak_SetParameter(espeakRANGE, s->range, 0);
    espeak_SetParameter(espeakVOLUME, VOLUME, 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
    return true;
}

static void child_speak(int fd, const pcast_voice_settings *s, const char *language,
                        const char *text)
{
    signal(SIGINT, SIG_IGN); /* Ctrl-C is the parent's to handle */
    signal(SIGPIPE, SIG_DFL);
    /* a crash inside espeak-ng is the parent's to report (as a warning
     * with the clip's line): glibc's own message would go to the terminal */
    setenv("LIBC_FATAL_STDERR_", "1", 1);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDERR_FILENO);
        close(null);
    }
    child_fd = fd;
    espeak_SetSynthCallback(child_samples);
    if (!child_voice(s, language))
        _exit(EXIT_NO_VOICE);
    char *rise = pc_espeak_question_rise(s->pitch, language, text); /* freed by _exit */
    if (rise)
        text = rise;
    srand(1);
    size_t len = strlen(text);
    if (espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL) != EE_OK)
        _exit(EXIT_SYNTH);
    espeak_Synchronize();
    _exit(child_flush() ? 0 : EXIT_SYNTH);
}

/* ---------- the parent ---------- */

static unsigned alive; /* workers started and not yet reaped */

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
 * POSTCAST_FAULT_KILL_WORKER=N kills the N-th worker this process starts
 * (counting from 1) as soon as it exists, "N+" that one and every later
 * one; POSTCAST_FAULT_STOP_WORKER=N stops the N-th (SIGSTOP) instead;
 * POSTCAST_FAULT_WORKER_LIMIT=K fails a start as fork() does at a
 * process limit (EAGAIN) while K workers are alive. */
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

static bool fault_limit(void)
{
    static long limit = -2;
    if (limit == -2)
        limit = env_long("POSTCAST_FAULT_WORKER_LIMIT", -1, NULL);
    return limit >= 0 && alive >= (unsigned long)limit;
}

/* A start that failed for want of processes or files may work later. */
static pcast_status start_failed(pc_engine_job *j, int e, pcast_error *err)
{
    j->busy = e == EAGAIN || e == EMFILE || e == ENFILE || e == ENOMEM;
    return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "cannot start a speech worker: %s",
                        strerror(e));
}

/* ---------- templates: a process per voice, with the voice loaded ----------
 *
 * Loading a voice costs more than most clips (espeak-ng reads the whole
 * dictionary again: 1.5 MB for cmn), so each voice (language + variant)
 * gets a template process (zygote.h) forked from this one that loads it
 * once; a clip's worker is a copy-on-write clone of its voice's template
 * and finds the voice loaded (set_voice remembers it). It then starts
 * from the state a fresh fork + set_voice would have given it, so its
 * samples are the same. */

typedef struct voice_key {
    char language[32];
    char variant[64];
    bool no_variant; /* the settings had variant NULL */
} voice_key;

typedef struct voice_template {
    voice_key key;
    pc_zygote *z;
    unsigned long used; /* when last used, for replacing the oldest */
} voice_template;

#define MAX_TEMPLATES 16
static voice_template templates[MAX_TEMPLATES];
static unsigned long template_clock;

static int template_setup(void *arg)
{
    const voice_key *k = arg;
    /* a voice that does not load is the worker's to report, as before */
    load_voice(k->language, k->no_variant ? NULL : k->variant);
    return 0;
}

/* In a worker: the payload is the clip's settings (the variant pointer
 * replaced by the template's) followed by its text. */
static void template_work(int fd, const char *payload, size_t len, void *arg)
{
    const voice_key *k = arg;
    pcast_voice_settings s;
    if (len < sizeof s)
        _exit(EXIT_SYNTH);
    memcpy(&s, payload, sizeof s);
    s.variant = k->no_variant ? NULL : k->variant;
    child_speak(fd, &s, k->language, payload + sizeof s);
}

static void templates_free(void)
{
    for (size_t i = 0; i < MAX_TEMPLATES; i++) {
        pc_zygote_free(templates[i].z);
        templates[i].z = NULL;
    }
}

/* The template for language and variant, made when there is none (the
 * least recently used one making room); NULL with errno when no process
 * could be made. */
static voice_template *template_for(const char *language, const char *variant)
{
    voice_key k;
    memset(&k, 0, sizeof k);
    if (strlen(language) >= sizeof k.language || (variant && strlen(variant) >= sizeof k.variant)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    memcpy(k.language, language, strlen(language));
    if (variant)
        memcpy(k.variant, variant, strlen(variant));
    k.no_variant = !variant;
    voice_template *t = NULL; /* a free slot, else the oldest */
    for (size_t i = 0; i < MAX_TEMPLATES; i++) {
        voice_template *u = &templates[i];
        if (u->z && !memcmp(&u->key, &k, sizeof k)) {
            u->used = ++template_clock;
            return u;
        }
        if (!t || (t->z && (!u->z || u->used < t->used)))
            t = u;
    }
    pc_zygote_free(t->z);
    t->z = NULL;
    t->key = k;
    t->z = pc_zygote_new(template_setup, template_work, &t->key);
    t->used = ++template_clock;
    return t->z ? t : NULL;
}

/* A worker for the clip from its voice's template, writing into fd: its
 * pid, or -1 when no template could make it (a template found gone is
 * made again once; at a process limit every template is stopped, to give
 * its process to a worker). */
static pid_t spawn_worker(int fd, const pcast_voice_settings *s, const char *language,
                          const char *text)
{
    size_t n = strlen(text);
    char *payload = n < SIZE_MAX - sizeof *s - 1 ? malloc(sizeof *s + n + 1) : NULL;
    if (!payload)
        return -1;
    memcpy(payload, s, sizeof *s);
    memcpy(payload + sizeof *s, text, n + 1);
    pid_t pid = -1;
    for (int attempt = 0; attempt < 2 && pid < 0; attempt++) {
        voice_template *t = template_for(language, s->variant);
        if (!t)
            break;
        pid = pc_zygote_spawn(t->z, fd, payload, sizeof *s + n);
        if (pid < 0 && errno != EPIPE) {
            if (errno == EAGAIN || errno == ENOMEM)
                templates_free();
            break;
        }
        if (pid < 0) {
            pc_zygote_free(t->z);
            t->z = NULL;
        }
    }
    free(payload);
    return pid;
}

static pcast_status espeak_start(pc_engine_job *j, const pcast_voice_settings *s, const char *tag,
                                 const char *text, pcast_error *err)
{
    unsigned rate;
    const char *language = voice_name(tag);
    pcast_status st = espeak_open(&rate, err);
    if (st)
        return st;
    memset(j, 0, sizeof *j);
    j->fd = -1;
    preload(language);
    if (fault_limit())
        return start_failed(j, EAGAIN, err);
    int fds[2];
    if (pipe(fds) != 0)
        return start_failed(j, errno, err);
    pid_t pid = spawn_worker(fds[1], s, language, text);
    if (pid < 0) { /* no template: a worker forked from this process */
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            child_speak(fds[1], s, language, text);
        }
    }
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return start_failed(j, e, err);
    }
    close(fds[1]);
    alive++;
    maybe_fault(pid);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[0], F_SETPIPE_SZ, PIPE_BYTES); /* a failure costs wakeups only */
    j->pid = pid;
    j->fd = fds[0];
    j->running = true;
    j->last_progress_s = mono_s();
    return PCAST_OK;
}

/* Reads what j's child has written; false on EOF or error (done). */
static bool drain(pc_engine_job *j)
{
    for (;;) {
        if (!pc_buf_reserve(&j->pcm, 65536)) {
            j->failed = true;
            return false;
        }
        ssize_t n = read(j->fd, j->pcm.data + j->pcm.len, 65536);
        if (n > 0) {
            j->pcm.len += (size_t)n;
            j->last_progress_s = mono_s();
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        return false; /* EOF or a read error */
    }
}

static void reap(pc_engine_job *j)
{
    close(j->fd);
    j->fd = -1;
    int status = 0;
    while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
        ;
    j->status = status;
    j->running = false;
    alive--;
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
            kill(jobs[i].pid, SIGKILL); /* the pipe closes: reaped below */
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
        if (fds[i].revents && !drain(&jobs[map[i]]))
            reap(&jobs[map[i]]);
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
        pc_buf_free(&j->pcm);
        if (j->failed)
            return pc_error_nomem(err);
        if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_NO_VOICE)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "espeak-ng has no such voice");
        j->killed = true; /* a signal, the watchdog, or espeak_Synth's refusal */
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "a speech worker %s %d",
                            WIFSIGNALED(st) ? "was killed by signal" : "failed with status",
                            WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    }
    size_t n = j->pcm.len / sizeof(int16_t);
    int16_t *pcm = (int16_t *)j->pcm.data;
    j->pcm.data = NULL;
    j->pcm.len = j->pcm.cap = 0;
    /* trim espeak-ng's own leading and trailing silence: the plan's pauses
     * decide the gaps. 5 ms stay on each side so nothing clicks. */
    size_t a = 0, b = n, keep = (size_t)engine_rate / 200;
    while (a < n && abs(pcm[a]) < 64)
        a++;
    while (b > a && abs(pcm[b - 1]) < 64)
        b--;
    a = a > keep ? a - keep : 0;
    b = b + keep < n ? b + keep : n;
    if (b <= a) {
        free(pcm);
        return PCAST_OK;
    }
    if (a > 0)
        memmove(pcm, pcm + a, (b - a) * sizeof *pcm);
    *samples = pcm;
    *frames = b - a;
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
    preload(language);
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
        if (!child_voice(s, language))
            _exit(EXIT_NO_VOICE);
        const void *at = text;
        FILE *out = fdopen(fds[1], "w");
        for (bool first = true; out && at; first = false) {
            const char *ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
            if (ph && *ph)
                fprintf(out, "%s%s", first ? "" : " ", ph);
        }
        _exit(out && fclose(out) == 0 ? 0 : EXIT_SYNTH);
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
    if (j->running) {
        kill(j->pid, SIGKILL);
        reap(j);
    }
    pc_buf_free(&j->pcm);
}

const pc_engine_ops pc_engine_espeak = {
    .name = "espeak-ng",
    .open = espeak_open,
    .version = espeak_version,
    .speaks = espeak_speaks,
    .calibration_text = espeak_calibration_text,
    .start = espeak_start,
    .pump = espeak_pump,
    .finish = espeak_finish,
    .cancel = espeak_cancel,
    .phonemes = espeak_phonemes,
};
