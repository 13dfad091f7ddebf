/*
 * tracuu.c: the command-line tool.  It uses only the library's public
 * header (include/tracuu.h) and the renderers (render/); the library never
 * prints, so every message is decided here.
 *
 * Exit codes: 0 success (hits found), 1 no hits, 2 usage or query syntax
 * error, 3 other error, 4 no index, 5 index locked, 6 index schema mismatch.
 */
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../include/tracuu.h"
#include "../render/output.h"
#include "../render/render.h"
#include "../server/server.h"

/* Marks a string for xgettext; gettext() translates it where it is shown. */
#define N_(s) s

enum {
    EXIT_HITS = 0,
    EXIT_NOHITS = 1,
    EXIT_USAGE = 2,
    EXIT_ERROR = 3,
    EXIT_NOINDEX = 4,
    EXIT_LOCKED = 5,
    EXIT_SCHEMA = 6,
    EXIT_DAMAGED = 7
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Damage gets the same advice from every command, after the detail the
 * caller printed: the raw library error alone left users stuck. */
static int exit_for(tc_rc rc)
{
    if (rc == TC_EDAMAGED) {
        say("tracuu: the index is damaged; run tracuu check\n");
        return EXIT_DAMAGED;
    }
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

/* Prints a message on stderr with every control character from file
 * names, titles or the query made visible (output.h, tc_term_safe): a
 * message never runs an escape sequence on the terminal. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    fmt = gettext(fmt); /* messages are translated here (po/vi.po) */
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *msg = small;
    if (n >= (int)sizeof small) {
        msg = malloc((size_t)n + 1);
        if (!msg) {
            fputs("tracuu: out of memory\n", stderr);
            return;
        }
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    tc_buf b;
    tc_buf_init(&b, 0);
    if (n > 0 && tc_term_safe(&b, msg, (size_t)n) == TC_OK)
        fwrite(b.data, 1, b.len, stderr);
    tc_buf_free(&b);
    if (msg != small)
        free(msg);
}

/* Where the message catalogues are: next to the binary when it runs from
 * the source tree (bin/ -> build/locale, build-asan/bin/ -> build-asan/locale),
 * else where `make install` put them. */
#ifndef TC_LOCALEDIR
#define TC_LOCALEDIR "/usr/local/share/locale"
#endif
static void setup_messages(void)
{
    static const char *const rel[] = {"/../build/locale", "/../locale"};
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    const char *found = TC_LOCALEDIR;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            snprintf(dir, sizeof dir, "%s%s", exe, rel[i]);
            char mo[PATH_MAX + 64];
            snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/tracuu.mo", dir);
            if (access(mo, R_OK) == 0) {
                found = dir;
                break;
            }
        }
    }
    /* Only messages and characters follow the locale: numbers in JSON and
     * CSV keep their '.' whatever LC_NUMERIC says. */
    setlocale(LC_CTYPE, "");
    const char *loc = setlocale(LC_MESSAGES, "");
    const char *want = getenv("LANGUAGE");
    const char *lang = getenv("LC_ALL");
    if (!lang || !*lang)
        lang = getenv("LC_MESSAGES");
    if (!lang || !*lang)
        lang = getenv("LANG");
    /* gettext ignores LANGUAGE under the C locale, and a vi_VN locale may
     * not be installed: C.UTF-8 plus LANGUAGE=vi still finds the catalogue. */
    int c_locale = !loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0;
    if (c_locale && ((want && *want) || (lang && strncmp(lang, "vi", 2) == 0))) {
        if (!(want && *want))
            setenv("LANGUAGE", "vi", 1);
        setlocale(LC_MESSAGES, "C.UTF-8");
    }
    bindtextdomain("tracuu", found);
    bind_textdomain_codeset("tracuu", "UTF-8");
    textdomain("tracuu");
}

/* Levenshtein distance of two short words (capped at 32 bytes each), for
 * "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 32 || m > 32)
        return 99;
    size_t d[33][33];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[n][m];
}

/* The closest of names (NULL-terminated, stride apart) to word when close
 * enough to be a typo (distance at most 2, or 1 for short words), or NULL. */
static const char *closest(const char *word, const char *const *names, size_t stride)
{
    const char *best = NULL;
    size_t bestd = strlen(word) <= 4 ? 2 : 3;
    for (size_t i = 0; names[i * stride]; i++) {
        size_t d = edit_distance(word, names[i * stride]);
        if (d < bestd) {
            bestd = d;
            best = names[i * stride];
        }
    }
    return best;
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
                const char *names[33];
                size_t k = 0;
                for (; specs[k].name && k < 32; k++)
                    names[k] = specs[k].name;
                names[k] = NULL;
                char word[64];
                snprintf(word, sizeof word, "%.*s", (int)strcspn(a, "="), a);
                const char *near = closest(word, names, 1);
                if (near)
                    say("tracuu %s: unknown option '%s'; did you mean '%s'?\n", cmd, a, near);
                else
                    say("tracuu %s: unknown option '%s' (see tracuu %s --help)\n", cmd, a, cmd);
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
                say("tracuu %s: option '%s' needs a value\n", cmd, a);
                return -1;
            }
        } else {
            pa->values[matched] = "1";
        }
    }
    return 0;
}

static int parse_format(const char *cmd, const char *v, int *format);
static int pick_format(const char *cmd, const char *fmt, int excel, const char *out, int *format);
static int parse_limit(const char *v, unsigned long max, unsigned long *limit, int *all);
static tc_rc join_args(const parsed_args *pa, tc_buf *out);
static int accents_option(const char *cmd, int fold, int exact);
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
    /* --xapian-only: answer as a remote shard would; --allow-partial: a
     * cluster answers without its dead shards (global_option) */
    const char *partial = getenv("TRACUU_ALLOW_PARTIAL");
    unsigned flags = (getenv("TRACUU_XAPIAN_ONLY") ? TC_OPEN_XAPIAN_ONLY : 0) |
                     (partial && strcmp(partial, "1") == 0 ? TC_OPEN_ALLOW_PARTIAL : 0);
    tc_rc rc = tc_db_open_flags(dir, flags, db, err, sizeof err);
    if (rc) {
        say("tracuu: %s\n", err);
        return exit_for(rc);
    }
    if (tc_db_interrupted(*db))
        say("tracuu: warning: the last indexing run was interrupted; run `tracuu "
            "index` again to finish it\n");
    return 0;
}

#define PARTIAL_TAIL 1024 /* bytes of the JSON fields of a partial answer */

/* --allow-partial over a cluster: when shards were left out, says so on
 * stderr and has every JSON record end with "partial" and "missing"
 * (tail holds the text; it must outlive the records). */
static void mark_partial(tc_db *db, tc_out *o, char *tail, size_t cap)
{
    if (!tc_db_missing(db, 0))
        return;
    char names[512];
    size_t k = (size_t)snprintf(tail, cap, ",\"partial\":true,\"missing\":["), kn = 0;
    names[0] = 0;
    for (size_t i = 0; tc_db_missing(db, i) && k < cap; i++) {
        /* shard names are letters, digits, '.', '_' and '-': no escaping */
        const char *name = tc_db_missing(db, i);
        k += (size_t)snprintf(tail + k, cap - k, "%s\"%s\"", i ? "," : "", name);
        if (kn < sizeof names)
            kn += (size_t)snprintf(names + kn, sizeof names - kn, "%s'%s'", i ? ", " : "", name);
    }
    say("tracuu: partial results: the shards %s did not answer; the results leave out their "
        "documents\n",
        names);
    if (k + 3 < cap) {
        snprintf(tail + k, cap - k, "]");
        o->json_tail = tail;
    }
}

/* Reports a failed library call and returns its exit code. */
static int fail(const char *what, tc_rc rc, const tc_db *db)
{
    const char *detail = db ? tc_db_errmsg(db) : "";
    say("tracuu: %s: %s\n", what, *detail ? detail : tc_strerror(rc));
    return exit_for(rc);
}

/* Opens the output like tc_out_open and decides who reads it: a workbook
 * and CSV for Excel (--excel) are for people, so their headers and the
 * names of periods and types follow the language (vi: "tỉnh", "quý I");
 * plain --format csv is for programs and keeps the English keys of README
 * "Machine output" whatever the locale, unless --lang vi was asked for on
 * the command line (TRACUU_LANG, set by main from --lang). */
static tc_rc out_open(tc_out *o, const char *path, int format, int excel)
{
    tc_rc rc = tc_out_open(o, path, format, excel);
    const char *asked = getenv("TRACUU_LANG");
    o->people = format == TC_FMT_XLSX ||
                (format == TC_FMT_CSV && (excel || (asked && strcmp(asked, "vi") == 0)));
    return rc;
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
        say("tracuu: warning: %s: byte %lld: %s\n", path, offset, msg);
    else
        say("tracuu: warning: %s: %s\n", path, msg);
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
    say("%-9s %-8s %s\n", outcome, format ? format : "-", path);
}

static void ui_ocr_page(void *ctx, const char *path, size_t done, size_t total)
{
    index_ui *ui = ctx;
    if (ui->quiet)
        return;
    if (!ui->tty) {
        if (done == total)
            say("tracuu: OCR: %s: %zu pages read\n", path, total);
        return;
    }
    const char *base = strrchr(path, '/');
    tc_buf safe;
    tc_buf_init(&safe, 0);
    (void)tc_term_safe(&safe, base ? base + 1 : path, strlen(base ? base + 1 : path));
    fprintf(stderr, "\r\033[KOCR %s: page %zu/%zu", tc_buf_cstr(&safe), done, total);
    tc_buf_free(&safe);
    ui->drawn = 1;
}

static void ui_summary(const tc_index_stats *st)
{
    static const char *const why[TC_SKIP_COUNT] = {
        [TC_SKIP_EMPTY] = N_("empty"),           [TC_SKIP_UNKNOWN] = N_("unknown format"),
        [TC_SKIP_UNREADABLE] = N_("unreadable"), [TC_SKIP_TOOBIG] = N_("too large"),
        [TC_SKIP_DAMAGED] = N_("damaged"),       [TC_SKIP_PASSWORD] = N_("password-protected")};
    say("indexed: %u added, %u updated, %u removed, %u unchanged, %u skipped, %u "
        "warnings; %.1f MB in %.2fs\n",
        st->added, st->updated, st->removed, st->unchanged, st->skipped, st->warnings,
        st->bytes / 1048576.0, st->seconds);
    if (st->nformats) {
        fputs(gettext("  formats:"), stderr);
        for (size_t i = 0; i < st->nformats; i++) {
            const tc_format_count *c = &st->formats[i];
            say("%s %s %u", i ? "," : "", c->format, c->indexed);
            if (c->skipped)
                say(" (+%u skipped)", c->skipped);
        }
        fputc('\n', stderr);
    }
    if (st->skipped) {
        fputs(gettext("  skipped:"), stderr);
        int first = 1;
        for (int i = 0; i < TC_SKIP_COUNT; i++)
            if (st->skip_why[i]) {
                say("%s %u %s", first ? "" : ",", st->skip_why[i], gettext(why[i]));
                first = 0;
            }
        fputs(gettext(" (the warnings above name each file)\n"), stderr);
    }
    if (st->ignored)
        say("  ignored: %u files in formats tracuu does not read (--verbose lists them)\n",
            st->ignored);
    if (st->scanned_files)
        say("  scanned: %u files have %u pages without a text layer, not read (use --ocr)\n",
            st->scanned_files, st->image_pages);
    if (st->foreign_ocr_files)
        say("  foreign OCR: %u files have %u pages whose text layer has no Vietnamese marks "
            "(use --ocr to read them again)\n",
            st->foreign_ocr_files, st->foreign_ocr_pages);
    if (st->ocr_pages)
        say("  OCR: %u pages read\n", st->ocr_pages);
    if (st->parallel)
        say("  parallel build: two writers, merged into one index\n");
    if (st->converted)
        say("  converted from a legacy encoding (TCVN3, VNI, ...): %u files\n", st->converted);
    if (st->deep_folders)
        say("  not walked: %u folders more than 64 levels deep (warned above)\n", st->deep_folders);
}

static void ui_progress(void *ctx, const tc_index_progress *p)
{
    index_ui *ui = ctx;
    if (!ui->tty || ui->quiet)
        return;
    if (p->step) {
        /* Seconds to minutes on a large index, with nothing to count. */
        fprintf(stderr, "\r\033[K%u/%u files  %s", p->files_done, p->files_total,
                strcmp(p->step, "merging") == 0 ? gettext("merging the two writers' databases...")
                                                : gettext("compacting the index..."));
        ui->drawn = 1;
        return;
    }
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
        fputs(
            gettext(
                "usage: tracuu index [--index DIR] [--ocr] [--verbose] [--quiet] PATH...\n"
                "Indexes the documents under each PATH (files or folders): .txt, .md, .docx,\n"
                ".odt, .doc, .rtf, .html/.htm and .pdf.  Unchanged files are skipped, changed\n"
                "ones re-indexed, deleted ones removed.  Old Vietnamese encodings (TCVN3/ABC,\n"
                "VNI, VISCII, Windows-1258) are converted to Unicode.\n"
                "  --ocr       read scanned PDF pages (no text layer) with Tesseract (Vietnamese)\n"
                "  --verbose   list every file with its format and what was done with it\n"
                "  --quiet     no progress and no summary\n"
                "Examples:\n"
                "  tracuu index ~/baocao\n"
                "  tracuu index --ocr --verbose scans/ bao-cao-2024.docx\n"),
            pa.values[2] ? stdout : stderr);
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    tc_index *ix = NULL;
    char err[600];
    tc_rc orc = tc_index_open(index_dir(pa.values[0]), &ix, err, sizeof err);
    if (orc) {
        say("tracuu: %s\n", err);
        free(pa.args);
        return exit_for(orc);
    }
    index_ui ui = {
        .tty = isatty(2), .quiet = pa.values[1] != NULL, .verbose = pa.values[4] != NULL};
    tc_index_callbacks cb = {ui_notice, ui_progress, ui_file, ui_ocr_page, &ui};
    tc_index_opts iopts = {.ocr = pa.values[3] != NULL};
    tc_index_stats st;
    tc_rc rc = tc_index_update(ix, pa.args, (size_t)pa.nargs, &iopts, &cb, &st);
    if (ui.drawn)
        fputs("\r\033[K", stderr);
    if (rc) {
        say("tracuu: indexing failed: %s\n", tc_index_errmsg(ix));
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
    if (out_open(&o, out_path, format, excel)) {
        say("tracuu: cannot write '%s': %s\n", out_path, strerror(errno));
        tc_facet_rows_free(rows, n);
        return EXIT_ERROR;
    }
    char tail[PARTIAL_TAIL];
    mark_partial(db, &o, tail, sizeof tail);
    tc_render_facets(&o, by_name, rows, n, total, relaxed, sort_by_value);
    rc = tc_out_close(&o, 1);
    tc_facet_rows_free(rows, n);
    if (rc) {
        say("tracuu: writing the results failed\n");
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
    int accents;            /* --fold, --exact (enum tc_accents) */
    int suggest;            /* "did you mean" when nothing is found (not in batches) */
    char *tail;             /* JSON fields of a partial cluster answer (mark_partial) */
} search_job;

/* After a search that found nothing, only some of the words, or was
 * refused: the corrected query, or (found nothing: no_hints 0) hints, on
 * stderr (stdout and the exit code are unchanged). */
static void suggest_after(tc_db *ix, const char *qtext, int no_hints)
{
    tc_buf s;
    tc_buf_init(&s, 1 << 16);
    if (tc_suggest(ix, qtext, &s) == TC_OK && s.len) {
        say("did you mean: %s?\n", tc_buf_cstr(&s));
    } else if (!no_hints) {
        int field = strchr(qtext, ':') != NULL, marks = 0;
        for (const unsigned char *c = (const unsigned char *)qtext; *c; c++)
            marks |= *c >= 0x80;
        if (field)
            say("hint: try without one of the filters\n");
        if (marks)
            say("hint: try the words without diacritics\n");
    }
    tc_buf_free(&s);
}

/* Runs one query and writes its results to o.  *total gets the number of
 * matching documents.  Returns an exit code (0, 1 or an error). */
static int search_one(tc_db *ix, const char *qtext, const search_job *j, tc_out *o, uint32_t *total)
{
    *total = 0;
    o->json_tail = NULL;
    char err[1024];
    tc_query *q = NULL;
    tc_query_opts qo = {j->accents};
    tc_rc rc = tc_query_parse_opts(ix, qtext, &qo, &q, err, sizeof err);
    if (rc) {
        say("tracuu: %s\n", err);
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
        if (!rc)
            mark_partial(ix, o, j->tail, PARTIAL_TAIL);
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
    tc_search_opts so = {j->offset,  j->limit, j->sort_date, 1, 0, o->format == TC_FMT_JSON,
                         j->passages};
    tc_results *res = NULL;
    rc = tc_search_run(ix, q, &so, &res);
    if (rc) {
        int ex = fail("search failed", rc, ix);
        tc_query_free(q);
        return ex;
    }
    *total = res->total;
    mark_partial(ix, o, j->tail, PARTIAL_TAIL);
    if (res->total > j->offset + res->n && j->limit)
        say("tracuu: %zu of %u documents listed, %u left out (--limit all writes every one)\n",
            res->n, res->total, res->total - j->offset - (uint32_t)res->n);
    tc_render_reading(o, q);
    tc_render_search_head(o, res, !(j->facet_by >= 0) || o->format == TC_FMT_XLSX);
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
        {"--index", NULL, 1},   {"--limit", "-n", 1},    {"--offset", NULL, 1},
        {"--sort", NULL, 1},    {"--format", NULL, 1},   {"--output", "-o", 1},
        {"--explain", NULL, 0}, {"--excel", NULL, 0},    {"--help", "-h", 0},
        {"--by", NULL, 1},      {"--hits", NULL, 0},     {"--queries", NULL, 1},
        {"--time", NULL, 0},    {"--passages", NULL, 0}, {"--fold", NULL, 0},
        {"--exact", NULL, 0},   {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("search", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    int accents = accents_option("search", pa.values[14] != NULL, pa.values[15] != NULL);
    if (accents < 0)
        return free(pa.args), EXIT_USAGE;
    char tail[PARTIAL_TAIL];
    search_job job = {.limit = 10,
                      .tail = tail,
                      .explain = pa.values[6] != NULL,
                      .facet_by = -1,
                      .by_name = pa.values[9],
                      .hits = pa.values[10] != NULL,
                      .cwd = "",
                      .passages = pa.values[13] != NULL,
                      .accents = accents,
                      .suggest = pa.values[11] == NULL};
    if (pa.values[9] && (job.facet_by = tc_facet_by_parse(pa.values[9])) < 0) {
        say("tracuu search: --by takes province, province2025, year, agency, type, "
            "cited or level\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    const char *batch = pa.values[11];
    if (pa.values[8] || (pa.nargs == 0 && !batch)) {
        fputs(
            gettext(
                "usage: tracuu search [--index DIR] [--limit N|all] [--offset N]\n"
                "                     [--sort relevance|date] [--format text|json|csv|xlsx]\n"
                "                     [-o FILE] [--excel] [--explain] [--passages]\n"
                "                     [--fold | --exact]\n"
                "                     [--by province|province2025|year|agency|type|cited|level\n"
                "                      [--hits]]\n"
                "                     QUERY...\n"
                "       tracuu search [options] --queries FILE [--time]\n"
                "Query syntax: words, \"phrase\", OR, -word, NOT, ( ), province:, year:,\n"
                "year:A..B, type:, agency:, level:, period:, date:A..B, draft:, cites:, mentions:\n"
                "(see README).  --queries runs one query per line of FILE (- for stdin) in\n"
                "one process; --time prints \"ms<TAB>total<TAB>query\" per query to stderr.\n"
                "--passages lists every sentence of each hit that holds a match (line, page).\n"
                "A query typed with diacritics keeps every word exact (\"việt nam\": nam is\n"
                "not năm); one typed without matches every accented form.  --fold: every\n"
                "word matches any accents; --exact: every word only as typed.\n"
                "A file or a machine format gets every hit unless --limit says otherwise.\n"
                "--format csv, for programs, keeps the English column names of the README;\n"
                "--excel and xlsx, for people, name columns in the language (vi: tỉnh, năm).\n"
                "Examples:\n"
                "  tracuu search \"chuyển đổi số\" province:\"Hà Tĩnh\" year:2023..2024\n"
                "  tracuu search xã --limit all -o xa.xlsx\n"
                "  tracuu search xã --by province --hits -o xa.xlsx\n"
                "  tracuu search BTS --excel -o bts.csv\n"),
            pa.values[8] ? stdout : stderr);
        free(pa.args);
        return pa.values[8] ? 0 : EXIT_USAGE;
    }
    int format;
    if (pick_format("search", pa.values[4], pa.values[7] != NULL, pa.values[5], &format)) {
        free(pa.args);
        return EXIT_USAGE;
    }
    if (job.hits && job.facet_by >= 0 && format == TC_FMT_CSV) {
        say("tracuu search: --by with --hits makes two tables, which one CSV file cannot hold: "
            "use --format xlsx -o FILE.xlsx (a sheet for each), or run once with --by and once "
            "without\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    /* People at a terminal read the first ten; a file or a program gets
     * every row unless --limit says otherwise. */
    int limit_all = format != TC_FMT_TEXT || (pa.values[5] && strcmp(pa.values[5], "-") != 0);
    unsigned long limit = 10, offset = 0;
    if ((pa.values[1] && parse_limit(pa.values[1], 100000, &limit, &limit_all)) ||
        (pa.values[2] && parse_uint(pa.values[2], 10000000, &offset))) {
        say("tracuu search: --limit takes a whole number or 'all', --offset a whole number\n");
        free(pa.args);
        return EXIT_USAGE;
    }
    job.limit = (uint32_t)limit;
    job.offset = (uint32_t)offset;
    if (pa.values[3]) {
        if (strcmp(pa.values[3], "date") == 0)
            job.sort_date = 1;
        else if (strcmp(pa.values[3], "relevance") != 0) {
            say("tracuu search: --sort takes relevance or date\n");
            free(pa.args);
            return EXIT_USAGE;
        }
    }
    FILE *qf = NULL;
    if (batch) {
        qf = strcmp(batch, "-") == 0 ? stdin : fopen(batch, "r");
        if (!qf) {
            say("tracuu search: cannot read '%s': %s\n", batch, strerror(errno));
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
    if (limit_all) {
        tc_db_stats st;
        job.limit = tc_db_stats_get(ix, &st) == TC_OK && st.documents ? st.documents : 100000;
    }
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    job.cwd = cwd;
    tc_out o;
    if (out_open(&o, pa.values[5], format, pa.values[7] != NULL)) {
        say("tracuu: cannot write '%s': %s\n", pa.values[5], strerror(errno));
        ex = EXIT_ERROR;
    } else if (!batch) {
        tc_buf qtext;
        tc_buf_init(&qtext, 1 << 20);
        uint32_t total = 0;
        ex = join_args(&pa, &qtext) ? EXIT_USAGE
                                    : search_one(ix, tc_buf_cstr(&qtext), &job, &o, &total);
        tc_buf_free(&qtext);
        if (tc_out_close(&o, ex <= EXIT_NOHITS) && ex <= EXIT_NOHITS) {
            say("tracuu: writing the results failed\n");
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
                say("%.3f\t%u\t%s\n", ms, total, line);
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

/* --fold and --exact: the accents mode, or -1 (said on stderr) for both. */
static int accents_option(const char *cmd, int fold, int exact)
{
    if (fold && exact) {
        fprintf(stderr, "tracuu %s: --fold and --exact exclude each other\n", cmd);
        return -1;
    }
    return fold ? TC_ACCENTS_FOLD : exact ? TC_ACCENTS_EXACT : TC_ACCENTS_AUTO;
}

static int open_query(const char *dir, const char *text, int accents, tc_db **ix, tc_query **q)
{
    *q = NULL;
    int ex = open_db(dir, ix);
    if (ex)
        return ex;
    char err[1024];
    tc_query_opts qo = {accents};
    tc_rc rc = tc_query_parse_opts(*ix, text, &qo, q, err, sizeof err);
    if (rc) {
        say("tracuu: %s\n", err);
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
    else if (strcmp(v, "xlsx") == 0)
        *format = TC_FMT_XLSX;
    else {
        say("tracuu %s: --format takes text, json, csv or xlsx\n", cmd);
        return -1;
    }
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n > k && strcasecmp(s + n - k, tail) == 0;
}

/* The output format from --format, --excel and -o FILE: without --format,
 * a file named *.csv, *.json(l) or *.xlsx gets that format; --excel is CSV
 * with a byte-order mark whatever --format says, except that it contradicts
 * json and xlsx; a workbook needs a file.  Returns -1 after a message. */
static int pick_format(const char *cmd, const char *fmt, int excel, const char *out, int *format)
{
    if (parse_format(cmd, fmt, format))
        return -1;
    if (!fmt && out && strcmp(out, "-") != 0)
        *format = ends_with(out, ".xlsx")                               ? TC_FMT_XLSX
                  : ends_with(out, ".csv")                              ? TC_FMT_CSV
                  : ends_with(out, ".json") || ends_with(out, ".jsonl") ? TC_FMT_JSON
                                                                        : TC_FMT_TEXT;
    if (excel) {
        if (fmt && (*format == TC_FMT_JSON || *format == TC_FMT_XLSX)) {
            say("tracuu %s: --excel writes CSV for Excel and cannot go with --format %s (drop "
                "one of them)\n",
                cmd, fmt);
            return -1;
        }
        *format = TC_FMT_CSV;
    }
    if (*format == TC_FMT_XLSX && (!out || strcmp(out, "-") == 0)) {
        say("tracuu %s: --format xlsx writes a workbook to a file: add -o FILE.xlsx\n", cmd);
        return -1;
    }
    return 0;
}

/* --limit N or "all" (*all = 1).  Returns -1 when it is neither. */
static int parse_limit(const char *v, unsigned long max, unsigned long *limit, int *all)
{
    *all = 0;
    if (!v)
        return 0;
    if (strcmp(v, "all") == 0) {
        *all = 1;
        return 0;
    }
    return parse_uint(v, max, limit);
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
        say("tracuu: the query is longer than %zu bytes\n", out->cap);
    return rc;
}

/* ---- trend ------------------------------------------------------------------------- */

static int cmd_trend(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1},  {"--by", NULL, 1},    {"--province", NULL, 1}, {"--format", NULL, 1},
        {"--output", "-o", 1}, {"--excel", NULL, 0}, {"--help", "-h", 0},     {"--fold", NULL, 0},
        {"--exact", NULL, 0},  {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("trend", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    int accents = accents_option("trend", pa.values[7] != NULL, pa.values[8] != NULL);
    if (accents < 0)
        return free(pa.args), EXIT_USAGE;
    if (pa.values[6] || pa.nargs == 0) {
        fputs(gettext(
                  "usage: tracuu trend [--index DIR] [--by year|province|province2025]\n"
                  "                    [--province NAME] [--format text|json|csv|xlsx] [-o FILE]\n"
                  "                    [--excel] [--fold | --exact] QUERY...\n"
                  "Counts matching documents and passages per year (or province); on a terminal\n"
                  "each row gets a bar, drawn from the passages column.  --province NAME keeps\n"
                  "the documents of one province.\n"
                  "Examples:\n"
                  "  tracuu trend \"an toàn thông tin\"\n"
                  "  tracuu trend \"chuyển đổi số\" --province \"Hà Tĩnh\"\n"
                  "  tracuu trend BTS --by province -o bts.xlsx\n"),
              pa.values[6] ? stdout : stderr);
        free(pa.args);
        return pa.values[6] ? 0 : EXIT_USAGE;
    }
    const char *by_name = pa.values[1] ? pa.values[1] : "year";
    int by = tc_facet_by_parse(by_name);
    int format;
    if ((by != TC_BY_YEAR && by != TC_BY_PROVINCE && by != TC_BY_PROVINCE2025) ||
        pick_format("trend", pa.values[3], pa.values[5] != NULL, pa.values[4], &format)) {
        if (by < 0 || (by != TC_BY_YEAR && by != TC_BY_PROVINCE && by != TC_BY_PROVINCE2025))
            say("tracuu trend: --by takes year, province or province2025\n");
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
    int ex = open_query(index_dir(pa.values[0]), tc_buf_cstr(&text), accents, &ix, &q);
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
        fputs(
            gettext("usage: tracuu cite [--index DIR] REF [--probable] [--by province|year]\n"
                    "                   [--format text|json|csv|xlsx] [-o FILE] [--excel]\n"
                    "       tracuu cite --top [--by province|year] [--limit N|all]\n"
                    "       tracuu cite REF --graph dot|json [--depth N]\n"
                    "REF is any written form: 45/2016/QĐ-TTg, \"Quyết định số 45/2016/QĐ-TTg\".\n"
                    "  --probable  also references written without their year or symbol, with why\n"
                    "  --by        count the citing documents and mentions per province or year\n"
                    "  --top       the most cited documents (20 on a terminal, --limit all)\n"
                    "  --graph     the citation graph around REF, up to --depth steps away\n"
                    "Examples:\n"
                    "  tracuu cite 45/2016/QĐ-TTg\n"
                    "  tracuu cite \"Nghị quyết 36\" --probable --by year\n"
                    "  tracuu cite --top --by province --limit all -o top.xlsx\n"),
            pa.values[10] ? stdout : stderr);
        free(pa.args);
        return pa.values[10] ? 0 : EXIT_USAGE;
    }
    int format, limit_all = 0;
    unsigned long depth = 1, limit = 20;
    if (pick_format("cite", pa.values[6], pa.values[8] != NULL, pa.values[7], &format))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[4] && format != TC_FMT_TEXT) {
        say("tracuu cite: --graph writes dot or JSON itself; drop --format/--excel\n");
        return free(pa.args), EXIT_USAGE;
    }
    /* The most cited at a terminal: the first 20; a file gets every row. */
    limit_all = format != TC_FMT_TEXT || (pa.values[7] && strcmp(pa.values[7], "-") != 0);
    if ((pa.values[5] && (parse_uint(pa.values[5], 10, &depth) || depth == 0)) ||
        (pa.values[9] && parse_limit(pa.values[9], 1000000, &limit, &limit_all)) ||
        (pa.values[3] && strcmp(pa.values[3], "province") && strcmp(pa.values[3], "year")) ||
        (pa.values[4] && strcmp(pa.values[4], "dot") && strcmp(pa.values[4], "json"))) {
        say("tracuu cite: bad option value (see tracuu cite --help)\n");
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
                say("tracuu cite: '%s' is not a document reference (try "
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
    if (out_open(&o, pa.values[7], format, pa.values[8] != NULL)) {
        say("tracuu: cannot write '%s': %s\n", pa.values[7], strerror(errno));
        ex = EXIT_ERROR;
    } else if (top) {
        tc_cite_top_row *rows = NULL;
        size_t n = 0;
        /* Every row is fetched, so a cut can say how many were left out. */
        if ((rc = tc_cite_top(db, pa.values[3], (size_t)LLONG_MAX, &rows, &n)) == TC_OK) {
            size_t shown = limit_all || n <= limit ? n : limit;
            if (shown < n)
                say("tracuu: %zu of %zu rows listed, %zu left out (--limit all lists every one)\n",
                    shown, n, n - shown);
            tc_render_cite_top(&o, pa.values[3], rows, shown);
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
            if (pa.values[3])
                tc_render_cite_groups(&o, tc_buf_cstr(&key), pa.values[3], rows, n);
            else
                tc_render_cite_rows(&o, tc_buf_cstr(&key), rows, n, cwd);
            ex = n ? EXIT_HITS : EXIT_NOHITS;
            tc_cite_rows_free(rows, n);
            tc_buf near;
            tc_buf_init(&near, 1 << 16);
            if (!n && tc_suggest_cite(db, tc_buf_cstr(&key), &near) == TC_OK && near.len)
                say("did you mean: %s?\n", tc_buf_cstr(&near));
            else if (!n && !pa.values[1])
                say("hint: --probable also finds references written without their year\n");
            tc_buf_free(&near);
        }
    }
    if (rc)
        ex = fail("cite", rc, db);
    if ((o.fp || o.x) && tc_out_close(&o, ex <= EXIT_NOHITS) && ex <= EXIT_NOHITS) {
        say("tracuu: writing the results failed\n");
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
        fputs(
            gettext(
                "usage: tracuu figures [--index DIR] [--by province|year]\n"
                "                      [--format text|json|csv|xlsx] [-o FILE] [--excel] WHAT...\n"
                "Lists the figures whose counted noun or table indicator holds WHAT\n"
                "(e.g. \"trạm BTS\", \"dịch vụ công\", \"doanh thu\"), each with its unit and "
                "what\n"
                "it measures (total, change, diff, rate, level).  --by gives one row per\n"
                "province (or year) and measure, one column per year (or province).\n"
                "Examples:\n"
                "  tracuu figures \"trạm BTS\"\n"
                "  tracuu figures \"doanh thu\" --by province -o doanhthu.xlsx\n"),
            pa.values[5] ? stdout : stderr);
        free(pa.args);
        return pa.values[5] ? 0 : EXIT_USAGE;
    }
    int format;
    const char *by = pa.values[1];
    if (pick_format("figures", pa.values[2], pa.values[4] != NULL, pa.values[3], &format) ||
        (by && strcmp(by, "province") && strcmp(by, "year"))) {
        if (by)
            say("tracuu figures: --by takes province or year\n");
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
    } else if (out_open(&o, pa.values[3], format, pa.values[4] != NULL)) {
        say("tracuu: cannot write '%s': %s\n", pa.values[3], strerror(errno));
        ex = EXIT_ERROR;
    } else {
        if (pv)
            tc_render_pivot(&o, tc_buf_cstr(&q), n, pv, by_year);
        if (pv && format == TC_FMT_XLSX)
            tc_render_figures(&o, tc_buf_cstr(&q), rows, n); /* the pivot's rows, a sheet */
        else if (!pv)
            tc_render_figures(&o, tc_buf_cstr(&q), rows, n);
        ex = n ? EXIT_HITS : EXIT_NOHITS;
        if (tc_out_close(&o, 1)) {
            say("tracuu: writing the results failed\n");
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
    static const opt_spec specs[] = {{"--index", NULL, 1},  {"--format", NULL, 1},
                                     {"--help", "-h", 0},   {"--text", NULL, 0},
                                     {"--output", "-o", 1}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("show", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs != 1) {
        fputs(gettext(
                  "usage: tracuu show [--index DIR] [--format text|json|xlsx] [-o FILE] [--text] "
                  "ID|PATH\n"
                  "Shows a document's header fields, format, pages and every entity found in it.\n"
                  "  --text   print the text as tracuu read it (from Word, PDF, OCR, ...), with a\n"
                  "           line '--- page N ---' where each page of a paged format starts\n"
                  "Examples:\n"
                  "  tracuu show 3\n"
                  "  tracuu show --text corpus/001_36b9b0631c388b4f.txt | less\n"
                  "  tracuu show 3 -o 3.xlsx\n"),
              pa.values[2] ? stdout : stderr);
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    int format;
    if (pick_format("show", pa.values[1], 0, pa.values[4], &format))
        return free(pa.args), EXIT_USAGE;
    if (format == TC_FMT_CSV || (pa.values[3] && format != TC_FMT_TEXT)) {
        say("tracuu show: a document is several tables: use --format xlsx -o FILE.xlsx (a sheet "
            "for each) or --format json%s\n",
            pa.values[3] ? "; --text prints text only" : "");
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
        say("tracuu show: no indexed document '%s'\n", pa.args[0]);
        ex = EXIT_NOHITS;
    } else if (rc) {
        ex = fail("show", rc, db);
    } else if (out_open(&o, pa.values[4], format, 0) != TC_OK) {
        say("tracuu: cannot write '%s': %s\n", pa.values[4] ? pa.values[4] : "-", strerror(errno));
        tc_out_close(&o, 0);
        ex = EXIT_ERROR;
    } else {
        /* --text goes through the same filter: a document's control
         * characters never reach the terminal. */
        if (pa.values[3] ? tc_render_document_text(o.fp, d) != 0 : (tc_render_document(&o, d), 0))
            tc_out_fail(&o, TC_EIO);
        if (tc_out_close(&o, 1)) {
            say("tracuu: writing the results failed\n");
            ex = EXIT_ERROR;
        }
    }
    tc_document_free(d);
    tc_db_close(db);
    free(pa.args);
    return ex;
}

/* ---- serve ----------------------------------------------------------------------- */

static int cmd_serve(int argc, char **argv)
{
    static const opt_spec specs[] = {{"--index", NULL, 1}, {"--port", "-p", 1},
                                     {"--bind", NULL, 1},  {"--threads", NULL, 1},
                                     {"--help", "-h", 0},  {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("serve", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    unsigned long port = 8080, threads = 4;
    int bad = pa.nargs != 0 || (pa.values[1] && parse_uint(pa.values[1], 65535, &port)) ||
              (pa.values[3] && (parse_uint(pa.values[3], 64, &threads) || threads == 0));
    if (pa.values[4] || bad) {
        fputs(gettext("usage: tracuu serve [--index DIR] [--port 8080] [--bind 127.0.0.1]\n"
                      "                    [--threads 4]\n"
                      "Serves the web app and its JSON API (README: Web app) until Ctrl-C.\n"
                      "  --port 0   any free port (the URL printed says which)\n"
                      "  --bind     another address makes the index readable on the network\n"
                      "  --threads  worker threads, 1 to 64\n"
                      "Examples:\n"
                      "  tracuu serve\n"
                      "  tracuu serve --index /srv/baocao-index --port 0\n"),
              pa.values[4] ? stdout : stderr);
        free(pa.args);
        return pa.values[4] ? 0 : EXIT_USAGE;
    }
    tc_serve_opts so = {index_dir(pa.values[0]), pa.values[2] ? pa.values[2] : "127.0.0.1",
                        (unsigned)port, (unsigned)threads};
    free(pa.args);
    return tc_serve_run(&so);
}

/* ---- check ----------------------------------------------------------------- */

/* Prints what tc_check found; returns 0 when sound, 7 when not. */
static int report_check(const char *dir, const tc_check_report *r)
{
    if (r->sound) {
        say("tracuu check: the index %s is sound (%lld documents)\n", dir, r->xapian_docs);
        return 0;
    }
    for (size_t i = 0; i < r->nproblems; i++)
        say("tracuu check: %s\n", r->problems[i]);
    return EXIT_DAMAGED;
}

static int cmd_check(int argc, char **argv)
{
    static const opt_spec specs[] = {
        {"--index", NULL, 1}, {"--repair", NULL, 0}, {"--help", "-h", 0}, {NULL, NULL, 0}};
    parsed_args pa;
    if (parse_args("check", specs, argc, argv, &pa))
        return free(pa.args), EXIT_USAGE;
    if (pa.values[2] || pa.nargs) {
        fputs(
            gettext("usage: tracuu check [--index DIR] [--repair]\n"
                    "Verifies the index: Xapian's own check, SQLite's integrity check, and that\n"
                    "the two agree (versions, commits, document counts and ids).  Exit 0 when\n"
                    "sound, 7 when damaged, saying what is wrong.\n"
                    "  --repair   move the damaged index to DIR/damaged-DATE and index again\n"
                    "             every file it recorded that is still on disk, then check again\n"
                    "Examples:\n"
                    "  tracuu check\n"
                    "  tracuu check --index /srv/baocao-index --repair\n"),
            pa.values[2] ? stdout : stderr);
        free(pa.args);
        return pa.values[2] ? 0 : EXIT_USAGE;
    }
    const char *dir = index_dir(pa.values[0]);
    int repair = pa.values[1] != NULL;
    free(pa.args);
    struct stat sb;
    if (stat(dir, &sb) == 0 &&
        S_ISREG(sb.st_mode)) { /* a cluster file: shards are checked where they are */
        say("tracuu check: '%s' is a file (a cluster file?): run tracuu check on each "
            "shard's index folder, on the machine that holds it\n",
            dir);
        return EXIT_USAGE;
    }
    tc_check_report *r = NULL;
    tc_rc rc = tc_check(dir, &r);
    if (rc == TC_ENOINDEX) {
        say("tracuu: no index in '%s': build one with `tracuu index --index DIR PATH...`\n", dir);
        return EXIT_NOINDEX;
    }
    if (rc) {
        say("tracuu check: %s\n", tc_strerror(rc));
        return EXIT_ERROR;
    }
    int ex = report_check(dir, r);
    if (!ex || !repair) {
        if (ex)
            say("tracuu check: to rebuild it from the files: tracuu check --index %s --repair\n",
                dir);
        tc_check_report_free(r);
        return ex;
    }
    /* Both stores are made from the files, and the entity tables need the
     * analyzers again: indexing the recorded files anew is the one repair
     * that gives stores that agree, whichever side was damaged. */
    char aside[4200];
    if ((rc = tc_check_set_aside(dir, aside, sizeof aside))) {
        say("tracuu check: cannot move the damaged index aside: %s\n", tc_strerror(rc));
        tc_check_report_free(r);
        return exit_for(rc);
    }
    say("tracuu check: the damaged index was moved to %s\n", aside);
    const char **paths = calloc(r->npaths ? r->npaths : 1, sizeof *paths);
    size_t n = 0, gone = 0;
    for (size_t i = 0; paths && i < r->npaths; i++) {
        struct stat sb;
        if (stat(r->paths[i], &sb) == 0)
            paths[n++] = r->paths[i];
        else
            gone++;
    }
    if (gone)
        say("tracuu check: %zu recorded file(s) no longer exist and are left out\n", gone);
    if (!r->npaths)
        say("tracuu check: the index recorded no file that can be read back: index your "
            "folders again with `tracuu index --index %s FOLDER...`\n",
            dir);
    tc_index *ix = NULL;
    char err[600];
    rc = paths ? tc_index_open(dir, &ix, err, sizeof err) : TC_ENOMEM;
    if (rc)
        say("tracuu: %s\n", paths ? err : tc_strerror(rc));
    tc_index_stats st;
    if (!rc && n && (rc = tc_index_update(ix, paths, n, NULL, NULL, &st)))
        say("tracuu: indexing failed: %s\n", tc_index_errmsg(ix));
    tc_index_close(ix);
    free(paths);
    tc_check_report_free(r);
    if (rc)
        return exit_for(rc);
    say("tracuu check: indexed %zu file(s) again\n", n);
    if ((rc = tc_check(dir, &r)))
        return exit_for(rc);
    ex = report_check(dir, r);
    tc_check_report_free(r);
    return ex;
}

/* ---- main ------------------------------------------------------------------ */

typedef struct command {
    const char *name;         /* subcommand */
    int (*run)(int, char **); /* its entry point (arguments after the name) */
    const char *summary;      /* one line for `tracuu help` (translated when shown) */
} command;

static const command commands[] = {
    {"index", cmd_index, N_("index report files and folders (incremental)")},
    {"search", cmd_search, N_("full-text search with filters")},
    {"show", cmd_show, N_("all metadata of one document")},
    {"cite", cmd_cite, N_("who cites a document, most cited documents, citation graph")},
    {"trend", cmd_trend, N_("matching documents and passages per year or province")},
    {"figures", cmd_figures, N_("figures reported for a counted thing, by province or year")},
    {"serve", cmd_serve, N_("the web app and JSON API on http://127.0.0.1:8080/")},
    {"check", cmd_check, N_("verify the index (and rebuild it with --repair)")},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            gettext("tracuu %s: search and analyse Vietnamese government reports\n"
                    "\n"
                    "usage: tracuu COMMAND [OPTIONS] [ARGS]\n"
                    "\n"),
            TRACUU_VERSION);
    for (int i = 0; commands[i].name; i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, gettext(commands[i].summary));
    fprintf(fp,
            gettext("\n"
                    "The index is ./%s unless --index DIR or $TRACUU_INDEX says otherwise.\n"
                    "`tracuu help COMMAND` (or `tracuu COMMAND --help`) shows a command's options\n"
                    "and examples.  Options may come before or after the command; --color=auto|\n"
                    "always|never and NO_COLOR decide bold text, --lang vi|en the language.\n"
                    "Examples:\n"
                    "  tracuu index ~/baocao\n"
                    "  tracuu search SOC --by province\n"
                    "  tracuu cite 45/2016/QĐ-TTg --by year\n"
                    "  tracuu figures \"trạm BTS\" --by province -o bts.xlsx\n"
                    "See also: man tracuu.\n"),
            TC_DEFAULT_INDEX);
    fputs(gettext(
              "--index also takes a cluster file (shards, local or on xapian-tcpsrv servers:\n"
              "README \"Scale\"); --allow-partial then answers without the shards that do not.\n"),
          fp);
}

/* The command named name, or NULL. */
static const command *find_command(const char *name)
{
    for (int i = 0; commands[i].name; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* Options every command takes, wherever they stand (git and curl habits):
 * --color=auto|always|never and --lang vi|en are settled here; --index DIR
 * before the command is moved after it.  Returns -1 after a message. */
static int global_option(const char *a, const char *next, int *used)
{
    *used = 0;
    const char *v = NULL;
    if (strncmp(a, "--color", 7) == 0 && (a[7] == 0 || a[7] == '=')) {
        v = a[7] == '=' ? a + 8 : "always";
        *used = 1;
        if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never")) {
            say("tracuu: --color takes auto, always or never\n");
            return -1;
        }
        if (strcmp(v, "auto") == 0)
            unsetenv("TRACUU_COLOR");
        else
            setenv("TRACUU_COLOR", v, 1);
        return 0;
    }
    if (strcmp(a, "--xapian-only") == 0) {
        *used = 1;
        setenv("TRACUU_XAPIAN_ONLY", "1", 1);
        return 0;
    }
    if (strcmp(a, "--allow-partial") == 0) { /* a cluster answers without dead shards */
        *used = 1;
        setenv("TRACUU_ALLOW_PARTIAL", "1", 1);
        return 0;
    }
    if (strcmp(a, "--no-color") == 0) {
        *used = 1;
        setenv("TRACUU_COLOR", "never", 1);
        return 0;
    }
    if (strncmp(a, "--lang", 6) == 0 && (a[6] == 0 || a[6] == '=')) {
        v = a[6] == '=' ? a + 7 : next;
        *used = a[6] == '=' ? 1 : 2;
        if (!v || (strcmp(v, "vi") && strcmp(v, "en"))) {
            say("tracuu: --lang takes vi or en\n");
            return -1;
        }
        setenv("LANGUAGE", v, 1);
        setenv("TRACUU_LANG", v, 1); /* asked for: CSV headers follow it (out_open) */
        return 0;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"index", "search", "show", "cite",    "trend", "figures",
                                        "serve", "check",  "help", "version", NULL};
    /* argv rebuilt as: COMMAND, options that stood before it, the rest; with
     * --color and --lang taken out wherever they are (before "--"). */
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return EXIT_ERROR;
    /* Only --lang on this command line says that CSV should follow the
     * language (out_open); an inherited value does not. */
    unsetenv("TRACUU_LANG");
    unsetenv("TRACUU_XAPIAN_ONLY"); /* only --xapian-only on this command line sets it */
    /* Tesseract (index --ocr) runs its network on OpenMP threads that
     * busy-wait, while the indexer already reads one file per core: on the
     * 10 image-only PDFs of real-docs (67 pages, 2 cores) they took the run
     * from 69 s to 105 s of wall time and from 115 s to 201 s of CPU.
     * Only this limit, read when libgomp loads with the readers module,
     * also caps Tesseract's explicit num_threads; a value the user set is
     * kept.  Set here, before any thread exists. */
    setenv("OMP_THREAD_LIMIT", "1", 0);
    /* --lang first: it decides the language of every later message. */
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--") == 0)
            break;
        if (strncmp(argv[k], "--lang=", 7) == 0)
            setenv("LANGUAGE", argv[k] + 7, 1);
        else if (strcmp(argv[k], "--lang") == 0 && k + 1 < argc)
            setenv("LANGUAGE", argv[k + 1], 1);
    }
    setup_messages();
    int nargs = 0, i = 1;
    const char *cmd = NULL;
    char *before[8];
    int nbefore = 0;
    for (; i < argc; i++) {
        int used;
        if (global_option(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &used)) {
            free(args);
            return EXIT_USAGE;
        }
        if (used) {
            i += used - 1;
            continue;
        }
        const char *a = argv[i];
        if (strcmp(a, "--index") == 0 && i + 1 < argc && nbefore < 7) {
            before[nbefore++] = "--index";
            before[nbefore++] = argv[++i];
            continue;
        }
        if (strncmp(a, "--index=", 8) == 0 && nbefore < 8) {
            before[nbefore++] = argv[i];
            continue;
        }
        break;
    }
    if (i >= argc) {
        usage(stderr);
        free(args);
        return EXIT_USAGE;
    }
    cmd = argv[i++];
    int only_args = 0;
    for (int k = 0; k < nbefore; k++)
        args[nargs++] = before[k];
    for (; i < argc; i++) {
        int used = 0;
        if (!only_args && strcmp(argv[i], "--") == 0)
            only_args = 1;
        if (!only_args && global_option(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &used)) {
            free(args);
            return EXIT_USAGE;
        }
        if (used) {
            i += used - 1;
            continue;
        }
        args[nargs++] = argv[i];
    }
    int ex;
    const command *c;
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        /* `tracuu help CMD` is `tracuu CMD --help` */
        const command *h = nargs ? find_command(args[nargs - 1]) : NULL;
        if (h) {
            char *help_argv[] = {"--help", NULL};
            ex = h->run(1, help_argv);
        } else if (nargs) {
            const char *near = closest(args[nargs - 1], names, 1);
            say("tracuu help: no command '%s'%s%s%s\n", args[nargs - 1],
                near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            ex = EXIT_USAGE;
        } else {
            usage(stdout);
            ex = 0;
        }
    } else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("tracuu %s (index schema %d)\n", TRACUU_VERSION, tc_schema_version());
        ex = 0;
    } else if ((c = find_command(cmd)) != NULL && getenv("TRACUU_XAPIAN_ONLY") &&
               (strcmp(cmd, "index") == 0 || strcmp(cmd, "check") == 0)) {
        /* a writer and the checker work on both stores by design */
        say("tracuu %s: --xapian-only is for questions; %s works on both stores\n", cmd, cmd);
        ex = EXIT_USAGE;
    } else if (c) {
        ex = c->run(nargs, args);
    } else {
        const char *near = cmd[0] == '-' ? NULL : closest(cmd, names, 1);
        if (near)
            say("tracuu: unknown command '%s'; did you mean '%s'?\n", cmd, near);
        else if (cmd[0] == '-')
            say("tracuu: unknown option '%s' before the command\n\n", cmd);
        else
            say("tracuu: unknown command '%s'\n\n", cmd);
        if (!near)
            usage(stderr);
        ex = EXIT_USAGE;
    }
    free(args);
    return ex;
}
