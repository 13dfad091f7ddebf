/*
 * gold.h: helpers shared by the tests that score an analyzer against
 * hand-annotated gold files (the TSV files in tests/gold: one row per
 * annotated item).
 */
#ifndef TC_GOLD_H
#define TC_GOLD_H

#include <stddef.h>
#include <stdio.h>

/* An annotated region of a corpus file: gold lists every item inside it,
 * so precision can be measured there.  Include after check.h. */
typedef struct region {
    char file[64];   /* corpus file name */
    int first, last; /* 1-based lines, inclusive */
} region;

/* Splits a line at tabs in place; returns the number of columns (<= max). */
static inline int split_tabs(char *line, char **cols, int max)
{
    int n = 0;
    cols[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = 0;
            cols[n++] = p + 1;
        }
    return n;
}

/* 1-based line number of byte offset off in text. */
static inline int line_of(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Prints "name: P=... R=... (tp/fp/fn)" and fails the test when precision
 * or recall is below min. */
static inline void gold_score(const char *name, size_t tp, size_t fp, size_t fn, double min)
{
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
    double r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    printf("%s: P=%.3f R=%.3f (%zu/%zu/%zu)\n", name, p, r, tp, fp, fn);
    CHECK(p >= min, "%s precision %.3f below %.2f", name, p, min);
    CHECK(r >= min, "%s recall %.3f below %.2f", name, r, min);
}

#endif
