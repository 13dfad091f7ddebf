/* test_text.c: normalisation, folding, tokens and offsets (analyzers/text.h). */
#include <stdlib.h>

#include "../../analyzers/text.h"
#include "check.h"

static tc_text *T;

static const char *canon(const char *s)
{
    static tc_buf b;
    static int init;
    if (!init) {
        tc_buf_init(&b, 0);
        init = 1;
    }
    tc_buf_reset(&b);
    if (!s) {
        tc_buf_free(&b);
        init = 0;
        return NULL;
    }
    tc_text_canon(T, s, strlen(s), &b);
    return tc_buf_cstr(&b);
}

static const char *fold(const char *s)
{
    static char out[512];
    tc_buf b;
    tc_buf_init(&b, 0);
    tc_text_fold(T, s, strlen(s), &b);
    snprintf(out, sizeof out, "%s", tc_buf_cstr(&b));
    tc_buf_free(&b);
    return out;
}

/* Tokens rendered as "term@pos[start,end]" joined by spaces; compounds
 * marked with '+'. */
typedef struct render {
    tc_buf out;
    unsigned flags_or;
    tc_rc rc; /* the first append that failed (the rendering stops there) */
} render;

static int on_token(void *ctx, const tc_token *t)
{
    render *r = ctx;
    if (r->out.len)
        tc_buf_putc_rc(&r->rc, &r->out, ' ');
    tc_buf_printf_rc(&r->rc, &r->out, "%s%.*s@%u[%zu,%zu]",
                     (t->flags & TC_TOK_COLOCATED) ? "+" : "", (int)t->term_len, t->term, t->pos,
                     t->start, t->end);
    r->flags_or |= t->flags;
    return r->rc != TC_OK;
}

static char warned[256];
static void on_warn(void *ctx, size_t off, const char *what)
{
    size_t n = strlen(warned);
    snprintf(warned + n, sizeof warned - n, "%zu;", off);
}

static const char *tokens(const char *s, size_t n)
{
    static char out[2048];
    render r;
    tc_buf_init(&r.out, 0);
    r.flags_or = 0;
    r.rc = TC_OK;
    warned[0] = 0;
    tc_text_tokenize(T, s, n, on_token, &r, on_warn, NULL);
    snprintf(out, sizeof out, "%s", tc_buf_cstr(&r.out));
    tc_buf_free(&r.out);
    return out;
}

static unsigned first_flags(const char *s)
{
    render r;
    tc_buf_init(&r.out, 0);
    r.flags_or = 0;
    r.rc = TC_OK;
    tc_text_tokenize(T, s, strlen(s), on_token, &r, NULL, NULL);
    tc_buf_free(&r.out);
    return r.flags_or;
}

/* The term and folded form of the first token of s: "term|folded". */
static int on_first(void *ctx, const tc_token *t)
{
    snprintf(ctx, 128, "%.*s|%.*s", (int)t->term_len, t->term, (int)t->folded_len, t->folded);
    return 1;
}

static const char *first_term(const char *s)
{
    static char out[128];
    out[0] = 0;
    tc_text_tokenize(T, s, strlen(s), on_first, out, NULL, NULL);
    return out;
}

int main(void)
{
    if (tc_text_open(&T) != TC_OK) {
        fprintf(stderr, "cannot open tc_text\n");
        return 1;
    }

    /* Every tone pair: the new-style placement becomes the traditional one,
     * in every tone, and the traditional one stays. */
    static const char *const tone_pairs[][2] = {
        {"hoà", "hòa"},   {"hoá", "hóa"},   {"hoả", "hỏa"},   {"hoã", "hõa"},   {"hoạ", "họa"},
        {"khoè", "khòe"}, {"khoé", "khóe"}, {"khoẻ", "khỏe"}, {"khoẽ", "khõe"}, {"khoẹ", "khọe"},
        {"thuỳ", "thùy"}, {"thuý", "thúy"}, {"thuỷ", "thủy"}, {"thuỹ", "thũy"}, {"thuỵ", "thụy"},
        {"uỷ", "ủy"},     {"tuỳ", "tùy"},   {"luỹ", "lũy"},   {"hoè", "hòe"},   {"xoà", "xòa"},
        {"Uỷ", "ủy"},     {"HOÀ", "hòa"},   {"Khoẻ", "khỏe"}, {"THUỶ", "thủy"},
    };
    for (size_t i = 0; i < sizeof tone_pairs / sizeof tone_pairs[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "canon(%s)", tone_pairs[i][0]);
        CHECK_STR(what, tone_pairs[i][1], canon(tone_pairs[i][0]));
        snprintf(what, sizeof what, "canon(%s)", tone_pairs[i][1]);
        CHECK_STR(what, tone_pairs[i][1], canon(tone_pairs[i][1]));
    }
    /* Not pairs: qu-, a final consonant, or a third vowel keep their tone. */
    static const char *const unchanged[] = {"quý",  "quỷ",   "quỳnh", "hoàn", "thuyết", "khoáng",
                                            "hoài", "ngoài", "quả",   "già",  "khuya",  "tuần"};
    for (size_t i = 0; i < sizeof unchanged / sizeof unchanged[0]; i++)
        CHECK_STR(unchanged[i], unchanged[i], canon(unchanged[i]));

    /* NFD input composes; case folds; đ stays in the canonical form. */
    CHECK_STR("NFD hòa", "hòa",
              canon("ho\xcc\x80"
                    "a"));
    CHECK_STR("NFD new-style hoà", "hòa", canon("hoa\xcc\x80"));
    CHECK_STR("NFD thống", "thống", canon("Tho\xcc\x82\xcc\x81ng"));
    CHECK_STR("NFD Việt", "việt", canon("Vie\xcc\xa3\xcc\x82t"));
    CHECK_STR("Đ upper", "đồng", canon("ĐỒNG"));
    CHECK_STR("soft hyphen dropped", "thông", canon("thô\xc2\xadng"));

    /* Folding: every diacritic goes, đ -> d. */
    static const char *const folds[][2] = {
        {"Quyết định", "quyet dinh"},
        {"Đồng Tháp", "dong thap"},
        {"hiệu quả", "hieu qua"},
        {"Ủy ban", "uy ban"},
        {"Uỷ ban", "uy ban"},
        {"ho\xcc\x80"
         "a",
         "hoa"},
        {"Sóc Trăng", "soc trang"},
        {"ĐT", "dt"},
        {"nghĩa", "nghia"},
    };
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
        CHECK_STR(folds[i][0], folds[i][1], fold(folds[i][0]));

    /* Tokens, positions and byte offsets in the original text. */
    static const char *const toks[][2] = {
        {"Cộng hoà", "cộng@0[0,6] hòa@1[7,11]"},
        {"45/2016/QĐ-TTg", "45@0[0,2] 2016@1[3,7] qđ@2[8,11] ttg@3[12,15] "
                           "+45/2016/qđ-ttg@0[0,15]"},
        {"ngày 19/10/2016.", "ngày@0[0,5] 19@1[6,8] 10@2[9,11] 2016@3[12,16] +19/10/2016@1[6,16]"},
        {"1.500.000 đồng", "1.500.000@0[0,9] đồng@1[10,17]"},
        {"12,5 triệu", "12,5@0[0,4] triệu@1[5,12]"},
        {"Sở KH&ĐT", "sở@0[0,4] kh@1[5,7] đt@2[8,11] +kh&đt@1[5,11]"},
        {"TP.HCM", "tp@0[0,2] hcm@1[3,6] +tp.hcm@0[0,6]"},
        {"mạng (SOC).", "mạng@0[0,6] soc@1[8,11]"},
        {"quan tâm¹. Tiếp", "quan@0[0,4] tâm@1[5,9] tiếp@2[13,19]"},
        {"an\xc2\xa0toàn", "an@0[0,2] toàn@1[4,9]"},
        {"\xe2\x80\x9c"
         "chuyển đổi\xe2\x80\x9d",
         "chuyển@0[3,11] đổi@1[12,18]"},
        {"Độc lập – Tự do", "độc@0[0,6] lập@1[7,12] tự@2[17,21] do@3[22,24]"},
        {"ho\xcc\x80"
         "a bi\xcc\x80nh",
         "hòa@0[0,5] bình@1[6,12]"},
        {"KT-XH", "kt@0[0,2] xh@1[3,5] +kt-xh@0[0,5]"},
        {"", ""},
        {"   ...  ", ""},
    };
    for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++)
        CHECK_STR(toks[i][0], toks[i][1], tokens(toks[i][0], strlen(toks[i][0])));

    /* Invalid UTF-8: replaced, reported with its offset, the rest indexed. */
    CHECK_STR("invalid byte", "ab@0[0,2] cd@1[3,5]",
              tokens("ab\xff"
                     "cd",
                     5));
    CHECK_STR("invalid offset warned", "2;", warned);
    CHECK_STR("truncated sequence", "x@0[0,1] y@1[4,5]", tokens("x\xe1\xba y", 5));
    CHECK_STR("truncated warned", "1;2;", warned);
    CHECK_STR("BOM skipped", "xin@0[3,6]", tokens("\xef\xbb\xbfxin", 6));
    CHECK_STR("NUL byte", "a@0[0,1] b@1[2,3]", tokens("a\0b", 3));

    /* Flags. */
    CHECK((first_flags("SOC") & TC_TOK_CAPS) != 0, "SOC caps");
    CHECK((first_flags("SoC") & TC_TOK_CAPS) == 0, "SoC not caps");
    CHECK((first_flags("sóc") & TC_TOK_ACCENTED) != 0, "sóc accented");
    CHECK((first_flags("2018") & TC_TOK_NUMERIC) != 0, "2018 numeric");
    CHECK((first_flags("A") & TC_TOK_CAPS) == 0, "single letter not caps");

    /* A long line with no spaces does not crash; over-long tokens are dropped. */
    size_t big = 1 << 20;
    char *huge = malloc(big);
    memset(huge, 'a', big);
    CHECK_STR("1 MB token", "", tokens(huge, big));
    for (size_t i = 0; i < big; i += 4)
        memcpy(huge + i, "ab ", 3), huge[i + 3] = ' ';
    render r;
    tc_buf_init(&r.out, 0);
    r.flags_or = 0;
    r.rc = TC_OK;
    CHECK_INT("1 MB of words", TC_OK, tc_text_tokenize(T, huge, big, on_token, &r, NULL, NULL));
    tc_buf_free(&r.out);
    free(huge);

    /* clean(): NFC, canonical tones, case kept, spaces, quotes, and the map. */
    {
        const char *s = "Uỷ\xc2\xa0"
                        "ban \xe2\x80\x9c"
                        "Ho\xcc\x80"
                        "a\xe2\x80\x9d";
        tc_buf b;
        tc_buf_init(&b, 0);
        uint32_t *map = NULL;
        CHECK_INT("clean rc", TC_OK, tc_text_clean(T, s, strlen(s), &b, &map));
        CHECK_STR("clean text", "Ủy ban \"Hòa\"", tc_buf_cstr(&b));
        /* "ban" starts at byte 6 of the input ("Uỷ" is 4 bytes, NBSP 2). */
        const char *ban = strstr(tc_buf_cstr(&b), "ban");
        CHECK_INT("clean map ban", 6, ban ? map[ban - b.data] : 999);
        CHECK_INT("clean map end", strlen(s), map[b.len]);
        free(map);
        tc_buf_free(&b);
    }

    canon(NULL);
    /* i/y spelling (DOMAIN.md): after h k l m s t and qu, the i and the y
     * spelling of a syllable are one term, the y one, in every tone and
     * case; its folded form ends in y too. */
    static const char *const iy_pairs[][3] = {
        {"kĩ", "kỹ", "kỹ|ky"},     {"Kĩ", "KỸ", "kỹ|ky"}, {"lí", "lý", "lý|ly"},
        {"LÍ", "Lý", "lý|ly"},     {"mĩ", "mỹ", "mỹ|my"}, {"Mĩ", "Mỹ", "mỹ|my"},
        {"kì", "kỳ", "kỳ|ky"},     {"sĩ", "sỹ", "sỹ|sy"}, {"tỉ", "tỷ", "tỷ|ty"},
        {"ti", "ty", "ty|ty"},     {"hi", "hy", "hy|hy"}, {"qui", "quy", "quy|quy"},
        {"quí", "quý", "quý|quy"}, {"lị", "lỵ", "lỵ|ly"}, {"ki", "ky", "ky|ky"},
    };
    for (size_t i = 0; i < sizeof iy_pairs / sizeof *iy_pairs; i++) {
        char what[64];
        snprintf(what, sizeof what, "i/y term of %s", iy_pairs[i][0]);
        CHECK_STR(what, iy_pairs[i][2], first_term(iy_pairs[i][0]));
        snprintf(what, sizeof what, "i/y term of %s", iy_pairs[i][1]);
        CHECK_STR(what, iy_pairs[i][2], first_term(iy_pairs[i][1]));
    }
    /* Not a variant: other onsets (kh, th, ch, v), a longer rhyme, y alone. */
    static const char *const iy_kept[][2] = {
        {"khi", "khi|khi"}, {"thi", "thi|thi"}, {"chị", "chị|chi"},       {"vi", "vi|vi"},
        {"Vy", "vy|vy"},    {"kia", "kia|kia"}, {"lịch", "lịch|lich"},    {"mình", "mình|minh"},
        {"y", "y|y"},       {"ý", "ý|y"},       {"quyết", "quyết|quyet"}, {"tin", "tin|tin"},
    };
    for (size_t i = 0; i < sizeof iy_kept / sizeof *iy_kept; i++) {
        char what[64];
        snprintf(what, sizeof what, "term of %s", iy_kept[i][0]);
        CHECK_STR(what, iy_kept[i][1], first_term(iy_kept[i][0]));
    }

    tc_text_close(T);
    return check_report("text");
}
