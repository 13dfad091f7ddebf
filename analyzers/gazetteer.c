/*
 * gazetteer.c: Vietnam's provinces and districts (see gazetteer.h).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The four embedded TSV files are parsed once into flat arrays whose
 * addresses never change afterwards, so the tc_province and tc_district
 * pointers handed to callers stay valid until tc_gazetteer_close().
 *
 * Lookup key of a name: its folded form (lower case, no diacritics, đ -> d)
 * cut into words at every byte that is not a letter or digit, the leading
 * administrative prefix removed, and the remaining words glued together
 * without separators.  Gluing makes "Bà Rịa - Vũng Tàu", "Ba Ria Vung Tau"
 * and "BaRia-VungTau" one key, and makes "Kon Tum" match "Kontum".
 */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

#include "../common/data.h"

/* No province or district name comes close; longer input is not a name. */
#define GZ_NAME_MAX 256
/* Room for a key: folding never makes a short name much longer. */
#define GZ_KEY_MAX (GZ_NAME_MAX * 2)

/* Administrative prefixes a written name may start with. */
enum gz_prefix {
    GZ_PFX_NONE = 0,
    GZ_PFX_TINH,      /* "Tỉnh" */
    GZ_PFX_THANH_PHO, /* "Thành phố", "TP", "TP." */
    GZ_PFX_HUYEN,     /* "Huyện" */
    GZ_PFX_QUAN,      /* "Quận" */
    GZ_PFX_THI_XA     /* "Thị xã", "TX" */
};

/* Folded spellings of the prefixes, as words (matched whole). */
static const struct {
    const char *words[2]; /* one or two folded words */
    enum gz_prefix kind;  /* what it means */
} gz_prefixes[] = {
    {{"tinh", NULL}, GZ_PFX_TINH},    {{"thanh", "pho"}, GZ_PFX_THANH_PHO},
    {{"tp", NULL}, GZ_PFX_THANH_PHO}, {{"huyen", NULL}, GZ_PFX_HUYEN},
    {{"quan", NULL}, GZ_PFX_QUAN},    {{"thi", "xa"}, GZ_PFX_THI_XA},
    {{"tx", NULL}, GZ_PFX_THI_XA},
};

/* Written prefixes of district full names in the data (NFC, canonical tones). */
static const char *const gz_district_prefixes[] = {"Quận ", "Huyện ", "Thị xã ", "Thành phố "};

/* Names in common use that are not the official short name. */
static const struct {
    const char *key;  /* lookup key (see the top of this file) */
    const char *code; /* GSO code of the 2024 province */
} gz_aliases[] = {
    {"thuathienhue", "46"}, /* a province until 2025-01-01, then "Thành phố Huế" */
    {"hcm", "79"},          /* "TP.HCM", "TP HCM" */
    {"tphcm", "79"},
    {"saigon", "79"},
};

/* A block of the string pool; blocks are never moved or resized. */
typedef struct gz_block {
    struct gz_block *next; /* the block allocated before this one */
    size_t used;           /* bytes handed out */
    size_t size;           /* bytes in data */
    char data[];           /* the strings, each NUL-terminated */
} gz_block;

/* A district with the links of the two name chains it belongs to. */
typedef struct gz_district {
    tc_district pub;                /* what callers see; first, so pointers convert back */
    struct gz_district *next_short; /* next district with the same unprefixed key */
    struct gz_district *next_full;  /* next district with the same prefixed key */
} gz_district;

struct tc_gazetteer {
    tc_province *p24;      /* the 63 provinces of 2024, in file order */
    size_t n24;            /* entries in p24 */
    tc_province *p25;      /* the 34 provinces of 2025 */
    size_t n25;            /* entries in p25 */
    gz_district *dist;     /* the districts of 2024 */
    size_t ndist;          /* entries in dist */
    tc_strmap *prov_keys;  /* key -> tc_province * (era 2024 preferred) */
    tc_strmap *dist_short; /* key -> first gz_district * of its chain */
    tc_strmap *dist_full;  /* prefix digit + key -> first gz_district * */
    gz_block *pool;        /* storage of every string above */
};

/* ---- string pool --------------------------------------------------------- */

static const char *gz_strdup(tc_gazetteer *g, const char *s, size_t n)
{
    gz_block *b = g->pool;
    if (!b || b->size - b->used < n + 1) {
        size_t size = n + 1 > 16384 ? n + 1 : 16384;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->next = g->pool;
        b->used = 0;
        b->size = size;
        g->pool = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = 0;
    b->used += n + 1;
    return p;
}

/* Copies s into the pool in clean form (NFC, canonical tone placement), so
 * that names read the same whichever style the data file used. */
static tc_rc gz_clean_dup(tc_gazetteer *g, tc_text *t, tc_buf *scratch, const char *s, size_t n,
                          const char **out)
{
    uint32_t *map = NULL;
    tc_buf_reset(scratch);
    tc_rc rc = tc_text_clean(t, s, n, scratch, &map);
    free(map);
    if (rc)
        return rc;
    *out = gz_strdup(g, tc_buf_cstr(scratch), scratch->len);
    return *out ? TC_OK : TC_ENOMEM;
}

/* ---- keys ---------------------------------------------------------------- */

static int gz_is_word_byte(unsigned char c)
{
    /* Bytes >= 0x80 survive folding only in characters without an ASCII
     * base (rare letters, U+FFFD); they stay part of the word. */
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Builds the lookup key of name[0..n) into key (GZ_KEY_MAX bytes) and
 * reports the administrative prefix it carried.  Returns 0 when the name
 * has no usable key (empty, too long, or folding failed).  *fold_rc gets
 * the folding's error, so that a table loader out of memory does not call
 * its table malformed. */
static int gz_make_key(tc_text *t, const char *name, size_t n, char *key, size_t *klen,
                       enum gz_prefix *prefix, tc_rc *fold_rc)
{
    *klen = 0;
    *fold_rc = TC_OK;
    *prefix = GZ_PFX_NONE;
    if (!name || n == 0 || n > GZ_NAME_MAX)
        return 0;
    tc_buf fold;
    tc_buf_init(&fold, GZ_KEY_MAX);
    if ((*fold_rc = tc_text_fold(t, name, n, &fold)) != TC_OK) {
        tc_buf_free(&fold);
        return 0;
    }
    /* Cut the folded name into words (at most 16: no name has more). */
    const char *w[16];
    size_t wl[16];
    size_t nw = 0;
    const unsigned char *f = (const unsigned char *)tc_buf_cstr(&fold);
    for (size_t i = 0; i < fold.len && nw < 16;) {
        while (i < fold.len && !gz_is_word_byte(f[i]))
            i++;
        size_t s = i;
        while (i < fold.len && gz_is_word_byte(f[i]))
            i++;
        if (i > s) {
            w[nw] = (const char *)f + s;
            wl[nw++] = i - s;
        }
    }
    /* Drop one leading prefix, but never the whole name ("Quận 1" keeps 1). */
    size_t first = 0;
    for (size_t p = 0; p < sizeof gz_prefixes / sizeof gz_prefixes[0]; p++) {
        size_t k = gz_prefixes[p].words[1] ? 2 : 1;
        if (nw <= k)
            continue;
        int ok = 1;
        for (size_t j = 0; j < k && ok; j++)
            ok = strlen(gz_prefixes[p].words[j]) == wl[j] &&
                 memcmp(gz_prefixes[p].words[j], w[j], wl[j]) == 0;
        if (ok) {
            first = k;
            *prefix = gz_prefixes[p].kind;
            break;
        }
    }
    size_t len = 0;
    for (size_t j = first; j < nw; j++) {
        if (len + wl[j] >= GZ_KEY_MAX)
            break;
        memcpy(key + len, w[j], wl[j]);
        len += wl[j];
    }
    key[len] = 0;
    *klen = len;
    tc_buf_free(&fold);
    return len > 0;
}

/* The prefixed key: the prefix kind as one digit, ':', the key. */
static size_t gz_full_key(enum gz_prefix prefix, const char *key, size_t klen, char *out)
{
    out[0] = (char)('0' + (int)prefix);
    out[1] = ':';
    memcpy(out + 2, key, klen);
    out[klen + 2] = 0;
    return klen + 2;
}

/* ---- TSV ----------------------------------------------------------------- */

/* One field of a TSV row. */
typedef tc_tsv_field gz_field; /* a field of a data row */

static size_t gz_count_rows(const char *data, size_t len)
{
    size_t pos = 0, n = 0;
    gz_field f[1];
    while (tc_tsv_next_row(data, len, &pos, f, 1))
        n++;
    return n;
}

static const char *gz_data(const char *name, size_t *len)
{
    const char *d = tc_data_get(name, len);
    if (!d)
        *len = 0;
    return d;
}

static int gz_field_is(const gz_field *f, const char *s)
{
    return f->n == strlen(s) && memcmp(f->s, s, f->n) == 0;
}

static tc_province *gz_find_code(tc_province *p, size_t n, const char *code, size_t clen)
{
    /* At most 63 entries, looked up only while loading or by code: a scan
     * is as fast as hashing here. */
    for (size_t i = 0; i < n; i++)
        if (strlen(p[i].code) == clen && memcmp(p[i].code, code, clen) == 0)
            return &p[i];
    return NULL;
}

/* Loads a provinces-*.tsv (code, name, full_name, ...) into *out. */
static tc_rc gz_load_provinces(tc_gazetteer *g, tc_text *t, tc_buf *scratch, const char *file,
                               int era, tc_province **out, size_t *count)
{
    size_t len;
    const char *d = gz_data(file, &len);
    if (!d)
        return TC_EDATA;
    size_t rows = gz_count_rows(d, len);
    if (rows < 2)
        return TC_EDATA;
    tc_province *p = calloc(rows - 1, sizeof *p);
    if (!p)
        return TC_ENOMEM;
    *out = p;
    size_t pos = 0, n = 0;
    gz_field f[4];
    tc_tsv_next_row(d, len, &pos, f, 4); /* the column names */
    size_t nf;
    tc_rc rc = TC_OK;
    while (!rc && (nf = tc_tsv_next_row(d, len, &pos, f, 4)) > 0) {
        if (nf < 3 || f[0].n == 0 || f[1].n == 0 || n >= rows - 1)
            return TC_EDATA;
        tc_province *q = &p[n++];
        q->era = era;
        if (!(q->code = gz_strdup(g, f[0].s, f[0].n)))
            return TC_ENOMEM;
        if ((rc = gz_clean_dup(g, t, scratch, f[1].s, f[1].n, &q->name)) ||
            (rc = gz_clean_dup(g, t, scratch, f[2].s, f[2].n, &q->full_name)))
            return rc;
        /* Until the merge table says otherwise, a province is its own successor. */
        q->new_code = q->code;
        q->new_name = q->name;
    }
    *count = n;
    return rc;
}

/* Applies province-merge-2025.tsv (old_code, old_full_name, new_code,
 * new_full_name, kind) to the 2024 provinces. */
static tc_rc gz_load_merges(tc_gazetteer *g)
{
    size_t len;
    const char *d = gz_data("province-merge-2025.tsv", &len);
    if (!d)
        return TC_EDATA;
    /* 0: not mapped yet, 1: mapped by a partial row, 2: by a full row. */
    unsigned char *state = calloc(g->n24, 1);
    if (!state)
        return TC_ENOMEM;
    size_t pos = 0, nf;
    gz_field f[5];
    tc_tsv_next_row(d, len, &pos, f, 5);
    tc_rc rc = TC_OK;
    while ((nf = tc_tsv_next_row(d, len, &pos, f, 5)) > 0) {
        tc_province *old = nf >= 3 ? gz_find_code(g->p24, g->n24, f[0].s, f[0].n) : NULL;
        tc_province *new = nf >= 3 ? gz_find_code(g->p25, g->n25, f[2].s, f[2].n) : NULL;
        if (!old || !new) {
            rc = TC_EDATA;
            break;
        }
        /* A province split between several new ones is listed once per
         * part: the row marked full names its main successor, else the
         * first row does. */
        int full = nf >= 5 && gz_field_is(&f[4], "full");
        size_t i = (size_t)(old - g->p24);
        if (state[i] == 0 || (state[i] == 1 && full)) {
            old->new_code = new->code;
            old->new_name = new->name;
            state[i] = full ? 2 : 1;
        }
    }
    /* A 2024 province the table forgot keeps its code only if that code
     * still exists; otherwise it has no known successor. */
    for (size_t i = 0; i < g->n24 && !rc; i++) {
        if (state[i] == 0 &&
            !gz_find_code(g->p25, g->n25, g->p24[i].code, strlen(g->p24[i].code))) {
            g->p24[i].new_code = "";
            g->p24[i].new_name = "";
        }
    }
    free(state);
    return rc;
}

/* Appends d to the chain of `key` in map m (file order is kept, so "the
 * first" of a shared name is the first in the data). */
static tc_rc gz_chain_add(tc_strmap *m, const char *key, size_t klen, gz_district *d, int full)
{
    void *v;
    if (!tc_strmap_get(m, key, klen, &v))
        return tc_strmap_put(m, key, klen, d);
    gz_district *c = v;
    if (full) {
        while (c->next_full)
            c = c->next_full;
        c->next_full = d;
    } else {
        while (c->next_short)
            c = c->next_short;
        c->next_short = d;
    }
    return TC_OK;
}

static tc_rc gz_load_districts(tc_gazetteer *g, tc_text *t, tc_buf *scratch)
{
    size_t len;
    const char *d = gz_data("districts-2024.tsv", &len);
    if (!d)
        return TC_EDATA;
    size_t rows = gz_count_rows(d, len);
    if (rows < 2)
        return TC_EDATA;
    g->dist = calloc(rows - 1, sizeof *g->dist);
    if (!g->dist)
        return TC_ENOMEM;
    size_t pos = 0, nf;
    gz_field f[3];
    tc_tsv_next_row(d, len, &pos, f, 3);
    char key[GZ_KEY_MAX], full[GZ_KEY_MAX + 2];
    size_t klen;
    enum gz_prefix prefix;
    while ((nf = tc_tsv_next_row(d, len, &pos, f, 3)) > 0) {
        if (nf < 3 || f[0].n == 0 || f[1].n == 0 || g->ndist >= rows - 1)
            return TC_EDATA;
        gz_district *x = &g->dist[g->ndist++];
        x->pub.province = gz_find_code(g->p24, g->n24, f[2].s, f[2].n);
        if (!x->pub.province)
            return TC_EDATA;
        tc_rc rc;
        if (!(x->pub.code = gz_strdup(g, f[0].s, f[0].n)))
            return TC_ENOMEM;
        if ((rc = gz_clean_dup(g, t, scratch, f[1].s, f[1].n, &x->pub.full_name)))
            return rc;
        const char *name = x->pub.full_name;
        for (size_t i = 0; i < sizeof gz_district_prefixes / sizeof gz_district_prefixes[0]; i++) {
            size_t pl = strlen(gz_district_prefixes[i]);
            if (strncmp(name, gz_district_prefixes[i], pl) == 0 && name[pl]) {
                name += pl;
                break;
            }
        }
        x->pub.name = name; /* points inside full_name, in the pool */
        if (!gz_make_key(t, x->pub.full_name, strlen(x->pub.full_name), key, &klen, &prefix, &rc))
            return rc ? rc : TC_EDATA;
        if ((rc = gz_chain_add(g->dist_short, key, klen, x, 0)))
            return rc;
        size_t fl = gz_full_key(prefix, key, klen, full);
        if ((rc = gz_chain_add(g->dist_full, full, fl, x, 1)))
            return rc;
    }
    return TC_OK;
}

/* Indexes the provinces of one era by key; existing keys are kept, so
 * loading 2024 first makes the 2024 entry win for unchanged names. */
static tc_rc gz_index_provinces(tc_gazetteer *g, tc_text *t, tc_province *p, size_t n)
{
    char key[GZ_KEY_MAX];
    size_t klen;
    enum gz_prefix prefix;
    for (size_t i = 0; i < n; i++) {
        const char *names[2] = {p[i].name, p[i].full_name};
        for (size_t j = 0; j < 2; j++) {
            tc_rc frc;
            if (!gz_make_key(t, names[j], strlen(names[j]), key, &klen, &prefix, &frc))
                return frc ? frc : TC_EDATA;
            if (tc_strmap_get(g->prov_keys, key, klen, NULL))
                continue;
            tc_rc rc = tc_strmap_put(g->prov_keys, key, klen, &p[i]);
            if (rc)
                return rc;
        }
    }
    return TC_OK;
}

tc_rc tc_gazetteer_open(tc_text *t, tc_gazetteer **out)
{
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    if (!t)
        return TC_EINVAL;
    tc_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return TC_ENOMEM;
    tc_buf scratch;
    tc_buf_init(&scratch, 0);
    tc_rc rc = tc_strmap_new(NULL, &g->prov_keys);
    if (!rc)
        rc = tc_strmap_new(NULL, &g->dist_short);
    if (!rc)
        rc = tc_strmap_new(NULL, &g->dist_full);
    if (!rc)
        rc = gz_load_provinces(g, t, &scratch, "provinces-2024.tsv", 2024, &g->p24, &g->n24);
    if (!rc)
        rc = gz_load_provinces(g, t, &scratch, "provinces-2025.tsv", 2025, &g->p25, &g->n25);
    if (!rc)
        rc = gz_load_merges(g);
    if (!rc)
        rc = gz_index_provinces(g, t, g->p24, g->n24);
    if (!rc)
        rc = gz_index_provinces(g, t, g->p25, g->n25);
    for (size_t i = 0; !rc && i < sizeof gz_aliases / sizeof gz_aliases[0]; i++) {
        const tc_province *p = tc_gazetteer_province_by_code(g, gz_aliases[i].code, 2024);
        const char *k = gz_aliases[i].key;
        if (p && !tc_strmap_get(g->prov_keys, k, strlen(k), NULL))
            rc = tc_strmap_put(g->prov_keys, k, strlen(k), (void *)p);
    }
    if (!rc)
        rc = gz_load_districts(g, t, &scratch);
    tc_buf_free(&scratch);
    if (rc) {
        tc_gazetteer_close(g);
        return rc;
    }
    *out = g;
    return TC_OK;
}

void tc_gazetteer_close(tc_gazetteer *g)
{
    if (!g)
        return;
    tc_strmap_free(g->prov_keys);
    tc_strmap_free(g->dist_short);
    tc_strmap_free(g->dist_full);
    free(g->p24);
    free(g->p25);
    free(g->dist);
    for (gz_block *b = g->pool, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(g);
}

/* ---- lookups ------------------------------------------------------------- */

const tc_province *tc_gazetteer_province(const tc_gazetteer *g, tc_text *t, const char *name,
                                         size_t n)
{
    if (!g || !t)
        return NULL;
    char key[GZ_KEY_MAX];
    size_t klen;
    enum gz_prefix prefix;
    tc_rc frc;
    if (!gz_make_key(t, name, n, key, &klen, &prefix, &frc))
        return NULL;
    void *v;
    return tc_strmap_get(g->prov_keys, key, klen, &v) ? v : NULL;
}

const tc_province *tc_gazetteer_province_by_code(const tc_gazetteer *g, const char *code, int era)
{
    if (!g || !code)
        return NULL;
    if (era == 2024)
        return gz_find_code(g->p24, g->n24, code, strlen(code));
    if (era == 2025)
        return gz_find_code(g->p25, g->n25, code, strlen(code));
    return NULL;
}

/* Picks from a chain the district of province `in` (a code), else the first. */
static const tc_district *gz_pick(const gz_district *d, int full, const char *in)
{
    if (!d)
        return NULL;
    if (in) {
        for (const gz_district *c = d; c; c = full ? c->next_full : c->next_short)
            if (strcmp(c->pub.province->code, in) == 0)
                return &c->pub;
    }
    return &d->pub;
}

const tc_district *tc_gazetteer_district(const tc_gazetteer *g, tc_text *t, const char *name,
                                         size_t n, const char *in_province)
{
    if (!g || !t)
        return NULL;
    char key[GZ_KEY_MAX], full[GZ_KEY_MAX + 2];
    size_t klen;
    enum gz_prefix prefix;
    tc_rc frc;
    if (!gz_make_key(t, name, n, key, &klen, &prefix, &frc))
        return NULL;
    void *v;
    /* A written prefix tells "Thị xã Kỳ Anh" from "Huyện Kỳ Anh". */
    if (prefix != GZ_PFX_NONE && prefix != GZ_PFX_TINH) {
        size_t fl = gz_full_key(prefix, key, klen, full);
        if (tc_strmap_get(g->dist_full, full, fl, &v)) {
            const tc_district *d = gz_pick(v, 1, in_province);
            if (!in_province || strcmp(d->province->code, in_province) == 0)
                return d;
        }
    }
    return tc_strmap_get(g->dist_short, key, klen, &v) ? gz_pick(v, 0, in_province) : NULL;
}

const tc_province *tc_gazetteer_province_at(const tc_gazetteer *g, int era, size_t i)
{
    if (!g)
        return NULL;
    if (era == 2024)
        return i < g->n24 ? &g->p24[i] : NULL;
    if (era == 2025)
        return i < g->n25 ? &g->p25[i] : NULL;
    return NULL;
}
