"""index/whoosh_compat.py: the whoosh3 internals the fast search reads are checked at import, and the public
path behind them (use_fallback) finds and ranks exactly as the fast one."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from papertui import health
from papertui.index import whoosh_compat
from papertui.index.engine import IndexDoc, PaperIndex
from papertui.model import Paper, UserRecord, title_key

WORDS = "graph neural model diffusion sparse attention robot vision zebra tübingen lantern reward policy".split()
QUERIES = [
    "graph",
    "graph neural",
    "diffusion OR robot",
    "attention NOT sparse",
    "gra*",
    "t*",
    '"neural model"',
    "title:vision",
    "abstract:zebra",
    "tag:reading",
    "tag:reading lantern",
    "is:unseen robot",
]


@pytest.fixture
def public_path() -> Iterator[None]:
    whoosh_compat.use_fallback()
    try:
        yield
    finally:
        whoosh_compat.use_fallback(False)


def papers(n: int, rng: random.Random) -> list[IndexDoc]:
    docs = []
    for number in range(n):
        title = " ".join(rng.choices(WORDS, k=rng.randint(2, 6))) + f" {number}"
        paper = Paper(
            id=f"p{number:03d}",
            key=title_key(title),
            title=title,
            abstract=" ".join(rng.choices(WORDS, k=rng.randint(3, 60))),
            date=f"2024-01-{1 + number % 28:02d}",
        )
        user = UserRecord(paper.id, tags=("reading",), triage="kept") if number % 4 == 0 else None
        docs.append(IndexDoc(paper, user))
    return docs


def build(folder: Path) -> None:
    """A rebuild, then updates that replace and delete papers: several segments, deleted papers in them."""
    rng = random.Random(3)
    docs = papers(150, rng)
    index = PaperIndex(folder)
    index.rebuild(docs)
    for round_ in range(3):
        changed = [IndexDoc(d.paper, UserRecord(d.paper.id, tags=("urgent",))) for d in rng.sample(docs, 12)]
        gone = [d.paper.id for d in rng.sample(docs, 3)] if round_ else []
        index.update(changed, removed=gone)
    index.close()


def results(folder: Path) -> dict[str, list[tuple[str, float]]]:
    index = PaperIndex(folder)  # a new index object: no caches from the other path
    try:
        out = {}
        for query in QUERIES:
            for sort in ("relevance", "newest"):
                found = index.search(query, limit=1000, sort=sort)
                out[f"{query} / {sort}"] = [(hit.id, round(hit.score, 6)) for hit in found.hits]
        return out
    finally:
        index.close()


def test_the_installed_whoosh3_passes_the_check() -> None:
    assert whoosh_compat.probe() == ""  # FAST unless PAPERTUI_WHOOSH_PUBLIC asks for the public path


def test_the_public_path_finds_and_ranks_as_the_fast_path(tmp_path: Path, public_path: None) -> None:
    folder = tmp_path / "index"
    whoosh_compat.use_fallback(False)
    build(folder)  # written (merges included) on the fast path
    fast = results(folder)
    whoosh_compat.use_fallback()
    assert not whoosh_compat.FAST
    public = results(folder)
    assert public == fast
    assert any(len(hits) > 5 for hits in fast.values()), "the queries find papers"


def test_an_index_written_on_the_public_path_searches_the_same(tmp_path: Path, public_path: None) -> None:
    build(tmp_path / "public")  # merges read the old segments through Whoosh's matchers
    whoosh_compat.use_fallback(False)
    build(tmp_path / "fast")
    assert results(tmp_path / "public") == results(tmp_path / "fast")


class Hiding:
    """A SegmentReader that lacks some attributes, as a whoosh3 that renamed them would."""

    def __init__(self, inner: Any, *hidden: str) -> None:
        self._inner = inner
        self._hidden = hidden

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            raise AttributeError(name)
        return getattr(self._inner, name)


@pytest.mark.parametrize("hidden", ["_terms", "_perdoc"])
def test_the_check_fails_when_an_internal_is_missing(hidden: str) -> None:
    reader = whoosh_compat.probe_index().reader()
    try:
        [(segment, _offset)] = whoosh_compat.segment_leaves(reader)
        assert whoosh_compat.check(Hiding(segment)) == ""
        reason = whoosh_compat.check(Hiding(segment, hidden))
    finally:
        reader.close()
    assert hidden in reason and "internals changed" in reason


def test_the_check_fails_when_postings_read_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    # A block layout read wrongly (here: every weight off) must not pass as agreeing with Whoosh's matcher.
    right = whoosh_compat._fast_postings

    def off_by_one(*args: Any) -> Any:
        ids, weights = right(*args)
        return ids, type(weights)("f", [w + 1 for w in weights])

    monkeypatch.setattr(whoosh_compat, "_fast_postings", off_by_one)
    assert "posting blocks" in whoosh_compat.probe()


def test_doctor_warns_only_when_the_fast_path_is_off(public_path: None) -> None:
    [finding] = health.whoosh_findings()
    assert finding.area == "index" and finding.message.startswith("warning: the fast search path is off")
    assert not finding.is_problem  # searches still work: a warning, not a failure
    whoosh_compat.use_fallback(False)
    assert health.whoosh_findings() == []
