/*
 * doctypes.h: the document types of data/doctypes.tsv, the one table that
 * describes them (its comment explains the columns and flags).
 *
 * A type is its English key ("report", "programme"): what the header reader
 * stores in tc_header.type and in the index, and what `type:` looks up.  The
 * header reader recognises the words of the rows flagged "h"; queries accept
 * a key, a Vietnamese word or a display name.
 *
 * The handle holds the table, loaded from the data embedded in the binary;
 * it is read-only after tc_doctypes_open(), so threads may share it.  The
 * strings of a row live as long as the program (they point into the
 * embedded data); the lower-case and folded forms live as long as the handle.
 */
#ifndef TC_DOCTYPES_H
#define TC_DOCTYPES_H

#include "../common/tc.h"
#include "text.h"

/* Flags of a row (the letters of the flags column). */
#define TC_DOCTYPE_SHORT 0x1u      /* s: "<word> <number>" alone is a reference */
#define TC_DOCTYPE_OWN_CODE 0x2u   /* w: tracuu's own code, never in a symbol */
#define TC_DOCTYPE_NO_SHORT 0x4u   /* x: never a short reference */
#define TC_DOCTYPE_HEADER 0x8u     /* h: a header line's type word */
#define TC_DOCTYPE_NOT_CITED 0x10u /* n: not a citation type word */

typedef struct tc_doctype {
    const char *code;   /* type code, "CTr" */
    const char *word;   /* Vietnamese type word, "Chương trình hành động" */
    const char *key;    /* English key, "programme" */
    const char *name;   /* display name of the key, "Chương trình" */
    unsigned flags;     /* TC_DOCTYPE_* */
    const char *lower;  /* word in canonical lower case (text.h), "chương trình hành động" */
    size_t lower_len;   /* bytes in lower */
    const char *folded; /* word without diacritics, "chuong trinh hanh dong" */
} tc_doctype;

typedef struct tc_doctypes tc_doctypes;

/* Loads the embedded data/doctypes.tsv; t normalises the words.
 * OUT: *out (NULL on failure).  TC_EDATA when the table is missing or
 * malformed (a row without code, word, key or name, an unknown flag),
 * TC_ENOMEM, or an error of t. */
tc_rc tc_doctypes_open(tc_text *t, tc_doctypes **out);
void tc_doctypes_close(tc_doctypes *dt);

/* The rows in table order; NULL when i is past the end. */
const tc_doctype *tc_doctypes_row(const tc_doctypes *dt, size_t i);
/* The header words (rows flagged "h"), longest lower-case word first, so
 * that the first one matching at the start of a line is the right one;
 * NULL when i is past the end. */
const tc_doctype *tc_doctypes_header_word(const tc_doctypes *dt, size_t i);

/* The type a person names in s[0..n): its English key, a Vietnamese word
 * or the display name, in any case, with or without diacritics
 * ("programme", "Chương trình", "chuong trinh hanh dong", "BÁO CÁO").
 * Returns the first row of that key, or NULL when none matches. */
const tc_doctype *tc_doctypes_find(const tc_doctypes *dt, tc_text *t, const char *s, size_t n);

/* Appends every key once, in table order, joined by ", " (for messages). */
tc_rc tc_doctypes_keys(const tc_doctypes *dt, tc_buf *out);

/* The display name of key ("report" -> "Báo cáo") read straight from the
 * embedded table, without a handle; "" when unknown or NULL. */
const char *tc_doctype_name(const char *key);

#endif /* TC_DOCTYPES_H */
