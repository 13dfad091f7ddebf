/* analyze.c: file bytes -> terms, header and entities (see analyze.h). */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/agency.h"
#include "../analyzers/doctypes.h"
#include "../analyzers/registry.h"
#include "../analyzers/view.h"
#include "../common/fields.h"
#include "../analyzers/sentence.h"
#include "../store/schema.h"

/* Invalid UTF-8 is reported at most this many times per file, then summed. */
#define TC_MAX_UTF8_NOTICES 5

typedef struct tok_rec {
    uint32_t term;   /* offset of the term in pool */
    uint32_t folded; /* offset of the folded form in pool (== term if same) */
    uint16_t tlen;   /* term length */
    uint16_t flen;   /* folded length */
    uint32_t pos;    /* position */
    uint32_t flags;  /* TC_TOK_* and TOK_ACRONYM, TOK_GLUED */
} tok_rec;

#define TOK_ACRONYM 0x100u
/* Only white space separates the token from the previous one: the two make
 * a syllable pair (schema.h, XW).  Punctuation between them breaks the pair,
 * as a sentence or list boundary is no word. */
#define TOK_GLUED 0x200u

struct tc_analyzer {
    tc_text *text;           /* not owned */
    const tc_gazetteer *gaz; /* not owned */
    void **states;           /* per entity type (registry order): its extractor */
    size_t ntypes;           /* tc_entity_type_count() */
    tc_agencies *agencies;   /* the agencies type's state (issuer keys), not owned */
    tc_doctypes *doctypes;   /* document types, for the header */
    tc_strmap *lexicon_seen; /* "folded\x1fterm" pairs written this run */
    tc_buf key;              /* scratch */
};

struct tc_analysis {
    tc_header header;        /* metadata */
    tok_rec *toks;           /* tokens */
    size_t ntoks, cap;       /* count, capacity */
    tc_buf pool;             /* term strings */
    const char *data;        /* the document's text (not owned; valid until store) */
    size_t len;              /* its length */
    char *path;              /* the file's path */
    size_t bad_utf8;         /* invalid sequences repaired */
    tc_entity_sink **sinks;  /* per entity type: its rows and terms */
    size_t nsinks;           /* count */
    char issuer_key[48];     /* agencies.tsv key of the issuing agency, or "" */
    tcx_doc *doc;            /* the Xapian document, built by the analysing thread */
    tc_buf lex;              /* lexicon entries new to that thread: "key\0term\0" pairs */
    tc_source src;           /* where the text came from (pointers not owned) */
    unsigned char *page_ocr; /* per page: 1 when read by OCR (for the view) */
    char *page_starts;       /* "0,1834,..." (stored with the document), or NULL */
    char *page_kinds;        /* one letter per page: t text, i image only, o OCR */
    size_t last_end;         /* end offset of the previous token (pairs) */
    tc_buf sents;            /* sentence starts as stored (schema.h, TC_SLOT_SENTENCES) */
    uint32_t sent_prev;      /* the last sentence start written (0: the first) */
    size_t sent_end;         /* end offset of the previous position, for sentence ends */
    int sent_any;            /* a position was seen */
    tc_buf rec;              /* the field record, without its empty line (stored at store) */
    tc_buf file;             /* fields the writer adds (tc_analysis_set_file), same form */
    tc_buf warn;             /* the document's warnings as a cell table (offset, message) */
};

tc_rc tc_analyzer_open(tc_text *t, const tc_gazetteer *g, tc_analyzer **out)
{
    *out = NULL;
    tc_analyzer *an = calloc(1, sizeof *an);
    if (!an)
        return TC_ENOMEM;
    an->text = t;
    an->gaz = g;
    an->ntypes = tc_entity_type_count();
    tc_buf_init(&an->key, 0);
    an->states = calloc(an->ntypes + 1, sizeof *an->states);
    tc_rc rc = an->states ? tc_strmap_new(NULL, &an->lexicon_seen) : TC_ENOMEM;
    if (!rc)
        rc = tc_doctypes_open(t, &an->doctypes);
    for (size_t i = 0; i < an->ntypes && !rc; i++)
        rc = tc_entity_types[i]->open(t, g, &an->states[i]);
    if (rc) {
        tc_analyzer_close(an);
        return rc;
    }
    /* The header's issuing agency is keyed with the agency table that the
     * agencies type already loaded. */
    for (size_t i = 0; i < an->ntypes; i++)
        if (strcmp(tc_entity_types[i]->name, "agencies") == 0)
            an->agencies = an->states[i];
    *out = an;
    return TC_OK;
}

void tc_analyzer_close(tc_analyzer *an)
{
    if (!an)
        return;
    tc_strmap_free(an->lexicon_seen);
    for (size_t i = 0; an->states && i < an->ntypes; i++)
        if (an->states[i])
            tc_entity_types[i]->close(an->states[i]);
    free(an->states);
    tc_doctypes_close(an->doctypes);
    tc_buf_free(&an->key);
    free(an);
}

void tc_analysis_free(tc_analysis *a)
{
    if (!a)
        return;
    tcx_doc_free(a->doc);
    tc_buf_free(&a->lex);
    free(a->toks);
    for (size_t i = 0; i < a->nsinks; i++)
        tc_sink_free(a->sinks[i]);
    free(a->sinks);
    tc_buf_free(&a->pool);
    tc_buf_free(&a->sents);
    tc_buf_free(&a->rec);
    tc_buf_free(&a->file);
    tc_buf_free(&a->warn);
    free(a->path);
    free(a->page_ocr);
    free(a->page_starts);
    free(a->page_kinds);
    free(a);
}

tc_rc tc_analysis_set_file(tc_analysis *a, long long size, long long mtime, const char *sha256,
                           const char *indexed_at, unsigned warnings)
{
    tc_buf_reset(&a->file);
    tc_rc rc = tc_fields_put_int(&a->file, "size", size);
    if (!rc)
        rc = tc_fields_put_int(&a->file, "mtime", mtime);
    if (!rc)
        rc = tc_fields_put(&a->file, "sha256", sha256);
    if (!rc)
        rc = tc_fields_put(&a->file, "indexed_at", indexed_at);
    if (!rc)
        rc = tc_fields_put_int(&a->file, "warnings", warnings);
    return rc;
}

tc_rc tc_analysis_add_warning(tc_analysis *a, long long offset, const char *msg)
{
    tc_rc rc = TC_OK;
    if (a->warn.len)
        tc_buf_putc_rc(&rc, &a->warn, '\x1e');
    if (!rc && offset >= 0)
        rc = tc_cells_put_int(&a->warn, offset);
    tc_buf_putc_rc(&rc, &a->warn, '\x1f');
    if (!rc)
        rc = tc_cells_put(&a->warn, msg, strlen(msg));
    return rc;
}

const tc_source *tc_analysis_source(const tc_analysis *a)
{
    return &a->src;
}

const char *tc_analysis_page_starts(const tc_analysis *a)
{
    return a->page_starts;
}

const char *tc_analysis_page_kinds(const tc_analysis *a)
{
    return a->page_kinds;
}

/* The page lists as stored: starts joined by commas, kinds as letters. */
static tc_rc pages_encode(tc_analysis *a)
{
    size_t n = a->src.npages;
    if (!n)
        return TC_OK;
    a->page_ocr = calloc(n, 1);
    a->page_kinds = malloc(n + 1);
    tc_buf starts;
    tc_buf_init(&starts, 0);
    tc_rc rc = a->page_ocr && a->page_kinds ? TC_OK : TC_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        int k = a->src.page_kind ? a->src.page_kind[i] : 0;
        a->page_ocr[i] = k == 2;
        a->page_kinds[i] = k == 2 ? 'o' : k == 1 ? 'i' : 't';
        tc_buf_printf_rc(&rc, &starts, i ? ",%zu" : "%zu", a->src.page_start[i]);
    }
    if (!rc) {
        a->page_kinds[n] = 0;
        a->page_starts = tc_buf_release(&starts, NULL);
        rc = a->page_starts ? TC_OK : TC_ENOMEM;
    }
    tc_buf_free(&starts);
    return rc;
}

const tc_header *tc_analysis_header(const tc_analysis *a)
{
    return &a->header;
}
size_t tc_analysis_tokens(const tc_analysis *a)
{
    return a->ntoks;
}

typedef struct collect_ctx {
    tc_analysis *a;
    tc_rc rc;
} collect_ctx;

/* Records where sentences start, by the rule of the passage scanner
 * (search/passages.c): a position starts a sentence when the text since
 * the previous position holds . ; ! ? or a line break.  Every position
 * counts, also one whose term is too long to index, so the numbering is
 * the scanner's. */
static tc_rc note_sentence(tc_analysis *a, const tc_token *tok)
{
    int boundary = 0;
    for (size_t k = a->sent_end; a->sent_any && !boundary && k < tok->start; k++) {
        char ch = a->data[k];
        boundary = ch == '.' || ch == ';' || ch == '!' || ch == '?' || ch == '\n';
    }
    a->sent_any = 1;
    a->sent_end = tok->end;
    if (!boundary)
        return TC_OK;
    uint32_t d = tok->pos - a->sent_prev;
    a->sent_prev = tok->pos;
    unsigned char v[5];
    size_t n = 0;
    do {
        v[n] = (unsigned char)(d & 0x7f);
        d >>= 7;
        v[n++] |= d ? 0x80 : 0;
    } while (d);
    return tc_buf_append(&a->sents, v, n);
}

static int collect_token(void *ctx, const tc_token *tok)
{
    collect_ctx *c = ctx;
    tc_analysis *a = c->a;
    if (!(tok->flags & TC_TOK_COLOCATED) && (c->rc = note_sentence(a, tok)))
        return 1;
    if (tok->term_len > 240) /* Xapian's term length limit is ~245 bytes */
        return 0;
    if (a->ntoks == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 1024;
        tok_rec *v = realloc(a->toks, cap * sizeof *v);
        if (!v) {
            c->rc = TC_ENOMEM;
            return 1;
        }
        a->toks = v;
        a->cap = cap;
    }
    tok_rec *r = &a->toks[a->ntoks];
    r->term = (uint32_t)a->pool.len;
    r->tlen = (uint16_t)tok->term_len;
    if ((c->rc = tc_buf_append(&a->pool, tok->term, tok->term_len)))
        return 1;
    if (tok->flags & TC_TOK_ACCENTED) {
        r->folded = (uint32_t)a->pool.len;
        r->flen = (uint16_t)tok->folded_len;
        if ((c->rc = tc_buf_append(&a->pool, tok->folded, tok->folded_len)))
            return 1;
    } else {
        r->folded = r->term;
        r->flen = r->tlen;
    }
    r->pos = tok->pos;
    r->flags = tok->flags;
    if (!(tok->flags & TC_TOK_COLOCATED)) {
        int glued = a->ntoks > 0 && tok->start >= a->last_end;
        for (size_t k = a->last_end; glued && k < tok->start; k++) {
            unsigned char ch = (unsigned char)a->data[k];
            glued = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
                    (ch == 0xC2 && k + 1 < tok->start && (unsigned char)a->data[k + 1] == 0xA0) ||
                    (ch == 0xA0 && k > a->last_end && (unsigned char)a->data[k - 1] == 0xC2);
        }
        if (glued)
            r->flags |= TOK_GLUED;
        a->last_end = tok->end;
    }
    a->ntoks++;
    return 0;
}

static void utf8_notice(void *ctx, size_t offset, const char *what)
{
    void **pair = ctx;
    tc_analysis *a = pair[0];
    a->bad_utf8++;
    if (a->bad_utf8 <= TC_MAX_UTF8_NOTICES) {
        tc_notice_fn notice = (tc_notice_fn)(uintptr_t)pair[1];
        if (notice)
            notice(pair[2], (long long)offset, what);
    }
}

/* An acronym is a token in capitals without diacritics whose neighbours are
 * not in capitals: "(SOC)", "trạm BTS".  Words of a heading written all in
 * capitals ("VIỆT NAM") are not evidence of an acronym. */
static void mark_acronyms(tc_analysis *a)
{
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < a->ntoks; i++) {
        tok_rec *r = &a->toks[i];
        if (r->flags & TC_TOK_COLOCATED)
            continue;
        if ((r->flags & (TC_TOK_CAPS | TC_TOK_ACCENTED | TC_TOK_NUMERIC)) == TC_TOK_CAPS) {
            int prev_caps = prev != SIZE_MAX && (a->toks[prev].flags & TC_TOK_CAPS);
            size_t j = i + 1;
            while (j < a->ntoks && (a->toks[j].flags & TC_TOK_COLOCATED))
                j++;
            int next_caps = j < a->ntoks && (a->toks[j].flags & TC_TOK_CAPS);
            if (!prev_caps && !next_caps)
                r->flags |= TOK_ACRONYM;
        }
        prev = i;
    }
}

static tc_rc analysis_build(tc_analyzer *an, tc_analysis *a);

tc_rc tc_analyzer_run(tc_analyzer *an, const char *path, const tc_source *src, const char *data,
                      size_t len, tc_notice_fn notice, void *ctx, tc_analysis **out)
{
    *out = NULL;
    tc_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return TC_ENOMEM;
    tc_buf_init(&a->pool, 0);
    tc_buf_init(&a->lex, 0);
    tc_buf_init(&a->sents, 0);
    tc_buf_init(&a->rec, 0);
    tc_buf_init(&a->file, 0);
    tc_buf_init(&a->warn, 0);
    a->data = data;
    a->len = len;
    a->path = strdup(path);
    if (src)
        a->src = *src;
    if (!a->src.format)
        a->src.format = "text";
    if (!a->src.page_start)
        a->src.npages = 0;
    tc_rc rc = a->path ? pages_encode(a) : TC_ENOMEM;
    collect_ctx c = {a, TC_OK};
    void *pair[3] = {a, (void *)(uintptr_t)notice, ctx};
    if (!rc)
        rc = tc_text_tokenize(an->text, data, len, collect_token, &c, utf8_notice, pair);
    if (!rc)
        rc = c.rc;
    if (!rc && a->bad_utf8 > TC_MAX_UTF8_NOTICES && notice) {
        char msg[120];
        snprintf(msg, sizeof msg, "%zu invalid UTF-8 sequences in all were replaced by U+FFFD",
                 a->bad_utf8);
        notice(ctx, -1, msg);
    }
    if (!rc)
        mark_acronyms(a);
    tc_view view;
    tc_spans claimed = {0};
    if (!rc)
        rc = tc_view_build(an->text, data, len, &view);
    else
        memset(&view, 0, sizeof view);
    view.page_start = a->src.page_start;
    view.page_ocr = a->page_ocr;
    view.npages = a->src.npages;
    if (!rc)
        rc = tc_header_read(an->doctypes, an->text, an->gaz, &view, &a->header);
    /* Entities, in registry order (earlier types claim spans for later ones). */
    if (!rc) {
        a->sinks = calloc(an->ntypes + 1, sizeof *a->sinks);
        rc = a->sinks ? TC_OK : TC_ENOMEM;
    }
    tc_entity_input in = {&view, a->header.province_code, &claimed};
    for (size_t i = 0; i < an->ntypes && !rc; i++) {
        rc = tc_sink_new(tc_entity_types[i], &a->sinks[i]);
        if (!rc)
            a->nsinks = i + 1;
        if (!rc)
            rc = tc_entity_types[i]->extract(an->states[i], &in, a->sinks[i]);
    }
    tc_spans_free(&claimed);
    tc_view_free(&view);
    if (!rc && an->agencies && a->header.agency[0]) {
        tc_buf key;
        tc_buf_init(&key, 256);
        if (tc_agencies_lookup(an->agencies, a->header.agency, strlen(a->header.agency), &key) ==
            TC_OK)
            snprintf(a->issuer_key, sizeof a->issuer_key, "%s", tc_buf_cstr(&key));
        tc_buf_free(&key);
    }
    if (!rc)
        rc = analysis_build(an, a);
    if (rc) {
        tc_analysis_free(a);
        return rc;
    }
    *out = a;
    return TC_OK;
}

/* Every entity type's rows as a field "@<type>" (common/fields.h cell
 * tables, columns in the registry's order), so that a Xapian database
 * alone answers cite, figures and show (schema.h "Document data").  Read
 * from the same sink as the SQLite rows: one definition of each table. */
static tc_rc put_entities(const tc_analysis *a, tc_buf *rec)
{
    tc_buf v, name;
    tc_buf_init(&v, 0);
    tc_buf_init(&name, 256);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < a->nsinks && !rc; i++) {
        const tc_entity_sink *k = a->sinks[i];
        size_t nc = tc_entity_ncols(tc_sink_type(k)), nr = tc_sink_rows(k);
        if (!nr)
            continue;
        tc_buf_reset(&v);
        for (size_t r = 0; r < nr && !rc; r++) {
            if (r)
                tc_buf_putc_rc(&rc, &v, '\x1e');
            for (size_t c = 0; c < nc && !rc; c++) {
                long long iv;
                double rv;
                const char *tv;
                size_t tl;
                if (c)
                    tc_buf_putc_rc(&rc, &v, '\x1f');
                switch (tc_sink_cell(k, r, c, &iv, &rv, &tv, &tl)) {
                case TC_COL_INT:
                    rc = tc_cells_put_int(&v, iv);
                    break;
                case TC_COL_REAL:
                    rc = tc_cells_put_real(&v, rv);
                    break;
                case TC_COL_TEXT:
                    rc = tc_cells_put(&v, tv, tl);
                    break;
                default: /* NULL: an empty cell */
                    break;
                }
            }
        }
        tc_buf_reset(&name);
        tc_buf_putc_rc(&rc, &name, '@');
        tc_buf_puts_rc(&rc, &name, tc_sink_type(k)->name);
        if (!rc)
            rc = tc_fields_put(rec, tc_buf_cstr(&name), tc_buf_cstr(&v));
    }
    tc_buf_free(&v);
    tc_buf_free(&name);
    return rc;
}

/* XI<word> for every word of what a figure counts (its indicator, else its
 * noun), folded and split as search/figures.c compares them (tc_text_fold,
 * tab and '"' read as spaces), so that `figures WHAT` reads only the
 * documents holding every word of WHAT (schema.h). */
static tc_rc add_figure_words(tc_analyzer *an, const tc_analysis *a, tcx_doc *doc)
{
    const tc_entity_type *ft = tc_entity_type_find("figures");
    const tc_entity_sink *k = NULL;
    for (size_t i = 0; i < a->nsinks && !k; i++)
        if (tc_sink_type(a->sinks[i]) == ft)
            k = a->sinks[i];
    if (!k || !tc_sink_rows(k))
        return TC_OK;
    size_t ci = SIZE_MAX, cn = SIZE_MAX;
    for (size_t c = 0; ft->cols[c].name; c++) {
        if (strcmp(ft->cols[c].name, "indicator") == 0)
            ci = c;
        else if (strcmp(ft->cols[c].name, "noun") == 0)
            cn = c;
    }
    if (ci == SIZE_MAX || cn == SIZE_MAX)
        return TC_OK;
    tc_buf f, term;
    tc_buf_init(&f, 1 << 16);
    tc_buf_init(&term, 1024);
    tc_rc rc = TC_OK;
    for (size_t r = 0; r < tc_sink_rows(k) && !rc; r++) {
        long long iv;
        double rv;
        const char *tv = NULL;
        size_t tl = 0;
        if (tc_sink_cell(k, r, ci, &iv, &rv, &tv, &tl) != TC_COL_TEXT || !tl)
            if (tc_sink_cell(k, r, cn, &iv, &rv, &tv, &tl) != TC_COL_TEXT)
                continue;
        tc_buf_reset(&f);
        if ((rc = tc_text_fold(an->text, tv, tl, &f)))
            break;
        for (size_t i = 0; i < f.len;) {
            while (i < f.len && (f.data[i] == ' ' || f.data[i] == '\t' || f.data[i] == '"'))
                i++;
            size_t s0 = i;
            while (i < f.len && f.data[i] != ' ' && f.data[i] != '\t' && f.data[i] != '"')
                i++;
            if (i == s0 || i - s0 > TC_FIGURE_WORD_MAX)
                continue;
            tc_buf_reset(&term);
            tc_buf_puts_rc(&rc, &term, TC_FIGURE_WORD_PREFIX);
            tc_buf_append_rc(&rc, &term, f.data + s0, i - s0);
            if (!rc)
                rc = tcx_doc_add_boolean(doc, term.data, term.len);
        }
    }
    tc_buf_free(&f);
    tc_buf_free(&term);
    return rc;
}

static tc_rc add_prefixed(tcx_doc *doc, tc_buf *scratch, const char *prefix, const char *value)
{
    if (!value || !*value)
        return TC_OK;
    tc_buf_reset(scratch);
    tc_rc rc = tc_buf_puts(scratch, prefix);
    if (!rc)
        rc = tc_buf_puts(scratch, value);
    if (!rc && scratch->len <= 240)
        rc = tcx_doc_add_boolean(doc, scratch->data, scratch->len);
    return rc;
}

/* Lists the lexicon entries (folded -> term, "^term" -> "1" for acronyms)
 * that this analyzer has not listed before in this run. */
static tc_rc collect_lexicon(tc_analyzer *an, tc_analysis *a)
{
    const char *pool = a->pool.data;
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < a->ntoks && !rc; i++) {
        const tok_rec *r = &a->toks[i];
        int acc = (r->flags & TC_TOK_ACCENTED) != 0;
        if (!acc && !(r->flags & TOK_ACRONYM))
            continue;
        tc_buf_reset(&an->key);
        if (acc) {
            tc_buf_append_rc(&rc, &an->key, pool + r->folded, r->flen);
            tc_buf_putc_rc(&rc, &an->key, '\x1f');
        } else {
            tc_buf_putc_rc(&rc, &an->key, '^');
        }
        tc_buf_append_rc(&rc, &an->key, pool + r->term, r->tlen);
        if (rc)
            break;
        if (tc_strmap_get(an->lexicon_seen, an->key.data, an->key.len, NULL))
            continue;
        rc = tc_strmap_put(an->lexicon_seen, an->key.data, an->key.len, NULL);
        if (rc)
            break;
        if (acc) {
            tc_buf_append_rc(&rc, &a->lex, pool + r->folded, r->flen);
            tc_buf_putc_rc(&rc, &a->lex, 0);
            tc_buf_append_rc(&rc, &a->lex, pool + r->term, r->tlen);
            tc_buf_putc_rc(&rc, &a->lex, 0);
        } else {
            tc_buf_putc_rc(&rc, &a->lex, '^');
            tc_buf_append_rc(&rc, &a->lex, pool + r->term, r->tlen);
            tc_buf_putc_rc(&rc, &a->lex, 0);
            tc_buf_append_rc(&rc, &a->lex, "1", 2);
        }
    }
    return rc;
}

/* Builds the Xapian document of an analysis (terms, filters, values, data)
 * and the lexicon entries this analyzer has not produced before.  Runs in
 * the analysing thread, so the writer only has to add it. */
static tc_rc analysis_build(tc_analyzer *an, tc_analysis *a)
{
    tcx_doc *doc = NULL;
    tc_rc rc = tcx_doc_new(&doc);
    if (rc)
        return rc;
    a->doc = doc;
    const char *pool = a->pool.data;
    for (size_t i = 0; i < a->ntoks && !rc; i++)
        rc = tcx_doc_add_posting(doc, pool + a->toks[i].term, a->toks[i].tlen, a->toks[i].pos);
    /* Syllable pairs (XW<a> <b>): Vietnamese words are mostly two syllables,
     * so a pair carries the meaning a syllable alone does not; kept without
     * positions (the positions of the syllables already give phrases). */
    tc_buf pair;
    tc_buf_init(&pair, 512);
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < a->ntoks && !rc; i++) {
        const tok_rec *r = &a->toks[i];
        if (r->flags & TC_TOK_COLOCATED)
            continue;
        if (prev != SIZE_MAX && (r->flags & TOK_GLUED) && r->pos == a->toks[prev].pos + 1 &&
            (size_t)a->toks[prev].tlen + r->tlen + 3 <= 240) {
            tc_buf_reset(&pair);
            tc_buf_puts_rc(&rc, &pair, TC_PAIR_PREFIX);
            tc_buf_append_rc(&rc, &pair, pool + a->toks[prev].term, a->toks[prev].tlen);
            tc_buf_putc_rc(&rc, &pair, ' ');
            tc_buf_append_rc(&rc, &pair, pool + r->term, r->tlen);
            if (!rc)
                rc = tcx_doc_add_term(doc, pair.data, pair.len, 1);
        }
        prev = i;
    }
    tc_buf_free(&pair);

    const tc_header *h = &a->header;
    tc_buf s;
    tc_buf_init(&s, 0);
    char year[16] = "";
    if (h->year)
        snprintf(year, sizeof year, "%d", h->year);
    if (!rc)
        rc = add_prefixed(doc, &s, "P", h->province_code);
    if (!rc)
        rc = add_prefixed(doc, &s, "XN", h->province2025_code);
    if (!rc)
        rc = add_prefixed(doc, &s, "Y", year);
    if (!rc)
        rc = add_prefixed(doc, &s, "T", h->type);
    if (!rc)
        rc = add_prefixed(doc, &s, "XR", h->period);
    if (!rc)
        rc = add_prefixed(doc, &s, "XL", h->level);
    if (!rc && h->draft)
        rc = tcx_doc_add_boolean(doc, "XD1", 3);
    /* The document's own number, when it is one ("45/2016/QĐ-TTg"): the
     * citation graph meets a cited key at the document that bears it. */
    if (!rc && h->number[0] >= '0' && h->number[0] <= '9')
        rc = add_prefixed(doc, &s, "XO", h->number);
    if (!rc && h->agency[0]) {
        tc_buf key;
        tc_buf_init(&key, 0);
        rc = tc_agency_key(an->text, h->agency, strlen(h->agency), &key);
        if (!rc)
            rc = add_prefixed(doc, &s, "XA", key.data);
        tc_buf_free(&key);
    }
    /* The issuing agency: XG<key>, and XG<key>@<province> when it has one. */
    char agkey[80];
    if (!rc && a->issuer_key[0]) {
        rc = add_prefixed(doc, &s, "XG", a->issuer_key);
        snprintf(agkey, sizeof agkey, "%s@%s", a->issuer_key, h->province_code);
        if (!rc && h->province_code[0])
            rc = add_prefixed(doc, &s, "XG", agkey);
    }
    /* Every entity type's filter terms. */
    for (size_t i = 0; i < a->nsinks && !rc; i++) {
        size_t it = 0, tl;
        const char *term;
        while (!rc && tc_sink_next_term(a->sinks[i], &it, &term, &tl))
            rc = tcx_doc_add_boolean(doc, term, tl);
    }
    if (!rc)
        rc = add_figure_words(an, a, doc);
    /* Values: date as YYYYMMDD (or shorter), for ranges and sorting. */
    if (!rc && h->date[0]) {
        char d[9];
        size_t k = 0;
        for (const char *p = h->date; *p && k < 8; p++)
            if (*p != '-')
                d[k++] = *p;
        rc = tcx_doc_set_value(doc, TC_SLOT_DATE, d, k);
    }
    if (!rc && year[0])
        rc = tcx_doc_set_value(doc, TC_SLOT_YEAR, year, strlen(year));
    if (!rc && h->province[0])
        rc = tcx_doc_set_value(doc, TC_SLOT_PROVINCE, h->province, strlen(h->province));
    if (!rc && h->province2025[0])
        rc = tcx_doc_set_value(doc, TC_SLOT_PROVINCE2025, h->province2025, strlen(h->province2025));
    if (!rc && h->type[0])
        rc = tcx_doc_set_value(doc, TC_SLOT_TYPE, h->type, strlen(h->type));
    if (!rc && h->agency[0])
        rc = tcx_doc_set_value(doc, TC_SLOT_AGENCY, h->agency, strlen(h->agency));
    if (!rc && a->sents.len)
        rc = tcx_doc_set_value(doc, TC_SLOT_SENTENCES, a->sents.data, a->sents.len);

    /* Data: the metadata record (kept apart: the writer adds its own fields
     * in tc_analysis_store), then the file's bytes. */
    if (!rc) {
        tc_buf_reset(&s);
        tc_fields_put(&s, "path", a->path);
        tc_fields_put(&s, "number", h->number);
        tc_fields_put(&s, "date", h->date);
        tc_fields_put(&s, "place", h->place);
        tc_fields_put(&s, "province", h->province);
        tc_fields_put(&s, "province_code", h->province_code);
        tc_fields_put(&s, "province2025", h->province2025);
        tc_fields_put(&s, "province2025_code", h->province2025_code);
        tc_fields_put(&s, "agency", h->agency);
        tc_fields_put(&s, "level", h->level);
        tc_fields_put(&s, "type", h->type);
        tc_fields_put(&s, "title", h->title);
        tc_fields_put(&s, "year", year);
        tc_fields_put(&s, "period", h->period);
        tc_fields_put(&s, "period_text", h->period_text);
        tc_fields_put_int(&s, "draft", h->draft);
        tc_fields_put(&s, "format", a->src.format);
        if (a->src.encoding)
            tc_fields_put(&s, "encoding", a->src.encoding);
        if (a->page_starts) {
            tc_fields_put(&s, "pages", a->page_starts);
            tc_fields_put(&s, "page_kinds", a->page_kinds);
        }
        /* What the documents table holds besides (schema.h). */
        tc_fields_put_int(&s, "date_precision", h->date_precision);
        tc_fields_put(&s, "parent_agency", h->parent_agency);
        tc_fields_put(&s, "signer_title", h->signer_title);
        tc_fields_put(&s, "signer_name", h->signer_name);
        tc_fields_put_int(&s, "tokens", (long long)a->ntoks);
        if (a->src.npages) {
            tc_fields_put_int(&s, "npages", (long long)a->src.npages);
            tc_fields_put_int(&s, "image_pages", (long long)a->src.image_pages);
            tc_fields_put_int(&s, "ocr_pages", (long long)a->src.ocr_pages);
        }
        if (!rc)
            rc = put_entities(a, &s);
        if (!rc)
            rc = tc_buf_append(&a->rec, s.data, s.len);
    }
    tc_buf_free(&s);
    if (!rc)
        rc = collect_lexicon(an, a);
    return rc;
}

tc_rc tc_analysis_store_lexicon(tc_analyzer *an, const tc_analysis *a, tcx_db *db)
{
    tc_rc rc = TC_OK;
    /* Lexicon entries: the analysing thread sent only those new to it;
     * write those new to the whole run. */
    for (size_t i = 0; i < a->lex.len && !rc;) {
        const char *key = a->lex.data + i;
        size_t kl = strlen(key);
        const char *term = key + kl + 1;
        size_t tl = strlen(term);
        i += kl + tl + 2;
        tc_buf_reset(&an->key);
        tc_buf_append_rc(&rc, &an->key, key, kl);
        tc_buf_putc_rc(&rc, &an->key, '\x1f');
        tc_buf_append_rc(&rc, &an->key, term, tl);
        if (rc)
            break;
        if (tc_strmap_get(an->lexicon_seen, an->key.data, an->key.len, NULL))
            continue;
        rc = tc_strmap_put(an->lexicon_seen, an->key.data, an->key.len, NULL);
        if (!rc)
            rc = tcx_db_add_synonym(db, key, kl, term, tl);
    }
    return rc;
}

tc_rc tc_analysis_seal(const tc_analysis *a, const char *unique_term, size_t ulen)
{
    if (!a->doc)
        return TC_EINVAL;
    tc_rc rc = TC_OK;
    /* The stored data: the record, the writer's fields, the empty line
     * that ends the record, the text. */
    tc_buf data;
    tc_buf_init(&data, 0);
    tc_buf_append_rc(&rc, &data, a->rec.data, a->rec.len);
    tc_buf_append_rc(&rc, &data, a->file.data, a->file.len);
    if (!rc && a->warn.len)
        rc = tc_fields_put(&data, "@warnings", a->warn.data); /* NUL-terminated: len > 0 */
    tc_buf_putc_rc(&rc, &data, '\n');
    tc_buf_append_rc(&rc, &data, a->data, a->len);
    if (!rc)
        rc = tcx_doc_set_data(a->doc, data.data, data.len);
    tc_buf_free(&data);
    /* The unique term must be in the document for later replacements. */
    if (!rc)
        rc = tcx_doc_add_boolean(a->doc, unique_term, ulen);
    return rc;
}

tc_rc tc_analysis_put_sealed(const tc_analysis *a, tcx_db *db, uint32_t docid)
{
    return a->doc ? tcx_db_put(db, docid, a->doc) : TC_EINVAL;
}

tc_rc tc_analysis_store_doc(const tc_analysis *a, tcx_db *db, const char *unique_term, size_t ulen,
                            int is_new, uint32_t *docid)
{
    tc_rc rc = tc_analysis_seal(a, unique_term, ulen);
    if (rc)
        return rc;
    if (*docid)
        return tcx_db_put(db, *docid, a->doc);
    return is_new ? tcx_db_add(db, a->doc, docid)
                  : tcx_db_replace(db, unique_term, ulen, a->doc, docid);
}

tc_rc tc_analysis_store(tc_analyzer *an, const tc_analysis *a, tcx_db *db, const char *unique_term,
                        size_t ulen, int is_new, uint32_t *docid)
{
    *docid = 0;
    if (!a->doc)
        return TC_EINVAL;
    tc_rc rc = tc_analysis_store_lexicon(an, a, db);
    return rc ? rc : tc_analysis_store_doc(a, db, unique_term, ulen, is_new, docid);
}

/* The statements of each entity table, built from the registry:
 * "DELETE FROM <name> WHERE doc_id=?" and "INSERT INTO <name>(doc_id, cols)". */
tc_rc tc_entity_sql_prepare(sqlite3 *db, tc_entity_sql *s)
{
    memset(s, 0, sizeof *s);
    s->n = tc_entity_type_count();
    s->del = calloc(s->n + 1, sizeof *s->del);
    s->ins = calloc(s->n + 1, sizeof *s->ins);
    if (!s->del || !s->ins)
        return TC_ENOMEM;
    tc_buf sql;
    tc_buf_init(&sql, 1 << 16);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < s->n && !rc; i++) {
        const tc_entity_type *t = tc_entity_types[i];
        tc_buf_reset(&sql);
        rc = tc_buf_printf(&sql, "DELETE FROM %s WHERE doc_id=?", t->name);
        if (!rc && sqlite3_prepare_v2(db, sql.data, -1, &s->del[i], NULL) != SQLITE_OK)
            rc = TC_ESQLITE;
        tc_buf_reset(&sql);
        if (!rc)
            rc = tc_buf_printf(&sql, "INSERT INTO %s(doc_id", t->name);
        size_t nc = tc_entity_ncols(t);
        for (size_t c = 0; c < nc && !rc; c++)
            rc = tc_buf_printf(&sql, ", %s", t->cols[c].name);
        if (!rc)
            rc = tc_buf_puts(&sql, ") VALUES(?");
        for (size_t c = 0; c < nc && !rc; c++)
            rc = tc_buf_puts(&sql, ",?");
        if (!rc)
            rc = tc_buf_putc(&sql, ')');
        if (!rc && sqlite3_prepare_v2(db, sql.data, -1, &s->ins[i], NULL) != SQLITE_OK)
            rc = TC_ESQLITE;
    }
    tc_buf_free(&sql);
    return rc;
}

void tc_entity_sql_finalize(tc_entity_sql *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->del)
            sqlite3_finalize(s->del[i]);
        if (s->ins)
            sqlite3_finalize(s->ins[i]);
    }
    free(s->del);
    free(s->ins);
    memset(s, 0, sizeof *s);
}

tc_rc tc_entity_sql_delete(tc_entity_sql *s, uint32_t docid)
{
    for (size_t i = 0; i < s->n; i++) {
        sqlite3_reset(s->del[i]);
        sqlite3_bind_int64(s->del[i], 1, docid);
        if (sqlite3_step(s->del[i]) != SQLITE_DONE)
            return TC_ESQLITE;
    }
    return TC_OK;
}

tc_rc tc_analysis_store_sql(const tc_analysis *a, tc_entity_sql *s, uint32_t docid)
{
    tc_rc rc = tc_entity_sql_delete(s, docid);
    for (size_t i = 0; i < a->nsinks && i < s->n && !rc; i++) {
        const tc_entity_sink *k = a->sinks[i];
        sqlite3_stmt *st = s->ins[i];
        size_t nc = tc_entity_ncols(tc_sink_type(k));
        for (size_t r = 0; r < tc_sink_rows(k) && !rc; r++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, docid);
            for (size_t c = 0; c < nc; c++) {
                long long iv;
                double rv;
                const char *tv;
                size_t tl;
                int bind = (int)c + 2;
                switch (tc_sink_cell(k, r, c, &iv, &rv, &tv, &tl)) {
                case TC_COL_INT:
                    sqlite3_bind_int64(st, bind, iv);
                    break;
                case TC_COL_REAL:
                    sqlite3_bind_double(st, bind, rv);
                    break;
                case TC_COL_TEXT:
                    sqlite3_bind_text(st, bind, tv, (int)tl, SQLITE_TRANSIENT);
                    break;
                default:
                    sqlite3_bind_null(st, bind);
                }
            }
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = TC_ESQLITE;
        }
    }
    return rc;
}
