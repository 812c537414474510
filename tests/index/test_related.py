"""More like this and tag suggestions (index/related.py) against the brute-force reference, through updates,
deletions, several segments and segments without saved vectors."""

from __future__ import annotations

import random
from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from related_reference import similar_scores, suggest_scores

from papertui.errors import PapertuiError
from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.related import SUGGEST_LIBRARY, SUGGEST_SKIPPED
from papertui.index.terms import TABLE_EXT
from papertui.index.vectors import VECTORS_EXT
from papertui.model import Paper, UserRecord, title_key

TOPICS = {
    "vision": "image pixel convolution segmentation detection camera depth object scene",
    "speech": "audio speech acoustic phoneme speaker waveform spectrogram recognition voice",
    "graphs": "graph node edge molecule message passing neighbourhood spectral vertex",
}
COMMON = "model learning method results data training performance propose approach show"


def _corpus(per_topic: int = 12, seed: int = 3) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for topic, vocab in TOPICS.items():
        words = vocab.split()
        for i in range(per_topic):
            title = " ".join(rng.sample(words, 3)).title()
            abstract = " ".join(rng.choices(words, k=rng.randint(5, 12)) + rng.choices(COMMON.split(), k=8))
            pid = f"{topic}{i:02d}"
            docs.append(IndexDoc(Paper(id=pid, key=title_key(pid + title), title=title, abstract=abstract)))
    return docs


def _index(tmp_path: Path, docs: list[IndexDoc]) -> PaperIndex:
    index = PaperIndex(tmp_path / "index")
    index.rebuild(docs)
    return index


def _same_ranking(got, expected: dict[str, float], limit: int) -> None:
    """Scores agree to the weights' float16 precision; the order agrees except among near-ties."""
    assert got.total == len(expected)
    best = sorted(expected.items(), key=lambda kv: -kv[1])[:limit]
    assert len(got.hits) == len(best)
    for hit in got.hits:
        assert hit.score == pytest.approx(expected[hit.id], rel=2e-3, abs=1e-4)
    cutoff = best[-1][1]
    must = {pid for pid, score in best if score > cutoff * (1 + 1e-2) + 1e-4}
    assert must <= {h.id for h in got.hits}


def test_similar_papers_share_the_topic_and_the_paper_is_never_its_own(tmp_path: Path) -> None:
    docs = _corpus()
    index = _index(tmp_path, docs)
    for doc in docs[::5]:
        got = index.similar(doc.paper.id, 5)
        assert doc.paper.id not in [h.id for h in got.hits]
        assert all(h.id[:-2] == doc.paper.id[:-2] for h in got.hits), (doc.paper.id, [h.id for h in got.hits])
        _same_ranking(got, similar_scores(docs, doc.paper.id), 5)


def test_updates_removals_and_several_segments_match_the_reference(tmp_path: Path) -> None:
    docs = _corpus()
    index = _index(tmp_path, docs[:20])
    for start in range(20, len(docs), 4):  # later imports land in segments of their own
        index.update(docs[start : start + 4])
    # A tag change re-adds a paper (its old copy is deleted), a removal deletes one.
    changed = IndexDoc(docs[3].paper, UserRecord(docs[3].paper.id, tags=("segmentation",)))
    index.update([changed], removed=[docs[7].paper.id])
    live = [changed if d.paper.id == changed.paper.id else d for d in docs if d.paper.id != docs[7].paper.id]
    for pid in ("vision03", "vision05", "speech02", "graphs11"):
        got = index.similar(pid, 8)
        assert "vision07" not in [h.id for h in got.hits]
        _same_ranking(got, similar_scores(live, pid), 8)
    with pytest.raises(PapertuiError, match="not in the search index"):
        index.similar("vision07")


@pytest.mark.parametrize("within", ["passing", '"message passing"', "-molecule", "tag:segmentation OR graph", "zzz"])
def test_a_query_within_keeps_the_ranked_papers_it_matches(tmp_path: Path, within: str) -> None:
    docs = _corpus()
    index = _index(tmp_path, docs[:20])
    index.update(docs[20:])  # two segments
    index.update([IndexDoc(docs[30].paper, UserRecord(docs[30].paper.id, tags=("segmentation",)))])
    ranked = [h.id for h in index.similar("graphs01", 30).hits]
    matches = {h.id for h in index.search(within, limit=1000).hits}
    got = index.similar("graphs01", 30, within=within)
    assert [h.id for h in got.hits] == [pid for pid in ranked if pid in matches]
    assert got.total == len(got.hits)


@pytest.mark.parametrize("sort", ["date", "upvotes", "title"])
def test_another_sort_reorders_the_ranked_papers_as_a_search_orders_them(tmp_path: Path, sort: str) -> None:
    rng = random.Random(5)
    docs = [
        IndexDoc(
            replace(
                d.paper, date=rng.choice([None, "2023", "2024-02-11", "2024-09-01"]), upvotes=rng.choice([None, 3, 40])
            )
        )
        for d in _corpus()
    ]
    index = _index(tmp_path, docs)
    ranked = {h.id for h in index.similar("speech02", 12).hits}
    every = [h.id for h in index.search("-zzz", limit=1000, sort=sort).hits]  # the library in that order
    got = index.similar("speech02", 12, sort=sort)
    assert {h.id for h in got.hits} == ranked
    # Papers in the library's order for that sort (ties among them may go by similarity instead).
    value = {d.paper.id: {"date": d.paper.date, "upvotes": d.paper.upvotes, "title": d.paper.title}[sort] for d in docs}
    assert [value[h.id] for h in got.hits] == [value[pid] for pid in every if pid in ranked]


@pytest.mark.parametrize("extensions", [(VECTORS_EXT,), (VECTORS_EXT, TABLE_EXT)], ids=["no-vectors", "stock-files"])
def test_segments_without_saved_vectors_are_read_through_whoosh(tmp_path: Path, extensions: tuple[str, ...]) -> None:
    # Without the term lists too, a segment is as stock Whoosh's writer leaves it.
    docs = _corpus()
    index = _index(tmp_path, docs)
    before = index.similar("speech04", 10)
    index.close()
    for extension in extensions:
        saved = list((tmp_path / "index").rglob(f"*{extension}"))
        assert saved, f"the writer saves {extension} beside each segment"
        for path in saved:
            path.unlink()
    again = PaperIndex(tmp_path / "index").similar("speech04", 10)
    assert [(h.id, round(h.score, 4)) for h in again.hits] == [(h.id, round(h.score, 4)) for h in before.hits]


def _tagged(docs: list[IndexDoc], tag: str, ids: set[str], skipped: set[str] = frozenset()) -> list[IndexDoc]:
    out = []
    for doc in docs:
        pid = doc.paper.id
        tags = (tag,) if pid in ids else ()
        out.append(IndexDoc(doc.paper, UserRecord(pid, tags=tags, triage="skipped" if pid in skipped else "unseen")))
    return out


def test_suggest_needs_three_tagged_papers(tmp_path: Path) -> None:
    docs = _tagged(_corpus(), "audio", {"speech00", "speech01"})
    index = _index(tmp_path, docs)
    with pytest.raises(PapertuiError, match='at least 3 papers tagged "audio" \\(2 are\\)'):
        index.suggest("audio")


def test_suggest_ranks_the_tags_topic_and_leaves_out_tagged_and_skipped_papers(tmp_path: Path) -> None:
    tagged, skipped = {"speech00", "speech01", "speech02"}, {"speech03", "vision00"}
    docs = _tagged(_corpus(), "Audio", tagged, skipped)
    index = _index(tmp_path, docs)
    got = index.suggest("audio", 9)  # a tag is found in any case
    ids = [h.id for h in got.hits]
    assert not (set(ids) & (tagged | skipped))
    assert all(pid.startswith("speech") for pid in ids[:8]), ids
    _same_ranking(got, suggest_scores(docs, "audio", SUGGEST_LIBRARY, SUGGEST_SKIPPED), 9)


def test_skipped_papers_count_against_their_kind(tmp_path: Path) -> None:
    # Tagged papers of two topics; skipping graph papers pushes the other graph papers down.
    tagged = {"speech00", "speech01", "graphs00", "graphs01"}
    plain = _index(tmp_path / "a", _tagged(_corpus(), "mix", tagged))
    skipped = {"graphs02", "graphs03", "graphs04", "graphs05"}
    with_skips = _index(tmp_path / "b", _tagged(_corpus(), "mix", tagged, skipped))

    def graph_share(index: PaperIndex) -> float:
        hits = index.suggest("mix", 10).hits
        return sum(h.id.startswith("graphs") for h in hits) / len(hits)

    assert graph_share(with_skips) < graph_share(plain)


def test_a_vectors_file_that_does_not_fit_its_segment_is_not_used() -> None:
    from papertui.index.vectors import _from_buffer, encode

    table = (["a", "b"], array("I", [2, 1]))
    postings = [(array("I", [0, 2]), array("f", [1.0, 2.0])), (array("I", [1]), array("f", [1.0]))]
    good = b"".join(encode(3, postings))
    assert _from_buffer(good, table, None) is not None
    assert _from_buffer(good[:-2], table, None) is None  # cut short
    assert _from_buffer(b"XXXX" + good[4:], table, None) is None  # not this format
    assert _from_buffer(good, (["a"], array("I", [2])), None) is None  # another segment's term list
    header, *_rest = encode(3, postings)
    beyond = header + array("I", [0, 7, 1]).tobytes() + good[len(header) + 12 :]
    assert len(beyond) == len(good)
    assert _from_buffer(beyond, table, None) is None  # a paper past the segment's end


def test_vectors_are_written_in_chunks_as_they_would_be_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from papertui.index import vectors

    postings = [(array("I", range(i % 5, 40, 3)), array("f", [1.0 + i] * len(range(i % 5, 40, 3)))) for i in range(30)]
    whole = b"".join(vectors.encode(40, postings))
    monkeypatch.setattr(vectors, "CHUNK", 7)
    assert b"".join(vectors.encode(40, postings)) == whole
    found = vectors._from_buffer(whole, ([f"t{i:02d}" for i in range(30)], vectors._dfs(postings)), None)
    assert found is not None
    norm = sum((1.0 + i) ** 2 for i in range(30) if 3 in range(i % 5, 40, 3)) ** 0.5
    assert found.norms[3] == pytest.approx(norm)
    assert sum(w * w for w in found.doc_terms(3).values()) == pytest.approx(1.0, rel=1e-3)  # unit length


def test_the_last_ranking_is_kept_until_the_index_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papertui.index import engine

    docs = _tagged(_corpus(), "audio", {"speech00", "speech01", "speech02"})
    index = _index(tmp_path, docs)
    calls: list[str] = []
    real = engine.rank_suggested
    monkeypatch.setattr(engine, "rank_suggested", lambda *a: calls.append("rank") or real(*a))
    first = index.suggest("audio", 10)
    typed = index.suggest("audio", 10, within="speech", typing=True)  # a key typed in the view: no new ranking
    assert calls == ["rank"] and {h.id for h in typed.hits} <= {h.id for h in first.hits}
    newly = next(d for d in docs if d.paper.id == "speech03")
    assert "speech03" in {h.id for h in first.hits}
    index.update([IndexDoc(newly.paper, UserRecord("speech03", tags=("audio",)))])
    again = index.suggest("audio", 10)  # the index changed: ranked anew, the newly tagged paper left out
    assert calls == ["rank", "rank"] and "speech03" not in {h.id for h in again.hits}
