/* libFuzzer: a post (front matter + Markdown) -> script -> JSON -> plan. */
#include <postcast/postcast.h>

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pcast_post *post = NULL;
    pcast_error err;
    if (pcast_post_parse("fuzz.md", (const char *)data, size, NULL, &post, &err) != PCAST_OK)
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
