/*
 * tracuu.h: the public API of the tracuu library, the only header a
 * front-end (the command-line tool, the web server) includes.
 *
 * tracuu indexes Vietnamese administrative documents and answers full-text
 * and structured questions over them.  Every question a front-end asks is
 * one call here, returning rows or structs; the library never prints and
 * never exits.
 *
 * Contract (as curl's easy API, SQLite's handles):
 *   - Handles are opaque: tc_index (writes an index), tc_db (reads one for
 *     questions), tc_query (a parsed query).  A handle is used by one
 *     thread at a time; several tc_db handles may read one index at once.
 *   - Every fallible function returns a tc_rc (TC_OK = 0; tc_strerror()
 *     names it) and sets its OUT pointers on every path (NULL/0 on failure).
 *     The detail of the last error is on the handle (tc_db_errmsg()).
 *   - Results are owned by the caller and freed by the matching *_free().
 *   - Strings are UTF-8.  Paths are absolute.  Dates are ISO 8601
 *     ("2018-03-23", or "2018-03"/"2018" when the document says no more).
 */
#ifndef TRACUU_H
#define TRACUU_H

#include <stddef.h>
#include <stdint.h>

#include "../common/fields.h"
#include "../common/tc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TRACUU_VERSION "0.2.0"
/* The index directory when none is given ($TRACUU_INDEX overrides it). */
#define TC_DEFAULT_INDEX "tracuu-index"

/* The index schema version this library reads and writes. */
int tc_schema_version(void);

/* ==== Indexing (indexer/index.c) ====================================== */

typedef struct tc_index tc_index;

/* Why files were skipped (tc_index_stats.skip_why). */
enum tc_skip_why {
    TC_SKIP_EMPTY,      /* empty file */
    TC_SKIP_UNKNOWN,    /* no reader knows its content (binary, or not what its name says) */
    TC_SKIP_UNREADABLE, /* the file system refused it */
    TC_SKIP_TOOBIG,     /* over the size cap (file or what it unpacks to) */
    TC_SKIP_DAMAGED,    /* damaged, or not in the format its reader reads */
    TC_SKIP_PASSWORD,   /* protected by a password */
    TC_SKIP_COUNT
};

/* Files of one format in a run (indexed = added + updated). */
typedef struct tc_format_count {
    const char *format; /* reader name: "text", "docx", "pdf", ... (static) */
    unsigned indexed;   /* files of this format (re)indexed */
    unsigned skipped;   /* files of this format that could not be read */
} tc_format_count;

#define TC_MAX_FORMATS 16

typedef struct tc_index_stats {
    unsigned added;     /* files indexed for the first time */
    unsigned updated;   /* files re-indexed because they changed */
    unsigned removed;   /* indexed files that no longer exist */
    unsigned unchanged; /* files skipped because they did not change */
    unsigned skipped;   /* bad files skipped (the sum of skip_why) */
    unsigned ignored;   /* files in the folders walked that no reader claims by name */
    unsigned warnings;  /* notices reported */
    unsigned skip_why[TC_SKIP_COUNT];        /* skipped files by reason */
    tc_format_count formats[TC_MAX_FORMATS]; /* per format, in reader order */
    size_t nformats;                         /* entries used */
    unsigned scanned_files;     /* files with pages that have no text layer and were not OCR'd */
    unsigned image_pages;       /* such pages, in all */
    unsigned ocr_pages;         /* pages read by OCR */
    unsigned converted;         /* files converted from a legacy encoding */
    uint64_t bytes;             /* bytes of the files (re)indexed */
    double seconds;             /* wall time of the run */
    unsigned deep_folders;      /* folders too deep to walk (64 levels under a root), each warned */
    unsigned foreign_ocr_files; /* files with text layers an OCR without Vietnamese wrote, */
    unsigned foreign_ocr_pages; /* ... such pages, indexed as they are (see --ocr) */
    int parallel;               /* 1: two writers built the new documents (a run of 2,000 new
                                   files or more, a tenth of the index or more, on 2+ threads) */
} tc_index_stats;

/* What a run does besides the defaults; NULL means all defaults. */
typedef struct tc_index_opts {
    int ocr;         /* 1: read pages without a text layer with OCR (slow: seconds a page) */
    size_t max_text; /* cap on one document's text in bytes (0: 64 MiB) */
} tc_index_opts;

typedef struct tc_index_progress {
    unsigned files_done, files_total; /* files examined so far / in all */
    uint64_t bytes_done, bytes_total; /* bytes examined so far / in all */
    double elapsed;                   /* seconds since the run started */
    /* NULL while files are read; after the last one, the work that has no
     * count and can take a while on a large index: "merging" (the two
     * databases of a parallel build) or "compacting". */
    const char *step;
} tc_index_progress;

typedef struct tc_index_callbacks {
    /* A file-level notice: offset is a byte offset, or -1 for the whole file. */
    void (*notice)(void *ctx, const char *path, long long offset, const char *msg);
    /* Called after each file, and as each step after the files begins;
     * may be NULL. */
    void (*progress)(void *ctx, const tc_index_progress *p);
    /* What happened to each file, in walk order (a parallel build takes
     * the two halves of the walk in turn): outcome is "added",
     * "updated", "unchanged", "removed", "skipped" or "ignored"; format is
     * its reader's name or NULL.  May be NULL. */
    void (*file)(void *ctx, const char *path, const char *format, const char *outcome);
    /* OCR progress inside one file (page done of total).  Called from the
     * worker threads, one call at a time.  May be NULL. */
    void (*ocr_page)(void *ctx, const char *path, size_t done, size_t total);
    void *ctx; /* passed to all */
} tc_index_callbacks;

/* Opens (creating) the index in dir for writing; a second writer gets
 * TC_ELOCKED.  On failure *out is NULL and errbuf says why. */
tc_rc tc_index_open(const char *dir, tc_index **out, char *errbuf, size_t errlen);
void tc_index_close(tc_index *ix);
const char *tc_index_errmsg(const tc_index *ix);

/* Walks files and folders, indexes what is new or changed, removes what
 * is gone (see indexer/index.h for the whole contract).  A path that does
 * not exist is TC_ENOTFOUND before anything is done.  opts may be NULL. */
tc_rc tc_index_update(tc_index *ix, const char *const *paths, size_t n, const tc_index_opts *opts,
                      const tc_index_callbacks *cb, tc_index_stats *stats);

/* ==== Reading an index (search/db.c) =================================== */

typedef struct tc_db tc_db;

/* Opens the index in dir for questions.  On failure *out is NULL and
 * errbuf says why (TC_ENOINDEX, TC_ESCHEMA, ...). */
tc_rc tc_db_open(const char *dir, tc_db **out, char *errbuf, size_t errlen);
/* tc_db_open with flags.  dir may also be a cluster file (docs/SCALE.md):
 * shards, local or served by xapian-tcpsrv, joined into one read-only
 * index that answers every question as one index would (from the Xapian
 * databases alone).
 *   TC_OPEN_XAPIAN_ONLY    answers as a remote shard would, from the Xapian
 *                          database alone (terms, values, document data):
 *                          meta.sqlite is not opened and need not exist;
 *                          every question gives the same answer as with it
 *                          (store/schema.h "Document data").
 *   TC_OPEN_ALLOW_PARTIAL  a cluster answers without the shards that do not
 *                          (tc_db_missing names them). */
#define TC_OPEN_XAPIAN_ONLY 0x1u
#define TC_OPEN_ALLOW_PARTIAL 0x2u
tc_rc tc_db_open_flags(const char *dir, unsigned flags, tc_db **out, char *errbuf, size_t errlen);
/* 1 for a cluster. */
int tc_db_is_cluster(const tc_db *db);
/* With TC_OPEN_ALLOW_PARTIAL: the name of the i-th shard left out of the
 * answers (down at the open, or dead during a question), NULL past the
 * last: results are partial when tc_db_missing(db, 0) is not NULL. */
const char *tc_db_missing(tc_db *db, size_t i);
void tc_db_close(tc_db *db);
/* Detail of the last error on this handle ("" when none). */
const char *tc_db_errmsg(const tc_db *db);
/* 1 when the last indexing run was interrupted (results may lag the disk
 * until `tracuu index` runs again). */
int tc_db_interrupted(const tc_db *db);

/* Moves the handle to the last commit on disk, one consistent state of
 * both stores (Xapian reopened, or opened again after a compaction swapped
 * its folder).  tc_query_parse does it for each question, and a question
 * that meets a state overwritten by later commits is retried on the next;
 * call it before other questions on a long-lived handle.  TC_EDAMAGED when
 * the index cannot be read or its two stores disagree. */
tc_rc tc_db_refresh(tc_db *db);

typedef struct tc_db_stats {
    uint32_t documents; /* documents indexed */
    uint64_t citations; /* citation rows */
    uint64_t figures;   /* figure rows */
    uint64_t warnings;  /* warnings recorded while indexing */
    int schema;         /* schema version */
} tc_db_stats;
tc_rc tc_db_stats_get(tc_db *db, tc_db_stats *out);

/* The generation this handle reads (*mine: the commit its Xapian snapshot
 * was taken at) and the last one completed on disk (*latest, read now).
 * They differ once `tracuu index` has committed since the handle was
 * opened: a long-lived reader (the web server) then opens a fresh handle.
 * A fresh handle whose own generations differ (tc_db_interrupted) caught a
 * run between its two commits and is not worth switching to yet. */
tc_rc tc_db_generation(tc_db *db, uint64_t *mine, uint64_t *latest);

/* What tc_db_stats lacks, for an index page: documents per format, the
 * time of the last indexing, and the warnings recorded by the runs. */
typedef struct tc_db_format_docs {
    char *format;  /* reader name ("pdf", "docx", ...; "" when unknown) */
    uint32_t docs; /* documents of that format */
} tc_db_format_docs;
typedef struct tc_db_warning {
    char *path;       /* the file */
    long long offset; /* byte offset, or -1 for the whole file */
    char *message;    /* what was wrong */
} tc_db_warning;
typedef struct tc_db_info {
    tc_db_format_docs *formats; /* sorted by format */
    size_t nformats;            /* count */
    char *last_update;          /* latest indexed_at (ISO 8601 UTC), "" when empty */
    tc_db_warning *warnings;    /* in the order recorded, at most max_warnings */
    size_t nwarnings;           /* count */
} tc_db_info;
tc_rc tc_db_info_get(tc_db *db, size_t max_warnings, tc_db_info **out);
void tc_db_info_free(tc_db_info *info);

/* ==== Checking an index (store/check.c) ================================ */

/* What `tracuu check` found.  sound = 1 when nothing is wrong; else each
 * problem is one English sentence.  paths: the files either store records
 * (what a rebuild indexes again).  Counts are -1 when unknown. */
typedef struct tc_check_report {
    int sound;
    char **problems;
    size_t nproblems;
    long long xapian_docs, sqlite_docs; /* documents on each side */
    long long gen_xapian, gen_sqlite;   /* the commit each side records */
    char **paths;
    size_t npaths;
} tc_check_report;
/* Runs Xapian's own check, SQLite's integrity_check and their agreement
 * (schema, generations, document counts, ids).  TC_ENOINDEX when dir holds
 * neither store; damage is in the report, not in the return code. */
tc_rc tc_check(const char *dir, tc_check_report **out);
void tc_check_report_free(tc_check_report *r);
/* Moves the stores of dir into dir/damaged-YYYYMMDD-HHMMSS (its path into
 * aside) under the writer lock (TC_ELOCKED while a run writes), so that
 * the next index run builds them again from the files. */
tc_rc tc_check_set_aside(const char *dir, char *aside, size_t n);

/* ==== Queries (search/query.c) ========================================= */

typedef struct tc_query tc_query;

/* Parses text (README "Query syntax") against the open index.  On
 * TC_ESYNTAX *out is NULL and errbuf shows where (a caret under it). */
tc_rc tc_query_parse(tc_db *db, const char *text, tc_query **out, char *errbuf, size_t errlen);

/* How unaccented words match (README "Query syntax"). */
enum tc_accents {
    TC_ACCENTS_AUTO = 0, /* a query with a diacritic anywhere in its words keeps
                            every word exact ("việt nam": nam is nam); a query
                            with none matches every accented form */
    TC_ACCENTS_FOLD,     /* every word matches every accented form (--fold) */
    TC_ACCENTS_EXACT     /* every word matches only itself (--exact) */
};
typedef struct tc_query_opts {
    int accents; /* enum tc_accents */
} tc_query_opts;
/* tc_query_parse with options; opts NULL = all defaults. */
tc_rc tc_query_parse_opts(tc_db *db, const char *text, const tc_query_opts *opts, tc_query **out,
                          char *errbuf, size_t errlen);
/* The readings of an unaccented query, most likely first, as the index
 * writes it ("hiệu quả"): i = 0 is the one searched first (its documents rank
 * first); NULL past the last, or when the query has no unaccented word with
 * several readings. */
const char *tc_query_reading(const tc_query *q, size_t i);
void tc_query_free(tc_query *q);
/* Appends a human explanation: terms, expansions, filters. */
tc_rc tc_query_explain(const tc_query *q, tc_buf *out);
/* Number of free-text terms (0 for a query of filters only). */
size_t tc_query_text_terms(const tc_query *q);

/* Limits checked before Xapian sees a query (TC_ESYNTAX with a message
 * past them): its length in bytes, its tokens (words, phrases, fields and
 * operators), its free-text words (a phrase counts each of its words), and
 * the terms all its words expand to (accent forms).  Repeated words and
 * phrases of one AND or OR chain count once. */
#define TC_QUERY_MAX_BYTES 4096
#define TC_QUERY_MAX_TOKENS 512
#define TC_QUERY_MAX_WORDS 256
#define TC_QUERY_MAX_TERMS 4096

/* ==== Search (search/search.c) ========================================= */

/* When the strict query (every word) finds fewer than this many documents
 * and the query has a relaxed form (any word, boosted for phrases and
 * proximity), the relaxed one is run instead; results say so. */
#define TC_RELAX_BELOW 1

typedef struct tc_search_opts {
    uint32_t offset;  /* hits to skip */
    uint32_t limit;   /* hits to return */
    int sort_by_date; /* newest first instead of relevance */
    int snippets;     /* build snippets */
    int ids_only;     /* fetch no stored data (docid and score only) */
    int occurrences;  /* fill tc_hit.matches with every occurrence (scans whole texts) */
    int passages;     /* fill tc_hit.passages (every passage; implies occurrences) */
} tc_search_opts;

/* A snippet: text from the document with highlighted byte ranges. */
typedef struct tc_snippet {
    char *text;          /* UTF-8, NUL-terminated, whitespace collapsed */
    size_t (*marks)[2];  /* highlighted [start, end) byte ranges in text */
    size_t nmarks;       /* count */
    size_t (*origin)[2]; /* the same ranges as offsets in the original text */
    int cut_before;      /* text starts inside the document */
    int cut_after;       /* text ends inside the document */
    uint32_t page;       /* 1-based page of the first match (paged formats), else 0 */
} tc_snippet;

typedef struct tc_hit {
    uint32_t rank;      /* 1-based over the whole result list */
    uint32_t docid;     /* the document's id */
    double score;       /* BM25 weight (0 for filter-only queries) */
    tc_fields meta;     /* stored metadata: path, number, date, place, province,
                           province_code, province2025, province2025_code,
                           agency, type, title, year, period, period_text, draft */
    tc_snippet snippet; /* may be empty */
    /* With tc_search_opts.occurrences: every occurrence of the query's
     * words and phrases in the document text, in text order, as byte
     * ranges of it (a phrase is one range); else NULL/0. */
    size_t (*matches)[2];
    size_t nmatches;
    struct tc_passage *passages; /* with tc_search_opts.passages: see tc_passages() */
    size_t npassages;
} tc_hit;

typedef struct tc_results {
    tc_hit *hits;   /* the requested page */
    size_t n;       /* hits in the page */
    uint32_t total; /* documents matching in all (exact) */
    int relaxed;    /* 1 when the best-match fallback was used */
} tc_results;

tc_rc tc_search_run(tc_db *db, const tc_query *q, const tc_search_opts *o, tc_results **out);
void tc_results_free(tc_results *r);

/* Facets: documents and passages (sentences holding a matched word or
 * phrase) per value over the whole match. */
enum tc_facet_by {
    TC_BY_PROVINCE,
    TC_BY_PROVINCE2025,
    TC_BY_YEAR,
    TC_BY_AGENCY,
    TC_BY_TYPE,
    TC_BY_CITED,
    TC_BY_LEVEL, /* the issuer's level: central, province, district, commune */
    TC_BY_COUNT
};
typedef struct tc_facet_row {
    char *value;       /* the value ("(none)" when a document has none) */
    uint32_t docs;     /* matching documents with this value */
    uint64_t passages; /* passages in them (= docs for a query of filters only) */
} tc_facet_row;

/* Parses "province", "province2025", "year", "agency", "type", "cited", "level";
 * -1 when unknown. */
int tc_facet_by_parse(const char *s);
/* The name of a tc_facet_by. */
const char *tc_facet_by_name(int by);
/* Counts over the whole match, sorted by docs descending then value, or by
 * value when sort_by_value.  Free *out_rows with tc_facet_rows_free. */
tc_rc tc_facets(tc_db *db, const tc_query *q, int by, int sort_by_value, tc_facet_row **out_rows,
                size_t *out_n, uint32_t *out_total, int *out_relaxed);
void tc_facet_rows_free(tc_facet_row *rows, size_t n);

/* ==== Passages (search/passages.c) ===================================== */

/* A passage: a sentence of a document that holds at least one occurrence
 * of the query's words or phrases (not of a negated word, not of a filter).
 * The same notion the facets and trend count (tc_facet_row.passages): for
 * one document, tc_passages() returns as many passages as tc_facets counts
 * for it.  A sentence ends at ". ", "; ", "! ", "? " or a line break (the
 * punctuation between two words).  Offsets are bytes of the document text
 * as stored (tc_document.text, the hit's snippet origins). */
typedef struct tc_passage {
    size_t start, end;       /* byte range of the sentence in the document text */
    uint32_t line;           /* 1-based line of start */
    uint32_t page;           /* 1-based page of start, 0 for an unpaged format */
    int ocr;                 /* 1 when that page was read by OCR (less certain) */
    size_t (*marks)[2];      /* the occurrences inside: absolute byte ranges, in order,
                                a phrase as one range, overlapping ones merged */
    size_t nmarks;           /* count (>= 1) */
    char *text;              /* the sentence as one clean line (white space collapsed,
                                control characters dropped, invalid UTF-8 repaired) */
    size_t (*text_marks)[2]; /* the marks as byte ranges of text */
} tc_passage;

/* Every passage of document docid for q, in text order.  A query of
 * filters only has no passages (*n = 0).  TC_ENOTFOUND when the index has
 * no such document.  Free with tc_passages_free. */
tc_rc tc_passages(tc_db *db, const tc_query *q, uint32_t docid, tc_passage **out, size_t *n);
void tc_passages_free(tc_passage *p, size_t n);

/* ==== Did you mean (search/suggest.c) ================================== */

/* Appends to out the query corrected: each word the index does not know
 * replaced by the closest word it knows (a tone mark or a diacritic costs
 * less than a letter; a word typed without diacritics is corrected without
 * them: "quyet dihn" -> "quyet dinh"), an unknown field name by the
 * closest field ("provnce:" -> "province:"), an unknown province or type
 * by the closest name ("province:\"Ha Tihn\"" -> "province:\"Hà Tĩnh\""),
 * a cited symbol the index never saw by the closest cited key.  Appends
 * nothing when there is nothing to correct.  Meant for a search that found
 * nothing or was refused: it reads the whole lexicon (tens of ms). */
tc_rc tc_suggest(tc_db *db, const char *query_text, tc_buf *out);
/* Appends the cited key closest to ref ("45/2016/QĐ-TTq" ->
 * "45/2016/QĐ-TTg"), or nothing when none is within two edits. */
tc_rc tc_suggest_cite(tc_db *db, const char *ref, tc_buf *out);

/* ==== Citations (search/cite.c) ======================================== */

/* The canonical key of a document reference written any way
 * ("Quyết định số 45/2016/QĐ-TTg" -> "45/2016/QĐ-TTg") into out (reset
 * first).  TC_ENOTFOUND when text is not a reference. */
tc_rc tc_cite_key(tc_db *db, const char *text, size_t n, tc_buf *out);

typedef struct tc_cite_row {
    uint32_t docid; /* the citing document */
    char *path;     /* its path */
    char *province; /* its province ("" when unknown) */
    char *date;     /* its date */
    char *number;   /* its own number */
    char *title;    /* its title */
    char *key;      /* the cited key as read */
    char *text;     /* the reference as written */
    char *sentence; /* the sentence around it */
    int probable;   /* a reference without year/symbol that probably means the key */
    char *reason;   /* why it is probable ("" otherwise) */
} tc_cite_row;

/* The citations of key in date order; with probable, also the references
 * that probably mean it (never one dated in another year than the key's). */
tc_rc tc_cite_list(tc_db *db, const char *key, int probable, tc_cite_row **out, size_t *n);
void tc_cite_rows_free(tc_cite_row *rows, size_t n);

typedef struct tc_cite_top_row {
    char *key;         /* the cited document */
    char *group;       /* the province or year with by, else NULL */
    uint32_t docs;     /* citing documents */
    uint64_t mentions; /* citations */
} tc_cite_top_row;

/* The most cited documents, by docs then mentions then key; by is NULL,
 * "province" or "year". */
tc_rc tc_cite_top(tc_db *db, const char *by, size_t limit, tc_cite_top_row **out, size_t *n);
void tc_cite_top_free(tc_cite_top_row *rows, size_t n);

typedef struct tc_graph {
    char *root;        /* the key asked for */
    char **nodes;      /* document keys (a document is named by its own number,
                          or "doc ID" when it has none), sorted */
    size_t nnodes;     /* count */
    char *(*edges)[2]; /* [from, to]: from cites to; sorted */
    size_t nedges;     /* count */
} tc_graph;

/* The citation graph around key, depth steps in both directions. */
tc_rc tc_cite_graph(tc_db *db, const char *key, unsigned depth, tc_graph **out);
void tc_graph_free(tc_graph *g);

/* ==== Figures (search/figures.c) ======================================= */

typedef struct tc_figure_row {
    double value;   /* normalised value (VND for money, % for percent) */
    double value2;  /* a ratio's denominator, else 0 */
    char *unit;     /* unit as written ("trạm", "vị trí", "VND", "%", "km") */
    char *kind;     /* "count", "money", "percent", "ratio", "measure" */
    char *measure;  /* "total", "change" (within the period), "diff", "rate", "level", "" */
    int change;     /* +1 after "tăng", -1 after "giảm", else 0 */
    char *stated;   /* the period the figure's sentence states ("Quý I/2018"), or "" */
    char *what;     /* counted noun or table indicator */
    char *text;     /* as written */
    char *province; /* the reporting document's province */
    char *year;     /* its year */
    char *date;     /* its date */
    char *period;   /* its period ("Q1", "H1", "9M", "Y") */
    char *path;     /* its path */
    char *sentence; /* the sentence (running text) or the column (tables) */
    int table;      /* from an appendix table */
    uint32_t docid; /* the document */
} tc_figure_row;

/* Figures whose counted noun or indicator holds every word of what
 * (compared without case or diacritics), by province, date, offset. */
tc_rc tc_figures_find(tc_db *db, const char *what, tc_figure_row **out, size_t *n);
void tc_figure_rows_free(tc_figure_row *rows, size_t n);

/* A pivot of figure rows: one row per province (or year) and per kind of
 * figure (measure, kind, unit), one column per year (or province); cell
 * [r][c] lists the values reported there, which therefore always share
 * their unit, kind and measure: a total is never beside a change within the
 * period, "vị trí" never beside "trạm". */
typedef struct tc_pivot {
    char **rows,
        **cols;      /* row keys (a key repeats for each measure and unit), sorted column keys */
    char **measures; /* nrows: what the row's values are ("total", "change", ...) */
    char **kinds;    /* nrows: their kind ("count", "ratio", ...) */
    char **units;    /* nrows: their unit */
    size_t nrows, ncols; /* counts */
    char **cells;        /* nrows * ncols: "5; 7", "146/199", "+253" or NULL when empty */
} tc_pivot;
tc_rc tc_figures_pivot(const tc_figure_row *rows, size_t n, int by_year, tc_pivot **out);
void tc_pivot_free(tc_pivot *p);
/* Formats a figure value: integers without decimals, else 4 digits. */
void tc_figure_format(double v, char *out, size_t n);
/* Formats a figure row's value as a cell shows it: "146/199" for a ratio,
 * "+253" for a difference, else as tc_figure_format. */
void tc_figure_format_row(const tc_figure_row *r, char *out, size_t n);

/* ==== One document (search/show.c) ==================================== */

/* A value of a column: text, integer, real or null. */
typedef enum tc_cell_type { TC_CELL_NULL, TC_CELL_INT, TC_CELL_REAL, TC_CELL_TEXT } tc_cell_type;
typedef struct tc_cell {
    tc_cell_type type; /* which member holds the value */
    long long i;       /* TC_CELL_INT */
    double r;          /* TC_CELL_REAL */
    char *s;           /* TC_CELL_TEXT (owned) */
} tc_cell;

/* A table of rows: the document's own fields (one row) or one entity type. */
typedef struct tc_table {
    char *name;     /* "document", "citations", "standards", ... */
    char **cols;    /* column names */
    size_t ncols;   /* count */
    tc_cell *cells; /* nrows * ncols, row-major */
    size_t nrows;   /* count */
    int value_col;  /* the column people read first ("value"), or -1 */
    int text_col;   /* the column with the text as written, or -1 */
} tc_table;

typedef struct tc_document {
    uint32_t docid;     /* the document */
    tc_table fields;    /* one row: every column of the documents table */
    tc_table *entities; /* one table per entity type, in registry order */
    size_t nentities;   /* count */
    char *text;         /* the text as its reader gave it (what offsets refer to) */
    size_t text_len;    /* its length */
} tc_document;

/* A document by id ("12") or path, with every entity found in it.
 * TC_ENOTFOUND when the index has no such document. */
tc_rc tc_show(tc_db *db, const char *id_or_path, tc_document **out);
void tc_document_free(tc_document *d);
/* The cell of a table, or NULL when out of range. */
const tc_cell *tc_table_cell(const tc_table *t, size_t row, size_t col);

/* ==== Utilities ======================================================== */

/* Decodes one UTF-8 character at s[0..n): returns its length (>= 1) and
 * sets *cp; an invalid sequence gives length 1 and *cp = 0xFFFD. */
size_t tc_utf8_decode(const char *s, size_t n, uint32_t *cp);

#ifdef __cplusplus
}
#endif
#endif /* TRACUU_H */
