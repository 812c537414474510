"""The real Hugging Face page dumps in ../shared/seeds import as expected (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.ingest.hf_page import PageParse, parse_hf_page
from papertui.ingest.text import read_text_file


def read(seeds_dir: Path, name: str) -> tuple[str, PageParse]:
    text = read_text_file(seeds_dir / name)
    return text, parse_hf_page(text)


def with_code(result: PageParse) -> int:
    return sum(1 for p in result.papers if p.github)


def assert_no_heading_became_a_paper(text: str, result: PageParse) -> None:
    lines = [line.strip() for line in text.splitlines()]
    first = result.papers[0].title
    top = next(i for i, line in enumerate(lines) if line.endswith(first))
    heading = {line for line in lines[:top] if line}
    assert heading, "the page starts with heading lines"
    titles = {p.title for p in result.papers}
    assert not heading & titles
    for paper in result.papers:
        assert not paper.title.startswith(("Subscribe", "Get trending", "Daily Papers", "byAK")), paper.title
        assert paper.abstract, f"every seed paper has an abstract: {paper.title}"
        assert len(paper.abstract) > len(paper.title)


def assert_titles_are_page_lines(text: str, result: PageParse) -> None:
    lines = {line.strip() for line in text.splitlines()}
    for paper in result.papers:
        glued = "Subscribe" + paper.title
        assert paper.title in lines or glued in lines, paper.title


def test_search_page_a(seeds_dir: Path) -> None:
    text, result = read(seeds_dir, "hf-papers-search-a.txt")
    assert result.layout == "A"
    assert len(result.papers) == 304
    assert with_code(result) == 81  # 80 plus the repaired "https: // github. com/ Maunil/ LsrGAN"
    assert any("https://github.com/Maunil/LsrGAN" in p.github for p in result.papers)
    assert_no_heading_became_a_paper(text, result)
    assert_titles_are_page_lines(text, result)
    assert result.skipped_lines == 0 and result.warnings == ()


def test_daily_page_b(seeds_dir: Path) -> None:
    text, result = read(seeds_dir, "hf-daily-papers-b.txt")
    assert result.layout == "B"
    assert len(result.papers) == 19
    assert all(p.authors_count is not None and p.authors_count > 0 for p in result.papers)
    assert all(p.date or p.date_text for p in result.papers)
    assert sum(1 for p in result.papers if p.upvotes is not None) == 6
    # The page date is the date line of the header, before the first paper.
    assert result.page_date is not None
    header = text.split(result.papers[0].title)[0]
    assert result.page_date in [line.strip() for line in header.splitlines()]
    assert all(p.page_date == result.page_date for p in result.papers)
    # A date without a year stays as shown; with a year it becomes ISO.
    for paper in result.papers:
        assert (paper.date is None) == (paper.date_text is not None)
        assert paper.date is None or paper.date[:2] in ("19", "20")
    assert_no_heading_became_a_paper(text, result)
    assert_titles_are_page_lines(text, result)
    assert result.skipped_lines == 0 and result.warnings == ()


def test_search_page_c(seeds_dir: Path) -> None:
    text, result = read(seeds_dir, "hf-papers-search-c.txt")
    assert result.layout == "A"
    assert len(result.papers) == 258
    assert 52 <= with_code(result) <= 54
    assert_no_heading_became_a_paper(text, result)
    assert_titles_are_page_lines(text, result)


@pytest.mark.parametrize("name", ["hf-papers-search-a.txt", "hf-daily-papers-b.txt", "hf-papers-search-c.txt"])
def test_every_github_mention_with_a_path_yields_a_repository(seeds_dir: Path, name: str) -> None:
    _, result = read(seeds_dir, name)
    for paper in result.papers:
        if "github.com/" in paper.abstract.replace(" ", "").lower():
            assert paper.github, paper.title
        for repo in paper.github:
            assert repo.startswith("https://github.com/") and repo.count("/") == 4
