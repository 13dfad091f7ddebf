/* test_render.c: text tables as the eye sees them (display widths,
 * Vietnamese order, the terminal's width) and no control character from a
 * document reaching the terminal (render/render.h).  Expected outputs are
 * written by hand, column by column. */
#include <stdlib.h>

#include "../../common/fields.h"
#include "../../render/render.h"
#include "check.h"

static const char *path = "build/test_render.txt";

static tc_out open_text(void)
{
    tc_out o;
    remove(path);
    CHECK_INT("open", TC_OK, tc_out_open(&o, path, TC_FMT_TEXT, 0));
    return o;
}

static char *close_text(tc_out *o)
{
    CHECK_INT("close", TC_OK, tc_out_close(o, 1));
    size_t n = 0;
    char *data = check_slurp(path, &n);
    remove(path);
    return data;
}

int main(void)
{
    setenv("COLUMNS", "80", 1);
    /* Facets as the library gives them (docs, then bytes: "Đ" after "H");
     * ties come out in Vietnamese order, aligned by display width. */
    tc_facet_row rows[] = {
        {"Bà Rịa - Vũng Tàu", 2, 10}, {"Hà Tĩnh", 2, 9}, {"Đắk Lắk", 2, 5}, {"Hà Nội", 1, 3}};
    tc_out o = open_text();
    tc_render_facets(&o, "province", rows, 4, 7, 0, 0);
    char *got = close_text(&o);
    CHECK_STR("facets",
              "7 documents match\n\n"
              "province              docs  passages\n"
              "Bà Rịa - Vũng Tàu        2        10\n"
              "Đắk Lắk                  2         5\n"
              "Hà Tĩnh                  2         9\n"
              "Hà Nội                   1         3\n",
              got);
    free(got);

    /* Trend bars are drawn from the passages column beside them. */
    tc_facet_row years[] = {{"2018", 1, 10}, {"2019", 2, 5}};
    o = open_text();
    tc_render_facets(&o, "year", years, 2, 3, 0, 1);
    got = close_text(&o);
    char bar30[100] = "", bar15[100] = "";
    for (int i = 0; i < 30; i++)
        strcat(bar30, "█");
    for (int i = 0; i < 15; i++)
        strcat(bar15, "█");
    char want[1000];
    snprintf(want, sizeof want,
             "3 documents match\n\n"
             "year     docs  passages\n"
             "2018        1        10  %s\n"
             "2019        2         5  %s\n"
             "\n█ bars: passages; the longest is 10\n",
             bar30, bar15);
    CHECK_STR("trend bars", want, got);
    free(got);

    /* A pivot: places in Vietnamese order, columns as narrow as their
     * values, the last column unpadded. */
    char *prow[] = {"Hà Tĩnh", "Đắk Lắk"}, *pcol[] = {"2018", "2019"};
    char *meas[] = {"total", "total"}, *kinds[] = {"count", "count"}, *units[] = {"trạm", "trạm"};
    char *cells[] = {"146", NULL, "5; 7", "1200"};
    tc_pivot pv = {prow, pcol, meas, kinds, units, 2, 2, cells};
    o = open_text();
    tc_render_pivot(&o, "trạm", 3, &pv, 0);
    got = close_text(&o);
    CHECK_STR("pivot",
              "3 figures of \"trạm\"\n\n"
              "province measure unit 2018 2019\n"
              "Đắk Lắk  total   trạm 5; 7 1200\n"
              "Hà Tĩnh  total   trạm 146  -\n",
              got);
    free(got);

    /* A hit whose title and file name carry terminal escapes: shown in
     * caret notation, no ESC or BEL byte reaches the output. */
    tc_buf rec;
    tc_buf_init(&rec, 0);
    tc_fields_put(&rec, "path", "/docs/a\033]0;pwned\a.txt");
    tc_fields_put(&rec, "title", "Báo cáo \033[2J tháng 3");
    tc_fields_put(&rec, "province", "Hà Tĩnh");
    tc_fields_put(&rec, "date", "2018-03-23");
    tc_fields_put(&rec, "number", "12/BC-UBND");
    CHECK_INT("end of record", TC_OK, tc_buf_puts(&rec, "\n"));
    tc_hit h;
    memset(&h, 0, sizeof h);
    h.rank = 1;
    h.score = 1.5;
    CHECK_INT("parse", TC_OK, tc_fields_parse(rec.data, rec.len, &h.meta));
    o = open_text();
    tc_render_hit(&o, &h, "");
    got = close_text(&o);
    CHECK_STR("escapes",
              "  1. Hà Tĩnh      2018-03-23 12/BC-UBND       1.500\n"
              "     Báo cáo ^[[2J tháng 3\n"
              "     /docs/a^[]0;pwned^G.txt\n"
              "\n",
              got);
    CHECK(got && !strchr(got, '\033') && !strchr(got, '\a'), "a control byte got through");
    free(got);
    tc_fields_free(&h.meta);
    tc_buf_free(&rec);

    /* A title longer than the terminal is cut with "…" at 40 columns. */
    setenv("COLUMNS", "40", 1);
    tc_buf_init(&rec, 0);
    tc_fields_put(&rec, "title", "Báo cáo tình hình phát triển kinh tế - xã hội năm 2024 của tỉnh");
    CHECK_INT("end of record", TC_OK, tc_buf_puts(&rec, "\n"));
    memset(&h, 0, sizeof h);
    h.rank = 2;
    CHECK_INT("parse", TC_OK, tc_fields_parse(rec.data, rec.len, &h.meta));
    o = open_text();
    tc_render_hit(&o, &h, "");
    got = close_text(&o);
    CHECK_STR("cut title",
              "  2. -            -          -                0.000\n"
              "     Báo cáo tình hình phát triển kinh …\n"
              "     \n"
              "\n",
              got);
    free(got);
    tc_fields_free(&h.meta);
    tc_buf_free(&rec);
    return check_report("render");
}
