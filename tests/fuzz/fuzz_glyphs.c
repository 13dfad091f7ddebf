/* fuzz_glyphs.c: libFuzzer harness for the repair of PDF text in glyph
 * numbers (readers/glyphs.h).  Checks the contract: as many characters out
 * as in (for valid UTF-8 input). */
#include <stdint.h>
#include <stdlib.h>

#include "../../analyzers/text.h"
#include "../../readers/glyphs.h"

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; c++) {
        uint32_t cp;
        i += tc_utf8_decode(s + i, n - i, &cp);
    }
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const char *s = (const char *)data;
    (void)tc_glyphs_suspect(s, n);
    tc_buf out;
    tc_buf_init(&out, 0);
    size_t fixed = 0;
    if (tc_glyphs_repair(s, n, &out, &fixed) == TC_OK && tc_utf8_valid(s, n) &&
        chars(out.data ? out.data : "", out.len) != chars(s, n))
        abort();
    tc_buf_free(&out);
    return 0;
}
