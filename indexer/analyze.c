/* analyze.c: file bytes -> terms, header and entities (see analyze.h). */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyzers/citation.h"
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
    tc_text *text;             /* not owned */
    tc_citer *citer;           /* citation extractor */
    const tc_gazetteer *gaz;   /* not owned */
    tc_strmap *lexicon_seen;   /* "folded\x1fterm" pairs written this run */
    tc_buf key;                /* scratch */
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
    tc_buf_free(&an->key);
    free(an);
}

void tc_analysis_free(tc_analysis *a)
{
    if (!a)
        return;
    free(a->toks);
    free(a->cits);
    tc_buf_free(&a->pool);
    free(a->path);
    free(a);
}

const tc_header *tc_analysis_header(const tc_analysis *a) { return &a->header; }
size_t tc_analysis_tokens(const tc_analysis *a) { return a->ntoks; }

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

static int collect_citation(void *ctx, const tc_citation *c)
{
    collect_ctx *cc = ctx;
    tc_analysis *a = cc->a;
    if (a->ncits == a->ccap) {
        size_t cap = a->ccap ? a->ccap * 2 : 32;
        tc_citation *v = realloc(a->cits, cap * sizeof *v);
        if (!v) {
            cc->rc = TC_ENOMEM;
            return 1;
        }
        a->cits = v;
        a->ccap = cap;
    }
    a->cits[a->ncits++] = *c;
    return 0;
}

tc_rc tc_analyzer_run(tc_analyzer *an, const char *path, const char *data, size_t len,
                      tc_notice_fn notice, void *ctx, tc_analysis **out)
{
    *out = NULL;
    tc_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return TC_ENOMEM;
    tc_buf_init(&a->pool, 0);
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
        rc = tc_header_parse(an->text, an->gaz, data, len, &a->header);
    if (!rc)
        rc = tc_citer_extract(an->citer, data, len, collect_citation, &c);
    if (!rc)
        rc = c.rc;
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

/* Writes the lexicon entries (folded -> term, ^term acronyms) not yet
 * written in this run. */
static tc_rc store_lexicon(tc_analyzer *an, const tc_analysis *a, tcx_db *db)
{
    const char *pool = a->pool.data;
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < a->ntoks && !rc; i++) {
        const tok_rec *r = &a->toks[i];
        if (r->flags & TC_TOK_ACCENTED) {
            tc_buf_reset(&an->key);
            tc_buf_append(&an->key, pool + r->folded, r->flen);
            tc_buf_putc(&an->key, '\x1f');
            tc_buf_append(&an->key, pool + r->term, r->tlen);
            if (tc_strmap_get(an->lexicon_seen, an->key.data, an->key.len, NULL))
                continue;
            rc = tc_strmap_put(an->lexicon_seen, an->key.data, an->key.len, NULL);
            if (!rc)
                rc = tcx_db_add_synonym(db, pool + r->folded, r->flen, pool + r->term, r->tlen);
        } else if (r->flags & TOK_ACRONYM) {
            tc_buf_reset(&an->key);
            tc_buf_putc(&an->key, '^');
            tc_buf_append(&an->key, pool + r->term, r->tlen);
            if (tc_strmap_get(an->lexicon_seen, an->key.data, an->key.len, NULL))
                continue;
            rc = tc_strmap_put(an->lexicon_seen, an->key.data, an->key.len, NULL);
            if (!rc)
                rc = tcx_db_add_synonym(db, an->key.data, an->key.len, "1", 1);
        }
    }
    return rc;
}

tc_rc tc_analysis_store(tc_analyzer *an, const tc_analysis *a, tcx_db *db,
                        const char *unique_term, size_t ulen, uint32_t *docid)
{
    *docid = 0;
    tcx_doc *doc = NULL;
    tc_rc rc = tcx_doc_new(&doc);
    if (rc)
        return rc;
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
        rc = tcx_doc_set_value(doc, TC_SLOT_PROVINCE2025, h->province2025,
                               strlen(h->province2025));
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
        tc_buf_putc(&s, '\n');
        rc = tc_buf_append(&s, a->data, a->len);
        if (!rc)
            rc = tcx_doc_set_data(doc, s.data, s.len);
    }
    tc_buf_free(&s);
    if (!rc)
        rc = store_lexicon(an, a, db);
    /* The unique term must be in the document for later replacements. */
    if (!rc)
        rc = tcx_doc_add_boolean(doc, unique_term, ulen);
    if (!rc)
        rc = tcx_db_replace(db, unique_term, ulen, doc, docid);
    tcx_doc_free(doc);
    return rc;
}

tc_rc tc_analysis_store_sql(const tc_analysis *a, sqlite3 *db, uint32_t docid,
                            sqlite3_stmt *del_citations, sqlite3_stmt *add_citation)
{
    sqlite3_reset(del_citations);
    sqlite3_bind_int64(del_citations, 1, docid);
    if (sqlite3_step(del_citations) != SQLITE_DONE)
        return TC_ESQLITE;
    tc_buf sent;
    tc_buf_init(&sent, 0);
    for (size_t i = 0; i < a->ncits; i++) {
        const tc_citation *c = &a->cits[i];
        size_t s0, s1;
        tc_sentence_bounds(a->data, a->len, c->start, c->end, &s0, &s1);
        tc_buf_reset(&sent);
        tc_utf8_repair(&sent, a->data + s0, s1 - s0);
        for (size_t k = 0; k < sent.len; k++)
            if (sent.data[k] == '\n' || sent.data[k] == '\t')
                sent.data[k] = ' ';
        sqlite3_stmt *st = add_citation;
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
        if (sqlite3_step(st) != SQLITE_DONE) {
            tc_buf_free(&sent);
            return TC_ESQLITE;
        }
    }
    tc_buf_free(&sent);
    return TC_OK;
}
