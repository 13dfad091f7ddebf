/*
 * test_doc.c: the Word 97-2003 reader (readers/doc.c, antiword -x db).
 *
 * 1. sniff: OLE2 files built here with a "WordDocument", "Workbook" or
 *    "PowerPoint Document" stream; not OLE; too short;
 * 2. bad input: an OLE file that is an .xls, a Word OLE file with no
 *    document in it, a truncated .doc (directory kept, streams cut; and cut
 *    in half), text past the cap, antiword not on PATH; stand-ins for
 *    antiword that write without end, die of a signal, write no XML, or
 *    fail with a message (the 60 s timeout is not tested: too slow);
 * 3. fixtures made by LibreOffice from two corpus texts: the first lines
 *    and a body phrase exactly, every non-blank line of the source in
 *    order; read from the path and from the bytes alone (temporary file,
 *    removed afterwards); a file name starting with '-';
 * 4. a Word letter with a header table (cv2019.doc): rows of tab-separated
 *    cells, cell paragraphs joined by '\v';
 * 5. the 10 real .doc files of shared/corpora/real-docs/skill-sct when
 *    that folder is there (TRACUU_REAL_DOCS, ../shared or /work/shared):
 *    each gives text, and the number and date lines of three are checked.
 * Run from the repository root; antiword must be installed.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdint.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "../../readers/reader.h"
#include "check.h"

extern const tc_reader tc_reader_doc;

static tc_rc read_doc(const char *data, size_t n, const char *path, size_t cap, tc_reader_out *out)
{
    tc_reader_opts o = {.path = path, .max_text = cap};
    tc_reader_out_init(out, &o);
    return tc_reader_doc.read(data, n, &o, out);
}

static const char *line_of(const char *s, size_t len, int k, char *buf, size_t cap)
{
    size_t i = 0;
    for (; k > 0 && i < len; i++)
        if (s[i] == '\n')
            k--;
    size_t j = i;
    while (j < len && s[j] != '\n')
        j++;
    size_t n = j - i < cap - 1 ? j - i : cap - 1;
    memcpy(buf, s + i, n);
    buf[n] = 0;
    return buf;
}

/* ---- 1. sniff ------------------------------------------------------------------------- */

/* An OLE2 compound file of 1,536 bytes: the header, a directory sector
 * with the root and one entry (name, type), a spare sector. */
static void make_ole(unsigned char *f, const char *name, int type)
{
    static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    memset(f, 0, 1536);
    memcpy(f, magic, 8);
    f[0x18] = 0x3E;
    f[0x1A] = 3;
    f[0x1C] = 0xFE;
    f[0x1D] = 0xFF;
    f[0x1E] = 9; /* 512-byte sectors */
    f[0x20] = 6;
    /* directory at sector 0 (offset 512) */
    unsigned char *root = f + 512, *e = f + 512 + 128;
    const char *rn = "Root Entry";
    for (size_t i = 0; rn[i]; i++)
        root[2 * i] = (unsigned char)rn[i];
    root[64] = (unsigned char)(2 * (strlen(rn) + 1));
    root[66] = 5;
    for (size_t i = 0; name[i]; i++)
        e[2 * i] = (unsigned char)name[i];
    e[64] = (unsigned char)(2 * (strlen(name) + 1));
    e[66] = (unsigned char)type;
}

typedef struct sniff_case {
    const char *what;
    const char *stream; /* the stream's name, NULL: not an OLE file */
    int type;           /* 2 stream, 1 storage */
    size_t len;         /* bytes given to sniff */
    int doc;            /* expected */
} sniff_case;

static const sniff_case sniffs[] = {
    {"Word document", "WordDocument", 2, 1536, 1},
    {"Excel workbook", "Workbook", 2, 1536, 0},
    {"PowerPoint", "PowerPoint Document", 2, 1536, 0},
    {"WordDocument as a storage", "WordDocument", 1, 1536, 0},
    {"longer name", "WordDocumentX", 2, 1536, 0},
    {"cut before its directory", "WordDocument", 2, 600, 0},
    {"not OLE", NULL, 0, 1536, 0},
};

static void test_sniff(void)
{
    static unsigned char f[1536];
    for (size_t i = 0; i < sizeof sniffs / sizeof sniffs[0]; i++) {
        const sniff_case *c = &sniffs[i];
        if (c->stream)
            make_ole(f, c->stream, c->type);
        else
            memset(f, 'a', sizeof f);
        CHECK_INT(c->what, c->doc, tc_reader_doc.sniff((const char *)f, c->len));
    }
    CHECK_INT("empty", 0, tc_reader_doc.sniff("", 0));
}

/* ---- 2. bad input --------------------------------------------------------------------- */

static void test_bad(void)
{
    static unsigned char f[1536];
    tc_reader_out out;

    make_ole(f, "Workbook", 2);
    CHECK_INT("an .xls", TC_EFORMAT, read_doc((const char *)f, sizeof f, NULL, 0, &out));
    CHECK_STR("an .xls: why", "not a Word 97-2003 document", out.why);
    tc_reader_out_free(&out);
    CHECK(tc_reader_choose("sheet.doc", (const char *)f, sizeof f) == NULL,
          "an .xls named .doc gets no reader");

    make_ole(f, "WordDocument", 2);
    CHECK_INT("Word OLE with no document", TC_EFORMAT,
              read_doc((const char *)f, sizeof f, NULL, 0, &out));
    CHECK(strncmp(out.why, "antiword: ", 10) == 0, "antiword's reason: %s", out.why);
    tc_reader_out_free(&out);

    size_t n = 0;
    char *data = check_slurp("tests/fixtures/readers/travinh.doc", &n);
    CHECK(data && n == 39936, "travinh.doc readable");
    if (data && n == 39936) {
        /* its directory ends at 39,680: cut there, the file still sniffs
         * as Word but its last sectors are gone */
        CHECK_INT("truncated: sniff", 1, tc_reader_doc.sniff(data, 39680));
        CHECK_INT("truncated", TC_EFORMAT, read_doc(data, 39680, NULL, 0, &out));
        CHECK_STR("truncated: why", "antiword: the file is not a Word Document", out.why);
        tc_reader_out_free(&out);
        CHECK_INT("cut in half", TC_EFORMAT, read_doc(data, n / 2, NULL, 0, &out));
        CHECK_STR("cut in half: why", "not a Word 97-2003 document", out.why);
        tc_reader_out_free(&out);

        CHECK_INT("past the cap", TC_ETOOBIG, read_doc(data, n, NULL, 100, &out));
        CHECK(out.why[0] != 0, "past the cap: a reason");
        tc_reader_out_free(&out);

        /* antiword not found on PATH */
        const char *path = getenv("PATH");
        char *saved = path ? strdup(path) : NULL;
        setenv("PATH", "/nonexistent-tracuu-dir", 1);
        CHECK_INT("antiword missing", TC_EIO, read_doc(data, n, NULL, 0, &out));
        CHECK_STR("antiword missing: why", "antiword is not installed", out.why);
        tc_reader_out_free(&out);
        if (saved)
            setenv("PATH", saved, 1);
        else
            unsetenv("PATH");
        free(saved);
    }
    free(data);
}

/* Stand-ins for antiword, put first on PATH: one that writes without end
 * (the cap stops it: the child is killed and reaped), one that dies of a
 * signal, one that writes what is not XML. */
typedef struct fake_case {
    const char *what;
    const char *script; /* body of the fake antiword */
    tc_rc rc;           /* expected */
    const char *why;    /* expected reason, NULL: any */
} fake_case;

static const fake_case fakes[] = {
    {"endless output", "exec yes '<para>x</para>'\n", TC_ETOOBIG, NULL},
    {"killed by a signal", "kill -SEGV $$\n", TC_EFORMAT, "antiword was killed by signal 11"},
    {"not XML", "echo 'not < xml &'\n", TC_EFORMAT, "antiword wrote malformed XML"},
    {"fails with a message",
     "echo 'I can'\"'\"'t find the name of your HOME directory' >&2\n"
     "echo \"$4 is not a Word Document.\" >&2\nexit 1\n",
     TC_EFORMAT, "antiword: the file is not a Word Document"},
};

static void test_fake_antiword(void)
{
    char dir[] = "/tmp/test_doc_fake.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "temporary folder");
        return;
    }
    char exe[4200], newpath[8400];
    snprintf(exe, sizeof exe, "%s/antiword", dir);
    const char *path = getenv("PATH");
    char *saved = path ? strdup(path) : NULL;
    snprintf(newpath, sizeof newpath, "%s:%s", dir, path ? path : "/usr/bin:/bin");
    static unsigned char f[1536];
    make_ole(f, "WordDocument", 2);
    for (size_t i = 0; i < sizeof fakes / sizeof fakes[0]; i++) {
        const fake_case *c = &fakes[i];
        FILE *s = fopen(exe, "w");
        CHECK(s != NULL, "write the fake antiword");
        if (!s)
            continue;
        fprintf(s, "#!/bin/sh\n%s", c->script);
        fclose(s);
        chmod(exe, 0755);
        setenv("PATH", newpath, 1);
        tc_reader_out out;
        tc_rc rc = read_doc((const char *)f, sizeof f, NULL, 1000, &out);
        if (saved)
            setenv("PATH", saved, 1);
        CHECK_INT(c->what, c->rc, rc);
        if (c->why)
            CHECK_STR(c->what, c->why, out.why);
        tc_reader_out_free(&out);
        /* no child left behind, dead or alive */
        CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "%s: child reaped", c->what);
    }
    unlink(exe);
    rmdir(dir);
    free(saved);
}

/* ---- 3. fixtures ---------------------------------------------------------------------- */

/* The source's lines with blanks and no-break spaces trimmed, blank lines
 * left out: what a .doc made from it must give. */
static char *expected_lines(const char *src, size_t n, size_t *len)
{
    char *e = malloc(n + 2);
    size_t k = 0, i = 0;
    while (e && i < n) {
        size_t j = i;
        while (j < n && src[j] != '\n')
            j++;
        size_t a = i, b = j;
        for (;;) {
            if (a < b && (src[a] == ' ' || src[a] == '\t' || src[a] == '\r'))
                a++;
            else if (b - a >= 2 && memcmp(src + a, "\xC2\xA0", 2) == 0)
                a += 2;
            else if (b > a && (src[b - 1] == ' ' || src[b - 1] == '\t' || src[b - 1] == '\r'))
                b--;
            else if (b - a >= 2 && memcmp(src + b - 2, "\xC2\xA0", 2) == 0)
                b -= 2;
            else
                break;
        }
        if (b > a) {
            memcpy(e + k, src + a, b - a);
            k += b - a;
            e[k++] = '\n';
        }
        i = j + 1;
    }
    *len = k;
    return e;
}

typedef struct fixture_case {
    const char *doc;
    const char *source;
    const char *lines[7]; /* the first lines, exactly */
    const char *phrase;   /* in the body */
} fixture_case;

static const fixture_case fixtures[] = {
    {"tests/fixtures/formats/r000.doc",
     "corpus/000_90010ce738600653.txt",
     {"UBND TỈNH HÀ TĨNH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số:   23 /BC-STTTT",
      "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
      "Hà Tĩnh, ngày  23  tháng 3 năm 2018", "BÁO CÁO"},
     "Tiếp nhận 38 hồ sơ của Sở tại Trung tâm HCC"},
    {"tests/fixtures/readers/travinh.doc",
     "corpus/002_047a4ae5ab10d50a.txt",
     {"Số: 298 /BC-STTTT-VP", "Trà Vinh, ngày 14 tháng 3 năm 2019", "BÁO CÁO", NULL},
     "Sở Thông tin và Truyền thông nhận được Công văn số 381/SKHĐT-THKTKG"},
};

/* Files in dir whose name starts with prefix. */
static int count_files(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int k = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        k += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return k;
}

static void test_fixtures(void)
{
    char tmpdir[] = "/tmp/test_doc.XXXXXX";
    CHECK(mkdtemp(tmpdir) != NULL, "temporary folder");
    setenv("TMPDIR", tmpdir, 1);
    char line[512];
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        const fixture_case *c = &fixtures[i];
        size_t n = 0, sn = 0;
        char *data = check_slurp(c->doc, &n);
        char *src = check_slurp(c->source, &sn);
        CHECK(data && src, "%s and its source readable", c->doc);
        if (!data || !src) {
            free(data);
            free(src);
            continue;
        }
        CHECK_STR(c->doc, "doc",
                  tc_reader_choose(c->doc, data, n) ? tc_reader_choose(c->doc, data, n)->name
                                                    : NULL);
        tc_reader_out a, b;
        CHECK_INT(c->doc, TC_OK, read_doc(data, n, c->doc, 0, &a));
        CHECK_INT("from the bytes alone", TC_OK, read_doc(data, n, NULL, 0, &b));
        CHECK(a.len == b.len && memcmp(a.text, b.text, a.len) == 0,
              "%s: same text from the path and from the bytes", c->doc);
        for (int k = 0; k < 7 && c->lines[k]; k++)
            CHECK_STR(c->doc, c->lines[k], line_of(a.text, a.len, k, line, sizeof line));
        CHECK(memmem(a.text, a.len, c->phrase, strlen(c->phrase)) != NULL, "%s: body phrase",
              c->doc);
        size_t el = 0;
        char *e = expected_lines(src, sn, &el);
        CHECK(e && a.len == el && memcmp(a.text, e, el) == 0,
              "%s: every non-blank source line, in order (len %zu, expected %zu)", c->doc, a.len,
              el);
        free(e);
        tc_reader_out_free(&a);
        tc_reader_out_free(&b);
        free(data);
        free(src);
    }
    CHECK_INT("temporary files removed", 0, count_files(tmpdir, "tracuu-doc-"));

    /* a file name that antiword could take for an option */
    size_t n = 0;
    char *data = check_slurp("tests/fixtures/readers/travinh.doc", &n);
    char cwd[4096];
    if (data && getcwd(cwd, sizeof cwd)) {
        char dash[4200];
        snprintf(dash, sizeof dash, "%s/-x.doc", tmpdir);
        FILE *f = fopen(dash, "wb");
        CHECK(f && fwrite(data, 1, n, f) == n, "wrote -x.doc");
        if (f)
            fclose(f);
        tc_reader_out out;
        CHECK(chdir(tmpdir) == 0, "chdir");
        CHECK_INT("file name -x.doc", TC_OK, read_doc(data, n, "-x.doc", 0, &out));
        CHECK_STR("file name -x.doc", "Số: 298 /BC-STTTT-VP",
                  line_of(out.text, out.len, 0, line, sizeof line));
        tc_reader_out_free(&out);
        CHECK(chdir(cwd) == 0, "chdir back");
        unlink(dash);
    }
    free(data);
    rmdir(tmpdir);
    unsetenv("TMPDIR");
}

/* ---- 4. a table ----------------------------------------------------------------------- */

static void test_table(void)
{
    size_t n = 0;
    char *data = check_slurp("tests/fixtures/readers/cv2019.doc", &n);
    tc_reader_out out;
    char line[512];
    CHECK(data != NULL, "cv2019.doc readable");
    if (data && read_doc(data, n, NULL, 0, &out) == TC_OK) {
        CHECK_STR("cv2019 row 1", "UBND TỈNH LÀO CAI\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  line_of(out.text, out.len, 0, line, sizeof line));
        CHECK_STR("cv2019 row 2", "SỞ CÔNG THƯƠNG\t\tĐộc lập - Tự do - Hạnh phúc",
                  line_of(out.text, out.len, 1, line, sizeof line));
        CHECK_STR("cv2019 row 3", "Số:          /SCT-KT\t\tLào Cai,  ngày       tháng 5  năm 2019",
                  line_of(out.text, out.len, 2, line, sizeof line));
        CHECK_STR("cv2019 subject row, empty second cell",
                  "V/v tham gia ý kiến về TKCS dự án khai thác đá làm VLXD tại mỏ đá Sâu Chua\t",
                  line_of(out.text, out.len, 3, line, sizeof line));
        CHECK_STR("cv2019 after the table",
                  "Kính gửi:  Sở Giao thông vận tải - Xây dựng tỉnh Lào Cai",
                  line_of(out.text, out.len, 4, line, sizeof line));
        const char *sig = "Nơi nhận:\v- Như trên;\v- Lưu VT, KT.\t\tKT. GIÁM ĐỐC\vPHÓ GIÁM "
                          "ĐỐC\vPhan Văn Cương\n";
        CHECK(memmem(out.text, out.len, sig, strlen(sig)) != NULL, "cv2019 signature row");
        tc_reader_out_free(&out);
    } else {
        CHECK(0, "cv2019.doc read: %s", out.why);
        tc_reader_out_free(&out);
    }
    free(data);
}

/* ---- 5. the real documents ------------------------------------------------------------ */

typedef struct real_case {
    const char *file;
    int line;         /* line to check, -1 none */
    const char *text; /* its text */
} real_case;

static const real_case reals[] = {
    {"2019-CV-tham-gia-y-kien-TKCS-mo-da-VLXD-SauChua.doc", 2,
     "Số:          /SCT-KT\t\tLào Cai,  ngày       tháng 5  năm 2019"},
    {"2025.06.12-146.2025.ND.CP-Phan-quyen-phan-cap-linh-vuc-cong-nghiep-thuong-mai.doc", 1,
     "Số: 146/2025/NĐ-CP\tHà Nội, ngày 12 tháng 6 năm 2025"},
    {"CV-bo-sung-ho-so-xuyen-bien-gioi-LogisticVietTrung.doc", -1, NULL},
    {"CV-tu-choi-TKBVTC-da-hoa-LangLanhII.doc", -1, NULL},
    {"CV-tu-choi-TKCS-da-hoa-MongSonV-nhomII.doc", -1, NULL},
    {"TB-tham-dinh-TKXD-NM-tuyen-apatit-ngheo-AnhNhan-4.2026.doc", -1, NULL},
    {"TB-tham-dinh-TKXD-duong-oto-bai-thai-SanBang-SinQuyen.doc", -1, NULL},
    {"TCVN-5507-2002.doc", -1, NULL},
    {"TT-26-2026-BCT-text.doc", -1, NULL},
    {"TT-32-2019-BCT_QCVN-01-2019.doc", 1, "Số: 32/2019/TT-BCT\tHà Nội, ngày 21 tháng 11 năm 2019"},
};

static void test_real(void)
{
    const char *dirs[] = {getenv("TRACUU_REAL_DOCS"), "../shared/corpora/real-docs/skill-sct",
                          "/work/shared/corpora/real-docs/skill-sct"};
    const char *dir = NULL;
    char probe[4200];
    for (size_t i = 0; i < 3 && !dir; i++) {
        if (!dirs[i])
            continue;
        snprintf(probe, sizeof probe, "%s/%s", dirs[i], reals[0].file);
        if (access(probe, R_OK) == 0)
            dir = dirs[i];
    }
    if (!dir) {
        printf("test_doc: real .doc files not found: skipped\n");
        return;
    }
    char line[512];
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        const real_case *c = &reals[i];
        snprintf(probe, sizeof probe, "%s/%s", dir, c->file);
        size_t n = 0;
        char *data = check_slurp(probe, &n);
        CHECK(data != NULL, "%s readable", c->file);
        if (!data)
            continue;
        tc_reader_out out;
        tc_rc rc = read_doc(data, n, probe, 0, &out);
        CHECK_INT(c->file, TC_OK, rc);
        CHECK(rc != TC_OK || out.len > 1000, "%s gives text (%zu bytes)", c->file, out.len);
        if (rc == TC_OK && c->text)
            CHECK_STR(c->file, c->text, line_of(out.text, out.len, c->line, line, sizeof line));
        tc_reader_out_free(&out);
        free(data);
    }
}

int main(void)
{
    xmlInitParser();
    test_sniff();
    test_bad();
    test_fake_antiword();
    test_fixtures();
    test_table();
    test_real();
    xmlCleanupParser();
    return check_report("test_doc");
}
