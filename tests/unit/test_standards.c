/*
 * test_standards.c: technical standard extraction (analyzers/standards.h).
 *
 * 1. every written form: sentence -> key, kind, number, year, issuer, span;
 * 2. sentences that hold no standard;
 * 3. several standards in one text, stopping, spans for the other analyzers,
 *    robustness (invalid UTF-8, cut input, no tc_text handle);
 * 4. canonical keys of user-typed standards;
 * 5. the hand-annotated gold files (tests/gold/standards-tune.tsv and
 *    standards-heldout.tsv): precision and recall on each half, misses and
 *    extras listed, failure below 0.9.
 * Run from the repository root.
 */
#include "../../analyzers/standards.h"
#include "check.h"
#include "gold.h"

#include <stdint.h>

/* ---- collecting standards --------------------------------------------------------- */

typedef struct found {
    tc_standard *items; /* standards in text order */
    size_t count;       /* how many */
    size_t cap;         /* allocated */
} found;

static int collect(void *ctx, const tc_standard *s)
{
    found *f = ctx;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        tc_standard *p = realloc(f->items, cap * sizeof *p);
        if (!p)
            return 1;
        f->items = p;
        f->cap = cap;
    }
    f->items[f->count++] = *s;
    return 0;
}

static tc_rc extract_all(tc_standards *s, const char *text, size_t len, found *f)
{
    f->count = 0;
    return tc_standards_extract(s, text, len, collect, f);
}

/* ---- 1. written forms ------------------------------------------------------------- */

typedef struct form_case {
    const char *input;  /* a sentence */
    const char *span;   /* the bytes of input the first standard must span */
    const char *key;    /* expected canonical key */
    const char *kind;   /* expected kind */
    const char *number; /* expected number */
    int year;           /* expected year, 0 when none */
    const char *issuer; /* expected issuer, "" when none */
} form_case;

#define NBSP "\xc2\xa0"
/* "Sửa đổi" decomposed: u + horn + hook above, o + circumflex + hook above */
#define NFD_SUA_DOI                                                                                \
    "Su\xcc\x9b\xcc\x89"                                                                           \
    "a \xc4\x91o\xcc\x82\xcc\x89i"

static const form_case forms[] = {
    {"Áp dụng QCVN 01:2019/BTTTT về thiết bị", "QCVN 01:2019/BTTTT", "QCVN 01:2019/BTTTT", "QCVN",
     "01", 2019, "BTTTT"},
    {"theo tiêu chuẩn TCVN 11930:2017 về an toàn", "TCVN 11930:2017", "TCVN 11930:2017", "TCVN",
     "11930", 2017, ""},
    {"Tiêu chuẩn quốc gia TCVN ISO 9001:2015 và", "TCVN ISO 9001:2015", "TCVN ISO 9001:2015",
     "TCVN", "ISO 9001", 2015, ""},
    {"đạt TCVN ISO/IEC 27001:2019 về an toàn thông tin", "TCVN ISO/IEC 27001:2019",
     "TCVN ISO/IEC 27001:2019", "TCVN", "ISO/IEC 27001", 2019, ""},
    {"QCVN 02:2022/BXD về số liệu điều kiện tự nhiên", "QCVN 02:2022/BXD", "QCVN 02:2022/BXD",
     "QCVN", "02", 2022, "BXD"},
    {"báo hiệu đường bộ (QCVN 41:2019/BGTVT hoặc tương đương)", "QCVN 41:2019/BGTVT",
     "QCVN 41:2019/BGTVT", "QCVN", "41", 2019, "BGTVT"},
    {"kết cấu bê tông TCVN 5574:2018 (BTCT)", "TCVN 5574:2018", "TCVN 5574:2018", "TCVN", "5574",
     2018, ""},
    {"quy chuẩn địa phương QCĐP 01:2019/HN về", "QCĐP 01:2019/HN", "QCĐP 01:2019/HN", "QCĐP", "01",
     2019, "HN"},
    {"quy chuẩn QCDP 02:2020/HN", "QCDP 02:2020/HN", "QCĐP 02:2020/HN", "QCĐP", "02", 2020, "HN"},
    {"tiêu chuẩn cơ sở TCCS 01:2020/CHK của Cục", "TCCS 01:2020/CHK", "TCCS 01:2020/CHK", "TCCS",
     "01", 2020, "CHK"},
    /* spaces, NBSP, line breaks, lower-case issuer */
    {"viết tắt là QCVN 01 : 2019/BTTTT của Bộ", "QCVN 01 : 2019/BTTTT", "QCVN 01:2019/BTTTT",
     "QCVN", "01", 2019, "BTTTT"},
    {"viết tắt là QCVN 01: 2019/BCT của Bộ Công Thương", "QCVN 01: 2019/BCT", "QCVN 01:2019/BCT",
     "QCVN", "01", 2019, "BCT"},
    {"theo QCVN" NBSP "01:2019" NBSP "/" NBSP "btttt.", "QCVN" NBSP "01:2019" NBSP "/" NBSP "btttt",
     "QCVN 01:2019/BTTTT", "QCVN", "01", 2019, "BTTTT"},
    {"QCVN \n126:2021 /BTTTT (không áp dụng", "QCVN \n126:2021 /BTTTT", "QCVN 126:2021/BTTTT",
     "QCVN", "126", 2021, "BTTTT"},
    {"đạt QCVN 40:2011/ BTNMT\r\n(Cột B)", "QCVN 40:2011/ BTNMT", "QCVN 40:2011/BTNMT", "QCVN",
     "40", 2011, "BTNMT"},
    {"Tiêu chuẩn Quốc gia số TCVN 4447 : 2012, hệ số", "TCVN 4447 : 2012", "TCVN 4447:2012", "TCVN",
     "4447", 2012, ""},
    /* without year, without issuer */
    {"tính toán theo TCVN 5574 và các", "TCVN 5574", "TCVN 5574", "TCVN", "5574", 0, ""},
    {"tải trọng động đất theo QCVN 02:2022 với gia tốc", "QCVN 02:2022", "QCVN 02:2022", "QCVN",
     "02", 2022, ""},
    /* numbers with suffix and parts */
    {"ban hành QCVN 05A:2020/BCT Quy chuẩn", "QCVN 05A:2020/BCT", "QCVN 05A:2020/BCT", "QCVN",
     "05A", 2020, "BCT"},
    {"Quy chuẩn Việt Nam QCVN 04-05: 2022/BNNPTNT Quy chuẩn", "QCVN 04-05: 2022/BNNPTNT",
     "QCVN 04-05:2022/BNNPTNT", "QCVN", "04-05", 2022, "BNNPTNT"},
    {"nước biển ven bờ QCVN 10-MT:2015/BTNMT và", "QCVN 10-MT:2015/BTNMT", "QCVN 10-MT:2015/BTNMT",
     "QCVN", "10-MT", 2015, "BTNMT"},
    {"TCVN 7447-5-52:2010 Hệ thống lắp đặt điện", "TCVN 7447-5-52:2010", "TCVN 7447-5-52:2010",
     "TCVN", "7447-5-52", 2010, ""},
    {"tuân theo TCVN 7878:1-2008.", "TCVN 7878:1-2008", "TCVN 7878-1:2008", "TCVN", "7878-1", 2008,
     ""},
    /* old dash years */
    {"2 Tiêu chuẩn viện dẫn\nTCVN 2290 – 78 Thiết bị sản xuất", "TCVN 2290 – 78", "TCVN 2290:1978",
     "TCVN", "2290", 1978, ""},
    {"TCVN 3147 – 1990 Qui phạm an toàn", "TCVN 3147 – 1990", "TCVN 3147:1990", "TCVN", "3147",
     1990, ""},
    {"theo quy định của TCVN 2622-1995; TCVN", "TCVN 2622-1995", "TCVN 2622:1995", "TCVN", "2622",
     1995, ""},
    {"TCVN 3890 - 2009; TCVN 5738:2001", "TCVN 3890 - 2009", "TCVN 3890:2009", "TCVN", "3890", 2009,
     ""},
    /* amendments: covered by the span, not in the key */
    {"được xác định theo QCVN 06:2021/BXD và Sửa đổi 1:2023. Nguồn nước",
     "QCVN 06:2021/BXD và Sửa đổi 1:2023", "QCVN 06:2021/BXD", "QCVN", "06", 2021, "BXD"},
    {"thuộc QCVN 06:2022/BXD, sửa đổi 01:2023 QCVN 06:2022/BXD.",
     "QCVN 06:2022/BXD, sửa đổi 01:2023", "QCVN 06:2022/BXD", "QCVN", "06", 2022, "BXD"},
    {"khoản 7 mục II QCVN 05A:2020/BCT/SĐ1:2024: “Nhà xưởng", "QCVN 05A:2020/BCT/SĐ1:2024",
     "QCVN 05A:2020/BCT", "QCVN", "05A", 2020, "BCT"},
    {"Sửa đổi 1:2024 QCVN \n126:2021 /BTTTT", "Sửa đổi 1:2024 QCVN \n126:2021 /BTTTT",
     "QCVN 126:2021/BTTTT", "QCVN", "126", 2021, "BTTTT"},
    {"theo QCVN 06:2021/BXD và " NFD_SUA_DOI " 1:2023.",
     "QCVN 06:2021/BXD và " NFD_SUA_DOI " 1:2023", "QCVN 06:2021/BXD", "QCVN", "06", 2021, "BXD"},
    /* glued after a lower-case letter (a typing slip), before punctuation */
    {"Đạt yêu cầu theoQCVN 06:2015/BCT", "QCVN 06:2015/BCT", "QCVN 06:2015/BCT", "QCVN", "06", 2015,
     "BCT"},
    {"Tuân thủ QCVN 06:2022/BXD.Giải pháp", "QCVN 06:2022/BXD", "QCVN 06:2022/BXD", "QCVN", "06",
     2022, "BXD"},
    {"quy định tại mục 1.1.3 QCVN 06:2022/BXD: H* = 150 m", "QCVN 06:2022/BXD", "QCVN 06:2022/BXD",
     "QCVN", "06", 2022, "BXD"},
    /* kind glued to a full number and year */
    {"Ký hiệu: QCVN01:2019/BCT.", "QCVN01:2019/BCT", "QCVN 01:2019/BCT", "QCVN", "01", 2019, "BCT"},
    /* an issuer glued to the next word keeps its capitals */
    {"theo QCVN 06:2022/BXDsửa đổi", "QCVN 06:2022/BXD", "QCVN 06:2022/BXD", "QCVN", "06", 2022,
     "BXD"},
};

static void test_forms(tc_standards *s)
{
    found f = {0};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const form_case *fc = &forms[i];
        char what[200];
        snprintf(what, sizeof what, "form %zu (%s) in \"%s\"", i, fc->key, fc->input);
        tc_rc rc = extract_all(s, fc->input, strlen(fc->input), &f);
        CHECK_INT(what, TC_OK, rc);
        CHECK(f.count >= 1, "%s: no standard found", what);
        if (f.count == 0)
            continue;
        const tc_standard *t = &f.items[0];
        const char *at = strstr(fc->input, fc->span);
        size_t start = at ? (size_t)(at - fc->input) : SIZE_MAX;
        CHECK_STR(what, fc->key, t->key);
        CHECK_STR(what, fc->kind, t->kind);
        CHECK_STR(what, fc->number, t->number);
        CHECK_INT(what, fc->year, t->year);
        CHECK_STR(what, fc->issuer, t->issuer);
        CHECK_INT(what, start, t->start);
        CHECK_INT(what, start + strlen(fc->span), t->end);
        CHECK_STR(what, fc->span, t->text);
    }
    free(f.items);
}

/* ---- 2. no standard ------------------------------------------------------------------ */

static const char *const negatives[] = {
    "Cuộc họp bắt đầu lúc 14:30 ngày 12/6/2025",
    "tỷ lệ 01:2019 không đổi",
    "Thông tư số 01/2019/TT-BTTTT ngày 02/4/2019 của Bộ",
    "Văn bản soạn bằng phông chữ TCVN3 (ABC) và VNI",
    "font .VnTime (TCVN3)",
    "bảng mã TCVN3 2019 và TCVN3-ABC",
    "TCVN3:19",
    "gồm các tiêu chuẩn Việt Nam (TCVN), quy chuẩn kỹ thuật quốc gia (QCVN) và",
    "các QCVN hiện hành về an toàn",
    "Tiểu ban kỹ thuật tiêu chuẩn TCVN/TC 47/SC3 an toàn hoá chất",
    "https://thuvienphapluat.vn/TCVN/Linh-vuc-khac/TCVN-ISO-IEC-17025-2007-Yeu-cau.aspx",
    "Tiêu chuẩn quốc tế ISO/IEC 17025:2017 và BS 6651:1999",
    "tệp QCVN_01_2019.doc và ABCQCVN 01:2019/BXD",
    "theo QC41:2016/ BGTVT",
    "TCVN 5574abc",
    "QCVN",
    "TCVN ",
};

static void test_negatives(tc_standards *s)
{
    found f = {0};
    for (size_t i = 0; i < sizeof negatives / sizeof negatives[0]; i++) {
        const char *in = negatives[i];
        size_t len = strlen(in);
        CHECK_INT("negative rc", TC_OK, extract_all(s, in, len, &f));
        CHECK(f.count == 0, "\"%s\": expected no standard, got \"%s\"", in,
              f.count ? f.items[0].key : "");
    }
    free(f.items);
}

/* ---- 3. several, stopping, spans, robustness ----------------------------------------- */

static int stop_after_one(void *ctx, const tc_standard *st)
{
    (void)st;
    ++*(int *)ctx;
    return 1;
}

static void test_parts(tc_standards *s, tc_text *t)
{
    found f = {0};
    const char *many = "- Tiêu chuẩn thiết kế chính: TCVN 2737:2023 (Tải trọng); TCVN 5574:2018 "
                       "(BTCT); TCVN 5575:2024 (Thép); lúc 14:30; QCVN 06:2022/BXD.";
    CHECK_INT("many rc", TC_OK, extract_all(s, many, strlen(many), &f));
    CHECK_INT("many count", 4, f.count);
    if (f.count == 4) {
        CHECK_STR("many 0", "TCVN 2737:2023", f.items[0].key);
        CHECK_STR("many 3", "QCVN 06:2022/BXD", f.items[3].key);
        /* what the figures and dates analyzers will ask */
        const char *ratio = strstr(many, "2737:2023");
        size_t a = (size_t)(ratio - many);
        CHECK_INT("covers year", 1, tc_standard_covers(f.items, f.count, a, a + 9));
        const char *time = strstr(many, "14:30");
        size_t b = (size_t)(time - many);
        CHECK_INT("time not covered", 0, tc_standard_covers(f.items, f.count, b, b + 5));
        const char *iss = strstr(many, "/BXD");
        size_t c = (size_t)(iss - many);
        CHECK_INT("covers issuer", 1, tc_standard_covers(f.items, f.count, c, c + 4));
    }
    int calls = 0;
    CHECK_INT("stop rc", TC_OK,
              tc_standards_extract(s, many, strlen(many), stop_after_one, &calls));
    CHECK_INT("stop after one", 1, calls);
    CHECK_INT("no receiver", TC_EINVAL, tc_standards_extract(s, many, strlen(many), NULL, NULL));
    CHECK_INT("empty", TC_OK, extract_all(s, "", 0, &f));
    CHECK_INT("empty count", 0, f.count);

    /* the input is cut inside a symbol: nothing read past len */
    const char *cut = "QCVN 01:2019/BTTTT";
    for (size_t len = 0; len <= strlen(cut); len++) {
        char *copy = malloc(len ? len : 1);
        memcpy(copy, cut, len);
        CHECK_INT("cut rc", TC_OK, extract_all(s, copy, len, &f));
        for (size_t k = 0; k < f.count; k++)
            CHECK(f.items[k].end <= len, "cut at %zu: end %zu", len, f.items[k].end);
        free(copy);
    }
    CHECK_INT("cut at year", TC_OK, extract_all(s, cut, 9, &f));
    CHECK(f.count == 1 && strcmp(f.items[0].key, "QCVN 01") == 0, "cut at 9: \"%s\"",
          f.count ? f.items[0].key : "");

    /* invalid UTF-8 and NUL bytes around and inside */
    const char bad[] = "\xff\xfeQCVN 01:2019/\xc4 TCVN\x00 5574:2018 \xe2\x80 TCVN 9362:2012\xc3";
    CHECK_INT("bad rc", TC_OK, extract_all(s, bad, sizeof bad - 1, &f));
    CHECK_INT("bad count", 2, f.count);
    if (f.count == 2) {
        CHECK_STR("bad 0", "QCVN 01:2019", f.items[0].key);
        CHECK_INT("bad 0 start", 2, f.items[0].start);
        CHECK_STR("bad 1", "TCVN 9362:2012", f.items[1].key);
        CHECK_INT("bad 1 end", sizeof bad - 2, f.items[1].end);
    }

    /* NFD text before the symbol: offsets stay in the original bytes */
    const char *nfd = "Ba\xcc\x89ng 6 QCVN 06:2022/BXD nhu\xcc\x9bng";
    CHECK_INT("nfd rc", TC_OK, extract_all(s, nfd, strlen(nfd), &f));
    CHECK_INT("nfd count", 1, f.count);
    if (f.count == 1) {
        CHECK_INT("nfd start", strstr(nfd, "QCVN") - nfd, f.items[0].start);
        CHECK_INT("nfd end", strstr(nfd, " nhu") - nfd, f.items[0].end);
    }

    /* without a tc_text handle the raw bytes are scanned */
    tc_standards *raw = NULL;
    CHECK_INT("open raw", TC_OK, tc_standards_open(NULL, &raw));
    const char *r = "theo QCVN" NBSP "01 : 2019/BCT và TCVN ISO 9001:2015.";
    CHECK_INT("raw rc", TC_OK, extract_all(raw, r, strlen(r), &f));
    CHECK_INT("raw count", 2, f.count);
    if (f.count == 2) {
        CHECK_STR("raw 0", "QCVN 01:2019/BCT", f.items[0].key);
        CHECK_INT("raw 0 start", 5, f.items[0].start);
        CHECK_STR("raw 1", "TCVN ISO 9001:2015", f.items[1].key);
    }
    tc_standards_close(raw);
    (void)t;

    /* a long text with a standard at the very end */
    size_t big = 200000;
    char *long_text = malloc(big + 32);
    memset(long_text, 'a', big);
    memcpy(long_text + big, " TCVN 5574:2018", 15);
    CHECK_INT("long rc", TC_OK, extract_all(s, long_text, big + 15, &f));
    CHECK(f.count == 1 && f.items[0].end == big + 15, "long: %zu found", f.count);
    free(long_text);
    free(f.items);
}

/* ---- 4. user-typed keys ----------------------------------------------------------------- */

static const char *const keys[][2] = {
    {"qcvn 01:2019/btttt", "QCVN 01:2019/BTTTT"},
    {"QCVN 01 : 2019 / BTTTT", "QCVN 01:2019/BTTTT"},
    {"  QCVN 01:2019/BTTTT  ", "QCVN 01:2019/BTTTT"},
    {"tcvn 11930:2017", "TCVN 11930:2017"},
    {"tcvn iso/iec 27001:2019", "TCVN ISO/IEC 27001:2019"},
    {"TCVN ISO 9001:2015", "TCVN ISO 9001:2015"},
    {"qcđp 01:2019/hn", "QCĐP 01:2019/HN"},
    {"qcdp 01:2019/hn", "QCĐP 01:2019/HN"},
    {"tccs 01:2020/chk", "TCCS 01:2020/CHK"},
    {"qcvn 05a:2020/bct", "QCVN 05A:2020/BCT"},
    {"tcvn 5574", "TCVN 5574"},
    {"QCVN", "QCVN"},
    {"tcvn", "TCVN"},
    {"QCĐP", "QCĐP"},
    {"tccs", "TCCS"},
    {"qcvn 02:2022/blđtbxh", "QCVN 02:2022/BLĐTBXH"},
    {"TCVN 2622-1995", "TCVN 2622:1995"},
};

static void test_keys(tc_standards *s)
{
    char out[64];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        strcpy(out, "x");
        tc_rc rc = tc_standard_key(s, keys[i][0], strlen(keys[i][0]), out, sizeof out);
        CHECK_INT(keys[i][0], TC_OK, rc);
        CHECK_STR(keys[i][0], keys[i][1], out);
    }
    const char *none[] = {"",
                          "   ",
                          "hello",
                          "01:2019",
                          "số 01/2019/TT-BTTTT",
                          "tcvn3",
                          "QCVN 01:2019 thêm",
                          "14:30",
                          "iso 9001:2015",
                          "qcvn abc"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        strcpy(out, "x");
        CHECK_INT(none[i], TC_ENOTFOUND,
                  tc_standard_key(s, none[i], strlen(none[i]), out, sizeof out));
        CHECK_STR(none[i], "", out);
    }
    char small[8];
    CHECK_INT("small out", TC_EINVAL,
              tc_standard_key(s, "QCVN 01:2019/BTTTT", 18, small, sizeof small));
}

/* ---- 5. gold files ------------------------------------------------------------------------ */

/* Undoes the escapes of the gold text column (\n \r \t \\) in place. */
static void unescape(char *p)
{
    char *w = p;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *w++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : *p;
        } else {
            *w++ = *p;
        }
    }
    *w = 0;
}

/* Gold rows: file, line, expected keys (" | " between them, "-" for none),
 * text (an excerpt as printed, escaped).  Every standard in the excerpt is
 * listed, so precision is measured on the excerpts.  Matching is on keys as
 * a multiset per excerpt. */
static void eval_gold(tc_standards *s, const char *name, const char *path)
{
    size_t len = 0;
    char *data = check_slurp(path, &len);
    CHECK(data != NULL, "cannot read %s", path);
    if (!data)
        return;
    size_t tp = 0, fp = 0, fn = 0, rows = 0;
    found f = {0};
    char *save = NULL;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || strncmp(line, "file\t", 5) == 0)
            continue;
        char *cols[4];
        if (split_tabs(line, cols, 4) != 4) {
            CHECK(0, "%s: malformed row \"%s\"", path, line);
            continue;
        }
        rows++;
        unescape(cols[3]);
        char *want[16];
        int used[16] = {0};
        int nw = 0;
        if (strcmp(cols[2], "-") != 0) {
            char *k = cols[2];
            while (k && nw < 16) {
                char *bar = strstr(k, " | ");
                if (bar)
                    *bar = 0;
                want[nw++] = k;
                k = bar ? bar + 3 : NULL;
            }
        }
        CHECK_INT(cols[0], TC_OK, extract_all(s, cols[3], strlen(cols[3]), &f));
        for (size_t i = 0; i < f.count; i++) {
            int j = 0;
            for (; j < nw; j++)
                if (!used[j] && strcmp(want[j], f.items[i].key) == 0)
                    break;
            if (j < nw) {
                used[j] = 1;
                tp++;
            } else {
                fp++;
                printf("  %s %s:%s: extra %s (\"%s\")\n", name, cols[0], cols[1], f.items[i].key,
                       f.items[i].text);
            }
        }
        for (int j = 0; j < nw; j++)
            if (!used[j]) {
                fn++;
                printf("  %s %s:%s: missed %s\n", name, cols[0], cols[1], want[j]);
            }
    }
    free(f.items);
    free(data);
    char label[96];
    snprintf(label, sizeof label, "standards %s (%zu excerpts, %zu mentions)", name, rows, tp + fn);
    gold_score(label, tp, fp, fn, 0.9);
}

/* ---- 6. the indexer's path: the document view gives the same standards ---------- */

static void same_on_view(tc_standards *s, tc_text *t, const char *input)
{
    found a = {0}, b = {0};
    tc_view v;
    tc_rc rc = extract_all(s, input, strlen(input), &a);
    tc_rc vrc = tc_view_build(t, input, strlen(input), &v);
    if (!vrc)
        vrc = tc_standards_extract_view(s, &v, collect, &b);
    tc_view_free(&v);
    CHECK_INT("view path rc", rc, vrc);
    CHECK(a.count == b.count, "view path: %s\n  expected %zu standards, actual %zu", input, a.count,
          b.count);
    for (size_t i = 0; i < a.count && i < b.count; i++) {
        CHECK_STR(input, a.items[i].key, b.items[i].key);
        CHECK(a.items[i].start == b.items[i].start && a.items[i].end == b.items[i].end,
              "view path: %s\n  expected [%zu,%zu), actual [%zu,%zu)", input, a.items[i].start,
              a.items[i].end, b.items[i].start, b.items[i].end);
    }
    free(a.items);
    free(b.items);
}

static void test_view_path(tc_standards *s, tc_text *t)
{
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        same_on_view(s, t, forms[i].input);
    for (size_t i = 0; i < sizeof negatives / sizeof negatives[0]; i++)
        same_on_view(s, t, negatives[i]);
}

int main(void)
{
    tc_text *t = NULL;
    tc_standards *s = NULL;
    tc_rc rc = tc_text_open(&t);
    CHECK_INT("tc_text_open", TC_OK, rc);
    if (!rc)
        rc = tc_standards_open(t, &s);
    CHECK_INT("tc_standards_open", TC_OK, rc);
    if (rc) {
        tc_text_close(t);
        return check_report("standards");
    }
    test_forms(s);
    test_negatives(s);
    test_parts(s, t);
    test_keys(s);
    test_view_path(s, t);
    eval_gold(s, "tune", "tests/gold/standards-tune.tsv");
    eval_gold(s, "held-out", "tests/gold/standards-heldout.tsv");
    tc_standards_close(s);
    tc_text_close(t);
    return check_report("standards");
}
