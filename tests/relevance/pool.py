#!/usr/bin/env python3
"""Candidate pools for judging: list the documents of a collection that contain
given patterns, ranked by how often they occur, with a line of context each.

This is the judge's helper, not a ranker under test: it only gathers candidates,
which are then read and judged by hand (see README.md).  Matching is done on
NFC text, and with --fold on text with diacritics removed (đ -> d), so that
both spellings of a word are found.

  pool.py COLLECTION PATTERN [PATTERN...] [--fold] [--top N] [--all]

COLLECTION is a directory of plain-text files (for real-docs and news, the
text cache made by dump_text.sh); PATTERN is a Python regex, case-insensitive.
A document is listed when it contains every pattern (--any: at least one).
"""
import os, re, sys, unicodedata


def fold(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = [a for a in sys.argv[1:] if a.startswith("--")]
    top = 20
    for o in opts:
        if o.startswith("--top="):
            top = int(o[6:])
    dofold = "--fold" in opts
    anymode = "--any" in opts
    root, pats = args[0], args[1:]
    rx = [re.compile(fold(p) if dofold else unicodedata.normalize("NFC", p), re.I) for p in pats]
    rows = []
    for dp, _, fs in os.walk(root):
        for f in fs:
            p = os.path.join(dp, f)
            try:
                t = unicodedata.normalize("NFC", open(p, encoding="utf-8", errors="replace").read())
            except OSError:
                continue
            if dofold:
                t = fold(t)
            counts = [len(r.findall(t)) for r in rx]
            ok = any(counts) if anymode else all(counts)
            if ok:
                m = next(r.search(t) for r, c in zip(rx, counts) if c)
                a = max(0, m.start() - 90)
                ctx = t[a:m.end() + 90].replace("\n", " ")
                title = t.strip().split("\n", 1)[0][:100]
                rows.append((sum(counts), counts, os.path.relpath(p, root), title, ctx))
    rows.sort(key=lambda r: -r[0])
    print(f"# {len(rows)} documents", file=sys.stderr)
    for n, c, p, title, ctx in rows[: (len(rows) if "--all" in opts else top)]:
        print(f"{n:4d} {c} {p}\n     T: {title}\n     C: {ctx}")


if __name__ == "__main__":
    main()
