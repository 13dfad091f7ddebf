#!/usr/bin/env python3
"""relevance.py: `make relevance`.  Scores tracuu's ranking on the hand-judged
query set (tests/relevance/judged.tsv) next to two reference rankers written
here, so a change to the ranking is judged against something simple.

Copyright (C) 2026 the tracuu authors
SPDX-License-Identifier: GPL-3.0-or-later

Collections (ids as in judged.tsv: <collection>/<path under its root>):
  corpus/       the sample reports of this repository (corpus/*.txt)
  resolutions/  ../shared/corpora/resolutions-2025
  realdocs/     ../shared/corpora/real-docs (Word, PDF: their text is taken
                from tracuu itself, `tracuu show --text`, so every ranker
                reads the same words)
  news/         ../shared/corpora/news-baomoi-35k.tar.gz, unpacked into the
                cache (its text is never committed); ids are the tarball's
                member paths ("news/news-baomoi/21395276.txt")
All four are indexed into ONE tracuu index (build/relevance/ix) and every query
runs over all of them, as a user's index would hold them: a document of
another collection than the query's is simply not relevant.

Rankers
  tracuu     `tracuu search --format json --limit 10 QUERY`, one process per query
  bm25       plain BM25 (k1 1.2, b 0.75) over syllables, OR of the query's
             syllables
  bm25+pairs the same over syllables plus adjacent syllable pairs (a pair is
             one more term, "hiệu quả"; pairs do not cross punctuation)
Syllables for the reference rankers: the text is NFC-normalised and lower-cased
(Python's str.lower, which agrees with ICU's root-locale lower case on
Vietnamese), then cut into runs of word characters (regex \\w+): the pieces of
"45/2016/QĐ-TTg" are syllables, as ICU's word break gives them.  No stemming,
no stop words.  Folding: when the query has no letter with a diacritic (no
đ), query AND documents are folded (NFD, combining marks dropped, đ -> d), so
"hieu qua" is BM25 over the folded text; a query with diacritics is matched
exactly.  Document length is its syllable count for both reference rankers.

Metrics (per form: query with diacritics / without; per split: tune, heldout):
MRR@10, recall@10 (relevant found in the top 10 / relevant judged), nDCG@10
(gain = grade, 1 when judged.tsv gives none; ideal order from the judged list).
Tune ranking parameters on the tune split only; heldout is the check.

Usage: scripts/relevance.py [--judged FILE] [--cache DIR] [--tracuu BIN]
                            [--reindex] [--per-query] [--only tracuu]
Environment TRACUU_BM25="k1,b" is passed through to tracuu (tuning hook).
"""
import argparse
import concurrent.futures
import hashlib
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tarfile
import time
import unicodedata
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(os.path.dirname(REPO), "shared", "corpora")
if not os.path.isdir(CORPORA):
    CORPORA = "/work/shared/corpora"
K1, B = 1.2, 0.75
WORD = re.compile(r"\w+")


def say(*a):
    print("relevance:", *a, file=sys.stderr, flush=True)


# ---- text ----------------------------------------------------------------------

_FOLD = {}
for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
    ch = chr(cp)
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    if base != ch and base:
        _FOLD[cp] = base
_FOLD[ord("đ")] = "d"
_FOLD[ord("Đ")] = "D"


COMBINING = re.compile("[\u0300-\u036f]")


def fold(s):
    s = s.translate(_FOLD)
    if COMBINING.search(s):  # decomposed input
        s = COMBINING.sub("", unicodedata.normalize("NFD", s))
    return s


def canon(s):
    return unicodedata.normalize("NFC", s).lower()


def has_diacritics(q):
    c = canon(q)
    return fold(c) != c


PUNCT = re.compile(r"[^\w\s]+")


def tokens_with_breaks(text):
    """Syllables in order, "|" where punctuation stands between two (a pair
    does not cross it)."""
    return PUNCT.sub(" | ", text).split()


def terms_of(text, pairs):
    toks = tokens_with_breaks(text)
    ts = [t for t in toks if t != "|"]
    if pairs:
        ts += [a + " " + b for a, b in zip(toks, toks[1:]) if a != "|" and b != "|"]
    return ts


# ---- judged set ------------------------------------------------------------------

def load_judged(path):
    qs = []
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        col = {h: i for i, h in enumerate(head)}
        for n, line in enumerate(f, 2):
            if not line.strip() or line.startswith("#"):
                continue
            v = line.rstrip("\n").split("\t")
            v += [""] * (len(head) - len(v))
            rel = v[col["relevant"]].split()
            grades = v[col["grade"]].split() if "grade" in col else []
            g = {}
            for i, d in enumerate(rel):
                try:
                    g[d] = float(grades[i]) if i < len(grades) else 1.0
                except ValueError:
                    g[d] = 1.0
            qs.append({
                "qid": v[col["qid"]], "collection": v[col["collection"]],
                "kind": v[col["kind"]], "split": v[col["split"]],
                "query": v[col["query"]], "query_ascii": v[col["query_ascii"]],
                "grades": g,
            })
    return qs


# ---- collections -----------------------------------------------------------------

def roots(cache):
    return [
        ("corpus", os.path.join(REPO, "corpus")),
        ("resolutions", os.path.join(CORPORA, "resolutions-2025")),
        ("realdocs", os.path.join(CORPORA, "real-docs")),
        ("news", SRC),  # member paths start news-baomoi/
    ]


SRC = os.path.join(REPO, "build", "relevance", "src")


def unpack_news(cache):
    dst = SRC
    if os.path.isdir(os.path.join(dst, "news-baomoi")):
        return
    tgz = os.path.join(CORPORA, "news-baomoi-35k.tar.gz")
    say("unpacking", tgz)
    os.makedirs(dst, exist_ok=True)
    with tarfile.open(tgz) as t:
        t.extractall(dst, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(dst)


def doc_id(path, rts):
    path = os.path.realpath(path)
    for name, root in rts:
        r = os.path.realpath(root) + os.sep
        if path.startswith(r):
            return name + "/" + path[len(r):]
    return path


def index_stamp(tracuu):
    st = os.stat(tracuu)
    return "%s %d %d" % (os.path.realpath(tracuu), st.st_size, int(st.st_mtime))


def build_index(args, rts):
    ix = os.path.join(args.cache, "ix")
    stamp_file = os.path.join(args.cache, "ix.stamp")
    stamp = index_stamp(args.index_tracuu)
    old = open(stamp_file).read() if os.path.exists(stamp_file) else ""
    if not args.reindex and old == stamp and os.path.isdir(ix):
        return ix
    subprocess.run(["rm", "-rf", ix], check=True)
    say("indexing the four collections into", ix, "(a few minutes)")
    t0 = time.time()
    r = subprocess.run([args.index_tracuu, "index", "--index", ix] + [d for _, d in rts],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        sys.exit("relevance: tracuu index failed (%d): %s" % (r.returncode, r.stderr[-2000:]))
    du = subprocess.run(["du", "-sk", os.path.join(ix, "xapian")], capture_output=True, text=True)
    say("indexed in %.0f s; xapian %s kB" % (time.time() - t0, du.stdout.split()[0]))
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return ix


def list_docs(rts):
    """(id, path) of every file the reference rankers read."""
    out = []
    for name, root in rts:
        for dp, dn, fn in os.walk(root):
            dn.sort()
            for f in sorted(fn):
                p = os.path.join(dp, f)
                ext = f.rsplit(".", 1)[-1].lower()
                if name == "realdocs":
                    if ext in ("docx", "doc", "pdf", "odt", "rtf", "html", "htm", "txt", "md"):
                        out.append((doc_id(p, rts), p))
                elif ext in ("txt", "md") and f != "README.md":
                    out.append((doc_id(p, rts), p))
    return out


def doc_text(tracuu, ix, path, cache):
    if path.endswith((".txt", ".md")):
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    key = hashlib.sha1(path.encode()).hexdigest()
    cp = os.path.join(os.path.dirname(SRC), "text", key + ".txt")
    if os.path.exists(cp):
        with open(cp, encoding="utf-8") as f:
            return f.read()
    r = subprocess.run([tracuu, "show", "--index", ix, "--text", path], capture_output=True,
                       text=True, errors="replace")
    text = r.stdout if r.returncode == 0 else ""
    os.makedirs(os.path.dirname(cp), exist_ok=True)
    with open(cp, "w", encoding="utf-8") as f:
        f.write(text)
    return text


# ---- reference rankers -----------------------------------------------------------

def query_terms(q, folded, pairs):
    t = canon(q)
    if folded:
        t = fold(t)
    ts = terms_of(t, pairs)
    return list(dict.fromkeys(ts))  # unique, in order (OR of the terms)


def count_terms(chunk):
    """tf of the needed syllables and pairs in some documents (a worker)."""
    docs, need_uni, need_big, tracuu, ix, cache = chunk
    tf = {False: defaultdict(dict), True: defaultdict(dict)}
    lens = {}
    for did, path in docs:
        text = canon(doc_text(tracuu, ix, path, cache))
        for folded in (False, True):
            toks = tokens_with_breaks(fold(text) if folded else text)
            uni = Counter(toks)
            big = Counter(zip(toks, toks[1:]))
            if not folded:
                lens[did] = len(toks) - uni.get("|", 0)
            for x in uni.keys() & need_uni[folded]:
                tf[folded][x][did] = uni[x]
            for ab in big.keys() & need_big[folded]:
                tf[folded][ab[0] + " " + ab[1]][did] = big[ab]
    return {f: dict(v) for f, v in tf.items()}, lens


def reference_stats(args, ix, qs, rts):
    """tf of every term any query needs, df, lengths: one pass over the text."""
    need = {False: set(), True: set()}  # folded? -> terms
    for q in qs:
        for text in (q["query"], q["query_ascii"]):
            folded = not has_diacritics(text)
            need[folded].update(query_terms(text, folded, True))
    docs = list_docs(rts)
    key = hashlib.sha1(repr((sorted(need[False]), sorted(need[True]), docs)).encode()).hexdigest()
    cp = os.path.join(os.path.dirname(SRC), "refstats-%s.pickle" % key[:16])
    if os.path.exists(cp):
        with open(cp, "rb") as f:
            return pickle.load(f)
    say("reading %d documents for the reference rankers (%d processes)" % (len(docs), args.jobs))
    need_uni = {f: {x for x in need[f] if " " not in x} for f in need}
    need_big = {f: {tuple(x.split(" ", 1)) for x in need[f] if " " in x} for f in need}
    # Word documents need tracuu's text first (cached), in this process.
    for did, path in docs:
        if not path.endswith((".txt", ".md")):
            doc_text(args.tracuu, ix, path, args.cache)
    chunks = [(docs[i::args.jobs], need_uni, need_big, args.tracuu, ix, args.cache)
              for i in range(args.jobs)]
    tf = {False: defaultdict(dict), True: defaultdict(dict)}  # form -> term -> {doc: tf}
    lens = {}
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as ex:
        for part_tf, part_len in ex.map(count_terms, chunks):
            lens.update(part_len)
            for f in part_tf:
                for x, post in part_tf[f].items():
                    tf[f][x].update(post)
    st = {"tf": {k: dict(v) for k, v in tf.items()}, "len": lens}
    with open(cp, "wb") as f:
        pickle.dump(st, f)
    return st


def bm25_rank(st, text, pairs, k=10):
    folded = not has_diacritics(text)
    qt = query_terms(text, folded, pairs)
    lens = st["len"]
    n = len(lens)
    avg = sum(lens.values()) / max(n, 1)
    score = defaultdict(float)
    for t in qt:
        post = st["tf"][folded].get(t, {})
        df = len(post)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for d, f in post.items():
            score[d] += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * lens[d] / avg))
    return [d for d, _ in sorted(score.items(), key=lambda x: (-x[1], x[0]))[:k]]


# ---- tracuu ----------------------------------------------------------------------

def tracuu_rank(args, ix, text, rts):
    r = subprocess.run([args.tracuu, "search", "--index", ix, "--format", "json", "--limit",
                        "10", "--", text] if args.dashdash else
                       [args.tracuu, "search", "--index", ix, "--format", "json", "--limit",
                        "10", text], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        return [], r.stderr.strip().splitlines()[0] if r.stderr.strip() else "exit %d" % r.returncode
    out = []
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(doc_id(json.loads(line)["path"], rts))
            except (ValueError, KeyError):
                pass
    return out[:10], None


# ---- metrics ---------------------------------------------------------------------

def metrics(ranked, grades):
    rel = set(grades)
    mrr = 0.0
    for i, d in enumerate(ranked[:10]):
        if d in rel:
            mrr = 1.0 / (i + 1)
            break
    rec = len(rel & set(ranked[:10])) / len(rel) if rel else 0.0
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return mrr, rec, (dcg / idcg if idcg else 0.0)


# ---- accent restoration ----------------------------------------------------------

IY = re.compile(r"^(h|k|l|m|s|t|qu)i$")


def syllable_key(w):
    """A syllable as restoration must give it back: base letters (i/y spelling
    folded as tracuu does) and its marks, wherever the tone sits ("hoà" = "hòa")."""
    w = canon(w)
    base = IY.sub(lambda m: m.group(1) + "y", fold(w))
    marks = sorted(c for c in unicodedata.normalize("NFD", w) if unicodedata.combining(c))
    return base + "|" + "".join(marks) + ("đ" if "đ" in w else "")


def restoration(args):
    """Folds held-out sentences (corpus/ and the resolutions, not in the
    index given) and lets tracuu restore them (`search --explain`: "reading
    searched first"); prints the share of syllables given back right."""
    sents = []
    files = sorted(os.path.join(REPO, "corpus", f) for f in os.listdir(os.path.join(REPO, "corpus"))
                   if f.endswith(".txt"))
    rdir = os.path.join(CORPORA, "resolutions-2025")
    files += sorted(os.path.join(rdir, f) for f in os.listdir(rdir) if f.endswith(".md"))
    for path in files:
        text = open(path, encoding="utf-8").read()
        for part in re.split(r"[.;:!?()\[\]\n*#|\\/\"'“”,-]+", text):
            words = part.split()
            if 4 <= len(words) <= 12 and all(w.isalpha() for w in words) and has_diacritics(part):
                sents.append(words)
    # One sentence in every k, the same each run.
    k = max(1, len(sents) // args.restore_n)
    sents = sents[::k][:args.restore_n]
    qfile = os.path.join(args.cache, "restore-queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        for ws in sents:
            f.write(" ".join(fold(canon(w)) for w in ws) + "\n")
    r = subprocess.run([args.tracuu, "search", "--index", args.restore_index, "--explain",
                        "--limit", "1", "--format", "json", "--queries", qfile],
                       capture_output=True, text=True)
    readings = [l.split(": ", 1)[1].split(" (others:")[0]
                for l in r.stderr.splitlines() if l.startswith("reading searched first: ")]
    explains = r.stderr.count("terms and filters:")
    if explains != len(sents) or len(readings) > len(sents):
        sys.exit("relevance: %d sentences, %d explanations, %d readings" %
                 (len(sents), explains, len(readings)))
    # Map explanations to sentences: a sentence without a reading line gets none.
    blocks = r.stderr.split("terms and filters:")[1:]
    good = total = 0
    unseen = 0
    for ws, blk in zip(sents, blocks):
        m = re.search(r"^reading searched first: (.*?)(?: \(others:.*)?$", blk, re.M)
        got = m.group(1).split() if m else []
        total += len(ws)
        if len(got) != len(ws):
            unseen += 1
            # no reading (a word the index never saw): count the unaccented form as typed
            got = [fold(canon(w)) for w in ws]
        good += sum(1 for a, b in zip(ws, got) if syllable_key(a) == syllable_key(b))
    print("accent restoration: %d held-out sentences (%d syllables) from corpus/ and the "
          "resolutions, restored from the index %s" % (len(sents), total, args.restore_index))
    print("syllable accuracy %.1f%% (%d/%d); %d sentences without a full reading" %
          (100.0 * good / max(total, 1), good, total, unseen))
    base = sum(1 for ws in sents for w in ws if not has_diacritics(w))
    print("baseline (leave every syllable unaccented): %.1f%%" % (100.0 * base / max(total, 1)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--restore-index", help="measure accent restoration against this index")
    ap.add_argument("--restore-n", type=int, default=300)
    ap.add_argument("--judged", default=os.path.join(REPO, "tests", "relevance", "judged.tsv"))
    ap.add_argument("--cache", default=os.path.join(REPO, "build", "relevance"))
    ap.add_argument("--tracuu", default=os.path.join(REPO, "bin", "tracuu"))
    ap.add_argument("--reindex", action="store_true")
    ap.add_argument("--index-tracuu", help="the binary that indexes (default --tracuu): "
                    "query-side changes then reuse the cached index")
    ap.add_argument("--per-query", action="store_true", help="one line per query and form")
    ap.add_argument("--only", choices=["tracuu"], help="skip the reference rankers")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    args.dashdash = False
    args.index_tracuu = args.index_tracuu or args.tracuu
    os.makedirs(args.cache, exist_ok=True)
    if args.restore_index:
        restoration(args)
        return
    if not os.path.exists(args.judged):
        sys.exit("relevance: no judged set at %s (branch relgold writes it)" % args.judged)
    if not os.access(args.tracuu, os.X_OK):
        sys.exit("relevance: no tracuu binary at %s (run make first)" % args.tracuu)
    os.makedirs(args.cache, exist_ok=True)
    qs = load_judged(args.judged)
    say("%d queries from %s" % (len(qs), args.judged))
    unpack_news(args.cache)
    rts = roots(args.cache)
    ix = build_index(args, rts)
    rankers = ["tracuu"] if args.only else ["tracuu", "bm25", "bm25+pairs"]
    st = None if args.only else reference_stats(args, ix, qs, rts)

    jobs = [(q, form) for q in qs for form in ("query", "query_ascii") if q[form].strip()]
    runs = {}
    errors = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        futs = {ex.submit(tracuu_rank, args, ix, q[form], rts): (q["qid"], form)
                for q, form in jobs}
        for f in concurrent.futures.as_completed(futs):
            ranked, err = f.result()
            runs[("tracuu",) + futs[f]] = ranked
            if err:
                errors.append("%s %s: %s" % (futs[f][0], futs[f][1], err))
    for q, form in jobs:
        if st:
            runs[("bm25", q["qid"], form)] = bm25_rank(st, q[form], False)
            runs[("bm25+pairs", q["qid"], form)] = bm25_rank(st, q[form], True)

    acc = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for q, form in jobs:
        for r in rankers:
            m = metrics(runs[(r, q["qid"], form)], q["grades"])
            for split in (q["split"], "all"):
                a = acc[(r, form, split)]
                for i in range(3):
                    a[i] += m[i]
                a[3] += 1
            if args.per_query:
                print("%-10s %-8s %-11s %-7s MRR %.2f R %.2f nDCG %.2f  %s" %
                      (q["qid"], q["split"], form, r, m[0], m[1], m[2], q[form]))
    print()
    print("Relevance on %s: %d queries (%s)" % (
        os.path.relpath(args.judged, REPO), len(qs),
        ", ".join("%s %d" % (s, sum(1 for q in qs if q["split"] == s))
                  for s in ("tune", "heldout"))))
    print()
    print("| split | form | ranker | MRR@10 | recall@10 | nDCG@10 | queries |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for split in ("tune", "heldout", "all"):
        for form in ("query", "query_ascii"):
            for r in rankers:
                a = acc[(r, form, split)]
                if not a[3]:
                    continue
                print("| %s | %s | %s | %.3f | %.3f | %.3f | %d |" % (
                    split, "diacritics" if form == "query" else "no diacritics", r,
                    a[0] / a[3], a[1] / a[3], a[2] / a[3], a[3]))
    for split in ("tune", "heldout", "all"):
        a, b = acc[("tracuu", "query", split)], acc[("tracuu", "query_ascii", split)]
        if a[3] and b[3] and a[0]:
            print("\n%s: tracuu without diacritics / with: MRR %.1f%%, recall %.1f%%" % (
                split, 100 * (b[0] / b[3]) / (a[0] / a[3]),
                100 * (b[1] / b[3]) / max(a[1] / a[3], 1e-9)), end="")
    print()
    if errors:
        print("\nqueries tracuu refused (%d):" % len(errors))
        for e in sorted(errors):
            print("  " + e)


if __name__ == "__main__":
    main()
