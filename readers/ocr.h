/*
 * ocr.h: text from a page image, read by Tesseract (its C API) with one
 * language model, e.g. "vie" (Debian's tesseract-ocr-vie).  The PDF reader
 * renders pages that have no text layer and hands their pixels here; any
 * other reader of scans can do the same.
 *
 * Contract
 *   - A tc_ocr is one Tesseract engine: open it once per document (loading
 *     the model costs a fraction of a second), use it from one thread at a
 *     time, close it.  Separate handles are independent, so readers on
 *     several threads each open their own; nothing is shared or global.
 *   - The model comes from Tesseract's default tessdata folder (or
 *     TESSDATA_PREFIX).  When it is missing, tc_ocr_open() returns
 *     TC_ENOTFOUND; Tesseract itself then prints a line on stderr, which
 *     this module cannot prevent (its message switch is process-wide).
 *   - Pages are read with automatic page segmentation (columns, blocks).
 *   - Tesseract runs its network on OpenMP threads; each call turns on
 *     OpenMP's dynamic adjustment for the calling thread (and restores it),
 *     so a page uses the idle cores only.  OMP_THREAD_LIMIT=1 in the
 *     environment keeps Tesseract to one thread whatever the load.
 */
#ifndef TC_OCR_H
#define TC_OCR_H

#include "../common/tc.h"

typedef struct tc_ocr tc_ocr;

/* Opens an engine for lang ("vie").  OUT: *out, NULL on failure.
 * TC_ENOTFOUND when Tesseract cannot load the language, TC_ENOMEM. */
tc_rc tc_ocr_open(const char *lang, tc_ocr **out);
void tc_ocr_close(tc_ocr *o);

/* One recognised word: its UTF-8 text (len bytes, not NUL-terminated),
 * its box in pixels (y down) and whether it starts a text line.  The box
 * spans the word's width and its line's height, on the line's baseline,
 * as a font's glyph boxes do.  Returns
 * 0 to go on, non-zero to stop. */
typedef int (*tc_ocr_word_fn)(void *ctx, const char *text, size_t len, int x1, int y1, int x2,
                              int y2, int line_start);

/* Reads an 8-bit grey image (0 black, 255 white) of w x h pixels, rows
 * `stride` bytes apart, scanned at dpi, and hands its words to fn in
 * Tesseract's reading order (block, line, word).  Words come with boxes so
 * that the caller can lay them out as it lays out a text layer.  TC_EINVAL
 * for a bad size, TC_EFORMAT when recognition fails, TC_ENOMEM when fn
 * stopped. */
TC_MUST_USE tc_rc tc_ocr_read_words(tc_ocr *o, const unsigned char *pix, int w, int h, int stride,
                                    int dpi, tc_ocr_word_fn fn, void *ctx);

#endif
