/*
 * tracuu.c: the command-line tool.  It uses only the library's public
 * header (include/tracuu.h) and the renderers (render/); the library never
 * prints, so every message is decided here.
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

#include "../include/tracuu.h"
#include "../render/output.h"
#include "../render/render.h"

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
static tc_rc join_args(const parsed_args *pa, tc_buf *out);
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

static int open_db(const char *dir, tc_db **db)
{
    char err[600];
    tc_rc rc = tc_db_open(dir, db, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        return exit_for(rc);
    }
    if (tc_db_interrupted(*db))
        fprintf(stderr, "tracuu: warning: the last indexing run was interrupted; run `tracuu "
                        "index` again to finish it\n");
    return 0;
}

/* Reports a failed library call and returns its exit code. */
static int fail(const char *what, tc_rc rc, const tc_db *db)
{
    const char *detail = db ? tc_db_errmsg(db) : "";
    fprintf(stderr, "tracuu: %s: %s\n", what, *detail ? detail : tc_strerror(rc));
    return exit_for(rc);
}

/* ---- index ----------------------------------------------------------------- */

typedef struct index_ui {
    int tty;          /* stderr is a terminal: show progress */
    double last_draw; /* when progress was last drawn */
    int drawn;        /* a progress line is on screen */
    int quiet;        /* --quiet */
    int verbose;      /* --verbose: one line per file */
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

static void ui_clear(index_ui *ui)
{
    if (ui->drawn) {
        fputs("\r\033[K", stderr);
        ui->drawn = 0;
    }
}

static void ui_file(void *ctx, const char *path, const char *format, const char *outcome)
{
    index_ui *ui = ctx;
    if (!ui->verbose)
        return;
    ui_clear(ui);
    fprintf(stderr, "%-9s %-8s %s\n", outcome, format ? format : "-", path);
}

static void ui_ocr_page(void *ctx, const char *path, size_t done, size_t total)
{
    index_ui *ui = ctx;
    if (ui->quiet)
        return;
    if (!ui->tty) {
        if (done == total)
            fprintf(stderr, "tracuu: OCR: %s: %zu pages read\n", path, total);
        return;
    }
    const char *base = strrchr(path, '/');
    fprintf(stderr, "\r\033[KOCR %s: page %zu/%zu", base ? base + 1 : path, done, total);
    ui->drawn = 1;
}

static void ui_summary(const tc_index_stats *st)
{
    static const char *const why[TC_SKIP_COUNT] = {
        [TC_SKIP_EMPTY] = "empty",       [TC_SKIP_UNKNOWN] = "unknown format",
        [TC_SKIP_UNREADABLE] = "unreadable", [TC_SKIP_TOOBIG] = "too large",
        [TC_SKIP_DAMAGED] = "damaged",   [TC_SKIP_PASSWORD] = "password-protected"};
    fprintf(stderr,
            "indexed: %u added, %u updated, %u removed, %u unchanged, %u skipped, %u "
            "warnings; %.1f MB in %.2fs\n",
            st->added, st->updated, st->removed, st->unchanged, st->skipped, st->warnings,
            st->bytes / 1048576.0, st->seconds);
    if (st->nformats) {
        fputs("  formats:", stderr);
        for (size_t i = 0; i < st->nformats; i++) {
            const tc_format_count *c = &st->formats[i];
            fprintf(stderr, "%s %s %u", i ? "," : "", c->format, c->indexed);
            if (c->skipped)
                fprintf(stderr, " (+%u skipped)", c->skipped);
        }
        fputc('\n', stderr);
    }
    if (st->skipped) {
        fputs("  skipped:", stderr);
        int first = 1;
        for (int i = 0; i < TC_SKIP_COUNT; i++)
            if (st->skip_why[i]) {
                fprintf(stderr, "%s %u %s", first ? "" : ",", st->skip_why[i], why[i]);
                first = 0;
            }
        fputs(" (the warnings above name each file)\n", stderr);
    }
    if (st->ignored)
        fprintf(stderr, "  ignored: %u files in formats tracuu does not read (--verbose lists them)\n",
                st->ignored);
    if (st->scanned_files)
        fprintf(stderr,
                "  scanned: %u files have %u pages without a text layer, not read (use --ocr)\n",
                st->scanned_files, st->image_pages);
    if (st->ocr_pages)
        fprintf(stderr, "  OCR: %u pages read\n", st->ocr_pages);
    if (st->converted)
        fprintf(stderr, "  converted from a legacy encoding (TCVN3, VNI, ...): %u files\n",
                st->converted);
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
    static const opt_spec specs[] = {{"--index", NULL, 1},   {"--quiet", "-q", 0},
                                     {"--help", "-h", 0},    {"--ocr", NULL, 0},
                                     {"--verbose", "-v", 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("index", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs == 0) {
        fprintf(pa.values[2] ? stdout : stderr,
                "usage: tracuu index [--index DIR] [--ocr] [--verbose] [--quiet] PATH...\n"
                "Indexes the documents under each PATH (files or folders): .txt, .md, .docx,\n"
                ".odt, .doc, .rtf, .html/.htm and .pdf.  Unchanged files are skipped, changed\n"
                "ones re-indexed, deleted ones removed.  Old Vietnamese encodings (TCVN3/ABC,\n"
                "VNI, VISCII, Windows-1258) are converted to Unicode.\n"
                "  --ocr       read scanned PDF pages (no text layer) with Tesseract (Vietnamese)\n"
                "  --verbose   list every file with its format and what was done with it\n"
                "  --quiet     no progress and no summary\n");
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    tc_index *ix = NULL;
    char err[600];
    tc_rc orc = tc_index_open(index_dir(pa.values[0]), &ix, err, sizeof err);
    if (orc) {
        fprintf(stderr, "tracuu: %s\n", err);
        free(pa.args);
        return exit_for(orc);
    }
    index_ui ui = {.tty = isatty(2), .quiet = pa.values[1] != NULL, .verbose = pa.values[4] != NULL};
    tc_index_callbacks cb = {ui_notice, ui_progress, ui_file, ui_ocr_page, &ui};
    tc_index_opts iopts = {.ocr = pa.values[3] != NULL};
    tc_index_stats st;
    tc_rc rc = tc_index_update(ix, pa.args, (size_t)pa.nargs, &iopts, &cb, &st);
    if (ui.drawn)
        fputs("\r\033[K", stderr);
    if (rc) {
        fprintf(stderr, "tracuu: indexing failed: %s\n", tc_index_errmsg(ix));
        tc_index_close(ix);
        free(pa.args);
        return exit_for(rc);
    }
    if (!ui.quiet)
        ui_summary(&st);
    tc_index_close(ix);
    free(pa.args);
    return 0;
}

/* ---- search ---------------------------------------------------------------- */

static int run_facets(tc_db *db, tc_query *q, int by, int sort_by_value, int format,
                      const char *out_path, int excel, const char *by_name)
{
    tc_facet_row *rows = NULL;
    size_t n = 0;
    uint32_t total = 0;
    int relaxed = 0;
    tc_rc rc = tc_facets(db, q, by, sort_by_value, &rows, &n, &total, &relaxed);
    if (rc)
        return fail("counting failed", rc, db);
    tc_out o;
    if (tc_out_open(&o, out_path, format, excel)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", out_path, strerror(errno));
        tc_facet_rows_free(rows, n);
        return EXIT_ERROR;
    }
    tc_render_facets(&o, by_name, rows, n, total, relaxed, sort_by_value && o.tty);
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
    int passages;           /* --passages: every passage of each hit */
    int suggest;            /* "did you mean" when nothing is found (not in batches) */
} search_job;

/* After a search that found nothing, only some of the words, or was
 * refused: the corrected query, or (found nothing: no_hints 0) hints, on
 * stderr (stdout and the exit code are unchanged). */
static void suggest_after(tc_db *ix, const char *qtext, int no_hints)
{
    tc_buf s;
    tc_buf_init(&s, 1 << 16);
    if (tc_suggest(ix, qtext, &s) == TC_OK && s.len) {
        fprintf(stderr, "Có phải bạn muốn tìm: %s? / did you mean: %s?\n", tc_buf_cstr(&s),
                tc_buf_cstr(&s));
    } else if (!no_hints) {
        int field = strchr(qtext, ':') != NULL, marks = 0;
        for (const unsigned char *c = (const unsigned char *)qtext; *c; c++)
            marks |= *c >= 0x80;
        if (field)
            fputs("Gợi ý: bỏ bớt một bộ lọc / hint: try without one of the filters\n", stderr);
        if (marks)
            fputs("Gợi ý: thử gõ không dấu / hint: try the words without diacritics\n", stderr);
    }
    tc_buf_free(&s);
}

/* Runs one query and writes its results to o.  *total gets the number of
 * matching documents.  Returns an exit code (0, 1 or an error). */
static int search_one(tc_db *ix, const char *qtext, const search_job *j, tc_out *o, uint32_t *total)
{
    *total = 0;
    char err[1024];
    tc_query *q = NULL;
    tc_rc rc = tc_query_parse(ix, qtext, &q, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        if (rc == TC_ESYNTAX && j->suggest)
            suggest_after(ix, qtext, 1);
        return exit_for(rc);
    }
    if (j->explain) {
        tc_buf e;
        tc_buf_init(&e, 1 << 20);
        if (tc_query_explain(q, &e) == TC_OK)
            fputs(tc_buf_cstr(&e), stderr);
        tc_buf_free(&e);
    }
    if (j->facet_by >= 0) {
        tc_facet_row *rows = NULL;
        size_t n = 0;
        int relaxed = 0;
        rc = tc_facets(ix, q, j->facet_by, 0, &rows, &n, total, &relaxed);
        if (!rc) {
            tc_render_facets(o, j->by_name, rows, n, *total, relaxed, 0);
            tc_facet_rows_free(rows, n);
        }
        if (rc || !j->hits) {
            int ex = rc ? fail("counting failed", rc, ix) : *total ? EXIT_HITS : EXIT_NOHITS;
            tc_query_free(q);
            return ex;
        }
        if (o->format == TC_FMT_TEXT)
            fputc('\n', o->fp);
    }
    /* JSON lists every occurrence of each hit (`matches`). */
    tc_search_opts so = {j->offset, j->limit, j->sort_date, 1, 0, o->format == TC_FMT_JSON,
                         j->passages};
    tc_results *res = NULL;
    rc = tc_search_run(ix, q, &so, &res);
    if (rc) {
        int ex = fail("search failed", rc, ix);
        tc_query_free(q);
        return ex;
    }
    *total = res->total;
    tc_render_search_head(o, res, !(j->facet_by >= 0));
    for (size_t i = 0; i < res->n; i++)
        tc_render_hit(o, &res->hits[i], j->cwd);
    /* Nothing, or only documents with some of the words: maybe a typo. */
    int missed = !*total || res->relaxed;
    tc_results_free(res);
    tc_query_free(q);
    if (missed && j->suggest)
        suggest_after(ix, qtext, *total > 0);
    return *total ? EXIT_HITS : EXIT_NOHITS;
}

static int cmd_search(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1},   {"--limit", "-n", 1},  {"--offset", NULL, 1},
        {"--sort", NULL, 1},    {"--format", NULL, 1}, {"--output", "-o", 1},
        {"--explain", NULL, 0}, {"--excel", NULL, 0},  {"--help", "-h", 0},
        {"--by", NULL, 1},      {"--hits", NULL, 0},   {"--queries", NULL, 1},
        {"--time", NULL, 0},    {"--passages", NULL, 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("search", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    search_job job = {0, 10, 0, pa.values[6] != NULL, -1, pa.values[9], pa.values[10] != NULL, "",
                      0, 0};
    job.passages = pa.values[13] != NULL;
    job.suggest = pa.values[11] == NULL;
    if (pa.values[9] && (job.facet_by = tc_facet_by_parse(pa.values[9])) < 0) {
        fprintf(stderr, "tracuu search: --by takes province, province2025, year, agency, type, "
                        "cited or level\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    const char *batch = pa.values[11];
    if (pa.values[8] || (pa.nargs == 0 && !batch)) {
        fprintf(
            pa.values[8] ? stdout : stderr,
            "usage: tracuu search [--index DIR] [--limit N] [--offset N]\n"
            "                     [--sort relevance|date] [--format text|json|csv]\n"
            "                     [-o FILE] [--excel] [--explain] [--passages]\n"
            "                     [--by province|province2025|year|agency|type|cited|level\n"
            "                      [--hits]]\n"
            "                     QUERY...\n"
            "       tracuu search [options] --queries FILE [--time]\n"
            "Query syntax: words, \"phrase\", OR, -word, NOT, ( ), province:, year:,\n"
            "year:A..B, type:, agency:, level:, period:, date:A..B, draft:, cites:, mentions:\n"
            "(see README).  --queries runs one query per line of FILE (- for stdin) in\n"
            "one process; --time prints \"ms<TAB>total<TAB>query\" per query to stderr.\n"
            "--passages lists every sentence of each hit that holds a match (line, page).\n");
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
    tc_db *ix = NULL;
    int ex = open_db(index_dir(pa.values[0]), &ix);
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
        uint32_t total = 0;
        ex = join_args(&pa, &qtext) ? EXIT_USAGE
                                    : search_one(ix, tc_buf_cstr(&qtext), &job, &o, &total);
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
    tc_db_close(ix);
    free(pa.args);
    return ex;
}

/* ---- shared: open the index and parse a query ------------------------------------ */

static int open_query(const char *dir, const char *text, tc_db **ix, tc_query **q)
{
    *q = NULL;
    int ex = open_db(dir, ix);
    if (ex)
        return ex;
    char err[1024];
    tc_rc rc = tc_query_parse(*ix, text, q, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        tc_db_close(*ix);
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

/* Joins the arguments with spaces.  Past the buffer's cap (1 MiB) it
 * says so on stderr and returns TC_ENOMEM: the caller exits with 2. */
static tc_rc join_args(const parsed_args *pa, tc_buf *out)
{
    tc_rc rc = TC_OK;
    for (int i = 0; i < pa->nargs; i++) {
        if (i)
            tc_buf_putc_rc(&rc, out, ' ');
        tc_buf_puts_rc(&rc, out, pa->args[i]);
    }
    if (rc)
        fprintf(stderr, "tracuu: the query is longer than %zu bytes\n", out->cap);
    return rc;
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
    tc_rc jrc = join_args(&pa, &text);
    if (!jrc && pa.values[2]) {
        tc_buf_puts_rc(&jrc, &text, " province:\"");
        tc_buf_puts_rc(&jrc, &text, pa.values[2]);
        tc_buf_puts_rc(&jrc, &text, "\"");
    }
    if (jrc) {
        tc_buf_free(&text);
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_db *ix;
    tc_query *q;
    int ex = open_query(index_dir(pa.values[0]), tc_buf_cstr(&text), &ix, &q);
    if (!ex) {
        ex = run_facets(ix, q, by, by == TC_BY_YEAR, format, pa.values[4], pa.values[5] != NULL,
                        by_name);
        tc_query_free(q);
        tc_db_close(ix);
    }
    tc_buf_free(&text);
    free(pa.args);
    return ex;
}

/* ---- cite ---------------------------------------------------------------------------- */

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
    tc_db *db;
    int ex = open_db(index_dir(pa.values[0]), &db);
    if (ex) {
        free(pa.args);
        return ex;
    }
    tc_buf key;
    tc_buf_init(&key, 1 << 16);
    tc_out o;
    memset(&o, 0, sizeof o);
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    if (!top) {
        tc_buf text;
        tc_buf_init(&text, 1 << 20);
        tc_rc rc = join_args(&pa, &text);
        if (!rc)
            rc = tc_cite_key(db, text.data, text.len, &key);
        tc_buf_free(&text);
        if (rc) {
            if (rc == TC_ENOTFOUND) {
                fprintf(stderr,
                        "tracuu cite: '%s' is not a document reference (try "
                        "45/2016/QĐ-TTg or \"Nghị quyết 36\")\n",
                        pa.args[0]);
                ex = EXIT_USAGE;
            } else {
                ex = fail("cite", rc, db);
            }
            tc_db_close(db);
            tc_buf_free(&key);
            free(pa.args);
            return ex;
        }
    }
    tc_rc rc = TC_OK;
    if (tc_out_open(&o, pa.values[7], format, pa.values[8] != NULL)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[7], strerror(errno));
        ex = EXIT_ERROR;
    } else if (top) {
        tc_cite_top_row *rows = NULL;
        size_t n = 0;
        if ((rc = tc_cite_top(db, pa.values[3], limit, &rows, &n)) == TC_OK) {
            tc_render_cite_top(&o, pa.values[3], rows, n);
            ex = n ? EXIT_HITS : EXIT_NOHITS;
            tc_cite_top_free(rows, n);
        }
    } else if (pa.values[4]) {
        tc_graph *g = NULL;
        if ((rc = tc_cite_graph(db, tc_buf_cstr(&key), (unsigned)depth, &g)) == TC_OK) {
            tc_render_graph(&o, g, strcmp(pa.values[4], "dot") == 0);
            ex = g->nedges ? EXIT_HITS : EXIT_NOHITS;
            tc_graph_free(g);
        }
    } else {
        tc_cite_row *rows = NULL;
        size_t n = 0;
        if ((rc = tc_cite_list(db, tc_buf_cstr(&key), pa.values[1] != NULL, &rows, &n)) == TC_OK) {
            tc_render_cite_rows(&o, tc_buf_cstr(&key), rows, n, cwd);
            ex = n ? EXIT_HITS : EXIT_NOHITS;
            tc_cite_rows_free(rows, n);
            tc_buf near;
            tc_buf_init(&near, 1 << 16);
            if (!n && tc_suggest_cite(db, tc_buf_cstr(&key), &near) == TC_OK && near.len)
                fprintf(stderr, "Có phải bạn muốn tìm: %s? / did you mean: %s?\n",
                        tc_buf_cstr(&near), tc_buf_cstr(&near));
            else if (!n && !pa.values[1])
                fputs("Gợi ý: --probable cũng tìm các trích dẫn không ghi năm / hint: --probable "
                      "also finds references written without their year\n",
                      stderr);
            tc_buf_free(&near);
        }
    }
    if (rc)
        ex = fail("cite", rc, db);
    if (o.fp && tc_out_close(&o, ex <= EXIT_NOHITS) && ex <= EXIT_NOHITS) {
        fprintf(stderr, "tracuu: writing the results failed\n");
        ex = EXIT_ERROR;
    }
    tc_buf_free(&key);
    tc_db_close(db);
    free(pa.args);
    return ex;
}

/* ---- figures ------------------------------------------------------------------------ */

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
    tc_db *db;
    int ex = open_db(index_dir(pa.values[0]), &db);
    if (ex) {
        free(pa.args);
        return ex;
    }
    tc_buf q;
    tc_buf_init(&q, 1 << 20);
    tc_figure_row *rows = NULL;
    size_t n = 0;
    tc_pivot *pv = NULL;
    int by_year = by && strcmp(by, "year") == 0;
    tc_rc rc = join_args(&pa, &q);
    if (!rc)
        rc = tc_figures_find(db, tc_buf_cstr(&q), &rows, &n);
    if (!rc && by)
        rc = tc_figures_pivot(rows, n, by_year, &pv);
    tc_out o;
    if (rc) {
        ex = fail("figures", rc, db);
    } else if (tc_out_open(&o, pa.values[3], format, pa.values[4] != NULL)) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[3], strerror(errno));
        ex = EXIT_ERROR;
    } else {
        if (pv)
            tc_render_pivot(&o, tc_buf_cstr(&q), n, pv, by_year);
        else
            tc_render_figures(&o, tc_buf_cstr(&q), rows, n);
        ex = n ? EXIT_HITS : EXIT_NOHITS;
        if (tc_out_close(&o, 1)) {
            fprintf(stderr, "tracuu: writing the results failed\n");
            ex = EXIT_ERROR;
        }
    }
    tc_pivot_free(pv);
    tc_figure_rows_free(rows, n);
    tc_buf_free(&q);
    tc_db_close(db);
    free(pa.args);
    return ex;
}

/* ---- show ------------------------------------------------------------------------ */

static int cmd_show(int argc, char **argv)
{
    static const opt_spec specs[] = {{"--index", NULL, 1}, {"--format", NULL, 1},
                                     {"--help", "-h", 0},  {"--text", NULL, 0},
                                     {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("show", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs != 1) {
        fprintf(pa.values[2] ? stdout : stderr,
                "usage: tracuu show [--index DIR] [--format text|json] [--text] ID|PATH\n"
                "Shows a document's header fields, format, pages and every entity found in it.\n"
                "  --text   print the text as tracuu read it (from Word, PDF, OCR, ...), with a\n"
                "           line '--- page N ---' where each page of a paged format starts\n");
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    int json = pa.values[1] && strcmp(pa.values[1], "json") == 0;
    if (pa.values[1] && !json && strcmp(pa.values[1], "text") != 0) {
        fprintf(stderr, "tracuu show: --format takes text or json\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    tc_db *db = NULL;
    int ex = open_db(index_dir(pa.values[0]), &db);
    if (ex) {
        free(pa.args);
        return ex;
    }
    tc_document *d = NULL;
    tc_rc rc = tc_show(db, pa.args[0], &d);
    tc_out o;
    if (rc == TC_ENOTFOUND) {
        fprintf(stderr, "tracuu show: no indexed document '%s'\n", pa.args[0]);
        ex = EXIT_NOHITS;
    } else if (rc) {
        ex = fail("show", rc, db);
    } else if (pa.values[3]) {
        if (tc_render_document_text(stdout, d) || fflush(stdout)) {
            fprintf(stderr, "tracuu: writing the text failed\n");
            ex = EXIT_ERROR;
        }
    } else if (tc_out_open(&o, NULL, json ? TC_FMT_JSON : TC_FMT_TEXT, 0) == TC_OK) {
        tc_render_document(&o, d);
        if (tc_out_close(&o, 1)) {
            fprintf(stderr, "tracuu: writing the results failed\n");
            ex = EXIT_ERROR;
        }
    }
    tc_document_free(d);
    tc_db_close(db);
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
        printf("tracuu %s (index schema %d)\n", TRACUU_VERSION, tc_schema_version());
        return 0;
    }
    for (int i = 0; commands[i].name; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "tracuu: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
