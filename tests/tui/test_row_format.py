"""How a list row is laid out: exact width, aligned columns, and what gives way when the terminal is narrow."""

from __future__ import annotations

import pytest

from papertui.index.engine import Hit
from papertui.tui.widgets.row_format import CODE_MARK, Columns, RowStyles, format_upvotes, render_row

STYLES = RowStyles()


def hit(title="A Paper About Things", *, tags=(), date="", upvotes=None, code=False, triage="unseen") -> Hit:
    return Hit(
        id="x",
        score=0.0,
        title=title,
        github="https://github.com/a/b" if code else None,
        has_code=code,
        date=date,
        upvotes=upvotes,
        authors_count=None,
        tags=tuple(tags),
        triage=triage,
    )


@pytest.mark.parametrize("width", [20, 40, 78, 120, 200])
def test_a_row_is_exactly_as_wide_as_the_list(width):
    row = render_row(hit("x" * 300, tags=("a", "b"), date="2024-01-02", upvotes=12, code=True), width, STYLES)
    assert row.cell_len == width


def test_the_code_mark_sits_at_the_right_edge_in_every_row():
    rows = [
        render_row(hit("Short", code=True, date="2024-01-02", upvotes=3), 100, STYLES).plain,
        render_row(hit("A much longer title for a paper", code=True), 100, STYLES).plain,
        render_row(hit("Tagged", code=True, tags=("reading",)), 100, STYLES).plain,
    ]
    assert {r.rindex(CODE_MARK) for r in rows} == {100 - len(CODE_MARK)}


def test_dates_line_up_and_a_row_without_one_gives_its_title_the_room():
    dated = render_row(hit("Dated", date="2024-01-02", upvotes=5), 100, STYLES, columns=Columns()).plain
    other = render_row(hit("Other", date="Sep 26", upvotes=None), 100, STYLES, columns=Columns()).plain
    assert dated.index("2024-01-02") + 10 == other.index("Sep 26") + 6
    long_title = "T" * 95
    undated = render_row(hit(long_title), 100, STYLES, columns=Columns()).plain
    with_date = render_row(hit(long_title, date="2024-01-02"), 100, STYLES, columns=Columns()).plain
    assert undated.count("T") > with_date.count("T")


def test_marks_show_selection_and_triage_state():
    assert render_row(hit(triage="kept"), 40, STYLES, selected=True).plain.startswith("▶✓ ")
    assert render_row(hit(triage="skipped"), 40, STYLES).plain.startswith(" – ")
    assert render_row(hit(), 40, STYLES).plain.startswith(" • ")


def test_tags_are_shown_and_shortened_before_the_title_is_squeezed():
    wide = render_row(hit("Title", tags=("reading", "robots")), 120, STYLES).plain
    assert "#reading #robots" in wide
    narrow = render_row(hit("Title " * 10, tags=("a-very-long-tag-name", "another-long-tag")), 60, STYLES).plain
    assert "#a-very" in narrow and "…" in narrow
    assert narrow.count("Title") >= 3


def test_matched_terms_are_styled_in_the_title():
    row = render_row(hit("Diffusion Models"), 60, STYLES, spans=[(0, 9)])
    styled = [row.plain[s.start : s.end] for s in row.spans if s.style == STYLES.match]
    assert styled == ["Diffusion"]


def test_upvotes_are_compact():
    assert format_upvotes(None) == ""
    assert format_upvotes(42) == "▲42"
    assert format_upvotes(12_345) == "▲12k"


@pytest.mark.parametrize("width", [20, 78, 120])
def test_a_watched_row_starts_its_title_with_the_mark_and_keeps_its_width(width):
    from papertui.tui.widgets.row_format import WATCH_MARK

    paper = hit("Mamba Meets Tiny Robots " * 8, tags=("a",), date="2024-01-02", upvotes=12, code=True)
    row = render_row(paper, width, STYLES, watched=True)
    assert row.cell_len == width
    assert row.plain[3:].startswith(f"{WATCH_MARK} Mamba")
    assert WATCH_MARK not in render_row(paper, width, STYLES).plain
