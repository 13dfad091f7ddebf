/*
 * api.h: the routes of `tracuu serve`, apart from the HTTP plumbing
 * (server.c), so that a request is a plain struct in and a plain struct
 * out.  Every answer comes from the public library (include/tracuu.h) and
 * every row from the renderers the CLI uses (render/), so the JSON and CSV
 * fields are the CLI's.  The contract of each route is in README.md
 * ("Web app").
 *
 * Safety: read-only; a document's original file is found by its id in the
 * index, never by a path from the request; query text is capped at
 * TC_API_MAX_QUERY bytes (414 beyond); result pages at TC_API_MAX_LIMIT;
 * errors are {"error": message} without internals.
 */
#ifndef TC_SERVE_API_H
#define TC_SERVE_API_H

#include <stddef.h>
#include <stdint.h>

#include "pool.h"

#define TC_API_MAX_QUERY 4096     /* bytes of one parameter's value */
#define TC_API_MAX_URI 8192       /* bytes of the request target as sent */
#define TC_API_MAX_LIMIT 1000     /* hits or rows of one JSON page */
#define TC_API_MAX_EXPORT 1000000 /* rows of one download */

typedef struct tc_api_param {
    char *key;   /* decoded name */
    char *value; /* decoded value */
} tc_api_param;

typedef struct tc_api_request {
    char *path;           /* decoded path, without the query string */
    tc_api_param *params; /* in the order sent */
    size_t nparams;       /* count */
    int too_long;         /* the target or a value is over the caps */
    int bad_escape;       /* a %XX escape was malformed */
    int dot_segment;      /* the decoded path holds ".." (raw or escaped) */
} tc_api_request;

/* Parses a request target ("/api/search?q=a+b&limit=5"): %XX escapes and
 * '+' as space in the query string (the form encoding browsers use). */
int tc_api_request_parse(const char *target, tc_api_request *rq);
void tc_api_request_free(tc_api_request *rq);

typedef struct tc_api_response {
    int status;        /* HTTP status */
    const char *type;  /* Content-Type (static) */
    char *body;        /* malloc'd bytes (may be NULL when len 0) */
    size_t len;        /* their count */
    char *disposition; /* Content-Disposition, or NULL */
    int fd;            /* >= 0: send this open file instead of body (closed by the server) */
    uint64_t fd_size;  /* its size */
} tc_api_response;

/* Answers a GET for a path under /api/ or /doc/.  Returns 0 when it did
 * (rs filled), 1 when the path is not one of these (the caller serves the
 * app). */
int tc_api_handle(tc_pool *pool, const tc_api_request *rq, tc_api_response *rs);
void tc_api_response_free(tc_api_response *rs);

/* Content-Disposition for a file name in any script (kind "inline" or
 * "attachment"): an ASCII fallback (other bytes, quotes, backslashes and
 * semicolons as '_') and the UTF-8 name percent-encoded (RFC 6266, RFC
 * 5987), so that a Vietnamese name arrives whole.  malloc'd; NULL when out
 * of memory. */
char *tc_api_disposition(const char *kind, const char *name);

/* Fills rs with {"error": msg} and status. */
void tc_api_error(tc_api_response *rs, int status, const char *msg);

#endif
