/*
 * reader.h: input formats.  A reader turns a file's bytes into the UTF-8
 * text that the analyzers read, with page breaks and provenance, in the way
 * omega registers one filter per MIME type: a table of readers, chosen by
 * content (magic bytes) first and by extension second.
 *
 * Contract
 *   - tc_reader_choose() never guesses from the extension alone: a reader
 *     is chosen only when its sniff() accepts the bytes, so a renamed PDF
 *     is not read as text and a binary file gets no reader (the caller
 *     skips it with a warning naming it).  A sniff may be shared by several
 *     formats (a zip is .docx or .odt): it then looks inside far enough to
 *     tell them apart.
 *   - read() fills a tc_reader_out: the text either points into the input
 *     (a reader that needs no conversion, such as plain UTF-8 text) or into
 *     out->buf, which it owns.  Offsets reported by the analyzers are byte
 *     offsets in that text, which the index stores; the original file stays
 *     the document's identity (path, size, SHA-256).
 *   - Paged formats (PDF) record where each page starts in the text
 *     (tc_reader_page_begin) and what kind of page it is (text layer,
 *     image only, read by OCR).
 *   - The text never grows past opts->max_text bytes: out->buf is created
 *     with that cap by tc_reader_out_init, so a zip bomb or a 1,000-page PDF
 *     ends in TC_ETOOBIG, never in the memory of the whole machine.  Readers
 *     that unpack (zip members, XML) cap what they unpack the same way.
 *   - On failure read() returns an error (TC_EFORMAT damaged or not this
 *     format, TC_EPASSWORD, TC_ETOOBIG, TC_ENOMEM, TC_EIO) and writes why,
 *     in a short English phrase, into out->why; the caller skips the file
 *     with a warning that names it, and the run goes on.
 *   - Readers never print, exit or keep global state; problems that do not
 *     stop the file (a damaged table, a page that failed OCR) go through
 *     opts->notice.  read() may be called from several threads at once.
 *
 * Adding a format = one file readers/NAME.c with its tc_reader, one line in
 * the table of reader.c, its Debian package in scripts/install-deps.sh and
 * PKGS of the Makefile, and its tests (docs/ARCHITECTURE.md).  A reader
 * that needs a heavy library goes into the loadable module instead
 * (module.h): its file in MOD_C of the Makefile, its sniff and extensions
 * in sniff.c, a weak stand-in in reader.c, a line in module_entry.c.
 */
#ifndef TC_READER_H
#define TC_READER_H

#include "../common/tc.h"

/* A notice about the file: offset is a byte offset or -1. */
typedef void (*tc_reader_notice_fn)(void *ctx, long long offset, const char *msg);
/* Progress through a long read (OCR): page `done` of `total` finished. */
typedef void (*tc_reader_progress_fn)(void *ctx, size_t done, size_t total);

/* The default cap on a document's text: 64 MiB of UTF-8 is some 30,000
 * pages, far beyond any administrative document. */
#define TC_READER_MAX_TEXT ((size_t)64 << 20)

typedef struct tc_reader_opts {
    const char *path;               /* the file (for readers that run a program on it), or NULL */
    int ocr;                        /* 1: read image-only pages with OCR (tesseract, "vie") */
    size_t max_text;                /* cap on the text, bytes (0 = TC_READER_MAX_TEXT) */
    tc_reader_notice_fn notice;     /* may be NULL */
    tc_reader_progress_fn progress; /* may be NULL */
    void *ctx;                      /* passed to notice and progress */
} tc_reader_opts;

/* Kinds of page (tc_reader_out.page_kind). */
enum {
    TC_PAGE_TEXT = 0,  /* text from the file's own text layer */
    TC_PAGE_IMAGE = 1, /* no text layer and not OCR'd: (almost) no text */
    TC_PAGE_OCR = 2    /* text read from the page image by OCR */
};

typedef struct tc_reader_out {
    const char *text; /* UTF-8 text (may hold invalid sequences: the analyzers repair them) */
    size_t len;       /* its length */
    tc_buf buf;       /* owns text when the reader converted it */
    size_t *pages;    /* byte offset in text where each page starts (malloc'd), or NULL */
    unsigned char *page_kind; /* TC_PAGE_* per page, same length as pages */
    size_t npages;            /* count (0 when the format has no pages) */
    size_t image_pages;       /* pages of kind TC_PAGE_IMAGE */
    size_t ocr_pages;         /* pages of kind TC_PAGE_OCR */
    size_t foreign_ocr_pages; /* text pages whose layer an OCR without Vietnamese wrote (no
                                 marks, digits inside words), kept as they are: without
                                 opts->ocr, or when OCR failed */
    const char *encoding;     /* legacy encoding converted from ("TCVN3", "VNI", "VISCII",
                                 "Windows-1258"; static), NULL when the text was Unicode */
    char why[160];            /* on failure: why the file could not be read */
} tc_reader_out;

typedef struct tc_reader {
    const char *name;        /* "text", "docx", "pdf", ...: stored with the document */
    const char *const *exts; /* lower-case extensions without the dot, NULL-ended */
    /* 1 when data[0..n) is in this format (magic bytes, or "is text"). */
    int (*sniff)(const char *data, size_t n);
    tc_rc (*read)(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out);
} tc_reader;

/* The reader registered for path's extension, or NULL: the walk indexes
 * only files some reader claims. */
const tc_reader *tc_reader_by_ext(const char *path);
/* The reader for these bytes: a reader whose sniff accepts them, preferring
 * the one registered for path's extension, except that a format with its
 * own signature (HTML tags, RTF, magic bytes) wins over plain text: a .txt
 * that is really HTML is read as HTML.  NULL when none accepts them. */
const tc_reader *tc_reader_choose(const char *path, const char *data, size_t n);
/* Kept for callers that prepare before starting threads that read; it
 * prepares nothing now: the readers that need libxml2 live in the module
 * (module.h), which sets it up once when loaded.  Safe from any thread. */
void tc_readers_init(void);
/* The reader called name, or NULL. */
const tc_reader *tc_reader_by_name(const char *name);

/* Prepares out for a read under opts (the text cap); opts may be NULL. */
void tc_reader_out_init(tc_reader_out *out, const tc_reader_opts *opts);
void tc_reader_out_free(tc_reader_out *out);
/* Starts a new page of the given kind at the current end of out->buf. */
TC_MUST_USE tc_rc tc_reader_page_begin(tc_reader_out *out, int kind);
/* Makes out->text/len point at out->buf (call once the buffer is complete). */
void tc_reader_out_take_buf(tc_reader_out *out);
/* Sets out->why (printf format) and returns rc: `return tc_reader_fail(out,
 * TC_EFORMAT, "not a zip archive");`. */
tc_rc tc_reader_fail(tc_reader_out *out, tc_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Calls opts->notice when set. */
void tc_reader_notice(const tc_reader_opts *opts, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The readers, in the order content sniffing tries them. */
extern const tc_reader *const tc_readers[];

#endif
