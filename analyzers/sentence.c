/* sentence.c: the sentence around a span (see sentence.h). */
#include "sentence.h"

#include "../common/fields.h"

/* The sentence around [start, end): from the previous sentence end (". ",
 * "; ", a line break) to the next, at most TC_SENTENCE_MAX bytes each side,
 * cut at UTF-8 boundaries. */
#define TC_SENTENCE_MAX 300
void tc_sentence_bounds(const char *d, size_t len, size_t start, size_t end, size_t *s_out,
                        size_t *e_out)
{
    size_t s = start;
    while (s > 0 && start - s < TC_SENTENCE_MAX) {
        char c = d[s - 1];
        if (c == '\n' || ((c == '.' || c == ';' || c == '!' || c == '?') && s < len &&
                          (d[s] == ' ' || d[s] == '\t')))
            break;
        s--;
    }
    size_t e = end;
    while (e < len && e - end < TC_SENTENCE_MAX) {
        char c = d[e];
        if (c == '\n' || c == '\r')
            break;
        e++;
        if ((c == '.' || c == ';' || c == '!' || c == '?') && (e >= len || d[e] == ' '))
            break;
    }
    while (s < start && ((unsigned char)d[s] & 0xC0) == 0x80)
        s++;
    while (e > end && e < len && ((unsigned char)d[e] & 0xC0) == 0x80)
        e--;
    while (s < start && (d[s] == ' ' || d[s] == '\t'))
        s++;
    *s_out = s;
    *e_out = e;
}

tc_rc tc_sentence_text(const char *d, size_t len, size_t start, size_t end, tc_buf *out)
{
    if (start > len || end > len || start > end)
        return TC_EINVAL;
    size_t s0, s1;
    tc_sentence_bounds(d, len, start, end, &s0, &s1);
    size_t from = out->len;
    tc_rc rc = tc_utf8_repair(out, d + s0, s1 - s0);
    for (size_t k = from; !rc && k < out->len; k++)
        if (out->data[k] == '\n' || out->data[k] == '\t' || out->data[k] == '\r')
            out->data[k] = ' ';
    return rc;
}
