/* strmap.c: open-addressing string hash map (see tc.h). */
#include "tc.h"

#include <stdlib.h>
#include <string.h>

typedef struct tc_strmap_slot {
    char *key;     /* owned copy, NULL when the slot is empty */
    size_t klen;   /* key length in bytes */
    uint64_t hash; /* cached hash of key */
    void *value;   /* caller's value */
} tc_strmap_slot;

struct tc_strmap {
    tc_strmap_slot *slots; /* table of `size` slots, size a power of two */
    size_t size;           /* number of slots */
    size_t count;          /* occupied slots */
    tc_free_fn free_value; /* frees values on replace and on free, or NULL */
};

uint64_t tc_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 14695981039346656037ULL; /* the FNV-1a 64 offset basis */
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

tc_rc tc_strmap_new(tc_free_fn free_value, tc_strmap **out)
{
    *out = NULL;
    tc_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return TC_ENOMEM;
    m->size = 64;
    m->slots = calloc(m->size, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return TC_ENOMEM;
    }
    m->free_value = free_value;
    *out = m;
    return TC_OK;
}

void tc_strmap_free(tc_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->size; i++) {
        if (m->slots[i].key) {
            free(m->slots[i].key);
            if (m->free_value)
                m->free_value(m->slots[i].value);
        }
    }
    free(m->slots);
    free(m);
}

static size_t strmap_find(const tc_strmap_slot *slots, size_t size, const char *key, size_t klen,
                          uint64_t h)
{
    size_t i = (size_t)h & (size - 1);
    while (slots[i].key) {
        if (slots[i].hash == h && slots[i].klen == klen && memcmp(slots[i].key, key, klen) == 0)
            return i;
        i = (i + 1) & (size - 1);
    }
    return i;
}

static tc_rc strmap_grow(tc_strmap *m)
{
    size_t size = m->size * 2;
    tc_strmap_slot *slots = calloc(size, sizeof *slots);
    if (!slots)
        return TC_ENOMEM;
    for (size_t i = 0; i < m->size; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = strmap_find(slots, size, m->slots[i].key, m->slots[i].klen, m->slots[i].hash);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->size = size;
    return TC_OK;
}

tc_rc tc_strmap_put(tc_strmap *m, const char *key, size_t klen, void *value)
{
    if ((m->count + 1) * 4 > m->size * 3) {
        tc_rc rc = strmap_grow(m);
        if (rc)
            return rc;
    }
    uint64_t h = tc_hash64(key, klen);
    size_t i = strmap_find(m->slots, m->size, key, klen, h);
    if (m->slots[i].key) {
        if (m->free_value && m->slots[i].value != value)
            m->free_value(m->slots[i].value);
        m->slots[i].value = value;
        return TC_OK;
    }
    char *copy = malloc(klen + 1);
    if (!copy)
        return TC_ENOMEM;
    memcpy(copy, key, klen);
    copy[klen] = 0;
    m->slots[i] = (tc_strmap_slot){copy, klen, h, value};
    m->count++;
    return TC_OK;
}

int tc_strmap_get(const tc_strmap *m, const char *key, size_t klen, void **value)
{
    size_t i = strmap_find(m->slots, m->size, key, klen, tc_hash64(key, klen));
    if (!m->slots[i].key)
        return 0;
    if (value)
        *value = m->slots[i].value;
    return 1;
}

size_t tc_strmap_count(const tc_strmap *m)
{
    return m->count;
}

int tc_strmap_next(const tc_strmap *m, size_t *iter, const char **key, size_t *klen, void **value)
{
    for (size_t i = *iter; i < m->size; i++) {
        if (m->slots[i].key) {
            *iter = i + 1;
            if (key)
                *key = m->slots[i].key;
            if (klen)
                *klen = m->slots[i].klen;
            if (value)
                *value = m->slots[i].value;
            return 1;
        }
    }
    *iter = m->size;
    return 0;
}
