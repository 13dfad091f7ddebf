/* data.c: reading the tab-separated tables of data/ (see data.h). */
#include "data.h"

#include <string.h>

size_t tc_tsv_next_row(const char *data, size_t len, size_t *pos, tc_tsv_field *f, size_t max)
{
    while (*pos < len) {
        size_t s = *pos;
        const char *nl = memchr(data + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - data) : len;
        *pos = nl ? e + 1 : len;
        if (e > s && data[e - 1] == '\r')
            e--;
        if (e == s || data[s] == '#')
            continue; /* blank lines and comments carry nothing */
        size_t nf = 0, fs = s;
        for (size_t i = s; i <= e && nf < max; i++) {
            if (i == e || data[i] == '\t') {
                f[nf].s = data + fs;
                f[nf++].n = i - fs;
                fs = i + 1;
            }
        }
        return nf;
    }
    return 0;
}
