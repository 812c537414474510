"""Shell completion scripts, generated from the argparse definition so they never drift from the commands."""

from __future__ import annotations

import argparse

from papertui.cli.parser import build_parser


def _commands() -> dict[str, list[str]]:
    parser = build_parser()
    out: dict[str, list[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out[name] = sorted(opt for a in sub._actions for opt in a.option_strings if opt.startswith("--"))
    return out


def _actions() -> dict[str, list[str]]:
    """The actions of commands that take one (`watch add|list|remove`), by command."""
    out: dict[str, list[str]] = {}
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                for inner in sub._actions:
                    if isinstance(inner, argparse._SubParsersAction):
                        out[name] = list(inner.choices)
    return out


# `papertui tags --json` prints one `"tag": "NAME",` line per tag (indented JSON): this keeps the names, with no
# dependency on jq or a Python start-up beyond the command itself.
_TAG_NAMES = """sed -n 's/^ *"tag": "\\(.*\\)",*$/\\1/p'"""


def script_for(shell: str) -> str:
    cmds = _commands()
    actions = _actions()
    names = " ".join(cmds)
    if shell == "bash":
        cases = "\n".join(f'        {c}) opts="{" ".join(o)}" ;;' for c, o in cmds.items())
        action_cases = "\n".join(
            f'        {c}) COMPREPLY=( $(compgen -W "{" ".join(a)}" -- "$cur") ); return ;;' for c, a in actions.items()
        )
        return f"""# papertui bash completion
_papertui() {{
    local cur cmd opts
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=( $(compgen -W "{names} --help --version" -- "$cur") )
        return
    fi
    case "${{COMP_WORDS[COMP_CWORD-1]}}" in
        --tag|-t|--delete|--rename)  # tag names, read from the library at completion time
            local IFS=$'\\n'  # one name per line: a tag may hold spaces
            COMPREPLY=( $(compgen -W "$(papertui tags --json 2>/dev/null | {_TAG_NAMES})" -- "$cur") )
            return ;;
    esac
    cmd="${{COMP_WORDS[1]}}"
    if [ "$COMP_CWORD" -eq 2 ] && [[ "$cur" != -* ]]; then
        case "$cmd" in
{action_cases}
        suggest)  # its argument is a tag
            local IFS=$'\\n'
            COMPREPLY=( $(compgen -W "$(papertui tags --json 2>/dev/null | {_TAG_NAMES})" -- "$cur") )
            return ;;
        esac
    fi
    case "$cmd" in
{cases}
        *) opts="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "$opts --help" -- "$cur") )
    else
        COMPREPLY=( $(compgen -f -- "$cur") )
    fi
}}
complete -F _papertui papertui"""
    if shell == "zsh":
        lines = "\n".join(f"    '{c}:{c} command'" for c in cmds)
        return f"""#compdef papertui
# papertui zsh completion
_papertui() {{
  local -a commands
  commands=(
{lines}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
  else
    _files
  fi
}}
compdef _papertui papertui"""
    fish = [f"complete -c papertui -n '__fish_use_subcommand' -a {c}" for c in cmds]
    for c, names_of in actions.items():
        fish += [f"complete -c papertui -n '__fish_seen_subcommand_from {c}' -a '{' '.join(names_of)}'"]
    for c, opts in cmds.items():
        fish += [f"complete -c papertui -n '__fish_seen_subcommand_from {c}' -l {o[2:]}" for o in opts]
    return "# papertui fish completion\n" + "\n".join(fish)
