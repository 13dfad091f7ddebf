/*
 * db.h: the reading side of an index (tc_db in include/tracuu.h) as the
 * search modules see it: the store below, ICU state, and the lookup tables
 * queries need (gazetteer, citation and agency keys), loaded on first use
 * so that a search that needs none of them starts fast.
 *
 * A table that fails to load is reported as NULL by its accessor; callers
 * turn that into TC_EDATA with a message (tc_db_fail).
 */
#ifndef TC_DB_H
#define TC_DB_H

#include "../analyzers/agency.h"
#include "../analyzers/citation.h"
#include "../analyzers/doctypes.h"
#include "../analyzers/gazetteer.h"
#include "../analyzers/text.h"
#include "../include/tracuu.h"
#include "../store/store.h"

tc_store *tc_db_store(tc_db *db);
tcx_db *tc_db_xapian(tc_db *db);
sqlite3 *tc_db_sqlite(tc_db *db);
tc_text *tc_db_text(tc_db *db);
const tc_gazetteer *tc_db_gazetteer(tc_db *db);
tc_citer *tc_db_citer(tc_db *db);
tc_agencies *tc_db_agencies(tc_db *db);
const tc_doctypes *tc_db_doctypes(tc_db *db);
/* The extractor state of an entity type (for its query_key), opened on
 * first use; NULL when it cannot be opened. */
struct tc_entity_type;
void *tc_db_entity_state(tc_db *db, const struct tc_entity_type *type);

/* Records a message (fmt has one %s for detail) and returns rc. */
tc_rc tc_db_fail(tc_db *db, tc_rc rc, const char *fmt, const char *detail);
/* Records SQLite's message and returns TC_ESQLITE. */
tc_rc tc_db_sql_fail(tc_db *db);
/* Records Xapian's message and returns rc. */
tc_rc tc_db_xapian_fail(tc_db *db, tc_rc rc);

/* After a failed step of a question: when it failed because the snapshot
 * was overwritten (two runs committed meanwhile), moves to the last commit
 * and returns 1 (ask again), at most a few times per question (*attempt
 * counts, start at 0); else 0. */
int tc_db_retry(tc_db *db, tc_rc rc, int *attempt);

/* Column i of the current row of st as a malloc'd string ("" for NULL);
 * NULL only when out of memory. */
char *tc_db_col_dup(sqlite3_stmt *st, int i);
/* qsort comparator of C strings (const char * elements), byte order. */
int tc_cmp_cstr(const void *a, const void *b);

/* Prepares sql or records why not: SQL failures are errors, never empty
 * results. */
tc_rc tc_db_prepare(tc_db *db, const char *sql, sqlite3_stmt **out);

#endif
