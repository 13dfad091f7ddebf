/* check.c: `tracuu check`: is an index sound, and what can rebuild it
 * (tc_check in include/tracuu.h).
 *
 * Each store is checked by its own tool (Xapian::Database::check, SQLite's
 * PRAGMA integrity_check), then against the other: schema versions,
 * generations, document counts and the ids on both sides.  Nothing here
 * writes, except tc_check_set_aside(), which moves a damaged index away
 * under the writer lock so that `tracuu index` can build it again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/fields.h"
#include "../include/tracuu.h"
#include "store.h"

typedef struct ids {
    uint32_t *v;
    size_t n, cap;
} ids;

static int add_id(void *ctx, uint32_t id)
{
    ids *s = ctx;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 1024;
        uint32_t *v = realloc(s->v, ncap * sizeof *v);
        if (!v)
            return 1;
        s->v = v;
        s->cap = ncap;
    }
    s->v[s->n++] = id;
    return 0;
}

static tc_rc problem(tc_check_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static tc_rc problem(tc_check_report *r, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char **p = realloc(r->problems, (r->nproblems + 1) * sizeof *p);
    if (!p)
        return TC_ENOMEM;
    r->problems = p;
    if (!(p[r->nproblems] = strdup(msg)))
        return TC_ENOMEM;
    r->nproblems++;
    r->sound = 0;
    return TC_OK;
}

static tc_rc add_path(tc_check_report *r, const char *path, size_t *cap)
{
    if (!*path)
        return TC_OK;
    if (r->npaths == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        char **p = realloc(r->paths, ncap * sizeof *p);
        if (!p)
            return TC_ENOMEM;
        r->paths = p;
        *cap = ncap;
    }
    if (!(r->paths[r->npaths] = strdup(path)))
        return TC_ENOMEM;
    r->npaths++;
    return TC_OK;
}

void tc_check_report_free(tc_check_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nproblems; i++)
        free(r->problems[i]);
    for (size_t i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->problems);
    free(r->paths);
    free(r);
}

/* The first line of Xapian's report that names an error. */
static void first_line(const char *s, char *out, size_t n)
{
    const char *e = strchr(s, '\n');
    size_t k = e ? (size_t)(e - s) : strlen(s);
    snprintf(out, n, "%.*s", (int)k, s);
}

static long long sql_int(sqlite3 *db, const char *sql, long long dflt)
{
    sqlite3_stmt *q = NULL;
    long long v = dflt;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
        sqlite3_column_type(q, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static long long xap_int(tcx_db *x, const char *key)
{
    tc_buf b;
    tc_buf_init(&b, 256);
    long long v = tcx_db_get_meta(x, key, &b) == TC_OK && b.len ? atoll(b.data) : -1;
    tc_buf_free(&b);
    return v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The Xapian side: its own check, then what the agreement needs. */
static tc_rc check_xapian(const char *xpath, tc_check_report *r, tcx_db **xdb)
{
    *xdb = NULL;
    tc_buf rep;
    tc_buf_init(&rep, 1 << 20);
    size_t errors = 0;
    tc_rc rc = tcx_check(xpath, &errors, &rep);
    if (!rc && errors) {
        char line[300] = "";
        const char *s = tc_buf_cstr(&rep), *hit = strstr(s, "rror");
        /* Xapian's report lists tables as it goes; the line to show is
         * the one with the error in it. */
        while (hit && hit > s && hit[-1] != '\n')
            hit--;
        first_line(hit ? hit : s, line, sizeof line);
        rc = problem(r, "the Xapian database is damaged (%zu error%s; %s)", errors,
                     errors == 1 ? "" : "s", line);
    }
    tc_buf_free(&rep);
    if (rc)
        return rc;
    char err[400] = "";
    if (tcx_db_open(xpath, TCX_READ, xdb, err, sizeof err) != TC_OK) {
        *xdb = NULL;
        if (!errors)
            return problem(r, "the Xapian database cannot be opened (%s)", err);
        return TC_OK;
    }
    const char *gone =
        tcx_db_doccount(*xdb) ? tc_store_missing_table(xpath, tcx_db_total_length(*xdb) > 0) : NULL;
    if (gone && !errors)
        return problem(r, "the Xapian database is damaged (xapian/%s is missing)", gone);
    return TC_OK;
}

/* Files recorded by the Xapian documents that meta.sqlite does not know
 * (all of them when it cannot be read). */
static tc_rc paths_from_xapian(tcx_db *x, const ids *xi, const uint32_t *known, size_t nknown,
                               tc_check_report *r, size_t *cap)
{
    tc_buf d;
    tc_buf_init(&d, 0);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < xi->n && !rc; i++) {
        if (known && bsearch(&xi->v[i], known, nknown, sizeof *known, cmp_u32))
            continue;
        tc_buf_reset(&d);
        if (tcx_db_doc_data(x, xi->v[i], &d) != TC_OK)
            continue;
        tc_fields f;
        if (tc_fields_parse(d.data ? d.data : "", d.len, &f) == TC_OK) {
            rc = add_path(r, tc_fields_get(&f, "path"), cap);
            tc_fields_free(&f);
        }
    }
    tc_buf_free(&d);
    return rc;
}

tc_rc tc_check(const char *dir, tc_check_report **out)
{
    *out = NULL;
    char xpath[PATH_MAX], spath[PATH_MAX];
    snprintf(xpath, sizeof xpath, "%s/%s", dir, TC_XAPIAN_DIR);
    snprintf(spath, sizeof spath, "%s/%s", dir, TC_SQLITE_FILE);
    struct stat sb;
    int has_x = stat(xpath, &sb) == 0, has_s = stat(spath, &sb) == 0;
    if (!has_x && !has_s)
        return TC_ENOINDEX;
    tc_check_report *r = calloc(1, sizeof *r);
    if (!r)
        return TC_ENOMEM;
    r->sound = 1;
    r->xapian_docs = r->sqlite_docs = r->gen_xapian = r->gen_sqlite = -1;
    tc_rc rc = TC_OK;
    tcx_db *x = NULL;
    sqlite3 *s = NULL;
    ids xi = {0}, si = {0};
    size_t pcap = 0;

    if (!has_x)
        rc = problem(r, "the folder xapian/ is missing");
    else
        rc = check_xapian(xpath, r, &x);

    int sql_ok = 0;
    if (!rc && !has_s)
        rc = problem(r, "meta.sqlite is missing");
    else if (!rc && sqlite3_open_v2(spath, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        rc = problem(r, "meta.sqlite cannot be opened (%s)", s ? sqlite3_errmsg(s) : "no memory");
    else if (!rc) {
        sqlite3_busy_timeout(s, 5000);
        sqlite3_stmt *q = NULL;
        int e = sqlite3_prepare_v2(s, "PRAGMA integrity_check(5)", -1, &q, NULL);
        char first[300] = "";
        int bad = 0;
        while ((e == SQLITE_OK || e == SQLITE_ROW) && (e = sqlite3_step(q)) == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(q, 0);
            if (v && strcmp(v, "ok") != 0 && !bad++)
                snprintf(first, sizeof first, "%s", v);
        }
        if (e != SQLITE_DONE && !bad++)
            snprintf(first, sizeof first, "%s", sqlite3_errmsg(s));
        sqlite3_finalize(q);
        if (bad)
            rc = problem(r, "meta.sqlite is damaged (%s)", first);
        else if (sql_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('meta','documents')",
                         0) != 2)
            rc = problem(r, "meta.sqlite has no tracuu tables (an empty or foreign file)");
        else
            sql_ok = 1;
    }

    /* Agreement, when both sides can be read. */
    if (!rc && x && sql_ok) {
        long long xv = xap_int(x, "tc.schema"),
                  sv = sql_int(s, "SELECT value FROM meta WHERE key='schema_version'", -1);
        r->gen_xapian = xap_int(x, "tc.gen");
        r->gen_sqlite = sql_int(s, "SELECT value FROM meta WHERE key='gen'", -1);
        r->xapian_docs = tcx_db_doccount(x);
        r->sqlite_docs = sql_int(s, "SELECT count(*) FROM documents", -1);
        if (xv != TC_SCHEMA_VERSION || sv != TC_SCHEMA_VERSION)
            rc = problem(r,
                         "schema versions %lld (Xapian) and %lld (meta.sqlite); this tracuu "
                         "writes %d",
                         xv, sv, TC_SCHEMA_VERSION);
        if (!rc && r->gen_xapian == r->gen_sqlite + 1)
            rc = problem(r,
                         "the last indexing run was interrupted between its two commits "
                         "(Xapian at %lld, meta.sqlite at %lld)",
                         r->gen_xapian, r->gen_sqlite);
        else if (!rc && r->gen_xapian != r->gen_sqlite)
            rc = problem(r,
                         "the two stores come from different runs (Xapian at commit %lld, "
                         "meta.sqlite at %lld)",
                         r->gen_xapian, r->gen_sqlite);
        if (!rc && r->xapian_docs != r->sqlite_docs)
            rc = problem(r, "Xapian holds %lld documents and meta.sqlite %lld", r->xapian_docs,
                         r->sqlite_docs);
        /* The count readers trust instead of counting (schema.h, meta.docs). */
        long long recorded = sql_int(s, "SELECT value FROM meta WHERE key='docs'", -1);
        if (!rc && recorded >= 0 && recorded != r->sqlite_docs)
            rc = problem(r, "meta.sqlite records %lld documents and holds %lld", recorded,
                         r->sqlite_docs);
    }
    /* Ids on both sides (and the files to index again). */
    if (!rc && x && (rc = tcx_db_docids(x, add_id, &xi)) != TC_OK)
        rc = problem(r, "the Xapian document list cannot be read (%s)", tcx_db_errmsg(x));
    if (!rc && sql_ok) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(s, "SELECT id, path FROM documents ORDER BY id", -1, &q, NULL) ==
            SQLITE_OK)
            while (!rc && sqlite3_step(q) == SQLITE_ROW) {
                if (add_id(&si, (uint32_t)sqlite3_column_int64(q, 0)))
                    rc = TC_ENOMEM;
                else
                    rc = add_path(r, (const char *)sqlite3_column_text(q, 1), &pcap);
            }
        sqlite3_finalize(q);
    }
    if (!rc && x && sql_ok) {
        size_t only_x = 0, only_s = 0;
        uint32_t ex_x = 0, ex_s = 0;
        for (size_t i = 0; i < xi.n; i++)
            if (!bsearch(&xi.v[i], si.v, si.n, sizeof *si.v, cmp_u32) && !only_x++)
                ex_x = xi.v[i];
        for (size_t i = 0; i < si.n; i++)
            if (!bsearch(&si.v[i], xi.v, xi.n, sizeof *xi.v, cmp_u32) && !only_s++)
                ex_s = si.v[i];
        if (only_x)
            rc = problem(r, "%zu document%s in Xapian unknown to meta.sqlite (id %u ...)", only_x,
                         only_x == 1 ? "" : "s", ex_x);
        if (!rc && only_s)
            rc = problem(r, "%zu document%s in meta.sqlite missing from Xapian (id %u ...)", only_s,
                         only_s == 1 ? "" : "s", ex_s);
    }
    if (!rc && x)
        rc = paths_from_xapian(x, &xi, sql_ok ? si.v : NULL, si.n, r, &pcap);
    free(xi.v);
    free(si.v);
    if (s)
        sqlite3_close(s);
    tcx_db_close(x);
    if (rc) {
        tc_check_report_free(r);
        return rc;
    }
    *out = r;
    return TC_OK;
}

tc_rc tc_check_set_aside(const char *dir, char *aside, size_t n)
{
    char path[PATH_MAX], to[PATH_MAX];
    snprintf(path, sizeof path, "%s/tracuu.lock", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return TC_EIO;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return errno == EWOULDBLOCK ? TC_ELOCKED : TC_EIO;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime_r(&now, &tm));
    snprintf(aside, n, "%s/damaged-%s", dir, stamp);
    tc_rc rc = mkdir(aside, 0777) == 0 ? TC_OK : TC_EIO;
    /* The whole database folder, the side tables with their WAL, and a
     * compaction's or a parallel build's leftovers: the next run starts
     * from nothing. */
    static const char *const parts[] = {
        TC_XAPIAN_DIR,         TC_XAPIAN_DIR ".compact", TC_SQLITE_FILE,      TC_SQLITE_FILE "-wal",
        TC_SQLITE_FILE "-shm", TC_SHARD_XAPIAN_DIR,      TC_SHARD_SQLITE_FILE};
    for (size_t i = 0; !rc && i < sizeof parts / sizeof *parts; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, parts[i]);
        snprintf(to, sizeof to, "%s/%s", aside, parts[i]);
        if (rename(path, to) != 0 && errno != ENOENT)
            rc = TC_EIO;
    }
    close(fd);
    return rc;
}
