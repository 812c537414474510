"""`papertui search` takes query words that start with "-" (`-survey` excludes a word, as the README shows).

argparse reads such a word as an unknown option and stops. Before parsing, the search command's own options
(`--limit N`, `--sort S`, `--json`, `--help`, in any position) are set apart and every other word is passed
after `--`, in its original order, so the query means exactly what was typed. An unknown `--long-option` is
left for argparse to refuse: a typo in an option must not silently become a search word.
"""

from __future__ import annotations

from collections.abc import Sequence

_FLAGS = ("--json", "-h", "--help")
_WITH_VALUE = ("--limit", "--sort")
_GLOBAL_FLAGS = ("--debug", "--version", "-h", "--help")


def _option(token: str, options: Sequence[str]) -> str | None:
    """The option `token` names: exact, or an unambiguous abbreviation as argparse allows ("--lim")."""
    if token in options:
        return token
    if not token.startswith("--") or len(token) < 3:
        return None
    found = [o for o in options if o.startswith("--") and o.startswith(token)]
    return found[0] if len(found) == 1 else None


def search_argv(argv: Sequence[str]) -> list[str]:
    """`argv` with a search command's query words moved after `--` (unchanged for any other command)."""
    args = list(argv)
    start = 0
    while start < len(args) and args[start] in _GLOBAL_FLAGS:
        start += 1
    if start >= len(args) or args[start] != "search":
        return args
    options: list[str] = []
    words: list[str] = []
    rest = args[start + 1 :]
    i = 0
    while i < len(rest):
        token = rest[i]
        name, eq, _value = token.partition("=")
        if token == "--":
            words += rest[i + 1 :]
            break
        if _option(token, _FLAGS):
            options.append(token)
        elif _option(name, _WITH_VALUE):
            options.append(token)
            if not eq and i + 1 < len(rest):  # the value, even "-5": argparse then says why it is wrong
                options.append(rest[i + 1])
                i += 1
        elif token.startswith("--") and len(token) > 2:
            options.append(token)  # an unknown option: argparse refuses it with its usual one line
        else:
            words.append(token)
        i += 1
    return [*args[: start + 1], *options, "--", *words] if words else [*args[: start + 1], *options]
