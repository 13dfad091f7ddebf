/*
 * data.h: data tables compiled into the binary from data/ (gazetteer,
 * issuer codes, agencies).  Keeping them inside the executable means an
 * installed tracuu never looks for files at run time.
 */
#ifndef TC_DATA_H
#define TC_DATA_H

#include <stddef.h>

/* Returns the bytes of data file `name` (its basename, e.g.
 * "provinces-2024.tsv"), NUL-terminated, and sets *len; NULL when unknown. */
const char *tc_data_get(const char *name, size_t *len);

/* The same bytes as tc_data_get(name) with every tab, CR and LF replaced by
 * NUL, or NULL when unknown: a field that tc_tsv_next_row() finds at
 * data + k is the NUL-terminated string cells + k, valid for the life of the
 * program (so tables can point at their cells without copying them). */
const char *tc_data_cells(const char *name);

/* One field of a tab-separated row: a view into the data, not copied. */
typedef struct tc_tsv_field {
    const char *s; /* first byte */
    size_t n;      /* length */
} tc_tsv_field;

/* Splits the next row of data[0..len) at *pos into up to `max` fields and
 * advances *pos past it.  Blank lines and lines starting with '#' are
 * skipped; a CR before the line end is dropped.  Returns the number of
 * fields, 0 at the end of the data. */
size_t tc_tsv_next_row(const char *data, size_t len, size_t *pos, tc_tsv_field *f, size_t max);

#endif
