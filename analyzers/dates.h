/*
 * dates.h: finds the dates and reporting periods of a report and gives each
 * its ISO form, precision and bounds.
 *
 * What is recognised (case and tone placement do not matter):
 *   day     "ngày 23 tháng 3 năm 2018", "19/10/2016", "15/3/2018",
 *           "ngày 11/7/2024" -> "2018-03-23", precision 3 ("ngày" is part of
 *           the span when written);
 *   month   "tháng 3/2018", "tháng 5 năm 2015", and a blank day
 *           "ngày  tháng 7 năm 2024" -> "2024-07", precision 2;
 *   year    "năm 2018" -> "2018", precision 1;
 *   periods (iso = the year, precision 1, period and bounds set):
 *           "Quý I/2019", "quý I năm 2018", "quý 1/2019", "QUÍ II/2019" -> Q1..Q4;
 *           "Quý 3,4/2015" -> one date per quarter;
 *           "3 tháng đầu năm 2018" -> Q1, "6 tháng đầu năm" -> H1,
 *           "9 tháng đầu năm" -> 9M (January-September), "6 tháng cuối năm"
 *           -> H2, "3 tháng cuối năm" -> Q4, other "N tháng đầu/cuối năm"
 *           -> RANGE of months;
 *           "giai đoạn 2015-2020", "năm 2017 - 2018" -> RANGE 2015..2020;
 *           "cả năm 2018" -> Y.
 *   A period written without its year ("6 tháng cuối năm", "quý I") takes
 *   the year of a "năm YYYY" (or "/YYYY") in the same sentence, the next one
 *   first, within 200 bytes; else its year is unknown: iso, start and end
 *   are "" and precision is 0.
 * Not reported: impossible dates (32/13/2018, 29/2/2019), numbers inside
 * document symbols ("45/2016/QĐ-TTg", "71/1998" after a type word is a
 * citation: only d/m/yyyy forms are dates), a day and month without year
 * ("30/4"), bare years without "năm"/"giai đoạn" ("Xuân 2018").
 *
 * Input may be NFC or NFD with NBSP and tabs: the text is cleaned with
 * tc_text_clean() and offsets are mapped back to the caller's bytes.  The
 * handle holds scratch buffers; it is not thread-safe and uses the tc_text
 * handle given to tc_dater_open(), which must outlive it.
 */
#ifndef TC_DATES_H
#define TC_DATES_H

#include "../common/tc.h"
#include "text.h"
#include "view.h"

typedef struct tc_dater tc_dater;

typedef struct tc_date {
    char iso[11];            /* "2018-03-23", "2018-03", "2018"; "" when the year is unknown */
    int precision;           /* 1 year, 2 month, 3 day; 0 when the year is unknown */
    char period[8];          /* "", "Q1".."Q4", "H1", "H2", "9M", "Y", "RANGE" */
    char start[11], end[11]; /* ISO bounds of the date or period ("" if unknown) */
    char text[128];          /* the span as written (cleaned) */
    size_t start_off;        /* byte span in the ORIGINAL text */
    size_t end_off;          /* one past the last byte */
} tc_date;

/* Called once per date in text order; the struct is valid only during the
 * call.  Return non-zero to stop (tc_dater_extract then returns TC_OK). */
typedef int (*tc_date_fn)(void *ctx, const tc_date *d);

/* OUT: *out (NULL on failure). */
tc_rc tc_dater_open(tc_text *t, tc_dater **out);
void tc_dater_close(tc_dater *d);

/* Reports every date and period in text[0..len) (UTF-8) through cb: builds
 * the text's view and calls tc_dater_extract_view(). */
tc_rc tc_dater_extract(tc_dater *d, const char *text, size_t len, tc_date_fn cb, void *ctx);
/* The same on a document's view; offsets are in v->raw.  v is read only
 * during the call. */
tc_rc tc_dater_extract_view(tc_dater *d, const tc_view *v, tc_date_fn cb, void *ctx);

/* 1 if y-m-d is a calendar date (Gregorian, 1 <= m <= 12). */
int tc_date_valid(int y, int m, int d);

#endif /* TC_DATES_H */
