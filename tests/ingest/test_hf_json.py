"""Hugging Face papers JSON: the daily-papers list, one /api/papers/ID object, a list of bare papers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from structured_fixtures import fixture_text

from papertui.ingest.hf_json import read_hf_json
from papertui.ingest.structured import NotThisFormat


def test_a_daily_papers_list_yields_every_paper_with_its_fields() -> None:
    result = read_hf_json(fixture_text("hf_daily.json"))
    assert result.reader == "hf-json"
    first, second = result.papers
    assert first.title == "Sparse Mixtures of Tiny Experts"  # the paper's own title, line break normalised
    assert first.abstract.startswith("We route tokens to tiny experts. Code is at")
    assert first.arxiv_id == "2412.01234" and first.arxiv_version is None
    assert first.authors == ("Ada Lovelace", "Alan Turing") and first.authors_count == 2
    assert first.date == first.first_version == "2024-12-02"
    assert first.upvotes == 42
    assert first.reader == "hf-json"
    # githubRepo is the paper's repository: first, before a repository its abstract mentions.
    assert first.github == ("https://github.com/Example/sparse-moe", "https://github.com/example/tiny-experts")
    assert first.links == ("https://example.github.io/sparse-moe",)
    assert second.github == () and second.links == ()  # null optional keys read as absent


def test_an_entry_without_a_title_is_skipped_with_a_warning() -> None:
    result = read_hf_json(fixture_text("hf_daily.json"))
    assert result.skipped == 1
    assert result.warnings == ("item 3: not a paper with a title; skipped",)


def test_a_single_paper_object_and_a_list_of_bare_papers_are_read() -> None:
    (one,) = read_hf_json(fixture_text("hf_paper.json")).papers
    assert (one.title, one.arxiv_id, one.authors, one.upvotes) == (
        "One Paper Object",
        "2401.00042",
        ("Jörg Müller",),
        5,
    )
    bare = read_hf_json(fixture_text("hf_bare_list.json")).papers
    assert [p.arxiv_id for p in bare] == ["2401.00043", "2401.00044"]
    assert bare[0].authors == () and bare[0].authors_count is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"name": "not a paper"}', "JSON without paper objects"),
        ("[1, 2, 3]", "JSON without paper objects"),
        ('[{"title": "x"', "not valid JSON (line 1"),
        (json.dumps([{"id": "abc", "title": "An export row", "abstract": "no summary key"}]), "without paper"),
    ],
)
def test_json_that_is_not_papers_json_is_refused_in_one_line(text: str, why: str) -> None:
    with pytest.raises(NotThisFormat) as caught:
        read_hf_json(text)
    assert why in str(caught.value) and "\n" not in str(caught.value)
