/* analyze.c: file bytes -> terms, header and entities (see analyze.h). */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/agency.h"
#include "../analyzers/citation.h"
#include "../analyzers/dates.h"
#include "../analyzers/figures.h"
#include "../analyzers/places.h"
#include "../common/fields.h"
#include "schema.h"

/* Invalid UTF-8 is reported at most this many times per file, then summed. */
#define TC_MAX_UTF8_NOTICES 5

typedef struct tok_rec {
    uint32_t term;   /* offset of the term in pool */
    uint32_t folded; /* offset of the folded form in pool (== term if same) */
    uint16_t tlen;   /* term length */
    uint16_t flen;   /* folded length */
    uint32_t pos;    /* position */
    uint32_t flags;  /* TC_TOK_* and TOK_ACRONYM */
} tok_rec;

#define TOK_ACRONYM 0x100u

struct tc_analyzer {
    tc_text *text;           /* not owned */
    tc_citer *citer;         /* citation extractor */
    tc_figurer *figurer;     /* figures */
    tc_dater *dater;         /* dates and periods */
    tc_agencies *agencies;   /* agency mentions */
    tc_places *places;       /* place mentions */
    tc_doctypes *doctypes;   /* document types for the header */
    const tc_gazetteer *gaz; /* not owned */
    tc_strmap *lexicon_seen; /* "folded\x1fterm" pairs written this run */
    tc_buf key;              /* scratch */
};

struct tc_analysis {
    tc_header header;   /* metadata */
    tok_rec *toks;      /* tokens */
    size_t ntoks, cap;  /* count, capacity */
    tc_buf pool;        /* term strings */
    const char *data;   /* the file's bytes (not owned; valid until store) */
    size_t len;         /* their length */
    char *path;         /* the file's path */
    size_t bad_utf8;    /* invalid sequences repaired */
    tc_citation *cits;  /* citations found */
    size_t ncits, ccap; /* count, capacity */
    tc_figure *figs;    /* figures */
    size_t nfigs, fcap;
    tc_date *dates; /* dates and periods */
    size_t ndates, dcap;
    tc_agency_mention *ags; /* agency mentions */
    size_t nags, acap;
    tc_place *places; /* place mentions */
    size_t nplaces, pcap;
    char issuer_key[48]; /* agencies.tsv key of the issuing agency, or "" */
    tcx_doc *doc;        /* the Xapian document, built by the analysing thread */
    tc_buf lex;          /* lexicon entries new to that thread: "key\0term\0" pairs */
};

tc_rc tc_analyzer_open(tc_text *t, const tc_gazetteer *g, tc_analyzer **out)
{
    *out = NULL;
    tc_analyzer *an = calloc(1, sizeof *an);
    if (!an)
        return TC_ENOMEM;
    an->text = t;
    an->gaz = g;
    tc_buf_init(&an->key, 0);
    tc_rc rc = tc_strmap_new(NULL, &an->lexicon_seen);
    if (!rc)
        rc = tc_citer_open(t, &an->citer);
    if (!rc)
        rc = tc_figurer_open(t, &an->figurer);
    if (!rc)
        rc = tc_dater_open(t, &an->dater);
    if (!rc)
        rc = tc_agencies_open(t, g, &an->agencies);
    if (!rc)
        rc = tc_places_open(t, g, &an->places);
    if (!rc)
        rc = tc_doctypes_open(t, &an->doctypes);
    if (rc) {
        tc_analyzer_close(an);
        return rc;
    }
    *out = an;
    return TC_OK;
}

void tc_analyzer_close(tc_analyzer *an)
{
    if (!an)
        return;
    tc_strmap_free(an->lexicon_seen);
    tc_citer_close(an->citer);
    tc_figurer_close(an->figurer);
    tc_dater_close(an->dater);
    tc_agencies_close(an->agencies);
    tc_places_close(an->places);
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
    free(a->cits);
    free(a->figs);
    free(a->dates);
    free(a->ags);
    free(a->places);
    tc_buf_free(&a->pool);
    free(a->path);
    free(a);
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

static int collect_token(void *ctx, const tc_token *tok)
{
    collect_ctx *c = ctx;
    tc_analysis *a = c->a;
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

/* Appends one item of `size` bytes to a growable array. */
static int push_item(collect_ctx *cc, void **arr, size_t *n, size_t *cap, const void *item,
                     size_t size)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        void *v = realloc(*arr, c * size);
        if (!v) {
            cc->rc = TC_ENOMEM;
            return 1;
        }
        *arr = v;
        *cap = c;
    }
    memcpy((char *)*arr + *n * size, item, size);
    (*n)++;
    return 0;
}

static int collect_citation(void *ctx, const tc_citation *c)
{
    tc_analysis *a = ((collect_ctx *)ctx)->a;
    return push_item(ctx, (void **)&a->cits, &a->ncits, &a->ccap, c, sizeof *c);
}

static int collect_figure(void *ctx, const tc_figure *f)
{
    tc_analysis *a = ((collect_ctx *)ctx)->a;
    return push_item(ctx, (void **)&a->figs, &a->nfigs, &a->fcap, f, sizeof *f);
}

static int collect_date(void *ctx, const tc_date *d)
{
    tc_analysis *a = ((collect_ctx *)ctx)->a;
    return push_item(ctx, (void **)&a->dates, &a->ndates, &a->dcap, d, sizeof *d);
}

static int collect_agency(void *ctx, const tc_agency_mention *m)
{
    tc_analysis *a = ((collect_ctx *)ctx)->a;
    return push_item(ctx, (void **)&a->ags, &a->nags, &a->acap, m, sizeof *m);
}

static int collect_place(void *ctx, const tc_place *p)
{
    tc_analysis *a = ((collect_ctx *)ctx)->a;
    return push_item(ctx, (void **)&a->places, &a->nplaces, &a->pcap, p, sizeof *p);
}

static tc_rc analysis_build(tc_analyzer *an, tc_analysis *a);

/* A number inside a date ("ngày  23  tháng 3", with the double spaces of
 * converted files) is not a figure: the dates analyzer has the last word. */
static void drop_figures_in_dates(tc_analysis *a)
{
    size_t k = 0;
    for (size_t i = 0; i < a->nfigs; i++) {
        int inside = 0;
        for (size_t j = 0; j < a->ndates && !inside; j++)
            inside =
                a->figs[i].start >= a->dates[j].start_off && a->figs[i].start < a->dates[j].end_off;
        if (!inside)
            a->figs[k++] = a->figs[i];
    }
    a->nfigs = k;
}

tc_rc tc_analyzer_run(tc_analyzer *an, const char *path, const char *data, size_t len,
                      tc_notice_fn notice, void *ctx, tc_analysis **out)
{
    *out = NULL;
    tc_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return TC_ENOMEM;
    tc_buf_init(&a->pool, 0);
    tc_buf_init(&a->lex, 0);
    a->data = data;
    a->len = len;
    a->path = strdup(path);
    tc_rc rc = a->path ? TC_OK : TC_ENOMEM;
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
    if (!rc)
        rc = tc_header_read(an->doctypes, an->text, an->gaz, data, len, &a->header);
    const char *prov = a->header.province_code;
    if (!rc)
        rc = tc_citer_extract(an->citer, data, len, collect_citation, &c);
    if (!rc && !c.rc)
        rc = tc_figurer_extract(an->figurer, data, len, collect_figure, &c);
    if (!rc && !c.rc)
        rc = tc_dater_extract(an->dater, data, len, collect_date, &c);
    if (!rc && !c.rc)
        rc = tc_agencies_extract(an->agencies, data, len, prov, collect_agency, &c);
    if (!rc && !c.rc)
        rc = tc_places_extract(an->places, data, len, prov, collect_place, &c);
    if (!rc)
        rc = c.rc;
    if (!rc)
        drop_figures_in_dates(a);
    if (!rc && a->header.agency[0]) {
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

int tc_citation_type_issuer(const tc_citation *c, char *out, size_t n)
{
    if (!c->type[0] || !c->issuer[0] || c->is_short)
        return 0;
    /* Party documents write number-TYPE/ISSUER ("36-NQ/TW"); the others
     * number[/year]/TYPE-ISSUER ("45/2016/QĐ-TTg"). */
    char party[40];
    snprintf(party, sizeof party, "-%s/%s", c->type, c->issuer);
    int is_party = strstr(c->key, party) != NULL;
    snprintf(out, n, "%s%c%s", c->type, is_party ? '/' : '-', c->issuer);
    return 1;
}

/* The sentence around [start, end): from the previous sentence end (". ",
 * "; ", a line break) to the next, at most TC_SENTENCE_MAX bytes each side,
 * cut at UTF-8 boundaries. */
#define TC_SENTENCE_MAX 300
void tc_sentence_bounds(const char *d, size_t len, size_t start, size_t end, size_t *s_out,
                        size_t *e_out)
{
    size_t s = start;
    while (s > 0 && start - s < TC_SENTENCE_MAX) {
        char c = d[s - 1];
        if (c == '\n' || ((c == '.' || c == ';' || c == '!' || c == '?') && s < len &&
                          (d[s] == ' ' || d[s] == '\t')))
            break;
        s--;
    }
    size_t e = end;
    while (e < len && e - end < TC_SENTENCE_MAX) {
        char c = d[e];
        if (c == '\n' || c == '\r')
            break;
        e++;
        if ((c == '.' || c == ';' || c == '!' || c == '?') && (e >= len || d[e] == ' '))
            break;
    }
    while (s < start && ((unsigned char)d[s] & 0xC0) == 0x80)
        s++;
    while (e > end && e < len && ((unsigned char)d[e] & 0xC0) == 0x80)
        e--;
    while (s < start && (d[s] == ' ' || d[s] == '\t'))
        s++;
    *s_out = s;
    *e_out = e;
}

tc_rc tc_agency_key(tc_text *t, const char *name, size_t n, tc_buf *out)
{
    tc_buf_reset(out);
    return tc_text_fold(t, name, n, out);
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
    if (!rc && h->draft)
        rc = tcx_doc_add_boolean(doc, "XD1", 3);
    if (!rc && h->agency[0]) {
        tc_buf key;
        tc_buf_init(&key, 0);
        rc = tc_agency_key(an->text, h->agency, strlen(h->agency), &key);
        if (!rc)
            rc = add_prefixed(doc, &s, "XA", key.data);
        tc_buf_free(&key);
    }
    for (size_t i = 0; i < a->ncits && !rc; i++) {
        const tc_citation *c = &a->cits[i];
        rc = add_prefixed(doc, &s, "XC", c->key);
        char ti[64];
        if (!rc && tc_citation_type_issuer(c, ti, sizeof ti))
            rc = add_prefixed(doc, &s, "XK", ti);
    }
    /* Agencies: XG<key>, and XG<key>@<province> when it has a province, so
     * that "Sở KH&ĐT tỉnh Hà Tĩnh" and "Sở KH&ĐT" can both be asked for. */
    char agkey[80];
    if (!rc && a->issuer_key[0]) {
        rc = add_prefixed(doc, &s, "XG", a->issuer_key);
        snprintf(agkey, sizeof agkey, "%s@%s", a->issuer_key, h->province_code);
        if (!rc && h->province_code[0])
            rc = add_prefixed(doc, &s, "XG", agkey);
    }
    for (size_t i = 0; i < a->nags && !rc; i++) {
        rc = add_prefixed(doc, &s, "XG", a->ags[i].key);
        snprintf(agkey, sizeof agkey, "%s@%s", a->ags[i].key, a->ags[i].province_code);
        if (!rc && a->ags[i].province_code[0])
            rc = add_prefixed(doc, &s, "XG", agkey);
    }
    for (size_t i = 0; i < a->nplaces && !rc; i++)
        rc = add_prefixed(doc, &s, "XM", a->places[i].province_code);
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

    /* Data: the metadata record, then the file's bytes. */
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
        tc_fields_put(&s, "type", h->type);
        tc_fields_put(&s, "title", h->title);
        tc_fields_put(&s, "year", year);
        tc_fields_put(&s, "period", h->period);
        tc_fields_put(&s, "period_text", h->period_text);
        tc_fields_put_int(&s, "draft", h->draft);
        tc_buf_putc_rc(&rc, &s, '\n');
        tc_buf_append_rc(&rc, &s, a->data, a->len);
        if (!rc)
            rc = tcx_doc_set_data(doc, s.data, s.len);
    }
    tc_buf_free(&s);
    if (!rc)
        rc = collect_lexicon(an, a);
    return rc;
}

tc_rc tc_analysis_store(tc_analyzer *an, const tc_analysis *a, tcx_db *db, const char *unique_term,
                        size_t ulen, int is_new, uint32_t *docid)
{
    *docid = 0;
    if (!a->doc)
        return TC_EINVAL;
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
    /* The unique term must be in the document for later replacements. */
    if (!rc)
        rc = tcx_doc_add_boolean(a->doc, unique_term, ulen);
    if (!rc)
        rc = is_new ? tcx_db_add(db, a->doc, docid)
                    : tcx_db_replace(db, unique_term, ulen, a->doc, docid);
    return rc;
}

static const char *const entity_tables[TC_ENTITY_TABLES] = {"citations", "agencies", "places",
                                                            "figures", "dates"};
static const char *const entity_inserts[TC_ENTITY_TABLES] = {
    "INSERT INTO citations(doc_id, key, number, year, type, issuer, unit, date, issuer_name, "
    "text, start, end, sentence, is_short) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO agencies(doc_id, key, name, level, province_code, text, start, end) "
    "VALUES(?,?,?,?,?,?,?,?)",
    "INSERT INTO places(doc_id, province_code, province, province2025_code, province2025, "
    "district_code, district, text, start, end, own) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO figures(doc_id, value, value2, unit, noun, text, kind, change, ambiguous, "
    "reading, is_table, col, indicator, start, end) "
    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO dates(doc_id, iso, precision, period, start_date, end_date, text, start, end) "
    "VALUES(?,?,?,?,?,?,?,?,?)",
};

tc_rc tc_entity_sql_prepare(sqlite3 *db, tc_entity_sql *s)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < TC_ENTITY_TABLES; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE doc_id=?", entity_tables[i]);
        if (sqlite3_prepare_v2(db, sql, -1, &s->del[i], NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(db, entity_inserts[i], -1, &s->ins[i], NULL) != SQLITE_OK)
            return TC_ESQLITE;
    }
    return TC_OK;
}

void tc_entity_sql_finalize(tc_entity_sql *s)
{
    for (int i = 0; i < TC_ENTITY_TABLES; i++) {
        sqlite3_finalize(s->del[i]);
        sqlite3_finalize(s->ins[i]);
    }
    memset(s, 0, sizeof *s);
}

tc_rc tc_entity_sql_delete(tc_entity_sql *s, uint32_t docid)
{
    for (int i = 0; i < TC_ENTITY_TABLES; i++) {
        sqlite3_reset(s->del[i]);
        sqlite3_bind_int64(s->del[i], 1, docid);
        if (sqlite3_step(s->del[i]) != SQLITE_DONE)
            return TC_ESQLITE;
    }
    return TC_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* The sentence around [start, end) as clean one-line text. */
static void sentence_text(const tc_analysis *a, size_t start, size_t end, tc_buf *out)
{
    size_t s0, s1;
    tc_sentence_bounds(a->data, a->len, start, end, &s0, &s1);
    tc_buf_reset(out);
    tc_utf8_repair(out, a->data + s0, s1 - s0);
    for (size_t k = 0; k < out->len; k++)
        if (out->data[k] == '\n' || out->data[k] == '\t' || out->data[k] == '\r')
            out->data[k] = ' ';
}

static tc_rc step_done(sqlite3_stmt *st)
{
    return sqlite3_step(st) == SQLITE_DONE ? TC_OK : TC_ESQLITE;
}

tc_rc tc_analysis_store_sql(const tc_analysis *a, tc_entity_sql *s, uint32_t docid)
{
    tc_rc rc = tc_entity_sql_delete(s, docid);
    tc_buf sent;
    tc_buf_init(&sent, 0);
    for (size_t i = 0; i < a->ncits && !rc; i++) {
        const tc_citation *c = &a->cits[i];
        sentence_text(a, c->start, c->end, &sent);
        sqlite3_stmt *st = s->ins[0];
        sqlite3_reset(st);
        int j = 1;
        sqlite3_bind_int64(st, j++, docid);
        sqlite3_bind_text(st, j++, c->key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, j++, c->year);
        sqlite3_bind_text(st, j++, c->type, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->issuer, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->unit, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->issuer_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, j++, c->text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, j++, (long long)c->start);
        sqlite3_bind_int64(st, j++, (long long)c->end);
        sqlite3_bind_text(st, j++, tc_buf_cstr(&sent), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, j++, c->is_short);
        rc = step_done(st);
    }
    for (size_t i = 0; i < a->nags && !rc; i++) {
        const tc_agency_mention *m = &a->ags[i];
        sqlite3_stmt *st = s->ins[1];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, docid);
        bind_text(st, 2, m->key);
        bind_text(st, 3, m->name);
        bind_text(st, 4, m->level);
        bind_text(st, 5, m->province_code);
        bind_text(st, 6, m->text);
        sqlite3_bind_int64(st, 7, (long long)m->start);
        sqlite3_bind_int64(st, 8, (long long)m->end);
        rc = step_done(st);
    }
    for (size_t i = 0; i < a->nplaces && !rc; i++) {
        const tc_place *p = &a->places[i];
        sqlite3_stmt *st = s->ins[2];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, docid);
        bind_text(st, 2, p->province_code);
        bind_text(st, 3, p->province);
        bind_text(st, 4, p->province2025_code);
        bind_text(st, 5, p->province2025);
        bind_text(st, 6, p->district_code);
        bind_text(st, 7, p->district);
        bind_text(st, 8, p->text);
        sqlite3_bind_int64(st, 9, (long long)p->start);
        sqlite3_bind_int64(st, 10, (long long)p->end);
        sqlite3_bind_int(st, 11, p->own);
        rc = step_done(st);
    }
    static const char *const kinds[] = {"", "count", "money", "percent", "ratio", "measure"};
    for (size_t i = 0; i < a->nfigs && !rc; i++) {
        const tc_figure *f = &a->figs[i];
        sqlite3_stmt *st = s->ins[3];
        sqlite3_reset(st);
        int j = 1;
        sqlite3_bind_int64(st, j++, docid);
        sqlite3_bind_double(st, j++, f->value);
        if (f->kind == TC_FIG_RATIO)
            sqlite3_bind_double(st, j++, f->value2);
        else
            sqlite3_bind_null(st, j++);
        bind_text(st, j++, f->unit);
        bind_text(st, j++, f->noun);
        bind_text(st, j++, f->text);
        bind_text(st, j++, f->kind >= 1 && f->kind <= 5 ? kinds[f->kind] : "");
        sqlite3_bind_int(st, j++, f->change);
        sqlite3_bind_int(st, j++, f->ambiguous);
        bind_text(st, j++, f->reading);
        sqlite3_bind_int(st, j++, f->table);
        bind_text(st, j++, f->column);
        bind_text(st, j++, f->indicator);
        sqlite3_bind_int64(st, j++, (long long)f->start);
        sqlite3_bind_int64(st, j++, (long long)f->end);
        rc = step_done(st);
    }
    for (size_t i = 0; i < a->ndates && !rc; i++) {
        const tc_date *d = &a->dates[i];
        sqlite3_stmt *st = s->ins[4];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, docid);
        bind_text(st, 2, d->iso);
        sqlite3_bind_int(st, 3, d->precision);
        bind_text(st, 4, d->period);
        bind_text(st, 5, d->start);
        bind_text(st, 6, d->end);
        bind_text(st, 7, d->text);
        sqlite3_bind_int64(st, 8, (long long)d->start_off);
        sqlite3_bind_int64(st, 9, (long long)d->end_off);
        rc = step_done(st);
    }
    tc_buf_free(&sent);
    return rc;
}
