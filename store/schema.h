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
 * Document data
 *   a field record (common/fields.h: "key\tvalue" lines with \t, \n and \\
 *   escaped, ended by an empty line) with the metadata shown in results,
 *   then the document's text as its reader gave it (token offsets point
 *   into it).  The record holds format, encoding (when converted), and for
 *   paged formats pages (page start offsets, "0,1834,...") and page_kinds
 *   (t text layer, i image only, o OCR), so a hit's page needs no SQLite.
 *
 * SQLite tables: see TC_SQL_SCHEMA below, plus one table per entity type
 * (citations, agencies, places, dates, figures, standards: their columns
 * are declared in analyzers/registry.c).  Entity prefixes (XC, XK, XG, XM,
 * XS) are declared there too.  The sentence of a figure is not
 * stored (figures are many): readers cut it from the document text by its
 * offsets with tc_sentence_bounds().  meta.gen equals Xapian's tc.gen
 * after every completed commit; a difference means an interrupted run,
 * which the next `tracuu index` repairs.
 */
#ifndef TC_SCHEMA_H
#define TC_SCHEMA_H

#include <sqlite3.h>

#include "../common/tc.h"

/* 4: syllable pairs (XW), i/y spelling folded to y after h k l m s t qu.
 * 5: sentence starts (value 6), so facets count passages from positions. */
#define TC_SCHEMA_VERSION 5

#define TC_PAIR_PREFIX "XW"

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
    "  level TEXT,                    -- issuer level: central, province, district, commune\n"    \
    "  signer_title TEXT, signer_name TEXT, year INTEGER, period TEXT, period_text TEXT,\n"        \
    "  tokens INTEGER, warnings INTEGER,\n"                                                        \
    "  format TEXT,                   -- the reader: text, markdown, docx, odt, doc, rtf, html, pdf\n" \
    "  encoding TEXT,                 -- legacy encoding converted (TCVN3, VNI, ...), or NULL\n"    \
    "  pages INTEGER, image_pages INTEGER, ocr_pages INTEGER, -- paged formats, else NULL\n"      \
    "  page_starts TEXT,              -- byte offset of each page in the text: \"0,1834,...\"\n"  \
    "  page_kinds TEXT);              -- a letter per page: t text, i image only, o OCR\n"         \
    "CREATE TABLE IF NOT EXISTS warnings(\n"                                                       \
    "  doc_id INTEGER, path TEXT NOT NULL, offset INTEGER, message TEXT NOT NULL);\n"

/* Creates every table and index that does not exist yet: the ones above,
 * then one table per entity type of the registry (analyzers/registry.h):
 * doc_id INTEGER NOT NULL, then its declared columns, indexed on doc_id
 * (and on its index column when it declares one). */
tc_rc tc_schema_create(sqlite3 *db, char *errbuf, size_t errlen);

#endif
