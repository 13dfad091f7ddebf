/* show.c: one document with every entity found in it (include/tracuu.h
 * "One document").  The entity tables come from the registry
 * (analyzers/registry.h), so a new entity type shows up here unchanged. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/registry.h"
#include "../analyzers/sentence.h"
#include "search.h"
#include "xdata.h"

const tc_cell *tc_table_cell(const tc_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        return NULL;
    return &t->cells[row * t->ncols + col];
}

static void table_free(tc_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].s);
    free(t->cells);
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t->name);
    memset(t, 0, sizeof *t);
}

void tc_document_free(tc_document *d)
{
    if (!d)
        return;
    table_free(&d->fields);
    for (size_t i = 0; i < d->nentities; i++)
        table_free(&d->entities[i]);
    free(d->entities);
    free(d->text);
    free(d);
}

static tc_rc add_col(tc_table *t, const char *name)
{
    char **v = realloc(t->cols, (t->ncols + 1) * sizeof *v);
    if (!v)
        return TC_ENOMEM;
    t->cols = v;
    if (!(v[t->ncols] = strdup(name)))
        return TC_ENOMEM;
    t->ncols++;
    return TC_OK;
}

static int col_index(const tc_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

/* Reads every row of st into t: the statement's columns, then `extra`
 * columns left NULL for the caller to fill. */
static tc_rc read_rows(tc_db *db, sqlite3_stmt *st, const char *const *extra, tc_table *t)
{
    tc_rc rc = TC_OK;
    int ncol = sqlite3_column_count(st);
    for (int c = 0; c < ncol && !rc; c++)
        rc = add_col(t, sqlite3_column_name(st, c));
    for (size_t k = 0; extra && extra[k] && !rc; k++)
        rc = add_col(t, extra[k]);
    size_t cap = 0;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->nrows == cap) {
            cap = cap ? cap * 2 : 16;
            tc_cell *v = realloc(t->cells, cap * t->ncols * sizeof *v);
            if (!v) {
                rc = TC_ENOMEM;
                break;
            }
            t->cells = v;
        }
        tc_cell *row = &t->cells[t->nrows * t->ncols];
        memset(row, 0, t->ncols * sizeof *row);
        t->nrows++;
        for (int c = 0; c < ncol && !rc; c++) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
                row[c].type = TC_CELL_INT;
                row[c].i = sqlite3_column_int64(st, c);
                break;
            case SQLITE_FLOAT:
                row[c].type = TC_CELL_REAL;
                row[c].r = sqlite3_column_double(st, c);
                break;
            case SQLITE_NULL:
                break;
            default:
                row[c].type = TC_CELL_TEXT;
                row[c].s = strdup((const char *)sqlite3_column_text(st, c));
                if (!row[c].s)
                    rc = TC_ENOMEM;
            }
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = tc_db_sql_fail(db);
    return rc;
}

static tc_rc set_text(tc_cell *c, const char *s)
{
    free(c->s);
    c->s = strdup(s);
    c->type = c->s ? TC_CELL_TEXT : TC_CELL_NULL;
    return c->s ? TC_OK : TC_ENOMEM;
}

static const char *cell_str(const tc_cell *c)
{
    return c && c->type == TC_CELL_TEXT ? c->s : "";
}

static long long cell_int(const tc_cell *c)
{
    return c && c->type == TC_CELL_INT ? c->i : 0;
}

/* The keys of every citation with a year and a symbol, sorted, from the
 * Xapian database alone (the SQL above). */
typedef struct known_ctx {
    int ck, cy, cs; /* columns: key, year, is_short */
    tc_strmap *seen;
} known_ctx;

static tc_rc known_row(void *ctx, char *const *row)
{
    known_ctx *c = ctx;
    if (!row[c->ck] || !row[c->cy] || strtoll(row[c->cy], NULL, 10) <= 0 ||
        (row[c->cs] && strtoll(row[c->cs], NULL, 10)))
        return TC_OK;
    return tc_strmap_put(c->seen, row[c->ck], strlen(row[c->ck]), NULL);
}

static tc_rc known_keys_xapian(tc_db *db, char ***known, size_t *nknown)
{
    const tc_entity_type *ct = tc_entity_type_find("citations");
    known_ctx c = {ct ? tc_xcol(ct, "key") : -1, ct ? tc_xcol(ct, "year") : -1,
                   ct ? tc_xcol(ct, "is_short") : -1, NULL};
    if (c.ck < 0 || c.cy < 0 || c.cs < 0)
        return tc_db_fail(db, TC_EINVAL, "the citations table lacks a column%s", "");
    tc_rc rc = tc_strmap_new(NULL, &c.seen);
    if (!rc)
        rc = tc_xrows_prefix(db, "XC", ct, known_row, &c);
    tc_strmap *seen = c.seen;
    size_t it = 0;
    const char *k;
    if (!rc) {
        *known = calloc(tc_strmap_count(seen) + 1, sizeof **known);
        rc = *known ? TC_OK : TC_ENOMEM;
    }
    while (!rc && tc_strmap_next(seen, &it, &k, NULL, NULL)) {
        if (!((*known)[*nknown] = strdup(k)))
            rc = TC_ENOMEM;
        else
            (*nknown)++;
    }
    tc_strmap_free(seen);
    if (!rc)
        qsort(*known, *nknown, sizeof **known, tc_cmp_cstr);
    return rc;
}

/* Citations without a year or symbol get probable_of and reason when one
 * cited document of the index is probably the one meant (as `cite
 * --probable` decides). */
static tc_rc add_probable(tc_db *db, tc_table *t)
{
    int cp = col_index(t, "probable_of"), cr = col_index(t, "reason");
    int ck = col_index(t, "value"), cn = col_index(t, "number"), cy = col_index(t, "year");
    int ct = col_index(t, "type"), ci = col_index(t, "issuer"), cu = col_index(t, "unit");
    int cs = col_index(t, "is_short"), cd = col_index(t, "date");
    if (cp < 0 || cr < 0 || ck < 0 || cn < 0 || cy < 0 || ct < 0 || ci < 0 || cu < 0 || cs < 0 ||
        cd < 0)
        return TC_OK;
    char **known = NULL;
    size_t nknown = 0;
    sqlite3_stmt *kq = NULL;
    tc_rc rc = tc_db_sqlite(db) ? tc_db_prepare(db,
                                                "SELECT DISTINCT key FROM citations WHERE year > 0 "
                                                "AND NOT is_short ORDER BY key",
                                                &kq)
                                : known_keys_xapian(db, &known, &nknown);
    int step = SQLITE_DONE;
    while (!rc && kq && (step = sqlite3_step(kq)) == SQLITE_ROW) {
        char **v = realloc(known, (nknown + 1) * sizeof *v);
        if (!v || !(v[nknown] = strdup((const char *)sqlite3_column_text(kq, 0)))) {
            if (v)
                known = v;
            rc = TC_ENOMEM;
            break;
        }
        known = v;
        nknown++;
    }
    if (!rc && kq && step != SQLITE_DONE)
        rc = tc_db_sql_fail(db);
    sqlite3_finalize(kq);
    for (size_t r = 0; r < t->nrows && !rc; r++) {
        const tc_cell *row = &t->cells[r * t->ncols];
        if (cell_int(&row[cy]) != 0 && !cell_int(&row[cs]))
            continue;
        tc_citation ref;
        memset(&ref, 0, sizeof ref);
        snprintf(ref.key, sizeof ref.key, "%s", cell_str(&row[ck]));
        snprintf(ref.number, sizeof ref.number, "%s", cell_str(&row[cn]));
        ref.year = (int)cell_int(&row[cy]);
        snprintf(ref.type, sizeof ref.type, "%s", cell_str(&row[ct]));
        snprintf(ref.issuer, sizeof ref.issuer, "%s", cell_str(&row[ci]));
        snprintf(ref.unit, sizeof ref.unit, "%s", cell_str(&row[cu]));
        ref.is_short = (int)cell_int(&row[cs]);
        const char *match, *reason;
        if (!tc_cite_probable_of(db, &ref, cell_str(&row[cd]), (const char *const *)known, nknown,
                                 &match, &reason) ||
            strcmp(match, ref.key) == 0)
            continue;
        rc = set_text(&t->cells[r * t->ncols + cp], match);
        if (!rc)
            rc = set_text(&t->cells[r * t->ncols + cr], reason);
    }
    for (size_t i = 0; i < nknown; i++)
        free(known[i]);
    free(known);
    return rc;
}

/* The sentence of every row, cut from the document's text by its offsets,
 * for types that do not store one (figures are many: their sentences are
 * not stored). */
static tc_rc add_sentences(const tc_fields *doc, tc_table *t)
{
    int cs = col_index(t, "sentence"), c0 = col_index(t, "start"), c1 = col_index(t, "end");
    if (cs < 0 || c0 < 0 || c1 < 0)
        return TC_OK;
    tc_buf b;
    tc_buf_init(&b, 1 << 16);
    tc_rc rc = TC_OK;
    for (size_t r = 0; r < t->nrows && !rc; r++) {
        tc_cell *row = &t->cells[r * t->ncols];
        tc_buf_reset(&b);
        if (tc_sentence_text(doc->body, doc->body_len, (size_t)cell_int(&row[c0]),
                             (size_t)cell_int(&row[c1]), &b) == TC_OK)
            rc = set_text(&row[cs], tc_buf_cstr(&b));
    }
    tc_buf_free(&b);
    return rc;
}

/* ---- from the Xapian database alone (xdata.h) ------------------------------ */

/* Cell c of t holding v (NULL: a NULL cell), typed as SQLite types a column
 * of that declared type. */
static tc_rc set_cell(tc_cell *c, tc_col_type type, const char *v)
{
    memset(c, 0, sizeof *c);
    if (!v)
        return TC_OK;
    if (type == TC_COL_INT) {
        c->type = TC_CELL_INT;
        c->i = strtoll(v, NULL, 10);
    } else if (type == TC_COL_REAL) {
        c->type = TC_CELL_REAL;
        c->r = strtod(v, NULL);
    } else {
        return set_text(c, v);
    }
    return TC_OK;
}

/* The column of type's value_sql: a column name, or coalesce(a, b, ...) of
 * column names (analyzers/registry.c); -1 for the row means no value. */
static tc_rc value_of(tc_db *db, const tc_entity_type *type, char *const *row, int *col)
{
    const char *e = type->value_sql;
    *col = -1;
    if (strncmp(e, "coalesce(", 9) != 0) {
        if ((*col = tc_xcol(type, e)) < 0)
            return tc_db_fail(db, TC_EINVAL, "cannot read the value of %s without SQLite", e);
        return TC_OK;
    }
    for (const char *p = e + 9; *p && *p != ')';) {
        while (*p == ' ' || *p == ',')
            p++;
        char name[64];
        size_t k = 0;
        while (*p && *p != ',' && *p != ')' && *p != ' ' && k + 1 < sizeof name)
            name[k++] = *p++;
        name[k] = 0;
        int c = tc_xcol(type, name);
        if (c < 0)
            return tc_db_fail(db, TC_EINVAL, "cannot read the value of %s without SQLite", e);
        if (row[c]) {
            *col = c;
            return TC_OK;
        }
    }
    return TC_OK;
}

/* Rows sort by start, then table order (ORDER BY start, rowid). */
typedef struct row_order {
    long long start; /* offset */
    size_t row;      /* row of the table */
} row_order;

static int cmp_row_order(const void *a, const void *b)
{
    const row_order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* entity_table from the document's record: the same columns, in the same
 * order, with the same types as the SELECT below gives them. */
static tc_rc entity_table_xapian(tc_db *db, const tc_entity_type *type, const tc_xdoc *xd,
                                 tc_table *t, int *has_sentence)
{
    tc_cells rows = {0};
    row_order *ord = NULL;
    t->name = strdup(type->name);
    tc_rc rc = t->name ? add_col(t, "value") : TC_ENOMEM;
    size_t nc = tc_entity_ncols(type);
    *has_sentence = 0;
    for (size_t c = 0; c < nc && !rc; c++) {
        *has_sentence |= strcmp(type->cols[c].name, "sentence") == 0;
        if (strcmp(type->cols[c].name, "value") != 0)
            rc = add_col(t, type->cols[c].name);
    }
    if (!rc && strcmp(type->name, "citations") == 0) {
        rc = add_col(t, "probable_of");
        if (!rc)
            rc = add_col(t, "reason");
    } else if (!rc && !*has_sentence) {
        rc = add_col(t, "sentence");
    }
    if (!rc)
        rc = tc_xdoc_rows(db, xd, type, &rows);
    int cstart = tc_xcol(type, "start");
    if (!rc && rows.nrows) {
        ord = calloc(rows.nrows, sizeof *ord);
        t->cells = calloc(rows.nrows * t->ncols, sizeof *t->cells);
        rc = ord && t->cells ? TC_OK : TC_ENOMEM;
    }
    for (size_t r = 0; r < rows.nrows && !rc; r++) {
        char *const *row = rows.cell + r * rows.ncols;
        ord[r].row = r;
        ord[r].start = cstart >= 0 && row[cstart] ? strtoll(row[cstart], NULL, 10) : 0;
    }
    if (!rc && rows.nrows)
        qsort(ord, rows.nrows, sizeof *ord, cmp_row_order);
    for (size_t k = 0; k < rows.nrows && !rc; k++) {
        char *const *row = rows.cell + ord[k].row * rows.ncols;
        tc_cell *out = &t->cells[k * t->ncols];
        t->nrows = k + 1;
        int vc;
        rc = value_of(db, type, row, &vc);
        if (!rc)
            rc = set_cell(&out[0], vc >= 0 ? type->cols[vc].type : TC_COL_TEXT,
                          vc >= 0 ? row[vc] : NULL);
        size_t o = 1;
        for (size_t c = 0; c < nc && !rc; c++)
            if (strcmp(type->cols[c].name, "value") != 0)
                rc = set_cell(&out[o++], type->cols[c].type, row[c]);
    }
    free(ord);
    tc_cells_free(&rows);
    t->value_col = col_index(t, "value");
    t->text_col = col_index(t, "text");
    return rc;
}

/* The documents row from the record (schema.h TC_DOC_COLUMNS). */
static tc_rc fields_xapian(const tc_xdoc *xd, tc_table *t)
{
    static const struct {
        const char *col, *key;
        char type;
    } cols[] = {
#define DOC_COL(c, k, ty) {c, k, ty},
        TC_DOC_COLUMNS(DOC_COL)
#undef DOC_COL
    };
    size_t n = sizeof cols / sizeof cols[0];
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < n && !rc; i++)
        rc = add_col(t, cols[i].col);
    if (!rc) {
        t->cells = calloc(n, sizeof *t->cells);
        rc = t->cells ? TC_OK : TC_ENOMEM;
    }
    if (rc)
        return rc;
    t->nrows = 1;
    char id[16];
    snprintf(id, sizeof id, "%u", (unsigned)xd->docid);
    for (size_t i = 0; i < n && !rc; i++) {
        const char *v = cols[i].key[0] ? tc_xdoc_get(xd, cols[i].key) : id;
        rc = set_cell(&t->cells[i], cols[i].type == 'i' ? TC_COL_INT : TC_COL_TEXT, *v ? v : NULL);
    }
    return rc;
}

static tc_rc show_xapian(tc_db *db, const char *id_or_path, int by_id, uint32_t id, tc_document *d)
{
    tc_xdoc xd;
    tc_xdoc_init(&xd);
    tc_rc rc = TC_OK;
    if (!by_id) {
        tc_buf term;
        tc_buf_init(&term, 8192);
        char *abs = realpath(id_or_path, NULL);
        rc = tc_xunique_term(abs ? abs : id_or_path, &term);
        free(abs);
        if (!rc)
            id = tcx_db_find(tc_db_xapian(db), term.data, term.len);
        tc_buf_free(&term);
    }
    if (!rc && id)
        rc = tc_xdoc_load(db, id, &xd);
    if ((!rc && !id) || rc == TC_ENOTFOUND)
        rc = tc_db_fail(db, TC_ENOTFOUND, "no indexed document '%s'", id_or_path);
    d->docid = id;
    d->fields.value_col = d->fields.text_col = -1;
    if (!rc)
        rc = fields_xapian(&xd, &d->fields);
    size_t ntypes = tc_entity_type_count();
    if (!rc) {
        d->entities = calloc(ntypes, sizeof *d->entities);
        rc = d->entities ? TC_OK : TC_ENOMEM;
    }
    for (size_t i = 0; i < ntypes && !rc; i++) {
        int has_sentence;
        d->nentities = i + 1;
        rc = entity_table_xapian(db, tc_entity_types[i], &xd, &d->entities[i], &has_sentence);
        if (!rc && strcmp(tc_entity_types[i]->name, "citations") == 0)
            rc = add_probable(db, &d->entities[i]);
        if (!rc && !has_sentence)
            rc = add_sentences(&xd.f, &d->entities[i]);
    }
    if (!rc) {
        d->text = malloc(xd.f.body_len + 1);
        rc = d->text ? TC_OK : TC_ENOMEM;
        if (!rc) {
            memcpy(d->text, xd.f.body, xd.f.body_len);
            d->text[xd.f.body_len] = 0;
            d->text_len = xd.f.body_len;
        }
    }
    tc_xdoc_free(&xd);
    return rc;
}

static tc_rc entity_table(tc_db *db, const tc_entity_type *type, uint32_t docid,
                          const tc_fields *doc, tc_table *t)
{
    tc_buf sql;
    tc_buf_init(&sql, 1 << 16);
    int has_sentence = 0, is_cite = strcmp(type->name, "citations") == 0;
    tc_rc rc = tc_buf_printf(&sql, "SELECT %s AS value", type->value_sql);
    for (const tc_entity_col *c = type->cols; c->name && !rc; c++) {
        has_sentence |= strcmp(c->name, "sentence") == 0;
        if (strcmp(c->name, "value") != 0)
            rc = tc_buf_printf(&sql, ", %s", c->name);
    }
    if (!rc)
        rc = tc_buf_printf(&sql, " FROM %s WHERE doc_id=? ORDER BY start, rowid", type->name);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = tc_db_prepare(db, sql.data, &st);
    tc_buf_free(&sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, docid);
    static const char *const cite_extra[] = {"probable_of", "reason", NULL};
    static const char *const sentence_extra[] = {"sentence", NULL};
    t->name = strdup(type->name);
    rc = t->name ? TC_OK : TC_ENOMEM;
    if (!rc)
        rc = read_rows(db, st, is_cite ? cite_extra : has_sentence ? NULL : sentence_extra, t);
    sqlite3_finalize(st);
    t->value_col = col_index(t, "value");
    t->text_col = col_index(t, "text");
    if (!rc && is_cite)
        rc = add_probable(db, t);
    if (!rc && !has_sentence)
        rc = add_sentences(doc, t);
    return rc;
}

tc_rc tc_show(tc_db *db, const char *id_or_path, tc_document **out)
{
    *out = NULL;
    tc_document *d = calloc(1, sizeof *d);
    if (!d)
        return TC_ENOMEM;
    sqlite3_stmt *st = NULL;
    char *abs = NULL;
    char *end = NULL;
    unsigned long long id = strtoull(id_or_path, &end, 10);
    int by_id = *id_or_path >= '0' && *id_or_path <= '9' && end && !*end && id <= UINT32_MAX;
    if (!tc_db_sqlite(db)) {
        tc_rc rc = show_xapian(db, id_or_path, by_id, by_id ? (uint32_t)id : 0, d);
        if (rc) {
            tc_document_free(d);
            return rc;
        }
        *out = d;
        return TC_OK;
    }
    tc_rc rc = tc_db_prepare(
        db, by_id ? "SELECT * FROM documents WHERE id=?" : "SELECT * FROM documents WHERE path=?",
        &st);
    if (!rc && by_id) {
        sqlite3_bind_int64(st, 1, (long long)id);
    } else if (!rc) {
        abs = realpath(id_or_path, NULL);
        sqlite3_bind_text(st, 1, abs ? abs : id_or_path, -1, SQLITE_TRANSIENT);
    }
    if (!rc)
        rc = read_rows(db, st, NULL, &d->fields);
    sqlite3_finalize(st);
    free(abs);
    if (!rc && d->fields.nrows == 0)
        rc = tc_db_fail(db, TC_ENOTFOUND, "no indexed document '%s'", id_or_path);
    d->fields.value_col = d->fields.text_col = -1;
    if (!rc) {
        d->docid = (uint32_t)cell_int(tc_table_cell(&d->fields, 0, 0));
        d->fields.nrows = 1;
    }
    /* The stored text, for sentences cut by offsets. */
    tc_buf rec;
    tc_buf_init(&rec, 0);
    tc_fields doc;
    memset(&doc, 0, sizeof doc);
    int parsed = 0;
    if (!rc && (rc = tc_store_doc_record(tc_db_store(db), d->docid, &rec)))
        tc_db_fail(db, rc, "%s", tc_store_errmsg(tc_db_store(db)));
    if (!rc && !(rc = tc_fields_parse(rec.data ? rec.data : "", rec.len, &doc)))
        parsed = 1;
    size_t ntypes = tc_entity_type_count();
    if (!rc) {
        d->entities = calloc(ntypes, sizeof *d->entities);
        rc = d->entities ? TC_OK : TC_ENOMEM;
    }
    for (size_t i = 0; i < ntypes && !rc; i++) {
        rc = entity_table(db, tc_entity_types[i], d->docid, &doc, &d->entities[i]);
        d->nentities = i + 1;
    }
    if (!rc && parsed) {
        d->text = malloc(doc.body_len + 1);
        rc = d->text ? TC_OK : TC_ENOMEM;
        if (!rc) {
            memcpy(d->text, doc.body, doc.body_len);
            d->text[doc.body_len] = 0;
            d->text_len = doc.body_len;
        }
    }
    if (parsed)
        tc_fields_free(&doc);
    tc_buf_free(&rec);
    if (rc) {
        tc_document_free(d);
        return rc;
    }
    *out = d;
    return TC_OK;
}
