# bash completion for spravka: commands, subcommands and their options.
# Installed as share/bash-completion/completions/spravka; keep in step with `spravka CMD --help`.

_spravka()
{
    local cur prev words cword
    _init_completion || return

    local global_opts="--help --version --kb --no-input --no-color"
    local commands="version ask search show kb ticket config auth vote history"

    # Find the command and subcommand, skipping global options and their values.
    local i cmd="" sub=""
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in
            --kb) ((i++)); continue ;;
            -*) continue ;;
        esac
        if [[ -z $cmd ]]; then
            cmd=${words[i]}
        elif [[ -z $sub ]]; then
            sub=${words[i]}
            break
        fi
    done

    case "$prev" in
        --kb) _filedir -d; return ;;
        --role)
            if [[ $cmd == ticket ]]; then
                COMPREPLY=($(compgen -W "contractor company" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "contractor company any" -- "$cur"))
            fi
            return ;;
        --message-file|--attach|--ca-file) _filedir; return ;;
        -m|--message|--subject|--callback|--title|--since|--section|--from-gap|--top|--alternatives|-n|--limit|--min-top1|--min-refusal)
            return ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global_opts" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local subs="" opts="--help"
    case "$cmd" in
        ask) opts+=" --role --json --explain --ticket --message --no-log --alternatives" ;;
        search) opts+=" --role --limit --json" ;;
        show) opts+=" --json" ;;
        vote)
            opts+=" --message --json"
            [[ $cur != -* && -n $sub ]] && { COMPREPLY=($(compgen -W "up down" -- "$cur")); return; } ;;
        kb)
            subs="build lint test eval stats gaps new"
            case "$sub" in
                build) opts+=" --force" ;;
                eval) opts+=" --min-top1 --min-refusal --misses"; [[ $cur != -* ]] && { _filedir 'y?(a)ml'; return; } ;;
                stats) opts+=" --since --json --csv --top" ;;
                gaps) opts+=" --since --json" ;;
                new) opts+=" --section --title --from-gap --since" ;;
            esac ;;
        ticket)
            subs="open list show reply rate sync"
            case "$sub" in
                open) opts+=" --subject --message --message-file --role --urgent --callback --attach --dry-run --json --ca-file" ;;
                list|show) opts+=" --json --offline" ;;
                reply) opts+=" --message --message-file --json" ;;
                rate) opts+=" --message --json" ;;
                sync) opts+=" --json" ;;
            esac ;;
        history)
            subs="clear export"
            case "$sub" in
                clear) opts+=" --yes" ;;
                export) opts+=" --since --json --csv" ;;
            esac ;;
        config)
            subs="get set list"
            case "$sub" in
                get|list) opts+=" --json" ;;
                set)
                    if [[ $cur != -* && ${words[cword-1]} == set ]]; then
                        COMPREPLY=($(compgen -W "kb role log.enabled log.retention_days support.backend support.url support.name support.email support.ca_file support.group" -- "$cur"))
                        return
                    fi ;;
            esac ;;
        auth)
            subs="login status logout"
            case "$sub" in
                login) opts+=" --with-token" ;;
                status) opts+=" --json" ;;
            esac ;;
    esac

    if [[ -n $subs && -z $sub && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    fi
} &&
    complete -F _spravka spravka
