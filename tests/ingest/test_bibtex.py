"""BibTeX through bibtexparser: LaTeX decoded, names turned round, arXiv ids found, broken entries skipped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from structured_fixtures import fixture_text

from papertui.ingest.bibtex import read_bibtex
from papertui.ingest.structured import NotThisFormat


def test_a_zotero_entry_is_decoded_and_its_arxiv_fields_read() -> None:
    paper = read_bibtex(fixture_text("zotero.bib")).papers[0]
    assert paper.title == "Sparse Mixtures of Tiny Experts by Jörg and François"
    assert paper.authors == ("Jörg Müller", "François Chollet", "Barnes and Noble")  # "others" dropped
    assert (paper.arxiv_id, paper.arxiv_version) == ("2412.01234", 2)
    assert paper.categories == ("cs.CL",)
    assert paper.doi == "10.48550/arXiv.2412.01234"
    assert (paper.date, paper.date_text) == ("2024-12-01", "Dec 2024")
    assert paper.abstract == "We route tokens to tiny experts. Code: https://github.com/example/sparse-moe."
    assert paper.github == ("https://github.com/example/sparse-moe",)
    assert "http://arxiv.org/abs/2412.01234" in paper.links
    assert paper.reader == "bibtex"


def test_a_dblp_entry_reads_eprinttype_and_a_year_alone() -> None:
    paper = read_bibtex(fixture_text("zotero.bib")).papers[1]
    assert paper.title == "Compilers for Everyone"
    assert paper.authors == ("Grace Hopper", "Alan Turing")
    assert paper.arxiv_id == "2412.05678"
    assert (paper.date, paper.date_text) == ("2024-01-01", "2024")
    assert paper.journal_ref == "Proceedings of Examples"


def test_broken_and_unknown_entries_are_skipped_with_their_line_and_the_rest_imports() -> None:
    result = read_bibtex(fixture_text("zotero.bib"))
    assert [p.title for p in result.papers] == [
        "Sparse Mixtures of Tiny Experts by Jörg and François",
        "Compilers for Everyone",
        "Hand-Written & Plain",
    ]
    assert result.skipped == 2
    assert result.warnings == (
        "line 31: a broken BibTeX entry ('@article{broken_entry,'); skipped",
        "line 35: unknown entry type @patent{some_patent, ...}; skipped",
    )


def test_a_hand_written_entry_with_a_numeric_month_and_no_eprint() -> None:
    paper = read_bibtex(fixture_text("zotero.bib")).papers[2]
    assert paper.authors == ("Edsger W. Dijkstra",) and paper.arxiv_id is None
    assert (paper.date, paper.date_text) == ("1968-03-01", "Mar 1968")
    assert paper.links == ("https://example.org/goto",)


def test_bibtexparser_prints_nothing_of_its_own(capfd) -> None:
    read_bibtex(fixture_text("zotero.bib"))
    out, err = capfd.readouterr()
    assert out == err == ""


@pytest.mark.parametrize("text", ["% only a comment\n", "@string{x = {y}}\n", "plain words"])
def test_text_without_an_entry_is_refused(text: str) -> None:
    with pytest.raises(NotThisFormat, match="no BibTeX entry"):
        read_bibtex(text)
