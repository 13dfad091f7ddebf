/* fuzz_citation.c: libFuzzer harness for the citation extractor
 * (analyzers/citation.h): every reference in arbitrary bytes, and the key
 * of the input read as one symbol. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/citation.h"

static tc_text *text;
static tc_citer *citer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (tc_text_open(&text) || tc_citer_open(text, &citer))
        abort();
    return 0;
}

static int on_cite(void *ctx, const tc_citation *c)
{
    if (!memchr(c->key, 0, sizeof c->key) || !memchr(c->number, 0, sizeof c->number))
        abort();
    char ti[64];
    tc_citation_type_issuer(c, ti, sizeof ti);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    tc_citer_extract(citer, (const char *)data, n, on_cite, NULL);
    tc_buf key;
    tc_buf_init(&key, 0);
    tc_citer_key(citer, (const char *)data, n < 200 ? n : 200, &key);
    tc_buf_free(&key);
    return 0;
}
