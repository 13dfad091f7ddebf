/*
 * xdata.h: the answers of cite, figures, show and stats read from the
 * Xapian database alone, for an index opened without meta.sqlite (a remote
 * shard, or TC_OPEN_XAPIAN_ONLY).  What they read is written down in
 * store/schema.h "Document data": the documents row and every entity
 * table's rows are in each document's record.
 *
 * Contract
 *   - Document lists are docids in increasing order, malloc'd (NULL when
 *     empty); the caller frees them.
 *   - A tc_xdoc holds one document's record at a time; loading the docid it
 *     holds costs nothing, so a walk in docid order reads each record once.
 *   - Errors are recorded on the db (tc_db_fail); a record whose tables do
 *     not parse is TC_EDAMAGED.
 */
#ifndef TC_XDATA_H
#define TC_XDATA_H

#include "../analyzers/registry.h"
#include "../common/fields.h"
#include "db.h"

/* The documents holding term; holding any term that starts with prefix;
 * every document. */
tc_rc tc_xdocs_term(tc_db *db, const char *term, uint32_t **ids, size_t *n);
tc_rc tc_xdocs_prefix(tc_db *db, const char *prefix, uint32_t **ids, size_t *n);
tc_rc tc_xdocs_all(tc_db *db, uint32_t **ids, size_t *n);

typedef struct tc_xdoc {
    uint32_t docid; /* the document held, 0 when none */
    tc_buf data;    /* its stored data */
    tc_fields f;    /* parsed: f.body is its text */
} tc_xdoc;
void tc_xdoc_init(tc_xdoc *d);
tc_rc tc_xdoc_load(tc_db *db, uint32_t docid, tc_xdoc *d);
void tc_xdoc_free(tc_xdoc *d);
/* Field key of the record ("" when absent). */
const char *tc_xdoc_get(const tc_xdoc *d, const char *key);
/* The rows of entity type t stored with the document (no rows: 0 rows). */
tc_rc tc_xdoc_rows(tc_db *db, const tc_xdoc *d, const tc_entity_type *t, tc_cells *out);
/* The warnings stored with the document: cells (offset or NULL, message). */
tc_rc tc_xdoc_warnings(tc_db *db, const tc_xdoc *d, tc_cells *out);
/* Calls fn(ctx, row) with every row of type t stored with each document
 * holding a term that starts with prefix, in docid order (row: t's
 * columns, NULL for SQL NULL); a non-OK return of fn stops the walk and is
 * returned. */
typedef tc_rc (*tc_xrow_fn)(void *ctx, char *const *row);
tc_rc tc_xrows_prefix(tc_db *db, const char *prefix, const tc_entity_type *t, tc_xrow_fn fn,
                      void *ctx);
/* The index of column name among t's columns, or -1. */
int tc_xcol(const tc_entity_type *t, const char *name);

/* The unique term of a path ("Q" + path, or "Q#" + SHA-256 hex when long),
 * as the indexer writes it (store/schema.h). */
tc_rc tc_xunique_term(const char *path, tc_buf *out);

#endif
