/*
 * output.h: how tracuu's front-ends write results: aligned text for people,
 * JSON lines and RFC 4180 CSV for programs, to stdout or atomically to a file.
 *
 * Machine formats are stable: field names and column order are documented
 * in README.md and only ever grow at the end.
 *   - JSON: one object per line, UTF-8, invalid bytes replaced by U+FFFD.
 *   - CSV: header row, CRLF line ends, fields quoted when they hold a comma,
 *     a quote, CR or LF; a cell beginning with = + - @ TAB or CR gets a
 *     leading apostrophe so spreadsheets do not run it as a formula.  With
 *     excel=1 a UTF-8 byte-order mark comes first so Excel reads Vietnamese.
 */
#ifndef TC_OUTPUT_H
#define TC_OUTPUT_H

#include <stdio.h>

#include "../include/tracuu.h"

enum tc_format { TC_FMT_TEXT, TC_FMT_JSON, TC_FMT_CSV };

typedef struct tc_out {
    FILE *fp;       /* where to write */
    int format;     /* tc_format */
    int tty;        /* fp is a terminal: colours and bold allowed */
    int excel;      /* CSV for Excel (BOM) */
    char *path;     /* -o FILE, or NULL for stdout */
    char *tmp_path; /* the temporary file renamed to path on success */
    tc_buf line;    /* the record being built */
    int fields;     /* fields written in the current record */
    tc_rc rc;       /* first failure to build a record (sticky); close reports it */
    int borrowed;   /* fp belongs to the caller (tc_out_open_fp): close only flushes */
} tc_out;

/* Opens output to path (NULL: stdout).  format is a tc_format. */
tc_rc tc_out_open(tc_out *o, const char *path, int format, int excel);
/* Finishes: on success renames the temporary file into place; on failure
 * (ok == 0) removes it.  Returns TC_EIO when writing failed. */
tc_rc tc_out_close(tc_out *o, int ok);
/* Marks the output as failed (a renderer could not build its text). */
static inline void tc_out_fail(tc_out *o, tc_rc rc)
{
    if (!o->rc)
        o->rc = rc;
}

/* Records (JSON object / CSV row): begin, fields, end. */
void tc_out_begin(tc_out *o);
void tc_out_str(tc_out *o, const char *key, const char *value);
void tc_out_strn(tc_out *o, const char *key, const char *value, size_t n);
void tc_out_int(tc_out *o, const char *key, long long value);
void tc_out_num(tc_out *o, const char *key, double value);
/* A raw JSON value (array/object) under key; ignored in CSV. */
void tc_out_raw(tc_out *o, const char *key, const char *json);
void tc_out_end(tc_out *o);
/* CSV header row from NULL-terminated names (nothing in other formats). */
void tc_out_header(tc_out *o, const char *const *names);

/* Appends a CSV field to b (quoting and formula neutralising as above). */
tc_rc tc_csv_field(tc_buf *b, const char *s, size_t n);

/* Display width of UTF-8 text in terminal columns (combining marks 0). */
size_t tc_display_width(const char *s, size_t n);

/* Opens output to a stream the caller owns (e.g. open_memstream() in the
 * web server): close flushes it but neither closes nor renames anything. */
tc_rc tc_out_open_fp(tc_out *o, FILE *fp, int format, int excel);

#endif
