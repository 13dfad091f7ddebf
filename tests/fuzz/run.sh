#!/bin/sh
# run.sh [HARNESS...]: seeds and runs the libFuzzer harnesses of build-fuzz/
# (make fuzz-build), then replays the committed regression inputs.
#   FUZZ_SECONDS  seconds per harness (default 600)
#   FUZZ_JOBS     parallel jobs per harness (default 1: the machine is shared)
#   FUZZ_RUNS     deterministic mode (make test): replay every seed, then this
#                 many mutations from -seed=1 in one job, instead of a timed run
# HARNESS is a name of build-fuzz/fuzz_* without the prefix ("text",
# "read_pdf"); default all.  Seeds are generated under build-fuzz/seeds/,
# each harness's growing corpus is build-fuzz/corpus/NAME (not used by runs
# under 30 s, which start from the seeds), findings go to
# build-fuzz/findings/.  Prints executions per harness and ends with
# "fuzz: N passed, M failed" (one check per harness run and per replayed
# regression input); exit 1 on any finding.
set -u
cd "$(dirname "$0")/../.."
B=build-fuzz
SECS=${FUZZ_SECONDS:-600}
JOBS=${FUZZ_JOBS:-1}
pass=0
fail=0
mkdir -p "$B/seeds" "$B/corpus" "$B/findings" "$B/logs"

# seeds NAME: fills $B/seeds/NAME once (generated, never committed).
seeds() {
    d=$B/seeds/$1
    [ -d "$d" ] && return
    mkdir -p "$d"
    case $1 in
    text | header | citation | figures | dates | glyphs)
        # the sample reports cut into 2 KB pieces (the header in the first)
        for f in corpus/*.txt; do
            split -b 2048 -a 3 "$f" "$d/$(basename "$f" .txt)-"
        done
        # one-line examples of the gold files (citations, dates, figures)
        i=0
        for f in tests/gold/*-seeds.tsv tests/fixtures/headers.tsv; do
            cut -f1 "$f" | grep -v '^#' | head -150 | while IFS= read -r line; do
                i=$((i + 1))
                printf '%s\n' "$line" >"$d/$(basename "$f" .tsv)-$i"
            done
        done
        printf 'Số: 45/2016/QĐ-TTg\nHà Nội, ngày 19 tháng 10 năm 2016\n' >"$d/syn-1"
        printf 'STT\tTên chỉ tiêu\tĐơn vị tính\tQuý I/2018\n1\tSố thuê bao\tthuê bao\t1.500.000\n' >"$d/syn-2"
        printf '6\xd3\x95 3036 /SCT-CN QJKL\xd3\x8bP' >"$d/syn-3"
        printf 'Ho\xcc\x80a (NFD) \xc2\xa0\xe2\x80\x8b\xc2\xad \xff\xfe 12,5%% 650 tri\xe1\xbb\x87u \xc4\x91\xe1\xbb\x93ng' >"$d/syn-4"
        ;;
    query)
        grep -v '^#' bench/queries.txt | grep . | head -200 | while IFS= read -r line; do
            i=$(($(ls "$d" | wc -l) + 1))
            printf '%s' "$line" >"$d/q-$i"
        done
        for q in 'báo cáo AND (Hà Tĩnh OR "Trà Vinh") NOT dự thảo' 'agency:"Sở Thông tin"' \
            'year:2018..2024 type:report' 'date:2018-03-23' 'cited:45/2016/QĐ-TTg' \
            'province:42 NEAR' '"viễn thông" -internet' 'N AND' '((a' 'number:23/BC-STTTT'; do
            i=$(($(ls "$d" | wc -l) + 1))
            printf '%s' "$q" >"$d/q-$i"
        done
        ;;
    read_*)
        fmt=${1#read_}
        case $fmt in
        text) pat='*.txt' ;;
        odt) pat='*.od[ts]' ;;
        *) pat="*.$fmt" ;;
        esac
        find corpus tests/fixtures -name "$pat" -size -3M -exec cp {} "$d/" \;
        case $fmt in
        html) printf '<html><body><table><tr><td>Số: 1/BC</td></tr></table><p>a&amp;b&#7871;</p>' >"$d/syn-1" ;;
        rtf) printf '{\\rtf1\\ansi\\ansicpg1258\\uc1 {\\fonttbl{\\f0 Times;}}\\f0 S\\u7889? 45\\par\\cell\\row}' >"$d/syn-1" ;;
        pdf) printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$d/syn-1" ;;
        esac
        ;;
    esac
}

for bin in "$B"/fuzz_*; do
    [ -x "$bin" ] && [ "${bin%.o}" = "$bin" ] || continue
    name=${bin#"$B"/fuzz_}
    if [ $# -gt 0 ]; then
        case " $* " in *" $name "*) ;; *) continue ;; esac
    fi
    seeds "$name"
    # a short run (make test) starts from the seeds alone, so that its time
    # does not grow with the corpus of past long runs
    work=$B/corpus/$name
    if [ "$SECS" -lt 30 ] || [ -n "${FUZZ_RUNS:-}" ]; then
        work=$B/short/$name
        rm -rf "$work"
    fi
    mkdir -p "$work"
    dict=
    case $name in
    read_*) [ -f "tests/fuzz/${name#read_}.dict" ] && dict=-dict=tests/fuzz/${name#read_}.dict ;;
    query) dict=-dict=tests/fuzz/query.dict ;;
    *) dict=-dict=tests/fuzz/vi.dict ;;
    esac
    case $name in
    read_*) maxlen= ;;
    query) maxlen=-max_len=512 ;;
    *) maxlen=-max_len=8192 ;;
    esac
    log=$B/logs/$name.log
    par=
    [ "$JOBS" -gt 1 ] && par="-fork=$JOBS"
    # -timeout: an input that takes 20 s is a finding (a hang); -rss_limit_mb:
    # one that needs 2 GB is one too.
    if [ -n "${FUZZ_RUNS:-}" ]; then
        # make test: deterministic.  Every seed once (-runs=0 runs the
        # inputs of the folders and stops), then FUZZ_RUNS mutations from a
        # fixed -seed, so that a failure here fails again on every run and
        # on every machine, and a new random finding belongs to `make fuzz`.
        "$bin" $dict $maxlen -runs=0 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$B/findings/$name-" "$B/seeds/$name" >"$log" 2>&1 &&
            "$bin" $dict $maxlen -seed=1 -runs="$FUZZ_RUNS" -timeout=20 -rss_limit_mb=2048 \
                -print_final_stats=1 -artifact_prefix="$B/findings/$name-" \
                "$work" "$B/seeds/$name" >>"$log" 2>&1
    else
        "$bin" $dict $maxlen $par -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$B/findings/$name-" \
            "$work" "$B/seeds/$name" >"$log" 2>&1
    fi
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{s += $1} END {print s + 0}')
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
        how="in $SECS s"
        [ -n "${FUZZ_RUNS:-}" ] && how="(every seed, then $FUZZ_RUNS from -seed=1)"
        echo "ok   $name: $execs executions $how"
    else
        fail=$((fail + 1))
        echo "FAIL $name: finding after $execs executions (exit $rc); log $log, inputs $B/findings/$name-*"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 | sed 's/^/     /'
    fi
    # the inputs of past findings, fixed since, one run each
    for f in tests/fuzz/regress/"$name"/*; do
        [ -f "$f" ] || continue
        if "$bin" -timeout=20 -rss_limit_mb=2048 "$f" >"$log.regress" 2>&1; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL $name: regression input $f"
            grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log.regress" | head -5 | sed 's/^/     /'
        fi
    done
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
