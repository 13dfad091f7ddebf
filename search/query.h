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
#include "../shim/xapian_shim.h"
#include "db.h"

/* tc_query_parse, tc_query_free, tc_query_explain and tc_query_text_terms
 * are public (include/tracuu.h); the rest is for search/. */

/* The strict query: every word must match. */
const tcx_query *tc_query_strict(const tc_query *q);
/* The relaxed query (any word, phrase and proximity boosts), or NULL when the
 * query has fewer than two free-text words or uses OR. */
const tcx_query *tc_query_relaxed(const tc_query *q);
/* 1 when the query is a long question: run the relaxed query (ranked, any
 * word) first instead of the strict one. */
int tc_query_prefers_relaxed(const tc_query *q);
/* The BM25 parameters to rank with. */
void tc_query_bm25(const tc_query *q, double *k1, double *b);
/* Returns 1 if canonical term is one the query looks for (for highlighting). */
int tc_query_wants(const tc_query *q, const char *term, size_t n);

/* The positive words and phrases as the passage scanner reads them
 * (search/passages.c): elements end with '\x1e', the slots (consecutive
 * positions) of an element end with '\x1d', each term a slot accepts ends
 * with '\x1f'.  Empty for a query of filters only. */
const char *tc_query_elements(const tc_query *q, size_t *len);

#endif
