"""The merge rules hold for any sequence of imports: one record per arXiv id, nothing shortened or lost, and
the same library whether papers arrive in one import or one at a time."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.model import Paper, ParsedPaper
from papertui.store.catalog import Catalog

TITLES = ("Lantern Attention", "lantern attention!", "Tidal Diffusion")
BASE = "We introduce a mechanism that lights up the few tokens a query needs, on one accelerator"
ABSTRACTS = ("", BASE[:40], BASE, "Bats avoid lanterns in caves, and we count how often they do so at night")
IDS = (None, "2401.00001", "2401.00002", "cs/9912001")

papers = st.builds(
    ParsedPaper,
    title=st.sampled_from(TITLES),
    abstract=st.sampled_from(ABSTRACTS),
    authors=st.lists(st.sampled_from(("Ada Lovelace", "Lovelace, Ada", "Grace Hopper")), max_size=3).map(tuple),
    arxiv_id=st.sampled_from(IDS),
    categories=st.lists(st.sampled_from(("cs.CL", "cs.LG")), max_size=2, unique=True).map(tuple),
    upvotes=st.none() | st.integers(0, 5),
    reader=st.sampled_from(("hf-page", "hf-json", "bibtex")),
)


def merged(imports: list[list[ParsedPaper]]) -> list[Paper]:
    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog(Path(tmp) / "c.sqlite3")
        for i, batch in enumerate(imports):
            cat.merge(batch, f"import {i}")
        out = sorted(cat.get_many(cat.ids()).values(), key=lambda p: p.id)
        cat.close()
    return out


def content(p: Paper) -> tuple:
    return (p.id, p.key, p.title, p.abstract, p.authors, p.arxiv_id, p.categories, p.upvotes, p.sources)


@settings(max_examples=100, deadline=None)
@given(st.lists(papers, min_size=1, max_size=8))
def test_any_imports_keep_one_record_per_id_and_lose_nothing(sequence: list[ParsedPaper]) -> None:
    records = merged([[p] for p in sequence])
    ids = [r.arxiv_id for r in records if r.arxiv_id]
    assert len(ids) == len(set(ids))  # one record per arXiv id
    assert {p.arxiv_id for p in sequence if p.arxiv_id} == set(ids)  # every id is on some record
    for p in sequence:
        # Each paper went into some record that holds at least what it brought.
        assert any(r.key.split(" ~")[0] == p.key or (p.arxiv_id and r.arxiv_id == p.arxiv_id) for r in records), p
    for r in records:
        assert r.sources and len(r.sources) == len(set(r.sources))
        assert len(r.categories) == len(set(r.categories))
    longest = {}
    for p in sequence:
        if p.arxiv_id:
            longest[p.arxiv_id] = max(longest.get(p.arxiv_id, 0), len(p.abstract))
    for r in records:
        if r.arxiv_id:
            assert len(r.abstract) >= longest[r.arxiv_id]  # never shortened


@settings(max_examples=100, deadline=None)
@given(st.lists(papers, min_size=1, max_size=8))
def test_one_import_gives_the_same_library_as_one_paper_at_a_time(sequence: list[ParsedPaper]) -> None:
    at_once = merged([sequence])
    one_by_one = merged([[p] for p in sequence])
    assert [content(p) for p in at_once] == [content(p) for p in one_by_one]
