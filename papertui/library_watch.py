"""The watch list seen through the search index: what each entry matches, which papers are watched, the words
to highlight, and `is:watched` in a query. Library (papertui/library.py) is the door to these; the entries
themselves are kept by the user store (store/watchlist.py). No Textual here.

An entry is a query of the search language (index/query.py): a keyword or phrase is a quoted phrase over the
text, an author the `author:` filter. `is:watched` in a query stands for any entry: (q1 OR q2 ...).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papertui.errors import UsageError
from papertui.index.analysis import words
from papertui.index.query import parse
from papertui.store.watchlist import WatchEntry, parse_entry

if TYPE_CHECKING:
    from papertui.library import Library

IS_WATCHED = re.compile(r"(?<![\w:])is:watched(?![\w*:])", re.IGNORECASE)
MATCH_LIMIT = 1_000_000


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry_query(entry: WatchEntry) -> str:
    """The search that finds what `entry` watches."""
    if entry.kind == "author":
        return f"author:{_quoted(entry.value)}"
    return _quoted(entry.value)


def check_searchable(entry: WatchEntry) -> None:
    """UsageError when a keyword entry holds nothing the index could find (only symbols or common words)."""
    if entry.kind == "keyword" and all(t.stop for t in words(entry.value)):
        raise UsageError(f"watch entry {entry.text!r} has no word to search for")


def parse_entries(texts: str | Sequence[str]) -> list[WatchEntry]:
    """The entries of `texts` as typed (one string or several), each checked; UsageError for a bad one."""
    entries = [parse_entry(t) for t in ([texts] if isinstance(texts, str) else texts)]
    for entry in entries:
        check_searchable(entry)
    return entries


def any_query(entries: Sequence[WatchEntry]) -> str:
    """One query matching the papers of any entry ("" for none)."""
    return " OR ".join(entry_query(e) for e in entries)


def highlight_terms(entries: Sequence[WatchEntry]) -> tuple[str, ...]:
    """The words of the keyword entries, for highlighting (index/highlight.py); authors are not in the text."""
    terms: dict[str, None] = {}
    for entry in entries:
        if entry.kind == "keyword":
            terms.update(dict.fromkeys(parse(entry_query(entry)).terms))
    return tuple(terms)


def expand(lib: Library, query: str) -> str:
    """`query` with every `is:watched` replaced by the entries' query; UsageError when there is none."""
    if not IS_WATCHED.search(query):
        return query
    entries = lib.watch_list()
    if not entries:
        raise UsageError("the watch list is empty: add an author or keyword with `papertui watch add`")
    return IS_WATCHED.sub(lambda _m: f"({any_query(entries)})", query)


@dataclass(frozen=True)
class WatchMatch:
    """One entry of the watch list with the papers it matches now."""

    entry: WatchEntry
    query: str
    ids: frozenset[str]


class WatchMatches:
    """Each entry's matches, read again only when the library or the watch list changed since (the app asks for
    every paper shown in the reading pane)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: object = None
        self._matches: list[WatchMatch] = []

    def get(self, lib: Library) -> list[WatchMatch]:
        key = lib.revisions()
        with self._lock:
            if key == self._key:
                return self._matches
        entries = lib.watch_list()
        matches = []
        for entry in entries:
            query = entry_query(entry)
            result = lib.search(query, limit=MATCH_LIMIT)
            matches.append(WatchMatch(entry, query, frozenset(h.id for h in result.hits)))
        with self._lock:
            self._key, self._matches = key, matches
        return matches


def entries_matching(matches: Sequence[WatchMatch], paper_id: str) -> list[WatchEntry]:
    return [m.entry for m in matches if paper_id in m.ids]


def watched_ids(matches: Sequence[WatchMatch]) -> frozenset[str]:
    return frozenset().union(*(m.ids for m in matches))


def _name_words(text: str) -> list[str]:
    return [t.word for t in words(text)]


def matched_authors(authors: Sequence[str], entry: WatchEntry) -> list[str]:
    """The names in `authors` an author entry stands for, as `author:` matches them (index/query.py): the
    entry's words side by side, in order, within one name, case and accents aside — author:hinton finds
    "Geoffrey E. Hinton", author:"Yann LeCun" finds "Yann LeCun" and not "LeCun, Yann"."""
    wanted = _name_words(entry.value)
    n = len(wanted)
    found = []
    for name in authors:
        have = _name_words(name)
        if n and any(have[i : i + n] == wanted for i in range(len(have) - n + 1)):
            found.append(name)
    return found
