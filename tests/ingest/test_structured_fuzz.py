"""Random and cut-short structured input never breaks the readers: a result, or a one-line PapertuiError."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.errors import PapertuiError
from papertui.ingest.choose import read_structured

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STRUCTURED = Path(__file__).resolve().parent / "fixtures" / "structured"
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(STRUCTURED.iterdir())]

# JSON values of any shape under the keys the readers look at, so odd types reach every branch.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
KEYS = [
    "id",
    "title",
    "summary",
    "abstract",
    "authors",
    "paper",
    "publishedAt",
    "upvotes",
    "githubRepo",
    "projectPage",
    "categories",
    "versions",
    "authors_parsed",
    "comments",
    "doi",
    "journal-ref",
    "update_date",
]


def _read(text: str) -> None:
    try:
        read_structured(text, "fuzz")
    except PapertuiError as exc:
        assert "\n" not in str(exc)


@FAST
@given(st.sampled_from(SAMPLES), st.integers(min_value=0), st.integers(min_value=0, max_value=40))
def test_cut_or_damaged_fixtures_are_read_or_refused(sample: str, cut: int, damage: int) -> None:
    at = cut % (len(sample) + 1)
    _read(sample[:at] + '}]>\\{@"'[: damage % 8] + sample[at + damage :])


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=8), min_size=1, max_size=4))
def test_json_records_of_any_shape_are_read_or_refused(records: list[dict[str, object]]) -> None:
    _read(json.dumps(records))  # HF JSON (a list)
    _read("\n".join(json.dumps(r) for r in records))  # JSON Lines: the snapshot when its first record says so
    _read(json.dumps({"paper": records[0], **records[-1]}))  # a daily-papers entry alone


@FAST
@given(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=8), st.text(max_size=20))
def test_paper_objects_with_odd_values_under_any_key_are_read_or_refused(extra: dict[str, object], title: str) -> None:
    paper = {"title": title, "summary": "An abstract.", **extra}
    _read(json.dumps([{"paper": paper}, paper]))
    _read(json.dumps({"id": "2301.00001", "abstract": "A.", "categories": "cs.CL", "title": title, **extra}))


@FAST
@given(st.text(max_size=200))
def test_text_after_a_format_opening_is_read_or_refused(tail: str) -> None:
    for head in ("[", "{", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "@article{k,", "<rss>"):
        _read(head + tail)
