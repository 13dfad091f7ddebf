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
    };
    for (size_t i = 0; i < sizeof json / sizeof json[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        tc_json_str(&b, json[i][0], strlen(json[i][0]));
        CHECK_STR(json[i][0], json[i][1], tc_buf_cstr(&b));
        tc_buf_free(&b);
    }
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
