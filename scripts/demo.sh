#!/bin/sh
# demo.sh BIN: indexes corpus/ into ./tracuu-index and asks the sample questions.
set -u
BIN=${1:-bin/tracuu}
cd "$(dirname "$0")/.."
ask() {
    printf '\n\033[1m$ tracuu %s\033[0m\n' "$*"
    "$BIN" "$@"
    true
}
echo "Indexing corpus/ into ./tracuu-index ..."
"$BIN" index corpus || exit 1
ask search --limit 3 SOC
ask search --limit 3 hieu qua 'province:"Ha Tinh"'
ask search --limit 3 '"an toàn thông tin"' year:2015..2019
ask search --limit 5 --format csv 45/2016/QĐ-TTg
ask search --limit 2 --format json 'thuỷ' --sort date
ask show --format json 3
