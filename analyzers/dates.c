/*
 * dates.c: dates and reporting periods (see dates.h).
 *
 * How it works.  The scan reads the document's view (view.h): the cleaned
 * text and its lower-case copy with the same byte offsets.  It stops at the
 * words that introduce a date ("ngày", "tháng", "năm", "quý", "giai đoạn",
 * "cả năm") and at digits
 * ("19/10/2016", "6 tháng đầu năm"); each parser reads one form and says how
 * far it got, so a day never shows up again as a month or a year.
 */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* How far a period without its year looks for "năm YYYY". */
#define DATE_CONTEXT_BYTES 200
/* Bytes in a UTF-8 string literal. */
#define W(s) (sizeof(s) - 1)

struct tc_dater {
    tc_text *t;       /* normaliser, not owned */
    const tc_view *v; /* the view of the current call (clean, lower, map) */
    tc_date_fn cb;    /* callback of the current call */
    void *ctx;        /* its context */
    int stop;         /* the callback asked to stop */
};

/* ---- helpers ------------------------------------------------------------------ */

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int alnum_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    uint32_t cp;
    tc_utf8_decode(s + i, n - i, &cp);
    return u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp);
}

/* Is the character ending at i (exclusive) a letter or digit? */
static int alnum_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    return alnum_at(s, i, j);
}

int tc_date_valid(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Reads 1..maxd digits at p (not followed by another digit).  Returns the
 * count read (0 if none) and sets *v. */
static size_t read_int(const char *s, size_t n, size_t p, size_t maxd, int *v)
{
    size_t q = p;
    int x = 0;
    while (q < n && is_digit(s[q]) && q - p < maxd)
        x = x * 10 + (s[q++] - '0');
    if (q == p || (q < n && is_digit(s[q])))
        return 0;
    *v = x;
    return q - p;
}

static int is_year(int y, size_t digits)
{
    return digits == 4 && y >= 1900 && y <= 2100;
}

static size_t skip_spaces(const char *s, size_t n, size_t p)
{
    while (p < n && s[p] == ' ')
        p++;
    return p;
}

/* Does L[p..) start with word w, ending at a word boundary? */
static int word_at(const char *L, size_t n, size_t p, const char *w)
{
    size_t k = strlen(w);
    return p + k <= n && memcmp(L + p, w, k) == 0 && !alnum_at(L, n, p + k);
}

/* Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD" (m or d 0: left out). */
static void fmt_iso(char out[11], int y, int m, int d)
{
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    if (!m)
        snprintf(out, 11, "%04u", uy);
    else if (!d)
        snprintf(out, 11, "%04u-%02u", uy, um);
    else
        snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
}

/* ---- reporting --------------------------------------------------------------------- */

static void set_bounds(tc_date *d, int y, int m1, int m2)
{
    fmt_iso(d->start, y, m1, 1);
    fmt_iso(d->end, y, m2, month_days(y, m2));
}

static void emit(tc_dater *dt, tc_date *d, size_t cs, size_t ce)
{
    size_t n = ce - cs;
    if (n >= sizeof d->text) {
        n = sizeof d->text - 1;
        while (n > 0 && ((unsigned char)dt->v->clean[cs + n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(d->text, dt->v->clean + cs, n);
    d->text[n] = 0;
    d->start_off = dt->v->map[cs];
    d->end_off = dt->v->map[ce];
    if (dt->cb(dt->ctx, d))
        dt->stop = 1;
}

static void emit_day(tc_dater *dt, int y, int m, int day, size_t cs, size_t ce)
{
    tc_date d;
    memset(&d, 0, sizeof d);
    fmt_iso(d.iso, y, m, day);
    d.precision = 3;
    memcpy(d.start, d.iso, sizeof d.iso);
    memcpy(d.end, d.iso, sizeof d.iso);
    emit(dt, &d, cs, ce);
}

static void emit_month(tc_dater *dt, int y, int m, size_t cs, size_t ce)
{
    tc_date d;
    memset(&d, 0, sizeof d);
    fmt_iso(d.iso, y, m, 0);
    d.precision = 2;
    set_bounds(&d, y, m, m);
    emit(dt, &d, cs, ce);
}

/* A year, or a period of months m1..m2 of year y (y == 0: unknown). */
static void emit_period(tc_dater *dt, int y, int m1, int m2, const char *period, size_t cs,
                        size_t ce)
{
    tc_date d;
    memset(&d, 0, sizeof d);
    snprintf(d.period, sizeof d.period, "%s", period);
    if (y) {
        fmt_iso(d.iso, y, 0, 0);
        d.precision = 1;
        set_bounds(&d, y, m1, m2);
    }
    emit(dt, &d, cs, ce);
}

static void emit_range(tc_dater *dt, int y1, int y2, size_t cs, size_t ce)
{
    tc_date d;
    memset(&d, 0, sizeof d);
    strcpy(d.period, "RANGE");
    fmt_iso(d.iso, y1, 0, 0);
    d.precision = 1;
    fmt_iso(d.start, y1, 1, 1);
    fmt_iso(d.end, y2, 12, 31);
    emit(dt, &d, cs, ce);
}

/* ---- the year of a period written without one ------------------------------- */

/* The sentence around p: from the previous ". " or line start to the next. */
static void sentence_bounds(const char *L, size_t n, size_t p, size_t *a, size_t *b)
{
    size_t s = p;
    while (s > 0 && L[s - 1] != '\n' && !(L[s - 1] == '.' && L[s] == ' ') &&
           p - s < DATE_CONTEXT_BYTES)
        s--;
    size_t e = p;
    while (e < n && L[e] != '\n' && !(L[e] == '.' && (e + 1 >= n || L[e + 1] == ' ')) &&
           e - p < DATE_CONTEXT_BYTES)
        e++;
    *a = s;
    *b = e;
}

/* A "năm YYYY" or "/YYYY" at q?  Returns the year or 0. */
static int year_at(const char *L, size_t n, size_t q)
{
    int y;
    size_t k;
    if (word_at(L, n, q, "năm")) {
        size_t p = skip_spaces(L, n, q + W("năm"));
        if ((k = read_int(L, n, p, 4, &y)) && is_year(y, k))
            return y;
    }
    if (L[q] == '/' && (k = read_int(L, n, q + 1, 4, &y)) && is_year(y, k) &&
        !alnum_at(L, n, q + 1 + k) && !(q + 1 + k < n && L[q + 1 + k] == '/'))
        return y;
    return 0;
}

static int context_year(const tc_dater *dt, size_t cs, size_t ce)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len, a, b;
    sentence_bounds(L, n, cs, &a, &b);
    size_t a2, b2;
    sentence_bounds(L, n, ce, &a2, &b2);
    for (size_t q = ce; q < b2; q++) {
        int y = year_at(L, n, q);
        if (y)
            return y;
    }
    for (size_t q = cs; q > a; q--) {
        int y = year_at(L, n, q - 1);
        if (y)
            return y;
    }
    return 0;
}

/* ---- parsers: each returns the end of what it read, or 0 -------------------- */

/* "D/M/YYYY" (also '-' or '.') at p. */
static size_t numeric_date(tc_dater *dt, size_t p, size_t cs)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    int d, m, y;
    size_t k1 = read_int(L, n, p, 2, &d);
    if (!k1 || p + k1 >= n)
        return 0;
    char sep = L[p + k1];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    size_t k2 = read_int(L, n, p + k1 + 1, 2, &m);
    size_t q = p + k1 + 1 + k2;
    if (!k2 || q >= n || L[q] != sep)
        return 0;
    size_t k3 = read_int(L, n, q + 1, 4, &y);
    size_t e = q + 1 + k3;
    if (!is_year(y, k3))
        return 0;
    /* inside a symbol: "12/3/2016/QĐ-TTg", "QĐ-1/2/2016" */
    if (alnum_at(L, n, e) || (e < n && (L[e] == '/' || L[e] == '-') && alnum_at(L, n, e + 1)))
        return 0;
    if (!tc_date_valid(y, m, d))
        return e; /* consumed: "32/13/2018" is no date, and no month either */
    emit_day(dt, y, m, d, cs, e);
    return e;
}

/* "tháng M/YYYY", "tháng M năm YYYY" at p (after "tháng "). */
static size_t month_date(tc_dater *dt, size_t p, size_t cs)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    int m, y;
    size_t k = read_int(L, n, p, 2, &m);
    if (!k || m < 1 || m > 12)
        return 0;
    size_t q = p + k;
    size_t ky = 0;
    if (q < n && L[q] == '/') {
        ky = read_int(L, n, q + 1, 4, &y);
        q += 1 + ky;
    } else {
        size_t r = skip_spaces(L, n, q);
        if (word_at(L, n, r, "năm")) {
            r = skip_spaces(L, n, r + W("năm"));
            ky = read_int(L, n, r, 4, &y);
            q = r + ky;
        }
    }
    if (!ky || !is_year(y, ky) || alnum_at(L, n, q) || (q < n && L[q] == '/'))
        return 0;
    emit_month(dt, y, m, cs, q);
    return q;
}

/* "ngày D tháng M năm YYYY", "ngày D/M/YYYY", "ngày  tháng M năm YYYY". */
static size_t day_date(tc_dater *dt, size_t p, size_t cs)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    size_t q = skip_spaces(L, n, p);
    int d = 0;
    size_t k = read_int(L, n, q, 2, &d);
    if (k && q + k < n && (L[q + k] == '/' || L[q + k] == '-' || L[q + k] == '.'))
        return numeric_date(dt, q, cs);
    if (k)
        q = skip_spaces(L, n, q + k);
    if (!word_at(L, n, q, "tháng"))
        return 0;
    q = skip_spaces(L, n, q + W("tháng"));
    int m, y;
    size_t km = read_int(L, n, q, 2, &m);
    if (!km)
        return 0;
    q = skip_spaces(L, n, q + km);
    if (!word_at(L, n, q, "năm"))
        return 0;
    q = skip_spaces(L, n, q + W("năm"));
    size_t ky = read_int(L, n, q, 4, &y);
    if (!is_year(y, ky))
        return 0;
    q += ky;
    if (k ? !tc_date_valid(y, m, d) : (m < 1 || m > 12))
        return q;
    if (k)
        emit_day(dt, y, m, d, cs, q);
    else
        emit_month(dt, y, m, cs, q); /* a blank day in a draft */
    return q;
}

/* "năm YYYY", "năm YYYY - YYYY" at p (after "năm "). */
static size_t year_date(tc_dater *dt, size_t p, size_t cs, int range_only)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    int y, y2;
    size_t k = read_int(L, n, p, 4, &y);
    if (!is_year(y, k))
        return 0;
    size_t q = p + k;
    if (q < n && (L[q] == '/' || L[q] == '.' || L[q] == ',') && is_digit(L[q + 1]))
        return 0;
    if (alnum_at(L, n, q))
        return 0;
    /* a range: "2015-2020", "2021 - 2025", "2016 – 2020" */
    size_t r = skip_spaces(L, n, q);
    size_t dash = 0;
    if (r < n && L[r] == '-')
        dash = 1;
    else if (r + 2 < n && memcmp(L + r, "\xe2\x80\x93", 3) == 0)
        dash = 3;
    if (dash) {
        size_t r2 = skip_spaces(L, n, r + dash);
        size_t k2 = read_int(L, n, r2, 4, &y2);
        if (is_year(y2, k2) && y2 > y && y2 - y <= 50 && !alnum_at(L, n, r2 + k2)) {
            emit_range(dt, y, y2, cs, r2 + k2);
            return r2 + k2;
        }
    }
    if (range_only)
        return 0;
    emit_period(dt, y, 1, 12, "", cs, q);
    return q;
}

static int roman_quarter(const char *L, size_t n, size_t p, size_t *len)
{
    static const char *const r[] = {"iv", "iii", "ii", "i"};
    static const int v[] = {4, 3, 2, 1};
    for (int k = 0; k < 4; k++) {
        size_t l = strlen(r[k]);
        if (p + l <= n && memcmp(L + p, r[k], l) == 0 && !alnum_at(L, n, p + l)) {
            *len = l;
            return v[k];
        }
    }
    if (p < n && L[p] >= '1' && L[p] <= '4' && !alnum_at(L, n, p + 1)) {
        *len = 1;
        return L[p] - '0';
    }
    return 0;
}

/* "quý I/2019", "quý I năm 2018", "quý 1/2019", "quý 3,4/2015", "quý II". */
static size_t quarter_date(tc_dater *dt, size_t p, size_t cs)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    int qs[4];
    size_t nq = 0, len;
    size_t q = p;
    int v = roman_quarter(L, n, q, &len);
    if (!v)
        return 0;
    qs[nq++] = v;
    q += len;
    while (q < n && L[q] == ',' && nq < 4) {
        size_t r = skip_spaces(L, n, q + 1);
        int w = roman_quarter(L, n, r, &len);
        if (!w)
            break;
        qs[nq++] = w;
        q = r + len;
    }
    int y = 0;
    size_t e = q;
    if (q < n && L[q] == '/') {
        int yy;
        size_t k = read_int(L, n, q + 1, 4, &yy);
        if (!is_year(yy, k))
            return 0;
        y = yy;
        e = q + 1 + k;
    } else {
        size_t r = skip_spaces(L, n, q);
        int yy;
        size_t k;
        if (word_at(L, n, r, "năm") &&
            (k = read_int(L, n, skip_spaces(L, n, r + W("năm")), 4, &yy)) && is_year(yy, k)) {
            y = yy;
            e = skip_spaces(L, n, r + W("năm")) + k;
        }
    }
    if (!y)
        y = context_year(dt, cs, e);
    for (size_t k = 0; k < nq && !dt->stop; k++) {
        char name[4] = {'Q', (char)('0' + qs[k]), 0, 0};
        emit_period(dt, y, qs[k] * 3 - 2, qs[k] * 3, name, cs, e);
    }
    return e;
}

/* "N tháng đầu năm [YYYY]", "N tháng cuối năm [YYYY]" at p (N's digits). */
static size_t months_period(tc_dater *dt, size_t p, size_t cs)
{
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    int m;
    size_t k = read_int(L, n, p, 2, &m);
    if (!k || m < 1 || m > 12)
        return 0;
    size_t q = skip_spaces(L, n, p + k);
    if (!word_at(L, n, q, "tháng"))
        return 0;
    q = skip_spaces(L, n, q + W("tháng"));
    int first;
    if (word_at(L, n, q, "đầu"))
        first = 1;
    else if (word_at(L, n, q, "cuối"))
        first = 0;
    else
        return 0;
    q = skip_spaces(L, n, q + (first ? W("đầu") : W("cuối")));
    if (!word_at(L, n, q, "năm"))
        return 0;
    size_t e = q + W("năm");
    int y = 0, yy;
    size_t r = skip_spaces(L, n, e);
    size_t ky = read_int(L, n, r, 4, &yy);
    if (ky && is_year(yy, ky) && !alnum_at(L, n, r + ky)) {
        y = yy;
        e = r + ky;
    }
    if (!y)
        y = context_year(dt, cs, e);
    int m1 = first ? 1 : 13 - m, m2 = first ? m : 12;
    const char *name = "RANGE";
    if (first && m == 3)
        name = "Q1";
    else if (first && m == 6)
        name = "H1";
    else if (first && m == 9)
        name = "9M";
    else if (!first && m == 6)
        name = "H2";
    else if (!first && m == 3)
        name = "Q4";
    else if (m == 12)
        name = "Y";
    emit_period(dt, y, m1, m2, name, cs, e);
    return e;
}

/* ---- driver ---------------------------------------------------------------------- */

tc_rc tc_dater_open(tc_text *t, tc_dater **out)
{
    *out = NULL;
    if (!t)
        return TC_EINVAL;
    tc_dater *d = calloc(1, sizeof *d);
    if (!d)
        return TC_ENOMEM;
    d->t = t;
    *out = d;
    return TC_OK;
}

void tc_dater_close(tc_dater *d)
{
    if (!d)
        return;
    free(d);
}

tc_rc tc_dater_extract(tc_dater *dt, const char *text, size_t len, tc_date_fn cb, void *ctx)
{
    if (!dt || (!text && len) || !cb)
        return TC_EINVAL;
    tc_view v;
    tc_rc rc = tc_view_build(dt->t, text, len, &v);
    if (!rc)
        rc = tc_dater_extract_view(dt, &v, cb, ctx);
    tc_view_free(&v);
    return rc;
}

tc_rc tc_dater_extract_view(tc_dater *dt, const tc_view *v, tc_date_fn cb, void *ctx)
{
    if (!dt || !v || !cb)
        return TC_EINVAL;
    if (v->len == 0)
        return TC_OK;
    dt->v = v;
    dt->cb = cb;
    dt->ctx = ctx;
    dt->stop = 0;
    const char *L = dt->v->lower;
    size_t n = dt->v->len;
    for (size_t i = 0; i < n && !dt->stop;) {
        /* only at the start of a word or number */
        if (alnum_before(L, i) || !alnum_at(L, n, i)) {
            i++;
            continue;
        }
        size_t e = 0;
        if (is_digit(L[i])) {
            /* not inside a symbol ("QĐ-1/2/2016", "a/1/2/2016") */
            int glued =
                i > 0 && (L[i - 1] == '/' || L[i - 1] == '-' || L[i - 1] == '.' || L[i - 1] == ',');
            if (!glued) {
                e = months_period(dt, i, i);
                if (!e)
                    e = numeric_date(dt, i, i);
            }
            if (!e) {
                while (i < n && (is_digit(L[i]) ||
                                 ((L[i] == '/' || L[i] == '.' || L[i] == ',' || L[i] == '-') &&
                                  alnum_at(L, n, i + 1))))
                    i++;
                continue;
            }
        } else if (word_at(L, n, i, "ngày")) {
            e = day_date(dt, i + W("ngày"), i);
        } else if (word_at(L, n, i, "tháng")) {
            e = month_date(dt, skip_spaces(L, n, i + W("tháng")), i);
        } else if (word_at(L, n, i, "năm")) {
            e = year_date(dt, skip_spaces(L, n, i + W("năm")), i, 0);
        } else if (word_at(L, n, i, "quý") || word_at(L, n, i, "quí")) {
            e = quarter_date(dt, skip_spaces(L, n, i + W("quý")), i);
        } else if (word_at(L, n, i, "giai đoạn")) {
            e = year_date(dt, skip_spaces(L, n, i + W("giai đoạn")), i, 1);
        } else if (word_at(L, n, i, "cả năm")) {
            size_t p = skip_spaces(L, n, i + W("cả năm"));
            int y;
            size_t k = read_int(L, n, p, 4, &y);
            if (is_year(y, k) && !alnum_at(L, n, p + k)) {
                emit_period(dt, y, 1, 12, "Y", i, p + k);
                e = p + k;
            }
        }
        if (e > i) {
            i = e;
        } else {
            /* skip the word */
            while (i < n && alnum_at(L, n, i)) {
                uint32_t cp;
                i += tc_utf8_decode(L + i, n - i, &cp);
            }
        }
    }
    return TC_OK;
}
