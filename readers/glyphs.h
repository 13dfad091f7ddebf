/*
 * glyphs.h: repairs PDF text whose font lost its character map, so that
 * poppler gives glyph numbers instead of letters.
 *
 * Vietnamese PDFs made by some converters embed a Times New Roman subset
 * without a usable ToUnicode map; poppler then reports each glyph's number
 * as if it were a code point.  The text reads "6ӕ 3036 /SCT-CN" for
 * "Số 3036 /SCT-CN" and "QJKLӋP" for "nghiệp":
 *   - glyph numbers 3..97 are ASCII space..'~' in the TrueType order
 *     (code point = glyph + 29), so "Q" is n, "7" is T, "\x1d" is ':';
 *   - 98..127 are Mac Roman's accented letters (á à â ã é è ê í ì ó ò ô õ ú
 *     ù: "{" is ô, "~" is ú);
 *   - the precomposed Vietnamese letters U+1EA0..U+1EF9 sit at 1188..1349,
 *     shown as Cyrillic U+04A4..U+0545 (code point + 0x19FC);
 *   - Ơ ơ Ư ư at U+046A..U+046D, đ at U+00FF, Đ at U+0108, Ĩ at U+01AC,
 *     Ă ă at U+0102/U+0103 (seen in real documents; see the tests).
 * Often only some words are in the broken subset ("Công" beside "7KѭѫQJ"
 * for "Thương"), and some broken words hold only ASCII ("FKR" for "cho").
 *
 * Contract
 *   - tc_glyphs_suspect() counts the characters that never appear in
 *     Vietnamese text but do in such pages (the Cyrillic stand-ins above);
 *     a caller repairs a page only when there are a few (the decision is
 *     the caller's: pdf.c uses TC_GLYPHS_MIN).
 *   - tc_glyphs_repair() rewrites text[0..n) into out, word by word (words
 *     are separated by spaces, tabs and line ends, which it keeps):
 *     control characters and the stand-ins are always mapped back; the
 *     ASCII letters of a word are read as glyph numbers only when that
 *     makes a Vietnamese syllable (letters only, consistent case, a valid
 *     onset and rhyme) and reading them as they are does not, or both do
 *     and only the mapped one is a frequent syllable.  The result has
 *     exactly as many characters as the input (a caller's per-character
 *     boxes stay aligned).  *fixed counts the words changed.
 *   - Invalid UTF-8 goes through unchanged.  out is appended to; on
 *     TC_ENOMEM it may hold part of the text.
 */
#ifndef TC_GLYPHS_H
#define TC_GLYPHS_H

#include <stddef.h>

#include "../common/tc.h"

/* Stand-in characters on a page from which it is repaired. */
#define TC_GLYPHS_MIN 3

size_t tc_glyphs_suspect(const char *text, size_t n);
tc_rc tc_glyphs_repair(const char *text, size_t n, tc_buf *out, size_t *fixed);

#endif
