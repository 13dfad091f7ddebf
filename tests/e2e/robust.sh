#!/bin/sh
# Robustness of an index run (issue 15): a file that cannot be analysed
# fails alone, folders too deep to walk are said, an interrupted
# compaction is redone.  Expectations written from the corpus/ reports.
# usage: tests/e2e/robust.sh BIN     prints "robust: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    d=$1
    shift
    if "$@"; then ok; else bad "$d"; fi
}

# 1. Out of memory on one huge text: that file is skipped with a warning,
#    the five good reports of the same run are committed.
if command -v prlimit >/dev/null 2>&1; then
    mkdir -p "$TMP/mem"
    cp "$ROOT"/corpus/*.txt "$TMP/mem/"
    python3 -c '
import random, sys
random.seed(1)
w = "báo cáo tình hình thực hiện nhiệm vụ kinh tế xã hội quý năm tỉnh trạm số liệu".split()
with open(sys.argv[1], "w") as f:
    for i in range(220000):
        f.write(" ".join(random.choice(w) for _ in range(8)) + ". ")' "$TMP/mem/huge.txt"
    prlimit --as=450000000 "$BIN" index --index "$TMP/ix-mem" "$TMP/mem" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    check "huge file under a memory limit: exit 0 (got $rc: $(tail -3 "$TMP/err"))" [ $rc -eq 0 ]
    check "huge file: a warning names it" grep -q "huge.txt: cannot analyse .* MB of text: out of memory: skipped" "$TMP/err"
    check "huge file: summary says 5 added, 1 skipped" grep -q "indexed: 5 added, 0 updated, 0 removed, 0 unchanged, 1 skipped" "$TMP/err"
    n=$("$BIN" search --index "$TMP/ix-mem" BTS --format json --limit 100 2>/dev/null | wc -l)
    check "huge file: the good files are searchable (BTS in 4, got $n)" [ "$n" -eq 4 ]
else
    bad "prlimit (util-linux) is missing"
fi

# 2. Folders more than 64 levels deep: warned and counted, the rest indexed.
d="$TMP/deep"
for i in $(seq 1 70); do d="$d/d$i"; done
mkdir -p "$d"
cp "$ROOT"/corpus/000_*.txt "$d/"
cp "$ROOT"/corpus/001_*.txt "$TMP/deep/"
"$BIN" index --index "$TMP/ix-deep" "$TMP/deep" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "deep folders: exit 0 (got $rc)" [ $rc -eq 0 ]
check "deep folders: a warning names the folder" grep -q "/d65: folder more than 64 levels deep: not walked" "$TMP/err"
check "deep folders: the summary counts it" grep -q "not walked: 1 folders more than 64 levels deep" "$TMP/err"
check "deep folders: the shallow file is indexed" grep -q "indexed: 1 added" "$TMP/err"

# 3. A compaction killed half-way leaves its folder: the next run, even
#    with nothing changed, compacts again and removes it.
"$BIN" index --index "$TMP/ix-c" "$ROOT/corpus" >/dev/null 2>&1
mkdir -p "$TMP/ix-c/xapian.compact"
cp "$TMP/ix-c/xapian/"* "$TMP/ix-c/xapian.compact/" 2>/dev/null
"$BIN" index --index "$TMP/ix-c" "$ROOT/corpus" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "interrupted compaction: exit 0 (got $rc)" [ $rc -eq 0 ]
check "interrupted compaction: its folder is gone" [ ! -e "$TMP/ix-c/xapian.compact" ]
n=$("$BIN" search --index "$TMP/ix-c" SOC --format json 2>/dev/null | wc -l)
check "interrupted compaction: the index answers (SOC in 1, got $n)" [ "$n" -eq 1 ]

echo "robust: $pass passed, $fail failed"
[ $fail -eq 0 ]
