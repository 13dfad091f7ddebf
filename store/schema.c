/* schema.c: creates the SQLite tables of store/schema.h, the entity
 * tables from the registry. */
#include "schema.h"

#include <stdio.h>

#include "../analyzers/registry.h"

static tc_rc exec(sqlite3 *db, const char *sql, char *errbuf, size_t errlen)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        snprintf(errbuf, errlen, "SQLite: %s", err ? err : "cannot create the tables");
        sqlite3_free(err);
        return TC_ESQLITE;
    }
    return TC_OK;
}

tc_rc tc_schema_create(sqlite3 *db, char *errbuf, size_t errlen)
{
    static const char *const types[] = {"TEXT", "INTEGER", "REAL"};
    tc_rc rc = exec(db, TC_SQL_SCHEMA, errbuf, errlen);
    tc_buf sql;
    tc_buf_init(&sql, 1 << 16);
    for (size_t i = 0; tc_entity_types[i] && !rc; i++) {
        const tc_entity_type *t = tc_entity_types[i];
        tc_buf_reset(&sql);
        rc = tc_buf_printf(&sql, "CREATE TABLE IF NOT EXISTS %s(doc_id INTEGER NOT NULL", t->name);
        for (const tc_entity_col *c = t->cols; c->name && !rc; c++)
            rc = tc_buf_printf(&sql, ", %s %s", c->name, types[c->type]);
        if (!rc)
            rc = tc_buf_printf(&sql, ");\nCREATE INDEX IF NOT EXISTS %s_doc ON %s(doc_id);\n",
                               t->name, t->name);
        if (!rc && t->index_col)
            rc = tc_buf_printf(&sql, "CREATE INDEX IF NOT EXISTS %s_%s ON %s(%s);\n", t->name,
                               t->index_col, t->name, t->index_col);
        if (!rc)
            rc = exec(db, sql.data, errbuf, errlen);
    }
    tc_buf_free(&sql);
    return rc;
}

tc_rc tc_schema_copy_sql(const char *from, tc_buf *out)
{
    /* Columns by name: two files of the same schema, but no column order
     * is trusted (a table that gained a column by ALTER would differ). */
    static const char *const doc_cols[] = {
#define TC_COPY_COL(col, field, kind) col,
        TC_DOC_COLUMNS(TC_COPY_COL)
#undef TC_COPY_COL
    };
    tc_buf cols;
    tc_buf_init(&cols, 1 << 16);
    tc_rc rc = TC_OK;
    for (size_t i = 0; i < sizeof doc_cols / sizeof *doc_cols && !rc; i++)
        rc = tc_buf_printf(&cols, "%s%s", i ? ", " : "", doc_cols[i]);
    if (!rc)
        rc = tc_buf_printf(out, "INSERT INTO main.documents(%s) SELECT %s FROM %s.documents;\n",
                           cols.data, cols.data, from);
    for (size_t i = 0; tc_entity_types[i] && !rc; i++) {
        const tc_entity_type *t = tc_entity_types[i];
        tc_buf_reset(&cols);
        rc = tc_buf_puts(&cols, "doc_id");
        for (const tc_entity_col *c = t->cols; c->name && !rc; c++)
            rc = tc_buf_printf(&cols, ", %s", c->name);
        if (!rc)
            rc = tc_buf_printf(out, "INSERT INTO main.%s(%s) SELECT %s FROM %s.%s;\n", t->name,
                               cols.data, cols.data, from, t->name);
    }
    tc_buf_free(&cols);
    return rc;
}
