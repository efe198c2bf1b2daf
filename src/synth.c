/* synth: clips through libespeak-ng, one child process per clip.
 *
 * espeak-ng keeps global state and is not thread-safe, and that state
 * leaks into the audio: its wave generator carries phase and flutter
 * counters from one utterance to the next (and draws noise from rand()),
 * so the same text spoken twice in one process gives different samples.
 * Nothing in its API resets that. So this process initialises the engine
 * once and never speaks; each clip is spoken by a child fork()ed from
 * that pristine state, which writes its samples into a pipe and exits.
 * Every clip is then the same whatever came before it (the cache and
 * --jobs rely on that), several clips run at once on several cores, and
 * a crash in the engine kills one child, not the render.
 *
 * Text always goes in as plain UTF-8: never espeakSSML (markup would be
 * obeyed) and never espeakPHONEMES ([[...]] would be read as phonemes). */
#include "internal.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#define EXIT_NO_VOICE 3
#define EXIT_SYNTH 4

static int engine_rate; /* 0 until espeak-ng is up; the engine is global */

/* Languages whose dictionaries the parent has loaded, so children start
 * with them in memory instead of reading them again. */
static char preloaded[16][32];
static size_t preloaded_count;

pcast_status pc_synth_init(unsigned *rate, pcast_error *err)
{
    if (!engine_rate) {
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
        if (r <= 0)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0,
                                "espeak-ng could not start (is espeak-ng-data installed?)");
        engine_rate = r;
    }
    *rate = (unsigned)engine_rate;
    return PCAST_OK;
}

static void preload(const char *language)
{
    for (size_t i = 0; i < preloaded_count; i++)
        if (!strcmp(preloaded[i], language))
            return;
    if (preloaded_count < sizeof preloaded / sizeof *preloaded && strlen(language) < 32) {
        espeak_SetVoiceByName(language);
        strcpy(preloaded[preloaded_count++], language);
    }
}

pcast_voice_settings pc_voice_for(const pcast_voice *preset, const pcast_voice_settings *base,
                                  const char *language)
{
    pcast_voice_settings s = *base;
    size_t n = strcspn(language, "-");
    for (size_t i = 0; preset && i < preset->language_count; i++) {
        const pcast_voice_lang *l = &preset->languages[i];
        if (strlen(l->lang) != n || strncmp(l->lang, language, n))
            continue;
        if (l->settings.variant)
            s.variant = l->settings.variant;
        if (l->settings.pitch >= 0)
            s.pitch = l->settings.pitch;
        if (l->settings.range >= 0)
            s.range = l->settings.range;
        if (l->settings.rate >= 0)
            s.rate = l->settings.rate;
    }
    return s;
}

#define VOLUME 60 /* headroom: at 100 espeak-ng clips; the mix restores level */
#define CLIP_FORMAT "postcast-clip-2" /* bump when synthesis or trimming changes */

void pc_clip_key(const pcast_voice_settings *s, const char *language, const char *text,
                 char out[33])
{
    XXH3_state_t *st = XXH3_createState();
    char head[256];
    int n = snprintf(head, sizeof head, "%s|%s|%d|%s|%s|%d|%d|%d|%d|", CLIP_FORMAT,
                     espeak_Info(NULL), engine_rate, language, s->variant, s->pitch, s->range,
                     s->rate, VOLUME);
    XXH128_hash_t h;
    if (st) {
        XXH3_128bits_reset(st);
        XXH3_128bits_update(st, head, (size_t)n);
        XXH3_128bits_update(st, text, strlen(text));
        h = XXH3_128bits_digest(st);
        XXH3_freeState(st);
    } else {
        h = XXH3_128bits(text, strlen(text)); /* unreachable in practice */
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* ---------- the child ---------- */

static int child_fd = -1;

static int child_samples(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    const char *p = (const char *)wav;
    size_t left = wav && n > 0 ? (size_t)n * sizeof *wav : 0;
    while (left) {
        ssize_t w = write(child_fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 1; /* the parent is gone: stop */
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

static bool set_voice(const char *language, const char *variant)
{
    char name[128];
    snprintf(name, sizeof name, "%s+%s", language, variant);
    return espeak_SetVoiceByName(name) == EE_OK;
}

static void child_speak(int fd, const pcast_voice_settings *s, const char *language,
                        const char *text)
{
    signal(SIGINT, SIG_IGN); /* Ctrl-C is the parent's to handle */
    signal(SIGPIPE, SIG_DFL);
    child_fd = fd;
    espeak_SetSynthCallback(child_samples);
    /* an unknown language falls back to its primary subtag, then English */
    if (!set_voice(language, s->variant)) {
        char primary[32];
        size_t n = strcspn(language, "-");
        snprintf(primary, sizeof primary, "%.*s", (int)(n < 31 ? n : 31), language);
        if (!set_voice(primary, s->variant) && !set_voice("en-us", s->variant))
            _exit(EXIT_NO_VOICE);
    }
    espeak_SetParameter(espeakRATE, s->rate, 0);
    espeak_SetParameter(espeakPITCH, s->pitch, 0);
    espeak_SetParameter(espeakRANGE, s->range, 0);
    espeak_SetParameter(espeakVOLUME, VOLUME, 0);
    espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
    srand(1);
    size_t len = strlen(text);
    if (espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL) != EE_OK)
        _exit(EXIT_SYNTH);
    espeak_Synchronize();
    _exit(0);
}

/* ---------- the parent ---------- */

/* Fault injection for the tests: POSTCAST_FAULT_KILL_WORKER=N kills the
 * N-th worker this process starts (counting from 1) as soon as it exists;
 * "N+" kills that one and every later one. Unset, it costs a getenv. */
static void maybe_kill(pid_t pid)
{
    static unsigned long started;
    static long kill_from = -1;
    static bool and_later;
    if (kill_from == -1) {
        const char *v = getenv("POSTCAST_FAULT_KILL_WORKER");
        char *end = NULL;
        kill_from = v ? strtol(v, &end, 10) : 0;
        and_later = end && *end == '+';
    }
    started++;
    if (kill_from > 0 && (started == (unsigned long)kill_from ||
                          (and_later && started > (unsigned long)kill_from)))
        kill(pid, SIGKILL);
}

pcast_status pc_synth_start(pc_synth_job *j, const pcast_voice_settings *s, const char *language,
                            const char *text, pcast_error *err)
{
    unsigned rate;
    pcast_status st = pc_synth_init(&rate, err);
    if (st)
        return st;
    memset(j, 0, sizeof *j);
    j->fd = -1;
    preload(language);
    int fds[2];
    if (pipe(fds) != 0)
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "cannot start a speech worker: %s",
                            strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "cannot start a speech worker: %s",
                            strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        child_speak(fds[1], s, language, text);
    }
    close(fds[1]);
    maybe_kill(pid);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    j->pid = pid;
    j->fd = fds[0];
    j->running = true;
    return PCAST_OK;
}

/* Reads what j's child has written; false on EOF or error (done). */
static bool drain(pc_synth_job *j)
{
    for (;;) {
        if (!pc_buf_reserve(&j->pcm, 65536)) {
            j->failed = true;
            return false;
        }
        ssize_t n = read(j->fd, j->pcm.data + j->pcm.len, 65536);
        if (n > 0) {
            j->pcm.len += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        return false; /* EOF or a read error */
    }
}

static void reap(pc_synth_job *j)
{
    close(j->fd);
    j->fd = -1;
    int status = 0;
    while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
        ;
    j->status = status;
    j->running = false;
}

void pc_synth_pump(pc_synth_job *jobs, size_t n, int timeout_ms)
{
    struct pollfd fds[64];
    size_t map[64], k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        if (jobs[i].running) {
            fds[k].fd = jobs[i].fd;
            fds[k].events = POLLIN;
            map[k++] = i;
        }
    if (!k || poll(fds, k, timeout_ms) <= 0)
        return;
    for (size_t i = 0; i < k; i++)
        if (fds[i].revents && !drain(&jobs[map[i]]))
            reap(&jobs[map[i]]);
}

pcast_status pc_synth_finish(pc_synth_job *j, int16_t **samples, size_t *frames, pcast_error *err)
{
    *samples = NULL;
    *frames = 0;
    while (j->running)
        pc_synth_pump(j, 1, -1);
    int st = j->status;
    bool ok = !j->failed && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) {
        pc_buf_free(&j->pcm);
        if (j->failed)
            return pc_error_nomem(err);
        if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_NO_VOICE)
            return pc_error_set(err, PCAST_ERR_SYNTH, NULL, 0, 0, "espeak-ng has no such voice");
        j->killed = WIFSIGNALED(st);
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

void pc_synth_cancel(pc_synth_job *j)
{
    if (j->running) {
        kill(j->pid, SIGKILL);
        reap(j);
    }
    pc_buf_free(&j->pcm);
}
