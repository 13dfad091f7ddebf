/* module_entry.c: what readers.so exports (module.h): its table of readers.
 * Linked into the module only, never into the core. */
#include "module.h"
#include "zipxml.h"

extern const tc_reader tc_reader_pdf;
extern const tc_reader tc_reader_docx;
extern const tc_reader tc_reader_odt;
extern const tc_reader tc_reader_doc;
extern const tc_reader tc_reader_html;

static const tc_reader *const module_readers[] = {
    &tc_reader_pdf, &tc_reader_docx, &tc_reader_odt, &tc_reader_doc, &tc_reader_html, NULL,
};

const tc_module_table tc_reader_module = {
    TC_READER_MODULE_ABI, sizeof(tc_reader_out), sizeof(tc_reader_opts),
    module_readers,       tc_zipxml_init, /* libxml2's global set-up, before any thread parses */
};
