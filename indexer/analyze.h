/*
 * analyze.h: one file's bytes -> everything the index stores about it.
 *
 * tc_analyzer_run() is pure analysis (tokens, header, entities) and touches
 * no store, so several analyzers (one per thread, each with its own tc_text)
 * can run in parallel while one thread writes.  tc_analysis_store() and
 * tc_analysis_store_sql() then write a result into Xapian and SQLite; the
 * analyzer remembers which lexicon entries it has already written in this
 * run so each is written once.
 */
#ifndef TC_ANALYZE_H
#define TC_ANALYZE_H

#include <sqlite3.h>

#include "../analyzers/gazetteer.h"
#include "../analyzers/header.h"
#include "../analyzers/text.h"
#include "../common/tc.h"
#include "../shim/xapian_shim.h"

typedef struct tc_analyzer tc_analyzer;
typedef struct tc_analysis tc_analysis;

/* notice(ctx, byte offset or -1, message) reports repaired input. */
typedef void (*tc_notice_fn)(void *ctx, long long offset, const char *msg);

tc_rc tc_analyzer_open(tc_text *t, const tc_gazetteer *g, tc_analyzer **out);
void tc_analyzer_close(tc_analyzer *an);

/* Where a document's text came from (its reader's output): stored with the
 * document and shown by `show`; page starts are raw byte offsets in the
 * text.  Pointers must stay valid until the analysis is freed. */
typedef struct tc_source {
    const char *format;             /* reader name ("pdf", "docx", "text", ...) */
    const char *encoding;           /* legacy encoding converted from, or NULL */
    const size_t *page_start;       /* npages entries, or NULL */
    const unsigned char *page_kind; /* TC_PAGE_* of readers/reader.h per page */
    size_t npages, image_pages, ocr_pages;
} tc_source;

/* Analyses data[0..len) of the file at path, read as src says (src may be
 * NULL: plain text without pages).  *out is owned by the caller. */
tc_rc tc_analyzer_run(tc_analyzer *an, const char *path, const tc_source *src, const char *data,
                      size_t len, tc_notice_fn notice, void *ctx, tc_analysis **out);
/* The source the analysis was made from (never NULL). */
const tc_source *tc_analysis_source(const tc_analysis *a);
/* Its pages as stored: "0,1834,..." and one letter per page (t text, i
 * image only, o OCR); NULL when the format has no pages. */
const char *tc_analysis_page_starts(const tc_analysis *a);
const char *tc_analysis_page_kinds(const tc_analysis *a);
/* What the writer knows of the file (the documents row of schema.h), stored
 * in the document's record by tc_analysis_store: size, mtime, SHA-256, the
 * time of indexing (ISO 8601 UTC) and the number of warnings. */
tc_rc tc_analysis_set_file(tc_analysis *a, long long size, long long mtime, const char *sha256,
                           const char *indexed_at, unsigned warnings);
/* Adds a warning about the file (offset -1: the whole file), in order. */
tc_rc tc_analysis_add_warning(tc_analysis *a, long long offset, const char *msg);
/* Writes the document into Xapian under unique_term; sets *docid.  is_new:
 * the caller knows no document has that term (skips the lookup). */
tc_rc tc_analysis_store(tc_analyzer *an, const tc_analysis *a, tcx_db *db, const char *unique_term,
                        size_t ulen, int is_new, uint32_t *docid);
/* The two halves of tc_analysis_store(), for a parallel build: the
 * lexicon entries new to the run (the analyzer remembers them; one thread),
 * then the document.  *docid > 0: the document is new and goes under that
 * id (tcx_db_put); 0: as tc_analysis_store() (sets *docid). */
tc_rc tc_analysis_store_lexicon(tc_analyzer *an, const tc_analysis *a, tcx_db *db);
tc_rc tc_analysis_store_doc(const tc_analysis *a, tcx_db *db, const char *unique_term, size_t ulen,
                            int is_new, uint32_t *docid);
/* tc_analysis_store_doc() in two steps: tc_analysis_seal() copies into the
 * document everything it still takes from the file's text and record (the
 * analysis may point into the caller's buffers, which are reused once it
 * returns); tc_analysis_put_sealed() then puts it under docid (> 0, new)
 * and may run on another thread, with a handle of its own. */
tc_rc tc_analysis_seal(const tc_analysis *a, const char *unique_term, size_t ulen);
tc_rc tc_analysis_put_sealed(const tc_analysis *a, tcx_db *db, uint32_t docid);
/* Prepared statements for the entity tables (one per registry type,
 * analyzers/registry.h), made once per run by the writer. */
typedef struct tc_entity_sql {
    sqlite3_stmt **del; /* DELETE FROM <table> WHERE doc_id=? */
    sqlite3_stmt **ins; /* INSERT INTO <table>(doc_id, columns...) */
    size_t n;           /* entity types */
} tc_entity_sql;
tc_rc tc_entity_sql_prepare(sqlite3 *db, tc_entity_sql *s);
void tc_entity_sql_finalize(tc_entity_sql *s);
/* Deletes every entity row of docid. */
tc_rc tc_entity_sql_delete(tc_entity_sql *s, uint32_t docid);
/* Replaces the document's entity rows. */
tc_rc tc_analysis_store_sql(const tc_analysis *a, tc_entity_sql *s, uint32_t docid);
const tc_header *tc_analysis_header(const tc_analysis *a);
size_t tc_analysis_tokens(const tc_analysis *a);
void tc_analysis_free(tc_analysis *a);

#endif
