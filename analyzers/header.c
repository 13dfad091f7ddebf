/*
 * header.c: metadata of a Vietnamese administrative document (see header.h).
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header reads the document's view (view.h): the cleaned text
 * (tc_text_clean: NFC, canonical tones, every space-like character a plain
 * space) and its lower-case copy with the same byte offsets, so patterns are
 * matched on the lower-case copy and fields are cut from the cleaned text,
 * as written.
 *
 * Tabs are read as line breaks: converters separate the two columns of the
 * header ("UBND TỈNH X <tab> CỘNG HÒA ...") and the cells of tables with
 * tabs, and a column is what the header patterns want.
 *
 * Where things are looked for:
 *   - the header block: the first HD_HEAD_LINES non-empty lines, up to the
 *     end of the title (the type word, e.g. "BÁO CÁO", then subject lines);
 *     agency lines come before the type word, number, place and date
 *     anywhere in the block;
 *   - the opening paragraphs after the title: the reporting body when the
 *     agency lines are missing;
 *   - the signature: after the last "Nơi nhận:" (appendices may follow);
 *   - the period: in the title, else in the opening paragraph.
 * Every scan is bounded (lines longer than HD_LINE_MAX are never header
 * lines, body lines are read up to HD_BODY_SCAN bytes), so garbage or a
 * single huge line costs linear time.
 */
#include "header.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

/* Only this much of a file is read: headers and signatures of reports fit
 * many times over, and cleaning costs ~16 bytes of memory per input byte. */
#define HD_MAX_INPUT ((size_t)2 << 20)
/* Non-empty lines that may hold the header block. */
#define HD_HEAD_LINES 40
/* A longer line is a body paragraph, never a header line. */
#define HD_LINE_MAX 400
/* Bytes of a body line searched for the reporting body or a province. */
#define HD_BODY_SCAN 4000
/* Non-empty lines after "Nơi nhận:" searched for the signer. */
#define HD_SIG_LINES 40
/* Agency lines kept (the last ones before the type word matter). */
#define HD_AGENCY_MAX 4
/* Bytes of one agency line after joining its continuation lines. */
#define HD_AGENCY_TEXT 256

/* ---- tables ---------------------------------------------------------------- */

/* Document types and their header words come from data/doctypes.tsv
 * (analyzers/doctypes.h): the rows flagged "h", longest word first. */

/* Agency kinds an agency line starts with: lower-case words, the display
 * form, and flags. */
#define HD_K_DEPT 0x1u  /* a provincial department (Sở): belongs to a province */
#define HD_K_LOCAL 0x2u /* a people's committee or council: names its place */
#define HD_K_LEVEL 0x4u /* names its level: "Tỉnh ủy Cao Bằng", not "... tỉnh Cao Bằng" */
static const struct hd_kind {
    const char *words;   /* lower-case kind words */
    const char *display; /* how the kind is written in running text */
    unsigned flags;      /* HD_K_* */
    const char *folded;  /* the words without diacritics, for OCR layers without them */
} hd_kinds[] = {
    {"ủy ban nhân dân", "Ủy ban nhân dân", HD_K_LOCAL, "uy ban nhan dan"},
    {"ubnd", "UBND", HD_K_LOCAL, "ubnd"},
    {"hội đồng nhân dân", "Hội đồng nhân dân", HD_K_LOCAL, "hoi dong nhan dan"},
    {"hđnd", "HĐND", HD_K_LOCAL, "hdnd"},
    {"sở", "Sở", HD_K_DEPT, "so"},
    {"thủ tướng chính phủ", "Thủ tướng Chính phủ", 0, "thu tuong chinh phu"},
    {"chính phủ", "Chính phủ", 0, "chinh phu"},
    {"quốc hội", "Quốc hội", 0, "quoc hoi"},
    {"ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội", 0, "uy ban thuong vu quoc hoi"},
    {"ban chấp hành", "Ban Chấp hành", 0, "ban chap hanh"},
    {"ban thường vụ", "Ban Thường vụ", 0, "ban thuong vu"},
    {"ban chỉ đạo", "Ban Chỉ đạo", 0, "ban chi dao"},
    {"ban quản lý", "Ban Quản lý", 0, "ban quan ly"},
    {"ban", "Ban", 0, "ban"},
    {"bộ chỉ huy", "Bộ Chỉ huy", 0, "bo chi huy"},
    {"bộ", "Bộ", 0, "bo"},
    {"tổng cục", "Tổng cục", 0, "tong cuc"},
    {"chi cục", "Chi cục", 0, "chi cuc"},
    {"cục", "Cục", 0, "cuc"},
    {"văn phòng", "Văn phòng", 0, "van phong"},
    {"trung tâm", "Trung tâm", 0, "trung tam"},
    {"phòng", "Phòng", 0, "phong"},
    {"thanh tra", "Thanh tra", 0, "thanh tra"},
    {"kho bạc nhà nước", "Kho bạc Nhà nước", 0, "kho bac nha nuoc"},
    {"bảo hiểm xã hội", "Bảo hiểm xã hội", 0, "bao hiem xa hoi"},
    {"công an", "Công an", 0, "cong an"},
    {"tỉnh ủy", "Tỉnh ủy", HD_K_LEVEL, "tinh uy"},
    {"thành ủy", "Thành ủy", HD_K_LEVEL, "thanh uy"},
    {"huyện ủy", "Huyện ủy", HD_K_LEVEL, "huyen uy"},
    {"đảng ủy", "Đảng ủy", 0, "dang uy"},
    {"đảng bộ", "Đảng bộ", 0, "dang bo"},
    {"tòa án nhân dân", "Tòa án nhân dân", 0, "toa an nhan dan"},
    {"viện kiểm sát nhân dân", "Viện kiểm sát nhân dân", 0, "vien kiem sat nhan dan"},
    {"mặt trận tổ quốc", "Mặt trận Tổ quốc", 0, "mat tran to quoc"},
    {"ủy ban", "Ủy ban", 0, "uy ban"},
    {"bệnh viện", "Bệnh viện", 0, "benh vien"},
    {"viện", "Viện", 0, "vien"},
    {"trường", "Trường", 0, "truong"},
    {"đài", "Đài", 0, "dai"},
    {"liên đoàn", "Liên đoàn", 0, "lien doan"},
    {"hội", "Hội", 0, "hoi"},
    {"tổng công ty", "Tổng công ty", 0, "tong cong ty"},
    {"công ty", "Công ty", 0, "cong ty"},
    {"tập đoàn", "Tập đoàn", 0, "tap doan"},
    {"ngân hàng", "Ngân hàng", 0, "ngan hang"},
};

/* Provincial departments (Sở): their field as written in lower case with
 * words separated by single spaces (punctuation between words is ignored
 * when matching), and the display form.  Abbreviations seen in reports
 * map to the same display form. */
static const struct hd_dept {
    const char *words;   /* lower-case field words */
    const char *display; /* official spelling */
} hd_depts[] = {
    {"thông tin và truyền thông", "Thông tin và Truyền thông"},
    {"tt&tt", "Thông tin và Truyền thông"},
    {"tttt", "Thông tin và Truyền thông"},
    {"kế hoạch và đầu tư", "Kế hoạch và Đầu tư"},
    {"kh&đt", "Kế hoạch và Đầu tư"},
    {"khđt", "Kế hoạch và Đầu tư"},
    {"tài chính", "Tài chính"},
    {"nội vụ", "Nội vụ"},
    {"tư pháp", "Tư pháp"},
    {"công thương", "Công Thương"},
    {"xây dựng", "Xây dựng"},
    {"giao thông vận tải", "Giao thông vận tải"},
    {"gtvt", "Giao thông vận tải"},
    {"tài nguyên và môi trường", "Tài nguyên và Môi trường"},
    {"tn&mt", "Tài nguyên và Môi trường"},
    {"tnmt", "Tài nguyên và Môi trường"},
    {"nông nghiệp và phát triển nông thôn", "Nông nghiệp và Phát triển nông thôn"},
    {"nn&ptnt", "Nông nghiệp và Phát triển nông thôn"},
    {"nông nghiệp và môi trường", "Nông nghiệp và Môi trường"},
    {"khoa học và công nghệ", "Khoa học và Công nghệ"},
    {"kh&cn", "Khoa học và Công nghệ"},
    {"giáo dục và đào tạo", "Giáo dục và Đào tạo"},
    {"gd&đt", "Giáo dục và Đào tạo"},
    {"y tế", "Y tế"},
    {"lao động thương binh và xã hội", "Lao động - Thương binh và Xã hội"},
    {"lđtbxh", "Lao động - Thương binh và Xã hội"},
    {"văn hóa thể thao và du lịch", "Văn hóa, Thể thao và Du lịch"},
    {"vh tt&dl", "Văn hóa, Thể thao và Du lịch"},
    {"văn hóa và thể thao", "Văn hóa và Thể thao"},
    {"du lịch", "Du lịch"},
    {"ngoại vụ", "Ngoại vụ"},
    {"dân tộc và tôn giáo", "Dân tộc và Tôn giáo"},
    {"quy hoạch kiến trúc", "Quy hoạch - Kiến trúc"},
};

/* Issuer codes of departments as they appear in document numbers
 * ("23/BC-STTTT"): the code in capitals and the department's field. */
static const struct hd_issuer {
    const char *code;    /* issuer code */
    const char *display; /* department field (see hd_depts) */
} hd_issuers[] = {
    {"STTTT", "Thông tin và Truyền thông"},
    {"STT&TT", "Thông tin và Truyền thông"},
    {"SKHĐT", "Kế hoạch và Đầu tư"},
    {"SKH&ĐT", "Kế hoạch và Đầu tư"},
    {"STC", "Tài chính"},
    {"SNV", "Nội vụ"},
    {"STP", "Tư pháp"},
    {"SCT", "Công Thương"},
    {"SXD", "Xây dựng"},
    {"SGTVT", "Giao thông vận tải"},
    {"STNMT", "Tài nguyên và Môi trường"},
    {"STN&MT", "Tài nguyên và Môi trường"},
    {"SNNPTNT", "Nông nghiệp và Phát triển nông thôn"},
    {"SNN&PTNT", "Nông nghiệp và Phát triển nông thôn"},
    {"SKHCN", "Khoa học và Công nghệ"},
    {"SKH&CN", "Khoa học và Công nghệ"},
    {"SGDĐT", "Giáo dục và Đào tạo"},
    {"SGD&ĐT", "Giáo dục và Đào tạo"},
    {"SYT", "Y tế"},
    {"SLĐTBXH", "Lao động - Thương binh và Xã hội"},
    {"SVHTTDL", "Văn hóa, Thể thao và Du lịch"},
    {"SNGV", "Ngoại vụ"},
};

/* Verbs by which the opening paragraph names the reporting body. */
static const char *const hd_report_verbs[] = {
    "báo cáo",          "lập báo cáo",      "xin báo cáo", "kính báo cáo", "trân trọng báo cáo",
    "tổng hợp báo cáo", "xây dựng báo cáo", "gửi báo cáo", "có báo cáo",
};

/* First words of a body paragraph: the title has ended ("hôm nay" opens
 * minutes: "Hôm nay, ngày 08/6/2026, ..."). */
static const char *const hd_body_starts[] = {
    "căn cứ", "thực hiện", "kính gửi", "trên cơ sở", "theo", "phần", "điều", "chương",  "sở",
    "ubnd",   "ủy ban",    "trong",    "qua",        "nhằm", "để",   "tiếp", "hôm nay",
};

/* Words of a signer's title. */
static const char *const hd_roles[] = {
    "giám đốc",  "chủ tịch",      "trưởng",     "chánh", "thủ tướng",   "bí thư",
    "chủ nhiệm", "tổng biên tập", "thủ trưởng", "phó",   "tổng thư ký", "ủy viên",
};

/* Delegation marks before a signer's title ("KT. GIÁM ĐỐC"). */
static const char *const hd_delegations[] = {"tm.", "kt.", "tl.", "tuq.", "q."};

/* All-capital tokens that stay capitals in agency names. */
static const char *const hd_acronyms[] = {"UBND", "HĐND", "MTTQ", "CNTT", "TW", "TU", "VN"};

/* ---- small helpers ---------------------------------------------------------- */

/* Decodes the character at s[i] (i < n) and returns it; *len gets its size. */
static uint32_t hd_cp(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp;
    size_t l = tc_utf8_decode(s + i, n - i, &cp);
    if (len)
        *len = l;
    return cp;
}

/* The character that ends just before s[i] (i > 0). */
static uint32_t hd_cp_before(const char *s, size_t i)
{
    size_t b = i - 1;
    while (b > 0 && i - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    return hd_cp(s, i, b, NULL);
}

static int hd_alnum(uint32_t cp)
{
    return u_isalnum((UChar32)cp) != 0;
}

static int hd_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Is c one of the characters of set?  (Never true for NUL.) */
static int hd_in(char c, const char *set)
{
    return c && strchr(set, c) != NULL;
}

/* Is there a word boundary before s[i] / at s[i] (end of a word)? */
static int hd_bound_before(const char *s, size_t i)
{
    return i == 0 || !hd_alnum(hd_cp_before(s, i));
}

static int hd_bound_after(const char *s, size_t n, size_t i)
{
    return i >= n || !hd_alnum(hd_cp(s, n, i, NULL));
}

/* The separators that may stand between words of a name when matching
 * loosely: space, comma, hyphen, en and em dash.  Returns the byte length
 * of the separator at s[i], 0 if none. */
static size_t hd_sep_at(const char *s, size_t n, size_t i, int loose)
{
    if (i >= n)
        return 0;
    if (s[i] == ' ')
        return 1;
    if (!loose)
        return 0;
    if (s[i] == ',' || s[i] == '-')
        return 1;
    if (n - i >= 3 &&
        (memcmp(s + i, "\xE2\x80\x93", 3) == 0 || memcmp(s + i, "\xE2\x80\x94", 3) == 0))
        return 3;
    return 0;
}

/* Matches the lower-case words `lit` (single spaces) at low[i..n): each
 * space of lit matches a run of spaces (loose: of separators), and the
 * match must end at a word boundary.  Returns the bytes matched, 0 if none. */
static size_t hd_match(const char *low, size_t n, size_t i, const char *lit, int loose)
{
    size_t j = i;
    for (const char *p = lit; *p; p++) {
        if (*p == ' ') {
            size_t k = hd_sep_at(low, n, j, loose);
            if (!k)
                return 0;
            while (k) {
                j += k;
                k = hd_sep_at(low, n, j, loose);
            }
            continue;
        }
        if (j >= n || low[j] != *p)
            return 0;
        j++;
    }
    /* A literal ending in punctuation ("kt.") needs no boundary after it. */
    size_t ll = strlen(lit);
    if (ll && !hd_alnum((unsigned char)lit[ll - 1]) && (unsigned char)lit[ll - 1] < 0x80)
        return j - i;
    return hd_bound_after(low, n, j) ? j - i : 0;
}

static size_t hd_skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* Reads 1-4 digits at s[i] as a number; returns the digits read, 0 if none. */
static size_t hd_number(const char *s, size_t n, size_t i, int *value)
{
    size_t j = i;
    int v = 0;
    while (j < n && j - i < 4 && hd_digit(s[j]))
        v = v * 10 + (s[j++] - '0');
    if (j == i || (j < n && hd_digit(s[j])))
        return 0;
    *value = v;
    return j - i;
}

/* A year of a Vietnamese administrative document: four digits, 1945-2100,
 * not part of a longer number. */
static size_t hd_year(const char *s, size_t n, size_t i, int *year)
{
    int v;
    size_t k = hd_number(s, n, i, &v);
    if (k != 4 || v < 1945 || v > 2100 || !hd_bound_after(s, n, i + 4))
        return 0;
    *year = v;
    return 4;
}

/* Has s[0..n) at least two letters and no lower-case letter? */
static int hd_caps(const char *s, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0, l; i < n; i += l) {
        uint32_t cp = hd_cp(s, n, i, &l);
        if (u_islower((UChar32)cp))
            return 0;
        if (u_isalpha((UChar32)cp))
            letters++;
    }
    return letters >= 2;
}

/* The first occurrence of needle[0..m) in s[0..n), or NULL.  Needles are a
 * few bytes long, so the plain scan is as good as anything. */
static const char *hd_find(const char *s, size_t n, const char *needle, size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    for (const char *p = s, *end = s + (n - m); p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
    }
    return NULL;
}

static int hd_has_lower(const char *s, size_t n)
{
    for (size_t i = 0, l; i < n; i += l)
        if (u_islower((UChar32)hd_cp(s, n, i, &l)))
            return 1;
    return 0;
}

static int hd_has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (hd_digit(s[i]))
            return 1;
    return 0;
}

/* Appends s[0..n) to b with runs of spaces made one and '*' markup dropped. */
static tc_rc hd_put_clean(tc_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '*')
            continue;
        if (c == ' ' && (b->len == 0 || b->data[b->len - 1] == ' '))
            continue;
        tc_rc rc = tc_buf_putc(b, c);
        if (rc)
            return rc;
    }
    return TC_OK;
}

static void hd_trim_buf(tc_buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' '))
        b->data[--b->len] = 0;
}

/* ---- the parse state --------------------------------------------------------- */

/* One line of the cleaned text, spaces and Markdown markers trimmed. */
typedef struct hd_line {
    size_t s; /* first byte */
    size_t e; /* one past the last byte */
} hd_line;

/* A header line naming an agency, with its continuation lines joined. */
typedef struct hd_agency_line {
    char text[HD_AGENCY_TEXT]; /* as written (capitals), one space between lines */
    size_t n;                  /* bytes in text */
} hd_agency_line;

typedef struct hd {
    const tc_doctypes *dt;   /* document types */
    tc_text *t;              /* normaliser, also used by the gazetteer */
    const tc_gazetteer *g;   /* may be NULL */
    tc_header *h;            /* the result */
    const char *txt;         /* cleaned text, NUL-terminated */
    char *low;               /* txt lower-cased, same offsets */
    size_t len;              /* bytes in txt and low */
    hd_line *lines;          /* every line */
    size_t nl;               /* lines */
    size_t head_end;         /* lines [0, head_end) may hold the header block */
    size_t type_line;        /* the type word's line, or SIZE_MAX */
    size_t title_first;      /* title lines [title_first, title_end), or empty */
    size_t title_end;        /* ... */
    size_t body;             /* first line after the header block */
    tc_buf title;            /* the title being built */
    tc_buf tmp;              /* scratch for agency names */
    const tc_province *prov; /* the issuing province, once known */
    size_t auth_line;        /* the XÁC THỰC VĂN BẢN HỢP NHẤT line, or SIZE_MAX */
} hd;

static size_t hd_llen(const hd *x, size_t i)
{
    return x->lines[i].e - x->lines[i].s;
}

/* Matches lit at the start of line i (strict word matching). */
static size_t hd_line_starts(const hd *x, size_t i, const char *lit)
{
    const hd_line *l = &x->lines[i];
    return hd_match(x->low, l->e, l->s, lit, 0);
}

/* Finds a province named by the 1-4 words at s[i..n) (s is x->txt or an
 * agency line); words end at spaces and at , ; . ( ) so a name never runs
 * into the next clause.  With need_upper the first word must start with a
 * capital (a name written without "tỉnh" before it).  Sets *end past it. */
static const tc_province *hd_province_at(hd *x, const char *s, size_t i, size_t n, int need_upper,
                                         size_t *end)
{
    if (!x->g || i >= n)
        return NULL;
    if (need_upper && !u_isupper((UChar32)hd_cp(s, n, i, NULL)))
        return NULL;
    size_t ends[4];
    size_t nw = 0, j = i;
    while (nw < 4 && j < n) {
        size_t w = j;
        while (j < n && s[j] != ' ' && !hd_in(s[j], ",;.()"))
            j++;
        if (j == w)
            break;
        ends[nw++] = j;
        if (j < n && s[j] != ' ')
            break;
        j = hd_skip_spaces(s, n, j);
    }
    for (size_t k = nw; k > 0; k--) {
        const tc_province *p = tc_gazetteer_province(x->g, x->t, s + i, ends[k - 1] - i);
        if (p) {
            *end = ends[k - 1];
            return p;
        }
    }
    return NULL;
}

/* "tỉnh" or "thành phố": how the province's own name is introduced. */
static const char *hd_province_word(const tc_province *p)
{
    return strncmp(p->full_name, "Thành phố", strlen("Thành phố")) == 0 ? "thành phố" : "tỉnh";
}

/* ---- lines ----------------------------------------------------------------- */

static int hd_markup(char c)
{
    return c == ' ' || c == '*' || c == '_' || c == '#' || c == '`';
}

static tc_rc hd_split_lines(hd *x)
{
    size_t count = 1;
    for (size_t i = 0; i < x->len; i++)
        count += x->txt[i] == '\n';
    x->lines = malloc(count * sizeof *x->lines);
    if (!x->lines)
        return TC_ENOMEM;
    size_t s = 0;
    for (size_t i = 0; i <= x->len; i++) {
        if (i < x->len && x->txt[i] != '\n')
            continue;
        size_t a = s, b = i;
        while (a < b && (hd_markup(x->txt[a]) || x->txt[a] == '>'))
            a++;
        while (b > a && hd_markup(x->txt[b - 1]))
            b--;
        x->lines[x->nl++] = (hd_line){a, b};
        s = i + 1;
    }
    return TC_OK;
}

/* ---- type and title ---------------------------------------------------------- */

/* Letters that differ between low[s..) (as many words as `word` has) and
 * word, or SIZE_MAX when their letter counts differ. */
static size_t hd_marks_differ(const char *low, size_t s, size_t e, const char *word)
{
    size_t diff = 0, i = s, j = 0, wn = strlen(word), l1, l2;
    while (j < wn) {
        if (i >= e)
            return SIZE_MAX;
        uint32_t a = hd_cp(low, e, i, &l1), b = hd_cp(word, wn, j, &l2);
        diff += a != b;
        i += l1;
        j += l2;
    }
    return i < e && low[i] != ' ' ? SIZE_MAX : diff;
}

/* A type word in capitals that OCR read with one wrong mark ("THÔNG BẢO",
 * "BIẾN BẢN KIÊM TRA"): the line without diacritics starts with the word
 * without them, and one letter differs.  Only a line wholly in capitals
 * counts, as a mis-marked word could be another word in running text; one
 * letter, as real words fold alike too ("PHƯỜNG AN PHÚ" is a ward, not a
 * "PHƯƠNG ÁN").  *rest gets where the title goes on: after as many words
 * as the type word has. */
static const tc_doctype *hd_type_mismarked(hd *x, size_t s, size_t e, size_t *rest, tc_rc *rc)
{
    if (e - s > HD_LINE_MAX || !hd_caps(x->txt + s, e - s) ||
        !u_isupper((UChar32)hd_cp(x->txt, e, s, NULL)))
        return NULL;
    x->tmp.len = 0;
    if ((*rc = tc_text_fold(x->t, x->txt + s, e - s, &x->tmp)) != TC_OK)
        return NULL;
    const tc_doctype *d;
    for (size_t k = 0; (d = tc_doctypes_header_word(x->dt, k)) != NULL; k++) {
        size_t n = strlen(d->folded);
        if (x->tmp.len < n || memcmp(x->tmp.data, d->folded, n) != 0 ||
            (x->tmp.len > n && x->tmp.data[n] != ' ') ||
            hd_marks_differ(x->low, s, e, d->lower) != 1)
            continue;
        size_t words = 1, r = s;
        for (size_t j = 0; j < n; j++)
            words += d->folded[j] == ' ';
        while (words-- > 0) {
            while (r < e && x->txt[r] != ' ')
                r++;
            r = hd_skip_spaces(x->txt, e, r);
        }
        *rest = r;
        return d;
    }
    return NULL;
}

/* Line i is a type word alone ("BÁO CÁO"), or a type word in capitals
 * followed by the title on the same line.  Returns the type or NULL;
 * *rest gets the offset where the title starts (line end when alone); *rc an
 * error of the folding (no memory). */
static const tc_doctype *hd_type_at(hd *x, size_t i, size_t *rest, tc_rc *rc)
{
    const hd_line *l = &x->lines[i];
    size_t e = l->e;
    while (e > l->s && (x->txt[e - 1] == ':' || x->txt[e - 1] == '.' || x->txt[e - 1] == ' '))
        e--;
    const tc_doctype *d;
    for (size_t k = 0; (d = tc_doctypes_header_word(x->dt, k)) != NULL; k++) {
        size_t m = hd_match(x->low, e, l->s, d->lower, 0);
        if (!m)
            continue;
        if (l->s + m == e) {
            *rest = l->e;
            return d;
        }
        /* The type word in capitals, then the title on the same line
         * ("LUẬT AN NINH MẠNG", "BÁO CÁO Tình hình ..."). */
        size_t r = hd_skip_spaces(x->txt, e, l->s + m);
        if (r > l->s + m && hd_caps(x->txt + l->s, m) && hd_llen(x, i) <= HD_LINE_MAX) {
            *rest = r;
            return d;
        }
    }
    /* An OCR layer without diacritics ("BIEN BAN KIEM TRA", "PHIEU TRiNH
     * GIAI QUYET"): a line in plain ASCII that opens with a capital matches
     * the type words without their marks. */
    for (size_t p = l->s; p < e; p++)
        if ((unsigned char)x->txt[p] >= 0x80) {
            d = hd_type_mismarked(x, l->s, e, rest, rc);
            if (d && *rest >= e)
                *rest = l->e;
            return d;
        }
    if (e - l->s > 120 || !(x->txt[l->s] >= 'A' && x->txt[l->s] <= 'Z'))
        return NULL;
    for (size_t k = 0; (d = tc_doctypes_header_word(x->dt, k)) != NULL; k++) {
        size_t m = hd_match(x->low, e, l->s, d->folded, 0);
        if (!m || !(l->s + m == e || x->low[l->s + m] == ' '))
            continue;
        *rest = hd_skip_spaces(x->txt, e, l->s + m);
        if (*rest >= e)
            *rest = l->e;
        return d;
    }
    return NULL;
}

/* A list marker at the start of low[s..e): "-", "+", "•", "I.", "iv)",
 * "2.", "1.2", "a)".  "3 tháng đầu năm" is no marker: a title may go on so. */
static int hd_list_marker(const char *low, size_t s, size_t e)
{
    if (s >= e)
        return 0;
    if (low[s] == '-' || low[s] == '+' || (e - s >= 3 && memcmp(low + s, "\xE2\x80\xA2", 3) == 0))
        return 1;
    size_t j = s;
    while (j < e && j - s < 6 && hd_in(low[j], "ivx"))
        j++;
    if (j == s)
        while (j < e && j - s < 4 && hd_digit(low[j]))
            j++;
    if (j == s && low[j] >= 'a' && low[j] <= 'z')
        j++;
    return j > s && j < e && (low[j] == '.' || low[j] == ')');
}

/* Does line i open a body paragraph?  The first line after a type word is
 * judged leniently: titles may begin with "Thực hiện", "Về", "Tiếp tục". */
static int hd_body_start(const hd *x, size_t i, int first)
{
    const hd_line *l = &x->lines[i];
    if (hd_list_marker(x->low, l->s, l->e))
        return 1;
    if (first)
        return hd_line_starts(x, i, "căn cứ") || hd_line_starts(x, i, "kính gửi") ||
               hd_llen(x, i) > 300;
    for (size_t k = 0; k < sizeof hd_body_starts / sizeof hd_body_starts[0]; k++)
        if (hd_line_starts(x, i, hd_body_starts[k]))
            return 1;
    /* "Ngày 11/7/2024, Sở ... có văn bản": a paragraph opening on a date. */
    size_t m = hd_line_starts(x, i, "ngày");
    if (m && hd_digit(x->low[hd_skip_spaces(x->low, l->e, l->s + m)]))
        return 1;
    return 0;
}

static int hd_draft_line(const hd *x, size_t i)
{
    const hd_line *l = &x->lines[i];
    if (hd_llen(x, i) > 60)
        return 0;
    size_t s = l->s;
    if (s < l->e && (x->low[s] == '(' || x->low[s] == '['))
        s++;
    return hd_match(x->low, l->e, s, "dự thảo", 0) != 0;
}

/* "Số:" with nothing after it: its number is in the next cell or line. */
static int hd_bare_number_label(const hd *x, size_t i)
{
    const hd_line *l = &x->lines[i];
    size_t m = hd_line_starts(x, i, "số");
    if (!m)
        return 0;
    size_t j = hd_skip_spaces(x->low, l->e, l->s + m);
    return j < l->e && x->low[j] == ':' && hd_skip_spaces(x->low, l->e, j + 1) >= l->e;
}

/* Line i opens with "Số:" (or "So:" without marks). */
static int hd_number_label(const hd *x, size_t i)
{
    const hd_line *l = &x->lines[i];
    size_t m = hd_line_starts(x, i, "số");
    if (!m)
        m = hd_line_starts(x, i, "so");
    if (!m)
        return 0;
    size_t j = hd_skip_spaces(x->low, l->e, l->s + m);
    return j < l->e && x->low[j] == ':';
}

/* Where "ngày" follows a comma and spaces in low[s..e) ("Hà Tĩnh,  ngày"),
 * or 0. */
static size_t hd_comma_ngay(const char *low, size_t s, size_t e)
{
    for (size_t p = s; p < e; p++) {
        if (low[p] != ',')
            continue;
        size_t q = hd_skip_spaces(low, e, p + 1);
        if (hd_match(low, e, q, "ngày", 0))
            return q;
    }
    return 0;
}

/* Lines of the header that are neither agency nor title: the motto, the
 * number, the place and date, the draft mark. */
static int hd_furniture(const hd *x, size_t i)
{
    if (i > 0 && hd_bare_number_label(x, i - 1)) {
        const hd_line *l = &x->lines[i];
        size_t k = hd_skip_spaces(x->low, l->e, l->s);
        if (k < l->e && (hd_digit(x->low[k]) || x->low[k] == '/'))
            return 1; /* the number of a "Số:" line above */
    }
    if (hd_line_starts(x, i, "cộng hòa") || hd_line_starts(x, i, "độc lập") || hd_draft_line(x, i))
        return 1;
    /* The running header of an Official Gazette page ("CÔNG BÁO/Số 639 +
     * 640/Ngày 18-6-2021"), printed above and inside the header block. */
    size_t cb = hd_line_starts(x, i, "công báo");
    if (cb && hd_find(x->low + x->lines[i].s + cb, hd_llen(x, i) - cb, "số", strlen("số")))
        return 1;
    if (hd_number_label(x, i))
        return 1;
    const hd_line *l = &x->lines[i];
    /* "Hà Tĩnh, ngày 23 tháng 3 năm 2018"; a blank day may be typed as
     * spaces after the comma too ("Lào Cai,  ngày      tháng 3"). */
    if (hd_llen(x, i) <= 120) {
        size_t at = hd_comma_ngay(x->low, l->s, l->e);
        if (at && hd_find(x->low + at, l->e - at, "năm", strlen("năm")))
            return 1;
    }
    return 0;
}

/* Appends s[0..n) to b, one space after what b holds. */
static tc_rc hd_title_add_to(tc_buf *b, const char *s, size_t n)
{
    if (b->len && b->data[b->len - 1] != ' ') {
        tc_rc rc = tc_buf_putc(b, ' ');
        if (rc)
            return rc;
    }
    tc_rc rc = hd_put_clean(b, s, n);
    hd_trim_buf(b);
    return rc;
}

/* Appends line i (or its part from `from`) to the title. */
static tc_rc hd_title_add(hd *x, size_t from, size_t to)
{
    return hd_title_add_to(&x->title, x->txt + from, to - from);
}

/* Collects the title from line `i` (its part from `from`) onward: the
 * subject lines up to the first blank line or body paragraph. */
static tc_rc hd_collect_title(hd *x, size_t i, size_t from)
{
    tc_rc rc;
    size_t taken = 0;
    x->title_first = i;
    if (from < x->lines[i].e) {
        if ((rc = hd_title_add(x, from, x->lines[i].e)))
            return rc;
        taken++;
    }
    i++;
    size_t blanks = 0;
    while (i < x->nl && taken < 6 && x->title.len < 600) {
        size_t n = hd_llen(x, i);
        if (n == 0) {
            /* Before the title, blank lines are layout; after it, one ends
             * the title unless the next line continues the sentence. */
            if (!taken) {
                if (++blanks > 4)
                    break;
                i++;
                continue;
            }
            size_t j = i;
            while (j < x->nl && j - i < 3 && hd_llen(x, j) == 0)
                j++;
            if (j < x->nl && hd_llen(x, j) && hd_llen(x, j) <= HD_LINE_MAX &&
                u_islower((UChar32)hd_cp(x->txt, x->lines[j].e, x->lines[j].s, NULL))) {
                i = j;
                continue;
            }
            break;
        }
        if (n > HD_LINE_MAX || hd_body_start(x, i, taken == 0))
            break;
        if (hd_furniture(x, i)) {
            i++;
            continue;
        }
        if ((rc = hd_title_add(x, x->lines[i].s, x->lines[i].e)))
            return rc;
        taken++;
        i++;
    }
    x->title_end = i;
    return TC_OK;
}

/* Finds the type word and the title, and where the header block ends. */
static tc_rc hd_find_title(hd *x)
{
    x->type_line = SIZE_MAX;
    for (size_t i = 0; i < x->head_end; i++) {
        size_t n = hd_llen(x, i), rest;
        if (n == 0 || n > HD_LINE_MAX)
            continue;
        /* A "V/v" subject under the number makes a letter: a type word
         * below it belongs to its body or an attached form ("BÁO CÁO" of
         * a form the recipients fill in). */
        if (hd_line_starts(x, i, "v/v"))
            break;
        tc_rc trc = TC_OK;
        const tc_doctype *d = hd_type_at(x, i, &rest, &trc);
        if (trc)
            return trc;
        if (!d)
            continue;
        x->type_line = i;
        tc_utf8_copy(x->h->type, sizeof x->h->type, d->key, strlen(d->key));
        tc_rc rc = hd_collect_title(x, i, rest);
        if (rc)
            return rc;
        x->body = x->title_end;
        return TC_OK;
    }
    /* No type word: an official letter states its subject after "V/v". */
    for (size_t i = 0; i < x->head_end; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0 || n > HD_LINE_MAX)
            continue;
        size_t m = hd_line_starts(x, i, "v/v");
        if (!m)
            m = hd_line_starts(x, i, "về việc");
        if (!m)
            continue;
        size_t r = x->lines[i].s + m;
        while (r < x->lines[i].e && (x->txt[r] == ':' || x->txt[r] == ' '))
            r++;
        tc_utf8_copy(x->h->type, sizeof x->h->type, "official-letter", strlen("official-letter"));
        tc_rc rc = hd_collect_title(x, i, r);
        if (rc)
            return rc;
        x->body = x->title_end;
        return TC_OK;
    }
    /* Neither: the header block ends at the first paragraph. */
    x->body = x->head_end;
    for (size_t i = 0; i < x->head_end; i++) {
        if (hd_llen(x, i) > 200 ||
            (hd_llen(x, i) && hd_body_start(x, i, 0) && !hd_furniture(x, i) &&
             !hd_caps(x->txt + x->lines[i].s, hd_llen(x, i)))) {
            x->body = i;
            break;
        }
    }
    return TC_OK;
}

/* ---- number --------------------------------------------------------------------- */

static int hd_all_caps(const char *s, size_t n);

static int hd_symbol_char(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp = hd_cp(s, n, i, len);
    return hd_alnum(cp) || (cp < 0x80 && hd_in((char)cp, "/-.&_"));
}

/* Reads a number and symbol at txt[i..e): "23 /BC-STTTT" -> "23/BC-STTTT".
 * Spaces may stand next to '/' and '-' (blank numbers leave gaps); a law
 * writes its legislature apart ("73/2006/QH 11"). */
static size_t hd_read_symbol(const hd *x, size_t i, size_t e, char *out, size_t cap)
{
    const char *s = x->txt;
    size_t o = 0;
    /* Placeholders for a blank number: dots, ellipses, underscores. */
    while (i < e) {
        if (s[i] == '.' || s[i] == '_' || s[i] == ' ')
            i++;
        else if (e - i >= 3 && memcmp(s + i, "\xE2\x80\xA6", 3) == 0)
            i += 3;
        else
            break;
    }
    while (i < e) {
        size_t l;
        if (s[i] == ' ') {
            size_t j = hd_skip_spaces(s, e, i);
            if (j >= e)
                break;
            char last = o ? out[o - 1] : 0;
            int qh = o >= 2 && out[o - 2] == 'Q' && out[o - 1] == 'H' && hd_digit(s[j]);
            if (!(s[j] == '/' || s[j] == '-' || last == '/' || last == '-' || qh))
                break;
            i = j;
            continue;
        }
        if (!hd_symbol_char(s, e, i, &l))
            break;
        if (o + l >= cap)
            break;
        memcpy(out + o, s + i, l);
        o += l;
        i += l;
    }
    while (o && (out[o - 1] == '.' || out[o - 1] == '-'))
        o--;
    out[o] = 0;
    /* A symbol has a slash or hyphen and at least one letter. */
    int sep = 0, letter = 0;
    for (size_t k = 0; k < o; k++) {
        sep |= out[k] == '/' || out[k] == '-';
        letter |= (out[k] >= 'A' && out[k] <= 'Z') || (out[k] >= 'a' && out[k] <= 'z') ||
                  (unsigned char)out[k] >= 0x80;
    }
    return sep && letter ? o : 0;
}

/* A joint symbol too long for its column wraps after a hyphen:
 * "…/TTLT-VKSNDTC-TANDTC-" then "BCA-BQP-BLĐTBXH" on the next line.  When
 * line i ends in '-' and the next line opens with capitals, they are
 * joined into sym. */
static void hd_symbol_wrap(const hd *x, size_t i, char *sym, size_t cap)
{
    const hd_line *l = &x->lines[i];
    size_t e = l->e;
    while (e > l->s && x->txt[e - 1] == ' ')
        e--;
    if (e == l->s || x->txt[e - 1] != '-' || i + 1 >= x->nl)
        return;
    const hd_line *nl = &x->lines[i + 1];
    size_t k = hd_skip_spaces(x->txt, nl->e, nl->s), w = k;
    while (w < nl->e && x->txt[w] != ' ')
        w++;
    if (w == k || !hd_all_caps(x->txt + k, w - k))
        return;
    char more[64];
    size_t o = strlen(sym), m = hd_read_symbol(x, k, w, more, sizeof more);
    /* hd_read_symbol wants a separator; a lone code ("BCA") is one too. */
    if (!m) {
        m = w - k;
        if (m >= sizeof more)
            return;
        memcpy(more, x->txt + k, m);
        more[m] = 0;
        for (size_t q = 0; q < m; q++)
            if (!hd_symbol_char(more, m, q, &(size_t){0}))
                return;
    }
    if (o + 1 + m >= cap)
        return;
    sym[o] = '-';
    memcpy(sym + o + 1, more, m + 1);
}

/* The number on lines [from, to): "Số: 23/BC-STTTT".  Returns 1 when set. */
static int hd_find_number_in(hd *x, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const hd_line *l = &x->lines[i];
        if (hd_llen(x, i) == 0 || hd_llen(x, i) > HD_LINE_MAX)
            continue;
        for (size_t p = l->s; p + 2 < l->e; p++) {
            size_t m = hd_match(x->low, l->e, p, "số", 0);
            if (!m || !hd_bound_before(x->low, p))
                continue;
            /* "Mẫu số: B11-BH" is the number of a form, not of the document */
            static const char mau[] = "mẫu ";
            if (p >= l->s + sizeof mau - 1 &&
                memcmp(x->low + p - (sizeof mau - 1), mau, sizeof mau - 1) == 0)
                continue;
            size_t j = hd_skip_spaces(x->low, l->e, p + m);
            if (j < l->e && x->low[j] == ':')
                j++;
            else if (!(p == l->s && j < l->e && (hd_digit(x->low[j]) || x->low[j] == '/')))
                continue;
            char sym[64];
            if (hd_read_symbol(x, j, l->e, sym, sizeof sym)) {
                hd_symbol_wrap(x, i, sym, sizeof sym);
                tc_utf8_copy(x->h->number, sizeof x->h->number, sym, strlen(sym));
                return 1;
            }
            /* "Số:" alone, its number in the next cell or line (a PDF or
             * Word layout that set them apart): "Số:" + "\t23 /BC-STTTT" */
            const hd_line *nl = i + 1 < x->nl ? &x->lines[i + 1] : NULL;
            if (hd_skip_spaces(x->low, l->e, j) >= l->e && nl && i + 1 < to) {
                size_t k = hd_skip_spaces(x->low, nl->e, nl->s);
                if (k < nl->e && (hd_digit(x->low[k]) || x->low[k] == '/') &&
                    hd_read_symbol(x, k, nl->e, sym, sizeof sym)) {
                    tc_utf8_copy(x->h->number, sizeof x->h->number, sym, strlen(sym));
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void hd_find_number(hd *x)
{
    hd_find_number_in(x, 0, x->body < x->head_end ? x->body : x->head_end);
}

/* ---- place and date ------------------------------------------------------------- */

/* A blank day or month: nothing, or dots, ellipses, underscores. */
static size_t hd_blank(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n) {
        if (s[j] == '.' || s[j] == '_' || s[j] == ' ')
            j++;
        else if (n - j >= 3 && memcmp(s + j, "\xE2\x80\xA6", 3) == 0)
            j += 3;
        else
            break;
    }
    return j - i;
}

/* "năm" at s[j..e), or on a date line (ocr_ok) OCR's "nằm" for it. */
static size_t hd_nam(const char *s, size_t e, size_t j, int ocr_ok)
{
    size_t m = hd_match(s, e, j, "năm", 0);
    return m || !ocr_ok ? m : hd_match(s, e, j, "nằm", 0);
}

/* Parses the date after "ngày" at s[i..e) (lower case): "23 tháng 3 năm 2018" (day and
 * month may be blank) or, when slash_ok, "23/3/2018".  Returns 1 on success. */
static int hd_parse_date(const char *s, size_t i, size_t e, int slash_ok, int *d, int *mo, int *y)
{
    *d = *mo = *y = 0;
    size_t j = hd_skip_spaces(s, e, i);
    size_t k = hd_number(s, e, j, d);
    if (k && slash_ok && j + k < e && hd_in(s[j + k], "/.-")) {
        char sep = s[j + k];
        size_t a = j + k + 1, b;
        if (!(b = hd_number(s, e, a, mo)) || a + b >= e || s[a + b] != sep)
            return 0;
        return hd_year(s, e, a + b + 1, y) != 0;
    }
    j = k ? j + k : j + hd_blank(s, e, j);
    j = hd_skip_spaces(s, e, j);
    size_t m = hd_match(s, e, j, "tháng", 0);
    /* A day that OCR could not read (handwritten: "ngày Ô ƒ tháng 6 năm
     * 2021"): on a "Place, ngày" line, up to two short tokens stand for
     * the day, and the date has the month's precision. */
    for (int junk = 0; !m && !k && slash_ok && junk < 2; junk++) {
        size_t t = j;
        while (t < e && s[t] != ' ' && t - j <= 4)
            t++;
        if (t == j || t - j > 4 || (t < e && s[t] != ' '))
            break;
        j = hd_skip_spaces(s, e, t);
        m = hd_match(s, e, j, "tháng", 0);
    }
    if (!m)
        return 0;
    j = hd_skip_spaces(s, e, j + m);
    k = hd_number(s, e, j, mo);
    if (k && slash_ok && j + k < e && s[j + k] != ' ') {
        k = 0; /* "tháng 0Ì": OCR glued a wrong letter to the month */
        *mo = 0;
    }
    j = k ? j + k : j + hd_blank(s, e, j);
    j = hd_skip_spaces(s, e, j);
    m = hd_nam(s, e, j, slash_ok);
    /* A month OCR could not read either ("tháng h năm 2026"): one short
     * token, and the date has the year's precision. */
    if (!m && !k && slash_ok) {
        size_t t = j;
        while (t < e && s[t] != ' ' && t - j <= 3)
            t++;
        if (t > j && t - j <= 3 && t < e) {
            *mo = 0;
            m = hd_nam(s, e, hd_skip_spaces(s, e, t), slash_ok);
            j = hd_skip_spaces(s, e, t);
        }
    }
    if (!m)
        return 0;
    j = hd_skip_spaces(s, e, j + m);
    return hd_year(s, e, j, y) != 0;
}

/* The place written in txt[s..e) (the text before ", ngày"): the longest run
 * of final words that the gazetteer knows, else the final capitalised words. */
static void hd_set_place(hd *x, size_t s, size_t e)
{
    /* Another column may precede, separated by a wide gap. */
    for (size_t i = s; i + 3 <= e; i++)
        if (x->txt[i] == ' ' && x->txt[i + 1] == ' ' && x->txt[i + 2] == ' ')
            s = i + 3;
    while (s < e && x->txt[s] == ' ')
        s++;
    while (e > s && x->txt[e - 1] == ' ')
        e--;
    size_t starts[8];
    size_t nw = 0;
    for (size_t i = e; i > s && nw < 8;) {
        while (i > s && x->txt[i - 1] != ' ')
            i--;
        starts[nw++] = i;
        while (i > s && x->txt[i - 1] == ' ')
            i--;
    }
    if (nw == 0)
        return;
    size_t best = SIZE_MAX;
    for (size_t k = nw < 6 ? nw : 6; k > 0 && x->g && best == SIZE_MAX; k--) {
        size_t a = starts[k - 1];
        if (tc_gazetteer_province(x->g, x->t, x->txt + a, e - a) ||
            tc_gazetteer_district(x->g, x->t, x->txt + a, e - a, NULL))
            best = a;
    }
    if (best == SIZE_MAX) {
        for (size_t k = 0; k < nw && k < 5; k++) {
            size_t a = starts[k];
            if (!u_isupper((UChar32)hd_cp(x->txt, e, a, NULL)))
                break;
            best = a;
        }
    }
    if (best != SIZE_MAX)
        tc_utf8_copy(x->h->place, sizeof x->h->place, x->txt + best, e - best);
}

static void hd_set_date(hd *x, int d, int mo, int y)
{
    char buf[16];
    int okm = mo >= 1 && mo <= 12, okd = okm && d >= 1 && d <= 31;
    if (okd) {
        buf[0] = (char)('0' + y / 1000);
        buf[1] = (char)('0' + y / 100 % 10);
        buf[2] = (char)('0' + y / 10 % 10);
        buf[3] = (char)('0' + y % 10);
        buf[4] = '-';
        buf[5] = (char)('0' + mo / 10);
        buf[6] = (char)('0' + mo % 10);
        buf[7] = '-';
        buf[8] = (char)('0' + d / 10);
        buf[9] = (char)('0' + d % 10);
        buf[10] = 0;
        x->h->date_precision = 3;
    } else {
        buf[0] = (char)('0' + y / 1000);
        buf[1] = (char)('0' + y / 100 % 10);
        buf[2] = (char)('0' + y / 10 % 10);
        buf[3] = (char)('0' + y % 10);
        buf[4] = 0;
        x->h->date_precision = 1;
        if (okm) {
            buf[4] = '-';
            buf[5] = (char)('0' + mo / 10);
            buf[6] = (char)('0' + mo % 10);
            buf[7] = 0;
            x->h->date_precision = 2;
        }
    }
    tc_utf8_copy(x->h->date, sizeof x->h->date, buf, strlen(buf));
}

/* The date after "ngày" at low[at..) of line i when the rest of the line
 * holds at most the day and the next non-blank lines (two at most) go on
 * with "tháng ..." and "năm ...": the three are parsed as one line. */
static int hd_date_joined(const hd *x, size_t i, size_t at, int *d, int *mo, int *y)
{
    char buf[160];
    size_t n = 0, e = x->lines[i].e;
    if (e - at > 12)
        return 0;
    memcpy(buf, x->low + at, e - at);
    n = e - at;
    size_t k = i + 1, added = 0;
    for (; k < x->nl && k < i + 5 && added < 2; k++) {
        size_t len = hd_llen(x, k);
        if (len == 0)
            continue;
        if (len > 40 || n + 1 + len >= sizeof buf)
            return 0;
        if (!added && !hd_line_starts(x, k, "tháng"))
            return 0;
        buf[n++] = ' ';
        memcpy(buf + n, x->low + x->lines[k].s, len);
        n += len;
        added++;
    }
    buf[n] = 0;
    return added && hd_parse_date(buf, 0, n, 1, d, mo, y);
}

/* Words in low[s..e), separated by spaces. */
static size_t hd_words(const char *low, size_t s, size_t e)
{
    size_t n = 0;
    for (size_t p = s; p < e; p++)
        if (low[p] != ' ' && (p == s || low[p - 1] == ' '))
            n++;
    return n;
}

/* Line i comes directly (blank lines aside) after the motto's second line,
 * "Độc lập - Tự do - Hạnh phúc". */
static int hd_under_motto(const hd *x, size_t i)
{
    size_t k = i;
    while (k > 0 && hd_llen(x, k - 1) == 0)
        k--;
    if (k == 0)
        return 0;
    const hd_line *l = &x->lines[k - 1];
    size_t n = l->e - l->s;
    /* OCR may break the motto ("Độc lập", "—...", "- Tự do - Hạnh : phúc") */
    return hd_find(x->low + l->s, n, "hạnh phúc", strlen("hạnh phúc")) != NULL ||
           hd_line_starts(x, k - 1, "độc lập") ||
           (n >= strlen("phúc") &&
            memcmp(x->low + l->e - strlen("phúc"), "phúc", strlen("phúc")) == 0 &&
            hd_find(x->low + l->s, n, "tự do", strlen("tự do")) != NULL);
}

/* The place and date on lines [from, to): "Hà Tĩnh, ngày 23 tháng 3 năm
 * 2018".  in_head: lines of the title are skipped. */
static void hd_find_date_in(hd *x, size_t from, size_t to, int in_head)
{
    for (size_t i = from; i < to; i++) {
        const hd_line *l = &x->lines[i];
        if (hd_llen(x, i) == 0 || hd_llen(x, i) > HD_LINE_MAX)
            continue;
        if (in_head && i >= x->title_first && i < x->title_end && !hd_furniture(x, i))
            continue;
        for (size_t p = l->s; p < l->e; p++) {
            size_t m = hd_match(x->low, l->e, p, "ngày", 0);
            size_t b = p;
            while (b > l->s && x->low[b - 1] == ' ')
                b--;
            int comma = b > l->s && x->low[b - 1] == ',';
            /* OCR may glue a handwritten day to the word ("Hà Nội,
             * ngàyô} tháng 4 năm 2026"): after a comma, the bare word will
             * do, as the rest must still read as a date. */
            if (!m && comma && l->e - p >= strlen("ngày") &&
                memcmp(x->low + p, "ngày", strlen("ngày")) == 0)
                m = strlen("ngày");
            if (!m || !hd_bound_before(x->low, p))
                continue;
            /* An OCR layer may drop the comma ("Hà Nội ngày 13 tháng 01
             * năm 2023"): directly under the motto, a short place in
             * capitals before "ngày" does as well. */
            int under_motto = !comma && b > l->s && hd_under_motto(x, i) &&
                              u_isupper((UChar32)hd_cp(x->txt, l->e, l->s, NULL)) &&
                              hd_words(x->low, l->s, b) <= 4;
            if (b > l->s && !comma && !under_motto)
                continue; /* "ngày" inside a sentence */
            int d, mo, y;
            if (!hd_parse_date(x->low, p + m, l->e, comma || under_motto, &d, &mo, &y)) {
                /* Tabs of a form ("Hà Nội, ngày<TAB>tháng<TAB>năm 2026")
                 * split the line: read it joined to the next two. */
                if (!comma || !hd_date_joined(x, i, p + m, &d, &mo, &y))
                    continue;
            }
            hd_set_date(x, d, mo, y);
            if (comma || under_motto) {
                hd_set_place(x, l->s, comma ? b - 1 : b);
            } else {
                /* The place may sit alone on the line above: "Hà Tĩnh,". */
                size_t k = i;
                while (k > 0 && hd_llen(x, k - 1) == 0)
                    k--;
                if (k > 0 && hd_llen(x, k - 1) <= 60 && x->txt[x->lines[k - 1].e - 1] == ',')
                    hd_set_place(x, x->lines[k - 1].s, x->lines[k - 1].e - 1);
            }
            return;
        }
    }
}

static void hd_find_date(hd *x)
{
    size_t end = x->body < x->head_end ? x->body : x->head_end;
    hd_find_date_in(x, 0, end, 1);
    if (x->h->date[0] || x->h->place[0])
        return;
    /* OCR reads the two columns of a letter's header one after the other:
     * the subject ("V/v ...") ends the left column, and the motto and the
     * date line of the right one come after it.  A date line is taken there
     * only directly under the motto. */
    for (size_t i = end; i < x->head_end && i < end + 12; i++) {
        if (hd_llen(x, i) == 0 || !hd_under_motto(x, i))
            continue;
        hd_find_date_in(x, i, i + 1, 0);
        if (x->h->date[0] || x->h->place[0])
            return;
    }
}

/* A law, a code, an ordinance or a National Assembly (Standing Committee)
 * resolution prints no date line: its date is the adoption date of its
 * closing sentence, "... đã được Quốc hội ... thông qua ngày 20 tháng 11
 * năm 2012." (the last such sentence: amendments cited earlier say it too).
 * The words may wrap: "thông qua" ends one line, "ngày ..." starts the next. */
static void hd_find_adoption(hd *x)
{
    const char *type = x->h->type;
    if (x->h->date[0] || !(strcmp(type, "law") == 0 || strcmp(type, "code-of-law") == 0 ||
                           strcmp(type, "ordinance") == 0 || strcmp(type, "resolution") == 0))
        return;
    for (size_t i = x->nl; i-- > x->body;) {
        const hd_line *l = &x->lines[i];
        if (hd_llen(x, i) == 0)
            continue;
        const char *p = hd_find(x->low + l->s, l->e - l->s, "thông qua", strlen("thông qua"));
        if (!p)
            continue;
        size_t at = (size_t)(p - x->low) + strlen("thông qua");
        size_t e = l->e;
        at = hd_skip_spaces(x->low, e, at);
        if (at >= e && i + 1 < x->nl) { /* wrapped after "thông qua" */
            at = x->lines[i + 1].s;
            e = x->lines[i + 1].e;
        }
        size_t m = hd_match(x->low, e, at, "ngày", 0);
        int d, mo, y;
        if (m && hd_parse_date(x->low, at + m, e, 1, &d, &mo, &y)) {
            hd_set_date(x, d, mo, y);
            return;
        }
    }
}

/* A consolidated text (văn bản hợp nhất) prints its own number, place and
 * date in the authentication block at its end, under "XÁC THỰC VĂN BẢN
 * HỢP NHẤT", not at the top: read them there when the top has none. */
static void hd_find_authentication(hd *x)
{
    if (x->h->number[0] && x->h->date[0])
        return;
    static const char mark[] = "xác thực văn bản hợp nhất";
    for (size_t i = x->nl; i-- > 0;) {
        const hd_line *l = &x->lines[i];
        if (!hd_llen(x, i) || !hd_find(x->low + l->s, l->e - l->s, mark, sizeof mark - 1))
            continue;
        size_t to = i + 8 < x->nl ? i + 8 : x->nl;
        if (!x->h->number[0])
            hd_find_number_in(x, i, to);
        if (!x->h->date[0])
            hd_find_date_in(x, i, to, 0);
        /* A consolidated text (its number says VBHN) is one whatever the
         * type word of the text it consolidates; its issuer is the body
         * that signs the block (the year is its date's, see below). */
        if (strstr(x->h->number, "/VBHN-")) {
            x->auth_line = i;
            tc_utf8_copy(x->h->type, sizeof x->h->type, "consolidated-text",
                         strlen("consolidated-text"));
        }
        return;
    }
}

/* A known place (province or district) is what txt[s..e) names, whole. */
static const tc_province *hd_known_place(hd *x, size_t s, size_t e)
{
    while (s < e && x->txt[s] == ' ')
        s++;
    while (e > s && x->txt[e - 1] == ' ')
        e--;
    if (!x->g || s == e || e - s > 40)
        return NULL;
    const tc_province *p = tc_gazetteer_province(x->g, x->t, x->txt + s, e - s);
    if (p)
        return p;
    const tc_district *d = tc_gazetteer_district(x->g, x->t, x->txt + s, e - s, NULL);
    return d ? d->province : NULL;
}

static int hd_signer_title(const hd *x, size_t i);

/* A document whose head has no date line may print it above the signature
 * (permits, certificates: "Lào Cai, ngày __ tháng 6 năm 2026" and then
 * "KT. GIÁM ĐỐC" or "Nơi nhận:").  Only a line opening with a place the
 * gazetteer knows and followed within three lines by the signature counts:
 * "Hôm nay, ngày ..." of minutes, or a date inside a paragraph, is no date
 * line. */
static void hd_find_closing_date(hd *x)
{
    if (x->h->date[0] || x->h->place[0])
        return;
    for (size_t i = x->body; i < x->nl; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0 || n > 120)
            continue;
        const hd_line *l = &x->lines[i];
        size_t at = hd_comma_ngay(x->low, l->s, l->e);
        if (!at)
            continue;
        size_t comma = at;
        while (comma > l->s && x->low[comma - 1] != ',')
            comma--;
        if (comma <= l->s || !hd_known_place(x, l->s, comma - 1))
            continue;
        int signs = 0;
        for (size_t k = i + 1, seen = 0; k < x->nl && seen < 3 && !signs; k++) {
            if (!hd_llen(x, k))
                continue;
            seen++;
            signs = hd_signer_title(x, k) || hd_line_starts(x, k, "nơi nhận");
        }
        int d, mo, y;
        if (!signs || !hd_parse_date(x->low, at + strlen("ngày"), l->e, 1, &d, &mo, &y))
            continue;
        hd_set_date(x, d, mo, y);
        hd_set_place(x, l->s, comma - 1);
        return;
    }
}

/* A treaty or a protocol between governments has no date line: it closes
 * with "Làm tại Hà Nội ngày 22 tháng 11 năm 1994" (or "Ký tại ...").  The
 * place is written with the gazetteer's spelling when it knows it ("Hà
 * nội" -> "Hà Nội"). */
static void hd_find_treaty_date(hd *x)
{
    if (x->h->date[0])
        return;
    static const char *const marks[] = {"làm tại", "ký tại"};
    for (size_t i = x->body; i < x->nl; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0 || n > 160)
            continue;
        const hd_line *l = &x->lines[i];
        size_t m = 0;
        for (size_t k = 0; !m && k < 2; k++)
            m = hd_line_starts(x, i, marks[k]);
        if (!m)
            continue;
        size_t ps = hd_skip_spaces(x->low, l->e, l->s + m), at = 0;
        for (size_t p = ps; p < l->e && !at; p++)
            if (x->low[p] == ' ' && hd_match(x->low, l->e, p + 1, "ngày", 0))
                at = p + 1;
        int d, mo, y;
        if (!at || !hd_parse_date(x->low, at + strlen("ngày"), l->e, 1, &d, &mo, &y))
            continue;
        hd_set_date(x, d, mo, y);
        size_t pe = at - 1;
        if (pe > ps && x->txt[pe - 1] == ',')
            pe--;
        const tc_province *p = hd_known_place(x, ps, pe);
        if (p && tc_gazetteer_province(x->g, x->t, x->txt + ps, pe - ps))
            tc_utf8_copy(x->h->place, sizeof x->h->place, p->name, strlen(p->name));
        else
            hd_set_place(x, ps, pe);
        return;
    }
}

/* ---- agency ------------------------------------------------------------------------- */

/* The kind of agency named at low[i..n), or -1; *len gets the bytes of its
 * words.  *folded (may be NULL) tells that it was matched without
 * diacritics. */
static int hd_kind_at_f(const char *low, size_t n, size_t i, size_t *len, int *folded)
{
    if (folded)
        *folded = 0;
    for (size_t k = 0; k < sizeof hd_kinds / sizeof hd_kinds[0]; k++) {
        size_t m = hd_match(low, n, i, hd_kinds[k].words, 0);
        if (m) {
            *len = m;
            return (int)k;
        }
    }
    /* An OCR layer without diacritics ("SO CONG THUONG", "PHONG QLCN"):
     * only when the whole text is plain ASCII, and the kind is followed by
     * a name ("SO: 12" is a number label). */
    for (size_t p = i; p < n; p++)
        if ((unsigned char)low[p] >= 0x80)
            return -1;
    for (size_t k = 0; k < sizeof hd_kinds / sizeof hd_kinds[0]; k++) {
        size_t m = hd_match(low, n, i, hd_kinds[k].folded, 0);
        if (m && i + m + 1 < n && low[i + m] == ' ' && low[i + m + 1] >= 'a' &&
            low[i + m + 1] <= 'z') {
            *len = m;
            if (folded)
                *folded = 1;
            return (int)k;
        }
    }
    return -1;
}

static int hd_kind_at(const char *low, size_t n, size_t i, size_t *len)
{
    return hd_kind_at_f(low, n, i, len, NULL);
}

static int hd_acronym(const char *w, size_t n)
{
    while (n && hd_in(w[n - 1], ",.;:()"))
        n--;
    for (size_t k = 0; k < sizeof hd_acronyms / sizeof hd_acronyms[0]; k++)
        if (strlen(hd_acronyms[k]) == n && memcmp(hd_acronyms[k], w, n) == 0)
            return 1;
    if (memchr(w, '&', n))
        return 1;
    /* A Vietnamese syllable has a vowel; capitals without one abbreviate. */
    size_t letters = 0;
    for (size_t i = 0, l; i < n; i += l) {
        uint32_t cp = hd_cp(w, n, i, &l);
        if (!u_isalpha((UChar32)cp))
            continue;
        letters++;
        UChar32 lc = u_tolower((UChar32)cp);
        /* Vietnamese letters beyond ASCII are vowels, except đ. */
        if ((lc < 0x80 && hd_in((char)lc, "aeiouy")) || (lc >= 0x80 && lc != 0x111))
            return 0;
    }
    return letters >= 2;
}

/* Appends word w (lower-case form wl, both n bytes) to b with its first
 * letter capitalised when cap is set, as written when it is an acronym. */
static tc_rc hd_put_word(tc_buf *b, const char *w, const char *wl, size_t n, int cap)
{
    tc_rc rc = TC_OK;
    if (b->len && (rc = tc_buf_putc(b, ' ')))
        return rc;
    if (hd_acronym(w, n))
        return tc_buf_append(b, w, n);
    if (!cap || n == 0)
        return tc_buf_append(b, wl, n);
    size_t l;
    uint32_t cp = hd_cp(wl, n, 0, &l);
    char enc[4];
    uint32_t up = (uint32_t)u_toupper((UChar32)cp);
    if (cp != 0xFFFD && tc_utf8_encode(up, enc) == l)
        rc = tc_buf_append(b, enc, l);
    else
        rc = tc_buf_append(b, wl, l);
    return rc ? rc : tc_buf_append(b, wl + l, n - l);
}

/* Renders an agency line written in capitals ("SỞ THÔNG TIN VÀ TRUYỀN
 * THÔNG", "UBND TỈNH HÀ TĨNH") the way running text writes it ("Sở Thông
 * tin và Truyền thông", "UBND tỉnh Hà Tĩnh").  *named gets the province the
 * line names, *kind the hd_kinds index (-1 if none). */
static tc_rc hd_render_agency(hd *x, const char *s, size_t n, tc_buf *out,
                              const tc_province **named, int *kind)
{
    *named = NULL;
    *kind = -1;
    tc_buf_reset(out);
    /* A rule drawn under the name may share its line: "QUỐC HỘI --------". */
    for (;;) {
        if (n > 0 && hd_in(s[n - 1], "-_=*~ "))
            n--;
        else if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x93", 3) == 0 ||
                            memcmp(s + n - 3, "\xE2\x80\x94", 3) == 0))
            n -= 3;
        else
            break;
    }
    char *low = malloc(n + 1);
    if (!low)
        return TC_ENOMEM;
    tc_view_lower(s, n, low);
    low[n] = 0;
    tc_rc rc = TC_OK;
    size_t i = hd_skip_spaces(low, n, 0), m = 0;
    int k = hd_kind_at(low, n, i, &m);
    if (k >= 0) {
        *kind = k;
        /* An acronym kind stays as written; others take their usual form. */
        if ((rc = hd_acronym(s + i, m) ? tc_buf_append(out, s + i, m)
                                       : tc_buf_puts(out, hd_kinds[k].display)))
            goto done;
        i = hd_skip_spaces(low, n, i + m);
    }
    /* A Sở with a known field takes the field's official spelling. */
    if (k >= 0 && (hd_kinds[k].flags & HD_K_DEPT)) {
        for (size_t d = 0; d < sizeof hd_depts / sizeof hd_depts[0]; d++) {
            size_t dm = hd_match(low, n, i, hd_depts[d].words, 1);
            if (!dm)
                continue;
            if ((rc = tc_buf_putc(out, ' ')) || (rc = tc_buf_puts(out, hd_depts[d].display)))
                goto done;
            i = hd_skip_spaces(low, n, i + dm);
            break;
        }
    }
    int first = 1, cap_next = 1;
    while (i < n) {
        /* A place: "tỉnh X", "thành phố X", or a province name alone. */
        static const char *const place_words[] = {"tỉnh",   "thành phố", "huyện",  "quận",
                                                  "thị xã", "xã",        "phường", "thị trấn"};
        size_t pm = 0, pw = 0;
        for (; pw < sizeof place_words / sizeof place_words[0]; pw++)
            if ((pm = hd_match(low, n, i, place_words[pw], 0)))
                break;
        /* "xã hội" (society: "Lao động - Thương binh và Xã hội", "Bảo hiểm
         * xã hội") is no commune. */
        if (pm && strcmp(place_words[pw], "xã") == 0 &&
            hd_match(low, n, hd_skip_spaces(low, n, i + pm), "hội", 0))
            pm = 0;
        size_t r = pm ? hd_skip_spaces(low, n, i + pm) : i;
        if (pm && r < n) {
            if ((rc = hd_put_word(out, s + i, low + i, pm, 0)))
                goto done;
            size_t pe;
            const tc_province *p = pw <= 1 ? hd_province_at(x, s, r, n, 0, &pe) : NULL;
            if (p && pe == n) {
                *named = p;
                if ((rc = tc_buf_putc(out, ' ')) || (rc = tc_buf_puts(out, p->name)))
                    goto done;
            } else {
                for (size_t j = r; j < n;) {
                    size_t we = j;
                    while (we < n && low[we] != ' ')
                        we++;
                    if ((rc = hd_put_word(out, s + j, low + j, we - j, 1)))
                        goto done;
                    j = hd_skip_spaces(low, n, we);
                }
            }
            break;
        }
        if (!first || k >= 0) {
            size_t pe;
            const tc_province *p = hd_province_at(x, s, i, n, 0, &pe);
            if (p && pe == n) {
                *named = p;
                if (!(k >= 0 && (hd_kinds[k].flags & HD_K_LEVEL)) &&
                    ((rc = tc_buf_putc(out, ' ')) || (rc = tc_buf_puts(out, hd_province_word(p)))))
                    goto done;
                if ((rc = tc_buf_putc(out, ' ')) || (rc = tc_buf_puts(out, p->name)))
                    goto done;
                break;
            }
        }
        size_t we = i;
        while (we < n && low[we] != ' ')
            we++;
        if ((rc = hd_put_word(out, s + i, low + i, we - i, cap_next)))
            goto done;
        /* Each part of a field after "và", a comma or a dash is capitalised. */
        size_t wl = we - i;
        cap_next = (wl == 3 && memcmp(low + i, "và", 3) == 0) || low[we - 1] == ',' ||
                   (wl == 1 && low[i] == '-') ||
                   (wl == 3 && memcmp(low + i, "\xE2\x80\x93", 3) == 0);
        first = 0;
        i = hd_skip_spaces(low, n, we);
    }
done:
    free(low);
    return rc;
}

/* s[0..n) is the rule under an agency's name as OCR reads it: words that
 * each repeat one letter ("HH nnn", "———"), which no Vietnamese word
 * does. */
static int hd_ocr_rule(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t l0, l;
        uint32_t first = hd_cp(s, n, i, &l0), cp;
        size_t k = i + l0, count = 1;
        for (; k < n && s[k] != ' '; k += l, count++)
            if ((cp = hd_cp(s, n, k, &l)) != first &&
                u_tolower((UChar32)cp) != u_tolower((UChar32)first))
                return 0;
        if (count < 2)
            return 0;
        words++;
        i = k;
    }
    return words > 0;
}

/* Collects the agency lines of the header block: lines (or their leading
 * part) in capitals starting with an agency kind, each with the capital
 * lines that continue it. */
static size_t hd_agency_lines(hd *x, hd_agency_line *al)
{
    size_t na = 0, nonempty = 0;
    int open = 0, open_folded = 0, number_seen = 0;
    size_t end = x->type_line != SIZE_MAX ? x->type_line : x->body;
    for (size_t i = 0; i < end && i < x->head_end; i++) {
        const hd_line *l = &x->lines[i];
        size_t n = hd_llen(x, i);
        if (n == 0)
            continue;
        nonempty++;
        if (n > 300) {
            open = 0;
            continue;
        }
        /* The leading words in capitals, up to the motto of the other column. */
        size_t ce = l->s;
        for (size_t p = l->s; p < l->e;) {
            size_t we = p;
            while (we < l->e && x->txt[we] != ' ')
                we++;
            if (hd_has_lower(x->txt + p, we - p))
                break;
            if (hd_match(x->low, l->e, p, "cộng hòa", 0) ||
                hd_match(x->low, l->e, p, "độc lập", 0) ||
                hd_match(x->low, l->e, p, "đảng cộng sản", 0))
                break;
            ce = we;
            p = hd_skip_spaces(x->txt, l->e, we);
        }
        size_t an = ce - l->s;
        /* The other column's lines (motto, number, date) interleave with
         * the agency's in converted files: they do not end an agency. */
        if (hd_furniture(x, i)) {
            if (hd_number_label(x, i) && na) {
                number_seen = 1;
                open = 0; /* nor does anything below it continue one */
            }
            continue;
        }
        if (an == 0 || !hd_caps(x->txt + l->s, an) || hd_ocr_rule(x->txt + l->s, an)) {
            open = 0;
            continue;
        }
        size_t km;
        int folded;
        int starts = hd_kind_at_f(x->low, ce, l->s, &km, &folded) >= 0;
        /* Read without diacritics, only the first lines are the agency's:
         * an OCR'd "received" stamp ("SO CONG THUONG LAO CAI") may follow. */
        if (starts && folded && nonempty > 3)
            starts = 0;
        /* The issuer stands above its number: an agency below the "Số:"
         * line, once one was read above it, is a "received" stamp read by
         * OCR ("SỞ CÔNG THƯƠNG LÀO CAI" over "ĐẾN ..."). */
        if (starts && na && number_seen)
            starts = 0;
        /* A gazette prints the issuer as a section heading above the
         * header's own agency line: the same name twice is one agency. */
        if (starts && na && al[na - 1].n == an && memcmp(al[na - 1].text, x->txt + l->s, an) == 0) {
            open = ce == l->e;
            open_folded = folded;
            continue;
        }
        if (starts) {
            if (na == HD_AGENCY_MAX) {
                memmove(al, al + 1, (HD_AGENCY_MAX - 1) * sizeof *al);
                na--;
            }
            tc_utf8_copy(al[na].text, sizeof al[na].text, x->txt + l->s, an);
            al[na].n = strlen(al[na].text);
            na++;
            open = ce == l->e;
            open_folded = folded;
        } else if (open && na &&
                   !(open_folded && (nonempty > 3 || hd_has_digit(x->txt + l->s, an) ||
                                     memchr(x->txt + l->s, ':', an)))) {
            hd_agency_line *a = &al[na - 1];
            if (a->n + 1 + an < sizeof a->text) {
                a->text[a->n++] = ' ';
                memcpy(a->text + a->n, x->txt + l->s, an);
                a->n += an;
                a->text[a->n] = 0;
            }
            open = ce == l->e;
        } else {
            open = 0;
        }
    }
    return na;
}

/* Matches a department field at low[i..e) ("thông tin và truyền thông");
 * returns its index or -1 and sets *end. */
static int hd_dept_at(const hd *x, size_t i, size_t e, size_t *end)
{
    size_t best = 0;
    int bi = -1;
    for (size_t d = 0; d < sizeof hd_depts / sizeof hd_depts[0]; d++) {
        size_t m = hd_match(x->low, e, i, hd_depts[d].words, 1);
        if (m > best) {
            best = m;
            bi = (int)d;
        }
    }
    *end = i + best;
    return bi;
}

/* Looks in low[s..e) for "Sở <field> [province]" followed by a reporting
 * verb (or, with any_use, any "Sở <field>" preceded by "của" or followed by
 * "gửi").  Returns the department index or -1; *named gets the province. */
static int hd_find_reporter(hd *x, size_t s, size_t e, int closing, const tc_province **named)
{
    *named = NULL;
    for (size_t p = s; p + 4 < e; p++) {
        if (x->low[p] != 's' || !hd_bound_before(x->low, p))
            continue;
        size_t m = hd_match(x->low, e, p, "sở", 0);
        if (!m)
            continue;
        size_t j = hd_skip_spaces(x->low, e, p + m), de;
        int d = hd_dept_at(x, j, e, &de);
        if (d < 0)
            continue;
        j = hd_skip_spaces(x->low, e, de);
        const tc_province *prov = NULL;
        size_t pm = hd_match(x->low, e, j, "tỉnh", 0);
        if (!pm)
            pm = hd_match(x->low, e, j, "thành phố", 0);
        size_t pe;
        if (pm && (prov = hd_province_at(x, x->txt, hd_skip_spaces(x->low, e, j + pm), e, 0, &pe)))
            j = pe;
        else if (!pm && (prov = hd_province_at(x, x->txt, j, e, 1, &pe)))
            j = pe;
        j = hd_skip_spaces(x->low, e, j);
        if (j < e && x->low[j] == ',')
            j = hd_skip_spaces(x->low, e, j + 1);
        int ok = 0;
        for (size_t v = 0; v < sizeof hd_report_verbs / sizeof hd_report_verbs[0] && !ok; v++)
            ok = hd_match(x->low, e, j, hd_report_verbs[v], 0) != 0;
        if (!ok && closing) {
            ok = hd_match(x->low, e, j, "gửi", 0) != 0 ||
                 (p >= s + strlen("của ") &&
                  memcmp(x->low + p - strlen("của "), "của ", strlen("của ")) == 0);
        }
        if (ok) {
            *named = prov;
            return d;
        }
    }
    return -1;
}

/* The department named by the issuer code of the number ("23/BC-STTTT"). */
static const char *hd_issuer_dept(const hd *x)
{
    const char *num = x->h->number;
    const char *slash = strrchr(num, '/');
    const char *seg = slash ? slash + 1 : num;
    size_t n = strcspn(seg, "-");
    /* A type code first ("BC-STTTT"): the issuer follows it. */
    const tc_doctype *d;
    for (size_t k = 0; (d = tc_doctypes_row(x->dt, k)) != NULL; k++) {
        if (d->flags & TC_DOCTYPE_OWN_CODE)
            continue;
        if (strlen(d->code) == n && memcmp(seg, d->code, n) == 0 && seg[n]) {
            seg += n + 1;
            n = strcspn(seg, "-");
            break;
        }
    }
    for (size_t k = 0; k < sizeof hd_issuers / sizeof hd_issuers[0]; k++)
        if (strlen(hd_issuers[k].code) == n && memcmp(seg, hd_issuers[k].code, n) == 0)
            return hd_issuers[k].display;
    return NULL;
}

/* Appends " tỉnh X" for the issuing province. */
static tc_rc hd_put_province(tc_buf *b, const tc_province *p)
{
    tc_rc rc;
    if ((rc = tc_buf_putc(b, ' ')) || (rc = tc_buf_puts(b, hd_province_word(p))) ||
        (rc = tc_buf_putc(b, ' ')))
        return rc;
    return tc_buf_puts(b, p->name);
}

static void hd_use_province(hd *x, const tc_province *p)
{
    if (!x->prov && p)
        x->prov = p;
}

static tc_rc hd_find_agency(hd *x)
{
    hd_agency_line al[HD_AGENCY_MAX];
    size_t na = hd_agency_lines(x, al);
    tc_rc rc;
    const tc_province *an_under = NULL;
    int k_under = -1;
    if (na) {
        const hd_agency_line *ag = &al[na - 1], *par = na > 1 ? &al[na - 2] : NULL;
        const tc_province *pn = NULL, *an = NULL;
        int pk = -1, ak = -1;
        if (par) {
            if ((rc = hd_render_agency(x, par->text, par->n, &x->tmp, &pn, &pk)))
                return rc;
            tc_utf8_copy(x->h->parent_agency, sizeof x->h->parent_agency, tc_buf_cstr(&x->tmp),
                         x->tmp.len);
        }
        if ((rc = hd_render_agency(x, ag->text, ag->n, &x->tmp, &an, &ak)))
            return rc;
        hd_use_province(x, pn);
        hd_use_province(x, an);
        /* A department, or any body under a provincial committee, is named
         * with its province, as the documents themselves do. */
        int provincial = ak >= 0 && ((hd_kinds[ak].flags & HD_K_DEPT) || pn ||
                                     (!par && (hd_kinds[ak].flags & HD_K_LOCAL)));
        if (!an && provincial && x->prov && (rc = hd_put_province(&x->tmp, x->prov)))
            return rc;
        tc_utf8_copy(x->h->agency, sizeof x->h->agency, tc_buf_cstr(&x->tmp), x->tmp.len);
        return TC_OK;
    }
    /* No agency lines above the type word: a certificate prints its
     * issuer in capitals under its title ("SỞ CÔNG THƯƠNG TỈNH LÀO CAI"). */
    if (x->type_line != SIZE_MAX && x->auth_line == SIZE_MAX && strcmp(x->h->type, "treaty") != 0 &&
        strcmp(x->h->type, "protocol") != 0) {
        for (size_t i = x->title_end, seen = 0; i < x->nl && seen < 3; i++) {
            size_t n = hd_llen(x, i), km;
            if (n == 0)
                continue;
            seen++;
            const hd_line *l = &x->lines[i];
            if (n > 120 || !hd_caps(x->txt + l->s, n))
                break; /* the body has begun */
            if (hd_kind_at(x->low, l->e, l->s, &km) < 0)
                continue;
            if ((rc = hd_render_agency(x, x->txt + l->s, n, &x->tmp, &an_under, &k_under)))
                return rc;
            hd_use_province(x, an_under);
            tc_utf8_copy(x->h->agency, sizeof x->h->agency, tc_buf_cstr(&x->tmp), x->tmp.len);
            return TC_OK;
        }
    }
    /* No agency lines: the opening paragraph names the reporting body. */
    const char *dept = NULL;
    const tc_province *named = NULL;
    size_t seen = 0;
    for (size_t i = x->body; i < x->nl && seen < 6; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0)
            continue;
        seen++;
        size_t e = x->lines[i].s + (n > HD_BODY_SCAN ? HD_BODY_SCAN : n);
        int d = hd_find_reporter(x, x->lines[i].s, e, 0, &named);
        if (d >= 0) {
            dept = hd_depts[d].display;
            break;
        }
    }
    /* Else the closing sentence: "Trên đây là báo cáo ... của Sở X". */
    for (size_t i = x->body; !dept && i < x->nl; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0 || !hd_line_starts(x, i, "trên đây"))
            continue;
        size_t e = x->lines[i].s + (n > HD_BODY_SCAN ? HD_BODY_SCAN : n);
        int d = hd_find_reporter(x, x->lines[i].s, e, 1, &named);
        if (d >= 0)
            dept = hd_depts[d].display;
        break;
    }
    /* Else the issuer code of the number. */
    if (!dept && x->h->number[0])
        dept = hd_issuer_dept(x);
    if (!dept)
        return TC_OK;
    hd_use_province(x, named);
    tc_buf_reset(&x->tmp);
    if ((rc = tc_buf_puts(&x->tmp, "Sở ")) || (rc = tc_buf_puts(&x->tmp, dept)))
        return rc;
    const tc_province *p = named ? named : x->prov;
    if (p && (rc = hd_put_province(&x->tmp, p)))
        return rc;
    tc_utf8_copy(x->h->agency, sizeof x->h->agency, tc_buf_cstr(&x->tmp), x->tmp.len);
    return TC_OK;
}

/* A treaty names no issuer at its top: its parties are named by the
 * preamble, "Chính phủ nước A và Chính phủ nước B (sau đây gọi tắt là hai
 * Bên ký kết);", the first paragraph in normal case after the title.  They
 * are the issuer, written as there. */
static tc_rc hd_treaty_parties(hd *x)
{
    if (x->h->agency[0] || x->type_line == SIZE_MAX)
        return TC_OK;
    /* The line that says "sau đây gọi", then back to the line that opens
     * the paragraph with a body's name (normal case, "Chính phủ nước"). */
    size_t end = x->type_line + 1, seen = 0;
    const char *cut = NULL;
    for (; end < x->nl && seen < 20 && !cut; end++) {
        size_t n = hd_llen(x, end);
        seen += n > 0;
        if (n && n <= HD_LINE_MAX)
            cut = hd_find(x->low + x->lines[end].s, n, "sau đây", strlen("sau đây"));
    }
    if (!cut)
        return TC_OK;
    end--;
    size_t from = end, km;
    while (from > x->type_line && end - from < 4) {
        const hd_line *l = &x->lines[from];
        if (hd_llen(x, from) && hd_has_lower(x->txt + l->s, hd_llen(x, from)) &&
            hd_kind_at(x->low, l->e, l->s, &km) >= 0)
            break;
        from--;
    }
    if (from == x->type_line || end - from >= 4)
        return TC_OK;
    tc_buf_reset(&x->tmp);
    for (size_t i = from; i <= end; i++) {
        const hd_line *l = &x->lines[i];
        size_t e = i == end ? (size_t)(cut - x->low) : l->e;
        tc_rc rc = hd_title_add_to(&x->tmp, x->txt + l->s, e - l->s);
        if (rc)
            return rc;
    }
    while (x->tmp.len && strchr(" ,(\"", x->tmp.data[x->tmp.len - 1]))
        x->tmp.data[--x->tmp.len] = 0;
    /* Two parties at least: "A và B". */
    if (x->tmp.len > 10 && strstr(tc_buf_cstr(&x->tmp), " và "))
        tc_utf8_copy(x->h->agency, sizeof x->h->agency, tc_buf_cstr(&x->tmp), x->tmp.len);
    return TC_OK;
}

/* Does the lower-case string s[0..n) hold the words lit at a word boundary?
 * With not_before, a match directly followed by those words does not count
 * ("xã" but not "xã hội"). */
static int hd_has_words(const char *s, size_t n, const char *lit, const char *not_before)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != lit[0] || !hd_bound_before(s, i))
            continue;
        size_t m = hd_match(s, n, i, lit, 1);
        if (!m)
            continue;
        if (not_before && hd_match(s, n, hd_skip_spaces(s, n, i + m), not_before, 0))
            continue;
        return 1;
    }
    return 0;
}

/* The level of the issuer from its agency and parent lines (agency.tsv's
 * levels): the smallest administrative unit they name wins, so "Cục Thuế
 * tỉnh X" is provincial and "Phòng Kinh tế huyện Y" a district's.  A body
 * naming no unit is central when its name is a central one (Chính phủ,
 * Quốc hội, a Bộ, a Cục, "... Trung ương", "... tối cao", "... Việt
 * Nam"); a body under a central parent is central.  Else "" (the caller
 * may still infer a province from the body). */
static tc_rc hd_find_level(hd *x)
{
    tc_header *h = x->h;
    tc_buf b;
    tc_buf_init(&b, 512);
    tc_rc rc = tc_text_canon(x->t, h->agency, strlen(h->agency), &b);
    if (!rc)
        rc = tc_buf_putc(&b, '\n');
    size_t agency_end = b.len;
    if (!rc)
        rc = tc_text_canon(x->t, h->parent_agency, strlen(h->parent_agency), &b);
    if (rc) {
        tc_buf_free(&b);
        return rc;
    }
    const char *s = tc_buf_cstr(&b);
    size_t n = b.len;
    const char *level = "";
    static const char *const commune[] = {"xã", "phường", "thị trấn", "đảng ủy xã"};
    static const char *const district[] = {"huyện",    "quận",    "thị xã",
                                           "huyện ủy", "quận ủy", "thị ủy"};
    static const char *const province[] = {"tỉnh", "tỉnh ủy", "thành ủy"};
    static const char *const central[] = {
        "chính phủ",    "thủ tướng", "quốc hội", "chủ tịch nước",      "trung ương",
        "tối cao",      "việt nam",  "tổng cục", "kiểm toán nhà nước", "ngân hàng nhà nước",
        "liên hợp quốc"};
    for (size_t k = 0; !*level && k < sizeof commune / sizeof *commune; k++)
        if (hd_has_words(s, n, commune[k], k == 0 ? "hội" : NULL))
            level = "commune";
    for (size_t k = 0; !*level && k < sizeof district / sizeof *district; k++)
        if (hd_has_words(s, n, district[k], NULL))
            level = "district";
    for (size_t k = 0; !*level && k < sizeof province / sizeof *province; k++)
        if (hd_has_words(s, n, province[k], NULL))
            level = "province";
    /* "thành phố X": a province when X is one (Hà Nội, Đà Nẵng), else a
     * city within a province. */
    for (size_t i = 0; !*level && i < n; i++) {
        size_t m = s[i] == 't' && hd_bound_before(s, i) ? hd_match(s, n, i, "thành phố", 0) : 0;
        size_t pe;
        if (m)
            level = hd_province_at(x, s, hd_skip_spaces(s, n, i + m), n, 0, &pe) ? "province"
                                                                                 : "district";
    }
    /* A department (Sở) is a province's. */
    if (!*level && (hd_match(s, agency_end, 0, "sở", 0) ||
                    (agency_end < n && hd_match(s, n, agency_end, "sở", 0))))
        level = "province";
    for (size_t k = 0; !*level && k < sizeof central / sizeof *central; k++)
        if (hd_has_words(s, n, central[k], NULL))
            level = "central";
    /* A ministry or a department of one, at the start of either line. */
    static const char *const ministry[] = {"bộ", "cục"};
    for (size_t k = 0; !*level && k < 2; k++)
        if ((hd_match(s, agency_end, 0, ministry[k], 0) &&
             !hd_match(s, agency_end, 0, "bộ chỉ huy", 0)) ||
            (agency_end < n && hd_match(s, n, agency_end, ministry[k], 0) &&
             !hd_match(s, n, agency_end, "bộ chỉ huy", 0)))
            level = "central";
    /* Treaties bind states: their parties are governments or ministries,
     * whatever an OCR layer makes of "xã hội" in a country's name. */
    if (strcmp(h->type, "treaty") == 0 || strcmp(h->type, "protocol") == 0)
        level = "central";
    tc_utf8_copy(h->level, sizeof h->level, level, strlen(level));
    tc_buf_free(&b);
    return TC_OK;
}

/* Is s[0..n) written in capitals (letters, none lower case)? */
static int hd_all_caps(const char *s, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0, l; i < n; i += l) {
        UChar32 cp = (UChar32)hd_cp(s, n, i, &l);
        if (u_islower(cp))
            return 0;
        letters += u_isalpha(cp) != 0;
    }
    return letters > 0;
}

/* The issuer of a consolidated text: the body named before "XÁC THỰC VĂN
 * BẢN HỢP NHẤT" on its line (or on the line before, when a tab split them). */
static tc_rc hd_auth_agency(hd *x)
{
    if (x->auth_line == SIZE_MAX || x->h->agency[0])
        return TC_OK;
    size_t i = x->auth_line;
    const hd_line *l = &x->lines[i];
    const char *at = hd_find(x->low + l->s, l->e - l->s, "xác thực", strlen("xác thực"));
    size_t s = l->s, e = at ? (size_t)(at - x->low) : l->s;
    while (e > s && x->txt[e - 1] == ' ')
        e--;
    if (e == s) {
        while (i > 0 && !hd_llen(x, i - 1))
            i--;
        if (i == 0)
            return TC_OK;
        s = x->lines[i - 1].s;
        e = x->lines[i - 1].e;
    }
    size_t kl;
    if (e - s > HD_AGENCY_TEXT / 2 || hd_kind_at(x->low + s, e - s, 0, &kl) < 0)
        return TC_OK;
    /* A long name wraps in its column: "BỘ LAO ĐỘNG - THƯƠNG BINH" then
     * "VÀ XÃ HỘI" under it, before the "Số:" line. */
    char name[HD_AGENCY_TEXT];
    size_t n = e - s;
    memcpy(name, x->txt + s, n);
    size_t j = x->auth_line + 1;
    if (at && j < x->nl && hd_llen(x, j) && hd_llen(x, j) < 40 && !hd_line_starts(x, j, "số") &&
        hd_all_caps(x->txt + x->lines[j].s, hd_llen(x, j)) && n + 1 + hd_llen(x, j) < sizeof name) {
        name[n++] = ' ';
        memcpy(name + n, x->txt + x->lines[j].s, hd_llen(x, j));
        n += hd_llen(x, j);
    }
    const tc_province *named = NULL;
    int kind = -1;
    tc_rc rc = hd_render_agency(x, name, n, &x->tmp, &named, &kind);
    if (!rc)
        tc_utf8_copy(x->h->agency, sizeof x->h->agency, tc_buf_cstr(&x->tmp), x->tmp.len);
    return rc;
}

/* Last resort for the province: the first "tỉnh X" in the header block or
 * the opening paragraphs. */
static void hd_province_mention(hd *x)
{
    size_t seen = 0;
    for (size_t i = 0; i < x->nl && seen < 12 && !x->prov; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0)
            continue;
        if (i >= x->body)
            seen++;
        size_t s = x->lines[i].s, e = s + (n > HD_BODY_SCAN ? HD_BODY_SCAN : n);
        for (size_t p = s; p < e && !x->prov; p++) {
            if (x->low[p] != 't' || !hd_bound_before(x->low, p))
                continue;
            size_t m = hd_match(x->low, e, p, "tỉnh", 0);
            if (!m)
                m = hd_match(x->low, e, p, "thành phố", 0);
            size_t pe;
            if (m)
                x->prov = hd_province_at(x, x->txt, hd_skip_spaces(x->low, e, p + m), e, 1, &pe);
        }
    }
}

/* ---- signature ------------------------------------------------------------------------- */

static int hd_recipient(const hd *x, size_t i)
{
    const hd_line *l = &x->lines[i];
    const char *s = x->low + l->s;
    size_t n = l->e - l->s;
    if (n && (hd_in(s[0], "-+}") || x->txt[l->e - 1] == ';'))
        return 1;
    if (n >= 3 && (memcmp(s, "\xE2\x80\x93", 3) == 0 || memcmp(s, "\xE2\x80\xA2", 3) == 0))
        return 1;
    return hd_line_starts(x, i, "lưu") || hd_line_starts(x, i, "như trên") ||
           hd_line_starts(x, i, "nơi nhận");
}

static int hd_signer_title(const hd *x, size_t i)
{
    const hd_line *l = &x->lines[i];
    size_t n = l->e - l->s;
    if (n == 0 || n > 100 || !hd_caps(x->txt + l->s, n) || hd_has_digit(x->txt + l->s, n) ||
        memchr(x->txt + l->s, ':', n))
        return 0;
    for (size_t k = 0; k < sizeof hd_delegations / sizeof hd_delegations[0]; k++)
        if (hd_line_starts(x, i, hd_delegations[k]))
            return 1;
    for (size_t p = l->s; p < l->e; p++) {
        if (!hd_bound_before(x->low, p))
            continue;
        for (size_t k = 0; k < sizeof hd_roles / sizeof hd_roles[0]; k++)
            if (hd_match(x->low, l->e, p, hd_roles[k], 0))
                return 1;
    }
    return 0;
}

/* A person's name: 2-7 words, each starting with a capital, no digits.
 * Markdown markers around it are ignored.  *s and *e get the name. */
static int hd_person(const hd *x, size_t i, size_t *ns, size_t *ne)
{
    const hd_line *l = &x->lines[i];
    size_t s = l->s, e = l->e;
    while (s < e && hd_in(x->txt[s], "*_ "))
        s++;
    while (e > s && hd_in(x->txt[e - 1], "*_. "))
        e--;
    if (e - s < 3 || e - s > 60 || hd_has_digit(x->txt + s, e - s))
        return 0;
    size_t words = 0;
    for (size_t p = s; p < e;) {
        if (!u_isupper((UChar32)hd_cp(x->txt, e, p, NULL)))
            return 0;
        while (p < e && x->txt[p] != ' ') {
            size_t l2;
            uint32_t cp = hd_cp(x->txt, e, p, &l2);
            if (!u_isalpha((UChar32)cp) && cp != '-')
                return 0;
            p += l2;
        }
        words++;
        p = hd_skip_spaces(x->txt, e, p);
    }
    if (words < 2 || words > 7 || (hd_caps(x->txt + s, e - s) && words > 5))
        return 0;
    *ns = s;
    *ne = e;
    return 1;
}

/* Scans lines [from, to) for the signer's title lines and name. */
static tc_rc hd_scan_signer(hd *x, size_t from, size_t to, int *found)
{
    tc_rc rc;
    size_t seen = 0;
    tc_buf_reset(&x->tmp);
    *found = 0;
    for (size_t i = from; i < to && seen < HD_SIG_LINES; i++) {
        size_t n = hd_llen(x, i);
        if (n == 0)
            continue;
        seen++;
        size_t ns, ne;
        if (hd_signer_title(x, i)) {
            if (x->tmp.len && (rc = tc_buf_puts(&x->tmp, " / ")))
                return rc;
            if ((rc = hd_put_clean(&x->tmp, x->txt + x->lines[i].s, n)))
                return rc;
            hd_trim_buf(&x->tmp);
            continue;
        }
        if (hd_recipient(x, i))
            continue;
        if (x->tmp.len && hd_person(x, i, &ns, &ne)) {
            tc_utf8_copy(x->h->signer_title, sizeof x->h->signer_title, tc_buf_cstr(&x->tmp),
                         x->tmp.len);
            tc_buf_reset(&x->tmp);
            if ((rc = hd_put_clean(&x->tmp, x->txt + ns, ne - ns)))
                return rc;
            hd_trim_buf(&x->tmp);
            tc_utf8_copy(x->h->signer_name, sizeof x->h->signer_name, tc_buf_cstr(&x->tmp),
                         x->tmp.len);
            *found = 1;
            return TC_OK;
        }
        /* "(Đã ký)", "[daky]", seals: noise between title and name. */
        if (x->low[x->lines[i].s] == '(' || x->low[x->lines[i].s] == '[' ||
            hd_line_starts(x, i, "đã ký") || hd_line_starts(x, i, "ký tên"))
            continue;
        /* Capitals that are no signer's title open an appendix; a long
         * line is a paragraph: the signature block is over. */
        if (hd_caps(x->txt + x->lines[i].s, n) || n > 200)
            break;
    }
    /* A title without a name is still worth keeping. */
    if (x->tmp.len) {
        tc_utf8_copy(x->h->signer_title, sizeof x->h->signer_title, tc_buf_cstr(&x->tmp),
                     x->tmp.len);
        *found = 1;
    }
    return TC_OK;
}

static tc_rc hd_find_signer(hd *x)
{
    /* The last "Nơi nhận", and the closing sentence before it. */
    size_t anchor = SIZE_MAX, closing = SIZE_MAX;
    for (size_t i = x->body; i < x->nl; i++)
        if (hd_llen(x, i) && hd_line_starts(x, i, "nơi nhận"))
            anchor = i;
    for (size_t i = x->body; i < x->nl && i < anchor; i++)
        if (hd_llen(x, i) && hd_line_starts(x, i, "trên đây"))
            closing = i;
    if (anchor == SIZE_MAX)
        anchor = closing;
    if (anchor == SIZE_MAX)
        return TC_OK;
    int found;
    tc_rc rc = hd_scan_signer(x, anchor + 1, x->nl, &found);
    if (rc || found)
        return rc;
    /* The right-hand column may come first: title and name above the list. */
    size_t from = anchor, k = 0;
    while (from > x->body && k < 8) {
        from--;
        if (closing != SIZE_MAX && from <= closing) {
            from = closing + 1;
            break;
        }
        k += hd_llen(x, from) > 0;
    }
    if (from < anchor)
        rc = hd_scan_signer(x, from, anchor, &found);
    return rc;
}

/* ---- period ----------------------------------------------------------------------------- */

typedef struct hd_period {
    char code[8]; /* "Q1", "H1", ... */
    size_t s, e;  /* the phrase in the searched text */
    int year;     /* its year, 0 when the phrase has none */
} hd_period;

/* A count of months written as a digit or a word. */
static size_t hd_months(const char *low, size_t n, size_t i, int *v)
{
    size_t k = hd_number(low, n, i, v);
    if (k)
        return k;
    static const struct {
        const char *w;
        int v;
    } words[] = {{"ba", 3}, {"sáu", 6}, {"chín", 9}};
    for (size_t j = 0; j < 3; j++)
        if ((k = hd_match(low, n, i, words[j].w, 0))) {
            *v = words[j].v;
            return k;
        }
    return 0;
}

/* Finds the first period phrase in low[0..n). */
static int hd_find_period(const char *low, size_t n, hd_period *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (!hd_bound_before(low, i) || ((unsigned char)low[i] & 0xC0) == 0x80)
            continue;
        size_t m, j, k;
        int v, y;
        /* quý I/2019, quý II năm 2020, quý 3 */
        if ((m = hd_match(low, n, i, "quý", 0))) {
            j = hd_skip_spaces(low, n, i + m);
            static const struct {
                const char *r;
                int q;
            } romans[] = {{"iv", 4}, {"iii", 3}, {"ii", 2}, {"i", 1},
                          {"4", 4},  {"3", 3},   {"2", 2},  {"1", 1}};
            int q = 0;
            for (size_t r = 0; r < 8 && !q; r++)
                if ((k = hd_match(low, n, j, romans[r].r, 0)))
                    q = romans[r].q, j += k;
            if (q) {
                out->code[0] = 'Q';
                out->code[1] = (char)('0' + q);
                out->s = i;
                out->e = j;
                if (j < n && low[j] == '/' && (k = hd_year(low, n, j + 1, &y)))
                    out->year = y, out->e = j + 1 + k;
                else if ((m = hd_match(low, n, hd_skip_spaces(low, n, j), "năm", 0))) {
                    size_t a = hd_skip_spaces(low, n, hd_skip_spaces(low, n, j) + m);
                    if ((k = hd_year(low, n, a, &y)))
                        out->year = y, out->e = a + k;
                }
                return 1;
            }
        }
        /* 3/6/9 tháng đầu năm, 6 tháng cuối năm, 6 tháng năm 2015 */
        if ((k = hd_months(low, n, i, &v))) {
            j = hd_skip_spaces(low, n, i + k);
            if (j > i + k && (m = hd_match(low, n, j, "tháng", 0))) {
                j = hd_skip_spaces(low, n, j + m);
                int part = 0; /* 1 first, 2 last, 3 plain */
                if ((m = hd_match(low, n, j, "đầu năm", 0)))
                    part = 1;
                else if ((m = hd_match(low, n, j, "cuối năm", 0)))
                    part = 2;
                else if ((m = hd_match(low, n, j, "năm", 0)))
                    part = 3;
                const char *code = NULL;
                if (part == 1 && v == 3)
                    code = "Q1";
                else if ((part == 1 || part == 3) && v == 6)
                    code = "H1";
                else if ((part == 1 || part == 3) && v == 9)
                    code = "9M";
                else if (part == 2 && v == 6)
                    code = "H2";
                else if (part == 2 && v == 3)
                    code = "Q4";
                if (code) {
                    j += m;
                    memcpy(out->code, code, 3);
                    out->s = i;
                    out->e = j;
                    size_t a = hd_skip_spaces(low, n, j);
                    if ((k = hd_year(low, n, a, &y)))
                        out->year = y, out->e = a + k;
                    if (part != 3 || out->year)
                        return 1;
                    memset(out, 0, sizeof *out);
                }
            }
        }
        /* tháng 7/2024, tháng 7 năm 2024: a month, not a period we name. */
        if ((m = hd_match(low, n, i, "tháng", 0))) {
            j = hd_skip_spaces(low, n, i + m);
            if ((k = hd_number(low, n, j, &v))) {
                j += k;
                size_t a = hd_skip_spaces(low, n, j);
                if (j < n && low[j] == '/' && (k = hd_year(low, n, j + 1, &y)))
                    i = j + k;
                else if ((m = hd_match(low, n, a, "năm", 0)) &&
                         (k = hd_year(low, n, hd_skip_spaces(low, n, a + m), &y)))
                    i = hd_skip_spaces(low, n, a + m) + k;
                continue;
            }
        }
        /* năm 2024 */
        if ((m = hd_match(low, n, i, "năm", 0))) {
            j = hd_skip_spaces(low, n, i + m);
            if (j > i + m && (k = hd_year(low, n, j, &y))) {
                memcpy(out->code, "Y", 2);
                out->s = i;
                out->e = j + k;
                out->year = y;
                return 1;
            }
        }
    }
    return 0;
}

/* The first year written in low[i..n), or 0. */
static int hd_next_year(const char *low, size_t n, size_t i)
{
    for (int y; i < n; i++)
        if (hd_bound_before(low, i) && hd_digit(low[i]) && hd_year(low, n, i, &y))
            return y;
    return 0;
}

static tc_rc hd_find_period_all(hd *x)
{
    tc_header *h = x->h;
    hd_period p;
    /* The title first, on its own lower-case copy (same offsets). */
    size_t n = x->title.len;
    char *tl = malloc(n + 1);
    if (!tl)
        return TC_ENOMEM;
    const char *tt = tc_buf_cstr(&x->title);
    tc_view_lower(tt, n, tl);
    tl[n] = 0;
    if (n && hd_find_period(tl, n, &p)) {
        tc_utf8_copy(h->period, sizeof h->period, p.code, strlen(p.code));
        tc_utf8_copy(h->period_text, sizeof h->period_text, tt + p.s, p.e - p.s);
        h->year = p.year;
        if (!p.year) {
            /* "6 tháng đầu năm và ... 6 tháng cuối năm 2015": the year
             * written later in the title covers both; the body often
             * writes the period out in full ("6 tháng đầu năm 2015"). */
            h->year = hd_next_year(tl, n, p.e);
            if (h->year) {
                static const char *const joins[] = {" ", "/", " năm "};
                size_t from = x->body < x->nl ? x->lines[x->body].s : x->len;
                size_t lim = x->len - from > 65536 ? 65536 : x->len - from;
                char need[128];
                for (size_t j = 0; j < 3 && p.e - p.s + 12 < sizeof need; j++) {
                    size_t k = p.e - p.s;
                    memcpy(need, tl + p.s, k);
                    k += (size_t)snprintf(need + k, sizeof need - k, "%s%d", joins[j], h->year);
                    const char *f = hd_find(x->low + from, lim, need, k);
                    if (f && hd_bound_after(x->low, x->len, (size_t)(f - x->low) + k)) {
                        size_t at = (size_t)(f - x->low);
                        tc_utf8_copy(h->period_text, sizeof h->period_text, x->txt + at, k);
                        break;
                    }
                }
            }
        }
        free(tl);
        return TC_OK;
    }
    free(tl);
    /* Else the opening paragraph. */
    for (size_t i = x->body, seen = 0; i < x->nl && seen < 2; i++) {
        size_t ln = hd_llen(x, i);
        if (ln == 0)
            continue;
        seen++;
        size_t s = x->lines[i].s, e = s + (ln > HD_BODY_SCAN ? HD_BODY_SCAN : ln);
        if (hd_find_period(x->low + s, e - s, &p) && p.year) {
            tc_utf8_copy(h->period, sizeof h->period, p.code, strlen(p.code));
            tc_utf8_copy(h->period_text, sizeof h->period_text, x->txt + s + p.s, p.e - p.s);
            h->year = p.year;
            return TC_OK;
        }
    }
    return TC_OK;
}

/* The year in a number of the form "N/YYYY/SYMBOL", or 0. */
static int hd_number_year(const char *number)
{
    const char *a = strchr(number, '/');
    if (!a || !hd_digit(a[1]) || !hd_digit(a[2]) || !hd_digit(a[3]) || !hd_digit(a[4]) ||
        a[5] != '/')
        return 0;
    int y = atoi(a + 1);
    return y >= 1945 && y <= 2100 ? y : 0;
}

/* ---- entry point --------------------------------------------------------------------------- */

static void hd_set_province(hd *x)
{
    const tc_province *p = x->prov;
    if (!p)
        return;
    tc_header *h = x->h;
    tc_utf8_copy(h->province_code, sizeof h->province_code, p->code, strlen(p->code));
    tc_utf8_copy(h->province, sizeof h->province, p->name, strlen(p->name));
    tc_utf8_copy(h->province2025_code, sizeof h->province2025_code, p->new_code,
                 strlen(p->new_code));
    tc_utf8_copy(h->province2025, sizeof h->province2025, p->new_name, strlen(p->new_name));
}

/* Bytes of raw[0..len) the header reads: at most HD_MAX_INPUT, cut at a
 * character boundary. */
static size_t hd_input_len(const char *raw, size_t len)
{
    size_t n = len > HD_MAX_INPUT ? HD_MAX_INPUT : len;
    while (n < len && n > 0 && ((unsigned char)raw[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* A character that tc_text_clean() keeps inside a word (and normalises with
 * its neighbours). */
static int hd_word_char(uint32_t cp)
{
    return u_isalpha((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK ||
           cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D);
}

/* The header's text from a view of raw[0..m) (m >= n): the clean and lower
 * text of raw[0..n), where every tab, page break (\f, \v) and lone CR of raw
 * reads as a line break and the CR of a CRLF as a space.  tc_text_clean()
 * turns each of those characters into exactly one byte ('\t' '\f' '\v' into
 * ' ', '\r' kept) and never puts one inside a word, so rewriting that byte
 * gives what cleaning the rewritten text would.  clen is the clean length
 * of raw[0..n).  OUT: x->txt, x->low (malloc'd, NUL-terminated), x->len. */
static tc_rc hd_take(hd *x, const tc_view *v, size_t n, size_t clen, char **txt)
{
    char *t = malloc(clen + 1), *l = malloc(clen + 1);
    if (!t || !l) {
        free(t);
        free(l);
        return TC_ENOMEM;
    }
    memcpy(t, v->clean, clen);
    memcpy(l, v->lower, clen);
    t[clen] = l[clen] = 0;
    for (size_t b = 0; b < clen; b++) {
        size_t r = v->map[b];
        char c = v->raw[r];
        if (c == '\t' || c == '\f' || c == '\v')
            t[b] = l[b] = '\n';
        else if (c == '\r')
            t[b] = l[b] = r + 1 < n && v->raw[r + 1] == '\n' ? ' ' : '\n';
    }
    *txt = t;
    x->txt = t;
    x->low = l;
    x->len = clen;
    return TC_OK;
}

/* Sets up x's text from the view: the first HD_MAX_INPUT bytes of the
 * document (see hd_take).  When the cut falls inside a word, the prefix is
 * cleaned on its own (its last word is normalised without its end, as a
 * document of that length would be).  OUT: *txt (free it). */
static tc_rc hd_prepare(hd *x, const tc_view *v, char **txt)
{
    *txt = NULL;
    size_t n = hd_input_len(v->raw, v->raw_len);
    if (n == v->raw_len)
        return hd_take(x, v, n, v->len, txt);
    size_t lo = 0, hi = v->len; /* the first clean byte from raw[n..) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->map[mid] < n)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t before = 0, after = 0;
    if (n > 0)
        tc_utf8_decode(v->raw + tc_utf8_prev(v->raw, n), n - tc_utf8_prev(v->raw, n), &before);
    tc_utf8_decode(v->raw + n, v->raw_len - n, &after);
    if (!(n > 0 && hd_word_char(before) && hd_word_char(after)))
        return hd_take(x, v, n, lo, txt);
    tc_view pv;
    tc_rc rc = tc_view_build(x->t, v->raw, n, &pv);
    if (!rc)
        rc = hd_take(x, &pv, n, pv.len, txt);
    tc_view_free(&pv);
    return rc;
}

tc_rc tc_header_parse(tc_text *t, const tc_gazetteer *g, const char *text, size_t len,
                      tc_header *out)
{
    if (!out)
        return TC_EINVAL;
    memset(out, 0, sizeof *out);
    if (!t || (!text && len))
        return TC_EINVAL;
    if (len == 0)
        return TC_OK;
    /* Only the part the header reads is cleaned. */
    tc_doctypes *dt;
    tc_rc rc = tc_doctypes_open(t, &dt);
    if (rc)
        return rc;
    tc_view v;
    rc = tc_view_build(t, text, hd_input_len(text, len), &v);
    if (!rc)
        rc = tc_header_read(dt, t, g, &v, out);
    tc_view_free(&v);
    tc_doctypes_close(dt);
    return rc;
}

tc_rc tc_header_read(const tc_doctypes *dt, tc_text *t, const tc_gazetteer *g, const tc_view *v,
                     tc_header *out)
{
    if (!out)
        return TC_EINVAL;
    memset(out, 0, sizeof *out);
    if (!dt || !t || !v)
        return TC_EINVAL;
    if (v->raw_len == 0)
        return TC_OK;
    hd x = {.dt = dt, .t = t, .g = g, .h = out, .type_line = SIZE_MAX, .auth_line = SIZE_MAX};
    tc_buf_init(&x.title, 4096);
    tc_buf_init(&x.tmp, 4096);
    char *txt = NULL;
    tc_rc rc = hd_prepare(&x, v, &txt);
    if (rc)
        goto done;
    if ((rc = hd_split_lines(&x)))
        goto done;
    for (size_t i = 0, k = 0; i < x.nl; i++) {
        k += hd_llen(&x, i) > 0;
        x.head_end = i + 1;
        if (k >= HD_HEAD_LINES)
            break;
    }

    if ((rc = hd_find_title(&x)))
        goto done;
    tc_utf8_copy(out->title, sizeof out->title, tc_buf_cstr(&x.title), x.title.len);
    hd_find_number(&x);
    hd_find_date(&x);
    hd_find_authentication(&x);
    hd_find_adoption(&x);
    if (strcmp(out->type, "treaty") == 0 || strcmp(out->type, "protocol") == 0)
        hd_find_treaty_date(&x);
    hd_find_closing_date(&x);
    for (size_t i = 0; i < x.head_end && i < x.body + 3; i++)
        if (hd_llen(&x, i) && hd_draft_line(&x, i))
            out->draft = 1;

    if (out->place[0] && g) {
        const tc_province *p = tc_gazetteer_province(g, t, out->place, strlen(out->place));
        if (!p) {
            const tc_district *d =
                tc_gazetteer_district(g, t, out->place, strlen(out->place), NULL);
            p = d ? d->province : NULL;
        }
        hd_use_province(&x, p);
    }
    if ((rc = hd_find_agency(&x)) || (rc = hd_auth_agency(&x)))
        goto done;
    if ((strcmp(out->type, "treaty") == 0 || strcmp(out->type, "protocol") == 0) &&
        (rc = hd_treaty_parties(&x)))
        goto done;
    if ((rc = hd_find_level(&x)))
        goto done;
    if (strcmp(out->level, "central") == 0) {
        /* "Hà Nội, ngày ..." is where a ministry sits, not whose it is. */
        x.prov = NULL;
    } else {
        hd_province_mention(&x);
        if (!out->level[0] && x.prov)
            tc_utf8_copy(out->level, sizeof out->level, "province", strlen("province"));
    }
    hd_set_province(&x);

    if ((rc = hd_find_signer(&x)) || (rc = hd_find_period_all(&x)))
        goto done;
    /* The year a period covers is a report's or a plan's year; any other
     * document's is its year of issue ("... đến năm 2030" in a decision's
     * title is a horizon, not its year). */
    int covers = strcmp(out->type, "report") == 0 || strcmp(out->type, "plan") == 0 ||
                 strcmp(out->type, "programme") == 0 || !out->type[0];
    if ((!out->year || !covers || x.auth_line != SIZE_MAX) && out->date_precision)
        out->year = atoi(out->date);
    /* Without a date (an OCR'd or blank one), the year in the document's
     * own number ("02/2023/TB-LPQT") is its year of issue; a year the text
     * merely mentions ("Luật ... năm 2016", "... đến năm 2030" in a
     * decision's title) never is, so without one there is no year. */
    if (!out->date_precision && (!covers || !out->year))
        out->year = hd_number_year(out->number);

done:
    free(txt);
    free(x.low);
    free(x.lines);
    tc_buf_free(&x.title);
    tc_buf_free(&x.tmp);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

const char *tc_header_type_name(const char *type)
{
    return tc_doctype_name(type);
}
