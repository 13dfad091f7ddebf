/*
 * passages.h: where a query's words and phrases occur in one document's
 * text, the sentences (passages) holding them, and the snippet window.
 *
 * One scanner serves the snippet of each hit, tc_passages(), the hit's
 * `matches` and the passage counts of the facets, so they always agree.
 *
 * An element is one positive word or phrase of the query (the query's
 * elements, query.h); an occurrence is an element found at consecutive
 * positions: a phrase occurs only as the whole phrase, never word by word.
 * At most one occurrence starts at a position (the longest element found
 * there).  Identical elements count once.
 *
 * A sentence ends where the text between two tokens holds '.', ';', '!',
 * '?' or a line break.  Offsets are byte offsets in the scanned text.
 *
 * tc_snippet_window() is a pure function of an occurrence list, so the
 * window choice is tested on its own (tests/unit/test_snippet.c).
 */
#ifndef TC_PASSAGES_H
#define TC_PASSAGES_H

#include "query.h"

/* One occurrence of an element. */
typedef struct tc_occ {
    size_t start, end; /* bytes of the occurrence */
    uint32_t pos;      /* position of its first token */
    uint32_t npos;     /* positions it covers (>= 1) */
    uint32_t elem;     /* the element found (0-based) */
    uint32_t sentence; /* the sentence of its first token (0-based) */
} tc_occ;

/* One token position (compounds are not positions). */
typedef struct tc_scan_pos {
    size_t start, end; /* bytes */
} tc_scan_pos;

/* One sentence: from its first token to its last. */
typedef struct tc_scan_sentence {
    size_t start, end; /* bytes: first token's start, last token's end */
    uint32_t line;     /* 1-based line of start */
} tc_scan_sentence;

typedef struct tc_scan {
    tc_scan_pos *pos;       /* every position scanned */
    size_t npos;            /* count */
    tc_occ *occ;            /* occurrences, by position */
    size_t nocc;            /* count */
    tc_scan_sentence *sent; /* every sentence scanned */
    size_t nsent;           /* count */
    uint32_t nelems;        /* distinct elements of the query */
    int stopped;            /* scanning stopped before the end of the text */
} tc_scan;

/* Scanning modes. */
enum {
    TC_SCAN_ALL = 0,    /* the whole text (passages, every occurrence, counts) */
    TC_SCAN_SNIPPET = 1 /* stop once a good snippet window cannot improve much:
                           TC_SNIPPET_TOKENS * 3 positions after every element
                           was seen, or TC_SCAN_BUDGET positions after the
                           first occurrence */
};

/* Snippet window in positions, and the most bytes of text it shows.
 * The budget bounds the cost of a snippet (the tokeniser is most of a
 * query's time): with 384 the in-process p95 of bench/queries.txt over the
 * news stays near the old first-match snippet's, where 1024 cost ~45% more.
 * A search that scans whole texts anyway (JSON `matches`, --passages)
 * chooses its window over the whole text, so it may show a closer window
 * than the text output when that one lies past the budget. */
#define TC_SNIPPET_TOKENS 24
#define TC_SNIPPET_MAX_BYTES 400
#define TC_SCAN_BUDGET 384

/* Scans doc[0..len) for q's elements.  *out is always set (empty on
 * failure; tc_scan_free is safe). */
tc_rc tc_scan_run(const tc_query *q, tc_text *t, const char *doc, size_t len, int mode,
                  tc_scan *out);
void tc_scan_free(tc_scan *s);

/* The best snippet window over occ[0..n) (sorted by pos): the run of
 * occurrences spanning at most max_span positions that holds the most
 * distinct elements, then the shortest span, then the earliest.  Sets
 * [*first, *last] (indexes into occ) and returns the number of distinct
 * elements in it (0 when n == 0).  nelems bounds occ[].elem. */
unsigned tc_snippet_window(const tc_occ *occ, size_t n, uint32_t nelems, uint32_t max_span,
                           size_t *first, size_t *last);

/* Builds the passages of a scan (every sentence holding an occurrence),
 * with lines, and pages from the stored page starts ("0,1834,...") and
 * kinds ("tto...", 'o' = read by OCR), either may be "" or NULL. */
tc_rc tc_scan_passages(const tc_scan *s, const char *doc, size_t len, const char *page_starts,
                       const char *page_kinds, tc_passage **out, size_t *n);

/* Sorts marks by start and merges overlapping ones; returns the count left. */
size_t tc_marks_merge(size_t (*m)[2], size_t n);

/* doc[from..to) as one clean line (white space runs as one space, control
 * characters dropped, invalid UTF-8 as U+FFFD) into *text, and the byte
 * ranges origin[0..nm) (sorted, disjoint, offsets in doc) as ranges of
 * it into *marks (nm entries).  Both malloc'd. */
tc_rc tc_text_marked(const char *doc, size_t from, size_t to, const size_t (*origin)[2], size_t nm,
                     char **text, size_t (**marks)[2]);

/* The 1-based page holding byte offset off, from a document's stored page
 * starts ("0,1834,..."); 0 when the document has no pages. */
uint32_t tc_page_of(const char *starts, size_t off);

/* The number of sentences of a scan holding an occurrence. */
uint64_t tc_scan_passage_count(const tc_scan *s);

/* ---- counting passages from the index ---------------------------------- *
 * The same count as tc_scan_passage_count() over the document's text, from
 * the positions of the query's terms and the sentence starts stored at
 * index time (schema.h, TC_SLOT_SENTENCES): an element occurs at position p
 * when, for every slot k, a term the slot accepts (a syllable or the
 * compound at that position) has position p + k; a passage is a sentence
 * where an occurrence starts.  Documents must be asked for in increasing
 * docid order to read each posting list once (any order is correct). */
typedef struct tc_pcount tc_pcount;

/* *out is NULL (and TC_OK returned) when this query needs the scanner:
 * a term longer than the index keeps (240 bytes) can occur in the text
 * but has no positions. */
tc_rc tc_pcount_open(tc_db *db, const tc_query *q, tc_pcount **out);
/* The passages of q in docid; the message of a failure is on db. */
tc_rc tc_pcount_doc(tc_pcount *pc, uint32_t docid, uint64_t *passages);
/* The same for each of ids[0..n) (increasing) into passages[0..n), over
 * several threads for a long list (runs of 500 documents or more, each
 * with its own handle of db's commit; TRACUU_THREADS or the processors
 * online, at most 4); pc (from db and q) counts the caller's run.  The
 * counts do not depend on the threads; *threads (may be NULL) gets the
 * number whose counts were kept. */
tc_rc tc_pcount_docs(tc_pcount *pc, tc_db *db, const tc_query *q, const uint32_t *ids, size_t n,
                     uint64_t *passages, size_t *threads);
void tc_pcount_free(tc_pcount *pc);

#endif
