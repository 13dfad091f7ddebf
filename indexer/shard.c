/* shard.c: the second writer of a parallel build (see shard.h). */
#include "shard.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/schema.h"

/* Documents waiting for the writer: enough to ride out one large file,
 * few enough that their analyses do not add up. */
#define SHARD_QUEUE 32
/* The writer commits as often as the index's own writer (index.c). */
#define SHARD_BATCH_DOCS 1000
#define SHARD_BATCH_BYTES ((uint64_t)24 << 20)

typedef struct shard_item {
    tc_analysis *a; /* owned, sealed */
    uint32_t docid; /* its id */
    size_t bytes;   /* its file's size */
} shard_item;

struct tc_shard {
    tcx_db *x;                 /* the shard's Xapian database (the writer's) */
    sqlite3 *sql;              /* its side tables (the caller's) */
    pthread_t thread;          /* the writer */
    int started;               /* the writer runs */
    pthread_mutex_t mu;        /* guards what follows */
    pthread_cond_t cv;         /* any change */
    shard_item q[SHARD_QUEUE]; /* ring of queued documents */
    size_t head, count;        /* first item, items queued */
    int done;                  /* no more items: commit and stop */
    tc_rc rc;                  /* the writer's first error */
    char errmsg[512];          /* its detail */
    unsigned batch_docs;       /* since the writer's last commit */
    uint64_t batch_bytes;      /* likewise */
};

static void item_free(shard_item *it)
{
    tc_analysis_free(it->a);
    memset(it, 0, sizeof *it);
}

static tc_rc writer_fail(tc_shard *s, tc_rc rc)
{
    pthread_mutex_lock(&s->mu);
    if (!s->rc) {
        s->rc = rc;
        snprintf(s->errmsg, sizeof s->errmsg, "parallel build: Xapian: %s", tcx_db_errmsg(s->x));
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static void *writer_main(void *arg)
{
    tc_shard *s = arg;
    tc_rc rc = TC_OK;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (s->count == 0 && !s->done)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->count == 0) {
            pthread_mutex_unlock(&s->mu);
            break;
        }
        shard_item it = s->q[s->head];
        pthread_mutex_unlock(&s->mu);
        /* Written outside the lock: the caller queues the next meanwhile.
         * After an error the queue is still drained, so that the caller
         * never waits for room. */
        if (!rc) {
            rc = tc_analysis_put_sealed(it.a, s->x, it.docid);
            s->batch_docs++;
            s->batch_bytes += it.bytes;
            if (!rc && (s->batch_docs >= SHARD_BATCH_DOCS || s->batch_bytes >= SHARD_BATCH_BYTES)) {
                rc = tcx_db_commit(s->x);
                s->batch_docs = 0;
                s->batch_bytes = 0;
            }
            if (rc)
                writer_fail(s, rc);
        }
        item_free(&it);
        pthread_mutex_lock(&s->mu);
        s->head = (s->head + 1) % SHARD_QUEUE;
        s->count--;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
    }
    if (!rc && (rc = tcx_db_commit(s->x)))
        writer_fail(s, rc);
    return NULL;
}

tc_rc tc_shard_open(tc_store *st, tc_shard **out)
{
    *out = NULL;
    tc_shard *s = calloc(1, sizeof *s);
    if (!s)
        return tc_store_fail(st, TC_ENOMEM, "%s", "out of memory");
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    tc_store_remove_shard(st);
    char path[PATH_MAX], err[400] = "";
    snprintf(path, sizeof path, "%s/%s", tc_store_dir(st), TC_SHARD_XAPIAN_DIR);
    tc_rc rc = tcx_db_open(path, TCX_WRITE, &s->x, err, sizeof err);
    if (rc)
        tc_store_fail(st, rc, "parallel build: cannot create its database: %s", err);
    snprintf(path, sizeof path, "%s/%s", tc_store_dir(st), TC_SHARD_SQLITE_FILE);
    /* Its side tables are copied into meta.sqlite at the merge and thrown
     * away after: no journal, no sync (a crash makes them leftovers). */
    if (!rc && sqlite3_open_v2(path, &s->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
                   SQLITE_OK) {
        rc = TC_ESQLITE;
        tc_store_fail(st, rc, "parallel build: cannot create its side tables: %s",
                      s->sql ? sqlite3_errmsg(s->sql) : "out of memory");
    }
    if (!rc && sqlite3_exec(s->sql, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL,
                            NULL) != SQLITE_OK) {
        rc = TC_ESQLITE;
        tc_store_fail(st, rc, "parallel build: %s", sqlite3_errmsg(s->sql));
    }
    if (!rc && (rc = tc_schema_create(s->sql, err, sizeof err)))
        tc_store_fail(st, rc, "parallel build: %s", err);
    if (!rc && sqlite3_exec(s->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc = TC_ESQLITE;
        tc_store_fail(st, rc, "parallel build: %s", sqlite3_errmsg(s->sql));
    }
    if (!rc && pthread_create(&s->thread, NULL, writer_main, s) != 0)
        rc = tc_store_fail(st, TC_ENOMEM, "parallel build: cannot start a thread%s", "");
    else if (!rc)
        s->started = 1;
    if (rc) {
        tc_shard_close(s);
        tc_store_remove_shard(st);
        return rc;
    }
    *out = s;
    return TC_OK;
}

sqlite3 *tc_shard_sqlite(tc_shard *s)
{
    return s->sql;
}

const char *tc_shard_errmsg(const tc_shard *s)
{
    return s->errmsg;
}

tc_rc tc_shard_put(tc_shard *s, tc_analysis *a, uint32_t docid, const char *unique_term,
                   size_t ulen, size_t bytes)
{
    shard_item it = {a, docid, bytes};
    /* Everything the document takes from the caller's buffers, now. */
    tc_rc seal = tc_analysis_seal(a, unique_term, ulen);
    if (seal) {
        pthread_mutex_lock(&s->mu);
        if (!s->rc)
            snprintf(s->errmsg, sizeof s->errmsg, "parallel build: %s", tc_strerror(seal));
        pthread_mutex_unlock(&s->mu);
        item_free(&it);
        return seal;
    }
    pthread_mutex_lock(&s->mu);
    while (s->count == SHARD_QUEUE && !s->rc)
        pthread_cond_wait(&s->cv, &s->mu);
    tc_rc rc = s->rc;
    if (!rc) {
        s->q[(s->head + s->count) % SHARD_QUEUE] = it;
        s->count++;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    if (rc)
        item_free(&it);
    return rc;
}

/* Stops the writer after the queue is written (or drained). */
static void stop_writer(tc_shard *s)
{
    if (!s->started)
        return;
    pthread_mutex_lock(&s->mu);
    s->done = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    s->started = 0;
}

tc_rc tc_shard_finish(tc_shard *s)
{
    stop_writer(s);
    tc_rc rc = s->rc;
    if (!rc && sqlite3_exec(s->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = s->rc = TC_ESQLITE;
        snprintf(s->errmsg, sizeof s->errmsg, "parallel build: SQLite: %s", sqlite3_errmsg(s->sql));
    }
    sqlite3_close(s->sql);
    s->sql = NULL;
    tcx_db_close(s->x);
    s->x = NULL;
    return rc;
}

void tc_shard_close(tc_shard *s)
{
    if (!s)
        return;
    stop_writer(s);
    for (size_t i = 0; i < s->count; i++)
        item_free(&s->q[(s->head + i) % SHARD_QUEUE]);
    if (s->sql)
        sqlite3_close(s->sql);
    tcx_db_close(s->x);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
