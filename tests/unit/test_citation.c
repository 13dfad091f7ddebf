/*
 * test_citation.c: citation extraction (analyzers/citation.h).
 *
 * 1. every written form: sentence -> key, year, type, issuer, date, span;
 * 2. sentences that hold no citation;
 * 3. probable matches between partial and full keys;
 * 4. canonical keys of user-typed references;
 * 5. the hand-annotated gold files (tests/gold/citations-*.tsv): precision
 *    and recall per file, misses listed, failure below 0.95.
 * Run from the repository root.
 */
#include "../../analyzers/citation.h"
#include "check.h"
#include "gold.h"

#include <stdint.h>

/* ---- collecting citations --------------------------------------------------- */

typedef struct found {
    tc_citation *items; /* citations in text order */
    size_t count;       /* how many */
    size_t cap;         /* allocated */
} found;

static int collect(void *ctx, const tc_citation *c)
{
    found *f = ctx;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        tc_citation *p = realloc(f->items, cap * sizeof *p);
        if (!p)
            return 1;
        f->items = p;
        f->cap = cap;
    }
    f->items[f->count++] = *c;
    return 0;
}

static tc_rc extract_all(tc_citer *c, const char *text, size_t len, found *f)
{
    f->count = 0;
    return tc_citer_extract(c, text, len, collect, f);
}

/* ---- 1. written forms ----------------------------------------------------------- */

typedef struct form_case {
    const char *input;       /* a sentence */
    const char *span;        /* the bytes of input the first citation must span */
    const char *key;         /* expected canonical key */
    int year;                /* expected year in the symbol */
    const char *type;        /* expected type code */
    const char *issuer;      /* expected issuer code */
    const char *date;        /* expected ISO date, "" when none */
    const char *issuer_name; /* expected issuer name, NULL = not checked */
    int is_short;            /* expected is_short */
} form_case;

/* NFD spellings, to check that spans point into the original bytes. */
#define NFD_QUYET "Quye\xcc\x82\xcc\x81t" /* Quyết: e + circumflex + acute */
#define NFD_DINH "\xc4\x91i\xcc\xa3nh"    /* định: i + dot below */
#define NFD_SO "so\xcc\x82\xcc\x81"       /* số */

static const form_case forms[] = {
    /* normative, full sentence with date and issuer */
    {"Thực hiện Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ về việc "
     "tiếp nhận hồ sơ.",
     "Quyết định số 45/2016/QĐ-TTg", "45/2016/QĐ-TTg", 2016, "QĐ", "TTg", "2016-10-19",
     "Thủ tướng Chính phủ", 0},
    /* Party resolution of a provincial committee */
    {"Trên cơ sở Nghị quyết số 03-NQ/TU ngày 07/12/2017 của Ban Chấp hành Đảng bộ tỉnh, Nghị "
     "quyết khác",
     "Nghị quyết số 03-NQ/TU", "03-NQ/TU", 0, "NQ", "TU", "2017-12-07",
     "Ban Chấp hành Đảng bộ tỉnh", 0},
    /* date written out in words */
    {"Thực hiện Nghị quyết số 36-NQ/TW ngày 01 tháng 7 năm 2014 của Bộ Chính trị về đẩy mạnh",
     "Nghị quyết số 36-NQ/TW", "36-NQ/TW", 0, "NQ", "TW", "2014-07-01", "Bộ Chính trị", 0},
    /* Party form with a comma before the date */
    {"sửa đổi Quy định số\n232-QĐ/TW, ngày 20/01/2025 của Ban Chấp hành Trung ương Đảng về thi "
     "hành",
     "Quy định số\n232-QĐ/TW", "232-QĐ/TW", 0, "QĐ", "TW", "2025-01-20",
     "Ban Chấp hành Trung ương Đảng", 0},
    /* official letter: issuer and drafting unit */
    {"Văn bản số 1267/UBND-VX1 ngày 11/3/2024 của UBND tỉnh về việc tiếp tục sử dụng",
     "Văn bản số 1267/UBND-VX1", "1267/UBND-VX1", 0, "VB", "UBND", "2024-03-11", "UBND tỉnh", 0},
    {"trên địa bàn tỉnh (Văn bản số 44/STTTT-CNTT&BCVT ngày 10/01/2024); Văn bản đề nghị",
     "Văn bản số 44/STTTT-CNTT&BCVT", "44/STTTT-CNTT&BCVT", 0, "VB", "STTTT", "2024-01-10",
     "Sở Thông tin và Truyền thông", 0},
    {"Thực hiện công văn số 555/SKHĐT-TH ngày 15/3/2018 của Sở Kế hoạch và Đầu tư về việc báo cáo",
     "công văn số 555/SKHĐT-TH", "555/SKHĐT-TH", 0, "CV", "SKHĐT", "2018-03-15",
     "Sở Kế hoạch và Đầu tư", 0},
    /* consolidated text */
    {"căn cứ Văn bản hợp nhất số 01/VBHN-VPQH ngày 12 tháng 6 năm 2025 của Văn phòng Quốc hội;",
     "Văn bản hợp nhất số 01/VBHN-VPQH", "01/VBHN-VPQH", 0, "VBHN", "VPQH", "2025-06-12",
     "Văn phòng Quốc hội", 0},
    /* law: name between type word and "số", legislature number after a stray space */
    {"theo Luật Bình đẳng giới số 73/2006/QH 11 ngày 29 tháng 11 năm 2006 và",
     "Luật Bình đẳng giới số 73/2006/QH 11", "73/2006/QH11", 2006, "LUAT", "QH", "2006-11-29",
     "Quốc hội", 0},
    {"*Căn cứ* *Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*",
     "Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "72/2025/QH15", 2025, "LUAT", "QH", "",
     "Quốc hội", 0},
    {"Căn cứ Bộ luật Lao động số 45/2019/QH14;", "Bộ luật Lao động số 45/2019/QH14", "45/2019/QH14",
     2019, "BLUAT", "QH", "", NULL, 0},
    /* symbol split by Markdown emphasis */
    {"*Căn cứ* *Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa\nđổi, bổ sung một "
     "số điều theo Nghị quyết số* *203/2025/QH15;*",
     "Nghị quyết số* *203/2025/QH15", "203/2025/QH15", 2025, "NQ", "QH", "", NULL, 0},
    {"*Căn cứ Nghị quyết số* *76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025 của Ủy\nban Thường vụ "
     "Quốc hội về việc sắp xếp;*",
     "Nghị quyết số* *76/2025/UBTVQH15", "76/2025/UBTVQH15", 2025, "NQ", "UBTVQH", "2025-04-14",
     "Ủy ban Thường vụ Quốc hội", 0},
    /* "số" glued to the number, a line break, a date glued to "tháng" */
    {"Xét đề nghị của Chính phủ tại Tờ trình số357/TTr-CP và", "Tờ trình số357/TTr-CP",
     "357/TTr-CP", 0, "TTr", "CP", "", "Chính phủ", 0},
    {"và Đề án số\n358/ĐA-CP ngày 09tháng 5 năm 2025, Báo cáo", "Đề án số\n358/ĐA-CP", "358/ĐA-CP",
     0, "ĐA", "CP", "2025-05-09", "Chính phủ", 0},
    {"Báo cáo thẩm tra số\n429/BC-UBPLTP15 ngày 03 tháng 6 năm 2025 của Ủy ban Pháp luật và Tư\n"
     "pháp,",
     "Báo cáo thẩm tra số\n429/BC-UBPLTP15", "429/BC-UBPLTP15", 0, "BC", "UBPLTP", "2025-06-03",
     "Ủy ban Pháp luật và Tư pháp", 0},
    /* number written apart from its symbol */
    {"(Kèm theo báo cáo số   23 /BC-STTTT ngày 23/3/2018 của Sở Thông tin và Truyền thông)",
     "báo cáo số   23 /BC-STTTT", "23/BC-STTTT", 0, "BC", "STTTT", "2018-03-23", NULL, 0},
    /* more types */
    {"Chỉ thị số 09/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ;", "Chỉ thị số 09/CT-TTg",
     "09/CT-TTg", 0, "CT", "TTg", "2024-02-23", "Thủ tướng Chính phủ", 0},
    {"triển khai tại Thông báo số 1022/TB-TU ngày 02/5/2024 về Kết luận", "Thông báo số 1022/TB-TU",
     "1022/TB-TU", 0, "TB", "TU", "2024-05-02", NULL, 0},
    {"Kết luận số 118-KL/TW, ngày 18/01/2025 của Bộ Chính trị", "Kết luận số 118-KL/TW",
     "118-KL/TW", 0, "KL", "TW", "2025-01-18", "Bộ Chính trị", 0},
    {"Thông tư liên tịch số 03/2008/TTLT-BTTTT-BNV hướng dẫn",
     "Thông tư liên tịch số 03/2008/TTLT-BTTTT-BNV", "03/2008/TTLT-BTTTT-BNV", 2008, "TTLT",
     "BTTTT", "", NULL, 0},
    {"theo Thông tư 04/2012/TT-BTTTT của Bộ TT&TT.", "Thông tư 04/2012/TT-BTTTT",
     "04/2012/TT-BTTTT", 2012, "TT", "BTTTT", "", "Bộ TT&TT", 0},
    {"Hướng dẫn số 12-HD/BTGTU về", "Hướng dẫn số 12-HD/BTGTU", "12-HD/BTGTU", 0, "HD", "BTGTU", "",
     NULL, 0},
    {"ban hành Chương trình Khung số 24/CTr-UBND ngày 19/01/2024 của UBND tỉnh",
     "Chương trình Khung số 24/CTr-UBND", "24/CTr-UBND", 0, "CTr", "UBND", "2024-01-19", NULL, 0},
    {"các Kế hoạch của UBND tỉnh: Số 262/KH-UBND ngày 24/7/2021 triển khai", "Số 262/KH-UBND",
     "262/KH-UBND", 0, "KH", "UBND", "2021-07-24", NULL, 0},
    /* a symbol without a type word */
    {"thực hiện theo 45/2016/QĐ-TTg và các văn bản khác", "45/2016/QĐ-TTg", "45/2016/QĐ-TTg", 2016,
     "QĐ", "TTg", "", "Thủ tướng Chính phủ", 0},
    {"hạ tầng kỹ thuật theo 1552/BTTTT-THH.", "1552/BTTTT-THH", "1552/BTTTT-THH", 0, "", "BTTTT",
     "", NULL, 0},
    /* lower-case codes are read through the tables */
    {"theo quyết định số 45/2016/qđ-ttg của", "quyết định số 45/2016/qđ-ttg", "45/2016/QĐ-TTg",
     2016, "QĐ", "TTg", "", NULL, 0},
    /* individual decision without a year: kept apart from the normative one */
    {"Triển khai Quyết định số 45/QĐ-TTg ngày 09/01/2019 của Thủ tướng Chính phủ",
     "Quyết định số 45/QĐ-TTg", "45/QĐ-TTg", 0, "QĐ", "TTg", "2019-01-09", NULL, 0},
    /* unit codes in mixed case, a word glued to the symbol, a code typed
     * with Ư for U */
    {"theo văn bản số 322/BGDĐT-GDTrH ngày 25/01/2017", "văn bản số 322/BGDĐT-GDTrH",
     "322/BGDĐT-GDTRH", 0, "VB", "BGDĐT", "2017-01-25", NULL, 0},
    {"Thông tư số 24/2014/TT-BNNPTNTngày 19/8/2014 của Bộ", "Thông tư số 24/2014/TT-BNNPTNT",
     "24/2014/TT-BNNPTNT", 2014, "TT", "BNNPTNT", "2014-08-19", NULL, 0},
    {"Quyết định số 45/2016/QĐ-ƯBND ngày 9/12/2016", "Quyết định số 45/2016/QĐ-ƯBND",
     "45/2016/QĐ-UBND", 2016, "QĐ", "UBND", "2016-12-09", NULL, 0},
    {"theo Quyết định 739/QĐ-UBND của UBND tỉnh.", "Quyết định 739/QĐ-UBND", "739/QĐ-UBND", 0, "QĐ",
     "UBND", "", "UBND tỉnh", 0},
    /* short references */
    {"đánh giá việc thực hiện Nghị quyết 36a trong Quý I/2018.", "Nghị quyết 36a", "NQ 36a", 0,
     "NQ", "", "", "", 1},
    {"Kế hoạch 81 thực hiện Nghị quyết 36ª về Chính phủ điện tử", "Kế hoạch 81", "KH 81", 0, "KH",
     "", "", "", 1},
    {"(gọi tắt là Nghị quyết 36), Sở", "Nghị quyết 36", "NQ 36", 0, "NQ", "", "", "", 1},
    {"về thực hiện Nghị quyết số 36.", "Nghị quyết số 36", "NQ 36", 0, "NQ", "", "", "", 1},
    {"ban hành mới theo Nghị định 04 của Chính phủ, thay thế", "Nghị định 04", "NĐ 04", 0, "NĐ",
     "CP", "", "Chính phủ", 1},
    {"thủ tục hành chính theo Đề án 30 của Chính phủ.", "Đề án 30", "ĐA 30", 0, "ĐA", "CP", "",
     "Chính phủ", 1},
    {"thay thế Nghị định 71/1998)", "Nghị định 71/1998", "NĐ 71/1998", 1998, "NĐ", "", "", "", 1},
    {"Luật An ninh mạng và Thông tư 25 vào chuyên mục", "Thông tư 25", "TT 25", 0, "TT", "", "", "",
     1},
    {"Kế hoạch 81 của Uỷ ban nhân dân tỉnh", "Kế hoạch 81", "KH 81", 0, "KH", "UBND", "",
     "Ủy ban nhân dân tỉnh", 1},
    /* NFD input, NBSP: spans are in the original bytes */
    {"Thực hiện " NFD_QUYET " " NFD_DINH " " NFD_SO " 80/2014/QĐ-TTg ngày 30/12/2014 của",
     NFD_QUYET " " NFD_DINH " " NFD_SO " 80/2014/QĐ-TTg", "80/2014/QĐ-TTg", 2014, "QĐ", "TTg",
     "2014-12-30", NULL, 0},
    {"theo Quyết định\xc2\xa0số\xc2\xa0"
     "739/QĐ-UBND\xc2\xa0ngày 02/6/2014",
     "Quyết định\xc2\xa0số\xc2\xa0"
     "739/QĐ-UBND",
     "739/QĐ-UBND", 0, "QĐ", "UBND", "2014-06-02", NULL, 0},
};

static void test_forms(tc_citer *c)
{
    found f = {0};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const form_case *fc = &forms[i];
        char what[160];
        snprintf(what, sizeof what, "form %zu (%s)", i, fc->key);
        tc_rc rc = extract_all(c, fc->input, strlen(fc->input), &f);
        CHECK_INT(what, TC_OK, rc);
        CHECK(f.count >= 1, "%s: no citation found in \"%s\"", what, fc->input);
        if (f.count == 0)
            continue;
        const tc_citation *t = &f.items[0];
        const char *at = strstr(fc->input, fc->span);
        size_t start = at ? (size_t)(at - fc->input) : SIZE_MAX;
        CHECK_STR(what, fc->key, t->key);
        CHECK_INT(what, fc->year, t->year);
        CHECK_STR(what, fc->type, t->type);
        CHECK_STR(what, fc->issuer, t->issuer);
        CHECK_STR(what, fc->date, t->date);
        if (fc->issuer_name)
            CHECK_STR(what, fc->issuer_name, t->issuer_name);
        CHECK_INT(what, fc->is_short, t->is_short);
        CHECK_INT(what, start, t->start);
        CHECK_INT(what, start + strlen(fc->span), t->end);
    }
    free(f.items);
}

static int stop_after_one(void *ctx, const tc_citation *c)
{
    (void)c;
    ++*(int *)ctx;
    return 1;
}

/* Parts that only some forms have. */
static void test_parts(tc_citer *c)
{
    found f = {0};
    const char *s =
        "Văn bản số 1267/UBND-VX1; Luật số 73/2006/QH 11; Nghị quyết số* *203/2025/QH15;";
    CHECK_INT("parts rc", TC_OK, extract_all(c, s, strlen(s), &f));
    CHECK_INT("parts count", 3, f.count);
    if (f.count == 3) {
        CHECK_STR("unit", "VX1", f.items[0].unit);
        CHECK_INT("term QH 11", 11, f.items[1].term);
        CHECK_STR("text QH 11", "Luật số 73/2006/QH 11", f.items[1].text);
        CHECK_STR("text without emphasis", "Nghị quyết số 203/2025/QH15", f.items[2].text);
        CHECK_STR("number", "203", f.items[2].number);
    }
    /* The document's own number in its header is not a citation; a
     * reference to it in the body is. */
    const char *h = "UBND TỈNH HÀ TĨNH\nSở THÔNG TIN VÀ TRUYỀN THÔNG\nSố:   23 /BC-STTTT\n"
                    "Hà Tĩnh, ngày 23 tháng 3 năm 2018\nThực hiện Kế hoạch số 115/KH-UBND.\n";
    CHECK_INT("header rc", TC_OK, extract_all(c, h, strlen(h), &f));
    CHECK_INT("header count", 1, f.count);
    if (f.count == 1)
        CHECK_STR("header skipped", "115/KH-UBND", f.items[0].key);
    const char *p = "            Số 60-NQ/TW              *Hà Nội, ngày 12 tháng 4 năm 2025*\n";
    CHECK_INT("party header rc", TC_OK, extract_all(c, p, strlen(p), &f));
    CHECK_INT("party header skipped", 0, f.count);
    const char *law = "QUỐC HỘI\nLuật số: 73/2006/QH 11\nLUẬT BÌNH ĐẲNG GIỚI\n";
    CHECK_INT("law header rc", TC_OK, extract_all(c, law, strlen(law), &f));
    CHECK_INT("law header skipped", 0, f.count);
    /* the receiver may stop the scan; a receiver is required */
    const char *two = "Quyết định 739/QĐ-UBND và Quyết định 740/QĐ-UBND";
    int calls = 0;
    CHECK_INT("stop rc", TC_OK, tc_citer_extract(c, two, strlen(two), stop_after_one, &calls));
    CHECK_INT("stop after one", 1, calls);
    CHECK_INT("no receiver", TC_EINVAL, tc_citer_extract(c, two, strlen(two), NULL, NULL));
    free(f.items);
}

/* ---- 2. no citation ----------------------------------------------------------------- */

static const char *const negatives[] = {
    "Kết quả thực hiện Nghị Quyết 2018 và các chỉ tiêu, nhiệm vụ, giải pháp năm 2019",
    "Xây dựng Kế hoạch 5 năm và hoàn thành kế hoạch 2018.",
    "bảo đảm Cổng hoạt động thông suốt 24/24 giờ, quý I/2019, tháng 3/2018",
    "giai đoạn 2021-2025, định hướng đến năm 2030; 13/13 tiêu chí; 146/199 xã",
    "+ Dự án 2: Đầu tư cơ sở vật chất cho Đài TT-TH huyện Cô Tô",
    "Triển lãm lưu động bản đồ số 3D và tiêu chí số 8 về nông thôn mới",
    "tổng số tiền phạt là 12,5 triệu đồng; 1.501 dịch vụ; 5=4/2; 2,8km/điểm",
    "Chi nhánh QN II - Số 693, đường Trần Phú, phường Cẩm Thủy",
    "triển khai thuê bao 3G/4G, IPv6, VP2 và 100/tháng",
    "Thực hiện Kế hoạch công tác năm 2015, Sở lập Báo cáo sơ kết công tác 6 tháng đầu năm",
    "phổ biến Luật Báo chí; Hiến pháp năm 2013; Nghị quyết này có hiệu lực",
    /* seen in news text */
    "theo quy chuẩn nước biển ven bờ QCVN 10-MT:2015/BTNMT và QC41:2016/ BGTVT",
    "Khi về nhà tại số 383/ Hùng Vương, TP.Kon Tum",
    "Nếu mọi người hiểu rõ về pháp luật 1 chút, sẽ dễ dàng biết",
    "Phản ứng trước đạo luật 1917 Các nhà lập pháp",
    "thủ thành chỉ là phương án số 2 của đội bóng",
    "trong năm 2016/ Từ đó đến nay",
};

static void test_negatives(tc_citer *c)
{
    found f = {0};
    for (size_t i = 0; i < sizeof negatives / sizeof negatives[0]; i++) {
        CHECK_INT("negative rc", TC_OK, extract_all(c, negatives[i], strlen(negatives[i]), &f));
        CHECK(f.count == 0, "\"%s\": expected no citation, got \"%s\"", negatives[i],
              f.count ? f.items[0].key : "");
    }
    free(f.items);
}

/* ---- 3. probable matches -------------------------------------------------------------- */

/* The first citation of a sentence. */
static int first_citation(tc_citer *c, const char *s, tc_citation *out)
{
    found f = {0};
    int ok = extract_all(c, s, strlen(s), &f) == TC_OK && f.count > 0;
    if (ok)
        *out = f.items[0];
    free(f.items);
    return ok;
}

typedef struct probable_case {
    const char *sentence; /* holds the partial reference */
    const char *known[3]; /* known full keys (NULL-terminated) */
    int count;            /* expected return value */
    const char *key;      /* expected *out_key (NULL = none) */
    const char *reason;   /* expected *out_reason (NULL = none) */
} probable_case;

static const probable_case probables[] = {
    {"Triển khai thuê dịch vụ CNTT theo Quyết định số 80/QĐ-TTg của Thủ tướng Chính phủ",
     {"45/2016/QĐ-TTg", "80/2014/QĐ-TTg", NULL},
     1,
     "80/2014/QĐ-TTg",
     "same number, type and issuer; year not written"},
    /* 45/QĐ-TTg (2019, an individual decision) shares its number with the
     * normative 45/2016/QĐ-TTg: offered as probable, never the same key. */
    {"Triển khai Quyết định số 45/QĐ-TTg ngày 09/01/2019",
     {"45/2016/QĐ-TTg", NULL},
     1,
     "45/2016/QĐ-TTg",
     "same number, type and issuer; year not written"},
    {"Quyết định số 45/QĐ-TTg",
     {"45/2016/QĐ-TTg", "45/2019/QĐ-TTg", NULL},
     2,
     "45/2016/QĐ-TTg",
     "ambiguous: several known documents share the number and the parts written"},
    {"(gọi tắt là Nghị quyết 36)",
     {"36-NQ/TW", NULL},
     1,
     "36-NQ/TW",
     "same number and type; issuer not written"},
    {"thực hiện Nghị quyết 36a trong Quý I", {"36-NQ/TW", NULL}, 0, NULL, NULL},
    {"theo Nghị định 04 của Chính phủ",
     {"04/2015/NĐ-CP", NULL},
     1,
     "04/2015/NĐ-CP",
     "same number, type and issuer; year not written"},
    {"thay thế Nghị định 71/1998)",
     {"71/1998/NĐ-CP", NULL},
     1,
     "71/1998/NĐ-CP",
     "same number, type and year; issuer not written"},
    {"Nghị quyết số 36-NQ/TW", {"80/2014/QĐ-TTg", "36-NQ/TW", NULL}, 1, "36-NQ/TW", "same key"},
    {"theo Quyết định 80/QĐ-UBND", {"80/2014/QĐ-TTg", NULL}, 0, NULL, NULL},
    {"theo Quyết định 80/2015/QĐ-TTg", {"80/2014/QĐ-TTg", NULL}, 0, NULL, NULL},
    {"Quyết định số 45/2016/QĐ-TTg",
     {"45/QĐ-TTg", NULL},
     1,
     "45/QĐ-TTg",
     "same number, type and issuer; year not in the known key"},
    /* a letter without its symbol: issuer from "của", type from the word */
    {"Công văn số 555 của Sở Kế hoạch và Đầu tư",
     {"555/SKHĐT-TH", "555/STTTT-VP", NULL},
     1,
     "555/SKHĐT-TH",
     "same number and issuer; unit not written"},
    {"Kết quả thực hiện Nghị quyết 5",
     {"05-NQ/TU", "5/2019/QĐ-TTg", NULL},
     1,
     "05-NQ/TU",
     "same number and type; issuer not written"},
};

static void test_probable(tc_citer *c)
{
    for (size_t i = 0; i < sizeof probables / sizeof probables[0]; i++) {
        const probable_case *pc = &probables[i];
        char what[160];
        snprintf(what, sizeof what, "probable %zu (%s)", i, pc->sentence);
        tc_citation ref;
        CHECK(first_citation(c, pc->sentence, &ref), "%s: no citation", what);
        size_t n = 0;
        while (pc->known[n])
            n++;
        const char *key = "x", *reason = "x";
        int got = tc_citer_probable(c, &ref, pc->known, n, &key, &reason);
        CHECK_INT(what, pc->count, got);
        CHECK_STR(what, pc->key, key);
        CHECK_STR(what, pc->reason, reason);
        if (got && strcmp(pc->reason, "same key") != 0)
            CHECK(strcmp(ref.key, key) != 0, "%s: a probable match must keep its own key", what);
    }
}

/* ---- 4. user-typed keys ----------------------------------------------------------------- */

static const char *const keys[][2] = {
    {"Quyết định số 45/2016/QĐ-TTg", "45/2016/QĐ-TTg"},
    {"45/2016/qd-ttg", "45/2016/QĐ-TTg"},
    {"45/2016/QD-TTG", "45/2016/QĐ-TTg"},
    {"quyet dinh so 45/2016/qd-ttg", "45/2016/QĐ-TTg"},
    {"  45 / 2016/QĐ-TTg  ", "45/2016/QĐ-TTg"},
    {"45/qd-ttg", "45/QĐ-TTg"},
    {"QĐ-TTg", "QĐ-TTg"},
    {"qd-ttg", "QĐ-TTg"},
    {"nq/tw", "NQ/TW"},
    {"36-nq/tw", "36-NQ/TW"},
    {"Nghị quyết 36", "NQ 36"},
    {"nghi quyet 36", "NQ 36"},
    {"Nghị quyết 36a", "NQ 36a"},
    {"73/2006/qh11", "73/2006/QH11"},
    {"Luật số 73/2006/QH 11", "73/2006/QH11"},
    {"1267/ubnd-vx1", "1267/UBND-VX1"},
    {"44/STTTT-CNTT&BCVT", "44/STTTT-CNTT&BCVT"},
    {"358/da-cp", "358/ĐA-CP"},
    {"03-nq/tu", "03-NQ/TU"},
    {"56-ctr/tu", "56-CTr/TU"},
    {"số 28/ttr-stttt", "28/TTr-STTTT"},
    {"01/vbhn-vpqh", "01/VBHN-VPQH"},
    {"Số 262/KH-UBND", "262/KH-UBND"},
    {"Nghị định 71/1998", "NĐ 71/1998"},
    {"de an 30", "ĐA 30"},
};

static void test_keys(tc_citer *c)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        tc_buf_reset(&b);
        tc_rc rc = tc_citer_key(c, keys[i][0], strlen(keys[i][0]), &b);
        CHECK_INT(keys[i][0], TC_OK, rc);
        CHECK_STR(keys[i][0], keys[i][1], tc_buf_cstr(&b));
    }
    const char *none[] = {"", "hello", "Quyết định", "năm 2018", "24/24"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        tc_buf_reset(&b);
        CHECK_INT(none[i], TC_ENOTFOUND, tc_citer_key(c, none[i], strlen(none[i]), &b));
        CHECK_INT(none[i], 0, b.len);
    }
    tc_buf_free(&b);
    const char *english = NULL;
    CHECK_STR("type word", "Quyết định", tc_citer_type_word(c, "QĐ", &english));
    CHECK_STR("type english", "decision", english);
    CHECK_STR("issuer name", "Thủ tướng Chính phủ", tc_citer_issuer_name(c, "TTg"));
    CHECK(tc_citer_issuer_name(c, "NOPE") == NULL, "unknown issuer code must give NULL");
}

/* ---- 5. gold files ----------------------------------------------------------------------- */

typedef struct gold_row {
    char file[64]; /* file name */
    char key[96];  /* canonical key */
    int used;      /* matched by a found citation */
} gold_row;

/* Reads a gold TSV (file, key, text); '#' lines and the header are skipped. */
static gold_row *read_gold(const char *path, size_t *count)
{
    *count = 0;
    size_t len = 0;
    char *data = check_slurp(path, &len);
    if (!data)
        return NULL;
    gold_row *rows = NULL;
    size_t cap = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || strncmp(line, "file\t", 5) == 0)
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2 || (size_t)(t1 - line) >= 64 || (size_t)(t2 - t1 - 1) >= 96)
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            gold_row *p = realloc(rows, cap * sizeof *p);
            if (!p)
                break;
            rows = p;
        }
        gold_row *r = &rows[(*count)++];
        memcpy(r->file, line, (size_t)(t1 - line));
        r->file[t1 - line] = 0;
        memcpy(r->key, t1 + 1, (size_t)(t2 - t1 - 1));
        r->key[t2 - t1 - 1] = 0;
        r->used = 0;
    }
    free(data);
    return rows;
}

/* Precision and recall of the extractor against one gold file; the texts
 * are dir/<file>.  Matching is on (file, key) as a multiset. */
static void eval_gold(tc_citer *c, const char *name, const char *gold, const char *dir)
{
    size_t n = 0;
    gold_row *rows = read_gold(gold, &n);
    CHECK(rows && n > 0, "cannot read %s", gold);
    if (!rows)
        return;
    size_t tp = 0, fp = 0;
    found f = {0};
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(rows[j].file, rows[i].file) == 0)
                seen = 1;
        if (seen)
            continue;
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, rows[i].file);
        size_t len = 0;
        char *text = check_slurp(path, &len);
        CHECK(text != NULL, "cannot read %s", path);
        if (!text)
            continue;
        CHECK_INT(path, TC_OK, extract_all(c, text, len, &f));
        for (size_t k = 0; k < f.count; k++) {
            size_t j = 0;
            for (; j < n; j++)
                if (!rows[j].used && strcmp(rows[j].file, rows[i].file) == 0 &&
                    strcmp(rows[j].key, f.items[k].key) == 0)
                    break;
            if (j < n) {
                rows[j].used = 1;
                tp++;
            } else {
                fp++;
                printf("  %s: extra %s (\"%s\")\n", rows[i].file, f.items[k].key, f.items[k].text);
            }
        }
        free(text);
    }
    free(f.items);
    size_t fn = 0;
    for (size_t i = 0; i < n; i++)
        if (!rows[i].used) {
            fn++;
            printf("  %s: missed %s\n", rows[i].file, rows[i].key);
        }
    char label[96];
    snprintf(label, sizeof label, "citations %s", name);
    gold_score(label, tp, fp, fn, 0.95);
    free(rows);
}

int main(void)
{
    tc_text *t = NULL;
    tc_citer *c = NULL;
    tc_rc rc = tc_text_open(&t);
    CHECK_INT("tc_text_open", TC_OK, rc);
    if (!rc)
        rc = tc_citer_open(t, &c);
    CHECK_INT("tc_citer_open", TC_OK, rc);
    if (rc) {
        tc_text_close(t);
        return check_report("citation");
    }
    test_forms(c);
    test_parts(c);
    test_negatives(c);
    test_probable(c);
    test_keys(c);
    eval_gold(c, "seeds", "tests/gold/citations-seeds.tsv", "corpus");
    eval_gold(c, "resolutions", "tests/gold/citations-resolutions.tsv",
              "tests/fixtures/resolutions");
    tc_citer_close(c);
    tc_text_close(t);
    return check_report("citation");
}
