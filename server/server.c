/* server.c: HTTP plumbing of `tracuu serve` on libmicrohttpd (see
 * server.h).  libmicrohttpd was chosen because it is a small C library
 * packaged by Debian (LGPL-2.1+, compatible with our GPL), with an internal
 * thread pool and HTTP/1.1 keep-alive done right, so this file only maps
 * requests to api.c and the embedded app. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../include/tracuu.h"
#include "api.h"
#include "assets.h"
#include "pool.h"

/* libmicrohttpd is opened when the server starts, not linked: with the
 * GnuTLS stack it pulls in (p11-kit, gmp, nettle's hogweed, ...) it added
 * some 12,000 relocations to the start of every command (bench/BASELINE.md,
 * "Quick start").  The table is filled once per process (pthread_once) and
 * read-only afterwards; mhd() is called only once tc_serve has checked it. */
#ifndef TC_MHD_SONAME
#define TC_MHD_SONAME "libmicrohttpd.so.12"
#endif

typedef struct mhd_api { /* the functions used, typed from microhttpd.h */
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_create_response_from_buffer_with_free_callback)
        *create_response_from_buffer_with_free_callback;
    __typeof__(MHD_create_response_from_fd64) *create_response_from_fd64;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
} mhd_api;

typedef struct mhd_lib {
    mhd_api api;   /* valid when ok */
    int ok;        /* 1 when every function was found */
    char why[200]; /* else why not */
} mhd_lib;

static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static mhd_lib mhd_loaded;

#define MHD_SYM(field, name) (*(void **)&a->field = dlsym(h, #name))

static void mhd_load(void)
{
    mhd_api *a = &mhd_loaded.api;
    void *h = dlopen(TC_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(mhd_loaded.why, sizeof mhd_loaded.why, "%.190s", e ? e : TC_MHD_SONAME);
        return;
    }
    mhd_loaded.ok = MHD_SYM(add_response_header, MHD_add_response_header) &&
                    MHD_SYM(create_response_from_buffer, MHD_create_response_from_buffer) &&
                    MHD_SYM(create_response_from_buffer_with_free_callback,
                            MHD_create_response_from_buffer_with_free_callback) &&
                    MHD_SYM(create_response_from_fd64, MHD_create_response_from_fd64) &&
                    MHD_SYM(queue_response, MHD_queue_response) &&
                    MHD_SYM(destroy_response, MHD_destroy_response) &&
                    MHD_SYM(start_daemon, MHD_start_daemon) &&
                    MHD_SYM(stop_daemon, MHD_stop_daemon);
    if (!mhd_loaded.ok)
        snprintf(mhd_loaded.why, sizeof mhd_loaded.why, "%s lacks a function tracuu uses",
                 TC_MHD_SONAME);
}

static const mhd_api *mhd(void)
{
    pthread_once(&mhd_once, mhd_load);
    return mhd_loaded.ok ? &mhd_loaded.api : NULL;
}

/* Every response: no inline script or style, nothing from another origin,
 * no framing; no type sniffing; no referrer to anyone. */
static const char *const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'";

/* The page served when the binary was built without server/app/ files. */
static const char NO_APP[] =
    "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>tracuu</title></head>"
    "<body><h1>tracuu</h1><p>Ứng dụng web chưa được đóng gói vào bản dựng này; API JSON vẫn "
    "hoạt động tại /api/.</p><p>The web app was not built into this binary; the JSON API works "
    "under /api/ (see README: Web app).</p></body></html>\n";

const tc_asset *tc_asset_find(const char *name)
{
    size_t lo = 0, hi = tc_nassets;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, tc_assets[mid].name);
        if (c == 0)
            return &tc_assets[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

typedef struct server {
    tc_pool *pool;
} server;

/* One request's state: the target as sent (before libmicrohttpd decodes
 * it: the query string is parsed here, '+' and all, and its length
 * checked) and whether the handler has seen it yet. */
typedef struct request_state {
    char *target; /* the request target, or NULL when out of memory */
    int seen;     /* the handler was called once */
} request_state;

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *c)
{
    request_state *st = calloc(1, sizeof *st);
    if (st)
        st->target = strdup(uri ? uri : "");
    return st;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request_state *st = *con_cls;
    if (st)
        free(st->target);
    free(st);
    *con_cls = NULL;
}

static void add_common_headers(struct MHD_Response *r, const char *type, int cache)
{
    mhd()->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    mhd()->add_response_header(r, "Content-Security-Policy", CSP);
    mhd()->add_response_header(r, "X-Content-Type-Options", "nosniff");
    mhd()->add_response_header(r, "Referrer-Policy", "no-referrer");
    /* API answers change when the index does; the app is in the binary. */
    mhd()->add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache ? "no-cache" : "no-store");
}

/* In JSON, '<', '>' and '&' only ever stand inside strings, where \u003c
 * and the like mean the same: written so, a document's "<script>" can
 * never run even if a browser were to take the answer for HTML.  Returns
 * -1 when out of memory (the body is then left as it was). */
static int json_escape_html(tc_api_response *rs)
{
    size_t extra = 0;
    for (size_t i = 0; i < rs->len; i++)
        if (rs->body[i] == '<' || rs->body[i] == '>' || rs->body[i] == '&')
            extra += 5;
    if (!extra)
        return 0;
    char *out = malloc(rs->len + extra + 1), *w = out;
    if (!out)
        return -1;
    for (size_t i = 0; i < rs->len; i++) {
        char c = rs->body[i];
        if (c == '<' || c == '>' || c == '&')
            w += sprintf(w, "\\u%04x", (unsigned)c);
        else
            *w++ = c;
    }
    *w = 0;
    free(rs->body);
    rs->body = out;
    rs->len = (size_t)(w - out);
    return 0;
}

/* Queues rs (its body or file handed to libmicrohttpd). */
static enum MHD_Result send_response(struct MHD_Connection *c, tc_api_response *rs, int cache)
{
    struct MHD_Response *r;
    if (rs->fd >= 0) {
        r = mhd()->create_response_from_fd64(rs->fd_size, rs->fd);
        if (r)
            rs->fd = -1; /* closed by libmicrohttpd with the response */
    } else {
        if ((strncmp(rs->type, "application/json", 16) == 0 ||
             strncmp(rs->type, "application/x-ndjson", 20) == 0) &&
            json_escape_html(rs) != 0)
            return MHD_NO;
        r = mhd()->create_response_from_buffer_with_free_callback(rs->len, rs->body, free);
        if (r)
            rs->body = NULL;
    }
    if (!r)
        return MHD_NO;
    add_common_headers(r, rs->type, cache);
    if (rs->disposition)
        mhd()->add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, rs->disposition);
    if (rs->status == 405)
        mhd()->add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = mhd()->queue_response(c, (unsigned)rs->status, r);
    mhd()->destroy_response(r);
    return ret;
}

/* A static answer: an embedded file, or the app's page for any other path
 * so that its client-side routes (/doc/12, /cite?ref=...) can be
 * bookmarked and reloaded. */
static enum MHD_Result send_static(struct MHD_Connection *c, const char *path)
{
    const tc_asset *a = NULL;
    int is_app = strncmp(path, "/app/", 5) == 0;
    if (is_app)
        a = tc_asset_find(path + 5);
    else if (strcmp(path, "/") != 0)
        a = tc_asset_find(path + 1);
    tc_api_response rs = {.fd = -1};
    if (!a && is_app) {
        tc_api_error(&rs, 404, "no such file in the app");
        enum MHD_Result ret = send_response(c, &rs, 0);
        tc_api_response_free(&rs);
        return ret;
    }
    if (!a)
        a = tc_asset_find("index.html");
    const void *data = a ? (const void *)a->data : NO_APP;
    size_t len = a ? a->len : sizeof NO_APP - 1;
    struct MHD_Response *r =
        mhd()->create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    add_common_headers(r, a ? a->type : "text/html; charset=utf-8", 1);
    enum MHD_Result ret = mhd()->queue_response(c, MHD_HTTP_OK, r);
    mhd()->destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    server *srv = cls;
    request_state *st = *con_cls;
    /* libmicrohttpd (0.9.7x) closes the connection after a response queued
     * in the first call for a request: answer in the second, so that
     * keep-alive works.  A body (only a wrong method has one) is read and
     * dropped. */
    if (st && !st->seen) {
        st->seen = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    const char *target = st && st->target ? st->target : NULL;
    tc_api_response rs = {.fd = -1};
    if (!target) {
        tc_api_error(&rs, 503, "out of memory");
        enum MHD_Result ret = send_response(c, &rs, 0);
        tc_api_response_free(&rs);
        return ret;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        /* Read-only: nothing is ever written. */
        tc_api_error(&rs, 405, "only GET and HEAD are allowed");
        enum MHD_Result ret = send_response(c, &rs, 0);
        tc_api_response_free(&rs);
        return ret;
    }
    tc_api_request rq;
    enum MHD_Result ret;
    if (tc_api_request_parse(target, &rq) != 0) {
        tc_api_error(&rs, 503, "out of memory");
    } else if (rq.too_long) {
        tc_api_error(&rs, 414, "the request is too long (queries are limited to 4 KB)");
    } else if (rq.dot_segment) {
        tc_api_error(&rs, 404, "not found");
    } else if (tc_api_handle(srv->pool, &rq, &rs) != 0) {
        ret = send_static(c, rq.path);
        tc_api_request_free(&rq);
        return ret;
    }
    ret = send_response(c, &rs, 0);
    tc_api_response_free(&rs);
    tc_api_request_free(&rq);
    return ret;
}

/* ---- listening ------------------------------------------------------------ */

static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

/* Binds and listens; returns the socket or -1 after printing why. */
static int listen_on(const char *bind_addr, unsigned port, int *loopback, unsigned *bound_port,
                     char *host, size_t hostlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char ports[16];
    snprintf(ports, sizeof ports, "%u", port);
    int gr = getaddrinfo(bind_addr, ports, &hints, &res);
    if (gr != 0) {
        fprintf(stderr, "tracuu serve: cannot use the address '%s': %s\n", bind_addr,
                gai_strerror(gr));
        return -1;
    }
    int fd = -1, err = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
            err = errno;
            close(fd);
            fd = -1;
            continue;
        }
        *loopback = is_loopback(ai->ai_addr);
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        *bound_port = port;
        if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
            *bound_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                         : ((struct sockaddr_in *)&ss)->sin_port);
        char h[INET6_ADDRSTRLEN] = "";
        getnameinfo(ai->ai_addr, ai->ai_addrlen, h, sizeof h, NULL, 0, NI_NUMERICHOST);
        snprintf(host, hostlen, ai->ai_family == AF_INET6 ? "[%s]" : "%s", h);
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (err == EADDRINUSE)
            fprintf(stderr,
                    "tracuu serve: port %u on %s is already in use (another server?); choose "
                    "another with --port\n",
                    port, bind_addr);
        else
            fprintf(stderr, "tracuu serve: cannot listen on %s port %u: %s\n", bind_addr, port,
                    strerror(err));
        return -1;
    }
    /* Worker threads share the socket: accept must never block one. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void on_stop_signal(int sig)
{
    (void)sig; /* taken by sigwait(); this handler only keeps the signal from being ignored */
}

static int exit_for_open(tc_rc rc)
{
    switch (rc) {
    case TC_ENOINDEX:
        return 4;
    case TC_ELOCKED:
        return 5;
    case TC_ESCHEMA:
        return 6;
    default:
        return 3;
    }
}

int tc_serve_run(const tc_serve_opts *o)
{
    unsigned threads = o->threads ? o->threads : 4;
    if (!mhd()) {
        fprintf(stderr, "tracuu serve: cannot load libmicrohttpd: %s\n", mhd_loaded.why);
        return 3;
    }
    char err[600];
    tc_pool *pool = NULL;
    tc_rc rc = tc_pool_open(o->index_dir, &pool, err, sizeof err);
    if (rc) {
        fprintf(stderr, "tracuu serve: %s\n", err);
        return exit_for_open(rc);
    }
    int loopback = 0;
    unsigned port = 0;
    char host[INET6_ADDRSTRLEN + 2];
    int fd = listen_on(o->bind, o->port, &loopback, &port, host, sizeof host);
    if (fd < 0) {
        tc_pool_close(pool);
        return 3;
    }
    /* SIGINT and SIGTERM are taken by sigwait() below, in this thread only:
     * block them before the workers start so that they inherit the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    /* A shell starts background jobs with SIGINT ignored, and an ignored
     * signal is discarded before sigwait() can take it: give both a
     * handler (never run while blocked) so that they are always kept. */
    struct sigaction sa = {0};
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    server srv = {pool};
    struct MHD_Daemon *d = mhd()->start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handle, &srv, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "tracuu serve: cannot start the HTTP server on %s port %u\n", host, port);
        close(fd);
        tc_pool_close(pool);
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        return 3;
    }
    if (!loopback)
        fprintf(stderr,
                "tracuu serve: warning: listening on %s, not on this machine only: anyone who "
                "can reach it on the network can read the whole index and its documents\n",
                o->bind);
    const char *shown = loopback || strcmp(o->bind, "0.0.0.0") != 0 ? host : "127.0.0.1";
    if (strcmp(o->bind, "::") == 0)
        shown = "[::1]";
    printf("Mở trình duyệt: http://%s:%u/\n"
           "Open in a browser: http://%s:%u/\n"
           "(index %s; %u threads; Ctrl-C stops the server)\n",
           shown, port, shown, port, o->index_dir, threads);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    mhd()->stop_daemon(d);
    unsigned opened, reopened;
    tc_pool_counts(pool, &opened, &reopened);
    fprintf(stderr,
            "tracuu serve: stopping (%s); the index was reopened %u time%s after indexing\n",
            sig == SIGINT ? "Ctrl-C" : "SIGTERM", reopened, reopened == 1 ? "" : "s");
    tc_pool_close(pool);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    return 0;
}
