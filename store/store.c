/* store.c: open, lock, check and commit the two stores (see store.h). */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct tc_store {
    char *dir;            /* the index directory */
    int mode;             /* TC_STORE_READ or TC_STORE_WRITE */
    tcx_db *xdb;          /* Xapian database */
    sqlite3 *sql;         /* side tables */
    int lock_fd;          /* flock()ed DIR/tracuu.lock of a writer, or -1 */
    long long gen_xapian; /* generation committed in Xapian */
    long long gen_sqlite; /* generation committed in SQLite */
    char errmsg[512];     /* detail of the last error */
};

tc_rc tc_store_fail(tc_store *st, tc_rc rc, const char *fmt, const char *detail)
{
    snprintf(st->errmsg, sizeof st->errmsg, fmt, detail ? detail : "");
    return rc;
}

tc_rc tc_store_sql_fail(tc_store *st)
{
    return tc_store_fail(st, sqlite3_errcode(st->sql) == SQLITE_NOMEM ? TC_ENOMEM : TC_ESQLITE,
                         "SQLite: %s", sqlite3_errmsg(st->sql));
}

tc_rc tc_store_xapian_fail(tc_store *st, tc_rc rc)
{
    return tc_store_fail(st, rc, "Xapian: %s", st->xdb ? tcx_db_errmsg(st->xdb) : "closed");
}

tc_rc tc_store_exec(tc_store *st, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(st->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
        tc_store_fail(st, TC_ESQLITE, "SQLite: %s", err ? err : "error");
        sqlite3_free(err);
        return TC_ESQLITE;
    }
    return TC_OK;
}

/* *nomem is set to TC_ENOMEM when memory ran out, so that a failed read is
 * not taken for an absent value (an index "of another version"). */
static long long sql_meta_int(tc_store *st, const char *key, long long dflt, tc_rc *nomem)
{
    sqlite3_stmt *q = NULL;
    long long v = dflt;
    int r = sqlite3_prepare_v2(st->sql, "SELECT value FROM meta WHERE key=?", -1, &q, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        if ((r = sqlite3_step(q)) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
    }
    if (r == SQLITE_NOMEM)
        *nomem = TC_ENOMEM;
    sqlite3_finalize(q);
    return v;
}

static tc_rc sql_set_meta_int(tc_store *st, const char *key, long long v)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->sql, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &q,
                           NULL) != SQLITE_OK)
        return tc_store_sql_fail(st);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, v);
    int r = sqlite3_step(q);
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? TC_OK : tc_store_sql_fail(st);
}

static long long xapian_meta_int(tc_store *st, const char *key, long long dflt, tc_rc *nomem)
{
    tc_buf b;
    tc_buf_init(&b, 256);
    long long v = dflt;
    tc_rc rc = tcx_db_get_meta(st->xdb, key, &b);
    if (rc == TC_OK && b.len)
        v = atoll(b.data);
    if (rc == TC_ENOMEM)
        *nomem = rc;
    tc_buf_free(&b);
    return v;
}

static tc_rc xapian_set_meta_int(tc_store *st, const char *key, long long v)
{
    char s[32];
    int n = snprintf(s, sizeof s, "%lld", v);
    tc_rc rc = tcx_db_set_meta(st->xdb, key, s, (size_t)n);
    return rc ? tc_store_xapian_fail(st, rc) : TC_OK;
}

void tc_store_close(tc_store *st)
{
    if (!st)
        return;
    if (st->sql)
        sqlite3_close(st->sql);
    tcx_db_close(st->xdb);
    if (st->lock_fd >= 0)
        close(st->lock_fd); /* releases the flock */
    free(st->dir);
    free(st);
}

const char *tc_store_errmsg(const tc_store *st)
{
    return st ? st->errmsg : "";
}
const char *tc_store_dir(const tc_store *st)
{
    return st->dir;
}
int tc_store_writable(const tc_store *st)
{
    return st->mode == TC_STORE_WRITE;
}
int tc_store_interrupted(const tc_store *st)
{
    return st->gen_xapian != st->gen_sqlite;
}
tcx_db *tc_store_xapian(tc_store *st)
{
    return st->xdb;
}
sqlite3 *tc_store_sqlite(tc_store *st)
{
    return st->sql;
}
uint32_t tc_store_doccount(tc_store *st)
{
    return tcx_db_doccount(st->xdb);
}

tc_rc tc_store_doc_record(tc_store *st, uint32_t docid, tc_buf *out)
{
    tc_rc rc = tcx_db_doc_data(st->xdb, docid, out);
    if (rc == TC_ENOTFOUND)
        return tc_store_fail(st, rc, "no document %s in the index", "with that id");
    return rc ? tc_store_xapian_fail(st, rc) : TC_OK;
}

#define NO_INDEX "no index in '%s': build one with `tracuu index --index DIR PATH...`"

static tc_rc open_stores(tc_store *st)
{
    char path[PATH_MAX];
    char err[400] = "";
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_XAPIAN_DIR);
    if (st->mode == TC_STORE_READ) {
        struct stat sb;
        if (stat(path, &sb) != 0)
            return tc_store_fail(st, TC_ENOINDEX, NO_INDEX, st->dir);
    }
    tc_rc rc = tcx_db_open(path, st->mode == TC_STORE_WRITE ? TCX_WRITE : TCX_READ, &st->xdb, err,
                           sizeof err);
    if (rc == TC_ELOCKED)
        return tc_store_fail(
            st, rc, "the index '%s' is locked: another `tracuu index` is writing to it", st->dir);
    if (rc == TC_ENOINDEX)
        return tc_store_fail(st, rc, NO_INDEX, st->dir);
    if (rc)
        return tc_store_fail(st, rc, "cannot open the Xapian database: %s", err);

    snprintf(path, sizeof path, "%s/%s", st->dir, TC_SQLITE_FILE);
    int flags = st->mode == TC_STORE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                           : SQLITE_OPEN_READONLY;
    int r = sqlite3_open_v2(path, &st->sql, flags, NULL);
    if (r == SQLITE_NOMEM)
        return tc_store_fail(st, TC_ENOMEM, "out of memory opening %s", TC_SQLITE_FILE);
    if (r != SQLITE_OK) {
        if (st->mode == TC_STORE_READ)
            return tc_store_fail(
                st, TC_ENOINDEX,
                "the index '%s' has no meta.sqlite: rebuild it with `tracuu index`", st->dir);
        return tc_store_sql_fail(st);
    }
    sqlite3_busy_timeout(st->sql, 5000);
    if (st->mode == TC_STORE_WRITE) {
        if ((rc = tc_store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")) ||
            (rc = tc_schema_create(st->sql, st->errmsg, sizeof st->errmsg)))
            return rc;
    }
    /* Schema versions: a new index takes ours; an old one must match. */
    tc_rc nomem = TC_OK;
    long long xv = xapian_meta_int(st, "tc.schema", 0, &nomem);
    long long sv = sql_meta_int(st, "schema_version", 0, &nomem);
    if (nomem)
        return tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir);
    if (st->mode == TC_STORE_WRITE && xv == 0 && tcx_db_doccount(st->xdb) == 0) {
        if ((rc = xapian_set_meta_int(st, "tc.schema", TC_SCHEMA_VERSION)) ||
            (rc = sql_set_meta_int(st, "schema_version", TC_SCHEMA_VERSION)))
            return rc;
        if ((rc = tcx_db_commit(st->xdb)))
            return tc_store_xapian_fail(st, rc);
        xv = sv = TC_SCHEMA_VERSION;
    }
    if (xv != TC_SCHEMA_VERSION || sv != TC_SCHEMA_VERSION) {
        char detail[300];
        snprintf(detail, sizeof detail,
                 "%s (schema %lld/%lld, this tracuu reads %d): delete it and run `tracuu index` "
                 "again",
                 st->dir, xv, sv, TC_SCHEMA_VERSION);
        return tc_store_fail(st, TC_ESCHEMA, "the index %s was built by another version of tracuu",
                             detail);
    }
    st->gen_xapian = xapian_meta_int(st, "tc.gen", 0, &nomem);
    st->gen_sqlite = sql_meta_int(st, "gen", 0, &nomem);
    if (nomem)
        return tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir);
    return TC_OK;
}

/* A writer holds DIR/tracuu.lock for its whole run, so that compaction can
 * swap the Xapian directory while no other writer can open it. */
static tc_rc take_lock(tc_store *st)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/tracuu.lock", st->dir);
    st->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (st->lock_fd < 0)
        return tc_store_fail(st, TC_EIO, "cannot create the lock file: %s", strerror(errno));
    if (flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return tc_store_fail(
                st, TC_ELOCKED, "the index '%s' is locked: another `tracuu index` is writing to it",
                st->dir);
        return tc_store_fail(st, TC_EIO, "cannot lock the index: %s", strerror(errno));
    }
    return TC_OK;
}

tc_rc tc_store_open(const char *dir, int mode, tc_store **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    tc_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    st->mode = mode;
    st->lock_fd = -1;
    st->dir = strdup(dir);
    tc_rc rc = st->dir ? TC_OK : TC_ENOMEM;
    if (!rc && mode == TC_STORE_WRITE && mkdir(dir, 0777) != 0 && errno != EEXIST)
        rc = tc_store_fail(st, TC_EIO, "cannot create the index directory: %s", strerror(errno));
    if (!rc && mode == TC_STORE_WRITE)
        rc = take_lock(st);
    if (!rc)
        rc = open_stores(st);
    if (rc) {
        snprintf(errbuf, errlen, "%s", st->errmsg[0] ? st->errmsg : tc_strerror(rc));
        tc_store_close(st);
        return rc;
    }
    *out = st;
    return TC_OK;
}

tc_rc tc_store_begin(tc_store *st)
{
    /* A commit leaves the next transaction open: begin only when none is. */
    if (!sqlite3_get_autocommit(st->sql))
        return TC_OK;
    return tc_store_exec(st, "BEGIN");
}

tc_rc tc_store_commit(tc_store *st)
{
    long long gen = st->gen_xapian + 1;
    tc_rc rc = xapian_set_meta_int(st, "tc.gen", gen);
    if (!rc && (rc = tcx_db_commit(st->xdb)))
        tc_store_xapian_fail(st, rc);
    if (rc)
        return rc;
    st->gen_xapian = gen;
    if ((rc = sql_set_meta_int(st, "gen", gen)) || (rc = tc_store_exec(st, "COMMIT; BEGIN")))
        return rc;
    st->gen_sqlite = gen;
    return TC_OK;
}

void tc_store_abandon(tc_store *st)
{
    /* Xapian commits pending documents when it closes; mark the
     * generations apart so that the next run reconciles. */
    char keep[sizeof st->errmsg];
    memcpy(keep, st->errmsg, sizeof keep);
    tc_store_exec(st, "ROLLBACK");
    if (st->xdb)
        xapian_set_meta_int(st, "tc.gen", st->gen_xapian + 1);
    memcpy(st->errmsg, keep, sizeof keep); /* the first error is the one to tell */
}

/* Removes a flat directory (a Xapian glass database has no subfolders). */
static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

int tc_store_compact_pending(const tc_store *st)
{
    char fresh[PATH_MAX];
    struct stat sb;
    snprintf(fresh, sizeof fresh, "%s/%s.compact", st->dir, TC_XAPIAN_DIR);
    return stat(fresh, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A fresh B-tree build leaves its blocks part empty; compaction about
 * halves the size.  The swap is one atomic exchange of two directories, so
 * a crash at any point leaves either the old or the new database in place,
 * plus a leftover folder that the next compaction removes. */
tc_rc tc_store_compact(tc_store *st)
{
    char live[PATH_MAX], fresh[PATH_MAX], err[400] = "";
    snprintf(live, sizeof live, "%s/%s", st->dir, TC_XAPIAN_DIR);
    snprintf(fresh, sizeof fresh, "%s/%s.compact", st->dir, TC_XAPIAN_DIR);
    remove_flat_dir(fresh);
    const char *src[1] = {live};
    tc_rc rc = tcx_compact(src, 1, fresh, err, sizeof err);
    if (rc) {
        remove_flat_dir(fresh);
        return tc_store_fail(st, rc, "compaction failed: %s", err);
    }
    tcx_db_close(st->xdb);
    st->xdb = NULL;
    if (syscall(SYS_renameat2, AT_FDCWD, fresh, AT_FDCWD, live, RENAME_EXCHANGE) != 0)
        rc =
            tc_store_fail(st, TC_EIO, "cannot swap in the compacted database: %s", strerror(errno));
    remove_flat_dir(fresh); /* the old database, or the unused new one */
    tc_rc rc2 = tcx_db_open(live, TCX_WRITE, &st->xdb, err, sizeof err);
    if (rc2)
        return tc_store_fail(st, rc2, "cannot reopen the database: %s", err);
    return rc;
}
