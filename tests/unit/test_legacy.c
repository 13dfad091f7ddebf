/*
 * test_legacy.c: the Vietnamese legacy encodings (readers/legacy.h) and the
 * text reader that uses them (readers/plain.c).
 *
 * 1. the charts: each byte or byte sequence decodes to the letter the
 *    published chart gives (the expectations below are written from the
 *    charts, not from the data files), and unmapped bytes go through as
 *    Windows-1252;
 * 2. every Vietnamese letter both ways in each encoding that has it;
 * 3. whole sentences: encoded, detected, decoded back; the same saved as
 *    UTF-8 by a Windows-1252 converter (tc_legacy_detect_utf8);
 * 4. detection says NONE for UTF-8 Vietnamese, English, Latin-1 French and
 *    German, random bytes;
 * 5. TCVN3 headings typed in a capitals font, and the capitals fonts;
 * 6. font names;
 * 7. text of Word runs in legacy fonts (tc_legacy_decode_font_text);
 * 8. robustness: every byte, random input, the buffer cap, bad arguments;
 * 9. glibc's iconv as an independent check of VISCII, Windows-1258 and the
 *    TCVN3 letters (skipped where iconv lacks the charset);
 * 10. the text reader on the fixtures tests/fixtures/readers/legacy-*.txt
 *    (the first 40 lines of corpus/000_*.txt in each encoding).
 * Run from the repository root.
 */
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "../../readers/legacy.h"
#include "../../readers/reader.h"
#include "check.h"

/* ---- helpers ---------------------------------------------------------------------- */

static char *dup_buf(const tc_buf *b)
{
    char *s = malloc(b->len + 1);
    memcpy(s, b->len ? b->data : "", b->len);
    s[b->len] = 0;
    return s;
}

/* decode(enc, bytes) as a malloc'd string, or NULL on error. */
static char *dec(tc_legacy_enc enc, const char *s, size_t n)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    char *r = tc_legacy_decode(enc, s, n, &b) == TC_OK ? dup_buf(&b) : NULL;
    tc_buf_free(&b);
    return r;
}

/* encode(enc, utf8) as a malloc'd string, *rc set. */
static char *enc_str(tc_legacy_enc enc, const char *s, tc_rc *rc, size_t *len)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    *rc = tc_legacy_encode(enc, s, strlen(s), &b);
    char *r = dup_buf(&b);
    if (len)
        *len = b.len;
    tc_buf_free(&b);
    return r;
}

static char *font_text(tc_legacy_enc enc, const char *s, size_t n)
{
    tc_buf b;
    tc_buf_init(&b, 0);
    char *r = tc_legacy_decode_font_text(enc, s, n, &b) == TC_OK ? dup_buf(&b) : NULL;
    tc_buf_free(&b);
    return r;
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | cp >> 12);
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The next UTF-8 character of s as a NUL-terminated string; advances *s. */
static const char *next_char(const char **s)
{
    static char one[8];
    size_t l = 1;
    unsigned char c = (unsigned char)**s;
    if (c >= 0xF0)
        l = 4;
    else if (c >= 0xE0)
        l = 3;
    else if (c >= 0xC0)
        l = 2;
    memcpy(one, *s, l);
    one[l] = 0;
    *s += l;
    return one;
}

/* Windows-1252 as Word and Windows converters read it (written from
 * Microsoft's chart); the unassigned bytes stand for the C1 controls. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

/* bytes -> UTF-8 taking each byte as its Windows-1252 character (what a
 * converter that did not know the legacy encoding saved). */
static char *as_1252_utf8(const char *s, size_t n)
{
    char *o = malloc(3 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        k += put_utf8(o + k, b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b);
    }
    o[k] = 0;
    return o;
}

static char *nfc(const char *s, size_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFCInstance(&err);
    int32_t ul = 0, nl, ol = 0;
    UChar *u = malloc((n + 1) * sizeof *u), *v = malloc(3 * (n + 1) * sizeof *v);
    char *o = malloc(9 * (n + 1));
    u_strFromUTF8(u, (int32_t)n + 1, &ul, s, (int32_t)n, &err);
    nl = unorm2_normalize(norm, u, ul, v, 3 * ((int32_t)n + 1), &err);
    u_strToUTF8(o, 9 * ((int32_t)n + 1), &ol, v, nl, &err);
    o[U_SUCCESS(err) ? ol : 0] = 0;
    free(u);
    free(v);
    return o;
}

/* ---- 1. the charts ---------------------------------------------------------------- */

/* A run of consecutive byte values and the letters the chart puts there. */
typedef struct chart_run {
    unsigned char first; /* first byte */
    const char *letters; /* one letter per byte, in byte order */
} chart_run;

/* TCVN3 (VN3, the .VnTime fonts), from the ABC chart. */
static const chart_run tcvn3_chart[] = {
    {0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"},  {0xB5, "àảãáạ"},          {0xBB, "ằẳẵắ"},
    {0xC6, "ặầẩẫấậè"},         {0xCE, "ẻẽéẹềểễếệìỉ"},    {0xDC, "ĩíịò"},
    {0xE1, "ỏõóọồổỗốộờởỡớợù"}, {0xF1, "ủũúụừửữứựỳỷỹýỵ"},
};

/* VISCII 1.1 from RFC 1456, table 1 (VIQR mnemonics read as letters). */
static const chart_run viscii_chart[] = {
    {0x02, "Ẳ"},
    {0x05, "ẴẪ"},
    {0x14, "Ỷ"},
    {0x19, "Ỹ"},
    {0x1E, "Ỵ"},
    {0x80, "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"},
    {0xA0, "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"},
    {0xC0, "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"},
    {0xE0, "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"},
};

/* Windows-1258 from Microsoft's chart: the positions that differ from
 * Windows-1252 (the tone marks shown after a dotted circle's stand-in "a"
 * would compose, so they are checked alone and after letters below). */
static const chart_run cp1258_chart[] = {
    {0xC3, "Ă"},   {0xD0, "Đ"},   {0xD5, "Ơ"},   {0xDD, "Ư"},  {0xE3, "ă"},
    {0xF0, "đ"},   {0xF5, "ơ"},   {0xFD, "ư"},   {0xFE, "₫"},  {0xC0, "ÀÁÂ"},
    {0xC8, "ÈÉÊ"}, {0xE0, "àáâ"}, {0xE8, "èéê"}, {0xF3, "óô"}, {0xF9, "ùú"},
    {0xCD, "Í"},   {0xD3, "ÓÔ"},  {0xD9, "ÙÚ"},  {0xED, "í"},
};

/* VNI Windows, lower case, from the VNI chart: letter, then its bytes. */
static const struct vni_row {
    const char *letter; /* the Vietnamese letter */
    const char *bytes;  /* VNI bytes */
} vni_chart[] = {
    {"à", "a\xF8"},    {"á", "a\xF9"},    {"ả", "a\xFB"},    {"ã", "a\xF5"},    {"ạ", "a\xEF"},
    {"ă", "a\xEA"},    {"ằ", "a\xE8"},    {"ắ", "a\xE9"},    {"ẳ", "a\xFA"},    {"ẵ", "a\xFC"},
    {"ặ", "a\xEB"},    {"â", "a\xE2"},    {"ầ", "a\xE0"},    {"ấ", "a\xE1"},    {"ẩ", "a\xE5"},
    {"ẫ", "a\xE3"},    {"ậ", "a\xE4"},    {"è", "e\xF8"},    {"é", "e\xF9"},    {"ẻ", "e\xFB"},
    {"ẽ", "e\xF5"},    {"ẹ", "e\xEF"},    {"ê", "e\xE2"},    {"ề", "e\xE0"},    {"ế", "e\xE1"},
    {"ể", "e\xE5"},    {"ễ", "e\xE3"},    {"ệ", "e\xE4"},    {"ì", "\xEC"},     {"í", "\xED"},
    {"ỉ", "\xE6"},     {"ĩ", "\xF3"},     {"ị", "\xF2"},     {"ò", "o\xF8"},    {"ó", "o\xF9"},
    {"ỏ", "o\xFB"},    {"õ", "o\xF5"},    {"ọ", "o\xEF"},    {"ô", "o\xE2"},    {"ồ", "o\xE0"},
    {"ố", "o\xE1"},    {"ổ", "o\xE5"},    {"ỗ", "o\xE3"},    {"ộ", "o\xE4"},    {"ơ", "\xF4"},
    {"ờ", "\xF4\xF8"}, {"ớ", "\xF4\xF9"}, {"ở", "\xF4\xFB"}, {"ỡ", "\xF4\xF5"}, {"ợ", "\xF4\xEF"},
    {"ù", "u\xF8"},    {"ú", "u\xF9"},    {"ủ", "u\xFB"},    {"ũ", "u\xF5"},    {"ụ", "u\xEF"},
    {"ư", "\xF6"},     {"ừ", "\xF6\xF8"}, {"ứ", "\xF6\xF9"}, {"ử", "\xF6\xFB"}, {"ữ", "\xF6\xF5"},
    {"ự", "\xF6\xEF"}, {"ỳ", "y\xF8"},    {"ý", "y\xF9"},    {"ỷ", "y\xFB"},    {"ỹ", "y\xF5"},
    {"ỵ", "\xEE"},     {"đ", "\xF1"},
};

/* The same letter in capitals: the chart's capital base and capital mark
 * byte (the Latin-1 capital of the lower-case mark, 0x20 lower). */
static void vni_upper(const char *lower, char *upper)
{
    size_t i = 0;
    for (; lower[i]; i++) {
        unsigned char c = (unsigned char)lower[i];
        upper[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c >= 0xE0 ? c - 0x20 : c);
    }
    upper[i] = 0;
}

static size_t check_chart(tc_legacy_enc enc, const char *name, const chart_run *runs, size_t nruns)
{
    size_t count = 0;
    char what[96];
    for (size_t r = 0; r < nruns; r++) {
        const char *p = runs[r].letters;
        for (unsigned b = runs[r].first; *p; b++, count++) {
            char byte = (char)b;
            const char *want = next_char(&p);
            char *got = dec(enc, &byte, 1);
            snprintf(what, sizeof what, "%s: decode 0x%02X", name, b);
            CHECK_STR(what, want, got);
            free(got);
            tc_rc rc;
            size_t len;
            char *back = enc_str(enc, want, &rc, &len);
            snprintf(what, sizeof what, "%s: encode %s", name, want);
            CHECK(rc == TC_OK && len == 1 && (unsigned char)back[0] == b, "%s: rc %d, %zu bytes",
                  what, rc, len);
            free(back);
        }
    }
    return count;
}

static void test_charts(void)
{
    CHECK_INT("TCVN3 letters in the chart", 74,
              check_chart(TC_LEGACY_TCVN3, "TCVN3", tcvn3_chart,
                          sizeof tcvn3_chart / sizeof tcvn3_chart[0]));
    CHECK_INT("VISCII letters in the chart", 134,
              check_chart(TC_LEGACY_VISCII, "VISCII", viscii_chart,
                          sizeof viscii_chart / sizeof viscii_chart[0]));
    check_chart(TC_LEGACY_CP1258, "Windows-1258", cp1258_chart,
                sizeof cp1258_chart / sizeof cp1258_chart[0]);

    char what[96], upper[8];
    CHECK_INT("VNI lower-case letters in the chart", 67, sizeof vni_chart / sizeof vni_chart[0]);
    for (size_t i = 0; i < sizeof vni_chart / sizeof vni_chart[0]; i++) {
        const struct vni_row *r = &vni_chart[i];
        for (int cap = 0; cap < 2; cap++) {
            char letter[8];
            const char *bytes = r->bytes;
            if (cap) {
                vni_upper(r->bytes, upper);
                bytes = upper;
                /* the capital letter: the lower-case code point minus one
                 * (Latin Extended-A/B/Additional) or minus 0x20 (Latin-1) */
                snprintf(letter, sizeof letter, "%s", r->letter);
                unsigned char *u = (unsigned char *)letter;
                if (u[0] == 0xC3)
                    u[1] -= 0x20; /* à (C3 A0) -> À (C3 80) */
                else
                    u[strlen(letter) - 1] -= 1; /* ạ -> Ạ, ă -> Ă, đ -> Đ ... */
            } else {
                snprintf(letter, sizeof letter, "%s", r->letter);
            }
            char *got = dec(TC_LEGACY_VNI, bytes, strlen(bytes));
            snprintf(what, sizeof what, "VNI: decode %s", letter);
            CHECK_STR(what, letter, got);
            free(got);
            tc_rc rc;
            char *back = enc_str(TC_LEGACY_VNI, letter, &rc, NULL);
            snprintf(what, sizeof what, "VNI: encode %s", letter);
            CHECK(rc == TC_OK && strcmp(back, bytes) == 0, "%s", what);
            free(back);
        }
    }

    /* bytes the tables leave alone go through as Windows-1252 */
    static const struct {
        tc_legacy_enc enc;
        const char *in;
        const char *out;
    } pass[] = {
        {TC_LEGACY_TCVN3, "\x93\x94\x96\x85\x80", "“”–…€"},
        {TC_LEGACY_TCVN3, "\xA0\xB0\xBA\xFF\x81", "\xC2\xA0°ºÿ\xC2\x81"},
        {TC_LEGACY_VNI, "\x93Vi\x65\xE4t\x94 \xA7 \xF8", "“Việt” § ø"},
        {TC_LEGACY_VNI, "\xE2 aa\xE2", "â aâ"}, /* a mark with no letter before it */
        {TC_LEGACY_CP1258, "\x8A\x9E\x80", "Šž€"},
        {TC_LEGACY_VISCII, "\x01\x03\x7F", "\x01\x03\x7F"},
        /* the capital of a mark byte after a small letter, and the reverse
         * (Word's Change Case) */
        {TC_LEGACY_VNI, "A\xEAn Vi\x65\xC4t", "Ăn Việt"},
        /* Windows-1258: tone marks after their letter, composed */
        {TC_LEGACY_CP1258, "a\xEC \xE2\xEC \xE2\xF2 \xF5\xCC \xFD\xDE y\xD2 I\xCC",
         "á ấ ậ ờ ữ ỷ Ì"},
        {TC_LEGACY_CP1258, "\xEC\xCC", "\xCC\x81\xCC\x80"}, /* marks with no letter */
        {TC_LEGACY_CP1258, "\xD2", "\xCC\x89"},             /* hook above */
        {TC_LEGACY_CP1258, "\xDE", "\xCC\x83"},             /* tilde */
        {TC_LEGACY_CP1258, "\xF2", "\xCC\xA3"},             /* dot below */
    };
    for (size_t i = 0; i < sizeof pass / sizeof pass[0]; i++) {
        char *got = dec(pass[i].enc, pass[i].in, strlen(pass[i].in));
        snprintf(what, sizeof what, "%s: pass-through %zu", tc_legacy_name(pass[i].enc), i);
        CHECK_STR(what, pass[i].out, got);
        free(got);
    }
    CHECK_STR("name TCVN3", "TCVN3", tc_legacy_name(TC_LEGACY_TCVN3));
    CHECK_STR("name TCVN3H", "TCVN3", tc_legacy_name(TC_LEGACY_TCVN3H));
    CHECK_STR("name VNI", "VNI", tc_legacy_name(TC_LEGACY_VNI));
    CHECK_STR("name VISCII", "VISCII", tc_legacy_name(TC_LEGACY_VISCII));
    CHECK_STR("name 1258", "Windows-1258", tc_legacy_name(TC_LEGACY_CP1258));
    CHECK(tc_legacy_name(TC_LEGACY_NONE) == NULL, "name of NONE");
}

/* ---- 2. every letter both ways ----------------------------------------------------- */

static const char viet_lower[] = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợ"
                                 "ùủũúụưừửữứựỳỷỹýỵđ";
static const char viet_upper[] = "ÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬÈẺẼÉẸÊỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢ"
                                 "ÙỦŨÚỤƯỪỬỮỨỰỲỶỸÝỴĐ";

static void test_letters(void)
{
    static const tc_legacy_enc all[] = {TC_LEGACY_VNI, TC_LEGACY_VISCII, TC_LEGACY_CP1258};
    char what[96];
    for (size_t e = 0; e < 3; e++) {
        size_t ok = 0;
        for (int u = 0; u < 2; u++)
            for (const char *p = u ? viet_upper : viet_lower; *p;) {
                char letter[8];
                snprintf(letter, sizeof letter, "%s", next_char(&p));
                tc_rc rc;
                size_t len;
                char *b = enc_str(all[e], letter, &rc, &len);
                char *back = rc ? NULL : dec(all[e], b, len);
                snprintf(what, sizeof what, "%s: %s both ways", tc_legacy_name(all[e]), letter);
                CHECK_STR(what, letter, back);
                ok += back && strcmp(back, letter) == 0;
                free(b);
                free(back);
            }
        snprintf(what, sizeof what, "%s: letters both ways", tc_legacy_name(all[e]));
        CHECK_INT(what, 134, ok);
    }

    /* TCVN3: the 67 small letters and Ă Â Ê Ô Ơ Ư Đ in the .VnTime fonts; the
     * toned capitals only in a capitals font (TCVN3H), on the bytes of the
     * small letters */
    size_t ok = 0, refused = 0, caps = 0;
    for (const char *p = viet_lower; *p;) {
        char letter[8];
        snprintf(letter, sizeof letter, "%s", next_char(&p));
        tc_rc rc;
        size_t len;
        char *b = enc_str(TC_LEGACY_TCVN3, letter, &rc, &len);
        char *back = rc ? NULL : dec(TC_LEGACY_TCVN3, b, len);
        ok += back && strcmp(back, letter) == 0;
        snprintf(what, sizeof what, "TCVN3: %s both ways", letter);
        CHECK_STR(what, letter, back);
        free(back);
        free(b);
    }
    for (const char *p = viet_upper, *q = viet_lower; *p;) {
        char letter[8], small[8];
        snprintf(letter, sizeof letter, "%s", next_char(&p));
        snprintf(small, sizeof small, "%s", next_char(&q));
        tc_rc rc;
        size_t len;
        char *b = enc_str(TC_LEGACY_TCVN3, letter, &rc, &len);
        if (strstr("ĂÂÊÔƠƯĐ", letter)) {
            char *back = rc ? NULL : dec(TC_LEGACY_TCVN3, b, len);
            ok += back && strcmp(back, letter) == 0;
            snprintf(what, sizeof what, "TCVN3: %s both ways", letter);
            CHECK_STR(what, letter, back);
            free(back);
        } else {
            refused += rc == TC_EINVAL;
            snprintf(what, sizeof what, "TCVN3: %s is not in the .VnTime fonts", letter);
            CHECK_INT(what, TC_EINVAL, rc);
        }
        free(b);
        /* TCVN3H: the capital is the small letter's byte */
        char *hb = enc_str(TC_LEGACY_TCVN3H, letter, &rc, &len);
        char *sb = enc_str(TC_LEGACY_TCVN3, small, &rc, NULL);
        char *back = dec(TC_LEGACY_TCVN3H, hb, len);
        snprintf(what, sizeof what, "TCVN3H: %s both ways, on the byte of %s", letter, small);
        CHECK(back && strcmp(back, letter) == 0 && strcmp(hb, sb) == 0, "%s: got %s", what,
              back ? back : "(null)");
        caps += back && strcmp(back, letter) == 0;
        free(hb);
        free(sb);
        free(back);
    }
    CHECK_INT("TCVN3: letters both ways", 74, ok);
    CHECK_INT("TCVN3: toned capitals refused", 60, refused);
    CHECK_INT("TCVN3H: capitals both ways", 67, caps);
    tc_rc rc;
    char *b = enc_str(TC_LEGACY_TCVN3H, "a", &rc, NULL);
    CHECK_INT("TCVN3H cannot write small letters", TC_EINVAL, rc);
    free(b);
}

/* ---- 3. sentences ----------------------------------------------------------------- */

static const char *const sentences[] = {
    "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập – Tự do – Hạnh phúc",
    "Điều 1. Phạm vi điều chỉnh\nThông tư này quy định chi tiết một số điều của Luật Giáo dục "
    "về tổ chức và hoạt động của các trường trung học phổ thông.",
    "UBND tỉnh đã ban hành kế hoạch số 15/KH-UBND ngày 20 tháng 3 năm 2019 về việc "
    "triển khai thực hiện chương trình phát triển kinh tế - xã hội của người dân trên địa bàn.",
    "Năm nay, các đơn vị không được để xảy ra tình trạng chậm trễ trong giải quyết hồ sơ; "
    "mọi vướng mắc phải báo cáo Sở Tài nguyên và Môi trường trước ngày 30/6.",
};

static void test_sentences(void)
{
    static const tc_legacy_enc encs[] = {TC_LEGACY_TCVN3, TC_LEGACY_VNI, TC_LEGACY_VISCII,
                                         TC_LEGACY_CP1258};
    char what[128];
    for (size_t s = 0; s < sizeof sentences / sizeof sentences[0]; s++)
        for (size_t e = 0; e < 4; e++) {
            const char *text = sentences[s];
            char ascii[512];
            if (encs[e] == TC_LEGACY_VISCII) {
                /* VISCII has no room for typographic dashes */
                size_t k = 0;
                for (const char *p = text; *p && k + 4 < sizeof ascii;) {
                    const char *c = next_char(&p);
                    if (strcmp(c, "–") == 0)
                        ascii[k++] = '-';
                    else
                        k += (size_t)snprintf(ascii + k, sizeof ascii - k, "%s", c);
                }
                ascii[k] = 0;
                text = ascii;
            }
            tc_rc rc;
            size_t len;
            char *b = enc_str(encs[e], text, &rc, &len);
            snprintf(what, sizeof what, "sentence %zu in %s: encode", s, tc_legacy_name(encs[e]));
            CHECK_INT(what, TC_OK, rc);
            snprintf(what, sizeof what, "sentence %zu in %s: detect", s, tc_legacy_name(encs[e]));
            CHECK_INT(what, encs[e], tc_legacy_detect(b, len));
            char *back = dec(encs[e], b, len);
            snprintf(what, sizeof what, "sentence %zu in %s: decode", s, tc_legacy_name(encs[e]));
            CHECK_STR(what, text, back);
            free(back);
            /* saved as UTF-8 by a converter that took the bytes for Windows-1252 */
            char *moji = as_1252_utf8(b, len);
            snprintf(what, sizeof what, "sentence %zu in %s, as 1252 UTF-8: detect", s,
                     tc_legacy_name(encs[e]));
            CHECK_INT(what, encs[e], tc_legacy_detect_utf8(moji, strlen(moji)));
            CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect(moji, strlen(moji)));
            back = font_text(encs[e], moji, strlen(moji));
            snprintf(what, sizeof what, "sentence %zu in %s, as 1252 UTF-8: decode", s,
                     tc_legacy_name(encs[e]));
            CHECK_STR(what, text, back);
            free(back);
            free(moji);
            free(b);
        }

    /* the well-known forms, typed here from documents that show them */
    static const struct {
        tc_legacy_enc enc;
        const char *moji; /* UTF-8 */
        const char *text;
    } known[] = {
        {TC_LEGACY_TCVN3, "Céng hßa x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc",
         "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"},
        {TC_LEGACY_VNI,
         "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc",
         "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"},
        {TC_LEGACY_VNI, "Xin chaøo caùc baïn, ñaây laø vaên baûn cuûa ngöôøi daân",
         "Xin chào các bạn, đây là văn bản của người dân"},
        {TC_LEGACY_TCVN3, "QuyÕt ®Þnh nµy cã hiÖu lùc kÓ tõ ngµy ký ban hµnh.",
         "Quyết định này có hiệu lực kể từ ngày ký ban hành."},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        snprintf(what, sizeof what, "known form %zu: detect", i);
        CHECK_INT(what, known[i].enc, tc_legacy_detect_utf8(known[i].moji, strlen(known[i].moji)));
        char *got = font_text(known[i].enc, known[i].moji, strlen(known[i].moji));
        snprintf(what, sizeof what, "known form %zu: decode", i);
        CHECK_STR(what, known[i].text, got);
        free(got);
    }
}

/* ---- 4. not legacy ---------------------------------------------------------------- */

static void test_not_legacy(void)
{
    static const struct {
        const char *name;
        const char *text;
    } none[] = {
        {"UTF-8 Vietnamese", "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập – Tự do – Hạnh phúc. "
                             "Quyết định này có hiệu lực kể từ ngày ký ban hành."},
        {"UTF-8 Vietnamese, Latin-1 letters only", "Tôi là ai? Bà là cô giáo, tôi là em."},
        {"ASCII English", "The quick brown fox jumps over the lazy dog. This report covers the "
                          "first quarter of the year and the work of the department."},
        {"Latin-1 French", "L'\xE9t\xE9 dernier, nous sommes all\xE9s \xE0 la mer. C'\xE9tait "
                           "tr\xE8s agr\xE9"
                           "able, et d\xE9j\xE0 l\xE0-bas il faisait chaud. "
                           "O\xF9 est la biblioth\xE8que? \xC0 c\xF4t\xE9 de l'h\xF4pital."},
        {"Latin-1 German", "Gr\xFC\xDF\x65 aus M\xFCnchen! Die B\xFCrger m\xF6\x63hten \xFC\x62"
                           "er die Stra\xDF\x65 gehen. F\xFCr \xC4rzte und Sch\xFCler gibt es "
                           "sch\xF6ne Gr\xFCnfl\xE4\x63hen."},
        {"UTF-8 French", "L’été dernier, nous sommes allés à la mer. C’était très agréable, et "
                         "déjà là-bas il faisait chaud. Où est la bibliothèque? À côté."},
        {"Windows-1252 quotes in English", "He said \x93hello\x94 \x96 and left\x85 \x93Yes\x94."},
        {"empty", ""},
    };
    char what[96];
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        size_t n = strlen(none[i].text);
        snprintf(what, sizeof what, "%s: detect", none[i].name);
        CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect(none[i].text, n));
        snprintf(what, sizeof what, "%s: detect_utf8", none[i].name);
        CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect_utf8(none[i].text, n));
        /* the same text taken for 1252 and saved as UTF-8 is not legacy either */
        char *moji = as_1252_utf8(none[i].text, n);
        snprintf(what, sizeof what, "%s as 1252 UTF-8: detect_utf8", none[i].name);
        CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect_utf8(moji, strlen(moji)));
        free(moji);
    }
    /* other languages in their own 8-bit (or multi-byte) encodings, made by
     * iconv from UTF-8 */
    static const struct {
        const char *charset;
        const char *text;
    } others[] = {
        {"CP1250", "Komitet zebrał się we wtorek, aby przejrzeć roczny budżet. „Oczekujemy "
                   "wzrostu” – powiedziała przewodnicząca; żółć, gęś, źdźbło, łódź, mąka."},
        {"ISO-8859-2", "Výbor se sešel v úterý, aby přezkoumal roční rozpočet. Náklady vzrostly; "
                       "příliš žluťoučký kůň úpěl ďábelské ódy."},
        {"CP1251", "Комитет собрался во вторник, чтобы рассмотреть годовой бюджет. «Мы ожидаем "
                   "роста», — сказала председатель."},
        {"KOI8-R", "Комитет собрался во вторник, чтобы рассмотреть годовой бюджет."},
        {"GBK", "委员会于星期二开会审查年度预算。主席说我们预计会增长，报告的附录列出了每个项目。"},
        {"BIG5",
         "委員會於星期二開會審查年度預算。主席說我們預計會增長，報告的附錄列出了每個項目。"},
        {"CP1252", "El comité se reunió el martes para revisar el presupuesto anual. «Esperamos "
                   "crecimiento», dijo la presidenta; también están después, años, niño, acción."},
        {"CP1252", "O comitê reuniu-se na terça-feira. Não é verdade que as ações são más; é só a "
                   "situação da população, informação, também, você, três, avó."},
        {"CP1252", "Il comitato si è riunito martedì. Perché la città è più bella? Perciò così, "
                   "già, però, virtù, caffè, università, libertà."},
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        iconv_t cd = iconv_open(others[i].charset, "UTF-8");
        if (cd == (iconv_t)-1)
            continue;
        char out[1024], *ip = (char *)others[i].text, *op = out;
        size_t il = strlen(others[i].text), ol = sizeof out;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        iconv_close(cd);
        snprintf(what, sizeof what, "%s text: iconv", others[i].charset);
        CHECK(r != (size_t)-1, "%s", what);
        size_t n = (size_t)(op - out);
        snprintf(what, sizeof what, "%s text %zu: detect", others[i].charset, i);
        CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect(out, n));
        char *moji = as_1252_utf8(out, n);
        snprintf(what, sizeof what, "%s text %zu as 1252 UTF-8: detect_utf8", others[i].charset, i);
        CHECK_INT(what, TC_LEGACY_NONE, tc_legacy_detect_utf8(moji, strlen(moji)));
        free(moji);
    }
    CHECK_INT("NULL: detect", TC_LEGACY_NONE, tc_legacy_detect(NULL, 0));
    CHECK_INT("NULL: detect_utf8", TC_LEGACY_NONE, tc_legacy_detect_utf8(NULL, 0));

    /* random bytes, with and without the high half, in several lengths */
    uint32_t x = 12345;
    size_t found = 0;
    char buf[4096];
    for (int round = 0; round < 200; round++) {
        size_t n = 16 + (size_t)(round * 20);
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            unsigned char c = (unsigned char)(x >> 16);
            if (round % 2) /* text-like: letters, spaces and high bytes */
                c = (x >> 28) < 3 ? ' ' : (x >> 28) < 10 ? (unsigned char)('a' + c % 26) : c | 0x80;
            buf[i] = (char)c;
        }
        found += tc_legacy_detect(buf, n) != TC_LEGACY_NONE;
        found += tc_legacy_detect_utf8(buf, n) != TC_LEGACY_NONE;
    }
    CHECK_INT("random bytes: detected", 0, found);
}

/* ---- 5. capitals -------------------------------------------------------------------- */

static void test_capitals(void)
{
    static const struct {
        tc_legacy_enc enc;
        const char *bytes; /* as 1252 UTF-8, to be readable here */
        const char *text;
    } caps[] = {
        /* a .VnTimeH heading saved without its font */
        {TC_LEGACY_TCVN3, "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
        {TC_LEGACY_TCVN3, "UBND TØNH Hµ TÜNH\nHµ TÜnh, ngµy 5",
         "UBND TỈNH HÀ TĨNH\nHà Tĩnh, ngày 5"},
        {TC_LEGACY_TCVN3, "QUYÕT §ÞNH", "QUYẾT ĐỊNH"},
        /* a title-case line is left alone, and so is a line that may be either */
        {TC_LEGACY_TCVN3, "Hµ Néi", "Hà Nội"},
        {TC_LEGACY_TCVN3, "Bé Y TÕ", "Bộ Y Tế"},
        {TC_LEGACY_TCVN3, "Sè: 23/BC-STTTT", "Số: 23/BC-STTTT"},
        /* in a capitals font every letter is a capital */
        {TC_LEGACY_TCVN3H, "céng hßa x· héi", "CỘNG HÒA XÃ HỘI"},
        {TC_LEGACY_TCVN3H, "§éc lËp ¨n", "ĐỘC LẬP ĂN"},
    };
    char what[96];
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        char *got = font_text(caps[i].enc, caps[i].bytes, strlen(caps[i].bytes));
        snprintf(what, sizeof what, "capitals %zu", i);
        CHECK_STR(what, caps[i].text, got);
        free(got);
    }
    /* TCVN3 writes a line of capitals the .VnTimeH way when it reads back */
    tc_rc rc;
    char *b = enc_str(TC_LEGACY_TCVN3, "BÁO CÁO KẾT QUẢ\nBáo cáo", &rc, NULL);
    char *moji = as_1252_utf8(b, strlen(b));
    CHECK_STR("TCVN3 line of capitals", "B¸O C¸O KÕT QU¶\nB¸o c¸o", moji);
    free(moji);
    free(b);
    b = enc_str(TC_LEGACY_TCVN3, "BỘ Y TẾ", &rc, NULL);
    CHECK_INT("TCVN3 capitals that would not read back", TC_EINVAL, rc);
    free(b);
}

/* ---- 6. fonts ------------------------------------------------------------------------ */

static void test_fonts(void)
{
    static const struct {
        const char *font;
        tc_legacy_enc enc;
    } fonts[] = {
        {".VnTime", TC_LEGACY_TCVN3},
        {".VnTimeH", TC_LEGACY_TCVN3H},
        {".VnArial", TC_LEGACY_TCVN3},
        {".VnArialH", TC_LEGACY_TCVN3H},
        {".VnArial NarrowH", TC_LEGACY_TCVN3H},
        {".VnCentury Schoolbook", TC_LEGACY_TCVN3},
        {".VnCentury SchoolbookH", TC_LEGACY_TCVN3H},
        {".VnBlackH", TC_LEGACY_TCVN3H},
        {".vntime", TC_LEGACY_TCVN3},
        {".VNTIMEH", TC_LEGACY_TCVN3H},
        {" .VnTime ", TC_LEGACY_TCVN3},
        {"'.VnTimeH'", TC_LEGACY_TCVN3H},
        {"\"VNI-Times\"", TC_LEGACY_VNI},
        {"VNtimes new roman", TC_LEGACY_TCVN3},
        {"VNI-Times", TC_LEGACY_VNI},
        {"VNI-Helve", TC_LEGACY_VNI},
        {"VNI-Helve-Condense", TC_LEGACY_VNI},
        {"vni-times", TC_LEGACY_VNI},
        {"VNI Times", TC_LEGACY_VNI},
        {"Times New Roman", TC_LEGACY_NONE},
        {"Arial", TC_LEGACY_NONE},
        {"Vni", TC_LEGACY_NONE},
        {".Vn", TC_LEGACY_NONE},
        {"VNI-", TC_LEGACY_NONE},
        {"Calibri", TC_LEGACY_NONE},
        {"", TC_LEGACY_NONE},
    };
    char what[96];
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
        snprintf(what, sizeof what, "font \"%s\"", fonts[i].font);
        CHECK_INT(what, fonts[i].enc, tc_legacy_font(fonts[i].font));
    }
    CHECK_INT("font NULL", TC_LEGACY_NONE, tc_legacy_font(NULL));
}

/* ---- 7. Word runs ---------------------------------------------------------------- */

static void test_font_text(void)
{
    static const struct {
        tc_legacy_enc enc;
        const char *run; /* UTF-8 as the Word file stores it */
        const char *text;
    } runs[] = {
        /* 0x82 and 0x84 reach Word as U+201A and U+201E */
        {TC_LEGACY_TCVN3, "ViÖt \xE2\x80\x9A\xE2\x80\x9E", "Việt \xE2\x80\x9A\xE2\x80\x9E"},
        /* a symbol-mapped font: U+F000 + byte */
        {TC_LEGACY_TCVN3, "Vi\xEF\x83\x96t", "Việt"},
        /* C1 controls stand for their own byte */
        {TC_LEGACY_VNI, "Vie\xC3\xA4t \xC2\x93", "Việt “"},
        /* real Unicode in the run stays as it is */
        {TC_LEGACY_TCVN3, "ViÖt → Nam ✓", "Việt → Nam ✓"},
        {TC_LEGACY_VNI, "Vieät ∑ Nam", "Việt ∑ Nam"},
        /* an invalid byte is a legacy byte */
        {TC_LEGACY_TCVN3, "Vi\xD6t", "Việt"},
        {TC_LEGACY_CP1258, "Viê\xC3\xB2t", "Việt"},
    };
    char what[96];
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char *got = font_text(runs[i].enc, runs[i].run, strlen(runs[i].run));
        snprintf(what, sizeof what, "run %zu", i);
        CHECK_STR(what, runs[i].text, got);
        free(got);
    }
}

/* ---- 8. robustness ------------------------------------------------------------------ */

static void test_robust(void)
{
    static const tc_legacy_enc encs[] = {TC_LEGACY_TCVN3, TC_LEGACY_VNI, TC_LEGACY_VISCII,
                                         TC_LEGACY_CP1258, TC_LEGACY_TCVN3H};
    char what[96];
    /* every byte alone and every pair gives valid UTF-8 with nothing dropped */
    for (size_t e = 0; e < 5; e++) {
        size_t bad = 0;
        for (unsigned a = 1; a < 256; a++)
            for (unsigned b = 0; b < 256; b++) {
                char in[2] = {(char)a, (char)b};
                size_t n = b ? 2 : 1;
                tc_buf out;
                tc_buf_init(&out, 0);
                tc_rc rc = tc_legacy_decode(encs[e], in, n, &out);
                /* one character per byte at least: VNI joins two into one */
                size_t chars = 0;
                for (size_t i = 0; i < out.len; i++)
                    chars += ((unsigned char)out.data[i] & 0xC0) != 0x80;
                UErrorCode err = U_ZERO_ERROR;
                u_strFromUTF8(NULL, 0, NULL, out.data, (int32_t)out.len, &err);
                bad += rc || chars == 0 || (err != U_BUFFER_OVERFLOW_ERROR && out.len);
                tc_buf_free(&out);
            }
        snprintf(what, sizeof what, "%s: every byte pair decodes", tc_legacy_name(encs[e]));
        CHECK_INT(what, 0, bad);
    }
    /* the cap: TC_ENOMEM and the buffer as it was */
    tc_buf out;
    tc_buf_init(&out, 8);
    CHECK_INT("cap: append", TC_OK, tc_buf_puts(&out, "ab"));
    CHECK_INT("cap: decode", TC_ENOMEM,
              tc_legacy_decode(TC_LEGACY_TCVN3, "ViÖt Nam ViÖt Nam", 18, &out));
    CHECK_STR("cap: left as it was", "ab", tc_buf_cstr(&out));
    CHECK_INT("cap: 1258", TC_ENOMEM,
              tc_legacy_decode(TC_LEGACY_CP1258, "Vi\xEA\xF2t Nam", 10, &out));
    CHECK_STR("cap: 1258 left as it was", "ab", tc_buf_cstr(&out));
    CHECK_INT(
        "cap: encode", TC_ENOMEM,
        tc_legacy_encode(TC_LEGACY_VNI, "Việt Nam Việt Nam", strlen("Việt Nam Việt Nam"), &out));
    CHECK_STR("cap: encode left as it was", "ab", tc_buf_cstr(&out));
    tc_buf_free(&out);
    /* arguments */
    tc_buf_init(&out, 0);
    CHECK_INT("bad encoding", TC_EINVAL, tc_legacy_decode(TC_LEGACY_NONE, "a", 1, &out));
    CHECK_INT("bad encoding", TC_EINVAL, tc_legacy_decode(TC_LEGACY_COUNT, "a", 1, &out));
    CHECK_INT("bad encoding", TC_EINVAL, tc_legacy_encode(TC_LEGACY_NONE, "a", 1, &out));
    CHECK_INT("bad encoding", TC_EINVAL, tc_legacy_decode_font_text(99, "a", 1, &out));
    CHECK_INT("invalid UTF-8", TC_EINVAL, tc_legacy_encode(TC_LEGACY_VNI, "Vi\xE1t", 4, &out));
    CHECK_INT("unwritable character", TC_EINVAL,
              tc_legacy_encode(TC_LEGACY_VNI, "Việt ∑", strlen("Việt ∑"), &out));
    CHECK_INT("nothing written", 0, out.len);
    CHECK_INT("empty", TC_OK, tc_legacy_decode(TC_LEGACY_VNI, NULL, 0, &out));
    CHECK_INT("empty", TC_OK, tc_legacy_encode(TC_LEGACY_VNI, "", 0, &out));
    CHECK_INT("NUL bytes", TC_OK, tc_legacy_decode(TC_LEGACY_VISCII, "a\0b", 3, &out));
    CHECK_INT("NUL bytes", 3, out.len);
    tc_buf_free(&out);
    /* random input of every kind to every function (ASan/valgrind watch) */
    uint32_t x = 99;
    static char buf[8192];
    for (int round = 0; round < 50; round++) {
        size_t n = (size_t)round * 160;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (char)(x >> 16);
        }
        for (size_t e = 0; e < 5; e++) {
            tc_buf_init(&out, 0);
            CHECK(tc_legacy_decode(encs[e], buf, n, &out) == TC_OK, "random decode %d", round);
            CHECK(tc_legacy_decode_font_text(encs[e], buf, n, &out) == TC_OK, "random font %d",
                  round);
            tc_rc rc = tc_legacy_encode(encs[e], buf, n, &out);
            CHECK(rc == TC_OK || rc == TC_EINVAL, "random encode %d", round);
            tc_buf_free(&out);
        }
        tc_legacy_detect(buf, n);
        tc_legacy_detect_utf8(buf, n);
    }
}

/* ---- 9. glibc iconv as a second opinion ----------------------------------------------- */

/* iconv of one byte sequence to UTF-8, or NULL when iconv refuses it. */
static char *iconv_one(const char *charset, const char *in, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return NULL;
    static char out[64];
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = sizeof out - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &op, &ol); /* glibc holds a letter back for a mark */
    iconv_close(cd);
    if (r == (size_t)-1 || il)
        return NULL;
    *op = 0;
    return out;
}

static void test_iconv(void)
{
    iconv_t probe = iconv_open("UTF-8", "VISCII");
    if (probe == (iconv_t)-1) {
        printf("iconv has no VISCII: cross-check skipped\n");
        return;
    }
    iconv_close(probe);
    char what[96];
    size_t same = 0, compared = 0;
    /* VISCII: all 256 bytes */
    for (unsigned b = 1; b < 256; b++) {
        char in = (char)b;
        const char *theirs = iconv_one("VISCII", &in, 1);
        char *ours = dec(TC_LEGACY_VISCII, &in, 1);
        snprintf(what, sizeof what, "iconv VISCII 0x%02X", b);
        CHECK_STR(what, theirs, ours);
        compared++;
        same += theirs && ours && strcmp(theirs, ours) == 0;
        free(ours);
    }
    CHECK_INT("iconv VISCII: bytes that agree", 255, same);
    /* Windows-1258: every byte iconv knows (it refuses the unassigned ones),
     * and every letter + tone mark */
    same = compared = 0;
    for (unsigned b = 1; b < 256; b++) {
        char in = (char)b;
        const char *theirs = iconv_one("CP1258", &in, 1);
        if (!theirs)
            continue;
        char *ours = dec(TC_LEGACY_CP1258, &in, 1);
        snprintf(what, sizeof what, "iconv CP1258 0x%02X", b);
        CHECK_STR(what, theirs, ours);
        compared++;
        same += ours && strcmp(theirs, ours) == 0;
        free(ours);
    }
    CHECK_INT("iconv CP1258: bytes that agree", compared, same);
    static const char bases[] = "aeiouyAEIOUY\xE2\xEA\xF4\xC2\xCA\xD4\xE3\xC3\xF5\xD5\xFD\xDD";
    static const char tones[] = "\xCC\xEC\xD2\xDE\xF2";
    same = compared = 0;
    for (size_t i = 0; bases[i]; i++)
        for (size_t t = 0; tones[t]; t++) {
            char in[2] = {bases[i], tones[t]};
            const char *theirs = iconv_one("CP1258", in, 2);
            char *ours = dec(TC_LEGACY_CP1258, in, 2);
            char *theirs_nfc = theirs ? nfc(theirs, strlen(theirs)) : NULL;
            snprintf(what, sizeof what, "iconv CP1258 %02X %02X", (unsigned char)in[0],
                     (unsigned char)in[1]);
            CHECK_STR(what, theirs_nfc, ours);
            compared++;
            same += theirs_nfc && ours && strcmp(theirs_nfc, ours) == 0;
            free(ours);
            free(theirs_nfc);
        }
    CHECK_INT("iconv CP1258: letter + tone that agree", 120, same);
    /* TCVN3: glibc's TCVN5712-1 is VN1, which agrees with VN3 on VN3's letters */
    same = compared = 0;
    for (size_t r = 0; r < sizeof tcvn3_chart / sizeof tcvn3_chart[0]; r++) {
        unsigned b = tcvn3_chart[r].first;
        for (const char *p = tcvn3_chart[r].letters; *p; b++) {
            next_char(&p);
            char in = (char)b;
            const char *theirs = iconv_one("TCVN5712-1", &in, 1);
            char *ours = dec(TC_LEGACY_TCVN3, &in, 1);
            snprintf(what, sizeof what, "iconv TCVN5712-1 0x%02X", b);
            CHECK_STR(what, theirs, ours);
            compared++;
            same += theirs && ours && strcmp(theirs, ours) == 0;
            free(ours);
        }
    }
    CHECK_INT("iconv TCVN5712-1: VN3 letters that agree", 74, same);
}

/* ---- 10. the text reader ------------------------------------------------------------ */

static char *corpus_head(int ascii_punct)
{
    size_t n;
    char *all = check_slurp("corpus/000_90010ce738600653.txt", &n);
    if (!all)
        return NULL;
    size_t end = 0;
    for (int lines = 0; end < n && lines < 40; end++)
        lines += all[end] == '\n';
    char *text = nfc(all, end);
    free(all);
    if (ascii_punct) { /* VISCII cannot write these */
        static const char *const from[] = {"–", "“", "”", "…"}, *const to[] = {"-", "\"", "\"",
                                                                               "..."};
        char *o = malloc(strlen(text) * 2 + 1);
        size_t k = 0;
        for (const char *p = text; *p;) {
            const char *c = next_char(&p);
            size_t j = 0;
            while (j < 4 && strcmp(c, from[j]))
                j++;
            k += (size_t)sprintf(o + k, "%s", j < 4 ? to[j] : c);
        }
        free(text);
        text = o;
    }
    return text;
}

static void test_reader(void)
{
    static const struct {
        const char *file;
        const char *encoding;
        int ascii_punct;
    } fixtures[] = {
        {"tests/fixtures/readers/legacy-tcvn3.txt", "TCVN3", 0},
        {"tests/fixtures/readers/legacy-vni.txt", "VNI", 0},
        {"tests/fixtures/readers/legacy-viscii.txt", "VISCII", 1},
        {"tests/fixtures/readers/legacy-cp1258.txt", "Windows-1258", 0},
        {"tests/fixtures/readers/legacy-tcvn3-utf8.txt", "TCVN3", 0},
        {"tests/fixtures/readers/legacy-vni-utf8.txt", "VNI", 0},
    };
    const tc_reader *text = tc_reader_by_name("text"), *md = tc_reader_by_name("markdown");
    CHECK(text && md, "text and markdown readers");
    if (!text || !md)
        return;
    char what[128];
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        size_t n = 0;
        char *data = check_slurp(fixtures[i].file, &n);
        char *want = corpus_head(fixtures[i].ascii_punct);
        snprintf(what, sizeof what, "%s: read", fixtures[i].file);
        CHECK(data && want, "%s", what);
        if (!data || !want) {
            free(data);
            free(want);
            continue;
        }
        CHECK(text->sniff(data, n), "%s: sniffed as text", fixtures[i].file);
        for (int r = 0; r < 2; r++) {
            const tc_reader *rd = r ? md : text;
            tc_reader_out out;
            tc_reader_out_init(&out, NULL);
            CHECK_INT(what, TC_OK, rd->read(data, n, NULL, &out));
            snprintf(what, sizeof what, "%s (%s): encoding", fixtures[i].file, rd->name);
            CHECK_STR(what, fixtures[i].encoding, out.encoding);
            snprintf(what, sizeof what, "%s (%s): text", fixtures[i].file, rd->name);
            CHECK(out.len == strlen(want) && memcmp(out.text, want, out.len) == 0, "%s", what);
            tc_reader_out_free(&out);
        }
        /* a cap smaller than the converted text */
        tc_reader_opts opts = {0};
        opts.max_text = n / 2;
        tc_reader_out out;
        tc_reader_out_init(&out, &opts);
        snprintf(what, sizeof what, "%s: over the cap", fixtures[i].file);
        CHECK_INT(what, TC_ETOOBIG, text->read(data, n, &opts, &out));
        CHECK(out.why[0] != 0, "%s: a reason", what);
        tc_reader_out_free(&out);
        free(data);
        free(want);
    }
    /* UTF-8 and other text: read in place, no encoding */
    static const char *const plain[] = {
        "Cộng hòa xã hội chủ nghĩa Việt Nam\nQuyết định này có hiệu lực.",
        "Plain English text.\n",
        "Caf\xE9 cr\xE8me (Latin-1, not Vietnamese)",
    };
    for (size_t i = 0; i < 3; i++) {
        tc_reader_out out;
        tc_reader_out_init(&out, NULL);
        snprintf(what, sizeof what, "plain %zu", i);
        CHECK_INT(what, TC_OK, text->read(plain[i], strlen(plain[i]), NULL, &out));
        CHECK(out.text == plain[i] && out.len == strlen(plain[i]) && !out.encoding,
              "%s: read in place", what);
        tc_reader_out_free(&out);
    }
}

/* ---- 11. threads: the first calls race to load the tables ---------------------------- */

static void *thread_work(void *arg)
{
    long bad = 0;
    for (int i = 0; i < 50; i++) {
        const char *text = sentences[(size_t)((long)arg + i) % 4];
        tc_legacy_enc enc = (tc_legacy_enc)(1 + ((long)arg + i) % 4);
        tc_buf b, back;
        tc_buf_init(&b, 0);
        tc_buf_init(&back, 0);
        if (enc == TC_LEGACY_VISCII) /* its sentences have dashes VISCII lacks */
            enc = TC_LEGACY_VNI;
        bad += tc_legacy_encode(enc, text, strlen(text), &b) != TC_OK;
        bad += tc_legacy_detect(b.data, b.len) != enc;
        bad += tc_legacy_decode(enc, b.data, b.len, &back) != TC_OK;
        bad += back.len != strlen(text) || memcmp(back.data, text, back.len) != 0;
        tc_buf_free(&b);
        tc_buf_free(&back);
    }
    return (void *)bad;
}

static void test_threads(void)
{
    pthread_t th[4];
    long bad = 0;
    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, thread_work, (void *)i);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }
    CHECK_INT("threads: failures", 0, bad);
}

int main(void)
{
    test_threads(); /* first, so that the threads are the ones loading the tables */
    test_charts();
    test_letters();
    test_sentences();
    test_not_legacy();
    test_capitals();
    test_fonts();
    test_font_text();
    test_robust();
    test_iconv();
    test_reader();
    return check_report("legacy");
}
