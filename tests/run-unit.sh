#!/bin/sh
# run-unit.sh DIR: runs every unit-test program in DIR from the repo root and
# prints one summary line "unit: N passed, M failed".
dir=$1
pass=0
fail=0
for t in "$dir"/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out" | grep -E 'FAIL|passed|P=|R=' | sed 's/^/  /'
    p=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
        echo "  $t exited with $rc"
        fail=$((fail + 1))
    fi
done
echo "unit ($dir): $pass passed, $fail failed"
[ $fail -eq 0 ]
