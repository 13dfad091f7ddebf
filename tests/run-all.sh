#!/bin/sh
# run-all.sh: the whole suite, as `make test` runs it.
#   1. unit and end-to-end tests on the normal build;
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. valgrind on the unit tests and on an index + search run.
# Ends with one line "all: N passed, M failed" and a non-zero exit on failure.
set -u
cd "$(dirname "$0")/.."
export LANGUAGE=en # tests read English messages; cli.sh checks the Vietnamese ones
pass=0
fail=0
step() { # step NAME CMD...: runs CMD, adds its "N passed, M failed" line
    name=$1
    shift
    echo "== $name"
    t0=$(date +%s)
    "$@" >"$LOG" 2>&1
    rc=$?
    echo "   ($(($(date +%s) - t0)) s)"
    cat "$LOG" | grep -vE '^(ok|  ok)' | tail -40
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$LOG" | tail -1)
    p=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
        echo "   $name exited with $rc"
        fail=$((fail + 1))
    fi
}
LOG=$(mktemp)
# The real documents are indexed with --ocr (Tesseract: about 100 s of CPU
# for their 70 scanned pages).  That runs here in the background, on one
# thread at the lowest priority, while the first steps leave a core idle;
# the realdocs step waits for it (tests/e2e/realdocs.sh).
REALDOCS_OCR_DIR=$(mktemp -d)
export REALDOCS_OCR_DIR
trap 'rm -f "$LOG"; rm -rf "$REALDOCS_OCR_DIR"' EXIT
if [ -d ../shared/corpora/real-docs ]; then
    (
        nice -n 19 env TRACUU_THREADS=1 bin/tracuu index --ocr --index "$REALDOCS_OCR_DIR/ix" \
            ../shared/corpora/real-docs >/dev/null 2>"$REALDOCS_OCR_DIR/ix.err"
        echo $? >"$REALDOCS_OCR_DIR/rc.tmp" && mv "$REALDOCS_OCR_DIR/rc.tmp" "$REALDOCS_OCR_DIR/rc"
    ) &
fi

step "unit tests" sh tests/run-unit.sh build/tests
step "end-to-end tests" sh tests/e2e/run.sh bin/tracuu
step "formats (Word, ODF, RTF, HTML, PDF, bad files)" sh tests/e2e/formats.sh bin/tracuu
step "readers module (loaded on first need)" sh tests/e2e/module.sh bin/tracuu
step "robustness (memory limit, deep folders, interrupted compaction)" sh tests/e2e/robust.sh bin/tracuu
step "damaged indexes (check, --repair, exit 7)" sh tests/e2e/damage.sh bin/tracuu
step "parallel builds (two writers, merge, kill -9)" sh tests/e2e/parallel.sh bin/tracuu
step "readers during writes (3,000 questions, index runs, compactions)" sh tests/e2e/readers-during-writes.sh bin/tracuu
step "spreadsheet round trip" sh tests/e2e/excel.sh bin/tracuu
step "command line and exports" sh tests/e2e/cli.sh bin/tracuu
step "synthetic reports of make scale (generator vs index)" sh tests/e2e/scale-smoke.sh bin/tracuu
step "web server (HTTP API)" sh tests/e2e/http.sh bin/tracuu
step "clusters (two xapian-tcpsrv shards on loopback, faults, replication)" sh tests/e2e/cluster.sh bin/tracuu
step "browser (playwright + chromium)" sh tests/browser/run.sh bin/tracuu
step "real documents (hand-read gold, scans read by OCR)" sh tests/e2e/realdocs.sh bin/tracuu

echo "== building with ASan+UBSan"
if make --no-print-directory BUILD=build-asan SANITIZE=1 OPT=-O1 all >"$LOG" 2>&1; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp
    step "unit tests (ASan+UBSan)" sh tests/run-unit.sh build-asan/tests
    export E2E_COPIES=60 # the sanitised build is slower: a smaller interrupted run
    step "end-to-end tests (ASan+UBSan)" sh tests/e2e/run.sh build-asan/bin/tracuu
    step "formats (ASan+UBSan)" sh tests/e2e/formats.sh build-asan/bin/tracuu
    step "readers module (ASan+UBSan)" sh tests/e2e/module.sh build-asan/bin/tracuu
    # (tracuu check: the Xapian::Database::check report of the step below)
    step "parallel builds (ASan+UBSan)" env PARALLEL_QUICK=1 \
        ASAN_OPTIONS=$ASAN_OPTIONS:new_delete_type_mismatch=0 \
        sh tests/e2e/parallel.sh build-asan/bin/tracuu
    # Xapian::Database::check deletes a table through a base pointer of
    # another size (inside libxapian, not ours): that one report is off here
    step "damaged indexes (ASan+UBSan)" env ASAN_OPTIONS=$ASAN_OPTIONS:new_delete_type_mismatch=0 \
        sh tests/e2e/damage.sh build-asan/bin/tracuu
    unset E2E_COPIES
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
else
    tail -20 "$LOG"
    fail=$((fail + 1))
fi

step "valgrind" sh tests/valgrind.sh build/tests bin/tracuu
step "fuzz (seeds, regression inputs, fixed-seed run)" sh -c 'make --no-print-directory -j2 fuzz-build >/dev/null && FUZZ_RUNS=300 sh tests/fuzz/run.sh'
step "allocation failures (fault injection)" make --no-print-directory fault

echo "all: $pass passed, $fail failed"
[ $fail -eq 0 ]
