/* fault.c: allocation-failure injection, in the spirit of SQLite's malloc
 * tests.  Fails the Nth allocation of (a) an index run of corpus/ into a
 * fresh index and (b) a search with facets on the index built before the
 * loop, for N = 1, 1 + stride, ... up to the total, and checks after each
 * trial: no crash, no leak (LSan's recoverable check, per trial), a clear
 * error code (TC_OK only when the run still did its job), and that the
 * index built before the loop still gives the same answers.
 *
 * What the injection covers: malloc, calloc, realloc, strdup and strndup
 * of the library's own C code (linked with -Wl,--wrap=...), every C++
 * operator new of the process (tests/fault/fault_new.cc: Xapian, the shim,
 * libstdc++), ICU (u_setMemoryFunctions) and SQLite (SQLITE_CONFIG_MALLOC).
 * Not covered: allocations inside glibc itself (stdio, getline) and the
 * libraries of the readers (libxml2, libzip, poppler, glib), which the
 * sample reports (plain text) do not reach.
 *
 * Usage: fault CORPUS WORKDIR [STRIDE [SEARCH_STRIDE]]  (STRIDE 0: about 30
 * trials each; SEARCH_STRIDE: the search's, when it differs)
 * FAULT_ONLY=N runs the Nth allocation's index trial alone, FAULT_SEARCH_ONLY=N
 * (to FAULT_SEARCH_TO=M, by SEARCH_STRIDE) the search's; FAULT_ABORT=1
 * aborts at the failing allocation, to see where it is.
 * Prints "fault: N passed, M failed" and the totals; exit 1 on failure. */
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uclean.h>

#include "../../include/tracuu.h"

/* The injection state: a test program's own, shared with fault_new.cc. */
static atomic_long fault_count;  /* allocations counted since arming */
static atomic_long fault_target; /* the allocation to fail (1-based), 0 = none */
static atomic_int fault_armed;
static atomic_long fault_failed; /* allocations failed in this trial */

int fault_should_fail(void)
{
    if (!atomic_load_explicit(&fault_armed, memory_order_relaxed))
        return 0;
    long n = atomic_fetch_add(&fault_count, 1) + 1;
    if (n == atomic_load(&fault_target)) {
        atomic_fetch_add(&fault_failed, 1);
        /* to see where: FAULT_ABORT=1 (any trial) or =N (trial N of a sweep:
         * earlier trials can load caches that shift the count) */
        const char *ab = getenv("FAULT_ABORT");
        if (ab && (atol(ab) == 1 || atol(ab) == n))
            abort();
        return 1;
    }
    return 0;
}

/* The trial under way, named when a sanitizer stops the program. */
static const char *trial_what = "set-up";
static void on_death(void)
{
    fprintf(stderr, "fault: died in trial '%s', allocation %ld failed\n", trial_what,
            atomic_load(&fault_target));
}

static void arm(long target)
{
    atomic_store(&fault_count, 0);
    atomic_store(&fault_failed, 0);
    atomic_store(&fault_target, target);
    atomic_store(&fault_armed, 1);
}

static long disarm(void)
{
    atomic_store(&fault_armed, 0);
    return atomic_load(&fault_count);
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
    return fault_should_fail() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m)
{
    return fault_should_fail() ? NULL : __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n)
{
    return fault_should_fail() ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s)
{
    return fault_should_fail() ? NULL : __real_strdup(s);
}
char *__wrap_strndup(const char *s, size_t n)
{
    return fault_should_fail() ? NULL : __real_strndup(s, n);
}

/* ICU's allocator hooks. */
static void *U_CALLCONV icu_alloc(const void *ctx, size_t n)
{
    return __wrap_malloc(n);
}
static void *U_CALLCONV icu_realloc(const void *ctx, void *p, size_t n)
{
    return __wrap_realloc(p, n);
}
static void U_CALLCONV icu_free(const void *ctx, void *p)
{
    free(p);
}

/* SQLite's: its default allocator, asked first. */
static sqlite3_mem_methods sqlite_default;
static void *sq_malloc(int n)
{
    return fault_should_fail() ? NULL : sqlite_default.xMalloc(n);
}
static void *sq_realloc(void *p, int n)
{
    return fault_should_fail() ? NULL : sqlite_default.xRealloc(p, n);
}

static int install_hooks(void)
{
    UErrorCode ue = U_ZERO_ERROR;
    u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &ue);
    if (U_FAILURE(ue))
        return -1;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) != SQLITE_OK)
        return -1;
    sqlite3_mem_methods m = sqlite_default;
    m.xMalloc = sq_malloc;
    m.xRealloc = sq_realloc;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK ? 0 : -1;
}

static const char *corpus;
#define QUERY "báo cáo viễn thông"

static void rm_rf(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fault: cannot remove %s\n", dir);
}

/* (a) one index run of corpus into dir. */
static tc_rc index_run(const char *dir, tc_index_stats *st)
{
    char err[256];
    tc_index *ix;
    tc_rc rc = tc_index_open(dir, &ix, err, sizeof err);
    if (rc)
        return rc;
    memset(st, 0, sizeof *st);
    rc = tc_index_update(ix, &corpus, 1, NULL, NULL, st);
    tc_index_close(ix);
    return rc;
}

/* (b) a search with facets on dir; its answers are written into sig. */
static tc_rc search_run(const char *dir, char *sig, size_t cap)
{
    char err[256];
    tc_db *db;
    size_t used = 0;
    sig[0] = 0;
    tc_rc rc = tc_db_open(dir, &db, err, sizeof err);
    if (rc)
        return rc;
    tc_query *q = NULL;
    rc = tc_query_parse(db, QUERY, &q, err, sizeof err);
    tc_results *r = NULL;
    tc_search_opts o = {0, 10, 0, 1, 0};
    if (!rc)
        rc = tc_search_run(db, q, &o, &r);
    if (!rc) {
        used += snprintf(sig + used, cap - used, "total %u:", r->total);
        for (size_t i = 0; i < r->n && used < cap; i++)
            used += snprintf(sig + used, cap - used, " %u", r->hits[i].docid);
        tc_results_free(r);
    }
    for (int by = TC_BY_PROVINCE; !rc && by <= TC_BY_TYPE; by++) {
        tc_facet_row *rows = NULL;
        size_t n = 0;
        uint32_t total;
        int relaxed;
        rc = tc_facets(db, q, by, 0, &rows, &n, &total, &relaxed);
        for (size_t i = 0; !rc && i < n && used < cap; i++)
            used += snprintf(sig + used, cap - used, "; %s=%u", rows[i].value, rows[i].docs);
        if (!rc)
            tc_facet_rows_free(rows, n);
    }
    tc_query_free(q);
    tc_db_close(db);
    return rc;
}

static int pass, fail;
/* The first failures, printed again at the end: a CI log keeps only the
 * last lines of a step, and a sanitizer's report can push them out. */
static char recap[8][160];

/* An error that sends the user after the wrong problem: an index "of
 * another version", "no index", a "malformed data file" when memory ran out. */
static int misleading(tc_rc rc)
{
    return rc == TC_ESCHEMA || rc == TC_ENOINDEX || rc == TC_EDATA || rc == TC_ENOTFOUND ||
           rc == TC_EINVAL || rc == TC_ESYNTAX;
}

static void check(int ok, const char *what, long n, tc_rc rc)
{
    if (ok) {
        pass++;
        return;
    }
    if (fail < 8)
        snprintf(recap[fail], sizeof recap[fail], "FAIL %s (allocation %ld failed, rc %d: %s)",
                 what, n, (int)rc, tc_strerror(rc));
    fail++;
    printf("FAIL %s (allocation %ld failed, rc %d: %s)\n", what, n, (int)rc, tc_strerror(rc));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fault CORPUS WORKDIR [STRIDE]\n");
        return 2;
    }
    corpus = argv[1];
    long stride = argc > 3 ? atol(argv[3]) : 0;
    setvbuf(stdout, NULL, _IOLBF, 0); /* FAIL lines survive a sanitizer's exit */
    __asan_set_death_callback(on_death);
    if (install_hooks()) {
        fprintf(stderr, "fault: cannot install the ICU and SQLite allocator hooks\n");
        return 2;
    }
    char prev[4096], fresh[4096];
    snprintf(prev, sizeof prev, "%s/prev", argv[2]);
    snprintf(fresh, sizeof fresh, "%s/fresh", argv[2]);
    rm_rf(prev);
    rm_rf(fresh);

    /* the index before the loop, and its answers */
    tc_index_stats st0, st;
    char sig0[4096], sig[4096];
    if (index_run(prev, &st0) || search_run(prev, sig0, sizeof sig0) || st0.added == 0) {
        fprintf(stderr, "fault: cannot build the index of %s\n", corpus);
        return 2;
    }
    /* the totals: both runs counted without failing */
    arm(0);
    tc_rc rc = index_run(fresh, &st);
    long total_a = disarm();
    rm_rf(fresh);
    arm(0);
    rc |= search_run(prev, sig, sizeof sig);
    long total_b = disarm();
    if (rc || strcmp(sig, sig0) != 0) {
        fprintf(stderr, "fault: the counting runs differ from the first ones\n");
        return 2;
    }
    long stride_a = stride ? stride : total_a / 30 + 1;
    long stride_b = stride ? stride : total_b / 30 + 1;
    if (argc > 4) /* the search's own stride: its sweep is cheap, the index run's is not */
        stride_b = atol(argv[4]) > 0 ? atol(argv[4]) : stride_b;
    printf("index run: %ld allocations, stride %ld; search with facets: %ld allocations, "
           "stride %ld\n",
           total_a, stride_a, total_b, stride_b);
    fflush(stdout);
    __lsan_do_recoverable_leak_check(); /* whatever the set-up keeps is not a trial's leak */

    unsigned outcome[64] = {0};
    long first = 1;
    if (getenv("FAULT_ONLY")) { /* one trial of the index run, to debug it */
        first = atol(getenv("FAULT_ONLY"));
        total_a = first;
        total_b = 0;
    }
    long first_b = 1;
    if (getenv("FAULT_SEARCH_ONLY")) { /* one trial of the search, to debug it */
        first_b = atol(getenv("FAULT_SEARCH_ONLY"));
        total_b = getenv("FAULT_SEARCH_TO") ? atol(getenv("FAULT_SEARCH_TO")) : first_b;
        total_a = 0;
    }
    for (long n = first; n <= total_a; n += stride_a) {
        trial_what = "index run";
        arm(n);
        rc = index_run(fresh, &st);
        disarm();
        outcome[rc < 64 ? rc : 63]++;
        /* TC_OK only when the failure was absorbed: then the run did its job
         * or skipped a file and said so */
        check(rc != TC_OK || st.added == st0.added || st.skipped > 0,
              "index run: OK but incomplete", n, rc);
        check(!misleading(rc), "index run: a misleading error", n, rc);
        if (rc == TC_OK && st.skipped == 0) { /* absorbed: the index must be whole */
            tc_rc rc3 = search_run(fresh, sig, sizeof sig);
            check(rc3 == TC_OK && strcmp(sig, sig0) == 0, "index run: OK but other answers", n,
                  rc3);
        }
        check(!__lsan_do_recoverable_leak_check(), "index run: leak", n, rc);
        rm_rf(fresh);
        tc_rc rc2 = search_run(prev, sig, sizeof sig);
        check(rc2 == TC_OK && strcmp(sig, sig0) == 0, "previous index: other answers", n, rc2);
    }
    for (long n = first_b; n <= total_b; n += stride_b) {
        trial_what = "search with facets";
        arm(n);
        rc = search_run(prev, sig, sizeof sig);
        disarm();
        outcome[rc < 64 ? rc : 63]++;
        check(rc != TC_OK || strcmp(sig, sig0) == 0, "search: OK with other answers", n, rc);
        check(!misleading(rc), "search: a misleading error", n, rc);
        check(!__lsan_do_recoverable_leak_check(), "search: leak", n, rc);
        tc_rc rc2 = search_run(prev, sig, sizeof sig);
        check(rc2 == TC_OK && strcmp(sig, sig0) == 0, "search after a failure: other answers", n,
              rc2);
    }
    printf("outcomes:");
    for (int i = 0; i < 64; i++)
        if (outcome[i])
            printf(" %s %u;", i ? tc_strerror((tc_rc)i) : "ok", outcome[i]);
    printf("\n");
    rm_rf(prev);
    trial_what = "the end";
    /* the last leak check is this one, counted, rather than LSan's at exit
     * (run.sh turns that off), so that the summary stays the last lines */
    check(!__lsan_do_recoverable_leak_check(), "leak at the end", 0, TC_OK);
    for (int i = 0; i < fail && i < 8; i++)
        printf("%s\n", recap[i]);
    printf("fault: %d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
