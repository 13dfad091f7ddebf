/* test_docx.c: the Word 2007+ (.docx) and OpenDocument text (.odt) readers
 * (readers/docx.c, readers/odt.c, readers/zipxml.c).
 *
 * Fixtures of tests/fixtures/readers/ (SOURCES.md there says how each was
 * made) and documents built here: each case's XML is zipped in memory with
 * libzip, read, and its text compared with the text written by hand from
 * the XML.  Damaged and hostile files (truncated zip, missing part, zip
 * bomb, HTML named .docx, malformed XML, external and recursive entities,
 * encrypted member) must each give their error code and a reason. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "../../readers/reader.h"
#include "../../readers/zipxml.h"
#include "check.h"

extern const tc_reader tc_reader_docx;
extern const tc_reader tc_reader_odt;

/* ---- building zips ---------------------------------------------------- */

typedef struct member {
    const char *name;
    const char *data; /* NUL-terminated unless len is given */
    size_t len;
} member;

enum { STORE = 1, ENCRYPT = 2 };

/* Zips members into a malloc'd buffer (*n bytes); NULL on failure. */
static char *make_zip(const member *m, size_t count, int flags, size_t *n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    char *out = NULL;
    if (!src)
        goto done;
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        size_t len = m[i].len ? m[i].len : strlen(m[i].data);
        zip_source_t *s = zip_source_buffer(za, m[i].data, len, 0);
        zip_int64_t idx = s ? zip_file_add(za, m[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            zip_discard(za);
            zip_source_free(src);
            goto done;
        }
        if ((flags & STORE) && i == 0)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        if ((flags & ENCRYPT) && i > 0 &&
            zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "mật khẩu") < 0) {
            zip_discard(za);
            zip_source_free(src);
            goto done;
        }
    }
    if (zip_close(za) < 0) {
        zip_discard(za);
        zip_source_free(src);
        goto done;
    }
    if (zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t size = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        out = size > 0 ? malloc((size_t)size) : NULL;
        if (out && zip_source_read(src, out, (zip_uint64_t)size) != size) {
            free(out);
            out = NULL;
        }
        *n = out ? (size_t)size : 0;
        zip_source_close(src);
    }
    zip_source_free(src);
done:
    zip_error_fini(&ze);
    return out;
}

#define W_NS                                                                                       \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                    \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                    \
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "             \
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "         \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                           \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\" "                                                   \
    "xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
    "Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

/* A .docx whose body is body, with styles (or none) and up to 6 more parts. */
static char *make_docx(const char *body, const char *styles, const member *extra, size_t *n)
{
    tc_buf doc, sty;
    tc_buf_init(&doc, 0);
    tc_buf_init(&sty, 0);
    tc_rc rc = TC_OK;
    tc_buf_printf_rc(&rc, &doc,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<w:document " W_NS "><w:body>%s<w:sectPr/></w:body></w:document>",
                     body);
    if (styles)
        tc_buf_printf_rc(&rc, &sty, "<?xml version=\"1.0\"?><w:styles " W_NS ">%s</w:styles>",
                         styles);
    member m[10] = {{"[Content_Types].xml", content_types, 0},
                    {"word/document.xml", tc_buf_cstr(&doc), 0}};
    size_t k = 2;
    if (styles)
        m[k++] = (member){"word/styles.xml", tc_buf_cstr(&sty), 0};
    for (size_t i = 0; extra && extra[i].name && k < 10; i++)
        m[k++] = extra[i];
    char *z = rc ? NULL : make_zip(m, k, 0, n);
    tc_buf_free(&doc);
    tc_buf_free(&sty);
    return z;
}

#define ODF_NS                                                                                     \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                           \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                             \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                               \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                             \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                            \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "                    \
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "                      \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

/* An .odt: automatic styles and body of content.xml, and styles.xml's
 * inside (NULL: no styles.xml). */
static char *make_odt(const char *auto_styles, const char *body, const char *styles,
                      const char *mime, size_t *n)
{
    tc_buf c, s;
    tc_buf_init(&c, 0);
    tc_buf_init(&s, 0);
    tc_rc rc = TC_OK;
    tc_buf_printf_rc(&rc, &c,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " ODF_NS
                     "><office:automatic-styles>%s</office:automatic-styles><office:body><office:"
                     "text>%s</office:text></office:body></office:document-content>",
                     auto_styles ? auto_styles : "", body);
    if (styles)
        tc_buf_printf_rc(
            &rc, &s,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles " ODF_NS
            ">%s</office:document-styles>",
            styles);
    member m[3] = {{"mimetype", mime ? mime : "application/vnd.oasis.opendocument.text", 0},
                   {"content.xml", tc_buf_cstr(&c), 0},
                   {"styles.xml", tc_buf_cstr(&s), 0}};
    char *z = rc ? NULL : make_zip(m, styles ? 3 : 2, STORE, n);
    tc_buf_free(&c);
    tc_buf_free(&s);
    return z;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct notes {
    int count;
    char last[200];
} notes;

static void on_notice(void *ctx, long long off, const char *msg)
{
    notes *nt = ctx;
    nt->count++;
    snprintf(nt->last, sizeof nt->last, "%s", msg);
}

typedef struct result {
    tc_rc rc;
    char text[8192]; /* cut when longer */
    size_t len;
    char why[160];
    const char *encoding;
    size_t npages;
    notes nt;
} result;

static void read_with(const tc_reader *r, const char *data, size_t n, size_t max_text, result *res)
{
    memset(res, 0, sizeof *res);
    tc_reader_opts o = {.max_text = max_text, .notice = on_notice, .ctx = &res->nt};
    tc_reader_out out;
    tc_reader_out_init(&out, &o);
    res->rc = data ? r->read(data, n, &o, &out) : TC_EINVAL;
    if (!res->rc) {
        res->len = out.len;
        size_t k = out.len < sizeof res->text - 1 ? out.len : sizeof res->text - 1;
        memcpy(res->text, out.text, k);
        res->text[k] = 0;
    }
    snprintf(res->why, sizeof res->why, "%s", out.why);
    res->encoding = out.encoding;
    res->npages = out.npages;
    tc_reader_out_free(&out);
}

/* ---- documents built here --------------------------------------------- */

static const member hf_parts[] = {
    {"word/header1.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>Đầu trang</w:t></w:r></w:p></w:hdr>", 0},
    /* the same text again (first-page header): comes out once */
    {"word/header2.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>Đầu trang</w:t></w:r></w:p></w:hdr>", 0},
    /* a page number only: left out */
    {"word/header10.xml",
     "<w:hdr " W_NS "><w:p><w:fldSimple w:instr=\"PAGE\"><w:r><w:t>7</w:t></w:r></w:fldSimple>"
     "</w:p></w:hdr>",
     0},
    {"word/footer1.xml", "<w:ftr " W_NS "><w:p><w:r><w:t>Chân trang</w:t></w:r></w:p></w:ftr>", 0},
    {"word/footnotes.xml",
     "<w:footnotes " W_NS "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/>"
     "</w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r>"
     "<w:t xml:space=\"preserve\"> Ghi chú một.</w:t></w:r></w:p></w:footnote></w:footnotes>",
     0},
    {NULL, NULL, 0}};

/* header3 sorts before header10 (numbers, not strings) */
static const member hf_order[] = {
    {"word/header10.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>Mười</w:t></w:r></w:p></w:hdr>", 0},
    {"word/header3.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>Ba</w:t></w:r></w:p></w:hdr>", 0},
    {"word/endnotes.xml",
     "<w:endnotes " W_NS "><w:endnote w:id=\"2\"><w:p><w:r><w:t>Cuối</w:t></w:r></w:p>"
     "</w:endnote></w:endnotes>",
     0},
    {NULL, NULL, 0}};

/* a broken header is skipped with a notice, the rest is read */
static const member hf_broken[] = {
    {"word/header1.xml", "<w:hdr " W_NS "><w:p><w:r><w:t>Hỏng</w:t></w:hdr>", 0},
    {"word/footer1.xml", "<w:ftr " W_NS "><w:p><w:r><w:t>Chân</w:t></w:r></w:p></w:ftr>", 0},
    {NULL, NULL, 0}};

#define R(t) "<w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define P(t) "<w:p>" R(t) "</w:p>"
#define TC(x) "<w:tc>" x "</w:tc>"

static const struct docx_case {
    const char *name;
    const char *body;
    const char *styles;
    const member *extra;
    const char *expect;
    int notices; /* notices expected */
} docx_cases[] = {
    // clang-format off
    {"paragraphs, tab, breaks",
     "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:cr/><w:t>D</w:t></w:r></w:p>"
     "<w:p/>" P("Đ"),
     NULL, NULL, "A\tB\nC\nD\n\nĐ\n", 0},
    {"tab stops are not text",
     "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" R("x") "</w:p>",
     NULL, NULL, "x\n", 0},
    {"tracked changes",
     "<w:p>" R("giữ ")
     "<w:del><w:r><w:delText>bỏ </w:delText></w:r></w:del>"
     "<w:ins>" R("thêm") "</w:ins>"
     "<w:moveFrom>" R(" chuyển đi") "</w:moveFrom>"
     "<w:moveTo>" R(" chuyển đến") "</w:moveTo></w:p>",
     NULL, NULL, "giữ thêm chuyển đến\n", 0},
    {"complex field: result kept, code dropped",
     "<w:p>" R("Trang ")
     "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
     "<w:r><w:instrText> PAGE </w:instrText></w:r>"
     "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("3")
     "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" R(" hết") "</w:p>",
     NULL, NULL, "Trang 3 hết\n", 0},
    {"simple field",
     "<w:p>" R("Ngày ") "<w:fldSimple w:instr=\" DATE \">" R("01/02/2026") "</w:fldSimple></w:p>",
     NULL, NULL, "Ngày 01/02/2026\n", 0},
    {"field nested in a field's code",
     "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
     "<w:r><w:instrText>IF </w:instrText></w:r>"
     "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
     "<w:r><w:instrText>PAGE</w:instrText></w:r>"
     "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("X")
     "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
     "<w:r><w:instrText> = 1 \"a\" \"b\"</w:instrText></w:r>"
     "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("Y")
     "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
     NULL, NULL, "Y\n", 0},
    {"a field spanning paragraphs (table of contents)",
     "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
     "<w:r><w:instrText>TOC \\o</w:instrText></w:r>"
     "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("Chương I") "</w:p>"
     "<w:p>" R("Chương II") "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
     P("Nội dung"),
     NULL, NULL, "Chương I\nChương II\nNội dung\n", 0},
    {"hyphens",
     "<w:p><w:r><w:t>QĐ</w:t><w:noBreakHyphen/><w:t>UBND ngo</w:t><w:softHyphen/>"
     "<w:t>ại</w:t></w:r></w:p>",
     NULL, NULL, "QĐ-UBND ngoại\n", 0},
    {"hidden runs",
     "<w:p>" R("thấy")
     "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>"
     "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t> hiện</w:t></w:r></w:p>",
     NULL, NULL, "thấy hiện\n", 0},
    {"paragraph mark properties are not the runs'",
     "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>" R("vẫn thấy") "</w:p>",
     NULL, NULL, "vẫn thấy\n", 0},
    {"text box where it stands, fallback dropped",
     "<w:p>" R("Trước ")
     "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic>"
     "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>" P("Hộp chữ") "</w:txbxContent>"
     "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
     "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" P("Hộp chữ") "</w:txbxContent>"
     "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
     R("sau") "</w:p>",
     NULL, NULL, "Hộp chữ\nTrước sau\n", 0},
    {"content control",
     "<w:sdt><w:sdtPr><w:alias w:val=\"Tiêu đề\"/><w:text/></w:sdtPr>"
     "<w:sdtContent>" P("Báo cáo") "</w:sdtContent></w:sdt>",
     NULL, NULL, "Báo cáo\n", 0},
    {"math",
     "<w:p>" R("x ") "<m:oMath><m:r><m:t>a+b</m:t></m:r></m:oMath></w:p>",
     NULL, NULL, "x a+b\n", 0},
    {"data table",
     P("Trên")
     "<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr>"
     "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
     /* a heading cell spanning two columns */
     "<w:tr>" TC(P("TT")) TC(P("Chỉ tiêu"))
     "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P("Kết quả") "</w:tc></w:tr>"
     /* an empty row: left out */
     "<w:tr>" TC("<w:p/>") TC("<w:p/>") TC("<w:p/>") TC("<w:p/>") "</w:tr>"
     /* two paragraphs in a cell, a tab in a cell */
     "<w:tr>" TC(P("1")) TC(P("Số hồ sơ") P("(bộ)")) TC(P("38"))
     TC("<w:p><w:r><w:t>4</w:t><w:tab/><w:t>5</w:t></w:r></w:p>") "</w:tr>"
     /* a row starting one grid column in */
     "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC(P("Tổng")) TC(P("38")) TC(P("9"))
     "</w:tr></w:tbl>"
     P("Dưới"),
     NULL, NULL, "Trên\nTT\tChỉ tiêu\tKết quả\t\n1\tSố hồ sơ (bộ)\t38\t4 5\n\tTổng\t38\t9\nDưới\n", 0},
    {"header table, column by column (3 columns, spacer in the middle; empty "
     "paragraphs and a rule left out, tabs as spaces)",
     "<w:tbl><w:tr>"
     TC(P("ỦY BAN NHÂN DÂN") P("TỈNH LÀO CAI") P("_______") "<w:p/>" P("Số:\t /BC-UBND"))
     TC("<w:p/>")
     TC(P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") P("Độc lập - Tự do - Hạnh phúc"))
     "</w:tr><w:tr>"
     TC("<w:p/>") TC("<w:p/>") TC(P("Lào Cai, ngày 5 tháng 6 năm 2026"))
     "</w:tr></w:tbl>"
     P("BÁO CÁO"),
     NULL, NULL,
     "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố:  /BC-UBND\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Lào Cai, ngày 5 tháng 6 năm 2026\nBÁO CÁO\n", 0},
    {"header table found by \"Số :\" alone",
     "<w:tbl><w:tr>" TC(P("BỘ CÔNG THƯƠNG") P("Số : 12/BCT")) TC(P("Hà Nội, 2026")) "</w:tr>"
     "</w:tbl>",
     NULL, NULL, "BỘ CÔNG THƯƠNG\nSố : 12/BCT\nHà Nội, 2026\n", 0},
    {"header table found by the place and date",
     "<w:tbl><w:tr>" TC(P("BỘ CÔNG THƯƠNG") P("CỤC HÓA CHẤT"))
     TC(P("Hà Nội, ngày 3 tháng 4 năm 2026")) "</w:tr></w:tbl>",
     NULL, NULL, "BỘ CÔNG THƯƠNG\nCỤC HÓA CHẤT\nHà Nội, ngày 3 tháng 4 năm 2026\n", 0},
    {"signature table, column by column",
     P("Trân trọng./.")
     "<w:tbl><w:tr>" TC(P("Nơi nhận:") P("- Như trên;") P("- Lưu: VT."))
     TC(P("KT. GIÁM ĐỐC") P("PHÓ GIÁM ĐỐC") "<w:p/>" P("Nguyễn Văn An")) "</w:tr></w:tbl>",
     NULL, NULL,
     "Trân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n"
     "Nguyễn Văn An\n", 0},
    {"a two-column table without the cues stays row by row",
     "<w:tbl><w:tr>" TC(P("Tên")) TC(P("Giá trị")) "</w:tr>"
     "<w:tr>" TC(P("Số lượng")) TC(P("12")) "</w:tr></w:tbl>",
     NULL, NULL, "Tên\tGiá trị\nSố lượng\t12\n", 0},
    {"a big table with the cues stays row by row",
     "<w:tbl>"
     "<w:tr>" TC(P("1")) TC(P("Số: 1")) "</w:tr><w:tr>" TC(P("2")) TC(P("b")) "</w:tr>"
     "<w:tr>" TC(P("3")) TC(P("c")) "</w:tr><w:tr>" TC(P("4")) TC(P("d")) "</w:tr>"
     "<w:tr>" TC(P("5")) TC(P("e")) "</w:tr><w:tr>" TC(P("6")) TC(P("f")) "</w:tr>"
     "<w:tr>" TC(P("7")) TC(P("g")) "</w:tr><w:tr>" TC(P("8")) TC(P("h")) "</w:tr>"
     "<w:tr>" TC(P("9")) TC(P("i")) "</w:tr></w:tbl>",
     NULL, NULL, "1\tSố: 1\n2\tb\n3\tc\n4\td\n5\te\n6\tf\n7\tg\n8\th\n9\ti\n", 0},
    {"nested table flattened into its cell",
     "<w:tbl><w:tr>" TC(P("A"))
     TC("<w:tbl><w:tr>" TC(P("x")) TC(P("y")) "</w:tr><w:tr>" TC(P("z")) TC(P("w")) "</w:tr>"
        "</w:tbl><w:p/>")
     "</w:tr><w:tr>" TC(P("B")) TC(P("C")) "</w:tr></w:tbl>",
     NULL, NULL, "A\tx y z w\nB\tC\n", 0},
    {"headers, footers, notes after the body", P("Thân"), NULL, hf_parts,
     "Thân\n\nĐầu trang\n\nChân trang\n\n Ghi chú một.\n", 0},
    {"parts in number order, endnotes last", P("Thân"), NULL, hf_order,
     "Thân\n\nBa\n\nMười\n\nCuối\n", 0},
    {"a broken header is skipped with a notice", P("Thân"), NULL, hf_broken,
     "Thân\n\nChân\n", 1},
    {"malformed styles are ignored with a notice", P("Thân"), "<w:style>", NULL,
     "Thân\n", 1},
    {"entities and character references", P("a &amp; b &lt;c&gt; &#7889; &#x1EA1;"), NULL, NULL,
     "a & b <c> ố ạ\n", 0},
    // clang-format on
};

/* Legacy fonts: needs readers/legacy.c from branch legacy (TCVN3). */
static const char tcvn3_styles[] =
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
    "w:hAnsi=\"Times New Roman\"/></w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "</w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Cu\"><w:basedOn w:val=\"Normal\"/><w:rPr><w:rFonts "
    "w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Con\"><w:basedOn w:val=\"Cu\"/></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Moi\"><w:rPr><w:rFonts w:ascii=\"Arial\" "
    "w:hAnsi=\"Arial\"/></w:rPr></w:style>";

static void test_docx_cases(void)
{
    for (size_t i = 0; i < sizeof docx_cases / sizeof *docx_cases; i++) {
        const struct docx_case *c = &docx_cases[i];
        size_t n = 0;
        char *z = make_docx(c->body, c->styles, c->extra, &n);
        CHECK(z != NULL, "%s: zip built", c->name);
        CHECK(tc_reader_docx.sniff(z, n), "%s: sniffed as docx", c->name);
        CHECK(!tc_reader_odt.sniff(z, n), "%s: not sniffed as odt", c->name);
        result r;
        read_with(&tc_reader_docx, z, n, 0, &r);
        CHECK_INT(c->name, TC_OK, r.rc);
        CHECK_STR(c->name, c->expect, r.text);
        CHECK_INT(c->name, c->notices, r.nt.count);
        CHECK(r.encoding == NULL, "%s: Unicode", c->name);
        CHECK_INT(c->name, 0, r.npages);
        free(z);
    }
}

static void test_docx_legacy(void)
{
    /* TCVN3 bytes of "Bộ công thương" as Word stores them (each byte as its
     * Windows-1252 character): B=42 é=E9 space c=63 «=AB ng th ­=AD ¬=AC ng */
    static const char body[] =
        /* the paragraph style's font, through basedOn */
        "<w:p><w:pPr><w:pStyle w:val=\"Con\"/></w:pPr>" R(
            "Bé c«ng th\xc2\xad\xc2\xacng") "</w:p>"
                                            /* the run's own font */
                                            "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTimeH\" "
                                            "w:hAnsi=\".VnTimeH\"/></w:rPr><w:t>"
                                            "Bé C¤NG TH¦¥NG</w:t></w:r></w:p>"
                                            /* a character style in a Unicode font over a legacy
                                               paragraph */
                                            "<w:p><w:pPr><w:pStyle "
                                            "w:val=\"Cu\"/></w:pPr><w:r><w:rPr><w:rStyle "
                                            "w:val=\"Moi\"/></w:rPr>"
                                            "<w:t>Bé</w:t></w:r></w:p>"
                                            /* the default style: Unicode */
                                            "<w:p>" R("Bộ") "</w:p>";
    size_t n = 0;
    char *z = make_docx(body, tcvn3_styles, NULL, &n);
    result r;
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_INT("legacy docx", TC_OK, r.rc);
    CHECK_STR("legacy docx", "Bộ công thương\nBỘ CÔNG THƯƠNG\nBé\nBộ\n", r.text);
    CHECK_STR("legacy docx encoding", "TCVN3", r.encoding);
    free(z);

    /* ODT: span and paragraph styles through font faces */
    static const char auto_styles[] =
        "<style:style style:name=\"P1\" style:family=\"paragraph\" "
        "style:parent-style-name=\"Cu\"/>"
        "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties "
        "style:font-name=\"Arial\"/></style:style>";
    static const char styles[] =
        "<office:font-face-decls><style:font-face style:name=\"VnTime\" "
        "svg:font-family=\"'.VnTime'\"/><style:font-face style:name=\"Arial\" "
        "svg:font-family=\"Arial\"/></office:font-face-decls><office:styles><style:style "
        "style:name=\"Cu\" style:family=\"paragraph\"><style:text-properties "
        "style:font-name=\"VnTime\"/></style:style></office:styles>";
    static const char obody[] = "<text:p text:style-name=\"P1\">Bé c«ng th\xc2\xad\xc2\xacng "
                                "<text:span text:style-name=\"T1\">Bộ</text:span></text:p>";
    /* Unicode typed in a document whose style names .VnTime (common: the
     * font is not installed, so the author saw it right) stays as it is;
     * and a short paragraph that cannot tell (only "Tình") too */
    static const char unicode_body[] = "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>" R(
        "Tình hình quản lý") "</w:p>"
                             "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>" R("Tình hình") "</w:p>";
    z = make_docx(unicode_body, tcvn3_styles, NULL, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_STR("Unicode in a legacy font", "Tình hình quản lý\nTình hình\n", r.text);
    CHECK(r.encoding == NULL, "Unicode in a legacy font: no encoding (%s)", r.encoding);
    free(z);

    /* a paragraph too short to tell ("Bé") goes as the earlier ones went */
    /* TCVN3 as Word keeps it: "Céng hoµ x· héi chñ nghÜa ViÖt Nam, §éc lËp
     * - Tù do - H¹nh phóc", then "Bé" */
    // clang-format off
    static const char tally_body[] =
        "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>"
        R("C\xc3\xa9ng ho\xc2\xb5 x\xc2\xb7 h\xc3\xa9i ch\xc3\xb1 ngh\xc3\x9c" "a "
          "Vi\xc3\x96t Nam, \xc2\xa7\xc3\xa9" "c l\xc3\x8bp - T\xc3\xb9 do - H\xc2\xb9nh "
          "ph\xc3\xb3" "c")
        "</w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>" R("B\xc3\xa9") "</w:p>";
    // clang-format on
    z = make_docx(tally_body, tcvn3_styles, NULL, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_STR("legacy tally",
              "Cộng hoà xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc\nBộ\n", r.text);
    CHECK_STR("legacy tally encoding", "TCVN3", r.encoding);
    free(z);

    /* the style before a tracked formatting change is not in force */
    static const char change_body[] =
        "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/><w:pPrChange w:id=\"1\"><w:pPr><w:pStyle "
        "w:val=\"Normal\"/></w:pPr></w:pPrChange></w:pPr>" R("c\xc2\xabng") "</w:p>";
    z = make_docx(change_body, tcvn3_styles, NULL, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_STR("tracked formatting change", "công\n", r.text);
    free(z);

    /* a text box in a legacy paragraph: each paragraph keeps its own text */
    static const char box_body[] = "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>" R(
        "c\xc2\xabng ") "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:pPr><w:pStyle "
                        "w:val=\"Cu\"/>"
                        "</w:pPr>" R(
                            "th\xc2\xad\xc2\xacng") "</w:p></w:txbxContent></v:textbox></v:shape>"
                                                    "</w:pict></w:r>" R("B\xc3\xa9") "</w:p>";
    z = make_docx(box_body, tcvn3_styles, NULL, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_STR("legacy text box", "thương\ncông Bộ\n", r.text);
    free(z);

    /* VNI: a letter and its mark in two runs ("Bo" + "ä") still compose */
    static const char vni_body[] =
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr>"
        "<w:t>Bo</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:rFonts "
        "w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr><w:t xml:space=\"preserve\">"
        "\xc3\xa4 co\xc3\xa2ng th\xc3\xb6\xc3\xb4ng</w:t></w:r>" R(" (Unicode: Bộ)") "</w:p>";
    z = make_docx(vni_body, tcvn3_styles, NULL, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_STR("VNI split", "Bộ công thương (Unicode: Bộ)\n", r.text);
    CHECK_STR("VNI encoding", "VNI", r.encoding);
    free(z);

    z = make_odt(auto_styles, obody, styles, NULL, &n);
    read_with(&tc_reader_odt, z, n, 0, &r);
    CHECK_INT("legacy odt", TC_OK, r.rc);
    CHECK_STR("legacy odt", "Bộ công thương Bộ\n", r.text);
    CHECK_STR("legacy odt encoding", "TCVN3", r.encoding);
    free(z);
}

/* ---- ODT built here ------------------------------------------------------ */

static const char odt_hf_styles[] =
    "<office:master-styles><style:master-page style:name=\"Standard\"><style:header><text:p>"
    "Đầu trang</text:p></style:header><style:header-left><text:p>Đầu trang</text:p>"
    "</style:header-left><style:footer><text:p>Trang <text:page-number>2</text:page-number>"
    "</text:p></style:footer></style:master-page><style:master-page style:name=\"Khac\">"
    "<style:footer><text:p>9</text:p></style:footer></style:master-page></office:master-styles>";

#define OP(t) "<text:p>" t "</text:p>"
#define OC(x) "<table:table-cell>" x "</table:table-cell>"

static const struct odt_case {
    const char *name;
    const char *body;
    const char *styles;
    const char *expect;
    int notices;
} odt_cases[] =
    {
        // clang-format off
    {"white space",
     OP("  A \n  B<text:s text:c=\"2\"/>C<text:tab/>D<text:line-break/>E "),
     NULL, "A B  C\tD\nE \n", 0},
    {"headings and lists",
     "<text:h text:outline-level=\"1\">Chương I</text:h>"
     "<text:list><text:list-item>" OP("một") "</text:list-item>"
     "<text:list-item>" OP("hai") "</text:list-item></text:list>" OP(""),
     NULL, "Chương I\nmột\nhai\n\n", 0},
    {"tracked deletion, annotation, note",
     "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>" OP("đã xóa")
     "</text:deletion></text:changed-region></text:tracked-changes>"
     OP("còn<text:change text:change-id=\"c1\"/> lại"
        "<office:annotation><dc:creator>X</dc:creator>" OP("ý kiến") "</office:annotation>"
        "; xem<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
        "<text:note-body>" OP("Ghi chú.") "</text:note-body></text:note> thêm"),
     NULL, "còn lại; xem thêm\n\nGhi chú.\n", 0},
    {"text box where it stands",
     OP("Trước <draw:frame><svg:title>tiêu đề</svg:title><draw:text-box>" OP("Hộp")
        "</draw:text-box></draw:frame>sau"),
     NULL, "Hộp\nTrước sau\n", 0},
    {"index template is not text",
     "<text:table-of-content><text:table-of-content-source><text:index-title-template>Mục lục"
     "</text:index-title-template></text:table-of-content-source><text:index-body>"
     OP("Chương I") "</text:index-body></text:table-of-content>",
     NULL, "Chương I\n", 0},
    {"tables",
     "<table:table><table:table-row>" OC(OP("TT"))
     "<table:table-cell table:number-columns-spanned=\"2\">" OP("Kết quả") "</table:table-cell>"
     "<table:covered-table-cell/></table:table-row>"
     "<table:table-header-rows><table:table-row>" OC(OP("1")) OC(OP("a") OP("b")) OC(OP("c"))
     "</table:table-row></table:table-header-rows></table:table>"
     "<table:table><table:table-row>" OC(OP("SỞ CÔNG THƯƠNG") OP("Số: 5/SCT"))
     OC(OP("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) "</table:table-row></table:table>",
     NULL,
     "TT\tKết quả\t\n1\ta b\tc\nSỞ CÔNG THƯƠNG\nSố: 5/SCT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     0},
    {"master page headers and footers", OP("Thân"), odt_hf_styles,
     "Thân\n\nĐầu trang\n\nTrang 2\n", 0},
    {"malformed styles are ignored with a notice", OP("Thân"), "<office:styles>",
     "Thân\n", 1},
        // clang-format on
};

static void test_odt_cases(void)
{
    for (size_t i = 0; i < sizeof odt_cases / sizeof *odt_cases; i++) {
        const struct odt_case *c = &odt_cases[i];
        size_t n = 0;
        char *z = make_odt(NULL, c->body, c->styles, NULL, &n);
        CHECK(z != NULL, "%s: zip built", c->name);
        CHECK(tc_reader_odt.sniff(z, n), "%s: sniffed as odt", c->name);
        CHECK(!tc_reader_docx.sniff(z, n), "%s: not sniffed as docx", c->name);
        result r;
        read_with(&tc_reader_odt, z, n, 0, &r);
        CHECK_INT(c->name, TC_OK, r.rc);
        CHECK_STR(c->name, c->expect, r.text);
        CHECK_INT(c->name, c->notices, r.nt.count);
        free(z);
    }
    /* another ODF type (a spreadsheet) is not claimed */
    size_t n = 0;
    char *z = make_odt(NULL, OP("x"), NULL, "application/vnd.oasis.opendocument.spreadsheet", &n);
    CHECK(!tc_reader_odt.sniff(z, n), "spreadsheet not sniffed as odt");
    free(z);
}

/* ---- fixtures ------------------------------------------------------------ */

static const struct fixture {
    const char *file;   /* in tests/fixtures/readers/ */
    const char *expect; /* file whose content + "\n" is the text, or NULL */
    const char *text;   /* else the text itself */
} fixtures[] = {
    {"report-hatinh-2018.docx", "corpus/000_90010ce738600653.txt", NULL},
    {"report-hatinh-2018.odt", "corpus/000_90010ce738600653.txt", NULL},
    {"report-travinh-2019.docx", "corpus/002_047a4ae5ab10d50a.txt", NULL},
    {"report-travinh-2019.odt", "corpus/002_047a4ae5ab10d50a.txt", NULL},
    /* header-table.fodt by LibreOffice: the header and signature tables
     * column by column, the data table row by row, the empty paragraph
     * LibreOffice puts after a table that ends a document, then the page
     * header, the footer and the footnote (in .docx the footnote starts
     * with the tab LibreOffice writes after the note's mark) */
    {"header-table.odt", NULL,
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 123/SCT-KTAT\nV/v kiểm tra kho vật liệu nổ\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Lào Cai, ngày 15 tháng 6 năm 2026\nKính gửi: Công ty cổ phần Mông Sơn\n"
     "Sở Công Thương đề nghị Công ty báo cáo số liệu như sau:\nTT\tLoại\tKhối lượng\t\n"
     "\t\t2025\t2026\n1\tThuốc nổ (kg)\t9.940.383\t1.501,5\nTrân trọng./.\nNơi nhận:\n"
     "- Như trên;\n- Lưu: VT, KTAT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An\n\n\n"
     "Sở Công Thương tỉnh Lào Cai - bản dự thảo\n\nTrang 1\n\nTheo Nghị định số 71/2018/NĐ-CP.\n"},
    {"header-table.docx", NULL,
     "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 123/SCT-KTAT\nV/v kiểm tra kho vật liệu nổ\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Lào Cai, ngày 15 tháng 6 năm 2026\nKính gửi: Công ty cổ phần Mông Sơn\n"
     "Sở Công Thương đề nghị Công ty báo cáo số liệu như sau:\nTT\tLoại\tKhối lượng\t\n"
     "\t\t2025\t2026\n1\tThuốc nổ (kg)\t9.940.383\t1.501,5\nTrân trọng./.\nNơi nhận:\n"
     "- Như trên;\n- Lưu: VT, KTAT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An\n\n\n"
     "Sở Công Thương tỉnh Lào Cai - bản dự thảo\n\nTrang 1\n\n\tTheo Nghị định số "
     "71/2018/NĐ-CP.\n"},
};

static char *fixture(const char *file, size_t *n)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/readers/%s", file);
    return check_slurp(path, n);
}

static void test_fixtures(void)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        const struct fixture *f = &fixtures[i];
        size_t n = 0, en = 0;
        char *data = fixture(f->file, &n);
        CHECK(data != NULL, "%s: fixture present", f->file);
        if (!data)
            continue;
        const tc_reader *want = strstr(f->file, ".odt") ? &tc_reader_odt : &tc_reader_docx;
        CHECK(tc_reader_choose(f->file, data, n) == want, "%s: chosen by content", f->file);
        /* a renamed file is still recognised by its content */
        CHECK(tc_reader_choose("renamed.txt", data, n) == want, "%s: renamed", f->file);
        char *expect = NULL;
        if (f->expect) {
            char *e = check_slurp(f->expect, &en);
            expect = e ? realloc(e, en + 2) : NULL;
            if (expect) {
                expect[en] = '\n';
                expect[en + 1] = 0;
            }
        }
        tc_reader_opts o = {0};
        tc_reader_out out;
        tc_reader_out_init(&out, &o);
        tc_rc rc = want->read(data, n, &o, &out);
        CHECK_INT(f->file, TC_OK, rc);
        const char *exp = f->expect ? expect : f->text;
        CHECK(exp && out.len == strlen(exp) && memcmp(out.text, exp, out.len) == 0,
              "%s: text (%zu bytes, expected %zu)", f->file, out.len, exp ? strlen(exp) : 0);
        if (exp && !f->expect)
            CHECK_STR(f->file, exp, out.len ? out.text : "");
        tc_reader_out_free(&out);
        size_t exp_len = exp ? strlen(exp) : 200;
        free(expect);

        /* the text cap: a cap below the text's length ends in TC_ETOOBIG */
        tc_reader_opts small = {.max_text = exp_len / 2};
        tc_reader_out_init(&out, &small);
        rc = want->read(data, n, &small, &out);
        CHECK_INT(f->file, TC_ETOOBIG, rc);
        CHECK(strstr(out.why, "cap") != NULL, "%s: why = %s", f->file, out.why);
        tc_reader_out_free(&out);

        /* truncated: half of the file */
        result r;
        read_with(want, data, n / 2, 0, &r);
        CHECK_INT(f->file, TC_EFORMAT, r.rc);
        CHECK(strstr(r.why, "zip") != NULL, "%s truncated: why = %s", f->file, r.why);
        /* cut after its parts' names: still taken for what it is, so that
         * the error says why */
        const char *last = strstr(f->file, ".odt") ? "content.xml" : "word/document.xml";
        char *at = memmem(data, n, last, strlen(last));
        size_t cut = at ? (size_t)(at - data) + strlen(last) + 10 : n / 2;
        CHECK(at && want->sniff(data, cut), "%s truncated: still sniffed", f->file);
        CHECK(tc_reader_choose(f->file, data, cut) == want, "%s truncated: chosen", f->file);
        read_with(want, data, cut, 0, &r);
        CHECK_INT(f->file, TC_EFORMAT, r.rc);
        free(data);
    }
}

/* ---- damaged and hostile files ------------------------------------------ */

static void test_bad(void)
{
    result r;
    size_t n = 0;

    /* not a zip at all: an HTML page named .docx */
    static const char html[] = "<html><head><title>Báo cáo</title></head><body><p>Số: 1/BC</p>"
                               "</body></html>\n";
    CHECK(!tc_reader_docx.sniff(html, sizeof html - 1), "HTML not sniffed as docx");
    CHECK(!tc_reader_odt.sniff(html, sizeof html - 1), "HTML not sniffed as odt");
    const tc_reader *ch = tc_reader_choose("bao-cao.docx", html, sizeof html - 1);
    CHECK(ch && strcmp(ch->name, "docx") != 0, "HTML named .docx read as %s",
          ch ? ch->name : "nothing");
    read_with(&tc_reader_docx, html, sizeof html - 1, 0, &r);
    CHECK_INT("HTML as docx", TC_EFORMAT, r.rc);
    CHECK(strstr(r.why, "not a readable zip") != NULL, "HTML: why = %s", r.why);
    read_with(&tc_reader_odt, "", 0, 0, &r);
    CHECK_INT("empty as odt", TC_EFORMAT, r.rc);

    /* a zip without word/document.xml */
    member m[2] = {{"[Content_Types].xml", content_types, 0}, {"word/styles.xml", "<x/>", 0}};
    char *z = make_zip(m, 2, 0, &n);
    CHECK(!tc_reader_docx.sniff(z, n), "no document.xml: not sniffed");
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_INT("no document.xml", TC_EFORMAT, r.rc);
    CHECK_STR("no document.xml", "no word/document.xml: not a Word document", r.why);
    read_with(&tc_reader_odt, z, n, 0, &r);
    CHECK_INT("no content.xml", TC_EFORMAT, r.rc);
    CHECK_STR("no content.xml", "no content.xml: not an OpenDocument file", r.why);
    free(z);

    /* a zip bomb: 8 MiB of white space, a few KB packed; with a 16 KiB
     * text cap the member cap is 1 MiB */
    size_t big = (size_t)8 << 20;
    char *bomb = malloc(big);
    static const char head[] = "<w:document " W_NS "><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>",
                      tail[] = "</w:body></w:document>";
    size_t hl = sizeof head - 1, tl = sizeof tail - 1;
    memcpy(bomb, head, hl);
    memset(bomb + hl, ' ', big - tl - hl);
    memcpy(bomb + big - tl, tail, tl);
    member bm[2] = {{"[Content_Types].xml", content_types, 0}, {"word/document.xml", bomb, big}};
    z = make_zip(bm, 2, 0, &n);
    CHECK(z && n < big / 100, "bomb packs small (%zu bytes)", n);
    read_with(&tc_reader_docx, z, n, 16 << 10, &r);
    CHECK_INT("zip bomb", TC_ETOOBIG, r.rc);
    CHECK_STR("zip bomb", "word/document.xml unpacks to more than 1048576 bytes", r.why);
    /* with the default cap the same file is read: 1.4 M empty paragraphs */
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_INT("bomb under the default cap", TC_OK, r.rc);
    CHECK_STR("bomb under the default cap", "x\n", r.text);
    free(z);
    free(bomb);

    /* a flood of empty paragraphs in one table cell: the table's memory
     * counts against the text cap */
    tc_buf flood;
    tc_buf_init(&flood, 0);
    tc_rc frc = TC_OK;
    tc_buf_puts_rc(&frc, &flood, "<w:tbl><w:tr><w:tc>");
    for (int i = 0; i < 30000; i++)
        tc_buf_puts_rc(&frc, &flood, "<w:p/>");
    tc_buf_puts_rc(&frc, &flood, "</w:tc></w:tr></w:tbl>");
    CHECK_INT("flood built", TC_OK, frc);
    z = make_docx(flood.data, NULL, NULL, &n);
    read_with(&tc_reader_docx, z, n, 64 << 10, &r);
    CHECK_INT("empty paragraphs in a cell", TC_ETOOBIG, r.rc);
    free(z);
    tc_buf_free(&flood);

    static const struct bad_xml {
        const char *name;
        const char *doc;
        tc_rc rc;
        const char *why; /* a substring of the reason */
    } xml[] = {
        {"malformed XML",
         "<w:document " W_NS "><w:body><w:p><w:r><w:t>abc</w:t></w:r></w:body></w:document>",
         TC_EFORMAT, "word/document.xml: malformed XML at line 1"},
        {"truncated XML", "<w:document " W_NS "><w:body><w:p><w:r><w:t>abc", TC_EFORMAT,
         "malformed XML"},
        {"empty part", "", TC_EFORMAT, "malformed XML"},
        {"external entity (XXE)",
         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
         "<w:document " W_NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>"
         "</w:document>",
         TC_EFORMAT, "word/document.xml declares XML entities (refused)"},
        {"billion laughs",
         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"hahahahaha\"><!ENTITY b "
         "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
         "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><w:document " W_NS "><w:body><w:p><w:r>"
         "<w:t>&d;&d;&d;&d;&d;&d;&d;&d;</w:t></w:r></w:p></w:body></w:document>",
         TC_EFORMAT, "declares XML entities"},
        {"parameter entity",
         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> "
         "%p;]><w:document " W_NS "/>",
         TC_EFORMAT, "declares XML entities"},
        {"undeclared entity",
         "<w:document " W_NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>"
         "</w:body></w:document>",
         TC_EFORMAT, "malformed XML"},
    };
    for (size_t i = 0; i < sizeof xml / sizeof *xml; i++) {
        member xm[2] = {{"[Content_Types].xml", content_types, 0},
                        {"word/document.xml", xml[i].doc, strlen(xml[i].doc)}};
        if (!xm[1].len)
            xm[1] = (member){"word/document.xml", " ", 1};
        z = make_zip(xm, 2, 0, &n);
        read_with(&tc_reader_docx, z, n, 0, &r);
        CHECK_INT(xml[i].name, xml[i].rc, r.rc);
        CHECK(strstr(r.why, xml[i].why) != NULL, "%s: why = %s", xml[i].name, r.why);
        free(z);
    }

    /* an external DTD is never loaded: the entity it would declare stays
     * unknown and its text never appears */
    FILE *f = fopen("/tmp/tc-test-docx-xxe.dtd", "w");
    if (f) {
        fputs("<!ENTITY leak \"LEAKED\">\n", f);
        fclose(f);
    }
    static const char ext_dtd[] =
        "<?xml version=\"1.0\"?><!DOCTYPE w:document SYSTEM \"file:///tmp/tc-test-docx-xxe.dtd\">"
        "<w:document " W_NS "><w:body><w:p><w:r><w:t>a&leak;b</w:t></w:r></w:p></w:body>"
        "</w:document>";
    member em[2] = {{"[Content_Types].xml", content_types, 0}, {"word/document.xml", ext_dtd, 0}};
    z = make_zip(em, 2, 0, &n);
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK(r.rc == TC_OK || r.rc == TC_EFORMAT, "external DTD: rc %d", r.rc);
    CHECK(strstr(r.text, "LEAKED") == NULL, "external DTD not loaded: %s", r.text);
    if (r.rc == TC_OK)
        CHECK_STR("external DTD", "ab\n", r.text);
    free(z);
    remove("/tmp/tc-test-docx-xxe.dtd");

    /* an encrypted member */
    member pm[2] = {{"[Content_Types].xml", content_types, 0},
                    {"word/document.xml", "<w:document " W_NS "/>", 0}};
    z = make_zip(pm, 2, ENCRYPT, &n);
    if (z) {
        read_with(&tc_reader_docx, z, n, 0, &r);
        CHECK_INT("encrypted member", TC_EPASSWORD, r.rc);
        CHECK(strstr(r.why, "word/document.xml") != NULL, "encrypted: why = %s", r.why);
        free(z);
    }

    /* a CRC error: one byte of a stored member changed */
    member cm[2] = {{"word/document.xml",
                     "<w:document " W_NS "><w:body><w:p><w:r><w:t>abcdef</w:t></w:r></w:p>"
                     "</w:body></w:document>",
                     0},
                    {"[Content_Types].xml", content_types, 0}};
    z = make_zip(cm, 2, STORE, &n);
    char *hit = z ? memmem(z, n, "abcdef", 6) : NULL;
    if (hit)
        hit[0] = 'X';
    read_with(&tc_reader_docx, z, n, 0, &r);
    CHECK_INT("CRC error", TC_EFORMAT, r.rc);
    CHECK(strstr(r.why, "damaged word/document.xml") != NULL, "CRC: why = %s", r.why);
    free(z);
}

/* The XML layer on its own: attributes, entity refusal, stop by callback. */
static tc_rc count_start(void *ud, const char *ns, const char *name, const tc_xml_attrs *at)
{
    int *k = ud;
    char v[8];
    if (tc_xml_attr_copy(at, NULL, "v", v, sizeof v) && strcmp(v, "stop") == 0)
        return TC_ETOOBIG;
    (*k)++;
    return TC_OK;
}

static void test_xml(void)
{
    static const tc_xml_handler h = {count_start, NULL, NULL};
    char why[160];
    int k = 0;
    static const char ok[] = "<a><b v=\"x\"/><c/></a>";
    CHECK_INT("xml ok", TC_OK, tc_xml_parse(ok, sizeof ok - 1, "t.xml", &h, &k, why, sizeof why));
    CHECK_INT("xml elements", 3, k);
    k = 0;
    static const char stop[] = "<a><b v=\"stop\"/><c/></a>";
    CHECK_INT("xml stop", TC_ETOOBIG,
              tc_xml_parse(stop, sizeof stop - 1, "t.xml", &h, &k, why, sizeof why));
    CHECK_INT("xml stop: elements before", 1, k);
    CHECK_STR("xml stop: why is the caller's", "", why);
    char v[4];
    tc_xml_attrs none = {NULL, 0};
    CHECK(tc_xml_attr_copy(&none, NULL, "v", v, sizeof v) == NULL && v[0] == 0, "no attribute");
    CHECK_INT("member cap small", 1 << 20, tc_zipxml_member_cap(1000));
    CHECK_INT("member cap default", (size_t)256 << 20, tc_zipxml_member_cap(0));
    CHECK_INT("member cap 1 MiB text", (size_t)32 << 20, tc_zipxml_member_cap(1 << 20));
}

/* Reads every .docx named in TC_DOCX_BENCH (a file listing paths), timing
 * it: `TC_DOCX_BENCH=list build/tests/test_docx`. */
static void bench(const char *list)
{
    FILE *f = fopen(list, "r");
    if (!f)
        return;
    char path[1024];
    size_t files = 0, ok = 0, bytes = 0, text = 0;
    double secs = 0;
    while (fgets(path, sizeof path, f)) {
        path[strcspn(path, "\n")] = 0;
        size_t n = 0;
        char *data = check_slurp(path, &n);
        if (!data)
            continue;
        const tc_reader *r = tc_reader_choose(path, data, n);
        tc_reader_opts o = {0};
        tc_reader_out out;
        tc_reader_out_init(&out, &o);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        tc_rc rc = r ? r->read(data, n, &o, &out) : TC_EFORMAT;
        clock_gettime(CLOCK_MONOTONIC, &b);
        secs += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        files++;
        bytes += n;
        if (!rc) {
            ok++;
            text += out.len;
        } else {
            printf("bench: %s: %s (%s)\n", path, tc_strerror(rc), out.why);
        }
        tc_reader_out_free(&out);
        free(data);
    }
    fclose(f);
    printf("bench: %zu files, %zu read, %.1f MB in %.3f s = %.1f MB/s, %.1f MB of text\n", files,
           ok, (double)bytes / 1e6, secs, secs > 0 ? (double)bytes / 1e6 / secs : 0,
           (double)text / 1e6);
}

int main(void)
{
    tc_zipxml_init();
    test_xml();
    test_docx_cases();
    test_docx_legacy();
    test_odt_cases();
    test_fixtures();
    test_bad();
    const char *list = getenv("TC_DOCX_BENCH");
    if (list)
        bench(list);
    return check_report("docx");
}
