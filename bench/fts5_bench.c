/*
 * fts5_bench.c: the SQLite FTS5 peer for scripts/bench.sh.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Build:  cc -O2 -o fts5_bench bench/fts5_bench.c -lsqlite3
 *
 *   fts5_bench index DB DIR
 *       Indexes every regular *.txt / *.md file under DIR into DB, in one
 *       transaction.  A new DB is built from scratch; an existing one is
 *       updated: files whose size or mtime changed are re-read, files that
 *       disappeared are deleted, others are skipped (the same contract as
 *       `tracuu index` and omindex).  Prints one summary line on stderr.
 *
 *   fts5_bench query DB LIMIT QUERY
 *       One query (the per-process mode): prints the exact total, then the
 *       top LIMIT hits by bm25 rank with a snippet each.
 *
 *   fts5_bench batch DB LIMIT RUNS QUERIESFILE
 *       The in-process mode: opens DB once, then for each query in the file
 *       (one a line, '#' comments and blank lines skipped) does the same
 *       work as `query` RUNS times and prints, per query, a line
 *           total <TAB> ms_min <TAB> ms_median <TAB> query
 *       on stdout (times in milliseconds, CLOCK_MONOTONIC).
 *
 *   fts5_bench group DB QUERY
 *       The facet peer (per process): counts the matching documents per
 *       group with SELECT grp, count(*) ... GROUP BY grp, where grp is a
 *       column of the files table joined on the rowid, as a facet reads a
 *       field per matching document.  The news has no province, so grp is
 *       the year of the file's mtime.  Prints "group<TAB>count" lines.
 *
 * QUERY uses the bench query language (bench/queries.txt): bare words,
 * "double-quoted phrases", and field:value filters, which are dropped here
 * (FTS5 has no such fields).  Each bare word becomes an FTS5 string, so the
 * terms are ANDed and punctuation never makes a syntax error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

static void die(const char *what, sqlite3 *db)
{
    fprintf(stderr, "fts5_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : strerror(errno));
    exit(3);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void exec_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "fts5_bench: %s: %s\n", sql, err ? err : "?");
        exit(3);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql, db);
    return st;
}

/* ---- indexing ------------------------------------------------------------ */

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *find, *ins_doc, *ins_file, *del_doc, *del_file, *mark, *upd_file;
    unsigned added, updated, unchanged, removed;
    unsigned long long bytes;
    char *buf;
    size_t cap;
} indexer;

static int wanted(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".txt") == 0) ||
           (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *read_file(indexer *ix, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t n = 0;
    for (;;) {
        if (ix->cap - n < 65536) {
            ix->cap = ix->cap ? ix->cap * 2 : 1 << 20;
            ix->buf = realloc(ix->buf, ix->cap);
            if (!ix->buf)
                die("out of memory", NULL);
        }
        size_t got = fread(ix->buf + n, 1, ix->cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    *len = n;
    return ix->buf;
}

static void index_file(indexer *ix, const char *path, const struct stat *sb)
{
    sqlite3_int64 mtime = (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
    sqlite3_int64 old = -1;
    sqlite3_bind_text(ix->find, 1, path, -1, SQLITE_STATIC);
    if (sqlite3_step(ix->find) == SQLITE_ROW) {
        old = sqlite3_column_int64(ix->find, 0);
        int same = sqlite3_column_int64(ix->find, 1) == (sqlite3_int64)sb->st_size &&
                   sqlite3_column_int64(ix->find, 2) == mtime;
        sqlite3_reset(ix->find);
        if (same) {
            sqlite3_bind_int64(ix->mark, 1, old);
            if (sqlite3_step(ix->mark) != SQLITE_DONE)
                die("mark", ix->db);
            sqlite3_reset(ix->mark);
            ix->unchanged++;
            return;
        }
    } else {
        sqlite3_reset(ix->find);
    }
    size_t len = 0;
    const char *text = read_file(ix, path, &len);
    if (!text) {
        fprintf(stderr, "fts5_bench: %s: %s\n", path, strerror(errno));
        return;
    }
    ix->bytes += len;
    if (old >= 0) {
        sqlite3_bind_int64(ix->del_doc, 1, old);
        if (sqlite3_step(ix->del_doc) != SQLITE_DONE)
            die("delete", ix->db);
        sqlite3_reset(ix->del_doc);
    }
    if (old >= 0)
        sqlite3_bind_int64(ix->ins_doc, 1, old);
    else
        sqlite3_bind_null(ix->ins_doc, 1);
    sqlite3_bind_text(ix->ins_doc, 2, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(ix->ins_doc, 3, text, (int)len, SQLITE_STATIC);
    if (sqlite3_step(ix->ins_doc) != SQLITE_DONE)
        die("insert", ix->db);
    sqlite3_reset(ix->ins_doc);
    sqlite3_int64 id = sqlite3_last_insert_rowid(ix->db);
    sqlite3_stmt *f = old >= 0 ? ix->upd_file : ix->ins_file;
    sqlite3_bind_int64(f, 1, id);
    sqlite3_bind_text(f, 2, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(f, 3, (sqlite3_int64)sb->st_size);
    sqlite3_bind_int64(f, 4, mtime);
    if (sqlite3_step(f) != SQLITE_DONE)
        die("files", ix->db);
    sqlite3_reset(f);
    if (old >= 0)
        ix->updated++;
    else
        ix->added++;
}

/* Walks DIR in sorted name order (so runs are reproducible). */
static void walk(indexer *ix, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fts5_bench: %s: %s\n", dir, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                die("out of memory", NULL);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = NULL;
        if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
            die("out of memory", NULL);
        struct stat sb;
        if (stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                walk(ix, path);
            else if (S_ISREG(sb.st_mode) && wanted(names[i]))
                index_file(ix, path, &sb);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

static int cmd_index(const char *dbpath, const char *dir)
{
    double t0 = now_ms();
    indexer ix = {0};
    if (sqlite3_open(dbpath, &ix.db) != SQLITE_OK)
        die(dbpath, ix.db);
    exec_sql(ix.db, "PRAGMA journal_mode=WAL");
    exec_sql(ix.db, "PRAGMA synchronous=FULL");
    exec_sql(ix.db, "PRAGMA cache_size=-65536");
    exec_sql(ix.db, "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(path UNINDEXED, body, "
                    "tokenize=\"unicode61 remove_diacritics 2\");"
                    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, "
                    "size INTEGER, mtime INTEGER, seen INTEGER DEFAULT 1);");
    exec_sql(ix.db, "BEGIN");
    exec_sql(ix.db, "UPDATE files SET seen=0");
    ix.find = prep(ix.db, "SELECT id, size, mtime FROM files WHERE path=?");
    ix.ins_doc = prep(ix.db, "INSERT INTO docs(rowid, path, body) VALUES(?,?,?)");
    ix.del_doc = prep(ix.db, "DELETE FROM docs WHERE rowid=?");
    ix.ins_file = prep(ix.db, "INSERT INTO files(id, path, size, mtime) VALUES(?,?,?,?)");
    ix.upd_file = prep(ix.db, "UPDATE files SET id=?1, size=?3, mtime=?4, seen=1 WHERE path=?2");
    ix.mark = prep(ix.db, "UPDATE files SET seen=1 WHERE id=?");
    walk(&ix, dir);
    /* Files not seen in this walk were deleted. */
    sqlite3_stmt *gone = prep(ix.db, "SELECT id FROM files WHERE seen=0");
    while (sqlite3_step(gone) == SQLITE_ROW) {
        sqlite3_bind_int64(ix.del_doc, 1, sqlite3_column_int64(gone, 0));
        if (sqlite3_step(ix.del_doc) != SQLITE_DONE)
            die("delete", ix.db);
        sqlite3_reset(ix.del_doc);
        ix.removed++;
    }
    sqlite3_finalize(gone);
    exec_sql(ix.db, "DELETE FROM files WHERE seen=0");
    sqlite3_stmt *sts[] = {ix.find, ix.ins_doc, ix.del_doc, ix.ins_file, ix.upd_file, ix.mark};
    for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
        sqlite3_finalize(sts[i]);
    exec_sql(ix.db, "COMMIT");
    /* Fold the WAL back into the main file so its size on disk is final. */
    exec_sql(ix.db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (sqlite3_close(ix.db) != SQLITE_OK)
        die("close", ix.db);
    free(ix.buf);
    fprintf(stderr,
            "fts5_bench: %u added, %u updated, %u removed, %u unchanged; %.1f MB read in "
            "%.2fs\n",
            ix.added, ix.updated, ix.removed, ix.unchanged, ix.bytes / 1e6, (now_ms() - t0) / 1e3);
    return 0;
}

/* ---- querying ------------------------------------------------------------ */

/* Appends src[0..n) to out as an FTS5 string ("..." with " doubled). */
static size_t put_string(char *out, const char *src, size_t n)
{
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '"')
            out[o++] = '"';
        out[o++] = src[i];
    }
    out[o++] = '"';
    return o;
}

/* Bench query language -> FTS5 MATCH expression; NULL if nothing is left. */
static char *to_fts5(const char *q)
{
    size_t len = strlen(q);
    char *out = malloc(len * 3 + 8), *o = out;
    if (!out)
        die("out of memory", NULL);
    const char *p = q;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *s = p;
        if (*p == '"') {
            s = ++p;
            while (*p && *p != '"')
                p++;
            size_t n = (size_t)(p - s);
            if (*p)
                p++;
            if (n) {
                if (o != out)
                    *o++ = ' ';
                o += put_string(o, s, n);
            }
            continue;
        }
        while (*p && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - s);
        if (memchr(s, ':', n)) /* a tracuu filter such as year:2017 */
            continue;
        if (o != out)
            *o++ = ' ';
        o += put_string(o, s, n);
    }
    *o = 0;
    if (o == out) {
        free(out);
        return NULL;
    }
    return out;
}

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *count, *top;
} searcher;

static void searcher_open(searcher *s, const char *dbpath)
{
    if (sqlite3_open_v2(dbpath, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(dbpath, s->db);
    s->count = prep(s->db, "SELECT count(*) FROM docs WHERE docs MATCH ?");
    s->top = prep(s->db, "SELECT rowid, path, bm25(docs), snippet(docs, 1, '[', ']', '…', 24) "
                         "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?");
}

static void searcher_close(searcher *s)
{
    sqlite3_finalize(s->count);
    sqlite3_finalize(s->top);
    sqlite3_close(s->db);
}

/* Runs one query: exact total plus top LIMIT with snippets.  Prints the hits
 * when fp is not NULL.  Returns the total, or -1 on an FTS5 error. */
static long run_query(searcher *s, const char *expr, int limit, FILE *fp)
{
    long total = 0;
    sqlite3_bind_text(s->count, 1, expr, -1, SQLITE_STATIC);
    if (sqlite3_step(s->count) == SQLITE_ROW)
        total = (long)sqlite3_column_int64(s->count, 0);
    else
        total = -1;
    sqlite3_reset(s->count);
    if (total < 0) {
        fprintf(stderr, "fts5_bench: %s: %s\n", expr, sqlite3_errmsg(s->db));
        return -1;
    }
    if (fp)
        fprintf(fp, "%ld documents match\n", total);
    sqlite3_bind_text(s->top, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_int(s->top, 2, limit);
    int rank = 0;
    while (sqlite3_step(s->top) == SQLITE_ROW) {
        rank++;
        const char *path = (const char *)sqlite3_column_text(s->top, 1);
        double score = sqlite3_column_double(s->top, 2);
        const char *snip = (const char *)sqlite3_column_text(s->top, 3);
        if (fp)
            fprintf(fp, "%3d. %.3f %s\n     %s\n", rank, -score, path ? path : "",
                    snip ? snip : "");
    }
    sqlite3_reset(s->top);
    return total;
}

static int cmd_query(const char *dbpath, int limit, const char *q)
{
    char *expr = to_fts5(q);
    if (!expr) {
        fprintf(stderr, "fts5_bench: empty query\n");
        return 2;
    }
    searcher s;
    searcher_open(&s, dbpath);
    long total = run_query(&s, expr, limit, stdout);
    searcher_close(&s);
    free(expr);
    return total < 0 ? 3 : total ? 0 : 1;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmd_batch(const char *dbpath, int limit, int runs, const char *file)
{
    FILE *in = fopen(file, "r");
    if (!in)
        die(file, NULL);
    searcher s;
    searcher_open(&s, dbpath);
    double *t = calloc((size_t)runs, sizeof *t);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *expr = to_fts5(line);
        if (!expr)
            continue;
        long total = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            total = run_query(&s, expr, limit, NULL);
            t[r] = now_ms() - t0;
        }
        qsort(t, (size_t)runs, sizeof *t, dbl_cmp);
        printf("%ld\t%.3f\t%.3f\t%s\n", total, t[0], t[runs / 2], line);
        free(expr);
    }
    free(line);
    free(t);
    fclose(in);
    searcher_close(&s);
    return 0;
}

static int cmd_group(const char *dbpath, const char *q)
{
    char *expr = to_fts5(q);
    if (!expr) {
        fprintf(stderr, "fts5_bench: empty query\n");
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(dbpath, db);
    sqlite3_stmt *st = prep(db, "SELECT 1970 + f.mtime / 31556952 AS grp, count(*) FROM docs "
                                "JOIN files f ON f.id = docs.rowid WHERE docs MATCH ? "
                                "GROUP BY grp ORDER BY 2 DESC");
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        printf("%lld\t%lld\n", sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
        rows++;
    }
    if (rc != SQLITE_DONE)
        fprintf(stderr, "fts5_bench: %s: %s\n", expr, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(expr);
    return rc != SQLITE_DONE ? 3 : rows ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "index") == 0)
        return cmd_index(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "query") == 0)
        return cmd_query(argv[2], atoi(argv[3]), argv[4]);
    if (argc == 4 && strcmp(argv[1], "group") == 0)
        return cmd_group(argv[2], argv[3]);
    if (argc == 6 && strcmp(argv[1], "batch") == 0) {
        int runs = atoi(argv[4]);
        return cmd_batch(argv[2], atoi(argv[3]), runs > 0 ? runs : 1, argv[5]);
    }
    fprintf(stderr, "usage: fts5_bench index DB DIR\n"
                    "       fts5_bench query DB LIMIT QUERY\n"
                    "       fts5_bench batch DB LIMIT RUNS QUERIESFILE\n"
                    "       fts5_bench group DB QUERY\n");
    return 2;
}
