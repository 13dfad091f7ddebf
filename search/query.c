/* query.c: parse the query language and build Xapian queries (see query.h). */
#include "query.h"

#include <ctype.h>
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
};

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
    tc_buf scratch;        /* reused by field builders */
    tcx_query **filters;   /* top-level filters and negations (for relaxed) */
    size_t nfilters, fcap; /* count, capacity */
    tc_rc rc;              /* first failed append to explain/elements/scratch */
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
} syn_ctx;

static int add_expansion(void *ctx, const char *term, size_t len, uint32_t tf)
{
    syn_ctx *c = ctx;
    if (c->n >= TC_QUERY_MAX_EXPANSIONS)
        return 1;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        tcx_query **v = realloc(c->subs, cap * sizeof *v);
        if (!v)
            return 1;
        c->subs = v;
        c->cap = cap;
    }
    tcx_query *q = tcx_query_term(term, len, 1, 0);
    if (!q)
        return 1;
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
    syn_ctx c = {.p = p, .names = &p->q->explain};
    tc_buf *ex = &p->q->explain;
    tc_buf_printf_rc(&p->rc, ex, "  %s -> ", w->term);
    add_expansion(&c, w->term, strlen(w->term), 0);
    const char *why = "";
    if (w->flags & TC_TOK_ACCENTED) {
        why = " (accented: exact)";
    } else if ((w->flags & TC_TOK_CAPS) && is_acronym(p, w->term)) {
        why = " (acronym in capitals: exact)";
    } else {
        tcx_db_synonyms(tc_db_xapian(p->db), w->folded, strlen(w->folded), add_expansion, &c);
        if (c.n > 1)
            why = " (unaccented: any accents)";
    }
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
    if (w.compound.term) {
        *out = expand_term(p, &w.compound, 0);
    } else if (w.n == 1) {
        *out = expand_term(p, &w.v[0], 0);
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

/* and := unary (AND? unary)* */
static tc_rc parse_and(parser *p, tcx_query **out, int top)
{
    *out = NULL;
    tcx_query *pos = NULL, *neg = NULL;
    tc_rc rc = TC_OK;
    int any = 0;
    while (!rc) {
        const qtok *t = peek(p);
        if (t->kind == K_END || t->kind == K_RP || t->kind == K_OR)
            break;
        if (t->kind == K_AND) {
            /* an error breaks out, so that the words before it are freed */
            if (!any) {
                rc = perr(p, t->at, "AND needs a word on each side%s", "");
                break;
            }
            p->i++;
            t = peek(p);
            if (t->kind == K_END || t->kind == K_RP || t->kind == K_OR) {
                rc = perr(p, t->at, "AND needs a word on each side%s", "");
                break;
            }
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
                p->words[p->nwords++] = tcx_query_scale(q, 1.0);
            }
        } else if (top && (negated || is_filter)) {
            tcx_query **v = realloc(p->filters, (p->nfilters + 1) * sizeof *v);
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
                p->words[p->nwords++] = tcx_query_scale(q, 1.0);
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
        }
    }
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
    tc_rc rc = parse_and(p, &acc, top);
    while (!rc && peek(p)->kind == K_OR) {
        const qtok *t = peek(p);
        p->uses_or = 1;
        if (!acc)
            return perr(p, t->at, "OR needs a word on each side%s", "");
        p->i++;
        tcx_query *rhs = NULL;
        rc = parse_and(p, &rhs, 0);
        if (!rc && !rhs)
            rc = perr(p, t->at, "OR needs a word on each side%s", "");
        if (rc) {
            tcx_query_free(rhs);
            break;
        }
        tcx_query *pair[2] = {acc, rhs};
        tcx_query *r = tcx_query_combine(TCX_OR, pair, 2, 0);
        tcx_query_free(acc);
        tcx_query_free(rhs);
        acc = r;
    }
    if (rc) {
        tcx_query_free(acc);
        return rc;
    }
    *out = acc;
    return TC_OK;
}

/* Best match: any word, with a bonus for adjacent pairs and for all the
 * words close together; filters and negations still apply. */
static tcx_query *build_relaxed(parser *p)
{
    if (p->uses_or || p->nwords < 2)
        return NULL;
    tcx_query *any = tcx_query_combine(TCX_OR, p->words, p->nwords, 0);
    tcx_query **bonus = calloc(p->nwords + 1, sizeof *bonus);
    if (!bonus || !any) {
        free(bonus);
        tcx_query_free(any);
        return NULL;
    }
    size_t nb = 0;
    for (size_t i = 0; i + 1 < p->nwords; i++)
        bonus[nb++] = tcx_query_combine(TCX_PHRASE, p->words + i, 2, 2);
    bonus[nb++] = tcx_query_combine(TCX_NEAR, p->words, p->nwords, (uint32_t)(p->nwords * 4));
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
    free(q);
}

tc_rc tc_query_parse(tc_db *db, const char *text, tc_query **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    errbuf[0] = 0;
    parser p = {.db = db, .text = tc_db_text(db), .src = text, .err = errbuf, .errlen = errlen};
    tc_buf_init(&p.scratch, 4096);
    p.q = calloc(1, sizeof *p.q);
    if (!p.q)
        return TC_ENOMEM;
    tc_buf_init(&p.q->explain, 0);
    tc_buf_init(&p.q->elements, 0);
    tc_rc rc = tc_strmap_new(NULL, &p.q->wanted);
    if (!rc)
        rc = lex(&p);
    if (!rc && p.toks[0].kind == K_END)
        rc = perr(&p, 0, "empty query%s", "");
    if (!rc)
        rc = parse_or(&p, &p.q->strict, 1);
    if (!rc && peek(&p)->kind == K_RP)
        rc = perr(&p, peek(&p)->at, "')' without a matching '('%s", "");
    if (!rc && !p.q->strict)
        rc = perr(&p, 0, "the query has no searchable word%s", "");
    if (!rc)
        rc = p.rc;
    if (!rc)
        p.q->relaxed = build_relaxed(&p);
    tc_buf_free(&p.scratch);
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
size_t tc_query_text_terms(const tc_query *q)
{
    return q->text_terms;
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

/* ---- passages --------------------------------------------------------------- */

typedef struct pos_terms {
    const char *piece;
    size_t plen; /* the syllable at this position */
    const char *comp;
    size_t clen;       /* a compound starting here, or NULL */
    uint32_t sentence; /* sentence number */
} pos_terms;

typedef struct passage_ctx {
    pos_terms *v;      /* by position */
    size_t n, cap;     /* positions, capacity */
    tc_buf pool;       /* term bytes */
    const char *doc;   /* the text */
    size_t last_end;   /* end of the previous token */
    uint32_t sentence; /* current sentence */
    tc_rc rc;
} passage_ctx;

static int passage_token(void *ctx, const tc_token *tok)
{
    passage_ctx *c = ctx;
    if (tok->flags & TC_TOK_COLOCATED) {
        if (tok->pos < c->n && !c->v[tok->pos].comp) {
            c->v[tok->pos].comp = (const char *)(uintptr_t)c->pool.len;
            c->v[tok->pos].clen = tok->term_len;
            c->rc = tc_buf_append(&c->pool, tok->term, tok->term_len);
        }
        return c->rc != TC_OK;
    }
    /* A sentence ends at . ; ! ? or a line break between two tokens. */
    for (size_t i = c->last_end; i < tok->start; i++) {
        char ch = c->doc[i];
        if (ch == '.' || ch == ';' || ch == '!' || ch == '?' || ch == '\n') {
            c->sentence++;
            break;
        }
    }
    c->last_end = tok->end;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        pos_terms *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            c->rc = TC_ENOMEM;
            return 1;
        }
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] =
        (pos_terms){(const char *)(uintptr_t)c->pool.len, tok->term_len, NULL, 0, c->sentence};
    c->rc = tc_buf_append(&c->pool, tok->term, tok->term_len);
    return c->rc != TC_OK;
}

/* Does slot (terms separated by 0x1f, ending before `end`) hold term? */
static int slot_has(const char *slot, const char *end, const char *term, size_t n)
{
    const char *p = slot;
    while (p < end) {
        const char *e = memchr(p, '\x1f', (size_t)(end - p));
        if (!e)
            e = end;
        if ((size_t)(e - p) == n && memcmp(p, term, n) == 0)
            return 1;
        p = e + 1;
    }
    return 0;
}

tc_rc tc_query_count_passages(const tc_query *q, tc_text *t, const char *doc, size_t len,
                              uint64_t *mentions, uint64_t *passages)
{
    *mentions = *passages = 0;
    if (!q->elements.len)
        return TC_OK;
    passage_ctx c = {.doc = doc};
    tc_buf_init(&c.pool, 0);
    tc_rc rc = tc_text_tokenize(t, doc, len, passage_token, &c, NULL, NULL);
    if (!rc)
        rc = c.rc;
    const char *pool = c.pool.data;
    uint32_t last_sentence = UINT32_MAX;
    const char *el = q->elements.data, *el_end = el + q->elements.len;
    for (size_t i = 0; !rc && i < c.n; i++) {
        int hit = 0;
        /* Try every element at position i. */
        for (const char *e = el; e < el_end && !hit;) {
            const char *e_end = memchr(e, '\x1e', (size_t)(el_end - e));
            if (!e_end)
                e_end = el_end;
            size_t k = 0;
            int ok = 1;
            for (const char *slot = e; slot < e_end && ok; k++) {
                const char *slot_end = memchr(slot, '\x1d', (size_t)(e_end - slot));
                if (!slot_end)
                    slot_end = e_end;
                if (i + k >= c.n) {
                    ok = 0;
                    break;
                }
                const pos_terms *pt = &c.v[i + k];
                ok = slot_has(slot, slot_end, pool + (uintptr_t)pt->piece, pt->plen) ||
                     (pt->comp && slot_has(slot, slot_end, pool + (uintptr_t)pt->comp, pt->clen));
                slot = slot_end + 1;
            }
            hit = ok && k > 0;
            e = e_end + 1;
        }
        if (hit) {
            (*mentions)++;
            if (c.v[i].sentence != last_sentence) {
                (*passages)++;
                last_sentence = c.v[i].sentence;
            }
        }
    }
    free(c.v);
    tc_buf_free(&c.pool);
    return rc;
}
