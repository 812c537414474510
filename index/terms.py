"""Each segment's term list (every term of every field with its document frequency), for prefix expansion.

Expanding a typed prefix walked Whoosh's term table entry by entry (a TermInfo decoded per term, ~5 µs): a
3-letter prefix shared by thousands of words cost 50-250 ms per key. The writer (index/writer.py) already has
each field's sorted terms and their counts in hand, so it saves them beside the segment (MAIN_<id>.ptl, deleted
by Whoosh with the segment); a search loads the list once per segment and finds a prefix's terms by bisection.
"""

from __future__ import annotations

import heapq
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from papertui.index.whoosh_compat import segment_leaves

TABLE_EXT = ".ptl"
_END = "\U0010ffff"

TermTable = tuple[list[str], array]
"""Sorted terms and, at the same index, their document frequencies."""


COMMON_KEY = ""
"""The blob's entry for the index's common words (no field has an empty name)."""


def write_tables(segment: Any, storage: Any, tables: dict[str, TermTable], common: frozenset[str]) -> None:
    blob: dict[str, Any] = {name: ("\n".join(terms), dfs.tobytes()) for name, (terms, dfs) in tables.items()}
    blob[COMMON_KEY] = sorted(common)
    out = segment.create_file(storage, TABLE_EXT)
    try:
        out.write(pickle.dumps(blob, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        out.close()


def read_tables(segment: Any, storage: Any) -> dict[str, TermTable] | None:
    """The term lists saved with a segment; None when it has none (written by another writer)."""
    name = segment.make_filename(TABLE_EXT)
    if not storage.file_exists(name):
        return None
    raw = storage.open_file(name)
    try:
        blob = pickle.loads(raw.read())
    finally:
        raw.close()
    tables: dict[str, Any] = {COMMON_KEY: frozenset(blob.pop(COMMON_KEY, ()))}
    for field, (joined, dfs_bytes) in blob.items():
        dfs = array("I")
        dfs.frombytes(dfs_bytes)
        tables[field] = (joined.split("\n") if joined else [], dfs)
    return tables


def in_range(table: TermTable, prefix: str) -> Iterable[tuple[str, int]]:
    terms, dfs = table
    low = bisect_left(terms, prefix)
    high = bisect_left(terms, prefix + _END, low)
    return zip(terms[low:high], dfs[low:high], strict=True)


def holds(table: TermTable, term: str) -> bool:
    terms = table[0]
    at = bisect_left(terms, term)
    return at < len(terms) and terms[at] == term


class Lexicon:
    """The terms of the whole index (all segments), for query compilation: membership, document frequency
    and the terms under a prefix. Segments without a saved list are read through Whoosh. With `deleted` (a
    segment reader → index/deleted.py DeletedCounts), frequencies leave deleted papers out, as a rebuilt index
    would."""

    def __init__(self, reader: Any, tables: Any, deleted: Any = None) -> None:
        self.reader = reader
        self._leaves = [(leaf, tables(leaf)) for leaf, _offset in segment_leaves(reader)]
        self._deleted = [deleted(leaf) if deleted is not None else None for leaf, _table in self._leaves]

    def doc_count(self) -> int:
        return int(self.reader.doc_count())

    def common_words(self) -> frozenset[str]:
        """The words whose adjacent pairs every segment indexed (empty if a segment has no saved list)."""
        found: frozenset[str] | None = None
        for _leaf, table in self._leaves:
            words = table.get(COMMON_KEY, frozenset()) if table is not None else frozenset()
            found = words if found is None else found & words
        return found or frozenset()

    def __contains__(self, key: tuple[str, str]) -> bool:
        return self.doc_frequency(*key) > 0

    def doc_frequency(self, field: str, term: str) -> int:
        total = 0
        for (leaf, table), dead in zip(self._leaves, self._deleted, strict=True):
            if table is None:
                df = leaf.doc_frequency(field, term) if (field, term) in leaf else 0
            elif field in table and field != COMMON_KEY:
                terms, dfs = table[field]
                at = bisect_left(terms, term)
                df = dfs[at] if at < len(terms) and terms[at] == term else 0
            else:
                df = 0
            if df and dead is not None:
                df -= dead.doc_frequency(field, term)
            total += df
        return total

    def _raw(self, field: str, prefix: str) -> list[tuple[Any, dict[str, int]]]:
        """Per segment: its deleted counts and its terms of `field` under `prefix` with Whoosh's frequencies."""
        found = []
        for (leaf, table), dead in zip(self._leaves, self._deleted, strict=True):
            if table is None:
                entries: Iterable[tuple[Any, int]] = (
                    (text, info.doc_frequency()) for text, info in leaf.iter_prefix(field, prefix)
                )
            elif field in table and field != COMMON_KEY:
                entries = in_range(table[field], prefix)
            else:
                continue
            terms = {(t.decode("utf-8") if isinstance(t, bytes) else t): df for t, df in entries}
            found.append((dead, terms))
        return found

    @staticmethod
    def _live(per_segment: list[tuple[Any, dict[str, int]]], field: str, term: str) -> int:
        total = 0
        for dead, terms in per_segment:
            df = terms.get(term, 0)
            if df and dead is not None:
                df -= dead.doc_frequency(field, term)
            total += df
        return total

    def completions(self, field: str, prefix: str) -> dict[str, int]:
        """Every term of `field` starting with `prefix` that a live paper holds, with its document frequency."""
        if not prefix:
            return {}
        per_segment = self._raw(field, prefix)
        every = dict.fromkeys(term for _dead, terms in per_segment for term in terms)
        counts = {term: self._live(per_segment, field, term) for term in every}
        return {term: df for term, df in counts.items() if df > 0}

    def frequent(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to `limit` terms of `field` starting with `prefix`, most live papers first."""
        return self.frequent_and_more(field, prefix, limit)[0]

    def frequent_and_more(self, field: str, prefix: str, limit: int) -> tuple[list[str], bool]:
        """frequent(), and whether more live terms start with `prefix` than those returned.

        Terms are taken in order of Whoosh's counts (deleted copies included: an upper bound) and counted
        exactly only until no further term can beat the limit-th best: a typed prefix of thousands of words
        needs a few exact counts, not thousands."""
        if not prefix or limit < 1:
            return [], False
        per_segment = self._raw(field, prefix)
        raw: dict[str, int] = {}
        for _dead, terms in per_segment:
            for term, df in terms.items():
                raw[term] = raw.get(term, 0) + df
        order = sorted(raw, key=lambda t: -raw[t])
        best: list[tuple[int, str]] = []  # a min-heap of (live count, term): the best `limit` so far
        more = False  # a live term was left out
        for at, term in enumerate(order):
            if len(best) == limit and raw[term] <= best[0][0]:  # this one and the rest cannot do better
                more = more or any(self._live(per_segment, field, t) > 0 for t in order[at:])
                break
            live = self._live(per_segment, field, term)
            if live <= 0:
                continue
            if len(best) < limit:
                heapq.heappush(best, (live, term))
            else:
                heapq.heappushpop(best, (live, term))
                more = True
        return [term for _live, term in sorted(best, key=lambda entry: -entry[0])], more
