/* render.c: the answers of the library as text, JSON lines or CSV (see
 * render.h). */
#include "render.h"

#include <dlfcn.h>
#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uvernum.h>

/* Text for people is translated (po/vi.po) when the front-end has bound the
 * "tracuu" domain; machine formats never are. */
#define T(s) dgettext("tracuu", s)
#define N_(s) s
/* Period codes and document types (their stored English keys) as people
 * read them: "Q1" is "quý I", "report" is "báo cáo" in Vietnamese. */
static const char *const value_names[] __attribute__((unused)) = {N_("Q1"),
                                                                  N_("Q2"),
                                                                  N_("Q3"),
                                                                  N_("Q4"),
                                                                  N_("H1"),
                                                                  N_("H2"),
                                                                  N_("9M"),
                                                                  N_("Y"),
                                                                  N_("certificate"),
                                                                  N_("circular"),
                                                                  N_("code-of-law"),
                                                                  N_("conclusion"),
                                                                  N_("consolidated-text"),
                                                                  N_("constitution"),
                                                                  N_("decision"),
                                                                  N_("decree"),
                                                                  N_("directive"),
                                                                  N_("dispatch"),
                                                                  N_("document"),
                                                                  N_("guidance"),
                                                                  N_("invitation"),
                                                                  N_("joint-circular"),
                                                                  N_("joint-guidance"),
                                                                  N_("joint-resolution"),
                                                                  N_("law"),
                                                                  N_("minutes"),
                                                                  N_("notice"),
                                                                  N_("official-letter"),
                                                                  N_("option-plan"),
                                                                  N_("order"),
                                                                  N_("ordinance"),
                                                                  N_("permit"),
                                                                  N_("plan"),
                                                                  N_("procedure"),
                                                                  N_("programme"),
                                                                  N_("protocol"),
                                                                  N_("regulation"),
                                                                  N_("report"),
                                                                  N_("resolution"),
                                                                  N_("rules"),
                                                                  N_("scheme"),
                                                                  N_("standard"),
                                                                  N_("submission"),
                                                                  N_("submission-slip"),
                                                                  N_("transfer-slip"),
                                                                  N_("treaty")};
/* Column names shown as headings (text tables; CSV and XLSX headers for
 * people, output.h), for xgettext. */
static const char *const heading_names[] __attribute__((unused)) = {
    N_("province"), N_("province2025"),  N_("year"),   N_("agency"),   N_("type"),
    N_("cited"),    N_("level"),         N_("value"),  N_("rank"),     N_("score"),
    N_("id"),       N_("path"),          N_("date"),   N_("number"),   N_("title"),
    N_("period"),   N_("snippet"),       N_("format"), N_("page"),     N_("docs"),
    N_("passages"), N_("key"),           N_("text"),   N_("sentence"), N_("probable"),
    N_("reason"),   N_("mentions"),      N_("unit"),   N_("measure"),  N_("kind"),
    N_("what"),     N_("stated_period"), N_("values"), N_("field")};
/* Sheet names of workbooks (output.c names the tabs for people), for
 * xgettext; the --by names are headings above. */
static const char *const sheet_names[] __attribute__((unused)) = {
    N_("hits"),    N_("citations"), N_("figures"),  N_("pivot"),  N_("document"),
    N_("results"), N_("standards"), N_("agencies"), N_("places"), N_("dates")};
/* Columns of the entity sheets of `show -o FILE.xlsx` (analyzers/registry.c)
 * not named above, for xgettext. */
static const char *const entity_columns[] __attribute__((unused)) = {N_("issuer"),
                                                                     N_("issuer_name"),
                                                                     N_("start"),
                                                                     N_("end"),
                                                                     N_("is_short"),
                                                                     N_("probable_of"),
                                                                     N_("name"),
                                                                     N_("province_code"),
                                                                     N_("province2025_code"),
                                                                     N_("district_code"),
                                                                     N_("district"),
                                                                     N_("own"),
                                                                     N_("iso"),
                                                                     N_("precision"),
                                                                     N_("start_date"),
                                                                     N_("end_date"),
                                                                     N_("value2"),
                                                                     N_("noun"),
                                                                     N_("change"),
                                                                     N_("ambiguous"),
                                                                     N_("reading"),
                                                                     N_("is_table"),
                                                                     N_("col"),
                                                                     N_("indicator"),
                                                                     N_("ocr")};
/* Values shown to people in their language: levels of the issuing body and
 * yes/no (probable citations). */
static const char *const value_words[]
    __attribute__((unused)) = {N_("central"), N_("district"), N_("commune"), N_("yes"), N_("no")};

/* A stored key (period "Q1", type "report", level "central", "yes") as
 * people read it when o is for people (text, or CSV/XLSX with o->people);
 * JSON and CSV for programs keep the key.  "" stays "" (gettext would answer it with
 * the catalogue's header). */
static const char *named(const tc_out *o, const char *key)
{
    int people = o->format == TC_FMT_TEXT || (o->people && o->format != TC_FMT_JSON);
    return people && key && *key ? T(key) : key;
}

/* Text styles: markers that the output filter turns into escape sequences
 * on a terminal and drops elsewhere (output.h). */
#define BOLD(o) TC_STYLE_BOLD
#define DIM(o) TC_STYLE_DIM
#define PLAIN(o) TC_STYLE_PLAIN

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

static size_t width_of(const char *s)
{
    return tc_display_width(s, strlen(s));
}

/* Writes s right-aligned in `width` columns as the eye sees them. */
static void rpad(FILE *fp, const char *s, size_t width)
{
    for (size_t w = width_of(s); w < width; w++)
        fputc(' ', fp);
    fputs(s, fp);
}

/* Writes s, cut with "…" when it would run past the terminal's width
 * (o->width) after `used` columns. */
static void put_fit(tc_out *o, const char *s, size_t used)
{
    size_t n = strlen(s);
    if (!o->width || used + tc_display_width(s, n) <= o->width) {
        fputs(s, o->fp);
        return;
    }
    size_t room = o->width > used + 1 ? o->width - used - 1 : 0;
    fwrite(s, 1, tc_display_prefix(s, n, room), o->fp);
    fputs("…", o->fp);
}

/* Orders strings as a Vietnamese reader expects (ICU's "vi" collator:
 * a ă â b c d đ e ê ...), with byte order as the fallback.
 *
 * The collator is the only part of libicui18n tracuu uses, and only where
 * rows are sorted by name.  Linking that library cost every start 2 ms of
 * CPU (a one-off search is about 25): mapping and relocating 3 MB.  So it
 * is opened here on first use, like libxlsxwriter in output.c.  ICU's
 * symbols carry its version ("ucol_open_72"), as the headers this was built
 * with spell them. */
typedef struct collator_api {
    UCollator *(*open)(const char *loc, UErrorCode *status);
    void (*close)(UCollator *coll);
    UCollationResult (*strcoll_utf8)(const UCollator *coll, const char *a, int32_t alen,
                                     const char *b, int32_t blen, UErrorCode *status);
    void *lib; /* the library, loaded for the life of the process */
    int ok;
} collator_api;

#define TC_STR2(x) #x
#define TC_STR(x) TC_STR2(x)
#define TC_ICU_I18N_SONAME "libicui18n.so." TC_STR(U_ICU_VERSION_MAJOR_NUM)

/* Written once inside pthread_once, read-only afterwards. */
static pthread_once_t collator_once = PTHREAD_ONCE_INIT;
static collator_api collator_loaded;

static void collator_load(void)
{
    collator_api *a = &collator_loaded;
    void *h = dlopen(TC_ICU_I18N_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    a->lib = h;
    /* ucol.h already renames ucol_open to ucol_open_72: stringified
     * through one more macro, the name is the versioned symbol */
    *(void **)&a->open = dlsym(h, TC_STR(ucol_open));
    *(void **)&a->close = dlsym(h, TC_STR(ucol_close));
    *(void **)&a->strcoll_utf8 = dlsym(h, TC_STR(ucol_strcollUTF8));
    a->ok = a->open && a->close && a->strcoll_utf8;
}

typedef struct vi_order {
    const collator_api *api; /* NULL with coll */
    UCollator *coll;         /* NULL when ICU has no collator: byte order */
} vi_order;

static void vi_order_open(vi_order *v)
{
    v->api = NULL;
    v->coll = NULL;
    pthread_once(&collator_once, collator_load);
    if (!collator_loaded.ok)
        return;
    UErrorCode err = U_ZERO_ERROR;
    UCollator *c = collator_loaded.open("vi", &err);
    if (U_FAILURE(err)) {
        if (c)
            collator_loaded.close(c);
        return;
    }
    v->api = &collator_loaded;
    v->coll = c;
}

static void vi_order_close(vi_order *v)
{
    if (v->coll)
        v->api->close(v->coll);
}

static int vi_cmp(const vi_order *v, const char *a, const char *b)
{
    if (v->coll) {
        UErrorCode err = U_ZERO_ERROR;
        UCollationResult r = v->api->strcoll_utf8(v->coll, a, -1, b, -1, &err);
        if (U_SUCCESS(err) && r != UCOL_EQUAL)
            return r == UCOL_LESS ? -1 : 1;
    }
    return strcmp(a, b);
}

/* A permutation of n keys in Vietnamese order (stable insertion sort: the
 * lists are short, one row per province or year).  NULL on no memory. */
static size_t *vi_sorted(const char *const *keys, size_t n, size_t stride)
{
    size_t *ix = malloc((n ? n : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    vi_order v;
    vi_order_open(&v);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && vi_cmp(&v, keys[ix[j - 1] * stride], keys[i * stride]) > 0) {
            ix[j] = ix[j - 1];
            j--;
        }
        ix[j] = i;
    }
    vi_order_close(&v);
    return ix;
}

/* ---- search ------------------------------------------------------------- */

static const char *const hit_fields[] = {
    "rank", "score",  "id",    "path",   "province", "province2025", "year", "date", "number",
    "type", "agency", "title", "period", "snippet",  "format",       "page", NULL};

/* The snippet with its matches [in brackets], or bold on a terminal. */
static tc_rc snippet_marked(const tc_snippet *s, int bold, tc_buf *out)
{
    const char *open = bold ? TC_STYLE_BOLD : "[", *close = bold ? TC_STYLE_PLAIN : "]";
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
    fprintf(o->fp, T("searched as: %s"), first);
    for (size_t i = 1; tc_query_reading(q, i); i++)
        fprintf(o->fp, "%s%s", i == 1 ? T(" (other readings: ") : ", ", tc_query_reading(q, i));
    fputs(tc_query_reading(q, 1) ? ")\n" : "\n", o->fp);
}

void tc_render_search_head(tc_out *o, const tc_results *r, int header_row)
{
    if (o->format != TC_FMT_TEXT) {
        if (header_row) {
            tc_out_sheet(o, "hits");
            tc_out_header(o, hit_fields);
        }
        return;
    }
    fprintf(o->fp, T("%u document%s match%s"), r->total, r->total == 1 ? "" : "s",
            r->total == 1 ? "es" : "");
    if (r->relaxed)
        fputs(T(" some of the words (no document has them all; best matches first)"), o->fp);
    if (r->n)
        fprintf(o->fp, T("; showing %u-%u"), r->hits[0].rank, r->hits[r->n - 1].rank);
    fputs("\n\n", o->fp);
}

/* [{start,end,line,page,ocr,text,matches:[[s,e],...]},...] */
static void passages_json(const tc_hit *h, tc_buf *b, tc_rc *rc)
{
    tc_buf_putc_rc(rc, b, '[');
    for (size_t i = 0; i < h->npassages; i++) {
        const tc_passage *p = &h->passages[i];
        tc_buf_printf_rc(rc, b, "%s{\"start\":%zu,\"end\":%zu,\"line\":%u,\"page\":", i ? "," : "",
                         p->start, p->end, p->line);
        if (p->page)
            tc_buf_printf_rc(rc, b, "%u,\"ocr\":%s", p->page, p->ocr ? "true" : "false");
        else
            tc_buf_puts_rc(rc, b, "null,\"ocr\":false");
        tc_buf_puts_rc(rc, b, ",\"text\":");
        if (!*rc)
            *rc = tc_json_str(b, p->text, strlen(p->text));
        tc_buf_puts_rc(rc, b, ",\"matches\":[");
        for (size_t m = 0; m < p->nmarks; m++)
            tc_buf_printf_rc(rc, b, "%s[%zu,%zu]", m ? "," : "", p->marks[m][0], p->marks[m][1]);
        tc_buf_puts_rc(rc, b, "]}");
    }
    tc_buf_putc_rc(rc, b, ']');
}

/* A passage with its matches [in brackets] (bold on a terminal). */
static tc_rc passage_marked(const tc_passage *p, int bold, tc_buf *out)
{
    tc_snippet s = {p->text, p->text_marks, p->nmarks, NULL, 0, 0, 0};
    return snippet_marked(&s, bold, out);
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
    tc_out_path(o, "path", tc_fields_get(m, "path"));
    tc_out_str(o, "province", tc_fields_get(m, "province"));
    tc_out_str(o, "province2025", tc_fields_get(m, "province2025"));
    const char *year = tc_fields_get(m, "year");
    if (o->format == TC_FMT_JSON && !*year)
        tc_out_raw(o, "year", "null");
    else if (o->format == TC_FMT_JSON || (o->format == TC_FMT_XLSX && *year))
        tc_out_int(o, "year", atoll(year));
    else
        tc_out_str(o, "year", year);
    tc_out_date(o, "date", tc_fields_get(m, "date"));
    tc_out_str(o, "number", tc_fields_get(m, "number"));
    tc_out_str(o, "type", named(o, tc_fields_get(m, "type")));
    tc_out_str(o, "agency", tc_fields_get(m, "agency"));
    tc_out_str(o, "title", tc_fields_get(m, "title"));
    tc_out_str(o, "period", named(o, tc_fields_get(m, "period")));
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
        /* Every occurrence when the search listed them, else the snippet's. */
        size_t nm = h->matches ? h->nmatches : h->snippet.nmarks;
        const size_t(*mk)[2] = h->matches ? h->matches : h->snippet.origin;
        for (size_t i = 0; i < nm; i++)
            tc_buf_printf_rc(&rc, &arr, "%s[%zu,%zu]", i ? "," : "", mk[i][0], mk[i][1]);
        tc_buf_putc_rc(&rc, &arr, ']');
        tc_out_raw(o, "matches", rc ? "[]" : tc_buf_cstr(&arr));
        if (h->passages || h->npassages) {
            tc_buf_reset(&arr);
            passages_json(h, &arr, &rc);
            tc_out_raw(o, "passages", rc ? "[]" : tc_buf_cstr(&arr));
        }
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
    fprintf(fp, "     %s", BOLD(o));
    put_fit(o, *title ? title : T("(no title)"), 5);
    fprintf(fp, "%s\n", PLAIN(o));
    fprintf(fp, "     %s%s", DIM(o), tc_display_path(tc_fields_get(m, "path"), cwd));
    if (h->snippet.page) {
        const char *kinds = tc_fields_get(m, "page_kinds");
        int ocr = strlen(kinds) >= h->snippet.page && kinds[h->snippet.page - 1] == 'o';
        fprintf(fp, T("  (page %u%s)"), h->snippet.page, ocr ? T(", read by OCR") : "");
    }
    fprintf(fp, "%s\n", PLAIN(o));
    if (h->snippet.text && h->snippet.text[0]) {
        tc_buf snip;
        tc_buf_init(&snip, 1 << 20);
        (void)snippet_marked(&h->snippet, o->tty, &snip);
        fprintf(fp, "     %s\n", tc_buf_cstr(&snip));
        tc_buf_free(&snip);
    }
    if (h->npassages)
        fprintf(fp, T("     %s%zu passage%s:%s\n"), DIM(o), h->npassages,
                h->npassages == 1 ? "" : "s", PLAIN(o));
    for (size_t i = 0; i < h->npassages; i++) {
        const tc_passage *p = &h->passages[i];
        tc_buf t;
        tc_buf_init(&t, 1 << 24);
        (void)passage_marked(p, o->tty, &t);
        fprintf(fp, T("     %sline %u"), DIM(o), p->line);
        if (p->page)
            fprintf(fp, T(", page %u%s"), p->page, p->ocr ? " (OCR)" : "");
        fprintf(fp, ":%s %s\n", PLAIN(o), tc_buf_cstr(&t));
        tc_buf_free(&t);
    }
    fputc('\n', fp);
}

/* ---- facets and trends ------------------------------------------------------ */

void tc_render_facets(tc_out *o, const char *by, const tc_facet_row *rows, size_t n, uint32_t total,
                      int relaxed, int bars)
{
    /* For people the first column is named by what it counts ("tỉnh"). */
    const char *const cols[] = {o->people ? by : "value", "docs", "passages", NULL};
    /* Types and levels are stored as keys ("report", "central"). */
    int keyed = strcmp(by, "type") == 0 || strcmp(by, "level") == 0;
    /* Rows come by docs (then bytes) or by value; rows with the same count
     * are put in Vietnamese order. */
    size_t *ix = malloc((n ? n : 1) * sizeof *ix);
    if (!ix) {
        tc_out_fail(o, TC_ENOMEM);
        return;
    }
    vi_order v;
    vi_order_open(&v);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (!bars && j > 0 && rows[ix[j - 1]].docs == rows[i].docs &&
               vi_cmp(&v, rows[ix[j - 1]].value, rows[i].value) > 0) {
            ix[j] = ix[j - 1];
            j--;
        }
        ix[j] = i;
    }
    vi_order_close(&v);
    if (o->format != TC_FMT_TEXT) {
        tc_out_sheet(o, by);
        tc_out_header(o, cols);
        for (size_t k = 0; k < n; k++) {
            const tc_facet_row *r = &rows[ix[k]];
            tc_out_begin(o);
            if (o->format == TC_FMT_XLSX && strcmp(by, "year") == 0 && r->value[0] >= '1' &&
                r->value[0] <= '9')
                tc_out_int(o, "value", atoll(r->value));
            else
                tc_out_str(o, "value", keyed ? named(o, r->value) : r->value);
            tc_out_int(o, "docs", r->docs);
            tc_out_int(o, "passages", (long long)r->passages);
            tc_out_end(o);
        }
        free(ix);
        return;
    }
    const char *byh = T(by), *docs_h = T("docs"), *pass_h = T("passages");
    size_t w = width_of(byh), wd = width_of(docs_h) > 8 ? width_of(docs_h) : 8,
           wp = width_of(pass_h) > 9 ? width_of(pass_h) : 9;
    uint64_t maxp = 1;
    for (size_t i = 0; i < n; i++) {
        const char *v = keyed ? named(o, rows[i].value) : rows[i].value;
        size_t k = tc_display_width(v, strlen(v));
        if (k > w)
            w = k;
        if (rows[i].passages > maxp)
            maxp = rows[i].passages;
    }
    fprintf(o->fp, T("%u document%s match%s%s\n\n"), total, total == 1 ? "" : "s",
            total == 1 ? "es" : "", relaxed ? T(" some of the words (best matches)") : "");
    fputs(BOLD(o), o->fp);
    pad(o->fp, byh, w);
    fputc(' ', o->fp);
    rpad(o->fp, docs_h, wd);
    fputc(' ', o->fp);
    rpad(o->fp, pass_h, wp);
    fprintf(o->fp, "%s\n", PLAIN(o));
    /* Bars stand next to the passages column and are drawn from it. */
    size_t used = w + 1 + wd + 1 + wp + 2, barmax = 30;
    if (o->width && o->width < used + barmax)
        barmax = o->width > used + 5 ? o->width - used : 5;
    for (size_t k = 0; k < n; k++) {
        const tc_facet_row *r = &rows[ix[k]];
        pad(o->fp, keyed ? named(o, r->value) : r->value, w);
        fprintf(o->fp, " %*u %*llu", (int)wd, r->docs, (int)wp, (unsigned long long)r->passages);
        if (bars) {
            fputs("  ", o->fp);
            size_t len = (size_t)((r->passages * barmax + maxp - 1) / maxp);
            for (size_t b = 0; b < len; b++)
                fputs("█", o->fp);
        }
        fputc('\n', o->fp);
    }
    if (bars && n)
        fprintf(o->fp, T("\n%s█ bars: passages; the longest is %llu%s\n"), DIM(o),
                (unsigned long long)maxp, PLAIN(o));
    free(ix);
}

/* ---- citations ------------------------------------------------------------------ */

void tc_render_cite_rows(tc_out *o, const char *key, const tc_cite_row *rows, size_t n,
                         const char *cwd)
{
    static const char *const cols[] = {"id",  "path", "province", "date",     "number", "title",
                                       "key", "text", "sentence", "probable", "reason", NULL};
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, T("%zu citation%s of %s\n\n"), n, n == 1 ? "" : "s", key);
    } else {
        tc_out_sheet(o, "citations");
        tc_out_header(o, cols);
    }
    for (size_t i = 0; i < n; i++) {
        const tc_cite_row *r = &rows[i];
        if (o->format == TC_FMT_TEXT) {
            fputs(BOLD(o), o->fp);
            pad(o->fp, *r->date ? r->date : "-", 10);
            fputc(' ', o->fp);
            pad(o->fp, *r->province ? r->province : "-", 12);
            fputc(' ', o->fp);
            pad(o->fp, *r->number ? r->number : "-", 16);
            fprintf(o->fp, "%s ", PLAIN(o));
            put_fit(o, r->title, 41);
            fputc('\n', o->fp);
            fprintf(o->fp, "   %s%s%s\n", DIM(o), tc_display_path(r->path, cwd), PLAIN(o));
            if (r->probable)
                fprintf(o->fp, T("   probable: \"%s\" (%s)\n"), r->text, r->reason);
            fprintf(o->fp, "   %s\n\n", r->sentence);
            continue;
        }
        tc_out_begin(o);
        tc_out_int(o, "id", r->docid);
        tc_out_path(o, "path", r->path);
        tc_out_str(o, "province", r->province);
        tc_out_date(o, "date", r->date);
        tc_out_str(o, "number", r->number);
        tc_out_str(o, "title", r->title);
        tc_out_str(o, "key", r->key);
        tc_out_str(o, "text", r->text);
        tc_out_str(o, "sentence", r->sentence);
        if (o->format == TC_FMT_JSON)
            tc_out_raw(o, "probable", r->probable ? "true" : "false");
        else
            tc_out_str(o, "probable", named(o, r->probable ? "yes" : "no"));
        tc_out_str(o, "reason", r->reason);
        tc_out_end(o);
    }
}

void tc_render_cite_top(tc_out *o, const char *by, const tc_cite_top_row *rows, size_t n)
{
    const char *cols3[] = {"key", "docs", "mentions", NULL};
    const char *cols4[] = {"key", by ? by : "", "docs", "mentions", NULL};
    if (o->format != TC_FMT_TEXT) {
        tc_out_sheet(o, "cited");
        tc_out_header(o, by ? cols4 : cols3);
    }
    size_t wk = width_of(T("cited")), wg = by ? width_of(T(by)) : 0;
    size_t wd = width_of(T("docs")) > 6 ? width_of(T("docs")) : 6,
           wm = width_of(T("mentions")) > 8 ? width_of(T("mentions")) : 8;
    for (size_t i = 0; i < n; i++) {
        size_t k = tc_display_width(rows[i].key, strlen(rows[i].key));
        if (k > wk)
            wk = k;
        if (by && rows[i].group &&
            (k = tc_display_width(rows[i].group, strlen(rows[i].group))) > wg)
            wg = k;
    }
    if (o->format == TC_FMT_TEXT) {
        fputs(BOLD(o), o->fp);
        pad(o->fp, T("cited"), wk);
        if (by) {
            fputc(' ', o->fp);
            pad(o->fp, T(by), wg);
        }
        fputc(' ', o->fp);
        rpad(o->fp, T("docs"), wd);
        fputc(' ', o->fp);
        rpad(o->fp, T("mentions"), wm);
        fprintf(o->fp, "%s\n", PLAIN(o));
    }
    for (size_t i = 0; i < n; i++) {
        const tc_cite_top_row *r = &rows[i];
        if (o->format == TC_FMT_TEXT) {
            pad(o->fp, r->key, wk);
            if (by) {
                fputc(' ', o->fp);
                pad(o->fp, r->group ? r->group : "", wg);
            }
            fprintf(o->fp, " %*u %*llu\n", (int)wd, r->docs, (int)wm,
                    (unsigned long long)r->mentions);
            continue;
        }
        tc_out_begin(o);
        tc_out_str(o, "key", r->key);
        if (by && o->format == TC_FMT_XLSX && strcmp(by, "year") == 0 && r->group &&
            r->group[0] >= '1' && r->group[0] <= '9')
            tc_out_int(o, by, atoll(r->group));
        else if (by)
            tc_out_str(o, by, r->group);
        tc_out_int(o, "docs", r->docs);
        tc_out_int(o, "mentions", (long long)r->mentions);
        tc_out_end(o);
    }
}

void tc_render_cite_groups(tc_out *o, const char *key, const char *by, const tc_cite_row *rows,
                           size_t n)
{
    const char *const cols[] = {o->people ? by : "value", "docs", "mentions", NULL};
    int year = strcmp(by, "year") == 0;
    /* Group keys: the citing document's year (from its date) or province. */
    char **keys = calloc(n + 1, sizeof *keys);
    if (!keys) {
        tc_out_fail(o, TC_ENOMEM);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = year ? rows[i].date : rows[i].province;
        keys[i] = strndup(*v ? v : "(none)", year && *v ? 4 : strlen(*v ? v : "(none)"));
        if (!keys[i])
            tc_out_fail(o, TC_ENOMEM);
    }
    size_t *ix = o->rc ? NULL : vi_sorted((const char *const *)keys, n, 1);
    if (!o->rc && !ix)
        tc_out_fail(o, TC_ENOMEM);
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, T("%zu citation%s of %s\n\n"), n, n == 1 ? "" : "s", key);
    } else {
        tc_out_sheet(o, by);
        tc_out_header(o, cols);
    }
    const char *docs_h = T("docs"), *ment_h = T("mentions");
    size_t w = width_of(T(by)), wd = width_of(docs_h) > 6 ? width_of(docs_h) : 6,
           wm = width_of(ment_h) > 8 ? width_of(ment_h) : 8;
    for (size_t i = 0; i < n && ix; i++)
        w = width_of(keys[i]) > w ? width_of(keys[i]) : w;
    if (o->format == TC_FMT_TEXT) {
        fputs(BOLD(o), o->fp);
        pad(o->fp, T(by), w);
        fputc(' ', o->fp);
        rpad(o->fp, docs_h, wd);
        fputc(' ', o->fp);
        rpad(o->fp, ment_h, wm);
        fprintf(o->fp, "%s\n", PLAIN(o));
    }
    for (size_t i = 0; i < n && ix;) {
        /* rows of one key are adjacent in ix; docs counts distinct ids */
        size_t j = i, docs = 0;
        while (j < n && strcmp(keys[ix[j]], keys[ix[i]]) == 0) {
            int seen = 0;
            for (size_t k = i; k < j && !seen; k++)
                seen = rows[ix[k]].docid == rows[ix[j]].docid;
            docs += !seen;
            j++;
        }
        const char *v = keys[ix[i]];
        if (o->format == TC_FMT_TEXT) {
            pad(o->fp, v, w);
            fprintf(o->fp, " %*zu %*zu\n", (int)wd, docs, (int)wm, j - i);
        } else {
            tc_out_begin(o);
            if (o->format == TC_FMT_XLSX && year && v[0] >= '1' && v[0] <= '9')
                tc_out_int(o, "value", atoll(v));
            else
                tc_out_str(o, "value", v);
            tc_out_int(o, "docs", (long long)docs);
            tc_out_int(o, "mentions", (long long)(j - i));
            tc_out_end(o);
        }
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    free(ix);
}

/* Appends s as a quoted string (valid in both dot and JSON). */
static void quoted(tc_rc *rc, tc_buf *b, const char *s)
{
    if (!*rc)
        *rc = tc_json_safe(b, s, strlen(s));
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

/* A figure's value as its kind says: money and percentages typed in XLSX,
 * a ratio or difference as the text people read ("146/199", "+253"). */
static void figure_value(tc_out *o, const tc_figure_row *r, const char *num)
{
    int plain = strchr(num, '/') == NULL && num[0] != '+';
    if (o->format == TC_FMT_XLSX && plain && strcmp(r->kind, "money") == 0)
        tc_out_money(o, "value", r->value);
    else if (o->format == TC_FMT_XLSX && plain && strcmp(r->kind, "percent") == 0)
        tc_out_pct(o, "value", r->value);
    else if (o->format == TC_FMT_XLSX && plain)
        tc_out_num(o, "value", r->value);
    else if (o->format == TC_FMT_JSON && plain)
        tc_out_raw(o, "value", num);
    else
        tc_out_str(o, "value", num);
}

void tc_render_figures(tc_out *o, const char *what, const tc_figure_row *rows, size_t n)
{
    static const char *const cols[] = {"value",         "unit",     "measure",  "kind", "what",
                                       "text",          "province", "year",     "date", "period",
                                       "stated_period", "path",     "sentence", NULL};
    /* Text columns as narrow as their values. */
    size_t wv = 1, wu = 1, wm = 1, wp = 1, wd = 1;
    for (size_t i = 0; i < n && o->format == TC_FMT_TEXT; i++) {
        char num[100];
        tc_figure_format_row(&rows[i], num, sizeof num);
        const char *d = *rows[i].date ? rows[i].date : rows[i].year;
        wv = width_of(num) > wv ? width_of(num) : wv;
        wu = width_of(rows[i].unit) > wu ? width_of(rows[i].unit) : wu;
        wm = width_of(rows[i].measure) > wm ? width_of(rows[i].measure) : wm;
        wp = width_of(rows[i].province) > wp ? width_of(rows[i].province) : wp;
        wd = width_of(d) > wd ? width_of(d) : wd;
    }
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, T("%zu figure%s of \"%s\"\n\n"), n, n == 1 ? "" : "s", what);
    } else {
        tc_out_sheet(o, "figures");
        tc_out_header(o, cols);
    }
    for (size_t i = 0; i < n; i++) {
        const tc_figure_row *r = &rows[i];
        char num[100];
        tc_figure_format_row(r, num, sizeof num);
        if (o->format == TC_FMT_TEXT) {
            for (size_t k = width_of(num); k < wv; k++)
                fputc(' ', o->fp);
            fprintf(o->fp, "%s ", num);
            pad(o->fp, r->unit, wu);
            fputc(' ', o->fp);
            pad(o->fp, r->measure, wm);
            fputc(' ', o->fp);
            pad(o->fp, r->province, wp);
            fputc(' ', o->fp);
            pad(o->fp, *r->date ? r->date : r->year, wd);
            fprintf(o->fp, " %s", r->what);
            if (*r->stated)
                fprintf(o->fp, " (%s)", r->stated);
            fputc('\n', o->fp);
            for (size_t k = 0; k <= wv; k++)
                fputc(' ', o->fp);
            fprintf(o->fp, "%s\n", r->sentence);
            continue;
        }
        tc_out_begin(o);
        figure_value(o, r, num);
        tc_out_str(o, "unit", r->unit);
        tc_out_str(o, "measure", r->measure);
        tc_out_str(o, "kind", r->kind);
        tc_out_str(o, "what", r->what);
        tc_out_str(o, "text", r->text);
        tc_out_str(o, "province", r->province);
        if (o->format == TC_FMT_XLSX && r->year[0] >= '1' && r->year[0] <= '9')
            tc_out_int(o, "year", atoll(r->year));
        else
            tc_out_str(o, "year", r->year);
        tc_out_date(o, "date", r->date);
        tc_out_str(o, "period", named(o, r->period));
        tc_out_str(o, "stated_period", r->stated);
        tc_out_path(o, "path", r->path);
        tc_out_str(o, "sentence", r->sentence);
        tc_out_end(o);
    }
}

/* A pivot cell in XLSX: a number when it is one value, else its text. */
static void pivot_cell(tc_out *o, const char *cell)
{
    char *end;
    double v = cell && *cell ? strtod(cell, &end) : 0;
    if (cell && *cell && !*end && cell[0] != '+')
        tc_out_num(o, "", v);
    else
        tc_out_str(o, "", cell ? cell : "");
}

/* One row per place (or year) and per measure and unit: a policy officer
 * reads down a column of years and must find like beside like, so a total
 * never shares a cell with a change within the period, nor "vị trí" with
 * "trạm" (README "Figures").  Rows and columns of places are in Vietnamese
 * order; text columns are as wide as their values. */
void tc_render_pivot(tc_out *o, const char *what, size_t nfigures, const tc_pivot *p, int by_year)
{
    const char *rname = by_year ? "year" : "province", *cname = by_year ? "province" : "year";
    const char *cols[] = {rname, cname, "measure", "kind", "unit", "values", NULL};
    size_t *ri = vi_sorted((const char *const *)p->rows, p->nrows, 1);
    size_t *ci = vi_sorted((const char *const *)p->cols, p->ncols, 1);
    if (!ri || !ci) {
        free(ri);
        free(ci);
        tc_out_fail(o, TC_ENOMEM);
        return;
    }
    if (o->format == TC_FMT_XLSX) {
        /* A grid as a spreadsheet user builds it: one column per key. */
        tc_out_sheet(o, "pivot");
        const char **head = calloc(p->ncols + 5, sizeof *head);
        if (!head) {
            tc_out_fail(o, TC_ENOMEM);
        } else {
            head[0] = rname;
            head[1] = "measure";
            head[2] = "kind";
            head[3] = "unit";
            for (size_t c = 0; c < p->ncols; c++)
                head[4 + c] = p->cols[ci[c]];
            tc_out_header(o, head);
            free(head);
        }
        for (size_t k = 0; k < p->nrows; k++) {
            size_t r = ri[k];
            tc_out_begin(o);
            if (by_year)
                tc_out_int(o, rname, atoll(p->rows[r]));
            else
                tc_out_str(o, rname, p->rows[r]);
            tc_out_str(o, "measure", p->measures[r]);
            tc_out_str(o, "kind", p->kinds[r]);
            tc_out_str(o, "unit", p->units[r]);
            for (size_t c = 0; c < p->ncols; c++)
                pivot_cell(o, p->cells[r * p->ncols + ci[c]]);
            tc_out_end(o);
        }
        free(ri);
        free(ci);
        return;
    }
    size_t wr = width_of(T(rname)), wm = width_of(T("measure")), wu = width_of(T("unit"));
    size_t *wc = calloc(p->ncols + 1, sizeof *wc);
    if (!wc) {
        free(ri);
        free(ci);
        tc_out_fail(o, TC_ENOMEM);
        return;
    }
    for (size_t r = 0; r < p->nrows; r++) {
        wr = width_of(p->rows[r]) > wr ? width_of(p->rows[r]) : wr;
        wm = width_of(p->measures[r]) > wm ? width_of(p->measures[r]) : wm;
        wu = width_of(p->units[r]) > wu ? width_of(p->units[r]) : wu;
    }
    for (size_t c = 0; c < p->ncols; c++) {
        wc[c] = width_of(p->cols[c]);
        for (size_t r = 0; r < p->nrows; r++) {
            const char *cell = p->cells[r * p->ncols + c];
            size_t w = cell ? width_of(cell) : 1;
            wc[c] = w > wc[c] ? w : wc[c];
        }
    }
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, T("%zu figure%s of \"%s\"\n\n"), nfigures, nfigures == 1 ? "" : "s", what);
        fputs(BOLD(o), o->fp);
        pad(o->fp, T(rname), wr);
        fputc(' ', o->fp);
        pad(o->fp, T("measure"), wm);
        fputc(' ', o->fp);
        pad(o->fp, T("unit"), wu);
        for (size_t c = 0; c < p->ncols; c++) {
            fputc(' ', o->fp);
            pad(o->fp, p->cols[ci[c]], c + 1 < p->ncols ? wc[ci[c]] : 0);
        }
        fprintf(o->fp, "%s\n", PLAIN(o));
    } else {
        tc_out_header(o, cols);
    }
    for (size_t k = 0; k < p->nrows; k++) {
        size_t r = ri[k];
        if (o->format == TC_FMT_TEXT) {
            pad(o->fp, p->rows[r], wr);
            fputc(' ', o->fp);
            pad(o->fp, p->measures[r], wm);
            fputc(' ', o->fp);
            pad(o->fp, p->units[r], wu);
        }
        for (size_t cc = 0; cc < p->ncols; cc++) {
            size_t c = ci[cc];
            const char *cell = p->cells[r * p->ncols + c];
            if (o->format == TC_FMT_TEXT) {
                fputc(' ', o->fp);
                pad(o->fp, cell ? cell : "-", cc + 1 < p->ncols ? wc[c] : 0);
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
    free(wc);
    free(ri);
    free(ci);
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
        return tc_json_safe(b, c->s, strlen(c->s));
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
    case TC_CELL_TEXT: /* as stored: the output filter makes it safe to show */
        return tc_buf_append(b, c->s, strlen(c->s));
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

/* A cell of a table in a record: its own type in XLSX and JSON. */
static void cell_out(tc_out *o, const char *col, const tc_cell *c)
{
    switch (c->type) {
    case TC_CELL_INT:
        tc_out_int(o, col, c->i);
        break;
    case TC_CELL_REAL:
        tc_out_num(o, col, c->r);
        break;
    case TC_CELL_TEXT:
        if (strcmp(col, "path") == 0)
            tc_out_path(o, col, c->s);
        else if (strcmp(col, "date") == 0)
            tc_out_date(o, col, c->s);
        else if (!strcmp(col, "type") || !strcmp(col, "period") || !strcmp(col, "level"))
            tc_out_str(o, col, o->people ? named(o, c->s) : c->s);
        else
            tc_out_str(o, col, c->s);
        break;
    default:
        tc_out_str(o, col, "");
    }
}

/* A document as a workbook: its fields (name, value) on one sheet, then a
 * sheet per entity type with that table's own columns. */
static void document_xlsx(tc_out *o, const tc_document *d)
{
    static const char *const fcols[] = {"field", "value", NULL};
    tc_out_sheet(o, "document");
    tc_out_header(o, fcols);
    for (size_t c = 0; c < d->fields.ncols; c++) {
        tc_out_begin(o);
        tc_out_str(o, "field", d->fields.cols[c]);
        cell_out(o, d->fields.cols[c], tc_table_cell(&d->fields, 0, c));
        tc_out_end(o);
    }
    for (size_t e = 0; e < d->nentities; e++) {
        const tc_table *t = &d->entities[e];
        const char **head = calloc(t->ncols + 1, sizeof *head);
        if (!head) {
            tc_out_fail(o, TC_ENOMEM);
            return;
        }
        for (size_t c = 0; c < t->ncols; c++)
            head[c] = t->cols[c];
        tc_out_sheet(o, t->name);
        tc_out_header(o, head);
        free(head);
        for (size_t r = 0; r < t->nrows; r++) {
            tc_out_begin(o);
            for (size_t c = 0; c < t->ncols; c++)
                cell_out(o, t->cols[c], tc_table_cell(t, r, c));
            tc_out_end(o);
        }
    }
}

void tc_render_document(tc_out *o, const tc_document *d)
{
    if (o->format == TC_FMT_XLSX) {
        document_xlsx(o, d);
        return;
    }
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
            const tc_cell *cell = tc_table_cell(&d->fields, 0, c);
            const char *col = d->fields.cols[c];
            int keyed = (!strcmp(col, "type") || !strcmp(col, "period") || !strcmp(col, "level")) &&
                        cell->type == TC_CELL_TEXT && cell->s && *cell->s;
            if (!rc && keyed)
                rc = tc_buf_puts(&b, named(o, cell->s));
            else if (!rc)
                rc = cell_text(&b, cell);
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
