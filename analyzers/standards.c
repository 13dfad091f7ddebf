/*
 * standards.c: technical standard extraction (see standards.h).
 *
 * How it works.  A text that holds none of the kind words is left at once.
 * Otherwise it is cleaned (NFC, spaces normalised, offset map) and scanned
 * for a kind word (or an amendment word just before one); from there one
 * small recursive-descent reader takes the number, the year, the issuer and
 * a trailing amendment.  tc_standard_key runs the same reader on an
 * upper-cased copy of the query and requires it to use the whole string.
 */
#include "standards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Spaces allowed between two parts of a symbol (NBSP counts one). */
#define STD_MAX_GAP 8
#define STD_YEAR_MIN 1950
#define STD_YEAR_MAX 2099
#define STD_MAX_ISSUER 12 /* letters */

typedef struct kind_form {
    const char *written; /* as matched in the text (capitals) */
    const char *kind;    /* canonical kind */
} kind_form;

static const kind_form kinds[] = {
    {"QCVN", "QCVN"},        {"TCVN", "TCVN"},
    {"TCCS", "TCCS"},        {"QC\xC4\x90P", "QC\xC4\x90P"}, /* QCĐP */
    {"QCDP", "QC\xC4\x90P"},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

/* Prefixes of adopted international numbers, longest first. */
static const char *const intl_prefixes[] = {
    "ISO/IEC/IEEE", "ISO/IEC", "ISO/TS", "ISO/TR", "ISO/PAS", "IEC/TS", "IEC/TR", "ISO", "IEC",
};

/* Words that introduce an amendment ("Sửa đổi 1:2023"); NFC. */
static const char *const amend_words[] = {
    "S\xE1\xBB\xAD"
    "a \xC4\x91\xE1\xBB\x95i", /* Sửa đổi */
    "s\xE1\xBB\xAD"
    "a \xC4\x91\xE1\xBB\x95i", /* sửa đổi */
    "S\xE1\xBB\xAC"
    "A \xC4\x90\xE1\xBB\x94I", /* SỬA ĐỔI */
    "S\xE1\xBB\xAD"
    "a \xC4\x90\xE1\xBB\x95i", /* Sửa Đổi */
    "S\xC4\x90",
    "SD", /* SĐ, SD (only glued to a number) */
};

struct tc_standards {
    tc_text *t;   /* normaliser, not owned; may be NULL */
    tc_buf clean; /* cleaned text of the current call */
    tc_buf query; /* upper-cased copy of a query */
};

/* What the reader found; offsets are in the scanned buffer. */
typedef struct parsed {
    const kind_form *kind; /* the kind */
    char number[24];       /* number with its international prefix */
    int year;              /* 0 when not written */
    char issuer[24];       /* "" when none */
    size_t start, end;     /* the span, amendments included */
} parsed;

/* ---- characters ----------------------------------------------------------------- */

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}
static int is_upper_ascii(char ch)
{
    return ch >= 'A' && ch <= 'Z';
}
static int is_lower_ascii(char ch)
{
    return ch >= 'a' && ch <= 'z';
}

/* Bytes of the space at s[i] (' ', tab, CR, LF, NBSP), 0 when none. */
static size_t space_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    char ch = s[i];
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
        return 1;
    if ((unsigned char)ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

/* Skips at most STD_MAX_GAP spaces holding at most one line break. */
static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    int count = 0, breaks = 0;
    size_t k;
    while (count < STD_MAX_GAP && (k = space_at(s, n, i)) > 0) {
        if (s[i] == '\n' && ++breaks > 1)
            break;
        i += k;
        count++;
    }
    return i;
}

/* 1 when s[i..) starts with lit. */
static int starts(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    return i <= n && n - i >= l && memcmp(s + i, lit, l) == 0;
}

/* The character at i, 0 at the end. */
static uint32_t char_at(const char *s, size_t n, size_t i)
{
    return i < n ? tc_utf8_at(s, n, i, NULL) : 0;
}

static int cp_is_alnum(uint32_t cp)
{
    return cp && cp != 0xFFFD && (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp));
}

/* Letters of an issuer code: ASCII letters and Đ/đ.  Returns the bytes of
 * the letter at i (0 if none) and its case (1 upper, 0 lower). */
static size_t issuer_letter(const char *s, size_t n, size_t i, int *upper)
{
    if (i >= n)
        return 0;
    if (is_upper_ascii(s[i]) || is_lower_ascii(s[i])) {
        *upper = is_upper_ascii(s[i]);
        return 1;
    }
    if ((unsigned char)s[i] == 0xC4 && i + 1 < n &&
        ((unsigned char)s[i + 1] == 0x90 || (unsigned char)s[i + 1] == 0x91)) {
        *upper = (unsigned char)s[i + 1] == 0x90;
        return 2;
    }
    return 0;
}

/* Appends s[0..len) upper-cased (ASCII, đ -> Đ) to dst (cap bytes with the
 * NUL); returns 0 when it does not fit. */
static int put_upper(char *dst, size_t cap, const char *s, size_t len)
{
    size_t k = strlen(dst);
    if (k + len + 1 > cap)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (is_lower_ascii(ch))
            ch = (char)(ch - 'a' + 'A');
        else if ((unsigned char)ch == 0x91 && i > 0 && (unsigned char)s[i - 1] == 0xC4)
            ch = (char)0x90;
        dst[k++] = ch;
    }
    dst[k] = 0;
    return 1;
}

/* Reads up to max digits at i; returns how many (0 if none) and the value. */
static size_t read_digits(const char *s, size_t n, size_t i, size_t max, int *value)
{
    size_t k = 0;
    int v = 0;
    while (i + k < n && is_digit(s[i + k])) {
        if (k == max)
            return 0; /* too long for this part */
        v = v * 10 + (s[i + k] - '0');
        k++;
    }
    if (value)
        *value = v;
    return k;
}

static int year_ok(int y)
{
    return y >= STD_YEAR_MIN && y <= STD_YEAR_MAX;
}

/* A dash at i: '-' (1 byte) or an en dash (3 bytes); 0 when none. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '-')
        return 1;
    if (starts(s, n, i, "\xE2\x80\x93"))
        return 3;
    return 0;
}

/* ---- the reader ----------------------------------------------------------------- */

/* The kind written at i, or NULL. */
static const kind_form *kind_at(const char *s, size_t n, size_t i)
{
    for (size_t k = 0; k < N_KINDS; k++)
        if (starts(s, n, i, kinds[k].written))
            return &kinds[k];
    return NULL;
}

/* In a document a kind must start a word: not after a capital, a digit or
 * a path or URL character.  A lower-case letter before it is a typing slip
 * ("theoQCVN"). */
static int left_ok(const char *s, size_t n, size_t i)
{
    if (i == 0)
        return 1;
    size_t p = tc_utf8_prev(s, i);
    uint32_t cp = tc_utf8_at(s, n, p, NULL);
    if (cp == '/' || cp == '-' || cp == '_' || cp == '\\' || cp == '@' || cp == '=')
        return 0;
    if (cp == 0xFFFD || !cp_is_alnum(cp))
        return 1;
    return u_islower((UChar32)cp);
}

/* Reads "Sửa đổi 1:2023" / "SĐ1:2024" at i; returns its end or 0. */
static size_t read_amendment(const char *s, size_t n, size_t i)
{
    for (size_t w = 0; w < sizeof amend_words / sizeof amend_words[0]; w++) {
        if (!starts(s, n, i, amend_words[w]))
            continue;
        size_t j = i + strlen(amend_words[w]);
        int glued_only = strlen(amend_words[w]) <= 3; /* SĐ, SD */
        size_t k = glued_only ? j : skip_spaces(s, n, j);
        if (!glued_only && k == j)
            return 0;
        size_t d = read_digits(s, n, k, 2, NULL);
        if (d == 0)
            return 0;
        k = skip_spaces(s, n, k + d);
        if (k >= n || s[k] != ':')
            return 0;
        k = skip_spaces(s, n, k + 1);
        int y = 0;
        d = read_digits(s, n, k, 4, &y);
        if (d != 4 || !year_ok(y) || (k + d < n && is_digit(s[k + d])))
            return 0;
        return k + d;
    }
    return 0;
}

/* The end of an amendment that follows a symbol ending at i, or i. */
static size_t amendment_after(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '/') {
        size_t e = read_amendment(s, n, i + 1);
        if (e)
            return e;
    }
    size_t j = skip_spaces(s, n, i);
    if (starts(s, n, j, "v\xC3\xA0") || starts(s, n, j, "V\xC3\xA0")) /* và */
        j = skip_spaces(s, n, j + 3);
    else if (j < n && s[j] == ',')
        j = skip_spaces(s, n, j + 1);
    else if (dash_at(s, n, j))
        j = skip_spaces(s, n, j + dash_at(s, n, j));
    size_t e = read_amendment(s, n, j);
    return e ? e : i;
}

/* Reads the number at i into p->number (after any prefix already there).
 * Returns the end or 0; an old-style dash year goes to p->year. */
static size_t read_number(const char *s, size_t n, size_t i, parsed *p)
{
    int is_tcvn = strcmp(p->kind->kind, "TCVN") == 0;
    size_t d = read_digits(s, n, i, 6, NULL);
    if (d == 0)
        return 0;
    size_t j = i + d;
    /* a capital suffix: "05A" */
    if (j < n && is_upper_ascii(s[j]) && !cp_is_alnum(char_at(s, n, j + 1)))
        j++;
    int parts = 0;
    size_t year_end = 0;
    for (;;) {
        if (j >= n || s[j] != '-')
            break;
        size_t k = j + 1;
        int v = 0;
        size_t dd = read_digits(s, n, k, 6, &v);
        if (dd > 0) {
            size_t after = k + dd;
            int last = !(after < n && (s[after] == '-' || s[after] == ':' || is_digit(s[after])));
            if (last && is_tcvn && parts == 0 && !cp_is_alnum(char_at(s, n, after)) &&
                ((dd == 4 && year_ok(v)) || (dd == 2 && v >= 60))) {
                /* TCVN 2622-1995, TCVN 2290-78 */
                p->year = dd == 2 ? 1900 + v : v;
                year_end = after;
                break;
            }
            if (cp_is_alnum(char_at(s, n, after)) && !is_upper_ascii(s[after]))
                break;
            j = after;
            parts++;
            continue;
        }
        size_t l = 0;
        while (k + l < n && is_upper_ascii(s[k + l]) && l < 4)
            l++;
        if (l == 0 || cp_is_alnum(char_at(s, n, k + l)))
            break;
        j = k + l;
        parts++;
    }
    if (!put_upper(p->number, sizeof p->number, s + i, j - i))
        return 0;
    return p->year ? year_end : j;
}

/* Reads "/BTTTT" (spaces allowed around '/') after a symbol ending at e
 * into p->issuer.  A run in one case is taken whole and upper-cased
 * ("/btttt"); a mixed run keeps its capital prefix ("/BXDsửa" -> "BXD").
 * No issuer when the code is followed by a digit ("/SĐ1:2024" is an
 * amendment) or by a letter that is not a code letter.  Returns the new end. */
static size_t read_issuer(const char *s, size_t n, size_t e, parsed *p)
{
    size_t c = skip_spaces(s, n, e);
    if (c >= n || s[c] != '/')
        return e;
    size_t m = skip_spaces(s, n, c + 1), q = m, upper_end = m, l;
    size_t letters = 0, upper_letters = 0;
    int all_upper = 1, all_lower = 1, up = 0;
    while (letters <= STD_MAX_ISSUER && (l = issuer_letter(s, n, q, &up)) > 0) {
        if (up && all_upper) {
            upper_end = q + l;
            upper_letters++;
        }
        all_upper &= up;
        all_lower &= !up;
        q += l;
        letters++;
    }
    int whole = all_upper || all_lower;
    size_t stop = whole ? q : upper_end;
    size_t count = whole ? letters : upper_letters;
    if (count == 0 || count > STD_MAX_ISSUER || (stop < n && is_digit(s[stop])))
        return e;
    if (whole && cp_is_alnum(char_at(s, n, stop)))
        return e; /* "/BTTTTử": not a code */
    if (!put_upper(p->issuer, sizeof p->issuer, s + m, stop - m)) {
        p->issuer[0] = 0;
        return e;
    }
    return stop;
}

/* Reads a standard whose kind starts at i.  Returns 1 and fills p. */
static int read_standard(const char *s, size_t n, size_t i, parsed *p)
{
    memset(p, 0, sizeof *p);
    p->kind = kind_at(s, n, i);
    if (!p->kind)
        return 0;
    size_t j = i + strlen(p->kind->written);
    size_t k = skip_spaces(s, n, j);
    /* glued to its number only as a full "QCVN01:2019": "TCVN3" is a font encoding */
    int glued = k == j;
    if (k >= n || (glued && !is_digit(s[k])))
        return 0;
    int is_tcvn = strcmp(p->kind->kind, "TCVN") == 0;
    if (is_tcvn) {
        for (size_t x = 0; x < sizeof intl_prefixes / sizeof intl_prefixes[0]; x++) {
            size_t l = strlen(intl_prefixes[x]);
            if (!starts(s, n, k, intl_prefixes[x]))
                continue;
            size_t m = skip_spaces(s, n, k + l);
            if (m == k + l || m >= n || !is_digit(s[m]))
                return 0;
            memcpy(p->number, intl_prefixes[x], l);
            p->number[l] = ' ';
            p->number[l + 1] = 0;
            k = m;
            break;
        }
    }
    /* the number, and an unspaced dash year */
    size_t e = read_number(s, n, k, p);
    if (e == 0 || cp_is_alnum(char_at(s, n, e)))
        return 0; /* "TCVN 5574abc" */
    if (!p->year) {
        size_t c = skip_spaces(s, n, e);
        int y = 0;
        if (c < n && s[c] == ':') {
            size_t m = skip_spaces(s, n, c + 1);
            size_t d = read_digits(s, n, m, 4, &y);
            if (d == 4 && year_ok(y) && !cp_is_alnum(char_at(s, n, m + d)) &&
                !(m + d < n && s[m + d] == '-')) {
                p->year = y;
                e = m + d;
            } else if (d >= 1 && d <= 2 && m + d < n && s[m + d] == '-') {
                /* "TCVN 7878:1-2008": part 1, year 2008 */
                size_t d2 = read_digits(s, n, m + d + 1, 4, &y);
                if (d2 == 4 && year_ok(y) && !cp_is_alnum(char_at(s, n, m + d + 1 + d2)) &&
                    strlen(p->number) + 1 + d < sizeof p->number) {
                    strcat(p->number, "-");
                    put_upper(p->number, sizeof p->number, s + m, d);
                    p->year = y;
                    e = m + d + 1 + d2;
                }
            }
        } else if (is_tcvn && c > e) {
            /* "TCVN 3147 – 1990", "TCVN 2290 – 78" */
            size_t dl = dash_at(s, n, c);
            if (dl) {
                size_t m = skip_spaces(s, n, c + dl);
                size_t d = read_digits(s, n, m, 4, &y);
                if ((d == 4 && year_ok(y)) || d == 2) {
                    if (!cp_is_alnum(char_at(s, n, m + d)) && !(m + d < n && s[m + d] == ':')) {
                        p->year = d == 2 ? 1900 + y : y;
                        e = m + d;
                    }
                }
            }
        } else if (is_tcvn && starts(s, n, e, "\xE2\x80\x93")) {
            size_t d = read_digits(s, n, e + 3, 4, &y);
            if (d == 4 && year_ok(y) && !cp_is_alnum(char_at(s, n, e + 3 + d))) {
                p->year = y;
                e = e + 3 + d;
            }
        }
    }
    if (glued && (!p->year || strchr(p->number, '-')))
        return 0;
    if (p->year)
        e = read_issuer(s, n, e, p);
    p->start = i;
    p->end = e;
    return 1;
}

static void make_key(const parsed *p, char *out, size_t cap)
{
    int w = snprintf(out, cap, "%s %s", p->kind->kind, p->number);
    if (p->year && w >= 0 && (size_t)w < cap)
        w += snprintf(out + w, cap - (size_t)w, ":%d", p->year);
    if (p->issuer[0] && w >= 0 && (size_t)w < cap)
        snprintf(out + w, cap - (size_t)w, "/%s", p->issuer);
}

/* ---- public ------------------------------------------------------------------- */

tc_rc tc_standards_open(tc_text *t, tc_standards **out)
{
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    tc_standards *s = calloc(1, sizeof *s);
    if (!s)
        return TC_ENOMEM;
    s->t = t;
    tc_buf_init(&s->clean, 0);
    tc_buf_init(&s->query, 4096);
    *out = s;
    return TC_OK;
}

void tc_standards_close(tc_standards *s)
{
    if (!s)
        return;
    tc_buf_free(&s->clean);
    tc_buf_free(&s->query);
    free(s);
}

/* 1 when the raw text contains a kind word. */
static int has_kind(const char *text, size_t len)
{
    for (size_t k = 0; k < N_KINDS; k++)
        if (memmem(text, len, kinds[k].written, strlen(kinds[k].written)))
            return 1;
    return 0;
}

/* Scans b[0..n) (the text itself, or its cleaned form with map giving the
 * offset in text of each byte of b) and reports each standard. */
static void scan(const char *text, const char *b, size_t n, const uint32_t *map, tc_standard_fn cb,
                 void *ctx)
{
    parsed p;
    tc_standard out;
    for (size_t i = 0; i < n;) {
        char ch = b[i];
        int found = 0;
        if ((ch == 'Q' || ch == 'T') && left_ok(b, n, i) && read_standard(b, n, i, &p)) {
            found = 1;
        } else if (ch == 'S' || ch == 's') {
            /* an amendment written before its standard: "Sửa đổi 1:2024 QCVN 126:2021/BTTTT" */
            size_t a = left_ok(b, n, i) ? read_amendment(b, n, i) : 0;
            size_t k = a ? skip_spaces(b, n, a) : 0;
            if (a && k > a && read_standard(b, n, k, &p)) {
                p.start = i;
                found = 1;
            }
        }
        if (!found) {
            i++;
            continue;
        }
        p.end = amendment_after(b, n, p.end);
        memset(&out, 0, sizeof out);
        make_key(&p, out.key, sizeof out.key);
        snprintf(out.kind, sizeof out.kind, "%s", p.kind->kind);
        snprintf(out.number, sizeof out.number, "%s", p.number);
        out.year = p.year;
        snprintf(out.issuer, sizeof out.issuer, "%s", p.issuer);
        out.start = map ? map[p.start] : p.start;
        out.end = map ? map[p.end] : p.end;
        tc_utf8_copy(out.text, sizeof out.text, text + out.start, out.end - out.start);
        i = p.end;
        if (cb(ctx, &out))
            break;
    }
}

tc_rc tc_standards_extract(tc_standards *s, const char *text, size_t len, tc_standard_fn cb,
                           void *ctx)
{
    if (!s || !cb || (!text && len))
        return TC_EINVAL;
    if (len == 0 || !has_kind(text, len))
        return TC_OK;
    if (!s->t) {
        scan(text, text, len, NULL, cb, ctx);
        return TC_OK;
    }
    uint32_t *map = NULL;
    tc_buf_reset(&s->clean);
    tc_rc rc = tc_text_clean(s->t, text, len, &s->clean, &map);
    if (!rc)
        scan(text, s->clean.data ? s->clean.data : "", s->clean.len, map, cb, ctx);
    free(map);
    return rc;
}

tc_rc tc_standards_extract_view(tc_standards *s, const tc_view *v, tc_standard_fn cb, void *ctx)
{
    if (!s || !v || !cb)
        return TC_EINVAL;
    if (v->raw_len && has_kind(v->raw, v->raw_len))
        scan(v->raw, v->clean, v->len, v->map, cb, ctx);
    return TC_OK;
}

tc_rc tc_standard_key(tc_standards *s, const char *text, size_t len, char *out, size_t outlen)
{
    if (!s || !out || outlen == 0 || (!text && len))
        return TC_EINVAL;
    out[0] = 0;
    tc_buf_reset(&s->query);
    if (tc_buf_append(&s->query, text, len))
        return TC_ENOTFOUND; /* longer than any standard (the buffer's cap) */
    char *q = s->query.data ? s->query.data : "";
    size_t n = s->query.len;
    /* upper case: ASCII and đ */
    for (size_t i = 0; i < n; i++) {
        if (is_lower_ascii(q[i]))
            q[i] = (char)(q[i] - 'a' + 'A');
        else if ((unsigned char)q[i] == 0xC4 && i + 1 < n && (unsigned char)q[i + 1] == 0x91)
            q[i + 1] = (char)0x90;
    }
    size_t a = 0, z = n, k;
    while ((k = space_at(q, n, a)) > 0)
        a += k;
    while (z > a) {
        size_t p = tc_utf8_prev(q, z);
        if (!space_at(q, n, p))
            break;
        z = p;
    }
    if (a == z)
        return TC_ENOTFOUND;
    const kind_form *kf = kind_at(q, z, a);
    if (kf && a + strlen(kf->written) == z) {
        if (strlen(kf->kind) + 1 > outlen)
            return TC_EINVAL;
        memcpy(out, kf->kind, strlen(kf->kind) + 1);
        return TC_OK;
    }
    parsed p;
    if (!kf || !read_standard(q, z, a, &p) || p.end != z)
        return TC_ENOTFOUND;
    char key[64];
    make_key(&p, key, sizeof key);
    if (strlen(key) + 1 > outlen)
        return TC_EINVAL;
    memcpy(out, key, strlen(key) + 1);
    return TC_OK;
}

int tc_standard_covers(const tc_standard *spans, size_t n, size_t start, size_t end)
{
    for (size_t i = 0; i < n; i++) {
        if (spans[i].start > start)
            break;
        if (end <= spans[i].end)
            return 1;
    }
    return 0;
}
