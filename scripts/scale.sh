#!/usr/bin/env bash
# scale.sh: `make scale`.  A synthetic national archive: generates reports with
# scripts/scale-gen.py, indexes the first size (25,000), then adds files to reach each
# next size (50,000, 100,000, 200,000), indexing incrementally into the same index, and
# at each size measures indexing (MB/s of the step, index size, peak RSS) and the
# questions of bench/scale-queries.txt (p50/p95 per process of search, facet, trend,
# cite, figures), then the growth ratios between sizes.  Prints a Markdown report and
# writes bench/results/scale-STAMP.{md,log} (bench/results is git-ignored).
# Not part of make test: 25k and 50k take about 35 minutes on two shared cores, all four
# sizes over two hours (bench/BASELINE.md, "Scale run").
#
# Copyright (C) 2026 the tracuu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Environment:
#   SCALE_SIZES="25000 50000"  the sizes, increasing (default 25000 50000 100000 200000)
#   SCALE_RUNS=3               timed runs of each query at each size
#   SCALE_KINDS="local cluster" the run kinds; each kind K has kind_K_index and
#                              kind_K_where (see "run kinds" below): "local" is one
#                              index, "cluster" the same files as SCALE_SHARDS shards
#                              served by xapian-tcpsrv on loopback (docs/SCALE.md)
#   SCALE_SHARDS=4             shards of the cluster kind
#   SCALE_DIR=DIR              where the files and the index go (default: mktemp -d in
#                              /tmp); kept after the run when given, removed otherwise
#   SCALE_SEED=14              seed of scale-gen.py (the same seed gives the same files)
#   SCALE_SHARED=DIR           the shared folder: gazetteer/ and corpora/ (default
#                              ../shared beside the repository)
#   SCALE_NEWS=FILE            news archive sampled for body text (default
#                              SCALE_SHARED/corpora/news-baomoi-35k.tar.gz)
#   TRACUU=PATH                the tracuu binary (default bin/tracuu)
# Run it niced on a shared machine: nice -n 10 make scale.
#
# Units: MB = 10^6 bytes; times are wall-clock; peak RSS is GNU time's "Maximum
# resident set size".  MB/s of a step = the bytes of the files that step added / its
# wall time (the incremental run also checks every file already indexed).

if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail
export LC_ALL=C.UTF-8

REPO=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SCALE_SIZES:-25000 50000 100000 200000}
RUNS=${SCALE_RUNS:-3}
KINDS=${SCALE_KINDS:-local cluster}
NSHARDS=${SCALE_SHARDS:-4}
SEED=${SCALE_SEED:-14}
SHARED=${SCALE_SHARED:-$(dirname "$REPO")/shared}
NEWS=${SCALE_NEWS:-$SHARED/corpora/news-baomoi-35k.tar.gz}
TRACUU=${TRACUU:-$REPO/bin/tracuu}
QUERIES=$REPO/bench/scale-queries.txt
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$REPO/bench/results
OUT=$RESULTS/scale-$STAMP
T_START=${EPOCHREALTIME/./}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
QKINDS="search facet trend cite figures"

mkdir -p "$RESULTS"
: >"$OUT.log"
say() {
    local t=${EPOCHREALTIME/./}
    printf 'scale [%5ds]: %s\n' $(((t - T_START) / 1000000)) "$*" | tee -a "$OUT.log" >&2
}
die() {
    say "error: $*"
    exit 1
}

# ---- checks --------------------------------------------------------------------------

prev=0
for n in $SIZES; do
    case $n in '' | *[!0-9]*) die "SCALE_SIZES must be whole numbers, not '$n'" ;; esac
    [ "$n" -gt "$prev" ] || die "SCALE_SIZES must increase ($SIZES)"
    prev=$n
done
[ -n "$SIZES" ] || die "SCALE_SIZES is empty"
case $RUNS in '' | *[!0-9]* | 0) die "SCALE_RUNS must be a positive integer, not '$RUNS'" ;; esac
[ -x "$TRACUU" ] || die "$TRACUU not found; run 'make' first"
[ -f "$NEWS" ] || die "news archive not found: $NEWS (SCALE_NEWS=FILE)"
[ -f "$SHARED/gazetteer/provinces-2024.tsv" ] || die "no gazetteer in $SHARED (SCALE_SHARED=DIR)"
[ -f "$QUERIES" ] || die "$QUERIES not found"
command -v python3 >/dev/null || die "python3 is needed for scripts/scale-gen.py"
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak RSS)"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time; } >>"$OUT.log" 2>&1 ||
        die "GNU time (/usr/bin/time) is needed for peak RSS"
fi

if [ -n "${SCALE_DIR:-}" ]; then
    W=$SCALE_DIR
    mkdir -p "$W" || die "cannot create $W"
    KEEP=1
else
    W=$(mktemp -d /tmp/tracuu-scale.XXXXXX) || die "mktemp failed"
    KEEP=0
fi
SERVERS=""
# xapian-tcpsrv runs in a session of its own (setsid) and is stopped by its group id:
# it answers SIGTERM by signalling its whole process group.
stop_servers() {
    local p
    for p in $SERVERS; do kill -- "-$p" 2>/dev/null; done
    SERVERS=""
}
cleanup() {
    stop_servers
    [ "$KEEP" = 1 ] || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
DOCS=$W/docs
MANIFEST=$W/manifest.tsv
# A private copy of the binary: a `make` elsewhere may relink bin/tracuu meanwhile.
cp "$TRACUU" "$W/tracuu" || die "cannot copy $TRACUU"
TRACUU=$W/tracuu

# A kept SCALE_DIR from an earlier run holds files already: the generator starts after
# them (same seed: the same files), and the index already holds them.
HAVE=0
[ -f "$MANIFEST" ] && HAVE=$(($(wc -l <"$MANIFEST") - 1))
[ "$HAVE" -gt 0 ] || HAVE=0
first=${SIZES%% *}
[ "$HAVE" -le "$first" ] || die "$W already holds $HAVE files, more than the first size $first"

declare -A R # R[size.kind.metric] = value

# timed LABEL CMD...: runs CMD under GNU time, output to the log; sets LAST_S (wall
# seconds), LAST_RSS_MB and LAST_CPU.  Returns CMD's status.
timed() {
    local label=$1 t0 t1 rc rss
    shift
    echo "== $label: $*" >>"$OUT.log"
    t0=${EPOCHREALTIME/./}
    /usr/bin/time -v -o "$W/time.out" "$@" >>"$OUT.log" 2>&1
    rc=$?
    t1=${EPOCHREALTIME/./}
    LAST_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
    rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$W/time.out")
    LAST_RSS_MB=$(awk -v k="${rss:-0}" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')
    LAST_CPU=$(awk -F: '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.1f", s }' "$W/time.out")
    echo "   wall ${LAST_S}s, CPU ${LAST_CPU}s, peak RSS ${LAST_RSS_MB} MB, exit $rc" >>"$OUT.log"
    [ $rc = 0 ] || { say "$label failed (exit $rc); last lines of the log:"; tail -n 5 "$OUT.log" >&2; }
    return $rc
}

# tree_bytes DIR: the bytes of the files under DIR.
tree_bytes() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# ratio A B [DIGITS]: A / B, or "-" when either is missing.
ratio() {
    awk -v a="${1:--}" -v b="${2:--}" -v d="${3:-2}" 'BEGIN {
        if (a == "-" || b == "-" || a == "failed" || b == "failed" || a == "n/a" || b == "n/a" || b + 0 == 0) print "-";
        else printf "%.*f\n", d, a / b }'
}
# percentiles FILE: p50 and p95 (nearest rank) of the numbers in FILE, one a line.
percentiles() {
    sort -n "$1" | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- -"; exit }
        i50 = int(NR * 0.50 + 0.999); i95 = int(NR * 0.95 + 0.999)
        printf "%.0f %.0f\n", v[i50 < 1 ? 1 : i50], v[i95 < 1 ? 1 : i95] }'
}

# ---- run kinds -----------------------------------------------------------------------
# A kind says how the files are indexed and what --index the questions get:
#   kind_K_index SIZE   index $DOCS (all the files so far) incrementally; sets R[SIZE.K.*]
#                       index_s, index_rss, index_cpu, index_bytes
#   kind_K_where SIZE   prints the --index argument for the questions
# "local" is one index on this machine.  Issue 16 adds "cluster" (four xapian-tcpsrv
# shards on loopback): its kind_cluster_index builds the shards and starts the servers,
# its kind_cluster_where prints the cluster file.

kind_local_index() {
    local size=$1 ix=$W/index-local
    timed "local index $size" "$TRACUU" index --quiet --index "$ix" "$DOCS" || {
        R[$size.local.index_s]=failed
        return 1
    }
    R[$size.local.index_s]=$LAST_S
    R[$size.local.index_rss]=$LAST_RSS_MB
    R[$size.local.index_cpu]=$LAST_CPU
    R[$size.local.index_bytes]=$(du -sb "$ix" | cut -f1)
    R[$size.local.index_files]=$(find "$ix" -type f -printf '%s %f\n' | sort -rn | head -n 4 |
        awk '$1 > 0 { printf "%s%s %.0f", (NR > 1 ? ", " : ""), $2, $1 / 1e6 }')
}
kind_local_where() { echo "$W/index-local"; }

# The cluster: the files' thousand-folders dealt round-robin to NSHARDS shards (folder
# n goes to shard n mod NSHARDS: the layout of docs/SCALE.md, one `tracuu index` per
# shard), each served by an xapian-tcpsrv on 127.0.0.1, joined by a cluster file.
# Index figures are the sums over the shards (run one after another).
kind_cluster_index() {
    local size=$1 k d n s_sum=0 c_sum=0 rss_max=0 port
    stop_servers
    mkdir -p "$W/shards"
    for ((k = 0; k < NSHARDS; k++)); do
        local dirs=()
        for d in "$DOCS"/[0-9]*; do
            n=$((10#$(basename "$d")))
            [ $((n % NSHARDS)) = "$k" ] && dirs+=("$d")
        done
        [ ${#dirs[@]} -gt 0 ] || continue
        timed "cluster shard $k index $size" "$TRACUU" index --quiet --index "$W/shards/s$k" "${dirs[@]}" || {
            R[$size.cluster.index_s]=failed
            return 1
        }
        s_sum=$(awk -v a="$s_sum" -v b="$LAST_S" 'BEGIN { printf "%.2f", a + b }')
        c_sum=$(awk -v a="$c_sum" -v b="$LAST_CPU" 'BEGIN { printf "%.1f", a + b }')
        [ "$LAST_RSS_MB" -gt "$rss_max" ] && rss_max=$LAST_RSS_MB
    done
    R[$size.cluster.index_s]=$s_sum
    R[$size.cluster.index_cpu]=$c_sum
    R[$size.cluster.index_rss]=$rss_max
    R[$size.cluster.index_bytes]=$(du -sb "$W/shards" | cut -f1)
    R[$size.cluster.index_files]="$NSHARDS shards"
    : >"$W/cluster.txt"
    echo "timeout 120" >>"$W/cluster.txt"
    for ((k = 0; k < NSHARDS; k++)); do
        [ -d "$W/shards/s$k/xapian" ] || continue
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$W/srv.pid" \
            xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$W/shards/s$k/xapian" >>"$OUT.log" 2>&1 &
        for ((n = 0; n < 100; n++)); do
            python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' "$port" 2>/dev/null && break
            sleep 0.05
        done
        SERVERS="$SERVERS $(cat "$W/srv.pid")"
        echo "s$k 127.0.0.1:$port" >>"$W/cluster.txt"
    done
    cat "$W/cluster.txt" >>"$OUT.log"
}
kind_cluster_where() { echo "$W/cluster.txt"; }

for k in $KINDS; do
    declare -F "kind_${k}_index" >/dev/null && declare -F "kind_${k}_where" >/dev/null ||
        die "unknown run kind '$k' in SCALE_KINDS (known: local, cluster)"
    [ "$k" != cluster ] || command -v xapian-tcpsrv >/dev/null ||
        die "the cluster kind needs xapian-tcpsrv (Debian package xapian-tools)"
done

# ---- questions -----------------------------------------------------------------------

grep -v '^[[:space:]]*#' "$QUERIES" | grep -v '^[[:space:]]*$' >"$W/queries.tsv"
NQ=$(wc -l <"$W/queries.tsv")
while IFS=$'\t' read -r qk q; do
    case " $QKINDS " in *" $qk "*) ;; *) die "$QUERIES: unknown kind '$qk'" ;; esac
    [ -n "$q" ] || die "$QUERIES: kind '$qk' without a query"
done <"$W/queries.tsv"

# query_cmd KIND INDEX QUERY: sets CMD to the command line of one question.
query_cmd() {
    case $1 in
    search) CMD=("$TRACUU" search --index "$2" --limit 20 --format json "$3") ;;
    facet) CMD=("$TRACUU" search --index "$2" --by province --format json "$3") ;;
    trend) CMD=("$TRACUU" trend --index "$2" --format json "$3") ;;
    cite) CMD=("$TRACUU" cite --index "$2" --format json "$3") ;;
    figures) CMD=("$TRACUU" figures --index "$2" --by province --format json "$3") ;;
    esac
}

# run_queries SIZE KIND: every question RUNS times as its own process; records
# R[SIZE.KIND.QKIND_p50/_p95] (ms), R[SIZE.KIND.q_rss] (MB, the largest) and the rows
# each question returned (the first run's, in the log).
run_queries() {
    local size=$1 kind=$2 where qk q i t0 t1 rc rss cu cs rows maxrss=0
    where=$(kind_${kind}_where "$size")
    for qk in $QKINDS; do : >"$W/ms-$qk" && : >"$W/cpu-$qk"; done
    while IFS=$'\t' read -r qk q; do
        query_cmd "$qk" "$where" "$q"
        for ((i = 1; i <= RUNS; i++)); do
            t0=${EPOCHREALTIME/./}
            /usr/bin/time -f '%M %U %S' -o "$W/qtime.out" "${CMD[@]}" >"$W/q.out" 2>"$W/q.err"
            rc=$?
            t1=${EPOCHREALTIME/./}
            # exit 1 is "nothing found", an answer like any other (a small SCALE_SIZES)
            if [ "$kind" = cluster ] && [ $rc = 2 ] && grep -q "side tables" "$W/q.err"; then
                # cite and figures over a cluster need the Xapian-only answers (issue 16 part 1)
                echo n/a >>"$W/ms-$qk"
                break
            fi
            if [ $rc != 0 ] && [ $rc != 1 ]; then
                say "$qk '$q' failed (exit $rc): $(head -c 300 "$W/q.err")"
                echo failed >>"$W/ms-$qk"
                break
            fi
            echo $(((t1 - t0) / 1000)) >>"$W/ms-$qk"
            read -r rss cu cs < <(tail -n 1 "$W/qtime.out")
            awk -v u="$cu" -v s="$cs" 'BEGIN { printf "%.0f\n", (u + s) * 1000 }' >>"$W/cpu-$qk"
            [ "${rss:-0}" -gt "$maxrss" ] && maxrss=$rss
            if [ $i = 1 ]; then
                rows=$(wc -l <"$W/q.out")
                printf '   %s %s: %d rows, %d ms\n' "$qk" "$q" "$rows" $(((t1 - t0) / 1000)) >>"$OUT.log"
            fi
        done
    done <"$W/queries.tsv"
    for qk in $QKINDS; do
        if grep -q n/a "$W/ms-$qk"; then
            R[$size.$kind.${qk}_p50]=n/a
            R[$size.$kind.${qk}_p95]=n/a
        elif grep -q failed "$W/ms-$qk"; then
            R[$size.$kind.${qk}_p50]=failed
            R[$size.$kind.${qk}_p95]=failed
        else
            read -r R[$size.$kind.${qk}_p50] R[$size.$kind.${qk}_p95] < <(percentiles "$W/ms-$qk")
            read -r R[$size.$kind.${qk}_cpu50] _ < <(percentiles "$W/cpu-$qk")
        fi
    done
    R[$size.$kind.q_rss]=$(awk -v k="$maxrss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')
}

# ---- the run -------------------------------------------------------------------------

say "sizes: $SIZES; kinds: $KINDS; $NQ questions x $RUNS runs; work dir $W"
TV=$("$TRACUU" --version 2>/dev/null | head -n 1)
DONE_SIZES=""
PREV=0
R[0.raw]=0
[ "$HAVE" = 0 ] || R[0.raw]=$(tree_bytes "$DOCS") # a kept SCALE_DIR: what is there already
for size in $SIZES; do
    if [ "$HAVE" -lt "$size" ]; then
        say "generating files $HAVE..$((size - 1))"
        g0=${EPOCHREALTIME/./}
        python3 "$REPO/scripts/scale-gen.py" --out "$DOCS" --start "$HAVE" --count $((size - HAVE)) \
            --seed "$SEED" --shared "$SHARED" --news "$NEWS" --manifest "$MANIFEST" >>"$OUT.log" 2>&1 ||
            die "scale-gen.py failed (see $OUT.log)"
        g1=${EPOCHREALTIME/./}
        say "generated $((size - HAVE)) files in $(((g1 - g0) / 1000000)) s"
    fi
    R[$size.files]=$size
    R[$size.raw]=$(tree_bytes "$DOCS")
    R[$size.added]=$(awk -v a="${R[$size.raw]}" -v b="${R[$PREV.raw]:-0}" 'BEGIN { printf "%.0f", a - b }')
    sync
    for kind in $KINDS; do
        say "$kind: indexing to $size files ($(mb "${R[$size.raw]}") MB of text in all)"
        kind_${kind}_index "$size" || continue
        say "$kind: indexed in ${R[$size.$kind.index_s]} s, index $(mb "${R[$size.$kind.index_bytes]}") MB, peak RSS ${R[$size.$kind.index_rss]} MB"
        say "$kind: questions at $size"
        run_queries "$size" "$kind"
        say "$kind: search p50 ${R[$size.$kind.search_p50]} ms, facet ${R[$size.$kind.facet_p50]}, trend ${R[$size.$kind.trend_p50]}, cite ${R[$size.$kind.cite_p50]}, figures ${R[$size.$kind.figures_p50]}"
    done
    HAVE=$size
    PREV=$size
    DONE_SIZES="$DONE_SIZES $size"
done

# ---- the report ----------------------------------------------------------------------

T_END=${EPOCHREALTIME/./}
ELAPSED=$(((T_END - T_START) / 1000000))
CPU=$(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo)
COMMIT=${SCALE_COMMIT:-$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)}
{
    echo "# make scale, $(date -u +%Y-%m-%d) (commit $COMMIT)"
    echo
    echo "- machine: $(nproc) cores, $CPU, $MEM RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); nice $(nice)"
    echo "- tracuu: ${TV:-unknown}; files: scripts/scale-gen.py seed $SEED (news text from $(basename "$NEWS"))"
    echo "- questions: $NQ from bench/scale-queries.txt, $RUNS runs each, one process per run"
    echo "- whole run: ${ELAPSED}s; load average (1/5/15 min) at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
    for kind in $KINDS; do
        echo
        echo "## $kind: indexing"
        echo
        echo "| files | text MB | step adds MB | step s | step MB/s | step CPU s | index MB | index / text | peak RSS MB | largest files (MB) |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        for s in $DONE_SIZES; do
            add=${R[$s.added]}
            echo "| $s | $(mb "${R[$s.raw]}") | $(mb "$add") | ${R[$s.$kind.index_s]:--} |" \
                "$(ratio "$(mb "$add")" "${R[$s.$kind.index_s]:--}") | ${R[$s.$kind.index_cpu]:--} |" \
                "$(mb "${R[$s.$kind.index_bytes]:-0}") | $(ratio "${R[$s.$kind.index_bytes]:--}" "${R[$s.raw]}") |" \
                "${R[$s.$kind.index_rss]:--} | ${R[$s.$kind.index_files]:--} |"
        done
        echo
        echo "## $kind: questions, ms per process: wall p50 / p95 (CPU p50)"
        echo
        echo "| files | search | facet (--by province) | trend | cite | figures --by province | peak RSS MB |"
        echo "|---:|---:|---:|---:|---:|---:|---:|"
        for s in $DONE_SIZES; do
            line="| $s |"
            for qk in $QKINDS; do line="$line ${R[$s.$kind.${qk}_p50]:--} / ${R[$s.$kind.${qk}_p95]:--} (${R[$s.$kind.${qk}_cpu50]:--}) |"; done
            echo "$line ${R[$s.$kind.q_rss]:--} |"
        done
        echo
        echo "## $kind: growth between sizes (later / earlier)"
        echo
        [ "$(echo $DONE_SIZES | wc -w)" -gt 1 ] || { echo "(one size: no ratios)"; continue; }
        echo "| sizes | files | index MB | index s per MB added | index RSS | search p50 | facet p50 | trend p50 | cite p50 | figures p50 |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        p=""
        for s in $DONE_SIZES; do
            if [ -n "$p" ]; then
                # seconds per MB added in this step against the same in the earlier one
                line="| $s / $p | $(ratio "$s" "$p") | $(ratio "${R[$s.$kind.index_bytes]:--}" "${R[$p.$kind.index_bytes]:--}") |"
                line="$line $(ratio "$(ratio "${R[$s.$kind.index_s]:--}" "${R[$s.added]}" 12)" "$(ratio "${R[$p.$kind.index_s]:--}" "${R[$p.added]}" 12)") |"
                line="$line $(ratio "${R[$s.$kind.index_rss]:--}" "${R[$p.$kind.index_rss]:--}") |"
                for qk in $QKINDS; do line="$line $(ratio "${R[$s.$kind.${qk}_p50]:--}" "${R[$p.$kind.${qk}_p50]:--}") |"; done
                echo "$line"
            fi
            p=$s
        done
    done
    case " $KINDS " in *" local "*) case " $KINDS " in *" cluster "*)
        echo
        echo "## cluster ($NSHARDS xapian-tcpsrv shards on loopback) beside local (one index): wall p50 / p95 ms"
        echo
        echo "| files | kind | search | facet (--by province) | trend | cite | figures --by province |"
        echo "|---:|---|---:|---:|---:|---:|---:|"
        for s in $DONE_SIZES; do
            for kind in local cluster; do
                line="| $s | $kind |"
                for qk in $QKINDS; do line="$line ${R[$s.$kind.${qk}_p50]:--} / ${R[$s.$kind.${qk}_p95]:--} |"; done
                echo "$line"
            done
            line="| $s | cluster / local p50 |"
            for qk in $QKINDS; do line="$line $(ratio "${R[$s.cluster.${qk}_p50]:--}" "${R[$s.local.${qk}_p50]:--}") |"; done
            echo "$line"
        done
        ;;
    esac ;; esac
    echo
    echo "'step' is one run of tracuu index over all the files so far, adding those the size"
    echo "adds (the first size indexes from empty); MB/s = MB added / wall seconds.  A growth"
    echo "ratio of 1.00 for a question means its time does not grow with the archive; the"
    echo "files ratio is the growth of the archive itself.  CPU = user + system time of the"
    echo "process: on a shared machine it moves less with the load than the wall time."
} >"$OUT.md"
cat "$OUT.md"
say "results: $OUT.md, log $OUT.log"
