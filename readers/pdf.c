/*
 * pdf.c: PDF read in process with poppler-glib (reader.h), scanned pages
 * read by Tesseract (ocr.h) when the caller asks for OCR.
 *
 * Text comes from poppler's glyphs, not from its text as is: for each page
 * we take poppler_page_get_text() with poppler_page_get_text_layout() (one
 * box per character) and lay the lines out again ourselves, because
 *   - poppler's flow order runs a table column by column and the two header
 *     blocks of an administrative document line by line into each other
 *     ("BỘ TÀI CHÍNH", "CỘNG HÒA ...", "Độc lập ...", "Số: ..."), and
 *   - it joins blocks without a separator ("Năm2005", "chỉnh5,63",
 *     "SỞ CÔNG THƯƠNGCỘNG HÒA").
 * OCR'd pages go through the same layout, Tesseract's words standing for
 * glyphs.  Layout, in units of the line's height h:
 *   0. lines printed sideways (a landscape table on a portrait page) are
 *      turned upright first and laid out after the upright text;
 *   1. runs: glyphs in poppler's order, cut at its line ends, where the
 *      baseline moves (> h/2), where the text goes back, at a gap wider
 *      than PDF_GAP_COLUMN, and at a word gap both wider than
 *      PDF_GAP_GUTTER and PDF_GAP_SPREAD times the line's usual one; inside
 *      a run a gap wider than PDF_GAP_WORD, or a raised note number, is a
 *      space even when poppler gave none;
 *   2. rows: runs whose centre lines (fitted to their glyphs, so that a
 *      slanted scan line keeps to itself) are within half the taller one's
 *      height where they meet, sorted left to right; runs of a row are joined by a tab when
 *      far apart (table cells, as the Word readers give them), else by a
 *      space, or by nothing when they touch;
 *   3. the header of page 1: the first group of rows, starting in the top
 *      PDF_HEAD_TOP of the page, that a vertical gutter splits into a left
 *      and a right block of two rows each at least, comes out as the left
 *      block's lines, then the right block's; the group ends at a run that
 *      crosses the gutter (rules "_____" do not count) or after a vertical
 *      gap of PDF_GAP_ROWS.  The Official Gazette's running header and page
 *      number make no group: the number is one row.
 *   Everything else is rows from top to bottom.
 *
 * Pages: each starts with tc_reader_page_begin() and ends with a form feed.
 * A page with no text, or with fewer than PDF_IMAGE_LETTERS letters over
 * images covering PDF_IMAGE_COVER of it (a scan with a gazette running
 * header or a signature stamp), is TC_PAGE_IMAGE; with opts->ocr it is
 * rendered at PDF_OCR_DPI and read by Tesseract ("vie") instead, as a
 * TC_PAGE_OCR page.  So is, with opts->ocr, a page whose text layer an OCR
 * without Vietnamese wrote (ocr_layer_without_marks).
 *
 * Bad input: a file without "%%EOF" near its end is truncated (poppler
 * rebuilds a broken cross-reference table and would give part of the text
 * without a word); a startxref that points nowhere gives a notice for the
 * same reason; poppler's open errors are TC_EFORMAT with its message, a
 * password is TC_EPASSWORD, and the text stops at the cap (TC_ETOOBIG).
 * Pages are released one by one, so memory holds one page's text and
 * glyphs (and one page image when OCR runs), not the document's.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "glyphs.h"
#include "ocr.h"
#include "reader.h"
#include "sniff.h"

/* "%PDF-" may follow some junk (a mail header, a BOM) within this much. */
/* "%%EOF" must end the file, give or take this much trailing junk. */
#define PDF_EOF_TAIL 1024
/* A page tree of more pages than this is hostile, not a document. */
#define PDF_MAX_PAGES 100000
/* Fewer letters than this beside images covering PDF_IMAGE_COVER of the
 * page: a scan under a gazette running header, a signature block or a
 * stamp.  Measured on real-docs: such pages hold 13 to 58 letters over
 * images covering 16% to 100%; the least text on a page with any image
 * otherwise is 252 letters. */
#define PDF_IMAGE_LETTERS 100
#define PDF_IMAGE_COVER 0.15
/* OCR: render at this resolution, with at most this many pixels. */
#define PDF_OCR_DPI 300
#define PDF_OCR_MAX_PIXELS (24L << 20)
/* The header's two blocks start in this top fraction of page 1, and hold
 * this many letters each at least ("QUỐC HỘI" and its number has 12). */
#define PDF_HEAD_TOP 0.40
#define PDF_HEAD_LETTERS 8
/* Gaps in units of line height (see the top of the file); the header's
 * blocks may come closer than table cells: 0.97 h apart in a resolution of
 * the National Assembly's Standing Committee. */
#define PDF_GAP_WORD 0.30
#define PDF_GAP_COLUMN 1.0
#define PDF_GAP_GUTTER 0.5
#define PDF_GAP_SPREAD 3.0
#define PDF_GAP_TAB 3.0
#define PDF_GAP_JOIN 0.15
#define PDF_GAP_ROWS 2.5
#define PDF_GAP_SLACK 0.5

/* ---- per-read state ------------------------------------------------------ */

enum { G_NL = 1, G_SP = 2, G_SEP = 4, G_RULE = 8, G_START = 16 };

typedef struct glyph {
    float x1, y1, x2, y2; /* box, PDF points, y down */
    uint32_t off;         /* byte offset in the page's text */
    uint16_t len;         /* UTF-8 bytes */
    uint8_t dir;          /* writing direction (orient_lines) */
    uint8_t flags;        /* G_NL: poppler line end before it; G_SP: a space
                             before it; G_SEP: emit a space before it;
                             G_RULE: a character rules are drawn with;
                             G_START: it starts a run */
} glyph;

typedef struct run {
    float x1, y1, x2, y2; /* union of its glyphs' boxes */
    uint32_t g0, g1;      /* its glyphs [g0, g1) */
    int side;             /* header: 0 none, 1 left block, 2 right block */
    int rule;             /* only rule characters ("_____", "———") */
    int dir;              /* writing direction of its glyphs */
    /* its centre line, fitted to its glyphs' centres: a scanned line runs
     * a little askew, and its box grows with the slant */
    float cx, cy; /* mean of the glyph centres */
    float slope;  /* dy/dx of the fit */
    float h;      /* its tallest glyph */
} run;

typedef struct row {
    uint32_t r0, r1; /* its runs [r0, r1) of pdf_read.order */
    int dir;         /* writing direction of its runs */
    float y1, y2;    /* vertical extent */
} row;

typedef struct pdf_read {
    const tc_reader_opts *opts;
    tc_reader_out *out;
    tc_rc rc; /* sticky: the first append failure */
    glyph *g;
    size_t ng, capg;
    run *r;
    size_t nr, capr;
    float *gaps; /* word gaps of one run */
    size_t capgaps;
    uint32_t *order; /* run indices sorted into rows */
    size_t capo;
    row *rows;
    size_t nrows, caprows;
    tc_ocr *ocr;        /* opened on the first image page when opts->ocr */
    tc_buf scratch;     /* one page's OCR text */
    tc_buf fixed;       /* one page's text with glyph numbers read back (glyphs.h) */
    size_t fixed_words; /* words read back in the document */
    int ocr_missing;    /* the model could not be loaded: told once */
} pdf_read;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Appends to the text, turning the cap into TC_ETOOBIG (tc_buf says
 * TC_ENOMEM for both). */
static void put(pdf_read *pd, const char *s, size_t n)
{
    tc_buf *b = &pd->out->buf;
    if (pd->rc)
        return;
    if (n > b->cap - b->len)
        pd->rc = TC_ETOOBIG;
    else
        pd->rc = tc_buf_append(b, s, n);
}

static void putch(pdf_read *pd, char c)
{
    put(pd, &c, 1);
}

/* ---- glyphs, runs, rows ---------------------------------------------------- */

/* Bytes of the UTF-8 sequence at s (1 for a stray byte), within n. */
static size_t u8len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0xC0 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    return k > n ? n : k;
}

/* Whether s[0..len) is only characters that draw rules under the
 * header's blocks ("_____", "———"). */
static int is_rule(const char *s, size_t len)
{
    static const char *const rules[] = {"_",      "-",      ".",      "=",      "*",
                                        "~",      "\u2012", "\u2013", "\u2014", "\u2015",
                                        "\u2026", "\u2500", "\u2501"};
    if (!len)
        return 0;
    for (size_t i = 0, k; i < len; i += k) {
        k = u8len((const unsigned char *)s + i, len - i);
        size_t r = 0;
        while (r < sizeof rules / sizeof *rules &&
               !(strlen(rules[r]) == k && memcmp(rules[r], s + i, k) == 0))
            r++;
        if (r == sizeof rules / sizeof *rules)
            return 0;
    }
    return 1;
}

/* Collects the glyphs of a page: text and boxes, whitespace folded into
 * flags on the next glyph.  Returns -1 on allocation failure. */
static int collect_glyphs(pdf_read *pd, const char *text, const PopplerRectangle *rect, guint nrect)
{
    size_t n = strlen(text), i = 0;
    uint8_t pending = 0;
    pd->ng = 0;
    for (guint k = 0; i < n && k < nrect; k++) {
        size_t len = u8len((const unsigned char *)text + i, n - i);
        unsigned char c = (unsigned char)text[i];
        const PopplerRectangle *q = &rect[k];
        if (c == '\n' || c == '\r') {
            pending |= G_NL;
        } else if (c == ' ' || c == '\t' || (len == 2 && c == 0xC2 && text[i + 1] == '\xa0')) {
            pending |= G_SP;
        } else if (c >= 0x20 && c != 0x7F && isfinite(q->x1) && isfinite(q->y1) &&
                   isfinite(q->x2) && isfinite(q->y2) && fabs(q->x1) < 1e6 && fabs(q->y1) < 1e6 &&
                   fabs(q->x2) < 1e6 && fabs(q->y2) < 1e6) {
            if (grow((void **)&pd->g, &pd->capg, pd->ng + 1, sizeof *pd->g))
                return -1;
            glyph *g = &pd->g[pd->ng++];
            g->x1 = (float)fmin(q->x1, q->x2);
            g->x2 = (float)fmax(q->x1, q->x2);
            g->y1 = (float)fmin(q->y1, q->y2);
            g->y2 = (float)fmax(q->y1, q->y2);
            g->off = (uint32_t)i;
            g->len = (uint16_t)len;
            g->flags = pending | (is_rule(text + i, len) ? G_RULE : 0);
            pending = 0;
        }
        i += len;
    }
    return 0;
}

/* Turns the boxes of rotated lines so that every line reads left to right,
 * top to bottom, in its own frame: a landscape table printed sideways on a
 * portrait page reads upwards (its glyphs stack along y).  The direction
 * of a poppler line is the one most steps between its glyphs take; a line
 * without a majority keeps the direction of the line before it.  Rows
 * never mix directions: make_rows() lays out each direction apart, upright
 * text first. */
static void orient_lines(pdf_read *pd)
{
    uint8_t dir = 0;
    for (size_t a = 0, b; a < pd->ng; a = b) {
        for (b = a + 1; b < pd->ng && !(pd->g[b].flags & G_NL); b++)
            ;
        /* the direction most steps from glyph to glyph take */
        size_t votes[4] = {0};
        for (size_t i = a + 1; i < b; i++) {
            const glyph *p = &pd->g[i - 1], *q = &pd->g[i];
            float dx = (q->x1 + q->x2) - (p->x1 + p->x2), dy = (q->y1 + q->y2) - (p->y1 + p->y2);
            if (dx != 0 || dy != 0)
                votes[fabsf(dx) >= fabsf(dy) ? (dx > 0 ? 0 : 2) : (dy < 0 ? 1 : 3)]++;
        }
        for (uint8_t d = 0; d < 4; d++)
            if (votes[d] > votes[dir])
                dir = d;
        for (size_t i = a; i < b; i++) {
            glyph *g = &pd->g[i];
            float x1 = g->x1, y1 = g->y1, x2 = g->x2, y2 = g->y2;
            g->dir = dir;
            if (dir == 1) /* reads upwards: the next line is to the right */
                g->x1 = -y2, g->x2 = -y1, g->y1 = x1, g->y2 = x2;
            else if (dir == 2) /* upside down */
                g->x1 = -x2, g->x2 = -x1, g->y1 = -y2, g->y2 = -y1;
            else if (dir == 3) /* reads downwards: the next line is to the left */
                g->x1 = y1, g->x2 = y2, g->y1 = -x2, g->y2 = -x1;
        }
    }
}

static float fmaxf3(float a, float b, float c)
{
    return fmaxf(a, fmaxf(b, c));
}

static int float_cmp(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return a < b ? -1 : a > b;
}

/* Cuts glyphs [a, b) of one run again where a word gap is both wider than
 * PDF_GAP_GUTTER and PDF_GAP_SPREAD times the run's usual word gap: poppler
 * keeps "BỘ LAO ĐỘNG - THƯƠNG BINH" and "CỘNG HÒA ..." on one line when
 * the header's blocks are 0.8 h apart, words being 0.2 h apart. */
static int cut_wide_gaps(pdf_read *pd, size_t a, size_t b)
{
    size_t n = 0;
    float h = 0.01f;
    for (size_t i = a; i < b; i++) {
        h = fmaxf(h, pd->g[i].y2 - pd->g[i].y1);
        n += i > a && (pd->g[i].flags & G_SEP);
    }
    if (n < 2)
        return 0;
    if (grow((void **)&pd->gaps, &pd->capgaps, n, sizeof *pd->gaps))
        return -1;
    n = 0;
    for (size_t i = a + 1; i < b; i++)
        if (pd->g[i].flags & G_SEP)
            pd->gaps[n++] = fmaxf(0, pd->g[i].x1 - pd->g[i - 1].x2);
    qsort(pd->gaps, n, sizeof *pd->gaps, float_cmp);
    float usual = pd->gaps[(n - 1) / 2]; /* the lower median */
    float wide = fmaxf(PDF_GAP_GUTTER * h, PDF_GAP_SPREAD * usual);
    for (size_t i = a + 1; i < b; i++)
        if ((pd->g[i].flags & G_SEP) && pd->g[i].x1 - pd->g[i - 1].x2 > wide)
            pd->g[i].flags |= G_START;
    return 0;
}

/* Fits the centre line of run q (least squares over its glyphs). */
static void fit_centre(const pdf_read *pd, run *q)
{
    double n = q->g1 - q->g0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    float h = 0;
    for (uint32_t i = q->g0; i < q->g1; i++) {
        const glyph *g = &pd->g[i];
        double x = (g->x1 + g->x2) / 2.0, y = (g->y1 + g->y2) / 2.0;
        sx += x, sy += y, sxx += x * x, sxy += x * y;
        h = fmaxf(h, g->y2 - g->y1);
    }
    q->cx = (float)(sx / n);
    q->cy = (float)(sy / n);
    double var = sxx / n - (sx / n) * (sx / n), cov = sxy / n - (sx / n) * (sy / n);
    q->h = h > 0.01f ? h : 0.01f;
    /* Only a long run tells its slant, and scans lean by a degree or two:
     * more is no slant but glyphs of several sizes. */
    double slope = n >= 8 && q->x2 - q->x1 > 10 * q->h && var > 1 ? cov / var : 0;
    q->slope = (float)(fabs(slope) > 0.05 ? 0 : slope);
}

/* Whether runs a and b sit on one row: their centre lines, taken where b
 * is, lie within half the taller one's height of each other (boxes that
 * overlap by half the smaller one's height, when neither slants). */
static int same_row(const run *a, const run *b)
{
    /* where b is, or the end of a nearest to it: no line runs on past its
     * glyphs */
    float x = fminf(fmaxf((b->x1 + b->x2) / 2, a->x1), a->x2);
    float ya = a->cy + a->slope * (x - a->cx), yb = b->cy + b->slope * (x - b->cx);
    return fabsf(ya - yb) <= fmaxf(a->h, b->h) / 2;
}

/* Cuts the glyphs into runs (step 1 at the top of the file). */
static int make_runs(pdf_read *pd)
{
    /* where runs start, and where words are */
    size_t from = 0;
    for (size_t i = 0; i < pd->ng; i++) {
        glyph *g = &pd->g[i];
        int start = i == 0 || (g->flags & G_NL) || g->dir != pd->g[i - 1].dir;
        if (!start) {
            const glyph *p = &pd->g[i - 1];
            float h = fmaxf3(p->y2 - p->y1, g->y2 - g->y1, 0.01f);
            float dy = fabsf((g->y1 + g->y2) - (p->y1 + p->y2)) / 2;
            float gap = g->x1 - p->x2;
            if (dy > h / 2 || gap > PDF_GAP_COLUMN * h || g->x1 < p->x1 - h / 2)
                start = 1;
            else if ((g->flags & G_SP) || gap > PDF_GAP_WORD * h || fabsf(g->y2 - p->y2) > h / 4)
                g->flags |= G_SEP; /* the last: a raised "(2)" before its note */
        }
        if (start) {
            g->flags |= G_START;
            if (i > from && cut_wide_gaps(pd, from, i))
                return -1;
            from = i;
        }
    }
    if (pd->ng > from && cut_wide_gaps(pd, from, pd->ng))
        return -1;
    pd->nr = 0;
    for (size_t i = 0; i < pd->ng; i++) {
        const glyph *g = &pd->g[i];
        run *cur = pd->nr ? &pd->r[pd->nr - 1] : NULL;
        if (g->flags & G_START) {
            if (grow((void **)&pd->r, &pd->capr, pd->nr + 1, sizeof *pd->r))
                return -1;
            cur = &pd->r[pd->nr++];
            *cur = (run){.x1 = g->x1,
                         .y1 = g->y1,
                         .x2 = g->x2,
                         .y2 = g->y2,
                         .g0 = (uint32_t)i,
                         .rule = 1,
                         .dir = g->dir};
        }
        cur->g1 = (uint32_t)i + 1;
        cur->rule &= (g->flags & G_RULE) != 0;
        cur->x1 = fminf(cur->x1, g->x1);
        cur->y1 = fminf(cur->y1, g->y1);
        cur->x2 = fmaxf(cur->x2, g->x2);
        cur->y2 = fmaxf(cur->y2, g->y2);
    }
    for (size_t r = 0; r < pd->nr; r++)
        fit_centre(pd, &pd->r[r]);
    return 0;
}

/* qsort has no context argument: sort indices with the runs beside them. */
typedef struct sort_key {
    int dir;      /* first key: the writing direction */
    float a, b;   /* second and third key */
    uint32_t idx; /* run index */
} sort_key;

static int key_cmp(const void *x, const void *y)
{
    const sort_key *p = x, *q = y;
    if (p->dir != q->dir)
        return p->dir - q->dir;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/* Groups the runs into rows, top to bottom, each left to right (step 2). */
static int make_rows(pdf_read *pd)
{
    pd->nrows = 0;
    if (!pd->nr)
        return 0;
    if (grow((void **)&pd->order, &pd->capo, pd->nr, sizeof *pd->order))
        return -1;
    sort_key *k = malloc(pd->nr * sizeof *k);
    if (!k)
        return -1;
    for (size_t i = 0; i < pd->nr; i++)
        k[i] = (sort_key){pd->r[i].dir, pd->r[i].cy, pd->r[i].x1, (uint32_t)i};
    qsort(k, pd->nr, sizeof *k, key_cmp);
    size_t i = 0;
    while (i < pd->nr) {
        const run *a = &pd->r[k[i].idx];
        size_t j = i + 1;
        for (; j < pd->nr; j++) {
            const run *b = &pd->r[k[j].idx];
            if (b->dir != a->dir || !same_row(a, b))
                break;
        }
        if (grow((void **)&pd->rows, &pd->caprows, pd->nrows + 1, sizeof *pd->rows)) {
            free(k);
            return -1;
        }
        row *w = &pd->rows[pd->nrows++];
        w->r0 = (uint32_t)i;
        w->r1 = (uint32_t)j;
        w->dir = a->dir;
        w->y1 = a->y1;
        w->y2 = a->y2;
        /* left to right inside the row */
        for (size_t m = i; m < j; m++) {
            const run *b = &pd->r[k[m].idx];
            k[m].a = b->x1;
            k[m].b = b->y1;
            w->y1 = fminf(w->y1, b->y1);
            w->y2 = fmaxf(w->y2, b->y2);
        }
        qsort(k + i, j - i, sizeof *k, key_cmp);
        i = j;
    }
    for (size_t m = 0; m < pd->nr; m++)
        pd->order[m] = k[m].idx;
    free(k);
    return 0;
}

/* ---- the header's two blocks (step 3) ------------------------------------------- */

/* Side of run q against the gutter (gl, gr): 1 left, 2 right, 0 across.
 * A run may reach into the other block by `slack`: OCR hangs a speck 30
 * points off on a word ("27/2026/NQ-CP..."). */
static int side_of(const run *q, float gl, float gr, float slack)
{
    int left = q->x2 <= gr + slack, right = q->x1 >= gl - slack;
    if (left && right) /* inside the gutter: the nearer side */
        return (q->x1 + q->x2) / 2 < (gl + gr) / 2 ? 1 : 2;
    return left ? 1 : right ? 2 : 0;
}

/* Grows the group that starts at row s, whose runs are split at its
 * widest gap; sets the runs' sides and returns the end row. */
static size_t grow_group(pdf_read *pd, size_t s, uint32_t split)
{
    const row *w = &pd->rows[s];
    float h = w->y2 - w->y1, bottom = w->y2;
    float gl = pd->r[pd->order[w->r0]].x2, gr = pd->r[pd->order[split]].x1;
    for (uint32_t m = w->r0; m < w->r1; m++) {
        run *q = &pd->r[pd->order[m]];
        q->side = m < split ? 1 : 2;
        if (m < split)
            gl = fmaxf(gl, q->x2);
    }
    size_t e = s + 1;
    for (; e < pd->nrows; e++) {
        const row *v = &pd->rows[e];
        if (v->dir != w->dir || v->y1 - bottom > PDF_GAP_ROWS * h)
            break;
        /* Every run of the row must fall on one side of the gutter;
         * rules ("______" under a block) go with the nearer side. */
        float nl = gl, nr = gr;
        int ok = 1;
        for (uint32_t m = v->r0; m < v->r1 && ok; m++) {
            run *q = &pd->r[pd->order[m]];
            int side = q->rule ? ((q->x1 + q->x2) / 2 < (gl + gr) / 2 ? 1 : 2)
                               : side_of(q, nl, nr, PDF_GAP_SLACK * h);
            q->side = side;
            if (side == 1 && !q->rule)
                nl = fmaxf(nl, q->x2);
            else if (side == 2 && !q->rule)
                nr = fminf(nr, q->x1);
            ok = side != 0;
        }
        if (!ok) {
            for (uint32_t m = v->r0; m < v->r1; m++)
                pd->r[pd->order[m]].side = 0;
            break;
        }
        gl = nl;
        gr = nr;
        bottom = fmaxf(bottom, v->y2);
    }
    return e;
}

static size_t run_letters(const pdf_read *pd, const char *text, const run *q)
{
    size_t n = 0;
    for (uint32_t i = q->g0; i < q->g1; i++) {
        const char *p = text + pd->g[i].off, *end = p + pd->g[i].len;
        while (p < end) {
            gunichar c = g_utf8_get_char_validated(p, end - p);
            if (c == (gunichar)-1 || c == (gunichar)-2) {
                p++;
                continue;
            }
            n += g_unichar_isalpha(c) != 0;
            p = g_utf8_next_char(p);
        }
    }
    return n;
}

/* Finds the header group on page 1: rows [*s, *e) with run sides set.
 * Returns 0 when there is none.  Each block must hold text on two rows at
 * least, and some letters: a lone page number beside the gazette's running
 * header, or specks an OCR engine read as ";" and "+", open no group. */
static int find_header(pdf_read *pd, const char *text, double page_h, size_t *s_out, size_t *e_out)
{
    for (size_t s = 0;
         s < pd->nrows && pd->rows[s].dir == 0 && pd->rows[s].y1 < PDF_HEAD_TOP * page_h; s++) {
        const row *w = &pd->rows[s];
        if (w->r1 - w->r0 < 2)
            continue;
        /* The gutter: the widest gap between neighbours of the first row. */
        float h = w->y2 - w->y1, best = 0;
        uint32_t split = 0;
        for (uint32_t m = w->r0 + 1; m < w->r1; m++) {
            float gap = pd->r[pd->order[m]].x1 - pd->r[pd->order[m - 1]].x2;
            if (gap > best) {
                best = gap;
                split = m;
            }
        }
        if (best < PDF_GAP_GUTTER * h)
            continue;
        size_t e = grow_group(pd, s, split);
        size_t rows[3] = {0}, letters[3] = {0};
        for (size_t j = s; j < e; j++) {
            int seen[3] = {0};
            for (uint32_t m = pd->rows[j].r0; m < pd->rows[j].r1; m++) {
                const run *q = &pd->r[pd->order[m]];
                if (q->rule)
                    continue;
                seen[q->side] = 1;
                letters[q->side] += run_letters(pd, text, q);
            }
            rows[1] += (size_t)seen[1];
            rows[2] += (size_t)seen[2];
        }
        if (rows[1] >= 2 && rows[2] >= 2 && letters[1] >= PDF_HEAD_LETTERS &&
            letters[2] >= PDF_HEAD_LETTERS) {
            *s_out = s;
            *e_out = e;
            return 1;
        }
        for (size_t j = s; j < e; j++)
            for (uint32_t m = pd->rows[j].r0; m < pd->rows[j].r1; m++)
                pd->r[pd->order[m]].side = 0;
    }
    return 0;
}

/* ---- emitting text -------------------------------------------------------- */

static void emit_run(pdf_read *pd, const char *text, const run *q)
{
    for (uint32_t i = q->g0; i < q->g1; i++) {
        const glyph *g = &pd->g[i];
        if (i > q->g0 && (g->flags & G_SEP))
            putch(pd, ' ');
        put(pd, text + g->off, g->len);
    }
}

/* Emits the runs of row w whose side is `side` (-1: all) as one line. */
static void emit_row(pdf_read *pd, const char *text, const row *w, int side)
{
    const run *prev = NULL;
    for (uint32_t m = w->r0; m < w->r1; m++) {
        const run *q = &pd->r[pd->order[m]];
        if (side >= 0 && q->side != side)
            continue;
        if (prev) {
            float h = fmaxf(prev->y2 - prev->y1, q->y2 - q->y1);
            float gap = q->x1 - prev->x2;
            /* A wide gap poppler saw no space in, or a very wide one, is a
             * cell border: a tab, as the Word readers give cells.  Spaces
             * stay spaces ("Số:   23/BC" must stay one line for the header
             * reader), and pieces that touch (a font change inside a word,
             * a letter drawn as two glyphs) are joined. */
            int spaced = (pd->g[q->g0].flags & G_SP) != 0;
            if (gap < -h) { /* one above the other, not side by side */
                putch(pd, '\n');
                emit_run(pd, text, q);
                prev = q;
                continue;
            }
            if ((gap >= PDF_GAP_COLUMN * h && !spaced) || gap >= PDF_GAP_TAB * h)
                putch(pd, '\t');
            else if (gap > PDF_GAP_JOIN * h || spaced || fabsf(q->y2 - prev->y2) > h / 4)
                putch(pd, ' '); /* the last: a raised "(1)" or footnote number */
        }
        emit_run(pd, text, q);
        prev = q;
    }
    if (prev)
        putch(pd, '\n');
}

/* Lays out and emits one page's text layer. */
/* Lays out the glyphs of pd and emits their text (text holds their
 * bytes); on the first page, the header's blocks apart. */
static int layout_emit(pdf_read *pd, const char *text, int first_page, double page_h)
{
    orient_lines(pd);
    if (make_runs(pd) || make_rows(pd))
        return -1;
    size_t hs = 0, he = 0;
    if (!first_page || !find_header(pd, text, page_h, &hs, &he))
        hs = he = 0;
    for (size_t i = 0; i < pd->nrows && !pd->rc; i++) {
        if (i == hs && he > hs) {
            for (size_t j = hs; j < he; j++)
                emit_row(pd, text, &pd->rows[j], 1);
            for (size_t j = hs; j < he; j++)
                emit_row(pd, text, &pd->rows[j], 2);
            i = he - 1;
            continue;
        }
        emit_row(pd, text, &pd->rows[i], -1);
    }
    return 0;
}

/* Emits one page's text layer. */
static int emit_layout(pdf_read *pd, PopplerPage *page, const char *text, int first_page)
{
    /* Every character but white space comes out: a page whose text cannot
     * fit under the cap stops here, before its boxes (32 bytes a
     * character) and glyphs (24) are built. */
    size_t visible = 0;
    for (const char *p = text; *p; p++)
        visible += *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t';
    if (visible > pd->out->buf.cap - pd->out->buf.len) {
        pd->rc = TC_ETOOBIG;
        return 0;
    }
    PopplerRectangle *rect = NULL;
    guint nrect = 0;
    if (!poppler_page_get_text_layout(page, &rect, &nrect))
        nrect = 0;
    int bad = collect_glyphs(pd, text, rect, nrect);
    g_free(rect);
    double w, h;
    poppler_page_get_size(page, &w, &h);
    return bad ? -1 : layout_emit(pd, text, first_page, h);
}

/* Reads glyph numbers back once more in the page text laid out from
 * out->buf[at..]: the second pass of read_pages(). */
static void repair_laid_out(pdf_read *pd, size_t at)
{
    tc_buf *b = &pd->out->buf;
    size_t again = 0;
    tc_buf_reset(&pd->fixed);
    if (at > b->len || tc_glyphs_repair(b->data + at, b->len - at, &pd->fixed, &again))
        return; /* out of memory: the first pass's text stays */
    b->len = at;
    put(pd, pd->fixed.data ? pd->fixed.data : "", pd->fixed.len);
}

/* ---- page kinds and OCR ------------------------------------------------------- */

static size_t count_letters(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        n += g_unichar_isalpha(c) != 0;
        p = g_utf8_next_char(p);
    }
    return n;
}

/* A text layer written by an OCR that knew no Vietnamese: its letters carry
 * no marks and digits stand inside words for the letters it could not read
 * ("CQNG HOA XA HQI", "C6ng Thucmg", "H4nh phric").  On the PDFs of
 * real-docs such pages have no marked letter and 9-23% of their words hold
 * a digit between letters; Vietnamese text layers have 17-26% marked
 * letters and at most 0.6% such words, and an English one has no marks but
 * hardly such words.  A page counts with at least PDF_BADOCR_LETTERS
 * letters, under 2% of them marked and over 4% of its words so. */
#define PDF_BADOCR_LETTERS 100
static int ocr_layer_without_marks(const char *text)
{
    size_t letters = 0, marked = 0, words = 0, mixed = 0;
    /* within a word: 0 start or other, 1 after a letter, 2 after a letter
     * and digits */
    int state = 0, in_word = 0, word_mixed = 0;
    for (const char *p = text;;) {
        gunichar c = *p ? g_utf8_get_char_validated(p, -1) : ' ';
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        if (c >= 0x300 && c <= 0x36F) { /* a combining mark: decomposed text */
            marked++;
            p = g_utf8_next_char(p);
            continue;
        }
        if (g_unichar_isspace(c)) {
            words += in_word;
            mixed += word_mixed;
            state = in_word = word_mixed = 0;
            if (!*p)
                break;
        } else if (g_unichar_isalpha(c)) {
            letters++;
            marked += c >= 0xC0;
            word_mixed |= state == 2;
            state = 1;
            in_word = 1;
        } else {
            state = c >= '0' && c <= '9' && state ? 2 : 0;
            in_word = 1;
        }
        p = g_utf8_next_char(p);
    }
    return letters >= PDF_BADOCR_LETTERS && marked * 50 < letters && mixed * 25 > words;
}

/* Fraction of the page that images cover (overlaps count twice). */
static double image_cover(PopplerPage *page)
{
    double w, h, area = 0;
    poppler_page_get_size(page, &w, &h);
    if (!(w > 0 && h > 0))
        return 0;
    GList *list = poppler_page_get_image_mapping(page);
    for (GList *l = list; l; l = l->next) {
        const PopplerImageMapping *m = l->data;
        double x1 = fmax(0, fmin(m->area.x1, m->area.x2)),
               x2 = fmin(w, fmax(m->area.x1, m->area.x2));
        double y1 = fmax(0, fmin(m->area.y1, m->area.y2)),
               y2 = fmin(h, fmax(m->area.y1, m->area.y2));
        if (x2 > x1 && y2 > y1)
            area += (x2 - x1) * (y2 - y1);
    }
    poppler_page_free_image_mapping(list);
    return area / (w * h);
}

static int page_kind(PopplerPage *page, const char *text)
{
    size_t letters = count_letters(text);
    if (letters == 0 && !text[strspn(text, " \t\r\n\f")])
        return TC_PAGE_IMAGE;
    if (letters < PDF_IMAGE_LETTERS && image_cover(page) >= PDF_IMAGE_COVER)
        return TC_PAGE_IMAGE;
    return TC_PAGE_TEXT;
}

/* OCR words become glyphs of the layout, their text in pd->scratch. */
typedef struct ocr_words {
    pdf_read *pd;
    double scale; /* pixels to points */
} ocr_words;

static int add_word(void *ctx, const char *text, size_t len, int x1, int y1, int x2, int y2,
                    int line_start)
{
    ocr_words *ow = ctx;
    pdf_read *pd = ow->pd;
    uint8_t flags = (uint8_t)((line_start ? G_NL : G_SP) | (is_rule(text, len) ? G_RULE : 0));
    /* a word longer than a glyph can say goes in pieces with one box */
    while (len) {
        size_t k = len < UINT16_MAX ? len : UINT16_MAX;
        while (k < len && k > 1 && ((unsigned char)text[k] & 0xC0) == 0x80)
            k--;
        if (grow((void **)&pd->g, &pd->capg, pd->ng + 1, sizeof *pd->g) ||
            pd->scratch.len > UINT32_MAX - k || tc_buf_append(&pd->scratch, text, k))
            return -1;
        glyph *g = &pd->g[pd->ng++];
        g->x1 = (float)(x1 * ow->scale);
        g->y1 = (float)(y1 * ow->scale);
        g->x2 = (float)(x2 * ow->scale);
        g->y2 = (float)(y2 * ow->scale);
        g->off = (uint32_t)(pd->scratch.len - k);
        g->len = (uint16_t)k;
        g->dir = 0;
        g->flags = flags;
        flags &= G_RULE;
        text += k;
        len -= k;
    }
    return 0;
}

/* Renders page in grey at about PDF_OCR_DPI and reads its words into
 * pd->g and pd->scratch (whose cap is the room left for the text).
 * TC_ETOOBIG and TC_ENOMEM stop the document; any other error leaves the
 * page an image page. */
static tc_rc ocr_page(pdf_read *pd, PopplerPage *page, int pageno)
{
    double w, h;
    poppler_page_get_size(page, &w, &h);
    if (!(w >= 1 && h >= 1 && w < 1e5 && h < 1e5)) {
        tc_reader_notice(pd->opts, -1, "page %d: no OCR: page size %.0f x %.0f points", pageno, w,
                         h);
        return TC_EFORMAT;
    }
    /* Absurd page sizes get fewer dots per inch, not more memory. */
    double dpi = PDF_OCR_DPI;
    double px = (w * dpi / 72) * (h * dpi / 72);
    if (px > (double)PDF_OCR_MAX_PIXELS)
        dpi *= sqrt((double)PDF_OCR_MAX_PIXELS / px);
    int W = (int)ceil(w * dpi / 72), H = (int)ceil(h * dpi / 72);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return TC_ENOMEM;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72, dpi / 72);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    unsigned char *pix = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    /* To grey in place: row y goes to y * W, never ahead of what is read. */
    for (int y = 0; y < H; y++) {
        const uint32_t *src = (const uint32_t *)(pix + (size_t)y * (size_t)stride);
        unsigned char *out = pix + (size_t)y * (size_t)W;
        for (int x = 0; x < W; x++) {
            uint32_t v = src[x];
            unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
            out[x] = (unsigned char)((r * 299 + g * 587 + b * 114) / 1000);
        }
    }
    pd->ng = 0;
    ocr_words ow = {pd, 72 / dpi};
    size_t room = pd->scratch.cap;
    tc_rc rc = tc_ocr_read_words(pd->ocr, pix, W, H, W, (int)lround(dpi), add_word, &ow);
    cairo_surface_destroy(s);
    if (rc == TC_ENOMEM && pd->scratch.len + UINT16_MAX >= room)
        rc = TC_ETOOBIG; /* the words filled the room left under the cap */
    if (rc && rc != TC_ETOOBIG && rc != TC_ENOMEM)
        tc_reader_notice(pd->opts, -1, "page %d: OCR failed: %s", pageno, tc_strerror(rc));
    return rc;
}

/* Opens the OCR engine on first use; 0 when OCR cannot run. */
static int ocr_ready(pdf_read *pd, size_t image_pages)
{
    if (pd->ocr)
        return 1;
    if (pd->ocr_missing)
        return 0;
    tc_rc rc = tc_ocr_open("vie", &pd->ocr);
    if (rc) {
        pd->ocr_missing = 1;
        tc_reader_notice(pd->opts, -1,
                         "no OCR: Tesseract cannot load the Vietnamese model (\"vie\", package "
                         "tesseract-ocr-vie): %zu image page(s) left unread",
                         image_pages);
        return 0;
    }
    return 1;
}

/* ---- the reader --------------------------------------------------------------- */

/* "%%EOF" in the last PDF_EOF_TAIL bytes, after trailing NULs and spaces. */
static int has_eof(const char *data, size_t n)
{
    while (n && (data[n - 1] == 0 || data[n - 1] == ' ' || data[n - 1] == '\r' ||
                 data[n - 1] == '\n' || data[n - 1] == '\t'))
        n--;
    size_t from = n > PDF_EOF_TAIL ? n - PDF_EOF_TAIL : 0;
    return memmem(data + from, n - from, "%%EOF", 5) != NULL;
}

/* Whether the last "startxref" points at a cross-reference table ("xref")
 * or stream ("12 0 obj").  When it does not, poppler rebuilds the table by
 * scanning the file and reads what it finds: the file was cut and patched,
 * or damaged, and part of its text may be missing. */
static int xref_ok(const char *data, size_t n)
{
    size_t from = n > PDF_EOF_TAIL + 64 ? n - PDF_EOF_TAIL - 64 : 0;
    const char *s = NULL;
    for (const char *p = data + from; (p = memmem(p, (size_t)(data + n - p), "startxref", 9));
         p += 9)
        s = p;
    if (!s)
        return 0;
    const char *p = s + 9, *end = data + n;
    while (p < end && (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t'))
        p++;
    unsigned long long off = 0;
    int digits = 0;
    for (; p < end && *p >= '0' && *p <= '9' && digits < 19; p++, digits++)
        off = off * 10 + (unsigned)(*p - '0');
    if (!digits || off >= n)
        return 0;
    const char *q = data + off;
    while (q < end && (*q == ' ' || *q == '\r' || *q == '\n' || *q == '\t'))
        q++;
    if ((size_t)(end - q) >= 4 && memcmp(q, "xref", 4) == 0)
        return 1;
    /* "N G obj" of a cross-reference stream */
    int fields = 0;
    while (fields < 2 && q < end && *q >= '0' && *q <= '9') {
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        while (q < end && (*q == ' ' || *q == '\r' || *q == '\n'))
            q++;
        fields++;
    }
    return fields == 2 && (size_t)(end - q) >= 3 && memcmp(q, "obj", 3) == 0;
}

static tc_rc read_pages(pdf_read *pd, PopplerDocument *doc, int npages)
{
    const tc_reader_opts *opts = pd->opts;
    tc_reader_out *out = pd->out;
    size_t to_ocr = 0, ocr_done = 0;
    /* OCR reports progress against a total: count image pages first (a
     * second text extraction, cheap next to seconds of OCR per page). */
    if (opts && opts->ocr) {
        for (int i = 0; i < npages; i++) {
            PopplerPage *page = poppler_document_get_page(doc, i);
            if (!page)
                continue;
            char *text = poppler_page_get_text(page);
            int kind = page_kind(page, text ? text : "");
            to_ocr += kind == TC_PAGE_IMAGE ||
                      (kind == TC_PAGE_TEXT && ocr_layer_without_marks(text ? text : ""));
            g_free(text);
            g_object_unref(page);
        }
    }
    for (int i = 0; i < npages && !pd->rc; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) { /* poppler gives every page of the tree; be safe */
            if (tc_reader_page_begin(out, TC_PAGE_IMAGE))
                return TC_ENOMEM;
            tc_reader_notice(opts, -1, "page %d: cannot be read", i + 1);
            putch(pd, '\f');
            continue;
        }
        char *text = poppler_page_get_text(page);
        const char *t = text ? text : "";
        int kind = page_kind(page, t);
        /* With --ocr, a text layer of an OCR without Vietnamese is read
         * again from the page image; if that fails the layer stays. */
        int foreign = kind == TC_PAGE_TEXT && ocr_layer_without_marks(t);
        if ((kind == TC_PAGE_IMAGE || foreign) && opts && opts->ocr && ocr_ready(pd, to_ocr)) {
            /* Words first, text after: a page OCR cannot read stays an
             * image page with its own few words. */
            tc_buf_reset(&pd->scratch);
            pd->scratch.cap = out->buf.cap - out->buf.len;
            tc_rc rc = ocr_page(pd, page, i + 1);
            if (rc == TC_ETOOBIG || rc == TC_ENOMEM)
                pd->rc = rc;
            else if (!rc)
                kind = TC_PAGE_OCR;
            if (kind == TC_PAGE_OCR) {
                double w, h;
                poppler_page_get_size(page, &w, &h);
                if (tc_reader_page_begin(out, kind) ||
                    layout_emit(pd, pd->scratch.data ? pd->scratch.data : "", i == 0, h))
                    if (!pd->rc)
                        pd->rc = TC_ENOMEM;
            }
            ocr_done++;
            if (opts->progress)
                opts->progress(opts->ctx, ocr_done, to_ocr);
        }
        if (foreign && kind == TC_PAGE_TEXT) /* kept as it is: not re-read */
            out->foreign_ocr_pages++;
        if (kind != TC_PAGE_OCR && !pd->rc) {
            /* A font without a character map gives glyph numbers: read
             * them back, one character for one (the boxes stay aligned). */
            size_t tlen = strlen(t), nfixed = 0;
            if (tc_glyphs_suspect(t, tlen) >= TC_GLYPHS_MIN) {
                tc_buf_reset(&pd->fixed);
                if (tc_glyphs_repair(t, tlen, &pd->fixed, &nfixed)) {
                    pd->rc = TC_ENOMEM;
                    nfixed = 0;
                } else {
                    t = tc_buf_cstr(&pd->fixed);
                }
                pd->fixed_words += nfixed;
            }
            size_t page_at = out->buf.len;
            if (!pd->rc && (tc_reader_page_begin(out, kind) || emit_layout(pd, page, t, i == 0)))
                if (!pd->rc)
                    pd->rc = TC_ENOMEM;
            /* Poppler's text glues blocks that layout puts apart
             * ("7+ѬѪ1*ĈӝF" is THƯƠNG beside Độc): words are judged again
             * on the lines as laid out. */
            if (t == pd->fixed.data && !pd->rc)
                repair_laid_out(pd, page_at);
        }
        putch(pd, '\f');
        g_free(text);
        g_object_unref(page);
    }
    return pd->rc;
}

static tc_rc pdf_read_doc(const char *data, size_t n, const tc_reader_opts *opts,
                          tc_reader_out *out)
{
    if (!tc_sniff_pdf(data, n))
        return tc_reader_fail(out, TC_EFORMAT, "not a PDF (no %%PDF- header)");
    if (!has_eof(data, n))
        return tc_reader_fail(out, TC_EFORMAT, "truncated PDF (no %%%%EOF at the end)");
    /* The bytes outlive the document: no copy. */
    GBytes *bytes = g_bytes_new_static(data, n);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    g_bytes_unref(bytes);
    if (!doc) {
        tc_rc rc = TC_EFORMAT;
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            rc = tc_reader_fail(out, TC_EPASSWORD, "encrypted PDF: needs a password to open");
        else
            rc = tc_reader_fail(out, TC_EFORMAT, "damaged PDF: %s",
                                err ? err->message : "poppler cannot open it");
        if (err)
            g_error_free(err);
        return rc;
    }
    if (!xref_ok(data, n))
        tc_reader_notice(opts, -1,
                         "damaged PDF: its cross-reference table is broken and was rebuilt; "
                         "some text may be missing");
    int npages = poppler_document_get_n_pages(doc);
    tc_rc rc = TC_OK;
    if (npages <= 0)
        rc = tc_reader_fail(out, TC_EFORMAT, "damaged PDF: no pages");
    else if (npages > PDF_MAX_PAGES)
        rc =
            tc_reader_fail(out, TC_ETOOBIG, "PDF of %d pages, more than %d", npages, PDF_MAX_PAGES);
    pdf_read pd = {.opts = opts, .out = out};
    tc_buf_init(&pd.fixed, 0);
    if (!rc) {
        rc = read_pages(&pd, doc, npages);
        if (rc == TC_ETOOBIG)
            tc_reader_fail(out, rc, "text longer than the cap of %zu bytes (%zu of %d pages read)",
                           out->buf.cap, out->npages ? out->npages - 1 : 0, npages);
        else if (rc)
            tc_reader_fail(out, rc, "out of memory");
    }
    tc_ocr_close(pd.ocr);
    tc_buf_free(&pd.scratch);
    tc_buf_free(&pd.fixed);
    if (!rc && pd.fixed_words)
        tc_reader_notice(opts, -1,
                         "text in a font without a character map (glyph numbers): "
                         "%zu words read back as letters",
                         pd.fixed_words);
    free(pd.g);
    free(pd.r);
    free(pd.order);
    free(pd.gaps);
    free(pd.rows);
    g_object_unref(doc);
    if (!rc)
        tc_reader_out_take_buf(out);
    return rc;
}

const tc_reader tc_reader_pdf = {"pdf", tc_exts_pdf, tc_sniff_pdf, pdf_read_doc};
