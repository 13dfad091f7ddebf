/* index.c: opening an index and keeping it in step with files (see index.h). */
#include "index.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../analyzers/agency.h"
#include "../analyzers/citation.h"
#include "../analyzers/header.h"
#include "../common/fields.h"
#include "analyze.h"
#include "shard.h"
#include "../readers/reader.h"
#include "../store/store.h"

/* Files larger than this are skipped: no report is 256 MiB of text. */
#define TC_MAX_FILE_BYTES ((uint64_t)256 << 20)
/* A batch is committed after this many documents or bytes. */
#define TC_BATCH_DOCS 1000
/* A run with this many new files, a tenth of the index or more, is built
 * by two writers (shard.h): below, the merge (a compaction of the whole
 * index) costs more than the second writer saves. */
#define TC_SHARD_MIN_NEW 2000
/* Folders below this many levels under a root are not walked (a warning
 * names each). */
#define TC_MAX_DEPTH 64
#define TC_STR_(x) #x
#define TC_STR(x) TC_STR_(x)
#define TC_BATCH_BYTES ((uint64_t)24 << 20)

struct tc_index {
    tc_store *store;   /* the Xapian and SQLite stores, locked for writing */
    tc_text *text;     /* analyzers' ICU state */
    tc_gazetteer *gaz; /* provinces and districts */
    tc_analyzer *an;   /* per-document analysis */
    dev_t self_dev;    /* the index directory, which a walk never enters */
    ino_t self_ino;    /* (an index kept inside the archive it indexes) */
};

/* What the index already knows about a file. */
typedef struct known_file {
    long long id;    /* documents.id (Xapian docid) */
    long long size;  /* bytes when indexed */
    long long mtime; /* mtime (ns) when indexed */
    char sha256[65]; /* hex digest */
    int seen;        /* found again by this walk */
    int unread;      /* has pages without a text layer, or with a foreign OCR's, not OCR'd */
} known_file;

/* The end of the warning a file indexed without --ocr gets for pages it
 * could not read well (no text layer, or one an OCR without Vietnamese
 * wrote).  An --ocr run finds such files by it (load_known) and reads them
 * again; a file already read with --ocr never carries it, so pages that
 * OCR cannot fix are not read again on every run. */
#define OCR_HINT "tracuu index --ocr reads them"

/* A file found by the walk. */
typedef struct found_file {
    char *path;      /* absolute path */
    long long size;  /* st_size */
    long long mtime; /* st_mtim in ns */
} found_file;

typedef struct walk_list {
    found_file *v;    /* files */
    size_t n, cap;    /* count, capacity */
    tc_strmap *paths; /* the paths in v: a file named twice (a folder and a file in it
                         both given) is one file */
} walk_list;

void tc_index_close(tc_index *ix)
{
    if (!ix)
        return;
    tc_analyzer_close(ix->an);
    tc_store_close(ix->store);
    tc_gazetteer_close(ix->gaz);
    tc_text_close(ix->text);
    free(ix);
}

const char *tc_index_errmsg(const tc_index *ix)
{
    return ix ? tc_store_errmsg(ix->store) : "";
}

tc_rc tc_index_open(const char *dir, tc_index **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    tc_index *ix = calloc(1, sizeof *ix);
    if (!ix) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    tc_rc rc = tc_store_open(dir, TC_STORE_WRITE, &ix->store, errbuf, errlen);
    struct stat self;
    if (!rc && stat(tc_store_dir(ix->store), &self) == 0) {
        ix->self_dev = self.st_dev;
        ix->self_ino = self.st_ino;
    }
    const char *what = NULL;
    if (!rc && (rc = tc_text_open(&ix->text)))
        what = "cannot start ICU";
    if (!rc && (rc = tc_gazetteer_open(ix->text, &ix->gaz)))
        what = "cannot load the gazetteer";
    if (!rc && (rc = tc_analyzer_open(ix->text, ix->gaz, &ix->an)))
        what = "cannot start the analyzers";
    if (rc) {
        if (what)
            snprintf(errbuf, errlen, "%s: %s", what, tc_strerror(rc));
        tc_index_close(ix);
        return rc;
    }
    *out = ix;
    return TC_OK;
}

/* ---- walking ------------------------------------------------------------ */

static tc_rc walk_add(walk_list *w, const char *path, const struct stat *sb)
{
    size_t len = strlen(path);
    tc_rc rc = w->paths ? TC_OK : tc_strmap_new(NULL, &w->paths);
    if (rc)
        return rc;
    if (tc_strmap_get(w->paths, path, len, NULL))
        return TC_OK;
    if ((rc = tc_strmap_put(w->paths, path, len, NULL)))
        return rc;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        found_file *v = realloc(w->v, cap * sizeof *v);
        if (!v)
            return TC_ENOMEM;
        w->v = v;
        w->cap = cap;
    }
    char *p = strdup(path);
    if (!p)
        return TC_ENOMEM;
    w->v[w->n++] = (found_file){p, (long long)sb->st_size,
                                (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec};
    return TC_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recursively lists dir in name order.  Each directory is entered once,
 * whatever path leads to it (symbolic links may form loops or aliases):
 * `seen` holds the device and inode of every directory entered. */
static tc_rc walk_dir(tc_index *ix, const char *dir, walk_list *w, const tc_index_callbacks *cb,
                      tc_index_stats *stats, int depth, tc_strmap *seen)
{
    struct stat ds;
    if (depth > TC_MAX_DEPTH) {
        /* Deeper than any real archive: a loop the inode check cannot see
         * (a bind mount), or a generated tree.  Said, never silent. */
        if (cb && cb->notice)
            cb->notice(cb->ctx, dir, -1,
                       "folder more than " TC_STR(TC_MAX_DEPTH) " levels deep: not walked");
        stats->warnings++;
        stats->deep_folders++;
        return TC_OK;
    }
    if (stat(dir, &ds) != 0)
        return TC_OK;
    char id[48];
    int idn = snprintf(id, sizeof id, "%llu:%llu", (unsigned long long)ds.st_dev,
                       (unsigned long long)ds.st_ino);
    if (tc_strmap_get(seen, id, (size_t)idn, NULL))
        return TC_OK;
    if (tc_strmap_put(seen, id, (size_t)idn, NULL))
        return TC_ENOMEM;
    DIR *d = opendir(dir);
    if (!d) {
        if (cb && cb->notice)
            cb->notice(cb->ctx, dir, -1, strerror(errno));
        stats->warnings++;
        return TC_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    tc_rc rc = TC_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, ".", ".." */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = TC_ENOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = TC_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (!rc)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && !rc; i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            continue;
        struct stat sb;
        if (stat(path, &sb) != 0) {
            if (cb && cb->notice)
                cb->notice(cb->ctx, path, -1, strerror(errno));
            stats->warnings++;
            continue;
        }
        if (S_ISDIR(sb.st_mode) && sb.st_dev == ix->self_dev && sb.st_ino == ix->self_ino)
            continue; /* the index itself */
        if (S_ISDIR(sb.st_mode))
            rc = walk_dir(ix, path, w, cb, stats, depth + 1, seen);
        else if (S_ISREG(sb.st_mode) && tc_reader_by_ext(names[i]))
            rc = walk_add(w, path, &sb);
        else if (S_ISREG(sb.st_mode)) {
            /* not a format tracuu reads (a spreadsheet, an image): counted,
             * and listed with --verbose, so every file is accounted for */
            stats->ignored++;
            if (cb && cb->file)
                cb->file(cb->ctx, path, NULL, "ignored");
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ---- file reading --------------------------------------------------------- */

static tc_rc read_file(const char *path, tc_buf *out, int *err_no)
{
    tc_buf_reset(out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err_no = errno;
        return TC_EIO;
    }
    for (;;) {
        tc_rc rc = tc_buf_reserve(out, 1 << 16);
        if (rc) {
            close(fd);
            return rc;
        }
        ssize_t k = read(fd, out->data + out->len, out->size - out->len - 1);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            *err_no = errno;
            close(fd);
            return TC_EIO;
        }
        if (k == 0)
            break;
        out->len += (size_t)k;
    }
    close(fd);
    out->data[out->len] = 0;
    return TC_OK;
}

static void sha256_hex(const char *data, size_t n, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* The unique term of a path ("Q" + path, or "Q#" + its SHA-256 when long). */
static tc_rc unique_term(const char *path, tc_buf *out)
{
    tc_rc rc = TC_OK;
    tc_buf_reset(out);
    size_t n = strlen(path);
    if (n <= 200) {
        tc_buf_putc_rc(&rc, out, 'Q');
        tc_buf_append_rc(&rc, out, path, n);
    } else {
        char hex[65];
        sha256_hex(path, n, hex);
        tc_buf_puts_rc(&rc, out, "Q#");
        tc_buf_puts_rc(&rc, out, hex);
    }
    return rc;
}

/* ---- the run -------------------------------------------------------------- */

typedef struct run {
    tc_index *ix;
    const tc_index_callbacks *cb;
    tc_index_stats *stats;
    tc_strmap *known;        /* path -> known_file */
    sqlite3_stmt *upsert;    /* INSERT OR REPLACE INTO documents */
    sqlite3_stmt *touch;     /* UPDATE documents SET mtime */
    sqlite3_stmt *del_doc;   /* DELETE FROM documents WHERE id */
    sqlite3_stmt *del_warn;  /* DELETE FROM warnings WHERE path */
    sqlite3_stmt *add_warn;  /* INSERT INTO warnings */
    tc_entity_sql ent;       /* entity tables */
    tc_shard *shard;         /* the second writer of a parallel build, or NULL */
    sqlite3_stmt *sh_upsert; /* its INSERT INTO documents */
    tc_entity_sql sh_ent;    /* its entity tables */
    unsigned batch_docs;     /* documents since the last commit */
    uint64_t batch_bytes;    /* bytes since the last commit */
    tc_buf file, uterm;      /* reused buffers */
    const char *cur_path;    /* file being analysed (for notices) */
    unsigned cur_warnings;   /* notices for the current file */
} run;

static void notice(run *r, const char *path, long long offset, const char *msg)
{
    r->stats->warnings++;
    if (r->cb && r->cb->notice)
        r->cb->notice(r->cb->ctx, path, offset, msg);
    if (r->add_warn) {
        sqlite3_reset(r->add_warn);
        sqlite3_bind_null(r->add_warn, 1);
        sqlite3_bind_text(r->add_warn, 2, path, -1, SQLITE_TRANSIENT);
        if (offset >= 0)
            sqlite3_bind_int64(r->add_warn, 3, offset);
        else
            sqlite3_bind_null(r->add_warn, 3);
        sqlite3_bind_text(r->add_warn, 4, msg, -1, SQLITE_TRANSIENT);
        sqlite3_step(r->add_warn);
    }
}

static tc_rc commit_batch(run *r)
{
    tc_rc rc = tc_store_commit(r->ix->store);
    if (rc)
        return rc;
    r->batch_docs = 0;
    r->batch_bytes = 0;
    return TC_OK;
}

#define TC_SQL_UPSERT                                                                              \
    "INSERT OR REPLACE INTO documents(id, path, size, mtime, sha256, indexed_at, number, "         \
    "place, date, date_precision, province_code, province, province2025_code, province2025, "      \
    "agency, parent_agency, type, title, draft, level, signer_title, signer_name, year, "          \
    "period, "                                                                                     \
    "period_text, tokens, warnings, format, encoding, pages, image_pages, ocr_pages, "             \
    "page_starts, page_kinds) VALUES(?,?,?,?,?,?,"                                                 \
    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

static tc_rc prepare(run *r)
{
    sqlite3 *db = tc_store_sqlite(r->ix->store);
    struct {
        sqlite3_stmt **st;
        const char *sql;
    } q[] = {
        {&r->upsert, TC_SQL_UPSERT},
        {&r->touch, "UPDATE documents SET mtime=? WHERE id=?"},
        {&r->del_doc, "DELETE FROM documents WHERE id=?"},
        {&r->del_warn, "DELETE FROM warnings WHERE path=?"},
        {&r->add_warn, "INSERT INTO warnings(doc_id, path, offset, message) VALUES(?,?,?,?)"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        if (sqlite3_prepare_v2(db, q[i].sql, -1, q[i].st, NULL) != SQLITE_OK)
            return tc_store_sql_fail(r->ix->store);
    if (tc_entity_sql_prepare(db, &r->ent))
        return tc_store_sql_fail(r->ix->store);
    return TC_OK;
}

/* Records SQLite's message for the side tables rows went to: the index's
 * own, or the second writer's (to_shard); returns TC_ESQLITE. */
static tc_rc rows_fail(run *r, int to_shard)
{
    if (!to_shard)
        return tc_store_sql_fail(r->ix->store);
    return tc_store_fail(r->ix->store, TC_ESQLITE, "parallel build: SQLite: %s",
                         sqlite3_errmsg(tc_shard_sqlite(r->shard)));
}

/* The statements of the shard's side tables (the same rows, elsewhere). */
static tc_rc prepare_shard(run *r)
{
    sqlite3 *db = tc_shard_sqlite(r->shard);
    if (sqlite3_prepare_v2(db, TC_SQL_UPSERT, -1, &r->sh_upsert, NULL) != SQLITE_OK ||
        tc_entity_sql_prepare(db, &r->sh_ent))
        return rows_fail(r, 1);
    return TC_OK;
}

/* Ends a parallel build's second writer; the shard's files stay for the
 * merge (ok) or are removed. */
static tc_rc close_shard(run *r, int ok)
{
    if (!r->shard)
        return TC_OK;
    sqlite3_finalize(r->sh_upsert);
    r->sh_upsert = NULL;
    tc_entity_sql_finalize(&r->sh_ent);
    memset(&r->sh_ent, 0, sizeof r->sh_ent);
    tc_rc rc = TC_OK;
    if (ok && (rc = tc_shard_finish(r->shard)))
        tc_store_fail(r->ix->store, rc, "%s", tc_shard_errmsg(r->shard));
    tc_shard_close(r->shard);
    r->shard = NULL;
    if (!ok || rc)
        tc_store_remove_shard(r->ix->store);
    return rc;
}

static void finalize(run *r)
{
    sqlite3_finalize(r->upsert);
    sqlite3_finalize(r->touch);
    sqlite3_finalize(r->del_doc);
    sqlite3_finalize(r->del_warn);
    sqlite3_finalize(r->add_warn);
    tc_entity_sql_finalize(&r->ent);
}

static tc_rc load_known(run *r, int ocr)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tc_store_sqlite(r->ix->store),
                           "SELECT id, path, size, mtime, sha256 FROM documents", -1, &st,
                           NULL) != SQLITE_OK)
        return tc_store_sql_fail(r->ix->store);
    tc_rc rc = TC_OK;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        known_file *k = calloc(1, sizeof *k);
        if (!k) {
            rc = TC_ENOMEM;
            break;
        }
        k->id = sqlite3_column_int64(st, 0);
        const char *path = (const char *)sqlite3_column_text(st, 1);
        k->size = sqlite3_column_int64(st, 2);
        k->mtime = sqlite3_column_int64(st, 3);
        const char *sha = (const char *)sqlite3_column_text(st, 4);
        snprintf(k->sha256, sizeof k->sha256, "%s", sha ? sha : "");
        rc = tc_strmap_put(r->known, path, strlen(path), k);
        if (rc)
            free(k);
    }
    sqlite3_finalize(st);
    if (rc || !ocr)
        return rc;
    /* With --ocr: the files indexed without it that it would read better (a
     * scan of the warnings, as an --ocr run is slow anyway). */
    if (sqlite3_prepare_v2(tc_store_sqlite(r->ix->store),
                           "SELECT DISTINCT path FROM warnings WHERE message LIKE "
                           "'%" OCR_HINT "%'",
                           -1, &st, NULL) != SQLITE_OK)
        return tc_store_sql_fail(r->ix->store);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(st, 0);
        void *v;
        if (path && tc_strmap_get(r->known, path, strlen(path), &v))
            ((known_file *)v)->unread = 1;
    }
    if (step != SQLITE_DONE)
        rc = tc_store_sql_fail(r->ix->store);
    sqlite3_finalize(st);
    return rc;
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Indexes one file whose bytes are in r->file. */
/* Writes one document: its Xapian document under the id fixed_id (0: a
 * new id, or its own when it replaces one), or through the second writer
 * (to_shard, under fixed_id); its rows into the side tables that go with
 * that database.  Takes a. */
static tc_rc index_file(run *r, const found_file *f, const char *sha, tc_analysis *a, int is_new,
                        uint32_t fixed_id, int to_shard)
{
    tc_index *ix = r->ix;
    tc_rc rc = unique_term(f->path, &r->uterm);
    if (rc)
        return tc_store_fail(ix->store, rc, "%s", "out of memory");
    uint32_t docid = fixed_id;
    /* The documents row goes into the Xapian record too (schema.h), with
     * one time of indexing for both stores. */
    char when[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    rc = tc_analysis_set_file(a, f->size, f->mtime, sha, when, r->cur_warnings);
    /* The lexicon goes to the index's own database from this thread
     * alone (the analyzer remembers what it wrote). */
    if (!rc)
        rc = tc_analysis_store_lexicon(ix->an, a, tc_store_xapian(ix->store));
    if (!rc && !to_shard)
        rc = tc_analysis_store_doc(a, tc_store_xapian(ix->store), r->uterm.data, r->uterm.len,
                                   is_new, &docid);
    if (rc) {
        tc_store_fail(ix->store, rc, "Xapian: %s", tcx_db_errmsg(tc_store_xapian(ix->store)));
        tc_analysis_free(a);
        return rc;
    }
    const tc_header *h = tc_analysis_header(a);
    sqlite3_stmt *st = to_shard ? r->sh_upsert : r->upsert;
    sqlite3_reset(st);
    int i = 1;
    sqlite3_bind_int64(st, i++, docid);
    sqlite3_bind_text(st, i++, f->path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, i++, f->size);
    sqlite3_bind_int64(st, i++, f->mtime);
    sqlite3_bind_text(st, i++, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, when, -1, SQLITE_TRANSIENT);
    bind_str(st, i++, h->number);
    bind_str(st, i++, h->place);
    bind_str(st, i++, h->date);
    sqlite3_bind_int(st, i++, h->date_precision);
    bind_str(st, i++, h->province_code);
    bind_str(st, i++, h->province);
    bind_str(st, i++, h->province2025_code);
    bind_str(st, i++, h->province2025);
    bind_str(st, i++, h->agency);
    bind_str(st, i++, h->parent_agency);
    bind_str(st, i++, h->type);
    bind_str(st, i++, h->title);
    sqlite3_bind_int(st, i++, h->draft);
    bind_str(st, i++, h->level);
    bind_str(st, i++, h->signer_title);
    bind_str(st, i++, h->signer_name);
    if (h->year)
        sqlite3_bind_int(st, i++, h->year);
    else
        sqlite3_bind_null(st, i++);
    bind_str(st, i++, h->period);
    bind_str(st, i++, h->period_text);
    sqlite3_bind_int64(st, i++, tc_analysis_tokens(a));
    sqlite3_bind_int(st, i++, (int)r->cur_warnings);
    const tc_source *src = tc_analysis_source(a);
    bind_str(st, i++, src->format);
    bind_str(st, i++, src->encoding);
    if (src->npages) {
        sqlite3_bind_int64(st, i++, (sqlite3_int64)src->npages);
        sqlite3_bind_int64(st, i++, (sqlite3_int64)src->image_pages);
        sqlite3_bind_int64(st, i++, (sqlite3_int64)src->ocr_pages);
    } else {
        for (int k = 0; k < 3; k++)
            sqlite3_bind_null(st, i++);
    }
    bind_str(st, i++, tc_analysis_page_starts(a));
    bind_str(st, i++, tc_analysis_page_kinds(a));
    if (sqlite3_step(st) != SQLITE_DONE) {
        tc_analysis_free(a);
        return rows_fail(r, to_shard);
    }
    rc = tc_analysis_store_sql(a, to_shard ? &r->sh_ent : &r->ent, docid);
    if (rc) {
        tc_analysis_free(a);
        return rows_fail(r, to_shard);
    }
    if (!to_shard) {
        tc_analysis_free(a);
        return TC_OK;
    }
    rc = tc_shard_put(r->shard, a, docid, r->uterm.data, r->uterm.len, (size_t)f->size);
    if (rc)
        tc_store_fail(ix->store, rc, "%s", tc_shard_errmsg(r->shard));
    return rc;
}

/* Files under `roots` that the index knows but the walk did not find. */
static int under_roots(const char *path, char *const *roots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(roots[i]);
        if (strncmp(path, roots[i], k) == 0 &&
            (path[k] == 0 || path[k] == '/' || (k > 0 && roots[i][k - 1] == '/')))
            return 1;
    }
    return 0;
}

static tc_rc remove_doc(run *r, const char *path, long long id)
{
    tc_rc rc = unique_term(path, &r->uterm);
    if (rc)
        return tc_store_fail(r->ix->store, rc, "%s", "out of memory");
    rc = tcx_db_delete(tc_store_xapian(r->ix->store), r->uterm.data, r->uterm.len);
    if (rc)
        return tc_store_fail(r->ix->store, rc, "Xapian: %s",
                             tcx_db_errmsg(tc_store_xapian(r->ix->store)));
    sqlite3_reset(r->del_doc);
    sqlite3_bind_int64(r->del_doc, 1, id);
    sqlite3_reset(r->del_warn);
    sqlite3_bind_text(r->del_warn, 1, path, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(r->del_doc) != SQLITE_DONE || tc_entity_sql_delete(&r->ent, (uint32_t)id) ||
        sqlite3_step(r->del_warn) != SQLITE_DONE)
        return tc_store_sql_fail(r->ix->store);
    return TC_OK;
}

typedef struct reconcile_ctx {
    run *r;
    tc_strmap *xapian_paths; /* unique terms present in Xapian */
    tc_rc rc;
} reconcile_ctx;

static int collect_q(void *ctx, const char *term, size_t len, uint32_t tf)
{
    reconcile_ctx *c = ctx;
    c->rc = tc_strmap_put(c->xapian_paths, term, len, NULL);
    return c->rc != TC_OK;
}

/* After an interrupted run: make SQLite and Xapian list the same files.
 * Rows whose document is missing in Xapian are dropped (the walk re-adds
 * them); Xapian documents without a row are deleted (likewise). */
static tc_rc reconcile(run *r)
{
    tc_index *ix = r->ix;
    reconcile_ctx c = {r, NULL, TC_OK};
    tc_rc rc = tc_strmap_new(NULL, &c.xapian_paths);
    if (rc)
        return rc;
    rc = tcx_db_allterms(tc_store_xapian(ix->store), "Q", 1, collect_q, &c);
    if (!rc)
        rc = c.rc;
    size_t it = 0;
    const char *path;
    void *v;
    tc_strmap *sql_terms = NULL;
    if (!rc)
        rc = tc_strmap_new(NULL, &sql_terms);
    while (!rc && tc_strmap_next(r->known, &it, &path, NULL, &v)) {
        known_file *k = v;
        if ((rc = unique_term(path, &r->uterm)))
            break;
        uint32_t docid = tcx_db_find(tc_store_xapian(ix->store), r->uterm.data, r->uterm.len);
        if (docid != (uint32_t)k->id) {
            /* Forget the row; the file will be indexed again as new. */
            sqlite3_reset(r->del_doc);
            sqlite3_bind_int64(r->del_doc, 1, k->id);
            if (sqlite3_step(r->del_doc) != SQLITE_DONE ||
                tc_entity_sql_delete(&r->ent, (uint32_t)k->id))
                rc = tc_store_sql_fail(ix->store);
            k->id = -1;
            k->sha256[0] = 0;
            k->size = -1;
        } else {
            rc = tc_strmap_put(sql_terms, r->uterm.data, r->uterm.len, NULL);
        }
    }
    it = 0;
    const char *term;
    size_t tlen;
    while (!rc && tc_strmap_next(c.xapian_paths, &it, &term, &tlen, NULL)) {
        if (!tc_strmap_get(sql_terms, term, tlen, NULL)) {
            rc = tcx_db_delete(tc_store_xapian(ix->store), term, tlen);
            if (rc)
                tc_store_fail(ix->store, rc, "Xapian: %s",
                              tcx_db_errmsg(tc_store_xapian(ix->store)));
        }
    }
    tc_strmap_free(sql_terms);
    tc_strmap_free(c.xapian_paths);
    if (!rc)
        rc = commit_batch(r);
    return rc;
}

/* ---- the pipeline: workers read, hash and analyse files; the caller's
 * thread writes them to the stores in walk order. ---------------------------- */

enum slot_state { SLOT_FREE, SLOT_TAKEN, SLOT_READY };
enum slot_kind { SK_SKIP, SK_TOUCH, SK_REMOVE, SK_INDEX, SK_FAIL };

struct pipeline;
/* Where a reader's OCR progress goes: the file and the run's callbacks. */
typedef struct ocr_ctx {
    struct pipeline *p;
    const char *path;
} ocr_ctx;

typedef struct item_notice {
    long long offset; /* byte offset or -1 */
    char msg[256];    /* message */
} item_notice;

typedef struct slot {
    int state;               /* slot_state */
    int kind;                /* slot_kind once READY */
    size_t file;             /* index in the walk list */
    tc_buf data;             /* the file's bytes (SK_INDEX) */
    tc_reader_out text;      /* the text its reader gave (may point into data) */
    char sha[65];            /* their SHA-256 */
    tc_analysis *a;          /* analysis (SK_INDEX) */
    item_notice *notes;      /* notices, in order */
    size_t nnotes;           /* count */
    tc_rc rc;                /* analysis error (SK_FAIL) */
    int skip_why;            /* enum tc_skip_why when the file was skipped, else -1 */
    ocr_ctx *ocr;            /* during read(): where OCR progress goes */
    const tc_reader *reader; /* the reader chosen, or NULL */
} slot;

#define TC_PIPE_WINDOW 16

typedef struct pipeline pipeline;
struct pipeline {
    pthread_mutex_t mu;           /* guards everything below */
    pthread_cond_t cv;            /* any change of state */
    slot slots[TC_PIPE_WINDOW];   /* ring: file i lives in slots[i % WINDOW] */
    size_t *todo;                 /* walk indices of files to read */
    size_t ntodo;                 /* count */
    size_t next;                  /* next todo entry a worker takes */
    size_t consumed;              /* todo entries the writer has finished */
    int stop;                     /* the writer gave up */
    const walk_list *w;           /* the files */
    tc_strmap *known;             /* path -> known_file (read-only here) */
    const tc_gazetteer *gaz;      /* shared, immutable */
    tc_index_opts opts;           /* --ocr, text cap */
    const tc_index_callbacks *cb; /* for OCR progress (called under cb_mu) */
    pthread_mutex_t cb_mu;        /* one OCR progress call at a time */
};

static void slot_note(slot *s, long long offset, const char *msg)
{
    item_notice *v = realloc(s->notes, (s->nnotes + 1) * sizeof *v);
    if (!v)
        return;
    s->notes = v;
    s->notes[s->nnotes].offset = offset;
    snprintf(s->notes[s->nnotes].msg, sizeof s->notes[s->nnotes].msg, "%s", msg);
    s->nnotes++;
}

static void slot_analysis_notice(void *ctx, long long offset, const char *msg)
{
    slot_note(ctx, offset, msg);
}

static void ocr_progress(void *ctx, size_t done, size_t total)
{
    slot *s = ctx;
    if (!s->ocr)
        return;
    pipeline *p = s->ocr->p;
    pthread_mutex_lock(&p->cb_mu);
    p->cb->ocr_page(p->cb->ctx, s->ocr->path, done, total);
    pthread_mutex_unlock(&p->cb_mu);
}

/* Decides what to do with one file and does the expensive part. */
static void work_file(pipeline *p, tc_analyzer *an, slot *s)
{
    const found_file *f = &p->w->v[s->file];
    known_file *k = NULL;
    void *v;
    if (tc_strmap_get(p->known, f->path, strlen(f->path), &v))
        k = v;
    s->kind = SK_SKIP;
    s->skip_why = -1;
    s->reader = NULL;
    if ((uint64_t)f->size > TC_MAX_FILE_BYTES) {
        slot_note(s, -1, "file larger than 256 MiB: skipped");
        s->skip_why = TC_SKIP_TOOBIG;
        return;
    }
    int err_no = 0;
    tc_rc rrc = read_file(f->path, &s->data, &err_no);
    if (rrc) {
        char msg[160];
        snprintf(msg, sizeof msg, "cannot read: %s: skipped",
                 rrc == TC_EIO ? strerror(err_no) : tc_strerror(rrc));
        slot_note(s, -1, msg);
        s->skip_why = TC_SKIP_UNREADABLE;
        return;
    }
    const tc_reader *reader =
        s->data.len ? tc_reader_choose(f->path, s->data.data, s->data.len) : NULL;
    s->reader = reader ? reader : tc_reader_by_ext(f->path);
    if (!reader) {
        const tc_reader *named = tc_reader_by_ext(f->path);
        char msg[160];
        if (!s->data.len)
            snprintf(msg, sizeof msg, "empty file: skipped");
        else if (named && strcmp(named->name, "text") && strcmp(named->name, "markdown"))
            snprintf(msg, sizeof msg,
                     "cannot be read as %s (damaged, or not what its name says): skipped",
                     named->name);
        else
            snprintf(msg, sizeof msg, "binary file: skipped (no reader knows its format)");
        slot_note(s, -1, msg);
        s->skip_why = s->data.len ? TC_SKIP_UNKNOWN : TC_SKIP_EMPTY;
        if (k && k->id > 0) /* it was indexed before: drop the stale copy */
            s->kind = SK_REMOVE;
        return;
    }
    sha256_hex(s->data.data, s->data.len, s->sha);
    if (k && strcmp(k->sha256, s->sha) == 0 && !(k->unread && p->opts.ocr)) {
        s->kind = SK_TOUCH;
        return;
    }
    tc_reader_out_free(&s->text);
    ocr_ctx oc = {p, f->path};
    tc_reader_opts ropts = {.path = f->path,
                            .ocr = p->opts.ocr,
                            .max_text = p->opts.max_text,
                            .notice = slot_analysis_notice,
                            .progress = p->cb && p->cb->ocr_page ? ocr_progress : NULL,
                            .ctx = s};
    s->ocr = &oc;
    tc_reader_out_init(&s->text, &ropts);
    s->rc = reader->read(s->data.data, s->data.len, &ropts, &s->text);
    s->ocr = NULL;
    if (s->rc) {
        s->skip_why = s->rc == TC_EPASSWORD ? TC_SKIP_PASSWORD
                      : s->rc == TC_ETOOBIG ? TC_SKIP_TOOBIG
                      : s->rc == TC_EIO     ? TC_SKIP_UNREADABLE
                                            : TC_SKIP_DAMAGED;
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read as %s: %s: skipped", reader->name,
                 s->text.why[0] ? s->text.why : tc_strerror(s->rc));
        slot_note(s, -1, msg);
        s->rc = TC_OK;
        if (k && k->id > 0)
            s->kind = SK_REMOVE;
        return;
    }
    if (s->text.image_pages && !p->opts.ocr) {
        char msg[200];
        snprintf(
            msg, sizeof msg,
            "%zu of %zu pages have no text layer (scanned): their text is not indexed; " OCR_HINT,
            s->text.image_pages, s->text.npages);
        slot_note(s, -1, msg);
    }
    if (s->text.foreign_ocr_pages) {
        char msg[240];
        if (p->opts.ocr) /* OCR failed on them (the reader said why) */
            snprintf(msg, sizeof msg,
                     "%zu of %zu pages have a text layer from an OCR without Vietnamese marks "
                     "that OCR could not read again: indexed as they are",
                     s->text.foreign_ocr_pages, s->text.npages);
        else
            snprintf(msg, sizeof msg,
                     "%zu of %zu pages have a text layer from an OCR without Vietnamese marks: "
                     "indexed as they are; " OCR_HINT " again",
                     s->text.foreign_ocr_pages, s->text.npages);
        slot_note(s, -1, msg);
    }
    tc_source src = {reader->name,   s->text.encoding,    s->text.pages,    s->text.page_kind,
                     s->text.npages, s->text.image_pages, s->text.ocr_pages};
    s->rc = tc_analyzer_run(an, f->path, &src, s->text.text, s->text.len, slot_analysis_notice, s,
                            &s->a);
    s->kind = SK_INDEX;
    if (s->rc) {
        /* A file that cannot be analysed fails alone: the rest of the run
         * goes on and is committed (out of memory on one huge text must
         * not lose the good files beside it). */
        char msg[256];
        snprintf(msg, sizeof msg, "cannot analyse %.1f MB of text: %s: skipped",
                 (double)s->text.len / 1e6, tc_strerror(s->rc));
        slot_note(s, -1, msg);
        s->skip_why = s->rc == TC_ENOMEM || s->rc == TC_ETOOBIG ? TC_SKIP_TOOBIG : TC_SKIP_DAMAGED;
        tc_analysis_free(s->a);
        s->a = NULL;
        s->rc = TC_OK;
        s->kind = k && k->id > 0 ? SK_REMOVE : SK_SKIP;
    }
}

typedef struct worker_arg {
    pipeline *p; /* shared state */
    tc_rc rc;    /* start-up error */
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pipeline *p = wa->p;
    tc_text *t = NULL;
    tc_analyzer *an = NULL;
    wa->rc = tc_text_open(&t);
    if (!wa->rc)
        wa->rc = tc_analyzer_open(t, p->gaz, &an);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < p->ntodo && p->next >= p->consumed + TC_PIPE_WINDOW)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next >= p->ntodo) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        size_t i = p->next++;
        slot *s = &p->slots[i % TC_PIPE_WINDOW];
        s->state = SLOT_TAKEN;
        s->file = p->todo[i];
        pthread_mutex_unlock(&p->mu);

        if (wa->rc) {
            s->kind = SK_FAIL;
            s->rc = wa->rc;
        } else {
            work_file(p, an, s);
        }

        pthread_mutex_lock(&p->mu);
        s->state = SLOT_READY;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    tc_analyzer_close(an);
    tc_text_close(t);
    return NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Counts a file of reader rd in the per-format table. */
static tc_format_count *format_slot(tc_index_stats *st, const tc_reader *rd)
{
    if (!rd)
        return NULL;
    for (size_t i = 0; i < st->nformats; i++)
        if (strcmp(st->formats[i].format, rd->name) == 0)
            return &st->formats[i];
    if (st->nformats == TC_MAX_FORMATS)
        return NULL;
    tc_format_count *c = &st->formats[st->nformats++];
    c->format = rd->name;
    return c;
}

/* Sorts the per-format table in reader order (stable output). */
static void formats_sort(tc_index_stats *st)
{
    tc_format_count sorted[TC_MAX_FORMATS];
    size_t k = 0;
    for (size_t r = 0; tc_readers[r]; r++)
        for (size_t i = 0; i < st->nformats; i++)
            if (strcmp(st->formats[i].format, tc_readers[r]->name) == 0)
                sorted[k++] = st->formats[i];
    memcpy(st->formats, sorted, k * sizeof *sorted);
    st->nformats = k;
}

static void file_event(const tc_index_callbacks *cb, const char *path, const tc_reader *rd,
                       const char *outcome)
{
    if (cb && cb->file)
        cb->file(cb->ctx, path, rd ? rd->name : NULL, outcome);
}

/* A parallel build (shard.h) for a run of many new files: the files to
 * read are put in an order that alternates between the first and the
 * second half of the list, and the new files of the second half go to the
 * second writer.  New files get ids in walk order, after the highest id
 * the index ever used: the second writer's are then all above the first's,
 * and the merge keeps them (tcx_merge_same_ids needs ranges that do not
 * overlap).  Files replaced in place keep their ids, in the index's own
 * database.  *fixed (per todo entry: the new file's id, else 0) and
 * *to_shard stay NULL for a run with one writer. */
static tc_rc plan_parallel(run *r, pipeline *p, int nworkers, uint32_t **fixed,
                           unsigned char **to_shard)
{
    *fixed = NULL;
    *to_shard = NULL;
    tcx_db *x = tc_store_xapian(r->ix->store);
    size_t nnew = 0, n = p->ntodo;
    unsigned char *is_new = calloc(n ? n : 1, 1);
    if (!is_new)
        return tc_store_fail(r->ix->store, TC_ENOMEM, "%s", "out of memory");
    for (size_t j = 0; j < n; j++) {
        const char *path = p->w->v[p->todo[j]].path;
        void *v;
        known_file *k = tc_strmap_get(r->known, path, strlen(path), &v) ? v : NULL;
        is_new[j] = !(k && k->id > 0);
        nnew += is_new[j];
    }
    uint32_t last32 = 0;
    /* Without the highest id, new ids could land on documents: one writer
     * (which lets Xapian number them) rather than a guess. */
    tc_rc lrc = tcx_db_lastdocid(x, &last32);
    uint64_t docs = tcx_db_doccount(x), last = last32;
    if (lrc || last < docs || nworkers < 2 || nnew < TC_SHARD_MIN_NEW || nnew * 10 < docs + nnew ||
        last + nnew >= UINT32_MAX) {
        free(is_new);
        return TC_OK;
    }
    uint32_t *ids = calloc(n, sizeof *ids), *fx = calloc(n, sizeof *fx);
    size_t *order = calloc(n, sizeof *order);
    unsigned char *sh = calloc(n, 1);
    tc_rc rc = ids && fx && order && sh ? TC_OK : TC_ENOMEM;
    if (rc)
        tc_store_fail(r->ix->store, rc, "%s", "out of memory");
    uint32_t next = (uint32_t)last;
    for (size_t j = 0; j < n && !rc; j++)
        ids[j] = is_new[j] ? ++next : 0;
    /* first[i] and second[i] alternate; the first half is the longer. */
    size_t first = n - n / 2, k = 0;
    for (size_t i = 0; i < first && !rc; i++) {
        size_t a = i, b = first + i;
        order[k] = p->todo[a];
        fx[k++] = ids[a];
        if (b < n) {
            order[k] = p->todo[b];
            fx[k] = ids[b];
            sh[k++] = is_new[b];
        }
    }
    if (!rc)
        rc = tc_shard_open(r->ix->store, &r->shard);
    if (!rc && (rc = prepare_shard(r)))
        close_shard(r, 0);
    if (!rc) {
        memcpy(p->todo, order, n * sizeof *order);
        *fixed = fx;
        *to_shard = sh;
        fx = NULL;
        sh = NULL;
    }
    free(is_new);
    free(ids);
    free(fx);
    free(order);
    free(sh);
    return rc;
}

tc_rc tc_index_update(tc_index *ix, const char *const *paths, size_t n, const tc_index_opts *opts,
                      const tc_index_callbacks *cb, tc_index_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    double t0 = now_seconds();
    /* Every root must exist: a mistyped path is an error, not an empty run
     * that reports success. */
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) != 0) {
            char what[PATH_MAX + 64];
            snprintf(what, sizeof what, "%s: %s", paths[i], strerror(errno));
            return tc_store_fail(ix->store, TC_ENOTFOUND, "cannot index %s", what);
        }
    }
    run r = {.ix = ix, .cb = cb, .stats = stats};
    tc_buf_init(&r.file, TC_MAX_FILE_BYTES + 1);
    tc_buf_init(&r.uterm, 0);
    walk_list w = {0};
    tc_strmap *seen_dirs = NULL;
    int compact_pending = tc_store_compact_pending(ix->store);
    /* A parallel build killed before its merge left the second writer's
     * files: its documents were never part of the index. */
    tc_store_remove_shard(ix->store);
    char **roots = calloc(n ? n : 1, sizeof *roots);
    tc_rc rc = roots ? tc_strmap_new(free, &r.known) : TC_ENOMEM;
    if (!rc)
        rc = tc_strmap_new(NULL, &seen_dirs);
    if (!rc)
        rc = prepare(&r);
    if (!rc)
        rc = tc_store_begin(ix->store);
    if (!rc)
        rc = load_known(&r, opts && opts->ocr);
    if (!rc && tc_store_interrupted(ix->store))
        rc = reconcile(&r);

    /* Walk every root. */
    for (size_t i = 0; i < n && !rc; i++) {
        char *abs = realpath(paths[i], NULL);
        struct stat sb;
        if (!abs || stat(abs, &sb) != 0) {
            notice(&r, paths[i], -1, "no such file or directory");
            free(abs);
            continue;
        }
        roots[i] = abs;
        if (S_ISDIR(sb.st_mode))
            rc = walk_dir(ix, abs, &w, cb, stats, 0, seen_dirs);
        else if (S_ISREG(sb.st_mode))
            rc = walk_add(&w, abs, &sb);
    }
    uint64_t bytes_total = 0;
    for (size_t i = 0; i < w.n; i++)
        bytes_total += (uint64_t)w.v[i].size;

    tc_index_progress prog = {0, (unsigned)w.n, 0, bytes_total, 0, NULL};
    /* The cheap test first: same size and mtime means unchanged. */
    pipeline p = {.w = &w, .known = r.known, .gaz = ix->gaz, .cb = cb};
    if (opts)
        p.opts = *opts;
    p.todo = calloc(w.n ? w.n : 1, sizeof *p.todo);
    if (!p.todo && !rc)
        rc = TC_ENOMEM;
    for (size_t i = 0; i < w.n && !rc; i++) {
        found_file *f = &w.v[i];
        void *v;
        known_file *k = tc_strmap_get(r.known, f->path, strlen(f->path), &v) ? v : NULL;
        if (k)
            k->seen = 1;
        /* With --ocr, a file indexed before with scanned pages left unread
         * is read again, as the "use --ocr" hint promised. */
        int reread = k && k->unread && p.opts.ocr;
        if (k && k->size == f->size && k->mtime == f->mtime && !reread) {
            stats->unchanged++;
            file_event(cb, f->path, tc_reader_by_ext(f->path), "unchanged");
            prog.files_done++;
            prog.bytes_done += (uint64_t)f->size;
        } else {
            p.todo[p.ntodo++] = i;
        }
    }
    int nworkers = tc_thread_count(8);
    uint32_t *fixed = NULL;         /* per todo entry: a new file's id (parallel builds) */
    unsigned char *to_shard = NULL; /* per todo entry: the second writer's */
    if (!rc && p.ntodo)
        rc = plan_parallel(&r, &p, nworkers, &fixed, &to_shard);
    pthread_t threads[8];
    worker_arg wargs[8];
    int started = 0;
    if (!rc && p.ntodo) {
        tc_readers_init();
        pthread_mutex_init(&p.mu, NULL);
        pthread_mutex_init(&p.cb_mu, NULL);
        pthread_cond_init(&p.cv, NULL);
        for (int i = 0; i < TC_PIPE_WINDOW; i++) {
            tc_buf_init(&p.slots[i].data, TC_MAX_FILE_BYTES + 1);
            tc_reader_out_init(&p.slots[i].text, NULL);
        }
        for (int i = 0; i < nworkers; i++) {
            wargs[i] = (worker_arg){&p, TC_OK};
            if (pthread_create(&threads[i], NULL, worker_main, &wargs[i]) == 0)
                started++;
        }
        if (!started)
            rc = tc_store_fail(ix->store, TC_ENOMEM, "cannot start a thread%s", "");
    }
    for (size_t j = 0; j < p.ntodo && !rc; j++) {
        slot *sl = &p.slots[j % TC_PIPE_WINDOW];
        pthread_mutex_lock(&p.mu);
        while (!(sl->state == SLOT_READY && p.todo[j] == sl->file))
            pthread_cond_wait(&p.cv, &p.mu);
        pthread_mutex_unlock(&p.mu);

        found_file *f = &w.v[sl->file];
        void *v;
        known_file *k = tc_strmap_get(r.known, f->path, strlen(f->path), &v) ? v : NULL;
        prog.files_done++;
        prog.bytes_done += (uint64_t)f->size;
        if (sl->kind == SK_INDEX || sl->kind == SK_FAIL) {
            sqlite3_reset(r.del_warn);
            sqlite3_bind_text(r.del_warn, 1, f->path, -1, SQLITE_TRANSIENT);
            sqlite3_step(r.del_warn);
        }
        tc_rc wrc = TC_OK; /* the warnings kept with the document too (schema.h) */
        for (size_t i = 0; i < sl->nnotes; i++) {
            notice(&r, f->path, sl->notes[i].offset, sl->notes[i].msg);
            if (sl->kind == SK_INDEX && sl->a && !wrc)
                wrc = tc_analysis_add_warning(sl->a, sl->notes[i].offset, sl->notes[i].msg);
        }
        r.cur_warnings = (unsigned)sl->nnotes;
        tc_format_count *fc = format_slot(stats, sl->reader);
        if (sl->kind == SK_SKIP || sl->kind == SK_REMOVE) {
            stats->skipped++;
            if (sl->skip_why >= 0 && sl->skip_why < TC_SKIP_COUNT)
                stats->skip_why[sl->skip_why]++;
            if (fc)
                fc->skipped++;
            file_event(cb, f->path, sl->reader, "skipped");
        }
        switch (sl->kind) {
        case SK_SKIP:
            break;
        case SK_REMOVE:
            rc = remove_doc(&r, f->path, k->id);
            break;
        case SK_TOUCH:
            /* Touched but not changed: remember the new mtime only. */
            sqlite3_reset(r.touch);
            sqlite3_bind_int64(r.touch, 1, f->mtime);
            sqlite3_bind_int64(r.touch, 2, k->id);
            if (sqlite3_step(r.touch) != SQLITE_DONE)
                rc = tc_store_sql_fail(ix->store);
            stats->unchanged++;
            file_event(cb, f->path, sl->reader, "unchanged");
            break;
        case SK_FAIL:
            rc = tc_store_fail(ix->store, sl->rc, "analysis failed: %s", tc_strerror(sl->rc));
            break;
        case SK_INDEX:
            /* A path the index does not know has no document: the stores
             * agree once reconcile() has run, so it is added without a lookup. */
            if (wrc) { /* the slot hand-back below frees the analysis */
                rc = tc_store_fail(ix->store, wrc, "%s", "out of memory");
                break;
            }
            rc = index_file(&r, f, sl->sha, sl->a, !(k && k->id > 0), fixed ? fixed[j] : 0,
                            to_shard ? to_shard[j] : 0);
            sl->a = NULL; /* index_file frees it */
            if (rc)
                break;
            if (k && k->id > 0)
                stats->updated++;
            else
                stats->added++;
            if (fc)
                fc->indexed++;
            if (sl->text.image_pages && !p.opts.ocr) {
                stats->scanned_files++;
                stats->image_pages += (unsigned)sl->text.image_pages;
            }
            stats->ocr_pages += (unsigned)sl->text.ocr_pages;
            if (sl->text.foreign_ocr_pages && !p.opts.ocr) {
                stats->foreign_ocr_files++;
                stats->foreign_ocr_pages += (unsigned)sl->text.foreign_ocr_pages;
            }
            stats->converted += sl->text.encoding != NULL;
            file_event(cb, f->path, sl->reader, k && k->id > 0 ? "updated" : "added");
            stats->bytes += sl->data.len;
            r.batch_docs++;
            r.batch_bytes += sl->data.len;
            if (r.batch_docs >= TC_BATCH_DOCS || r.batch_bytes >= TC_BATCH_BYTES)
                rc = commit_batch(&r);
            break;
        }
        /* Hand the slot back. */
        tc_analysis_free(sl->a);
        sl->a = NULL;
        free(sl->notes);
        sl->notes = NULL;
        sl->nnotes = 0;
        sl->rc = TC_OK;
        tc_buf_reset(&sl->data);
        if (sl->data.size > ((size_t)4 << 20)) /* don't keep a huge file's buffer */
            tc_buf_free(&sl->data);
        tc_reader_out_free(&sl->text);
        tc_reader_out_init(&sl->text, NULL);
        pthread_mutex_lock(&p.mu);
        sl->state = SLOT_FREE;
        p.consumed = j + 1;
        if (rc)
            p.stop = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        prog.elapsed = now_seconds() - t0;
        if (cb && cb->progress)
            cb->progress(cb->ctx, &prog);
    }
    if (started) {
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < started; i++)
            pthread_join(threads[i], NULL);
    }
    if (p.ntodo) {
        for (int i = 0; i < TC_PIPE_WINDOW; i++) {
            tc_analysis_free(p.slots[i].a);
            free(p.slots[i].notes);
            tc_buf_free(&p.slots[i].data);
            tc_reader_out_free(&p.slots[i].text);
        }
        pthread_mutex_destroy(&p.mu);
        pthread_mutex_destroy(&p.cb_mu);
        pthread_cond_destroy(&p.cv);
    }
    free(p.todo);

    /* Files that disappeared from under the roots. */
    size_t it = 0;
    const char *path;
    void *v;
    while (!rc && tc_strmap_next(r.known, &it, &path, NULL, &v)) {
        known_file *k = v;
        if (!k->seen && k->id > 0 && under_roots(path, roots, n)) {
            rc = remove_doc(&r, path, k->id);
            stats->removed++;
            file_event(cb, path, NULL, "removed");
        }
    }
    if (!rc)
        rc = commit_batch(&r);
    /* A parallel build: the second writer's documents join the index (the
     * merge compacts it too). */
    int merged = 0;
    if (!rc && r.shard && !(rc = close_shard(&r, 1))) {
        prog.step = "merging";
        prog.elapsed = now_seconds() - t0;
        if (cb && cb->progress)
            cb->progress(cb->ctx, &prog);
        rc = tc_store_merge_shard(ix->store);
        merged = rc == TC_OK;
    }
    /* Compact after large changes (a tenth of the index or more), and
     * again when the last compaction was interrupted (kill -9 during it
     * leaves the database uncompacted and its half-made copy beside it). */
    unsigned changed = stats->added + stats->updated + stats->removed;
    if (!rc && !merged &&
        (compact_pending || (changed >= 200 && (uint64_t)changed * 10 >=
                                                   tcx_db_doccount(tc_store_xapian(ix->store))))) {
        prog.step = "compacting";
        prog.elapsed = now_seconds() - t0;
        if (cb && cb->progress)
            cb->progress(cb->ctx, &prog);
        rc = tc_store_compact(ix->store);
    }
    if (rc) {
        close_shard(&r, 0);
        tc_store_abandon(ix->store);
    }
    stats->parallel = merged;
    free(fixed);
    free(to_shard);
    finalize(&r);
    for (size_t i = 0; i < w.n; i++)
        free(w.v[i].path);
    free(w.v);
    tc_strmap_free(w.paths);
    for (size_t i = 0; roots && i < n; i++)
        free(roots[i]);
    free(roots);
    tc_strmap_free(r.known);
    tc_strmap_free(seen_dirs);
    tc_buf_free(&r.file);
    tc_buf_free(&r.uterm);
    formats_sort(stats);
    stats->seconds = now_seconds() - t0;
    return rc;
}
