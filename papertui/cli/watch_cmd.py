"""`papertui watch`: the watch list of authors and keywords (add, list, remove), kept in the user store and
undone like tags (`papertui undo`)."""

from __future__ import annotations

import argparse
import sys

from papertui.cli.library_cmds import open_library
from papertui.cli.output import emit_json
from papertui.cli.user_cmds import _report

SUMMARY = "watch authors and keywords: their papers are marked in the app"
EXAMPLE = (
    'papertui watch add author:"Yann LeCun" "state space model"\n  papertui watch list --json\n'
    "  papertui watch remove mamba"
)


def add_parser(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="watch_command", metavar="ACTION")
    add = sub.add_parser("add", help="watch authors or keywords", description="watch authors or keywords")
    add.add_argument(
        "entries",
        nargs="+",
        metavar="ENTRY",
        help='author:NAME (author:"Yann LeCun", author:hinton), a keyword or a "quoted phrase"',
    )
    add.add_argument("--json", action="store_true", help="print the change report as JSON")
    ls = sub.add_parser("list", help="the watch list with how many papers each entry matches")
    ls.add_argument("--json", action="store_true", help='print {"entries": [{"entry", "kind", "query", "matches"}]}')
    rm = sub.add_parser("remove", help="stop watching an entry (papertui undo brings it back)")
    rm.add_argument("entry", nargs="+", metavar="ENTRY", help="the entry as `watch list` shows it")
    rm.add_argument("--json", action="store_true", help="print the change report as JSON")


def cmd_watch(args) -> int:
    lib = open_library()
    which = getattr(args, "watch_command", None)
    if which == "add":
        _report(lib, lib.watch_add(args.entries), args.json)
    elif which == "remove":
        _report(lib, lib.watch_remove(" ".join(args.entry)), args.json)
    else:
        _list(lib, getattr(args, "json", False))
    return 0


def _list(lib, as_json: bool) -> None:
    matches = lib.watch_matches()
    if as_json:
        rows = [{"entry": m.entry.text, "kind": m.entry.kind, "query": m.query, "matches": len(m.ids)} for m in matches]
        emit_json({"entries": rows})
    elif not matches:
        print('not watching anything yet: papertui watch add author:"NAME" or a "keyword phrase"', file=sys.stderr)
    else:
        width = max(len(m.entry.text) for m in matches)
        for m in matches:
            n = len(m.ids)
            print(f"{m.entry.text:<{width}}  {n} paper{'s' if n != 1 else ''}")
