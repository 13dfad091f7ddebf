/* odt.c: OpenDocument text (ODF 1.x: content.xml and styles.xml in a zip).
 *
 * The text comes out through the layout of zipxml.h, as for .docx: the
 * body (text:p and text:h as lines, tables row by row, text boxes where
 * they stand), then the headers and footers of the master pages
 * (styles.xml), then the bodies of the notes (text:note), each part after
 * a blank line.  Tracked deletions (text:tracked-changes), annotations,
 * note citations and the templates of generated indexes are not text.
 * White space is read as ODF says: runs of spaces, tabs and line ends in
 * the XML collapse to one space and leading ones are dropped; text:s,
 * text:tab and text:line-break give the real ones.
 *
 * Legacy fonts: the font of a piece of text is that of its innermost span
 * style (family text) that sets one, else its paragraph style (family
 * paragraph), following style:parent-style-name, else the default
 * paragraph style; style:font-name goes through the style:font-face
 * declarations to its svg:font-family, fo:font-family is taken as it is.
 *
 * Sniff: a zip whose member "mimetype" says
 * application/vnd.oasis.opendocument.text (or -template), read straight
 * from the first local header when it is stored first as ODF asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "zipxml.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

#define MIME_TEXT "application/vnd.oasis.opendocument.text"
#define MIME_TEMPLATE "application/vnd.oasis.opendocument.text-template"

enum { UNSET = -1 };

typedef struct ostyle {
    char parent[96]; /* style:parent-style-name */
    char font[96];   /* style:font-name (a font-face name), or "" */
    char family[96]; /* fo:font-family, or "" */
} ostyle;

typedef struct ostyles {
    tc_strmap *styles; /* "P:name" / "T:name" -> ostyle */
    tc_strmap *faces;  /* font-face name -> malloc'd svg:font-family */
    ostyle defaults;   /* style:default-style of family paragraph */
} ostyles;

/* A font family as declared ("'.VnTime'", ".VnTime, serif") to the first
 * name without quotes. */
static tc_legacy_enc family_enc(const char *fam)
{
    char name[96];
    size_t k = 0;
    while (*fam == ' ' || *fam == '\'' || *fam == '"')
        fam++;
    while (*fam && *fam != ',' && *fam != '\'' && *fam != '"' && k + 1 < sizeof name)
        name[k++] = *fam++;
    while (k > 0 && name[k - 1] == ' ')
        k--;
    name[k] = 0;
    return k ? tc_legacy_font(name) : TC_LEGACY_NONE;
}

/* The encoding a style sets itself, or UNSET. */
static int own_enc(const ostyles *os, const ostyle *s)
{
    if (s->font[0]) {
        void *fam = NULL;
        if (tc_strmap_get(os->faces, s->font, strlen(s->font), &fam))
            return (int)family_enc(fam);
        return (int)family_enc(s->font);
    }
    if (s->family[0])
        return (int)family_enc(s->family);
    return UNSET;
}

/* The encoding of style name of family fam ('P' or 'T') through its
 * parents, or UNSET. */
static int style_enc(const ostyles *os, char fam, const char *name)
{
    char key[100];
    for (int depth = 0; depth < 16 && name && name[0]; depth++) {
        snprintf(key, sizeof key, "%c:%s", fam, name);
        void *v = NULL;
        if (!tc_strmap_get(os->styles, key, strlen(key), &v))
            return UNSET;
        const ostyle *s = v;
        int e = own_enc(os, s);
        if (e != UNSET)
            return e;
        name = s->parent;
    }
    return UNSET;
}

enum {
    E_OTHER,
    E_P,      /* text:p, text:h */
    E_SPAN,   /* text:span: its style is in frames */
    E_INLINE, /* text elements whose text is read (text:a, fields, ...) */
    E_TABLE,
    E_ROW,
    E_CELL,
    E_NOTE_BODY,
    E_STYLE,  /* style:style / style:default-style being read */
    E_HEADER, /* style:header, style:footer, ... of a master page */
};

enum { MAX_DEPTH = 600 };

typedef struct odt_parse {
    ostyles *os;
    tc_doctext *body;  /* the body's builder */
    tc_doctext *notes; /* the notes' builder (content.xml) */
    tc_doctext *dt;    /* the builder text goes to now */
    int styles_pass;   /* reading styles.xml */
    unsigned char el[MAX_DEPTH];
    int enc[MAX_DEPTH]; /* E_P / E_SPAN: the encoding its style sets */
    int depth, skip_depth;
    int space;   /* the last character given was a collapsible space */
    ostyle *cur; /* style being read */
    char cur_key[100];
    int cur_default;
    /* styles.xml: each header/footer goes to parts, separated by NUL */
    tc_buf *hf;    /* where the headers' text goes */
    tc_buf hf_one; /* one header's text */
    tc_legacy_tally *tally;
    const char *last_ns;
    int last_kind;
} odt_parse;

enum { NSK_OTHER, NSK_OFFICE, NSK_STYLE, NSK_TEXT, NSK_TABLE, NSK_DRAW };

static int ns_kind(odt_parse *p, const char *ns)
{
    if (ns == p->last_ns)
        return p->last_kind;
    int k = strcmp(ns, NS_TEXT) == 0     ? NSK_TEXT
            : strcmp(ns, NS_TABLE) == 0  ? NSK_TABLE
            : strcmp(ns, NS_STYLE) == 0  ? NSK_STYLE
            : strcmp(ns, NS_OFFICE) == 0 ? NSK_OFFICE
            : strcmp(ns, NS_DRAW) == 0   ? NSK_DRAW
                                         : NSK_OTHER;
    p->last_ns = ns;
    p->last_kind = k;
    return k;
}

/* The encoding for text at the current depth: innermost span or
 * paragraph whose style sets a font, else the default style's. */
static tc_legacy_enc cur_enc(const odt_parse *p)
{
    for (int d = p->depth; d-- > 0;) {
        if ((p->el[d] == E_SPAN || p->el[d] == E_P) && p->enc[d] != UNSET)
            return (tc_legacy_enc)p->enc[d];
        if (p->el[d] == E_P)
            break;
    }
    int e = own_enc(p->os, &p->os->defaults);
    return e == UNSET ? TC_LEGACY_NONE : (tc_legacy_enc)e;
}

static void put(odt_parse *p, const char *s, size_t n)
{
    tc_doctext_text(p->dt, cur_enc(p), s, n);
}

static int text_parent(int kind)
{
    return kind == E_P || kind == E_SPAN || kind == E_INLINE;
}

/* Text-namespace elements whose content is not text of the document. */
static int text_skipped(const char *name)
{
    static const char *const skip[] = {
        "tracked-changes",  "note-citation",        "sequence-decls",     "variable-decls",
        "user-field-decls", "dde-connection-decls", "bookmark-ref-decls", "ruby-text"};
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (strcmp(name, skip[i]) == 0)
            return 1;
    size_t n = strlen(name);
    return n > 7 && strcmp(name + n - 7, "-source") == 0; /* index templates */
}

static tc_rc begin_style(odt_parse *p, const char *name, const tc_xml_attrs *at)
{
    char fam[24], sname[96];
    tc_xml_attr_copy(at, NS_STYLE, "family", fam, sizeof fam);
    char f = strcmp(fam, "paragraph") == 0 ? 'P' : strcmp(fam, "text") == 0 ? 'T' : 0;
    if (!f || p->cur)
        return TC_OK;
    if (strcmp(name, "default-style") == 0) {
        if (f != 'P')
            return TC_OK;
        p->cur_default = 1;
        p->cur = &p->os->defaults;
        return TC_OK;
    }
    if (!tc_xml_attr_copy(at, NS_STYLE, "name", sname, sizeof sname))
        return TC_OK;
    p->cur = calloc(1, sizeof *p->cur);
    if (!p->cur)
        return TC_ENOMEM;
    p->cur_default = 0;
    snprintf(p->cur_key, sizeof p->cur_key, "%c:%s", f, sname);
    tc_xml_attr_copy(at, NS_STYLE, "parent-style-name", p->cur->parent, sizeof p->cur->parent);
    return TC_OK;
}

static tc_rc end_style(odt_parse *p)
{
    tc_rc rc = TC_OK;
    if (p->cur && !p->cur_default)
        rc = tc_strmap_put(p->os->styles, p->cur_key, strlen(p->cur_key), p->cur);
    p->cur = NULL;
    return rc;
}

static tc_rc font_face(odt_parse *p, const tc_xml_attrs *at)
{
    char name[96];
    size_t n = 0;
    const char *fam = tc_xml_attr(at, NS_SVG, "font-family", &n);
    if (!tc_xml_attr_copy(at, NS_STYLE, "name", name, sizeof name) || !fam)
        return TC_OK;
    char *v = malloc(n + 1);
    if (!v)
        return TC_ENOMEM;
    memcpy(v, fam, n);
    v[n] = 0;
    return tc_strmap_put(p->os->faces, name, strlen(name), v);
}

static tc_rc header_begin(odt_parse *p)
{
    tc_buf_reset(&p->hf_one);
    tc_rc rc = tc_doctext_new(&p->hf_one, p->tally, &p->dt);
    if (rc)
        p->dt = NULL;
    return rc;
}

static tc_rc header_end(odt_parse *p)
{
    tc_rc rc = tc_doctext_finish(p->dt);
    tc_doctext_free(p->dt);
    p->dt = NULL;
    if (!rc && p->hf_one.len) { /* parts are kept NUL-separated */
        tc_buf_append_rc(&rc, p->hf, p->hf_one.data, p->hf_one.len);
        tc_buf_putc_rc(&rc, p->hf, 0);
        if (rc)
            rc = TC_ETOOBIG;
    }
    return rc;
}

/* Returns the kind of the element, or -1 to drop its content. */
static int od_kind(odt_parse *p, int nsk, const char *name, const tc_xml_attrs *at, tc_rc *rc)
{
    switch (nsk) {
    case NSK_OFFICE:
        if (strcmp(name, "annotation") == 0 || strcmp(name, "binary-data") == 0)
            return -1;
        return E_OTHER;
    case NSK_STYLE:
        if (strcmp(name, "style") == 0 || strcmp(name, "default-style") == 0) {
            *rc = begin_style(p, name, at);
            return E_STYLE;
        }
        if (strcmp(name, "text-properties") == 0 && p->cur) {
            tc_xml_attr_copy(at, NS_STYLE, "font-name", p->cur->font, sizeof p->cur->font);
            tc_xml_attr_copy(at, NS_FO, "font-family", p->cur->family, sizeof p->cur->family);
        } else if (strcmp(name, "font-face") == 0) {
            *rc = font_face(p, at);
        } else if (p->styles_pass && !p->dt &&
                   (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0 ||
                    strcmp(name, "header-left") == 0 || strcmp(name, "footer-left") == 0 ||
                    strcmp(name, "header-first") == 0 || strcmp(name, "footer-first") == 0)) {
            *rc = header_begin(p);
            return E_HEADER;
        }
        return E_OTHER;
    case NSK_TABLE:
        if (!p->dt)
            return E_OTHER;
        if (strcmp(name, "table") == 0) {
            tc_doctext_table_begin(p->dt);
            return E_TABLE;
        }
        if (strcmp(name, "table-row") == 0) {
            tc_doctext_row_begin(p->dt);
            return E_ROW;
        }
        if (strcmp(name, "table-cell") == 0 || strcmp(name, "covered-table-cell") == 0) {
            tc_doctext_cell_begin(p->dt);
            return E_CELL;
        }
        return E_OTHER;
    case NSK_TEXT:
        if (!p->dt)
            return E_OTHER;
        if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
            char s[96];
            tc_doctext_para_begin(p->dt);
            p->space = 1; /* leading white space is dropped */
            p->enc[p->depth - 1] = tc_xml_attr_copy(at, NS_TEXT, "style-name", s, sizeof s)
                                       ? style_enc(p->os, 'P', s)
                                       : UNSET;
            return E_P;
        }
        if (strcmp(name, "span") == 0) {
            char s[96];
            p->enc[p->depth - 1] = tc_xml_attr_copy(at, NS_TEXT, "style-name", s, sizeof s)
                                       ? style_enc(p->os, 'T', s)
                                       : UNSET;
            return E_SPAN;
        }
        if (strcmp(name, "s") == 0) {
            char c[12];
            unsigned long k = 1;
            if (tc_xml_attr_copy(at, NS_TEXT, "c", c, sizeof c))
                k = strtoul(c, NULL, 10);
            for (unsigned long i = 0; i < k && i < 1000; i++)
                tc_doctext_text(p->dt, TC_LEGACY_NONE, " ", 1);
            p->space = 0;
            return E_OTHER;
        }
        if (strcmp(name, "tab") == 0) {
            tc_doctext_text(p->dt, TC_LEGACY_NONE, "\t", 1);
            p->space = 0;
            return E_OTHER;
        }
        if (strcmp(name, "line-break") == 0) {
            tc_doctext_text(p->dt, TC_LEGACY_NONE, "\n", 1);
            p->space = 1;
            return E_OTHER;
        }
        if (strcmp(name, "note-body") == 0 && p->notes) {
            p->dt = p->notes;
            return E_NOTE_BODY;
        }
        if (text_skipped(name))
            return -1;
        return E_INLINE;
    }
    if (strcmp(name, "title") == 0 || strcmp(name, "desc") == 0)
        return -1; /* svg:title and svg:desc of a frame */
    return E_OTHER;
}

static tc_rc od_start(void *ud, const char *ns, const char *name, const tc_xml_attrs *at)
{
    odt_parse *p = ud;
    p->depth++;
    if (p->skip_depth)
        return TC_OK;
    if (p->depth > MAX_DEPTH) {
        p->skip_depth = p->depth;
        return TC_OK;
    }
    p->el[p->depth - 1] = E_OTHER;
    p->enc[p->depth - 1] = UNSET;
    tc_rc rc = TC_OK;
    int kind = od_kind(p, ns_kind(p, ns), name, at, &rc);
    if (kind < 0) {
        p->skip_depth = p->depth;
        kind = E_OTHER;
    }
    p->el[p->depth - 1] = (unsigned char)kind;
    if (!rc && p->dt)
        rc = tc_doctext_rc(p->dt);
    return rc;
}

static tc_rc od_end(void *ud, const char *ns, const char *name)
{
    odt_parse *p = ud;
    int d = p->depth--;
    if (p->skip_depth) {
        if (p->skip_depth == d)
            p->skip_depth = 0;
        return TC_OK;
    }
    tc_rc rc = TC_OK;
    switch (p->el[d - 1]) {
    case E_P:
        tc_doctext_para_end(p->dt);
        break;
    case E_TABLE:
        tc_doctext_table_end(p->dt);
        break;
    case E_ROW:
        tc_doctext_row_end(p->dt);
        break;
    case E_CELL:
        tc_doctext_cell_end(p->dt);
        break;
    case E_NOTE_BODY:
        p->dt = p->body;
        break;
    case E_STYLE:
        rc = end_style(p);
        break;
    case E_HEADER:
        return header_end(p);
    }
    if (!rc && p->dt)
        rc = tc_doctext_rc(p->dt);
    return rc;
}

static tc_rc od_text(void *ud, const char *s, size_t n)
{
    odt_parse *p = ud;
    if (p->skip_depth || !p->dt || p->depth < 1 || !text_parent(p->el[p->depth - 1]))
        return TC_OK;
    /* collapse white space (ODF 1.2, 6.1.2) */
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
            j++;
        if (j > i) {
            put(p, s + i, j - i);
            p->space = 0;
        }
        if (j < n) {
            if (!p->space)
                put(p, " ", 1);
            p->space = 1;
            j++;
        }
        i = j;
    }
    return tc_doctext_rc(p->dt);
}

static const tc_xml_handler odt_handler = {od_start, od_end, od_text};

/* ---- the reader --------------------------------------------------------- */

static int mime_ok(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    return (n == strlen(MIME_TEXT) && memcmp(s, MIME_TEXT, n) == 0) ||
           (n == strlen(MIME_TEMPLATE) && memcmp(s, MIME_TEMPLATE, n) == 0);
}

static int odt_sniff(const char *data, size_t n)
{
    if (!tc_zip_magic(data, n))
        return 0;
    /* ODF puts "mimetype" first and stored: its content is at byte 38 */
    if (n > 38 + 39 && memcmp(data + 30, "mimetype", 8) == 0 && data[8] == 0 && data[9] == 0 &&
        data[26] == 8 && data[27] == 0 && data[28] == 0 && data[29] == 0) {
        size_t len = (unsigned char)data[18] | (size_t)(unsigned char)data[19] << 8;
        if (len < 100 && 38 + len <= n)
            return mime_ok(data + 38, len);
    }
    tc_zip *z = NULL;
    char why[160];
    if (tc_zip_open(data, n, &z, why, sizeof why))
        return 0;
    tc_buf b;
    tc_buf_init(&b, 256);
    int ok = tc_zip_has(z, "mimetype") &&
             tc_zip_read(z, "mimetype", 200, &b, why, sizeof why) == 0 &&
             mime_ok(b.data ? b.data : "", b.len);
    tc_buf_free(&b);
    tc_zip_close(z);
    return ok;
}

static tc_rc odt_read(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    char why[sizeof out->why] = "";
    tc_zip *z = NULL;
    tc_rc rc = tc_zip_open_document(data, n, "content.xml", "an OpenDocument file", out, &z);
    if (rc)
        return rc;
    size_t cap = tc_zipxml_member_cap(opts ? opts->max_text : 0);
    tc_legacy_tally tally = {.bytes = {0}};
    ostyles os = {0};
    tc_buf hf, notes;
    tc_buf_init(&hf, out->buf.cap);
    tc_buf_init(&notes, out->buf.cap);
    odt_parse *p = calloc(1, sizeof *p);
    rc = p ? TC_OK : TC_ENOMEM;
    if (!rc)
        rc = tc_strmap_new(free, &os.styles);
    if (!rc)
        rc = tc_strmap_new(free, &os.faces);
    if (rc)
        goto done;
    p->os = &os;
    p->tally = &tally;
    p->hf = &hf;
    tc_buf_init(&p->hf_one, out->buf.cap);

    /* styles.xml: the named styles, then the master pages' headers */
    if (tc_zip_has(z, "styles.xml")) {
        p->styles_pass = 1;
        rc = tc_xml_parse_member(z, "styles.xml", cap, &odt_handler, p, why, sizeof why);
        if (p->dt) { /* stopped inside a header */
            tc_doctext_free(p->dt);
            p->dt = NULL;
        }
        if (p->cur && !p->cur_default)
            free(p->cur);
        p->cur = NULL;
        if (rc == TC_EFORMAT) {
            tc_reader_notice(opts, -1, "styles and headers ignored: %s", why);
            tc_buf_reset(&hf);
            rc = TC_OK;
        }
        if (rc)
            goto done;
    }

    /* content.xml: the body and the notes */
    why[0] = 0;
    p->styles_pass = 0;
    p->depth = p->skip_depth = 0;
    rc = tc_doctext_new(&out->buf, &tally, &p->body);
    if (!rc)
        rc = tc_doctext_new(&notes, &tally, &p->notes);
    if (rc)
        goto done;
    p->dt = p->body;
    rc = tc_xml_parse_member(z, "content.xml", cap, &odt_handler, p, why, sizeof why);
    if (!rc)
        rc = tc_doctext_finish(p->body);
    if (!rc)
        rc = tc_doctext_finish(p->notes);
    if (p->cur && !p->cur_default)
        free(p->cur);
    p->cur = NULL;

    /* the parts after the body */
    size_t body_len = out->buf.len;
    for (size_t at = 0; !rc && at < hf.len;) {
        size_t len = strlen(hf.data + at);
        if (tc_doctext_add_part(&out->buf, body_len, hf.data + at, len))
            rc = TC_ETOOBIG;
        at += len + 1;
    }
    if (!rc && tc_doctext_add_part(&out->buf, body_len, notes.data ? notes.data : "", notes.len))
        rc = TC_ETOOBIG;

done:
    if (rc == TC_ETOOBIG && !why[0])
        snprintf(why, sizeof why, "text longer than the cap of %zu bytes", out->buf.cap);
    if (p) {
        tc_doctext_free(p->body);
        tc_doctext_free(p->notes);
        tc_buf_free(&p->hf_one);
        free(p);
    }
    tc_buf_free(&hf);
    tc_buf_free(&notes);
    tc_strmap_free(os.styles);
    tc_strmap_free(os.faces);
    tc_zip_close(z);
    if (rc) {
        tc_buf_reset(&out->buf);
        return tc_reader_fail(out, rc, "%s", why[0] ? why : tc_strerror(rc));
    }
    out->encoding = tc_doctext_encoding(&tally);
    tc_reader_out_take_buf(out);
    return TC_OK;
}

const tc_reader tc_reader_odt = {"odt", tc_exts_odt, odt_sniff, odt_read};
