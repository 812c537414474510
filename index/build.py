"""A fresh index written in one pass: every paper through the fast writer (index/writer.py), into one segment."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from papertui.index import folder as disk
from papertui.index.records import IndexDoc
from papertui.index.schema import TEXT_FIELD, to_fields
from papertui.index.writer import FastSegmentWriter

WRITER_OPTIONS: dict[str, Any] = {"compound": False}
"""Measured at 100k papers: compound segments made a searcher take 421 MB instead of 26 MB, and a one-tag
update 94 ms instead of 4.9 ms."""
PROGRESS_EVERY = 250
COMMON_WORDS = 100
"""Adjacent pairs of the most widespread words are indexed as terms (schema.PAIR_FIELD): at 100k papers a
phrase of two such words took ~60-200 ms to check word by word, and costs one lookup this way."""
COMMON_SAMPLE = 2000
"""A rebuild picks the common words from its first papers (the index is written in one pass)."""


def build_index(built: Path, docs: Iterable[IndexDoc], total: int, progress: Callable[[int, int], None] | None) -> int:
    """Write every paper (the first of a repeated id) into a new index in `built`; returns how many."""
    ix = disk.create_index(built)
    # The build makes millions of objects that live until it ends; Python's cyclic collector would walk
    # them again and again (~8 % of a build). Nothing the build makes is cyclic garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        writer = FastSegmentWriter(ix, **WRITER_OPTIONS)
        seen: set[str] = set()
        try:
            fields = (to_fields(doc.paper, doc.user) for doc in _first_of_each(docs, seen))
            sample = list(islice(fields, COMMON_SAMPLE))
            writer.common = common_words(sample)
            for count, doc in enumerate(chain(sample, fields), start=1):
                writer.add_paper(doc)
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count, max(total, count))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
    finally:
        if collecting:
            gc.enable()
        ix.close()
    return len(seen)


def _first_of_each(docs: Iterable[IndexDoc], seen: set[str]) -> Iterator[IndexDoc]:
    """Each paper once: catalog ids are unique, so a repeated id is a duplicate row."""
    for doc in docs:
        if doc.paper.id not in seen:
            seen.add(doc.paper.id)
            yield doc


def common_words(sample: list[dict[str, Any]]) -> frozenset[str]:
    """The COMMON_WORDS words found in most papers of the sample (the first papers of a rebuild)."""
    counts: Counter[str] = Counter()
    for doc in sample:
        counts.update(doc[TEXT_FIELD].weights.keys())
    return frozenset(word for word, _n in counts.most_common(COMMON_WORDS))
