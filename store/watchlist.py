"""The watch list: authors and keywords the user follows, as they are typed, stored and shown.

An entry is an author (`author:"Yann LeCun"`, `author:hinton`) or a keyword or phrase (`mamba`,
`"state space model"`). It is stored as {"kind": "author" | "keyword", "value": text} in the user-data file's
`watch` table (store/userdata_db.py), in the order the user added the entries; two entries are the same when
they differ only in case or spacing. What an entry matches is the search index's business (papertui/library_watch.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from papertui.errors import PapertuiError, UsageError

Kind = Literal["author", "keyword"]
KINDS: tuple[Kind, ...] = ("author", "keyword")
AUTHOR_PREFIX = "author:"
MAX_CHARS = 200
"""Longer text is no author name or phrase anyone watches: most likely a paste gone wrong."""


@dataclass(frozen=True, slots=True)
class WatchEntry:
    kind: Kind
    value: str
    """The author name or the phrase, without quotes; spaces collapsed."""

    @property
    def text(self) -> str:
        """The entry as the user writes it (and as `watch remove` takes it back)."""
        shown = f'"{self.value}"' if " " in self.value else self.value
        return f"{AUTHOR_PREFIX}{shown}" if self.kind == "author" else shown

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.value.casefold()

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}


def parse_entry(text: str) -> WatchEntry:
    """The entry `text` stands for; UsageError (one line) for an empty entry or one with stray quotes."""
    if not isinstance(text, str):
        raise UsageError("a watch entry must be text")
    raw = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    kind: Kind = "keyword"
    if raw[: len(AUTHOR_PREFIX)].lower() == AUTHOR_PREFIX:
        kind, raw = "author", raw[len(AUTHOR_PREFIX) :].strip()
    if raw.count('"') % 2:
        raise UsageError(f"watch entry {text!r} has an unbalanced quote")
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1].strip()
    if '"' in raw:
        raise UsageError(f'watch entry {text!r}: quote the whole phrase or name, e.g. "state space model"')
    if not raw:
        what = "an author name after author:" if kind == "author" else "a word or phrase"
        raise UsageError(f"watch entry {text!r} is empty: give {what}")
    if len(raw) > MAX_CHARS:
        raise UsageError(f"watch entry is too long ({len(raw)} characters; at most {MAX_CHARS})")
    return WatchEntry(kind, raw)


def from_stored(raw: Iterable[Any]) -> list[WatchEntry]:
    """Entries from the stored list (checked on load by entries_problem)."""
    return [WatchEntry(item["kind"], item["value"]) for item in raw]


def entries_problem(raw: Any) -> str | None:
    """What is wrong with a stored list of entries, or None."""
    if type(raw) is not list:
        return "is not a list"
    for item in raw:
        if type(item) is not dict or item.get("kind") not in KINDS or type(item.get("value")) is not str:
            return "holds an entry that is not an author or a keyword"
        if not item["value"].strip():
            return "holds an empty entry"
    return None


def with_entries(current: Sequence[WatchEntry], new: Sequence[WatchEntry]) -> list[WatchEntry]:
    """`current` with the entries of `new` it does not hold yet appended (first spelling kept)."""
    out = list(current)
    keys = {e.key for e in out}
    for entry in new:
        if entry.key not in keys:
            out.append(entry)
            keys.add(entry.key)
    return out


def without_entry(current: Sequence[WatchEntry], entry: WatchEntry) -> list[WatchEntry]:
    return [e for e in current if e.key != entry.key]


def find(current: Sequence[WatchEntry], entry: WatchEntry) -> WatchEntry | None:
    return next((e for e in current if e.key == entry.key), None)


def _listed(entries: Sequence[WatchEntry]) -> str:
    return ", ".join(e.text for e in entries)


def plan_add(current: Sequence[WatchEntry], entries: Sequence[WatchEntry]) -> tuple[list[WatchEntry], str]:
    """The watch list with `entries` added, and the description of the change (its undo step's name)."""
    if not entries:
        raise UsageError("give at least one author or keyword to watch")
    new = with_entries(current, entries)
    added = new[len(current) :]
    if not added:
        return new, f"nothing to change: already watching {_listed(entries)}"
    return new, f"watching {_listed(added)}"


def plan_remove(current: Sequence[WatchEntry], entry: WatchEntry) -> tuple[list[WatchEntry], str]:
    """The watch list without `entry`; PapertuiError (exit 1) when it is not on the list."""
    found = find(current, entry)
    if found is None:
        raise PapertuiError(f"not watching {entry.text} (papertui watch list shows the entries)")
    return without_entry(current, found), f"stopped watching {found.text}"
