#!/usr/bin/env python3
"""Write judged.tsv from judgments.txt.

judgments.txt is the hand-written source (one query a line, short document ids);
this script only mechanises what needs no judgment: the query typed without
diacritics (the same keystrokes on a plain keyboard), the tune/held-out split
from the query id, and the full document ids.  Run it after editing
judgments.txt, then check.py.
"""
import glob, hashlib, os, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPORA = os.environ.get("TRACUU_CORPORA", "/work/shared/corpora")
REALDOCS = os.path.join(CORPORA, "real-docs")


def ascii_form(s):
    """What a user types for s on a keyboard without Vietnamese input."""
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D")


def split_of(qid):
    return "tune" if hashlib.sha256(qid.encode()).hexdigest()[0] in "01234567" else "heldout"


def expand(short):
    coll, _, rest = short.partition("/")
    if coll == "corpus" and len(rest) == 3:
        hits = glob.glob(os.path.join(ROOT, "corpus", rest + "_*.txt"))
        if len(hits) != 1:
            sys.exit(f"corpus id {short}: {len(hits)} files")
        return "corpus/" + os.path.basename(hits[0])
    if coll == "resolutions" and "." not in rest:
        name = "60-NQ_TW.md" if rest == "60" else rest + "_NQ-UBTVQH15.md"
        return "resolutions/" + name
    if coll == "realdocs" and not os.path.isfile(os.path.join(REALDOCS, rest)):
        # a unique prefix of a document's path (never its .json metadata twin)
        hits = [h for h in glob.glob(os.path.join(REALDOCS, glob.escape(rest) + "*"))
                if not h.endswith(".json") and os.path.isfile(h)]
        if len(hits) != 1:
            sys.exit(f"real-docs id {short}: {len(hits)} files match")
        return "realdocs/" + os.path.relpath(hits[0], REALDOCS)
    if coll == "news" and rest.isdigit():
        return f"news/news-baomoi/{rest}.txt"
    return short


def main():
    out = ["\t".join(["qid", "collection", "kind", "split", "query", "query_ascii",
                      "relevant", "grade", "notes"])]
    seen = set()
    for n, line in enumerate(open(os.path.join(HERE, "judgments.txt"), encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 6:
            sys.exit(f"judgments.txt:{n}: {len(f)} fields, want 6")
        qid, coll, kind, query, rel, notes = f
        if qid in seen:
            sys.exit(f"judgments.txt:{n}: duplicate qid {qid}")
        seen.add(qid)
        query = unicodedata.normalize("NFC", query.strip())
        ids, grades = [], []
        for item in rel.split():
            doc, _, g = item.rpartition(":")
            ids.append(expand(doc))
            grades.append(g)
        out.append("\t".join([qid, coll, kind, split_of(qid), query, ascii_form(query),
                              " ".join(ids), " ".join(grades), notes.strip()]))
    with open(os.path.join(HERE, "judged.tsv"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    print(f"judged.tsv: {len(out) - 1} queries")


if __name__ == "__main__":
    main()
