/*
 * places.c: province and district mentions (see places.h).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it works.  The text becomes a word stream (tc_wstream, agency.h).
 * At each word the scan tries, in order: an administrative prefix and the
 * name after it; a short name the document defined; a bare province name.
 * Candidate names are one to four words on one line, tried longest first
 * against the gazetteer, which already knows every spelling of a name.
 */
#include "places.h"

#include "agency.h"

#include <stdlib.h>
#include <string.h>

/* "Bà Rịa - Vũng Tàu" and "Phan Rang - Tháp Chàm" are four words. */
#define PL_MAX_NAME_WORDS 4
/* Short names a document defines; reports define one or two. */
#define PL_MAX_ABBR 8

enum pl_prefix { PL_NONE = 0, PL_TINH, PL_THANH_PHO, PL_HUYEN, PL_QUAN, PL_THI_XA };

/* A short name defined in the current document. */
typedef struct pl_abbr {
    char abbr[16];           /* as written, "QN" */
    const tc_province *prov; /* what it stands for */
} pl_abbr;

struct tc_places {
    tc_text *t;                /* normaliser, not owned */
    const tc_gazetteer *g;     /* names, not owned */
    tc_wstream ws;             /* word stream of the current text */
    tc_buf tmp;                /* scratch */
    pl_abbr abbr[PL_MAX_ABBR]; /* short names defined so far in this text */
    size_t n_abbr;             /* entries in abbr */
    const tc_district *last_d; /* the last district reported in this text */
    size_t last_end;           /* the token after it */
};

/* Bare names that mostly mean something else: "Hồ Chí Minh" is the
 * president in "tư tưởng Hồ Chí Minh" and "Đoàn TNCS HCM"; the city needs
 * its prefix ("TP.HCM", "thành phố Hồ Chí Minh"). */
static const char *const pl_prefix_only[] = {"hochiminh", "hcm"};

tc_rc tc_places_open(tc_text *t, const tc_gazetteer *g, tc_places **out)
{
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    if (!t || !g)
        return TC_EINVAL;
    tc_places *p = calloc(1, sizeof *p);
    if (!p)
        return TC_ENOMEM;
    p->t = t;
    p->g = g;
    tc_wstream_init(&p->ws, t);
    tc_buf_init(&p->tmp, 0);
    *out = p;
    return TC_OK;
}

void tc_places_close(tc_places *p)
{
    if (!p)
        return;
    tc_wstream_free(&p->ws);
    tc_buf_free(&p->tmp);
    free(p);
}

static void pl_copy(char *dst, size_t cap, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, s, n);
    dst[n] = 0;
}

/* The prefix at token i, and the first token after it (*k). */
static enum pl_prefix pl_prefix_at(const tc_wstream *w, size_t i, size_t *k)
{
    if (!(w->tok[i].flags & TC_WT_WORD))
        return PL_NONE;
    *k = i + 1;
    if (tc_wtok_word(w, i, "tinh", "tỉnh"))
        return PL_TINH;
    if (tc_wtok_word(w, i, "huyen", "huyện"))
        return PL_HUYEN;
    if (tc_wtok_word(w, i, "quan", "quận"))
        return PL_QUAN;
    if (tc_wtok_word(w, i, "thanh", "thành") && tc_wtok_word(w, i + 1, "pho", "phố")) {
        *k = i + 2;
        return PL_THANH_PHO;
    }
    if (tc_wtok_word(w, i, "thi", "thị") && tc_wtok_word(w, i + 1, "xa", "xã")) {
        *k = i + 2;
        return PL_THI_XA;
    }
    if (tc_wtok_is(w, i, "tp") || (tc_wtok_is(w, i, "tx") && (w->tok[i].flags & TC_WT_CAPS))) {
        int tx = tc_wtok_is(w, i, "tx");
        if (tc_wtok_is(w, i + 1, "."))
            *k = i + 2;
        return tx ? PL_THI_XA : PL_THANH_PHO;
    }
    return PL_NONE;
}

/* 1 when tokens [k, k+n) are words on one line (the first may start one). */
static int pl_words(const tc_wstream *w, size_t k, size_t n)
{
    if (k + n > w->n)
        return 0;
    for (size_t j = k; j < k + n; j++)
        if (!(w->tok[j].flags & TC_WT_WORD) || (j > k && (w->tok[j].flags & TC_WT_NL)))
            return 0;
    return 1;
}

/* 1 when every word of [k, k+n) starts with a capital (a proper noun). */
static int pl_proper(const tc_wstream *w, size_t k, size_t n)
{
    for (size_t j = k; j < k + n; j++)
        if (!(w->tok[j].flags & (TC_WT_UPPER1 | TC_WT_CAPS)))
            return 0;
    return 1;
}

/* Appends the letters and digits of the lower-case forms of [k, k+n). */
static tc_rc pl_letters_written(const tc_wstream *w, size_t k, size_t n, tc_buf *out)
{
    tc_rc rc = TC_OK;
    for (size_t j = k; j < k + n && !rc; j++)
        rc = tc_buf_append(out, tc_wtok_lower(w, j), w->tok[j].ll);
    return rc;
}

/* A bare name written with diacritics must carry the name's own: "Hà Nam"
 * and "Hạ Nam" fold alike.  Compares the written letters with the
 * province's name (or its end: "Thừa Thiên Huế" for "Huế"). */
static int pl_accents_ok(tc_places *pl, const tc_wstream *w, size_t k, size_t n,
                         const tc_province *p)
{
    int accented = 0;
    for (size_t j = k; j < k + n; j++)
        if (w->tok[j].flags & TC_WT_ACCENT)
            accented = 1;
    if (!accented)
        return 1;
    tc_buf_reset(&pl->tmp);
    if (pl_letters_written(w, k, n, &pl->tmp) != TC_OK)
        return 1;
    size_t wl = pl->tmp.len;
    /* The name in lower case, through the same word stream rules. */
    tc_wstream name;
    tc_wstream_init(&name, pl->t);
    int ok = 1;
    if (tc_wstream_build(&name, p->name, strlen(p->name)) == TC_OK) {
        size_t nl0 = pl->tmp.len;
        tc_rc rc = TC_OK;
        for (size_t j = 0; j < name.n; j++)
            if (name.tok[j].flags & TC_WT_WORD)
                tc_buf_append_rc(&rc, &pl->tmp, tc_wtok_lower(&name, j), name.tok[j].ll);
        size_t nl = pl->tmp.len - nl0;
        if (rc) /* too long to compare: not the name as written */
            nl = wl + 1;
        const char *wr = pl->tmp.data, *nm = pl->tmp.data + nl0;
        ok = nl <= wl && memcmp(wr + wl - nl, nm, nl) == 0;
    }
    tc_wstream_free(&name);
    return ok;
}

/* A province named by [k, k+n), longest first, or NULL.  bare: no prefix
 * (proper-noun spelling and accents are checked).  city: the prefix was
 * "thành phố"/"TP", so only centrally-run cities count. */
static const tc_province *pl_province_at(tc_places *pl, size_t k, int bare, int city, size_t *end)
{
    const tc_wstream *w = &pl->ws;
    for (size_t n = PL_MAX_NAME_WORDS; n >= 1; n--) {
        if (!pl_words(w, k, n) || (bare && !pl_proper(w, k, n)))
            continue;
        size_t cs = w->tok[k].cs, ce = w->tok[k + n - 1].ce;
        const tc_province *p = tc_gazetteer_province(pl->g, pl->t, w->v->clean + cs, ce - cs);
        if (!p)
            continue;
        if (city && strncmp(p->full_name, "Thành phố", strlen("Thành phố")) != 0)
            continue;
        if (bare) {
            int skip = 0;
            tc_rc rc = TC_OK;
            tc_buf_reset(&pl->tmp);
            for (size_t j = k; j < k + n; j++)
                tc_buf_append_rc(&rc, &pl->tmp, tc_wtok_fold(w, j), w->tok[j].fl);
            for (size_t q = 0; !rc && q < sizeof pl_prefix_only / sizeof pl_prefix_only[0]; q++)
                if (strcmp(tc_buf_cstr(&pl->tmp), pl_prefix_only[q]) == 0)
                    skip = 1;
            /* A longer proper noun goes on: "Điện Biên Phủ" (the battle). */
            size_t nx = k + n;
            if (nx < w->n && (w->tok[nx].flags & TC_WT_WORD) && !(w->tok[nx].flags & TC_WT_NL) &&
                (w->tok[nx].flags & (TC_WT_UPPER1 | TC_WT_CAPS)))
                skip = 1;
            if (skip || !pl_accents_ok(pl, w, k, n, p))
                continue;
        }
        *end = k + n;
        return p;
    }
    return NULL;
}

/* A district named by the prefix at i and the words from k, or NULL. */
static const tc_district *pl_district_at(tc_places *pl, size_t i, size_t k, const char *in,
                                         size_t *end)
{
    const tc_wstream *w = &pl->ws;
    for (size_t n = PL_MAX_NAME_WORDS; n >= 1; n--) {
        if (!pl_words(w, k, n) || (w->tok[k].flags & TC_WT_NL))
            continue;
        /* Names are proper nouns ("Hương sơn" happens; "Quận 1" is a number). */
        const char *f = tc_wtok_fold(w, k);
        if (!(w->tok[k].flags & (TC_WT_UPPER1 | TC_WT_CAPS)) && !(f[0] >= '0' && f[0] <= '9'))
            continue;
        size_t cs = w->tok[i].cs, ce = w->tok[k + n - 1].ce;
        const tc_district *d = tc_gazetteer_district(pl->g, pl->t, w->v->clean + cs, ce - cs, in);
        if (d) {
            *end = k + n;
            return d;
        }
    }
    return NULL;
}

static int pl_emit(tc_places *pl, size_t i, size_t e, const tc_province *p, const tc_district *d,
                   const char *doc, tc_place_fn cb, void *ctx)
{
    const tc_wstream *w = &pl->ws;
    tc_place m;
    memset(&m, 0, sizeof m);
    if (d) {
        pl->last_d = d;
        pl->last_end = e;
        p = d->province;
        pl_copy(m.district_code, sizeof m.district_code, d->code);
        pl_copy(m.district, sizeof m.district, d->name);
    }
    if (p && p->era == 2024) {
        pl_copy(m.province_code, sizeof m.province_code, p->code);
        pl_copy(m.province, sizeof m.province, p->name);
        pl_copy(m.province2025_code, sizeof m.province2025_code, p->new_code);
        pl_copy(m.province2025, sizeof m.province2025, p->new_name);
    } else if (p) {
        pl_copy(m.province2025_code, sizeof m.province2025_code, p->code);
        pl_copy(m.province2025, sizeof m.province2025, p->name);
    }
    m.own = doc && m.province_code[0] && strcmp(doc, m.province_code) == 0;
    tc_wstream_copy(w, w->tok[i].cs, w->tok[e - 1].ce, m.text, sizeof m.text);
    m.start = tc_wstream_orig(w, w->tok[i].cs);
    m.end = tc_wstream_orig(w, w->tok[e - 1].ce);
    return cb(ctx, &m);
}

/* After a province named up to token e: "(QN)", "(gọi tắt là QN)",
 * "(sau đây gọi tắt là QN)", "(viết tắt là QN)" define a short name.
 * Returns the token after the definition, or e. */
static size_t pl_define(tc_places *pl, size_t e, const tc_province *p)
{
    const tc_wstream *w = &pl->ws;
    if (!tc_wtok_is(w, e, "("))
        return e;
    size_t k = e + 1;
    if (tc_wtok_word(w, k, "sau", "sau") && tc_wtok_word(w, k + 1, "day", "đây"))
        k += 2;
    if ((tc_wtok_word(w, k, "goi", "gọi") || tc_wtok_word(w, k, "viet", "viết")) &&
        tc_wtok_word(w, k + 1, "tat", "tắt")) {
        k += 2;
        if (tc_wtok_word(w, k, "la", "là"))
            k++;
    }
    if (k + 1 >= w->n || !(w->tok[k].flags & TC_WT_CAPS) || !tc_wtok_is(w, k + 1, ")"))
        return e;
    size_t n = w->tok[k].ce - w->tok[k].cs;
    if (n >= sizeof pl->abbr[0].abbr || pl->n_abbr >= PL_MAX_ABBR)
        return k + 2;
    pl_abbr *a = &pl->abbr[pl->n_abbr++];
    memcpy(a->abbr, w->v->clean + w->tok[k].cs, n);
    a->abbr[n] = 0;
    a->prov = p;
    return k + 2;
}

/* The province of a defined short name written at token k, or NULL. */
static const tc_province *pl_abbr_at(const tc_places *pl, size_t k)
{
    const tc_wstream *w = &pl->ws;
    if (k >= w->n || !(w->tok[k].flags & TC_WT_CAPS) || !tc_wstream_free_standing(w, k, k + 1))
        return NULL;
    size_t n = w->tok[k].ce - w->tok[k].cs;
    for (size_t q = 0; q < pl->n_abbr; q++)
        if (strlen(pl->abbr[q].abbr) == n &&
            memcmp(pl->abbr[q].abbr, w->v->clean + w->tok[k].cs, n) == 0)
            return pl->abbr[q].prov;
    return NULL;
}

/* A district by its bare name at [k, ...), written as a proper noun, or
 * NULL.  Only used where a list vouches for it (pl_listed). */
static const tc_district *pl_bare_district(tc_places *pl, size_t k, const char *in, size_t *end)
{
    const tc_wstream *w = &pl->ws;
    for (size_t n = PL_MAX_NAME_WORDS; n >= 1; n--) {
        if (!pl_words(w, k, n) || !pl_proper(w, k, n))
            continue;
        size_t cs = w->tok[k].cs, ce = w->tok[k + n - 1].ce;
        const tc_district *d = tc_gazetteer_district(pl->g, pl->t, w->v->clean + cs, ce - cs, in);
        if (d) {
            *end = k + n;
            return d;
        }
    }
    return NULL;
}

/* 1 when tokens [a, b) only separate list items: commas, "và" and counts
 * ("Vân Đồn 02, Cẩm Phả 02"), with at least one comma or "và". */
static int pl_list_gap(const tc_wstream *w, size_t a, size_t b)
{
    int sep = 0;
    if (b <= a || b - a > 4)
        return 0;
    for (size_t j = a; j < b; j++) {
        if (j > a && (w->tok[j].flags & TC_WT_NL))
            return 0;
        const char *f = tc_wtok_fold(w, j);
        if (tc_wtok_is(w, j, ",") || tc_wtok_word(w, j, "va", "và"))
            sep = 1;
        else if (!((w->tok[j].flags & TC_WT_WORD) && f[0] >= '0' && f[0] <= '9'))
            return 0;
    }
    return sep;
}

/* A bare district name at i counts when it stands in a list next to another
 * district of the same province: "(Vân Đồn 02, Cẩm Phả 02, Hạ Long 17)",
 * "các địa phương Vân Đồn, Cô Tô".  One name alone may be a common word;
 * two neighbours in one province are not a coincidence.  last/last_end:
 * the previous district mention and the token after it. */
static const tc_district *pl_listed(tc_places *pl, size_t i, const char *doc,
                                    const tc_district *last, size_t last_end, size_t *end)
{
    const tc_wstream *w = &pl->ws;
    const tc_district *d = pl_bare_district(pl, i, doc, end);
    if (!d)
        return NULL;
    if (last && last->province == d->province && pl_list_gap(w, last_end, i))
        return d;
    for (size_t j = *end + 1; j <= *end + 4 && j < w->n; j++) {
        size_t e2;
        if (!pl_list_gap(w, *end, j))
            continue;
        const tc_district *d2 = pl_bare_district(pl, j, d->province->code, &e2);
        if (d2 && d2->province == d->province)
            return d;
    }
    return NULL;
}

/* A list after a district: ", Cô Tô", " và Cẩm Phả".  Items that are
 * districts of the same province are mentions; a short capitalised item
 * that is not ("Ưng Bí", a typo) is stepped over.  Returns the token after
 * the last item taken. */
static size_t pl_list(tc_places *pl, size_t e, const tc_district *first, const char *doc,
                      tc_place_fn cb, void *ctx, int *stop)
{
    const tc_wstream *w = &pl->ws;
    while (!*stop && e < w->n) {
        if (!tc_wtok_is(w, e, ",") && !tc_wtok_word(w, e, "va", "và"))
            break;
        size_t s = e + 1;
        if (s >= w->n || (w->tok[s].flags & TC_WT_NL))
            break;
        const tc_district *d = NULL;
        size_t end = s;
        for (size_t n = PL_MAX_NAME_WORDS; n >= 1 && !d; n--) {
            if (!pl_words(w, s, n) || !pl_proper(w, s, n))
                continue;
            size_t cs = w->tok[s].cs, ce = w->tok[s + n - 1].ce;
            d = tc_gazetteer_district(pl->g, pl->t, w->v->clean + cs, ce - cs,
                                      first->province->code);
            if (d && d->province != first->province)
                d = NULL;
            end = s + n;
        }
        if (d) {
            if (pl_emit(pl, s, end, NULL, d, doc, cb, ctx))
                *stop = 1;
            e = end;
            continue;
        }
        /* Step over an unknown proper-noun item of at most three words. */
        size_t j = s;
        while (j < w->n && j < s + 4 && (w->tok[j].flags & TC_WT_WORD) &&
               !tc_wtok_word(w, j, "va", "và") && pl_proper(w, j, 1))
            j++;
        if (j == s || j == s + 4 || j >= w->n ||
            !(tc_wtok_is(w, j, ",") || tc_wtok_word(w, j, "va", "và")))
            break;
        e = j;
    }
    return e;
}

tc_rc tc_places_extract(tc_places *pl, const char *text, size_t len, const char *doc_province_code,
                        tc_place_fn cb, void *ctx)
{
    if (!pl || (!text && len) || !cb)
        return TC_EINVAL;
    pl->n_abbr = 0;
    pl->last_d = NULL;
    pl->last_end = 0;
    if (len == 0)
        return TC_OK;
    tc_view v;
    tc_rc rc = tc_view_build(pl->t, text, len, &v);
    if (!rc)
        rc = tc_places_extract_view(pl, &v, doc_province_code, cb, ctx);
    tc_view_free(&v);
    return rc;
}

tc_rc tc_places_extract_view(tc_places *pl, const tc_view *v, const char *doc_province_code,
                             tc_place_fn cb, void *ctx)
{
    if (!pl || !v || !cb)
        return TC_EINVAL;
    pl->n_abbr = 0;
    pl->last_d = NULL;
    pl->last_end = 0;
    if (v->raw_len == 0)
        return TC_OK;
    tc_rc rc = tc_wstream_build_view(&pl->ws, v);
    if (rc)
        return rc;
    const tc_wstream *w = &pl->ws;
    const char *doc = doc_province_code;
    int stop = 0;
    for (size_t i = 0; i < w->n && !stop;) {
        size_t k, e;
        enum pl_prefix pfx = pl_prefix_at(w, i, &k);
        if (pfx != PL_NONE && tc_wtok_is(w, k, ":"))
            k++; /* "các huyện: Can Lộc, Cẩm Xuyên" */
        if (pfx != PL_NONE && k < w->n && !(w->tok[k].flags & TC_WT_NL)) {
            const tc_province *p = NULL;
            const tc_district *d = NULL;
            if (pfx == PL_TINH || pfx == PL_THANH_PHO)
                p = pl_province_at(pl, k, 0, pfx == PL_THANH_PHO, &e);
            if (!p && pfx != PL_TINH)
                d = pl_district_at(pl, i, k, doc, &e);
            if (!p && !d && pfx == PL_TINH && (p = pl_abbr_at(pl, k)) != NULL)
                e = k + 1;
            if (p || d) {
                if (pl_emit(pl, i, e, p, d, doc, cb, ctx))
                    break;
                i = p ? pl_define(pl, e, p) : pl_list(pl, e, d, doc, cb, ctx, &stop);
                continue;
            }
            /* A prefix with no name ("các huyện, thành phố"): go on after it. */
            i = k;
            continue;
        }
        const tc_province *p = pl_abbr_at(pl, i);
        if (p) {
            if (pl_emit(pl, i, i + 1, p, NULL, doc, cb, ctx))
                break;
            i++;
            continue;
        }
        if ((w->tok[i].flags & TC_WT_WORD) && (p = pl_province_at(pl, i, 1, 0, &e)) != NULL) {
            if (pl_emit(pl, i, e, p, NULL, doc, cb, ctx))
                break;
            i = pl_define(pl, e, p);
            continue;
        }
        const tc_district *d;
        if ((w->tok[i].flags & TC_WT_WORD) &&
            (d = pl_listed(pl, i, doc, pl->last_d, pl->last_end, &e)) != NULL) {
            if (pl_emit(pl, i, e, NULL, d, doc, cb, ctx))
                break;
            i = e;
            continue;
        }
        i++;
    }
    return TC_OK;
}
