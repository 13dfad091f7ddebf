/* sniff.c: content checks of the module's formats, in the core (sniff.h). */
#include "sniff.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

const char *const tc_exts_pdf[] = {"pdf", NULL};
const char *const tc_exts_doc[] = {"doc", "dot", NULL};
const char *const tc_exts_html[] = {"html", "htm", "xhtml", NULL};
const char *const tc_exts_docx[] = {"docx", "docm", "dotx", "dotm", NULL};
const char *const tc_exts_odt[] = {"odt", "ott", NULL};

int tc_sniff_pdf(const char *data, size_t n)
{
    size_t m = n < TC_SNIFF_PDF_BYTES ? n : TC_SNIFF_PDF_BYTES;
    return m >= 5 && memmem(data, m, "%PDF-", 5) != NULL;
}

/* ---- doc ------------------------------------------------------------------ */

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* Excel has "Workbook", PowerPoint "PowerPoint Document", Outlook
 * "__substg...".  Directory entries are 128 bytes and sectors 512 or 4096,
 * so every entry starts at a file offset that is a multiple of 128: looking
 * at those offsets finds the entry wherever the directory chain puts it,
 * without following the FAT. */
int tc_sniff_doc(const char *data, size_t n)
{
    static const char name[] = "WordDocument";
    const unsigned char *d = (const unsigned char *)data;
    if (n < 1024 || memcmp(d, ole_magic, 8) != 0)
        return 0;
    for (size_t off = 512; off + 128 <= n; off += 128) {
        const unsigned char *e = d + off;
        /* name length in bytes with its UTF-16 NUL; object type 2 = stream */
        if (le16(e + 64) != 2 * sizeof name || e[66] != 2)
            continue;
        size_t i = 0;
        while (i < sizeof name - 1 && e[2 * i] == (unsigned char)name[i] && e[2 * i + 1] == 0)
            i++;
        if (i == sizeof name - 1 && e[2 * i] == 0 && e[2 * i + 1] == 0)
            return 1;
    }
    return 0;
}

/* ---- html ----------------------------------------------------------------- */

size_t tc_sniff_bom(const char *data, size_t n, const char **enc)
{
    const unsigned char *d = (const unsigned char *)data;
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        *enc = "UTF-8";
        return 3;
    }
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
        *enc = "UTF-16LE";
        return 2;
    }
    if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
        *enc = "UTF-16BE";
        return 2;
    }
    *enc = NULL;
    return 0;
}

/* The first TC_SNIFF_HTML_BYTES characters of the page as ASCII: UTF-16
 * keeps one byte of two.  OUT: buf (NUL-terminated); returns its length. */
static size_t sniff_ascii(const char *data, size_t n, char *buf, size_t cap)
{
    const char *enc;
    size_t i = tc_sniff_bom(data, n, &enc), k = 0;
    int step = enc && enc[4] == '1' ? 2 : 1; /* UTF-16 */
    int lo = enc && strcmp(enc, "UTF-16LE") == 0;
    for (; i + (size_t)step <= n && k + 1 < cap; i += (size_t)step)
        buf[k++] = step == 1 ? data[i] : lo ? data[i] : data[i + 1];
    buf[k] = 0;
    return k;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/* After whitespace, comments, an XML declaration or a doctype other than
 * html, the first tag decides.  Text that merely mentions "<html" later is
 * not HTML. */
int tc_sniff_html(const char *data, size_t n)
{
    static const char *const tags[] = {"!doctype html", "html", "head", "body", "meta", NULL};
    char buf[TC_SNIFF_HTML_BYTES + 1];
    size_t m = sniff_ascii(data, n, buf, sizeof buf), i = 0;
    if (memchr(buf, 0, m))
        return 0;
    for (;;) {
        while (i < m && is_ws(buf[i]))
            i++;
        if (i >= m || buf[i] != '<')
            return 0;
        if (strncmp(buf + i, "<!--", 4) == 0) {
            const char *e = strstr(buf + i + 4, "-->");
            if (!e)
                return 0;
            i = (size_t)(e - buf) + 3;
            continue;
        }
        if (strncmp(buf + i, "<?", 2) == 0) {
            const char *e = strstr(buf + i + 2, "?>");
            if (!e)
                return 0;
            i = (size_t)(e - buf) + 2;
            continue;
        }
        for (size_t t = 0; tags[t]; t++) {
            size_t l = strlen(tags[t]);
            if (strncasecmp(buf + i + 1, tags[t], l) == 0) {
                char c = buf[i + 1 + l];
                if (is_ws(c) || c == '>' || c == '/')
                    return 1;
            }
        }
        /* an XHTML doctype: <!DOCTYPE html PUBLIC ... is caught above */
        return 0;
    }
}

/* ---- zip ------------------------------------------------------------------ */

int tc_zip_magic(const char *data, size_t n)
{
    return n >= 4 && data[0] == 'P' && data[1] == 'K' &&
           ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
}
