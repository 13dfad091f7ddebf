#!/bin/sh
# Readers during writes (issue 15 item 1): one long-lived reader
# (`search --queries`) asks READERS_QUERIES questions (default 3000; `make
# readers` asks 20,000) while `tracuu index` runs again and again, switching
# the folder between two known sets of files.  Each switch changes 400
# files of 420, so every run commits once and then compacts (a tenth of
# the index or more changed), swapping the xapian/ folder under the reader.
# Every answer must be the answer of one committed state, and no question
# may fail.
#   state A: a001-a200 ("viễn thông", Hà Tĩnh) + c01-c20 (both words)
#   state B: b001-b200 ("bưu chính", Trà Vinh) + c01-c20
#   "viễn thông": A 220, B 20;  "bưu chính": A 20, B 220;  "báo cáo": 220.
# usage: tests/e2e/readers-during-writes.sh BIN   prints "readers: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${READERS_QUERIES:-3000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export LANGUAGE=en
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

mkdir -p "$TMP/A" "$TMP/B" "$TMP/docs"
i=1
while [ $i -le 200 ]; do
    n=$(printf '%03d' $i)
    printf 'BÁO CÁO\nTình hình viễn thông tỉnh Hà Tĩnh, báo cáo số %s.\n' $i >"$TMP/A/a$n.txt"
    printf 'BÁO CÁO\nTình hình bưu chính tỉnh Trà Vinh, báo cáo số %s.\n' $i >"$TMP/B/b$n.txt"
    [ $i -le 20 ] && printf 'BÁO CÁO\nViễn thông và bưu chính, báo cáo chung số %s.\n' $i \
        >"$TMP/docs/c$n.txt"
    i=$((i + 1))
done
cp "$TMP"/A/* "$TMP/docs/"
IX=$TMP/ix
"$BIN" index --quiet --index "$IX" "$TMP/docs" || bad "first index run"

k=0
: >"$TMP/q"
while [ $k -lt "$N" ]; do
    case $((k % 3)) in
    0) echo 'viễn thông' ;;
    1) echo 'bưu chính' ;;
    2) echo 'báo cáo' ;;
    esac
    k=$((k + 1))
done >"$TMP/q"

# The reader asks its N questions again until its answers have seen both
# states (or the writer has made 6 runs): on a loaded machine one round can
# end before the first commit, and the test needs writes during reads.
both_seen() {
    awk '/match/ { if (i++ % 3 == 0) s[$1 + 0]++ } END { exit !(s[220] && s[20]) }' "$1"
}
echo 0 >"$TMP/runs"
(r=0
    : >"$TMP/out"
    : >"$TMP/err"
    while :; do
        "$BIN" search --index "$IX" --queries "$TMP/q" --limit 0 >>"$TMP/out" 2>>"$TMP/err"
        rc=$?
        r=$((r + 1))
        { [ $rc -ne 0 ] || [ "$(cat "$TMP/runs")" -ge 6 ] || both_seen "$TMP/out"; } && break
    done
    echo $r >"$TMP/rounds"
    echo $rc >"$TMP/rc") &
reader=$!
runs=0
swaps=0
state=A
# The writer keeps going while the reader reads (at least two runs).
while [ ! -f "$TMP/rc" ] || [ $runs -lt 2 ]; do
    if [ $state = A ]; then
        rm -f "$TMP"/docs/a*.txt
        cp "$TMP"/B/* "$TMP/docs/"
        state=B
    else
        rm -f "$TMP"/docs/b*.txt
        cp "$TMP"/A/* "$TMP/docs/"
        state=A
    fi
    before=$(stat -c %i "$IX/xapian")
    "$BIN" index --quiet --index "$IX" "$TMP/docs" 2>>"$TMP/werr" || bad "index run $runs failed"
    [ "$(stat -c %i "$IX/xapian")" != "$before" ] && swaps=$((swaps + 1))
    runs=$((runs + 1))
    echo $runs >"$TMP/runs"
done
wait $reader
rc=$(cat "$TMP/rc")
rounds=$(cat "$TMP/rounds")
[ "$rc" = 0 ] && ok || bad "reader exit 0 (got $rc: $(head -3 "$TMP/err" | tr '\n' ' '))"
errs=$(grep -c '^tracuu' "$TMP/err")
[ "$errs" -eq 0 ] && ok || bad "reader: no error (got $errs: $(grep '^tracuu' "$TMP/err" | sort | uniq -c | head -3 | tr '\n' ' '))"
# Each answer against the two committed states.
awk -v n="$((N * rounds))" '
/match/ {
    k = i % 3; i++
    c = $1 + 0
    if (k == 0) okc = (c == 220 || c == 20)
    else if (k == 1) okc = (c == 20 || c == 220)
    else okc = (c == 220)
    if (!okc) { bad++; if (bad < 4) printf "  query %d (%s): %s\n", i, (k == 0 ? "viễn thông" : k == 1 ? "bưu chính" : "báo cáo"), $0 }
    else if (k == 0) seen[c]++
}
END {
    printf "answers %d of %d, inconsistent %d, viễn thông A %d B %d\n", i, n, bad + 0, seen[220] + 0, seen[20] + 0
    exit (i != n || bad > 0 || seen[220] == 0 || seen[20] == 0)
}' "$TMP/out" >"$TMP/check" && ok || bad "every answer is one of a committed state: $(cat "$TMP/check")"
echo "  $N questions x $rounds round(s) during $runs index runs ($swaps compaction swaps): $(head -1 "$TMP/check")"
[ $swaps -ge 1 ] && ok || bad "at least one compaction swapped the folder under the reader (got $swaps)"
echo "readers: $pass passed, $fail failed"
[ $fail -eq 0 ]
