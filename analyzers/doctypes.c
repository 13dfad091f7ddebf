/* doctypes.c: the table of document types, data/doctypes.tsv (see doctypes.h). */
#include "doctypes.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/data.h"

#define DT_FILE "doctypes.tsv"
#define DT_COLUMNS 5 /* code, word, key, flags, name */

struct tc_doctypes {
    tc_doctype *rows;    /* in table order */
    size_t n;            /* rows */
    tc_doctype **header; /* rows flagged "h", longest lower-case word first */
    size_t n_header;     /* their count */
    tc_buf forms;        /* lower and folded forms, NUL-separated */
};

void tc_doctypes_close(tc_doctypes *dt)
{
    if (!dt)
        return;
    free(dt->rows);
    free(dt->header);
    tc_buf_free(&dt->forms);
    free(dt);
}

/* Reads a flags cell: each letter of "swxhn" sets one bit, in that order. */
static int dt_flags(const char *s, size_t n, unsigned *out)
{
    static const char letters[] = "swxhn";
    *out = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = memchr(letters, s[i], sizeof letters - 1);
        if (!p)
            return 0;
        *out |= 1u << (p - letters);
    }
    return 1;
}

static int dt_by_length(const void *a, const void *b)
{
    size_t la = (*(tc_doctype *const *)a)->lower_len, lb = (*(tc_doctype *const *)b)->lower_len;
    return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Loads the rows; forms are stored as offsets first (the buffer may move)
 * and turned into pointers at the end. */
static tc_rc dt_load(tc_doctypes *dt, tc_text *t)
{
    size_t len = 0, pos = 0, nf, cap = 0;
    const char *data = tc_data_get(DT_FILE, &len), *cells = tc_data_cells(DT_FILE);
    if (!data || !cells)
        return TC_EDATA;
    tc_tsv_field f[DT_COLUMNS + 1];
    tc_rc rc = TC_OK;
    while (!rc && (nf = tc_tsv_next_row(data, len, &pos, f, DT_COLUMNS + 1)) > 0) {
        tc_doctype d = {0};
        if (nf != DT_COLUMNS || !f[0].n || !f[1].n || !f[2].n || !f[4].n ||
            !dt_flags(f[3].s, f[3].n, &d.flags))
            return TC_EDATA;
        d.code = cells + (f[0].s - data);
        d.word = cells + (f[1].s - data);
        d.key = cells + (f[2].s - data);
        d.name = cells + (f[4].s - data);
        if (dt->n == cap) {
            cap = cap ? cap * 2 : 32;
            tc_doctype *v = realloc(dt->rows, cap * sizeof *v);
            if (!v)
                return TC_ENOMEM;
            dt->rows = v;
        }
        /* Offsets into forms, made pointers below. */
        size_t at = dt->forms.len;
        rc = tc_text_canon(t, d.word, f[1].n, &dt->forms);
        d.lower_len = dt->forms.len - at;
        d.lower = (const char *)(uintptr_t)at;
        tc_buf_putc_rc(&rc, &dt->forms, 0);
        d.folded = (const char *)(uintptr_t)dt->forms.len;
        if (!rc)
            rc = tc_text_fold(t, d.word, f[1].n, &dt->forms);
        tc_buf_putc_rc(&rc, &dt->forms, 0);
        dt->rows[dt->n++] = d;
    }
    if (rc)
        return rc;
    if (dt->n == 0)
        return TC_EDATA;
    for (size_t i = 0; i < dt->n; i++) {
        dt->rows[i].lower = dt->forms.data + (uintptr_t)dt->rows[i].lower;
        dt->rows[i].folded = dt->forms.data + (uintptr_t)dt->rows[i].folded;
    }
    dt->header = malloc(dt->n * sizeof *dt->header);
    if (!dt->header)
        return TC_ENOMEM;
    for (size_t i = 0; i < dt->n; i++)
        if (dt->rows[i].flags & TC_DOCTYPE_HEADER)
            dt->header[dt->n_header++] = &dt->rows[i];
    /* qsort is not stable: words of equal length never start one another,
     * so their order does not matter. */
    qsort(dt->header, dt->n_header, sizeof *dt->header, dt_by_length);
    return TC_OK;
}

tc_rc tc_doctypes_open(tc_text *t, tc_doctypes **out)
{
    *out = NULL;
    if (!t)
        return TC_EINVAL;
    tc_doctypes *dt = calloc(1, sizeof *dt);
    if (!dt)
        return TC_ENOMEM;
    tc_buf_init(&dt->forms, 0);
    tc_rc rc = dt_load(dt, t);
    if (rc) {
        tc_doctypes_close(dt);
        return rc;
    }
    *out = dt;
    return TC_OK;
}

const tc_doctype *tc_doctypes_row(const tc_doctypes *dt, size_t i)
{
    return i < dt->n ? &dt->rows[i] : NULL;
}

const tc_doctype *tc_doctypes_header_word(const tc_doctypes *dt, size_t i)
{
    return i < dt->n_header ? dt->header[i] : NULL;
}

/* The first row of key. */
static const tc_doctype *dt_first(const tc_doctypes *dt, const char *key)
{
    for (size_t i = 0; i < dt->n; i++)
        if (strcmp(dt->rows[i].key, key) == 0)
            return &dt->rows[i];
    return NULL;
}

const tc_doctype *tc_doctypes_find(const tc_doctypes *dt, tc_text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < dt->n; i++)
        if (strlen(dt->rows[i].key) == n && strncasecmp(dt->rows[i].key, s, n) == 0)
            return &dt->rows[i];
    /* Words and names compared folded: "Chương trình", "chuong trinh". */
    tc_buf b;
    tc_buf_init(&b, 1024);
    const tc_doctype *found = NULL;
    if (tc_text_fold(t, s, n, &b) == TC_OK) {
        const char *want = tc_buf_cstr(&b);
        tc_buf name;
        tc_buf_init(&name, 1024);
        for (size_t i = 0; i < dt->n && !found; i++) {
            tc_buf_reset(&name);
            if (strcmp(dt->rows[i].folded, want) == 0)
                found = dt_first(dt, dt->rows[i].key);
            else if (tc_text_fold(t, dt->rows[i].name, strlen(dt->rows[i].name), &name) == TC_OK &&
                     strcmp(tc_buf_cstr(&name), want) == 0)
                found = dt_first(dt, dt->rows[i].key);
        }
        tc_buf_free(&name);
    }
    tc_buf_free(&b);
    return found;
}

tc_rc tc_doctypes_keys(const tc_doctypes *dt, tc_buf *out)
{
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < dt->n; i++) {
        if (dt_first(dt, dt->rows[i].key) != &dt->rows[i])
            continue;
        if (i)
            tc_buf_puts_rc(&rc, out, ", ");
        tc_buf_puts_rc(&rc, out, dt->rows[i].key);
    }
    return rc;
}

const char *tc_doctype_name(const char *key)
{
    size_t len = 0, pos = 0, nf;
    const char *data = tc_data_get(DT_FILE, &len), *cells = tc_data_cells(DT_FILE);
    if (!key || !data || !cells)
        return "";
    tc_tsv_field f[DT_COLUMNS];
    size_t klen = strlen(key);
    while ((nf = tc_tsv_next_row(data, len, &pos, f, DT_COLUMNS)) > 0)
        if (nf == DT_COLUMNS && f[2].n == klen && memcmp(f[2].s, key, klen) == 0)
            return cells + (f[4].s - data);
    return "";
}
