/*
 * test_gazetteer.c: province and district lookups by their written forms.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../analyzers/gazetteer.h"
#include "check.h"

/* A province lookup: the name as written and what it must resolve to. */
static const struct {
    const char *name;     /* input, UTF-8 (some NFD) */
    const char *code;     /* expected 2024 code, NULL when unknown */
    const char *new_code; /* expected post-2025 code */
    const char *new_name; /* expected post-2025 name */
} provinces[] = {
    {"Hà Tĩnh", "42", "42", "Hà Tĩnh"},
    {"ha tinh", "42", "42", "Hà Tĩnh"},
    {"HÀ TĨNH", "42", "42", "Hà Tĩnh"},
    {"TỈNH HÀ TĨNH", "42", "42", "Hà Tĩnh"},
    /* NFD: "Tỉnh Hà Tĩnh" with combining marks */
    {"Ti\xcc\x89nh Ha\xcc\x80 Ti\xcc\x83nh", "42", "42", "Hà Tĩnh"},
    {"  Tỉnh   Hà  Tĩnh ", "42", "42", "Hà Tĩnh"},
    {"Thừa Thiên Huế", "46", "46", "Huế"},
    {"thua thien hue", "46", "46", "Huế"},
    /* tone placement: the data writes "Khánh Hòa" (2024), "Khánh Hoà" (2025) */
    {"Khánh Hoà", "56", "56", "Khánh Hòa"},
    {"Khánh Hòa", "56", "56", "Khánh Hòa"},
    {"Thanh Hoá", "38", "38", "Thanh Hóa"},
    {"Hoà Bình", "17", "25", "Phú Thọ"},
    {"tỉnh Hòa Bình", "17", "25", "Phú Thọ"},
    {"TP. Hồ Chí Minh", "79", "79", "Hồ Chí Minh"},
    {"TP.HCM", "79", "79", "Hồ Chí Minh"},
    {"TP Hồ Chí Minh", "79", "79", "Hồ Chí Minh"},
    {"Thành phố Hà Nội", "01", "01", "Hà Nội"},
    {"Hanoi", "01", "01", "Hà Nội"},
    {"Cao Bằng", "04", "04", "Cao Bằng"},
    {"Quảng Ninh", "22", "22", "Quảng Ninh"},
    /* merged provinces map to the new one */
    {"Trà Vinh", "84", "86", "Vĩnh Long"},
    {"tra vinh", "84", "86", "Vĩnh Long"},
    {"Hà Giang", "02", "08", "Tuyên Quang"},
    {"Bà Rịa - Vũng Tàu", "77", "79", "Hồ Chí Minh"},
    {"ba ria vung tau", "77", "79", "Hồ Chí Minh"},
    {"Đắk Lắk", "66", "66", "Đắk Lắk"},
    {"Dak Lak", "66", "66", "Đắk Lắk"},
    {"Kon Tum", "62", "51", "Quảng Ngãi"},
    {"Kontum", "62", "51", "Quảng Ngãi"},
    {"Lào Cai", "10", "15", "Lào Cai"},
    /* unknown */
    {"Atlantis", NULL, NULL, NULL},
    {"", NULL, NULL, NULL},
    {"Tỉnh", NULL, NULL, NULL},
    {"\xff\xfe", NULL, NULL, NULL},
};

/* A district lookup. */
static const struct {
    const char *name;        /* input */
    const char *in_province; /* the province to prefer, or NULL */
    const char *code;        /* expected district code, NULL when unknown */
    const char *province;    /* expected province code */
} districts[] = {
    {"Quận Ba Đình", NULL, "001", "01"},     {"ba dinh", NULL, "001", "01"},
    {"Huyện Can Lộc", NULL, "443", "42"},    {"Can Loc", NULL, "443", "42"},
    {"Thị xã Kỳ Anh", NULL, "449", "42"},    {"TX Kỳ Anh", NULL, "449", "42"},
    {"Huyện Kỳ Anh", NULL, "447", "42"},     {"Kỳ Anh", NULL, "447", "42"},
    {"TP Hạ Long", NULL, "193", "22"},       {"Thành phố Hạ Long", NULL, "193", "22"},
    {"hạ long", NULL, "193", "22"},          {"Châu Thành", "84", "847", "84"},
    {"Huyện Châu Thành", "94", "942", "94"}, {"Châu Thành", NULL, "708", "72"},
    {"Châu Thành", "99", "708", "72"},       {"Ha\xcc\xa3 Long", NULL, "193", "22"}, /* NFD */
    {"Huyện Không Có", NULL, NULL, NULL},    {"", NULL, NULL, NULL},
};

int main(void)
{
    tc_text *t = NULL;
    tc_gazetteer *g = NULL;
    tc_rc rc = tc_text_open(&t);
    CHECK_INT("tc_text_open", TC_OK, rc);
    if (rc)
        return check_report("gazetteer");
    rc = tc_gazetteer_open(t, &g);
    CHECK_INT("tc_gazetteer_open", TC_OK, rc);
    if (rc) {
        tc_text_close(t);
        return check_report("gazetteer");
    }

    char what[256];
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) {
        const char *name = provinces[i].name;
        const tc_province *p = tc_gazetteer_province(g, t, name, strlen(name));
        snprintf(what, sizeof what, "province \"%s\" code", name);
        CHECK_STR(what, provinces[i].code, p ? p->code : NULL);
        if (!p || !provinces[i].code)
            continue;
        snprintf(what, sizeof what, "province \"%s\" era", name);
        CHECK_INT(what, 2024, p->era);
        snprintf(what, sizeof what, "province \"%s\" new_code", name);
        CHECK_STR(what, provinces[i].new_code, p->new_code);
        snprintf(what, sizeof what, "province \"%s\" new_name", name);
        CHECK_STR(what, provinces[i].new_name, p->new_name);
    }

    for (size_t i = 0; i < sizeof districts / sizeof districts[0]; i++) {
        const char *name = districts[i].name;
        const tc_district *d =
            tc_gazetteer_district(g, t, name, strlen(name), districts[i].in_province);
        snprintf(what, sizeof what, "district \"%s\" in %s code", name,
                 districts[i].in_province ? districts[i].in_province : "-");
        CHECK_STR(what, districts[i].code, d ? d->code : NULL);
        if (d && districts[i].code) {
            snprintf(what, sizeof what, "district \"%s\" province", name);
            CHECK_STR(what, districts[i].province, d->province->code);
        }
    }

    /* Names and full names of districts lose only the prefix. */
    const tc_district *d =
        tc_gazetteer_district(g, t, "Thị xã Kỳ Anh", strlen("Thị xã Kỳ Anh"), NULL);
    CHECK_STR("district name", "Kỳ Anh", d ? d->name : NULL);
    CHECK_STR("district full_name", "Thị xã Kỳ Anh", d ? d->full_name : NULL);

    /* By code and era. */
    const tc_province *p = tc_gazetteer_province_by_code(g, "86", 2025);
    CHECK_STR("2025 province 86", "Vĩnh Long", p ? p->name : NULL);
    CHECK_INT("2025 province 86 era", 2025, p ? p->era : 0);
    CHECK_STR("2025 province 86 new_code", "86", p ? p->new_code : NULL);
    p = tc_gazetteer_province_by_code(g, "56", 2025);
    CHECK_STR("2025 name in canonical tones", "Khánh Hòa", p ? p->name : NULL);
    CHECK_STR("2025 full name", "Tỉnh Khánh Hòa", p ? p->full_name : NULL);
    p = tc_gazetteer_province_by_code(g, "84", 2024);
    CHECK_STR("2024 province 84", "Tỉnh Trà Vinh", p ? p->full_name : NULL);
    CHECK(tc_gazetteer_province_by_code(g, "84", 2025) == NULL, "84 is gone in 2025");
    CHECK(tc_gazetteer_province_by_code(g, "42", 1999) == NULL, "no era 1999");
    CHECK(tc_gazetteer_province_by_code(g, "", 2024) == NULL, "empty code");

    /* Iteration counts: 63 then 34; every 2024 province has a successor. */
    size_t n24 = 0, n25 = 0, mapped = 0;
    while ((p = tc_gazetteer_province_at(g, 2024, n24))) {
        n24++;
        mapped += tc_gazetteer_province_by_code(g, p->new_code, 2025) != NULL;
    }
    while (tc_gazetteer_province_at(g, 2025, n25))
        n25++;
    CHECK_INT("provinces of 2024", 63, n24);
    CHECK_INT("provinces of 2025", 34, n25);
    CHECK_INT("2024 provinces with a 2025 successor", 63, mapped);

    /* NULL handles are refused quietly. */
    CHECK(tc_gazetteer_province(NULL, t, "Hà Tĩnh", strlen("Hà Tĩnh")) == NULL, "NULL g");
    CHECK(tc_gazetteer_province(g, t, NULL, 0) == NULL, "NULL name");
    tc_gazetteer *bad = (tc_gazetteer *)&n24; /* any non-NULL value */
    CHECK(tc_gazetteer_open(NULL, &bad) == TC_EINVAL, "open without a text handle");
    CHECK(bad == NULL, "OUT cleared on failure");

    tc_gazetteer_close(g);
    tc_gazetteer_close(NULL);
    tc_text_close(t);
    return check_report("gazetteer");
}
