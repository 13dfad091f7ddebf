/* search.c: run queries, fetch hits, build snippets (see search.h). */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "../store/schema.h"

/* Snippet window, in tokens, and the most bytes of text it may show. */
#define TC_SNIPPET_TOKENS 24
#define TC_SNIPPET_MAX_BYTES 400

typedef struct span {
    size_t start, end; /* byte offsets in the document */
    int matched;       /* the query wants this token */
    int colocated;     /* a compound over earlier pieces */
} span;

typedef struct span_list {
    span *v;            /* tokens so far */
    size_t n, cap;      /* count, capacity */
    const tc_query *q;  /* what to highlight */
    size_t first_match; /* index of the first matched token, or SIZE_MAX */
    int stopped;        /* tokenising stopped before the end of the text */
    tc_rc rc;           /* allocation failure */
} span_list;

static int collect_span(void *ctx, const tc_token *tok)
{
    span_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 512;
        span *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->rc = TC_ENOMEM;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    int matched = tc_query_wants(l->q, tok->term, tok->term_len);
    l->v[l->n++] = (span){tok->start, tok->end, matched, (tok->flags & TC_TOK_COLOCATED) != 0};
    if (matched && l->first_match == SIZE_MAX)
        l->first_match = l->n - 1;
    /* The snippet shows the best window near the first match: tokenising
     * the rest of a long document would not change it much and costs the
     * most time of a query. */
    l->stopped = l->first_match != SIZE_MAX && l->n - l->first_match > 3 * TC_SNIPPET_TOKENS;
    return l->stopped;
}

void tc_snippet_free(tc_snippet *s)
{
    free(s->text);
    free(s->marks);
    free(s->origin);
    memset(s, 0, sizeof *s);
}

static int is_ws(const unsigned char *p, size_t left, size_t *len)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
        *len = 1;
        return 1;
    }
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
        *len = 2;
        return 1;
    }
    return 0;
}

static int cmp_range(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

tc_rc tc_snippet_build(tc_text *t, const tc_query *q, const char *doc, size_t len, tc_snippet *out)
{
    memset(out, 0, sizeof *out);
    span_list l = {.q = q, .first_match = SIZE_MAX};
    tc_rc rc = tc_text_tokenize(t, doc, len, collect_span, &l, NULL, NULL);
    if (!rc)
        rc = l.rc;
    if (rc || l.n == 0) {
        free(l.v);
        if (!rc)
            out->text = strdup("");
        return rc ? rc : (out->text ? TC_OK : TC_ENOMEM);
    }
    /* Slide a window of TC_SNIPPET_TOKENS positions over the tokens. */
    size_t best = 0, best_score = 0, score = 0, lo = 0, count = 0;
    for (size_t hi = 0; hi < l.n; hi++) {
        score += l.v[hi].matched;
        count += !l.v[hi].colocated;
        while (count > TC_SNIPPET_TOKENS) {
            score -= l.v[lo].matched;
            count -= !l.v[lo].colocated;
            lo++;
        }
        if (score > best_score) {
            best_score = score;
            best = lo;
        }
    }
    /* Start a few tokens before the first match for context. */
    size_t first = best;
    while (first < l.n && best_score && !l.v[first].matched)
        first++;
    /* A little context before it: back over the pieces of a compound match
     * (emitted before it), then four more tokens. */
    size_t ws = first < l.n ? first : best;
    size_t anchor = ws < l.n ? l.v[ws].start : 0;
    while (ws > 0 && l.v[ws - 1].start >= anchor)
        ws--;
    for (int k = 0; k < 4 && ws > 0; k++)
        ws--;
    size_t we = ws, shown = 0;
    while (we + 1 < l.n && shown < TC_SNIPPET_TOKENS &&
           l.v[we + 1].end - l.v[ws].start <= TC_SNIPPET_MAX_BYTES) {
        we++;
        shown += !l.v[we].colocated;
    }
    size_t from = l.v[ws].start, to = l.v[we].end;
    for (size_t i = ws; i <= we; i++)
        if (l.v[i].end > to)
            to = l.v[i].end;
    /* Highlight ranges, merged where a compound overlaps its pieces. */
    size_t(*marks)[2] = calloc(we - ws + 1, sizeof *marks);
    size_t nm = 0;
    if (!marks) {
        free(l.v);
        return TC_ENOMEM;
    }
    for (size_t i = ws; i <= we; i++)
        if (l.v[i].matched) {
            marks[nm][0] = l.v[i].start;
            marks[nm][1] = l.v[i].end;
            nm++;
        }
    qsort(marks, nm, sizeof *marks, cmp_range);
    size_t merged = 0;
    for (size_t i = 0; i < nm; i++) {
        if (merged && marks[i][0] <= marks[merged - 1][1]) {
            if (marks[i][1] > marks[merged - 1][1])
                marks[merged - 1][1] = marks[i][1];
        } else {
            marks[merged][0] = marks[i][0];
            marks[merged][1] = marks[i][1];
            merged++;
        }
    }
    nm = merged;
    out->origin = marks;
    out->marks = calloc(nm ? nm : 1, sizeof *out->marks);
    out->nmarks = nm;
    out->cut_before = ws > 0;
    out->cut_after = we + 1 < l.n || l.stopped;
    free(l.v);
    if (!out->marks)
        return TC_ENOMEM;

    /* Copy the text, collapsing white space, and place the marks. */
    tc_buf b;
    tc_buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)doc;
    size_t m = 0;
    int space = 0, open = 0; /* open: mark m has its start placed */
    for (size_t i = from; i < to && !rc;) {
        if (m < nm && !open && i >= out->origin[m][0]) {
            open = 1;
            if (space && b.len) {
                rc = tc_buf_putc(&b, ' ');
                space = 0;
            }
            out->marks[m][0] = b.len;
        }
        size_t wl;
        if (is_ws(p + i, to - i, &wl)) {
            space = 1;
            i += wl;
        } else {
            if (space && b.len)
                rc = tc_buf_putc(&b, ' ');
            space = 0;
            uint32_t cp;
            size_t k = tc_utf8_decode(doc + i, to - i, &cp);
            if (cp == 0xFFFD && k == 1)
                rc = tc_buf_puts(&b, "\xEF\xBF\xBD");
            else if (cp >= 0x20 || cp == '\t')
                rc = tc_buf_append(&b, doc + i, k);
            i += k;
        }
        if (m < nm && open && i >= out->origin[m][1]) {
            out->marks[m][1] = b.len;
            m++;
            open = 0;
        }
    }
    out->text = tc_buf_release(&b, NULL);
    return rc;
}

void tc_results_free(tc_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        tc_fields_free(&r->hits[i].meta);
        tc_snippet_free(&r->hits[i].snippet);
    }
    free(r->hits);
    free(r);
}

/* The 1-based page holding byte offset off, from a document's stored page
 * starts ("0,1834,..."); 0 when it has none. */
uint32_t tc_page_of(const char *starts, size_t off)
{
    uint32_t page = 0;
    for (const char *p = starts; p && *p;) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || v > off)
            break;
        page++;
        p = *end == ',' ? end + 1 : end;
    }
    return page;
}

tc_rc tc_search_run(tc_db *ix, const tc_query *q, const tc_search_opts *o, tc_results **out)
{
    *out = NULL;
    tcx_db *db = tc_db_xapian(ix);
    tc_results *r = calloc(1, sizeof *r);
    if (!r)
        return TC_ENOMEM;
    tcx_search_opts xo = {o->offset, o->limit, o->sort_by_date ? TC_SLOT_DATE : -1, 1,
                          tcx_db_doccount(db), 0, 0};
    tc_query_bm25(q, &xo.bm25_k1, &xo.bm25_b);
    tcx_mset *mset = NULL;
    /* A long question is ranked over any of its words from the start. */
    int ranked = tc_query_prefers_relaxed(q);
    /* Counting every document holding any word of a long question exactly
     * costs more than ranking it: the total is then Xapian's estimate. */
    if (ranked && !o->sort_by_date && o->limit < xo.check_at_least)
        xo.check_at_least = o->offset + o->limit;
    tc_rc rc = tcx_db_search(db, ranked ? tc_query_relaxed(q) : tc_query_strict(q), &xo, &mset);
    if (!rc && ranked)
        r->relaxed = 1;
    if (!rc && !ranked && tcx_mset_total(mset) < TC_RELAX_BELOW && tc_query_relaxed(q)) {
        tcx_mset *m2 = NULL;
        rc = tcx_db_search(db, tc_query_relaxed(q), &xo, &m2);
        if (!rc && tcx_mset_total(m2) > tcx_mset_total(mset)) {
            tcx_mset_free(mset);
            mset = m2;
            r->relaxed = 1;
        } else {
            tcx_mset_free(m2);
        }
    }
    if (rc) {
        tc_db_xapian_fail(ix, rc);
        tcx_mset_free(mset);
        tc_results_free(r);
        return rc;
    }
    r->total = tcx_mset_total(mset);
    uint32_t n = tcx_mset_size(mset);
    r->hits = calloc(n ? n : 1, sizeof *r->hits);
    if (!r->hits) {
        tcx_mset_free(mset);
        tc_results_free(r);
        return TC_ENOMEM;
    }
    tc_buf data;
    tc_buf_init(&data, 0);
    for (uint32_t i = 0; i < n && !rc; i++) {
        tc_hit *h = &r->hits[i];
        h->rank = o->offset + i + 1;
        h->docid = tcx_mset_docid(mset, i);
        h->score = tcx_mset_weight(mset, i);
        if (o->ids_only) {
            r->n = i + 1;
            continue;
        }
        tc_buf_reset(&data);
        rc = tcx_mset_data(mset, i, &data);
        if (!rc)
            rc = tc_fields_parse(data.data ? data.data : "", data.len, &h->meta);
        r->n = i + 1;
        if (!rc && o->snippets)
            rc = tc_snippet_build(tc_db_text(ix), q, h->meta.body, h->meta.body_len, &h->snippet);
        if (!rc && h->snippet.nmarks)
            h->snippet.page = tc_page_of(tc_fields_get(&h->meta, "pages"), h->snippet.origin[0][0]);
        /* meta.body points into data, which is reused: keep no pointer. */
        h->meta.body = NULL;
        h->meta.body_len = 0;
    }
    tc_buf_free(&data);
    tcx_mset_free(mset);
    if (rc) {
        tc_results_free(r);
        return rc;
    }
    *out = r;
    return TC_OK;
}

/* ---- facets ---------------------------------------------------------------- */

static const char *const facet_names[TC_BY_COUNT] = {
    "province", "province2025", "year", "agency", "type", "cited", "level"};

const char *tc_facet_by_name(int by)
{
    return by >= 0 && by < TC_BY_COUNT ? facet_names[by] : "";
}

int tc_facet_by_parse(const char *s)
{
    const char *const *names = facet_names;
    for (int i = 0; i < TC_BY_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

typedef struct facet_acc {
    tc_strmap *rows;   /* value -> tc_facet_row* */
    tcx_db *db;        /* the database */
    uint32_t docid;    /* current document */
    uint64_t passages; /* occurrences in the current document */
    size_t counted;    /* values counted for the current document */
    tc_rc rc;          /* first error */
} facet_acc;

static void free_row(void *p)
{
    tc_facet_row *r = p;
    if (r)
        free(r->value);
    free(r);
}

static void facet_count(facet_acc *a, const char *value, size_t n)
{
    void *v = NULL;
    tc_facet_row *row;
    if (tc_strmap_get(a->rows, value, n, &v)) {
        row = v;
    } else {
        row = calloc(1, sizeof *row);
        if (!row || !(row->value = strndup(value, n))) {
            free(row);
            a->rc = TC_ENOMEM;
            return;
        }
        if ((a->rc = tc_strmap_put(a->rows, value, n, row)))
            return;
    }
    row->docs++;
    row->passages += a->passages;
    a->counted++;
}

static int count_term_value(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    facet_acc *a = ctx;
    facet_count(a, term + 2, len - 2);
    return a->rc != TC_OK;
}

static int cmp_rows_docs(const void *x, const void *y)
{
    const tc_facet_row *a = x, *b = y;
    if (a->docs != b->docs)
        return a->docs < b->docs ? 1 : -1;
    return strcmp(a->value, b->value);
}

static int cmp_rows_value(const void *x, const void *y)
{
    const tc_facet_row *a = x, *b = y;
    return strcmp(a->value, b->value);
}

void tc_facet_rows_free(tc_facet_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].value);
    free(rows);
}

tc_rc tc_facets(tc_db *ix, const tc_query *q, int by, int sort_by_value, tc_facet_row **out_rows,
                size_t *out_n, uint32_t *out_total, int *out_relaxed)
{
    *out_rows = NULL;
    *out_n = 0;
    tcx_db *db = tc_db_xapian(ix);
    uint32_t all = tcx_db_doccount(db);
    tc_search_opts o = {0, all ? all : 1, 0, 0, 1};
    tc_results *res = NULL;
    tc_rc rc = tc_search_run(ix, q, &o, &res);
    if (rc)
        return rc;
    *out_total = res->total;
    *out_relaxed = res->relaxed;
    static const unsigned slots[] = {TC_SLOT_PROVINCE, TC_SLOT_PROVINCE2025, TC_SLOT_YEAR,
                                     TC_SLOT_AGENCY, TC_SLOT_TYPE};
    facet_acc a = {NULL, db, 0, 0, 0, TC_OK};
    rc = tc_strmap_new(free_row, &a.rows);
    tc_buf v;
    tc_buf_init(&v, 0);
    int text = tc_query_text_terms(q) > 0;
    tc_buf data;
    tc_buf_init(&data, 0);
    for (size_t i = 0; i < res->n && !rc; i++) {
        a.docid = res->hits[i].docid;
        a.passages = 1; /* a query of filters only: the document is the passage */
        if (text) {
            tc_buf_reset(&data);
            rc = tcx_db_doc_data(db, a.docid, &data);
            tc_fields f;
            if (!rc)
                rc = tc_fields_parse(data.data ? data.data : "", data.len, &f);
            uint64_t mentions = 0;
            if (!rc) {
                rc = tc_query_count_passages(q, tc_db_text(ix), f.body, f.body_len, &mentions,
                                             &a.passages);
                tc_fields_free(&f);
            }
            if (rc)
                break;
        }
        if (by == TC_BY_CITED) {
            rc = tcx_db_doc_terms(db, a.docid, "XC", 2, count_term_value, &a);
        } else if (by == TC_BY_LEVEL) {
            /* The level is a term (XL<level>), not a value slot. */
            a.counted = 0;
            rc = tcx_db_doc_terms(db, a.docid, "XL", 2, count_term_value, &a);
            if (!rc && !a.rc && a.counted == 0)
                facet_count(&a, "(none)", strlen("(none)"));
        } else {
            tc_buf_reset(&v);
            rc = tcx_db_doc_value(db, a.docid, slots[by], &v);
            if (!rc && v.len == 0)
                tc_buf_puts_rc(&rc, &v, "(none)");
            if (!rc)
                facet_count(&a, v.data, v.len);
        }
        if (!rc)
            rc = a.rc;
    }
    tc_buf_free(&v);
    tc_buf_free(&data);
    tc_results_free(res);
    size_t n = rc ? 0 : tc_strmap_count(a.rows);
    tc_facet_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rc && !rows)
        rc = TC_ENOMEM;
    size_t it = 0, k = 0;
    void *val;
    while (!rc && tc_strmap_next(a.rows, &it, NULL, NULL, &val)) {
        tc_facet_row *r = val;
        rows[k++] = *r;
        r->value = NULL; /* moved */
    }
    tc_strmap_free(a.rows);
    if (rc) {
        tc_facet_rows_free(rows, k);
        return rc;
    }
    qsort(rows, k, sizeof *rows, sort_by_value ? cmp_rows_value : cmp_rows_docs);
    *out_rows = rows;
    *out_n = k;
    return TC_OK;
}
