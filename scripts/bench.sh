#!/usr/bin/env bash
# bench.sh: `make bench`.  Indexes and queries the same news corpus with
# tracuu, omindex (Xapian Omega) and SQLite FTS5 in one run, and prints a
# side-by-side table; writes bench/results/bench-STAMP.{csv,md,log} and
# bench-STAMP-queries.csv.
#
# Copyright (C) 2025 the tracuu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Environment:
#   BENCH_FRACTION=0.1     use only the first 10% of the files (sorted by name)
#   BENCH_QUERY_RUNS=5     timed runs per query and engine (median is kept)
#   BENCH_CORPUS=FILE      the corpus tarball (default ../shared/corpora/
#                          news-baomoi-35k.tar.gz beside the repository)
#   BENCH_GROWTH=0         skip the 25% / 50% index runs
#   BENCH_PEERS="fts5"     run only these peers (default "omindex fts5")
#   TRACUU=PATH            the tracuu binary (default bin/tracuu)
#   TMPDIR                 where the corpus and the indexes go (mktemp -d)
#
# Units: MB = 10^6 bytes; times are wall-clock; peak RSS is GNU time's
# "Maximum resident set size".  See bench/README.md.

# The Makefile runs `sh scripts/bench.sh`; this script needs bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail
export LC_ALL=C.UTF-8

REPO=$(cd "$(dirname "$0")/.." && pwd)
CORPUS_TGZ=${BENCH_CORPUS:-$(dirname "$REPO")/shared/corpora/news-baomoi-35k.tar.gz}
FRACTION=${BENCH_FRACTION:-1}
QRUNS=${BENCH_QUERY_RUNS:-5}
GROWTH=${BENCH_GROWTH:-1}
TRACUU=${TRACUU:-$REPO/bin/tracuu}
TRACUU_SRC=$TRACUU
QUERIES=$REPO/bench/queries.txt
LIMIT=20
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$REPO/bench/results
OUT=$RESULTS/bench-$STAMP
PEERS="tracuu omindex fts5"          # the table's columns
SELECTED=${BENCH_PEERS:-omindex fts5} # the peers to run (tracuu always runs)
T_START=${EPOCHREALTIME/./}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$RESULTS"
: >"$OUT.log"
say() {
    local t=${EPOCHREALTIME/./}
    printf 'bench [%4ds]: %s\n' $(( (t - T_START) / 1000000 )) "$*" | tee -a "$OUT.log" >&2
}
die() { say "error: $*"; exit 1; }

case $FRACTION in
'' | *[!0-9.]* | *.*.*) die "BENCH_FRACTION must be a number in (0, 1], not '$FRACTION'" ;;
esac
awk -v f="$FRACTION" 'BEGIN { exit !(f > 0 && f <= 1) }' ||
    die "BENCH_FRACTION must be in (0, 1], not '$FRACTION'"
case $QRUNS in '' | *[!0-9]* | 0) die "BENCH_QUERY_RUNS must be a positive integer" ;; esac

# ---- 1. tools ----------------------------------------------------------------

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
APT_UPDATED=0
# need PROGRAM-OR-FILE PACKAGE: installs PACKAGE when PROGRAM is missing.
need() {
    local what=$1 pkg=$2
    if [ "${what#/}" != "$what" ]; then [ -e "$what" ] && return 0
    else command -v "$what" >/dev/null 2>&1 && return 0; fi
    if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
        say "cannot install $pkg (not root, no sudo)"
        return 1
    fi
    say "installing $pkg (for $what)"
    export DEBIAN_FRONTEND=noninteractive
    if [ $APT_UPDATED = 0 ]; then
        $SUDO apt-get update -qq >>"$OUT.log" 2>&1 || true
        APT_UPDATED=1
    fi
    $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >>"$OUT.log" 2>&1 || {
        say "apt-get install $pkg failed"
        return 1
    }
    if [ "${what#/}" != "$what" ]; then [ -e "$what" ]; else command -v "$what" >/dev/null 2>&1; fi
}

need /usr/bin/time time || die "GNU time (/usr/bin/time) is needed for peak RSS"
need cc gcc || die "a C compiler is needed for bench/fts5_bench.c"
[ -x "$TRACUU" ] || die "$TRACUU not found; run 'make' first"
[ -f "$CORPUS_TGZ" ] || die "corpus not found: $CORPUS_TGZ"

HAVE_omindex=1 HAVE_fts5=1 HAVE_tracuu=1
SKIPWHY_omindex="" SKIPWHY_fts5=""
case " $SELECTED " in *" omindex "*) ;; *) HAVE_omindex=0 SKIPWHY_omindex="not in BENCH_PEERS" ;; esac
case " $SELECTED " in *" fts5 "*) ;; *) HAVE_fts5=0 SKIPWHY_fts5="not in BENCH_PEERS" ;; esac
if [ $HAVE_omindex = 1 ] && { ! need omindex xapian-omega || ! need quest xapian-tools; }; then
    HAVE_omindex=0 SKIPWHY_omindex="omindex/quest not installed"
    say "skipping omindex: $SKIPWHY_omindex"
fi
if [ $HAVE_fts5 = 1 ] && { ! need sqlite3 sqlite3 || ! need /usr/include/sqlite3.h libsqlite3-dev; }; then
    HAVE_fts5=0 SKIPWHY_fts5="libsqlite3-dev not installed"
    say "skipping fts5: $SKIPWHY_fts5"
fi

# ---- 2. scratch space and corpus -----------------------------------------------

W=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-bench.XXXXXX") || die "mktemp failed"
cleanup() { rm -rf "$W"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy of the binary: a `make` elsewhere may relink bin/tracuu
# while the benchmark runs.
cp "$TRACUU" "$W/tracuu" || die "cannot copy $TRACUU"
TRACUU=$W/tracuu

if [ $HAVE_fts5 = 1 ]; then
    FTS5_BENCH=$W/fts5_bench
    if ! cc -O2 -o "$FTS5_BENCH" "$REPO/bench/fts5_bench.c" -lsqlite3 >>"$OUT.log" 2>&1; then
        HAVE_fts5=0 SKIPWHY_fts5="bench/fts5_bench.c did not compile (see $OUT.log)"
        say "skipping fts5: $SKIPWHY_fts5"
    fi
fi

# All the .txt files in sorted name order; BENCH_FRACTION keeps the first ones.
tar -tzf "$CORPUS_TGZ" | grep '\.txt$' | LC_ALL=C sort >"$W/all.list" ||
    die "cannot read $CORPUS_TGZ"
TOTAL_FILES=$(wc -l <"$W/all.list")
[ "$TOTAL_FILES" -gt 0 ] || die "no .txt files in $CORPUS_TGZ"
NFILES=$(awk -v n="$TOTAL_FILES" -v f="$FRACTION" 'BEGIN { k = int(n * f + 0.5); print k < 1 ? 1 : k }')
head -n "$NFILES" "$W/all.list" >"$W/files.list"
CORPUS=$W/corpus-full
mkdir -p "$CORPUS"
say "unpacking $NFILES files of $(basename "$CORPUS_TGZ") into $CORPUS"
if [ "$NFILES" = "$TOTAL_FILES" ]; then
    tar -xzf "$CORPUS_TGZ" -C "$CORPUS" --wildcards '*.txt'
else
    tar -xzf "$CORPUS_TGZ" -C "$CORPUS" --verbatim-files-from -T "$W/files.list"
fi || die "cannot unpack $CORPUS_TGZ"

# make_corpus NAME COUNT: a folder of hard links to the first COUNT files
# of the corpus (same relative paths).
make_corpus() {
    local dir=$W/corpus-$1
    mkdir -p "$dir"
    head -n "$2" "$W/files.list" | (cd "$CORPUS" && xargs -d '\n' cp -l --parents -t "$dir") ||
        die "cannot build $dir"
}
# corpus_bytes DIR: the raw text bytes under DIR.
corpus_bytes() { find "$1" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }

RAW_BYTES=$(corpus_bytes "$CORPUS")
say "corpus: $NFILES of $TOTAL_FILES files ($FRACTION), $(awk -v b="$RAW_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB of text"

# ---- measuring helpers -----------------------------------------------------------

declare -A R      # R[peer.metric] = value
now_us() { echo "${EPOCHREALTIME/./}"; }

# timed LABEL CMD...: runs CMD under GNU time; sets LAST_S (wall seconds)
# and LAST_RSS_MB; output goes to the log.  Returns CMD's status.
timed() {
    local label=$1 t0 t1 rc rss
    shift
    sync
    echo "== $label: $*" >>"$OUT.log"
    t0=${EPOCHREALTIME/./}
    /usr/bin/time -v -o "$W/time.out" "$@" >>"$OUT.log" 2>&1
    rc=$?
    t1=${EPOCHREALTIME/./}
    LAST_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
    rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$W/time.out")
    LAST_RSS_MB=$(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
    LAST_CPU=$(awk -F: '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$W/time.out")
    echo "   wall ${LAST_S}s, CPU ${LAST_CPU}s, peak RSS ${LAST_RSS_MB} MB, exit $rc" >>"$OUT.log"
    if [ $rc != 0 ]; then
        say "$label failed (exit $rc); last lines of the log:"
        tail -n 5 "$OUT.log" >&2
    fi
    return $rc
}

# Index commands: cmd_index_PEER INDEXDIR CORPUSDIR [full] sets CMD to the
# command line to time (GNU time cannot run shell functions).
cmd_index_tracuu() {
    if [ "${3:-}" = full ]; then
        CMD=("$TRACUU" index --quiet --index "$1" "$2")
    else # not quiet: its summary line (added/updated/unchanged) goes to the log
        CMD=("$TRACUU" index --index "$1" "$2")
    fi
}
cmd_index_omindex() {
    # Every .txt is text/plain (no libmagic); no stemming (Vietnamese has
    # no Snowball stemmer); deletions are tracked as by the other two.
    mkdir -p "$1"
    CMD=(omindex --db "$1/db" --url / --mime-type=txt:text/plain --stemmer=none "$2")
}
cmd_index_fts5() {
    mkdir -p "$1"
    CMD=("$FTS5_BENCH" index "$1/fts5.db" "$2")
}

# run_index PEER PHASE INDEXDIR CORPUSDIR [full]: PHASE is full, nochange,
# change, g25 or g50; records R[PEER.PHASE_s] and R[PEER.PHASE_rss].
run_index() {
    local peer=$1 phase=$2
    [ "$(eval echo \$HAVE_$peer)" = 1 ] || return 0
    say "$peer: index ($phase)"
    "cmd_index_$peer" "$3" "$4" "${5:-}"
    if timed "$peer index $phase" "${CMD[@]}"; then
        R[$peer.${phase}_s]=$LAST_S
        R[$peer.${phase}_rss]=$LAST_RSS_MB
        R[$peer.${phase}_cpu]=$LAST_CPU
    else
        R[$peer.${phase}_s]=failed
    fi
}

# ---- 3.-4. growth: 25% and 50% of the files -----------------------------------------

NG25=$(( (NFILES + 2) / 4 )) NG50=$(( (NFILES + 1) / 2 ))
if [ "$GROWTH" != 0 ]; then
    for g in 25 50; do
        n=$(eval echo \$NG$g)
        make_corpus "g$g" "$n"
        R[corpus.g${g}_bytes]=$(corpus_bytes "$W/corpus-g$g")
        R[corpus.g${g}_files]=$n
        for p in $PEERS; do
            run_index "$p" "g$g" "$W/idx-$p-g$g" "$W/corpus-g$g" full
            rm -rf "$W/idx-$p-g$g"
        done
        rm -rf "$W/corpus-g$g"
    done
fi

# ---- 3.-4. full index from scratch ----------------------------------------------------

declare -A IDX=([tracuu]=$W/idx-tracuu [omindex]=$W/idx-omindex [fts5]=$W/idx-fts5)
for p in $PEERS; do
    run_index "$p" full "${IDX[$p]}" "$CORPUS" full
    if [ "${R[$p.full_s]:-failed}" != failed ] && [ -e "${IDX[$p]}" ]; then
        R[$p.size]=$(du -sb "${IDX[$p]}" | cut -f1)
        # Where the bytes are: the biggest files of the index.
        R[$p.files]=$(find "${IDX[$p]}" -type f -printf '%s %f\n' | sort -rn | head -n 5 |
            awk '$1 > 0 { printf "%s%s %.1f", (NR > 1 ? ", " : ""), $2, $1 / 1e6 }')
    fi
done

# ---- 5. queries ---------------------------------------------------------------------

grep -v '^[[:space:]]*#' "$QUERIES" | grep -v '^[[:space:]]*$' >"$W/queries.list"
NQ=$(wc -l <"$W/queries.list")
# The peers get the words only: tracuu field:value filters are dropped.
sed -E 's/(^|[[:space:]])[A-Za-z0-9_]+:[^[:space:]]*//g; s/^[[:space:]]+//' \
    "$W/queries.list" >"$W/queries-words.list"

# query_PEER I: one query (number I) as a separate process: top 20 with
# snippets and the exact total.  Output to stdout.
query_tracuu() { "$TRACUU" search --index "${IDX[tracuu]}" --limit $LIMIT --format json "${QL[$1]}"; }
query_omindex() {
    # -c: check every document so the count is exact; data holds the sample.
    quest --db="${IDX[omindex]}/db" --msize=$LIMIT --check-at-least="$NFILES" \
        --stemmer=none --default-op=and "${QW[$1]}"
}
query_fts5() { "$FTS5_BENCH" query "${IDX[fts5]}/fts5.db" $LIMIT "${QW[$1]}"; }
# total_PEER I: the exact total for query I (an untimed run).
total_tracuu() {
    "$TRACUU" search --index "${IDX[tracuu]}" --limit 1 --format text "${QL[$1]}" 2>/dev/null |
        awk '$1 ~ /^[0-9][0-9,.]*$/ { print $1 ($0 ~ /some of the words/ ? " relaxed" : ""); exit }'
}
total_omindex() { query_omindex "$1" 2>/dev/null | awk '/^Exactly/ { print $2; exit } /^(Between|About)/ { print "~" $2; exit }'; }
total_fts5() { query_fts5 "$1" 2>/dev/null | awk 'NR == 1 { print $1; exit }'; }

# inproc_PEER: the in-process figure: loops over $W/queries*.list inside one
# process and writes "total<TAB>ms_min<TAB>ms_median<TAB>query" per query to
# stdout.  Returns 1 when the engine has no such mode.
inproc_fts5() { "$FTS5_BENCH" batch "${IDX[fts5]}/fts5.db" $LIMIT "$QRUNS" "$W/queries-words.list"; }
inproc_omindex() { return 1; } # quest has no batch mode
inproc_tracuu() {
    # `tracuu search --queries FILE --time` runs every line in one process and
    # prints "ms<TAB>total<TAB>query" per query on stderr.  Run the list
    # $QRUNS times and print "total<TAB>ms_min<TAB>ms_median<TAB>query".
    "$TRACUU" search --help 2>/dev/null | grep -q -- '--queries' || return 1
    local r
    : >"$W/tracuu-inproc.tsv"
    for r in $(seq 1 "$QRUNS"); do
        "$TRACUU" search --index "${IDX[tracuu]}" --limit $LIMIT --format json \
            --queries "$W/queries.list" --time 2>>"$W/tracuu-inproc.tsv" >/dev/null
    done
    awk -F'\t' '{ n[$3]++; t[$3] = $2; v[$3, n[$3]] = $1; if (!($3 in seen)) { seen[$3] = 1; order[++k] = $3 } }
        END {
            for (i = 1; i <= k; i++) {
                q = order[i]; m = n[q]
                for (a = 1; a <= m; a++) x[a] = v[q, a] + 0
                for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (x[b] < x[a]) { y = x[a]; x[a] = x[b]; x[b] = y }
                printf "%s\t%.3f\t%.3f\t%s\n", t[q], x[1], x[int((m + 1) / 2)], q
            }
        }' "$W/tracuu-inproc.tsv"
}

mapfile -t QL <"$W/queries.list"
mapfile -t QW <"$W/queries-words.list"
declare -A QT QMS QERR # QT[peer.i] total, QMS[peer.i] median per-process ms
# One more query after the list: a word that is in no document until the 1%
# change adds it.  Before the change it gives the per-process floor (start-up,
# open the index, no hits); after it, it checks the re-index.
CANARY_IDX=$NQ
QL[$CANARY_IDX]=tracuubenchcanary QW[$CANARY_IDX]=tracuubenchcanary

# child_cpu: sets CHILD_CPU_US to the user+sys CPU time of this shell's
# finished children (the `times` builtin; call it directly, not in $(...)).
child_cpu() {
    local line t f
    CHILD_CPU_US=0
    times >"$W/times.out"
    { read -r line; read -r line; } <"$W/times.out"
    for t in $line; do
        [[ $t =~ ^([0-9]+)m([0-9]+)\.([0-9]+)s$ ]] || continue
        f=${BASH_REMATCH[3]}000000
        CHILD_CPU_US=$((CHILD_CPU_US + 10#${BASH_REMATCH[1]} * 60000000 +
            10#${BASH_REMATCH[2]} * 1000000 + 10#${f:0:6}))
    done
}

# percentiles FILE: "p50 p95 max" (nearest rank) of the numbers in FILE.
percentiles() {
    sort -g "$1" | awk '{ v[NR] = $1 } END {
        if (!NR) { print "n/a n/a n/a"; exit }
        i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++
        i95 = int(NR * 0.95); if (i95 < NR * 0.95) i95++
        printf "%.1f %.1f %.1f\n", v[i50], v[i95], v[NR] }'
}

for p in $PEERS; do
    [ "$(eval echo \$HAVE_$p)" = 1 ] && [ "${R[$p.full_s]:-failed}" != failed ] || continue
    say "$p: $NQ queries, $QRUNS timed runs each (one process per query run)"
    : >"$W/q-$p.ms"
    cpu_us=0
    for ((i = 0; i < NQ; i++)); do
        QT[$p.$i]=$(total_$p "$i") # also warms the cache
        : >"$W/one.ms"
        child_cpu
        c0=$CHILD_CPU_US
        for ((r = 0; r < QRUNS; r++)); do
            t0=${EPOCHREALTIME/./}
            query_$p "$i" >/dev/null 2>>"$OUT.log"
            rc=$?
            t1=${EPOCHREALTIME/./}
            echo $(( t1 - t0 )) >>"$W/one.ms"
            if [ $rc -gt 1 ]; then
                QERR[$p]=$(( ${QERR[$p]:-0} + 1 ))
                echo "$p query failed (exit $rc): ${QL[$i]}" >>"$OUT.log"
            fi
        done
        child_cpu
        cpu_us=$((cpu_us + CHILD_CPU_US - c0))
        QMS[$p.$i]=$(sort -n "$W/one.ms" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }')
        echo "${QMS[$p.$i]}" >>"$W/q-$p.ms"
    done
    read -r R[$p.q_p50] R[$p.q_p95] R[$p.q_max] < <(percentiles "$W/q-$p.ms")
    R[$p.q_cpu]=$(awk -v c="$cpu_us" -v n=$((NQ * QRUNS)) 'BEGIN { printf "%.1f", c / n / 1000 }')
    : >"$W/one.ms"
    for ((r = 0; r < QRUNS; r++)); do
        t0=${EPOCHREALTIME/./}
        query_$p "$CANARY_IDX" >/dev/null 2>>"$OUT.log"
        t1=${EPOCHREALTIME/./}
        echo $(( t1 - t0 )) >>"$W/one.ms"
    done
    R[$p.q_floor]=$(sort -n "$W/one.ms" | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }')
    if inproc_$p >"$W/inproc-$p.tsv" 2>>"$OUT.log"; then
        say "$p: in-process query loop"
        cut -f3 "$W/inproc-$p.tsv" >"$W/inproc-$p.ms"
        read -r R[$p.iq_p50] R[$p.iq_p95] R[$p.iq_max] < <(percentiles "$W/inproc-$p.ms")
        mapfile -t IQ < <(cut -f3 "$W/inproc-$p.tsv")
        for ((i = 0; i < NQ; i++)); do QMS[$p.in.$i]=${IQ[$i]:-}; done
    fi
done

# ratio A B: A / B with two decimals, or n/a (also defined for the report).
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "n/a"; exit }
        printf "%.2f\n", a / b }'
}

# ---- 5b. facets and trend (issue 14) ----------------------------------------------
# For five common queries: the plain search, `search --by province`, `--by
# year` and `trend`, one process each (median of $QRUNS runs), and the same
# in one process (--queries --time); beside FTS5 counting the same matches
# with GROUP BY (fts5_bench group).  Targets: the slowest facet or trend
# <= 3x the plain search, and <= 2x (FTS5 GROUP BY + one tracuu start, the
# no-hit query above).

FACET_QUERIES=('việt nam' '"kinh tế"' 'hieu qua' 'tai nan giao thong' '"thành phố"')
# median_runs CMD...: runs CMD $QRUNS times; sets LAST_MS to the median ms.
median_runs() {
    local r t0 t1
    : >"$W/runs.us"
    for ((r = 0; r < QRUNS; r++)); do
        t0=${EPOCHREALTIME/./}
        "$@" >/dev/null 2>>"$OUT.log"
        t1=${EPOCHREALTIME/./}
        echo $((t1 - t0)) >>"$W/runs.us"
    done
    LAST_MS=$(sort -n "$W/runs.us" | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }')
}
# facet_inproc MODE: "query<TAB>median ms" of --queries over the five, MODE
# plain, province or year.
facet_inproc() {
    local r by=()
    [ "$1" != plain ] && by=(--by "$1")
    : >"$W/fin.tsv"
    for ((r = 0; r < QRUNS; r++)); do
        "$TRACUU" search --index "${IDX[tracuu]}" --limit $LIMIT --format json "${by[@]}" \
            --queries "$W/facet-queries.list" --time 2>>"$W/fin.tsv" >/dev/null
    done
    awk -F'\t' '$1 ~ /^[0-9.]+$/ { n[$3]++; v[$3, n[$3]] = $1 }
        END { for (q in n) { m = n[q]; for (a = 1; a <= m; a++) x[a] = v[q, a] + 0
                for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (x[b] < x[a]) { y = x[a]; x[a] = x[b]; x[b] = y }
                printf "%s\t%.1f\n", q, x[int((m + 1) / 2)] } }' "$W/fin.tsv"
}
declare -A FIN # FIN[mode.query] in-process median ms
if [ "${R[tracuu.full_s]:-failed}" != failed ]; then
    say "facets: ${#FACET_QUERIES[@]} queries, plain / --by province / --by year / trend, per process and in-process"
    printf '%s\n' "${FACET_QUERIES[@]}" >"$W/facet-queries.list"
    for mode in plain province year; do
        while IFS=$'\t' read -r q ms; do FIN[$mode.$q]=$ms; done < <(facet_inproc "$mode")
    done
    {
        echo "query,total,plain ms,--by province ms,--by year ms,trend ms,FTS5 GROUP BY ms,slowest / plain,slowest / (FTS5 + start),in-process plain ms,in-process --by province ms,in-process --by year ms,in-process slowest / plain"
        for q in "${FACET_QUERIES[@]}"; do
            total=$("$TRACUU" search --index "${IDX[tracuu]}" --limit 1 --format text "$q" 2>/dev/null |
                awk '$1 ~ /^[0-9][0-9,.]*$/ { print $1; exit }')
            median_runs "$TRACUU" search --index "${IDX[tracuu]}" --limit $LIMIT --format json "$q"
            plain=$LAST_MS
            median_runs "$TRACUU" search --index "${IDX[tracuu]}" --by province --format json "$q"
            prov=$LAST_MS
            median_runs "$TRACUU" search --index "${IDX[tracuu]}" --by year --format json "$q"
            year=$LAST_MS
            median_runs "$TRACUU" trend --index "${IDX[tracuu]}" --format json "$q"
            trend=$LAST_MS
            fts=n/a
            if [ $HAVE_fts5 = 1 ] && [ "${R[fts5.full_s]:-failed}" != failed ]; then
                median_runs "$FTS5_BENCH" group "${IDX[fts5]}/fts5.db" "$q"
                fts=$LAST_MS
            fi
            slow=$(printf '%s\n' "$prov" "$year" "$trend" | sort -g | tail -n 1)
            islow=$(printf '%s\n' "${FIN[province.$q]:-0}" "${FIN[year.$q]:-0}" | sort -g | tail -n 1)
            withstart=$(awk -v f="$fts" -v s="${R[tracuu.q_floor]:-}" 'BEGIN {
                if (f !~ /^[0-9.]+$/ || s !~ /^[0-9.]+$/) print "n/a"; else printf "%.1f\n", f + s }')
            printf '"%s",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "${q//\"/\"\"}" "${total:-}" \
                "$plain" "$prov" "$year" "$trend" "$fts" "$(ratio "$slow" "$plain")" \
                "$(ratio "$slow" "$withstart")" "${FIN[plain.$q]:-n/a}" "${FIN[province.$q]:-n/a}" \
                "${FIN[year.$q]:-n/a}" "$(ratio "$islow" "${FIN[plain.$q]:-}")"
        done
    } >"$OUT-facets.csv"
fi

# ---- 3.-4. re-index: no change, then 1% of the files changed ----------------------------

for p in $PEERS; do
    [ "${R[$p.full_s]:-failed}" != failed ] && run_index "$p" nochange "${IDX[$p]}" "$CORPUS"
done
# Append a line to every 100th file (sorted order).  Sleep first so that
# mtimes with one-second resolution differ from the indexed ones.
sleep 1
NCHANGED=0
while IFS= read -r f; do
    printf '\nCập nhật lúc %s: bài viết đã được chỉnh sửa (tracuubenchcanary).\n' "$STAMP" \
        >>"$CORPUS/$f"
    NCHANGED=$((NCHANGED + 1))
done < <(awk 'NR % 100 == 0' "$W/files.list")
say "appended a line to $NCHANGED files (every 100th)"
for p in $PEERS; do
    [ "${R[$p.full_s]:-failed}" != failed ] && run_index "$p" change "${IDX[$p]}" "$CORPUS"
done

# Check: each engine must now find the changed files by the appended word.
CANARY=""
for p in $PEERS; do
    [ "${R[$p.change_s]:-failed}" != failed ] || continue
    n=$(total_$p "$CANARY_IDX")
    CANARY="$CANARY $p ${n:-?},"
    [ "${n%% *}" = "$NCHANGED" ] || say "warning: $p finds ${n:-no} changed files after re-index, not $NCHANGED"
done
CANARY=${CANARY%,}
say "changed files found after the 1% re-index:$CANARY"

# ---- 7. report ------------------------------------------------------------------------

MB=$(awk -v b="$RAW_BYTES" 'BEGIN { printf "%.3f", b / 1e6 }')
for p in $PEERS; do
    s=${R[$p.full_s]:-}
    if [ -n "$s" ] && [ "$s" != failed ]; then
        R[$p.mbps]=$(awk -v m="$MB" -v s="$s" 'BEGIN { printf "%.2f", m / s }')
        R[$p.docps]=$(awk -v n="$NFILES" -v s="$s" 'BEGIN { printf "%.0f", n / s }')
    fi
    if [ -n "${R[$p.size]:-}" ]; then
        R[$p.size_mb]=$(awk -v b="${R[$p.size]}" 'BEGIN { printf "%.1f", b / 1e6 }')
        R[$p.ratio]=$(awk -v b="${R[$p.size]}" -v r="$RAW_BYTES" 'BEGIN { printf "%.2f", b / r }')
    fi
    for g in 25 50; do
        s=${R[$p.g${g}_s]:-}
        if [ -n "$s" ] && [ "$s" != failed ]; then
            R[$p.g${g}_mbps]=$(awk -v b="${R[corpus.g${g}_bytes]}" -v s="$s" 'BEGIN { printf "%.2f", b / 1e6 / s }')
        fi
    done
done

# value PEER KEY: the figure, or why there is none.
value() {
    local v=${R[$1.$2]:-}
    if [ -n "$v" ]; then echo "$v"
    elif [ "$(eval echo \$HAVE_$1)" != 1 ]; then echo skipped
    else echo n/a; fi
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "n/a"; exit }
        printf "%.2f\n", a / b }'
}

ROWS=(
    "full_s|index wall s (from scratch)"
    "mbps|index MB/s"
    "docps|index docs/s"
    "full_cpu|index CPU s (user+sys)"
    "full_rss|index peak RSS MB"
    "size_mb|index size on disk MB"
    "ratio|index size / raw text"
    "nochange_s|re-index (no change) s"
    "change_s|re-index (1% changed) s"
    "q_p50|query p50 ms (per process)"
    "q_p95|query p95 ms (per process)"
    "q_max|query max ms (per process)"
    "q_cpu|query mean CPU ms (per process)"
    "q_floor|no-hit query ms (per process)"
    "iq_p50|query p50 ms (in-process)"
    "iq_p95|query p95 ms (in-process)"
    "iq_max|query max ms (in-process)"
)
if [ "$GROWTH" != 0 ]; then
    ROWS+=("g25_mbps|index MB/s at 25% (${R[corpus.g25_files]} files)"
        "g50_mbps|index MB/s at 50% (${R[corpus.g50_files]} files)"
        "mbps|index MB/s at 100% ($NFILES files)")
fi

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
TV="$("$TRACUU" --version 2>/dev/null | head -n 1) (${TRACUU_SRC#$REPO/} at $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo " + uncommitted changes"))"
OV=$([ $HAVE_omindex = 1 ] && omindex --version 2>/dev/null | head -n 1)
SV=$([ $HAVE_fts5 = 1 ] && sqlite3 --version | cut -d' ' -f1)
T_END=$(now_us)
ELAPSED=$(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%.0f", (b - a) / 1e6 }')

{
    echo "metric,tracuu,omindex,fts5,tracuu/omindex,tracuu/fts5"
    for row in "${ROWS[@]}"; do
        k=${row%%|*} label=${row#*|}
        t=$(value tracuu "$k") o=$(value omindex "$k") f=$(value fts5 "$k")
        echo "\"$label\",$t,$o,$f,$(ratio "$t" "$o"),$(ratio "$t" "$f")"
    done
} >"$OUT.csv"

{
    printf 'query,tracuu_total,omindex_total,fts5_total,tracuu_ms,omindex_ms,fts5_ms,fts5_inprocess_ms\n'
    for ((i = 0; i < NQ; i++)); do
        printf '"%s",%s,%s,%s,%s,%s,%s,%s\n' "${QL[$i]//\"/\"\"}" \
            "${QT[tracuu.$i]:-}" "${QT[omindex.$i]:-}" "${QT[fts5.$i]:-}" \
            "${QMS[tracuu.$i]:-}" "${QMS[omindex.$i]:-}" "${QMS[fts5.$i]:-}" "${QMS[fts5.in.$i]:-}"
    done
} >"$OUT-queries.csv"

# csv_split LINE: splits one CSV line into the array F (quotes handled).
csv_split() {
    local line=$1 i c field="" q=0
    F=()
    for ((i = 0; i < ${#line}; i++)); do
        c=${line:i:1}
        if [ $q = 1 ]; then
            if [ "$c" = '"' ]; then
                if [ "${line:i+1:1}" = '"' ]; then field+='"'; i=$((i + 1)); else q=0; fi
            else field+=$c; fi
        elif [ "$c" = '"' ]; then q=1
        elif [ "$c" = , ]; then F+=("$field"); field=""
        else field+=$c; fi
    done
    F+=("$field")
}
# table CSV: the CSV as a Markdown table, padded by characters (not bytes).
table() {
    local -a rows w
    local line i r n=0 cell out
    mapfile -t rows <"$1"
    for line in "${rows[@]}"; do
        csv_split "$line"
        for ((i = 0; i < ${#F[@]}; i++)); do
            [ ${#F[i]} -gt "${w[i]:-0}" ] && w[i]=${#F[i]}
        done
        [ ${#F[@]} -gt $n ] && n=${#F[@]}
    done
    for ((r = 0; r < ${#rows[@]}; r++)); do
        csv_split "${rows[r]}"
        out="|"
        for ((i = 0; i < n; i++)); do
            cell=${F[i]:-}
            if [ $i = 0 ]; then out+=" $cell$(printf '%*s' $((w[i] - ${#cell})) '') |"
            else out+=" $(printf '%*s' $((w[i] - ${#cell})) '')$cell |"; fi
        done
        echo "$out"
        if [ $r = 0 ]; then
            out="|"
            for ((i = 0; i < n; i++)); do
                cell=$(printf '%*s' "${w[i]}" '' | tr ' ' -)
                [ $i = 0 ] && out+=" $cell |" || out+=" ${cell%-}: |"
            done
            echo "$out"
        fi
    done
}

{
    echo "# tracuu benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) cores, $CPU, $MEM RAM; $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "- corpus: $(basename "$CORPUS_TGZ"), $NFILES of $TOTAL_FILES files (BENCH_FRACTION=$FRACTION), $MB MB of text"
    echo "- engines: $TV; ${OV:-omindex skipped ($SKIPWHY_omindex)}; SQLite ${SV:-skipped ($SKIPWHY_fts5)} FTS5 (unicode61 remove_diacritics 2)"
    echo "- queries: $NQ from bench/queries.txt, top $LIMIT with snippets and an exact total, median of $QRUNS runs each"
    echo "- whole run: ${ELAPSED}s; load average (1/5/15 min) at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    table "$OUT.csv"
    echo
    echo "Ratios are tracuu's figure divided by the peer's (for seconds, MB and ms lower is"
    echo "better; for MB/s and docs/s higher is better).  'per process' = wall time of one"
    echo "spawned process per query (tracuu search --format json, quest -m $LIMIT -c N, fts5_bench"
    echo "query), so it includes start-up (ICU, opening the index); 'in-process' = the queries"
    echo "looped inside one process (tracuu search --queries, fts5_bench batch; quest has no batch mode)."
    echo "Index runs use a warm page cache (corpus just unpacked).  Every index is on the same"
    echo "disk ($(df -P "$W" | awk 'NR == 2 { print $1 }')).  1% change = a line appended to $NCHANGED files;"
    echo "afterwards the engines find the appended word in:$CANARY files."
    for p in $PEERS; do
        [ -n "${QERR[$p]:-}" ] && echo "**$p: ${QERR[$p]} timed query runs failed; see the log.**"
    done
    echo
    echo "Largest index files (MB) after the full build:"
    for p in $PEERS; do [ -n "${R[$p.files]:-}" ] && echo "- $p: ${R[$p.files]}"; done
} >"$OUT.md"

echo
cat "$OUT.md"
echo
{
    echo
    echo "## Per query"
    echo
    echo "Totals are each engine's exact match count (tracuu: 'relaxed' = no document had"
    echo "every word, so it counted documents with some of them).  The engines do not"
    echo "match the same way: FTS5 and tracuu fold accents for unaccented query words,"
    echo "omindex matches words exactly as typed; field:value filters are tracuu-only."
    echo "Times are the median of $QRUNS runs in ms (per process; last column in-process)."
    echo
    table "$OUT-queries.csv"
} >>"$OUT.md"
if [ -s "$OUT-facets.csv" ]; then
    {
        echo
        echo "## Facets and trend"
        echo
        echo "Five common queries: the plain search (top $LIMIT, JSON), \`search --by province\`,"
        echo "\`--by year\` and \`trend\` (one process each, median of $QRUNS runs, ms), FTS5 counting the"
        echo "same matches with GROUP BY (fts5_bench group: the year of each matching file, read from"
        echo "its row; one process), and the same tracuu queries looped in one process (--queries)."
        echo "Targets: slowest / plain <= 3; slowest / (FTS5 GROUP BY + one tracuu start of"
        echo "${R[tracuu.q_floor]:-n/a} ms, the no-hit query) <= 2."
        echo
        table "$OUT-facets.csv"
    } >>"$OUT.md"
    echo
    sed -n '/^## Facets and trend/,$p' "$OUT.md"
fi
say "results: $OUT.csv, $OUT.md, $OUT-queries.csv, log $OUT.log"
