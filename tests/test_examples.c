/* Spec tests: each post in examples/ gives exactly the script in
 * tests/expected/NAME.json (compared as JSON values, not bytes). And the
 * real corpus post, when ../shared is there. */
#include "check.h"

#include <postcast/postcast.h>

#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

/* examples/NAME.EXT against tests/expected/NAME.json (Markdown) or
 * NAME-EXT.json (a transcript): the whole script, so every speaker's and
 * section's turn count too. reader: the reader that must have read it. */
static void check_example(const char *dir, const char *name, const char *ext, const char *reader)
{
    char post_path[1024], json_path[1024];
    snprintf(post_path, sizeof post_path, "%s/examples/%s.%s", dir, name, ext);
    if (!strcmp(ext, "md"))
        snprintf(json_path, sizeof json_path, "%s/tests/expected/%s.json", dir, name);
    else
        snprintf(json_path, sizeof json_path, "%s/tests/expected/%s-%s.json", dir, name, ext);
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_load(post_path, NULL, &p, &err), PCAST_OK);
    if (!p)
        return;
    CHECK_STR(pcast_post_reader(p), reader);
    char *got_text = pcast_post_to_json(p, 0);
    json_error_t jerr;
    json_t *got = json_loads(got_text, 0, &jerr);
    json_t *want = json_load_file(json_path, 0, &jerr);
    CHECK(want != NULL);
    if (got && want && !json_equal(got, want)) {
        check_failures++;
        fprintf(stderr, "%s: script differs from %s\n got: %s\n", post_path, json_path, got_text);
    }
    json_decref(got);
    json_decref(want);
    free(got_text);
    pcast_post_free(p);
}

static int check_corpus(const char *path)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "skip: %s is absent\n", path);
        return SKIP_CODE;
    }
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_load(path, NULL, &p, &err), PCAST_OK);
    if (!p)
        return CHECK_RESULT();
    CHECK_INT(pcast_post_section_count(p), 4);
    CHECK_STR(pcast_post_section(p, 1)->title, "人工智慧時代的價值創造：Mike Krieger的見解");
    CHECK_STR(pcast_post_section(p, 2)->title, "創業公司與AI模型的未來挑戰");
    CHECK_STR(pcast_post_section(p, 3)->title, "AI模型的進步與未來展望");
    CHECK_STR(pcast_post_date(p), "2025-03-04");
    CHECK_INT(pcast_post_tag_count(p), 7);
    static const struct { const char *name; size_t turns; } want[] = {
        {"Narrator", 1}, {"Harry Stebbings", 41}, {"Mike Krieger", 48},
        {"未知播客主持人/旁白", 1}, {"Unknown Podcast Host/Narrator", 1}};
    CHECK_INT(pcast_post_speaker_count(p), 5);
    for (size_t i = 0; i < 5 && i < pcast_post_speaker_count(p); i++) {
        CHECK_STR(pcast_post_speaker(p, i)->name, want[i].name);
        CHECK_INT(pcast_post_speaker(p, i)->turns, want[i].turns);
        CHECK_INT(pcast_post_speaker(p, i)->narrator, i == 0);
    }
    /* the opening: the title, then the linked original */
    const pcast_turn *open = &pcast_post_section(p, 0)->turns[0];
    CHECK_STR(open->speaker, "Narrator");
    CHECK_INT(open->paragraph_count, 2);
    CHECK(strncmp(open->paragraphs[1], "原文連結： Anthropic CPO", 20) == 0);
    /* line 37-44: one Markdown paragraph holding four turns */
    const pcast_section *s = pcast_post_section(p, 2);
    CHECK_STR(s->turns[0].speaker, "Harry Stebbings");
    CHECK_STR(s->turns[1].speaker, "未知播客主持人/旁白");
    CHECK(strncmp(s->turns[1].paragraphs[0], "創業公司應該建立", 12) == 0);
    CHECK_STR(s->turns[2].speaker, "Mike Krieger");
    CHECK_STR(s->turns[3].speaker, "Mike Krieger");
    CHECK_INT(s->turns[3].line, 43);
    /* unlabeled paragraphs land in the current speaker's turn: line 49-50
     * (label 49, then a second paragraph at line 50 after a blank line?) */
    size_t multi = 0;
    for (size_t i = 0; i < pcast_post_section_count(p); i++) {
        const pcast_section *sec = pcast_post_section(p, i);
        for (size_t j = 0; j < sec->turn_count; j++) {
            CHECK(sec->turns[j].labeled);
            if (sec->turns[j].paragraph_count > 1 && i > 0) {
                multi++;
                CHECK_STR(sec->turns[j].speaker, "Mike Krieger");
            }
        }
    }
    CHECK(multi > 0);
    /* the last turns: the English host label, then Harry, then Mike */
    s = pcast_post_section(p, 3);
    const pcast_turn *t = &s->turns[s->turn_count - 3];
    CHECK_STR(t->speaker, "Unknown Podcast Host/Narrator");
    CHECK_STR(t->paragraphs[0], "Mike，你真是太棒了。");
    CHECK_STR(s->turns[s->turn_count - 1].paragraphs[0], "我的榮幸，真的很開心參與這次對話。");
    pcast_post_free(p);
    return CHECK_RESULT();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_examples SOURCE_DIR [CORPUS_POST]\n");
        return 2;
    }
    if (argc > 2)
        return check_corpus(argv[2]);
    check_example(argv[1], "interview-zh-tw", "md", "markdown");
    check_example(argv[1], "interview-en", "md", "markdown");
    check_example(argv[1], "blog-post", "md", "markdown");
    /* one conversation in every transcript format */
    check_example(argv[1], "garden-talk", "vtt", "vtt");
    check_example(argv[1], "garden-talk", "srt", "srt");
    check_example(argv[1], "garden-talk", "sbv", "sbv");
    check_example(argv[1], "garden-talk", "json", "json");
    check_example(argv[1], "garden-talk", "html", "html");
    check_example(argv[1], "garden-talk", "txt", "text");
    return CHECK_RESULT();
}
