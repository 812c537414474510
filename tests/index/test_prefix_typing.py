"""The word being typed stands for its most frequent completions, counted over live papers: the production
path (index/terms.py's Lexicon.frequent_and_more on the term lists the writer saves), through PaperIndex."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.prefix import TYPING_LIMIT
from papertui.model import Paper

WORDS = [f"gen{chr(97 + i)}x" for i in range(12)]
"""The i-th word is in i + 1 papers of its own: the most frequent are the last ones."""


def holders(i: int) -> list[str]:
    return [f"{WORDS[i]}-{k}" for k in range(i + 1)]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[PaperIndex]:
    docs = [
        IndexDoc(Paper(id=paper_id, key=paper_id, title=f"Study {paper_id}", abstract=f"{word} results"))
        for i, word in enumerate(WORDS)
        for paper_id in holders(i)
    ]
    built = PaperIndex(tmp_path / "index")
    built.rebuild(docs)
    yield built
    built.close()


def found(index: PaperIndex, query: str, *, typing: bool) -> set[str]:
    return {hit.id for hit in index.search(query, limit=1000, typing=typing).hits}


def test_a_typed_prefix_uses_its_most_frequent_completions(index: PaperIndex) -> None:
    assert TYPING_LIMIT == 8
    result = index.search("gen", limit=1000, typing=True)
    assert {hit.id for hit in result.hits} == {p for i in range(4, 12) for p in holders(i)}
    assert result.prefix_capped and result.notice and "8 commonest" in result.notice


def test_an_explicit_prefix_uses_every_completion(index: PaperIndex) -> None:
    result = index.search("gen*", limit=1000, typing=True)
    assert {hit.id for hit in result.hits} == {p for i in range(12) for p in holders(i)}
    assert not result.prefix_capped


def test_completions_are_ranked_by_live_papers_after_deletions(index: PaperIndex) -> None:
    # The most frequent word loses its papers: the next eight take its place, though the segment's term list
    # (written before the deletion) still counts them.
    index.update([], removed=holders(11))
    assert found(index, "gen", typing=True) == {p for i in range(3, 11) for p in holders(i)}
    # Papers added later, in a segment of their own, count too: the first word overtakes the rest.
    extra = [IndexDoc(Paper(id=f"x{k}", key=f"x{k}", title=f"Extra {k}", abstract=WORDS[0])) for k in range(20)]
    index.update(extra)
    assert {p for p in holders(0)} <= found(index, "gen", typing=True)
    assert not set(holders(3)) & found(index, "gen", typing=True)
