"""Term statistics stay exact after updates: a tag, note or triage change replaces a paper's index copy, and
the deleted copy must count nowhere — not in document frequencies (BM25, the order of prefix completions) and
not in average lengths — so a search ranks as a freshly rebuilt index would, before any `papertui reindex`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import exact_corpus as corpus
import pytest
from exact_reference import Reference

from papertui.index.engine import IndexDoc, PaperIndex
from papertui.model import UserRecord

WORDS = ("diffusion", "model", "zero", "attention", "shot", "competing", "control", "robot")
Indexes = tuple[PaperIndex, PaperIndex, list[IndexDoc]]
"""(updated several times, rebuilt from the same papers, those papers)."""
QUERIES = (
    *("diffusion", "model zero", "co*", '"zero shot"', "attention OR graph", "abstract:robot", "title:control"),
    *("kato", "ka*", "kato OR robot"),  # names: scored with the authors field's lengths
)


def _retagged(docs: list[IndexDoc], round_: int) -> list[IndexDoc]:
    """The first 80 papers with new tags, a note and a triage state (the words of the note change too)."""
    out = []
    for doc in docs[:80]:
        user = doc.user or UserRecord(doc.paper.id)
        note = "zero shot diffusion" if round_ % 2 else "attention control"
        out.append(IndexDoc(doc.paper, replace(user, tags=(f"round{round_}", "diffusion"), note=note, triage="kept")))
    return out


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Indexes]:
    folder: Path = tmp_path_factory.mktemp("stats")
    docs = corpus.library()
    updated = PaperIndex(folder / "updated")
    updated.rebuild(docs)
    for round_ in range(5):
        changed = _retagged(docs, round_)
        updated.update(changed)
        docs = changed + docs[80:]
    rebuilt = PaperIndex(folder / "rebuilt")
    rebuilt.rebuild(docs)
    yield updated, rebuilt, docs
    updated.close()
    rebuilt.close()


@pytest.mark.parametrize("word", WORDS)
def test_doc_frequency_counts_live_papers_only(
    indexes: tuple[PaperIndex, PaperIndex, list[IndexDoc]], word: str
) -> None:
    updated, rebuilt, docs = indexes
    live = len(Reference(docs).matches(word))
    assert updated.doc_frequency(word) == rebuilt.doc_frequency(word) == live


@pytest.mark.parametrize("query", QUERIES)
def test_an_updated_index_ranks_as_a_rebuilt_one(indexes: Indexes, query: str) -> None:
    updated, rebuilt, _docs = indexes
    got = {hit.id: hit.score for hit in updated.search(query, limit=1000).hits}
    want = {hit.id: hit.score for hit in rebuilt.search(query, limit=1000).hits}
    assert got.keys() == want.keys()
    # Scores agree to the precision of Whoosh's one-byte field lengths (the deleted papers' share of the average
    # length is read from them), so papers whose scores differ by more than that rank the same way.
    assert got == pytest.approx(want, rel=0.005)
    ranked = sorted(want, key=want.__getitem__, reverse=True)
    for better, worse in pairwise(ranked):
        if want[better] > want[worse] * 1.01:
            assert got[better] > got[worse], (better, worse)


def test_doc_frequency_stays_exact_from_one_update_to_the_next(tmp_path: Path) -> None:
    docs = corpus.library()
    index = PaperIndex(tmp_path / "index")
    index.rebuild(docs)
    try:
        for round_ in range(4):
            changed = _retagged(docs, round_)[round_ * 10 :]  # fewer papers each time: deletions grow unevenly
            index.update(changed)
            docs = [*docs[: round_ * 10], *changed, *docs[80:]]
            reference = Reference(docs)
            for word in ("diffusion", "attention", "control"):  # the notes' words change every round
                assert index.doc_frequency(word) == len(reference.matches(word)), (round_, word)
            assert index.search("diffusion", limit=1).total == len(reference.matches("diffusion"))
    finally:
        index.close()
