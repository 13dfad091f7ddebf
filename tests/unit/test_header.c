/*
 * test_header.c: header metadata of the seed reports (against the
 * hand-written gold in tests/fixtures/headers.tsv) and of synthetic inputs,
 * including hostile ones.  Run from the repository root.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../analyzers/header.h"
#include "check.h"

#define FIXTURE "tests/fixtures/headers.tsv"
#define CORPUS "corpus/"
#define NCOLS 18

/* ---- the seeds ------------------------------------------------------------- */

/* Compares one fixture row with the parser's result. */
static void check_row(const char *file, char **col, const tc_header *h)
{
    /* Columns in fixture order, with the field each one is checked against. */
    const char *actual[NCOLS];
    char buf[6][16];
    snprintf(buf[0], sizeof buf[0], "%d", h->date_precision);
    snprintf(buf[1], sizeof buf[1], "%d", h->draft);
    snprintf(buf[2], sizeof buf[2], "%d", h->year);
    actual[0] = file;
    actual[1] = h->number;
    actual[2] = h->place;
    actual[3] = h->date;
    actual[4] = buf[0];
    actual[5] = h->province_code;
    actual[6] = h->province;
    actual[7] = h->province2025_code;
    actual[8] = h->province2025;
    actual[9] = h->agency;
    actual[10] = h->type;
    actual[11] = h->title;
    actual[12] = buf[1];
    actual[13] = h->signer_title;
    actual[14] = h->signer_name;
    actual[15] = buf[2];
    actual[16] = h->period;
    actual[17] = h->period_text;
    static const char *const names[NCOLS] = {
        "file",           "number",        "place",       "date",
        "date_precision", "province_code", "province",    "province2025_code",
        "province2025",   "agency",        "type",        "title",
        "draft",          "signer_title",  "signer_name", "year",
        "period",         "period_text"};
    for (int c = 1; c < NCOLS; c++) {
        char what[160];
        snprintf(what, sizeof what, "%s: %s", file, names[c]);
        CHECK_STR(what, col[c], actual[c]);
    }
}

static void check_seeds(tc_text *t, const tc_gazetteer *g)
{
    size_t len;
    char *tsv = check_slurp(FIXTURE, &len);
    CHECK(tsv != NULL, "cannot read %s", FIXTURE);
    if (!tsv)
        return;
    int rows = 0;
    char *line = tsv, *next;
    for (int lineno = 0; line && *line; line = next, lineno++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (lineno == 0 || !*line)
            continue; /* column names */
        char *col[NCOLS];
        int nc = 0;
        for (char *p = line; nc < NCOLS;) {
            col[nc++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = 0;
        }
        CHECK_INT("fixture columns", NCOLS, nc);
        if (nc != NCOLS)
            continue;
        char path[256];
        snprintf(path, sizeof path, CORPUS "%s", col[0]);
        size_t n;
        char *text = check_slurp(path, &n);
        CHECK(text != NULL, "cannot read %s", path);
        if (!text)
            continue;
        tc_header h;
        tc_rc rc = tc_header_parse(t, g, text, n, &h);
        CHECK_INT(col[0], TC_OK, rc);
        check_row(col[0], col, &h);
        free(text);
        rows++;
    }
    CHECK_INT("seed rows", 5, rows);
    free(tsv);
}

/* ---- synthetic cases -------------------------------------------------------- */

/* Expected fields; NULL strings and -1 numbers are not checked. */
typedef struct expect {
    const char *number, *place, *date;
    int date_precision;
    const char *province_code, *province2025_code;
    const char *agency, *parent_agency, *type, *title;
    int draft;
    const char *signer_title, *signer_name;
    int year;
    const char *period, *period_text;
} expect;

#define SKIP -1

static const struct {
    const char *name;  /* case name */
    const char *input; /* text */
    expect e;          /* expected fields */
} cases[] = {
    {"empty", "", {"", "", "", 0, "", "", "", "", "", "", 0, "", "", 0, "", ""}},
    {"only spaces and newlines",
     " \n\n\t \r\n",
     {"", "", "", 0, "", "", "", "", "", "", 0, "", "", 0, "", ""}},
    /* a PDF layout that sets the number apart from its label (a tab reads
     * as a line break in the header) */
    {"number in the cell after a bare Số:",
     "UBND TỈNH HÀ TĨNH\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố:\t23 /BC-STTTT\nCỘNG HOÀ XÃ HỘI CHỦ "
     "NGHĨA VIỆT NAM\nHà Tĩnh, ngày 23 tháng 3 năm 2018\nBÁO CÁO\nKết quả công tác\n\nNội dung.\n",
     {"23/BC-STTTT", "Hà Tĩnh", "2018-03-23", 3, "42", "42",
      "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", NULL, "report", "Kết quả công tác", 0, NULL,
      NULL, 2018, NULL, NULL}},
    /* a consolidated text: its number, place and date are in the
     * authentication block at the end, not at the top */
    {"consolidated text, authentication block at the end",
     "VĂN BẢN HỢP NHẤT - BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "THÔNG TƯ\nBan hành Danh mục vật tư y tế\n\nThông tư số 04/2017/TT-BYT ngày 14 tháng 4 năm "
     "2017 của Bộ trưởng Bộ Y tế.\nĐiều 1. Phạm vi.\nNội dung.\nBỘ Y TẾ\tXÁC THỰC VĂN BẢN HỢP "
     "NHẤT\nSố: 06/VBHN-BYT\nHà Nội, ngày 19 tháng 4 năm 2018\nKT. BỘ TRƯỞNG\n",
     {"06/VBHN-BYT", "Hà Nội", "2018-04-19", 3, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL,
      SKIP, NULL, NULL}},
    /* a form's own number beside its heading is not the document's */
    {"form number (Mẫu số) is not the number",
     "BẢO HIỂM XÃ HỘI VIỆT NAM\tMẫu số: B11-BH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO\nTình "
     "hình thu\n\nNội dung.\n",
     {"", NULL, NULL, SKIP, NULL, NULL, NULL, NULL, NULL, NULL, SKIP, NULL, NULL, SKIP, NULL,
      NULL}},
    /* a handwritten day that OCR garbled: the month and year are kept */
    {"OCR'd date line with an unreadable day",
     "BỘ QUỐC PHÒNG\nSố: 58/2021/TT-BQP\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - "
     "Hạnh "
     "phúc\nHà Nội, ngày Ô ƒ tháng 6 năm 2021\nTHÔNG TƯ\nHướng dẫn thực hiện\n\nNội dung.\n",
     {"58/2021/TT-BQP", "Hà Nội", "2021-06", 2, NULL, NULL, NULL, NULL, "circular", NULL, SKIP,
      NULL, NULL, 2021, NULL, NULL}},
    /* OCR reads a letter's two header columns one after the other: the
     * date line comes after the subject, under the motto; the day and the
     * month are handwritten, one glued to "ngày". */
    {"OCR'd letter: date line under the motto after V/v",
     "BỘ CÔNG THƯƠNG\nSố: 12/BCT-ATMT\nV/v triển khai thực hiện\nthủ tục cấp\n"
     "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập\n- Tự do - Hạnh : phúc\n"
     "Hà Nội, ngàyô} tháng h năm 2026\nKính gửi: Ủy ban nhân dân các tỉnh\n\nNội dung.\n",
     {"12/BCT-ATMT", "Hà Nội", "2026", 1, NULL, NULL, NULL, NULL, "official-letter",
      "triển khai thực hiện thủ tục cấp", SKIP, NULL, NULL, 2026, NULL, NULL}},
    {"OCR'd date line without its comma, year word mis-marked, month glued",
     "BỘ NGOẠI GIAO\nSố: 02/2023/TB-LPQT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nHà Nội ngày 13 tháng 0Ì nằm 2023\nTHÔNG BẢO\n"
     "Về việc điều ước quốc tế có hiệu lực\n\nNội dung.\n",
     {"02/2023/TB-LPQT", "Hà Nội", "2023", 1, NULL, NULL, NULL, NULL, "notice", NULL, SKIP, NULL,
      NULL, 2023, NULL, NULL}},
    /* ... the comma may go only directly under the motto */
    {"no comma and not under the motto: no date",
     "Số: 12/BC-UBND\nBÁO CÁO\nKết quả\n\nHà Nội ngày 13 tháng 1 năm 2023 có mưa.\n",
     {"12/BC-UBND", "", "", SKIP, NULL, NULL, NULL, NULL, "report", NULL, SKIP, NULL, NULL, SKIP,
      NULL, NULL}},
    {"type word in capitals with OCR's wrong marks",
     "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBIẾN BẢN KIÊM TRA\n"
     "Thực tế khu vực mỏ\nHôm nay, ngày 08/6/2026, Sở Công Thương tiến hành kiểm tra\n",
     {NULL, NULL, NULL, SKIP, NULL, NULL, NULL, NULL, "minutes", "KIÊM TRA Thực tế khu vực mỏ",
      SKIP, NULL, NULL, SKIP, NULL, NULL}},
    /* ... one letter only: a ward's name folds like "phương án" */
    {"a ward folding like a type word is no type",
     "ỦY BAN NHÂN DÂN\nPHƯỜNG AN PHÚ\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc thành lập\n\nCăn cứ "
     "Luật.\n",
     {"12/QĐ-UBND", NULL, NULL, SKIP, NULL, NULL, NULL, NULL, "decision", "Về việc thành lập", SKIP,
      NULL, NULL, SKIP, NULL, NULL}},
    /* ... in capitals only: a mis-marked word in running text is not one */
    {"mis-marked type word not in capitals",
     "Số: 5/XYZ\nThông bảo về việc\n\nNội dung.\n",
     {NULL, NULL, NULL, SKIP, NULL, NULL, NULL, NULL, "", NULL, SKIP, NULL, NULL, SKIP, NULL,
      NULL}},
    {"no date: the year is the number's, not one the body mentions",
     "BỘ NGOẠI GIAO\nSố: 02/2023/TB-LPQT\nTHÔNG BÁO\nVề việc điều ước\n\nThực hiện Luật Điều "
     "ước quốc tế năm 2016, Bộ Ngoại giao thông báo.\n",
     {"02/2023/TB-LPQT", "", "", 0, NULL, NULL, NULL, NULL, "notice", NULL, SKIP, NULL, NULL, 2023,
      NULL, NULL}},
    {"no date and no year in the number: no year",
     "BỘ NGOẠI GIAO\nSố: /TB-LPQT\nTHÔNG BÁO\nVề việc điều ước\n\nThực hiện Luật Điều "
     "ước quốc tế năm 2016, Bộ Ngoại giao thông báo.\n",
     {"/TB-LPQT", "", "", 0, NULL, NULL, NULL, NULL, "notice", NULL, SKIP, NULL, NULL, 0, NULL,
      NULL}},
    /* a "received" stamp read by OCR below the number is not the issuer */
    {"OCR'd received stamp below the number",
     "BỘ CÔNG THƯƠNG\nCỤC HÓA CHẤT\nSố: 26/QĐ-XPVPHC\nSỞ CÔNG THƯƠNG LÀO CAI\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Hà Nội, ngày 8 tháng 7 năm 2026\nQUYẾT ĐỊNH\nXử phạt vi phạm hành chính\n\nCăn cứ Luật.\n",
     {"26/QĐ-XPVPHC", "Hà Nội", "2026-07-08", 3, "", "", "Cục Hóa chất", "Bộ Công thương",
      "decision", NULL, SKIP, NULL, NULL, 2026, NULL, NULL}},
    /* a gazette's section heading repeats the issuer; OCR reads the rule
     * under it as letters */
    {"gazette heading over the agency, the rule read as letters",
     "BỘ QUỐC PHÒNG\nBỘ QUỐC PHÒNG\nHH nnn\nSố: 58/2021/TT-BQP\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT "
     "NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 7 tháng 6 năm 2021\nTHÔNG TƯ\nHướng dẫn\n\n"
     "Căn cứ Luật.\n",
     {"58/2021/TT-BQP", "Hà Nội", "2021-06-07", 3, "", "", "Bộ Quốc phòng", "", "circular", NULL,
      SKIP, NULL, NULL, 2021, NULL, NULL}},
    /* ... but a sentence with words between "ngày" and "tháng" is no date */
    {"words between ngày and tháng are not a day",
     "Số: 12/BC-UBND\nHà Tĩnh, ngày làm việc cuối tháng 6 năm 2021\nBÁO CÁO\nKết quả\n\nNội "
     "dung.\n",
     {"12/BC-UBND", "", "", SKIP, NULL, NULL, NULL, NULL, NULL, NULL, SKIP, NULL, NULL, SKIP, NULL,
      NULL}},
    {"blank number and day",
     "Số: /BC-STTTT\nHà Tĩnh, ngày  tháng 7 năm 2024\nBÁO CÁO\nKết quả công tác\n\nNội dung.\n",
     {"/BC-STTTT", "Hà Tĩnh", "2024-07", 2, "42", "42", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh",
      "", "report", "Kết quả công tác", 0, "", "", 2024, "", ""}},
    {"dotted placeholders",
     "Số: ......./QĐ-UBND\nCao Bằng, ngày ... tháng ... năm 2021\nQUYẾT ĐỊNH\nVề việc phê duyệt kế "
     "hoạch\n",
     {"/QĐ-UBND", "Cao Bằng", "2021", 1, "04", "04", NULL, NULL, "decision",
      "Về việc phê duyệt kế hoạch", 0, NULL, NULL, 2021, "", ""}},
    {"two columns in one line, district as place",
     "UBND TỈNH QUẢNG NINH          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "SỞ TÀI CHÍNH          Độc lập - Tự do - Hạnh phúc\n"
     "Số: 12/BC-STC          Hạ Long, ngày 5 tháng 1 năm 2020\n\n"
     "BÁO CÁO\nTình hình thu chi ngân sách quý IV/2019\n\nCăn cứ ...\n",
     {"12/BC-STC", "Hạ Long", "2020-01-05", 3, "22", "22", "Sở Tài chính tỉnh Quảng Ninh",
      "UBND tỉnh Quảng Ninh", "report", "Tình hình thu chi ngân sách quý IV/2019", 0, "", "", 2019,
      "Q4", "quý IV/2019"}},
    {"tabs, NFD, KT. signer, quý II",
     "\tỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "\tTI\xcc\x89NH TRA\xcc\x80 VINH\n" /* NFD: TỈNH TRÀ VINH */
     "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\n"
     "Số:   45 /KH-SKHĐT\tTra\xcc\x80 Vinh, nga\xcc\x80y 02 tha\xcc\x81ng 04 năm 2020\n"
     "KẾ HOẠCH\nTriển khai nhiệm vụ\nquý II/2020 của Sở\n\n"
     "Thực hiện chỉ đạo của UBND tỉnh, Sở Kế hoạch và Đầu tư xây dựng kế hoạch như sau.\n"
     "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n(Đã ký)\n\n"
     "**Nguyễn Văn An**\n",
     {"45/KH-SKHĐT", "Trà Vinh", "2020-04-02", 3, "84", "86", "Sở Kế hoạch và Đầu tư tỉnh Trà Vinh",
      "Ủy ban nhân dân tỉnh Trà Vinh", "plan", "Triển khai nhiệm vụ quý II/2020 của Sở", 0,
      "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", "Nguyễn Văn An", 2020, "Q2", "quý II/2020"}},
    {"draft, H2, agency from the body, old tone style",
     "DỰ THẢO\nSố: /BC-SNV\nKhánh Hoà, ngày 20 tháng 12 năm 2022\nBÁO CÁO\n"
     "Kết quả 6 tháng cuối năm 2022\n\n"
     "Ngày 1/12/2022, Sở Tài chính có văn bản; Sở Nội vụ Khánh Hòa báo cáo như sau:\n"
     "Trên đây là báo cáo.\nNơi nhận:\n- Lưu.\nGIÁM ĐỐC\nLê Thị Hoà\n"
     "PHỤ LỤC 1: SỐ LIỆU\n",
     {"/BC-SNV", "Khánh Hòa", "2022-12-20", 3, "56", "56", "Sở Nội vụ tỉnh Khánh Hòa", "", "report",
      "Kết quả 6 tháng cuối năm 2022", 1, "GIÁM ĐỐC", "Lê Thị Hòa", 2022, "H2",
      "6 tháng cuối năm 2022"}},
    {"agency from the issuer code, 9 months",
     "Số: 7/BC-STTTT\nQuảng Ninh, ngày 1 tháng 10 năm 2016\nBÁO CÁO\n"
     "Hoạt động 9 tháng đầu năm 2016\n\nI. Kết quả\n",
     {"7/BC-STTTT", "Quảng Ninh", "2016-10-01", 3, "22", "22",
      "Sở Thông tin và Truyền thông tỉnh Quảng Ninh", "", "report",
      "Hoạt động 9 tháng đầu năm 2016", 0, "", "", 2016, "9M", "9 tháng đầu năm 2016"}},
    {"official letter with V/v, no type word",
     "SỞ Y TẾ\nSố: 555/SYT-NVY\nV/v triển khai tiêm chủng\nnăm 2023\n\nKính gửi: Các đơn vị\n"
     "Hà Nội, ngày 3 tháng 3 năm 2023\n",
     /* a letter's year is its year of issue: undated and its number without
      * one, it has none (the title's year is a subject, not its date) */
     {"555/SYT-NVY", NULL, NULL, SKIP, NULL, NULL, NULL, "", "official-letter",
      "triển khai tiêm chủng năm 2023", 0, NULL, NULL, 0, "Y", "năm 2023"}},
    /* a central body's date line gives the place, not a province */
    {"law number with a space, city prefix",
     "QUỐC HỘI\nLuật số: 73/2006/QH 11\nTP. Hồ Chí Minh, ngày 29 tháng 6 năm 2006\nLUẬT\n"
     "Bình đẳng giới\n\nCăn cứ Hiến pháp\n",
     {"73/2006/QH11", "TP. Hồ Chí Minh", "2006-06-29", 3, "", "", "Quốc hội", "", "law",
      "Bình đẳng giới", 0, "", "", 2006, "", ""}},
    {"caps type word and title on one line",
     "QUỐC HỘI\nLuật số: 24/2018/QH14\nLUẬT AN NINH MẠNG\n\nCăn cứ Hiến pháp;\n",
     {"24/2018/QH14", "", "", 0, "", "", "Quốc hội", "", "law", "AN NINH MẠNG", 0, "", "", 2018, "",
      ""}},
    {"Party programme, title opening with Thực hiện",
     "TỈNH ỦY CAO BẰNG\nSố: 56-CTr/TU\nCao Bằng, ngày 2 tháng 3 năm 2022\nCHƯƠNG TRÌNH HÀNH ĐỘNG\n"
     "Thực hiện Nghị quyết số 36-NQ/TW\n\nI. MỤC ĐÍCH\n",
     {"56-CTr/TU", "Cao Bằng", "2022-03-02", 3, "04", "04", "Tỉnh ủy Cao Bằng", "", "programme",
      "Thực hiện Nghị quyết số 36-NQ/TW", 0, "", "", 2022, "", ""}},
    {"rules under a decision keep the decision",
     "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 10/2020/QĐ-UBND\nHà Nội, ngày 9 tháng 5 năm 2020\n"
     "QUYẾT ĐỊNH\nBan hành Quy chế quản lý\n\nCăn cứ Luật\nQUY CHẾ\nQuản lý\n",
     {"10/2020/QĐ-UBND", "Hà Nội", "2020-05-09", 3, "01", "01", "Ủy ban nhân dân thành phố Hà Nội",
      "", "decision", "Ban hành Quy chế quản lý", 0, "", "", 2020, "", ""}},
    {"3 tháng đầu năm, slash date",
     "Số: 9/BC-UBND\nHà Giang, ngày 28/3/2018\nBÁO CÁO\n3 tháng đầu năm 2018\n",
     {"9/BC-UBND", "Hà Giang", "2018-03-28", 3, "02", "08", NULL, NULL, "report",
      "3 tháng đầu năm 2018", 0, NULL, NULL, 2018, "Q1", "3 tháng đầu năm 2018"}},
    /* a blank day typed as spaces after the comma: still the date line,
     * not part of the V/v subject above it */
    {"date line with spaces after the comma, under a V/v subject",
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố:         /SCT-CN\nV/v tham gia ý kiến về phương án\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Lào Cai,  ngày      tháng 3 năm 2026\n\n\nKính gửi: Sở Xây dựng\n",
     {"/SCT-CN", "Lào Cai", "2026-03", 2, NULL, NULL, NULL, NULL, "official-letter",
      "tham gia ý kiến về phương án", SKIP, NULL, NULL, SKIP, NULL, NULL}},
    /* a form's tabs split the date line: "Hà Nội, ngày<TAB>tháng<TAB>năm" */
    {"date line split by the tabs of a form",
     "BỘ TÀI CHÍNH\nSố: 372 /QĐ-BTC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày\ttháng\t"
     "năm 2026\nQUYẾT ĐỊNH\nVề việc đính chính\n\nCăn cứ Luật\n",
     {"372/QĐ-BTC", "Hà Nội", "2026", 1, "", NULL, "Bộ Tài chính", NULL, "decision",
      "Về việc đính chính", SKIP, NULL, NULL, SKIP, NULL, NULL}},
    {"date line split by tabs, day and month written",
     "BỘ TÀI CHÍNH\nSố: 12/QĐ-BTC\nHà Nội, ngày 5\ttháng 3\tnăm 2026\nQUYẾT ĐỊNH\nVề việc\n\n"
     "Căn cứ Luật\n",
     {"12/QĐ-BTC", "Hà Nội", "2026-03-05", 3, NULL, NULL, NULL, NULL, "decision", NULL, SKIP, NULL,
      NULL, 2026, NULL, NULL}},
    /* a permit dated above its signature, at the end */
    {"permit dated above the signature",
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố:  /GP-SCT\nGIẤY PHÉP\nVẬN CHUYỂN HÀNG HÓA\n\n"
     "Sở Công Thương tỉnh Lào Cai cho phép:\nCông ty A, đăng ký lần 3 ngày 26 tháng 07 năm 2024.\n"
     "Thời hạn: 24 tháng.\nLào Cai, ngày 9 tháng 6 năm 2026\n\nNơi nhận:\n- Lưu.\n",
     {"/GP-SCT", "Lào Cai", "2026-06-09", 3, "10", NULL, NULL, NULL, "permit", NULL, SKIP, NULL,
      NULL, 2026, NULL, NULL}},
    /* ... but minutes' "Hôm nay, ngày" and a place + date in a paragraph are not */
    {"minutes: a meeting date is no date line",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBIÊN BẢN\nKiểm tra kho\n\nHôm nay, ngày 29 tháng 6 năm "
     "2026, Sở Công Thương kiểm tra.\nLào Cai, ngày 29 tháng 6 năm 2026 đoàn làm việc tại kho.\n"
     "Biên bản lập xong.\n",
     {"", "", "", 0, NULL, NULL, NULL, NULL, "minutes", NULL, SKIP, NULL, NULL, SKIP, NULL, NULL}},
    /* a certificate names its issuer under its title */
    {"certificate: issuer under the title, date above the signature",
     "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nGIẤY CHỨNG NHẬN\n"
     "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM\n\nSỞ CÔNG THƯƠNG TỈNH LÀO CAI\nChứng nhận\n\n"
     "Cơ sở: Điểm kinh doanh A.\n\nLào Cai, ngày    tháng  6  năm 2026\nKT. GIÁM ĐỐC\n"
     "PHÓ GIÁM ĐỐC\nNguyễn Văn A\n",
     {NULL, "Lào Cai", "2026-06", 2, "10", NULL, "Sở Công Thương tỉnh Lào Cai", NULL, "certificate",
      NULL, SKIP, NULL, NULL, 2026, NULL, NULL}},
    /* a treaty: parties from the preamble, date and place from its closing line */
    {"treaty between two governments",
     "HIỆP ĐỊNH VẬN TẢI ĐƯỜNG BỘ\nGIỮA\nCHÍNH PHỦ NƯỚC A\nVÀ\nCHÍNH PHỦ NƯỚC B\n"
     "Chính phủ nước Cộng hòa A và Chính phủ nước\nCộng hòa B (sau đây gọi tắt là hai Bên ký "
     "kết);\nĐã thỏa thuận như sau:\nĐiều 1\nNội dung.\nLàm tại Hà nội ngày 22 tháng 11 năm "
     "1994\n",
     {"", "Hà Nội", "1994-11-22", 3, "", NULL,
      "Chính phủ nước Cộng hòa A và Chính phủ nước Cộng hòa B", NULL, "treaty", NULL, SKIP, NULL,
      NULL, 1994, NULL, NULL}},
    {"protocol (Nghị định thư) is no decree; signed abroad",
     "NGHỊ ĐỊNH THƯ\nGIỮA\nCHÍNH PHỦ NƯỚC A\nVÀ\nCHÍNH PHỦ NƯỚC B\n"
     "Chính phủ nước A và Chính phủ nước B, sau đây gọi tắt là hai Bên;\nĐiều 1\nNội dung.\n"
     "Ký tại Bắc Kinh ngày 11 tháng 10 năm 2011\n",
     {"", "Bắc Kinh", "2011-10-11", 3, "", NULL, "Chính phủ nước A và Chính phủ nước B", NULL,
      "protocol", NULL, SKIP, NULL, NULL, 2011, NULL, NULL}},
    /* a noisy OCR layer: the preamble's paragraph starts on a line in normal
     * case below a title line with a stray lower-case letter; a country's
     * "xã hộ i" makes no commune */
    {"protocol with a noisy OCR layer",
     "NGHỊ ĐỊNH THƯ\nGIỮA\nCHÍNH PHỦ NƯỚC A\nVỀ VIỆC\nTHỰC HIỆN HIỆP ĐINH ĐƯỜNG B ộ\n"
     "Chính phủ nước Cộng hòa xã hộ i chủ nghĩa V iệ t Nam và Chính phủ\nnước B, sau đây gọi "
     "tắt là hai Bên;\nĐiều 1\nNội dung.\n",
     {"", "", "", 0, "", NULL,
      "Chính phủ nước Cộng hòa xã hộ i chủ nghĩa V iệ t Nam và Chính phủ nước B", NULL, "protocol",
      NULL, SKIP, NULL, NULL, SKIP, NULL, NULL}},
    /* a gazette's running header is not part of the agency above it */
    {"gazette running header after the agency line",
     "8\nCÔNG BÁO/Số 639 + 640/Ngày 18-6-2021\nBỘ QUỐC PHÒNG\nCÔNG BÁO/Số 639 + 640/Ngày "
     "18-6-2021\n9\nSố: 58/2021/TT-BQP\nHà Nội, ngày 7 tháng 6 năm 2021\nTHÔNG TƯ\nQuy định\n\n"
     "Căn cứ Luật\n",
     {"58/2021/TT-BQP", "Hà Nội", "2021-06-07", 3, "", NULL, "Bộ Quốc phòng", NULL, "circular",
      NULL, SKIP, NULL, NULL, 2021, NULL, NULL}},
    /* an OCR layer without diacritics still has its type word */
    {"OCR layer without diacritics: BIEN BAN",
     "CQNG HOA XA HQI CHU NGHIA VIET NAM\nDQc l$p - Tg do - H4nh phric\nBIEN BAN KIEM TRA\n"
     "Thuc te kho bao quan\n\nHom nay, ngay 29/6/2026, So Cong Thuong kiem tra.\n",
     {"", NULL, "", 0, NULL, NULL, NULL, NULL, "minutes", NULL, SKIP, NULL, NULL, SKIP, NULL,
      NULL}},
    {"OCR layer without diacritics: PHIEU TRiNH",
     "SO CONG THTIONG\nPHONG QLCN\nceNG HoA xA ngI cnu Ncnie vlpr NAM\nPHIEU TRiNH GIAI OUYfT "
     "C6NC VIEC\nKinh gfri: Lanh dao So\n",
     {"", NULL, "", 0, NULL, NULL, NULL, NULL, "submission-slip", NULL, SKIP, NULL, NULL, SKIP,
      NULL, NULL}},
    /* ... and its agency lines, when the whole line is plain ASCII; "SO:"
     * (Số:) is no Sở */
    {"OCR layer without diacritics: agency and parent",
     "SO CONG THTIONG\nPHONG QLCN\nSO: 12\nPHIEU TRiNH GIAI QUYET CONG VIEC\nKinh gui: Lanh dao "
     "So\n",
     {NULL, NULL, "", 0, NULL, NULL, "Phòng QLCN", "Sở Cong thtiong", "submission-slip", NULL, SKIP,
      NULL, NULL, SKIP, NULL, NULL}},
    /* an OCR'd "received" stamp below the number is no agency line */
    {"OCR layer without diacritics: a stamp is no agency",
     "BO CONG THUONG\nCVC H6A CHAT\nS6: /QD-XPVPHC\nSO CONG THUONG LAO CAI\nQUYET DINH\n"
     "Xu phat vi pham\n\nCan cu Luat\n",
     {NULL, NULL, "", 0, "", NULL, "Bộ Cong thuong", NULL, "decision", NULL, SKIP, NULL, NULL, SKIP,
      NULL, NULL}},
    /* ... but a lower-case ASCII line is no type word */
    {"ASCII line in lower case is no type word",
     "so 12\nbao cao ket qua\n\nNoi dung.\n",
     {"", NULL, "", 0, NULL, NULL, NULL, NULL, "", NULL, SKIP, NULL, NULL, SKIP, NULL, NULL}},
    {"garbage before a header",
     "\xff\xfe\x80\x80\xc3\n\x01\x02 \xe2\x82\nSố: 1/TB-VP\nBÁO CÁO\nThử\n",
     {"1/TB-VP", "", "", 0, "", "", NULL, NULL, "report", "Thử", 0, "", "", 0, "", ""}},
};

static void check_expect(const char *name, const expect *e, const tc_header *h)
{
    char what[200];
#define S(field)                                                                                   \
    do {                                                                                           \
        if (e->field) {                                                                            \
            snprintf(what, sizeof what, "%s: " #field, name);                                      \
            CHECK_STR(what, e->field, h->field);                                                   \
        }                                                                                          \
    } while (0)
#define I(field)                                                                                   \
    do {                                                                                           \
        if (e->field != SKIP) {                                                                    \
            snprintf(what, sizeof what, "%s: " #field, name);                                      \
            CHECK_INT(what, e->field, h->field);                                                   \
        }                                                                                          \
    } while (0)
    S(number);
    S(place);
    S(date);
    I(date_precision);
    S(province_code);
    S(province2025_code);
    S(agency);
    S(parent_agency);
    S(type);
    S(title);
    I(draft);
    S(signer_title);
    S(signer_name);
    I(year);
    S(period);
    S(period_text);
#undef S
#undef I
}

/* Every string field is NUL-terminated within its array and valid UTF-8. */
static void check_sane(const char *name, const tc_header *h)
{
    const struct {
        const char *s;
        size_t cap;
    } f[] = {
        {h->number, sizeof h->number},
        {h->place, sizeof h->place},
        {h->date, sizeof h->date},
        {h->province_code, sizeof h->province_code},
        {h->province, sizeof h->province},
        {h->province2025_code, sizeof h->province2025_code},
        {h->province2025, sizeof h->province2025},
        {h->agency, sizeof h->agency},
        {h->parent_agency, sizeof h->parent_agency},
        {h->type, sizeof h->type},
        {h->title, sizeof h->title},
        {h->signer_title, sizeof h->signer_title},
        {h->signer_name, sizeof h->signer_name},
        {h->period, sizeof h->period},
        {h->period_text, sizeof h->period_text},
        {h->level, sizeof h->level},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        size_t n = strnlen(f[i].s, f[i].cap);
        CHECK(n < f[i].cap, "%s: field %zu not terminated", name, i);
        CHECK(tc_utf8_valid(f[i].s, n), "%s: field %zu not valid UTF-8", name, i);
    }
}

static void check_cases(tc_text *t, const tc_gazetteer *g)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_header h;
        tc_rc rc = tc_header_parse(t, g, cases[i].input, strlen(cases[i].input), &h);
        CHECK_INT(cases[i].name, TC_OK, rc);
        check_expect(cases[i].name, &cases[i].e, &h);
        check_sane(cases[i].name, &h);
    }
}

/* The issuer's level, and the province it implies (real-docs shapes,
 * shortened): a central body gets none from its date line's place. */
static const struct {
    const char *name, *input, *level, *province_code, *agency;
    const char *type; /* NULL: not checked */
    int year;         /* 0: not checked */
} level_cases[] = {
    {"protocol: central, whatever OCR makes of xã hội",
     "NGHỊ ĐỊNH THƯ\nGIỮA\nCHÍNH PHỦ NƯỚC A\nVÀ\nCHÍNH PHỦ NƯỚC B\nChính phủ nước Cộng hòa xã hộ "
     "i chủ nghĩa V iệ t Nam và Chính phủ\nnước B, sau đây gọi tắt là hai Bên;\nĐiều 1\n",
     "central", "", NULL, "protocol", 0},
    /* a consolidated text: type, issuer and year from its XÁC THỰC block,
     * the issuer's name wrapping under it */
    {"consolidated text: issuer from the authentication block",
     "CÔNG BÁO/Số 321/Ngày 10-06-2026\t104\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nNGHỊ ĐỊNH\nQuy định về tiền lương\nNghị định số 121/2018/NĐ-CP "
     "ngày 13 tháng 9 năm 2018 của Chính phủ.\nĐiều 1. Phạm vi\nNội dung.\n"
     "BỘ LAO ĐỘNG - THƯƠNG BINH\tXÁC THỰC VĂN BẢN HỢP NHẤT\nVÀ XÃ HỘI\n"
     "Số: 2651/VBHN-BLĐTBXH\tHà Nội, ngày 21 tháng 6 năm 2024\nKT. BỘ TRƯỞNG\n",
     "central", "", "Bộ Lao động - Thương binh và Xã hội", "consolidated-text", 2024},
    /* a decision's year is its year of issue, not the horizon in its title */
    {"decision: horizon year in the title is not its year",
     "THỦ TƯỚNG CHÍNH PHỦ\nSố: 982/QĐ-TTg\nHà Nội, ngày 20 tháng 5 năm 2026\nQUYẾT ĐỊNH\n"
     "Phê duyệt Chiến lược phát triển đến năm 2030, tầm nhìn đến năm 2045\n\nCăn cứ Luật;\n",
     "central", "", "Thủ tướng Chính phủ", "decision", 2026},
    /* a law has no date line: its date is the adoption date at the end, and
     * its year never the Constitution's in the preamble */
    {"law: adoption date, not the Constitution's year",
     "QUỐC HỘI\n--------\nLuật số: 45/2019/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nBỘ LUẬT\nLAO ĐỘNG\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội "
     "chủ nghĩa Việt Nam năm 1992;\nĐiều 1. Phạm vi điều chỉnh\nNội dung.\n"
     "Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV, kỳ họp thứ 8 "
     "thông qua\nngày 20 tháng 11 năm 2019.\nCHỦ TỊCH QUỐC HỘI\n",
     "central", "", "Quốc hội", "code-of-law", 2019},
    /* a letter whose subject says "báo cáo" and which attaches a report form */
    {"letter with a V/v subject and a report form below",
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố:          /SCT-CN\nV/v báo cáo thực trạng sản xuất "
     "hóa chất\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n Lào Cai, ngày     tháng 6 năm 2026\n\n"
     "Kính gửi: Các đơn vị\n\nĐề nghị các đơn vị báo cáo theo mẫu.\nBÁO CÁO\nTHỰC TRẠNG SẢN XUẤT\n",
     "province", "10", "Sở Công Thương tỉnh Lào Cai", "official-letter", 0},
    /* a separator line drawn on the agency's line is no part of its name */
    {"separator after the agency on its line",
     "QUỐC HỘI --------\nLuật số: 24/2018/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLUẬT\n"
     "AN NINH MẠNG\n\nCăn cứ Hiến pháp;\n",
     "central", "", "Quốc hội", "law", 0},
    /* a joint symbol wrapping after a hyphen */
    {"joint number wrapped onto the next line",
     "BỘ CÔNG AN - BỘ QUỐC PHÒNG\nSố: 24/HDLN-BCA-BQP-\nBYT-BCT\nHà Nội, ngày 5 tháng 3 năm 2026\n"
     "HƯỚNG DẪN\nPhối hợp\n\nNội dung.\n",
     "central", "", NULL, "guidance", 2026},
    /* a permit: its type word is the header's, and it ends the agency lines */
    {"permit (Giấy phép)",
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố:             /GP - SCT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
     "NAM\nĐộc lập - Tự do - Hạnh phúc\n\nGIẤY PHÉP\nVẬN CHUYỂN HÀNG HÓA NGUY HIỂM\n\n"
     "Sở Công Thương tỉnh Lào Cai cho phép:\n",
     "province", "10", "Sở Công Thương tỉnh Lào Cai", "permit", 0},
    {"submission slip (Phiếu trình) of a ministry's department",
     "BỘ CÔNG THƯƠNG\nCỤC HÓA CHẤT\nHà Nội, ngày     tháng 4 năm 2026\nPHIẾU TRÌNH\n"
     "Kính gửi: Cục trưởng\nĐơn vị trình\t: Phòng Quản lý Hóa chất.\n",
     "central", "", "Cục Hóa chất", "submission-slip", 0},
    {"government decree: central, no province from Hà Nội",
     "CHÍNH PHỦ\nSố: 79/2025/NĐ-CP\nHà Nội, ngày 01 tháng 4 năm 2025\nNGHỊ ĐỊNH\n"
     "Về kiểm tra văn bản\n\nCăn cứ Luật Tổ chức Chính phủ;\n",
     "central", "", "Chính phủ", NULL, 0},
    {"department of a ministry: central",
     "BỘ CÔNG THƯƠNG\nCỤC HÓA CHẤT\nSố: 813/HC-CNHC\nV/v cấp giấy phép\nHà Nội, ngày 22 tháng 4 "
     "năm 2026\n\nKính gửi: Sở Công Thương tỉnh Lào Cai\n",
     "central", "", "Cục Hóa chất", NULL, 0},
    {"office of a provincial committee: province",
     "UBND TỈNH LÀO CAI\nVĂN PHÒNG\nSố: /TB-VP\nLào Cai, ngày 12 tháng 5 năm 2026\nTHÔNG BÁO\n"
     "Kết luận của Chủ tịch\n\nNội dung.\n",
     "province", "10", NULL, NULL, 0},
    {"department (Sở): province",
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 3036/SCT-CN\nV/v kế hoạch kiểm tra\n"
     "Lào Cai, ngày 28 tháng 5 năm 2026\n\nKính gửi: Các đơn vị\n",
     "province", "10", "Sở Công Thương tỉnh Lào Cai", NULL, 0},
    {"provincial social insurance is not a commune's",
     "BẢO HIỂM XÃ HỘI TỈNH LÀO CAI\nSố: 12/BHXH-TCKT\nLào Cai, ngày 2 tháng 3 năm 2026\n"
     "V/v thu nộp\n\nKính gửi: Các đơn vị\n",
     "province", "10", NULL, NULL, 0},
    {"commune committee",
     "ỦY BAN NHÂN DÂN\nXÃ BẢN XÈO\nSố: 5/BC-UBND\nBản Xèo, ngày 2 tháng 3 năm 2026\nBÁO CÁO\n"
     "Kết quả\n\nNội dung.\n",
     "commune", NULL, NULL, NULL, 0},
    {"district committee's office",
     "UBND HUYỆN BÁT XÁT\nPHÒNG KINH TẾ\nSố: 7/BC-KT\nBát Xát, ngày 2 tháng 3 năm 2026\nBÁO CÁO\n"
     "Kết quả\n\nNội dung.\n",
     "district", NULL, NULL, NULL, 0},
    {"minutes without an issuer, province from the body",
     "BIÊN BẢN\nKiểm tra kho vật liệu nổ\n\nHôm nay, tại xã Mường Hum, huyện Bát Xát, "
     "tỉnh Lào Cai, "
     "đoàn kiểm tra gồm:\n",
     "province", "10", "", NULL, 0},
};

static void check_levels(tc_text *t, const tc_gazetteer *g)
{
    char what[200];
    for (size_t i = 0; i < sizeof level_cases / sizeof level_cases[0]; i++) {
        tc_header h;
        const char *in = level_cases[i].input;
        CHECK_INT(level_cases[i].name, TC_OK, tc_header_parse(t, g, in, strlen(in), &h));
        snprintf(what, sizeof what, "%s: level", level_cases[i].name);
        CHECK_STR(what, level_cases[i].level, h.level);
        if (level_cases[i].province_code) {
            snprintf(what, sizeof what, "%s: province_code", level_cases[i].name);
            CHECK_STR(what, level_cases[i].province_code, h.province_code);
        }
        if (level_cases[i].agency) {
            snprintf(what, sizeof what, "%s: agency", level_cases[i].name);
            CHECK_STR(what, level_cases[i].agency, h.agency);
        }
        if (strstr(level_cases[i].name, "wrapped")) {
            snprintf(what, sizeof what, "%s: number", level_cases[i].name);
            CHECK_STR(what, "24/HDLN-BCA-BQP-BYT-BCT", h.number);
        }
        if (level_cases[i].type) {
            snprintf(what, sizeof what, "%s: type", level_cases[i].name);
            CHECK_STR(what, level_cases[i].type, h.type);
        }
        if (level_cases[i].year) {
            snprintf(what, sizeof what, "%s: year", level_cases[i].name);
            CHECK_INT(what, level_cases[i].year, h.year);
        }
        check_sane(level_cases[i].name, &h);
    }
}

/* Inputs that must not crash or overflow. */
static void check_hostile(tc_text *t, const tc_gazetteer *g)
{
    tc_header h;
    /* Bytes that are not UTF-8, NULs included. */
    static const char garbage[] = "\xff\x00\xfe\x80\xc3\x28\xe2\x82\x00\xf0\x90\x80\nSố:\x00/\n";
    CHECK_INT("garbage rc", TC_OK, tc_header_parse(t, g, garbage, sizeof garbage - 1, &h));
    check_sane("garbage", &h);
    CHECK_STR("garbage number", "", h.number);
    CHECK_STR("garbage title", "", h.title);

    /* One line of 1 MB without a newline. */
    size_t big = (size_t)1 << 20;
    char *s = malloc(big);
    CHECK(s != NULL, "malloc");
    if (!s)
        return;
    static const char pat[] = "Báo cáo số ngày tháng năm quý Sở tỉnh ";
    for (size_t i = 0; i < big; i++)
        s[i] = pat[i % (sizeof pat - 1)];
    CHECK_INT("1 MB line rc", TC_OK, tc_header_parse(t, g, s, big, &h));
    check_sane("1 MB line", &h);
    CHECK_STR("1 MB line type", "", h.type);
    CHECK_STR("1 MB line number", "", h.number);

    /* A header, then a 1 MB line: the header is still read. */
    const char *head = "Số: 3/BC-STC\nCà Mau, ngày 1 tháng 2 năm 2021\nBÁO CÁO\nNăm 2020\n\n";
    size_t hl = strlen(head);
    memcpy(s, head, hl);
    CHECK_INT("header + 1 MB rc", TC_OK, tc_header_parse(t, g, s, big, &h));
    CHECK_STR("header + 1 MB number", "3/BC-STC", h.number);
    CHECK_STR("header + 1 MB province", "96", h.province_code);
    CHECK_STR("header + 1 MB period", "Y", h.period);
    CHECK_INT("header + 1 MB year", 2020, h.year);

    /* A title longer than its field is cut at a character boundary. */
    size_t n = strlen("BÁO CÁO\n");
    memcpy(s, "BÁO CÁO\n", n);
    for (int line = 0; line < 5; line++) {
        for (int k = 0; k < 75; k++) {
            memcpy(s + n, "ệ ", 4); /* a 3-byte letter and a space */
            n += 4;
        }
        s[n++] = '\n';
    }
    CHECK_INT("long title rc", TC_OK, tc_header_parse(t, g, s, n, &h));
    check_sane("long title", &h);
    CHECK(strlen(h.title) > 400, "long title kept (%zu bytes)", strlen(h.title));
    free(s);

    /* Without a gazetteer, places are read but not resolved. */
    const char *doc = "Số: 2/BC-STC\nCà Mau, ngày 1 tháng 2 năm 2021\nBÁO CÁO\nThử\n";
    CHECK_INT("no gazetteer rc", TC_OK, tc_header_parse(t, NULL, doc, strlen(doc), &h));
    CHECK_STR("no gazetteer place", "Cà Mau", h.place);
    CHECK_STR("no gazetteer province", "", h.province_code);

    /* Invalid arguments. */
    CHECK_INT("NULL out", TC_EINVAL, tc_header_parse(t, g, "x", 1, NULL));
    CHECK_INT("NULL text with length", TC_EINVAL, tc_header_parse(t, g, NULL, 5, &h));
    CHECK_INT("NULL text, no length", TC_OK, tc_header_parse(t, g, NULL, 0, &h));

    CHECK_STR("type name report", "Báo cáo", tc_header_type_name("report"));
    CHECK_STR("type name decision", "Quyết định", tc_header_type_name("decision"));
    CHECK_STR("type name unknown", "", tc_header_type_name("nonsense"));
    CHECK_STR("type name NULL", "", tc_header_type_name(NULL));
}

int main(void)
{
    tc_text *t = NULL;
    tc_gazetteer *g = NULL;
    tc_rc rc = tc_text_open(&t);
    CHECK_INT("tc_text_open", TC_OK, rc);
    if (!rc) {
        rc = tc_gazetteer_open(t, &g);
        CHECK_INT("tc_gazetteer_open", TC_OK, rc);
    }
    if (!rc) {
        check_seeds(t, g);
        check_cases(t, g);
        check_levels(t, g);
        check_hostile(t, g);
    }
    tc_gazetteer_close(g);
    tc_text_close(t);
    return check_report("header");
}
