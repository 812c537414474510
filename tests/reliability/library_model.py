"""A reference model of what a library must hold after a sequence of CLI commands.

Crash trials replay every acknowledged command on this model and compare the real library with it. It is
deliberately simple (sets and dicts, no files): tags by identity (casefold), notes, triage, the undo/redo
stacks, the catalog's papers with their GitHub links, and the content each `export -o` must have written.
A command the child began but did not acknowledge may or may not have happened: the library must then equal
the model either without it or with it — any other state is a half-applied change.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from papertui.ingest.hf_page import parse_hf_page
from papertui.store.catalog import short_id

UNDO_LIMIT = 500  # UserStore's default
TRIAGE = ("unseen", "kept", "skipped")


def tag_key(tag: str) -> str:
    return unicodedata.normalize("NFC", tag.strip()).casefold()


@dataclass(frozen=True)
class Rec:
    """One paper's user data, as the model compares it (tag identities, not spellings; no timestamps)."""

    tags: frozenset[str] = frozenset()
    note: str = ""
    triage: str = "unseen"

    @property
    def empty(self) -> bool:
        return not self.tags and not self.note and self.triage == "unseen"


Snaps = dict[str, Rec]
ExportRow = tuple[str, frozenset[str]]


@dataclass
class Entry:
    """One undo entry: record snapshots, and the papers a removal took out or an import put in."""

    before: Snaps
    after: Snaps
    kind: str = ""
    """"" (user data only), "remove" or "add" (an import)."""
    papers: dict[str, frozenset[str]] = field(default_factory=dict)
    """Those papers, with their links when they were last in the catalog."""


@dataclass
class LibraryModel:
    """Expected contents of one library. `apply` returns the exit status the command must end with."""

    papers: dict[str, frozenset[str]] = field(default_factory=dict)
    """Catalog: paper id -> its GitHub links (casefolded)."""
    user: dict[str, Rec] = field(default_factory=dict)
    undo: list[Entry] = field(default_factory=list)
    redo: list[Entry] = field(default_factory=list)
    exports: dict[str, frozenset[ExportRow]] = field(default_factory=dict)
    """Output path -> the rows (id, tag identities) its last export wrote."""

    def copy(self) -> LibraryModel:
        return copy.deepcopy(self)

    # -- the state compared with the real library -----------------------------------------------------------
    def user_state(self) -> dict[str, Rec]:
        return {pid: rec for pid, rec in self.user.items() if not rec.empty}

    def rec(self, pid: str) -> Rec:
        return self.user.get(pid, Rec())

    # -- commands -------------------------------------------------------------------------------------------
    def apply(self, argv: Sequence[str]) -> int:
        cmd, args = argv[0], list(argv[1:])
        handler = getattr(self, f"_cmd_{cmd}", None)
        if handler is None:
            return 0  # read-only commands (search, list, show, stats, reindex, doctor)
        return handler(args)

    def _change(self, after: Snaps, kind: str = "", papers: Sequence[str] = ()) -> int:
        changed = {pid: rec for pid, rec in after.items() if rec != self.rec(pid)}
        if changed or kind:
            before = {pid: self.rec(pid) for pid in changed}
            self.user.update(changed)
            self.redo.clear()
            self.undo.append(Entry(before, changed, kind, {pid: self.papers[pid] for pid in papers}))
            del self.undo[: max(0, len(self.undo) - UNDO_LIMIT)]
        return 0

    def _unknown(self, pids: Sequence[str]) -> bool:
        return any(pid not in self.papers for pid in pids)

    def _cmd_tag(self, args: list[str]) -> int:
        if args[0] == "--rename":
            return self._rename(tag_key(args[1]), args[2])
        if args[0] == "--delete":
            return self._rename(tag_key(args[1]), None)
        *pids, tag = args
        if self._unknown(pids):
            return 2  # UsageError: no paper with id ...
        return self._change({p: replace(self.rec(p), tags=self.rec(p).tags | {tag_key(tag)}) for p in pids})

    def _cmd_untag(self, args: list[str]) -> int:
        *pids, tag = args
        if self._unknown(pids):
            return 2
        return self._change({p: replace(self.rec(p), tags=self.rec(p).tags - {tag_key(tag)}) for p in pids})

    def _rename(self, old: str, new: str | None) -> int:
        holders = [pid for pid, rec in self.user.items() if old in rec.tags]
        if not holders:
            return 2  # UsageError: no paper is tagged OLD
        after = {}
        for pid in holders:
            tags = self.rec(pid).tags - {old}
            after[pid] = replace(self.rec(pid), tags=tags | {tag_key(new)} if new is not None else tags)
        return self._change(after)

    def _cmd_note(self, args: list[str]) -> int:
        pid, text = args
        if self._unknown([pid]):
            return 2
        note = text.replace("\r\n", "\n").replace("\r", "\n").rstrip().lstrip("\n")
        return self._change({pid: replace(self.rec(pid), note=note)})

    def _cmd_triage(self, args: list[str]) -> int:
        *pids, state = args
        if self._unknown(pids):
            return 2
        return self._change({p: replace(self.rec(p), triage=state) for p in pids})

    def _step(self, source: list[Entry], target: list[Entry], backwards: bool) -> int:
        if not source:
            return 1  # "nothing to undo": exit 1
        entry = source.pop()
        self.user.update(entry.before if backwards else entry.after)
        if entry.kind and (entry.kind == "remove") != backwards:  # the papers go out (again)
            for pid in entry.papers:
                if pid in self.papers:
                    entry.papers[pid] = self.papers.pop(pid)
        elif entry.kind:
            for pid, links in entry.papers.items():
                self.papers.setdefault(pid, links)
        target.append(entry)
        del self.undo[: max(0, len(self.undo) - UNDO_LIMIT)]
        return 0

    def _cmd_undo(self, args: list[str]) -> int:
        return self._step(self.undo, self.redo, backwards=True)

    def _cmd_redo(self, args: list[str]) -> int:
        return self._step(self.redo, self.undo, backwards=False)

    def _cmd_remove(self, args: list[str]) -> int:
        pids = list(dict.fromkeys(a for a in args if not a.startswith("--")))
        if self._unknown(pids):
            return 2
        self._change({pid: Rec() for pid in pids}, "remove", pids)
        for pid in pids:
            del self.papers[pid]
        return 0

    def _cmd_export(self, args: list[str]) -> int:
        tag = tag_key(args[args.index("--tag") + 1])
        out = args[args.index("-o") + 1]
        rows = frozenset((pid, rec.tags) for pid, rec in self.user.items() if tag in rec.tags and pid in self.papers)
        if not rows:
            return 1  # "nothing to export"
        self.exports[out] = rows
        return 0

    def _cmd_import(self, args: list[str]) -> int:
        for path in args:  # each file is one import, one undo entry when it adds papers
            if any(entry.kind for entry in self.redo):
                self.redo.clear()  # (the import drops a redo stack that moves papers before it merges)
            known = set(self.papers)
            new = [pid for pid in self.merge_page(Path(path).read_text(encoding="utf-8")) if pid not in known]
            if new:
                self._change({}, "add", list(dict.fromkeys(new)))
        return 0

    def merge_page(self, text: str) -> list[str]:
        """Merge the papers of one page (as the catalog does, for the fields compared); returns their ids."""
        ids = []
        for paper in parse_hf_page(text).papers:
            pid = short_id(paper.key)
            self.papers[pid] = self.papers.get(pid, frozenset()) | {g.casefold() for g in paper.github}
            ids.append(pid)
        return ids


def read_export(path: Path) -> frozenset[ExportRow] | None:
    """The rows of a JSON export file (None when there is none). Raises ValueError for a damaged file."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset((item["id"], frozenset(tag_key(t) for t in item["tags"])) for item in data)
