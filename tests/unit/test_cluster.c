/* test_cluster.c: cluster files (store/store.h tc_store_open_cluster): what
 * a well-formed file opens (local shards, no SQLite, the shards named), and
 * the message and code of every malformed one.  Remote shards are tested
 * end to end on loopback (tests/e2e/cluster.sh). */
#include <ftw.h>
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

static const char *path_in(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    return p;
}

static void write_file(const char *name, const char *text, size_t n)
{
    FILE *f = fopen(path_in(name), "wb");
    if (!f)
        return;
    fwrite(text, 1, n, f);
    fclose(f);
}

/* An empty index of this schema at tmp/name (schema set as a writer opens). */
static void make_index(const char *name, const char *schema)
{
    tc_store *st = NULL;
    char err[512];
    if (tc_store_open(path_in(name), TC_STORE_WRITE, &st, err, sizeof err) != TC_OK) {
        fprintf(stderr, "cannot create %s: %s\n", name, err);
        return;
    }
    if (schema) {
        tcx_db_set_meta(tc_store_xapian(st), "tc.schema", schema, strlen(schema));
        tcx_db_commit(tc_store_xapian(st));
    }
    tc_store_close(st);
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/tc-cluster-XXXXXX");
    if (!mkdtemp(tmp))
        return 1;
    make_index("a", NULL);
    make_index("b", NULL);
    make_index("old", "3");
    mkdir(path_in("plain"), 0777);

    /* A file of two local shards: one a relative folder (read from the
     * file's folder), one absolute, with comments and a timeout. */
    char text[1024];
    snprintf(text, sizeof text,
             "# two shards\n\ntimeout 2.5   # seconds\n  a   a\t# relative\nb %s/b\n", tmp);
    write_file("good.cluster", text, strlen(text));
    CHECK_INT("a file is a cluster", 1, tc_store_cluster_file(path_in("good.cluster")));
    CHECK_INT("a folder is not", 0, tc_store_cluster_file(path_in("a")));
    tc_store *st = NULL;
    char err[512] = "";
    tc_rc rc = tc_store_open_cluster(path_in("good.cluster"), 0, &st, err, sizeof err);
    CHECK_INT("good opens", TC_OK, rc);
    if (st) {
        CHECK_INT("is a cluster", 1, tc_store_is_cluster(st));
        CHECK(tc_store_sqlite(st) == NULL, "a cluster has no side tables");
        CHECK_INT("two shards", 2, tcx_cluster_size(tc_store_xapian(st)));
        int up = 0;
        CHECK_STR("first shard", "a", tcx_cluster_shard(tc_store_xapian(st), 0, &up));
        CHECK_INT("first shard up", 1, up);
        CHECK_STR("second shard", "b", tcx_cluster_shard(tc_store_xapian(st), 1, &up));
        CHECK(tcx_cluster_shard(tc_store_xapian(st), 2, &up) == NULL, "past the last");
        CHECK_INT("no documents", 0, tc_store_doccount(st));
        CHECK_INT("snapshot", TC_OK, tc_store_snapshot(st));
        CHECK_INT("not interrupted", 0, tc_store_interrupted(st));
        tc_store_close(st);
    }
    /* The same through the public API. */
    tc_db *db = NULL;
    rc = tc_db_open_flags(path_in("good.cluster"), TC_OPEN_ALLOW_PARTIAL, &db, err, sizeof err);
    CHECK_INT("tc_db_open_flags", TC_OK, rc);
    if (db) {
        CHECK_INT("tc_db_is_cluster", 1, tc_db_is_cluster(db));
        CHECK(tc_db_missing(db, 0) == NULL, "all shards are local");
        tc_db_close(db);
    }

    static const struct {
        const char *text; /* the cluster file ("@" replaced by the temporary folder) */
        tc_rc rc;         /* the code */
        const char *msg;  /* a part of the message */
    } bad[] = {
        {"a\n", TC_EDATA, "line 1: expected NAME LOCATION"},
        {"a a b\n", TC_EDATA, "line 1: expected NAME LOCATION"},
        {"# only\n\n", TC_EDATA, "lists no shard"},
        {"", TC_EDATA, "lists no shard"},
        {"a a\na b\n", TC_EDATA, "line 2: shard 'a' is listed twice"},
        {"a/b a\n", TC_EDATA, "line 1: a shard's name is letters"},
        {"timeout 0\na a\n", TC_EDATA, "line 1: timeout takes seconds"},
        {"timeout x\na a\n", TC_EDATA, "line 1: timeout takes seconds"},
        {"timeout 1\ntimeout 2\na a\n", TC_EDATA, "line 2: timeout takes seconds"},
        {"timeout 99999\na a\n", TC_EDATA, "timeout takes seconds"},
        {"a host:0\n", TC_EDATA, "neither HOST:PORT"},
        {"a host:65536\n", TC_EDATA, "neither HOST:PORT"},
        {"a host:12x\n", TC_EDATA, "neither HOST:PORT"},
        {"a a\nb nosuch\n", TC_EXAPIAN, "shard 'b' (@/nosuch) cannot be opened"},
        {"a plain\n", TC_EXAPIAN, "shard 'a' (@/plain) cannot be opened"},
        {"a a\nold old\n", TC_ESCHEMA, "shard 'old' of the cluster"},
        /* a remote shard that refuses: named with its address (port 1 on
         * loopback has no server) */
        {"timeout 1\na a\nr 127.0.0.1:1\n", TC_EXAPIAN, "shard 'r' (127.0.0.1:1) cannot be opened"},
        {"a\0b\n", TC_EDATA, "neither an index folder nor a cluster file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n = i == sizeof bad / sizeof *bad - 1 ? 4 : strlen(bad[i].text);
        write_file("bad.cluster", bad[i].text, n);
        err[0] = 0;
        st = NULL;
        rc = tc_store_open_cluster(path_in("bad.cluster"), 0, &st, err, sizeof err);
        char what[64];
        snprintf(what, sizeof what, "bad file %zu: code", i);
        CHECK_INT(what, bad[i].rc, rc);
        CHECK(st == NULL, "case %zu: no handle on failure", i);
        char want[256];
        const char *at = strchr(bad[i].msg, '@');
        if (at)
            snprintf(want, sizeof want, "%.*s%s%s", (int)(at - bad[i].msg), bad[i].msg, tmp,
                     at + 1);
        else
            snprintf(want, sizeof want, "%s", bad[i].msg);
        CHECK(strstr(err, want) != NULL, "case %zu: '%s' lacks '%s'", i, err, want);
        tc_store_close(st);
    }
    /* A remote shard that refuses is left out with partial_ok; a local
     * folder that is not there never is. */
    write_file("partial.cluster", "timeout 1\na a\nr 127.0.0.1:1\n", 28);
    rc = tc_store_open_cluster(path_in("partial.cluster"), 1, &st, err, sizeof err);
    CHECK_INT("partial opens", TC_OK, rc);
    if (st) {
        int up = 1;
        CHECK_STR("the missing shard", "r", tcx_cluster_shard(tc_store_xapian(st), 1, &up));
        CHECK_INT("left out", 0, up);
        tc_store_close(st);
    }
    write_file("partial2.cluster", "r 127.0.0.1:1\n", 14);
    rc = tc_store_open_cluster(path_in("partial2.cluster"), 1, &st, err, sizeof err);
    CHECK_INT("no shard answers", TC_EXAPIAN, rc);
    CHECK(strstr(err, "no shard of the cluster answers") != NULL, "%s", err);
    write_file("partial3.cluster", "a a\nb nosuch\n", 13);
    rc = tc_store_open_cluster(path_in("partial3.cluster"), 1, &st, err, sizeof err);
    CHECK_INT("a missing local folder fails even with partial", TC_EXAPIAN, rc);

    nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return check_report("cluster");
}
