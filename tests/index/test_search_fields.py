"""`author:`, `cat:` and `id:`: the arXiv metadata a structured source brings, searched as the query language's
other filters are (negation, OR, parentheses, combined with words and `tag:`/`year:`); names also answer plain
words, ranked below the same word in a paper's text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.index.engine import IndexDoc, PaperIndex
from papertui.index.folder import META_NAME
from papertui.index.query import parse
from papertui.library import Library
from papertui.model import Paper, ParsedPaper, UserRecord


def paper(pid: str, title: str, abstract: str = "", **metadata: object) -> Paper:
    return Paper(id=pid, key=title.casefold(), title=title, abstract=abstract, date="2024-03-01", **metadata)  # type: ignore[arg-type]


DOCS = [
    IndexDoc(
        paper(
            "deep",
            "Deep learning",
            "A review of representation learning.",
            authors=("Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"),
            categories=("cs.LG", "cs.AI"),
            arxiv_id="1505.00001",
            arxiv_version=3,
        ),
        UserRecord("deep", tags=("classic",)),
    ),
    IndexDoc(
        paper(
            "capsules",
            "Dynamic routing between capsules",
            "Capsules route by agreement.",
            authors=("Sara Sabour", "Geoffrey E. Hinton"),
            categories=("cs.CV",),
            arxiv_id="1710.09829",
        )
    ),
    IndexDoc(
        paper(
            "branes",
            "Branes at angles",
            "String theory with intersecting branes.",
            authors=("Jörg Müller", "Anne LeCun"),
            categories=("hep-th", "math-ph"),
            arxiv_id="hep-th/9901001",
        )
    ),
    IndexDoc(
        # "Anne LeCun" then "Yann Smith": LeCun and Yann side by side only across two authors.
        paper(
            "neurons",
            "Spiking neurons",
            "Cortical columns.",
            authors=("Anne LeCun", "Yann Smith"),
            categories=("q-bio.NC", "cs"),
            arxiv_id="math.AG/0601001",
        )
    ),
    IndexDoc(
        paper(
            "cluster",
            "Clustering with Hinton diagrams",
            "We draw Hinton diagrams of learned weights.",
            authors=("Ada Lovelace",),
            categories=("stat.ML", "cs.LG"),
            arxiv_id="2301.00001",
        )
    ),
    IndexDoc(paper("plain", "A page paper without metadata", "Hinton is not an author here: no, a word.")),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PaperIndex]:
    ix = PaperIndex(tmp_path_factory.mktemp("fields") / "index")
    ix.rebuild(DOCS)
    yield ix
    ix.close()


def found(index: PaperIndex, query: str, *, typing: bool = False) -> set[str]:
    return {hit.id for hit in index.search(query, limit=100, typing=typing).hits}


# -- author: -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["author:hinton", "author:HINTON", "authors:Hinton"])
def test_author_finds_a_word_of_a_name_whatever_its_case(index: PaperIndex, query: str) -> None:
    assert found(index, query) == {"deep", "capsules"}


@pytest.mark.parametrize("query", ["author:jorg", "author:Jörg", "author:JÖRG", "author:mueller OR author:muller"])
def test_author_ignores_accents(index: PaperIndex, query: str) -> None:
    assert found(index, query) == {"branes"}


def test_names_are_not_stemmed(index: PaperIndex) -> None:
    assert found(index, "author:hintons") == set()
    assert found(index, "author:hint") == set()  # a whole word, unless it ends in *
    assert found(index, "author:sabour") == {"capsules"}


def test_a_quoted_name_matches_its_words_in_order_within_one_author(index: PaperIndex) -> None:
    assert found(index, 'author:"Yann LeCun"') == {"deep"}
    assert found(index, 'author:"Geoffrey Hinton"') == {"deep"}  # "Geoffrey E. Hinton" has a word between
    # In "neurons" LeCun ends one author and Yann starts the next: that is no name "LeCun Yann".
    assert found(index, 'author:"LeCun Yann"') == set()
    assert found(index, "author:lecun author:yann") == {"deep", "neurons"}  # two words, any authors


def test_author_prefix(index: PaperIndex) -> None:
    assert found(index, "author:hint*") == {"deep", "capsules"}
    assert found(index, "author:le*") == {"deep", "branes", "neurons"}
    assert found(index, "author:yann-le*") == {"deep"}
    assert found(index, "author:hin", typing=True) == {"deep", "capsules"}


def test_author_is_a_filter_so_names_alone_are_listed_newest_first(index: PaperIndex) -> None:
    result = index.search("author:lecun")
    assert result.terms == ()
    assert {hit.score for hit in result.hits} == {0.0}


# -- cat: --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["cat:cs.LG", "cat:CS.lg", "cat:cs.lg"])
def test_cat_finds_a_category_whatever_its_case(index: PaperIndex, query: str) -> None:
    assert found(index, query) == {"deep", "cluster"}


def test_a_category_without_a_dot_is_its_whole_archive(index: PaperIndex) -> None:
    assert found(index, "cat:cs") == {"deep", "capsules", "cluster", "neurons"}  # cs.*, and the bare "cs"
    assert found(index, "cat:cs.CV") == {"capsules"}
    assert found(index, "cat:stat") == {"cluster"}
    assert found(index, "cat:math") == set()  # math-ph is an archive of its own


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("cat:hep-th", {"branes"}),
        ("cat:math-ph", {"branes"}),
        ("cat:q-bio.NC", {"neurons"}),
        ("cat:q-bio", {"neurons"}),
    ],
)
def test_old_categories_work(index: PaperIndex, query: str, ids: set[str]) -> None:
    assert found(index, query) == ids


def test_cat_prefix(index: PaperIndex) -> None:
    assert found(index, "cat:cs.c*") == {"capsules"}
    assert found(index, "cat:hep", typing=True) == {"branes"}


# -- id: ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["id:1505.00001", "id:1505.00001v3", "id:1505.00001v1", "id:arXiv:1505.00001"])
def test_id_finds_the_paper_whatever_the_version(index: PaperIndex, query: str) -> None:
    assert found(index, query) == {"deep"}


def test_old_style_ids(index: PaperIndex) -> None:
    assert found(index, "id:hep-th/9901001") == {"branes"}
    assert found(index, "id:HEP-TH/9901001v2") == {"branes"}
    # An old id's subject class is not part of it: both spellings find the paper stored with one.
    assert found(index, "id:math/0601001") == found(index, "id:math.AG/0601001") == {"neurons"}


def test_an_id_being_typed_is_a_prefix(index: PaperIndex) -> None:
    assert found(index, "id:1", typing=True) == {"deep", "capsules"}
    assert found(index, "id:2301.0000", typing=True) == {"cluster"}
    assert found(index, "id:2301.0000") == set()


def test_a_value_that_is_no_arxiv_id_is_ignored_with_a_hint(index: PaperIndex) -> None:
    result = index.search("id:banana")
    assert result.hits == ()
    assert result.hint is not None and "id:banana is not an arXiv id" in result.hint


# -- the language around them ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("-author:hinton", {"branes", "neurons", "cluster", "plain"}),
        ("NOT cat:cs", {"branes", "plain"}),
        ("-id:1505.00001 author:hinton", {"capsules"}),
        ("author:hinton OR cat:hep-th", {"deep", "capsules", "branes"}),
        ("(author:lecun OR author:lovelace) -cat:q-bio", {"deep", "branes", "cluster"}),
        ("author:hinton tag:classic", {"deep"}),
        ("author:hinton -tag:classic year:2024", {"capsules"}),
        ("cat:cs capsules", {"capsules"}),
        ('-author:"Yann LeCun" author:lecun', {"branes", "neurons"}),
    ],
)
def test_negation_or_parentheses_and_other_filters(index: PaperIndex, query: str, ids: set[str]) -> None:
    assert found(index, query) == ids


def test_a_plain_word_finds_authors_too(index: PaperIndex) -> None:
    assert found(index, "sabour") == {"capsules"}
    assert found(index, "jorg") == {"branes"}
    assert found(index, "lovel*") == {"cluster"}
    assert found(index, "-sabour") == {"deep", "branes", "neurons", "cluster", "plain"}


def test_a_word_in_the_text_outranks_the_same_word_in_a_name(index: PaperIndex) -> None:
    ranked = [hit.id for hit in index.search("hinton").hits]
    # "cluster" has Hinton in its title and abstract, "plain" in its abstract; "deep" and "capsules" only as
    # an author.
    assert ranked[:2] == ["cluster", "plain"]
    assert set(ranked[2:]) == {"deep", "capsules"}
    assert [hit.id for hit in index.search("hint*").hits][:2] == ["cluster", "plain"]


@pytest.mark.parametrize("query", ["author:", "cat:", "id:"])
def test_a_filter_without_a_value_says_how_to_use_it(query: str) -> None:
    hints = parse(query).hints
    assert len(hints) == 1 and query in hints[0] and "e.g." in hints[0]


def test_the_hint_for_an_unknown_field_lists_the_new_filters() -> None:
    [hint] = parse("venue:neurips").hints
    assert all(name in hint for name in ("author:", "cat:", "id:", "tag:", "year:"))


# -- an index of the schema before them --------------------------------------------------------------------


def test_an_index_from_before_authors_is_rebuilt_and_then_author_works(home: Path) -> None:
    lib = Library(home)
    lib.import_papers(
        [ParsedPaper("Dynamic routing between capsules", authors=("Geoffrey Hinton",), reader="arxiv-atom")],
        "feed.xml",
        reader="arxiv-atom",
    )
    lib.index()
    folder = lib.paths.index_dir
    lib.close()
    meta = json.loads((folder / META_NAME).read_text())
    meta["schema_version"] = PaperIndex.SCHEMA_VERSION - 1  # as written before authors were indexed
    (folder / META_NAME).write_text(json.dumps(meta))
    reopened = Library(home)
    try:
        reopened.index()
        assert reopened.last_index_message == "the search index was old-version; rebuilt it from the library"
        assert [hit.title for hit in reopened.search("author:hinton").hits] == ["Dynamic routing between capsules"]
    finally:
        reopened.close()
