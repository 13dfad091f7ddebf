/*
 * citation.h: finds references to Vietnamese legal and administrative documents
 * in text and gives each a canonical key.
 *
 * What is recognised (the symbol forms are described in DOMAIN.md):
 *   - a type word ("Luật", "Bộ luật", "Nghị quyết", "Quyết định", "Thông tư
 *     liên tịch", "Công văn", "Văn bản hợp nhất", ... from data/doctypes.tsv),
 *     optional "số" (also "số:" and "số357" glued), then a symbol:
 *       normative        45/2016/QĐ-TTg, 73/2006/QH11, 73/2006/QH 11
 *       individual       45/QĐ-TTg, 739/QĐ-UBND, 01/VBHN-VPQH
 *       official letter  1267/UBND-VX1, 44/STTTT-CNTT&BCVT
 *       Party            36-NQ/TW, 03-NQ/TU, 56-CTr/TU
 *       joint            03/2008/TTLT-BTTTT-BNV, up to ten codes
 *       letters of firms 01.6/GĐN/KSYB, 30.6/GĐN-ĐQ&V (dotted numbers, several
 *                        slashes: groups after the first only when they look
 *                        like codes)
 *     Spaces around "/" ("23 /BC-STTTT") or "-" ("NĐ - CP", "NĐ- CP"), a line
 *     break after "/" or "-" ("217/2025/NĐ-" + newline + "CP"), a code
 *     hyphenated across lines ("BLĐ-" + newline + "TBXH" when only the whole is
 *     in the tables), Markdown emphasis and line breaks between the parts
 *     ("Nghị quyết số* *203/2025/QH15") are tolerated.
 *     Words may stand between a capitalised type word and "số" ("Luật Tổ chức
 *     chính quyền địa phương số 72/2025/QH15", "Báo cáo thẩm tra số 429/...").
 *   - a symbol without a type word ("theo 45/2016/QĐ-TTg") when its codes are
 *     known: a type code followed by a known issuer (or a year), or a known
 *     issuer code first ("1552/BTTTT-THH").  Codes not in the tables are
 *     accepted after a type word or "số" when they look like codes (a capital
 *     first and at least two capitals: "VX1", "GDTrH"; not "Hùng" in "số
 *     383/ Hùng Vương").
 *   - a short reference: a capitalised type word and a number without a
 *     symbol ("Nghị quyết 36", "Nghị quyết 36a", "Đề án 30 của Chính phủ",
 *     "Nghị định 71/1998"), for the types flagged "s" in doctypes.tsv, or any
 *     type word followed by "số" ("văn bản số 253").  A number that reads as a
 *     year ("Nghị Quyết 2018") or is followed by a unit ("Kế hoạch 5 năm") is
 *     not a reference.
 *   - a law or code named ("Luật An ninh mạng", "Bộ luật Lao động năm 2019",
 *     "Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025"; capitalised, never
 *     "pháp luật", "kỷ luật", "Luật này"), from data/laws.tsv.  Its key is the
 *     law's number when the name fixes one version: the table has one law of
 *     that name; or an adoption date or year is written after it; or the
 *     document cites that law elsewhere with its number, year or date (a
 *     decree's title before its preamble counts).  Otherwise the key is a short
 *     reference: the name as in the table ("Luật Doanh nghiệp"), with the year
 *     when written or when the table knows that version without its number
 *     ("Luật An ninh mạng 2025").  Laws named inside the title of an amending
 *     law ("Luật sửa đổi, bổ sung một số điều của Luật Tiếp công dân, Luật
 *     Khiếu nại ...") belong to that title.  Names not in the table are not
 *     reported.
 *   - after the reference: "ngày 19/10/2016" or "ngày 12 tháng 6 năm 2025"
 *     (the cited document's date) and "của <issuer>" (its issuer as written).
 * Not reported: the document's own number in its header (within the first
 * 1,500 bytes, a line that starts with "Số"/"Số:", or with "<type> số:" as in
 * "Luật số: 73/2006/QH 11"; anywhere, a line that starts with "Số:", as in the
 * authentication block of a consolidated text); a law's own title ("LUẬT BÌNH
 * ĐẲNG GIỚI" alone on a line at the top); documents named without a number
 * other than laws ("Kế hoạch công tác năm 2015"); blank numbers ("số
 * /KH-UBND"); standards ("QCVN 01:2009/BYT"); a list item after a heading
 * ("QUYẾT ĐỊNH" + newline + "1. ...").
 *
 * Canonical key (tc_citation.key): the symbol without spaces or emphasis, NFC,
 * codes in the capitalisation of the data tables ("QĐ-TTg", "CTr", "TTr"),
 * unknown codes in capitals, Cyrillic look-alikes of a PDF text layer read as
 * Latin ("BТС" -> "BTC"), an issuer written with '&' as the table's code when
 * the code without it is known ("BNN&PTNT" -> "BNNPTNT"), the number's letter
 * suffix in lower case ("36a"; "36ª" is read as "36a").  A short reference's
 * key is "<type code> <number>" or "<type code> <number>/<year>" ("NQ 36",
 * "ĐA 30", "NĐ 71/1998"); that of a law named without its version is its
 * name, and the year when written ("Luật Doanh nghiệp", "Luật An ninh mạng
 * 2025"), with type "LUAT" or "BLUAT", issuer "QH", number "" and is_short 1.
 * Documents that share a number keep distinct keys ("45/2016/QĐ-TTg" is not
 * "45/QĐ-TTg"); tc_citer_probable() proposes, with a reason, which known
 * document a partial reference probably means.
 *
 * Codes are looked up as written, then ignoring case, then ignoring
 * diacritics ("QD-TTG", "ƯBND"; in documents only for codes written in
 * capitals, since a word such as "Từ" folds to "tu", the code of Tỉnh ủy).
 *
 * Input may be NFC or NFD, use either tone placement ("Uỷ"/"Ủy"), NBSP and
 * tabs: the scan reads the text's view (view.h: cleaned with tc_text_clean())
 * and every offset is mapped back to the caller's original bytes.
 *
 * The handle holds the tables and scratch buffers; it is not thread-safe
 * (one per thread) and uses the tc_text handle given to tc_citer_open(),
 * which must outlive it.
 */
#ifndef TC_CITATION_H
#define TC_CITATION_H

#include "../common/tc.h"
#include "text.h"
#include "view.h"

typedef struct tc_citer tc_citer;

typedef struct tc_citation {
    char key[160];         /* canonical key, "45/2016/QĐ-TTg", "36-NQ/TW", "NQ 36" */
    char number[24];       /* "45", "36a", "03" (as written, suffix in lower case) */
    int year;              /* year inside the symbol (2016), 0 when not written */
    char type[12];         /* type code: from the symbol, else from the type word
                              ("QĐ", "NQ", "CV", "LUAT"); "" when neither */
    char issuer[24];       /* issuer code without the legislature number ("TTg", "QH",
                              "UBND"); from "của ..." via the table when the symbol
                              has none; "" if unknown */
    int term;              /* legislature number after QH/UBTVQH-style codes (15 in
                              "QH15"), else 0 */
    char unit[96];         /* what follows the issuer: drafting unit ("VX1", "TH")
                              or a joint circular's other issuers ("BNV"), joined
                              with "-" when several; "" if none */
    char date[11];         /* ISO date of the cited document when written, else "" */
    char issuer_name[128]; /* issuer as written after "của", else the table's name
                              for the issuer code, else "" */
    size_t start, end;     /* byte span in the ORIGINAL text: type word (or "số",
                              or the number) up to the end of the symbol/number */
    char text[256];        /* the span as written, cleaned: NFC, emphasis markers
                              dropped, each run of spaces/newlines as one space */
    int is_short;          /* 1 when there is no full symbol ("Nghị quyết 36") */
} tc_citation;

/* Called once per citation in text order; the struct is valid only during
 * the call.  Return non-zero to stop (tc_citer_extract then returns TC_OK). */
typedef int (*tc_citation_fn)(void *ctx, const tc_citation *c);

/* Loads the embedded tables data/doctypes.tsv, data/issuers.tsv and data/laws.tsv.
 * OUT: *out (NULL on failure).  TC_EDATA when a table is missing or
 * malformed, TC_ENOMEM, or an error of t while normalising the tables. */
tc_rc tc_citer_open(tc_text *t, tc_citer **out);
void tc_citer_close(tc_citer *c);

/* Reports every citation in text[0..len) (UTF-8) through cb (required:
 * TC_EINVAL without it).  Invalid UTF-8 is read as U+FFFD. */
tc_rc tc_citer_extract(tc_citer *c, const char *text, size_t len, tc_citation_fn cb, void *ctx);
/* The same on a document's view (tc_citer_extract builds one and calls
 * this); offsets are in v->raw.  v is read only during the call. */
tc_rc tc_citer_extract_view(tc_citer *c, const tc_view *v, tc_citation_fn cb, void *ctx);

/* The canonical key of a user-typed reference, appended to out_key:
 * "Quyết định số 45/2016/QĐ-TTg" and "45/2016/qd-ttg" -> "45/2016/QĐ-TTg",
 * "nghi quyet 36" -> "NQ 36", "36-nq/tw" -> "36-NQ/TW", laws by name:
 * "luat dat dai 2013" -> "45/2013/QH13", "luật doanh nghiệp" -> "Luật Doanh
 * nghiệp", and a type code with an issuer code only: "qd-ttg" -> "QĐ-TTg",
 * "nq/tw" -> "NQ/TW".  Codes and
 * type words are compared without case or diacritics ("nghi quyet 36");
 * when two codes fold alike the first in the table wins.  Unknown codes are
 * upper-cased.  The header rule (own number) does not apply.  TC_ENOTFOUND
 * when s holds no reference (out_key unchanged). */
tc_rc tc_citer_key(tc_citer *c, const char *s, size_t n, tc_buf *out_key);

/* Which of the known documents a partial citation probably means.
 * known_keys are canonical keys (from tc_citer_extract or tc_citer_key).
 * A known key is a candidate when it has the same number (leading zeros
 * ignored, letter suffix compared: "36a" never matches "36"), the same type
 * when both give one, the same issuer and unit when both give them, and the
 * same year when both give one.  Returns the number of candidates (a known
 * key equal to ref->key counts alone and wins).  OUT: *out_key = the first
 * candidate (a pointer into known_keys) or NULL; *out_reason = a static
 * English sentence ("same number, type and issuer; year not written"), or
 * NULL.  A result > 1 is ambiguous: callers should not link the documents.
 * A law named without its version ("Luật Doanh nghiệp") has as candidates the
 * known keys that are numbers of laws of that name in data/laws.tsv (of the
 * year, when written).
 * Nothing is ever merged: the caller decides what to do with the proposal. */
int tc_citer_probable(const tc_citer *c, const tc_citation *ref, const char *const *known_keys,
                      size_t n_known, const char **out_key, const char **out_reason);

/* Table look-ups for display.  Return NULL when the code is unknown. */
/* The type word of a type code ("QĐ" -> "Quyết định"); *english may be NULL. */
const char *tc_citer_type_word(const tc_citer *c, const char *code, const char **english);
/* The name of an issuer code ("TTg" -> "Thủ tướng Chính phủ"). */
const char *tc_citer_issuer_name(const tc_citer *c, const char *code);
/* The name of a law or code from data/laws.tsv ("24/2018/QH14" -> "Luật An
 * ninh mạng", leading zeros and case ignored). */
const char *tc_citer_law_name(const tc_citer *c, const char *key);

/* The type-and-issuer key of a citation ("QĐ-TTg", "NQ/TW") into out;
 * returns 0 when the citation has no type or issuer (or is short). */
int tc_citation_type_issuer(const tc_citation *c, char *out, size_t n);

#endif /* TC_CITATION_H */
