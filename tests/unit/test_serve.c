/* test_serve.c: the web server's request parsing and answers that need no
 * index (server/api.h): query-string decoding as browsers encode it, caps,
 * ".." in any spelling, Content-Disposition for Vietnamese names, error
 * objects. */
#include <stdlib.h>

#include "../../server/api.h"
#include "check.h"

static const struct parse_case {
    const char *target;      /* request target as sent */
    const char *path;        /* expected decoded path */
    const char *params;      /* expected "key=value|key=value" (decoded) */
    int too_long, bad, dots; /* expected flags */
} parse_cases[] = {
    {"/", "/", "", 0, 0, 0},
    {"/api/search?q=a+b&limit=5", "/api/search", "q=a b|limit=5", 0, 0, 0},
    /* "an toàn" in quotes, percent-encoded UTF-8 */
    {"/api/search?q=%22an%20to%C3%A0n%22", "/api/search", "q=\"an toàn\"", 0, 0, 0},
    {"/api/search?q=1%2B1", "/api/search", "q=1+1", 0, 0, 0},
    {"/api/search?q=%zz", "/api/search", "q=%zz", 0, 1, 0},
    {"/api/search?q=%4", "/api/search", "q=%4", 0, 1, 0},
    {"/api/search?q=a%00b", "/api/search", "q=ab", 0, 0, 0},
    {"/x?a&b=&&c=1&", "/x", "a=|b=|c=1", 0, 0, 0},
    {"/x?k%3D=v%26w", "/x", "k==v&w", 0, 0, 0},
    {"/api/search?q=year:2015..2019", "/api/search", "q=year:2015..2019", 0, 0, 0},
    {"/app/%2e%2e/x", "/app/../x", "", 0, 0, 1},
    {"/app/%2E%2E%2Fetc", "/app/../etc", "", 0, 0, 1},
    {"/doc/../x", "/doc/../x", "", 0, 0, 1},
    {"/app/a..b.js", "/app/a..b.js", "", 0, 0, 1},
    {"/doc/1/original", "/doc/1/original", "", 0, 0, 0},
    {"/a+b%2Fc", "/a+b/c", "", 0, 0, 0},
};

static void test_parse(void)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
        const struct parse_case *c = &parse_cases[i];
        tc_api_request rq;
        CHECK(tc_api_request_parse(c->target, &rq) == 0, "%s", c->target);
        CHECK_STR(c->target, c->path, rq.path);
        char got[512] = "";
        size_t k = 0;
        for (size_t p = 0; p < rq.nparams; p++)
            k += (size_t)snprintf(got + k, sizeof got - k, "%s%s=%s", p ? "|" : "",
                                  rq.params[p].key, rq.params[p].value);
        CHECK_STR(c->target, c->params, got);
        CHECK_INT(c->target, c->too_long, rq.too_long);
        CHECK_INT(c->target, c->bad, rq.bad_escape);
        CHECK_INT(c->target, c->dots, rq.dot_segment);
        tc_api_request_free(&rq);
    }
}

/* The caps: a value over TC_API_MAX_QUERY bytes, a target over
 * TC_API_MAX_URI; exactly at the cap is fine. */
static void test_caps(void)
{
    static const struct {
        size_t qlen;  /* bytes of the q value (unescaped 'a's) */
        int too_long; /* expected */
    } caps[] = {{TC_API_MAX_QUERY, 0}, {TC_API_MAX_QUERY + 1, 1}, {TC_API_MAX_URI, 1}};
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
        char *t = malloc(caps[i].qlen + 32);
        size_t n = (size_t)sprintf(t, "/api/search?q=");
        memset(t + n, 'a', caps[i].qlen);
        t[n + caps[i].qlen] = 0;
        tc_api_request rq;
        CHECK(tc_api_request_parse(t, &rq) == 0, "cap %zu", caps[i].qlen);
        CHECK_INT("cap", caps[i].too_long, rq.too_long);
        tc_api_request_free(&rq);
        free(t);
    }
    /* Escaped: 3 bytes sent per byte of value, the value is what counts. */
    char *t = malloc(3 * TC_API_MAX_QUERY + 32);
    size_t n = (size_t)sprintf(t, "/s?q=");
    for (size_t i = 0; i < TC_API_MAX_QUERY / 2; i++)
        n += (size_t)sprintf(t + n, "%%20");
    tc_api_request rq;
    CHECK(tc_api_request_parse(t, &rq) == 0, "escaped cap");
    CHECK_INT("2048 escaped spaces: 6 KB sent, 2 KB of value", 0, rq.too_long);
    tc_api_request_free(&rq);
    free(t);
}

static const struct disp_case {
    const char *kind, *name, *want;
} disp_cases[] = {
    {"inline", "001_36b9.txt", "inline; filename=\"001_36b9.txt\"; filename*=UTF-8''001_36b9.txt"},
    /* "Báo cáo số 1.docx": á is C3 A1, ố is E1 BB 91 */
    {"attachment", "Báo cáo số 1.docx",
     "attachment; filename=\"B__o c__o s___ 1.docx\"; "
     "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%201.docx"},
    /* quotes, backslashes, semicolons and controls cannot break the header */
    {"attachment", "a\"b\\c;d\re.pdf",
     "attachment; filename=\"a_b_c_d_e.pdf\"; filename*=UTF-8''a%22b%5Cc%3Bd%0De.pdf"},
};

static void test_disposition(void)
{
    for (size_t i = 0; i < sizeof disp_cases / sizeof *disp_cases; i++) {
        char *d = tc_api_disposition(disp_cases[i].kind, disp_cases[i].name);
        CHECK_STR(disp_cases[i].name, disp_cases[i].want, d);
        free(d);
    }
}

static void test_error(void)
{
    static const struct {
        int status;
        const char *msg, *want;
    } cases[] = {
        {404, "not found", "{\"error\":\"not found\"}\n"},
        {400, "query syntax error: unclosed quote\n  \"an\n  ^",
         "{\"error\":\"query syntax error: unclosed quote\\n  \\\"an\\n  ^\"}\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tc_api_response rs = {.fd = -1};
        tc_api_error(&rs, cases[i].status, cases[i].msg);
        CHECK_INT(cases[i].msg, cases[i].status, rs.status);
        CHECK_STR(cases[i].msg, "application/json; charset=utf-8", rs.type);
        char *body = strndup(rs.body, rs.len);
        CHECK_STR(cases[i].msg, cases[i].want, body);
        free(body);
        tc_api_response_free(&rs);
    }
}

int main(void)
{
    test_parse();
    test_caps();
    test_disposition();
    test_error();
    return check_report("serve");
}
