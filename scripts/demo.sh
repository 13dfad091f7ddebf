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
"$BIN" index corpus
rc=$?
if [ $rc -eq 6 ]; then
    # exit 6: the demo's own index was built by another version of tracuu
    echo "(./tracuu-index was built by another version of tracuu: building it again)"
    rm -rf tracuu-index
    "$BIN" index corpus || exit 1
elif [ $rc -ne 0 ]; then
    exit 1
fi
echo
echo "== The four questions the staff ask"
ask search SOC --by province
ask cite 'Quyết định số 45/2016/QĐ-TTg'
ask figures "trạm BTS" --by year
mkdir -p build
ask search BTS --by province --hits -o build/demo-bts.xlsx
echo "(written: build/demo-bts.xlsx, a sheet per table; open it in Excel or LibreOffice)"
echo
echo "== More searches"
ask search --limit 3 SOC
ask search --limit 3 hieu qua 'province:"Ha Tinh"'
ask search --limit 3 '"an toàn thông tin"' year:2015..2019
ask search --limit 5 --format csv 45/2016/QĐ-TTg
ask search --limit 2 --format json 'thuỷ' --sort date
ask show --format json 3
echo
echo "== The web app"
echo "Run:   $BIN serve"
echo "Open:  http://127.0.0.1:8080/   (Vietnamese; English by the button at the top right)"
echo "It answers the same questions in a browser, on this machine only."
