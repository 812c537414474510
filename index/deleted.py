"""What a segment's deleted papers still count for in Whoosh's statistics, so searches can take it out.

An update deletes a paper's old copy and writes a new one, but Whoosh's document frequencies and field lengths
keep counting the old copy until its segment is merged away or the index rebuilt: after a few tag changes a word
of 54 papers claimed 108, which skewed BM25 and the order of prefix completions. A term's deleted copies are
counted on demand from its posting list (which the search reads anyway) against the segment's deleted set, so
opening an index with thousands of replaced papers costs nothing up front.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.index.whoosh_compat import LENGTH_OF_BYTE

_LENGTH_OF_BYTE = np.array(LENGTH_OF_BYTE, dtype=np.float64)


class DeletedCounts:
    """For the deleted papers of one segment: how many hold a term, and their total field length.

    `postings(field, term)` gives the segment's (doc numbers, weights) of a term, deleted papers included;
    `lengths(field)` the length byte of every paper of the segment.
    """

    def __init__(
        self,
        dead: frozenset[int],
        size: int,
        postings: Callable[[str, str], Any] | None = None,
        lengths: Callable[[str], Any] | None = None,
    ) -> None:
        self.dead = dead
        self._size = size
        self._postings = postings
        self._lengths = lengths
        self._mask: npt.NDArray[np.bool_] | None = None
        self._docs: dict[tuple[str, str], int] = {}
        self._total_lengths: dict[str, float] = {}

    def mask(self) -> npt.NDArray[np.bool_]:
        if self._mask is None:
            self._mask = np.zeros(self._size, dtype=bool)
            self._mask[np.fromiter(self.dead, dtype=np.intp, count=len(self.dead))] = True
        return self._mask

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """Deleted papers holding `term` in `fieldname`."""
        if not self.dead or self._postings is None:
            return 0
        key = (fieldname, term)
        found = self._docs.get(key)
        if found is None:
            postings = self._postings(fieldname, term)
            ids = np.asarray(postings[0], dtype=np.intp) if postings else np.zeros(0, dtype=np.intp)
            found = self._docs[key] = int(np.count_nonzero(self.mask()[ids]))
        return found

    def length(self, fieldname: str) -> float:
        """The deleted papers' total length in `fieldname`, as Whoosh's per-paper length bytes give it (exact
        for short fields, within a few per cent for long ones: the stored total has no per-paper split)."""
        if not self.dead or self._lengths is None:
            return 0.0
        found = self._total_lengths.get(fieldname)
        if found is None:
            lengths = np.asarray(self._lengths(fieldname), dtype=np.intp)
            dead = np.fromiter(self.dead, dtype=np.intp, count=len(self.dead))
            found = self._total_lengths[fieldname] = float(_LENGTH_OF_BYTE[lengths[dead]].sum())
        return found


NONE = DeletedCounts(frozenset(), 0)
