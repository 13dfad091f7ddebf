#!/bin/sh
# HTTP tests of `tracuu serve` (the JSON API, downloads, safety) on
# loopback.  Expected values were written from reading the seed reports in
# corpus/ (the same facts README.md shows for the CLI), and the small files
# this script writes itself.
# usage: tests/e2e/http.sh BIN        prints "http: N passed, M failed"
# SERVE_WRAP="valgrind -q --error-exitcode=99 --leak-check=full" runs the
# server under that command (its exit code after SIGTERM must be 0).
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# ---- documents: reports 000-002 first; 003-004 arrive while serving -------
DOCS=$TMP/docs
mkdir -p "$DOCS"
cp "$ROOT"/corpus/000_*.txt "$ROOT"/corpus/001_*.txt "$ROOT"/corpus/002_*.txt "$DOCS/"
# A document whose text holds markup: it must come back as text, never as
# something a browser would run.
printf 'Báo cáo thử nghiệm zqxmarkup\n\nNội dung có thẻ <script>alert(1)</script> và <img src=x onerror=alert(2)> trong văn bản.\n' >"$DOCS/xss.txt"
# A file name in Vietnamese, for Content-Disposition (RFC 5987).
printf 'Báo cáo zqxname về việc thử tên tệp.\n' >"$DOCS/Báo cáo số 1.txt"
# An invalid UTF-8 byte at byte 18 (after "Văn bản zqxbad "): one warning.
printf 'Văn bản zqxbad \377 lỗi mã hoá.\n' >"$DOCS/bad.txt"
# A file deleted after indexing: its original is gone (404).
printf 'Báo cáo zqxgone sẽ bị xoá.\n' >"$DOCS/gone.txt"
# 25 small files with one rare word: more than a JSON page (20), so a
# download shows that exports are complete.
i=1
while [ $i -le 25 ]; do
    printf 'Ghi chú số %d zqxexport về kiểm thử xuất tệp.\n' $i >"$DOCS/note$i.txt"
    i=$((i + 1))
done
IX=$TMP/index
if "$BIN" index --index "$IX" --quiet "$DOCS" 2>"$TMP/ix.err"; then ok; else bad "index: $(cat "$TMP/ix.err")"; fi

# ---- start the server on a free port --------------------------------------
start_server() { # start_server ARGS...: sets SERVER_PID and PORT
    ${SERVE_WRAP:-} "$BIN" serve --index "$IX" --port 0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
    SERVER_PID=$!
    PORT=
    n=0
    while [ -z "$PORT" ] && [ $n -lt 600 ]; do
        PORT=$(sed -n 's|^Open in a browser: http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$TMP/serve.out")
        [ -z "$PORT" ] && sleep 0.1
        n=$((n + 1))
    done
}
start_server --threads 2
if [ -n "$PORT" ] && grep -q '^Mở trình duyệt: http://127.0.0.1:' "$TMP/serve.out"; then ok; else
    bad "server did not start: $(cat "$TMP/serve.out" "$TMP/serve.err")"
    echo "http: $pass passed, $((fail + 1)) failed"
    exit 1
fi
if grep -q "warning" "$TMP/serve.err"; then bad "loopback bind warned: $(cat "$TMP/serve.err")"; else ok; fi

# ---- the checks: one python3 run per phase (stdlib http.client + json) -----
# check.py PHASE prints "ok NAME" or "FAIL NAME: why" per check.
cat >"$TMP/check.py" <<'EOF'
import http.client, json, os, sys, urllib.parse

phase, port, docs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

def req(path, method="GET", body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.putrequest(method, path, skip_accept_encoding=True)  # path as is: no normalising
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    if body is not None:
        c.send(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data

def q(s):
    return urllib.parse.quote(s, safe="")

def check(name, cond, why=""):
    print(("ok " if cond else "FAIL ") + name + ("" if cond else ": " + str(why)[:600]))

def get_json(name, path, status=200):
    st, h, b = req(path)
    try:
        j = json.loads(b.decode("utf-8"))
    except Exception as e:
        check(name + " is JSON", False, "%s: %r" % (e, b[:200]))
        return None, h, b
    check(name + " status", st == status, "%d %r" % (st, b[:300]))
    check(name + " content type", h.get("content-type") == "application/json; charset=utf-8", h.get("content-type"))
    return j, h, b

def base(p):
    return os.path.basename(p)

if phase == "before":
    # Reports 000-002 only: no Cao Bằng or Quảng Ninh report yet.
    j, _, _ = get_json("search before", "/api/search?q=" + q('province:"Quảng Ninh"'))
    check("no Quảng Ninh before", j and j["total"] == 0, j)
    j, _, _ = get_json("BTS before", "/api/facets?q=BTS&by=province")
    check("BTS before: Hà Tĩnh 2", j and [(r["value"], r["docs"]) for r in j["rows"]] == [("Hà Tĩnh", 2)], j)
    sys.exit(0)

if phase == "during":
    # Runs while `tracuu index` adds 003-004: every answer is whole (200,
    # facet counts adding up to the total) and the total never goes back.
    import time
    stop, seen, bad_answers, last, backwards = sys.argv[4], 0, [], 0, False
    deadline = time.time() + 120
    while time.time() < deadline:
        done = os.path.exists(stop)
        st, h, b = req("/api/facets?q=BTS&by=province")
        seen += 1
        try:
            j = json.loads(b)
            total = j["total"]
            if st != 200 or sum(r["docs"] for r in j["rows"]) != total or total not in (2, 3, 4):
                bad_answers.append((st, b[:200]))
            if total < last:
                backwards = True
            last = max(last, total)
        except Exception as e:
            bad_answers.append((st, b[:200], str(e)))
        if done:
            break
    check("answers while indexing are whole", not bad_answers, (seen, bad_answers[:3]))
    check("the total never goes back while indexing", not backwards, last)
    check("the last answer has the new reports", last == 4, last)
    sys.exit(0)

if phase == "gone":
    j, _, _ = get_json("gone search", "/api/search?q=zqxgone")
    st, h, b = req("/doc/%d/original" % j["hits"][0]["id"])
    check("deleted original is 404", st == 404 and b"error" in b, (st, b[:200]))
    sys.exit(0)

# ---- phase "after": all five reports ----------------------------------------
# Search: SOC is in report 001 only (Hà Tĩnh, 2024).
j, h, _ = get_json("search SOC", "/api/search?q=SOC")
check("search keys", j and list(j.keys()) == ["query", "total", "relaxed", "offset", "limit", "hits"], j and list(j.keys()))
check("search SOC total", j and j["total"] == 1 and j["relaxed"] is False and j["offset"] == 0 and j["limit"] == 20, j)
hit = j["hits"][0] if j and j["hits"] else {}
check("search SOC hit", base(hit.get("path", "")).startswith("001_") and hit.get("province") == "Hà Tĩnh" and hit.get("year") == 2024, hit)
check("hit fields are the CLI's", list(hit.keys()) == ["rank", "score", "id", "path", "province", "province2025", "year", "date", "number", "type", "agency", "title", "period", "snippet", "format", "page", "matches"], list(hit.keys()))
check("safety headers", h.get("content-security-policy") == CSP and h.get("x-content-type-options") == "nosniff" and h.get("referrer-policy") == "no-referrer", h)
# The match offsets point at "SOC"/"SoC" in the original file.
raw = open(os.path.join(docs, base(hit["path"])), "rb").read()
check("hit matches: the four SOC/SoC", len(hit["matches"]) == 4 and all(raw[a:b].lower() == b"soc" for a, b in hit["matches"]), hit.get("matches"))
# Rows are the CLI's own: the same query through `tracuu search --format json`.
cli = [json.loads(l) for l in open(sys.argv[4], encoding="utf-8") if l.strip()]
j, _, _ = get_json("search BTS as the CLI", "/api/search?q=BTS")
check("hits equal the CLI's JSON rows", j and j["hits"] == cli, (j and j["hits"][:1], cli[:1]))
j, _, _ = get_json("passages", "/api/search?q=SOC&passages=1")
ph = j["hits"][0] if j and j["hits"] else {}
check("passages on request", len(ph.get("passages", [])) == 4 and [m for p in ph["passages"] for m in p["matches"]] == ph["matches"], ph.get("passages"))
# BTS: 000, 001, 003, 004 (002 has no BTS); paging and sort.
j, _, _ = get_json("search BTS", "/api/search?q=BTS&limit=2&offset=1")
check("BTS total 4, page of 2 from rank 2", j and j["total"] == 4 and [x["rank"] for x in j["hits"]] == [2, 3] and j["limit"] == 2 and j["offset"] == 1, j)
j, _, _ = get_json("BTS by date", "/api/search?q=BTS&sort=date")
check("BTS newest first", j and [base(x["path"])[:3] for x in j["hits"]] == ["001", "000", "004", "003"], j and [(x["path"], x["date"]) for x in j["hits"]])
j, _, _ = get_json("plus as space", "/api/search?q=an+to%C3%A0n+th%C3%B4ng+tin&limit=1")
check("'+' is a space in the query", j and j["query"] == "an toàn thông tin", j and j["query"])

# Facets: README's answer to "which provinces mention BTS".
j, _, _ = get_json("facets BTS", "/api/facets?q=BTS&by=province")
check("facets keys", j and list(j.keys()) == ["query", "by", "total", "relaxed", "rows"], j)
check("BTS by province", j and j["total"] == 4 and [(r["value"], r["docs"], r["passages"]) for r in j["rows"]] == [("Hà Tĩnh", 2, 3), ("Cao Bằng", 1, 5), ("Quảng Ninh", 1, 5)], j)
j, _, _ = get_json("facets SOC", "/api/facets?q=SOC&by=province")
check("SOC by province", j and [(r["value"], r["docs"], r["passages"]) for r in j["rows"]] == [("Hà Tĩnh", 1, 4)], j)
# Trend by year: value order (2015: 003 and 004; 2018: 000; 2024: 001).
j, _, _ = get_json("trend BTS", "/api/trend?q=BTS&by=year")
check("trend BTS by year", j and [(r["value"], r["docs"]) for r in j["rows"]] == [("2015", 2), ("2018", 1), ("2024", 1)], j)

# Citations of 45/2016/QĐ-TTg: once in 000, twice in 002 (README).
j, _, _ = get_json("cite", "/api/cite?ref=" + q("Quyết định số 45/2016/QĐ-TTg"))
check("cite keys", j and list(j.keys()) == ["ref", "key", "rows"], j)
check("cite key", j and j["key"] == "45/2016/QĐ-TTg" and j["ref"] == "Quyết định số 45/2016/QĐ-TTg", j)
check("cite rows", j and [(base(r["path"])[:3], r["date"], r["province"]) for r in j["rows"]] == [("000", "2018-03-23", "Hà Tĩnh"), ("002", "2019-03-14", "Trà Vinh"), ("002", "2019-03-14", "Trà Vinh")], j)
check("cite row fields", j and list(j["rows"][0].keys()) == ["id", "path", "province", "date", "number", "title", "key", "text", "sentence", "probable", "reason"], j and j["rows"][0])
j, _, _ = get_json("cite not a ref", "/api/cite?ref=hello", 404)
check("cite not a ref: error", j and "error" in j and "reference" in j["error"], j)
j, _, _ = get_json("graph", "/api/graph?ref=" + q("45/2016/QĐ-TTg"))
check("graph", j and j.get("root") == "45/2016/QĐ-TTg" and sorted(e["from"] for e in j["edges"]) == ["23/BC-STTTT", "298/BC-STTTT-VP"] and all(e["to"] == "45/2016/QĐ-TTg" for e in j["edges"]), j)
j, _, _ = get_json("cite top", "/api/cite/top?limit=3")
check("cite top", j and list(j.keys()) == ["rows"] and len(j["rows"]) == 3 and any(r["key"] == "45/2016/QĐ-TTg" and r["docs"] == 2 and r["mentions"] == 3 for r in j["rows"]), j)

# Figures of "trạm BTS" as the reports write them.
j, _, _ = get_json("figures", "/api/figures?what=" + q("trạm BTS") + "&by=year")
got = sorted((str(r["value"]), r["unit"], r["province"], r["year"]) for r in j["rows"]) if j else []
want = sorted([("775", "vị trí", "Cao Bằng", "2015"), ("5", "trạm", "Hà Tĩnh", "2018"), ("3250", "trạm", "Hà Tĩnh", "2024"), ("279", "vị trí", "Quảng Ninh", "2015"), ("+253", "vị trí", "Quảng Ninh", "2015")])
check("figures rows", got == want, got)
pv = j["pivot"] if j else {}
check("pivot keys", list(pv.keys()) == ["by", "rows", "cols", "measures", "kinds", "units", "cells"], pv)
ok775 = False
if pv and "Cao Bằng" in pv["cols"]:
    c = pv["cols"].index("Cao Bằng")
    ok775 = any(pv["rows"][r] == "2015" and pv["cells"][r][c] == "775" and pv["units"][r] == "vị trí" for r in range(len(pv["rows"])))
check("pivot 2015 x Cao Bằng = 775 vị trí", ok775, pv)

# Stats: 5 reports + 4 test files + 25 notes, all plain text; bad.txt's
# warning.
j, _, _ = get_json("stats", "/api/stats")
check("stats keys", j and list(j.keys()) == ["documents", "citations", "figures", "warnings", "schema", "formats", "last_update", "warning_list"], j)
check("stats documents", j and j["documents"] == 34 and j["formats"] == {"text": 34} and len(j["last_update"]) == 20 and j["last_update"].endswith("Z"), j)
check("stats warnings", j and j["warnings"] == 1 and len(j["warning_list"]) == 1 and j["warning_list"][0]["path"] == os.path.join(docs, "bad.txt") and j["warning_list"][0]["offset"] == 18 and "invalid UTF-8" in j["warning_list"][0]["message"], j and j["warning_list"])

# Show: the whole text, and where the query matched.
j, _, _ = get_json("search SOC again", "/api/search?q=SOC")
doc_id = j["hits"][0]["id"]
j, _, _ = get_json("show", "/api/show?id=%d&q=SOC" % doc_id)
check("show keys", j and list(j.keys()) == ["document", "text", "matches", "passages"], j and list(j.keys()))
check("show text is the file", j and j["text"].encode("utf-8") == raw, j and len(j["text"]))
check("show document", j and j["document"]["id"] == doc_id and base(j["document"]["path"]).startswith("001_"), j and j["document"].get("path"))
# Report 001 writes "SOC" twice and "SoC" twice, in four sentences.
check("show matches: every occurrence", j and len(j["matches"]) == 4 and all(raw[a:b].lower() == b"soc" for a, b in j["matches"]), j and j["matches"])
check("show passages", j and len(j["passages"]) == 4 and all(raw[p["start"]:p["end"]].decode().find("SOC") >= 0 or raw[p["start"]:p["end"]].decode().find("SoC") >= 0 for p in j["passages"]), j and j.get("passages"))
j, _, _ = get_json("show no q", "/api/show?id=%d" % doc_id)
check("show without q: no matches", j and j["matches"] == [] and j["passages"] == [], j and j["matches"])
get_json("show missing", "/api/show?id=999999", 404)
get_json("show path refused", "/api/show?id=" + q("/etc/passwd"), 400)

# The original file, by id only.
st, h, b = req("/doc/%d/original" % doc_id)
check("original bytes", st == 200 and b == raw, (st, len(b)))
check("original type", h.get("content-type") == "text/plain; charset=utf-8", h.get("content-type"))
j, _, _ = get_json("name search", "/api/search?q=zqxname")
st, h, b = req("/doc/%d/original" % j["hits"][0]["id"])
check("Vietnamese file name (RFC 5987)", st == 200 and h.get("content-disposition") == "inline; filename=\"B__o c__o s___ 1.txt\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%201.txt", h.get("content-disposition"))
for path in ["/doc/0/original", "/doc/abc/original", "/doc/999999/original", "/doc/1/../../etc/passwd"]:
    st, h, b = req(path)
    check("no original at " + path, st == 404 and b"root:" not in b, (st, b[:100]))

# Escaping: the markup is in the data, never raw in the answer.
st, h, b = req("/api/search?q=zqxmarkup")
j = json.loads(b)
check("markup found", j["total"] == 1, j)
check("markup escaped in JSON bytes", b"<script>" not in b and b"<img" not in b and b"\\u003cscript\\u003e" in b, b[:400])
xid = j["hits"][0]["id"]
st, h, b = req("/api/show?id=%d" % xid)
check("show keeps the text", "<script>alert(1)</script>" in json.loads(b)["text"] and b"<script>" not in b, b[:300])
st, h, b = req("/api/search?q=zqxmarkup&format=jsonl")
check("jsonl escaped", st == 200 and b"<script>" not in b, b[:300])
st, h, b = req("/")
check("app page served", st == 200 and h.get("content-type", "").startswith("text/html") and h.get("content-security-policy") == CSP, (st, h))
check("app page has no inline script", b"<script>" not in b.lower() and b"onerror" not in b.lower(), b[:300])

# Traversal: never a file's content, whatever the spelling.
for path in ["/../../etc/passwd", "/app/../../etc/passwd", "/app/%2e%2e/%2e%2e/etc/passwd", "/app/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/doc/../x", "/app/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/app/....//....//etc/passwd"]:
    st, h, b = req(path)
    check("traversal " + path, st == 404 and b"root:" not in b, (st, b[:100]))
st, h, b = req("/app/no-such-file.js")
check("unknown app file 404", st == 404, st)
st, h, b = req("/doc/12")
check("client route serves the app", st == 200 and h.get("content-type", "").startswith("text/html"), (st, h.get("content-type")))

# Errors: JSON with a message, the right status.
j, _, _ = get_json("unknown api", "/api/nothing", 404)
check("unknown api message", j and "error" in j, j)
j, _, _ = get_json("syntax error", "/api/search?q=" + q('"an toàn'), 400)
check("syntax error has the caret", j and "^" in j.get("error", ""), j)
get_json("no q", "/api/search", 400)
get_json("bad limit", "/api/search?q=BTS&limit=abc", 400)
get_json("limit over max", "/api/search?q=BTS&limit=1001", 400)
get_json("bad sort", "/api/search?q=BTS&sort=size", 400)
get_json("bad by", "/api/facets?q=BTS&by=colour", 400)
get_json("bad format", "/api/search?q=BTS&format=xml", 400)
st, h, b = req("/api/search?q=" + "a" * 5000)
check("oversized query 414", st == 414 and "error" in json.loads(b), (st, b[:100]))
st, h, b = req("/api/search?q=" + "a%20" * 3000)
check("oversized escaped query 414", st in (413, 414), st)
for m in ["POST", "PUT", "DELETE", "PATCH"]:
    st, h, b = req("/api/search?q=BTS", m, b"x=1" if m != "DELETE" else None)
    check(m + " is 405", st == 405 and h.get("allow") == "GET, HEAD" and "error" in json.loads(b), (st, b[:100]))
st, h, b = req("/api/search?q=BTS", "HEAD")
check("HEAD ok without body", st == 200 and b == b"", (st, b[:50]))

# Downloads: complete, CSV with BOM as the CLI writes with --excel.
j, _, _ = get_json("export page", "/api/search?q=zqxexport")
check("JSON page is 20 of 25", j and j["total"] == 25 and len(j["hits"]) == 20, j and (j["total"], len(j["hits"])))
st, h, b = req("/api/search?q=zqxexport&format=csv")
lines = b.split(b"\r\n")
check("CSV download", st == 200 and h.get("content-type") == "text/csv; charset=utf-8" and h.get("content-disposition", "").startswith("attachment;"), (st, h))
check("CSV BOM and header", b.startswith(b"\xef\xbb\xbfrank,score,id,path,province,province2025,year,date,number,type,agency,title,period,snippet,format,page\r\n"), b[:200])
check("CSV has all 25 rows", len([l for l in lines[1:] if l]) == 25, len(lines))
st, h, b = req("/api/search?q=zqxexport&format=jsonl")
rows = [json.loads(l) for l in b.decode().splitlines() if l]
check("JSONL has all 25 rows", st == 200 and len(rows) == 25 and all("zqxexport" in r["snippet"] for r in rows), len(rows))
st, h, b = req("/api/facets?q=BTS&by=province&format=csv")
check("facets CSV", b == "\ufeffvalue,docs,passages\r\nHà Tĩnh,2,3\r\nCao Bằng,1,5\r\nQuảng Ninh,1,5\r\n".encode(), b)
st, h, b = req("/api/cite?ref=" + q("45/2016/QĐ-TTg") + "&format=csv")
check("cite CSV rows", st == 200 and b.startswith(b"\xef\xbb\xbfid,path,province,date,number,title,key,text,sentence,probable,reason\r\n") and b.count(b"45/2016/Q\xc4\x90-TTg") >= 3, b[:200])
st, h, b = req("/api/figures?what=" + q("trạm BTS") + "&by=province&format=csv")
check("figures pivot CSV", st == 200 and b.startswith("\ufeffprovince,year,measure,kind,unit,values\r\n".encode()) and "Cao Bằng,2015,total,count,vị trí,775\r\n".encode() in b, b[:300])
st, h, b = req("/api/trend?q=BTS&format=csv")
# Passages per year from README's counts by province: 2015 = Cao Bằng 5 +
# Quảng Ninh 5; 2018 = report 000's one sentence; 2024 = report 001's two.
check("trend CSV", b == "\ufeffvalue,docs,passages\r\n2015,2,10\r\n2018,1,1\r\n2024,1,2\r\n".encode(), b)
EOF

tally() { # tally PHASE OUTFILE RC: counts the "ok"/"FAIL" lines of check.py
    while IFS= read -r line; do
        case "$line" in
        "ok "*) ok ;;
        "FAIL "*) bad "$1: ${line#FAIL }" ;;
        *) ;;
        esac
    done <"$2"
    if [ "$3" -ne 0 ]; then bad "$1: check.py exited $3: $(tail -5 "$2")"; fi
}
run_checks() { # run_checks PHASE
    python3 "$TMP/check.py" "$1" "$PORT" "$DOCS" >"$TMP/check.out" 2>&1
    tally "$1" "$TMP/check.out" $?
}

run_checks before

# ---- an index run while serving is picked up without restart ---------------
cp "$ROOT"/corpus/003_*.txt "$ROOT"/corpus/004_*.txt "$DOCS/"
# Questions keep coming while the index run writes (checked by "during").
python3 "$TMP/check.py" during "$PORT" "$DOCS" "$TMP/indexed" >"$TMP/during.out" 2>&1 &
DURING=$!
if "$BIN" index --index "$IX" --quiet "$DOCS" 2>"$TMP/ix2.err"; then ok; else bad "second index: $(cat "$TMP/ix2.err")"; fi
touch "$TMP/indexed"
wait $DURING
tally during "$TMP/during.out" $?
"$BIN" search --index "$IX" --format json --limit 20 BTS >"$TMP/cli-bts.jsonl" 2>/dev/null
python3 "$TMP/check.py" after "$PORT" "$DOCS" "$TMP/cli-bts.jsonl" >"$TMP/check.out" 2>&1
tally after "$TMP/check.out" $?

rm "$DOCS/gone.txt"
run_checks gone

# ---- the port in use is a clear error --------------------------------------
"$BIN" serve --index "$IX" --port "$PORT" >"$TMP/busy.out" 2>"$TMP/busy.err"
rc=$?
if [ $rc -eq 3 ] && grep -q "already in use" "$TMP/busy.err"; then ok; else
    bad "port in use: exit $rc: $(cat "$TMP/busy.err")"
fi
"$BIN" serve --index "$TMP/none" --port 0 >"$TMP/noix.out" 2>"$TMP/noix.err"
rc=$?
if [ $rc -eq 4 ] && grep -q "no index" "$TMP/noix.err"; then ok; else bad "no index: exit $rc: $(cat "$TMP/noix.err")"; fi
"$BIN" serve --index "$IX" --port 70000 >/dev/null 2>"$TMP/badport.err"
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "--port 70000: exit $rc"; fi

# ---- SIGTERM stops it cleanly -----------------------------------------------
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
rc=$?
SERVER_PID=
if [ $rc -eq 0 ] && grep -q "stopping" "$TMP/serve.err"; then ok; else
    bad "SIGTERM: exit $rc: $(cat "$TMP/serve.err")"
fi

# ---- another address than loopback is announced ----------------------------
start_server --bind 0.0.0.0
if grep -q "warning: listening on 0.0.0.0" "$TMP/serve.err"; then ok; else bad "no warning for --bind 0.0.0.0: $(cat "$TMP/serve.err")"; fi
kill -INT "$SERVER_PID"
wait "$SERVER_PID"
rc=$?
SERVER_PID=
if [ $rc -eq 0 ]; then ok; else bad "SIGINT: exit $rc"; fi

echo "http: $pass passed, $fail failed"
[ $fail -eq 0 ]
