/* suggest.c: "did you mean" for words, fields, provinces, types and cited
 * symbols (see suggest.h). */
#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>

#include "../analyzers/registry.h"
#include "xdata.h"

/* ---- letters and their folded form -------------------------------------- */

/* Code points below this are folded through a per-call cache: every
 * Vietnamese letter (Latin-1, Latin Extended-A/B, Latin Extended
 * Additional) is under it. */
#define FOLD_CACHE 0x2000

typedef struct folder {
    tc_text *t;
    uint32_t cache[FOLD_CACHE]; /* cp -> folded cp + 1, 0 unknown */
} folder;

static uint32_t fold_cp(folder *f, uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    if (!f || !f->t || cp >= FOLD_CACHE)
        return cp;
    if (f->cache[cp])
        return f->cache[cp] - 1;
    char enc[4];
    size_t n = tc_utf8_encode(cp, enc);
    tc_buf b;
    tc_buf_init(&b, 0);
    uint32_t r = cp;
    if (tc_text_fold(f->t, enc, n, &b) == TC_OK && b.len) {
        uint32_t c;
        if (tc_utf8_decode(b.data, b.len, &c) == b.len)
            r = c;
    }
    tc_buf_free(&b);
    f->cache[cp] = r + 1;
    return r;
}

static uint32_t lower_cp(uint32_t cp)
{
    /* ASCII and the precomposed Vietnamese letters (upper = even). */
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0x1EA0 && cp <= 0x1EF9 && !(cp & 1))
        return cp + 1;
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 32;
    if (cp == 0x110 || cp == 0x102 || cp == 0x1A0 || cp == 0x1AF || cp == 0x128 || cp == 0x168)
        return cp + 1;
    return cp;
}

#define MAXLEN 64 /* characters compared; longer strings are not suggested */

static size_t decode_all(const char *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAXLEN + 1;) {
        i += tc_utf8_decode(s + i, n - i, &out[k]);
        k++;
    }
    return k;
}

static unsigned cost_sub(folder *f, uint32_t a, uint32_t b)
{
    if (a == b)
        return 0;
    uint32_t la = lower_cp(a), lb = lower_cp(b);
    if (la == lb)
        return 1; /* case only */
    if (fold_cp(f, la) == fold_cp(f, lb))
        return 1; /* a tone mark or a diacritic */
    return TC_SUGGEST_EDIT;
}

static unsigned distance_cp(folder *f, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                            unsigned limit)
{
    if (na > MAXLEN || nb > MAXLEN)
        return limit + 1;
    size_t diff = na > nb ? na - nb : nb - na;
    if (diff * TC_SUGGEST_EDIT > limit)
        return limit + 1;
    /* Optimal string alignment: three rows. */
    unsigned rows[3][MAXLEN + 1];
    unsigned *pp = rows[0], *p = rows[1], *c = rows[2];
    for (size_t j = 0; j <= nb; j++)
        p[j] = (unsigned)j * TC_SUGGEST_EDIT;
    unsigned prevmin = 0;
    for (size_t i = 1; i <= na; i++) {
        c[0] = (unsigned)i * TC_SUGGEST_EDIT;
        unsigned rowmin = c[0];
        for (size_t j = 1; j <= nb; j++) {
            unsigned v = p[j - 1] + cost_sub(f, a[i - 1], b[j - 1]);
            if (p[j] + TC_SUGGEST_EDIT < v)
                v = p[j] + TC_SUGGEST_EDIT;
            if (c[j - 1] + TC_SUGGEST_EDIT < v)
                v = c[j - 1] + TC_SUGGEST_EDIT;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + TC_SUGGEST_SWAP < v)
                v = pp[j - 2] + TC_SUGGEST_SWAP;
            c[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        /* A swap reaches back two rows: stop only when two rows are over. */
        if (rowmin > limit && prevmin > limit)
            return limit + 1;
        prevmin = rowmin;
        unsigned *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[nb] > limit ? limit + 1 : p[nb];
}

unsigned tc_suggest_distance(tc_text *t, const char *a, size_t na, const char *b, size_t nb,
                             unsigned limit)
{
    uint32_t ca[MAXLEN + 1], cb[MAXLEN + 1];
    size_t ka = decode_all(a, na, ca), kb = decode_all(b, nb, cb);
    folder *f = t ? calloc(1, sizeof *f) : NULL;
    if (f)
        f->t = t;
    unsigned d = distance_cp(f, ca, ka, cb, kb, limit);
    free(f);
    return d;
}

/* ---- the best candidate ------------------------------------------------- */

typedef struct best {
    folder *f;
    uint32_t want[MAXLEN + 1]; /* what was typed */
    size_t nwant;              /* its characters */
    unsigned limit;            /* the most a suggestion may cost */
    unsigned dist;             /* best so far (limit + 1: none) */
    uint64_t freq;             /* its frequency */
    tc_buf text;               /* its text */
    int fold;                  /* compare folded candidates (an unaccented word) */
    tc_buf scratch;            /* folded candidate */
    size_t budget;             /* lexicon terms that may still be examined */
    tc_rc rc;
} best;

static void best_init(best *b, folder *f, const char *typed, size_t n)
{
    memset(b, 0, sizeof *b);
    b->f = f;
    b->nwant = decode_all(typed, n, b->want);
    b->limit = b->nwant <= 4 ? TC_SUGGEST_EDIT : TC_SUGGEST_MAX;
    b->dist = b->limit + 1;
    tc_buf_init(&b->text, 0);
    tc_buf_init(&b->scratch, 0);
}

static void best_free(best *b)
{
    tc_buf_free(&b->text);
    tc_buf_free(&b->scratch);
}

/* Offers a candidate; an exact match (distance 0) is not a suggestion. */
static void offer(best *b, const char *cand, size_t n, uint64_t freq)
{
    uint32_t cc[MAXLEN + 1];
    size_t k = decode_all(cand, n, cc);
    if (k > MAXLEN)
        return;
    unsigned d = distance_cp(b->f, b->want, b->nwant, cc, k, b->limit);
    if (d == 0 || d > b->limit)
        return;
    if (d < b->dist || (d == b->dist && freq > b->freq)) {
        b->dist = d;
        b->freq = freq;
        tc_buf_reset(&b->text);
        tc_buf_append_rc(&b->rc, &b->text, cand, n);
    }
}

/* ---- words -------------------------------------------------------------- */

static int found_any(void *ctx, const char *term, size_t len, uint32_t tf)
{
    *(int *)ctx = 1;
    return 1;
}

typedef struct exact_ctx {
    const char *term;
    size_t n;
    int found;
} exact_ctx;

static int exact_term(void *ctx, const char *term, size_t len, uint32_t tf)
{
    exact_ctx *e = ctx;
    e->found = len == e->n && memcmp(term, e->term, len) == 0;
    return 1; /* terms are sorted: the first one starting with it decides */
}

/* At most this many lexicon terms are examined for one word.  The walk
 * below visits only terms that start with the word's first letter (with
 * any tone mark): a few thousand on the 35,440 news articles, so the bound
 * only stops a pathological lexicon. */
#define SUGGEST_SCAN 200000

static int lexicon_candidate(void *ctx, const char *term, size_t len, uint32_t tf)
{
    best *b = ctx;
    if (b->budget == 0)
        return 1;
    b->budget--;
    /* Prefixed terms (filters, entities) start with a capital letter. */
    if (!len || (term[0] >= 'A' && term[0] <= 'Z') || len > 4 * MAXLEN)
        return 0;
    /* Too long or too short to be close, counted before the costly fold
     * (folding keeps the number of characters of NFC Vietnamese). */
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)term[i] & 0xC0) != 0x80;
    size_t diff = chars > b->nwant ? chars - b->nwant : b->nwant - chars;
    if (diff * TC_SUGGEST_EDIT > b->limit)
        return 0;
    if (b->fold) {
        tc_buf_reset(&b->scratch);
        if (tc_text_fold(b->f->t, term, len, &b->scratch) != TC_OK)
            return 0;
        offer(b, b->scratch.data, b->scratch.len, tf);
    } else {
        offer(b, term, len, tf);
    }
    return b->rc != TC_OK;
}

/* The lower-case letters that fold to the same letter as cp, cp's own
 * lower case first: "a" gives a, à, á, ả, ã, ạ, ă, ắ, ..., â, ấ, ...; "d"
 * gives d and đ.  OUT: out[0..cap); returns how many. */
static size_t first_letters(folder *f, uint32_t cp, uint32_t *out, size_t cap)
{
    /* where the letters of Vietnamese are: ASCII, Latin-1 and Extended-A/B
     * (đ ĩ ũ ă ơ ư), Latin Extended Additional (ạ ả ấ ... ỹ) */
    static const uint32_t ranges[][2] = {{0x61, 0x7A}, {0xDF, 0x1B0}, {0x1EA0, 0x1EF9}};
    uint32_t lc = lower_cp(cp), want = fold_cp(f, lc);
    size_t k = 0;
    out[k++] = lc;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1] && k < cap; c++)
            if (c != lc && lower_cp(c) == c && fold_cp(f, c) == want)
                out[k++] = c;
    return k;
}

/* The closest known word to canonical word w (folded when it has no
 * diacritic), appended to out; 0 when w is known or nothing is close.
 * Candidates start with the same letter as w, give or take its tone mark
 * or diacritic: each such letter is a prefix walked in the sorted lexicon,
 * so a word costs the terms under a few prefixes instead of the whole
 * lexicon (which holds the pair and entity terms too: 223 ms a no-hit
 * query on the 35,440 news articles).  A slip in the first letter is not
 * corrected. */
static int correct_word(tc_db *db, folder *f, const char *w, size_t n, tc_buf *out)
{
    tcx_db *x = tc_db_xapian(db);
    tc_buf folded;
    tc_buf_init(&folded, 0);
    if (tc_text_fold(f->t, w, n, &folded) != TC_OK) {
        tc_buf_free(&folded);
        return 0;
    }
    int accented = folded.len != n || memcmp(folded.data, w, n) != 0;
    exact_ctx e = {w, n, 0};
    tcx_db_allterms(x, w, n, exact_term, &e);
    int known = e.found;
    if (!known && !accented)
        tcx_db_synonyms(x, folded.data, folded.len, found_any, &known);
    int any_digit = 0;
    for (size_t i = 0; i < n; i++)
        any_digit |= isdigit((unsigned char)w[i]) != 0;
    int done = 0;
    if (!known && !any_digit) {
        best b;
        best_init(&b, f, accented ? w : folded.data, accented ? n : folded.len);
        b.fold = !accented;
        b.budget = SUGGEST_SCAN;
        uint32_t firsts[64];
        size_t nfirst = b.nwant ? first_letters(f, b.want[0], firsts, 64) : 0;
        for (size_t i = 0; i < nfirst && !b.rc && b.budget; i++) {
            char pre[4];
            size_t pl = tc_utf8_encode(firsts[i], pre);
            tcx_db_allterms(x, pre, pl, lexicon_candidate, &b);
        }
        if (!b.rc && b.dist <= b.limit) {
            tc_buf_append_rc(&b.rc, out, b.text.data, b.text.len);
            done = b.rc == TC_OK;
        }
        best_free(&b);
    }
    tc_buf_free(&folded);
    return done;
}

/* ---- field names and values ------------------------------------------------ */

static const char *const fields[] = {"province", "province2025", "year",  "type",
                                     "agency",   "period",       "date",  "draft",
                                     "cites",    "mentions",     "level", NULL};

static const char *closest_field(folder *f, const char *name, size_t n)
{
    best b;
    best_init(&b, f, name, n);
    const char *r = NULL;
    unsigned d = b.dist;
    for (int i = 0; fields[i]; i++) {
        offer(&b, fields[i], strlen(fields[i]), 0);
        if (b.dist < d) {
            d = b.dist;
            r = fields[i];
        }
    }
    for (size_t i = 0; tc_entity_types[i]; i++) {
        const char *fl = tc_entity_types[i]->field;
        if (!fl)
            continue;
        offer(&b, fl, strlen(fl), 0);
        if (b.dist < d) {
            d = b.dist;
            r = fl;
        }
    }
    best_free(&b);
    return r;
}

static int is_field(const char *name, size_t n)
{
    for (int i = 0; fields[i]; i++)
        if (strlen(fields[i]) == n && strncasecmp(fields[i], name, n) == 0)
            return 1;
    for (size_t i = 0; tc_entity_types[i]; i++)
        if (tc_entity_types[i]->field && strlen(tc_entity_types[i]->field) == n &&
            strncasecmp(tc_entity_types[i]->field, name, n) == 0)
            return 1;
    return 0;
}

/* The closest province name (either era), compared folded. */
static const char *closest_province(tc_db *db, folder *f, const char *v, size_t n)
{
    const tc_gazetteer *g = tc_db_gazetteer(db);
    if (!g || tc_gazetteer_province(g, f->t, v, n))
        return NULL;
    tc_buf fv, fc;
    tc_buf_init(&fv, 0);
    tc_buf_init(&fc, 0);
    const char *r = NULL;
    if (tc_text_fold(f->t, v, n, &fv) == TC_OK) {
        best b;
        best_init(&b, f, fv.data ? fv.data : "", fv.len);
        unsigned d = b.dist;
        static const int eras[] = {2024, 2025};
        for (int e = 0; e < 2; e++) {
            const tc_province *p;
            for (size_t i = 0; (p = tc_gazetteer_province_at(g, eras[e], i)); i++) {
                tc_buf_reset(&fc);
                if (tc_text_fold(f->t, p->name, strlen(p->name), &fc) != TC_OK)
                    continue;
                offer(&b, fc.data, fc.len, 0);
                if (b.dist < d) {
                    d = b.dist;
                    r = p->name;
                }
            }
        }
        best_free(&b);
    }
    tc_buf_free(&fv);
    tc_buf_free(&fc);
    return r;
}

/* The closest type key or Vietnamese name. */
static const char *closest_type(tc_db *db, folder *f, const char *v, size_t n)
{
    const tc_doctypes *dt = tc_db_doctypes(db);
    if (!dt || tc_doctypes_find(dt, f->t, v, n))
        return NULL;
    best b;
    best_init(&b, f, v, n);
    unsigned d = b.dist;
    const char *r = NULL;
    const tc_doctype *row;
    for (size_t i = 0; (row = tc_doctypes_row(dt, i)); i++) {
        const char *names[2] = {row->key, row->name};
        for (int k = 0; k < 2; k++) {
            if (!names[k])
                continue;
            offer(&b, names[k], strlen(names[k]), 0);
            if (b.dist < d) {
                d = b.dist;
                r = names[k];
            }
        }
    }
    best_free(&b);
    return r;
}

/* ---- citation keys ------------------------------------------------------------ */

/* Every cited key with its number of citations, in key order, from the
 * Xapian database alone (the GROUP BY below): "key\0count\0" pairs. */
typedef struct key_count_ctx {
    int ck;       /* the key column */
    tc_strmap *m; /* key -> malloc'd uint64_t */
} key_count_ctx;

static tc_rc count_key_row(void *ctx, char *const *row)
{
    key_count_ctx *c = ctx;
    const char *k = row[c->ck];
    void *v = NULL;
    tc_rc rc = TC_OK;
    if (!k)
        return TC_OK;
    if (!tc_strmap_get(c->m, k, strlen(k), &v)) {
        if (!(v = calloc(1, sizeof(uint64_t))))
            return TC_ENOMEM;
        if ((rc = tc_strmap_put(c->m, k, strlen(k), v))) {
            free(v);
            return rc;
        }
    }
    ++*(uint64_t *)v;
    return TC_OK;
}

static tc_rc key_counts_xapian(tc_db *db, tc_buf *out)
{
    const tc_entity_type *ct = tc_entity_type_find("citations");
    key_count_ctx c = {ct ? tc_xcol(ct, "key") : -1, NULL};
    if (c.ck < 0)
        return tc_db_fail(db, TC_EINVAL, "the citations table lacks a column%s", "");
    tc_rc rc = tc_strmap_new(free, &c.m);
    if (!rc)
        rc = tc_xrows_prefix(db, "XC", ct, count_key_row, &c);
    tc_strmap *m = c.m;
    const char **keys = NULL;
    size_t nk = 0, it = 0;
    const char *k;
    if (!rc) {
        keys = calloc(tc_strmap_count(m) + 1, sizeof *keys);
        rc = keys ? TC_OK : TC_ENOMEM;
    }
    while (!rc && tc_strmap_next(m, &it, &k, NULL, NULL))
        keys[nk++] = k;
    if (!rc)
        qsort(keys, nk, sizeof *keys, tc_cmp_cstr);
    for (size_t i = 0; i < nk && !rc; i++) {
        void *v = NULL;
        tc_strmap_get(m, keys[i], strlen(keys[i]), &v);
        tc_buf_puts_rc(&rc, out, keys[i]);
        tc_buf_putc_rc(&rc, out, 0);
        tc_buf_printf_rc(&rc, out, "%llu", (unsigned long long)*(uint64_t *)v);
        tc_buf_putc_rc(&rc, out, 0);
    }
    free(keys);
    tc_strmap_free(m);
    return rc;
}

static tc_rc closest_keys(tc_db *db, folder *f, const char *ref, size_t n, tc_buf *out)
{
    sqlite3_stmt *st = NULL;
    tc_buf kc;
    tc_buf_init(&kc, 0);
    tc_rc rc = tc_db_sqlite(db)
                   ? tc_db_prepare(db, "SELECT key, COUNT(*) FROM citations GROUP BY key", &st)
                   : key_counts_xapian(db, &kc);
    if (rc) {
        tc_buf_free(&kc);
        return rc;
    }
    best b;
    best_init(&b, f, ref, n);
    b.limit = TC_SUGGEST_MAX; /* a symbol is long: two edits */
    b.dist = b.limit + 1;
    for (size_t i = 0; !st && i < kc.len;) {
        const char *k = kc.data + i;
        const char *c = k + strlen(k) + 1;
        offer(&b, k, strlen(k), strtoull(c, NULL, 10));
        i = (size_t)(c - kc.data) + strlen(c) + 1;
    }
    tc_buf_free(&kc);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        if (k)
            offer(&b, k, strlen(k), (uint64_t)sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    if (b.dist <= b.limit)
        tc_buf_append_rc(&rc, out, b.text.data, b.text.len);
    if (!rc)
        rc = b.rc;
    best_free(&b);
    return rc;
}

tc_rc tc_suggest_cite(tc_db *db, const char *ref, tc_buf *out)
{
    if (!db || !ref || !out)
        return TC_EINVAL;
    folder *f = calloc(1, sizeof *f);
    if (!f)
        return TC_ENOMEM;
    f->t = tc_db_text(db);
    /* Compare the canonical key when the reference reads as one. */
    tc_buf key;
    tc_buf_init(&key, 0);
    tc_rc rc = tc_cite_key(db, ref, strlen(ref), &key);
    const char *k = rc == TC_OK && key.len ? key.data : ref;
    size_t kn = rc == TC_OK && key.len ? key.len : strlen(ref);
    rc = closest_keys(db, f, k, kn, out);
    tc_buf_free(&key);
    free(f);
    return rc;
}

/* ---- the whole query ------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Writes the correction of typed word w (out[from..]) in w's case: all
 * capitals ("SOC") or a capital first letter ("Sóc"). */
static void match_case(const char *w, size_t n, tc_buf *out, size_t from)
{
    uint32_t cp;
    size_t k = tc_utf8_decode(w, n, &cp);
    if (!u_isupper((UChar32)cp) || from >= out->len)
        return;
    int all = 1;
    for (size_t i = k; i < n;) {
        uint32_t c;
        i += tc_utf8_decode(w + i, n - i, &c);
        if (u_islower((UChar32)c))
            all = 0;
    }
    tc_buf r;
    tc_buf_init(&r, 0);
    tc_rc rc = TC_OK;
    for (size_t i = from, first = 1; i < out->len; first = 0) {
        uint32_t c;
        size_t l = tc_utf8_decode(out->data + i, out->len - i, &c);
        char enc[4];
        uint32_t u = first || all ? (uint32_t)u_toupper((UChar32)c) : c;
        size_t el = tc_utf8_encode(u, enc);
        tc_buf_append_rc(&rc, &r, el ? enc : out->data + i, el ? el : l);
        i += l;
    }
    if (!rc) {
        out->len = from;
        tc_buf_append_rc(&rc, out, r.data, r.len);
    }
    tc_buf_free(&r);
}

/* Corrects each word of s[0..n) (a word or a phrase's text) into out;
 * returns how many were changed. */
static int correct_words(tc_db *db, folder *f, const char *s, size_t n, tc_buf *out, tc_rc *rc)
{
    int changed = 0;
    tc_buf canon;
    tc_buf_init(&canon, 0);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && !is_space(s[j]))
            j++;
        if (j == i) {
            tc_buf_putc_rc(rc, out, s[i++]);
            continue;
        }
        const char *w = s + i;
        size_t wn = j - i;
        int sign = w[0] == '-' && wn > 1;
        int op = (wn == 2 && memcmp(w, "OR", 2) == 0) || (wn == 3 && memcmp(w, "AND", 3) == 0) ||
                 (wn == 3 && memcmp(w, "NOT", 3) == 0);
        /* Only plain letters are corrected: symbols and numbers are kept. */
        int plain = !op && wn - sign <= 4 * MAXLEN;
        for (size_t k = sign; plain && k < wn; k++)
            if (strchr("/.:&()\"", w[k]))
                plain = 0;
        tc_buf_reset(&canon);
        size_t before = out->len;
        if (plain && tc_text_canon(f->t, w + sign, wn - sign, &canon) == TC_OK && canon.len) {
            if (sign)
                tc_buf_putc_rc(rc, out, '-');
            size_t at = out->len;
            if (correct_word(db, f, canon.data, canon.len, out)) {
                match_case(w + sign, wn - sign, out, at);
                changed++;
            }
            if (out->len == at) {
                out->len = before;
                tc_buf_append_rc(rc, out, w, wn);
            }
        } else {
            tc_buf_append_rc(rc, out, w, wn);
        }
        i = j;
    }
    tc_buf_free(&canon);
    return changed;
}

static void put_value(tc_buf *out, const char *v, tc_rc *rc)
{
    int quote = strchr(v, ' ') != NULL;
    if (quote)
        tc_buf_putc_rc(rc, out, '"');
    tc_buf_puts_rc(rc, out, v);
    if (quote)
        tc_buf_putc_rc(rc, out, '"');
}

tc_rc tc_suggest(tc_db *db, const char *q, tc_buf *out)
{
    if (!db || !q || !out)
        return TC_EINVAL;
    size_t n = strlen(q);
    if (n > TC_QUERY_MAX_BYTES)
        return TC_OK; /* refused anyway; nothing to suggest */
    folder *f = calloc(1, sizeof *f);
    if (!f)
        return TC_ENOMEM;
    f->t = tc_db_text(db);
    tc_rc rc = TC_OK;
    tc_buf r;
    tc_buf_init(&r, 0);
    int changed = 0;
    for (size_t i = 0; i < n && !rc;) {
        if (is_space(q[i])) {
            tc_buf_putc_rc(&rc, &r, q[i++]);
            continue;
        }
        /* One operand: a quoted phrase, field:value (value maybe quoted) or a word. */
        size_t j = i;
        if (q[j] == '-')
            j++;
        if (q[j] == '"') {
            const char *close = strchr(q + j + 1, '"');
            size_t e = close ? (size_t)(close - q) : n;
            tc_buf_append_rc(&rc, &r, q + i, j + 1 - i);
            changed += correct_words(db, f, q + j + 1, e - j - 1, &r, &rc);
            if (close)
                tc_buf_putc_rc(&rc, &r, '"');
            i = close ? e + 1 : n;
            continue;
        }
        size_t k = j;
        while (k < n && !is_space(q[k]) && q[k] != ':' && q[k] != '"')
            k++;
        if (k < n && q[k] == ':' && k > j && isalpha((unsigned char)q[j])) {
            /* field:value */
            const char *name = q + j;
            size_t nn = k - j;
            size_t vs = k + 1, ve;
            int quoted = vs < n && q[vs] == '"';
            if (quoted) {
                const char *close = strchr(q + vs + 1, '"');
                ve = close ? (size_t)(close - q) + 1 : n;
            } else {
                ve = vs;
                while (ve < n && !is_space(q[ve]))
                    ve++;
            }
            char value[512];
            size_t vl = quoted ? (ve > vs + 1 ? ve - vs - 1 - (q[ve - 1] == '"') : 0) : ve - vs;
            if (vl >= sizeof value)
                vl = sizeof value - 1;
            memcpy(value, q + vs + quoted, vl);
            value[vl] = 0;
            char fname[32];
            snprintf(fname, sizeof fname, "%.*s", (int)(nn < 31 ? nn : 31), name);
            for (char *c = fname; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            const char *fixed_name = NULL;
            if (!is_field(name, nn) && (fixed_name = closest_field(f, name, nn)))
                changed++;
            const char *use = fixed_name ? fixed_name : fname;
            const char *fixed_value = NULL;
            if (strcmp(use, "province") == 0 || strcmp(use, "province2025") == 0 ||
                strcmp(use, "mentions") == 0)
                fixed_value = closest_province(db, f, value, vl);
            else if (strcmp(use, "type") == 0)
                fixed_value = closest_type(db, f, value, vl);
            tc_buf_append_rc(&rc, &r, q + i, j - i); /* a sign */
            tc_buf_puts_rc(&rc, &r, fixed_name ? fixed_name : "");
            if (!fixed_name)
                tc_buf_append_rc(&rc, &r, name, nn);
            tc_buf_putc_rc(&rc, &r, ':');
            if (fixed_value) {
                put_value(&r, fixed_value, &rc);
                changed++;
            } else if (strcmp(use, "cites") == 0 && vl) {
                /* An unknown cited symbol: the closest key cited in the index. */
                tc_buf key, near;
                tc_buf_init(&key, 0);
                tc_buf_init(&near, 0);
                int known = 0;
                if (tc_cite_key(db, value, vl, &key) == TC_OK) {
                    tc_cite_row *rows = NULL;
                    size_t nr = 0;
                    if (tc_cite_list(db, tc_buf_cstr(&key), 0, &rows, &nr) == TC_OK)
                        known = nr > 0;
                    tc_cite_rows_free(rows, nr);
                }
                if (!known && tc_suggest_cite(db, value, &near) == TC_OK && near.len) {
                    tc_buf_append_rc(&rc, &r, near.data, near.len);
                    changed++;
                } else {
                    tc_buf_append_rc(&rc, &r, q + vs, ve - vs);
                }
                tc_buf_free(&key);
                tc_buf_free(&near);
            } else {
                tc_buf_append_rc(&rc, &r, q + vs, ve - vs);
            }
            i = ve;
            continue;
        }
        /* A word (to the next space). */
        k = i;
        while (k < n && !is_space(q[k]))
            k++;
        changed += correct_words(db, f, q + i, k - i, &r, &rc);
        i = k;
    }
    if (!rc && changed)
        tc_buf_append_rc(&rc, out, r.data, r.len);
    tc_buf_free(&r);
    free(f);
    return rc;
}
