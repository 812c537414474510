"""The query language is total: whatever is typed gives a result or a hint, never an exception. Prefix
expansion stays small, prefers frequent terms and understands stems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.index import prefix
from papertui.index.engine import IndexDoc, PaperIndex, SearchResult
from papertui.index.folder import create_index
from papertui.index.query import And, Filter, Not, Or, Text, parse
from papertui.index.readers import refreshed
from papertui.index.schema import build_schema, to_fields
from papertui.model import Paper, UserRecord

# -- the parser alone ----------------------------------------------------------------------------------------


def test_words_are_anded_and_operators_nest() -> None:
    root = parse('(diffusion OR flow) -survey "image model" title:gan').root
    assert root == And(
        (
            Or((Text((), "diffusion", "word"), Text((), "flow", "word"))),
            Not(Text((), "survey", "word")),
            Text((), "image model", "phrase"),
            Text(("title",), "gan", "word"),
        )
    )


def test_filters_are_recognised() -> None:
    root = parse('tag:"To Read" has:code year:2023 is:kept untagged').root
    assert root == And(
        (
            Filter("tags", "To Read"),
            Filter("has_code", "t"),
            Filter("year", "2023"),
            Filter("triage", "kept"),
            Filter("tagged", "f"),
        )
    )


def test_operators_are_words_when_lowercase() -> None:
    assert parse("war and peace or not").root == And(
        tuple(Text((), w, "word") for w in ("war", "and", "peace", "or", "not"))
    )


def test_typing_marks_only_an_unfinished_last_word() -> None:
    assert parse("diffusion mod", typing=True).root == And((Text((), "diffusion", "word"), Text((), "mod", "typing")))
    assert parse("diffusion mod ", typing=True).root == And((Text((), "diffusion", "word"), Text((), "mod", "word")))
    assert parse('"diffusion mod', typing=True).root == Text((), "diffusion mod", "phrase")


# -- prefix expansion --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    # Twenty words starting with "gen"; the i-th is in 2i+1 of the 40 papers, so their frequencies differ.
    folder = tmp_path_factory.mktemp("raw")
    ix = create_index(folder)
    writer = ix.writer()
    words = [f"gen{chr(97 + i)}x" for i in range(20)]
    for n in range(40):
        text = " ".join(w for i, w in enumerate(words) if n <= i * 2) + " learning studies"
        paper = Paper(id=f"d{n}", key=f"d{n}", title=f"Doc {n}", abstract=text)
        writer.add_document(**to_fields(paper, None))
    writer.commit()
    live = refreshed(ix, build_schema())
    yield live.searcher.reader()
    live.close()


def test_typing_expansion_keeps_the_most_frequent_few_and_says_it_is_capped(reader: object) -> None:
    found = prefix.expand(reader, "text", "gen", limit=prefix.TYPING_LIMIT, stemmed=True)
    assert list(found.terms) == [f"gen{chr(97 + i)}x" for i in range(19, 11, -1)]  # the most widespread first
    assert found.capped


def test_an_explicit_prefix_expands_to_every_term_it_starts(reader: object) -> None:
    found = prefix.expand(reader, "text", "gen", limit=None, stemmed=True)
    assert set(found.terms) == {f"gen{chr(97 + i)}x" for i in range(20)}
    assert found.terms["genax"] == 1 and not found.capped


def test_expansion_finds_the_stem_of_a_partly_typed_word(reader: object) -> None:
    assert prefix.most_frequent(reader, "text", "learni", 8) == []  # the index holds "learn"
    assert "learn" in prefix.expand(reader, "text", "learni", limit=8, stemmed=True).terms
    assert "studi" in prefix.expand(reader, "text", "studie", limit=8, stemmed=True).terms


def test_stem_awareness_does_not_turn_a_word_into_a_shorter_one() -> None:
    assert prefix.shorter_stems("model") == []
    assert prefix.shorter_stems("learni") == ["learn"]
    assert prefix.shorter_stems("generatio") == ["gener"]


# -- whole searches, fuzzed ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PaperIndex]:
    ix = PaperIndex(tmp_path_factory.mktemp("lib") / "index")
    docs = [
        IndexDoc(
            Paper(
                id=f"p{i}",
                key=f"k{i}",
                title=f"{word.title()} learning for {other} tasks",
                abstract=f"We study {word} and {other} with diffusion models, GPT-4 and PanGu-Σ.",
                date=f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}" if i % 4 else None,
                upvotes=i if i % 3 else None,
                github=("https://github.com/a/b",) if i % 2 else (),
            ),
            UserRecord(f"p{i}", tags=("to read", "Reading") if i % 3 else (), note="great idea", triage="kept")
            if i % 5 == 0
            else None,
        )
        for i, (word, other) in enumerate(
            [("graph", "vision"), ("tülu", "speech"), ("robot", "agents"), ("code", "math")] * 6
        )
    ]
    ix.rebuild(docs)
    yield ix
    ix.close()


_PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "*",
        "-",
        ":",
        "OR",
        "AND",
        "NOT",
        "tag:",
        "title:",
        "has:",
        "is:",
        "year:",
        "note:",
        "untagged",
        "diff*",
        "learn",
        "graph",
        "a",
        "\\",
        "'",
        "\x00",
        "\x1b",
        "\t",
        "\n",
        "Σ",
        "ü",
        "--",
        "**",
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12).map(" ".join),
)


def _check(result: SearchResult) -> None:
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    assert result.hint is None or (result.hint and "\n" not in result.hint)
    assert all(isinstance(term, str) and term for term in result.terms)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_QUERIES, typing=st.booleans(), sort=st.sampled_from(["relevance", "date", "upvotes", "title"]))
def test_any_query_string_gives_a_result_never_an_exception(
    index: PaperIndex, query: str, typing: bool, sort: str
) -> None:
    _check(index.search(query, typing=typing, sort=sort, limit=5))


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "**",
        "-",
        "--",
        "NOT",
        "NOT NOT",
        "OR",
        "AND",
        "()",
        "(((",
        ")))",
        '"',
        '""',
        "tag:",
        "title:*",
        "tag:*",
        "a*",
        "-*",
        "(*)",
        "is:",
        "year:",
        "has:",
        ":",
        "::",
        "x" * 10_000,
        "(" * 5_000,
        "\x00\x01\x7f",
        '"' * 333,
        "NOT -(-a)",
        "title:(graph OR vision)",
        "tag:(reading)",
    ],
)
def test_nasty_queries_give_a_result_never_an_exception(index: PaperIndex, query: str) -> None:
    for typing in (False, True):
        _check(index.search(query, typing=typing))


def test_a_real_query_still_finds_papers_after_fuzzing(index: PaperIndex) -> None:
    assert index.search("graph learning").total == 6
    assert index.search("tulu").total == 6
    assert index.search("GPT-4").total == 24


@pytest.mark.parametrize("tag", ['say "hi"', "to read", "back\\slash", "star*", "(paren)", 'odd "quote', "plain"])
def test_any_tag_can_be_searched_through_its_quoted_filter(tmp_path, tag) -> None:
    from papertui.index.query import tag_filter
    from papertui.library import Library

    lib = Library(tmp_path / "lib")
    try:
        lib.import_file(Path(__file__).resolve().parents[1] / "fixtures" / "page_a.txt")
        first, second = lib.browse()[:2]
        lib.tag([first], [tag])
        lib.tag([second], ["say", "hi", "star"])  # the words of the tags, never a match for the whole tag
        result = lib.search(tag_filter(tag), limit=50)
        assert [h.id for h in result.hits] == [first] and result.hint is None
    finally:
        lib.close()
