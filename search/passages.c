/* passages.c: occurrences, passages and the snippet window (see passages.h). */
#include "passages.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../store/schema.h"
#include "db.h"

/* The 1-based page holding byte offset off, from a document's stored page
 * starts ("0,1834,..."); 0 when it has none. */
uint32_t tc_page_of(const char *starts, size_t off)
{
    uint32_t page = 0;
    for (const char *p = starts; p && *p;) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || v > off)
            break;
        page++;
        p = *end == ',' ? end + 1 : end;
    }
    return page;
}

/* ---- the query's elements, compiled ------------------------------------ */

/* A slot accepts the terms ids[off .. off+n). */
typedef struct slot {
    size_t off, n;
} slot;

typedef struct element {
    size_t slot0, nslots; /* slots[slot0 .. slot0+nslots) */
} element;

typedef struct compiled {
    tc_strmap *ids;   /* term -> id + 1 */
    size_t nterms;    /* distinct terms */
    element *el;      /* distinct elements */
    size_t nel;       /* count */
    slot *slots;      /* all slots */
    size_t nslots;    /* count */
    uint32_t *tids;   /* term ids of all slots */
    size_t ntids;     /* count */
    size_t max_slots; /* the longest element */
} compiled;

static void compiled_free(compiled *c)
{
    tc_strmap_free(c->ids);
    free(c->el);
    free(c->slots);
    free(c->tids);
    memset(c, 0, sizeof *c);
}

static int grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*v, n * size);
    if (!p)
        return -1;
    *v = p;
    *cap = n;
    return 0;
}

static int32_t term_id(const compiled *c, const char *term, size_t n)
{
    void *v = NULL;
    if (!c->ids || !tc_strmap_get(c->ids, term, n, &v))
        return -1;
    return (int32_t)((uintptr_t)v - 1);
}

/* Does slot s accept term id t? */
static int slot_accepts(const compiled *c, const slot *s, int32_t t)
{
    if (t < 0)
        return 0;
    for (size_t k = 0; k < s->n; k++)
        if (c->tids[s->off + k] == (uint32_t)t)
            return 1;
    return 0;
}

/* Reads the element list (query.h: '\x1f' ends a term, '\x1d' a slot,
 * '\x1e' an element); identical elements are kept once. */
static tc_rc compile(const tc_query *q, compiled *c)
{
    memset(c, 0, sizeof *c);
    size_t len;
    const char *e = tc_query_elements(q, &len), *end = e + len;
    tc_rc rc = tc_strmap_new(NULL, &c->ids);
    size_t elcap = 0, slcap = 0, tcap = 0;
    tc_strmap *seen = NULL; /* element text -> present */
    if (!rc)
        rc = tc_strmap_new(NULL, &seen);
    while (!rc && e < end) {
        const char *ee = memchr(e, '\x1e', (size_t)(end - e));
        if (!ee)
            ee = end;
        if (ee == e || tc_strmap_get(seen, e, (size_t)(ee - e), NULL)) {
            e = ee + 1;
            continue;
        }
        if ((rc = tc_strmap_put(seen, e, (size_t)(ee - e), NULL)))
            break;
        if (grow((void **)&c->el, &elcap, c->nel + 1, sizeof *c->el)) {
            rc = TC_ENOMEM;
            break;
        }
        element *el = &c->el[c->nel];
        el->slot0 = c->nslots;
        el->nslots = 0;
        for (const char *s = e; s < ee && !rc;) {
            const char *se = memchr(s, '\x1d', (size_t)(ee - s));
            if (!se)
                se = ee;
            if (grow((void **)&c->slots, &slcap, c->nslots + 1, sizeof *c->slots)) {
                rc = TC_ENOMEM;
                break;
            }
            slot *sl = &c->slots[c->nslots];
            sl->off = c->ntids;
            sl->n = 0;
            for (const char *t = s; t < se && !rc;) {
                const char *te = memchr(t, '\x1f', (size_t)(se - t));
                if (!te)
                    te = se;
                if (te > t) {
                    int32_t id = term_id(c, t, (size_t)(te - t));
                    if (id < 0) {
                        id = (int32_t)c->nterms++;
                        rc =
                            tc_strmap_put(c->ids, t, (size_t)(te - t), (void *)(uintptr_t)(id + 1));
                    }
                    if (!rc && grow((void **)&c->tids, &tcap, c->ntids + 1, sizeof *c->tids))
                        rc = TC_ENOMEM;
                    if (!rc) {
                        c->tids[c->ntids++] = (uint32_t)id;
                        sl->n++;
                    }
                }
                t = te + 1;
            }
            c->nslots++;
            el->nslots++;
            s = se + 1;
        }
        if (!rc && el->nslots)
            c->nel++;
        if (el->nslots > c->max_slots)
            c->max_slots = el->nslots;
        e = ee + 1;
    }
    tc_strmap_free(seen);
    if (rc)
        compiled_free(c);
    return rc;
}

/* ---- scanning ---------------------------------------------------------- */

typedef struct posx {
    int32_t piece, comp; /* term ids (-1: not a query term) */
    size_t comp_end;     /* end of the compound starting here */
    int has_comp;        /* a compound starts here */
    uint32_t sentence;   /* sentence index (into sent) */
} posx;

/* The elements whose slot 0 accepts each term (compressed rows), so a
 * position is checked only against the elements that can start there. */
typedef struct start_index {
    size_t *off; /* per term: offset into el, nterms + 1 entries */
    uint32_t *el;
} start_index;

static tc_rc build_start_index(const compiled *c, start_index *si)
{
    si->off = calloc(c->nterms + 1, sizeof *si->off);
    size_t total = 0;
    for (size_t e = 0; e < c->nel; e++)
        total += c->slots[c->el[e].slot0].n;
    si->el = malloc((total ? total : 1) * sizeof *si->el);
    if (!si->off || !si->el)
        return TC_ENOMEM;
    for (size_t e = 0; e < c->nel; e++) {
        const slot *s = &c->slots[c->el[e].slot0];
        for (size_t k = 0; k < s->n; k++)
            si->off[c->tids[s->off + k] + 1]++;
    }
    for (size_t t = 0; t < c->nterms; t++)
        si->off[t + 1] += si->off[t];
    size_t *fill = calloc(c->nterms + 1, sizeof *fill);
    if (!fill)
        return TC_ENOMEM;
    for (size_t e = 0; e < c->nel; e++) {
        const slot *s = &c->slots[c->el[e].slot0];
        for (size_t k = 0; k < s->n; k++) {
            uint32_t t = c->tids[s->off + k];
            si->el[si->off[t] + fill[t]++] = (uint32_t)e;
        }
    }
    free(fill);
    return TC_OK;
}

typedef struct scanner {
    compiled c;        /* the query's elements */
    start_index si;    /* which elements can start at a term */
    tc_scan *out;      /* what is found */
    posx *px;          /* per position */
    size_t cap, pcap;  /* capacities of out->pos / px */
    size_t scap, ocap; /* of out->sent, out->occ */
    const char *doc;
    size_t last_end;  /* end of the previous position */
    uint32_t line;    /* current 1-based line */
    size_t settled;   /* positions before this one have all their compounds */
    size_t next_eval; /* the next position to look for elements at */
    int mode;
    unsigned char *seen; /* per element: occurred */
    size_t nseen;        /* elements that occurred */
    size_t first_at;     /* position of the first occurrence, or SIZE_MAX */
    /* Snippet mode: the last position of each element, the fewest positions
     * a window holding every element can span (every element side by side),
     * and where the first such window starts (SIZE_MAX: none yet). */
    uint32_t *last_pos;
    size_t tight;
    size_t tight_at;
    tc_rc rc;
} scanner;

/* Does element e occur at position i?  Sets *end to its end byte. */
static int element_at(const scanner *sc, const element *el, size_t i, size_t *end)
{
    const tc_scan *o = sc->out;
    if (i + el->nslots > o->npos)
        return 0;
    size_t e = 0;
    for (size_t k = 0; k < el->nslots; k++) {
        const slot *s = &sc->c.slots[el->slot0 + k];
        const posx *p = &sc->px[i + k];
        if (slot_accepts(&sc->c, s, p->piece)) {
            if (o->pos[i + k].end > e)
                e = o->pos[i + k].end;
        } else if (p->has_comp && slot_accepts(&sc->c, s, p->comp)) {
            if (p->comp_end > e)
                e = p->comp_end;
        } else {
            return 0;
        }
    }
    *end = e;
    return 1;
}

static void consider(scanner *sc, int32_t t, size_t i, int32_t *best, size_t *best_end)
{
    if (t < 0)
        return;
    for (size_t k = sc->si.off[t]; k < sc->si.off[t + 1]; k++) {
        uint32_t e = sc->si.el[k];
        const element *el = &sc->c.el[e];
        if (*best >= 0 && (el->nslots < sc->c.el[*best].nslots ||
                           (el->nslots == sc->c.el[*best].nslots && (int32_t)e > *best)))
            continue;
        size_t end;
        if (element_at(sc, el, i, &end)) {
            *best = (int32_t)e;
            *best_end = end;
        }
    }
}

/* Snippet mode: after an occurrence at i, is every element within a
 * window that cannot be beaten (all side by side)?  Remembers where. */
static void check_tight(scanner *sc, size_t i)
{
    size_t lo = i, hi = 0;
    for (size_t e = 0; e < sc->c.nel; e++) {
        size_t end = (size_t)sc->last_pos[e] + sc->c.el[e].nslots;
        if (sc->last_pos[e] < lo)
            lo = sc->last_pos[e];
        if (end > hi)
            hi = end;
    }
    if (hi - lo <= sc->tight)
        sc->tight_at = lo;
}

static void eval_pos(scanner *sc, size_t i)
{
    tc_scan *o = sc->out;
    int32_t best = -1;
    size_t best_end = 0;
    consider(sc, sc->px[i].piece, i, &best, &best_end);
    if (sc->px[i].has_comp)
        consider(sc, sc->px[i].comp, i, &best, &best_end);
    if (best < 0)
        return;
    if (grow((void **)&o->occ, &sc->ocap, o->nocc + 1, sizeof *o->occ)) {
        sc->rc = TC_ENOMEM;
        return;
    }
    o->occ[o->nocc++] =
        (tc_occ){o->pos[i].start, best_end,          (uint32_t)i, (uint32_t)sc->c.el[best].nslots,
                 (uint32_t)best,  sc->px[i].sentence};
    if (sc->first_at == SIZE_MAX)
        sc->first_at = i;
    if (!sc->seen[best]) {
        sc->seen[best] = 1;
        sc->nseen++;
    }
    if (sc->last_pos) {
        sc->last_pos[best] = (uint32_t)i;
        if (sc->nseen == sc->c.nel && sc->tight_at == SIZE_MAX)
            check_tight(sc, i);
    }
}

/* Between two tokens, joiner characters keep a compound going. */
static int joins(const char *d, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!strchr("/-&.:", d[i]) || !d[i])
            return 0;
    return 1;
}

static int scan_token(void *ctx, const tc_token *tok)
{
    scanner *sc = ctx;
    tc_scan *o = sc->out;
    if (tok->flags & TC_TOK_COLOCATED) {
        if (tok->pos < o->npos && !sc->px[tok->pos].has_comp) {
            posx *p = &sc->px[tok->pos];
            p->has_comp = 1;
            p->comp = term_id(&sc->c, tok->term, tok->term_len);
            p->comp_end = tok->end;
        }
        return 0;
    }
    /* A sentence ends at . ; ! ? or a line break between two tokens. */
    int boundary = o->npos == 0;
    for (size_t i = sc->last_end; i < tok->start; i++) {
        char ch = sc->doc[i];
        if (ch == '\n')
            sc->line++;
        if (ch == '.' || ch == ';' || ch == '!' || ch == '?' || ch == '\n')
            boundary = 1;
    }
    if (o->npos && !joins(sc->doc, sc->last_end, tok->start))
        sc->settled = o->npos;
    sc->last_end = tok->end;
    if (grow((void **)&o->pos, &sc->cap, o->npos + 1, sizeof *o->pos) ||
        grow((void **)&sc->px, &sc->pcap, o->npos + 1, sizeof *sc->px) ||
        (boundary && grow((void **)&o->sent, &sc->scap, o->nsent + 1, sizeof *o->sent))) {
        sc->rc = TC_ENOMEM;
        return 1;
    }
    if (boundary)
        o->sent[o->nsent++] = (tc_scan_sentence){tok->start, tok->end, sc->line};
    o->sent[o->nsent - 1].end = tok->end;
    o->pos[o->npos] = (tc_scan_pos){tok->start, tok->end};
    sc->px[o->npos] =
        (posx){term_id(&sc->c, tok->term, tok->term_len), -1, 0, 0, (uint32_t)(o->nsent - 1)};
    o->npos++;
    while (sc->next_eval + sc->c.max_slots <= sc->settled && !sc->rc)
        eval_pos(sc, sc->next_eval++);
    if (sc->rc)
        return 1;
    if (sc->mode == TC_SCAN_SNIPPET) {
        /* Past an unbeatable window and the context it shows. */
        if (sc->tight_at != SIZE_MAX && o->npos > sc->tight_at + 2 * TC_SNIPPET_TOKENS)
            o->stopped = 1;
        if (sc->first_at != SIZE_MAX && o->npos > sc->first_at + TC_SCAN_BUDGET)
            o->stopped = 1;
    }
    return o->stopped;
}

void tc_scan_free(tc_scan *s)
{
    if (!s)
        return;
    free(s->pos);
    free(s->occ);
    free(s->sent);
    memset(s, 0, sizeof *s);
}

tc_rc tc_scan_run(const tc_query *q, tc_text *t, const char *doc, size_t len, int mode,
                  tc_scan *out)
{
    memset(out, 0, sizeof *out);
    scanner scan;
    memset(&scan, 0, sizeof scan);
    scanner *sc = &scan;
    tc_rc rc = compile(q, &sc->c);
    if (rc)
        return rc;
    sc->out = out;
    sc->doc = doc;
    sc->line = 1;
    sc->mode = mode;
    sc->tight_at = sc->first_at = SIZE_MAX;
    out->nelems = (uint32_t)sc->c.nel;
    if (sc->c.nel == 0) { /* filters only: nothing to find */
        compiled_free(&sc->c);
        return TC_OK;
    }
    sc->seen = calloc(sc->c.nel, 1);
    rc = sc->seen ? build_start_index(&sc->c, &sc->si) : TC_ENOMEM;
    /* The unbeatable-window check costs a pass over the elements per
     * occurrence: only for queries of a few words (others scan to the
     * budget). */
    if (!rc && mode == TC_SCAN_SNIPPET && sc->c.nel <= 32) {
        sc->last_pos = malloc(sc->c.nel * sizeof *sc->last_pos);
        if (!sc->last_pos)
            rc = TC_ENOMEM;
        for (size_t e = 0; !rc && e < sc->c.nel; e++) {
            sc->last_pos[e] = 0;
            sc->tight += sc->c.el[e].nslots;
        }
    }
    if (!rc)
        rc = tc_text_tokenize(t, doc, len, scan_token, sc, NULL, NULL);
    if (!rc)
        rc = sc->rc;
    /* The end of the text settles every position. */
    while (!rc && sc->next_eval < out->npos) {
        eval_pos(sc, sc->next_eval++);
        rc = sc->rc;
    }
    free(sc->px);
    free(sc->seen);
    free(sc->si.off);
    free(sc->si.el);
    free(sc->last_pos);
    compiled_free(&sc->c);
    if (rc)
        tc_scan_free(out);
    return rc;
}

/* ---- the snippet window ------------------------------------------------- */

unsigned tc_snippet_window(const tc_occ *occ, size_t n, uint32_t nelems, uint32_t max_span,
                           size_t *first, size_t *last)
{
    *first = *last = 0;
    if (n == 0)
        return 0;
    unsigned char *in = calloc(nelems ? nelems : 1, 1);
    unsigned best = 0;
    size_t best_span = SIZE_MAX;
    for (size_t lo = 0; lo < n; lo++) {
        unsigned distinct = 0;
        for (size_t hi = lo; hi < n; hi++) {
            size_t span = (size_t)occ[hi].pos + occ[hi].npos - occ[lo].pos;
            if (hi > lo && span > max_span)
                break;
            uint32_t e = occ[hi].elem;
            if (e >= nelems) {
                /* not an element (a caller's mistake): counts nothing */
            } else if (!in) {
                distinct += hi == lo; /* no memory: count the first only */
            } else if (!in[e]) {
                in[e] = 1;
                distinct++;
            }
            if (distinct > best || (distinct == best && span < best_span)) {
                best = distinct;
                best_span = span;
                *first = lo;
                *last = hi;
            }
        }
        if (in)
            for (size_t hi = lo; hi < n; hi++) {
                if (occ[hi].elem < nelems)
                    in[occ[hi].elem] = 0;
                if ((size_t)occ[hi].pos + occ[hi].npos - occ[lo].pos > max_span)
                    break;
            }
    }
    free(in);
    return best;
}

/* ---- passages ----------------------------------------------------------- */

uint64_t tc_scan_passage_count(const tc_scan *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->nocc; i++)
        n += i == 0 || s->occ[i].sentence != s->occ[i - 1].sentence;
    return n;
}

void tc_passages_free(tc_passage *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        free(p[i].marks);
        free(p[i].text);
        free(p[i].text_marks);
    }
    free(p);
}

static int cmp_range(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

size_t tc_marks_merge(size_t (*m)[2], size_t n)
{
    qsort(m, n, sizeof *m, cmp_range);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && m[i][0] <= m[k - 1][1]) {
            if (m[i][1] > m[k - 1][1])
                m[k - 1][1] = m[i][1];
        } else {
            m[k][0] = m[i][0];
            m[k][1] = m[i][1];
            k++;
        }
    }
    return k;
}

static int is_ws(const unsigned char *p, size_t left, size_t *len)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
        *len = 1;
        return 1;
    }
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
        *len = 2;
        return 1;
    }
    return 0;
}

tc_rc tc_text_marked(const char *doc, size_t from, size_t to, const size_t (*origin)[2], size_t nm,
                     char **text, size_t (**marks)[2])
{
    *text = NULL;
    *marks = calloc(nm ? nm : 1, sizeof **marks);
    if (!*marks)
        return TC_ENOMEM;
    tc_buf b;
    tc_buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)doc;
    size_t m = 0;
    int space = 0, open = 0; /* open: mark m has its start placed */
    tc_rc rc = TC_OK;
    /* Marks that start before from (cannot happen by construction) are
     * placed at the start. */
    for (size_t i = from; i < to && !rc;) {
        if (m < nm && !open && i >= origin[m][0]) {
            open = 1;
            if (space && b.len) {
                rc = tc_buf_putc(&b, ' ');
                space = 0;
            }
            (*marks)[m][0] = b.len;
        }
        size_t wl;
        if (is_ws(p + i, to - i, &wl)) {
            space = 1;
            i += wl;
        } else {
            if (space && b.len)
                rc = tc_buf_putc(&b, ' ');
            space = 0;
            uint32_t cp;
            size_t k = tc_utf8_decode(doc + i, to - i, &cp);
            if (cp == 0xFFFD && k == 1)
                rc = tc_buf_puts(&b, "\xEF\xBF\xBD");
            else if ((cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)) || cp == '\t')
                rc = tc_buf_append(&b, doc + i, k);
            i += k;
        }
        if (m < nm && open && i >= origin[m][1]) {
            (*marks)[m][1] = b.len;
            m++;
            open = 0;
        }
    }
    if (m < nm && open)
        (*marks)[m++][1] = b.len;
    for (; m < nm; m++) /* outside [from, to): empty at the end */
        (*marks)[m][0] = (*marks)[m][1] = b.len;
    if (!rc && !b.data)
        rc = tc_buf_putc(&b, 0), b.len = 0;
    *text = tc_buf_release(&b, NULL);
    if (!rc && !*text)
        rc = TC_ENOMEM;
    if (rc) {
        free(*text);
        free(*marks);
        *text = NULL;
        *marks = NULL;
    }
    return rc;
}

/* The end of a sentence: past its last token, the punctuation that closes
 * it (".", ")", quotes), stopping after a sentence end or at white space. */
static size_t sentence_end(const char *doc, size_t len, size_t end)
{
    size_t e = end;
    while (e < len && e - end < 8) {
        unsigned char ch = (unsigned char)doc[e];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == 0)
            break;
        if (ch == '.' || ch == ';' || ch == '!' || ch == '?' || ch == ':' || ch == ',') {
            e++;
            break;
        }
        if (ch == ')' || ch == '"' || ch == '\'') {
            e++;
            continue;
        }
        if (ch == 0xE2 && e + 2 < len && (unsigned char)doc[e + 1] == 0x80 &&
            ((unsigned char)doc[e + 2] == 0x9D || (unsigned char)doc[e + 2] == 0x99)) {
            e += 3; /* ” ’ */
            continue;
        }
        break;
    }
    return e;
}

tc_rc tc_scan_passages(const tc_scan *s, const char *doc, size_t len, const char *page_starts,
                       const char *page_kinds, tc_passage **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t np = (size_t)tc_scan_passage_count(s);
    if (np == 0)
        return TC_OK;
    tc_passage *p = calloc(np, sizeof *p);
    if (!p)
        return TC_ENOMEM;
    tc_rc rc = TC_OK;
    size_t k = 0, kinds = page_kinds ? strlen(page_kinds) : 0;
    for (size_t i = 0; i < s->nocc && !rc;) {
        size_t j = i;
        while (j < s->nocc && s->occ[j].sentence == s->occ[i].sentence)
            j++;
        const tc_scan_sentence *se = &s->sent[s->occ[i].sentence];
        tc_passage *ps = &p[k++];
        ps->start = se->start;
        ps->end = sentence_end(doc, len, se->end);
        ps->line = se->line;
        ps->marks = calloc(j - i, sizeof *ps->marks);
        if (!ps->marks) {
            rc = TC_ENOMEM;
            break;
        }
        for (size_t m = i; m < j; m++) {
            ps->marks[m - i][0] = s->occ[m].start;
            ps->marks[m - i][1] = s->occ[m].end;
            if (s->occ[m].end > ps->end) /* a phrase across a sentence end */
                ps->end = s->occ[m].end;
        }
        ps->nmarks = tc_marks_merge(ps->marks, j - i);
        ps->page = page_starts && *page_starts ? tc_page_of(page_starts, ps->start) : 0;
        ps->ocr = ps->page && ps->page <= kinds && page_kinds[ps->page - 1] == 'o';
        rc = tc_text_marked(doc, ps->start, ps->end, (const size_t(*)[2])ps->marks, ps->nmarks,
                            &ps->text, &ps->text_marks);
        i = j;
    }
    if (rc) {
        tc_passages_free(p, k);
        return rc;
    }
    *out = p;
    *n = k;
    return TC_OK;
}

tc_rc tc_passages(tc_db *db, const tc_query *q, uint32_t docid, tc_passage **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!db || !q)
        return TC_EINVAL;
    tc_buf data;
    tc_buf_init(&data, 0);
    tc_rc rc = tcx_db_doc_data(tc_db_xapian(db), docid, &data);
    if (rc) {
        tc_buf_free(&data);
        return rc == TC_ENOTFOUND ? rc : tc_db_xapian_fail(db, rc);
    }
    tc_fields f;
    rc = tc_fields_parse(data.data ? data.data : "", data.len, &f);
    if (!rc) {
        tc_scan s;
        rc = tc_scan_run(q, tc_db_text(db), f.body, f.body_len, TC_SCAN_ALL, &s);
        if (!rc)
            rc = tc_scan_passages(&s, f.body, f.body_len, tc_fields_get(&f, "pages"),
                                  tc_fields_get(&f, "page_kinds"), out, n);
        tc_scan_free(&s);
        tc_fields_free(&f);
    }
    tc_buf_free(&data);
    return rc;
}

/* ---- counting passages from the index ---------------------------------- */

struct tc_pcount {
    tc_db *db;            /* for error messages (NULL: a worker's counter) */
    compiled c;           /* the query's elements */
    tcx_cursor *terms;    /* positions of the query's terms */
    tcx_cursor *sents;    /* the sentence starts */
    uint32_t *pool;       /* positions of the current document, term by term */
    size_t npool, cap;    /* used, capacity */
    size_t *off, *n;      /* per term id: offset into pool and count (0: absent) */
    uint32_t *starts;     /* occurrence starts of the current document */
    size_t nstarts, scap; /* used, capacity */
    tc_buf value;         /* scratch: the sentence value */
    tc_rc rc;             /* first error of a callback */
};

void tc_pcount_free(tc_pcount *pc)
{
    if (!pc)
        return;
    tcx_cursor_free(pc->terms);
    tcx_cursor_free(pc->sents);
    compiled_free(&pc->c);
    free(pc->pool);
    free(pc->off);
    free(pc->n);
    free(pc->starts);
    tc_buf_free(&pc->value);
    free(pc);
}

/* db: where errors are recorded, NULL for a worker thread's counter
 * (its caller records them); x: the Xapian handle it reads. */
static tc_rc pcount_open(tc_db *db, tcx_db *x, const tc_query *q, tc_pcount **out)
{
    *out = NULL;
    tc_pcount *pc = calloc(1, sizeof *pc);
    if (!pc)
        return TC_ENOMEM;
    pc->db = db;
    tc_buf_init(&pc->value, 0);
    tc_rc rc = compile(q, &pc->c);
    size_t nt = pc->c.nterms;
    const char **terms = calloc(nt + 1, sizeof *terms);
    size_t *lens = calloc(nt + 1, sizeof *lens);
    pc->off = calloc(nt + 1, sizeof *pc->off);
    pc->n = calloc(nt + 1, sizeof *pc->n);
    if (!rc && (!terms || !lens || !pc->off || !pc->n))
        rc = TC_ENOMEM;
    int too_long = 0;
    size_t it = 0, kl;
    const char *k;
    void *v;
    while (!rc && tc_strmap_next(pc->c.ids, &it, &k, &kl, &v)) {
        size_t id = (size_t)((uintptr_t)v - 1);
        terms[id] = k;
        lens[id] = kl;
        too_long |= kl > 240; /* analyze.c keeps terms of at most 240 bytes */
    }
    if (!rc && !too_long)
        rc = tcx_cursor_terms(x, terms, lens, nt, 1, &pc->terms);
    if (!rc && !too_long)
        rc = tcx_cursor_values(x, TC_SLOT_SENTENCES, &pc->sents);
    free(terms);
    free(lens);
    if (rc || too_long) {
        if (rc == TC_EXAPIAN && db)
            tc_db_xapian_fail(db, rc);
        tc_pcount_free(pc);
        return rc;
    }
    *out = pc;
    return TC_OK;
}

tc_rc tc_pcount_open(tc_db *db, const tc_query *q, tc_pcount **out)
{
    return pcount_open(db, tc_db_xapian(db), q, out);
}

static int take_positions(void *ctx, size_t term, const uint32_t *pos, size_t n)
{
    tc_pcount *pc = ctx;
    if (grow((void **)&pc->pool, &pc->cap, pc->npool + n, sizeof *pc->pool)) {
        pc->rc = TC_ENOMEM;
        return 1;
    }
    memcpy(pc->pool + pc->npool, pos, n * sizeof *pos);
    pc->off[term] = pc->npool;
    pc->n[term] = n;
    pc->npool += n;
    return 0;
}

/* Is position p among the positions of a term slot s accepts? */
static int slot_has(const tc_pcount *pc, const slot *s, uint64_t p)
{
    for (size_t k = 0; k < s->n; k++) {
        uint32_t t = pc->c.tids[s->off + k];
        const uint32_t *v = pc->pool + pc->off[t];
        size_t lo = 0, hi = pc->n[t];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] < p)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < pc->n[t] && v[lo] == p)
            return 1;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The stored sentence starts (schema.h), read one by one. */
typedef struct sent_reader {
    const unsigned char *p, *end; /* the rest of the value */
    uint64_t at;                  /* the last start read */
} sent_reader;

/* The next sentence start, or UINT64_MAX at the end (a damaged value ends
 * the list: the rest of the document counts as one sentence). */
static uint64_t sent_next(sent_reader *r)
{
    uint64_t d = 0;
    for (int shift = 0; r->p < r->end && shift < 35; shift += 7) {
        unsigned char b = *r->p++;
        d |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            r->at += d;
            return r->at;
        }
    }
    r->p = r->end;
    return UINT64_MAX;
}

tc_rc tc_pcount_doc(tc_pcount *pc, uint32_t docid, uint64_t *passages)
{
    *passages = 0;
    if (pc->c.nel == 0) /* the scanner finds nothing either */
        return TC_OK;
    memset(pc->n, 0, pc->c.nterms * sizeof *pc->n);
    pc->npool = 0;
    pc->nstarts = 0;
    pc->rc = TC_OK;
    tc_rc rc = tcx_cursor_doc(pc->terms, docid, take_positions, pc);
    if (rc)
        return pc->db ? tc_db_xapian_fail(pc->db, rc) : rc;
    if (pc->rc)
        return pc->rc;
    /* Occurrence starts: each position of slot 0 where every later slot
     * follows. */
    for (size_t e = 0; e < pc->c.nel; e++) {
        const element *el = &pc->c.el[e];
        const slot *s0 = &pc->c.slots[el->slot0];
        for (size_t k = 0; k < s0->n; k++) {
            uint32_t t = pc->c.tids[s0->off + k];
            for (size_t i = 0; i < pc->n[t]; i++) {
                uint32_t p = pc->pool[pc->off[t] + i];
                size_t j = 1;
                while (j < el->nslots && slot_has(pc, &pc->c.slots[el->slot0 + j], (uint64_t)p + j))
                    j++;
                if (j < el->nslots)
                    continue;
                if (grow((void **)&pc->starts, &pc->scap, pc->nstarts + 1, sizeof *pc->starts))
                    return TC_ENOMEM;
                pc->starts[pc->nstarts++] = p;
            }
        }
    }
    if (pc->nstarts == 0)
        return TC_OK;
    qsort(pc->starts, pc->nstarts, sizeof *pc->starts, cmp_u32);
    tc_buf_reset(&pc->value);
    rc = tcx_cursor_value(pc->sents, docid, &pc->value);
    if (rc)
        return pc->db ? tc_db_xapian_fail(pc->db, rc) : rc;
    /* Walk the starts and the sentence starts together: a passage for each
     * sentence holding a start. */
    const unsigned char *sv = (const unsigned char *)(pc->value.data ? pc->value.data : "");
    sent_reader r = {sv, sv + pc->value.len, 0};
    uint64_t next = sent_next(&r); /* start of the next sentence */
    int counted = 0;               /* the current sentence has a passage */
    for (size_t i = 0; i < pc->nstarts; i++) {
        while (pc->starts[i] >= next) {
            counted = 0;
            next = sent_next(&r);
        }
        if (!counted) {
            counted = 1;
            (*passages)++;
        }
    }
    return TC_OK;
}

/* ---- the same over several threads ------------------------------------ *
 * The cost of a large count is reading position lists: Xapian 1.4 opens a
 * fresh B-tree cursor for each, two block reads (pread) a list, most of
 * the time in the kernel (bench/BASELINE.md).  Those reads run side by
 * side on separate handles, so a long list of documents is cut in
 * contiguous runs (each still walks its posting lists forward) counted
 * on worker threads, each with its own handle of the same commit. */

/* A run of fewer documents costs less than opening a handle for it. */
enum { PCOUNT_MIN_RUN = 500, PCOUNT_MAX_THREADS = 4 };

typedef struct pcount_run {
    tc_pcount *pc;       /* this run's counter (a worker's own) */
    tcx_db *x;           /* its handle (NULL for the caller's run) */
    const uint32_t *ids; /* the run's documents */
    size_t n;            /* count */
    uint64_t *passages;  /* out, one per document */
    tc_rc rc;            /* result */
    pthread_t thread;    /* the worker */
    int started;         /* the worker was started */
} pcount_run;

static void *pcount_work(void *arg)
{
    pcount_run *r = arg;
    r->rc = TC_OK;
    for (size_t i = 0; i < r->n && !r->rc; i++)
        r->rc = tc_pcount_doc(r->pc, r->ids[i], &r->passages[i]);
    return NULL;
}

tc_rc tc_pcount_docs(tc_pcount *pc, tc_db *db, const tc_query *q, const uint32_t *ids, size_t n,
                     uint64_t *passages, size_t *threads)
{
    size_t nrun = (size_t)tc_thread_count(PCOUNT_MAX_THREADS);
    if (nrun > n / PCOUNT_MIN_RUN)
        nrun = n / PCOUNT_MIN_RUN;
    pcount_run runs[PCOUNT_MAX_THREADS];
    memset(runs, 0, sizeof runs);
    /* Runs 1.. on workers when each gets its handle; the rest is the
     * caller's. */
    size_t workers = 0;
    for (size_t k = 1; k < nrun; k++) {
        pcount_run *r = &runs[workers + 1];
        r->x = tc_store_xapian_twin(tc_db_store(db));
        if (!r->x || pcount_open(NULL, r->x, q, &r->pc) || !r->pc) {
            tc_pcount_free(r->pc);
            tcx_db_close(r->x);
            memset(r, 0, sizeof *r);
            break;
        }
        workers++;
    }
    size_t per = n / (workers + 1), start = n - per * workers;
    runs[0] = (pcount_run){pc, NULL, ids, start, passages, TC_OK, 0, 0};
    for (size_t k = 1; k <= workers; k++) {
        pcount_run *r = &runs[k];
        r->ids = ids + start + (k - 1) * per;
        r->passages = passages + start + (k - 1) * per;
        r->n = per;
        r->started = pthread_create(&r->thread, NULL, pcount_work, r) == 0;
    }
    pcount_work(&runs[0]);
    tc_rc rc = runs[0].rc;
    size_t used = 1;
    for (size_t k = 1; k <= workers; k++) {
        pcount_run *r = &runs[k];
        if (r->started)
            pthread_join(r->thread, NULL);
        used += r->started && !r->rc;
        tc_pcount_free(r->pc);
        tcx_db_close(r->x);
        /* A run that did not start or failed is counted again here: the
         * caller's handle says what is wrong, if anything still is. */
        if (!rc && (!r->started || r->rc)) {
            r->pc = pc;
            pcount_work(r);
            rc = r->rc;
        }
    }
    if (threads)
        *threads = used;
    return rc;
}
