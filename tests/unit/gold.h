/*
 * gold.h: helpers shared by the tests that score an analyzer against
 * hand-annotated gold files (the TSV files in tests/gold: one row per
 * annotated item).
 */
#ifndef TC_GOLD_H
#define TC_GOLD_H

#include <stddef.h>

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

#endif
