/*
 * places.h: finds the provinces and districts a Vietnamese report names and
 * maps each to its province before and after the 2025-07-01 merger.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is recognised (names from the gazetteer, gazetteer.h):
 *   - a province with a prefix: "tỉnh Hà Tĩnh", "TỈNH HÀ TĨNH", "thành phố Hà
 *     Nội", "TP. Hồ Chí Minh", "TP.HCM";
 *   - a province by its bare name, written as a proper noun (each word
 *     capitalised, or all capitals): "Hà Tĩnh, ngày 23 tháng 3", "Sở Thông
 *     tin và Truyền thông Cao Bằng", also inside agency names ("UBND thành
 *     phố Hà Nội" names Hà Nội).  "hòa bình" (peace) is not Hòa Bình.  Where
 *     the text has diacritics they must be the name's.  "Hồ Chí Minh" alone
 *     is the person far more often than the city and needs a prefix;
 *   - a district only after its prefix word: "huyện Can Lộc", "thị xã Kỳ
 *     Anh", "quận Ba Đình", "thành phố Hạ Long", "TP Hà Tĩnh" (a provincial
 *     capital is a district-level city; "thành phố" before a centrally-run
 *     city names the province), or as a later item of a list opened by one
 *     ("các huyện Vân Đồn, Cô Tô", "thành phố Hạ Long, Cẩm Phả") when the
 *     item is a district of the same province.  Bare district names are
 *     not matched: too many are common words;
 *   - short names the document defines: "Tỉnh ủy Quảng Ninh (QN)" or
 *     "Quảng Ninh (gọi tắt là QN)" makes every later "QN" (written in
 *     capitals, not inside a document symbol) a mention of Quảng Ninh.
 * Districts that share a name are resolved in favour of the document's
 * province.  Offsets are byte offsets in the caller's ORIGINAL text (input
 * may be NFC or NFD, either tone placement).
 *
 * The handle holds scratch buffers; it is not thread-safe (one per thread).
 * It uses the tc_text and tc_gazetteer handles given to tc_places_open(),
 * which must outlive it.
 */
#ifndef TC_PLACES_H
#define TC_PLACES_H

#include "../common/tc.h"
#include "gazetteer.h"
#include "text.h"
#include "view.h"

typedef struct tc_places tc_places;

typedef struct tc_place {
    char province_code[4];     /* GSO code of the 2024-era province, or "" when the name
                                  exists only since 2025 */
    char province[64];         /* its short name, "Hà Tĩnh" */
    char province2025_code[4]; /* code of the post-2025 province it belongs to */
    char province2025[64];     /* that province's short name */
    char district_code[8];     /* GSO district code, "" for a province mention */
    char district[64];         /* district short name, "Can Lộc", or "" */
    char text[128];            /* the span as written (cleaned: NFC, spaces collapsed),
                                  prefix included: "huyện Can Lộc", "tỉnh QN" */
    size_t start, end;         /* byte span in the ORIGINAL text */
    int own;                   /* 1 when the province (2024 code) is the document's own */
} tc_place;

/* Called once per mention in text order; the struct is valid only during
 * the call.  Return non-zero to stop (tc_places_extract returns TC_OK). */
typedef int (*tc_place_fn)(void *ctx, const tc_place *p);

/* OUT: *out (NULL on failure). */
tc_rc tc_places_open(tc_text *t, const tc_gazetteer *g, tc_places **out);
void tc_places_close(tc_places *p);

/* Reports every place mention in text[0..len) through cb.  doc_province_code
 * is the document's own province ("42"), or NULL when unknown. */
tc_rc tc_places_extract(tc_places *p, const char *text, size_t len, const char *doc_province_code,
                        tc_place_fn cb, void *ctx);
/* The same on a document's view (tc_places_extract builds one and calls
 * this); offsets are in v->raw.  v is read only during the call. */
tc_rc tc_places_extract_view(tc_places *p, const tc_view *v, const char *doc_province_code,
                             tc_place_fn cb, void *ctx);

#endif /* TC_PLACES_H */
