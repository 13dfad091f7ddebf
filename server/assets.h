/*
 * assets.h: the web app's files, compiled into the binary by
 * scripts/embed-assets.sh from server/app/ (the table is generated into
 * $(BUILD)/gen/assets.c).  The server serves only these, looked up by name:
 * no request ever names a file on disk.
 */
#ifndef TC_ASSETS_H
#define TC_ASSETS_H

#include <stddef.h>

typedef struct tc_asset {
    const char *name;          /* path under server/app/ ("index.html", "js/app.js") */
    const char *type;          /* Content-Type */
    const unsigned char *data; /* the bytes (NUL after the last, not counted) */
    size_t len;                /* byte count */
} tc_asset;

/* Sorted by name, ended by an entry with name NULL. */
extern const tc_asset tc_assets[];
extern const size_t tc_nassets;

/* The asset called name, or NULL. */
const tc_asset *tc_asset_find(const char *name);

#endif
