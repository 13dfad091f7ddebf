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

#include "../common/fields.h"
#include "../indexer/index.h"
#include "../indexer/schema.h"
#include "../search/query.h"
#include "../search/search.h"
#include "output.h"

#define TRACUU_VERSION "0.1.0"

enum { EXIT_HITS = 0, EXIT_NOHITS = 1, EXIT_USAGE = 2, EXIT_ERROR = 3, EXIT_NOINDEX = 4,
       EXIT_LOCKED = 5, EXIT_SCHEMA = 6 };

static int exit_for(tc_rc rc)
{
    switch (rc) {
    case TC_OK: return EXIT_HITS;
    case TC_ESYNTAX:
    case TC_EINVAL: return EXIT_USAGE;
    case TC_ENOINDEX: return EXIT_NOINDEX;
    case TC_ELOCKED: return EXIT_LOCKED;
    case TC_ESCHEMA: return EXIT_SCHEMA;
    default: return EXIT_ERROR;
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
                fprintf(stderr, "tracuu %s: unknown option '%s' (see tracuu %s --help)\n", cmd,
                        a, cmd);
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

/* ---- index ----------------------------------------------------------------- */

typedef struct index_ui {
    int tty;           /* stderr is a terminal: show progress */
    double last_draw;  /* when progress was last drawn */
    int drawn;         /* a progress line is on screen */
    int quiet;         /* --quiet */
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
    static const opt_spec specs[] = {{"--index", NULL, 1}, {"--quiet", "-q", 0},
                                     {"--help", "-h", 0}, {NULL, NULL, 0}};
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

static const char *const hit_fields[] = {"rank",   "score", "id",     "path",  "province",
                                         "province2025", "year", "date", "number", "type",
                                         "agency", "title", "period", "snippet", NULL};

static void snippet_marked(const tc_snippet *s, int bold, tc_buf *out)
{
    const char *open = bold ? "\033[1m" : "[", *close = bold ? "\033[0m" : "]";
    size_t at = 0, len = s->text ? strlen(s->text) : 0;
    if (s->cut_before)
        tc_buf_puts(out, "…");
    for (size_t m = 0; m < s->nmarks; m++) {
        tc_buf_append(out, s->text + at, s->marks[m][0] - at);
        tc_buf_puts(out, open);
        tc_buf_append(out, s->text + s->marks[m][0], s->marks[m][1] - s->marks[m][0]);
        tc_buf_puts(out, close);
        at = s->marks[m][1];
    }
    tc_buf_append(out, s->text + at, len - at);
    if (s->cut_after)
        tc_buf_puts(out, "…");
}

static void print_hit_record(tc_out *o, const tc_hit *h, const char *cwd)
{
    const tc_fields *m = &h->meta;
    tc_buf snip;
    tc_buf_init(&snip, 0);
    snippet_marked(&h->snippet, 0, &snip);
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
        tc_buf_putc(&arr, '[');
        for (size_t i = 0; i < h->snippet.nmarks; i++)
            tc_buf_printf(&arr, "%s[%zu,%zu]", i ? "," : "", h->snippet.origin[i][0],
                          h->snippet.origin[i][1]);
        tc_buf_putc(&arr, ']');
        tc_out_raw(o, "matches", tc_buf_cstr(&arr));
        tc_buf_free(&arr);
    }
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
        snippet_marked(&h->snippet, o->tty, &snip);
        fprintf(fp, "     %s\n", tc_buf_cstr(&snip));
        tc_buf_free(&snip);
    }
    fputc('\n', fp);
}

static int cmd_search(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1},  {"--limit", "-n", 1}, {"--offset", NULL, 1}, {"--sort", NULL, 1},
        {"--format", NULL, 1}, {"--output", "-o", 1}, {"--explain", NULL, 0},
        {"--excel", NULL, 0},  {"--help", "-h", 0},  {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("search", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[8] || pa.nargs == 0) {
        fprintf(pa.values[8] ? stdout : stderr,
                "usage: tracuu search [--index DIR] [--limit N] [--offset N]\n"
                "                     [--sort relevance|date] [--format text|json|csv]\n"
                "                     [-o FILE] [--excel] [--explain] QUERY...\n"
                "Query syntax: words, \"phrase\", OR, -word, NOT, ( ), province:, year:,\n"
                "year:A..B, type:, agency:, period:, date:A..B, draft: (see README).\n");
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
    int sort_date = 0;
    if (pa.values[3]) {
        if (strcmp(pa.values[3], "date") == 0)
            sort_date = 1;
        else if (strcmp(pa.values[3], "relevance") != 0) {
            fprintf(stderr, "tracuu search: --sort takes relevance or date\n");
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    int format = TC_FMT_TEXT;
    if (pa.values[4]) {
        if (strcmp(pa.values[4], "json") == 0)
            format = TC_FMT_JSON;
        else if (strcmp(pa.values[4], "csv") == 0)
            format = TC_FMT_CSV;
        else if (strcmp(pa.values[4], "text") != 0) {
            fprintf(stderr, "tracuu search: --format takes text, json or csv\n");
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    /* The query is the arguments joined by spaces. */
    tc_buf qtext;
    tc_buf_init(&qtext, 1 << 20);
    for (int i = 0; i < pa.nargs; i++) {
        if (i)
            tc_buf_putc(&qtext, ' ');
        tc_buf_puts(&qtext, pa.args[i]);
    }
    tc_index *ix = NULL;
    int ex = open_index(index_dir(pa.values[0]), TC_INDEX_READ, &ix);
    if (ex) {
        tc_buf_free(&qtext);
        free(pa.args);
        return ex;
    }
    char err[1024];
    tc_query *q = NULL;
    tc_rc rc = tc_query_parse(ix, tc_buf_cstr(&qtext), &q, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu: %s\n", err);
        tc_index_close(ix);
        tc_buf_free(&qtext);
        free(pa.args);
        return exit_for(rc);
    }
    if (pa.values[6]) {
        tc_buf e;
        tc_buf_init(&e, 0);
        tc_query_explain(q, &e);
        fputs(tc_buf_cstr(&e), stderr);
        tc_buf_free(&e);
    }
    tc_search_opts so = {(uint32_t)offset, (uint32_t)limit, sort_date, 1, NULL, 0};
    tc_results *res = NULL;
    rc = tc_search_run(ix, q, &so, &res);
    if (rc) {
        fprintf(stderr, "tracuu: search failed: %s: %s\n", tc_strerror(rc),
                tcx_db_errmsg(tc_index_xapian(ix)));
        tc_query_free(q);
        tc_index_close(ix);
        tc_buf_free(&qtext);
        free(pa.args);
        return exit_for(rc);
    }
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    tc_out o;
    rc = tc_out_open(&o, pa.values[5], format, pa.values[7] != NULL);
    if (rc) {
        fprintf(stderr, "tracuu: cannot write '%s': %s\n", pa.values[5], strerror(errno));
    } else {
        if (format == TC_FMT_TEXT) {
            fprintf(o.fp, "%u document%s match%s", res->total, res->total == 1 ? "" : "s",
                    res->total == 1 ? "es" : "");
            if (res->relaxed)
                fprintf(o.fp, " some of the words (no document has them all; best matches "
                              "first)");
            if (res->n)
                fprintf(o.fp, "; showing %u-%u", res->hits[0].rank, res->hits[res->n - 1].rank);
            fputs("\n\n", o.fp);
        }
        tc_out_header(&o, hit_fields);
        for (size_t i = 0; i < res->n; i++) {
            if (format == TC_FMT_TEXT)
                print_hit_text(&o, &res->hits[i], cwd);
            else
                print_hit_record(&o, &res->hits[i], cwd);
        }
        rc = tc_out_close(&o, 1);
        if (rc)
            fprintf(stderr, "tracuu: writing the results failed\n");
    }
    ex = rc ? EXIT_ERROR : res->total ? EXIT_HITS : EXIT_NOHITS;
    tc_results_free(res);
    tc_query_free(q);
    tc_index_close(ix);
    tc_buf_free(&qtext);
    free(pa.args);
    return ex;
}

/* ---- show ------------------------------------------------------------------ */

static int cmd_show(int argc, char **argv)
{
    static const opt_spec specs[] = {{"--index", NULL, 1}, {"--format", NULL, 1},
                                     {"--help", "-h", 0}, {NULL, NULL, 0}};
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
        tc_out o;
        tc_out_open(&o, NULL, json ? TC_FMT_JSON : TC_FMT_TEXT, 0);
        int ncol = sqlite3_column_count(st);
        if (json) {
            tc_out_begin(&o);
            for (int c = 0; c < ncol; c++) {
                const char *name = sqlite3_column_name(st, c);
                int t = sqlite3_column_type(st, c);
                if (t == SQLITE_INTEGER)
                    tc_out_int(&o, name, sqlite3_column_int64(st, c));
                else if (t == SQLITE_NULL)
                    tc_out_raw(&o, name, "null");
                else
                    tc_out_str(&o, name, (const char *)sqlite3_column_text(st, c));
            }
            tc_out_end(&o);
        } else {
            for (int c = 0; c < ncol; c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                fprintf(o.fp, "%-18s %s\n", sqlite3_column_name(st, c), v ? v : "");
            }
        }
        tc_out_close(&o, 1);
    }
    sqlite3_finalize(st);
    free(abs);
    tc_index_close(ix);
    free(pa.args);
    return ex;
}

/* ---- main ------------------------------------------------------------------ */

typedef struct command {
    const char *name;             /* subcommand */
    int (*run)(int, char **);     /* its entry point (arguments after the name) */
    const char *summary;          /* one line for `tracuu help` */
} command;

static const command commands[] = {
    {"index", cmd_index, "index report files and folders (incremental)"},
    {"search", cmd_search, "full-text search with filters"},
    {"show", cmd_show, "all metadata of one document"},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp, "tracuu %s: search and analyse Vietnamese government reports\n\n"
                "usage: tracuu COMMAND [OPTIONS] [ARGS]\n\n",
            TRACUU_VERSION);
    for (int i = 0; commands[i].name; i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nThe index is ./%s unless --index DIR or $TRACUU_INDEX says otherwise.\n"
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
