/* legacy.c: the Vietnamese 8-bit encodings (TCVN3, VNI, VISCII,
 * Windows-1258) to UTF-8 and back, their detection, and the fonts that
 * imply them (see legacy.h).
 *
 * Every encoding is one table, data/legacy/NAME.tsv: a byte sequence (one
 * byte, or VNI's letter + mark bytes) and the character it stands for.
 * Decoding takes the longest row that matches at each byte, else the byte's
 * Windows-1252 character.  Windows-1258 writes its tone marks as combining
 * characters after the letter, so its output is composed to NFC with ICU
 * (our own table rather than glibc's iconv: iconv stops at the bytes 1258
 * leaves unassigned, which must go through, and needs a converter per
 * thread).  The tables are read once per process (pthread_once) and never
 * change afterwards. */
#include "legacy.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "../analyzers/text.h"
#include "../common/data.h"

/* ---- tables ------------------------------------------------------------ */

#define LG_SEQ_MAX 3     /* bytes in the longest sequence a table may hold */
#define LG_ROWS_MAX 256  /* rows in a table */
#define LG_SYLL_MAX 1024 /* syllables in syllables.tsv */
#define LG_NTABLES 4     /* TCVN3 (also TCVN3H), VNI, VISCII, Windows-1258 */

typedef struct lg_row {
    unsigned char seq[LG_SEQ_MAX]; /* the bytes */
    unsigned char len;             /* how many of them */
    uint32_t cp;                   /* the character they stand for */
} lg_row;

typedef struct lg_table {
    lg_row rows[LG_ROWS_MAX];    /* by first byte, longer sequences first */
    size_t n;                    /* rows in use */
    uint16_t first[257];         /* rows[first[b] .. first[b + 1]) start with byte b */
    unsigned char used[256];     /* 1: the byte occurs in a row, so a character
                                    cannot be written as its Windows-1252 byte */
    uint16_t by_cp[LG_ROWS_MAX]; /* row numbers by code point, for encoding */
    uint32_t direct[256];        /* the character of byte b when no row is longer than
                                    b alone (a fast path), else 0 */
    int fold_marks;              /* VNI: a mark byte of the other case applies too */
} lg_table;

typedef struct lg_state {
    lg_table table[LG_NTABLES];          /* see table_of() */
    const char *syll[LG_SYLL_MAX];       /* frequent syllables, sorted (in the embedded data) */
    unsigned char syll_len[LG_SYLL_MAX]; /* their lengths */
    size_t nsyll;                        /* their count */
    uint32_t viet[134];                  /* the 134 Vietnamese letters, sorted */
    const UNormalizer2 *nfc;             /* ICU's shared NFC instance */
    const UNormalizer2 *nfd;             /* and NFD */
    tc_rc rc;                            /* outcome of loading: every call returns it */
} lg_state;

static lg_state lg_st;
static pthread_once_t lg_once = PTHREAD_ONCE_INIT;

static const char *const lg_files[LG_NTABLES] = {"tcvn3.tsv", "vni.tsv", "viscii.tsv",
                                                 "cp1258.tsv"};

/* The lower-case Vietnamese letters outside ASCII (the capitals are their
 * u_toupper): a ả ã á ạ, ă and â with the five tones, and so on. */
static const char lg_viet_lower[] = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợ"
                                    "ùủũúụưừửữứựỳỷỹýỵđ";

/* Windows-1252 at 0x80-0x9F (Microsoft's chart); its five unassigned
 * positions stand for the C1 control of the same number. */
static const uint16_t lg_cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static int table_of(tc_legacy_enc enc)
{
    switch (enc) {
    case TC_LEGACY_TCVN3:
    case TC_LEGACY_TCVN3H:
        return 0;
    case TC_LEGACY_VNI:
        return 1;
    case TC_LEGACY_VISCII:
        return 2;
    case TC_LEGACY_CP1258:
        return 3;
    default:
        return -1;
    }
}

static uint32_t byte_cp1252(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? lg_cp1252_c1[b - 0x80] : b;
}

/* The byte whose Windows-1252 character is cp, or -1. */
static int cp1252_byte(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    if (cp < 0x81 || cp > 0x2122) /* the range lg_cp1252_c1 spans */
        return -1;
    for (int i = 0; i < 32; i++)
        if (lg_cp1252_c1[i] == cp)
            return 0x80 + i;
    return -1;
}

/* The byte a Word run in a legacy font stores as cp (legacy.h): its
 * Windows-1252 character, a C1 control standing for itself, or U+F000 +
 * byte from a symbol-mapped font.  -1 for a real Unicode character. */
static int font_byte(uint32_t cp)
{
    if (cp >= 0x80 && cp < 0xA0)
        return (int)cp;
    if (cp >= 0xF020 && cp <= 0xF0FF)
        return (int)(cp - 0xF000);
    return cp1252_byte(cp);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int row_by_seq(const void *a, const void *b)
{
    const lg_row *x = a, *y = b;
    if (x->seq[0] != y->seq[0])
        return x->seq[0] < y->seq[0] ? -1 : 1;
    if (x->len != y->len) /* longer first: the longest match wins */
        return x->len > y->len ? -1 : 1;
    return memcmp(x->seq, y->seq, x->len);
}

/* qsort has no context argument: by_cp is sorted through this view. */
typedef struct lg_cpkey {
    uint32_t cp;    /* the row's character */
    unsigned len;   /* its sequence length (shorter first) */
    uint16_t index; /* the row */
} lg_cpkey;

static int key_by_cp(const void *a, const void *b)
{
    const lg_cpkey *x = a, *y = b;
    if (x->cp != y->cp)
        return x->cp < y->cp ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

static tc_rc load_table(const char *file, lg_table *t)
{
    size_t len = 0, pos = 0, nf;
    const char *d = tc_data_get(file, &len);
    if (!d)
        return TC_EDATA;
    tc_tsv_field f[3];
    while ((nf = tc_tsv_next_row(d, len, &pos, f, 3)) > 0) {
        if (nf < 2 || t->n == LG_ROWS_MAX)
            return TC_EDATA;
        lg_row r = {{0}, 0, 0};
        for (size_t i = 0; i < f[0].n; i++) {
            if (f[0].s[i] == ' ')
                continue;
            int hi = hexval(f[0].s[i]), lo = i + 1 < f[0].n ? hexval(f[0].s[i + 1]) : -1;
            if (hi < 0 || lo < 0 || r.len == LG_SEQ_MAX)
                return TC_EDATA;
            r.seq[r.len++] = (unsigned char)(hi << 4 | lo);
            i++;
        }
        uint32_t cp;
        if (r.len == 0 || f[1].n == 0 || tc_utf8_decode(f[1].s, f[1].n, &cp) != f[1].n ||
            cp == 0xFFFD)
            return TC_EDATA; /* one character per row */
        r.cp = cp;
        t->rows[t->n++] = r;
    }
    if (t->n == 0)
        return TC_EDATA;
    qsort(t->rows, t->n, sizeof t->rows[0], row_by_seq);
    for (size_t i = 1; i < t->n; i++)
        if (t->rows[i].len == t->rows[i - 1].len &&
            memcmp(t->rows[i].seq, t->rows[i - 1].seq, t->rows[i].len) == 0)
            return TC_EDATA; /* the same bytes twice */
    size_t i = 0;
    for (int b = 0; b <= 256; b++) {
        while (b < 256 && i < t->n && t->rows[i].seq[0] < b)
            i++;
        t->first[b] = (uint16_t)(b == 256 ? t->n : i);
    }
    for (int b = 0; b < 256; b++) {
        size_t a = t->first[b], e = t->first[b + 1];
        if (a == e)
            t->direct[b] = byte_cp1252((unsigned char)b); /* no row: Windows-1252 */
        else if (e - a == 1 && t->rows[a].len == 1 &&
                 !(t->rows[a].cp >= 0x300 && t->rows[a].cp < 0x370))
            t->direct[b] = t->rows[a].cp; /* (marks take the slow path, which notes them) */
    }
    lg_cpkey keys[LG_ROWS_MAX];
    for (size_t k = 0; k < t->n; k++) {
        for (size_t j = 0; j < t->rows[k].len; j++)
            t->used[t->rows[k].seq[j]] = 1;
        keys[k] = (lg_cpkey){t->rows[k].cp, t->rows[k].len, (uint16_t)k};
    }
    qsort(keys, t->n, sizeof keys[0], key_by_cp);
    for (size_t k = 0; k < t->n; k++)
        t->by_cp[k] = keys[k].index;
    return TC_OK;
}

static int syll_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : an < bn ? -1 : an > bn;
}

static tc_rc load_syllables(lg_state *st)
{
    size_t len = 0, pos = 0;
    const char *d = tc_data_get("syllables.tsv", &len), *cells = tc_data_cells("syllables.tsv");
    if (!d || !cells)
        return TC_EDATA;
    tc_tsv_field f[1];
    while (tc_tsv_next_row(d, len, &pos, f, 1) > 0) {
        if (st->nsyll == LG_SYLL_MAX || f[0].n == 0 || f[0].n > 255)
            return TC_EDATA;
        /* the file is sorted by byte value, which the lookup relies on */
        if (st->nsyll &&
            syll_cmp(st->syll[st->nsyll - 1], st->syll_len[st->nsyll - 1], f[0].s, f[0].n) >= 0)
            return TC_EDATA;
        st->syll[st->nsyll] = cells + (f[0].s - d);
        st->syll_len[st->nsyll++] = (unsigned char)f[0].n;
    }
    return st->nsyll ? TC_OK : TC_EDATA;
}

static int cp_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void lg_load(void)
{
    lg_state *st = &lg_st;
    UErrorCode err = U_ZERO_ERROR;
    st->nfc = unorm2_getNFCInstance(&err);
    st->nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err)) {
        st->rc = TC_EICU;
        return;
    }
    for (int i = 0; i < LG_NTABLES && !st->rc; i++)
        st->rc = load_table(lg_files[i], &st->table[i]);
    st->table[1].fold_marks = 1;
    if (!st->rc)
        st->rc = load_syllables(st);
    size_t k = 0, i = 0, n = sizeof lg_viet_lower - 1;
    while (i < n && k + 2 <= 134) {
        uint32_t cp;
        i += tc_utf8_decode(lg_viet_lower + i, n - i, &cp);
        st->viet[k++] = cp;
        st->viet[k++] = (uint32_t)u_toupper((UChar32)cp);
    }
    if (!st->rc && (i != n || k != 134))
        st->rc = TC_EDATA;
    qsort(st->viet, k, sizeof st->viet[0], cp_cmp);
}

static const lg_state *lg_get(void)
{
    pthread_once(&lg_once, lg_load);
    return &lg_st;
}

static int is_viet(const lg_state *st, uint32_t cp)
{
    return cp >= 0xC0 && bsearch(&cp, st->viet, 134, sizeof cp, cp_cmp) != NULL;
}

/* The row whose bytes start s[0..n), or NULL. */
static const lg_row *lg_match(const lg_table *t, const unsigned char *s, size_t n)
{
    size_t a = t->first[s[0]], e = t->first[s[0] + 1];
    for (size_t i = a; i < e; i++) {
        const lg_row *r = &t->rows[i];
        if (r->len <= n && memcmp(r->seq + 1, s + 1, r->len - 1u) == 0)
            return r;
    }
    /* Word's Change Case turns "aên" (ăn) into "Aên": the case of a VNI
     * mark byte may differ from its letter's; the letter's case wins. */
    if (t->fold_marks && n >= 2 && s[1] >= 0xC0 && s[1] != 0xD7 && s[1] != 0xF7 && s[1] != 0xDF &&
        s[1] != 0xFF) {
        unsigned char other = s[1] ^ 0x20;
        for (size_t i = a; i < e; i++)
            if (t->rows[i].len == 2 && t->rows[i].seq[1] == other)
                return &t->rows[i];
    }
    return NULL;
}

/* The row that writes cp, or NULL (shortest sequence when several do). */
static const lg_row *lg_row_of(const lg_table *t, uint32_t cp)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->rows[t->by_cp[mid]].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->rows[t->by_cp[lo]].cp == cp ? &t->rows[t->by_cp[lo]] : NULL;
}

/* ---- output helpers ----------------------------------------------------- */

/* Code points are gathered here and appended to the buffer in blocks. */
typedef struct lg_sink {
    tc_buf *out;    /* where the text goes */
    tc_rc rc;       /* first failure */
    size_t n;       /* bytes waiting in buf */
    char buf[1024]; /* UTF-8 waiting */
} lg_sink;

static void sink_flush(lg_sink *k)
{
    if (k->n && !k->rc)
        k->rc = tc_buf_append(k->out, k->buf, k->n);
    k->n = 0;
}

static void sink_cp(lg_sink *k, uint32_t cp)
{
    if (k->n > sizeof k->buf - 4)
        sink_flush(k);
    if (cp < 0x80)
        k->buf[k->n++] = (char)cp;
    else
        k->n += tc_utf8_encode(cp, k->buf + k->n);
}

static void sink_bytes(lg_sink *k, const void *p, size_t n)
{
    if (k->n + n > sizeof k->buf)
        sink_flush(k);
    if (n > sizeof k->buf) {
        if (!k->rc)
            k->rc = tc_buf_append(k->out, p, n);
        return;
    }
    memcpy(k->buf + k->n, p, n);
    k->n += n;
}

/* Puts out back to its first `start` bytes (after a failure). */
static void truncate_to(tc_buf *out, size_t start)
{
    out->len = start;
    if (out->data)
        out->data[start] = 0;
}

/* Where to cut s[0..n) near `want` so that NFC of the pieces equals NFC of
 * the whole: before a character that never combines with what precedes
 * it (any ASCII byte is one). */
static size_t nfc_cut(const lg_state *st, const char *s, size_t n, size_t want)
{
    if (want >= n)
        return n;
    for (size_t j = want; j > want / 2; j--)
        if ((unsigned char)s[j] < 0x80)
            return j;
    for (size_t j = want; j > want / 2; j--) {
        if (((unsigned char)s[j] & 0xC0) == 0x80)
            continue;
        uint32_t cp;
        tc_utf8_decode(s + j, n - j, &cp);
        if (unorm2_hasBoundaryBefore(st->nfc, (UChar32)cp))
            return j;
    }
    size_t j = want; /* no boundary in sight (never in text): a character start */
    while (j > 1 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    return j;
}

#define LG_NFC_PIECE 4096 /* UTF-8 bytes normalised at a time */

/* Appends NFC of the valid UTF-8 s[0..n) to out. */
static tc_rc nfc_append(const lg_state *st, const char *s, size_t n, tc_buf *out)
{
    /* a piece of p bytes is at most p UTF-16 units; NFC may triple them */
    size_t piece = n < LG_NFC_PIECE ? n : LG_NFC_PIECE;
    int32_t U16 = (int32_t)piece + 8, U16N = 3 * U16, U8N = 3 * U16N;
    UChar *u = malloc((size_t)(U16 + U16N) * sizeof *u);
    char *u8 = malloc((size_t)U8N);
    tc_rc rc = u && u8 ? TC_OK : TC_ENOMEM;
    for (size_t i = 0; i < n && !rc;) {
        size_t end = i + nfc_cut(st, s + i, n - i, LG_NFC_PIECE);
        UErrorCode err = U_ZERO_ERROR;
        int32_t ul = 0, nl = 0, bl = 0;
        u_strFromUTF8WithSub(u, U16, &ul, s + i, (int32_t)(end - i), 0xFFFD, NULL, &err);
        if (U_SUCCESS(err))
            nl = unorm2_normalize(st->nfc, u, ul, u + U16, U16N, &err);
        if (U_SUCCESS(err))
            u_strToUTF8(u8, U8N, &bl, u + U16, nl, &err);
        if (U_FAILURE(err))
            rc = TC_EICU;
        else
            rc = tc_buf_append(out, u8, (size_t)bl);
        i = end;
    }
    free(u);
    free(u8);
    return rc;
}

/* Replaces out[start..) by its NFC. */
static tc_rc nfc_tail(const lg_state *st, tc_buf *out, size_t start)
{
    size_t n = out->len - start;
    char *copy = malloc(n ? n : 1);
    if (!copy)
        return TC_ENOMEM;
    memcpy(copy, out->data + start, n);
    truncate_to(out, start);
    tc_rc rc = nfc_append(st, copy, n, out);
    free(copy);
    return rc;
}

/* Upper-cases the letters of s[0..n) in place where the capital has the
 * same UTF-8 length (all Vietnamese letters do). */
static void upper_span(char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = tc_utf8_decode(s + i, n - i, &cp);
        if (u_islower((UChar32)cp)) {
            char enc[4];
            uint32_t up = (uint32_t)u_toupper((UChar32)cp);
            if (tc_utf8_encode(up, enc) == l)
                memcpy(s + i, enc, l);
        }
        i += l;
    }
}

static int is_word_cp(uint32_t cp)
{
    return u_isalpha((UChar32)cp) || (cp >= 0x300 && cp < 0x370);
}

/* A TCVN3 line typed in a capitals font: no lower-case ASCII letter, and a
 * word where a lower-case Vietnamese letter comes before a capital
 * ("CéNG" = CỘNG), which nobody types in a lower-case font. */
static int line_is_hcaps(const char *s, size_t n)
{
    int definite = 0, lower_seen = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += tc_utf8_decode(s + i, n - i, &cp);
        if (cp >= 'a' && cp <= 'z')
            return 0;
        if (!is_word_cp(cp))
            lower_seen = 0;
        else if (cp >= 0x80 && u_islower((UChar32)cp))
            lower_seen = 1;
        else if (lower_seen && u_isupper((UChar32)cp))
            definite = 1;
    }
    return definite;
}

static void hcaps_lines(tc_buf *out, size_t start)
{
    char *s = out->data + start;
    size_t n = out->len - start;
    for (size_t a = 0; a < n;) {
        size_t e = a;
        while (e < n && s[e] != '\n' && s[e] != '\r')
            e++;
        if (line_is_hcaps(s + a, e - a))
            upper_span(s + a, e - a);
        a = e + 1;
    }
}

/* ---- decoding ----------------------------------------------------------- */

static tc_rc decode_bytes(const lg_state *st, tc_legacy_enc enc, const unsigned char *s, size_t n,
                          tc_buf *out)
{
    const lg_table *t = &st->table[table_of(enc)];
    size_t start = out->len;
    int marks = 0;
    lg_sink k = {.out = out};
    for (size_t i = 0; i < n && !k.rc;) {
        uint32_t cp = t->direct[s[i]];
        if (cp || !s[i]) {
            sink_cp(&k, cp);
            i++;
            continue;
        }
        const lg_row *r = lg_match(t, s + i, n - i);
        if (r) {
            cp = r->cp;
            i += r->len;
        } else {
            cp = byte_cp1252(s[i++]);
        }
        marks |= cp >= 0x300 && cp < 0x370;
        sink_cp(&k, cp);
    }
    sink_flush(&k);
    tc_rc rc = k.rc;
    if (!rc && marks)
        rc = nfc_tail(st, out, start);
    if (!rc && out->len > start && enc == TC_LEGACY_TCVN3)
        hcaps_lines(out, start);
    if (!rc && out->len > start && enc == TC_LEGACY_TCVN3H)
        upper_span(out->data + start, out->len - start);
    if (rc)
        truncate_to(out, start);
    return rc;
}

const char *tc_legacy_name(tc_legacy_enc enc)
{
    switch (enc) {
    case TC_LEGACY_TCVN3:
    case TC_LEGACY_TCVN3H:
        return "TCVN3";
    case TC_LEGACY_VNI:
        return "VNI";
    case TC_LEGACY_VISCII:
        return "VISCII";
    case TC_LEGACY_CP1258:
        return "Windows-1258";
    default:
        return NULL;
    }
}

tc_rc tc_legacy_decode(tc_legacy_enc enc, const char *data, size_t n, tc_buf *out)
{
    const lg_state *st = lg_get();
    if (st->rc)
        return st->rc;
    if (table_of(enc) < 0 || (!data && n))
        return TC_EINVAL;
    return decode_bytes(st, enc, (const unsigned char *)data, n, out);
}

tc_rc tc_legacy_decode_font_text(tc_legacy_enc enc, const char *utf8, size_t n, tc_buf *out)
{
    const lg_state *st = lg_get();
    if (st->rc)
        return st->rc;
    if (table_of(enc) < 0 || (!utf8 && n))
        return TC_EINVAL;
    size_t start = out->len;
    tc_buf bytes;
    tc_buf_init(&bytes, 0);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t l = tc_utf8_decode(utf8 + i, n - i, &cp);
        int b = cp == 0xFFFD && l == 1 ? (unsigned char)utf8[i] : font_byte(cp);
        if (b >= 0) {
            rc = tc_buf_putc(&bytes, (char)b);
        } else {
            /* a real Unicode character: what came before is converted, it
             * is kept as it is */
            rc = decode_bytes(st, enc, (const unsigned char *)bytes.data, bytes.len, out);
            tc_buf_reset(&bytes);
            if (!rc)
                rc = tc_buf_append(out, utf8 + i, l);
        }
        i += l;
    }
    if (!rc)
        rc = decode_bytes(st, enc, (const unsigned char *)bytes.data, bytes.len, out);
    tc_buf_free(&bytes);
    if (rc)
        truncate_to(out, start);
    return rc;
}

/* ---- encoding ----------------------------------------------------------- */

static int is_tone_mark(uint32_t c)
{
    return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

/* Writes cp in table t.  hcaps: TCVN3 in a capitals font, where a capital
 * is written as the byte of its lower-case letter. */
static tc_rc encode_cp(const lg_state *st, const lg_table *t, uint32_t cp, int hcaps, int depth,
                       lg_sink *k)
{
    if (hcaps && u_isupper((UChar32)cp) && cp >= 0x80) {
        const lg_row *r = lg_row_of(t, (uint32_t)u_tolower((UChar32)cp));
        if (r && r->len == 1) {
            sink_bytes(k, r->seq, 1);
            return TC_OK;
        }
    }
    const lg_row *r = lg_row_of(t, cp);
    if (r) {
        sink_bytes(k, r->seq, r->len);
        return TC_OK;
    }
    /* a byte the table leaves alone reads back as its Windows-1252
     * character; not for a Vietnamese letter, which no legacy file holds
     * that way (VN3 has no À, so a .VnTime text never holds 0xC0 for it) */
    int b = cp1252_byte(cp);
    if (b >= 0 && (b < 0x80 || (!t->used[b] && !is_viet(st, cp)))) {
        unsigned char c = (unsigned char)b;
        sink_bytes(k, &c, 1);
        return TC_OK;
    }
    if (depth > 0)
        return TC_EINVAL;
    /* Not in the table: the letter without its tone mark, then the mark
     * (Windows-1258 writes ấ as â + combining acute). */
    UErrorCode err = U_ZERO_ERROR;
    UChar d[8], rest[8], comp[8];
    int32_t dl = unorm2_getDecomposition(st->nfd, (UChar32)cp, d, 8, &err);
    if (U_FAILURE(err) || dl <= 1)
        return TC_EINVAL;
    int32_t rl = 0;
    uint32_t tone = 0;
    for (int32_t i = 0; i < dl; i++) {
        if (is_tone_mark(d[i]) && !tone)
            tone = d[i];
        else
            rest[rl++] = d[i];
    }
    if (!tone)
        return TC_EINVAL;
    int32_t cl = unorm2_normalize(st->nfc, rest, rl, comp, 8, &err);
    UChar32 base;
    int32_t at = 0;
    if (U_FAILURE(err) || cl <= 0)
        return TC_EINVAL;
    U16_NEXT(comp, at, cl, base);
    if (at != cl)
        return TC_EINVAL; /* the letter without its tone is not one character */
    const lg_row *mark = lg_row_of(t, tone);
    if (!mark)
        return TC_EINVAL;
    tc_rc rc = encode_cp(st, t, (uint32_t)base, 0, depth + 1, k);
    if (!rc)
        sink_bytes(k, mark->seq, mark->len);
    return rc;
}

static tc_rc encode_span(const lg_state *st, tc_legacy_enc enc, const char *s, size_t n, int hcaps,
                         tc_buf *out)
{
    const lg_table *t = &st->table[table_of(enc)];
    lg_sink k = {.out = out};
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < n && !rc && !k.rc;) {
        uint32_t cp;
        size_t l = tc_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1)
            rc = TC_EINVAL;
        else if (enc == TC_LEGACY_TCVN3H && u_islower((UChar32)cp))
            rc = TC_EINVAL; /* a capitals font has no lower case */
        else
            rc = encode_cp(st, t, cp, hcaps || enc == TC_LEGACY_TCVN3H, 0, &k);
        i += l;
    }
    sink_flush(&k);
    return rc ? rc : k.rc;
}

/* A line with a toned capital TCVN3 lacks and no lower-case letter. */
static int line_wants_hcaps(const lg_table *t, const char *s, size_t n)
{
    int toned = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += tc_utf8_decode(s + i, n - i, &cp);
        if (u_islower((UChar32)cp))
            return 0;
        if (cp >= 0x80 && u_isupper((UChar32)cp) && !lg_row_of(t, cp))
            toned = 1;
    }
    return toned;
}

/* TCVN3: a line of capitals is written as typed in a .VnTimeH font when
 * decoding gives it back; otherwise letter by letter. */
static tc_rc encode_tcvn3_line(const lg_state *st, const char *s, size_t n, tc_buf *out)
{
    const lg_table *t = &st->table[0];
    if (line_wants_hcaps(t, s, n)) {
        tc_buf h, back;
        tc_buf_init(&h, 0);
        tc_buf_init(&back, 0);
        tc_rc rc = encode_span(st, TC_LEGACY_TCVN3, s, n, 1, &h);
        if (!rc)
            rc = decode_bytes(st, TC_LEGACY_TCVN3, (const unsigned char *)h.data, h.len, &back);
        int same = !rc && back.len == n && memcmp(back.data, s, n) == 0;
        if (same)
            rc = tc_buf_append(out, h.data, h.len);
        tc_buf_free(&h);
        tc_buf_free(&back);
        if (same || rc == TC_ENOMEM)
            return rc;
    }
    return encode_span(st, TC_LEGACY_TCVN3, s, n, 0, out);
}

tc_rc tc_legacy_encode(tc_legacy_enc enc, const char *utf8, size_t n, tc_buf *out)
{
    const lg_state *st = lg_get();
    if (st->rc)
        return st->rc;
    if (table_of(enc) < 0 || (!utf8 && n))
        return TC_EINVAL;
    size_t start = out->len;
    for (size_t i = 0; i < n; i++) /* invalid UTF-8 cannot be written */
        if ((unsigned char)utf8[i] >= 0x80) {
            uint32_t cp;
            size_t l = tc_utf8_decode(utf8 + i, n - i, &cp);
            if (cp == 0xFFFD && l == 1)
                return TC_EINVAL;
            i += l - 1;
        }
    tc_buf nfc;
    tc_buf_init(&nfc, 0);
    tc_rc rc = nfc_append(st, utf8, n, &nfc);
    const char *s = nfc.data ? nfc.data : "";
    for (size_t a = 0; a < nfc.len && !rc;) {
        const char *nl = memchr(s + a, '\n', nfc.len - a);
        size_t e = nl ? (size_t)(nl - s) + 1 : nfc.len;
        rc = enc == TC_LEGACY_TCVN3 ? encode_tcvn3_line(st, s + a, e - a, out)
                                    : encode_span(st, enc, s + a, e - a, 0, out);
        a = e;
    }
    tc_buf_free(&nfc);
    if (rc)
        truncate_to(out, start);
    return rc;
}

/* ---- detection ---------------------------------------------------------- */

#define LG_SAMPLE ((size_t)128 << 10) /* bytes of a file detection reads */

/* How Vietnamese a converted text looks. */
typedef struct lg_score {
    size_t words;  /* words holding a letter outside ASCII */
    size_t hits;   /* of them, frequent syllables */
    size_t hits2;  /* of those, syllables with a letter outside Latin-1 */
    size_t kinds;  /* different frequent syllables */
    size_t viet;   /* Vietnamese letters outside ASCII */
    size_t beyond; /* of them, outside Latin-1 (ư ơ đ ă, most toned letters) */
    size_t junk;   /* other letters and controls outside ASCII */
    size_t all;    /* every word, ASCII ones too */
} lg_score;

static long find_syllable(const lg_state *st, const char *w, size_t n)
{
    size_t lo = 0, hi = st->nsyll;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = syll_cmp(st->syll[mid], st->syll_len[mid], w, n);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void score_text(const lg_state *st, const char *s, size_t n, lg_score *sc)
{
    unsigned char seen[LG_SYLL_MAX / 8] = {0};
    char word[64];
    size_t wl = 0;
    int wide = 0, beyond = 0, too_long = 0;
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i <= n;) {
        uint32_t cp = 0;
        if (i < n)
            i += tc_utf8_decode(s + i, n - i, &cp);
        else
            i++;
        if (cp >= 0x80) {
            if (is_viet(st, cp)) {
                sc->viet++;
                sc->beyond += cp > 0xFF;
            } else if (cp < 0xA0 || u_isalpha((UChar32)cp) || (cp >= 0x300 && cp < 0x370)) {
                sc->junk++;
            }
        }
        if (i <= n && is_word_cp(cp)) {
            char enc[4];
            size_t l = tc_utf8_encode((uint32_t)u_tolower((UChar32)cp), enc);
            if (wl + l <= sizeof word)
                memcpy(word + wl, enc, l), wl += l;
            else
                too_long = 1;
            wide |= cp >= 0x80;
            beyond |= cp > 0xFF;
            continue;
        }
        sc->all += wl > 0;
        if (wl && wide) {
            sc->words++;
            long k = too_long ? -1 : find_syllable(st, word, wl);
            if (k >= 0) {
                sc->hits++;
                sc->hits2 += beyond;
                if (!(seen[k / 8] & (1u << (k % 8)))) {
                    seen[k / 8] |= (unsigned char)(1u << (k % 8));
                    sc->kinds++;
                }
            }
        }
        wl = 0;
        wide = beyond = too_long = 0;
    }
}

/* Reads as Vietnamese: enough words, many of them frequent syllables, some
 * of those with a letter only a Vietnamese table makes (là and bà are
 * Latin-1: every table leaves them as they are), the letters outside ASCII
 * nearly all Vietnamese and many outside Latin-1 (a French or German text
 * read with a Vietnamese table keeps its é ü ß). */
static int score_ok(const lg_score *sc)
{
    return sc->words >= 3 && sc->hits >= 3 && sc->kinds >= 2 && sc->hits2 >= 2 &&
           sc->hits * 5 >= sc->words && sc->viet * 10 >= (sc->viet + sc->junk) * 7 &&
           sc->beyond * 5 >= sc->viet &&
           /* Vietnamese text is full of accented syllables; a text in
            * another language that quotes a few garbled words (a note about
            * encodings, say) is not one to convert */
           sc->hits * 10 >= sc->all;
}

/* The best encoding for the bytes s[0..n), or NONE. */
static tc_legacy_enc detect_bytes(const lg_state *st, const unsigned char *s, size_t n)
{
    static const tc_legacy_enc order[] = {TC_LEGACY_TCVN3, TC_LEGACY_VNI, TC_LEGACY_VISCII,
                                          TC_LEGACY_CP1258};
    tc_legacy_enc best = TC_LEGACY_NONE;
    double best_score = 0;
    tc_buf text;
    tc_buf_init(&text, 0);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        tc_buf_reset(&text);
        if (decode_bytes(st, order[i], s, n, &text))
            break;
        lg_score sc;
        score_text(st, text.data ? text.data : "", text.len, &sc);
        double score = (double)sc.hits / (double)(sc.words ? sc.words : 1);
        if (score_ok(&sc) && score > best_score) {
            best = order[i];
            best_score = score;
        }
    }
    tc_buf_free(&text);
    return best;
}

/* Cuts a sample at a line end when there is one in its last quarter, so
 * that a VNI letter is not split. */
static size_t sample_len(const char *s, size_t n)
{
    if (n <= LG_SAMPLE)
        return n;
    for (size_t j = LG_SAMPLE; j > LG_SAMPLE / 4 * 3; j--)
        if (s[j - 1] == '\n')
            return j;
    return LG_SAMPLE;
}

/* Bytes of ASCII at the start of s[0..n), eight at a time: plain text is
 * mostly ASCII, and every text file passes through here. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* The length of the UTF-8 character at s[0..n) (s[0] >= 0x80), 0 when
 * invalid: overlong forms, surrogates and code points past U+10FFFF are. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (c & 0x1Fu) << 6 | (s[1] & 0x3Fu);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (c != 0xE0 || s[1] >= 0xA0) && (c != 0xED || s[1] < 0xA0)) {
        *cp = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80 && (c != 0xF0 || s[1] >= 0x90) && (c != 0xF4 || s[1] < 0x90)) {
        *cp = (c & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
        return 4;
    }
    return 0;
}

static int utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        i += ascii_run(s + i, n - i);
        if (i == n)
            break;
        size_t l = utf8_len(s + i, n - i, &cp);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

tc_legacy_enc tc_legacy_detect(const char *data, size_t n)
{
    const lg_state *st = lg_get();
    if (st->rc || !data || n == 0 || utf8_valid(data, n))
        return TC_LEGACY_NONE;
    return detect_bytes(st, (const unsigned char *)data, sample_len(data, n));
}

tc_legacy_enc tc_legacy_detect_utf8(const char *utf8, size_t n)
{
    const lg_state *st = lg_get();
    if (st->rc || !utf8 || n == 0)
        return TC_LEGACY_NONE;
    /* Mojibake holds only characters of Windows-1252; real Vietnamese is
     * full of others (ư ơ đ ạ ế ...), so the count decides quickly. */
    const unsigned char *s = (const unsigned char *)utf8;
    size_t in1252 = 0, other = 0;
    for (size_t i = 0; i < n;) {
        i += ascii_run(s + i, n - i);
        if (i == n)
            break;
        uint32_t cp;
        size_t l = utf8_len(s + i, n - i, &cp);
        if (!l)
            return TC_LEGACY_NONE;
        if (font_byte(cp) >= 0)
            in1252++;
        else if (++other >= 16 && other * 8 > in1252)
            return TC_LEGACY_NONE;
        i += l;
    }
    if (in1252 < 8 || other * 8 > in1252)
        return TC_LEGACY_NONE;
    size_t m = sample_len(utf8, n);
    unsigned char *bytes = malloc(m);
    if (!bytes)
        return TC_LEGACY_NONE;
    size_t k = 0;
    for (size_t i = 0; i < m;) {
        uint32_t cp;
        i += tc_utf8_decode(utf8 + i, m - i, &cp);
        int b = font_byte(cp);
        bytes[k++] = (unsigned char)(b >= 0 ? b : ' ');
    }
    tc_legacy_enc enc = detect_bytes(st, bytes, k);
    free(bytes);
    return enc;
}

/* ---- fonts -------------------------------------------------------------- */

tc_legacy_enc tc_legacy_font(const char *name)
{
    if (!name)
        return TC_LEGACY_NONE;
    /* ODF quotes a family name with spaces: svg:font-family="'.VnTime'" */
    while (*name == ' ' || *name == '\'' || *name == '"')
        name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\'' || name[n - 1] == '"'))
        n--;
    /* The ABC fonts are ".Vn" + a face; the capitals fonts add "H". */
    int caps = n > 0 && (name[n - 1] == 'H' || name[n - 1] == 'h');
    if ((n > 3 && strncasecmp(name, ".vn", 3) == 0) ||
        (n > 6 && strncasecmp(name, "vntime", 6) == 0))
        return caps ? TC_LEGACY_TCVN3H : TC_LEGACY_TCVN3;
    if (n > 4 && (strncasecmp(name, "vni-", 4) == 0 || strncasecmp(name, "vni ", 4) == 0))
        return TC_LEGACY_VNI;
    return TC_LEGACY_NONE;
}

int tc_legacy_frequent_syllable(const char *w, size_t n)
{
    const lg_state *st = lg_get();
    return !st->rc && find_syllable(st, w, n) >= 0;
}
