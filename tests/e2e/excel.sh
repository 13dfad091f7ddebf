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
pass=0
fail=0
for f in hits cite; do
    # CSV (UTF-8, comma, quote) -> XLSX -> CSV (UTF-8, comma, quote)
    filter='CSV:44,34,76,1'
    (cd "$TMP" && HOME="$TMP" timeout 300 soffice --headless --norestore \
        --infilter="$filter" --convert-to xlsx "$f.csv" >/dev/null 2>&1)
    mkdir -p "$TMP/back"
    (cd "$TMP" && HOME="$TMP" timeout 300 soffice --headless --norestore \
        --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true" --outdir back \
        "$f.xlsx" >/dev/null 2>&1)
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
PY
done
echo "excel: $pass passed, $fail failed"
[ $fail -eq 0 ]
