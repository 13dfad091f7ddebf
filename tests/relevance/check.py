#!/usr/bin/env python3
"""Validate tests/relevance/judged.tsv and print its counts.

Checks: the header and column count; unique query ids; collection and kind from
their lists; the split is the one the rule gives (first hex digit of
sha256(qid): 0-7 tune, 8-f heldout); both query forms present, the ASCII form
free of diacritics and equal to the query with its diacritics removed; every
relevant id exists in its collection (news ids against the tarball's member
list); at most 50 relevant documents a query, no duplicates; grades 1 or 2,
one per document.  Exit status 0 when all hold, 1 otherwise (each fault is
printed as FILE:LINE: message).

  check.py [judged.tsv] [--corpora DIR] [--news TARBALL]

DIR defaults to $TRACUU_CORPORA or /work/shared/corpora; TARBALL to
DIR/news-baomoi-35k.tar.gz.  The news member list is read from the tarball (a few
seconds) the first time a news id is checked.
"""
import argparse, collections, hashlib, os, sys, tarfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
COLUMNS = ["qid", "collection", "kind", "split", "query", "query_ascii", "relevant", "grade", "notes"]
COLLECTIONS = ["corpus", "resolutions", "realdocs", "news", "mixed"]
KINDS = ["keyword", "name", "ambiguous", "question"]
TARGETS = {"all": 120, "news": 25, "realdocs": 25, "resolutions": 20, "corpus": 15}
MAX_RELEVANT = 50


def strip_marks(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D")


def has_diacritics(s):
    return strip_marks(s) != unicodedata.normalize("NFD", s) or any(c in "đĐ" for c in s)


def expected_split(qid):
    return "tune" if hashlib.sha256(qid.encode("utf-8")).hexdigest()[0] in "01234567" else "heldout"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv", nargs="?", default=os.path.join(HERE, "judged.tsv"))
    ap.add_argument("--corpora", default=os.environ.get("TRACUU_CORPORA", "/work/shared/corpora"))
    ap.add_argument("--news", default=None)
    a = ap.parse_args()
    news_tar = a.news or os.path.join(a.corpora, "news-baomoi-35k.tar.gz")
    roots = {
        "corpus": os.path.join(ROOT, "corpus"),
        "resolutions": os.path.join(a.corpora, "resolutions-2025"),
        "realdocs": os.path.join(a.corpora, "real-docs"),
    }
    errors = []

    def err(line, msg):
        errors.append(f"{a.tsv}:{line}: {msg}")

    rows = []
    with open(a.tsv, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != COLUMNS:
        err(1, "header must be: " + "\t".join(COLUMNS))
    for n, line in enumerate(lines[1:], 2):
        f = line.split("\t")
        if len(f) != len(COLUMNS):
            err(n, f"{len(f)} columns, want {len(COLUMNS)}")
            continue
        rows.append((n, dict(zip(COLUMNS, f))))

    news_members = None

    def news_member_list():
        # Read once, and only when a news id is met: listing the tarball takes seconds.
        nonlocal news_members
        if news_members is None:
            try:
                with tarfile.open(news_tar, "r:gz") as t:
                    news_members = {m.name for m in t if m.isfile()}
            except (OSError, tarfile.TarError) as e:
                err(0, f"cannot read the news tarball {news_tar}: {e}")
                news_members = set()
        return news_members

    def exists(doc):
        coll, _, rest = doc.partition("/")
        if not rest or ".." in rest.split("/"):
            return False
        if coll == "news":
            return rest in news_member_list()
        if coll in roots:
            return os.path.isfile(os.path.join(roots[coll], rest))
        return False

    seen = set()
    for n, r in rows:
        qid = r["qid"]
        if not qid or qid in seen:
            err(n, f"query id '{qid}' empty or repeated")
        seen.add(qid)
        if r["collection"] not in COLLECTIONS:
            err(n, f"collection '{r['collection']}' not one of {COLLECTIONS}")
        if r["kind"] not in KINDS:
            err(n, f"kind '{r['kind']}' not one of {KINDS}")
        if r["split"] != expected_split(qid):
            err(n, f"split '{r['split']}' but sha256({qid}) gives '{expected_split(qid)}'")
        q, qa = r["query"], r["query_ascii"]
        if not q.strip() or not qa.strip():
            err(n, "a query form is empty")
        if unicodedata.normalize("NFC", q) != q:
            err(n, "query is not NFC")
        if not has_diacritics(q):
            err(n, "query has no diacritics: both forms would be the same")
        if has_diacritics(qa):
            err(n, f"query_ascii '{qa}' has diacritics")
        if strip_marks(q) != qa:
            err(n, f"query_ascii '{qa}' is not the query without its diacritics ('{strip_marks(q)}')")
        ids = r["relevant"].split()
        if not ids:
            err(n, "no relevant document")
        if len(ids) > MAX_RELEVANT:
            err(n, f"{len(ids)} relevant documents, at most {MAX_RELEVANT}")
        if len(set(ids)) != len(ids):
            err(n, "a relevant document is listed twice")
        for d in ids:
            coll = d.split("/", 1)[0]
            if r["collection"] != "mixed" and coll != r["collection"]:
                err(n, f"{d} is not in collection {r['collection']}")
            if not exists(d):
                err(n, f"{d} does not exist")
        grades = r["grade"].split()
        if grades and len(grades) != len(ids):
            err(n, f"{len(grades)} grades for {len(ids)} documents")
        if any(g not in ("1", "2") for g in grades):
            err(n, "grades must be 1 or 2")

    for e in errors:
        print(e, file=sys.stderr)

    by = lambda key: collections.Counter(r[key] for _, r in rows)
    sizes = collections.Counter(
        "1" if len(r["relevant"].split()) == 1 else "2-5" if len(r["relevant"].split()) <= 5 else "6+"
        for _, r in rows)
    ndocs = sum(len(r["relevant"].split()) for _, r in rows)
    print(f"queries: {len(rows)} (each in two forms: {2 * len(rows)} query strings); judged relevant: {ndocs}")
    for name, c in (("collection", by("collection")), ("kind", by("kind")), ("split", by("split")),
                    ("relevant per query", sizes)):
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    cross = collections.Counter((r["collection"], r["kind"]) for _, r in rows)
    print("collection x kind: " + ", ".join(f"{c}/{k} {v}" for (c, k), v in sorted(cross.items())))
    counts = by("collection")
    short = [f"{k} {counts.get(k, 0) if k != 'all' else len(rows)}<{v}" for k, v in TARGETS.items()
             if (len(rows) if k == "all" else counts.get(k, 0)) < v]
    print("targets of issue 11: " + ("met" if not short else "not yet met: " + ", ".join(short)))
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
