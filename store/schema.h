/*
 * schema.h: the on-disk layout of a tracuu index, written down in one place.
 * Bump TC_SCHEMA_VERSION whenever anything below changes meaning; the tools
 * refuse to open an index with another version and say how to rebuild it.
 *
 * An index is a directory (default ./tracuu-index, or --index DIR, or
 * $TRACUU_INDEX) holding:
 *   xapian/       the Xapian (glass) database: terms, positions, values, data
 *   meta.sqlite   SQLite side tables: documents, entities, warnings
 *
 * Xapian terms
 *   (no prefix)   canonical syllables and compounds (text.h), with positions
 *   XW<a> <b>     two canonical syllables standing next to each other with
 *                 only white space between ("XWhiệu quả"), without positions;
 *                 its collection frequency is how often the index writes the
 *                 pair, which ranks the readings of an unaccented query
 *   Q<path>       unique id: the file's absolute path ("Q#<sha256>" if long)
 *   P<code>       issuing province, 2024-era GSO code ("P42")
 *   XN<code>      issuing province, post-2025 code ("XN42")
 *   Y<yyyy>       year covered ("Y2018")
 *   T<type>       document type key ("Treport")
 *   XA<key>       issuing agency, folded name ("XAsở thông tin..." folded)
 *   XR<period>    period kind ("XRQ1", "XRH1", "XR9M", "XRY")
 *   XD1           draft
 *   XL<level>     issuer level ("XLcentral", "XLprovince", "XLdistrict", "XLcommune")
 *   XC<key>       cited document, canonical key ("XC45/2016/QĐ-TTg")
 *   XK<code>      cited type and issuer ("XKQĐ-TTg": any decision of the PM)
 *   XM<code>      province named in the text (2024-era code)
 *   XG<key>       agency named in the text or issuing it (data/agencies.tsv key),
 *                 and XG<key>@<code> with its province when it has one
 *   XO<number>    the document's own number when it starts with a digit
 *                 ("XO45/2016/QĐ-TTg"): the citation graph's node of a document
 *   XI<word>      a word of what a figure of the document counts (its indicator,
 *                 else its noun), folded as `figures` compares them ("XIbts"),
 *                 words of at most TC_FIGURE_WORD_MAX bytes: `figures WHAT` reads
 *                 the documents holding every word, not every figures row
 * Xapian values
 *   0  date "YYYYMMDD", "YYYYMM" or "YYYY" (string order = time order)
 *   1  year "YYYY"
 *   2  province name;  3  province (2025) name;  4  type;  5  agency
 *   6  sentence starts: the position (0-based, as the tokeniser numbers
 *      them) of the first token of every sentence but the first, as the
 *      differences from the previous start (the first from 0), each an
 *      unsigned LEB128 varint; unset when the text is one sentence.  A
 *      sentence ends where the text between two tokens holds . ; ! ? or a
 *      line break (search/passages.h), so a passage (a sentence holding a
 *      match) is counted from positions, without reading the text.
 * Xapian synonyms (the accent-insensitive lexicon)
 *   <folded> -> every indexed term that folds to it, when it differs
 *   ^<term>  -> "1": term was seen written as an acronym (capitals, no
 *               diacritics, between words that are not in capitals)
 * Xapian metadata
 *   tc.schema  TC_SCHEMA_VERSION;  tc.gen  generation of the last commit
 *   tc.lex:<folded>  the lexicon again, as the synonyms of <folded>, each
 *              followed by a NUL byte (keys up to 200 bytes): Xapian 1.4's
 *              remote backend serves metadata but not synonyms, so a shard
 *              on xapian-tcpsrv expands unaccented words from this
 * Document data
 *   a field record (common/fields.h: "key\tvalue" lines with \t, \n and \\
 *   escaped, ended by an empty line) with the metadata shown in results,
 *   then the document's text as its reader gave it (token offsets point
 *   into it).  The record holds format, encoding (when converted), and for
 *   paged formats pages (page start offsets, "0,1834,...") and page_kinds
 *   (t text layer, i image only, o OCR), so a hit's page needs no SQLite.
 *   Since schema 6 the record holds everything meta.sqlite holds about the
 *   document, so that a Xapian database alone (a remote shard) answers
 *   every question (tc_db_open_flags, TC_OPEN_XAPIAN_ONLY):
 *     - the rest of its documents row: size, mtime, sha256, indexed_at,
 *       date_precision, parent_agency, signer_title, signer_name, tokens,
 *       warnings (a count), and npages, image_pages, ocr_pages for paged
 *       formats (the row's pages; "pages" is its page_starts);
 *     - "@<type>" for each entity type with rows (analyzers/registry.c):
 *       its rows in table order as a cell table (common/fields.h: cells
 *       separated by 0x1F, rows by 0x1E, an empty cell is NULL), columns
 *       in the registry's order without doc_id;
 *     - "@warnings": the file's warnings (offset, message), as recorded
 *       in the warnings table.
 *   A file touched without a change keeps its mtime of indexing here
 *   (meta.sqlite has the new one), and warnings about files that could
 *   not be read have no document to go with: they are in meta.sqlite only.
 *
 * SQLite tables: see TC_SQL_SCHEMA below, plus one table per entity type
 * (citations, agencies, places, dates, figures, standards: their columns
 * are declared in analyzers/registry.c).  Entity prefixes (XC, XK, XG, XM,
 * XS) are declared there too.  The sentence of a figure is not
 * stored (figures are many): readers cut it from the document text by its
 * offsets with tc_sentence_bounds().  meta.gen equals Xapian's tc.gen
 * after every completed commit; a difference means an interrupted run,
 * which the next `tracuu index` repairs.  meta.docs is the number of rows
 * of documents, kept by two triggers whoever writes (an INSERT OR REPLACE
 * counts the rows it replaces, which fire no delete trigger): a reader
 * compares it with Xapian's count at every open instead of counting the
 * rows (20 ms for 35,000 documents).  A writer that finds no meta.docs (an
 * index of schema 6 written before it) counts once; until then readers
 * count.  `tracuu check` counts the rows and compares.
 */
#ifndef TC_SCHEMA_H
#define TC_SCHEMA_H

#include <sqlite3.h>

#include "../common/tc.h"

/* 4: syllable pairs (XW), i/y spelling folded to y after h k l m s t qu.
 * 5: sentence starts (value 6), so facets count passages from positions.
 * 6: the documents row and entity rows in the document data, XO terms:
 *    every question answered from the Xapian database alone. */
#define TC_SCHEMA_VERSION 6

#define TC_PAIR_PREFIX "XW"
#define TC_FIGURE_WORD_PREFIX "XI"
#define TC_FIGURE_WORD_MAX 200

#define TC_SLOT_DATE 0
#define TC_SLOT_YEAR 1
#define TC_SLOT_PROVINCE 2
#define TC_SLOT_PROVINCE2025 3
#define TC_SLOT_TYPE 4
#define TC_SLOT_AGENCY 5
#define TC_SLOT_SENTENCES 6

#define TC_DEFAULT_INDEX "tracuu-index"
#define TC_XAPIAN_DIR "xapian"
#define TC_SQLITE_FILE "meta.sqlite"
/* A parallel build's second writer (indexer/index.c): its Xapian database
 * and its side tables, beside the index's own until they are merged in. */
#define TC_SHARD_XAPIAN_DIR "xapian.shard"
#define TC_SHARD_SQLITE_FILE "meta.shard.sqlite"

#define TC_SQL_SCHEMA                                                                              \
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"                         \
    "CREATE TABLE IF NOT EXISTS documents(\n"                                                      \
    "  id INTEGER PRIMARY KEY,        -- the Xapian docid\n"                                       \
    "  path TEXT NOT NULL UNIQUE,     -- absolute path\n"                                          \
    "  size INTEGER NOT NULL, mtime INTEGER NOT NULL, sha256 TEXT NOT NULL,\n"                     \
    "  indexed_at TEXT NOT NULL,      -- ISO 8601 UTC\n"                                           \
    "  number TEXT, place TEXT, date TEXT, date_precision INTEGER,\n"                              \
    "  province_code TEXT, province TEXT, province2025_code TEXT, province2025 TEXT,\n"            \
    "  agency TEXT, parent_agency TEXT, type TEXT, title TEXT, draft INTEGER,\n"                   \
    "  level TEXT,                    -- issuer level: central, province, district, commune\n"     \
    "  signer_title TEXT, signer_name TEXT, year INTEGER, period TEXT, period_text TEXT,\n"        \
    "  tokens INTEGER, warnings INTEGER,\n"                                                        \
    "  format TEXT,                   -- the reader: text, markdown, docx, odt, doc, rtf, html, "  \
    "pdf\n"                                                                                        \
    "  encoding TEXT,                 -- legacy encoding converted (TCVN3, VNI, ...), or NULL\n"   \
    "  pages INTEGER, image_pages INTEGER, ocr_pages INTEGER, -- paged formats, else NULL\n"       \
    "  page_starts TEXT,              -- byte offset of each page in the text: \"0,1834,...\"\n"   \
    "  page_kinds TEXT);              -- a letter per page: t text, i image only, o OCR\n"         \
    "CREATE TABLE IF NOT EXISTS warnings(\n"                                                       \
    "  doc_id INTEGER, path TEXT NOT NULL, offset INTEGER, message TEXT NOT NULL);\n"              \
    "DROP TRIGGER IF EXISTS documents_added;\n"                                                    \
    "CREATE TRIGGER IF NOT EXISTS documents_counted BEFORE INSERT ON documents\n"                  \
    "  BEGIN UPDATE meta SET value = value + 1\n"                                                  \
    "    - (SELECT count(*) FROM documents WHERE id = NEW.id)\n"                                   \
    "    - (SELECT count(*) FROM documents WHERE path = NEW.path AND id IS NOT NEW.id)\n"          \
    "    WHERE key = 'docs'; END;\n"                                                               \
    "CREATE TRIGGER IF NOT EXISTS documents_removed AFTER DELETE ON documents\n"                   \
    "  BEGIN UPDATE meta SET value = value - 1 WHERE key = 'docs'; END;\n"

/* The columns of the documents table above, in order, with the key of the
 * document record (Xapian data) that holds each one and its type: 'i'
 * INTEGER, 't' TEXT; an absent or empty field is NULL.  "id" is the docid
 * itself.  Keep in step with TC_SQL_SCHEMA (test_xapianonly compares
 * `show` from both stores). */
#define TC_DOC_COLUMNS(X)                                                                          \
    X("id", "", 'i')                                                                               \
    X("path", "path", 't')                                                                         \
    X("size", "size", 'i')                                                                         \
    X("mtime", "mtime", 'i')                                                                       \
    X("sha256", "sha256", 't') X("indexed_at", "indexed_at", 't') X("number", "number", 't')       \
        X("place", "place", 't') X("date", "date", 't') X("date_precision", "date_precision", 'i') \
            X("province_code", "province_code", 't') X("province", "province", 't')                \
                X("province2025_code", "province2025_code", 't') X("province2025", "province2025", \
                                                                   't') X("agency", "agency", 't') \
                    X("parent_agency", "parent_agency", 't') X("type", "type", 't')                \
                        X("title", "title", 't') X("draft", "draft", 'i') X("level", "level", 't') \
                            X("signer_title", "signer_title", 't') X("signer_name", "signer_name", \
                                                                     't') X("year", "year", 'i')   \
                                X("period", "period", 't') X("period_text", "period_text", 't')    \
                                    X("tokens", "tokens", 'i') X("warnings", "warnings", 'i')      \
                                        X("format", "format", 't') X("encoding", "encoding", 't')  \
                                            X("pages", "npages", 'i')                              \
                                                X("image_pages", "image_pages", 'i')               \
                                                    X("ocr_pages", "ocr_pages", 'i')               \
                                                        X("page_starts", "pages", 't')             \
                                                            X("page_kinds", "page_kinds", 't')

/* Creates every table and index that does not exist yet: the ones above,
 * then one table per entity type of the registry (analyzers/registry.h):
 * doc_id INTEGER NOT NULL, then its declared columns, indexed on doc_id
 * (and on its index column when it declares one). */
tc_rc tc_schema_create(sqlite3 *db, char *errbuf, size_t errlen);

/* SQL that copies the rows of every document of the database attached as
 * `from` (made by tc_schema_create) into main: the documents table and
 * each entity table (not meta, not warnings, which are the run's). */
tc_rc tc_schema_copy_sql(const char *from, tc_buf *out);

#endif
