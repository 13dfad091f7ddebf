/* pool.c: index handles shared by the server's threads (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tc_pool {
    pthread_mutex_t mu; /* guards free and the counts */
    char *dir;          /* the index directory */
    tc_pool_db *free;   /* idle handles */
    unsigned opened;    /* handles opened in all */
    unsigned reopened;  /* of which because the index changed */
};

static tc_rc open_handle(tc_pool *p, tc_pool_db **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    tc_pool_db *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    /* tracuu --allow-partial serve: a cluster answers without dead shards */
    const char *partial = getenv("TRACUU_ALLOW_PARTIAL");
    tc_rc rc =
        tc_db_open_flags(p->dir, partial && strcmp(partial, "1") == 0 ? TC_OPEN_ALLOW_PARTIAL : 0,
                         &h->db, errbuf, errlen);
    uint64_t latest;
    if (!rc && (rc = tc_db_generation(h->db, &h->gen, &latest)))
        snprintf(errbuf, errlen, "%s", tc_db_errmsg(h->db));
    if (rc) {
        tc_db_close(h->db);
        free(h);
        return rc;
    }
    pthread_mutex_lock(&p->mu);
    p->opened++;
    pthread_mutex_unlock(&p->mu);
    *out = h;
    return TC_OK;
}

static void close_handle(tc_pool_db *h)
{
    if (h) {
        tc_db_close(h->db);
        free(h);
    }
}

tc_rc tc_pool_open(const char *dir, tc_pool **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    tc_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->dir = strdup(dir))) {
        free(p);
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    tc_pool_db *h;
    tc_rc rc = open_handle(p, &h, errbuf, errlen);
    if (rc) {
        tc_pool_close(p);
        return rc;
    }
    tc_pool_release(p, h);
    *out = p;
    return TC_OK;
}

void tc_pool_close(tc_pool *p)
{
    if (!p)
        return;
    while (p->free) {
        tc_pool_db *h = p->free;
        p->free = h->next;
        close_handle(h);
    }
    pthread_mutex_destroy(&p->mu);
    free(p->dir);
    free(p);
}

tc_rc tc_pool_acquire(tc_pool *p, tc_pool_db **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    pthread_mutex_lock(&p->mu);
    tc_pool_db *h = p->free;
    if (h)
        p->free = h->next;
    pthread_mutex_unlock(&p->mu);
    if (!h)
        return open_handle(p, out, errbuf, errlen);
    h->next = NULL;
    uint64_t mine, latest;
    if (tc_db_generation(h->db, &mine, &latest) != TC_OK) {
        /* The snapshot may have been overwritten by later commits
         * (Xapian's DatabaseModifiedError): a fresh handle reads again. */
        close_handle(h);
        return open_handle(p, out, errbuf, errlen);
    }
    if (latest != mine && latest != h->tried) {
        tc_pool_db *fresh;
        char err[512];
        if (open_handle(p, &fresh, err, sizeof err) == TC_OK && !tc_db_interrupted(fresh->db)) {
            close_handle(h);
            h = fresh;
            pthread_mutex_lock(&p->mu);
            p->reopened++;
            pthread_mutex_unlock(&p->mu);
        } else {
            /* Mid-run or failed: keep the consistent old snapshot and try
             * again when the next commit completes. */
            if (fresh)
                close_handle(fresh);
            h->tried = latest;
        }
    }
    *out = h;
    return TC_OK;
}

void tc_pool_release(tc_pool *p, tc_pool_db *h)
{
    if (!h)
        return;
    if (h->broken) {
        close_handle(h);
        return;
    }
    pthread_mutex_lock(&p->mu);
    h->next = p->free;
    p->free = h;
    pthread_mutex_unlock(&p->mu);
}

void tc_pool_counts(tc_pool *p, unsigned *opened, unsigned *reopened)
{
    pthread_mutex_lock(&p->mu);
    *opened = p->opened;
    *reopened = p->reopened;
    pthread_mutex_unlock(&p->mu);
}
