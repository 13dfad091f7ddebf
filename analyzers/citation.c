/*
 * citation.c: legal-document citation extraction (see citation.h).
 *
 * How it works.  The scan reads the document's view (view.h): the cleaned
 * text (tc_text_clean: NFC, one tone style, spaces normalised) and its
 * lower-case copy with the same byte offsets, so that words are compared in
 * lower case while codes are read in their written case.  Every citation
 * contains a number, so the scan only stops at digits: there it tries a full
 * symbol ("45/2016/QĐ-TTg", "36-NQ/TW"), then a short reference ("Nghị quyết
 * 36"), looks back for "số" and a type word, and looks forward for "ngày
 * <date>" and "của <issuer>".
 */
#include "citation.h"

#include "../common/data.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Only the document's header holds its own number ("Số: 23/BC-STTTT"). */
#define CIT_HEADER_BYTES 1500
/* How many words may stand between a type word and "số" ("Luật Tổ chức chính
 * quyền địa phương số 72/2025/QH15" has six). */
#define CIT_MAX_GAP_WORDS 8
/* An issuer named after "của" is rarely longer than this many words. */
#define CIT_MAX_ISSUER_WORDS 14
/* How many laws a document may fix by number, year or date ("Luật Hóa chất
 * số 69/2025/QH15"); later bare names ("Luật Hóa chất") mean those. */
#define CIT_MAX_PINS 64
/* Joint documents name up to eight issuers ("24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC"). */
#define CIT_MAX_CODES 10

/* doctypes.tsv flags */
#define DT_SHORT 0x1u      /* "<word> <number>" alone is a reference */
#define DT_WORD_ONLY 0x2u  /* tracuu's own code, never inside a symbol */
#define DT_NO_SHORT 0x4u   /* the word never makes a short reference, even with "số" */
#define DT_HEADER 0x8u     /* a header type word (analyzers/doctypes.h; unused here) */
#define DT_NOT_CITED 0x10u /* not a citation type word: the row is skipped */
/* issuers.tsv flags */
#define IS_TERM 0x1u /* followed by the legislature number: QH15 */

typedef struct doctype {
    char code[12];    /* canonical code, "QĐ" */
    char word[64];    /* type word as in the table, "Quyết định" */
    char english[32]; /* English key, "decision" */
    unsigned flags;   /* DT_* */
} doctype;

typedef struct typeword {
    char form[96]; /* the type word in lower case, or folded ("quyet dinh") */
    size_t len;    /* bytes in form */
    int type;      /* index into types */
} typeword;

typedef struct issuer {
    char code[24];  /* canonical code, "TTg" */
    char name[128]; /* name as in the table */
    unsigned flags; /* IS_* */
    int primary;    /* index of the first row with this code (its name) */
} issuer;

typedef struct nameform {
    char form[192]; /* an issuer name in lower case, "thủ tướng chính phủ" */
    size_t len;     /* bytes in form */
    int issuer;     /* index into issuers */
} nameform;

/* A row of laws.tsv. */
typedef struct law {
    char number[24]; /* "24/2018/QH14", "" when the table does not record it */
    char name[148];  /* as promulgated, type word included: "Luật An ninh mạng" (the key of
                        a short reference: the name and a year must fit tc_citation.key) */
    char date[11];   /* adoption date "2018-06-12", "" when only the year is known */
    int year;        /* adoption year */
    int code;        /* 1 for a code (Bộ luật) */
    int name_id;     /* the first row with the same name */
} law;

/* A law's name without its type word, as the scan compares it. */
typedef struct lawform {
    char form[256]; /* "an ninh mạng" (lower case), or folded "an ninh mang" */
    size_t len;     /* bytes in form */
    int law;        /* the first row with this name */
    int folded;     /* the folded form (user-typed keys only) */
} lawform;

struct tc_citer {
    tc_text *t;              /* normaliser, not owned */
    doctype *types;          /* rows of doctypes.tsv */
    size_t n_types;          /* count */
    typeword *words;         /* matching forms of type words, longest first */
    size_t n_words;          /* count */
    issuer *issuers;         /* rows of issuers.tsv */
    size_t n_issuers;        /* count */
    nameform *names;         /* issuer names in lower case, longest first */
    size_t n_names;          /* count */
    tc_strmap *type_codes;   /* "e"/"l"/"f" + code as written/lower/folded -> index+1 */
    tc_strmap *issuer_codes; /* the same for issuer codes */
    law *laws;               /* rows of laws.tsv */
    size_t n_laws;           /* count */
    lawform *lawforms;       /* their names as compared, longest first */
    size_t n_lawforms;       /* count */
    tc_strmap *law_numbers;  /* law_norm() of a number -> row+1 */
    int type_law, type_code; /* rows of LUAT and BLUAT in types */
    int issuer_qh;           /* row of QH in issuers */
    tc_buf tmp;              /* scratch for folding and upper-casing */
};

/* ---- small UTF-8 helpers -------------------------------------------------- */

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}
static int is_ascii_alpha(char ch)
{
    return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
}
static int is_space(char ch)
{
    return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
}
/* Markdown emphasis survives in converted files, even inside citations. */
static int is_emph(char ch)
{
    return ch == '*' || ch == '_';
}

static int cp_is_word(uint32_t cp)
{
    return cp && (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp));
}

/* Appends a copy of s where each character is mapped through u_tolower or
 * u_toupper (the byte lengths may change: see tc_view_lower for a copy with
 * the same offsets). */
static tc_rc map_case(const char *s, size_t n, int upper, tc_buf *out)
{
    tc_rc rc = tc_buf_reserve(out, n);
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t l = tc_utf8_decode(s + i, n - i, &cp);
        char enc[4];
        uint32_t m = upper ? (uint32_t)u_toupper((UChar32)cp) : (uint32_t)u_tolower((UChar32)cp);
        size_t k = tc_utf8_encode(m, enc);
        if (cp == 0xFFFD)
            rc = tc_buf_append(out, s + i, l);
        else
            rc = tc_buf_append(out, enc, k);
        i += l;
    }
    return rc;
}

/* Drops a partial UTF-8 sequence at the end of dst[0..k). */
static size_t utf8_trim(const char *dst, size_t k)
{
    size_t j = k;
    while (j > 0 && ((unsigned char)dst[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return k;
    unsigned char lead = (unsigned char)dst[j - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return k - (j - 1) < need ? j - 1 : k;
}

/* Copies s[0..n) without emphasis markers, each run of spaces as one space,
 * trimmed, cut at a character boundary to fit cap. */
static void copy_collapsed(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (is_emph(ch))
            continue;
        if (is_space(ch)) {
            space = k > 0;
            continue;
        }
        if (k + 1 + (size_t)space >= cap)
            break;
        if (space)
            dst[k++] = ' ';
        space = 0;
        dst[k++] = ch;
    }
    dst[utf8_trim(dst, k)] = 0;
}

/* ---- tables ------------------------------------------------------------------- */

/* Growing arrays while the tables load; the capacities are not kept. */
typedef struct loader {
    tc_citer *c;         /* the handle being filled */
    size_t types_cap;    /* allocated rows of c->types */
    size_t words_cap;    /* ... of c->words */
    size_t issuers_cap;  /* ... of c->issuers */
    size_t names_cap;    /* ... of c->names */
    size_t laws_cap;     /* ... of c->laws */
    size_t lawforms_cap; /* ... of c->lawforms */
} loader;

static tc_rc grow(void **arr, size_t *cap, size_t count, size_t elem)
{
    if (count < *cap)
        return TC_OK;
    size_t nc = *cap ? *cap * 2 : 32;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return TC_ENOMEM;
    *arr = p;
    *cap = nc;
    return TC_OK;
}

/* Splits one TSV line into at most `max` fields (pointers into line, which is
 * modified).  Returns the field count. */
static size_t split_tabs(char *line, char **field, size_t max)
{
    size_t k = 0;
    char *p = line;
    while (k < max) {
        field[k++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
    return k;
}

typedef tc_rc (*row_fn)(loader *ld, char **field, size_t nf);

/* Calls fn for each data line of an embedded TSV file; '#' lines and empty
 * lines are comments. */
static tc_rc each_row(loader *ld, const char *file, row_fn fn)
{
    size_t len = 0;
    const char *data = tc_data_get(file, &len);
    if (!data)
        return TC_EDATA;
    tc_rc rc = TC_OK;
    char line[512];
    for (size_t i = 0; i < len && !rc;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t n = e - i;
        if (n > 0 && data[i + n - 1] == '\r')
            n--;
        if (n >= sizeof line)
            return TC_EDATA;
        memcpy(line, data + i, n);
        line[n] = 0;
        i = e + 1;
        if (n == 0 || line[0] == '#')
            continue;
        char *field[5];
        size_t nf = split_tabs(line, field, 5);
        rc = fn(ld, field, nf);
    }
    return rc;
}

/* Registers a code under its written, lower-case and folded forms; the first
 * row keeps a form that two codes share ("DA" and "ĐA" both fold to "da"). */
static tc_rc put_code(tc_citer *c, tc_strmap *m, const char *code, size_t index)
{
    char key[64];
    size_t n = strlen(code);
    void *value = (void *)(uintptr_t)(index + 1);
    tc_rc rc = TC_OK;
    for (int form = 0; form < 3 && !rc; form++) {
        tc_buf_reset(&c->tmp);
        if (form == 0)
            rc = tc_buf_append(&c->tmp, code, n);
        else if (form == 1)
            rc = map_case(code, n, 0, &c->tmp);
        else
            rc = tc_text_fold(c->t, code, n, &c->tmp);
        if (rc)
            break;
        if (c->tmp.len + 1 > sizeof key)
            return TC_EDATA;
        key[0] = "elf"[form];
        memcpy(key + 1, c->tmp.data, c->tmp.len);
        if (!tc_strmap_get(m, key, c->tmp.len + 1, NULL))
            rc = tc_strmap_put(m, key, c->tmp.len + 1, value);
    }
    return rc;
}

/* Reads a flags column: each allowed letter sets one bit (in order). */
static int parse_flags(const char *s, const char *allowed, unsigned *out)
{
    *out = 0;
    for (; *s; s++) {
        const char *p = strchr(allowed, *s);
        if (!p)
            return 0;
        *out |= 1u << (p - allowed);
    }
    return 1;
}

static tc_rc add_typeword(loader *ld, const char *form, size_t n, int type)
{
    tc_citer *c = ld->c;
    for (size_t i = 0; i < c->n_words; i++)
        if (c->words[i].len == n && memcmp(c->words[i].form, form, n) == 0)
            return TC_OK;
    if (n == 0 || n >= sizeof c->words[0].form)
        return TC_EDATA;
    tc_rc rc = grow((void **)&c->words, &ld->words_cap, c->n_words, sizeof *c->words);
    if (rc)
        return rc;
    typeword *w = &c->words[c->n_words++];
    memcpy(w->form, form, n);
    w->form[n] = 0;
    w->len = n;
    w->type = type;
    return TC_OK;
}

/* code, word, english[, flags[, name]] */
static tc_rc type_row(loader *ld, char **f, size_t nf)
{
    tc_citer *c = ld->c;
    doctype d;
    if (nf < 3 || !*f[0] || !*f[1] || strlen(f[0]) >= sizeof d.code ||
        strlen(f[1]) >= sizeof d.word || strlen(f[2]) >= sizeof d.english)
        return TC_EDATA;
    if (!parse_flags(nf > 3 ? f[3] : "", "swxhn", &d.flags))
        return TC_EDATA;
    if (d.flags & DT_NOT_CITED)
        return TC_OK;
    strcpy(d.code, f[0]);
    strcpy(d.word, f[1]);
    strcpy(d.english, f[2]);
    tc_rc rc = grow((void **)&c->types, &ld->types_cap, c->n_types, sizeof *c->types);
    if (rc)
        return rc;
    int index = (int)c->n_types;
    c->types[c->n_types++] = d;
    if ((rc = put_code(c, c->type_codes, d.code, (size_t)index)))
        return rc;
    /* The word in lower case (as the scan sees text) and without diacritics
     * (as users type it: "quyet dinh"). */
    tc_buf_reset(&c->tmp);
    if ((rc = tc_text_canon(c->t, d.word, strlen(d.word), &c->tmp)))
        return rc;
    if ((rc = add_typeword(ld, c->tmp.data, c->tmp.len, index)))
        return rc;
    tc_buf_reset(&c->tmp);
    if ((rc = tc_text_fold(c->t, d.word, strlen(d.word), &c->tmp)))
        return rc;
    return add_typeword(ld, c->tmp.data, c->tmp.len, index);
}

/* code, name[, flags] */
static tc_rc issuer_row(loader *ld, char **f, size_t nf)
{
    tc_citer *c = ld->c;
    issuer is;
    if (nf < 2 || !*f[0] || !*f[1] || strlen(f[0]) >= sizeof is.code ||
        strlen(f[1]) >= sizeof is.name)
        return TC_EDATA;
    if (!parse_flags(nf > 2 ? f[2] : "", "t", &is.flags))
        return TC_EDATA;
    strcpy(is.code, f[0]);
    strcpy(is.name, f[1]);
    is.primary = (int)c->n_issuers;
    for (size_t i = 0; i < c->n_issuers; i++)
        if (strcmp(c->issuers[i].code, is.code) == 0) {
            is.primary = c->issuers[i].primary;
            is.flags = c->issuers[i].flags;
            break;
        }
    tc_rc rc = grow((void **)&c->issuers, &ld->issuers_cap, c->n_issuers, sizeof *c->issuers);
    if (rc)
        return rc;
    size_t index = c->n_issuers;
    c->issuers[c->n_issuers++] = is;
    if ((rc = put_code(c, c->issuer_codes, is.code, index)))
        return rc;
    tc_buf_reset(&c->tmp);
    if ((rc = tc_text_canon(c->t, is.name, strlen(is.name), &c->tmp)))
        return rc;
    if (c->tmp.len >= sizeof c->names[0].form)
        return TC_EDATA;
    if ((rc = grow((void **)&c->names, &ld->names_cap, c->n_names, sizeof *c->names)))
        return rc;
    nameform *nm = &c->names[c->n_names++];
    memcpy(nm->form, c->tmp.data, c->tmp.len);
    nm->form[c->tmp.len] = 0;
    nm->len = c->tmp.len;
    nm->issuer = (int)index;
    return TC_OK;
}

/* A law number normalised for look-up: lower case, no leading zeros
 * ("06/2012/QH13" -> "6/2012/qh13").  Returns its length, 0 if too long. */
static size_t law_norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0, i = 0;
    while (i + 1 < n && s[i] == '0' && is_digit(s[i + 1]))
        i++;
    for (; i < n; i++) {
        if (k + 1 >= cap)
            return 0;
        out[k++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
    }
    out[k] = 0;
    return k;
}

static tc_rc add_lawform(loader *ld, int row, int folded)
{
    tc_citer *c = ld->c;
    const law *lw = &c->laws[row];
    const char *rest = lw->name + (lw->code ? strlen("Bộ luật ") : strlen("Luật "));
    tc_buf_reset(&c->tmp);
    tc_rc rc = folded ? tc_text_fold(c->t, rest, strlen(rest), &c->tmp)
                      : tc_text_canon(c->t, rest, strlen(rest), &c->tmp);
    if (rc)
        return rc;
    if (c->tmp.len == 0 || c->tmp.len >= sizeof c->lawforms[0].form)
        return TC_EDATA;
    for (size_t i = 0; i < c->n_lawforms; i++)
        if (c->lawforms[i].law == lw->name_id && c->lawforms[i].len == c->tmp.len &&
            memcmp(c->lawforms[i].form, c->tmp.data, c->tmp.len) == 0)
            return TC_OK;
    if ((rc = grow((void **)&c->lawforms, &ld->lawforms_cap, c->n_lawforms, sizeof *c->lawforms)))
        return rc;
    lawform *f = &c->lawforms[c->n_lawforms++];
    memcpy(f->form, c->tmp.data, c->tmp.len);
    f->form[c->tmp.len] = 0;
    f->len = c->tmp.len;
    f->law = lw->name_id;
    f->folded = folded;
    return TC_OK;
}

/* number ("-" when not recorded), name, date (YYYY-MM-DD or YYYY) */
static tc_rc law_row(loader *ld, char **f, size_t nf)
{
    tc_citer *c = ld->c;
    law lw;
    memset(&lw, 0, sizeof lw);
    if (nf < 3 || strlen(f[0]) >= sizeof lw.number || strlen(f[1]) >= sizeof lw.name)
        return TC_EDATA;
    size_t dl = strlen(f[2]);
    if ((dl != 4 && dl != 10) || !is_digit(f[2][0]))
        return TC_EDATA;
    if (strncmp(f[1], "Bộ luật ", strlen("Bộ luật ")) == 0)
        lw.code = 1;
    else if (strncmp(f[1], "Luật ", strlen("Luật ")) != 0)
        return TC_EDATA;
    if (strcmp(f[0], "-") != 0) {
        const char *q = strchr(f[0], '/');
        if (!q || !strstr(f[0], "/QH"))
            return TC_EDATA;
        strcpy(lw.number, f[0]);
    }
    strcpy(lw.name, f[1]);
    if (dl == 10)
        strcpy(lw.date, f[2]);
    lw.year = atoi(f[2]);
    lw.name_id = (int)c->n_laws;
    for (size_t i = 0; i < c->n_laws; i++)
        if (strcmp(c->laws[i].name, lw.name) == 0) {
            lw.name_id = c->laws[i].name_id;
            break;
        }
    tc_rc rc = grow((void **)&c->laws, &ld->laws_cap, c->n_laws, sizeof *c->laws);
    if (rc)
        return rc;
    int row = (int)c->n_laws;
    c->laws[c->n_laws++] = lw;
    if (lw.number[0]) {
        char key[32];
        size_t kl = law_norm(lw.number, strlen(lw.number), key, sizeof key);
        if (!kl || tc_strmap_get(c->law_numbers, key, kl, NULL))
            return TC_EDATA;
        if ((rc = tc_strmap_put(c->law_numbers, key, kl, (void *)(uintptr_t)(row + 1))))
            return rc;
    }
    if ((rc = add_lawform(ld, row, 0)))
        return rc;
    return add_lawform(ld, row, 1);
}

static int by_len_lawforms(const void *a, const void *b)
{
    size_t la = ((const lawform *)a)->len, lb = ((const lawform *)b)->len;
    return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Longest forms first, so that the first match is the longest one
 * ("thông tư liên tịch" before "thông tư"). */
static int by_len_words(const void *a, const void *b)
{
    size_t la = ((const typeword *)a)->len, lb = ((const typeword *)b)->len;
    return la < lb ? 1 : la > lb ? -1 : 0;
}

static int by_len_names(const void *a, const void *b)
{
    size_t la = ((const nameform *)a)->len, lb = ((const nameform *)b)->len;
    return la < lb ? 1 : la > lb ? -1 : 0;
}

static int code_get(const tc_strmap *m, char form, const char *s, size_t n);

tc_rc tc_citer_open(tc_text *t, tc_citer **out)
{
    *out = NULL;
    if (!t)
        return TC_EINVAL;
    tc_citer *c = calloc(1, sizeof *c);
    if (!c)
        return TC_ENOMEM;
    c->t = t;
    tc_buf_init(&c->tmp, 0);
    loader ld = {.c = c};
    tc_rc rc = tc_strmap_new(NULL, &c->type_codes);
    if (!rc)
        rc = tc_strmap_new(NULL, &c->issuer_codes);
    if (!rc)
        rc = each_row(&ld, "doctypes.tsv", type_row);
    if (!rc)
        rc = each_row(&ld, "issuers.tsv", issuer_row);
    if (!rc)
        rc = tc_strmap_new(NULL, &c->law_numbers);
    if (!rc)
        rc = each_row(&ld, "laws.tsv", law_row);
    if (!rc) {
        c->type_law = code_get(c->type_codes, 'e', "LUAT", 4);
        c->type_code = code_get(c->type_codes, 'e', "BLUAT", 5);
        c->issuer_qh = code_get(c->issuer_codes, 'e', "QH", 2);
    }
    if (!rc && (c->n_types == 0 || c->n_issuers == 0 || c->type_law < 0 || c->type_code < 0 ||
                c->issuer_qh < 0))
        rc = TC_EDATA;
    if (rc) {
        tc_citer_close(c);
        return rc;
    }
    qsort(c->words, c->n_words, sizeof *c->words, by_len_words);
    qsort(c->names, c->n_names, sizeof *c->names, by_len_names);
    qsort(c->lawforms, c->n_lawforms, sizeof *c->lawforms, by_len_lawforms);
    *out = c;
    return TC_OK;
}

void tc_citer_close(tc_citer *c)
{
    if (!c)
        return;
    free(c->types);
    free(c->words);
    free(c->issuers);
    free(c->names);
    free(c->laws);
    free(c->lawforms);
    tc_strmap_free(c->law_numbers);
    tc_strmap_free(c->type_codes);
    tc_strmap_free(c->issuer_codes);
    tc_buf_free(&c->tmp);
    free(c);
}

/* One look-up of code s[0..n) under a form prefix: 'e' as written, 'l' in
 * lower case, 'f' folded (see put_code).  Returns the row index or -1. */
static int code_get(const tc_strmap *m, char form, const char *s, size_t n)
{
    char key[64];
    if (n + 1 > sizeof key)
        return -1;
    key[0] = form;
    memcpy(key + 1, s, n);
    void *v = NULL;
    return tc_strmap_get(m, key, n + 1, &v) ? (int)((uintptr_t)v - 1) : -1;
}

/* Looks a code up as written, then in lower case, then (when allowed)
 * without diacritics.  Returns the row index or -1. */
static int code_lookup(tc_citer *c, const tc_strmap *m, const char *s, size_t n, int fold)
{
    int i = code_get(m, 'e', s, n);
    if (i >= 0)
        return i;
    tc_buf_reset(&c->tmp);
    if (map_case(s, n, 0, &c->tmp) == TC_OK && (i = code_get(m, 'l', c->tmp.data, c->tmp.len)) >= 0)
        return i;
    if (!fold)
        return -1;
    tc_buf_reset(&c->tmp);
    if (tc_text_fold(c->t, s, n, &c->tmp) == TC_OK)
        i = code_get(m, 'f', c->tmp.data, c->tmp.len);
    return i;
}

const char *tc_citer_type_word(const tc_citer *c, const char *code, const char **english)
{
    int i = code ? code_get(c->type_codes, 'e', code, strlen(code)) : -1;
    if (english)
        *english = i >= 0 ? c->types[i].english : NULL;
    return i >= 0 ? c->types[i].word : NULL;
}

const char *tc_citer_issuer_name(const tc_citer *c, const char *code)
{
    int i = code ? code_get(c->issuer_codes, 'e', code, strlen(code)) : -1;
    return i >= 0 ? c->issuers[c->issuers[i].primary].name : NULL;
}

/* ---- the scan ------------------------------------------------------------------ */

typedef struct scan {
    tc_citer *c;
    const char *s;       /* cleaned text */
    const char *lc;      /* its lower-case copy (same offsets) */
    size_t n;            /* bytes in both */
    const uint32_t *map; /* cleaned offset -> original offset */
    int key_mode;        /* parsing a user-typed key, not a document */
    size_t floor;        /* look-backs stop here (end of the previous citation) */
    tc_citation_fn cb;   /* receiver */
    void *ctx;           /* its context */
    int stop;            /* the receiver asked to stop */
    size_t law_skip;     /* no law name starts before this (inside an amending law's title) */
    int pin_name[CIT_MAX_PINS]; /* laws the document fixes: name (law row of its first row) */
    int pin_row[CIT_MAX_PINS];  /* ... and the row it means, or -1 when it names two */
    int npins;                  /* count */
} scan;

/* Words that mark "số" and the parts of a date; the folded forms let users
 * type keys without diacritics. */
static const char *const w_so[] = {"số", "so", NULL};
static const char *const w_ngay[] = {"ngày", "ngay", NULL};
static const char *const w_thang[] = {"tháng", "thang", NULL};
static const char *const w_nam[] = {"năm", "nam", NULL};
static const char *const w_cua[] = {"của", "cua", NULL};

/* Words after a number that make it a quantity, not a document number:
 * "Kế hoạch 5 năm", "chương trình 3 tháng", "Dự án 2 xã". */
static const char *const measure_words[] = {
    "năm",  "tháng",  "ngày",  "tuần", "quý",   "giờ",  "phút",  "lần",  "đợt",   "người",
    "xã",   "phường", "huyện", "tỉnh", "điểm",  "cuộc", "lớp",   "đơn",  "hồ",    "triệu",
    "tỷ",   "nghìn",  "ngàn",  "đồng", "km",    "ha",   "trang", "bản",  "văn",   "tin",
    "bài",  "nhiệm",  "mục",   "tiêu", "chỉ",   "giải", "nội",   "điều", "khoản", "chương",
    "phần", "trạm",   "thôn",  "hộ",   "doanh", "cơ",   "sở",    "ban",  "ngành", "tổ",
    "nhóm", "cấp",    "mức",   "bước", "loại",  "vấn",  "chữ",   "lượt", "buổi",  "tiết",
    "con",  "cái",    "chiếc", "dự",   "công",  "hạng", "đề",    "thủ",  "hội",   "tập",
    "lĩnh", "nhà",    "học",   "cán",  "giấy",  NULL};

/* Lower-case words that end an issuer named after "của" ("của UBND tỉnh về
 * việc ...", "của HĐND tỉnh quy định ..."). */
static const char *const issuer_stops[] = {
    "về",    "v/v",   "quy", "phê",   "hướng", "thực", "tại",  "đã",    "để",   "nhằm",
    "trong", "theo",  "đến", "cho",   "là",    "đối",  "được", "có",    "trên", "gồm",
    "nay",   "đang",  "sẽ",  "này",   "ngày",  "số",   "gửi",  "lần",   "từ",   "với",
    "kèm",   "sửa",   "bổ",  "tăng",  "giao",  "tham", "ban",  "triển", "ký",   "thông",
    "năm",   "tháng", "các", "những", "một",   "khi",  "sau",  "trước", "qua",  "do",
    "mà",    "thì",   "như", "nên",   "vì",    "đề",   "chỉ",  "xin",   "yêu",  NULL};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return 1;
    return 0;
}

static int word_before(const scan *sc, size_t i)
{
    if (i == 0)
        return 0;
    return cp_is_word(tc_utf8_at(sc->s, sc->n, tc_utf8_prev(sc->s, i), NULL));
}

static int word_at(const scan *sc, size_t i)
{
    return cp_is_word(tc_utf8_at(sc->s, sc->n, i, NULL));
}

static size_t skip_gap_fwd(const scan *sc, size_t i)
{
    while (i < sc->n && (is_space(sc->s[i]) || is_emph(sc->s[i])))
        i++;
    return i;
}

static size_t skip_gap_back(const scan *sc, size_t i)
{
    while (i > sc->floor && (is_space(sc->s[i - 1]) || is_emph(sc->s[i - 1])))
        i--;
    return i;
}

/* Matches the lower-case form f at i; a space in f matches any run of
 * spaces, line breaks and emphasis.  The match must end at a word boundary.
 * Returns the end, or 0 when it does not match. */
static size_t match_fwd(const scan *sc, size_t i, const char *f, size_t fl)
{
    size_t k = i;
    for (size_t j = 0; j < fl; j++) {
        if (f[j] == ' ') {
            size_t k0 = k;
            while (k < sc->n && (is_space(sc->s[k]) || is_emph(sc->s[k])))
                k++;
            if (k == k0)
                return 0;
            continue;
        }
        if (k >= sc->n || sc->lc[k] != f[j])
            return 0;
        k++;
    }
    return word_at(sc, k) ? 0 : k;
}

/* The same backwards: f must end exactly at q.  Returns its start, or
 * SIZE_MAX. */
static size_t match_back(const scan *sc, size_t q, const char *f, size_t fl)
{
    size_t k = q;
    for (size_t j = fl; j-- > 0;) {
        if (f[j] == ' ') {
            size_t k0 = k;
            while (k > sc->floor && (is_space(sc->s[k - 1]) || is_emph(sc->s[k - 1])))
                k--;
            if (k == k0)
                return SIZE_MAX;
            continue;
        }
        if (k <= sc->floor || sc->lc[k - 1] != f[j])
            return SIZE_MAX;
        k--;
    }
    return word_before(sc, k) ? SIZE_MAX : k;
}

static size_t match_any_fwd(const scan *sc, size_t i, const char *const *forms)
{
    for (; *forms; forms++) {
        size_t e = match_fwd(sc, i, *forms, strlen(*forms));
        if (e)
            return e;
    }
    return 0;
}

static size_t match_any_back(const scan *sc, size_t q, const char *const *forms)
{
    for (; *forms; forms++) {
        size_t b = match_back(sc, q, *forms, strlen(*forms));
        if (b != SIZE_MAX)
            return b;
    }
    return SIZE_MAX;
}

/* The longest type word ending at q: returns its type index and sets *start. */
static int typeword_back(const scan *sc, size_t q, size_t *start)
{
    const tc_citer *c = sc->c;
    for (size_t i = 0; i < c->n_words; i++) {
        size_t b = match_back(sc, q, c->words[i].form, c->words[i].len);
        if (b != SIZE_MAX) {
            *start = b;
            return c->words[i].type;
        }
    }
    return -1;
}

/* The longest type word starting at i and ending by `limit`. */
static int typeword_fwd(const scan *sc, size_t i, size_t limit, size_t *end)
{
    const tc_citer *c = sc->c;
    for (size_t k = 0; k < c->n_words; k++) {
        size_t e = match_fwd(sc, i, c->words[k].form, c->words[k].len);
        if (e && e <= limit) {
            if (end)
                *end = e;
            return c->words[k].type;
        }
    }
    return -1;
}

/* ---- symbols -------------------------------------------------------------------- */

typedef struct range {
    size_t s, e; /* bytes [s, e) of the cleaned text */
    int joined;  /* a code hyphenated across a line break ("BLĐ-" + newline + "TBXH"):
                    the '-' inside is not part of it */
} range;

typedef struct code_info {
    char canon[32]; /* canonical spelling, legislature number included ("QH15") */
    int type;       /* row in types, or -1 */
    int issuer;     /* row in issuers, or -1 */
    int term;       /* legislature number (15 in "QH15"), else 0 */
    int caps;       /* written without lower-case letters ("VX1", "QD") */
    int codeish;    /* looks like a code: a capital first and at least two
                       capitals ("GDTrH", "QLĐTh"), unlike a word ("Hùng") */
} code_info;

typedef struct sym {
    char number[24];               /* "45", "36a" */
    int year;                      /* 2016 in 45/2016/..., else 0 */
    int party;                     /* N-T/I form */
    range code[CIT_MAX_CODES];     /* the codes as written */
    char sep[CIT_MAX_CODES];       /* the separator written before each code after the
                                      first: '-' or '/' ("01.6/GĐN/KSYB") */
    code_info info[CIT_MAX_CODES]; /* what each code is */
    int ncode;                     /* count */
    size_t end;                    /* end of the symbol (or short number) */
} sym;

/* Reads the number at i: 1..max digits and an optional one-letter suffix
 * ("36a", "36ª"); with `dotted`, also groups after dots that a slash follows
 * ("66.18/2026/NQ-CP", "01.6/GĐN", "30.6/GĐN-ĐQ&V": dates of letters used as
 * numbers).  Returns its end, or 0. */
static size_t read_number(const scan *sc, size_t i, size_t max_digits, int dotted, char *out,
                          size_t cap)
{
    size_t j = i;
    while (j < sc->n && is_digit(sc->s[j]))
        j++;
    size_t nd = j - i;
    if (nd == 0 || nd > max_digits || nd + 2 > cap)
        return 0;
    if (dotted && j + 1 < sc->n && sc->s[j] == '.' && is_digit(sc->s[j + 1])) {
        /* up to three groups of 1-4 digits; the number must end at a slash */
        size_t k = j;
        for (int groups = 0;
             groups < 3 && k + 1 < sc->n && sc->s[k] == '.' && is_digit(sc->s[k + 1]); groups++) {
            size_t g = k + 1;
            while (g < sc->n && is_digit(sc->s[g]) && g - k <= 4)
                g++;
            if (g - k - 1 > 4 || (g < sc->n && is_digit(sc->s[g])))
                break;
            k = g;
        }
        size_t q = k;
        while (q < sc->n && sc->s[q] == ' ' && q - k < 2)
            q++;
        if (k > j && q < sc->n && sc->s[q] == '/' && k - i + 1 <= cap) {
            memcpy(out, sc->s + i, k - i);
            out[k - i] = 0;
            return k;
        }
    }
    memcpy(out, sc->s + i, nd);
    out[nd] = 0;
    char suffix = 0;
    size_t after = j;
    if (j < sc->n && is_ascii_alpha(sc->s[j])) {
        suffix = (char)(sc->s[j] | 0x20);
        after = j + 1;
    } else if (j + 1 < sc->n && (unsigned char)sc->s[j] == 0xC2 &&
               (unsigned char)sc->s[j + 1] == 0xAA) {
        suffix = 'a'; /* "36ª": a conversion artefact for "36a" */
        after = j + 2;
    }
    if (suffix && !word_at(sc, after)) {
        out[nd] = suffix;
        out[nd + 1] = 0;
        return after;
    }
    return j;
}

/* Words that conversion glues to the end of a symbol ("TT-BNNPTNTngày"). */
static const char *const glued_words[] = {"ngày", "của", "về", "và", NULL};

/* A code: a letter, then letters, digits and '&' ("CNTT&BCVT", "VX1"). */
static size_t read_code(const scan *sc, size_t i)
{
    size_t len;
    uint32_t cp = tc_utf8_at(sc->s, sc->n, i, &len);
    if (!cp || !u_isalpha((UChar32)cp) || cp == 0xAA)
        return 0;
    size_t j = i + len;
    while (j < sc->n) {
        cp = tc_utf8_at(sc->s, sc->n, j, &len);
        if (!(cp_is_word(cp) || cp == '&'))
            break;
        j += len;
    }
    while (j > i && sc->s[j - 1] == '&')
        j--;
    for (const char *const *w = glued_words; *w; w++) {
        size_t wl = strlen(*w);
        if (j - i > wl && memcmp(sc->s + j - wl, *w, wl) == 0 &&
            u_isupper((UChar32)tc_utf8_at(sc->s, sc->n, tc_utf8_prev(sc->s, j - wl), NULL)))
            return j - wl;
    }
    return j;
}

/* The Latin letter a Cyrillic one stands for in a code, or 0.  Text layers
 * of PDFs sometimes carry Cyrillic look-alikes ("TT-BТС" with Т and С). */
static char latin_lookalike(uint32_t cp)
{
    static const struct {
        uint16_t cyr;
        char latin;
    } map[] = {{0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'},
               {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'},
               {0x0425, 'X'}, {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'},
               {0x0441, 'c'}, {0x0445, 'x'}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].cyr == cp)
            return map[i].latin;
    return 0;
}

/* The code written at r without spaces or line breaks (and without the
 * hyphen of a code split across lines), Cyrillic look-alikes read as Latin.
 * Returns its length. */
static size_t code_text(const scan *sc, range r, char *raw, size_t cap)
{
    size_t n = 0;
    for (size_t i = r.s, len; i < r.e; i += len) {
        uint32_t cp = tc_utf8_at(sc->s, sc->n, i, &len);
        if (is_space(sc->s[i]) || (r.joined && sc->s[i] == '-'))
            continue;
        char lat = latin_lookalike(cp);
        if (lat) {
            if (n + 2 > cap)
                break;
            raw[n++] = lat;
            continue;
        }
        if (n + len + 1 > cap)
            break;
        memcpy(raw + n, sc->s + i, len);
        n += len;
    }
    raw[n] = 0;
    return n;
}

/* Works out what the code written at r is. */
static void resolve_code(scan *sc, range r, code_info *ci)
{
    tc_citer *c = sc->c;
    char raw[32];
    size_t n = code_text(sc, r, raw, sizeof raw);
    ci->type = ci->issuer = -1;
    ci->term = 0;
    /* Without diacritics a Vietnamese word may spell a code ("Từ" folds to
     * "tu", the code of Tỉnh ủy): in documents only codes written in
     * capitals ("QD-TTG", "ƯBND") are read that way. */
    int uppers = 0;
    ci->caps = 1;
    for (size_t i = 0, len; i < n; i += len) {
        UChar32 cp = (UChar32)tc_utf8_at(raw, n, i, &len);
        if (u_islower(cp))
            ci->caps = 0;
        else if (u_isupper(cp))
            uppers++;
    }
    ci->codeish = u_isupper((UChar32)tc_utf8_at(raw, n, 0, NULL)) && (ci->caps || uppers >= 2);
    int fold = sc->key_mode || ci->caps;
    int t = code_lookup(c, c->type_codes, raw, n, fold);
    if (t >= 0 && !(c->types[t].flags & DT_WORD_ONLY))
        ci->type = t;
    ci->issuer = code_lookup(c, c->issuer_codes, raw, n, fold);
    if (ci->type < 0 && ci->issuer < 0 && memchr(raw, '&', n)) {
        /* "BNN&PTNT" is written for BNNPTNT; "CNTT&BCVT" stays as it is */
        char bare[32];
        size_t b = 0;
        for (size_t i = 0; i < n; i++)
            if (raw[i] != '&')
                bare[b++] = raw[i];
        int is = code_lookup(c, c->issuer_codes, bare, b, fold);
        if (is >= 0)
            ci->issuer = is;
    }
    size_t alpha = n;
    while (alpha > 0 && is_digit(raw[alpha - 1]))
        alpha--;
    if (ci->issuer < 0 && alpha > 0 && alpha < n && n - alpha <= 3) {
        int is = code_lookup(c, c->issuer_codes, raw, alpha, fold);
        if (is >= 0 && (c->issuers[is].flags & IS_TERM)) {
            ci->issuer = is;
            ci->term = atoi(raw + alpha);
        }
    }
    if (ci->type >= 0) {
        snprintf(ci->canon, sizeof ci->canon, "%s", c->types[ci->type].code);
    } else if (ci->issuer >= 0 && ci->term) {
        snprintf(ci->canon, sizeof ci->canon, "%s%d", c->issuers[ci->issuer].code, ci->term);
    } else if (ci->issuer >= 0) {
        snprintf(ci->canon, sizeof ci->canon, "%s", c->issuers[ci->issuer].code);
    } else {
        tc_buf_reset(&c->tmp);
        if (map_case(raw, n, 1, &c->tmp) == TC_OK)
            tc_utf8_copy(ci->canon, sizeof ci->canon, c->tmp.data, c->tmp.len);
        else
            tc_utf8_copy(ci->canon, sizeof ci->canon, raw, n);
    }
}

/* A code a symbol may be continued with after a line break or a space:
 * one in the tables, or capitals only ("NĐ-" + newline + "CP", "QĐ- UBND"). */
static int strong_code(scan *sc, size_t i, size_t e)
{
    code_info ci;
    resolve_code(sc, (range){i, e, 0}, &ci);
    return ci.type >= 0 || ci.issuer >= 0 || (ci.caps && ci.codeish && e - i >= 2);
}

/* Skips spaces from i, and at most one line break when `line` is set. */
static size_t skip_blank(const scan *sc, size_t i, int line)
{
    while (i < sc->n && (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '\r' ||
                         (line && sc->s[i] == '\n'))) {
        if (sc->s[i] == '\n')
            line = 0;
        i++;
    }
    return i;
}

/* Where the code after the one ending at j starts when a hyphen joins them:
 * "-CP", and as printed in real documents "- CP", " - CP" and "-" at the end
 * of a line.  Sets *broken when blanks stand after the hyphen.  0 when no
 * code follows. */
static size_t chain_next(scan *sc, size_t j, int *broken)
{
    *broken = 0;
    size_t h = j;
    if (h < sc->n && sc->s[h] == ' ') {
        h = skip_blank(sc, h, 0);
        if (h >= sc->n || sc->s[h] != '-' || h - j > 2)
            return 0;
    }
    if (h + 1 >= sc->n || sc->s[h] != '-')
        return 0;
    if (h == j && read_code(sc, h + 1))
        return h + 1;
    size_t k = skip_blank(sc, h + 1, 1);
    size_t e = k > h + 1 ? read_code(sc, k) : 0;
    if (!e || !strong_code(sc, k, e))
        return 0;
    *broken = 1;
    return k;
}

/* Reads codes joined by '-' from i into y (the first one's separator is
 * `sep`).  Returns the end, or 0 when no code was read. */
static size_t read_chain(scan *sc, size_t i, sym *y, char sep)
{
    size_t j = i, end = 0;
    int first = y->ncode;
    while (y->ncode < CIT_MAX_CODES) {
        size_t e = read_code(sc, j);
        if (!e || e - j >= sizeof y->info[0].canon)
            break;
        y->code[y->ncode] = (range){j, e, 0};
        y->sep[y->ncode] = y->ncode == first ? sep : '-';
        y->ncode++;
        j = end = e;
        int broken = 0;
        size_t k = chain_next(sc, j, &broken);
        if (!k)
            break;
        if (broken && y->ncode > first) {
            /* A code hyphenated at a line end: "BLĐ-" + newline + "TBXH" is
             * one code when the halves are not codes and the whole is. */
            size_t ke = read_code(sc, k);
            range prev = y->code[y->ncode - 1];
            range whole = {prev.s, ke, 1};
            code_info a, b, w;
            resolve_code(sc, prev, &a);
            resolve_code(sc, (range){k, ke, 0}, &b);
            resolve_code(sc, whole, &w);
            if ((w.type >= 0 || w.issuer >= 0) && a.type < 0 && a.issuer < 0 && b.type < 0 &&
                b.issuer < 0) {
                y->code[y->ncode - 1] = whole;
                j = end = ke;
                k = chain_next(sc, j, &broken);
                if (!k)
                    break;
            }
        }
        j = k;
    }
    return y->ncode > first ? end : 0;
}

/* Codes that may stand in a symbol: in the tables, or looking like codes. */
static int codes_ok(const sym *y, int from)
{
    for (int k = from; k < y->ncode; k++)
        if (y->info[k].type < 0 && y->info[k].issuer < 0 && !y->info[k].codeish)
            return 0;
    return 1;
}

/* Tries a full symbol at i.  Fills y (codes resolved) and returns 1. */
static int parse_symbol(scan *sc, size_t i, sym *y)
{
    memset(y, 0, sizeof *y);
    size_t j = read_number(sc, i, 6, 1, y->number, sizeof y->number);
    if (!j)
        return 0;
    size_t end = 0;
    if (j + 1 < sc->n && sc->s[j] == '-' && read_code(sc, j + 1)) {
        /* Party form: 36-NQ/TW[-unit] */
        size_t e = read_code(sc, j + 1);
        if (e >= sc->n || sc->s[e] != '/')
            return 0;
        y->code[0] = (range){j + 1, e, 0};
        y->ncode = 1;
        end = read_chain(sc, e + 1, y, '/');
        if (!end || y->ncode < 2)
            return 0;
        y->party = 1;
    } else {
        size_t k = j;
        while (k < sc->n && k - j < 3 && sc->s[k] == ' ') /* "23 /BC-STTTT" */
            k++;
        if (k >= sc->n || sc->s[k] != '/')
            return 0;
        /* "31/2019/" + newline + "NĐ-CP": a slash may end a line */
        k = skip_blank(sc, k + 1, 1);
        if (k - j > 8)
            return 0;
        if (k + 5 < sc->n && is_digit(sc->s[k]) && is_digit(sc->s[k + 1]) &&
            is_digit(sc->s[k + 2]) && is_digit(sc->s[k + 3]) && sc->s[k + 4] == '/') {
            y->year = atoi(sc->s + k);
            if (y->year < 1945 || y->year > 2099)
                return 0;
            k = skip_blank(sc, k + 5, 1);
        }
        end = read_chain(sc, k, y, '/');
        if (!end)
            return 0;
    }
    for (int k = 0; k < y->ncode; k++)
        resolve_code(sc, y->code[k], &y->info[k]);
    /* More codes after a slash, as companies write their letters
     * ("01.6/GĐN/KSYB", "12/YH/KT-TC"): kept only when they look like codes. */
    while (!y->party && end + 1 < sc->n && sc->s[end] == '/' && read_code(sc, end + 1) &&
           y->ncode < CIT_MAX_CODES) {
        int before = y->ncode;
        size_t e2 = read_chain(sc, end + 1, y, '/');
        for (int k = before; k < y->ncode; k++)
            resolve_code(sc, y->code[k], &y->info[k]);
        if (!e2 || !codes_ok(y, before) || !codes_ok(y, 0)) {
            y->ncode = before;
            break;
        }
        end = e2;
    }
    /* "73/2006/QH 11": a legislature number split off by a stray space. */
    code_info *last = &y->info[y->ncode - 1];
    if (last->issuer >= 0 && !last->term && (sc->c->issuers[last->issuer].flags & IS_TERM) &&
        end + 1 < sc->n && sc->s[end] == ' ' && is_digit(sc->s[end + 1])) {
        size_t d = end + 1;
        while (d < sc->n && is_digit(sc->s[d]) && d - end <= 3)
            d++;
        if (d - end - 1 <= 2 && !word_at(sc, d)) {
            y->code[y->ncode - 1].e = d;
            resolve_code(sc, y->code[y->ncode - 1], last);
            end = d;
        }
    }
    y->end = end;
    return 1;
}

/* Tries a short reference at i: a number (and "/year") with nothing after it
 * that makes it a quantity. */
static int parse_short(scan *sc, size_t i, sym *y)
{
    memset(y, 0, sizeof *y);
    size_t j = read_number(sc, i, 4, 0, y->number, sizeof y->number);
    if (!j)
        return 0;
    if (j + 4 < sc->n && sc->s[j] == '/' && is_digit(sc->s[j + 1]) && is_digit(sc->s[j + 2]) &&
        is_digit(sc->s[j + 3]) && is_digit(sc->s[j + 4]) && !word_at(sc, j + 5) &&
        !(j + 5 < sc->n && (sc->s[j + 5] == '/' || sc->s[j + 5] == '-'))) {
        y->year = atoi(sc->s + j + 1);
        if (y->year < 1945 || y->year > 2099)
            return 0;
        j += 5;
    }
    if (word_at(sc, j))
        return 0;
    if (j + 1 < sc->n && (sc->s[j] == '/' || sc->s[j] == '-') && word_at(sc, j + 1))
        return 0;
    if (j + 1 < sc->n && (sc->s[j] == '.' || sc->s[j] == ',') && is_digit(sc->s[j + 1]))
        return 0; /* "12,5", "1.501" */
    size_t nd = strlen(y->number);
    if (!y->year && nd == 4 && is_digit(y->number[3])) {
        int v = atoi(y->number);
        if (v >= 1800 && v <= 2099)
            return 0; /* "Nghị Quyết 2018", "đạo luật 1917": a year */
    }
    size_t k = j;
    while (k < sc->n && sc->s[k] == ' ')
        k++;
    if (k < sc->n && sc->s[k] == '%')
        return 0;
    size_t we = k;
    while (we < sc->n && word_at(sc, we)) {
        size_t len;
        tc_utf8_at(sc->s, sc->n, we, &len);
        we += len;
    }
    if (we > k && in_list(measure_words, sc->lc + k, we - k))
        return 0;
    y->end = j;
    return 1;
}

/* ---- what surrounds a citation ------------------------------------------------ */

typedef struct around {
    int type;          /* type word's row, or -1 */
    size_t type_start; /* where the type word starts */
    int so;            /* "số" written */
    size_t so_start;   /* where it starts */
    int colon;         /* "số:" as in a header's "Số: 23/BC-STTTT" */
} around;

/* Looks back from the number at i for "số" and a type word. */
static void look_back(const scan *sc, size_t i, int allow_gap, around *a)
{
    memset(a, 0, sizeof *a);
    a->type = -1;
    size_t q = skip_gap_back(sc, i);
    size_t q2 = q;
    int colon = q2 > sc->floor && sc->s[q2 - 1] == ':';
    if (colon)
        q2 = skip_gap_back(sc, q2 - 1);
    size_t b = match_any_back(sc, q2, w_so);
    if (b != SIZE_MAX) {
        a->so = 1;
        a->colon = colon;
        a->so_start = b;
        q = skip_gap_back(sc, b);
    }
    size_t ts;
    int t = typeword_back(sc, q, &ts);
    if (t >= 0) {
        a->type = t;
        a->type_start = ts;
        return;
    }
    if (!a->so || !allow_gap)
        return;
    /* "Luật Tổ chức chính quyền địa phương số 72/2025/QH15": a capitalised
     * type word a few words before "số". */
    size_t p = a->so_start;
    for (int words = 0; words < CIT_MAX_GAP_WORDS; words++) {
        while (p > sc->floor && (sc->s[p - 1] == ' ' || sc->s[p - 1] == '\n'))
            p--;
        if (p <= sc->floor || !word_before(sc, p))
            return;
        size_t ws = p;
        while (ws > sc->floor && word_before(sc, ws))
            ws = tc_utf8_prev(sc->s, ws);
        uint32_t first = tc_utf8_at(sc->s, sc->n, ws, NULL);
        if (u_isdigit((UChar32)first))
            return;
        if (u_isupper((UChar32)first) || u_istitle((UChar32)first)) {
            t = typeword_fwd(sc, ws, a->so_start, NULL);
            if (t >= 0) {
                a->type = t;
                a->type_start = ws;
                return;
            }
        }
        p = ws;
    }
}

/* The start of the line holding i holds nothing but spaces and table or
 * emphasis marks before i. */
static int line_initial(const scan *sc, size_t i)
{
    while (i > 0) {
        char ch = sc->s[i - 1];
        if (ch == '\n')
            return 1;
        if (!(ch == ' ' || ch == '|' || ch == '\\' || is_emph(ch)))
            return 0;
        i--;
    }
    return 1;
}

/* The document's own number: a header line that starts with "Số" ("Số:
 * 23/BC-STTTT", "Số 60-NQ/TW") or with "<type> số:" ("Luật số: 73/2006/QH 11"),
 * near the top.  A line starting "Văn bản số 12/..." is a reference.  Further
 * down, a line that starts with "Số:" is a header too: the authentication
 * block that ends a consolidated text ("XÁC THỰC VĂN BẢN HỢP NHẤT ... Số:
 * 2651/VBHN-BLĐTBXH"), or the header of an attached document. */
static int own_number(const scan *sc, const around *a, size_t start)
{
    if (sc->key_mode || !a->so)
        return 0;
    if (a->colon && line_initial(sc, a->so_start))
        return 1;
    if (start >= CIT_HEADER_BYTES || !line_initial(sc, start))
        return 0;
    return a->type < 0 || a->colon;
}

/* Reads "D/M/YYYY", "D-M-YYYY", "D.M.YYYY" or "D tháng M năm YYYY" at p. */
static size_t parse_date(const scan *sc, size_t p, char out[11])
{
    int d = 0, m = 0, y = 0;
    size_t k = p, s0 = p;
    while (k < sc->n && is_digit(sc->s[k]) && k - s0 < 2)
        d = d * 10 + (sc->s[k++] - '0');
    if (k == s0 || k >= sc->n)
        return 0;
    char sep = sc->s[k];
    if (sep == '/' || sep == '-' || sep == '.') {
        s0 = ++k;
        while (k < sc->n && is_digit(sc->s[k]) && k - s0 < 2)
            m = m * 10 + (sc->s[k++] - '0');
        if (k == s0 || k >= sc->n || sc->s[k] != sep)
            return 0;
        s0 = ++k;
    } else {
        k = skip_gap_fwd(sc, k);
        size_t e = match_any_fwd(sc, k, w_thang);
        if (!e)
            return 0;
        k = skip_gap_fwd(sc, e);
        s0 = k;
        while (k < sc->n && is_digit(sc->s[k]) && k - s0 < 2)
            m = m * 10 + (sc->s[k++] - '0');
        if (k == s0)
            return 0;
        k = skip_gap_fwd(sc, k);
        e = match_any_fwd(sc, k, w_nam);
        if (!e)
            return 0;
        k = skip_gap_fwd(sc, e);
        s0 = k;
    }
    while (k < sc->n && is_digit(sc->s[k]) && k - s0 < 4)
        y = y * 10 + (sc->s[k++] - '0');
    if (k - s0 != 4 || (k < sc->n && is_digit(sc->s[k])))
        return 0;
    if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1900 || y > 2099)
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return k;
}

/* The longest issuer name (from the table) at p; sets *issuer. */
static size_t name_at(const scan *sc, size_t p, int *issuer)
{
    const tc_citer *c = sc->c;
    for (size_t i = 0; i < c->n_names; i++) {
        size_t e = match_fwd(sc, p, c->names[i].form, c->names[i].len);
        if (e) {
            *issuer = c->names[i].issuer;
            return e;
        }
    }
    return 0;
}

static size_t word_end(const scan *sc, size_t p)
{
    size_t len;
    while (p < sc->n) {
        uint32_t cp = tc_utf8_at(sc->s, sc->n, p, &len);
        if (!(cp_is_word(cp) || cp == '&' || cp == '/'))
            break;
        p += len;
    }
    return p;
}

/* Whether a word at p may continue an issuer's name. */
static int issuer_word_ok(scan *sc, size_t p, size_t we, int first)
{
    uint32_t cp = tc_utf8_at(sc->s, sc->n, p, NULL);
    if (u_isdigit((UChar32)cp))
        return 0;
    int upper = u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
    if (first && !upper)
        return 0;
    if (!upper && in_list(issuer_stops, sc->lc + p, we - p))
        return 0;
    return typeword_fwd(sc, p, sc->n, NULL) < 0;
}

/* Reads the issuer named at p (after "của").  Returns its end (p when none)
 * and sets *issuer to the first table issuer it contains, or -1. */
static size_t parse_issuer(scan *sc, size_t p, int *issuer)
{
    *issuer = -1;
    size_t end = p;
    for (int words = 0; words < CIT_MAX_ISSUER_WORDS; words++) {
        size_t q = p;
        if (words > 0) {
            q = end;
            while (q < sc->n && (is_space(sc->s[q]) || is_emph(sc->s[q])))
                q++;
            if (q == end)
                break;
        }
        int is = -1;
        size_t e = name_at(sc, q, &is);
        if (e) {
            if (*issuer < 0)
                *issuer = is;
            end = e;
            continue;
        }
        size_t we = word_end(sc, q);
        if (we == q)
            break;
        is = code_get(sc->c->issuer_codes, 'e', sc->s + q, we - q);
        if (is >= 0) {
            if (*issuer < 0)
                *issuer = is;
            end = we;
            continue;
        }
        if (!issuer_word_ok(sc, q, we, words == 0))
            break;
        if (we - q == 3 && memcmp(sc->lc + q, "và", 3) == 0) {
            /* "Sở Kế hoạch và Đầu tư", but not "HĐND tỉnh và Chương trình" */
            size_t r = we;
            while (r < sc->n && (is_space(sc->s[r]) || is_emph(sc->s[r])))
                r++;
            size_t re = word_end(sc, r);
            uint32_t cp = tc_utf8_at(sc->s, sc->n, r, NULL);
            if (re == r || !(u_isupper((UChar32)cp) || u_istitle((UChar32)cp)) ||
                !issuer_word_ok(sc, r, re, 1))
                break;
        }
        end = we;
    }
    return end;
}

/* ---- building a citation ------------------------------------------------------- */

static int append(char *dst, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > cap)
        return 0;
    memcpy(dst + *len, s, n + 1);
    *len += n;
    return 1;
}

/* Joins info[from..ncode) with their separators ('-', or '/' in
 * "01.6/GĐN/KSYB") into dst. */
static int join_codes(const sym *y, int from, char *dst, size_t cap)
{
    size_t len = 0;
    dst[0] = 0;
    for (int k = from; k < y->ncode; k++) {
        char sep[2] = {y->sep[k] ? y->sep[k] : '-', 0};
        if ((k > from && !append(dst, cap, &len, sep)) || !append(dst, cap, &len, y->info[k].canon))
            return 0;
    }
    return 1;
}

/* Decides what a full symbol is and fills the key and parts.  `context`
 * says whether a type word or "số" stands before it.  Returns 0 when the
 * symbol is not a citation. */
static int interpret(scan *sc, const sym *y, int context, tc_citation *out)
{
    const tc_citer *c = sc->c;
    const code_info *ci = y->info;
    int bare_ok = 0, issuer_at = -1, unit_from = -1;
    for (int k = 0; k < y->ncode; k++)
        if (!sc->key_mode && ci[k].type < 0 && ci[k].issuer < 0 && !ci[k].codeish)
            return 0; /* "100/tháng", "số 383/ Hùng Vương": words, not codes */
    if (y->party) {
        if (ci[0].type < 0)
            return 0;
        issuer_at = 1;
        unit_from = 2;
        bare_ok = 1;
    } else if (ci[0].type >= 0) {
        if (y->ncode >= 2) {
            issuer_at = 1;
            unit_from = 2;
            bare_ok = ci[1].issuer >= 0 || y->year;
        }
    } else if (ci[0].issuer >= 0) {
        issuer_at = 0;
        unit_from = 1;
        bare_ok = 1;
    } else {
        issuer_at = 0; /* an unknown issuer: "1267/XYZ-AB" after "Văn bản số" */
        unit_from = 1;
    }
    if (!bare_ok && !context)
        return 0;
    if (ci[0].type >= 0)
        tc_utf8_copy(out->type, sizeof out->type, ci[0].canon, strlen(ci[0].canon));
    if (issuer_at >= 0 && issuer_at < y->ncode) {
        const code_info *is = &ci[issuer_at];
        if (is->issuer >= 0)
            snprintf(out->issuer, sizeof out->issuer, "%s", c->issuers[is->issuer].code);
        else
            tc_utf8_copy(out->issuer, sizeof out->issuer, is->canon, strlen(is->canon));
        out->term = is->term;
    }
    if (unit_from >= 0 && unit_from < y->ncode &&
        !join_codes(y, unit_from, out->unit, sizeof out->unit))
        return 0;
    size_t len = 0;
    char tmp[16];
    out->key[0] = 0;
    if (!append(out->key, sizeof out->key, &len, y->number))
        return 0;
    if (y->party) {
        char rest[96];
        if (!join_codes(y, 1, rest, sizeof rest))
            return 0;
        return append(out->key, sizeof out->key, &len, "-") &&
               append(out->key, sizeof out->key, &len, ci[0].canon) &&
               append(out->key, sizeof out->key, &len, "/") &&
               append(out->key, sizeof out->key, &len, rest);
    }
    if (y->year) {
        snprintf(tmp, sizeof tmp, "/%d", y->year);
        if (!append(out->key, sizeof out->key, &len, tmp))
            return 0;
    }
    char chain[96];
    return join_codes(y, 0, chain, sizeof chain) && append(out->key, sizeof out->key, &len, "/") &&
           append(out->key, sizeof out->key, &len, chain);
}

/* Fills date and issuer from the words after the citation; returns where
 * they end. */
static size_t read_after(scan *sc, size_t p, tc_citation *out, int *issuer_row)
{
    *issuer_row = -1;
    size_t k = skip_gap_fwd(sc, p);
    if (k < sc->n && sc->s[k] == ',')
        k = skip_gap_fwd(sc, k + 1);
    size_t e = match_any_fwd(sc, k, w_ngay);
    if (e) {
        size_t d = parse_date(sc, skip_gap_fwd(sc, e), out->date);
        if (d) {
            p = d;
            k = skip_gap_fwd(sc, d);
            if (k < sc->n && sc->s[k] == ',')
                k = skip_gap_fwd(sc, k + 1);
        }
    }
    e = match_any_fwd(sc, k, w_cua);
    if (e) {
        size_t s0 = skip_gap_fwd(sc, e);
        size_t ie = parse_issuer(sc, s0, issuer_row);
        if (ie > s0) {
            copy_collapsed(out->issuer_name, sizeof out->issuer_name, sc->s + s0, ie - s0);
            p = ie;
        }
    }
    return p;
}

/* Reports the citation spanning [start, y->end) of the cleaned text. */
static size_t emit(scan *sc, size_t start, const sym *y, tc_citation *cit)
{
    tc_citer *c = sc->c;
    int row = -1;
    size_t after = read_after(sc, y->end, cit, &row);
    if (!cit->issuer[0] && row >= 0) {
        snprintf(cit->issuer, sizeof cit->issuer, "%s", c->issuers[row].code);
    }
    if (!cit->issuer_name[0] && cit->issuer[0]) {
        int is = code_get(c->issuer_codes, 'e', cit->issuer, strlen(cit->issuer));
        if (is >= 0)
            snprintf(cit->issuer_name, sizeof cit->issuer_name, "%s",
                     c->issuers[c->issuers[is].primary].name);
    }
    snprintf(cit->number, sizeof cit->number, "%s", y->number);
    cit->year = y->year;
    cit->start = sc->map[start];
    cit->end = sc->map[y->end];
    copy_collapsed(cit->text, sizeof cit->text, sc->s + start, y->end - start);
    if (sc->cb(sc->ctx, cit))
        sc->stop = 1;
    sc->floor = after; /* later look-backs must not reach into this citation */
    return after;
}

/* Tries a citation whose number starts at i; returns where scanning goes on. */
static size_t try_at(scan *sc, size_t i)
{
    tc_citer *c = sc->c;
    sym y;
    around a;
    tc_citation cit;
    if (parse_symbol(sc, i, &y)) {
        look_back(sc, i, 1, &a);
        size_t start = a.type >= 0 ? a.type_start : a.so ? a.so_start : i;
        memset(&cit, 0, sizeof cit);
        if (interpret(sc, &y, a.type >= 0 || a.so, &cit)) {
            if (own_number(sc, &a, start))
                return sc->floor = y.end;
            if (!cit.type[0] && a.type >= 0)
                snprintf(cit.type, sizeof cit.type, "%s", c->types[a.type].code);
            return emit(sc, start, &y, &cit);
        }
    }
    if (parse_short(sc, i, &y)) {
        look_back(sc, i, 0, &a);
        /* In documents a short reference names its type with a capital
         * ("Nghị quyết 36"); "pháp luật 1 chút" is not one. */
        uint32_t first = a.type >= 0 ? tc_utf8_at(sc->s, sc->n, a.type_start, NULL) : 0;
        int capital = u_isupper((UChar32)first) || u_istitle((UChar32)first);
        /* "QUYẾT ĐỊNH" + newline + "1. Bố cục": a heading, then a list item */
        int list_item = !sc->key_mode && line_initial(sc, i) && y.end < sc->n &&
                        (sc->s[y.end] == '.' || sc->s[y.end] == ')');
        if (a.type >= 0 && !(c->types[a.type].flags & DT_NO_SHORT) && !list_item &&
            (a.so || ((c->types[a.type].flags & DT_SHORT) && (capital || sc->key_mode)))) {
            if (own_number(sc, &a, a.type_start))
                return sc->floor = y.end;
            memset(&cit, 0, sizeof cit);
            const char *code = c->types[a.type].code;
            snprintf(cit.type, sizeof cit.type, "%s", code);
            if (y.year)
                snprintf(cit.key, sizeof cit.key, "%s %s/%d", code, y.number, y.year);
            else
                snprintf(cit.key, sizeof cit.key, "%s %s", code, y.number);
            cit.is_short = 1;
            return emit(sc, a.type_start, &y, &cit);
        }
    }
    size_t j = i;
    while (j < sc->n && is_digit(sc->s[j]))
        j++;
    return j;
}

/* ---- laws cited by name -------------------------------------------------------- */

/* Notes that the document means law row `row` by its name. */
static void pin_law(scan *sc, int row)
{
    int name = sc->c->laws[row].name_id;
    for (int i = 0; i < sc->npins; i++)
        if (sc->pin_name[i] == name) {
            if (sc->pin_row[i] != row)
                sc->pin_row[i] = -1; /* two versions: the bare name stays ambiguous */
            return;
        }
    if (sc->npins < CIT_MAX_PINS) {
        sc->pin_name[sc->npins] = name;
        sc->pin_row[sc->npins++] = row;
    }
}

/* The row the document fixes for a name: -1 when none, -2 when two. */
static int pinned(const scan *sc, int name)
{
    for (int i = 0; i < sc->npins; i++)
        if (sc->pin_name[i] == name)
            return sc->pin_row[i] >= 0 ? sc->pin_row[i] : -2;
    return -1;
}

/* Fixes every law the document cites by number anywhere ("…/2025/QH15"), so
 * that a bare name before it (a decree's title before its preamble) is read
 * as that law too. */
static void pin_numbers(scan *sc)
{
    const tc_citer *c = sc->c;
    for (size_t p = 0; p + 3 < sc->n; p++) {
        const char *q = memmem(sc->lc + p, sc->n - p, "/qh", 3);
        if (!q)
            break;
        p = (size_t)(q - sc->lc);
        size_t t = p + 3, te = t;
        while (te < sc->n && is_digit(sc->s[te]) && te - t < 2)
            te++;
        if (te == t || (te < sc->n && is_digit(sc->s[te])) || p < 6)
            continue;
        size_t y = p - 4; /* "/2018" before "/qh" */
        if (sc->s[y - 1] != '/' || !is_digit(sc->s[y]) || !is_digit(sc->s[y + 3]))
            continue;
        size_t ns = y - 1;
        while (ns > 0 && is_digit(sc->s[ns - 1]) && y - 1 - ns < 4)
            ns--;
        if (ns == y - 1 || (ns > 0 && is_digit(sc->s[ns - 1])))
            continue;
        char key[32];
        size_t kl = law_norm(sc->s + ns, te - ns, key, sizeof key);
        void *v = NULL;
        if (kl && tc_strmap_get(c->law_numbers, key, kl, &v))
            pin_law(sc, (int)((uintptr_t)v - 1));
    }
}

/* Words that may follow a law's name; any other lower-case word means the
 * name goes on ("Luật Đầu tư công" is not "Luật Đầu tư"). */
static const char *const law_followers[] = {
    "số",   "ngày", "năm",   "của",  "và",    "hoặc", "được",  "đã",    "đang",  "về",
    "quy",  "thì",  "có",    "sửa",  "tại",   "theo", "trong", "khi",   "với",   "do",
    "để",   "là",   "hiện",  "mới",  "cũng",  "cùng", "các",   "những", "như",   "đối",
    "gồm",  "sẽ",   "không", "chưa", "vẫn",   "nêu",  "trên",  "thuộc", "cho",   "đều",
    "cần",  "phải", "nhưng", "mà",   "đến",   "từ",   "bị",    "ban",   "hướng", "thi",
    "liên", "còn",  "vào",   "này",  "tháng", "hết",  "sau",   "trước", "nay",   NULL};

/* The law's name read at p may end at e. */
static int law_name_ends(const scan *sc, size_t e)
{
    size_t k = e;
    while (k < sc->n && (is_space(sc->s[k]) || is_emph(sc->s[k])))
        k++;
    if (k >= sc->n)
        return 1;
    uint32_t cp = tc_utf8_at(sc->s, sc->n, k, NULL);
    if (!cp_is_word(cp))
        return 1; /* punctuation: ";", ",", "(", "”" */
    if (u_isdigit((UChar32)cp) || u_isupper((UChar32)cp) || u_istitle((UChar32)cp))
        return 1; /* "Luật xây dựng 2014", "Luật Hóa chất Nghị định ..." */
    size_t we = k;
    while (we < sc->n && word_at(sc, we)) {
        size_t len;
        tc_utf8_at(sc->s, sc->n, we, &len);
        we += len;
    }
    return in_list(law_followers, sc->lc + k, we - k);
}

/* The year written at p as "năm 2013", "2013" or "ngày 18/6/2012" (the date
 * into date[]).  Returns where it ends (p when none). */
static size_t law_when(const scan *sc, size_t p, int *year, char date[11])
{
    *year = 0;
    date[0] = 0;
    size_t k = skip_gap_fwd(sc, p);
    if (k < sc->n && sc->s[k] == ',')
        k = skip_gap_fwd(sc, k + 1);
    size_t e = match_any_fwd(sc, k, w_ngay);
    if (e) {
        size_t d = parse_date(sc, skip_gap_fwd(sc, e), date);
        if (d) {
            *year = atoi(date);
            return p; /* the date stays for read_after: it is cit.date */
        }
        return p;
    }
    e = match_any_fwd(sc, k, w_nam);
    if (e)
        k = skip_gap_fwd(sc, e);
    size_t d = k;
    while (d < sc->n && is_digit(sc->s[d]) && d - k < 5)
        d++;
    if (d - k != 4 || word_at(sc, d) || (d < sc->n && (sc->s[d] == '/' || sc->s[d] == '.')))
        return p;
    int y = atoi(sc->s + k);
    if (y < 1945 || y > 2099)
        return p;
    *year = y;
    return d;
}

/* No lower-case letter in s[i..e). */
static int all_caps(const scan *sc, size_t i, size_t e)
{
    for (size_t len; i < e; i += len)
        if (u_islower((UChar32)tc_utf8_at(sc->s, sc->n, i, &len)))
            return 0;
    return 1;
}

/* Reports a law named at i ("Luật", "Bộ luật" then a name from laws.tsv).
 * Returns where the scan goes on, or 0 when nothing is cited here. */
static size_t try_law(scan *sc, size_t i)
{
    tc_citer *c = sc->c;
    if (i < sc->law_skip || word_before(sc, i))
        return 0;
    int code = 0;
    size_t te = match_fwd(sc, i, "bộ luật", strlen("bộ luật"));
    if (te)
        code = 1;
    else if (sc->key_mode && (te = match_fwd(sc, i, "bo luat", 7)))
        code = 1;
    else if (!(te = match_fwd(sc, i, "luật", strlen("luật"))) &&
             !(sc->key_mode && (te = match_fwd(sc, i, "luat", 4))))
        return 0;
    if (!sc->key_mode) {
        /* Laws are named with a capital ("Luật", "LUẬT", "Bộ luật"), never as
         * in "pháp luật", "kỷ luật", "quy luật", "dự luật". */
        uint32_t first = tc_utf8_at(sc->s, sc->n, i, NULL);
        if (!(u_isupper((UChar32)first) || u_istitle((UChar32)first)))
            return 0;
        if (!code && i > 0) {
            size_t b = skip_gap_back(sc, i);
            static const char *const before[] = {"pháp", "kỷ", "quy", "dự", NULL};
            if (b < i && match_any_back(sc, b, before) != SIZE_MAX)
                return 0;
        }
        /* "LUẬT" alone on its line: the law's own header, its title below */
        size_t k = te;
        while (k < sc->n && (sc->s[k] == ' ' || sc->s[k] == '\t' || is_emph(sc->s[k])))
            k++;
        if (line_initial(sc, i) && (k >= sc->n || sc->s[k] == '\n' || sc->s[k] == '\r'))
            return 0;
    }
    size_t p = skip_gap_fwd(sc, te);
    int nm = -1;
    size_t me = 0;
    for (size_t k = 0; k < c->n_lawforms; k++) {
        const lawform *f = &c->lawforms[k];
        if ((f->folded && !sc->key_mode) || c->laws[f->law].code != code)
            continue;
        size_t e = match_fwd(sc, p, f->form, f->len);
        if (!e)
            continue;
        /* The longest name written decides: a shorter one that starts it
         * ("Luật Quy hoạch đô thị" in "Luật Quy hoạch đô thị và nông thôn
         * lựa chọn") is not what the text names. */
        if (law_name_ends(sc, e)) {
            nm = f->law;
            me = e;
        }
        break;
    }
    if (nm < 0) {
        /* An amending law not in the table: the laws its title names are part
         * of that title, not citations of their own. */
        if (match_fwd(sc, p, "sửa đổi", strlen("sửa đổi"))) {
            size_t k = p;
            while (k < sc->n && k - p < 400 && sc->s[k] != ';' && sc->s[k] != '.' &&
                   !(is_digit(sc->s[k]) && k > 0 && !word_before(sc, k)))
                k++;
            sc->law_skip = k;
        }
        return 0;
    }
    sc->law_skip = me; /* nothing inside the name starts another law */
    if (!sc->key_mode && i < CIT_HEADER_BYTES && line_initial(sc, i) && all_caps(sc, i, me)) {
        /* "LUẬT BÌNH ĐẲNG GIỚI" on a line of its own at the top: the law's
         * own title */
        size_t k = me;
        while (k < sc->n && (sc->s[k] == ' ' || sc->s[k] == '\t' || is_emph(sc->s[k])))
            k++;
        if (k >= sc->n || sc->s[k] == '\n' || sc->s[k] == '\r')
            return me;
    }
    /* "Luật Hóa chất số 69/2025/QH15", "Luật Hóa chất 69/2025/QH15": the
     * symbol is read as usual, the number fixes the name (pin_numbers). */
    size_t k = skip_gap_fwd(sc, me);
    size_t so = match_any_fwd(sc, k, w_so);
    size_t dk = so ? skip_gap_fwd(sc, so) : k;
    if (dk < sc->n && sc->s[dk] == ':')
        dk = skip_gap_fwd(sc, dk + 1);
    sym y;
    if (dk < sc->n && is_digit(sc->s[dk]) && parse_symbol(sc, dk, &y))
        return me;
    int year = 0;
    char date[11];
    size_t end = law_when(sc, me, &year, date);
    int rows = 0, row = -1, unknown = 0;
    for (size_t r = 0; r < c->n_laws; r++)
        if (c->laws[r].name_id == nm) {
            rows++;
            unknown |= !c->laws[r].number[0];
        }
    if (date[0])
        for (size_t r = 0; r < c->n_laws && row < 0; r++)
            if (c->laws[r].name_id == nm && strcmp(c->laws[r].date, date) == 0)
                row = (int)r;
    if (row < 0 && year) {
        int same = 0, last = -1;
        for (size_t r = 0; r < c->n_laws; r++)
            if (c->laws[r].name_id == nm && c->laws[r].year == year) {
                same++;
                last = (int)r;
            }
        if (same == 1)
            row = last;
        else if (same == 0 && rows == 1)
            row = nm; /* one law of that name: the year is a slip ("năm 2025" for 2024) */
    }
    if (row < 0 && !year) {
        int pr = pinned(sc, nm);
        if (pr >= 0)
            row = pr;
        else if (pr == -1 && rows == 1)
            row = nm;
    }
    if (row >= 0 && !c->laws[row].number[0]) {
        year = c->laws[row].year; /* known version, number not recorded */
        row = -1;
    } else if (row < 0 && !year && rows == 1 && unknown) {
        year = c->laws[nm].year;
    }
    if (row >= 0 && (year || date[0]))
        pin_law(sc, row);
    tc_citation cit;
    memset(&cit, 0, sizeof cit);
    memset(&y, 0, sizeof y);
    y.end = end > me ? end : me;
    snprintf(cit.type, sizeof cit.type, "%s", c->types[code ? c->type_code : c->type_law].code);
    snprintf(cit.issuer, sizeof cit.issuer, "%s", c->issuers[c->issuer_qh].code);
    if (row >= 0) {
        const law *lw = &c->laws[row];
        snprintf(cit.key, sizeof cit.key, "%s", lw->number);
        const char *slash = strchr(lw->number, '/');
        size_t nl = (size_t)(slash - lw->number);
        if (nl >= sizeof y.number)
            return 0;
        memcpy(y.number, lw->number, nl);
        y.number[nl] = 0;
        y.year = atoi(slash + 1);
        const char *qh = strstr(lw->number, "/QH");
        cit.term = qh ? atoi(qh + 3) : 0;
    } else {
        if (year)
            snprintf(cit.key, sizeof cit.key, "%s %d", c->laws[nm].name, year);
        else
            snprintf(cit.key, sizeof cit.key, "%s", c->laws[nm].name);
        y.year = year;
        cit.is_short = 1;
    }
    return emit(sc, i, &y, &cit);
}

static void run_scan(tc_citer *c, const tc_view *v, int key_mode, tc_citation_fn cb, void *ctx)
{
    scan sc = {.c = c,
               .s = v->clean,
               .lc = v->lower,
               .n = v->len,
               .map = v->map,
               .key_mode = key_mode,
               .cb = cb,
               .ctx = ctx};
    if (!key_mode)
        pin_numbers(&sc);
    for (size_t i = 0; i < sc.n && !sc.stop;) {
        char ch = sc.s[i];
        if (!is_digit(ch)) {
            size_t next = (sc.lc[i] == 'l' || sc.lc[i] == 'b') ? try_law(&sc, i) : 0;
            i = next > i ? next : i + 1;
            continue;
        }
        /* A number inside another one ("1.501", "12/2018"), glued to a Latin
         * word ("IPv6", "VX1") or in a standard's code ("QCVN 10-MT:2015/BTNMT")
         * does not start a citation. */
        if (i > 0) {
            char pc = sc.s[i - 1];
            int in_code =
                pc == ':' && i > 1 && (is_digit(sc.s[i - 2]) || is_ascii_alpha(sc.s[i - 2]));
            if (is_digit(pc) || is_ascii_alpha(pc) || (pc && strchr("/-.,&", pc)) || in_code) {
                while (i < sc.n && is_digit(sc.s[i]))
                    i++;
                continue;
            }
        }
        size_t next = try_at(&sc, i);
        i = next > i ? next : i + 1;
    }
}

tc_rc tc_citer_extract(tc_citer *c, const char *text, size_t len, tc_citation_fn cb, void *ctx)
{
    if (!c || (!text && len) || !cb)
        return TC_EINVAL;
    tc_view v;
    tc_rc rc = tc_view_build(c->t, text, len, &v);
    if (!rc)
        rc = tc_citer_extract_view(c, &v, cb, ctx);
    tc_view_free(&v);
    return rc;
}

tc_rc tc_citer_extract_view(tc_citer *c, const tc_view *v, tc_citation_fn cb, void *ctx)
{
    if (!c || !v || !cb)
        return TC_EINVAL;
    run_scan(c, v, 0, cb, ctx);
    return TC_OK;
}

/* ---- keys ----------------------------------------------------------------------- */

static int keep_first(void *ctx, const tc_citation *cit)
{
    *(tc_citation *)ctx = *cit;
    return 1;
}

static tc_rc citer_key_view(tc_citer *c, const tc_view *v, tc_buf *out_key);

tc_rc tc_citer_key(tc_citer *c, const char *s, size_t n, tc_buf *out_key)
{
    if (!c || (!s && n) || !out_key)
        return TC_EINVAL;
    tc_view v;
    tc_rc rc = tc_view_build(c->t, s, n, &v);
    if (rc)
        return rc;
    rc = citer_key_view(c, &v, out_key);
    tc_view_free(&v);
    return rc;
}

static tc_rc citer_key_view(tc_citer *c, const tc_view *v, tc_buf *out_key)
{
    tc_citation cit;
    memset(&cit, 0, sizeof cit);
    run_scan(c, v, 1, keep_first, &cit);
    if (cit.key[0])
        return tc_buf_puts(out_key, cit.key);
    /* A type code with an issuer code and no number: "QĐ-TTg", "nq/tw". */
    scan sc = {.c = c, .s = v->clean, .lc = v->lower, .n = v->len, .key_mode = 1};
    for (size_t i = 0; i < sc.n; i++) {
        if (word_before(&sc, i))
            continue;
        size_t e = read_code(&sc, i);
        if (!e || e + 1 >= sc.n || (sc.s[e] != '-' && sc.s[e] != '/'))
            continue;
        size_t e2 = read_code(&sc, e + 1);
        if (!e2)
            continue;
        code_info a, b;
        resolve_code(&sc, (range){i, e, 0}, &a);
        resolve_code(&sc, (range){e + 1, e2, 0}, &b);
        if (a.type >= 0 && b.issuer >= 0) {
            char key[96];
            snprintf(key, sizeof key, "%s%c%s", a.canon, sc.s[e], b.canon);
            return tc_buf_puts(out_key, key);
        }
    }
    return TC_ENOTFOUND;
}

/* ---- probable matches ------------------------------------------------------------ */

typedef struct parts {
    char number[24]; /* "45", "36a" */
    int year;        /* 0 when not in the key */
    char type[12];   /* type code or "" */
    char issuer[24]; /* issuer code without legislature number, or "" */
    int term;        /* legislature number, or 0 */
    char unit[48];   /* the rest, joined with '-' */
} parts;

/* Splits "QH15" into QH and 15 when QH takes a legislature number. */
static void split_issuer(const tc_citer *c, const char *s, size_t n, parts *p)
{
    tc_utf8_copy(p->issuer, sizeof p->issuer, s, n);
    if (code_get(c->issuer_codes, 'e', s, n) >= 0)
        return;
    size_t alpha = n;
    while (alpha > 0 && is_digit(s[alpha - 1]))
        alpha--;
    int is = alpha < n ? code_get(c->issuer_codes, 'e', s, alpha) : -1;
    if (is >= 0 && (c->issuers[is].flags & IS_TERM)) {
        tc_utf8_copy(p->issuer, sizeof p->issuer, s, alpha);
        p->term = atoi(s + alpha);
    }
}

/* Parses a canonical key back into its parts. */
static int parse_key(const tc_citer *c, const char *key, parts *p)
{
    memset(p, 0, sizeof *p);
    const char *sp = strchr(key, ' ');
    if (sp) { /* short: "NQ 36", "NĐ 71/1998" */
        tc_utf8_copy(p->type, sizeof p->type, key, (size_t)(sp - key));
        const char *num = sp + 1, *slash = strchr(num, '/');
        tc_utf8_copy(p->number, sizeof p->number, num, slash ? (size_t)(slash - num) : strlen(num));
        p->year = slash ? atoi(slash + 1) : 0;
        return p->number[0] != 0;
    }
    size_t i = 0;
    while (is_digit(key[i]))
        i++;
    if (i == 0)
        return 0;
    if (is_ascii_alpha(key[i]))
        i++;
    tc_utf8_copy(p->number, sizeof p->number, key, i);
    const char *rest = key + i;
    if (*rest == '-') { /* Party: 36-NQ/TW[-unit] */
        const char *slash = strchr(rest, '/');
        if (!slash)
            return 0;
        tc_utf8_copy(p->type, sizeof p->type, rest + 1, (size_t)(slash - rest - 1));
        const char *is = slash + 1, *dash = strchr(is, '-');
        split_issuer(c, is, dash ? (size_t)(dash - is) : strlen(is), p);
        if (dash)
            tc_utf8_copy(p->unit, sizeof p->unit, dash + 1, strlen(dash + 1));
        return 1;
    }
    if (*rest != '/')
        return 0;
    rest++;
    if (is_digit(rest[0]) && is_digit(rest[1]) && is_digit(rest[2]) && is_digit(rest[3]) &&
        rest[4] == '/') {
        p->year = atoi(rest);
        rest += 5;
    }
    const char *dash = strchr(rest, '-');
    size_t n0 = dash ? (size_t)(dash - rest) : strlen(rest);
    int t = code_get(c->type_codes, 'e', rest, n0);
    if (t >= 0 && !(c->types[t].flags & DT_WORD_ONLY)) {
        tc_utf8_copy(p->type, sizeof p->type, rest, n0);
        if (dash) {
            const char *is = dash + 1, *d2 = strchr(is, '-');
            split_issuer(c, is, d2 ? (size_t)(d2 - is) : strlen(is), p);
            if (d2)
                tc_utf8_copy(p->unit, sizeof p->unit, d2 + 1, strlen(d2 + 1));
        }
    } else {
        split_issuer(c, rest, n0, p);
        if (dash)
            tc_utf8_copy(p->unit, sizeof p->unit, dash + 1, strlen(dash + 1));
    }
    return 1;
}

/* Numbers equal but for leading zeros; the letter suffix counts. */
static int same_number(const char *a, const char *b)
{
    while (*a == '0' && is_digit(a[1]))
        a++;
    while (*b == '0' && is_digit(b[1]))
        b++;
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return 0;
    return *a == *b;
}

/* "Văn bản" and "Công văn" name the same kind of letter. */
static int same_type(const char *a, const char *b)
{
    if (!*a || !*b || strcmp(a, b) == 0)
        return 1;
    int la = !strcmp(a, "VB") || !strcmp(a, "CV"), lb = !strcmp(b, "VB") || !strcmp(b, "CV");
    return la && lb;
}

const char *tc_citer_law_name(const tc_citer *c, const char *key)
{
    char norm[32];
    size_t kl = key ? law_norm(key, strlen(key), norm, sizeof norm) : 0;
    void *v = NULL;
    if (!c || !kl || !tc_strmap_get(c->law_numbers, norm, kl, &v))
        return NULL;
    return c->laws[(uintptr_t)v - 1].name;
}

/* A law named without its number ("Luật Doanh nghiệp", "Luật An ninh mạng
 * 2025"): the known keys that are numbers of a law of that name (and year). */
static int law_probable(const tc_citer *c, const tc_citation *ref, const char *const *known_keys,
                        size_t n_known, const char **first)
{
    size_t nl = strlen(ref->key);
    if (ref->year && nl > 5 && ref->key[nl - 5] == ' ')
        nl -= 5; /* the year appended to the name */
    int count = 0;
    *first = NULL;
    for (size_t i = 0; i < n_known; i++) {
        const char *name = known_keys[i] ? tc_citer_law_name(c, known_keys[i]) : NULL;
        if (!name || strlen(name) != nl || memcmp(name, ref->key, nl) != 0)
            continue;
        const char *slash = strchr(known_keys[i], '/');
        if (ref->year && (!slash || atoi(slash + 1) != ref->year))
            continue;
        if (count++ == 0)
            *first = known_keys[i];
    }
    return count;
}

int tc_citer_probable(const tc_citer *c, const tc_citation *ref, const char *const *known_keys,
                      size_t n_known, const char **out_key, const char **out_reason)
{
    const char *first = NULL, *reason = NULL;
    int count = 0;
    if (out_key)
        *out_key = NULL;
    if (out_reason)
        *out_reason = NULL;
    if (!c || !ref || (!known_keys && n_known))
        return 0;
    for (size_t i = 0; i < n_known; i++)
        if (known_keys[i] && strcmp(known_keys[i], ref->key) == 0) {
            if (out_key)
                *out_key = known_keys[i];
            if (out_reason)
                *out_reason = "same key";
            return 1;
        }
    if (ref->is_short && !ref->number[0] &&
        (strcmp(ref->type, "LUAT") == 0 || strcmp(ref->type, "BLUAT") == 0)) {
        count = law_probable(c, ref, known_keys, n_known, &first);
        if (count == 1)
            reason = ref->year ? "same law name and year" : "same law name; version not written";
        else if (count > 1)
            reason = "ambiguous: several known laws bear that name";
        if (out_key)
            *out_key = first;
        if (out_reason)
            *out_reason = reason;
        return count;
    }
    for (size_t i = 0; i < n_known; i++) {
        parts k;
        if (!known_keys[i] || !parse_key(c, known_keys[i], &k))
            continue;
        if (!same_number(ref->number, k.number) || !same_type(ref->type, k.type))
            continue;
        if (ref->issuer[0] && k.issuer[0] &&
            (strcmp(ref->issuer, k.issuer) != 0 || (ref->term && k.term && ref->term != k.term)))
            continue;
        if (ref->unit[0] && k.unit[0] && strcmp(ref->unit, k.unit) != 0)
            continue;
        if (ref->year && k.year && ref->year != k.year)
            continue;
        int type_both = ref->type[0] && k.type[0];
        int issuer_both = ref->issuer[0] && k.issuer[0];
        const char *why;
        if (type_both && issuer_both && !ref->year && k.year)
            why = "same number, type and issuer; year not written";
        else if (type_both && issuer_both && ref->year && !k.year)
            why = "same number, type and issuer; year not in the known key";
        else if (type_both && !ref->issuer[0] && k.issuer[0] && !ref->year && k.year)
            why = "same number and type; issuer and year not written";
        else if (type_both && !ref->issuer[0] && k.issuer[0] && ref->year && ref->year == k.year)
            why = "same number, type and year; issuer not written";
        else if (type_both && !ref->issuer[0] && k.issuer[0])
            why = "same number and type; issuer not written";
        else if (type_both && issuer_both && ref->year == k.year && !ref->unit[0] && k.unit[0])
            why = "same number, type, issuer and year; unit not written";
        else if (issuer_both && !ref->year && k.year)
            why = "same number and issuer; year not written";
        else if (issuer_both && !ref->unit[0] && k.unit[0])
            why = "same number and issuer; unit not written";
        else
            why = "same number; the other parts written do not differ";
        if (count++ == 0) {
            first = known_keys[i];
            reason = why;
        }
    }
    if (count > 1)
        reason = "ambiguous: several known documents share the number and the parts written";
    if (out_key)
        *out_key = first;
    if (out_reason)
        *out_reason = reason;
    return count;
}

int tc_citation_type_issuer(const tc_citation *c, char *out, size_t n)
{
    if (!c->type[0] || !c->issuer[0] || c->is_short)
        return 0;
    /* Party documents write number-TYPE/ISSUER ("36-NQ/TW"); the others
     * number[/year]/TYPE-ISSUER ("45/2016/QĐ-TTg"). */
    char party[40];
    snprintf(party, sizeof party, "-%s/%s", c->type, c->issuer);
    int is_party = strstr(c->key, party) != NULL;
    snprintf(out, n, "%s%c%s", c->type, is_party ? '/' : '-', c->issuer);
    return 1;
}
