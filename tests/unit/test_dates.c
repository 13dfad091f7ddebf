/*
 * test_dates.c: dates and periods (analyzers/dates.h).
 *
 * 1. every written form: sentence -> iso, precision, period, bounds, span;
 * 2. text that holds no date (impossible dates, symbols, bare numbers);
 * 3. the hand-annotated gold (tests/gold/dates-seeds.tsv): precision and
 *    recall over the annotated regions, misses listed, failure below 0.90.
 * Run from the repository root.
 */
#include "../../analyzers/dates.h"
#include "check.h"
#include "gold.h"

#include <stdint.h>

typedef struct found {
    tc_date *items; /* dates in text order */
    size_t count;   /* how many */
    size_t cap;     /* allocated */
} found;

static int collect(void *ctx, const tc_date *d)
{
    found *f = ctx;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        tc_date *p = realloc(f->items, cap * sizeof *p);
        if (!p)
            return 1;
        f->items = p;
        f->cap = cap;
    }
    f->items[f->count++] = *d;
    return 0;
}

static tc_rc extract_all(tc_dater *d, const char *text, found *f)
{
    f->count = 0;
    return tc_dater_extract(d, text, strlen(text), collect, f);
}

/* ---- 1. written forms ------------------------------------------------------------- */

typedef struct form_case {
    const char *input;  /* a sentence */
    const char *span;   /* bytes of input the date must span (first occurrence) */
    const char *iso;    /* expected iso */
    int precision;      /* expected precision */
    const char *period; /* expected period */
    const char *start;  /* expected start bound */
    const char *end;    /* expected end bound */
} form_case;

/* "tháng" and "năm" decomposed (NFD). */
#define NFD_THANG "tha\xcc\x81ng"
#define NFD_NAM "na\xcc\x86m"

static const form_case forms[] = {
    {"Hà Tĩnh, ngày 23 tháng 3 năm 2018", "ngày 23 tháng 3 năm 2018", "2018-03-23", 3, "",
     "2018-03-23", "2018-03-23"},
    {"Hà Tĩnh, ngày  23  tháng 3 năm 2018", "ngày  23  tháng 3 năm 2018", "2018-03-23", 3, "",
     "2018-03-23", "2018-03-23"},
    {"Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng", "ngày 19/10/2016", "2016-10-19",
     3, "", "2016-10-19", "2016-10-19"},
    {"công văn số 555/SKHĐT-TH ngày 15/3/2018 của Sở", "ngày 15/3/2018", "2018-03-15", 3, "",
     "2018-03-15", "2018-03-15"},
    {"Ước thực hiện đến 31/3/2018", "31/3/2018", "2018-03-31", 3, "", "2018-03-31", "2018-03-31"},
    {"Ngày 11/7/2024, Sở Kế hoạch và Đầu tư có Văn bản", "Ngày 11/7/2024", "2024-07-11", 3, "",
     "2024-07-11", "2024-07-11"},
    {"phấn đấu khai trương trong tháng 3/2018.", "tháng 3/2018", "2018-03", 2, "", "2018-03-01",
     "2018-03-31"},
    {"Đến tháng 6/2015, Sở đã tiến hành", "tháng 6/2015", "2015-06", 2, "", "2015-06-01",
     "2015-06-30"},
    {"tính đến tháng 5 năm 2015:", "tháng 5 năm 2015", "2015-05", 2, "", "2015-05-01",
     "2015-05-31"},
    {"tháng 2/2024 có 29 ngày", "tháng 2/2024", "2024-02", 2, "", "2024-02-01", "2024-02-29"},
    {"Hà Tĩnh, ngày  tháng 7 năm 2024", "ngày  tháng 7 năm 2024", "2024-07", 2, "", "2024-07-01",
     "2024-07-31"},
    {"kế hoạch phát triển KTXH năm 2018, Sở", "năm 2018", "2018", 1, "", "2018-01-01",
     "2018-12-31"},
    {"tình hình KTXH quý I/2019, Sở", "quý I/2019", "2019", 1, "Q1", "2019-01-01", "2019-03-31"},
    {"Quý I/2019 đã qua", "Quý I/2019", "2019", 1, "Q1", "2019-01-01", "2019-03-31"},
    {"đầu tư phát triển quý I năm 2018; Trên", "quý I năm 2018", "2018", 1, "Q1", "2018-01-01",
     "2018-03-31"},
    {"báo cáo số liệu quý 1/2019.", "quý 1/2019", "2019", 1, "Q1", "2019-01-01", "2019-03-31"},
    {"NHIỆM VỤ QUÍ II/2019", "QUÍ II/2019", "2019", 1, "Q2", "2019-04-01", "2019-06-30"},
    {"TRỌNG TÂM TRONG QUÝ IV/2018", "QUÝ IV/2018", "2018", 1, "Q4", "2018-10-01", "2018-12-31"},
    {"Đánh giá công tác 6 tháng đầu năm 2015", "6 tháng đầu năm 2015", "2015", 1, "H1",
     "2015-01-01", "2015-06-30"},
    {"nhiệm vụ trọng tâm 6 tháng cuối năm 2015", "6 tháng cuối năm 2015", "2015", 1, "H2",
     "2015-07-01", "2015-12-31"},
    {"Hoạt động 9 tháng đầu năm 2015 và", "9 tháng đầu năm 2015", "2015", 1, "9M", "2015-01-01",
     "2015-09-30"},
    {"nhiệm vụ trọng tâm 3 tháng cuối năm 2015", "3 tháng cuối năm 2015", "2015", 1, "Q4",
     "2015-10-01", "2015-12-31"},
    {"thực hiện nhiệm vụ 3 tháng đầu năm 2018 của Ngành", "3 tháng đầu năm 2018", "2018", 1, "Q1",
     "2018-01-01", "2018-03-31"},
    {"Báo cáo sơ kết 6 tháng đầu năm và phương hướng 6 tháng cuối năm 2015", "6 tháng đầu năm",
     "2015", 1, "H1", "2015-01-01", "2015-06-30"},
    {"Trong 6 tháng cuối năm, Sở đã đôn đốc.", "6 tháng cuối năm", "", 0, "H2", "", ""},
    {"Quy hoạch giai đoạn 2015-2020, định hướng", "giai đoạn 2015-2020", "2015", 1, "RANGE",
     "2015-01-01", "2020-12-31"},
    {"chuyển đổi số giai đoạn 2021 - 2025, định hướng", "giai đoạn 2021 - 2025", "2021", 1, "RANGE",
     "2021-01-01", "2025-12-31"},
    {"xã nông thôn mới giai đoạn 2016 – 2020.", "giai đoạn 2016 – 2020", "2016", 1, "RANGE",
     "2016-01-01", "2020-12-31"},
    {"Hà Tĩnh năm 2017 - 2018”.", "năm 2017 - 2018", "2017", 1, "RANGE", "2017-01-01",
     "2018-12-31"},
    {"Doanh thu cả năm 2018 đạt", "cả năm 2018", "2018", 1, "Y", "2018-01-01", "2018-12-31"},
    {"Tổ chức họp sơ kết hoạt động quý I và triển khai 9 tháng cuối năm 2018.", "quý I", "2018", 1,
     "Q1", "2018-01-01", "2018-03-31"},
    {"Tổ chức họp sơ kết hoạt động quý I và triển khai 9 tháng cuối năm 2018.",
     "9 tháng cuối năm 2018", "2018", 1, "RANGE", "2018-04-01", "2018-12-31"},
    {"Hội nghị giao ban (Quý 3,4/2015).", "Quý 3,4/2015", "2015", 1, "Q3", "2015-07-01",
     "2015-09-30"},
    {"Ngày 29/2/2016 là ngày nhuận", "Ngày 29/2/2016", "2016-02-29", 3, "", "2016-02-29",
     "2016-02-29"},
    {"Hà Tĩnh, " NFD_THANG " 7 " NFD_NAM " 2024", NFD_THANG " 7 " NFD_NAM " 2024", "2024-07", 2, "",
     "2024-07-01", "2024-07-31"},
};

static const tc_date *find_span(const found *f, const char *input, const char *span)
{
    const char *p = strstr(input, span);
    if (!p)
        return NULL;
    size_t s = (size_t)(p - input), e = s + strlen(span);
    for (size_t k = 0; k < f->count; k++)
        if (f->items[k].start_off == s && f->items[k].end_off == e)
            return &f->items[k];
    return NULL;
}

static void test_forms(tc_dater *d)
{
    found f = {0};
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        const form_case *c = &forms[k];
        CHECK_INT(c->input, TC_OK, extract_all(d, c->input, &f));
        const tc_date *x = find_span(&f, c->input, c->span);
        CHECK(x != NULL, "%s: no date spanning \"%s\" (%zu found%s%s)", c->input, c->span, f.count,
              f.count ? ", first: " : "", f.count ? f.items[0].text : "");
        if (!x)
            continue;
        CHECK_STR(c->input, c->iso, x->iso);
        CHECK_INT(c->input, c->precision, x->precision);
        CHECK_STR(c->input, c->period, x->period);
        CHECK_STR(c->input, c->start, x->start);
        CHECK_STR(c->input, c->end, x->end);
    }
    /* "Quý 3,4/2015" gives both quarters */
    extract_all(d, "(Quý 3,4/2015)", &f);
    CHECK_INT("two quarters", 2, f.count);
    if (f.count == 2)
        CHECK_STR("second quarter", "Q4", f.items[1].period);
    free(f.items);
}

/* ---- 2. no dates ------------------------------------------------------------------------ */

static const char *const none[] = {
    "ngày 32/13/2018 không có thật",
    "ngày 29/2/2019 không có thật",
    "Quyết định số 45/2016/QĐ-TTg và Nghị định 49/2017/NĐ-CP",
    "theo văn bản 12/3/2016/QĐ-UBND",
    "Tiếp nhận 38 hồ sơ; 146/199 xã; 13/13 tiêu chí",
    "Lễ 30/4, 01/5 và Quốc khánh 2/9",
    "Hội báo Xuân 2018; tầm nhìn đến 2030",
    "Nghị định 71/1998 và Thông tư 25",
    "tháng 13/2018 và tháng 3",
    "quý báu; quý V/2019",
    "số tiền 2.000.000đ, 1.501 dịch vụ",
};

static void test_none(tc_dater *d)
{
    found f = {0};
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
        CHECK_INT(none[k], TC_OK, extract_all(d, none[k], &f));
        CHECK(f.count == 0, "%s: %zu dates, first \"%s\"", none[k], f.count,
              f.count ? f.items[0].text : "");
    }
    free(f.items);
    CHECK(tc_date_valid(2016, 2, 29) && !tc_date_valid(2019, 2, 29) &&
              !tc_date_valid(2000, 4, 31) && tc_date_valid(2000, 2, 29) &&
              !tc_date_valid(1900, 2, 29),
          "tc_date_valid");
}

/* ---- 3. gold ------------------------------------------------------------------------------ */

typedef struct gold {
    char file[64];  /* corpus file name */
    char text[96];  /* as written */
    char iso[11];   /* expected iso */
    int precision;  /* expected precision */
    char period[8]; /* expected period */
    int hit;        /* matched */
} gold;

static void test_gold(tc_dater *d)
{
    size_t len;
    char *tsv = check_slurp("tests/gold/dates-seeds.tsv", &len);
    CHECK(tsv != NULL, "cannot read tests/gold/dates-seeds.tsv");
    if (!tsv)
        return;
    gold *gl = calloc(512, sizeof *gl);
    region rg[16];
    size_t ng = 0, nr = 0;
    for (char *line = strtok(tsv, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *cols[6];
        int n = split_tabs(line, cols, 6);
        if (strcmp(cols[0], "region") == 0 && n >= 4 && nr < 16) {
            snprintf(rg[nr].file, sizeof rg[nr].file, "%s", cols[1]);
            rg[nr].first = atoi(cols[2]);
            rg[nr].last = atoi(cols[3]);
            nr++;
        } else if (n >= 4 && ng < 512) {
            snprintf(gl[ng].file, sizeof gl[ng].file, "%s", cols[0]);
            snprintf(gl[ng].text, sizeof gl[ng].text, "%s", cols[1]);
            snprintf(gl[ng].iso, sizeof gl[ng].iso, "%s", cols[2]);
            gl[ng].precision = atoi(cols[3]);
            snprintf(gl[ng].period, sizeof gl[ng].period, "%s", n >= 5 ? cols[4] : "");
            ng++;
        }
    }
    CHECK(ng >= 50, "only %zu gold dates", ng);
    size_t tp = 0, fp = 0;
    found f = {0};
    for (size_t r = 0; r < nr; r++) {
        char path[1200];
        snprintf(path, sizeof path, "corpus/%s", rg[r].file);
        size_t n;
        char *text = check_slurp(path, &n);
        CHECK(text != NULL, "cannot read %s", path);
        if (!text)
            continue;
        f.count = 0;
        CHECK_INT(path, TC_OK, tc_dater_extract(d, text, n, collect, &f));
        for (size_t k = 0; k < f.count; k++) {
            const tc_date *x = &f.items[k];
            int ln = line_of(text, x->start_off);
            if (ln < rg[r].first || ln > rg[r].last)
                continue;
            size_t m = 0;
            for (; m < ng; m++)
                if (!gl[m].hit && strcmp(gl[m].file, rg[r].file) == 0 &&
                    strcmp(gl[m].iso, x->iso) == 0 && gl[m].precision == x->precision &&
                    strcmp(gl[m].period, x->period) == 0)
                    break;
            if (m < ng) {
                gl[m].hit = 1;
                tp++;
            } else {
                fp++;
                printf("  dates extra: %s:%d \"%s\" = %s %d %s\n", rg[r].file, ln, x->text, x->iso,
                       x->precision, x->period);
            }
        }
        free(text);
    }
    size_t fn = 0;
    for (size_t m = 0; m < ng; m++)
        if (!gl[m].hit) {
            fn++;
            printf("  dates miss: %s \"%s\" = %s %d %s\n", gl[m].file, gl[m].text, gl[m].iso,
                   gl[m].precision, gl[m].period);
        }
    gold_score("dates seeds", tp, fp, fn, 0.90);
    free(f.items);
    free(gl);
    free(tsv);
}

static int stop_first(void *ctx, const tc_date *d)
{
    (*(int *)ctx)++;
    return 1;
}

int main(void)
{
    tc_text *t = NULL;
    tc_dater *d = NULL;
    CHECK_INT("open text", TC_OK, tc_text_open(&t));
    CHECK_INT("open dater", TC_OK, tc_dater_open(t, &d));
    if (!d)
        return check_report("dates");
    test_forms(d);
    test_none(d);
    test_gold(d);
    int calls = 0;
    const char *s = "năm 2018, năm 2019 và năm 2020";
    CHECK_INT("stop", TC_OK, tc_dater_extract(d, s, strlen(s), stop_first, &calls));
    CHECK_INT("stop after one", 1, calls);
    CHECK_INT("empty", TC_OK, tc_dater_extract(d, "", 0, stop_first, &calls));
    CHECK_INT("null text", TC_EINVAL, tc_dater_extract(d, NULL, 3, stop_first, &calls));
    tc_dater *bad = (tc_dater *)1;
    CHECK_INT("open without text", TC_EINVAL, tc_dater_open(NULL, &bad));
    CHECK(bad == NULL, "out not cleared");
    tc_dater_close(d);
    tc_text_close(t);
    return check_report("dates");
}
