/* query.c: parse the query language and build Xapian queries (see query.h). */
#include "query.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../analyzers/agency.h"
#include "../analyzers/citation.h"
#include "../analyzers/doctypes.h"
#include "../analyzers/gazetteer.h"
#include "../analyzers/registry.h"
#include "../analyzers/text.h"
#include "../store/schema.h"

#define TC_QUERY_MAX_DEPTH 64
#define TC_QUERY_MAX_EXPANSIONS 200

/* Ranking defaults (tuned on the tune half of tests/relevance/judged.tsv;
 * bench/BASELINE.md "Relevance").  TRACUU_RANK="k1,b,pair,reading,long"
 * overrides them for tuning runs. */
#define TC_RANK_K1 1.2      /* BM25 k1 (Xapian's default is 1) */
#define TC_RANK_B 0.75      /* BM25 b (Xapian's default is 0.5) */
#define TC_RANK_PAIR 2.0    /* weight of a syllable pair of the query */
#define TC_RANK_READING 1.0 /* extra weight of the likeliest reading's pairs */
#define TC_RANK_LONG 5      /* words from which a query is ranked, not ANDed */
/* Readings of one unaccented word weighed for restoration (most frequent). */
#define TC_READ_CANDIDATES 12
/* Pair terms of one pair of unaccented words (SYNONYM of their readings). */
#define TC_PAIR_COMBOS 64
/* Sequences kept by the restoration's beam search, and shown. */
#define TC_READ_BEAM 8
#define TC_READ_SHOWN 4

typedef enum tok_kind { K_END, K_WORD, K_PHRASE, K_LP, K_RP, K_OR, K_AND, K_NOT, K_FIELD } tok_kind;

typedef struct qtok {
    tok_kind kind;  /* what it is */
    size_t at;      /* byte offset in the query */
    char *text;     /* word, phrase or field value (malloc'd) */
    char field[24]; /* field name for K_FIELD */
    int negated;    /* a leading '-' */
} qtok;

struct tc_query {
    tcx_query *strict;  /* every word */
    tc_buf elements;    /* positive words and phrases, for counting passages:
                           elements end with '\x1e', slots with '\x1d',
                           each term of a slot ends with '\x1f' */
    tcx_query *relaxed; /* best match, or NULL */
    tc_strmap *wanted;  /* canonical terms to highlight */
    tc_buf explain;     /* human explanation */
    size_t text_terms;  /* free-text terms */
    double k1, b;       /* BM25 parameters */
    int prefer_relaxed; /* a long question: ranked (any word), not every word */
    tc_buf readings;    /* restored readings, most likely first, NUL-separated */
    size_t nreadings;   /* count */
};

/* A top-level word of the query, for pairs and restoration. */
typedef struct wrec {
    size_t tok;      /* index of its token: adjacent words have adjacent tokens */
    int simple;      /* one syllable (not a symbol, not several pieces) */
    int expanded;    /* it matches several readings */
    tc_buf readings; /* candidate terms, NUL-separated (the term itself when exact) */
    size_t nread;    /* count */
    char **cand;     /* the likeliest readings (restoration), or NULL */
    double *cand_lf; /* log frequency of each */
    size_t ncand;    /* count */
} wrec;

typedef struct parser {
    tc_db *db;             /* the index (lexicon, gazetteer) */
    tc_text *text;         /* its ICU state */
    const char *src;       /* the query text */
    qtok *toks;            /* lexed tokens */
    size_t ntoks, cap, i;  /* count, capacity, cursor */
    char *err;             /* message buffer */
    size_t errlen;         /* its size */
    tc_query *q;           /* what is being built */
    int depth;             /* nesting */
    int uses_or;           /* an OR or NOT appeared (no relaxed form) */
    tcx_query **words;     /* top-level free-text word queries (for relaxed) */
    size_t nwords, wcap;   /* count, capacity */
    int negating;          /* inside NOT: words are not recorded as elements */
    size_t nterms;         /* terms the words expanded to (TC_QUERY_MAX_TERMS) */
    int too_big;           /* a limit was passed: the query is refused */
    tc_buf scratch;        /* reused by field builders */
    tcx_query **filters;   /* top-level filters and negations (for relaxed) */
    size_t nfilters, fcap; /* count, capacity */
    tc_rc rc;              /* first failed append to explain/elements/scratch */
    int accents;           /* enum tc_accents */
    int typed_accents;     /* a free-text word was typed with a diacritic */
    tc_buf cur;            /* readings of the word being built (NUL-separated) */
    size_t ncur;           /* count */
    int cur_simple;        /* the word being built is one syllable */
    int cur_expanded;      /* it matches several readings */
    wrec *wr;              /* top-level plain words */
    size_t nwr, wrcap;     /* count, capacity */
    double pair_w, read_w; /* weights of pairs and of the best reading */
    size_t long_n;         /* words from which a query is ranked */
} parser;

static const char *const known_fields[] = {"province", "province2025", "year",  "type",
                                           "agency",   "period",       "date",  "draft",
                                           "cites",    "mentions",     "level", NULL};

/* ---- errors ------------------------------------------------------------- */

static tc_rc perr(parser *p, size_t at, const char *fmt, const char *arg)
{
    char msg[768]; /* room for the list of types */
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    /* Column in characters, for the caret line. */
    size_t col = 0;
    for (size_t k = 0; k < at && p->src[k]; k++)
        if (((unsigned char)p->src[k] & 0xC0) != 0x80)
            col++;
    int n = snprintf(p->err, p->errlen, "query syntax error: %s\n  %s\n  ", msg, p->src);
    for (size_t k = 0; k < col && n > 0 && (size_t)n + 2 < p->errlen; k++)
        p->err[n++] = ' ';
    if (n > 0 && (size_t)n + 2 < p->errlen) {
        p->err[n++] = '^';
        p->err[n] = 0;
    }
    return TC_ESYNTAX;
}

/* A limit passed: the message names it without echoing the whole query. */
static tc_rc too_big(parser *p, const char *what, int max)
{
    snprintf(p->err, p->errlen,
             "query syntax error: the query has too many %s (more than %d): search for "
             "fewer words%s",
             what, max, strstr(what, "accent") ? ", or type them with their diacritics" : "");
    return TC_ESYNTAX;
}

/* ---- lexer -------------------------------------------------------------- */

static int is_space_at(const char *s, size_t *len)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        *len = 1;
        return 1;
    }
    if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
        *len = 2;
        return 1;
    }
    return 0;
}

/* Opening or closing quote: ASCII '"' or U+201C / U+201D. */
static int is_quote_at(const char *s, size_t *len)
{
    if (s[0] == '"') {
        *len = 1;
        return 1;
    }
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D)) {
        *len = 3;
        return 1;
    }
    return 0;
}

static tc_rc push(parser *p, qtok t)
{
    if (p->ntoks == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        qtok *v = realloc(p->toks, cap * sizeof *v);
        if (!v) {
            free(t.text);
            return TC_ENOMEM;
        }
        p->toks = v;
        p->cap = cap;
    }
    p->toks[p->ntoks++] = t;
    return TC_OK;
}

/* Reads a quoted string starting at s[i] (a quote); sets *end past it. */
static tc_rc lex_quoted(parser *p, size_t i, char **out, size_t *end)
{
    size_t ql = 1;
    is_quote_at(p->src + i, &ql);
    size_t j = i + ql;
    while (p->src[j]) {
        size_t l;
        if (is_quote_at(p->src + j, &l)) {
            *out = strndup(p->src + i + ql, j - i - ql);
            *end = j + l;
            return *out ? TC_OK : TC_ENOMEM;
        }
        j++;
    }
    return perr(p, i, "unclosed quote%s", "");
}

static tc_rc lex(parser *p)
{
    const char *s = p->src;
    size_t i = 0;
    tc_rc rc = TC_OK;
    while (s[i] && !rc) {
        size_t l;
        if (is_space_at(s + i, &l)) {
            i += l;
            continue;
        }
        qtok t = {.at = i};
        if (s[i] == '(' || s[i] == ')') {
            t.kind = s[i] == '(' ? K_LP : K_RP;
            i++;
            rc = push(p, t);
            continue;
        }
        if (s[i] == '-' && s[i + 1] && !is_space_at(s + i + 1, &l)) {
            t.negated = 1;
            i++;
        }
        if (is_quote_at(s + i, &l)) {
            t.kind = K_PHRASE;
            if ((rc = lex_quoted(p, i, &t.text, &i)))
                break;
            rc = push(p, t);
            continue;
        }
        size_t j = i;
        while (s[j] && !is_space_at(s + j, &l) && !is_quote_at(s + j, &l) && s[j] != '(' &&
               s[j] != ')')
            j++;
        /* field:value ? */
        const char *colon = memchr(s + i, ':', j - i);
        if (colon && colon - (s + i) >= 2 && colon - (s + i) < (long)sizeof t.field) {
            int letters = 1;
            for (const char *c = s + i; c < colon; c++)
                if (!isalpha((unsigned char)*c) && !isdigit((unsigned char)*c))
                    letters = 0;
            if (letters && isalpha((unsigned char)s[i])) {
                t.kind = K_FIELD;
                size_t fl = (size_t)(colon - (s + i));
                for (size_t k = 0; k < fl; k++)
                    t.field[k] = (char)tolower((unsigned char)s[i + k]);
                t.field[fl] = 0;
                int known = tc_entity_type_by_field(t.field) != NULL;
                for (int k = 0; known_fields[k]; k++)
                    if (strcmp(known_fields[k], t.field) == 0)
                        known = 1;
                if (!known) {
                    /* The list names the entity types' fields too. */
                    char list[512];
                    size_t at = 0;
                    for (int k = 0; known_fields[k] && at < sizeof list; k++)
                        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "",
                                               known_fields[k]);
                    for (size_t k = 0; tc_entity_types[k] && at < sizeof list; k++)
                        if (tc_entity_types[k]->field)
                            at += (size_t)snprintf(list + at, sizeof list - at, ", %s",
                                                   tc_entity_types[k]->field);
                    char what[700];
                    snprintf(what, sizeof what, "%s' (fields: %s)", t.field, list);
                    return perr(p, i, "unknown field '%s", what);
                }
                size_t v = (size_t)(colon - s) + 1;
                if (is_quote_at(s + v, &l)) {
                    if ((rc = lex_quoted(p, v, &t.text, &i)))
                        break;
                    /* agency:"" would match every document with an agency. */
                    if (t.text[strspn(t.text, " \t")] == 0) {
                        free(t.text);
                        return perr(p, v, "field '%s' needs a value", t.field);
                    }
                } else {
                    if (v == j)
                        return perr(p, v, "field '%s' needs a value", t.field);
                    t.text = strndup(s + v, j - v);
                    i = j;
                    if (!t.text)
                        return TC_ENOMEM;
                }
                rc = push(p, t);
                continue;
            }
        }
        t.text = strndup(s + i, j - i);
        if (!t.text)
            return TC_ENOMEM;
        if (!t.negated && strcmp(t.text, "OR") == 0)
            t.kind = K_OR;
        else if (!t.negated && strcmp(t.text, "AND") == 0)
            t.kind = K_AND;
        else if (!t.negated && strcmp(t.text, "NOT") == 0)
            t.kind = K_NOT;
        else
            t.kind = K_WORD;
        if (t.kind != K_WORD) {
            free(t.text);
            t.text = NULL;
        }
        i = j;
        rc = push(p, t);
    }
    if (!rc)
        rc = push(p, (qtok){.kind = K_END, .at = i});
    return rc;
}

/* ---- term expansion ------------------------------------------------------- */

typedef struct term_list {
    tc_buf buf; /* terms separated by NUL */
    size_t n;   /* count */
} term_list;

typedef struct word_tok {
    char *term, *folded; /* canonical and folded forms */
    unsigned flags;      /* TC_TOK_* */
} word_tok;

typedef struct word_toks {
    word_tok *v;       /* pieces in order (no compounds) */
    size_t n;          /* count */
    word_tok compound; /* the compound of all pieces, term NULL if none */
    tc_rc rc;
} word_toks;

static int collect_word(void *ctx, const tc_token *tok)
{
    word_toks *w = ctx;
    word_tok wt = {strndup(tok->term, tok->term_len), strndup(tok->folded, tok->folded_len),
                   tok->flags};
    if (!wt.term || !wt.folded) {
        free(wt.term);
        free(wt.folded);
        w->rc = TC_ENOMEM;
        return 1;
    }
    if (tok->flags & TC_TOK_COLOCATED) {
        free(w->compound.term);
        free(w->compound.folded);
        w->compound = wt;
        return 0;
    }
    word_tok *v = realloc(w->v, (w->n + 1) * sizeof *v);
    if (!v) {
        free(wt.term);
        free(wt.folded);
        w->rc = TC_ENOMEM;
        return 1;
    }
    w->v = v;
    w->v[w->n++] = wt;
    return 0;
}

static void word_toks_free(word_toks *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].term);
        free(w->v[i].folded);
    }
    free(w->v);
    free(w->compound.term);
    free(w->compound.folded);
}

typedef struct syn_ctx {
    tcx_query **subs; /* expansions */
    size_t n, cap;    /* count, capacity */
    parser *p;        /* for wanted terms */
    tc_buf *names;    /* explanation list */
    tc_buf *reads;    /* terms so far, NUL-separated (no duplicates), or NULL */
    size_t *nreads;   /* their count */
} syn_ctx;

/* Is term one of the n NUL-separated strings of list? */
static int list_has(const tc_buf *list, size_t n, const char *term, size_t len)
{
    const char *s = list->data;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(s);
        if (l == len && memcmp(s, term, len) == 0)
            return 1;
        s += l + 1;
    }
    return 0;
}

static int add_expansion(void *ctx, const char *term, size_t len, uint32_t tf)
{
    syn_ctx *c = ctx;
    if (c->n >= TC_QUERY_MAX_EXPANSIONS)
        return 1;
    if (c->reads) {
        if (list_has(c->reads, *c->nreads, term, len))
            return 0; /* --fold: the accented word is among its folded form's synonyms */
        tc_buf_append_rc(&c->p->rc, c->reads, term, len);
        tc_buf_putc_rc(&c->p->rc, c->reads, 0);
        (*c->nreads)++;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        tcx_query **v = realloc(c->subs, cap * sizeof *v);
        if (!v) { /* a query missing a reading would answer OK with other hits */
            c->p->rc = c->p->rc ? c->p->rc : TC_ENOMEM;
            return 1;
        }
        c->subs = v;
        c->cap = cap;
    }
    if (++c->p->nterms > TC_QUERY_MAX_TERMS) {
        c->p->too_big = 1;
        return 1;
    }
    tcx_query *q = tcx_query_term(term, len, 1, 0);
    if (!q) {
        c->p->rc = c->p->rc ? c->p->rc : TC_ENOMEM;
        return 1;
    }
    c->subs[c->n++] = q;
    tc_strmap_put(c->p->q->wanted, term, len, NULL);
    if (!c->p->negating) {
        tc_buf_append_rc(&c->p->rc, &c->p->q->elements, term, len);
        tc_buf_putc_rc(&c->p->rc, &c->p->q->elements, '\x1f');
    }
    if (c->names) {
        if (c->n > 1)
            tc_buf_puts_rc(&c->p->rc, c->names, ", ");
        tc_buf_append_rc(&c->p->rc, c->names, term, len);
    }
    return 0;
}

static int set_found(void *ctx, const char *term, size_t len, uint32_t tf)
{
    *(int *)ctx = 1;
    return 1;
}

/* Was term seen written as an acronym (schema.h: synonym key "^term")? */
static int is_acronym(parser *p, const char *term)
{
    char key[256];
    int n = snprintf(key, sizeof key, "^%s", term);
    int found = 0;
    if (n > 0 && (size_t)n < sizeof key)
        tcx_db_synonyms(tc_db_xapian(p->db), key, (size_t)n, set_found, &found);
    return found;
}

/* The query for one canonical term as typed: itself when accented or an
 * acronym in capitals, else itself OR every accented form of it.
 * in_phrase: OP_OR (Xapian 1.4 rejects OP_SYNONYM inside OP_PHRASE). */
static tcx_query *expand_term(parser *p, const word_tok *w, int in_phrase)
{
    /* Past the limit nothing more is built: the query will be refused. */
    if (p->q->text_terms >= TC_QUERY_MAX_WORDS || p->too_big) {
        p->too_big = 1;
        return tcx_query_none();
    }
    tc_buf_reset(&p->cur);
    p->ncur = 0;
    syn_ctx c = {.p = p, .names = &p->q->explain, .reads = &p->cur, .nreads = &p->ncur};
    tc_buf *ex = &p->q->explain;
    tc_buf_printf_rc(&p->rc, ex, "  %s -> ", w->term);
    add_expansion(&c, w->term, strlen(w->term), 0);
    const char *why = "";
    int accented = (w->flags & TC_TOK_ACCENTED) != 0;
    if (p->accents == TC_ACCENTS_EXACT) {
        why = " (--exact: exact)";
    } else if (accented && p->accents != TC_ACCENTS_FOLD) {
        why = " (accented: exact)";
    } else if (!accented && (w->flags & TC_TOK_CAPS) && is_acronym(p, w->term)) {
        why = " (acronym in capitals: exact)";
    } else if (!accented && p->accents == TC_ACCENTS_AUTO && p->typed_accents) {
        why = " (unaccented in a query typed with diacritics: exact)";
    } else {
        if (accented) /* --fold: the unaccented spelling is a reading too */
            add_expansion(&c, w->folded, strlen(w->folded), 0);
        tcx_db_synonyms(tc_db_xapian(p->db), w->folded, strlen(w->folded), add_expansion, &c);
        if (c.n > 1)
            why = p->accents == TC_ACCENTS_FOLD ? " (--fold: any accents)"
                                                : " (unaccented: any accents)";
    }
    p->cur_expanded = c.n > 1;
    tc_buf_printf_rc(&p->rc, ex, "%s\n", why);
    if (!p->negating)
        tc_buf_putc_rc(&p->rc, &p->q->elements, '\x1d');
    p->q->text_terms++;
    tcx_query *q =
        c.n == 1 ? c.subs[0] : tcx_query_combine(in_phrase ? TCX_OR : TCX_SYNONYM, c.subs, c.n, 0);
    if (c.n > 1)
        for (size_t i = 0; i < c.n; i++)
            tcx_query_free(c.subs[i]);
    free(c.subs);
    return q;
}

static tc_rc tokenize_text(parser *p, const char *s, word_toks *w)
{
    memset(w, 0, sizeof *w);
    tc_rc rc = tc_text_tokenize(p->text, s, strlen(s), collect_word, w, NULL, NULL);
    return rc ? rc : w->rc;
}

/* A word as typed: a symbol ("45/2016/QĐ-TTg") is looked up whole; a word
 * that splits into several pieces is a phrase of them. */
static tc_rc build_word(parser *p, const qtok *t, tcx_query **out)
{
    *out = NULL;
    word_toks w;
    tc_rc rc = tokenize_text(p, t->text, &w);
    if (rc) {
        word_toks_free(&w);
        return rc;
    }
    p->cur_simple = 0;
    if (w.compound.term) {
        *out = expand_term(p, &w.compound, 0);
    } else if (w.n == 1) {
        *out = expand_term(p, &w.v[0], 0);
        p->cur_simple = (w.v[0].flags & TC_TOK_NUMERIC) == 0;
    } else if (w.n > 1) {
        tcx_query **subs = calloc(w.n, sizeof *subs);
        if (!subs) {
            word_toks_free(&w);
            return TC_ENOMEM;
        }
        for (size_t i = 0; i < w.n; i++)
            subs[i] = expand_term(p, &w.v[i], 1);
        *out = tcx_query_combine(TCX_PHRASE, subs, w.n, (uint32_t)w.n);
        for (size_t i = 0; i < w.n; i++)
            tcx_query_free(subs[i]);
        free(subs);
    }
    word_toks_free(&w);
    if (*out && !p->negating)
        tc_buf_putc_rc(&p->rc, &p->q->elements, '\x1e');
    return TC_OK;
}

static tc_rc build_phrase(parser *p, const qtok *t, tcx_query **out)
{
    *out = NULL;
    word_toks w;
    tc_rc rc = tokenize_text(p, t->text, &w);
    if (!rc && w.n == 0)
        rc = perr(p, t->at, "empty phrase%s", "");
    if (rc) {
        word_toks_free(&w);
        return rc;
    }
    tc_buf_printf_rc(&p->rc, &p->q->explain, "phrase \"%s\":\n", t->text);
    tcx_query **subs = calloc(w.n, sizeof *subs);
    if (!subs) {
        word_toks_free(&w);
        return TC_ENOMEM;
    }
    for (size_t i = 0; i < w.n; i++)
        subs[i] = expand_term(p, &w.v[i], w.n > 1);
    *out = w.n == 1 ? subs[0] : tcx_query_combine(TCX_PHRASE, subs, w.n, (uint32_t)w.n);
    if (w.n > 1)
        for (size_t i = 0; i < w.n; i++)
            tcx_query_free(subs[i]);
    free(subs);
    word_toks_free(&w);
    if (!p->negating)
        tc_buf_putc_rc(&p->rc, &p->q->elements, '\x1e');
    return *out ? TC_OK : TC_ENOMEM;
}

/* ---- field filters ------------------------------------------------------- */

static tcx_query *bool_term(const char *prefix, const char *value)
{
    char term[256];
    int n = snprintf(term, sizeof term, "%s%s", prefix, value);
    if (n < 0 || (size_t)n >= sizeof term)
        return tcx_query_none();
    return tcx_query_boolean(term, (size_t)n);
}

typedef struct prefix_match {
    tc_buf *needle; /* folded text to find */
    syn_ctx *c;     /* matching terms */
    size_t plen;    /* prefix length */
} prefix_match;

static int match_agency(void *ctx, const char *term, size_t len, uint32_t tf)
{
    prefix_match *m = ctx;
    /* substring of the folded name after the prefix */
    if (m->needle->len <= len - m->plen &&
        memmem(term + m->plen, len - m->plen, m->needle->data, m->needle->len)) {
        if (m->c->n == m->c->cap) {
            size_t cap = m->c->cap ? m->c->cap * 2 : 8;
            tcx_query **v = realloc(m->c->subs, cap * sizeof *v);
            if (!v)
                return 1;
            m->c->subs = v;
            m->c->cap = cap;
        }
        m->c->subs[m->c->n++] = tcx_query_boolean(term, len);
    }
    return 0;
}

static int parse_year(const char *s, size_t n)
{
    if (n != 4)
        return -1;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> "YYYY[MM[DD]]"; 0 on error. */
static int parse_date(const char *s, size_t n, char out[9])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i])) {
            if (k >= 8)
                return 0;
            out[k++] = s[i];
        } else if (s[i] != '-' && s[i] != '/') {
            return 0;
        }
    }
    out[k] = 0;
    return k == 4 || k == 6 || k == 8;
}

static tc_rc build_field(parser *p, const qtok *t, tcx_query **out)
{
    *out = NULL;
    const char *f = t->field, *v = t->text;
    tc_buf *ex = &p->q->explain;
    tc_text *text = p->text;
    const tc_gazetteer *g = tc_db_gazetteer(p->db);
    if (strcmp(f, "province") == 0 || strcmp(f, "province2025") == 0 ||
        strcmp(f, "mentions") == 0) {
        const tc_province *pr = g ? tc_gazetteer_province(g, text, v, strlen(v)) : NULL;
        if (!pr)
            return perr(p, t->at, "unknown province '%s'", v);
        if (strcmp(f, "mentions") == 0) {
            *out = bool_term("XM", pr->code);
            tc_buf_printf_rc(&p->rc, ex, "filter: mentions province %s (%s)\n", pr->name, pr->code);
        } else if (strcmp(f, "province2025") == 0 || pr->era == 2025) {
            *out = bool_term("XN", pr->era == 2025 ? pr->code : pr->new_code);
            tc_buf_printf_rc(&p->rc, ex, "filter: province (since 2025) %s\n",
                             pr->era == 2025 ? pr->name : pr->new_name);
        } else {
            *out = bool_term("P", pr->code);
            tc_buf_printf_rc(&p->rc, ex, "filter: province %s (code %s)\n", pr->name, pr->code);
        }
    } else if (strcmp(f, "year") == 0) {
        const char *dots = strstr(v, "..");
        int lo, hi;
        if (dots) {
            lo = parse_year(v, (size_t)(dots - v));
            hi = parse_year(dots + 2, strlen(dots + 2));
        } else {
            lo = hi = parse_year(v, strlen(v));
        }
        if (lo < 0 || hi < 0 || lo > hi)
            return perr(p, t->at, "year needs YYYY or YYYY..YYYY, not '%s'", v);
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", lo);
        snprintf(b, sizeof b, "%d", hi);
        *out = lo == hi ? bool_term("Y", a) : tcx_query_range(TC_SLOT_YEAR, a, b);
        tc_buf_printf_rc(&p->rc, ex, "filter: year %s..%s\n", a, b);
    } else if (strcmp(f, "date") == 0) {
        const char *dots = strstr(v, "..");
        char a[9], b[12];
        int ok =
            dots ? parse_date(v, (size_t)(dots - v), a) && parse_date(dots + 2, strlen(dots + 2), b)
                 : parse_date(v, strlen(v), a) && (strcpy(b, a), 1);
        if (!ok)
            return perr(p, t->at, "date needs YYYY[-MM[-DD]] or a range A..B, not '%s'", v);
        strcat(b, "\xff"); /* the end of a month includes its days */
        *out = tcx_query_range(TC_SLOT_DATE, a, b);
        tc_buf_printf_rc(&p->rc, ex, "filter: date from %s to %.*s\n", a, (int)strlen(b) - 1, b);
    } else if (strcmp(f, "type") == 0) {
        /* Every type of data/doctypes.tsv, by key, word or name. */
        const tc_doctypes *dt = tc_db_doctypes(p->db);
        const tc_doctype *d = dt ? tc_doctypes_find(dt, text, v, strlen(v)) : NULL;
        if (!d) {
            tc_buf keys;
            tc_buf_init(&keys, 4096);
            if (dt && tc_doctypes_keys(dt, &keys) == TC_OK) {
                char fmt[1024];
                snprintf(fmt, sizeof fmt,
                         "unknown type '%%s' (types: %s; or their Vietnamese names)",
                         tc_buf_cstr(&keys));
                tc_buf_free(&keys);
                return perr(p, t->at, fmt, v);
            }
            tc_buf_free(&keys);
            return perr(p, t->at, "unknown type '%s'", v);
        }
        *out = bool_term("T", d->key);
        tc_buf_printf_rc(&p->rc, ex, "filter: type %s (%s)\n", d->key, d->name);
    } else if (strcmp(f, "period") == 0) {
        char up[8];
        size_t n = strlen(v);
        if (n >= sizeof up)
            return perr(p, t->at, "unknown period '%s' (Q1-Q4, H1, H2, 9M, Y)", v);
        for (size_t i = 0; i <= n; i++)
            up[i] = (char)toupper((unsigned char)v[i]);
        static const char *const periods[] = {"Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y", NULL};
        int ok = 0;
        for (int i = 0; periods[i]; i++)
            ok |= strcmp(periods[i], up) == 0;
        if (!ok)
            return perr(p, t->at, "unknown period '%s' (Q1-Q4, H1, H2, 9M, Y)", v);
        *out = bool_term("XR", up);
        tc_buf_printf_rc(&p->rc, ex, "filter: period %s\n", up);
    } else if (strcmp(f, "level") == 0) {
        /* The issuer's level (header.h), by its key or its Vietnamese word. */
        static const char *const levels[][3] = {{"central", "trung ương", "trung uong"},
                                                {"province", "tỉnh", "tinh"},
                                                {"district", "huyện", "huyen"},
                                                {"commune", "xã", "xa"}};
        const char *key = NULL;
        for (size_t i = 0; !key && i < sizeof levels / sizeof *levels; i++)
            for (size_t k = 0; k < 3; k++)
                if (strcasecmp(v, levels[i][k]) == 0)
                    key = levels[i][0];
        if (!key)
            return perr(p, t->at, "unknown level '%s' (central, province, district, commune)", v);
        *out = bool_term("XL", key);
        tc_buf_printf_rc(&p->rc, ex, "filter: level %s\n", key);
    } else if (strcmp(f, "draft") == 0) {
        int yes = strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
        int no = strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0;
        if (!yes && !no)
            return perr(p, t->at, "draft needs yes or no, not '%s'", v);
        tcx_query *d = bool_term("XD", "1");
        if (yes) {
            *out = d;
        } else {
            tcx_query *all = tcx_query_all();
            tcx_query *pair[2] = {all, d};
            *out = tcx_query_combine(TCX_AND_NOT, pair, 2, 0);
            tcx_query_free(all);
            tcx_query_free(d);
        }
        tc_buf_printf_rc(&p->rc, ex, "filter: draft %s\n", yes ? "yes" : "no");
    } else if (strcmp(f, "agency") == 0 &&
               (tc_buf_reset(&p->scratch),
                tc_db_agencies(p->db) && tc_agencies_lookup(tc_db_agencies(p->db), v, strlen(v),
                                                            &p->scratch) == TC_OK)) {
        /* A known agency, by any of its names: documents that name it or
         * were issued by it. */
        /* A province written after the name ("... tỉnh Hà Tĩnh") narrows it. */
        const tc_province *pr = NULL;
        for (const char *sp = g ? strchr(v, ' ') : NULL; sp && !pr; sp = strchr(sp + 1, ' '))
            pr = tc_gazetteer_province(g, text, sp + 1, strlen(sp + 1));
        if (pr)
            tc_buf_printf_rc(&p->rc, &p->scratch, "@%s", pr->code);
        *out = bool_term("XG", tc_buf_cstr(&p->scratch));
        tc_buf_printf_rc(&p->rc, ex, "filter: agency %s (named in the text or issuing)\n",
                         tc_buf_cstr(&p->scratch));
    } else if (strcmp(f, "agency") == 0) {
        tc_buf needle;
        tc_buf_init(&needle, 0);
        tc_agency_key(text, v, strlen(v), &needle);
        if (needle.len == 0) { /* agency:"" would match every agency (and memmem a NULL) */
            tc_buf_free(&needle);
            return perr(p, t->at, "agency needs a name, not '%s'", v);
        }
        syn_ctx c = {.p = p};
        prefix_match m = {&needle, &c, 2};
        tcx_db_allterms(tc_db_xapian(p->db), "XA", 2, match_agency, &m);
        *out = c.n ? tcx_query_combine(TCX_OR, c.subs, c.n, 0) : tcx_query_none();
        for (size_t i = 0; i < c.n; i++)
            tcx_query_free(c.subs[i]);
        free(c.subs);
        tc_buf_printf_rc(&p->rc, ex, "filter: agency contains \"%s\" (%zu agencies)\n",
                         tc_buf_cstr(&needle), c.n);
        tc_buf_free(&needle);
    } else if (strcmp(f, "cites") == 0) {
        tc_buf key;
        tc_buf_init(&key, 256);
        tc_rc rc = tc_db_citer(p->db) ? tc_citer_key(tc_db_citer(p->db), v, strlen(v), &key)
                                      : TC_ENOTFOUND;
        if (rc == TC_ENOTFOUND) {
            tc_buf_free(&key);
            return perr(p, t->at,
                        "cites needs a document reference such as 45/2016/QĐ-TTg, "
                        "\"Nghị quyết 36\" or QĐ-TTg, not '%s'",
                        v);
        }
        /* A key without a number ("QĐ-TTg") names a type and issuer only. */
        const char *k = tc_buf_cstr(&key);
        int has_digit = strpbrk(k, "0123456789") != NULL;
        *out = bool_term(has_digit ? "XC" : "XK", k);
        tc_buf_printf_rc(&p->rc, ex, "filter: cites %s%s\n", k,
                         has_digit ? "" : " (any document of that type and issuer)");
        tc_buf_free(&key);
    } else {
        /* A field declared by an entity type (analyzers/registry.c). */
        const tc_entity_type *et = tc_entity_type_by_field(f);
        void *state = et ? tc_db_entity_state(p->db, et) : NULL;
        if (!state)
            return perr(p, t->at, "field '%s' cannot be used: its tables did not load", f);
        tc_buf key;
        tc_buf_init(&key, 256);
        tc_rc rc = et->query_key(state, v, strlen(v), &key);
        if (rc) {
            tc_buf_free(&key);
            if (rc != TC_ENOTFOUND && rc != TC_EINVAL)
                return rc;
            char what[300];
            snprintf(what, sizeof what, "%s' is not a value of %s:", v, f);
            return perr(p, t->at, "'%s", what);
        }
        *out = bool_term(et->prefix, tc_buf_cstr(&key));
        tc_rc erc = tc_buf_printf(ex, "filter: %s %s\n", f, tc_buf_cstr(&key));
        tc_buf_free(&key);
        if (erc) {
            tcx_query_free(*out);
            *out = NULL;
            return erc;
        }
    }
    return *out ? TC_OK : TC_ENOMEM;
}

/* ---- parser --------------------------------------------------------------- */

static tc_rc parse_or(parser *p, tcx_query **out, int top);

static const qtok *peek(parser *p)
{
    return &p->toks[p->i];
}

static tc_rc wrap_not(tcx_query **q)
{
    tcx_query *all = tcx_query_all();
    tcx_query *pair[2] = {all, *q};
    tcx_query *r = tcx_query_combine(TCX_AND_NOT, pair, 2, 0);
    tcx_query_free(all);
    tcx_query_free(*q);
    *q = r;
    return r ? TC_OK : TC_ENOMEM;
}

/* Keeps the word just built (token tok) for pairs and restoration. */
static void record_word(parser *p, size_t tok)
{
    if (p->nwr == p->wrcap) {
        size_t cap = p->wrcap ? p->wrcap * 2 : 8;
        wrec *v = realloc(p->wr, cap * sizeof *v);
        if (!v) {
            p->rc = TC_ENOMEM;
            return;
        }
        p->wr = v;
        p->wrcap = cap;
    }
    wrec *w = &p->wr[p->nwr++];
    memset(w, 0, sizeof *w);
    w->tok = tok;
    w->simple = p->cur_simple;
    w->expanded = p->cur_expanded;
    tc_buf_init(&w->readings, 0);
    tc_buf_append_rc(&p->rc, &w->readings, p->cur.data ? p->cur.data : "", p->cur.len);
    w->nread = p->ncur;
}

/* unary := ('-' | NOT) unary | '(' or ')' | PHRASE | FIELD | WORD
 * *negated tells the caller the result must be subtracted. */
static tc_rc parse_unary(parser *p, tcx_query **out, int *negated, int *is_filter)
{
    *out = NULL;
    *negated = 0;
    *is_filter = 0;
    const qtok *t = peek(p);
    if (t->kind == K_NOT) {
        p->i++;
        p->uses_or = 1;
        int neg2, f2;
        p->negating++;
        tc_rc rc = parse_unary(p, out, &neg2, &f2);
        p->negating--;
        if (rc)
            return rc;
        if (!*out && peek(p)->kind == K_END)
            return perr(p, t->at, "NOT needs something after it%s", "");
        *negated = !neg2;
        return TC_OK;
    }
    if (t->kind == K_LP) {
        if (++p->depth > TC_QUERY_MAX_DEPTH)
            return perr(p, t->at, "too many nested parentheses%s", "");
        p->i++;
        if (peek(p)->kind == K_RP)
            return perr(p, peek(p)->at, "empty parentheses%s", "");
        tc_rc rc = parse_or(p, out, 0);
        if (rc)
            return rc;
        if (peek(p)->kind != K_RP)
            return perr(p, peek(p)->at, "missing ')' for the '(' opened earlier%s", "");
        p->i++;
        p->depth--;
        p->uses_or = 1; /* grouping: keep the user's structure */
        return TC_OK;
    }
    tc_rc rc;
    if (t->negated)
        p->negating++;
    if (t->kind == K_PHRASE) {
        rc = build_phrase(p, t, out);
    } else if (t->kind == K_FIELD) {
        rc = build_field(p, t, out);
        *is_filter = 1;
    } else if (t->kind == K_WORD) {
        rc = build_word(p, t, out);
    } else if (t->kind == K_RP) {
        return perr(p, t->at, "')' without a matching '('%s", "");
    } else if (t->kind == K_OR || t->kind == K_AND) {
        return perr(p, t->at, "%s needs a word on each side", t->kind == K_OR ? "OR" : "AND");
    } else {
        return perr(p, t->at, "unexpected end of query%s", "");
    }
    if (t->negated) {
        p->negating--;
        *negated = 1;
        p->uses_or = 1;
    }
    p->i++;
    return rc;
}

/* The key of a single-token operand at the cursor (word, phrase or field,
 * with its sign), or 0 when the operand is not one token. */
static int atom_key(parser *p, size_t at, tc_buf *key)
{
    const qtok *t = &p->toks[at];
    if ((t->kind != K_WORD && t->kind != K_PHRASE && t->kind != K_FIELD) || !t->text)
        return 0;
    tc_buf_reset(key);
    tc_rc rc = TC_OK;
    tc_buf_printf_rc(&rc, key, "%d%d%s:%s", (int)t->kind, t->negated, t->field, t->text);
    return rc == TC_OK;
}

/* 1 when the operand at token `at` repeats one of the same chain (seen);
 * remembers it otherwise.  Repeats are dropped, so 10,000 x "Nam" costs
 * what one does. */
static int atom_repeated_at(parser *p, size_t at, tc_strmap **seen)
{
    tc_buf key;
    tc_buf_init(&key, 0);
    int dup = 0;
    if (atom_key(p, at, &key)) {
        if (!*seen && tc_strmap_new(NULL, seen))
            *seen = NULL;
        if (*seen) {
            dup = tc_strmap_get(*seen, key.data, key.len, NULL);
            if (!dup && tc_strmap_put(*seen, key.data, key.len, NULL))
                dup = 0;
        }
    }
    tc_buf_free(&key);
    return dup;
}

/* and := unary (AND? unary)* */
static tc_rc parse_and(parser *p, tcx_query **out, int top)
{
    *out = NULL;
    tcx_query *pos = NULL, *neg = NULL;
    tc_strmap *seen = NULL; /* operands of this chain */
    tc_rc rc = TC_OK;
    int any = 0;
    while (!rc) {
        const qtok *t = peek(p);
        if (t->kind == K_END || t->kind == K_RP || t->kind == K_OR)
            break;
        if (t->kind == K_AND) {
            /* rc and break, not return: what was built so far is freed below. */
            if (!any) {
                rc = perr(p, t->at, "AND needs a word on each side%s", "");
                break;
            }
            p->i++;
            t = peek(p);
            if (t->kind == K_END || t->kind == K_RP || t->kind == K_OR)
                rc = perr(p, t->at, "AND needs a word on each side%s", "");
            continue;
        }
        if (atom_repeated_at(p, p->i, &seen)) { /* "Nam Nam": once */
            p->i++;
            continue;
        }
        tcx_query *q = NULL;
        int negated, is_filter;
        rc = parse_unary(p, &q, &negated, &is_filter);
        if (rc || !q) {
            tcx_query_free(q);
            continue;
        }
        any = 1;
        if (top && !negated && !is_filter && t->kind == K_WORD) {
            /* remember plain words for the relaxed query */
            tcx_query **v = realloc(p->words, (p->nwords + 1) * sizeof *v);
            if (v) {
                p->words = v;
                if (!(p->words[p->nwords++] = tcx_query_scale(q, 1.0)))
                    rc = TC_ENOMEM;
            } else {
                rc = TC_ENOMEM; /* a relaxed query short of a word ranks otherwise */
            }
            record_word(p, (size_t)(t - p->toks));
        } else if (top && (negated || is_filter)) {
            tcx_query **v = realloc(p->filters, (p->nfilters + 1) * sizeof *v);
            if (!v)
                rc = TC_ENOMEM;
            if (v) {
                p->filters = v;
                tcx_query *f = tcx_query_scale(q, 1.0);
                if (negated)
                    wrap_not(&f);
                p->filters[p->nfilters++] = f;
            }
        } else if (top && t->kind == K_PHRASE) {
            tcx_query **v = realloc(p->words, (p->nwords + 1) * sizeof *v);
            if (v) {
                p->words = v;
                if (!(p->words[p->nwords++] = tcx_query_scale(q, 1.0)))
                    rc = TC_ENOMEM;
            } else {
                rc = TC_ENOMEM;
            }
        }
        tcx_query **acc = negated ? &neg : &pos;
        if (!*acc) {
            *acc = q;
        } else {
            tcx_query *pair[2] = {*acc, q};
            tcx_query *r = tcx_query_combine(negated ? TCX_OR : TCX_AND, pair, 2, 0);
            tcx_query_free(*acc);
            tcx_query_free(q);
            *acc = r;
            if (!r) /* else the words so far would vanish: "no searchable word" */
                rc = TC_ENOMEM;
        }
    }
    tc_strmap_free(seen);
    if (rc) {
        tcx_query_free(pos);
        tcx_query_free(neg);
        return rc;
    }
    if (neg) {
        tcx_query *left = pos ? pos : tcx_query_all();
        tcx_query *pair[2] = {left, neg};
        *out = tcx_query_combine(TCX_AND_NOT, pair, 2, 0);
        tcx_query_free(left);
        tcx_query_free(neg);
    } else {
        *out = pos;
    }
    return TC_OK;
}

static tc_rc parse_or(parser *p, tcx_query **out, int top)
{
    *out = NULL;
    tcx_query *acc = NULL;
    tc_strmap *seen = NULL; /* single-token operands of this chain */
    size_t from = p->i;
    tc_rc rc = parse_and(p, &acc, top);
    if (!rc && p->i == from + 1)
        (void)atom_repeated_at(p, from, &seen);
    while (!rc && peek(p)->kind == K_OR) {
        const qtok *t = peek(p);
        p->uses_or = 1;
        if (!acc) {
            rc = perr(p, t->at, "OR needs a word on each side%s", "");
            break;
        }
        p->i++;
        tcx_query *rhs = NULL;
        from = p->i;
        rc = parse_and(p, &rhs, 0);
        if (!rc && !rhs)
            rc = perr(p, t->at, "OR needs a word on each side%s", "");
        if (rc) {
            tcx_query_free(rhs);
            break;
        }
        if (p->i == from + 1 && atom_repeated_at(p, from, &seen)) { /* "a OR a": once */
            tcx_query_free(rhs);
            continue;
        }
        tcx_query *pair[2] = {acc, rhs};
        tcx_query *r = tcx_query_combine(TCX_OR, pair, 2, 0);
        tcx_query_free(acc);
        tcx_query_free(rhs);
        acc = r;
    }
    tc_strmap_free(seen);
    if (rc) {
        tcx_query_free(acc);
        return rc;
    }
    *out = acc;
    return TC_OK;
}

/* ---- syllable pairs and restoration ---------------------------------------- */

/* The i-th NUL-separated string of a list. */
static const char *list_at(const tc_buf *list, size_t i)
{
    const char *s = list->data;
    while (i--)
        s += strlen(s) + 1;
    return s;
}

static size_t pair_term(char *out, size_t cap, const char *a, const char *b)
{
    int n = snprintf(out, cap, "%s%s %s", TC_PAIR_PREFIX, a, b);
    return n > 0 && (size_t)n < cap && n <= 240 ? (size_t)n : 0;
}

static int cmp_cand(const void *x, const void *y)
{
    const double *a = x, *b = y;
    return a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : (a[1] > b[1]) - (a[1] < b[1]);
}

/* The likeliest readings of w (by how often the index writes each), for
 * pairs and restoration: every reading when exact, else the
 * TC_READ_CANDIDATES most frequent that the index has. */
static tc_rc word_candidates(parser *p, wrec *w)
{
    tcx_db *db = tc_db_xapian(p->db);
    double(*v)[2] = calloc(w->nread ? w->nread : 1, sizeof *v);
    if (!v)
        return TC_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < w->nread; i++) {
        const char *t = list_at(&w->readings, i);
        uint64_t cf = tcx_db_collfreq(db, t, strlen(t));
        if (cf || !w->expanded) {
            v[n][0] = log((double)cf + 1.0);
            v[n][1] = (double)i;
            n++;
        }
    }
    qsort(v, n, sizeof *v, cmp_cand);
    if (n > TC_READ_CANDIDATES)
        n = TC_READ_CANDIDATES;
    w->cand = calloc(n ? n : 1, sizeof *w->cand);
    w->cand_lf = calloc(n ? n : 1, sizeof *w->cand_lf);
    if (!w->cand || !w->cand_lf) {
        free(v);
        return TC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        w->cand[i] = (char *)list_at(&w->readings, (size_t)v[i][1]);
        w->cand_lf[i] = v[i][0];
    }
    w->ncand = n;
    free(v);
    return TC_OK;
}

/* The pair evidence for words a and b standing together: their pair term,
 * or for unaccented words the SYNONYM of the pair terms of their readings
 * that the index holds (BM25 then sees the folded pair, as one term). */
static tcx_query *pair_query(parser *p, const wrec *a, const wrec *b)
{
    tcx_db *db = tc_db_xapian(p->db);
    tcx_query *subs[TC_PAIR_COMBOS];
    size_t n = 0;
    char term[512];
    for (size_t i = 0; i < a->ncand && n < TC_PAIR_COMBOS; i++)
        for (size_t k = 0; k < b->ncand && n < TC_PAIR_COMBOS; k++) {
            size_t l = pair_term(term, sizeof term, a->cand[i], b->cand[k]);
            if (l && (a->ncand * b->ncand == 1 || tcx_db_termfreq(db, term, l))) {
                if ((subs[n] = tcx_query_term(term, l, 1, 0)))
                    n++;
                else
                    p->rc = TC_ENOMEM; /* a smaller bonus would rank otherwise */
            }
        }
    if (n == 0)
        return NULL;
    if (n == 1)
        return subs[0];
    tcx_query *q = tcx_query_combine(TCX_SYNONYM, subs, n, 0);
    for (size_t i = 0; i < n; i++)
        tcx_query_free(subs[i]);
    if (!q)
        p->rc = TC_ENOMEM;
    return q;
}

typedef struct beam_seq {
    double score;   /* sum of log pair counts (and a little of the unigrams) */
    uint16_t *pick; /* candidate index per word of the chain */
} beam_seq;

static int cmp_beam(const void *x, const void *y)
{
    const beam_seq *a = x, *b = y;
    return a->score < b->score ? 1 : a->score > b->score ? -1 : 0;
}

/* Restores the readings of the chain of words wr[from..to) (adjacent simple
 * words, at least one unaccented): a beam search over the candidates of
 * each word, scored by how often the index writes each adjacent pair
 * (collection frequency of its XW term), the unigram frequency breaking
 * ties.  Appends the best TC_READ_SHOWN sequences to seqs[] (strings) and
 * the pair terms of the best one to best[]. */
static tc_rc restore_chain(parser *p, size_t from, size_t to, tc_buf *seqs, size_t *nseqs,
                           tcx_query ***best, size_t *nbest)
{
    tcx_db *db = tc_db_xapian(p->db);
    size_t len = to - from;
    beam_seq beam[TC_READ_BEAM * TC_READ_CANDIDATES], keep[TC_READ_BEAM];
    size_t nkeep = 0;
    tc_rc rc = TC_OK;
    uint16_t *store =
        calloc((TC_READ_BEAM * TC_READ_CANDIDATES + TC_READ_BEAM) * len, sizeof *store);
    if (!store)
        return TC_ENOMEM;
    for (size_t i = 0; i < TC_READ_BEAM * TC_READ_CANDIDATES; i++)
        beam[i].pick = store + i * len;
    for (size_t i = 0; i < TC_READ_BEAM; i++)
        keep[i].pick = store + (TC_READ_BEAM * TC_READ_CANDIDATES + i) * len;
    const wrec *w0 = &p->wr[from];
    for (size_t c = 0; c < w0->ncand && nkeep < TC_READ_BEAM; c++) {
        keep[nkeep].score = 0.1 * w0->cand_lf[c];
        keep[nkeep].pick[0] = (uint16_t)c;
        nkeep++;
    }
    char term[512];
    for (size_t k = 1; k < len; k++) {
        const wrec *prev = &p->wr[from + k - 1], *w = &p->wr[from + k];
        size_t nb = 0;
        for (size_t s = 0; s < nkeep; s++)
            for (size_t c = 0; c < w->ncand; c++) {
                beam_seq *b = &beam[nb++];
                memcpy(b->pick, keep[s].pick, k * sizeof *b->pick);
                b->pick[k] = (uint16_t)c;
                size_t l =
                    pair_term(term, sizeof term, prev->cand[keep[s].pick[k - 1]], w->cand[c]);
                double cf = l ? (double)tcx_db_collfreq(db, term, l) : 0;
                b->score = keep[s].score + log(cf + 0.01) + 0.1 * w->cand_lf[c];
            }
        qsort(beam, nb, sizeof *beam, cmp_beam);
        nkeep = nb < TC_READ_BEAM ? nb : TC_READ_BEAM;
        for (size_t s = 0; s < nkeep; s++) {
            keep[s].score = beam[s].score;
            memcpy(keep[s].pick, beam[s].pick, (k + 1) * sizeof *keep[s].pick);
        }
    }
    for (size_t s = 0; s < nkeep && s < TC_READ_SHOWN; s++) {
        for (size_t k = 0; k < len; k++) {
            if (k)
                tc_buf_putc_rc(&rc, &seqs[s], ' ');
            tc_buf_puts_rc(&rc, &seqs[s], p->wr[from + k].cand[keep[s].pick[k]]);
        }
    }
    if (nkeep > *nseqs)
        *nseqs = nkeep < TC_READ_SHOWN ? nkeep : TC_READ_SHOWN;
    /* The best reading's pairs that the index has: documents writing it
     * that way rank first. */
    for (size_t k = 1; nkeep && k < len && !rc; k++) {
        size_t l = pair_term(term, sizeof term, p->wr[from + k - 1].cand[keep[0].pick[k - 1]],
                             p->wr[from + k].cand[keep[0].pick[k]]);
        if (!l || !tcx_db_termfreq(db, term, l))
            continue;
        tcx_query **v = realloc(*best, (*nbest + 1) * sizeof *v);
        if (!v) {
            rc = TC_ENOMEM;
            break;
        }
        *best = v;
        if (((*best)[*nbest] = tcx_query_term(term, l, 1, 0)))
            (*nbest)++;
    }
    free(store);
    return rc;
}

/* The ranking bonus of the query's top-level words: the pair evidence of
 * every two adjacent words, and the pairs of the likeliest reading of the
 * unaccented ones (which also fills q->readings).  NULL when there is none. */
static tcx_query *build_bonus(parser *p)
{
    if (p->uses_or || p->nwr < 2)
        return NULL;
    for (size_t i = 0; i < p->nwr && !p->rc; i++)
        if (p->wr[i].simple)
            p->rc = word_candidates(p, &p->wr[i]);
    if (p->rc)
        return NULL;
    tcx_query **pairs = calloc(p->nwr, sizeof *pairs);
    if (!pairs) {
        p->rc = TC_ENOMEM;
        return NULL;
    }
    size_t np = 0;
    tcx_query **best = NULL;
    size_t nbest = 0, nseqs = 0;
    tc_buf seqs[TC_READ_SHOWN];
    for (size_t s = 0; s < TC_READ_SHOWN; s++)
        tc_buf_init(&seqs[s], 0);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < p->nwr && !rc;) {
        /* A chain: adjacent simple words with candidates. */
        size_t j = i;
        int expanded = 0;
        while (j < p->nwr && p->wr[j].simple && p->wr[j].ncand &&
               (j == i || p->wr[j].tok == p->wr[j - 1].tok + 1)) {
            expanded |= p->wr[j].expanded;
            j++;
        }
        if (j == i) {
            i++;
            continue;
        }
        for (size_t k = i + 1; k < j; k++) {
            tcx_query *pq = pair_query(p, &p->wr[k - 1], &p->wr[k]);
            if (pq)
                pairs[np++] = pq;
        }
        if (expanded && j - i >= 2) {
            if (nseqs)
                for (size_t s = 0; s < TC_READ_SHOWN; s++)
                    tc_buf_puts_rc(&rc, &seqs[s], " … ");
            size_t before = nseqs;
            rc = restore_chain(p, i, j, seqs, &nseqs, &best, &nbest);
            (void)before;
        }
        i = j;
    }
    /* Readings: a sequence that a later chain did not fill is not shown. */
    for (size_t s = 0; s < nseqs && !rc; s++) {
        if (s && strcmp(tc_buf_cstr(&seqs[s]), tc_buf_cstr(&seqs[0])) == 0)
            continue;
        tc_buf_append_rc(&rc, &p->q->readings, seqs[s].data, seqs[s].len);
        tc_buf_putc_rc(&rc, &p->q->readings, 0);
        p->q->nreadings++;
    }
    for (size_t s = 0; s < TC_READ_SHOWN; s++)
        tc_buf_free(&seqs[s]);
    if (p->q->nreadings) {
        tc_buf_printf_rc(&rc, &p->q->explain, "reading searched first: %s",
                         list_at(&p->q->readings, 0));
        for (size_t s = 1; s < p->q->nreadings; s++)
            tc_buf_printf_rc(&rc, &p->q->explain, "%s%s", s == 1 ? " (others: " : ", ",
                             list_at(&p->q->readings, s));
        tc_buf_puts_rc(&rc, &p->q->explain, p->q->nreadings > 1 ? ")\n" : "\n");
    }
    tcx_query *parts[2] = {NULL, NULL};
    size_t nparts = 0;
    if (np) {
        tcx_query *o =
            np == 1 ? tcx_query_scale(pairs[0], 1.0) : tcx_query_combine(TCX_OR, pairs, np, 0);
        parts[nparts++] = tcx_query_scale(o, p->pair_w);
        tcx_query_free(o);
    }
    if (nbest) {
        tcx_query *o = tcx_query_combine(TCX_OR, best, nbest, 0);
        parts[nparts++] = tcx_query_scale(o, p->read_w);
        tcx_query_free(o);
    }
    for (size_t i = 0; i < np; i++)
        tcx_query_free(pairs[i]);
    free(pairs);
    for (size_t i = 0; i < nbest; i++)
        tcx_query_free(best[i]);
    free(best);
    /* A node that failed to build is out of memory, not a smaller bonus
     * (found by make fault: the answers changed silently). */
    for (size_t i = 0; i < nparts && !rc; i++)
        if (!parts[i])
            rc = TC_ENOMEM;
    if (rc)
        p->rc = rc;
    if (!nparts || rc) {
        for (size_t i = 0; i < nparts; i++)
            tcx_query_free(parts[i]);
        return NULL;
    }
    if (nparts == 1)
        return parts[0];
    tcx_query *b = tcx_query_combine(TCX_OR, parts, 2, 0);
    tcx_query_free(parts[0]);
    tcx_query_free(parts[1]);
    if (!b)
        p->rc = TC_ENOMEM;
    return b;
}

/* q AND_MAYBE bonus (bonus may be NULL); q is consumed. */
static tcx_query *with_bonus(tcx_query *q, const tcx_query *bonus)
{
    if (!q || !bonus)
        return q;
    tcx_query *pair[2] = {q, (tcx_query *)bonus};
    tcx_query *r = tcx_query_combine(TCX_AND_MAYBE, pair, 2, 0);
    tcx_query_free(q);
    return r;
}

/* Best match: any word, with a bonus for adjacent pairs and for all the
 * words close together; filters and negations still apply. */
static tcx_query *build_relaxed(parser *p, const tcx_query *extra)
{
    if (p->uses_or || p->nwords < 2)
        return NULL;
    tcx_query *any = tcx_query_combine(TCX_OR, p->words, p->nwords, 0);
    tcx_query **bonus = calloc(p->nwords + 2, sizeof *bonus);
    if (!bonus || !any) {
        free(bonus);
        tcx_query_free(any);
        return NULL;
    }
    size_t nb = 0;
    for (size_t i = 0; i + 1 < p->nwords; i++)
        bonus[nb++] = tcx_query_combine(TCX_PHRASE, p->words + i, 2, 2);
    bonus[nb++] = tcx_query_combine(TCX_NEAR, p->words, p->nwords, (uint32_t)(p->nwords * 4));
    if (extra)
        bonus[nb++] = tcx_query_scale(extra, 1.0);
    tcx_query *b = tcx_query_combine(TCX_OR, bonus, nb, 0);
    for (size_t i = 0; i < nb; i++)
        tcx_query_free(bonus[i]);
    free(bonus);
    tcx_query *pair[2] = {any, b};
    tcx_query *q = tcx_query_combine(TCX_AND_MAYBE, pair, 2, 0);
    tcx_query_free(any);
    tcx_query_free(b);
    for (size_t i = 0; i < p->nfilters && q; i++) {
        tcx_query *f[2] = {q, p->filters[i]};
        tcx_query *r = tcx_query_combine(TCX_AND, f, 2, 0);
        tcx_query_free(q);
        q = r;
    }
    return q;
}

void tc_query_free(tc_query *q)
{
    if (!q)
        return;
    tcx_query_free(q->strict);
    tcx_query_free(q->relaxed);
    tc_strmap_free(q->wanted);
    tc_buf_free(&q->elements);
    tc_buf_free(&q->explain);
    tc_buf_free(&q->readings);
    free(q);
}

/* Reads TRACUU_RANK ("k1,b,pair,reading,long": a tuning hook; a field left
 * empty or out of range keeps its default). */
static void rank_params(parser *p)
{
    p->q->k1 = TC_RANK_K1;
    p->q->b = TC_RANK_B;
    p->pair_w = TC_RANK_PAIR;
    p->read_w = TC_RANK_READING;
    p->long_n = TC_RANK_LONG;
    const char *e = getenv("TRACUU_RANK");
    double v[5] = {-1, -1, -1, -1, -1};
    for (int i = 0; e && *e && i < 5; i++) {
        char *end;
        double x = strtod(e, &end);
        if (end != e)
            v[i] = x;
        e = strchr(end, ',');
        if (!e)
            break;
        e++;
    }
    if (v[0] > 0 && v[0] < 10)
        p->q->k1 = v[0];
    if (v[1] >= 0 && v[1] <= 1)
        p->q->b = v[1];
    if (v[2] >= 0 && v[2] < 100)
        p->pair_w = v[2];
    if (v[3] >= 0 && v[3] < 100)
        p->read_w = v[3];
    if (v[4] >= 2 && v[4] < 1000)
        p->long_n = (size_t)v[4];
}

/* Did the user type a diacritic (or đ) in a free-text word or phrase? */
static tc_rc scan_accents(parser *p)
{
    for (size_t i = 0; i < p->ntoks && !p->typed_accents; i++) {
        if (p->toks[i].kind != K_WORD && p->toks[i].kind != K_PHRASE)
            continue;
        word_toks w;
        tc_rc rc = tokenize_text(p, p->toks[i].text, &w);
        for (size_t k = 0; !rc && k < w.n; k++)
            if (w.v[k].flags & TC_TOK_ACCENTED)
                p->typed_accents = 1;
        word_toks_free(&w);
        if (rc)
            return rc;
    }
    const char *rule = p->accents == TC_ACCENTS_FOLD    ? "--fold: every word matches any accents"
                       : p->accents == TC_ACCENTS_EXACT ? "--exact: every word matches only itself"
                       : p->typed_accents
                           ? "typed with diacritics: every word exact (--fold to expand)"
                           : "typed without diacritics: words match any accents (--exact for "
                             "as typed)";
    tc_buf_printf_rc(&p->rc, &p->q->explain, "diacritics: %s\n", rule);
    return TC_OK;
}

tc_rc tc_query_parse(tc_db *db, const char *text, tc_query **out, char *errbuf, size_t errlen)
{
    return tc_query_parse_opts(db, text, NULL, out, errbuf, errlen);
}

tc_rc tc_query_parse_opts(tc_db *db, const char *text, const tc_query_opts *opts, tc_query **out,
                          char *errbuf, size_t errlen)
{
    *out = NULL;
    errbuf[0] = 0;
    /* Limits before anything is built (a query of 90,000 words crashed
     * Xapian's matcher; 10,000 x "Nam OR" took 45 s). */
    size_t bytes = strlen(text);
    if (bytes > TC_QUERY_MAX_BYTES) {
        snprintf(errbuf, errlen,
                 "query syntax error: the query is too long (%zu bytes; at most %d): search "
                 "for fewer words",
                 bytes, TC_QUERY_MAX_BYTES);
        return TC_ESYNTAX;
    }
    /* A question starts on the last commit on disk (search --queries and
     * other long-lived readers follow the index runs). */
    tc_rc src = tc_db_refresh(db);
    if (src) {
        snprintf(errbuf, errlen, "%s", tc_db_errmsg(db));
        return src;
    }
    parser p = {.db = db, .text = tc_db_text(db), .src = text, .err = errbuf, .errlen = errlen};
    p.accents = opts && opts->accents >= TC_ACCENTS_AUTO && opts->accents <= TC_ACCENTS_EXACT
                    ? opts->accents
                    : TC_ACCENTS_AUTO;
    tc_buf_init(&p.scratch, 4096);
    tc_buf_init(&p.cur, 0);
    p.q = calloc(1, sizeof *p.q);
    if (!p.q)
        return TC_ENOMEM;
    tc_buf_init(&p.q->explain, 0);
    tc_buf_init(&p.q->elements, 0);
    tc_buf_init(&p.q->readings, 0);
    rank_params(&p);
    tc_rc rc = tc_strmap_new(NULL, &p.q->wanted);
    if (!rc)
        rc = lex(&p);
    if (!rc && p.ntoks > TC_QUERY_MAX_TOKENS + 1)
        rc = too_big(&p, "words and operators", TC_QUERY_MAX_TOKENS);
    if (!rc)
        rc = scan_accents(&p);
    if (!rc && p.toks[0].kind == K_END)
        rc = perr(&p, 0, "empty query%s", "");
    if (!rc)
        rc = parse_or(&p, &p.q->strict, 1);
    if (!rc && peek(&p)->kind == K_RP)
        rc = perr(&p, peek(&p)->at, "')' without a matching '('%s", "");
    if (!rc && p.too_big && p.nterms > TC_QUERY_MAX_TERMS)
        rc = too_big(&p, "terms once its unaccented words are expanded to every accent form",
                     TC_QUERY_MAX_TERMS);
    else if (!rc && p.too_big)
        rc = too_big(&p, "words", TC_QUERY_MAX_WORDS);
    if (!rc && !p.q->strict)
        rc = perr(&p, 0, "the query has no searchable word%s", "");
    if (!rc)
        rc = p.rc;
    if (!rc) {
        tcx_query *bonus = build_bonus(&p);
        rc = p.rc;
        if (!rc) {
            p.q->relaxed = build_relaxed(&p, bonus);
            p.q->strict = with_bonus(p.q->strict, bonus);
            if (!p.q->strict)
                rc = TC_ENOMEM;
            /* A question of many words: best match, not every word. */
            p.q->prefer_relaxed = p.q->relaxed && p.nwords >= p.long_n;
        }
        tcx_query_free(bonus);
    }
    tc_buf_free(&p.scratch);
    tc_buf_free(&p.cur);
    for (size_t i = 0; i < p.nwr; i++) {
        tc_buf_free(&p.wr[i].readings);
        free(p.wr[i].cand);
        free(p.wr[i].cand_lf);
    }
    free(p.wr);
    for (size_t i = 0; i < p.ntoks; i++)
        free(p.toks[i].text);
    free(p.toks);
    for (size_t i = 0; i < p.nwords; i++)
        tcx_query_free(p.words[i]);
    free(p.words);
    for (size_t i = 0; i < p.nfilters; i++)
        tcx_query_free(p.filters[i]);
    free(p.filters);
    if (rc) {
        if (!errbuf[0])
            snprintf(errbuf, errlen, "%s", tc_strerror(rc));
        tc_query_free(p.q);
        return rc;
    }
    *out = p.q;
    return TC_OK;
}

const tcx_query *tc_query_strict(const tc_query *q)
{
    return q->strict;
}
const tcx_query *tc_query_relaxed(const tc_query *q)
{
    return q->relaxed;
}
int tc_query_prefers_relaxed(const tc_query *q)
{
    return q->prefer_relaxed;
}
void tc_query_bm25(const tc_query *q, double *k1, double *b)
{
    *k1 = q->k1;
    *b = q->b;
}
const char *tc_query_reading(const tc_query *q, size_t i)
{
    return i < q->nreadings ? list_at(&q->readings, i) : NULL;
}
size_t tc_query_text_terms(const tc_query *q)
{
    return q->text_terms;
}

const char *tc_query_elements(const tc_query *q, size_t *len)
{
    *len = q->elements.len;
    return q->elements.data ? q->elements.data : "";
}

int tc_query_wants(const tc_query *q, const char *term, size_t n)
{
    return tc_strmap_get(q->wanted, term, n, NULL);
}

tc_rc tc_query_explain(const tc_query *q, tc_buf *out)
{
    tc_rc rc = TC_OK;
    tc_buf_puts_rc(&rc, out, "terms and filters:\n");
    tc_buf_append_rc(&rc, out, q->explain.data ? q->explain.data : "", q->explain.len);
    tc_buf_puts_rc(&rc, out, "xapian query: ");
    if (!rc)
        rc = tcx_query_describe(q->strict, out);
    tc_buf_putc_rc(&rc, out, '\n');
    if (q->relaxed) {
        tc_buf_puts_rc(&rc, out, "fallback when too few documents match every word: ");
        if (!rc)
            rc = tcx_query_describe(q->relaxed, out);
        tc_buf_putc_rc(&rc, out, '\n');
    }
    return rc;
}
