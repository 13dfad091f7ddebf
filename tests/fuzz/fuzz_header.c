/* fuzz_header.c: libFuzzer harness for the header reader (analyzers/header.h)
 * on arbitrary bytes, through a document view as the indexer calls it, and
 * through tc_header_parse(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzers/header.h"

static tc_text *text;
static tc_doctypes *types;
static tc_gazetteer *gaz;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (tc_text_open(&text) || tc_doctypes_open(text, &types) || tc_gazetteer_open(text, &gaz))
        abort();
    return 0;
}

/* A field must be NUL-terminated inside its array. */
#define TERMINATED(f) (memchr((f), 0, sizeof(f)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    tc_view v;
    tc_header h;
    if (tc_view_build(text, (const char *)data, n, &v) == TC_OK &&
        tc_header_read(types, text, gaz, &v, &h) == TC_OK) {
        if (!TERMINATED(h.number) || !TERMINATED(h.title) || !TERMINATED(h.agency) ||
            !TERMINATED(h.date) || !TERMINATED(h.signer_name) || !TERMINATED(h.period_text))
            abort();
        (void)tc_header_type_name(h.type);
    }
    tc_view_free(&v);
    /* the one-call form, without the gazetteer */
    tc_header_parse(text, NULL, (const char *)data, n, &h);
    return 0;
}
