"""The built-in demo library (papertui/demo_data) parses cleanly and shows what the importer can do."""

from __future__ import annotations

from pathlib import Path

import pytest

import papertui
from papertui.ingest.hf_page import PageParse, parse_hf_page
from papertui.ingest.text import read_text_file

DEMO = Path(papertui.__file__).resolve().parent / "demo_data"


def demo_pages() -> dict[str, PageParse]:
    files = sorted(DEMO.glob("*.txt"))
    assert 2 <= len(files) <= 3
    return {f.name: parse_hf_page(read_text_file(f)) for f in files}


def all_papers() -> list:
    return [p for page in demo_pages().values() for p in page.papers]


def test_demo_pages_parse_without_warnings_or_skipped_lines() -> None:
    for name, page in demo_pages().items():
        assert page.papers, name
        assert page.warnings == () and page.skipped_lines == 0, name


def test_demo_pages_cover_both_layouts() -> None:
    layouts = sorted(page.layout for page in demo_pages().values())
    assert "A" in layouts and "B" in layouts


def test_demo_library_has_40_to_60_distinct_papers_with_real_abstracts() -> None:
    papers = all_papers()
    assert 40 <= len(papers) <= 60
    assert len({p.key for p in papers}) == len(papers)
    for paper in papers:
        assert 80 <= len(paper.abstract.split()) <= 200, paper.title


def test_about_forty_percent_of_demo_papers_have_code() -> None:
    papers = all_papers()
    share = sum(1 for p in papers if p.github) / len(papers)
    assert 0.3 <= share <= 0.5


def test_demo_shows_link_features() -> None:
    papers = all_papers()
    assert any(len(p.github) == 2 for p in papers), "a paper with two repositories"
    assert any(p.links for p in papers), "project pages"
    assert any(not p.title.isascii() for p in papers), "non-ASCII titles"
    broken = [p for p in papers if "github. com/" in p.abstract or "github.com/ " in p.abstract]
    assert broken and all(p.github for p in broken), "a link broken by a space, repaired"


def test_demo_daily_page_shows_the_metadata_variants() -> None:
    daily = [page for page in demo_pages().values() if page.layout == "B"]
    assert daily
    papers = daily[0].papers
    assert daily[0].page_date
    assert any(p.date for p in papers) and any(p.date_text for p in papers)
    assert any(p.upvotes is not None for p in papers) and any(p.upvotes is None for p in papers)
    assert any(p.authors_count is None for p in papers) and any(p.authors_count for p in papers)


@pytest.mark.parametrize("name", [p.name for p in sorted(DEMO.glob("*.txt"))])
def test_demo_files_are_utf8_text(name: str) -> None:
    (DEMO / name).read_bytes().decode("utf-8")
