/*
 * legacy.h: the Vietnamese 8-bit encodings used before Unicode took over
 * (about 2010), and their conversion to UTF-8.
 *
 *   TCVN3 (TCVN 5712:1993 VN3, "ABC"): one byte per precomposed letter; fonts
 *         .VnTime, .VnArial, ...  It has no capitals with a tone mark: those
 *         were typed in the capitals fonts .VnTimeH, .VnArialH, ..., where
 *         the bytes of the lower-case letters show as capitals
 *         (TC_LEGACY_TCVN3H).
 *   VNI:  a base letter followed by one mark byte (a circumflex or breve
 *         with a tone is one byte: "eä" = ệ); ơ ư đ are single bytes; fonts
 *         VNI-Times, VNI-Helve, ...
 *   VISCII (RFC 1456): one byte per precomposed letter, some in C0.
 *   Windows-1258: base letters and combining tone marks (our table, then
 *         ICU's NFC; glibc's iconv agrees, but stops at unassigned bytes).
 *
 * The tables are data files (data/legacy/NAME.tsv), written from the
 * published charts, one row per letter: byte sequence and its Unicode.
 *
 * Contract
 *   - Output is UTF-8 in NFC, appended to out (its cap applies: TC_ENOMEM
 *     when reached; on any error out is left as it was).  Bytes that a
 *     table does not map go through as the Windows-1252 character they are,
 *     so nothing is dropped.
 *   - TCVN3 text that lost its font (a .txt file, or a run whose font is
 *     unknown) holds the headings typed in a .VnTimeH font as lower-case
 *     letters ("CéNG HßA" for CỘNG HÒA): on a line without lower-case ASCII
 *     letters where a word shows a lower-case Vietnamese letter before a
 *     capital, the decoder puts the line's letters in capitals.
 *   - Detection is conservative: TC_LEGACY_NONE unless the text holds
 *     enough letters of one encoding and reads as Vietnamese once
 *     converted (many of its words are frequent Vietnamese syllables: about
 *     five to fifteen words are enough); valid UTF-8 Vietnamese is never
 *     "detected".  It reads at most the first 128 KiB, and never answers
 *     TCVN3H (a file has no font).
 *   - All functions are thread-safe; the tables are loaded once per
 *     process from the embedded data (no global mutable state visible to
 *     callers).
 */
#ifndef TC_LEGACY_H
#define TC_LEGACY_H

#include "../common/tc.h"

typedef enum tc_legacy_enc {
    TC_LEGACY_NONE = 0,
    TC_LEGACY_TCVN3,
    TC_LEGACY_VNI,
    TC_LEGACY_VISCII,
    TC_LEGACY_CP1258,
    TC_LEGACY_TCVN3H, /* TCVN3 in a capitals font (.VnTimeH): every letter is a capital */
    TC_LEGACY_COUNT
} tc_legacy_enc;

/* "TCVN3", "VNI", "VISCII", "Windows-1258" ("TCVN3" for TCVN3H too: the
 * same encoding, seen through a capitals font); NULL for NONE. */
const char *tc_legacy_name(tc_legacy_enc enc);

/* The encoding 8-bit text data[0..n) is most likely in, or NONE (valid
 * UTF-8, plain ASCII, or not Vietnamese). */
tc_legacy_enc tc_legacy_detect(const char *data, size_t n);

/* The encoding of legacy text that a converter saved as UTF-8 taking each
 * byte for its Windows-1252 character ("ViÖt Nam" for TCVN3 "Việt Nam",
 * "Vieät Nam" for VNI), or NONE: invalid UTF-8, real Unicode Vietnamese,
 * or text that does not read as Vietnamese once converted.  Convert with
 * tc_legacy_decode_font_text().  For plain Unicode text it returns after a
 * short look (it stops at the first characters outside Windows-1252). */
tc_legacy_enc tc_legacy_detect_utf8(const char *utf8, size_t n);

/* Converts data[0..n) from enc to UTF-8, appended to out. */
TC_MUST_USE tc_rc tc_legacy_decode(tc_legacy_enc enc, const char *data, size_t n, tc_buf *out);

/* Converts UTF-8 to enc, appended to out (for tests and round trips);
 * TC_EINVAL for a character enc cannot write (invalid UTF-8 too).  TCVN3
 * writes a line that is all capitals as a .VnTimeH user typed it (the
 * lower-case bytes) when the decoder will read it back as capitals, and
 * fails on a toned capital elsewhere; TCVN3H writes capitals only. */
TC_MUST_USE tc_rc tc_legacy_encode(tc_legacy_enc enc, const char *utf8, size_t n, tc_buf *out);

/* The encoding a font name implies: any name starting with ".Vn" (".VnTime",
 * ".VnArial", ".VnCentury Schoolbook", ...: TCVN3, or TCVN3H when the name
 * ends in H: ".VnTimeH", ".VnArialH"), "VNtimes new roman" (TCVN3), any
 * name starting with "VNI-" or "VNI " ("VNI-Times", "VNI-Helve": VNI);
 * NONE for a Unicode font or NULL.  Case-insensitive; spaces and quotes
 * around the name (ODF's "'.VnTime'") do not count. */
tc_legacy_enc tc_legacy_font(const char *font_name);

/* Text of a Word/ODF run typed in a legacy font: the file stores, for
 * each byte the user typed, the Windows-1252 character of that byte (or
 * U+F000 + byte for a symbol-mapped font; U+0080..U+009F stand for their
 * own byte).  Converts that UTF-8 to real Unicode, appended to out.
 * Characters that are no byte's (real Unicode in the run) are kept as they
 * are; an invalid UTF-8 byte is taken as a legacy byte. */
TC_MUST_USE tc_rc tc_legacy_decode_font_text(tc_legacy_enc enc, const char *utf8, size_t n,
                                             tc_buf *out);

/* 1 when w[0..n) (lower case, NFC) is one of the frequent Vietnamese
 * syllables of data/legacy/syllables.tsv (those with a letter outside
 * ASCII), else 0 (also when the data cannot be loaded). */
int tc_legacy_frequent_syllable(const char *w, size_t n);

#endif
