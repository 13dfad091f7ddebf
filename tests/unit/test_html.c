/*
 * test_html.c: the HTML reader (readers/html.c).
 *
 * 1. hand-written pages for each feature: title first, head/script/style/
 *    noscript/template dropped, whitespace collapsed, block elements and
 *    <br>, <pre>, entities, data and layout tables, hidden elements;
 * 2. charsets: meta charset and http-equiv windows-1258, BOMs, UTF-8 and
 *    the Windows-1252 fallback, a Latin-1 label on UTF-8 bytes;
 * 3. sniffing and choosing: HTML named .docx or .txt is read as HTML, text
 *    that mentions "<html" stays text, binary garbage named .html gets no
 *    reader;
 * 4. bad input: an external DTD and entity (never fetched: a counting
 *    entity loader sees no call), text past the cap, deep nesting;
 * 5. fixtures made by LibreOffice from two corpus texts (the text equals
 *    the source) and from a Word letter with a header table (cv2019.html).
 * Run from the repository root.  libxml2 is initialised once in main, as
 * the indexer does before starting its threads.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "../../readers/reader.h"
#include "check.h"

extern const tc_reader tc_reader_html;

static int loads; /* calls of the external entity loader */

static xmlParserInputPtr counting_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    loads++;
    return NULL;
}

static tc_rc read_html(const char *data, size_t n, size_t cap, tc_reader_out *out)
{
    tc_reader_opts o = {.max_text = cap};
    tc_reader_out_init(out, &o);
    return tc_reader_html.read(data, n, &o, out);
}

static const char *text_of(const tc_reader_out *out)
{
    static char buf[4096];
    size_t n = out->len < sizeof buf - 1 ? out->len : sizeof buf - 1;
    memcpy(buf, out->text ? out->text : "", n);
    buf[n] = 0;
    return buf;
}

/* ---- 1, 2. features and charsets ------------------------------------------------------ */

typedef struct page_case {
    const char *what;
    const char *html;     /* input */
    size_t len;           /* its length, 0 = strlen */
    const char *text;     /* expected text */
    const char *encoding; /* expected out->encoding */
} page_case;

#define B(s) "<html><body>" s "</body></html>"

static const page_case pages[] = {
    {"title first, rest of head dropped",
     "<html><head><title> Công  văn\n 12 </title><style>p{color:red}</style>"
     "<script>var a=\"x\";</script><meta charset=\"utf-8\"></head><body><p>Nội dung</p></body>"
     "</html>",
     0, "Công văn 12\nNội dung\n", NULL},
    {"script, noscript, template, style in body",
     "<!DOCTYPE html><html><body><script>alert(1)</script><p>A</p><noscript>enable js</noscript>"
     "<template><p>T</p></template><style>x{}</style><p>B</p></body></html>",
     0, "A\nB\n", NULL},
    {"inline whitespace collapses", B("<p>  Vi<b>ệt</b>   <i>Nam</i>\n\t là </p>"), 0,
     "Việt Nam là\n", NULL},
    {"block elements break lines",
     B("<div>a<div>b</div>c</div><h1>H</h1><ul><li>x</li><li>y</li></ul><section>s</section>"
       "text"),
     0, "a\nb\nc\nH\nx\ny\ns\ntext\n", NULL},
    {"br, and two for an empty line", B("<p>a<br>b<br><br>c</p>"), 0, "a\nb\n\nc\n", NULL},
    {"pre keeps spaces and line ends", B("<pre>a  b\n  c</pre><p>d</p>"), 0, "a  b\n  c\nd\n",
     NULL},
    {"entities", B("<p>a&nbsp;b &amp; c &lt;d&gt; Vi&#7879;t &#x1EC7; &eacute; &quot;q&quot;</p>"),
     0,
     "a\xc2\xa0"
     "b & c <d> Việt ệ é \"q\"\n",
     NULL},
    {"data table: rows of tab-separated cells",
     B("<p>Bảng 1</p><table><tr><th>Chỉ tiêu</th><th>Số lượng</th></tr>"
       "<tr><td>Hồ sơ<br>tiếp nhận</td><td> 38 </td></tr><tr><td> </td><td></td></tr>"
       "<tr><td><p>Đúng hạn</p><p>(hồ sơ)</p></td><td>36</td></tr></table><p>Sau bảng</p>"),
     0, "Bảng 1\nChỉ tiêu\tSố lượng\nHồ sơ\vtiếp nhận\t38\nĐúng hạn\v(hồ sơ)\t36\nSau bảng\n",
     NULL},
    {"data table: empty cells keep their place",
     B("<table><tr><td>a</td><td></td><td>c</td></tr></table>"), 0, "a\t\tc\n", NULL},
    {"layout table: a table inside a table",
     B("<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr>"
       "</table>"),
     0, "a\tb\nc\n", NULL},
    {"hidden elements",
     B("<p hidden>h</p><div style=\"color:red; display : none\">n</div>"
       "<p style=\"display:block\">v</p>"),
     0, "v\n", NULL},
    {"svg, select, iframe dropped",
     B("a<svg><text>s</text></svg><select><option>o</option></select><iframe>i</iframe>b"), 0,
     "ab\n", NULL},
    {"comments", B("a<!-- hidden -->b"), 0, "ab\n", NULL},
    {"space between inline elements", B("<p><b>Việt</b> <i>Nam</i></p>"), 0, "Việt Nam\n", NULL},
    {"Word's conditional comments",
     "<html><head><!--[if gte mso 9]><xml><o:p>X</o:p></xml><![endif]--></head><body>"
     "<p><![if !supportLists]>1. <![endif]>Điều một</p></body></html>",
     0, "1. Điều một\n", NULL},
    /* "Việt Nam" in CP1258: e circumflex (0xEA) and a separate dot below (0xF2) */
    {"meta charset windows-1258",
     "<html><head><meta charset=\"windows-1258\"></head><body>Vi\xea\xf2t Nam</body></html>", 0,
     "Việt Nam\n", "Windows-1258"},
    {"http-equiv windows-1258",
     "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">"
     "</head><body><p>S\xf4\xec: 12</p></body></html>",
     0, "Số: 12\n", "Windows-1258"},
    {"no charset, valid UTF-8", B("Việt"), 0, "Việt\n", NULL},
    {"no charset, not UTF-8: Windows-1252", B("caf\xe9 \x80"), 0, "café €\n", NULL},
    {"Latin-1 label on UTF-8 bytes",
     "<html><head><meta charset=\"iso-8859-1\"></head><body>Việt"
     "</body></html>",
     0, "Việt\n", NULL},
    {"Latin-1 label on Latin-1 bytes",
     "<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>", 0, "café\n",
     NULL},
    {"unknown charset: bytes decide",
     "<html><head><meta charset=\"x-nonsense\"></head><body>Việt</body></html>", 0, "Việt\n", NULL},
    {"UTF-8 BOM", "\xEF\xBB\xBF<html><body>Việt</body></html>", 0, "Việt\n", NULL},
    {"UTF-16LE BOM",
     "\xFF\xFE<\0h\0t\0m\0l\0>\0<\0b\0o\0d\0y\0>\0A\0\xbf\x1e<\0/\0b\0o\0d\0y\0>\0<\0/"
     "\0h\0t\0m\0l\0"
     ">\0",
     58, "Aế\n", NULL},
    {"meta first, no html element", "<meta charset=\"utf-8\"><p>x</p>", 0, "x\n", NULL},
};

static void test_pages(void)
{
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        const page_case *c = &pages[i];
        size_t n = c->len ? c->len : strlen(c->html);
        tc_reader_out out;
        CHECK(tc_reader_html.sniff(c->html, n), "%s: sniffs as HTML", c->what);
        tc_rc rc = read_html(c->html, n, 0, &out);
        CHECK_INT(c->what, TC_OK, rc);
        CHECK_STR(c->what, c->text, text_of(&out));
        CHECK_STR(c->what, c->encoding, out.encoding);
        tc_reader_out_free(&out);
    }
}

/* A cell longer than 1,000 bytes makes the table a page layout: its cells
 * are blocks. */
static void test_long_cell(void)
{
    char page[2048];
    char cell[1101];
    memset(cell, 'x', 1100);
    cell[1100] = 0;
    snprintf(page, sizeof page, B("<table><tr><td>a</td><td>%s</td></tr></table>"), cell);
    tc_reader_out out;
    CHECK_INT("long cell", TC_OK, read_html(page, strlen(page), 0, &out));
    CHECK(out.len == 2 + 1100 + 1 && memcmp(out.text, "a\n", 2) == 0 && out.text[1102] == '\n',
          "long cell: cells on their own lines (len %zu)", out.len);
    tc_reader_out_free(&out);
}

/* ---- 3. sniffing and choosing --------------------------------------------------------- */

typedef struct sniff_case {
    const char *data;
    size_t len; /* 0 = strlen */
    int html;   /* expected sniff */
} sniff_case;

static const sniff_case sniffs[] = {
    {"<!DOCTYPE html><html>", 0, 1},
    {"<!doctype HTML>", 0, 1},
    {"  \r\n<!-- saved from url=(0047)http://vanban.chinhphu.vn/ -->\n<html>", 0, 1},
    {"\xEF\xBB\xBF<html lang=\"vi\">", 0, 1},
    {"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x\">", 0, 1},
    {"<HTML>", 0, 1},
    {"<head><title>x</title>", 0, 1},
    {"<body>", 0, 1},
    {"<meta charset=utf-8>", 0, 1},
    {"<html/>", 0, 1},
    {"\xFF\xFE<\0h\0t\0m\0l\0>\0", 14, 1},
    {"Report text that mentions <html> in the middle", 0, 0},
    {"<div>a fragment</div>", 0, 0},
    {"<htmlx>", 0, 0},
    {"<!-- a comment never closed <html>", 0, 0},
    {"{\\rtf1 <html>}", 0, 0},
    {"", 0, 0},
    {"\x89PNG\r\n\x1a\n\0\0<html>", 14, 0},
};

static void test_sniff(void)
{
    for (size_t i = 0; i < sizeof sniffs / sizeof sniffs[0]; i++) {
        const sniff_case *c = &sniffs[i];
        size_t n = c->len ? c->len : strlen(c->data);
        CHECK_INT(c->data, c->html, tc_reader_html.sniff(c->data, n));
    }
}

typedef struct choose_case {
    const char *path;
    const char *data;
    size_t len;         /* 0 = strlen */
    const char *reader; /* expected reader name, NULL none */
} choose_case;

static const char garbage[] = "\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\x10\x10\0\0";

static const choose_case chooses[] = {
    {"letter.docx", "<html><body>x</body></html>", 0, "html"},
    {"notes.txt", "<!DOCTYPE html><p>x</p>", 0, "html"},
    {"page.htm", "<html><body>x</body></html>", 0, "html"},
    {"notes.txt", "Text that mentions <html> in the middle\n", 0, "text"},
    {"page.html", garbage, sizeof garbage - 1, NULL},
};

static void test_choose(void)
{
    for (size_t i = 0; i < sizeof chooses / sizeof chooses[0]; i++) {
        const choose_case *c = &chooses[i];
        size_t n = c->len ? c->len : strlen(c->data);
        const tc_reader *r = tc_reader_choose(c->path, c->data, n);
        CHECK_STR(c->path, c->reader, r ? r->name : NULL);
    }
    tc_reader_out out;
    CHECK_INT("garbage read as HTML", TC_EFORMAT, read_html(garbage, sizeof garbage - 1, 0, &out));
    CHECK(out.why[0] != 0, "garbage: a reason");
    tc_reader_out_free(&out);
}

/* ---- 4. bad input --------------------------------------------------------------------- */

static void test_bad(void)
{
    /* an internal subset declaring an external entity, and an external DTD:
     * nothing is loaded; the bogus doctype ends at its first '>' as in a
     * browser, so "]>" is text, and &x; is not an HTML entity */
    const char *xxe = "<!DOCTYPE html SYSTEM \"http://127.0.0.1:9/x.dtd\" [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]><html><body><p>a &x; b</p></body></html>";
    const char *dtd = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                      "\"http://127.0.0.1:9/xhtml1-strict.dtd\"><html><body>ok &eacute;</body>"
                      "</html>";
    tc_reader_out out;
    loads = 0;
    CHECK_INT("external entity", TC_OK, read_html(xxe, strlen(xxe), 0, &out));
    CHECK_STR("external entity: not expanded", "]>\na &x; b\n", text_of(&out));
    tc_reader_out_free(&out);
    CHECK_INT("external DTD", TC_OK, read_html(dtd, strlen(dtd), 0, &out));
    CHECK_STR("external DTD: text", "ok é\n", text_of(&out));
    tc_reader_out_free(&out);
    CHECK_INT("nothing was loaded", 0, loads);

    const char *big = B("<p>0123456789ABC</p>");
    CHECK_INT("past the cap", TC_ETOOBIG, read_html(big, strlen(big), 10, &out));
    CHECK(out.why[0] != 0, "past the cap: a reason");
    tc_reader_out_free(&out);
    CHECK_INT("just under the cap", TC_OK, read_html(big, strlen(big), 14, &out));
    CHECK_STR("just under the cap", "0123456789ABC\n", text_of(&out));
    tc_reader_out_free(&out);

    /* 100,000 nested elements: the walk is a loop, nothing overflows */
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_rc rc = TC_OK;
    tc_buf_puts_rc(&rc, &b, "<html><body>");
    for (int i = 0; i < 100000; i++)
        tc_buf_puts_rc(&rc, &b, "<span>");
    tc_buf_puts_rc(&rc, &b, "deep");
    tc_buf_puts_rc(&rc, &b, "</body></html>");
    CHECK_INT("deep page built", TC_OK, rc);
    CHECK_INT("100,000 nested elements", TC_OK, read_html(b.data, b.len, 0, &out));
    tc_reader_out_free(&out);
    tc_buf_free(&b);
}

/* ---- 5. fixtures ---------------------------------------------------------------------- */

static const char *line_of(const char *s, size_t len, int k, char *buf, size_t cap)
{
    size_t i = 0;
    for (; k > 0 && i < len; i++)
        if (s[i] == '\n')
            k--;
    size_t j = i;
    while (j < len && s[j] != '\n')
        j++;
    size_t n = j - i < cap - 1 ? j - i : cap - 1;
    memcpy(buf, s + i, n);
    buf[n] = 0;
    return buf;
}

static const char *const fixtures[][2] = {
    {"tests/fixtures/formats/r000.html", "corpus/000_90010ce738600653.txt"},
    {"tests/fixtures/readers/travinh.html", "corpus/002_047a4ae5ab10d50a.txt"},
};

static void test_fixtures(void)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        size_t n = 0, sn = 0;
        char *data = check_slurp(fixtures[i][0], &n);
        char *src = check_slurp(fixtures[i][1], &sn);
        CHECK(data && src, "%s and its source are readable", fixtures[i][0]);
        if (data && src) {
            tc_reader_out out;
            CHECK_STR(fixtures[i][0], "html",
                      tc_reader_choose(fixtures[i][0], data, n)
                          ? tc_reader_choose(fixtures[i][0], data, n)->name
                          : NULL);
            CHECK_INT(fixtures[i][0], TC_OK, read_html(data, n, 0, &out));
            /* LibreOffice wrote the text as one <pre> with an empty title */
            CHECK_INT(fixtures[i][0], sn + 1, out.len);
            CHECK(out.len == sn + 1 && memcmp(out.text, src, sn) == 0, "%s: text equals %s",
                  fixtures[i][0], fixtures[i][1]);
            tc_reader_out_free(&out);
        }
        free(data);
        free(src);
    }

    size_t n = 0;
    char line[512];
    char *data = check_slurp("tests/fixtures/readers/travinh.html", &n);
    tc_reader_out out;
    if (data && read_html(data, n, 0, &out) == TC_OK) {
        CHECK_STR("travinh line 3", "Số: 298 /BC-STTTT-VP",
                  line_of(out.text, out.len, 2, line, sizeof line));
        CHECK_STR("travinh line 5", "Trà Vinh, ngày 14 tháng 3 năm 2019",
                  line_of(out.text, out.len, 4, line, sizeof line));
        CHECK_STR("travinh line 7", "BÁO CÁO", line_of(out.text, out.len, 6, line, sizeof line));
        const char *phrase = "Sở Thông tin và Truyền thông nhận được";
        CHECK(memmem(out.text, out.len, phrase, strlen(phrase)) != NULL, "travinh body phrase");
        tc_reader_out_free(&out);
    }
    free(data);

    data = check_slurp("tests/fixtures/readers/cv2019.html", &n);
    if (data && read_html(data, n, 0, &out) == TC_OK) {
        CHECK_STR("cv2019 title", "UBND TỈNH LÀO CAI",
                  line_of(out.text, out.len, 0, line, sizeof line));
        CHECK_STR("cv2019 row 1", "UBND TỈNH LÀO CAI\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  line_of(out.text, out.len, 1, line, sizeof line));
        CHECK_STR("cv2019 row 2", "SỞ CÔNG THƯƠNG\t\tĐộc lập - Tự do - Hạnh phúc",
                  line_of(out.text, out.len, 2, line, sizeof line));
        /* an image sits between "S" and "ố" in the page: a browser shows a space */
        CHECK_STR("cv2019 row 3", "S ố: /SCT-KT\t\tLào Cai, ngày tháng 5 năm 2019",
                  line_of(out.text, out.len, 3, line, sizeof line));
        CHECK_STR("cv2019 signature row",
                  "Nơi nhận:\v- Như trên;\v- Lưu VT, KT.\t\tKT. GIÁM ĐỐC\vPHÓ GIÁM "
                  "ĐỐC\vPhan Văn Cương",
                  line_of(out.text, out.len, 13, line, sizeof line));
        tc_reader_out_free(&out);
    } else {
        CHECK(0, "cv2019.html read");
    }
    free(data);
}

int main(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(counting_loader);
    test_pages();
    test_long_cell();
    test_sniff();
    test_choose();
    test_bad();
    test_fixtures();
    xmlCleanupParser();
    return check_report("test_html");
}
