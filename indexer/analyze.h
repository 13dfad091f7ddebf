/*
 * analyze.h: one file's bytes -> everything the index stores about it.
 *
 * tc_analyzer_run() is pure analysis (tokens, header, entities) and touches
 * no store, so several analyzers (one per thread, each with its own tc_text)
 * can run in parallel while one thread writes.  tc_analysis_store() and
 * tc_analysis_store_sql() then write a result into Xapian and SQLite; the
 * analyzer remembers which lexicon entries it has already written in this
 * run so each is written once.
 */
#ifndef TC_ANALYZE_H
#define TC_ANALYZE_H

#include <sqlite3.h>

#include "../analyzers/gazetteer.h"
#include "../analyzers/header.h"
#include "../analyzers/text.h"
#include "../common/tc.h"
#include "../shim/xapian_shim.h"

typedef struct tc_analyzer tc_analyzer;
typedef struct tc_analysis tc_analysis;

/* notice(ctx, byte offset or -1, message) reports repaired input. */
typedef void (*tc_notice_fn)(void *ctx, long long offset, const char *msg);

tc_rc tc_analyzer_open(tc_text *t, const tc_gazetteer *g, tc_analyzer **out);
void tc_analyzer_close(tc_analyzer *an);

/* Analyses data[0..len) of the file at path.  *out is owned by the caller. */
tc_rc tc_analyzer_run(tc_analyzer *an, const char *path, const char *data, size_t len,
                      tc_notice_fn notice, void *ctx, tc_analysis **out);
/* Writes the document into Xapian under unique_term; sets *docid.  is_new:
 * the caller knows no document has that term (skips the lookup). */
tc_rc tc_analysis_store(tc_analyzer *an, const tc_analysis *a, tcx_db *db, const char *unique_term,
                        size_t ulen, int is_new, uint32_t *docid);
/* Prepared statements for the entity tables (one per registry type,
 * analyzers/registry.h), made once per run by the writer. */
typedef struct tc_entity_sql {
    sqlite3_stmt **del; /* DELETE FROM <table> WHERE doc_id=? */
    sqlite3_stmt **ins; /* INSERT INTO <table>(doc_id, columns...) */
    size_t n;           /* entity types */
} tc_entity_sql;
tc_rc tc_entity_sql_prepare(sqlite3 *db, tc_entity_sql *s);
void tc_entity_sql_finalize(tc_entity_sql *s);
/* Deletes every entity row of docid. */
tc_rc tc_entity_sql_delete(tc_entity_sql *s, uint32_t docid);
/* Replaces the document's entity rows. */
tc_rc tc_analysis_store_sql(const tc_analysis *a, tc_entity_sql *s, uint32_t docid);
const tc_header *tc_analysis_header(const tc_analysis *a);
size_t tc_analysis_tokens(const tc_analysis *a);
void tc_analysis_free(tc_analysis *a);

#endif
