/*
 * test_citation.c: citation extraction (analyzers/citation.h).
 *
 * 1. every written form: sentence -> key, year, type, issuer, date, span;
 * 2. sentences that hold no citation;
 * 3. probable matches between partial and full keys;
 * 4. canonical keys of user-typed references;
 * 5. the hand-annotated gold files (tests/gold/citations-*.tsv): precision
 *    and recall per file, misses listed, failure below 0.95;
 * 6. real documents read through tracuu's readers (citations-realdocs.tsv):
 *    precision and recall of the key set per document, per split, failure
 *    below the floors recorded in eval_realdocs.
 * Run from the repository root.
 */
#include "../../analyzers/citation.h"
#include "../../readers/reader.h"
#include "check.h"
#include "gold.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

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
    {"các thông tin còn thiếu gồm Thông tư 25 vào chuyên mục", "Thông tư 25", "TT 25", 0, "TT", "",
     "", "", 1},
    {"Kế hoạch 81 của Uỷ ban nhân dân tỉnh", "Kế hoạch 81", "KH 81", 0, "KH", "UBND", "",
     "Ủy ban nhân dân tỉnh", 1},
    /* symbols as real documents print them: broken at a line end, with
     * spaces around the hyphen, joint issuers, dotted numbers, '&' in an
     * issuer code, Cyrillic look-alikes in a PDF text layer */
    {"Căn cứ Nghị định số 347/2025/NĐ-\nCP ngày 29 tháng 12 năm 2025 của Chính phủ quy định",
     "Nghị định số 347/2025/NĐ-\nCP", "347/2025/NĐ-CP", 2025, "NĐ", "CP", "2025-12-29", "Chính phủ",
     0},
    {"Nghị định số 60/2021/NĐ- CP ngày 21 tháng 6 năm 2021 của Chính phủ",
     "Nghị định số 60/2021/NĐ- CP", "60/2021/NĐ-CP", 2021, "NĐ", "CP", "2021-06-21", NULL, 0},
    {"Quyết định số 12/QĐ - UBND ngày 3/1/2024 của UBND tỉnh", "Quyết định số 12/QĐ - UBND",
     "12/QĐ-UBND", 0, "QĐ", "UBND", "2024-01-03", NULL, 0},
    {"theo Nghị định số 31/2019/\nNĐ-CP của Chính phủ", "Nghị định số 31/2019/\nNĐ-CP",
     "31/2019/NĐ-CP", 2019, "NĐ", "CP", "", NULL, 0},
    {"áp dụng Thông tư liên tịch số 47/2009/TTLT-\nBTC-BLĐTBXH ngày 11 tháng 3 năm 2009",
     "Thông tư liên tịch số 47/2009/TTLT-\nBTC-BLĐTBXH", "47/2009/TTLT-BTC-BLĐTBXH", 2009, "TTLT",
     "BTC", "2009-03-11", NULL, 0},
    {"Thông tư liên tịch số 01/2012/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH hướng dẫn",
     "Thông tư liên tịch số 01/2012/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH",
     "01/2012/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH", 2012, "TTLT", "VKSNDTC", "", NULL, 0},
    {"Hướng dẫn liên ngành số 24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC về",
     "Hướng dẫn liên ngành số 24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC",
     "24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC", 0, "HD", "HDLN", "", NULL, 0},
    {"sửa đổi bởi Thông tư số 08/2023/TT-\nBLĐ-\nTBXH của Bộ",
     "Thông tư số 08/2023/TT-\nBLĐ-\nTBXH", "08/2023/TT-BLĐTBXH", 2023, "TT", "BLĐTBXH", "", NULL,
     0},
    {"theo Nghị quyết 66.4/2025/NQ-CP ngày 21/9/2025", "Nghị quyết 66.4/2025/NQ-CP",
     "66.4/2025/NQ-CP", 2025, "NQ", "CP", "2025-09-21", NULL, 0},
    {"Yên Bái tại Văn bản số 01.6/GĐN/KSYB ngày 10/6/2026;", "Văn bản số 01.6/GĐN/KSYB",
     "01.6/GĐN/KSYB", 0, "VB", "GĐN", "2026-06-10", NULL, 0},
    {"Vàng tại Văn bản số 30.6/GĐN-ĐQ&V ngày 30/6/2026.", "Văn bản số 30.6/GĐN-ĐQ&V",
     "30.6/GĐN-ĐQ&V", 0, "VB", "GĐN", "2026-06-30", NULL, 0},
    {"Thông tư số 24/2014/TT-BNN&PTNT ngày 19/8/2014", "Thông tư số 24/2014/TT-BNN&PTNT",
     "24/2014/TT-BNNPTNT", 2014, "TT", "BNNPTNT", "2014-08-19", NULL, 0},
    {"và Thông tư số 06/2022/TT-B\xd0\xa2\xd0\xa1 ngày 08 tháng 02 năm 2022",
     "Thông tư số 06/2022/TT-B\xd0\xa2\xd0\xa1", "06/2022/TT-BTC", 2022, "TT", "BTC", "2022-02-08",
     NULL, 0},
    /* laws and codes by name (data/laws.tsv) */
    {"theo quy định của Luật Kiến trúc và quy chuẩn", "Luật Kiến trúc", "40/2019/QH14", 2019,
     "LUAT", "QH", "", "Quốc hội", 0},
    {"Căn cứ Luật Đất đai năm 2013;", "Luật Đất đai năm 2013", "45/2013/QH13", 2013, "LUAT", "QH",
     "", NULL, 0},
    {"Căn cứ Luật xây dựng 2014, sửa đổi năm 2020;", "Luật xây dựng 2014", "50/2014/QH13", 2014,
     "LUAT", "QH", "", NULL, 0},
    {"Căn cứ Bộ luật Lao động ngày 18 tháng 6 năm 2012;", "Bộ luật Lao động", "10/2012/QH13", 2012,
     "BLUAT", "QH", "2012-06-18", NULL, 0},
    {"quy định tại Điều 227 Bộ Luật hình sự năm 2015", "Bộ Luật hình sự năm 2015", "100/2015/QH13",
     2015, "BLUAT", "QH", "", NULL, 0},
    /* a date printed wrongly still gives the year */
    {"Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 26/8/2024;",
     "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ", "42/2024/QH15", 2024, "LUAT",
     "QH", "2024-08-26", NULL, 0},
    /* one law of that name: a wrong year does not make it another one */
    {"Căn cứ Luật Địa chất và Khoáng sản ngày 29 tháng 11 năm 2025;", "Luật Địa chất và Khoáng sản",
     "54/2024/QH15", 2024, "LUAT", "QH", "2025-11-29", NULL, 0},
    {"Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
     "Luật Tổ chức chính quyền địa phương", "72/2025/QH15", 2025, "LUAT", "QH", "2025-06-16", NULL,
     0},
    /* several versions and none fixed: a short reference */
    {"Doanh nghiệp được thành lập theo Luật Doanh nghiệp;", "Luật Doanh nghiệp",
     "Luật Doanh nghiệp", 0, "LUAT", "QH", "", "Quốc hội", 1},
    {"năm 2013 và Luật Tổ chức chính quyền địa phương năm 2025 (sửa đổi) có hiệu lực",
     "Luật Tổ chức chính quyền địa phương năm 2025", "Luật Tổ chức chính quyền địa phương 2025",
     2025, "LUAT", "QH", "", NULL, 1},
    {"các thông tin còn thiếu gồm: Luật An ninh mạng và Thông tư 25", "Luật An ninh mạng",
     "Luật An ninh mạng", 0, "LUAT", "QH", "", NULL, 1},
    {"theo Luật An ninh mạng năm 2025", "Luật An ninh mạng năm 2025", "Luật An ninh mạng 2025",
     2025, "LUAT", "QH", "", NULL, 1},
    {"Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản năm 2025 quy định",
     "Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản năm 2025",
     "Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản 2025", 2025, "LUAT", "QH",
     "", NULL, 1},
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
    /* A bare law name means the version the document fixes, even before it
     * (a decree's title); two versions leave it ambiguous. */
    const char *pin = "NGHỊ ĐỊNH\nQUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT HÓA CHẤT\n"
                      "Căn cứ Luật Hóa chất số 69/2025/QH15;\nthi hành Luật Hóa chất về an toàn";
    CHECK_INT("pin rc", TC_OK, extract_all(c, pin, strlen(pin), &f));
    CHECK_INT("pin count", 3, f.count);
    for (size_t k = 0; k < f.count; k++)
        CHECK_STR("pinned", "69/2025/QH15", f.items[k].key);
    const char *two = "Căn cứ Bộ luật Lao động ngày 18 tháng 6 năm 2012; Bộ luật Lao động ngày 20 "
                      "tháng 11 năm 2019; người lao động theo Bộ luật lao động.";
    const char *two_keys[] = {"10/2012/QH13", "45/2019/QH14", "Bộ luật Lao động"};
    CHECK_INT("two versions rc", TC_OK, extract_all(c, two, strlen(two), &f));
    CHECK_INT("two versions count", 3, f.count);
    for (size_t k = 0; k < f.count && k < 3; k++)
        CHECK_STR("two versions", two_keys[k], f.items[k].key);
    /* laws named in an amending law's title belong to that title */
    const char *amend[] = {
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tiếp công dân, Luật Khiếu nại, Luật "
        "Tố cáo số 136/2025/QH15;",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
        "chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của 10 luật có liên quan đến an ninh, trật "
        "tự số 118/2025/QH15;"};
    const char *amend_keys[] = {"136/2025/QH15", "47/2019/QH14", "118/2025/QH15"};
    for (size_t k = 0; k < 3; k++) {
        CHECK_INT("amend rc", TC_OK, extract_all(c, amend[k], strlen(amend[k]), &f));
        CHECK_INT(amend_keys[k], 1, f.count);
        if (f.count)
            CHECK_STR("amend", amend_keys[k], f.items[0].key);
    }
    /* the number that ends a consolidated text is its own */
    char vbhn[2200];
    snprintf(vbhn, sizeof vbhn,
             "%0*d\nXÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 2651/VBHN-BLĐTBXH   Hà Nội, "
             "ngày 21 tháng 6 năm 2024\n",
             1600, 0);
    CHECK_INT("vbhn rc", TC_OK, extract_all(c, vbhn, strlen(vbhn), &f));
    CHECK_INT("vbhn own number", 0, f.count);
    /* a heading that ends with a type word, then a list item */
    const char *list = "II. NỘI DUNG CỦA DỰ THẢO QUYẾT ĐỊNH\n1. Bố cục\n2. Nội dung";
    CHECK_INT("list rc", TC_OK, extract_all(c, list, strlen(list), &f));
    CHECK_INT("list item", 0, f.count);
    /* more codes after a slash only when they look like codes */
    const char *slash = "theo Quyết định số 12/QĐ-UBND/ngày 3/1/2024 và Văn bản số 12/YH/KT-TC";
    CHECK_INT("slash rc", TC_OK, extract_all(c, slash, strlen(slash), &f));
    CHECK_INT("slash count", 2, f.count);
    if (f.count == 2) {
        CHECK_STR("slash word", "12/QĐ-UBND", f.items[0].key);
        CHECK_STR("slash codes", "12/YH/KT-TC", f.items[1].key);
    }
    /* the receiver may stop the scan; a receiver is required */
    const char *both = "Quyết định 739/QĐ-UBND và Quyết định 740/QĐ-UBND";
    int calls = 0;
    CHECK_INT("stop rc", TC_OK, tc_citer_extract(c, both, strlen(both), stop_after_one, &calls));
    CHECK_INT("stop after one", 1, calls);
    CHECK_INT("no receiver", TC_EINVAL, tc_citer_extract(c, both, strlen(both), NULL, NULL));
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
    "phổ biến pháp luật về báo chí; Hiến pháp năm 2013; Nghị quyết này có hiệu lực",
    /* "luật" that names no law */
    "thi hành kỷ luật Đảng; QUY ĐỊNH CỦA PHÁP LUẬT; Luật này có hiệu lực; dự luật mới",
    "theo quy luật thị trường và các luật có liên quan",
    /* a name longer than any in laws.tsv ("Luật Thương mại" + "điện tử") */
    "xây dựng Luật Thương mại điện tử trong năm tới",
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
    /* a law named without its version: the known numbers of laws of that name */
    {"Doanh nghiệp được thành lập theo Luật Doanh nghiệp;",
     {"45/2019/QH14", "59/2020/QH14", NULL},
     1,
     "59/2020/QH14",
     "same law name; version not written"},
    {"theo Luật Doanh nghiệp",
     {"59/2020/QH14", "68/2014/QH13", NULL},
     2,
     "59/2020/QH14",
     "ambiguous: several known laws bear that name"},
    {"theo Luật An ninh mạng năm 2025", {"24/2018/QH14", NULL}, 0, NULL, NULL},
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
    {"66.4/2025/nq-cp", "66.4/2025/NQ-CP"},
    {"luat dat dai 2013", "45/2013/QH13"},
    {"Luật Doanh nghiệp", "Luật Doanh nghiệp"},
    {"luat doanh nghiep", "Luật Doanh nghiệp"},
    {"bộ luật lao động 2019", "45/2019/QH14"},
    {"luật kiến trúc", "40/2019/QH14"},
    {"Luật An ninh mạng", "Luật An ninh mạng"},
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
    CHECK_STR("law name", "Luật An ninh mạng", tc_citer_law_name(c, "24/2018/QH14"));
    CHECK_STR("law name, zeros and case", "Luật Bảo hiểm tiền gửi",
              tc_citer_law_name(c, "6/2012/qh13"));
    CHECK(tc_citer_law_name(c, "45/2016/QĐ-TTg") == NULL, "not a law: NULL");
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

/* ---- 6. real documents ------------------------------------------------------------------ */

/* The corpora, relative to the repository root (the tests run there). */
#define REALDOCS_DIR "../shared/corpora/real-docs"
#define RESOLUTIONS_PARENT "../shared/corpora"

typedef struct rd_row {
    char doc[192]; /* path under the corpus folder */
    int heldout;   /* 1 = heldout split, 0 = tune */
    char key[160]; /* canonical key, "-" for a document that cites nothing */
} rd_row;

/* Reads citations-realdocs.tsv (document, split, key, text, locator). */
static rd_row *read_realdocs(const char *path, size_t *count)
{
    *count = 0;
    size_t len = 0;
    char *data = check_slurp(path, &len);
    if (!data)
        return NULL;
    rd_row *rows = NULL;
    size_t cap = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || strncmp(line, "document\t", 9) == 0)
            continue;
        char *col[5];
        if (split_tabs(line, col, 5) < 3 || strlen(col[0]) >= sizeof rows->doc ||
            strlen(col[2]) >= sizeof rows->key)
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 128;
            rd_row *p = realloc(rows, cap * sizeof *p);
            if (!p)
                break;
            rows = p;
        }
        rd_row *r = &rows[(*count)++];
        snprintf(r->doc, sizeof r->doc, "%s", col[0]);
        snprintf(r->key, sizeof r->key, "%s", col[2]);
        r->heldout = strcmp(col[1], "heldout") == 0;
    }
    free(data);
    return rows;
}

/* A document's text as the indexer gets it: the reader chosen by content,
 * without OCR.  Without a reader for the format (the PDFs before the PDF
 * reader is merged), the text is taken from $TC_REALDOCS_TEXT/<name>.txt
 * when that variable names a folder holding it (for trying the extractor on
 * text made with pdftotext); else returns 0 and the document is skipped.
 * *data is the file (owned by the caller); out holds the text. */
static int realdoc_text(const char *path, char **data, tc_reader_out *out, char *why, size_t n_why)
{
    size_t n = 0;
    *data = check_slurp(path, &n);
    if (!*data) {
        snprintf(why, n_why, "cannot read the file");
        return 0;
    }
    const tc_reader *reader = tc_reader_choose(path, *data, n);
    tc_reader_opts opts = {.path = path};
    tc_reader_out_init(out, &opts);
    if (reader) {
        tc_rc rc = reader->read(*data, n, &opts, out);
        if (rc == TC_OK)
            return 1;
        snprintf(why, n_why, "%s reader: %s", reader->name, out->why);
        return 0;
    }
    const char *dir = getenv("TC_REALDOCS_TEXT");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    int stem = dot ? (int)(dot - base) : (int)strlen(base);
    char txt[512];
    if (dir && snprintf(txt, sizeof txt, "%s/%.*s.txt", dir, stem, base) < (int)sizeof txt) {
        size_t tn = 0;
        char *t = check_slurp(txt, &tn);
        if (t) {
            free(*data);
            *data = t;
            out->text = t;
            out->len = tn;
            return 1;
        }
    }
    snprintf(why, n_why, "no reader for this format");
    return 0;
}

/* Appends key to the set keys[0..*n) unless present. */
static void key_set_add(char (*keys)[160], size_t *n, size_t cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(keys[i], key) == 0)
            return;
    if (*n < cap)
        snprintf(keys[(*n)++], 160, "%s", key);
}

static void eval_realdocs(tc_citer *c, double floor_p[2], double floor_r[2])
{
    struct stat st;
    if (stat(REALDOCS_DIR, &st) != 0) {
        printf("citations realdocs: %s not found, skipped\n", REALDOCS_DIR);
        return;
    }
    size_t n = 0;
    rd_row *rows = read_realdocs("tests/gold/citations-realdocs.tsv", &n);
    CHECK(rows && n > 0, "cannot read tests/gold/citations-realdocs.tsv");
    if (!rows)
        return;
    enum { MAXKEYS = 512 };
    char(*found_keys)[160] = calloc(MAXKEYS, sizeof *found_keys);
    size_t tp[2] = {0}, fp[2] = {0}, fn[2] = {0}, docs[2] = {0}, skipped[2] = {0};
    found f = {0};
    for (size_t i = 0; i < n && found_keys; i++) {
        if (i > 0 && strcmp(rows[i].doc, rows[i - 1].doc) == 0)
            continue; /* rows of a document are together */
        const char *doc = rows[i].doc;
        int h = rows[i].heldout;
        char path[512];
        if (strncmp(doc, "resolutions-2025/", 17) == 0)
            snprintf(path, sizeof path, "%s/%s", RESOLUTIONS_PARENT, doc);
        else
            snprintf(path, sizeof path, "%s/%s", REALDOCS_DIR, doc);
        char *data = NULL;
        char why[200];
        tc_reader_out out;
        if (!realdoc_text(path, &data, &out, why, sizeof why)) {
            printf("  realdocs %s: skipped (%s)\n", doc, why);
            skipped[h]++;
            tc_reader_out_free(&out);
            free(data);
            continue;
        }
        docs[h]++;
        CHECK_INT(doc, TC_OK, extract_all(c, out.text, out.len, &f));
        size_t nf = 0;
        for (size_t k = 0; k < f.count; k++)
            key_set_add(found_keys, &nf, MAXKEYS, f.items[k].key);
        size_t j = i;
        for (; j < n && strcmp(rows[j].doc, doc) == 0; j++) {
            if (strcmp(rows[j].key, "-") == 0)
                continue;
            int dup = 0;
            for (size_t m = i; m < j; m++)
                dup |= strcmp(rows[m].key, rows[j].key) == 0;
            if (dup)
                continue;
            size_t k = 0;
            while (k < nf && strcmp(found_keys[k], rows[j].key) != 0)
                k++;
            if (k < nf) {
                tp[h]++;
                found_keys[k][0] = 0; /* matched */
            } else {
                fn[h]++;
                printf("  realdocs %s %s: missed %s\n", h ? "heldout" : "tune", doc, rows[j].key);
            }
        }
        for (size_t k = 0; k < nf; k++) {
            if (!found_keys[k][0])
                continue;
            fp[h]++;
            const char *text = "";
            for (size_t m = 0; m < f.count; m++)
                if (strcmp(f.items[m].key, found_keys[k]) == 0) {
                    text = f.items[m].text;
                    break;
                }
            printf("  realdocs %s %s: extra %s (\"%s\")\n", h ? "heldout" : "tune", doc,
                   found_keys[k], text);
        }
        tc_reader_out_free(&out);
        free(data);
    }
    for (int h = 0; h < 2; h++) {
        const char *name = h ? "heldout" : "tune";
        double p = tp[h] + fp[h] ? (double)tp[h] / (double)(tp[h] + fp[h]) : 0;
        double r = tp[h] + fn[h] ? (double)tp[h] / (double)(tp[h] + fn[h]) : 0;
        printf("citations realdocs %s: P=%.3f R=%.3f (%zu/%zu/%zu; %zu documents, %zu skipped)\n",
               name, p, r, tp[h], fp[h], fn[h], docs[h], skipped[h]);
        if (docs[h] == 0)
            continue;
        CHECK(p >= floor_p[h], "citations realdocs %s precision %.3f below %.2f", name, p,
              floor_p[h]);
        CHECK(r >= floor_r[h], "citations realdocs %s recall %.3f below %.2f", name, r, floor_r[h]);
    }
    free(f.items);
    free(found_keys);
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
    /* Floors {tune, heldout}, a little under the figures reached (December
     * 2026).  With the readers of this build (Word, Markdown; the 11 PDFs
     * skipped): tune P=1.000 R=1.000 (99 keys, 12 documents), heldout P=0.987
     * R=0.968 (151 keys, 13 documents).  With the PDFs read from pdftotext
     * text (TC_REALDOCS_TEXT): tune 1.000/1.000 (175 keys), heldout
     * 0.990/0.970 (201 keys).  Re-check them when the PDF reader is merged. */
    double floor_p[2] = {0.98, 0.96}, floor_r[2] = {0.98, 0.94};
    tc_readers_init();
    eval_realdocs(c, floor_p, floor_r);
    tc_citer_close(c);
    tc_text_close(t);
    return check_report("citation");
}
