/*
 * server.h: `tracuu serve`, the web app and its JSON API over HTTP
 * (libmicrohttpd, its internal thread pool).  cli/tracuu.c parses the
 * options and calls tc_serve_run(); the routes are in api.h.
 *
 * Safe by default: binds 127.0.0.1 unless told otherwise (any other
 * address is announced with a warning: the index becomes readable on the
 * network); read-only; every response carries a Content-Security-Policy
 * that forbids inline scripts and other origins, nosniff and no-referrer.
 * SIGINT or SIGTERM stops it: running requests finish, everything is freed.
 */
#ifndef TC_SERVE_SERVER_H
#define TC_SERVE_SERVER_H

typedef struct tc_serve_opts {
    const char *index_dir; /* the index to serve */
    const char *bind;      /* address to listen on ("127.0.0.1", "::1", "0.0.0.0") */
    unsigned port;         /* 0: any free port (printed) */
    unsigned threads;      /* worker threads (0: 4) */
} tc_serve_opts;

/* Runs until SIGINT/SIGTERM.  Prints the URL on stdout and problems on
 * stderr; returns a CLI exit code (0 after a clean stop, 3 when the port
 * is taken or cannot be bound, 4-6 when the index cannot be opened). */
int tc_serve_run(const tc_serve_opts *o);

#endif
