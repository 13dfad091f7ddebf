/*
 * gazetteer.h: Vietnam's provinces and districts, before and after the
 * 2025-07-01 merger, looked up by any usual written form of their name.
 *
 * Data: the TSV files in data/gazetteer/ (derived from MIT-licensed public datasets, see
 * data/gazetteer/SOURCES.md), compiled into the binary (common/data.h).
 * 63 provinces and 696 districts in force until 2025-06-30, the 34 provinces
 * in force since 2025-07-01, and the old -> new mapping.
 *
 * Lookups accept a name with or without diacritics, in any case, with or
 * without the administrative prefix ("Tỉnh", "Thành phố", "TP", "TP.",
 * "Huyện", "Quận", "Thị xã"), NFC or NFD, either tone placement
 * ("Thừa Thiên Huế", "thua thien hue", "TỈNH HÀ TĨNH", "Khánh Hoà").
 * The handle is immutable after loading and may be shared across threads.
 */
#ifndef TC_GAZETTEER_H
#define TC_GAZETTEER_H

#include "../common/tc.h"
#include "text.h"

typedef struct tc_gazetteer tc_gazetteer;

typedef struct tc_province {
    const char *code;      /* General Statistics Office code, "42" */
    const char *name;      /* short name, "Hà Tĩnh" */
    const char *full_name; /* "Tỉnh Hà Tĩnh" */
    const char *new_code;  /* code of the post-2025 province it is part of */
    const char *new_name;  /* that province's short name */
    int era;               /* 2024: a province of 2024 (63); 2025: of 2025 (34) */
} tc_province;

typedef struct tc_district {
    const char *code;          /* GSO district code, "436" */
    const char *name;          /* short name without prefix, "Hoành Bồ" */
    const char *full_name;     /* "Huyện Hoành Bồ" */
    const tc_province *province; /* its province (era 2024) */
} tc_district;

/* Loads the embedded tables; t is used for normalisation while loading. */
tc_rc tc_gazetteer_open(tc_text *t, tc_gazetteer **out);
void tc_gazetteer_close(tc_gazetteer *g);

/* Finds a province by name.  A name valid in both eras (a province that did
 * not merge) returns the era-2024 entry, whose new_code is its own code.
 * Returns NULL when unknown. */
const tc_province *tc_gazetteer_province(const tc_gazetteer *g, tc_text *t, const char *name,
                                         size_t n);
/* The province with GSO `code` in `era` (2024 or 2025), or NULL. */
const tc_province *tc_gazetteer_province_by_code(const tc_gazetteer *g, const char *code,
                                                 int era);
/* Finds a district by name (prefix optional); when several share the name,
 * `in_province` (a code, may be NULL) picks one, else the first.  NULL if none. */
const tc_district *tc_gazetteer_district(const tc_gazetteer *g, tc_text *t, const char *name,
                                         size_t n, const char *in_province);
/* Iterates the provinces of `era`: i from 0 while the result is non-NULL. */
const tc_province *tc_gazetteer_province_at(const tc_gazetteer *g, int era, size_t i);

#endif
