/* text.c: normalisation and tokenisation of Vietnamese text (see text.h). */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* A compound may hold at most this many pieces and bytes; longer runs of
 * slash-joined text (paths, URLs) are only indexed piece by piece. */
#define TC_COMPOUND_MAX_PIECES 8
#define TC_COMPOUND_MAX_BYTES 96
/* A single token longer than this (in UTF-16 units) is not a word anyone
 * searches for (base64, runs of dashes); it is skipped. */
#define TC_TOKEN_MAX_UNITS 64

/* Code points covered by the fast path: two ranges folded into one table. */
#define TC_FAST_LOW 0x0250
#define TC_FAST_SPAN (TC_FAST_LOW + 0x100)
static inline int fast_index(UChar c)
{
    if (c < TC_FAST_LOW)
        return c;
    if (c >= 0x1E00 && c < 0x1F00)
        return TC_FAST_LOW + (c - 0x1E00);
    return -1;
}

struct tc_text {
    const UNormalizer2 *nfc; /* ICU NFC instance (owned by ICU) */
    const UNormalizer2 *nfd; /* ICU NFD instance (owned by ICU) */
    UBreakIterator *brk;     /* word-break iterator, reused per text */
    UChar *u16;              /* decoded text */
    uint32_t *map;           /* u16 index -> byte offset in the original */
    size_t u16_cap;          /* capacity of u16 and map (units) */
    UChar *s1, *s2;          /* per-token scratch */
    int32_t s_cap;           /* capacity of s1, s2 (units) */
    tc_buf term, folded;     /* current piece */
    tc_buf cterm, cfolded;   /* current compound */
    /* Fast path for precomposed Latin letters (U+0000..U+024F and
     * U+1E00..U+1EFF), filled from ICU once per handle: most Vietnamese
     * tokens need no normaliser call at all. */
    UChar fast_lower[TC_FAST_SPAN];        /* lower case of each code point */
    char fast_base[TC_FAST_SPAN];          /* ASCII base letter (đ -> d), 0 if none */
    unsigned char fast_tone[TC_FAST_SPAN]; /* 1 if it carries a tone mark */
    unsigned char fast_ok[TC_FAST_SPAN];   /* 1 if the fast path handles it */
    char errmsg[200];                      /* detail of the last error */
};

/* ---- UTF-8 ------------------------------------------------------------- */

void tc_utf8_copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, s, n);
    dst[n] = 0;
}

size_t tc_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need;
}

uint32_t tc_utf8_at(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp = 0;
    size_t l = i < n ? tc_utf8_decode(s + i, n - i, &cp) : 0;
    if (len)
        *len = l;
    return l ? cp : 0;
}

size_t tc_utf8_prev(const char *s, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    return j;
}

size_t tc_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int tc_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == 0)
            return 0;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = tc_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1)
            return 0;
        i += k;
    }
    return 1;
}

/* ---- handle ------------------------------------------------------------ */

/* Fills the fast-path tables from ICU: for each covered code point, its
 * lower case, its NFD base letter and whether the NFD holds a tone mark.
 * Letters whose NFD is not one ASCII letter plus marks, and anything that is
 * not a letter or digit, stay on the ICU path. */
static int is_tone_mark(UChar c);
static int is_mark(UChar32 c);
static void fast_tables(tc_text *t)
{
    for (int i = 0; i < TC_FAST_SPAN; i++) {
        UChar c = (UChar)(i < TC_FAST_LOW ? i : 0x1E00 + (i - TC_FAST_LOW));
        t->fast_lower[i] = c;
        t->fast_base[i] = 0;
        t->fast_tone[i] = 0;
        t->fast_ok[i] = 0;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                t->fast_base[i] = (char)c;
                t->fast_ok[i] = 1;
            } else if (c >= 'A' && c <= 'Z') {
                t->fast_lower[i] = (UChar)(c + 32);
                t->fast_base[i] = (char)(c + 32);
                t->fast_ok[i] = 1;
            }
            continue;
        }
        if (!u_isalpha(c))
            continue;
        UChar lower = (UChar)u_tolower(c), nfd[8];
        UErrorCode err = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(t->nfd, &lower, 1, nfd, 8, &err);
        if (U_FAILURE(err) || n < 1)
            continue;
        char base = 0;
        if (nfd[0] >= 'a' && nfd[0] <= 'z')
            base = (char)nfd[0];
        else if (nfd[0] == 0x0111)
            base = 'd';
        int marks_ok = 1, tone = 0;
        for (int32_t k = 1; k < n; k++) {
            if (!is_mark(nfd[k]))
                marks_ok = 0;
            if (is_tone_mark(nfd[k]))
                tone = 1;
        }
        /* The lower-case form must itself be a composed single unit. */
        if (!base || !marks_ok || U16_IS_SURROGATE(lower))
            continue;
        t->fast_lower[i] = lower;
        t->fast_base[i] = base;
        t->fast_tone[i] = (unsigned char)tone;
        t->fast_ok[i] = 1;
    }
}

tc_rc tc_text_open(tc_text **out)
{
    *out = NULL;
    tc_text *t = calloc(1, sizeof *t);
    if (!t)
        return TC_ENOMEM;
    UErrorCode err = U_ZERO_ERROR;
    t->nfc = unorm2_getNFCInstance(&err);
    t->nfd = unorm2_getNFDInstance(&err);
    t->brk = ubrk_open(UBRK_WORD, "vi", NULL, 0, &err);
    if (U_FAILURE(err)) {
        if (t->brk)
            ubrk_close(t->brk);
        free(t);
        return TC_EICU;
    }
    tc_buf_init(&t->term, 4096);
    tc_buf_init(&t->folded, 4096);
    tc_buf_init(&t->cterm, 4096);
    tc_buf_init(&t->cfolded, 4096);
    fast_tables(t);
    *out = t;
    return TC_OK;
}

void tc_text_close(tc_text *t)
{
    if (!t)
        return;
    if (t->brk)
        ubrk_close(t->brk);
    free(t->u16);
    free(t->map);
    free(t->s1);
    free(t->s2);
    tc_buf_free(&t->term);
    tc_buf_free(&t->folded);
    tc_buf_free(&t->cterm);
    tc_buf_free(&t->cfolded);
    free(t);
}

const char *tc_text_errmsg(const tc_text *t)
{
    return t ? t->errmsg : "";
}

static tc_rc text_icu_error(tc_text *t, const char *what, UErrorCode err)
{
    snprintf(t->errmsg, sizeof t->errmsg, "%s: %s", what, u_errorName(err));
    return TC_EICU;
}

/* Decodes UTF-8 into t->u16 with the offset map; returns the unit count
 * through *n16.  A leading BOM is skipped.  Invalid bytes become U+FFFD. */
static tc_rc text_decode(tc_text *t, const char *s, size_t n, int32_t *n16, tc_warn_fn warn,
                         void *wctx)
{
    if (n > (size_t)INT32_MAX / 2 - 4)
        return TC_ENOMEM;
    if (n + 2 > t->u16_cap) {
        size_t cap = n + 2 + n / 4;
        UChar *u = realloc(t->u16, cap * sizeof *u);
        if (!u)
            return TC_ENOMEM;
        t->u16 = u;
        uint32_t *m = realloc(t->map, cap * sizeof *m);
        if (!m)
            return TC_ENOMEM;
        t->map = m;
        t->u16_cap = cap;
    }
    size_t i = 0;
    int32_t k = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            t->map[k] = (uint32_t)i;
            t->u16[k++] = c ? c : 0xFFFD;
            if (!c && warn)
                warn(wctx, i, "NUL byte");
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = tc_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && len == 1 && warn)
            warn(wctx, i, "invalid UTF-8 byte replaced by U+FFFD");
        if (cp >= 0x10000) {
            t->map[k] = (uint32_t)i;
            t->u16[k++] = (UChar)(0xD7C0 + (cp >> 10));
            t->map[k] = (uint32_t)i;
            t->u16[k++] = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            t->map[k] = (uint32_t)i;
            t->u16[k++] = (UChar)cp;
        }
        i += len;
    }
    t->map[k] = (uint32_t)n;
    *n16 = k;
    return TC_OK;
}

static tc_rc text_scratch(tc_text *t, int32_t need)
{
    if (need <= t->s_cap)
        return TC_OK;
    int32_t cap = need * 2 + 16;
    UChar *a = realloc(t->s1, (size_t)cap * sizeof *a);
    if (!a)
        return TC_ENOMEM;
    t->s1 = a;
    UChar *b = realloc(t->s2, (size_t)cap * sizeof *b);
    if (!b)
        return TC_ENOMEM;
    t->s2 = b;
    t->s_cap = cap;
    return TC_OK;
}

/* ---- tone placement ---------------------------------------------------- */

static int is_tone_mark(UChar c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

static int is_mark(UChar32 c)
{
    return u_charType(c) == U_NON_SPACING_MARK;
}

/* Characters that carry no meaning inside a word and are dropped from terms. */
static int is_ignorable(UChar32 c)
{
    return c == 0x00AD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF ||
           u_charType(c) == U_OTHER_NUMBER;
}

/* Moves the tone mark of an open "oa", "oe", "uy" syllable (not "quy") from
 * the second vowel to the first, in an NFD run of one word (case kept). */
static void tone_fix_word(UChar *w, int32_t n)
{
    /* Find the last two base letters and what marks follow each. */
    int32_t b2 = -1, b1 = -1, b0 = -1;
    for (int32_t i = 0; i < n; i++) {
        if (!is_mark(w[i])) {
            b0 = b1;
            b1 = b2;
            b2 = i;
        }
    }
    if (b1 < 0)
        return;
    UChar v1 = (UChar)u_tolower(w[b1]), v2 = (UChar)u_tolower(w[b2]);
    int pair = (v1 == 'o' && (v2 == 'a' || v2 == 'e')) || (v1 == 'u' && v2 == 'y');
    if (!pair)
        return;
    if (v1 == 'u' && b0 >= 0 && u_tolower(w[b0]) == 'q')
        return;
    /* The first vowel must be bare; the second may carry only a tone. */
    if (b2 != b1 + 1)
        return;
    if (b2 + 2 != n || !is_tone_mark(w[b2 + 1]))
        return;
    UChar tone = w[b2 + 1];
    w[b2 + 1] = w[b2];
    w[b2] = tone;
}

/* Applies tone_fix_word to every run of letters+marks in an NFD buffer. */
static void tone_fix_runs(UChar *s, int32_t n)
{
    int32_t i = 0;
    while (i < n) {
        if (!u_isalpha(s[i])) {
            i++;
            continue;
        }
        int32_t j = i + 1;
        while (j < n && (u_isalpha(s[j]) || is_mark(s[j])))
            j++;
        tone_fix_word(s + i, j - i);
        i = j;
    }
}

/* ---- UTF-16 -> UTF-8 helpers -------------------------------------------- */

static tc_rc put_u16(tc_buf *b, const UChar *s, int32_t n)
{
    tc_rc rc = tc_buf_reserve(b, (size_t)n * 3);
    if (rc)
        return rc;
    for (int32_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (U16_IS_LEAD(c) && i + 1 < n && U16_IS_TRAIL(s[i + 1])) {
            c = U16_GET_SUPPLEMENTARY(c, s[i + 1]);
            i++;
        } else if (U16_IS_SURROGATE(c)) {
            c = 0xFFFD;
        }
        rc = tc_buf_reserve(b, 4);
        if (rc)
            return rc;
        b->len += tc_utf8_encode(c, b->data + b->len);
    }
    if (b->data)
        b->data[b->len] = 0;
    return TC_OK;
}

/* Folded form of an NFD lower-case buffer: marks dropped, đ -> d. */
static tc_rc put_folded(tc_buf *b, const UChar *s, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[i];
        if (is_mark(c) || is_ignorable(c))
            continue;
        if (c == 0x0111 || c == 0x0110)
            c = 'd';
        tc_rc rc = put_u16(b, &c, 1);
        if (rc)
            return rc;
    }
    return TC_OK;
}

/* The fast path of text_piece(): every unit is a precomposed letter or digit
 * from the tables, and the syllable is not an "oa"/"oe"/"uy" whose tone
 * might need moving.  Returns 0 (nothing written) when it does not apply. */
static int text_piece_fast(tc_text *t, const UChar *u, int32_t n, unsigned *flags)
{
    int idx[TC_TOKEN_MAX_UNITS];
    if (n > TC_TOKEN_MAX_UNITS)
        return 0;
    for (int32_t i = 0; i < n; i++) {
        idx[i] = fast_index(u[i]);
        if (idx[i] < 0 || !t->fast_ok[idx[i]])
            return 0;
    }
    if (n >= 2) {
        char b1 = t->fast_base[idx[n - 2]], b2 = t->fast_base[idx[n - 1]];
        if (((b1 == 'o' && (b2 == 'a' || b2 == 'e')) || (b1 == 'u' && b2 == 'y')) &&
            t->fast_tone[idx[n - 1]])
            return 0;
    }
    if (tc_buf_reserve(&t->term, (size_t)n * 3) || tc_buf_reserve(&t->folded, (size_t)n))
        return 0;
    for (int32_t i = 0; i < n; i++) {
        UChar lc = t->fast_lower[idx[i]];
        if (lc < 0x80) {
            t->term.data[t->term.len++] = (char)lc;
        } else if (lc < 0x800) {
            t->term.data[t->term.len++] = (char)(0xC0 | (lc >> 6));
            t->term.data[t->term.len++] = (char)(0x80 | (lc & 0x3F));
        } else {
            t->term.data[t->term.len++] = (char)(0xE0 | (lc >> 12));
            t->term.data[t->term.len++] = (char)(0x80 | ((lc >> 6) & 0x3F));
            t->term.data[t->term.len++] = (char)(0x80 | (lc & 0x3F));
        }
        t->folded.data[t->folded.len++] = t->fast_base[idx[i]];
    }
    t->term.data[t->term.len] = 0;
    t->folded.data[t->folded.len] = 0;
    if (t->term.len != t->folded.len || memcmp(t->term.data, t->folded.data, t->term.len) != 0)
        *flags |= TC_TOK_ACCENTED;
    return 1;
}

/* Canonical term and folded form of u16[s..e) into t->term / t->folded,
 * before the i/y folding.  Sets *flags (TC_TOK_CAPS, NUMERIC, ACCENTED). */
static tc_rc text_piece_base(tc_text *t, const UChar *u, int32_t n, unsigned *flags)
{
    tc_buf_reset(&t->term);
    tc_buf_reset(&t->folded);
    unsigned f = 0;
    int letters = 0, lower = 0, ascii = 1;
    for (int32_t i = 0; i < n; i++) {
        UChar c = u[i];
        if (c >= 0x80)
            ascii = 0;
        if (c >= '0' && c <= '9')
            f |= TC_TOK_NUMERIC;
        else if (u_isalpha(c)) {
            letters++;
            if (u_islower(c))
                lower++;
        }
    }
    if (letters >= 2 && lower == 0)
        f |= TC_TOK_CAPS;
    if (ascii) {
        tc_rc rc = tc_buf_reserve(&t->term, (size_t)n);
        if (rc)
            return rc;
        for (int32_t i = 0; i < n; i++) {
            char c = (char)u[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            t->term.data[t->term.len++] = c;
        }
        t->term.data[t->term.len] = 0;
        rc = tc_buf_append(&t->folded, t->term.data, t->term.len);
        *flags = f;
        return rc;
    }
    if (text_piece_fast(t, u, n, &f)) {
        *flags = f;
        return TC_OK;
    }
    tc_rc rc = text_scratch(t, n * 4 + 8);
    if (rc)
        return rc;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n1 = u_strToLower(t->s1, t->s_cap, u, n, "", &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "lower-case", err);
    int32_t n2 = unorm2_normalize(t->nfd, t->s1, n1, t->s2, t->s_cap, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "NFD", err);
    /* Drop ignorables, then fix the tone placement. */
    int32_t k = 0;
    for (int32_t i = 0; i < n2; i++)
        if (!is_ignorable(t->s2[i]))
            t->s2[k++] = t->s2[i];
    n2 = k;
    tone_fix_runs(t->s2, n2);
    rc = put_folded(&t->folded, t->s2, n2);
    if (rc)
        return rc;
    n1 = unorm2_normalize(t->nfc, t->s2, n2, t->s1, t->s_cap, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "NFC", err);
    rc = put_u16(&t->term, t->s1, n1);
    if (rc)
        return rc;
    if (t->term.len != t->folded.len || memcmp(t->term.data, t->folded.data, t->term.len) != 0)
        f |= TC_TOK_ACCENTED;
    *flags = f;
    return TC_OK;
}

/* ---- i/y spelling -------------------------------------------------------- */

/* The syllables written with a final i or y after h, k, l, m, s, t or qu
 * ("kĩ"/"kỹ", "lí"/"lý", "mĩ"/"mỹ", "sĩ"/"sỹ", "tỉ"/"tỷ", "qui"/"quy") are one
 * word spelt two ways (DOMAIN.md); both become the y spelling, the one the
 * government's templates use.  Other consonants are left alone: after v, th,
 * n... a final y is a name ("Vy", "Thy"), not a variant of i. */
static const char *const iy_i[6] = {"i",        "\xc3\xac",    "\xc3\xad", "\xe1\xbb\x89",
                                    "\xc4\xa9", "\xe1\xbb\x8b"}; /* i ì í ỉ ĩ ị */
static const char *const iy_y[6] = {
    "y",           "\xe1\xbb\xb3", "\xc3\xbd", "\xe1\xbb\xb7", "\xe1\xbb\xb9",
    "\xe1\xbb\xb5"}; /* y ỳ ý ỷ ỹ ỵ */

/* The length of the onset of s (1 for h k l m s t, 2 for qu), 0 if another. */
static size_t iy_onset(const char *s, size_t n)
{
    if (n >= 2 && s[0] == 'q' && s[1] == 'u')
        return 2;
    return n >= 1 && s[0] && strchr("hklmst", s[0]) ? 1 : 0;
}

/* Rewrites buf (a lower-case term or folded form) from the i to the y
 * spelling when it is such a syllable. */
static void iy_fold(tc_buf *b)
{
    size_t on = iy_onset(b->data, b->len);
    if (!on)
        return;
    for (int k = 0; k < 6; k++) {
        size_t vl = strlen(iy_i[k]);
        if (b->len == on + vl && memcmp(b->data + on, iy_i[k], vl) == 0) {
            size_t yl = strlen(iy_y[k]);
            if (tc_buf_reserve(b, 4))
                return; /* no room: the i spelling stays, which still matches itself */
            memcpy(b->data + on, iy_y[k], yl);
            b->len = on + yl;
            b->data[b->len] = 0;
            return;
        }
    }
}

static tc_rc text_piece(tc_text *t, const UChar *u, int32_t n, unsigned *flags)
{
    tc_rc rc = text_piece_base(t, u, n, flags);
    if (!rc && t->term.len <= 6) {
        iy_fold(&t->term);
        iy_fold(&t->folded);
    }
    return rc;
}

/* ---- tokeniser ---------------------------------------------------------- */

static int is_joiner(UChar c)
{
    return c == '/' || c == '-' || c == '&' || c == '.' || c == ':' || c == '\'' || c == '_' ||
           c == 0x2019;
}

typedef struct tok_state {
    tc_text *t;
    const char *text; /* original bytes */
    tc_token_fn cb;   /* caller's callback */
    void *ctx;        /* its context */
    uint32_t pos;     /* next position */
    int stop;         /* the callback asked to stop */
    /* the current chain of joined pieces */
    int32_t chain_end;     /* u16 index one past the last piece, -1 if none */
    int chain_pieces;      /* pieces in the chain */
    uint32_t chain_pos;    /* position of the first piece */
    size_t chain_start;    /* byte offset of the first piece */
    size_t chain_byte_end; /* byte offset one past the last piece */
    unsigned chain_flags;  /* OR of NUMERIC, AND of CAPS */
    int chain_ok;          /* 0 once the compound grew too long */
} tok_state;

static void chain_flush(tok_state *st)
{
    tc_text *t = st->t;
    if (st->chain_pieces >= 2 && st->chain_ok && !st->stop) {
        tc_token tok = {t->cterm.data,   t->cterm.len,
                        t->cfolded.data, t->cfolded.len,
                        st->chain_start, st->chain_byte_end,
                        st->chain_pos,   st->chain_flags | TC_TOK_COLOCATED};
        if (t->cterm.len != t->cfolded.len ||
            memcmp(t->cterm.data, t->cfolded.data, t->cterm.len) != 0)
            tok.flags |= TC_TOK_ACCENTED;
        if (st->cb(st->ctx, &tok))
            st->stop = 1;
    }
    st->chain_pieces = 0;
    st->chain_end = -1;
    tc_buf_reset(&t->cterm);
    tc_buf_reset(&t->cfolded);
}

/* Emits one piece u16[s..e) and extends or restarts the compound chain. */
static tc_rc emit_piece(tok_state *st, int32_t s, int32_t e)
{
    tc_text *t = st->t;
    if (e - s > TC_TOKEN_MAX_UNITS) {
        chain_flush(st);
        return TC_OK;
    }
    unsigned flags = 0;
    tc_rc rc = text_piece(t, t->u16 + s, e - s, &flags);
    if (rc)
        return rc;
    if (t->term.len == 0)
        return TC_OK;
    int joined = st->chain_end >= 0 && s == st->chain_end + 1 && is_joiner(t->u16[st->chain_end]);
    if (!joined)
        chain_flush(st);
    size_t bstart = t->map[s], bend = t->map[e];
    if (st->chain_pieces == 0) {
        st->chain_pos = st->pos;
        st->chain_start = bstart;
        st->chain_flags = flags & (TC_TOK_NUMERIC | TC_TOK_CAPS);
        st->chain_ok = 1;
    } else {
        char j = t->u16[st->chain_end] == 0x2019 ? '\'' : (char)t->u16[st->chain_end];
        if ((rc = tc_buf_putc(&t->cterm, j)) || (rc = tc_buf_putc(&t->cfolded, j)))
            return rc;
        st->chain_flags |= flags & TC_TOK_NUMERIC;
        if (!(flags & TC_TOK_CAPS))
            st->chain_flags &= ~TC_TOK_CAPS;
    }
    if ((rc = tc_buf_append(&t->cterm, t->term.data, t->term.len)) ||
        (rc = tc_buf_append(&t->cfolded, t->folded.data, t->folded.len)))
        return rc;
    st->chain_pieces++;
    if (st->chain_pieces > TC_COMPOUND_MAX_PIECES || t->cterm.len > TC_COMPOUND_MAX_BYTES)
        st->chain_ok = 0;
    st->chain_end = e;
    st->chain_byte_end = bend;

    tc_token tok = {t->term.data, t->term.len, t->folded.data, t->folded.len,
                    bstart,       bend,        st->pos++,      flags};
    if (st->cb(st->ctx, &tok))
        st->stop = 1;
    return TC_OK;
}

/* Splits an ICU word at inner '.', ':' and apostrophes unless they sit
 * between two digits ("TP.HCM" -> TP, HCM; "1.500.000" stays whole). */
static tc_rc emit_word(tok_state *st, int32_t s, int32_t e)
{
    const UChar *u = st->t->u16;
    int32_t p = s;
    for (int32_t i = s + 1; i + 1 < e; i++) {
        UChar c = u[i];
        if ((c == '.' || c == ':' || c == '\'' || c == 0x2019) &&
            !(u_isdigit(u[i - 1]) && u_isdigit(u[i + 1]))) {
            tc_rc rc = emit_piece(st, p, i);
            if (rc || st->stop)
                return rc;
            p = i + 1;
        }
    }
    return emit_piece(st, p, e);
}

tc_rc tc_text_tokenize(tc_text *t, const char *text, size_t len, tc_token_fn cb, void *ctx,
                       tc_warn_fn warn, void *warn_ctx)
{
    int32_t n16 = 0;
    tc_rc rc = text_decode(t, text, len, &n16, warn, warn_ctx);
    if (rc)
        return rc;
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(t->brk, t->u16, n16, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "word break", err);
    tok_state st = {.t = t, .text = text, .cb = cb, .ctx = ctx, .chain_end = -1};
    tc_buf_reset(&t->cterm);
    tc_buf_reset(&t->cfolded);
    int32_t s = ubrk_first(t->brk);
    for (int32_t e = ubrk_next(t->brk); e != UBRK_DONE && !st.stop; s = e, e = ubrk_next(t->brk)) {
        if (ubrk_getRuleStatus(t->brk) < UBRK_WORD_NONE_LIMIT) {
            /* A lone joiner keeps the chain alive; anything else ends it. */
            if (!(e == s + 1 && is_joiner(t->u16[s]) && st.chain_end == s))
                chain_flush(&st);
            continue;
        }
        rc = emit_word(&st, s, e);
        if (rc)
            return rc;
    }
    chain_flush(&st);
    /* Leave the iterator pointing at nothing the caller may free. */
    ubrk_setText(t->brk, NULL, 0, &err);
    return TC_OK;
}

/* ---- whole-string forms ------------------------------------------------- */

tc_rc tc_text_canon(tc_text *t, const char *s, size_t n, tc_buf *out)
{
    int32_t n16 = 0;
    tc_rc rc = text_decode(t, s, n, &n16, NULL, NULL);
    if (rc)
        return rc;
    if ((rc = text_scratch(t, n16 * 4 + 8)))
        return rc;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n1 = u_strToLower(t->s1, t->s_cap, t->u16, n16, "", &err);
    int32_t n2 = unorm2_normalize(t->nfd, t->s1, n1, t->s2, t->s_cap, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "canon", err);
    int32_t k = 0;
    for (int32_t i = 0; i < n2; i++)
        if (!is_ignorable(t->s2[i]) || t->s2[i] < 0x80)
            t->s2[k++] = t->s2[i];
    tone_fix_runs(t->s2, k);
    n1 = unorm2_normalize(t->nfc, t->s2, k, t->s1, t->s_cap, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "canon", err);
    return put_u16(out, t->s1, n1);
}

tc_rc tc_text_fold(tc_text *t, const char *s, size_t n, tc_buf *out)
{
    int32_t n16 = 0;
    tc_rc rc = text_decode(t, s, n, &n16, NULL, NULL);
    if (rc)
        return rc;
    if ((rc = text_scratch(t, n16 * 4 + 8)))
        return rc;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n1 = u_strToLower(t->s1, t->s_cap, t->u16, n16, "", &err);
    int32_t n2 = unorm2_normalize(t->nfd, t->s1, n1, t->s2, t->s_cap, &err);
    if (U_FAILURE(err))
        return text_icu_error(t, "fold", err);
    return put_folded(out, t->s2, n2);
}

static UChar clean_char(UChar c)
{
    if (c == 0x00A0 || c == '\t' || c == 0x3000 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
        c == 0x205F || c == '\v' || c == '\f')
        return ' ';
    if (c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x2032)
        return '\'';
    if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0x2033)
        return '"';
    return c;
}

/* Grows the clean() offset map so that it holds at least `need` entries. */
static tc_rc map_room(uint32_t **map, size_t *cap, size_t need)
{
    if (need <= *cap)
        return TC_OK;
    size_t c = need * 2;
    uint32_t *m = realloc(*map, c * sizeof *m);
    if (!m)
        return TC_ENOMEM;
    *map = m;
    *cap = c;
    return TC_OK;
}

tc_rc tc_text_clean(tc_text *t, const char *s, size_t n, tc_buf *out, uint32_t **out_map)
{
    *out_map = NULL;
    int32_t n16 = 0;
    tc_rc rc = text_decode(t, s, n, &n16, NULL, NULL);
    if (rc)
        return rc;
    size_t base = out->len;
    size_t map_cap = (size_t)n16 * 3 + 1;
    uint32_t *map = malloc(map_cap * sizeof *map);
    if (!map)
        return TC_ENOMEM;
    int32_t i = 0;
    while (i < n16 && !rc) {
        UChar c = t->u16[i];
        if (!(u_isalpha(c) || is_mark(c))) {
            /* Outside words: one character at a time. */
            int32_t len = U16_IS_LEAD(c) && i + 1 < n16 ? 2 : 1;
            if (c == 0x00AD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) {
                i += len;
                continue;
            }
            UChar cc = clean_char(c);
            if ((rc = map_room(&map, &map_cap, out->len - base + 8)))
                break;
            size_t before = out->len;
            rc = put_u16(out, len == 2 ? t->u16 + i : &cc, len);
            for (size_t b = before; b < out->len && !rc; b++)
                map[b - base] = t->map[i];
            i += len;
            continue;
        }
        /* A word: NFD, fix the tone, NFC; starters map 1:1 to the source. */
        int32_t j = i + 1;
        while (j < n16 && (u_isalpha(t->u16[j]) || is_mark(t->u16[j]) || t->u16[j] == 0x00AD ||
                           (t->u16[j] >= 0x200B && t->u16[j] <= 0x200D)))
            j++;
        if ((rc = text_scratch(t, (j - i) * 4 + 8)))
            break;
        UErrorCode err = U_ZERO_ERROR;
        int32_t k = 0;
        for (int32_t x = i; x < j; x++)
            if (!is_ignorable(t->u16[x]))
                t->s1[k++] = t->u16[x];
        int32_t n2 = unorm2_normalize(t->nfd, t->s1, k, t->s2, t->s_cap, &err);
        if (U_FAILURE(err)) {
            rc = text_icu_error(t, "clean", err);
            break;
        }
        tone_fix_word(t->s2, n2);
        int32_t n1 = unorm2_normalize(t->nfc, t->s2, n2, t->s1, t->s_cap, &err);
        if (U_FAILURE(err)) {
            rc = text_icu_error(t, "clean", err);
            break;
        }
        int32_t src = i;
        for (int32_t x = 0; x < n1 && !rc; x++) {
            if (!is_mark(t->s1[x]) && x > 0) {
                /* advance src to the next starter in the source */
                src++;
                while (src < j && (is_mark(t->u16[src]) || is_ignorable(t->u16[src])))
                    src++;
                if (src >= j)
                    src = j - 1;
            }
            if ((rc = map_room(&map, &map_cap, out->len - base + 8)))
                break;
            size_t before = out->len;
            rc = put_u16(out, t->s1 + x, 1);
            for (size_t b = before; b < out->len && !rc; b++)
                map[b - base] = t->map[src];
        }
        i = j;
    }
    if (rc) {
        free(map);
        return rc;
    }
    if ((rc = map_room(&map, &map_cap, out->len - base + 1))) {
        free(map);
        return rc;
    }
    map[out->len - base] = (uint32_t)n;
    *out_map = map;
    return TC_OK;
}
