#!/bin/sh
# scale-smoke.sh: are the synthetic reports of scripts/scale-gen.py (make scale) read as
# the generator wrote them?  Generates 200 files, indexes them, and compares the index's
# JSON with the generator's manifest (what it put in each file):
#   - all 200 files (search): province, year, period, type, number, date of issue, title;
#   - all 200 files (figures "trạm BTS"): the BTS stations each file reports, with their
#     measure (total / change);
#   - 10 files (show): province code, and every document the generator cited is among
#     the citations read (the news text may add citations of its own);
#   - cite 45/2016/QĐ-TTg: exactly the files the manifest says cite it.
# Plus the first file's header as read by hand from its text (seed 14), so that a change
# of the generator cannot move the manifest and the index together unnoticed.
# usage: tests/e2e/scale-smoke.sh BIN    prints "scale-smoke: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NEWS=${SCALE_NEWS:-$(dirname "$ROOT")/shared/corpora/news-baomoi-35k.tar.gz}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

if [ ! -f "$NEWS" ]; then
    echo "scale-smoke: news archive $NEWS not found: skipped"
    echo "scale-smoke: 0 passed, 0 failed, 1 skipped"
    exit 0
fi

# 1000 articles are enough body text for 200 files and quick to read.
if python3 "$ROOT/scripts/scale-gen.py" --out "$TMP/docs" --count 200 --seed 14 \
    --news "$NEWS" --news-limit 1000 --manifest "$TMP/manifest.tsv" 2>"$TMP/gen.err"; then ok; else
    bad "scale-gen.py: $(cat "$TMP/gen.err")"
fi
if "$BIN" index --quiet --index "$TMP/ix" "$TMP/docs" 2>"$TMP/ix.err"; then ok; else
    bad "index: $(cat "$TMP/ix.err")"
fi

# The first file, read by hand: Sở Công Thương of Kiên Giang, report 870/BC-SCT of
# 11 June 2015 on quý II/2015, citing Luật Đầu tư 67/2014/QH13, Quyết định
# 80/2014/QĐ-TTg and Luật Xử lý vi phạm hành chính 15/2012/QH13.
got=$(head -n 8 "$TMP/docs/000/000000.txt" | tr '\n' '|')
want='UBND TỈNH KIÊN GIANG||SỞ CÔNG THƯƠNG|Số: 870/BC-SCT|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM||Độc lập – Tự do – Hạnh phúc|Kiên Giang, ngày 11 tháng 6 năm 2015|'
if [ "$got" = "$want" ]; then ok; else bad "000000.txt header: got [$got]"; fi
got=$("$BIN" show --index "$TMP/ix" "$TMP/docs/000/000000.txt" --format json 2>&1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["province"], d["year"], d["period"], d["type"], d["number"], d["date"],
      " ".join(sorted(c["key"] for c in d["citations"])), sep="|")')
want='Kiên Giang|2015|Q2|report|870/BC-SCT|2015-06-11|15/2012/QH13 67/2014/QH13 80/2014/QĐ-TTg'
if [ "$got" = "$want" ]; then ok; else bad "show 000000.txt: expected [$want] got [$got]"; fi

# The index's answers, as JSON.
"$BIN" search --index "$TMP/ix" --format json --limit all 'year:2010..2025' >"$TMP/search.json" 2>"$TMP/err" ||
    bad "search: $(cat "$TMP/err")"
"$BIN" figures --index "$TMP/ix" --format json 'trạm BTS' >"$TMP/figures.json" 2>"$TMP/err" ||
    bad "figures: $(cat "$TMP/err")"
"$BIN" cite --index "$TMP/ix" --format json --limit all '45/2016/QĐ-TTg' >"$TMP/cite.json" 2>"$TMP/err" ||
    bad "cite: $(cat "$TMP/err")"
i=0
while [ $i -lt 200 ]; do
    f=$(printf '%s/docs/000/%06d.txt' "$TMP" $i)
    "$BIN" show --index "$TMP/ix" "$f" --format json >>"$TMP/show.json" 2>"$TMP/err" ||
        bad "show $f: $(cat "$TMP/err")"
    i=$((i + 20))
done

# Compare with the manifest; one line per check, then the files that differ.
python3 - "$TMP" >"$TMP/cmp.out" <<'EOF'
import csv, json, os, sys, unicodedata

tmp = sys.argv[1]
docs = os.path.join(tmp, "docs") + "/"
man = {r["path"]: r for r in csv.DictReader(open(os.path.join(tmp, "manifest.tsv"), encoding="utf-8"),
                                            delimiter="\t")}

# tracuu writes the traditional tone placement (Hòa Bình); the gazetteer has Hoà Bình.
OLD = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
       "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy",
       "uỵ": "ụy"}
def tone(s):
    s = unicodedata.normalize("NFC", s)
    for a, b in OLD.items():
        s = s.replace(a, b).replace(a.capitalize(), b.capitalize())
    return s

def rel(path):
    return path[len(docs):] if path.startswith(docs) else path

def report(name, checked, diffs):
    print(f"{name}: {checked - len(diffs)}/{checked} agree")
    for d in diffs[:10]:
        print(f"  differs: {d}")
    if len(diffs) > 10:
        print(f"  ... and {len(diffs) - 10} more")
    print("RESULT", "ok" if not diffs and checked else "bad", name)

# 1. search: header fields of every file.
rows = [json.loads(l) for l in open(os.path.join(tmp, "search.json"), encoding="utf-8") if l.strip()]
seen = {rel(r["path"]): r for r in rows}
diffs = [f"{p}: not in the index" for p in man if p not in seen]
for p, r in seen.items():
    m = man.get(p)
    if m is None:
        diffs.append(f"{p}: not in the manifest")
        continue
    for f in ("province", "year", "period", "type", "number", "date", "title"):
        a, b = tone(str(r[f])), tone(m[f])
        if a != b:
            diffs.append(f"{p} {f}: generated {b!r}, read {a!r}")
report("header fields (search, 200 files x 7)", len(man), diffs)

# 2. figures: the BTS stations of every file, with their measure.
got = {}
for l in open(os.path.join(tmp, "figures.json"), encoding="utf-8"):
    if l.strip():
        f = json.loads(l)
        got.setdefault(rel(f["path"]), []).append(f"{f['measure']}:{int(f['value'])}")
diffs = []
for p, m in man.items():
    want = sorted(x for x in m["bts"].split(",") if x)
    have = sorted(got.get(p, []))
    if want != have:
        diffs.append(f"{p}: generated {want}, read {have}")
report("BTS figures (figures, 200 files)", len(man), diffs)

# 3. show: province code and the generated citations, for every 10th file.
shown = [json.loads(l) for l in open(os.path.join(tmp, "show.json"), encoding="utf-8") if l.strip()]
diffs = []
for d in shown:
    p = rel(d["path"])
    m = man[p]
    if d["province_code"] != m["province_code"]:
        diffs.append(f"{p} province_code: generated {m['province_code']}, read {d['province_code']}")
    keys = {c["key"] for c in d["citations"]}
    missing = [k for k in m["cites"].split(",") if k and k not in keys]
    if missing:
        diffs.append(f"{p} citations: generated {m['cites']}, not read: {missing}")
report(f"province code and citations (show, {len(shown)} files)", len(shown), diffs)

# 4. cite: exactly the files that cite 45/2016/QĐ-TTg.
want = sorted(p for p, m in man.items() if "45/2016/QĐ-TTg" in m["cites"].split(","))
have = sorted({rel(json.loads(l)["path"]) for l in open(os.path.join(tmp, "cite.json"), encoding="utf-8")
               if l.strip()})
diffs = [] if want == have else [f"generated {want}, read {have}"]
report(f"files citing 45/2016/QĐ-TTg (cite, {len(want)} files)", max(len(want), 1), diffs)
EOF
grep -v '^RESULT' "$TMP/cmp.out"
ok_n=$(grep -c '^RESULT ok' "$TMP/cmp.out")
bad_n=$(grep -c '^RESULT bad' "$TMP/cmp.out")
pass=$((pass + ok_n))
fail=$((fail + bad_n))
[ $((ok_n + bad_n)) -eq 4 ] || bad "the comparison did not run: $(tail -5 "$TMP/cmp.out")"
echo "scale-smoke: $pass passed, $fail failed"
[ $fail -eq 0 ]
