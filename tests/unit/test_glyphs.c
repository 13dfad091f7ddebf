/*
 * test_glyphs.c: PDF text made of glyph numbers read back (readers/glyphs.h).
 *
 * The broken inputs are copied from what poppler gives for two real letters
 * of a provincial department (real-docs/skill-sct/3036_SCT_CN_...pdf and
 * 466.-Phieu-chuyen-...pdf); the expected text was read off the printed
 * pages.  The other rows are words that must come out as they went in.
 */
#include "../../readers/glyphs.h"
#include "check.h"

#include <string.h>

static const struct {
    const char *in, *want;
} cases[] = {
    /* glyph numbers: ASCII shifted by 29, Vietnamese letters as Cyrillic */
    {"6ӕ 3036 /SCT-CN", "Số 3036 /SCT-CN"},
    {"QJKLӋP thu hoàn thành", "nghiệm thu hoàn thành"},
    {"UBND 7ӌ1+ LÀO CAI", "UBND TỈNH LÀO CAI"},
    {"7+ѬѪ1*", "THƯƠNG"},
    {"&Ӝ1* HOÀ XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
    {"ĈӝF OұS - 7ӵ do - +ҥQK phúc", "Độc lập - Tự do - Hạnh phúc"},
    {"Lào Cai, ngày 28 tháng 5 QăP 2026", "Lào Cai, ngày 28 tháng 5 năm 2026"},
    /* a word of ASCII only: "cho" */
    {"FKR", "cho"},
    /* control characters are glyphs too: digits, '/', '-', ':' */
    {"Vӕ \x14\x13\x18\x12\x15\x13\x15\x18\x12"
     "1Ĉ\x10&3 ngày",
     "số 105/2025/NĐ-CP ngày"},
    {"cө WKӇ JӗP\x1d", "cụ thể gồm:"},
    /* punctuation of the text's own font kept around a broken word */
    {"quy ÿӏQK./.", "quy định./."},
    /* a tie ("Gự" and "dự" both read as syllables) follows the word before */
    {"FӫD Gӵ án", "của dự án"},
    /* only the Vietnamese letters broken, ASCII right */
    {"Thӵc hiӋn theo Quy chӃ", "Thực hiện theo Quy chế"},
    {"Ӫ\\ ban nhân dân", "Ủy ban nhân dân"},
    /* words that stay as they are */
    {"Công ty Lào Cai tra", "Công ty Lào Cai tra"},
    {"SCT-CN 2026 KT UBND", "SCT-CN 2026 KT UBND"},
    {"12 tháng", "12 tháng"},
    {"", ""},
    /* white space kept exactly, the space glyph read as a space */
    {"a\tb\n\nc", "a\tb\n\nc"},
    {"FKR\x03WKL", "cho thi"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tc_buf out;
        tc_buf_init(&out, 0);
        size_t fixed = 0;
        tc_rc rc = tc_glyphs_repair(cases[i].in, strlen(cases[i].in), &out, &fixed);
        CHECK_INT(cases[i].in, TC_OK, rc);
        CHECK_STR(cases[i].in, cases[i].want, out.len ? out.data : "");
        tc_buf_free(&out);
    }
    /* the page gate: stand-ins counted, ordinary Vietnamese never */
    CHECK_INT("suspect plain", 0,
              (long long)tc_glyphs_suspect("Cộng hòa xã hội chủ nghĩa Việt Nam Ưu tiên", 52));
    const char *broken = "QJKLӋP FӫD Gӵ án";
    CHECK_INT("suspect broken", 3, (long long)tc_glyphs_suspect(broken, strlen(broken)));
    /* invalid UTF-8 goes through, one character in, one out */
    {
        const char bad[] = "Q\xffJ\xc3";
        tc_buf out;
        tc_buf_init(&out, 0);
        CHECK_INT("invalid rc", TC_OK, tc_glyphs_repair(bad, sizeof bad - 1, &out, NULL));
        CHECK_INT("invalid len", 4, (long long)out.len);
        tc_buf_free(&out);
    }
    /* the cap is honoured */
    {
        tc_buf out;
        tc_buf_init(&out, 3);
        CHECK_INT("cap", TC_ENOMEM, tc_glyphs_repair("QJKLӋP", 7, &out, NULL));
        tc_buf_free(&out);
    }
    return check_report("glyphs");
}
