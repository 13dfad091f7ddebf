/* test_pdf.c: the PDF reader (readers/pdf.c).
 *
 * Fixtures (tests/fixtures/readers/SOURCES.md): two reports of corpus/
 * printed to PDF by LibreOffice, a letter whose header is a two-column
 * table (LibreOffice from HTML) and that letter encrypted by qpdf.  Other
 * PDFs are drawn here with cairo: rows of cells, sideways text, the
 * gazette's running header beside a header, scans (a rendered page painted
 * as an image, with and without a running header as text), 1,000 pages. */
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>

#include "../../analyzers/header.h"
#include "../../readers/ocr.h"
#include "../../readers/reader.h"
#include "check.h"

#define FIX "tests/fixtures/readers/"
/* ends a list of items */
#define END                                                                                        \
    {                                                                                              \
        0, 0, 0, 0, NULL                                                                           \
    }

/* ---- helpers --------------------------------------------------------------- */

typedef struct notes {
    char text[2048]; /* notices, one a line */
    size_t progress; /* progress calls */
    size_t last_done, last_total;
} notes;

static void on_notice(void *ctx, long long offset, const char *msg)
{
    notes *n = ctx;
    size_t k = strlen(n->text);
    snprintf(n->text + k, sizeof n->text - k, "%s\n", msg);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    notes *n = ctx;
    n->progress++;
    n->last_done = done;
    n->last_total = total;
}

static const tc_reader *pdf(void)
{
    return tc_reader_by_name("pdf");
}

static tc_rc read_pdf(const char *data, size_t n, int ocr, size_t cap, notes *nt,
                      tc_reader_out *out)
{
    tc_reader_opts o = {
        .ocr = ocr, .max_text = cap, .notice = on_notice, .progress = on_progress, .ctx = nt};
    memset(nt, 0, sizeof *nt);
    tc_reader_out_init(out, &o);
    return pdf()->read(data, n, &o, out);
}

/* Text of page i, or "" when there is no such page. */
static char *page_text(const tc_reader_out *out, size_t i)
{
    if (i >= out->npages)
        return strdup("");
    size_t a = out->pages[i], b = i + 1 < out->npages ? out->pages[i + 1] : out->len;
    char *s = malloc(b - a + 1);
    memcpy(s, out->text + a, b - a);
    s[b - a] = 0;
    return s;
}

/* The first n lines of s (each with its '\n'). */
static char *first_lines(const char *s, int n)
{
    const char *p = s;
    for (int i = 0; i < n && *p; i++) {
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    return strndup(s, (size_t)(p - s));
}

/* s with every run of white space (line ends, tabs, form feeds) one space:
 * phrases are looked for whatever the line breaks. */
static char *flat(const char *s)
{
    char *o = malloc(strlen(s) + 1), *q = o;
    int sp = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r') {
            sp = 1;
            continue;
        }
        if (sp && q > o)
            *q++ = ' ';
        sp = 0;
        *q++ = *p;
    }
    *q = 0;
    return o;
}

static int has_phrase(const char *page, const char *phrase)
{
    char *f = flat(page);
    int r = strstr(f, phrase) != NULL;
    free(f);
    return r;
}

/* ---- PDFs drawn with cairo ------------------------------------------------------ */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    return tc_buf_append(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

typedef struct item {
    double x, y;      /* baseline start, points from the top left */
    double size;      /* font size; 0 ends the list */
    int up;           /* 1: printed sideways, reading upwards */
    const char *text; /* UTF-8 */
} item;

static void draw_items(cairo_t *cr, const item *it)
{
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (; it->size > 0; it++) {
        cairo_save(cr);
        cairo_set_font_size(cr, it->size);
        cairo_move_to(cr, it->x, it->y);
        if (it->up)
            cairo_rotate(cr, -M_PI / 2);
        cairo_show_text(cr, it->text);
        cairo_restore(cr);
    }
}

/* An A4 PDF of `pages` pages, each with the items. */
static void make_text_pdf(const item *it, int pages, tc_buf *out)
{
    tc_buf_init(out, 0);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, 595, 842);
    cairo_t *cr = cairo_create(s);
    for (int p = 0; p < pages; p++) {
        draw_items(cr, it);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
}

/* A scan: page 1 of the PDF src rendered at dpi in grey and painted as an
 * image on a page of the same size, with the items drawn on top as text
 * (a gazette's running header over a scan). */
static int make_scan_pdf(const tc_buf *src, double dpi, const item *it, tc_buf *out)
{
    tc_buf_init(out, 0);
    GBytes *b = g_bytes_new_static(src->data, src->len);
    PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
    g_bytes_unref(b);
    if (!doc)
        return -1;
    PopplerPage *page = poppler_document_get_page(doc, 0);
    double w, h;
    poppler_page_get_size(page, &w, &h);
    int W = (int)ceil(w * dpi / 72), H = (int)ceil(h * dpi / 72);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72, dpi / 72);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    g_object_unref(page);
    g_object_unref(doc);

    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
    cr = cairo_create(s);
    cairo_save(cr);
    cairo_scale(cr, 72 / dpi, 72 / dpi);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    if (it)
        draw_items(cr, it);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    cairo_surface_destroy(img);
    return 0;
}

/* ---- cases ------------------------------------------------------------------------ */

/* LibreOffice fixtures: pages, kinds, the first lines of page 1 as the
 * source prints them (left header block, then right), a phrase that is on
 * page 2 and not on page 1, and what the header reader finds. */
static const struct fixture_case {
    const char *file;
    size_t npages;
    const char *kinds;    /* 'T' text layer per page */
    int nlines;           /* lines of page 1 compared */
    const char *first;    /* those lines */
    const char *on_page2; /* a phrase on page 2 only, or NULL */
    const char *number, *place, *date;
} fixtures[] = {
    {"pdf-report-hatinh.pdf", 2, "TT", 7,
     "UBND TỈNH HÀ TĨNH\n"
     "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\n"
     "Số: 23 /BC-STTTT\n"
     "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập – Tự do – Hạnh phúc\n"
     "Hà Tĩnh, ngày 23 tháng 3 năm 2018\n"
     "BÁO CÁO\n",
     "Quý I/2018 , Sở đã tham mưu ban hành trên 45 văn bản chỉ đạo", "23/BC-STTTT", "Hà Tĩnh",
     "2018-03-23"},
    {"pdf-report-travinh.pdf", 2, "TT", 3,
     "Số: 298 /BC-STTTT-VP\n"
     "Trà Vinh, ngày 14 tháng 3 năm 2019\n"
     "BÁO CÁO\n",
     "trò chơi điện tử công cộng", "298/BC-STTTT-VP", "Trà Vinh", "2019-03-14"},
    /* the header is a borderless 2 x 2 table: the agency block and the
     * number beside the national motto and the date */
    {"pdf-header-2col.pdf", 1, "T", 9,
     "UBND TỈNH LÀO CAI\n"
     "SỞ CÔNG THƯƠNG\n"
     "Số: 1234/SCT-QLCN\n"
     "V/v kiểm tra kho vật liệu\n"
     "nổ công nghiệp\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\n"
     "Lào Cai, ngày 12 tháng 5 năm 2026\n"
     "Kính gửi: Công ty Cổ phần Khoáng sản Bảo Long\n",
     NULL, "1234/SCT-QLCN", "Lào Cai", "2026-05-12"},
    /* an owner password only (no printing, no copying): readable */
    {"pdf-header-2col-ownerpw.pdf", 1, "T", 3,
     "UBND TỈNH LÀO CAI\n"
     "SỞ CÔNG THƯƠNG\n"
     "Số: 1234/SCT-QLCN\n",
     NULL, "1234/SCT-QLCN", "Lào Cai", "2026-05-12"},
};

static void test_fixtures(tc_text *t, const tc_gazetteer *g)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        const struct fixture_case *c = &fixtures[i];
        char path[256];
        snprintf(path, sizeof path, FIX "%s", c->file);
        size_t n = 0;
        char *data = check_slurp(path, &n);
        CHECK(data != NULL, "%s: cannot read the fixture", path);
        if (!data)
            continue;
        CHECK(pdf()->sniff(data, n), "%s: sniff", c->file);
        CHECK(tc_reader_choose("renamed.txt", data, n) == pdf(), "%s: chosen by content", c->file);
        tc_reader_out out;
        notes nt;
        tc_rc rc = read_pdf(data, n, 0, 0, &nt, &out);
        CHECK_INT(c->file, TC_OK, rc);
        CHECK_INT(c->file, c->npages, out.npages);
        char kinds[16] = "";
        for (size_t p = 0; p < out.npages && p < sizeof kinds - 1; p++)
            kinds[p] = "TIO"[out.page_kind[p]];
        CHECK_STR(c->file, c->kinds, kinds);
        CHECK_INT(c->file, 0, out.image_pages);
        CHECK(out.npages == 0 || out.pages[0] == 0, "%s: page 1 starts at 0", c->file);
        char *p1 = page_text(&out, 0), *p2 = page_text(&out, 1);
        char *head = first_lines(p1, c->nlines);
        CHECK_STR(c->file, c->first, head);
        if (c->on_page2) {
            CHECK(has_phrase(p2, c->on_page2), "%s: \"%s\" not on page 2", c->file, c->on_page2);
            CHECK(!has_phrase(p1, c->on_page2), "%s: \"%s\" on page 1", c->file, c->on_page2);
        }
        /* pages end with a form feed */
        CHECK(strlen(p1) > 0 && p1[strlen(p1) - 1] == '\f', "%s: page 1 ends in \\f", c->file);
        tc_header h;
        rc = tc_header_parse(t, g, out.text, out.len, &h);
        CHECK_INT(c->file, TC_OK, rc);
        CHECK_STR(c->file, c->number, h.number);
        CHECK_STR(c->file, c->place, h.place);
        CHECK_STR(c->file, c->date, h.date);
        free(head);
        free(p1);
        free(p2);
        tc_reader_out_free(&out);
        free(data);
    }
}

/* Layout of PDFs drawn here (DejaVu Serif, 12 pt: h is about 14 pt).
 * Expected texts are what the page shows, row by row. */
static const struct layout_case {
    const char *name;
    item items[10];
    const char *expect; /* text of page 1 without its form feed */
} layouts[] = {
    {"cells far apart on one row: tabs",
     {{72, 100, 12, 0, "Năm"}, {200, 100, 12, 0, "2005"}, {300, 100, 12, 0, "2006"}, END},
     "Năm\t2005\t2006\n"},
    {"rows top to bottom whatever the drawing order",
     {{72, 200, 12, 0, "dòng thứ hai"}, {72, 100, 12, 0, "dòng thứ nhất"}, END},
     "dòng thứ nhất\ndòng thứ hai\n"},
    {"a word drawn in two pieces stays one word",
     {{72, 100, 12, 0, "Thô"}, {93.2, 100, 12, 0, "ng tư"}, END},
     NULL /* checked below: no space inside "Thông" */},
    {"sideways text reads upright",
     {{100, 700, 12, 1, "Bảng in xoay dọc trang"}, {120, 700, 12, 1, "dòng thứ hai của bảng"}, END},
     "Bảng in xoay dọc trang\ndòng thứ hai của bảng\n"},
    /* the gazette's running header with the page number on the right: a
     * row of two cells, but no header; the header's blocks below it */
    {"running header, then the two blocks",
     {{200, 40, 12, 0, "CÔNG BÁO/Số 88/Ngày 06-02-2026"},
      {520, 40, 12, 0, "100"},
      {90, 80, 12, 0, "BỘ TÀI CHÍNH"},
      {300, 80, 12, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
      {340, 96, 12, 0, "Độc lập - Tự do - Hạnh phúc"},
      {80, 120, 12, 0, "Số: 02/2026/TT-BTC"},
      {330, 120, 12, 0, "Hà Nội, ngày 01 tháng 01 năm 2026"},
      {260, 170, 12, 0, "THÔNG TƯ"},
      {72, 200, 12, 0, "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;"},
      END},
     "CÔNG BÁO/Số 88/Ngày 06-02-2026\t100\n"
     "BỘ TÀI CHÍNH\n"
     "Số: 02/2026/TT-BTC\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\n"
     "Hà Nội, ngày 01 tháng 01 năm 2026\n"
     "THÔNG TƯ\n"
     "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;\n"},
    /* both blocks on one baseline less than a line height apart (13 pt,
     * words 3.8 pt apart), as the gazette prints a ministry with a long
     * name: poppler keeps them on one line, the reader tells them apart */
    {"blocks close together on one line",
     {{40, 80, 12, 0, "BỘ LAO ĐỘNG - THƯƠNG BINH"},
      {254, 80, 12, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
      {90, 96, 12, 0, "VÀ XÃ HỘI"},
      {300, 96, 12, 0, "Độc lập - Tự do - Hạnh phúc"},
      {50, 120, 12, 0, "Số: 01/2025/TT-BLĐTBXH"},
      {290, 120, 12, 0, "Hà Nội, ngày 10 tháng 01 năm 2025"},
      END},
     "BỘ LAO ĐỘNG - THƯƠNG BINH\n"
     "VÀ XÃ HỘI\n"
     "Số: 01/2025/TT-BLĐTBXH\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\n"
     "Hà Nội, ngày 10 tháng 01 năm 2025\n"},
    /* a two-cell row lower on the page is a table, not a header */
    {"a table below the top of page 1 keeps its rows",
     {{72, 500, 12, 0, "Số TT"},
      {300, 500, 12, 0, "Nội dung"},
      {72, 516, 12, 0, "1"},
      {300, 516, 12, 0, "Kiểm tra kho"},
      {72, 532, 12, 0, "2"},
      {300, 532, 12, 0, "Báo cáo kết quả"},
      END},
     "Số TT\tNội dung\n1\tKiểm tra kho\n2\tBáo cáo kết quả\n"},
};

static void test_layouts(void)
{
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        const struct layout_case *c = &layouts[i];
        tc_buf b;
        make_text_pdf(c->items, 1, &b);
        tc_reader_out out;
        notes nt;
        tc_rc rc = read_pdf(b.data, b.len, 0, 0, &nt, &out);
        CHECK_INT(c->name, TC_OK, rc);
        CHECK_INT(c->name, 1, out.npages);
        char *p1 = page_text(&out, 0);
        size_t k = strlen(p1);
        if (k && p1[k - 1] == '\f')
            p1[k - 1] = 0;
        if (c->expect)
            CHECK_STR(c->name, c->expect, p1);
        else
            CHECK(strstr(p1, "Thông tư") != NULL, "%s: got \"%s\"", c->name, p1);
        free(p1);
        tc_reader_out_free(&out);
        tc_buf_free(&b);
    }
}

/* Scans: no text layer, or a running header as text over the image. */
static void test_scans(void)
{
    size_t n = 0;
    char *data = check_slurp(FIX "pdf-header-2col.pdf", &n);
    CHECK(data != NULL, "fixture");
    if (!data)
        return;
    tc_buf src = {data, n, n, n};
    static const item running[] = {
        {200, 30, 10, 0, "CÔNG BÁO/Số 88/Ngày 06-02-2026"}, {520, 30, 10, 0, "100"}, END};
    static const struct scan_case {
        const char *name;
        const item *overlay;
        const char *text; /* the text layer read without OCR */
    } scans[] = {
        {"scan without text", NULL, "\f"},
        {"scan under a running header", running, "CÔNG BÁO/Số 88/Ngày 06-02-2026\t100\n\f"},
    };
    /* OCR is approximate: words that a 200 dpi scan of the letter gives
     * back whatever the small errors */
    static const char *const ocr_words[] = {"CÔNG THƯƠNG", "Lào Cai",  "Độc lập",
                                            "Hạnh phúc",   "Kính gửi", "vật liệu nổ"};
    static const char *const ocr_order[] = {"1234/SCT", "công nghiệp", "Độc lập", "Lào Cai, ngày",
                                            "Kính gửi"};
    tc_ocr *probe = NULL;
    int have_vie = tc_ocr_open("vie", &probe) == TC_OK;
    tc_ocr_close(probe);
    if (!have_vie)
        printf("test_pdf: Tesseract's \"vie\" model is missing: OCR cases skipped\n");
    for (size_t i = 0; i < sizeof scans / sizeof *scans; i++) {
        const struct scan_case *c = &scans[i];
        tc_buf b;
        CHECK(make_scan_pdf(&src, 200, c->overlay, &b) == 0, "%s: made", c->name);
        tc_reader_out out;
        notes nt;
        tc_rc rc = read_pdf(b.data, b.len, 0, 0, &nt, &out);
        CHECK_INT(c->name, TC_OK, rc);
        CHECK_INT(c->name, 1, out.npages);
        CHECK_INT(c->name, 1, out.image_pages);
        CHECK_INT(c->name, TC_PAGE_IMAGE, out.npages ? out.page_kind[0] : -1);
        CHECK_STR(c->name, c->text, out.text);
        CHECK_INT(c->name, 0, nt.progress);
        tc_reader_out_free(&out);
        if (have_vie) {
            rc = read_pdf(b.data, b.len, 1, 0, &nt, &out);
            CHECK_INT(c->name, TC_OK, rc);
            CHECK_INT(c->name, 1, out.npages);
            CHECK_INT(c->name, 0, out.image_pages);
            CHECK_INT(c->name, 1, out.ocr_pages);
            CHECK_INT(c->name, TC_PAGE_OCR, out.npages ? out.page_kind[0] : -1);
            for (size_t w = 0; w < sizeof ocr_words / sizeof *ocr_words; w++)
                CHECK(has_phrase(out.text, ocr_words[w]), "%s: OCR lacks \"%s\" in:\n%s", c->name,
                      ocr_words[w], out.text);
            /* the words go through the layout too: the left block (the
             * number, the subject) before the right one (motto, date) */
            const char *prev = out.text;
            for (size_t w = 0; w < sizeof ocr_order / sizeof *ocr_order; w++) {
                const char *at = prev ? strstr(prev, ocr_order[w]) : NULL;
                CHECK(at != NULL, "%s: OCR lacks \"%s\" after the words before it", c->name,
                      ocr_order[w]);
                prev = at;
            }
            CHECK_INT(c->name, 1, nt.progress);
            CHECK_INT(c->name, 1, nt.last_done);
            CHECK_INT(c->name, 1, nt.last_total);
            /* the OCR text must fit the cap too */
            tc_reader_out_free(&out);
            rc = read_pdf(b.data, b.len, 1, 50, &nt, &out);
            CHECK_INT(c->name, TC_ETOOBIG, rc);
            tc_reader_out_free(&out);
        }
        tc_buf_free(&b);
    }
    free(data);
}

/* Text layers that an OCR without Vietnamese wrote are read again from the
 * page image with --ocr; other layers stay. */
static void test_bad_ocr_layers(void)
{
    static const item bad[] = {
        {60, 60, 11, 0, "CQNG HOA XA HQI CHU NGHIA VIET NAM"},
        {60, 80, 11, 0, "DQc l6p - Tg do - H4nh phric"},
        {60, 100, 11, 0, "BIEN BAN KIEM TRA thUc tG kho bio quin v6t liQu n6 c6ng nghiQp"},
        {60, 120, 11, 0, "H6m nay, Sd C6ng Thucmg ti6n hanh ki6m tra thlrc t6 kho chr?a"},
        {60, 140, 11, 0, "t4i khu vr,rc m6 dri Hoa Tr6ng th6n Ldng M6i cira C6ng ty c6 phen"},
        END};
    static const item good[] = {
        {60, 60, 11, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
        {60, 80, 11, 0, "Độc lập - Tự do - Hạnh phúc"},
        {60, 100, 11, 0, "BIÊN BẢN KIỂM TRA thực tế kho bảo quản vật liệu nổ công nghiệp"},
        {60, 120, 11, 0, "Hôm nay, Sở Công Thương tiến hành kiểm tra thực tế kho chứa"},
        {60, 140, 11, 0, "tại khu vực mỏ đá Hoa Trắng thôn Làng Mới của Công ty cổ phần"},
        END};
    static const item english[] = {
        {60, 60, 11, 0, "AGREEMENT ON ROAD TRANSPORT BETWEEN THE TWO GOVERNMENTS"},
        {60, 80, 11, 0, "The parties agree that vehicles of category N2 and N3 may cross"},
        {60, 100, 11, 0, "the border at the gates listed in Annex 1 of this agreement, with"},
        {60, 120, 11, 0, "permits issued by the competent authorities of each party."},
        END};
    static const item short_bad[] = {{60, 60, 11, 0, "C6ng H4nh t4i M6i"}, END};
    static const struct {
        const char *name;
        const item *items;
        int reread; /* with --ocr: read again from the image */
    } cases[] = {
        {"OCR layer without marks", bad, 1},
        {"Vietnamese text layer", good, 0},
        {"English text layer", english, 0},
        {"too few letters to tell", short_bad, 0},
    };
    tc_ocr *probe = NULL;
    int have_vie = tc_ocr_open("vie", &probe) == TC_OK;
    tc_ocr_close(probe);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tc_buf b;
        make_text_pdf(cases[i].items, 1, &b);
        for (int ocr = 0; ocr <= have_vie; ocr++) {
            tc_reader_out out;
            notes nt;
            tc_rc rc = read_pdf(b.data, b.len, ocr, 0, &nt, &out);
            CHECK_INT(cases[i].name, TC_OK, rc);
            CHECK_INT(cases[i].name, 1, out.npages);
            int want = ocr && cases[i].reread ? TC_PAGE_OCR : TC_PAGE_TEXT;
            CHECK_INT(cases[i].name, want, out.npages ? out.page_kind[0] : -1);
            CHECK_INT(cases[i].name, want == TC_PAGE_OCR, (int)out.ocr_pages);
            /* kept as it is, such a layer is counted (index warns of it) */
            CHECK_INT(cases[i].name, cases[i].reread && !ocr, (int)out.foreign_ocr_pages);
            CHECK_INT(cases[i].name, want == TC_PAGE_OCR, nt.progress);
            tc_reader_out_free(&out);
        }
        tc_buf_free(&b);
    }
}

/* Damaged, protected, foreign and oversized input. */
static void test_errors(void)
{
    size_t n = 0, m = 0;
    char *data = check_slurp(FIX "pdf-header-2col.pdf", &n);
    char *locked = check_slurp(FIX "pdf-header-2col-userpw.pdf", &m);
    CHECK(data && locked, "fixtures");
    if (!data || !locked) {
        free(data);
        free(locked);
        return;
    }
    char junk_pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
    char late_magic[2100];
    memset(late_magic, 'a', sizeof late_magic);
    memcpy(late_magic + 2000, "%PDF-1.4", 8);
    char near_magic[200];
    memset(near_magic, ' ', sizeof near_magic);
    memcpy(near_magic + 100, "%PDF-1.4", 8);
    static const char plain[] = "Số: 12/BC-UBND\nBáo cáo tình hình\n";
    const struct error_case {
        const char *name;
        const char *data;
        size_t n;
        tc_rc rc;
        const char *why; /* a part of out->why */
    } cases[] = {
        {"user password", locked, m, TC_EPASSWORD, "password"},
        {"cut in half", data, n / 2, TC_EFORMAT, "truncated"},
        {"%%EOF cut off", data, n - 7, TC_EFORMAT, "truncated"},
        {"no cross-reference table", junk_pdf, sizeof junk_pdf - 1, TC_EFORMAT, "damaged PDF"},
        {"not a PDF", plain, sizeof plain - 1, TC_EFORMAT, "not a PDF"},
        {"empty", "", 0, TC_EFORMAT, "not a PDF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct error_case *c = &cases[i];
        tc_reader_out out;
        notes nt;
        tc_rc rc = read_pdf(c->data, c->n, 0, 0, &nt, &out);
        CHECK_INT(c->name, c->rc, rc);
        CHECK(strstr(out.why, c->why) != NULL, "%s: why \"%s\"", c->name, out.why);
        tc_reader_out_free(&out);
    }
    /* sniffing: "%PDF-" within the first 1024 bytes only */
    const struct sniff_case {
        const char *name;
        const char *data;
        size_t n;
        int is_pdf;
    } sniffs[] = {
        {"fixture", data, n, 1},
        {"magic at 100", near_magic, sizeof near_magic, 1},
        {"magic at 2000", late_magic, sizeof late_magic, 0},
        {"text", plain, sizeof plain - 1, 0},
        {"short", "%PDF", 4, 0},
    };
    for (size_t i = 0; i < sizeof sniffs / sizeof *sniffs; i++)
        CHECK_INT(sniffs[i].name, sniffs[i].is_pdf, pdf()->sniff(sniffs[i].data, sniffs[i].n));
    CHECK(tc_reader_choose("a.pdf", plain, sizeof plain - 1) != pdf(), "text named .pdf");
    CHECK(tc_reader_by_ext("A.PDF") == pdf(), "extension");

    /* startxref pointing nowhere: poppler rebuilds the table by scanning,
     * and the reader says so (a partial text must not pass silently) */
    char *bad = malloc(n);
    memcpy(bad, data, n);
    char *sx = NULL;
    for (char *p = bad; (p = memmem(p, (size_t)(bad + n - p), "startxref", 9)); p += 9)
        sx = p;
    CHECK(sx != NULL, "fixture has startxref");
    if (sx) {
        char *d = sx + 9;
        while (*d == '\r' || *d == '\n')
            d++;
        for (*d++ = '1'; *d >= '0' && *d <= '9'; d++)
            *d = ' '; /* "startxref 1": the offset of "PDF-1.x" */
        tc_reader_out out;
        notes nt;
        tc_rc rc = read_pdf(bad, n, 0, 0, &nt, &out);
        CHECK_INT("startxref broken", TC_OK, rc);
        CHECK(out.len > 20 && strncmp(out.text, "UBND TỈNH LÀO CAI\n", 20) == 0,
              "startxref broken: text \"%.40s\"", out.text ? out.text : "");
        CHECK(strstr(nt.text, "cross-reference table is broken") != NULL,
              "startxref broken: notices \"%s\"", nt.text);
        tc_reader_out_free(&out);
    }
    free(bad);
    /* an intact file gives no notice */
    {
        tc_reader_out out;
        notes nt;
        CHECK_INT("intact", TC_OK, read_pdf(data, n, 0, 0, &nt, &out));
        CHECK_STR("intact: no notice", "", nt.text);
        tc_reader_out_free(&out);
    }

    /* the text cap: TC_ETOOBIG, never a partial text */
    tc_reader_out out;
    notes nt;
    tc_rc rc = read_pdf(data, n, 0, 100, &nt, &out);
    CHECK_INT("cap of 100 bytes", TC_ETOOBIG, rc);
    CHECK(strstr(out.why, "cap") != NULL, "cap: why \"%s\"", out.why);
    tc_reader_out_free(&out);
    free(data);
    free(locked);
}

/* 1,000 pages: every page counted, and the cap holds. */
static void test_many_pages(void)
{
    static const item line[] = {{72, 100, 12, 0, "Trang của văn bản dài: nội dung thử nghiệm."},
                                END};
    const char *one = "Trang của văn bản dài: nội dung thử nghiệm.\n\f";
    tc_buf b;
    make_text_pdf(line, 1000, &b);
    tc_reader_out out;
    notes nt;
    tc_rc rc = read_pdf(b.data, b.len, 0, 0, &nt, &out);
    CHECK_INT("1000 pages", TC_OK, rc);
    CHECK_INT("1000 pages", 1000, out.npages);
    CHECK_INT("1000 pages: length", 1000 * strlen(one), out.len);
    CHECK_INT("1000 pages: page 1000 starts", 999 * strlen(one),
              out.npages == 1000 ? out.pages[999] : 0);
    tc_reader_out_free(&out);
    rc = read_pdf(b.data, b.len, 0, 64 * strlen(one), &nt, &out);
    CHECK_INT("1000 pages over a cap of 64 pages", TC_ETOOBIG, rc);
    CHECK(out.buf.len <= 64 * strlen(one), "cap kept: %zu bytes", out.buf.len);
    tc_reader_out_free(&out);
    tc_buf_free(&b);
}

int main(void)
{
    tc_text *t = NULL;
    tc_gazetteer *g = NULL;
    tc_rc rc = tc_text_open(&t);
    CHECK_INT("tc_text_open", TC_OK, rc);
    if (!rc)
        rc = tc_gazetteer_open(t, &g);
    CHECK_INT("tc_gazetteer_open", TC_OK, rc);
    CHECK(pdf() != NULL, "the pdf reader is in the table");
    if (!rc && pdf()) {
        test_fixtures(t, g);
        test_layouts();
        test_errors();
        /* OCR and a 1,000-page file take minutes under valgrind, which
         * sets TC_TEST_QUICK; the normal and ASan runs cover them */
        if (getenv("TC_TEST_QUICK")) {
            printf("  pdf: OCR and 1,000-page cases skipped (TC_TEST_QUICK)\n");
        } else {
            test_scans();
            test_bad_ocr_layers();
            test_many_pages();
        }
    }
    tc_gazetteer_close(g);
    tc_text_close(t);
    /* cairo keeps the fonts of its toy text API, and fontconfig its
     * configuration, for the life of the process: free them for
     * LeakSanitizer (FcFini through dlsym: fontconfig comes with cairo and
     * the tests do not link it themselves) */
    cairo_debug_reset_static_data();
    void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
    return check_report("pdf");
}
