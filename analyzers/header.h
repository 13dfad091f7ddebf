/*
 * header.h: reads the metadata of a Vietnamese administrative document from
 * its opening lines and its signature block.
 *
 * Input is the raw UTF-8 text of a file (NFC or NFD, either tone style,
 * NBSP, tabs from scrambled two-column layouts).  Output fields are NFC with
 * canonical tone placement ("Cộng hòa" style, see text.h), case as written
 * except where noted.  Fields that the document does not give are "" (or 0).
 * Strings longer than their field are cut at a UTF-8 character boundary.
 */
#ifndef TC_HEADER_H
#define TC_HEADER_H

#include "../common/tc.h"
#include "doctypes.h"
#include "gazetteer.h"
#include "text.h"
#include "view.h"

typedef struct tc_header {
    char number[64];           /* số/ký hiệu as written, spaces removed:
                                  "23/BC-STTTT"; "/BC-STTTT" when the number is blank */
    char place[64];            /* place of issue, "Hà Tĩnh" */
    char date[11];             /* ISO date: "2018-03-23", "2024-07" (no day), "" */
    int date_precision;        /* 0 none, 1 year, 2 month, 3 day */
    char province_code[4];     /* GSO code of the issuing province (2024 era), "42" */
    char province[64];         /* its name, "Hà Tĩnh" */
    char province2025_code[4]; /* code of the post-2025 province it is part of */
    char province2025[64];     /* that name, "Hà Tĩnh" */
    char agency[192];          /* issuing agency with its province:
                                  "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh" */
    char parent_agency[128];   /* the line above the agency, "UBND tỉnh Hà Tĩnh", or "" */
    char level[12];            /* the issuer's level: "central" (Chính phủ, Quốc hội, a
                                  Bộ or Cục, ...), "province", "district", "commune",
                                  or "" when the header does not tell; a central body
                                  has no province, whatever its date line's place */
    char type[24];             /* document type key: "report" (BÁO CÁO), "decision",
                                  "plan", "resolution", "official-letter", ... or "" */
    char title[512];           /* the subject line(s) after the type word, joined by
                                  one space, trimmed */
    int draft;                 /* 1 when marked DỰ THẢO */
    char signer_title[96];     /* "GIÁM ĐỐC", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" */
    char signer_name[96];      /* "Đậu Tùng Lâm" */
    int year;                  /* year the report covers (from the period, else the date) */
    char period[8];            /* "Q1".."Q4", "H1", "H2", "9M" (Jan-Sep), "Y" (year), "" */
    char period_text[96];      /* the period as written, "3 tháng đầu năm 2018" */
} tc_header;

/* Parses the header of a document's view with the document types of dt
 * (doctypes.h: type words and codes).  Only the first 2 MiB of v->raw are
 * read; tabs, page breaks and lone CRs of the raw text count as line
 * breaks.  g may be NULL (then province fields stay empty).  Returns TC_OK
 * even when fields are missing; errors only for allocation or ICU
 * failures.  v is read only during the call. */
tc_rc tc_header_read(const tc_doctypes *dt, tc_text *t, const tc_gazetteer *g, const tc_view *v,
                     tc_header *out);
/* The same on text[0..len), loading the type table and building the view
 * for this one call: for many documents, open the table once and call
 * tc_header_read(). */
tc_rc tc_header_parse(tc_text *t, const tc_gazetteer *g, const char *text, size_t len,
                      tc_header *out);

/* Display name of a type key ("report" -> "Báo cáo", data/doctypes.tsv);
 * "" for unknown. */
const char *tc_header_type_name(const char *type);

#endif
