/*
 * index.h: an open tracuu index (Xapian database + SQLite side tables) and
 * the incremental indexer that keeps it up to date with a set of files.
 *
 * Contract
 *   - tc_index_open() opens DIR for writing (creating it) through the store
 *     layer (store/store.h): a second writer gets TC_ELOCKED.
 *   - tc_index_update() walks files and folders (.txt and .md), skips
 *     unchanged files (same size and mtime, or same SHA-256), re-indexes
 *     changed ones, and removes indexed files that no longer exist under the
 *     given roots.  Work is committed in batches; Xapian commits first, then
 *     SQLite, each bumping the same generation number.  A run killed at any
 *     point leaves the last committed state searchable, and the next run
 *     repairs any difference between the two stores before it goes on.
 *   - Bad files never stop a run: empty, binary, unreadable or oversized
 *     files are skipped, invalid UTF-8 is repaired; each case is reported
 *     through the notice callback and counted in the stats.
 *   - The handle is used by one thread at a time.
 */
#ifndef TC_INDEX_H
#define TC_INDEX_H

#include "../include/tracuu.h"

/* The public part (tc_index_open, tc_index_update, the stats and callback
 * structs) is in include/tracuu.h. */

#endif
