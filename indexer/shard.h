/*
 * shard.h: the second writer of a parallel build.
 *
 * One Xapian writer cannot use two cores: on the news corpus the thread
 * that writes spends 90% of its time inside Xapian (bench/BASELINE.md), and
 * the analysis threads wait for it.  A large run therefore gives half of
 * its new documents to a second writer, which fills a database of its own
 * beside the index (TC_SHARD_XAPIAN_DIR) on its own thread, while the
 * caller's thread writes the other half and every SQLite row; the rows of
 * the shard's documents go into side tables of its own
 * (TC_SHARD_SQLITE_FILE), so that readers never see a row whose document
 * is not searchable yet.  tc_store_merge_shard() joins the two at the end.
 *
 * Contract
 *   - The caller chooses the ids (above every id of the index and of its
 *     own new documents) and hands each analysis over with tc_shard_put(),
 *     which owns it from then on, failure or not.
 *   - Errors of the writer's thread come back from the next tc_shard_put()
 *     or from tc_shard_finish(), with the message in tc_shard_errmsg().
 *   - tc_shard_close() stops the thread and closes the handles; the files
 *     stay until tc_store_merge_shard() or tc_store_remove_shard().
 */
#ifndef TC_SHARD_H
#define TC_SHARD_H

#include <sqlite3.h>

#include "../store/store.h"
#include "analyze.h"

typedef struct tc_shard tc_shard;

/* Creates the shard's files beside st's index (removing leftovers of an
 * interrupted run) and starts its writer. */
tc_rc tc_shard_open(tc_store *st, tc_shard **out);
/* The shard's side tables, in an open transaction: the caller writes the
 * rows of the shard's documents there, on its own thread. */
sqlite3 *tc_shard_sqlite(tc_shard *s);
/* Seals a (tc_analysis_seal: it no longer refers to the caller's buffers
 * when this returns) and queues it under docid; bytes: its file's size
 * (for batching).  Blocks while the queue is full. */
tc_rc tc_shard_put(tc_shard *s, tc_analysis *a, uint32_t docid, const char *unique_term,
                   size_t ulen, size_t bytes);
/* Waits until every document is written, then commits both stores and
 * closes them. */
tc_rc tc_shard_finish(tc_shard *s);
const char *tc_shard_errmsg(const tc_shard *s);
void tc_shard_close(tc_shard *s);

#endif
