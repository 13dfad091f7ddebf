/* reader.c: the table of readers and how one is chosen (see reader.h). */
#include "reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const tc_reader tc_reader_text;
extern const tc_reader tc_reader_markdown;

/* Formats with magic bytes go first, so that content wins over a wrong
 * extension; plain text, which accepts any text, comes after them. */
const tc_reader *const tc_readers[] = {&tc_reader_text, &tc_reader_markdown, NULL};

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

const tc_reader *tc_reader_choose(const char *path, const char *data, size_t n)
{
    const tc_reader *by_ext = tc_reader_by_ext(path);
    if (by_ext && by_ext->sniff(data, n))
        return by_ext;
    for (size_t i = 0; tc_readers[i]; i++)
        if (tc_readers[i] != by_ext && tc_readers[i]->sniff(data, n))
            return tc_readers[i];
    return NULL;
}

void tc_reader_out_init(tc_reader_out *out)
{
    memset(out, 0, sizeof *out);
    tc_buf_init(&out->buf, 0);
}

void tc_reader_out_free(tc_reader_out *out)
{
    tc_buf_free(&out->buf);
    free(out->pages);
    memset(out, 0, sizeof *out);
}
