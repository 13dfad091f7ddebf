#!/bin/sh
# Parallel builds (issue 14 item 2, indexer/shard.h): a run of 2,000 new
# files or more on two threads is built by two writers and merged.  The
# index must be the one a single writer builds (same answers, same ids),
# leave nothing behind, survive kill -9 at any point (the previous state
# searchable, the next run completing the work) and take updates after.
# usage: tests/e2e/parallel.sh BIN     prints "parallel: N passed, M failed"
# PARALLEL_QUICK=1 (the sanitised build): part 1 alone.
set -u
export LANGUAGE=en # the messages checked are the English ones
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    d=$1
    shift
    if "$@"; then ok; else bad "$d"; fi
}

# 2,050 short reports: the first 30 lines of each of the five in corpus/
# (headers, citations, figures), 410 copies each with a word of their own.
COPIES=410
mkdir -p "$TMP/many"
for f in "$ROOT"/corpus/*.txt; do
    b=$(basename "$f" .txt)
    head -n 30 "$f" >"$TMP/head.txt"
    awk -v n=$COPIES -v dir="$TMP/many" -v b="$b" '
        { text = text $0 "\n" }
        END { for (i = 0; i < n; i++) {
                  out = sprintf("%s/%s-%03d.txt", dir, b, i)
                  printf "%sbản sao zzqxcopy%d\n", text, i > out
                  close(out) } }' "$TMP/head.txt"
done
total=$((COPIES * 5))
check "2,050 files written" [ "$(ls "$TMP/many" | wc -l)" -eq $total ]

# 1. One writer and two writers: the same index.
TRACUU_THREADS=1 "$BIN" index --index "$TMP/one" "$TMP/many" 2>"$TMP/one.err"
check "one writer: exit 0" [ $? -eq 0 ]
check "one writer: no parallel build" sh -c "! grep -q 'parallel build' '$TMP/one.err'"
TRACUU_THREADS=2 "$BIN" index --index "$TMP/two" "$TMP/many" 2>"$TMP/two.err"
check "two writers: exit 0" [ $? -eq 0 ]
check "two writers: all added" grep -q "indexed: $total added, 0 updated, 0 removed, 0 unchanged, 0 skipped" "$TMP/two.err"
check "two writers: the summary says so" grep -q "parallel build: two writers, merged into one index" "$TMP/two.err"
check "two writers: the shard's files are gone" \
    sh -c "! ls '$TMP/two' | grep -q shard"
check "two writers: check says sound" sh -c "'$BIN' check --index '$TMP/two' 2>&1 | grep -q 'is sound ($total documents)'"

same() { # same DESCRIPTION ARGS...: the command gives the same output on both indexes
    d=$1
    shift
    "$BIN" "$@" --index "$TMP/one" >"$TMP/a" 2>&1
    "$BIN" "$@" --index "$TMP/two" >"$TMP/b" 2>&1
    if cmp -s "$TMP/a" "$TMP/b" && [ -s "$TMP/a" ]; then ok; else
        bad "same answer: $d"
        diff "$TMP/a" "$TMP/b" | head -5
    fi
}
same "dịch vụ công" search 'dịch vụ công' --format json --limit all
same "phrase" search '"an toàn thông tin"' --format json --limit all
same "a file of the second half" search zzqxcopy409 --format json
same "a file of the first half" search zzqxcopy0 --format json
same "province filter" search 'province:"Hà Tĩnh"' --format csv --limit all
same "facet" search 'dịch vụ công' --by province
same "trend" trend 'hieu qua' --by year
same "cited documents" cite --top 20
same "who cites" cite "45/2016/QĐ-TTg" --format json
same "figures" figures "dịch vụ công" --by province --format json
"$BIN" show --index "$TMP/one" --format json $total | sed 's/"indexed_at":"[^"]*"//' >"$TMP/a"
"$BIN" show --index "$TMP/two" --format json $total | sed 's/"indexed_at":"[^"]*"//' >"$TMP/b"
check "same last document (id $total)" cmp -s "$TMP/a" "$TMP/b"
"$BIN" show --index "$TMP/two" --format json 2000 | grep -q '"path":"[^"]*/004_b1b8f2e8913d4e11-359.txt"'
check "ids in walk order: 2000 is the 360th copy of the last report" [ $? -eq 0 ]

if [ -n "${PARALLEL_QUICK:-}" ]; then
    echo "parallel: $pass passed, $fail failed"
    [ $fail -eq 0 ]
    exit
fi

# 2. Updates after a parallel build go to the merged index.
printf 'zzqxupdated\n' >>"$TMP/many/002_047a4ae5ab10d50a-407.txt"
TRACUU_THREADS=2 "$BIN" index --index "$TMP/two" "$TMP/many" 2>"$TMP/up.err"
check "update: 1 updated" grep -q "indexed: 0 added, 1 updated, 0 removed, $((total - 1)) unchanged" "$TMP/up.err"
n=$("$BIN" search --index "$TMP/two" zzqxupdated --format json 2>/dev/null | wc -l)
check "update: found ($n)" [ "$n" -eq 1 ]

# 3. A second writer's leftovers (a run killed before its merge) are
#    thrown away by the next run, which builds the index right.
"$BIN" index --index "$TMP/left" "$ROOT/corpus" >/dev/null 2>&1
mkdir -p "$TMP/left/xapian.shard"
printf 'junk' >"$TMP/left/xapian.shard/postlist.glass"
printf 'junk' >"$TMP/left/meta.shard.sqlite"
# (The run also names a file of the second half twice, in its folder and
# alone: it is one document.)
# On a terminal (script(1) gives it one) the progress line says when the
# files are done and the merge runs.
if command -v script >/dev/null 2>&1; then
    SHELL=/bin/sh script -qec "TRACUU_THREADS=2 '$BIN' index --index '$TMP/left' '$TMP/many' \
        '$TMP/many/004_b1b8f2e8913d4e11-409.txt'" /dev/null >"$TMP/left.err" 2>&1
    check "leftovers: the progress line names the merge" \
        grep -q "$total/$total files  merging the two writers' databases" "$TMP/left.err"
else
    TRACUU_THREADS=2 "$BIN" index --index "$TMP/left" "$TMP/many" \
        "$TMP/many/004_b1b8f2e8913d4e11-409.txt" 2>"$TMP/left.err"
fi
check "leftovers: exit 0 ($(tail -1 "$TMP/left.err"))" grep -q "parallel build" "$TMP/left.err"
check "leftovers: gone" sh -c "! ls '$TMP/left' | grep -q shard"
check "leftovers: every document once" sh -c "'$BIN' check --index '$TMP/left' 2>&1 | grep -q 'is sound ($((total + 5)) documents)'"

# 4. kill -9 in the middle of a parallel build over an index of five
#    reports: the five stay searchable, the next run completes the work.
for delay in 1.5; do
    rm -rf "$TMP/k"
    "$BIN" index --index "$TMP/k" "$ROOT/corpus" >/dev/null 2>&1
    TRACUU_THREADS=2 "$BIN" index --index "$TMP/k" "$TMP/many" >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    n=$("$BIN" search --index "$TMP/k" SOC --format json 2>/dev/null | wc -l)
    check "kill -9 after ${delay}s: the reports answer (SOC in 1, got $n)" [ "$n" -eq 1 ]
    TRACUU_THREADS=2 "$BIN" index --index "$TMP/k" "$TMP/many" "$ROOT/corpus" 2>"$TMP/k.err"
    check "kill -9 after ${delay}s: the next run completes ($(tail -1 "$TMP/k.err"))" [ $? -eq 0 ]
    check "kill -9 after ${delay}s: sound, every document" \
        sh -c "'$BIN' check --index '$TMP/k' 2>&1 | grep -q 'is sound ($((total + 5)) documents)'"
    check "kill -9 after ${delay}s: no leftovers" sh -c "! ls '$TMP/k' | grep -q -e shard -e compact"
    n=$("$BIN" search --index "$TMP/k" zzqxcopy409 --format json 2>/dev/null | wc -l)
    check "kill -9 after ${delay}s: the last copies are searchable ($n)" [ "$n" -eq 5 ]
    "$BIN" search --index "$TMP/k" '"dịch vụ công"' --format csv --limit all 2>/dev/null |
        grep -o 'many/[^,]*' | sort >"$TMP/a"
    "$BIN" search --index "$TMP/one" '"dịch vụ công"' --format csv --limit all 2>/dev/null |
        grep -o 'many/[^,]*' | sort >"$TMP/b"
    check "kill -9 after ${delay}s: the same files match \"dịch vụ công\" ($(wc -l <"$TMP/a"))" \
        sh -c "[ -s '$TMP/a' ] && cmp -s '$TMP/a' '$TMP/b'"
done

# 5. The two moments kill -9 cannot be timed to hit: the merged database
#    complete but not swapped in, and swapped in before meta.sqlite's
#    commit (tests/fault/die_at_swap.c ends the process there).  Readers
#    answer, and the next run ends sound.
if cc -shared -fPIC -o "$TMP/die.so" "$ROOT/tests/fault/die_at_swap.c" -ldl 2>"$TMP/cc.err"; then
    mkdir -p "$TMP/more"
    for f in "$TMP"/many/*.txt; do
        cp "$f" "$TMP/more/more-$(basename "$f")"
    done
    for when in before after; do
        rm -rf "$TMP/d"
        "$BIN" index --index "$TMP/d" "$ROOT/corpus" >/dev/null 2>&1
        TRACUU_THREADS=2 LD_PRELOAD="$TMP/die.so" TC_DIE_AT_SWAP=$when \
            "$BIN" index --index "$TMP/d" "$TMP/many" >/dev/null 2>&1
        check "dies $when the swap: exit 137" [ $? -eq 137 ]
        n=$("$BIN" search --index "$TMP/d" SOC --format json 2>/dev/null | wc -l)
        check "dies $when the swap: the reports answer (SOC in 1, got $n)" [ "$n" -eq 1 ]
        # after the swap: 2,050 more files, so that the run after the
        # reconciliation is a parallel build too
        more=
        copies=1
        if [ $when = after ]; then
            more=$TMP/more
            copies=2
        fi
        TRACUU_THREADS=2 "$BIN" index --index "$TMP/d" "$TMP/many" $more "$ROOT/corpus" \
            2>"$TMP/d.err"
        check "dies $when the swap: the next run completes ($(tail -1 "$TMP/d.err"))" [ $? -eq 0 ]
        [ $when = after ] && check "dies $when the swap: the next run is parallel too" \
            grep -q "parallel build" "$TMP/d.err"
        check "dies $when the swap: sound, every document" \
            sh -c "'$BIN' check --index '$TMP/d' 2>&1 | grep -q 'is sound ($((total * copies + 5)) documents)'"
        check "dies $when the swap: no leftovers" sh -c "! ls '$TMP/d' | grep -q -e shard -e compact"
        n=$("$BIN" search --index "$TMP/d" zzqxcopy409 --format json 2>/dev/null | wc -l)
        check "dies $when the swap: the last copies are searchable ($n)" [ "$n" -eq $((5 * copies)) ]
    done
else
    bad "cannot build tests/fault/die_at_swap.c: $(cat "$TMP/cc.err")"
fi

echo "parallel: $pass passed, $fail failed"
[ $fail -eq 0 ]
