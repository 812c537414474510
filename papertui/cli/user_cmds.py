"""CLI commands on the user's own data: tag, untag, tags, note, triage, list, undo, redo, export."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from papertui.cli.library_cmds import open_library
from papertui.cli.output import emit_json, paper_json, row_line
from papertui.errors import PapertuiError, UsageError
from papertui.index.query import tag_filter
from papertui.library import Library
from papertui.model import TRIAGE_STATES
from papertui.store import notes
from papertui.store.atomic import atomic_write_text


def _change_json(change) -> dict:
    return {
        "action": change.action,
        "description": change.description,
        "papers": list(change.paper_ids),
        "rev": change.rev,
    }


def _report(lib: Library, change, as_json: bool = False) -> None:
    if as_json:
        emit_json(_change_json(change))
    else:
        print(change.description)
    if warning := lib.flush_index():  # the change is saved; only the search index lags behind
        print(f"papertui: warning: {warning}", file=sys.stderr)
    if lib.backup_warning:  # the change is saved; only its safety copy is missing
        print(f"papertui: warning: {lib.backup_warning}", file=sys.stderr)


def _targets(lib: Library, args) -> tuple[list[str], list[str]]:
    """(paper ids, tags) from `ID... TAG`, `-t TAG`, `--query Q`."""
    words = list(args.args)
    tags = list(args.tags)
    if not tags:
        if not words:
            raise UsageError("give the tag to apply, as the last argument or with -t TAG")
        tags = [words.pop()]
    ids = lib.resolve_all(words)
    if args.query:
        ids += [i for i in lib.query_ids(args.query) if i not in ids]
        if not ids:
            raise UsageError(f"no paper matches {args.query!r}")
    if not ids:
        raise UsageError("give at least one paper id (or --query)")
    return ids, tags


def cmd_tag(args) -> int:
    lib = open_library()
    if args.rename:
        if args.args or args.tags or args.query or args.delete:
            raise UsageError("--rename OLD NEW takes no other arguments")
        _report(lib, lib.rename_tag(*args.rename), args.json)
        return 0
    if args.delete:
        if args.args or args.tags or args.query:
            raise UsageError("--delete TAG takes no other arguments")
        _report(lib, lib.delete_tag(args.delete), args.json)
        return 0
    ids, tags = _targets(lib, args)
    _report(lib, lib.tag(ids, tags), args.json)
    return 0


def cmd_untag(args) -> int:
    lib = open_library()
    ids, tags = _targets(lib, args)
    _report(lib, lib.untag(ids, tags), args.json)
    return 0


def cmd_tags(args) -> int:
    counts = open_library().tag_counts()
    if args.json:
        emit_json([{"tag": t, "papers": n} for t, n in counts])
    elif not counts:
        print("no tags yet: `papertui tag ID TAG` adds one", file=sys.stderr)
    else:
        width = max(len(t) for t, _ in counts)
        for tag, n in counts:
            print(f"{tag:<{width}}  {n}")
    return 0


def edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = fh.name
    try:
        try:
            code = subprocess.call([*shlex.split(editor), path])
        except OSError as exc:
            raise PapertuiError(f"could not start the editor {editor!r}: {exc.strerror or exc}") from None
        if code != 0:
            raise PapertuiError(f"the editor {editor!r} exited with status {code}; the note was not changed")
        return Path(path).read_text(encoding="utf-8")
    finally:
        Path(path).unlink(missing_ok=True)


def cmd_note(args) -> int:
    lib = open_library()
    paper = lib.paper(args.id)
    if args.edit and args.text is not None:
        raise UsageError("give either TEXT or --edit, not both")
    base = None
    if args.edit:
        base = current = lib.record(paper.id).note
        text = edit_in_editor(current)
        if text.rstrip("\n") == current.rstrip("\n"):
            if args.json:
                emit_json({"id": paper.id, "note": current})
            else:
                print("note unchanged")
            return 0
    elif args.text is None:
        note = lib.record(paper.id).note
        if args.json:
            emit_json({"id": paper.id, "note": note})
        elif note:
            print(note)
        else:
            print(f"no note on {paper.id}", file=sys.stderr)
        return 0
    else:
        text = sys.stdin.read() if args.text == "-" else args.text
    change = lib.set_note(paper.id, text, base=base)
    _report(lib, change, args.json)
    if change.description.startswith(notes.REPLACED):
        print(f"papertui: {notes.UNDO_HINT}", file=sys.stderr)
    return 0


def cmd_triage(args) -> int:
    *tokens, state = args.args
    if state not in TRIAGE_STATES:
        raise UsageError(f"the last argument must be one of {', '.join(TRIAGE_STATES)}, not {state!r}")
    if not tokens:
        raise UsageError("give at least one paper id before the state")
    lib = open_library()
    _report(lib, lib.set_triage(lib.resolve_all(tokens), state), args.json)
    return 0


def list_query(tags: Sequence[str], untagged: bool, states: Sequence[str]) -> str:
    """`list`'s filters in the query language (index/query.py): any of the tags, and untagged, and any of the
    triage states. "" when there is no filter."""
    parts = []
    if tags:
        parts.append("(" + " OR ".join(tag_filter(t) for t in tags) + ")")
    if untagged:
        parts.append("untagged")
    if states:
        parts.append("(" + " OR ".join(f"is:{s}" for s in states) + ")")
    return " ".join(parts)


def _filtered_ids(lib: Library, args) -> list[str]:
    states = [s for s, on in (("unseen", args.unseen), ("kept", args.kept), ("skipped", args.skipped)) if on]
    return lib.ids_for(list_query(args.tag, args.untagged, states), args.sort)


def cmd_list(args) -> int:
    lib = open_library()
    ids = _filtered_ids(lib, args)
    if args.json:
        emit_json([paper_json(paper, record) for paper, record in lib.items(ids)])
        return 0
    for row in lib.rows(ids):
        print(row_line(row.id, row.title, row.github, row.tags))
    return 0


def _undo_redo(args, which: str) -> int:
    lib = open_library()
    change = lib.undo() if which == "undo" else lib.redo()
    if change is None:
        if args.json:
            emit_json(None)
        else:
            print(f"nothing to {which}", file=sys.stderr)
        return 1
    _report(lib, change, args.json)
    return 0


def cmd_undo(args) -> int:
    return _undo_redo(args, "undo")


def cmd_redo(args) -> int:
    return _undo_redo(args, "redo")


def cmd_export(args) -> int:
    from papertui.store.export import render

    lib = open_library()
    if args.all:
        if args.tag or args.query:
            raise UsageError("--all exports every paper: give it without --tag or --query")
        ids = lib.browse("date")
    elif args.tag:
        ids = lib.ids_with_tags(args.tag)  # newest first, like the app's default order
        if args.query:
            matched = set(lib.query_ids(args.query))
            ids = [i for i in ids if i in matched]
    elif args.query:
        ids = lib.query_ids(args.query)
    else:
        ids = _tagged(lib)
    items = lib.items(ids)
    if not items:
        raise PapertuiError("nothing to export: no paper matches (tag papers with `papertui tag ID TAG`)")
    text = render(items, args.format, group_tags=args.tag if len(args.tag) > 1 else ())
    if args.output:
        atomic_write_text(Path(args.output), text)
        print(f"wrote {len(items)} papers to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _tagged(lib: Library) -> list[str]:
    records = lib.records()
    return [i for i in lib.browse("date") if i in records and records[i].tags]
