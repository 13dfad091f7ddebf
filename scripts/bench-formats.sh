#!/usr/bin/env bash
# bench-formats.sh: the formats run of `make bench`.  Indexes the real
# documents of ../shared/corpora/real-docs (Word, old Word, PDF with and
# without a text layer) with tracuu and with omindex (Xapian Omega, which
# runs unzip, antiword and pdftotext), one after the other in the same run,
# and prints files/s, MB/s, peak RSS and how many files each got text from.
# Writes bench/results/formats-STAMP.md.
#
# Copyright (C) 2026 the tracuu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Environment: REALDOCS=DIR (default ../shared/corpora/real-docs beside the
# repository), TRACUU=PATH (default bin/tracuu), BENCH_RUNS=3 (runs per
# engine, the median wall time is kept), TMPDIR.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail
export LC_ALL=C.UTF-8
REPO=$(cd "$(dirname "$0")/.." && pwd)
SRC=${REALDOCS:-$(dirname "$REPO")/shared/corpora/real-docs}
TRACUU=${TRACUU:-$REPO/bin/tracuu}
RUNS=${BENCH_RUNS:-3}
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$REPO/bench/results"
OUT=$REPO/bench/results/formats-$STAMP.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
say() { printf 'bench-formats: %s\n' "$*" >&2; }

[ -d "$SRC" ] || { say "no real-docs at $SRC"; exit 1; }
SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
for p in omindex:xapian-omega xapian-delve:xapian-tools pdftotext:poppler-utils antiword:antiword unzip:unzip; do
    cmd=${p%%:*} pkg=${p#*:}
    command -v "$cmd" >/dev/null 2>&1 || {
        say "installing $pkg"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1
    }
done
command -v omindex >/dev/null 2>&1 || { say "omindex is not installed: no peer to compare with"; exit 1; }

# The documents only (not the dataset's .json, README or METADATA).
mkdir -p "$TMP/docs"
(cd "$SRC" && find . -type f \( -name '*.docx' -o -name '*.doc' -o -name '*.pdf' \) -print0 |
    xargs -0 -I{} cp --parents {} "$TMP/docs/")
NFILES=$(find "$TMP/docs" -type f | wc -l)
BYTES=$(du -sb "$TMP/docs" | cut -f1)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
say "$NFILES files, $MB MB"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# run NAME CMD...: RUNS timed runs into fresh indexes; prints "wall rss".
run() {
    local name=$1; shift
    local i walls="" rss=0
    for i in $(seq 1 "$RUNS"); do
        rm -rf "$TMP/ix-$name"
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
        read -r w r <"$TMP/time"
        walls="$walls$w"$'\n'
        [ "$r" -gt "$rss" ] && rss=$r
    done
    printf '%s %s\n' "$(printf '%s' "$walls" | median)" "$rss"
}

read -r T_WALL T_RSS < <(run tracuu "$TRACUU" index --index "$TMP/ix-tracuu" "$TMP/docs")
# Files tracuu got text from: documents with at least 50 tokens.
T_TEXT=$(sqlite3 "$TMP/ix-tracuu/meta.sqlite" 'SELECT count(*) FROM documents WHERE tokens >= 50')
T_DOCS=$(sqlite3 "$TMP/ix-tracuu/meta.sqlite" 'SELECT count(*) FROM documents')
T_SUMMARY=$(grep -E '^(indexed|  )' "$TMP/tracuu.err" | sed 's/^/    /')
# omindex with --empty-docs=skip keeps only documents it got text from.
read -r O_WALL O_RSS < <(run omindex omindex -e skip --db "$TMP/ix-omindex" --url / "$TMP/docs")
O_DOCS=$(xapian-delve "$TMP/ix-omindex" 2>/dev/null | sed -n 's/^number of documents = //p')
[ -z "$O_DOCS" ] && O_DOCS=$(delve "$TMP/ix-omindex" 2>/dev/null | sed -n 's/^number of documents = //p')

rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
{
    echo "# Formats bench, $STAMP"
    echo
    echo "$NFILES files ($MB MB) of real-docs: .docx, .doc, .pdf with and without a text layer."
    echo "Median of $RUNS runs each, wall time on $(nproc) cores; peak RSS is GNU time's maximum."
    echo
    echo "| | tracuu | omindex |"
    echo "|---|---:|---:|"
    echo "| wall time (s) | $T_WALL | $O_WALL |"
    echo "| files/s | $(rate "$NFILES" "$T_WALL") | $(rate "$NFILES" "$O_WALL") |"
    echo "| MB/s | $(rate "$MB" "$T_WALL") | $(rate "$MB" "$O_WALL") |"
    echo "| peak RSS (MB) | $((T_RSS / 1024)) | $((O_RSS / 1024)) |"
    echo "| files indexed | $T_DOCS | ${O_DOCS:-?} |"
    echo "| files with text (tracuu: >= 50 tokens; omindex: not empty) | $T_TEXT | ${O_DOCS:-?} |"
    echo
    echo "tracuu's summary:"
    echo
    echo "$T_SUMMARY"
} | tee "$OUT"
say "written $OUT"
