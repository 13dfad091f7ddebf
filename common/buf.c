/* buf.c: growable byte buffer and tc_strerror (see tc.h). */
#include "tc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tc_messages[TC_RC_COUNT] = {
    [TC_OK] = "success",
    [TC_ENOMEM] = "out of memory",
    [TC_EIO] = "input/output error",
    [TC_EINVAL] = "invalid argument",
    [TC_ESYNTAX] = "query syntax error",
    [TC_ENOINDEX] = "no index found",
    [TC_ELOCKED] = "index is locked by another writer",
    [TC_ESCHEMA] = "index schema version mismatch",
    [TC_EXAPIAN] = "Xapian error",
    [TC_ESQLITE] = "SQLite error",
    [TC_EICU] = "ICU error",
    [TC_ENOTFOUND] = "not found",
    [TC_EDATA] = "malformed data file",
    [TC_EFORMAT] = "damaged file or unknown format",
    [TC_EPASSWORD] = "protected by a password",
    [TC_ETOOBIG] = "file too large",
    [TC_EDAMAGED] = "the index is damaged; run tracuu check",
};

const char *tc_strerror(tc_rc rc)
{
    if ((int)rc < 0 || rc >= TC_RC_COUNT)
        return "unknown error";
    return tc_messages[rc];
}

#define TC_BUF_DEFAULT_CAP ((size_t)1 << 30)

void tc_buf_init(tc_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->size = 0;
    b->cap = cap ? cap : TC_BUF_DEFAULT_CAP;
}

void tc_buf_free(tc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->size = 0;
}

tc_rc tc_buf_reserve(tc_buf *b, size_t extra)
{
    if (extra > b->cap || b->len > b->cap - extra)
        return TC_ENOMEM;
    size_t need = b->len + extra + 1; /* room for the NUL */
    if (need <= b->size)
        return TC_OK;
    size_t size = b->size ? b->size : 64;
    while (size < need)
        size *= 2;
    char *p = realloc(b->data, size);
    if (!p)
        return TC_ENOMEM;
    b->data = p;
    b->size = size;
    b->data[b->len] = 0; /* a first allocation must read as "" */
    return TC_OK;
}

tc_rc tc_buf_append(tc_buf *b, const void *p, size_t n)
{
    /* Bytes of b itself move with the realloc: remember where they were. */
    const char *src = p;
    uintptr_t at = (uintptr_t)src, base = (uintptr_t)b->data;
    int own = b->data && at >= base && at < base + b->size;
    size_t off = own ? (size_t)(at - base) : 0;
    tc_rc rc = tc_buf_reserve(b, n);
    if (rc)
        return rc;
    if (own)
        src = b->data + off;
    if (n)
        memmove(b->data + b->len, src, n);
    b->len += n;
    b->data[b->len] = 0;
    return TC_OK;
}

tc_rc tc_buf_puts(tc_buf *b, const char *s)
{
    return tc_buf_append(b, s, strlen(s));
}

tc_rc tc_buf_putc(tc_buf *b, char c)
{
    return tc_buf_append(b, &c, 1);
}

static tc_rc buf_vprintf(tc_buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    tc_rc rc = TC_OK;
    if (n < 0)
        rc = TC_EINVAL;
    else if ((size_t)n < sizeof small)
        rc = tc_buf_append(b, small, (size_t)n);
    else if (!(rc = tc_buf_reserve(b, (size_t)n))) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
    return rc;
}

tc_rc tc_buf_printf(tc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tc_rc rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void tc_buf_append_rc(tc_rc *rc, tc_buf *b, const void *p, size_t n)
{
    if (!*rc)
        *rc = tc_buf_append(b, p, n);
}

void tc_buf_puts_rc(tc_rc *rc, tc_buf *b, const char *s)
{
    if (!*rc)
        *rc = tc_buf_append(b, s, strlen(s));
}

void tc_buf_putc_rc(tc_rc *rc, tc_buf *b, char c)
{
    if (!*rc)
        *rc = tc_buf_append(b, &c, 1);
}

void tc_buf_printf_rc(tc_rc *rc, tc_buf *b, const char *fmt, ...)
{
    if (*rc)
        return;
    va_list ap;
    va_start(ap, fmt);
    *rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *tc_buf_cstr(tc_buf *b)
{
    return b->data ? b->data : "";
}

char *tc_buf_release(tc_buf *b, size_t *out_len)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    if (out_len)
        *out_len = b->len;
    b->data = NULL;
    b->len = b->size = 0;
    return p;
}
