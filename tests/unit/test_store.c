/* test_store.c: the store layer (store/store.h): open modes, the writer's
 * lock, the schema version check, commit generations, document records.
 * Every case works in its own temporary directory. */
#include <ftw.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/tracuu.h"
#include "../../store/store.h"
#include "check.h"

static char tmp[128]; /* the temporary directory */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

/* A fresh path under the temporary directory (not created). */
static const char *path_in(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    return p;
}

static int exists(const char *dir, const char *name)
{
    char p[PATH_MAX];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0;
}

/* Runs sql on DIR/meta.sqlite with the SQLite API; returns the first
 * column of the first row as a number (-1 when none or on error). */
static long long sql_on(const char *dir, const char *sql)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/meta.sqlite", dir);
    sqlite3 *db = NULL;
    long long v = -1;
    if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            int r = sqlite3_step(st);
            if (r == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
            else if (r == SQLITE_DONE)
                v = sqlite3_changes(db);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* Reading a directory that holds no index. */
static void test_no_index(void)
{
    static const struct {
        const char *name;
        int make_dir; /* create it (empty) first */
    } cases[] = {
        {"missing", 0},
        {"empty", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[256], err[512] = "", what[200];
        snprintf(dir, sizeof dir, "%s", path_in(cases[i].name));
        if (cases[i].make_dir)
            mkdir(dir, 0777);
        tc_store *st = (tc_store *)1;
        snprintf(what, sizeof what, "tc_store_open(%s, READ) rc", cases[i].name);
        CHECK_INT(what, TC_ENOINDEX, tc_store_open(dir, TC_STORE_READ, &st, err, sizeof err));
        CHECK(st == NULL, "tc_store_open(%s, READ) failed but *out != NULL", cases[i].name);
        CHECK(strstr(err, "no index") && strstr(err, dir),
              "tc_store_open(%s, READ) message\n  expected: \"no index in '%s'...\"\n  actual: "
              "\"%s\"",
              cases[i].name, dir, err);
        /* A failed read open creates nothing. */
        CHECK(!exists(dir, "xapian") && !exists(dir, "meta.sqlite"),
              "tc_store_open(%s, READ) created files", cases[i].name);
    }
}

/* Writing creates; a second writer is refused; readers are welcome. */
static void test_write_lock(void)
{
    const char *dir = path_in("w");
    char err[512] = "";
    tc_store *w = NULL;
    tc_rc rc = tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err);
    CHECK(rc == TC_OK && w, "tc_store_open(new dir, WRITE): %d %s", (int)rc, err);
    if (!w)
        return;
    CHECK_INT("new store writable", 1, tc_store_writable(w));
    CHECK_STR("new store dir", dir, tc_store_dir(w));
    CHECK_INT("new store doccount", 0, tc_store_doccount(w));
    CHECK_INT("new store interrupted", 0, tc_store_interrupted(w));
    CHECK_STR("new store errmsg", "", tc_store_errmsg(w));
    CHECK(tc_store_xapian(w) != NULL, "new store: no Xapian handle");
    CHECK(tc_store_sqlite(w) != NULL, "new store: no SQLite handle");
    static const char *const made[] = {"xapian", "meta.sqlite", "tracuu.lock"};
    for (size_t i = 0; i < 3; i++)
        CHECK(exists(dir, made[i]), "WRITE open did not create %s", made[i]);

    /* Second writer, with the first still open. */
    char err2[512] = "";
    tc_store *w2 = (tc_store *)1;
    CHECK_INT("second WRITE open rc", TC_ELOCKED,
              tc_store_open(dir, TC_STORE_WRITE, &w2, err2, sizeof err2));
    CHECK(w2 == NULL, "second WRITE open failed but *out != NULL");
    CHECK(strstr(err2, "locked") != NULL, "second WRITE open message: \"%s\"", err2);

    /* A reader while the writer holds the lock. */
    tc_store *r = NULL;
    char err3[512] = "";
    CHECK_INT("READ open during a writer rc", TC_OK,
              tc_store_open(dir, TC_STORE_READ, &r, err3, sizeof err3));
    if (r) {
        CHECK_INT("reader writable", 0, tc_store_writable(r));
        CHECK_INT("reader doccount", 0, tc_store_doccount(r));
        tc_store_close(r);
    }
    tc_store_close(w);

    /* The lock goes with the writer. */
    w = NULL;
    CHECK_INT("WRITE open after close rc", TC_OK,
              tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err));
    tc_store_close(w);
    CHECK_INT("schema_version stored in meta", TC_SCHEMA_VERSION,
              sql_on(dir, "SELECT value FROM meta WHERE key='schema_version'"));
}

/* Commits advance both generations together. */
static void test_commit(void)
{
    const char *dir = path_in("c");
    char err[512] = "";
    tc_store *w = NULL;
    if (tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err) != TC_OK) {
        CHECK(0, "tc_store_open(c, WRITE): %s", err);
        return;
    }
    CHECK_INT("tc_store_begin rc", TC_OK, tc_store_begin(w));
    for (int i = 1; i <= 3; i++) {
        char what[100];
        snprintf(what, sizeof what, "tc_store_commit #%d rc", i);
        CHECK_INT(what, TC_OK, tc_store_commit(w));
        snprintf(what, sizeof what, "interrupted after commit #%d", i);
        CHECK_INT(what, 0, tc_store_interrupted(w));
    }
    /* The SQLite transaction the last commit opened, ended here. */
    CHECK_INT("COMMIT rc", TC_OK, tc_store_exec(w, "COMMIT"));
    CHECK_INT("bad SQL rc", TC_ESQLITE, tc_store_exec(w, "SELEC nonsense"));
    CHECK(tc_store_errmsg(w)[0] != 0, "bad SQL leaves no message");
    tc_store_close(w);
    CHECK_INT("meta gen after 3 commits", 3, sql_on(dir, "SELECT value FROM meta WHERE key='gen'"));

    tc_store *r = NULL;
    CHECK_INT("READ open after commits rc", TC_OK,
              tc_store_open(dir, TC_STORE_READ, &r, err, sizeof err));
    if (r) {
        CHECK_INT("reader interrupted after commits", 0, tc_store_interrupted(r));
        tc_store_close(r);
    }

    /* An abandoned run sets the generations apart ... */
    w = NULL;
    if (tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err) == TC_OK) {
        CHECK_INT("begin before abandon", TC_OK, tc_store_begin(w));
        tc_store_abandon(w);
        tc_store_close(w);
    }
    r = NULL;
    if (tc_store_open(dir, TC_STORE_READ, &r, err, sizeof err) == TC_OK) {
        CHECK_INT("reader interrupted after abandon", 1, tc_store_interrupted(r));
        tc_store_close(r);
    } else {
        CHECK(0, "READ open after abandon: %s", err);
    }
    /* ... and the next commit brings them together again. */
    w = NULL;
    if (tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err) == TC_OK) {
        CHECK_INT("writer sees the interruption", 1, tc_store_interrupted(w));
        tc_store_begin(w);
        CHECK_INT("commit after abandon rc", TC_OK, tc_store_commit(w));
        CHECK_INT("interrupted after the repairing commit", 0, tc_store_interrupted(w));
        tc_store_exec(w, "COMMIT");
        tc_store_close(w);
    }
}

/* Document records: a real one, and ids that do not exist. */
static void test_doc_record(void)
{
    const char *dir = path_in("ix");
    char err[512] = "";
    char *abs = realpath("corpus/002_047a4ae5ab10d50a.txt", NULL);
    tc_index *ix = NULL;
    if (!abs || tc_index_open(dir, &ix, err, sizeof err) != TC_OK) {
        CHECK(0, "cannot index corpus/002: %s", err);
        free(abs);
        return;
    }
    tc_index_stats s;
    const char *paths[] = {abs};
    CHECK_INT("index one file rc", TC_OK, tc_index_update(ix, paths, 1, NULL, NULL, &s));
    CHECK_INT("index one file added", 1, s.added);
    tc_index_close(ix);

    tc_store *r = NULL;
    if (tc_store_open(dir, TC_STORE_READ, &r, err, sizeof err) != TC_OK) {
        CHECK(0, "READ open of the index: %s", err);
        free(abs);
        return;
    }
    CHECK_INT("doccount", 1, tc_store_doccount(r));
    tc_buf b;
    tc_buf_init(&b, 0);
    CHECK_INT("tc_store_doc_record(1) rc", TC_OK, tc_store_doc_record(r, 1, &b));
    tc_fields f;
    memset(&f, 0, sizeof f);
    if (b.len && tc_fields_parse(b.data, b.len, &f) == TC_OK) {
        CHECK_STR("record path", abs, tc_fields_get(&f, "path"));
        CHECK_STR("record number", "298/BC-STTTT-VP", tc_fields_get(&f, "number"));
        CHECK_STR("record province", "Trà Vinh", tc_fields_get(&f, "province"));
        CHECK(f.body_len > 1000, "record body: %zu bytes", f.body_len);
        tc_fields_free(&f);
    } else {
        CHECK(0, "record of doc 1 does not parse (%zu bytes)", b.len);
    }
    static const uint32_t missing[] = {0, 2, 999999, UINT32_MAX};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        char what[100];
        tc_buf_reset(&b);
        tc_rc rc = tc_store_doc_record(r, missing[i], &b);
        snprintf(what, sizeof what, "tc_store_doc_record(%u) fails", missing[i]);
        CHECK(rc != TC_OK, "%s: rc %d", what, (int)rc);
        CHECK(tc_store_errmsg(r)[0] != 0, "tc_store_doc_record(%u): no message", missing[i]);
    }
    tc_buf_free(&b);
    tc_store_close(r);
    free(abs);
}

/* Another schema version in either store is refused with advice. */
static void test_schema(void)
{
    const char *dir = path_in("s");
    char err[512] = "";
    tc_store *w = NULL;
    if (tc_store_open(dir, TC_STORE_WRITE, &w, err, sizeof err) != TC_OK) {
        CHECK(0, "tc_store_open(s, WRITE): %s", err);
        return;
    }
    tc_store_close(w);

    static const struct {
        const char *version; /* stored in meta.schema_version */
        tc_rc rc;
    } cases[] = {
        {"999", TC_ESCHEMA},
        {"0", TC_ESCHEMA},
        {"1", TC_ESCHEMA},
        {"2", TC_ESCHEMA},
        {"3", TC_ESCHEMA}, /* before syllable pairs and the i/y folding */
        {"4", TC_ESCHEMA}, /* before the stored sentence starts (value slot 6) */
        {"5", TC_ESCHEMA}, /* before the documents and entity rows in the Xapian data */
        {"6", TC_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char sql[200], what[200];
        snprintf(sql, sizeof sql, "UPDATE meta SET value='%s' WHERE key='schema_version'",
                 cases[i].version);
        CHECK_INT("UPDATE meta rows", 1, sql_on(dir, sql));
        for (int mode = 0; mode < 2; mode++) {
            tc_store *st = (tc_store *)1;
            err[0] = 0;
            tc_rc rc = tc_store_open(dir, mode, &st, err, sizeof err);
            snprintf(what, sizeof what, "tc_store_open(schema_version %s, %s) rc", cases[i].version,
                     mode ? "WRITE" : "READ");
            CHECK_INT(what, cases[i].rc, rc);
            if (rc == TC_ESCHEMA) {
                CHECK(st == NULL, "%s: *out != NULL", what);
                CHECK(strstr(err, "another version of tracuu") && strstr(err, "tracuu index"),
                      "%s: message lacks the advice to rebuild: \"%s\"", what, err);
            }
            if (rc == TC_OK)
                tc_store_close(st);
        }
    }
    /* The whole API says the same. */
    sql_on(dir, "UPDATE meta SET value='999' WHERE key='schema_version'");
    tc_db *db = (tc_db *)1;
    CHECK_INT("tc_db_open(schema 999) rc", TC_ESCHEMA, tc_db_open(dir, &db, err, sizeof err));
    CHECK(db == NULL, "tc_db_open(schema 999): *out != NULL");
    /* No meta row at all while Xapian records our version: one store lost
     * its record, which is damage (issue 15: an emptied meta.sqlite was
     * called "built by another version", and rebuilding was no fix). */
    sql_on(dir, "DELETE FROM meta WHERE key='schema_version'");
    tc_store *st = (tc_store *)1;
    tc_rc rc = tc_store_open(dir, TC_STORE_READ, &st, err, sizeof err);
    CHECK_INT("tc_store_open(no schema_version row) rc", TC_EDAMAGED, rc);
    CHECK(strstr(err, "meta.sqlite has no schema version") != NULL,
          "no schema_version row: message \"%s\"", err);
    if (rc == TC_OK)
        tc_store_close(st);
}

int main(void)
{
    char tmpl[] = "/tmp/tc-test-store-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(tmp, sizeof tmp, "%s", tmpl);
    test_no_index();
    test_write_lock();
    test_commit();
    test_doc_record();
    test_schema();
    nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return check_report("store");
}
