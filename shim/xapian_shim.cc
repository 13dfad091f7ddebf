// xapian_shim.cc: extern "C" wrapper over xapian-core (see xapian_shim.h).
// Every entry point catches every exception and turns it into a tc_rc plus a
// message on the handle; no exception ever crosses into C.
#include "xapian_shim.h"

#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <sstream>
#include <set>
#include <string>
#include <vector>

struct tcx_db {
    Xapian::Database *rd = nullptr;         // the database (a WritableDatabase when writing)
    Xapian::WritableDatabase *wr = nullptr; // same object as rd when writable
    std::string err;                        // last error message
    bool moved = false;   // an error since the last reopen was DatabaseModifiedError
    bool damaged = false; // an error since the last reopen was DatabaseCorruptError
    // A cluster (tcx_cluster_open): its shards, and the ones left out.
    struct shard {
        std::string name, path, host; // path for a local shard, host:port for a remote one
        unsigned port = 0;
        bool up = false;     // part of rd
        Xapian::Database db; // the shard alone (for its metadata)
    };
    std::vector<shard> shards;
    unsigned timeout_ms = 0;  // every remote call, and the connection
    bool partial_ok = false;  // shards that do not answer are left out
    int lost = -1;            // shard whose failure the last error was, or -1
    bool remote = false;      // a shard is remote: values are read per document (below)
    Xapian::docid doc_id = 0; // the document last read for its values (remote), or 0
    Xapian::Document doc;     // that document
};

struct tcx_doc {
    Xapian::Document doc; // the document being built
};

struct tcx_query {
    Xapian::Query q; // an immutable, reference-counted query
};

struct tcx_mset {
    Xapian::MSet mset;    // the hits
    tcx_db *db = nullptr; // the database it reads documents from (its errors go there)
};

static void name_shard(tcx_db *db, const Xapian::Error &e);

static tc_rc fail(tcx_db *db, const Xapian::Error &e)
{
    if (db) {
        db->err = e.get_type() + std::string(": ") + e.get_msg();
        name_shard(db, e);
        // The layers above reopen on the first and report damage on the
        // second; either may surface in any call, so every catch records it.
        // (Xapian::Error has no virtual functions: its type is a string.)
        // A plain DatabaseError is a read that failed ("got end of file" in
        // a truncated table).
        const char *type = e.get_type();
        if (strcmp(type, "DatabaseModifiedError") == 0)
            db->moved = true;
        if (strcmp(type, "DatabaseCorruptError") == 0 || strcmp(type, "DatabaseError") == 0)
            db->damaged = true;
    }
    return TC_EXAPIAN;
}

// For the calls that answer 0 on any error: records what the exception in
// flight was (called inside a catch block).
static void note(tcx_db *db)
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        fail(db, e);
    } catch (...) {
    }
}

static tc_rc fail_other(tcx_db *db)
{
    if (db)
        db->err = "unexpected C++ exception";
    return TC_EXAPIAN;
}

#define SHIM_CATCH(db)                                                                             \
    catch (const std::bad_alloc &)                                                                 \
    {                                                                                              \
        if (db)                                                                                    \
            (db)->err = "out of memory";                                                           \
        return TC_ENOMEM;                                                                          \
    }                                                                                              \
    catch (const Xapian::Error &e)                                                                 \
    {                                                                                              \
        return fail((db), e);                                                                      \
    }                                                                                              \
    catch (...)                                                                                    \
    {                                                                                              \
        return fail_other(db);                                                                     \
    }

// ---- clusters: shards joined into one read-only database ----------------

// A network error's context is "remote:tcp(HOST:PORT)": the shard that did
// not answer is named in the message, so that an operator knows which
// server to look at (Xapian's own text names only the address).
static void name_shard(tcx_db *db, const Xapian::Error &e)
{
    db->lost = -1;
    if (db->shards.empty())
        return;
    const std::string &ctx = e.get_context();
    std::string detail = e.get_type() + std::string(": ") + e.get_msg();
    if (e.get_error_string() && *e.get_error_string())
        detail += std::string(" (") + e.get_error_string() + ")";
    int found = -1;
    for (size_t i = 0; found < 0 && i < db->shards.size(); i++) {
        const tcx_db::shard &s = db->shards[i];
        if (!s.host.empty() &&
            ctx.find("(" + s.host + ":" + std::to_string(s.port) + ")") != std::string::npos)
            found = (int)i;
    }
    // Some network errors carry no context ("Connection closed
    // unexpectedly" when a server died between two questions): each
    // remote shard is then tried on a fresh connection, and the first that
    // does not answer is named.  Costs one connection per shard, on errors.
    if (found < 0 && strncmp(e.get_type(), "Network", 7) == 0) {
        for (size_t i = 0; found < 0 && i < db->shards.size(); i++) {
            const tcx_db::shard &s = db->shards[i];
            if (s.host.empty() || !s.up)
                continue;
            try {
                Xapian::Database probe =
                    Xapian::Remote::open(s.host, s.port, db->timeout_ms, db->timeout_ms);
                (void)probe.get_metadata("tc.schema");
            } catch (...) {
                found = (int)i;
            }
        }
    }
    if (found < 0)
        return;
    const tcx_db::shard &s = db->shards[found];
    db->lost = found;
    db->err = "shard '" + s.name + "' (" + s.host + ":" + std::to_string(s.port) +
              ") did not answer: " + detail;
}

// Opens shard i into s.db; false (with why) when it cannot be reached.
static bool open_shard(tcx_db *db, size_t i, std::string &why)
{
    tcx_db::shard &s = db->shards[i];
    try {
        if (s.host.empty())
            s.db = Xapian::Database(s.path);
        else
            s.db = Xapian::Remote::open(s.host, s.port, db->timeout_ms, db->timeout_ms);
        s.up = true;
        return true;
    } catch (const Xapian::Error &e) {
        std::string where = s.host.empty() ? s.path : s.host + ":" + std::to_string(s.port);
        why = "shard '" + s.name + "' (" + where + ") cannot be opened: " + e.get_type() + ": " +
              e.get_msg();
        if (e.get_error_string() && *e.get_error_string())
            why += std::string(" (") + e.get_error_string() + ")";
        s.up = false;
        // A local folder that is not there is a mistake in the cluster
        // file, not a shard that is down: never left out.
        return false;
    }
}

// (Re)builds db->rd from the shards that open.  Remote shards are opened
// again (a fresh connection: one that failed mid-message cannot be reused).
static tc_rc join_shards(tcx_db *db, std::string &why)
{
    std::unique_ptr<Xapian::Database> all(new Xapian::Database);
    size_t up = 0;
    for (size_t i = 0; i < db->shards.size(); i++) {
        std::string w;
        if (open_shard(db, i, w)) {
            all->add_database(db->shards[i].db);
            up++;
        } else if (!db->partial_ok || db->shards[i].host.empty()) {
            why = w;
            return TC_EXAPIAN;
        }
    }
    if (up == 0) {
        why = "no shard of the cluster answers";
        return TC_EXAPIAN;
    }
    delete db->rd;
    db->rd = all.release();
    db->remote = false;
    for (const tcx_db::shard &s : db->shards)
        db->remote = db->remote || (s.up && !s.host.empty());
    db->doc_id = 0; // ids change with the shards that are up
    db->doc = Xapian::Document();
    db->lost = -1;
    db->moved = db->damaged = false;
    return TC_OK;
}

extern "C" {

tc_rc tcx_db_open(const char *path, int mode, tcx_db **out, char *errbuf, size_t errlen)
{
    *out = nullptr;
    tcx_db *db = nullptr;
    try {
        db = new tcx_db;
        if (mode == TCX_WRITE) {
            db->wr = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            db->rd = db->wr;
        } else {
            db->rd = new Xapian::Database(path);
        }
        *out = db;
        return TC_OK;
    } catch (const Xapian::DatabaseLockError &e) {
        snprintf(errbuf, errlen, "%s", e.get_msg().c_str());
        delete db;
        return TC_ELOCKED;
    } catch (const Xapian::DatabaseOpeningError &e) {
        snprintf(errbuf, errlen, "%s", e.get_msg().c_str());
        delete db;
        return mode == TCX_WRITE ? TC_EXAPIAN : TC_ENOINDEX;
    } catch (const Xapian::DatabaseCorruptError &e) {
        snprintf(errbuf, errlen, "%s: %s", e.get_type(), e.get_msg().c_str());
        delete db;
        return TC_EDAMAGED;
    } catch (const Xapian::Error &e) {
        snprintf(errbuf, errlen, "%s: %s", e.get_type(), e.get_msg().c_str());
        delete db;
        return TC_EXAPIAN;
    } catch (const std::bad_alloc &) {
        snprintf(errbuf, errlen, "out of memory");
        delete db;
        return TC_ENOMEM;
    } catch (...) {
        snprintf(errbuf, errlen, "unexpected C++ exception");
        delete db;
        return TC_EXAPIAN;
    }
}

void tcx_db_close(tcx_db *db)
{
    if (!db)
        return;
    try {
        // close() commits a writer's pending changes: callers commit at
        // consistent points, so whatever is pending is whole documents.
        if (db->wr)
            db->wr->close();
        else if (db->rd)
            db->rd->close();
    } catch (...) {
    }
    delete db->rd;
    delete db;
}

const char *tcx_db_errmsg(const tcx_db *db)
{
    return db ? db->err.c_str() : "";
}

tc_rc tcx_db_commit(tcx_db *db)
{
    try {
        db->wr->commit();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

uint32_t tcx_db_doccount(tcx_db *db)
{
    try {
        return db->rd->get_doccount();
    } catch (...) {
        return 0;
    }
}

uint64_t tcx_db_total_length(tcx_db *db)
{
    try {
        return db->rd->get_total_length();
    } catch (...) {
        return 0;
    }
}

tc_rc tcx_db_set_meta(tcx_db *db, const char *key, const char *value, size_t vlen)
{
    try {
        db->wr->set_metadata(key, std::string(value, vlen));
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_get_meta(tcx_db *db, const char *key, tc_buf *out)
{
    try {
        std::string v = db->rd->get_metadata(key);
        return tc_buf_append(out, v.data(), v.size());
    }
    SHIM_CATCH(db)
}

// The lexicon is also kept in user metadata (TCX_LEX_PREFIX + key -> the
// terms, each ended by a NUL): Xapian 1.4's remote backend serves metadata
// but not synonyms, and without the lexicon an unaccented word would find
// only its bare form on a remote shard.  Keys too long for a metadata key
// are left out there (no folded word is that long).
#define TCX_LEX_PREFIX "tc.lex:"
static const size_t tcx_lex_max_key = 200;

static bool lex_has(const std::string &v, const std::string &term)
{
    for (size_t i = 0; i < v.size();) {
        size_t e = v.find('\0', i);
        if (e == std::string::npos)
            e = v.size();
        if (v.compare(i, e - i, term) == 0)
            return true;
        i = e + 1;
    }
    return false;
}

tc_rc tcx_db_add_synonym(tcx_db *db, const char *key, size_t klen, const char *term, size_t tlen)
{
    try {
        std::string k(key, klen), t(term, tlen);
        db->wr->add_synonym(k, t);
        if (klen <= tcx_lex_max_key) {
            std::string mk = TCX_LEX_PREFIX + k;
            std::string v = db->wr->get_metadata(mk);
            if (!lex_has(v, t)) {
                v += t;
                v += '\0';
                db->wr->set_metadata(mk, v);
            }
        }
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_synonyms(tcx_db *db, const char *key, size_t klen, tcx_term_fn fn, void *ctx)
{
    try {
        std::string k(key, klen);
        if (!db->remote) {
            for (auto it = db->rd->synonyms_begin(k); it != db->rd->synonyms_end(k); ++it) {
                std::string s = *it;
                if (fn(ctx, s.data(), s.size(), 0))
                    break;
            }
            return TC_OK;
        }
        // A cluster with remote shards: the union of every shard's lexicon,
        // from its synonyms when local and its metadata when remote, in the
        // order Xapian gives synonyms (sorted, each once).
        std::set<std::string> all;
        for (const tcx_db::shard &sh : db->shards) {
            if (!sh.up)
                continue;
            if (sh.host.empty()) {
                for (auto it = sh.db.synonyms_begin(k); it != sh.db.synonyms_end(k); ++it)
                    all.insert(*it);
            } else if (klen <= tcx_lex_max_key) {
                std::string v = sh.db.get_metadata(TCX_LEX_PREFIX + k);
                for (size_t i = 0; i < v.size();) {
                    size_t e = v.find('\0', i);
                    if (e == std::string::npos)
                        e = v.size();
                    if (e > i)
                        all.insert(v.substr(i, e - i));
                    i = e + 1;
                }
            }
        }
        for (const std::string &s : all)
            if (fn(ctx, s.data(), s.size(), 0))
                break;
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_allterms(tcx_db *db, const char *prefix, size_t plen, tcx_term_fn fn, void *ctx)
{
    try {
        std::string p(prefix, plen);
        for (auto it = db->rd->allterms_begin(p); it != db->rd->allterms_end(p); ++it) {
            std::string s = *it;
            if (fn(ctx, s.data(), s.size(), it.get_termfreq()))
                break;
        }
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_doc_new(tcx_doc **out)
{
    *out = nullptr;
    try {
        *out = new tcx_doc;
        return TC_OK;
    } catch (...) {
        return TC_ENOMEM;
    }
}

void tcx_doc_free(tcx_doc *doc)
{
    delete doc;
}

tc_rc tcx_doc_add_posting(tcx_doc *doc, const char *term, size_t n, uint32_t pos)
{
    try {
        doc->doc.add_posting(std::string(term, n), pos + 1);
        return TC_OK;
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        return TC_EXAPIAN;
    }
}

tc_rc tcx_doc_add_term(tcx_doc *doc, const char *term, size_t n, uint32_t wdf_inc)
{
    try {
        doc->doc.add_term(std::string(term, n), wdf_inc);
        return TC_OK;
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        return TC_EXAPIAN;
    }
}

uint32_t tcx_db_termfreq(tcx_db *db, const char *term, size_t n)
{
    try {
        return db->rd->get_termfreq(std::string(term, n));
    } catch (...) {
        note(db);
        return 0;
    }
}

uint64_t tcx_db_collfreq(tcx_db *db, const char *term, size_t n)
{
    try {
        return db->rd->get_collection_freq(std::string(term, n));
    } catch (...) {
        note(db);
        return 0;
    }
}

tc_rc tcx_doc_add_boolean(tcx_doc *doc, const char *term, size_t n)
{
    try {
        doc->doc.add_boolean_term(std::string(term, n));
        return TC_OK;
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        return TC_EXAPIAN;
    }
}

tc_rc tcx_doc_set_value(tcx_doc *doc, unsigned slot, const char *v, size_t n)
{
    try {
        doc->doc.add_value(slot, std::string(v, n));
        return TC_OK;
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        return TC_EXAPIAN;
    }
}

tc_rc tcx_doc_set_data(tcx_doc *doc, const char *data, size_t n)
{
    try {
        doc->doc.set_data(std::string(data, n));
        return TC_OK;
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        return TC_EXAPIAN;
    }
}

tc_rc tcx_db_replace(tcx_db *db, const char *unique_term, size_t n, tcx_doc *doc, uint32_t *docid)
{
    try {
        *docid = db->wr->replace_document(std::string(unique_term, n), doc->doc);
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_add(tcx_db *db, tcx_doc *doc, uint32_t *docid)
{
    try {
        *docid = db->wr->add_document(doc->doc);
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_put(tcx_db *db, uint32_t docid, tcx_doc *doc)
{
    try {
        db->wr->replace_document(docid, doc->doc);
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_lastdocid(tcx_db *db, uint32_t *out)
{
    *out = 0;
    try {
        *out = db->rd->get_lastdocid();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_delete(tcx_db *db, const char *unique_term, size_t n)
{
    try {
        db->wr->delete_document(std::string(unique_term, n));
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_doc_data(tcx_db *db, uint32_t docid, tc_buf *out)
{
    try {
        std::string d = db->rd->get_document(docid).get_data();
        return tc_buf_append(out, d.data(), d.size());
    } catch (const Xapian::DocNotFoundError &) {
        return TC_ENOTFOUND;
    }
    SHIM_CATCH(db)
}

uint32_t tcx_db_find(tcx_db *db, const char *unique_term, size_t n)
{
    try {
        Xapian::PostingIterator it = db->rd->postlist_begin(std::string(unique_term, n));
        return it == db->rd->postlist_end(std::string(unique_term, n)) ? 0 : *it;
    } catch (...) {
        return 0;
    }
}

tc_rc tcx_db_doc_terms(tcx_db *db, uint32_t docid, const char *prefix, size_t plen, tcx_term_fn fn,
                       void *ctx)
{
    try {
        std::string p(prefix, plen);
        Xapian::TermIterator it = db->rd->termlist_begin(docid);
        it.skip_to(p);
        for (; it != db->rd->termlist_end(docid); ++it) {
            std::string s = *it;
            if (s.compare(0, p.size(), p) != 0)
                break;
            if (fn(ctx, s.data(), s.size(), it.get_wdf()))
                break;
        }
        return TC_OK;
    } catch (const Xapian::DocNotFoundError &) {
        return TC_ENOTFOUND;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_doc_value(tcx_db *db, uint32_t docid, unsigned slot, tc_buf *out)
{
    try {
        std::string v = db->rd->get_document(docid).get_value(slot);
        return tc_buf_append(out, v.data(), v.size());
    } catch (const Xapian::DocNotFoundError &) {
        return TC_ENOTFOUND;
    }
    SHIM_CATCH(db)
}

static tcx_query *wrap(const Xapian::Query &q)
{
    try {
        return new tcx_query{q};
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_term(const char *term, size_t n, uint32_t wqf, uint32_t pos)
{
    try {
        return wrap(Xapian::Query(std::string(term, n), wqf, pos));
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_boolean(const char *term, size_t n)
{
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(std::string(term, n)), 0.0));
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_all(void)
{
    try {
        return wrap(Xapian::Query::MatchAll);
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_none(void)
{
    try {
        return wrap(Xapian::Query::MatchNothing);
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_combine(int op, tcx_query *const *subs, size_t n, uint32_t window)
{
    static const Xapian::Query::op ops[] = {
        Xapian::Query::OP_AND,       Xapian::Query::OP_OR,      Xapian::Query::OP_AND_NOT,
        Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER,  Xapian::Query::OP_PHRASE,
        Xapian::Query::OP_NEAR,      Xapian::Query::OP_SYNONYM, Xapian::Query::OP_ELITE_SET};
    try {
        if (op < 0 || op > TCX_ELITE_SET)
            return nullptr;
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            if (subs[i])
                v.push_back(subs[i]->q);
        if (op == TCX_AND_NOT || op == TCX_AND_MAYBE || op == TCX_FILTER) {
            if (v.empty())
                return wrap(Xapian::Query());
            Xapian::Query left = v[0];
            if (v.size() == 1)
                return wrap(left);
            Xapian::Query right(Xapian::Query::OP_OR, v.begin() + 1, v.end());
            return wrap(Xapian::Query(ops[op], left, right));
        }
        return wrap(Xapian::Query(ops[op], v.begin(), v.end(), window));
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_range(unsigned slot, const char *lo, const char *hi)
{
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
    } catch (...) {
        return nullptr;
    }
}

tcx_query *tcx_query_scale(const tcx_query *q, double factor)
{
    if (!q) // a node that failed to build (out of memory) stays failed
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor));
    } catch (...) {
        return nullptr;
    }
}

tc_rc tcx_query_describe(const tcx_query *q, tc_buf *out)
{
    try {
        std::string d = q ? q->q.get_description() : "Query()";
        return tc_buf_append(out, d.data(), d.size());
    } catch (...) {
        return TC_EXAPIAN;
    }
}

void tcx_query_free(tcx_query *q)
{
    delete q;
}

tc_rc tcx_db_search(tcx_db *db, const tcx_query *q, const tcx_search_opts *o, tcx_mset **out)
{
    *out = nullptr;
    std::unique_ptr<tcx_mset> m;
    try {
        m.reset(new tcx_mset);
        Xapian::Enquire enq(*db->rd);
        enq.set_query(q->q);
        // BM25 with the caller's k1 and b (Xapian's defaults are k1 1, b 0.5);
        // k2 0, k3 1 and min_normlen 0.5 are Xapian's defaults.
        if (o->bm25_k1 > 0)
            enq.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, 0, 1, o->bm25_b, 0.5));
        if (o->sort_slot >= 0)
            enq.set_sort_by_value_then_relevance((Xapian::valueno)o->sort_slot,
                                                 o->sort_descending != 0);
        m->mset = enq.get_mset(o->offset, o->limit, o->check_at_least);
        m->db = db;
        *out = m.release();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

void tcx_mset_free(tcx_mset *m)
{
    delete m;
}

uint32_t tcx_mset_size(const tcx_mset *m)
{
    return m->mset.size();
}

uint32_t tcx_mset_total(const tcx_mset *m)
{
    try {
        return m->mset.get_matches_estimated();
    } catch (...) {
        return 0;
    }
}

uint32_t tcx_mset_docid(const tcx_mset *m, uint32_t i)
{
    try {
        return *(m->mset.begin() + i);
    } catch (...) {
        return 0;
    }
}

double tcx_mset_weight(const tcx_mset *m, uint32_t i)
{
    try {
        return (m->mset.begin() + i).get_weight();
    } catch (...) {
        return 0;
    }
}

tc_rc tcx_mset_data(tcx_mset *m, uint32_t i, tc_buf *out)
{
    try {
        std::string d = (m->mset.begin() + i).get_document().get_data();
        return tc_buf_append(out, d.data(), d.size());
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        note(m->db);
        return TC_EXAPIAN;
    }
}

tc_rc tcx_compact(const char *const *sources, size_t n, const char *dest, char *errbuf,
                  size_t errlen)
{
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(sources[i]));
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
        return TC_OK;
    } catch (const Xapian::Error &e) {
        snprintf(errbuf, errlen, "%s: %s", e.get_type(), e.get_msg().c_str());
        return TC_EXAPIAN;
    } catch (const std::bad_alloc &) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    } catch (...) {
        snprintf(errbuf, errlen, "unexpected C++ exception");
        return TC_EXAPIAN;
    }
}

struct tcx_cursor {
    tcx_db *db;                               // the database (errors go there)
    std::vector<std::string> terms;           // the terms walked (term cursors)
    std::vector<Xapian::PostingIterator> its; // one per term, at or before the last docid
    unsigned slot = 0;                        // the value slot (value cursors)
    Xapian::ValueIterator vit;                // its stream, at or before the last docid
    bool values = false;                      // a value cursor
    bool positions = false;                   // term cursors: report positions
    bool started = false;                     // the iterators exist
    uint32_t last = 0;                        // the last docid asked for
    std::vector<uint32_t> pos;                // scratch: one term's positions
};

/* (Re)opens the iterators at the start of their lists. */
static void cursor_start(tcx_cursor *c)
{
    Xapian::Database &d = *c->db->rd;
    if (c->values) {
        c->vit = d.valuestream_begin(c->slot);
    } else {
        c->its.clear();
        for (const std::string &t : c->terms)
            c->its.push_back(d.postlist_begin(t));
    }
    c->started = true;
    c->last = 0;
}

tc_rc tcx_cursor_terms(tcx_db *db, const char *const *terms, const size_t *lens, size_t n,
                       int positions, tcx_cursor **out)
{
    *out = nullptr;
    try {
        std::unique_ptr<tcx_cursor> c(new tcx_cursor);
        c->db = db;
        c->positions = positions != 0;
        for (size_t i = 0; i < n; i++)
            c->terms.emplace_back(terms[i], lens[i]);
        *out = c.release();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_cursor_values(tcx_db *db, unsigned slot, tcx_cursor **out)
{
    *out = nullptr;
    try {
        std::unique_ptr<tcx_cursor> c(new tcx_cursor);
        c->db = db;
        c->slot = slot;
        c->values = true;
        *out = c.release();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

void tcx_cursor_free(tcx_cursor *c)
{
    delete c;
}

tc_rc tcx_cursor_doc(tcx_cursor *c, uint32_t docid, tcx_pos_fn fn, void *ctx)
{
    tcx_db *db = c->db;
    try {
        if (!c->started || docid < c->last)
            cursor_start(c);
        c->last = docid;
        Xapian::Database &d = *db->rd;
        for (size_t i = 0; i < c->its.size(); i++) {
            Xapian::PostingIterator &it = c->its[i];
            if (it == d.postlist_end(c->terms[i]))
                continue;
            it.skip_to(docid);
            if (it == d.postlist_end(c->terms[i]) || *it != docid)
                continue;
            int stop;
            if (c->positions) {
                c->pos.clear();
                // Xapian 1.4 opens a fresh B-tree cursor for each position
                // list: about two block reads (pread) per document and term,
                // measured with strace; the rest of the walk reads ahead.
                for (Xapian::PositionIterator p = it.positionlist_begin();
                     p != it.positionlist_end(); ++p)
                    c->pos.push_back(*p - 1); /* stored 1-based (tcx_doc_add_posting) */
                if (c->pos.empty())
                    continue;
                stop = fn(ctx, i, c->pos.data(), c->pos.size());
            } else {
                stop = fn(ctx, i, nullptr, it.get_wdf());
            }
            if (stop)
                break;
        }
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_cursor_value(tcx_cursor *c, uint32_t docid, tc_buf *out)
{
    tcx_db *db = c->db;
    try {
        if (!c->started || docid < c->last)
            cursor_start(c);
        c->last = docid;
        Xapian::Database &d = *db->rd;
        if (db->remote) {
            // A value stream over a remote shard fetches the whole document
            // (data and values) for each value read: a facet's two cursors
            // (its slot, the sentence starts) fetched it twice.  The last
            // document is kept for the other cursors instead.
            if (db->doc_id != docid) {
                db->doc = d.get_document(docid);
                db->doc_id = docid;
            }
            std::string v = db->doc.get_value(c->slot);
            return tc_buf_append(out, v.data(), v.size());
        }
        if (c->vit == d.valuestream_end(c->slot))
            return TC_OK;
        c->vit.skip_to(docid);
        if (c->vit == d.valuestream_end(c->slot) || c->vit.get_docid() != docid)
            return TC_OK;
        std::string v = *c->vit;
        return tc_buf_append(out, v.data(), v.size());
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_match(tcx_db *db, const tcx_query *q, uint32_t **ids, uint32_t *n)
{
    *ids = nullptr;
    *n = 0;
    try {
        Xapian::Enquire enq(*db->rd);
        enq.set_query(q->q);
        // No weights: the matcher skips BM25, and in docid order it need
        // not sort the hits.
        enq.set_weighting_scheme(Xapian::BoolWeight());
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::doccount all = db->rd->get_doccount();
        Xapian::MSet m = enq.get_mset(0, all ? all : 1, all);
        uint32_t *v = static_cast<uint32_t *>(malloc((m.size() ? m.size() : 1) * sizeof *v));
        if (!v)
            throw std::bad_alloc();
        uint32_t k = 0;
        for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
            v[k++] = *it;
        *ids = v;
        *n = k;
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_db_postlist(tcx_db *db, const char *term, size_t n, tcx_doc_fn fn, void *ctx)
{
    try {
        std::string t(term, n);
        for (Xapian::PostingIterator it = db->rd->postlist_begin(t); it != db->rd->postlist_end(t);
             ++it)
            if (fn(ctx, *it))
                break;
        return TC_OK;
    }
    SHIM_CATCH(db)
}

int tcx_db_moved(const tcx_db *db)
{
    return db && db->moved;
}

int tcx_db_damaged(const tcx_db *db)
{
    return db && db->damaged;
}

tc_rc tcx_db_reopen(tcx_db *db, int *changed)
{
    *changed = 0;
    try {
        *changed = db->rd->reopen() ? 1 : 0;
        db->moved = db->damaged = false;
        db->doc_id = 0;
        db->doc = Xapian::Document();
        return TC_OK;
    }
    SHIM_CATCH(db)
}

uint64_t tcx_db_revision(tcx_db *db)
{
    try {
        return db->rd->get_revision();
    } catch (...) {
        note(db);
        return 0;
    }
}

tc_rc tcx_db_docids(tcx_db *db, tcx_docid_fn fn, void *ctx)
{
    try {
        for (Xapian::PostingIterator it = db->rd->postlist_begin("");
             it != db->rd->postlist_end(""); ++it)
            if (fn(ctx, *it))
                break;
        return TC_OK;
    }
    SHIM_CATCH(db)
}

tc_rc tcx_compact_same_ids(const char *src, const char *dest, char *errbuf, size_t errlen)
{
    return tcx_merge_same_ids(&src, 1, dest, errbuf, errlen);
}

tc_rc tcx_merge_same_ids(const char *const *sources, size_t n, const char *dest, char *errbuf,
                         size_t errlen)
{
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(sources[i]));
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS | Xapian::DBCOMPACT_NO_RENUMBER);
        return TC_OK;
    } catch (const Xapian::Error &e) {
        snprintf(errbuf, errlen, "%s: %s", e.get_type(), e.get_msg().c_str());
        return TC_EXAPIAN;
    } catch (const std::bad_alloc &) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    } catch (...) {
        snprintf(errbuf, errlen, "unexpected C++ exception");
        return TC_EXAPIAN;
    }
}

tc_rc tcx_check(const char *path, size_t *errors, tc_buf *out)
{
    *errors = 0;
    std::ostringstream report;
    try {
        *errors = Xapian::Database::check(path, 0, &report);
    } catch (const Xapian::Error &e) {
        // A table too damaged to walk: one error, with Xapian's reason.
        *errors = 1;
        report << e.get_type() << ": " << e.get_msg() << "\n";
    } catch (const std::bad_alloc &) {
        return TC_ENOMEM;
    } catch (...) {
        *errors = 1;
        report << "unexpected C++ exception\n";
    }
    try {
        std::string r = report.str();
        return tc_buf_append(out, r.data(), r.size());
    } catch (...) {
        return TC_ENOMEM;
    }
}

tc_rc tcx_cluster_open(const tcx_shard_loc *locs, size_t n, unsigned timeout_ms, int partial_ok,
                       tcx_db **out, char *errbuf, size_t errlen)
{
    *out = nullptr;
    std::unique_ptr<tcx_db> db;
    try {
        db.reset(new tcx_db);
        db->timeout_ms = timeout_ms;
        db->partial_ok = partial_ok != 0;
        for (size_t i = 0; i < n; i++) {
            tcx_db::shard s;
            s.name = locs[i].name;
            if (locs[i].host) {
                s.host = locs[i].host;
                s.port = locs[i].port;
            } else {
                s.path = locs[i].path;
            }
            db->shards.push_back(s);
        }
        std::string why;
        tc_rc rc = join_shards(db.get(), why);
        if (rc) {
            snprintf(errbuf, errlen, "%s", why.c_str());
            return rc;
        }
        *out = db.release();
        return TC_OK;
    } catch (const std::bad_alloc &) {
        snprintf(errbuf, errlen, "out of memory");
        return TC_ENOMEM;
    } catch (const Xapian::Error &e) {
        snprintf(errbuf, errlen, "%s: %s", e.get_type(), e.get_msg().c_str());
        return TC_EXAPIAN;
    } catch (...) {
        snprintf(errbuf, errlen, "unexpected C++ exception");
        return TC_EXAPIAN;
    }
}

tc_rc tcx_cluster_reconnect(tcx_db *db)
{
    try {
        std::string why;
        tc_rc rc = join_shards(db, why);
        if (rc)
            db->err = why;
        return rc;
    }
    SHIM_CATCH(db)
}

size_t tcx_cluster_size(const tcx_db *db)
{
    return db ? db->shards.size() : 0;
}

const char *tcx_cluster_shard(const tcx_db *db, size_t i, int *up)
{
    if (!db || i >= db->shards.size())
        return nullptr;
    if (up)
        *up = db->shards[i].up;
    return db->shards[i].name.c_str();
}

tc_rc tcx_cluster_shard_meta(tcx_db *db, size_t i, const char *key, tc_buf *out)
{
    try {
        if (i >= db->shards.size() || !db->shards[i].up)
            return TC_EINVAL;
        std::string v = db->shards[i].db.get_metadata(key);
        return tc_buf_append(out, v.data(), v.size());
    }
    SHIM_CATCH(db)
}

int tcx_cluster_shard_remote(const tcx_db *db, size_t i)
{
    return db && i < db->shards.size() && !db->shards[i].host.empty();
}

int tcx_cluster_lost(const tcx_db *db)
{
    return db ? db->lost : -1;
}

tc_rc tcx_db_value_counts(tcx_db *db, const tcx_query *q, unsigned slot, tcx_value_fn fn, void *ctx,
                          uint32_t *total)
{
    *total = 0;
    try {
        Xapian::Enquire enq(*db->rd);
        enq.set_query(q->q);
        enq.set_weighting_scheme(Xapian::BoolWeight());
        // The spy runs where the documents are (on each remote server) and
        // Xapian merges the counts: one round trip per shard, where a value
        // stream over a remote shard fetches every document.
        Xapian::ValueCountMatchSpy spy(slot);
        enq.add_matchspy(&spy);
        Xapian::doccount all = db->rd->get_doccount();
        Xapian::MSet m = enq.get_mset(0, 0, all ? all : 1);
        *total = m.get_matches_estimated();
        Xapian::doccount seen = 0;
        for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
            std::string v = *it;
            seen += it.get_termfreq();
            if (fn(ctx, v.data(), v.size(), it.get_termfreq()))
                break;
        }
        // Documents without a value in the slot are not in the spy.
        if (*total > seen)
            fn(ctx, "", 0, *total - seen);
        return TC_OK;
    }
    SHIM_CATCH(db)
}

} // extern "C"
