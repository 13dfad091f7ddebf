/* reader.c: the table of readers, how one is chosen, the stand-ins of the
 * readers that live in the loadable module, and the helpers every reader
 * shares (see reader.h and module.h). */
#include "reader.h"
#include "module.h"
#include "sniff.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const tc_reader tc_reader_rtf;
extern const tc_reader tc_reader_text;
extern const tc_reader tc_reader_markdown;

/* ---- stand-ins for the module's readers --------------------------------- */

/* Each has the real reader's name, extensions and sniff; read() loads the
 * module (once) and hands over to the real one.  They are weak: a program
 * that links the module's objects (unit tests, fuzz harnesses) gets the
 * real readers under the same names instead (module.h). */
static tc_rc lazy_read(const char *name, const char *data, size_t n, const tc_reader_opts *opts,
                       tc_reader_out *out)
{
    const char *why = NULL;
    const tc_reader *r = tc_module_reader(name, &why);
    if (!r)
        return tc_reader_fail(out, TC_EIO, "%s", why);
    return r->read(data, n, opts, out);
}

static tc_rc lazy_read_pdf(const char *data, size_t n, const tc_reader_opts *opts,
                           tc_reader_out *out)
{
    return lazy_read("pdf", data, n, opts, out);
}

static tc_rc lazy_read_docx(const char *data, size_t n, const tc_reader_opts *opts,
                            tc_reader_out *out)
{
    return lazy_read("docx", data, n, opts, out);
}

static tc_rc lazy_read_odt(const char *data, size_t n, const tc_reader_opts *opts,
                           tc_reader_out *out)
{
    return lazy_read("odt", data, n, opts, out);
}

static tc_rc lazy_read_doc(const char *data, size_t n, const tc_reader_opts *opts,
                           tc_reader_out *out)
{
    return lazy_read("doc", data, n, opts, out);
}

static tc_rc lazy_read_html(const char *data, size_t n, const tc_reader_opts *opts,
                            tc_reader_out *out)
{
    return lazy_read("html", data, n, opts, out);
}

/* Word and ODF are both zips: telling them apart reads the archive's
 * directory with libzip, so a zip loads the module.  Without the module,
 * the member name in the bytes is a good enough guess for the file to be
 * reported under its format, with the reason it could not be read. */
static int lazy_sniff_zip(const char *name, const char *member, const char *data, size_t n)
{
    if (!tc_zip_magic(data, n))
        return 0;
    const char *why = NULL;
    const tc_reader *r = tc_module_reader(name, &why);
    if (r)
        return r->sniff(data, n);
    return memmem(data, n, member, strlen(member)) != NULL;
}

static int lazy_sniff_docx(const char *data, size_t n)
{
    return lazy_sniff_zip("docx", "word/document.xml", data, n);
}

static int lazy_sniff_odt(const char *data, size_t n)
{
    return lazy_sniff_zip("odt", "application/vnd.oasis.opendocument.text", data, n);
}

__attribute__((weak))
const tc_reader tc_reader_pdf = {"pdf", tc_exts_pdf, tc_sniff_pdf, lazy_read_pdf};
__attribute__((weak))
const tc_reader tc_reader_docx = {"docx", tc_exts_docx, lazy_sniff_docx, lazy_read_docx};
__attribute__((weak))
const tc_reader tc_reader_odt = {"odt", tc_exts_odt, lazy_sniff_odt, lazy_read_odt};
__attribute__((weak))
const tc_reader tc_reader_doc = {"doc", tc_exts_doc, tc_sniff_doc, lazy_read_doc};
__attribute__((weak))
const tc_reader tc_reader_html = {"html", tc_exts_html, tc_sniff_html, lazy_read_html};

/* ---- the table ------------------------------------------------------------ */

/* Formats with magic bytes go first, so that content wins over a wrong
 * extension; plain text, which accepts any text, comes after them. */
const tc_reader *const tc_readers[] = {
    &tc_reader_pdf,  &tc_reader_docx, &tc_reader_odt,      &tc_reader_doc, &tc_reader_rtf,
    &tc_reader_html, &tc_reader_text, &tc_reader_markdown, NULL,
};

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot && dot[1] ? dot + 1 : NULL;
}

const tc_reader *tc_reader_by_ext(const char *path)
{
    const char *ext = ext_of(path);
    for (size_t i = 0; ext && tc_readers[i]; i++)
        for (const char *const *e = tc_readers[i]->exts; *e; e++)
            if (strcasecmp(*e, ext) == 0)
                return tc_readers[i];
    return NULL;
}

/* Text and Markdown accept any text: content-specific readers (magic
 * bytes, HTML's opening tags) come before them in the table. */
static int generic(const tc_reader *r)
{
    return r == &tc_reader_text || r == &tc_reader_markdown;
}

const tc_reader *tc_reader_choose(const char *path, const char *data, size_t n)
{
    const tc_reader *by_ext = tc_reader_by_ext(path);
    int ext_ok = by_ext && by_ext->sniff(data, n);
    if (ext_ok && !generic(by_ext))
        return by_ext;
    /* a .txt that is really HTML (or RTF) is read as what it is */
    for (size_t i = 0; tc_readers[i]; i++)
        if (!generic(tc_readers[i]) && tc_readers[i] != by_ext && tc_readers[i]->sniff(data, n))
            return tc_readers[i];
    if (ext_ok)
        return by_ext;
    for (size_t i = 0; tc_readers[i]; i++)
        if (tc_readers[i] != by_ext && tc_readers[i]->sniff(data, n))
            return tc_readers[i];
    return NULL;
}

const tc_reader *tc_reader_by_name(const char *name)
{
    for (size_t i = 0; name && tc_readers[i]; i++)
        if (strcmp(tc_readers[i]->name, name) == 0)
            return tc_readers[i];
    return NULL;
}

void tc_reader_out_init(tc_reader_out *out, const tc_reader_opts *opts)
{
    memset(out, 0, sizeof *out);
    size_t cap = opts && opts->max_text ? opts->max_text : TC_READER_MAX_TEXT;
    tc_buf_init(&out->buf, cap);
}

void tc_reader_out_free(tc_reader_out *out)
{
    tc_buf_free(&out->buf);
    free(out->pages);
    free(out->page_kind);
    memset(out, 0, sizeof *out);
}

tc_rc tc_reader_page_begin(tc_reader_out *out, int kind)
{
    size_t n = out->npages;
    /* capacity is 8, then doubles: grow when full */
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        size_t want = n == 0 ? 8 : n * 2;
        size_t *p = realloc(out->pages, want * sizeof *p);
        if (!p)
            return TC_ENOMEM;
        out->pages = p;
        unsigned char *k = realloc(out->page_kind, want);
        if (!k)
            return TC_ENOMEM;
        out->page_kind = k;
    }
    out->pages[out->npages] = out->buf.len;
    out->page_kind[out->npages] = (unsigned char)kind;
    out->npages = n + 1;
    if (kind == TC_PAGE_IMAGE)
        out->image_pages++;
    else if (kind == TC_PAGE_OCR)
        out->ocr_pages++;
    return TC_OK;
}

void tc_reader_out_take_buf(tc_reader_out *out)
{
    out->text = out->buf.data ? out->buf.data : "";
    out->len = out->buf.len;
}

tc_rc tc_reader_fail(tc_reader_out *out, tc_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->why, sizeof out->why, fmt, ap);
    va_end(ap);
    return rc;
}

void tc_reader_notice(const tc_reader_opts *opts, long long offset, const char *fmt, ...)
{
    if (!opts || !opts->notice)
        return;
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    opts->notice(opts->ctx, offset, msg);
}

void tc_readers_init(void)
{
    /* Nothing to prepare any more: the readers that use libxml2 (whose
     * globals are not safe to set up from two threads at once) live in the
     * module, which sets libxml2 up once when it is loaded, and they call
     * tc_zipxml_init() (pthread_once) themselves when linked in. */
}
