"""What a segment's deleted papers still count for in Whoosh's statistics, so searches can take it out.

An update deletes a paper's old copy and writes a new one, but Whoosh's document frequencies and field lengths
keep counting the old copy until its segment is merged away or the index rebuilt: after a few tag changes a word
of 54 papers claimed 108, which skewed BM25 and the order of prefix completions. A deleted paper's words are in
its forward stream (index/analysis.py), so its share of each count is read from there, once per segment and set
of deletions (a handful of papers, usually).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from papertui.index.analysis import PART_SEPARATOR, STOP_MARK
from papertui.index.schema import TEXT_FIELD, TITLE_FIELD

_SEPARATOR = PART_SEPARATOR.encode()


@dataclass(frozen=True)
class DeletedCounts:
    """For the deleted papers of one segment: field → term → papers holding it, and field → total length."""

    docs: Counter[tuple[str, str]] = field(default_factory=Counter)
    lengths: Counter[str] = field(default_factory=Counter)

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return self.docs[(fieldname, term)]


NONE = DeletedCounts()


def deleted_counts(forward: Any, deleted: Iterable[int], found: DeletedCounts | None = None) -> DeletedCounts:
    """Counts over the deleted papers, read from `forward` (doc number → forward stream bytes), added to `found`
    when given (deletions only grow while a segment lives: each update reads only the papers it deleted)."""
    found = DeletedCounts() if found is None else found
    for doc in deleted:
        parts = [part.decode("utf-8").split() for part in forward[doc].split(_SEPARATOR)]
        words = [[w for w in part if w[0] != STOP_MARK] for part in parts]
        title = words[0] if words else []
        found.docs.update((TEXT_FIELD, w) for w in {w for part in words for w in part})
        found.docs.update((TITLE_FIELD, w) for w in set(title))
        found.lengths[TEXT_FIELD] += sum(len(part) for part in words)
        found.lengths[TITLE_FIELD] += len(title)
    return found
