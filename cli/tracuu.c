/*
 * tracuu.c: the command-line tool.  It uses only the library's public
 * headers; the library never prints, so every message is decided here.
 *
 * Exit codes: 0 success (hits found), 1 no hits, 2 usage or query syntax
 * error, 3 other error, 4 no index, 5 index locked, 6 index schema mismatch.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzers/citation.h"
#include "../common/fields.h"
#include "../indexer/analyze.h"
#include "../indexer/index.h"
#include "../indexer/schema.h"
#include "../search/query.h"
#include "../search/search.h"
#include "../search/output.h"

#define TRACUU_VERSION "0.1.0"

enum {
    EXIT_HITS = 0,
    EXIT_NOHITS = 1,
    EXIT_USAGE = 2,
    EXIT_ERROR = 3,
    EXIT_NOINDEX = 4,
    EXIT_LOCKED = 5,
    EXIT_SCHEMA = 6
};

static int exit_for(tc_rc rc)
{
    switch (rc) {
    case TC_OK:
        return EXIT_HITS;
    case TC_ESYNTAX:
    case TC_EINVAL:
        return EXIT_USAGE;
    case TC_ENOINDEX:
        return EXIT_NOINDEX;
    case TC_ELOCKED:
        return EXIT_LOCKED;
    case TC_ESCHEMA:
        return EXIT_SCHEMA;
    default:
        return EXIT_ERROR;
    }
}

/* ---- options ------------------------------------------------------------- */

/* Options are parsed by hand rather than with getopt_long: a query word may
 * begin with '-' ("-mạng" excludes a word), which getopt would take for an
 * unknown option.  Only the listed options are options; anything else is an
 * argument. */
typedef struct opt_spec {
    const char *name;  /* "--limit" */
    const char *alias; /* "-n" or NULL */
    int takes_value;   /* 1 if it needs a value */
} opt_spec;

typedef struct parsed_args {
    const char *values[32]; /* value per spec (or "1" for flags), NULL if absent */
    const char **args;      /* positional arguments */
    int nargs;              /* count */
} parsed_args;

static int parse_args(const char *cmd, const opt_spec *specs, int argc, char **argv,
                      parsed_args *pa)
{
    memset(pa, 0, sizeof *pa);
    pa->args = calloc((size_t)argc + 1, sizeof *pa->args);
    if (!pa->args)
        return -1;
    int only_args = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!only_args && strcmp(a, "--") == 0) {
            only_args = 1;
            continue;
        }
        int matched = -1;
        const char *inline_value = NULL;
        if (!only_args && a[0] == '-' && a[1]) {
            for (int k = 0; specs[k].name; k++) {
                size_t n = strlen(specs[k].name);
                if (strncmp(a, specs[k].name, n) == 0 && (a[n] == 0 || a[n] == '=')) {
                    matched = k;
                    inline_value = a[n] == '=' ? a + n + 1 : NULL;
                } else if (specs[k].alias && strcmp(a, specs[k].alias) == 0) {
                    matched = k;
                }
                if (matched >= 0)
                    break;
            }
            if (matched < 0 && a[1] == '-') {
                fprintf(stderr, "tracuu %s: unknown option '%s' (see tracuu %s --help)\n", cmd, a,
                        cmd);
                return -1;
            }
        }
        if (matched < 0) {
            pa->args[pa->nargs++] = a;
            continue;
        }
        if (specs[matched].takes_value) {
            if (inline_value) {
                pa->values[matched] = inline_value;
            } else if (i + 1 < argc) {
                pa->values[matched] = argv[++i];
            } else {
                fprintf(stderr, "tracuu %s: option '%s' needs a value\n", cmd, a);
                return -1;
            }
        } else {
            pa->values[matched] = "1";
        }
    }
    return 0;
}

static int parse_format(const char *cmd, const char *v, int *format);
static void join_args(tc_rc *rc, const parsed_args *pa, tc_buf *out);
static double mono_now(void);

static const char *index_dir(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("TRACUU_INDEX");
    return env && *env ? env : TC_DEFAULT_INDEX;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v > max || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

static int open_index(const char *dir, int mode, tc_index **ix)
{
    char err[600];
    tc_rc rc = tc_index_open(dir, mode, ix, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        return exit_for(rc);
    }
    if (mode == TC_INDEX_READ && tc_index_interrupted(*ix))
        fprintf(stderr, "tracuu: warning: the last indexing run was interrupted; run `tracuu "
                        "index` again to finish it\n");
    return 0;
}

/* Path shown to people: relative to the working directory when under it. */
static const char *display_path(const char *path, const char *cwd)
{
    size_t n = strlen(cwd);
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static int cmp_names_cli(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- index ----------------------------------------------------------------- */

typedef struct index_ui {
    int tty;          /* stderr is a terminal: show progress */
    double last_draw; /* when progress was last drawn */
    int drawn;        /* a progress line is on screen */
    int quiet;        /* --quiet */
} index_ui;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void ui_notice(void *ctx, const char *path, long long offset, const char *msg)
{
    index_ui *ui = ctx;
    if (ui->drawn) {
        fputs("\r\033[K", stderr);
        ui->drawn = 0;
    }
    if (offset >= 0)
        fprintf(stderr, "tracuu: warning: %s: byte %lld: %s\n", path, offset, msg);
    else
        fprintf(stderr, "tracuu: warning: %s: %s\n", path, msg);
}

static void ui_progress(void *ctx, const tc_index_progress *p)
{
    index_ui *ui = ctx;
    if (!ui->tty || ui->quiet)
        return;
    double now = mono_now();
    if (now - ui->last_draw < 0.2 && p->files_done < p->files_total)
        return;
    ui->last_draw = now;
    double mb = p->bytes_done / 1048576.0, total = p->bytes_total / 1048576.0;
    double rate = p->elapsed > 0 ? mb / p->elapsed : 0;
    double eta = rate > 0 ? (total - mb) / rate : 0;
    fprintf(stderr, "\r\033[K%u/%u files  %.1f/%.1f MB  %.1f MB/s  ETA %.0fs", p->files_done,
            p->files_total, mb, total, rate, eta);
    ui->drawn = 1;
}

static int cmd_index(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1}, {"--quiet", "-q", 0}, {"--help", "-h", 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("index", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs == 0) {
        fprintf(pa.values[2] ? stdout : stderr,
                "usage: tracuu index [--index DIR] [--quiet] PATH...\n"
                "Indexes .txt and .md files under each PATH (files or folders).  Unchanged\n"
                "files are skipped, changed ones re-indexed, deleted ones removed.\n");
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    tc_index *ix = NULL;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_WRITE, &ix);
    if (ex) {
        free(pa.args);
        return ex;
    }
    index_ui ui = {.tty = isatty(2), .quiet = pa.values[1] != NULL};
    tc_index_callbacks cb = {ui_notice, ui_progress, &ui};
    tc_index_stats st;
    tc_rc rc = tc_index_update(ix, pa.args, (size_t)pa.nargs, &cb, &st);
    if (ui.drawn)
        fputs("\r\033[K", stderr);
    if (rc) {
        fprintf(stderr, "tracuu: indexing failed: %s\n", tc_index_errmsg(ix));
        tc_index_close(ix);
        free(pa.args);
        return exit_for(rc);
    }
    if (!ui.quiet)
        fprintf(stderr,
                "indexed: %u added, %u updated, %u removed, %u unchanged, %u skipped, %u "
                "warnings; %.1f MB in %.2fs\n",
                st.added, st.updated, st.removed, st.unchanged, st.skipped, st.warnings,
                st.bytes / 1048576.0, st.seconds);
    tc_index_close(ix);
    free(pa.args);
    return 0;
}

/* ---- search ---------------------------------------------------------------- */

static const char *const hit_fields[] = {"rank",         "score", "id",     "path",    "province",
                                         "province2025", "year",  "date",   "number",  "type",
                                         "agency",       "title", "period", "snippet", NULL};

static void snippet_marked(tc_rc *rc, const tc_snippet *s, int bold, tc_buf *out)
{
    const char *open = bold ? "\033[1m" : "[", *close = bold ? "\033[0m" : "]";
    size_t at = 0, len = s->text ? strlen(s->text) : 0;
    if (s->cut_before)
        tc_buf_puts_rc(rc, out, "…");
    for (size_t m = 0; m < s->nmarks; m++) {
        tc_buf_append_rc(rc, out, s->text + at, s->marks[m][0] - at);
        tc_buf_puts_rc(rc, out, open);
        tc_buf_append_rc(rc, out, s->text + s->marks[m][0], s->marks[m][1] - s->marks[m][0]);
        tc_buf_puts_rc(rc, out, close);
        at = s->marks[m][1];
    }
    tc_buf_append_rc(rc, out, s->text + at, len - at);
    if (s->cut_after)
        tc_buf_puts_rc(rc, out, "…");
}

static void print_hit_record(tc_out *o, const tc_hit *h, const char *cwd)
{
    const tc_fields *m = &h->meta;
    tc_buf snip;
    tc_buf_init(&snip, 0);
    tc_rc rc = TC_OK; /* a part that cannot be built fails the record */
    snippet_marked(&rc, &h->snippet, 0, &snip);
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
    if (o->format == TC_FMT_JSON) {
        tc_buf arr;
        tc_buf_init(&arr, 0);
        tc_buf_putc_rc(&rc, &arr, '[');
        for (size_t i = 0; i < h->snippet.nmarks; i++)
            tc_buf_printf_rc(&rc, &arr, "%s[%zu,%zu]", i ? "," : "", h->snippet.origin[i][0],
                             h->snippet.origin[i][1]);
        tc_buf_putc_rc(&rc, &arr, ']');
        tc_out_raw(o, "matches", tc_buf_cstr(&arr));
        tc_buf_free(&arr);
    }
    if (rc && !o->rc)
        o->rc = rc;
    tc_out_end(o);
    tc_buf_free(&snip);
    (void)cwd;
}

static void print_hit_text(tc_out *o, const tc_hit *h, const char *cwd)
{
    const tc_fields *m = &h->meta;
    FILE *fp = o->fp;
    const char *b = o->tty ? "\033[1m" : "", *d = o->tty ? "\033[2m" : "",
               *r = o->tty ? "\033[0m" : "";
    const char *prov = tc_fields_get(m, "province");
    const char *date = tc_fields_get(m, "date");
    const char *num = tc_fields_get(m, "number");
    fprintf(fp, "%s%3u.%s %-12s %-10s %-16s %s%.3f%s\n", b, h->rank, r, *prov ? prov : "-",
            *date ? date : "-", *num ? num : "-", d, h->score, r);
    const char *title = tc_fields_get(m, "title");
    fprintf(fp, "     %s%s%s\n", b, *title ? title : "(no title)", r);
    fprintf(fp, "     %s%s%s\n", d, display_path(tc_fields_get(m, "path"), cwd), r);
    if (h->snippet.text && h->snippet.text[0]) {
        tc_buf snip;
        tc_buf_init(&snip, 0);
        tc_rc rc = TC_OK;
        snippet_marked(&rc, &h->snippet, o->tty, &snip);
        fprintf(fp, "     %s%s\n", tc_buf_cstr(&snip), rc ? " (cut: out of memory)" : "");
        tc_buf_free(&snip);
    }
    fputc('\n', fp);
}

/* Prints facet rows; with bars (trend on a TTY) a bar chart of docs. */
static int print_facets(tc_out *o, const char *by, const tc_facet_row *rows, size_t n,
                        uint32_t total, int relaxed, int bars)
{
    static const char *const cols[] = {"value", "docs", "passages", NULL};
    if (o->format == TC_FMT_TEXT) {
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
        fprintf(o->fp, "%s%s%*s %8s %9s%s\n", o->tty ? "\033[1m" : "", by,
                (int)(w - tc_display_width(by, strlen(by))), "", "docs", "passages",
                o->tty ? "\033[0m" : "");
        for (size_t i = 0; i < n; i++) {
            const char *v = rows[i].value;
            fprintf(o->fp, "%s%*s %8u %9llu", v, (int)(w - tc_display_width(v, strlen(v))), "",
                    rows[i].docs, (unsigned long long)rows[i].passages);
            if (bars) {
                fputs("  ", o->fp);
                unsigned len = (unsigned)((rows[i].docs * 30 + maxd - 1) / maxd);
                for (unsigned k = 0; k < len; k++)
                    fputs("█", o->fp);
            }
            fputc('\n', o->fp);
        }
        return 0;
    }
    tc_out_header(o, cols);
    for (size_t i = 0; i < n; i++) {
        tc_out_begin(o);
        tc_out_str(o, "value", rows[i].value);
        tc_out_int(o, "docs", rows[i].docs);
        tc_out_int(o, "passages", (long long)rows[i].passages);
        tc_out_end(o);
    }
    return 0;
}

static int run_facets(tc_index *ix, tc_query *q, int by, int sort_by_value, int format,
                      const char *out_path, int excel, const char *by_name)
{
    tc_facet_row *rows = NULL;
    size_t n = 0;
    uint32_t total = 0;
    int relaxed = 0;
    tc_rc rc = tc_facets(ix, q, by, sort_by_value, &rows, &n, &total, &relaxed);
    if (rc) {
        fprintf(stderr, "tracuu: counting failed: %s: %s\n", tc_strerror(rc),
                tcx_db_errmsg(tc_index_xapian(ix)));
        return exit_for(rc);
    }
    tc_out o;
    if (tc_out_open(&o, out_path, format, excel)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", out_path, strerror(errno));
        tc_facet_rows_free(rows, n);
        return EXIT_ERROR;
    }
    print_facets(&o, by_name, rows, n, total, relaxed, sort_by_value && o.tty);
    rc = tc_out_close(&o, 1);
    tc_facet_rows_free(rows, n);
    if (rc) {
        fprintf(stderr, "tracuu: writing the results failed\n");
        return EXIT_ERROR;
    }
    return total ? EXIT_HITS : EXIT_NOHITS;
}

/* What one search prints, shared by single and batch runs. */
typedef struct search_job {
    uint32_t offset, limit; /* page */
    int sort_date;          /* --sort date */
    int explain;            /* --explain */
    int facet_by;           /* --by, or -1 */
    const char *by_name;    /* its name */
    int hits;               /* --hits with --by */
    const char *cwd;        /* for relative paths */
} search_job;

/* Runs one query and writes its results to o.  *total gets the number of
 * matching documents.  Returns an exit code (0, 1 or an error). */
static int search_one(tc_index *ix, const char *qtext, const search_job *j, tc_out *o,
                      uint32_t *total)
{
    *total = 0;
    char err[1024];
    tc_query *q = NULL;
    tc_rc rc = tc_query_parse(ix, qtext, &q, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        return exit_for(rc);
    }
    if (j->explain) {
        tc_buf e;
        tc_buf_init(&e, 0);
        tc_query_explain(q, &e);
        fputs(tc_buf_cstr(&e), stderr);
        tc_buf_free(&e);
    }
    if (j->facet_by >= 0) {
        tc_facet_row *rows = NULL;
        size_t n = 0;
        int relaxed = 0;
        rc = tc_facets(ix, q, j->facet_by, 0, &rows, &n, total, &relaxed);
        if (!rc) {
            print_facets(o, j->by_name, rows, n, *total, relaxed, 0);
            tc_facet_rows_free(rows, n);
        }
        if (rc || !j->hits) {
            if (rc)
                fprintf(stderr, "tracuu: counting failed: %s\n", tc_strerror(rc));
            tc_query_free(q);
            return rc ? exit_for(rc) : *total ? EXIT_HITS : EXIT_NOHITS;
        }
        if (o->format == TC_FMT_TEXT)
            fputc('\n', o->fp);
    }
    tc_search_opts so = {j->offset, j->limit, j->sort_date, 1, 0};
    tc_results *res = NULL;
    rc = tc_search_run(ix, q, &so, &res);
    if (rc) {
        fprintf(stderr, "tracuu: search failed: %s: %s\n", tc_strerror(rc),
                tcx_db_errmsg(tc_index_xapian(ix)));
        tc_query_free(q);
        return exit_for(rc);
    }
    *total = res->total;
    if (o->format == TC_FMT_TEXT) {
        fprintf(o->fp, "%u document%s match%s", res->total, res->total == 1 ? "" : "s",
                res->total == 1 ? "es" : "");
        if (res->relaxed)
            fprintf(o->fp, " some of the words (no document has them all; best matches first)");
        if (res->n)
            fprintf(o->fp, "; showing %u-%u", res->hits[0].rank, res->hits[res->n - 1].rank);
        fputs("\n\n", o->fp);
    } else if (!(j->facet_by >= 0)) {
        tc_out_header(o, hit_fields);
    }
    for (size_t i = 0; i < res->n; i++) {
        if (o->format == TC_FMT_TEXT)
            print_hit_text(o, &res->hits[i], j->cwd);
        else
            print_hit_record(o, &res->hits[i], j->cwd);
    }
    tc_results_free(res);
    tc_query_free(q);
    return *total ? EXIT_HITS : EXIT_NOHITS;
}

static int cmd_search(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1},   {"--limit", "-n", 1},  {"--offset", NULL, 1},
        {"--sort", NULL, 1},    {"--format", NULL, 1}, {"--output", "-o", 1},
        {"--explain", NULL, 0}, {"--excel", NULL, 0},  {"--help", "-h", 0},
        {"--by", NULL, 1},      {"--hits", NULL, 0},   {"--queries", NULL, 1},
        {"--time", NULL, 0},    {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("search", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    search_job job = {0, 10, 0, pa.values[6] != NULL, -1, pa.values[9], pa.values[10] != NULL, ""};
    if (pa.values[9] && (job.facet_by = tc_facet_by_parse(pa.values[9])) < 0) {
        fprintf(stderr, "tracuu search: --by takes province, province2025, year, agency, type "
                        "or cited\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    const char *batch = pa.values[11];
    if (pa.values[8] || (pa.nargs == 0 && !batch)) {
        fprintf(
            pa.values[8] ? stdout : stderr,
            "usage: tracuu search [--index DIR] [--limit N] [--offset N]\n"
            "                     [--sort relevance|date] [--format text|json|csv]\n"
            "                     [-o FILE] [--excel] [--explain]\n"
            "                     [--by province|province2025|year|agency|type|cited [--hits]]\n"
            "                     QUERY...\n"
            "       tracuu search [options] --queries FILE [--time]\n"
            "Query syntax: words, \"phrase\", OR, -word, NOT, ( ), province:, year:,\n"
            "year:A..B, type:, agency:, period:, date:A..B, draft:, cites:, mentions:\n"
            "(see README).  --queries runs one query per line of FILE (- for stdin) in\n"
            "one process; --time prints \"ms<TAB>total<TAB>query\" per query to stderr.\n");
        free(pa.args);
        return pa.values[8] ? 0 : EXIT_USAGE;
    }
    unsigned long limit = 10, offset = 0;
    if ((pa.values[1] && parse_uint(pa.values[1], 100000, &limit)) ||
        (pa.values[2] && parse_uint(pa.values[2], 10000000, &offset))) {
        fprintf(stderr, "tracuu search: --limit and --offset take a whole number\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    job.limit = (uint32_t)limit;
    job.offset = (uint32_t)offset;
    if (pa.values[3]) {
        if (strcmp(pa.values[3], "date") == 0)
            job.sort_date = 1;
        else if (strcmp(pa.values[3], "relevance") != 0) {
            fprintf(stderr, "tracuu search: --sort takes relevance or date\n");
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    int format;
    if (parse_format("search", pa.values[4], &format)) {
        free(pa.args);
        return EXIT_USAGE;
    }
    FILE *qf = NULL;
    if (batch) {
        qf = strcmp(batch, "-") == 0 ? stdin : fopen(batch, "r");
        if (!qf) {
            fprintf(stderr, "tracuu search: cannot read '%s': %s\n", batch, strerror(errno));
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    tc_index *ix = NULL;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_READ, &ix);
    if (ex) {
        if (qf && qf != stdin)
            fclose(qf);
        free(pa.args);
        return ex;
    }
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    job.cwd = cwd;
    tc_out o;
    if (tc_out_open(&o, pa.values[5], format, pa.values[7] != NULL)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[5], strerror(errno));
        ex = EXIT_ERROR;
    } else if (!batch) {
        tc_buf qtext;
        tc_buf_init(&qtext, 1 << 20);
        tc_rc rc = TC_OK;
        join_args(&rc, &pa, &qtext);
        uint32_t total;
        if (rc) {
            fprintf(stderr, "tracuu: the query is too long\n");
            ex = EXIT_USAGE;
        } else {
            ex = search_one(ix, tc_buf_cstr(&qtext), &job, &o, &total);
        }
        tc_buf_free(&qtext);
        if (tc_out_close(&o, ex <= EXIT_NOHITS) && ex <= EXIT_NOHITS) {
            fprintf(stderr, "tracuu: writing the results failed\n");
            ex = EXIT_ERROR;
        }
    } else {
        /* One query per line; the exit code is the worst seen (0 if any hit). */
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int any_hits = 0, worst = 0;
        while ((len = getline(&line, &cap, qf)) >= 0) {
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = 0;
            if (len == 0 || line[0] == '#')
                continue;
            double t0 = mono_now();
            uint32_t total;
            int e = search_one(ix, line, &job, &o, &total);
            double ms = (mono_now() - t0) * 1000.0;
            if (pa.values[12])
                fprintf(stderr, "%.3f\t%u\t%s\n", ms, total, line);
            any_hits |= e == EXIT_HITS;
            if (e > EXIT_NOHITS && e > worst)
                worst = e;
        }
        free(line);
        ex = worst ? worst : any_hits ? EXIT_HITS : EXIT_NOHITS;
        if (tc_out_close(&o, 1))
            ex = EXIT_ERROR;
    }
    if (qf && qf != stdin)
        fclose(qf);
    tc_index_close(ix);
    free(pa.args);
    return ex;
}

/* ---- shared: open the index and parse a query ------------------------------------ */

static int open_query(const char *dir, const char *text, tc_index **ix, tc_query **q)
{
    *q = NULL;
    int ex = open_index(dir, TC_INDEX_READ, ix);
    if (ex)
        return ex;
    char err[1024];
    tc_rc rc = tc_query_parse(*ix, text, q, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        tc_index_close(*ix);
        *ix = NULL;
        return exit_for(rc);
    }
    return 0;
}

static int parse_format(const char *cmd, const char *v, int *format)
{
    *format = TC_FMT_TEXT;
    if (!v || strcmp(v, "text") == 0)
        return 0;
    if (strcmp(v, "json") == 0)
        *format = TC_FMT_JSON;
    else if (strcmp(v, "csv") == 0)
        *format = TC_FMT_CSV;
    else {
        fprintf(stderr, "tracuu %s: --format takes text, json or csv\n", cmd);
        return -1;
    }
    return 0;
}

static void join_args(tc_rc *rc, const parsed_args *pa, tc_buf *out)
{
    for (int i = 0; i < pa->nargs; i++) {
        if (i)
            tc_buf_putc_rc(rc, out, ' ');
        tc_buf_puts_rc(rc, out, pa->args[i]);
    }
}

/* ---- trend ------------------------------------------------------------------------- */

static int cmd_trend(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1},  {"--by", NULL, 1},    {"--province", NULL, 1}, {"--format", NULL, 1},
        {"--output", "-o", 1}, {"--excel", NULL, 0}, {"--help", "-h", 0},     {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("trend", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[6] || pa.nargs == 0) {
        fprintf(pa.values[6] ? stdout : stderr,
                "usage: tracuu trend [--index DIR] [--by year|province|province2025]\n"
                "                    [--province NAME] [--format text|json|csv] [-o FILE]\n"
                "                    [--excel] QUERY...\n"
                "Counts matching documents and passages per year (or province).\n");
        free(pa.args);
        return pa.values[6] ? 0 : EXIT_USAGE;
    }
    const char *by_name = pa.values[1] ? pa.values[1] : "year";
    int by = tc_facet_by_parse(by_name);
    int format;
    if ((by != TC_BY_YEAR && by != TC_BY_PROVINCE && by != TC_BY_PROVINCE2025) ||
        parse_format("trend", pa.values[3], &format)) {
        if (by < 0 || (by != TC_BY_YEAR && by != TC_BY_PROVINCE && by != TC_BY_PROVINCE2025))
            fprintf(stderr, "tracuu trend: --by takes year, province or province2025\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_buf text;
    tc_buf_init(&text, 1 << 20);
    tc_rc rc = TC_OK;
    join_args(&rc, &pa, &text);
    if (pa.values[2]) {
        tc_buf_puts_rc(&rc, &text, " province:\"");
        tc_buf_puts_rc(&rc, &text, pa.values[2]);
        tc_buf_puts_rc(&rc, &text, "\"");
    }
    if (rc) {
        fprintf(stderr, "tracuu trend: the query is too long\n");
        tc_buf_free(&text);
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_index *ix;
    tc_query *q;
    int ex = open_query(index_dir(pa.values[0]), tc_buf_cstr(&text), &ix, &q);
    if (!ex) {
        ex = run_facets(ix, q, by, by == TC_BY_YEAR, format, pa.values[4], pa.values[5] != NULL,
                        by_name);
        tc_query_free(q);
        tc_index_close(ix);
    }
    tc_buf_free(&text);
    free(pa.args);
    return ex;
}

/* ---- cite ---------------------------------------------------------------------------- */

typedef struct cite_row {
    long long id; /* citing document */
    char *path, *province, *date, *number, *title, *text, *sentence, *key, *reason;
    int probable; /* a reference without year that probably means REF */
} cite_row;

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return strdup(v ? v : "");
}

static void print_cite_rows(tc_out *o, cite_row *rows, size_t n, const char *cwd)
{
    static const char *const cols[] = {"id",  "path", "province", "date",     "number", "title",
                                       "key", "text", "sentence", "probable", "reason", NULL};
    if (o->format != TC_FMT_TEXT)
        tc_out_header(o, cols);
    for (size_t i = 0; i < n; i++) {
        cite_row *r = &rows[i];
        if (o->format == TC_FMT_TEXT) {
            const char *b = o->tty ? "\033[1m" : "", *d = o->tty ? "\033[2m" : "",
                       *z = o->tty ? "\033[0m" : "";
            fprintf(o->fp, "%s%-10s %-12s %-16s%s %s\n", b, *r->date ? r->date : "-",
                    *r->province ? r->province : "-", *r->number ? r->number : "-", z, r->title);
            fprintf(o->fp, "   %s%s%s\n", d, display_path(r->path, cwd), z);
            if (r->probable)
                fprintf(o->fp, "   probable: \"%s\" (%s)\n", r->text, r->reason);
            fprintf(o->fp, "   %s\n\n", r->sentence);
            continue;
        }
        tc_out_begin(o);
        tc_out_int(o, "id", r->id);
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

static int cmp_cite_rows(const void *x, const void *y)
{
    const cite_row *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    return c ? c : strcmp(a->path, b->path);
}

static void free_cite_rows(cite_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
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

/* The citing occurrences of key (and, with probable, the references
 * without a year that probably mean it), in date order. */
static int cite_list(tc_index *ix, const char *key, int probable, cite_row **out, size_t *n)
{
    sqlite3 *db = tc_index_sqlite(ix);
    size_t cap = 16;
    cite_row *rows = calloc(cap, sizeof *rows);
    *n = 0;
    for (int pass = 0; pass < (probable ? 2 : 1) && rows; pass++) {
        sqlite3_stmt *st = NULL;
        const char *sql = pass == 0 ? CITE_SELECT "WHERE c.key = ?"
                                    : CITE_SELECT "WHERE c.key != ? AND (c.year = 0 OR c.is_short)";
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            break;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *reason = NULL;
            if (pass == 1) {
                tc_citation ref;
                memset(&ref, 0, sizeof ref);
                snprintf(ref.key, sizeof ref.key, "%s", sqlite3_column_text(st, 8));
                snprintf(ref.number, sizeof ref.number, "%s", sqlite3_column_text(st, 9));
                ref.year = sqlite3_column_int(st, 10);
                snprintf(ref.type, sizeof ref.type, "%s", sqlite3_column_text(st, 11));
                snprintf(ref.issuer, sizeof ref.issuer, "%s", sqlite3_column_text(st, 12));
                snprintf(ref.unit, sizeof ref.unit, "%s", sqlite3_column_text(st, 13));
                ref.is_short = sqlite3_column_int(st, 14);
                const char *known[1] = {key}, *match = NULL;
                if (!tc_index_citer(ix) ||
                    tc_citer_probable(tc_index_citer(ix), &ref, known, 1, &match, &reason) != 1)
                    continue;
                /* A reference dated in another year than the key's cannot mean it. */
                const char *cdate = (const char *)sqlite3_column_text(st, 15);
                int key_year = key_symbol_year(key);
                if (key_year && cdate && strlen(cdate) >= 4 && atoi(cdate) != key_year)
                    continue;
            }
            if (*n == cap) {
                cite_row *v = realloc(rows, cap * 2 * sizeof *v);
                if (!v)
                    break;
                rows = v;
                cap *= 2;
            }
            cite_row *r = &rows[(*n)++];
            memset(r, 0, sizeof *r);
            r->id = sqlite3_column_int64(st, 0);
            r->path = col_dup(st, 1);
            r->province = col_dup(st, 2);
            r->date = col_dup(st, 3);
            r->number = col_dup(st, 4);
            r->title = col_dup(st, 5);
            r->text = col_dup(st, 6);
            r->sentence = col_dup(st, 7);
            r->key = col_dup(st, 8);
            r->reason = strdup(reason ? reason : "");
            r->probable = pass == 1;
        }
        sqlite3_finalize(st);
    }
    if (!rows)
        return EXIT_ERROR;
    qsort(rows, *n, sizeof *rows, cmp_cite_rows);
    *out = rows;
    return 0;
}

static int cite_top(tc_index *ix, const char *by, unsigned long limit, tc_out *o)
{
    const char *group = !by                           ? ""
                        : strcmp(by, "province") == 0 ? ", coalesce(d.province,'')"
                                                      : ", coalesce(d.year,'')";
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT c.key%s, count(DISTINCT c.doc_id) AS docs, count(*) AS mentions "
             "FROM citations c JOIN documents d ON d.id = c.doc_id GROUP BY c.key%s "
             "ORDER BY docs DESC, mentions DESC, c.key LIMIT %lu",
             group, group, limit);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tc_index_sqlite(ix), sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "tracuu: %s\n", sqlite3_errmsg(tc_index_sqlite(ix)));
        return EXIT_ERROR;
    }
    const char *cols3[] = {"key", "docs", "mentions", NULL};
    const char *cols4[] = {"key", by ? by : "", "docs", "mentions", NULL};
    tc_out_header(o, by ? cols4 : cols3);
    if (o->format == TC_FMT_TEXT)
        fprintf(o->fp, "%-24s %s%s %6s %8s\n", "cited", by ? by : "", by ? "          " : "",
                "docs", "mentions");
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *g = by ? (const char *)sqlite3_column_text(st, 1) : NULL;
        int docs = sqlite3_column_int(st, by ? 2 : 1), men = sqlite3_column_int(st, by ? 3 : 2);
        if (o->format == TC_FMT_TEXT) {
            fprintf(o->fp, "%s%*s", key, (int)(25 - tc_display_width(key, strlen(key))), "");
            if (by)
                fprintf(o->fp, "%s%*s", g ? g : "",
                        (int)(16 - tc_display_width(g ? g : "", g ? strlen(g) : 0)), "");
            fprintf(o->fp, "%6d %8d\n", docs, men);
            continue;
        }
        tc_out_begin(o);
        tc_out_str(o, "key", key);
        if (by)
            tc_out_str(o, by, g);
        tc_out_int(o, "docs", docs);
        tc_out_int(o, "mentions", men);
        tc_out_end(o);
    }
    sqlite3_finalize(st);
    return rows ? EXIT_HITS : EXIT_NOHITS;
}

/* A document's node in the graph: its own number when it has one (so that
 * citations of it meet it), else "doc ID" (a blank "/BC-STTTT" is shared). */
#define DOC_NODE "(CASE WHEN d.number GLOB '[0-9]*' THEN d.number ELSE 'doc ' || d.id END)"

/* The citation graph around key: documents (by their own number) cite keys.
 * Walks depth steps in both directions. */
static int cite_graph(tc_index *ix, const char *key, unsigned long depth, int dot, tc_out *o)
{
    sqlite3 *db = tc_index_sqlite(ix);
    tc_strmap *nodes = NULL, *edges = NULL;
    if (tc_strmap_new(NULL, &nodes) || tc_strmap_new(NULL, &edges)) {
        tc_strmap_free(nodes);
        return EXIT_ERROR;
    }
    /* frontier: keys (cited documents) to expand */
    char **frontier = calloc(1, sizeof *frontier);
    size_t nf = 1;
    frontier[0] = strdup(key);
    tc_strmap_put(nodes, key, strlen(key), (void *)1);
    sqlite3_stmt *citers = NULL, *cited = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT DISTINCT " DOC_NODE " FROM citations c JOIN documents d ON "
                       "d.id = c.doc_id WHERE c.key = ?",
                       -1, &citers, NULL);
    sqlite3_prepare_v2(db,
                       "SELECT DISTINCT c.key FROM citations c JOIN documents d ON d.id = "
                       "c.doc_id WHERE " DOC_NODE " = ?",
                       -1, &cited, NULL);
    for (unsigned long level = 0; level < depth && nf; level++) {
        char **next = NULL;
        size_t nn = 0;
        for (size_t i = 0; i < nf; i++) {
            for (int dir = 0; dir < 2; dir++) {
                sqlite3_stmt *st = dir == 0 ? citers : cited;
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, frontier[i], -1, SQLITE_STATIC);
                while (sqlite3_step(st) == SQLITE_ROW) {
                    const char *other = (const char *)sqlite3_column_text(st, 0);
                    tc_buf e;
                    tc_buf_init(&e, 0);
                    tc_rc erc = TC_OK;
                    tc_buf_puts_rc(&erc, &e, dir == 0 ? other : frontier[i]);
                    tc_buf_putc_rc(&erc, &e, '\x1f');
                    tc_buf_puts_rc(&erc, &e, dir == 0 ? frontier[i] : other);
                    if (!erc)
                        tc_strmap_put(edges, e.data, e.len, NULL);
                    tc_buf_free(&e);
                    if (!tc_strmap_get(nodes, other, strlen(other), NULL)) {
                        tc_strmap_put(nodes, other, strlen(other), (void *)1);
                        char **v = realloc(next, (nn + 1) * sizeof *v);
                        if (v) {
                            next = v;
                            next[nn++] = strdup(other);
                        }
                    }
                }
            }
        }
        for (size_t i = 0; i < nf; i++)
            free(frontier[i]);
        free(frontier);
        frontier = next;
        nf = nn;
    }
    for (size_t i = 0; i < nf; i++)
        free(frontier[i]);
    free(frontier);
    sqlite3_finalize(citers);
    sqlite3_finalize(cited);
    /* Output, sorted for stable diffs. */
    size_t nnodes = tc_strmap_count(nodes), nedges = tc_strmap_count(edges), it = 0, k = 0;
    const char **nv = calloc(nnodes + 1, sizeof *nv), **ev = calloc(nedges + 1, sizeof *ev);
    const char *s;
    while (tc_strmap_next(nodes, &it, &s, NULL, NULL))
        nv[k++] = s;
    it = k = 0;
    while (tc_strmap_next(edges, &it, &s, NULL, NULL))
        ev[k++] = s;
    qsort(nv, nnodes, sizeof *nv, cmp_names_cli);
    qsort(ev, nedges, sizeof *ev, cmp_names_cli);
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_rc rc = TC_OK;
    if (dot) {
        tc_buf_puts_rc(&rc, &b, "digraph citations {\n  rankdir=LR;\n");
        for (size_t i = 0; i < nnodes; i++) {
            tc_buf_puts_rc(&rc, &b, "  ");
            tc_json_str(&b, nv[i], strlen(nv[i]));
            tc_buf_puts_rc(&rc, &b, strcmp(nv[i], key) == 0 ? " [style=bold];\n" : ";\n");
        }
        for (size_t i = 0; i < nedges; i++) {
            const char *sep = strchr(ev[i], '\x1f');
            tc_buf_puts_rc(&rc, &b, "  ");
            tc_json_str(&b, ev[i], (size_t)(sep - ev[i]));
            tc_buf_puts_rc(&rc, &b, " -> ");
            tc_json_str(&b, sep + 1, strlen(sep + 1));
            tc_buf_puts_rc(&rc, &b, ";\n");
        }
        tc_buf_puts_rc(&rc, &b, "}\n");
    } else {
        tc_buf_puts_rc(&rc, &b, "{\"root\":");
        tc_json_str(&b, key, strlen(key));
        tc_buf_puts_rc(&rc, &b, ",\"nodes\":[");
        for (size_t i = 0; i < nnodes; i++) {
            if (i)
                tc_buf_putc_rc(&rc, &b, ',');
            tc_json_str(&b, nv[i], strlen(nv[i]));
        }
        tc_buf_puts_rc(&rc, &b, "],\"edges\":[");
        for (size_t i = 0; i < nedges; i++) {
            const char *sep = strchr(ev[i], '\x1f');
            tc_buf_puts_rc(&rc, &b, i ? ",{\"from\":" : "{\"from\":");
            tc_json_str(&b, ev[i], (size_t)(sep - ev[i]));
            tc_buf_puts_rc(&rc, &b, ",\"to\":");
            tc_json_str(&b, sep + 1, strlen(sep + 1));
            tc_buf_putc_rc(&rc, &b, '}');
        }
        tc_buf_puts_rc(&rc, &b, "]}\n");
    }
    if (!rc)
        fwrite(b.data, 1, b.len, o->fp);
    tc_buf_free(&b);
    free(nv);
    free(ev);
    tc_strmap_free(nodes);
    tc_strmap_free(edges);
    if (rc) {
        fprintf(stderr, "tracuu cite: %s\n", tc_strerror(rc));
        return EXIT_ERROR;
    }
    return nedges ? EXIT_HITS : EXIT_NOHITS;
}

static int cmd_cite(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1}, {"--probable", NULL, 0}, {"--top", NULL, 0},    {"--by", NULL, 1},
        {"--graph", NULL, 1}, {"--depth", NULL, 1},    {"--format", NULL, 1}, {"--output", "-o", 1},
        {"--excel", NULL, 0}, {"--limit", "-n", 1},    {"--help", "-h", 0},   {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("cite", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    int top = pa.values[2] != NULL;
    if (pa.values[10] || (!top && pa.nargs == 0)) {
        fprintf(pa.values[10] ? stdout : stderr,
                "usage: tracuu cite [--index DIR] REF [--probable] [--format text|json|csv]\n"
                "       tracuu cite --top [--by province|year] [--limit N]\n"
                "       tracuu cite REF --graph dot|json [--depth N]\n"
                "REF is any written form: 45/2016/QĐ-TTg, \"Quyết định số 45/2016/QĐ-TTg\".\n");
        free(pa.args);
        return pa.values[10] ? 0 : EXIT_USAGE;
    }
    int format;
    unsigned long depth = 1, limit = 20;
    if (parse_format("cite", pa.values[6], &format) ||
        (pa.values[5] && (parse_uint(pa.values[5], 10, &depth) || depth == 0)) ||
        (pa.values[9] && parse_uint(pa.values[9], 1000000, &limit)) ||
        (pa.values[3] && strcmp(pa.values[3], "province") && strcmp(pa.values[3], "year")) ||
        (pa.values[4] && strcmp(pa.values[4], "dot") && strcmp(pa.values[4], "json"))) {
        fprintf(stderr, "tracuu cite: bad option value (see tracuu cite --help)\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_index *ix;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_READ, &ix);
    if (ex) {
        free(pa.args);
        return ex;
    }
    tc_buf key;
    tc_buf_init(&key, 0);
    tc_out o;
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    if (!top) {
        tc_buf text;
        tc_buf_init(&text, 1 << 20);
        tc_rc rc = TC_OK;
        join_args(&rc, &pa, &text);
        if (!rc)
            rc = tc_index_citer(ix) ? tc_citer_key(tc_index_citer(ix), text.data, text.len, &key)
                                    : TC_EDATA;
        tc_buf_free(&text);
        if (rc) {
            fprintf(stderr,
                    "tracuu cite: '%s' is not a document reference (try "
                    "45/2016/QĐ-TTg or \"Nghị quyết 36\")\n",
                    pa.args[0]);
            tc_index_close(ix);
            tc_buf_free(&key);
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    if (tc_out_open(&o, pa.values[7], format, pa.values[8] != NULL)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[7], strerror(errno));
        ex = EXIT_ERROR;
    } else if (top) {
        ex = cite_top(ix, pa.values[3], limit, &o);
    } else if (pa.values[4]) {
        ex = cite_graph(ix, tc_buf_cstr(&key), depth, strcmp(pa.values[4], "dot") == 0, &o);
    } else {
        cite_row *rows = NULL;
        size_t n = 0;
        ex = cite_list(ix, tc_buf_cstr(&key), pa.values[1] != NULL, &rows, &n);
        if (!ex) {
            if (format == TC_FMT_TEXT)
                fprintf(o.fp, "%zu citation%s of %s\n\n", n, n == 1 ? "" : "s", tc_buf_cstr(&key));
            print_cite_rows(&o, rows, n, cwd);
            ex = n ? EXIT_HITS : EXIT_NOHITS;
            free_cite_rows(rows, n);
        }
    }
    if (o.fp && tc_out_close(&o, ex <= EXIT_NOHITS) && ex <= EXIT_NOHITS)
        ex = EXIT_ERROR;
    tc_buf_free(&key);
    tc_index_close(ix);
    free(pa.args);
    return ex;
}

/* The sentence around [start, end) of document docid, cut from its stored
 * text; `cache` keeps the last document's text between calls. */
typedef struct doc_cache {
    long long id; /* docid held, 0 if none */
    tc_buf data;  /* its stored record */
    tc_fields f;  /* parsed: f.body is the text */
} doc_cache;

static void doc_sentence(tc_index *ix, doc_cache *c, long long id, size_t start, size_t end,
                         tc_buf *out)
{
    tc_buf_reset(out);
    if (c->id != id) {
        if (c->id)
            tc_fields_free(&c->f);
        c->id = 0;
        tc_buf_reset(&c->data);
        if (tcx_db_doc_data(tc_index_xapian(ix), (uint32_t)id, &c->data) ||
            tc_fields_parse(c->data.data ? c->data.data : "", c->data.len, &c->f))
            return;
        c->id = id;
    }
    if (start > c->f.body_len || end > c->f.body_len || start > end)
        return;
    size_t s0, s1;
    tc_sentence_bounds(c->f.body, c->f.body_len, start, end, &s0, &s1);
    tc_utf8_repair(out, c->f.body + s0, s1 - s0);
    for (size_t k = 0; k < out->len; k++)
        if (out->data[k] == '\n' || out->data[k] == '\t' || out->data[k] == '\r')
            out->data[k] = ' ';
}

static void doc_cache_free(doc_cache *c)
{
    if (c->id)
        tc_fields_free(&c->f);
    tc_buf_free(&c->data);
}

/* ---- figures ------------------------------------------------------------------------ */

typedef struct fig_row {
    double value;             /* normalised value */
    char *unit, *what, *text; /* unit, noun or indicator, as written */
    char *province, *year, *date, *period, *path, *sentence, *column;
    int table; /* from an appendix table */
} fig_row;

static void free_fig_rows(fig_row *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].unit);
        free(v[i].what);
        free(v[i].text);
        free(v[i].province);
        free(v[i].year);
        free(v[i].date);
        free(v[i].period);
        free(v[i].path);
        free(v[i].sentence);
        free(v[i].column);
    }
    free(v);
}

/* Figures whose counted noun or indicator holds every word of the query
 * (compared folded: no case, no diacritics, either tone style). */
static int figures_find(tc_index *ix, const char *query, fig_row **out, size_t *n)
{
    tc_text *t = tc_index_text(ix);
    tc_buf qf, f;
    tc_buf_init(&qf, 0);
    tc_buf_init(&f, 0);
    tc_text_fold(t, query, strlen(query), &qf);
    /* the query's words */
    char *words = strdup(tc_buf_cstr(&qf));
    const char *w[32];
    size_t nw = 0;
    for (char *tok = strtok(words, " \t\""); tok && nw < 32; tok = strtok(NULL, " \t\""))
        w[nw++] = tok;
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(tc_index_sqlite(ix),
                       "SELECT f.value, coalesce(f.unit,''), coalesce(nullif(f.indicator,''), "
                       "f.noun, ''), f.text, coalesce(d.province,''), coalesce(d.year,''), "
                       "coalesce(d.date,''), coalesce(d.period,''), d.path, "
                       "f.doc_id, coalesce(f.col,''), f.is_table, f.start, f.end "
                       "FROM figures f JOIN documents d ON d.id = f.doc_id "
                       "ORDER BY d.province, d.date, f.start",
                       -1, &st, NULL);
    size_t cap = 0;
    fig_row *v = NULL;
    *n = 0;
    doc_cache cache = {0};
    tc_buf sent;
    tc_buf_init(&sent, 0);
    tc_buf_init(&cache.data, 0);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *what = (const char *)sqlite3_column_text(st, 2);
        tc_buf_reset(&f);
        tc_rc frc = TC_OK;
        tc_buf_putc_rc(&frc, &f, ' ');
        if (!frc)
            frc = tc_text_fold(t, what, strlen(what), &f);
        tc_buf_putc_rc(&frc, &f, ' ');
        int all = nw > 0 && !frc;
        for (size_t i = 0; i < nw && all; i++) {
            char pat[128];
            snprintf(pat, sizeof pat, " %s ", w[i]);
            all = strstr(f.data, pat) != NULL;
        }
        if (!all)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            fig_row *nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        fig_row *r = &v[(*n)++];
        r->value = sqlite3_column_double(st, 0);
        r->unit = col_dup(st, 1);
        r->what = col_dup(st, 2);
        r->text = col_dup(st, 3);
        r->province = col_dup(st, 4);
        r->year = col_dup(st, 5);
        r->date = col_dup(st, 6);
        r->period = col_dup(st, 7);
        r->path = col_dup(st, 8);
        doc_sentence(ix, &cache, sqlite3_column_int64(st, 9), (size_t)sqlite3_column_int64(st, 12),
                     (size_t)sqlite3_column_int64(st, 13), &sent);
        r->sentence = strdup(tc_buf_cstr(&sent));
        r->column = col_dup(st, 10);
        r->table = sqlite3_column_int(st, 11);
    }
    sqlite3_finalize(st);
    doc_cache_free(&cache);
    tc_buf_free(&sent);
    free(words);
    tc_buf_free(&qf);
    tc_buf_free(&f);
    *out = v;
    return 0;
}

static void format_value(double v, char *out, size_t n)
{
    if (v == (double)(long long)v && v < 1e15 && v > -1e15)
        snprintf(out, n, "%lld", (long long)v);
    else
        snprintf(out, n, "%.4g", v);
}

static int cmd_figures(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1}, {"--by", NULL, 1},   {"--format", NULL, 1}, {"--output", "-o", 1},
        {"--excel", NULL, 0}, {"--help", "-h", 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("figures", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[5] || pa.nargs == 0) {
        fprintf(pa.values[5] ? stdout : stderr,
                "usage: tracuu figures [--index DIR] [--by province|year]\n"
                "                      [--format text|json|csv] [-o FILE] [--excel] WHAT...\n"
                "Lists the figures whose counted noun or table indicator holds WHAT\n"
                "(e.g. \"trạm BTS\", \"dịch vụ công\", \"doanh thu\").\n");
        free(pa.args);
        return pa.values[5] ? 0 : EXIT_USAGE;
    }
    int format;
    const char *by = pa.values[1];
    if (parse_format("figures", pa.values[2], &format) ||
        (by && strcmp(by, "province") && strcmp(by, "year"))) {
        if (by)
            fprintf(stderr, "tracuu figures: --by takes province or year\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_index *ix;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_READ, &ix);
    if (ex) {
        free(pa.args);
        return ex;
    }
    tc_buf q;
    tc_buf_init(&q, 1 << 20);
    tc_rc qrc = TC_OK;
    join_args(&qrc, &pa, &q);
    if (qrc) {
        fprintf(stderr, "tracuu figures: the query is too long\n");
        tc_buf_free(&q);
        tc_index_close(ix);
        free(pa.args);
        return EXIT_USAGE;
    }
    fig_row *rows = NULL;
    size_t n = 0;
    figures_find(ix, tc_buf_cstr(&q), &rows, &n);
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    tc_out o;
    if (tc_out_open(&o, pa.values[3], format, pa.values[4] != NULL)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[3], strerror(errno));
        ex = EXIT_ERROR;
    } else if (by) {
        /* Pivot: one row per province (or year), one column per year (or
         * province); a cell lists the values reported there. */
        int by_year = strcmp(by, "year") == 0;
        const char **rk = calloc(n + 1, sizeof *rk), **ck = calloc(n + 1, sizeof *ck);
        size_t nr = 0, nc = 0;
        for (size_t i = 0; i < n; i++) {
            const char *r = by_year ? rows[i].year : rows[i].province;
            const char *c = by_year ? rows[i].province : rows[i].year;
            size_t k;
            for (k = 0; k < nr && strcmp(rk[k], r); k++)
                ;
            if (k == nr)
                rk[nr++] = r;
            for (k = 0; k < nc && strcmp(ck[k], c); k++)
                ;
            if (k == nc)
                ck[nc++] = c;
        }
        qsort(rk, nr, sizeof *rk, cmp_names_cli);
        qsort(ck, nc, sizeof *ck, cmp_names_cli);
        const char *cols[] = {by_year ? "year" : "province", by_year ? "province" : "year",
                              "values", "unit", NULL};
        if (format == TC_FMT_TEXT)
            fprintf(o.fp, "%zu figure%s of \"%s\"\n\n%-14s", n, n == 1 ? "" : "s", q.data,
                    by_year ? "year" : "province");
        else
            tc_out_header(&o, cols);
        if (format == TC_FMT_TEXT) {
            for (size_t c = 0; c < nc; c++)
                fprintf(o.fp, " %-22s", ck[c]);
            fputc('\n', o.fp);
        }
        for (size_t r = 0; r < nr; r++) {
            if (format == TC_FMT_TEXT)
                fprintf(o.fp, "%s%*s", rk[r], (int)(14 - tc_display_width(rk[r], strlen(rk[r]))),
                        "");
            for (size_t c = 0; c < nc; c++) {
                tc_buf cell;
                tc_buf_init(&cell, 0);
                tc_rc crc = TC_OK; /* a cell cut short fails the output */
                const char *unit = "";
                for (size_t i = 0; i < n; i++) {
                    const char *a = by_year ? rows[i].year : rows[i].province;
                    const char *b2 = by_year ? rows[i].province : rows[i].year;
                    if (strcmp(a, rk[r]) || strcmp(b2, ck[c]))
                        continue;
                    char num[48];
                    format_value(rows[i].value, num, sizeof num);
                    if (cell.len)
                        tc_buf_puts_rc(&crc, &cell, "; ");
                    tc_buf_puts_rc(&crc, &cell, num);
                    unit = rows[i].unit;
                }
                if (crc && !o.rc)
                    o.rc = crc;
                if (format == TC_FMT_TEXT) {
                    fprintf(o.fp, " %-22s", cell.len ? cell.data : "-");
                } else if (cell.len) {
                    tc_out_begin(&o);
                    tc_out_str(&o, by_year ? "year" : "province", rk[r]);
                    tc_out_str(&o, by_year ? "province" : "year", ck[c]);
                    tc_out_str(&o, "values", cell.data);
                    tc_out_str(&o, "unit", unit);
                    tc_out_end(&o);
                }
                tc_buf_free(&cell);
            }
            if (format == TC_FMT_TEXT)
                fputc('\n', o.fp);
        }
        free(rk);
        free(ck);
    } else {
        static const char *const cols[] = {"value",    "unit",     "what", "text",
                                           "province", "year",     "date", "period",
                                           "path",     "sentence", NULL};
        if (format == TC_FMT_TEXT)
            fprintf(o.fp, "%zu figure%s of \"%s\"\n\n", n, n == 1 ? "" : "s", q.data);
        else
            tc_out_header(&o, cols);
        for (size_t i = 0; i < n; i++) {
            fig_row *r = &rows[i];
            char num[48];
            format_value(r->value, num, sizeof num);
            if (format == TC_FMT_TEXT) {
                fprintf(o.fp, "%14s %-10s %-12s %-10s %s\n", num, r->unit, r->province,
                        *r->date ? r->date : r->year, r->what);
                fprintf(o.fp, "%14s %s\n", "", r->table ? r->column : r->sentence);
                continue;
            }
            tc_out_begin(&o);
            if (format == TC_FMT_JSON)
                tc_out_raw(&o, "value", num);
            else
                tc_out_str(&o, "value", num);
            tc_out_str(&o, "unit", r->unit);
            tc_out_str(&o, "what", r->what);
            tc_out_str(&o, "text", r->text);
            tc_out_str(&o, "province", r->province);
            tc_out_str(&o, "year", r->year);
            tc_out_str(&o, "date", r->date);
            tc_out_str(&o, "period", r->period);
            tc_out_str(&o, "path", r->path);
            tc_out_str(&o, "sentence", r->table ? r->column : r->sentence);
            tc_out_end(&o);
        }
    }
    if (!ex) {
        ex = n ? EXIT_HITS : EXIT_NOHITS;
        if (tc_out_close(&o, 1))
            ex = EXIT_ERROR;
    }
    free_fig_rows(rows, n);
    tc_buf_free(&q);
    tc_index_close(ix);
    free(pa.args);
    return ex;
}

/* ---- show ------------------------------------------------------------------------ */

/* Appends the columns of the current row of st from column `from` on as
 * JSON members (no braces). */
static void row_json(tc_rc *rc, sqlite3_stmt *st, int from, tc_buf *b)
{
    int ncol = sqlite3_column_count(st);
    for (int c = from; c < ncol; c++) {
        if (c > from)
            tc_buf_putc_rc(rc, b, ',');
        const char *name = sqlite3_column_name(st, c);
        tc_json_str(b, name, strlen(name));
        tc_buf_putc_rc(rc, b, ':');
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER:
            tc_buf_printf_rc(rc, b, "%lld", sqlite3_column_int64(st, c));
            break;
        case SQLITE_FLOAT:
            tc_buf_printf_rc(rc, b, "%.15g", sqlite3_column_double(st, c));
            break;
        case SQLITE_NULL:
            tc_buf_puts_rc(rc, b, "null");
            break;
        default: {
            const char *v = (const char *)sqlite3_column_text(st, c);
            tc_json_str(b, v, strlen(v));
        }
        }
    }
}

/* The entities of a document: each table as a JSON array (json) or as
 * indented lines.  Citations without a year get probable_of and reason
 * when one known document in the index probably is the one meant. */
static void show_entities(tc_rc *rc, tc_index *ix, long long docid, int json, tc_buf *b)
{
    static const char *const queries[][2] = {
        {"citations", "SELECT key AS value, text, start, end, date, issuer, issuer_name, number, "
                      "year, type, unit, is_short, sentence FROM citations WHERE doc_id=? "
                      "ORDER BY start"},
        {"agencies", "SELECT name AS value, key, level, province_code, text, start, end FROM "
                     "agencies WHERE doc_id=? ORDER BY start"},
        {"places", "SELECT coalesce(district, province) AS value, province, province_code, "
                   "province2025, province2025_code, district, district_code, own, text, start, "
                   "end FROM places WHERE doc_id=? ORDER BY start"},
        {"figures", "SELECT value, value2, unit, noun, kind, change, ambiguous, reading, "
                    "is_table, col AS column, indicator, text, start, end FROM figures "
                    "WHERE doc_id=? ORDER BY start"},
        {"dates", "SELECT iso AS value, precision, period, start_date, end_date, text, start, "
                  "end FROM dates WHERE doc_id=? ORDER BY start"},
    };
    sqlite3 *db = tc_index_sqlite(ix);
    doc_cache cache = {0};
    tc_buf sent;
    tc_buf_init(&sent, 0);
    tc_buf_init(&cache.data, 0);
    /* Known full keys, for probable links. */
    char **known = NULL;
    size_t nknown = 0;
    sqlite3_stmt *kq = NULL;
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT key FROM citations WHERE year > 0 AND NOT is_short",
                           -1, &kq, NULL) == SQLITE_OK) {
        while (sqlite3_step(kq) == SQLITE_ROW) {
            char **v = realloc(known, (nknown + 1) * sizeof *v);
            if (!v)
                break;
            known = v;
            known[nknown++] = strdup((const char *)sqlite3_column_text(kq, 0));
        }
    }
    sqlite3_finalize(kq);
    for (size_t t = 0; t < sizeof queries / sizeof queries[0]; t++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, queries[t][1], -1, &st, NULL) != SQLITE_OK)
            continue;
        sqlite3_bind_int64(st, 1, docid);
        if (json)
            tc_buf_printf_rc(rc, b, ",\"%s\":[", queries[t][0]);
        else
            tc_buf_printf_rc(rc, b, "\n%s:\n", queries[t][0]);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *probable = NULL, *reason = NULL;
            if (t == 0 && (sqlite3_column_int(st, 8) == 0 || sqlite3_column_int(st, 11))) {
                tc_citation ref;
                memset(&ref, 0, sizeof ref);
                snprintf(ref.key, sizeof ref.key, "%s", sqlite3_column_text(st, 0));
                snprintf(ref.number, sizeof ref.number, "%s", sqlite3_column_text(st, 7));
                ref.year = sqlite3_column_int(st, 8);
                snprintf(ref.type, sizeof ref.type, "%s", sqlite3_column_text(st, 9));
                snprintf(ref.issuer, sizeof ref.issuer, "%s", sqlite3_column_text(st, 5));
                snprintf(ref.unit, sizeof ref.unit, "%s", sqlite3_column_text(st, 10));
                ref.is_short = sqlite3_column_int(st, 11);
                if (!tc_index_citer(ix) ||
                    tc_citer_probable(tc_index_citer(ix), &ref, (const char *const *)known, nknown,
                                      &probable, &reason) != 1 ||
                    strcmp(probable, ref.key) == 0)
                    probable = reason = NULL;
                /* A reference dated in another year than the known key's
                 * cannot mean it (as in `tracuu cite --probable`). */
                const char *cdate = (const char *)sqlite3_column_text(st, 4);
                if (probable && cdate && strlen(cdate) >= 4 && key_symbol_year(probable) &&
                    atoi(cdate) != key_symbol_year(probable))
                    probable = reason = NULL;
            }
            if (json) {
                tc_buf_puts_rc(rc, b, n ? ",{" : "{");
                row_json(rc, st, 0, b);
                if (t == 0) {
                    tc_buf_puts_rc(rc, b, ",\"probable_of\":");
                    if (probable)
                        tc_json_str(b, probable, strlen(probable));
                    else
                        tc_buf_puts_rc(rc, b, "null");
                    tc_buf_puts_rc(rc, b, ",\"reason\":");
                    if (reason)
                        tc_json_str(b, reason, strlen(reason));
                    else
                        tc_buf_puts_rc(rc, b, "null");
                }
                if (t == 3) {
                    doc_sentence(ix, &cache, docid, (size_t)sqlite3_column_int64(st, 12),
                                 (size_t)sqlite3_column_int64(st, 13), &sent);
                    tc_buf_puts_rc(rc, b, ",\"sentence\":");
                    tc_json_str(b, sent.data ? sent.data : "", sent.len);
                }
                tc_buf_putc_rc(rc, b, '}');
            } else {
                const char *v = (const char *)sqlite3_column_text(st, 0);
                const char *text = (const char *)sqlite3_column_text(st, t == 0   ? 1
                                                                         : t == 1 ? 4
                                                                         : t == 2 ? 8
                                                                         : t == 3 ? 11
                                                                                  : 5);
                tc_buf_printf_rc(rc, b, "  %-28s %s%s%s%s\n", v ? v : "", text ? text : "",
                                 probable ? "  (probably " : "", probable ? probable : "",
                                 probable ? ")" : "");
            }
            n++;
        }
        sqlite3_finalize(st);
        if (json)
            tc_buf_putc_rc(rc, b, ']');
    }
    for (size_t i = 0; i < nknown; i++)
        free(known[i]);
    free(known);
    doc_cache_free(&cache);
    tc_buf_free(&sent);
}

static int cmd_show(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1}, {"--format", NULL, 1}, {"--help", "-h", 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("show", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs != 1) {
        fprintf(pa.values[2] ? stdout : stderr,
                "usage: tracuu show [--index DIR] [--format text|json] ID|PATH\n");
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    int json = pa.values[1] && strcmp(pa.values[1], "json") == 0;
    if (pa.values[1] && !json && strcmp(pa.values[1], "text") != 0) {
        fprintf(stderr, "tracuu show: --format takes text or json\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_index *ix = NULL;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_READ, &ix);
    if (ex) {
        free(pa.args);
        return ex;
    }
    sqlite3 *db = tc_index_sqlite(ix);
    sqlite3_stmt *st = NULL;
    const char *arg = pa.args[0];
    unsigned long id;
    char *abs = NULL;
    if (parse_uint(arg, 0xFFFFFFFFul, &id) == 0) {
        sqlite3_prepare_v2(db, "SELECT * FROM documents WHERE id=?", -1, &st, NULL);
        sqlite3_bind_int64(st, 1, (long long)id);
    } else {
        abs = realpath(arg, NULL);
        sqlite3_prepare_v2(db, "SELECT * FROM documents WHERE path=?", -1, &st, NULL);
        sqlite3_bind_text(st, 1, abs ? abs : arg, -1, SQLITE_TRANSIENT);
    }
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        fprintf(stderr, "tracuu show: no indexed document '%s'\n", arg);
        ex = EXIT_NOHITS;
    } else {
        long long docid = sqlite3_column_int64(st, 0);
        tc_buf b;
        tc_buf_init(&b, 0);
        tc_rc rc = TC_OK;
        int ncol = sqlite3_column_count(st);
        if (json) {
            tc_buf_putc_rc(&rc, &b, '{');
            row_json(&rc, st, 0, &b);
        } else {
            for (int c = 0; c < ncol; c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                tc_buf_printf_rc(&rc, &b, "%-18s %s\n", sqlite3_column_name(st, c), v ? v : "");
            }
        }
        show_entities(&rc, ix, docid, json, &b);
        if (json)
            tc_buf_puts_rc(&rc, &b, "}\n");
        if (rc) {
            fprintf(stderr, "tracuu show: %s\n", tc_strerror(rc));
            ex = EXIT_ERROR;
        } else {
            fwrite(b.data, 1, b.len, stdout);
        }
        tc_buf_free(&b);
    }
    sqlite3_finalize(st);
    free(abs);
    tc_index_close(ix);
    free(pa.args);
    return ex;
}

/* ---- main ------------------------------------------------------------------ */

typedef struct command {
    const char *name;         /* subcommand */
    int (*run)(int, char **); /* its entry point (arguments after the name) */
    const char *summary;      /* one line for `tracuu help` */
} command;

static const command commands[] = {
    {"index", cmd_index, "index report files and folders (incremental)"},
    {"search", cmd_search, "full-text search with filters"},
    {"show", cmd_show, "all metadata of one document"},
    {"cite", cmd_cite, "who cites a document, most cited documents, citation graph"},
    {"trend", cmd_trend, "matching documents and passages per year or province"},
    {"figures", cmd_figures, "figures reported for a counted thing, by province or year"},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "tracuu %s: search and analyse Vietnamese government reports\n\n"
            "usage: tracuu COMMAND [OPTIONS] [ARGS]\n\n",
            TRACUU_VERSION);
    for (int i = 0; commands[i].name; i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp,
            "\nThe index is ./%s unless --index DIR or $TRACUU_INDEX says otherwise.\n"
            "`tracuu COMMAND --help` shows a command's options.\n",
            TC_DEFAULT_INDEX);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("tracuu %s (index schema %d)\n", TRACUU_VERSION, TC_SCHEMA_VERSION);
        return 0;
    }
    for (int i = 0; commands[i].name; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "tracuu: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
