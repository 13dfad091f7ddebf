/* db.c: an index opened for questions (see db.h and include/tracuu.h). */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/registry.h"
#include "xdata.h"

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

static tc_rc count_rows(tc_db *db, const char *sql, uint64_t *out)
{
    sqlite3_stmt *st = NULL;
    tc_rc rc = tc_db_prepare(db, sql, &st);
    *out = 0;
    if (!rc && sqlite3_step(st) == SQLITE_ROW)
        *out = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

/* What tc_db_stats_get and tc_db_info_get read from SQLite, from every
 * document's record instead (store/schema.h "Document data"). */
typedef struct xtotals {
    uint64_t citations, figures, warnings; /* rows */
    tc_strmap *formats;                    /* format -> uint32_t documents */
    char last[32];                         /* latest indexed_at */
    tc_db_warning *w;                      /* the first max warnings, docid order */
    size_t nw, cap, max;                   /* count, capacity, limit */
} xtotals;

static tc_rc totals_xapian(tc_db *db, xtotals *x)
{
    const tc_entity_type *ct = tc_entity_type_find("citations"),
                         *ft = tc_entity_type_find("figures");
    uint32_t *ids = NULL;
    size_t nids = 0;
    tc_rc rc = ct && ft ? tc_xdocs_all(db, &ids, &nids) : TC_EINVAL;
    tc_xdoc d;
    tc_xdoc_init(&d);
    for (size_t i = 0; i < nids && !rc; i++) {
        tc_cells c = {0}, f = {0}, w = {0};
        if (!(rc = tc_xdoc_load(db, ids[i], &d)))
            rc = tc_xdoc_rows(db, &d, ct, &c);
        if (!rc)
            rc = tc_xdoc_rows(db, &d, ft, &f);
        if (!rc)
            rc = tc_xdoc_warnings(db, &d, &w);
        x->citations += c.nrows;
        x->figures += f.nrows;
        x->warnings += w.nrows;
        const char *at = tc_xdoc_get(&d, "indexed_at");
        if (strcmp(at, x->last) > 0)
            snprintf(x->last, sizeof x->last, "%s", at);
        const char *fmt = tc_xdoc_get(&d, "format");
        void *v = NULL;
        if (!rc && x->formats && !tc_strmap_get(x->formats, fmt, strlen(fmt), &v)) {
            if (!(v = calloc(1, sizeof(uint32_t))))
                rc = TC_ENOMEM;
            else if ((rc = tc_strmap_put(x->formats, fmt, strlen(fmt), v)))
                free(v);
        }
        if (!rc && v)
            ++*(uint32_t *)v;
        for (size_t r = 0; r < w.nrows && x->nw < x->max && !rc; r++) {
            if (x->nw == x->cap) {
                size_t cap = x->cap ? x->cap * 2 : 16;
                tc_db_warning *nv = realloc(x->w, cap * sizeof *nv);
                if (!nv) {
                    rc = TC_ENOMEM;
                    break;
                }
                x->w = nv;
                x->cap = cap;
            }
            tc_db_warning *o = &x->w[x->nw];
            o->path = strdup(tc_xdoc_get(&d, "path"));
            o->offset = w.cell[2 * r] ? strtoll(w.cell[2 * r], NULL, 10) : -1;
            o->message = strdup(w.cell[2 * r + 1] ? w.cell[2 * r + 1] : "");
            x->nw++;
            if (!o->path || !o->message)
                rc = TC_ENOMEM;
        }
        tc_cells_free(&c);
        tc_cells_free(&f);
        tc_cells_free(&w);
    }
    free(ids);
    tc_xdoc_free(&d);
    return rc;
}

tc_rc tc_db_stats_get(tc_db *db, tc_db_stats *out)
{
    memset(out, 0, sizeof *out);
    out->documents = tc_store_doccount(db->store);
    out->schema = TC_SCHEMA_VERSION;
    if (!tc_db_sqlite(db)) {
        xtotals x = {0};
        tc_rc rc = totals_xapian(db, &x);
        out->citations = x.citations;
        out->figures = x.figures;
        out->warnings = x.warnings;
        return rc;
    }
    tc_rc rc = count_rows(db, "SELECT count(*) FROM citations", &out->citations);
    if (!rc)
        rc = count_rows(db, "SELECT count(*) FROM figures", &out->figures);
    if (!rc)
        rc = count_rows(db, "SELECT count(*) FROM warnings", &out->warnings);
    return rc;
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

static int cmp_format(const void *a, const void *b)
{
    return strcmp(((const tc_db_format_docs *)a)->format, ((const tc_db_format_docs *)b)->format);
}

void tc_db_info_free(tc_db_info *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->nformats; i++)
        free(info->formats[i].format);
    for (size_t i = 0; i < info->nwarnings; i++) {
        free(info->warnings[i].path);
        free(info->warnings[i].message);
    }
    free(info->formats);
    free(info->warnings);
    free(info->last_update);
    free(info);
}

tc_rc tc_db_info_get(tc_db *db, size_t max_warnings, tc_db_info **out)
{
    *out = NULL;
    tc_db_info *info = calloc(1, sizeof *info);
    if (!info)
        return TC_ENOMEM;
    if (!tc_db_sqlite(db)) {
        xtotals x = {0};
        x.max = max_warnings;
        tc_rc rc = tc_strmap_new(free, &x.formats);
        if (!rc)
            rc = totals_xapian(db, &x);
        info->warnings = x.w;
        info->nwarnings = x.nw;
        info->last_update = strdup(x.last);
        if (!rc && !info->last_update)
            rc = TC_ENOMEM;
        size_t it = 0, nf = x.formats ? tc_strmap_count(x.formats) : 0;
        const char *k;
        void *v;
        if (!rc && nf && !(info->formats = calloc(nf, sizeof *info->formats)))
            rc = TC_ENOMEM;
        while (!rc && tc_strmap_next(x.formats, &it, &k, NULL, &v)) {
            tc_db_format_docs *f = &info->formats[info->nformats++];
            f->docs = *(uint32_t *)v;
            if (!(f->format = strdup(k)))
                rc = TC_ENOMEM;
        }
        tc_strmap_free(x.formats);
        if (!rc && info->nformats)
            qsort(info->formats, info->nformats, sizeof *info->formats, cmp_format);
        if (rc) {
            tc_db_info_free(info);
            return rc;
        }
        *out = info;
        return TC_OK;
    }
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    tc_rc rc = tc_db_prepare(
        db, "SELECT coalesce(format,''), count(*) FROM documents GROUP BY 1 ORDER BY 1", &st);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        if (info->nformats == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            tc_db_format_docs *f = realloc(info->formats, ncap * sizeof *f);
            if (!f) {
                rc = TC_ENOMEM;
                break;
            }
            info->formats = f;
            cap = ncap;
        }
        tc_db_format_docs *f = &info->formats[info->nformats];
        if (!(f->format = tc_db_col_dup(st, 0))) {
            rc = TC_ENOMEM;
            break;
        }
        f->docs = (uint32_t)sqlite3_column_int64(st, 1);
        info->nformats++;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!rc && !(rc = tc_db_prepare(db, "SELECT coalesce(max(indexed_at),'') FROM documents", &st)))
        info->last_update = sqlite3_step(st) == SQLITE_ROW ? tc_db_col_dup(st, 0) : strdup("");
    if (!rc && !info->last_update)
        rc = TC_ENOMEM;
    sqlite3_finalize(st);
    st = NULL;
    cap = 0;
    if (!rc)
        rc = tc_db_prepare(db,
                           "SELECT path, coalesce(offset,-1), message FROM warnings "
                           "ORDER BY rowid LIMIT ?",
                           &st);
    if (!rc)
        sqlite3_bind_int64(st, 1,
                           (sqlite3_int64)(max_warnings > INT64_MAX ? INT64_MAX : max_warnings));
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        if (info->nwarnings == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            tc_db_warning *w = realloc(info->warnings, ncap * sizeof *w);
            if (!w) {
                rc = TC_ENOMEM;
                break;
            }
            info->warnings = w;
            cap = ncap;
        }
        tc_db_warning *w = &info->warnings[info->nwarnings];
        w->path = tc_db_col_dup(st, 0);
        w->offset = sqlite3_column_int64(st, 1);
        w->message = tc_db_col_dup(st, 2);
        info->nwarnings++;
        if (!w->path || !w->message)
            rc = TC_ENOMEM;
    }
    sqlite3_finalize(st);
    if (rc) {
        tc_db_info_free(info);
        return rc;
    }
    *out = info;
    return TC_OK;
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
