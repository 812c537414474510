"""The watch list through the facade: what each entry matches in the index, `is:watched`, new papers."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.errors import UsageError
from papertui.library import Library
from papertui.library_watch import entry_query, highlight_terms, matched_authors
from papertui.store.watchlist import parse_entry

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def lib(home):
    library = Library(home)
    library.import_file(FIXTURES / "page_a.txt")
    library.import_file(FIXTURES / "page_b.txt")
    yield library
    library.close()


def title_ids(lib: Library) -> dict[str, str]:
    return {p.title.split(":")[0]: p.id for p in lib.papers(lib.browse()).values()}


def test_entries_become_queries_of_the_search_language():
    assert entry_query(parse_entry('"state space model"')) == '"state space model"'
    assert entry_query(parse_entry("mamba")) == '"mamba"'
    assert entry_query(parse_entry('author:"Yann LeCun"')) == 'author:"Yann LeCun"'
    assert entry_query(parse_entry("author:hinton")) == 'author:"hinton"'
    assert entry_query(parse_entry("C\\C++")) == '"C\\\\C++"'


def test_a_keyword_watch_matches_the_papers_with_the_phrase(lib):
    ids = title_ids(lib)
    lib.watch_add(['"vision language"', "speech"])
    matches = {m.entry.text: m.ids for m in lib.watch_matches()}
    assert matches == {
        '"vision language"': {ids["Counting Sheep with Vision Language Models"]},
        "speech": {ids["Pebble"]},
    }
    assert lib.watched_ids() == {ids["Counting Sheep with Vision Language Models"], ids["Pebble"]}


def test_the_phrase_must_be_whole(lib):
    lib.watch_add('"language vision"')
    assert lib.watched_ids() == set()


def test_watched_papers_follow_the_list_and_its_undo(lib):
    ids = title_ids(lib)
    lib.watch_add("speech")
    assert lib.watched_ids() == {ids["Pebble"]}
    lib.watch_remove("speech")
    assert lib.watched_ids() == set()
    lib.undo()
    assert lib.watched_ids() == {ids["Pebble"]}


def test_is_watched_searches_any_entry(lib):
    ids = title_ids(lib)
    lib.watch_add(["speech", '"vision language"'])
    assert set(lib.query_ids("is:watched")) == {ids["Pebble"], ids["Counting Sheep with Vision Language Models"]}
    assert lib.query_ids("is:watched has:code") == [ids["Counting Sheep with Vision Language Models"]]
    assert ids["Pebble"] not in lib.query_ids("-is:watched")


def test_is_watched_with_an_empty_list_says_how_to_fill_it(lib):
    with pytest.raises(UsageError, match="watch list is empty"):
        lib.search("is:watched")


def test_keyword_words_are_highlight_terms():
    entries = [parse_entry('"state space model"'), parse_entry("author:hinton"), parse_entry("mamba")]
    assert highlight_terms(entries) == ("state", "space", "model", "mamba")


def test_new_papers_are_those_added_after_a_time(lib):
    everything = set(lib.browse())
    assert set(lib.added_since("2000-01-01T00:00:00+00:00")) == everything
    assert lib.added_since("2999-01-01T00:00:00+00:00") == []
    counts = lib.sidebar_counts({}, since="2000-01-01T00:00:00+00:00")
    assert counts.new is not None and set(counts.new) == everything
    assert lib.sidebar_counts({}).new is None


def test_an_author_entry_names_the_authors_it_stands_for():
    authors = ("Geoffrey E. Hinton", "Yann LeCun", "Yann Dauphin", "José Müller", "LeCun, Yann")
    assert matched_authors(authors, parse_entry("author:hinton")) == ["Geoffrey E. Hinton"]
    assert matched_authors(authors, parse_entry('author:"yann lecun"')) == ["Yann LeCun"]
    assert matched_authors(authors, parse_entry("author:jose muller")) == ["José Müller"]
    assert matched_authors(authors, parse_entry("author:yann")) == ["Yann LeCun", "Yann Dauphin", "LeCun, Yann"]
    assert matched_authors(authors, parse_entry('author:"LeCun Yann"')) == ["LeCun, Yann"]
    assert matched_authors(authors, parse_entry("author:lecunn")) == []


def test_a_view_can_be_kept_to_a_set_of_papers(lib):
    ids = title_ids(lib)
    kept = frozenset({ids["Pebble"], ids["Lighthouse"]})
    assert set(lib.view_ids("", "date", kept)) == kept
    assert lib.view_ids("speech", "relevance", kept) == [ids["Pebble"]]
    assert len(lib.view_ids("", "date")) == lib.count()


def add_authored(lib: Library) -> dict[str, str]:
    from papertui.model import ParsedPaper

    papers = [
        ParsedPaper(
            title="Energy Based Models Revisited",
            abstract="We revisit energy based models with a new training recipe for image generation.",
            authors=("Yann LeCun", "Ada Lovelace"),
            reader="arxiv-atom",
        ),
        ParsedPaper(
            title="Capsules All the Way Down",
            abstract="Capsule networks stacked deeply, with routing that scales to large images.",
            authors=("Geoffrey E. Hinton",),
            reader="arxiv-atom",
        ),
    ]
    lib.import_papers(papers, "feed.xml", reader="arxiv-atom")
    return title_ids(lib)


def test_an_author_watch_matches_that_authors_papers(lib):
    ids = add_authored(lib)
    lib.watch_add(['author:"Yann LeCun"', "author:hinton"])
    matches = {m.entry.text: m.ids for m in lib.watch_matches()}
    assert matches == {
        'author:"Yann LeCun"': {ids["Energy Based Models Revisited"]},
        "author:hinton": {ids["Capsules All the Way Down"]},
    }
    assert set(lib.query_ids("is:watched")) == set(matches['author:"Yann LeCun"'] | matches["author:hinton"])


def test_an_author_watch_needs_the_name_not_just_its_words(lib):
    add_authored(lib)
    lib.watch_add(['author:"LeCun Yann"', 'author:"Lovelace LeCun"', "author:ada"])
    matches = {m.entry.text: len(m.ids) for m in lib.watch_matches()}
    assert matches == {'author:"LeCun Yann"': 0, 'author:"Lovelace LeCun"': 0, "author:ada": 1}
