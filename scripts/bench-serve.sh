#!/bin/sh
# bench-serve.sh: the load run of `tracuu serve` (part of `make bench`).
# Indexes corpus/ (and the first part of the news corpus when it is
# there), starts the server on a free loopback port, and sends searches
# from bench/load_serve.c: CONCURRENCY keep-alive connections, each sending
# its next request as soon as the last is answered, so that CONCURRENCY
# searches are in flight at every moment.  Prints, per index, requests/s,
# latency p50/p95/p99/max, and the server's CPU time per request (what a
# search costs, whatever else the machine is doing).
#
# Environment:
#   BENCH_SERVE_CONCURRENCY=200    requests in flight
#   BENCH_SERVE_REQUESTS=4000      requests timed per index (after 400 warm-up)
#   BENCH_SERVE_THREADS=4          tracuu serve --threads
#   BENCH_SERVE_NEWS=0.25          fraction of the news corpus to index (0: skip it)
#   BENCH_CORPUS=FILE              the news tarball (as scripts/bench.sh)
#   TRACUU=PATH                    the tracuu binary (default bin/tracuu)
#
# Copyright (C) 2026 the tracuu authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
TRACUU=${TRACUU:-$REPO/bin/tracuu}
CONC=${BENCH_SERVE_CONCURRENCY:-200}
TOTAL=${BENCH_SERVE_REQUESTS:-4000}
THREADS=${BENCH_SERVE_THREADS:-4}
NEWS=${BENCH_SERVE_NEWS:-0.25}
CORPUS_TGZ=${BENCH_CORPUS:-$(dirname "$REPO")/shared/corpora/news-baomoi-35k.tar.gz}
W=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
say() { echo "bench-serve: $*" >&2; }
die() {
    say "$*"
    exit 1
}

[ -x "$TRACUU" ] || die "no $TRACUU (run make first)"
cc -O2 -std=gnu11 -D_GNU_SOURCE -pthread -o "$W/load_serve" "$REPO/bench/load_serve.c" ||
    die "cannot build bench/load_serve.c"

# Request paths (query strings encoded by python3) from query lines.
paths() { # paths QUERYFILE OUT
    python3 -c '
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        print("/api/search?q=" + urllib.parse.quote(line, safe="") + "&limit=20")
' "$1" >"$2"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run NAME INDEX PATHS: one measured run; prints a table row.
run() {
    name=$1
    "$TRACUU" serve --index "$2" --port 0 --threads "$THREADS" >"$W/serve.out" 2>"$W/serve.err" &
    SERVER_PID=$!
    port=
    n=0
    while [ -z "$port" ] && [ $n -lt 100 ]; do
        port=$(sed -n 's|^Open in a browser: http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$W/serve.out")
        [ -z "$port" ] && sleep 0.1
        n=$((n + 1))
    done
    [ -n "$port" ] || die "the server did not start: $(cat "$W/serve.err")"
    "$W/load_serve" "$port" 10 400 "$3" >/dev/null || say "warm-up had errors"
    one=$("$W/load_serve" "$port" 1 200 "$3") || say "$name: errors at concurrency 1"
    t0=$(cpu_ticks "$SERVER_PID")
    load=$(cut -d' ' -f1 /proc/loadavg)
    many=$("$W/load_serve" "$port" "$CONC" "$TOTAL" "$3") || say "$name: errors at concurrency $CONC"
    t1=$(cpu_ticks "$SERVER_PID")
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID"
    SERVER_PID=
    tick=$(getconf CLK_TCK)
    cpu_ms=$(awk -v a="$t0" -v b="$t1" -v n="$TOTAL" -v t="$tick" 'BEGIN { printf "%.2f", (b - a) * 1000 / t / n }')
    f() { printf '%s\n' "$1" | sed -n "s/.* $2 \([0-9.]*\).*/\1/p"; }
    echo "| $name | $CONC | $(f "$many" rps) | $(f "$many" p50_ms) | $(f "$many" p95_ms) | $(f "$many" p99_ms) | $(f "$many" max_ms) | $(f "$many" errors) | $(f "$one" p50_ms) | $(f "$one" p95_ms) | $cpu_ms | $load |"
}

echo "tracuu serve load run, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, --threads $THREADS, $TOTAL requests at $CONC in flight"
echo
echo "| index | in flight | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | p50 ms alone | p95 ms alone | server CPU ms/req | load avg |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

# ---- the five seed reports -------------------------------------------------
"$TRACUU" index --index "$W/ix-corpus" --quiet "$REPO/corpus" 2>"$W/ix.err" || die "index corpus/: $(cat "$W/ix.err")"
cat >"$W/corpus-queries.txt" <<'EOF'
BTS
SOC
an toàn thông tin
chuyển đổi số
dịch vụ công
hieu qua
province:"Hà Tĩnh" BTS
year:2015 viễn thông
cites:45/2016/QĐ-TTg
"bưu chính"
Quảng Ninh
cáp quang
EOF
paths "$W/corpus-queries.txt" "$W/corpus.paths"
run "corpus/ (5 reports)" "$W/ix-corpus" "$W/corpus.paths"

# ---- the news corpus ---------------------------------------------------------
if [ "$NEWS" != 0 ] && [ -f "$CORPUS_TGZ" ]; then
    tar -tzf "$CORPUS_TGZ" | grep '\.txt$' | LC_ALL=C sort >"$W/all.list"
    all=$(wc -l <"$W/all.list")
    k=$(awk -v n="$all" -v f="$NEWS" 'BEGIN { k = int(n * f + 0.5); print k < 1 ? 1 : k }')
    head -n "$k" "$W/all.list" >"$W/files.list"
    mkdir -p "$W/news"
    tar -xzf "$CORPUS_TGZ" -C "$W/news" --verbatim-files-from -T "$W/files.list" || die "cannot extract $CORPUS_TGZ"
    say "indexing $k of $all news articles"
    "$TRACUU" index --index "$W/ix-news" --quiet "$W/news" 2>"$W/ixn.err" || die "index news: $(cat "$W/ixn.err")"
    paths "$REPO/bench/queries.txt" "$W/news.paths"
    run "news, $k articles" "$W/ix-news" "$W/news.paths"
fi
echo
echo "alone: the same searches one at a time (concurrency 1); server CPU: user+system time of the"
echo "server process over the loaded run divided by its requests."
