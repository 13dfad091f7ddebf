/*
 * agency.h: finds the agencies a Vietnamese report names (ministries,
 * provincial departments, People's Committees and Councils, Party
 * committees, centres, steering committees) and gives each a stable key.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data: data/agencies.tsv (key, canonical name, level, written variants),
 * compiled into the binary.  "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Sở KHĐT"
 * and "Sở KH-ĐT" are one agency, key "so_khdt".
 *
 * Matching
 *   - The text's view (view.h: cleaned with tc_text_clean(), NFC, one tone
 *     placement, spaces normalised) is cut into words; every offset
 *     reported is a byte offset in the caller's ORIGINAL text.
 *   - Words are compared in lower case; where the text is written without
 *     diacritics they are compared without diacritics too ("So Tu phap").
 *     Hyphens and dashes separate words and are otherwise ignored
 *     ("Sở KH-ĐT" = "Sở KH ĐT").  Abbreviations (words written in capitals
 *     in the table) must be written exactly so: "TU" never matches "từ".
 *   - The longest variant wins ("Thủ tướng Chính phủ" over "Chính phủ",
 *     "Văn phòng UBND tỉnh" over "UBND tỉnh").  Phrases the table marks as
 *     masks ("Chính phủ điện tử") hide the agency inside them.
 *   - A variant inside a document symbol is not a mention: "UBND" in
 *     "739/QĐ-UBND", "STTTT" in "23/BC-STTTT".
 *   - Lists after a generic head: "Các Sở: KHĐT, GDĐT, NV" gives three
 *     mentions (Sở KH&ĐT, Sở GD&ĐT, Sở Nội vụ), each spanning its item.
 *
 * Province of a mention
 *   - central agencies: none ("").
 *   - province-level agencies: the province named right after the agency
 *     on the same line ("UBND tỉnh Quảng Ninh", "Sở Thông tin và Truyền
 *     thông Cao Bằng", "UBND TỈNH HÀ TĨNH"), whose name then belongs to the
 *     mention's span; else the document's province (doc_province_code, may
 *     be NULL).  A bare "tỉnh" right after the agency is part of the span
 *     ("Hội Nhà báo tỉnh").  "Ủy ban nhân dân các tỉnh" names no province.
 *   - district and commune agencies: the document's province.
 *
 * The handle holds the table and scratch buffers; it is not thread-safe
 * (one per thread).  It uses the tc_text and tc_gazetteer handles given to
 * tc_agencies_open(), which must outlive it.
 */
#ifndef TC_AGENCY_H
#define TC_AGENCY_H

#include "../common/tc.h"
#include "gazetteer.h"
#include "text.h"
#include "view.h"

typedef struct tc_agencies tc_agencies;

typedef struct tc_agency_mention {
    char key[48];          /* stable key from the table, "so_khdt" */
    char name[160];        /* canonical name, with the province when it is
                              province-level and known: "Sở Kế hoạch và Đầu tư
                              tỉnh Hà Tĩnh", "Tỉnh ủy Quảng Ninh" */
    char level[12];        /* "central", "province", "district", "commune" */
    char province_code[4]; /* GSO code of the agency's province (2024 era), or "" */
    char text[160];        /* the span as written (cleaned: NFC, spaces collapsed) */
    size_t start, end;     /* byte span in the ORIGINAL text */
} tc_agency_mention;

/* Called once per mention in text order; the struct is valid only during
 * the call.  Return non-zero to stop (tc_agencies_extract returns TC_OK). */
typedef int (*tc_agency_fn)(void *ctx, const tc_agency_mention *m);

/* Loads data/agencies.tsv.  OUT: *out (NULL on failure).  TC_EDATA when the
 * table is missing or malformed. */
tc_rc tc_agencies_open(tc_text *t, const tc_gazetteer *g, tc_agencies **out);
void tc_agencies_close(tc_agencies *a);

/* Reports every agency mention in text[0..len) (UTF-8) through cb.
 * doc_province_code ("42") is the document's own province, or NULL. */
tc_rc tc_agencies_extract(tc_agencies *a, const char *text, size_t len,
                          const char *doc_province_code, tc_agency_fn cb, void *ctx);
/* The same on a document's view (tc_agencies_extract builds one and calls
 * this); offsets are in v->raw.  v is read only during the call. */
tc_rc tc_agencies_extract_view(tc_agencies *a, const tc_view *v, const char *doc_province_code,
                               tc_agency_fn cb, void *ctx);

/* The key of the agency a user typed, appended to out_key: "Sở KH&ĐT",
 * "so kh&dt", "Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh" and "so_khdt" all give
 * "so_khdt".  Here case and capitals are not checked (users type "ubnd
 * tinh").  The whole input must be one agency (a trailing province name is
 * allowed).  TC_ENOTFOUND when it is none (out_key unchanged). */
tc_rc tc_agencies_lookup(tc_agencies *a, const char *user_text, size_t n, tc_buf *out_key);

/* The canonical name (without a province) and level of a key, or
 * NULL when the key is unknown.  *level may be NULL. */
const char *tc_agencies_name(const tc_agencies *a, const char *key, const char **level);

/* ---- word stream (shared with places.c) --------------------------------
 *
 * The cleaned text cut into words and single punctuation marks, each with
 * its lower-case and folded forms.  Letters and digits make words; the
 * marks & , ; : ( ) . / are tokens of their own; spaces, hyphens, dashes,
 * quotes and Markdown emphasis only separate. */

#define TC_WT_WORD 0x1u   /* letters or digits (else one punctuation mark) */
#define TC_WT_CAPS 0x2u   /* >= 2 letters, none in lower case ("HĐND") */
#define TC_WT_UPPER1 0x4u /* starts with a capital letter */
#define TC_WT_ACCENT 0x8u /* written with diacritics or đ */
#define TC_WT_NL 0x10u    /* a line break stands between this and the previous token */

/* 32-bit offsets: a document's text is capped far below 4 GiB, and a
 * token per 4-5 bytes of text made 56-byte tokens the largest part of an
 * index run's memory (28 bytes now). */
typedef struct tc_wtok {
    uint32_t lo, ll; /* lower-case form: offset and length in tc_wstream.lower */
    uint32_t fo, fl; /* folded form (no diacritics, đ -> d) in tc_wstream.fold */
    uint32_t cs, ce; /* byte span in the clean text (tc_wstream.v->clean) */
    unsigned flags;  /* TC_WT_* */
} tc_wtok;

typedef struct tc_wstream {
    tc_text *t;       /* normaliser, not owned */
    tc_view own;      /* the view tc_wstream_build() made (empty otherwise) */
    const tc_view *v; /* the view read (clean text, map): &own or the caller's */
    tc_buf lower;     /* lower-case forms of the tokens, back to back */
    tc_buf fold;      /* folded forms of the tokens, back to back */
    tc_wtok *tok;     /* the tokens in text order */
    size_t n;         /* tokens in use */
    size_t cap;       /* tokens allocated */
    tc_strmap *chars; /* UTF-8 character -> its lower/folded forms (a cache) */
} tc_wstream;

/* Prepares w (no allocation yet).  t must outlive w. */
void tc_wstream_init(tc_wstream *w, tc_text *t);
void tc_wstream_free(tc_wstream *w);
/* Cleans and tokenises s[0..n) (builds w's own view); previous contents
 * are replaced. */
tc_rc tc_wstream_build(tc_wstream *w, const char *s, size_t n);
/* Tokenises a document's view; previous contents are replaced.  w reads v
 * until its next build: v must stay alive while w is used. */
tc_rc tc_wstream_build_view(tc_wstream *w, const tc_view *v);
/* Original byte offsets of clean offsets. */
size_t tc_wstream_orig(const tc_wstream *w, size_t clean_off);
/* Token i's forms (not NUL-terminated; use the lengths). */
static inline const char *tc_wtok_lower(const tc_wstream *w, size_t i)
{
    return w->lower.data + w->tok[i].lo;
}
static inline const char *tc_wtok_fold(const tc_wstream *w, size_t i)
{
    return w->fold.data + w->tok[i].fo;
}
/* 1 when token i's folded form is the ASCII word s. */
int tc_wtok_is(const tc_wstream *w, size_t i, const char *s);
/* 1 when token i folds to `fold` and, if written with diacritics, reads
 * `lower` in lower case ("tỉnh" but not "tính"). */
int tc_wtok_word(const tc_wstream *w, size_t i, const char *fold, const char *lower);
/* 1 when the span of the tokens [i, j) in the clean text is free of
 * symbol context: not glued to "-", "/" or "&" before, nor to "/", "&" or
 * "-<letter>" after ("UBND" in "QĐ-UBND", "STTTT" in "BC-STTTT"). */
int tc_wstream_free_standing(const tc_wstream *w, size_t i, size_t j);
/* Copies the clean text of [cs, ce) into dst (cap bytes), each run of
 * spaces and line breaks as one space, cut at a character boundary. */
void tc_wstream_copy(const tc_wstream *w, size_t cs, size_t ce, char *dst, size_t cap);

/* The folded key under which an issuing agency's name is filed (XA terms):
 * out is reset, then gets the folded name. */
tc_rc tc_agency_key(tc_text *t, const char *name, size_t n, tc_buf *out);

#endif /* TC_AGENCY_H */
