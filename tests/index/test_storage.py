"""The index's own writer and bulk readers (index/writer.py, whoosh_compat.py, terms.py) agree with Whoosh: the
segments they write are what Whoosh's writer would write, and what they read is what Whoosh's readers see."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.index.cache import SegmentCache
from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.folder import create_index
from papertui.index.readers import refreshed
from papertui.index.schema import build_schema, to_fields
from papertui.index.terms import Lexicon
from papertui.index.whoosh_compat import BytesColumn, field_lengths, read_postings
from papertui.index.writer import FastSegmentWriter
from papertui.model import Paper, UserRecord

WORDS = "graph neural model models learning diffusion sparse attention robot vision zebra tübingen 3d".split()


def corpus(count: int, seed: int = 1) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(2, 6))) + f" {n}"
        abstract = " ".join(rng.choices([*WORDS, "the", "of"], k=rng.randint(0, 40)))
        paper = Paper(id=f"p{n:03d}", key=title, title=title, abstract=abstract, date=f"202{n % 5}-01-0{n % 9 + 1}")
        user = UserRecord(paper.id, tags=("to read",) if n % 3 == 0 else (), note="zebra notes" if n % 7 == 0 else "")
        docs.append(IndexDoc(paper, user if n % 3 == 0 or n % 7 == 0 else None))
    return docs


def whoosh_built(folder: Path, docs: list[IndexDoc]) -> object:
    folder.mkdir(parents=True)
    ix = create_index(folder)
    writer = ix.writer()  # Whoosh's own writer, one posting at a time
    for doc in docs:
        writer.add_document(**to_fields(doc.paper, doc.user))
    writer.commit()
    return ix


def postings_seen_by_whoosh(reader: object) -> dict[tuple[str, str], list[tuple[int, float]]]:
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for fieldname, tbytes in reader.all_terms():  # type: ignore[attr-defined]
        out[(fieldname, tbytes.decode())] = list(_walk(reader.postings(fieldname, tbytes)))  # type: ignore[attr-defined]
    return out


def _walk(matcher: object) -> Iterator[tuple[int, float]]:
    """(doc, weight) one posting at a time, the way Whoosh's searches read them."""
    while matcher.is_active():  # type: ignore[attr-defined]
        yield matcher.id(), round(matcher.weight(), 4)  # type: ignore[attr-defined]
        matcher.next()  # type: ignore[attr-defined]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[object, object]]:
    docs = corpus(60)
    ours = PaperIndex(tmp_path / "ours")
    ours.rebuild(docs)
    ours.doc_count()
    theirs = whoosh_built(tmp_path / "theirs", docs)
    live = refreshed(theirs, build_schema())  # type: ignore[arg-type]
    yield ours._live.searcher.reader(), live.searcher.reader()  # type: ignore[union-attr]
    live.close()
    ours.close()


def test_the_bulk_writer_writes_the_postings_whoosh_writes(pair: tuple[object, object]) -> None:
    ours, theirs = pair
    seen = postings_seen_by_whoosh(ours)
    pairs = {key: value for key, value in seen.items() if key[0] == "pairs"}  # ours only (Whoosh has no common words)
    assert {key: value for key, value in seen.items() if key[0] != "pairs"} == postings_seen_by_whoosh(theirs)
    assert pairs and all(" " in text for _field, text in pairs)


def test_pairs_of_common_words_are_indexed_where_they_are_side_by_side(tmp_path: Path) -> None:
    paper = Paper(id="a", key="a", title="Sparse Attention", abstract="the zebra of graphs learns graph models")
    index = PaperIndex(tmp_path / "ix")
    index.rebuild([IndexDoc(paper)])
    reader = index._live.searcher.reader() if index.doc_count() else None  # type: ignore[union-attr]
    lexicon = Lexicon(reader, SegmentCache().tables)
    assert {"spars", "attent", "zebra", "graph"} <= lexicon.common_words()  # one paper: all its words are common
    for pair in ("spars attent", "graph learn", "graph model"):
        assert ("pairs", pair) in lexicon, pair
    assert ("pairs", "zebra graph") not in lexicon  # a stop word between them keeps them apart
    assert ("pairs", "attent zebra") not in lexicon  # title and abstract are different parts
    index.close()


def test_bulk_reads_return_what_whoosh_matchers_return(pair: tuple[object, object]) -> None:
    ours, _theirs = pair
    seen = postings_seen_by_whoosh(ours)
    for (fieldname, text), expected in seen.items():
        ids, weights = read_postings(ours, fieldname, text)  # type: ignore[misc]
        assert [(d, round(w, 4)) for d, w in zip(ids, weights, strict=True)] == expected
    assert read_postings(ours, "text", "no-such-word") is None


def test_lengths_columns_and_term_lists_match_whoosh(pair: tuple[object, object]) -> None:
    ours, theirs = pair
    for fieldname in ("text", "title"):
        assert list(field_lengths(ours, fieldname)) == list(field_lengths(theirs, fieldname))
    forward = BytesColumn(ours, "fwd")
    try:
        assert [forward[d] for d in range(60)] == list(theirs.column_reader("fwd"))  # type: ignore[attr-defined]
    finally:
        forward.close()
    lexicon = Lexicon(ours, SegmentCache().tables)
    assert lexicon.frequent("text", "mod", 5) == ["model"]  # "models" is stemmed to "model"
    assert ("text", "zebra") in lexicon and ("text", "zebr") not in lexicon
    assert lexicon.doc_frequency("text", "zebra") == theirs.doc_frequency("text", "zebra")  # type: ignore[attr-defined]


def test_updates_and_merges_keep_the_postings_whoosh_would_have(tmp_path: Path) -> None:
    docs = corpus(40)
    index = PaperIndex(tmp_path / "ours")
    index.rebuild(docs[:10])
    for doc in docs[10:]:  # thirty one-paper commits: several merges of small segments
        index.update([doc])
    changed = [IndexDoc(d.paper, UserRecord(d.paper.id, tags=("merged",))) for d in docs[:5]]
    index.update(changed)
    expected = whoosh_built(tmp_path / "theirs", docs[5:] + changed)
    ours = index._live.searcher.reader()  # type: ignore[union-attr]
    live = refreshed(expected, build_schema())  # type: ignore[arg-type]
    try:
        assert len(list(ours.leaf_readers())) < 12  # the small segments were merged
        by_id_ours = _postings_by_paper(ours)
        by_id_theirs = _postings_by_paper(live.searcher.reader())
        assert by_id_ours == by_id_theirs
        assert sorted(h.id for h in index.search("tag:merged").hits) == [d.paper.id for d in changed]
    finally:
        live.close()
        index.close()


def _postings_by_paper(reader: object) -> dict[str, set[tuple[str, str, float]]]:
    """Each live paper's (field, term, weight) set: doc numbers differ between the two indexes."""
    ids = {}
    for docnum, stored in reader.iter_docs():  # type: ignore[attr-defined]
        ids[docnum] = stored["id"]
    out: dict[str, set[tuple[str, str, float]]] = {pid: set() for pid in ids.values()}
    for fieldname, tbytes in reader.all_terms():  # type: ignore[attr-defined]
        if fieldname == "pairs":
            continue  # Whoosh's writer knows no common words
        for docnum, weight in _walk(reader.postings(fieldname, tbytes)):  # type: ignore[attr-defined]
            out[ids[docnum]].add((fieldname, tbytes.decode(), weight))
    return out


def test_a_segment_writer_needs_no_positions_and_refuses_them(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    ix = create_index(tmp_path / "raw")
    writer = FastSegmentWriter(ix)
    with pytest.raises(ValueError, match="no per-posting values"):
        writer.pool.add(("text", b"word", 0, 1.0, b"\x00\x01"))
    writer.cancel()


def test_stored_fields_read_in_bulk_are_whoosh_s(pair: tuple[object, object]) -> None:
    ours, _theirs = pair
    cache = SegmentCache()
    try:
        assert [cache.stored_fields(ours, d) for d in range(60)] == [ours.stored_fields(d) for d in range(60)]  # type: ignore[attr-defined]
    finally:
        cache.clear()


def test_merging_segments_whose_papers_were_all_replaced_keeps_the_index_readable(tmp_path: Path) -> None:
    def paper(pid: str, title: str) -> IndexDoc:
        return IndexDoc(Paper(id=pid, key=pid, title=title, abstract="text"))

    index = PaperIndex(tmp_path / "ix")
    index.rebuild([])
    index.update([paper("a", "Rarewordx A"), paper("b", "Paper B")])  # one segment of two papers
    index.update([paper("a", "Paper A again")])  # "rarewordx" now only in a deleted paper of that segment
    for n in range(8):  # enough small segments for a merge that takes in the first one
        index.update([paper(f"n{n}", f"Paper {n}")])
    assert index.search("rarewordx").hits == ()
    assert len(index.search("paper", limit=100).hits) == 10
    assert index.state() == "ok"
    index.close()
