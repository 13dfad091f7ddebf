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
    tcx_search_opts xo = {
        o->offset, o->limit, o->sort_by_date ? TC_SLOT_DATE : -1, 1, tcx_db_doccount(db), 0, 0};
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

/* The whole match of q as tc_search_run chooses it (the strict query, or
 * the relaxed one for a long question or when the strict one finds fewer
 * than TC_RELAX_BELOW), its docids in increasing order: unranked, so that
 * every posting list and value stream after it is read forward once. */
static tc_rc match_docids(tc_db *ix, const tc_query *q, uint32_t **ids, uint32_t *n, int *relaxed)
{
    tcx_db *db = tc_db_xapian(ix);
    *relaxed = tc_query_prefers_relaxed(q);
    tc_rc rc = tcx_db_match(db, *relaxed ? tc_query_relaxed(q) : tc_query_strict(q), ids, n);
    if (!rc && !*relaxed && *n < TC_RELAX_BELOW && tc_query_relaxed(q)) {
        uint32_t *ids2 = NULL, n2 = 0;
        rc = tcx_db_match(db, tc_query_relaxed(q), &ids2, &n2);
        if (!rc && n2 > *n) {
            free(*ids);
            *ids = ids2;
            *n = n2;
            *relaxed = 1;
        } else {
            free(ids2);
        }
    }
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return tc_db_xapian_fail(ix, rc);
    }
    return TC_OK;
}

/* The passages of docid counted by scanning its stored text: for a query
 * the index cannot count (tc_pcount_open gave NULL). */
static tc_rc scan_count(tc_db *ix, const tc_query *q, uint32_t docid, tc_buf *data,
                        uint64_t *passages)
{
    *passages = 0;
    tc_buf_reset(data);
    tc_rc rc = tcx_db_doc_data(tc_db_xapian(ix), docid, data);
    if (rc)
        return rc == TC_EXAPIAN ? tc_db_xapian_fail(ix, rc) : rc;
    tc_fields f;
    rc = tc_fields_parse(data->data ? data->data : "", data->len, &f);
    if (!rc) {
        tc_scan s;
        rc = tc_scan_run(q, tc_db_text(ix), f.body, f.body_len, TC_SCAN_ALL, &s);
        *passages = rc ? 0 : tc_scan_passage_count(&s);
        tc_scan_free(&s);
        tc_fields_free(&f);
    }
    return rc;
}

/* The terms of a prefix, kept as "term\0term\0..." (the few levels). */
static int collect_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    (void)freq;
    tc_buf *b = ctx;
    tc_rc rc = TC_OK;
    tc_buf_append_rc(&rc, b, term, len);
    tc_buf_putc_rc(&rc, b, 0);
    return rc != TC_OK;
}

/* Cited documents: the match's passages per document, then each XC term's
 * posting list merged with the match (both in docid order). */
typedef struct cited_ctx {
    facet_acc *a;             /* the counts */
    const uint32_t *ids;      /* the match, increasing */
    const uint64_t *passages; /* per document of the match */
    size_t n;                 /* its size */
    size_t at;                /* merge position in ids */
    const char *value;        /* the cited key (the term without XC) */
    size_t vlen;              /* its length */
} cited_ctx;

static int count_cited(void *ctx, uint32_t docid)
{
    cited_ctx *c = ctx;
    while (c->at < c->n && c->ids[c->at] < docid)
        c->at++;
    if (c->at == c->n)
        return 1; /* past the match */
    if (c->ids[c->at] == docid) {
        c->a->passages = c->passages[c->at];
        facet_count(c->a, c->value, c->vlen);
    }
    return c->a->rc != TC_OK;
}

typedef struct level_ctx {
    facet_acc *a;             /* the counts */
    const char *const *terms; /* the level terms (XL...) */
    const size_t *lens;       /* their lengths */
} level_ctx;

static int count_level(void *ctx, size_t term, const uint32_t *pos, size_t n)
{
    (void)pos;
    (void)n;
    level_ctx *l = ctx;
    facet_count(l->a, l->terms[term] + 2, l->lens[term] - 2);
    return l->a->rc != TC_OK;
}

/* A facet of a query of filters only (every document is its own passage)
 * over a cluster with remote shards: Xapian's ValueCountMatchSpy counts
 * the documents per value on each server, one round trip per shard,
 * where the cursors below read each document's value over the network
 * (0.31 ms a document against 0.47 ms for a whole match of 596 on
 * loopback, docs/SCALE.md).  Returns 1 when it answered (*rc set). */
static int spy_value(void *ctx, const char *value, size_t len, uint32_t docs)
{
    facet_acc *a = ctx;
    if (len == 0) {
        value = "(none)";
        len = strlen(value);
    }
    a->passages = docs;
    facet_count(a, value, len);
    if (a->rc == TC_OK) { /* facet_count adds one document: make it docs */
        void *v = NULL;
        if (tc_strmap_get(a->rows, value, len, &v))
            ((tc_facet_row *)v)->docs += docs - 1;
    }
    return a->rc != TC_OK;
}

static int facets_by_spy(tc_db *ix, const tc_query *q, int by, facet_acc *a, uint32_t *total,
                         tc_rc *rc)
{
    static const unsigned slots[] = {TC_SLOT_PROVINCE, TC_SLOT_PROVINCE2025, TC_SLOT_YEAR,
                                     TC_SLOT_AGENCY, TC_SLOT_TYPE};
    if (!tc_db_is_cluster(ix) || by > TC_BY_TYPE || tc_query_text_terms(q) > 0 ||
        tc_query_relaxed(q) || tc_query_prefers_relaxed(q))
        return 0;
    tcx_db *db = tc_db_xapian(ix);
    int remote = 0;
    for (size_t i = 0, n = tcx_cluster_size(db); i < n; i++) {
        int up = 0;
        tcx_cluster_shard(db, i, &up);
        remote |= up && tcx_cluster_shard_remote(db, i);
    }
    if (!remote)
        return 0;
    *rc = tcx_db_value_counts(db, tc_query_strict(q), slots[by], spy_value, a, total);
    if (*rc == TC_EXAPIAN)
        *rc = tc_db_xapian_fail(ix, *rc);
    else if (!*rc)
        *rc = a->rc;
    return 1;
}

static tc_rc facets_once(tc_db *ix, const tc_query *q, int by, int sort_by_value,
                         tc_facet_row **out_rows, size_t *out_n, uint32_t *out_total,
                         int *out_relaxed)
{
    *out_rows = NULL;
    *out_n = 0;
    if (by < 0 || by >= TC_BY_COUNT)
        return TC_EINVAL;
    tcx_db *db = tc_db_xapian(ix);
    uint32_t *ids = NULL, nids = 0;
    static const unsigned slots[] = {TC_SLOT_PROVINCE, TC_SLOT_PROVINCE2025, TC_SLOT_YEAR,
                                     TC_SLOT_AGENCY, TC_SLOT_TYPE};
    facet_acc a = {NULL, db, 0, 0, 0, TC_OK};
    tc_rc rc = tc_strmap_new(free_row, &a.rows);
    *out_relaxed = 0;
    if (!rc && facets_by_spy(ix, q, by, &a, out_total, &rc)) {
        nids = 0; /* counted by the servers: nothing to walk */
    } else if (!rc && !(rc = match_docids(ix, q, &ids, &nids, out_relaxed))) {
        *out_total = nids;
    }
    tc_buf v, data, lv;
    tc_buf_init(&v, 0);
    tc_buf_init(&data, 0);
    tc_buf_init(&lv, 0);
    int text = tc_query_text_terms(q) > 0;
    /* Passages from positions and the stored sentence starts; the
     * scanner only for a query the index cannot count. */
    tc_pcount *pc = NULL;
    if (!rc && text)
        rc = tc_pcount_open(ix, q, &pc);
    tcx_cursor *cur = NULL;
    const char **lterms = NULL;
    size_t *llens = NULL, nl = 0;
    if (!rc && by == TC_BY_LEVEL) {
        /* The level is a term (XL<level>), not a value slot: a handful of
         * posting lists walked along the match. */
        rc = tcx_db_allterms(db, "XL", 2, collect_term, &lv);
        for (size_t i = 0; !rc && i < lv.len; i += strlen(lv.data + i) + 1)
            nl++;
        lterms = calloc(nl + 1, sizeof *lterms);
        llens = calloc(nl + 1, sizeof *llens);
        if (!rc && (!lterms || !llens))
            rc = TC_ENOMEM;
        for (size_t i = 0, k = 0; !rc && k < nl; i += llens[k++] + 1) {
            lterms[k] = lv.data + i;
            llens[k] = strlen(lv.data + i);
        }
        if (!rc)
            rc = tcx_cursor_terms(db, lterms, llens, nl, 0, &cur);
    } else if (!rc && by != TC_BY_CITED) {
        rc = tcx_cursor_values(db, slots[by], &cur);
    }
    /* The passages of every document first: counted from the index over
     * several threads (tc_pcount_docs), and kept for cited_count below. */
    uint64_t *dpass = NULL;
    if (!rc && (by == TC_BY_CITED || pc) && !(dpass = calloc(nids ? nids : 1, sizeof *dpass)))
        rc = TC_ENOMEM;
    if (rc == TC_EXAPIAN)
        rc = tc_db_xapian_fail(ix, rc);
    if (!rc && pc)
        rc = tc_pcount_docs(pc, ix, q, ids, nids, dpass, NULL);
    level_ctx lc = {&a, lterms, llens};
    for (size_t i = 0; i < nids && !rc; i++) {
        a.docid = ids[i];
        a.passages = 1; /* a query of filters only: the document is the passage */
        if (pc)
            a.passages = dpass[i];
        else if (text)
            rc = scan_count(ix, q, a.docid, &data, &a.passages);
        if (rc)
            break;
        if (by == TC_BY_CITED) {
            dpass[i] = a.passages;
        } else if (by == TC_BY_LEVEL) {
            a.counted = 0;
            rc = tcx_cursor_doc(cur, a.docid, count_level, &lc);
            if (!rc && !a.rc && a.counted == 0)
                facet_count(&a, "(none)", strlen("(none)"));
        } else {
            tc_buf_reset(&v);
            rc = tcx_cursor_value(cur, a.docid, &v);
            if (!rc && v.len == 0)
                tc_buf_puts_rc(&rc, &v, "(none)");
            if (!rc)
                facet_count(&a, v.data, v.len);
        }
        if (rc == TC_EXAPIAN)
            rc = tc_db_xapian_fail(ix, rc);
        if (!rc)
            rc = a.rc;
    }
    /* Each cited key's posting list merged with the match: reading every
     * matching document's term list instead cost 3.7 s for 8,889 news
     * articles (the whole list of each, for its few XC terms). */
    if (!rc && by == TC_BY_CITED && nids) {
        tc_buf_reset(&lv);
        rc = tcx_db_allterms(db, "XC", 2, collect_term, &lv);
        for (size_t i = 0; !rc && i < lv.len;) {
            size_t tl = strlen(lv.data + i);
            cited_ctx cc = {&a, ids, dpass, nids, 0, lv.data + i + 2, tl - 2};
            rc = tcx_db_postlist(db, lv.data + i, tl, count_cited, &cc);
            if (!rc)
                rc = a.rc;
            i += tl + 1;
        }
        if (rc == TC_EXAPIAN)
            rc = tc_db_xapian_fail(ix, rc);
    }
    free(dpass);
    tcx_cursor_free(cur);
    tc_pcount_free(pc);
    free(lterms);
    free(llens);
    free(ids);
    tc_buf_free(&v);
    tc_buf_free(&data);
    tc_buf_free(&lv);
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

tc_rc tc_facets(tc_db *ix, const tc_query *q, int by, int sort_by_value, tc_facet_row **out_rows,
                size_t *out_n, uint32_t *out_total, int *out_relaxed)
{
    /* Asked again after a snapshot was overwritten, or (a cluster with
     * --allow-partial) without a shard that died during the question. */
    int attempt = 0;
    tc_rc rc;
    while (tc_db_retry(
        ix, rc = facets_once(ix, q, by, sort_by_value, out_rows, out_n, out_total, out_relaxed),
        &attempt))
        ;
    return rc;
}
