/*
 * output.h: how tracuu's front-ends write results: aligned text for people,
 * JSON lines, RFC 4180 CSV and XLSX workbooks for programs and
 * spreadsheets, to stdout or atomically to a file.
 *
 * Machine formats are stable: field names and column order are documented
 * in README.md and only ever grow at the end.
 *   - JSON: one object per line, UTF-8, invalid bytes replaced by U+FFFD;
 *     control characters (C0, DEL, C1) and the bidi overrides U+202A-U+202E,
 *     U+2066-U+2069 are written as \uXXXX escapes, so printing JSON on a
 *     terminal cannot run an escape sequence.
 *   - CSV: header row, CRLF line ends, fields quoted when they hold a comma,
 *     a quote, CR or LF.  With excel=1 a UTF-8 byte-order mark comes first
 *     so Excel reads Vietnamese.  Formula guard (tc_csv_field): a cell gets a
 *     leading apostrophe when a spreadsheet would evaluate it: it begins with
 *     '=' or '@', with TAB or CR, or with '+' or '-' directly followed by
 *     something that is not a number ("-x", "+A1").  A bullet, '-' or '+'
 *     then a space then text ("- Triển khai ..."), is text in LibreOffice
 *     and is written as is, unless it holds what a formula needs to reach
 *     outside the sheet: a '|' (DDE) or a function call ("NAME(").  Numbers
 *     such as -28% or -12,5 stay as written.
 *   - XLSX (libxlsxwriter): one worksheet per table, a bold frozen header
 *     row, columns as wide as their values (capped); integers and reals are
 *     numbers, money is a number with a "#,##0" (VND) format, percentages a
 *     fraction with a "0.0%" format, dates are date cells: "2018-03-23" as
 *     yyyy-mm-dd, a month precision "2018-03" as the first of that month
 *     shown yyyy-mm, a year "2018" as 1 January shown yyyy (so a date
 *     column sorts as dates and shows what the document says); paths are
 *     file:// hyperlinks showing the path.  Every text cell is a typed
 *     string (never a formula), so no guard or apostrophe is needed.
 *   - CSV and XLSX keep text as written but drop whole terminal escape
 *     sequences (ESC [ ... final byte, ESC ] ... BEL or ESC \) and replace
 *     any other control character (except TAB, LF, CR), C1 control or bidi
 *     override by U+FFFD (tc_clean_data).
 *   - Text for people goes through a filter (tc_term_safe): C0 controls
 *     except TAB and LF are shown in caret notation ("^[" for ESC, "^G"),
 *     DEL as "^?", C1 controls, bidi overrides and invalid bytes as U+FFFD.
 *     Renderers ask for bold and dim with TC_STYLE_* markers, which the
 *     filter turns into escape sequences on a terminal and drops elsewhere.
 */
#ifndef TC_OUTPUT_H
#define TC_OUTPUT_H

#include <stdio.h>

#include "../include/tracuu.h"

enum tc_format { TC_FMT_TEXT, TC_FMT_JSON, TC_FMT_CSV, TC_FMT_XLSX };

/* Style markers for text output: 0xFF is never part of UTF-8, so the text
 * filter tells them from the data written around them. */
#define TC_STYLE_BOLD "\xFF\x01"
#define TC_STYLE_DIM "\xFF\x02"
#define TC_STYLE_PLAIN "\xFF\x03"

typedef struct tc_xlsx tc_xlsx; /* the workbook being written (output.c) */

typedef struct tc_out {
    FILE *fp;       /* where renderers write (text: the filter; NULL for XLSX) */
    FILE *sink;     /* the real file or stdout under the text filter */
    int format;     /* tc_format */
    int tty;        /* styles (bold, dim) wanted: stdout is a terminal, unless
                       the front-end says otherwise (--color, NO_COLOR) */
    int excel;      /* CSV for Excel (BOM) */
    char *path;     /* -o FILE, or NULL for stdout */
    char *tmp_path; /* the temporary file renamed to path on success */
    tc_buf line;    /* the record being built */
    int fields;     /* fields written in the current record */
    tc_rc rc;       /* first failure to build a record (sticky); close reports it */
    tc_xlsx *x;     /* XLSX state, or NULL */
    size_t width;   /* text: columns to fit (0: no limit) */
    int borrowed;   /* fp belongs to the caller (tc_out_open_fp): close only flushes */
    int people;     /* CSV/XLSX for people (the front-end sets it; 0 after open):
                       header names and the names of periods, document types,
                       levels and yes/no go through gettext (domain "tracuu"),
                       so a vi locale gets "tỉnh", "quý I", "báo cáo"; 0 keeps
                       the stable English keys of README "Machine output" */
    const char *json_tail; /* JSON: fields appended to every record, e.g. a
                              cluster's ,"partial":true,"missing":["b"] (or NULL) */
} tc_out;

/* Opens output to path (NULL: stdout).  format is a tc_format.  XLSX needs
 * a path.  Text output goes through the terminal-safety filter. */
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

/* Starts a new table: a new worksheet named name in XLSX (the first call
 * names the first sheet); nothing in other formats. */
void tc_out_sheet(tc_out *o, const char *name);

/* Records (JSON object / CSV row / XLSX row): begin, fields, end. */
void tc_out_begin(tc_out *o);
void tc_out_str(tc_out *o, const char *key, const char *value);
void tc_out_strn(tc_out *o, const char *key, const char *value, size_t n);
void tc_out_int(tc_out *o, const char *key, long long value);
void tc_out_num(tc_out *o, const char *key, double value);
/* Typed values: a plain number or string in JSON and CSV, a formatted cell
 * in XLSX.  money is VND; pct is a percentage (28.5 = 28.5%); date is ISO
 * ("2018-03-23", "2018-03", "2018"; anything else is written as text);
 * path is an absolute file path (a hyperlink). */
void tc_out_money(tc_out *o, const char *key, double value);
void tc_out_pct(tc_out *o, const char *key, double value);
void tc_out_date(tc_out *o, const char *key, const char *iso);
void tc_out_path(tc_out *o, const char *key, const char *path);
/* A raw JSON value (array/object) under key; ignored in CSV and XLSX. */
void tc_out_raw(tc_out *o, const char *key, const char *json);
void tc_out_end(tc_out *o);
/* Header row from NULL-terminated names (CSV; XLSX: bold and frozen);
 * with o->people each name is translated (dgettext "tracuu"). */
void tc_out_header(tc_out *o, const char *const *names);

/* Appends a CSV field to b (quoting and formula neutralising as above). */
tc_rc tc_csv_field(tc_buf *b, const char *s, size_t n);
/* Appends s as a JSON string (escaping as above). */
tc_rc tc_json_safe(tc_buf *b, const char *s, size_t n);
/* Appends s made safe for a terminal (caret notation, U+FFFD; see top). */
tc_rc tc_term_safe(tc_buf *b, const char *s, size_t n);
/* Appends s for CSV/XLSX: escape sequences dropped, controls U+FFFD. */
tc_rc tc_clean_data(tc_buf *b, const char *s, size_t n);

/* Display width of UTF-8 text in terminal columns: combining marks and
 * zero-width characters 0, East Asian wide and fullwidth characters 2,
 * a control character 2 (its caret form). */
size_t tc_display_width(const char *s, size_t n);
/* The byte length of the longest prefix of s[0..n) at most width columns
 * wide, never splitting a character from its combining marks. */
size_t tc_display_prefix(const char *s, size_t n, size_t width);

/* Opens output to a stream the caller owns (e.g. open_memstream() in the
 * web server): close flushes it but neither closes nor renames anything. */
tc_rc tc_out_open_fp(tc_out *o, FILE *fp, int format, int excel);

#endif
