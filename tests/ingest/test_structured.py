"""The helpers every structured reader shares: arXiv ids, whitespace, dates."""

from __future__ import annotations

import pytest

from papertui.ingest.structured import clean, iso_date, split_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2301.00001", ("2301.00001", None)),
        ("2301.00001v3", ("2301.00001", 3)),
        ("0704.0001", ("0704.0001", None)),
        ("arXiv:2301.12345v2", ("2301.12345", 2)),
        ("http://arxiv.org/abs/2404.01234v2", ("2404.01234", 2)),
        ("https://arxiv.org/pdf/2404.01234v1.pdf", ("2404.01234", 1)),
        ("oai:arXiv.org:2405.00001v1", ("2405.00001", 1)),
        ("cs/9912001", ("cs/9912001", None)),
        ("http://arxiv.org/abs/hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("math.GT/0309136", ("math.GT/0309136", None)),
        ("12301.00001", (None, None)),
        ("https://example.org/abc/1234567", (None, None)),
        ("urn:example:crane-1", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_arxiv_ids_are_split_from_their_version(text: str | None, expected: tuple[str | None, int | None]) -> None:
    assert split_arxiv_id(text) == expected


def test_clean_joins_wrapped_lines_and_normalises() -> None:
    assert clean("Calculation of prompt\n  diphoton production ") == "Calculation of prompt diphoton production"
    assert clean("ﬁne\u00a0print\x1b[2J") == "fine print[2J"  # NFKC ligature and space; the ESC is dropped
    assert clean(None) == clean(42) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-02T18:59:59.000Z", "2024-12-02"),
        ("2024-02-30", None),
        ("2024-02-29", "2024-02-29"),
        ("2024-13-01", None),
        ("May", None),
    ],
)
def test_iso_dates(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected
