"""How one paper row of the list looks: pure functions from a Hit to a Rich Text of an exact width.

Kept apart from the list widget so the layout rules (what is dropped first when the terminal is narrow) can be
read and tested without a running app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from papertui.index.engine import Hit
from rich.style import Style
from rich.text import Text

TRIAGE_GLYPHS = {"unseen": "•", "kept": "✓", "skipped": "–"}
CODE_MARK = "</>"
SELECT_MARK = "▶"


@dataclass(frozen=True)
class RowStyles:
    """Rich styles resolved from the widget's component classes (so rows follow the theme)."""

    base: Style = Style()
    title: Style = Style()
    match: Style = Style(bold=True, underline=True)
    code: Style = Style()
    tag: Style = Style()
    meta: Style = Style()
    unseen: Style = Style()
    kept: Style = Style()
    skipped: Style = Style()
    selected: Style = Style()
    placeholder: Style = Style(dim=True)


def format_upvotes(upvotes: int | None) -> str:
    if upvotes is None:
        return ""
    if upvotes >= 10_000:
        return f"▲{upvotes // 1000}k"
    return f"▲{upvotes}"


def _stylize_terms(text: Text, title: str, spans: Sequence[tuple[int, int]], style: Style) -> None:
    for s, e in spans:
        if 0 <= s < e <= len(title):
            text.stylize(style, s, e)


@dataclass(frozen=True)
class Columns:
    """Which right-hand columns the whole list shows, so they line up from row to row."""

    date: bool = True
    votes: bool = True

    @classmethod
    def for_hits(cls, hits: Sequence[Hit]) -> Columns:
        return cls(date=any(h.date for h in hits), votes=any(h.upvotes is not None for h in hits))


DATE_WIDTH = 10
VOTES_WIDTH = 5


def render_row(
    hit: Hit,
    width: int,
    styles: RowStyles,
    *,
    selected: bool = False,
    spans: Sequence[tuple[int, int]] = (),
    columns: Columns = Columns(),
) -> Text:
    """One row, exactly `width` cells: marks, title (ellipsised), tags, code mark, date, upvotes.

    The code mark, date and upvotes sit in fixed columns (the same in every row). When space is short the
    right-hand parts give way in this order: upvotes, date, tags; the title keeps about half the row.
    """
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(SELECT_MARK if selected else " ", styles.selected)
    triage_style = {"kept": styles.kept, "skipped": styles.skipped}.get(hit.triage, styles.unseen)
    text.append(TRIAGE_GLYPHS.get(hit.triage, "•"), triage_style)
    text.append(" ")
    lead = text.cell_len
    budget = max(0, width - lead - max(12, (width - lead) // 2))

    fixed = [len(CODE_MARK) + 1]
    if columns.date and sum(fixed) + DATE_WIDTH + 1 <= budget:
        fixed.append(DATE_WIDTH + 1)
    if columns.votes and len(fixed) == 2 and sum(fixed) + VOTES_WIDTH + 1 <= budget:
        fixed.append(VOTES_WIDTH + 1)

    right = Text(no_wrap=True, end="")
    tags = " ".join(f"#{t}" for t in hit.tags)
    room_for_tags = budget - sum(fixed) - 1
    if tags and room_for_tags >= 6:
        if len(tags) > room_for_tags:
            tags = tags[: room_for_tags - 1] + "…"
        right.append(" ")
        right.append(tags, styles.tag)
    right.append(f" {CODE_MARK}" if hit.has_code else " " * (len(CODE_MARK) + 1), styles.code)
    if len(fixed) > 1:
        right.append(" " + hit.date[:DATE_WIDTH].rjust(DATE_WIDTH), styles.meta)
    if len(fixed) > 2:
        right.append(" " + format_upvotes(hit.upvotes).rjust(VOTES_WIDTH), styles.meta)

    title_width = max(0, width - lead - right.cell_len)
    title = Text(hit.title, style=styles.title, no_wrap=True, overflow="ellipsis", end="")
    _stylize_terms(title, hit.title, spans, styles.match)
    title.truncate(title_width, overflow="ellipsis", pad=True)
    text.append_text(title)
    text.append_text(right)
    text.truncate(width, overflow="ellipsis", pad=True)
    text.stylize_before(styles.base)
    return text


def placeholder_row(width: int, styles: RowStyles) -> Text:
    """Shown for a row whose data is still being read from the library (only ever for a moment)."""
    text = Text("   …", style=styles.placeholder, no_wrap=True, end="")
    text.truncate(width, pad=True)
    return text
