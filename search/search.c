/* search.c: run queries, fetch hits, build snippets (see search.h). */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "../store/schema.h"

#include "passages.h"

void tc_snippet_free(tc_snippet *s)
{
    free(s->text);
    free(s->marks);
    free(s->origin);
    memset(s, 0, sizeof *s);
}

tc_rc tc_snippet_from_scan(const tc_scan *s, const char *doc, tc_snippet *out)
{
    memset(out, 0, sizeof *out);
    if (s->npos == 0) {
        out->text = strdup("");
        return out->text ? TC_OK : TC_ENOMEM;
    }
    /* The window: where the phrase, or the most distinct query words,
     * stand closest together; a little context before it. */
    size_t first = 0, last = 0, ws = 0;
    if (s->nocc) {
        tc_snippet_window(s->occ, s->nocc, s->nelems, TC_SNIPPET_TOKENS, &first, &last);
        size_t p0 = s->occ[first].pos;
        size_t span = (size_t)s->occ[last].pos + s->occ[last].npos - p0;
        size_t before = span < TC_SNIPPET_TOKENS ? TC_SNIPPET_TOKENS - span : 0;
        if (before > 4)
            before = 4;
        ws = p0 - (before < p0 ? before : p0);
    }
    size_t we = ws, shown = 1;
    while (we + 1 < s->npos && shown < TC_SNIPPET_TOKENS &&
           s->pos[we + 1].end - s->pos[ws].start <= TC_SNIPPET_MAX_BYTES) {
        we++;
        shown++;
    }
    size_t from = s->pos[ws].start, to = s->pos[we].end;
    /* Highlight the occurrences inside: a phrase as one range. */
    size_t nm = 0;
    for (size_t i = 0; i < s->nocc && s->occ[i].pos <= we; i++)
        nm += s->occ[i].pos >= ws;
    size_t(*marks)[2] = calloc(nm ? nm : 1, sizeof *marks);
    if (!marks)
        return TC_ENOMEM;
    nm = 0;
    for (size_t i = 0; i < s->nocc && s->occ[i].pos <= we; i++)
        if (s->occ[i].pos >= ws) {
            marks[nm][0] = s->occ[i].start;
            marks[nm][1] = s->occ[i].end;
            if (marks[nm][1] > to) /* a compound or phrase running past the window */
                to = marks[nm][1];
            nm++;
        }
    nm = tc_marks_merge(marks, nm);
    out->origin = marks;
    out->nmarks = nm;
    out->cut_before = ws > 0;
    out->cut_after = we + 1 < s->npos || s->stopped;
    return tc_text_marked(doc, from, to, (const size_t(*)[2])marks, nm, &out->text, &out->marks);
}

tc_rc tc_snippet_build(tc_text *t, const tc_query *q, const char *doc, size_t len, tc_snippet *out)
{
    memset(out, 0, sizeof *out);
    tc_scan s;
    tc_rc rc = tc_scan_run(q, t, doc, len, TC_SCAN_SNIPPET, &s);
    if (!rc)
        rc = tc_snippet_from_scan(&s, doc, out);
    tc_scan_free(&s);
    return rc;
}

void tc_results_free(tc_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        tc_fields_free(&r->hits[i].meta);
        tc_snippet_free(&r->hits[i].snippet);
        free(r->hits[i].matches);
        tc_passages_free(r->hits[i].passages, r->hits[i].npassages);
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

/* The whole text of a hit scanned once: its snippet, every occurrence and
 * every passage. */
static tc_rc hit_scan(tc_db *ix, const tc_query *q, const tc_search_opts *o, tc_hit *h)
{
    tc_scan s;
    tc_rc rc = tc_scan_run(q, tc_db_text(ix), h->meta.body, h->meta.body_len, TC_SCAN_ALL, &s);
    if (!rc && o->snippets)
        rc = tc_snippet_from_scan(&s, h->meta.body, &h->snippet);
    if (!rc) {
        h->matches = calloc(s.nocc ? s.nocc : 1, sizeof *h->matches);
        if (!h->matches)
            rc = TC_ENOMEM;
        for (size_t i = 0; !rc && i < s.nocc; i++) {
            h->matches[i][0] = s.occ[i].start;
            h->matches[i][1] = s.occ[i].end;
        }
        if (!rc)
            h->nmatches = tc_marks_merge(h->matches, s.nocc);
    }
    if (!rc && o->passages)
        rc = tc_scan_passages(&s, h->meta.body, h->meta.body_len, tc_fields_get(&h->meta, "pages"),
                              tc_fields_get(&h->meta, "page_kinds"), &h->passages, &h->npassages);
    tc_scan_free(&s);
    return rc;
}

static tc_rc search_once(tc_db *ix, const tc_query *q, const tc_search_opts *o, tc_results **out)
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
        if (!rc && (o->occurrences || o->passages))
            rc = hit_scan(ix, q, o, h);
        else if (!rc && o->snippets)
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

tc_rc tc_search_run(tc_db *ix, const tc_query *q, const tc_search_opts *o, tc_results **out)
{
    int attempt = 0;
    tc_rc rc;
    while (tc_db_retry(ix, rc = search_once(ix, q, o, out), &attempt))
        ;
    if (rc == TC_EXAPIAN && tcx_db_damaged(tc_db_xapian(ix)))
        rc = TC_EDAMAGED; /* a table that cannot be read: `tracuu check` */
    return rc;
}

/* ---- facets ---------------------------------------------------------------- */

static const char *const facet_names[TC_BY_COUNT] = {"province", "province2025", "year", "agency",
                                                     "type",     "cited",        "level"};

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
        if ((a->rc = tc_strmap_put(a->rows, value, n, row))) {
            free_row(row); /* the map did not take it */
            return;
        }
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
    tc_search_opts o = {0, all ? all : 1, 0, 0, 1, 0, 0};
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
            if (!rc) {
                /* The same scan as tc_passages(), so the counts agree. */
                tc_scan s;
                rc = tc_scan_run(q, tc_db_text(ix), f.body, f.body_len, TC_SCAN_ALL, &s);
                a.passages = rc ? 0 : tc_scan_passage_count(&s);
                tc_scan_free(&s);
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
