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

#endif
