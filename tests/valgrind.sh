#!/bin/sh
# valgrind.sh TESTDIR BIN: runs the unit tests and an index + search + show
# under valgrind; any error or definite leak fails.  ICU and Xapian keep
# caches for the life of the process ("still reachable"), which is not a leak.
set -u
dir=$1
BIN=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
run() {
    $VG "$@" >"$TMP/out" 2>"$TMP/err"
    if [ $? -eq 99 ]; then
        fail=$((fail + 1))
        echo "FAIL valgrind: $*"
        head -30 "$TMP/err"
    else
        pass=$((pass + 1))
    fi
}
export TC_TEST_QUICK=1 # the slowest cases (OCR, 1,000 pages) run in the other builds
for t in "$dir"/test_*; do
    [ -x "$t" ] && run "$t"
done
run "$BIN" index --index "$TMP/ix" corpus
run "$BIN" search --index "$TMP/ix" --format json hieu qua 'province:"Hà Tĩnh"'
run "$BIN" search --index "$TMP/ix" '"an toàn thông tin"' OR SOC -year:2015
run "$BIN" search --index "$TMP/ix" --by province "công nghệ" # the collator, dlopen'd
run "$BIN" search --index "$TMP/ix" '(unclosed'
run "$BIN" show --index "$TMP/ix" --format json 1
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
