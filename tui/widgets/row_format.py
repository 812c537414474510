"""How one paper row of the list looks: pure functions from a Hit to a Rich Text of an exact width.

Kept apart from the list widget so the layout rules (what is dropped first when the terminal is narrow) can be
read and tested without a running app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from rich.style import Style
from rich.text import Text

from papertui.index.records import Hit

TRIAGE_GLYPHS = {"unseen": "•", "kept": "✓", "skipped": "–"}
CODE_MARK = "</>"
SELECT_MARK = "▶"
WATCH_MARK = "◆"
"""Before the title of a paper the watch list matches."""


@dataclass(frozen=True)
class RowStyles:
    """Rich styles resolved from the widget's component classes (so rows follow the theme)."""

    base: Style = field(default_factory=Style)
    title: Style = field(default_factory=Style)
    match: Style = field(default_factory=lambda: Style(bold=True, underline=True))
    code: Style = field(default_factory=Style)
    tag: Style = field(default_factory=Style)
    meta: Style = field(default_factory=Style)
    unseen: Style = field(default_factory=Style)
    kept: Style = field(default_factory=Style)
    skipped: Style = field(default_factory=Style)
    selected: Style = field(default_factory=Style)
    watched: Style = field(default_factory=lambda: Style(bold=True))
    placeholder: Style = field(default_factory=lambda: Style(dim=True))


def row_styles(base: Style, component_style: Callable[[str], Style]) -> RowStyles:
    """The styles of the list's component classes ("paper-list--match", ...), foreground and attributes only:
    the full style resolves alpha colours ($text-muted) against the background, and a row's background must stay
    the row's (cursor or not)."""
    found = {}
    for part in fields(RowStyles):
        if part.name not in ("base", "title"):
            full = component_style(f"paper-list--{part.name}")
            found[part.name] = Style(
                color=full.color, bold=full.bold, italic=full.italic, underline=full.underline, dim=full.dim
            )
    return RowStyles(base=base, title=Style(), **found)


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
    watched: bool = False,
) -> Text:
    """One row, exactly `width` cells: marks, title (ellipsised), tags, date, upvotes, code mark.

    The code mark sits at the right edge, date and upvotes in columns just before it (the same in every
    row). When space is short the right-hand parts give way in this order: upvotes, date, tags; the title
    keeps about half the row. A watched paper's title starts with WATCH_MARK.
    """
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(SELECT_MARK if selected else " ", styles.selected)
    triage_style = {"kept": styles.kept, "skipped": styles.skipped}.get(hit.triage, styles.unseen)
    text.append(TRIAGE_GLYPHS.get(hit.triage, "•"), triage_style)
    text.append(" ")
    lead = text.cell_len
    budget = max(0, width - lead - max(12, (width - lead) // 2))

    show_date = columns.date and len(CODE_MARK) + DATE_WIDTH + 2 <= budget
    show_votes = columns.votes and len(CODE_MARK) + DATE_WIDTH + VOTES_WIDTH + 3 <= budget
    date = hit.date[:DATE_WIDTH] if show_date else ""
    votes = format_upvotes(hit.upvotes) if show_votes else ""
    # Date and votes line up from row to row; a row with neither lets its title run into their place.
    meta = ""
    if date or votes:
        meta = (" " + date.rjust(DATE_WIDTH) if show_date else "") + (
            " " + votes.rjust(VOTES_WIDTH) if show_votes else ""
        )
    code = f" {CODE_MARK}" if hit.has_code else " " * (len(CODE_MARK) + 1)

    right = Text(no_wrap=True, end="")
    tags = " ".join(f"#{t}" for t in hit.tags)
    room_for_tags = budget - len(meta) - len(code) - 1
    if tags and room_for_tags >= 6:
        if len(tags) > room_for_tags:
            tags = tags[: room_for_tags - 1] + "…"
        right.append(" ")
        right.append(tags, styles.tag)
    right.append(meta, styles.meta)
    right.append(code, styles.code)

    if watched:
        text.append(f"{WATCH_MARK} ", styles.watched)
    title_width = max(0, width - text.cell_len - right.cell_len)
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
