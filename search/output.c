/* output.c: text, JSON lines and CSV writers (see output.h). */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analyzers/text.h"
#include "../common/fields.h"

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
    if (o->fp && fflush(o->fp) != 0)
        rc = TC_EIO;
    if (o->fp && o->fp != stdout) {
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
    tc_rc rc = TC_OK;
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
    if (quote)
        tc_buf_putc_rc(&rc, b, '"');
    if (formula)
        tc_buf_putc_rc(&rc, b, '\'');
    tc_buf tmp;
    tc_buf_init(&tmp, 0);
    if (!rc)
        rc = tc_utf8_repair(&tmp, s, n);
    for (size_t i = 0; i < tmp.len; i++) {
        if (tmp.data[i] == '"')
            tc_buf_putc_rc(&rc, b, '"');
        tc_buf_putc_rc(&rc, b, tmp.data[i]);
    }
    tc_buf_free(&tmp);
    if (quote)
        tc_buf_putc_rc(&rc, b, '"');
    return rc;
}

void tc_out_begin(tc_out *o)
{
    tc_buf_reset(&o->line);
    o->fields = 0;
    if (o->format == TC_FMT_JSON)
        tc_buf_putc_rc(&o->rc, &o->line, '{');
}

static void field_sep(tc_out *o, const char *key)
{
    if (o->format == TC_FMT_JSON) {
        if (o->fields)
            tc_buf_putc_rc(&o->rc, &o->line, ',');
        if (!o->rc)
            o->rc = tc_json_str(&o->line, key, strlen(key));
        tc_buf_putc_rc(&o->rc, &o->line, ':');
    } else if (o->fields) {
        tc_buf_putc_rc(&o->rc, &o->line, ',');
    }
    o->fields++;
}

void tc_out_strn(tc_out *o, const char *key, const char *value, size_t n)
{
    field_sep(o, key);
    if (o->rc)
        return;
    if (o->format == TC_FMT_JSON)
        o->rc = tc_json_str(&o->line, value ? value : "", value ? n : 0);
    else
        o->rc = tc_csv_field(&o->line, value ? value : "", value ? n : 0);
}

void tc_out_str(tc_out *o, const char *key, const char *value)
{
    tc_out_strn(o, key, value, value ? strlen(value) : 0);
}

void tc_out_int(tc_out *o, const char *key, long long value)
{
    field_sep(o, key);
    tc_buf_printf_rc(&o->rc, &o->line, "%lld", value);
}

void tc_out_num(tc_out *o, const char *key, double value)
{
    field_sep(o, key);
    tc_buf_printf_rc(&o->rc, &o->line, "%.4f", value);
}

void tc_out_raw(tc_out *o, const char *key, const char *json)
{
    if (o->format != TC_FMT_JSON)
        return;
    field_sep(o, key);
    tc_buf_puts_rc(&o->rc, &o->line, json);
}

void tc_out_end(tc_out *o)
{
    if (o->format == TC_FMT_JSON)
        tc_buf_puts_rc(&o->rc, &o->line, "}\n");
    else
        tc_buf_puts_rc(&o->rc, &o->line, "\r\n");
    if (!o->rc) /* a record cut short is not written */
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
