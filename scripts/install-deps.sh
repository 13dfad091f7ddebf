#!/bin/sh
# install-deps.sh: installs the Debian packages tracuu builds and tests with,
# when they are missing.  Needs root (or sudo) only when something is missing.
set -eu
PKGS="build-essential pkg-config g++ libxapian-dev libicu-dev libsqlite3-dev nettle-dev sqlite3 python3 valgrind libzip-dev libxml2-dev libpoppler-glib-dev libcairo2-dev libtesseract-dev tesseract-ocr tesseract-ocr-vie antiword libmicrohttpd-dev libxlsxwriter-dev"
PKGS="$PKGS clang libclang-rt-14-dev" # libFuzzer harnesses (tests/fuzz, make fuzz)
PKGS="$PKGS zsh gettext man-db" # completion, messages (msgfmt) and man page tested in tests/e2e/cli.sh
PKGS="$PKGS xapian-tools" # xapian-tcpsrv, xapian-replicate(-server): clusters (tests/e2e/cluster.sh, make scale)
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: need root to install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
