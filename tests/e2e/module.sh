#!/bin/sh
# module.sh BIN: the readers module (readers/module.h).  A search maps none
# of the readers' libraries; indexing a PDF, Word, ODF or HTML file loads
# readers.so once; without the module (or with a wrong one) those files are
# skipped with a warning naming each one and the reason, and the rest of the
# run goes on; `make install` puts the module where the installed binary
# finds it.  Expected counts are those of the six fixtures copied below
# (one file per format of tests/fixtures/formats, r000) plus one report of
# corpus/ and one fake .docx.
# usage: tests/e2e/module.sh BIN        prints "module: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
unset TRACUU_MODULE_DIR
pass=0
fail=0
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1))
        printf 'FAIL %s: expected [%s] got [%s]\n' "$1" "$2" "$3"
    fi
}

F="$TMP/files"
mkdir -p "$F"
for ext in pdf docx odt html doc rtf; do cp "$ROOT/tests/fixtures/formats/r000.$ext" "$F/"; done
cp "$ROOT/corpus/000_90010ce738600653.txt" "$F/"
printf 'PK\003\004 not really a zip' >"$F/fake.docx"

# The binary itself links none of the readers' libraries.
check "ldd: no reader library" "0" \
    "$(ldd "$BIN" | grep -cE 'libpoppler|libtesseract|liblept|libxml2|libzip|libcairo')"

# Nor the libraries of XLSX output and of the web server (dlopen'd).
check "ldd: no libxlsxwriter, no libmicrohttpd" "0" \
    "$(ldd "$BIN" | grep -cE 'libxlsxwriter|libmicrohttpd')"

# How many times the process dlopened readers.so (LD_DEBUG=files).
loads() {
    LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -c 'file=.*/readers\.so .*dynamically loaded'
}

# Plain text only: the module is not loaded, by index or by search.
mkdir -p "$TMP/txt"
cp "$ROOT/corpus/000_90010ce738600653.txt" "$TMP/txt/"
check "index of text: module not loaded" "0" "$(loads "$BIN" index --index "$TMP/ixt" "$TMP/txt")"
check "search: module not loaded" "0" "$(loads "$BIN" search --index "$TMP/ixt" SOC)"
check "search with no hit: module not loaded" "0" "$(loads "$BIN" search --index "$TMP/ixt" zzqxv)"

check "search --format xlsx: libxlsxwriter loaded once" "1" \
    "$(LD_DEBUG=files "$BIN" search --index "$TMP/ixt" --format xlsx -o "$TMP/r.xlsx" SOC 2>&1 >/dev/null |
        grep -c 'file=libxlsxwriter.* dynamically loaded')"
check "search --format xlsx: a workbook" "PK" "$(head -c 2 "$TMP/r.xlsx")"
check "search --format csv: libxlsxwriter not loaded" "0" \
    "$(LD_DEBUG=files "$BIN" search --index "$TMP/ixt" --format csv SOC 2>&1 >/dev/null |
        grep -c 'file=libxlsxwriter')"

# All formats: loaded once, every file read (the fake .docx is not a zip).
check "index of all formats: module loaded once" "1" \
    "$(loads "$BIN" index --index "$TMP/ixa" "$F")"
"$BIN" index --index "$TMP/ixa2" "$F" >"$TMP/out" 2>"$TMP/err"
check "index with the module: exit" "0" "$?"
check "index with the module: summary" \
    "indexed: 7 added, 0 updated, 0 removed, 0 unchanged, 1 skipped, 1 warnings;" \
    "$(cat "$TMP/out" "$TMP/err" | grep '^indexed:' | cut -d' ' -f1-13)"
# r000 is Hà Tĩnh's report 23/BC-STTTT, which cites Quyết định số
# 45/2016/QĐ-TTg once: seven copies (six formats and the text), seven citations.
check "cite: what the module read" "7 citations of 45/2016/QĐ-TTg" \
    "$("$BIN" cite --index "$TMP/ixa2" '45/2016/QĐ-TTg' 2>/dev/null | head -1)"

# No module: the five files of its formats are skipped, each named with the
# reason; the RTF and the text are indexed; exit 0.
TRACUU_MODULE_DIR="$TMP/none" "$BIN" index --index "$TMP/ixn" "$F" >"$TMP/out" 2>"$TMP/err"
check "no module: exit" "0" "$?"
check "no module: summary" \
    "indexed: 2 added, 0 updated, 0 removed, 0 unchanged, 6 skipped, 6 warnings;" \
    "$(cat "$TMP/out" "$TMP/err" | grep '^indexed:' | cut -d' ' -f1-13)"
for ext in pdf docx odt html doc; do
    check "no module: r000.$ext named with the reason" "1" \
        "$(grep -c "r000\.$ext: cannot read as $ext: reader module $TMP/none/readers.so not found: skipped" "$TMP/err")"
done
check "no module: the fake .docx still told apart" "1" \
    "$(grep -c 'fake.docx: cannot be read as docx (damaged, or not what its name says)' "$TMP/err")"
check "no module: the RTF and the text cited" "2 citations of 45/2016/QĐ-TTg" \
    "$(TRACUU_MODULE_DIR="$TMP/none" "$BIN" cite --index "$TMP/ixn" '45/2016/QĐ-TTg' 2>/dev/null | head -1)"

# A file that is not the module, and a library without its table.
mkdir -p "$TMP/bad" "$TMP/other"
echo "not a shared object" >"$TMP/bad/readers.so"
TRACUU_MODULE_DIR="$TMP/bad" "$BIN" index --index "$TMP/ixb" "$F" >"$TMP/out" 2>"$TMP/err"
check "bad module: exit" "0" "$?"
check "bad module: each file named with the loader's reason" "5" \
    "$(grep -c 'cannot read as [a-z]*: reader module not loaded: .*readers.so' "$TMP/err")"
lib=$(ldd "$BIN" | awk '/libz\.so/ {print $3; exit}')
if [ -n "$lib" ]; then
    cp "$lib" "$TMP/other/readers.so"
    TRACUU_MODULE_DIR="$TMP/other" "$BIN" index --index "$TMP/ixo" "$F" >"$TMP/out" 2>"$TMP/err"
    check "other library: exit" "0" "$?"
    check "other library: refused" "5" \
        "$(grep -c 'readers.so is from another build of tracuu: skipped' "$TMP/err")"
fi

# make install: the installed binary finds its module by its own path.
MODULE=$(dirname "$(dirname "$BIN")")/lib/tracuu/readers.so
if [ -f "$MODULE" ] && make -s -C "$ROOT" -o "$BIN" -o "$MODULE" install BIN="$BIN" \
    DESTDIR="$TMP/inst" PREFIX=/opt/tc >/dev/null 2>&1; then
    check "make install: module installed" "yes" \
        "$([ -f "$TMP/inst/opt/tc/lib/tracuu/readers.so" ] && echo yes)"
    "$TMP/inst/opt/tc/bin/tracuu" index --index "$TMP/ixi" "$F" >"$TMP/out" 2>"$TMP/err"
    check "installed binary reads every format" \
        "indexed: 7 added, 0 updated, 0 removed, 0 unchanged, 1 skipped, 1 warnings;" \
        "$(cat "$TMP/out" "$TMP/err" | grep '^indexed:' | cut -d' ' -f1-13)"
else
    fail=$((fail + 1))
    echo "FAIL make install into $TMP/inst"
fi

echo "module: $pass passed, $fail failed"
[ $fail -eq 0 ]
