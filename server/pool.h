/*
 * pool.h: the open index handles of the web server.
 *
 * A tc_db is used by one thread at a time, and opening one costs ICU set-up
 * and file opens, so the server keeps the handles it opened on a
 * mutex-protected free list: at most one per worker thread is ever open.
 *
 * Freshness: a Xapian reader sees the index as it was when opened.  Each
 * acquire compares the generation the handle reads with the last one
 * completed on disk (tc_db_generation); when `tracuu index` has committed
 * since, a fresh handle is opened and used instead -- unless the fresh one
 * caught the run between its Xapian and its SQLite commit
 * (tc_db_interrupted), in which case the old, consistent one is kept until
 * the next commit.  Requests thus see the new documents without a restart
 * and never a half-written index.
 */
#ifndef TC_SERVE_POOL_H
#define TC_SERVE_POOL_H

#include "../include/tracuu.h"

typedef struct tc_pool tc_pool;

/* A handle lent to one request. */
typedef struct tc_pool_db {
    tc_db *db;      /* the handle */
    uint64_t gen;   /* the generation it reads */
    uint64_t tried; /* the on-disk generation a reopen last failed to reach */
    int broken;     /* set by the borrower after an error of the store: reopen */
    struct tc_pool_db *next;
} tc_pool_db;

/* Opens one handle to check that dir holds a readable index; on failure
 * errbuf says why and the tc_rc tells which (TC_ENOINDEX, TC_ESCHEMA...). */
tc_rc tc_pool_open(const char *dir, tc_pool **out, char *errbuf, size_t errlen);
void tc_pool_close(tc_pool *p);

/* A handle for this thread, fresh as described above.  On failure *out is
 * NULL and errbuf says why. */
tc_rc tc_pool_acquire(tc_pool *p, tc_pool_db **out, char *errbuf, size_t errlen);
/* Gives a handle back (closing it when marked broken). */
void tc_pool_release(tc_pool *p, tc_pool_db *h);

/* Handles opened so far and reopens done because the index changed. */
void tc_pool_counts(tc_pool *p, unsigned *opened, unsigned *reopened);

#endif
