/*
 * query.h: the tracuu query language, parsed and turned into a Xapian query.
 *
 * Syntax (README "Query syntax"):
 *   words            all must match (BM25); unaccented words match every
 *                    accented form the index has seen ("hieu qua" finds
 *                    "hiệu quả"); accented words match only themselves; a
 *                    word typed in capitals without diacritics that the index
 *                    has seen as an acronym ("SOC") matches only that acronym
 *   "a phrase"       consecutive words (straight or curly quotes)
 *   a OR b           either;  -a, NOT a: without;  ( ... ) grouping;  AND optional
 *   field:value      province:"Hà Tĩnh" (old or new name, accents optional),
 *                    province2025:..., year:2018, year:2015..2019, type:report,
 *                    agency:"Sở Thông tin", period:Q1, date:2018-01..2018-06,
 *                    draft:yes, cites:45/2016/QĐ-TTg, mentions:"Sóc Trăng"
 *
 * Contract: tc_query_parse() never fails on odd input except with
 * TC_ESYNTAX and a message that shows where (a caret under the column).
 */
#ifndef TC_QUERY_H
#define TC_QUERY_H

#include "../analyzers/text.h"
#include "../common/tc.h"
#include "../indexer/index.h"

typedef struct tc_query tc_query;

/* Parses and builds text against the open index.  On TC_ESYNTAX (or another
 * error) *out is NULL and errbuf holds a message (may span lines). */
tc_rc tc_query_parse(tc_index *ix, const char *text, tc_query **out, char *errbuf, size_t errlen);
void tc_query_free(tc_query *q);

/* The strict query: every word must match. */
const tcx_query *tc_query_strict(const tc_query *q);
/* The relaxed query (any word, phrase and proximity boosts), or NULL when the
 * query has fewer than two free-text words or uses OR. */
const tcx_query *tc_query_relaxed(const tc_query *q);
/* Returns 1 if canonical term is one the query looks for (for highlighting). */
int tc_query_wants(const tc_query *q, const char *term, size_t n);
/* Counts in one document's text the occurrences of the query's positive
 * words and phrases (*mentions) and the sentences holding at least one
 * (*passages).  Both are 0 for a query of filters only. */
tc_rc tc_query_count_passages(const tc_query *q, tc_text *t, const char *doc, size_t len,
                              uint64_t *mentions, uint64_t *passages);
/* Appends a human explanation: terms, expansions, filters.  TC_ENOMEM when
 * out is full. */
tc_rc tc_query_explain(const tc_query *q, tc_buf *out);
/* Number of free-text terms (0 for a pure filter query). */
size_t tc_query_text_terms(const tc_query *q);

#endif
