"""Each segment's word weights as flat arrays, for "more like this" and tag suggestions (index/related.py).

Ranking a whole library against one paper or one tag reads the posting lists of a hundred to a few thousand
words. Through Whoosh's readers that cost 55-140 ms per paper at 100k papers; as numpy slices it costs a few.
The writer (index/writer.py) has the `text` field's postings in hand at flush, in term order, so it saves them
beside the segment (MAIN_<id>.pvc, deleted by Whoosh with the segment, like the .ptl term lists):

    header   b"PVC2", papers (uint32), postings (uint64)
    ids      uint32 × postings    the papers of each term, term after term in the .ptl term order
    norms    float32 × papers      each paper's Euclidean length of its `text` weights
    weights  float16 × postings    each posting's weight (title words weigh TITLE_BOOST) over its paper's norm

Which term a posting belongs to follows from the segment's term list (.ptl, index/terms.py): its document
frequencies are the run lengths. A segment without the file (written by another writer, or an older papertui)
is read once through whoosh_compat.all_postings into the same arrays, in memory: slower, same results.
"""

from __future__ import annotations

import mmap
import struct
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.index.schema import TEXT_FIELD
from papertui.index.terms import TermTable
from papertui.index.whoosh_compat import all_postings

VECTORS_EXT = ".pvc"
_MAGIC = b"PVC2"
_HEADER = struct.Struct("<4sIQ")


class SegmentVectors:
    """One segment's `text` postings: term i's papers are ids[starts[i]:starts[i + 1]], with their unit weights
    (the posting's weight over the paper's norm). Immutable; what is derived from it is computed once."""

    def __init__(
        self,
        terms: list[str],
        starts: npt.NDArray[np.int64],
        ids: npt.NDArray[np.uint32],
        weights: npt.NDArray[np.float16],
        norms: npt.NDArray[np.float32],
        keep: Any = None,
    ) -> None:
        self.terms = terms
        self.starts = starts
        self.ids = ids
        self.weights = weights
        self.norms = norms
        self.keep = keep
        """What the arrays are views of (an mmap), kept alive with them."""
        self._places: dict[str, int] | None = None
        self._sums: npt.NDArray[np.float64] | None = None

    def index(self, term: str) -> int:
        """The term's place in `terms`; -1 when the segment does not hold it."""
        at = bisect_left(self.terms, term)
        return at if at < len(self.terms) and self.terms[at] == term else -1

    def places(self, words: Sequence[str]) -> npt.NDArray[np.intp]:
        """index() of many words at once (-1 where absent)."""
        if self._places is None:
            self._places = {term: at for at, term in enumerate(self.terms)}
        get = self._places.get
        return np.fromiter((get(w, -1) for w in words), dtype=np.intp, count=len(words))

    def slice(self, term: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.float16]] | None:
        at = self.index(term)
        if at < 0:
            return None
        start, end = int(self.starts[at]), int(self.starts[at + 1])
        return self.ids[start:end], self.weights[start:end]

    def terms_at(self, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """The term each posting position belongs to."""
        return np.searchsorted(self.starts, positions, side="right") - 1

    def doc_terms(self, docnum: int) -> dict[str, float]:
        """A paper's words and unit weights, found by scanning the segment's postings (a few ms at 100k)."""
        where = np.flatnonzero(self.ids == docnum)
        return {self.terms[int(t)]: float(w) for t, w in zip(self.terms_at(where), self.weights[where], strict=True)}

    def unit_sums(self) -> npt.NDArray[np.float64]:
        """Per term, the sum of its unit weights over all the segment's papers (deleted ones included)."""
        if self._sums is None:
            if len(self.weights):
                self._sums = np.add.reduceat(self.weights.astype(np.float64), self.starts[:-1])
            else:
                self._sums = np.zeros(0)
        return self._sums

    def spread(self, per_term: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """A per-term value repeated for each of the term's postings."""
        return np.repeat(per_term, np.diff(self.starts))


CHUNK = 1 << 20
"""Postings converted at a time while writing: the whole segment at once cost ~400 MB more at 100k papers."""

_Chunk = tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]


def _chunks(postings: Sequence[tuple[array, array]]) -> Iterator[_Chunk]:
    """The posting lists, concatenated CHUNK postings or so at a time."""
    ids: list[array] = []
    weights: list[array] = []
    size = 0
    for docs, values in postings:
        ids.append(docs)
        weights.append(values)
        size += len(docs)
        if size >= CHUNK:
            yield _joined(ids, weights)
            ids, weights, size = [], [], 0
    if size:
        yield _joined(ids, weights)


def _joined(ids: list[array], weights: list[array]) -> _Chunk:
    return (
        np.concatenate([np.frombuffer(i, dtype=np.uint32) for i in ids]),
        np.concatenate([np.frombuffer(w, dtype=np.float32) for w in weights]).astype(np.float64),
    )


def _norms(chunks: Iterable[_Chunk], doc_count: int) -> npt.NDArray[np.float64]:
    squares = np.zeros(doc_count)
    for ids, weights in chunks:
        squares += np.bincount(ids, weights=np.square(weights), minlength=doc_count)[:doc_count]
    return np.sqrt(squares)


def _unit(ids: npt.NDArray[np.uint32], weights: npt.NDArray[np.float64], norms: npt.NDArray[np.float64]) -> bytes:
    by_norm = norms[ids]
    return np.divide(weights, by_norm, out=np.zeros(len(ids)), where=by_norm > 0).astype("<f2").tobytes()


def encode(doc_count: int, postings: Sequence[tuple[array, array]]) -> Iterator[bytes]:
    """The file's parts, in order, written as they are made: header, ids, norms, unit weights."""
    norms = _norms(_chunks(postings), doc_count)
    yield _HEADER.pack(_MAGIC, doc_count, sum(len(docs) for docs, _w in postings))
    for ids, _weights in _chunks(postings):
        yield ids.astype("<u4").tobytes()
    yield norms.astype("<f4").tobytes()
    for ids, weights in _chunks(postings):
        yield _unit(ids, weights, norms)


def write_vectors(segment: Any, storage: Any, doc_count: int, postings: Sequence[tuple[array, array]]) -> None:
    """Save the `text` field's posting lists, given in the segment's term order."""
    out = segment.create_file(storage, VECTORS_EXT)
    try:
        for part in encode(doc_count, postings):
            out.write(part)
    finally:
        out.close()


def _from_buffer(buffer: Any, table: TermTable, keep: Any) -> SegmentVectors | None:
    """None when the file does not fit the segment's term list (then the postings are read instead)."""
    if len(buffer) < _HEADER.size:
        return None
    magic, papers, postings = _HEADER.unpack_from(buffer, 0)
    terms, dfs = table
    if magic != _MAGIC or postings != sum(dfs) or len(buffer) != _HEADER.size + 6 * postings + 4 * papers:
        return None
    at = _HEADER.size
    ids = np.frombuffer(buffer, dtype="<u4", count=postings, offset=at)
    at += 4 * postings
    norms = np.frombuffer(buffer, dtype="<f4", count=papers, offset=at)
    at += 4 * papers
    weights = np.frombuffer(buffer, dtype="<f2", count=postings, offset=at)
    if postings and int(ids.max()) >= papers:
        return None  # not this segment's papers (a damaged file): read the postings instead
    starts = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.frombuffer(dfs, dtype=np.uint32), out=starts[1:])
    return SegmentVectors(terms, starts, ids, weights, norms, keep)


def read_saved(segment: Any, storage: Any, table: TermTable | None) -> SegmentVectors | None:
    name = segment.make_filename(VECTORS_EXT)
    if table is None or not storage.file_exists(name):
        return None
    handle = storage.open_file(name)
    try:
        fileno = getattr(handle, "fileno", None)
        if callable(fileno):
            mapped = mmap.mmap(fileno(), 0, access=mmap.ACCESS_READ)
            return _from_buffer(memoryview(mapped), table, mapped)
        return _from_buffer(handle.read(), table, None)
    finally:
        handle.close()


def read_postings_of(reader: Any) -> SegmentVectors:
    """The same arrays built from the segment's postings through Whoosh (a segment without a .pvc file)."""
    found: dict[str, tuple[array, array]] = {}
    for fieldname, text, (docs, values) in all_postings(reader):
        if fieldname == TEXT_FIELD and docs:
            found[text] = (docs, array("f", values))
    terms = sorted(found)
    postings = [found[t] for t in terms]
    vectors = _from_buffer(b"".join(encode(reader.doc_count_all(), postings)), (terms, _dfs(postings)), None)
    assert vectors is not None  # built to fit
    return vectors


def _dfs(postings: Sequence[tuple[array, array]]) -> array:
    return array("I", (len(docs) for docs, _w in postings))


class VectorCache:
    """Loaded segments by segment id (segment files never change once written)."""

    def __init__(self) -> None:
        self._segments: dict[str, SegmentVectors] = {}
        self._mutex = threading.Lock()

    def of(self, leaf: Any, table: TermTable | None) -> SegmentVectors:
        key = leaf.segment().segment_id()
        with self._mutex:
            found = self._segments.get(key)
        if found is None:
            found = read_saved(leaf.segment(), leaf.storage(), table) or read_postings_of(leaf)
            with self._mutex:
                self._segments[key] = found
        return found

    def forget_except(self, segment_ids: Iterable[str]) -> None:
        keep = set(segment_ids)
        with self._mutex:
            for key in [k for k in self._segments if k not in keep]:
                del self._segments[key]  # an mmap closes when its last array goes
