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

#include "db.h"
#include "query.h"

/* The public part (tc_search_run, tc_facets, the hit and snippet structs)
 * is in include/tracuu.h. */

/* Builds the snippet of one document's text for q. */
tc_rc tc_snippet_build(tc_text *t, const tc_query *q, const char *doc, size_t len, tc_snippet *out);
void tc_snippet_free(tc_snippet *s);
struct tc_scan;
/* Builds the snippet from a scan of the document's text (passages.h). */
tc_rc tc_snippet_from_scan(const struct tc_scan *s, const char *doc, tc_snippet *out);

/* 1 when ref (a reference without year or symbol) probably means one of
 * known: *match and *reason say which and why.  Never when the reference
 * is dated (cdate) in another year than the match's symbol. */
int tc_cite_probable_of(tc_db *db, const tc_citation *ref, const char *cdate,
                        const char *const *known, size_t nknown, const char **match,
                        const char **reason);

#endif
