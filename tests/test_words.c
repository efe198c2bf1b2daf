/* Words (issue 14): breath cuts in long Mandarin phrases fall where a word
 * starts, by the reading front end's own segmentation, on a written set
 * of sentences with long words and on every phrase of the corpus post
 * long enough to be cut; no breath group passes PC_BREATH_MAX_SYLLABLES.
 *
 * usage: test_words [CORPUS_POST]         the checks
 *        test_words --starts < LINES      for each line, one '1' (a word
 *            starts here) or '0' per code point: the segmentation the
 *            reading uses, for tests/cue_cuts.sh */
#include "check.h"

#include "internal.h"
#include "breath.h"
#include "plan.h"
#include "reading.h"

#include <stdlib.h>
#include <unistd.h>

static pc_reading *reader;

/* Whether a Han character starts at byte i of s[0..n). */
static bool is_han_at(const char *s, size_t n, size_t i)
{
    unsigned cp;
    pc_utf8_decode(s + i, n - i, &cp);
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000;
}

/* Whether byte `at` of s[0..n), between two Han characters, opens a word
 * of the reading's segmentation of s. Prints the phrase when not. */
static bool starts_word(const char *s, size_t n, size_t at, const char *what)
{
    unsigned char *starts = malloc(n ? n : 1);
    pcast_error err;
    bool ok = starts && pc_reading_word_starts(reader, s, n, starts, &err) == PCAST_OK;
    bool inside = ok && at > 0 && at < n && is_han_at(s, n, at) && !starts[at];
    if (inside) {
        size_t a = at;
        while (a > 0 && (a + 18 > at || ((unsigned char)s[a] & 0xC0) == 0x80))
            a--;
        printf("%s: cut inside a word: %.*s | %.*s\n", what, (int)(at - a), s + a,
               (int)(n - at < 18 ? n - at : 18), s + at);
    }
    free(starts);
    return ok && !inside;
}

/* Every breath cut of pl falls at a word start of its sentence's Han
 * text, and no breath group is over the limit. Returns the cuts seen. */
static size_t check_plan(const pcast_plan *pl, const char *what, size_t *inside)
{
    size_t cuts = 0, n = pcast_plan_clip_count(pl);
    pc_buf joined = {0};
    for (size_t i = 0; i < n;) {
        /* a chain of clips of one language joined by breaths: one run */
        size_t j = i + 1;
        while (j < n && pcast_plan_clip(pl, j)->before == PCAST_BOUNDARY_BREATH &&
               !strcmp(pcast_plan_clip(pl, j)->language, pcast_plan_clip(pl, i)->language))
            j++;
        pc_buf_clear(&joined);
        size_t at[64], k = 0;
        for (size_t m = i; m < j; m++) {
            const pcast_clip *c = pcast_plan_clip(pl, m);
            if (m > i && k < 64)
                at[k++] = joined.len;
            CHECK(pc_buf_puts(&joined, c->text));
            bool paused;
            size_t said = pc_breath_syllables(c->text, strlen(c->text), true, &paused);
            CHECK(said <= PC_BREATH_MAX_SYLLABLES);
        }
        for (size_t m = 0; m < k; m++) {
            cuts++;
            if (is_han_at(joined.data, joined.len, at[m]) && at[m] >= 3 &&
                is_han_at(joined.data, joined.len, at[m] - 3) &&
                !starts_word(joined.data, joined.len, at[m], what))
                (*inside)++;
        }
        i = j;
    }
    pc_buf_free(&joined);
    return cuts;
}

/* Long words said in long phrases. The cut each would get with no
 * segmentation (pc_breath_cut with NULL, the rule before words) falls
 * inside a word for some of them: the set tells the two apart. */
static const char *const written[] = {
    "我們公司最近正在招聘一位非常有經驗而且熟悉資料庫管理系統的軟體工程師來幫忙",
    "這位資深軟體工程師負責設計資料庫管理系統以及人工智慧相關的所有基礎建設工作",
    "人工智慧研究人員與軟體工程師一起討論資料庫管理系統在大型語言模型訓練中的角色",
    "他說自然語言處理技術與機器學習演算法已經徹底改變了資料庫管理系統的設計方式",
    "台灣積體電路製造股份有限公司的軟體工程師正在開發新一代人工智慧晶片的驅動程式",
    "我们公司最近正在招聘一位非常有经验而且熟悉数据库管理系统的软件工程师来帮忙",
    "人工智能研究人员与软件工程师一起讨论数据库管理系统在大型语言模型训练中的角色",
    "國際標準化組織與電機電子工程師學會共同制定的無線區域網路安全標準正在修訂之中",
    "中華人民共和國國家發展和改革委員會今天公布了關於人工智慧產業發展的最新指導意見",
    "這個問題的答案取決於你如何定義人工智慧以及你對軟體工程師這個職業未來的看法",
    "那位非常資深的軟體工程師最近花了很多時間研究資料庫管理系統效能調校的各種方法",
    "我的朋友是一位很厲害的軟體工程師他每天都要處理複雜的資料庫管理系統設定問題",
    "這家新創公司的軟體工程師每天都花很多時間優化他們的資料庫管理系統和搜尋引擎",
    "每一位新進的軟體工程師都必須先花兩個星期熟悉公司內部的資料庫管理系統",
};

static void test_written(void)
{
    size_t inside = 0, old_inside = 0, cuts = 0;
    for (size_t i = 0; i < sizeof written / sizeof *written; i++) {
        const char *s = written[i];
        size_t n = strlen(s);
        pcast_plan *pl = NULL;
        pcast_error err;
        if (pc_plan_text(s, "zh-TW", &pl, &err) != PCAST_OK) {
            CHECK(!"plan");
            continue;
        }
        CHECK(pcast_plan_clip_count(pl) >= 2); /* over 20 syllables: cut */
        cuts += check_plan(pl, "written", &inside);
        pcast_plan_free(pl);
        /* the rule without words, for contrast */
        size_t carry = 0, off = 0;
        for (size_t cut; (cut = pc_breath_cut(s + off, n - off, carry, PC_BREATH_MAX_SYLLABLES,
                                              NULL)) < n - off;
             off += cut) {
            unsigned char *st = malloc(n);
            pcast_error e;
            if (cut && st && pc_reading_word_starts(reader, s, n, st, &e) == PCAST_OK &&
                !st[off + cut])
                old_inside++;
            free(st);
            if (!cut)
                break;
        }
    }
    printf("written: %zu breath cuts, %zu inside a word (%zu without segmentation)\n", cuts,
           inside, old_inside);
    CHECK(cuts >= sizeof written / sizeof *written);
    CHECK_INT(inside, 0);
    CHECK(old_inside > 0);
}

/* pc_zh_word_starts itself: long words stay whole, numbers and Latin
 * words are one word each. */
static void test_starts(void)
{
    const char *s = "人工智慧和資料庫管理系統在2024年有3.75倍的GPT增長";
    size_t n = strlen(s);
    unsigned char st[128];
    pcast_error err;
    CHECK(n < sizeof st && pc_reading_word_starts(reader, s, n, st, &err) == PCAST_OK);
    const char *whole[] = {"人工智慧", "資料庫管理系統", "2024", "3.75", "GPT"};
    for (size_t w = 0; w < sizeof whole / sizeof *whole; w++) {
        const char *at = strstr(s, whole[w]);
        size_t a = (size_t)(at - s), len = strlen(whole[w]);
        CHECK(st[a] == 1);
        for (size_t i = a + 1; i < a + len; i++)
            if (st[i]) {
                printf("starts: a word starts inside %s\n", whole[w]);
                CHECK(!"word whole");
                break;
            }
        CHECK(a + len == n || st[a + len] == 1);
    }
    /* pc_breath_cut keeps to the starts it is given */
    const char *p = "一二三四五六七八九十一二三四五六七八九十一二三四五";
    size_t pn = strlen(p);
    unsigned char only[128] = {0};
    only[0] = only[3 * 7] = 1;
    CHECK_INT(pc_breath_cut(p, pn, 0, PC_BREATH_MAX_SYLLABLES, only), 3 * 7);
}

/* A render reads with the table its plan loaded for the cuts (borrowed,
 * not loaded again, not freed with the borrower). */
static void test_borrow(void)
{
    pcast_plan *pl = NULL;
    pcast_error err;
    CHECK(pc_plan_text(written[0], "zh-TW", &pl, &err) == PCAST_OK);
    pc_reading *r = pl ? pc_reading_new(NULL, NULL) : NULL;
    if (!r) {
        pcast_plan_free(pl);
        return;
    }
    pc_reading_borrow_table(r, pc_plan_reading(pl));
    pc_buf a = {0}, b = {0};
    char tag_a[96], tag_b[96];
    CHECK(pc_reading_apply(r, "zh-TW", written[0], strlen(written[0]), &a, &err) == PCAST_OK);
    CHECK(pc_reading_apply(reader, "zh-TW", written[0], strlen(written[0]), &b, &err) == PCAST_OK);
    CHECK(a.len == b.len && a.len && !memcmp(a.data, b.data, a.len));
    CHECK(pc_reading_cache_tag(r, "zh", tag_a, sizeof tag_a, &err) == PCAST_OK);
    CHECK(pc_reading_cache_tag(reader, "zh", tag_b, sizeof tag_b, &err) == PCAST_OK);
    CHECK_STR(tag_a, tag_b);
    pc_reading_free(r); /* the plan's table stays */
    unsigned char st[64];
    CHECK(pc_plan_word_starts(pl, "人工智慧", strlen("人工智慧"), st) && st[0] && !st[3]);
    pc_buf_free(&a);
    pc_buf_free(&b);
    pcast_plan_free(pl);
}

static void test_corpus(const char *path)
{
    pcast_post *post = NULL;
    pcast_plan *pl = NULL;
    pcast_error err;
    if (access(path, R_OK) != 0) {
        printf("corpus: no %s, skipped\n", path);
        return;
    }
    if (pcast_post_load(path, NULL, &post, &err) || pcast_plan_new(post, NULL, &pl, &err)) {
        CHECK(!"corpus");
        pcast_post_free(post);
        return;
    }
    size_t inside = 0, cuts = check_plan(pl, "corpus", &inside);
    printf("corpus: %zu breath cuts, %zu inside a word\n", cuts, inside);
    CHECK(cuts > 100);
    CHECK_INT(inside, 0);
    pcast_plan_free(pl);
    pcast_post_free(post);
}

/* --starts: the segmentation for a script, one line at a time. */
static int print_starts(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while ((got = getline(&line, &cap, stdin)) >= 0) {
        size_t n = (size_t)got;
        if (n && line[n - 1] == '\n')
            n--;
        unsigned char *st = malloc(n ? n : 1);
        pcast_error err;
        if (!st || pc_reading_word_starts(reader, line, n, st, &err) != PCAST_OK) {
            free(st);
            rc = 1;
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (((unsigned char)line[i] & 0xC0) != 0x80)
                putchar(st[i] ? '1' : '0');
        putchar('\n');
        free(st);
    }
    free(line);
    return rc;
}

int main(int argc, char **argv)
{
    pcast_error err;
    reader = pc_reading_new(NULL, NULL);
    if (!reader || pc_reading_prepare(reader, &err) != PCAST_OK) {
        fprintf(stderr, "test_words: no word table\n");
        pc_reading_free(reader);
        return 1;
    }
    if (argc > 1 && !strcmp(argv[1], "--starts")) {
        int rc = print_starts();
        pc_reading_free(reader);
        return rc;
    }
    test_starts();
    test_written();
    test_borrow();
    if (argc > 1)
        test_corpus(argv[1]);
    pc_reading_free(reader);
    return CHECK_RESULT();
}
