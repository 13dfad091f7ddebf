/* cite.c: who cites a document, the most cited, the citation graph
 * (include/tracuu.h "Citations"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

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

tc_rc tc_cite_list(tc_db *db, const char *key, int probable, tc_cite_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 16, count = 0;
    tc_cite_row *rows = calloc(cap, sizeof *rows);
    tc_rc rc = rows ? TC_OK : TC_ENOMEM;
    static const int cols[7] = {8, 9, 10, 11, 12, 13, 14};
    for (int pass = 0; pass < (probable ? 2 : 1) && !rc; pass++) {
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

tc_rc tc_cite_top(tc_db *db, const char *by, size_t limit, tc_cite_top_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (by && strcmp(by, "province") && strcmp(by, "year"))
        return tc_db_fail(db, TC_EINVAL, "cite --top --by takes province or year, not '%s'", by);
    const char *group = !by                           ? ""
                        : strcmp(by, "province") == 0 ? ", coalesce(d.province,'')"
                                                      : ", coalesce(d.year,'')";
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT c.key%s, count(DISTINCT c.doc_id) AS docs, count(*) AS mentions "
             "FROM citations c JOIN documents d ON d.id = c.doc_id GROUP BY c.key%s "
             "ORDER BY docs DESC, mentions DESC, c.key LIMIT ?",
             group, group);
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
    if (!rc)
        rc = tc_db_prepare(db,
                           "SELECT DISTINCT " DOC_NODE " FROM citations c JOIN documents d ON "
                           "d.id = c.doc_id WHERE c.key = ?",
                           &citers);
    if (!rc)
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
