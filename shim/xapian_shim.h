/*
 * xapian_shim.h: the C interface to xapian-core 1.4, the only C++ in tracuu.
 *
 * Contract
 *   - Every function catches every exception at the boundary: it returns a
 *     tc_rc and records the message on the handle (tcx_db_errmsg()).  Opening
 *     writes a message to the caller's buffer because there is no handle yet.
 *   - Strings go in as (pointer, length) and out through callbacks or tc_buf;
 *     nothing returned points into Xapian-owned memory after the call.
 *   - A tcx_db is used from one thread at a time.
 *   - Query nodes (tcx_query) are immutable values; combining nodes copies
 *     them (Xapian queries are reference-counted), so the caller frees every
 *     node it created with tcx_query_free().
 */
#ifndef TC_XAPIAN_SHIM_H
#define TC_XAPIAN_SHIM_H

#include "../common/tc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tcx_db tcx_db;
typedef struct tcx_doc tcx_doc;
typedef struct tcx_query tcx_query;
typedef struct tcx_mset tcx_mset;

enum tcx_mode { TCX_READ = 0, TCX_WRITE = 1 };

/* Opens (TCX_WRITE: creates if missing) the database at path.  On failure
 * *out is NULL and errbuf holds the message; TC_ELOCKED when another writer
 * holds the lock, TC_ENOINDEX when a read-only open finds nothing. */
tc_rc tcx_db_open(const char *path, int mode, tcx_db **out, char *errbuf, size_t errlen);
/* Closes; for a writer, pending changes are committed (Xapian's rule). */
void tcx_db_close(tcx_db *db);
const char *tcx_db_errmsg(const tcx_db *db);
tc_rc tcx_db_commit(tcx_db *db);
uint32_t tcx_db_doccount(tcx_db *db);
/* The sum of the documents' lengths (wdf of their words); 0 when no
 * document has text, as in an index of scans read without OCR. */
uint64_t tcx_db_total_length(tcx_db *db);

/* User metadata (small strings). get: appends the value to out ("" if unset). */
tc_rc tcx_db_set_meta(tcx_db *db, const char *key, const char *value, size_t vlen);
tc_rc tcx_db_get_meta(tcx_db *db, const char *key, tc_buf *out);

/* The synonym table, used as the accent-insensitive lexicon: key is a
 * folded form, synonyms are the exact terms that fold to it. */
tc_rc tcx_db_add_synonym(tcx_db *db, const char *key, size_t klen, const char *term, size_t tlen);
typedef int (*tcx_term_fn)(void *ctx, const char *term, size_t len, uint32_t termfreq);
/* Calls fn for each synonym of key (termfreq is 0 here). */
tc_rc tcx_db_synonyms(tcx_db *db, const char *key, size_t klen, tcx_term_fn fn, void *ctx);
/* Calls fn for every term starting with prefix, with its termfreq. */
tc_rc tcx_db_allterms(tcx_db *db, const char *prefix, size_t plen, tcx_term_fn fn, void *ctx);

/* Documents. */
tc_rc tcx_doc_new(tcx_doc **out);
void tcx_doc_free(tcx_doc *doc);
tc_rc tcx_doc_add_posting(tcx_doc *doc, const char *term, size_t n, uint32_t pos);
/* A term without position (wdf += wdf_inc): syllable pairs. */
tc_rc tcx_doc_add_term(tcx_doc *doc, const char *term, size_t n, uint32_t wdf_inc);
tc_rc tcx_doc_add_boolean(tcx_doc *doc, const char *term, size_t n);
tc_rc tcx_doc_set_value(tcx_doc *doc, unsigned slot, const char *v, size_t n);
tc_rc tcx_doc_set_data(tcx_doc *doc, const char *data, size_t n);
/* Adds or replaces the document indexed by unique_term; sets *docid. */
tc_rc tcx_db_replace(tcx_db *db, const char *unique_term, size_t n, tcx_doc *doc, uint32_t *docid);
/* Adds a document known to be new (no lookup of its unique term); sets *docid. */
tc_rc tcx_db_add(tcx_db *db, tcx_doc *doc, uint32_t *docid);
/* Puts a new document under the id docid (> 0), which no document has:
 * the writers of a parallel build give ids in ranges of their own. */
tc_rc tcx_db_put(tcx_db *db, uint32_t docid, tcx_doc *doc);
/* The highest document id ever used (0 for none) into *out. */
tc_rc tcx_db_lastdocid(tcx_db *db, uint32_t *out);
tc_rc tcx_db_delete(tcx_db *db, const char *unique_term, size_t n);
/* Appends the stored data of docid to out. */
tc_rc tcx_db_doc_data(tcx_db *db, uint32_t docid, tc_buf *out);
/* Documents holding term, and its occurrences in all (0 when absent or on error). */
uint32_t tcx_db_termfreq(tcx_db *db, const char *term, size_t n);
uint64_t tcx_db_collfreq(tcx_db *db, const char *term, size_t n);
/* docid of the document with unique_term, 0 if none. */
uint32_t tcx_db_find(tcx_db *db, const char *unique_term, size_t n);
/* Calls fn with each term of docid starting with prefix. */
tc_rc tcx_db_doc_terms(tcx_db *db, uint32_t docid, const char *prefix, size_t plen, tcx_term_fn fn,
                       void *ctx);
/* Appends the value in slot of docid to out ("" when unset). */
tc_rc tcx_db_doc_value(tcx_db *db, uint32_t docid, unsigned slot, tc_buf *out);

/* Queries. */
enum tcx_op {
    TCX_AND,
    TCX_OR,
    TCX_AND_NOT,
    TCX_AND_MAYBE,
    TCX_FILTER,
    TCX_PHRASE,
    TCX_NEAR,
    TCX_SYNONYM,
    TCX_ELITE_SET
};
tcx_query *tcx_query_term(const char *term, size_t n, uint32_t wqf, uint32_t pos);
/* A term that filters without adding weight. */
tcx_query *tcx_query_boolean(const char *term, size_t n);
tcx_query *tcx_query_all(void);
tcx_query *tcx_query_none(void);
/* Combines subs with op (window for PHRASE and NEAR, 0 = number of subs). */
tcx_query *tcx_query_combine(int op, tcx_query *const *subs, size_t n, uint32_t window);
/* Documents whose value in slot lies in [lo, hi] (string order). */
tcx_query *tcx_query_range(unsigned slot, const char *lo, const char *hi);
tcx_query *tcx_query_scale(const tcx_query *q, double factor);
/* Appends Xapian's description of the query (for --explain).  TC_ENOMEM
 * when out is full, TC_EXAPIAN when Xapian fails. */
tc_rc tcx_query_describe(const tcx_query *q, tc_buf *out);
void tcx_query_free(tcx_query *q);

typedef struct tcx_search_opts {
    uint32_t offset;         /* first hit to return */
    uint32_t limit;          /* number of hits to return */
    int sort_slot;           /* -1: relevance; else sort by this value slot */
    int sort_descending;     /* with sort_slot */
    uint32_t check_at_least; /* count exactly up to this many (doccount = exact) */
    double bm25_k1, bm25_b;  /* BM25 parameters; k1 <= 0: Xapian's defaults */
} tcx_search_opts;

tc_rc tcx_db_search(tcx_db *db, const tcx_query *q, const tcx_search_opts *opts, tcx_mset **out);
void tcx_mset_free(tcx_mset *m);
uint32_t tcx_mset_size(const tcx_mset *m);
/* Estimated total; exact when check_at_least covered the match. */
uint32_t tcx_mset_total(const tcx_mset *m);
uint32_t tcx_mset_docid(const tcx_mset *m, uint32_t i);
double tcx_mset_weight(const tcx_mset *m, uint32_t i);
/* Appends the stored data of hit i to out. */
tc_rc tcx_mset_data(tcx_mset *m, uint32_t i, tc_buf *out);

/* Cursors over documents visited in increasing docid order (a facet's walk
 * over a match): each call moves a Xapian iterator forward with skip_to,
 * so reading N documents costs one pass over the posting lists and value
 * streams, not N lookups.  A docid below the previous one restarts the
 * iterators (correct, only slower).  A cursor belongs to its tcx_db and is
 * freed before it. */
typedef struct tcx_cursor tcx_cursor;
/* The positions (0-based, as the tokeniser numbers them) of term number
 * `term` in the document, sorted; n > 0.  NULL positions when the cursor
 * was opened without them (pos is then NULL and n the wdf).  Non-zero
 * return stops the walk of this document. */
typedef int (*tcx_pos_fn)(void *ctx, size_t term, const uint32_t *pos, size_t n);
/* A cursor over the posting lists of terms[0..n) (lens[i] bytes each);
 * with positions or without (membership only). */
tc_rc tcx_cursor_terms(tcx_db *db, const char *const *terms, const size_t *lens, size_t n,
                       int positions, tcx_cursor **out);
/* Calls fn for each term of the cursor present in docid. */
tc_rc tcx_cursor_doc(tcx_cursor *c, uint32_t docid, tcx_pos_fn fn, void *ctx);
/* A cursor over the value stream of slot. */
tc_rc tcx_cursor_values(tcx_db *db, unsigned slot, tcx_cursor **out);
/* Appends the value of docid in the cursor's slot to out ("" when unset). */
tc_rc tcx_cursor_value(tcx_cursor *c, uint32_t docid, tc_buf *out);
void tcx_cursor_free(tcx_cursor *c);

/* Every document matching q, in increasing docid order, unweighted (a
 * facet counts the whole match and needs no ranking): *ids is malloc'd
 * (NULL when none), *n its count. */
tc_rc tcx_db_match(tcx_db *db, const tcx_query *q, uint32_t **ids, uint32_t *n);

/* Calls fn(ctx, docid) for each document holding term, in increasing
 * docid order; a non-zero return stops. */
typedef int (*tcx_doc_fn)(void *ctx, uint32_t docid);
tc_rc tcx_db_postlist(tcx_db *db, const char *term, size_t n, tcx_doc_fn fn, void *ctx);

/* Merges source databases into dest (compacting); used after parallel builds. */
tc_rc tcx_compact(const char *const *sources, size_t n, const char *dest, char *errbuf,
                  size_t errlen);

/* Snapshots and damage (readers that reopen, `tracuu check`). */
/* 1 when an error since the last reopen was Xapian's DatabaseModifiedError:
 * the revision this handle reads was overwritten by later commits, and the
 * question must be asked again after tcx_db_reopen(). */
int tcx_db_moved(const tcx_db *db);
/* 1 when an error since the last reopen was DatabaseCorruptError. */
int tcx_db_damaged(const tcx_db *db);
/* Moves a reader to the latest committed revision (*changed = 1 if it
 * moved); clears the two flags above. */
tc_rc tcx_db_reopen(tcx_db *db, int *changed);
/* The revision this handle reads (0 on error). */
uint64_t tcx_db_revision(tcx_db *db);
/* Calls fn with every document id in ascending order; fn returns non-zero
 * to stop. */
typedef int (*tcx_docid_fn)(void *ctx, uint32_t docid);
tc_rc tcx_db_docids(tcx_db *db, tcx_docid_fn fn, void *ctx);
/* Compacts one database into dest keeping every document id: meta.sqlite
 * refers to documents by their Xapian id.  (Xapian renumbers by default,
 * closing the gaps left by removed documents: after a run that removed
 * files, every SQLite row then named another document.) */
tc_rc tcx_compact_same_ids(const char *src, const char *dest, char *errbuf, size_t errlen);
/* The same for several databases merged into one; their ranges of ids
 * (lowest to highest) must not overlap, else TC_EXAPIAN. */
tc_rc tcx_merge_same_ids(const char *const *sources, size_t n, const char *dest, char *errbuf,
                         size_t errlen);
/* Xapian::Database::check on the database at path: *errors gets the number
 * of errors (1 when a table is too damaged to walk) and out Xapian's report.
 * Returns TC_ENOMEM only; damage is in *errors. */
tc_rc tcx_check(const char *path, size_t *errors, tc_buf *out);

/* Clusters: shards (tracuu indexes' Xapian databases, local or served by
 * xapian-tcpsrv) joined into one read-only database.  Xapian interleaves
 * their document ids: id = (shard id - 1) * shards + shard number + 1. */
typedef struct tcx_shard_loc {
    const char *name; /* the shard's name (for messages) */
    const char *path; /* a local Xapian database, or NULL */
    const char *host; /* else the host and port of an xapian-tcpsrv */
    unsigned port;
} tcx_shard_loc;
/* Opens every shard; timeout_ms bounds the connection and every remote
 * call (0: none).  partial_ok: a remote shard that cannot be reached is
 * left out (tcx_cluster_shard() says which) instead of failing the open;
 * a local shard that cannot be opened always fails it. */
tc_rc tcx_cluster_open(const tcx_shard_loc *locs, size_t n, unsigned timeout_ms, int partial_ok,
                       tcx_db **out, char *errbuf, size_t errlen);
/* Opens the shards again (fresh connections), leaving out the ones that
 * do not answer when partial_ok was given. */
tc_rc tcx_cluster_reconnect(tcx_db *db);
/* Shards of a cluster (0 for a plain database); the name of shard i, and
 * *up = 1 when it is part of the joined database. */
size_t tcx_cluster_size(const tcx_db *db);
const char *tcx_cluster_shard(const tcx_db *db, size_t i, int *up);
/* 1 when shard i is served by xapian-tcpsrv. */
int tcx_cluster_shard_remote(const tcx_db *db, size_t i);
/* Appends the user metadata key of shard i alone to out. */
tc_rc tcx_cluster_shard_meta(tcx_db *db, size_t i, const char *key, tc_buf *out);
/* The shard whose failure the last error was (its message names it), or -1. */
int tcx_cluster_lost(const tcx_db *db);

/* Documents matching q per value of slot, counted by Xapian's
 * ValueCountMatchSpy where the documents are (on the servers of remote
 * shards): fn(value, docs) per value, then ("", docs) for the documents
 * without one; *total gets the match size.  Exact: the whole match is
 * checked. */
typedef int (*tcx_value_fn)(void *ctx, const char *value, size_t len, uint32_t docs);
tc_rc tcx_db_value_counts(tcx_db *db, const tcx_query *q, unsigned slot, tcx_value_fn fn, void *ctx,
                          uint32_t *total);

#ifdef __cplusplus
}
#endif
#endif
