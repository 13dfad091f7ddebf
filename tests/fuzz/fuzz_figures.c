/* fuzz_figures.c: libFuzzer harness for the figures extractor
 * (analyzers/figures.h): running text and tables of arbitrary bytes, and the
 * number reader on the input's first bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/figures.h"

static tc_text *text;
static tc_figurer *fig;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (tc_text_open(&text) || tc_figurer_open(text, &fig))
        abort();
    return 0;
}

static int on_figure(void *ctx, const tc_figure *f)
{
    if (f->start > f->end || f->end > *(size_t *)ctx || !memchr(f->text, 0, sizeof f->text) ||
        !memchr(f->sentence, 0, sizeof f->sentence) ||
        !memchr(f->indicator, 0, sizeof f->indicator))
        abort();
    (void)tc_figure_measure_name(f->measure);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    size_t len = n;
    tc_figurer_extract(fig, (const char *)data, n, on_figure, &len);
    double v;
    size_t used;
    int amb;
    if (tc_figure_number((const char *)data, n, n & 1, &v, &used, &amb) == TC_OK && used > n)
        abort();
    return 0;
}
