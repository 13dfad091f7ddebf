/*
 * test_query.c: the query parser's type: filter (search/query.h) and the
 * table it reads (analyzers/doctypes.h).  Queries are parsed against an
 * empty index made in a temporary directory: type: needs no documents.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../analyzers/doctypes.h"
#include "../../include/tracuu.h"
#include "../../search/query.h"
#include "check.h"

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Parses text; on success writes Xapian's description of the strict query
 * into out, else the error message. */
static tc_rc parse(tc_db *ix, const char *text, char *out, size_t n)
{
    tc_query *q = NULL;
    char err[1024];
    tc_rc rc = tc_query_parse(ix, text, &q, err, sizeof err);
    if (rc) {
        snprintf(out, n, "%s", err);
        return rc;
    }
    tc_buf b;
    tc_buf_init(&b, 0);
    rc = tcx_query_describe(tc_query_strict(q), &b);
    snprintf(out, n, "%s", tc_buf_cstr(&b));
    tc_buf_free(&b);
    tc_query_free(q);
    return rc;
}

static void check_type_queries(tc_db *ix)
{
    /* Every way of naming a stored type gives the same filter term. */
    static const struct {
        const char *query;    /* typed */
        const char *expected; /* Xapian's description of the strict query */
    } ok[] = {
        {"type:report", "Query(0 * Treport)"},
        {"type:REPORT", "Query(0 * Treport)"},
        {"type:\"báo cáo\"", "Query(0 * Treport)"},
        {"type:\"BÁO CÁO\"", "Query(0 * Treport)"},
        {"type:\"bao cao\"", "Query(0 * Treport)"},
        {"type:programme", "Query(0 * Tprogramme)"},
        {"type:\"chương trình\"", "Query(0 * Tprogramme)"},
        {"type:\"chuong trinh\"", "Query(0 * Tprogramme)"},
        {"type:\"Chương trình hành động\"", "Query(0 * Tprogramme)"},
        {"type:\"chuong trinh hanh dong\"", "Query(0 * Tprogramme)"},
        {"type:decision", "Query(0 * Tdecision)"},
        {"type:\"quyet dinh\"", "Query(0 * Tdecision)"},
        {"type:rules", "Query(0 * Trules)"},
        {"type:\"quy định\"", "Query(0 * Trules)"},
        {"type:official-letter", "Query(0 * Tofficial-letter)"},
        {"type:\"công văn\"", "Query(0 * Tofficial-letter)"},
        {"type:joint-circular", "Query(0 * Tjoint-circular)"},
        {"type:\"thông tư liên tịch\"", "Query(0 * Tjoint-circular)"},
        {"type:\"thong tu\"", "Query(0 * Tcircular)"},
        {"type:law", "Query(0 * Tlaw)"},
        {"type:luật", "Query(0 * Tlaw)"},
        {"type:code-of-law", "Query(0 * Tcode-of-law)"},
        {"type:\"bộ luật\"", "Query(0 * Tcode-of-law)"},
        {"type:constitution", "Query(0 * Tconstitution)"},
        {"type:consolidated-text", "Query(0 * Tconsolidated-text)"},
        {"type:minutes", "Query(0 * Tminutes)"},
        {"type:\"biên bản\"", "Query(0 * Tminutes)"},
        {"type:\"giay moi\"", "Query(0 * Tinvitation)"},
        {"type:\xE2\x80\x9C"
         "Tờ trình\xE2\x80\x9D",
         "Query(0 * Tsubmission)"},
        {"TYPE:scheme", "Query(0 * Tscheme)"},
        {"-type:report", "Query((<alldocuments> AND_NOT Treport))"},
        {"type:report OR type:plan", "Query((0 * Treport OR 0 * Tplan))"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char got[1024];
        tc_rc rc = parse(ix, ok[i].query, got, sizeof got);
        char what[160];
        snprintf(what, sizeof what, "parse %s: rc (%.100s)", ok[i].query, rc ? got : "");
        CHECK_INT(what, TC_OK, rc);
        snprintf(what, sizeof what, "parse %s", ok[i].query);
        CHECK_STR(what, ok[i].expected, got);
    }

    /* Unknown types are syntax errors that name the value and the keys. */
    static const struct {
        const char *query; /* typed */
        const char *shown; /* must appear in the message */
    } bad[] = {
        {"type:program", "unknown type 'program'"},
        {"type:program", "programme"},
        {"type:nonsense", "unknown type 'nonsense'"},
        {"type:nonsense", "minutes, invitation"},
        {"type:\"báo\"", "unknown type 'báo'"},
        {"type:report-x", "unknown type 'report-x'"},
        {"type:", "needs a value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char got[1024];
        tc_rc rc = parse(ix, bad[i].query, got, sizeof got);
        char what[160];
        snprintf(what, sizeof what, "parse %s: rc", bad[i].query);
        CHECK_INT(what, TC_ESYNTAX, rc);
        CHECK(strstr(got, bad[i].shown) != NULL,
              "parse %s\n  expected in message: \"%s\"\n  actual: \"%s\"", bad[i].query,
              bad[i].shown, got);
    }

    /* Every key of the table is accepted as a type: value. */
    const tc_doctypes *dt = tc_db_doctypes(ix);
    CHECK(dt != NULL, "tc_index_doctypes%s", "");
    const tc_doctype *d;
    for (size_t i = 0; dt && (d = tc_doctypes_row(dt, i)) != NULL; i++) {
        char query[128], expected[128], got[1024];
        snprintf(query, sizeof query, "type:%s", d->key);
        snprintf(expected, sizeof expected, "Query(0 * T%s)", d->key);
        parse(ix, query, got, sizeof got);
        CHECK_STR(query, expected, got);
        snprintf(query, sizeof query, "type:\"%s\"", d->word);
        parse(ix, query, got, sizeof got);
        CHECK_STR(query, expected, got);
    }
}

static void check_table(tc_text *t)
{
    tc_doctypes *dt = NULL;
    CHECK_INT("tc_doctypes_open", TC_OK, tc_doctypes_open(t, &dt));
    if (!dt)
        return;
    /* Lookups: key, word, name; case and diacritics optional. */
    static const struct {
        const char *typed; /* what a person writes */
        const char *key;   /* expected key, NULL when unknown */
    } finds[] = {
        {"report", "report"},
        {"Report", "report"},
        {"báo cáo", "report"},
        {"BAO CAO", "report"},
        {"programme", "programme"},
        {"chương trình hành động", "programme"},
        {"chuong trinh", "programme"},
        {"Văn bản", "document"},
        {"văn bản hợp nhất", "consolidated-text"},
        {"quy che", "regulation"},
        {"program", NULL},
        {"", NULL},
        {"báo", NULL},
        {"reports", NULL},
    };
    for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        const tc_doctype *d = tc_doctypes_find(dt, t, finds[i].typed, strlen(finds[i].typed));
        char what[96];
        snprintf(what, sizeof what, "find \"%s\"", finds[i].typed);
        CHECK_STR(what, finds[i].key ? finds[i].key : "(none)", d ? d->key : "(none)");
    }
    /* Header words: the longer of two words that start alike comes first. */
    static const char *const before[][2] = {
        {"chương trình hành động", "chương trình"},
        {"thông tư liên tịch", "thông tư"},
        {"nghị quyết liên tịch", "nghị quyết"},
    };
    for (size_t k = 0; k < sizeof before / sizeof before[0]; k++) {
        size_t a = SIZE_MAX, b = SIZE_MAX;
        const tc_doctype *d;
        for (size_t i = 0; (d = tc_doctypes_header_word(dt, i)) != NULL; i++) {
            if (strcmp(d->lower, before[k][0]) == 0)
                a = i;
            if (strcmp(d->lower, before[k][1]) == 0)
                b = i;
        }
        CHECK(a < b, "header word \"%s\" (at %zu) must come before \"%s\" (at %zu)", before[k][0],
              a, before[k][1], b);
    }
    /* Not header words: "văn bản" and "lệnh" have no "h". */
    const tc_doctype *d;
    for (size_t i = 0; (d = tc_doctypes_header_word(dt, i)) != NULL; i++)
        CHECK(strcmp(d->key, "document") && strcmp(d->key, "order"), "%s is not a header word",
              d->word);
    /* Display names without a handle. */
    CHECK_STR("name of report", "Báo cáo", tc_doctype_name("report"));
    CHECK_STR("name of programme", "Chương trình", tc_doctype_name("programme"));
    CHECK_STR("name of minutes", "Biên bản", tc_doctype_name("minutes"));
    CHECK_STR("name of an unknown key", "", tc_doctype_name("program"));
    CHECK_STR("name of NULL", "", tc_doctype_name(NULL));
    tc_buf keys;
    tc_buf_init(&keys, 0);
    CHECK_INT("keys", TC_OK, tc_doctypes_keys(dt, &keys));
    CHECK(strncmp(tc_buf_cstr(&keys), "decision, resolution, ", 22) == 0 &&
              strstr(tc_buf_cstr(&keys), "programme, scheme") != NULL,
          "keys once each in table order: \"%s\"", tc_buf_cstr(&keys));
    tc_buf_free(&keys);
    tc_doctypes_close(dt);
}

/* Diacritics intent and the --fold/--exact modes, read from the
 * explanation (an empty index: no word has accented forms to expand to, so
 * the rule shows in the reason given for each word). */
static void check_accents(tc_db *ix)
{
    static const struct {
        const char *query;
        int accents;          /* enum tc_accents */
        const char *expected; /* a line of tc_query_explain() */
    } cases[] = {
        {"việt nam", TC_ACCENTS_AUTO,
         "  nam -> nam (unaccented in a query typed with diacritics: exact)\n"},
        {"việt nam", TC_ACCENTS_AUTO, "  việt -> việt (accented: exact)\n"},
        {"việt nam", TC_ACCENTS_AUTO, "diacritics: typed with diacritics: every word exact"},
        {"viet nam", TC_ACCENTS_AUTO, "diacritics: typed without diacritics"},
        {"viet nam", TC_ACCENTS_AUTO, "  nam -> nam\n"},
        {"\"hiệu quả\" nam", TC_ACCENTS_AUTO, "  nam -> nam (unaccented in a query typed"},
        {"đi nam", TC_ACCENTS_AUTO, "  nam -> nam (unaccented in a query typed"},
        {"nam province:\"Hà Tĩnh\"", TC_ACCENTS_AUTO, "diacritics: typed without diacritics"},
        {"việt nam", TC_ACCENTS_FOLD, "  việt -> việt, viet (--fold: any accents)\n"},
        {"việt nam", TC_ACCENTS_FOLD, "diacritics: --fold"},
        {"viet nam", TC_ACCENTS_EXACT, "  nam -> nam (--exact: exact)\n"},
        {"SOC việt", TC_ACCENTS_AUTO, "  soc -> soc (unaccented in a query typed"},
        {"việt nam", 99, "diacritics: typed with diacritics"}, /* unknown mode: auto */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tc_query *q = NULL;
        char err[512];
        tc_query_opts o = {cases[i].accents};
        tc_rc rc = tc_query_parse_opts(ix, cases[i].query, &o, &q, err, sizeof err);
        CHECK(rc == TC_OK, "parse %s: %s", cases[i].query, err);
        if (rc)
            continue;
        tc_buf b;
        tc_buf_init(&b, 0);
        CHECK_INT("explain rc", TC_OK, tc_query_explain(q, &b));
        CHECK(strstr(tc_buf_cstr(&b), cases[i].expected) != NULL,
              "%s (mode %d): explanation lacks \"%s\":\n%s", cases[i].query, cases[i].accents,
              cases[i].expected, tc_buf_cstr(&b));
        /* No readings without accented forms in the index. */
        CHECK(tc_query_reading(q, 0) == NULL, "%s: no reading", cases[i].query);
        tc_buf_free(&b);
        tc_query_free(q);
    }
    /* NULL options are the defaults, as tc_query_parse. */
    tc_query *q = NULL;
    char err[512];
    CHECK_INT("parse_opts NULL", TC_OK,
              tc_query_parse_opts(ix, "việt nam", NULL, &q, err, sizeof err));
    tc_query_free(q);
}

int main(void)
{
    tc_text *t = NULL;
    CHECK_INT("tc_text_open", TC_OK, tc_text_open(&t));
    if (t)
        check_table(t);
    tc_text_close(t);

    char dir[] = "/tmp/tracuu-test-query.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp %s", dir);
        return check_report("query");
    }
    char ixdir[sizeof dir + 8];
    snprintf(ixdir, sizeof ixdir, "%s/index", dir);
    /* An empty index: created by a writer, then opened for questions. */
    tc_index *w = NULL;
    char err[512];
    tc_rc rc = tc_index_open(ixdir, &w, err, sizeof err);
    CHECK(rc == TC_OK, "tc_index_open %s: %s", ixdir, err);
    tc_index_close(w);
    tc_db *ix = NULL;
    rc = tc_db_open(ixdir, &ix, err, sizeof err);
    CHECK(rc == TC_OK, "tc_db_open %s: %s", ixdir, err);
    if (ix) {
        check_type_queries(ix);
        check_accents(ix);
    }
    tc_db_close(ix);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return check_report("query");
}
