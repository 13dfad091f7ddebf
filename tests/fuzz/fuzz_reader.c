/* fuzz_reader.c: libFuzzer harness for one reader (readers/reader.h), built
 * once per reader with -DFUZZ_READER="pdf" (docx, odt, doc, rtf, html, text).
 * The bytes go to the reader's sniff and, when it accepts them, to its read
 * with a 1 MiB text cap, as the indexer calls it; then to content sniffing
 * of all readers (tc_reader_choose).  Checks the contract: the text within
 * the cap, page offsets inside it, a reason on failure.
 *
 * doc: antiword runs as a child process on a temporary file for every input
 * that sniffs as OLE, so this harness is slow (a few hundred inputs a
 * second); what it fuzzes in process is the sniff, the child's handling and
 * the DocBook reader of antiword's output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../readers/reader.h"

#ifndef FUZZ_READER
#error "build with -DFUZZ_READER=\"name\""
#endif

#define FUZZ_MAX_TEXT ((size_t)1 << 20)

static const tc_reader *reader;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    tc_readers_init();
    reader = tc_reader_by_name(FUZZ_READER);
    if (!reader)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const char *s = (const char *)data;
    (void)tc_reader_choose("fuzz." FUZZ_READER, s, n);
    if (!reader->sniff(s, n))
        return 0;
    tc_reader_opts opts = {0};
    opts.max_text = FUZZ_MAX_TEXT;
    tc_reader_out out;
    tc_reader_out_init(&out, &opts);
    tc_rc rc = reader->read(s, n, &opts, &out);
    if (rc == TC_OK) {
        if (out.len > FUZZ_MAX_TEXT || (out.len && !out.text))
            abort();
        for (size_t i = 0; i < out.npages; i++)
            if (out.pages[i] > out.len || out.page_kind[i] > TC_PAGE_OCR)
                abort();
    } else if (!out.why[0] || !memchr(out.why, 0, sizeof out.why)) {
        abort();
    }
    tc_reader_out_free(&out);
    return 0;
}
