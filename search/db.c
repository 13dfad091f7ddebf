/* db.c: an index opened for questions (see db.h and include/tracuu.h). */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/registry.h"

struct tc_db {
    tc_store *store;       /* the two stores, read-only */
    tc_text *text;         /* ICU state for query analysis and snippets */
    tc_gazetteer *gaz;     /* provinces and districts (loaded on first use) */
    tc_citer *citer;       /* citation keys (loaded on first use) */
    tc_agencies *agencies; /* agency keys (loaded on first use) */
    void **entity_states;  /* per entity type: its extractor state (on first use) */
    tc_doctypes *doctypes; /* document types (loaded on first use) */
    char errmsg[512];      /* detail of the last error */
    int partial_ok;        /* a cluster answers without the shards that do not */
};

int tc_schema_version(void)
{
    return TC_SCHEMA_VERSION;
}

tc_rc tc_db_open(const char *dir, tc_db **out, char *errbuf, size_t errlen)
{
    return tc_db_open_flags(dir, 0, out, errbuf, errlen);
}

tc_rc tc_db_open_flags(const char *dir, unsigned flags, tc_db **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    tc_db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    db->partial_ok = (flags & TC_OPEN_ALLOW_PARTIAL) != 0;
    int mode = (flags & TC_OPEN_XAPIAN_ONLY) ? TC_STORE_READ_XAPIAN : TC_STORE_READ;
    tc_rc rc = tc_store_cluster_file(dir)
                   ? tc_store_open_cluster(dir, db->partial_ok, &db->store, errbuf, errlen)
                   : tc_store_open(dir, mode, &db->store, errbuf, errlen);
    if (!rc && (rc = tc_store_snapshot(db->store)))
        snprintf(errbuf, errlen, "%s", tc_store_errmsg(db->store));
    if (!rc && (rc = tc_text_open(&db->text)))
        snprintf(errbuf, errlen, "cannot start ICU: %s", tc_strerror(rc));
    if (rc) {
        tc_db_close(db);
        return rc;
    }
    *out = db;
    return TC_OK;
}

void tc_db_close(tc_db *db)
{
    if (!db)
        return;
    tc_citer_close(db->citer);
    tc_agencies_close(db->agencies);
    for (size_t i = 0; db->entity_states && tc_entity_types[i]; i++)
        if (db->entity_states[i])
            tc_entity_types[i]->close(db->entity_states[i]);
    free(db->entity_states);
    tc_doctypes_close(db->doctypes);
    tc_gazetteer_close(db->gaz);
    tc_text_close(db->text);
    tc_store_close(db->store);
    free(db);
}

const char *tc_db_errmsg(const tc_db *db)
{
    return db ? db->errmsg : "";
}

int tc_db_interrupted(const tc_db *db)
{
    return tc_store_interrupted(db->store);
}

tc_store *tc_db_store(tc_db *db)
{
    return db->store;
}
tcx_db *tc_db_xapian(tc_db *db)
{
    return tc_store_xapian(db->store);
}
sqlite3 *tc_db_sqlite(tc_db *db)
{
    return tc_store_sqlite(db->store);
}
tc_text *tc_db_text(tc_db *db)
{
    return db->text;
}

const tc_gazetteer *tc_db_gazetteer(tc_db *db)
{
    if (!db->gaz && tc_gazetteer_open(db->text, &db->gaz))
        db->gaz = NULL;
    return db->gaz;
}

tc_citer *tc_db_citer(tc_db *db)
{
    if (!db->citer && tc_citer_open(db->text, &db->citer))
        db->citer = NULL;
    return db->citer;
}

tc_agencies *tc_db_agencies(tc_db *db)
{
    if (!db->agencies && tc_db_gazetteer(db) && tc_agencies_open(db->text, db->gaz, &db->agencies))
        db->agencies = NULL;
    return db->agencies;
}

const tc_doctypes *tc_db_doctypes(tc_db *db)
{
    if (!db->doctypes && tc_doctypes_open(db->text, &db->doctypes))
        db->doctypes = NULL;
    return db->doctypes;
}

void *tc_db_entity_state(tc_db *db, const tc_entity_type *type)
{
    size_t n = tc_entity_type_count(), i;
    for (i = 0; i < n && tc_entity_types[i] != type; i++)
        ;
    if (i == n)
        return NULL;
    if (!db->entity_states && !(db->entity_states = calloc(n, sizeof *db->entity_states)))
        return NULL;
    if (!db->entity_states[i] &&
        type->open(db->text, tc_db_gazetteer(db), &db->entity_states[i]) != TC_OK)
        db->entity_states[i] = NULL;
    return db->entity_states[i];
}

tc_rc tc_db_fail(tc_db *db, tc_rc rc, const char *fmt, const char *detail)
{
    snprintf(db->errmsg, sizeof db->errmsg, fmt, detail ? detail : "");
    return rc;
}

tc_rc tc_db_sql_fail(tc_db *db)
{
    if (!tc_db_sqlite(db))
        return tc_db_fail(db, TC_EINVAL, "%s", TC_STORE_NO_SQLITE);
    int e = sqlite3_errcode(tc_db_sqlite(db));
    return tc_db_fail(db, e == SQLITE_CORRUPT || e == SQLITE_NOTADB ? TC_EDAMAGED : TC_ESQLITE,
                      "SQLite: %s", sqlite3_errmsg(tc_db_sqlite(db)));
}

tc_rc tc_db_xapian_fail(tc_db *db, tc_rc rc)
{
    if (rc == TC_EXAPIAN && tcx_db_damaged(tc_db_xapian(db)))
        rc = TC_EDAMAGED;
    return tc_db_fail(db, rc, "Xapian: %s", tcx_db_errmsg(tc_db_xapian(db)));
}

tc_rc tc_db_refresh(tc_db *db)
{
    tc_rc rc = tc_store_snapshot(db->store);
    if (rc)
        tc_db_fail(db, rc, "%s", tc_store_errmsg(db->store));
    return rc;
}

int tc_db_retry(tc_db *db, tc_rc rc, int *attempt)
{
    /* A question runs on the snapshot its parse took; it meets
     * DatabaseModifiedError only when two runs committed while it ran, so a
     * few attempts are plenty, and more would hide a writer gone wild. */
    if (rc != TC_OK && db->partial_ok && tcx_cluster_lost(tc_db_xapian(db)) >= 0 &&
        ++*attempt <= 5) {
        /* A shard died mid-question: ask again without it. */
        tc_rc r = tc_store_cluster_reconnect(db->store);
        if (r)
            tc_db_fail(db, r, "%s", tc_store_errmsg(db->store));
        return r == TC_OK;
    }
    if (rc == TC_OK || !tcx_db_moved(tc_db_xapian(db)) || ++*attempt > 5)
        return 0;
    return tc_db_refresh(db) == TC_OK;
}

tc_rc tc_db_prepare(tc_db *db, const char *sql, sqlite3_stmt **out)
{
    if (!tc_db_sqlite(db)) {
        *out = NULL;
        return tc_db_fail(db, TC_EINVAL, "%s", TC_STORE_NO_SQLITE);
    }
    if (sqlite3_prepare_v2(tc_db_sqlite(db), sql, -1, out, NULL) != SQLITE_OK) {
        *out = NULL;
        return tc_db_sql_fail(db);
    }
    return TC_OK;
}

char *tc_db_col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return strdup(v ? v : "");
}

int tc_cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

tc_rc tc_db_generation(tc_db *db, uint64_t *mine, uint64_t *latest)
{
    *mine = *latest = 0;
    if (tc_store_is_cluster(db->store))
        return TC_OK; /* each question reopens the shards (tc_store_snapshot) */
    /* Leaves the snapshot: `latest` must be the last commit on disk. */
    tc_rc rrc = tc_store_release(db->store);
    if (rrc)
        return tc_db_fail(db, rrc, "%s", tc_store_errmsg(db->store));
    tc_buf b;
    tc_buf_init(&b, 256);
    tc_rc rc = tcx_db_get_meta(tc_db_xapian(db), "tc.gen", &b);
    if (rc) {
        tc_buf_free(&b);
        return tc_db_xapian_fail(db, rc);
    }
    *mine = strtoull(tc_buf_cstr(&b), NULL, 10);
    tc_buf_free(&b);
    if (!tc_db_sqlite(db)) {
        /* Xapian alone: the last commit is the reopened database's. */
        tcx_db *x = NULL;
        char err[200];
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", tc_store_dir(db->store), TC_XAPIAN_DIR);
        tc_buf_init(&b, 256);
        if ((rc = tcx_db_open(path, TCX_READ, &x, err, sizeof err)))
            return tc_db_fail(db, rc, "Xapian: %s", err);
        rc = tcx_db_get_meta(x, "tc.gen", &b);
        *latest = strtoull(tc_buf_cstr(&b), NULL, 10);
        tcx_db_close(x);
        tc_buf_free(&b);
        return rc ? tc_db_fail(db, rc, "Xapian: %s", "cannot read tc.gen") : TC_OK;
    }
    /* SQLite is read outside any transaction: this sees the last commit. */
    sqlite3_stmt *st = NULL;
    if ((rc = tc_db_prepare(db, "SELECT value FROM meta WHERE key='gen'", &st)))
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *latest = (uint64_t)sqlite3_column_int64(st, 0);
    else if (r != SQLITE_DONE)
        rc = tc_db_sql_fail(db);
    sqlite3_finalize(st);
    return rc;
}

int tc_db_is_cluster(const tc_db *db)
{
    return tc_store_is_cluster(db->store);
}

const char *tc_db_missing(tc_db *db, size_t i)
{
    tcx_db *x = tc_db_xapian(db);
    for (size_t k = 0, n = tcx_cluster_size(x); k < n; k++) {
        int up = 1;
        const char *name = tcx_cluster_shard(x, k, &up);
        if (!up && i-- == 0)
            return name;
    }
    return NULL;
}
