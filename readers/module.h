/*
 * module.h: the readers that need heavy libraries live in a module that is
 * loaded the first time one of them is needed.
 *
 * pdf (poppler, cairo; tesseract for --ocr), docx and odt (libzip,
 * libxml2), doc (antiword's XML, read with libxml2) and html (libxml2) are
 * built into readers.so.  The core keeps their names, extensions and
 * sniffs (sniff.h) as weak stand-ins in reader.c whose read() loads the
 * module, so a search, or an index run over plain text, never maps those
 * libraries: they were 85 of the 97 shared libraries the binary mapped and
 * relocated at every start (bench/BASELINE.md, "Quick start").
 *
 * Where the module is looked for, first found wins:
 *   1. $TRACUU_MODULE_DIR/readers.so when that variable is set and not
 *      empty (then nowhere else: tests point it at a missing folder);
 *   2. P/lib/tracuu/readers.so for an executable P/bin/tracuu (its path
 *      from /proc/self/exe): bin/tracuu and lib/tracuu/ in the work tree,
 *      $(PREFIX)/bin and $(PREFIX)/lib/tracuu once installed;
 *   3. TC_MODULE_DIR/readers.so, the install folder compiled in.
 *
 * State: the module is loaded at most once per process (pthread_once) and
 * never unloaded; what the load gives (its table of readers, or why it
 * failed) is immutable afterwards.  That is process state, not a handle's,
 * because readers are called through the plain tc_reader table of reader.h
 * by the indexer's worker threads, with no handle to carry it, and because
 * a mapped library is process-wide anyway; set once and read-only, it is
 * as safe to share as a constant table.
 *
 * Linked in instead: a program that links the module's objects itself
 * (the unit tests, the fuzz harnesses) gets their strong definitions of
 * tc_reader_pdf, tc_reader_docx, ..., which replace the weak stand-ins at
 * link time: nothing is loaded and the tests see the real readers.
 *
 * A module from another build is refused (ABI number and struct sizes).
 * When it cannot be loaded, reading a file of its formats fails with the
 * reason (TC_EIO): the indexer skips that file with a warning naming it
 * and the run goes on.
 */
#ifndef TC_MODULE_H
#define TC_MODULE_H

#include "reader.h"

#define TC_READER_MODULE_ABI 1
#define TC_READER_MODULE_FILE "readers.so"
#define TC_READER_MODULE_SYMBOL "tc_reader_module"

typedef struct tc_module_table {
    unsigned abi;                    /* TC_READER_MODULE_ABI of the module's build */
    size_t out_size;                 /* sizeof(tc_reader_out) in the module's build */
    size_t opts_size;                /* sizeof(tc_reader_opts) in the module's build */
    const tc_reader *const *readers; /* the module's readers, NULL-ended */
    void (*init)(void);              /* run once after loading, before any reader */
} tc_module_table;

/* The module's one export (module_entry.c). */
extern const tc_module_table tc_reader_module;

/* The module's reader called name, loading the module on the first call
 * (any thread; others wait for that load).  NULL when the module cannot be
 * loaded or has no such reader: *why then says why (text that lives as
 * long as the process). */
const tc_reader *tc_module_reader(const char *name, const char **why);

#endif
