"""arXiv Atom: API query results, listing feeds, the API's error entry, and refused unsafe XML."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from structured_fixtures import fixture_text

from papertui.ingest.arxiv_atom import parse_feed, read_arxiv_atom, total_results
from papertui.ingest.structured import NotThisFormat


def test_an_api_entry_gives_id_version_dates_categories_comment_doi_and_journal() -> None:
    result = read_arxiv_atom(fixture_text("arxiv_api.atom"))
    paper = result.papers[0]
    assert paper.title == "Retrieval Makes Small Models Honest"
    assert paper.abstract == "We show that retrieval helps small language models. Our code is public."
    assert (paper.arxiv_id, paper.arxiv_version) == ("2404.01234", 2)
    assert paper.authors == ("Ada Lovelace", "Alan Turing")
    assert paper.date == paper.first_version == "2024-04-02"  # published, not updated
    assert paper.categories == ("cs.CL", "cs.AI")  # the primary category first, each once
    assert paper.doi == "10.1234/example.5678"
    assert paper.journal_ref == "Proc. of Examples 2024"
    assert paper.comment == "12 pages; code at https://github.com/example/honest-rag"
    assert paper.github == ("https://github.com/example/honest-rag",)  # a repository named in the comment
    assert paper.reader == "arxiv-atom"


def test_old_style_ids_are_kept_whole_and_entries_without_an_id_are_skipped() -> None:
    result = read_arxiv_atom(fixture_text("arxiv_api.atom"))
    assert [p.arxiv_id for p in result.papers] == ["2404.01234", "cs/9912001"]
    assert result.skipped == 1 and result.warnings == ("entry 3: no title or no arXiv id; skipped",)
    assert total_results(parse_feed(fixture_text("arxiv_api.atom"))) == 3


def test_a_listing_feed_gives_authors_from_dc_creator_and_drops_the_announce_line() -> None:
    new, replaced = read_arxiv_atom(fixture_text("arxiv_listing.atom")).papers
    assert (new.arxiv_id, new.arxiv_version) == ("2405.00001", 1)
    assert new.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert new.abstract == "A listing entry's abstract, after the announcement line."
    assert new.first_version == "2024-05-02" and new.categories == ("cs.CL", "cs.LG")
    # A replacement is announced today, but its first version is older: unknown, not today.
    assert (replaced.arxiv_version, replaced.first_version) == (3, None)


@pytest.mark.parametrize(
    ("name_or_text", "why"),
    [
        ("arxiv_error.atom", "the arXiv API answered with an error: incorrect id format for 1234.1234"),
        ("entities.atom", "DTD or entity declarations is refused"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "broken XML"),
        ("<?xml version='1.0'?><opml><body/></opml>", "root is <opml>"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>urn:x</id><title>T</title></entry></feed>", "not arXiv"),
    ],
)
def test_errors_unsafe_xml_and_other_feeds_are_refused_in_one_line(name_or_text: str, why: str) -> None:
    text = fixture_text(name_or_text) if name_or_text.endswith(".atom") else name_or_text
    with pytest.raises(NotThisFormat) as caught:
        read_arxiv_atom(text)
    assert why in str(caught.value) and "\n" not in str(caught.value)


def test_an_rss_listing_feed_is_read_like_the_atom_one() -> None:
    new, cross = read_arxiv_atom(fixture_text("arxiv_listing.rss")).papers
    assert (new.arxiv_id, new.arxiv_version, new.title) == ("2405.00001", 1, "A Newly Announced Paper")
    assert new.abstract == "An RSS item's abstract, code at https://github.com/example/rss-paper."
    assert new.github == ("https://github.com/example/rss-paper",)
    assert new.authors == ("Ada Lovelace", "Alan Turing") and new.categories == ("cs.CL", "cs.AI")
    assert new.date == new.first_version == "2024-05-02"
    assert (cross.arxiv_id, cross.arxiv_version, cross.first_version) == ("2404.09999", 2, None)
