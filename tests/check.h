/* A tiny test harness: CHECK records a failure and goes on; main()
 * returns CHECK_RESULT(). Exit 77 means "skipped" to ctest. */
#ifndef POSTCAST_TEST_CHECK_H
#define POSTCAST_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* This process's threads, from /proc (0 when it cannot be read). */
static inline int check_thread_count(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "Threads:", 8))
            n = atoi(line + 8);
    if (f)
        fclose(f);
    return n;
}

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                \
    do {                                                                           \
        check_count++;                                                             \
        if (!(cond)) {                                                             \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                   \
    do {                                                                                  \
        const char *check_a_ = (a), *check_b_ = (b);                                      \
        check_count++;                                                                    \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_)) {                       \
            check_failures++;                                                             \
            fprintf(stderr, "%s:%d: %s == %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, \
                    #a, #b, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
        }                                                                                 \
    } while (0)

#define CHECK_INT(a, b)                                                                  \
    do {                                                                                 \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                  \
        check_count++;                                                                   \
        if (check_a_ != check_b_) {                                                      \
            check_failures++;                                                            \
            fprintf(stderr, "%s:%d: %s == %s\n  got:  %lld\n  want: %lld\n", __FILE__,   \
                    __LINE__, #a, #b, check_a_, check_b_);                               \
        }                                                                                \
    } while (0)

#define CHECK_RESULT()                                                              \
    (fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures),        \
     check_failures ? 1 : 0)

#define SKIP_CODE 77

#endif
