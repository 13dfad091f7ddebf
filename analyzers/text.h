/*
 * text.h: Vietnamese text normalisation and tokenisation (pure C + ICU).
 *
 * One tc_text handle holds the ICU normaliser, a word-break iterator and
 * scratch buffers; it is not thread-safe (use one handle per thread).
 *
 * Canonical form of a term (what the index stores, what queries look up):
 *   1. NFC (input may be NFC, NFD or a mix, even inside one file);
 *   2. lower case (root locale);
 *   3. one tone-mark placement: in the open syllables ending in "oa", "oe",
 *      "uy" (not "quy") the tone sits on the FIRST vowel, the traditional
 *      style used by the government's own templates ("hòa", "hóa", "khỏe",
 *      "thủy", "ủy", "tùy").  "hoà", "hoá", "khoẻ", "thuỷ", "uỷ", "tuỳ" are
 *      rewritten to that form.  A final consonant fixes the tone on the
 *      second vowel in both styles ("hoàn", "thuyết") and is left alone.
 *   4. soft hyphens, zero-width characters, BOMs and superscript footnote
 *      marks inside a word are dropped.
 * The folded form removes every diacritic and maps đ to d ("hòa" -> "hoa",
 * "đồng" -> "dong"); it is the key of the accent-insensitive lexicon.
 *
 * Tokens are the syllables found by ICU's word-break rules.  Runs of pieces
 * joined without spaces by / - & . : (as in "45/2016/QĐ-TTg", "19/10/2016",
 * "KH&ĐT", "TP.HCM") are also emitted as one compound term at the position
 * of their first piece (TC_TOK_COLOCATED), so a symbol is findable as
 * written and each piece is findable alone.  Numbers keep their separators
 * ("1.500.000", "12,5").  Offsets are byte offsets in the caller's original
 * text, so highlighting shows the text as written.
 *
 * Invalid UTF-8 is decoded as U+FFFD and reported through the warning
 * callback with the byte offset; the rest of the text is processed.
 */
#ifndef TC_TEXT_H
#define TC_TEXT_H

#include "../common/tc.h"

typedef struct tc_text tc_text;

/* Token flags. */
#define TC_TOK_COLOCATED 0x1u /* compound at the position of its first piece */
#define TC_TOK_CAPS 0x2u      /* >= 2 letters, all written in capitals */
#define TC_TOK_NUMERIC 0x4u   /* contains a digit */
#define TC_TOK_ACCENTED 0x8u  /* term differs from its folded form */

typedef struct tc_token {
    const char *term;   /* canonical form (see above), UTF-8, not NUL-terminated */
    size_t term_len;    /* bytes in term */
    const char *folded; /* term without diacritics, đ -> d */
    size_t folded_len;  /* bytes in folded */
    size_t start;       /* byte offset of the first byte in the original text */
    size_t end;         /* byte offset one past the last byte */
    uint32_t pos;       /* 0-based position; compounds share their first piece's */
    unsigned flags;     /* TC_TOK_* */
} tc_token;

/* Called for each token in text order (a compound right after its last
 * piece).  The token's strings are valid only during the call.  Return
 * non-zero to stop tokenising (tc_text_tokenize then returns TC_OK). */
typedef int (*tc_token_fn)(void *ctx, const tc_token *tok);

/* Called for each repaired byte sequence: `offset` is its byte offset. */
typedef void (*tc_warn_fn)(void *ctx, size_t offset, const char *what);

tc_rc tc_text_open(tc_text **out);
void tc_text_close(tc_text *t);
/* Detail of the last error on this handle ("" if none). */
const char *tc_text_errmsg(const tc_text *t);

/* Tokenises len bytes of UTF-8.  warn may be NULL. */
tc_rc tc_text_tokenize(tc_text *t, const char *text, size_t len, tc_token_fn cb, void *ctx,
                       tc_warn_fn warn, void *warn_ctx);

/* Appends to out the canonical form (NFC, lower case, canonical tones) of a
 * whole UTF-8 string; punctuation and spaces are kept. */
tc_rc tc_text_canon(tc_text *t, const char *s, size_t n, tc_buf *out);

/* Appends to out the folded form of s (diacritics removed, đ -> d, lower case). */
tc_rc tc_text_fold(tc_text *t, const char *s, size_t n, tc_buf *out);

/* Cleans text for pattern-matching analyzers: NFC, canonical tones (case
 * kept), every space-like character (NBSP, tabs, other Zs) as ' ', curly
 * quotes as ASCII quotes, soft hyphens and zero-width characters removed,
 * invalid UTF-8 as U+FFFD.  Lines are kept.  *out_map (malloc'd; free it)
 * gets out->len + 1 entries: map[i] is the byte offset in s of the
 * character that produced output byte i; map[out->len] == n.  Every call
 * computes it: a document's clean text is built once in its tc_view (view.h). */
tc_rc tc_text_clean(tc_text *t, const char *s, size_t n, tc_buf *out, uint32_t **out_map);

/* Returns 1 if s (UTF-8) is valid UTF-8 without NUL bytes, else 0. */
int tc_utf8_valid(const char *s, size_t n);

/* Decodes one UTF-8 character at s[0..n).  Returns its length (>= 1) and
 * sets *cp; an invalid sequence gives length 1 and *cp = 0xFFFD. */
size_t tc_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The character at byte i of s[0..n): returns it (0 at or past the end) and
 * sets *len (may be NULL) to its length in bytes. */
uint32_t tc_utf8_at(const char *s, size_t n, size_t i, size_t *len);

/* The start of the character that ends at byte i (i > 0). */
size_t tc_utf8_prev(const char *s, size_t i);

/* Copies s[0..n) into dst (cap bytes, NUL-terminated), cut at a character
 * boundary when it does not fit.  Nothing happens when cap is 0. */
void tc_utf8_copy(char *dst, size_t cap, const char *s, size_t n);

/* Writes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t tc_utf8_encode(uint32_t cp, char *out);

#endif /* TC_TEXT_H */
