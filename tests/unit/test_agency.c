/*
 * test_agency.c: agency mentions: every variant form, province attachment,
 * symbols, lists, user look-ups, and precision/recall against the
 * hand-annotated gold of the seed reports (tests/gold/agencies-seeds.tsv).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../analyzers/agency.h"
#include "check.h"
#include "gold.h"

/* One extraction case: the first mention must be this one. */
static const struct {
    const char *text;     /* input (some NFD, some old tone placement) */
    const char *doc;      /* the document's province code, or NULL */
    int count;            /* expected number of mentions */
    const char *key;      /* first mention's key (NULL when count == 0) */
    const char *province; /* its province code */
    const char *written;  /* its text as written */
    const char *name;     /* its canonical name, NULL = not checked */
} cases[] = {
    /* Sở Kế hoạch và Đầu tư and its abbreviations */
    {"của Sở Kế hoạch và Đầu tư về việc", "42", 1, "so_khdt", "42", "Sở Kế hoạch và Đầu tư",
     "Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh"},
    {"- Sở KH&ĐT;", "84", 1, "so_khdt", "84", "Sở KH&ĐT", "Sở Kế hoạch và Đầu tư tỉnh Trà Vinh"},
    {"gửi Sở KHĐT.", "42", 1, "so_khdt", "42", "Sở KHĐT", NULL},
    {"- Sở KH-ĐT;", "42", 1, "so_khdt", "42", "Sở KH-ĐT", NULL},
    {"SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "42", 1, "so_khdt", "42", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", NULL},
    {"So Ke hoach va Dau tu", "42", 1, "so_khdt", "42", "So Ke hoach va Dau tu", NULL},
    /* Bộ Thông tin và Truyền thông */
    {"của Bộ Thông tin và Truyền thông.", "42", 1, "bo_tttt", "", "Bộ Thông tin và Truyền thông",
     "Bộ Thông tin và Truyền thông"},
    {"- Bộ TT&TT;", "04", 1, "bo_tttt", "", "Bộ TT&TT", NULL},
    {"Cục PTTH&TTĐT - Bộ TTTT cấp thẻ", "22", 2, "cuc_ptth_ttdt", "", "Cục PTTH&TTĐT", NULL},
    {"gửi Bộ TTTT cấp thẻ", "22", 1, "bo_tttt", "", "Bộ TTTT", NULL},
    /* People's Committee and Council, both tone placements, NFC and NFD */
    {"Ủy ban nhân dân tỉnh ban hành", "42", 1, "ubnd_tinh", "42", "Ủy ban nhân dân tỉnh",
     "Ủy ban nhân dân tỉnh Hà Tĩnh"},
    {"Uỷ ban nhân dân tỉnh ban hành", "42", 1, "ubnd_tinh", "42", "Ủy ban nhân dân tỉnh", NULL},
    {"U\xcc\x89y ban nha\xcc\x82n da\xcc\x82n ti\xcc\x89nh", "42", 1, "ubnd_tinh", "42",
     "Ủy ban nhân dân tỉnh", NULL},
    {"trình UBND tỉnh xem xét", "42", 1, "ubnd_tinh", "42", "UBND tỉnh", NULL},
    {"Hội đồng nhân dân tỉnh quy định", "42", 1, "hdnd_tinh", "42", "Hội đồng nhân dân tỉnh", NULL},
    {"của HĐND tỉnh:", "42", 1, "hdnd_tinh", "42", "HĐND tỉnh", NULL},
    {"- HDND, UBND tỉnh;", "22", 2, "hdnd_tinh", "22", "HDND", NULL},
    /* Party */
    {"Thường trực Tỉnh ủy đã đồng ý", "42", 1, "thuong_truc_tinh_uy", "42", "Thường trực Tỉnh ủy",
     NULL},
    {"các văn bản của Tỉnh ủy, Ủy ban nhân dân tỉnh", "84", 2, "tinh_uy", "84", "Tỉnh ủy",
     "Tỉnh ủy Trà Vinh"},
    {"- Ban Tuyên giáo TU;", "04", 1, "ban_tuyen_giao_tu", "04", "Ban Tuyên giáo TU", NULL},
    {"với Ban Tuyên giáo Tỉnh ủy thường xuyên", "04", 1, "ban_tuyen_giao_tu", "04",
     "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Cao Bằng"},
    {"của Ban Chấp hành Đảng bộ tỉnh về", "42", 1, "tinh_uy", "42", "Ban Chấp hành Đảng bộ tỉnh",
     NULL},
    {"của Bộ Chính trị về", NULL, 1, "bo_chinh_tri", "", "Bộ Chính trị", NULL},
    /* central bodies: the longest name wins */
    {"Nghị định 49/2017/NĐ-CP của Thủ tướng Chính phủ.", NULL, 1, "thu_tuong", "",
     "Thủ tướng Chính phủ", NULL},
    {"theo Đề án 30 của Chính phủ.", NULL, 1, "chinh_phu", "", "Chính phủ", NULL},
    {"phát triển Chính phủ điện tử quý 1/2019", "84", 0, NULL, NULL, NULL, NULL},
    {"Hệ thống kết nối với Văn phòng Chính phủ,", NULL, 1, "vp_chinh_phu", "",
     "Văn phòng Chính phủ", NULL},
    {"Nghị quyết của Quốc hội", NULL, 1, "quoc_hoi", "", "Quốc hội", NULL},
    {"Nghị quyết của Ủy ban Thường vụ Quốc hội", NULL, 1, "ubtv_quoc_hoi", "",
     "Ủy ban Thường vụ Quốc hội", NULL},
    /* ministries */
    {"Bộ Tài chính", NULL, 1, "bo_tai_chinh", "", "Bộ Tài chính", NULL},
    {"Bộ Nội vụ", NULL, 1, "bo_noi_vu", "", "Bộ Nội vụ", NULL},
    {"Bộ Công an", NULL, 1, "bo_cong_an", "", "Bộ Công an", NULL},
    {"Bộ Quốc phòng", NULL, 1, "bo_quoc_phong", "", "Bộ Quốc phòng", NULL},
    {"Bộ Y tế", NULL, 1, "bo_y_te", "", "Bộ Y tế", NULL},
    {"Bộ Giáo dục và Đào tạo", NULL, 1, "bo_gddt", "", "Bộ Giáo dục và Đào tạo", NULL},
    {"Bộ Kế hoạch và Đầu tư", NULL, 1, "bo_khdt", "", "Bộ Kế hoạch và Đầu tư", NULL},
    {"Bộ KH&ĐT", NULL, 1, "bo_khdt", "", "Bộ KH&ĐT", NULL},
    /* provincial departments */
    {"Sở Tài chính", "42", 1, "so_tai_chinh", "42", "Sở Tài chính", NULL},
    {"Sở Nội vụ", "42", 1, "so_noi_vu", "42", "Sở Nội vụ", NULL},
    {"gửi Sở Tư pháp thẩm định", "04", 1, "so_tu_phap", "04", "Sở Tư pháp", NULL},
    {"Sở Giáo dục và Đào tạo", "42", 1, "so_gddt", "42", "Sở Giáo dục và Đào tạo", NULL},
    {"Sở GD&ĐT", "42", 1, "so_gddt", "42", "Sở GD&ĐT", NULL},
    {"Sở GDĐT", "42", 1, "so_gddt", "42", "Sở GDĐT", NULL},
    {"Sở Văn hóa, Thể thao và Du lịch", "42", 1, "so_vhttdl", "42",
     "Sở Văn hóa, Thể thao và Du lịch", NULL},
    {"Sở Văn hoá - Thể thao và Du lịch", "42", 1, "so_vhttdl", "42",
     "Sở Văn hóa - Thể thao và Du lịch", NULL},
    {"Sở Thông tin và Truyền thông", "42", 1, "so_tttt", "42", "Sở Thông tin và Truyền thông",
     NULL},
    {"STTTT đề nghị", "42", 1, "so_tttt", "42", "STTTT", NULL},
    {"nên Sở TT&TT đã có công văn", "04", 1, "so_tttt", "04", "Sở TT&TT", NULL},
    {"thuộc Sở Y tế kiểm tra", "22", 1, "so_y_te", "22", "Sở Y tế", NULL},
    {"Sở Công Thương", "42", 1, "so_cong_thuong", "42", "Sở Công Thương", NULL},
    {"Sở Xây dựng", "42", 1, "so_xay_dung", "42", "Sở Xây dựng", NULL},
    {"Sở Giao thông vận tải", "42", 1, "so_gtvt", "42", "Sở Giao thông vận tải", NULL},
    {"Sở Tài nguyên và Môi trường", "42", 1, "so_tnmt", "42", "Sở Tài nguyên và Môi trường", NULL},
    {"Sở Nông nghiệp và Phát triển nông thôn", "42", 1, "so_nnptnt", "42",
     "Sở Nông nghiệp và Phát triển nông thôn", NULL},
    {"Sở Lao động – Thương binh và Xã hội", "42", 1, "so_ldtbxh", "42",
     "Sở Lao động – Thương binh và Xã hội", NULL},
    {"Sở Khoa học và Công nghệ", "42", 1, "so_khcn", "42", "Sở Khoa học và Công nghệ", NULL},
    /* centres and other bodies */
    {"Trung tâm CNTT&TT được kiện toàn", "42", 1, "tt_cntt_tt", "42", "Trung tâm CNTT&TT", NULL},
    {"của Sở tại Trung tâm HCC;", "42", 1, "tt_hcc", "42", "Trung tâm HCC", NULL},
    {"Trung tâm Hành chính công", "42", 1, "tt_hcc", "42", "Trung tâm Hành chính công", NULL},
    {"từ Văn phòng UBND tỉnh đến", "42", 1, "vp_ubnd_tinh", "42", "Văn phòng UBND tỉnh", NULL},
    {"- Công an tỉnh;", "22", 1, "cong_an_tinh", "22", "Công an tỉnh", NULL},
    {"- Cục Thống kê;", "22", 1, "cuc_thong_ke", "22", "Cục Thống kê", NULL},
    {"của BCĐ CNTT tỉnh.", "42", 1, "bcd_cntt", "42", "BCĐ CNTT tỉnh", NULL},
    {"Ban Chỉ đạo CNTT", "42", 1, "bcd_cntt", "42", "Ban Chỉ đạo CNTT", NULL},
    {"thông báo cho Bưu điện tỉnh nắm biết", "22", 1, "buu_dien_tinh", "22", "Bưu điện tỉnh", NULL},
    {"phối hợp Bru điện tỉnh tổ chức", "84", 1, "buu_dien_tinh", "84", "Bru điện tỉnh", NULL},
    {"Đài Phát thanh và Truyền hình tỉnh", "42", 1, "dai_ptth_tinh", "42",
     "Đài Phát thanh và Truyền hình tỉnh", NULL},
    {"trên Báo QN, Đài PT-TH tỉnh và", "22", 1, "dai_ptth_tinh", "22", "Đài PT-TH tỉnh", NULL},
    {"với Ban Tuyên giáo, Hội Nhà báo duy trì", "04", 2, "ban_tuyen_giao_tu", "04",
     "Ban Tuyên giáo", NULL},
    /* common nouns that are not agencies */
    {"điểm Bưu điện văn hóa xã; tổ chức thanh tra; bảo hiểm xã hội", "42", 0, NULL, NULL, NULL,
     NULL},
    /* the province named after the agency wins over the document's */
    {"Sở Thông tin và Truyền thông tỉnh Cao Bằng", "42", 1, "so_tttt", "04",
     "Sở Thông tin và Truyền thông tỉnh Cao Bằng", "Sở Thông tin và Truyền thông tỉnh Cao Bằng"},
    {"Sở Thông tin và Truyền thông Cao Bằng lập Báo cáo", "04", 1, "so_tttt", "04",
     "Sở Thông tin và Truyền thông Cao Bằng", NULL},
    {"gửi UBND tỉnh Quảng Ninh.", "42", 1, "ubnd_tinh", "22", "UBND tỉnh Quảng Ninh",
     "Ủy ban nhân dân tỉnh Quảng Ninh"},
    {"\tUBND TỈNH HÀ TĨNH\n\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG", NULL, 2, "ubnd_tinh", "42",
     "UBND TỈNH HÀ TĨNH", NULL},
    {"UBND thành phố Hà Nội", "42", 1, "ubnd_tinh", "01", "UBND thành phố Hà Nội",
     "Ủy ban nhân dân thành phố Hà Nội"},
    {"Tham mưu cho Tỉnh ủy Quảng Ninh (QN) ban hành", NULL, 1, "tinh_uy", "22",
     "Tỉnh ủy Quảng Ninh", "Tỉnh ủy Quảng Ninh"},
    {"Hội Nhà báo tỉnh tổ chức", "22", 1, "hoi_nha_bao_tinh", "22", "Hội Nhà báo tỉnh", NULL},
    {"giữa tỉnh với Ủy ban nhân dân các tỉnh, thành phố", "84", 1, "ubnd_tinh", "",
     "Ủy ban nhân dân", "Ủy ban nhân dân"},
    {"UBND các huyện, thành phố, thị xã", "42", 1, "ubnd_huyen", "42", "UBND các huyện", NULL},
    /* a province name on the next line belongs to something else */
    {"SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nHà Tĩnh, ngày 23", "42", 1, "so_tttt", "42",
     "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", NULL},
    /* codes inside document symbols are not mentions */
    {"Quyết định 739/QĐ-UBND của", "42", 0, NULL, NULL, NULL, NULL},
    {"Số: 23 /BC-STTTT", "42", 0, NULL, NULL, NULL, NULL},
    {"Văn bản số 1267/UBND-VX1 ngày 11/3/2024", "42", 0, NULL, NULL, NULL, NULL},
    /* abbreviations must be written as abbreviations; diacritics must agree */
    {"Ban Tuyên giáo từ năm 2015", "04", 1, "ban_tuyen_giao_tu", "04", "Ban Tuyên giáo", NULL},
    {"số y tế, số nội vụ", "42", 0, NULL, NULL, NULL, NULL},
    {"ubnd tinh", "42", 0, NULL, NULL, NULL, NULL},
    /* lists after a head word */
    {" - Các Sở: KHĐT, GDĐT, NV;", "22", 3, "so_khdt", "22", "KHĐT", NULL},
    {"", "42", 0, NULL, NULL, NULL, NULL},
};

typedef struct collected {
    tc_agency_mention m[16]; /* the first mentions */
    int n;                   /* how many were reported */
    int limit;               /* stop after this many (0 = never) */
} collected;

static int collect(void *ctx, const tc_agency_mention *m)
{
    collected *c = ctx;
    if (c->n < 16)
        c->m[c->n] = *m;
    c->n++;
    return c->limit && c->n >= c->limit;
}

/* User queries for tc_agencies_lookup. */
static const struct {
    const char *q;   /* what the user typed */
    const char *key; /* expected key, NULL = TC_ENOTFOUND */
} lookups[] = {
    {"Sở KH&ĐT", "so_khdt"},
    {"\"Sở KH&ĐT\"", "so_khdt"},
    {"so kh&dt", "so_khdt"},
    {"Sở KHĐT", "so_khdt"},
    {"sở kế hoạch và đầu tư", "so_khdt"},
    {"Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh", "so_khdt"},
    {"so_khdt", "so_khdt"},
    {"Bộ TT&TT", "bo_tttt"},
    {"bo tttt", "bo_tttt"},
    {"ubnd tinh", "ubnd_tinh"},
    {"Ủy ban nhân dân tỉnh Quảng Ninh", "ubnd_tinh"},
    {"HĐND tỉnh", "hdnd_tinh"},
    {"Thủ tướng Chính phủ", "thu_tuong"},
    {"Trung tâm HCC", "tt_hcc"},
    {"Sở KH&ĐT và", NULL},
    {"Atlantis", NULL},
    {"", NULL},
};

/* ---- gold ----------------------------------------------------------------- */

/* The document's province of each seed. */
static const struct {
    const char *file; /* name in corpus/ */
    const char *code; /* province */
} seeds[] = {
    {"000_90010ce738600653.txt", "42"}, {"001_36b9b0631c388b4f.txt", "42"},
    {"002_047a4ae5ab10d50a.txt", "84"}, {"003_4722339fd0f083dc.txt", "04"},
    {"004_b1b8f2e8913d4e11.txt", "22"},
};

typedef struct gold_row {
    char text[160]; /* folded text */
    char key[48];   /* key */
    char prov[4];   /* province code */
    int used;       /* matched already */
} gold_row;

typedef struct found {
    tc_text *t;           /* for folding */
    const char *data;     /* the file */
    size_t lim1;          /* end of line 60 */
    size_t nr_start;      /* start of the "Nơi nhận" list (or -1) */
    size_t nr_end;        /* its end */
    tc_agency_mention *m; /* mentions inside the regions */
    size_t n, cap;        /* count, allocated */
} found;

static int in_region(const found *f, size_t off)
{
    return off < f->lim1 || (off >= f->nr_start && off < f->nr_end);
}

static int keep(void *ctx, const tc_agency_mention *m)
{
    found *f = ctx;
    if (!in_region(f, m->start))
        return 0;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->m = realloc(f->m, f->cap * sizeof *f->m);
        if (!f->m)
            abort();
    }
    f->m[f->n++] = *m;
    return 0;
}

/* Folds s into dst with runs of spaces collapsed. */
static void fold_into(tc_text *t, const char *s, char *dst, size_t cap)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_text_fold(t, s, strlen(s), &b);
    const char *p = tc_buf_cstr(&b);
    size_t k = 0;
    int sp = 0;
    for (; *p && k + 2 < cap; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
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

/* Sets the annotated regions: lines 1-60 and the recipients list. */
static void regions(found *f, size_t len)
{
    const char *d = f->data;
    size_t line = 1, i;
    f->lim1 = len;
    for (i = 0; i < len; i++)
        if (d[i] == '\n' && ++line == 61) {
            f->lim1 = i + 1;
            break;
        }
    f->nr_start = f->nr_end = (size_t)-1;
    const char *nr = strstr(d, "Nơi nhận");
    if (!nr)
        return;
    size_t p = (size_t)(nr - d);
    while (p > 0 && d[p - 1] != '\n')
        p--;
    f->nr_start = p;
    /* The list: the heading line, then blank lines and lines starting with '-'. */
    const char *nl = memchr(d + p, '\n', len - p);
    size_t q = nl ? (size_t)(nl - d) + 1 : len;
    while (q < len) {
        size_t s = q;
        while (s < len && (d[s] == ' ' || d[s] == '\t'))
            s++;
        if (s < len && d[s] != '\n' && d[s] != '-')
            break;
        nl = memchr(d + q, '\n', len - q);
        q = nl ? (size_t)(nl - d) + 1 : len;
    }
    f->nr_end = q;
}

static void gold_eval(tc_text *t, tc_agencies *a)
{
    size_t glen;
    char *gold = check_slurp("tests/gold/agencies-seeds.tsv", &glen);
    CHECK(gold != NULL, "cannot read tests/gold/agencies-seeds.tsv");
    if (!gold)
        return;
    int tp = 0, fp = 0, fn = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        /* This file's gold rows. */
        gold_row *rows = calloc(256, sizeof *rows);
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
            if (!f[3] || strcmp(f[0], seeds[s].file) != 0 || nrows >= 256)
                continue;
            fold_into(t, f[1], rows[nrows].text, sizeof rows[nrows].text);
            snprintf(rows[nrows].key, sizeof rows[nrows].key, "%s", f[2]);
            snprintf(rows[nrows].prov, sizeof rows[nrows].prov, "%s", f[3]);
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
        found f = {t, data, 0, 0, 0, NULL, 0, 0};
        regions(&f, len);
        CHECK_INT(path, TC_OK, tc_agencies_extract(a, data, len, seeds[s].code, keep, &f));
        size_t next = 0;
        for (size_t i = 0; i < f.n; i++) {
            char ft[160];
            fold_into(t, f.m[i].text, ft, sizeof ft);
            /* Search forward from the last match first, so that the rows
             * stay aligned with the text and misses are reported where
             * they are; then anywhere. */
            size_t r = nrows;
            for (size_t pass = 0; pass < 2 && r == nrows; pass++)
                for (r = pass ? 0 : next; r < nrows; r++)
                    if (!rows[r].used && strcmp(rows[r].key, f.m[i].key) == 0 &&
                        strcmp(rows[r].prov, f.m[i].province_code) == 0 &&
                        strcmp(rows[r].text, ft) == 0)
                        break;
            if (r < nrows) {
                rows[r].used = 1;
                next = r + 1;
                tp++;
            } else {
                fp++;
                printf("  agencies false hit %s: \"%s\" %s %s\n", seeds[s].file, f.m[i].text,
                       f.m[i].key, f.m[i].province_code);
            }
        }
        for (size_t r = 0; r < nrows; r++)
            if (!rows[r].used) {
                fn++;
                printf("  agencies miss %s: \"%s\" %s %s\n", seeds[s].file, rows[r].text,
                       rows[r].key, rows[r].prov);
            }
        free(f.m);
        free(data);
        free(rows);
    }
    free(gold);
    gold_score("agencies seeds", (size_t)tp, (size_t)fp, (size_t)fn, 0.90);
}

int main(void)
{
    tc_text *t = NULL;
    tc_gazetteer *g = NULL;
    tc_agencies *a = NULL;
    CHECK_INT("tc_text_open", TC_OK, tc_text_open(&t));
    CHECK_INT("tc_gazetteer_open", TC_OK, tc_gazetteer_open(t, &g));
    CHECK_INT("tc_agencies_open", TC_OK, tc_agencies_open(t, g, &a));
    if (!a)
        return check_report("agency");

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c;
        memset(&c, 0, sizeof c);
        const char *s = cases[i].text;
        tc_rc rc = tc_agencies_extract(a, s, strlen(s), cases[i].doc, collect, &c);
        CHECK_INT(s, TC_OK, rc);
        CHECK_INT(s, cases[i].count, c.n);
        if (cases[i].count == 0 || c.n == 0)
            continue;
        CHECK_STR(s, cases[i].key, c.m[0].key);
        CHECK_STR(s, cases[i].province, c.m[0].province_code);
        CHECK_STR(s, cases[i].written, c.m[0].text);
        if (cases[i].name)
            CHECK_STR(s, cases[i].name, c.m[0].name);
        /* Offsets point at the written span in the original bytes. */
        CHECK(c.m[0].start < c.m[0].end && c.m[0].end <= strlen(s), "%s: span %zu-%zu", s,
              c.m[0].start, c.m[0].end);
    }

    /* The list gives one mention per item, each spanning its item. */
    {
        const char *s = " - Các Sở: KHĐT, GDĐT, NV;";
        collected c;
        memset(&c, 0, sizeof c);
        tc_agencies_extract(a, s, strlen(s), "22", collect, &c);
        CHECK_INT("list count", 3, c.n);
        CHECK_STR("list 2", "so_gddt", c.m[1].key);
        CHECK_STR("list 3", "so_noi_vu", c.m[2].key);
        CHECK_STR("list 3 text", "NV", c.m[2].text);
        CHECK_INT("list 3 start", strlen(" - Các Sở: KHĐT, GDĐT, "), c.m[2].start);
        CHECK_STR("list name", "Sở Nội vụ tỉnh Quảng Ninh", c.m[2].name);
    }
    /* NFD input: offsets are in the original bytes. */
    {
        const char *s = "theo UBND ti\xcc\x89nh Qua\xcc\x89ng Ninh.";
        collected c;
        memset(&c, 0, sizeof c);
        tc_agencies_extract(a, s, strlen(s), NULL, collect, &c);
        CHECK_INT("nfd count", 1, c.n);
        CHECK_INT("nfd start", 5, c.m[0].start);
        CHECK_INT("nfd end", strlen(s) - 1, c.m[0].end);
        CHECK_STR("nfd province", "22", c.m[0].province_code);
        CHECK_STR("nfd text", "UBND tỉnh Quảng Ninh", c.m[0].text);
        CHECK_STR("nfd level", "province", c.m[0].level);
    }
    /* The callback can stop the scan. */
    {
        const char *s = "Sở Tư pháp, Sở Nội vụ, Sở Y tế";
        collected c;
        memset(&c, 0, sizeof c);
        c.limit = 1;
        CHECK_INT("stop rc", TC_OK, tc_agencies_extract(a, s, strlen(s), "42", collect, &c));
        CHECK_INT("stop count", 1, c.n);
    }
    /* Levels and names by key. */
    {
        const char *level = NULL;
        CHECK_STR("name so_khdt", "Sở Kế hoạch và Đầu tư", tc_agencies_name(a, "so_khdt", &level));
        CHECK_STR("level so_khdt", "province", level);
        CHECK_STR("name bo_tttt", "Bộ Thông tin và Truyền thông",
                  tc_agencies_name(a, "bo_tttt", &level));
        CHECK_STR("level bo_tttt", "central", level);
        CHECK(tc_agencies_name(a, "nope", NULL) == NULL, "unknown key has a name");
    }

    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        const char *q = lookups[i].q;
        tc_rc rc = tc_agencies_lookup(a, q, strlen(q), &b);
        if (lookups[i].key) {
            CHECK_INT(q, TC_OK, rc);
            CHECK_STR(q, lookups[i].key, tc_buf_cstr(&b));
        } else {
            CHECK_INT(q, TC_ENOTFOUND, rc);
            CHECK_INT(q, 0, b.len);
        }
        tc_buf_free(&b);
    }

    /* Invalid arguments. */
    {
        tc_agencies *x = (tc_agencies *)1;
        CHECK_INT("open null text", TC_EINVAL, tc_agencies_open(NULL, g, &x));
        CHECK(x == NULL, "out not cleared on failure");
        CHECK_INT("open null out", TC_EINVAL, tc_agencies_open(t, g, NULL));
        CHECK_INT("extract null cb", TC_EINVAL, tc_agencies_extract(a, "x", 1, NULL, NULL, NULL));
        tc_buf b;
        tc_buf_init(&b, 0);
        CHECK_INT("lookup null", TC_EINVAL, tc_agencies_lookup(a, NULL, 0, &b));
        tc_buf_free(&b);
        tc_agencies_close(NULL);
    }

    gold_eval(t, a);

    tc_agencies_close(a);
    tc_gazetteer_close(g);
    tc_text_close(t);
    return check_report("agency");
}
