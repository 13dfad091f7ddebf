/* plain.c: plain text and Markdown.  UTF-8 is read as it is, without a
 * copy (the analyzers repair invalid sequences and report them).  Text in a
 * Vietnamese legacy encoding (TCVN3, VNI, VISCII, Windows-1258), or such
 * text that a converter saved as UTF-8 taking its bytes for Windows-1252,
 * is converted to Unicode when legacy.h detects it. */
#include <string.h>

#include "legacy.h"
#include "reader.h"

/* Text: no NUL in the first 64 KiB and at most one control character in
 * ten (form feeds, tabs and line ends do not count). */
static int is_text(const char *data, size_t n)
{
    size_t m = n < 65536 ? n : 65536, ctl = 0;
    if (n == 0)
        return 0;
    /* the signatures of binary formats: a damaged zip, PDF or Word file is
     * not text, however few control bytes its first block has */
    static const char *const magic[] = {"PK\003\004", "%PDF-", "\320\317\021\340", NULL};
    for (size_t k = 0; magic[k]; k++)
        if (n >= strlen(magic[k]) && memcmp(data, magic[k], strlen(magic[k])) == 0)
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

static tc_rc read_text(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    (void)opts;
    /* detect_utf8 gives up within a few hundred bytes of real Unicode text
     * and at the first invalid byte of 8-bit text */
    tc_legacy_enc enc = tc_legacy_detect_utf8(data, n);
    int mojibake = enc != TC_LEGACY_NONE;
    if (!mojibake)
        enc = tc_legacy_detect(data, n);
    if (enc == TC_LEGACY_NONE) {
        out->text = data;
        out->len = n;
        return TC_OK;
    }
    const char *name = tc_legacy_name(enc);
    tc_rc rc = mojibake ? tc_legacy_decode_font_text(enc, data, n, &out->buf)
                        : tc_legacy_decode(enc, data, n, &out->buf);
    /* a byte becomes at most 3 bytes of UTF-8: past that, the cap was hit */
    if (rc == TC_ENOMEM && n > out->buf.cap / 3)
        return tc_reader_fail(out, TC_ETOOBIG, "text converted from %s is over the %zu-byte cap",
                              name, out->buf.cap);
    if (rc)
        return tc_reader_fail(out, rc, "cannot convert the text from %s: %s", name,
                              tc_strerror(rc));
    tc_reader_out_take_buf(out);
    out->encoding = name;
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

const tc_reader tc_reader_text = {"text", text_exts, is_text, read_text};
const tc_reader tc_reader_markdown = {"markdown", markdown_exts, markdown_sniff, read_text};
