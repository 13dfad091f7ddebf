/* zipxml.c: zip members (libzip), hostile-input-safe streaming XML
 * (libxml2 SAX2) and the paragraph/table layout shared by the office
 * readers (see zipxml.h). */
#include "zipxml.h"

#include "../analyzers/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <zip.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void)
{
    xmlInitParser();
}

void tc_zipxml_init(void)
{
    pthread_once(&xml_once, xml_init_once);
}

size_t tc_zipxml_member_cap(size_t max_text)
{
    const size_t lo = (size_t)1 << 20, hi = (size_t)256 << 20;
    if (max_text == 0 || max_text >= hi / 32)
        return hi;
    size_t cap = max_text * 32;
    return cap < lo ? lo : cap;
}

/* ---- zip ---------------------------------------------------------------- */

struct tc_zip {
    zip_t *za;
};

static tc_rc zip_rc(int code)
{
    switch (code) {
    case ZIP_ER_MEMORY:
        return TC_ENOMEM;
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        return TC_EPASSWORD;
    default:
        return TC_EFORMAT;
    }
}

tc_rc tc_zip_open(const char *data, size_t n, tc_zip **out, char *why, size_t whylen)
{
    *out = NULL;
    tc_zipxml_init();
    tc_zip *z = calloc(1, sizeof *z);
    if (!z)
        return TC_ENOMEM;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(n ? data : NULL, n, 0, &ze);
    if (src) {
        z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!z->za)
            zip_source_free(src);
    }
    if (!z->za) {
        int code = zip_error_code_zip(&ze);
        snprintf(why, whylen, "not a readable zip archive: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        free(z);
        return zip_rc(code);
    }
    zip_error_fini(&ze);
    *out = z;
    return TC_OK;
}

void tc_zip_close(tc_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

size_t tc_zip_count(tc_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    return n > 0 ? (size_t)n : 0;
}

const char *tc_zip_name(tc_zip *z, size_t i)
{
    return zip_get_name(z->za, (zip_uint64_t)i, 0);
}

int tc_zip_has(tc_zip *z, const char *name)
{
    return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

tc_rc tc_zip_open_document(const char *data, size_t n, const char *member, const char *what,
                           tc_reader_out *out, tc_zip **z)
{
    char why[sizeof out->why] = "";
    tc_rc rc = tc_zip_open(data, n, z, why, sizeof why);
    if (rc)
        return tc_reader_fail(out, rc, "%s", why);
    if (!tc_zip_has(*z, member)) {
        tc_zip_close(*z);
        *z = NULL;
        return tc_reader_fail(out, TC_EFORMAT, "no %s: not %s", member, what);
    }
    return TC_OK;
}

/* Unpacks member name chunk by chunk into sink; TC_ETOOBIG once more than
 * cap bytes came out of the inflater. */
typedef tc_rc (*chunk_fn)(void *ctx, const char *p, size_t n);

static tc_rc zip_stream(tc_zip *z, const char *name, size_t cap, chunk_fn sink, void *ctx,
                        char *why, size_t whylen)
{
    zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (idx < 0) {
        snprintf(why, whylen, "no %s in the archive", name);
        return TC_EFORMAT;
    }
    zip_file_t *zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(z->za);
        snprintf(why, whylen, "cannot open %s: %s", name, zip_error_strerror(ze));
        return zip_rc(zip_error_code_zip(ze));
    }
    enum { CHUNK = 64 * 1024 };
    char *chunk = malloc(CHUNK);
    tc_rc rc = chunk ? TC_OK : TC_ENOMEM;
    size_t total = 0;
    while (!rc) {
        zip_int64_t got = zip_fread(zf, chunk, CHUNK);
        if (got < 0) {
            zip_error_t *ze = zip_file_get_error(zf);
            snprintf(why, whylen, "damaged %s: %s", name, zip_error_strerror(ze));
            rc = zip_rc(zip_error_code_zip(ze));
            break;
        }
        if (got == 0)
            break;
        total += (size_t)got;
        if (total > cap) {
            snprintf(why, whylen, "%s unpacks to more than %zu bytes", name, cap);
            rc = TC_ETOOBIG;
            break;
        }
        rc = sink(ctx, chunk, (size_t)got);
    }
    free(chunk);
    zip_fclose(zf);
    return rc;
}

static tc_rc sink_buf(void *ctx, const char *p, size_t n)
{
    return tc_buf_append(ctx, p, n);
}

tc_rc tc_zip_read(tc_zip *z, const char *name, size_t cap, tc_buf *out, char *why, size_t whylen)
{
    tc_buf_reset(out);
    tc_rc rc = zip_stream(z, name, cap, sink_buf, out, why, whylen);
    if (rc == TC_ENOMEM && !why[0])
        snprintf(why, whylen, "out of memory unpacking %s", name);
    return rc;
}

/* ---- XML ---------------------------------------------------------------- */

const char *tc_xml_attr(const tc_xml_attrs *at, const char *ns, const char *local, size_t *len)
{
    for (int i = 0; at && i < at->n; i++) {
        const unsigned char **a = at->a + 5 * i;
        if (strcmp((const char *)a[0], local) != 0)
            continue;
        if (ns && strcmp(a[2] ? (const char *)a[2] : "", ns) != 0)
            continue;
        if (len)
            *len = (size_t)(a[4] - a[3]);
        return (const char *)a[3];
    }
    return NULL;
}

const char *tc_xml_attr_copy(const tc_xml_attrs *at, const char *ns, const char *local, char *dst,
                             size_t size)
{
    size_t n = 0;
    const char *v = tc_xml_attr(at, ns, local, &n);
    if (size == 0)
        return NULL;
    dst[0] = 0;
    if (!v)
        return NULL;
    if (n >= size) { /* cut at a UTF-8 character boundary */
        n = size - 1;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, v, n);
    dst[n] = 0;
    return dst;
}

typedef struct xml_run {
    xmlParserCtxtPtr ctxt;
    const tc_xml_handler *h;
    void *ud;
    tc_rc rc;      /* a callback's error, which stopped the parse */
    int entity;    /* the document declares an entity */
    int err_line;  /* first error's line */
    char err[112]; /* first error's message */
} xml_run;

static void run_stop(xml_run *r, tc_rc rc)
{
    if (!r->rc)
        r->rc = rc;
    xmlStopParser(r->ctxt);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nss, int nattr, int ndef, const xmlChar **attrs)
{
    xml_run *r = ctx;
    if (r->rc || !r->h->start)
        return;
    tc_xml_attrs at = {attrs, nattr};
    tc_rc rc = r->h->start(r->ud, uri ? (const char *)uri : "", (const char *)local, &at);
    if (rc)
        run_stop(r, rc);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    xml_run *r = ctx;
    if (r->rc || !r->h->end)
        return;
    tc_rc rc = r->h->end(r->ud, uri ? (const char *)uri : "", (const char *)local);
    if (rc)
        run_stop(r, rc);
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
    xml_run *r = ctx;
    if (r->rc || !r->h->text || n <= 0)
        return;
    tc_rc rc = r->h->text(r->ud, (const char *)s, (size_t)n);
    if (rc)
        run_stop(r, rc);
}

/* Any entity declaration ends the parse before the entity could be used:
 * this is what keeps billion-laughs and external entities out. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    xml_run *r = ctx;
    r->entity = 1;
    run_stop(r, TC_EFORMAT);
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
                                    const xmlChar *system_id, const xmlChar *notation)
{
    on_entity_decl(ctx, name, 0, public_id, system_id, NULL);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    return NULL;
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *public_id,
                               const xmlChar *system_id)
{
    /* A DOCTYPE alone is harmless: nothing is loaded from it. */
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    xml_run *r = ctx;
    if (!e || e->level < XML_ERR_ERROR || r->err[0])
        return;
    snprintf(r->err, sizeof r->err, "%s", e->message ? e->message : "error");
    size_t n = strlen(r->err);
    while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == ' '))
        r->err[--n] = 0;
    r->err_line = e->line;
}

typedef struct push_ctx {
    xml_run run;
    xmlSAXHandler sax;
    const char *what;
} push_ctx;

static tc_rc push_begin(push_ctx *p, const tc_xml_handler *h, void *ud, const char *what)
{
    tc_zipxml_init();
    memset(p, 0, sizeof *p);
    p->what = what;
    p->run.h = h;
    p->run.ud = ud;
    xmlSAXHandler *s = &p->sax;
    s->initialized = XML_SAX2_MAGIC;
    s->startElementNs = on_start;
    s->endElementNs = on_end;
    s->characters = on_text;
    s->cdataBlock = on_text;
    s->internalSubset = on_internal_subset;
    s->entityDecl = on_entity_decl;
    s->unparsedEntityDecl = on_unparsed_entity_decl;
    s->getEntity = on_get_entity;
    s->getParameterEntity = on_get_entity;
    s->serror = on_error;
    /* everything else (externalSubset, resolveEntity, ...) stays NULL */
    p->run.ctxt = xmlCreatePushParserCtxt(s, &p->run, NULL, 0, what);
    if (!p->run.ctxt)
        return TC_ENOMEM;
    xmlCtxtUseOptions(p->run.ctxt, XML_PARSE_NONET);
    return TC_OK;
}

static tc_rc push_chunk(void *ctx, const char *data, size_t n)
{
    push_ctx *p = ctx;
    while (n > 0) {
        int k = n > (1u << 30) ? 1 << 30 : (int)n;
        int ret = xmlParseChunk(p->run.ctxt, data, k, 0);
        if (p->run.rc)
            return p->run.rc;
        if (ret != 0 || !p->run.ctxt->wellFormed)
            return TC_EFORMAT;
        data += k;
        n -= (size_t)k;
    }
    return TC_OK;
}

/* Ends the parse and turns its state into an rc and a reason. */
static tc_rc push_end(push_ctx *p, tc_rc rc, char *why, size_t whylen)
{
    xmlParserCtxtPtr c = p->run.ctxt;
    if (!rc && !p->run.rc) {
        int ret = xmlParseChunk(c, NULL, 0, 1);
        if (!p->run.rc && (ret != 0 || !c->wellFormed))
            rc = TC_EFORMAT;
    }
    if (p->run.rc) /* a callback's error: its caller says why */
        rc = p->run.rc;
    if (p->run.entity)
        snprintf(why, whylen, "%s declares XML entities (refused)", p->what);
    else if (rc == TC_EFORMAT && !why[0])
        snprintf(why, whylen, "%s: malformed XML at line %d: %s", p->what,
                 p->run.err_line ? p->run.err_line
                 : c->input      ? c->input->line
                                 : 0,
                 p->run.err[0] ? p->run.err : "parse error");
    else if (rc && !p->run.rc && !why[0])
        snprintf(why, whylen, "%s: %s", p->what, tc_strerror(rc));
    /* libxml2 builds a stand-in document to hold a declared entity even in
     * SAX mode (its "expat compatibility"); it is ours to free */
    if (c->myDoc)
        xmlFreeDoc(c->myDoc);
    c->myDoc = NULL;
    xmlFreeParserCtxt(c);
    return rc;
}

tc_rc tc_xml_parse_member(tc_zip *z, const char *name, size_t cap, const tc_xml_handler *h,
                          void *ud, char *why, size_t whylen)
{
    push_ctx p;
    why[0] = 0;
    tc_rc rc = push_begin(&p, h, ud, name);
    if (rc)
        return rc;
    rc = zip_stream(z, name, cap, push_chunk, &p, why, whylen);
    return push_end(&p, rc, why, whylen);
}

tc_rc tc_xml_parse(const char *xml, size_t n, const char *what, const tc_xml_handler *h, void *ud,
                   char *why, size_t whylen)
{
    push_ctx p;
    why[0] = 0;
    tc_rc rc = push_begin(&p, h, ud, what);
    if (rc)
        return rc;
    rc = push_chunk(&p, xml, n);
    return push_end(&p, rc, why, whylen);
}

/* ---- text layout -------------------------------------------------------- */

enum { FR_PARA, FR_TABLE, FR_ROW, FR_CELL };
enum { MAX_FRAMES = 512 };

typedef struct dpara {
    size_t off, len; /* in the table's text */
} dpara;

typedef struct dcell {
    unsigned row, col, span, order; /* order: index of the cell in its row */
    size_t first, npara;            /* its paragraphs in the table's paras */
} dcell;

typedef struct dtable {
    tc_buf text;
    dpara *paras;
    size_t npara, cpara;
    dcell *cells;
    size_t ncell, ccell;
    unsigned nrows;
    unsigned next_col;  /* grid column of the next cell in the current row */
    unsigned row_cells; /* cells in the current row so far */
} dtable;

typedef struct frame {
    int kind;
    size_t off;       /* FR_PARA: where its text starts in the paragraph scratch */
    size_t seg_start; /* FR_PARA: its first legacy segment */
    dtable *t;        /* FR_TABLE, FR_ROW, FR_CELL: the table (NULL when misplaced) */
    size_t cell;
} frame;

/* Text of a paragraph in a legacy font, kept as the file has it until the
 * paragraph ends and it is known whether it really is legacy text. */
typedef struct lseg {
    size_t off, len; /* in the paragraph scratch */
    tc_legacy_enc enc;
} lseg;

struct tc_doctext {
    tc_buf *out;
    tc_legacy_tally *tally;
    tc_rc rc;
    frame fr[MAX_FRAMES];
    size_t nfr;
    size_t dropped; /* frames begun past MAX_FRAMES, ended without effect */
    size_t open_paras;
    tc_buf para; /* text of the open paragraphs, nested ones after their holder */
    lseg *segs;
    size_t nseg, cseg;
    tc_buf conv;   /* a paragraph with its legacy segments converted */
    tc_buf sample; /* one encoding's segments of a paragraph, for detection */
    tc_buf line;   /* scratch for a table row or cell */
};

tc_rc tc_doctext_new(tc_buf *out, tc_legacy_tally *tally, tc_doctext **dt)
{
    tc_doctext *d = calloc(1, sizeof *d);
    *dt = d;
    if (!d)
        return TC_ENOMEM;
    d->out = out;
    d->tally = tally;
    tc_buf_init(&d->para, out->cap);
    tc_buf_init(&d->conv, out->cap);
    tc_buf_init(&d->sample, out->cap);
    tc_buf_init(&d->line, out->cap);
    return TC_OK;
}

static void table_free(dtable *t)
{
    if (!t)
        return;
    tc_buf_free(&t->text);
    free(t->paras);
    free(t->cells);
    free(t);
}

void tc_doctext_free(tc_doctext *dt)
{
    if (!dt)
        return;
    for (size_t i = 0; i < dt->nfr; i++)
        if (dt->fr[i].kind == FR_TABLE)
            table_free(dt->fr[i].t);
    tc_buf_free(&dt->para);
    tc_buf_free(&dt->conv);
    tc_buf_free(&dt->sample);
    tc_buf_free(&dt->line);
    free(dt->segs);
    free(dt);
}

tc_rc tc_doctext_rc(const tc_doctext *dt)
{
    return dt->rc;
}

/* An append to b failed: the cap (TC_ETOOBIG) or memory. */
static void fail_append(tc_doctext *dt, const tc_buf *b, size_t want)
{
    if (!dt->rc)
        dt->rc = b->len + want >= b->cap ? TC_ETOOBIG : TC_ENOMEM;
}

static void put(tc_doctext *dt, tc_buf *b, const char *s, size_t n)
{
    if (dt->rc || n == 0)
        return;
    if (tc_buf_append(b, s, n))
        fail_append(dt, b, n);
}

static int grow(tc_doctext *dt, void **arr, size_t *cap, size_t n, size_t elem);

void tc_doctext_text(tc_doctext *dt, tc_legacy_enc enc, const char *s, size_t n)
{
    if (dt->rc || dt->open_paras == 0 || n == 0)
        return;
    size_t at = dt->para.len;
    put(dt, &dt->para, s, n);
    if (dt->rc || enc <= TC_LEGACY_NONE || enc >= TC_LEGACY_COUNT)
        return;
    /* a run continuing the last one of this paragraph (a VNI letter and
     * its mark may be split over two runs or two parser callbacks) extends
     * it; one of the paragraph holding a text box never does */
    size_t first = 0;
    for (size_t i = dt->nfr; i-- > 0;)
        if (dt->fr[i].kind == FR_PARA) {
            first = dt->fr[i].seg_start;
            break;
        }
    if (dt->nseg > first && dt->segs[dt->nseg - 1].enc == enc &&
        dt->segs[dt->nseg - 1].off + dt->segs[dt->nseg - 1].len == at) {
        dt->segs[dt->nseg - 1].len += n;
        return;
    }
    if (!grow(dt, (void **)&dt->segs, &dt->cseg, dt->nseg, sizeof *dt->segs))
        return;
    dt->segs[dt->nseg++] = (lseg){at, n, enc};
}

/* ---- is text in a legacy font legacy text? ------------------------------ */

/* The characters a run typed in a legacy 8-bit font can hold: the
 * Windows-1252 character of each byte (C1 controls standing for their own
 * byte) or U+F000 + byte (symbol-mapped fonts). */
static int legacy_byte_char(uint32_t cp)
{
    static const uint16_t w1252[] = {0x152,  0x153,  0x160,  0x161,  0x178,  0x17D,  0x17E,
                                     0x192,  0x2C6,  0x2DC,  0x2013, 0x2014, 0x2018, 0x2019,
                                     0x201A, 0x201C, 0x201D, 0x201E, 0x2020, 0x2021, 0x2022,
                                     0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122};
    if (cp < 0x100 || (cp >= 0xF000 && cp <= 0xF0FF))
        return 1;
    for (size_t i = 0; i < sizeof w1252 / sizeof *w1252; i++)
        if (cp == w1252[i])
            return 1;
    return 0;
}

/* Vietnamese letters of Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý and their
 * capitals): what Unicode Vietnamese shows in Windows-1252's range. */
static int viet_latin1(uint32_t cp)
{
    static const char low[] = "\xe0\xe1\xe2\xe3\xe8\xe9\xea\xec\xed\xf2\xf3\xf4\xf5\xf9\xfa\xfd";
    if (cp >= 0xC0 && cp <= 0xDD)
        cp += 0x20;
    return cp >= 0xE0 && cp <= 0xFD && strchr(low, (int)cp) != NULL;
}

/* Characters of Windows-1252 that Unicode Vietnamese text uses besides
 * its letters: they say nothing either way. */
static int neutral(uint32_t cp)
{
    static const char sym[] = "\xa0\xb0\xb1\xd7\xf7\xa9\xb2\xb3\xbc\xbd\xbe";
    return cp > 0xFF ? cp < 0xF000 && cp != 0x152 && cp != 0x153 && cp != 0x160 && cp != 0x161 &&
                           cp != 0x178 && cp != 0x17D && cp != 0x17E && cp != 0x192
                     : cp >= 0xA0 && strchr(sym, (int)cp) != NULL;
}

typedef struct lcount {
    size_t bytes;    /* non-ASCII characters a legacy byte can stand for */
    size_t other;    /* non-ASCII characters none can (ư ơ đ ạ ế ...) */
    size_t viet;     /* of bytes: Vietnamese letters of Latin-1 (both read) */
    size_t evidence; /* of bytes: neither those nor common symbols (« ­ ¬ ä ö ...) */
} lcount;

static void count_legacy(const char *s, size_t n, lcount *c)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp = 0;
        i += tc_utf8_decode(s + i, n - i, &cp);
        if (!legacy_byte_char(cp)) {
            c->other++;
            continue;
        }
        c->bytes++;
        if (viet_latin1(cp))
            c->viet++;
        else if (!neutral(cp))
            c->evidence++;
    }
}

/* Whether a paragraph's text in fonts of encoding enc is legacy text, and
 * in which encoding.  A legacy font does not make legacy text: many recent
 * documents keep .VnTime in a style and were typed in Unicode, which shows
 * right only because that font is not installed.  So:
 *   - characters no legacy byte gives (ư ơ đ ạ ...): Unicode;
 *   - nothing outside ASCII: nothing to convert;
 *   - read as Vietnamese once converted (tc_legacy_detect_utf8): legacy;
 *   - too short for that: legacy when it holds characters Unicode
 *     Vietnamese does not use ("c«ng", "Boä") at least half as often as
 *     Vietnamese letters of Latin-1; else as the document's earlier
 *     paragraphs in that encoding were; else Unicode ("Tình").
 * The clear cases vote for the later ones (tally). */
static tc_legacy_enc decide(tc_doctext *dt, size_t s0, tc_legacy_enc enc)
{
    const char *name = tc_legacy_name(enc);
    lcount c = {0};
    tc_buf_reset(&dt->sample);
    for (size_t k = s0; k < dt->nseg; k++) {
        const lseg *g = &dt->segs[k];
        if (strcmp(tc_legacy_name(g->enc), name) != 0)
            continue;
        count_legacy(dt->para.data + g->off, g->len, &c);
        if (dt->sample.len < 4096) {
            if (dt->sample.len && tc_buf_putc(&dt->sample, ' '))
                break;
            if (tc_buf_append(&dt->sample, dt->para.data + g->off, g->len))
                break;
        }
    }
    tc_legacy_tally *t = dt->tally;
    if (c.other > 0 && c.other * 8 > c.bytes) {
        t->unicode[enc]++;
        return TC_LEGACY_NONE;
    }
    if (c.bytes == 0)
        return TC_LEGACY_NONE;
    tc_legacy_enc d = tc_legacy_detect_utf8(dt->sample.data, dt->sample.len);
    if (d != TC_LEGACY_NONE) {
        t->legacy[enc]++;
        /* the font's variant (TCVN3H: capitals) when the family agrees */
        return strcmp(tc_legacy_name(d), name) == 0 ? enc : d;
    }
    if (c.evidence > 0 && c.evidence * 2 >= c.viet)
        return enc;
    return t->legacy[enc] > t->unicode[enc] ? enc : TC_LEGACY_NONE;
}

/* The text of the paragraph at para[off..] with its legacy segments from
 * s0 on converted where they are legacy text, into dt->conv. */
static void convert_para(tc_doctext *dt, size_t off, size_t s0)
{
    tc_legacy_enc as[TC_LEGACY_COUNT];
    int decided[TC_LEGACY_COUNT] = {0};
    tc_buf_reset(&dt->conv);
    size_t pos = off;
    for (size_t k = s0; k < dt->nseg && !dt->rc; k++) {
        const lseg *g = &dt->segs[k];
        if (!decided[g->enc]) {
            as[g->enc] = decide(dt, s0, g->enc);
            decided[g->enc] = 1;
        }
        put(dt, &dt->conv, dt->para.data + pos, g->off - pos);
        pos = g->off + g->len;
        tc_legacy_enc e = as[g->enc];
        if (e == TC_LEGACY_NONE || dt->rc) {
            put(dt, &dt->conv, dt->para.data + g->off, g->len);
            continue;
        }
        tc_rc rc = tc_legacy_decode_font_text(e, dt->para.data + g->off, g->len, &dt->conv);
        if (rc == TC_ENOMEM)
            fail_append(dt, &dt->conv, g->len * 4);
        else if (rc)
            dt->rc = rc;
        lcount c = {0};
        count_legacy(dt->para.data + g->off, g->len, &c);
        dt->tally->bytes[e] += c.bytes;
    }
    put(dt, &dt->conv, dt->para.data + pos, dt->para.len - pos);
}

static frame *push(tc_doctext *dt, int kind)
{
    if (dt->nfr >= MAX_FRAMES) {
        dt->dropped++;
        return NULL;
    }
    frame *f = &dt->fr[dt->nfr++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    return f;
}

/* The frame to end, or NULL when its begin was dropped. */
static frame *top_to_end(tc_doctext *dt)
{
    if (dt->dropped) {
        dt->dropped--;
        return NULL;
    }
    return dt->nfr ? &dt->fr[dt->nfr - 1] : NULL;
}

/* The innermost open cell whose table is real, skipping paragraphs that
 * hold a text box; NULL at body level. */
static frame *enclosing_cell(tc_doctext *dt, size_t below)
{
    for (size_t i = below; i-- > 0;) {
        if (dt->fr[i].kind == FR_CELL && dt->fr[i].t)
            return &dt->fr[i];
        if (dt->fr[i].kind == FR_TABLE && dt->fr[i].t)
            return NULL; /* a paragraph between a table's rows: dropped below */
    }
    return NULL;
}

static int inside_table(tc_doctext *dt, size_t below)
{
    for (size_t i = below; i-- > 0;)
        if ((dt->fr[i].kind == FR_TABLE || dt->fr[i].kind == FR_ROW) && dt->fr[i].t)
            return 1;
    return 0;
}

static int grow(tc_doctext *dt, void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 1;
    size_t want = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, want * elem);
    if (!p) {
        if (!dt->rc)
            dt->rc = TC_ENOMEM;
        return 0;
    }
    *arr = p;
    *cap = want;
    return 1;
}

/* A table's memory counts against the text cap, so that a flood of empty
 * paragraphs or cells cannot take more than the text could. */
static int table_over(tc_doctext *dt, const dtable *t)
{
    size_t mem = t->text.len + t->npara * sizeof(dpara) + t->ncell * sizeof(dcell);
    if (mem > dt->out->cap) {
        if (!dt->rc)
            dt->rc = TC_ETOOBIG;
        return 1;
    }
    return 0;
}

static void cell_add_para(tc_doctext *dt, frame *cf, const char *s, size_t n)
{
    dtable *t = cf->t;
    if (dt->rc || table_over(dt, t) ||
        !grow(dt, (void **)&t->paras, &t->cpara, t->npara, sizeof *t->paras))
        return;
    dpara *p = &t->paras[t->npara];
    p->off = t->text.len;
    p->len = n;
    put(dt, &t->text, s, n);
    if (dt->rc)
        return;
    t->npara++;
    t->cells[cf->cell].npara++;
}

/* Delivers a finished paragraph (or a line of a flattened table) to where
 * it belongs: the enclosing cell, or the output. */
static void deliver(tc_doctext *dt, size_t below, const char *s, size_t n)
{
    frame *cf = enclosing_cell(dt, below);
    if (cf) {
        cell_add_para(dt, cf, s, n);
        return;
    }
    if (inside_table(dt, below))
        return;
    put(dt, dt->out, s, n);
    put(dt, dt->out, "\n", 1);
}

void tc_doctext_para_begin(tc_doctext *dt)
{
    frame *f = push(dt, FR_PARA);
    if (!f)
        return;
    f->off = dt->para.len;
    f->seg_start = dt->nseg;
    dt->open_paras++;
}

void tc_doctext_para_end(tc_doctext *dt)
{
    frame *f = top_to_end(dt);
    if (!f || f->kind != FR_PARA)
        return;
    dt->nfr--;
    dt->open_paras--;
    size_t off = f->off, s0 = f->seg_start;
    /* an empty paragraph in a text box or a drawn shape is no line */
    int nested_empty = dt->open_paras > 0 && dt->para.len == off;
    if (!dt->rc && off <= dt->para.len && !nested_empty) {
        /* deliver() appends elsewhere, never to para or conv */
        if (s0 < dt->nseg) {
            convert_para(dt, off, s0);
            if (!dt->rc)
                deliver(dt, dt->nfr, dt->conv.data ? dt->conv.data : "", dt->conv.len);
        } else {
            deliver(dt, dt->nfr, dt->para.len > off ? dt->para.data + off : "", dt->para.len - off);
        }
    }
    dt->para.len = off < dt->para.len ? off : dt->para.len;
    if (dt->para.data)
        dt->para.data[dt->para.len] = 0;
    dt->nseg = s0 < dt->nseg ? s0 : dt->nseg;
}

void tc_doctext_table_begin(tc_doctext *dt)
{
    frame *f = push(dt, FR_TABLE);
    if (!f)
        return;
    dtable *t = calloc(1, sizeof *t);
    if (!t) {
        if (!dt->rc)
            dt->rc = TC_ENOMEM;
        return;
    }
    tc_buf_init(&t->text, dt->out->cap);
    f->t = t;
}

void tc_doctext_row_begin(tc_doctext *dt)
{
    dtable *t = dt->nfr && dt->fr[dt->nfr - 1].kind == FR_TABLE ? dt->fr[dt->nfr - 1].t : NULL;
    frame *f = push(dt, FR_ROW);
    if (!f || !t)
        return;
    f->t = t;
    t->nrows++;
    t->next_col = 0;
    t->row_cells = 0;
}

void tc_doctext_row_skip(tc_doctext *dt, unsigned n)
{
    frame *f = dt->nfr ? &dt->fr[dt->nfr - 1] : NULL;
    if (f && f->kind == FR_ROW && f->t && f->t->row_cells == 0 && n < 64)
        f->t->next_col = n;
}

void tc_doctext_cell_begin(tc_doctext *dt)
{
    dtable *t = dt->nfr && dt->fr[dt->nfr - 1].kind == FR_ROW ? dt->fr[dt->nfr - 1].t : NULL;
    frame *f = push(dt, FR_CELL);
    if (!f || !t || dt->rc)
        return;
    if (table_over(dt, t) || !grow(dt, (void **)&t->cells, &t->ccell, t->ncell, sizeof *t->cells))
        return;
    dcell *c = &t->cells[t->ncell];
    c->row = t->nrows - 1;
    c->col = t->next_col;
    c->span = 1;
    c->order = t->row_cells++;
    c->first = t->npara;
    c->npara = 0;
    f->t = t;
    f->cell = t->ncell++;
    t->next_col++;
}

void tc_doctext_cell_span(tc_doctext *dt, unsigned n)
{
    frame *f = dt->nfr ? &dt->fr[dt->nfr - 1] : NULL;
    if (!f || f->kind != FR_CELL || !f->t || n < 1 || n > 64)
        return;
    dcell *c = &f->t->cells[f->cell];
    c->span = n;
    f->t->next_col = c->col + n;
}

static void end_kind(tc_doctext *dt, int kind)
{
    frame *f = top_to_end(dt);
    if (f && f->kind == kind)
        dt->nfr--;
}

void tc_doctext_cell_end(tc_doctext *dt)
{
    end_kind(dt, FR_CELL);
}

void tc_doctext_row_end(tc_doctext *dt)
{
    end_kind(dt, FR_ROW);
}

/* Cues of the header and signature tables (zipxml.h). */
static int has_text(const char *s, size_t n, const char *cue)
{
    return memmem(s, n, cue, strlen(cue)) != NULL;
}

/* "Số:" with optional spaces or NBSPs before the colon. */
static int has_so(const char *s, size_t n)
{
    static const char *const so[] = {"Số", "SỐ", "số"};
    for (size_t k = 0; k < 3; k++) {
        size_t m = strlen(so[k]);
        const char *p = s, *end = s + n;
        while ((p = memmem(p, (size_t)(end - p), so[k], m)) != NULL) {
            const char *q = p + m;
            while (q < end &&
                   (*q == ' ' || *q == '\t' ||
                    (q + 1 < end && (unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0)))
                q += *q == ' ' || *q == '\t' ? 1 : 2;
            if (q < end && *q == ':')
                return 1;
            p += m;
        }
    }
    return 0;
}

static int header_cue(const char *s, size_t n)
{
    /* ", ngày" is the place and date line: "Hà Nội, ngày 01 tháng 4 năm 2025" */
    static const char *const cues[] = {"CỘNG HÒA", "CỘNG HOÀ", "Cộng hòa", "Cộng hoà",
                                       "Độc lập",  "ĐỘC LẬP",  "Độc Lập",  ", ngày"};
    for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
        if (has_text(s, n, cues[i]))
            return 1;
    return has_so(s, n);
}

static int starts_with(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    return n >= m && memcmp(s, p, m) == 0;
}

static int signature_cue(const char *s, size_t n)
{
    return has_text(s, n, "Nơi nhận") || has_text(s, n, "NƠI NHẬN") || starts_with(s, n, "TM.") ||
           starts_with(s, n, "KT.") || starts_with(s, n, "TM ") || starts_with(s, n, "KT ");
}

static int is_layout_table(const dtable *t)
{
    if (t->nrows == 0 || t->nrows > 8)
        return 0;
    unsigned maxc = 0;
    for (size_t i = 0; i < t->ncell; i++)
        if (t->cells[i].order + 1 > maxc)
            maxc = t->cells[i].order + 1;
    if (maxc < 2 || maxc > 3)
        return 0;
    for (size_t i = 0; i < t->ncell; i++) {
        const dcell *c = &t->cells[i];
        for (size_t k = 0; k < c->npara; k++) {
            const dpara *p = &t->paras[c->first + k];
            const char *s = t->text.data + p->off;
            if (c->row < 3 && header_cue(s, p->len))
                return 1;
            if (signature_cue(s, p->len))
                return 1;
        }
    }
    return 0;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* A rule typed as characters ("______", "-------") under a header line. */
static int rule(const char *s, size_t n)
{
    size_t marks = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' || s[i] == '-' || s[i] == '=' || s[i] == '*' || s[i] == '.')
            marks++;
        else if (s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return marks >= 3;
}

/* One cell's text for a row line: its non-blank paragraphs joined by a
 * space, tabs and line breaks turned into spaces. */
static void put_cell(tc_doctext *dt, const dtable *t, const dcell *c, tc_buf *b)
{
    int first = 1;
    for (size_t k = 0; k < c->npara && !dt->rc; k++) {
        const dpara *p = &t->paras[c->first + k];
        const char *s = t->text.data + p->off;
        if (blank(s, p->len))
            continue;
        if (!first)
            put(dt, b, " ", 1);
        first = 0;
        size_t start = b->len;
        put(dt, b, s, p->len);
        for (size_t i = start; i < b->len && !dt->rc; i++)
            if (b->data[i] == '\t' || b->data[i] == '\n' || b->data[i] == '\r')
                b->data[i] = ' ';
    }
}

/* Emits table t: each line through deliver() (so a nested table lands in
 * its enclosing cell). */
static void emit_table(tc_doctext *dt, dtable *t)
{
    if (is_layout_table(t)) {
        unsigned maxc = 0;
        for (size_t i = 0; i < t->ncell; i++)
            if (t->cells[i].order + 1 > maxc)
                maxc = t->cells[i].order + 1;
        for (unsigned j = 0; j < maxc; j++)
            for (size_t i = 0; i < t->ncell && !dt->rc; i++) {
                const dcell *c = &t->cells[i];
                if (c->order != j)
                    continue;
                for (size_t k = 0; k < c->npara && !dt->rc; k++) {
                    /* a tab in a header cell only aligns ("Số:<TAB>12/BC"):
                     * the line must stay one line for the header reader */
                    const dpara *p = &t->paras[c->first + k];
                    char *s = t->text.data + p->off;
                    for (size_t x = 0; x < p->len; x++)
                        if (s[x] == '\t')
                            s[x] = ' ';
                    if (!blank(s, p->len) && !rule(s, p->len))
                        deliver(dt, dt->nfr, s, p->len);
                }
            }
        return;
    }
    size_t i = 0;
    while (i < t->ncell && !dt->rc) {
        unsigned row = t->cells[i].row, fields = 0;
        int text = 0;
        tc_buf_reset(&dt->line);
        for (; i < t->ncell && t->cells[i].row == row && !dt->rc; i++) {
            const dcell *c = &t->cells[i];
            /* empty fields for grid columns skipped before this cell */
            for (; fields < c->col; fields++)
                put(dt, &dt->line, "\t", fields > 0 ? 1 : 0);
            put(dt, &dt->line, "\t", fields > 0 ? 1 : 0);
            fields++;
            size_t before = dt->line.len;
            put_cell(dt, t, c, &dt->line);
            text |= dt->line.len > before;
            /* and for the columns it spans */
            for (unsigned s = 1; s < c->span; s++, fields++)
                put(dt, &dt->line, "\t", 1);
        }
        if (text && !dt->rc)
            deliver(dt, dt->nfr, dt->line.data, dt->line.len);
    }
}

void tc_doctext_table_end(tc_doctext *dt)
{
    frame *f = top_to_end(dt);
    if (!f || f->kind != FR_TABLE)
        return;
    dtable *t = f->t;
    dt->nfr--;
    if (t && !dt->rc)
        emit_table(dt, t);
    table_free(t);
}

tc_rc tc_doctext_finish(tc_doctext *dt)
{
    dt->dropped = 0;
    while (dt->nfr > 0 && !dt->rc) {
        switch (dt->fr[dt->nfr - 1].kind) {
        case FR_PARA:
            tc_doctext_para_end(dt);
            break;
        case FR_TABLE:
            tc_doctext_table_end(dt);
            break;
        default:
            dt->nfr--;
        }
    }
    return dt->rc;
}

const char *tc_doctext_encoding(const tc_legacy_tally *tally)
{
    /* counted by name: TCVN3 in a capitals font is still TCVN3 */
    const char *best = NULL;
    size_t best_bytes = 0;
    for (int e = TC_LEGACY_NONE + 1; e < TC_LEGACY_COUNT; e++) {
        const char *name = tc_legacy_name((tc_legacy_enc)e);
        size_t total = 0;
        for (int f = TC_LEGACY_NONE + 1; name && f < TC_LEGACY_COUNT; f++) {
            const char *other = tc_legacy_name((tc_legacy_enc)f);
            if (other && strcmp(name, other) == 0)
                total += tally->bytes[f];
        }
        if (total > best_bytes) {
            best = name;
            best_bytes = total;
        }
    }
    return best;
}

/* Nothing but white space, digits and ASCII punctuation: a header or
 * footer that holds only the page number. */
static int no_words(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return 0;
    }
    return 1;
}

tc_rc tc_doctext_add_part(tc_buf *out, size_t body_len, const char *part, size_t n)
{
    if (no_words(part, n))
        return TC_OK;
    int nl = part[n - 1] == '\n';
    /* an equal part already added starts after a blank line and ends a line */
    const char *hay = out->data ? out->data + body_len : NULL;
    size_t hlen = out->len > body_len ? out->len - body_len : 0;
    for (size_t from = 0; hay && from < hlen;) {
        const char *p = memmem(hay + from, hlen - from, part, n);
        if (!p)
            break;
        size_t at = (size_t)(p - out->data);
        int starts = at >= 2 && out->data[at - 1] == '\n' && out->data[at - 2] == '\n';
        int ends = nl || (at + n < out->len && out->data[at + n] == '\n');
        if (starts && ends)
            return TC_OK;
        from = (size_t)(p - hay) + 1;
    }
    tc_rc rc = TC_OK;
    tc_buf_putc_rc(&rc, out, '\n');
    tc_buf_append_rc(&rc, out, part, n);
    if (!nl)
        tc_buf_putc_rc(&rc, out, '\n');
    return rc;
}
