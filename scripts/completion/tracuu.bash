# bash completion for tracuu (installed by `make install`; or: source this file).
# Commands, each command's options, their values, query field names, and
# province names read from the index itself (tracuu search --by province).
_tracuu_provinces() {
    local ix=()
    [ -n "${_tracuu_index:-}" ] && ix=(--index "$_tracuu_index")
    tracuu search "${ix[@]}" --by province --format csv 'year:1000..9999' 2>/dev/null |
        tail -n +2 | cut -d, -f1 | tr -d '"'
}

_tracuu() {
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="index search show cite trend figures serve check help version"
    local global="--index --color --lang --help --version"
    cmd=""
    _tracuu_index=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --index) _tracuu_index=${COMP_WORDS[i + 1]} ;;
        -*) ;;
        *) if [ -z "$cmd" ] && [ "${COMP_WORDS[i - 1]}" != --index ] && [ "${COMP_WORDS[i - 1]}" != --lang ]; then cmd=${COMP_WORDS[i]}; fi ;;
        esac
    done
    case $prev in
    --index | -o | --output | --queries)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --format) COMPREPLY=($(compgen -W "text json csv xlsx" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "vi en" -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W "relevance date" -- "$cur")); return ;;
    --graph) COMPREPLY=($(compgen -W "dot json" -- "$cur")); return ;;
    --limit | -n) COMPREPLY=($(compgen -W "all 10 20 50 100" -- "$cur")); return ;;
    --by)
        case $cmd in
        search) COMPREPLY=($(compgen -W "province province2025 year agency type cited level" -- "$cur")) ;;
        trend) COMPREPLY=($(compgen -W "year province province2025" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "province year" -- "$cur")) ;;
        esac
        return
        ;;
    --province)
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$(_tracuu_provinces)" -- "$cur"))
        return
        ;;
    esac
    if [ -z "$cmd" ]; then
        case $cur in
        --color=*) COMPREPLY=($(compgen -W "--color=auto --color=always --color=never" -- "$cur")) ;;
        -*) COMPREPLY=($(compgen -W "$global" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
        esac
        return
    fi
    local opts=""
    case $cmd in
    index) opts="--index --ocr --verbose --quiet --help" ;;
    search) opts="--index --limit --offset --sort --format --output --explain --excel --by --hits --passages --fold --exact --queries --time --help" ;;
    show) opts="--index --format --output --text --help" ;;
    cite) opts="--index --probable --top --by --graph --depth --format --output --excel --limit --help" ;;
    trend) opts="--index --by --province --format --output --excel --fold --exact --help" ;;
    figures) opts="--index --by --format --output --excel --help" ;;
    serve) opts="--index --port --bind --threads --help" ;;
    check) opts="--index --repair --help" ;;
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    case $cur in
    -*) COMPREPLY=($(compgen -W "$opts --color --lang" -- "$cur")) ;;
    *)
        if [ "$cmd" = index ]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        elif [ "$cmd" = search ] || [ "$cmd" = trend ]; then
            COMPREPLY=($(compgen -W "province: province2025: year: type: agency: level: period: date: draft: cites: mentions:" -- "$cur"))
            compopt -o nospace 2>/dev/null
        fi
        ;;
    esac
}
complete -F _tracuu tracuu
