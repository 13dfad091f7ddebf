#!/bin/sh
# cli.sh BIN: the command line as people used to git and curl expect it, and
# exports that never drop rows silently (issue 13), and no control character
# from a document reaching the terminal (issue 15).  Expected outputs were
# written by hand from reading corpus/ (see the comments).
# Prints "cli: N passed, M failed".
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export LANG=C.UTF-8 LANGUAGE=en COLUMNS=80
unset NO_COLOR TRACUU_COLOR TRACUU_INDEX
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2] got [$3]"; fi
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

IX="$TMP/ix"
"$BIN" index --index "$IX" "$ROOT/corpus" 2>/dev/null
# Three copies: 15 documents, every one mentions "xã" (5 of 5 in corpus/).
for k in 1 2 3; do mkdir -p "$TMP/docs/$k" && cp "$ROOT"/corpus/*.txt "$TMP/docs/$k/"; done
IX3="$TMP/ix3"
"$BIN" index --index "$IX3" "$TMP/docs" 2>/dev/null

# ---- complete exports --------------------------------------------------------
"$BIN" search --index "$IX3" xã -o "$TMP/a.csv" 2>"$TMP/err"
check "csv to a file: every row" 16 "$(wc -l <"$TMP/a.csv")"
check "csv to a file: nothing left out" "" "$(cat "$TMP/err")"
check "csv header" "rank,score,id,path" "$(head -1 "$TMP/a.csv" | cut -d, -f1-4)"
"$BIN" search --index "$IX3" --format json xã >"$TMP/a.json" 2>"$TMP/err"
check "json: every row" 15 "$(wc -l <"$TMP/a.json")"
"$BIN" search --index "$IX3" --excel -o "$TMP/e.csv" xã 2>/dev/null
check "--excel: BOM then CSV" "efbbbf72616e6b" "$(head -c 7 "$TMP/e.csv" | od -An -tx1 | tr -d ' \n')"
check "--excel: every row" 16 "$(wc -l <"$TMP/e.csv")"
"$BIN" search --index "$IX3" --excel --format text -o "$TMP/t.csv" xã 2>/dev/null
check "--excel beats --format text" 16 "$(wc -l <"$TMP/t.csv")"
"$BIN" search --index "$IX3" xã >"$TMP/out" 2>"$TMP/err"
check "terminal: the first 10" 10 "$(grep -c '^ *[0-9]*\. ' "$TMP/out")"
check "terminal: says what was left out" \
    "tracuu: 10 of 15 documents listed, 5 left out (--limit all writes every one)" "$(cat "$TMP/err")"
"$BIN" search --index "$IX3" --limit all xã >"$TMP/out" 2>"$TMP/err"
check "--limit all" 15 "$(grep -c '^ *[0-9]*\. ' "$TMP/out")"
"$BIN" search --index "$IX3" --limit 4 --format csv xã >"$TMP/out" 2>"$TMP/err"
check "--limit 4 csv" 5 "$(wc -l <"$TMP/out")"
check "--limit 4 says so" "tracuu: 4 of 15 documents listed, 11 left out (--limit all writes every one)" \
    "$(cat "$TMP/err")"
# every listing writes a workbook (contents checked in excel.sh; here under
# the sanitizers too)
mkdir -p "$TMP/x"
"$BIN" search --index "$IX3" -o "$TMP/x/1.xlsx" xã
"$BIN" search --index "$IX3" --by year --hits -o "$TMP/x/2.xlsx" xã
"$BIN" trend --index "$IX" -o "$TMP/x/3.xlsx" xã
"$BIN" cite --index "$IX" 45/2016/QĐ-TTg -o "$TMP/x/4.xlsx"
"$BIN" cite --index "$IX" --top --by province -o "$TMP/x/5.xlsx"
"$BIN" figures --index "$IX" 'trạm BTS' -o "$TMP/x/6.xlsx"
"$BIN" figures --index "$IX" --by year 'trạm BTS' -o "$TMP/x/7.xlsx"
"$BIN" show --index "$IX" 1 -o "$TMP/x/8.xlsx"
check "xlsx from every listing" "PK PK PK PK PK PK PK PK" \
    "$(for k in 1 2 3 4 5 6 7 8; do head -c 2 "$TMP/x/$k.xlsx" 2>/dev/null; printf ' '; done | sed 's/ $//')"
check "no temporary file left" "" "$(ls "$TMP/x" | grep tmp)"
expect_exit 2 "xlsx" "$BIN" search --index "$IX3" --by province --hits --format csv xã
expect_exit 2 "cannot go with --format json" "$BIN" search --index "$IX3" --excel --format json xã
expect_exit 2 "add -o FILE.xlsx" "$BIN" search --index "$IX3" --format xlsx xã
expect_exit 0 "" "$BIN" cite --index "$IX" --top --limit all
expect_exit 2 "" "$BIN" cite --index "$IX" --top --limit lots

# ---- tables: filters only (passages = documents); provinces from the headers:
# 000 and 001 Hà Tĩnh, 002 Trà Vinh, 003 Cao Bằng, 004 Quảng Ninh.
got=$("$BIN" search --index "$IX" --by province 'year:2015..2024')
want="5 documents match

province       docs  passages
Hà Tĩnh           2         2
Cao Bằng          1         1
Quảng Ninh        1         1
Trà Vinh          1         1"
check "facets table" "$want" "$got"
# 45/2016/QĐ-TTg is cited once in 000 (23/3/2018) and twice in 002 (14/3/2019).
got=$("$BIN" cite --index "$IX" 45/2016/QĐ-TTg --by year)
want="3 citations of 45/2016/QĐ-TTg

year   docs mentions
2018      1        1
2019      1        2"
check "cite --by year" "$want" "$got"
got=$("$BIN" cite --index "$IX" 45/2016/QĐ-TTg --by province)
want="3 citations of 45/2016/QĐ-TTg

province   docs mentions
Hà Tĩnh       1        1
Trà Vinh      1        2"
check "cite --by province" "$want" "$got"

# ---- git and curl habits ------------------------------------------------------
check "help CMD = CMD --help" "$("$BIN" search --help)" "$("$BIN" help search)"
expect_exit 2 "did you mean 'search'" "$BIN" serch xã
expect_exit 2 "did you mean '--limit'" "$BIN" search --index "$IX" --limt 3 xã
expect_exit 2 "did you mean 'figures'" "$BIN" help figure
check "global option before the command" "$("$BIN" search --index "$IX" --limit 2 xã 2>&1)" \
    "$("$BIN" --index "$IX" search --limit 2 xã 2>&1)"
check "--color=always" yes "$("$BIN" --color=always search --index "$IX" --limit 1 xã 2>/dev/null |
    grep -q "$(printf '\033')\[1m" && echo yes)"
check "NO_COLOR beats a terminal; --color=never" 0 \
    "$(NO_COLOR=1 "$BIN" search --index "$IX" --color=never --limit 1 xã 2>/dev/null |
        grep -c "$(printf '\033')")"
expect_exit 3 "nonexistent" "$BIN" index --index "$TMP/ix-none" "$TMP/nonexistent"
expect_exit 4 "" "$BIN" search --index "$TMP/nonexistent" xã

# ---- terminal escape injection (issue 15) ---------------------------------------
mkdir -p "$TMP/evil"
evil="$TMP/evil/$(printf 'bad\033]0;pwned\007name.txt')"
printf 'UBND TỈNH HÀ TĨNH\n\nBÁO CÁO\n\nKết quả \033[2J chuyển đổi số cấp xã\n\nNăm 2024 có 12 xã đạt chuẩn \033]0;pwned\007 nông thôn mới.\n' >"$evil"
"$BIN" index --index "$TMP/ixe" --verbose "$TMP/evil" >"$TMP/out" 2>"$TMP/err"
"$BIN" search --index "$TMP/ixe" xã >>"$TMP/out" 2>>"$TMP/err"
"$BIN" show --index "$TMP/ixe" 1 >>"$TMP/out" 2>>"$TMP/err"
"$BIN" show --index "$TMP/ixe" --text 1 >>"$TMP/out" 2>>"$TMP/err"
"$BIN" show --index "$TMP/ixe" "$evil" >>"$TMP/out" 2>>"$TMP/err"
"$BIN" search --index "$TMP/ixe" "$(printf 'x\033[2J(')" >>"$TMP/out" 2>>"$TMP/err"
check "no ESC or BEL on stdout" 0 "$(tr -cd '\033\007' <"$TMP/out" | wc -c)"
check "no ESC or BEL on stderr" 0 "$(tr -cd '\033\007' <"$TMP/err" | wc -c)"
check "file name in caret notation (search, show, index --verbose)" "3 1" \
    "$(grep -cF 'bad^[]0;pwned^Gname.txt' "$TMP/out") $(grep -cF 'bad^[]0;pwned^Gname.txt' "$TMP/err")"
check "title in caret notation" yes "$(grep -qF 'Kết quả ^[[2J chuyển đổi' "$TMP/out" && echo yes)"
"$BIN" search --index "$TMP/ixe" --format json xã >"$TMP/out"
check "json escapes" 1 "$(grep -c 'bad\\u001b]0;pwned\\u0007name' "$TMP/out")"
"$BIN" search --index "$TMP/ixe" --format csv xã >"$TMP/out"
check "csv drops escape sequences" 0 "$(tr -cd '\033\007' <"$TMP/out" | wc -c)"
check "csv keeps the text" 1 "$(grep -c 'badname.txt' "$TMP/out")"

# ---- Vietnamese and English (gettext) -------------------------------------------------
got=$("$BIN" --lang vi cite --index "$IX" 45/2016/QĐ-TTg --by year)
want="3 lần dẫn tới 45/2016/QĐ-TTg

năm  văn bản  lần nêu
2018       1        1
2019       1        2"
check "Vietnamese table" "$want" "$got"
# 000 is a "BÁO CÁO" on "3 tháng đầu năm 2018": a report for Q1
check "type and period in Vietnamese" "type               báo cáo
period             quý I" "$("$BIN" --lang vi show --index "$IX" "$ROOT/corpus/000_90010ce738600653.txt" |
    grep -E '^(type|period) ')"
check "vi_VN locale gives Vietnamese" "tracuu: không có lệnh 'serch'; có phải ý bạn là 'search'?" \
    "$(LANGUAGE= LANG=vi_VN.UTF-8 "$BIN" serch 2>&1)"
check "--lang en beats the locale" "tracuu: unknown command 'serch'; did you mean 'search'?" \
    "$(LANGUAGE= LANG=vi_VN.UTF-8 "$BIN" serch --lang en 2>&1)"
if command -v xgettext >/dev/null 2>&1; then
    # every message in the sources has a Vietnamese translation
    (cd "$ROOT" && xgettext --from-code=UTF-8 --keyword=say --keyword=T --keyword=N_ \
        -o "$TMP/fresh.pot" cli/tracuu.c render/render.c) &&
        msgmerge -q --no-fuzzy-matching "$ROOT/po/vi.po" "$TMP/fresh.pot" -o "$TMP/merged.po" &&
        msgfmt --check --statistics -o /dev/null "$TMP/merged.po" 2>"$TMP/stats"
    check "vi.po complete" yes "$(grep -q 'translated messages\.$' "$TMP/stats" &&
        ! grep -q 'untranslated\|fuzzy' "$TMP/stats" && echo yes)"
fi

# ---- man page and completion ------------------------------------------------------
if command -v man >/dev/null 2>&1; then
    LANG=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$ROOT/docs/tracuu.1" >"$TMP/out" 2>"$TMP/err"
    check "man page: no warnings" "" "$(cat "$TMP/err")"
    check "man page: Vietnamese example" yes \
        "$(grep -q 'tracuu cite 45/2016/QĐ-TTg --by year' "$TMP/out" && echo yes)"
fi
check "bash completion: the commands" "index search show cite trend figures serve check help version" \
    "$(bash -c '. "$1"; COMP_WORDS=(tracuu ""); COMP_CWORD=1; _tracuu; echo "${COMPREPLY[*]}"' \
        x "$ROOT/scripts/completion/tracuu.bash")"
check "bash completion: an option" "--limit" \
    "$(bash -c '. "$1"; COMP_WORDS=(tracuu search --li); COMP_CWORD=2; _tracuu; echo "${COMPREPLY[*]}"' \
        x "$ROOT/scripts/completion/tracuu.bash")"
check "bash completion: provinces from the index" "Hà Tĩnh|Cao Bằng|Quảng Ninh|Trà Vinh|" \
    "$(PATH="$(dirname "$BIN"):$PATH" bash -c '. "$1"; COMP_WORDS=(tracuu --index "$2" trend --province ""); COMP_CWORD=5; _tracuu; printf "%s|" "${COMPREPLY[@]}"' \
        x "$ROOT/scripts/completion/tracuu.bash" "$IX")"
rm -rf "$TMP/inst"
make -s -C "$ROOT" -o "$BIN" install BIN="$BIN" DESTDIR="$TMP/inst" PREFIX=/usr >/dev/null 2>&1
check "make install: man page, completions, messages" "4" \
    "$(ls "$TMP/inst/usr/share/man/man1/tracuu.1" "$TMP/inst/usr/share/bash-completion/completions/tracuu" \
        "$TMP/inst/usr/share/locale/vi/LC_MESSAGES/tracuu.mo" \
        "$TMP/inst/usr/share/zsh/site-functions/_tracuu" 2>/dev/null | wc -l)"

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
