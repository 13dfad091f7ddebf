/*
 * glyphs.c: text made of glyph numbers mapped back to letters (glyphs.h).
 */
#include "glyphs.h"

#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>

#include "../include/tracuu.h"
#include "legacy.h"

/* Glyph numbers 98..129 of a TrueType font in the standard Macintosh
 * order: Mac Roman 0x80..0x9F. */
static const uint16_t gl_mac_roman[32] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4,
    0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF,
    0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
};

/* A stand-in that only a glyph number explains: its letter, else 0. */
static uint32_t gl_standin(uint32_t cp)
{
    if (cp >= 0x04A4 && cp <= 0x04FD) /* Ạ..ỹ at glyphs 1188..1277 */
        return cp + 0x19FC;
    switch (cp) {
    case 0x046A:
        return 0x01A0; /* Ơ */
    case 0x046B:
        return 0x01A1; /* ơ */
    case 0x046C:
        return 0x01AF; /* Ư */
    case 0x046D:
        return 0x01B0; /* ư */
    case 0x00FF:
        return 0x0111; /* đ */
    case 0x0108:
        return 0x0110; /* Đ */
    case 0x01AC:
        return 0x0128; /* Ĩ */
    default:
        return 0;
    }
}

static int gl_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0;
}

/* A control character a glyph number explains (glyphs 3..31 are space
 * to '<'); tab, line ends and form feeds are the text's own. */
static int gl_is_control(uint32_t cp)
{
    return cp >= 3 && cp < 0x20 && !gl_is_space(cp) && cp != 0x0B;
}

size_t tc_glyphs_suspect(const char *text, size_t n)
{
    size_t count = 0;
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        k = tc_utf8_decode(text + i, n - i, &cp);
        count += cp >= 0x0400 && gl_standin(cp) != 0;
    }
    return count;
}

/* One character read as it is (stand-ins and controls mapped). */
static uint32_t gl_plain(uint32_t cp)
{
    uint32_t s = gl_standin(cp);
    if (s)
        return s;
    return gl_is_control(cp) ? cp + 29 : cp;
}

/* One character read as a glyph number. */
static uint32_t gl_shift(uint32_t cp)
{
    if (gl_is_control(cp) || (cp >= 0x20 && cp <= 97))
        return cp + 29;
    if (cp >= 98 && cp <= 129)
        return gl_mac_roman[cp - 98];
    uint32_t s = gl_standin(cp);
    return s ? s : cp;
}

/* Vietnamese vowels with their marks, by base letter (lower case). */
static const char *const gl_vowels[] = {
    "aàáảãạăằắẳẵặâầấẩẫậ", "eèéẻẽẹêềếểễệ", "iìíỉĩị", "oòóỏõọôồốổỗộơờớởỡợ", "uùúủũụưừứửữự", "yỳýỷỹỵ",
};

/* The base letter of a lower-case letter ('d' for đ), or 0 when it is not
 * one of Vietnamese's letters. */
static char gl_base(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return (char)cp;
    if (cp == 0x0111)
        return 'd';
    for (size_t v = 0; v < sizeof gl_vowels / sizeof *gl_vowels; v++) {
        const char *s = gl_vowels[v];
        size_t n = strlen(s);
        for (size_t i = 0, k; i < n; i += k) {
            uint32_t c;
            k = tc_utf8_decode(s + i, n - i, &c);
            if (c == cp)
                return s[0];
        }
    }
    return 0;
}

/* Rhymes without their marks, as the base letters spell them. */
static const char *const gl_rhymes[] = {
    "a",    "ac",   "ach",  "ai",   "am",   "an",   "ang",  "anh",  "ao",  "ap",   "at",   "au",
    "ay",   "e",    "ec",   "ech",  "em",   "en",   "eng",  "enh",  "eo",  "ep",   "et",   "eu",
    "i",    "ia",   "ich",  "iec",  "iem",  "ien",  "ieng", "iep",  "iet", "ieu",  "im",   "in",
    "inh",  "ip",   "it",   "iu",   "o",    "oa",   "oac",  "oach", "oai", "oam",  "oan",  "oang",
    "oanh", "oap",  "oat",  "oay",  "oc",   "oe",   "oen",  "oeo",  "oet", "oi",   "om",   "on",
    "ong",  "ooc",  "oong", "op",   "ot",   "u",    "ua",   "uac",  "uan", "uang", "uanh", "uat",
    "uau",  "uay",  "uc",   "ue",   "uen",  "uenh", "uet",  "ui",   "um",  "un",   "ung",  "uo",
    "uoc",  "uoi",  "uom",  "uon",  "uong", "uop",  "uot",  "uou",  "up",  "ut",   "uu",   "uy",
    "uya",  "uych", "uyen", "uyet", "uynh", "uyt",  "uyu",  "y",    "yen", "yet",  "yeu",
};

static const char *const gl_onsets[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d",
    "g",   "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",  "x", "",
};

static int gl_rhyme_ok(const char *r, size_t n)
{
    for (size_t i = 0; i < sizeof gl_rhymes / sizeof *gl_rhymes; i++)
        if (strlen(gl_rhymes[i]) == n && memcmp(gl_rhymes[i], r, n) == 0)
            return 1;
    return 0;
}

/* base[0..n): the word's base letters; a syllable is an onset and a
 * rhyme ("gi" may also be "g" + a rhyme in "i": gì). */
static int gl_syllable_ok(const char *base, size_t n)
{
    for (size_t i = 0; i < sizeof gl_onsets / sizeof *gl_onsets; i++) {
        size_t k = strlen(gl_onsets[i]);
        if (k <= n && memcmp(gl_onsets[i], base, k) == 0 && n > k && gl_rhyme_ok(base + k, n - k))
            return 1;
    }
    return 0;
}

static int gl_is_edge_punct(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
           cp == '/' || cp == '(' || cp == ')' || cp == '"' || cp == '\'' || cp == '[' ||
           cp == ']' || cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x2026;
}

#define GL_WORD_MAX 32 /* longer "words" are not syllables: left as they are */

/* How a decoded word reads: 2 a frequent syllable, 1 a syllable, 0 not. */
static int gl_judge(const uint32_t *w, size_t n)
{
    size_t a = 0, b = n;
    while (a < b && gl_is_edge_punct(w[a]))
        a++;
    while (b > a && gl_is_edge_punct(w[b - 1]))
        b--;
    if (a == b || b - a > 8)
        return 0;
    char base[8];
    size_t upper = 0;
    char utf8[8 * 4];
    size_t ulen = 0;
    for (size_t i = a; i < b; i++) {
        uint32_t lo = (uint32_t)u_tolower((UChar32)w[i]);
        upper += lo != w[i];
        char c = gl_base(lo);
        if (!c)
            return 0;
        base[i - a] = c;
        /* the lower-case UTF-8 for the frequent-syllable lookup */
        if (lo < 0x80) {
            utf8[ulen++] = (char)lo;
        } else if (lo < 0x800) {
            utf8[ulen++] = (char)(0xC0 | (lo >> 6));
            utf8[ulen++] = (char)(0x80 | (lo & 0x3F));
        } else {
            utf8[ulen++] = (char)(0xE0 | (lo >> 12));
            utf8[ulen++] = (char)(0x80 | ((lo >> 6) & 0x3F));
            utf8[ulen++] = (char)(0x80 | (lo & 0x3F));
        }
    }
    size_t len = b - a;
    /* all lower case, a capital first, or all capitals */
    int first_up = (uint32_t)u_tolower((UChar32)w[a]) != w[a];
    if (!(upper == 0 || upper == len || (upper == 1 && first_up)))
        return 0;
    if (!gl_syllable_ok(base, len))
        return 0;
    return 1 + tc_legacy_frequent_syllable(utf8, ulen);
}

static tc_rc gl_put(tc_buf *out, uint32_t cp)
{
    char u[4];
    size_t k;
    if (cp < 0x80) {
        u[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    return tc_buf_append(out, u, k);
}

/* Characters a word may be cut from at either end and keep as they are. */
static int gl_is_raw_punct(uint32_t c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' ||
           c == '/' || c == ')' || c == '"' || c == '\'';
}

/* Chooses how to read one word orig[0..wn) into use[]: as it is, as
 * glyph numbers, or as glyph numbers inside punctuation kept as it is.
 * *prev_shift is the choice of the last word that was not a tie. */
static void gl_choose(const uint32_t *orig, size_t wn, uint32_t *use, int *prev_shift)
{
    uint32_t plain[GL_WORD_MAX], shift[GL_WORD_MAX], core[GL_WORD_MAX];
    int controls = 0, letters = 0;
    size_t a = 0, b = wn;
    for (size_t p = 0; p < wn; p++) {
        plain[p] = gl_plain(orig[p]);
        shift[p] = gl_shift(orig[p]);
        controls += gl_is_control(orig[p]);
        letters += u_isalpha((UChar32)orig[p]) != 0;
    }
    while (a < b && gl_is_raw_punct(orig[a]))
        a++;
    while (b > a && gl_is_raw_punct(orig[b - 1]))
        b--;
    for (size_t p = 0; p < wn; p++)
        core[p] = p >= a && p < b ? shift[p] : plain[p];
    memcpy(use, plain, wn * sizeof *use);
    if (!letters && !controls) /* a number or a sign: as it is */
        return;
    int jp = gl_judge(plain, wn), js = gl_judge(shift, wn), jc = gl_judge(core, wn);
    const uint32_t *best_shift = js >= jc ? shift : core;
    int jb = js >= jc ? js : jc;
    /* A control character is never text: the word is in the broken font. */
    int take = controls ? 1 : jb > jp ? 1 : jb < jp ? 0 : jb > 0 ? *prev_shift : 0;
    if (controls || jb != jp)
        *prev_shift = take;
    if (take)
        memcpy(use, best_shift, wn * sizeof *use);
}

tc_rc tc_glyphs_repair(const char *text, size_t n, tc_buf *out, size_t *fixed)
{
    size_t changed = 0;
    int prev_shift = 0;
    tc_rc rc = TC_OK;
    size_t i = 0;
    while (i < n && !rc) {
        uint32_t cp;
        size_t k = tc_utf8_decode(text + i, n - i, &cp);
        if (gl_is_space(cp) || cp == 0xFFFD) { /* invalid bytes go through */
            rc = tc_buf_append(out, text + i, k);
            i += k;
            continue;
        }
        if (cp == 3) { /* the space glyph */
            rc = tc_buf_append(out, " ", 1);
            i += k;
            continue;
        }
        /* a word: up to the next space */
        uint32_t orig[GL_WORD_MAX], use[GL_WORD_MAX];
        size_t wn = 0, j = i, kk;
        int whole = 1;
        while (j < n) {
            uint32_t c;
            kk = tc_utf8_decode(text + j, n - j, &c);
            if (gl_is_space(c) || c == 0xFFFD || c == 3)
                break;
            if (wn == GL_WORD_MAX) {
                whole = 0;
                break;
            }
            orig[wn++] = c;
            j += kk;
        }
        if (!whole) { /* too long for a syllable: the rest of it as it is */
            while (j < n) {
                uint32_t c;
                kk = tc_utf8_decode(text + j, n - j, &c);
                if (gl_is_space(c) || c == 0xFFFD || c == 3)
                    break;
                j += kk;
            }
            for (size_t p = i; p < j && !rc; p += kk) {
                uint32_t c;
                kk = tc_utf8_decode(text + p, j - p, &c);
                rc = c == 0xFFFD ? tc_buf_append(out, text + p, kk) : gl_put(out, gl_plain(c));
            }
            i = j;
            continue;
        }
        gl_choose(orig, wn, use, &prev_shift);
        if (memcmp(use, orig, wn * sizeof *orig) != 0)
            changed++;
        for (size_t p = 0; p < wn && !rc; p++)
            rc = gl_put(out, use[p]);
        i = j;
    }
    if (fixed)
        *fixed = changed;
    return rc;
}
