/*
 * tc.h: what every tracuu module shares: the error enum, a growable byte
 * buffer with a size cap, and a small string hash set.
 *
 * Contract
 *   - Every fallible function returns a tc_rc; TC_OK is 0.  Results go out
 *     through OUT pointers, which are set (to NULL/0 on failure) on every path.
 *   - The library never prints and never exits; callers decide what to tell
 *     the user.  Messages with detail live on the handle that failed
 *     (e.g. tc_index_errmsg()).
 *   - No global mutable state: everything lives in handles.
 */
#ifndef TC_H
#define TC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A result the caller must not drop (tc_buf builders and the like). */
#if defined(__GNUC__) || defined(__clang__)
#define TC_MUST_USE __attribute__((warn_unused_result))
#else
#define TC_MUST_USE
#endif

typedef enum tc_rc {
    TC_OK = 0,
    TC_ENOMEM,    /* allocation failed or a buffer cap was reached */
    TC_EIO,       /* a file could not be read or written */
    TC_EINVAL,    /* a caller passed an invalid argument */
    TC_ESYNTAX,   /* query syntax error */
    TC_ENOINDEX,  /* no index at the given place */
    TC_ELOCKED,   /* the index is locked by another writer */
    TC_ESCHEMA,   /* the index was written with another schema version */
    TC_EXAPIAN,   /* Xapian raised an error */
    TC_ESQLITE,   /* SQLite raised an error */
    TC_EICU,      /* ICU raised an error */
    TC_ENOTFOUND, /* the requested item does not exist */
    TC_EDATA,     /* a data file (gazetteer, tables) is malformed */
    TC_EFORMAT,   /* a file is damaged or not in the format its reader reads */
    TC_EPASSWORD, /* a file is protected by a password */
    TC_ETOOBIG,   /* a file (or what it unpacks to) is over the size cap */
    TC_EDAMAGED,  /* the index is damaged (`tracuu check` says how and repairs) */
    TC_RC_COUNT
} tc_rc;

/* A static English message for rc; never NULL. */
const char *tc_strerror(tc_rc rc);

/* ---- growable byte buffer (common/buf.c) ------------------------------- */

/* A byte buffer that grows on demand up to `cap` bytes (0 = 1 GiB).  Data is
 * always NUL-terminated when len > 0 or after tc_buf_cstr().  The buffer owns
 * its storage; tc_buf_release() hands it to the caller. */
typedef struct tc_buf {
    char *data;  /* storage, NULL until the first append */
    size_t len;  /* bytes in use, not counting the terminating NUL */
    size_t size; /* bytes allocated */
    size_t cap;  /* maximum len allowed; appends beyond fail with TC_ENOMEM */
} tc_buf;

void tc_buf_init(tc_buf *b, size_t cap);
void tc_buf_free(tc_buf *b);
/* Empties the buffer and keeps its storage for reuse. */
static inline void tc_buf_reset(tc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}
/* The builders below return TC_ENOMEM when the cap (or memory) is reached,
 * and then leave the content as it was.  Their result must be used: check
 * it, or use the sticky _rc forms further down. */
TC_MUST_USE tc_rc tc_buf_reserve(tc_buf *b, size_t extra);
/* p may point into b's own data. */
TC_MUST_USE tc_rc tc_buf_append(tc_buf *b, const void *p, size_t n);
TC_MUST_USE tc_rc tc_buf_puts(tc_buf *b, const char *s);
TC_MUST_USE tc_rc tc_buf_putc(tc_buf *b, char c);
/* The arguments of the format must not point into b. */
TC_MUST_USE tc_rc tc_buf_printf(tc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sticky-error forms (FTS5's `int *pRc`): each does nothing when *rc is
 * already set, else stores its result in *rc, so that a chain of appends is
 * checked once at its end:
 *     tc_rc rc = TC_OK;
 *     tc_buf_puts_rc(&rc, b, "type: ");
 *     tc_buf_printf_rc(&rc, b, "%s\n", key);
 *     if (rc) ...                                                          */
void tc_buf_append_rc(tc_rc *rc, tc_buf *b, const void *p, size_t n);
void tc_buf_puts_rc(tc_rc *rc, tc_buf *b, const char *s);
void tc_buf_putc_rc(tc_rc *rc, tc_buf *b, char c);
void tc_buf_printf_rc(tc_rc *rc, tc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Returns a NUL-terminated view ("" when empty); valid until the next append. */
const char *tc_buf_cstr(tc_buf *b);
/* Hands the storage to the caller (free() it) and leaves b empty. */
char *tc_buf_release(tc_buf *b, size_t *out_len);

/* ---- string set / map (common/strmap.c) -------------------------------- */

/* An open-addressing hash map from byte strings to a void* value.  Keys are
 * copied; values are owned by the caller unless a free function is given. */
typedef struct tc_strmap tc_strmap;
typedef void (*tc_free_fn)(void *);

tc_rc tc_strmap_new(tc_free_fn free_value, tc_strmap **out);
void tc_strmap_free(tc_strmap *m);
/* Inserts or replaces; the previous value (if any) is freed with free_value. */
tc_rc tc_strmap_put(tc_strmap *m, const char *key, size_t klen, void *value);
/* Returns 1 and sets *value when found, 0 otherwise. value may be NULL. */
int tc_strmap_get(const tc_strmap *m, const char *key, size_t klen, void **value);
size_t tc_strmap_count(const tc_strmap *m);
/* Iteration: start with *iter = 0; returns 0 when done.  The map must not be
 * modified while iterating. */
int tc_strmap_next(const tc_strmap *m, size_t *iter, const char **key, size_t *klen, void **value);

/* FNV-1a 64-bit hash of bytes. */
uint64_t tc_hash64(const void *p, size_t n);

/* ---- threads (common/threads.c) ------------------------------------------ */

/* Threads for a parallel step: TRACUU_THREADS when it is a positive
 * number, else the processors online; at least 1, at most max.  Indexing
 * and facet counting read the same setting. */
int tc_thread_count(int max);

#ifdef __cplusplus
}
#endif
#endif /* TC_H */
