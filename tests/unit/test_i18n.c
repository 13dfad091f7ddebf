/* test_i18n.c: CSV for people and for programs (render/output.h, tc_out.people):
 * headers and stored keys translated through the "tracuu" catalogue
 * (po/vi.po, built next to this program: BUILD/locale) only when people
 * read the output; JSON and CSV for programs keep the keys of README
 * "Machine output".  Expected strings are the msgstrs of po/vi.po. */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../render/output.h"
#include "../../render/render.h"
#include "check.h"

/* glibc's counter of loaded catalogues: bumping it makes gettext forget its
 * cached answers after LANGUAGE changes (GNU gettext manual, "Being a
 * gettext grok"). */
extern int _nl_msg_cat_cntr;

static void use_language(const char *lang)
{
    setenv("LANGUAGE", lang, 1);
    ++_nl_msg_cat_cntr;
}

/* The facet rows of a --by type count, rendered as format for people or not. */
static char *facets(int format, int people, const char *by, const char *value)
{
    char *data = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&data, &len);
    if (!fp)
        return NULL;
    tc_out o;
    tc_out_open_fp(&o, fp, format, 0);
    o.people = people;
    tc_facet_row rows[] = {{(char *)value, 5, 7}};
    tc_render_facets(&o, by, rows, 1, 5, 0, 0);
    tc_out_close(&o, 1);
    fclose(fp);
    return data;
}

static char *header(int people, const char *const *names)
{
    char *data = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&data, &len);
    if (!fp)
        return NULL;
    tc_out o;
    tc_out_open_fp(&o, fp, TC_FMT_CSV, 0);
    o.people = people;
    tc_out_header(&o, names);
    tc_out_close(&o, 1);
    fclose(fp);
    return data;
}

int main(void)
{
    /* The catalogue built by make: BUILD/locale next to BUILD/tests. */
    char exe[PATH_MAX], dir[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CHECK(n > 0, "readlink /proc/self/exe");
    exe[n > 0 ? n : 0] = 0;
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = 0;
    snprintf(dir, sizeof dir, "%s/../locale", exe);
    setlocale(LC_ALL, "C.UTF-8"); /* not "C": gettext then honours LANGUAGE */
    bindtextdomain("tracuu", dir);
    bind_textdomain_codeset("tracuu", "UTF-8");

    static const struct {
        const char *lang;
        int format, people;
        const char *by, *value, *want;
    } cases[] = {
        /* people, Vietnamese: header named by what it counts, type by name */
        {"vi", TC_FMT_CSV, 1, "type", "report", "loại,văn bản,đoạn\r\nbáo cáo,5,7\r\n"},
        {"vi", TC_FMT_CSV, 1, "level", "central", "cấp,văn bản,đoạn\r\ntrung ương,5,7\r\n"},
        /* a province is data: never looked up */
        {"vi", TC_FMT_CSV, 1, "province", "Hà Tĩnh", "tỉnh,văn bản,đoạn\r\nHà Tĩnh,5,7\r\n"},
        /* programs: the keys, in any language */
        {"vi", TC_FMT_CSV, 0, "type", "report", "value,docs,passages\r\nreport,5,7\r\n"},
        {"vi", TC_FMT_JSON, 1, "type", "report",
         "{\"value\":\"report\",\"docs\":5,\"passages\":7}\n"},
        {"vi", TC_FMT_JSON, 0, "level", "central",
         "{\"value\":\"central\",\"docs\":5,\"passages\":7}\n"},
        /* people, English: English names, the column named all the same */
        {"en", TC_FMT_CSV, 1, "type", "report", "type,docs,passages\r\nreport,5,7\r\n"},
        {"en", TC_FMT_CSV, 0, "type", "report", "value,docs,passages\r\nreport,5,7\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        use_language(cases[i].lang);
        char *got = facets(cases[i].format, cases[i].people, cases[i].by, cases[i].value);
        char what[96];
        snprintf(what, sizeof what, "case %zu (%s, people %d, by %s)", i, cases[i].lang,
                 cases[i].people, cases[i].by);
        CHECK_STR(what, cases[i].want, got);
        free(got);
    }

    /* Headers: "" stays "" (gettext("") is the catalogue's own header). */
    static const char *const names[] = {"province", "", "period", "stated_period", NULL};
    static const struct {
        const char *lang;
        int people;
        const char *want;
    } heads[] = {
        {"vi", 1, "tỉnh,,kỳ báo cáo,kỳ nêu trong câu\r\n"},
        {"vi", 0, "province,,period,stated_period\r\n"},
        {"en", 1, "province,,period,stated_period\r\n"},
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        use_language(heads[i].lang);
        char *got = header(heads[i].people, names);
        char what[64];
        snprintf(what, sizeof what, "header %zu (%s, people %d)", i, heads[i].lang,
                 heads[i].people);
        CHECK_STR(what, heads[i].want, got);
        free(got);
    }
    return check_report("i18n");
}
