/* registry.c: the entity types, each declared once (see registry.h).
 *
 * Each entry is the type's table (columns in SQL order), its filter
 * prefix, and a small adapter that runs its analyzer on the document view
 * and writes rows and terms into a sink. */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "citation.h"
#include "dates.h"
#include "figures.h"
#include "places.h"
#include "sentence.h"
#include "standards.h"

/* ---- spans ------------------------------------------------------------- */

int tc_spans_covers(const tc_spans *s, size_t offset)
{
    for (size_t i = 0; i < s->n; i++)
        if (offset >= s->v[i][0] && offset < s->v[i][1])
            return 1;
    return 0;
}

tc_rc tc_spans_claim(tc_spans *s, size_t start, size_t end)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        size_t(*v)[2] = realloc(s->v, cap * sizeof *v);
        if (!v)
            return TC_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n][0] = start;
    s->v[s->n][1] = end;
    s->n++;
    return TC_OK;
}

void tc_spans_free(tc_spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- sinks ------------------------------------------------------------- */

typedef struct cell {
    int type;        /* TC_COL_* or -1 for NULL */
    long long i;     /* TC_COL_INT */
    double r;        /* TC_COL_REAL */
    size_t off, len; /* TC_COL_TEXT: bytes in pool */
} cell;

struct tc_entity_sink {
    const tc_entity_type *type; /* what the rows are */
    size_t ncols;               /* its column count */
    cell *cells;                /* rows * ncols */
    size_t nrows, cap;          /* rows, capacity in rows */
    size_t col;                 /* next column of the row being written */
    tc_buf pool;                /* text of the cells */
    tc_buf terms;               /* filter terms, each NUL-terminated */
    tc_rc rc;                   /* first error (sticky) */
};

size_t tc_entity_ncols(const tc_entity_type *t)
{
    size_t n = 0;
    while (t->cols[n].name)
        n++;
    return n;
}

tc_rc tc_sink_new(const tc_entity_type *type, tc_entity_sink **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TC_ENOMEM;
    (*out)->type = type;
    (*out)->ncols = tc_entity_ncols(type);
    tc_buf_init(&(*out)->pool, 0);
    tc_buf_init(&(*out)->terms, 0);
    return TC_OK;
}

void tc_sink_free(tc_entity_sink *s)
{
    if (!s)
        return;
    free(s->cells);
    tc_buf_free(&s->pool);
    tc_buf_free(&s->terms);
    free(s);
}

void tc_sink_reset(tc_entity_sink *s)
{
    s->nrows = 0;
    s->col = 0;
    s->rc = TC_OK;
    tc_buf_reset(&s->pool);
    tc_buf_reset(&s->terms);
}

tc_rc tc_sink_rc(const tc_entity_sink *s)
{
    return s->rc;
}

void tc_sink_fail(tc_entity_sink *s, tc_rc rc)
{
    if (!s->rc)
        s->rc = rc;
}

void tc_sink_begin(tc_entity_sink *s)
{
    if (s->rc)
        return;
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        cell *v = realloc(s->cells, cap * s->ncols * sizeof *v);
        if (!v) {
            s->rc = TC_ENOMEM;
            return;
        }
        s->cells = v;
        s->cap = cap;
    }
    s->col = 0;
}

/* The next cell of the row being written, or NULL (error recorded). */
static cell *next_cell(tc_entity_sink *s, int type)
{
    if (s->rc)
        return NULL;
    if (s->col >= s->ncols || (type >= 0 && (int)s->type->cols[s->col].type != type)) {
        s->rc = TC_EINVAL; /* an adapter that does not match its declaration */
        return NULL;
    }
    cell *c = &s->cells[s->nrows * s->ncols + s->col++];
    memset(c, 0, sizeof *c);
    c->type = type;
    return c;
}

void tc_sink_textn(tc_entity_sink *s, const char *v, size_t n)
{
    if (!v || n == 0) {
        tc_sink_null(s);
        return;
    }
    cell *c = next_cell(s, TC_COL_TEXT);
    if (!c)
        return;
    c->off = s->pool.len;
    c->len = n;
    s->rc = tc_buf_append(&s->pool, v, n);
}

void tc_sink_text(tc_entity_sink *s, const char *v)
{
    tc_sink_textn(s, v, v ? strlen(v) : 0);
}

void tc_sink_int(tc_entity_sink *s, long long v)
{
    cell *c = next_cell(s, TC_COL_INT);
    if (c)
        c->i = v;
}

void tc_sink_real(tc_entity_sink *s, double v)
{
    cell *c = next_cell(s, TC_COL_REAL);
    if (c)
        c->r = v;
}

void tc_sink_null(tc_entity_sink *s)
{
    next_cell(s, -1);
}

void tc_sink_end(tc_entity_sink *s)
{
    if (s->rc)
        return;
    if (s->col != s->ncols) {
        s->rc = TC_EINVAL;
        return;
    }
    s->nrows++;
}

void tc_sink_term(tc_entity_sink *s, const char *prefix, const char *v)
{
    if (s->rc || !v || !*v)
        return;
    const char *p = prefix ? prefix : s->type->prefix ? s->type->prefix : "";
    /* Xapian's term length limit is about 245 bytes. */
    if (strlen(p) + strlen(v) > 240)
        return;
    s->rc = tc_buf_puts(&s->terms, p);
    if (!s->rc)
        s->rc = tc_buf_puts(&s->terms, v);
    if (!s->rc)
        s->rc = tc_buf_putc(&s->terms, '\0');
}

size_t tc_sink_rows(const tc_entity_sink *s)
{
    return s->nrows;
}

const tc_entity_type *tc_sink_type(const tc_entity_sink *s)
{
    return s->type;
}

int tc_sink_cell(const tc_entity_sink *s, size_t row, size_t col, long long *i, double *r,
                 const char **text, size_t *len)
{
    const cell *c = &s->cells[row * s->ncols + col];
    *i = c->i;
    *r = c->r;
    *text = c->type == TC_COL_TEXT ? s->pool.data + c->off : NULL;
    *len = c->type == TC_COL_TEXT ? c->len : 0;
    return c->type;
}

int tc_sink_next_term(const tc_entity_sink *s, size_t *iter, const char **term, size_t *len)
{
    if (*iter >= s->terms.len)
        return 0;
    *term = s->terms.data + *iter;
    *len = strlen(*term);
    *iter += *len + 1;
    return 1;
}

/* ---- adapters ------------------------------------------------------------ */

/* What each analyzer callback needs: the sink and the input. */
typedef struct adapt {
    tc_entity_sink *sink;      /* where rows go */
    const tc_entity_input *in; /* the document */
    tc_buf scratch;            /* sentences */
} adapt;

static int sink_stop(const adapt *a)
{
    return tc_sink_rc(a->sink) != TC_OK;
}

/* Citations. */
static const tc_entity_col citation_cols[] = {
    {"key", TC_COL_TEXT},     {"number", TC_COL_TEXT},
    {"year", TC_COL_INT},     {"type", TC_COL_TEXT},
    {"issuer", TC_COL_TEXT},  {"unit", TC_COL_TEXT},
    {"date", TC_COL_TEXT},    {"issuer_name", TC_COL_TEXT},
    {"text", TC_COL_TEXT},    {"start", TC_COL_INT},
    {"end", TC_COL_INT},      {"sentence", TC_COL_TEXT},
    {"is_short", TC_COL_INT}, {NULL, 0}};

static tc_rc citation_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    (void)g;
    return tc_citer_open(t, (tc_citer **)state);
}

static void citation_close(void *state)
{
    tc_citer_close(state);
}

static int citation_row(void *ctx, const tc_citation *c)
{
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    const tc_view *v = a->in->view;
    if (tc_spans_covers(a->in->claimed, c->start) || tc_spans_covers(a->in->claimed, c->end - 1))
        return 0; /* "2014/BTTTT" inside "QCVN 19:2014/BTTTT" */
    tc_buf_reset(&a->scratch);
    if (tc_sentence_text(v->raw, v->raw_len, c->start, c->end, &a->scratch) == TC_ENOMEM)
        tc_sink_fail(s, TC_ENOMEM);
    tc_sink_begin(s);
    tc_sink_text(s, c->key);
    tc_sink_text(s, c->number);
    tc_sink_int(s, c->year);
    tc_sink_text(s, c->type);
    tc_sink_text(s, c->issuer);
    tc_sink_text(s, c->unit);
    tc_sink_text(s, c->date);
    tc_sink_text(s, c->issuer_name);
    tc_sink_text(s, c->text);
    tc_sink_int(s, (long long)c->start);
    tc_sink_int(s, (long long)c->end);
    tc_sink_text(s, tc_buf_cstr(&a->scratch));
    tc_sink_int(s, c->is_short);
    tc_sink_end(s);
    tc_sink_term(s, NULL, c->key);
    char ti[64];
    if (tc_citation_type_issuer(c, ti, sizeof ti))
        tc_sink_term(s, "XK", ti);
    return sink_stop(a);
}

static tc_rc citation_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_buf_init(&a.scratch, 1 << 16);
    tc_rc rc = tc_citer_extract_view(state, in->view, citation_row, &a);
    tc_buf_free(&a.scratch);
    return rc ? rc : tc_sink_rc(sink);
}

static const tc_entity_type citations_type = {
    "citations",    citation_cols,    "key", "key", "XC", NULL, citation_open,
    citation_close, citation_extract, NULL};

/* Agencies named in the text: XG<key>, and XG<key>@<province> when it has
 * one, so that "Sở KH&ĐT tỉnh Hà Tĩnh" and "Sở KH&ĐT" can both be asked for. */
static const tc_entity_col agency_cols[] = {{"key", TC_COL_TEXT},   {"name", TC_COL_TEXT},
                                            {"level", TC_COL_TEXT}, {"province_code", TC_COL_TEXT},
                                            {"text", TC_COL_TEXT},  {"start", TC_COL_INT},
                                            {"end", TC_COL_INT},    {NULL, 0}};

static tc_rc agency_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    return tc_agencies_open(t, g, (tc_agencies **)state);
}

static void agency_close(void *state)
{
    tc_agencies_close(state);
}

static int agency_row(void *ctx, const tc_agency_mention *m)
{
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    tc_sink_begin(s);
    tc_sink_text(s, m->key);
    tc_sink_text(s, m->name);
    tc_sink_text(s, m->level);
    tc_sink_text(s, m->province_code);
    tc_sink_text(s, m->text);
    tc_sink_int(s, (long long)m->start);
    tc_sink_int(s, (long long)m->end);
    tc_sink_end(s);
    tc_sink_term(s, NULL, m->key);
    if (m->province_code[0]) {
        char k[80];
        snprintf(k, sizeof k, "%s@%s", m->key, m->province_code);
        tc_sink_term(s, NULL, k);
    }
    return sink_stop(a);
}

static tc_rc agency_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_rc rc = tc_agencies_extract_view(state, in->view, in->province_code, agency_row, &a);
    return rc ? rc : tc_sink_rc(sink);
}

static const tc_entity_type agencies_type = {"agencies",     agency_cols, "name",      NULL,
                                             "XG",           NULL,        agency_open, agency_close,
                                             agency_extract, NULL};

/* Places named in the text (XM<province code>). */
static const tc_entity_col place_cols[] = {{"province_code", TC_COL_TEXT},
                                           {"province", TC_COL_TEXT},
                                           {"province2025_code", TC_COL_TEXT},
                                           {"province2025", TC_COL_TEXT},
                                           {"district_code", TC_COL_TEXT},
                                           {"district", TC_COL_TEXT},
                                           {"text", TC_COL_TEXT},
                                           {"start", TC_COL_INT},
                                           {"end", TC_COL_INT},
                                           {"own", TC_COL_INT},
                                           {NULL, 0}};

static tc_rc place_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    return tc_places_open(t, g, (tc_places **)state);
}

static void place_close(void *state)
{
    tc_places_close(state);
}

static int place_row(void *ctx, const tc_place *p)
{
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    tc_sink_begin(s);
    tc_sink_text(s, p->province_code);
    tc_sink_text(s, p->province);
    tc_sink_text(s, p->province2025_code);
    tc_sink_text(s, p->province2025);
    tc_sink_text(s, p->district_code);
    tc_sink_text(s, p->district);
    tc_sink_text(s, p->text);
    tc_sink_int(s, (long long)p->start);
    tc_sink_int(s, (long long)p->end);
    tc_sink_int(s, p->own);
    tc_sink_end(s);
    tc_sink_term(s, NULL, p->province_code);
    return sink_stop(a);
}

static tc_rc place_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_rc rc = tc_places_extract_view(state, in->view, in->province_code, place_row, &a);
    return rc ? rc : tc_sink_rc(sink);
}

static const tc_entity_type places_type = {"places",   place_cols,  "coalesce(district, province)",
                                           NULL,       "XM",        NULL,
                                           place_open, place_close, place_extract,
                                           NULL};

/* Dates and periods.  They claim their spans: a number inside a date
 * ("ngày  23  tháng 3") is not a figure. */
static const tc_entity_col date_cols[] = {
    {"iso", TC_COL_TEXT},        {"precision", TC_COL_INT}, {"period", TC_COL_TEXT},
    {"start_date", TC_COL_TEXT}, {"end_date", TC_COL_TEXT}, {"text", TC_COL_TEXT},
    {"start", TC_COL_INT},       {"end", TC_COL_INT},       {NULL, 0}};

static tc_rc date_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    (void)g;
    return tc_dater_open(t, (tc_dater **)state);
}

static void date_close(void *state)
{
    tc_dater_close(state);
}

static int date_row(void *ctx, const tc_date *d)
{
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    if (tc_spans_covers(a->in->claimed, d->start_off))
        return 0;
    tc_sink_begin(s);
    tc_sink_text(s, d->iso);
    tc_sink_int(s, d->precision);
    tc_sink_text(s, d->period);
    tc_sink_text(s, d->start);
    tc_sink_text(s, d->end);
    tc_sink_text(s, d->text);
    tc_sink_int(s, (long long)d->start_off);
    tc_sink_int(s, (long long)d->end_off);
    tc_sink_end(s);
    tc_rc rc = tc_spans_claim(a->in->claimed, d->start_off, d->end_off);
    if (rc)
        tc_sink_fail(s, rc);
    return sink_stop(a);
}

static tc_rc date_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_rc rc = tc_dater_extract_view(state, in->view, date_row, &a);
    return rc ? rc : tc_sink_rc(sink);
}

static const tc_entity_type dates_type = {"dates", date_cols, "iso",      NULL,         NULL,
                                          NULL,    date_open, date_close, date_extract, NULL};

/* Figures: not stored with their sentence (they are many); `show` and
 * `figures` cut it from the text by offsets. */
static const tc_entity_col figure_cols[] = {{"value", TC_COL_REAL},
                                            {"value2", TC_COL_REAL},
                                            {"unit", TC_COL_TEXT},
                                            {"noun", TC_COL_TEXT},
                                            {"text", TC_COL_TEXT},
                                            {"kind", TC_COL_TEXT},
                                            {"change", TC_COL_INT},
                                            {"measure", TC_COL_TEXT},
                                            {"period", TC_COL_TEXT},
                                            {"ambiguous", TC_COL_INT},
                                            {"reading", TC_COL_TEXT},
                                            {"is_table", TC_COL_INT},
                                            {"col", TC_COL_TEXT},
                                            {"indicator", TC_COL_TEXT},
                                            {"start", TC_COL_INT},
                                            {"end", TC_COL_INT},
                                            {"page", TC_COL_INT},
                                            {"ocr", TC_COL_INT},
                                            {NULL, 0}};

static tc_rc figure_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    (void)g;
    return tc_figurer_open(t, (tc_figurer **)state);
}

static void figure_close(void *state)
{
    tc_figurer_close(state);
}

static int figure_row(void *ctx, const tc_figure *f)
{
    static const char *const kinds[] = {"", "count", "money", "percent", "ratio", "measure"};
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    if (tc_spans_covers(a->in->claimed, f->start))
        return 0;
    tc_sink_begin(s);
    tc_sink_real(s, f->value);
    if (f->kind == TC_FIG_RATIO)
        tc_sink_real(s, f->value2);
    else
        tc_sink_null(s);
    tc_sink_text(s, f->unit);
    tc_sink_text(s, f->noun);
    tc_sink_text(s, f->text);
    tc_sink_text(s, f->kind >= 1 && f->kind <= 5 ? kinds[f->kind] : "");
    tc_sink_int(s, f->change);
    /* total, change within the period, diff, rate or level (figures.h) */
    tc_sink_text(s, tc_figure_measure_name(f->measure));
    tc_sink_text(s, f->period);
    tc_sink_int(s, f->ambiguous);
    tc_sink_text(s, f->reading);
    tc_sink_int(s, f->table);
    tc_sink_text(s, f->column);
    tc_sink_text(s, f->indicator);
    tc_sink_int(s, (long long)f->start);
    tc_sink_int(s, (long long)f->end);
    size_t page = tc_view_page_of(a->in->view, f->start);
    if (page)
        tc_sink_int(s, (long long)page);
    else
        tc_sink_null(s);
    /* a figure read by OCR may have a wrong digit: flagged, not dropped */
    tc_sink_int(s, tc_view_on_ocr_page(a->in->view, f->start));
    tc_sink_end(s);
    return sink_stop(a);
}

static tc_rc figure_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_rc rc = tc_figurer_extract_view(state, in->view, figure_row, &a);
    return rc ? rc : tc_sink_rc(sink);
}

static const tc_entity_type figures_type = {"figures",      figure_cols, "value",     NULL,
                                            NULL,           NULL,        figure_open, figure_close,
                                            figure_extract, NULL};

/* Technical standards (QCVN 01:2019/BTTTT, TCVN 11930:2017).  They come
 * first and claim their spans: "01:2019" is neither a figure nor a date.
 * Terms XS<key> and XS<kind>, so that standard:QCVN finds any QCVN. */
static const tc_entity_col standard_cols[] = {
    {"key", TC_COL_TEXT},  {"kind", TC_COL_TEXT},   {"number", TC_COL_TEXT},
    {"year", TC_COL_INT},  {"issuer", TC_COL_TEXT}, {"text", TC_COL_TEXT},
    {"start", TC_COL_INT}, {"end", TC_COL_INT},     {NULL, 0}};

static tc_rc standard_open(tc_text *t, const tc_gazetteer *g, void **state)
{
    (void)g;
    return tc_standards_open(t, (tc_standards **)state);
}

static void standard_close(void *state)
{
    tc_standards_close(state);
}

static int standard_row(void *ctx, const tc_standard *st)
{
    adapt *a = ctx;
    tc_entity_sink *s = a->sink;
    tc_sink_begin(s);
    tc_sink_text(s, st->key);
    tc_sink_text(s, st->kind);
    tc_sink_text(s, st->number);
    tc_sink_int(s, st->year);
    tc_sink_text(s, st->issuer);
    tc_sink_text(s, st->text);
    tc_sink_int(s, (long long)st->start);
    tc_sink_int(s, (long long)st->end);
    tc_sink_end(s);
    tc_sink_term(s, NULL, st->key);
    tc_sink_term(s, NULL, st->kind);
    tc_rc rc = tc_spans_claim(a->in->claimed, st->start, st->end);
    if (rc)
        tc_sink_fail(s, rc);
    return sink_stop(a);
}

static tc_rc standard_extract(void *state, const tc_entity_input *in, tc_entity_sink *sink)
{
    adapt a = {sink, in, {0}};
    tc_rc rc = tc_standards_extract_view(state, in->view, standard_row, &a);
    return rc ? rc : tc_sink_rc(sink);
}

static tc_rc standard_query_key(void *state, const char *v, size_t n, tc_buf *out)
{
    char key[64];
    tc_rc rc = tc_standard_key(state, v, n, key, sizeof key);
    if (!rc)
        rc = tc_buf_puts(out, key);
    return rc;
}

static const tc_entity_type standards_type = {"standards",
                                              standard_cols,
                                              "key",
                                              "key",
                                              "XS",
                                              "standard",
                                              standard_open,
                                              standard_close,
                                              standard_extract,
                                              standard_query_key};

/* ---- the table ------------------------------------------------------------ */

const tc_entity_type *const tc_entity_types[] = {
    &standards_type, &citations_type, &agencies_type, &places_type,
    &dates_type,     &figures_type,   NULL,
};

size_t tc_entity_type_count(void)
{
    size_t n = 0;
    while (tc_entity_types[n])
        n++;
    return n;
}

const tc_entity_type *tc_entity_type_find(const char *name)
{
    for (size_t i = 0; tc_entity_types[i]; i++)
        if (strcmp(tc_entity_types[i]->name, name) == 0)
            return tc_entity_types[i];
    return NULL;
}

const tc_entity_type *tc_entity_type_by_field(const char *field)
{
    for (size_t i = 0; tc_entity_types[i]; i++)
        if (tc_entity_types[i]->field && strcmp(tc_entity_types[i]->field, field) == 0)
            return tc_entity_types[i];
    return NULL;
}
