#!/bin/sh
# Clusters on loopback: two shards (Hà Tĩnh's two reports; the three of Trà
# Vinh, Cao Bằng and Quảng Ninh) served by two xapian-tcpsrv on 127.0.0.1
# must answer every question as one local index of the same five files;
# then faults (a server stopped, killed before and during a run) and a
# replication run (xapian-replicate-server / xapian-replicate).
# usage: tests/e2e/cluster.sh BIN        prints "cluster: N passed, M failed"
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
PIDS=""
# Servers run in sessions of their own (setsid): xapian-tcpsrv answers
# SIGTERM by signalling its whole process group, which would otherwise
# be this script and whoever runs it.  A server is ended by its group id.
cleanup() {
    for p in $PIDS; do
        kill -CONT -- "-$p" 2>/dev/null
        kill -- "-$p" 2>/dev/null
    done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

if ! command -v xapian-tcpsrv >/dev/null || ! command -v xapian-replicate >/dev/null; then
    bad "xapian-tools is not installed (scripts/install-deps.sh)"
    echo "cluster: $pass passed, $fail failed"
    exit 1
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits (at most 5 s) until something listens on 127.0.0.1:$1.
wait_port() {
    python3 - "$1" <<'EOF'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}
# serve NAME DIR: an xapian-tcpsrv for DIR on a free port; sets PORT_NAME and PID_NAME.
serve() {
    port=$(free_port)
    rm -f "$TMP/pid"
    setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$TMP/pid" \
        xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$2" >"$TMP/srv-$1.log" 2>&1 &
    wait_port "$port" || bad "xapian-tcpsrv for $1 did not start: $(cat "$TMP/srv-$1.log")"
    pid=$(cat "$TMP/pid")
    PIDS="$PIDS $pid"
    eval "PORT_$1=$port PID_$1=$pid"
}
# Ends a server and the children serving its open connections.
stop_server() {
    kill -- "-$1" 2>/dev/null
    python3 -c 'import os, sys, time
for _ in range(100):
    try:
        os.kill(int(sys.argv[1]), 0)
        time.sleep(0.05)
    except OSError:
        break' "$1"
}

# ---- two shards and one index of the same files ------------------------------
mkdir -p "$TMP/files/hatinh" "$TMP/files/others" "$TMP/shards"
cp "$ROOT"/corpus/000_*.txt "$ROOT"/corpus/001_*.txt "$TMP/files/hatinh/"
cp "$ROOT"/corpus/002_*.txt "$ROOT"/corpus/003_*.txt "$ROOT"/corpus/004_*.txt "$TMP/files/others/"
"$BIN" index -q --index "$TMP/shards/hatinh" "$TMP/files/hatinh" &&
    "$BIN" index -q --index "$TMP/shards/others" "$TMP/files/others" &&
    "$BIN" index -q --index "$TMP/one" "$TMP/files/hatinh" "$TMP/files/others"
[ $? -eq 0 ] && ok || bad "indexing the shards failed"

serve hatinh "$TMP/shards/hatinh/xapian"
serve others "$TMP/shards/others/xapian"
TIMEOUT=2
cat >"$TMP/remote.cluster" <<EOF
# two provinces' shards on loopback
timeout $TIMEOUT
hatinh 127.0.0.1:$PORT_hatinh   # Hà Tĩnh
others 127.0.0.1:$PORT_others
EOF
# One local shard and one remote: a relative folder is read from the file's folder.
cat >"$TMP/mixed.cluster" <<EOF
hatinh shards/hatinh
others 127.0.0.1:$PORT_others
EOF
REMOTE="$TMP/remote.cluster"

# JSON records without the document id (a cluster numbers documents by
# interleaving its shards': id = (shard id - 1) * shards + shard + 1).
noid() {
    python3 -c 'import sys, json
for l in sys.stdin:
    if l.strip():
        r = json.loads(l); r.pop("id", None); print(json.dumps(r, ensure_ascii=False, sort_keys=True))'
}
# same CMD ARGS...: the command over the cluster and over the local index
# gives the same output (exit code included); JSON records compared
# without ids.  Hits come in the same order: Xapian ranks a joined
# database with the statistics of all its shards (BM25 sees the same
# document counts, lengths and term frequencies), so scores are equal;
# only documents of equal score may come in another order (ties go by
# document id), and then the records are compared as sets.
same() {
    cmd=$1
    shift
    "$BIN" "$cmd" --index "$TMP/one" "$@" >"$TMP/a" 2>"$TMP/a.err"
    ra=$?
    "$BIN" "$cmd" --index "$IX" "$@" >"$TMP/b" 2>"$TMP/b.err"
    rb=$?
    if [ $ra -ne $rb ]; then
        bad "$cmd $* over $IX: exit $rb, one index $ra ($(head -c 300 "$TMP/b.err"))"
        return
    fi
    noid <"$TMP/a" >"$TMP/a.n" 2>/dev/null || cp "$TMP/a" "$TMP/a.n"
    noid <"$TMP/b" >"$TMP/b.n" 2>/dev/null || cp "$TMP/b" "$TMP/b.n"
    if cmp -s "$TMP/a.n" "$TMP/b.n"; then
        ok
    elif python3 - "$TMP/a.n" "$TMP/b.n" <<'EOF'; then
import sys, json
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
# equal as sets, and the scores in the same order (ties reordered only)
same_set = sorted(map(json.dumps, a)) == sorted(map(json.dumps, b))
sys.exit(0 if same_set and [r.get("score") for r in a] == [r.get("score") for r in b] else 1)
EOF
        ok
    else
        bad "$cmd $* over $IX differs from one index: $(diff "$TMP/a.n" "$TMP/b.n" | head -c 600)"
    fi
}

expect_exit() { # expect_exit CODE PATTERN CMD...   (PATTERN searched in stderr)
    code=$1
    pat=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -ne "$code" ]; then
        bad "$*: exit $rc, expected $code ($(head -c 300 "$TMP/err"))"
    elif [ -n "$pat" ] && ! grep -q -- "$pat" "$TMP/err"; then
        bad "$*: stderr lacks '$pat': $(head -c 300 "$TMP/err")"
    else
        ok
    fi
}

# The documents a search finds (file-name prefixes, sorted).
hits() {
    "$BIN" search --limit 100 --format json "$@" 2>/dev/null |
        python3 -c 'import sys, json, os
print(" ".join(sorted(os.path.basename(json.loads(l)["path"])[:3] for l in sys.stdin if l.strip())))'
}
expect() { # expect "EXPECTED" SEARCH-ARGS...
    want=$1
    shift
    got=$(hits "$@")
    [ "$got" = "$want" ] && ok || bad "search $*: expected [$want] got [$got]"
}

# ---- the same answers ------------------------------------------------------
# Read from the files (and tests/e2e/run.sh): SOC is in 001 only; BTS in
# every report but Trà Vinh's; the two Hà Tĩnh reports are 000 and 001.
for IX in "$REMOTE" "$TMP/mixed.cluster"; do
    expect "001" --index "$IX" SOC
    expect "000 001 003 004" --index "$IX" BTS
    expect "000 001" --index "$IX" xã 'province:"Hà Tĩnh"'
    expect "003 004" --index "$IX" year:2015 "thông tin"
done
IX=$REMOTE
while IFS='|' read -r cmd args; do
    [ -z "$cmd" ] && continue
    eval "set -- $args"
    same "$cmd" "$@"
done <<'EOF'
search|--format json "thông tin"
search|--format json --limit all xã
search|--format json --offset 2 --limit 2 "thông tin"
search|--format json --sort date xã
search|--format json --passages "chuyển đổi số"
search|--format json "an toàn thông tin" '-province:"Hà Tĩnh"'
search|--format json BTS OR "bưu chính"
search|--format json "trạm phát sóng" year:2015..2019
search|--format json 'cites:"45/2016/QĐ-TTg"'
search|--format json 'type:"báo cáo"' draft:yes
search|--format json nosuchwordxyz
search|"thông tin"
search|--by province xã
search|--by province2025 --format json xã
search|--by year --format json "chuyển đổi số"
search|--by agency --format json BTS
search|--by type --format json xã
search|--by cited --format json "bưu chính"
search|--by level --format json "bưu chính"
search|--by province --format json 'province:"Hà Tĩnh"'
search|--by year --format json year:2015
search|--by province --hits --format json SOC
trend|--format json "chuyển đổi số"
trend|--by province --format json "an toàn thông tin"
trend|--province "Hà Tĩnh" --format json xã
trend|"trạm phát sóng"
search|--format json "chuyen doi so"
search|--format json an toan thong tin
search|--by province --format json "buu chinh"
trend|--format json "thong tin"
EOF
# Unaccented words expand through the lexicon, which remote shards serve
# from metadata (store/schema.h tc.lex:): the readings are the same too.
a=$("$BIN" search --index "$TMP/one" --explain "chuyen doi so" 2>&1 | grep -c ' -> ')
b=$("$BIN" search --index "$REMOTE" --explain "chuyen doi so" 2>&1 | grep -c ' -> ')
c=$("$BIN" search --index "$REMOTE" --format json --limit all "chuyen doi so" 2>/dev/null | grep -c '"id"')
[ "$a" = "$b" ] && [ "$c" -ge 1 ] && ok || bad "chuyen doi so over remote shards: $b expansions, one index $a; $c hits"
# counts: the first line of the text output ("N documents match")
for q in xã BTS "thông tin" SOC 'province:"Quảng Ninh"'; do
    a=$("$BIN" search --index "$TMP/one" "$q" 2>/dev/null | head -1)
    b=$("$BIN" search --index "$REMOTE" "$q" 2>/dev/null | head -1)
    [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "count $q: one index [$a], cluster [$b]"
done
a=$("$BIN" search --index "$REMOTE" xã 2>/dev/null | head -1)
[ "$a" = "5 documents match; showing 1-5" ] && ok || bad "count xã over the cluster: [$a]"

# show by the id a cluster search gives (interleaved ids)
id=$("$BIN" search --index "$REMOTE" --format json SOC 2>/dev/null | python3 -c 'import sys, json; print(json.loads(sys.stdin.readline())["id"])')
[ "$id" = 3 ] && ok || bad "SOC's id over the cluster: [$id], expected 3 (001 is hatinh's 2nd: (2-1)*2+0+1)"
# cite, figures and show answer from the Xapian databases alone (search/xdata.c)
"$BIN" show --index "$REMOTE" --format json "$id" >"$TMP/show" 2>"$TMP/err" &&
    grep -q '001_36b9b0631c388b4f.txt' "$TMP/show" && ok || bad "show $id over the cluster: $(head -c 300 "$TMP/err")"
same cite --format json "45/2016/QĐ-TTg"
same cite --by province --format json "36-NQ/TW"
same cite --probable --by year --format json "Nghị quyết 36"
same cite --top --limit all --format json
same cite --top --by province --format json
same cite --graph json --depth 2 "45/2016/QĐ-TTg"
same figures --format json "thuê bao"
same figures --by province --format json "doanh thu"
same figures --by year --format json "trạm BTS"
# check works on one index: a cluster file gets advice, not "no index"
expect_exit 2 "each shard" "$BIN" check --index "$REMOTE"

# tracuu serve over the cluster: /api/search gives the same hits
port=$(free_port)
"$BIN" serve --index "$REMOTE" --port "$port" --bind 127.0.0.1 >"$TMP/serve.log" 2>&1 &
spid=$!
if wait_port "$port"; then
    got=$(python3 - "$port" <<'EOF'
import sys, json, urllib.request, urllib.parse, os
u = "http://127.0.0.1:%s/api/search?q=%s" % (sys.argv[1], urllib.parse.quote("BTS"))
r = json.load(urllib.request.urlopen(u, timeout=10))
hits = r.get("hits", r) if isinstance(r, dict) else r
print(" ".join(sorted(os.path.basename(h["path"])[:3] for h in hits)))
EOF
    )
    [ "$got" = "000 001 003 004" ] && ok || bad "serve over the cluster: BTS gave [$got]: $(tail -c 300 "$TMP/serve.log")"
else
    bad "serve over the cluster did not start: $(tail -c 300 "$TMP/serve.log")"
fi
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

# ---- cluster files that are wrong -----------------------------------------------
printf 'hatinh\n' >"$TMP/bad1.cluster"
expect_exit 3 "line 1: expected NAME LOCATION" "$BIN" search --index "$TMP/bad1.cluster" xã
printf 'a 127.0.0.1:%s\na 127.0.0.1:%s\n' "$PORT_hatinh" "$PORT_others" >"$TMP/bad2.cluster"
expect_exit 3 "listed twice" "$BIN" search --index "$TMP/bad2.cluster" xã
printf 'a host:99999\n' >"$TMP/bad3.cluster"
expect_exit 3 "neither HOST:PORT" "$BIN" search --index "$TMP/bad3.cluster" xã
printf '# nothing\n' >"$TMP/bad4.cluster"
expect_exit 3 "lists no shard" "$BIN" search --index "$TMP/bad4.cluster" xã
printf 'timeout 0\na 127.0.0.1:1\n' >"$TMP/bad5.cluster"
expect_exit 3 "timeout takes seconds" "$BIN" search --index "$TMP/bad5.cluster" xã
printf 'a %s/files\n' "$TMP" >"$TMP/bad6.cluster" # a folder that is not an index
expect_exit 3 "shard 'a'" "$BIN" search --index "$TMP/bad6.cluster" xã
expect_exit 2 "not an index folder" "$BIN" index --index "$REMOTE" "$TMP/files/hatinh"
printf 'a\000b\n' >"$TMP/binary"
expect_exit 3 "neither an index folder nor a cluster file" "$BIN" search --index "$TMP/binary" xã

# ---- faults ---------------------------------------------------------------------
elapsed_ok() { # elapsed_ok T0 LIMIT WHAT: the time since T0 stays under LIMIT seconds
    python3 -c 'import sys, time; sys.exit(0 if time.time() - float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$1" "$2" &&
        ok || bad "$3 took longer than $2 s"
}
now() { python3 -c 'import time; print(time.time())'; }

# A server that hangs (stopped): every remote call has the cluster's timeout.
kill -STOP "$PID_others" # the listener: new connections wait in its backlog
t0=$(now)
expect_exit 3 "shard 'others' (127.0.0.1:$PORT_others)" "$BIN" search --index "$REMOTE" xã
elapsed_ok "$t0" $((TIMEOUT * 2 + 2)) "a search with a stopped shard"
t0=$(now)
"$BIN" --allow-partial search --index "$REMOTE" --format json xã >"$TMP/p.json" 2>"$TMP/p.err"
rc=$?
elapsed_ok "$t0" $((TIMEOUT * 2 + 2)) "--allow-partial with a stopped shard"
python3 - "$TMP/p.json" <<'EOF' && [ $rc -eq 0 ] && grep -q "partial results: the shards 'others' did not answer" "$TMP/p.err" && ok ||
import sys, json, os
rs = [json.loads(l) for l in open(sys.argv[1])]
got = sorted(os.path.basename(r["path"])[:3] for r in rs)
sys.exit(0 if got == ["000", "001"] and all(r["partial"] is True and r["missing"] == ["others"] for r in rs) else 1)
EOF
    bad "--allow-partial with a stopped shard: exit $rc: $(head -c 300 "$TMP/p.json") $(head -c 300 "$TMP/p.err")"
"$BIN" --allow-partial search --index "$REMOTE" --by province --format json xã >"$TMP/p.json" 2>/dev/null
[ "$(cat "$TMP/p.json")" = "$(printf '%s' '{"value":"Hà Tĩnh","docs":2,"passages":60,"partial":true,"missing":["others"]}')" ] &&
    ok || bad "--allow-partial --by province: $(cat "$TMP/p.json")"
kill -CONT "$PID_others"

# A server killed between two questions of one run (search --queries on
# a pipe): the second question names the shard, or answers without it.
midrun() { # midrun FLAGS...: writes $TMP/m.out, $TMP/m.err, $TMP/m.rc
    serve others2 "$TMP/shards/others/xapian"
    printf 'timeout %s\nhatinh 127.0.0.1:%s\nothers 127.0.0.1:%s\n' "$TIMEOUT" "$PORT_hatinh" "$PORT_others2" >"$TMP/mid.cluster"
    rm -f "$TMP/q.fifo"
    mkfifo "$TMP/q.fifo"
    (trap - EXIT INT TERM
        "$BIN" "$@" search --index "$TMP/mid.cluster" --format json --queries "$TMP/q.fifo" >"$TMP/m.out" 2>"$TMP/m.err"
        echo $? >"$TMP/m.rc") &
    runner=$!
    exec 3>"$TMP/q.fifo"
    echo "thông tin" >&3
    python3 -c 'import sys, time
for _ in range(100):
    if sum(1 for l in open(sys.argv[1])) >= 5: break
    time.sleep(0.05)' "$TMP/m.out"
    stop_server "$PID_others2"
    t0=$(now)
    echo "BTS" >&3
    exec 3>&-
    wait "$runner"
    elapsed_ok "$t0" $((TIMEOUT * 2 + 2)) "the question after a shard died"
}
midrun
n=$(wc -l <"$TMP/m.out")
[ "$(cat "$TMP/m.rc")" = 3 ] && [ "$n" -eq 5 ] && grep -q "shard 'others' (127.0.0.1:$PORT_others2)" "$TMP/m.err" && ok ||
    bad "a shard killed mid-run: exit $(cat "$TMP/m.rc"), $n records: $(head -c 300 "$TMP/m.err")"
midrun --allow-partial
python3 - "$TMP/m.out" <<'EOF' && [ "$(cat "$TMP/m.rc")" = 0 ] && ok ||
import sys, json, os
rs = [json.loads(l) for l in open(sys.argv[1])]
first, second = rs[:5], rs[5:]
ok = len(first) == 5 and all("partial" not in r for r in first)
ok = ok and sorted(os.path.basename(r["path"])[:3] for r in second) == ["000", "001"]
ok = ok and all(r["partial"] is True and r["missing"] == ["others"] for r in second)
sys.exit(0 if ok else 1)
EOF
    bad "--allow-partial, a shard killed mid-run: exit $(cat "$TMP/m.rc"): $(cut -c1-100 "$TMP/m.out") $(head -c 300 "$TMP/m.err")"

# A server that is down from the start: refused at once.
t0=$(now)
expect_exit 3 "shard 'others' (127.0.0.1:$PORT_others2) cannot be opened" "$BIN" search --index "$TMP/mid.cluster" xã
elapsed_ok "$t0" 2 "a search with a shard down"
expect_exit 0 "partial results" "$BIN" --allow-partial trend --index "$TMP/mid.cluster" xã
# every shard down: no answer at all, even with --allow-partial
stop_server "$PID_hatinh"
expect_exit 3 "no shard of the cluster answers" "$BIN" --allow-partial search --index "$TMP/mid.cluster" xã

# ---- replication ------------------------------------------------------------------
# The master is a shard indexed with XAPIAN_MAX_CHANGESETS (Xapian keeps
# that many changesets beside the database); xapian-replicate-server serves
# the shards' parent folder, xapian-replicate keeps a copy up to date.
export XAPIAN_MAX_CHANGESETS=10
mkdir -p "$TMP/rep/files" "$TMP/rep/shards"
cp "$ROOT"/corpus/000_*.txt "$TMP/rep/files/"
"$BIN" index -q --index "$TMP/rep/shards/hatinh" "$TMP/rep/files" || bad "replication: first index"
rport=$(free_port)
rm -f "$TMP/pid"
setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$TMP/pid" \
    xapian-replicate-server -I 127.0.0.1 -p "$rport" "$TMP/rep/shards" >"$TMP/rep/srv.log" 2>&1 &
wait_port "$rport" || bad "xapian-replicate-server did not start"
PIDS="$PIDS $(cat "$TMP/pid")"
replicate() {
    xapian-replicate -v -o -t 10 -h 127.0.0.1 -p "$rport" -m hatinh/xapian "$TMP/rep/copy" 2>&1
}
printf 'hatinh copy\n' >"$TMP/rep/copy.cluster"
replicate >"$TMP/rep/r1.log"
grep -q "1 copies" "$TMP/rep/r1.log" && ok || bad "replication: first copy: $(cat "$TMP/rep/r1.log")"
expect "000" --index "$TMP/rep/copy.cluster" "Hoàng Sa"
expect "" --index "$TMP/rep/copy.cluster" SOC
# an incremental run (one new file): one changeset brings the copy up to date
cp "$ROOT"/corpus/001_*.txt "$TMP/rep/files/"
"$BIN" index -q --index "$TMP/rep/shards/hatinh" "$TMP/rep/files" || bad "replication: second index"
replicate >"$TMP/rep/r2.log"
grep -q "0 copies, 1 changesets" "$TMP/rep/r2.log" && ok || bad "replication: changeset: $(cat "$TMP/rep/r2.log")"
expect "001" --index "$TMP/rep/copy.cluster" SOC
# A run that changes a tenth of the index or more (here 210 new files)
# compacts it: the compacted database is a new one (new UUID, no
# changesets), and xapian-replicate copies it whole, then follows it with
# changesets again.
mkdir -p "$TMP/rep/files/many"
i=1
while [ $i -le 210 ]; do
    printf 'UBND TỈNH HÀ TĨNH\nBáo cáo số %d/BC-UBND về trạm phát sóng số %d\n' $i $i >"$TMP/rep/files/many/r$i.txt"
    i=$((i + 1))
done
"$BIN" index -q --index "$TMP/rep/shards/hatinh" "$TMP/rep/files" || bad "replication: third index"
replicate >"$TMP/rep/r3.log"
grep -q "1 copies, 0 changesets" "$TMP/rep/r3.log" && ok || bad "replication after a compaction: $(cat "$TMP/rep/r3.log")"
a=$("$BIN" search --index "$TMP/rep/copy.cluster" "trạm phát sóng" 2>/dev/null | head -1)
[ "$a" = "212 documents match; showing 1-10" ] && ok || bad "the copy after a compaction: [$a]"
echo "Báo cáo thêm về cáp quang biển" >>"$TMP/rep/files/many/r7.txt"
"$BIN" index -q --index "$TMP/rep/shards/hatinh" "$TMP/rep/files" || bad "replication: fourth index"
replicate >"$TMP/rep/r4.log"
grep -q "0 copies, 1 changesets" "$TMP/rep/r4.log" && ok || bad "replication after the compaction: $(cat "$TMP/rep/r4.log")"
expect "r7." --index "$TMP/rep/copy.cluster" "cáp quang biển"
unset XAPIAN_MAX_CHANGESETS

echo "cluster: $pass passed, $fail failed"
[ $fail -eq 0 ]
