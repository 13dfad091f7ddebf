/*
 * fields.h: the two small text formats tracuu writes and reads back.
 *
 *   - JSON strings (tc_json_str): escapes quotes, backslashes and control
 *     characters; invalid UTF-8 becomes U+FFFD so the output is always valid.
 *   - Field records (tc_fields_*): "key\tvalue\n" lines ending with an empty
 *     line, used for the metadata stored with each Xapian document.  Values
 *     have \t, \n and \\ escaped, so a record never breaks on what it holds.
 */
#ifndef TC_FIELDS_H
#define TC_FIELDS_H

#include "tc.h"

/* Appends s as a JSON string literal with its quotes. */
tc_rc tc_json_str(tc_buf *out, const char *s, size_t n);
/* Appends s with invalid UTF-8 replaced by U+FFFD and control characters
 * other than \n, \r and \t dropped: C0, DEL and the C1 controls U+0080 to
 * U+009F (safe for terminals and CSV cells). */
tc_rc tc_utf8_repair(tc_buf *out, const char *s, size_t n);

/* Appends "key\tvalue\n" (value escaped). */
tc_rc tc_fields_put(tc_buf *out, const char *key, const char *value);
tc_rc tc_fields_put_int(tc_buf *out, const char *key, long long value);

/* A parsed record: up to TC_FIELDS_MAX pairs pointing into `store`. */
#define TC_FIELDS_MAX 64
typedef struct tc_fields {
    const char *key[TC_FIELDS_MAX];   /* field names */
    const char *value[TC_FIELDS_MAX]; /* unescaped values, NUL-terminated */
    size_t count;                     /* number of pairs */
    const char *body;                 /* bytes after the record's empty line */
    size_t body_len;                  /* their length */
    tc_buf store;                     /* owns the unescaped strings */
} tc_fields;

/* Parses a record at the start of data[0..n).  Free with tc_fields_free. */
tc_rc tc_fields_parse(const char *data, size_t n, tc_fields *out);
void tc_fields_free(tc_fields *f);
/* The value of key, or "" when absent. */
const char *tc_fields_get(const tc_fields *f, const char *key);

/* Tables inside one field value (the entity rows of a document, schema.h
 * "Document data"): cells separated by 0x1F, rows by 0x1E; in a cell a
 * backslash, 0x1E, 0x1F and CR are written as a backslash followed by
 * one of: backslash, 'r', 'u', 'c' (tc_fields_put would drop a CR); an empty cell is
 * NULL (tables never hold an empty string: the entity sinks store "" as
 * NULL).  Numbers are written in decimal, reals as the shortest form that
 * reads back to the same double. */
/* Appends s[0..n) escaped as a cell. */
tc_rc tc_cells_put(tc_buf *out, const char *s, size_t n);
tc_rc tc_cells_put_int(tc_buf *out, long long v);
tc_rc tc_cells_put_real(tc_buf *out, double v);
/* A parsed table: nrows * ncols cells, row by row, NULL for an empty cell. */
typedef struct tc_cells {
    char **cell;  /* unescaped cells (pointers into store) or NULL */
    size_t nrows; /* rows */
    size_t ncols; /* cells per row */
    char *store;  /* owns the strings */
} tc_cells;
/* Parses v (as tc_fields_get gives it) as rows of ncols cells; TC_EDATA
 * when a row has another number of cells.  "" is no rows.  Free with
 * tc_cells_free (also after a failure). */
tc_rc tc_cells_parse(const char *v, size_t ncols, tc_cells *out);
void tc_cells_free(tc_cells *c);

#endif
