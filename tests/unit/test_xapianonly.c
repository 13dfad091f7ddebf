/* test_xapianonly.c: every question answered from the Xapian database
 * alone (TC_OPEN_XAPIAN_ONLY, as a remote shard answers) gives the same
 * answer as with meta.sqlite: cite (keys, short references, laws by name,
 * --probable, most cited by province and year, the graph), figures and
 * their pivots, show by id and by path, stats and the index page, the
 * citation did-you-mean.  The index holds corpus/ and, when the machine
 * has it, the 35 resolutions of 2025 (/work/shared/corpora).  Besides
 * equality, a few outcomes read from the files anchor the answers: they
 * must not be equal and empty.  Run from the repo root. */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/fields.h"
#include "../../include/tracuu.h"
#include "check.h"

#define RESOLUTIONS "/work/shared/corpora/resolutions-2025"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int have_resolutions;

/* A file with two invalid bytes (19 and 20): two warnings kept with it. */
static char broken[PATH_MAX];

static int build_index(const char *dir)
{
    snprintf(broken, sizeof broken, "%s-broken.txt", dir);
    FILE *fp = fopen(broken, "wb");
    CHECK(fp != NULL, "create %s", broken);
    if (fp) {
        fputs("Báo cáo zzqxvalid\377\376 còn lại zzqxafter\n", fp);
        fclose(fp);
    }
    /* valgrind (TC_TEST_QUICK) reads corpus/ alone: the resolutions take it minutes */
    char *paths[3] = {realpath("corpus", NULL), broken,
                      getenv("TC_TEST_QUICK") ? NULL : realpath(RESOLUTIONS, NULL)};
    have_resolutions = paths[2] != NULL;
    char err[512] = "";
    tc_index *ix = NULL;
    tc_rc rc = tc_index_open(dir, &ix, err, sizeof err);
    CHECK(rc == TC_OK, "tc_index_open: %s", err);
    if (!rc) {
        tc_index_stats s;
        memset(&s, 0, sizeof s);
        rc = tc_index_update(ix, (const char *const *)paths, have_resolutions ? 3 : 2, NULL, NULL,
                             &s);
        CHECK(rc == TC_OK, "tc_index_update: %s", tc_index_errmsg(ix));
        tc_index_close(ix);
    }
    free(paths[0]);
    free(paths[2]);
    return rc == TC_OK;
}

/* ---- cite ------------------------------------------------------------------- */

static const struct cite_case {
    const char *ref; /* as a user writes it */
    int probable;    /* --probable */
    long rows;       /* rows read from the files (grep), or -1: equality only */
} cite_cases[] = {
    /* corpus/000 once, corpus/002 twice */
    {"45/2016/QĐ-TTg", 0, 3},
    {"Quyết định số 45/2016/QĐ-TTg", 1, -1},
    /* corpus/001 once, corpus/003 three times (one "Nghị quyết số 36" without
     * its symbol, which --probable adds) */
    {"36-NQ/TW", 0, 4},
    {"Nghị quyết 36", 1, -1},
    {"36-NQ/TW", 1, -1},
    /* cited by each of the 35 resolutions but the first? read: 34 files */
    {"203/2025/QH15", 0, -1},
    {"76/2025/UBTVQH15", 1, -1},
    {"80/2014/QĐ-TTg", 0, -1},
    {"22/2016/NQ-HĐND", 1, -1},
    {"Luật Tổ chức chính quyền địa phương", 1, -1},
    {"Luật Đất đai", 0, -1},
    {"45/2015/QĐ-TTg", 1, 0},
};

static void cmp_cite(tc_db *s, tc_db *x, const struct cite_case *c)
{
    tc_buf key;
    tc_buf_init(&key, 0);
    tc_rc krc = tc_cite_key(s, c->ref, strlen(c->ref), &key);
    if (krc) { /* not a reference: both must say so */
        tc_buf k2;
        tc_buf_init(&k2, 0);
        CHECK_INT(c->ref, krc, tc_cite_key(x, c->ref, strlen(c->ref), &k2));
        tc_buf_free(&k2);
        tc_buf_free(&key);
        return;
    }
    tc_cite_row *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    char what[300];
    snprintf(what, sizeof what, "cite %s%s", c->ref, c->probable ? " --probable" : "");
    CHECK_INT(what, TC_OK, tc_cite_list(s, tc_buf_cstr(&key), c->probable, &a, &na));
    CHECK_INT(what, TC_OK, tc_cite_list(x, tc_buf_cstr(&key), c->probable, &b, &nb));
    if (c->rows >= 0)
        CHECK_INT(what, c->rows, na);
    CHECK_INT(what, na, nb);
    for (size_t i = 0; i < na && i < nb; i++) {
        CHECK_INT(what, a[i].docid, b[i].docid);
        CHECK_STR(what, a[i].path, b[i].path);
        CHECK_STR(what, a[i].province, b[i].province);
        CHECK_STR(what, a[i].date, b[i].date);
        CHECK_STR(what, a[i].number, b[i].number);
        CHECK_STR(what, a[i].title, b[i].title);
        CHECK_STR(what, a[i].text, b[i].text);
        CHECK_STR(what, a[i].sentence, b[i].sentence);
        CHECK_STR(what, a[i].key, b[i].key);
        CHECK_STR(what, a[i].reason, b[i].reason);
        CHECK_INT(what, a[i].probable, b[i].probable);
    }
    tc_cite_rows_free(a, na);
    tc_cite_rows_free(b, nb);

    /* the graph around it */
    tc_graph *ga = NULL, *gb = NULL;
    CHECK_INT(what, TC_OK, tc_cite_graph(s, tc_buf_cstr(&key), 2, &ga));
    CHECK_INT(what, TC_OK, tc_cite_graph(x, tc_buf_cstr(&key), 2, &gb));
    if (ga && gb) {
        CHECK_STR(what, ga->root, gb->root);
        CHECK_INT(what, ga->nnodes, gb->nnodes);
        CHECK_INT(what, ga->nedges, gb->nedges);
        for (size_t i = 0; i < ga->nnodes && i < gb->nnodes; i++)
            CHECK_STR(what, ga->nodes[i], gb->nodes[i]);
        for (size_t i = 0; i < ga->nedges && i < gb->nedges; i++) {
            CHECK_STR(what, ga->edges[i][0], gb->edges[i][0]);
            CHECK_STR(what, ga->edges[i][1], gb->edges[i][1]);
        }
        if (c->rows > 0)
            CHECK(ga->nedges > 0, "%s: the graph has edges", what);
    }
    tc_graph_free(ga);
    tc_graph_free(gb);
    tc_buf_free(&key);
}

static void cmp_top(tc_db *s, tc_db *x, const char *by)
{
    tc_cite_top_row *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    char what[64];
    snprintf(what, sizeof what, "cite --top --by %s", by ? by : "-");
    CHECK_INT(what, TC_OK, tc_cite_top(s, by, 100000, &a, &na));
    CHECK_INT(what, TC_OK, tc_cite_top(x, by, 100000, &b, &nb));
    CHECK_INT(what, na, nb);
    CHECK(na > 20, "%s: %zu rows", what, na);
    for (size_t i = 0; i < na && i < nb; i++) {
        CHECK_STR(what, a[i].key, b[i].key);
        CHECK_STR(what, a[i].group, b[i].group);
        CHECK_INT(what, a[i].docs, b[i].docs);
        CHECK_INT(what, a[i].mentions, b[i].mentions);
    }
    /* read from the files: 203/2025/QH15 is cited by 34 resolutions */
    if (!by && have_resolutions && na) {
        CHECK_STR(what, "203/2025/QH15", a[0].key);
        CHECK_INT(what, 34, a[0].docs);
    }
    tc_cite_top_free(a, na);
    tc_cite_top_free(b, nb);
    /* a limit cuts both lists at the same row */
    CHECK_INT(what, TC_OK, tc_cite_top(s, by, 3, &a, &na));
    CHECK_INT(what, TC_OK, tc_cite_top(x, by, 3, &b, &nb));
    CHECK_INT(what, 3, na);
    CHECK_INT(what, 3, nb);
    for (size_t i = 0; i < na && i < nb; i++)
        CHECK_STR(what, a[i].key, b[i].key);
    tc_cite_top_free(a, na);
    tc_cite_top_free(b, nb);
}

/* ---- figures ------------------------------------------------------------------ */

static const struct fig_case {
    const char *what; /* indicator */
    long rows;        /* rows at least (read from the files), -1: equality only */
} fig_cases[] = {
    {"trạm BTS", 1}, {"thuê bao", 1}, {"doanh thu", 1}, {"trạm", 1}, {"xã", -1}, {"xyzzy", 0},
};

static void cmp_pivot(const char *what, const tc_pivot *p, const tc_pivot *q)
{
    CHECK_INT(what, p->nrows, q->nrows);
    CHECK_INT(what, p->ncols, q->ncols);
    if (p->nrows != q->nrows || p->ncols != q->ncols)
        return;
    for (size_t i = 0; i < p->nrows; i++) {
        CHECK_STR(what, p->rows[i], q->rows[i]);
        CHECK_STR(what, p->measures[i], q->measures[i]);
        CHECK_STR(what, p->kinds[i], q->kinds[i]);
        CHECK_STR(what, p->units[i], q->units[i]);
    }
    for (size_t i = 0; i < p->ncols; i++)
        CHECK_STR(what, p->cols[i], q->cols[i]);
    for (size_t i = 0; i < p->nrows * p->ncols; i++)
        CHECK_STR(what, p->cells[i], q->cells[i]);
}

static void cmp_figures(tc_db *s, tc_db *x, const struct fig_case *c)
{
    tc_figure_row *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    char what[128];
    snprintf(what, sizeof what, "figures %s", c->what);
    CHECK_INT(what, TC_OK, tc_figures_find(s, c->what, &a, &na));
    CHECK_INT(what, TC_OK, tc_figures_find(x, c->what, &b, &nb));
    if (c->rows == 0)
        CHECK_INT(what, 0, na);
    else if (c->rows > 0)
        CHECK(na >= (size_t)c->rows, "%s: %zu rows", what, na);
    CHECK_INT(what, na, nb);
    for (size_t i = 0; i < na && i < nb; i++) {
        CHECK(a[i].value == b[i].value, "%s: value %g != %g", what, a[i].value, b[i].value);
        CHECK(a[i].value2 == b[i].value2, "%s: value2 %g != %g", what, a[i].value2, b[i].value2);
        CHECK_STR(what, a[i].unit, b[i].unit);
        CHECK_STR(what, a[i].kind, b[i].kind);
        CHECK_STR(what, a[i].measure, b[i].measure);
        CHECK_INT(what, a[i].change, b[i].change);
        CHECK_STR(what, a[i].stated, b[i].stated);
        CHECK_STR(what, a[i].what, b[i].what);
        CHECK_STR(what, a[i].text, b[i].text);
        CHECK_STR(what, a[i].province, b[i].province);
        CHECK_STR(what, a[i].year, b[i].year);
        CHECK_STR(what, a[i].date, b[i].date);
        CHECK_STR(what, a[i].period, b[i].period);
        CHECK_STR(what, a[i].path, b[i].path);
        CHECK_STR(what, a[i].sentence, b[i].sentence);
        CHECK_INT(what, a[i].table, b[i].table);
        CHECK_INT(what, a[i].docid, b[i].docid);
    }
    for (int by_year = 0; by_year < 2 && na == nb; by_year++) {
        tc_pivot *p = NULL, *q = NULL;
        CHECK_INT(what, TC_OK, tc_figures_pivot(a, na, by_year, &p));
        CHECK_INT(what, TC_OK, tc_figures_pivot(b, nb, by_year, &q));
        if (p && q)
            cmp_pivot(what, p, q);
        tc_pivot_free(p);
        tc_pivot_free(q);
    }
    tc_figure_rows_free(a, na);
    tc_figure_rows_free(b, nb);
}

/* ---- show ------------------------------------------------------------------------ */

static void cmp_table(const char *what, const tc_table *p, const tc_table *q)
{
    CHECK_STR(what, p->name, q->name);
    CHECK_INT(what, p->ncols, q->ncols);
    CHECK_INT(what, p->nrows, q->nrows);
    CHECK_INT(what, p->value_col, q->value_col);
    CHECK_INT(what, p->text_col, q->text_col);
    if (p->ncols != q->ncols || p->nrows != q->nrows)
        return;
    for (size_t c = 0; c < p->ncols; c++)
        CHECK_STR(what, p->cols[c], q->cols[c]);
    for (size_t r = 0; r < p->nrows; r++)
        for (size_t c = 0; c < p->ncols; c++) {
            const tc_cell *x = tc_table_cell(p, r, c), *y = tc_table_cell(q, r, c);
            char cw[300];
            snprintf(cw, sizeof cw, "%s: %s row %zu column %s", what, p->name ? p->name : "fields",
                     r, p->cols[c]);
            CHECK_INT(cw, x->type, y->type);
            if (x->type != y->type)
                continue;
            if (x->type == TC_CELL_INT)
                CHECK_INT(cw, x->i, y->i);
            else if (x->type == TC_CELL_REAL)
                CHECK(x->r == y->r, "%s: %g != %g", cw, x->r, y->r);
            else if (x->type == TC_CELL_TEXT)
                CHECK_STR(cw, x->s, y->s);
        }
}

static int cmp_show(tc_db *s, tc_db *x, const char *id_or_path)
{
    tc_document *a = NULL, *b = NULL;
    char what[300];
    snprintf(what, sizeof what, "show %s", id_or_path);
    tc_rc ra = tc_show(s, id_or_path, &a), rb = tc_show(x, id_or_path, &b);
    CHECK_INT(what, ra, rb);
    if (a && b) {
        CHECK_INT(what, a->docid, b->docid);
        cmp_table(what, &a->fields, &b->fields);
        CHECK_INT(what, a->nentities, b->nentities);
        for (size_t i = 0; i < a->nentities && i < b->nentities; i++)
            cmp_table(what, &a->entities[i], &b->entities[i]);
        CHECK_INT(what, a->text_len, b->text_len);
        CHECK(a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0,
              "%s: same text", what);
    }
    tc_document_free(a);
    tc_document_free(b);
    return ra;
}

/* Cell col of the fields of a document shown from the Xapian database. */
static void check_field(tc_db *x, const char *path, const char *col, const char *want_s,
                        long long want_i)
{
    tc_document *d = NULL;
    char what[300];
    snprintf(what, sizeof what, "show %s: %s", path, col);
    CHECK_INT(what, TC_OK, tc_show(x, path, &d));
    for (size_t c = 0; d && c < d->fields.ncols; c++) {
        if (strcmp(d->fields.cols[c], col))
            continue;
        const tc_cell *v = tc_table_cell(&d->fields, 0, c);
        if (want_s)
            CHECK_STR(what, want_s, v->type == TC_CELL_TEXT ? v->s : "(not text)");
        else
            CHECK_INT(what, want_i, v->type == TC_CELL_INT ? v->i : -999);
    }
    tc_document_free(d);
}

/* ---- stats, index page, did-you-mean ------------------------------------------------ */

static void cmp_stats(tc_db *s, tc_db *x)
{
    tc_db_stats a, b;
    CHECK_INT("stats", TC_OK, tc_db_stats_get(s, &a));
    CHECK_INT("stats", TC_OK, tc_db_stats_get(x, &b));
    CHECK_INT("stats documents", a.documents, b.documents);
    CHECK_INT("stats documents (5 reports, a broken file, 35 resolutions)",
              have_resolutions ? 41 : 6, b.documents);
    CHECK_INT("stats warnings (the broken file's two bytes)", 2, b.warnings);
    CHECK_INT("stats citations", a.citations, b.citations);
    CHECK_INT("stats figures", a.figures, b.figures);
    CHECK_INT("stats warnings", a.warnings, b.warnings);
    CHECK(a.citations >= 7 && a.figures > 0, "stats: %llu citations, %llu figures",
          (unsigned long long)a.citations, (unsigned long long)a.figures);
    tc_db_info *p = NULL, *q = NULL;
    CHECK_INT("info", TC_OK, tc_db_info_get(s, 50, &p));
    CHECK_INT("info", TC_OK, tc_db_info_get(x, 50, &q));
    if (p && q) {
        CHECK_STR("info last update", p->last_update, q->last_update);
        CHECK_INT("info formats", p->nformats, q->nformats);
        for (size_t i = 0; i < p->nformats && i < q->nformats; i++) {
            CHECK_STR("info format", p->formats[i].format, q->formats[i].format);
            CHECK_INT("info format docs", p->formats[i].docs, q->formats[i].docs);
        }
        CHECK_INT("info warnings", p->nwarnings, q->nwarnings);
        CHECK_INT("info warnings: two", 2, q->nwarnings);
        if (q->nwarnings == 2) {
            CHECK_STR("info warning path", broken, q->warnings[0].path);
            CHECK_INT("info warning offset", 19, q->warnings[0].offset);
            CHECK_INT("info warning offset", 20, q->warnings[1].offset);
        }
        for (size_t i = 0; i < p->nwarnings && i < q->nwarnings; i++) {
            CHECK_STR("info warning path", p->warnings[i].path, q->warnings[i].path);
            CHECK_INT("info warning offset", p->warnings[i].offset, q->warnings[i].offset);
            CHECK_STR("info warning", p->warnings[i].message, q->warnings[i].message);
        }
    }
    tc_db_info_free(p);
    tc_db_info_free(q);
    static const char *const refs[] = {"45/2061/QĐ-TTg", "36-NQ/WT", "203/2025/QH51", "1/1/X"};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        tc_buf u, v;
        tc_buf_init(&u, 0);
        tc_buf_init(&v, 0);
        CHECK_INT(refs[i], tc_suggest_cite(s, refs[i], &u), tc_suggest_cite(x, refs[i], &v));
        CHECK_STR(refs[i], tc_buf_cstr(&u), tc_buf_cstr(&v));
        if (i == 0) /* one digit swapped: the cited decision */
            CHECK_STR(refs[i], "45/2016/QĐ-TTg", tc_buf_cstr(&v));
        tc_buf_free(&u);
        tc_buf_free(&v);
    }
}

/* ---- cell tables (common/fields.h) ------------------------------------------------ */

static const struct cells_case {
    const char *name;  /* what the case is about */
    const char *v;     /* the value as stored */
    size_t ncols;      /* cells per row */
    tc_rc rc;          /* tc_cells_parse */
    size_t nrows;      /* rows */
    const char *cells; /* the cells joined by '|', NULL as "~" */
} cells_cases[] = {
    {"empty", "", 3, TC_OK, 0, ""},
    {"one row",
     "a\x1f"
     "12\x1f"
     "x y",
     3, TC_OK, 1, "a|12|x y"},
    {"NULL cells", "\x1f\x1f", 3, TC_OK, 1, "~|~|~"},
    {"two rows",
     "a\x1f"
     "b\x1e"
     "c\x1f",
     2, TC_OK, 2, "a|b|c|~"},
    {"escapes", "\\\\\\r\\u\\c\x1fz", 2, TC_OK, 1, "\\\x1e\x1f\r|z"},
    {"too few cells",
     "a\x1f"
     "b",
     3, TC_EDATA, 0, ""},
    {"rows of unequal length",
     "a\x1f"
     "b\x1f"
     "c\x1e"
     "d",
     2, TC_EDATA, 0, ""},
    {"a row cut short",
     "a\x1e"
     "b\x1f"
     "c\x1f"
     "d",
     2, TC_EDATA, 0, ""},
};

static void test_cells(void)
{
    for (size_t i = 0; i < sizeof cells_cases / sizeof cells_cases[0]; i++) {
        const struct cells_case *c = &cells_cases[i];
        tc_cells t;
        tc_rc rc = tc_cells_parse(c->v, c->ncols, &t);
        CHECK_INT(c->name, c->rc, rc);
        if (!rc) {
            CHECK_INT(c->name, c->nrows, t.nrows);
            tc_buf j;
            tc_buf_init(&j, 0);
            for (size_t k = 0; k < t.nrows * t.ncols; k++) {
                if (k)
                    tc_buf_putc_rc(&rc, &j, '|');
                tc_buf_puts_rc(&rc, &j, t.cell[k] ? t.cell[k] : "~");
            }
            CHECK_STR(c->name, c->cells, tc_buf_cstr(&j));
            tc_buf_free(&j);
        }
        tc_cells_free(&t);
    }
    /* what tc_cells_put writes reads back */
    static const char *const texts[] = {"plain", "a\\b", "x\x1ey\x1fz", "cr\r\nlf", "\\r"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        CHECK_INT(texts[i], TC_OK, tc_cells_put(&b, texts[i], strlen(texts[i])));
        tc_buf_putc_rc(&(tc_rc){0}, &b, '\x1f');
        CHECK_INT(texts[i], TC_OK, tc_cells_put_real(&b, 0.1));
        tc_cells t;
        CHECK_INT(texts[i], TC_OK, tc_cells_parse(tc_buf_cstr(&b), 2, &t));
        if (t.nrows == 1) {
            CHECK_STR(texts[i], texts[i], t.cell[0]);
            CHECK_STR(texts[i], "0.1", t.cell[1]);
        }
        tc_cells_free(&t);
        tc_buf_free(&b);
    }
}

int main(void)
{
    test_cells();
    char tmpl[] = "/tmp/tracuu-xonly-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "mkdtemp");
    if (!dir || !build_index(dir))
        return check_report("xapianonly");
    if (!have_resolutions)
        printf("xapianonly: without %s (missing, or TC_TEST_QUICK)\n", RESOLUTIONS);
    char err[600] = "";
    tc_db *s = NULL, *x = NULL;
    CHECK_INT("open", TC_OK, tc_db_open(dir, &s, err, sizeof err));
    CHECK_INT("open xapian-only", TC_OK,
              tc_db_open_flags(dir, TC_OPEN_XAPIAN_ONLY, &x, err, sizeof err));
    if (s && x) {
        for (size_t i = 0; i < sizeof cite_cases / sizeof cite_cases[0]; i++)
            cmp_cite(s, x, &cite_cases[i]);
        cmp_top(s, x, NULL);
        cmp_top(s, x, "province");
        cmp_top(s, x, "year");
        for (size_t i = 0; i < sizeof fig_cases / sizeof fig_cases[0]; i++)
            cmp_figures(s, x, &fig_cases[i]);
        /* every document by id, one past the last, some by path */
        tc_db_stats st;
        CHECK_INT("stats", TC_OK, tc_db_stats_get(s, &st));
        for (unsigned id = 0; id <= st.documents + 1; id++) {
            char num[16];
            snprintf(num, sizeof num, "%u", id);
            CHECK_INT(num, id >= 1 && id <= st.documents ? TC_OK : TC_ENOTFOUND,
                      cmp_show(s, x, num));
        }
        cmp_show(s, x, "corpus/000_90010ce738600653.txt");
        cmp_show(s, x, "corpus/004_b1b8f2e8913d4e11.txt");
        cmp_show(s, x, "corpus/nothing-here.txt");
        cmp_show(s, x, broken);
        cmp_show(s, x, "");
        if (have_resolutions)
            cmp_show(s, x, RESOLUTIONS "/1654_NQ-UBTVQH15.md");
        /* read from the files: the header of corpus/000 and its size */
        struct stat sb;
        stat("corpus/000_90010ce738600653.txt", &sb);
        check_field(x, "corpus/000_90010ce738600653.txt", "number", "23/BC-STTTT", 0);
        check_field(x, "corpus/000_90010ce738600653.txt", "province", "Hà Tĩnh", 0);
        check_field(x, "corpus/000_90010ce738600653.txt", "year", NULL, 2018);
        check_field(x, "corpus/000_90010ce738600653.txt", "size", NULL, (long long)sb.st_size);
        cmp_stats(s, x);
        /* the generation a server polls */
        uint64_t m1, l1, m2, l2;
        CHECK_INT("generation", TC_OK, tc_db_generation(s, &m1, &l1));
        CHECK_INT("generation xapian-only", TC_OK, tc_db_generation(x, &m2, &l2));
        CHECK_INT("generation mine", m1, m2);
        CHECK_INT("generation latest", l1, l2);
    }
    tc_db_close(s);
    tc_db_close(x);

    /* Without meta.sqlite: a normal open calls the index damaged, a
     * Xapian-only one answers. */
    char sq[PATH_MAX];
    snprintf(sq, sizeof sq, "%s/meta.sqlite", dir);
    CHECK_INT("remove meta.sqlite", 0, remove(sq));
    CHECK_INT("open without meta.sqlite", TC_EDAMAGED, tc_db_open(dir, &s, err, sizeof err));
    CHECK(s == NULL, "open without meta.sqlite sets *out to NULL");
    CHECK_INT("xapian-only open without meta.sqlite", TC_OK,
              tc_db_open_flags(dir, TC_OPEN_XAPIAN_ONLY, &x, err, sizeof err));
    if (x) {
        tc_cite_row *r = NULL;
        size_t n = 0;
        CHECK_INT("cite without meta.sqlite", TC_OK, tc_cite_list(x, "45/2016/QĐ-TTg", 0, &r, &n));
        CHECK_INT("cite without meta.sqlite rows", 3, n);
        tc_cite_rows_free(r, n);
        CHECK_INT("refresh without meta.sqlite", TC_OK, tc_db_refresh(x));
        tc_db_close(x);
    }
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    remove(broken);
    return check_report("xapianonly");
}
