/* libFuzzer: an input (front matter + body) -> script -> JSON -> plan,
 * through every reader. A first byte of 0-9 picks the reader (0: detect)
 * and the rest is the input; any other first byte starts the input
 * itself, detected from its content (as a file with no known extension
 * is), so posts and transcripts serve as seeds as they are. */
#include <postcast/postcast.h>

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const from[] = {NULL, "markdown", "vtt", "srt", "json", "html", "text", "sbv", "ttml", "table",
                                       "timedtext", "ass", "scc"};
    pcast_parse_options opt = pcast_parse_options_init();
    size_t skip = 0;
    if (size > 0 && data[0] < sizeof from / sizeof *from) {
        opt.from = from[data[0]];
        skip = 1;
    }
    pcast_post *post = NULL;
    pcast_error err;
    if (pcast_post_parse("fuzz", (const char *)data + skip, size - skip, &opt, &post, &err) != PCAST_OK)
        return 0;
    free(pcast_post_to_json(post, 0));
    pcast_plan *plan = NULL;
    if (pcast_plan_new(post, NULL, &plan, &err) == PCAST_OK) {
        size_t first, count;
        pcast_plan_span(plan, 1, SIZE_MAX, &first, &count);
        pcast_plan_free(plan);
    }
    pcast_post_free(post);
    return 0;
}
