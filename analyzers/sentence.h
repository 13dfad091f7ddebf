/*
 * sentence.h: the sentence around a span of text, as tracuu shows it beside
 * a citation or a figure.  A sentence runs from the previous ". ", "; ",
 * "! ", "? " or line break to the next, at most 300 bytes each side, cut at
 * UTF-8 boundaries.
 */
#ifndef TC_SENTENCE_H
#define TC_SENTENCE_H

#include "../common/tc.h"

/* The sentence around bytes [start, end) of d: [*s_out, *e_out). */
void tc_sentence_bounds(const char *d, size_t len, size_t start, size_t end, size_t *s_out,
                        size_t *e_out);

/* Appends that sentence to out as one clean line: invalid UTF-8 repaired,
 * line breaks and tabs as spaces. */
tc_rc tc_sentence_text(const char *d, size_t len, size_t start, size_t end, tc_buf *out);

#endif
