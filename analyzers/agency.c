/*
 * agency.c: agency mentions (see agency.h).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it works.  The text becomes a word stream (tc_wstream: cleaned, cut
 * into words with lower-case and folded forms).  Every variant of the table
 * is cut the same way when the table loads, and the variants are grouped by
 * their first folded word, longest first.  At each word of the text the
 * group of that word is tried in order and the first variant that matches
 * is the longest one.  Comparing words rather than characters makes
 * spacing, hyphens and line breaks irrelevant, and comparing folded forms
 * first makes a failed try cheap.
 */
#include "agency.h"

#include "../common/data.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Longest province name in words ("Bà Rịa - Vũng Tàu", "Phan Rang - Tháp
 * Chàm" once hyphens are dropped). */
#define AG_MAX_NAME_WORDS 4
/* No agency name in the table has more words than this. */
#define AG_MAX_VARIANT_TOKENS 24

enum ag_level { AG_NONE = 0, AG_CENTRAL, AG_PROVINCE, AG_DISTRICT, AG_COMMUNE };

static const char *const ag_level_names[] = {"none", "central", "province", "district", "commune"};

/* One word of a variant. */
typedef struct ag_vtok {
    char fold[48];  /* folded form */
    char lower[64]; /* lower-case form */
    char exact[48]; /* the written form when it is an abbreviation, else "" */
} ag_vtok;

typedef struct ag_variant {
    int agency;   /* index into agencies, -1 for a mask */
    size_t ntok;  /* words in tok */
    ag_vtok *tok; /* the words */
} ag_variant;

typedef struct ag_agency {
    char key[48];        /* "so_khdt" */
    char tmpl[160];      /* canonical name with {tinh}/{ten} placeholders */
    char plain[160];     /* the template without its placeholders */
    enum ag_level level; /* AG_* */
} ag_agency;

/* The variants whose first folded word is the same, longest first. */
typedef struct ag_group {
    int *ids;   /* indexes into variants */
    size_t n;   /* used */
    size_t cap; /* allocated */
} ag_group;

struct tc_agencies {
    tc_text *t;            /* normaliser, not owned */
    const tc_gazetteer *g; /* provinces, not owned */
    ag_agency *agencies;   /* rows of agencies.tsv */
    size_t n_agencies;     /* count */
    ag_variant *variants;  /* every written form */
    size_t n_variants;     /* count */
    size_t cap_variants;   /* allocated */
    tc_strmap *groups;     /* first folded word -> ag_group * */
    tc_strmap *keys;       /* key -> agency index + 1 */
    tc_wstream ws;         /* word stream of the current text */
    tc_wstream item;       /* scratch stream for variants and list items */
    tc_buf tmp;            /* scratch */
};

/* ---- word stream ---------------------------------------------------------- */

/* What one character contributes to a word. */
typedef struct ws_char {
    char lower[8];       /* lower-case UTF-8 */
    char fold[8];        /* folded form ("" for a combining mark) */
    unsigned char kind;  /* WS_* */
    unsigned char upper; /* 1 for a capital letter */
} ws_char;

enum { WS_SEP = 0, WS_WORD, WS_PUNCT, WS_NL };

void tc_wstream_init(tc_wstream *w, tc_text *t)
{
    memset(w, 0, sizeof *w);
    w->t = t;
    tc_buf_init(&w->lower, 0);
    tc_buf_init(&w->fold, 0);
}

void tc_wstream_free(tc_wstream *w)
{
    if (!w)
        return;
    tc_view_free(&w->own);
    tc_buf_free(&w->lower);
    tc_buf_free(&w->fold);
    free(w->tok);
    tc_strmap_free(w->chars);
    memset(w, 0, sizeof *w);
}

/* Classifies the character s[0..n) (one code point cp), caching the ICU
 * work: a report uses a few hundred distinct characters. */
static tc_rc ws_classify(tc_wstream *w, const char *s, size_t n, uint32_t cp, ws_char *out)
{
    memset(out, 0, sizeof *out);
    if (cp < 0x80) {
        char c = (char)cp;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            out->kind = WS_WORD;
            out->upper = c >= 'A' && c <= 'Z';
            out->lower[0] = out->fold[0] = (char)(out->upper ? c + 32 : c);
        } else if (c == '\n') {
            out->kind = WS_NL;
        } else if (strchr("&,;:()./", c) && c) {
            out->kind = WS_PUNCT;
            out->lower[0] = out->fold[0] = c;
        }
        return TC_OK;
    }
    if (!w->chars) {
        tc_rc rc = tc_strmap_new(free, &w->chars);
        if (rc)
            return rc;
    }
    void *v;
    if (tc_strmap_get(w->chars, s, n, &v)) {
        *out = *(ws_char *)v;
        return TC_OK;
    }
    ws_char *c = calloc(1, sizeof *c);
    if (!c)
        return TC_ENOMEM;
    int8_t type = u_charType((UChar32)cp);
    if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
        /* A mark clean could not compose stays part of its word. */
        c->kind = WS_WORD;
        if (n < sizeof c->lower)
            memcpy(c->lower, s, n);
    } else if (cp != 0xFFFD && (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp))) {
        c->kind = WS_WORD;
        c->upper = u_isupper((UChar32)cp) ? 1 : 0;
        tc_utf8_encode((uint32_t)u_tolower((UChar32)cp), c->lower);
        tc_buf f;
        tc_buf_init(&f, 16);
        if (tc_text_fold(w->t, s, n, &f) == TC_OK && f.len < sizeof c->fold)
            memcpy(c->fold, f.data, f.len);
        else
            memcpy(c->fold, c->lower, sizeof c->fold);
        tc_buf_free(&f);
    }
    /* Everything else (dashes, curly quotes, bullets, superscripts) only
     * separates words. */
    tc_rc rc = tc_strmap_put(w->chars, s, n, c);
    if (rc) {
        free(c);
        return rc;
    }
    *out = *c;
    return TC_OK;
}

static tc_rc ws_push(tc_wstream *w, const tc_wtok *t)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        tc_wtok *p = realloc(w->tok, cap * sizeof *p);
        if (!p)
            return TC_ENOMEM;
        w->tok = p;
        w->cap = cap;
    }
    w->tok[w->n++] = *t;
    return TC_OK;
}

/* Cuts the clean text of v into tokens. */
static tc_rc ws_tokenise(tc_wstream *w, const tc_view *v)
{
    tc_buf_reset(&w->lower);
    tc_buf_reset(&w->fold);
    w->n = 0;
    w->v = v;
    tc_rc rc = TC_OK;
    const char *c = v->clean;
    size_t len = v->len;
    /* offsets are 32-bit; the lower and folded forms may be longer than
     * the text (a letter can lower into more bytes) */
    if (len > UINT32_MAX / 4)
        return TC_ETOOBIG;
    tc_wtok cur;
    int in_word = 0, nl = 0;
    size_t letters = 0, lowers = 0;
    for (size_t i = 0; i <= len && !rc;) {
        uint32_t cp = 0;
        size_t l = i < len ? tc_utf8_decode(c + i, len - i, &cp) : 0;
        ws_char ch = {{0}, {0}, WS_SEP, 0};
        if (i < len && (rc = ws_classify(w, c + i, l, cp, &ch)))
            break;
        if (in_word && (i == len || ch.kind != WS_WORD)) {
            /* Close the word being built. */
            cur.ce = i;
            cur.ll = w->lower.len - cur.lo;
            cur.fl = w->fold.len - cur.fo;
            if (letters >= 2 && lowers == 0)
                cur.flags |= TC_WT_CAPS;
            if (cur.ll != cur.fl ||
                memcmp(w->lower.data + cur.lo, w->fold.data + cur.fo, cur.ll) != 0)
                cur.flags |= TC_WT_ACCENT;
            rc = ws_push(w, &cur);
            in_word = 0;
        }
        if (i == len || rc)
            break;
        if (ch.kind == WS_WORD) {
            if (!in_word) {
                memset(&cur, 0, sizeof cur);
                cur.cs = i;
                cur.lo = w->lower.len;
                cur.fo = w->fold.len;
                cur.flags = TC_WT_WORD | (nl ? TC_WT_NL : 0u) | (ch.upper ? TC_WT_UPPER1 : 0u);
                letters = lowers = 0;
                nl = 0;
                in_word = 1;
            }
            if (u_isalpha((UChar32)cp)) {
                letters++;
                if (!ch.upper)
                    lowers++;
            }
            if (!rc)
                rc = tc_buf_puts(&w->lower, ch.lower);
            if (!rc)
                rc = tc_buf_puts(&w->fold, ch.fold);
        } else if (ch.kind == WS_PUNCT) {
            tc_wtok p;
            memset(&p, 0, sizeof p);
            p.cs = i;
            p.ce = i + l;
            p.lo = w->lower.len;
            p.fo = w->fold.len;
            p.ll = p.fl = 1;
            p.flags = nl ? TC_WT_NL : 0u;
            nl = 0;
            rc = tc_buf_putc(&w->lower, ch.lower[0]);
            if (!rc)
                rc = tc_buf_putc(&w->fold, ch.fold[0]);
            if (!rc)
                rc = ws_push(w, &p);
        } else if (ch.kind == WS_NL) {
            nl = 1;
        }
        i += l;
    }
    return rc;
}

tc_rc tc_wstream_build(tc_wstream *w, const char *s, size_t n)
{
    tc_view_free(&w->own);
    w->v = NULL;
    w->n = 0;
    tc_rc rc = tc_view_build(w->t, s, n, &w->own);
    return rc ? rc : ws_tokenise(w, &w->own);
}

tc_rc tc_wstream_build_view(tc_wstream *w, const tc_view *v)
{
    tc_view_free(&w->own);
    return ws_tokenise(w, v);
}

size_t tc_wstream_orig(const tc_wstream *w, size_t clean_off)
{
    if (!w->v)
        return clean_off;
    return w->v->map[clean_off > w->v->len ? w->v->len : clean_off];
}

int tc_wtok_is(const tc_wstream *w, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i < w->n && w->tok[i].fl == n && memcmp(tc_wtok_fold(w, i), s, n) == 0;
}

int tc_wtok_word(const tc_wstream *w, size_t i, const char *fold, const char *lower)
{
    if (!tc_wtok_is(w, i, fold))
        return 0;
    if (!(w->tok[i].flags & TC_WT_ACCENT))
        return 1;
    size_t n = strlen(lower);
    return w->tok[i].ll == n && memcmp(tc_wtok_lower(w, i), lower, n) == 0;
}

static int ws_is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

int tc_wstream_free_standing(const tc_wstream *w, size_t i, size_t j)
{
    const char *c = w->v->clean;
    size_t len = w->v->len;
    size_t s = w->tok[i].cs, e = w->tok[j - 1].ce;
    if (s > 0 && strchr("-/&", c[s - 1]))
        return 0;
    if (e < len && (c[e] == '/' || c[e] == '&'))
        return 0;
    if (e + 1 < len && c[e] == '-' && ws_is_alnum(c[e + 1]))
        return 0;
    return 1;
}

void tc_wstream_copy(const tc_wstream *w, size_t cs, size_t ce, char *dst, size_t cap)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = cs; i < ce && i < w->v->len; i++) {
        char ch = w->v->clean[i];
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
            space = k > 0;
            continue;
        }
        if (k + 1 + (size_t)space >= cap)
            break;
        if (space)
            dst[k++] = ' ';
        space = 0;
        dst[k++] = ch;
    }
    /* Never end inside a UTF-8 sequence. */
    size_t j = k;
    while (j > 0 && ((unsigned char)dst[j - 1] & 0xC0) == 0x80)
        j--;
    if (j > 0) {
        unsigned char lead = (unsigned char)dst[j - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (k - (j - 1) < need)
            k = j - 1;
    }
    dst[k] = 0;
}

/* ---- table ---------------------------------------------------------------- */

typedef tc_tsv_field ag_field; /* a field of a data row */

static void ag_copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = 0;
}

/* Replaces every `from` in s (NUL-terminated, room cap) by `to`. */
static void ag_replace(char *s, size_t cap, const char *from, const char *to)
{
    char out[512];
    size_t k = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = s; *p && k + 1 < sizeof out;) {
        if (strncmp(p, from, fl) == 0) {
            if (k + tl + 1 >= sizeof out)
                break;
            memcpy(out + k, to, tl);
            k += tl;
            p += fl;
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = 0;
    /* Collapse the double space a dropped placeholder leaves, trim the end. */
    size_t j = 0;
    for (size_t i = 0; i < k; i++)
        if (!(out[i] == ' ' && (j == 0 || out[j - 1] == ' ')))
            out[j++] = out[i];
    while (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = 0;
    ag_copy(s, cap, out, j);
}

static tc_rc ag_group_add(tc_agencies *a, const char *fold, size_t n, int id)
{
    void *v;
    ag_group *g;
    if (tc_strmap_get(a->groups, fold, n, &v)) {
        g = v;
    } else {
        g = calloc(1, sizeof *g);
        if (!g)
            return TC_ENOMEM;
        tc_rc rc = tc_strmap_put(a->groups, fold, n, g);
        if (rc) {
            free(g);
            return rc;
        }
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4;
        int *p = realloc(g->ids, cap * sizeof *p);
        if (!p)
            return TC_ENOMEM;
        g->ids = p;
        g->cap = cap;
    }
    /* Keep longest first; among equals, table order (insert after them). */
    size_t at = g->n;
    while (at > 0 && a->variants[g->ids[at - 1]].ntok < a->variants[id].ntok)
        at--;
    memmove(g->ids + at + 1, g->ids + at, (g->n - at) * sizeof *g->ids);
    g->ids[at] = id;
    g->n++;
    return TC_OK;
}

static void ag_group_free(void *v)
{
    ag_group *g = v;
    if (g)
        free(g->ids);
    free(g);
}

/* Adds the written form s[0..n) of agency `agency` (-1: a mask). */
static tc_rc ag_add_variant(tc_agencies *a, int agency, const char *s, size_t n)
{
    while (n > 0 && s[0] == ' ')
        s++, n--;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0)
        return TC_OK;
    tc_wstream *w = &a->item;
    tc_rc rc = tc_wstream_build(w, s, n);
    if (rc)
        return rc;
    if (w->n == 0 || w->n > AG_MAX_VARIANT_TOKENS || !(w->tok[0].flags & TC_WT_WORD))
        return TC_EDATA;
    if (a->n_variants == a->cap_variants) {
        size_t cap = a->cap_variants ? a->cap_variants * 2 : 256;
        ag_variant *p = realloc(a->variants, cap * sizeof *p);
        if (!p)
            return TC_ENOMEM;
        a->variants = p;
        a->cap_variants = cap;
    }
    ag_variant *v = &a->variants[a->n_variants];
    v->agency = agency;
    v->ntok = w->n;
    v->tok = calloc(w->n, sizeof *v->tok);
    if (!v->tok)
        return TC_ENOMEM;
    for (size_t i = 0; i < w->n; i++) {
        const tc_wtok *t = &w->tok[i];
        if (t->fl >= sizeof v->tok[i].fold || t->ll >= sizeof v->tok[i].lower ||
            t->ce - t->cs >= sizeof v->tok[i].exact) {
            free(v->tok);
            return TC_EDATA;
        }
        ag_copy(v->tok[i].fold, sizeof v->tok[i].fold, tc_wtok_fold(w, i), t->fl);
        ag_copy(v->tok[i].lower, sizeof v->tok[i].lower, tc_wtok_lower(w, i), t->ll);
        if (t->flags & TC_WT_CAPS)
            ag_copy(v->tok[i].exact, sizeof v->tok[i].exact, w->v->clean + t->cs, t->ce - t->cs);
    }
    a->n_variants++;
    return ag_group_add(a, v->tok[0].fold, strlen(v->tok[0].fold), (int)(a->n_variants - 1));
}

static tc_rc ag_load(tc_agencies *a)
{
    size_t len;
    const char *d = tc_data_get("agencies.tsv", &len);
    if (!d)
        return TC_EDATA;
    size_t pos = 0, nf, rows = 0;
    ag_field f[4];
    while (tc_tsv_next_row(d, len, &pos, f, 4))
        rows++;
    a->agencies = calloc(rows ? rows : 1, sizeof *a->agencies);
    if (!a->agencies)
        return TC_ENOMEM;
    pos = 0;
    tc_rc rc = TC_OK;
    while (!rc && (nf = tc_tsv_next_row(d, len, &pos, f, 4)) > 0) {
        if (nf < 3 || f[0].n == 0 || f[0].n >= 48 || f[1].n >= 160)
            return TC_EDATA;
        enum ag_level level = AG_NONE;
        for (int l = 0; l < 5; l++)
            if (f[2].n == strlen(ag_level_names[l]) &&
                memcmp(f[2].s, ag_level_names[l], f[2].n) == 0)
                level = (enum ag_level)l;
        int mask = f[0].n == 1 && f[0].s[0] == '-';
        if (level == AG_NONE && !mask)
            return TC_EDATA;
        int id = -1;
        if (!mask) {
            ag_agency *ag = &a->agencies[a->n_agencies];
            ag_copy(ag->key, sizeof ag->key, f[0].s, f[0].n);
            /* The template is cleaned like the text, so names read the same
             * whichever tone style the table used. */
            tc_buf_reset(&a->tmp);
            uint32_t *map = NULL;
            rc = tc_text_clean(a->t, f[1].s, f[1].n, &a->tmp, &map);
            free(map);
            if (rc)
                return rc;
            ag_copy(ag->tmpl, sizeof ag->tmpl, tc_buf_cstr(&a->tmp), a->tmp.len);
            memcpy(ag->plain, ag->tmpl, sizeof ag->plain);
            /* "{tinh+}": the name needs its province word to be one. */
            ag_replace(ag->plain, sizeof ag->plain, "{tinh+}", "tỉnh");
            ag_replace(ag->plain, sizeof ag->plain, "{tinh}", "");
            ag_replace(ag->plain, sizeof ag->plain, "{ten}", "");
            ag->level = level;
            if (tc_strmap_get(a->keys, ag->key, strlen(ag->key), NULL))
                return TC_EDATA;
            id = (int)a->n_agencies++;
            rc = tc_strmap_put(a->keys, ag->key, strlen(ag->key), (void *)(intptr_t)(id + 1));
            if (!rc)
                rc = ag_add_variant(a, id, ag->plain, strlen(ag->plain));
        }
        if (nf >= 4) {
            const char *s = f[3].s, *end = f[3].s + f[3].n;
            while (!rc && s < end) {
                const char *bar = memchr(s, '|', (size_t)(end - s));
                const char *e = bar ? bar : end;
                rc = ag_add_variant(a, id, s, (size_t)(e - s));
                s = e + 1;
            }
        }
    }
    return rc;
}

tc_rc tc_agencies_open(tc_text *t, const tc_gazetteer *g, tc_agencies **out)
{
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    if (!t || !g)
        return TC_EINVAL;
    tc_agencies *a = calloc(1, sizeof *a);
    if (!a)
        return TC_ENOMEM;
    a->t = t;
    a->g = g;
    tc_wstream_init(&a->ws, t);
    tc_wstream_init(&a->item, t);
    tc_buf_init(&a->tmp, 0);
    tc_rc rc = tc_strmap_new(ag_group_free, &a->groups);
    if (!rc)
        rc = tc_strmap_new(NULL, &a->keys);
    if (!rc)
        rc = ag_load(a);
    if (rc) {
        tc_agencies_close(a);
        return rc;
    }
    *out = a;
    return TC_OK;
}

void tc_agencies_close(tc_agencies *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_variants; i++)
        free(a->variants[i].tok);
    free(a->variants);
    free(a->agencies);
    tc_strmap_free(a->groups);
    tc_strmap_free(a->keys);
    tc_wstream_free(&a->ws);
    tc_wstream_free(&a->item);
    tc_buf_free(&a->tmp);
    free(a);
}

const char *tc_agencies_name(const tc_agencies *a, const char *key, const char **level)
{
    void *v;
    if (!a || !key || !tc_strmap_get(a->keys, key, strlen(key), &v))
        return NULL;
    const ag_agency *ag = &a->agencies[(intptr_t)v - 1];
    if (level)
        *level = ag_level_names[ag->level];
    return ag->plain;
}

/* ---- matching ------------------------------------------------------------- */

/* Does text token i match variant word v?  strict: check abbreviations and
 * diacritics (off for user queries). */
static int ag_tok_eq(const tc_wstream *w, size_t i, const ag_vtok *v, int strict)
{
    const tc_wtok *t = &w->tok[i];
    if (t->fl != strlen(v->fold) || memcmp(tc_wtok_fold(w, i), v->fold, t->fl) != 0)
        return 0;
    if (!strict)
        return 1;
    if (v->exact[0])
        return t->ce - t->cs == strlen(v->exact) &&
               memcmp(w->v->clean + t->cs, v->exact, t->ce - t->cs) == 0;
    /* Written with diacritics: they must be these ("sở" is not "số"). */
    if (t->flags & TC_WT_ACCENT)
        return t->ll == strlen(v->lower) && memcmp(tc_wtok_lower(w, i), v->lower, t->ll) == 0;
    return 1;
}

/* The longest variant starting at token i of w, or -1.  Sets *end to the
 * token after it. */
static int ag_match(const tc_agencies *a, const tc_wstream *w, size_t i, int strict, size_t *end)
{
    void *gv;
    if (!(w->tok[i].flags & TC_WT_WORD) ||
        !tc_strmap_get(a->groups, tc_wtok_fold(w, i), w->tok[i].fl, &gv))
        return -1;
    const ag_group *g = gv;
    for (size_t k = 0; k < g->n; k++) {
        const ag_variant *v = &a->variants[g->ids[k]];
        if (i + v->ntok > w->n)
            continue;
        size_t j = 0;
        while (j < v->ntok && ag_tok_eq(w, i + j, &v->tok[j], strict))
            j++;
        if (j < v->ntok)
            continue;
        if (strict && !tc_wstream_free_standing(w, i, i + v->ntok))
            continue;
        *end = i + v->ntok;
        return g->ids[k];
    }
    return -1;
}

/* A province named at tokens [k, k+n) on one line, longest first, or NULL.
 * city: only centrally-run cities ("thành phố Hà Nội", not "TP Hà Tĩnh",
 * which is the provincial capital). */
static const tc_province *ag_province_at(tc_agencies *a, const tc_wstream *w, size_t k, int city,
                                         size_t *end)
{
    for (size_t n = AG_MAX_NAME_WORDS; n >= 1; n--) {
        if (k + n > w->n)
            continue;
        size_t j;
        for (j = k; j < k + n; j++)
            if (!(w->tok[j].flags & TC_WT_WORD) || (j > k && (w->tok[j].flags & TC_WT_NL)))
                break;
        if (j < k + n)
            continue;
        size_t cs = w->tok[k].cs, ce = w->tok[k + n - 1].ce;
        const tc_province *p = tc_gazetteer_province(a->g, a->t, w->v->clean + cs, ce - cs);
        if (p && (!city || strncmp(p->full_name, "Thành phố", strlen("Thành phố")) == 0)) {
            *end = k + n;
            return p;
        }
    }
    return NULL;
}

/* Reads what follows a province-level agency ending at token e: an
 * optional prefix and a province name on the same line.  Returns the
 * province (or NULL) and sets *end past what belongs to the mention;
 * *plural = 1 for "các tỉnh". */
static const tc_province *ag_attach(tc_agencies *a, const tc_wstream *w, size_t e,
                                    int variant_has_tinh, size_t *end, int *plural)
{
    *end = e;
    *plural = 0;
    if (e >= w->n || (w->tok[e].flags & TC_WT_NL))
        return NULL;
    size_t k = e;
    int city = 0, tinh = 0;
    if (tc_wtok_word(w, k, "cac", "các") &&
        (tc_wtok_word(w, k + 1, "tinh", "tỉnh") ||
         (tc_wtok_word(w, k + 1, "thanh", "thành") && tc_wtok_word(w, k + 2, "pho", "phố")))) {
        *plural = 1;
        return NULL;
    }
    if (!variant_has_tinh && tc_wtok_word(w, k, "tinh", "tỉnh")) {
        tinh = 1;
        k++;
    } else if (tc_wtok_word(w, k, "thanh", "thành") && tc_wtok_word(w, k + 1, "pho", "phố")) {
        city = 1;
        k += 2;
    } else if (tc_wtok_is(w, k, "tp")) {
        city = 1;
        k++;
        if (tc_wtok_is(w, k, "."))
            k++;
    }
    if (k < w->n && !(w->tok[k].flags & TC_WT_NL)) {
        size_t pe;
        const tc_province *p = ag_province_at(a, w, k, city, &pe);
        if (p) {
            *end = pe;
            return p;
        }
    }
    if (tinh)
        *end = e + 1;
    return NULL;
}

/* Expands an agency's template for province p (may be NULL). */
static void ag_name(const ag_agency *ag, const tc_province *p, char *dst, size_t cap)
{
    if (!p) {
        ag_copy(dst, cap, ag->plain, strlen(ag->plain));
        return;
    }
    char tinh[96];
    /* "Tỉnh Hà Tĩnh" -> "tỉnh Hà Tĩnh", "Thành phố Hà Nội" -> "thành phố Hà Nội". */
    ag_copy(tinh, sizeof tinh, p->full_name, strlen(p->full_name));
    if (strncmp(tinh, "Tỉnh", strlen("Tỉnh")) == 0)
        memcpy(tinh, "tỉnh", strlen("tỉnh"));
    else if (strncmp(tinh, "Thành", strlen("Thành")) == 0)
        tinh[0] = 't';
    ag_copy(dst, cap, ag->tmpl, strlen(ag->tmpl));
    ag_replace(dst, cap, "{tinh+}", tinh);
    ag_replace(dst, cap, "{tinh}", tinh);
    ag_replace(dst, cap, "{ten}", p->name);
}

/* Builds the mention of agency `id` over clean span [cs, ce) and calls cb. */
static int ag_emit(tc_agencies *a, const tc_wstream *w, int id, size_t cs, size_t ce,
                   const tc_province *p, const char *doc, int plural, tc_agency_fn cb, void *ctx)
{
    const ag_agency *ag = &a->agencies[id];
    tc_agency_mention m;
    memset(&m, 0, sizeof m);
    ag_copy(m.key, sizeof m.key, ag->key, strlen(ag->key));
    ag_copy(m.level, sizeof m.level, ag_level_names[ag->level], strlen(ag_level_names[ag->level]));
    const tc_province *prov = NULL;
    if (ag->level != AG_CENTRAL && !plural) {
        prov = p;
        if (!prov && doc && doc[0])
            prov = tc_gazetteer_province_by_code(a->g, doc, 2024);
        const char *code = p ? p->code : doc ? doc : "";
        ag_copy(m.province_code, sizeof m.province_code, code, strlen(code));
    }
    ag_name(ag, ag->level == AG_PROVINCE ? prov : NULL, m.name, sizeof m.name);
    tc_wstream_copy(w, cs, ce, m.text, sizeof m.text);
    m.start = tc_wstream_orig(w, cs);
    m.end = tc_wstream_orig(w, ce);
    return cb(ctx, &m);
}

/* "Các Sở: KHĐT, GDĐT, NV": head token h ("Sở", "Bộ") then ':' at h+1.
 * Each item is matched as if written after the head.  Returns the token
 * after the list and sets *stop when the callback asked to stop. */
static size_t ag_list(tc_agencies *a, size_t h, const char *doc, tc_agency_fn cb, void *ctx,
                      int *stop, tc_rc *rc)
{
    const tc_wstream *w = &a->ws;
    size_t i = h + 2;
    char buf[256];
    while (i < w->n && !*stop) {
        if (w->tok[i].flags & TC_WT_NL)
            break;
        size_t j = i;
        while (j < w->n && !(j > i && (w->tok[j].flags & TC_WT_NL)) && !tc_wtok_is(w, j, ",") &&
               !tc_wtok_is(w, j, ";") && !tc_wtok_is(w, j, "."))
            j++;
        if (j == i)
            break;
        /* "<head> <item>" in its own stream, matched whole. */
        size_t hs = w->tok[h].cs, he = w->tok[h].ce;
        size_t is = w->tok[i].cs, ie = w->tok[j - 1].ce;
        if (he - hs + 1 + ie - is < sizeof buf) {
            memcpy(buf, w->v->clean + hs, he - hs);
            buf[he - hs] = ' ';
            memcpy(buf + (he - hs) + 1, w->v->clean + is, ie - is);
            size_t bl = he - hs + 1 + ie - is;
            if ((*rc = tc_wstream_build(&a->item, buf, bl)))
                return j;
            size_t end;
            int id = ag_match(a, &a->item, 0, 1, &end);
            if (id >= 0 && end == a->item.n && a->variants[id].agency >= 0 &&
                ag_emit(a, w, a->variants[id].agency, is, ie, NULL, doc, 0, cb, ctx))
                *stop = 1;
        }
        if (j >= w->n || !tc_wtok_is(w, j, ","))
            return j;
        i = j + 1;
    }
    return i;
}

static int ag_variant_ends_tinh(const ag_variant *v)
{
    return strcmp(v->tok[v->ntok - 1].fold, "tinh") == 0;
}

tc_rc tc_agencies_extract(tc_agencies *a, const char *text, size_t len,
                          const char *doc_province_code, tc_agency_fn cb, void *ctx)
{
    if (!a || (!text && len) || !cb)
        return TC_EINVAL;
    if (len == 0)
        return TC_OK;
    tc_view v;
    tc_rc rc = tc_view_build(a->t, text, len, &v);
    if (!rc)
        rc = tc_agencies_extract_view(a, &v, doc_province_code, cb, ctx);
    tc_view_free(&v);
    return rc;
}

tc_rc tc_agencies_extract_view(tc_agencies *a, const tc_view *v, const char *doc_province_code,
                               tc_agency_fn cb, void *ctx)
{
    if (!a || !v || !cb)
        return TC_EINVAL;
    if (v->raw_len == 0)
        return TC_OK;
    tc_rc rc = tc_wstream_build_view(&a->ws, v);
    if (rc)
        return rc;
    const tc_wstream *w = &a->ws;
    int stop = 0;
    for (size_t i = 0; i < w->n && !stop && !rc;) {
        size_t end;
        int vid = ag_match(a, w, i, 1, &end);
        if (vid < 0) {
            if ((tc_wtok_word(w, i, "so", "sở") || tc_wtok_word(w, i, "bo", "bộ")) &&
                tc_wtok_is(w, i + 1, ":")) {
                i = ag_list(a, i, doc_province_code, cb, ctx, &stop, &rc);
                continue;
            }
            i++;
            continue;
        }
        const ag_variant *v = &a->variants[vid];
        if (v->agency < 0) {
            i = end; /* a mask: the phrase names no agency */
            continue;
        }
        const ag_agency *ag = &a->agencies[v->agency];
        const tc_province *p = NULL;
        size_t span_end = end;
        int plural = 0;
        if (ag->level == AG_PROVINCE)
            p = ag_attach(a, w, end, ag_variant_ends_tinh(v), &span_end, &plural);
        if (ag_emit(a, w, v->agency, w->tok[i].cs, w->tok[span_end - 1].ce, p, doc_province_code,
                    plural, cb, ctx))
            stop = 1;
        i = span_end;
    }
    return rc;
}

tc_rc tc_agencies_lookup(tc_agencies *a, const char *user_text, size_t n, tc_buf *out_key)
{
    if (!a || !user_text || !out_key)
        return TC_EINVAL;
    while (n > 0 && (user_text[0] == ' ' || user_text[0] == '"'))
        user_text++, n--;
    while (n > 0 && (user_text[n - 1] == ' ' || user_text[n - 1] == '"'))
        n--;
    if (n == 0)
        return TC_ENOTFOUND;
    void *kv;
    if (tc_strmap_get(a->keys, user_text, n, &kv)) {
        const char *key = a->agencies[(intptr_t)kv - 1].key;
        return tc_buf_puts(out_key, key);
    }
    tc_wstream *w = &a->item;
    tc_rc rc = tc_wstream_build(w, user_text, n);
    if (rc)
        return rc;
    if (w->n == 0)
        return TC_ENOTFOUND;
    size_t end;
    int vid = ag_match(a, w, 0, 0, &end);
    if (vid < 0 || a->variants[vid].agency < 0)
        return TC_ENOTFOUND;
    const ag_agency *ag = &a->agencies[a->variants[vid].agency];
    if (end < w->n && ag->level == AG_PROVINCE) {
        size_t span_end;
        int plural;
        ag_attach(a, w, end, ag_variant_ends_tinh(&a->variants[vid]), &span_end, &plural);
        end = span_end;
    }
    if (end != w->n)
        return TC_ENOTFOUND;
    return tc_buf_puts(out_key, ag->key);
}

tc_rc tc_agency_key(tc_text *t, const char *name, size_t n, tc_buf *out)
{
    tc_buf_reset(out);
    return tc_text_fold(t, name, n, out);
}

