/* fuzz_dates.c: libFuzzer harness for the dates and periods extractor
 * (analyzers/dates.h) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/dates.h"

static tc_text *text;
static tc_dater *dater;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (tc_text_open(&text) || tc_dater_open(text, &dater))
        abort();
    return 0;
}

static int on_date(void *ctx, const tc_date *d)
{
    if (d->start_off > d->end_off || d->end_off > *(size_t *)ctx || !memchr(d->iso, 0, 11) ||
        !memchr(d->text, 0, sizeof d->text) || d->precision < 0 || d->precision > 3)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    size_t len = n;
    tc_dater_extract(dater, (const char *)data, n, on_date, &len);
    return 0;
}
