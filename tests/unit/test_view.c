/* test_view.c: the per-document view (analyzers/view.h): clean text, offset
 * map, lower-case copy and line starts for inputs that the cleaning changes. */
#include <stdlib.h>

#include "../../analyzers/header.h"
#include "../../analyzers/view.h"
#include "check.h"

/* Renders n numbers as "a,b,c". */
static const char *list(const void *v, size_t n, int is32)
{
    static char out[1024];
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && k + 24 < sizeof out; i++) {
        unsigned long long x =
            is32 ? ((const uint32_t *)v)[i] : (unsigned long long)((const size_t *)v)[i];
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%llu", i ? "," : "", x);
    }
    return out;
}

static const struct view_case {
    const char *name;  /* what the case is about */
    const char *in;    /* input (NUL-terminated unless len is given) */
    size_t len;        /* bytes of in, 0 for strlen */
    const char *clean; /* expected clean text */
    const char *map;   /* expected map, len + 1 entries */
    const char *lower; /* expected lower-case copy */
    const char *lines; /* expected line starts */
} cases[] = {
    {"empty", "", 0, "", "0", "", "0"},
    {"ascii", "Ab c", 0, "Ab c", "0,1,2,3,4", "ab c", "0"},
    /* "Ho" U+0300 "a": NFD in, NFC out; both bytes of "ò" map to the "o". */
    {"NFD",
     "Ho\xcc\x80"
     "a Bi\xcc\x80nh",
     0, "Hòa Bình", "0,1,1,4,5,6,7,7,10,11,12", "hòa bình", "0"},
    /* New-style tone placement: "Uỷ" becomes "Ủy" (3 + 1 bytes from 1 + 3). */
    {"tone", "Uỷ ban", 0, "Ủy ban", "0,0,0,1,4,5,6,7,8", "ủy ban", "0"},
    {"tabs", "a\tb\t\tc", 0, "a b  c", "0,1,2,3,4,5,6", "a b  c", "0"},
    {"NBSP", "X\xc2\xa0Y", 0, "X Y", "0,1,3,4", "x y", "0"},
    /* A soft hyphen inside a word is dropped, and outside one too. */
    {"soft hyphen",
     "ab\xc2\xad"
     "cd \xc2\xad!",
     0, "abcd !", "0,1,4,5,6,9,10", "abcd !", "0"},
    /* An invalid byte becomes U+FFFD (3 bytes, all mapped to it). */
    {"invalid UTF-8",
     "a\xff"
     "B",
     0,
     "a\xef\xbf\xbd"
     "B",
     "0,1,1,1,2,3",
     "a\xef\xbf\xbd"
     "b",
     "0"},
    {"CRLF", "A\r\nB\r\n", 0, "A\r\nB\r\n", "0,1,2,3,4,5,6", "a\r\nb\r\n", "0,3,6"},
    {"page break", "x\fy\nz\n", 0, "x y\nz\n", "0,1,2,3,4,5,6", "x y\nz\n", "0,4,6"},
    {"BOM",
     "\xef\xbb\xbf"
     "Ab",
     0, "Ab", "3,4,5", "ab", "0"},
    {"NUL byte", "a\0b", 3,
     "a\xef\xbf\xbd"
     "b",
     "0,1,1,1,2,3",
     "a\xef\xbf\xbd"
     "b",
     "0"},
    /* Capitals with diacritics and đ keep their length in lower case. */
    {"Vietnamese capitals", "ĐỒNG Ý", 0, "ĐỒNG Ý", "0,0,2,2,2,5,6,7,8,8,10", "đồng ý", "0"},
    /* "İ" lowers to "i" (1 byte from 2): kept as it is so offsets stay. */
    {"length change", "İX", 0, "İX", "0,0,2,3", "İx", "0"},
    {"curly quotes", "\xe2\x80\x9cQ\xe2\x80\x9d", 0, "\"Q\"", "0,3,4,7", "\"q\"", "0"},
};

int main(void)
{
    tc_text *t;
    if (tc_text_open(&t) != TC_OK) {
        fprintf(stderr, "cannot open tc_text\n");
        return 1;
    }
    char what[128];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct view_case *c = &cases[k];
        size_t n = c->len ? c->len : strlen(c->in);
        tc_view v;
        snprintf(what, sizeof what, "%s: rc", c->name);
        CHECK_INT(what, TC_OK, tc_view_build(t, c->in, n, &v));
        snprintf(what, sizeof what, "%s: raw", c->name);
        CHECK(v.raw == c->in && v.raw_len == n, "%s", what);
        snprintf(what, sizeof what, "%s: clean", c->name);
        CHECK_STR(what, c->clean, v.clean);
        CHECK_INT(what, strlen(c->clean), v.len);
        snprintf(what, sizeof what, "%s: map", c->name);
        CHECK_STR(what, c->map, list(v.map, v.len + 1, 1));
        snprintf(what, sizeof what, "%s: lower", c->name);
        CHECK_STR(what, c->lower, v.lower);
        CHECK_INT(what, 0, v.lower[v.len]);
        snprintf(what, sizeof what, "%s: lines", c->name);
        CHECK_STR(what, c->lines, list(v.lines, v.nlines, 0));
        /* Each line ends at a '\n' or at the end of the text. */
        for (size_t i = 0; i < v.nlines; i++) {
            size_t e = tc_view_line_end(&v, i);
            snprintf(what, sizeof what, "%s: line %zu end", c->name, i);
            CHECK(e == v.len || v.clean[e] == '\n', "%s", what);
        }
        tc_view_free(&v);
        CHECK(v.clean == NULL && v.map == NULL && v.len == 0, "%s: freed", c->name);
    }

    /* NULL with no bytes is an empty document; NULL with bytes is refused
     * and leaves an empty view. */
    tc_view v;
    CHECK_INT("NULL, 0", TC_OK, tc_view_build(t, NULL, 0, &v));
    CHECK_STR("NULL, 0: clean", "", v.clean);
    tc_view_free(&v);
    CHECK_INT("NULL, 3", TC_EINVAL, tc_view_build(t, NULL, 3, &v));
    CHECK(v.clean == NULL && v.len == 0, "NULL, 3: empty view");
    tc_view_free(&v);
    tc_view_free(NULL);

    /* tc_view_lower on its own (the header uses it on titles). */
    char low[32];
    const char *s = "ỦY BAN Hòa";
    tc_view_lower(s, strlen(s), low);
    low[strlen(s)] = 0;
    CHECK_STR("tc_view_lower", "ủy ban hòa", low);

    /* The header reads tabs, page breaks and lone CRs of the raw text as line
     * breaks and the CR of a CRLF as a space, through the view's map: the
     * result is the one of the text rewritten so before cleaning. */
    tc_gazetteer *g = NULL;
    CHECK_INT("gazetteer", TC_OK, tc_gazetteer_open(t, &g));
    size_t n = 0;
    char *doc = check_slurp("corpus/001_36b9b0631c388b4f.txt", &n);
    CHECK(doc != NULL, "corpus/001 readable (run from the repository root)");
    if (doc && g) {
        /* Every 7th line break as CRLF, every 11th as a lone CR, every 13th
         * as a page break, and two-column headers split by tabs. */
        char *mixed = malloc(2 * n + 1), *plain = malloc(2 * n + 1);
        size_t m = 0, lines = 0;
        for (size_t i = 0; i < n; i++) {
            char ch = doc[i];
            if (ch == '\n' && ++lines % 7 == 0) {
                mixed[m] = '\r', plain[m++] = ' ';
                mixed[m] = plain[m] = '\n', m++;
            } else if (ch == '\n' && lines % 11 == 0) {
                mixed[m] = '\r', plain[m++] = '\n';
            } else if (ch == '\n' && lines % 13 == 0) {
                mixed[m] = '\f', plain[m++] = '\n';
            } else if (ch == '\t') {
                mixed[m] = '\t', plain[m++] = '\n';
            } else {
                mixed[m] = plain[m] = ch, m++;
            }
        }
        tc_header hm, hp;
        CHECK_INT("header mixed rc", TC_OK, tc_header_parse(t, g, mixed, m, &hm));
        CHECK_INT("header plain rc", TC_OK, tc_header_parse(t, g, plain, m, &hp));
        CHECK_STR("header: agency", hp.agency, hm.agency);
        CHECK_STR("header: number", hp.number, hm.number);
        CHECK_STR("header: title", hp.title, hm.title);
        CHECK_STR("header: signer", hp.signer_name, hm.signer_name);
        CHECK(hm.agency[0] && hm.signer_name[0], "header fields found");
        CHECK(memcmp(&hm, &hp, sizeof hm) == 0, "whole header equal");
        free(mixed);
        free(plain);
    }
    free(doc);
    tc_gazetteer_close(g);
    tc_text_close(t);
    return check_report("view");
}
