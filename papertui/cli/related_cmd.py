"""`papertui similar ID` and `papertui suggest TAG`: related work ranked from the index (index/related.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from papertui.cli.output import emit_json, row_line, scored_json
from papertui.errors import UsageError
from papertui.index.records import SearchResult
from papertui.library import Library


def add_parsers(sub: argparse._SubParsersAction, command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command(sub, "similar", "papers most like one paper (more like this)", "papertui similar 3kq9x2m --limit 5")
    p.add_argument("id", help="paper id (or a unique prefix of it)")
    _options(p)
    p = command(
        sub, "suggest", "papers you have not tagged TAG that resemble those you have", "papertui suggest reading"
    )
    p.add_argument("tag", help="a tag held by at least 3 papers; skipped papers count against")
    _options(p)


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=20, help="how many papers to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the papers as a JSON list, best first, with scores")


def cmd_similar(args) -> int:
    lib, limit = _open(args)
    paper = lib.paper(args.id)
    return _report(lib, lib.similar(paper.id, limit), args.json, f"like {paper.id}")


def cmd_suggest(args) -> int:
    lib, limit = _open(args)
    return _report(lib, lib.suggest(args.tag, limit), args.json, f"for tag {args.tag!r}")


def _open(args) -> tuple[Library, int]:
    from papertui.cli.library_cmds import _ready_index, open_library

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    lib = open_library()
    _ready_index(lib)
    return lib, args.limit


def _report(lib: Library, result: SearchResult, as_json: bool, what: str) -> int:
    if as_json:
        scores = {h.id: h.score for h in result.hits}
        emit_json(scored_json(lib.items(list(scores)), scores))
    else:
        for hit in result.hits:
            print(row_line(hit.id, hit.title, hit.github, hit.tags))
    # On stderr, as for search: stdout keeps one paper per line for scripts.
    print(f"{len(result.hits)} of {result.total} papers {what} (those sharing a word with it)", file=sys.stderr)
    return 0
