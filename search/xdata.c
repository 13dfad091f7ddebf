/* xdata.c: answers from the Xapian database alone (see xdata.h). */
#include "xdata.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing list of docids. */
typedef struct idlist {
    uint32_t *v; /* ids */
    size_t n;    /* count */
    size_t cap;  /* capacity */
    tc_rc rc;    /* sticky error */
} idlist;

static int push_id(void *ctx, uint32_t id)
{
    idlist *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        uint32_t *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->rc = TC_ENOMEM;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = id;
    return 0;
}

static tc_rc idlist_done(tc_db *db, idlist *l, tc_rc rc, uint32_t **ids, size_t *n)
{
    if (!rc)
        rc = l->rc;
    if (rc) {
        free(l->v);
        return rc == TC_ENOMEM ? rc : tc_db_xapian_fail(db, rc);
    }
    *ids = l->v;
    *n = l->n;
    return TC_OK;
}

tc_rc tc_xdocs_term(tc_db *db, const char *term, uint32_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    idlist l = {0};
    tc_rc rc = tcx_db_postlist(tc_db_xapian(db), term, strlen(term), push_id, &l);
    return idlist_done(db, &l, rc, ids, n);
}

tc_rc tc_xdocs_all(tc_db *db, uint32_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    idlist l = {0};
    tc_rc rc = tcx_db_docids(tc_db_xapian(db), push_id, &l);
    return idlist_done(db, &l, rc, ids, n);
}

/* The terms with a prefix, NUL-separated. */
typedef struct termlist {
    tc_buf b; /* "term\0term\0..." */
    tc_rc rc; /* sticky error */
} termlist;

static int push_term(void *ctx, const char *term, size_t len, uint32_t tf)
{
    (void)tf;
    termlist *t = ctx;
    tc_buf_append_rc(&t->rc, &t->b, term, len);
    tc_buf_putc_rc(&t->rc, &t->b, 0);
    return t->rc != TC_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

tc_rc tc_xdocs_prefix(tc_db *db, const char *prefix, uint32_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    termlist t = {{0}, TC_OK};
    tc_buf_init(&t.b, 0);
    idlist l = {0};
    tc_rc rc = tcx_db_allterms(tc_db_xapian(db), prefix, strlen(prefix), push_term, &t);
    if (!rc)
        rc = t.rc;
    for (size_t i = 0; !rc && !l.rc && i < t.b.len; i += strlen(t.b.data + i) + 1)
        rc = tcx_db_postlist(tc_db_xapian(db), t.b.data + i, strlen(t.b.data + i), push_id, &l);
    tc_buf_free(&t.b);
    if (!rc && !l.rc && l.n) {
        qsort(l.v, l.n, sizeof *l.v, cmp_u32);
        size_t k = 1;
        for (size_t i = 1; i < l.n; i++)
            if (l.v[i] != l.v[k - 1])
                l.v[k++] = l.v[i];
        l.n = k;
    }
    return idlist_done(db, &l, rc, ids, n);
}

tc_rc tc_xrows_prefix(tc_db *db, const char *prefix, const tc_entity_type *t, tc_xrow_fn fn,
                      void *ctx)
{
    uint32_t *ids = NULL;
    size_t nids = 0;
    tc_rc rc = tc_xdocs_prefix(db, prefix, &ids, &nids);
    tc_xdoc d;
    tc_xdoc_init(&d);
    for (size_t i = 0; i < nids && !rc; i++) {
        tc_cells c = {0};
        if (!(rc = tc_xdoc_load(db, ids[i], &d)))
            rc = tc_xdoc_rows(db, &d, t, &c);
        for (size_t r = 0; r < c.nrows && !rc; r++)
            rc = fn(ctx, c.cell + r * c.ncols);
        tc_cells_free(&c);
    }
    free(ids);
    tc_xdoc_free(&d);
    return rc;
}

void tc_xdoc_init(tc_xdoc *d)
{
    memset(d, 0, sizeof *d);
    tc_buf_init(&d->data, 0);
}

void tc_xdoc_free(tc_xdoc *d)
{
    if (d->docid)
        tc_fields_free(&d->f);
    tc_buf_free(&d->data);
    d->docid = 0;
}

tc_rc tc_xdoc_load(tc_db *db, uint32_t docid, tc_xdoc *d)
{
    if (d->docid == docid && docid)
        return TC_OK;
    if (d->docid)
        tc_fields_free(&d->f);
    d->docid = 0;
    tc_buf_reset(&d->data);
    tc_rc rc = tc_store_doc_record(tc_db_store(db), docid, &d->data);
    if (rc)
        return tc_db_fail(db, rc, "%s", tc_store_errmsg(tc_db_store(db)));
    rc = tc_fields_parse(d->data.data ? d->data.data : "", d->data.len, &d->f);
    if (rc) {
        tc_fields_free(&d->f);
        return rc;
    }
    d->docid = docid;
    return TC_OK;
}

const char *tc_xdoc_get(const tc_xdoc *d, const char *key)
{
    return d->docid ? tc_fields_get(&d->f, key) : "";
}

static tc_rc rows_of(tc_db *db, const tc_xdoc *d, const char *name, size_t ncols, tc_cells *out)
{
    char key[80];
    snprintf(key, sizeof key, "@%s", name);
    tc_rc rc = tc_cells_parse(tc_xdoc_get(d, key), ncols, out);
    if (rc == TC_EDATA) {
        char why[160];
        snprintf(why, sizeof why, "the %s of document %u in the Xapian database cannot be read",
                 name, (unsigned)d->docid);
        return tc_db_fail(db, TC_EDAMAGED, "%s", why);
    }
    return rc;
}

tc_rc tc_xdoc_rows(tc_db *db, const tc_xdoc *d, const tc_entity_type *t, tc_cells *out)
{
    return rows_of(db, d, t->name, tc_entity_ncols(t), out);
}

tc_rc tc_xdoc_warnings(tc_db *db, const tc_xdoc *d, tc_cells *out)
{
    return rows_of(db, d, "warnings", 2, out);
}

int tc_xcol(const tc_entity_type *t, const char *name)
{
    for (int i = 0; t->cols[i].name; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return i;
    return -1;
}

tc_rc tc_xunique_term(const char *path, tc_buf *out)
{
    tc_rc rc = TC_OK;
    tc_buf_reset(out);
    size_t n = strlen(path);
    if (n <= 200) {
        tc_buf_putc_rc(&rc, out, 'Q');
        tc_buf_append_rc(&rc, out, path, n);
        return rc;
    }
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)path);
    sha256_digest(&ctx, sizeof digest, digest);
    tc_buf_puts_rc(&rc, out, "Q#");
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        tc_buf_printf_rc(&rc, out, "%02x", digest[i]);
    return rc;
}
