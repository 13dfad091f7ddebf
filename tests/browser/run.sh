#!/bin/sh
# run.sh [TRACUU]: browser tests of the web app (tests/browser/test.js).
#   1. installs what is missing: Debian's chromium (apt-get, as root), then
#      playwright-core from the npm registry at the version pinned in
#      package-lock.json (npm ci); playwright-core never downloads a browser;
#   2. indexes corpus/ and a document containing <script> into a temporary
#      index and starts `tracuu serve` on a free loopback port;
#   3. runs the tests (screenshots into build/screenshots/), stops the server.
# Ends with "browser: N passed, M failed"; exits non-zero on a failure or when
# chromium or Node.js cannot be had (with a message saying so).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tracuu=${1:-$root/bin/tracuu}
case "$tracuu" in /*) ;; *) tracuu=$root/$tracuu ;; esac
chromium=${CHROMIUM:-/usr/bin/chromium}

die() {
    echo "browser: $*"
    echo "browser: 0 passed, 1 failed"
    exit 1
}

as_root_install() { # as_root_install PKG...: apt-get install, when we may
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    echo "browser: installing $* (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; }
}

[ -x "$tracuu" ] || die "$tracuu not built (make -j2 all)"
if [ ! -x "$chromium" ]; then
    as_root_install chromium || true
    [ -x "$chromium" ] || die "no chromium at $chromium and it could not be installed (as root: apt-get install chromium)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    as_root_install nodejs npm || true
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
        die "Node.js and npm are needed (as root: apt-get install nodejs npm)"
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] 2>/dev/null || die "playwright-core needs Node.js 20 or later; this is $(node --version)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
    echo "browser: installing playwright-core (npm ci)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >/dev/null 2>&1 ||
        (cd "$here" && npm install --no-audit --no-fund --loglevel=error) ||
        die "npm could not install playwright-core"
fi

tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A report whose text holds markup: it must show as text, never run.
mkdir -p "$tmp/extra"
cat >"$tmp/extra/xss.txt" <<'EOF'
ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
SỞ THÔNG TIN VÀ TRUYỀN THÔNG

BÁO CÁO
Kết quả kiểm tra hiển thị văn bản có thẻ <script>alert("xss")</script> trên trang tra cứu

Trong năm 2024, Sở đã kiểm tra việc hiển thị các văn bản có chứa mã HTML.
Đoạn văn bản này có thẻ <img src=x onerror=alert(2)> và từ khóa xsskiemtra, phải được hiện nguyên văn, không được chạy.
Các đơn vị tiếp tục thực hiện nhiệm vụ được giao.
EOF
"$tracuu" index --quiet --index "$tmp/ix" "$root/corpus" "$tmp/extra" >"$tmp/index.log" 2>&1 ||
    { cat "$tmp/index.log"; die "tracuu index failed"; }

"$tracuu" serve --index "$tmp/ix" --port 0 --bind 127.0.0.1 >"$tmp/serve.log" 2>&1 &
server=$!
url=""
i=0
while [ $i -lt 100 ]; do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" 2>/dev/null | head -1)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
[ -n "$url" ] || { cat "$tmp/serve.log"; die "tracuu serve did not start"; }

mkdir -p "$root/build/screenshots"
CHROMIUM=$chromium node "$here/test.js" "$url" "$root/build/screenshots"
rc=$?
echo "browser: screenshots in build/screenshots/"
exit $rc
