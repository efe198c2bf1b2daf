/* The clip cache (src/cache.c) against a hostile file system: directories
 * made or opened up by someone else, FIFOs and directories at entry
 * paths, entries renamed over each other, a full disk, and directories
 * that are not caches at all. Owner changes need root; they are skipped
 * (and said so) without it. An alarm stops a test that would hang. */
#include "cache.h"

#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define NOBODY 65534

static char base[256];
static bool root;

static const char *KEY_A = "0123456789abcdef0123456789abcdef";
static const char *KEY_B = "01fedcba98765432100123456789abcd";

/* base/name in a static buffer (two alternate, so two can be used at once) */
static const char *at(const char *name)
{
    static char buf[2][1024];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", base, name);
    return buf[which];
}

/* The path of key's entry in dir. */
static void entry_path(const char *dir, const char *key, char *out, size_t size)
{
    snprintf(out, size, "%s/%.2s/%s.clip", dir, key, key + 2);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void touch(const char *path, time_t age_s)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("x", f);
        fclose(f);
    }
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= age_s;
    tv[1] = tv[0];
    utimes(path, tv);
}

static bool contains(const char *text, const char *part)
{
    return text && strstr(text, part);
}

static int16_t pcm[20000];

static pc_cache *open_ok(const char *dir)
{
    pc_cache *c = NULL;
    pcast_error err;
    CHECK_INT(pc_cache_open_at(dir, 0, false, &c, &err), PCAST_OK);
    return c;
}

/* An entry's samples come back; a silent clip too; nothing else hits. */
static void test_roundtrip(void)
{
    const char *dir = at("plain");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    char tag[200] = "";
    FILE *f = fopen(at("plain/CACHEDIR.TAG"), "r");
    CHECK(f && fread(tag, 1, sizeof tag - 1, f) > 0);
    if (f)
        fclose(f);
    CHECK(!strncmp(tag, "Signature: 8a477f597d28d172789f06886806bc55\n", 44));
    CHECK(contains(tag, "postcast"));

    int16_t *got;
    size_t n;
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 1000, NULL), PCAST_OK);
    CHECK(pc_cache_get(c, KEY_A, &got, &n));
    CHECK(n == 1000 && got && !memcmp(got, pcm, 2000));
    pc_cache_release(got, n);
    CHECK_INT(pc_cache_put(c, KEY_B, NULL, 0, NULL), PCAST_OK);
    CHECK(pc_cache_get(c, KEY_B, &got, &n) && got == NULL && n == 0);
    /* keys that are not 32 lowercase hex digits reach no path */
    CHECK(!pc_cache_get(c, "../../../../etc/passwd", &got, &n));
    CHECK(!pc_cache_get(c, "0123456789ABCDEF0123456789ABCDEF", &got, &n));
    CHECK(pc_cache_trouble(c, NULL) == NULL);
    pc_cache_free(c);
}

/* An entry knows its key: one renamed over another is a miss, and goes. */
static void test_renamed_entry(void)
{
    const char *dir = at("renamed");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    int16_t other[100];
    for (int i = 0; i < 100; i++)
        other[i] = (int16_t)(i * 7);
    pc_cache_put(c, KEY_A, pcm, 100, NULL);
    pc_cache_put(c, KEY_B, other, 100, NULL);
    char a[1200], b[1200];
    entry_path(dir, KEY_A, a, sizeof a);
    entry_path(dir, KEY_B, b, sizeof b);
    CHECK(rename(b, a) == 0);
    int16_t *got;
    size_t n;
    CHECK(!pc_cache_get(c, KEY_A, &got, &n) && got == NULL && n == 0);
    CHECK(!exists(a));
    CHECK(!pc_cache_get(c, KEY_B, &got, &n));
    pc_cache_free(c);
}

/* A hit's samples are mapped from the entry: they stay as they were
 * checked after the entry is removed and the cache freed, until given
 * back. A flipped sample byte or a cut-short entry is a miss, and goes. */
static void test_mapped_hits(void)
{
    const char *dir = at("mapped");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    char a[1200];
    entry_path(dir, KEY_A, a, sizeof a);
    int16_t *got;
    size_t n;
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 5000, NULL), PCAST_OK);
    CHECK(pc_cache_get(c, KEY_A, &got, &n) && n == 5000);
    CHECK(unlink(a) == 0);
    pc_cache_free(c);
    CHECK(got && !memcmp(got, pcm, 10000));
    pc_cache_release(got, n);

    c = open_ok(dir);
    if (!c)
        return;
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 5000, NULL), PCAST_OK);
    FILE *f = fopen(a, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 56 + 4321, SEEK_SET); /* a sample byte, past the header */
        int ch = fgetc(f);
        fseek(f, 56 + 4321, SEEK_SET);
        fputc(ch ^ 1, f);
        fclose(f);
    }
    CHECK(!pc_cache_get(c, KEY_A, &got, &n) && got == NULL && n == 0);
    CHECK(!exists(a));
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 5000, NULL), PCAST_OK);
    CHECK(truncate(a, 56 + 9998) == 0);
    CHECK(!pc_cache_get(c, KEY_A, &got, &n) && got == NULL && n == 0);
    CHECK(!exists(a));
    pc_cache_free(c);
}

/* A directory others can write, or not ours, or a link someone else
 * made: refused by name, or (falling back) a cache that stores nothing. */
static void check_refused(const char *dir, const char *why)
{
    pc_cache *c = NULL;
    pcast_error err;
    memset(&err, 0, sizeof err);
    CHECK_INT(pc_cache_open_at(dir, 0, false, &c, &err), PCAST_ERR_IO);
    CHECK(c == NULL);
    if (!contains(err.message, why))
        fprintf(stderr, "  %s: %s\n", dir, err.message);
    CHECK(contains(err.message, why));
    CHECK_INT(pc_cache_open_at(dir, 0, true, &c, &err), PCAST_OK);
    CHECK(c && contains(pc_cache_trouble(c, NULL), why));
    int16_t *got;
    size_t n;
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 10, NULL), PCAST_OK);
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    char path[1200];
    entry_path(dir, KEY_A, path, sizeof path);
    CHECK(!exists(path));
    pc_cache_free(c);
}

static void test_unsafe_dirs(void)
{
    mkdir(at("open"), 0700);
    chmod(at("open"), 0777);
    check_refused(at("open"), "others can write to it (mode 777)");
    mkdir(at("group"), 0700);
    chmod(at("group"), 0770);
    check_refused(at("group"), "others can write to it (mode 770)");
    /* a link to a directory of ours, made by us: fine */
    mkdir(at("real"), 0700);
    CHECK(symlink(at("real"), at("mylink")) == 0);
    pc_cache *c = open_ok(at("mylink"));
    pc_cache_free(c);
    if (!root) {
        fprintf(stderr, "test_cache: not root: owner checks skipped\n");
        return;
    }
    mkdir(at("theirs"), 0700);
    CHECK(chown(at("theirs"), NOBODY, NOBODY) == 0);
    check_refused(at("theirs"), "belongs to uid 65534");
    CHECK(symlink(at("real"), at("theirlink")) == 0 &&
          lchown(at("theirlink"), NOBODY, NOBODY) == 0);
    check_refused(at("theirlink"), "symbolic link made by uid 65534");
    /* nor is a tagged cache cleared through someone else's link */
    pcast_error err;
    CHECK_INT(pcast_cache_clear(at("theirlink"), &err), PCAST_ERR_IO);
    CHECK(contains(err.message, "symbolic link made by uid 65534"));
    CHECK_INT(pcast_cache_clear(at("mylink"), &err), PCAST_OK);
}

/* The default directory with neither HOME nor XDG_CACHE_HOME; and a bad
 * default is fallen back from, never a failed render. */
static void test_default_dir(void)
{
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("HOME");
    unsetenv("XDG_CACHE_HOME");
    char want[64];
    snprintf(want, sizeof want, "/tmp/postcast-cache-%lu", (unsigned long)getuid());
    CHECK_STR(pcast_cache_default_dir(), want);
    setenv("XDG_CACHE_HOME", at("xdg"), 1);
    mkdir(at("xdg"), 0700);
    mkdir(at("xdg/postcast"), 0700);
    chmod(at("xdg/postcast"), 0777);
    pc_cache *c = NULL;
    pcast_error err;
    CHECK_INT(pc_cache_open(NULL, 0, &c, &err), PCAST_OK);
    CHECK(c && contains(pc_cache_trouble(c, NULL), "others can write"));
    pc_cache_free(c);
    /* one named by the user is refused */
    CHECK_INT(pc_cache_open(at("xdg/postcast"), 0, &c, &err), PCAST_ERR_IO);
    unsetenv("XDG_CACHE_HOME");
    if (home)
        setenv("HOME", home, 1);
    free(home);
}

/* Subdirectories and entries are checked too; a FIFO never blocks. */
static void test_odd_entries(void)
{
    const char *dir = at("odd");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    char a[1200], sub[1200];
    entry_path(dir, KEY_A, a, sizeof a);
    snprintf(sub, sizeof sub, "%s/%.2s", dir, KEY_A);
    int16_t *got;
    size_t n;

    /* a FIFO at the entry's path: a miss at once, then replaced */
    mkdir(sub, 0700);
    CHECK(mkfifo(a, 0600) == 0);
    alarm(20);
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    alarm(0);
    CHECK(contains(pc_cache_trouble(c, NULL), "not a file of ours"));
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 50, NULL), PCAST_OK);
    CHECK(pc_cache_get(c, KEY_A, &got, &n) && n == 50);
    pc_cache_release(got, n);

    /* a symbolic link at the entry's path is not followed */
    unlink(a);
    CHECK(symlink("/etc/passwd", a) == 0);
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    unlink(a);

    /* a subdirectory others can write: its entries are not used */
    pc_cache_put(c, KEY_A, pcm, 50, NULL);
    chmod(sub, 0777);
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    chmod(sub, 0700);
    CHECK(pc_cache_get(c, KEY_A, &got, &n));
    pc_cache_release(got, n);
    if (root) {
        CHECK(chown(a, NOBODY, NOBODY) == 0);
        CHECK(!pc_cache_get(c, KEY_A, &got, &n));
        CHECK(exists(a)); /* not ours to remove */
        CHECK(chown(a, 0, 0) == 0 && chown(sub, NOBODY, NOBODY) == 0);
        CHECK(!pc_cache_get(c, KEY_A, &got, &n));
        CHECK_INT(pc_cache_put(c, KEY_A, pcm, 50, NULL), PCAST_OK);
        CHECK(chown(sub, 0, 0) == 0);
    }
    size_t count = 0;
    pc_cache_trouble(c, &count);
    CHECK(count >= 3);
    pc_cache_free(c);
}

/* Cache trouble ends in PCAST_OK, a note and nothing left behind. */
static void test_put_trouble(void)
{
    const char *dir = at("full");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    char a[1200], sub[1200];
    entry_path(dir, KEY_A, a, sizeof a);
    snprintf(sub, sizeof sub, "%s/%.2s", dir, KEY_A);
    int16_t *got;
    size_t n;

    /* a directory at the entry's path */
    mkdir(sub, 0700);
    mkdir(a, 0700);
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 100, NULL), PCAST_OK);
    CHECK(contains(pc_cache_trouble(c, NULL), "cannot store the clip"));
    CHECK(!pc_cache_get(c, KEY_A, &got, &n));
    CHECK(rmdir(a) == 0 && rmdir(sub) == 0); /* empty: no temporary file left */
    pc_cache_free(c);

    /* a full disk (a file size limit: EFBIG) */
    c = open_ok(dir);
    struct rlimit old, small;
    CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
    small = old;
    small.rlim_cur = 4096;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 20000, NULL), PCAST_OK);
    CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
    signal(SIGXFSZ, was);
    CHECK(contains(pc_cache_trouble(c, NULL), "File too large"));
    CHECK(!exists(a));
    CHECK(rmdir(sub) == 0);
    /* no more tries after a full disk */
    CHECK_INT(pc_cache_put(c, KEY_B, pcm, 10, NULL), PCAST_OK);
    CHECK(!pc_cache_get(c, KEY_B, &got, &n));
    size_t count;
    pc_cache_trouble(c, &count);
    CHECK_INT(count, 1);
    pc_cache_free(c);
}

/* Only a directory with postcast's tag is cleared, and only the cache's
 * own names in it. */
static void test_marker(void)
{
    /* not a cache: a directory with files of the cache's pattern */
    mkdir(at("notcache"), 0700);
    mkdir(at("notcache/ab"), 0700);
    touch(at("notcache/ab/456789abcdef0123456789abcdef.clip"), 0);
    touch(at("notcache/ab/.tmp.abcdef"), 7200);
    touch(at("notcache/notes.txt"), 0);
    pcast_error err;
    size_t entries;
    uint64_t bytes;
    CHECK_INT(pcast_cache_clear(at("notcache"), &err), PCAST_ERR_IO);
    CHECK(contains(err.message, "not a postcast cache"));
    CHECK_INT(pcast_cache_stats(at("notcache"), &entries, &bytes, &err), PCAST_ERR_IO);
    CHECK(exists(at("notcache/ab/456789abcdef0123456789abcdef.clip")));
    CHECK(exists(at("notcache/ab/.tmp.abcdef")));
    /* nor is it taken over by a render */
    pc_cache *c = NULL;
    CHECK_INT(pc_cache_open_at(at("notcache"), 0, false, &c, &err), PCAST_ERR_IO);
    CHECK(!exists(at("notcache/CACHEDIR.TAG")));
    /* another program's tag is not ours; a FIFO tag does not block */
    mkdir(at("foreign"), 0700);
    FILE *f = fopen(at("foreign/CACHEDIR.TAG"), "w");
    if (f) {
        fputs("Signature: 8a477f597d28d172789f06886806bc55\n# made by someone else\n", f);
        fclose(f);
    }
    CHECK_INT(pcast_cache_clear(at("foreign"), &err), PCAST_ERR_IO);
    mkdir(at("fifotag"), 0700);
    mkfifo(at("fifotag/CACHEDIR.TAG"), 0600);
    alarm(20);
    CHECK_INT(pcast_cache_clear(at("fifotag"), &err), PCAST_ERR_IO);
    CHECK_INT(pc_cache_open_at(at("fifotag"), 0, false, &c, &err), PCAST_ERR_IO);
    alarm(0);
    /* a cache from before the tag (only xx/ subdirectories) is taken over */
    mkdir(at("old"), 0700);
    mkdir(at("old/ab"), 0700);
    c = open_ok(at("old"));
    pc_cache_free(c);
    CHECK(exists(at("old/CACHEDIR.TAG")));
    /* a missing directory is an empty cache */
    CHECK_INT(pcast_cache_clear(at("missing"), &err), PCAST_OK);
    CHECK_INT(pcast_cache_stats(at("missing"), &entries, &bytes, &err), PCAST_OK);
    CHECK(entries == 0 && bytes == 0);

    /* a tagged cache: entries and stale temporary files go, nothing else */
    c = open_ok(at("tagged"));
    pc_cache_put(c, KEY_A, pcm, 100, NULL);
    touch(at("tagged/01/notes.txt"), 7200);
    touch(at("tagged/01/.tmp.oldone"), 7200);
    touch(at("tagged/01/.tmp.recent"), 0);
    mkdir(at("tagged/zz"), 0700);
    touch(at("tagged/zz/456789abcdef0123456789abcdef.clip"), 0);
    mkdir(at("tagged/ab"), 0700);
    CHECK(mkfifo(at("tagged/ab/456789abcdef0123456789abcdef.clip"), 0600) == 0);
    CHECK(mkfifo(at("tagged/ab/.tmp.fifo00"), 0600) == 0);
    alarm(20);
    CHECK_INT(pcast_cache_stats(at("tagged"), &entries, &bytes, &err), PCAST_OK);
    CHECK_INT(entries, 1);
    CHECK_INT(bytes, 56 + 200);
    CHECK(exists(at("tagged/01/.tmp.oldone"))); /* stats removes nothing */
    CHECK_INT(pcast_cache_clear(at("tagged"), &err), PCAST_OK);
    alarm(0);
    char a[1200];
    entry_path(at("tagged"), KEY_A, a, sizeof a);
    CHECK(!exists(a));
    CHECK(!exists(at("tagged/01/.tmp.oldone")));
    CHECK(exists(at("tagged/01/.tmp.recent")));
    CHECK(exists(at("tagged/01/notes.txt")));
    CHECK(exists(at("tagged/zz/456789abcdef0123456789abcdef.clip")));
    CHECK(exists(at("tagged/CACHEDIR.TAG")));
    pc_cache_free(c);
}

/* Trimming keeps the bound with the newest entries, in a tagged cache. */
static void test_trim(void)
{
    pc_cache *c = NULL;
    pcast_error err;
    CHECK_INT(pc_cache_open_at(at("trim"), 3000, false, &c, &err), PCAST_OK);
    if (!c)
        return;
    char key[33];
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "%02x%030d", i * 16, i);
        pc_cache_put(c, key, pcm, 500, NULL);
        char path[1200];
        entry_path(at("trim"), key, path, sizeof path);
        struct timeval tv[2] = {{.tv_sec = 1000000 + i}, {.tv_sec = 1000000 + i}};
        utimes(path, tv);
    }
    touch(at("trim/00/.tmp.oldone"), 7200);
    touch(at("trim/00/keep.txt"), 7200);
    pc_cache_trim(c);
    size_t entries;
    uint64_t bytes;
    CHECK_INT(pcast_cache_stats(at("trim"), &entries, &bytes, &err), PCAST_OK);
    CHECK(bytes <= 3000 && entries == 2);
    int16_t *got;
    size_t n;
    CHECK(pc_cache_get(c, key, &got, &n)); /* the newest stays */
    pc_cache_release(got, n);
    CHECK(!exists(at("trim/00/.tmp.oldone")));
    CHECK(exists(at("trim/00/keep.txt")));
    pc_cache_free(c);
}

/* A subdirectory that is a symbolic link (even to a directory of ours
 * holding a whole entry of the key) is neither read nor written through:
 * a lookup stats the subdirectory without following it and opens the
 * entry with no symbolic link allowed on the way. */
static void test_linked_sub(void)
{
    const char *dir = at("linked");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    char sub[1200], real[600], a[1200];
    snprintf(sub, sizeof sub, "%s/%.2s", dir, KEY_A);
    snprintf(real, sizeof real, "%s/linked-real", base);
    CHECK_INT(pc_cache_put(c, KEY_A, pcm, 100, NULL), PCAST_OK);
    CHECK(rename(sub, real) == 0 && symlink(real, sub) == 0);
    int16_t *got;
    size_t n;
    CHECK(!pc_cache_get(c, KEY_A, &got, &n) && got == NULL && n == 0);
    CHECK(contains(pc_cache_trouble(c, NULL), "not a directory"));
    snprintf(a, sizeof a, "%s/%s.clip", real, KEY_A + 2);
    CHECK(exists(a)); /* not removed through the link either */
    CHECK_INT(pc_cache_put(c, KEY_B, pcm, 100, NULL), PCAST_OK);
    snprintf(a, sizeof a, "%s/%s.clip", real, KEY_B + 2);
    CHECK(!exists(a));
    pc_cache_free(c);
}

/* Temporary files in key's subdirectory of dir. */
static int tmp_files(const char *dir, const char *key)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s/%.2s' 2>/dev/null | grep -c '^\\.tmp\\.'", dir, key);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

/* A slot: someone else writes the samples into the entry's temporary
 * file; the commit puts the header in, cuts what is past the samples and
 * renames it, and hands over the samples as a hit would (the same bytes
 * as a put of them). A slot whose file is short, or one given up, leaves
 * nothing behind. */
static void test_slots(void)
{
    const char *dir = at("slots");
    pc_cache *c = open_ok(dir);
    if (!c)
        return;
    pc_cache_slot s;
    int16_t *got, *again;
    size_t n;
    CHECK(pc_cache_slot_open(c, KEY_A, &s) && s.open);
    CHECK(pwrite(s.fd, pcm, 2000 + 6, PC_CACHE_SAMPLES_OFFSET) == 2006); /* 3 frames too many */
    CHECK(pc_cache_slot_commit(c, KEY_A, &s, 1000, &got) && !s.open);
    CHECK(got && !memcmp(got, pcm, 2000));
    CHECK(pc_cache_get(c, KEY_A, &again, &n) && n == 1000 && !memcmp(again, pcm, 2000));
    pc_cache_release(got, 1000);
    pc_cache_release(again, n);
    char path[1100], put_path[1100];
    entry_path(dir, KEY_A, path, sizeof path);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 56 + 2000);
    /* pc_cache_put's entry of the same samples under the same key: the
     * same bytes */
    char put_dir[600];
    snprintf(put_dir, sizeof put_dir, "%s", at("slots-put"));
    pc_cache *p = open_ok(put_dir);
    if (p) {
        CHECK_INT(pc_cache_put(p, KEY_A, pcm, 1000, NULL), PCAST_OK);
        entry_path(put_dir, KEY_A, put_path, sizeof put_path);
        char cmd[2400];
        snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", path, put_path);
        CHECK(system(cmd) == 0);
        pc_cache_free(p);
    }
    /* no samples: an empty file commits to a header only */
    CHECK(pc_cache_slot_open(c, KEY_B, &s));
    CHECK(pc_cache_slot_commit(c, KEY_B, &s, 0, &got) && got == NULL);
    CHECK(pc_cache_get(c, KEY_B, &got, &n) && got == NULL && n == 0);
    /* short: nothing stored, nothing left */
    unlink(path);
    CHECK(pc_cache_slot_open(c, KEY_A, &s));
    CHECK(pwrite(s.fd, pcm, 100, PC_CACHE_SAMPLES_OFFSET) == 100);
    CHECK(!pc_cache_slot_commit(c, KEY_A, &s, 1000, &got) && got == NULL && !s.open);
    CHECK(!exists(path) && tmp_files(dir, KEY_A) == 0);
    /* given up */
    CHECK(pc_cache_slot_open(c, KEY_A, &s));
    CHECK_INT(tmp_files(dir, KEY_A), 1);
    pc_cache_slot_drop(&s);
    pc_cache_slot_drop(&s); /* holding nothing: a no-op */
    CHECK(!s.open && !exists(path) && tmp_files(dir, KEY_A) == 0);
    CHECK(pc_cache_trouble(c, NULL) == NULL);
    pc_cache_free(c);
}

int main(void)
{
    snprintf(base, sizeof base, "/tmp/postcast-test-cache-XXXXXX");
    if (!mkdtemp(base))
        return 1;
    root = geteuid() == 0;
    for (size_t i = 0; i < sizeof pcm / sizeof *pcm; i++)
        pcm[i] = (int16_t)(i * 31);
    test_roundtrip();
    test_renamed_entry();
    test_mapped_hits();
    test_unsafe_dirs();
    test_default_dir();
    test_odd_entries();
    test_linked_sub();
    test_put_trouble();
    test_marker();
    test_trim();
    test_slots();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0)
        check_failures++;
    return CHECK_RESULT();
}
