/*
 * view.h: one document's text as every pattern-matching analyzer reads it,
 * built once per document and handed to each extractor.
 *
 * A tc_view holds the cleaned text (tc_text_clean, text.h), the offset map
 * from clean bytes back to the caller's bytes, a lower-case copy of the
 * clean text with the same byte offsets, and the start of every line.
 *
 * Contract
 *   - tc_view_build() is called once per document; the extractors
 *     (tc_citer_extract_view, tc_dater_extract_view, tc_figurer_extract_view,
 *     tc_agencies_extract_view, tc_places_extract_view,
 *     tc_standards_extract_view, tc_header_read) only read it.  Their
 *     text-based forms build a view (or clean the text) themselves.
 *   - The view does not own raw: the caller keeps those bytes alive and
 *     unchanged for as long as the view is used.  Everything else (clean,
 *     map, lower, lines) is owned by the view and released by tc_view_free();
 *     pointers into it are invalid after that.
 *   - Every offset an extractor reports is a byte offset in raw, found
 *     through map.
 *   - clean and lower are NUL-terminated (clean[len] == lower[len] == 0) and
 *     never NULL once the build succeeded, even for an empty document.
 *   - The tc_text handle passed to tc_view_build() is only used during the
 *     call; the view does not refer to it afterwards.
 */
#ifndef TC_VIEW_H
#define TC_VIEW_H

#include "../common/tc.h"
#include "text.h"

typedef struct tc_view {
    const char *raw; /* the document's bytes as given (not owned) */
    size_t raw_len;  /* bytes in raw */
    char *clean;     /* tc_text_clean(raw): NFC, canonical tones, spaces as ' ' */
    size_t len;      /* bytes in clean and in lower */
    uint32_t *map;   /* clean byte -> raw byte offset; len + 1 entries, map[len] == raw_len */
    char *lower;     /* clean in lower case, byte for byte aligned (tc_view_lower) */
    size_t *lines;   /* start of each line in clean: lines[0] == 0, then one past each '\n' */
    size_t nlines;   /* entries in lines: the number of '\n' in clean, plus one */
    /* Pages of a paged format, set by the caller after tc_view_build (not
     * owned): raw byte offset where each page starts, and 1 for a page whose
     * text was read by OCR (less certain).  npages is 0 for other formats. */
    const size_t *page_start;
    const unsigned char *page_ocr;
    size_t npages;
} tc_view;

/* Builds the view of raw[0..n) (raw may be NULL when n == 0).  OUT: *out is
 * always set; on failure it is empty (tc_view_free() is still safe) and the
 * error is returned (TC_ENOMEM, TC_EICU with the detail on t). */
tc_rc tc_view_build(tc_text *t, const char *raw, size_t n, tc_view *out);

/* Releases what the view owns and leaves it empty.  v may be NULL. */
void tc_view_free(tc_view *v);

/* Writes into out (n bytes) the lower case of s[0..n) keeping every byte
 * offset: each character goes through u_tolower, and is copied as it is
 * when its lower case has another UTF-8 length or when it is invalid (no
 * Vietnamese letter is in that case).  out may not overlap s. */
void tc_view_lower(const char *s, size_t n, char *out);

/* The 1-based page holding raw byte offset off, or 0 when the document
 * has no pages. */
size_t tc_view_page_of(const tc_view *v, size_t off);
/* 1 when raw byte offset off is on a page read by OCR. */
int tc_view_on_ocr_page(const tc_view *v, size_t off);

/* The end of line i (the offset of its '\n', or len for the last line). */
static inline size_t tc_view_line_end(const tc_view *v, size_t i)
{
    return i + 1 < v->nlines ? v->lines[i + 1] - 1 : v->len;
}

#endif /* TC_VIEW_H */
