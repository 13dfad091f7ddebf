/* die_at_swap.c: an LD_PRELOAD library that ends the process (as kill -9
 * would: no exit handlers, no flush) at the one moment a test cannot hit
 * by timing, the folder exchange of a merge or compaction
 * (renameat2 RENAME_EXCHANGE, store/store.c).  TC_DIE_AT_SWAP=before: the
 * merged database is complete and marked but not swapped in; =after: it is
 * swapped in and meta.sqlite not yet committed.  Used by
 * tests/e2e/parallel.sh.
 *
 * Copyright (C) 2025 the tracuu authors
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

long syscall(long number, ...)
{
    va_list ap;
    long a[6];
    va_start(ap, number);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    long (*real)(long, ...) = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
    const char *when = getenv("TC_DIE_AT_SWAP");
    if (number == SYS_renameat2 && when && strcmp(when, "before") == 0)
        _exit(137);
    long r = real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (number == SYS_renameat2 && when && strcmp(when, "after") == 0)
        _exit(137);
    return r;
}
