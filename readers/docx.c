/* docx.c: Word 2007+ documents (WordprocessingML in a zip, ECMA-376).
 *
 * Text comes out in document order through the layout of zipxml.h
 * (paragraphs as lines, tables as tab-separated rows, the header and
 * signature tables column by column), then the headers, footers, footnotes
 * and endnotes, each part after a blank line.  What Word shows is what is
 * read: inserted text (w:ins) and field results are kept; deleted text
 * (w:del, w:moveFrom), field codes (w:instrText), hidden runs (w:vanish),
 * the fallback copy of alternate content (mc:Fallback) are dropped.
 *
 * Runs typed in a legacy Vietnamese font (.VnTime = TCVN3, VNI-Times =
 * VNI) are converted to Unicode; the font is resolved as Word does: the
 * run's own w:rFonts, else its character style, else the paragraph's
 * style (or the default paragraph style), else the document defaults,
 * following w:basedOn.  The hAnsi font counts (it is the one that shows
 * the bytes 0x80-0xFF where the Vietnamese letters of these encodings are),
 * then the ascii font; a theme font is Unicode.
 *
 * Word documents have no pages in their file (pagination is done when
 * displayed): npages stays 0.
 *
 * Sniff: a zip holding [Content_Types].xml and word/document.xml (a zip too
 * damaged to open counts when it names word/document.xml, so that the
 * error is reported as the Word file's); HTML or text saved as .docx is
 * left to the readers of those.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"
#include "zipxml.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_M "http://schemas.openxmlformats.org/officeDocument/2006/math"

enum { UNSET = -1 }; /* no font set at this level */

/* ---- styles.xml ------------------------------------------------------- */

typedef struct dstyle {
    char based[64]; /* w:basedOn, or "" */
    int own;        /* encoding of its own font, or UNSET */
    int type_para;  /* a paragraph style */
} dstyle;

typedef struct styles {
    tc_strmap *map;        /* styleId -> dstyle */
    char default_para[64]; /* id of the default paragraph style */
    int defaults;          /* encoding of w:docDefaults, or UNSET */
} styles;

/* Encoding a w:rFonts element sets, or UNSET (zipxml.h notes). */
static int rfonts_enc(const tc_xml_attrs *at)
{
    char font[96];
    if (tc_xml_attr(at, NULL, "hAnsiTheme", NULL))
        return TC_LEGACY_NONE;
    if (tc_xml_attr_copy(at, NULL, "hAnsi", font, sizeof font))
        return (int)tc_legacy_font(font);
    if (tc_xml_attr(at, NULL, "asciiTheme", NULL))
        return TC_LEGACY_NONE;
    if (tc_xml_attr_copy(at, NULL, "ascii", font, sizeof font))
        return (int)tc_legacy_font(font);
    return UNSET;
}

/* The encoding of style id through its w:basedOn chain, or UNSET. */
static int style_enc(const styles *st, const char *id, size_t len)
{
    for (int depth = 0; depth < 16 && st->map && len > 0; depth++) {
        void *v = NULL;
        if (!tc_strmap_get(st->map, id, len, &v))
            return UNSET;
        const dstyle *s = v;
        if (s->own != UNSET)
            return s->own;
        id = s->based;
        len = strlen(id);
    }
    return UNSET;
}

typedef struct styles_parse {
    styles *st;
    dstyle *cur; /* the w:style being read, owned until stored */
    char cur_id[64];
    int depth, style_depth, rpr_depth, defaults_depth, skip_depth;
    tc_rc rc;
} styles_parse;

static int is_w(const char *ns)
{
    return strcmp(ns, NS_W) == 0 || strcmp(ns, NS_W_STRICT) == 0;
}

static tc_rc st_start(void *ud, const char *ns, const char *name, const tc_xml_attrs *at)
{
    styles_parse *p = ud;
    p->depth++;
    if (p->skip_depth || !is_w(ns))
        return TC_OK;
    if (strcmp(name, "style") == 0 && !p->cur) {
        p->cur = calloc(1, sizeof *p->cur);
        if (!p->cur)
            return TC_ENOMEM;
        p->cur->own = UNSET;
        char type[16];
        tc_xml_attr_copy(at, NULL, "type", type, sizeof type);
        p->cur->type_para = strcmp(type, "paragraph") == 0;
        tc_xml_attr_copy(at, NULL, "styleId", p->cur_id, sizeof p->cur_id);
        char def[8];
        if (p->cur->type_para && tc_xml_attr_copy(at, NULL, "default", def, sizeof def) &&
            (strcmp(def, "1") == 0 || strcmp(def, "true") == 0 || strcmp(def, "on") == 0))
            memcpy(p->st->default_para, p->cur_id, sizeof p->cur_id);
        p->style_depth = p->depth;
    } else if (strcmp(name, "basedOn") == 0 && p->cur && p->depth == p->style_depth + 1) {
        tc_xml_attr_copy(at, NULL, "val", p->cur->based, sizeof p->cur->based);
    } else if (strcmp(name, "rPr") == 0 && (p->cur ? p->depth == p->style_depth + 1 : 1)) {
        p->rpr_depth = p->depth;
    } else if (strcmp(name, "docDefaults") == 0) {
        p->defaults_depth = p->depth;
    } else if (strcmp(name, "rFonts") == 0 && p->rpr_depth && p->depth == p->rpr_depth + 1) {
        int e = rfonts_enc(at);
        if (p->cur)
            p->cur->own = e;
        else if (p->defaults_depth)
            p->st->defaults = e;
    } else if (strcmp(name, "pPr") == 0 || strcmp(name, "tblStylePr") == 0 ||
               strcmp(name, "latentStyles") == 0) {
        p->skip_depth = p->depth; /* their fonts are not the style's runs' */
    }
    return TC_OK;
}

static tc_rc st_end(void *ud, const char *ns, const char *name)
{
    styles_parse *p = ud;
    if (p->skip_depth == p->depth)
        p->skip_depth = 0;
    if (p->rpr_depth == p->depth)
        p->rpr_depth = 0;
    if (p->defaults_depth == p->depth)
        p->defaults_depth = 0;
    if (p->cur && p->style_depth == p->depth) {
        tc_rc rc = TC_OK;
        if (p->cur_id[0])
            rc = tc_strmap_put(p->st->map, p->cur_id, strlen(p->cur_id), p->cur);
        else
            free(p->cur);
        p->cur = NULL;
        if (rc)
            return rc;
    }
    p->depth--;
    return TC_OK;
}

/* ---- document.xml and the other parts ----------------------------------- */

enum {
    E_OTHER,
    E_P,
    E_PPR,
    E_R,
    E_RPR,
    E_T,
    E_TBL,
    E_TR,
    E_TRPR,
    E_TC,
    E_TCPR,
    E_ALT, /* mc:AlternateContent */
};

enum { MAX_DEPTH = 600, MAX_FIELDS = 32, MAX_NEST = 16 };

typedef struct run_state {
    int para_enc; /* the paragraph's style font */
    int direct;   /* the run's own w:rFonts, or UNSET */
    int style;    /* its character style's, or UNSET */
    int hidden;   /* w:vanish */
} run_state;

typedef struct docx_parse {
    const styles *st;
    tc_doctext *dt;
    int notes; /* a footnotes/endnotes part */
    unsigned char el[MAX_DEPTH];
    unsigned char alt_taken[MAX_DEPTH];
    int depth;
    int skip_depth; /* > 0: inside an element whose content is dropped */
    run_state rs[MAX_NEST];
    int nest;                        /* paragraphs open (text boxes nest them) */
    unsigned char field[MAX_FIELDS]; /* 1: past the separator (the result) */
    int nfield, field_over, field_code;
    const char *last_ns; /* cache of the last namespace seen */
    int last_kind;
} docx_parse;

enum { NSK_OTHER, NSK_W, NSK_MC, NSK_M };

static int ns_kind(docx_parse *p, const char *ns)
{
    if (ns == p->last_ns)
        return p->last_kind;
    int k = is_w(ns)                 ? NSK_W
            : strcmp(ns, NS_MC) == 0 ? NSK_MC
            : strcmp(ns, NS_M) == 0  ? NSK_M
                                     : NSK_OTHER;
    p->last_ns = ns;
    p->last_kind = k;
    return k;
}

static run_state *rs(docx_parse *p)
{
    int i = p->nest <= 0 ? 0 : p->nest > MAX_NEST ? MAX_NEST - 1 : p->nest - 1;
    return &p->rs[i];
}

static int parent(const docx_parse *p)
{
    return p->depth >= 2 ? p->el[p->depth - 2] : E_OTHER;
}

static int flag_on(const tc_xml_attrs *at)
{
    char v[8];
    if (!tc_xml_attr_copy(at, NULL, "val", v, sizeof v))
        return 1;
    return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
}

static unsigned attr_uint(const tc_xml_attrs *at, const char *name)
{
    char v[12];
    if (!tc_xml_attr_copy(at, NULL, name, v, sizeof v))
        return 0;
    unsigned long n = strtoul(v, NULL, 10);
    return n > 1000 ? 0 : (unsigned)n;
}

static int text_visible(const docx_parse *p)
{
    return p->field_code == 0 && p->field_over == 0;
}

static void put_text(docx_parse *p, const char *s, size_t n)
{
    if (!text_visible(p) || rs(p)->hidden)
        return;
    tc_doctext_text(p->dt, TC_LEGACY_NONE, s, n);
}

static void field_char(docx_parse *p, const tc_xml_attrs *at)
{
    char type[16];
    tc_xml_attr_copy(at, NULL, "fldCharType", type, sizeof type);
    if (strcmp(type, "begin") == 0) {
        if (p->nfield >= MAX_FIELDS) {
            p->field_over++;
            return;
        }
        p->field[p->nfield++] = 0;
        p->field_code++;
    } else if (strcmp(type, "separate") == 0) {
        if (p->field_over == 0 && p->nfield > 0 && p->field[p->nfield - 1] == 0) {
            p->field[p->nfield - 1] = 1;
            p->field_code--;
        }
    } else if (strcmp(type, "end") == 0) {
        if (p->field_over > 0) {
            p->field_over--;
        } else if (p->nfield > 0) {
            if (p->field[--p->nfield] == 0)
                p->field_code--;
        }
    }
}

/* An element of the w namespace starts (p->el[depth-1] is set by the
 * caller to what it becomes). */
static int w_start(docx_parse *p, const char *name, const tc_xml_attrs *at)
{
    int par = parent(p);
    size_t len = strlen(name);
    if (len > 8 && strcmp(name + len - 8, "PrChange") == 0)
        return -1; /* the formatting before a tracked change: not in force */
    switch (name[0]) {
    case 'b':
        if (strcmp(name, "br") == 0 && par == E_R)
            put_text(p, "\n", 1);
        break;
    case 'c':
        if (strcmp(name, "cr") == 0 && par == E_R)
            put_text(p, "\n", 1);
        break;
    case 'd':
        if (strcmp(name, "del") == 0 || strcmp(name, "delText") == 0)
            return -1;
        break;
    case 'e':
    case 'f':
        if (strcmp(name, "fldChar") == 0) {
            field_char(p, at);
        } else if (strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0) {
            char type[32];
            if (tc_xml_attr_copy(at, NULL, "type", type, sizeof type) &&
                strcmp(type, "normal") != 0)
                return -1; /* separators and continuation notices */
        }
        break;
    case 'g':
        if (strcmp(name, "gridSpan") == 0 && par == E_TCPR)
            tc_doctext_cell_span(p->dt, attr_uint(at, "val"));
        else if (strcmp(name, "gridBefore") == 0 && par == E_TRPR)
            tc_doctext_row_skip(p->dt, attr_uint(at, "val"));
        break;
    case 'i':
        if (strcmp(name, "instrText") == 0)
            return -1;
        break;
    case 'm':
        if (strcmp(name, "moveFrom") == 0)
            return -1;
        break;
    case 'n':
        if (strcmp(name, "noBreakHyphen") == 0 && par == E_R)
            put_text(p, "-", 1);
        break;
    case 'p':
        if (strcmp(name, "p") == 0) {
            tc_doctext_para_begin(p->dt);
            p->nest++;
            run_state *r = rs(p);
            memset(r, 0, sizeof *r);
            r->para_enc = style_enc(p->st, p->st->default_para, strlen(p->st->default_para));
            if (r->para_enc == UNSET)
                r->para_enc = p->st->defaults;
            return E_P;
        }
        if (strcmp(name, "pPr") == 0)
            return E_PPR;
        if (strcmp(name, "pStyle") == 0 && par == E_PPR) {
            size_t n = 0;
            const char *id = tc_xml_attr(at, NULL, "val", &n);
            int e = id ? style_enc(p->st, id, n) : UNSET;
            rs(p)->para_enc = e != UNSET ? e : p->st->defaults;
        } else if (strcmp(name, "ptab") == 0 && par == E_R) {
            put_text(p, "\t", 1);
        }
        break;
    case 'r':
        if (strcmp(name, "r") == 0) {
            run_state *r = rs(p);
            r->direct = r->style = UNSET;
            r->hidden = 0;
            return E_R;
        }
        if (strcmp(name, "rPr") == 0)
            return par == E_R ? E_RPR : -1; /* a paragraph mark's or a table's */
        if (strcmp(name, "rFonts") == 0 && par == E_RPR)
            rs(p)->direct = rfonts_enc(at);
        else if (strcmp(name, "rStyle") == 0 && par == E_RPR) {
            size_t n = 0;
            const char *id = tc_xml_attr(at, NULL, "val", &n);
            rs(p)->style = id ? style_enc(p->st, id, n) : UNSET;
        }
        break;
    case 's':
        if (strcmp(name, "sectPr") == 0 || strcmp(name, "sdtPr") == 0 ||
            strcmp(name, "sdtEndPr") == 0)
            return -1;
        break;
    case 't':
        if (strcmp(name, "t") == 0)
            return par == E_R ? E_T : E_OTHER;
        if (strcmp(name, "tab") == 0 && par == E_R) {
            put_text(p, "\t", 1);
        } else if (strcmp(name, "tbl") == 0) {
            tc_doctext_table_begin(p->dt);
            return E_TBL;
        } else if (strcmp(name, "tr") == 0) {
            tc_doctext_row_begin(p->dt);
            return E_TR;
        } else if (strcmp(name, "tc") == 0) {
            tc_doctext_cell_begin(p->dt);
            return E_TC;
        } else if (strcmp(name, "trPr") == 0) {
            return E_TRPR;
        } else if (strcmp(name, "tcPr") == 0) {
            return E_TCPR;
        } else if (strcmp(name, "tblPr") == 0 || strcmp(name, "tblGrid") == 0 ||
                   strcmp(name, "tblPrEx") == 0) {
            return -1;
        }
        break;
    case 'v':
        if (strcmp(name, "vanish") == 0 && par == E_RPR)
            rs(p)->hidden = flag_on(at);
        break;
    }
    return E_OTHER;
}

static tc_rc dx_start(void *ud, const char *ns, const char *name, const tc_xml_attrs *at)
{
    docx_parse *p = ud;
    p->depth++;
    if (p->skip_depth)
        return TC_OK;
    if (p->depth > MAX_DEPTH) { /* libxml2 stops far earlier; a guard */
        p->skip_depth = p->depth;
        return TC_OK;
    }
    int kind = E_OTHER;
    p->alt_taken[p->depth - 1] = 0;
    switch (ns_kind(p, ns)) {
    case NSK_W:
        p->el[p->depth - 1] = E_OTHER;
        kind = w_start(p, name, at);
        break;
    case NSK_MC:
        if (strcmp(name, "AlternateContent") == 0) {
            kind = E_ALT;
        } else if (strcmp(name, "Choice") == 0 && parent(p) == E_ALT) {
            /* the first choice is read, the others and the fallback not */
            if (p->alt_taken[p->depth - 2])
                kind = -1;
            p->alt_taken[p->depth - 2] = 1;
        } else if (strcmp(name, "Fallback") == 0) {
            kind = -1;
        }
        break;
    case NSK_M:
        if (strcmp(name, "r") == 0) {
            run_state *r = rs(p);
            r->direct = r->style = UNSET;
            r->hidden = 0;
            kind = E_R;
        } else if (strcmp(name, "t") == 0) {
            kind = E_T;
        }
        break;
    }
    if (kind < 0) {
        p->skip_depth = p->depth;
        kind = E_OTHER;
    }
    p->el[p->depth - 1] = (unsigned char)kind;
    return tc_doctext_rc(p->dt);
}

static tc_rc dx_end(void *ud, const char *ns, const char *name)
{
    docx_parse *p = ud;
    int d = p->depth--;
    if (p->skip_depth) {
        if (p->skip_depth == d)
            p->skip_depth = 0;
        return TC_OK;
    }
    switch (p->el[d - 1]) {
    case E_P:
        tc_doctext_para_end(p->dt);
        p->nest--;
        break;
    case E_TBL:
        tc_doctext_table_end(p->dt);
        break;
    case E_TR:
        tc_doctext_row_end(p->dt);
        break;
    case E_TC:
        tc_doctext_cell_end(p->dt);
        break;
    }
    return tc_doctext_rc(p->dt);
}

static tc_rc dx_text(void *ud, const char *s, size_t n)
{
    docx_parse *p = ud;
    if (p->skip_depth || p->depth < 1 || p->el[p->depth - 1] != E_T)
        return TC_OK;
    if (!text_visible(p) || rs(p)->hidden)
        return TC_OK;
    run_state *r = rs(p);
    int e = r->direct != UNSET ? r->direct : r->style != UNSET ? r->style : r->para_enc;
    tc_doctext_text(p->dt, e == UNSET ? TC_LEGACY_NONE : (tc_legacy_enc)e, s, n);
    return tc_doctext_rc(p->dt);
}

static const tc_xml_handler docx_handler = {dx_start, dx_end, dx_text};
static const tc_xml_handler styles_handler = {st_start, st_end, NULL};

/* ---- the reader --------------------------------------------------------- */

static int docx_sniff(const char *data, size_t n)
{
    if (!tc_zip_magic(data, n))
        return 0;
    tc_zip *z = NULL;
    char why[160];
    if (tc_zip_open(data, n, &z, why, sizeof why)) {
        /* a damaged zip (cut short, its directory lost) holding a member
         * word/document.xml is Word's: read() then says what is wrong */
        return memmem(data, n, "word/document.xml", 17) != NULL;
    }
    int ok = tc_zip_has(z, "[Content_Types].xml") && tc_zip_has(z, "word/document.xml");
    tc_zip_close(z);
    return ok;
}

/* Parses one part into out with a fresh builder. */
static tc_rc parse_part(tc_zip *z, const char *name, size_t cap, const styles *st, tc_buf *out,
                        tc_legacy_tally *tally, char *why, size_t whylen)
{
    docx_parse *p = calloc(1, sizeof *p);
    if (!p)
        return TC_ENOMEM;
    p->st = st;
    tc_rc rc = tc_doctext_new(out, tally, &p->dt);
    if (!rc)
        rc = tc_xml_parse_member(z, name, cap, &docx_handler, p, why, whylen);
    if (!rc)
        rc = tc_doctext_finish(p->dt);
    if (rc == TC_ETOOBIG && !why[0])
        snprintf(why, whylen, "text longer than the cap of %zu bytes", out->cap);
    tc_doctext_free(p->dt);
    free(p);
    return rc;
}

/* The number in "word/header12.xml" for prefix "word/header", or -1. */
static long part_number(const char *name, const char *prefix)
{
    size_t m = strlen(prefix);
    if (!name || strncasecmp(name, prefix, m) != 0)
        return -1;
    const char *s = name + m;
    char *end = NULL;
    long k = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : 0;
    if (!end)
        end = (char *)s;
    return strcasecmp(end, ".xml") == 0 && k >= 0 && k < 100000 ? k : -1;
}

typedef struct numbered {
    long k;
    size_t i;
} numbered;

static int by_number(const void *a, const void *b)
{
    const numbered *x = a, *y = b;
    return x->k < y->k ? -1 : x->k > y->k;
}

static tc_rc docx_read(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    char why[sizeof out->why] = "";
    tc_zip *z = NULL;
    tc_rc rc = tc_zip_open_document(data, n, "word/document.xml", "a Word document", out, &z);
    if (rc)
        return rc;
    size_t cap = tc_zipxml_member_cap(opts ? opts->max_text : 0);
    tc_legacy_tally tally = {.bytes = {0}};
    styles st = {NULL, "", UNSET};
    tc_buf part;
    tc_buf_init(&part, out->buf.cap);
    numbered *parts = NULL;
    rc = tc_strmap_new(free, &st.map);

    if (!rc && tc_zip_has(z, "word/styles.xml")) {
        styles_parse sp = {.st = &st};
        rc = tc_xml_parse_member(z, "word/styles.xml", cap, &styles_handler, &sp, why, sizeof why);
        free(sp.cur);
        if (rc == TC_EFORMAT) { /* read on with the built-in defaults */
            tc_reader_notice(opts, -1, "styles ignored: %s", why);
            rc = TC_OK;
        }
    }
    why[0] = 0;
    if (!rc)
        rc = parse_part(z, "word/document.xml", cap, &st, &out->buf, &tally, why, sizeof why);
    if (rc)
        goto done;

    /* headers, footers (by number), then the notes */
    size_t count = tc_zip_count(z), body_len = out->buf.len;
    parts = calloc(count ? count : 1, sizeof *parts);
    if (!parts) {
        rc = TC_ENOMEM;
        goto done;
    }
    static const char *const kinds[] = {"word/header", "word/footer", "word/footnotes",
                                        "word/endnotes"};
    for (size_t k = 0; k < 4 && !rc; k++) {
        size_t np = 0;
        for (size_t i = 0; i < count && np < 64; i++) {
            long num = part_number(tc_zip_name(z, i), kinds[k]);
            if (num >= 0 && (k < 2 || num == 0))
                parts[np++] = (numbered){num, i};
        }
        qsort(parts, np, sizeof *parts, by_number);
        for (size_t j = 0; j < np && !rc; j++) {
            const char *name = tc_zip_name(z, parts[j].i);
            tc_buf_reset(&part);
            why[0] = 0;
            rc = parse_part(z, name, cap, &st, &part, &tally, why, sizeof why);
            if (rc == TC_EFORMAT) {
                tc_reader_notice(opts, -1, "%s skipped: %s", name, why);
                rc = TC_OK;
                continue;
            }
            if (!rc &&
                tc_doctext_add_part(&out->buf, body_len, part.data ? part.data : "", part.len))
                rc = TC_ETOOBIG;
        }
    }
    if (rc == TC_ETOOBIG && !why[0])
        snprintf(why, sizeof why, "text longer than the cap of %zu bytes", out->buf.cap);

done:
    free(parts);
    tc_buf_free(&part);
    tc_strmap_free(st.map);
    tc_zip_close(z);
    if (rc) {
        tc_buf_reset(&out->buf);
        return tc_reader_fail(out, rc, "%s", why[0] ? why : tc_strerror(rc));
    }
    out->encoding = tc_doctext_encoding(&tally);
    tc_reader_out_take_buf(out);
    return TC_OK;
}

const tc_reader tc_reader_docx = {"docx", tc_exts_docx, docx_sniff, docx_read};
