/*
 * test_common.c: the shared helpers of common/: the capped byte buffer and
 * its sticky-error builders (buf.c), the string map (strmap.c), JSON
 * strings and field records (fields.c) and the TSV row reader (data.c).
 */
#include <stdint.h>

#include "../../common/data.h"
#include "../../common/fields.h"
#include "../../common/tc.h"
#include "check.h"

/* Makes bytes printable for failure messages: "a\tb\0" -> "a\\tb\\0". */
static const char *show(const char *s, size_t n)
{
    static char out[4][512];
    static int slot;
    char *o = out[slot++ % 4];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof out[0]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            k += (size_t)snprintf(o + k, 5, "\\t");
        else if (c == '\n')
            k += (size_t)snprintf(o + k, 5, "\\n");
        else if (c == '\r')
            k += (size_t)snprintf(o + k, 5, "\\r");
        else if (c == '\\')
            k += (size_t)snprintf(o + k, 5, "\\\\");
        else if (c < 0x20 || c == 0x7f)
            k += (size_t)snprintf(o + k, 5, "\\x%02x", c);
        else
            o[k++] = (char)c;
    }
    o[k] = 0;
    return o;
}

/* ---- tc_buf ----------------------------------------------------------------- */

/* One step of a buffer script: an operation, its argument, the rc it must
 * return and the content the buffer must then hold. */
typedef enum buf_op {
    B_END,
    B_PUTS,
    B_PUTC,
    B_APPEND0,
    B_PRINTF_INT,
    B_PRINTF_PAD,
    B_RESERVE
} buf_op;

typedef struct buf_step {
    buf_op op;       /* what to call */
    const char *arg; /* string argument (B_PUTS, B_PUTC: first byte) */
    size_t n;        /* number argument (B_PRINTF_*, B_RESERVE, B_APPEND0 length) */
    tc_rc rc;        /* expected result */
    const char *now; /* expected content afterwards */
} buf_step;

typedef struct buf_case {
    const char *name;  /* what the script shows */
    size_t cap;        /* the buffer's cap (0 = default) */
    buf_step steps[8]; /* steps, ended by B_END */
} buf_case;

static const buf_case buf_cases[] = {
    {"puts, putc, printf append in order",
     0,
     {{B_PUTS, "ab", 0, TC_OK, "ab"},
      {B_PUTC, "c", 0, TC_OK, "abc"},
      {B_PRINTF_INT, NULL, 42, TC_OK, "abc42"},
      {B_PUTS, "", 0, TC_OK, "abc42"},
      {0}}},
    {"exactly up to the cap, then nothing more",
     4,
     {{B_PUTS, "abc", 0, TC_OK, "abc"},
      {B_PUTC, "d", 0, TC_OK, "abcd"},
      {B_PUTC, "e", 0, TC_ENOMEM, "abcd"},
      {B_PUTS, "", 0, TC_OK, "abcd"},
      {B_PRINTF_INT, NULL, 7, TC_ENOMEM, "abcd"},
      {0}}},
    {"an append crossing the cap changes nothing",
     5,
     {{B_PUTS, "abc", 0, TC_OK, "abc"},
      {B_PUTS, "def", 0, TC_ENOMEM, "abc"},
      {B_PUTS, "de", 0, TC_OK, "abcde"},
      {0}}},
    {"a long printf (past the 256-byte fast path) beyond the cap",
     300,
     {{B_PUTS, "x", 0, TC_OK, "x"},
      {B_PRINTF_PAD, NULL, 300, TC_ENOMEM, "x"},
      {B_PRINTF_PAD, NULL, 260, TC_OK, NULL}, /* content checked by length below */
      {0}}},
    {"reserve respects the cap",
     10,
     {{B_RESERVE, NULL, 10, TC_OK, ""},
      {B_RESERVE, NULL, 11, TC_ENOMEM, ""},
      {B_PUTS, "0123456", 0, TC_OK, "0123456"},
      {B_RESERVE, NULL, 3, TC_OK, "0123456"},
      {B_RESERVE, NULL, 4, TC_ENOMEM, "0123456"},
      {B_RESERVE, NULL, SIZE_MAX, TC_ENOMEM, "0123456"},
      {0}}},
    {"binary bytes with NULs", 0, {{B_APPEND0, "a\0b", 3, TC_OK, "a"}, {0}}},
};

static void run_buf_case(const buf_case *c)
{
    tc_buf b;
    tc_buf_init(&b, c->cap);
    for (size_t s = 0; s < 8 && c->steps[s].op != B_END; s++) {
        const buf_step *st = &c->steps[s];
        tc_rc rc = TC_OK;
        size_t before = b.len;
        switch (st->op) {
        case B_END:
            break;
        case B_PUTS:
            rc = tc_buf_puts(&b, st->arg);
            break;
        case B_PUTC:
            rc = tc_buf_putc(&b, st->arg[0]);
            break;
        case B_APPEND0:
            rc = tc_buf_append(&b, st->arg, st->n);
            break;
        case B_PRINTF_INT:
            rc = tc_buf_printf(&b, "%zu", st->n);
            break;
        case B_PRINTF_PAD:
            rc = tc_buf_printf(&b, "%*s", (int)st->n, "y");
            break;
        case B_RESERVE:
            rc = tc_buf_reserve(&b, st->n);
            break;
        }
        char what[160];
        snprintf(what, sizeof what, "%s: step %zu rc", c->name, s + 1);
        CHECK_INT(what, st->rc, rc);
        snprintf(what, sizeof what, "%s: step %zu content", c->name, s + 1);
        if (st->now) {
            CHECK_STR(what, st->now, tc_buf_cstr(&b));
        } else {
            CHECK_INT(what, before + st->n, b.len);
            CHECK(b.data && b.data[b.len] == 0, "%s: not NUL-terminated", what);
        }
        CHECK(b.len <= b.cap, "%s: len %zu beyond cap %zu", what, b.len, b.cap);
    }
    tc_buf_free(&b);
}

static void check_buf(void)
{
    for (size_t i = 0; i < sizeof buf_cases / sizeof buf_cases[0]; i++)
        run_buf_case(&buf_cases[i]);

    /* Binary content keeps its length past an embedded NUL. */
    tc_buf b;
    tc_buf_init(&b, 0);
    CHECK_INT("append NUL bytes", TC_OK, tc_buf_append(&b, "a\0b", 3));
    CHECK_INT("append NUL bytes: len", 3, b.len);
    CHECK(memcmp(b.data, "a\0b", 4) == 0, "append NUL bytes: got \"%s\"", show(b.data, b.len));

    /* Empty buffers: cstr is "", release hands over an empty string. */
    tc_buf_free(&b);
    CHECK_STR("cstr of a freed buffer", "", tc_buf_cstr(&b));
    tc_buf_init(&b, 0);
    CHECK_STR("cstr of a new buffer", "", tc_buf_cstr(&b));
    tc_buf_reset(&b);
    CHECK_STR("reset of a never-used buffer", "", tc_buf_cstr(&b));
    size_t n = 99;
    char *p = tc_buf_release(&b, &n);
    CHECK(p && *p == 0, "release of an empty buffer gives \"\", got %s",
          p ? show(p, strlen(p)) : "NULL");
    CHECK_INT("release of an empty buffer: length", 0, n);
    free(p);

    /* Reset keeps the storage; release hands it over and empties b. */
    CHECK_INT("puts before reset", TC_OK, tc_buf_puts(&b, "hello"));
    char *storage = b.data;
    tc_buf_reset(&b);
    CHECK_STR("after reset", "", tc_buf_cstr(&b));
    CHECK_INT("after reset: len", 0, b.len);
    CHECK(b.data == storage, "reset must keep the storage%s", "");
    CHECK_INT("puts after reset", TC_OK, tc_buf_puts(&b, "hi"));
    CHECK_STR("after reset and puts", "hi", tc_buf_cstr(&b));
    p = tc_buf_release(&b, &n);
    CHECK_STR("released string", "hi", p);
    CHECK_INT("released length", 2, n);
    CHECK(b.data == NULL && b.len == 0 && b.size == 0, "release leaves b empty (len %zu)", b.len);
    CHECK_STR("cstr after release", "", tc_buf_cstr(&b));
    free(p);
    p = tc_buf_release(&b, NULL); /* out_len may be NULL */
    CHECK(p && *p == 0, "second release gives \"\"%s", "");
    free(p);

    /* Growth across many reallocations keeps every byte. */
    tc_buf_init(&b, 0);
    tc_rc rc = TC_OK;
    for (int i = 0; i < 5000 && !rc; i++)
        rc = tc_buf_printf(&b, "%d,", i % 10);
    CHECK_INT("5000 printf calls", TC_OK, rc);
    CHECK_INT("5000 printf calls: len", 10000, b.len);
    CHECK(b.data[9998] == '9' && b.data[9999] == ',' && b.data[10000] == 0,
          "5000 printf calls: tail \"%s\"", show(b.data + 9996, 4));

    /* Appending the buffer's own bytes while it grows (the source moves with
     * realloc): "ab" doubled 10 times. */
    tc_buf_reset(&b);
    rc = tc_buf_puts(&b, "ab");
    for (int i = 0; i < 10 && !rc; i++)
        rc = tc_buf_append(&b, b.data, b.len);
    CHECK_INT("self-append rc", TC_OK, rc);
    CHECK_INT("self-append len", 2048, b.len);
    int ok = b.len == 2048;
    for (size_t i = 0; ok && i < b.len; i++)
        ok = b.data[i] == "ab"[i % 2];
    CHECK(ok, "self-append content: \"%s...\"", show(b.data, 16));
    tc_buf_free(&b);

    /* Sticky builders: the first error is kept, later calls do nothing. */
    tc_buf_init(&b, 6);
    rc = TC_OK;
    tc_buf_puts_rc(&rc, &b, "ab");
    tc_buf_putc_rc(&rc, &b, 'c');
    tc_buf_printf_rc(&rc, &b, "%d", 4);
    CHECK_INT("sticky chain rc", TC_OK, rc);
    CHECK_STR("sticky chain content", "abc4", tc_buf_cstr(&b));
    tc_buf_puts_rc(&rc, &b, "xyz"); /* beyond the cap */
    CHECK_INT("sticky chain past the cap", TC_ENOMEM, rc);
    tc_buf_putc_rc(&rc, &b, 'z'); /* would fit, but the chain has failed */
    tc_buf_append_rc(&rc, &b, "z", 1);
    tc_buf_printf_rc(&rc, &b, "%s", "z");
    CHECK_STR("sticky chain stops at the first error", "abc4", tc_buf_cstr(&b));
    CHECK_INT("sticky chain keeps the first error", TC_ENOMEM, rc);
    rc = TC_EIO;
    tc_buf_reset(&b);
    tc_buf_puts_rc(&rc, &b, "a");
    CHECK_STR("sticky: a set rc blocks the first call", "", tc_buf_cstr(&b));
    CHECK_INT("sticky: a set rc is left alone", TC_EIO, rc);
    tc_buf_free(&b);

    /* Messages. */
    CHECK_STR("strerror OK", "success", tc_strerror(TC_OK));
    CHECK_STR("strerror ENOMEM", "out of memory", tc_strerror(TC_ENOMEM));
    CHECK_STR("strerror out of range", "unknown error", tc_strerror(TC_RC_COUNT));
    CHECK_STR("strerror negative", "unknown error", tc_strerror((tc_rc)-1));
    for (int i = 0; i < TC_RC_COUNT; i++)
        CHECK(tc_strerror((tc_rc)i) && *tc_strerror((tc_rc)i), "strerror(%d) is empty", i);
}

/* ---- tc_strmap -------------------------------------------------------------- */

static int freed;
static void count_free(void *v)
{
    freed++;
    free(v);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void check_strmap(void)
{
    tc_strmap *m = NULL;
    CHECK_INT("strmap_new", TC_OK, tc_strmap_new(count_free, &m));
    if (!m)
        return;

    /* put / get / replace: the replaced value is freed, once. */
    static const struct {
        const char *key, *value; /* put key -> value (copied) */
        size_t count;            /* entries afterwards */
        int freed;               /* values freed so far */
    } puts_[] = {
        {"báo cáo", "report", 1, 0}, {"quyết định", "decision", 2, 0}, {"báo cáo", "report2", 2, 1},
        {"", "empty key", 3, 1},     {"báo", "prefix", 4, 1},
    };
    freed = 0;
    for (size_t i = 0; i < sizeof puts_ / sizeof puts_[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "put %s=%s", puts_[i].key, puts_[i].value);
        CHECK_INT(what, TC_OK,
                  tc_strmap_put(m, puts_[i].key, strlen(puts_[i].key), dup_str(puts_[i].value)));
        snprintf(what, sizeof what, "count after put %s", puts_[i].key);
        CHECK_INT(what, puts_[i].count, tc_strmap_count(m));
        snprintf(what, sizeof what, "values freed after put %s", puts_[i].key);
        CHECK_INT(what, puts_[i].freed, freed);
    }
    static const struct {
        const char *key;   /* looked up */
        const char *value; /* expected value, NULL when absent */
    } gets[] = {
        {"báo cáo", "report2"}, {"quyết định", "decision"}, {"", "empty key"}, {"báo", "prefix"},
        {"báo c", NULL},        {"bao cao", NULL},          {"BÁO CÁO", NULL},
    };
    for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
        void *v = NULL;
        int found = tc_strmap_get(m, gets[i].key, strlen(gets[i].key), &v);
        char what[96];
        snprintf(what, sizeof what, "get \"%s\" found", gets[i].key);
        CHECK_INT(what, gets[i].value != NULL, found);
        snprintf(what, sizeof what, "get \"%s\"", gets[i].key);
        if (gets[i].value)
            CHECK_STR(what, gets[i].value, found ? (const char *)v : "(absent)");
        CHECK_INT("get with NULL value pointer", found,
                  tc_strmap_get(m, gets[i].key, strlen(gets[i].key), NULL));
    }
    /* Putting the same value again does not free it. */
    void *same = NULL;
    tc_strmap_get(m, "báo", strlen("báo"), &same);
    CHECK_INT("put the same value", TC_OK, tc_strmap_put(m, "báo", strlen("báo"), same));
    CHECK_INT("put the same value: nothing freed", 1, freed);
    tc_strmap_free(m);
    CHECK_INT("free releases every value", 5, freed);

    /* Binary keys: NULs inside, and keys that differ only after a NUL. */
    CHECK_INT("strmap_new (binary)", TC_OK, tc_strmap_new(NULL, &m));
    if (!m)
        return;
    static const char k1[] = "a\0b", k2[] = "a\0c", k3[] = "a";
    CHECK_INT("put a\\0b", TC_OK, tc_strmap_put(m, k1, 3, (void *)1));
    CHECK_INT("put a\\0c", TC_OK, tc_strmap_put(m, k2, 3, (void *)2));
    CHECK_INT("put a", TC_OK, tc_strmap_put(m, k3, 1, (void *)3));
    CHECK_INT("binary keys count", 3, tc_strmap_count(m));
    void *v = NULL;
    CHECK(tc_strmap_get(m, k1, 3, &v) && v == (void *)1, "get a\\0b gave %p", v);
    CHECK(tc_strmap_get(m, k2, 3, &v) && v == (void *)2, "get a\\0c gave %p", v);
    CHECK(tc_strmap_get(m, k3, 1, &v) && v == (void *)3, "get a gave %p", v);
    CHECK(!tc_strmap_get(m, "a\0", 2, NULL), "a\\0 must be absent%s", "");
    size_t iter = 0, klen = 0;
    const char *key = NULL;
    int seen_b = 0;
    while (tc_strmap_next(m, &iter, &key, &klen, &v))
        seen_b += klen == 3 && memcmp(key, k1, 3) == 0;
    CHECK_INT("iteration returns the binary key whole", 1, seen_b);
    tc_strmap_free(m);

    /* Many keys force growth; every key is found and iteration visits each
     * exactly once. */
    enum { N = 5000 };
    CHECK_INT("strmap_new (many)", TC_OK, tc_strmap_new(NULL, &m));
    if (!m)
        return;
    tc_rc rc = TC_OK;
    for (uintptr_t i = 0; i < N && !rc; i++) {
        char k[32];
        int n = snprintf(k, sizeof k, "key-%lu", (unsigned long)i);
        rc = tc_strmap_put(m, k, (size_t)n, (void *)(i + 1));
    }
    CHECK_INT("5000 puts", TC_OK, rc);
    CHECK_INT("5000 puts: count", N, tc_strmap_count(m));
    int missing = 0;
    for (uintptr_t i = 0; i < N; i++) {
        char k[32];
        int n = snprintf(k, sizeof k, "key-%lu", (unsigned long)i);
        v = NULL;
        if (!tc_strmap_get(m, k, (size_t)n, &v) || v != (void *)(i + 1))
            missing++;
    }
    CHECK_INT("5000 keys found after growth", 0, missing);
    unsigned char *seen = calloc(N, 1);
    size_t visits = 0, bad = 0;
    iter = 0;
    while (seen && tc_strmap_next(m, &iter, &key, &klen, &v)) {
        uintptr_t i = (uintptr_t)v - 1;
        char k[32];
        int n = snprintf(k, sizeof k, "key-%lu", (unsigned long)i);
        if (i >= N || seen[i]++ || klen != (size_t)n || memcmp(k, key, klen) != 0 || key[klen] != 0)
            bad++;
        visits++;
    }
    CHECK_INT("iteration visits", N, visits);
    CHECK_INT("iteration: keys visited twice, wrong or not NUL-terminated", 0, bad);
    CHECK_INT("iteration after the end stays done", 0, tc_strmap_next(m, &iter, NULL, NULL, NULL));
    free(seen);
    tc_strmap_free(m);

    /* An empty map iterates nothing; freeing NULL is allowed. */
    CHECK_INT("strmap_new (empty)", TC_OK, tc_strmap_new(NULL, &m));
    iter = 0;
    CHECK_INT("empty map iterates nothing", 0, tc_strmap_next(m, &iter, &key, &klen, &v));
    CHECK_INT("empty map count", 0, tc_strmap_count(m));
    tc_strmap_free(m);
    tc_strmap_free(NULL);

    /* FNV-1a 64 test vectors. */
    CHECK(tc_hash64("", 0) == 0xcbf29ce484222325ULL, "hash of \"\" %llx",
          (unsigned long long)tc_hash64("", 0));
    CHECK(tc_hash64("a", 1) == 0xaf63dc4c8601ec8cULL, "hash of \"a\" %llx",
          (unsigned long long)tc_hash64("a", 1));
}

/* ---- fields ----------------------------------------------------------------- */

static void check_fields(void)
{
    /* Round trips: what is put comes back, whatever it holds. */
    static const struct {
        const char *key, *value; /* put */
        const char *line;        /* the line written */
    } trips[] = {
        {"title", "Báo cáo tình hình", "title\tBáo cáo tình hình\n"},
        {"tab", "a\tb", "tab\ta\\tb\n"},
        {"nl", "line1\nline2", "nl\tline1\\nline2\n"},
        {"bs", "C:\\dir\\new", "bs\tC:\\\\dir\\\\new\n"},
        {"bs-n", "\\n is not a newline", "bs-n\t\\\\n is not a newline\n"},
        {"trailing-bs", "ends with \\", "trailing-bs\tends with \\\\\n"},
        {"empty", "", "empty\t\n"},
        {"all", "\t\n\\\t", "all\t\\t\\n\\\\\\t\n"},
    };
    size_t nt = sizeof trips / sizeof trips[0];
    tc_buf rec;
    tc_buf_init(&rec, 0);
    for (size_t i = 0; i < nt; i++) {
        size_t before = rec.len;
        CHECK_INT(trips[i].key, TC_OK, tc_fields_put(&rec, trips[i].key, trips[i].value));
        char what[96];
        snprintf(what, sizeof what, "line written for %s", trips[i].key);
        CHECK_STR(what, show(trips[i].line, strlen(trips[i].line)),
                  show(rec.data + before, rec.len - before));
    }
    CHECK_INT("put_int", TC_OK, tc_fields_put_int(&rec, "year", 2018));
    CHECK_INT("put_int negative", TC_OK, tc_fields_put_int(&rec, "neg", -42));
    CHECK_INT("put NULL value", TC_OK, tc_fields_put(&rec, "null", NULL));
    CHECK_INT("end of record", TC_OK, tc_buf_puts(&rec, "\nbody\ttext\n"));
    tc_fields f;
    CHECK_INT("parse", TC_OK, tc_fields_parse(rec.data, rec.len, &f));
    CHECK_INT("parse: count", nt + 3, f.count);
    for (size_t i = 0; i < nt; i++) {
        char what[96];
        snprintf(what, sizeof what, "round trip of %s", trips[i].key);
        const char *got = tc_fields_get(&f, trips[i].key);
        CHECK_STR(what, show(trips[i].value, strlen(trips[i].value)), show(got, strlen(got)));
    }
    CHECK_STR("int field", "2018", tc_fields_get(&f, "year"));
    CHECK_STR("negative int field", "-42", tc_fields_get(&f, "neg"));
    CHECK_STR("NULL value reads as empty", "", tc_fields_get(&f, "null"));
    CHECK_STR("missing key", "", tc_fields_get(&f, "nosuchkey"));
    CHECK_STR("missing key, prefix of a key", "", tc_fields_get(&f, "titl"));
    CHECK_STR("body after the empty line", show("body\ttext\n", 10),
              f.body ? show(f.body, f.body_len) : "(none)");
    tc_fields_free(&f);
    tc_buf_free(&rec);

    /* Records as they may be found: no empty line, lines without a tab,
     * CR before LF, duplicates (the first wins), unknown escapes. */
    static const struct {
        const char *name;  /* case */
        const char *data;  /* the record */
        const char *key;   /* looked up */
        const char *value; /* expected */
        size_t count;      /* pairs parsed */
        const char *body;  /* expected body */
    } reads[] = {
        {"no empty line, no final newline", "a\t1\nb\t2", "b", "2", 2, ""},
        {"empty record", "\nbody", "a", "", 0, "body"},
        {"empty input", "", "a", "", 0, ""},
        {"a line without a tab is skipped", "a\t1\nnotab\nb\t2\n\n", "b", "2", 2, ""},
        {"duplicate keys: the first wins", "k\tfirst\nk\tsecond\n\n", "k", "first", 2, ""},
        {"unknown escape keeps the character", "k\ta\\qb\n\n", "k", "aqb", 1, ""},
        {"lone backslash at the end", "k\tab\\\n\n", "k", "ab\\", 1, ""},
        {"value holds a second tab", "k\ta\tb\n\n", "k", "a\tb", 1, ""},
        {"body keeps an empty line of its own", "k\tv\n\n\nmore", "k", "v", 1, "\nmore"},
    };
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        CHECK_INT(reads[i].name, TC_OK, tc_fields_parse(reads[i].data, strlen(reads[i].data), &f));
        char what[128];
        snprintf(what, sizeof what, "%s: value", reads[i].name);
        CHECK_STR(what, reads[i].value, tc_fields_get(&f, reads[i].key));
        snprintf(what, sizeof what, "%s: count", reads[i].name);
        CHECK_INT(what, reads[i].count, f.count);
        snprintf(what, sizeof what, "%s: body", reads[i].name);
        CHECK_STR(what, show(reads[i].body, strlen(reads[i].body)), show(f.body, f.body_len));
        tc_fields_free(&f);
    }

    /* More pairs than TC_FIELDS_MAX: the first ones are kept. */
    tc_buf_init(&rec, 0);
    tc_rc rc = TC_OK;
    for (int i = 0; i < TC_FIELDS_MAX + 5 && !rc; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        rc = tc_fields_put_int(&rec, k, i);
    }
    CHECK_INT("many pairs: put", TC_OK, rc);
    CHECK_INT("many pairs: parse", TC_OK, tc_fields_parse(rec.data, rec.len, &f));
    CHECK_INT("many pairs: count capped", TC_FIELDS_MAX, f.count);
    char last[16], first[16], lastv[16];
    snprintf(last, sizeof last, "k%d", TC_FIELDS_MAX - 1);
    snprintf(lastv, sizeof lastv, "%d", TC_FIELDS_MAX - 1);
    snprintf(first, sizeof first, "k%d", TC_FIELDS_MAX);
    CHECK_STR("many pairs: last kept", lastv, tc_fields_get(&f, last));
    CHECK_STR("many pairs: first dropped", "", tc_fields_get(&f, first));
    tc_fields_free(&f);
    tc_buf_free(&rec);

    /* JSON strings and UTF-8 repair. */
    static const struct {
        const char *in;   /* bytes */
        size_t n;         /* their length */
        const char *json; /* tc_json_str */
        const char *safe; /* tc_utf8_repair */
    } js[] = {
        {"plain", 5, "\"plain\"", "plain"},
        {"a\"b\\c", 5, "\"a\\\"b\\\\c\"", "a\"b\\c"},
        {"t\tn\nr\r", 6, "\"t\\tn\\nr\\r\"", "t\tn\nr\r"},
        {"\x01\x1f", 2, "\"\\u0001\\u001f\"", ""},
        {"a\0b", 3, "\"a\\u0000b\"", "ab"},
        {"Hà Tĩnh", 9, "\"Hà Tĩnh\"", "Hà Tĩnh"},
        {"bad\xff", 4, "\"bad\xEF\xBF\xBD\"", "bad\xEF\xBF\xBD"},
        {"cut\xe1\xbb", 5, "\"cut\xEF\xBF\xBD\xEF\xBF\xBD\"", "cut\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"over\xc0\xaf", 6, "\"over\xEF\xBF\xBD\xEF\xBF\xBD\"", "over\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"sur\xed\xa0\x80", 6, "\"sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"",
         "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        /* DEL and the C1 controls (U+0080-U+009F, e.g. U+009B, a terminal's
         * CSI) are control characters too: repair drops them. */
        {"del\x7f", 4, "\"del\x7f\"", "del"},
        {"csi\xc2\x9b[2J", 8, "\"csi\xc2\x9b[2J\"", "csi[2J"},
        {"nbsp\xc2\xa0", 6, "\"nbsp\xc2\xa0\"", "nbsp\xc2\xa0"},
        {"", 0, "\"\"", ""},
    };
    for (size_t i = 0; i < sizeof js / sizeof js[0]; i++) {
        tc_buf b;
        tc_buf_init(&b, 0);
        char what[96];
        snprintf(what, sizeof what, "json of \"%s\"", show(js[i].in, js[i].n));
        CHECK_INT(what, TC_OK, tc_json_str(&b, js[i].in, js[i].n));
        CHECK_STR(what, show(js[i].json, strlen(js[i].json)), show(b.data, b.len));
        tc_buf_reset(&b);
        snprintf(what, sizeof what, "repair of \"%s\"", show(js[i].in, js[i].n));
        CHECK_INT(what, TC_OK, tc_utf8_repair(&b, js[i].in, js[i].n));
        CHECK_STR(what, show(js[i].safe, strlen(js[i].safe)), show(b.data, b.len));
        tc_buf_free(&b);
    }
    /* A cap reached inside a JSON string is reported. */
    tc_buf b;
    tc_buf_init(&b, 4);
    CHECK_INT("json beyond the cap", TC_ENOMEM, tc_json_str(&b, "abcdef", 6));
    tc_buf_free(&b);
}

/* ---- TSV rows --------------------------------------------------------------- */

static void check_tsv(void)
{
    /* Each case: the data, the field limit, and the rows read, one string
     * per row with fields joined by '|'. */
    static const struct {
        const char *name; /* case */
        const char *data; /* input */
        size_t max;       /* fields per row */
        const char *rows; /* rows joined by ';', fields by '|' */
    } cases[] = {
        {"two rows", "a\tb\nc\td\n", 4, "a|b;c|d"},
        {"missing final newline", "a\tb\nc\td", 4, "a|b;c|d"},
        {"CRLF", "a\tb\r\nc\td\r\n", 4, "a|b;c|d"},
        {"CR kept inside a field", "a\rb\tc\n", 4, "a\rb|c"},
        {"comments and blank lines", "# head\n\na\tb\n\r\n# x\tz\nc\n\n", 4, "a|b;c"},
        {"a '#' after the first byte is data", " #a\tb\n", 4, " #a|b"},
        {"empty fields kept", "\tb\t\n", 4, "|b|"},
        {"too few columns: fewer fields", "a\nb\tc\td\n", 4, "a;b|c|d"},
        {"too many columns: cut at max", "a\tb\tc\td\n", 2, "a|b"},
        {"only comments", "# one\n# two", 4, ""},
        {"empty data", "", 4, ""},
        {"UTF-8 fields", "QĐ\tQuyết định\tdecision\n", 4, "QĐ|Quyết định|decision"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *d = cases[i].data;
        size_t len = strlen(d), pos = 0, nf;
        tc_tsv_field f[8];
        char got[256] = "";
        size_t k = 0, rows = 0;
        while ((nf = tc_tsv_next_row(d, len, &pos, f, cases[i].max)) > 0 && rows < 20) {
            CHECK(nf <= cases[i].max, "%s: %zu fields > max %zu", cases[i].name, nf, cases[i].max);
            for (size_t j = 0; j < nf; j++)
                k += (size_t)snprintf(got + k, sizeof got - k, "%s%.*s",
                                      j      ? "|"
                                      : rows ? ";"
                                             : "",
                                      (int)f[j].n, f[j].s);
            rows++;
        }
        CHECK_STR(cases[i].name, show(cases[i].rows, strlen(cases[i].rows)),
                  show(got, strlen(got)));
        char what[96];
        snprintf(what, sizeof what, "%s: position at the end", cases[i].name);
        CHECK_INT(what, len, pos);
    }

    /* The embedded tables are there, NUL-terminated, with their length. */
    size_t len = 0;
    const char *d = tc_data_get("doctypes.tsv", &len);
    CHECK(d && len > 0 && d[len] == 0, "embedded doctypes.tsv (len %zu)", len);
    len = 7;
    CHECK(tc_data_get("no-such.tsv", &len) == NULL, "unknown data file%s", "");
    CHECK_INT("unknown data file: len", 0, len);
}

int main(void)
{
    check_buf();
    check_strmap();
    check_fields();
    check_tsv();
    return check_report("common");
}
