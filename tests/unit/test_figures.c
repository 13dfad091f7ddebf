/*
 * test_figures.c: figures in running text and tables (analyzers/figures.h).
 *
 * 1. number formats: "1.501", "12,5", "158.150.000", "87.9" (ambiguous);
 * 2. every written form: sentence -> value, unit, noun, kind, change, span;
 * 3. sentences whose numbers are not figures (dates, symbols, labels, years);
 * 4. tables: tab-separated with headings, one cell per line;
 * 5. the hand-annotated gold (tests/gold/figures-seeds.tsv): precision and
 *    recall over the annotated regions, misses listed, failure below 0.90;
 * 6. the gold of real documents (tests/gold/figures-realdocs.tsv): the Word
 *    files and resolutions read through tracuu's readers, precision and
 *    recall of (value, unit, kind) per split and the agreement of the
 *    measure (total/change/...), failure below the floors of
 *    tests/gold/README.md; skipped with a message when the corpora
 *    (../shared/corpora) are absent.
 * Run from the repository root.
 */
#include "../../analyzers/figures.h"
#include "../../readers/reader.h"
#include "check.h"
#include "gold.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct found {
    tc_figure *items; /* figures in text order */
    size_t count;     /* how many */
    size_t cap;       /* allocated */
} found;

static int collect(void *ctx, const tc_figure *fig)
{
    found *f = ctx;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        tc_figure *p = realloc(f->items, cap * sizeof *p);
        if (!p)
            return 1;
        f->items = p;
        f->cap = cap;
    }
    f->items[f->count++] = *fig;
    return 0;
}

static tc_rc extract_all(tc_figurer *g, const char *text, found *f)
{
    f->count = 0;
    return tc_figurer_extract(g, text, strlen(text), collect, f);
}

static int same(double a, double b)
{
    return fabs(a - b) <= 1e-6 * (fabs(a) + fabs(b) + 1);
}

/* ---- 1. number formats ------------------------------------------------------------ */

typedef struct num_case {
    const char *input;  /* text starting with a number */
    int prefer_decimal; /* percent context */
    double value;       /* expected value */
    size_t used;        /* expected bytes read */
    int ambiguous;      /* expected: 0, 1 thousands reading, 2 decimal reading */
    tc_rc rc;           /* expected return code */
} num_case;

static const num_case nums[] = {
    {"38 hồ sơ", 0, 38, 2, 0, TC_OK},     {"1.501 dịch vụ", 0, 1501, 5, 1, TC_OK},
    {"12,5 triệu", 0, 12.5, 4, 0, TC_OK}, {"158.150.000đ", 0, 158150000, 11, 0, TC_OK},
    {"87.9", 0, 87.9, 4, 2, TC_OK},       {"1.5", 0, 1.5, 3, 2, TC_OK},
    {"98.100", 1, 98.1, 6, 2, TC_OK},     {"1.234,5", 0, 1234.5, 7, 0, TC_OK},
    {"1,234.5", 0, 1234.5, 7, 2, TC_OK},  {"7.848.", 0, 7848, 5, 1, TC_OK},
    {"3, 4", 0, 3, 1, 0, TC_OK},          {"1.2.3 Mục", 0, 0, 5, 0, TC_EINVAL},
    {"x1", 0, 0, 0, 0, TC_EINVAL},
};

static void test_numbers(void)
{
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        const num_case *c = &nums[k];
        double v;
        size_t used;
        int amb;
        tc_rc rc = tc_figure_number(c->input, strlen(c->input), c->prefer_decimal, &v, &used, &amb);
        CHECK_INT(c->input, c->rc, rc);
        CHECK_INT(c->input, c->used, used);
        if (rc == TC_OK) {
            CHECK(same(c->value, v), "%s: value %g, expected %g", c->input, v, c->value);
            CHECK_INT(c->input, c->ambiguous, amb);
        }
    }
}

/* ---- 2. written forms ------------------------------------------------------------- */

typedef struct form_case {
    const char *input; /* a sentence */
    const char *span;  /* bytes of input the figure must span (its first occurrence) */
    double value;      /* expected value */
    double value2;     /* expected denominator */
    const char *unit;  /* expected unit */
    const char *noun;  /* expected noun */
    int kind;          /* expected TC_FIG_* */
    int change;        /* expected change */
    int ambiguous;     /* expected ambiguous flag */
} form_case;

/* "hồ sơ" decomposed (NFD), to check that spans point into the original. */
#define NFD_HO_SO "h\xc3\xb4\xcc\x80 so\xcc\x9b"

static const form_case forms[] = {
    {"Tiếp nhận 38 hồ sơ của Sở tại Trung tâm HCC.", "38 hồ sơ", 38, 0, "hồ sơ", "hồ sơ",
     TC_FIG_COUNT, 0, 0},
    {"Trên 21.000 km cáp quang nội tỉnh, 3250 trạm BTS (2G, 3G, 4G) phủ sóng.", "3250 trạm BTS",
     3250, 0, "trạm", "trạm BTS", TC_FIG_COUNT, 0, 0},
    {"Trên 21.000 km cáp quang nội tỉnh, 3250 trạm BTS.", "21.000 km", 21000, 0, "km",
     "cáp quang nội tỉnh", TC_FIG_MEASURE, 0, 0},
    {"Tổng số trạm BTS trên toàn tỉnh là: 775 vị trí trạm BTS, qua đó", "775 vị trí trạm BTS", 775,
     0, "vị trí", "vị trí trạm BTS", TC_FIG_COUNT, 0, 0},
    {"Đạt tỷ lệ hoàn thành đúng thời hạn 100%. Duy trì", "100%", 100, 0, "%", "", TC_FIG_PERCENT, 0,
     0},
    {"Đến nay 13/13 tiêu chí tại Trung tâm tích hợp dữ liệu tỉnh đã đảm bảo.", "13/13 tiêu chí", 13,
     13, "tiêu chí", "tiêu chí", TC_FIG_RATIO, 0, 0},
    {"Số xã có báo đến trong ngày là 146/199 xã.", "146/199 xã", 146, 199, "xã", "xã", TC_FIG_RATIO,
     0, 0},
    {"toàn bộ 41/41 (đạt 100%) TTHC của Sở", "41/41 (đạt 100%) TTHC", 41, 41, "TTHC", "TTHC",
     TC_FIG_RATIO, 0, 0},
    {"doanh thu đạt: 650 triệu đồng, tăng 10% doanh thu so với năm 2017.", "650 triệu đồng", 650e6,
     0, "VND", "", TC_FIG_MONEY, 0, 0},
    {"với tổng số tiền phạt là 12,5 triệu đồng. Trong đó", "12,5 triệu đồng", 12.5e6, 0, "VND", "",
     TC_FIG_MONEY, 0, 0},
    {"với tổng số tiền là 158.150.000đ (tăng 17 cá nhân)", "158.150.000đ", 158150000, 0, "VND", "",
     TC_FIG_MONEY, 0, 0},
    {"Được cấp 30 Tr.đồng cho kiểm tra.", "30 Tr.đồng", 30e6, 0, "VND", "", TC_FIG_MONEY, 0, 0},
    {"Kinh phí 5 tỷ đồng từ ngân sách.", "5 tỷ đồng", 5e9, 0, "VND", "", TC_FIG_MONEY, 0, 0},
    {"Phí 200 nghìn đồng mỗi lượt.", "200 nghìn đồng", 200e3, 0, "VND", "", TC_FIG_MONEY, 0, 0},
    {"Tổng vốn 1.500.000 VNĐ đã giải ngân.", "1.500.000 VNĐ", 1.5e6, 0, "VND", "", TC_FIG_MONEY, 0,
     0},
    {"sao lưu hàng tuần, mỗi tuần 2,1Gb.", "2,1Gb", 2.1, 0, "GB", "", TC_FIG_MEASURE, 0, 0},
    {"Bán kính phục vụ bình quân là 2,8km/điểm, số người", "2,8km", 2.8, 0, "km", "",
     TC_FIG_MEASURE, 0, 0},
    {"doanh thu so với năm 2017 tăng 10% doanh thu.", "10%", 10, 0, "%", "doanh thu",
     TC_FIG_PERCENT, 1, 0},
    {"tổ chức 09 cuộc họp báo (giảm 04 cuộc so với cùng kỳ)", "04 cuộc", 4, 0, "cuộc", "cuộc",
     TC_FIG_COUNT, -1, 0},
    {"Các cơ quan báo chí có hơn 12.800 tin, bài tuyên truyền phát triển kinh tế.",
     "12.800 tin, bài tuyên truyền", 12800, 0, "tin, bài", "tin, bài tuyên truyền", TC_FIG_COUNT, 0,
     0},
    {"Bổ sung thêm 02 Viên chức Trung tâm.", "02 Viên chức Trung tâm", 2, 0, "viên chức",
     "Viên chức Trung tâm", TC_FIG_COUNT, 0, 0},
    {"Duy trì hoạt động 46 DVC trực tuyến mức độ 3 của Sở.", "46 DVC trực tuyến mức độ 3", 46, 0,
     "DVC", "DVC trực tuyến mức độ 3", TC_FIG_COUNT, 0, 0},
    {"Triển khai cung cấp 516 dịch vụ công trực tuyến mức độ 3, 4; cụ thể như:",
     "516 dịch vụ công trực tuyến mức độ 3", 516, 0, "dịch vụ", "dịch vụ công trực tuyến mức độ 3",
     TC_FIG_COUNT, 0, 0},
    {"tổng số người sử dụng là 7.848. Đến nay", "7.848", 7848, 0, "người", "người sử dụng",
     TC_FIG_COUNT, 0, 0},
    {"Mật độ ước đạt 94 thuê bao/100 dân (kể cả trả trước).", "94 thuê bao/100 dân", 94, 0,
     "thuê bao", "thuê bao/100 dân", TC_FIG_COUNT, 0, 0},
    {"Tiếp nhận 38 " NFD_HO_SO " của Sở.", "38 " NFD_HO_SO, 38, 0, "hồ sơ", "hồ sơ", TC_FIG_COUNT,
     0, 0},
    {"Cấp 49 Giấy phép xuất bản tài liệu không kinh doanh", "49 Giấy phép xuất bản tài liệu", 49, 0,
     "giấy phép", "Giấy phép xuất bản tài liệu", TC_FIG_COUNT, 0, 0},
    {"Tổng số thuê bao Internet 23.993 thuê bao (bằng 140% so với cùng kỳ).", "140%", 140, 0, "%",
     "", TC_FIG_PERCENT, 0, 0},
    {"kinh tế tăng 87.9 điểm", "87.9 điểm", 87.9, 0, "điểm", "điểm", TC_FIG_COUNT, 1, 1},
    {"Ban hành mới 18 TTHC và sửa đổi", "18 TTHC", 18, 0, "TTHC", "TTHC", TC_FIG_COUNT, 0, 0},
    {"cắt giảm 78 ngày giải quyết/26 TTHC (55 ngày)", "26 TTHC", 26, 0, "TTHC", "TTHC",
     TC_FIG_COUNT, 0, 0},
    {"Tổng số 3 triệu thuê bao di động.", "3 triệu thuê bao di động", 3e6, 0, "thuê bao",
     "thuê bao di động", TC_FIG_COUNT, 0, 0},
};

static const tc_figure *find_span(const found *f, const char *input, const char *span)
{
    const char *p = strstr(input, span);
    if (!p)
        return NULL;
    size_t s = (size_t)(p - input), e = s + strlen(span);
    for (size_t k = 0; k < f->count; k++)
        if (f->items[k].start == s && f->items[k].end == e)
            return &f->items[k];
    return NULL;
}

static void test_forms(tc_figurer *g)
{
    found f = {0};
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        const form_case *c = &forms[k];
        CHECK_INT(c->input, TC_OK, extract_all(g, c->input, &f));
        const tc_figure *fig = find_span(&f, c->input, c->span);
        CHECK(fig != NULL, "%s: no figure spanning \"%s\" (%zu found%s%s)", c->input, c->span,
              f.count, f.count ? ", first: " : "", f.count ? f.items[0].text : "");
        if (!fig)
            continue;
        CHECK(same(c->value, fig->value), "%s: value %g, expected %g", c->input, fig->value,
              c->value);
        CHECK(same(c->value2, fig->value2), "%s: value2 %g, expected %g", c->input, fig->value2,
              c->value2);
        CHECK_STR(c->input, c->unit, fig->unit);
        CHECK_STR(c->input, c->noun, fig->noun);
        CHECK_INT(c->input, c->kind, fig->kind);
        CHECK_INT(c->input, c->change, fig->change);
        CHECK_INT(c->input, c->ambiguous, fig->ambiguous);
        CHECK_INT(c->input, 0, fig->table);
        CHECK(fig->sentence[0] != 0, "%s: no sentence", c->input);
    }
    /* the sentence is the one holding the figure, trimmed */
    const char *two = "Câu đầu có 5 trạm BTS. Câu sau có 6 đài TTKD; hết.";
    extract_all(g, two, &f);
    CHECK_INT("two sentences", 2, f.count);
    if (f.count == 2) {
        CHECK_STR("sentence 1", "Câu đầu có 5 trạm BTS.", f.items[0].sentence);
        CHECK_STR("sentence 2", "Câu sau có 6 đài TTKD; hết.", f.items[1].sentence);
    }
    free(f.items);
}

/* ---- 3. numbers that are not figures ----------------------------------------------- */

static const char *const none[] = {
    "Thực hiện Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ.",
    "Hà Tĩnh, ngày 23 tháng 3 năm 2018",
    "Trong 3 tháng đầu năm 2018, không có đơn thư.",
    "2.2. Quản lý nhà nước về Báo chí",
    "1.2 Ban hành các văn bản chỉ đạo",
    "I. TÌNH HÌNH THỰC HIỆN",
    "theo Đề án 30 của Chính phủ; đánh giá Nghị quyết 36a trong Quý I/2018.",
    "Đào tạo về Dịch vụ công mức độ 3, 4 cho người dân.",
    "Mạng bưu chính gồm tuyến đường thư cấp 01; tuyến cấp 02 và cấp 03 với điểm.",
    "Cổng hoạt động thông suốt 24/24 giờ và 24/24h.",
    "Lễ 30/4, 01/5 và 70 năm chiến thắng Điện Biên Phủ.",
    "Phối hợp tổ chức Hội báo Xuân 2018. Quy hoạch đến 2030.",
    "giai đoạn 2017-2020 và năm 2017 - 2018",
    "khắc phục lỗ hổng công bố tháng 04/2024; trạm BTS (2G, 3G, 4G); bản đồ 3D",
    "tại địa chỉ khu 3, số 79, đường Nguyễn Văn Cừ, kinh độ 107.97826, vĩ độ 21.53008",
    "kỳ thi học sinh giỏi Quốc gia lớp 12 và cuộc thi UPU lần thứ 44",
    "Kế hoạch 81 thực hiện Nghị quyết 36ª và Thông tư 25; Nghị định 71/1998",
    "tổng kết 10 năm thực hiện; kỷ niệm 120 năm Ngày sinh",
    "Số:   23 /BC-STTTT",
    "\t5=4/2\n\t6=4/3\n\t12\n",
    "phiên bản 1.0 giai đoạn 2017-2020; đứng thứ 8/63 tỉnh",
    "Địa chỉ: Số 165 Lý Thường Kiệt, phường Yên Bái; Điện thoại: 0919761666.",
    "Phương thức 5, Phương thức 7 được áp dụng; Công ty Thương mại 186 Yên Bái; Mỹ Gia 5, xã Yên",
    "Giấy chứng nhận, mã số doanh nghiệp 5200259471, đăng ký lần đầu",
    "theo QCVN 01:2019/BCT và TCVN 5326:2008; thời gian từ 7 giờ 30 đến 17 giờ 00 hằng ngày",
    "97\\. Sắp xếp toàn bộ diện tích tự nhiên của xã A.",
    "tổ chức chính quyền địa phương 2 cấp; các khoản 2, 3 và 4 Điều này; 3 Điều 23 của Luật",
    "hệ số an toàn yêu cầu (nₜc = 1,25); chỉ số tác động nổ n < 1; W = 5/7.",
    "Đề án số 08 ban hành kèm theo; kíp nổ điện số 8 kết hợp dây nổ; vận chuyển số 193 đường "
    "Nguyễn Huy Tưởng",
    "hàng hóa nguy hiểm loại 3 (xăng); Biểu 01: BÁO CÁO; trang 2 của Phương án; Nhóm 1: các cụm",
};

static void test_none(tc_figurer *g)
{
    found f = {0};
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
        CHECK_INT(none[k], TC_OK, extract_all(g, none[k], &f));
        CHECK(f.count == 0, "%s: %zu figures, first \"%s\"", none[k], f.count,
              f.count ? f.items[0].text : "");
    }
    free(f.items);
}

/* ---- 4. tables ------------------------------------------------------------------------ */

static void test_tables(tc_figurer *g)
{
    found f = {0};
    const char *tab = "KẾT QUẢ\n"
                      "STT\tTên chỉ tiêu\tĐơn vị tính\tSố tăng trong kỳ\tSo với cùng kỳ\n"
                      "1\tĐiện thoại cố định có dây\tThuê bao\t2.907\t-28%\n"
                      "2\tĐiện thoại cố định không dây\t\t730\t-57%\n"
                      "3\tDoanh thu\tTr.đồng\t74.735\t16%\n"
                      "\n"
                      "Câu có 5 trạm BTS.\n";
    CHECK_INT("tab table", TC_OK, extract_all(g, tab, &f));
    CHECK_INT("tab table: count", 7, f.count);
    if (f.count == 7) {
        const tc_figure *a = &f.items[0];
        CHECK_INT("tab 1 table", 1, a->table);
        CHECK(same(a->value, 2907), "tab 1 value %g", a->value);
        CHECK_STR("tab 1 unit", "thuê bao", a->unit);
        CHECK_STR("tab 1 column", "Số tăng trong kỳ", a->column);
        CHECK_STR("tab 1 indicator", "Điện thoại cố định có dây", a->indicator);
        CHECK_STR("tab 1 text", "2.907", a->text);
        CHECK_INT("tab 1 start", (long long)(strstr(tab, "2.907") - tab), a->start);
        const tc_figure *b = &f.items[1];
        CHECK(same(b->value, -28), "tab 2 value %g", b->value);
        CHECK_STR("tab 2 unit", "%", b->unit);
        CHECK_INT("tab 2 kind", TC_FIG_PERCENT, b->kind);
        CHECK_STR("tab 2 column", "So với cùng kỳ", b->column);
        CHECK_STR("tab 3 unit (repeated)", "thuê bao", f.items[2].unit);
        CHECK(same(f.items[4].value, 74735e6), "tab money %g", f.items[4].value);
        CHECK_STR("tab money unit", "VND", f.items[4].unit);
        CHECK_INT("tab money kind", TC_FIG_MONEY, f.items[4].kind);
        CHECK_INT("text after table", 0, f.items[6].table);
        CHECK_STR("text after table", "trạm", f.items[6].unit);
    }
    const char *cells = "\t1\n"
                        "\tSố thuê bao điện thoại/100 dân\n"
                        "\tThuê bao\n"
                        "\t88\n"
                        "\t86,93\n"
                        "\t87.9\n"
                        "\t\xc2\xa0\n"
                        "\n"
                        "\t2\n"
                        "\tTỷ lệ xã có điểm phục vụ BCVT\n"
                        "\t%\n"
                        "\t98,1\n"
                        "\t98.1\n"
                        "\t100.0\n";
    CHECK_INT("cell table", TC_OK, extract_all(g, cells, &f));
    CHECK_INT("cell table: count", 6, f.count);
    if (f.count == 6) {
        CHECK_STR("cell 1 column", "col1", f.items[0].column);
        CHECK_STR("cell 1 indicator", "Số thuê bao điện thoại/100 dân", f.items[0].indicator);
        CHECK_STR("cell 1 unit", "thuê bao", f.items[0].unit);
        CHECK(same(f.items[1].value, 86.93), "cell 2 value %g", f.items[1].value);
        CHECK_INT("cell 2 ambiguous", 0, f.items[1].ambiguous);
        CHECK(same(f.items[2].value, 87.9), "cell 3 value %g", f.items[2].value);
        CHECK_INT("cell 3 ambiguous", 1, f.items[2].ambiguous);
        CHECK_STR("cell 3 reading", "'.' read as a decimal point", f.items[2].reading);
        CHECK_STR("cell 3 column", "col3", f.items[2].column);
        CHECK_INT("cell 4 kind", TC_FIG_PERCENT, f.items[3].kind);
        CHECK(same(f.items[5].value, 100), "cell 6 value %g", f.items[5].value);
    }
    free(f.items);
}

/* ---- 4b. tables read by their headings ------------------------------------------------ */

typedef struct table_want {
    const char *text;   /* the cell */
    double value;       /* expected value */
    const char *unit;   /* expected unit */
    int kind;           /* expected TC_FIG_* */
    int measure;        /* expected TC_MEAS_* */
    const char *column; /* expected column heading */
} table_want;

static void check_table(tc_figurer *g, const char *name, const char *text, const table_want *w,
                        size_t nw)
{
    found f = {0};
    CHECK_INT(name, TC_OK, extract_all(g, text, &f));
    CHECK(f.count == nw, "%s: %zu figures, expected %zu", name, f.count, nw);
    for (size_t k = 0; k < nw && k < f.count; k++) {
        const tc_figure *x = &f.items[k];
        char what[200];
        snprintf(what, sizeof what, "%s: figure %zu text", name, k);
        CHECK_STR(what, w[k].text, x->text);
        CHECK(same(w[k].value, x->value), "%s: figure %zu value %g, expected %g", name, k, x->value,
              w[k].value);
        snprintf(what, sizeof what, "%s: figure %zu unit", name, k);
        CHECK_STR(what, w[k].unit, x->unit);
        snprintf(what, sizeof what, "%s: figure %zu kind", name, k);
        CHECK_INT(what, w[k].kind, x->kind);
        snprintf(what, sizeof what, "%s: figure %zu measure", name, k);
        CHECK_INT(what, w[k].measure, x->measure);
        if (w[k].column) {
            snprintf(what, sizeof what, "%s: figure %zu column", name, k);
            CHECK_STR(what, w[k].column, x->column);
        }
    }
    free(f.items);
}

static void test_headed_tables(tc_figurer *g)
{
    /* a spanning heading over three sub-headings; "Số lượng X" counts X,
     * the sub-headings name no unit */
    static const table_want licences[] = {
        {"21", 21, "tổ chức", TC_FIG_COUNT, TC_MEAS_TOTAL, "Số lượng tổ chức"},
        {"20", 20, "giấy phép", TC_FIG_COUNT, TC_MEAS_TOTAL, "Số lượng Giấy phép"},
        {"0", 0, "", TC_FIG_COUNT, TC_MEAS_TOTAL, "Bộ Công Thương"},
        {"1", 1, "", TC_FIG_COUNT, TC_MEAS_TOTAL, "Bộ Quốc phòng"},
        {"19", 19, "", TC_FIG_COUNT, TC_MEAS_TOTAL, "UBND tỉnh"},
    };
    check_table(g, "licences",
                "TT\tLoại hình hoạt động\tSố lượng tổ chức\tSố lượng Giấy phép\tCơ quan cấp "
                "phép\t\t\n"
                "\t\t\t\tBộ Công Thương\tBộ Quốc phòng\tUBND tỉnh\n"
                "1\tThi công công trình\t21\t20\t0\t1\t19\n",
                licences, sizeof licences / sizeof licences[0]);
    /* units in the headings' parentheses, a place column, a section row
     * (running text) and a total row */
    static const table_want areas[] = {
        {"16 cụm", 16, "cụm", TC_FIG_COUNT, TC_MEAS_TOTAL, NULL},
        {"16", 16, "ha", TC_FIG_MEASURE, TC_MEAS_LEVEL, "Diện tích (ha)"},
        {"100", 100, "%", TC_FIG_PERCENT, TC_MEAS_RATE, "Tỷ lệ lấp đầy (%)"},
        {"970,46", 970.46, "ha", TC_FIG_MEASURE, TC_MEAS_TOTAL, "Diện tích (ha)"},
    };
    check_table(g, "areas",
                "TT\tCụm công nghiệp\tĐịa điểm\tDiện tích (ha)\tTỷ lệ lấp đầy (%)\tChủ đầu tư\n"
                "I. Cụm công nghiệp do UBND cấp xã quản lý (16 cụm)\t\t\t\t\t\n"
                "1\tĐầm Hồng\tPhường Yên Bái, phường Văn Phú\t16\t100\tUBND phường Yên Bái\n"
                "Tổng cộng\t\t\t970,46\t\t\n",
                areas, sizeof areas / sizeof areas[0]);
    /* codes, dates and years are no figures; the load in kg is */
    static const table_want vehicles[] = {
        {"15.690", 15690, "kg", TC_FIG_MEASURE, TC_MEAS_LEVEL, "Trọng tải được phép chở (kg)"},
    };
    check_table(g, "vehicles",
                "TT\tLoại xe, Biển kiểm soát\tĐăng kiểm\tTrọng tải được phép chở (kg)\tThời hạn "
                "kiểm định\tNiên hạn sử dụng\n"
                "1\tÔ tô xi téc chở xăng, dầu, biển số đăng ký: 21A-113.04\tCó\t15.690\t09/07/"
                "2026\t2040\n"
                "TT\tTên gọi và Mô tả\tSố hiệu UN\tLoại nhóm hàng\tSố hiệu nguy hiểm\n"
                "1\tXăng\t1203\t3\t33\n"
                "2\tDầu Diesel\t1202\t3\t30\n",
                vehicles, sizeof vehicles / sizeof vehicles[0]);
}

/* ---- 7. what a figure measures, and when -------------------------------------------- */

typedef struct measure_case {
    const char *input;     /* a sentence */
    const char *span;      /* the figure (its first occurrence) */
    double value;          /* expected value */
    const char *unit;      /* expected unit */
    int measure;           /* expected TC_MEAS_* */
    const char *period;    /* expected period */
    const char *indicator; /* words the indicator holds, or NULL */
} measure_case;

static const measure_case measures[] = {
    {"Quý I/2018, đã tổ chức thẩm định phát triển hạ tầng mạng cho các doanh nghiệp xây dựng 5 "
     "trạm BTS, hướng dẫn cấp phép cho 6 đài TTKD;",
     "5 trạm BTS", 5, "trạm", TC_MEAS_CHANGE, "Quý I/2018", "trạm BTS"},
    {"Trên 21.000 km cáp quang nội tỉnh, 3250 trạm BTS (2G, 3G, 4G) phủ sóng 99% khu vực dân cư",
     "3250 trạm BTS", 3250, "trạm", TC_MEAS_TOTAL, "", "trạm BTS"},
    {"Trên 21.000 km cáp quang nội tỉnh, 3250 trạm BTS (2G, 3G, 4G) phủ sóng 99% khu vực dân cư",
     "99%", 99, "%", TC_MEAS_RATE, "", NULL},
    {"- Thẩm định 279 vị trí xây dựng trạm BTS cho các Doanh nghiệp Viễn thông trên địa bàn tỉnh "
     "(Tăng 253 vị trí so với cùng kỳ năm 2014).",
     "279 vị trí", 279, "vị trí", TC_MEAS_CHANGE, "", "vị trí xây dựng trạm BTS"},
    {"- Thẩm định 279 vị trí xây dựng trạm BTS cho các Doanh nghiệp Viễn thông trên địa bàn tỉnh "
     "(Tăng 253 vị trí so với cùng kỳ năm 2014).",
     "253 vị trí", 253, "vị trí", TC_MEAS_DIFF, "", "vị trí xây dựng trạm BTS"},
    {"Tổng số trạm BTS trên toàn tỉnh là: 775 vị trí trạm BTS, qua đó", "775 vị trí trạm BTS", 775,
     "vị trí", TC_MEAS_TOTAL, "", "trạm BTS"},
    {"Tính đến hết năm 2024, toàn tỉnh có 120 giấy phép còn hiệu lực.", "120 giấy phép", 120,
     "giấy phép", TC_MEAS_TOTAL, "đến hết năm 2024", NULL},
    {"e) Trong năm 2025 có 06 đơn vị được cấp giấy phép dịch vụ nổ mìn.", "06 đơn vị", 6, "đơn vị",
     TC_MEAS_CHANGE, "Trong năm 2025", NULL},
    {"Cụm kho Sin Quyền gồm có 02 kho với tổng sức chứa 180 tấn (mỗi kho chứa 90 tấn);", "180 tấn",
     180, "tấn", TC_MEAS_TOTAL, "", NULL},
    {"Cụm kho Sin Quyền gồm có 02 kho với tổng sức chứa 180 tấn (mỗi kho chứa 90 tấn);", "90 tấn",
     90, "tấn", TC_MEAS_LEVEL, "", NULL},
    {"Phía Tây khu vực nổ mìn cách khoảng 120m có 01 nhà gỗ.", "120m", 120, "m", TC_MEAS_LEVEL, "",
     NULL},
    {"Phía Tây khu vực nổ mìn cách khoảng 120m có 01 nhà gỗ.", "01 nhà gỗ", 1, "nhà", TC_MEAS_TOTAL,
     "", NULL},
    {"Lào Cai có trữ lượng khoảng 2,5 tỷ tấn apatit.", "2,5 tỷ tấn", 2.5e9, "tấn", TC_MEAS_TOTAL,
     "", NULL},
    {"- Đường kính lỗ khoan Dk = 42-76mm; chiều sâu lỗ khoan Lk≤5,5m; chỉ tiêu thuốc nổ q = 0,32 "
     "kg/m3; quy mô bãi nổ Q ≤ 50 kg/đợt kích nổ.",
     "42-76mm", 42, "mm", TC_MEAS_LEVEL, "", NULL},
    {"- Đường kính lỗ khoan Dk = 42-76mm; chiều sâu lỗ khoan Lk≤5,5m; chỉ tiêu thuốc nổ q = 0,32 "
     "kg/m3; quy mô bãi nổ Q ≤ 50 kg/đợt kích nổ.",
     "5,5m", 5.5, "m", TC_MEAS_LEVEL, "", NULL},
    {"- Đường kính lỗ khoan Dk = 42-76mm; chiều sâu lỗ khoan Lk≤5,5m; chỉ tiêu thuốc nổ q = 0,32 "
     "kg/m3; quy mô bãi nổ Q ≤ 50 kg/đợt kích nổ.",
     "0,32 kg/m3", 0.32, "kg/m³", TC_MEAS_LEVEL, "", NULL},
    {"- Đường kính lỗ khoan Dk = 42-76mm; chiều sâu lỗ khoan Lk≤5,5m; chỉ tiêu thuốc nổ q = 0,32 "
     "kg/m3; quy mô bãi nổ Q ≤ 50 kg/đợt kích nổ.",
     "50 kg", 50, "kg", TC_MEAS_LEVEL, "", NULL},
    {"tỷ lệ lấp đầy đạt 60-70%.", "60-70%", 60, "%", TC_MEAS_RATE, "", NULL},
    {"kích thước lòng ngăn chứa 3mx1,5m.", "3m", 3, "m", TC_MEAS_LEVEL, "", NULL},
    {"kích thước lòng ngăn chứa 3mx1,5m.", "1,5m", 1.5, "m", TC_MEAS_LEVEL, "", NULL},
    {"Sau thuế giá trị gia tăng: 15.801.806.704  đồng", "15.801.806.704  đồng", 15801806704.0,
     "VND", TC_MEAS_LEVEL, "", NULL},
    {"nhiệt độ làm việc dưới 60 0C", "60 0C", 60, "°C", TC_MEAS_LEVEL, "", NULL},
    {"Sau khi sắp xếp, tỉnh Hà Tĩnh có 69 đơn vị hành chính cấp xã, gồm60\nxã và 09 phường;",
     "60\nxã", 60, "xã", TC_MEAS_TOTAL, "", NULL},
    {"Sau khi sắp xếp, thành phố Đà Nẵng có 94 đơn vị hành chính cấp xã, gồm 23 phường, 70 xã, 01 "
     "đặc\nkhu; trong đó",
     "01 đặc\nkhu", 1, "đặc khu", TC_MEAS_TOTAL, "", NULL},
};

static void test_measures(tc_figurer *g)
{
    found f = {0};
    for (size_t k = 0; k < sizeof measures / sizeof measures[0]; k++) {
        const measure_case *c = &measures[k];
        CHECK_INT(c->input, TC_OK, extract_all(g, c->input, &f));
        const tc_figure *fig = find_span(&f, c->input, c->span);
        CHECK(fig != NULL, "%s: no figure spanning \"%s\" (%zu found%s%s)", c->input, c->span,
              f.count, f.count ? ", first: " : "", f.count ? f.items[0].text : "");
        if (!fig)
            continue;
        CHECK(same(c->value, fig->value), "%s: value %g, expected %g", c->span, fig->value,
              c->value);
        CHECK_STR(c->span, c->unit, fig->unit);
        CHECK_STR(c->span, tc_figure_measure_name(c->measure),
                  tc_figure_measure_name(fig->measure));
        CHECK_STR(c->span, c->period, fig->period);
        if (c->indicator)
            CHECK(strstr(fig->indicator, c->indicator) != NULL, "%s: indicator \"%s\" lacks \"%s\"",
                  c->span, fig->indicator, c->indicator);
    }
    free(f.items);
}

/* ---- 5. gold ---------------------------------------------------------------------------- */

typedef struct gold {
    char file[64];  /* corpus file name */
    char text[160]; /* as written */
    double value;   /* expected value */
    char unit[48];  /* expected unit */
    int hit;        /* matched by an extracted figure */
} gold;

static void test_gold(tc_figurer *g)
{
    size_t len;
    char *tsv = check_slurp("tests/gold/figures-seeds.tsv", &len);
    CHECK(tsv != NULL, "cannot read tests/gold/figures-seeds.tsv");
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
            gl[ng].value = strtod(cols[2], NULL);
            snprintf(gl[ng].unit, sizeof gl[ng].unit, "%s", cols[3]);
            ng++;
        }
    }
    CHECK(ng >= 60, "only %zu gold figures", ng);
    size_t tp = 0, fp = 0, tables = 0;
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
        CHECK_INT(path, TC_OK, tc_figurer_extract(g, text, n, collect, &f));
        for (size_t k = 0; k < f.count; k++) {
            const tc_figure *x = &f.items[k];
            if (x->table) {
                tables++;
                continue;
            }
            int ln = line_of(text, x->start);
            if (ln < rg[r].first || ln > rg[r].last)
                continue;
            size_t m = 0;
            for (; m < ng; m++)
                if (!gl[m].hit && strcmp(gl[m].file, rg[r].file) == 0 &&
                    same(gl[m].value, x->value) && strcmp(gl[m].unit, x->unit) == 0)
                    break;
            if (m < ng) {
                gl[m].hit = 1;
                tp++;
            } else {
                fp++;
                printf("  figures extra: %s:%d \"%s\" = %g [%s]\n", rg[r].file, ln, x->text,
                       x->value, x->unit);
            }
        }
        free(text);
    }
    size_t fn = 0;
    for (size_t m = 0; m < ng; m++)
        if (!gl[m].hit) {
            fn++;
            printf("  figures miss: %s \"%s\" = %g [%s]\n", gl[m].file, gl[m].text, gl[m].value,
                   gl[m].unit);
        }
    gold_score("figures seeds", tp, fp, fn, 0.90);
    printf("figures seeds: %zu table values\n", tables);
    CHECK(tables > 0, "no table values in the seeds");
    free(f.items);
    free(gl);
    free(tsv);
}

/* ---- 6. real documents -------------------------------------------------------------- */

/* Floors of tests/gold/README.md ("figures-realdocs.tsv"), recorded after
 * the extractor was tuned on the tune split: tune P=1.000 R=1.000 measure
 * 0.908, heldout P=0.961 R=0.957 measure 0.764; a little below, so that a
 * reader's change of a byte does not fail the build, a real loss does. */
#define RD_FLOOR_TUNE_P 0.98
#define RD_FLOOR_TUNE_R 0.98
#define RD_FLOOR_HELD_P 0.93
#define RD_FLOOR_HELD_R 0.93
#define RD_FLOOR_TUNE_MEASURE 0.88
#define RD_FLOOR_HELD_MEASURE 0.74

typedef struct rd_text {
    char *s;      /* squeezed text: whitespace runs are one space, '*' and '\\' dropped */
    size_t len;   /* bytes */
    size_t *from; /* clean offset -> squeezed offset (clean len + 1 entries), or NULL */
} rd_text;

/* Squeezes clean text c[0..n) (see rd_text).  from may be NULL. */
static int rd_squeeze(const char *c, size_t n, rd_text *out, int with_map)
{
    out->s = malloc(n + 1);
    out->from = with_map ? malloc((n + 1) * sizeof *out->from) : NULL;
    out->len = 0;
    if (!out->s || (with_map && !out->from))
        return -1;
    int space = 1; /* drop leading whitespace */
    for (size_t i = 0; i < n; i++) {
        if (out->from)
            out->from[i] = out->len;
        char ch = c[i];
        if (ch == '*' || ch == '\\')
            continue;
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
            if (!space)
                out->s[out->len++] = ' ';
            space = 1;
            continue;
        }
        out->s[out->len++] = ch;
        space = 0;
    }
    if (out->from)
        out->from[n] = out->len;
    out->s[out->len] = 0;
    return 0;
}

static void rd_text_free(rd_text *t)
{
    free(t->s);
    free(t->from);
}

/* A phrase of the gold file cleaned as the analyzers clean text, then
 * squeezed (trailing space kept: "from 12 " must stay a word apart). */
static char *rd_phrase(tc_text *t, const char *s, size_t n)
{
    tc_buf b;
    tc_buf_init(&b, 1 << 16);
    char *r = NULL;
    uint32_t *map = NULL;
    if (tc_text_clean(t, s, n, &b, &map) == TC_OK) {
        rd_text q;
        /* a blank at either end is kept (one): the parts of a locator are
         * squeezed apart and joined again */
        int lead = b.len && (b.data[0] == ' ' || b.data[0] == '\n');
        if (tc_buf_putc(&b, 'x') == TC_OK && rd_squeeze(b.data, b.len, &q, 0) == 0) {
            q.s[--q.len] = 0; /* the 'x' that kept a trailing blank */
            if (lead && (r = malloc(q.len + 2))) {
                r[0] = ' ';
                memcpy(r + 1, q.s, q.len + 1);
                free(q.s);
            } else {
                r = q.s;
            }
        } else {
            rd_text_free(&q);
        }
    }
    free(map);
    tc_buf_free(&b);
    return r;
}

typedef struct rd_gold {
    char file[200];   /* path relative to its corpus folder */
    int held;         /* split: 1 heldout, 0 tune */
    char *pre, *num;  /* locator before the figure, the figure (squeezed) */
    char *post;       /* locator after it */
    double value;     /* expected value */
    int unreadable;   /* value "?" */
    char unit[48];    /* expected unit */
    char kind[16];    /* expected kind */
    char measure[16]; /* expected measure */
    size_t pos;       /* squeezed offset of the figure in its text, SIZE_MAX if not found */
    int hit;          /* matched */
} rd_gold;

typedef struct rd_region {
    char file[200];
    int held;
    char *from, *to; /* squeezed phrases, NULL for "*" */
    size_t a, b;     /* squeezed span, set per text */
} rd_region;

typedef struct rd_score {
    size_t tp, fp, fn, mok, mall; /* mok/mall: measure agreements among tp */
    size_t shown;                 /* lines printed */
} rd_score;

static const char *const kind_names[] = {"", "count", "money", "percent", "ratio", "measure"};

static const char *fig_kind_name(const tc_figure *f)
{
    return f->kind >= 1 && f->kind <= 5 ? kind_names[f->kind] : "";
}

static const char *fig_measure_name(const tc_figure *f)
{
    return tc_figure_measure_name(f->measure);
}

static void rd_note(rd_score *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rd_note(rd_score *s, const char *fmt, ...)
{
    /* every line with TC_GOLD_VERBOSE=1, else the first few of each split */
    if (!getenv("TC_GOLD_VERBOSE") && s->shown >= 12)
        return;
    s->shown++;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

static int rd_dir_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The corpus path of a gold file name, or 0 when its folder is unknown. */
static int rd_path(const char *file, char *out, size_t cap)
{
    if (strncmp(file, "skill-sct/", 10) == 0 || strncmp(file, "phapluat-8chude/", 16) == 0)
        snprintf(out, cap, "../shared/corpora/real-docs/%s", file);
    else if (strncmp(file, "resolutions-2025/", 17) == 0)
        snprintf(out, cap, "../shared/corpora/%s", file);
    else
        return 0;
    return 1;
}

/* Reads a file through tracuu's readers, as the indexer does.  OUT: the
 * reader's output (free with tc_reader_out_free) and the file's bytes. */
static tc_rc rd_read(const char *path, char **data, size_t *n, tc_reader_out *out)
{
    *data = check_slurp(path, n);
    if (!*data)
        return TC_EIO;
    const tc_reader *r = tc_reader_choose(path, *data, *n);
    if (!r)
        return TC_EFORMAT;
    tc_reader_opts opts = {.path = path};
    tc_reader_out_init(out, &opts);
    return r->read(*data, *n, &opts, out);
}

/* Squeezed offset of raw offset off (the first clean byte mapped there). */
static size_t rd_pos(const tc_view *v, const rd_text *q, size_t off)
{
    size_t lo = 0, hi = v->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->map[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return q->from[lo];
}

static void test_realdocs(tc_text *t, tc_figurer *g)
{
    if (!rd_dir_exists("../shared/corpora/real-docs") ||
        !rd_dir_exists("../shared/corpora/resolutions-2025")) {
        printf("figures realdocs: skipped (../shared/corpora/real-docs or resolutions-2025 "
               "not found from %s)\n",
               "the repository root");
        return;
    }
    size_t len;
    char *tsv = check_slurp("tests/gold/figures-realdocs.tsv", &len);
    CHECK(tsv != NULL, "cannot read tests/gold/figures-realdocs.tsv");
    if (!tsv)
        return;
    size_t cap = 1024, ng = 0, nr = 0;
    rd_gold *gl = calloc(cap, sizeof *gl);
    rd_region *rg = calloc(128, sizeof *rg);
    for (char *line = strtok(tsv, "\n"); line && gl && rg; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *c[10];
        int n = split_tabs(line, c, 10);
        if (n == 5 && strcmp(c[0], "region") == 0 && nr < 128) {
            rd_region *r = &rg[nr++];
            snprintf(r->file, sizeof r->file, "%s", c[1]);
            r->held = strcmp(c[2], "heldout") == 0;
            r->from = strcmp(c[3], "*") ? rd_phrase(t, c[3], strlen(c[3])) : NULL;
            r->to = strcmp(c[4], "*") ? rd_phrase(t, c[4], strlen(c[4])) : NULL;
            continue;
        }
        CHECK(n == 9, "figures-realdocs.tsv: %d columns in a row of %s", n, c[0]);
        if (n != 9 || ng == cap)
            continue;
        rd_gold *x = &gl[ng];
        char *lb = strchr(c[2], '['), *rb = lb ? strchr(lb, ']') : NULL;
        CHECK(rb != NULL, "figures-realdocs.tsv: no [figure] in \"%s\"", c[2]);
        if (!rb)
            continue;
        snprintf(x->file, sizeof x->file, "%s", c[0]);
        x->held = strcmp(c[1], "heldout") == 0;
        x->pre = rd_phrase(t, c[2], (size_t)(lb - c[2]));
        x->num = rd_phrase(t, lb + 1, (size_t)(rb - lb - 1));
        x->post = rd_phrase(t, rb + 1, strlen(rb + 1));
        x->unreadable = strcmp(c[3], "?") == 0;
        x->value = x->unreadable ? 0 : strtod(c[3], NULL);
        snprintf(x->unit, sizeof x->unit, "%s", c[4]);
        snprintf(x->kind, sizeof x->kind, "%s", c[5]);
        snprintf(x->measure, sizeof x->measure, "%s", c[6]);
        x->pos = SIZE_MAX;
        if (x->pre && x->num && x->post)
            ng++;
    }
    CHECK(ng >= 400, "only %zu figures in figures-realdocs.tsv", ng);
    rd_score sc[2] = {{0}, {0}};
    size_t files = 0;
    found f = {0};
    for (size_t r0 = 0; r0 < nr; r0++) {
        /* each file once: at its first region */
        int seen = 0;
        for (size_t k = 0; k < r0 && !seen; k++)
            seen = strcmp(rg[k].file, rg[r0].file) == 0;
        if (seen)
            continue;
        char path[512];
        CHECK(rd_path(rg[r0].file, path, sizeof path), "%s: unknown corpus", rg[r0].file);
        char *data = NULL;
        size_t n = 0;
        tc_reader_out out;
        memset(&out, 0, sizeof out);
        tc_rc rc = rd_read(path, &data, &n, &out);
        CHECK(rc == TC_OK, "%s: cannot read (%s)", path, out.why);
        tc_view v;
        rd_text q = {0};
        if (rc == TC_OK && tc_view_build(t, out.text, out.len, &v) == TC_OK) {
            files++;
            if (rd_squeeze(v.clean, v.len, &q, 1) == 0) {
                f.count = 0;
                CHECK_INT(path, TC_OK, tc_figurer_extract_view(g, &v, collect, &f));
                /* the regions of this file in squeezed offsets */
                for (size_t k = r0; k < nr; k++) {
                    if (strcmp(rg[k].file, rg[r0].file))
                        continue;
                    const char *a = rg[k].from ? strstr(q.s, rg[k].from) : q.s;
                    const char *b = a && rg[k].to ? strstr(a, rg[k].to) : a ? q.s + q.len : NULL;
                    CHECK(a && b, "%s: region phrase not found", rg[k].file);
                    rg[k].a = a && b ? (size_t)(a - q.s) : 0;
                    rg[k].b = a && b ? (size_t)(b - q.s) : 0;
                }
                /* where each gold figure stands */
                for (size_t m = 0; m < ng; m++) {
                    rd_gold *x = &gl[m];
                    if (strcmp(x->file, rg[r0].file))
                        continue;
                    char loc[2048];
                    snprintf(loc, sizeof loc, "%s%s%s", x->pre, x->num, x->post);
                    for (size_t k = r0; k < nr && x->pos == SIZE_MAX; k++) {
                        if (strcmp(rg[k].file, x->file))
                            continue;
                        for (const char *p = q.s + rg[k].a;
                             (p = strstr(p, loc)) && (size_t)(p - q.s) < rg[k].b; p++) {
                            x->pos = (size_t)(p - q.s) + strlen(x->pre);
                            break;
                        }
                    }
                    CHECK(x->pos != SIZE_MAX, "%s: locator not found: \"%s\"", x->file, loc);
                }
                /* every figure found inside a region */
                for (size_t k = 0; k < f.count; k++) {
                    const tc_figure *y = &f.items[k];
                    size_t pos = rd_pos(&v, &q, y->start);
                    int in = -1;
                    for (size_t r = r0; r < nr && in < 0; r++)
                        if (!strcmp(rg[r].file, rg[r0].file) && pos >= rg[r].a && pos < rg[r].b)
                            in = rg[r].held;
                    if (in < 0)
                        continue;
                    rd_score *s = &sc[in];
                    rd_gold *x = NULL;
                    for (size_t m = 0; m < ng && !x; m++)
                        if (gl[m].pos == pos && !strcmp(gl[m].file, rg[r0].file))
                            x = &gl[m];
                    if (x && x->unreadable) {
                        x->hit = 1;
                        continue;
                    }
                    if (x && !x->hit && same(x->value, y->value) && !strcmp(x->unit, y->unit) &&
                        !strcmp(x->kind, fig_kind_name(y))) {
                        x->hit = 1;
                        s->tp++;
                        s->mall++;
                        if (!strcmp(x->measure, fig_measure_name(y)))
                            s->mok++;
                        else
                            rd_note(s, "  realdocs %s measure: %s \"%s\" is %s, read %s\n",
                                    in ? "heldout" : "tune", x->file, y->text, x->measure,
                                    fig_measure_name(y));
                        continue;
                    }
                    s->fp++;
                    if (x)
                        rd_note(s, "  realdocs %s wrong: %s \"%s\" = %g [%s] %s, read %g [%s] %s\n",
                                in ? "heldout" : "tune", x->file, x->num, x->value, x->unit,
                                x->kind, y->value, y->unit, fig_kind_name(y));
                    else {
                        /* the words around it, to see what the number was */
                        size_t a = pos > 30 ? pos - 30 : 0, b = pos + 30 < q.len ? pos + 30 : q.len;
                        while (a > 0 && ((unsigned char)q.s[a] & 0xC0) == 0x80)
                            a--;
                        while (b < q.len && ((unsigned char)q.s[b] & 0xC0) == 0x80)
                            b++;
                        rd_note(s, "  realdocs %s extra: %s \"%s\" = %g [%s] %s in \"%.*s\"\n",
                                in ? "heldout" : "tune", rg[r0].file, y->text, y->value, y->unit,
                                fig_kind_name(y), (int)(b - a), q.s + a);
                    }
                }
            }
            tc_view_free(&v);
        }
        rd_text_free(&q);
        tc_reader_out_free(&out);
        free(data);
    }
    for (size_t m = 0; m < ng; m++) {
        if (gl[m].hit || gl[m].unreadable)
            continue;
        rd_score *s = &sc[gl[m].held];
        s->fn++;
        rd_note(s, "  realdocs %s miss: %s \"%s%s%s\" = %g [%s] %s\n",
                gl[m].held ? "heldout" : "tune", gl[m].file, gl[m].pre, gl[m].num, gl[m].post,
                gl[m].value, gl[m].unit, gl[m].kind);
    }
    printf("figures realdocs: %zu documents read through the readers\n", files);
    static const char *const split[] = {"tune", "heldout"};
    const double floor_p[] = {RD_FLOOR_TUNE_P, RD_FLOOR_HELD_P};
    const double floor_r[] = {RD_FLOOR_TUNE_R, RD_FLOOR_HELD_R};
    for (int h = 0; h < 2; h++) {
        rd_score *s = &sc[h];
        double p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 0;
        double r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0;
        double ma = s->mall ? (double)s->mok / (double)s->mall : 0;
        printf("figures realdocs %s: P=%.3f R=%.3f (%zu/%zu/%zu) measure %.3f (%zu/%zu)\n",
               split[h], p, r, s->tp, s->fp, s->fn, ma, s->mok, s->mall);
        CHECK(p >= floor_p[h], "realdocs %s precision %.3f below %.2f", split[h], p, floor_p[h]);
        CHECK(r >= floor_r[h], "realdocs %s recall %.3f below %.2f", split[h], r, floor_r[h]);
        const double floor_m = h ? RD_FLOOR_HELD_MEASURE : RD_FLOOR_TUNE_MEASURE;
        CHECK(ma >= floor_m, "realdocs %s measure %.3f below %.2f", split[h], ma, floor_m);
    }
    for (size_t m = 0; m < ng; m++) {
        free(gl[m].pre);
        free(gl[m].num);
        free(gl[m].post);
    }
    for (size_t k = 0; k < nr; k++) {
        free(rg[k].from);
        free(rg[k].to);
    }
    free(f.items);
    free(gl);
    free(rg);
    free(tsv);
}

static int stop_first(void *ctx, const tc_figure *fig)
{
    (*(int *)ctx)++;
    return 1;
}

int main(void)
{
    tc_text *t = NULL;
    tc_figurer *g = NULL;
    CHECK_INT("open text", TC_OK, tc_text_open(&t));
    CHECK_INT("open figurer", TC_OK, tc_figurer_open(t, &g));
    if (!g)
        return check_report("figures");
    test_numbers();
    test_forms(g);
    test_none(g);
    test_tables(g);
    test_headed_tables(g);
    test_measures(g);
    test_gold(g);
    tc_readers_init();
    test_realdocs(t, g);
    int calls = 0;
    const char *s = "38 hồ sơ, 36 hồ sơ và 02 hồ sơ";
    CHECK_INT("stop", TC_OK, tc_figurer_extract(g, s, strlen(s), stop_first, &calls));
    CHECK_INT("stop after one", 1, calls);
    CHECK_INT("empty", TC_OK, tc_figurer_extract(g, "", 0, stop_first, &calls));
    CHECK_INT("null text", TC_EINVAL, tc_figurer_extract(g, NULL, 3, stop_first, &calls));
    tc_figurer *bad = (tc_figurer *)1;
    CHECK_INT("open without text", TC_EINVAL, tc_figurer_open(NULL, &bad));
    CHECK(bad == NULL, "out not cleared");
    tc_figurer_close(g);
    tc_text_close(t);
    return check_report("figures");
}
