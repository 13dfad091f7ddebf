/* fuzz_query.c: libFuzzer harness for the query parser (tc_query_parse in
 * include/tracuu.h) and what a parsed query drives: explain, a search with
 * snippets and one facet.  The index is built once at start-up from the
 * sample reports (FUZZ_CORPUS, default corpus/) in a temporary directory,
 * removed at exit.  Inputs are cut at 512 bytes: the query limits of issue
 * 15 item 3 are another harness's business, this one looks for crashes,
 * leaks and undefined behaviour in parsing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../include/tracuu.h"

static tc_db *db;
static char dir[64];

static void remove_index(void)
{
    tc_db_close(db);
    db = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_query: could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *corpus = getenv("FUZZ_CORPUS") ? getenv("FUZZ_CORPUS") : "corpus";
    snprintf(dir, sizeof dir, "/tmp/fuzz-query-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    char err[256];
    tc_index *ix;
    tc_index_stats st;
    if (tc_index_open(dir, &ix, err, sizeof err) ||
        tc_index_update(ix, &corpus, 1, NULL, NULL, &st)) {
        fprintf(stderr, "fuzz_query: cannot index %s: %s\n", corpus, err);
        abort();
    }
    tc_index_close(ix);
    if (tc_db_open(dir, &db, err, sizeof err))
        abort();
    atexit(remove_index);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    char q[513];
    if (n > 512)
        n = 512;
    memcpy(q, data, n);
    q[n] = 0;
    char err[256];
    tc_query *query = NULL;
    tc_rc rc = tc_query_parse(db, q, &query, err, sizeof err);
    if (rc != TC_OK) {
        if (query || !err[0])
            abort(); /* a syntax error says why and returns nothing */
        return 0;
    }
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_query_explain(query, &b);
    tc_buf_free(&b);
    tc_search_opts o = {0, 3, n & 1, 1, 0};
    tc_results *r = NULL;
    if (tc_search_run(db, query, &o, &r) == TC_OK)
        tc_results_free(r);
    tc_facet_row *rows = NULL;
    size_t nrows = 0;
    uint32_t total;
    int relaxed;
    if (tc_facets(db, query, (n ? data[0] : 0) % TC_BY_COUNT, 0, &rows, &nrows, &total, &relaxed) ==
        TC_OK)
        tc_facet_rows_free(rows, nrows);
    tc_query_free(query);
    return 0;
}
