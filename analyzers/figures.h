/*
 * figures.h: finds the numbers of a report together with what they count
 * ("38 hồ sơ", "650 triệu đồng", "146/199 xã", "tăng 10%") in running text
 * and in appendix tables.
 *
 * Numbers (see /work/shared/DOMAIN.md): '.' groups thousands and ',' marks
 * decimals ("1.501" = 1501, "12,5" = 12.5, "158.150.000" = 158150000).
 * A single '.' that may be a decimal point is flagged (tc_figure.ambiguous)
 * with the reading chosen in tc_figure.reading:
 *   - not followed by exactly three digits ("87.9", "2.8"): a decimal point;
 *   - followed by three digits ("1.501"): thousands, unless the figure is a
 *     percentage (a table row in "%"), where a decimal point is taken.
 *   "1,234.5" (',' before '.') is read the English way and flagged too.
 *
 * What a running-text figure is: a number and what it counts.
 *   money    "650 triệu đồng", "12,5 triệu đồng", "158.150.000đ", "30 triệu
 *            đồng", "VNĐ", "Tr.đồng": value in VND, unit "VND";
 *   percent  "100%", "tăng 10%": unit "%";
 *   ratio    "13/13 tiêu chí", "146/199 xã", "41/41 (đạt 100%) TTHC":
 *            value / value2, unit = the noun's head;
 *   measure  "21.000 km", "2,1Gb", "33m": unit from data/units.tsv ("km",
 *            "GB", "m");
 *   count    "38 hồ sơ", "3250 trạm BTS", "02 Viên chức": unit = the head of
 *            the counted noun: a several-syllable noun of units.tsv ("hồ sơ",
 *            "vị trí", "tin, bài"), else the first word (lower case, except
 *            acronyms: "DVC", "TTHC").  With no noun after the number, the
 *            noun of "số lượng X là N" / "tổng số X là N" before it; else
 *            unit and noun are "".
 * The noun phrase is at most seven words after the number (a parenthesis
 * right after a ratio is skipped), stopping at punctuation, digits, verbs
 * and prepositions ("của", "tại", "được", "đạt", ...); a hard-wrapped line
 * (Markdown, plain text) continues on the next.  A count whose text says
 * nothing of what it counts (no noun after it, none before it) is not
 * reported: it is a list number, part of a name or an address.  Measures
 * may follow "=", "≤", "≥" ("Lk≤5,5m", "Qmax=130kg"), a range keeps its
 * lower bound ("42-76mm", "60 - 70%"), dimensions split ("3mx1,5m").
 * "tăng"/"giảm" right before the number set change to +1/-1.
 *
 * What a figure measures (tc_figure.measure), from the words of its clause
 * (data/units.tsv kinds total, change, size; the nearest to the number wins):
 *   rate    percentages and ratios, always;
 *   diff    "tăng/giảm N ... so với ...": more or less than another period;
 *   total   a stock at a point in time: "tổng số", "lũy kế", "đến nay",
 *           "hiện có", "còn hiệu lực", "trong đó" (parts of a total);
 *   change  an amount done or added within the period: "trong kỳ", "tăng
 *           thêm", "phát triển mới", "thẩm định", "cấp mới", "kiểm tra";
 *   level   a property or setting of one thing: "diện tích", "sức chứa",
 *           "khoảng cách", "tối đa"; also the default of measures and money;
 *   counts with no word either way are totals.
 * The period (tc_figure.period) is the one the sentence states, as written
 * ("Quý I/2018", "năm 2025", "6 tháng đầu năm 2025", "đến hết ngày
 * 31/12/2025", "trong kỳ"), the nearest before the figure, else after it.
 * tc_figure.indicator of a running-text figure is its noun phrase carried
 * on to the end of its clause ("vị trí xây dựng trạm BTS cho các Doanh
 * nghiệp"), so that a search for "trạm BTS" finds it.
 *
 * Not reported: dates and periods ("19/10/2016", "năm 2018", "tháng 3",
 * "3 tháng đầu năm", "24/24 giờ", "30/4"), durations ("10 năm", "70 năm"),
 * years (a 4-digit 1900..2100 with no counted noun, ranges "2017-2020"),
 * document symbols and short citations ("45/2016/QĐ-TTg", "Đề án 30",
 * "Nghị quyết 36a", "Kế hoạch 81"), labels ("mức độ 3", "lần thứ 44",
 * "số 79", "tiêu chí số 8", "cấp 01;"), section numbers at the start of a
 * line ("1.2", "2.2.", "10."), numbers glued to letters ("2G", "3D"),
 * numbers written in words, and lines holding nothing but a number (table
 * residue).
 *
 * Tables (tc_figure.table = 1), reported through the same callback:
 *   - tab-separated rows under one or two heading rows ("STT<TAB>Tên chỉ
 *     tiêu<TAB>Đơn vị tính<TAB>..."): row number (or "Tổng cộng"),
 *     indicator, then cells; the unit of a value is the row's unit cell (a
 *     column headed "Đơn vị tính"/"ĐVT"; an empty one repeats the previous
 *     row's), else the unit its heading states ("Diện tích (ha)", "Tỷ lệ
 *     (%)", "TMĐT (tỷ đồng)", "Số lượng Giấy phép"), else ""; column = the
 *     heading cell above; columns of codes, years, dates and names
 *     ("Số hiệu UN", "Niên hạn", "Địa điểm") and cells that are not a value
 *     are read as running text; a row with a single cell is running text;
 *   - one cell per line: a line with the row number, a line with the
 *     indicator, a short line with the unit, then two or more value lines;
 *     the headings cannot be paired reliably, so column = "col1".."colN".
 *   A value with '%' is a percentage; money units ("Triệu đồng", "Tr.đồng",
 *   "Tỷ") are converted to VND; noun = the unit cell as written.
 *
 * Input may be NFC or NFD, use either tone placement, NBSP and tabs: the text
 * is cleaned with tc_text_clean() and every offset is mapped back to the
 * caller's original bytes.  The handle holds the tables of data/units.tsv
 * and scratch buffers; it is not thread-safe (one per thread) and uses the
 * tc_text handle given to tc_figurer_open(), which must outlive it.
 */
#ifndef TC_FIGURES_H
#define TC_FIGURES_H

#include "../common/tc.h"
#include "text.h"
#include "view.h"

typedef struct tc_figurer tc_figurer;

/* tc_figure.measure */
#define TC_MEAS_NONE 0
#define TC_MEAS_TOTAL 1
#define TC_MEAS_CHANGE 2
#define TC_MEAS_DIFF 3
#define TC_MEAS_RATE 4
#define TC_MEAS_LEVEL 5

/* The name of a TC_MEAS_* ("total", "change", "diff", "rate", "level"; ""
 * for none). */
const char *tc_figure_measure_name(int measure);

/* tc_figure.kind */
#define TC_FIG_COUNT 1
#define TC_FIG_MONEY 2
#define TC_FIG_PERCENT 3
#define TC_FIG_RATIO 4
#define TC_FIG_MEASURE 5

typedef struct tc_figure {
    double value;        /* the number, scaled (money in VND) */
    double value2;       /* denominator of a ratio, else 0 */
    char unit[48];       /* "VND", "%", "km", "GB", or the counted noun's head; "" if none */
    char noun[128];      /* counted noun phrase as written (cleaned), "" if none */
    char text[128];      /* the span as written (cleaned): "650 triệu đồng", "38 hồ sơ" */
    int kind;            /* TC_FIG_* */
    int change;          /* +1 after "tăng", -1 after "giảm", else 0 */
    int measure;         /* TC_MEAS_*: total, change within the period, diff, rate, level */
    char period[64];     /* the period its sentence states, as written; "" if none */
    int ambiguous;       /* 1 when '.' may be a decimal point (see above) */
    char reading[48];    /* when ambiguous: the reading chosen, in English */
    int table;           /* 1 for a table cell, 0 for running text */
    char column[96];     /* table: column heading, or "col1".."colN" */
    char indicator[256]; /* table: the row's indicator name */
    size_t start, end;   /* byte span in the ORIGINAL text */
    char sentence[512];  /* running text: the sentence (trimmed, at most ~400 bytes
                            around the figure); table: the indicator */
} tc_figure;

/* Called once per figure in text order (tables where they stand); the struct
 * is valid only during the call.  Return non-zero to stop (tc_figurer_extract
 * then returns TC_OK). */
typedef int (*tc_figure_fn)(void *ctx, const tc_figure *f);

/* Loads the embedded data/units.tsv.  OUT: *out (NULL on failure).
 * TC_EDATA when the table is missing or malformed. */
tc_rc tc_figurer_open(tc_text *t, tc_figurer **out);
void tc_figurer_close(tc_figurer *f);

/* Reports every figure in text[0..len) (UTF-8) through cb: builds the
 * text's view and calls tc_figurer_extract_view(). */
tc_rc tc_figurer_extract(tc_figurer *f, const char *text, size_t len, tc_figure_fn cb, void *ctx);
/* The same on a document's view; offsets are in v->raw.  v is read only
 * during the call. */
tc_rc tc_figurer_extract_view(tc_figurer *f, const tc_view *v, tc_figure_fn cb, void *ctx);

/* Reads the number at s[0..n) (ASCII digits, '.' and ',' between digits).
 * prefer_decimal: read a lone '.' before three digits as a decimal point
 * (percent contexts).  OUT: *value, *used (bytes read), *ambiguous (1 when
 * '.' could be read either way or was read as a decimal point).
 * TC_EINVAL when s does not start with a digit or the groups make no number
 * ("1.2.3", a section label); *used is then the bytes of the label. */
tc_rc tc_figure_number(const char *s, size_t n, int prefer_decimal, double *value, size_t *used,
                       int *ambiguous);

#endif /* TC_FIGURES_H */
