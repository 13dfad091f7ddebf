#!/bin/sh
# excel.sh BIN: a CSV export opens in a real spreadsheet program with the
# Vietnamese text intact: LibreOffice (headless) converts CSV -> XLSX -> CSV
# and the result must equal the original.  LibreOffice is installed when
# missing; where it cannot be installed the test says so and is skipped.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
# Workbooks are for people: their headers follow the language (English here,
# Vietnamese with --lang vi below).
export LANG=C.UTF-8 LANGUAGE=en
# soffice alone is not enough: Writer may be installed without Calc (the
# spreadsheet filters live in Calc's libsclo.so).
have_calc() { command -v soffice >/dev/null 2>&1 && ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1; }
if ! have_calc; then
    echo "excel: installing LibreOffice (libreoffice-calc-nogui) for the round-trip test"
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends \
            libreoffice-calc-nogui >"$TMP/apt.log" 2>&1
    fi
fi
if ! have_calc; then
    echo "excel: SKIPPED: LibreOffice cannot be installed here ($(tail -1 "$TMP/apt.log" 2>/dev/null))"
    echo "excel: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
"$BIN" index --index "$TMP/ix" "$ROOT/corpus" 2>/dev/null
"$BIN" search --index "$TMP/ix" --format csv --excel -o "$TMP/hits.csv" --limit 10 'hieu qua'
"$BIN" cite --index "$TMP/ix" --format csv --excel -o "$TMP/cite.csv" 45/2016/QĐ-TTg
# figure sentences that are bullets ("- Tổng số trạm BTS ..."): no apostrophe
"$BIN" figures --index "$TMP/ix" --excel -o "$TMP/bullets.csv" 'trạm BTS'
pass=0
fail=0
# CSV (UTF-8, comma, quote) -> XLSX -> CSV (UTF-8, comma, quote); one
# LibreOffice start per direction (each start costs tens of seconds).
filter='CSV:44,34,76,1'
(cd "$TMP" && HOME="$TMP" timeout 300 soffice --headless --norestore \
    --infilter="$filter" --convert-to xlsx hits.csv cite.csv bullets.csv >/dev/null 2>&1)
mkdir -p "$TMP/back"
(cd "$TMP" && HOME="$TMP" timeout 300 soffice --headless --norestore \
    --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true" --outdir back \
    hits.xlsx cite.xlsx bullets.xlsx >/dev/null 2>&1)
for f in hits cite bullets; do
    if python3 - "$TMP/$f.csv" "$TMP/back/$f.csv" <<'PY'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL excel round trip of $f.csv: $(ls "$TMP" "$TMP/back" 2>&1 | tr "\n" " ")"; fi
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
# Spreadsheets show numbers their own way (1.7062 vs 1.7062): compare text cells.
def norm(rows):
    return [[c for c in r if not c.replace(".", "").replace("-", "").isdigit()] for r in rows]
assert len(a) == len(b) and len(a) > 1, (len(a), len(b))
assert norm(a) == norm(b), [x for x in zip(norm(a), norm(b)) if x[0] != x[1]][:2]
assert any("Hà Tĩnh" in c for r in b for c in r)
if sys.argv[1].endswith("bullets.csv"):
    cells = [c for r in b for c in r]
    assert any(c.startswith("- ") for c in cells), "no bullet came back"
    assert not any(c.startswith("'- ") for c in cells), "an apostrophe shows before a bullet"
PY
done

# ---- XLSX: typed cells, read back by LibreOffice as flat ODF (.fods) ----------
# Three copies of the corpus: 15 documents, more than the default 10 hits.
for k in 1 2 3; do mkdir -p "$TMP/docs/$k" && cp "$ROOT"/corpus/*.txt "$TMP/docs/$k/"; done
"$BIN" index --index "$TMP/ix3" "$TMP/docs" 2>/dev/null
mkdir -p "$TMP/x"
"$BIN" search --index "$TMP/ix3" -o "$TMP/x/hits.xlsx" xã 2>"$TMP/hits.err"
"$BIN" search --index "$TMP/ix3" --by province --hits -o "$TMP/x/facets.xlsx" xã 2>/dev/null
"$BIN" figures --index "$TMP/ix3" --by province -o "$TMP/x/figures.xlsx" 'doanh thu' 2>/dev/null
"$BIN" --lang vi search --index "$TMP/ix3" -o "$TMP/x/vi.xlsx" year:2018 2>/dev/null
(cd "$TMP/x" && HOME="$TMP" timeout 300 soffice --headless --norestore --convert-to fods \
    --outdir back hits.xlsx facets.xlsx figures.xlsx vi.xlsx >/dev/null 2>&1)
if [ -s "$TMP/hits.err" ]; then fail=$((fail + 1)); echo "FAIL xlsx export said: $(cat "$TMP/hits.err")"; fi
if python3 - "$TMP/x/back" <<'PY'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL xlsx types"; fi
import sys, xml.etree.ElementTree as ET
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{http://www.w3.org/1999/xlink}"
P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
def sheets(path):
    """{sheet name: [[(type, value, text, link)]]} from a flat ODF file."""
    out = {}
    for t in ET.parse(path).iter(T + "table"):
        rows = []
        for r in t.iter(T + "table-row"):
            row = []
            for c in r:
                if c.tag not in (T + "table-cell", T + "covered-table-cell"):
                    continue
                rep = int(c.get(T + "number-columns-repeated", "1"))
                typ = c.get(O + "value-type")
                val = c.get(O + "value") or c.get(O + "date-value")
                txt = "\n".join("".join(p.itertext()).strip() for p in c.iter(P + "p"))
                link = next((a.get(X + "href") for a in c.iter() if a.get(X + "href")), None)
                row += [(typ, val, txt, link)] * min(rep, 50)
            while row and row[-1][0] is None:
                row.pop()
            if row:
                rows.append(row)
        out[t.get(T + "name")] = rows
    return out
d = sys.argv[1]
hits = sheets(d + "/hits.fods")["hits"]
head = [c[2] for c in hits[0]]
assert head[:4] == ["rank", "score", "id", "path"], head
assert len(hits) == 1 + 15, len(hits)              # every hit, not the first 10
col = {n: i for i, n in enumerate(head)}
for r in hits[1:]:
    assert r[col["rank"]][0] == "float" and r[col["score"]][0] == "float", r[:3]
    # LibreOffice saves links relative to the file; the workbook has file:// URLs
    assert r[col["path"]][3] and r[col["path"]][3].endswith(r[col["path"]][2].split("/")[-1]), r[col["path"]]
    assert "%" not in r[col["path"]][2]            # the shown path is the path
import zipfile
rels = zipfile.ZipFile(d + "/../hits.xlsx").read("xl/worksheets/_rels/sheet1.xml.rels").decode()
assert rels.count('Target="file:///') == 15 and 'TargetMode="External"' in rels, rels[:300]
# 001 (read by hand): Hà Tĩnh, July 2024 (no day: month precision), its title
r001 = [r for r in hits[1:] if r[col["path"]][2].endswith("001_36b9b0631c388b4f.txt")]
assert len(r001) == 3, len(r001)
r = r001[0]
assert r[col["province"]][:3:2] == ("string", "Hà Tĩnh"), r[col["province"]]
assert r[col["year"]][:2] == ("float", "2024"), r[col["year"]]
assert r[col["date"]][0] == "date" and r[col["date"]][1].startswith("2024-07-01"), r[col["date"]]
assert r[col["date"]][2] == "2024-07", r[col["date"]]   # shown as written
assert r[col["title"]][2].startswith("Tình hình phát triển kinh tế - xã hội năm 2024 và Kế hoạch"), r[col["title"]]
# 000 is dated 23/3/2018 (its header line): a full date
r000 = [r for r in hits[1:] if r[col["path"]][2].endswith("000_90010ce738600653.txt")][0]
assert r000[col["date"]][0] == "date" and r000[col["date"]][2] == "2018-03-23", r000[col["date"]]
# facets and hits on two sheets of one workbook
fac = sheets(d + "/facets.fods")
assert list(fac) == ["province", "hits"], list(fac)
# for people the first column is named by what it counts
assert [c[2] for c in fac["province"][0]] == ["province", "docs", "passages"], fac["province"][0]
ht = [r for r in fac["province"] if r[0][2] == "Hà Tĩnh"][0]
assert ht[1][:2] == ("float", "6"), ht                # 000 and 001, three copies each
assert len(fac["hits"]) == 16
# figures: the pivot and its rows; money in VND, percentages as percentages
fig = sheets(d + "/figures.fods")
assert list(fig) == ["pivot", "figures"], list(fig)
rows = fig["figures"]
fcol = {c[2]: i for i, c in enumerate(rows[0])}
# 004 line 304: "Doanh thu  Triệu đồng ... 2.466.410" = 2 466 410 000 000 VND
money = [r for r in rows[1:] if r[fcol["value"]][1] == "2466410000000"]
assert money and money[0][fcol["value"]][0] == "float", money[:1]
assert money[0][fcol["value"]][2] == "2,466,410,000,000", money[0][fcol["value"]]
# 000 line 77: "tăng 10% doanh thu so với năm 2017"
pct = [r for r in rows[1:] if r[fcol["value"]][0] == "percentage"]
assert any(r[fcol["value"]][1] == "0.1" and r[fcol["value"]][2] == "10.0%" for r in pct), pct[:2]
piv = fig["pivot"]
assert [c[2] for c in piv[0]][:4] == ["province", "measure", "kind", "unit"], piv[0]
# --lang vi: Vietnamese headers, and the type and period of 000 (a "BÁO CÁO"
# on "3 tháng đầu năm 2018") as people name them; numbers stay numbers
vi = sheets(d + "/vi.fods")["kết quả"]             # the tab named in Vietnamese too
vhead = [c[2] for c in vi[0]]
assert vhead == ["hạng", "điểm", "mã", "đường dẫn", "tỉnh", "tỉnh 2025", "năm", "ngày", "số hiệu", "loại",
                 "cơ quan", "trích yếu", "kỳ báo cáo", "đoạn trích", "định dạng", "trang"], vhead
assert len(vi) == 1 + 3, len(vi)                   # 000 in each of the three copies
for r in vi[1:]:
    assert r[9][:3:2] == ("string", "báo cáo") and r[12][:3:2] == ("string", "quý I"), (r[9], r[12])
    assert r[6][:2] == ("float", "2018") and r[4][2] == "Hà Tĩnh", (r[6], r[4])
PY
echo "excel: $pass passed, $fail failed"
[ $fail -eq 0 ]
