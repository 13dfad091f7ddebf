/* figures.c: the figures reported for a counted thing, listed and pivoted
 * (include/tracuu.h "Figures"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/sentence.h"
#include "db.h"
#include "xdata.h"

static void figure_row_free(tc_figure_row *r)
{
    free(r->unit);
    free(r->kind);
    free(r->measure);
    free(r->stated);
    free(r->what);
    free(r->text);
    free(r->province);
    free(r->year);
    free(r->date);
    free(r->period);
    free(r->path);
    free(r->sentence);
}

void tc_figure_rows_free(tc_figure_row *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        figure_row_free(&v[i]);
    free(v);
}

/* The stored text of the last document asked for: figures come in
 * document order, so one entry is enough. */
typedef struct doc_text {
    uint32_t id; /* docid held, 0 if none */
    tc_buf data; /* its stored record */
    tc_fields f; /* parsed: f.body is the text */
} doc_text;

static tc_rc doc_sentence(tc_db *db, doc_text *c, uint32_t id, size_t start, size_t end,
                          tc_buf *out)
{
    tc_buf_reset(out);
    if (c->id != id) {
        if (c->id)
            tc_fields_free(&c->f);
        c->id = 0;
        tc_buf_reset(&c->data);
        tc_rc rc = tc_store_doc_record(tc_db_store(db), id, &c->data);
        if (rc)
            return tc_db_fail(db, rc, "%s", tc_store_errmsg(tc_db_store(db)));
        if ((rc = tc_fields_parse(c->data.data ? c->data.data : "", c->data.len, &c->f)))
            return rc;
        c->id = id;
    }
    /* Offsets outside the text (a damaged row) give an empty sentence. */
    tc_rc rc = tc_sentence_text(c->f.body, c->f.body_len, start, end, out);
    return rc == TC_EINVAL ? TC_OK : rc;
}

static void doc_text_free(doc_text *c)
{
    if (c->id)
        tc_fields_free(&c->f);
    tc_buf_free(&c->data);
}

/* " word word " of s folded, with spaces around for whole-word matching. */
static tc_rc folded_words(tc_text *t, const char *s, tc_buf *out)
{
    tc_buf_reset(out);
    tc_rc rc = tc_buf_putc(out, ' ');
    if (!rc)
        rc = tc_text_fold(t, s, strlen(s), out);
    for (size_t i = 0; !rc && i < out->len; i++)
        if (out->data[i] == '\t' || out->data[i] == '"')
            out->data[i] = ' ';
    if (!rc)
        rc = tc_buf_putc(out, ' ');
    return rc;
}

/* 1 when the folded words f hold every query word w. */
static int holds_all(const tc_buf *f, const char *const *w, const size_t *wl, size_t nw)
{
    for (size_t i = 0; i < nw; i++)
        if (!memmem(f->data, f->len, w[i], wl[i]))
            return 0;
    return 1;
}

/* Where a figure row sorts: the SQL's ORDER BY d.province, d.date, f.start,
 * f.doc_id, f.rowid (an absent province or date first, as NULL sorts). */
typedef struct fig_key {
    size_t start; /* offset in the document */
    size_t row;   /* row of the document's table */
} fig_key;

typedef struct fig_sort {
    tc_figure_row row; /* the answer row */
    fig_key k;         /* the rest of its order */
} fig_sort;

static int cmp_fig(const void *a, const void *b)
{
    const fig_sort *x = a, *y = b;
    int c = strcmp(x->row.province, y->row.province);
    if (!c)
        c = strcmp(x->row.date, y->row.date);
    if (!c && x->k.start != y->k.start)
        c = x->k.start < y->k.start ? -1 : 1;
    if (!c && x->row.docid != y->row.docid)
        c = x->row.docid < y->row.docid ? -1 : 1;
    if (!c && x->k.row != y->k.row)
        c = x->k.row < y->k.row ? -1 : 1;
    return c;
}

static double cell_real(char *const *row, int i)
{
    return i >= 0 && row[i] ? strtod(row[i], NULL) : 0;
}

static char *cell_dup(char *const *row, int i)
{
    return strdup(i >= 0 && row[i] ? row[i] : "");
}

/* A growing array of figure rows with their order. */
typedef struct fig_list {
    fig_sort *v;   /* rows */
    size_t n, cap; /* count, capacity */
} fig_list;

static tc_figure_row *fig_push(fig_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        fig_sort *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return NULL;
        l->v = nv;
        l->cap = cap;
    }
    fig_sort *o = &l->v[l->n++];
    memset(o, 0, sizeof *o);
    return &o->row;
}

static tc_rc fig_check(const tc_figure_row *fr)
{
    return fr->unit && fr->what && fr->text && fr->province && fr->year && fr->date && fr->period &&
                   fr->path && fr->sentence && fr->kind && fr->measure && fr->stated
               ? TC_OK
               : TC_ENOMEM;
}

/* The figures rows of the documents ids (all documents when all) from
 * their records, kept when what they count holds every query word. */
static tc_rc figures_xapian(tc_db *db, const uint32_t *ids, size_t nids, const char *const *w,
                            const size_t *wl, size_t nw, fig_list *l)
{
    const tc_entity_type *ft = tc_entity_type_find("figures");
    if (!ft)
        return tc_db_fail(db, TC_EINVAL, "no figures type%s", "");
    int cv = tc_xcol(ft, "value"), cu = tc_xcol(ft, "unit"), cind = tc_xcol(ft, "indicator"),
        cnoun = tc_xcol(ft, "noun"), ct = tc_xcol(ft, "text"), ccol = tc_xcol(ft, "col"),
        ctab = tc_xcol(ft, "is_table"), cs = tc_xcol(ft, "start"), ce = tc_xcol(ft, "end"),
        cv2 = tc_xcol(ft, "value2"), ck = tc_xcol(ft, "kind"), cm = tc_xcol(ft, "measure"),
        cch = tc_xcol(ft, "change"), cp = tc_xcol(ft, "period");
    tc_text *t = tc_db_text(db);
    tc_buf f, sent;
    tc_buf_init(&f, 1 << 16);
    tc_buf_init(&sent, 1 << 16);
    tc_xdoc d;
    tc_xdoc_init(&d);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < nids && !rc; i++) {
        tc_cells tab = {0};
        if (!(rc = tc_xdoc_load(db, ids[i], &d)))
            rc = tc_xdoc_rows(db, &d, ft, &tab);
        for (size_t r = 0; r < tab.nrows && !rc; r++) {
            char *const *row = tab.cell + r * tab.ncols;
            const char *what = cind >= 0 && row[cind]     ? row[cind]
                               : cnoun >= 0 && row[cnoun] ? row[cnoun]
                                                          : "";
            if ((rc = folded_words(t, what, &f)))
                break;
            if (!holds_all(&f, w, wl, nw))
                continue;
            tc_figure_row *fr = fig_push(l);
            if (!fr) {
                rc = TC_ENOMEM;
                break;
            }
            fig_key *k = &((fig_sort *)fr)->k;
            k->start = (size_t)strtoull(cs >= 0 && row[cs] ? row[cs] : "0", NULL, 10);
            k->row = r;
            fr->value = cell_real(row, cv);
            fr->unit = cell_dup(row, cu);
            fr->what = strdup(what);
            fr->text = cell_dup(row, ct);
            fr->province = strdup(tc_xdoc_get(&d, "province"));
            fr->year = strdup(tc_xdoc_get(&d, "year"));
            fr->date = strdup(tc_xdoc_get(&d, "date"));
            fr->period = strdup(tc_xdoc_get(&d, "period"));
            fr->path = strdup(tc_xdoc_get(&d, "path"));
            fr->docid = d.docid;
            fr->table = ctab >= 0 && row[ctab] ? atoi(row[ctab]) : 0;
            fr->value2 = cell_real(row, cv2);
            fr->kind = cell_dup(row, ck);
            fr->measure = cell_dup(row, cm);
            fr->change = cch >= 0 && row[cch] ? atoi(row[cch]) : 0;
            fr->stated = cell_dup(row, cp);
            if (fr->table) {
                fr->sentence = cell_dup(row, ccol);
            } else {
                size_t end = (size_t)strtoull(ce >= 0 && row[ce] ? row[ce] : "0", NULL, 10);
                tc_buf_reset(&sent);
                /* Offsets outside the text (a damaged row) give an empty sentence. */
                rc = tc_sentence_text(d.f.body, d.f.body_len, k->start, end, &sent);
                if (rc == TC_EINVAL)
                    rc = TC_OK;
                fr->sentence = strdup(tc_buf_cstr(&sent));
            }
            if (!rc)
                rc = fig_check(fr);
        }
        tc_cells_free(&tab);
    }
    tc_xdoc_free(&d);
    tc_buf_free(&f);
    tc_buf_free(&sent);
    return rc;
}

#define FIG_SELECT                                                                                 \
    "SELECT f.value, coalesce(f.unit,''), coalesce(nullif(f.indicator,''), f.noun, ''), f.text, "  \
    "coalesce(d.province,''), coalesce(d.year,''), coalesce(d.date,''), coalesce(d.period,''), "   \
    "d.path, f.doc_id, coalesce(f.col,''), f.is_table, f.start, f.end, coalesce(f.value2, 0), "    \
    "coalesce(f.kind,''), coalesce(f.measure,''), f.change, coalesce(f.period,''), f.rowid "       \
    "FROM figures f JOIN documents d ON d.id = f.doc_id "

/* The same from the SQLite tables: the rows of the documents ids (one
 * lookup each through the doc_id index), or of every document when all. */
static tc_rc figures_sqlite(tc_db *db, const uint32_t *ids, size_t nids, int all,
                            const char *const *w, const size_t *wl, size_t nw, fig_list *l)
{
    tc_text *t = tc_db_text(db);
    tc_buf f, sent;
    tc_buf_init(&f, 1 << 16);
    tc_buf_init(&sent, 1 << 16);
    doc_text cache = {0};
    tc_buf_init(&cache.data, 0);
    sqlite3_stmt *st = NULL;
    tc_rc rc = tc_db_prepare(db, all ? FIG_SELECT : FIG_SELECT "WHERE f.doc_id = ?", &st);
    for (size_t i = 0; !rc && i < (all ? 1 : nids); i++) {
        sqlite3_reset(st);
        if (!all)
            sqlite3_bind_int64(st, 1, ids[i]);
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *noun = (const char *)sqlite3_column_text(st, 2);
            if ((rc = folded_words(t, noun ? noun : "", &f)))
                break;
            if (!holds_all(&f, w, wl, nw))
                continue;
            tc_figure_row *r = fig_push(l);
            if (!r) {
                rc = TC_ENOMEM;
                break;
            }
            fig_key *k = &((fig_sort *)r)->k;
            k->start = (size_t)sqlite3_column_int64(st, 12);
            k->row = (size_t)sqlite3_column_int64(st, 19);
            r->value = sqlite3_column_double(st, 0);
            r->unit = tc_db_col_dup(st, 1);
            r->what = tc_db_col_dup(st, 2);
            r->text = tc_db_col_dup(st, 3);
            r->province = tc_db_col_dup(st, 4);
            r->year = tc_db_col_dup(st, 5);
            r->date = tc_db_col_dup(st, 6);
            r->period = tc_db_col_dup(st, 7);
            r->path = tc_db_col_dup(st, 8);
            r->docid = (uint32_t)sqlite3_column_int64(st, 9);
            r->table = sqlite3_column_int(st, 11);
            r->value2 = sqlite3_column_double(st, 14);
            r->kind = tc_db_col_dup(st, 15);
            r->measure = tc_db_col_dup(st, 16);
            r->change = sqlite3_column_int(st, 17);
            r->stated = tc_db_col_dup(st, 18);
            if (r->table) {
                r->sentence = tc_db_col_dup(st, 10);
            } else {
                rc = doc_sentence(db, &cache, r->docid, k->start,
                                  (size_t)sqlite3_column_int64(st, 13), &sent);
                r->sentence = strdup(tc_buf_cstr(&sent));
            }
            if (!rc)
                rc = fig_check(r);
        }
        if (!rc && step != SQLITE_DONE)
            rc = tc_db_sql_fail(db);
    }
    sqlite3_finalize(st);
    doc_text_free(&cache);
    tc_buf_free(&sent);
    tc_buf_free(&f);
    return rc;
}

/* The documents holding every word as a figure word (XI<word>, schema.h):
 * a superset of the documents with a figure that matches. */
static tc_rc docs_of_words(tc_db *db, const char *const *w, const size_t *wl, size_t nw,
                           uint32_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    tc_buf term;
    tc_buf_init(&term, 1024);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < nw && !rc; i++) {
        uint32_t *v = NULL;
        size_t nv = 0;
        tc_buf_reset(&term);
        tc_buf_puts_rc(&rc, &term, TC_FIGURE_WORD_PREFIX);
        tc_buf_append_rc(&rc, &term, w[i] + 1, wl[i] - 2); /* without the spaces */
        if (!rc)
            rc = tc_xdocs_term(db, tc_buf_cstr(&term), &v, &nv);
        if (rc)
            break;
        if (i == 0) {
            *ids = v;
            *n = nv;
            continue;
        }
        size_t a = 0, b = 0, k = 0; /* both sorted: intersect in place */
        while (a < *n && b < nv) {
            if ((*ids)[a] < v[b])
                a++;
            else if ((*ids)[a] > v[b])
                b++;
            else
                (*ids)[k++] = (*ids)[a++], b++;
        }
        *n = k;
        free(v);
    }
    tc_buf_free(&term);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}

tc_rc tc_figures_find(tc_db *db, const char *what, tc_figure_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    tc_text *t = tc_db_text(db);
    tc_buf qf;
    tc_buf_init(&qf, 1 << 16);
    /* The query's words, folded, each as " word ". */
    tc_rc rc = folded_words(t, what, &qf);
    const char *w[32];
    size_t wl[32], nw = 0;
    int long_word = 0;
    for (size_t i = 0; !rc && i < qf.len && nw < 32;) {
        while (i < qf.len && qf.data[i] == ' ')
            i++;
        size_t s0 = i;
        while (i < qf.len && qf.data[i] != ' ')
            i++;
        if (i > s0) {
            w[nw] = qf.data + s0 - 1; /* with the space before */
            wl[nw++] = i - s0 + 2;    /* and the one after */
            long_word |= i - s0 > TC_FIGURE_WORD_MAX;
        }
    }
    /* The documents to read: through the words' posting lists, or all
     * when a word is too long to have been indexed as a term. */
    uint32_t *ids = NULL;
    size_t nids = 0;
    int all = long_word;
    if (!rc && nw && !all)
        rc = docs_of_words(db, w, wl, nw, &ids, &nids);
    if (!rc && nw && all && !tc_db_sqlite(db))
        rc = tc_xdocs_all(db, &ids, &nids);
    fig_list l = {0};
    if (!rc && nw)
        rc = tc_db_sqlite(db) ? figures_sqlite(db, ids, nids, all, w, wl, nw, &l)
                              : figures_xapian(db, ids, nids, w, wl, nw, &l);
    free(ids);
    tc_buf_free(&qf);
    tc_figure_row *rows = NULL;
    if (!rc && l.n && !(rows = malloc(l.n * sizeof *rows)))
        rc = TC_ENOMEM;
    if (rc) {
        for (size_t i = 0; i < l.n; i++)
            figure_row_free(&l.v[i].row);
        free(l.v);
        return rc;
    }
    /* Both paths sort here: ORDER BY d.province, d.date, f.start, f.doc_id, f.rowid. */
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_fig);
    for (size_t i = 0; i < l.n; i++)
        rows[i] = l.v[i].row;
    free(l.v);
    *out = rows;
    *n = l.n;
    return TC_OK;
}

void tc_figure_format(double v, char *out, size_t n)
{
    if (v == (double)(long long)v && v < 1e15 && v > -1e15)
        snprintf(out, n, "%lld", (long long)v);
    else
        snprintf(out, n, "%.4g", v);
}

void tc_figure_format_row(const tc_figure_row *r, char *out, size_t n)
{
    char a[48], b[48];
    tc_figure_format(r->value, a, sizeof a);
    if (r->kind && strcmp(r->kind, "ratio") == 0 && r->value2 > 0) {
        tc_figure_format(r->value2, b, sizeof b);
        snprintf(out, n, "%s/%s", a, b);
    } else if (r->measure && strcmp(r->measure, "diff") == 0 && r->change) {
        snprintf(out, n, "%c%s", r->change > 0 ? '+' : '-', a);
    } else {
        snprintf(out, n, "%s", a);
    }
}

void tc_pivot_free(tc_pivot *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nrows; i++) {
        free(p->rows[i]);
        free(p->measures[i]);
        free(p->kinds[i]);
        free(p->units[i]);
    }
    for (size_t i = 0; i < p->ncols; i++)
        free(p->cols[i]);
    for (size_t i = 0; p->cells && i < p->nrows * p->ncols; i++)
        free(p->cells[i]);
    free(p->rows);
    free(p->cols);
    free(p->measures);
    free(p->kinds);
    free(p->units);
    free(p->cells);
    free(p);
}

/* Adds s to the key list v unless it is there. */
static tc_rc add_key(char **v, size_t *n, const char *s)
{
    for (size_t k = 0; k < *n; k++)
        if (strcmp(v[k], s) == 0)
            return TC_OK;
    if (!(v[*n] = strdup(s)))
        return TC_ENOMEM;
    (*n)++;
    return TC_OK;
}

static size_t key_index(char **v, size_t n, const char *s)
{
    char *const *hit = bsearch(&s, v, n, sizeof *v, tc_cmp_cstr);
    return hit ? (size_t)(hit - v) : SIZE_MAX;
}

/* A row of the pivot: a province (or year) and what its values are. */
typedef struct pivot_key {
    const char *key, *measure, *kind, *unit;
} pivot_key;

/* Rows sort by key, then measure in reading order (totals first), then
 * kind and unit. */
static int measure_rank(const char *m)
{
    static const char *const order[] = {"total", "change", "diff", "rate", "level", NULL};
    for (int k = 0; order[k]; k++)
        if (strcmp(m, order[k]) == 0)
            return k;
    return 9;
}

static int cmp_pivot_key(const void *a, const void *b)
{
    const pivot_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (!c)
        c = measure_rank(x->measure) - measure_rank(y->measure);
    if (!c)
        c = strcmp(x->measure, y->measure);
    if (!c)
        c = strcmp(x->kind, y->kind);
    if (!c)
        c = strcmp(x->unit, y->unit);
    return c;
}

static pivot_key key_of(const tc_figure_row *r, int by_year)
{
    pivot_key k = {by_year ? r->year : r->province, r->measure ? r->measure : "",
                   r->kind ? r->kind : "", r->unit ? r->unit : ""};
    return k;
}

tc_rc tc_figures_pivot(const tc_figure_row *rows, size_t n, int by_year, tc_pivot **out)
{
    *out = NULL;
    tc_pivot *p = calloc(1, sizeof *p);
    if (!p)
        return TC_ENOMEM;
    pivot_key *keys = calloc(n + 1, sizeof *keys);
    p->rows = calloc(n + 1, sizeof *p->rows);
    p->measures = calloc(n + 1, sizeof *p->measures);
    p->kinds = calloc(n + 1, sizeof *p->kinds);
    p->units = calloc(n + 1, sizeof *p->units);
    p->cols = calloc(n + 1, sizeof *p->cols);
    tc_rc rc =
        keys && p->rows && p->measures && p->kinds && p->units && p->cols ? TC_OK : TC_ENOMEM;
    /* the distinct rows (key, measure, kind, unit), sorted */
    size_t nk = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        pivot_key k = key_of(&rows[i], by_year);
        size_t j = 0;
        while (j < nk && cmp_pivot_key(&keys[j], &k))
            j++;
        if (j == nk)
            keys[nk++] = k;
        rc = add_key(p->cols, &p->ncols, by_year ? rows[i].province : rows[i].year);
    }
    if (!rc) {
        qsort(keys, nk, sizeof *keys, cmp_pivot_key);
        qsort(p->cols, p->ncols, sizeof *p->cols, tc_cmp_cstr);
        for (size_t r = 0; r < nk && !rc; r++) {
            p->rows[r] = strdup(keys[r].key);
            p->measures[r] = strdup(keys[r].measure);
            p->kinds[r] = strdup(keys[r].kind);
            p->units[r] = strdup(keys[r].unit);
            p->nrows = r + 1;
            if (!p->rows[r] || !p->measures[r] || !p->kinds[r] || !p->units[r])
                rc = TC_ENOMEM;
        }
        size_t cells = p->nrows * p->ncols;
        if (!rc) {
            p->cells = calloc(cells + 1, sizeof *p->cells);
            rc = p->cells ? TC_OK : TC_ENOMEM;
        }
    }
    tc_buf cell;
    tc_buf_init(&cell, 1 << 20);
    for (size_t i = 0; i < n && !rc; i++) {
        pivot_key k = key_of(&rows[i], by_year);
        const pivot_key *hit = bsearch(&k, keys, nk, sizeof *keys, cmp_pivot_key);
        size_t r = hit ? (size_t)(hit - keys) : SIZE_MAX;
        size_t c = key_index(p->cols, p->ncols, by_year ? rows[i].province : rows[i].year);
        if (r == SIZE_MAX || c == SIZE_MAX)
            continue;
        size_t k2 = r * p->ncols + c;
        char num[100];
        tc_figure_format_row(&rows[i], num, sizeof num);
        tc_buf_reset(&cell);
        if (p->cells[k2])
            rc = tc_buf_puts(&cell, p->cells[k2]);
        if (!rc && p->cells[k2])
            rc = tc_buf_puts(&cell, "; ");
        if (!rc)
            rc = tc_buf_puts(&cell, num);
        if (rc)
            break;
        free(p->cells[k2]);
        p->cells[k2] = strdup(cell.data);
        if (!p->cells[k2])
            rc = TC_ENOMEM;
    }
    tc_buf_free(&cell);
    free(keys);
    if (rc) {
        tc_pivot_free(p);
        return rc;
    }
    *out = p;
    return TC_OK;
}
