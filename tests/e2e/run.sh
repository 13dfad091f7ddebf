#!/bin/sh
# End-to-end tests of the tracuu CLI on corpus/.  Expected hit sets were
# written by hand from reading the five seed reports (see tests/e2e/README).
# usage: tests/e2e/run.sh BIN        prints "e2e: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export TRACUU_INDEX="$TMP/index"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# The documents a query finds: the 3-character prefixes of the file names,
# sorted, space-separated ("000 002").  Parsed with a real JSON reader.
hits() {
    "$BIN" search --limit 100 --format json "$@" 2>"$TMP/err" |
        python3 -c 'import sys, json, os
ids = sorted(os.path.basename(json.loads(l)["path"])[:3] for l in sys.stdin if l.strip())
print(" ".join(ids))'
}

expect() { # expect "EXPECTED" QUERY...
    want=$1
    shift
    got=$(hits "$@")
    if [ "$got" = "$want" ]; then ok; else bad "search $*: expected [$want] got [$got]"; fi
}

expect_exit() { # expect_exit CODE PATTERN CMD...   (PATTERN searched in stderr)
    code=$1
    pat=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -ne "$code" ]; then
        bad "$*: exit $rc, expected $code ($(head -c 300 "$TMP/err"))"
    elif [ -n "$pat" ] && ! grep -q -- "$pat" "$TMP/err"; then
        bad "$*: stderr lacks '$pat': $(head -c 300 "$TMP/err")"
    else
        ok
    fi
}

# ---- build the index from a copy of corpus/ -------------------------------
mkdir -p "$TMP/docs"
cp "$ROOT"/corpus/*.txt "$TMP/docs/"
expect_exit 4 "no index" "$BIN" search --index "$TMP/none" SOC
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
if [ $? -eq 0 ] && grep -q "5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped" "$TMP/ix.err"; then ok; else
    bad "first index: $(cat "$TMP/ix.err")"
fi

# ---- accents, tone styles, NFD, acronyms ------------------------------------
expect "001" SOC                      # the one report that mentions the SOC
expect "001" IOC
expect "000 001 003 004" BTS
expect "000" nhiễm                    # written in NFD in 000 only
expect "000" "xóm"                    # NFD too
expect "000 001 002 003 004" nhiem    # unaccented: nhiễm, nhiệm (vụ) ...
expect "000" mưa
expect "000 002 003" mua              # mua, mưa, mùa ... wherever they are
expect "004" đông
expect "000 001 002 003 004" dong
expect "004" vịnh
expect "000 002 003 004" vinh
# A query typed with a diacritic keeps its unaccented words exact (issue 11):
# "ha" is written nowhere without its accents, "long" and "vịnh" only in 004,
# so no document has all three and the best-match fallback finds 004.
expect "004" vịnh ha long
expect "004" vịnh Hạ Long
expect "000 002 003 004" hoà          # new-style placement ...
expect "000 002 003 004" hòa          # ... and traditional: the same set
expect "000 001 002 003 004" hoá
expect "000 001 002 003 004" Uỷ ban
expect "000 001 002 003 004" Ủy ban
expect "003 004" thuỷ
expect "003 004" thủy
expect "000 001 002 003 004" hieu qua
expect "000 001 003 004" '"hiệu quả"'
expect "000 001 003 004" '"hieu qua"'  # unaccented phrase
expect "000 001 003 004" '“hiệu quả”'  # curly quotes
expect "001" '"chuyển đổi số"'
expect "001" '"chuyen doi so"'
expect "000 002" 45/2016/QĐ-TTg        # symbol as written
expect "000 002" 45/2016/qd-ttg        # typed without Đ and in lower case
expect "001 003" 36-NQ/TW

# ---- diacritics intent (issue 11): mua is in 000 002, mùa in 000 003 ----------
expect "000" mùa mua                   # typed with a diacritic: mua means mua
expect "000 002 003" --fold mùa mua    # --fold: both match mua, mùa, mưa
expect "000 002" --exact mua           # --exact: only as typed
expect "002" --exact vinh              # "Trà Vinh" (as vinh, lower-cased); not vịnh
expect_exit 2 "exclude each other" "$BIN" search --fold --exact mua
expect_exit 0 "typed with diacritics: every word exact" "$BIN" search --explain mùa mua
expect_exit 0 "typed without diacritics: words match any accents" "$BIN" search --explain mua
expect_exit 2 "exclude each other" "$BIN" trend --fold --exact mua
# i/y spelling: "tỷ lệ" is written in 000 001 004 (never "tỉ lệ"); both find it
expect "000 001 004" '"tỷ lệ"'
expect "000 001 004" '"tỉ lệ"'
expect "000 001 004" '"ti le"'

# ---- citations: any written form; documents sharing a number stay apart ------------
expect "000 002" cites:45/2016/QĐ-TTg
expect "000 002" 'cites:"Quyết định số 45/2016/QĐ-TTg"'
expect "000 002" cites:45/2016/qd-ttg
expect "002" cites:45/QĐ-TTg           # the 2019 decision, not the 2016 one
expect "001 003" cites:36-NQ/TW
expect "001 002 003" cites:NQ/TW       # any resolution of the Party Central Committee
expect "000 001 002 003 004" cites:QĐ-TTg
expect_exit 2 "cites needs" "$BIN" search cites:hello

# ---- operators ---------------------------------------------------------------
expect "001 003 004" '"hiệu quả"' -mưa
expect "001 003 004" '"hiệu quả"' NOT mưa
expect "000 001" mưa OR SOC
expect "000 001 004" '(mưa OR SOC OR vịnh)'
expect "000" mưa AND nhiễm

# ---- filters -----------------------------------------------------------------
expect "000 001" 'province:"Hà Tĩnh"'
expect "000 001" 'province:"ha tinh"'
expect "002" 'province:"Trà Vinh"'
expect "002" 'province2025:"Vĩnh Long"'   # Trà Vinh merged into Vĩnh Long in 2025
expect "004" 'province:"Quảng Ninh"' BTS
expect "000" year:2018
expect "003 004" year:2015
expect "000 001 002" year:2016..2024
expect "000 001 002 003 004" type:report
expect "003" draft:yes
expect "000 002" period:Q1
expect "003" period:H1
expect "004" period:9M
expect "001" period:Y
expect "000 001" 'agency:"Sở Thông tin và Truyền thông tỉnh Hà Tĩnh"'
expect "000 002" date:2018-01..2019-12
expect "000 001" dịch vụ công 'province:"Hà Tĩnh"'

# ---- ranking and fallback: a question still finds the best match ---------------
got=$(hits "tỉnh nào có trung tâm giám sát an ninh mạng SOC")
case "$got" in *001*) ok ;; *) bad "question fallback: [$got]" ;; esac
first=$("$BIN" search --limit 1 --format json "trung tâm giám sát an toàn an ninh mạng SOC" |
    python3 -c 'import sys,json,os; print(os.path.basename(json.loads(sys.stdin.readline())["path"])[:3])')
[ "$first" = "001" ] && ok || bad "best match first: $first"

# ---- output formats -------------------------------------------------------------
"$BIN" search --format json --limit 2 '"an toàn thông tin"' >"$TMP/out.json"
python3 - "$TMP/out.json" <<'PY' && ok || bad "json shape"
import sys, json
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
need = ["rank", "score", "id", "path", "province", "province2025", "year", "date", "number",
        "type", "agency", "title", "period", "snippet", "matches"]
assert len(rows) == 2, rows
for r in rows:
    for k in need:
        assert k in r, k
    assert "[" in r["snippet"] and r["matches"], r
assert rows[0]["rank"] == 1 and rows[1]["rank"] == 2
PY
"$BIN" search --format csv 'province:"Hà Tĩnh"' >"$TMP/out.csv"
python3 - "$TMP/out.csv" <<'PY' && ok || bad "csv shape"
import sys, csv
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows[0][:4] == ["rank", "score", "id", "path"], rows[0]
assert len(rows) == 3, len(rows)
byname = {r[3].rsplit("/", 1)[-1][:3]: dict(zip(rows[0], r)) for r in rows[1:]}
assert byname["000"]["number"] == "23/BC-STTTT", byname["000"]
assert byname["000"]["date"] == "2018-03-23", byname["000"]
assert byname["001"]["date"] == "2024-07", byname["001"]
PY
"$BIN" search SOC >"$TMP/out.txt"
grep -qi '\[soc\]' "$TMP/out.txt" && grep -q '^1 document matches' "$TMP/out.txt" && ok ||
    bad "text output: $(head -5 "$TMP/out.txt")"
# A symbol is highlighted whole, with the words before it as context.
"$BIN" search --format json 45/2016/QĐ-TTg | python3 -c 'import sys, json
rows = [json.loads(l) for l in sys.stdin]
assert all("định số [45/2016/QĐ-TTg]" in r["snippet"] for r in rows), [r["snippet"] for r in rows]' &&
    ok || bad "compound highlight"
"$BIN" search -o "$TMP/saved.csv" --format csv SOC && [ "$(wc -l <"$TMP/saved.csv")" -eq 2 ] &&
    ok || bad "-o FILE"

# ---- snippets, occurrences, passages (issue 11, item 4-2) ---------------------------
# The window shows the phrase with four words before it; the phrase is one mark.
"$BIN" search --format json '"an toàn thông tin"' >"$TMP/atdt.json"
python3 - "$TMP/atdt.json" <<'PY' && ok || bad "phrase snippet 001"
import sys, json
rows = {r["path"].rsplit("/", 1)[-1][:3]: r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
want = ("…Công tác đảm bảo [an toàn thông tin] trong các cơ quan nhà nước trên địa bàn tỉnh "
        "Hà Tĩnh được bảo đảm. Cơ…")
assert rows["001"]["snippet"] == want, rows["001"]["snippet"]
PY
# A phrase highlights only whole occurrences, never one of its words elsewhere
# ("[Thông] [tin] và Truyền [thông]"; "KẾT [QUẢ]", "Thông [qua]" for "hieu qua").
marks_are() { # marks_are FOLDED QUERY: every mark of every snippet and passage folds to FOLDED
    want=$1
    shift
    "$BIN" search --format json --passages --limit 100 "$@" | python3 -c 'import sys, json, re, unicodedata
def fold(s):
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(c for c in s if unicodedata.category(c) != "Mn")
want, n = sys.argv[1], 0
for r in map(json.loads, sys.stdin):
    texts = [r["snippet"]] + [p["text"] for p in r["passages"]]
    for p in r["passages"]:
        for s, e in p["matches"]:
            assert p["start"] <= s < e <= p["end"], p
    for t in texts:
        for m in re.findall(r"\[([^\]]*)\]", t):
            assert fold(m) == want, (m, t)
            n += 1
assert n > 0' "$want" && ok || bad "marks of $*"
}
marks_are "an toan thong tin" '"an toàn thông tin"'
marks_are "hieu qua" '"hieu qua"'
# The snippet of a phrase query typed without diacritics (000: line 27).
# (000 writes some words in NFD: compared in NFC.)
"$BIN" search --format json '"hieu qua"' | python3 -c 'import sys, json, unicodedata
rows = {r["path"].rsplit("/", 1)[-1][:3]: r for r in map(json.loads, sys.stdin)}
want = ("…tháng và phát huy [hiệu quả] vai trò của cơ quan QLNN, công tác chỉ đạo, định hướng "
        "tiếp tục được đổi mới, phù…")
assert unicodedata.normalize("NFC", rows["000"]["snippet"]) == want, rows["000"]["snippet"]' && ok || bad "hieu qua snippet"
# Words typed apart: the window where all of them stand closest (001 line 49,
# span 8), not the first place each occurs (line 33: "giám sát" twice, then
# "(SoC)" 9 positions before the next "giám sát").
"$BIN" search --format json 'SOC giám sát' | python3 -c 'import sys, json
rows = {r["path"].rsplit("/", 1)[-1][:3]: r for r in map(json.loads, sys.stdin)}
want = ("…Trung tâm điều hành, [giám] [sát] an toàn, an ninh mạng ([SOC]) trên địa bàn tỉnh Hà "
        "Tĩnh giai đoạn 2024-2025. Đến nay…")
assert rows["001"]["snippet"] == want, rows["001"]["snippet"]' && ok || bad "closest window"
# matches: every occurrence (counted with grep -o in each file: 6 26 3 2 7);
# passages: every sentence holding one, with its line (002: lines 95, 99, 127).
"$BIN" search --format json --passages '"an toàn thông tin"' | python3 -c 'import sys, json
rows = {r["path"].rsplit("/", 1)[-1][:3]: r for r in map(json.loads, sys.stdin)}
got = {k: len(r["matches"]) for k, r in rows.items()}
assert got == {"000": 6, "001": 26, "002": 3, "003": 2, "004": 7}, got
assert [p["line"] for p in rows["002"]["passages"]] == [95, 99, 127], rows["002"]["passages"]
p = rows["002"]["passages"][2]
assert p["text"] == "công tác đảm bảo an toàn thông tin.", p
assert p["page"] is None and p["ocr"] is False, p' && ok || bad "matches and passages"
# The passages listed agree with what --by counts, for every province.
for q in '"an toàn thông tin"' 'hieu qua' 'SOC OR mạng' 'tăng -giảm'; do
    "$BIN" search --format json --passages --limit 100 "$q" >"$TMP/p.json"
    "$BIN" search --format json --by province "$q" >"$TMP/by.json"
    python3 - "$TMP/p.json" "$TMP/by.json" <<'PY' && ok || bad "passages vs --by: $q"
import sys, json, collections
per = collections.Counter()
for r in map(json.loads, open(sys.argv[1], encoding="utf-8")):
    per[r["province"] or "(none)"] += len(r["passages"])
by = {r["value"]: r["passages"] for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
assert dict(per) == by, (dict(per), by)
PY
done
"$BIN" search --passages '"an toàn thông tin"' 'province:"Trà Vinh"' >"$TMP/p.txt"
grep -q '^     3 passages:$' "$TMP/p.txt" &&
    grep -q '^     line 127: công tác đảm bảo \[an toàn thông tin\]\.$' "$TMP/p.txt" && ok ||
    bad "passages text: $(cat "$TMP/p.txt")"

# ---- facets, citation tracing, trends: exact tables written by hand --------------
# "Which provinces mention SOC?"  One report (Hà Tĩnh 2024), 4 sentences.
same() { # same NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2] got [$3]"; fi
}
same "SOC by province" '{"value":"Hà Tĩnh","docs":1,"passages":4}' \
    "$("$BIN" search SOC --by province --format json)"
# BTS by province: Hà Tĩnh 000 (1 sentence) + 001 (2), Cao Bằng 5, Quảng Ninh 5.
same "BTS by province" "value,docs,passages
Hà Tĩnh,2,3
Cao Bằng,1,5
Quảng Ninh,1,5" "$("$BIN" search BTS --by province --format csv | tr -d '\r')"
same "BTS by province2025" "value,docs,passages
Hà Tĩnh,2,3
Cao Bằng,1,5
Quảng Ninh,1,5" "$("$BIN" search BTS --by province2025 --format csv | tr -d '\r')"
same "SOC by type" '{"value":"report","docs":1,"passages":4}' \
    "$("$BIN" search SOC --by type --format json)"
# "an toàn thông tin" by year: two reports of 2015, one each of 2018, 2019, 2024.
same "trend" "value,docs,passages
2015,2,8
2018,1,4
2019,1,3
2024,1,22" "$("$BIN" trend '"an toàn thông tin"' --format csv | tr -d '\r')"
same "trend one province" "value,docs,passages
2018,1,4
2024,1,22" "$("$BIN" trend '"an toàn thông tin"' --province 'Hà Tĩnh' --format csv | tr -d '\r')"
# Who cites 45/2016/QĐ-TTg, and when: 000 once (2018), 002 twice (2019).
same "cite 45/2016" "2018-03-23 000 Quyết định số 45/2016/QĐ-TTg
2019-03-14 002 Quyết định số 45/2016/QĐ-TTg
2019-03-14 002 Quyết định số 45/2016/QĐ-TTg" "$("$BIN" cite 'Quyết định 45/2016/QĐ-TTg' --format json |
    python3 -c 'import sys, json, os
for l in sys.stdin:
    r = json.loads(l)
    assert r["probable"] is False and "45/2016/QĐ-TTg" in r["sentence"]
    print(r["date"], os.path.basename(r["path"])[:3], r["text"])')"
# 36-NQ/TW: 001 cites it once by symbol, 003 three times; 003 also writes
# "Nghị quyết 36" three times ("gọi tắt là Nghị quyết 36"): probable.
same "cite 36-NQ/TW" "001 False
003 False
003 False
003 False
003 True
003 True
003 True" "$("$BIN" cite 36-NQ/TW --probable --format json |
    python3 -c 'import sys, json, os
for l in sys.stdin:
    r = json.loads(l)
    print(os.path.basename(r["path"])[:3], r["probable"])' | sort)"
same "cite 45/QĐ-TTg" "002" "$("$BIN" cite 45/QĐ-TTg --format csv | tail -n +2 | cut -d, -f2 |
    xargs -n1 basename | cut -c1-3 | sort -u)"
same "cite top" "36-NQ/TW,2,4
45/2016/QĐ-TTg,2,3" "$("$BIN" cite --top --limit 2 --format csv | tail -n +2 | tr -d '\r')"
"$BIN" cite 36-NQ/TW --graph json | python3 -c 'import sys, json
g = json.load(sys.stdin)
assert g["root"] == "36-NQ/TW" and len(g["edges"]) == 2, g' && ok || bad "graph json"
"$BIN" cite 36-NQ/TW --graph dot | grep -q '^digraph' && ok || bad "graph dot"
expect_exit 1 "" "$BIN" cite 999/2099/QĐ-TTg

# ---- entities: agencies (any variant), places, figures ----------------------------------
# Every report is sent to the Department of Planning and Investment, written
# "Sở Kế hoạch và Đầu tư" (000), "Sở KH-ĐT" (001), "Sở KH&ĐT" (002, 003), "KHĐT" (004).
expect "000 001 002 003 004" 'agency:"Sở KH&ĐT"'
expect "000 001 002 003 004" 'agency:"so ke hoach va dau tu"'
expect "001 004" 'agency:"Sở Tài chính"'    # 001 in "các Sở: ..., Tài chính", 004 by name
expect "000 002 003" '"an toàn thông tin"' '-agency:"Sở Tài chính"'
expect "004" 'mentions:"Quảng Ninh"'
expect "004" 'mentions:"Hà Nội"'
expect "" 'mentions:"Sóc Trăng"'
# BTS stations by province and year, read from the reports: Cao Bằng has 775 sites in all
# (2015: "Tổng số trạm BTS trên toàn tỉnh là: 775 vị trí"); Hà Tĩnh appraised 5 stations in
# Q1 2018 and has 3250 in all in 2024; Quảng Ninh appraised 279 sites "xây dựng trạm BTS" in
# 9 months of 2015, 253 more than a year before.  Totals, changes within the period and
# differences, "vị trí" and "trạm", never share a row ('+253: the CSV guard before a '+').
same "figures BTS" "province,year,measure,kind,unit,values
Cao Bằng,2015,total,count,vị trí,775
Hà Tĩnh,2024,total,count,trạm,3250
Hà Tĩnh,2018,change,count,trạm,5
Quảng Ninh,2015,change,count,vị trí,279
Quảng Ninh,2015,diff,count,vị trí,'+253" "$("$BIN" figures "trạm BTS" --by province --format csv | tr -d '\r')"
"$BIN" show --format json "$TMP/docs/000_90010ce738600653.txt" >"$TMP/show0.json"
python3 - "$TMP/show0.json" <<'PY' && ok || bad "show entities"
import sys, json
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in ("citations", "agencies", "places", "figures", "dates"):
    assert d[k], k
    for e in d[k]:
        assert {"value", "text", "start", "end"} <= set(e), (k, e)
c = [e for e in d["citations"] if e["value"] == "45/2016/QĐ-TTg"]
assert len(c) == 1 and c[0]["text"] == "Quyết định số 45/2016/QĐ-TTg", c
assert any(e["value"] == "2018-03-23" and e["precision"] == 3 for e in d["dates"])
assert any(e["value"] == 38 and e["noun"] == "hồ sơ" for e in d["figures"]), d["figures"][:3]
assert not any(e["text"].startswith("23") and "tháng" in e["text"] for e in d["figures"])
raw = open(d["path"], "rb").read()
for e in d["citations"]:
    assert raw[e["start"]:e["end"]].decode("utf-8").replace("*", "").split()[-1] in e["text"], e
PY

# ---- CSV export parsed back: quotes, commas and a leading = in a real field ------------
mkdir -p "$TMP/csvdocs"
printf 'BÁO CÁO\n=SUM(1,2) "trích dẫn", thử zzqxcsv\n\nNội dung zzqxcsv.\n' >"$TMP/csvdocs/x.txt"
"$BIN" index --index "$TMP/csvix" "$TMP/csvdocs" 2>/dev/null
"$BIN" search --index "$TMP/csvix" --format csv --excel -o "$TMP/x.csv" zzqxcsv
python3 - "$TMP/x.csv" <<'PY' && ok || bad "csv round trip"
import sys, csv
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 1, rows
assert rows[0]["title"] == "'=SUM(1,2) \"trích dẫn\", thử zzqxcsv", rows[0]["title"]
PY

# ---- batch queries: one process, one result set per line ---------------------------------
printf 'SOC\n# a comment\n\nmưa OR SOC\nzzqxnotaword\n' >"$TMP/queries.txt"
"$BIN" search --queries "$TMP/queries.txt" --time --format json >"$TMP/batch.json" 2>"$TMP/batch.err"
same "batch results" "3" "$(wc -l <"$TMP/batch.json" | tr -d ' ')"
same "batch timing" "1 SOC
2 mưa OR SOC
0 zzqxnotaword" "$(cut -f2,3 "$TMP/batch.err" | tr '\t' ' ')"

# ---- show ---------------------------------------------------------------------------
"$BIN" show --format json "$TMP/docs/004_b1b8f2e8913d4e11.txt" >"$TMP/show.json"
python3 - "$TMP/show.json" <<'PY' && ok || bad "show json"
import sys, json
d = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert d["number"] == "376/BC-STTTT", d
assert d["province"] == "Quảng Ninh" and d["year"] == 2015 and d["period"] == "9M", d
PY
expect_exit 1 "no indexed document" "$BIN" show 999999

# ---- standards: an entity type declared only in the registry -----------------------------
mkdir -p "$TMP/stddocs"
printf 'UBND TỈNH HÀ TĨNH\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 12/BC-STTTT\nHà Tĩnh, ngày 5 tháng 6 năm 2020\n\nBÁO CÁO\nKết quả kiểm tra chất lượng dịch vụ\n\nCác trạm BTS đáp ứng QCVN 01:2019/BTTTT và QCVN 19 : 2014/BTTTT; hệ thống quản lý theo TCVN 11930:2017.\n' >"$TMP/stddocs/std.txt"
printf 'BÁO CÁO\nKhông có quy chuẩn nào ở đây, chỉ có 01:2019 và số 19.\n' >"$TMP/stddocs/none.txt"
"$BIN" index --index "$TMP/stdix" "$TMP/stddocs" 2>/dev/null
for q in 'standard:"QCVN 01:2019/BTTTT"' 'standard:"qcvn 19 : 2014 / btttt"' 'standard:QCVN' 'standard:tcvn'; do
    same "standard query $q" "std.txt" "$("$BIN" search --index "$TMP/stdix" --format csv "$q" | tail -n +2 | cut -d, -f4 | xargs -n1 basename)"
done
expect_exit 1 "" "$BIN" search --index "$TMP/stdix" 'standard:"TCVN 9999:2020"'
expect_exit 2 "not a value of standard" "$BIN" search --index "$TMP/stdix" 'standard:abc'
"$BIN" show --index "$TMP/stdix" --format json "$TMP/stddocs/std.txt" >"$TMP/std.json"
python3 - "$TMP/std.json" <<'PY' && ok || bad "show standards"
import sys, json
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert [e["value"] for e in d["standards"]] == ["QCVN 01:2019/BTTTT", "QCVN 19:2014/BTTTT", "TCVN 11930:2017"], d["standards"]
assert d["standards"][1]["text"] == "QCVN 19 : 2014/BTTTT" and d["standards"][1]["year"] == 2014
raw = open(d["path"], "rb").read()
for e in d["standards"]:
    assert raw[e["start"]:e["end"]].decode("utf-8") == e["text"], e
# never read as figures, dates or citations
assert not any(f["text"] in ("01", "2019", "11930", "2017") for f in d["figures"]), d["figures"]
assert [x["value"] for x in d["dates"]] == ["2020-06-05"], d["dates"]
assert d["citations"] == [], d["citations"]
PY

# ---- bad commands ---------------------------------------------------------------------
expect_exit 2 "unclosed quote" "$BIN" search '"an toàn'
expect_exit 2 "\^" "$BIN" search 'an toàn )'
expect_exit 2 "missing ')'" "$BIN" search '(an toàn'
expect_exit 2 "year needs" "$BIN" search year:20x8
expect_exit 2 "unknown field" "$BIN" search foo:bar
expect_exit 2 "unknown province" "$BIN" search 'province:Atlantis'
expect_exit 2 "OR needs" "$BIN" search OR an
expect_exit 2 "" "$BIN" search --limit abc SOC
expect_exit 2 "unknown command" "$BIN" frobnicate
# An index written with another schema version is refused with advice.
cp -r "$TRACUU_INDEX" "$TMP/oldschema"
sqlite3 "$TMP/oldschema/meta.sqlite" "UPDATE meta SET value='0' WHERE key='schema_version'"
expect_exit 6 "another version of tracuu" "$BIN" search --index "$TMP/oldschema" SOC
expect_exit 1 "" "$BIN" search zzqxnotaword
# Hostile queries (issue 15): refused before Xapian sees them, with a message.
expect_exit 2 "too long" "$BIN" search $(python3 -c 'print(" ".join(["Nam"] * 90000))')
python3 -c 'print("x" * 600000)' >"$TMP/long.q"
expect_exit 2 "too long (600000 bytes; at most 4096)" "$BIN" search --queries "$TMP/long.q"
expect_exit 2 "too long" "$BIN" search "$(python3 -c 'print(" OR ".join(["Nam"] * 10000))')"
expect_exit 2 "too many words (more than 256)" "$BIN" search $(python3 -c 'print(" ".join("w%d" % i for i in range(300)))')
expect_exit 2 "too many words and operators" "$BIN" search "$(python3 -c 'print("NOT " * 600 + "a")')"
# A repeated word counts once: 256 x Nam finds what Nam finds.
same "repeated words" "$(hits Nam)" "$(hits "$(python3 -c 'print(" OR ".join(["Nam"] * 256))')")"
same "repeated words (AND)" "$(hits Nam)" "$(hits $(python3 -c 'print(" ".join(["Nam"] * 200))'))"
expect_exit 2 "AND needs a word" "$BIN" search 'N AND'
expect_exit 2 "field 'agency' needs a value" "$BIN" search 'agency:""'
expect_exit 2 "field 'province' needs a value" "$BIN" search 'province:" "'
# Did you mean (issue 11, item 5): on stderr, exit codes as without it.
expect_exit 0 "did you mean: quyet dinh?" "$BIN" search quyet dihn
expect_exit 0 "did you mean: Quyết định?" "$BIN" search Quyết đinh
expect_exit 2 'did you mean: province:"Hà Tĩnh"?' "$BIN" search 'province:"Ha Tihn"'
expect_exit 2 'did you mean: province:"Hà Tĩnh"?' "$BIN" search 'provnce:"Hà Tĩnh"'
expect_exit 2 "did you mean: type:report?" "$BIN" search type:reprt
expect_exit 1 "did you mean: cites:45/2016/QĐ-TTg?" "$BIN" search cites:45/2016/QĐ-TTq
expect_exit 1 "did you mean: 45/2016/QĐ-TTg?" "$BIN" cite 45/2016/QĐ-TTq
expect_exit 1 "có phải bạn muốn tìm: 45/2016/QĐ-TTg?" "$BIN" --lang vi cite 45/2016/QĐ-TTq
expect_exit 1 "hint: try without one of the filters" "$BIN" search SOC 'province:"Trà Vinh"'
expect_exit 1 "hint: --probable" "$BIN" cite 99/2099/QĐ-XYZ
"$BIN" search zzqxnotaword 2>"$TMP/err" >/dev/null
grep -q "did you mean" "$TMP/err" && bad "no suggestion for zzqxnotaword: $(cat "$TMP/err")" || ok
# JSON on stdout stays one hit a line; batches get no suggestion.
"$BIN" search --format json quyet dihn 2>/dev/null | python3 -c 'import sys, json
rows = [json.loads(l) for l in sys.stdin]
assert rows and all("path" in r for r in rows)' && ok || bad "json with a suggestion"
printf 'quyet dihn\n' | "$BIN" search --queries - >/dev/null 2>"$TMP/err"
grep -q "did you mean" "$TMP/err" && bad "batch suggestion: $(cat "$TMP/err")" || ok

# ---- bad files: binary, invalid UTF-8, empty ----------------------------------------------
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000' >"$TMP/docs/image.txt"
: >"$TMP/docs/empty.md"
printf 'Báo cáo zzqxvalid\377\376 còn lại zzqxafter\n' >"$TMP/docs/broken.txt"
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
grep -q "image.txt: binary file: skipped" "$TMP/ix.err" && ok || bad "binary: $(cat "$TMP/ix.err")"
grep -q "empty.md: empty file: skipped" "$TMP/ix.err" && ok || bad "empty: $(cat "$TMP/ix.err")"
grep -q "broken.txt: byte 19: invalid UTF-8" "$TMP/ix.err" && ok || bad "utf8: $(cat "$TMP/ix.err")"
grep -q "1 added, 0 updated, 0 removed, 5 unchanged, 2 skipped" "$TMP/ix.err" && ok ||
    bad "summary: $(tail -1 "$TMP/ix.err")"
expect "bro" zzqxafter                 # the text after the bad bytes is indexed

# ---- the Xapian database alone (issue 16): --xapian-only answers as a remote shard would ---
same_xonly() { # same_xonly CMD...   the same output and exit code with --xapian-only
    "$BIN" "$@" >"$TMP/x1" 2>&1
    r1=$?
    "$BIN" --xapian-only "$@" >"$TMP/x2" 2>&1
    r2=$?
    if [ $r1 -eq $r2 ] && [ -s "$TMP/x1" ] && cmp -s "$TMP/x1" "$TMP/x2"; then ok; else
        bad "--xapian-only $*: exit $r1/$r2 $(diff "$TMP/x1" "$TMP/x2" | head -6)"
    fi
}
same_xonly cite 45/2016/QĐ-TTg
same_xonly cite 45/2016/QĐ-TTg --format csv
same_xonly cite "Nghị quyết 36" --probable --by year
same_xonly cite 36-NQ/TW --by province --format json
same_xonly cite --top --limit all --format csv
same_xonly cite --top --by province --limit all
same_xonly cite --top --by year --limit all --format json
same_xonly cite 45/2016/QĐ-TTg --graph json --depth 3
same_xonly cite 45/2016/QĐ-TTq
same_xonly cite 99/2099/QĐ-XYZ
same_xonly figures "trạm BTS" --format json
same_xonly figures "thuê bao" --by province
same_xonly figures "doanh thu" --by year --format csv
same_xonly figures zzqxnothing
same_xonly show 1 --format json
same_xonly show 3
same_xonly show "$TMP/docs/broken.txt" --format json
same_xonly show "$TMP/docs/004_b1b8f2e8913d4e11.txt"
same_xonly show 999
# read from the files: 45/2016/QĐ-TTg once in 000, twice in 002 (a header and 3 rows)
n=$("$BIN" --xapian-only cite 45/2016/QĐ-TTg --format csv 2>/dev/null | wc -l)
[ "$n" -eq 4 ] && ok || bad "--xapian-only cite 45/2016/QĐ-TTg: $n lines"
# the two warnings about broken.txt (bytes 19 and 20) are kept with its document
"$BIN" --xapian-only show "$TMP/docs/broken.txt" --format json | grep -q '"warnings":2' && ok ||
    bad "--xapian-only show broken.txt: no warning"
# without meta.sqlite: damaged for a normal open, answers with --xapian-only
cp -r "$TMP/index" "$TMP/xonly"
rm "$TMP/xonly/meta.sqlite"
expect_exit 7 "meta.sqlite is missing" "$BIN" show 1 --index "$TMP/xonly"
expect_exit 0 "" "$BIN" --xapian-only cite 45/2016/QĐ-TTg --index "$TMP/xonly"
expect_exit 0 "" "$BIN" --xapian-only figures "trạm BTS" --index "$TMP/xonly"
expect_exit 2 "xapian-only is for questions" "$BIN" --xapian-only check --index "$TMP/xonly"
expect_exit 2 "xapian-only is for questions" "$BIN" index --xapian-only --index "$TMP/xonly" "$ROOT/corpus"

# ---- incremental: change, delete --------------------------------------------------------------
printf '\nPhụ lục zzqxnewword.\n' >>"$TMP/docs/003_4722339fd0f083dc.txt"
rm "$TMP/docs/broken.txt"
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
grep -q "0 added, 1 updated, 1 removed, 4 unchanged, 2 skipped" "$TMP/ix.err" && ok ||
    bad "incremental: $(tail -1 "$TMP/ix.err")"
expect "003" zzqxnewword
expect "" zzqxafter
expect "003" draft:yes                # metadata kept after the update
touch "$TMP/docs/000_90010ce738600653.txt"
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
grep -q "0 added, 0 updated, 0 removed, 5 unchanged" "$TMP/ix.err" && ok ||
    bad "touch only: $(tail -1 "$TMP/ix.err")"
# A symbolic link back to the folder: each folder is walked once, no loop.
ln -s "$TMP/docs" "$TMP/docs/loop"
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
grep -q "0 added, 0 updated, 0 removed, 5 unchanged" "$TMP/ix.err" && ok ||
    bad "symlink loop: $(tail -1 "$TMP/ix.err")"
rm "$TMP/docs/loop"

# ---- interrupted run and lock --------------------------------------------------------------------
mkdir -p "$TMP/many"
COPIES=${E2E_COPIES:-200} # copies of each seed for the interrupted run
i=0
while [ $i -lt "$COPIES" ]; do
    for f in "$ROOT"/corpus/*.txt; do
        b=$(basename "$f" .txt)
        { cat "$f"; printf '\nbản sao zzqxcopy%d\n' $i; } >"$TMP/many/$b-$i.txt"
    done
    i=$((i + 1))
done
"$BIN" index --index "$TMP/big" "$ROOT/corpus" 2>/dev/null
"$BIN" index --index "$TMP/big" "$TMP/many" 2>/dev/null &
pid=$!
sleep 1.5
expect_exit 5 "locked" "$BIN" index --index "$TMP/big" "$ROOT/corpus"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
# The previous state is still searchable ...
n=$("$BIN" search --index "$TMP/big" --format json --limit 1 SOC 2>/dev/null | wc -l)
[ "$n" -eq 1 ] && ok || bad "search after kill -9: $n"
# ... and the next run completes the work.
"$BIN" index --index "$TMP/big" "$TMP/many" 2>"$TMP/ix.err" && ok || bad "resume: $(cat "$TMP/ix.err")"
total=$("$BIN" search --index "$TMP/big" --format csv --limit 1 type:report | head -1 >/dev/null;
    "$BIN" search --index "$TMP/big" type:report | head -1 | cut -d' ' -f1)
want=$((COPIES * 5 + 5))
[ "$total" = "$want" ] && ok || bad "documents after resume: $total (want $want)"
expect_exit 0 "" "$BIN" search --index "$TMP/big" zzqxcopy$((COPIES - 1))

echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
