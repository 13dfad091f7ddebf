/* view.c: the per-document view read by the extractors (see view.h). */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

void tc_view_lower(const char *s, size_t n, char *out)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = tc_utf8_decode(s + i, n - i, &cp);
        char enc[4];
        if (cp != 0xFFFD && tc_utf8_encode((uint32_t)u_tolower((UChar32)cp), enc) == l)
            memcpy(out + i, enc, l);
        else
            memcpy(out + i, s + i, l);
        i += l;
    }
}

void tc_view_free(tc_view *v)
{
    if (!v)
        return;
    free(v->clean);
    free(v->map);
    free(v->lower);
    free(v->lines);
    memset(v, 0, sizeof *v);
}

tc_rc tc_view_build(tc_text *t, const char *raw, size_t n, tc_view *out)
{
    memset(out, 0, sizeof *out);
    if (!t || (!raw && n))
        return TC_EINVAL;
    if (!raw)
        raw = "";
    out->raw = raw;
    out->raw_len = n;
    tc_buf clean;
    tc_buf_init(&clean, 0);
    tc_rc rc = tc_text_clean(t, raw, n, &clean, &out->map);
    if (rc) {
        tc_buf_free(&clean);
        tc_view_free(out);
        return rc;
    }
    size_t len = clean.len;
    out->clean = len ? tc_buf_release(&clean, NULL) : calloc(1, 1);
    tc_buf_free(&clean);
    out->len = len;
    out->lower = malloc(len + 1);
    size_t nl = 1;
    for (size_t i = 0; out->clean && i < len; i++)
        nl += out->clean[i] == '\n';
    out->lines = malloc(nl * sizeof *out->lines);
    if (!out->clean || !out->lower || !out->lines) {
        tc_view_free(out);
        return TC_ENOMEM;
    }
    tc_view_lower(out->clean, len, out->lower);
    out->lower[len] = 0;
    out->lines[0] = 0;
    out->nlines = 1;
    for (size_t i = 0; i < len; i++)
        if (out->clean[i] == '\n')
            out->lines[out->nlines++] = i + 1;
    return TC_OK;
}

size_t tc_view_page_of(const tc_view *v, size_t off)
{
    if (!v->npages)
        return 0;
    /* the last page whose start is <= off */
    size_t lo = 0, hi = v->npages;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->page_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

int tc_view_on_ocr_page(const tc_view *v, size_t off)
{
    size_t p = tc_view_page_of(v, off);
    return p && v->page_ocr && v->page_ocr[p - 1];
}
