/* test_facetcount.c: facets and trend count passages from positions and
 * stored sentence starts (search/passages.c tc_pcount); these counts must
 * equal the scanner's, document by document.
 *
 * 1. Two small documents written here, counted by hand (phrases across a
 *    sentence end, ';' '!' '?' and line breaks, compounds, i/y spellings,
 *    unaccented words, OR and NOT).
 * 2. An index of corpus/ (five reports), the 35 resolutions (Markdown) and
 *    a few real documents (Word, PDF) of ../shared/corpora when present:
 *    for a table of queries of every kind and every facet, tc_facets()
 *    must give the documents and passages per value that a reference
 *    computes from tc_search_run() and tc_passages() per document.
 * 3. An index of 3,000 generated documents, enough for the count to be
 *    cut between threads (tc_pcount_docs): the same counts on one thread
 *    and on several, equal to the reference and to figures known from
 *    how the documents were made.
 * Run from the repo root. */
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/tracuu.h"
#include "../../search/db.h"
#include "../../search/passages.h"
#include "../../shim/xapian_shim.h"
#include "check.h"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int build(const char *dir, char **paths, size_t n)
{
    char err[512] = "";
    tc_index *ix = NULL;
    tc_rc rc = tc_index_open(dir, &ix, err, sizeof err);
    CHECK(rc == TC_OK, "tc_index_open(%s): %s", dir, err);
    if (rc)
        return 0;
    tc_index_stats s;
    rc = tc_index_update(ix, (const char *const *)paths, n, NULL, NULL, &s);
    CHECK(rc == TC_OK, "tc_index_update: %s", tc_index_errmsg(ix));
    tc_index_close(ix);
    return rc == TC_OK;
}

/* ---- 1. counted by hand ------------------------------------------------- */

/* Sentences of A (a sentence ends at . ; ! ? or a line break):
 *   S0 Báo cáo thử | S1 An toàn thông tin là ưu tiên | S2 an toàn |
 *   S3 Thông tin mới | S4 Hiệu quả cao | S5 Hiệu quả |
 *   S6 Quyết định 45/2016/QĐ-TTg về an toàn thông tin
 * Sentences of B: S0 Kĩ thuật số | S1 kỹ thuật mới | S2 Tỉ lệ tăng | S3 Tỷ lệ giảm */
static const char doc_a[] = "Báo cáo thử.\n"
                            "An toàn thông tin là ưu tiên; an toàn. Thông tin mới!\n"
                            "Hiệu quả cao? Hiệu quả\n"
                            "Quyết định 45/2016/QĐ-TTg về an toàn thông tin.\n";
static const char doc_b[] = "Kĩ thuật số; kỹ thuật mới.\n"
                            "Tỉ lệ tăng. Tỷ lệ giảm\n";

static const struct {
    const char *query;
    uint32_t docs;
    uint64_t passages;
} by_hand[] = {
    /* S1, S2 (the phrase runs on into S3: it counts where it starts), S6 */
    {"\"an toàn thông tin\"", 1, 3},
    {"thông tin", 1, 3},                  /* S1, S3, S6 */
    {"an toàn", 1, 3},                    /* S1, S2, S6 */
    {"hieu qua", 1, 2},                   /* S4, S5 */
    {"\"hiệu quả cao\"", 1, 1},           /* S4 */
    {"45/2016/QĐ-TTg", 1, 1},             /* S6 */
    {"thử OR mới", 2, 3},                 /* A: S0, S3; B: S1 */
    {"kĩ thuật", 1, 2},                   /* B: S0, S1 (kĩ = kỹ) */
    {"tỉ lệ", 1, 2},                      /* B: S2, S3 */
    {"thuật -thông", 1, 2},               /* B only */
    {"\"lệ giảm\" OR \"cáo thử\"", 2, 2}, /* A: S0; B: S3 */
};

static void test_by_hand(const char *tmp)
{
    char dir[PATH_MAX], ixdir[PATH_MAX + 16], pa[PATH_MAX + 16], pb[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(ixdir, sizeof ixdir, "%s/ix-hand", tmp);
    snprintf(pa, sizeof pa, "%s/a.txt", dir);
    snprintf(pb, sizeof pb, "%s/b.txt", dir);
    if (mkdir(dir, 0700) != 0) {
        CHECK(0, "mkdir %s", dir);
        return;
    }
    FILE *f = fopen(pa, "w");
    if (f)
        fputs(doc_a, f), fclose(f);
    f = fopen(pb, "w");
    if (f)
        fputs(doc_b, f), fclose(f);
    char *paths[] = {dir};
    if (!build(ixdir, paths, 1))
        return;
    tc_db *db = NULL;
    char err[512];
    if (tc_db_open(ixdir, &db, err, sizeof err) != TC_OK) {
        CHECK(0, "tc_db_open: %s", err);
        return;
    }
    for (size_t i = 0; i < sizeof by_hand / sizeof by_hand[0]; i++) {
        tc_query *q = NULL;
        tc_rc rc = tc_query_parse(db, by_hand[i].query, &q, err, sizeof err);
        CHECK(rc == TC_OK, "parse %s: %s", by_hand[i].query, err);
        if (rc)
            continue;
        tc_facet_row *rows = NULL;
        size_t n = 0;
        uint32_t total = 0;
        int relaxed = 0;
        rc = tc_facets(db, q, TC_BY_PROVINCE, 0, &rows, &n, &total, &relaxed);
        char what[256];
        snprintf(what, sizeof what, "%s: rc", by_hand[i].query);
        CHECK_INT(what, TC_OK, rc);
        snprintf(what, sizeof what, "%s: rows", by_hand[i].query);
        CHECK_INT(what, 1, n);
        if (n == 1) {
            snprintf(what, sizeof what, "%s: value", by_hand[i].query);
            CHECK_STR(what, "(none)", rows[0].value);
            snprintf(what, sizeof what, "%s: docs", by_hand[i].query);
            CHECK_INT(what, by_hand[i].docs, rows[0].docs);
            snprintf(what, sizeof what, "%s: passages", by_hand[i].query);
            CHECK_INT(what, by_hand[i].passages, rows[0].passages);
        }
        tc_facet_rows_free(rows, n);
        tc_query_free(q);
    }
    tc_db_close(db);
}

/* ---- 2. the index against the scanner ------------------------------------ */

/* Words, unaccented words and their readings, phrases, compounds and
 * document symbols, acronyms, i/y spellings, OR, NOT, fields, a query of
 * filters only, long questions (ranked over any word).  (The scanner's
 * fallback, for a term over 240 bytes, cannot be reached from a query: the
 * parser keeps no such word.) */
static const char *const queries[] = {
    "xã",
    "BTS",
    "SOC",
    "\"an toàn thông tin\"",
    "an toàn thông tin",
    "hieu qua",
    "thong tin",
    "\"chuyen doi so\"",
    "chuyển đổi số",
    "kĩ thuật",
    "tỉ lệ",
    "qui định",
    "lí do",
    "45/2016/QĐ-TTg",
    "QĐ-TTg",
    "KH&ĐT",
    "SOC OR BTS",
    "xã -BTS",
    "xã NOT \"an toàn\"",
    "(viễn thông OR bưu chính) -BTS",
    "province:\"Hà Tĩnh\"",
    "year:2015..2019",
    "type:report",
    "xã province:\"Hà Tĩnh\"",
    "nghị quyết year:2025",
    "cites:QĐ-TTg",
    "ủy ban nhân dân",
    "uỷ ban",
    "hoà",
    "HA TINH",
    "\"quốc hội\" OR \"chính phủ\"",
    "vật liệu nổ công nghiệp",
    "hóa chất",
    "tổ chức thực hiện kế hoạch phát triển kinh tế xã hội của tỉnh",
    "đồng ý",
    "ngân sách nhà nước",
    "\"thông tin và truyền thông\"",
    "nam",
    "việt nam",
};

typedef struct ref_row {
    char value[256];
    uint32_t docs;
    uint64_t passages;
} ref_row;

static void ref_add(ref_row *rows, size_t *n, size_t cap, const char *value, size_t len,
                    uint64_t passages)
{
    char v[256];
    snprintf(v, sizeof v, "%.*s", (int)len, value);
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].value, v) == 0) {
            rows[i].docs++;
            rows[i].passages += passages;
            return;
        }
    if (*n < cap) {
        snprintf(rows[*n].value, sizeof rows[*n].value, "%s", v);
        rows[*n].docs = 1;
        rows[*n].passages = passages;
        (*n)++;
    }
}

typedef struct term_ctx {
    ref_row *rows;
    size_t *n, cap;
    uint64_t passages;
    size_t counted;
} term_ctx;

static int ref_term(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    (void)wdf;
    term_ctx *t = ctx;
    ref_add(t->rows, t->n, t->cap, term + 2, len - 2, t->passages);
    t->counted++;
    return 0;
}

#define REF_CAP 512

/* The reference: the match of tc_search_run, each document's passages by
 * tc_passages() (the scanner over its text), its value read alone. */
static void reference(tc_db *db, const tc_query *q, int by, ref_row *rows, size_t *n)
{
    *n = 0;
    tc_search_opts o = {0, 1000000, 0, 0, 0, 0, 0};
    tc_results *res = NULL;
    if (tc_search_run(db, q, &o, &res) != TC_OK) {
        CHECK(0, "reference tc_search_run: %s", tc_db_errmsg(db));
        return;
    }
    int text = tc_query_text_terms(q) > 0;
    static const char *const field[] = {"province", "province2025", "year", "agency", "type"};
    for (size_t i = 0; i < res->n; i++) {
        uint64_t passages = 1;
        if (text) {
            tc_passage *p = NULL;
            size_t np = 0;
            CHECK(tc_passages(db, q, res->hits[i].docid, &p, &np) == TC_OK, "tc_passages");
            tc_passages_free(p, np);
            passages = np;
        }
        if (by == TC_BY_CITED || by == TC_BY_LEVEL) {
            term_ctx t = {rows, n, REF_CAP, passages, 0};
            tcx_db_doc_terms(tc_db_xapian(db), res->hits[i].docid, by == TC_BY_CITED ? "XC" : "XL",
                             2, ref_term, &t);
            if (by == TC_BY_LEVEL && t.counted == 0)
                ref_add(rows, n, REF_CAP, "(none)", 6, passages);
        } else {
            const char *v = tc_fields_get(&res->hits[i].meta, field[by]);
            if (!v || !*v)
                v = "(none)";
            ref_add(rows, n, REF_CAP, v, strlen(v), passages);
        }
    }
    tc_results_free(res);
}

static void compare(tc_db *db, const char *text, int by, uint64_t *docs_seen,
                    uint64_t *passages_seen)
{
    char err[512];
    tc_query *q = NULL;
    tc_rc rc = tc_query_parse(db, text, &q, err, sizeof err);
    CHECK(rc == TC_OK, "parse %s: %s", text, err);
    if (rc)
        return;
    static ref_row ref[REF_CAP];
    size_t nref = 0;
    reference(db, q, by, ref, &nref);
    tc_facet_row *rows = NULL;
    size_t n = 0;
    uint32_t total = 0;
    int relaxed = 0;
    rc = tc_facets(db, q, by, by == TC_BY_YEAR, &rows, &n, &total, &relaxed);
    char what[1024];
    snprintf(what, sizeof what, "%.60s by %s: rc", text, tc_facet_by_name(by));
    CHECK_INT(what, TC_OK, rc);
    snprintf(what, sizeof what, "%.60s by %s: values", text, tc_facet_by_name(by));
    CHECK_INT(what, nref, n);
    for (size_t i = 0; i < nref; i++) {
        size_t j = 0;
        while (j < n && strcmp(rows[j].value, ref[i].value) != 0)
            j++;
        snprintf(what, sizeof what, "%.60s by %s: value %.200s present", text, tc_facet_by_name(by),
                 ref[i].value);
        CHECK(j < n, "%s", what);
        if (j == n)
            continue;
        snprintf(what, sizeof what, "%.60s by %s: %.200s docs", text, tc_facet_by_name(by),
                 ref[i].value);
        CHECK_INT(what, ref[i].docs, rows[j].docs);
        snprintf(what, sizeof what, "%.60s by %s: %.200s passages", text, tc_facet_by_name(by),
                 ref[i].value);
        CHECK_INT(what, ref[i].passages, rows[j].passages);
        *docs_seen += ref[i].docs;
        *passages_seen += ref[i].passages;
    }
    /* The trend orders years as years. */
    for (size_t i = 1; by == TC_BY_YEAR && i < n; i++)
        CHECK(strcmp(rows[i - 1].value, rows[i].value) < 0, "%s by year: sorted", text);
    tc_facet_rows_free(rows, n);
    tc_query_free(q);
}

/* Adds the files of dir ending in ext (sorted by name, at most max). */
static size_t add_files(const char *dir, const char *ext, size_t max, char **paths, size_t n,
                        size_t cap)
{
    struct dirent **names = NULL;
    int k = scandir(dir, &names, NULL, alphasort);
    size_t taken = 0;
    for (int i = 0; i < k; i++) {
        size_t l = strlen(names[i]->d_name), el = strlen(ext);
        if (taken < max && n < cap && l > el && strcmp(names[i]->d_name + l - el, ext) == 0) {
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", dir, names[i]->d_name);
            paths[n] = realpath(p, NULL);
            if (paths[n]) {
                n++;
                taken++;
            }
        }
        free(names[i]);
    }
    free(names);
    return n;
}

static void test_against_scanner(const char *tmp)
{
    /* Under valgrind (TC_TEST_QUICK) corpus/ alone, by three facets. */
    int quick = getenv("TC_TEST_QUICK") != NULL;
    char *paths[96];
    size_t n = add_files("corpus", ".txt", 10, paths, 0, 96);
    size_t own = n;
    if (!quick) {
        n = add_files("../shared/corpora/resolutions-2025", ".md", 40, paths, n, 96);
        n = add_files("../shared/corpora/real-docs/skill-sct", ".docx", 6, paths, n, 96);
        n = add_files("../shared/corpora/real-docs/skill-sct", ".pdf", 3, paths, n, 96);
    }
    if (n == own && !quick)
        printf("test_facetcount: ../shared/corpora not found: corpus/ only\n");
    char ixdir[PATH_MAX];
    snprintf(ixdir, sizeof ixdir, "%s/ix", tmp);
    int ok = build(ixdir, paths, n);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    if (!ok)
        return;
    tc_db *db = NULL;
    char err[512];
    if (tc_db_open(ixdir, &db, err, sizeof err) != TC_OK) {
        CHECK(0, "tc_db_open: %s", err);
        return;
    }
    uint64_t docs = 0, passages = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        for (int by = 0; by < TC_BY_COUNT; by++)
            if (!quick || by == TC_BY_PROVINCE || by == TC_BY_YEAR || by == TC_BY_LEVEL)
                compare(db, queries[i], by, &docs, &passages);
    /* The table must exercise something: documents and passages counted. */
    CHECK(docs > 500 || n == own, "documents compared: %llu", (unsigned long long)docs);
    CHECK(passages > docs, "passages compared: %llu", (unsigned long long)passages);
    tc_db_close(db);
}

/* ---- 3. counted over several threads ------------------------------------ */

/* 3,000 documents: 1,000 or more match each query, two runs of 500 or
 * more (tc_pcount_docs); under valgrind 1,000, where only "hết" is cut. */
static int gen_docs(void)
{
    return getenv("TC_TEST_QUICK") ? 1000 : 3000;
}
enum { GEN_MAX = 3000 };

/* Document i: "hiệu quả" in a sentence of its own when i is even, twice
 * in one sentence (with "Việt Nam") when i is a multiple of 3, and
 * "hiểu qua" (another reading of "hieu qua") when i is a multiple of 5. */
static int write_generated(const char *dir, char **paths)
{
    for (int i = 0; i < gen_docs(); i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%.4000s/d%04d.txt", dir, i);
        FILE *f = fopen(p, "w");
        if (!f)
            return 0;
        fprintf(f, "Văn bản thử số %d.\n", i);
        if (i % 2 == 0)
            fprintf(f, "Hiệu quả công việc tốt.\n");
        if (i % 3 == 0)
            fprintf(f, "Việt Nam nâng cao hiệu quả, hiệu quả hơn nữa.\n");
        if (i % 5 == 0)
            fprintf(f, "Tôi hiểu qua lời kể.\n");
        fprintf(f, "Hết.\n");
        fclose(f);
        paths[i] = strdup(p);
    }
    return 1;
}

/* The totals of a facet: documents matched and passages. */
static void facet_totals(tc_db *db, const char *text, uint32_t *total, uint64_t *passages)
{
    char err[512];
    tc_query *q = NULL;
    *total = 0;
    *passages = 0;
    tc_rc rc = tc_query_parse(db, text, &q, err, sizeof err);
    CHECK(rc == TC_OK, "parse %s: %s", text, err);
    if (rc)
        return;
    tc_facet_row *rows = NULL;
    size_t n = 0;
    int relaxed = 0;
    rc = tc_facets(db, q, TC_BY_PROVINCE, 0, &rows, &n, total, &relaxed);
    CHECK_INT(text, TC_OK, rc);
    for (size_t i = 0; i < n; i++)
        *passages += rows[i].passages;
    tc_facet_rows_free(rows, n);
    tc_query_free(q);
}

static void test_threads(const char *tmp)
{
    char dir[PATH_MAX], ixdir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/gen", tmp);
    snprintf(ixdir, sizeof ixdir, "%s/genix", tmp);
    static char *paths[GEN_MAX];
    CHECK(mkdir(dir, 0700) == 0, "mkdir %s", dir);
    int ok = write_generated(dir, paths);
    CHECK(ok, "writing %s", dir);
    ok = ok && build(ixdir, paths, (size_t)gen_docs());
    for (int i = 0; i < gen_docs(); i++)
        free(paths[i]);
    if (!ok)
        return;
    /* From how the documents were made: even i, multiples of 3, of 5. */
    uint32_t hq = 0, hq_any = 0;
    uint64_t hq_any_pass = 0;
    const int ndocs = gen_docs();
    for (int i = 0; i < ndocs; i++) {
        hq += i % 2 == 0 || i % 3 == 0;
        hq_any += i % 2 == 0 || i % 3 == 0 || i % 5 == 0;
        hq_any_pass += (i % 2 == 0) + (i % 3 == 0) + (i % 5 == 0);
    }
    const uint32_t even = (uint32_t)ndocs / 2, three = ((uint32_t)ndocs + 2) / 3;
    const struct {
        const char *query;
        uint32_t docs;     /* documents matched */
        uint64_t passages; /* sentences with an occurrence */
    } want[] = {
        /* even or a multiple of 3; one sentence each */
        {"\"hiệu quả\"", hq, even + three},
        /* every reading: "hiểu qua" too (its own sentence) */
        {"hieu qua", hq_any, hq_any_pass},
        {"\"việt nam\"", three, three},
        {"hết", (uint32_t)ndocs, (uint64_t)ndocs},
    };
    const char *saved = getenv("TRACUU_THREADS");
    char *keep = saved ? strdup(saved) : NULL;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        uint32_t total[2];
        uint64_t passages[2];
        for (int t = 0; t < 2; t++) {
            setenv("TRACUU_THREADS", t ? "4" : "1", 1);
            tc_db *db = NULL;
            char err[512];
            if (tc_db_open(ixdir, &db, err, sizeof err) != TC_OK) {
                CHECK(0, "tc_db_open: %s", err);
                return;
            }
            facet_totals(db, want[k].query, &total[t], &passages[t]);
            if (t && k == 0 && !getenv("TC_TEST_QUICK")) {
                uint64_t d = 0, p = 0;
                compare(db, want[k].query, TC_BY_YEAR, &d, &p);
                compare(db, "hieu qua", TC_BY_LEVEL, &d, &p);
            }
            tc_db_close(db);
            char what[256];
            snprintf(what, sizeof what, "%s, %s: documents", want[k].query,
                     t ? "4 threads" : "1 thread");
            CHECK_INT(what, want[k].docs, total[t]);
            snprintf(what, sizeof what, "%s, %s: passages", want[k].query,
                     t ? "4 threads" : "1 thread");
            CHECK_INT(what, want[k].passages, passages[t]);
        }
    }
    /* The runs were cut: "hết" is in every document, once, so documents
     * 1..n each have one passage, counted on min(threads, n / 500). */
    static const struct {
        const char *threads;
        size_t want_full, want_quick; /* threads that counted: 3,000 and 1,000 documents */
    } cut[] = {{"1", 1, 1}, {"2", 2, 2}, {"4", 4, 2}};
    static uint32_t ids[GEN_MAX];
    static uint64_t pass[GEN_MAX];
    for (int i = 0; i < ndocs; i++)
        ids[i] = (uint32_t)i + 1;
    for (size_t k = 0; k < sizeof cut / sizeof cut[0]; k++) {
        setenv("TRACUU_THREADS", cut[k].threads, 1);
        tc_db *db = NULL;
        char err[512];
        tc_query *q = NULL;
        tc_pcount *pc = NULL;
        if (tc_db_open(ixdir, &db, err, sizeof err) != TC_OK ||
            tc_query_parse(db, "hết", &q, err, sizeof err) != TC_OK ||
            tc_pcount_open(db, q, &pc) != TC_OK || !pc) {
            CHECK(0, "open, parse, pcount: %s", err);
            tc_query_free(q);
            tc_db_close(db);
            break;
        }
        memset(pass, 0, sizeof pass);
        size_t used = 0;
        tc_rc rc = tc_pcount_docs(pc, db, q, ids, (size_t)ndocs, pass, &used);
        char what[128];
        snprintf(what, sizeof what, "TRACUU_THREADS=%s: rc", cut[k].threads);
        CHECK_INT(what, TC_OK, rc);
        snprintf(what, sizeof what, "TRACUU_THREADS=%s: threads that counted", cut[k].threads);
        CHECK_INT(what, getenv("TC_TEST_QUICK") ? cut[k].want_quick : cut[k].want_full, used);
        size_t ones = 0;
        for (int i = 0; i < ndocs; i++)
            ones += pass[i] == 1;
        snprintf(what, sizeof what, "TRACUU_THREADS=%s: one passage each", cut[k].threads);
        CHECK_INT(what, (size_t)ndocs, ones);
        tc_pcount_free(pc);
        tc_query_free(q);
        tc_db_close(db);
    }
    if (keep)
        setenv("TRACUU_THREADS", keep, 1);
    else
        unsetenv("TRACUU_THREADS");
    free(keep);
}

int main(void)
{
    char tmp[] = "/tmp/tc_facetcount_XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    test_by_hand(tmp);
    test_against_scanner(tmp);
    test_threads(tmp);
    rm_tree(tmp);
    return check_report("test_facetcount");
}
