/* fuzz_text.c: libFuzzer harness for the text normaliser and tokeniser
 * (analyzers/text.h): tokenize, canon, fold, clean and the UTF-8 helpers on
 * arbitrary bytes.  Checks the contract's invariants (offsets inside the
 * input, a map of out->len + 1 entries ending at n) besides the sanitizers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/text.h"

static tc_text *text; /* opened once: ICU's normaliser and break iterator */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (tc_text_open(&text) != TC_OK)
        abort();
    return 0;
}

typedef struct {
    size_t n;
    unsigned count;
} tok_ctx;

static int on_token(void *ctx, const tc_token *tok)
{
    tok_ctx *c = ctx;
    if (tok->start > tok->end || tok->end > c->n || !tok->term || !tok->folded)
        abort();
    return ++c->count > 100000; /* stop a runaway stream (a finding of its own) */
}

static void on_warn(void *ctx, size_t offset, const char *what)
{
    if (offset > *(size_t *)ctx)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const char *s = (const char *)data;
    tok_ctx c = {n, 0};
    size_t warn_n = n;
    tc_text_tokenize(text, s, n, on_token, &c, on_warn, &warn_n);

    tc_buf b;
    tc_buf_init(&b, 0);
    if (tc_text_canon(text, s, n, &b) == TC_OK)
        (void)tc_utf8_valid(b.data ? b.data : "", b.len);
    tc_buf_free(&b);
    tc_buf_init(&b, 0);
    tc_text_fold(text, s, n, &b);
    tc_buf_free(&b);

    tc_buf_init(&b, 0);
    uint32_t *map = NULL;
    if (tc_text_clean(text, s, n, &b, &map) == TC_OK) {
        if (!map || map[b.len] != n)
            abort();
        for (size_t i = 0; i < b.len; i++)
            if (map[i] > n)
                abort();
    }
    free(map);
    tc_buf_free(&b);

    /* the helpers walk the same bytes character by character */
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = tc_utf8_decode(s + i, n - i, &cp);
        if (len < 1 || len > n - i)
            abort();
        i += len;
        if (tc_utf8_prev(s, i) > i - 1)
            abort();
    }
    char small[7];
    tc_utf8_copy(small, sizeof small, s, n);
    return 0;
}
