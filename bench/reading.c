/* bench_reading: the reading front end's cost on one post.
 *
 *   bench_reading POST [RUNS]
 *
 * Prints the time to load the Mandarin word table and the time to run
 * every clip of the post's plan through pc_reading_apply (median of RUNS,
 * default 5, each with a fresh front end, so the table load is counted
 * every time, as in a cold render). Not a test: it measures. */
#include "internal.h"
#include "reading.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_reading POST [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    pcast_post *post = NULL;
    pcast_plan *plan = NULL;
    pcast_error err = {0};
    if (pcast_post_load(argv[1], NULL, &post, &err) != PCAST_OK ||
        pcast_plan_new(post, NULL, &plan, &err) != PCAST_OK) {
        fprintf(stderr, "bench_reading: %s\n", err.message);
        return 1;
    }
    double load[100], total[100];
    size_t in_bytes = 0, out_bytes = 0, clips = pcast_plan_clip_count(plan);
    for (int k = 0; k < runs; k++) {
        double t0 = now_s();
        pc_reading *r = pc_reading_new(NULL, NULL);
        if (!r || pc_reading_prepare(r, &err) != PCAST_OK) {
            fprintf(stderr, "bench_reading: %s\n", err.message);
            return 1;
        }
        double t1 = now_s();
        pc_buf out = {0};
        in_bytes = out_bytes = 0;
        for (size_t i = 0; i < clips; i++) {
            const pcast_clip *c = pcast_plan_clip(plan, i);
            size_t n = strlen(c->text);
            out.len = 0;
            if (pc_reading_apply(r, c->language, c->text, n, &out, &err) != PCAST_OK) {
                fprintf(stderr, "bench_reading: %s\n", err.message);
                return 1;
            }
            in_bytes += n;
            out_bytes += out.len;
        }
        double t2 = now_s();
        pc_buf_free(&out);
        pc_reading_free(r);
        load[k] = t1 - t0;
        total[k] = t2 - t0;
    }
    qsort(load, (size_t)runs, sizeof *load, by_value);
    qsort(total, (size_t)runs, sizeof *total, by_value);
    printf("front end: %zu clips, %zu bytes in, %zu bytes out\n", clips, in_bytes, out_bytes);
    printf("front end: table load %.3f s, load + every clip %.3f s (median of %d)\n", load[runs / 2],
           total[runs / 2], runs);
    pcast_plan_free(plan);
    pcast_post_free(post);
    return 0;
}
