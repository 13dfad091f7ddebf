/* test_api.c: the public API (include/tracuu.h) on an index built from the
 * five reports in corpus/.  Expected values were read from the documents
 * (and agree with the CLI and tests/e2e/run.sh).  Run from the repo root. */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../include/tracuu.h"
#include "check.h"

static const char *const corpus_files[] = {
    "corpus/000_90010ce738600653.txt", /* Hà Tĩnh, Q1 2018, 23/BC-STTTT */
    "corpus/001_36b9b0631c388b4f.txt", /* Hà Tĩnh, year 2024, no number */
    "corpus/002_047a4ae5ab10d50a.txt", /* Trà Vinh, Q1 2019, 298/BC-STTTT-VP */
    "corpus/003_4722339fd0f083dc.txt", /* Cao Bằng, H1 2015, draft */
    "corpus/004_b1b8f2e8913d4e11.txt", /* Quảng Ninh, 9M 2015, 376/BC-STTTT */
};
#define NFILES (sizeof corpus_files / sizeof corpus_files[0])

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- indexing ---------------------------------------------------------- */

static int build_index(const char *dir)
{
    char *abs[NFILES];
    for (size_t i = 0; i < NFILES; i++)
        abs[i] = realpath(corpus_files[i], NULL);
    char err[512] = "";
    tc_index *ix = NULL;
    tc_rc rc = tc_index_open(dir, &ix, err, sizeof err);
    CHECK(rc == TC_OK && ix, "tc_index_open(%s): %s", dir, err);
    int ok = rc == TC_OK;
    if (ok) {
        /* A second writer on the same directory is refused. */
        tc_index *ix2 = (tc_index *)1;
        char err2[512] = "";
        CHECK_INT("second tc_index_open rc", TC_ELOCKED,
                  tc_index_open(dir, &ix2, err2, sizeof err2));
        CHECK(ix2 == NULL, "second tc_index_open sets *out to NULL");
        CHECK(strstr(err2, "locked") != NULL, "second writer message: \"%s\"", err2);

        tc_index_stats s;
        memset(&s, 0xff, sizeof s);
        rc = tc_index_update(ix, (const char *const *)abs, NFILES, NULL, NULL, &s);
        CHECK_INT("first update rc", TC_OK, rc);
        CHECK_INT("first update added", 5, s.added);
        CHECK_INT("first update updated", 0, s.updated);
        CHECK_INT("first update removed", 0, s.removed);
        CHECK_INT("first update unchanged", 0, s.unchanged);
        CHECK_INT("first update skipped", 0, s.skipped);
        ok = rc == TC_OK;

        memset(&s, 0xff, sizeof s);
        rc = tc_index_update(ix, (const char *const *)abs, NFILES, NULL, NULL, &s);
        CHECK(rc == TC_OK,
              "second tc_index_update on the same handle\n  expected: %d\n  actual:   %d (%s)",
              TC_OK, (int)rc, tc_index_errmsg(ix));
        CHECK_INT("second update added", 0, s.added);
        CHECK_INT("second update updated", 0, s.updated);
        CHECK_INT("second update removed", 0, s.removed);
        CHECK_INT("second update unchanged", 5, s.unchanged);
        tc_index_close(ix);
    }
    /* A new writer after the first closed: same files, nothing to do. */
    if (ok) {
        rc = tc_index_open(dir, &ix, err, sizeof err);
        CHECK(rc == TC_OK, "reopen tc_index_open: %s", err);
        if (rc == TC_OK) {
            tc_index_stats s;
            memset(&s, 0, sizeof s);
            CHECK_INT("reopened update rc", TC_OK,
                      tc_index_update(ix, (const char *const *)abs, NFILES, NULL, NULL, &s));
            CHECK_INT("reopened update added", 0, s.added);
            CHECK_INT("reopened update unchanged", 5, s.unchanged);
            tc_index_close(ix);
        }
    }
    for (size_t i = 0; i < NFILES; i++)
        free(abs[i]);
    return ok;
}

/* ---- opening ----------------------------------------------------------- */

static void test_open_errors(const char *tmp)
{
    char dir[PATH_MAX], err[512] = "";
    snprintf(dir, sizeof dir, "%s/no-such-index", tmp);
    tc_db *db = (tc_db *)1;
    CHECK_INT("tc_db_open(missing dir)", TC_ENOINDEX, tc_db_open(dir, &db, err, sizeof err));
    CHECK(db == NULL, "tc_db_open(missing dir) sets *out to NULL");
    CHECK(strstr(err, "no-such-index") != NULL, "missing-dir message names the dir: \"%s\"", err);
}

static void test_stats(tc_db *db)
{
    tc_db_stats s;
    memset(&s, 0, sizeof s);
    CHECK_INT("tc_db_stats_get rc", TC_OK, tc_db_stats_get(db, &s));
    CHECK_INT("stats documents", 5, s.documents);
    CHECK_INT("stats schema", tc_schema_version(), s.schema);
    CHECK_INT("tc_schema_version", 6, tc_schema_version());
    /* 45/2016/QĐ-TTg alone is cited 3 times, 36-NQ/TW 4 times. */
    CHECK(s.citations >= 7, "stats citations >= 7: %llu", (unsigned long long)s.citations);
    CHECK(s.figures >= 3, "stats figures >= 3: %llu", (unsigned long long)s.figures);
    CHECK_INT("tc_db_interrupted", 0, tc_db_interrupted(db));
    CHECK_STR("tc_db_errmsg after success", "", tc_db_errmsg(db));
}

/* ---- queries ----------------------------------------------------------- */

static const struct {
    const char *text;
    tc_rc rc;
    const char *msg; /* a part of the message, or NULL */
} parse_cases[] = {
    {"\"an toàn", TC_ESYNTAX, "unclosed quote"},
    {"\"an toàn", TC_ESYNTAX, "^"},
    {"an toàn )", TC_ESYNTAX, "^"},
    {"(an toàn", TC_ESYNTAX, "missing ')'"},
    {"foo:bar", TC_ESYNTAX, "unknown field"},
    {"year:20x8", TC_ESYNTAX, "year needs"},
    {"province:Atlantis", TC_ESYNTAX, "unknown province"},
    {"OR an", TC_ESYNTAX, "OR needs"},
    {"cites:hello", TC_ESYNTAX, "cites needs"},
    {"SOC", TC_OK, NULL},
    {"\"hiệu quả\" -mưa", TC_OK, NULL},
    {"province:\"Hà Tĩnh\" year:2016..2024", TC_OK, NULL},
};

static void test_parse(tc_db *db)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        char err[512] = "";
        tc_query *q = (tc_query *)1;
        tc_rc rc = tc_query_parse(db, parse_cases[i].text, &q, err, sizeof err);
        char what[300];
        snprintf(what, sizeof what, "tc_query_parse(%s) rc", parse_cases[i].text);
        CHECK_INT(what, parse_cases[i].rc, rc);
        if (rc != TC_OK)
            CHECK(q == NULL, "tc_query_parse(%s) failed but *out != NULL", parse_cases[i].text);
        if (parse_cases[i].msg)
            CHECK(strstr(err, parse_cases[i].msg) != NULL,
                  "tc_query_parse(%s) message\n  expected to contain: \"%s\"\n  actual: \"%s\"",
                  parse_cases[i].text, parse_cases[i].msg, err);
        if (rc == TC_OK)
            tc_query_free(q);
    }
}

static const struct {
    const char *text;
    size_t terms; /* tc_query_text_terms */
} term_cases[] = {
    {"SOC", 1},
    {"province:\"Trà Vinh\"", 0},
    {"draft:yes year:2015", 0},
    {"mưa OR SOC", 2},
};

static void test_terms(tc_db *db)
{
    for (size_t i = 0; i < sizeof term_cases / sizeof term_cases[0]; i++) {
        char err[512] = "";
        tc_query *q = NULL;
        tc_rc rc = tc_query_parse(db, term_cases[i].text, &q, err, sizeof err);
        CHECK(rc == TC_OK, "parse %s: %s", term_cases[i].text, err);
        if (rc)
            continue;
        char what[300];
        snprintf(what, sizeof what, "tc_query_text_terms(%s)", term_cases[i].text);
        CHECK_INT(what, term_cases[i].terms, tc_query_text_terms(q));
        tc_buf b;
        tc_buf_init(&b, 0);
        CHECK_INT("tc_query_explain rc", TC_OK, tc_query_explain(q, &b));
        CHECK(b.len > 0, "tc_query_explain(%s) is empty", term_cases[i].text);
        tc_buf_free(&b);
        tc_query_free(q);
    }
}

/* ---- search ------------------------------------------------------------ */

static const struct {
    const char *text;
    int by_date;          /* sort newest first */
    uint32_t total;       /* documents matching */
    const char *province; /* the first hit's province ("" when none) */
    const char *number;   /* the first hit's number, or NULL to skip */
} search_cases[] = {
    {"SOC", 0, 1, "Hà Tĩnh", NULL},
    {"mưa", 0, 1, "Hà Tĩnh", "23/BC-STTTT"},
    {"\"chuyển đổi số\"", 0, 1, "Hà Tĩnh", NULL},
    {"province:\"Trà Vinh\"", 0, 1, "Trà Vinh", "298/BC-STTTT-VP"},
    {"province2025:\"Vĩnh Long\"", 0, 1, "Trà Vinh", "298/BC-STTTT-VP"},
    {"draft:yes", 0, 1, "Cao Bằng", NULL},
    {"period:9M", 0, 1, "Quảng Ninh", "376/BC-STTTT"},
    {"year:2015", 1, 2, "Quảng Ninh", "376/BC-STTTT"}, /* 2015-09-23 after 2015-07 */
    {"BTS", 0, 4, NULL, NULL},
    {"BTS", 1, 4, "Hà Tĩnh", NULL}, /* 2024 first */
    {"cites:45/2016/QĐ-TTg", 1, 2, "Trà Vinh", "298/BC-STTTT-VP"},
    {"mưa OR SOC", 0, 2, "Hà Tĩnh", NULL},
    {"\"hiệu quả\" -mưa", 0, 3, NULL, NULL},
    {"type:report", 0, 5, NULL, NULL},
    {"province:\"Quảng Ninh\" BTS", 0, 1, "Quảng Ninh", NULL},
    {"zzqxnotaword", 0, 0, "", NULL},
};

static void test_search(tc_db *db)
{
    for (size_t i = 0; i < sizeof search_cases / sizeof search_cases[0]; i++) {
        const char *text = search_cases[i].text;
        char err[512] = "";
        tc_query *q = NULL;
        tc_rc rc = tc_query_parse(db, text, &q, err, sizeof err);
        CHECK(rc == TC_OK, "parse %s: %s", text, err);
        if (rc)
            continue;
        tc_search_opts o = {0, 10, search_cases[i].by_date, 1, 0, 0, 0};
        tc_results *r = NULL;
        rc = tc_search_run(db, q, &o, &r);
        char what[300];
        snprintf(what, sizeof what, "tc_search_run(%s) rc", text);
        CHECK_INT(what, TC_OK, rc);
        if (!rc && r) {
            snprintf(what, sizeof what, "search %s%s: total", text,
                     search_cases[i].by_date ? " (by date)" : "");
            CHECK_INT(what, search_cases[i].total, r->total);
            snprintf(what, sizeof what, "search %s: hits in page", text);
            CHECK_INT(what, search_cases[i].total < 10 ? search_cases[i].total : 10, r->n);
            if (search_cases[i].province && r->n) {
                snprintf(what, sizeof what, "search %s%s: first hit's province", text,
                         search_cases[i].by_date ? " (by date)" : "");
                CHECK_STR(what, search_cases[i].province,
                          tc_fields_get(&r->hits[0].meta, "province"));
            }
            if (search_cases[i].number && r->n) {
                snprintf(what, sizeof what, "search %s: first hit's number", text);
                CHECK_STR(what, search_cases[i].number, tc_fields_get(&r->hits[0].meta, "number"));
            }
            for (size_t h = 0; h < r->n; h++) {
                snprintf(what, sizeof what, "search %s: rank of hit %zu", text, h);
                CHECK_INT(what, h + 1, r->hits[h].rank);
            }
        }
        tc_results_free(r);
        tc_query_free(q);
    }
}

/* Paging: offset 1, limit 2 over the 4 BTS documents sorted by date. */
static void test_paging(tc_db *db)
{
    char err[512] = "";
    tc_query *q = NULL;
    if (tc_query_parse(db, "BTS", &q, err, sizeof err) != TC_OK) {
        CHECK(0, "parse BTS: %s", err);
        return;
    }
    tc_search_opts o = {1, 2, 1, 0, 0, 0, 0};
    tc_results *r = NULL;
    CHECK_INT("paged search rc", TC_OK, tc_search_run(db, q, &o, &r));
    if (r) {
        CHECK_INT("paged total", 4, r->total);
        CHECK_INT("paged n", 2, r->n);
        if (r->n == 2) {
            CHECK_INT("paged first rank", 2, r->hits[0].rank);
            /* newest first: 2024-07, 2018-03-23, 2015-09-23, 2015-07 */
            CHECK_STR("paged first date", "2018-03-23", tc_fields_get(&r->hits[0].meta, "date"));
            CHECK_STR("paged second date", "2015-09-23", tc_fields_get(&r->hits[1].meta, "date"));
        }
    }
    tc_results_free(r);
    tc_query_free(q);
}

/* ---- facets ------------------------------------------------------------ */

typedef struct facet_row {
    const char *value;
    uint32_t docs;
    uint64_t passages;
} facet_row;

static const struct {
    const char *text;
    const char *by;
    int sort_by_value;
    uint32_t total;
    size_t n;
    facet_row rows[6];
} facet_cases[] = {
    {"SOC", "province", 0, 1, 1, {{"Hà Tĩnh", 1, 4}}},
    {"SOC", "type", 0, 1, 1, {{"report", 1, 4}}},
    {"BTS", "province", 0, 4, 3, {{"Hà Tĩnh", 2, 3}, {"Cao Bằng", 1, 5}, {"Quảng Ninh", 1, 5}}},
    {"BTS", "province2025", 0, 4, 3, {{"Hà Tĩnh", 2, 3}, {"Cao Bằng", 1, 5}, {"Quảng Ninh", 1, 5}}},
    /* the seed reports are all provincial departments' */
    {"BTS", "level", 0, 4, 1, {{"province", 4, 13}}},
    {"\"an toàn thông tin\"",
     "year",
     1,
     5,
     4,
     {{"2015", 2, 8}, {"2018", 1, 4}, {"2019", 1, 3}, {"2024", 1, 22}}},
    {"type:report",
     "year",
     1,
     5,
     4,
     {{"2015", 2, 2}, {"2018", 1, 1}, {"2019", 1, 1}, {"2024", 1, 1}}},
};

static void test_facets(tc_db *db)
{
    CHECK_INT("tc_facet_by_parse(province)", TC_BY_PROVINCE, tc_facet_by_parse("province"));
    CHECK_INT("tc_facet_by_parse(year)", TC_BY_YEAR, tc_facet_by_parse("year"));
    CHECK_INT("tc_facet_by_parse(cited)", TC_BY_CITED, tc_facet_by_parse("cited"));
    CHECK_INT("tc_facet_by_parse(level)", TC_BY_LEVEL, tc_facet_by_parse("level"));
    CHECK_INT("tc_facet_by_parse(nonsense)", -1, tc_facet_by_parse("nonsense"));
    CHECK_STR("tc_facet_by_name(TC_BY_AGENCY)", "agency", tc_facet_by_name(TC_BY_AGENCY));

    for (size_t i = 0; i < sizeof facet_cases / sizeof facet_cases[0]; i++) {
        char err[512] = "", what[300];
        tc_query *q = NULL;
        if (tc_query_parse(db, facet_cases[i].text, &q, err, sizeof err) != TC_OK) {
            CHECK(0, "parse %s: %s", facet_cases[i].text, err);
            continue;
        }
        tc_facet_row *rows = NULL;
        size_t n = 0;
        uint32_t total = 0;
        int relaxed = -1;
        tc_rc rc = tc_facets(db, q, tc_facet_by_parse(facet_cases[i].by),
                             facet_cases[i].sort_by_value, &rows, &n, &total, &relaxed);
        snprintf(what, sizeof what, "tc_facets(%s by %s) rc", facet_cases[i].text,
                 facet_cases[i].by);
        CHECK_INT(what, TC_OK, rc);
        snprintf(what, sizeof what, "tc_facets(%s by %s) total", facet_cases[i].text,
                 facet_cases[i].by);
        CHECK_INT(what, facet_cases[i].total, total);
        snprintf(what, sizeof what, "tc_facets(%s by %s) rows", facet_cases[i].text,
                 facet_cases[i].by);
        CHECK_INT(what, facet_cases[i].n, n);
        snprintf(what, sizeof what, "tc_facets(%s by %s) relaxed", facet_cases[i].text,
                 facet_cases[i].by);
        CHECK_INT(what, 0, relaxed);
        for (size_t k = 0; k < n && k < facet_cases[i].n; k++) {
            const facet_row *e = &facet_cases[i].rows[k];
            snprintf(what, sizeof what, "tc_facets(%s by %s) row %zu value", facet_cases[i].text,
                     facet_cases[i].by, k);
            CHECK_STR(what, e->value, rows[k].value);
            snprintf(what, sizeof what, "tc_facets(%s by %s) row %zu (%s) docs",
                     facet_cases[i].text, facet_cases[i].by, k, e->value);
            CHECK_INT(what, e->docs, rows[k].docs);
            snprintf(what, sizeof what, "tc_facets(%s by %s) row %zu (%s) passages",
                     facet_cases[i].text, facet_cases[i].by, k, e->value);
            CHECK_INT(what, e->passages, rows[k].passages);
        }
        tc_facet_rows_free(rows, n);
        tc_query_free(q);
    }
}

/* ---- citations --------------------------------------------------------- */

static const struct {
    const char *text;
    tc_rc rc;
    const char *key;
} key_cases[] = {
    {"Quyết định số 45/2016/QĐ-TTg", TC_OK, "45/2016/QĐ-TTg"},
    {"Quyết định 45/2016/QĐ-TTg", TC_OK, "45/2016/QĐ-TTg"},
    {"45/2016/QĐ-TTg", TC_OK, "45/2016/QĐ-TTg"},
    {"45/2016/qd-ttg", TC_OK, "45/2016/QĐ-TTg"},
    {"Nghị quyết số 36-NQ/TW", TC_OK, "36-NQ/TW"},
    {"36-NQ/TW", TC_OK, "36-NQ/TW"},
    {"Quyết định số 45/QĐ-TTg", TC_OK, "45/QĐ-TTg"},
    {"Công văn số 381/SKHĐT-THKTKG", TC_OK, "381/SKHĐT-THKTKG"},
    {"hello", TC_ENOTFOUND, ""},
    {"báo cáo tình hình", TC_ENOTFOUND, ""},
    {"", TC_ENOTFOUND, ""},
};

static void test_cite_key(tc_db *db)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        char what[300];
        CHECK_INT("stale prefix", TC_OK, tc_buf_puts(&b, "stale")); /* out is reset first */
        tc_rc rc = tc_cite_key(db, key_cases[i].text, strlen(key_cases[i].text), &b);
        snprintf(what, sizeof what, "tc_cite_key(%s) rc", key_cases[i].text);
        CHECK_INT(what, key_cases[i].rc, rc);
        if (rc == TC_OK) {
            snprintf(what, sizeof what, "tc_cite_key(%s)", key_cases[i].text);
            CHECK_STR(what, key_cases[i].key, tc_buf_cstr(&b));
        }
        tc_buf_reset(&b);
    }
    tc_buf_free(&b);
}

typedef struct cite_expect {
    const char *file; /* basename prefix of the citing document */
    const char *date;
    const char *province;
    int probable;
} cite_expect;

static const struct {
    const char *key;
    int probable;
    size_t n;
    cite_expect rows[8];
} cite_cases[] = {
    /* 000 once (2018), 002 twice (2019): date order. */
    {"45/2016/QĐ-TTg",
     0,
     3,
     {{"000", "2018-03-23", "Hà Tĩnh", 0},
      {"002", "2019-03-14", "Trà Vinh", 0},
      {"002", "2019-03-14", "Trà Vinh", 0}}},
    /* 003 (Cao Bằng 2015) three times, 001 (Hà Tĩnh 2024) once. */
    {"36-NQ/TW",
     0,
     4,
     {{"003", "2015-07", "Cao Bằng", 0},
      {"003", "2015-07", "Cao Bằng", 0},
      {"003", "2015-07", "Cao Bằng", 0},
      {"001", "2024-07", "Hà Tĩnh", 0}}},
    /* The 2019 decision with the same number is another document. */
    {"45/QĐ-TTg",
     0,
     2,
     {{"002", "2019-03-14", "Trà Vinh", 0}, {"002", "2019-03-14", "Trà Vinh", 0}}},
    {"999/2099/QĐ-TTg", 0, 0, {{0}}},
};

static const char *base3(const char *path, char *out)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    s = s ? s + 1 : (path ? path : "");
    snprintf(out, 4, "%s", s);
    return out;
}

static void test_cite_list(tc_db *db)
{
    for (size_t i = 0; i < sizeof cite_cases / sizeof cite_cases[0]; i++) {
        char what[300], b3[4];
        tc_cite_row *rows = NULL;
        size_t n = 99;
        tc_rc rc = tc_cite_list(db, cite_cases[i].key, cite_cases[i].probable, &rows, &n);
        snprintf(what, sizeof what, "tc_cite_list(%s) rc", cite_cases[i].key);
        CHECK(rc == TC_OK || (cite_cases[i].n == 0 && rc == TC_ENOTFOUND), "%s: %d (%s)", what,
              (int)rc, tc_db_errmsg(db));
        snprintf(what, sizeof what, "tc_cite_list(%s) count", cite_cases[i].key);
        CHECK_INT(what, cite_cases[i].n, rc ? 0 : n);
        for (size_t k = 0; !rc && k < n && k < cite_cases[i].n; k++) {
            const cite_expect *e = &cite_cases[i].rows[k];
            snprintf(what, sizeof what, "tc_cite_list(%s) row %zu document", cite_cases[i].key, k);
            CHECK_STR(what, e->file, base3(rows[k].path, b3));
            snprintf(what, sizeof what, "tc_cite_list(%s) row %zu date", cite_cases[i].key, k);
            CHECK_STR(what, e->date, rows[k].date);
            snprintf(what, sizeof what, "tc_cite_list(%s) row %zu province", cite_cases[i].key, k);
            CHECK_STR(what, e->province, rows[k].province);
            snprintf(what, sizeof what, "tc_cite_list(%s) row %zu key", cite_cases[i].key, k);
            CHECK_STR(what, cite_cases[i].key, rows[k].key);
            snprintf(what, sizeof what, "tc_cite_list(%s) row %zu probable", cite_cases[i].key, k);
            CHECK_INT(what, e->probable, rows[k].probable);
            CHECK(rows[k].sentence && strstr(rows[k].sentence, cite_cases[i].key),
                  "tc_cite_list(%s) row %zu: sentence lacks the key: \"%s\"", cite_cases[i].key, k,
                  rows[k].sentence ? rows[k].sentence : "(null)");
        }
        /* Date order (ISO strings compare as dates). */
        for (size_t k = 1; !rc && k < n; k++)
            CHECK(strcmp(rows[k - 1].date, rows[k].date) <= 0,
                  "tc_cite_list(%s): row %zu date %s after row %zu date %s", cite_cases[i].key,
                  k - 1, rows[k - 1].date, k, rows[k].date);
        if (!rc)
            tc_cite_rows_free(rows, n);
    }

    /* 45/2016 as written in 000: "Quyết định số 45/2016/QĐ-TTg". */
    tc_cite_row *rows = NULL;
    size_t n = 0;
    if (tc_cite_list(db, "45/2016/QĐ-TTg", 0, &rows, &n) == TC_OK && n > 0) {
        CHECK_STR("45/2016 row 0 text", "Quyết định số 45/2016/QĐ-TTg", rows[0].text);
        CHECK_STR("45/2016 row 0 number", "23/BC-STTTT", rows[0].number);
        CHECK_STR("45/2016 row 0 reason", "", rows[0].reason);
        tc_cite_rows_free(rows, n);
    }

    /* 36-NQ/TW with probable: 003 also writes "Nghị quyết 36" three times. */
    rows = NULL;
    n = 0;
    CHECK_INT("tc_cite_list(36-NQ/TW, probable) rc", TC_OK,
              tc_cite_list(db, "36-NQ/TW", 1, &rows, &n));
    CHECK_INT("tc_cite_list(36-NQ/TW, probable) count", 7, n);
    int probable = 0;
    for (size_t k = 0; k < n; k++) {
        char b3[4];
        probable += rows[k].probable != 0;
        if (rows[k].probable) {
            CHECK_STR("probable 36-NQ/TW row document", "003", base3(rows[k].path, b3));
            CHECK(rows[k].reason && rows[k].reason[0], "probable row %zu has no reason", k);
        }
    }
    CHECK_INT("tc_cite_list(36-NQ/TW, probable) probable rows", 3, probable);
    tc_cite_rows_free(rows, n);
}

static void test_cite_top(tc_db *db)
{
    static const struct {
        const char *key;
        uint32_t docs;
        uint64_t mentions;
    } want[] = {
        {"36-NQ/TW", 2, 4},       /* 001 once, 003 three times */
        {"45/2016/QĐ-TTg", 2, 3}, /* 000 once, 002 twice */
        {"Luật Báo chí", 2, 3},   /* a law named without its number: 000 twice, 001 once */
    };
    tc_cite_top_row *rows = NULL;
    size_t n = 0;
    CHECK_INT("tc_cite_top rc", TC_OK, tc_cite_top(db, NULL, 3, &rows, &n));
    CHECK_INT("tc_cite_top(limit 3) count", 3, n);
    for (size_t k = 0; k < n && k < 3; k++) {
        char what[100];
        snprintf(what, sizeof what, "tc_cite_top row %zu key", k);
        CHECK_STR(what, want[k].key, rows[k].key);
        snprintf(what, sizeof what, "tc_cite_top row %zu (%s) docs", k, want[k].key);
        CHECK_INT(what, want[k].docs, rows[k].docs);
        snprintf(what, sizeof what, "tc_cite_top row %zu (%s) mentions", k, want[k].key);
        CHECK_INT(what, want[k].mentions, rows[k].mentions);
        CHECK(rows[k].group == NULL, "tc_cite_top row %zu group without by: \"%s\"", k,
              rows[k].group);
    }
    tc_cite_top_free(rows, n);

    rows = NULL;
    n = 0;
    CHECK_INT("tc_cite_top(by year) rc", TC_OK, tc_cite_top(db, "year", 1000, &rows, &n));
    CHECK(n > 0, "tc_cite_top(by year) has rows");
    for (size_t k = 0; k < n; k++)
        CHECK(rows[k].group && rows[k].group[0], "tc_cite_top(by year) row %zu has no group", k);
    tc_cite_top_free(rows, n);
}

static int has_str(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

static int has_edge(const tc_graph *g, const char *from, const char *to)
{
    for (size_t i = 0; i < g->nedges; i++)
        if (strcmp(g->edges[i][0], from) == 0 && strcmp(g->edges[i][1], to) == 0)
            return 1;
    return 0;
}

static const struct {
    const char *key;
    unsigned depth;
    size_t nnodes, nedges; /* exact counts at depth 1; 0 = at least the edges below */
    const char *edges[3][2];
} graph_cases[] = {
    /* 000 (23/BC-STTTT) and 002 (298/BC-STTTT-VP) cite it. */
    {"45/2016/QĐ-TTg",
     1,
     3,
     2,
     {{"23/BC-STTTT", "45/2016/QĐ-TTg"}, {"298/BC-STTTT-VP", "45/2016/QĐ-TTg"}}},
    /* 001 and 003 have no number of their own: "doc 2", "doc 4". */
    {"36-NQ/TW", 1, 3, 2, {{"doc 2", "36-NQ/TW"}, {"doc 4", "36-NQ/TW"}}},
    {"45/2016/QĐ-TTg",
     2,
     0,
     0,
     {{"23/BC-STTTT", "45/2016/QĐ-TTg"},
      {"298/BC-STTTT-VP", "45/2016/QĐ-TTg"},
      {"298/BC-STTTT-VP", "45/QĐ-TTg"}}},
};

static void test_cite_graph(tc_db *db)
{
    for (size_t i = 0; i < sizeof graph_cases / sizeof graph_cases[0]; i++) {
        char what[300];
        tc_graph *g = NULL;
        tc_rc rc = tc_cite_graph(db, graph_cases[i].key, graph_cases[i].depth, &g);
        snprintf(what, sizeof what, "tc_cite_graph(%s, %u) rc", graph_cases[i].key,
                 graph_cases[i].depth);
        CHECK_INT(what, TC_OK, rc);
        if (rc || !g)
            continue;
        snprintf(what, sizeof what, "tc_cite_graph(%s) root", graph_cases[i].key);
        CHECK_STR(what, graph_cases[i].key, g->root);
        CHECK(has_str(g->nodes, g->nnodes, graph_cases[i].key),
              "tc_cite_graph(%s): the root is not a node", graph_cases[i].key);
        if (graph_cases[i].nnodes) {
            snprintf(what, sizeof what, "tc_cite_graph(%s, %u) nodes", graph_cases[i].key,
                     graph_cases[i].depth);
            CHECK_INT(what, graph_cases[i].nnodes, g->nnodes);
            snprintf(what, sizeof what, "tc_cite_graph(%s, %u) edges", graph_cases[i].key,
                     graph_cases[i].depth);
            CHECK_INT(what, graph_cases[i].nedges, g->nedges);
        }
        for (size_t k = 0; k < 3 && graph_cases[i].edges[k][0]; k++) {
            const char *from = graph_cases[i].edges[k][0], *to = graph_cases[i].edges[k][1];
            CHECK(has_edge(g, from, to), "tc_cite_graph(%s, %u): missing edge %s -> %s",
                  graph_cases[i].key, graph_cases[i].depth, from, to);
            CHECK(has_str(g->nodes, g->nnodes, from), "tc_cite_graph(%s, %u): missing node %s",
                  graph_cases[i].key, graph_cases[i].depth, from);
        }
        for (size_t k = 1; k < g->nnodes; k++)
            CHECK(strcmp(g->nodes[k - 1], g->nodes[k]) < 0,
                  "tc_cite_graph(%s): nodes not sorted: %s, %s", graph_cases[i].key,
                  g->nodes[k - 1], g->nodes[k]);
        tc_graph_free(g);
    }
}

/* ---- figures ----------------------------------------------------------- */

static void test_figures(tc_db *db)
{
    /* 003: "775 vị trí trạm BTS" (Cao Bằng, H1 2015), a total; 000: "5 trạm
     * BTS" appraised in Quý I/2018 (Hà Tĩnh), a change; 001: "3250 trạm BTS"
     * (Hà Tĩnh, 2024), a total; 004: "Thẩm định 279 vị trí xây dựng trạm BTS"
     * (Quảng Ninh, 9 months of 2015), a change, and "(Tăng 253 vị trí so với
     * cùng kỳ năm 2014)", the difference from the year before. */
    static const struct {
        double value;
        const char *unit, *measure, *stated, *province, *year, *period, *text, *file;
    } want[] = {
        {775, "vị trí", "total", "", "Cao Bằng", "2015", "H1", "775 vị trí trạm BTS", "003"},
        {5, "trạm", "change", "Quý I/2018", "Hà Tĩnh", "2018", "Q1", "5 trạm BTS", "000"},
        {3250, "trạm", "total", "", "Hà Tĩnh", "2024", "Y", "3250 trạm BTS", "001"},
        {279, "vị trí", "change", "", "Quảng Ninh", "2015", "9M", "279 vị trí", "004"},
        {253, "vị trí", "diff", "", "Quảng Ninh", "2015", "9M", "253 vị trí", "004"},
    };
    const size_t nwant = sizeof want / sizeof want[0];
    const char *whats[] = {"trạm BTS", "tram bts", "TRẠM BTS"};
    for (size_t w = 0; w < sizeof whats / sizeof whats[0]; w++) {
        tc_figure_row *rows = NULL;
        size_t n = 0;
        char what[300], b3[4];
        snprintf(what, sizeof what, "tc_figures_find(%s) rc", whats[w]);
        CHECK_INT(what, TC_OK, tc_figures_find(db, whats[w], &rows, &n));
        snprintf(what, sizeof what, "tc_figures_find(%s) count", whats[w]);
        CHECK_INT(what, nwant, n);
        for (size_t k = 0; k < n && k < nwant; k++) {
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu value (x1000)", whats[w], k);
            CHECK_INT(what, (long long)(want[k].value * 1000), (long long)(rows[k].value * 1000));
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu unit", whats[w], k);
            CHECK_STR(what, want[k].unit, rows[k].unit);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu kind", whats[w], k);
            CHECK_STR(what, "count", rows[k].kind);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu measure", whats[w], k);
            CHECK_STR(what, want[k].measure, rows[k].measure);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu stated period", whats[w], k);
            CHECK_STR(what, want[k].stated, rows[k].stated);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu province", whats[w], k);
            CHECK_STR(what, want[k].province, rows[k].province);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu year", whats[w], k);
            CHECK_STR(what, want[k].year, rows[k].year);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu period", whats[w], k);
            CHECK_STR(what, want[k].period, rows[k].period);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu text", whats[w], k);
            CHECK_STR(what, want[k].text, rows[k].text);
            snprintf(what, sizeof what, "tc_figures_find(%s) row %zu document", whats[w], k);
            CHECK_STR(what, want[k].file, base3(rows[k].path, b3));
            CHECK(rows[k].sentence && strstr(rows[k].sentence, want[k].text),
                  "tc_figures_find(%s) row %zu: sentence lacks \"%s\": \"%s\"", whats[w], k,
                  want[k].text, rows[k].sentence ? rows[k].sentence : "(null)");
        }
        tc_figure_rows_free(rows, n);
    }

    tc_figure_row *none = (tc_figure_row *)1;
    size_t nn = 9;
    tc_rc rc = tc_figures_find(db, "zzqxnotaword", &none, &nn);
    CHECK(rc == TC_OK || rc == TC_ENOTFOUND, "tc_figures_find(zzqxnotaword) rc %d", (int)rc);
    CHECK_INT("tc_figures_find(zzqxnotaword) count", 0, nn);
    if (rc == TC_OK)
        tc_figure_rows_free(none, nn);

    /* Pivots of the same rows: one row per place (or year), measure, kind
     * and unit, so that no cell mixes a total with a change or two units. */
    tc_figure_row *rows = NULL;
    size_t n = 0;
    if (tc_figures_find(db, "trạm BTS", &rows, &n) != TC_OK)
        return;
    static const struct {
        int by_year;
        size_t nrows, ncols;
        const char *rows[5], *measures[5], *units[5], *cols[3];
        const char *cells[5][3]; /* NULL = empty */
    } piv[] = {
        {0,
         5,
         3,
         {"Cao Bằng", "Hà Tĩnh", "Hà Tĩnh", "Quảng Ninh", "Quảng Ninh"},
         {"total", "total", "change", "change", "diff"},
         {"vị trí", "trạm", "trạm", "vị trí", "vị trí"},
         {"2015", "2018", "2024"},
         {{"775", NULL, NULL},
          {NULL, NULL, "3250"},
          {NULL, "5", NULL},
          {"279", NULL, NULL},
          {"+253", NULL, NULL}}},
        {1,
         5,
         3,
         {"2015", "2015", "2015", "2018", "2024"},
         {"total", "change", "diff", "change", "total"},
         {"vị trí", "vị trí", "vị trí", "trạm", "trạm"},
         {"Cao Bằng", "Hà Tĩnh", "Quảng Ninh"},
         {{"775", NULL, NULL},
          {NULL, NULL, "279"},
          {NULL, NULL, "+253"},
          {NULL, "5", NULL},
          {NULL, "3250", NULL}}},
    };
    for (size_t i = 0; i < 2; i++) {
        tc_pivot *p = NULL;
        char what[200];
        snprintf(what, sizeof what, "tc_figures_pivot(by_year=%d) rc", piv[i].by_year);
        CHECK_INT(what, TC_OK, tc_figures_pivot(rows, n, piv[i].by_year, &p));
        if (!p)
            continue;
        snprintf(what, sizeof what, "pivot(by_year=%d) nrows", piv[i].by_year);
        CHECK_INT(what, piv[i].nrows, p->nrows);
        snprintf(what, sizeof what, "pivot(by_year=%d) ncols", piv[i].by_year);
        CHECK_INT(what, piv[i].ncols, p->ncols);
        if (p->nrows == piv[i].nrows && p->ncols == piv[i].ncols) {
            for (size_t r = 0; r < p->nrows; r++) {
                snprintf(what, sizeof what, "pivot(by_year=%d) row %zu", piv[i].by_year, r);
                CHECK_STR(what, piv[i].rows[r], p->rows[r]);
                snprintf(what, sizeof what, "pivot(by_year=%d) row %zu measure", piv[i].by_year, r);
                CHECK_STR(what, piv[i].measures[r], p->measures[r]);
                snprintf(what, sizeof what, "pivot(by_year=%d) row %zu unit", piv[i].by_year, r);
                CHECK_STR(what, piv[i].units[r], p->units[r]);
                snprintf(what, sizeof what, "pivot(by_year=%d) row %zu kind", piv[i].by_year, r);
                CHECK_STR(what, "count", p->kinds[r]);
            }
            for (size_t c = 0; c < p->ncols; c++) {
                snprintf(what, sizeof what, "pivot(by_year=%d) col %zu", piv[i].by_year, c);
                CHECK_STR(what, piv[i].cols[c], p->cols[c]);
            }
            for (size_t r = 0; r < p->nrows; r++)
                for (size_t c = 0; c < p->ncols; c++) {
                    const char *e = piv[i].cells[r][c], *a = p->cells[r * p->ncols + c];
                    snprintf(what, sizeof what, "pivot(by_year=%d) cell [%zu][%s]", piv[i].by_year,
                             r, piv[i].cols[c]);
                    if (e)
                        CHECK_STR(what, e, a);
                    else
                        CHECK(a == NULL, "%s: expected empty, actual \"%s\"", what, a);
                }
        }
        tc_pivot_free(p);
    }
    tc_figure_rows_free(rows, n);
    tc_pivot *p = NULL;

    /* An empty pivot. */
    CHECK_INT("tc_figures_pivot(no rows) rc", TC_OK, tc_figures_pivot(NULL, 0, 0, &p));
    if (p) {
        CHECK_INT("empty pivot rows", 0, p->nrows);
        CHECK_INT("empty pivot cols", 0, p->ncols);
    }
    tc_pivot_free(p);

    static const struct {
        double v;
        const char *s;
    } fmt[] = {{3250, "3250"}, {5, "5"}, {0.5, "0.5"}, {1.23456, "1.235"}, {-7, "-7"}};
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char out[64], what[64];
        tc_figure_format(fmt[i].v, out, sizeof out);
        snprintf(what, sizeof what, "tc_figure_format(%g)", fmt[i].v);
        CHECK_STR(what, fmt[i].s, out);
    }
    /* a cell of a ratio, a difference, a total */
    char out[64];
    tc_figure_row ratio = {.value = 146, .value2 = 199, .kind = "ratio", .measure = "rate"};
    tc_figure_format_row(&ratio, out, sizeof out);
    CHECK_STR("tc_figure_format_row(146/199 xã)", "146/199", out);
    tc_figure_row diff = {.value = 4, .kind = "count", .measure = "diff", .change = -1};
    tc_figure_format_row(&diff, out, sizeof out);
    CHECK_STR("tc_figure_format_row(giảm 04 cuộc)", "-4", out);
    tc_figure_row total = {.value = 3250, .kind = "count", .measure = "total"};
    tc_figure_format_row(&total, out, sizeof out);
    CHECK_STR("tc_figure_format_row(3250 trạm)", "3250", out);
}

/* ---- show -------------------------------------------------------------- */

static int col_of(const tc_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

static const char *text_cell(const tc_table *t, size_t row, const char *col)
{
    int c = col_of(t, col);
    const tc_cell *cell = c < 0 ? NULL : tc_table_cell(t, row, (size_t)c);
    return cell && cell->type == TC_CELL_TEXT ? cell->s : NULL;
}

static long long int_cell(const tc_table *t, size_t row, const char *col)
{
    int c = col_of(t, col);
    const tc_cell *cell = c < 0 ? NULL : tc_table_cell(t, row, (size_t)c);
    return cell && cell->type == TC_CELL_INT ? cell->i : -999;
}

static const tc_table *entity(const tc_document *d, const char *name)
{
    for (size_t i = 0; i < d->nentities; i++)
        if (d->entities[i].name && strcmp(d->entities[i].name, name) == 0)
            return &d->entities[i];
    return NULL;
}

static const struct {
    const char *arg; /* id or path */
    uint32_t docid;
    const char *number, *province, *province2025, *date, *period;
    long long year, draft;
} show_cases[] = {
    {"1", 1, "23/BC-STTTT", "Hà Tĩnh", "Hà Tĩnh", "2018-03-23", "Q1", 2018, 0},
    {"3", 3, "298/BC-STTTT-VP", "Trà Vinh", "Vĩnh Long", "2019-03-14", "Q1", 2019, 0},
    {"corpus/004_b1b8f2e8913d4e11.txt", 5, "376/BC-STTTT", "Quảng Ninh", "Quảng Ninh", "2015-09-23",
     "9M", 2015, 0},
    {"corpus/003_4722339fd0f083dc.txt", 4, NULL, "Cao Bằng", "Cao Bằng", "2015-07", "H1", 2015, 1},
};

static void test_show(tc_db *db)
{
    static const char *const names[] = {"standards", "citations", "agencies",
                                        "places",    "dates",     "figures"};
    for (size_t i = 0; i < sizeof show_cases / sizeof show_cases[0]; i++) {
        const char *arg = show_cases[i].arg;
        char what[300];
        tc_document *d = NULL;
        tc_rc rc = tc_show(db, arg, &d);
        snprintf(what, sizeof what, "tc_show(%s) rc", arg);
        CHECK_INT(what, TC_OK, rc);
        if (rc || !d)
            continue;
        snprintf(what, sizeof what, "tc_show(%s) docid", arg);
        CHECK_INT(what, show_cases[i].docid, d->docid);
        snprintf(what, sizeof what, "tc_show(%s) fields rows", arg);
        CHECK_INT(what, 1, d->fields.nrows);
        CHECK(col_of(&d->fields, "number") >= 0, "tc_show(%s): fields have no \"number\"", arg);
        if (show_cases[i].number) {
            snprintf(what, sizeof what, "tc_show(%s) number", arg);
            CHECK_STR(what, show_cases[i].number, text_cell(&d->fields, 0, "number"));
        }
        snprintf(what, sizeof what, "tc_show(%s) province", arg);
        CHECK_STR(what, show_cases[i].province, text_cell(&d->fields, 0, "province"));
        snprintf(what, sizeof what, "tc_show(%s) province2025", arg);
        CHECK_STR(what, show_cases[i].province2025, text_cell(&d->fields, 0, "province2025"));
        snprintf(what, sizeof what, "tc_show(%s) date", arg);
        CHECK_STR(what, show_cases[i].date, text_cell(&d->fields, 0, "date"));
        snprintf(what, sizeof what, "tc_show(%s) period", arg);
        CHECK_STR(what, show_cases[i].period, text_cell(&d->fields, 0, "period"));
        snprintf(what, sizeof what, "tc_show(%s) year", arg);
        CHECK_INT(what, show_cases[i].year, int_cell(&d->fields, 0, "year"));
        snprintf(what, sizeof what, "tc_show(%s) draft", arg);
        CHECK_INT(what, show_cases[i].draft, int_cell(&d->fields, 0, "draft"));
        snprintf(what, sizeof what, "tc_show(%s) id column", arg);
        CHECK_INT(what, show_cases[i].docid, int_cell(&d->fields, 0, "id"));
        CHECK(tc_table_cell(&d->fields, 1, 0) == NULL, "tc_show(%s): cell of row 1 not NULL", arg);
        CHECK(tc_table_cell(&d->fields, 0, d->fields.ncols) == NULL,
              "tc_show(%s): cell past the last column not NULL", arg);

        snprintf(what, sizeof what, "tc_show(%s) entity tables", arg);
        CHECK_INT(what, 6, d->nentities);
        for (size_t k = 0; k < d->nentities && k < 6; k++) {
            snprintf(what, sizeof what, "tc_show(%s) entity table %zu", arg, k);
            CHECK_STR(what, names[k], d->entities[k].name);
        }
        tc_document_free(d);
    }

    /* The citations of 002 in text order, first and fourth. */
    tc_document *d = NULL;
    if (tc_show(db, "3", &d) == TC_OK) {
        const tc_table *c = entity(d, "citations");
        CHECK(c != NULL, "tc_show(3): no citations table");
        if (c) {
            CHECK_INT("tc_show(3) citations", 12, c->nrows); /* 11 numbers, "Luật An ninh mạng" */
            CHECK(c->value_col >= 0 && c->text_col >= 0, "citations value_col %d text_col %d",
                  c->value_col, c->text_col);
            if (c->nrows >= 4 && c->value_col >= 0 && c->text_col >= 0) {
                const tc_cell *v = tc_table_cell(c, 0, (size_t)c->value_col);
                const tc_cell *t = tc_table_cell(c, 0, (size_t)c->text_col);
                CHECK_STR("tc_show(3) citation 0 value", "381/SKHĐT-THKTKG", v ? v->s : NULL);
                CHECK_STR("tc_show(3) citation 0 text", "Công văn số 381/SKHĐT-THKTKG",
                          t ? t->s : NULL);
                v = tc_table_cell(c, 3, (size_t)c->value_col);
                CHECK_STR("tc_show(3) citation 3 value", "45/2016/QĐ-TTg", v ? v->s : NULL);
            }
        }
        const tc_table *s = entity(d, "standards");
        CHECK(s && s->nrows == 0, "tc_show(3): standards rows %zu", s ? s->nrows : 99);
        tc_document_free(d);
    }
    /* 000's dates hold its own date at day precision. */
    d = NULL;
    if (tc_show(db, "corpus/000_90010ce738600653.txt", &d) == TC_OK) {
        const tc_table *t = entity(d, "dates");
        int found = 0;
        for (size_t r = 0; t && t->value_col >= 0 && r < t->nrows; r++) {
            const tc_cell *v = tc_table_cell(t, r, (size_t)t->value_col);
            found += v && v->type == TC_CELL_TEXT && strcmp(v->s, "2018-03-23") == 0;
        }
        CHECK(found >= 1, "tc_show(000): no date 2018-03-23 among %zu", t ? t->nrows : 0);
        CHECK_INT("tc_show(000) docid", 1, d->docid);
        tc_document_free(d);
    }

    static const char *const missing[] = {"999999", "0", "corpus/no-such-file.txt",
                                          "/nonexistent/x.txt"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        char what[200];
        d = (tc_document *)1;
        snprintf(what, sizeof what, "tc_show(%s) rc", missing[i]);
        CHECK_INT(what, TC_ENOTFOUND, tc_show(db, missing[i], &d));
        CHECK(d == NULL, "tc_show(%s) failed but *out != NULL", missing[i]);
        CHECK(strstr(tc_db_errmsg(db), "no indexed document") != NULL,
              "tc_show(%s) message: \"%s\"", missing[i], tc_db_errmsg(db));
    }
}

int main(void)
{
    char tmpl[] = "/tmp/tc-test-api-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    if (!tmp) {
        perror("mkdtemp");
        return 2;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/index", tmp);

    test_open_errors(tmp);
    if (build_index(dir)) {
        char err[512] = "";
        tc_db *db = NULL;
        tc_rc rc = tc_db_open(dir, &db, err, sizeof err);
        CHECK(rc == TC_OK && db, "tc_db_open(%s): %s", dir, err);
        if (db) {
            test_stats(db);
            test_parse(db);
            test_terms(db);
            test_search(db);
            test_paging(db);
            test_facets(db);
            test_cite_key(db);
            test_cite_list(db);
            test_cite_top(db);
            test_cite_graph(db);
            test_figures(db);
            test_show(db);
            tc_db_close(db);
        }
    }
    rm_tree(tmp);
    return check_report("api");
}
