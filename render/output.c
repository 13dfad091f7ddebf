/* output.c: text, JSON lines, CSV and XLSX writers (see output.h). */
#include "output.h"

#include <dlfcn.h>
#include <errno.h>
#include <libintl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../include/tracuu.h"

/* ---- characters ------------------------------------------------------------ */

/* A character no display should receive as is: C1 controls and the bidi
 * overrides and isolates that reorder what follows them. */
static int hidden_control(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static tc_rc put_fffd(tc_buf *b)
{
    return tc_buf_puts(b, "\xEF\xBF\xBD");
}

tc_rc tc_term_safe(tc_buf *b, const char *s, size_t n)
{
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t k = tc_utf8_decode(s + i, n - i, &cp);
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n') {
            rc = tc_buf_putc(b, '^');
            if (!rc)
                rc = tc_buf_putc(b, (char)(c + 0x40));
        } else if (c == 0x7F) {
            rc = tc_buf_puts(b, "^?");
        } else if (cp == 0xFFFD || hidden_control(cp)) {
            rc = put_fffd(b);
        } else {
            rc = tc_buf_append(b, s + i, k);
        }
        i += k;
    }
    return rc;
}

/* The length of the escape sequence starting at s[0] == ESC: CSI (ESC [
 * parameters final byte 0x40-0x7E), OSC/DCS/APC/PM/SOS strings (ended by BEL
 * or ESC \), or ESC and one character. */
static size_t escape_len(const char *s, size_t n)
{
    if (n < 2)
        return n;
    unsigned char k = (unsigned char)s[1];
    if (k == '[') {
        size_t i = 2;
        while (i < n && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E))
            i++;
        return i < n ? i + 1 : n;
    }
    if (k == ']' || k == 'P' || k == '_' || k == '^' || k == 'X') {
        for (size_t i = 2; i < n; i++) {
            if (s[i] == '\a')
                return i + 1;
            if (s[i] == '\033' && i + 1 < n && s[i + 1] == '\\')
                return i + 2;
        }
        return n;
    }
    return 2;
}

tc_rc tc_clean_data(tc_buf *b, const char *s, size_t n)
{
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < n && !rc;) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1B) {
            i += escape_len(s + i, n - i);
            continue;
        }
        uint32_t cp;
        size_t k = tc_utf8_decode(s + i, n - i, &cp);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F || cp == 0xFFFD ||
            hidden_control(cp))
            rc = put_fffd(b);
        else
            rc = tc_buf_append(b, s + i, k);
        i += k;
    }
    return rc;
}

tc_rc tc_json_safe(tc_buf *b, const char *s, size_t n)
{
    tc_rc rc = tc_buf_putc(b, '"');
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t k = tc_utf8_decode(s + i, n - i, &cp);
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            rc = tc_buf_putc(b, '\\');
            if (!rc)
                rc = tc_buf_putc(b, (char)c);
        } else if (c == '\n') {
            rc = tc_buf_puts(b, "\\n");
        } else if (c == '\t') {
            rc = tc_buf_puts(b, "\\t");
        } else if (c == '\r') {
            rc = tc_buf_puts(b, "\\r");
        } else if (c < 0x20 || c == 0x7F || hidden_control(cp)) {
            rc = tc_buf_printf(b, "\\u%04x", (unsigned)(c < 0x80 ? c : cp));
        } else if (cp == 0xFFFD) {
            rc = put_fffd(b);
        } else {
            rc = tc_buf_append(b, s + i, k);
        }
        i += k;
    }
    if (!rc)
        rc = tc_buf_putc(b, '"');
    return rc;
}

/* East Asian Wide and Fullwidth ranges (Unicode 15, the blocks that
 * matter in documents: CJK, Hangul, fullwidth forms, emoji). */
static int wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static int zero_width(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

static size_t char_width(const char *s, size_t n, size_t *len)
{
    uint32_t cp;
    *len = tc_utf8_decode(s, n, &cp);
    unsigned char c = (unsigned char)s[0];
    if (c == 0xFF && n > 1 && s[1] >= 1 && s[1] <= 3) { /* a style marker */
        *len = 2;
        return 0;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F)
        return 2;
    if (zero_width(cp))
        return 0;
    return wide(cp) ? 2 : 1;
}

size_t tc_display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t k;
        w += char_width(s + i, n - i, &k);
        i += k;
    }
    return w;
}

size_t tc_display_prefix(const char *s, size_t n, size_t width)
{
    size_t w = 0, i = 0;
    while (i < n) {
        size_t k, cw = char_width(s + i, n - i, &k);
        if (cw && w + cw > width)
            break;
        w += cw;
        i += k;
    }
    return i;
}

/* ---- the text filter ---------------------------------------------------------- */

/* The text filter's state, apart from the tc_out so that a tc_out may be
 * copied: the real file, whether styles are wanted, and a character split
 * across two writes. */
typedef struct text_filter {
    FILE *sink;             /* the real file */
    int tty;                /* styles wanted */
    unsigned char carry[4]; /* an incomplete UTF-8 sequence */
    size_t ncarry;          /* its length */
} text_filter;

/* Writes what renderers print to the real file, made terminal-safe. */
static ssize_t filter_write(void *cookie, const char *data, size_t size)
{
    text_filter *o = cookie;
    tc_buf in, b;
    tc_buf_init(&in, 0);
    tc_buf_init(&b, 0);
    tc_rc rc = tc_buf_append(&in, (const char *)o->carry, o->ncarry);
    if (!rc)
        rc = tc_buf_append(&in, data, size);
    o->ncarry = 0;
    const char *buf = in.data;
    size_t n = in.len, i = 0;
    while (i < n && !rc) {
        unsigned char c = (unsigned char)buf[i];
        size_t need = c == 0xFF                ? 2
                      : c >= 0xF0 && c <= 0xF4 ? 4
                      : c >= 0xE0 && c < 0xF0  ? 3
                      : c >= 0xC2 && c < 0xE0  ? 2
                                               : 1;
        if (i + need > n) {
            /* Perhaps cut by the stream's buffer: wait for the rest. */
            o->ncarry = n - i;
            memcpy(o->carry, buf + i, o->ncarry);
            break;
        }
        if (c == 0xFF) {
            unsigned char m = (unsigned char)buf[i + 1];
            if (m >= 1 && m <= 3) {
                if (o->tty)
                    rc = tc_buf_puts(&b, m == 1 ? "\033[1m" : m == 2 ? "\033[2m" : "\033[0m");
                i += 2;
            } else {
                rc = put_fffd(&b);
                i++;
            }
            continue;
        }
        /* The longest run of bytes that need no care goes in one piece. */
        size_t j = i;
        while (j < n) {
            unsigned char d = (unsigned char)buf[j];
            if ((d < 0x20 && d != '\t' && d != '\n') || d >= 0x7F)
                break;
            j++;
        }
        if (j > i) {
            rc = tc_buf_append(&b, buf + i, j - i);
            i = j;
            continue;
        }
        uint32_t cp;
        size_t k = tc_utf8_decode(buf + i, n - i, &cp);
        rc = tc_term_safe(&b, buf + i, k);
        i += k;
    }
    size_t wrote = rc ? 0 : fwrite(b.data, 1, b.len, o->sink);
    int bad = rc || wrote != b.len;
    tc_buf_free(&b);
    tc_buf_free(&in);
    if (bad) {
        errno = EIO;
        return -1;
    }
    return (ssize_t)size;
}

static int filter_close(void *cookie)
{
    text_filter *o = cookie;
    /* A character cut at the end of the output was invalid. */
    int bad = o->ncarry && fputs("\xEF\xBF\xBD", o->sink) == EOF;
    free(o);
    return bad ? -1 : 0;
}

/* ---- XLSX ------------------------------------------------------------------- */

#define XLSX_MAX_COLS 64
#define XLSX_MAX_STR 32000 /* bytes; Excel's cell limit is 32767 characters */
#define XLSX_MAX_LINKS 65000

/* libxlsxwriter is opened on the first XLSX output, not linked: with the
 * libcrypto and minizip it pulls in, it added some 22,000 relocations to
 * the start of every command (bench/BASELINE.md, "Quick start").  The table
 * is filled once per process (pthread_once) and read-only afterwards. */
#ifndef TC_XLSX_SONAME
#define TC_XLSX_SONAME "libxlsxwriter.so.4"
#endif

typedef struct xlsx_api { /* the functions used, typed from xlsxwriter.h */
    __typeof__(workbook_new) *workbook_new;
    __typeof__(workbook_add_worksheet) *workbook_add_worksheet;
    __typeof__(workbook_get_worksheet_by_name) *workbook_get_worksheet_by_name;
    __typeof__(workbook_add_format) *workbook_add_format;
    __typeof__(workbook_close) *workbook_close;
    __typeof__(format_set_bold) *format_set_bold;
    __typeof__(format_set_num_format) *format_set_num_format;
    __typeof__(format_set_underline) *format_set_underline;
    __typeof__(format_set_font_color) *format_set_font_color;
    __typeof__(worksheet_set_column) *worksheet_set_column;
    __typeof__(worksheet_write_string) *worksheet_write_string;
    __typeof__(worksheet_write_number) *worksheet_write_number;
    __typeof__(worksheet_write_datetime) *worksheet_write_datetime;
    __typeof__(worksheet_write_url_opt) *worksheet_write_url_opt;
    __typeof__(worksheet_freeze_panes) *worksheet_freeze_panes;
} xlsx_api;

typedef struct xlsx_lib {
    xlsx_api api; /* valid when ok */
    int ok;       /* 1 when every function was found */
} xlsx_lib;

static pthread_once_t xlsx_once = PTHREAD_ONCE_INIT;
static xlsx_lib xlsx_loaded;

#define XLSX_SYM(name) (*(void **)&a->name = dlsym(h, #name))

static void xlsx_load(void)
{
    xlsx_api *a = &xlsx_loaded.api;
    void *h = dlopen(TC_XLSX_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    xlsx_loaded.ok = XLSX_SYM(workbook_new) && XLSX_SYM(workbook_add_worksheet) &&
                     XLSX_SYM(workbook_get_worksheet_by_name) && XLSX_SYM(workbook_add_format) &&
                     XLSX_SYM(workbook_close) && XLSX_SYM(format_set_bold) &&
                     XLSX_SYM(format_set_num_format) && XLSX_SYM(format_set_underline) &&
                     XLSX_SYM(format_set_font_color) && XLSX_SYM(worksheet_set_column) &&
                     XLSX_SYM(worksheet_write_string) && XLSX_SYM(worksheet_write_number) &&
                     XLSX_SYM(worksheet_write_datetime) && XLSX_SYM(worksheet_write_url_opt) &&
                     XLSX_SYM(worksheet_freeze_panes);
}

/* The library's functions, or NULL when it cannot be opened. */
static const xlsx_api *xlsx_api_get(void)
{
    pthread_once(&xlsx_once, xlsx_load);
    return xlsx_loaded.ok ? &xlsx_loaded.api : NULL;
}

struct tc_xlsx {
    const xlsx_api *api;          /* libxlsxwriter */
    lxw_workbook *wb;             /* the workbook */
    lxw_worksheet *ws;            /* the sheet being written, or NULL before the first */
    lxw_format *bold;             /* header row */
    lxw_format *money;            /* #,##0 */
    lxw_format *pct;              /* 0.0% */
    lxw_format *day;              /* yyyy-mm-dd */
    lxw_format *month;            /* yyyy-mm */
    lxw_format *year;             /* yyyy */
    lxw_format *link;             /* hyperlink style */
    lxw_format *real;             /* 0.0### */
    uint32_t row;                 /* next row */
    uint16_t col;                 /* next column in the row */
    int sheets;                   /* sheets added */
    uint32_t links;               /* hyperlinks on this sheet */
    double widths[XLSX_MAX_COLS]; /* widest value per column, in characters */
    tc_buf scratch;               /* cleaned text */
};

/* Column widths fit the widest value, between 6 and 60 characters. */
static void xlsx_set_widths(tc_xlsx *x)
{
    if (!x->ws)
        return;
    for (int c = 0; c < XLSX_MAX_COLS; c++) {
        if (x->widths[c] <= 0)
            continue;
        double w = x->widths[c] + 2;
        x->api->worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
                                     w < 6    ? 6
                                     : w > 60 ? 60
                                              : w,
                                     NULL);
    }
    memset(x->widths, 0, sizeof x->widths);
}

static void xlsx_note_width(tc_xlsx *x, double w)
{
    if (x->col < XLSX_MAX_COLS && w > x->widths[x->col])
        x->widths[x->col] = w;
}

static void xlsx_check(tc_out *o, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        tc_out_fail(o, TC_EIO);
}

static void xlsx_sheet(tc_out *o, const char *name)
{
    tc_xlsx *x = o->x;
    xlsx_set_widths(x);
    /* For people the tab is named in their language ("kết quả"), like the
     * header row. */
    if (o->people && name && *name)
        name = dgettext("tracuu", name);
    /* Sheet names: at most 31 characters (Excel counts characters, and so
     * does libxlsxwriter), none of []:*?/\' nor a control; UTF-8 characters
     * are kept whole, invalid bytes dropped. */
    char clean[31 * 4 + 1];
    size_t k = 0, chars = 0, cut = 0; /* cut: bytes of the first 27 characters */
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    while (*p && chars < 31) {
        size_t len = *p < 0x80    ? 1
                     : *p >= 0xF8 ? 0
                     : *p >= 0xF0 ? 4
                     : *p >= 0xE0 ? 3
                     : *p >= 0xC0 ? 2
                                  : 0;
        for (size_t i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                len = 0;
        if (len == 0 || (len == 1 && (*p < 0x20 || *p == 0x7F || strchr("[]:*?/\\'", *p)))) {
            p++;
            continue;
        }
        memcpy(clean + k, p, len);
        k += len;
        p += len;
        if (++chars == 27)
            cut = k;
    }
    clean[k] = 0;
    if (chars < 27)
        cut = k;
    char unique[sizeof clean + 16];
    snprintf(unique, sizeof unique, "%s", k ? clean : "sheet");
    if (x->api->workbook_get_worksheet_by_name(x->wb, unique))
        snprintf(unique, sizeof unique, "%.*s %d", k ? (int)cut : 5, k ? clean : "sheet",
                 x->sheets + 1);
    x->ws = x->api->workbook_add_worksheet(x->wb, unique);
    if (!x->ws)
        tc_out_fail(o, TC_EIO);
    x->sheets++;
    x->row = 0;
    x->col = 0;
    x->links = 0;
}

static void xlsx_text(tc_out *o, const char *s, size_t n)
{
    tc_xlsx *x = o->x;
    if (!x->ws)
        xlsx_sheet(o, "results");
    if (!x->ws)
        return;
    tc_buf_reset(&x->scratch);
    tc_rc rc = tc_clean_data(&x->scratch, s, n);
    if (rc) {
        tc_out_fail(o, rc);
        return;
    }
    if (x->scratch.len > XLSX_MAX_STR) {
        size_t cut = XLSX_MAX_STR;
        while (cut && ((unsigned char)x->scratch.data[cut] & 0xC0) == 0x80)
            cut--;
        x->scratch.len = cut;
        if (tc_buf_puts(&x->scratch, "…"))
            x->scratch.data[x->scratch.len] = 0;
    }
    if (x->scratch.len) {
        xlsx_check(o, x->api->worksheet_write_string(x->ws, x->row, x->col,
                                                     tc_buf_cstr(&x->scratch), NULL));
        size_t w = tc_display_width(x->scratch.data, x->scratch.len);
        xlsx_note_width(x, (double)w);
    }
    x->col++;
}

static void xlsx_number(tc_out *o, double v, lxw_format *fmt, double width)
{
    tc_xlsx *x = o->x;
    if (!x->ws)
        xlsx_sheet(o, "results");
    if (!x->ws)
        return;
    if (isfinite(v))
        xlsx_check(o, x->api->worksheet_write_number(x->ws, x->row, x->col, v, fmt));
    xlsx_note_width(x, width);
    x->col++;
}

static tc_rc xlsx_open(tc_out *o)
{
    o->x = calloc(1, sizeof *o->x);
    if (!o->x)
        return TC_ENOMEM;
    tc_xlsx *x = o->x;
    tc_buf_init(&x->scratch, 1 << 20);
    x->api = xlsx_api_get();
    if (!x->api)
        return TC_EIO; /* libxlsxwriter not installed */
    x->wb = x->api->workbook_new(o->tmp_path);
    if (!x->wb)
        return TC_EIO;
    x->bold = x->api->workbook_add_format(x->wb);
    x->api->format_set_bold(x->bold);
    x->money = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->money, "#,##0");
    x->pct = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->pct, "0.0%");
    x->day = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->day, "yyyy-mm-dd");
    x->month = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->month, "yyyy-mm");
    x->year = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->year, "yyyy");
    x->link = x->api->workbook_add_format(x->wb);
    x->api->format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
    x->api->format_set_font_color(x->link, LXW_COLOR_BLUE);
    x->real = x->api->workbook_add_format(x->wb);
    x->api->format_set_num_format(x->real, "0.0###");
    return TC_OK;
}

static tc_rc xlsx_close(tc_out *o)
{
    tc_xlsx *x = o->x;
    tc_rc rc = TC_OK;
    if (x->wb) {
        if (!x->ws)
            xlsx_sheet(o, "results"); /* an empty workbook still opens */
        xlsx_set_widths(x);
        if (x->api->workbook_close(x->wb) != LXW_NO_ERROR)
            rc = TC_EIO;
    }
    tc_buf_free(&x->scratch);
    free(x);
    o->x = NULL;
    return rc;
}

/* ---- opening and closing ------------------------------------------------------- */

/* Columns of the terminal: $COLUMNS, else the terminal's own size, else 0
 * (a pipe or file: no limit). */
static size_t terminal_width(int tty)
{
    const char *env = getenv("COLUMNS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (!*end && v >= 20 && v <= 10000)
            return (size_t)v;
    }
    struct winsize ws;
    if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 0;
}

tc_rc tc_out_open(tc_out *o, const char *path, int format, int excel)
{
    memset(o, 0, sizeof *o);
    o->format = format;
    o->excel = excel;
    tc_buf_init(&o->line, 0);
    if (path && strcmp(path, "-") != 0) {
        size_t n = strlen(path) + 32;
        o->path = strdup(path);
        o->tmp_path = malloc(n);
        if (!o->path || !o->tmp_path)
            return TC_ENOMEM;
        snprintf(o->tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
        if (format == TC_FMT_XLSX)
            return xlsx_open(o);
        o->sink = fopen(o->tmp_path, "wb");
        if (!o->sink)
            return TC_EIO;
    } else {
        if (format == TC_FMT_XLSX)
            return TC_EINVAL; /* a workbook needs a file */
        o->sink = stdout;
        o->tty = isatty(fileno(stdout));
    }
    /* Styles: on a terminal unless NO_COLOR (no-color.org) is set and not
     * empty; TRACUU_COLOR=always|never (the CLI's --color) decides first. */
    const char *color = getenv("TRACUU_COLOR"), *no_color = getenv("NO_COLOR");
    if (color && strcmp(color, "always") == 0)
        o->tty = 1;
    else if ((color && strcmp(color, "never") == 0) || (no_color && *no_color))
        o->tty = 0;
    o->fp = o->sink;
    if (format == TC_FMT_TEXT) {
        o->width = terminal_width(o->tty);
        cookie_io_functions_t io = {NULL, filter_write, NULL, filter_close};
        text_filter *f = calloc(1, sizeof *f);
        if (f) {
            f->sink = o->sink;
            f->tty = o->tty;
        }
        o->fp = f ? fopencookie(f, "w", io) : NULL;
        if (!o->fp) {
            free(f);
            o->fp = o->sink;
            return TC_ENOMEM;
        }
    }
    if (format == TC_FMT_CSV && excel)
        fputs("\xEF\xBB\xBF", o->fp);
    return TC_OK;
}

tc_rc tc_out_close(tc_out *o, int ok)
{
    tc_rc rc = o->rc;
    ok = ok && !rc;
    if (o->x) {
        tc_rc xrc = xlsx_close(o);
        if (!rc)
            rc = xrc;
        if (ok && !rc) {
            if (rename(o->tmp_path, o->path) != 0)
                rc = TC_EIO;
        } else if (o->tmp_path) {
            unlink(o->tmp_path);
        }
    }
    if (o->fp && o->fp != o->sink) {
        if (fclose(o->fp) != 0)
            rc = TC_EIO;
        o->fp = o->sink;
    }
    if (o->sink && fflush(o->sink) != 0)
        rc = TC_EIO;
    if (o->sink && o->sink != stdout && !o->borrowed) {
        if (ferror(o->sink) || fclose(o->sink) != 0)
            rc = TC_EIO;
        if (ok && !rc) {
            if (rename(o->tmp_path, o->path) != 0)
                rc = TC_EIO;
        } else {
            unlink(o->tmp_path);
        }
    }
    free(o->path);
    free(o->tmp_path);
    tc_buf_free(&o->line);
    o->fp = NULL;
    o->sink = NULL;
    return rc;
}

/* ---- CSV ------------------------------------------------------------------------ */

/* Would a spreadsheet evaluate this cell?  See output.h for the rule. */
static int formula_like(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    char c = s[0];
    if (c == '=' || c == '@' || c == '\t' || c == '\r')
        return 1;
    if (c != '-' && c != '+')
        return 0;
    if (n == 1)
        return 0;
    /* A number such as -28% or -12,5 is data. */
    int numeric = 1;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',' || s[i] == '%'))
            numeric = 0;
    if (numeric)
        return c == '+'; /* "+1" would still be read as a formula by Excel */
    if (s[1] != ' ')
        return 1; /* "-x", "+A1", "-2+3" */
    /* "- text": a bullet, unless it could reach outside the sheet. */
    size_t i = 1;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && ((s[i] >= '0' && s[i] <= '9') || strchr("=+-@(\"'", s[i])))
        return 1;
    for (size_t k = i; k < n; k++) {
        if (s[k] == '|')
            return 1;
        if (s[k] == '(' && k > i) {
            unsigned char p = (unsigned char)s[k - 1];
            if ((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || (p >= '0' && p <= '9') ||
                p == '.' || p == '_' || p >= 0x80)
                return 1;
        }
    }
    return 0;
}

tc_rc tc_csv_field(tc_buf *b, const char *s, size_t n)
{
    tc_buf tmp;
    tc_buf_init(&tmp, b->cap);
    tc_rc rc = tc_clean_data(&tmp, s, n);
    int quote = 0, formula = !rc && formula_like(tmp.data, tmp.len);
    for (size_t i = 0; i < tmp.len; i++)
        if (tmp.data[i] == ',' || tmp.data[i] == '"' || tmp.data[i] == '\n' || tmp.data[i] == '\r')
            quote = 1;
    if (!rc && quote)
        rc = tc_buf_putc(b, '"');
    if (!rc && formula)
        rc = tc_buf_putc(b, '\'');
    for (size_t i = 0; i < tmp.len && !rc; i++) {
        if (tmp.data[i] == '"')
            rc = tc_buf_putc(b, '"');
        if (!rc)
            rc = tc_buf_putc(b, tmp.data[i]);
    }
    tc_buf_free(&tmp);
    if (!rc && quote)
        rc = tc_buf_putc(b, '"');
    return rc;
}

/* ---- records -------------------------------------------------------------------- */

/* Records the first failed append of the current output: a record that
 * could not be built in full is never written, and tc_out_close() fails. */
#define STICKY(o, expr)                                                                            \
    do {                                                                                           \
        if (!(o)->rc)                                                                              \
            (o)->rc = (expr);                                                                      \
    } while (0)

void tc_out_sheet(tc_out *o, const char *name)
{
    if (o->format == TC_FMT_XLSX && o->x)
        xlsx_sheet(o, name);
}

void tc_out_begin(tc_out *o)
{
    tc_buf_reset(&o->line);
    o->fields = 0;
    if (o->format == TC_FMT_XLSX && o->x)
        o->x->col = 0;
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_buf_putc(&o->line, '{'));
}

static void field_sep(tc_out *o, const char *key)
{
    if (o->format == TC_FMT_JSON) {
        if (o->fields)
            STICKY(o, tc_buf_putc(&o->line, ','));
        STICKY(o, tc_json_safe(&o->line, key, strlen(key)));
        STICKY(o, tc_buf_putc(&o->line, ':'));
    } else if (o->fields) {
        STICKY(o, tc_buf_putc(&o->line, ','));
    }
    o->fields++;
}

void tc_out_strn(tc_out *o, const char *key, const char *value, size_t n)
{
    if (o->format == TC_FMT_XLSX) {
        if (o->x)
            xlsx_text(o, value ? value : "", value ? n : 0);
        return;
    }
    field_sep(o, key);
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_json_safe(&o->line, value ? value : "", value ? n : 0));
    else
        STICKY(o, tc_csv_field(&o->line, value ? value : "", value ? n : 0));
}

void tc_out_str(tc_out *o, const char *key, const char *value)
{
    tc_out_strn(o, key, value, value ? strlen(value) : 0);
}

void tc_out_int(tc_out *o, const char *key, long long value)
{
    if (o->format == TC_FMT_XLSX) {
        char tmp[32];
        if (o->x)
            xlsx_number(o, (double)value, NULL, snprintf(tmp, sizeof tmp, "%lld", value));
        return;
    }
    field_sep(o, key);
    STICKY(o, tc_buf_printf(&o->line, "%lld", value));
}

void tc_out_num(tc_out *o, const char *key, double value)
{
    if (o->format == TC_FMT_XLSX) {
        if (o->x)
            xlsx_number(o, value, o->x->real, 8);
        return;
    }
    field_sep(o, key);
    STICKY(o, tc_buf_printf(&o->line, "%.4f", value));
}

void tc_out_money(tc_out *o, const char *key, double value)
{
    if (o->format == TC_FMT_XLSX) {
        if (o->x)
            xlsx_number(o, value, o->x->money, 4 + log10(fabs(value) + 1) * 4 / 3);
        return;
    }
    char tmp[64];
    tc_figure_format(value, tmp, sizeof tmp);
    if (o->format == TC_FMT_JSON) {
        field_sep(o, key);
        STICKY(o, tc_buf_puts(&o->line, tmp));
    } else {
        tc_out_str(o, key, tmp);
    }
}

void tc_out_pct(tc_out *o, const char *key, double value)
{
    if (o->format == TC_FMT_XLSX) {
        if (o->x)
            xlsx_number(o, value / 100.0, o->x->pct, 7);
        return;
    }
    char tmp[64];
    tc_figure_format(value, tmp, sizeof tmp);
    if (o->format == TC_FMT_JSON) {
        field_sep(o, key);
        STICKY(o, tc_buf_puts(&o->line, tmp));
    } else {
        tc_out_str(o, key, tmp);
    }
}

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; returns the precision (1, 2, 3)
 * or 0 when s is none of them. */
static int parse_iso(const char *s, lxw_datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || ((i == 4 || i == 7) && s[i] == '-')))
            return 0;
    if (n != 4 && n != 7 && n != 10)
        return 0;
    dt->year = atoi(s);
    dt->month = n >= 7 ? atoi(s + 5) : 1;
    dt->day = n == 10 ? atoi(s + 8) : 1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (dt->year < 1900 || dt->year > 9999 || dt->month < 1 || dt->month > 12 || dt->day < 1 ||
        dt->day > mdays[dt->month - 1])
        return 0;
    return n == 4 ? 1 : n == 7 ? 2 : 3;
}

void tc_out_date(tc_out *o, const char *key, const char *iso)
{
    if (o->format != TC_FMT_XLSX || !o->x) {
        tc_out_str(o, key, iso);
        return;
    }
    lxw_datetime dt;
    int prec = parse_iso(iso ? iso : "", &dt);
    if (!prec) {
        xlsx_text(o, iso ? iso : "", iso ? strlen(iso) : 0);
        return;
    }
    tc_xlsx *x = o->x;
    if (!x->ws)
        xlsx_sheet(o, "results");
    if (!x->ws)
        return;
    xlsx_check(o, x->api->worksheet_write_datetime(x->ws, x->row, x->col, &dt,
                                                   prec == 3   ? x->day
                                                   : prec == 2 ? x->month
                                                               : x->year));
    xlsx_note_width(x, 10);
    x->col++;
}

/* Appends path as a file:// URL, percent-encoding what is not unreserved. */
static tc_rc file_url(tc_buf *b, const char *path)
{
    tc_rc rc = tc_buf_puts(b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p && !rc; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            rc = tc_buf_putc(b, (char)*p);
        else
            rc = tc_buf_printf(b, "%%%02X", *p);
    }
    return rc;
}

void tc_out_path(tc_out *o, const char *key, const char *path)
{
    if (o->format != TC_FMT_XLSX || !o->x) {
        tc_out_str(o, key, path);
        return;
    }
    tc_xlsx *x = o->x;
    if (!path || path[0] != '/' || x->links >= XLSX_MAX_LINKS) {
        xlsx_text(o, path ? path : "", path ? strlen(path) : 0);
        return;
    }
    if (!x->ws)
        xlsx_sheet(o, "results");
    if (!x->ws)
        return;
    tc_buf url, shown;
    tc_buf_init(&url, 1 << 16);
    tc_buf_init(&shown, 1 << 16);
    tc_rc rc = file_url(&url, path);
    if (!rc)
        rc = tc_clean_data(&shown, path, strlen(path));
    if (rc || url.len > 2000) {
        xlsx_text(o, path, strlen(path));
    } else {
        /* The shown text is a typed string; the link is the cell's target. */
        xlsx_check(o, x->api->worksheet_write_url_opt(x->ws, x->row, x->col, tc_buf_cstr(&url),
                                                      x->link, tc_buf_cstr(&shown), NULL));
        x->links++;
        xlsx_note_width(x, (double)tc_display_width(shown.data, shown.len));
        x->col++;
    }
    tc_buf_free(&url);
    tc_buf_free(&shown);
}

void tc_out_raw(tc_out *o, const char *key, const char *json)
{
    if (o->format != TC_FMT_JSON)
        return;
    field_sep(o, key);
    STICKY(o, tc_buf_puts(&o->line, json));
}

void tc_out_end(tc_out *o)
{
    if (o->format == TC_FMT_XLSX) {
        if (o->x && o->x->ws) {
            if (o->x->row + 1 >= LXW_ROW_MAX)
                tc_out_fail(o, TC_ETOOBIG);
            else
                o->x->row++;
        }
        return;
    }
    if (o->format == TC_FMT_JSON && o->json_tail)
        STICKY(o, tc_buf_puts(&o->line, o->json_tail));
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_buf_puts(&o->line, "}\n"));
    else
        STICKY(o, tc_buf_puts(&o->line, "\r\n"));
    if (!o->rc)
        fwrite(o->line.data, 1, o->line.len, o->fp);
}

/* A header name as people read it: translated when o->people ("" stays
 * "": gettext would answer it with the catalogue's own header). */
static const char *header_name(const tc_out *o, const char *name)
{
    return o->people && *name ? dgettext("tracuu", name) : name;
}

void tc_out_header(tc_out *o, const char *const *names)
{
    if (o->format == TC_FMT_XLSX && o->x) {
        tc_xlsx *x = o->x;
        if (!x->ws)
            xlsx_sheet(o, "results");
        if (!x->ws)
            return;
        x->col = 0;
        for (size_t i = 0; names[i]; i++) {
            const char *name = header_name(o, names[i]);
            xlsx_check(o, x->api->worksheet_write_string(x->ws, x->row, x->col, name, x->bold));
            xlsx_note_width(x, (double)tc_display_width(name, strlen(name)));
            x->col++;
        }
        x->api->worksheet_freeze_panes(x->ws, x->row + 1, 0);
        x->row++;
        return;
    }
    if (o->format != TC_FMT_CSV)
        return;
    tc_out_begin(o);
    for (size_t i = 0; names[i]; i++)
        tc_out_str(o, names[i], header_name(o, names[i]));
    tc_out_end(o);
}

/* The caller's stream: JSON and CSV only (the web server's answers), so no
 * terminal filter; close flushes it and neither closes nor renames. */
tc_rc tc_out_open_fp(tc_out *o, FILE *fp, int format, int excel)
{
    memset(o, 0, sizeof *o);
    if (format == TC_FMT_XLSX || format == TC_FMT_TEXT)
        return TC_EINVAL;
    o->sink = fp;
    o->fp = fp;
    o->format = format;
    o->excel = excel;
    o->borrowed = 1;
    tc_buf_init(&o->line, 0);
    if (format == TC_FMT_CSV && excel)
        fputs("\xEF\xBB\xBF", o->fp);
    return TC_OK;
}
