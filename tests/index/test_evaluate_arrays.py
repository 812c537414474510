"""The array operations under every search: top-k selection, AND/OR/NOT on per-segment papers, and warm()
(norms and the most frequent words' postings read before the first key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from papertui.index import cache, evaluate
from papertui.index.choose import best_scored
from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.evaluate import Found
from papertui.model import Paper, title_key


def _found(scores: list[float]) -> Found:
    return Found(np.arange(len(scores), dtype=np.int64) * 3, np.array(scores, dtype=np.float64))


@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25, 7.0]), max_size=300),  # few values: many ties
    st.integers(min_value=1, max_value=320),
)
def test_best_scored_equals_a_full_sort_by_score_then_paper(scores: list[float], limit: int) -> None:
    found = _found(scores)
    expected = sorted(range(len(scores)), key=lambda i: (-scores[i], found.ids[i]))[:limit]
    assert best_scored(found, limit).tolist() == expected


def test_best_scored_on_a_big_segment_keeps_every_tie_at_the_cut() -> None:
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 40, size=50_000).astype(np.float64)  # thousands of papers share each score
    found = _found(scores.tolist())
    chosen = best_scored(found, 500)
    order = np.lexsort((found.ids, -scores))[:500]
    assert chosen.tolist() == order.tolist()


def test_union_adds_scores_and_keeps_papers_of_either_part() -> None:
    a = Found(np.array([1, 4, 6]), np.array([1.0, 2.0, 3.0]))
    b = Found(np.array([4, 5]), np.array([10.0, 20.0]))
    both = evaluate._union([a, b], size=8)
    assert both.ids.tolist() == [1, 4, 5, 6]
    assert both.scores.tolist() == [1.0, 12.0, 20.0, 3.0]
    assert evaluate._union([a, evaluate.EMPTY], size=8) is a  # cached parts are returned, never changed


def test_both_and_without_narrow_the_papers() -> None:
    a = Found(np.array([1, 4, 6]), np.array([1.0, 2.0, 3.0]))
    b = Found(np.array([0, 4, 6, 7]), np.array([0.5, 0.5, 0.5, 0.5]))
    common = evaluate._both(a, b, size=8)
    assert common.ids.tolist() == [4, 6] and common.scores.tolist() == [2.5, 3.5]
    rest = evaluate._without(a, b, size=8)
    assert rest.ids.tolist() == [1] and rest.scores.tolist() == [1.0]
    assert a.ids.tolist() == [1, 4, 6]  # inputs untouched


def test_warm_reads_what_the_first_search_needs_so_it_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[tuple[str, ...]] = []

    def counting(name: str, real: Any) -> Any:
        def read(segment: Any, *args: str) -> Any:
            reads.append((name, *args))
            return real(segment, *args)

        return read

    # What the search cache reads from segment files: posting lists and field lengths (for the norms).
    monkeypatch.setattr(cache, "read_postings", counting("postings", cache.read_postings))
    monkeypatch.setattr(cache, "field_lengths", counting("lengths", cache.field_lengths))
    ix = PaperIndex(tmp_path / "index")
    ix.warm()  # no index yet: nothing to read, no error
    # More distinct words than the index's common words (the ones warm() reads): "zebras" is rare.
    fillers = [f"w{chr(97 + i % 26)}{chr(97 + i // 26)}x" for i in range(300)]
    titles = [f"Paper {i} on graphs " + " ".join(fillers[i * 15 : i * 15 + 15]) for i in range(20)]
    titles[-1] += " and zebras"  # last: never among the common words (ties go to the words seen first)
    ix.rebuild(IndexDoc(Paper(id=f"p{i}", key=title_key(t), title=t)) for i, t in enumerate(titles))
    assert reads == []
    ix.warm()
    assert {("lengths", "text"), ("lengths", "title"), ("postings", "text", "graph")} <= set(reads)
    reads.clear()
    assert [h.id for h in ix.search("graphs", limit=10).hits]  # the most common word: warmed
    assert reads == []
    assert [h.id for h in ix.search("zebras", limit=10).hits] == ["p19"]
    assert ("postings", "text", "zebra") in reads, "a word warm() did not read is read on first use"
    ix.close()
