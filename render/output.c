/* output.c: text, JSON lines and CSV writers (see output.h). */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../include/tracuu.h"

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
        o->fp = fopen(o->tmp_path, "wb");
        if (!o->fp)
            return TC_EIO;
    } else {
        o->fp = stdout;
        o->tty = isatty(fileno(stdout));
    }
    if (format == TC_FMT_CSV && excel)
        fputs("\xEF\xBB\xBF", o->fp);
    return TC_OK;
}

tc_rc tc_out_close(tc_out *o, int ok)
{
    tc_rc rc = o->rc;
    ok = ok && !rc;
    if (o->fp && fflush(o->fp) != 0)
        rc = TC_EIO;
    if (o->fp && o->fp != stdout && !o->borrowed) {
        if (ferror(o->fp) || fclose(o->fp) != 0)
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
    return rc;
}

tc_rc tc_csv_field(tc_buf *b, const char *s, size_t n)
{
    int quote = 0, formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                       s[0] == '\t' || s[0] == '\r');
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    /* A number such as -28% is data, not a formula: keep it as written. */
    if (formula && s[0] == '-' && n > 1) {
        int numeric = 1;
        for (size_t i = 1; i < n; i++)
            if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',' || s[i] == '%'))
                numeric = 0;
        if (numeric)
            formula = 0;
    }
    tc_rc rc = quote ? tc_buf_putc(b, '"') : TC_OK;
    if (!rc && formula)
        rc = tc_buf_putc(b, '\'');
    tc_buf tmp;
    tc_buf_init(&tmp, b->cap);
    if (!rc)
        rc = tc_utf8_repair(&tmp, s, n);
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

/* Records the first failed append of the current output: a record that
 * could not be built in full is never written, and tc_out_close() fails. */
#define STICKY(o, expr)                                                                            \
    do {                                                                                           \
        if (!(o)->rc)                                                                              \
            (o)->rc = (expr);                                                                      \
    } while (0)

void tc_out_begin(tc_out *o)
{
    tc_buf_reset(&o->line);
    o->fields = 0;
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_buf_putc(&o->line, '{'));
}

static void field_sep(tc_out *o, const char *key)
{
    if (o->format == TC_FMT_JSON) {
        if (o->fields)
            STICKY(o, tc_buf_putc(&o->line, ','));
        STICKY(o, tc_json_str(&o->line, key, strlen(key)));
        STICKY(o, tc_buf_putc(&o->line, ':'));
    } else if (o->fields) {
        STICKY(o, tc_buf_putc(&o->line, ','));
    }
    o->fields++;
}

void tc_out_strn(tc_out *o, const char *key, const char *value, size_t n)
{
    field_sep(o, key);
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_json_str(&o->line, value ? value : "", value ? n : 0));
    else
        STICKY(o, tc_csv_field(&o->line, value ? value : "", value ? n : 0));
}

void tc_out_str(tc_out *o, const char *key, const char *value)
{
    tc_out_strn(o, key, value, value ? strlen(value) : 0);
}

void tc_out_int(tc_out *o, const char *key, long long value)
{
    field_sep(o, key);
    STICKY(o, tc_buf_printf(&o->line, "%lld", value));
}

void tc_out_num(tc_out *o, const char *key, double value)
{
    field_sep(o, key);
    STICKY(o, tc_buf_printf(&o->line, "%.4f", value));
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
    if (o->format == TC_FMT_JSON)
        STICKY(o, tc_buf_puts(&o->line, "}\n"));
    else
        STICKY(o, tc_buf_puts(&o->line, "\r\n"));
    if (!o->rc)
        fwrite(o->line.data, 1, o->line.len, o->fp);
}

void tc_out_header(tc_out *o, const char *const *names)
{
    if (o->format != TC_FMT_CSV)
        return;
    tc_out_begin(o);
    for (size_t i = 0; names[i]; i++)
        tc_out_str(o, names[i], names[i]);
    tc_out_end(o);
}

size_t tc_display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = tc_utf8_decode(s + i, n - i, &cp);
        i += k;
        if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0x00AD)
            continue;
        w++;
    }
    return w;
}

tc_rc tc_out_open_fp(tc_out *o, FILE *fp, int format, int excel)
{
    memset(o, 0, sizeof *o);
    o->fp = fp;
    o->format = format;
    o->excel = excel;
    o->borrowed = 1;
    tc_buf_init(&o->line, 0);
    if (format == TC_FMT_CSV && excel)
        fputs("\xEF\xBB\xBF", o->fp);
    return TC_OK;
}
