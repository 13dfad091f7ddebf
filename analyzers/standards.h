/*
 * standards.h: finds references to Vietnamese technical standards and
 * technical regulations in text and gives each a canonical key.
 *
 * Kinds (written in capitals in documents; any case in queries):
 *   QCVN  national technical regulation (quy chuẩn kỹ thuật quốc gia)
 *   QCĐP  local technical regulation (quy chuẩn kỹ thuật địa phương); "QCDP"
 *         is read as QCĐP
 *   TCVN  national standard (tiêu chuẩn quốc gia)
 *   TCCS  company standard (tiêu chuẩn cơ sở)
 *
 * Accepted forms (spaces = spaces, tabs, NBSP and at most one line break):
 *   <kind> <number>[:<year>][/<issuer>] [amendment]
 *     number   digits with an optional capital suffix ("05A") and parts
 *              joined by '-' ("04-05", "10-MT", "7447-5-52"); after TCVN an
 *              adopted international number keeps its prefix: "ISO 9001",
 *              "ISO/IEC 27001", "IEC 60947-2", "ISO/TS 22002"
 *     year     four digits 1950-2099 after ':' ("QCVN 01 : 2019");
 *              old TCVN forms with a dash: "TCVN 3147 – 1990", "TCVN
 *              2622-1995", "TCVN 2290 – 78", "TCVN 2290-78" (a two-digit
 *              year is 19xx; an unspaced "-NN" counts as a year only when NN
 *              >= 60 and the number has no other part, else it is a part);
 *              "TCVN 7878:1-2008" reads as part 1, year 2008
 *     issuer   letters after '/' ("/BTTTT", "/ BXD", "/btttt" is upper-cased,
 *              "/HN" for QCĐP); a mixed-case run keeps its capital prefix
 *              ("/BXDsửa" -> "BXD")
 *     amendment "và Sửa đổi 1:2023", ", sửa đổi 01:2023", "/SĐ1:2024" just
 *              after the symbol, or "Sửa đổi 1:2024 " just before it: the
 *              span covers it, the key does not (the key names the
 *              standard that was amended)
 *   The year and issuer are optional ("TCVN 5574", "QCVN 02:2022").
 * A kind glued to its number is accepted only with a year after ':'
 * ("QCVN01:2019/BCT").
 * Not reported: a kind glued to a digit otherwise ("TCVN3", the font
 * encoding; "TCVN3 2019"); a kind
 * without a number ("quy chuẩn kỹ thuật quốc gia (QCVN)"); a kind inside a
 * word, a path or a URL (preceded by a capital, a digit, '/', '-', '_' or
 * '.' followed by a letter; "TCVN-ISO-IEC-17025-2007"; "TCVN/TC 47/SC3");
 * standards of other bodies alone ("ISO 9001:2015", "BS 6651:1999"); number
 * and year without a kind ("01:2019"); document symbols ("01/2019/TT-BTTTT").
 * A kind glued after a lower-case letter ("theoQCVN 06:2015/BCT", a typing
 * slip) is accepted.
 *
 * Canonical key: "<kind> <number>[:<year>][/<issuer>]" with single spaces,
 * kind, number prefix and issuer in capitals, no spaces around ':' or '/':
 * "QCVN 01:2019/BTTTT", "TCVN 11930:2017", "TCVN ISO/IEC 27001:2019",
 * "QCĐP 01:2019/HN", "TCVN 5574".  Leading zeros are kept ("01" and "1" are
 * different keys, as written in the official titles).
 *
 * Offsets are byte offsets in the caller's original text and cover the whole
 * symbol with its year, issuer and amendment, so that other analyzers can
 * skip those bytes (see tc_standard_covers).  Input may be NFC or NFD with
 * NBSP, tabs and CRLF; invalid UTF-8 is tolerated.  With a tc_text handle the
 * text is cleaned with tc_text_clean() and offsets mapped back; without one
 * (NULL) the raw bytes are scanned.  Texts that contain none of the four
 * kinds are not cleaned at all.
 *
 * The handle holds scratch buffers; it is not thread-safe (one per thread)
 * and uses the tc_text handle given to tc_standards_open(), which must
 * outlive it.
 */
#ifndef TC_STANDARDS_H
#define TC_STANDARDS_H

#include "../common/tc.h"
#include "text.h"
#include "view.h"

typedef struct tc_standards tc_standards;

typedef struct tc_standard {
    char key[64];      /* canonical form, "QCVN 01:2019/BTTTT" */
    char kind[8];      /* "QCVN", "QCĐP", "TCVN", "TCCS" */
    char number[24];   /* "01", "11930", "ISO/IEC 27001" */
    int year;          /* 2019; 0 when not written */
    char issuer[24];   /* "BTTTT"; "" when none */
    char text[128];    /* the span as written (original bytes, cut at a char boundary) */
    size_t start, end; /* byte offsets in the input, [start, end) */
} tc_standard;

/* Called once per standard in text order; the struct is valid only during
 * the call.  Return non-zero to stop (tc_standards_extract returns TC_OK). */
typedef int (*tc_standard_fn)(void *ctx, const tc_standard *s);

/* t may be NULL (raw bytes are scanned; NFD amendment words are then not
 * recognised).  OUT: *out (NULL on failure).  TC_ENOMEM. */
tc_rc tc_standards_open(tc_text *t, tc_standards **out);
void tc_standards_close(tc_standards *s);

/* Reports every standard in text[0..len) through cb (required: TC_EINVAL
 * without it).  Errors of the tc_text handle are passed on. */
tc_rc tc_standards_extract(tc_standards *s, const char *text, size_t len, tc_standard_fn cb,
                           void *ctx);

/* The same on a document's view (view.h), which is already cleaned: the
 * indexer's path, so a document is not cleaned twice. */
tc_rc tc_standards_extract_view(tc_standards *s, const tc_view *v, tc_standard_fn cb, void *ctx);

/* The canonical key of one standard typed by a user ("qcvn 01:2019/btttt",
 * "QCVN 01 : 2019 / BTTTT", "tcvn iso/iec 27001:2019"), written to out as a
 * NUL-terminated string.  A kind alone ("QCVN", "tcvn", "qcđp") gives the
 * kind.  The whole string (spaces around it aside) must be the standard.
 * TC_ENOTFOUND when it is not a standard, TC_EINVAL when out is too small
 * (out then holds ""). */
tc_rc tc_standard_key(tc_standards *s, const char *text, size_t len, char *out, size_t outlen);

/* 1 when the byte range [start, end) lies inside one of the n spans
 * (standards as reported, in text order), else 0.  For the figures and
 * dates analyzers: "01:2019" inside "QCVN 01:2019/BTTTT" is neither a ratio
 * nor a time. */
int tc_standard_covers(const tc_standard *spans, size_t n, size_t start, size_t end);

#endif /* TC_STANDARDS_H */
