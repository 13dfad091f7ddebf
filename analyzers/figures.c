/*
 * figures.c: numbers and what they count (see figures.h).
 *
 * How it works.  The scan reads the document's view (view.h): the cleaned
 * text and its lower-case copy with the same byte offsets, so words are
 * compared in lower case while acronyms keep their capitals.  The text is
 * walked line by line: a sentence never crosses a line in the seeds, and
 * tables are recognised by their lines (tabs in the original, or a row
 * spread over one cell per line).  In running text every number is read, then
 * the words right before it decide whether it is a label ("mức độ 3", "Đề án
 * 30"), and the words after it what it counts: currency, '%', a unit of
 * measure, a period word (then it is not a figure) or a noun phrase.
 */
#include "figures.h"

#include "../common/data.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#define FIG_MAX_NOUN_WORDS 7
#define FIG_MAX_NOUN_BYTES 120
/* "số lượng X là N": how far back the counted noun may stand. */
#define FIG_BACK_BYTES 120
#define FIG_SENTENCE_MAX 400
#define FIG_MAX_COLS 16

/* units.tsv kinds */
enum {
    UK_MONEY,
    UK_SCALE,
    UK_MEASURE,
    UK_TIME,
    UK_NOUN,
    UK_SKIP,
    UK_LEVEL,
    UK_TOTAL,
    UK_CHANGE,
    UK_SIZE,
    UK_COUNT
};
#define UM(k) (1u << (k))

typedef struct uword {
    int kind;      /* UK_* */
    char form[48]; /* lower-case form */
    size_t len;    /* bytes in form */
    char unit[48]; /* normalised unit ("VND", "km", "hồ sơ"), "-" if none */
    double factor; /* multiplier (money, scale) */
} uword;

struct tc_figurer {
    tc_text *t;       /* normaliser, not owned */
    uword *words;     /* rows of units.tsv, longest form first */
    size_t n_words;   /* count */
    const tc_view *v; /* the view of the current call (clean, lower, map, raw) */
    tc_figure_fn cb;  /* callback of the current call */
    void *ctx;        /* its context */
    int stop;         /* the callback asked to stop */
    size_t label_end; /* end of the last number read as a label ("mức độ 3") */
    /* the last running-text figure: a shorter mention of the same thing
     * in its sentence takes its indicator */
    char last_unit[48];
    char last_indicator[256];
    size_t last_sentence;
};

/* Words that end a counted noun phrase: prepositions, conjunctions,
 * quantifiers and the verbs that follow counts in the seeds. */
static const char *const stop_words[] = {
    "của",        "tại",       "trên",       "cho",        "với",       "và",        "để",
    "được",       "đã",        "đang",       "là",         "trong",     "theo",      "về",
    "từ",         "đến",       "so",         "thuộc",      "có",        "gồm",       "khi",
    "do",         "nhằm",      "qua",        "sang",       "lên",       "vào",       "bằng",
    "đạt",        "tăng",      "giảm",       "không",      "chưa",      "đều",       "ở",
    "thì",        "mà",        "nhưng",      "hoặc",       "hay",       "như",       "các",
    "những",      "này",       "đó",         "hết",        "còn",       "nên",       "vì",
    "cùng",       "mỗi",       "trước",      "sau",        "hơn",       "gần",       "khoảng",
    "dưới",       "tới",       "bị",         "nộp",        "đi",        "ra",        "nhận",
    "phủ",        "sẽ",        "cần",        "trực thuộc", "tiến hành", "tham dự",   "thực hiện",
    "sử dụng",    "xây dựng",  "sửa chữa",   "phù hợp",    "phục vụ",   "hoạt động", "đăng ký",
    "triển khai", "tiếp nhận", "giải quyết", "chấp hành",  "tham gia",  "trong đó",  "phát triển",
    "đối với",    "số",        NULL};

/* ---- small helpers ------------------------------------------------------------ */

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int cp_alpha(uint32_t cp)
{
    return cp && u_isalpha((UChar32)cp);
}

static int cp_alnum(uint32_t cp)
{
    return cp && (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp));
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && (s[*a] == ' ' || s[*a] == '\t' || s[*a] == '\r' || s[*a] == '*'))
        (*a)++;
    while (*b > *a &&
           (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\r' || s[*b - 1] == '*'))
        (*b)--;
}

/* ---- number reading ------------------------------------------------------------ */

tc_rc tc_figure_number(const char *s, size_t n, int prefer_decimal, double *value, size_t *used,
                       int *ambiguous)
{
    *value = 0;
    *used = 0;
    *ambiguous = 0;
    if (n == 0 || !is_digit(s[0]))
        return TC_EINVAL;
    char seps[16];
    size_t glen[16];
    size_t ng = 0;
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    while (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1]) && ng < 16) {
        seps[ng] = s[i];
        size_t j = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        glen[ng++] = i - j;
    }
    *used = i;
    size_t ndot = 0, ncomma = 0, dot3 = 1, comma3 = 1;
    for (size_t g = 0; g < ng; g++) {
        if (seps[g] == '.') {
            ndot++;
            dot3 &= glen[g] == 3;
        } else {
            ncomma++;
            comma3 &= glen[g] == 3;
        }
    }
    /* decimal: which separator (if any) is the decimal point */
    char dec = 0;
    if (ng == 0) {
        dec = 0;
    } else if (ndot == 0) {
        if (ncomma == 1)
            dec = ',';
        else if (comma3)
            *ambiguous = 1; /* "1,000,000": English thousands */
        else
            return TC_EINVAL;
    } else if (ncomma == 0) {
        if (ndot > 1) {
            if (!dot3)
                return TC_EINVAL; /* "1.2.3" is a label */
        } else if (dot3 && !prefer_decimal) {
            *ambiguous = 1; /* "1.501": thousands by the Vietnamese rule */
        } else {
            dec = '.';
            *ambiguous = 2; /* "87.9": a decimal point */
        }
    } else if (ncomma == 1 && seps[ng - 1] == ',' && dot3) {
        dec = ','; /* "1.234,5" */
    } else if (ndot == 1 && seps[ng - 1] == '.' && comma3) {
        dec = '.';
        *ambiguous = 2; /* "1,234.5" written the English way */
    } else {
        return TC_EINVAL;
    }
    char num[64];
    size_t k = 0;
    for (size_t x = 0; x < i && k + 1 < sizeof num; x++) {
        if (is_digit(s[x]))
            num[k++] = s[x];
        else if (s[x] == dec)
            num[k++] = '.';
    }
    num[k] = 0;
    *value = strtod(num, NULL);
    return TC_OK;
}

static const char *reading_of(int amb)
{
    return amb == 2   ? "'.' read as a decimal point"
           : amb == 1 ? "'.' read as a thousands separator"
                      : "";
}

/* ---- units.tsv ------------------------------------------------------------------- */

static int by_len(const void *a, const void *b)
{
    const uword *x = a, *y = b;
    return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static int kind_of(const char *s, size_t n)
{
    static const char *const names[] = {"money", "scale", "measure", "time",   "noun",
                                        "skip",  "level", "total",   "change", "size"};
    for (int k = 0; k < UK_COUNT; k++)
        if (strlen(names[k]) == n && memcmp(names[k], s, n) == 0)
            return k;
    return -1;
}

static tc_rc load_units(tc_figurer *f)
{
    size_t len = 0;
    const char *d = tc_data_get("units.tsv", &len);
    if (!d)
        return TC_EDATA;
    size_t cap = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(d + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - d) : len;
        const char *line = d + p;
        size_t ll = e - p;
        p = e + 1;
        if (ll == 0 || line[0] == '#')
            continue;
        const char *fld[4];
        size_t fl[4];
        size_t nf = 0, a = 0;
        for (size_t x = 0; x <= ll && nf < 4; x++) {
            if (x == ll || line[x] == '\t') {
                fld[nf] = line + a;
                fl[nf++] = x - a;
                a = x + 1;
            }
        }
        if (nf < 4)
            return TC_EDATA;
        int kind = kind_of(fld[0], fl[0]);
        if (kind < 0 || fl[1] == 0 || fl[1] >= sizeof f->words->form ||
            fl[2] >= sizeof f->words->unit)
            return TC_EDATA;
        if (f->n_words == cap) {
            cap = cap ? cap * 2 : 64;
            uword *w = realloc(f->words, cap * sizeof *w);
            if (!w)
                return TC_ENOMEM;
            f->words = w;
        }
        uword *w = &f->words[f->n_words++];
        w->kind = kind;
        memcpy(w->form, fld[1], fl[1]);
        w->form[fl[1]] = 0;
        w->len = fl[1];
        memcpy(w->unit, fld[2], fl[2]);
        w->unit[fl[2]] = 0;
        char num[32];
        tc_utf8_copy(num, sizeof num, fld[3], fl[3]);
        w->factor = strtod(num, NULL);
    }
    if (f->n_words == 0)
        return TC_EDATA;
    qsort(f->words, f->n_words, sizeof *f->words, by_len);
    return TC_OK;
}

tc_rc tc_figurer_open(tc_text *t, tc_figurer **out)
{
    *out = NULL;
    if (!t)
        return TC_EINVAL;
    tc_figurer *f = calloc(1, sizeof *f);
    if (!f)
        return TC_ENOMEM;
    f->t = t;
    tc_rc rc = load_units(f);
    if (rc) {
        tc_figurer_close(f);
        return rc;
    }
    *out = f;
    return TC_OK;
}

void tc_figurer_close(tc_figurer *f)
{
    if (!f)
        return;
    free(f->words);
    free(f);
}

/* ---- word matching on the lower-case copy ------------------------------------ */

/* Does s start with the n bytes of form, a line break standing for a
 * space ("đặc" + newline + "khu" in a hard-wrapped paragraph)? */
static int same_words(const char *s, const char *form, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (s[j] != form[j] && !(s[j] == '\n' && form[j] == ' '))
            return 0;
    return 1;
}

/* A word of the table at L[p..e) of a kind in mask, ending at a word
 * boundary; the longest wins.  NULL if none. */
static const uword *match_at(const tc_figurer *f, size_t p, size_t e, unsigned mask)
{
    const char *L = f->v->lower;
    for (size_t k = 0; k < f->n_words; k++) {
        const uword *w = &f->words[k];
        if (!(mask & UM(w->kind)) || p + w->len > e || !same_words(L + p, w->form, w->len))
            continue;
        if (cp_alnum(tc_utf8_at(L, e, p + w->len, NULL)))
            continue;
        return w;
    }
    return NULL;
}

/* The word of the table that ends right before the number at p (one space
 * between), of a kind in mask; NULL if none.  *at gets its start. */
static const uword *match_before(const tc_figurer *f, size_t ls, size_t p, unsigned mask,
                                 size_t *at)
{
    const char *L = f->v->lower;
    if (p < ls + 2 || L[p - 1] != ' ')
        return NULL;
    size_t end = p - 1;
    for (size_t k = 0; k < f->n_words; k++) {
        const uword *w = &f->words[k];
        if (!(mask & UM(w->kind)) || end < ls + w->len)
            continue;
        size_t s = end - w->len;
        if (memcmp(L + s, w->form, w->len) != 0)
            continue;
        if (s > ls && cp_alnum(tc_utf8_at(L, end, tc_utf8_prev(L, s), NULL)))
            continue;
        if (at)
            *at = s;
        return w;
    }
    return NULL;
}

/* The lower-case word ending right before p (one space between) equals w. */
static int word_before_is(const tc_figurer *f, size_t ls, size_t p, const char *w)
{
    size_t n = strlen(w);
    const char *L = f->v->lower;
    if (p < ls + n + 1 || L[p - 1] != ' ' || memcmp(L + p - 1 - n, w, n) != 0)
        return 0;
    size_t s = p - 1 - n;
    return s == ls || !cp_alnum(tc_utf8_at(L, p, tc_utf8_prev(L, s), NULL));
}

/* The end of the word at p: letters, digits and the joiners / - & inside. */
static size_t word_end(const char *s, size_t p, size_t e)
{
    size_t q = p;
    while (q < e) {
        size_t l;
        uint32_t cp = tc_utf8_at(s, e, q, &l);
        if (cp_alnum(cp)) {
            q += l;
        } else if ((cp == '/' || cp == '-' || cp == '&') && q + 1 < e &&
                   cp_alnum(tc_utf8_at(s, e, q + 1, NULL))) {
            q += 1;
        } else {
            break;
        }
    }
    return q;
}

static int is_stop(const tc_figurer *f, size_t p, size_t e, size_t *len)
{
    const char *L = f->v->lower;
    for (size_t k = 0; stop_words[k]; k++) {
        size_t n = strlen(stop_words[k]);
        if (p + n <= e && memcmp(L + p, stop_words[k], n) == 0 &&
            !cp_alnum(tc_utf8_at(L, e, p + n, NULL))) {
            if (len)
                *len = n;
            return 1;
        }
    }
    return 0;
}

/* The counted noun phrase starting at p (after spaces) within [.., e).
 * OUT: *ns, *ne (empty when none). */
static void noun_after(const tc_figurer *f, size_t p, size_t e, size_t *ns, size_t *ne)
{
    const char *C = f->v->clean;
    while (p < e && (C[p] == ' ' || C[p] == '\n'))
        p++;
    *ns = *ne = p;
    size_t q = p, words = 0, last = p;
    const uword *lex = match_at(f, p, e, UM(UK_NOUN));
    if (lex) {
        q = p + lex->len;
        last = q;
        words = 1;
    }
    while (q < e && words < FIG_MAX_NOUN_WORDS) {
        size_t w = q;
        while (w < e && (C[w] == ' ' || C[w] == '\n'))
            w++;
        if (w >= e)
            break;
        if (w == q && q > p && C[w] == '/' && w + 1 < e && is_digit(C[w + 1])) {
            /* "thuê bao/100 dân": a rate is part of the noun */
            size_t d = w + 1;
            while (d < e && is_digit(C[d]))
                d++;
            q = last = d;
            continue;
        }
        uint32_t cp = tc_utf8_at(C, e, w, NULL);
        if (is_digit(C[w])) {
            /* a number belongs to the noun only as a level: "mức độ 3" */
            size_t ws = last > p ? tc_utf8_prev(C, last) : p;
            while (ws > p && C[ws - 1] != ' ')
                ws--;
            const char *L = f->v->lower;
            int level =
                last > p && ((last - ws == strlen("độ") && memcmp(L + ws, "độ", last - ws) == 0) ||
                             (last - ws == strlen("mức") && memcmp(L + ws, "mức", last - ws) == 0));
            if (!level)
                break;
        } else if (!cp_alpha(cp)) {
            break;
        }
        if (!is_digit(C[w]) && is_stop(f, w, e, NULL))
            break;
        size_t we = word_end(C, w, e);
        if (we == w || we - p > FIG_MAX_NOUN_BYTES)
            break;
        q = last = we;
        words += !is_digit(C[w]); /* "mức độ 3" counts as two words */
    }
    *ne = last;
}

/* The head of the noun at [ns, ne): a several-syllable noun of the table,
 * else the first word (lower case unless an acronym). */
static void noun_head(const tc_figurer *f, size_t ns, size_t ne, char *unit, size_t cap)
{
    unit[0] = 0;
    if (ne <= ns)
        return;
    const uword *lex = match_at(f, ns, ne, UM(UK_NOUN));
    if (lex) {
        tc_utf8_copy(unit, cap, lex->unit, strlen(lex->unit));
        return;
    }
    const char *C = f->v->clean;
    size_t we = word_end(C, ns, ne);
    const char *slash = memchr(C + ns, '/', we - ns);
    if (slash)
        we = (size_t)(slash - C); /* "người/điểm": the head is "người" */
    int caps = 0, lower = 0;
    for (size_t q = ns; q < we;) {
        size_t l;
        uint32_t cp = tc_utf8_at(C, we, q, &l);
        if (u_isupper((UChar32)cp))
            caps++;
        else if (u_islower((UChar32)cp))
            lower++;
        q += l;
    }
    tc_utf8_copy(unit, cap, (caps >= 2 && lower == 0 ? C : f->v->lower) + ns, we - ns);
}

/* ---- reporting --------------------------------------------------------------------- */

/* The bounds of the sentence around [s, e) within the line [ls, le). */
static void sentence_bounds(const tc_figurer *f, size_t ls, size_t le, size_t s, size_t e,
                            size_t *pa, size_t *pb)
{
    const char *C = f->v->clean;
    size_t a = s, b = e;
    while (a > ls) {
        char c = C[a - 1];
        if ((c == '.' || c == '!' || c == '?') && a < le && C[a] == ' ' &&
            !(a >= ls + 2 && is_digit(C[a - 2])))
            break;
        a--;
    }
    while (b < le) {
        char c = C[b];
        if ((c == '.' || c == '!' || c == '?') && (b + 1 >= le || C[b + 1] == ' ') &&
            !(b > ls && is_digit(C[b - 1]) && b + 1 < le && is_digit(C[b + 1]))) {
            b++;
            break;
        }
        b++;
    }
    trim(C, &a, &b);
    *pa = a;
    *pb = b;
}

/* The sentence around [s, e) within the line [ls, le). */
static void sentence_of(const tc_figurer *f, size_t ls, size_t le, size_t s, size_t e,
                        tc_figure *fig)
{
    const char *C = f->v->clean;
    size_t a, b;
    sentence_bounds(f, ls, le, s, e, &a, &b);
    if (b - a > FIG_SENTENCE_MAX) {
        /* a window around the figure, on character boundaries */
        size_t mid = s > a + FIG_SENTENCE_MAX / 2 ? s - FIG_SENTENCE_MAX / 2 : a;
        if (mid + FIG_SENTENCE_MAX > b)
            mid = b - FIG_SENTENCE_MAX;
        while (mid > a && ((unsigned char)C[mid] & 0xC0) == 0x80)
            mid--;
        a = mid;
        b = a + FIG_SENTENCE_MAX;
        while (b > a && ((unsigned char)C[b] & 0xC0) == 0x80)
            b--;
    }
    tc_utf8_copy(fig->sentence, sizeof fig->sentence, C + a, b - a);
}

static void emit(tc_figurer *f, tc_figure *fig, size_t cs, size_t ce)
{
    const char *C = f->v->clean;
    tc_utf8_copy(fig->text, sizeof fig->text, C + cs, ce - cs);
    fig->start = f->v->map[cs];
    fig->end = f->v->map[ce];
    if (f->cb(f->ctx, fig))
        f->stop = 1;
}

const char *tc_figure_measure_name(int measure)
{
    static const char *const names[] = {"", "total", "change", "diff", "rate", "level"};
    return measure >= 0 && measure <= TC_MEAS_LEVEL ? names[measure] : "";
}

/* ---- what a figure measures, and when ------------------------------------------------ */

static size_t skip_blanks(const char *C, size_t p, size_t e)
{
    while (p < e && C[p] == ' ')
        p++;
    return p;
}

/* Does a word start at p (not inside a word)? */
static int word_start(const char *L, size_t lo, size_t p)
{
    return p == lo || !cp_alnum(tc_utf8_at(L, p, tc_utf8_prev(L, p), NULL));
}

static int clause_mark(char c)
{
    return c == ';' || c == '(' || c == ')' || c == '\n';
}

/* Does the cue w at q hold here?  "cấp xã", "cấp tỉnh" are levels of
 * government, not "cấp" (grant); "tổ chức" is a verb only right before the
 * number ("đã tổ chức 01 cuộc"), elsewhere mostly the noun ("Số lượng tổ
 * chức"). */
static int cue_applies(const tc_figurer *f, const uword *w, size_t q, size_t b, size_t i)
{
    const char *L = f->v->lower;
    if (strcmp(w->form, "cấp") == 0) {
        static const char *const levels[] = {
            "xã",       "tỉnh", "huyện",      "trung ương", "cơ sở", "có thẩm quyền",
            "quốc gia", "bộ",   "thẩm quyền", NULL};
        size_t n = skip_blanks(L, q + w->len, b);
        for (size_t k = 0; levels[k]; k++) {
            size_t m = strlen(levels[k]);
            if (n + m <= b && memcmp(L + n, levels[k], m) == 0 &&
                !cp_alnum(tc_utf8_at(L, b, n + m, NULL)))
                return 0;
        }
    }
    if (strcmp(w->form, "tổ chức") == 0)
        return q + w->len + 1 == i;
    return 1;
}

/* Cue words that say little alone: any total or change cue of the clause
 * wins over them ("Trong năm 2025 có 06 đơn vị được cấp giấy phép" is a
 * change). */
static int is_weak_cue(const char *form)
{
    static const char *const weak[] = {"có", "gồm", "gồm có", "còn", NULL};
    for (size_t k = 0; weak[k]; k++)
        if (strcmp(form, weak[k]) == 0)
            return 1;
    return 0;
}

/* The measure of a running-text figure [i, end) in the line [ls, le): the
 * nearest cue word of its clause (see figures.h). */
static int measure_of(const tc_figurer *f, const tc_figure *fig, size_t ls, size_t le, size_t i,
                      size_t end)
{
    const char *C = f->v->clean, *L = f->v->lower;
    if (fig->kind == TC_FIG_PERCENT || fig->kind == TC_FIG_RATIO)
        return TC_MEAS_RATE;
    /* the clause: back to ';', '(', ')' or a sentence end, on to ',' too */
    size_t a = i, b = end;
    while (a > ls && !clause_mark(C[a - 1]) && !(C[a - 1] == '.' && a < le && C[a] == ' '))
        a--;

    while (b < le && !clause_mark(C[b]) && C[b] != ',' &&
           !(C[b] == '.' && (b + 1 >= le || C[b + 1] == ' ')))
        b++;
    if (fig->change) {
        /* "tăng 253 vị trí so với cùng kỳ": more than another period */
        for (size_t q = end; q + 5 < b; q++)
            if (memcmp(L + q, "so v", 4) == 0 ||
                (q + 8 <= b && memcmp(L + q, "so cùng", 8) == 0)) /* never past the clause */
                return TC_MEAS_DIFF;
    }
    const unsigned cues = UM(UK_TOTAL) | UM(UK_CHANGE) | UM(UK_SIZE);
    int best = 0, bestweak = 0, period_cue = 0;
    size_t bestd = SIZE_MAX, weakd = SIZE_MAX, beststart = 0;
    for (size_t q = a; q < b; q++) {
        if ((q >= i && q < end) || !word_start(L, a, q) || !cp_alpha(tc_utf8_at(L, b, q, NULL)))
            continue;
        const uword *w = match_at(f, q, b, cues);
        if (!w || !cue_applies(f, w, q, b, i))
            continue;
        /* after the figure only a phrase about the things counted counts
         * ("còn hiệu lực", "được cấp giấy phép"): one word there is too
         * often something else ("cấp xã"), and after a measure the clause
         * goes on about something else ("lên 75 ha để tiếp nhận") */
        if (q >= end && (!memchr(w->form, ' ', w->len) || fig->kind != TC_FIG_COUNT))
            continue;
        size_t d = q < i ? (q + w->len <= i ? i - (q + w->len) : 0) : q - end + 1;
        if (is_weak_cue(w->form)) {
            if (d < weakd) {
                weakd = d;
                bestweak = w->kind;
            }
            continue;
        }
        if (d < bestd) {
            bestd = d;
            best = w->kind;
            beststart = q;
            period_cue = strncmp(w->form, "trong ", strlen("trong ")) == 0 ||
                         strcmp(w->form, "mỗi năm") == 0 || strcmp(w->form, "hằng năm") == 0 ||
                         strcmp(w->form, "hàng năm") == 0;
        }
        if (q < i && q + w->len > q)
            q += w->len - 1; /* the longest form at q is taken, not its tail */
    }
    /* "có 02 hộ dân" after "bán kính 300m": a size word does not make a
     * count of things a level; "Qua thẩm định, hồ sơ có đủ 05 đầu mục": a
     * verb of another predicate does not make it a change */
    if (!best || (bestweak && weakd < bestd && fig->kind == TC_FIG_COUNT &&
                  (best == UK_SIZE || (best == UK_CHANGE && beststart < i && !period_cue))))
        best = bestweak;
    if (best == UK_TOTAL)
        return TC_MEAS_TOTAL;
    if (best == UK_CHANGE)
        return TC_MEAS_CHANGE;
    if (best == UK_SIZE || fig->kind == TC_FIG_MEASURE || fig->kind == TC_FIG_MONEY)
        return TC_MEAS_LEVEL;
    return TC_MEAS_TOTAL;
}

/* Words that start a period, longest first: "6 tháng đầu năm 2025",
 * "Quý I/2018", "đến hết ngày 31/12/2025". */
static const char *const period_leads[] = {"6 tháng đầu năm",
                                           "9 tháng đầu năm",
                                           "6 tháng cuối năm",
                                           "tính đến hết ngày",
                                           "tính đến ngày",
                                           "tính đến hết",
                                           "đến hết ngày",
                                           "đến hết năm",
                                           "tính đến",
                                           "đến ngày",
                                           "đến năm",
                                           "trong năm",
                                           "trong quý",
                                           "trong tháng",
                                           "giai đoạn",
                                           "quý",
                                           "tháng",
                                           "năm",
                                           NULL};
/* Periods without a year. */
static const char *const period_words[] = {"trong kỳ", "trong quý", "trong tháng", "mỗi năm",
                                           "hằng năm", "hàng năm",  NULL};

/* A period of the sentence [a, b) ending at or starting near q; the one
 * nearest the figure at i: before it, else after.  OUT: fig->period. */
static void period_of(const tc_figurer *f, size_t a, size_t b, size_t i, size_t end, tc_figure *fig)
{
    const char *C = f->v->clean, *L = f->v->lower;
    size_t bs = 0, be = 0, as = 0, ae = 0; /* nearest before, first after */
    for (size_t q = a; q < b; q++) {
        size_t ps = SIZE_MAX, pe = 0;
        if (is_digit(C[q]) && (q == a || !is_digit(C[q - 1])) && q + 4 <= b && is_digit(C[q + 1]) &&
            is_digit(C[q + 2]) && is_digit(C[q + 3]) &&
            (q + 4 == b || !cp_alnum(tc_utf8_at(C, b, q + 4, NULL))) &&
            (q + 4 == b || C[q + 4] != '/')) {
            long y = strtol(C + q, NULL, 10);
            if (y < 1990 || y > 2100)
                continue;
            /* back over "31/12/", "I/", "2026 - " to the lead word */
            size_t k = q;
            while (k > a &&
                   (is_digit(C[k - 1]) || C[k - 1] == '/' || C[k - 1] == ' ' || C[k - 1] == '-' ||
                    C[k - 1] == 'I' || C[k - 1] == 'V' || C[k - 1] == 'X'))
                k--;
            while (k < q && C[k] == ' ')
                k++;
            for (size_t m = 0; period_leads[m]; m++) {
                size_t n = strlen(period_leads[m]);
                size_t st = k;
                /* the lead ends right before k (one space between) */
                if (st >= a + n + 1 && C[st - 1] == ' ')
                    st--;
                if (st < a + n || memcmp(L + st - n, period_leads[m], n) != 0 ||
                    !word_start(L, a, st - n))
                    continue;
                ps = st - n;
                pe = q + 4;
                break;
            }
        } else if (word_start(L, a, q) && cp_alpha(tc_utf8_at(L, b, q, NULL))) {
            for (size_t m = 0; period_words[m]; m++) {
                size_t n = strlen(period_words[m]);
                /* "trong quý III/2026" is read at its year */
                int dated = q + n + 1 < b && C[q + n] == ' ' &&
                            (is_digit(C[q + n + 1]) || C[q + n + 1] == 'I' || C[q + n + 1] == 'V' ||
                             C[q + n + 1] == 'X');
                if (!dated && q + n <= b && memcmp(L + q, period_words[m], n) == 0 &&
                    !cp_alnum(tc_utf8_at(L, b, q + n, NULL))) {
                    ps = q;
                    pe = q + n;
                    break;
                }
            }
        }
        if (ps == SIZE_MAX)
            continue;
        /* "so với cùng kỳ năm 2014" is the base of a comparison, not the
         * period of the figure */
        size_t w0 = ps > a + 16 ? ps - 16 : a;
        int base = 0;
        for (size_t x = w0; x + 4 <= ps && !base; x++)
            base = memcmp(L + x, "cùng kỳ", strlen("cùng kỳ")) == 0 ||
                   memcmp(L + x, "so với", strlen("so với")) == 0;
        if (base) {
            q = pe - 1;
            continue;
        }
        if (pe <= i) {
            bs = ps;
            be = pe;
        } else if (ps >= end && !ae) {
            as = ps;
            ae = pe;
        }
        q = pe - 1;
    }
    if (be)
        tc_utf8_copy(fig->period, sizeof fig->period, C + bs, be - bs);
    else if (ae)
        tc_utf8_copy(fig->period, sizeof fig->period, C + as, ae - as);
}

/* The indicator of a running-text figure: its noun phrase carried on to
 * the end of its clause, at most 12 words. */
static void indicator_of(const tc_figurer *f, size_t ns, size_t pe, tc_figure *fig)
{
    const char *C = f->v->clean;
    size_t q = ns, words = 0, last = ns;
    while (q < pe && words < 12) {
        while (q < pe && (C[q] == ' ' || C[q] == '\n'))
            q++;
        if (q >= pe || !cp_alnum(tc_utf8_at(C, pe, q, NULL)))
            break;
        size_t we = word_end(C, q, pe);
        if (we == q || we - ns > 200)
            break;
        last = q = we;
        words++;
    }
    char buf[256];
    tc_utf8_copy(buf, sizeof buf, C + ns, last - ns);
    for (char *c = buf; *c; c++)
        if (*c == '\n')
            *c = ' ';
    tc_utf8_copy(fig->indicator, sizeof fig->indicator, buf, strlen(buf));
}

/* ---- running text ---------------------------------------------------------------- */

static size_t token_end(const char *s, size_t p, size_t e)
{
    while (p < e) {
        size_t l;
        uint32_t cp = tc_utf8_at(s, e, p, &l);
        if (cp_alnum(cp))
            p += l;
        else if ((cp == '.' || cp == ',' || cp == '/' || cp == '-' || cp == '&') && p + 1 < e &&
                 cp_alnum(tc_utf8_at(s, e, p + 1, NULL)))
            p++;
        else
            break;
    }
    return p;
}

/* "số lượng X là N", "tổng số X là N": the noun X before the number at p. */
static void noun_before(const tc_figurer *f, size_t ls, size_t p, size_t *ns, size_t *ne)
{
    const char *L = f->v->lower;
    *ns = *ne = p;
    size_t end;
    static const char la[] = " là ";
    if (p >= ls + sizeof la - 1 && memcmp(L + p - (sizeof la - 1), la, sizeof la - 1) == 0)
        end = p - (sizeof la - 1);
    else if (p >= ls + 2 && memcmp(L + p - 2, ": ", 2) == 0)
        end = p - 2;
    else
        return;
    size_t lim = end > ls + FIG_BACK_BYTES ? end - FIG_BACK_BYTES : ls;
    for (size_t q = end; q > lim; q--) {
        char c = L[q - 1];
        if (c == ';' || (c == '.' && q < end && L[q] == ' ') || c == ':')
            return;
        static const char so[] = "số ";
        const size_t k = sizeof so - 1;
        if (q >= lim + k && memcmp(L + q - k, so, k) == 0 && (q - k == ls || L[q - k - 1] == ' ')) {
            size_t s = q;
            static const char luong[] = "lượng ";
            if (end >= s + sizeof luong - 1 && memcmp(L + s, luong, sizeof luong - 1) == 0)
                s += sizeof luong - 1;
            if (s < end) {
                *ns = s;
                *ne = end;
            }
            return;
        }
    }
}

/* Is the number at p the first thing on its line (a section label)? */
static int at_line_start(const char *C, size_t ls, size_t p)
{
    for (size_t q = ls; q < p; q++)
        if (C[q] != ' ' && C[q] != '*' && C[q] != '#')
            return 0;
    return 1;
}

/* A unit of a kind in mask at p, glued or spaced: like match_at, but a
 * dimension may follow a measure ("3mx1,5m").  NULL if none. */
static const uword *unit_at(const tc_figurer *f, size_t p, size_t e, unsigned mask)
{
    const char *L = f->v->lower;
    for (size_t k = 0; k < f->n_words; k++) {
        const uword *w = &f->words[k];
        if (!(mask & UM(w->kind)) || p + w->len > e || !same_words(L + p, w->form, w->len))
            continue;
        size_t q = p + w->len;
        uint32_t next = tc_utf8_at(L, e, q, NULL);
        if (cp_alnum(next) &&
            !(next == 'x' && w->kind == UK_MEASURE && q + 1 < e && is_digit(L[q + 1])))
            continue;
        return w;
    }
    return NULL;
}

/* A noun phrase of two words or more, every one Capitalised and none in
 * capitals: a name ("186 Yên Bái", "Số 3 Phan Đình Giót"). */
static int is_name(const char *C, size_t s, size_t e)
{
    size_t words = 0;
    for (size_t q = s; q < e;) {
        while (q < e && C[q] == ' ')
            q++;
        if (q >= e)
            break;
        size_t l;
        uint32_t cp = tc_utf8_at(C, e, q, &l);
        if (!u_isupper((UChar32)cp))
            return 0;
        q += l;
        while (q < e && C[q] != ' ') {
            cp = tc_utf8_at(C, e, q, &l);
            if (u_isupper((UChar32)cp))
                return 0;
            q += l;
        }
        words++;
    }
    return words >= 2;
}

/* The unit after the number ending at e: '%', a glued or spaced unit,
 * a scale ("triệu", "tỷ") with or without a currency or unit after it.
 * OUT: fig kind, unit, value; *ue the end of the unit.  Returns 0, or -1
 * when the number is a period or a duration ("6 tháng"), 1 when it is glued
 * to letters that are no unit ("2G", "36a"). */
static int unit_after(tc_figurer *f, size_t e, size_t le, double v, tc_figure *fig, size_t *ue)
{
    const char *C = f->v->clean;
    *ue = e;
    if (e < le && (C[e] == '%' || (C[e] == ' ' && e + 1 < le && C[e + 1] == '%'))) {
        fig->kind = TC_FIG_PERCENT;
        strcpy(fig->unit, "%");
        *ue = (C[e] == '%' ? e : e + 1) + 1;
        return 0;
    }
    if (e < le && cp_alpha(tc_utf8_at(C, le, e, NULL))) {
        /* "158.150.000đ", "2,1Gb", "33m", "2,8km/điểm", "3mx1,5m"; not "2G", "36a" */
        const uword *w = unit_at(f, e, le, UM(UK_MONEY) | UM(UK_MEASURE) | UM(UK_TIME));
        if (!w || w->kind == UK_TIME)
            return 1;
        fig->kind = w->kind == UK_MONEY ? TC_FIG_MONEY : TC_FIG_MEASURE;
        fig->value = w->kind == UK_MONEY ? v * w->factor : v;
        tc_utf8_copy(fig->unit, sizeof fig->unit, w->unit, strlen(w->unit));
        *ue = e + w->len;
        return 0;
    }
    size_t ws = skip_blanks(C, e, le);
    if (ws == e && !(e < le && (unsigned char)C[e] == 0xC2))
        return 0; /* "°C" may be glued */
    const uword *w = unit_at(f, ws, le, UM(UK_MONEY) | UM(UK_SCALE) | UM(UK_MEASURE) | UM(UK_TIME));
    if (w && w->kind == UK_TIME)
        return -1; /* "6 tháng", "10 năm": periods and durations */
    if (w && w->kind == UK_SCALE) {
        v *= w->factor;
        fig->value = v;
        size_t after = ws + w->len;
        size_t ws2 = skip_blanks(C, after, le);
        const uword *m = unit_at(f, ws2, le, UM(UK_MONEY) | UM(UK_MEASURE));
        if (m && m->kind == UK_MONEY) {
            fig->kind = TC_FIG_MONEY;
            fig->value = v * m->factor;
            strcpy(fig->unit, "VND");
            *ue = ws2 + m->len;
        } else if (m) {
            fig->kind = TC_FIG_MEASURE;
            tc_utf8_copy(fig->unit, sizeof fig->unit, m->unit, strlen(m->unit));
            *ue = ws2 + m->len;
        } else {
            *ue = after;
        }
    } else if (w && w->kind == UK_MONEY) {
        fig->kind = TC_FIG_MONEY;
        fig->value = v * w->factor;
        strcpy(fig->unit, "VND");
        *ue = ws + w->len;
    } else if (w && w->kind == UK_MEASURE) {
        fig->kind = TC_FIG_MEASURE;
        tc_utf8_copy(fig->unit, sizeof fig->unit, w->unit, strlen(w->unit));
        *ue = ws + w->len;
    }
    return 0;
}

/* A range "42-76mm", "60 - 70%", "2017-2020" after the number ending at e:
 * the end of its second number, or 0. */
static size_t range_end(const char *C, size_t e, size_t le)
{
    size_t p = skip_blanks(C, e, le);
    if (p < le && C[p] == '-')
        p++;
    else if (p + 2 < le && (unsigned char)C[p] == 0xE2 && (unsigned char)C[p + 1] == 0x80 &&
             ((unsigned char)C[p + 2] == 0x93 || (unsigned char)C[p + 2] == 0x94))
        p += 3;
    else
        return 0;
    p = skip_blanks(C, p, le);
    if (p >= le || !is_digit(C[p]))
        return 0;
    double v2;
    size_t u2;
    int a2;
    if (tc_figure_number(C + p, le - p, 0, &v2, &u2, &a2))
        return 0;
    return p + u2;
}

/* Does the noun at ns name an article, clause or chapter followed by its
 * number or "này" ("Điều 23", "Điều này")?  Then the number before it is
 * part of a reference ("khoản 2, 3 và 4 Điều này"). */
static int article_ref(const tc_figurer *f, size_t ns, size_t pe)
{
    const char *L = f->v->lower;
    static const char *const parts[] = {"điều", "khoản", "chương", "mục", "điểm", NULL};
    for (size_t k = 0; parts[k]; k++) {
        size_t n = strlen(parts[k]);
        if (ns + n + 1 >= pe || memcmp(L + ns, parts[k], n) != 0 || L[ns + n] != ' ')
            continue;
        size_t q = ns + n + 1;
        return is_digit(L[q]) ||
               (q + strlen("này") <= pe && memcmp(L + q, "này", strlen("này")) == 0);
    }
    return 0;
}

/* Is the bare number [i, e) an item of an enumeration after a noun, in
 * a parenthesis: a lower-case word or ':' before it, ',', ';' or ')' after
 * it, and no phone or identity number (a leading 0, more than two digits)? */
static int enumerated(const char *C, size_t ls, size_t le, size_t i, size_t e)
{
    size_t n = skip_blanks(C, e, le);
    if (n >= le || (C[n] != ',' && C[n] != ';' && C[n] != ')'))
        return 0;
    if (C[i] == '0' && e - i > 2)
        return 0;
    /* inside a parenthesis: "Phương thức 5, Phương thức 7", "ví dụ 2," in
     * running text are labels */
    int open = 0;
    for (size_t q = ls; q < i; q++)
        open += C[q] == '(' ? 1 : C[q] == ')' && open ? -1 : 0;
    if (!open)
        return 0;
    size_t b = i;
    while (b > ls && C[b - 1] == ' ')
        b--;
    if (b == i || b == ls)
        return 0;
    if (C[b - 1] == ':')
        return 1;
    size_t w = b;
    while (w > ls && cp_alpha(tc_utf8_at(C, le, tc_utf8_prev(C, w), NULL)))
        w = tc_utf8_prev(C, w);
    if (w == b)
        return 0;
    for (size_t q = w; q < b;) {
        size_t l;
        if (!u_islower((UChar32)tc_utf8_at(C, le, q, &l)))
            return 0;
        q += l;
    }
    return 1;
}

/* Reads and reports the figure whose number starts at i; returns where the
 * scan continues.  [ls, le) is its line; a noun may run on to pe (the end
 * of the next line when this one is hard-wrapped, else le). */
static size_t running_figure(tc_figurer *f, size_t ls, size_t le, size_t pe, size_t i)
{
    const char *C = f->v->clean;
    const char *L = f->v->lower;
    size_t tend = token_end(C, i, le);
    double v;
    size_t used;
    int amb;
    if (tc_figure_number(C + i, le - i, 0, &v, &used, &amb))
        return tend;
    size_t e = i + used;
    int integer = memchr(C + i, '.', used) == NULL && memchr(C + i, ',', used) == NULL;
    /* section labels: "1.", "2.2.", "1.1 Tham mưu", "1)", Markdown's "1\." */
    if (at_line_start(C, ls, i) &&
        (C[e] == '.' || C[e] == ')' || (C[e] == '\\' && C[e + 1] == '.') ||
         (!integer && e < le && C[e] == ' ')))
        return tend;
    /* "5200259471", "015079000943": nine digits or more with no thousands
     * separator are an identifier (tax, identity, phone), no figure */
    if (integer && used >= 9)
        return tend;
    /* "01:2019" (a standard), "13:30": a code or a time */
    if (e + 1 < le && C[e] == ':' && is_digit(C[e + 1]))
        return token_end(C, e + 1, le);
    if (e < le && C[e] == '=')
        return tend;
    /* after "=", "≤", "≥", "<": a figure only with a unit ("Qmax=130kg", not
     * "W = 5/7", "n < 1") */
    int after_op = 0;
    {
        size_t b = i;
        while (b > ls && C[b - 1] == ' ')
            b--;
        if (b > ls) {
            uint32_t pc = tc_utf8_at(C, le, tc_utf8_prev(C, b), NULL);
            after_op = pc == '=' || pc == '<' || pc == '>' || pc == 0x2264 || pc == 0x2265 ||
                       pc == 0x2248 || pc == 0xF7;
        }
    }
    {
        /* "Số:   23 /BC-STTTT": a document number with a blank before '/' */
        size_t p = e;
        while (p < le && C[p] == ' ')
            p++;
        if (p > e && p + 1 < le && C[p] == '/' && cp_alpha(tc_utf8_at(C, le, p + 1, NULL)))
            return token_end(C, p + 1, le);
    }
    /* "mức độ 3, 4", "cấp 01, 02": a list of labels */
    if (f->label_end != SIZE_MAX && f->label_end <= i) {
        size_t g = f->label_end;
        while (g < i && (C[g] == ' ' || C[g] == ','))
            g++;
        if (g == i) {
            f->label_end = tend;
            return tend;
        }
    }
    tc_figure fig;
    memset(&fig, 0, sizeof fig);
    fig.value = v;
    fig.kind = TC_FIG_COUNT;
    if (amb == 2) {
        fig.ambiguous = 1;
        tc_utf8_copy(fig.reading, sizeof fig.reading, reading_of(2), strlen(reading_of(2)));
    }
    size_t ue = e;                      /* end of number + unit */
    size_t ns = 0, nne = 0, nstart = e; /* noun */
    int ratio = 0;
    size_t r2 = range_end(C, e, le);

    if (e + 1 < le && C[e] == '/' && is_digit(C[e + 1])) {
        size_t e2 = e + 1;
        while (e2 < le && is_digit(C[e2]))
            e2++;
        size_t d2 = e2 - e - 1;
        long n2 = strtol(C + e + 1, NULL, 10);
        if (e2 < le &&
            (C[e2] == '/' || C[e2] == '-' || C[e2] == '.' || cp_alpha(tc_utf8_at(C, le, e2, NULL))))
            return tend; /* a date, a symbol or "24/24h" */
        if (d2 == 4 && n2 >= 1900 && n2 <= 2100)
            return tend; /* "6/2015", "71/1998" */
        if (!integer)
            return tend;
        /* a parenthesis may stand between a ratio and its noun */
        size_t p = e2;
        while (p < le && C[p] == ' ')
            p++;
        size_t after = e2;
        if (p < le && C[p] == '(') {
            const char *close = memchr(C + p, ')', le - p);
            if (close)
                after = (size_t)(close - C) + 1;
        }
        noun_after(f, after, pe, &ns, &nne);
        if (nne == ns && after != e2)
            noun_after(f, e2, pe, &ns, &nne);
        if (nne == ns && v <= 31 && n2 >= 1 && n2 <= 12)
            return tend; /* "30/4", "2/9": a day and month */
        if (nne > ns && match_at(f, ns, nne, UM(UK_TIME)))
            return tend; /* "24/24 giờ" */
        fig.kind = TC_FIG_RATIO;
        fig.value2 = (double)n2;
        ue = e2;
        nstart = after;
        ratio = 1;
    } else if (r2) {
        /* a range: one figure, its lower bound, when a unit follows the
         * upper one ("42-76mm", "60 - 70%"); "2017-2020" is no figure */
        if (unit_after(f, r2, le, v, &fig, &ue) || fig.kind == TC_FIG_COUNT) {
            fig.kind = TC_FIG_COUNT;
            fig.unit[0] = 0;
            fig.value = v;
            if (C[e] == '-' || (unsigned char)C[e] == 0xE2)
                return token_end(C, r2 > tend ? r2 : tend, le);
            ue = e;
        } else {
            nstart = ue;
        }
    } else {
        int r = unit_after(f, e, le, v, &fig, &ue);
        if (r)
            return tend;
        nstart = ue;
        if (fig.kind == TC_FIG_MEASURE && ue + 1 < le && (C[ue] == 'x' || C[ue] == 'X') &&
            is_digit(C[ue + 1]))
            nstart = le, tend = ue; /* "3mx1,5m": the other side follows, no noun */
    }

    /* the words before decide whether the number is a label */
    size_t at = 0;
    const uword *b = match_before(f, ls, i, UM(UK_SKIP) | UM(UK_LEVEL), &at);
    if (!ratio && fig.kind == TC_FIG_COUNT && (ns == nne))
        noun_after(f, nstart, pe, &ns, &nne);
    if (b && b->kind == UK_SKIP) {
        /* "tổng số 36 đơn vị" is a count, "bưu phẩm ghi số 1 cái" (registered
         * mail) too; "số 79" is an address, "Đề án số 08" a label */
        int total = strcmp(b->form, "số") == 0 &&
                    (word_before_is(f, ls, at, "tổng") || word_before_is(f, ls, at, "ghi"));
        if (!total && fig.kind != TC_FIG_MONEY && fig.kind != TC_FIG_PERCENT) {
            f->label_end = tend;
            return tend;
        }
    }
    if (b && b->kind == UK_LEVEL && fig.kind == TC_FIG_COUNT && nne == ns) {
        f->label_end = tend;
        return tend; /* "cấp 01;" */
    }
    if (fig.kind == TC_FIG_COUNT && integer && used == 4 && v >= 1900 && v <= 2100 && nne == ns)
        return tend; /* a year: "Xuân 2018", "đến 2030" */
    /* a line holding nothing but a number is table residue */
    {
        size_t a = ls, z = le;
        trim(C, &a, &z);
        if (a == i && z == e)
            return tend;
    }
    if (fig.kind != TC_FIG_RATIO && fig.kind != TC_FIG_COUNT && nne == ns)
        noun_after(f, nstart, pe, &ns, &nne);
    if (nne > ns)
        tc_utf8_copy(fig.noun, sizeof fig.noun, C + ns, nne - ns);
    size_t ind = ns; /* where the indicator starts */
    if (fig.kind == TC_FIG_COUNT || fig.kind == TC_FIG_RATIO) {
        if (nne == ns) {
            noun_before(f, ls, i, &ns, &nne);
            size_t nb = ns, nbe = nne;
            if (nbe > nb) {
                /* the noun before ends at a verb or preposition too */
                size_t xs, xe;
                noun_after(f, nb, nbe, &xs, &xe);
                tc_utf8_copy(fig.noun, sizeof fig.noun, C + nb, nbe - nb);
                tc_utf8_copy(fig.indicator, sizeof fig.indicator, C + nb, nbe - nb);
                noun_head(f, xs, xe, fig.unit, sizeof fig.unit);
            }
            nne = ns = 0;
        } else {
            noun_head(f, ns, nne, fig.unit, sizeof fig.unit);
            if (is_name(C, ns, nne))
                return nne; /* "186 Yên Bái", "Minh Tân 7": part of a name */
        }
        /* a number that says nothing of what it counts is a list number,
         * part of a name or an address; except in an enumeration after a
         * lower-case noun: "(cấp tỉnh 18, huyện 9, xã: 106)" */
        if (!fig.unit[0] && !enumerated(C, ls, le, i, e))
            return tend;
    }
    /* "4 Điều này", "3 Điều 23": the numbers of a reference to articles */
    if (fig.kind == TC_FIG_COUNT && nne > ns && article_ref(f, ns, pe))
        return nne;
    if (after_op && fig.kind != TC_FIG_MEASURE && fig.kind != TC_FIG_MONEY &&
        fig.kind != TC_FIG_PERCENT)
        return tend;
    /* "chính quyền địa phương 2 cấp": the name of the two-tier model */
    if (strcmp(fig.unit, "cấp") == 0 && i >= ls + strlen("địa phương ") &&
        memcmp(L + i - strlen("địa phương "), "địa phương ", strlen("địa phương ")) == 0)
        return nne > tend ? nne : tend;
    if (word_before_is(f, ls, i, "tăng"))
        fig.change = 1;
    else if (word_before_is(f, ls, i, "giảm"))
        fig.change = -1;
    size_t end = (fig.kind == TC_FIG_COUNT || fig.kind == TC_FIG_RATIO) && nne > ns ? nne : ue;
    size_t sa, sb;
    sentence_bounds(f, ls, pe, i, end, &sa, &sb);
    fig.measure = measure_of(f, &fig, ls, pe, i, end);
    period_of(f, sa, sb, i, end, &fig);
    if (ind > 0 && !fig.indicator[0] && nne > ind)
        indicator_of(f, ind, pe, &fig);
    else if (!fig.indicator[0] && fig.noun[0] && ns < nne)
        indicator_of(f, ns, pe, &fig);
    /* "(Tăng 253 vị trí so với cùng kỳ)" after "279 vị trí xây dựng trạm BTS":
     * the same thing counted, said shorter */
    if (f->last_unit[0] && f->last_sentence == sa && strcmp(f->last_unit, fig.unit) == 0 &&
        strcmp(fig.noun, fig.unit) == 0)
        tc_utf8_copy(fig.indicator, sizeof fig.indicator, f->last_indicator,
                     strlen(f->last_indicator));
    tc_utf8_copy(f->last_unit, sizeof f->last_unit, fig.unit, strlen(fig.unit));
    tc_utf8_copy(f->last_indicator, sizeof f->last_indicator, fig.indicator, strlen(fig.indicator));
    f->last_sentence = sa;
    sentence_of(f, ls, pe, i, end, &fig);
    emit(f, &fig, i, end);
    if (end > i && is_digit(C[end - 1]))
        f->label_end = end; /* "... mức độ 3, 4": the 4 is a level too */
    /* "114/115 (đạt 99,13%) điểm": the parenthesis holds figures of its own */
    if (ratio && nstart != ue)
        return ue;
    return end > tend ? end : tend;
}

/* Does line k continue on line k + 1 (a hard-wrapped paragraph of Markdown
 * or plain text)?  Then a noun may run on to the next line. */
static size_t continuation_end(const tc_figurer *f, const size_t *ls, size_t nl, size_t k)
{
    const tc_view *v = f->v;
    const char *C = v->clean;
    size_t a = v->lines[k], z = tc_view_line_end(v, k);
    if (k + 1 >= nl || z - a < 50)
        return z;
    size_t t = z;
    while (t > a && C[t - 1] == ' ')
        t--;
    if (t == a || strchr(".:;!?)", C[t - 1]))
        return z;
    size_t n = v->lines[k + 1], ne = tc_view_line_end(v, k + 1);
    n = skip_blanks(C, n, ne);
    if (n >= ne || strchr("-+*#|", C[n]) || (unsigned char)C[n] == 0xE2)
        return z;
    if (is_digit(C[n])) {
        size_t d = n;
        while (d < ne && is_digit(C[d]))
            d++;
        if (d < ne && (C[d] == '.' || C[d] == ')' || C[d] == '\\'))
            return z; /* "2. ...": a new item */
    }
    (void)ls;
    return ne;
}

static void scan_running(tc_figurer *f, size_t ls, size_t le, size_t pe)
{
    const char *C = f->v->clean;
    f->label_end = SIZE_MAX;
    for (size_t i = ls; i < le && !f->stop;) {
        if (!is_digit(C[i])) {
            i++;
            continue;
        }
        if (i > ls) {
            size_t ps = tc_utf8_prev(C, i);
            uint32_t pc = tc_utf8_at(C, le, ps, NULL);
            int glued = cp_alnum(pc) || pc == '.' || pc == ',' || pc == '_' || pc == '&';
            if (pc == 'x' && ps > ls && cp_alpha(tc_utf8_at(C, le, tc_utf8_prev(C, ps), NULL))) {
                /* "3mx1,5m": the second side of a dimension */
                size_t u = tc_utf8_prev(C, ps);
                while (u > ls && cp_alpha(tc_utf8_at(C, le, tc_utf8_prev(C, u), NULL)))
                    u = tc_utf8_prev(C, u);
                if (u > ls && is_digit(C[u - 1]) && unit_at(f, u, ps, UM(UK_MEASURE)))
                    glued = 0;
            } else if (cp_alpha(pc)) {
                /* "gồm60 xã": a lower-case word (two letters or more) glued to
                 * the number by a missing space; "TB1", "D16", "a150" stay glued */
                size_t w = i, letters = 0;
                int lower = 1;
                while (w > ls && cp_alpha(tc_utf8_at(C, le, tc_utf8_prev(C, w), NULL))) {
                    w = tc_utf8_prev(C, w);
                    lower &= u_islower((UChar32)tc_utf8_at(C, le, w, NULL)) != 0;
                    letters++;
                }
                if (lower && letters >= 2 && (w == ls || C[w - 1] == ' '))
                    glued = 0;
            }
            if (pc == '/' || pc == '-') {
                /* "giải quyết/26 TTHC" counts; "QĐ-2", "2017-2020", "a/5" do not */
                uint32_t pp = ps > ls ? tc_utf8_at(C, le, tc_utf8_prev(C, ps), NULL) : 0;
                glued = pc == '-' ? cp_alnum(pp) : (is_digit((char)pp) || !cp_alpha(pp));
                if (pc == '/' && cp_alpha(pp)) {
                    /* a word before '/', unless the word is a code in capitals */
                    size_t w = tc_utf8_prev(C, ps);
                    int upper = 1;
                    while (w > ls && cp_alpha(tc_utf8_at(C, le, w, NULL))) {
                        if (!u_isupper((UChar32)tc_utf8_at(C, le, w, NULL)))
                            upper = 0;
                        w = tc_utf8_prev(C, w);
                    }
                    glued = upper;
                }
            }
            if (glued) {
                i = token_end(C, i, le);
                continue;
            }
        }
        i = running_figure(f, ls, le, pe, i);
    }
}

/* ---- tables -------------------------------------------------------------------------- */

typedef struct cell {
    size_t s, e; /* trimmed span in the cleaned text */
} cell;

/* Parses a whole cell as a value: [sign] number [%].  Returns 1 if it is one. */
static int cell_value(const char *C, size_t s, size_t e, int prefer_decimal, double *v, int *pct,
                      int *amb)
{
    int neg = 0;
    *pct = 0;
    if (s < e && (C[s] == '-' || C[s] == '+')) {
        neg = C[s] == '-';
        s++;
    }
    size_t used;
    if (tc_figure_number(C + s, e - s, prefer_decimal, v, &used, amb))
        return 0;
    size_t p = s + used;
    while (p < e && C[p] == ' ')
        p++;
    if (p < e && C[p] == '%') {
        *pct = 1;
        p++;
    }
    while (p < e && C[p] == ' ')
        p++;
    if (p < e && C[p] == '(' && C[e - 1] == ')')
        p = e; /* "40.000 (khối lượng kéo theo)" */
    if (p != e)
        return 0;
    if (*pct && *amb == 1) {
        tc_figure_number(C + s, e - s, 1, v, &used, amb);
    }
    if (neg)
        *v = -*v;
    return 1;
}

/* The unit cell of a row decides kind, normalised unit and factor. */
static void table_unit(const tc_figurer *f, size_t s, size_t e, int *kind, char *unit, size_t cap,
                       double *factor)
{
    const char *C = f->v->clean;
    *kind = TC_FIG_COUNT;
    *factor = 1;
    unit[0] = 0;
    if (e <= s)
        return;
    if (e - s == 1 && C[s] == '%') {
        *kind = TC_FIG_PERCENT;
        tc_utf8_copy(unit, cap, "%", 1);
        return;
    }
    const uword *w = match_at(f, s, e, UM(UK_MONEY) | UM(UK_SCALE) | UM(UK_MEASURE));
    if (w && s + w->len == e) {
        if (w->kind == UK_MEASURE) {
            *kind = TC_FIG_MEASURE;
            tc_utf8_copy(unit, cap, w->unit, strlen(w->unit));
        } else {
            /* "Tỷ", "Triệu đồng", "Tr.đồng": amounts of money */
            *kind = TC_FIG_MONEY;
            *factor = w->factor;
            tc_utf8_copy(unit, cap, "VND", 3);
        }
        return;
    }
    noun_head(f, s, e, unit, cap);
}

/* The measure of a table value: its column's, else the row's words
 * ("Tổng cộng"), else by kind. */
static int table_measure(const tc_figurer *f, int col_measure, const cell *name, int kind)
{
    if (kind == TC_FIG_PERCENT || kind == TC_FIG_RATIO)
        return TC_MEAS_RATE;
    if (col_measure)
        return col_measure;
    const uword *w = match_at(f, name->s, name->e, UM(UK_TOTAL));
    if (w && w->form[0] == 't' && strncmp(w->form, "tổng", strlen("tổng")) == 0)
        return TC_MEAS_TOTAL;
    return kind == TC_FIG_MEASURE || kind == TC_FIG_MONEY ? TC_MEAS_LEVEL : TC_MEAS_TOTAL;
}

static void table_emit(tc_figurer *f, const cell *name, const cell *unitc, const cell *val,
                       const char *column, int row_kind, const char *row_unit, double factor,
                       int row_decimals, int col_measure, const char *period)
{
    const char *C = f->v->clean;
    tc_figure fig;
    memset(&fig, 0, sizeof fig);
    double v;
    int pct, amb;
    if (!cell_value(C, val->s, val->e, row_kind == TC_FIG_PERCENT, &v, &pct, &amb))
        return;
    fig.table = 1;
    fig.kind = pct ? TC_FIG_PERCENT : row_kind;
    fig.value = fig.kind == TC_FIG_MONEY ? v * factor : v;
    tc_utf8_copy(fig.unit, sizeof fig.unit, pct ? "%" : row_unit, strlen(pct ? "%" : row_unit));
    if (amb == 1 && !row_decimals)
        amb = 0; /* "2.907" among whole numbers: thousands, no doubt */
    if (amb) {
        /* tables of converted files mix '.' and ',' as decimal points */
        fig.ambiguous = 1;
        tc_utf8_copy(fig.reading, sizeof fig.reading, reading_of(amb), strlen(reading_of(amb)));
    }
    if (unitc && unitc->e > unitc->s)
        tc_utf8_copy(fig.noun, sizeof fig.noun, C + unitc->s, unitc->e - unitc->s);
    tc_utf8_copy(fig.indicator, sizeof fig.indicator, C + name->s, name->e - name->s);
    tc_utf8_copy(fig.sentence, sizeof fig.sentence, C + name->s, name->e - name->s);
    tc_utf8_copy(fig.column, sizeof fig.column, column, strlen(column));
    fig.measure = table_measure(f, col_measure, name, fig.kind);
    if (period)
        tc_utf8_copy(fig.period, sizeof fig.period, period, strlen(period));
    emit(f, &fig, val->s, val->e);
}

/* Does any value of the row have a decimal part ("86,93", "87.9")?  Then a
 * "1.501" beside them may be a decimal too. */
static int row_has_decimals(const char *C, const cell *vals, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double v;
        int pct, amb;
        if (cell_value(C, vals[k].s, vals[k].e, 0, &v, &pct, &amb) &&
            (amb == 2 || memchr(C + vals[k].s, ',', vals[k].e - vals[k].s)))
            return 1;
    }
    return 0;
}

static int is_row_number(const char *C, size_t s, size_t e)
{
    if (e <= s || e - s > 3)
        return 0;
    for (size_t q = s; q < e; q++)
        if (!is_digit(C[q]))
            return 0;
    return 1;
}

static int has_alpha(const char *C, size_t s, size_t e)
{
    for (size_t q = s; q < e;) {
        size_t l;
        if (cp_alpha(tc_utf8_at(C, e, q, &l)))
            return 1;
        q += l;
    }
    return 0;
}

typedef struct line {
    size_t s, e; /* bytes of the line, without the newline */
    int table;   /* consumed by a table */
} line;

static size_t tab_count(const tc_figurer *f, const line *ln)
{
    size_t tabs = 0;
    for (size_t b = ln->s; b < ln->e; b++)
        tabs += f->v->clean[b] == ' ' && f->v->raw[f->v->map[b]] == '\t';
    return tabs;
}

/* Tab-separated rows: splits line ln into cells at the original's tabs. */
static size_t tab_cells(const tc_figurer *f, const line *ln, cell *cells, size_t max)
{
    const char *C = f->v->clean;
    size_t n = 0, a = ln->s;
    for (size_t b = ln->s; b <= ln->e && n < max; b++) {
        if (b == ln->e || (C[b] == ' ' && f->v->raw[f->v->map[b]] == '\t')) {
            cells[n].s = a;
            cells[n].e = b;
            trim(C, &cells[n].s, &cells[n].e);
            n++;
            a = b + 1;
        }
    }
    return n;
}

/* What a column of a table holds, from its heading. */
typedef struct col_info {
    char head[96]; /* the heading (a sub-heading under a spanning one wins) */
    size_t hs, he; /* its span in the cleaned text (for its period) */
    int skip;      /* codes, years, dates, names: cells read as running text */
    int is_unit;   /* the rows' unit column ("Đơn vị tính", "ĐVT") */
    int kind;      /* TC_FIG_* of the unit the heading states, 0 if none */
    char unit[48]; /* that unit ("ha", "%", "VND", "giấy phép") */
    double factor; /* money: VND per unit */
    int measure;   /* TC_MEAS_* the heading's words say, 0 if none */
} col_info;

/* Headings of columns that hold no figures, in lower case. */
static const char *const skip_heads[] = {
    "tt",       "stt",          "số tt",    "số hiệu",   "mã",         "mã số",     "loại",
    "niên hạn", "năm sản xuất", "thời hạn", "ngày",      "biển",       "định danh", "điện thoại",
    "ghi chú",  "địa điểm",     "địa chỉ",  "vị trí",    "tên",        "vai trò",   "chức",
    "hạng",     "tiến độ",      "nhận xét", "đánh giá",  "chủ đầu tư", "cơ quan",   "phân loại",
    "người",    "nhiệm vụ",     "tài liệu", "đối chiếu", "tình trạng", "nội dung",  "giải pháp",
    "khó khăn", "đề xuất",      NULL};

/* Fills c from the heading cell [s, e). */
static void col_from_heading(const tc_figurer *f, size_t s, size_t e, col_info *c)
{
    const char *C = f->v->clean, *L = f->v->lower;
    memset(c, 0, sizeof *c);
    c->factor = 1;
    c->hs = s;
    c->he = e;
    tc_utf8_copy(c->head, sizeof c->head, C + s, e - s);
    if (e <= s)
        return;
    size_t n = e - s;
    static const char *const unit_heads[] = {"đơn vị tính", "đvt", "đơn vị", NULL};
    for (size_t k = 0; unit_heads[k]; k++)
        if (n == strlen(unit_heads[k]) && memcmp(L + s, unit_heads[k], n) == 0)
            c->is_unit = 1;
    for (size_t k = 0; skip_heads[k] && !c->is_unit; k++) {
        size_t m = strlen(skip_heads[k]);
        if (n >= m && memcmp(L + s, skip_heads[k], m) == 0 &&
            (n == m || !cp_alnum(tc_utf8_at(L, e, s + m, NULL))))
            c->skip = 1;
    }
    /* the unit in its last parenthesis: "Diện tích (ha)", "(Tỷ VNĐ)", "(%)" */
    const char *open = NULL;
    for (size_t q = s; q < e; q++)
        if (C[q] == '(')
            open = C + q;
    if (open) {
        size_t q = (size_t)(open - C) + 1;
        const char *close = memchr(C + q, ')', e - q);
        size_t z = close ? (size_t)(close - C) : e;
        if (memchr(C + q, '%', z - q)) {
            c->kind = TC_FIG_PERCENT;
            strcpy(c->unit, "%");
        }
        for (; q < z && !c->kind; q++) {
            if (!word_start(L, s, q))
                continue;
            const uword *w = match_at(f, q, z, UM(UK_MONEY) | UM(UK_SCALE) | UM(UK_MEASURE));
            if (!w)
                continue;
            if (w->kind == UK_MEASURE) {
                c->kind = TC_FIG_MEASURE;
                tc_utf8_copy(c->unit, sizeof c->unit, w->unit, strlen(w->unit));
            } else {
                c->kind = TC_FIG_MONEY;
                c->factor = w->factor;
                strcpy(c->unit, "VND");
            }
        }
    }
    /* "Số lượng Giấy phép": a count of what follows */
    static const char sl[] = "số lượng ";
    size_t cue_from = s; /* the counted noun holds no cue ("Số lượng tổ chức") */
    if (!c->kind && n > sizeof sl - 1 && memcmp(L + s, sl, sizeof sl - 1) == 0) {
        size_t ns, ne;
        noun_after(f, s + sizeof sl - 1, open ? (size_t)(open - C) : e, &ns, &ne);
        if (ne > ns) {
            c->kind = TC_FIG_COUNT;
            noun_head(f, ns, ne, c->unit, sizeof c->unit);
            cue_from = ne;
        }
    }
    /* "Số tăng trong kỳ", "Lũy kế đến nay", "So với cùng kỳ" */
    for (size_t q = cue_from; q < e && !c->measure; q++) {
        if (!word_start(L, s, q))
            continue;
        if (e - q >= 5 && memcmp(L + q, "so v", 4) == 0) {
            c->measure = TC_MEAS_DIFF;
            break;
        }
        const uword *w = match_at(f, q, e, UM(UK_TOTAL) | UM(UK_CHANGE) | UM(UK_SIZE));
        if (w && (w->kind == UK_TOTAL || w->kind == UK_CHANGE) && w->len >= 4 &&
            strcmp(w->form, "có") != 0)
            c->measure = w->kind == UK_TOTAL ? TC_MEAS_TOTAL : TC_MEAS_CHANGE;
    }
}

/* A cell that ends a table: "Tổng cộng", "Tổng", "Cộng". */
static int is_total_row(const tc_figurer *f, const cell *c)
{
    const char *L = f->v->lower;
    static const char *const forms[] = {"tổng cộng", "tổng số", "tổng", "cộng", NULL};
    for (size_t k = 0; forms[k]; k++)
        if (c->e - c->s == strlen(forms[k]) && memcmp(L + c->s, forms[k], c->e - c->s) == 0)
            return 1;
    return 0;
}

static void scan_tab_tables(tc_figurer *f, line *lines, size_t nl)
{
    const char *C = f->v->clean;
    col_info *cols = calloc(FIG_MAX_COLS, sizeof *cols);
    if (!cols)
        return; /* the lines are read as running text */
    size_t ncols = 0;
    int last_heading = 0; /* the previous row was a heading row */
    int unit_col = -1;
    cell prev_unit = {0, 0};
    for (size_t k = 0; k < nl && !f->stop; k++) {
        cell cells[FIG_MAX_COLS];
        if (tab_count(f, &lines[k]) < 2)
            continue;
        size_t n = tab_cells(f, &lines[k], cells, FIG_MAX_COLS);
        size_t filled = 0;
        for (size_t c = 0; c < n; c++)
            filled += cells[c].e > cells[c].s;
        if (n < 3 || filled < 2) {
            /* "I. Cụm công nghiệp do UBND cấp xã quản lý (16 cụm)": a section
             * row of the table, running text where it stands */
            last_heading = 0;
            lines[k].table = 1;
            scan_running(f, lines[k].s, lines[k].e, lines[k].e);
            continue;
        }
        int total = is_total_row(f, &cells[0]);
        if (!is_row_number(C, cells[0].s, cells[0].e) && !total) {
            int sub = cells[0].e == cells[0].s;
            if (!sub && !has_alpha(C, cells[0].s, cells[0].e)) {
                last_heading = 0;
                lines[k].table = 1;
                scan_running(f, lines[k].s, lines[k].e, lines[k].e);
                continue;
            }
            lines[k].table = 1;
            if (sub && last_heading) {
                /* a second heading row under spanning headings */
                for (size_t c = 0; c < n && c < ncols; c++)
                    if (cells[c].e > cells[c].s) {
                        col_from_heading(f, cells[c].s, cells[c].e, &cols[c]);
                    }
            } else {
                /* a heading row: its cells name the columns below */
                ncols = n;
                unit_col = -1;
                for (size_t c = 0; c < n; c++) {
                    col_from_heading(f, cells[c].s, cells[c].e, &cols[c]);
                    if (cols[c].is_unit && unit_col < 0)
                        unit_col = (int)c;
                }
                prev_unit.s = prev_unit.e = 0;
            }
            last_heading = 1;
            continue;
        }
        last_heading = 0;
        /* the indicator: the first cell after the row number with letters */
        size_t ind = total ? 0 : 1;
        if (!has_alpha(C, cells[ind].s, cells[ind].e)) {
            if (total) {
                ind = 0;
            } else {
                lines[k].table = 1;
                scan_running(f, lines[k].s, lines[k].e, lines[k].e);
                continue;
            }
        }
        lines[k].table = 1;
        int uc = unit_col;
        if (!ncols && n > 3 && has_alpha(C, cells[2].s, cells[2].e))
            uc = 2; /* no heading: row number, indicator, unit, values */
        cell unitc = {0, 0};
        if (uc >= 0 && (size_t)uc < n) {
            unitc = cells[uc];
            if (unitc.e == unitc.s)
                unitc = prev_unit; /* an empty unit repeats the row above */
            else
                prev_unit = unitc;
        }
        int kind = TC_FIG_COUNT;
        char unit[48] = "";
        double factor = 1;
        if (unitc.e > unitc.s)
            table_unit(f, unitc.s, unitc.e, &kind, unit, sizeof unit, &factor);
        int decimals = row_has_decimals(C, cells + ind + 1, n - ind - 1);
        for (size_t c = 0; c < n && !f->stop; c++) {
            if (cells[c].e == cells[c].s || (int)c == uc || (c == 0 && !total))
                continue;
            const col_info *ci = c < ncols ? &cols[c] : NULL;
            double v;
            int pct, amb;
            if (c <= ind || (ci && ci->skip) ||
                !cell_value(C, cells[c].s, cells[c].e, 0, &v, &pct, &amb)) {
                /* a text cell: its figures are running text ("Dung tích bồn:
                 * 49,8m3"), its codes and dates are not figures */
                scan_running(f, cells[c].s, cells[c].e, cells[c].e);
                continue;
            }
            char col[96];
            if (ci && ci->head[0])
                tc_utf8_copy(col, sizeof col, ci->head, strlen(ci->head));
            else
                snprintf(col, sizeof col, "col%zu", c - ind);
            int k2 = kind;
            const char *u2 = unit;
            double f2 = factor;
            if (!(unitc.e > unitc.s) && ci && ci->kind) {
                k2 = ci->kind;
                u2 = ci->unit;
                f2 = ci->factor;
            }
            tc_figure per;
            memset(&per, 0, sizeof per);
            if (ci && ci->he > ci->hs)
                period_of(f, ci->hs, ci->he, ci->hs, ci->hs, &per);
            table_emit(f, &cells[ind], &unitc, &cells[c], col, k2, u2, f2, decimals,
                       ci ? ci->measure : 0, per.period);
        }
    }
    free(cols);
}

/* One row of a one-cell-per-line table at line k: row number, indicator,
 * unit, then two or more value lines.  Returns the lines it used (0 when k
 * starts no row). */
static size_t cell_row(tc_figurer *f, const line *lines, size_t nl, size_t k)
{
    const char *C = f->v->clean;
    if (k + 4 >= nl)
        return 0;
    cell no = {lines[k].s, lines[k].e}, name = {lines[k + 1].s, lines[k + 1].e},
         unitc = {lines[k + 2].s, lines[k + 2].e};
    trim(C, &no.s, &no.e);
    trim(C, &name.s, &name.e);
    trim(C, &unitc.s, &unitc.e);
    if (!is_row_number(C, no.s, no.e) || !has_alpha(C, name.s, name.e) || unitc.e == unitc.s ||
        unitc.e - unitc.s > 40)
        return 0;
    if (!has_alpha(C, unitc.s, unitc.e) && !(unitc.e - unitc.s == 1 && C[unitc.s] == '%'))
        return 0;
    size_t nv = 0;
    while (k + 3 + nv < nl) {
        cell v = {lines[k + 3 + nv].s, lines[k + 3 + nv].e};
        trim(C, &v.s, &v.e);
        double x;
        int pct, amb;
        if (v.e == v.s || !cell_value(C, v.s, v.e, 0, &x, &pct, &amb))
            break;
        nv++;
    }
    if (nv < 2)
        return 0;
    int kind;
    char unit[48];
    double factor;
    table_unit(f, unitc.s, unitc.e, &kind, unit, sizeof unit, &factor);
    int decimals = 0;
    for (size_t j = 0; j < nv; j++) {
        cell v = {lines[k + 3 + j].s, lines[k + 3 + j].e};
        trim(C, &v.s, &v.e);
        decimals |= row_has_decimals(C, &v, 1);
    }
    for (size_t j = 0; j < nv && !f->stop; j++) {
        cell v = {lines[k + 3 + j].s, lines[k + 3 + j].e};
        trim(C, &v.s, &v.e);
        char col[32];
        snprintf(col, sizeof col, "col%u", (unsigned)(j + 1) & 0xFFFFu);
        table_emit(f, &name, &unitc, &v, col, kind, unit, factor, decimals, 0, NULL);
    }
    return 3 + nv;
}

/* ---- driver ---------------------------------------------------------------------------- */

tc_rc tc_figurer_extract(tc_figurer *f, const char *text, size_t len, tc_figure_fn cb, void *ctx)
{
    if (!f || (!text && len) || !cb)
        return TC_EINVAL;
    tc_view v;
    tc_rc rc = tc_view_build(f->t, text, len, &v);
    if (!rc)
        rc = tc_figurer_extract_view(f, &v, cb, ctx);
    tc_view_free(&v);
    return rc;
}

tc_rc tc_figurer_extract_view(tc_figurer *f, const tc_view *v, tc_figure_fn cb, void *ctx)
{
    if (!f || !v || !cb)
        return TC_EINVAL;
    if (v->len == 0)
        return TC_OK;
    f->v = v;
    f->cb = cb;
    f->ctx = ctx;
    f->stop = 0;
    f->last_unit[0] = 0;
    f->last_indicator[0] = 0;
    f->last_sentence = 0;
    size_t nl = v->nlines;
    line *lines = calloc(nl, sizeof *lines);
    if (!lines)
        return TC_ENOMEM;
    for (size_t k = 0; k < nl; k++) {
        lines[k].s = v->lines[k];
        lines[k].e = tc_view_line_end(v, k);
    }
    /* Line by line in text order: a block of tab-separated lines is read as a
     * table (its rows that are not table rows as text), a one-cell-per-line
     * row as a table row, anything else as running text. */
    size_t k = 0;
    while (k < nl && !f->stop) {
        if (tab_count(f, &lines[k]) >= 2) {
            size_t j = k;
            while (j < nl && tab_count(f, &lines[j]) >= 2)
                j++;
            scan_tab_tables(f, lines + k, j - k);
            for (size_t x = k; x < j && !f->stop; x++)
                if (!lines[x].table)
                    scan_running(f, lines[x].s, lines[x].e, lines[x].e);
            k = j;
            continue;
        }
        size_t used = cell_row(f, lines, nl, k);
        if (used) {
            k += used;
            continue;
        }
        scan_running(f, lines[k].s, lines[k].e, continuation_end(f, NULL, nl, k));
        k++;
    }
    free(lines);
    return TC_OK;
}
