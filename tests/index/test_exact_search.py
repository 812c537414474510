"""Exact means exact: on random queries over a random library, the engine returns the very papers a brute-force
reading of every paper finds (tests/index/exact_reference.py), and says how many there are."""

from __future__ import annotations

import random
from pathlib import Path

import exact_corpus as corpus
import pytest
from exact_reference import Reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.index import engine
from papertui.index.engine import PaperIndex

DOCS = corpus.library()
ALL = 10_000


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> PaperIndex:
    ix = PaperIndex(tmp_path_factory.mktemp("exact") / "index")
    ix.rebuild(DOCS)
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference(DOCS)


def _windows(seed: int = 3, count: int = 150) -> list[str]:
    """Runs of 2-4 words taken from the papers, so phrases have papers to find (stop words and all)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        doc = rng.choice(DOCS)
        text = rng.choice((doc.paper.title, doc.paper.abstract)).split()
        width = rng.randint(2, 4)
        start = rng.randint(0, max(0, len(text) - width))
        out.append(" ".join(text[start : start + width]))
    return out


WINDOWS = _windows()
_WORDS = st.sampled_from([*corpus.COMMON, *corpus.STOP, *corpus.COMPOUND, *corpus.vocabulary()[20:60]])
_PREFIXES = st.sampled_from(["co*", "ka*", "mo*", "zer*", "compet*", "sho*", "learni*", "zero-sh*", "the-co*"])
_PHRASES = st.sampled_from(WINDOWS).map(lambda w: f'"{w}"')
_FIELDS = st.sampled_from(["title:", "abstract:", "note:", ""])
_FILTERS = st.sampled_from(["tag:reading", "tag:to*", "has:code", "year:2022", "is:kept", "untagged"])
_NAME_WORDS = st.sampled_from(["yann", "lecun", "Jörg", "jorg", "MÜLLER", "an", "will", "kato", "video", "data"])
_NAMES = st.sampled_from([*corpus.NAMES[::7], "Yann LeCun", "LeCun Yann", "Kato Anne", "jean pierre", "o'brien"])
_AUTHORS = st.one_of(
    _NAME_WORDS.map(lambda w: f"author:{w}"),
    _NAMES.map(lambda n: f'author:"{n}"'),
    st.sampled_from(["author:ka*", "author:co*", "author:mu*", "author:yann-le*", "authors:jean-pierre", "kato"]),
)
_METADATA = st.sampled_from(
    [
        *("cat:cs", "cat:cs.CL", "cat:CS.lg", "cat:hep-th", "cat:math", "cat:math-ph", "cat:q-bio", "cat:q-bio.nc"),
        *("cat:cs.c*", "cat:cond-mat", "id:2301.00007", "id:2301.00007v2", "id:2302.*", "id:hep-th/9901000"),
        *(f"id:{i}v1" for i in corpus.arxiv_ids()[:40:3] if i),
    ]
)
_LEAF = st.one_of(
    st.tuples(_FIELDS, st.one_of(_WORDS, _PREFIXES, _PHRASES)).map("".join),
    _FILTERS,
    _AUTHORS,
    _METADATA,
    st.sampled_from(WINDOWS),  # unquoted: each word on its own (compounds stay phrases)
)
_NEGATED = st.tuples(st.sampled_from(["", "", "-", "NOT "]), _LEAF).map("".join)
QUERIES = st.one_of(
    st.lists(_NEGATED, min_size=1, max_size=4).map(" ".join),
    st.tuples(_NEGATED, _NEGATED, _NEGATED).map(lambda p: f"({p[0]} OR {p[1]}) {p[2]}"),
)


def found(index: PaperIndex, query: str, **kw: object) -> set[str]:
    return {hit.id for hit in index.search(query, limit=ALL, **kw).hits}  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_a_query_finds_exactly_the_papers_that_match_it(index: PaperIndex, reference: Reference, query: str) -> None:
    assert found(index, query) == reference.matches(query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, sort=st.sampled_from(["relevance", "date"]))
def test_the_total_is_exact_whatever_the_limit(index: PaperIndex, reference: Reference, query: str, sort: str) -> None:
    result = index.search(query, limit=3, sort=sort)
    assert result.total == len(reference.matches(query))
    assert not result.total_is_estimate


@pytest.mark.parametrize("query", ["co*", "ka*", "model NOT co*", "-ka* zero", "(co* OR ka*) -model", "title:co*"])
def test_an_explicit_prefix_matches_every_word_it_starts(index: PaperIndex, reference: Reference, query: str) -> None:
    assert len(reference.matches("co*")) > 0 and len(reference.matches("-co*")) > 0  # the test means something
    result = index.search(query, limit=ALL)
    assert {hit.id for hit in result.hits} == reference.matches(query)
    assert result.total == len(reference.matches(query))
    assert not result.prefix_capped


@pytest.mark.parametrize(
    "query",
    ['"attention to the"', '"in zero shot"', '"zero-shot model"', '"the model"', "state-of-the-art", '"of the"'],
)
def test_a_phrase_keeps_its_stop_words(index: PaperIndex, reference: Reference, query: str) -> None:
    assert found(index, query) == reference.matches(query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=QUERIES,
    typed=st.sampled_from(["co", "ka", "mo", "zero-sh", "compet", "the-co", "tag:to", "author:ka", "cat:c", "id:23"]),
)
def test_typing_finds_the_matching_papers_or_says_its_prefix_is_capped(
    index: PaperIndex, reference: Reference, query: str, typed: str
) -> None:
    text = f"{query} {typed}"
    result = index.search(text, limit=ALL, typing=True)
    expected = reference.matches(text, typing=True)
    got = {hit.id for hit in result.hits}
    if result.prefix_capped:
        assert got <= expected
        assert result.notice and f"'{typed.split(':')[-1].split('-')[-1]}'" in result.notice
    else:
        assert got == expected


def test_typing_caps_a_prefix_of_many_words_and_says_so(index: PaperIndex, reference: Reference) -> None:
    result = index.search("co", typing=True, limit=ALL)
    assert result.prefix_capped
    assert result.notice is not None and "'co'" in result.notice and "8 commonest" in result.notice
    assert {hit.id for hit in result.hits} < reference.matches("co*")


@pytest.mark.parametrize("query", ["co*", "model ka*", "title:co*"])
def test_a_star_typed_at_the_end_is_exact_while_typing(index: PaperIndex, reference: Reference, query: str) -> None:
    result = index.search(query, typing=True, limit=ALL)
    assert {hit.id for hit in result.hits} == reference.matches(query)
    assert not result.prefix_capped


def test_a_capped_prefix_is_never_used_under_not(index: PaperIndex, reference: Reference) -> None:
    result = index.search("model -co", typing=True, limit=ALL)
    assert {hit.id for hit in result.hits} == reference.matches("model -co*")


@pytest.mark.parametrize("query", ["zero-shot ", '"zero shot" ', "(zero-shot) ", 'title:"zero shot"', "zero-shot)"])
def test_a_word_followed_by_a_space_or_a_closing_mark_is_whole(
    index: PaperIndex, reference: Reference, query: str
) -> None:
    typed = index.search(query, typing=True, limit=ALL)
    assert {hit.id for hit in typed.hits} == reference.matches(query) == found(index, query)
    assert not any(t.endswith("*") for t in typed.terms)


def test_a_hyphenated_word_being_typed_keeps_its_words_side_by_side(index: PaperIndex, reference: Reference) -> None:
    apart = reference.matches("zero sho*") - reference.matches("zero-sho*")
    assert apart  # papers with both words, not side by side: they must not be found
    typed = {hit.id for hit in index.search("zero-sho", typing=True, limit=ALL).hits}
    assert typed == reference.matches("zero-sho", typing=True)
    assert not typed & apart


@pytest.mark.parametrize("count_limit", [0, 5])
def test_typing_may_estimate_a_checked_total_and_says_so(
    tmp_path: Path, reference: Reference, monkeypatch: pytest.MonkeyPatch, count_limit: int
) -> None:
    # While typing, the hits need only the best candidates checked; counting would check them all. A fresh
    # index: outcomes of checks are remembered, and a remembered outcome is counted, not estimated.
    index = PaperIndex(tmp_path / "index")
    index.rebuild(DOCS)
    monkeypatch.setattr(engine, "TYPING_COUNT_LIMIT", count_limit)
    query = "abstract:model zebra"
    try:
        typed = index.search(query, typing=True, limit=1)
        assert typed.total_is_estimate
        exact = index.search(query, limit=1)
        assert not exact.total_is_estimate
        assert exact.total == len(reference.matches(query))
        again = index.search(query, typing=True, limit=1)  # every outcome is known now
        assert (again.total, again.total_is_estimate) == (len(reference.matches(query, typing=True)), False)
    finally:
        index.close()


def test_typing_counts_a_checked_total_when_few_candidates_are_left(index: PaperIndex, reference: Reference) -> None:
    typed = index.search("abstract:model zebra", typing=True, limit=1)
    assert typed.total == len(reference.matches("abstract:model zebra", typing=True))
    assert not typed.total_is_estimate
