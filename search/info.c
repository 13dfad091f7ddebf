/* info.c: what an index holds (include/tracuu.h tc_db_stats_get,
 * tc_db_info_get): counted by SQLite when the index is local, else read
 * from every document's record (search/xdata.h).  Apart from db.c because
 * it stands on both db.c and xdata.c, and xdata.c on db.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/registry.h"
#include "db.h"
#include "xdata.h"

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
    out->documents = tc_store_doccount(tc_db_store(db));
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
