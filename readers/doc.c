/* doc.c: Word 97-2003 (.doc) through antiword, run as a separate program
 * the way Xapian's omindex runs it.
 *
 * Why antiword, and why out of process: the binary Word format is parsed
 * by old, unmaintained C code whichever program reads it (antiword 0.37,
 * libwv 1.2.9).  Run as a child process a crash or a hang on a hostile file
 * costs one file, not the indexer; libwv in process would also bring global
 * mutable state (wvConvertUnicodeToEntity) into a reader that threads call
 * at once.  On the 10 real .doc files of the corpus antiword read all 10,
 * kept every Vietnamese letter it printed, and took 0.21 s in all against
 * 1.8 s for wvWare (the figures are in the commit that added this file).
 * Its known weakness: some complex tables (merged cells) lose their cells.
 *
 * antiword is asked for DocBook XML (-x db) rather than plain text: the
 * XML is UTF-8 whatever the document's code page (no mapping file that may
 * lack a letter), and it keeps the structure that the text form flattens:
 * a paragraph per <para>, a table as <row>/<entry>, so a table row becomes
 * one line of tab-separated cells for the figures analyzer even when a
 * cell wraps.  Paragraphs inside a cell are joined by '\v' (Word's own line
 * break): the header analyzer reads it as a line break, the others as a
 * space, so a row stays one line.  Footnotes go after the body (antiword
 * 0.37's XML leaves their text empty, its text mode does not).
 *
 * The child: posix_spawnp (vfork + exec, safe in a threaded process) with
 * an argv, no shell; stdin /dev/null, stdout and stderr through close-on-
 * exec pipes, every other descriptor closed; SIGPIPE at its default and an
 * empty signal mask.  Its output is capped (TC_ETOOBIG, child killed), the
 * run is bounded by DOC_TIMEOUT_MS (child killed), the child is always
 * reaped, and its exit status and stderr decide the error. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "reader.h"
#include "sniff.h"
#include "zipxml.h"

extern char **environ;

#define DOC_TIMEOUT_MS 60000
/* antiword's XML is larger than its text (tags, indentation): allow this
 * many times the text cap, plus a little, before giving up. */
#define DOC_XML_FACTOR 4
#define DOC_XML_SLACK ((size_t)1 << 20)

/* ---- running antiword --------------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Writes data[0..n) to a new temporary file; OUT: its name in tmpl. */
static tc_rc write_temp(const char *data, size_t n, char *tmpl, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    if ((size_t)snprintf(tmpl, cap, "%s/tracuu-doc-XXXXXX", dir) >= cap)
        return TC_EIO;
    int fd = mkostemp(tmpl, O_CLOEXEC);
    if (fd < 0)
        return TC_EIO;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, data + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmpl);
            return TC_EIO;
        }
        done += (size_t)w;
    }
    if (close(fd) != 0) {
        unlink(tmpl);
        return TC_EIO;
    }
    return TC_OK;
}

/* The last line of antiword's stderr (warnings such as a missing HOME come
 * first) without the file name it starts with, for out->why. */
static void last_line(const char *err, const char *file, char *line, size_t cap)
{
    size_t el = strlen(err);
    while (el && (err[el - 1] == '\n' || err[el - 1] == ' '))
        el--;
    while (el && err[el - 1] != '\n')
        el--;
    err += el;
    size_t fl = strlen(file);
    if (strncmp(err, file, fl) == 0)
        err += fl;
    while (*err == ' ' || *err == ':' || *err == '\n')
        err++;
    size_t i = 0;
    if (strncmp(err, "is ", 3) == 0 && cap > 9) { /* "FILE is not a Word Document." */
        memcpy(line, "the file ", 9);
        i = 9;
    }
    size_t j = 0;
    while (err[j] && err[j] != '\n' && i + 1 < cap)
        line[i++] = err[j++];
    while (i && (line[i - 1] == '.' || line[i - 1] == ' ')) /* the caller adds its own end */
        i--;
    line[i] = 0;
}

/* Runs `antiword -x db -- file`, its stdout into xml (capped by xml->cap).
 * On failure sets out->why. */
static tc_rc run_antiword(const char *file, tc_buf *xml, tc_reader_out *out)
{
    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    if (pipe2(po, O_CLOEXEC) != 0)
        return tc_reader_fail(out, TC_EIO, "cannot create a pipe for antiword");
    if (pipe2(pe, O_CLOEXEC) != 0) {
        close_fd(&po[0]);
        close_fd(&po[1]);
        return tc_reader_fail(out, TC_EIO, "cannot create a pipe for antiword");
    }
    /* a file name that starts with '-' is not an option after "--" */
    char *const argv[] = {"antiword", "-x", "db", "--", (char *)file, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, deflt;
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGPIPE);
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    int e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!e)
        e = posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    if (!e)
        e = posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    if (!e) /* descriptors other threads opened without O_CLOEXEC */
        e = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    if (!e)
        e = posix_spawnattr_setsigmask(&at, &none);
    if (!e)
        e = posix_spawnattr_setsigdefault(&at, &deflt);
    if (!e)
        e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    if (!e)
        e = posix_spawnp(&pid, "antiword", &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close_fd(&po[1]);
    close_fd(&pe[1]);
    if (e) {
        close_fd(&po[0]);
        close_fd(&pe[0]);
        if (e == ENOENT)
            return tc_reader_fail(out, TC_EIO, "antiword is not installed");
        return tc_reader_fail(out, TC_EIO, "cannot run antiword: %s", strerror(e));
    }

    char err[512];
    size_t elen = 0;
    char chunk[65536];
    tc_rc rc = TC_OK;
    long long deadline = now_ms() + DOC_TIMEOUT_MS;
    while (!rc && (po[0] >= 0 || pe[0] >= 0)) {
        struct pollfd pf[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
        long long left = deadline - now_ms();
        if (left <= 0) {
            rc = tc_reader_fail(out, TC_EFORMAT, "antiword ran longer than %d s: stopped",
                                DOC_TIMEOUT_MS / 1000);
            break;
        }
        int r = poll(pf, 2, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = tc_reader_fail(out, TC_EIO, "poll failed while reading antiword");
            break;
        }
        for (int i = 0; i < 2 && !rc; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(pf[i].fd, chunk, sizeof chunk);
            if (got < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (got <= 0) {
                close_fd(i == 0 ? &po[0] : &pe[0]);
                continue;
            }
            if (i == 1) { /* keep the start of stderr, drain the rest */
                size_t take =
                    (size_t)got < sizeof err - 1 - elen ? (size_t)got : sizeof err - 1 - elen;
                memcpy(err + elen, chunk, take);
                elen += take;
            } else if (xml->len + (size_t)got > xml->cap) {
                rc = tc_reader_fail(out, TC_ETOOBIG, "text longer than the cap (%zu bytes)",
                                    out->buf.cap);
            } else if (tc_buf_append(xml, chunk, (size_t)got)) {
                rc = tc_reader_fail(out, TC_ENOMEM, "out of memory reading antiword");
            }
        }
    }
    err[elen] = 0;
    close_fd(&po[0]);
    close_fd(&pe[0]);
    if (rc) /* stopped early: the child may still be running */
        kill(pid, SIGKILL);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (rc)
        return rc;
    if (WIFSIGNALED(st))
        return tc_reader_fail(out, TC_EFORMAT, "antiword was killed by signal %d", WTERMSIG(st));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char line[140];
        last_line(err, file, line, sizeof line);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
            return tc_reader_fail(out, TC_EIO, "antiword is not installed");
        if (strcasestr(line, "encrypt") || strcasestr(line, "password"))
            return tc_reader_fail(out, TC_EPASSWORD, "antiword: %s", line);
        return tc_reader_fail(out, TC_EFORMAT, "antiword: %s",
                              line[0] ? line : "failed without a message");
    }
    return TC_OK;
}

/* ---- DocBook to text ---------------------------------------------------------------- */

typedef struct dbk {
    tc_buf *out;      /* the text */
    tc_buf para[2];   /* text of the open paragraph: [0] body, [1] footnote */
    tc_buf notes;     /* footnotes, put after the body */
    int skip;         /* depth of the element being skipped (bookinfo), 0 none */
    int footnote;     /* inside a footnote */
    int entry;        /* inside a table cell */
    size_t pieces;    /* paragraphs written into the open cell */
    size_t row_cells; /* cells opened in the open row */
    size_t row_start; /* out->len when the row opened */
    int row_text;     /* the open row has text */
    tc_rc rc;         /* sticky: TC_ETOOBIG at the cap, TC_ENOMEM */
} dbk;

/* Appends to b, turning the cap into TC_ETOOBIG. */
static void put(dbk *d, tc_buf *b, const char *s, size_t n)
{
    if (d->rc)
        return;
    if (b->len + n > b->cap)
        d->rc = TC_ETOOBIG;
    else if (tc_buf_append(b, s, n))
        d->rc = TC_ENOMEM;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Writes the open paragraph of level lv (0 body, 1 footnote), trimmed, as
 * a line, or as a piece of the open table cell. */
static void flush(dbk *d, int lv)
{
    tc_buf *p = &d->para[lv];
    size_t a = 0, b = p->len;
    for (;;) { /* blanks and no-break spaces at both ends */
        if (a < b && is_blank(p->data[a]))
            a++;
        else if (b - a >= 2 && memcmp(p->data + a, "\xC2\xA0", 2) == 0)
            a += 2;
        else if (b > a && is_blank(p->data[b - 1]))
            b--;
        else if (b - a >= 2 && memcmp(p->data + b - 2, "\xC2\xA0", 2) == 0)
            b -= 2;
        else
            break;
    }
    if (a == b) {
        tc_buf_reset(p);
        return;
    }
    /* inner line breaks (Word's manual breaks) lose the spaces and empty
     * lines around them; in a cell they become '\v' so that the row stays one line */
    int cell = lv == 0 && d->entry;
    tc_buf *to = lv ? &d->notes : d->out;
    if (cell && d->pieces++)
        put(d, to, "\v", 1);
    for (size_t i = a; i < b; i++) {
        char c = p->data[i];
        if (c == '\n') {
            while (to->len && to->data[to->len - 1] == ' ')
                to->len--;
            while (i + 1 < b && (p->data[i + 1] == ' ' || p->data[i + 1] == '\n'))
                i++; /* empty lines inside a paragraph or cell say nothing */
            c = cell ? '\v' : '\n';
        } else if (c == '\t' && cell) {
            c = ' ';
        }
        put(d, to, &c, 1);
    }
    if (cell)
        d->row_text = 1;
    else
        put(d, to, "\n", 1);
    tc_buf_reset(p);
}

static void on_start(dbk *d, const char *name, int depth, int empty)
{
    if ((strcmp(name, "bookinfo") == 0 || (depth == 1 && strcmp(name, "title") == 0))) {
        if (!empty)
            d->skip = depth;
        return;
    }
    int lv = d->footnote ? 1 : 0;
    if (strcmp(name, "para") == 0) {
        flush(d, lv);
    } else if (strcmp(name, "footnote") == 0) {
        if (!empty)
            d->footnote++;
    } else if (strcmp(name, "row") == 0 && !d->footnote && !empty) {
        flush(d, 0);
        d->row_start = d->out->len;
        d->row_cells = 0;
        d->row_text = 0;
    } else if (strcmp(name, "entry") == 0 && !d->footnote) {
        flush(d, 0);
        if (d->row_cells++)
            put(d, d->out, "\t", 1);
        d->entry = !empty;
        d->pieces = 0;
    }
}

static void on_end(dbk *d, const char *name)
{
    int lv = d->footnote ? 1 : 0;
    if (strcmp(name, "para") == 0) {
        flush(d, lv);
    } else if (strcmp(name, "footnote") == 0) {
        flush(d, 1);
        if (d->footnote)
            d->footnote--;
    } else if (strcmp(name, "entry") == 0 && !d->footnote) {
        flush(d, 0);
        d->entry = 0;
    } else if (strcmp(name, "row") == 0 && !d->footnote) {
        flush(d, 0);
        if (!d->row_text) { /* a row of empty cells says nothing */
            d->out->len = d->row_start;
            if (d->out->data)
                d->out->data[d->out->len] = 0;
        } else
            put(d, d->out, "\n", 1);
        d->row_cells = 0;
    }
}

/* Turns antiword's DocBook xml[0..n) into text in out->buf. */
static tc_rc docbook_text(const char *xml, size_t n, tc_reader_out *out)
{
    if (n > INT32_MAX)
        return tc_reader_fail(out, TC_ETOOBIG, "antiword's output is too large");
    /* no network, no DTD: the DOCTYPE names a DTD on the web that must not
     * be fetched */
    xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)n, NULL, "UTF-8",
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!r)
        return tc_reader_fail(out, TC_ENOMEM, "cannot start the XML reader");
    dbk d = {.out = &out->buf};
    tc_buf_init(&d.para[0], out->buf.cap);
    tc_buf_init(&d.para[1], out->buf.cap);
    tc_buf_init(&d.notes, out->buf.cap);
    int ret;
    while (!d.rc && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (d.skip) {
            if (type == XML_READER_TYPE_END_ELEMENT && depth == d.skip)
                d.skip = 0;
            continue;
        }
        if (type == XML_READER_TYPE_ELEMENT && name)
            on_start(&d, name, depth, xmlTextReaderIsEmptyElement(r) == 1);
        else if (type == XML_READER_TYPE_END_ELEMENT && name)
            on_end(&d, name);
        else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v)
                put(&d, &d.para[d.footnote ? 1 : 0], v, strlen(v));
        }
    }
    if (!d.rc && ret < 0)
        d.rc = TC_EFORMAT;
    xmlFreeTextReader(r);
    flush(&d, 0);
    if (!d.rc && d.notes.len) {
        put(&d, d.out, "\n", 1);
        put(&d, d.out, d.notes.data, d.notes.len);
    }
    tc_buf_free(&d.para[0]);
    tc_buf_free(&d.para[1]);
    tc_buf_free(&d.notes);
    if (d.rc == TC_ETOOBIG)
        return tc_reader_fail(out, TC_ETOOBIG, "text longer than the cap (%zu bytes)",
                              out->buf.cap);
    if (d.rc == TC_EFORMAT)
        return tc_reader_fail(out, TC_EFORMAT, "antiword wrote malformed XML");
    if (d.rc)
        return tc_reader_fail(out, d.rc, "out of memory");
    tc_reader_out_take_buf(out);
    return TC_OK;
}

/* ---- the reader --------------------------------------------------------------------- */

/* Needs libxml2 initialised (xmlInitParser) before threads call it. */
static tc_rc doc_read(const char *data, size_t n, const tc_reader_opts *opts, tc_reader_out *out)
{
    if (!tc_sniff_doc(data, n))
        return tc_reader_fail(out, TC_EFORMAT, "not a Word 97-2003 document");
    tc_zipxml_init(); /* libxml2's global set-up, once, before any thread parses */
    char tmp[4096];
    const char *file = opts ? opts->path : NULL;
    int temp = 0;
    if (!file) {
        if (write_temp(data, n, tmp, sizeof tmp))
            return tc_reader_fail(out, TC_EIO, "cannot write a temporary file for antiword");
        file = tmp;
        temp = 1;
    }
    size_t cap = out->buf.cap;
    size_t xcap = cap > (SIZE_MAX - DOC_XML_SLACK) / DOC_XML_FACTOR
                      ? SIZE_MAX
                      : cap * DOC_XML_FACTOR + DOC_XML_SLACK;
    tc_buf xml;
    tc_buf_init(&xml, xcap);
    tc_rc rc = run_antiword(file, &xml, out);
    if (temp)
        unlink(tmp);
    if (!rc)
        rc = docbook_text(xml.data ? xml.data : "", xml.len, out);
    tc_buf_free(&xml);
    return rc;
}

const tc_reader tc_reader_doc = {"doc", tc_exts_doc, tc_sniff_doc, doc_read};
