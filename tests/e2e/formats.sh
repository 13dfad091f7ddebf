#!/bin/sh
# formats.sh BIN: the same two reports in every format tracuu reads
# (tests/fixtures/formats, made by LibreOffice from corpus/) give the same
# header metadata and the same hit sets as their .txt originals; bad files
# of every kind are skipped with a warning naming them and the run goes on.
# Prints "formats: N passed, M failed".
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FX="$ROOT/tests/fixtures/formats"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export TRACUU_INDEX="$TMP/index"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
FORMATS="docx odt doc rtf pdf html"

mkdir -p "$TMP/docs"
cp "$ROOT/corpus/000_90010ce738600653.txt" "$TMP/docs/r000.txt"
cp "$ROOT/corpus/003_4722339fd0f083dc.txt" "$TMP/docs/r003.txt"
for f in $FORMATS; do cp "$FX/r000.$f" "$FX/r003.$f" "$TMP/docs/"; done
"$BIN" index "$TMP/docs" 2>"$TMP/ix.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "14 added, 0 updated, 0 removed, 0 unchanged, 0 skipped" "$TMP/ix.err"; then
    ok
else
    bad "index of the format fixtures (exit $rc): $(cat "$TMP/ix.err")"
fi
if grep -q "^  formats: pdf 2, docx 2, odt 2, doc 2, rtf 2, html 2, text 2$" "$TMP/ix.err"; then ok; else
    bad "summary lacks the per-format counts: $(cat "$TMP/ix.err")"
fi

# Header metadata of a document, as `show --format json` gives it.
meta() { # meta FILE -> "number|date|place|province|agency|type|format"
    "$BIN" show --format json "$TMP/docs/$1" 2>>"$TMP/show.err" | python3 -c 'import sys, json
d = json.load(sys.stdin)
print("|".join(str(d.get(k) or "") for k in ("number", "date", "place", "province", "agency", "type")))'
}
for r in r000 r003; do
    want=$(meta "$r.txt")
    case "$want" in
    *"|Hà Tĩnh|"* | *"|Cao Bằng|"*) ok ;;
    *) bad "$r.txt: no place read from the original: [$want]" ;;
    esac
    for f in $FORMATS; do
        got=$(meta "$r.$f")
        if [ "$got" = "$want" ]; then ok; else bad "$r.$f header: expected [$want] got [$got]"; fi
    done
done

# Hit sets per format: the stems found for a query must not depend on the
# format.  "r000 r003" means both reports match.
hits() { # hits EXT QUERY...
    ext=$1
    shift
    "$BIN" search --limit 100 --format json "$@" 2>/dev/null | python3 -c 'import sys, json, os
ext = sys.argv[1]
ids = sorted(os.path.basename(json.loads(l)["path"])[:4] for l in sys.stdin
             if l.strip() and json.loads(l)["path"].endswith("." + ext))
print(" ".join(ids))' "$ext"
}
for q in BTS 'hiệu quả' '"an toàn thông tin"' 'cổng thông tin điện tử' 'cites:68/2017/NQ-HĐND' 'Cao Bằng' \
    'year:2018' 'province:"Hà Tĩnh"'; do
    want=$(hits txt "$q")
    if [ -n "$want" ]; then ok; else bad "query [$q] finds nothing in the .txt originals"; fi
    for f in $FORMATS; do
        got=$(hits "$f" "$q")
        if [ "$got" = "$want" ]; then ok; else bad "query [$q] in .$f: expected [$want] got [$got]"; fi
    done
done

# A hit in a PDF gives its page; the first page is 1.
pdfpage=$("$BIN" search --format json --limit 100 'BTS' 2>/dev/null | python3 -c 'import sys, json
for l in sys.stdin:
    d = json.loads(l)
    if d["format"] == "pdf": print(d["page"])')
case "$pdfpage" in
[1-9]*) ok ;;
*) bad "a PDF hit has no page: [$pdfpage]" ;;
esac

# show --text gives the text as read, with page lines for PDFs.
"$BIN" show --text "$TMP/docs/r000.docx" >"$TMP/text.docx" 2>&1
if grep -q "^Số: *23 */BC-STTTT" "$TMP/text.docx" && ! grep -q -- "--- page" "$TMP/text.docx"; then ok; else
    bad "show --text r000.docx: $(head -5 "$TMP/text.docx")"
fi
"$BIN" show --text "$TMP/docs/r000.pdf" >"$TMP/text.pdf" 2>&1
if [ "$(grep -c -- '^--- page [0-9]* ---$' "$TMP/text.pdf")" -ge 2 ] && head -1 "$TMP/text.pdf" | grep -q -- "--- page 1 ---"; then ok; else
    bad "show --text r000.pdf lacks page lines: $(head -3 "$TMP/text.pdf")"
fi

# ---- a scan: reported without --ocr, read with it -------------------------
mkdir -p "$TMP/scan"
cp "$FX/r000-scan.pdf" "$TMP/scan/"
"$BIN" index --index "$TMP/scanix" "$TMP/scan" 2>"$TMP/scan.err"
if grep -q "r000-scan.pdf: 1 of 1 pages have no text layer" "$TMP/scan.err" &&
    grep -q "scanned: 1 files have 1 pages without a text layer" "$TMP/scan.err"; then ok; else
    bad "scan without --ocr: $(cat "$TMP/scan.err")"
fi
# --ocr on the same index reads the unchanged scan again (the hint above
# promised it), and once read, a later --ocr run leaves it alone
"$BIN" index --ocr --index "$TMP/scanix" "$TMP/scan" 2>"$TMP/ocr.err"
if grep -q "OCR: 1 pages read" "$TMP/ocr.err" && grep -q "^indexed: 0 added, 1 updated" "$TMP/ocr.err"; then ok; else
    bad "index --ocr over the scan indexed without it: $(cat "$TMP/ocr.err")"
fi
"$BIN" index --ocr --index "$TMP/scanix" "$TMP/scan" 2>"$TMP/ocr2.err"
if grep -q "^indexed: 0 added, 0 updated, 0 removed, 1 unchanged" "$TMP/ocr2.err"; then ok; else
    bad "a second index --ocr read the scan again: $(cat "$TMP/ocr2.err")"
fi
ocr=$("$BIN" show --index "$TMP/scanix" --format json "$TMP/scan/r000-scan.pdf" 2>/dev/null |
    python3 -c 'import sys, json; d = json.load(sys.stdin); print(d["ocr_pages"], d["page_kinds"], d["place"], d["format"])')
# OCR is approximate: the place and the kinds of page are certain enough to test
if [ "$ocr" = "1 o Hà Tĩnh pdf" ]; then ok; else bad "OCR'd scan: [$ocr]"; fi
got=$("$BIN" search --index "$TMP/scanix" 'báo cáo' 2>/dev/null | grep -c "page 1, read by OCR")
if [ "$got" = 1 ]; then ok; else bad "a hit in the OCR'd scan does not say 'page 1, read by OCR'"; fi

# ---- bad files: each skipped with a warning naming it; the run goes on -----
mkdir -p "$TMP/bad"
cp "$TMP/docs/r000.txt" "$TMP/bad/good.txt"
head -c 3000 "$FX/r000.docx" >"$TMP/bad/truncated.docx"
head -c 20000 "$FX/r000.pdf" >"$TMP/bad/truncated.pdf"
printf 'PK\003\004 this is not a zip' >"$TMP/bad/fake.docx"
head -c 4000 "$FX/r000.doc" >"$TMP/bad/truncated.doc"
printf '{\\rtf1\\ansi {\\b unclosed' >"$TMP/bad/unclosed.rtf"
cp "$FX/r000.html" "$TMP/bad/really-html.docx"
head -c 2048 /dev/urandom >"$TMP/bad/random.pdf"
: >"$TMP/bad/empty.odt"
"$BIN" index --index "$TMP/badix" "$TMP/bad" 2>"$TMP/bad.err"
rc=$?
if [ $rc -eq 0 ]; then ok; else bad "bad files: exit $rc: $(cat "$TMP/bad.err")"; fi
for name in truncated.docx truncated.pdf fake.docx random.pdf empty.odt; do
    if grep -q "warning: $TMP/bad/$name: .*skipped" "$TMP/bad.err"; then ok; else
        bad "no skip warning naming $name: $(cat "$TMP/bad.err")"
    fi
done
# The HTML saved as .docx is read as HTML (content wins over the name); the
# good file is indexed whatever the bad ones did.
for name in good.txt really-html.docx; do
    if "$BIN" show --index "$TMP/badix" "$TMP/bad/$name" >/dev/null 2>&1; then ok; else
        bad "$name was not indexed: $(cat "$TMP/bad.err")"
    fi
done
fmt=$("$BIN" show --index "$TMP/badix" --format json "$TMP/bad/really-html.docx" 2>/dev/null |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["format"])')
if [ "$fmt" = html ]; then ok; else bad "really-html.docx read as [$fmt], expected html"; fi

# Every file is accounted for: indexed + skipped = files given.
line=$(grep '^indexed:' "$TMP/bad.err")
added=$(printf '%s' "$line" | sed -n 's/indexed: \([0-9]*\) added.*/\1/p')
skipped=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
total=$(ls "$TMP/bad" | wc -l)
if [ $((added + skipped)) -eq "$total" ]; then ok; else
    bad "files not accounted for: $added added + $skipped skipped != $total: $line"
fi

# An index kept inside the folder it indexes is not walked into.
mkdir -p "$TMP/inside"
cp "$TMP/docs/r000.txt" "$TMP/inside/"
"$BIN" index --index "$TMP/inside/ix" "$TMP/inside" 2>/dev/null
"$BIN" index --verbose --index "$TMP/inside/ix" "$TMP/inside" 2>"$TMP/inside.err"
if grep -q "/inside/ix/" "$TMP/inside.err" || ! grep -q "unchanged .*r000.txt" "$TMP/inside.err"; then
    bad "the index folder was walked, or the report not listed: $(cat "$TMP/inside.err")"
else
    ok
fi

# A path that does not exist is an error, and nothing is written.
"$BIN" index --index "$TMP/noix" "$TMP/does-not-exist" 2>"$TMP/ne.err"
rc=$?
if [ $rc -eq 3 ] && grep -q "does-not-exist" "$TMP/ne.err"; then ok; else
    bad "index of a missing path: exit $rc: $(cat "$TMP/ne.err")"
fi

echo "formats: $pass passed, $fail failed"
[ $fail -eq 0 ]
