/*
 * search.h: run a query, fetch the hits with their metadata and a snippet
 * highlighted from tracuu's own token offsets (not Xapian's word splitter).
 *
 * When the strict query (every word) finds fewer than TC_RELAX_BELOW
 * documents and the query has a relaxed form, the relaxed query (any word,
 * boosted for phrases and proximity) is run instead, so a question typed as
 * a sentence still returns its best matches first; results say so.
 * Counts are exact: the match is checked over the whole database.
 */
#ifndef TC_SEARCH_H
#define TC_SEARCH_H

#include "../common/fields.h"
#include "../common/tc.h"
#include "../indexer/index.h"
#include "query.h"

#define TC_RELAX_BELOW 1

typedef struct tc_search_opts {
    uint32_t offset;             /* hits to skip */
    uint32_t limit;              /* hits to return */
    int sort_by_date;            /* newest first instead of relevance */
    int snippets;                /* build snippets */
    int ids_only;                /* fetch no stored data (docid and score only) */
} tc_search_opts;

/* A snippet: text from the document with highlighted byte ranges. */
typedef struct tc_snippet {
    char *text;          /* UTF-8, NUL-terminated, whitespace collapsed */
    size_t (*marks)[2];  /* highlighted [start, end) byte ranges in text */
    size_t nmarks;       /* count */
    size_t (*origin)[2]; /* the same ranges as offsets in the original file */
    int cut_before;      /* text starts inside the document */
    int cut_after;       /* text ends inside the document */
} tc_snippet;

typedef struct tc_hit {
    uint32_t rank;      /* 1-based over the whole result list */
    uint32_t docid;     /* Xapian docid = documents.id */
    double score;       /* BM25 weight (0 for filter-only queries) */
    tc_fields meta;     /* stored metadata (path, number, date, ...) */
    tc_snippet snippet; /* may be empty */
} tc_hit;

typedef struct tc_results {
    tc_hit *hits;   /* the requested page */
    size_t n;       /* hits in the page */
    uint32_t total; /* documents matching in all (exact) */
    int relaxed;    /* 1 when the best-match fallback was used */
    tcx_mset *mset; /* for facets (tcx_mset_spy) */
} tc_results;

tc_rc tc_search_run(tc_index *ix, const tc_query *q, const tc_search_opts *o, tc_results **out);
void tc_results_free(tc_results *r);

/* Facets: documents and passages per value over the whole match.
 * "passages" counts the occurrences of the query's words (every expansion)
 * in the documents of that value; for a query of filters only it equals
 * the number of documents. */
enum tc_facet_by {
    TC_BY_PROVINCE,
    TC_BY_PROVINCE2025,
    TC_BY_YEAR,
    TC_BY_AGENCY,
    TC_BY_TYPE,
    TC_BY_CITED,
    TC_BY_COUNT
};
typedef struct tc_facet_row {
    char *value;       /* the value ("(none)" when a document has none) */
    uint32_t docs;     /* matching documents with this value */
    uint64_t passages; /* occurrences of the query's words in them */
} tc_facet_row;

/* Parses "province", "province2025", "year", "agency", "type", "cited";
 * returns -1 when unknown. */
int tc_facet_by_parse(const char *s);
/* Counts over the whole match (the relaxed form when the strict one finds
 * nothing), sorted by docs descending then value; or by value when
 * sort_by_value.  *out_rows is owned by the caller: tc_facet_rows_free. */
tc_rc tc_facets(tc_index *ix, const tc_query *q, int by, int sort_by_value, tc_facet_row **out_rows,
                size_t *out_n, uint32_t *out_total, int *out_relaxed);
void tc_facet_rows_free(tc_facet_row *rows, size_t n);

/* Builds the snippet of one document's bytes for q. */
tc_rc tc_snippet_build(tc_text *t, const tc_query *q, const char *doc, size_t len, tc_snippet *out);
void tc_snippet_free(tc_snippet *s);

#endif
