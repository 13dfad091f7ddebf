#!/usr/bin/env zsh
# zcomplete.zsh COMPDIR OUT LINE...: what zsh offers for each LINE when Tab
# is pressed after it, with the completion functions of COMPDIR
# (scripts/completion/_tracuu) and nothing else of the user's set-up.
# An interactive `zsh -f` runs under a pseudo-terminal (zsh/zpty) with
# compinit in a temporary directory; compadd is wrapped so that every match
# offered is appended to OUT, one per line, each LINE's matches followed by
# a line "--".  `tracuu` must be on PATH (province names come from it).
emulate -L zsh
zmodload zsh/zpty || exit 3
compdir=${1:A}
out=${2:A}
shift 2
: >"$out"
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

# The shell being driven: no rc files, completion from compdir only.
cat >"$tmp/setup.zsh" <<EOF
PS1='' PROMPT='' RPROMPT=''
unsetopt beep zle_bracketed_paste 2>/dev/null
setopt no_auto_list no_list_ambiguous
fpath=("$compdir" \$fpath)
autoload -Uz compinit && compinit -u -d "$tmp/zcompdump"
# Every match offered goes to the file; internal calls that only filter or
# fill arrays (-O, -A, -D) pass through untouched.
compadd() {
    if (( \${@[(I)-[OAD]]} )); then
        builtin compadd "\$@"
        return
    fi
    local -a got
    builtin compadd -A got "\$@"
    (( \$#got )) && print -rl -- "\${got[@]}" >>"$out"
    builtin compadd "\$@"
}
bindkey '^I' complete-word
EOF

# Waits (at most 20 s) for the file $1 that the driven shell writes when it
# has done what it was sent, reading its output meanwhile so that the
# pseudo-terminal never fills up and blocks it.
await() {
    local i junk
    for ((i = 0; i < 400; i++)); do
        while zpty -r -t tz junk 2>/dev/null; do :; done
        [[ -e $1 ]] && return 0
        sleep 0.05
    done
    print -u2 "zcomplete: the driven shell did not answer"
    exit 3
}

zpty tz zsh -f -i
zpty -w tz ". ${(q)tmp}/setup.zsh; : >${(q)tmp}/ready"
await "$tmp/ready"
n=0
for line in "$@"; do
    # Tab, then erase the line and mark the end of this line's matches.
    zpty -w -n tz "$line"$'\t'
    zpty -w -n tz $'\C-u'
    zpty -w tz "print -- -- >>${(q)out}; : >${(q)tmp}/done$((++n))"
    await "$tmp/done$n"
done
zpty -w tz 'exit'
zpty -d tz 2>/dev/null
exit 0
