/* plain.c: plain text and Markdown, read as they are (UTF-8; the
 * analyzers repair invalid sequences and report them). */
#include <string.h>

#include "reader.h"

/* Text: no NUL in the first 64 KiB and at most one control character in
 * ten (form feeds, tabs and line ends do not count). */
static int is_text(const char *data, size_t n)
{
    size_t m = n < 65536 ? n : 65536, ctl = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            return 0;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
            ctl++;
    }
    return ctl * 10 <= m;
}

static tc_rc read_as_is(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    (void)opts;
    out->text = data;
    out->len = n;
    return TC_OK;
}

/* Markdown is text; the table lists it after plain text, so content
 * sniffing alone never picks it: only its extension does. */
static int markdown_sniff(const char *data, size_t n)
{
    return is_text(data, n);
}

static const char *const text_exts[] = {"txt", "text", NULL};
static const char *const markdown_exts[] = {"md", "markdown", NULL};

const tc_reader tc_reader_text = {"text", text_exts, is_text, read_as_is};
const tc_reader tc_reader_markdown = {"markdown", markdown_exts, markdown_sniff, read_as_is};
