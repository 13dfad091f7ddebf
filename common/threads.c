/* threads.c: how many threads a parallel step uses (see tc.h). */
#include "tc.h"

#include <stdlib.h>
#include <unistd.h>

int tc_thread_count(int max)
{
    const char *env = getenv("TRACUU_THREADS");
    long n = env && atoi(env) > 0 ? atoi(env) : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > max ? max : (int)n;
}
