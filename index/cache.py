"""What searches keep between calls: per-segment arrays (field-length norms, sort keys) and recent posting lists.

Segment files never change once written, so data read from a segment is keyed by its id and stays valid while
the segment lives, even when the segment's reader is reopened because papers in it were deleted. Posting lists
are kept in a small LRU bounded by their total size: each key typed refines the previous query, so the words
typed before are read once, not once per key.
"""

from __future__ import annotations

import pickle
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.index.deleted import NONE, DeletedCounts
from papertui.index.terms import TermTable, read_tables
from papertui.index.whoosh_compat import (
    LENGTH_OF_BYTE,
    STORED,
    BytesColumn,
    field_lengths,
    read_postings,
    sort_column,
)

K1 = 1.2
B = 0.75
POSTINGS_BUDGET = 3_000_000
"""Postings kept decoded (~8 bytes each: ~24 MB), enough for the words of a few recent queries at 100k."""
STORED_BUDGET = 5_000
"""Result rows (stored fields) kept: each key typed mostly shows the rows of the key before."""
RESULTS_BUDGET = 1_000_000
"""Scored papers kept from recent words (16 bytes each in numpy arrays: ~16 MB): the words typed before the
last, and the completions of the prefix being typed."""

CHECKS_KEPT = 64
"""Sets of checks whose outcomes are remembered, a byte per paper of a segment each (~6 MB at 100k papers)."""

Postings = tuple[array, array]


class SegmentCache:
    """Shared by all searches of one PaperIndex (guarded by its lock; one search runs at a time)."""

    def __init__(self) -> None:
        self._lengths: dict[tuple[str, str], array] = {}
        self._norms: dict[tuple[str, str], tuple[float, npt.NDArray[np.float64]]] = {}
        self._columns: dict[tuple[str, str], Any] = {}
        self._tables: dict[tuple[str, str], dict[str, TermTable] | None] = {}
        self._bytes: dict[tuple[str, str], BytesColumn] = {}
        self._deleted: dict[tuple[str, str], DeletedCounts] = {}
        self._postings: OrderedDict[tuple[str, str, str], Postings | None] = OrderedDict()
        self._postings_size = 0
        self._stored: OrderedDict[tuple[str, int], dict[str, Any]] = OrderedDict()
        self._results: OrderedDict[Any, Any] = OrderedDict()
        self._results_size = 0
        self._checks: OrderedDict[tuple[str, Any], npt.NDArray[np.int8]] = OrderedDict()
        self._mutex = threading.Lock()

    def forget_except(self, segment_ids: Iterable[str]) -> None:
        """Drop what belongs to segments no longer in the index."""
        keep = set(segment_ids)
        with self._mutex:
            tables: tuple[dict[Any, Any], ...] = (
                *(self._lengths, self._norms, self._columns, self._tables, self._bytes, self._deleted),
            )
            for table in tables:
                for key in [k for k in table if k[0] not in keep]:
                    old = table.pop(key)
                    if isinstance(old, BytesColumn):
                        old.close()
            for posting_key in [k for k in self._postings if k[0] not in keep]:
                self._drop(posting_key)
            for result_key in [k for k in self._results if k[0] not in keep]:
                self._results_size -= len(self._results.pop(result_key))
            for row_key in [k for k in self._stored if k[0] not in keep]:
                del self._stored[row_key]
            for check_key in [k for k in self._checks if k[0] not in keep]:
                del self._checks[check_key]

    def clear(self) -> None:
        self.forget_except(())

    # -- per-segment arrays ---------------------------------------------------------------------------------
    def norms(self, segment: Any, fieldname: str, avg_length: float) -> npt.NDArray[np.float64]:
        """K1 * (1 - B + B * length / avg_length) for every paper of the segment: the BM25 length part."""
        key = (segment.segment().segment_id(), fieldname)
        found = self._norms.get(key)
        if found is not None and abs(found[0] - avg_length) <= 0.002 * avg_length:
            return found[1]
        by_byte = np.array([K1 * (1 - B + B * length / avg_length) if avg_length else K1 for length in LENGTH_OF_BYTE])
        lengths = self.lengths(segment, fieldname)
        norms = by_byte[np.asarray(lengths, dtype=np.intp)]
        self._norms[key] = (avg_length, norms)
        return norms

    def norms_key(self, segment: Any, fieldname: str) -> float | None:
        """The average length the segment's norms of `fieldname` were computed with (None: not yet)."""
        found = self._norms.get((segment.segment().segment_id(), fieldname))
        return None if found is None else found[0]

    def stored_fields(self, segment: Any, docnum: int) -> dict[str, Any]:
        """A paper's stored fields (what a result row shows); a segment's papers never change."""
        key = (segment.segment().segment_id(), docnum)
        with self._mutex:
            found = self._stored.get(key)
            if found is not None:
                self._stored.move_to_end(key)
                return found
        raw = self.bytes_column(segment, STORED)[docnum]  # Whoosh's stored_fields(): ~3x the time
        found = pickle.loads(raw) if raw else {}
        with self._mutex:
            self._stored[key] = found
            if len(self._stored) > STORED_BUDGET:
                self._stored.popitem(last=False)
        return found

    # -- recent results ---------------------------------------------------------------------------------------
    def result(self, key: Any) -> Any:
        with self._mutex:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
            return found

    def keep_result(self, key: Any, value: Any) -> None:
        size = len(value)
        if size > RESULTS_BUDGET // 2:
            return
        with self._mutex:
            if key in self._results:
                return
            self._results[key] = value
            self._results_size += size
            while self._results_size > RESULTS_BUDGET and self._results:
                _key, old = self._results.popitem(last=False)
                self._results_size -= len(old)

    def check_outcomes(self, segment: Any, checks: Any, size: int) -> npt.NDArray[np.int8]:
        """The remembered outcomes of `checks` (a plan's word-order and part checks) on the segment's papers, one
        byte each (0: not checked yet); filled in by the caller. The last CHECKS_KEPT sets of checks are kept."""
        key = (segment.segment().segment_id(), checks)
        with self._mutex:
            found = self._checks.get(key)
            if found is None:
                found = self._checks[key] = np.zeros(size, dtype=np.int8)
                while len(self._checks) > CHECKS_KEPT:
                    self._checks.popitem(last=False)
            else:
                self._checks.move_to_end(key)
        return found

    def column(self, segment: Any, fieldname: str) -> Any:
        key = (segment.segment().segment_id(), fieldname)
        found = self._columns.get(key)
        if found is None:
            found = self._columns[key] = sort_column(segment, fieldname)
        return found

    def bytes_column(self, segment: Any, fieldname: str) -> BytesColumn:
        key = (segment.segment().segment_id(), fieldname)
        with self._mutex:
            found = self._bytes.get(key)
            if found is None:
                found = self._bytes[key] = BytesColumn(segment, fieldname)
        return found

    def deleted(self, segment: Any) -> DeletedCounts:
        """What the segment's deleted papers count for in its term statistics (index/deleted.py)."""
        dead = frozenset(segment.segment().deleted_docs())
        if not dead:
            return NONE
        key = (segment.segment().segment_id(), "")
        found = self._deleted.get(key)
        if found is None or found.dead != dead:
            found = self._deleted[key] = DeletedCounts(
                dead,
                segment.doc_count_all(),
                lambda fieldname, text: self.postings(segment, fieldname, text),
                lambda fieldname: self.lengths(segment, fieldname),
            )
        return found

    def lengths(self, segment: Any, fieldname: str) -> array:
        """The length byte of `fieldname` for every paper of the segment (decode with LENGTH_OF_BYTE)."""
        key = (segment.segment().segment_id(), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = self._lengths[key] = field_lengths(segment, fieldname)
        return lengths

    def tables(self, segment: Any) -> dict[str, TermTable] | None:
        """The segment's saved term lists (index/terms.py), None if it has none."""
        key = (segment.segment().segment_id(), "")
        if key not in self._tables:
            self._tables[key] = read_tables(segment.segment(), segment.storage())
        return self._tables[key]

    # -- posting lists ---------------------------------------------------------------------------------------
    def postings(self, segment: Any, fieldname: str, text: str) -> Postings | None:
        key = (segment.segment().segment_id(), fieldname, text)
        with self._mutex:
            if key in self._postings:
                self._postings.move_to_end(key)
                return self._postings[key]
        found = read_postings(segment, fieldname, text)
        size = len(found[0]) if found else 1
        if size > POSTINGS_BUDGET // 4:
            return found  # too big to keep (more than a quarter of the budget)
        with self._mutex:
            if key not in self._postings:
                self._postings[key] = found
                self._postings_size += size
            while self._postings_size > POSTINGS_BUDGET and self._postings:
                self._drop(next(iter(self._postings)))
        return found

    def _drop(self, key: tuple[str, str, str]) -> None:
        value = self._postings.pop(key)
        self._postings_size -= len(value[0]) if value else 1
