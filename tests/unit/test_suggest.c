/* test_suggest.c: the distance "did you mean" ranks candidates by
 * (suggest.h): a tone mark, a diacritic or a change of case costs less
 * than a letter, a swap of neighbours a little less than a letter. */
#include "../../search/suggest.h"
#include "check.h"

static const struct dist_case {
    const char *name; /* what the case is about */
    const char *a, *b;
    unsigned limit;
    unsigned want; /* limit + 1: over the limit */
} cases[] = {
    {"same", "quyết", "quyết", 8, 0},
    {"swap of neighbours", "dihn", "dinh", 8, TC_SUGGEST_SWAP},
    {"a letter replaced", "dihn", "dien", 8, TC_SUGGEST_EDIT},
    {"swap beats replace: dinh wins over dien", "dihn", "dinh", 3, 3},
    {"a tone mark", "tĩnh", "tính", 8, 1},
    {"a tone mark added", "tinh", "tĩnh", 8, 1},
    {"d and đ", "dinh", "đinh", 8, 1},
    {"a diacritic and a tone", "an tòan", "an toàn", 8, 2},
    {"province typo, folded", "ha tihn", "ha tinh", 8, TC_SUGGEST_SWAP},
    {"case only", "TTg", "ttg", 8, 2},
    {"cited symbol: one letter", "45/2016/QĐ-TTq", "45/2016/QĐ-TTg", 8, TC_SUGGEST_EDIT},
    {"a letter missing", "provnce", "province", 8, TC_SUGGEST_EDIT},
    {"a letter added", "reportt", "report", 8, TC_SUGGEST_EDIT},
    {"three letters: over two edits", "abcdef", "abxyzf", 8, 9},
    {"length alone over the limit", "ab", "abcdef", 8, 9},
    {"empty vs one letter", "", "a", 8, TC_SUGGEST_EDIT},
};

int main(void)
{
    tc_text *t = NULL;
    CHECK_INT("tc_text_open", TC_OK, tc_text_open(&t));
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct dist_case *c = &cases[i];
        unsigned d = tc_suggest_distance(t, c->a, strlen(c->a), c->b, strlen(c->b), c->limit);
        CHECK_INT(c->name, c->want, d);
        /* The distance is symmetric. */
        d = tc_suggest_distance(t, c->b, strlen(c->b), c->a, strlen(c->a), c->limit);
        CHECK_INT(c->name, c->want, d);
    }
    tc_text_close(t);
    return check_report("suggest");
}
