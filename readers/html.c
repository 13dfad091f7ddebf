/* html.c: HTML pages (.html, .htm), typically a government portal's page
 * saved from a browser, read with libxml2's HTML parser.
 *
 * The text is what a browser shows, laid out for the analyzers:
 *   - the <title> first, as its own line; nothing else of <head>; no
 *     script, style, noscript, template, svg, iframe, object, select,
 *     textarea, nor elements marked hidden (the hidden attribute or an
 *     inline display:none);
 *   - block elements (p, div, li, h1-h6, section, ...) and <br> end lines;
 *     whitespace of inline text collapses to one space as a browser does;
 *     <pre> keeps its spaces and line ends; entities are decoded;
 *   - a data table gives one line per row with its cells tab-separated;
 *     line breaks inside a cell become '\v' (the header analyzer reads it
 *     as a line break, the others as a space).  A table that holds another
 *     table, or a cell of more than HTML_LAYOUT_CELL bytes of text, is a
 *     page-layout table: its rows and cells are read as blocks.
 *
 * Charset: a byte-order mark, else the <meta charset> or http-equiv
 * Content-Type of the first 8 KiB, else UTF-8 when the bytes are valid
 * UTF-8, else Windows-1252 (what browsers assume).  A page declared Latin-1
 * or Windows-1252 whose bytes are valid UTF-8 with non-ASCII letters is
 * read as UTF-8 (a common mislabel; the reverse cannot happen by chance).
 * Vietnamese pages in windows-1258 decode through iconv.
 *
 * Safety: HTML_PARSE_NONET (no DTD or entity is ever fetched), no error
 * output; the tree is walked with a loop over parent/next links, never
 * recursion, so deep nesting costs no stack.
 *
 * libxml2 is initialised (xmlInitParser) once per process before the
 * first parse, by tc_zipxml_init(). */
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "reader.h"
#include "sniff.h"
#include "zipxml.h"

#define HTML_META_BYTES 8192
#define HTML_LAYOUT_CELL 1000

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/* ---- charset ------------------------------------------------------------------------ */

/* 1 when s[0..n) is valid UTF-8; *high set when it has a non-ASCII byte. */
static int utf8_ok(const unsigned char *s, size_t n, int *high)
{
    *high = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        }
        *high = 1;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, min = 0x10000;
        else
            return 0;
        if (i + len > n)
            return 0;
        unsigned cp = c & (0x7F >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* The charset a <meta> of the first HTML_META_BYTES declares, into name. */
static int meta_charset(const char *data, size_t n, char *name, size_t cap)
{
    size_t m = n < HTML_META_BYTES ? n : HTML_META_BYTES;
    for (size_t i = 0; i + 5 < m; i++) {
        if (data[i] != '<' || strncasecmp(data + i + 1, "meta", 4) != 0)
            continue;
        size_t e = i + 5;
        while (e < m && data[e] != '>')
            e++;
        for (size_t k = i + 5; k + 7 <= e; k++) {
            if (strncasecmp(data + k, "charset", 7) != 0)
                continue;
            size_t v = k + 7;
            while (v < e && is_ws(data[v]))
                v++;
            if (v >= e || data[v] != '=')
                continue;
            v++;
            while (v < e && (is_ws(data[v]) || data[v] == '"' || data[v] == '\''))
                v++;
            size_t l = 0;
            while (v < e && l + 1 < cap &&
                   ((data[v] >= 'a' && data[v] <= 'z') || (data[v] >= 'A' && data[v] <= 'Z') ||
                    (data[v] >= '0' && data[v] <= '9') || data[v] == '-' || data[v] == '_' ||
                    data[v] == '.' || data[v] == ':'))
                name[l++] = data[v++];
            name[l] = 0;
            if (l)
                return 1;
        }
        i = e;
    }
    return 0;
}

static int known_charset(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

static int latin_name(const char *name)
{
    static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1",         "windows-1252",
                                        "cp1252",     "us-ascii",  "ascii",          "iso_8859-1",
                                        "l1",         "x-cp1252",  "ansi_x3.4-1968", NULL};
    for (size_t i = 0; latin[i]; i++)
        if (strcasecmp(name, latin[i]) == 0)
            return 1;
    return 0;
}

static int is_1258(const char *name)
{
    return strcasecmp(name, "windows-1258") == 0 || strcasecmp(name, "cp1258") == 0 ||
           strcasecmp(name, "x-cp1258") == 0;
}

/* ---- text layout -------------------------------------------------------------------- */

typedef struct hw {
    tc_buf *out;          /* the text */
    tc_rc rc;             /* sticky: TC_ETOOBIG, TC_ENOMEM */
    int space;            /* collapsed whitespace waiting for the next word */
    int brk;              /* a line break waiting for the next text */
    int pre;              /* depth inside <pre> */
    const xmlNode *table; /* the data table being read, NULL none */
    int in_cell;          /* inside one of its cells */
    int cell_text;        /* the open cell has text */
    int cell_brk;         /* a break inside the open cell: '\v' before more text */
    int row_open;         /* a row of the data table is open */
    size_t row_start;     /* out->len when it opened */
    int row_text;         /* it has text */
    size_t row_cells;     /* cells opened in it */
} hw;

static void put(hw *h, const char *s, size_t n)
{
    if (h->rc)
        return;
    if (h->out->len + n > h->out->cap)
        h->rc = TC_ETOOBIG;
    else if (tc_buf_append(h->out, s, n))
        h->rc = TC_ENOMEM;
}

static int last_char(const hw *h)
{
    return h->out->len ? (unsigned char)h->out->data[h->out->len - 1] : '\n';
}

/* Writes what must come before a visible character: a pending line
 * break, else a pending space. */
static void before_text(hw *h)
{
    if (h->in_cell) {
        if (h->cell_brk && h->cell_text) {
            put(h, "\v", 1);
            h->space = 0;
        }
        h->cell_brk = 0;
        int lc = last_char(h);
        if (h->space && lc != '\t' && lc != '\v' && h->cell_text)
            put(h, " ", 1);
        h->space = 0;
        h->cell_text = h->row_text = 1;
        return;
    }
    if (h->brk) {
        if (last_char(h) != '\n')
            put(h, "\n", 1);
        h->brk = 0;
        h->space = 0;
    }
    if (h->space && last_char(h) != '\n')
        put(h, " ", 1);
    h->space = 0;
}

static void text(hw *h, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !h->rc) {
        char c = s[i];
        if (is_ws(c) && !h->pre) {
            h->space = 1;
            i++;
            continue;
        }
        if (h->pre && (c == '\n' || c == '\r')) {
            if (c == '\n') {
                if (h->in_cell)
                    h->cell_brk = 1;
                else {
                    before_text(h);
                    put(h, "\n", 1);
                }
            }
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !is_ws(s[j]))
            j++;
        before_text(h);
        if (h->in_cell && h->pre) {
            for (size_t k = i; k < j; k++) /* keep the row on one line */
                put(h, s[k] == '\t' ? " " : s + k, 1);
        } else {
            put(h, s + i, j - i);
        }
        i = j;
        if (h->pre && i < n && (s[i] == ' ' || s[i] == '\t')) {
            put(h, h->in_cell ? " " : s + i, 1);
            i++;
        }
    }
}

/* A line break (block boundary). */
static void line_break(hw *h)
{
    if (h->in_cell)
        h->cell_brk = 1;
    else
        h->brk = 1;
    h->space = 0;
}

/* <br>: a break even on an empty line. */
static void hard_break(hw *h)
{
    if (h->in_cell) {
        h->cell_brk = 1;
        h->space = 0;
        return;
    }
    if (h->brk && last_char(h) != '\n')
        put(h, "\n", 1);
    h->brk = 0;
    h->space = 0;
    if (h->out->len)
        put(h, "\n", 1);
}

static const char *const blocks[] = {
    "address", "article", "aside",  "blockquote", "body", "caption", "center",   "dd",
    "details", "dialog",  "dir",    "div",        "dl",   "dt",      "fieldset", "figcaption",
    "figure",  "footer",  "form",   "h1",         "h2",   "h3",      "h4",       "h5",
    "h6",      "header",  "hgroup", "hr",         "html", "legend",  "li",       "main",
    "menu",    "nav",     "ol",     "p",          "pre",  "section", "summary",  "table",
    "tbody",   "tfoot",   "thead",  "tr",         "td",   "th",      "ul",       NULL};
static const char *const hidden_tags[] = {"head",     "script", "style",    "noscript", "template",
                                          "svg",      "iframe", "object",   "embed",    "select",
                                          "textarea", "title",  "frameset", "noframes", NULL};

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* The value of attribute name of element n (no copy), or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->type == XML_TEXT_NODE
                       ? (const char *)a->children->content
                       : "";
    return NULL;
}

/* hidden, or an inline style with display:none */
static int hidden(const xmlNode *n)
{
    if (attr(n, "hidden"))
        return 1;
    const char *s = attr(n, "style");
    if (!s)
        return 0;
    for (const char *p = s; (p = strcasestr(p, "display")) != NULL; p += 7) {
        const char *q = p + 7;
        while (is_ws(*q))
            q++;
        if (*q != ':')
            continue;
        q++;
        while (is_ws(*q))
            q++;
        if (strncasecmp(q, "none", 4) == 0)
            return 1;
    }
    return 0;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

/* 1 when table is a data table: no table inside, no cell longer than
 * HTML_LAYOUT_CELL bytes of text. */
static int data_table(const xmlNode *table)
{
    size_t cell = 0;
    const xmlNode *n = table->children;
    while (n) {
        int into = 1;
        if (n->type == XML_ELEMENT_NODE) {
            if (is_elem(n, "table"))
                return 0;
            if (is_elem(n, "td") || is_elem(n, "th"))
                cell = 0;
            if (in_list((const char *)n->name, hidden_tags))
                into = 0;
        } else if (n->type == XML_TEXT_NODE && n->content) {
            cell += strlen((const char *)n->content);
            if (cell > HTML_LAYOUT_CELL)
                return 0;
        }
        if (into && n->children) {
            n = n->children;
            continue;
        }
        while (n != table && !n->next)
            n = n->parent;
        n = n != table ? n->next : NULL;
    }
    return 1;
}

/* Opens an element: 1 when its children are to be read (then leave() is
 * called for it), 0 to skip it. */
static int enter(hw *h, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!name || in_list(name, hidden_tags) || hidden(n))
        return 0;
    if (strcmp(name, "br") == 0) {
        hard_break(h);
        return 0;
    }
    if (strcmp(name, "table") == 0 && !h->table && data_table(n)) {
        line_break(h);
        h->table = n;
        return 1;
    }
    if (h->table && strcmp(name, "tr") == 0) {
        before_text(h); /* a pending break ends the line before the row */
        h->space = 0;
        if (h->row_open) /* a row not closed: a row inside a row */
            return 1;
        if (last_char(h) != '\n')
            put(h, "\n", 1);
        h->row_open = 1;
        h->row_start = h->out->len;
        h->row_text = 0;
        h->row_cells = 0;
        return 1;
    }
    if (h->table && (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) && !h->in_cell) {
        if (!h->row_open) {
            if (last_char(h) != '\n')
                put(h, "\n", 1);
            h->row_open = 1;
            h->row_start = h->out->len;
            h->row_text = 0;
            h->row_cells = 0;
        }
        if (h->row_cells++)
            put(h, "\t", 1);
        h->in_cell = 1;
        h->cell_text = h->cell_brk = h->space = 0;
        return 1;
    }
    if (strcmp(name, "pre") == 0)
        h->pre++;
    if (in_list(name, blocks))
        line_break(h);
    return 1;
}

static void leave(hw *h, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!name)
        return;
    if (n == h->table) {
        h->table = NULL;
        line_break(h);
        return;
    }
    if (h->table && (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) && h->in_cell) {
        h->in_cell = 0;
        h->space = 0;
        return;
    }
    if (h->table && strcmp(name, "tr") == 0 && h->row_open && !h->in_cell) {
        if (!h->row_text) { /* a row of empty cells says nothing */
            h->out->len = h->row_start;
            if (h->out->data)
                h->out->data[h->out->len] = 0;
        } else {
            put(h, "\n", 1);
        }
        h->row_open = 0;
        h->brk = h->space = 0;
        return;
    }
    if (strcmp(name, "pre") == 0 && h->pre)
        h->pre--;
    if (in_list(name, blocks))
        line_break(h);
}

/* Reads the subtree of root (not root itself) in document order: a loop
 * over child, next and parent links. */
static void walk(hw *h, const xmlNode *root)
{
    const xmlNode *n = root->children;
    while (n && !h->rc) {
        int into = 0;
        if (n->type == XML_ELEMENT_NODE)
            into = enter(h, n);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            text(h, (const char *)n->content, strlen((const char *)n->content));
        if (into && n->children) {
            n = n->children;
            continue;
        }
        if (into)
            leave(h, n);
        while (n != root && !n->next) {
            n = n->parent;
            if (!n || n == root)
                break;
            leave(h, n);
        }
        n = n && n != root ? n->next : NULL;
    }
}

/* The first element called name in root's subtree, or NULL (a loop). */
static const xmlNode *find(const xmlNode *root, const char *name)
{
    const xmlNode *n = root;
    while (n) {
        if (is_elem(n, name))
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n != root ? n->next : NULL;
    }
    return NULL;
}

/* ---- the reader --------------------------------------------------------------------- */

/* Word's "Save as Web Page" writes downlevel-revealed conditional
 * comments, <![if !supportLists]> ... <![endif]>, which a browser takes for
 * comments and libxml2 for text.  Returns a copy of data with each such
 * <![...]> (but not <![CDATA[) blanked out, or NULL when there is none (or
 * no memory: the page is then read as it is). */
static char *blank_conditionals(const char *data, size_t n)
{
    const char *p = memmem(data, n, "<![", 3);
    if (!p)
        return NULL;
    char *c = malloc(n);
    if (!c)
        return NULL;
    memcpy(c, data, n);
    for (size_t i = (size_t)(p - data); i + 3 <= n; i++) {
        if (memcmp(c + i, "<![", 3) != 0 || (n - i >= 9 && memcmp(c + i, "<![CDATA[", 9) == 0))
            continue;
        size_t e = i + 3;
        while (e < n && c[e] != '>' && c[e] != '<')
            e++;
        /* "<![endif]-->" closes a comment: keep it */
        if (e >= n || c[e] != '>' || c[e - 1] == '-')
            continue;
        memset(c + i, ' ', e - i + 1);
        i = e;
    }
    return c;
}

/* The charset to read data with: OUT name (static or in buf). */
static const char *choose_charset(const char *data, size_t n, size_t *skip, char *buf, size_t cap)
{
    const char *enc;
    *skip = tc_sniff_bom(data, n, &enc);
    if (enc)
        return enc;
    int high = 0;
    int valid = utf8_ok((const unsigned char *)data, n, &high);
    if (meta_charset(data, n, buf, cap) && known_charset(buf)) {
        if (latin_name(buf) && valid && high)
            return "UTF-8";
        return buf;
    }
    return valid ? "UTF-8" : "WINDOWS-1252";
}

static tc_rc html_read(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    (void)opts;
    if (!tc_sniff_html(data, n))
        return tc_reader_fail(out, TC_EFORMAT, "not an HTML document");
    tc_zipxml_init();
    char cs[64];
    size_t skip;
    const char *enc = choose_charset(data, n, &skip, cs, sizeof cs);
    if (n - skip > INT_MAX)
        return tc_reader_fail(out, TC_ETOOBIG, "HTML file larger than 2 GiB");
    /* NONET: no DTD or entity is fetched; IGNORE_ENC: enc is the charset,
     * whatever a later <meta> says */
    /* not for UTF-16, where "<![" is not three bytes */
    char *copy = enc[4] == '1' ? NULL : blank_conditionals(data, n);
    htmlDocPtr doc = htmlReadMemory((copy ? copy : data) + skip, (int)(n - skip), NULL, enc,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC);
    free(copy);
    if (!doc)
        return tc_reader_fail(out, TC_EFORMAT, "libxml2 could not read the HTML");
    hw h = {.out = &out->buf};
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *head = root ? find(root, "head") : NULL;
    const xmlNode *title = head ? find(head, "title") : NULL;
    if (title) {
        walk(&h, title);
        if (!h.rc && out->buf.len)
            put(&h, "\n", 1);
        h.space = h.brk = 0;
    }
    if (root) {
        /* the root itself may be <body> or a lone element of a fragment */
        const xmlNode *body = find(root, "body");
        if (body)
            walk(&h, body);
        else
            walk(&h, root);
    }
    if (!h.rc && out->buf.len && last_char(&h) != '\n')
        put(&h, "\n", 1);
    xmlFreeDoc(doc);
    if (h.rc == TC_ETOOBIG)
        return tc_reader_fail(out, TC_ETOOBIG, "text longer than the cap (%zu bytes)",
                              out->buf.cap);
    if (h.rc)
        return tc_reader_fail(out, h.rc, "out of memory");
    out->encoding = is_1258(enc) ? "Windows-1258" : NULL;
    tc_reader_out_take_buf(out);
    return TC_OK;
}

const tc_reader tc_reader_html = {"html", tc_exts_html, tc_sniff_html, html_read};
