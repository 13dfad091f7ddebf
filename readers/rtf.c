/* rtf.c: Rich Text Format, read by a small reader of our own.
 *
 * Why not unrtf (Debian's maintained converter, 0.21.10): it decodes \'hh
 * bytes through its own per-charset tables, with none for code page 1258:
 * "Số ... Việt Nam" written by Word with \ansicpg1258 and \fcharset163
 * came out as "S\321 ... Vi\307t Nam" with control bytes in it, and its
 * text output gave the ASCII fallback of \uN ("S?: Vi?t Nam").  It would
 * also be one more program to run and whose output to parse back.  The
 * text of an RTF file needs little: groups, control words, the font
 * table's code pages, \uN, and a handful of destinations to skip; glibc's
 * iconv decodes every Windows code page (CP1258 included).
 *
 * What it reads
 *   - Groups hold the character state (font, hence code page; \ucN; the
 *     destination); they are kept on a heap stack of RTF_MAX_DEPTH levels,
 *     deeper groups share the deepest state (a notice says so), so hostile
 *     nesting costs neither the C stack nor memory.  The reader is a loop:
 *     no recursion anywhere.
 *   - \'hh and bytes >= 0x80 decode in the code page of the current font
 *     (\fcharsetN or \cpgN of the font table, else \ansicpgN of the
 *     document, else 1252); \uN gives the character and skips the next
 *     \ucN characters (its fallback); surrogate pairs are joined.
 *   - Skipped: \* destinations, font/colour/style tables, info, pictures
 *     (\bin data too), objects but their \result, field instructions but
 *     not their result, comments (annotations), list tables.
 *   - Headers, footers and footnotes are written after the body, separated
 *     from it by a blank line, in the order they come: they belong to the
 *     document but must not come between its opening lines (the header
 *     analyzer reads those).
 *   - \par and \sect end a line, \line breaks it, \tab is a tab.  A table
 *     row (\intbl paragraphs, \cell, \row) is one line of tab-separated
 *     cells; paragraphs and line breaks inside a cell become '\v', which
 *     the header analyzer reads as a line break and the others as a space.
 *   - Text past opts->max_text: TC_ETOOBIG.
 *
 * Legacy fonts: text typed in a TCVN3 or VNI font (.VnTime, VNI-Times) is
 * stored as the Windows-1252 bytes of the legacy encoding.  It is decoded
 * here as the font's code page says (so it reads as accented Latin-1
 * garbage) and a notice names the font.  readers/legacy.h plugs in at
 * emit_byte()/flush_bytes(): keep tc_legacy_font(name) per font in
 * rtf_font, let the pending bytes carry it like pend_cp, and decode them
 * with tc_legacy_decode() instead of iconv (tc_legacy_decode_font_text()
 * for the \uN form of the same bytes). */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"

#define RTF_MAX_DEPTH 1024
#define RTF_MAX_FONTS 4096
#define RTF_PENDING 256 /* code-page bytes decoded at once */

enum { DEST_BODY, DEST_NOTE, DEST_FONTTBL };
enum { SKIP_NO, SKIP_ALL, SKIP_TO_RESULT }; /* SKIP_TO_RESULT: \result or \ud reads again */

typedef struct rtf_state {
    int dest;   /* DEST_* */
    int skip;   /* SKIP_* */
    int font;   /* \fN of the current font, -1 none (the default font) */
    int uc;     /* \ucN: fallback characters after \uN */
    int intbl;  /* paragraph is in a table */
    int deffnt; /* in the font table: \fN of the font being defined, -1 none */
} rtf_state;

typedef struct rtf_font {
    int defined;   /* the font table defines \fN */
    int cp;        /* code page, 0 = the document's */
    char name[48]; /* for notices */
} rtf_font;

typedef struct rtf {
    const tc_reader_opts *opts;
    tc_buf *out;     /* body text */
    tc_buf notes;    /* headers, footers, footnotes */
    rtf_state *st;   /* the group stack */
    int depth;       /* groups on the stack (st[depth] is current) */
    size_t flat;     /* groups opened past RTF_MAX_DEPTH and not closed */
    rtf_font *fonts; /* font table, indexed by \fN (RTF_MAX_FONTS), NULL until one */
    int deff;        /* \deffN */
    int ansicpg;     /* \ansicpgN */
    int star;        /* \* seen: the next destination word is ignorable */
    int skipchars;   /* fallback characters still to skip after \uN */
    unsigned hi;     /* pending high surrogate, 0 none */
    unsigned char pend[RTF_PENDING]; /* code-page bytes not yet decoded */
    size_t npend;                    /* their count */
    int pend_cp;                     /* their code page */
    iconv_t cd;                      /* decoder for cd_cp, or (iconv_t)-1 */
    int cd_cp;                       /* its code page */
    int used_1258;                   /* text was decoded from Windows-1258 */
    int told_legacy;                 /* the legacy-font notice was given */
    int told_deep;                   /* the nesting notice was given */
    /* table state of the body */
    int row_open;     /* a row has started */
    size_t row_start; /* body length when it started */
    int row_text;     /* it has text */
    int cell_text;    /* the open cell has text */
    int cell_break;   /* a paragraph ended in the open cell: '\v' before more text */
    tc_rc rc;         /* sticky error */
} rtf;

/* ---- output ------------------------------------------------------------------------- */

static void put(rtf *r, tc_buf *b, const char *s, size_t n)
{
    if (r->rc)
        return;
    if (b->len + n > b->cap)
        r->rc = TC_ETOOBIG;
    else if (tc_buf_append(b, s, n))
        r->rc = TC_ENOMEM;
}

static rtf_state *cur(rtf *r)
{
    return &r->st[r->depth];
}

static int last_char(const tc_buf *b)
{
    return b->len ? (unsigned char)b->data[b->len - 1] : '\n';
}

/* Closes the open table row of the body: one line, or nothing when every
 * cell was empty. */
static void end_row(rtf *r)
{
    if (!r->row_open)
        return;
    tc_buf *b = r->out;
    if (!r->row_text) {
        b->len = r->row_start;
        if (b->data)
            b->data[b->len] = 0;
    } else {
        if (b->len > r->row_start && b->data[b->len - 1] == '\t')
            b->len--; /* the last \cell's separator */
        put(r, b, "\n", 1);
    }
    r->row_open = r->row_text = r->cell_text = r->cell_break = 0;
}

/* Appends UTF-8 text of the current destination. */
static void emit(rtf *r, const char *s, size_t n)
{
    rtf_state *st = cur(r);
    if (st->skip || st->dest == DEST_FONTTBL || n == 0)
        return;
    if (st->dest == DEST_NOTE) {
        put(r, &r->notes, s, n);
        return;
    }
    if (st->intbl) {
        if (!r->row_open) {
            r->row_open = 1;
            r->row_start = r->out->len;
        }
        if (r->cell_break && r->cell_text)
            put(r, r->out, "\v", 1);
        r->cell_break = 0;
        /* a cell keeps its row on one line */
        for (size_t i = 0; i < n; i++) {
            char c = s[i] == '\n' ? '\v' : s[i] == '\t' ? ' ' : s[i];
            put(r, r->out, &c, 1);
        }
        r->row_text = r->cell_text = 1;
    } else {
        end_row(r);
        put(r, r->out, s, n);
    }
}

static void emit_cp(rtf *r, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x20 && cp != '\t' && cp != '\n')
        return;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    emit(r, u, n);
}

static const rtf_font *font_of(const rtf *r, int num)
{
    return r->fonts && num >= 0 && num < RTF_MAX_FONTS && r->fonts[num].defined ? &r->fonts[num]
                                                                                : NULL;
}

/* The code page text is in now: the current font's (the default font's
 * when none was chosen), else the document's. */
static int cur_cp(rtf *r)
{
    int f = cur(r)->font;
    const rtf_font *ft = font_of(r, f >= 0 ? f : r->deff);
    int cp = ft && ft->cp ? ft->cp : r->ansicpg;
    return cp ? cp : 1252;
}

/* iconv's name for a Windows code page. */
static const char *cp_name(int cp, char *buf, size_t cap)
{
    switch (cp) {
    case 10000:
        return "MACINTOSH";
    case 936:
        return "GBK";
    case 950:
        return "BIG5";
    default:
        snprintf(buf, cap, "CP%d", cp);
        return buf;
    }
}

/* Decodes the pending code-page bytes into the text. */
static void flush_bytes(rtf *r)
{
    if (!r->npend)
        return;
    int cp = r->pend_cp;
    if (r->cd == (iconv_t)-1 || r->cd_cp != cp) {
        if (r->cd != (iconv_t)-1)
            iconv_close(r->cd);
        char nb[16];
        r->cd = iconv_open("UTF-8", cp_name(cp, nb, sizeof nb));
        if (r->cd == (iconv_t)-1) /* a code page iconv does not know */
            r->cd = iconv_open("UTF-8", "CP1252");
        r->cd_cp = cp;
    }
    if (cp == 1258)
        r->used_1258 = 1;
    char obuf[RTF_PENDING * 4 + 16];
    char *in = (char *)r->pend, *o = obuf;
    size_t inleft = r->npend, oleft = sizeof obuf;
    if (r->cd == (iconv_t)-1) { /* no iconv at all: keep ASCII */
        for (size_t i = 0; i < r->npend; i++)
            emit_cp(r, r->pend[i] < 0x80 ? r->pend[i] : 0xFFFD);
        r->npend = 0;
        return;
    }
    while (inleft) {
        if (iconv(r->cd, &in, &inleft, &o, &oleft) != (size_t)-1)
            break;
        if (errno == E2BIG)
            break; /* cannot happen: 4 bytes out per byte in is enough */
        /* a byte the code page does not map: U+FFFD, and go on */
        in++;
        inleft--;
        if (oleft >= 3) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            oleft -= 3;
        }
        iconv(r->cd, NULL, NULL, NULL, NULL);
    }
    /* CP1258 holds back a base letter for a tone mark that may follow */
    iconv(r->cd, NULL, NULL, &o, &oleft);
    r->npend = 0;
    emit(r, obuf, (size_t)(o - obuf));
}

/* One byte of text in the current code page. */
static void emit_byte(rtf *r, unsigned char c)
{
    rtf_state *st = cur(r);
    if (st->skip)
        return;
    if (st->dest == DEST_FONTTBL) {
        if (st->deffnt >= 0) {
            rtf_font *f = &r->fonts[st->deffnt];
            size_t l = strlen(f->name);
            if (c == ';')
                st->deffnt = -1;
            else if (l + 1 < sizeof f->name && (c != ' ' || l))
                f->name[l] = (char)c, f->name[l + 1] = 0;
        }
        return;
    }
    int cp = cur_cp(r);
    /* CP1258 writes a tone mark after its base letter, which may be ASCII:
     * both go through iconv together, which composes them */
    if (c < 0x80 && cp != 1258) {
        flush_bytes(r);
        if (c >= 0x20 || c == '\t') {
            char ch = (char)c;
            emit(r, &ch, 1);
        }
        return;
    }
    if (c < 0x20 && c != '\t')
        return;
    if (r->npend && (r->pend_cp != cp || r->npend == RTF_PENDING))
        flush_bytes(r);
    r->pend_cp = cp;
    r->pend[r->npend++] = c;
}

/* ---- fonts -------------------------------------------------------------------------- */

/* Defines font num; returns num, or -1 when it is out of range. */
static int font_define(rtf *r, int num)
{
    if (num < 0 || num >= RTF_MAX_FONTS)
        return -1;
    if (!r->fonts) {
        r->fonts = calloc(RTF_MAX_FONTS, sizeof *r->fonts);
        if (!r->fonts) {
            r->rc = TC_ENOMEM;
            return -1;
        }
    }
    rtf_font *f = &r->fonts[num];
    f->defined = 1;
    f->cp = 0;
    f->name[0] = 0;
    return num;
}

/* Windows code page of a \fcharset; 0 = the document's. */
static int charset_cp(int cs)
{
    static const int map[][2] = {{0, 0},      {1, 0},      {2, 1252},   {77, 10000}, {128, 932},
                                 {129, 949},  {134, 936},  {136, 950},  {161, 1253}, {162, 1254},
                                 {163, 1258}, {177, 1255}, {178, 1256}, {186, 1257}, {204, 1251},
                                 {222, 874},  {238, 1250}, {255, 437}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i][0] == cs)
            return map[i][1];
    return 0;
}

/* A font whose name says it holds TCVN3 or VNI bytes. */
static int legacy_font_name(const char *name)
{
    return strncasecmp(name, ".Vn", 3) == 0 || strncasecmp(name, "VNI-", 4) == 0 ||
           strncasecmp(name, "VNI ", 4) == 0;
}

static void select_font(rtf *r, int num)
{
    const rtf_font *f = font_of(r, num);
    cur(r)->font = f ? num : -1;
    if (f && !r->told_legacy && legacy_font_name(f->name)) {
        r->told_legacy = 1;
        tc_reader_notice(r->opts, -1,
                         "RTF uses the legacy Vietnamese font %s: its text is not converted",
                         f->name);
    }
}

/* ---- control words ------------------------------------------------------------------ */

/* Destinations whose text is not the document's. */
static const char *const skipped[] = {"fonttbl",
                                      "colortbl",
                                      "stylesheet",
                                      "info",
                                      "pict",
                                      "listtable",
                                      "listoverridetable",
                                      "revtbl",
                                      "rsidtbl",
                                      "filetbl",
                                      "xmlnstbl",
                                      "themedata",
                                      "colorschememapping",
                                      "datastore",
                                      "latentstyles",
                                      "datafield",
                                      "fldinst",
                                      "nonshppict",
                                      "annotation",
                                      "atnid",
                                      "atnauthor",
                                      "xe",
                                      "tc",
                                      "txe",
                                      "pntxta",
                                      "pntxtb",
                                      "template",
                                      "private",
                                      "bkmkstart",
                                      "bkmkend",
                                      "falt",
                                      "panose",
                                      "generator",
                                      "userprops",
                                      "mmathPr",
                                      "docvar",
                                      "pgdsctbl",
                                      "shpinst",
                                      "sp",
                                      "sn",
                                      "sv",
                                      "fchars",
                                      "lchars",
                                      "objdata",
                                      "objclass",
                                      "objname",
                                      NULL};
static const char *const notes[] = {"header",  "headerl", "headerr", "headerf",  "footer",
                                    "footerl", "footerr", "footerf", "footnote", NULL};

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* A control word w with its parameter (has_p: one was written). */
static void control(rtf *r, const char *w, long p, int has_p, const char **pp, const char *end)
{
    rtf_state *st = cur(r);
    int star = r->star;
    r->star = 0;
    if (strcmp(w, "bin") == 0) { /* binary data: never text */
        size_t skip = has_p && p > 0 ? (size_t)p : 0;
        size_t left = (size_t)(end - *pp);
        *pp += skip < left ? skip : left;
        return;
    }
    if (st->dest == DEST_FONTTBL) {
        if (strcmp(w, "f") == 0)
            st->deffnt = font_define(r, (int)p);
        else if (strcmp(w, "fcharset") == 0 && st->deffnt >= 0)
            r->fonts[st->deffnt].cp = charset_cp((int)p);
        else if (strcmp(w, "cpg") == 0 && st->deffnt >= 0 && p > 0 && p < 100000)
            r->fonts[st->deffnt].cp = (int)p;
        else if (star || in_list(w, skipped))
            st->skip = SKIP_ALL;
        return;
    }
    if (strcmp(w, "result") == 0 || strcmp(w, "ud") == 0) {
        if (st->skip == SKIP_TO_RESULT)
            st->skip = SKIP_NO;
        return;
    }
    if (st->skip == SKIP_ALL)
        return;
    if (strcmp(w, "fonttbl") == 0) {
        st->dest = DEST_FONTTBL;
        st->deffnt = -1;
        return;
    }
    if (strcmp(w, "object") == 0 || strcmp(w, "upr") == 0) {
        st->skip = SKIP_TO_RESULT;
        return;
    }
    if (st->skip)
        return;
    if (star || in_list(w, skipped)) {
        st->skip = SKIP_ALL;
        return;
    }
    if (in_list(w, notes)) {
        if (st->dest != DEST_NOTE && last_char(&r->notes) != '\n')
            put(r, &r->notes, "\n", 1);
        st->dest = DEST_NOTE;
        st->intbl = 0;
        return;
    }
    /* document and character properties */
    if (strcmp(w, "ansicpg") == 0) {
        if (p > 0 && p < 100000)
            r->ansicpg = (int)p;
    } else if (strcmp(w, "mac") == 0) {
        r->ansicpg = 10000;
    } else if (strcmp(w, "pc") == 0) {
        r->ansicpg = 437;
    } else if (strcmp(w, "pca") == 0) {
        r->ansicpg = 850;
    } else if (strcmp(w, "deff") == 0) {
        r->deff = (int)p;
    } else if (strcmp(w, "f") == 0) {
        select_font(r, (int)p);
    } else if (strcmp(w, "plain") == 0) {
        select_font(r, r->deff);
    } else if (strcmp(w, "uc") == 0) {
        st->uc = p < 0 ? 0 : p > 16 ? 16 : (int)p;
    } else if (strcmp(w, "u") == 0) {
        unsigned cp = (unsigned)(p < 0 ? p + 65536 : p) & 0xFFFFF;
        flush_bytes(r);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            r->hi = cp;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF && r->hi) {
            emit_cp(r, 0x10000 + ((r->hi - 0xD800) << 10) + (cp - 0xDC00));
            r->hi = 0;
        } else {
            if (r->hi)
                emit_cp(r, 0xFFFD);
            r->hi = 0;
            if (cp)
                emit_cp(r, cp);
        }
        r->skipchars = st->uc;
    } else if (strcmp(w, "pard") == 0) {
        st->intbl = 0;
    } else if (strcmp(w, "intbl") == 0) {
        st->intbl = 1;
    } else if (strcmp(w, "itap") == 0) {
        st->intbl = p > 0;
    } else if (strcmp(w, "par") == 0 || strcmp(w, "sect") == 0 || strcmp(w, "page") == 0) {
        if (st->dest == DEST_BODY && st->intbl) {
            r->cell_break = 1;
        } else if (strcmp(w, "par") == 0 ||
                   last_char(st->dest == DEST_NOTE ? &r->notes : r->out) != '\n') {
            if (st->dest == DEST_BODY)
                end_row(r);
            emit(r, "\n", 1);
        }
    } else if (strcmp(w, "line") == 0) {
        if (st->dest == DEST_BODY && st->intbl)
            r->cell_break = 1;
        else
            emit(r, "\n", 1);
    } else if (strcmp(w, "tab") == 0) {
        emit(r, "\t", 1);
    } else if (strcmp(w, "cell") == 0) {
        if (st->dest == DEST_BODY) {
            if (!r->row_open) {
                r->row_open = 1;
                r->row_start = r->out->len;
            }
            put(r, r->out, "\t", 1);
            r->cell_text = r->cell_break = 0;
        } else {
            emit(r, "\t", 1);
        }
    } else if (strcmp(w, "row") == 0) {
        if (st->dest == DEST_BODY)
            end_row(r);
        else
            emit(r, "\n", 1);
    } else if (strcmp(w, "nestcell") == 0) {
        emit(r, " ", 1);
    } else if (strcmp(w, "nestrow") == 0) {
        if (st->dest == DEST_BODY && st->intbl)
            r->cell_break = 1;
        else
            emit(r, "\n", 1);
    } else if (strcmp(w, "emdash") == 0) {
        emit(r, "\xE2\x80\x94", 3);
    } else if (strcmp(w, "endash") == 0) {
        emit(r, "\xE2\x80\x93", 3);
    } else if (strcmp(w, "bullet") == 0) {
        emit(r, "\xE2\x80\xA2", 3);
    } else if (strcmp(w, "lquote") == 0) {
        emit(r, "\xE2\x80\x98", 3);
    } else if (strcmp(w, "rquote") == 0) {
        emit(r, "\xE2\x80\x99", 3);
    } else if (strcmp(w, "ldblquote") == 0) {
        emit(r, "\xE2\x80\x9C", 3);
    } else if (strcmp(w, "rdblquote") == 0) {
        emit(r, "\xE2\x80\x9D", 3);
    } else if (strcmp(w, "emspace") == 0 || strcmp(w, "enspace") == 0 ||
               strcmp(w, "qmspace") == 0) {
        emit(r, " ", 1);
    }
}

/* ---- the parser --------------------------------------------------------------------- */

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void push(rtf *r)
{
    flush_bytes(r);
    r->skipchars = 0;
    r->star = 0;
    if (r->depth + 1 >= RTF_MAX_DEPTH || r->flat) {
        r->flat++;
        if (!r->told_deep) {
            r->told_deep = 1;
            tc_reader_notice(r->opts, -1, "RTF groups nested deeper than %d: read as one level",
                             RTF_MAX_DEPTH);
        }
        return;
    }
    r->st[r->depth + 1] = r->st[r->depth];
    r->depth++;
}

/* Returns 0 when the outermost group closed: the document ends there. */
static int pop(rtf *r)
{
    flush_bytes(r);
    r->skipchars = 0;
    r->star = 0;
    if (r->flat) {
        r->flat--;
        return 1;
    }
    if (r->depth == 0)
        return 0;
    int was_note = cur(r)->dest == DEST_NOTE && !cur(r)->skip;
    r->depth--;
    if (was_note && cur(r)->dest != DEST_NOTE && last_char(&r->notes) != '\n')
        put(r, &r->notes, "\n", 1);
    return r->depth > 0;
}

/* One fallback character of \uN is skipped: 1 when it was. */
static int skipped_fallback(rtf *r)
{
    if (r->skipchars <= 0)
        return 0;
    r->skipchars--;
    return 1;
}

static void parse(rtf *r, const char *data, size_t n)
{
    const char *p = data, *end = data + n;
    while (p < end && !r->rc) {
        unsigned char c = (unsigned char)*p++;
        if (c == '{') {
            push(r);
        } else if (c == '}') {
            if (!pop(r))
                return;
        } else if (c == '\r' || c == '\n' || c == 0) {
            continue; /* line ends of the RTF source are not text */
        } else if (c != '\\') {
            if (!skipped_fallback(r))
                emit_byte(r, c);
        } else if (p < end && is_alpha((unsigned char)*p)) {
            char w[33];
            size_t wl = 0;
            while (p < end && is_alpha((unsigned char)*p)) {
                if (wl < sizeof w - 1)
                    w[wl++] = *p;
                p++;
            }
            w[wl] = 0;
            long v = 0;
            int neg = 0, has_p = 0, digits = 0;
            if (p < end && *p == '-') {
                neg = 1;
                p++;
            }
            while (p < end && *p >= '0' && *p <= '9') {
                if (digits++ < 10)
                    v = v * 10 + (*p - '0');
                has_p = 1;
                p++;
            }
            if (p < end && *p == ' ')
                p++;
            flush_bytes(r);
            if (strcmp(w, "bin") != 0 && skipped_fallback(r))
                continue;
            control(r, w, neg ? -v : v, has_p, &p, end);
        } else if (p < end) {
            unsigned char s = (unsigned char)*p++;
            if (s == '\'') {
                int h = p < end ? hexval((unsigned char)*p) : -1;
                int l = p + 1 < end ? hexval((unsigned char)p[1]) : -1;
                if (h < 0 || l < 0) { /* cut short or not hex: drop it */
                    p += h >= 0;
                    continue;
                }
                p += 2;
                if (!skipped_fallback(r))
                    emit_byte(r, (unsigned char)(h << 4 | l));
                continue;
            }
            if (s == '*') {
                r->star = 1;
                continue;
            }
            if (skipped_fallback(r))
                continue;
            if (s == '\\' || s == '{' || s == '}') {
                emit_byte(r, s);
            } else if (s == '~') {
                flush_bytes(r);
                emit_cp(r, 0xA0);
            } else if (s == '_') {
                emit_byte(r, '-');
            } else if (s == '\n' || s == '\r') {
                flush_bytes(r);
                control(r, "par", 0, 0, &p, end);
            } else if (s == '\t') {
                emit_byte(r, '\t');
            }
            /* \- (optional hyphen), \: and \| write nothing */
        }
    }
}

/* RTF starts with "{\rtf" (whitespace allowed before it). */
static int rtf_sniff(const char *data, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && i < 64 &&
           (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return n - i >= 5 && memcmp(data + i, "{\\rtf", 5) == 0;
}

static tc_rc rtf_read(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    if (!rtf_sniff(data, n))
        return tc_reader_fail(out, TC_EFORMAT, "not an RTF document");
    rtf *r = calloc(1, sizeof *r);
    rtf_state *st = r ? calloc(RTF_MAX_DEPTH, sizeof *st) : NULL;
    if (!st) {
        free(r);
        return tc_reader_fail(out, TC_ENOMEM, "out of memory");
    }
    r->opts = opts;
    r->out = &out->buf;
    r->st = st;
    r->cd = (iconv_t)-1;
    r->ansicpg = 1252;
    st[0] = (rtf_state){.dest = DEST_BODY, .font = -1, .uc = 1, .deffnt = -1};
    tc_buf_init(&r->notes, out->buf.cap);
    parse(r, data, n);
    flush_bytes(r);
    if (!r->rc)
        end_row(r);
    if (!r->rc && r->notes.len) {
        if (last_char(r->out) != '\n')
            put(r, r->out, "\n", 1);
        put(r, r->out, "\n", 1);
        put(r, r->out, r->notes.data, r->notes.len);
    }
    tc_rc rc = r->rc;
    int used_1258 = r->used_1258;
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    tc_buf_free(&r->notes);
    free(r->fonts);
    free(r->st);
    free(r);
    if (rc == TC_ETOOBIG)
        return tc_reader_fail(out, TC_ETOOBIG, "text longer than the cap (%zu bytes)",
                              out->buf.cap);
    if (rc)
        return tc_reader_fail(out, rc, "out of memory");
    out->encoding = used_1258 ? "Windows-1258" : NULL;
    tc_reader_out_take_buf(out);
    return TC_OK;
}

static const char *const rtf_exts[] = {"rtf", NULL};

const tc_reader tc_reader_rtf = {"rtf", rtf_exts, rtf_sniff, rtf_read};
