/* cite.c: who cites a document, the most cited, the citation graph
 * (include/tracuu.h "Citations"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "xdata.h"

tc_rc tc_cite_key(tc_db *db, const char *text, size_t n, tc_buf *out)
{
    tc_buf_reset(out);
    tc_citer *c = tc_db_citer(db);
    if (!c)
        return tc_db_fail(db, TC_EDATA, "cannot load the document-type tables%s", "");
    tc_rc rc = tc_citer_key(c, text, n, out);
    if (rc == TC_ENOTFOUND || rc == TC_EINVAL)
        return tc_db_fail(db, TC_ENOTFOUND, "not a document reference: %s", text);
    return rc;
}

void tc_cite_rows_free(tc_cite_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].path);
        free(rows[i].province);
        free(rows[i].date);
        free(rows[i].number);
        free(rows[i].title);
        free(rows[i].text);
        free(rows[i].sentence);
        free(rows[i].key);
        free(rows[i].reason);
    }
    free(rows);
}

static int cmp_cite_rows(const void *x, const void *y)
{
    const tc_cite_row *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    return c ? c : strcmp(a->path, b->path);
}

#define CITE_SELECT                                                                                \
    "SELECT d.id, d.path, coalesce(d.province,''), coalesce(d.date,''), "                          \
    "coalesce(d.number,''), coalesce(d.title,''), c.text, c.sentence, c.key, c.number, "           \
    "c.year, c.type, c.issuer, c.unit, c.is_short, c.date FROM citations c "                       \
    "JOIN documents d ON d.id = c.doc_id "

/* The year inside a symbol ("45/2016/QĐ-TTg" -> 2016), or 0. */
static int key_symbol_year(const char *key)
{
    const char *p = strchr(key, '/');
    if (p && strlen(p) > 5 && p[5] == '/' && p[1] >= '1' && p[1] <= '2') {
        int y = atoi(p + 1);
        return y >= 1900 && y <= 2100 ? y : 0;
    }
    return 0;
}

/* The citation of the current row of st (columns 8..14 of CITE_SELECT, or
 * the same fields at the given columns) as an analyzer struct. */
static void row_citation(sqlite3_stmt *st, const int col[7], tc_citation *ref)
{
    memset(ref, 0, sizeof *ref);
    const char *v;
#define COPY(field, i)                                                                             \
    v = (const char *)sqlite3_column_text(st, col[i]);                                             \
    snprintf(ref->field, sizeof ref->field, "%s", v ? v : "")
    COPY(key, 0);
    COPY(number, 1);
    ref->year = sqlite3_column_int(st, col[2]);
    COPY(type, 3);
    COPY(issuer, 4);
    COPY(unit, 5);
    ref->is_short = sqlite3_column_int(st, col[6]);
#undef COPY
}

int tc_cite_probable_of(tc_db *db, const tc_citation *ref, const char *cdate,
                        const char *const *known, size_t nknown, const char **match,
                        const char **reason)
{
    *match = *reason = NULL;
    tc_citer *c = tc_db_citer(db);
    if (!c || tc_citer_probable(c, ref, known, nknown, match, reason) != 1)
        return 0;
    int key_year = key_symbol_year(*match);
    if (key_year && cdate && strlen(cdate) >= 4 && atoi(cdate) != key_year) {
        *match = *reason = NULL;
        return 0;
    }
    return 1;
}

/* ---- from the Xapian database alone (xdata.h) ------------------------------ */

/* The columns of the citations table that the answers read. */
typedef struct cite_cols {
    const tc_entity_type *t;                                                   /* the type */
    int key, number, year, type, issuer, unit, date, text, sentence, is_short; /* indexes */
} cite_cols;

static tc_rc cite_cols_get(tc_db *db, cite_cols *c)
{
    c->t = tc_entity_type_find("citations");
    if (!c->t)
        return tc_db_fail(db, TC_EINVAL, "no citations type%s", "");
    c->key = tc_xcol(c->t, "key");
    c->number = tc_xcol(c->t, "number");
    c->year = tc_xcol(c->t, "year");
    c->type = tc_xcol(c->t, "type");
    c->issuer = tc_xcol(c->t, "issuer");
    c->unit = tc_xcol(c->t, "unit");
    c->date = tc_xcol(c->t, "date");
    c->text = tc_xcol(c->t, "text");
    c->sentence = tc_xcol(c->t, "sentence");
    c->is_short = tc_xcol(c->t, "is_short");
    if (c->key < 0 || c->number < 0 || c->year < 0 || c->type < 0 || c->issuer < 0 || c->unit < 0 ||
        c->date < 0 || c->text < 0 || c->sentence < 0 || c->is_short < 0)
        return tc_db_fail(db, TC_EINVAL, "the citations table lacks a column%s", "");
    return TC_OK;
}

static const char *xs(char *const *row, int i)
{
    return row[i] ? row[i] : "";
}

static long long xi(char *const *row, int i)
{
    return row[i] ? strtoll(row[i], NULL, 10) : 0;
}

static void cells_citation(const cite_cols *c, char *const *row, tc_citation *ref)
{
    memset(ref, 0, sizeof *ref);
    snprintf(ref->key, sizeof ref->key, "%s", xs(row, c->key));
    snprintf(ref->number, sizeof ref->number, "%s", xs(row, c->number));
    ref->year = (int)xi(row, c->year);
    snprintf(ref->type, sizeof ref->type, "%s", xs(row, c->type));
    snprintf(ref->issuer, sizeof ref->issuer, "%s", xs(row, c->issuer));
    snprintf(ref->unit, sizeof ref->unit, "%s", xs(row, c->unit));
    ref->is_short = (int)xi(row, c->is_short);
}

/* The rows of tc_cite_list, in the order SQLite gives them: the documents
 * in docid order, each one's rows in table order. */
static tc_rc cite_list_xapian(tc_db *db, const char *key, int probable, tc_cite_row **rows,
                              size_t *count, size_t *cap)
{
    cite_cols cc;
    tc_rc rc = cite_cols_get(db, &cc);
    tc_xdoc d;
    tc_xdoc_init(&d);
    tc_buf term;
    tc_buf_init(&term, 1024);
    for (int pass = 0; pass < (probable ? 2 : 1) && !rc; pass++) {
        uint32_t *ids = NULL;
        size_t nids = 0;
        tc_buf_reset(&term);
        tc_buf_puts_rc(&rc, &term, "XC");
        if (!rc && pass == 0)
            rc = tc_buf_puts(&term, key);
        if (!rc)
            rc = pass == 0 ? tc_xdocs_term(db, tc_buf_cstr(&term), &ids, &nids)
                           : tc_xdocs_prefix(db, "XC", &ids, &nids);
        for (size_t k = 0; k < nids && !rc; k++) {
            tc_cells t = {0};
            if (!(rc = tc_xdoc_load(db, ids[k], &d)))
                rc = tc_xdoc_rows(db, &d, cc.t, &t);
            for (size_t r = 0; r < t.nrows && !rc; r++) {
                char *const *row = t.cell + r * t.ncols;
                const char *rkey = row[cc.key], *reason = NULL;
                if (!rkey)
                    continue;
                if (pass == 0 && strcmp(rkey, key) != 0)
                    continue;
                if (pass == 1) {
                    if (strcmp(rkey, key) == 0 || (xi(row, cc.year) != 0 && !xi(row, cc.is_short)))
                        continue;
                    tc_citation ref;
                    cells_citation(&cc, row, &ref);
                    const char *known[1] = {key}, *match = NULL;
                    if (!tc_cite_probable_of(db, &ref, row[cc.date], known, 1, &match, &reason))
                        continue;
                }
                if (*count == *cap) {
                    tc_cite_row *v = realloc(*rows, *cap * 2 * sizeof *v);
                    if (!v) {
                        rc = TC_ENOMEM;
                        break;
                    }
                    *rows = v;
                    *cap *= 2;
                }
                tc_cite_row *o = &(*rows)[(*count)++];
                memset(o, 0, sizeof *o);
                o->docid = d.docid;
                o->path = strdup(tc_xdoc_get(&d, "path"));
                o->province = strdup(tc_xdoc_get(&d, "province"));
                o->date = strdup(tc_xdoc_get(&d, "date"));
                o->number = strdup(tc_xdoc_get(&d, "number"));
                o->title = strdup(tc_xdoc_get(&d, "title"));
                o->text = strdup(xs(row, cc.text));
                o->sentence = strdup(xs(row, cc.sentence));
                o->key = strdup(rkey);
                o->reason = strdup(reason ? reason : "");
                o->probable = pass == 1;
                if (!o->path || !o->province || !o->date || !o->number || !o->title || !o->text ||
                    !o->sentence || !o->key || !o->reason)
                    rc = TC_ENOMEM;
            }
            tc_cells_free(&t);
        }
        free(ids);
    }
    tc_buf_free(&term);
    tc_xdoc_free(&d);
    return rc;
}

tc_rc tc_cite_list(tc_db *db, const char *key, int probable, tc_cite_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 16, count = 0;
    tc_cite_row *rows = calloc(cap, sizeof *rows);
    tc_rc rc = rows ? TC_OK : TC_ENOMEM;
    static const int cols[7] = {8, 9, 10, 11, 12, 13, 14};
    if (!rc && !tc_db_sqlite(db))
        rc = cite_list_xapian(db, key, probable, &rows, &count, &cap);
    for (int pass = 0; pass < (probable ? 2 : 1) && !rc && tc_db_sqlite(db); pass++) {
        sqlite3_stmt *st = NULL;
        rc =
            tc_db_prepare(db,
                          pass == 0 ? CITE_SELECT "WHERE c.key = ?"
                                    : CITE_SELECT "WHERE c.key != ? AND (c.year = 0 OR c.is_short)",
                          &st);
        if (rc)
            break;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *reason = NULL;
            if (pass == 1) {
                tc_citation ref;
                row_citation(st, cols, &ref);
                const char *known[1] = {key}, *match = NULL;
                if (!tc_cite_probable_of(db, &ref, (const char *)sqlite3_column_text(st, 15), known,
                                         1, &match, &reason))
                    continue;
            }
            if (count == cap) {
                tc_cite_row *v = realloc(rows, cap * 2 * sizeof *v);
                if (!v) {
                    rc = TC_ENOMEM;
                    break;
                }
                rows = v;
                cap *= 2;
            }
            tc_cite_row *r = &rows[count++];
            memset(r, 0, sizeof *r);
            r->docid = (uint32_t)sqlite3_column_int64(st, 0);
            r->path = tc_db_col_dup(st, 1);
            r->province = tc_db_col_dup(st, 2);
            r->date = tc_db_col_dup(st, 3);
            r->number = tc_db_col_dup(st, 4);
            r->title = tc_db_col_dup(st, 5);
            r->text = tc_db_col_dup(st, 6);
            r->sentence = tc_db_col_dup(st, 7);
            r->key = tc_db_col_dup(st, 8);
            r->reason = strdup(reason ? reason : "");
            r->probable = pass == 1;
            if (!r->path || !r->province || !r->date || !r->number || !r->title || !r->text ||
                !r->sentence || !r->key || !r->reason)
                rc = TC_ENOMEM;
        }
        if (!rc && step != SQLITE_DONE)
            rc = tc_db_sql_fail(db);
        sqlite3_finalize(st);
    }
    if (rc) {
        tc_cite_rows_free(rows, count);
        return rc;
    }
    qsort(rows, count, sizeof *rows, cmp_cite_rows);
    *out = rows;
    *n = count;
    return TC_OK;
}

void tc_cite_top_free(tc_cite_top_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].key);
        free(rows[i].group);
    }
    free(rows);
}

/* Most cited, ties by key then group (byte order): one order for both paths. */
static int cmp_top(const void *a, const void *b)
{
    const tc_cite_top_row *x = a, *y = b;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->group ? x->group : "", y->group ? y->group : "");
}

/* A (key, group) count while the documents are walked in docid order. */
typedef struct top_count {
    uint32_t docs, last; /* documents, the last one counted */
    uint64_t mentions;   /* rows */
} top_count;

static tc_rc cite_top_xapian(tc_db *db, const char *by, size_t limit, tc_cite_top_row **out,
                             size_t *n)
{
    cite_cols cc;
    tc_rc rc = cite_cols_get(db, &cc);
    tc_strmap *m = NULL;
    if (!rc)
        rc = tc_strmap_new(free, &m);
    uint32_t *ids = NULL;
    size_t nids = 0;
    if (!rc)
        rc = tc_xdocs_prefix(db, "XC", &ids, &nids);
    tc_xdoc d;
    tc_xdoc_init(&d);
    tc_buf k;
    tc_buf_init(&k, 4096);
    for (size_t i = 0; i < nids && !rc; i++) {
        tc_cells t = {0};
        if (!(rc = tc_xdoc_load(db, ids[i], &d)))
            rc = tc_xdoc_rows(db, &d, cc.t, &t);
        const char *group = by ? tc_xdoc_get(&d, by) : "";
        for (size_t r = 0; r < t.nrows && !rc; r++) {
            tc_buf_reset(&k);
            tc_buf_puts_rc(&rc, &k, xs(t.cell + r * t.ncols, cc.key));
            tc_buf_putc_rc(&rc, &k, 0);
            tc_buf_puts_rc(&rc, &k, group);
            void *v = NULL;
            if (!rc && !tc_strmap_get(m, k.data, k.len, &v)) {
                if (!(v = calloc(1, sizeof(top_count))))
                    rc = TC_ENOMEM;
                else if ((rc = tc_strmap_put(m, k.data, k.len, v)))
                    free(v);
            }
            if (rc)
                break;
            top_count *c = v;
            c->docs += c->last != d.docid;
            c->last = d.docid;
            c->mentions++;
        }
        tc_cells_free(&t);
    }
    free(ids);
    tc_xdoc_free(&d);
    tc_buf_free(&k);
    size_t count = 0;
    tc_cite_top_row *rows = NULL;
    if (!rc) {
        rows = calloc(tc_strmap_count(m) + 1, sizeof *rows);
        rc = rows ? TC_OK : TC_ENOMEM;
    }
    size_t it = 0, klen;
    const char *key;
    void *v;
    while (!rc && tc_strmap_next(m, &it, &key, &klen, &v)) {
        tc_cite_top_row *r = &rows[count++];
        const top_count *c = v;
        r->key = strdup(key);
        r->group = by ? strdup(key + strlen(key) + 1) : NULL;
        r->docs = c->docs;
        r->mentions = c->mentions;
        if (!r->key || (by && !r->group))
            rc = TC_ENOMEM;
    }
    tc_strmap_free(m);
    if (rc) {
        tc_cite_top_free(rows, count);
        return rc;
    }
    qsort(rows, count, sizeof *rows, cmp_top);
    for (size_t i = limit; i < count; i++) {
        free(rows[i].key);
        free(rows[i].group);
    }
    *out = rows;
    *n = count < limit ? count : limit;
    return TC_OK;
}

tc_rc tc_cite_top(tc_db *db, const char *by, size_t limit, tc_cite_top_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (by && strcmp(by, "province") && strcmp(by, "year"))
        return tc_db_fail(db, TC_EINVAL, "cite --top --by takes province or year, not '%s'", by);
    if (!tc_db_sqlite(db))
        return cite_top_xapian(db, by, limit, out, n);
    /* The year as text, so that a document without one ('') sorts as the
     * Xapian path sorts it; ties end on the group, so the order is total. */
    const char *group = !by                           ? ""
                        : strcmp(by, "province") == 0 ? ", coalesce(d.province,'')"
                                                      : ", coalesce(CAST(d.year AS TEXT),'')";
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT c.key%s, count(DISTINCT c.doc_id) AS docs, count(*) AS mentions "
             "FROM citations c JOIN documents d ON d.id = c.doc_id GROUP BY c.key%s "
             "ORDER BY docs DESC, mentions DESC, c.key%s LIMIT ?",
             group, group, by ? ", 2" : "");
    sqlite3_stmt *st = NULL;
    tc_rc rc = tc_db_prepare(db, sql, &st);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, (long long)limit);
    size_t count = 0, cap = 0;
    tc_cite_top_row *rows = NULL;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 32;
            tc_cite_top_row *v = realloc(rows, cap * sizeof *v);
            if (!v) {
                rc = TC_ENOMEM;
                break;
            }
            rows = v;
        }
        tc_cite_top_row *r = &rows[count++];
        r->key = tc_db_col_dup(st, 0);
        r->group = by ? tc_db_col_dup(st, 1) : NULL;
        r->docs = (uint32_t)sqlite3_column_int64(st, by ? 2 : 1);
        r->mentions = (uint64_t)sqlite3_column_int64(st, by ? 3 : 2);
        if (!r->key || (by && !r->group))
            rc = TC_ENOMEM;
    }
    if (!rc && step != SQLITE_DONE)
        rc = tc_db_sql_fail(db);
    sqlite3_finalize(st);
    if (rc) {
        tc_cite_top_free(rows, count);
        return rc;
    }
    *out = rows;
    *n = count;
    return TC_OK;
}

/* A document's node in the graph: its own number when it has one (so that
 * citations of it meet it), else "doc ID" (a blank "/BC-STTTT" is shared). */
#define DOC_NODE "(CASE WHEN d.number GLOB '[0-9]*' THEN d.number ELSE 'doc ' || d.id END)"

/* Edges sort by their source, then their target. */
static int cmp_edge(const void *a, const void *b)
{
    char *const *x = a, *const *y = b;
    int c = strcmp(x[0], y[0]);
    return c ? c : strcmp(x[1], y[1]);
}

void tc_graph_free(tc_graph *g)
{
    if (!g)
        return;
    free(g->root);
    for (size_t i = 0; i < g->nnodes; i++)
        free(g->nodes[i]);
    free(g->nodes);
    for (size_t i = 0; i < g->nedges; i++)
        free(g->edges[i][0]); /* one allocation holds both ends */
    free(g->edges);
    free(g);
}

static tc_rc push_str(char ***v, size_t *n, const char *s)
{
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return TC_ENOMEM;
    *v = nv;
    if (!(nv[*n] = strdup(s)))
        return TC_ENOMEM;
    (*n)++;
    return TC_OK;
}

/* A document's node as DOC_NODE makes it. */
static tc_rc doc_node(const tc_xdoc *d, tc_buf *out)
{
    const char *num = tc_xdoc_get(d, "number");
    tc_buf_reset(out);
    if (num[0] >= '0' && num[0] <= '9')
        return tc_buf_puts(out, num);
    return tc_buf_printf(out, "doc %u", (unsigned)d->docid);
}

/* One step of the graph from the Xapian database: dir 0, the nodes of the
 * documents citing `node`; dir 1, the keys cited by the documents whose
 * node is `node`.  Each distinct one goes to fn. */
static tc_rc graph_step_xapian(tc_db *db, const cite_cols *cc, int dir, const char *node,
                               tc_rc (*fn)(void *ctx, const char *other), void *ctx)
{
    uint32_t *ids = NULL;
    size_t nids = 0;
    tc_buf b;
    tc_buf_init(&b, 1024);
    tc_rc rc = tc_buf_puts(&b, dir == 0 ? "XC" : "XO");
    if (!rc)
        rc = tc_buf_puts(&b, node);
    unsigned long id = 0;
    if (!rc && dir == 1 && strncmp(node, "doc ", 4) == 0) {
        char *end;
        id = strtoul(node + 4, &end, 10);
        if (*end || !id || id > UINT32_MAX)
            id = 0;
        else if (!(ids = malloc(sizeof *ids)))
            rc = TC_ENOMEM;
        else
            ids[nids++] = (uint32_t)id;
    } else if (!rc && (dir == 0 || (node[0] >= '0' && node[0] <= '9'))) {
        rc = tc_xdocs_term(db, tc_buf_cstr(&b), &ids, &nids);
    }
    tc_xdoc d;
    tc_xdoc_init(&d);
    for (size_t i = 0; i < nids && !rc; i++) {
        rc = tc_xdoc_load(db, ids[i], &d);
        if (rc == TC_ENOTFOUND && id) { /* "doc N" of no document */
            rc = TC_OK;
            break;
        }
        if (!rc)
            rc = doc_node(&d, &b);
        if (rc)
            break;
        if (dir == 0) {
            rc = fn(ctx, tc_buf_cstr(&b));
            continue;
        }
        if (strcmp(tc_buf_cstr(&b), node) != 0)
            continue; /* "doc N" of a document that has a number */
        tc_cells t = {0};
        rc = tc_xdoc_rows(db, &d, cc->t, &t);
        for (size_t r = 0; r < t.nrows && !rc; r++)
            if (t.cell[r * t.ncols + cc->key])
                rc = fn(ctx, t.cell[r * t.ncols + cc->key]);
        tc_cells_free(&t);
    }
    tc_xdoc_free(&d);
    free(ids);
    tc_buf_free(&b);
    return rc;
}

/* What a step of tc_cite_graph adds: the edge and, when new, the node. */
typedef struct graph_walk {
    tc_strmap *nodes, *edges; /* seen */
    char ***next;             /* the next frontier */
    size_t *nn;               /* its count */
    const char *from;         /* the frontier node */
    int dir;                  /* 0: others cite it; 1: it cites others */
    tc_buf e;                 /* scratch */
} graph_walk;

static tc_rc push_str(char ***v, size_t *n, const char *s);

static tc_rc graph_add(void *ctx, const char *other)
{
    graph_walk *w = ctx;
    tc_rc rc = TC_OK;
    tc_buf_reset(&w->e);
    tc_buf_puts_rc(&rc, &w->e, w->dir == 0 ? other : w->from);
    tc_buf_putc_rc(&rc, &w->e, '\0');
    tc_buf_puts_rc(&rc, &w->e, w->dir == 0 ? w->from : other);
    if (!rc)
        rc = tc_strmap_put(w->edges, w->e.data, w->e.len, NULL);
    if (!rc && !tc_strmap_get(w->nodes, other, strlen(other), NULL)) {
        rc = tc_strmap_put(w->nodes, other, strlen(other), NULL);
        if (!rc)
            rc = push_str(w->next, w->nn, other);
    }
    return rc;
}

tc_rc tc_cite_graph(tc_db *db, const char *key, unsigned depth, tc_graph **out)
{
    *out = NULL;
    tc_strmap *nodes = NULL, *edges = NULL;
    sqlite3_stmt *citers = NULL, *cited = NULL;
    char **frontier = NULL, **next = NULL;
    size_t nf = 0, nn = 0;
    tc_graph *g = calloc(1, sizeof *g);
    tc_buf e;
    tc_buf_init(&e, 4096);
    tc_rc rc = g ? TC_OK : TC_ENOMEM;
    if (!rc)
        rc = tc_strmap_new(NULL, &nodes);
    if (!rc)
        rc = tc_strmap_new(NULL, &edges);
    int xonly = !tc_db_sqlite(db);
    cite_cols cc;
    if (!rc && xonly)
        rc = cite_cols_get(db, &cc);
    if (!rc && !xonly)
        rc = tc_db_prepare(db,
                           "SELECT DISTINCT " DOC_NODE " FROM citations c JOIN documents d ON "
                           "d.id = c.doc_id WHERE c.key = ?",
                           &citers);
    if (!rc && !xonly)
        rc = tc_db_prepare(db,
                           "SELECT DISTINCT c.key FROM citations c JOIN documents d ON d.id = "
                           "c.doc_id WHERE " DOC_NODE " = ?",
                           &cited);
    if (!rc)
        rc = push_str(&frontier, &nf, key);
    if (!rc)
        rc = tc_strmap_put(nodes, key, strlen(key), NULL);
    for (unsigned level = 0; level < depth && nf && !rc; level++) {
        for (size_t i = 0; i < nf && !rc; i++) {
            for (int dir = 0; dir < 2 && !rc; dir++) {
                if (xonly) {
                    graph_walk w = {nodes, edges, &next, &nn, frontier[i], dir, {0}};
                    tc_buf_init(&w.e, 4096);
                    rc = graph_step_xapian(db, &cc, dir, frontier[i], graph_add, &w);
                    tc_buf_free(&w.e);
                    continue;
                }
                sqlite3_stmt *st = dir == 0 ? citers : cited;
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, frontier[i], -1, SQLITE_STATIC);
                int step;
                while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
                    const char *other = (const char *)sqlite3_column_text(st, 0);
                    tc_buf_reset(&e);
                    rc = tc_buf_puts(&e, dir == 0 ? other : frontier[i]);
                    if (!rc)
                        rc = tc_buf_putc(&e, '\0');
                    if (!rc)
                        rc = tc_buf_puts(&e, dir == 0 ? frontier[i] : other);
                    if (!rc)
                        rc = tc_strmap_put(edges, e.data, e.len, NULL);
                    if (!rc && !tc_strmap_get(nodes, other, strlen(other), NULL)) {
                        rc = tc_strmap_put(nodes, other, strlen(other), NULL);
                        if (!rc)
                            rc = push_str(&next, &nn, other);
                    }
                }
                if (!rc && step != SQLITE_DONE)
                    rc = tc_db_sql_fail(db);
            }
        }
        for (size_t i = 0; i < nf; i++)
            free(frontier[i]);
        free(frontier);
        frontier = next;
        nf = nn;
        next = NULL;
        nn = 0;
    }
    /* Nodes and edges, sorted for stable output. */
    size_t it = 0;
    const char *s;
    size_t slen;
    while (!rc && tc_strmap_next(nodes, &it, &s, NULL, NULL))
        rc = push_str(&g->nodes, &g->nnodes, s);
    if (!rc) {
        g->edges = calloc(tc_strmap_count(edges) + 1, sizeof *g->edges);
        rc = g->edges ? TC_OK : TC_ENOMEM;
    }
    it = 0;
    while (!rc && tc_strmap_next(edges, &it, &s, &slen, NULL)) {
        char *both = malloc(slen + 1);
        if (!both) {
            rc = TC_ENOMEM;
            break;
        }
        memcpy(both, s, slen);
        both[slen] = 0;
        g->edges[g->nedges][0] = both;
        g->edges[g->nedges][1] = both + strlen(both) + 1;
        g->nedges++;
    }
    if (!rc) {
        qsort(g->nodes, g->nnodes, sizeof *g->nodes, tc_cmp_cstr);
        qsort(g->edges, g->nedges, sizeof *g->edges, cmp_edge);
        g->root = strdup(key);
        if (!g->root)
            rc = TC_ENOMEM;
    }
    for (size_t i = 0; i < nf; i++)
        free(frontier[i]);
    free(frontier);
    sqlite3_finalize(citers);
    sqlite3_finalize(cited);
    tc_strmap_free(nodes);
    tc_strmap_free(edges);
    tc_buf_free(&e);
    if (rc) {
        tc_graph_free(g);
        return rc;
    }
    *out = g;
    return TC_OK;
}
