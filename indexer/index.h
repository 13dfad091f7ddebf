/*
 * index.h: an open tracuu index (Xapian database + SQLite side tables) and
 * the incremental indexer that keeps it up to date with a set of files.
 *
 * Contract
 *   - tc_index_open() opens DIR for reading, or for writing (creating it);
 *     a writer holds Xapian's lock: a second writer gets TC_ELOCKED.
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

#include <sqlite3.h>

#include "../analyzers/gazetteer.h"
#include "../analyzers/text.h"
#include "../common/tc.h"
#include "../shim/xapian_shim.h"

typedef struct tc_index tc_index;

enum tc_index_mode { TC_INDEX_READ = 0, TC_INDEX_WRITE = 1 };

typedef struct tc_index_stats {
    unsigned added;     /* files indexed for the first time */
    unsigned updated;   /* files re-indexed because they changed */
    unsigned removed;   /* indexed files that no longer exist */
    unsigned unchanged; /* files skipped because they did not change */
    unsigned skipped;   /* bad files skipped (empty, binary, unreadable, huge) */
    unsigned warnings;  /* notices reported */
    uint64_t bytes;     /* bytes of the files (re)indexed */
    double seconds;     /* wall time of the run */
} tc_index_stats;

typedef struct tc_index_progress {
    unsigned files_done, files_total; /* files examined so far / in all */
    uint64_t bytes_done, bytes_total; /* bytes examined so far / in all */
    double elapsed;                   /* seconds since the run started */
} tc_index_progress;

typedef struct tc_index_callbacks {
    /* A file-level notice: offset is a byte offset, or -1 for the whole file. */
    void (*notice)(void *ctx, const char *path, long long offset, const char *msg);
    /* Called after each file; may be NULL. */
    void (*progress)(void *ctx, const tc_index_progress *p);
    void *ctx; /* passed to both */
} tc_index_callbacks;

/* Opens the index in dir.  On failure *out is NULL and errbuf says why. */
tc_rc tc_index_open(const char *dir, int mode, tc_index **out, char *errbuf, size_t errlen);
void tc_index_close(tc_index *ix);
const char *tc_index_errmsg(const tc_index *ix);

/* 1 when the last run was interrupted (the stores' generations differ). */
int tc_index_interrupted(const tc_index *ix);

tc_rc tc_index_update(tc_index *ix, const char *const *paths, size_t n,
                      const tc_index_callbacks *cb, tc_index_stats *stats);

/* The parts, for search/ and the CLI.  Owned by the index. */
tcx_db *tc_index_xapian(tc_index *ix);
sqlite3 *tc_index_sqlite(tc_index *ix);
tc_text *tc_index_text(tc_index *ix);
const tc_gazetteer *tc_index_gazetteer(tc_index *ix);
struct tc_citer *tc_index_citer(tc_index *ix);
struct tc_agencies *tc_index_agencies(tc_index *ix);
const struct tc_doctypes *tc_index_doctypes(tc_index *ix);

#endif
