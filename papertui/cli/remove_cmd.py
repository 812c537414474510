"""`papertui remove`: take papers out of the library (undoable with `papertui undo`)."""

from __future__ import annotations

import sys

from papertui.cli.library_cmds import open_library
from papertui.cli.output import emit_json
from papertui.errors import UsageError

SHOWN_TITLES = 5
"""How many titles the confirmation question lists before "… and N more"."""


def _confirmed(titles: list[str]) -> bool:
    """Ask on the terminal; scripts (stdin not a terminal) are never asked, as with --yes."""
    if not sys.stdin.isatty():
        return True
    for title in titles[:SHOWN_TITLES]:
        print(f"  {title}", file=sys.stderr)
    if len(titles) > SHOWN_TITLES:
        print(f"  … and {len(titles) - SHOWN_TITLES} more", file=sys.stderr)
    n = len(titles)
    try:
        answer = input(f"remove {n} paper{'' if n == 1 else 's'}? [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().casefold() in ("y", "yes")


def cmd_remove(args) -> int:
    lib = open_library()
    try:
        ids = lib.resolve_all(args.ids)  # an unknown id stops here: nothing is removed
        if args.query:
            ids += [i for i in lib.query_ids(args.query) if i not in ids]
            if not ids:
                raise UsageError(f"no paper matches {args.query!r}; nothing was removed")
        if not ids:
            raise UsageError("give at least one paper id (or --query)")
        titles = [lib.paper(pid).title for pid in ids]
        if not args.yes and not _confirmed(titles):
            print("papertui: nothing was removed", file=sys.stderr)
            return 1
        change = lib.remove(ids)
        if args.json:
            emit_json(
                {
                    "action": change.action,
                    "description": change.description,
                    "papers": list(change.paper_ids),
                    "titles": titles,
                    "count": len(change.paper_ids),
                    "rev": change.rev,
                }
            )
        else:
            print(change.description)
            print("(papertui undo puts them back)", file=sys.stderr)
        if warning := lib.flush_index():  # the removal is saved; only the search index lags behind
            print(f"papertui: warning: {warning}", file=sys.stderr)
        return 0
    finally:
        lib.close()
