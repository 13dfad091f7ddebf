/*
 * test_rtf.c: the RTF reader (readers/rtf.c).
 *
 * 1. hand-written RTF for each feature: code pages (\ansicpg1252, 1258,
 *    \fcharset163), \uN with \ucN, surrogate pairs, skipped destinations,
 *    fields, objects, headers/footers/footnotes after the body, \line
 *    \tab, tables, special characters, \bin;
 * 2. bad input: not RTF, cut short, 100,000 nested groups, \bin past the
 *    end, text past the cap;
 * 3. fixtures made by LibreOffice from two corpus texts: the whole text equals
 *    the source text; a Word table (cv2019.rtf) gives tab-separated rows.
 * Run from the repository root.
 */
#include "../../readers/reader.h"
#include "check.h"

extern const tc_reader tc_reader_rtf;

static int notices;

static void count_notice(void *ctx, long long off, const char *msg)
{
    (void)ctx;
    (void)off;
    (void)msg;
    notices++;
}

/* Reads data with the RTF reader under a text cap (0 = default). */
static tc_rc read_rtf(const char *data, size_t n, size_t cap, tc_reader_out *out)
{
    tc_reader_opts o = {.max_text = cap, .notice = count_notice};
    tc_reader_out_init(out, &o);
    return tc_reader_rtf.read(data, n, &o, out);
}

/* The text as a NUL-terminated copy (static buffer for the checks). */
static const char *text_of(const tc_reader_out *out)
{
    static char buf[4096];
    size_t n = out->len < sizeof buf - 1 ? out->len : sizeof buf - 1;
    memcpy(buf, out->text ? out->text : "", n);
    buf[n] = 0;
    return buf;
}

/* ---- 1. features ------------------------------------------------------------------ */

typedef struct feature_case {
    const char *what;
    const char *rtf;      /* input */
    const char *text;     /* expected text */
    const char *encoding; /* expected out->encoding, NULL none */
} feature_case;

#define HDR "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}"

static const feature_case features[] = {
    {"paragraphs", HDR "Hello\\par World\\par}", "Hello\nWorld\n", NULL},
    {"source line ends are not text", HDR "Hel\r\nlo\\par\n}", "Hello\n", NULL},
    {"cp1252 bytes", HDR "caf\\'e9 \\'80 5\\par}", "café € 5\n", NULL},
    {"raw high byte in cp1252", HDR "caf\xe9\\par}", "café\n", NULL},
    /* "Số: 23/BC-STTTT. Cộng hòa xã hội chủ nghĩa Việt Nam" in CP1258: base
     * letters and separate tone marks (0xEC acute, 0xF2 dot below, 0xCC
     * grave, 0xDE tilde, 0xD2 hook above) */
    {"ansicpg1258",
     "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0\\froman\\fcharset163 Times New Roman;}}"
     "\\f0 S\\'f4\\'ec: 23/BC-STTTT. C\\'f4\\'f2ng ho\\'cca xa\\'de h\\'f4\\'f2i chu\\'d2 "
     "nghi\\'dea Vi\\'ea\\'f2t Nam\\par}",
     "Số: 23/BC-STTTT. Cộng hòa xã hội chủ nghĩa Việt Nam\n", "Windows-1258"},
    {"fcharset163 font in a cp1252 document",
     "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\froman\\fcharset163 "
     "Times;}}\\f0 caf\\'e9 {\\f1 Vi\\'ea\\'f2t}\\par}",
     "café Việt\n", "Windows-1258"},
    {"default font's charset applies without \\f",
     "{\\rtf1\\ansi\\deff1{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset163 Times;}}Vi\\'ea\\'f2t\\par}",
     "Việt\n", "Windows-1258"},
    {"\\plain returns to the default font",
     "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset204 Cyr;}}\\f1 \\'c4 \\plain "
     "\\'c4\\par}",
     "Д Ä\n", NULL},
    {"\\cpg in the font table", "{\\rtf1\\ansi{\\fonttbl{\\f0\\cpg1251 Cyr;}}\\f0 \\'c4\\par}",
     "Д\n", NULL},
    {"\\u with its fallback", HDR "S\\u7889?: Vi\\u7879?t\\par}", "Số: Việt\n", NULL},
    {"\\uc2 skips two fallback bytes", HDR "\\uc2 \\u7889\\'3f\\'3fX\\par}", "ốX\n", NULL},
    {"\\uc0: no fallback", HDR "\\uc0\\u7889\\u7879\\par}", "ốệ\n", NULL},
    {"\\uc is scoped by groups", HDR "{\\uc2 \\u7889??}\\u7879?\\par}", "ốệ\n", NULL},
    {"negative \\u", HDR "\\u-1280?\\par}", "\xef\xac\x80\n", NULL},
    {"surrogate pair", HDR "\\u-10179?\\u-8704?\\par}", "\xf0\x9f\x98\x80\n", NULL},
    {"skipped destinations",
     HDR "{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}{\\info{\\title "
         "T}{\\author A}}{\\*\\generator G;}{\\*\\unknowndest U}{\\pict\\pngblip "
         "89504e47}Body\\par}",
     "Body\n", NULL},
    {"object: only its result",
     HDR "{\\object\\objemb{\\*\\objclass Word}{\\*\\objdata 0102}{\\result R}}\\par}", "R\n",
     NULL},
    {"field: result, not instruction",
     HDR "See {\\field{\\*\\fldinst HYPERLINK \"http://x\"}{\\fldrslt link}} "
         "and {\\field{\\fldinst PAGE}{\\fldrslt 3}}\\par}",
     "See link and 3\n", NULL},
    {"\\upr: the Unicode part", HDR "{\\upr{A}{\\*\\ud{\\u7879?}}}\\par}", "ệ\n", NULL},
    {"headers and footers after the body",
     HDR "{\\header\\pard H1\\par}{\\footer\\pard F1\\par}Body\\par}", "Body\n\nH1\nF1\n", NULL},
    {"footnote after the body, paragraph kept whole",
     HDR "Text{\\super\\chftn}{\\footnote\\pard\\plain {\\super\\chftn} Note}. End\\par}",
     "Text. End\n\n Note\n", NULL},
    {"annotations dropped", HDR "A{\\*\\atnid x}{\\annotation\\pard comment}B\\par}", "AB\n", NULL},
    {"\\line and \\tab", HDR "a\\line b\\tab c\\par}", "a\nb\tc\n", NULL},
    {"\\page and \\sect end a line once", HDR "a\\page b\\par\\sect c\\par}", "a\nb\nc\n", NULL},
    {"table: cells tab-separated, one row per line",
     HDR "\\trowd\\cellx1000\\cellx2000\\pard\\intbl A\\cell B\\par C\\cell\\row"
         "\\trowd\\cellx1000\\cellx2000\\pard\\intbl 1\\cell 2\\line 3\\cell\\row"
         "\\pard After\\par}",
     "A\tB\vC\n1\t2\v3\nAfter\n", NULL},
    {"table: empty cells kept, empty rows dropped",
     HDR "\\trowd\\pard\\intbl\\cell X\\cell\\cell\\row\\trowd\\pard\\intbl\\cell\\cell\\row"
         "\\pard Y\\par}",
     "\tX\t\nY\n", NULL},
    {"table: text before the table ends its line",
     HDR "Lead\\par\\trowd\\pard\\intbl a\\tab b\\cell c\\cell\\row}", "Lead\na b\tc\n", NULL},
    {"table closed by the end of the document", HDR "\\trowd\\pard\\intbl a\\cell b\\cell}",
     "a\tb\n", NULL},
    {"nested table cells",
     HDR "\\pard\\intbl\\itap2 a\\nestcell b\\nestcell\\nestrow "
         "{\\*\\nesttableprops\\trowd}\\pard\\intbl c\\cell\\row}",
     "a b \vc\n", NULL},
    {"special characters",
     HDR "\\emdash\\endash\\bullet\\lquote x\\rquote\\ldblquote y\\rdblquote a\\~b c\\-d "
         "e\\_f \\\\ \\{ \\}\\par}",
     "—–•‘x’“y”a\xc2\xa0"
     "b cd e-f \\ { }\n",
     NULL},
    {"\\bin data skipped, braces and all", HDR "a\\bin4 }}{\\b\\par}", "ab\n", NULL},
    {"text after the closing brace ignored", HDR "x\\par}trailing", "x\n", NULL},
    {"control characters dropped",
     HDR "a\x01\x02"
         "b\\par}",
     "ab\n", NULL},
    {"long control word and parameter",
     HDR "\\averyveryveryveryveryveryverylongcontrolwordname123"
         "4567890123 x\\par}",
     "x\n", NULL},
};

static void test_features(void)
{
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        const feature_case *c = &features[i];
        tc_reader_out out;
        tc_rc rc = read_rtf(c->rtf, strlen(c->rtf), 0, &out);
        CHECK_INT(c->what, TC_OK, rc);
        CHECK_STR(c->what, c->text, text_of(&out));
        CHECK_STR(c->what, c->encoding, out.encoding);
        tc_reader_out_free(&out);
    }
}

/* A legacy font is named in a notice (legacy.h plugs in there). */
static void test_legacy_notice(void)
{
    const char *s = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset0 .VnTime;}}\\f0 a\\f1 "
                    "b\\f1 c\\par}";
    tc_reader_out out;
    notices = 0;
    CHECK_INT("legacy font read", TC_OK, read_rtf(s, strlen(s), 0, &out));
    CHECK_STR("legacy font text", "abc\n", text_of(&out));
    CHECK_INT("one notice for the legacy font", 1, notices);
    tc_reader_out_free(&out);
}

/* ---- 2. bad input ----------------------------------------------------------------- */

typedef struct bad_case {
    const char *what;
    const char *rtf;
    size_t cap;
    tc_rc rc;
    const char *text; /* expected text when rc is TC_OK */
} bad_case;

static const bad_case bads[] = {
    {"not RTF", "hello {\\rtf1 x}", 0, TC_EFORMAT, NULL},
    {"empty", "", 0, TC_EFORMAT, NULL},
    {"cut short", "{\\rtf1\\ansi abc\\par de", 0, TC_OK, "abc\nde"},
    {"cut inside \\'", "{\\rtf1\\ansi abc\\'e", 0, TC_OK, "abc"},
    {"cut after a backslash", "{\\rtf1\\ansi abc\\", 0, TC_OK, "abc"},
    {"\\bin past the end", "{\\rtf1\\ansi a\\bin999999999 xyz}", 0, TC_OK, "a"},
    {"too many closing braces", "{\\rtf1\\ansi a}}}}b", 0, TC_OK, "a"},
    {"past the text cap", "{\\rtf1\\ansi 0123456789ABCDEF\\par}", 10, TC_ETOOBIG, NULL},
    {"notes past the text cap", "{\\rtf1\\ansi 01234{\\footnote 56789ABCDEF}\\par}", 10, TC_ETOOBIG,
     NULL},
    {"just under the cap", "{\\rtf1\\ansi 012345678\\par}", 10, TC_OK, "012345678\n"},
};

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        const bad_case *c = &bads[i];
        tc_reader_out out;
        tc_rc rc = read_rtf(c->rtf, strlen(c->rtf), c->cap, &out);
        CHECK_INT(c->what, c->rc, rc);
        if (rc == TC_OK)
            CHECK_STR(c->what, c->text, text_of(&out));
        else
            CHECK(out.why[0] != 0, "%s: a reason is given", c->what);
        tc_reader_out_free(&out);
    }
}

/* 100,000 nested groups: no stack overflow, the text inside is read, one
 * notice says the nesting was flattened; and a skipped destination deep
 * inside stays skipped. */
static void test_deep(void)
{
    const size_t depth = 100000;
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_rc rc = TC_OK;
    tc_buf_puts_rc(&rc, &b, "{\\rtf1\\ansi ");
    for (size_t i = 0; i < depth; i++)
        tc_buf_putc_rc(&rc, &b, '{');
    tc_buf_puts_rc(&rc, &b, "deep{\\*\\skipme hidden}");
    for (size_t i = 0; i < depth; i++)
        tc_buf_putc_rc(&rc, &b, '}');
    tc_buf_puts_rc(&rc, &b, " after\\par}");
    CHECK_INT("deep input built", TC_OK, rc);
    tc_reader_out out;
    notices = 0;
    CHECK_INT("100,000 nested groups", TC_OK, read_rtf(b.data, b.len, 0, &out));
    CHECK_STR("100,000 nested groups: text", "deep after\n", text_of(&out));
    CHECK_INT("100,000 nested groups: one notice", 1, notices);
    tc_reader_out_free(&out);
    tc_buf_free(&b);
}

/* ---- 3. fixtures ------------------------------------------------------------------ */

typedef struct fixture_case {
    const char *rtf;    /* made by LibreOffice from source */
    const char *source; /* the text it was made from */
} fixture_case;

static const fixture_case fixtures[] = {
    {"tests/fixtures/readers/hatinh.rtf", "corpus/000_90010ce738600653.txt"},
    {"tests/fixtures/readers/travinh.rtf", "corpus/002_047a4ae5ab10d50a.txt"},
};

/* Line k (0-based) of s, into buf. */
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

static void test_fixtures(void)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        size_t n = 0, sn = 0;
        char *data = check_slurp(fixtures[i].rtf, &n);
        char *src = check_slurp(fixtures[i].source, &sn);
        CHECK(data && src, "fixture %s and its source are readable", fixtures[i].rtf);
        if (!data || !src) {
            free(data);
            free(src);
            continue;
        }
        CHECK(tc_reader_rtf.sniff(data, n), "%s sniffs as RTF", fixtures[i].rtf);
        tc_reader_out out;
        CHECK_INT(fixtures[i].rtf, TC_OK, read_rtf(data, n, 0, &out));
        /* LibreOffice made one paragraph per line: the text is the source,
         * plus the last paragraph's line end */
        CHECK_INT(fixtures[i].rtf, sn + 1, out.len);
        CHECK(out.len == sn + 1 && memcmp(out.text, src, sn) == 0, "%s: text equals %s",
              fixtures[i].rtf, fixtures[i].source);
        tc_reader_out_free(&out);
        free(data);
        free(src);
    }

    /* the first lines and a phrase of the body, exactly */
    size_t n = 0;
    char *data = check_slurp("tests/fixtures/readers/travinh.rtf", &n);
    tc_reader_out out;
    char line[256];
    if (data && read_rtf(data, n, 0, &out) == TC_OK) {
        CHECK_STR("travinh line 3", "Số: 298 /BC-STTTT-VP",
                  line_of(out.text, out.len, 2, line, sizeof line));
        CHECK_STR("travinh line 5", "Trà Vinh, ngày 14 tháng 3 năm 2019",
                  line_of(out.text, out.len, 4, line, sizeof line));
        CHECK_STR("travinh line 7", "BÁO CÁO", line_of(out.text, out.len, 6, line, sizeof line));
        CHECK(memmem(out.text, out.len, "Sở Thông tin và Truyền thông nhận được",
                     strlen("Sở Thông tin và Truyền thông nhận được")) != NULL,
              "travinh body phrase");
        tc_reader_out_free(&out);
    }
    free(data);

    /* a Word document with a header table, saved as RTF by LibreOffice */
    data = check_slurp("tests/fixtures/readers/cv2019.rtf", &n);
    if (data && read_rtf(data, n, 0, &out) == TC_OK) {
        CHECK_STR("cv2019 row 1", "UBND TỈNH LÀO CAI\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  line_of(out.text, out.len, 0, line, sizeof line));
        CHECK_STR("cv2019 row 2", " SỞ CÔNG THƯƠNG\t\tĐộc lập - Tự do - Hạnh phúc",
                  line_of(out.text, out.len, 1, line, sizeof line));
        CHECK_STR("cv2019 row 3",
                  "Số:          /SCT-KT\t\t           Lào Cai,  ngày       "
                  "tháng 5  năm 2019",
                  line_of(out.text, out.len, 2, line, sizeof line));
        CHECK_STR("cv2019 signature row: cell paragraphs joined by \\v",
                  "Nơi nhận:\v- Như trên;\v- Lưu VT, KT.\t\tKT. GIÁM ĐỐC\vPHÓ GIÁM "
                  "ĐỐC\vPhan Văn Cương",
                  line_of(out.text, out.len, 12, line, sizeof line));
        tc_reader_out_free(&out);
    } else {
        CHECK(0, "cv2019.rtf read");
    }
    free(data);
}

int main(void)
{
    test_features();
    test_legacy_notice();
    test_bad();
    test_deep();
    test_fixtures();
    return check_report("test_rtf");
}
