/* fields.c: JSON string escaping and "key\tvalue" records (see fields.h). */
#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 character; 0xFFFD with length 1 for invalid bytes.
 * (A private copy so common/ does not depend on analyzers/.) */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, v = c & 0x07, min = 0x10000;
    else
        goto bad;
    if (n < need)
        goto bad;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return need;
bad:
    *cp = 0xFFFD;
    return 1;
}

tc_rc tc_json_str(tc_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    tc_rc rc = tc_buf_putc(out, '"');
    size_t i = 0;
    while (!rc && i < n) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            rc = tc_buf_append(out, e, 2);
            i++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n':
                rc = tc_buf_puts(out, "\\n");
                break;
            case '\t':
                rc = tc_buf_puts(out, "\\t");
                break;
            case '\r':
                rc = tc_buf_puts(out, "\\r");
                break;
            default:
                rc = tc_buf_printf(out, "\\u%04x", c);
            }
            i++;
        } else if (c < 0x80) {
            rc = tc_buf_putc(out, (char)c);
            i++;
        } else {
            uint32_t cp;
            size_t k = decode(s + i, n - i, &cp);
            if (cp == 0xFFFD && k == 1)
                rc = tc_buf_puts(out, "\xEF\xBF\xBD");
            else
                rc = tc_buf_append(out, s + i, k);
            i += k;
        }
    }
    return rc ? rc : tc_buf_putc(out, '"');
}

tc_rc tc_utf8_repair(tc_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    tc_rc rc = TC_OK;
    size_t i = 0;
    while (!rc && i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c >= 0x20 && c != 0x7F) || c == '\n' || c == '\t' || c == '\r')
                rc = tc_buf_putc(out, (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1)
            rc = tc_buf_puts(out, "\xEF\xBF\xBD");
        else if (cp > 0x9F) /* U+0080-U+009F are the C1 controls (CSI...) */
            rc = tc_buf_append(out, s + i, k);
        i += k;
    }
    return rc;
}

tc_rc tc_fields_put(tc_buf *out, const char *key, const char *value)
{
    tc_rc rc = tc_buf_puts(out, key);
    if (!rc)
        rc = tc_buf_putc(out, '\t');
    for (const char *p = value ? value : ""; *p && !rc; p++) {
        if (*p == '\t')
            rc = tc_buf_puts(out, "\\t");
        else if (*p == '\n')
            rc = tc_buf_puts(out, "\\n");
        else if (*p == '\\')
            rc = tc_buf_puts(out, "\\\\");
        else if (*p != '\r')
            rc = tc_buf_putc(out, *p);
    }
    return rc ? rc : tc_buf_putc(out, '\n');
}

tc_rc tc_fields_put_int(tc_buf *out, const char *key, long long value)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", value);
    return tc_fields_put(out, key, num);
}

tc_rc tc_fields_parse(const char *data, size_t n, tc_fields *f)
{
    memset(f, 0, sizeof *f);
    tc_buf_init(&f->store, 0);
    size_t i = 0;
    /* First pass: find the end of the record to size the store once, so
     * that pointers into it stay valid. */
    size_t end = 0;
    while (end < n) {
        const char *nl = memchr(data + end, '\n', n - end);
        size_t line_end = nl ? (size_t)(nl - data) : n;
        if (line_end == end) {
            end = line_end + (nl ? 1 : 0);
            break;
        }
        end = line_end + (nl ? 1 : 0);
    }
    tc_rc rc = tc_buf_reserve(&f->store, end + TC_FIELDS_MAX * 2 + 1);
    if (rc)
        return rc;
    /* The store was reserved above, so these appends cannot move it; rc
     * is checked anyway. */
    size_t offs_k[TC_FIELDS_MAX], offs_v[TC_FIELDS_MAX];
    while (i < end) {
        const char *nl = memchr(data + i, '\n', end - i);
        size_t line_end = nl ? (size_t)(nl - data) : end;
        if (line_end == i)
            break;
        const char *tab = memchr(data + i, '\t', line_end - i);
        if (tab && f->count < TC_FIELDS_MAX) {
            offs_k[f->count] = f->store.len;
            tc_buf_append_rc(&rc, &f->store, data + i, (size_t)(tab - (data + i)));
            tc_buf_putc_rc(&rc, &f->store, 0);
            offs_v[f->count] = f->store.len;
            for (const char *p = tab + 1; p < data + line_end; p++) {
                if (*p == '\\' && p + 1 < data + line_end) {
                    p++;
                    tc_buf_putc_rc(&rc, &f->store, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p);
                } else {
                    tc_buf_putc_rc(&rc, &f->store, *p);
                }
            }
            tc_buf_putc_rc(&rc, &f->store, 0);
            f->count++;
        }
        i = line_end + 1;
    }
    if (rc)
        return rc;
    for (size_t k = 0; k < f->count; k++) {
        f->key[k] = f->store.data + offs_k[k];
        f->value[k] = f->store.data + offs_v[k];
    }
    f->body = data + end;
    f->body_len = n - end;
    return TC_OK;
}

void tc_fields_free(tc_fields *f)
{
    tc_buf_free(&f->store);
}

const char *tc_fields_get(const tc_fields *f, const char *key)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->key[i], key) == 0)
            return f->value[i];
    return "";
}

tc_rc tc_cells_put(tc_buf *out, const char *s, size_t n)
{
    tc_rc rc = TC_OK;
    size_t from = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *e = s[i] == '\\'     ? "\\\\"
                        : s[i] == '\x1e' ? "\\r"
                        : s[i] == '\x1f' ? "\\u"
                        : s[i] == '\r'   ? "\\c"
                                         : NULL;
        if (!e)
            continue;
        tc_buf_append_rc(&rc, out, s + from, i - from);
        tc_buf_puts_rc(&rc, out, e);
        from = i + 1;
    }
    tc_buf_append_rc(&rc, out, s + from, n - from);
    return rc;
}

tc_rc tc_cells_put_int(tc_buf *out, long long v)
{
    return tc_buf_printf(out, "%lld", v);
}

tc_rc tc_cells_put_real(tc_buf *out, double v)
{
    /* The shortest of 15, 16 or 17 digits that reads back exactly: SQLite
     * returns the double bound, so must the record. */
    char num[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(num, sizeof num, "%.*g", digits, v);
        if (strtod(num, NULL) == v)
            break;
    }
    return tc_buf_puts(out, num);
}

tc_rc tc_cells_parse(const char *v, size_t ncols, tc_cells *c)
{
    memset(c, 0, sizeof *c);
    c->ncols = ncols;
    size_t n = strlen(v);
    if (n == 0 || ncols == 0)
        return TC_OK;
    size_t seps = 0;
    for (size_t i = 0; i < n; i++)
        seps += v[i] == '\x1e' || v[i] == '\x1f';
    size_t ncells = seps + 1;
    if (ncells % ncols)
        return TC_EDATA;
    c->store = malloc(n + ncells);
    c->cell = calloc(ncells, sizeof *c->cell);
    if (!c->store || !c->cell)
        return TC_ENOMEM;
    char *w = c->store;
    size_t k = 0, col = 0;
    const char *p = v, *end = v + n;
    while (k < ncells) {
        char *start = w;
        while (p < end && *p != '\x1e' && *p != '\x1f') {
            if (*p == '\\' && p + 1 < end) {
                p++;
                *w++ = *p == 'r' ? '\x1e' : *p == 'u' ? '\x1f' : *p == 'c' ? '\r' : *p;
            } else {
                *w++ = *p;
            }
            p++;
        }
        /* A row ends after ncols cells, and only there. */
        int row_end = p == end || *p == '\x1e';
        col++;
        if ((col == ncols) != row_end)
            return TC_EDATA;
        if (col == ncols)
            col = 0;
        *w++ = 0;
        c->cell[k++] = w - 1 > start ? start : NULL;
        if (p < end)
            p++;
    }
    c->nrows = ncells / ncols;
    return TC_OK;
}

void tc_cells_free(tc_cells *c)
{
    free(c->cell);
    free(c->store);
    memset(c, 0, sizeof *c);
}
