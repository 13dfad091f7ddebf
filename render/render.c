/* render.c: the answers of the library as text, JSON lines or CSV (see
 * render.h). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* Text styles, only on a terminal. */
#define BOLD(o) ((o)->tty ? "\033[1m" : "")
#define DIM(o) ((o)->tty ? "\033[2m" : "")
#define PLAIN(o) ((o)->tty ? "\033[0m" : "")

const char *tc_display_path(const char *path, const char *cwd)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Writes s padded with spaces to `width` columns as the eye sees them. */
static void pad(FILE *fp, const char *s, size_t width)
{
    size_t w = tc_display_width(s, strlen(s));
    fputs(s, fp);
    for (; w < width; w++)
        fputc(' ', fp);
}

/* ---- search ------------------------------------------------------------- */

static const char *const hit_fields[] = {
    "rank", "score",  "id",    "path",   "province", "province2025", "year", "date", "number",
    "type", "agency", "title", "period", "snippet",  "format",       "page", NULL};

/* The snippet with its matches [in brackets], or bold on a terminal. */
static tc_rc snippet_marked(const tc_snippet *s, int bold, tc_buf *out)
{
    const char *open = bold ? "\033[1m" : "[", *close = bold ? "\033[0m" : "]";
    size_t at = 0, len = s->text ? strlen(s->text) : 0;
    tc_rc rc = TC_OK;
    if (s->cut_before)
        tc_buf_puts_rc(&rc, out, "…");
    for (size_t m = 0; m < s->nmarks; m++) {
        tc_buf_append_rc(&rc, out, s->text + at, s->marks[m][0] - at);
        tc_buf_puts_rc(&rc, out, open);
        tc_buf_append_rc(&rc, out, s->text + s->marks[m][0], s->marks[m][1] - s->marks[m][0]);
        tc_buf_puts_rc(&rc, out, close);
        at = s->marks[m][1];
    }
    tc_buf_append_rc(&rc, out, s->text + at, len - at);
    if (s->cut_after)
        tc_buf_puts_rc(&rc, out, "…");
    return rc;
}

void tc_render_reading(tc_out *o, const tc_query *q)
{
    const char *first = tc_query_reading(q, 0);
    if (o->format != TC_FMT_TEXT || !first)
        return;
    fprintf(o->fp, "tìm theo: %s", first);
    for (size_t i = 1; tc_query_reading(q, i); i++)
        fprintf(o->fp, "%s%s", i == 1 ? " (cách đọc khác: " : ", ", tc_query_reading(q, i));
    fputs(tc_query_reading(q, 1) ? ")\n" : "\n", o->fp);
}

void tc_render_search_head(tc_out *o, const tc_results *r, int header_row)
{
    if (o->format != TC_FMT_TEXT) {
        if (header_row)
            tc_out_header(o, hit_fields);
        return;
    }
    fprintf(o->fp, "%u document%s match%s", r->total, r->total == 1 ? "" : "s",
            r->total == 1 ? "es" : "");
    if (r->relaxed)
        fprintf(o->fp, " some of the words (no document has them all; best matches first)");
    if (r->n)
        fprintf(o->fp, "; showing %u-%u", r->hits[0].rank, r->hits[r->n - 1].rank);
    fputs("\n\n", o->fp);
}

static void hit_record(tc_out *o, const tc_hit *h)
{
    const tc_fields *m = &h->meta;
    tc_buf snip;
    tc_buf_init(&snip, 1 << 20);
    (void)snippet_marked(&h->snippet, 0, &snip); /* a cut snippet is still worth showing */
    tc_out_begin(o);
    tc_out_int(o, "rank", h->rank);
    tc_out_num(o, "score", h->score);
    tc_out_int(o, "id", h->docid);
    tc_out_str(o, "path", tc_fields_get(m, "path"));
    tc_out_str(o, "province", tc_fields_get(m, "province"));
    tc_out_str(o, "province2025", tc_fields_get(m, "province2025"));
    const char *year = tc_fields_get(m, "year");
    if (o->format == TC_FMT_JSON && !*year)
        tc_out_raw(o, "year", "null");
    else if (o->format == TC_FMT_JSON)
        tc_out_int(o, "year", atoll(year));
    else
        tc_out_str(o, "year", year);
    tc_out_str(o, "date", tc_fields_get(m, "date"));
    tc_out_str(o, "number", tc_fields_get(m, "number"));
    tc_out_str(o, "type", tc_fields_get(m, "type"));
    tc_out_str(o, "agency", tc_fields_get(m, "agency"));
    tc_out_str(o, "title", tc_fields_get(m, "title"));
    tc_out_str(o, "period", tc_fields_get(m, "period"));
    tc_out_str(o, "snippet", tc_buf_cstr(&snip));
    tc_out_str(o, "format", tc_fields_get(m, "format"));
    if (h->snippet.page)
        tc_out_int(o, "page", h->snippet.page);
    else if (o->format == TC_FMT_JSON)
        tc_out_raw(o, "page", "null");
    else
        tc_out_str(o, "page", "");
    if (o->format == TC_FMT_JSON) {
        tc_buf arr;
        tc_buf_init(&arr, 1 << 20);
        tc_rc rc = TC_OK;
        tc_buf_putc_rc(&rc, &arr, '[');
        for (size_t i = 0; i < h->snippet.nmarks; i++)
            tc_buf_printf_rc(&rc, &arr, "%s[%zu,%zu]", i ? "," : "", h->snippet.origin[i][0],
                             h->snippet.origin[i][1]);
        tc_buf_putc_rc(&rc, &arr, ']');
        tc_out_raw(o, "matches", rc ? "[]" : tc_buf_cstr(&arr));
        tc_buf_free(&arr);
    }
    tc_out_end(o);
    tc_buf_free(&snip);
}

void tc_render_hit(tc_out *o, const tc_hit *h, const char *cwd)
{
    if (o->format != TC_FMT_TEXT) {
        hit_record(o, h);
        return;
    }
    const tc_fields *m = &h->meta;
    FILE *fp = o->fp;
    const char *prov = tc_fields_get(m, "province");
    const char *date = tc_fields_get(m, "date");
    const char *num = tc_fields_get(m, "number");
    fprintf(fp, "%s%3u.%s ", BOLD(o), h->rank, PLAIN(o));
    pad(fp, *prov ? prov : "-", 12);
    fputc(' ', fp);
    pad(fp, *date ? date : "-", 10);
    fputc(' ', fp);
    pad(fp, *num ? num : "-", 16);
    fprintf(fp, " %s%.3f%s\n", DIM(o), h->score, PLAIN(o));
    const char *title = tc_fields_get(m, "title");
    fprintf(fp, "     %s%s%s\n", BOLD(o), *title ? title : "(no title)", PLAIN(o));
    fprintf(fp, "     %s%s", DIM(o), tc_display_path(tc_fields_get(m, "path"), cwd));
    if (h->snippet.page) {
        const char *kinds = tc_fields_get(m, "page_kinds");
        int ocr = strlen(kinds) >= h->snippet.page && kinds[h->snippet.page - 1] == 'o';
        fprintf(fp, "  (page %u%s)", h->snippet.page, ocr ? ", read by OCR" : "");
    }
    fprintf(fp, "%s\n", PLAIN(o));
    if (h->snippet.text && h->snippet.text[0]) {
        tc_buf snip;
        tc_buf_init(&snip, 1 << 20);
        (void)snippet_marked(&h->snippet, o->tty, &snip);
        fprintf(fp, "     %s\n", tc_buf_cstr(&snip));
        tc_buf_free(&snip);
    }
    fputc('\n', fp);
}

/* ---- facets and trends ------------------------------------------------------ */

void tc_render_facets(tc_out *o, const char *by, const tc_facet_row *rows, size_t n, uint32_t total,
                      int relaxed, int bars)
{
    static const char *const cols[] = {"value", "docs", "passages", NULL};
    if (o->format != TC_FMT_TEXT) {
        tc_out_header(o, cols);
        for (size_t i = 0; i < n; i++) {
            tc_out_begin(o);
            tc_out_str(o, "value", rows[i].value);
            tc_out_int(o, "docs", rows[i].docs);
            tc_out_int(o, "passages", (long long)rows[i].passages);
            tc_out_end(o);
        }
        return;
    }
    size_t w = tc_display_width(by, strlen(by));
    uint32_t maxd = 1;
    for (size_t i = 0; i < n; i++) {
        size_t k = tc_display_width(rows[i].value, strlen(rows[i].value));
        if (k > w)
            w = k;
        if (rows[i].docs > maxd)
            maxd = rows[i].docs;
    }
    fprintf(o->fp, "%u document%s match%s%s\n\n", total, total == 1 ? "" : "s",
            total == 1 ? "es" : "", relaxed ? " some of the words (best matches)" : "");
    fputs(BOLD(o), o->fp);
    pad(o->fp, by, w);
    fprintf(o->fp, " %8s %9s%s\n", "docs", "passages", PLAIN(o));
    for (size_t i = 0; i < n; i++) {
        pad(o->fp, rows[i].value, w);
        fprintf(o->fp, " %8u %9llu", rows[i].docs, (unsigned long long)rows[i].passages);
        if (bars) {
            fputs("  ", o->fp);
            unsigned len = (unsigned)((rows[i].docs * 30 + maxd - 1) / maxd);
            for (unsigned k = 0; k < len; k++)
                fputs("█", o->fp);
        }
        fputc('\n', o->fp);
    }
}

/* ---- citations ------------------------------------------------------------------ */

void tc_render_cite_rows(tc_out *o, const char *key, const tc_cite_row *rows, size_t n,
                         const char *cwd)
{
    static const char *const cols[] = {"id",  "path", "province", "date",     "number", "title",
                                       "key", "text", "sentence", "probable", "reason", NULL};
    if (o->format == TC_FMT_TEXT)
        fprintf(o->fp, "%zu citation%s of %s\n\n", n, n == 1 ? "" : "s", key);
    else
        tc_out_header(o, cols);
    for (size_t i = 0; i < n; i++) {
        const tc_cite_row *r = &rows[i];
        if (o->format == TC_FMT_TEXT) {
            fputs(BOLD(o), o->fp);
            pad(o->fp, *r->date ? r->date : "-", 10);
            fputc(' ', o->fp);
            pad(o->fp, *r->province ? r->province : "-", 12);
            fputc(' ', o->fp);
            pad(o->fp, *r->number ? r->number : "-", 16);
            fprintf(o->fp, "%s %s\n", PLAIN(o), r->title);
            fprintf(o->fp, "   %s%s%s\n", DIM(o), tc_display_path(r->path, cwd), PLAIN(o));
            if (r->probable)
                fprintf(o->fp, "   probable: \"%s\" (%s)\n", r->text, r->reason);
            fprintf(o->fp, "   %s\n\n", r->sentence);
            continue;
        }
        tc_out_begin(o);
        tc_out_int(o, "id", r->docid);
        tc_out_str(o, "path", r->path);
        tc_out_str(o, "province", r->province);
        tc_out_str(o, "date", r->date);
        tc_out_str(o, "number", r->number);
        tc_out_str(o, "title", r->title);
        tc_out_str(o, "key", r->key);
        tc_out_str(o, "text", r->text);
        tc_out_str(o, "sentence", r->sentence);
        if (o->format == TC_FMT_JSON)
            tc_out_raw(o, "probable", r->probable ? "true" : "false");
        else
            tc_out_str(o, "probable", r->probable ? "yes" : "no");
        tc_out_str(o, "reason", r->reason);
        tc_out_end(o);
    }
}

void tc_render_cite_top(tc_out *o, const char *by, const tc_cite_top_row *rows, size_t n)
{
    const char *cols3[] = {"key", "docs", "mentions", NULL};
    const char *cols4[] = {"key", by ? by : "", "docs", "mentions", NULL};
    tc_out_header(o, by ? cols4 : cols3);
    if (o->format == TC_FMT_TEXT)
        fprintf(o->fp, "%-24s %s%s %6s %8s\n", "cited", by ? by : "", by ? "          " : "",
                "docs", "mentions");
    for (size_t i = 0; i < n; i++) {
        const tc_cite_top_row *r = &rows[i];
        if (o->format == TC_FMT_TEXT) {
            pad(o->fp, r->key, 25);
            if (by)
                pad(o->fp, r->group, 16);
            fprintf(o->fp, "%6u %8llu\n", r->docs, (unsigned long long)r->mentions);
            continue;
        }
        tc_out_begin(o);
        tc_out_str(o, "key", r->key);
        if (by)
            tc_out_str(o, by, r->group);
        tc_out_int(o, "docs", r->docs);
        tc_out_int(o, "mentions", (long long)r->mentions);
        tc_out_end(o);
    }
}

/* Appends s as a quoted string (valid in both dot and JSON). */
static void quoted(tc_rc *rc, tc_buf *b, const char *s)
{
    if (!*rc)
        *rc = tc_json_str(b, s, strlen(s));
}

void tc_render_graph(tc_out *o, const tc_graph *g, int dot)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_rc rc = TC_OK;
    if (dot) {
        tc_buf_puts_rc(&rc, &b, "digraph citations {\n  rankdir=LR;\n");
        for (size_t i = 0; i < g->nnodes; i++) {
            tc_buf_puts_rc(&rc, &b, "  ");
            quoted(&rc, &b, g->nodes[i]);
            tc_buf_puts_rc(&rc, &b, strcmp(g->nodes[i], g->root) == 0 ? " [style=bold];\n" : ";\n");
        }
        for (size_t i = 0; i < g->nedges; i++) {
            tc_buf_puts_rc(&rc, &b, "  ");
            quoted(&rc, &b, g->edges[i][0]);
            tc_buf_puts_rc(&rc, &b, " -> ");
            quoted(&rc, &b, g->edges[i][1]);
            tc_buf_puts_rc(&rc, &b, ";\n");
        }
        tc_buf_puts_rc(&rc, &b, "}\n");
    } else {
        tc_buf_puts_rc(&rc, &b, "{\"root\":");
        quoted(&rc, &b, g->root);
        tc_buf_puts_rc(&rc, &b, ",\"nodes\":[");
        for (size_t i = 0; i < g->nnodes; i++) {
            if (i)
                tc_buf_putc_rc(&rc, &b, ',');
            quoted(&rc, &b, g->nodes[i]);
        }
        tc_buf_puts_rc(&rc, &b, "],\"edges\":[");
        for (size_t i = 0; i < g->nedges; i++) {
            tc_buf_puts_rc(&rc, &b, i ? ",{\"from\":" : "{\"from\":");
            quoted(&rc, &b, g->edges[i][0]);
            tc_buf_puts_rc(&rc, &b, ",\"to\":");
            quoted(&rc, &b, g->edges[i][1]);
            tc_buf_putc_rc(&rc, &b, '}');
        }
        tc_buf_puts_rc(&rc, &b, "]}\n");
    }
    if (rc)
        tc_out_fail(o, rc);
    else
        fwrite(b.data, 1, b.len, o->fp);
    tc_buf_free(&b);
}

/* ---- figures ------------------------------------------------------------------ */

void tc_render_figures(tc_out *o, const char *what, const tc_figure_row *rows, size_t n)
{
    static const char *const cols[] = {"value",         "unit",     "measure",  "kind", "what",
                                       "text",          "province", "year",     "date", "period",
                                       "stated_period", "path",     "sentence", NULL};
    if (o->format == TC_FMT_TEXT)
        fprintf(o->fp, "%zu figure%s of \"%s\"\n\n", n, n == 1 ? "" : "s", what);
    else
        tc_out_header(o, cols);
    for (size_t i = 0; i < n; i++) {
        const tc_figure_row *r = &rows[i];
        char num[100];
        tc_figure_format_row(r, num, sizeof num);
        if (o->format == TC_FMT_TEXT) {
            fprintf(o->fp, "%14s ", num);
            pad(o->fp, r->unit, 10);
            fputc(' ', o->fp);
            pad(o->fp, r->measure, 7);
            fputc(' ', o->fp);
            pad(o->fp, r->province, 12);
            fputc(' ', o->fp);
            pad(o->fp, *r->date ? r->date : r->year, 10);
            fprintf(o->fp, " %s", r->what);
            if (*r->stated)
                fprintf(o->fp, " (%s)", r->stated);
            fprintf(o->fp, "\n%14s %s\n", "", r->sentence);
            continue;
        }
        tc_out_begin(o);
        if (o->format == TC_FMT_JSON && strchr(num, '/') == NULL && num[0] != '+')
            tc_out_raw(o, "value", num);
        else
            tc_out_str(o, "value", num);
        tc_out_str(o, "unit", r->unit);
        tc_out_str(o, "measure", r->measure);
        tc_out_str(o, "kind", r->kind);
        tc_out_str(o, "what", r->what);
        tc_out_str(o, "text", r->text);
        tc_out_str(o, "province", r->province);
        tc_out_str(o, "year", r->year);
        tc_out_str(o, "date", r->date);
        tc_out_str(o, "period", r->period);
        tc_out_str(o, "stated_period", r->stated);
        tc_out_str(o, "path", r->path);
        tc_out_str(o, "sentence", r->sentence);
        tc_out_end(o);
    }
}

/* One row per place (or year) and per measure and unit: a policy officer
 * reads down a column of years and must find like beside like, so a total
 * never shares a cell with a change within the period, nor "vị trí" with
 * "trạm" (README "Figures"). */
void tc_render_pivot(tc_out *o, const char *what, size_t nfigures, const tc_pivot *p, int by_year)
{
    const char *rname = by_year ? "year" : "province", *cname = by_year ? "province" : "year";
    const char *cols[] = {rname, cname, "measure", "kind", "unit", "values", NULL};
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, "%zu figure%s of \"%s\"\n\n", nfigures, nfigures == 1 ? "" : "s", what);
        pad(o->fp, rname, 14);
        fputc(' ', o->fp);
        pad(o->fp, "measure", 7);
        fputc(' ', o->fp);
        pad(o->fp, "unit", 10);
        for (size_t c = 0; c < p->ncols; c++) {
            fputc(' ', o->fp);
            pad(o->fp, p->cols[c], 14);
        }
        fputc('\n', o->fp);
    } else {
        tc_out_header(o, cols);
    }
    for (size_t r = 0; r < p->nrows; r++) {
        if (o->format == TC_FMT_TEXT) {
            pad(o->fp, p->rows[r], 14);
            fputc(' ', o->fp);
            pad(o->fp, p->measures[r], 7);
            fputc(' ', o->fp);
            pad(o->fp, p->units[r], 10);
        }
        for (size_t c = 0; c < p->ncols; c++) {
            const char *cell = p->cells[r * p->ncols + c];
            if (o->format == TC_FMT_TEXT) {
                fputc(' ', o->fp);
                pad(o->fp, cell ? cell : "-", 14);
            } else if (cell) {
                tc_out_begin(o);
                tc_out_str(o, rname, p->rows[r]);
                tc_out_str(o, cname, p->cols[c]);
                tc_out_str(o, "measure", p->measures[r]);
                tc_out_str(o, "kind", p->kinds[r]);
                tc_out_str(o, "unit", p->units[r]);
                tc_out_str(o, "values", cell);
                tc_out_end(o);
            }
        }
        if (o->format == TC_FMT_TEXT)
            fputc('\n', o->fp);
    }
}

/* ---- one document ------------------------------------------------------------- */

static tc_rc cell_json(tc_buf *b, const tc_cell *c)
{
    switch (c->type) {
    case TC_CELL_INT:
        return tc_buf_printf(b, "%lld", c->i);
    case TC_CELL_REAL:
        return tc_buf_printf(b, "%.15g", c->r);
    case TC_CELL_TEXT:
        return tc_json_str(b, c->s, strlen(c->s));
    default:
        return tc_buf_puts(b, "null");
    }
}

static tc_rc cell_text(tc_buf *b, const tc_cell *c)
{
    switch (c->type) {
    case TC_CELL_INT:
        return tc_buf_printf(b, "%lld", c->i);
    case TC_CELL_REAL:
        return tc_buf_printf(b, "%.15g", c->r);
    case TC_CELL_TEXT:
        return tc_utf8_repair(b, c->s, strlen(c->s));
    default:
        return TC_OK;
    }
}

/* One row of t as JSON members (no braces). */
static tc_rc row_json(tc_buf *b, const tc_table *t, size_t row)
{
    tc_rc rc = TC_OK;
    for (size_t c = 0; c < t->ncols && !rc; c++) {
        if (c)
            tc_buf_putc_rc(&rc, b, ',');
        quoted(&rc, b, t->cols[c]);
        tc_buf_putc_rc(&rc, b, ':');
        if (!rc)
            rc = cell_json(b, tc_table_cell(t, row, c));
    }
    return rc;
}

void tc_render_document(tc_out *o, const tc_document *d)
{
    tc_buf b, v;
    tc_buf_init(&b, 0);
    tc_buf_init(&v, 1 << 16); /* one row's value, reused */
    int json = o->format == TC_FMT_JSON;
    tc_rc rc = TC_OK;
    if (json) {
        rc = tc_buf_putc(&b, '{');
        if (!rc)
            rc = row_json(&b, &d->fields, 0);
    } else {
        for (size_t c = 0; c < d->fields.ncols && !rc; c++) {
            /* page offsets are for programs (JSON); people read the counts */
            if (!strcmp(d->fields.cols[c], "page_starts") ||
                !strcmp(d->fields.cols[c], "page_kinds"))
                continue;
            rc = tc_buf_printf(&b, "%-18s ", d->fields.cols[c]);
            if (!rc)
                rc = cell_text(&b, tc_table_cell(&d->fields, 0, c));
            if (!rc)
                rc = tc_buf_putc(&b, '\n');
        }
    }
    for (size_t e = 0; e < d->nentities && !rc; e++) {
        const tc_table *t = &d->entities[e];
        rc = json ? tc_buf_printf(&b, ",\"%s\":[", t->name) : tc_buf_printf(&b, "\n%s:\n", t->name);
        for (size_t r = 0; r < t->nrows && !rc; r++) {
            if (json) {
                rc = tc_buf_puts(&b, r ? ",{" : "{");
                if (!rc)
                    rc = row_json(&b, t, r);
                if (!rc)
                    rc = tc_buf_putc(&b, '}');
                continue;
            }
            /* "  value                        text as written  (probably KEY)" */
            tc_buf_reset(&v);
            if (t->value_col >= 0)
                rc = cell_text(&v, tc_table_cell(t, r, (size_t)t->value_col));
            if (!rc)
                rc = tc_buf_printf(&b, "  %-28s ", tc_buf_cstr(&v));
            if (!rc && t->text_col >= 0)
                rc = cell_text(&b, tc_table_cell(t, r, (size_t)t->text_col));
            for (size_t c = 0; c < t->ncols && !rc; c++) {
                const tc_cell *cell = tc_table_cell(t, r, c);
                if (strcmp(t->cols[c], "probable_of") == 0 && cell->type == TC_CELL_TEXT)
                    rc = tc_buf_printf(&b, "  (probably %s)", cell->s);
            }
            if (!rc)
                rc = tc_buf_putc(&b, '\n');
        }
        if (!rc && json)
            rc = tc_buf_putc(&b, ']');
    }
    if (!rc && json)
        rc = tc_buf_puts(&b, "}\n");
    if (rc)
        tc_out_fail(o, rc);
    else
        fwrite(b.data, 1, b.len, o->fp);
    tc_buf_free(&b);
    tc_buf_free(&v);
}

/* A documents-table cell by column name, or NULL. */
static const tc_cell *field_cell(const tc_document *d, const char *name)
{
    for (size_t c = 0; c < d->fields.ncols; c++)
        if (strcmp(d->fields.cols[c], name) == 0)
            return tc_table_cell(&d->fields, 0, c);
    return NULL;
}

int tc_render_document_text(FILE *fp, const tc_document *d)
{
    const tc_cell *sc = field_cell(d, "page_starts");
    const tc_cell *kc = field_cell(d, "page_kinds");
    const char *starts = sc && sc->type == TC_CELL_TEXT && sc->s ? sc->s : "";
    const char *kinds = kc && kc->type == TC_CELL_TEXT && kc->s ? kc->s : "";
    size_t done = 0, page = 0;
    const char *p = starts;
    while (*p) {
        char *end;
        unsigned long long at = strtoull(p, &end, 10);
        if (end == p)
            break;
        p = *end == ',' ? end + 1 : end;
        if (at > d->text_len || at < done)
            break;
        fwrite(d->text + done, 1, at - done, fp);
        done = at;
        char k = page < strlen(kinds) ? kinds[page] : 't';
        page++;
        if (done && d->text[done - 1] != '\n')
            fputc('\n', fp);
        fprintf(fp, "--- page %zu%s ---\n", page,
                k == 'o'   ? ", read by OCR"
                : k == 'i' ? ", no text layer"
                           : "");
    }
    fwrite(d->text + done, 1, d->text_len - done, fp);
    if (d->text_len && d->text[d->text_len - 1] != '\n')
        fputc('\n', fp);
    return ferror(fp);
}
