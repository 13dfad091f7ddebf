/*
 * registry.h: every kind of entity tracuu extracts (citations, agencies,
 * places, figures, dates, standards), each declared once: its extractor,
 * its SQLite table and columns, its Xapian filter prefix, its query field
 * and how `show` presents it.  The store creates the tables from here, the
 * indexer writes rows and terms from here, search answers `show` and the
 * generic query fields from here.
 *
 * Adding a kind of entity = one analyzer (analyzers/NAME.c) + one entry in
 * registry.c + its tests; nothing else changes (docs/ARCHITECTURE.md).
 *
 * Contract
 *   - tc_entity_types[] is a constant table, ends with NULL, and runs in
 *     this order on each document: an earlier type may claim spans of text
 *     (a standard "QCVN 01:2019/BTTTT", a date) so that a later one (dates,
 *     figures) does not read them again.
 *   - An extractor writes rows through a tc_entity_sink: tc_sink_begin(),
 *     one call per column in declared order, tc_sink_end().  Errors are
 *     sticky on the sink (as FTS5's int *pRc): after the first one every
 *     call does nothing and tc_sink_rc() reports it.
 *   - Every table has the columns doc_id (first, implicit), then the
 *     declared ones, which must include "text", "start" and "end" (byte
 *     offsets in the document's text).
 */
#ifndef TC_REGISTRY_H
#define TC_REGISTRY_H

#include "../common/tc.h"
#include "gazetteer.h"
#include "text.h"
#include "view.h"

/* Column types, as SQLite declares them. */
typedef enum tc_col_type { TC_COL_TEXT, TC_COL_INT, TC_COL_REAL } tc_col_type;

typedef struct tc_entity_col {
    const char *name; /* SQL column and JSON field of `show` */
    tc_col_type type; /* its type */
} tc_entity_col;

/* Spans of text already read as an entity, in the document's bytes. */
typedef struct tc_spans {
    size_t (*v)[2]; /* [start, end) pairs */
    size_t n, cap;  /* count, capacity */
} tc_spans;
/* 1 when offset lies inside a claimed span. */
int tc_spans_covers(const tc_spans *s, size_t offset);
tc_rc tc_spans_claim(tc_spans *s, size_t start, size_t end);
void tc_spans_free(tc_spans *s);

/* What an extractor reads. */
typedef struct tc_entity_input {
    const tc_view *view;       /* the document (view->raw is its text) */
    const char *province_code; /* the issuing province (header), "" when unknown */
    tc_spans *claimed;         /* spans read by earlier types; add yours */
} tc_entity_input;

typedef struct tc_entity_sink tc_entity_sink;

typedef struct tc_entity_type {
    const char *name;          /* SQL table and `show` section ("citations") */
    const tc_entity_col *cols; /* columns after doc_id, ended by {NULL} */
    const char *value_sql;     /* SQL expression shown first as "value" */
    const char *index_col;     /* a column to index besides doc_id, or NULL */
    const char *prefix;        /* Xapian prefix of its filter terms, or NULL */
    const char *field;         /* query field filtering on those terms, or NULL when
                                  search/query.c handles the field itself */
    /* Opens the extractor's state (tables, scratch). */
    tc_rc (*open)(tc_text *t, const tc_gazetteer *g, void **state);
    void (*close)(void *state);
    /* Writes the document's rows and terms into sink. */
    tc_rc (*extract)(void *state, const tc_entity_input *in, tc_entity_sink *sink);
    /* The term value (after prefix) of a user's query value, for `field`;
     * TC_ENOTFOUND when v is not one.  NULL when field is NULL. */
    tc_rc (*query_key)(void *state, const char *v, size_t n, tc_buf *out);
} tc_entity_type;

extern const tc_entity_type *const tc_entity_types[];

/* The number of entity types; the type called name (NULL when none). */
size_t tc_entity_type_count(void);
const tc_entity_type *tc_entity_type_find(const char *name);
/* The type whose query field is field (NULL when none). */
const tc_entity_type *tc_entity_type_by_field(const char *field);
size_t tc_entity_ncols(const tc_entity_type *t);

/* ---- sinks: the rows and terms of one type for one document ------------- */

tc_rc tc_sink_new(const tc_entity_type *type, tc_entity_sink **out);
void tc_sink_free(tc_entity_sink *s);
/* Empties the sink for the next document (keeps its storage). */
void tc_sink_reset(tc_entity_sink *s);
tc_rc tc_sink_rc(const tc_entity_sink *s);
/* Records an error (the first one sticks). */
void tc_sink_fail(tc_entity_sink *s, tc_rc rc);

void tc_sink_begin(tc_entity_sink *s);
void tc_sink_text(tc_entity_sink *s, const char *v); /* NULL or "" stores NULL */
void tc_sink_textn(tc_entity_sink *s, const char *v, size_t n);
void tc_sink_int(tc_entity_sink *s, long long v);
void tc_sink_real(tc_entity_sink *s, double v);
void tc_sink_null(tc_entity_sink *s);
void tc_sink_end(tc_entity_sink *s);
/* Adds a filter term: the type's prefix (or prefix when not NULL) + v. */
void tc_sink_term(tc_entity_sink *s, const char *prefix, const char *v);

/* Reading a sink back (the indexer's writer). */
size_t tc_sink_rows(const tc_entity_sink *s);
const tc_entity_type *tc_sink_type(const tc_entity_sink *s);
/* Cell (row, col): its type (TC_COL_* or -1 for NULL) and value. */
int tc_sink_cell(const tc_entity_sink *s, size_t row, size_t col, long long *i, double *r,
                 const char **text, size_t *len);
/* Terms: iterate with *iter = 0 until it returns 0. */
int tc_sink_next_term(const tc_entity_sink *s, size_t *iter, const char **term, size_t *len);

#endif
