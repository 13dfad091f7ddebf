/*
 * test_places.c: province and district mentions: prefixes, bare names,
 * lists, short names a document defines, false friends, and precision and
 * recall against the hand-annotated gold (tests/gold/places-seeds.tsv).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../analyzers/places.h"
#include "check.h"
#include "gold.h"

/* One extraction case: the count and the first mention. */
static const struct {
    const char *text;     /* input */
    const char *doc;      /* document's province, or NULL */
    int count;            /* expected number of mentions */
    const char *province; /* first mention's 2024 code */
    const char *district; /* its district code ("" for a province) */
    const char *p2025;    /* its post-2025 province code */
    const char *written;  /* its text */
    int own;              /* expected own flag */
} cases[] = {
    {"trên địa bàn tỉnh Hà Tĩnh;", "42", 1, "42", "", "42", "tỉnh Hà Tĩnh", 1},
    {"\tUBND TỈNH HÀ TĨNH", "42", 1, "42", "", "42", "TỈNH HÀ TĨNH", 1},
    {"Hà Tĩnh, ngày 23 tháng 3 năm 2018", "42", 1, "42", "", "42", "Hà Tĩnh", 1},
    {"Ha\xcc\x80 Ti\xcc\x83nh, nga\xcc\x80y", "42", 1, "42", "", "42", "Hà Tĩnh", 1},
    {"Sở Thông tin và Truyền thông Cao Bằng lập", "42", 1, "04", "", "04", "Cao Bằng", 0},
    {"Trà Vinh, ngày 14", "84", 1, "84", "", "86", "Trà Vinh", 1},
    {"tỉnh Hòa Bình", NULL, 1, "17", "", "25", "tỉnh Hòa Bình", 0},
    {"Hoà Bình", NULL, 1, "17", "", "25", "Hòa Bình", 0},
    {"tỉnh Đaklak", NULL, 1, "66", "", "66", "tỉnh Đaklak", 0},
    {"thành phố Hà Nội", NULL, 1, "01", "", "01", "thành phố Hà Nội", 0},
    {"với TP Hồ Chí Minh;", NULL, 1, "79", "", "79", "TP Hồ Chí Minh", 0},
    {"tại TP.HCM", NULL, 1, "79", "", "79", "TP.HCM", 0},
    /* districts need their prefix */
    {"trên địa bàn huyện Can Lộc.", "42", 1, "42", "443", "42", "huyện Can Lộc", 1},
    {"Trung tâm HCC huyện Hương sơn,", "42", 1, "42", "439", "42", "huyện Hương sơn", 1},
    {"trên địa bàn thị xã Kỳ Anh.", "42", 1, "42", "449", "42", "thị xã Kỳ Anh", 1},
    {"cho huyện Kỳ Anh và TP Hà Tĩnh.", "42", 2, "42", "447", "42", "huyện Kỳ Anh", 1},
    {"TP Hà Tĩnh", "42", 1, "42", "436", "42", "TP Hà Tĩnh", 1},
    {"Quảng trường Thành phố Hà Tĩnh.", "42", 1, "42", "436", "42", "Thành phố Hà Tĩnh", 1},
    {"TP. Hạ Long", "42", 1, "22", "193", "22", "TP. Hạ Long", 0},
    {"quận Ba Đình", NULL, 1, "01", "001", "01", "quận Ba Đình", 0},
    {"huyện Châu Thành", "84", 1, "84", "847", "86", "huyện Châu Thành", 1},
    {"Kỳ Anh", "42", 0, NULL, NULL, NULL, NULL, 0},
    {"các huyện, thành phố, thị xã", "42", 0, NULL, NULL, NULL, NULL, 0},
    /* lists opened by a prefix, and lists of bare districts */
    {"các huyện Vân Đồn, Cô Tô", "22", 2, "22", "203", "22", "huyện Vân Đồn", 1},
    {"các huyện: Can Lộc, Cẩm Xuyên, Lộc Hà, Đức Thọ).", "42", 3, "42", "443", "42",
     "huyện: Can Lộc", 1},
    {"thành phố Hạ Long, Ưng Bí, Cẩm Phả và thị xã Quảng Yên.", "22", 3, "22", "193", "22",
     "thành phố Hạ Long", 1},
    {"(*Vân Đồn 02, Cẩm Phả 02*)", "22", 2, "22", "203", "22", "Vân Đồn", 1},
    {"xã Đại Thành, huyện Tiên Yên", "22", 1, "22", "199", "22", "huyện Tiên Yên", 1},
    /* short names a document defines */
    {"Tỉnh ủy Quảng Ninh (QN) ban hành; tỉnh QN; Báo QN; 12/QĐ-QN", NULL, 3, "22", "", "22",
     "Quảng Ninh", 0},
    {"Quảng Ninh (gọi tắt là QN). Báo QN", "22", 2, "22", "", "22", "Quảng Ninh", 1},
    {"Báo QN đăng", "22", 0, NULL, NULL, NULL, NULL, 0},
    /* false friends */
    {"giữ gìn hòa bình, thái bình", NULL, 0, NULL, NULL, NULL, NULL, 0},
    {"tấm gương đạo đức của Chủ tịch Hồ Chí Minh", NULL, 0, NULL, NULL, NULL, NULL, 0},
    {"Kỷ niệm ngày thành lập Đoàn TNCS HCM", NULL, 0, NULL, NULL, NULL, NULL, 0},
    {"70 năm chiến thắng Điện Biên Phủ;", NULL, 0, NULL, NULL, NULL, NULL, 0},
    {"cách tính giá; mail.travinh.gov.vn", NULL, 0, NULL, NULL, NULL, NULL, 0},
    {"", "42", 0, NULL, NULL, NULL, NULL, 0},
};

typedef struct collected {
    tc_place m[8]; /* the first mentions */
    int n;         /* how many were reported */
    int limit;     /* stop after this many (0 = never) */
} collected;

static int collect(void *ctx, const tc_place *p)
{
    collected *c = ctx;
    if (c->n < 8)
        c->m[c->n] = *p;
    c->n++;
    return c->limit && c->n >= c->limit;
}

/* ---- gold ----------------------------------------------------------------- */

static const struct {
    const char *file; /* name in corpus/ */
    const char *code; /* the document's province */
} seeds[] = {
    {"000_90010ce738600653.txt", "42"}, {"001_36b9b0631c388b4f.txt", "42"},
    {"002_047a4ae5ab10d50a.txt", "84"}, {"003_4722339fd0f083dc.txt", "04"},
    {"004_b1b8f2e8913d4e11.txt", "22"},
};

typedef struct gold_row {
    char text[128]; /* folded text */
    char prov[4];   /* province code */
    char dist[8];   /* district code, "" or "old" */
    int used;       /* matched already */
} gold_row;

typedef struct found {
    tc_place *m;   /* mentions */
    size_t n, cap; /* count, allocated */
} found;

static int keep(void *ctx, const tc_place *p)
{
    found *f = ctx;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->m = realloc(f->m, f->cap * sizeof *f->m);
        if (!f->m)
            abort();
    }
    f->m[f->n++] = *p;
    return 0;
}

/* Folds s into dst, spaces collapsed and ':' dropped ("huyện: Can Lộc"). */
static void fold_into(tc_text *t, const char *s, char *dst, size_t cap)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_text_fold(t, s, strlen(s), &b);
    const char *p = tc_buf_cstr(&b);
    size_t k = 0;
    int sp = 0;
    for (; *p && k + 2 < cap; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == ':') {
            sp = k > 0;
            continue;
        }
        if (sp)
            dst[k++] = ' ';
        sp = 0;
        dst[k++] = *p;
    }
    dst[k] = 0;
    tc_buf_free(&b);
}

/* 1 when one text ends with the other (a prefix word may or may not be
 * part of either: "tỉnh QN" / "QN"). */
static int same_tail(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la >= lb ? strcmp(a + la - lb, b) == 0 : strcmp(b + lb - la, a) == 0;
}

static void gold_eval(tc_text *t, tc_places *pl)
{
    size_t glen;
    char *gold = check_slurp("tests/gold/places-seeds.tsv", &glen);
    CHECK(gold != NULL, "cannot read tests/gold/places-seeds.tsv");
    if (!gold)
        return;
    int tp = 0, fp = 0, fn = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gold_row *rows = calloc(512, sizeof *rows);
        size_t nrows = 0;
        char *save = NULL, *copy = strdup(gold);
        for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (line[0] == '#' || strncmp(line, "file\t", 5) == 0)
                continue;
            char *f[4] = {line, NULL, NULL, NULL};
            for (int k = 1; k < 4; k++) {
                char *tab = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
                if (tab) {
                    *tab = 0;
                    f[k] = tab + 1;
                }
            }
            if (!f[3] || strcmp(f[0], seeds[s].file) != 0 || nrows >= 512)
                continue;
            fold_into(t, f[1], rows[nrows].text, sizeof rows[nrows].text);
            snprintf(rows[nrows].prov, sizeof rows[nrows].prov, "%s", f[2]);
            snprintf(rows[nrows].dist, sizeof rows[nrows].dist, "%s", f[3]);
            nrows++;
        }
        free(copy);
        char path[256];
        snprintf(path, sizeof path, "corpus/%s", seeds[s].file);
        size_t len;
        char *data = check_slurp(path, &len);
        CHECK(data != NULL, "cannot read %s", path);
        if (!data) {
            free(rows);
            continue;
        }
        found f = {NULL, 0, 0};
        CHECK_INT(path, TC_OK, tc_places_extract(pl, data, len, seeds[s].code, keep, &f));
        size_t next = 0;
        for (size_t i = 0; i < f.n; i++) {
            char ft[128];
            fold_into(t, f.m[i].text, ft, sizeof ft);
            /* Search forward from the last match first, so that the rows
             * stay aligned with the text and misses are reported where
             * they are; then anywhere. */
            size_t r = nrows;
            for (size_t pass = 0; pass < 2 && r == nrows; pass++)
                for (r = pass ? 0 : next; r < nrows; r++)
                    if (!rows[r].used && strcmp(rows[r].prov, f.m[i].province_code) == 0 &&
                        strcmp(rows[r].dist, f.m[i].district_code) == 0 &&
                        same_tail(rows[r].text, ft))
                        break;
            if (r < nrows) {
                rows[r].used = 1;
                next = r + 1;
                tp++;
            } else {
                fp++;
                printf("  places false hit %s: \"%s\" %s %s\n", seeds[s].file, f.m[i].text,
                       f.m[i].province_code, f.m[i].district_code);
            }
        }
        for (size_t r = 0; r < nrows; r++)
            if (!rows[r].used) {
                fn++;
                printf("  places miss %s: \"%s\" %s %s\n", seeds[s].file, rows[r].text,
                       rows[r].prov, rows[r].dist);
            }
        free(f.m);
        free(data);
        free(rows);
    }
    free(gold);
    gold_score("places seeds", (size_t)tp, (size_t)fp, (size_t)fn, 0.90);
}

int main(void)
{
    tc_text *t = NULL;
    tc_gazetteer *g = NULL;
    tc_places *pl = NULL;
    CHECK_INT("tc_text_open", TC_OK, tc_text_open(&t));
    CHECK_INT("tc_gazetteer_open", TC_OK, tc_gazetteer_open(t, &g));
    CHECK_INT("tc_places_open", TC_OK, tc_places_open(t, g, &pl));
    if (!pl)
        return check_report("places");

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c;
        memset(&c, 0, sizeof c);
        const char *s = cases[i].text;
        CHECK_INT(s, TC_OK, tc_places_extract(pl, s, strlen(s), cases[i].doc, collect, &c));
        CHECK_INT(s, cases[i].count, c.n);
        if (cases[i].count == 0 || c.n == 0)
            continue;
        CHECK_STR(s, cases[i].province, c.m[0].province_code);
        CHECK_STR(s, cases[i].district, c.m[0].district_code);
        CHECK_STR(s, cases[i].p2025, c.m[0].province2025_code);
        CHECK_STR(s, cases[i].written, c.m[0].text);
        CHECK_INT(s, cases[i].own, c.m[0].own);
        CHECK(c.m[0].start < c.m[0].end && c.m[0].end <= strlen(s), "%s: span %zu-%zu", s,
              c.m[0].start, c.m[0].end);
    }

    /* Names and offsets of a full mention. */
    {
        const char *s = "tại Ha\xcc\x80 Ti\xcc\x83nh và huyện Tiên Yên";
        collected c;
        memset(&c, 0, sizeof c);
        tc_places_extract(pl, s, strlen(s), "42", collect, &c);
        CHECK_INT("nfd count", 2, c.n);
        CHECK_INT("nfd start", strlen("tại "), c.m[0].start);
        CHECK_INT("nfd end", strlen("tại Ha\xcc\x80 Ti\xcc\x83nh"), c.m[0].end);
        CHECK_STR("nfd province", "Hà Tĩnh", c.m[0].province);
        CHECK_STR("district name", "Tiên Yên", c.m[1].district);
        CHECK_STR("district province", "Quảng Ninh", c.m[1].province);
        CHECK_STR("district 2025", "Quảng Ninh", c.m[1].province2025);
        CHECK_INT("district own", 0, c.m[1].own);
    }
    /* Merged provinces keep their old code and gain the new one. */
    {
        const char *s = "tỉnh Hà Giang";
        collected c;
        memset(&c, 0, sizeof c);
        tc_places_extract(pl, s, strlen(s), NULL, collect, &c);
        CHECK_INT("merge count", 1, c.n);
        CHECK_STR("merge old", "02", c.m[0].province_code);
        CHECK_STR("merge new", "08", c.m[0].province2025_code);
        CHECK_STR("merge new name", "Tuyên Quang", c.m[0].province2025);
    }
    /* Short names do not leak from one text into the next. */
    {
        const char *s1 = "Quảng Ninh (QN)", *s2 = "Báo QN";
        collected c;
        memset(&c, 0, sizeof c);
        tc_places_extract(pl, s1, strlen(s1), NULL, collect, &c);
        memset(&c, 0, sizeof c);
        tc_places_extract(pl, s2, strlen(s2), NULL, collect, &c);
        CHECK_INT("abbr reset", 0, c.n);
    }
    /* The callback can stop the scan. */
    {
        const char *s = "tỉnh Hà Tĩnh, tỉnh Cao Bằng, tỉnh Trà Vinh";
        collected c;
        memset(&c, 0, sizeof c);
        c.limit = 1;
        CHECK_INT("stop rc", TC_OK, tc_places_extract(pl, s, strlen(s), NULL, collect, &c));
        CHECK_INT("stop count", 1, c.n);
    }
    /* Invalid arguments. */
    {
        tc_places *x = (tc_places *)1;
        CHECK_INT("open null", TC_EINVAL, tc_places_open(NULL, g, &x));
        CHECK(x == NULL, "out not cleared on failure");
        CHECK_INT("extract null cb", TC_EINVAL, tc_places_extract(pl, "x", 1, NULL, NULL, NULL));
        tc_places_close(NULL);
    }

    gold_eval(t, pl);

    tc_places_close(pl);
    tc_gazetteer_close(g);
    tc_text_close(t);
    return check_report("places");
}
