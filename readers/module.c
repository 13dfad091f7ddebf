/* module.c: finding and loading readers.so once per process (module.h). */
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TC_MODULE_DIR
#define TC_MODULE_DIR "/usr/local/lib/tracuu"
#endif

/* Written once inside pthread_once, read-only afterwards (module.h). */
typedef struct module_load {
    const tc_module_table *mod; /* NULL when the load failed */
    char why[240];              /* why it failed */
} module_load;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static module_load load_result;

/* Opens DIR/readers.so and checks it.  1 on success; else 0 with l->why. */
static int open_in(const char *dir, module_load *l)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, TC_READER_MODULE_FILE) >= sizeof path) {
        snprintf(l->why, sizeof l->why, "module folder name too long");
        return 0;
    }
    if (access(path, F_OK) != 0) {
        snprintf(l->why, sizeof l->why, "reader module %.180s not found", path);
        return 0;
    }
    /* NOW: a missing library or symbol fails here, with its name, rather
     * than in the middle of a read */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(l->why, sizeof l->why, "reader module not loaded: %.180s", e ? e : path);
        return 0;
    }
    const tc_module_table *m = (const tc_module_table *)dlsym(h, TC_READER_MODULE_SYMBOL);
    if (!m || m->abi != TC_READER_MODULE_ABI || m->out_size != sizeof(tc_reader_out) ||
        m->opts_size != sizeof(tc_reader_opts) || !m->readers) {
        snprintf(l->why, sizeof l->why, "reader module %.150s is from another build of tracuu",
                 path);
        dlclose(h);
        return 0;
    }
    if (m->init)
        m->init();
    l->mod = m; /* the handle stays open for the life of the process */
    return 1;
}

static void load(void)
{
    module_load *l = &load_result;
    const char *env = getenv("TRACUU_MODULE_DIR");
    if (env && *env) {
        open_in(env, l);
        return;
    }
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        /* exe = PREFIX/bin/tracuu: keep PREFIX (may be empty: "/bin") */
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            slash = strrchr(exe, '/');
        }
        if (slash) {
            size_t len = (size_t)(slash - exe);
            if (len + sizeof "/lib/tracuu" <= sizeof exe) {
                memcpy(exe + len, "/lib/tracuu", sizeof "/lib/tracuu");
                if (open_in(exe, l))
                    return;
            }
        }
    }
    char first[sizeof l->why];
    memcpy(first, l->why, sizeof first);
    if (!open_in(TC_MODULE_DIR, l) && first[0] && strstr(l->why, "not found") &&
        !strstr(first,
                "not found")) /* say why the near one failed, not that the far one is absent */
        memcpy(l->why, first, sizeof first);
}

const tc_reader *tc_module_reader(const char *name, const char **why)
{
    pthread_once(&load_once, load);
    const module_load *l = &load_result;
    if (!l->mod) {
        *why = l->why;
        return NULL;
    }
    for (size_t i = 0; l->mod->readers[i]; i++)
        if (strcmp(l->mod->readers[i]->name, name) == 0)
            return l->mod->readers[i];
    *why = "the reader module has no reader for this format";
    return NULL;
}
