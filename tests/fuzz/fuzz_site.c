/* libFuzzer: what a site build reads besides posts: the first byte picks
 * a feed for `feed --check` (with a PNG and an audio file beside it), a
 * Hugo hugo.toml or a Jekyll _config.yml (opened as a site with one post,
 * a whole PNG one.png and a cut art.png beside it), the rest is the file. */
#include <postcast/postcast.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *name, const void *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/postcast-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                      'I', 'H', 'D', 'R', 0, 0, 5, 0x78, 0, 0, 5, 0x78, 8, 2};
        put("art.png", png, sizeof png);
        /* a whole 1x1 PNG: a config naming it as podcast.image passes the
         * artwork check (art.png, cut after its header, is refused) */
        static const uint8_t one[] = {
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
            0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92,
            0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
        put("one.png", one, sizeof one);
        put("ep.mp3", "\xff\xfb\x90\x00", 4);
        put("post.md", "---\ntitle: T\n---\n\nWords.\n", 25);
    }
    if (size < 1)
        return 0;
    char path[128];
    size_t problems;
    pcast_error err;
    switch (data[0] % 3) {
    case 0:
        put("feed.xml", data + 1, size - 1);
        snprintf(path, sizeof path, "%s/feed.xml", dir);
        pcast_feed_check(path, NULL, NULL, &problems, &err);
        break;
    default: {
        const char *name = data[0] % 3 == 1 ? "hugo.toml" : "_config.yml";
        put(name, data + 1, size - 1);
        pcast_site_config cfg = pcast_site_config_init();
        cfg.source_dir = dir;
        snprintf(path, sizeof path, "%s/out", dir);
        cfg.output_dir = path;
        pcast_site *site = NULL;
        if (pcast_site_open(&cfg, &site, &err) == PCAST_OK)
            pcast_site_free(site);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        unlink(path);
        break;
    }
    }
    return 0;
}
