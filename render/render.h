/*
 * render.h: every answer of the library (include/tracuu.h) written for
 * people (aligned text, bold on a terminal) or programs (JSON lines, CSV),
 * through a tc_out (output.h).  Front-ends choose what to ask and where to
 * write; how each answer looks is decided here once.
 *
 * Field names and column order of the machine formats are documented in
 * README.md ("Machine output") and only ever grow at the end.
 * `cwd` (may be "") makes paths under it relative in text output.
 */
#ifndef TC_RENDER_H
#define TC_RENDER_H

#include "../include/tracuu.h"
#include "output.h"

/* Search: the summary line (text), the CSV header (csv), then each hit. */
void tc_render_search_head(tc_out *o, const tc_results *r, int header_row);
void tc_render_hit(tc_out *o, const tc_hit *h, const char *cwd);
/* Text only: the reading an unaccented query searched first and the others
 * ("searched as: hiệu quả (other readings: hiếu quá, …)", in Vietnamese "tìm
 * theo: … (cách đọc khác: …)"); nothing when it has none. */
void tc_render_reading(tc_out *o, const tc_query *q);

/* Facet or trend rows; bars draws a bar per row (trend on a terminal). */
void tc_render_facets(tc_out *o, const char *by, const tc_facet_row *rows, size_t n, uint32_t total,
                      int relaxed, int bars);

void tc_render_cite_rows(tc_out *o, const char *key, const tc_cite_row *rows, size_t n,
                         const char *cwd);
/* Citations of key counted per citing document's year or province (by):
 * distinct citing documents and mentions per value, in Vietnamese order. */
void tc_render_cite_groups(tc_out *o, const char *key, const char *by, const tc_cite_row *rows,
                           size_t n);
void tc_render_cite_top(tc_out *o, const char *by, const tc_cite_top_row *rows, size_t n);
/* The graph as Graphviz dot (dot = 1) or one JSON object. */
void tc_render_graph(tc_out *o, const tc_graph *g, int dot);

void tc_render_figures(tc_out *o, const char *what, const tc_figure_row *rows, size_t n);
void tc_render_pivot(tc_out *o, const char *what, size_t nfigures, const tc_pivot *p, int by_year);

/* A document and its entities (text or one JSON object). */
void tc_render_document(tc_out *o, const tc_document *d);

/* The path shown to people: relative to cwd when under it. */
const char *tc_display_path(const char *path, const char *cwd);

/* The document's text as its reader gave it, with "--- page N ---" (and
 * ", read by OCR" / ", no text layer") lines where pages start.  Returns
 * non-zero when writing failed. */
int tc_render_document_text(FILE *fp, const tc_document *d);

#endif
