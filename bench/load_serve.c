/*
 * load_serve.c: the loopback load client of scripts/bench-serve.sh.
 *
 *   load_serve PORT CONCURRENCY TOTAL PATHS_FILE
 *
 * CONCURRENCY client threads each hold one keep-alive HTTP/1.1 connection
 * to 127.0.0.1:PORT and send GET requests one after the other (a closed
 * loop: CONCURRENCY requests are in flight at every moment), taking the
 * request paths in turn from PATHS_FILE (one already-encoded path a line),
 * until TOTAL requests are answered.  Prints the latency of each request
 * (send to last body byte) as p50/p95/p99/max in ms, requests per second
 * and the count of answers other than 200.
 *
 * Threads and blocking sockets rather than an event loop: the client then
 * needs nothing but libc, and a blocked thread costs no CPU, which the
 * server shares with it on this 2-core machine.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct shared {
    int port;
    char **paths;
    size_t npaths;
    size_t total;
    atomic_size_t next;   /* next request number to take */
    double *lat_ms;       /* per request number */
    atomic_size_t errors; /* answers other than 200, or broken connections */
} shared;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends one request and reads the whole answer; returns the status or -1. */
static int one_request(int fd, const char *path, char *buf, size_t cap)
{
    char req[8192];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (n < 0 || (size_t)n >= sizeof req)
        return -1;
    for (int off = 0; off < n;) {
        ssize_t w = send(fd, req + off, (size_t)(n - off), MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        off += (int)w;
    }
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have + 1 >= cap)
            return -1;
        ssize_t r = recv(fd, buf + have, cap - 1 - have, 0);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        buf[have] = 0;
        end = strstr(buf, "\r\n\r\n");
    }
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    if (!cl || cl > end)
        return -1;
    size_t body = strtoull(cl + 17, NULL, 10);
    size_t got = have - (size_t)(end + 4 - buf);
    while (got < body) {
        ssize_t r = recv(fd, buf, cap - 1, 0);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return status;
}

static void *worker(void *arg)
{
    shared *s = arg;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int fd = -1;
    for (;;) {
        size_t i = atomic_fetch_add(&s->next, 1);
        if (i >= s->total)
            break;
        if (fd < 0 && (fd = connect_to(s->port)) < 0) {
            atomic_fetch_add(&s->errors, 1);
            s->lat_ms[i] = -1;
            continue;
        }
        double t0 = now_ms();
        int st = one_request(fd, s->paths[i % s->npaths], buf, cap);
        s->lat_ms[i] = now_ms() - t0;
        if (st != 200)
            atomic_fetch_add(&s->errors, 1);
        if (st < 0) {
            close(fd);
            fd = -1;
        }
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: load_serve PORT CONCURRENCY TOTAL PATHS_FILE\n");
        return 2;
    }
    shared s = {0};
    s.port = atoi(argv[1]);
    int conc = atoi(argv[2]);
    s.total = strtoull(argv[3], NULL, 10);
    FILE *f = fopen(argv[4], "r");
    if (!f || conc < 1 || conc > 4096 || s.total == 0) {
        fprintf(stderr, "load_serve: bad arguments\n");
        return 2;
    }
    char line[8192];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0])
            continue;
        if (s.npaths == cap) {
            cap = cap ? cap * 2 : 64;
            s.paths = realloc(s.paths, cap * sizeof *s.paths);
        }
        s.paths[s.npaths++] = strdup(line);
    }
    fclose(f);
    if (!s.npaths) {
        fprintf(stderr, "load_serve: no paths\n");
        return 2;
    }
    s.lat_ms = calloc(s.total, sizeof *s.lat_ms);
    pthread_t *th = calloc((size_t)conc, sizeof *th);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    double t0 = now_ms();
    for (int i = 0; i < conc; i++)
        pthread_create(&th[i], &attr, worker, &s);
    for (int i = 0; i < conc; i++)
        pthread_join(th[i], NULL);
    double wall = now_ms() - t0;
    size_t n = 0;
    for (size_t i = 0; i < s.total; i++)
        if (s.lat_ms[i] >= 0)
            s.lat_ms[n++] = s.lat_ms[i];
    qsort(s.lat_ms, n, sizeof *s.lat_ms, cmp_double);
#define PCT(p) (n ? s.lat_ms[(size_t)((n - 1) * (p))] : 0)
    printf("requests %zu concurrency %d errors %zu wall_s %.2f rps %.0f p50_ms %.1f p95_ms %.1f "
           "p99_ms %.1f max_ms %.1f\n",
           s.total, conc, (size_t)s.errors, wall / 1e3, s.total / (wall / 1e3), PCT(0.50),
           PCT(0.95), PCT(0.99), n ? s.lat_ms[n - 1] : 0);
    for (size_t i = 0; i < s.npaths; i++)
        free(s.paths[i]);
    free(s.paths);
    free(s.lat_ms);
    free(th);
    return s.errors ? 1 : 0;
}
