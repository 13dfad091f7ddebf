/*
 * zipxml.h: what the office readers (docx.c, odt.c) share: a zip archive
 * held in memory (libzip), a streaming XML parser that is safe on hostile
 * input (libxml2 SAX2), and the builder that lays paragraphs and tables out
 * as the plain-text lines the analyzers read.
 *
 * Zip (tc_zip_*)
 *   - The archive is opened from the caller's bytes (no copy, no file); the
 *     bytes must outlive the tc_zip.
 *   - A member is unpacked under a cap on its uncompressed size that is
 *     checked while inflating, never trusted from the zip's headers: a zip
 *     bomb ends in TC_ETOOBIG after at most cap + 1 bytes were inflated.
 *   - Errors: TC_EFORMAT (not a zip, damaged, CRC error, member missing),
 *     TC_EPASSWORD (encrypted member), TC_ETOOBIG, TC_ENOMEM; a short
 *     English reason naming the member goes into why.
 *
 * XML (tc_xml_*)
 *   - Parsed as a stream (SAX2) straight from the zip member, chunk by chunk:
 *     memory stays small whatever the member's size.
 *   - XXE and entity-expansion safe: no network (XML_PARSE_NONET), no
 *     external DTD or entity is ever loaded, and a document that declares
 *     an entity (<!ENTITY ...>) is refused with TC_EFORMAT before any
 *     expansion: OOXML and ODF never declare entities, so a part that does
 *     is hostile or broken.  The five predefined entities and character
 *     references are read as usual.
 *   - Malformed XML gives TC_EFORMAT with the parser's message and line.
 *   - libxml2 never prints: its errors are collected on the parse.
 *   - A callback that returns an error stops the parse; that error is
 *     returned and why is left for the caller to write.
 *
 * Threads
 *   tc_zipxml_init() initialises libxml2 (xmlInitParser), which libxml2 2.9
 *   requires once before threads use it.  The indexer calls it once before
 *   it starts its worker threads; every tc_zip_* and tc_xml_* function also
 *   calls it (through pthread_once, so calling it more than once or from
 *   several threads is harmless).  After that, each tc_zip, tc_xml parse and
 *   tc_doctext is used by one thread at a time and nothing is shared.
 *   xmlCleanupParser() is never called (libxml2 advises against it in a
 *   library).
 *
 * Text layout (tc_doctext_*): see the comment above tc_doctext_new().
 */
#ifndef TC_ZIPXML_H
#define TC_ZIPXML_H

#include "../common/tc.h"
#include "legacy.h"
#include "reader.h"
#include "sniff.h" /* tc_zip_magic: the core sniffs zips without libzip */

/* Initialises libxml2 once per process (see Threads above). */
void tc_zipxml_init(void);

/* ---- zip ---------------------------------------------------------------- */

typedef struct tc_zip tc_zip;

/* Opens the archive in data[0..n); *out is NULL on failure. */
TC_MUST_USE tc_rc tc_zip_open(const char *data, size_t n, tc_zip **out, char *why, size_t whylen);
void tc_zip_close(tc_zip *z);

/* Opens the document archive of a reader: fails with the reason in
 * out->why when data is no zip or lacks its main member (what names the
 * format for the message: "a Word document"). */
TC_MUST_USE tc_rc tc_zip_open_document(const char *data, size_t n, const char *member,
                                       const char *what, tc_reader_out *out, tc_zip **z);

/* Number of members, and the name of member i (NULL when unreadable). */
size_t tc_zip_count(tc_zip *z);
const char *tc_zip_name(tc_zip *z, size_t i);
/* 1 when the archive has a member called name (ASCII case ignored, as OPC
 * part names are compared). */
int tc_zip_has(tc_zip *z, const char *name);

/* Unpacks member name into out (replacing its content), at most cap bytes:
 * TC_ETOOBIG when it inflates past cap. */
TC_MUST_USE tc_rc tc_zip_read(tc_zip *z, const char *name, size_t cap, tc_buf *out, char *why,
                              size_t whylen);

/* ---- XML ---------------------------------------------------------------- */

/* The attributes of an element, as the parser gives them. */
typedef struct tc_xml_attrs {
    const unsigned char **a; /* libxml2 SAX2 layout: 5 pointers per attribute */
    int n;
} tc_xml_attrs;

/* The value of attribute local in namespace ns (NULL: any namespace), not
 * NUL-terminated: *len bytes.  NULL when absent. */
const char *tc_xml_attr(const tc_xml_attrs *at, const char *ns, const char *local, size_t *len);
/* The same copied into dst[0..size) and NUL-terminated (cut when longer);
 * returns dst, or NULL when absent (dst is then ""). */
const char *tc_xml_attr_copy(const tc_xml_attrs *at, const char *ns, const char *local, char *dst,
                             size_t size);

/* Callbacks of a parse; ns is the namespace URI ("" when none), name the
 * local name.  Text may come in several pieces. */
typedef struct tc_xml_handler {
    tc_rc (*start)(void *ud, const char *ns, const char *name, const tc_xml_attrs *attrs);
    tc_rc (*end)(void *ud, const char *ns, const char *name);
    tc_rc (*text)(void *ud, const char *s, size_t n);
} tc_xml_handler;

/* Parses member name of z, unpacking at most cap bytes (TC_ETOOBIG past
 * it), with the callbacks of h. */
TC_MUST_USE tc_rc tc_xml_parse_member(tc_zip *z, const char *name, size_t cap,
                                      const tc_xml_handler *h, void *ud, char *why, size_t whylen);
/* Parses xml[0..n) held in memory (what = its name in messages). */
TC_MUST_USE tc_rc tc_xml_parse(const char *xml, size_t n, const char *what, const tc_xml_handler *h,
                               void *ud, char *why, size_t whylen);

/* ---- text layout -------------------------------------------------------- */

/*
 * A tc_doctext turns a stream of paragraphs, runs of text and tables into
 * lines appended to an output buffer (whose cap is the text cap):
 *   - a paragraph is one line ("\t" and "\n" inside it as given);
 *   - a table comes out row by row, cells separated by "\t", one line per
 *     row, a cell's non-empty paragraphs joined by a space (tabs and line
 *     breaks inside a cell become spaces so the columns stay aligned); a
 *     cell spanning k grid columns is followed by k-1 empty cells, and
 *     grid columns skipped at a row's start come out empty; rows with no
 *     text are left out;
 *   - except the header and signature tables of an administrative
 *     document: a table of at most 3 columns and 8 rows holding "CỘNG
 *     HÒA", "Độc lập", "Số:" or ", ngày" (the place and date) in its first
 *     3 rows, or "Nơi nhận" or a signer's "TM." / "KT." anywhere, comes out
 *     column by column: the paragraphs of the first cell of each row, one
 *     per line, then those of the second cells, and so on: the layout the
 *     header reader expects; empty paragraphs and rules typed as characters
 *     ("______") are left out and tabs become spaces;
 *   - a table inside a cell is flattened: its lines (rows, or the lines
 *     of a header table) become paragraphs of the enclosing cell;
 *   - a paragraph that starts inside another (a text box, a drawn shape)
 *     is delivered when it ends, before the text of the paragraph holding
 *     it, unless it is empty.
 * Text in a legacy 8-bit font (tc_doctext_text with enc != NONE) is kept
 * as it is until its paragraph ends; then, for each encoding, the
 * paragraph's text in fonts of that encoding is converted with
 * tc_legacy_decode_font_text() when it is legacy text: not when it holds
 * letters no legacy byte gives (ư ơ đ ạ: Unicode typed in a document whose
 * style still names .VnTime), when tc_legacy_detect_utf8() reads it as
 * Vietnamese, else as the document's earlier paragraphs went (the tally).
 * Adjacent runs of one encoding are converted in one piece, so that a VNI
 * letter and its mark split over two runs still compose.
 * Errors are sticky: the first one (TC_ETOOBIG when the cap is reached,
 * TC_ENOMEM) is kept and returned by tc_doctext_rc(); later calls do
 * nothing.
 */
typedef struct tc_doctext tc_doctext;

/* What the builders of one document learnt of its legacy text (zero it
 * before the first builder; share it between the document's parts). */
typedef struct tc_legacy_tally {
    size_t bytes[TC_LEGACY_COUNT];     /* characters converted, per encoding */
    unsigned legacy[TC_LEGACY_COUNT];  /* paragraphs clearly legacy */
    unsigned unicode[TC_LEGACY_COUNT]; /* paragraphs in a legacy font clearly Unicode */
} tc_legacy_tally;

/* out receives the lines; both out and tally must outlive the builder. */
TC_MUST_USE tc_rc tc_doctext_new(tc_buf *out, tc_legacy_tally *tally, tc_doctext **dt);
void tc_doctext_free(tc_doctext *dt);
tc_rc tc_doctext_rc(const tc_doctext *dt);

void tc_doctext_para_begin(tc_doctext *dt);
void tc_doctext_para_end(tc_doctext *dt);
/* Text of the current paragraph (ignored outside one). */
void tc_doctext_text(tc_doctext *dt, tc_legacy_enc enc, const char *s, size_t n);

void tc_doctext_table_begin(tc_doctext *dt);
void tc_doctext_row_begin(tc_doctext *dt);
/* Grid columns skipped before the row's first cell. */
void tc_doctext_row_skip(tc_doctext *dt, unsigned n);
void tc_doctext_cell_begin(tc_doctext *dt);
/* The current cell spans n grid columns. */
void tc_doctext_cell_span(tc_doctext *dt, unsigned n);
void tc_doctext_cell_end(tc_doctext *dt);
void tc_doctext_row_end(tc_doctext *dt);
void tc_doctext_table_end(tc_doctext *dt);

/* Closes whatever is still open (a truncated stream) and returns the rc. */
TC_MUST_USE tc_rc tc_doctext_finish(tc_doctext *dt);

/* The name of the legacy encoding most converted (encodings of one name
 * counted together), or NULL: for tc_reader_out.encoding. */
const char *tc_doctext_encoding(const tc_legacy_tally *tally);

/* Appends part (a header, the footnotes, ...) to out after a blank line,
 * unless it has no word (only white space, digits and punctuation: a page
 * number) or equals a part already added since out had length body_len. */
TC_MUST_USE tc_rc tc_doctext_add_part(tc_buf *out, size_t body_len, const char *part, size_t n);

/* The cap on a member's uncompressed size for a text cap of max_text:
 * 32 times the text (XML is verbose), at least 1 MiB, at most 256 MiB. */
size_t tc_zipxml_member_cap(size_t max_text);

#endif
