#!/usr/bin/env python3
"""eval_real_docs.py: scores tracuu's header reading on real documents against
the hand-read gold set tests/gold/real-docs.tsv, per split (tune, heldout) and
per format.

usage: eval_real_docs.py BIN INDEX_DIR REAL_DOCS_DIR [--split tune|heldout|all]
                         [--misses] [--min-number R]

The index must hold the real-docs files (tracuu index --index INDEX_DIR
REAL_DOCS_DIR).  Fields scored: number (the only one with a threshold: issue
9 asks >= 90% of documents whose number is printed), date, place, type,
agency, province, level and year.  A field is scored on the documents whose
gold value is not '-', except province and level, which are scored on every
document with an agency or a province in the gold ('-' province = a central
body: tracuu must give none and level "central").

type: the gold's Vietnamese type word is mapped to tracuu's key through
data/doctypes.tsv (word or display name -> key); a word not in the table is
its own key and so always a miss.  agency: compared case-folded, "UBND" read
as "Ủy ban nhân dân", "Uỷ" as "Ủy", and tracuu's added " tỉnh <province>"
ignored when the gold has it not; the
old and the new tone placement ("Hoá"/"Hóa", "Uỷ"/"Ủy") compare equal.  year: the year of the gold date; reports
are left out (their year is the period they cover, which the gold does not
record).  With --split all, each split is printed separately and then both.  With --min-number R
the exit status is 1 when the number rate of the chosen split is below R;
with --check-floors, when a field of a split drops below FLOORS.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict


FIELDS = ("number", "date", "place", "type", "agency", "province", "level", "year")


def norm(s):
    return " ".join((s or "").split()).replace(" /", "/").replace("/ ", "/")


def load_types(root):
    """Vietnamese type word / display name (lower case) -> key."""
    m = {}
    with open(os.path.join(root, "data", "doctypes.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) >= 5:
                m.setdefault(c[1].lower(), c[2])
                m.setdefault(c[4].lower(), c[2])
    return m


# Old-style tone placement at the end of a syllable ("hoá", "thuỷ") and
# the new style tracuu writes (header.h: "Cộng hòa" style) are one spelling.
_TONE = {"o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_TONE = re.compile("([ou])([àáảãạèéẻẽẹỳýỷỹỵ])(?![a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ])")


def _new_tone(m):
    v, t = m.group(1), m.group(2)
    for base, marks in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
        if t in marks:
            i = marks.index(t)
            if (v == "o" and base in "ae") or (v == "u" and base == "y"):
                return _TONE[v][i] + base
    return m.group(0)


def fold_agency(s, province):
    s = unicodedata.normalize("NFC", norm(s)).lower()
    s = _OLD_TONE.sub(_new_tone, s)
    s = s.replace("ubnd", "ủy ban nhân dân")
    if province and province != "-":
        for pre in (" tỉnh ", " thành phố ", " "):
            suf = (pre + province).lower()
            if s.endswith(suf):
                s = s[: -len(suf)]
                break
    return s


def score(rows, binp, index, root, types, show_misses):
    # counts[format][field] = [right, scored]
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    for g in rows:
        path = os.path.join(root, g["file"])
        ext = os.path.splitext(path)[1][1:].lower()
        fmt = ext if ext != "pdf" else ("pdf-" + (g["text_layer"] or "yes"))
        p = subprocess.run([binp, "show", "--index", index, "--format", "json", path],
                           capture_output=True, text=True)
        got = json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else {}
        for field in FIELDS:
            want = g.get(field, "-")
            have = got.get(field) or ""
            if field == "type":
                if want == "-":
                    continue
                want = types.get(want.lower(), want)
                ok = have == want
            elif field == "agency":
                if want == "-":
                    continue
                ok = fold_agency(have, g["province"]) == fold_agency(want, g["province"])
            elif field == "province":
                if g["agency"] == "-" and want == "-":
                    continue
                want = "" if want == "-" else want
                ok = norm(have) == norm(want)
            elif field == "level":
                if g["agency"] == "-" and g["province"] == "-":
                    continue
                want = "central" if g["province"] == "-" else "province"
                ok = have == want
            elif field == "year":
                if g["date"] == "-" or g["type"] == "Báo cáo":
                    continue
                want = g["date"][:4]
                have = str(got.get("year") or "")
                ok = have == want
            else:
                if want == "-":
                    continue
                ok = norm(have) == norm(want)
            for key in (fmt, "all"):
                counts[key][field][1] += 1
                counts[key][field][0] += ok
            if not ok:
                misses.append((g["file"], field, want, have or ("(not indexed)" if not got else "")))
    return counts, misses


# The figures reached on 2026-12-03 after the header work of issue 10
# (tune: tuned on; heldout: scored only at the end of each batch of fixes),
# truncated to three decimals: --check-floors fails when a field drops below.
# The index is built with --ocr (tests/e2e/realdocs.sh).  Each floor is the
# score measured at the last change, less one document where OCR'd scans
# count among the right answers (Tesseract's text could differ by a letter
# on another CPU); tests/gold/README.md has the figures.
FLOORS = {
    "tune": {"number": 0.877, "date": 0.862, "place": 0.965, "type": 0.989,
             "agency": 0.955, "province": 0.989, "level": 0.989, "year": 0.941},
    "heldout": {"number": 0.851, "date": 0.875, "place": 0.940, "type": 0.957,
                "agency": 0.966, "province": 0.989, "level": 0.989, "year": 0.875},
}


def table(title, counts):
    print("== %s" % title)
    print("%-12s" % "format" + "".join("%13s" % f for f in FIELDS))
    for fmt in sorted(counts, key=lambda k: (k == "all", k)):
        cells = []
        for f in FIELDS:
            r, n = counts[fmt][f]
            cells.append("%13s" % ("%d/%d %3.0f%%" % (r, n, 100.0 * r / n) if n else "-"))
        print("%-12s" % fmt + "".join(cells))


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binp, index, root = args[:3]
    split, show_misses, min_number, check_floors = "all", False, None, False
    i = 3
    while i < len(args):
        if args[i] == "--split":
            split = args[i + 1]
            i += 1
        elif args[i] == "--misses":
            show_misses = True
        elif args[i] == "--min-number":
            min_number = float(args[i + 1])
            i += 1
        elif args[i] == "--check-floors":
            check_floors = True
        i += 1
    gold_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "real-docs.tsv")
    with open(gold_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    cols = lines[0].split("\t")
    rows = [dict(zip(cols, l.split("\t"))) for l in lines[1:] if l.strip()]
    types = load_types(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    splits = ["tune", "heldout"] if split == "all" else [split]
    misses = []
    floors_failed = []
    for sp in splits + (["all"] if split == "all" else []):
        part = [g for g in rows if sp == "all" or g["split"] == sp]
        counts, m = score(part, binp, index, root, types, show_misses)
        table(sp, counts)
        if check_floors and sp in FLOORS:
            for f, floor in FLOORS[sp].items():
                r, n = counts["all"][f]
                if n and r / n < floor:
                    print("BELOW FLOOR %s %s: %d/%d = %.3f < %.2f" % (sp, f, r, n, r / n, floor))
                    floors_failed.append((sp, f))
        if sp != "all":
            misses += m
    if show_misses:
        print()
        for m in misses:
            print("MISS %s %s: gold [%s] got [%s]" % m)
    if floors_failed:
        return 1
    if min_number is not None:
        # the formats issue 9 covers: Word, ODF, RTF, HTML and text-layer PDFs
        r = n = 0
        for fmt, c in counts.items():
            if fmt in ("all", "pdf-no", "pdf-partial"):
                continue
            r += c["number"][0]
            n += c["number"][1]
        rate = r / n if n else 1.0
        print("number, text formats: %d/%d = %.1f%% (threshold %.0f%%)" % (r, n, 100 * rate, 100 * min_number))
        return 0 if rate >= min_number else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
