/* store.c: open, lock, check and commit the two stores (see store.h). */
#include "store.h"

#include <ctype.h>
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
#include <time.h>
#include <unistd.h>

struct tc_store {
    char *dir;            /* the index directory */
    int mode;             /* TC_STORE_READ or TC_STORE_WRITE */
    int xonly;            /* a reader of the Xapian database alone (TC_STORE_READ_XAPIAN) */
    tcx_db *xdb;          /* Xapian database */
    sqlite3 *sql;         /* side tables */
    int lock_fd;          /* flock()ed DIR/tracuu.lock of a writer, or -1 */
    long long gen_xapian; /* generation committed in Xapian */
    long long gen_sqlite; /* generation committed in SQLite */
    dev_t xdev;           /* the xapian/ folder opened (compaction swaps it for another) */
    ino_t xino;
    int reading;       /* a reader's SQLite read transaction is open (the snapshot) */
    long long stuck_x; /* generations found apart with no writer running (an */
    long long stuck_s; /* interrupted run): not waited for again */
    long long agreed;  /* generation whose document counts were found equal (0: none) */
    char errmsg[512];  /* detail of the last error */
    int cluster;       /* a cluster of shards (tc_store_open_cluster): no SQLite, no lock */
};

tc_rc tc_store_fail(tc_store *st, tc_rc rc, const char *fmt, const char *detail)
{
    snprintf(st->errmsg, sizeof st->errmsg, fmt, detail ? detail : "");
    return rc;
}

tc_rc tc_store_sql_fail(tc_store *st)
{
    if (!st->sql)
        return tc_store_fail(st, TC_EINVAL, "%s", TC_STORE_NO_SQLITE);
    int e = sqlite3_errcode(st->sql);
    return tc_store_fail(st,
                         e == SQLITE_NOMEM                           ? TC_ENOMEM
                         : e == SQLITE_CORRUPT || e == SQLITE_NOTADB ? TC_EDAMAGED
                                                                     : TC_ESQLITE,
                         "SQLite: %s", sqlite3_errmsg(st->sql));
}

tc_rc tc_store_xapian_fail(tc_store *st, tc_rc rc)
{
    if (rc == TC_EXAPIAN && st->xdb && tcx_db_damaged(st->xdb))
        rc = TC_EDAMAGED;
    return tc_store_fail(st, rc, "Xapian: %s", st->xdb ? tcx_db_errmsg(st->xdb) : "closed");
}

tc_rc tc_store_exec(tc_store *st, const char *sql)
{
    char *err = NULL;
    if (!st->sql)
        return tc_store_fail(st, TC_EINVAL, "%s", TC_STORE_NO_SQLITE);
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
    else if (r != SQLITE_OK && r != SQLITE_ROW && r != SQLITE_DONE && !*nomem)
        *nomem = TC_EDAMAGED; /* no meta table (an empty file) or an unreadable one */
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

static void close_stores(tc_store *st);

void tc_store_close(tc_store *st)
{
    if (!st)
        return;
    close_stores(st);
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

static tc_rc damaged(tc_store *st, const char *why)
{
    char detail[480];
    snprintf(detail, sizeof detail, "%.200s: %.270s", st->dir, why);
    return tc_store_fail(st, TC_EDAMAGED, "the index %s", detail);
}

/* Documents in meta.sqlite, or -1 when it cannot be read. */
/* The integer a one-value query gives, -1 when it cannot be read. */
static long long sql_scalar(tc_store *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(st->sql, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* What a reader checks on every open: the two stores describe the same
 * commit.  A completed commit leaves equal generations and equal document
 * counts; a run killed between its two commits leaves Xapian one ahead
 * (tc_store_interrupted).  Anything else is damage, and answering from it
 * gives wrong results (a foreign xapian/ gave 32 matches where the side
 * tables knew 23 documents).  Costs one count(*) (1 ms for 35,000 rows). */
static tc_rc agreement(tc_store *st)
{
    if (st->gen_xapian > st->gen_sqlite) /* interrupted: the next writer reconciles */
        return TC_OK;
    if (st->agreed && st->agreed == st->gen_xapian)
        return TC_OK;
    char why[200];
    if (st->gen_xapian != st->gen_sqlite) {
        snprintf(why, sizeof why,
                 "its two stores come from different runs (Xapian at commit %lld, meta.sqlite at "
                 "%lld)",
                 st->gen_xapian, st->gen_sqlite);
        return damaged(st, why);
    }
    /* The count the triggers keep (schema.h, meta.docs): counting the rows
     * reads every page of an index of them.  The highest id, a walk down
     * the table's own tree, says the table is there and readable. */
    tc_rc nomem = TC_OK;
    long long n = sql_meta_int(st, "docs", -1, &nomem);
    if (n < 0 || nomem || sql_scalar(st, "SELECT coalesce(max(id), 0) FROM documents") < 0)
        n = sql_scalar(st, "SELECT count(*) FROM documents");
    uint32_t x = tcx_db_doccount(st->xdb);
    if (n < 0)
        return damaged(st, "the documents table of meta.sqlite cannot be read");
    if (n != (long long)x) {
        snprintf(why, sizeof why, "Xapian holds %u documents and meta.sqlite %lld", x, n);
        return damaged(st, why);
    }
    st->agreed = st->gen_xapian;
    return TC_OK;
}

const char *tc_store_missing_table(const char *xapian_dir, int has_text)
{
    /* Glass opens a missing table as an empty one: without position.glass
     * every phrase search silently found nothing.  An index with documents
     * always has the others; position.glass only once a document has text
     * (an index of scans read without --ocr has none). */
    static const char *const tables[] = {"iamglass", "postlist.glass", "termlist.glass",
                                         "docdata.glass", "position.glass"};
    char path[PATH_MAX + 32];
    struct stat sb;
    for (size_t i = 0; i < sizeof tables / sizeof *tables - !has_text; i++) {
        snprintf(path, sizeof path, "%s/%s", xapian_dir, tables[i]);
        if (stat(path, &sb) != 0)
            return tables[i];
    }
    return NULL;
}

/* A reader that answers as a remote shard would: the schema is Xapian's,
 * and both generations are Xapian's (there is no second store to lag). */
static tc_rc open_xapian_only(tc_store *st)
{
    tc_rc nomem = TC_OK;
    long long xv = xapian_meta_int(st, "tc.schema", -1, &nomem);
    if (nomem)
        return tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir);
    if (xv < 0)
        return damaged(st, "the Xapian database has no schema version");
    if (xv != TC_SCHEMA_VERSION) {
        char detail[480];
        snprintf(detail, sizeof detail,
                 "the index %.300s was built by another version of tracuu (schema %lld, this "
                 "tracuu reads %d): delete it and run `tracuu index` again",
                 st->dir, xv, TC_SCHEMA_VERSION);
        return tc_store_fail(st, TC_ESCHEMA, "%s", detail);
    }
    st->gen_xapian = st->gen_sqlite = xapian_meta_int(st, "tc.gen", 0, &nomem);
    return nomem ? tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir) : TC_OK;
}

static tc_rc open_stores(tc_store *st)
{
    char path[PATH_MAX];
    char err[400] = "";
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_XAPIAN_DIR);
    char sqlpath[PATH_MAX];
    snprintf(sqlpath, sizeof sqlpath, "%s/%s", st->dir, TC_SQLITE_FILE);
    struct stat sb, sq;
    int has_sql = stat(sqlpath, &sq) == 0;
    if (st->mode == TC_STORE_READ && stat(path, &sb) != 0) {
        if (has_sql) /* the side tables without the database they describe */
            return damaged(st, "the folder xapian/ is missing");
        return tc_store_fail(st, TC_ENOINDEX, NO_INDEX, st->dir);
    }
    if (stat(path, &sb) == 0) {
        st->xdev = sb.st_dev;
        st->xino = sb.st_ino;
    }
    tc_rc rc = tcx_db_open(path, st->mode == TC_STORE_WRITE ? TCX_WRITE : TCX_READ, &st->xdb, err,
                           sizeof err);
    if (rc == TC_ELOCKED)
        return tc_store_fail(
            st, rc, "the index '%s' is locked: another `tracuu index` is writing to it", st->dir);
    /* The folder is there but Xapian cannot open it: a file of it is
     * missing or unreadable. */
    if (rc == TC_ENOINDEX || rc == TC_EDAMAGED || (rc == TC_EXAPIAN && st->mode == TC_STORE_READ))
        return damaged(st, err);
    if (rc)
        return tc_store_fail(st, rc, "cannot open the Xapian database: %s", err);
    const char *gone = tcx_db_doccount(st->xdb)
                           ? tc_store_missing_table(path, tcx_db_total_length(st->xdb) > 0)
                           : NULL;
    if (gone) {
        char why[120];
        snprintf(why, sizeof why, "the Xapian database is damaged (xapian/%s is missing)", gone);
        return damaged(st, why);
    }
    if (st->xonly)
        return open_xapian_only(st);
    if (st->mode == TC_STORE_READ && !has_sql)
        return damaged(st, "meta.sqlite is missing");

    snprintf(path, sizeof path, "%s/%s", st->dir, TC_SQLITE_FILE);
    int flags = st->mode == TC_STORE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                           : SQLITE_OPEN_READONLY;
    int r = sqlite3_open_v2(path, &st->sql, flags, NULL);
    if (r == SQLITE_NOMEM)
        return tc_store_fail(st, TC_ENOMEM, "out of memory opening %s", TC_SQLITE_FILE);
    if (r != SQLITE_OK) {
        if (st->mode == TC_STORE_READ)
            return damaged(st, "meta.sqlite cannot be opened");
        return tc_store_sql_fail(st);
    }
    sqlite3_busy_timeout(st->sql, 5000);
    if (st->mode == TC_STORE_WRITE) {
        if ((rc = tc_store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")) ||
            (rc = tc_schema_create(st->sql, st->errmsg, sizeof st->errmsg)))
            return rc;
        /* The count the triggers keep from now on (schema.h, meta.docs),
         * counted once for an index written before them. */
        if ((rc = tc_store_exec(st, "INSERT OR IGNORE INTO meta(key, value) "
                                    "SELECT 'docs', count(*) FROM documents")))
            return rc;
    }
    /* Schema versions: a new index takes ours; an old one must match. */
    tc_rc nomem = TC_OK;
    /* -1: not recorded at all (0 is a recorded version of another tracuu) */
    long long xv = xapian_meta_int(st, "tc.schema", -1, &nomem);
    long long sv = sql_meta_int(st, "schema_version", -1, &nomem);
    if (nomem == TC_EDAMAGED)
        return damaged(st, "meta.sqlite has no meta table (empty or not tracuu's)");
    if (nomem)
        return tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir);
    /* One side carrying our version and the other none is damage, not an
     * index of another version (an emptied meta.sqlite was taken for one). */
    if ((xv == TC_SCHEMA_VERSION && sv < 0) || (sv == TC_SCHEMA_VERSION && xv < 0))
        return damaged(st, xv == TC_SCHEMA_VERSION ? "meta.sqlite has no schema version"
                                                   : "the Xapian database has no schema version");
    xv = xv < 0 ? 0 : xv;
    sv = sv < 0 ? 0 : sv;
    if (st->mode == TC_STORE_WRITE && xv == 0 && tcx_db_doccount(st->xdb) == 0) {
        if ((rc = xapian_set_meta_int(st, "tc.schema", TC_SCHEMA_VERSION)) ||
            (rc = sql_set_meta_int(st, "schema_version", TC_SCHEMA_VERSION)))
            return rc;
        if ((rc = tcx_db_commit(st->xdb)))
            return tc_store_xapian_fail(st, rc);
        xv = sv = TC_SCHEMA_VERSION;
    }
    if (xv != TC_SCHEMA_VERSION || sv != TC_SCHEMA_VERSION) {
        /* errmsg holds 512 bytes: a long folder name is cut, not the advice. */
        char detail[480];
        snprintf(detail, sizeof detail,
                 "the index %.300s was built by another version of tracuu (schema %lld/%lld, "
                 "this tracuu reads %d): delete it and run `tracuu index` again",
                 st->dir, xv, sv, TC_SCHEMA_VERSION);
        return tc_store_fail(st, TC_ESCHEMA, "%s", detail);
    }
    st->gen_xapian = xapian_meta_int(st, "tc.gen", 0, &nomem);
    st->gen_sqlite = sql_meta_int(st, "gen", 0, &nomem);
    if (nomem == TC_EDAMAGED)
        return damaged(st, "meta.sqlite cannot be read");
    if (nomem)
        return tc_store_fail(st, nomem, "out of memory reading the index %s", st->dir);
    return agreement(st);
}

/* 1 when a writer holds DIR/tracuu.lock now.  Readers must not take the
 * lock themselves (a writer's LOCK_NB would then fail), so they look it
 * up in /proc/locks by the lock file's inode. */
static int writer_running(const tc_store *st)
{
    char path[PATH_MAX], line[256], key[64];
    struct stat sb;
    snprintf(path, sizeof path, "%s/tracuu.lock", st->dir);
    if (stat(path, &sb) != 0)
        return 0;
    FILE *f = fopen("/proc/locks", "re");
    if (!f)
        return 1; /* cannot tell: assume one, so that the reader waits (bounded) */
    snprintf(key, sizeof key, ":%llu ", (unsigned long long)sb.st_ino);
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, "FLOCK") && strstr(line, key);
    fclose(f);
    return found;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* 1 when the xapian/ folder is not the one this handle opened (a
 * compaction swapped it in): reopen() would mix the two databases. */
static int swapped(const tc_store *st)
{
    char path[PATH_MAX];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_XAPIAN_DIR);
    return stat(path, &sb) != 0 || sb.st_ino != st->xino || sb.st_dev != st->xdev;
}

/* 1 when the xapian/ folder is not the one this handle opened, or a
 * compaction is under way: an open or a read that failed then may have
 * met the swap rather than damage. */
static int swap_seen(const tc_store *st)
{
    char path[PATH_MAX];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_XAPIAN_DIR);
    if (stat(path, &sb) != 0)
        return 1;
    return sb.st_ino != st->xino || sb.st_dev != st->xdev || tc_store_compact_pending(st);
}

static void close_stores(tc_store *st)
{
    if (st->sql)
        sqlite3_close(st->sql);
    st->sql = NULL;
    st->reading = 0;
    tcx_db_close(st->xdb);
    st->xdb = NULL;
}

/* Opens a reader, riding out a compaction swap: the exchange of the two
 * folders and the removal of the old one can make an open that runs at
 * the same moment read one folder's version file and the other's tables.
 * Such an open is tried again (7 times over about 0.6 s); damage stays. */
static tc_rc open_reader(tc_store *st)
{
    tc_rc rc = TC_OK;
    for (int attempt = 0; attempt < 8; attempt++) {
        st->xino = 0;
        rc = open_stores(st);
        if (rc != TC_EDAMAGED || attempt == 7 || !swap_seen(st))
            break;
        close_stores(st);
        sleep_ms(5L << attempt);
    }
    return rc;
}

tc_rc tc_store_release(tc_store *st)
{
    if (st->cluster || st->mode != TC_STORE_READ || !st->reading)
        return TC_OK;
    st->reading = 0;
    return tc_store_exec(st, "COMMIT");
}

/* Generation recorded in SQLite, read inside the read transaction. */
static tc_rc begin_read(tc_store *st, long long *gen)
{
    tc_rc rc = tc_store_exec(st, "BEGIN");
    if (rc)
        return rc;
    st->reading = 1;
    tc_rc bad = TC_OK;
    *gen = sql_meta_int(st, "gen", 0, &bad); /* the first read pins the snapshot */
    if (bad == TC_EDAMAGED)
        return damaged(st, "meta.sqlite cannot be read");
    return bad ? tc_store_fail(st, bad, "out of memory reading the index %s", st->dir) : TC_OK;
}

static tc_rc cluster_snapshot(tc_store *st);

tc_rc tc_store_snapshot(tc_store *st)
{
    if (st->cluster)
        return cluster_snapshot(st);
    if (st->mode != TC_STORE_READ)
        return TC_OK;
    tc_rc rc = TC_OK;
    long long x = 0, s = 0;
    for (int attempt = 0; attempt < 10; attempt++) {
        if ((rc = tc_store_release(st)))
            return rc;
        /* Xapian first: it commits first, so it is never behind SQLite's
         * snapshot taken after it, except when a run commits in between. */
        int changed = 0;
        if (!st->xdb || swapped(st) || tcx_db_reopen(st->xdb, &changed) != TC_OK) {
            close_stores(st);
            if ((rc = open_reader(st)))
                return rc;
        }
        tc_rc bad = TC_OK;
        x = xapian_meta_int(st, "tc.gen", 0, &bad);
        if (bad)
            return tc_store_fail(st, bad, "out of memory reading the index %s", st->dir);
        if (st->xonly) {
            st->gen_xapian = st->gen_sqlite = x;
            return TC_OK;
        }
        if ((rc = begin_read(st, &s)))
            return rc;
        st->gen_xapian = x;
        st->gen_sqlite = s;
        if (x == s || (x == st->stuck_x && s == st->stuck_s))
            return x == s ? agreement(st) : TC_OK;
        if (s > x) /* a run committed both between our two reads: read Xapian again */
            continue;
        /* Xapian ahead: a run between its two commits, or one killed there. */
        if (!writer_running(st))
            break;
        sleep_ms(1L << (attempt < 8 ? attempt : 8));
    }
    /* Still apart: an interrupted run (tc_store_interrupted), not waited
     * for again; answers come from the last commit of both. */
    st->stuck_x = x;
    st->stuck_s = s;
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
    st->xonly = mode == TC_STORE_READ_XAPIAN;
    st->mode = st->xonly ? TC_STORE_READ : mode;
    st->lock_fd = -1;
    st->dir = strdup(dir);
    tc_rc rc = st->dir ? TC_OK : TC_ENOMEM;
    if (!rc && mode == TC_STORE_WRITE && tc_store_cluster_file(dir))
        rc = tc_store_fail(st, TC_EINVAL,
                           "%s is a file (a cluster file?), not an index folder: index each shard "
                           "into its own folder (docs/SCALE.md)",
                           dir);
    if (!rc && mode == TC_STORE_WRITE && mkdir(dir, 0777) != 0 && errno != EEXIST)
        rc = tc_store_fail(st, TC_EIO, "cannot create the index directory: %s", strerror(errno));
    if (!rc && mode == TC_STORE_WRITE)
        rc = take_lock(st);
    if (!rc)
        rc = st->mode == TC_STORE_READ ? open_reader(st) : open_stores(st);
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

tcx_db *tc_store_xapian_twin(tc_store *st)
{
    if (st->cluster || st->mode == TC_STORE_WRITE || !st->xdb || swapped(st))
        return NULL;
    char path[PATH_MAX], err[256];
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_XAPIAN_DIR);
    tcx_db *x = NULL;
    if (tcx_db_open(path, TCX_READ, &x, err, sizeof err))
        return NULL;
    /* The same folder at the same revision holds the same documents. */
    if (swapped(st) || tcx_db_revision(x) != tcx_db_revision(st->xdb) ||
        tcx_db_doccount(x) != tcx_db_doccount(st->xdb)) {
        tcx_db_close(x);
        return NULL;
    }
    return x;
}

/* A fresh B-tree build leaves its blocks part empty; compaction about
 * halves the size.  The swap is one atomic exchange of two directories, so
 * a crash at any point leaves either the old or the new database in place,
 * plus a leftover folder that the next compaction removes. */
/* Exchanges the folder fresh (a complete database) with the live one,
 * removes what is left under fresh and opens the live name again. */
static tc_rc swap_in(tc_store *st, const char *live, const char *fresh, const char *what)
{
    char err[400] = "";
    tc_rc rc = TC_OK;
    tcx_db_close(st->xdb);
    st->xdb = NULL;
    if (syscall(SYS_renameat2, AT_FDCWD, fresh, AT_FDCWD, live, RENAME_EXCHANGE) != 0) {
        char why[300];
        snprintf(why, sizeof why, "%s: %s", what, strerror(errno));
        rc = tc_store_fail(st, TC_EIO, "cannot swap in the %s", why);
    }
    remove_flat_dir(fresh); /* the old database, or the unused new one */
    tc_rc rc2 = tcx_db_open(live, TCX_WRITE, &st->xdb, err, sizeof err);
    if (rc2)
        return tc_store_fail(st, rc2, "cannot reopen the database: %s", err);
    return rc;
}

tc_rc tc_store_compact(tc_store *st)
{
    char live[PATH_MAX], fresh[PATH_MAX], err[400] = "";
    snprintf(live, sizeof live, "%s/%s", st->dir, TC_XAPIAN_DIR);
    snprintf(fresh, sizeof fresh, "%s/%s.compact", st->dir, TC_XAPIAN_DIR);
    remove_flat_dir(fresh);
    tc_rc rc = tcx_compact_same_ids(live, fresh, err, sizeof err);
    if (rc) {
        remove_flat_dir(fresh);
        return tc_store_fail(st, rc, "compaction failed: %s", err);
    }
    return swap_in(st, live, fresh, "compacted database");
}

void tc_store_remove_shard(tc_store *st)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_SHARD_XAPIAN_DIR);
    remove_flat_dir(path);
    static const char *const files[] = {TC_SHARD_SQLITE_FILE, TC_SHARD_SQLITE_FILE "-journal",
                                        TC_SHARD_SQLITE_FILE "-wal", TC_SHARD_SQLITE_FILE "-shm"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", st->dir, files[i]);
        unlink(path);
    }
}

/* The shard's rows into the open transaction (ATTACH needs none open). */
static tc_rc copy_shard_rows(tc_store *st)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", st->dir, TC_SHARD_SQLITE_FILE);
    tc_rc rc = tc_store_exec(st, "COMMIT");
    sqlite3_stmt *q = NULL;
    if (!rc && sqlite3_prepare_v2(st->sql, "ATTACH DATABASE ? AS shard", -1, &q, NULL) != SQLITE_OK)
        rc = tc_store_sql_fail(st);
    if (!rc) {
        sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = tc_store_sql_fail(st);
    }
    sqlite3_finalize(q);
    tc_buf sql;
    tc_buf_init(&sql, 0);
    if (!rc)
        rc = tc_store_exec(st, "BEGIN");
    if (!rc && !(rc = tc_schema_copy_sql("shard", &sql)))
        rc = tc_store_exec(st, sql.data);
    tc_buf_free(&sql);
    return rc;
}

tc_rc tc_store_merge_shard(tc_store *st)
{
    char live[PATH_MAX], fresh[PATH_MAX], shard[PATH_MAX], err[400] = "";
    snprintf(live, sizeof live, "%s/%s", st->dir, TC_XAPIAN_DIR);
    snprintf(fresh, sizeof fresh, "%s/%s.compact", st->dir, TC_XAPIAN_DIR);
    snprintf(shard, sizeof shard, "%s/%s", st->dir, TC_SHARD_XAPIAN_DIR);
    long long gen = st->gen_xapian + 1;
    tc_rc rc = copy_shard_rows(st);
    /* Both databases into a new one, marked with the next generation
     * before anyone can open it under the live name. */
    remove_flat_dir(fresh);
    const char *sources[] = {live, shard};
    if (!rc && (rc = tcx_merge_same_ids(sources, 2, fresh, err, sizeof err)))
        tc_store_fail(st, rc, "merging the parallel build failed: %s", err);
    tcx_db *x = NULL;
    if (!rc && (rc = tcx_db_open(fresh, TCX_WRITE, &x, err, sizeof err)))
        tc_store_fail(st, rc, "cannot open the merged database: %s", err);
    if (!rc) {
        char v[32];
        int n = snprintf(v, sizeof v, "%lld", gen);
        if ((rc = tcx_db_set_meta(x, "tc.gen", v, (size_t)n)) || (rc = tcx_db_commit(x)))
            tc_store_fail(st, rc, "cannot mark the merged database: %s", tcx_db_errmsg(x));
    }
    tcx_db_close(x);
    if (!rc && !(rc = swap_in(st, live, fresh, "merged database")))
        st->gen_xapian = gen;
    remove_flat_dir(fresh); /* an unused new one, after a failure before the swap */
    if (!rc && !(rc = sql_set_meta_int(st, "gen", gen)) && !(rc = tc_store_exec(st, "COMMIT")))
        st->gen_sqlite = gen;
    char keep[sizeof st->errmsg]; /* the first error is the one to tell */
    memcpy(keep, st->errmsg, sizeof keep);
    if (rc && !sqlite3_get_autocommit(st->sql))
        tc_store_exec(st, "ROLLBACK");
    tc_store_exec(st, "DETACH DATABASE shard");
    tc_rc rc3 = tc_store_exec(st, "BEGIN");
    if (rc)
        memcpy(st->errmsg, keep, sizeof keep);
    else
        rc = rc3;
    /* Merged, or not (the run fails and its new files are indexed again
     * by the next): either way the shard is of no more use. */
    tc_store_remove_shard(st);
    return rc;
}

/* ---- clusters ------------------------------------------------------------ */

#define CLUSTER_MAX_SHARDS 4096
#define CLUSTER_MAX_BYTES (1 << 20)
#define CLUSTER_TIMEOUT_MS 10000

int tc_store_is_cluster(const tc_store *st)
{
    return st->cluster;
}

/* A cluster's shards are other indexes: a question moves each remote
 * shard to its latest commit (Xapian's reopen, one round trip each). */
static tc_rc cluster_snapshot(tc_store *st)
{
    int changed = 0;
    tc_rc rc = tcx_db_reopen(st->xdb, &changed);
    /* A shard whose server died since the last question: connect again,
     * which names it, or (partial_ok) leaves it out. */
    if (rc && tcx_cluster_lost(st->xdb) >= 0)
        return tc_store_cluster_reconnect(st);
    return rc ? tc_store_xapian_fail(st, rc) : TC_OK;
}

typedef struct cluster_spec {
    tcx_shard_loc *locs; /* the shards */
    size_t n;
    char **owned; /* strings the locs point to */
    size_t nowned;
    unsigned timeout_ms; /* every remote call */
} cluster_spec;

static void spec_free(cluster_spec *c)
{
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->locs);
}

static const char *spec_keep(cluster_spec *c, char *s)
{
    if (!s)
        return NULL;
    c->owned[c->nowned++] = s;
    return s;
}

/* HOST:PORT (no slash, a port of digits 1..65535): *port set, host copied. */
static int parse_hostport(const char *loc, char **host, unsigned *port)
{
    const char *colon = strrchr(loc, ':');
    if (!colon || colon == loc || strchr(loc, '/') || !colon[1] || strlen(colon + 1) > 5)
        return 0;
    unsigned long p = 0;
    for (const char *c = colon + 1; *c; c++) {
        if (*c < '0' || *c > '9')
            return 0;
        p = p * 10 + (unsigned long)(*c - '0');
    }
    if (p == 0 || p > 65535)
        return 0;
    *port = (unsigned)p;
    *host = strndup(loc, (size_t)(colon - loc));
    return 1;
}

static int valid_name(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (!(isalnum(*c) || *c == '.' || *c == '_' || *c == '-'))
            return 0;
    return *s != 0 && strlen(s) <= 64;
}

/* A local shard: an index folder (its xapian/ folder is the shard) or a
 * Xapian database itself (a replica made by xapian-replicate).  A relative
 * path is read from the cluster file's folder. */
static char *local_path(const char *file, const char *loc)
{
    char base[PATH_MAX], path[PATH_MAX], x[PATH_MAX];
    if (loc[0] == '/') {
        snprintf(path, sizeof path, "%s", loc);
    } else {
        snprintf(base, sizeof base, "%s", file);
        char *slash = strrchr(base, '/');
        if (slash)
            *slash = 0;
        else
            snprintf(base, sizeof base, ".");
        if ((size_t)snprintf(path, sizeof path, "%s/%s", base, loc) >= sizeof path)
            return NULL;
    }
    struct stat sb;
    if ((size_t)snprintf(x, sizeof x, "%s/%s", path, TC_XAPIAN_DIR) < sizeof x &&
        stat(x, &sb) == 0 && S_ISDIR(sb.st_mode))
        return strdup(x);
    return strdup(path);
}

#define SPEC_FAIL(...)                                                                             \
    do {                                                                                           \
        snprintf(why, whylen, __VA_ARGS__);                                                        \
        return TC_EDATA;                                                                           \
    } while (0)

/* Parses the text of a cluster file (see tc_store_open_cluster). */
static tc_rc parse_cluster(const char *file, char *text, cluster_spec *c, char *why, size_t whylen)
{
    c->timeout_ms = CLUSTER_TIMEOUT_MS;
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    if (lines > CLUSTER_MAX_SHARDS + 1000)
        SPEC_FAIL("the cluster file %.200s has too many lines (%zu)", file, lines);
    c->locs = calloc(lines, sizeof *c->locs);
    c->owned = calloc(lines * 2, sizeof *c->owned);
    if (!c->locs || !c->owned)
        SPEC_FAIL("out of memory");
    int seen_timeout = 0;
    size_t lineno = 0;
    for (char *save = NULL, *line = text; line; line = save) {
        lineno++;
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = 0;
        for (char *h = line; *h; h++) /* a comment: # at the start or after a space */
            if (*h == '#' && (h == line || isspace((unsigned char)h[-1]))) {
                *h = 0;
                break;
            }
        char *tok[3] = {NULL, NULL, NULL}, *sp = NULL;
        int nt = 0;
        for (char *t = strtok_r(line, " \t\r", &sp); t; t = strtok_r(NULL, " \t\r", &sp))
            if (nt < 3)
                tok[nt++] = t;
            else
                nt = 4;
        if (nt == 0)
            continue;
        if (nt != 2)
            SPEC_FAIL("the cluster file %.200s, line %zu: expected NAME LOCATION (a shard) or "
                      "timeout SECONDS",
                      file, lineno);
        if (strcmp(tok[0], "timeout") == 0) {
            char *end;
            errno = 0;
            double sec = strtod(tok[1], &end);
            if (seen_timeout || errno || *end || end == tok[1] || !(sec >= 0.1 && sec <= 3600))
                SPEC_FAIL("the cluster file %.200s, line %zu: timeout takes seconds from 0.1 "
                          "to 3600, once",
                          file, lineno);
            c->timeout_ms = (unsigned)(sec * 1000 + 0.5);
            seen_timeout = 1;
            continue;
        }
        if (!valid_name(tok[0]))
            SPEC_FAIL("the cluster file %.200s, line %zu: a shard's name is letters, digits, "
                      "'.', '_' and '-' (at most 64)",
                      file, lineno);
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->locs[i].name, tok[0]) == 0)
                SPEC_FAIL("the cluster file %.200s, line %zu: shard '%.64s' is listed twice", file,
                          lineno, tok[0]);
        tcx_shard_loc *l = &c->locs[c->n];
        char *host = NULL;
        if (!(l->name = spec_keep(c, strdup(tok[0]))))
            SPEC_FAIL("out of memory");
        if (parse_hostport(tok[1], &host, &l->port)) {
            if (!(l->host = spec_keep(c, host)))
                SPEC_FAIL("out of memory");
        } else if (strchr(tok[1], ':') && !strchr(tok[1], '/')) {
            SPEC_FAIL("the cluster file %.200s, line %zu: '%.200s' is neither HOST:PORT (a port "
                      "from 1 to 65535) nor a folder",
                      file, lineno, tok[1]);
        } else if (!(l->path = spec_keep(c, local_path(file, tok[1])))) {
            SPEC_FAIL("the cluster file %.200s, line %zu: the path is too long", file, lineno);
        }
        if (++c->n > CLUSTER_MAX_SHARDS)
            SPEC_FAIL("the cluster file %.200s lists more than %d shards", file,
                      CLUSTER_MAX_SHARDS);
    }
    if (c->n == 0)
        SPEC_FAIL("the cluster file %.200s lists no shard (one a line: NAME HOST:PORT or NAME "
                  "FOLDER)",
                  file);
    return TC_OK;
}

/* Every shard must be an index of this tracuu: its Xapian metadata
 * tc.schema is read from each (the joined database gives only the first's). */
static tc_rc check_shards(tc_store *st)
{
    tc_buf b;
    tc_buf_init(&b, 64);
    tc_rc rc = TC_OK;
    for (size_t i = 0; !rc && i < tcx_cluster_size(st->xdb); i++) {
        int up = 0;
        const char *name = tcx_cluster_shard(st->xdb, i, &up);
        if (!up)
            continue;
        tc_buf_reset(&b);
        if ((rc = tcx_cluster_shard_meta(st->xdb, i, "tc.schema", &b))) {
            tc_store_xapian_fail(st, rc);
            break;
        }
        long long v = b.len ? atoll(tc_buf_cstr(&b)) : 0;
        if (v != TC_SCHEMA_VERSION) {
            char detail[480];
            snprintf(detail, sizeof detail,
                     "shard '%.64s' of the cluster %.200s is %s (schema %lld, this tracuu reads "
                     "%d): index it again with this tracuu",
                     name, st->dir,
                     b.len ? "an index of another version of tracuu" : "not a tracuu index", v,
                     TC_SCHEMA_VERSION);
            rc = tc_store_fail(st, TC_ESCHEMA, "%s", detail);
        }
    }
    tc_buf_free(&b);
    return rc;
}

int tc_store_cluster_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

tc_rc tc_store_open_cluster(const char *file, int partial_ok, tc_store **out, char *errbuf,
                            size_t errlen)
{
    *out = NULL;
    tc_store *st = calloc(1, sizeof *st);
    if (!st || !(st->dir = strdup(file))) {
        free(st);
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    st->mode = TC_STORE_READ;
    st->lock_fd = -1;
    st->cluster = 1;
    cluster_spec spec = {0};
    char *text = NULL;
    tc_rc rc = TC_OK;
    FILE *f = fopen(file, "re");
    if (!f) {
        rc = tc_store_fail(st, TC_ENOINDEX, "cannot read the cluster file: %s", strerror(errno));
    } else {
        text = malloc(CLUSTER_MAX_BYTES + 1);
        size_t n = text ? fread(text, 1, CLUSTER_MAX_BYTES + 1, f) : 0;
        if (!text)
            rc = tc_store_fail(st, TC_ENOMEM, "out of memory%s", "");
        else if (n > CLUSTER_MAX_BYTES)
            rc = tc_store_fail(st, TC_EDATA, "the cluster file %s is over 1 MiB", file);
        else if (memchr(text, 0, n))
            rc = tc_store_fail(st, TC_EDATA,
                               "%s is neither an index folder nor a cluster file (a text file)",
                               file);
        else
            text[n] = 0;
        fclose(f);
    }
    if (!rc && (rc = parse_cluster(file, text, &spec, st->errmsg, sizeof st->errmsg)) == TC_OK) {
        char err[400] = "";
        rc = tcx_cluster_open(spec.locs, spec.n, spec.timeout_ms, partial_ok, &st->xdb, err,
                              sizeof err);
        if (rc)
            tc_store_fail(st, rc, "%s", err);
        else
            rc = check_shards(st);
    }
    free(text);
    spec_free(&spec);
    if (rc) {
        snprintf(errbuf, errlen, "%s", st->errmsg[0] ? st->errmsg : tc_strerror(rc));
        tc_store_close(st);
        return rc;
    }
    *out = st;
    return TC_OK;
}

tc_rc tc_store_cluster_reconnect(tc_store *st)
{
    tc_rc rc = tcx_cluster_reconnect(st->xdb);
    return rc ? tc_store_xapian_fail(st, rc) : check_shards(st);
}
