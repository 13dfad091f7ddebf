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
    tc_rc rc = tc_db_prepare(
        db, "SELECT DISTINCT key FROM citations WHERE year > 0 AND NOT is_short", &kq);
    int step;
    while (!rc && (step = sqlite3_step(kq)) == SQLITE_ROW) {
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
    if (!rc && step != SQLITE_DONE)
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
        rc = tc_buf_printf(&sql, " FROM %s WHERE doc_id=? ORDER BY start", type->name);
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
