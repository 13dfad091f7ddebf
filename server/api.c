/* api.c: the JSON API and downloads of `tracuu serve` (see api.h). */
#include "api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../include/tracuu.h"
#include "../render/output.h"
#include "../render/render.h"

static const char *const JSON_TYPE = "application/json; charset=utf-8";

/* ---- request parsing ------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into a new string; plus_space turns '+' into ' '.  A
 * malformed escape sets *bad and is kept as written; %00 is dropped (a C
 * string cannot hold it and no query needs it). */
static char *decode(const char *s, size_t n, int plus_space, int *bad)
{
    char *out = malloc(n + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int a = i + 1 < n ? hexval(s[i + 1]) : -1, b = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (a >= 0 && b >= 0) {
                char c = (char)(a * 16 + b);
                if (c)
                    *w++ = c;
                i += 2;
                continue;
            }
            *bad = 1;
            *w++ = '%';
        } else if (s[i] == '+' && plus_space) {
            *w++ = ' ';
        } else {
            *w++ = s[i];
        }
    }
    *w = 0;
    return out;
}

void tc_api_request_free(tc_api_request *rq)
{
    for (size_t i = 0; i < rq->nparams; i++) {
        free(rq->params[i].key);
        free(rq->params[i].value);
    }
    free(rq->params);
    free(rq->path);
    memset(rq, 0, sizeof *rq);
}

/* 1 when a decoded path holds ".." anywhere (so also "%2e%2e", "..%2f"):
 * such a request never reaches a file, the app or the API.  No route or
 * app file has two dots in its name. */
static int has_dot_segment(const char *p)
{
    return strstr(p, "..") != NULL;
}

int tc_api_request_parse(const char *target, tc_api_request *rq)
{
    memset(rq, 0, sizeof *rq);
    size_t tlen = strlen(target);
    if (tlen > TC_API_MAX_URI)
        rq->too_long = 1;
    const char *qs = strchr(target, '?');
    size_t plen = qs ? (size_t)(qs - target) : tlen;
    if (!(rq->path = decode(target, plen, 0, &rq->bad_escape)))
        return -1;
    rq->dot_segment = has_dot_segment(rq->path);
    if (!qs || rq->too_long)
        return 0;
    /* At most one parameter per '&' plus one. */
    size_t cap = 1;
    for (const char *s = qs + 1; *s; s++)
        cap += *s == '&';
    if (!(rq->params = calloc(cap, sizeof *rq->params)))
        return -1;
    const char *s = qs + 1;
    while (*s) {
        const char *amp = strchr(s, '&');
        size_t n = amp ? (size_t)(amp - s) : strlen(s);
        if (n) {
            const char *eq = memchr(s, '=', n);
            size_t kn = eq ? (size_t)(eq - s) : n;
            tc_api_param *p = &rq->params[rq->nparams];
            p->key = decode(s, kn, 1, &rq->bad_escape);
            p->value = eq ? decode(eq + 1, n - kn - 1, 1, &rq->bad_escape) : strdup("");
            if (!p->key || !p->value) {
                free(p->key);
                free(p->value);
                return -1;
            }
            rq->nparams++;
            if (strlen(p->value) > TC_API_MAX_QUERY)
                rq->too_long = 1;
        }
        if (!amp)
            break;
        s = amp + 1;
    }
    return 0;
}

/* The first value of a parameter, or NULL. */
static const char *param(const tc_api_request *rq, const char *key)
{
    for (size_t i = 0; i < rq->nparams; i++)
        if (strcmp(rq->params[i].key, key) == 0)
            return rq->params[i].value;
    return NULL;
}

/* ---- responses --------------------------------------------------------------- */

void tc_api_response_free(tc_api_response *rs)
{
    free(rs->body);
    free(rs->disposition);
    if (rs->fd >= 0)
        close(rs->fd);
    rs->body = rs->disposition = NULL;
    rs->fd = -1;
}

static void set_buf(tc_api_response *rs, int status, const char *type, tc_buf *b)
{
    free(rs->body);
    rs->status = status;
    rs->type = type;
    rs->len = 0;
    rs->body = tc_buf_release(b, &rs->len);
}

void tc_api_error(tc_api_response *rs, int status, const char *msg)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_rc rc = tc_buf_puts(&b, "{\"error\":");
    if (!rc)
        rc = tc_json_str(&b, msg, strlen(msg));
    if (!rc)
        rc = tc_buf_puts(&b, "}\n");
    if (rc) { /* out of memory: a fixed message */
        tc_buf_reset(&b);
        if (tc_buf_puts(&b, "{\"error\":\"out of memory\"}\n"))
            tc_buf_reset(&b);
    }
    free(rs->disposition);
    rs->disposition = NULL;
    set_buf(rs, status, JSON_TYPE, &b);
}

/* A failed library call as the client sees it: what went wrong in words,
 * never a path or a stack. */
static void lib_error(tc_api_response *rs, tc_pool_db *h, tc_rc rc)
{
    switch (rc) {
    case TC_ENOMEM:
        tc_api_error(rs, 503, "the server is out of memory for this request; narrow it");
        break;
    case TC_EXAPIAN:
    case TC_ESQLITE:
        h->broken = 1; /* the next request opens the index afresh */
        tc_api_error(rs, 500, "the index could not be read; try again");
        break;
    default:
        tc_api_error(rs, 500, tc_strerror(rc));
    }
}

/* Rows rendered by render/ into memory, one JSON object or CSV row per
 * line. */
typedef struct mem_out {
    FILE *fp;
    char *data;
    size_t len;
    tc_out o;
} mem_out;

static int mem_open(mem_out *m, int format, int excel)
{
    m->data = NULL;
    m->len = 0;
    if (!(m->fp = open_memstream(&m->data, &m->len)))
        return -1;
    tc_out_open_fp(&m->o, m->fp, format, excel);
    return 0;
}

/* Closes the stream; returns the tc_rc of the rendering (data stays). */
static tc_rc mem_close(mem_out *m)
{
    tc_rc rc = tc_out_close(&m->o, 1);
    if (fclose(m->fp) != 0 && !rc)
        rc = TC_ENOMEM;
    m->fp = NULL;
    return rc;
}

/* Appends JSON lines ("{...}\n{...}\n") as one array: strings in them
 * never hold a raw newline, so lines are records. */
static void lines_array(tc_rc *rc, tc_buf *b, const char *lines, size_t n)
{
    tc_buf_putc_rc(rc, b, '[');
    int first = 1;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(lines + i, '\n', n - i);
        size_t k = nl ? (size_t)(nl - (lines + i)) : n - i;
        if (k) {
            if (!first)
                tc_buf_putc_rc(rc, b, ',');
            tc_buf_append_rc(rc, b, lines + i, k);
            first = 0;
        }
        i += k + 1;
    }
    tc_buf_putc_rc(rc, b, ']');
}

static void json_key(tc_rc *rc, tc_buf *b, const char *key)
{
    if (!*rc)
        *rc = tc_json_str(b, key, strlen(key));
    tc_buf_putc_rc(rc, b, ':');
}

static void json_strval(tc_rc *rc, tc_buf *b, const char *s)
{
    if (!*rc)
        *rc = tc_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* A cluster answering without some shards (tracuu --allow-partial serve):
 * "partial":true,"missing":["name",...], in the head of the answer. */
static void partial_fields(tc_rc *rc, tc_buf *head, tc_db *db)
{
    if (!tc_db_missing(db, 0))
        return;
    tc_buf_puts_rc(rc, head, "\"partial\":true,\"missing\":[");
    for (size_t i = 0; tc_db_missing(db, i); i++) {
        if (i)
            tc_buf_putc_rc(rc, head, ',');
        json_strval(rc, head, tc_db_missing(db, i));
    }
    tc_buf_puts_rc(rc, head, "],");
}

/* The download formats: JSON (the envelope), CSV for Excel, JSON lines. */
enum { OUT_JSON, OUT_CSV, OUT_JSONL };

static int parse_out(const tc_api_request *rq, tc_api_response *rs, int *out)
{
    const char *f = param(rq, "format");
    *out = OUT_JSON;
    if (!f || !*f || strcmp(f, "json") == 0)
        return 0;
    if (strcmp(f, "csv") == 0)
        *out = OUT_CSV;
    else if (strcmp(f, "jsonl") == 0)
        *out = OUT_JSONL;
    else {
        tc_api_error(rs, 400, "format takes json, csv or jsonl");
        return -1;
    }
    return 0;
}

/* A download: the rendered rows as an attachment named tracuu-WHAT.EXT. */
static void set_download(tc_api_response *rs, int out, const char *what, mem_out *m)
{
    free(rs->body);
    rs->status = 200;
    rs->type = out == OUT_CSV ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    rs->body = m->data;
    rs->len = m->len;
    m->data = NULL;
    char *d = NULL;
    if (asprintf(&d, "attachment; filename=\"tracuu-%s.%s\"", what,
                 out == OUT_CSV ? "csv" : "jsonl") < 0)
        d = NULL;
    free(rs->disposition);
    rs->disposition = d;
}

/* Sends a listing rendered into m: as a download (CSV, JSON lines) named
 * tracuu-WHAT, or as the JSON envelope {HEAD"ROWS_KEY":[...]TAIL}.  head
 * holds the members before the rows, each followed by a comma; tail the
 * members after them, each led by one; either may be NULL.  Returns the
 * rc of building the envelope. */
static tc_rc send_listing(tc_api_response *rs, int out, const char *what, mem_out *m,
                          const tc_buf *head, const char *rows_key, const tc_buf *tail)
{
    if (out != OUT_JSON) {
        set_download(rs, out, what, m);
        return TC_OK;
    }
    tc_rc rc = TC_OK;
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_buf_putc_rc(&rc, &b, '{');
    if (head)
        tc_buf_append_rc(&rc, &b, head->data, head->len);
    json_key(&rc, &b, rows_key);
    lines_array(&rc, &b, m->data, m->len);
    if (tail)
        tc_buf_append_rc(&rc, &b, tail->data, tail->len);
    tc_buf_puts_rc(&rc, &b, "}\n");
    if (!rc)
        set_buf(rs, 200, JSON_TYPE, &b);
    tc_buf_free(&b);
    return rc;
}

/* Parses a whole number param in [lo, hi]; absent gives dflt. */
static int uint_param(const tc_api_request *rq, tc_api_response *rs, const char *key,
                      unsigned long lo, unsigned long hi, unsigned long dflt, unsigned long *out)
{
    const char *v = param(rq, key);
    *out = dflt;
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end || errno || n < lo || n > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s takes a whole number from %lu to %lu", key, lo, hi);
        tc_api_error(rs, 400, msg);
        return -1;
    }
    *out = n;
    return 0;
}

/* The required text parameter key, or NULL after a 400. */
static const char *need(const tc_api_request *rq, tc_api_response *rs, const char *key)
{
    const char *v = param(rq, key);
    if (!v || !*v) {
        char msg[120];
        snprintf(msg, sizeof msg, "the parameter '%s' is required", key);
        tc_api_error(rs, 400, msg);
        return NULL;
    }
    return v;
}

/* Parses q; on a syntax error answers 400 with the caret message. */
static tc_query *parse_query(tc_pool_db *h, const char *q, tc_api_response *rs)
{
    char err[1024];
    tc_query *qq = NULL;
    tc_rc rc = tc_query_parse(h->db, q, &qq, err, sizeof err);
    if (rc == TC_ESYNTAX || rc == TC_EINVAL)
        tc_api_error(rs, 400, err);
    else if (rc)
        lib_error(rs, h, rc);
    return rc ? NULL : qq;
}

/* ---- /api/search ---------------------------------------------------------------- */

static void api_search(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    int out;
    unsigned long limit, offset;
    const char *q = need(rq, rs, "q");
    const char *sort = param(rq, "sort");
    const char *pp = param(rq, "passages"), *mp = param(rq, "matches");
    if (!q || parse_out(rq, rs, &out))
        return;
    if (sort && *sort && strcmp(sort, "relevance") && strcmp(sort, "date")) {
        tc_api_error(rs, 400, "sort takes relevance or date");
        return;
    }
    if (mp && *mp && strcmp(mp, "snippet") != 0 && strcmp(mp, "all") != 0) {
        tc_api_error(rs, 400, "matches takes all or snippet");
        return;
    }
    if (uint_param(rq, rs, "offset", 0, 10000000, 0, &offset) ||
        uint_param(rq, rs, "limit", 0, out == OUT_JSON ? TC_API_MAX_LIMIT : TC_API_MAX_EXPORT,
                   out == OUT_JSON ? 20 : TC_API_MAX_EXPORT, &limit))
        return;
    tc_query *qq = parse_query(h, q, rs);
    if (!qq)
        return;
    if (out != OUT_JSON && !param(rq, "limit")) {
        /* Exports are complete: every matching document. */
        tc_db_stats st;
        if (tc_db_stats_get(h->db, &st) == TC_OK && st.documents < limit)
            limit = st.documents;
    }
    /* As the CLI: JSON lists every occurrence of each hit ("matches");
     * passages=1 adds every passage (`tracuu search --passages`).
     * matches=snippet keeps to the snippet's matches, which costs a
     * fraction of scanning whole texts: enough for a list of results. */
    tc_search_opts so = {.offset = (uint32_t)offset,
                         .limit = (uint32_t)limit,
                         .sort_by_date = sort && strcmp(sort, "date") == 0,
                         .snippets = 1,
                         .occurrences = out != OUT_CSV && !(mp && strcmp(mp, "snippet") == 0),
                         .passages = pp && strcmp(pp, "1") == 0};
    tc_results *res = NULL;
    tc_rc rc = tc_search_run(h->db, qq, &so, &res);
    tc_query_free(qq);
    if (rc) {
        lib_error(rs, h, rc);
        return;
    }
    mem_out m;
    if (mem_open(&m, out == OUT_CSV ? TC_FMT_CSV : TC_FMT_JSON, 1)) {
        tc_results_free(res);
        tc_api_error(rs, 503, "out of memory");
        return;
    }
    tc_render_search_head(&m.o, res, 1);
    for (size_t i = 0; i < res->n; i++)
        tc_render_hit(&m.o, &res->hits[i], "");
    rc = mem_close(&m);
    tc_buf head;
    tc_buf_init(&head, 0);
    json_key(&rc, &head, "query");
    json_strval(&rc, &head, q);
    tc_buf_printf_rc(&rc, &head, ",\"total\":%u,\"relaxed\":%s,\"offset\":%lu,\"limit\":%lu,",
                     res->total, res->relaxed ? "true" : "false", offset, limit);
    partial_fields(&rc, &head, h->db);
    if (!rc)
        rc = send_listing(rs, out, "search", &m, &head, "hits", NULL);
    tc_buf_free(&head);
    if (rc)
        lib_error(rs, h, rc);
    free(m.data);
    tc_results_free(res);
}

/* ---- /api/facets, /api/trend ---------------------------------------------------- */

static void api_facets(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs, int trend)
{
    int out;
    const char *q = need(rq, rs, "q");
    if (!q || parse_out(rq, rs, &out))
        return;
    const char *by_name = param(rq, "by");
    if (trend && (!by_name || !*by_name))
        by_name = "year";
    int by = by_name ? tc_facet_by_parse(by_name) : -1;
    if (by < 0 || (trend && by != TC_BY_YEAR && by != TC_BY_PROVINCE && by != TC_BY_PROVINCE2025)) {
        tc_api_error(rs, 400,
                     trend ? "by takes year, province or province2025"
                           : "by takes province, province2025, year, agency, type, cited or level");
        return;
    }
    tc_query *qq = parse_query(h, q, rs);
    if (!qq)
        return;
    tc_facet_row *rows = NULL;
    size_t n = 0;
    uint32_t total = 0;
    int relaxed = 0;
    /* As the CLI: trend by year reads in time order, counts by docs. */
    tc_rc rc = tc_facets(h->db, qq, by, trend && by == TC_BY_YEAR, &rows, &n, &total, &relaxed);
    tc_query_free(qq);
    if (rc) {
        lib_error(rs, h, rc);
        return;
    }
    mem_out m;
    if (mem_open(&m, out == OUT_CSV ? TC_FMT_CSV : TC_FMT_JSON, 1)) {
        tc_facet_rows_free(rows, n);
        tc_api_error(rs, 503, "out of memory");
        return;
    }
    tc_render_facets(&m.o, by_name, rows, n, total, relaxed, 0);
    rc = mem_close(&m);
    tc_buf head;
    tc_buf_init(&head, 0);
    json_key(&rc, &head, "query");
    json_strval(&rc, &head, q);
    tc_buf_putc_rc(&rc, &head, ',');
    json_key(&rc, &head, "by");
    json_strval(&rc, &head, tc_facet_by_name(by));
    tc_buf_printf_rc(&rc, &head, ",\"total\":%u,\"relaxed\":%s,", total,
                     relaxed ? "true" : "false");
    partial_fields(&rc, &head, h->db);
    if (!rc)
        rc = send_listing(rs, out, trend ? "trend" : "facets", &m, &head, "rows", NULL);
    tc_buf_free(&head);
    if (rc)
        lib_error(rs, h, rc);
    free(m.data);
    tc_facet_rows_free(rows, n);
}

/* ---- /api/show ------------------------------------------------------------------- */

/* 1 when s is a document id: digits only, so that tc_show() never takes a
 * path from a request. */
static int is_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return strtoull(s, NULL, 10) <= UINT32_MAX && strtoull(s, NULL, 10) > 0;
}

/* Every occurrence of q in document docid ("matches": byte ranges of its
 * text, in order) and every passage holding one, in the shape of the
 * CLI's `search --passages` JSON, appended to b as
 * ,"matches":[...],"passages":[...].  *answered is set when a syntax error
 * was answered (400). */
static tc_rc show_matches(tc_pool_db *h, const char *q, uint32_t docid, tc_buf *b,
                          tc_api_response *rs, int *answered)
{
    tc_query *qq = parse_query(h, q, rs);
    if (!qq) {
        *answered = 1;
        return TC_OK;
    }
    tc_passage *ps = NULL;
    size_t n = 0;
    tc_rc rc = tc_passages(h->db, qq, docid, &ps, &n);
    tc_query_free(qq);
    if (rc)
        return rc;
    tc_buf_puts_rc(&rc, b, ",\"matches\":[");
    int first = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t m = 0; m < ps[i].nmarks; m++) {
            tc_buf_printf_rc(&rc, b, "%s[%zu,%zu]", first ? "" : ",", ps[i].marks[m][0],
                             ps[i].marks[m][1]);
            first = 0;
        }
    tc_buf_puts_rc(&rc, b, "],\"passages\":[");
    for (size_t i = 0; i < n; i++) {
        const tc_passage *p = &ps[i];
        tc_buf_printf_rc(&rc, b, "%s{\"start\":%zu,\"end\":%zu,\"line\":%u,\"page\":", i ? "," : "",
                         p->start, p->end, p->line);
        if (p->page)
            tc_buf_printf_rc(&rc, b, "%u,\"ocr\":%s", p->page, p->ocr ? "true" : "false");
        else
            tc_buf_puts_rc(&rc, b, "null,\"ocr\":false");
        tc_buf_puts_rc(&rc, b, ",\"text\":");
        json_strval(&rc, b, p->text);
        tc_buf_puts_rc(&rc, b, ",\"matches\":[");
        for (size_t m = 0; m < p->nmarks; m++)
            tc_buf_printf_rc(&rc, b, "%s[%zu,%zu]", m ? "," : "", p->marks[m][0], p->marks[m][1]);
        tc_buf_puts_rc(&rc, b, "]}");
    }
    tc_buf_putc_rc(&rc, b, ']');
    tc_passages_free(ps, n);
    return rc;
}

static void api_show(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    const char *id = need(rq, rs, "id");
    if (!id)
        return;
    if (!is_id(id)) {
        tc_api_error(rs, 400, "id takes a document id (a whole number)");
        return;
    }
    const char *q = param(rq, "q");
    tc_document *d = NULL;
    tc_rc rc = tc_show(h->db, id, &d);
    if (rc == TC_ENOTFOUND) {
        tc_api_error(rs, 404, "no document with that id");
        return;
    }
    if (rc) {
        lib_error(rs, h, rc);
        return;
    }
    mem_out m;
    if (mem_open(&m, TC_FMT_JSON, 0)) {
        tc_document_free(d);
        tc_api_error(rs, 503, "out of memory");
        return;
    }
    tc_render_document(&m.o, d);
    rc = mem_close(&m);
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_buf_puts_rc(&rc, &b, "{\"document\":");
    /* The object without its line end. */
    tc_buf_append_rc(&rc, &b, m.data, m.len && m.data[m.len - 1] == '\n' ? m.len - 1 : m.len);
    tc_buf_puts_rc(&rc, &b, ",\"text\":");
    if (!rc)
        rc = tc_json_str(&b, d->text ? d->text : "", d->text ? d->text_len : 0);
    int answered = 0;
    if (!rc && q && *q)
        rc = show_matches(h, q, d->docid, &b, rs, &answered);
    else
        tc_buf_puts_rc(&rc, &b, ",\"matches\":[],\"passages\":[]");
    tc_buf_puts_rc(&rc, &b, "}\n");
    if (!answered) {
        if (rc)
            lib_error(rs, h, rc);
        else
            set_buf(rs, 200, JSON_TYPE, &b);
    }
    tc_buf_free(&b);
    free(m.data);
    tc_document_free(d);
}

/* ---- /api/cite, /api/cite/top, /api/graph ------------------------------------------- */

/* The canonical key of ref into key; 0, or -1 after an error response. */
static int cite_key(tc_pool_db *h, const char *ref, tc_buf *key, tc_api_response *rs)
{
    tc_rc rc = tc_cite_key(h->db, ref, strlen(ref), key);
    if (rc == TC_ENOTFOUND) {
        tc_api_error(rs, 404, "not a document reference (try 45/2016/QĐ-TTg or \"Nghị quyết 36\")");
        return -1;
    }
    if (rc) {
        lib_error(rs, h, rc);
        return -1;
    }
    return 0;
}

static void api_cite(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    int out;
    const char *ref = need(rq, rs, "ref");
    if (!ref || parse_out(rq, rs, &out))
        return;
    const char *pr = param(rq, "probable");
    int probable = pr && *pr && strcmp(pr, "0") != 0 && strcmp(pr, "false") != 0;
    tc_buf key;
    tc_buf_init(&key, 1 << 16);
    if (cite_key(h, ref, &key, rs)) {
        tc_buf_free(&key);
        return;
    }
    tc_cite_row *rows = NULL;
    size_t n = 0;
    tc_rc rc = tc_cite_list(h->db, tc_buf_cstr(&key), probable, &rows, &n);
    mem_out m = {0};
    if (!rc && mem_open(&m, out == OUT_CSV ? TC_FMT_CSV : TC_FMT_JSON, 1))
        rc = TC_ENOMEM;
    if (!rc) {
        tc_render_cite_rows(&m.o, tc_buf_cstr(&key), rows, n, "");
        rc = mem_close(&m);
    }
    tc_buf head;
    tc_buf_init(&head, 0);
    json_key(&rc, &head, "ref");
    json_strval(&rc, &head, ref);
    tc_buf_putc_rc(&rc, &head, ',');
    json_key(&rc, &head, "key");
    json_strval(&rc, &head, tc_buf_cstr(&key));
    tc_buf_putc_rc(&rc, &head, ',');
    if (!rc)
        rc = send_listing(rs, out, "cite", &m, &head, "rows", NULL);
    tc_buf_free(&head);
    if (rc)
        lib_error(rs, h, rc);
    free(m.data);
    tc_cite_rows_free(rows, n);
    tc_buf_free(&key);
}

static void api_cite_top(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    int out;
    unsigned long limit;
    const char *by = param(rq, "by");
    if (parse_out(rq, rs, &out))
        return;
    if (by && !*by)
        by = NULL;
    if (by && strcmp(by, "province") && strcmp(by, "year")) {
        tc_api_error(rs, 400, "by takes province or year");
        return;
    }
    if (uint_param(rq, rs, "limit", 1, out == OUT_JSON ? TC_API_MAX_LIMIT : TC_API_MAX_EXPORT,
                   out == OUT_JSON ? 20 : TC_API_MAX_EXPORT, &limit))
        return;
    tc_cite_top_row *rows = NULL;
    size_t n = 0;
    tc_rc rc = tc_cite_top(h->db, by, limit, &rows, &n);
    mem_out m = {0};
    if (!rc && mem_open(&m, out == OUT_CSV ? TC_FMT_CSV : TC_FMT_JSON, 1))
        rc = TC_ENOMEM;
    if (!rc) {
        tc_render_cite_top(&m.o, by, rows, n);
        rc = mem_close(&m);
    }
    if (!rc)
        rc = send_listing(rs, out, "cite-top", &m, NULL, "rows", NULL);
    if (rc)
        lib_error(rs, h, rc);
    free(m.data);
    tc_cite_top_free(rows, n);
}

static void api_graph(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    unsigned long depth;
    const char *ref = need(rq, rs, "ref");
    if (!ref || uint_param(rq, rs, "depth", 1, 5, 1, &depth))
        return;
    tc_buf key;
    tc_buf_init(&key, 1 << 16);
    if (cite_key(h, ref, &key, rs)) {
        tc_buf_free(&key);
        return;
    }
    tc_graph *g = NULL;
    tc_rc rc = tc_cite_graph(h->db, tc_buf_cstr(&key), (unsigned)depth, &g);
    mem_out m = {0};
    if (!rc && mem_open(&m, TC_FMT_JSON, 0))
        rc = TC_ENOMEM;
    if (!rc) {
        tc_render_graph(&m.o, g, 0);
        rc = mem_close(&m);
    }
    if (!rc) {
        free(rs->body);
        rs->status = 200;
        rs->type = JSON_TYPE;
        rs->body = m.data;
        rs->len = m.len;
        m.data = NULL;
    } else {
        lib_error(rs, h, rc);
    }
    free(m.data);
    tc_graph_free(g);
    tc_buf_free(&key);
}

/* ---- /api/figures ------------------------------------------------------------------- */

static void str_array(tc_rc *rc, tc_buf *b, char *const *v, size_t n)
{
    tc_buf_putc_rc(rc, b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            tc_buf_putc_rc(rc, b, ',');
        json_strval(rc, b, v[i]);
    }
    tc_buf_putc_rc(rc, b, ']');
}

static void pivot_json(tc_rc *rc, tc_buf *b, const tc_pivot *p, const char *by)
{
    tc_buf_puts_rc(rc, b, "{\"by\":");
    json_strval(rc, b, by);
    tc_buf_puts_rc(rc, b, ",\"rows\":");
    str_array(rc, b, p->rows, p->nrows);
    tc_buf_puts_rc(rc, b, ",\"cols\":");
    str_array(rc, b, p->cols, p->ncols);
    tc_buf_puts_rc(rc, b, ",\"measures\":");
    str_array(rc, b, p->measures, p->nrows);
    tc_buf_puts_rc(rc, b, ",\"kinds\":");
    str_array(rc, b, p->kinds, p->nrows);
    tc_buf_puts_rc(rc, b, ",\"units\":");
    str_array(rc, b, p->units, p->nrows);
    tc_buf_puts_rc(rc, b, ",\"cells\":[");
    for (size_t r = 0; r < p->nrows; r++) {
        tc_buf_puts_rc(rc, b, r ? ",[" : "[");
        for (size_t c = 0; c < p->ncols; c++) {
            const char *cell = p->cells[r * p->ncols + c];
            if (c)
                tc_buf_putc_rc(rc, b, ',');
            if (cell)
                json_strval(rc, b, cell);
            else
                tc_buf_puts_rc(rc, b, "null");
        }
        tc_buf_putc_rc(rc, b, ']');
    }
    tc_buf_puts_rc(rc, b, "]}");
}

static void api_figures(tc_pool_db *h, const tc_api_request *rq, tc_api_response *rs)
{
    int out;
    const char *what = need(rq, rs, "what");
    if (!what || parse_out(rq, rs, &out))
        return;
    const char *by = param(rq, "by");
    if (by && !*by)
        by = NULL;
    if (by && strcmp(by, "province") && strcmp(by, "year")) {
        tc_api_error(rs, 400, "by takes province or year");
        return;
    }
    /* The pivot is always part of the JSON answer (by province unless
     * asked); a download is the pivot's rows only when by is given, as
     * `tracuu figures --by`. */
    int by_year = by && strcmp(by, "year") == 0;
    tc_figure_row *rows = NULL;
    size_t n = 0;
    tc_pivot *pv = NULL;
    tc_rc rc = tc_figures_find(h->db, what, &rows, &n);
    if (!rc && (out == OUT_JSON || by))
        rc = tc_figures_pivot(rows, n, by_year, &pv);
    mem_out m = {0};
    if (!rc && mem_open(&m, out == OUT_CSV ? TC_FMT_CSV : TC_FMT_JSON, 1))
        rc = TC_ENOMEM;
    if (!rc) {
        if (out != OUT_JSON && by)
            tc_render_pivot(&m.o, what, n, pv, by_year);
        else
            tc_render_figures(&m.o, what, rows, n);
        rc = mem_close(&m);
    }
    tc_buf head, tail;
    tc_buf_init(&head, 0);
    tc_buf_init(&tail, 0);
    json_key(&rc, &head, "what");
    json_strval(&rc, &head, what);
    tc_buf_putc_rc(&rc, &head, ',');
    if (out == OUT_JSON) {
        tc_buf_puts_rc(&rc, &tail, ",\"pivot\":");
        pivot_json(&rc, &tail, pv, by_year ? "year" : "province");
    }
    if (!rc)
        rc = send_listing(rs, out, "figures", &m, &head, "rows", &tail);
    tc_buf_free(&head);
    tc_buf_free(&tail);
    if (rc)
        lib_error(rs, h, rc);
    free(m.data);
    tc_pivot_free(pv);
    tc_figure_rows_free(rows, n);
}

/* ---- /api/stats ------------------------------------------------------------------------ */

#define MAX_WARNINGS 1000 /* warnings listed; "warnings" counts them all */

static void api_stats(tc_pool_db *h, tc_api_response *rs)
{
    tc_db_stats st;
    tc_db_info *info = NULL;
    tc_rc rc = tc_db_stats_get(h->db, &st);
    if (!rc)
        rc = tc_db_info_get(h->db, MAX_WARNINGS, &info);
    tc_buf b;
    tc_buf_init(&b, 0);
    if (!rc) {
        tc_buf_printf_rc(&rc, &b,
                         "{\"documents\":%u,\"citations\":%llu,\"figures\":%llu,\"warnings\":%llu,"
                         "\"schema\":%d,\"formats\":{",
                         st.documents, (unsigned long long)st.citations,
                         (unsigned long long)st.figures, (unsigned long long)st.warnings,
                         st.schema);
        for (size_t i = 0; i < info->nformats; i++) {
            if (i)
                tc_buf_putc_rc(&rc, &b, ',');
            json_key(&rc, &b, info->formats[i].format);
            tc_buf_printf_rc(&rc, &b, "%u", info->formats[i].docs);
        }
        tc_buf_puts_rc(&rc, &b, "},\"last_update\":");
        json_strval(&rc, &b, info->last_update);
        tc_buf_puts_rc(&rc, &b, ",\"warning_list\":[");
        for (size_t i = 0; i < info->nwarnings; i++) {
            tc_buf_puts_rc(&rc, &b, i ? ",{" : "{");
            json_key(&rc, &b, "path");
            json_strval(&rc, &b, info->warnings[i].path);
            tc_buf_putc_rc(&rc, &b, ',');
            json_key(&rc, &b, "offset");
            if (info->warnings[i].offset >= 0)
                tc_buf_printf_rc(&rc, &b, "%lld", info->warnings[i].offset);
            else
                tc_buf_puts_rc(&rc, &b, "null");
            tc_buf_putc_rc(&rc, &b, ',');
            json_key(&rc, &b, "message");
            json_strval(&rc, &b, info->warnings[i].message);
            tc_buf_putc_rc(&rc, &b, '}');
        }
        tc_buf_puts_rc(&rc, &b, "]}\n");
    }
    if (rc)
        lib_error(rs, h, rc);
    else
        set_buf(rs, 200, JSON_TYPE, &b);
    tc_buf_free(&b);
    tc_db_info_free(info);
}

/* ---- /doc/N/original ------------------------------------------------------------------ */

static const char *field_text(const tc_document *d, const char *name)
{
    for (size_t c = 0; c < d->fields.ncols; c++)
        if (strcmp(d->fields.cols[c], name) == 0) {
            const tc_cell *cell = tc_table_cell(&d->fields, 0, c);
            return cell && cell->type == TC_CELL_TEXT && cell->s ? cell->s : "";
        }
    return "";
}

/* Content type by reader; inline only for what a browser shows without
 * running anything (PDF, plain text).  An HTML original is a download:
 * served inline from this origin its scripts would run beside the app. */
static const char *original_type(const char *format, int *inline_ok)
{
    static const struct {
        const char *format, *type;
        int inline_ok;
    } types[] = {
        {"pdf", "application/pdf", 1},
        {"text", "text/plain; charset=utf-8", 1},
        {"markdown", "text/plain; charset=utf-8", 1},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 0},
        {"odt", "application/vnd.oasis.opendocument.text", 0},
        {"doc", "application/msword", 0},
        {"rtf", "application/rtf", 0},
        {"html", "text/html; charset=utf-8", 0},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(format, types[i].format) == 0) {
            *inline_ok = types[i].inline_ok;
            return types[i].type;
        }
    *inline_ok = 0;
    return "application/octet-stream";
}

char *tc_api_disposition(const char *kind, const char *name)
{
    tc_buf b;
    tc_buf_init(&b, 1 << 16);
    tc_rc rc = TC_OK;
    tc_buf_printf_rc(&rc, &b, "%s; filename=\"", kind);
    for (const unsigned char *s = (const unsigned char *)name; *s; s++)
        tc_buf_putc_rc(
            &rc, &b,
            (*s < 0x20 || *s >= 0x7f || *s == '"' || *s == '\\' || *s == ';') ? '_' : (char)*s);
    tc_buf_puts_rc(&rc, &b, "\"; filename*=UTF-8''");
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            strchr("!#$&+-.^_`|~", *s))
            tc_buf_putc_rc(&rc, &b, (char)*s);
        else
            tc_buf_printf_rc(&rc, &b, "%%%02X", *s);
    }
    if (rc) {
        tc_buf_free(&b);
        return NULL;
    }
    return tc_buf_release(&b, NULL);
}

static void doc_original(tc_pool_db *h, const char *id, tc_api_response *rs)
{
    tc_document *d = NULL;
    tc_rc rc = tc_show(h->db, id, &d);
    if (rc == TC_ENOTFOUND) {
        tc_api_error(rs, 404, "no document with that id");
        return;
    }
    if (rc) {
        lib_error(rs, h, rc);
        return;
    }
    const char *path = field_text(d, "path");
    int fd = *path == '/' ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        tc_document_free(d);
        tc_api_error(rs, 404, "the original file is no longer where it was indexed");
        return;
    }
    int inline_ok;
    const char *base = strrchr(path, '/');
    rs->type = original_type(field_text(d, "format"), &inline_ok);
    free(rs->disposition);
    rs->disposition =
        tc_api_disposition(inline_ok ? "inline" : "attachment", base ? base + 1 : path);
    rs->status = 200;
    rs->fd = fd;
    rs->fd_size = (uint64_t)sb.st_size;
    tc_document_free(d);
}

/* ---- routing ------------------------------------------------------------------------ */

int tc_api_handle(tc_pool *pool, const tc_api_request *rq, tc_api_response *rs)
{
    const char *p = rq->path;
    const char *id_end = NULL;
    char id[16] = "";
    if (strncmp(p, "/doc/", 5) == 0 && (id_end = strchr(p + 5, '/')) != NULL &&
        strcmp(id_end, "/original") == 0 && (size_t)(id_end - (p + 5)) < sizeof id) {
        memcpy(id, p + 5, (size_t)(id_end - (p + 5)));
        id[id_end - (p + 5)] = 0;
        if (!is_id(id)) {
            tc_api_error(rs, 404, "no document with that id");
            return 0;
        }
    } else if (strncmp(p, "/api/", 5) != 0 && strcmp(p, "/api") != 0) {
        return 1;
    }
    static const char *const routes[] = {"/api/search", "/api/facets",  "/api/trend",
                                         "/api/show",   "/api/cite",    "/api/cite/top",
                                         "/api/graph",  "/api/figures", "/api/stats"};
    int route = -1;
    for (size_t i = 0; !id[0] && i < sizeof routes / sizeof *routes; i++)
        if (strcmp(p, routes[i]) == 0)
            route = (int)i;
    if (!id[0] && route < 0) {
        tc_api_error(rs, 404, "no such API path (see README: Web app)");
        return 0;
    }
    /* A handle whose snapshot an indexing run overwrote fails with a Xapian
     * error and is marked broken: the request runs once more on a fresh
     * handle before the client hears of it. */
    for (int attempt = 0; attempt < 2; attempt++) {
        tc_pool_db *h = NULL;
        char err[600];
        tc_rc rc = tc_pool_acquire(pool, &h, err, sizeof err);
        if (rc) {
            tc_api_error(rs, 503,
                         rc == TC_ENOINDEX ? "the index is gone" : "the index cannot be opened");
            return 0;
        }
        if (id[0])
            doc_original(h, id, rs);
        else if (route == 0)
            api_search(h, rq, rs);
        else if (route == 1 || route == 2)
            api_facets(h, rq, rs, route == 2);
        else if (route == 3)
            api_show(h, rq, rs);
        else if (route == 4)
            api_cite(h, rq, rs);
        else if (route == 5)
            api_cite_top(h, rq, rs);
        else if (route == 6)
            api_graph(h, rq, rs);
        else if (route == 7)
            api_figures(h, rq, rs);
        else
            api_stats(h, rs);
        int again = h->broken && rs->status == 500;
        tc_pool_release(pool, h);
        if (!again)
            break;
        tc_api_response_free(rs);
    }
    return 0;
}
