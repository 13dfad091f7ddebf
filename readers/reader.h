/*
 * reader.h: input formats.  A reader turns a file's bytes into the UTF-8
 * text that the analyzers read, with optional page breaks, in the way
 * omega registers one filter per MIME type: a table of readers, chosen by
 * content (magic bytes) first and by extension second.
 *
 * Contract
 *   - tc_reader_choose() never guesses from the extension alone: a reader
 *     is chosen only when its sniff() accepts the bytes, so a renamed PDF
 *     is not read as text and a binary file gets no reader (the caller
 *     skips it with a warning naming it).
 *   - read() fills a tc_reader_out: the text either points into the input
 *     (a reader that needs no conversion, such as plain text) or into
 *     out->buf, which it owns.  Offsets reported by the analyzers are byte
 *     offsets in that text, which the index stores.
 *   - Readers never print; problems go through the notice callback, and a
 *     file that cannot be read gives an error code (the run goes on).
 *
 * Adding a format = one file readers/NAME.c with its tc_reader, one line in
 * the table of reader.c, and its tests (docs/ARCHITECTURE.md).
 */
#ifndef TC_READER_H
#define TC_READER_H

#include "../common/tc.h"

/* A notice about the file: offset is a byte offset or -1. */
typedef void (*tc_reader_notice_fn)(void *ctx, long long offset, const char *msg);

typedef struct tc_reader_out {
    const char *text; /* UTF-8 text (may hold invalid sequences: the analyzers repair them) */
    size_t len;       /* its length */
    tc_buf buf;       /* owns text when the reader converted it */
    size_t *pages;    /* byte offset in text where each page starts (malloc'd), or NULL */
    size_t npages;    /* count (0 when the format has no pages) */
} tc_reader_out;

typedef struct tc_reader {
    const char *name;        /* "text", "markdown": stored with the document */
    const char *const *exts; /* lower-case extensions without the dot, NULL-ended */
    /* 1 when data[0..n) is in this format (magic bytes, or "is text"). */
    int (*sniff)(const char *data, size_t n);
    tc_rc (*read)(const char *data, size_t n, tc_reader_out *out, tc_reader_notice_fn notice,
                  void *ctx);
} tc_reader;

/* The reader registered for path's extension, or NULL: the walk indexes
 * only files some reader claims. */
const tc_reader *tc_reader_by_ext(const char *path);
/* The reader for these bytes: a reader whose sniff accepts them, preferring
 * the one registered for path's extension.  NULL when none does. */
const tc_reader *tc_reader_choose(const char *path, const char *data, size_t n);

void tc_reader_out_init(tc_reader_out *out);
void tc_reader_out_free(tc_reader_out *out);

/* The readers, in the order content sniffing tries them. */
extern const tc_reader *const tc_readers[];

#endif
