/* The sink (a private stage) against synthetic audio, no speech engine:
 * every container writes, finishes with its chapters and reads back;
 * a WAV refuses to pass its size limit instead of wrapping its header
 * (the limit lowered through pc_sink_meta.max_bytes, so no 4 GiB file is
 * written); a cancelled finish (the Opus encode) stops; nothing is left
 * behind by a failure. */
#include "check.h"
#include "sink.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RATE 22050

static char dir[64];

/* Entries in dir other than keep (NULL: any). */
static int others(const char *keep)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && (!keep || strcmp(e->d_name, keep)))
            n++;
    if (d)
        closedir(d);
    return n;
}

static void tone(int16_t *buf, size_t n, size_t at)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (int16_t)(8000 * sin(2 * M_PI * 440.0 * (double)(at + i) / RATE));
}

static const char *const titles[] = {"Intro", "Middle", "End"};

static pc_sink_meta meta(void)
{
    pc_sink_meta m;
    memset(&m, 0, sizeof m);
    m.title = "Test";
    m.chapter_titles = titles;
    m.chapter_count = 3;
    m.rate = RATE;
    m.channels = 1;
    return m;
}

/* A 3-second episode into name, chapters at 0, 1 s and 2 s. */
static void roundtrip(const char *name, const char *label)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = path;
    pc_sink_meta m = meta();
    pc_sink *s = NULL;
    pcast_error err;
    CHECK(pc_sink_create(&s, &cfg, &m, &err) == PCAST_OK);
    if (!s)
        return;
    static int16_t buf[RATE];
    for (size_t sec = 0; sec < 3; sec++) {
        tone(buf, RATE, sec * RATE);
        CHECK(pc_sink_write(s, buf, RATE, &err) == PCAST_OK);
    }
    const uint64_t at[] = {0, RATE, 2 * RATE};
    CHECK(pc_sink_finish(s, at, 3, 3 * RATE, &err) == PCAST_OK);
    CHECK_INT(others(name), 0);
    pcast_media *md = NULL;
    CHECK(pcast_media_open(path, &md, &err) == PCAST_OK);
    if (!md) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        return;
    }
    CHECK_STR(pcast_media_format(md), label);
    CHECK_INT(pcast_media_chapter_count(md), 3);
    for (size_t i = 0; i < pcast_media_chapter_count(md) && i < 3; i++) {
        CHECK_STR(pcast_media_chapter(md, i)->title, titles[i]);
        CHECK(fabs(pcast_media_chapter(md, i)->start_seconds - (double)i) < 0.002);
    }
    pcast_media_free(md);
    unlink(path);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/postcast-test-sink-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    char path[128];
    pcast_error err;
    static int16_t buf[RATE];
    memset(buf, 0, sizeof buf);

    roundtrip("ep.wav", "WAV");
    roundtrip("ep.flac", "FLAC");
    roundtrip("ep.mp3", "MP3");
    roundtrip("ep.opus", "Opus");

    /* a WAV stops at its limit with a reason, and leaves nothing */
    snprintf(path, sizeof path, "%s/long.wav", dir);
    pcast_render_config cfg = pcast_render_config_init();
    cfg.output_path = path;
    pc_sink_meta m = meta();
    m.max_bytes = 100000; /* 2.27 s of mono 16-bit at 22050 Hz */
    pc_sink *s = NULL;
    CHECK(pc_sink_create(&s, &cfg, &m, &err) == PCAST_OK);
    if (s) {
        CHECK(pc_sink_write(s, buf, RATE, &err) == PCAST_OK);
        CHECK(pc_sink_write(s, buf, RATE, &err) == PCAST_OK);
        CHECK(pc_sink_write(s, buf, RATE, &err) == PCAST_ERR_IO);
        CHECK(strstr(err.message, "longer than a WAV file can hold") != NULL);
        pc_sink_abort(s);
    }
    CHECK_INT(others(NULL), 0);

    /* an Opus file finished after Ctrl-C is not put in place */
    volatile int cancel = 0;
    snprintf(path, sizeof path, "%s/ep.opus", dir);
    cfg.output_path = path;
    cfg.cancel = &cancel;
    m = meta();
    s = NULL;
    CHECK(pc_sink_create(&s, &cfg, &m, &err) == PCAST_OK);
    if (s) {
        for (int i = 0; i < 10; i++)
            CHECK(pc_sink_write(s, buf, RATE, &err) == PCAST_OK);
        cancel = 1;
        const uint64_t at[] = {0, RATE, 2 * RATE};
        CHECK(pc_sink_finish(s, at, 3, 10 * RATE, &err) == PCAST_ERR_INTERRUPTED);
    }
    CHECK_INT(others(NULL), 0);

    rmdir(dir);
    return CHECK_RESULT();
}
