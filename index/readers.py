"""The long-lived searcher: opened once, then refreshed after each commit, reusing the readers of the
segments that did not change.

Whoosh3 3.54's own `Searcher.refresh()` cannot be used: it adds the readers of merged-away segments back
into the new reader, and it reuses a segment's reader after documents of that segment were deleted (the
deletion list lives in the old segment object). Seen here: after an update, the old version of the paper
was still found beside the new one. This module rebuilds the reader list from the current TOC instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.fields import Schema
from whoosh.index import TOC, FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

_SegmentKey = tuple[str, frozenset[int]]


@dataclass(frozen=True)
class LiveSearcher:
    """A searcher and the index generation (commit number) it shows."""

    searcher: Searcher
    generation: int

    def stale(self, ix: FileIndex) -> bool:
        return ix.latest_generation() != self.generation

    def close(self) -> None:
        self.searcher.close()


def _key(reader: IndexReader) -> _SegmentKey | None:
    segment = reader.segment()
    return None if segment is None else (segment.segment_id(), frozenset(segment.deleted_docs()))


def refreshed(ix: FileIndex, schema: Schema, live: LiveSearcher | None = None) -> LiveSearcher:
    """A searcher on the latest commit. Readers of `live` whose segment is unchanged (same id, same
    deletions) are reused and the others closed; `live` must not be used afterwards. With `live` None this
    simply opens a searcher."""
    toc = TOC.read(ix.storage, ix.indexname, schema=schema)
    old: dict[_SegmentKey, IndexReader] = {}
    if live is not None:
        for leaf, _offset in live.searcher.reader().leaf_readers():
            if (key := _key(leaf)) is not None:
                old[key] = leaf
    readers: list[IndexReader] = []
    opened: list[IndexReader] = []
    try:
        for segment in toc.segments:
            reader = old.pop((segment.segment_id(), frozenset(segment.deleted_docs())), None)
            if reader is None:
                reader = SegmentReader(ix.storage, schema, segment, generation=toc.generation)
                opened.append(reader)
            readers.append(reader)
    except BaseException:
        for reader in opened:  # `live` still owns (and keeps using) everything else
            reader.close()
        raise
    for unused in old.values():
        unused.close()
    if not readers:
        top: IndexReader = EmptyReader(schema)
    elif len(readers) == 1:
        top = readers[0]
    else:
        top = MultiReader(readers, generation=toc.generation)
    return LiveSearcher(Searcher(top, fromindex=ix), toc.generation)


def live_docs(reader: Any, paper_id: str) -> list[int]:
    """The document numbers of a paper's live copy (one, or none; a repeated id would be a bug elsewhere)."""
    if ("id", paper_id) not in reader:
        return []
    return [doc for doc in reader.postings("id", paper_id).all_ids() if not reader.is_deleted(doc)]
