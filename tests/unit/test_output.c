/* test_output.c: CSV quoting and formula neutralising, JSON escaping
 * (search/output.h, common/fields.h). */
#include <stdlib.h>

#include "../../common/fields.h"
#include "../../render/output.h"
#include "check.h"

int main(void)
{
    static const char *const csv[][2] = {
        {"plain", "plain"},
        {"Hà Tĩnh", "Hà Tĩnh"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"=SUM(A1:A2)", "'=SUM(A1:A2)"},
        {"+1", "'+1"},
        {"@cmd", "'@cmd"},
        {"\tx", "'\tx"},
        {"-x", "'-x"},
        {"-28%", "-28%"},
        {"-12,5", "\"-12,5\""},
        {"=a,\"b\"\nc", "\"'=a,\"\"b\"\"\nc\""},
        {"bad \xff byte", "bad \xef\xbf\xbd byte"},
        {"", ""},
        /* bullets are text (LibreOffice and Excel read "- x" as a label) */
        {"- Triển khai thực hiện", "- Triển khai thực hiện"},
        {"+ Hoàn thành 12 nhiệm vụ", "+ Hoàn thành 12 nhiệm vụ"},
        {"- 2+3", "'- 2+3"},                                       /* evaluates: -5 */
        {"- a|b", "'- a|b"},                                       /* DDE */
        {"- x HYPERLINK(\"u\")", "\"'- x HYPERLINK(\"\"u\"\")\""}, /* a call */
        {"- (theo Quyết định 45)", "'- (theo Quyết định 45)"},
        {"- khoản 2 (điểm a)", "- khoản 2 (điểm a)"}, /* space before '(': no call */
        {"-2+3+cmd", "'-2+3+cmd"},
        {"-", "-"},
        /* terminal escapes: whole sequences dropped, other controls U+FFFD */
        {"a\033]0;pwned\ab", "ab"},
        {"x\033[2Jy", "xy"},
        {"bell\a", "bell\xef\xbf\xbd"},
        {"rtl\xe2\x80\xaeoverride", "rtl\xef\xbf\xbdoverride"},
        {"c1 \xc2\x9b", "c1 \xef\xbf\xbd"},
    };
    for (size_t i = 0; i < sizeof csv / sizeof csv[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        tc_csv_field(&b, csv[i][0], strlen(csv[i][0]));
        CHECK_STR(csv[i][0], csv[i][1], tc_buf_cstr(&b));
        tc_buf_free(&b);
    }
    static const char *const json[][2] = {
        {"a\"b", "\"a\\\"b\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"nl\ntab\t", "\"nl\\ntab\\t\""},
        {"\x01", "\"\\u0001\""},
        {"Việt", "\"Việt\""},
        {"bad \xc3", "\"bad \xef\xbf\xbd\""},
        {"\033[2J", "\"\\u001b[2J\""},
        {"\033]0;pwned\a", "\"\\u001b]0;pwned\\u0007\""},
        {"c1 \xc2\x9b", "\"c1 \\u009b\""},
        {"\xe2\x80\xae\xe2\x81\xa6", "\"\\u202e\\u2066\""},
        {"del\x7f", "\"del\\u007f\""},
    };
    for (size_t i = 0; i < sizeof json / sizeof json[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        tc_json_safe(&b, json[i][0], strlen(json[i][0]));
        CHECK_STR(json[i][0], json[i][1], tc_buf_cstr(&b));
        tc_buf_free(&b);
    }
    /* What a terminal is shown: caret notation, U+FFFD; TAB and LF kept. */
    static const char *const term[][2] = {
        {"title \033]0;pwned\a", "title ^[]0;pwned^G"},
        {"\033[2Jclear", "^[[2Jclear"},
        {"cr\rlf\ntab\t", "cr^Mlf\ntab\t"},
        {"del\x7f", "del^?"},
        {"c1 \xc2\x9b[2J", "c1 \xef\xbf\xbd[2J"},
        {"rlo \xe2\x80\xae gdp \xe2\x81\xa9", "rlo \xef\xbf\xbd gdp \xef\xbf\xbd"},
        {"bad \xff", "bad \xef\xbf\xbd"},
        {"Đắk Lắk", "Đắk Lắk"},
    };
    for (size_t i = 0; i < sizeof term / sizeof term[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        tc_term_safe(&b, term[i][0], strlen(term[i][0]));
        CHECK_STR(term[i][0], term[i][1], tc_buf_cstr(&b));
        tc_buf_free(&b);
    }
    /* Display widths: what the eye sees (NFC and NFD alike, wide = 2). */
    static const struct {
        const char *s;
        size_t width;
    } widths[] = {
        {"Hà Nội", 6},
        {"Ha\xcc\x80 No\xcc\x82\xcc\xa3i", 6}, /* NFD */
        {"Bà Rịa - Vũng Tàu", 17},
        {"Đắk Lắk", 7},
        {"中文", 4},
        {"\033[2J", 5}, /* shown as ^[[2J */
        {"", 0},
    };
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
        CHECK_INT(widths[i].s, widths[i].width, tc_display_width(widths[i].s, strlen(widths[i].s)));
    /* Prefixes never split a letter from its marks, nor a wide character. */
    CHECK_INT("prefix NFD", 4, tc_display_prefix("Ha\xcc\x80 No", 7, 2));
    CHECK_INT("prefix wide", 3, tc_display_prefix("中文", 6, 3));
    CHECK_INT("prefix all", 8, tc_display_prefix("Hà Nội", 8, 80));
    /* Field records round-trip values with tabs, newlines and backslashes. */
    tc_buf rec;
    tc_buf_init(&rec, 0);
    tc_fields_put(&rec, "title", "a\tb\nc\\d");
    tc_fields_put_int(&rec, "year", 2018);
    CHECK_INT("end of record", TC_OK, tc_buf_puts(&rec, "\nBODY"));
    tc_fields f;
    CHECK_INT("parse", TC_OK, tc_fields_parse(rec.data, rec.len, &f));
    CHECK_STR("title", "a\tb\nc\\d", tc_fields_get(&f, "title"));
    CHECK_STR("year", "2018", tc_fields_get(&f, "year"));
    CHECK_STR("missing", "", tc_fields_get(&f, "nope"));
    CHECK_INT("body length", 4, f.body_len);
    tc_fields_free(&f);
    tc_buf_free(&rec);
    /* Atomic -o: the file appears only when closed with success. */
    tc_out o;
    const char *path = "build/test_output.csv";
    remove(path);
    CHECK_INT("open", TC_OK, tc_out_open(&o, path, TC_FMT_CSV, 1));
    static const char *const cols[] = {"a", "b", NULL};
    tc_out_header(&o, cols);
    FILE *probe = fopen(path, "rb");
    CHECK(probe == NULL, "file visible before close");
    if (probe)
        fclose(probe);
    CHECK_INT("close", TC_OK, tc_out_close(&o, 1));
    size_t n = 0;
    char *data = check_slurp(path, &n);
    CHECK_STR("excel csv",
              "\xef\xbb\xbf"
              "a,b\r\n",
              data);
    free(data);
    remove(path);
    CHECK_INT("open failing", TC_OK, tc_out_open(&o, path, TC_FMT_JSON, 0));
    CHECK_INT("close failing", TC_OK, tc_out_close(&o, 0));
    probe = fopen(path, "rb");
    CHECK(probe == NULL, "file left after failure");
    if (probe)
        fclose(probe);
    return check_report("output");
}
