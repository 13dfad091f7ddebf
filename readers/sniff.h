/*
 * sniff.h: the content checks (magic bytes, first tags) of the formats
 * whose readers live in the loadable module (module.h: pdf, doc, html, and
 * the zip of docx/odt).  They are pure byte checks with no library, so the
 * core can choose a reader for a file without loading the module, and a
 * folder of plain text never maps poppler or libxml2.  The module's readers
 * call the same functions, so both sides agree on what a format is.
 *
 * The extension lists of these formats are here for the same reason: the
 * core's stand-ins (reader.c) and the module's readers share them.
 *
 * Contract: each sniff takes data[0..n) (n may be 0), reads a bounded
 * prefix (tc_sniff_doc walks the buffer once in 128-byte steps), never
 * allocates, and returns 1 when the bytes are in the format, else 0.
 */
#ifndef TC_SNIFF_H
#define TC_SNIFF_H

#include <stddef.h>

/* "%PDF-" within the first TC_SNIFF_PDF_BYTES bytes (some files carry
 * junk before the header, which readers accept). */
#define TC_SNIFF_PDF_BYTES 1024
int tc_sniff_pdf(const char *data, size_t n);
/* An OLE2 compound file holding a stream named "WordDocument". */
int tc_sniff_doc(const char *data, size_t n);
/* HTML: the first tag of the first TC_SNIFF_HTML_BYTES characters is an
 * HTML doctype, <html, <head, <body or <meta. */
#define TC_SNIFF_HTML_BYTES 4096
int tc_sniff_html(const char *data, size_t n);
/* The byte-order mark at data: its length (0 when none), and its charset
 * ("UTF-8", "UTF-16LE", "UTF-16BE"; static) or NULL in *enc. */
size_t tc_sniff_bom(const char *data, size_t n, const char **enc);
/* 1 when data starts like a zip archive ("PK\3\4", or "PK\5\6" for an
 * empty one).  Telling docx from odt needs the archive's directory: the
 * module's sniffs do that. */
int tc_zip_magic(const char *data, size_t n);

/* Lower-case extensions without the dot, NULL-ended (tc_reader.exts). */
extern const char *const tc_exts_pdf[];
extern const char *const tc_exts_doc[];
extern const char *const tc_exts_html[];
extern const char *const tc_exts_docx[];
extern const char *const tc_exts_odt[];

#endif
