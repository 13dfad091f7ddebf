/* test_snippet.c: the snippet window (passages.h tc_snippet_window) on
 * synthetic occurrence lists, the merging of marks, and the clean text
 * with marks placed (tc_text_marked). */
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../include/tracuu.h"
#include "../../search/passages.h"
#include "check.h"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

/* tc_passages() on an index of corpus/002 (Trà Vinh, Q1 2019): "an toàn
 * thông tin" stands in three sentences, read in the file: lines 95
 * ("… vào chuyên mục an toàn thông tin."), 99 ("Tọa đàm “Tăng cường năng
 * lực đảm bảo an toàn thông tin phục vụ …”") and 127 (after a ';':
 * "công tác đảm bảo an toàn thông tin."). */
static void passages_api(void)
{
    char dir[] = "/tmp/test_snippet_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    char *abs = realpath("corpus/002_047a4ae5ab10d50a.txt", NULL);
    char err[512] = "";
    tc_index *ix = NULL;
    tc_index_stats st;
    tc_rc rc = abs ? tc_index_open(dir, &ix, err, sizeof err) : TC_ENOTFOUND;
    if (!rc)
        rc = tc_index_update(ix, (const char *const *)&abs, 1, NULL, NULL, &st);
    tc_index_close(ix);
    CHECK_INT("index corpus/002", TC_OK, rc);
    tc_db *db = NULL;
    tc_query *q = NULL, *f = NULL;
    if (!rc)
        rc = tc_db_open(dir, &db, err, sizeof err);
    if (!rc)
        rc = tc_query_parse(db, "\"an toàn thông tin\"", &q, err, sizeof err);
    if (!rc)
        rc = tc_query_parse(db, "year:2019", &f, err, sizeof err);
    CHECK_INT("open and parse", TC_OK, rc);
    if (!rc) {
        tc_passage *p = NULL;
        size_t n = 99;
        rc = tc_passages(db, q, 1, &p, &n);
        CHECK_INT("tc_passages rc", TC_OK, rc);
        CHECK_INT("passages", 3, n);
        static const uint32_t lines[3] = {95, 99, 127};
        for (size_t i = 0; i < n && i < 3; i++) {
            CHECK_INT("passage line", lines[i], p[i].line);
            CHECK_INT("passage page (unpaged)", 0, p[i].page);
            CHECK_INT("one match each", 1, p[i].nmarks);
            CHECK(p[i].start <= p[i].marks[0][0] && p[i].marks[0][1] <= p[i].end,
                  "mark inside passage %zu", i);
            CHECK_INT("a mark is the phrase (19 bytes)", 19, p[i].marks[0][1] - p[i].marks[0][0]);
        }
        if (n == 3)
            CHECK_STR("third passage", "công tác đảm bảo an toàn thông tin.", p[2].text);
        tc_passages_free(p, n);
        p = (tc_passage *)1;
        CHECK_INT("no such document", TC_ENOTFOUND, tc_passages(db, q, 999, &p, &n));
        CHECK(p == NULL && n == 0, "out set on failure");
        CHECK_INT("filters only rc", TC_OK, tc_passages(db, f, 1, &p, &n));
        CHECK_INT("filters only: no passage", 0, n);
        tc_passages_free(p, n);
    }
    tc_query_free(q);
    tc_query_free(f);
    tc_db_close(db);
    free(abs);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Reads "pos:elem[/npos] ..." into occ; returns the count. */
static size_t occs(const char *s, tc_occ *occ, size_t cap)
{
    size_t n = 0;
    while (*s && n < cap) {
        char *end;
        unsigned long pos = strtoul(s, &end, 10);
        unsigned long el = strtoul(end + 1, &end, 10), np = 1;
        if (*end == '/')
            np = strtoul(end + 1, &end, 10);
        occ[n++] = (tc_occ){pos * 10, pos * 10 + 5, (uint32_t)pos, (uint32_t)np, (uint32_t)el, 0};
        while (*end == ' ')
            end++;
        s = end;
    }
    return n;
}

static const struct window_case {
    const char *name;   /* what the case is about */
    const char *occ;    /* occurrences: "pos:elem[/npos]" by position */
    uint32_t nelems;    /* distinct elements of the query */
    uint32_t span;      /* the most positions a window spans */
    unsigned distinct;  /* expected distinct elements in the window */
    size_t first, last; /* expected window (indexes into occ) */
} windows[] = {
    {"no occurrence", "", 1, 24, 0, 0, 0},
    {"one occurrence", "7:0", 1, 24, 1, 0, 0},
    {"a phrase: its first occurrence", "3:0/4 40:0/4", 1, 24, 1, 0, 0},
    /* Both words, closest together: the later pair (span 3) over the
     * earlier one (span 11). */
    {"closest pair wins", "0:0 10:1 50:0 52:1", 2, 24, 2, 2, 3},
    {"both words beat one word repeated", "0:0 1:0 2:0 3:0 60:0 70:1 75:0", 2, 24, 2, 5, 6},
    {"distinct words before span", "0:0 1:0 2:0 20:1", 2, 24, 2, 2, 3},
    {"three words over two", "0:0 3:1 6:2 100:0 101:1", 3, 24, 3, 0, 2},
    {"equal windows: the earliest", "0:0 1:1 50:0 51:1", 2, 24, 2, 0, 1},
    {"too far apart: the first word alone", "0:0 30:1", 2, 24, 1, 0, 0},
    {"span counts the last occurrence's positions: 24 fits", "0:0 23:1", 2, 24, 2, 0, 1},
    {"span 25 does not fit", "0:0 24:1", 2, 24, 1, 0, 0},
    {"a phrase's length counts in the span", "0:0 21:1/4", 2, 24, 1, 0, 0},
    {"a phrase near a word", "0:0 20:1/4", 2, 24, 2, 0, 1},
    {"element out of range counts nothing", "0:5 1:0", 1, 24, 1, 1, 1},
};

static const struct merge_case {
    const char *name;
    size_t in[4][2];
    size_t n;
    const char *want; /* "s-e s-e" */
} merges[] = {
    {"disjoint, sorted", {{1, 3}, {5, 8}}, 2, "1-3 5-8"},
    {"unsorted", {{5, 8}, {1, 3}}, 2, "1-3 5-8"},
    {"overlap", {{1, 6}, {5, 8}}, 2, "1-8"},
    {"touching", {{1, 5}, {5, 8}}, 2, "1-8"},
    {"inside", {{1, 9}, {2, 3}, {4, 5}}, 3, "1-9"},
};

static const struct text_case {
    const char *name;
    const char *doc;
    size_t from, to;
    size_t marks[2][2];
    size_t nm;
    const char *want; /* text with marks in brackets */
} texts[] = {
    {"spaces collapse", "a  b\n\nc", 0, 8, {{0, 0}}, 0, "a b c"},
    {"a phrase across a line break is one mark",
     "xx an\ntoàn yy",
     0,
     15,
     {{3, 12}},
     1,
     "xx [an toàn] yy"},
    {"marks keep their place after collapsed space",
     "a   bc  d",
     0,
     9,
     {{4, 6}, {8, 9}},
     2,
     "a [bc] [d]"},
    {"control characters dropped",
     "a\x01"
     "b\x1b[2Jc",
     0,
     9,
     {{0, 0}},
     0,
     "ab[2Jc"},
    {"a window inside the text", "one two three four", 4, 13, {{8, 13}}, 1, "two [three]"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof windows / sizeof *windows; i++) {
        const struct window_case *c = &windows[i];
        tc_occ occ[32];
        size_t n = occs(c->occ, occ, 32), first = 99, last = 99;
        unsigned d = tc_snippet_window(occ, n, c->nelems, c->span, &first, &last);
        CHECK_INT(c->name, c->distinct, d);
        CHECK_INT(c->name, c->first, first);
        CHECK_INT(c->name, c->last, last);
    }
    for (size_t i = 0; i < sizeof merges / sizeof *merges; i++) {
        const struct merge_case *c = &merges[i];
        size_t m[4][2];
        memcpy(m, c->in, sizeof m);
        size_t n = tc_marks_merge(m, c->n);
        char got[128] = "";
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += (size_t)snprintf(got + k, sizeof got - k, "%s%zu-%zu", j ? " " : "", m[j][0],
                                  m[j][1]);
        CHECK_STR(c->name, c->want, got);
    }
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const struct text_case *c = &texts[i];
        char *text = NULL;
        size_t(*marks)[2] = NULL;
        tc_rc rc = tc_text_marked(c->doc, c->from, c->to, (const size_t(*)[2])c->marks, c->nm,
                                  &text, &marks);
        CHECK_INT(c->name, TC_OK, rc);
        char got[256] = "";
        size_t k = 0, at = 0;
        for (size_t j = 0; text && j < c->nm; j++) {
            k += (size_t)snprintf(got + k, sizeof got - k, "%.*s[%.*s]", (int)(marks[j][0] - at),
                                  text + at, (int)(marks[j][1] - marks[j][0]), text + marks[j][0]);
            at = marks[j][1];
        }
        if (text)
            snprintf(got + k, sizeof got - k, "%s", text + at);
        CHECK_STR(c->name, c->want, got);
        free(text);
        free(marks);
    }
    passages_api();
    return check_report("snippet");
}
