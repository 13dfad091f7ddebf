/*
 * suggest.h: "did you mean" (tc_suggest, tc_suggest_cite in
 * include/tracuu.h) and the distance it ranks candidates by.
 *
 * The distance is an edit distance over characters (insert, delete,
 * replace: 4 each; swap two neighbours: 3, the commonest slip) where replacing a letter by the
 * same letter with another tone mark or diacritic ("ị" for "i", "đ" for
 * "d") costs 1 and a change of case costs 1: "quyet dihn" is one swap from
 * "quyet dinh", "Ha Tihn" one from "Ha Tinh".  A candidate is suggested
 * when it is within TC_SUGGEST_MAX (two edits; one for a word of four
 * letters or fewer), the closest first, then the most frequent.
 */
#ifndef TC_SUGGEST_H
#define TC_SUGGEST_H

#include "db.h"

#define TC_SUGGEST_EDIT 4 /* one edit */
#define TC_SUGGEST_SWAP 3 /* two neighbours swapped: the commonest slip, a little cheaper */
#define TC_SUGGEST_MAX (2 * TC_SUGGEST_EDIT)

/* The weighted distance between a[0..na) and b[0..nb) (UTF-8), or
 * limit + 1 when it is over limit (computed no further).  t folds the
 * letters (may be NULL: then only exact letters match). */
unsigned tc_suggest_distance(tc_text *t, const char *a, size_t na, const char *b, size_t nb,
                             unsigned limit);

#endif
