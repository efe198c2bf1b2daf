/* The site API (issue 16): UUIDv5 and podcast:guid against published
 * vectors, and a small site opened, rendered, assembled and reopened
 * through the public header only. */
#include <postcast/postcast.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_uuid(void)
{
    /* RFC 9562's DNS namespace; Python's uuid.uuid5(NAMESPACE_DNS, "python.org") */
    static const uint8_t dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    char out[37];
    CHECK_INT(pcast_uuid_v5(dns, "python.org", 10, out), PCAST_OK);
    CHECK_STR(out, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    /* the Podcasting 2.0 namespace's own examples */
    CHECK_INT(pcast_podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml", out), PCAST_OK);
    CHECK_STR(out, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
    CHECK_INT(pcast_podcast_guid("podnews.net/rss/", out), PCAST_OK);
    CHECK_STR(out, "9b024349-ccf0-5f69-a609-6b82873eab3c");
    CHECK_INT(pcast_podcast_guid(NULL, out), PCAST_ERR_ARGUMENT);
}

static void on_problem(void *user, const pcast_feed_problem *p)
{
    (void)user;
    fprintf(stderr, "problem: %s [%s] %s\n", p->item, p->rule, p->detail);
}

static void test_site(const char *tmp)
{
    char src[512], out[512], path[600];
    snprintf(src, sizeof src, "%s/src", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    mkdir(src, 0777);
    snprintf(path, sizeof path, "%s/_config.yml", src);
    write_file(path, "title: API Cast\nurl: http://api.example/\nauthor: {name: Al, email: al@api.example}\n");
    snprintf(path, sizeof path, "%s/one.md", src);
    write_file(path, "---\ntitle: One\ndate: 2026-04-01\nepisode: 7\n---\n\nA sentence.\n");
    snprintf(path, sizeof path, "%s/two.md", src);
    write_file(path, "---\ntitle: Two\npodcast: false\n---\n\nNot read.\n");

    pcast_site_config cfg = pcast_site_config_init();
    cfg.source_dir = src;
    cfg.output_dir = out;
    cfg.formats = "wav";
    char cache[600];
    snprintf(cache, sizeof cache, "%s/cache", tmp);
    cfg.render.cache_dir = cache;
    pcast_site *site = NULL;
    pcast_error err;
    CHECK_INT(pcast_site_open(&cfg, &site, &err), PCAST_OK);
    if (!site)
        return;
    CHECK_INT(pcast_site_post_count(site), 2);
    const size_t one = 0; /* sorted by path: one.md, two.md */
    CHECK_INT(pcast_site_find(site, path), 1);
    CHECK_INT(pcast_site_find(site, "nowhere.md"), SIZE_MAX);
    CHECK_STR(pcast_site_post_get(site, 1)->skip_reason, "podcast: false");
    CHECK_INT(pcast_site_post_get(site, one)->state, PCAST_SITE_STALE);
    CHECK_INT(strlen(pcast_site_post_get(site, one)->hash), 64);
    CHECK_INT(pcast_site_render(site, 1, &err), PCAST_ERR_ARGUMENT);
    CHECK_INT(pcast_site_render(site, one, &err), PCAST_OK);
    CHECK_INT(pcast_site_assemble(site, &err), PCAST_OK);
    pcast_site_stats st = pcast_site_get_stats(site);
    CHECK_INT(st.episodes, 1);
    CHECK_INT(st.rendered, 1);
    CHECK_INT(st.in_feed, 1);
    pcast_site_free(site);

    CHECK_INT(pcast_site_open(&cfg, &site, &err), PCAST_OK);
    if (site)
        CHECK_INT(pcast_site_post_get(site, one)->state, PCAST_SITE_FRESH);
    pcast_site_free(site);

    snprintf(path, sizeof path, "%s/feed.xml", out);
    size_t problems = 99;
    CHECK_INT(pcast_feed_check(path, on_problem, NULL, &problems, &err), PCAST_OK);
    /* this site names no artwork and no language */
    CHECK_INT(problems, 2);

    cfg.formats = "mp3,aiff";
    CHECK_INT(pcast_site_open(&cfg, &site, &err), PCAST_ERR_ARGUMENT);
    CHECK(site == NULL);
    cfg.formats = NULL;
    snprintf(path, sizeof path, "%s/sub", src);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/sub/one.md", src);
    write_file(path, "Same name, another folder.\n");
    CHECK_INT(pcast_site_open(&cfg, &site, &err), PCAST_ERR_INPUT);
    CHECK(strstr(err.message, "two posts make the episode 'one'") != NULL);
}

int main(void)
{
    test_uuid();
    char tmp[] = "/tmp/postcast-site-XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    test_site(tmp);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return CHECK_RESULT();
}
