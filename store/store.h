/*
 * store.h: the two stores of a tracuu index (a Xapian database and the
 * SQLite side tables), opened, locked, version-checked and committed in one
 * place.  Both the indexer (writes) and search (reads) stand on it; neither
 * opens a store by itself.
 *
 * Contract
 *   - tc_store_open() opens DIR for reading, or for writing (creating it).
 *     A writer holds DIR/tracuu.lock for its whole life: a second writer
 *     gets TC_ELOCKED.  Both stores must carry TC_SCHEMA_VERSION
 *     (store/schema.h), else TC_ESCHEMA with advice in the message.
 *   - Every commit goes Xapian first, then SQLite, each recording the same
 *     generation number; a reader sees tc_store_interrupted() == 1 while
 *     they differ (a run was killed between the two), and the next writer
 *     repairs the difference (indexer/index.c).
 *   - Errors: functions return a tc_rc; the detail is in tc_store_errmsg().
 *   - A handle is used by one thread at a time.
 */
#ifndef TC_STORE_H
#define TC_STORE_H

#include <sqlite3.h>

#include "../common/tc.h"
#include "../shim/xapian_shim.h"
#include "schema.h"

typedef struct tc_store tc_store;

/* TC_STORE_READ_XAPIAN: a reader of the Xapian database alone, as a
 * remote shard is: meta.sqlite is not opened (tc_store_sqlite() is NULL)
 * and need not exist; the generations are Xapian's. */
/* The message of a question that needs meta.sqlite asked of such a reader. */
#define TC_STORE_NO_SQLITE                                                                         \
    "this needs the SQLite side tables (meta.sqlite), and the index was opened from its "          \
    "Xapian database alone"
enum tc_store_mode { TC_STORE_READ = 0, TC_STORE_WRITE = 1, TC_STORE_READ_XAPIAN = 2 };

/* Opens the index in dir.  On failure *out is NULL and errbuf says why. */
tc_rc tc_store_open(const char *dir, int mode, tc_store **out, char *errbuf, size_t errlen);
void tc_store_close(tc_store *st);

/* Detail of the last error ("" when none). */
const char *tc_store_errmsg(const tc_store *st);
/* Records a message (fmt has one %s for detail) and returns rc. */
tc_rc tc_store_fail(tc_store *st, tc_rc rc, const char *fmt, const char *detail);
/* Records SQLite's last message and returns TC_ESQLITE. */
tc_rc tc_store_sql_fail(tc_store *st);
/* Records Xapian's last message and returns rc. */
tc_rc tc_store_xapian_fail(tc_store *st, tc_rc rc);

const char *tc_store_dir(const tc_store *st);
int tc_store_writable(const tc_store *st);
/* 1 when the last run was interrupted (the stores' generations differ). */
int tc_store_interrupted(const tc_store *st);

/* The stores themselves, for the layers above.  Owned by the store; the
 * Xapian handle changes after tc_store_compact(). */
tcx_db *tc_store_xapian(tc_store *st);
sqlite3 *tc_store_sqlite(tc_store *st);

/* Runs SQL without results. */
tc_rc tc_store_exec(tc_store *st, const char *sql);

/* Writers: opens the SQLite transaction that tc_store_commit() ends. */
tc_rc tc_store_begin(tc_store *st);
/* Commits Xapian, then SQLite, under the next generation number, and opens
 * the next SQLite transaction. */
tc_rc tc_store_commit(tc_store *st);
/* After a failed run: rolls SQLite back and marks the generations apart so
 * that the next writer reconciles what Xapian kept. */
void tc_store_abandon(tc_store *st);
/* Rewrites the Xapian database compactly and swaps it in atomically. */
/* 1 when a compaction was interrupted (its folder is still there): the
 * next run compacts again, whatever it changed. */
int tc_store_compact_pending(const tc_store *st);
tc_rc tc_store_compact(tc_store *st);

/* Parallel builds (indexer/index.c): a second writer fills a Xapian
 * database (TC_SHARD_XAPIAN_DIR) and side tables (TC_SHARD_SQLITE_FILE)
 * beside the index, with new documents only, under ids above every id of
 * the index.  tc_store_merge_shard() then, after the caller's last
 * tc_store_commit(): copies the shard's rows into the open SQLite
 * transaction, compacts both Xapian databases into a new one keeping every
 * id, marks it with the next generation, swaps it in (one atomic exchange
 * of folders, as tc_store_compact) and commits SQLite under that
 * generation; the shard's files are removed.  A crash at any point leaves
 * either the index as it was before the merge (the shard's files are
 * leftovers, which tc_store_remove_shard() deletes) or generations apart
 * that the next run reconciles. */
tc_rc tc_store_merge_shard(tc_store *st);
/* Deletes the shard's files (a leftover of an interrupted run). */
void tc_store_remove_shard(tc_store *st);

/* Readers (one consistent state per question).  tc_store_snapshot()
 * moves a reader to the last commit on disk: Xapian reopened (the whole
 * database again when a compaction swapped the folder), then a SQLite read
 * transaction whose generation equals Xapian's, waiting (bounded) while a
 * run is between its two commits.  SQLite reads then see that state until
 * the next snapshot or tc_store_release(), which ends the transaction so
 * that reads see the latest commit.  Both do nothing for a writer.
 * TC_EDAMAGED when the stores cannot be read or disagree. */
tc_rc tc_store_snapshot(tc_store *st);
tc_rc tc_store_release(tc_store *st);

/* A second reader of a local index's Xapian database at the same commit,
 * for a thread of its own (a Xapian handle is used by one thread at a
 * time); the caller closes it with tcx_db_close().  NULL for a cluster or
 * a writer, and when a commit or a compaction came between or the open
 * failed: the caller then does without. */
tcx_db *tc_store_xapian_twin(tc_store *st);

/* The name of a table file that an index with documents must have and
 * xapian_dir lacks, or NULL.  has_text: some document has words (then
 * position.glass must exist too). */
const char *tc_store_missing_table(const char *xapian_dir, int has_text);

/* The stored record of a document (tc_fields, then its text) into out. */
tc_rc tc_store_doc_record(tc_store *st, uint32_t docid, tc_buf *out);
/* Documents in the Xapian database. */
uint32_t tc_store_doccount(tc_store *st);

/* Clusters (docs/SCALE.md).  A cluster file lists shards, one a line:
 * "NAME HOST:PORT" (an xapian-tcpsrv serving a shard's xapian/ folder) or
 * "NAME FOLDER" (an index folder, or a Xapian database such as a replica;
 * relative to the file's folder), plus "timeout SECONDS" for every remote
 * call (10 by default); # starts a comment.  The store joins the shards
 * into one read-only Xapian database: no SQLite (tc_store_sqlite() is
 * NULL), no lock, each shard's schema version checked.  partial_ok: a
 * remote shard that cannot be reached is left out (tcx_cluster_shard()
 * on tc_store_xapian() says which). */
/* 1 when path is a file (a cluster file) rather than an index folder. */
int tc_store_cluster_file(const char *path);
tc_rc tc_store_open_cluster(const char *file, int partial_ok, tc_store **out, char *errbuf,
                            size_t errlen);
int tc_store_is_cluster(const tc_store *st);
/* After a shard failed mid-question: connects to the shards again (those
 * that do not answer are left out when partial_ok was given). */
tc_rc tc_store_cluster_reconnect(tc_store *st);

#endif
