/*
 * check.h: the unit-test harness.  Each tests/unit/test_*.c is one program
 * whose main() runs table-driven cases with these macros and ends with
 * `return check_report("name");`, which prints "name: N passed, M failed"
 * and returns non-zero when anything failed.  A failure prints the case, the
 * expected and the actual value.
 */
#ifndef TC_CHECK_H
#define TC_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* Compares two C strings (NULL counts as ""). `what` names the case. */
#define CHECK_STR(what, expected, actual)                                                          \
    do {                                                                                           \
        const char *e_ = (expected), *a_ = (actual);                                               \
        if (!e_)                                                                                   \
            e_ = "";                                                                               \
        if (!a_)                                                                                   \
            a_ = "";                                                                               \
        if (strcmp(e_, a_) == 0) {                                                                 \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s\n  expected: \"%s\"\n  actual:   \"%s\"\n", __FILE__,  \
                    __LINE__, (what), e_, a_);                                                     \
        }                                                                                          \
    } while (0)

#define CHECK_INT(what, expected, actual)                                                          \
    do {                                                                                           \
        long long e_ = (long long)(expected), a_ = (long long)(actual);                            \
        if (e_ == a_) {                                                                            \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s\n  expected: %lld\n  actual:   %lld\n", __FILE__,      \
                    __LINE__, (what), e_, a_);                                                     \
        }                                                                                          \
    } while (0)

static inline int check_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

/* Reads a whole file into a malloc'd, NUL-terminated buffer (NULL on error). */
static inline char *check_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = n >= 0 ? (char *)malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) {
        p[n] = 0;
        if (len)
            *len = (size_t)n;
    }
    return p;
}

#endif
